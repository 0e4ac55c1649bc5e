/* report/maintainers.c - the Linux kernel's MAINTAINERS file: its
 * sections, which files each looks after (F: and N:, minus X:, matched as
 * scripts/get_maintainer.pl does: classify/maintpat.c) and who (M:, R:);
 * --subsystem's filter and the people of a series' files.
 * - The format: a line "X:" with X an upper-case letter is a tag of the
 *   open section; any other line that is not blank is a title (the next
 *   section's, or prose before the first) and a blank line ends a
 *   section.  A tag without a title above it is an error (the header's
 *   examples are indented: no tags).
 * - K: (keywords in a patch's content) is left out: it needs the diff's
 *   text, which the report does not keep; sections are chosen by files.
 * - Limits, each one clear error: MAX_FILE bytes, MAX_LINE bytes a line,
 *   no NUL byte, MAX_PATTERN bytes a pattern, MAX_NREGEX N: lines.  An
 *   N: line that is no usable regex (ld_maint_n_regex) is an error only
 *   for the --subsystem it belongs to; elsewhere it matches nothing.
 * - Speed: each F: pattern is indexed under its literal folder
 *   ("drivers/net/" of "drivers/net/wan/z85*"), so a file is tried
 *   against the patterns of its own folders only. */
#include "report/report.h"
#include "classify/classify.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
	MAX_FILE = 64 << 20,     /* the kernel's is under 1 MB */
	MAX_LINE = 64 << 10,
	MAX_PATTERN = 1024,
	MAX_NREGEX = 10000,
	MAX_PATH = 4096,         /* PATH_MAX: a longer path matches nothing */
	MAX_CANDIDATES = 8,      /* names an ambiguous --subsystem lists */
};

typedef struct {
	const char *pat;
	int depth;
} mpat;

typedef struct {
	regex_t re;
	size_t sec;             /* the section of the N: line */
} mregex;

typedef struct {
	const char *title;
	unsigned line;
	const char **who; unsigned char *reviewer; size_t n_who, cap_who;
	mpat *f; size_t n_f, cap_f;
	mpat *x; size_t n_x, cap_x;
	size_t *n; size_t n_n, cap_n;      /* indexes into regs */
	unsigned bad_n;                    /* line of an N: not usable, 0 */
} msec;

/* One F: pattern in the folder index: section s, pattern k of its f[]. */
typedef struct {
	size_t s, k;
} fref;

typedef struct {
	fref *v;
	size_t n, cap;
} frefs;

struct ld_maintainers {
	ld_arena *arena;
	char *path;
	msec *secs; size_t n_secs, cap_secs;
	mregex *regs; size_t n_regs, cap_regs;
	ld_map by_dir;          /* literal folder of a pattern -> frefs */
};

struct ld_subsystem {
	const ld_maintainers *m;
	char *title;
	size_t *secs; size_t n_secs;   /* sections of that title */
};

/* ---- the file ------------------------------------------------------- */

static msec *open_section(ld_maintainers *m, const char *title, unsigned line)
{
	msec s;
	memset(&s, 0, sizeof(s));
	s.title = title;
	s.line = line;
	LD_VEC_PUSH(m->secs, m->n_secs, m->cap_secs, s);
	return &m->secs[m->n_secs - 1];
}

static void trim_end(char *s, size_t *n)
{
	while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t' || s[*n - 1] == '\r' || s[*n - 1] == '\n'))
		s[--*n] = 0;
}

static void index_pattern(ld_maintainers *m, size_t s, size_t k)
{
	const char *pat = m->secs[s].f[k].pat;
	char *key = ld_xstrndup(pat, ld_maint_literal_dir(pat));
	frefs **slot = (frefs **)ld_map_slot(&m->by_dir, key);
	free(key);
	if (!*slot)
		*slot = ld_xcalloc(1, sizeof(frefs));
	fref r = { s, k };
	LD_VEC_PUSH((*slot)->v, (*slot)->n, (*slot)->cap, r);
}

