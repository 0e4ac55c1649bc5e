/* people.c - mailmap (gitmailmap(5)) and gitdm domain maps. */
#include "report/report.h"

#include <errno.h>
#include <stdlib.h>
#include <fnmatch.h>
#include <string.h>
#include <strings.h>
#include <time.h>

typedef struct {
	char *commit_name;   /* NULL: any name */
	char *name, *addr;   /* replacements, NULL: keep */
} mm_entry;

typedef struct {
	mm_entry *e;
	size_t n, cap;
} mm_list;

struct ld_mailmap {
	ld_map by_addr;      /* lower-cased commit address -> mm_list */
};

static char *trim_dup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n ? ld_xstrndup(s, n) : NULL;
}

/* Splits "Name <addr> Name2 <addr2>" into up to two (name, addr) pairs. */
static int mm_parse(const char *line, char *name[2], char *addr[2])
{
	int k = 0;
	const char *p = line;
	name[0] = name[1] = addr[0] = addr[1] = NULL;
	while (k < 2) {
		const char *lt = strchr(p, '<');
		if (!lt)
			break;
		const char *gt = strchr(lt, '>');
		if (!gt)
			return -1;
		name[k] = trim_dup(p, (size_t)(lt - p));
		addr[k] = trim_dup(lt + 1, (size_t)(gt - lt - 1));
		if (addr[k])
			ld_ascii_lower(addr[k]);
		p = gt + 1;
		k++;
	}
	return k;
}

ld_mailmap *ld_mailmap_load(const char *path, ld_err *err)
{
	FILE *f = ld_fopen_regular("--mailmap", path, err);
	if (!f) {
		return NULL;
	}
	ld_mailmap *m = ld_xcalloc(1, sizeof(*m));
	ld_map_init(&m->by_addr);
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		char *name[2], *addr[2];
		int k = mm_parse(line, name, addr);
		if (k <= 0) {
			int blank = 1;
			for (char *c = line; *c; c++)
				if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r')
					blank = 0;
			if (!blank || k < 0) {
				ld_err_set(err, LD_E_USAGE, "--mailmap %s:%zu: expected 'Name <addr>' entries as in gitmailmap(5)",
					   path, lineno);
				free(line);
				fclose(f);
				ld_mailmap_free(m);
				return NULL;
			}
			continue;
		}
		/* one address: "Proper Name <commit@addr>"; two: proper, then commit */
		mm_entry e = { NULL, NULL, NULL };
		const char *key;
		if (k == 1) {
			e.name = name[0];
			key = addr[0];
		} else {
			e.name = name[0];
			e.addr = addr[0];
			e.commit_name = name[1];
			key = addr[1];
		}
		if (key) {
			mm_list **slot = (mm_list **)ld_map_slot(&m->by_addr, key);
			if (!*slot)
				*slot = ld_xcalloc(1, sizeof(mm_list));
			LD_VEC_PUSH((*slot)->e, (*slot)->n, (*slot)->cap, e);
		} else {
			free(e.name);
			free(e.addr);
			free(e.commit_name);
		}
		free(addr[1]);
		if (k == 1)
			free(addr[0]);
	}
	free(line);
	fclose(f);
	return m;
}

void ld_mailmap_free(ld_mailmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->by_addr.cap; i++) {
		mm_list *l = m->by_addr.vals[i];
		if (!m->by_addr.keys[i])
			continue;
		for (size_t j = 0; j < l->n; j++) {
			free(l->e[j].commit_name);
			free(l->e[j].name);
			free(l->e[j].addr);
		}
		free(l->e);
		free(l);
	}
	ld_map_release(&m->by_addr);
	free(m);
}

void ld_mailmap_map(const ld_mailmap *m, const char *name, const char *addr,
		    const char **out_name, const char **out_addr)
{
	*out_name = name;
	*out_addr = addr;
	if (!m)
		return;
	char *key = ld_xstrdup(addr);
	ld_ascii_lower(key);
	const mm_list *l = ld_map_get(&m->by_addr, key);
	free(key);
	if (!l)
		return;
	/* an entry naming the commit name wins over one for any name */
	const mm_entry *hit = NULL;
	for (size_t i = 0; i < l->n && !(hit && hit->commit_name); i++) {
		if (l->e[i].commit_name) {
			if (!strcasecmp(l->e[i].commit_name, name))
				hit = &l->e[i];
		} else if (!hit) {
			hit = &l->e[i];
		}
	}
	if (!hit)
		return;
	if (hit->name)
		*out_name = hit->name;
	if (hit->addr)
		*out_addr = hit->addr;
}

/* ---- organizations ---- */

typedef struct {
	char *org;
	int64_t until;       /* 0: no end */
} org_entry;

typedef struct {
	org_entry *e;
	size_t n, cap;
} org_list;

struct ld_orgmap {
	ld_map by_key;       /* lower-cased domain or address -> org_list */
};

static int64_t parse_day(const char *s)
{
	int y, mo, d, end = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &end) != 3 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	for (s += end; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return -1;
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	return (int64_t)timegm(&tm);
}