/* One tag line of section s: 0, or -1 with err. */
static int add_tag(ld_maintainers *m, msec *s, char tag, const char *v, unsigned line, ld_err *err)
{
	if (tag == 'M' || tag == 'R') {
		if (!*v)
			return 0;
		unsigned char rev = tag == 'R';
		LD_VEC_PUSH(s->who, s->n_who, s->cap_who, ld_arena_strdup(m->arena, v));
		s->reviewer = ld_xrealloc(s->reviewer, s->cap_who);
		s->reviewer[s->n_who - 1] = rev;
	} else if (tag == 'F' || tag == 'X') {
		if (!*v)
			return 0;
		if (strlen(v) > MAX_PATTERN) {
			ld_err_set(err, LD_E_USAGE, "--maintainers %s:%u: a %c: pattern of %zu bytes; a pattern is a path of at most %d",
				   m->path, line, tag, strlen(v), MAX_PATTERN);
			return -1;
		}
		mpat p = { ld_arena_strdup(m->arena, v), ld_maint_pattern_depth(v) };
		if (tag == 'F')
			LD_VEC_PUSH(s->f, s->n_f, s->cap_f, p);
		else
			LD_VEC_PUSH(s->x, s->n_x, s->cap_x, p);
	} else if (tag == 'N' && *v) {
		if (m->n_regs >= MAX_NREGEX) {
			ld_err_set(err, LD_E_USAGE, "--maintainers %s:%u: more than %d N: lines; is it a MAINTAINERS file?",
				   m->path, line, MAX_NREGEX);
			return -1;
		}
		char *re = ld_maint_n_regex(v);
		mregex r = { .sec = (size_t)(s - m->secs) };
		if (!re || regcomp(&r.re, re, REG_EXTENDED | REG_NOSUB)) {
			if (!s->bad_n)
				s->bad_n = line;
		} else {
			LD_VEC_PUSH(m->regs, m->n_regs, m->cap_regs, r);
			LD_VEC_PUSH(s->n, s->n_n, s->cap_n, m->n_regs - 1);
		}
		free(re);
	}
	return 0;
}

/* The lines of f into m: 0, or -1 with err. */
static int read_sections(ld_maintainers *m, FILE *f, ld_err *err)
{
	char *line = NULL, *title = NULL;
	size_t cap = 0, total = 0;
	unsigned no = 0, title_line = 0;
	msec *cur = NULL;
	ssize_t n;
	int rc = 0;
	while (!rc && (n = getline(&line, &cap, f)) >= 0) {
		no++;
		total += (size_t)n;
		size_t len = (size_t)n;
		if (total > MAX_FILE || len > MAX_LINE || memchr(line, 0, len)) {
			ld_err_set(err, LD_E_USAGE, total > MAX_FILE ? "--maintainers %s: larger than %d MiB; is it a MAINTAINERS file?"
				   : len > MAX_LINE ? "--maintainers %s:%u: a line of more than 64 KiB; is it a MAINTAINERS file?"
				   : "--maintainers %s:%u: a NUL byte; a MAINTAINERS file is text", m->path,
				   total > MAX_FILE ? MAX_FILE >> 20 : no);
			rc = -1;
			break;
		}
		trim_end(line, &len);
		const char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p) {
			cur = NULL;
			title = NULL;
		} else if (line[0] >= 'A' && line[0] <= 'Z' && line[1] == ':') {
			if (!cur && !title) {
				ld_err_set(err, LD_E_USAGE, "--maintainers %s:%u: a '%c:' line without a section title above it; a section starts with its title line",
					   m->path, no, line[0]);
				rc = -1;
				break;
			}
			if (!cur)
				cur = open_section(m, title, title_line);
			const char *v = line + 2;
			while (*v == ' ' || *v == '\t')
				v++;
			rc = add_tag(m, cur, line[0], v, no, err);
		} else {
			/* a title (or prose before the first section) */
			cur = NULL;
			title = ld_arena_strdup(m->arena, line);
			title_line = no;
		}
	}
	free(line);
	if (!rc && ferror(f)) {
		ld_err_set(err, LD_E_USAGE, "--maintainers %s: read error", m->path);
		rc = -1;
	}
	if (!rc && !m->n_secs) {
		ld_err_set(err, LD_E_USAGE, "--maintainers %s: no section (a title line, then M:, R:, F: lines); is it a MAINTAINERS file?",
			   m->path);
		rc = -1;
	}
	return rc;
}

ld_maintainers *ld_maintainers_load(const char *path, ld_err *err)
{
	FILE *f = ld_fopen_regular("--maintainers", path, err);
	if (!f)
		return NULL;
	ld_maintainers *m = ld_xcalloc(1, sizeof(*m));
	m->arena = ld_arena_new();
	m->path = ld_arena_strdup(m->arena, path);
	ld_map_init(&m->by_dir);
	int rc = read_sections(m, f, err);
	fclose(f);
	if (rc) {
		ld_maintainers_free(m);
		return NULL;
	}
	for (size_t s = 0; s < m->n_secs; s++)
		for (size_t k = 0; k < m->secs[s].n_f; k++)
			index_pattern(m, s, k);
	return m;
}

void ld_maintainers_free(ld_maintainers *m)
{
	if (!m)
		return;
	for (size_t s = 0; s < m->n_secs; s++) {
		msec *x = &m->secs[s];
		free(x->who);
		free(x->reviewer);
		free(x->f);
		free(x->x);
		free(x->n);
	}
	free(m->secs);
	for (size_t i = 0; i < m->n_regs; i++)
		regfree(&m->regs[i].re);
	free(m->regs);
	for (size_t i = 0; i < m->by_dir.cap; i++)
		if (m->by_dir.keys[i]) {
			frefs *r = m->by_dir.vals[i];
			free(r->v);
			free(r);
		}
	ld_map_release(&m->by_dir);
	ld_arena_free(m->arena);
	free(m);
}

size_t ld_maintainers_count(const ld_maintainers *m)
{
	return m->n_secs;
}

/* ---- matching --------------------------------------------------------- */

static int excluded(const msec *s, const char *path)
{
	for (size_t i = 0; i < s->n_x; i++)
		if (ld_maint_pattern_match(s->x[i].pat, path))
			return 1;
	return 0;
}

static int n_match(const ld_maintainers *m, const msec *s, const char *path)
{
	for (size_t i = 0; i < s->n_n; i++)
		if (!regexec(&m->regs[s->n[i]].re, path, 0, NULL, 0))
			return 1;
	return 0;
}

/* How specifically section s takes path: its best depth, or INT_MIN
 * when it does not (X: wins).  A diffstat's shortened ".../tail" and
 * paths over MAX_PATH name no file: never matched. */
#define NO_MATCH (-1000)
static int section_depth(const ld_maintainers *m, const msec *s, const char *path)
{
	if (!strncmp(path, ".../", 4) || strlen(path) > MAX_PATH || excluded(s, path))
		return NO_MATCH;
	int best = NO_MATCH;
	for (size_t i = 0; i < s->n_f; i++)
		if (s->f[i].depth > best && ld_maint_pattern_match(s->f[i].pat, path))
			best = s->f[i].depth;
	if (best < 0 && n_match(m, s, path))
		best = 0;
	return best;
}

/* ---- --subsystem ---------------------------------------------------- */

/* The sections titled t (exactly). */
static void take_title(ld_subsystem *sub, const ld_maintainers *m, const char *t)
{
	sub->title = ld_xstrdup(t);
	sub->secs = ld_xcalloc(m->n_secs, sizeof(size_t));
	for (size_t i = 0; i < m->n_secs; i++)
		if (!strcmp(m->secs[i].title, t))
			sub->secs[sub->n_secs++] = i;
}

/* The distinct titles of the sections keep(i) says, up to max into v (of
 * room max); returns how many distinct titles there are. */
static size_t titles(const ld_maintainers *m, const char *name, int exact_case, const char **v, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < m->n_secs; i++) {
		const char *t = m->secs[i].title;
		if (exact_case ? strcasecmp(t, name) : !strcasestr(t, name))
			continue;
		int seen = 0;
		for (size_t k = 0; k < n && k < max && !seen; k++)
			seen = !strcmp(v[k], t);
		if (seen)
			continue;
		if (n < max)
			v[n] = t;
		n++;
	}
	return n;
}

static void list_candidates(ld_buf *b, const char *const *v, size_t shown, size_t n)
{
	for (size_t i = 0; i < shown; i++)
		ld_buf_addf(b, "%s'%.80s'", i ? ", " : "", v[i]);
	if (n > shown)
		ld_buf_addf(b, " and %zu more", n - shown);
}