ld_orgmap *ld_orgmap_load(const char *path, ld_err *err)
{
	FILE *f = ld_fopen_regular("--orgs", path, err);
	if (!f) {
		return NULL;
	}
	ld_orgmap *m = ld_xcalloc(1, sizeof(*m));
	ld_map_init(&m->by_key);
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '\n' || *p == '\r')
			continue;
		char *k = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		char *key = ld_xstrndup(k, (size_t)(p - k));
		ld_ascii_lower(key);
		char *lt = strrchr(p, '<');
		int64_t until = 0;
		size_t orglen = strlen(p);
		if (lt) {
			char *d = lt + 1;
			while (*d == ' ')
				d++;
			until = parse_day(d);
			if (until < 0) {
				ld_err_set(err, LD_E_USAGE, "--orgs %s:%zu: bad end date after '<' (want YYYY-MM-DD)", path, lineno);
				free(key);
				goto fail;
			}
			orglen = (size_t)(lt - p);
		}
		char *org = trim_dup(p, orglen);
		if (org)
			for (char *c = org; *c; c++)
				if (*c == '\n' || *c == '\r')
					*c = 0;
		if (!org || !*org || (key[0] == '@' && !key[1])) {
			ld_err_set(err, LD_E_USAGE, "--orgs %s:%zu: expected 'domain Organization [< YYYY-MM-DD]'", path, lineno);
			free(org);
			free(key);
			goto fail;
		}
		org_list **slot = (org_list **)ld_map_slot(&m->by_key, key[0] == '@' ? key + 1 : key);
		if (!*slot)
			*slot = ld_xcalloc(1, sizeof(org_list));
		org_entry e = { org, until };
		LD_VEC_PUSH((*slot)->e, (*slot)->n, (*slot)->cap, e);
		free(key);
	}
	free(line);
	fclose(f);
	return m;
fail:
	free(line);
	fclose(f);
	ld_orgmap_free(m);
	return NULL;
}

void ld_orgmap_free(ld_orgmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->by_key.cap; i++) {
		org_list *l = m->by_key.vals[i];
		if (!m->by_key.keys[i])
			continue;
		for (size_t j = 0; j < l->n; j++)
			free(l->e[j].org);
		free(l->e);
		free(l);
	}
	ld_map_release(&m->by_key);
	free(m);
}

/* The entry in force at t: the dated one that ends first after t, else
 * the undated one (gitdm). */
static const char *pick(const org_list *l, int64_t t)
{
	const org_entry *best = NULL;
	for (size_t i = 0; i < l->n; i++) {
		const org_entry *e = &l->e[i];
		if (e->until && t >= e->until)
			continue;
		if (!best || (e->until && (!best->until || e->until < best->until)))
			best = e;
	}
	return best ? best->org : NULL;
}

const char *ld_orgmap_lookup(const ld_orgmap *m, const char *addr, int64_t t)
{
	if (!m)
		return NULL;
	char *key = ld_xstrdup(addr);
	ld_ascii_lower(key);
	const char *org = NULL;
	const org_list *l = ld_map_get(&m->by_key, key);
	if (l)
		org = pick(l, t);
	const char *d = strrchr(key, '@');
	for (d = d ? d + 1 : NULL; !org && d && *d;) {
		l = ld_map_get(&m->by_key, d);
		if (l)
			org = pick(l, t);
		d = strchr(d, '.');
		if (d)
			d++;
	}
	free(key);
	return org;
}

/* ---- bots ---- */

/* The bots of the kernel's lists, by address.  Bots that send as a
 * person's address (a regression report signed "kernel test robot" from
 * a developer's mailbox) are not here: add them with --bot. */
const char *const ld_bots_builtin[] = {
	"syzbot@syzkaller.appspotmail.com",
	"syzbot+*@syzkaller.appspotmail.com",   /* one address per bug */
	"lkp@intel.com",                        /* kernel test robot, kbuild test robot */
	"patchwork-bot@kernel.org",
	"patchwork-bot+*@kernel.org",           /* patchwork-bot+netdevbpf@... */
	"pr-tracker-bot@kernel.org",
	"bot@kernelci.org",
	"patchwork@emeril.freedesktop.org",     /* Patchwork CI of freedesktop */
	"ci_notify@linaro.org",                 /* Linaro's TCWG CI */
	"lkft@linaro.org",                      /* Linux Kernel Functional Testing */
	NULL
};

struct ld_botlist {
	char **pat;
	size_t n, cap;
};

ld_botlist *ld_botlist_new(void)
{
	return ld_xcalloc(1, sizeof(ld_botlist));
}

void ld_botlist_free(ld_botlist *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->pat[i]);
	free(l->pat);
	free(l);
}

void ld_botlist_add(ld_botlist *l, const char *pattern)
{
	char *p = ld_xstrdup(pattern);
	ld_ascii_lower(p);
	LD_VEC_PUSH(l->pat, l->n, l->cap, p);
}

ld_status ld_botlist_load(ld_botlist *l, const char *path, ld_err *err)
{
	FILE *f = ld_fopen_regular("--bots", path, err);
	if (!f) {
		return LD_E_USAGE;
	}
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	ld_status st = LD_OK;
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		char *s = line, *e;
		while (*s == ' ' || *s == '\t')
			s++;
		for (e = s; *e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r'; e++)
			;
		char *rest = e;
		while (*rest == ' ' || *rest == '\t' || *rest == '\n' || *rest == '\r')
			rest++;
		if (e == s && !*rest)
			continue;
		if (*rest || !memchr(s, '@', (size_t)(e - s))) {
			ld_err_set(err, LD_E_USAGE, "--bots %s:%zu: expected one address (or pattern such as "
				   "bot+*@example.org) a line", path, lineno);
			st = LD_E_USAGE;
			break;
		}
		*e = 0;
		ld_botlist_add(l, s);
	}
	free(line);
	fclose(f);
	return st;
}

int ld_is_bot(const ld_botlist *l, const char *addr)
{
	if (!*addr)
		return 0;
	char *a = ld_xstrdup(addr);
	ld_ascii_lower(a);
	int hit = 0;
	for (const char *const *p = ld_bots_builtin; *p && !hit; p++)
		hit = !fnmatch(*p, a, 0);
	for (size_t i = 0; l && i < l->n && !hit; i++)
		hit = !fnmatch(l->pat[i], a, 0);
	free(a);
	return hit;
}