/* Is the subsystem usable: files to match, and every N: line usable? */
static int sub_usable(const ld_subsystem *sub, ld_err *err)
{
	const ld_maintainers *m = sub->m;
	size_t pats = 0;
	for (size_t i = 0; i < sub->n_secs; i++) {
		const msec *s = &m->secs[sub->secs[i]];
		if (s->bad_n) {
			ld_err_set(err, LD_E_USAGE, "--maintainers %s:%u: the N: line of '%.200s' is no regular expression listdigest can use (POSIX extended; no back-reference, no repeat of a repeat, at most 256 bytes); rewrite it or leave it out",
				   m->path, s->bad_n, sub->title);
			return 0;
		}
		pats += s->n_f + s->n_n;
	}
	if (!pats) {
		ld_err_set(err, LD_E_USAGE, "--subsystem '%.200s': the section (%s:%u) has no F: or N: line: it would keep no patch",
			   sub->title, m->path, m->secs[sub->secs[0]].line);
		return 0;
	}
	return 1;
}

ld_subsystem *ld_subsystem_find(const ld_maintainers *m, const char *name, ld_err *err)
{
	const char *v[MAX_CANDIDATES];
	size_t n = 0;
	const char *pick = NULL;
	for (size_t i = 0; i < m->n_secs && !pick; i++)
		if (!strcmp(m->secs[i].title, name))
			pick = m->secs[i].title;
	if (!pick && *name) {
		n = titles(m, name, 1, v, MAX_CANDIDATES);
		if (!n)
			n = titles(m, name, 0, v, MAX_CANDIDATES);
		if (n == 1)
			pick = v[0];
	}
	if (!pick) {
		ld_buf b = LD_BUF_INIT;
		if (n)
			list_candidates(&b, v, n < MAX_CANDIDATES ? n : MAX_CANDIDATES, n);
		if (n)
			ld_err_set(err, LD_E_USAGE, "--subsystem '%.100s': %zu sections of %s match: %s; give more of the title",
				   name, n, m->path, b.s);
		else
			ld_err_set(err, LD_E_USAGE, "--subsystem '%.100s': no section of %s is titled so or holds it in its title (any case)",
				   name, m->path);
		ld_buf_release(&b);
		return NULL;
	}
	ld_subsystem *sub = ld_xcalloc(1, sizeof(*sub));
	sub->m = m;
	take_title(sub, m, pick);
	if (!sub_usable(sub, err)) {
		ld_subsystem_free(sub);
		return NULL;
	}
	return sub;
}

void ld_subsystem_free(ld_subsystem *s)
{
	if (!s)
		return;
	free(s->title);
	free(s->secs);
	free(s);
}

const char *ld_subsystem_title(const ld_subsystem *s)
{
	return s->title;
}

int ld_subsystem_touches(const ld_subsystem *sub, const char *path)
{
	for (size_t i = 0; i < sub->n_secs; i++)
		if (section_depth(sub->m, &sub->m->secs[sub->secs[i]], path) != NO_MATCH)
			return 1;
	return 0;
}

/* ---- who looks after files ---------------------------------------- */

typedef struct {
	size_t s;
	int depth;            /* best over the files */
	unsigned files;       /* files it takes */
} whit;

typedef struct {
	whit *v; size_t n, cap;
	size_t *at;           /* per section: 1 + its index in v, 0 none */
	size_t *last;         /* per section: 1 + the last file counted */
} who_acc;

/* Section s takes file f (index fi) at depth d (its best for f), unless
 * an X: of it says no. */
static void who_take(who_acc *a, const ld_maintainers *m, size_t s, int d, const char *f, size_t fi)
{
	if (a->last[s] == fi + 1 || excluded(&m->secs[s], f))
		return;
	a->last[s] = fi + 1;
	if (!a->at[s]) {
		whit h = { s, d, 0 };
		LD_VEC_PUSH(a->v, a->n, a->cap, h);
		a->at[s] = a->n;
	}
	whit *h = &a->v[a->at[s] - 1];
	h->files++;
	if (d > h->depth)
		h->depth = d;
}

/* The sections file f takes part in, with their depth for it. */
static void who_file(who_acc *a, const ld_maintainers *m, const char *f, size_t fi)
{
	size_t len = strlen(f);
	if (!strncmp(f, ".../", 4) || len > MAX_PATH)
		return;
	char key[MAX_PATH + 1];
	int *best = NULL;
	size_t *secs = NULL, n = 0, cap = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i && f[i - 1] != '/')
			continue;
		memcpy(key, f, i);
		key[i] = 0;
		const frefs *r = ld_map_get(&m->by_dir, key);
		for (size_t j = 0; r && j < r->n; j++) {
			const mpat *p = &m->secs[r->v[j].s].f[r->v[j].k];
			if (ld_maint_pattern_match(p->pat, f)) {
				LD_VEC_PUSH(secs, n, cap, r->v[j].s);
				best = ld_xrealloc(best, cap * sizeof(int));
				best[n - 1] = p->depth;
			}
		}
	}
	for (size_t i = 0; i < m->n_regs; i++)
		if (!regexec(&m->regs[i].re, f, 0, NULL, 0)) {
			LD_VEC_PUSH(secs, n, cap, m->regs[i].sec);
			best = ld_xrealloc(best, cap * sizeof(int));
			best[n - 1] = 0;
		}
	/* the best depth of each section for this file, then take it once */
	for (size_t i = 0; i < n; i++) {
		int d = best[i];
		for (size_t k = 0; k < n; k++)
			if (secs[k] == secs[i] && best[k] > d)
				d = best[k];
		who_take(a, m, secs[i], d, f, fi);
	}
	free(secs);
	free(best);
}

static int whit_cmp(const void *x, const void *y)
{
	const whit *a = x, *b = y;
	if (a->depth != b->depth)
		return a->depth > b->depth ? -1 : 1;
	if (a->files != b->files)
		return a->files > b->files ? -1 : 1;
	return a->s < b->s ? -1 : a->s > b->s;
}

/* The address of "Name <addr>" (else all of it), lower-cased: whom two
 * entries name alike. */
static char *who_key(const char *who)
{
	const char *lt = strrchr(who, '<');
	char *k = lt ? ld_xstrndup(lt + 1, strcspn(lt + 1, ">")) : ld_xstrdup(who);
	ld_ascii_lower(k);
	return k;
}

static void who_people(ld_maint_who *out, const ld_maintainers *m, const whit *v, size_t n,
		       size_t max_people)
{
	ld_map seen;
	ld_map_init(&seen);
	size_t cap = 0;
	for (size_t j = 0; j < 2 * n; j++) {
		/* each section's M: lines, then its R: lines */
		const msec *s = &m->secs[v[j / 2].s];
		for (size_t i = 0; i < s->n_who; i++) {
			if (s->reviewer[i] != (j & 1))
				continue;
			char *k = who_key(s->who[i]);
			void **slot = ld_map_slot(&seen, k);
			free(k);
			if (*slot)
				continue;
			*slot = (void *)1;
			out->all_people++;
			if (max_people && out->n_people >= max_people)
				continue;
			ld_maint_person p = { s->who[i], s->title, s->reviewer[i] };
			LD_VEC_PUSH(out->people, out->n_people, cap, p);
		}
	}
	ld_map_release(&seen);
}

void ld_maintainers_who(const ld_maintainers *m, const char *const *files, size_t n_files,
			size_t max_sections, size_t max_people, ld_maint_who *out)
{
	memset(out, 0, sizeof(*out));
	who_acc a = { NULL, 0, 0, ld_xcalloc(m->n_secs, sizeof(size_t)),
		      ld_xcalloc(m->n_secs, sizeof(size_t)) };
	for (size_t i = 0; i < n_files; i++)
		who_file(&a, m, files[i], i);
	if (a.n)
		qsort(a.v, a.n, sizeof(whit), whit_cmp);
	out->all_sections = a.n;
	size_t keep = max_sections && a.n > max_sections ? max_sections : a.n;
	out->sections = ld_xcalloc(keep + 1, sizeof(char *));
	for (size_t i = 0; i < keep; i++)
		out->sections[out->n_sections++] = m->secs[a.v[i].s].title;
	who_people(out, m, a.v, keep, max_people);
	free(a.v);
	free(a.at);
	free(a.last);
}

void ld_maint_who_release(ld_maint_who *w)
{
	free(w->sections);
	free(w->people);
	memset(w, 0, sizeof(*w));
}
