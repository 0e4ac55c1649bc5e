/* index.c - the archive index: every series head (cover letter, first
 * patch, single patch) of the whole archive, so a report can say which
 * earlier version a series replaces, as b4 finds it.
 *
 * It lives in a cache directory, never in the inbox:
 *   --cache-dir DIR, else $LISTDIGEST_CACHE, else $XDG_CACHE_HOME/listdigest,
 *   else ~/.cache/listdigest; one file per inbox, named after the inbox
 *   and a hash of its real path:  <name>-<16 hex>.index
 * The file is text, written whole to a temporary file and renamed:
 *   listdigest-index 1
 *   epoch <N> <40-hex newest indexed commit>
 *   s <epoch> <date> <version> <total> <sender> <message-id> <title>  (tab separated)
 * Each run indexes only the commits after the recorded ones; an epoch
 * whose recorded commit left the history (public-inbox-purge or -edit) is
 * indexed again from its start. */
#include "ld.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define INDEX_MAGIC "listdigest-index 1"

static int mkdir_p(const char *path)
{
	char *p = ld_xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0755) && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, 0755) && errno != EEXIST ? -1 : 0;
	free(p);
	return rc;
}

char *ld_index_path(const char *cache_dir, const char *inbox, const char *name)
{
	ld_buf b;
	ld_buf_init(&b);
	const char *env;
	if (cache_dir)
		ld_buf_adds(&b, cache_dir);
	else if ((env = getenv("LISTDIGEST_CACHE")) && *env)
		ld_buf_adds(&b, env);
	else if ((env = getenv("XDG_CACHE_HOME")) && *env)
		ld_buf_addf(&b, "%s/listdigest", env);
	else if ((env = getenv("HOME")) && *env)
		ld_buf_addf(&b, "%s/.cache/listdigest", env);
	else
		ld_buf_adds(&b, ".listdigest-cache");
	char real[PATH_MAX];
	const char *id = realpath(inbox, real) ? real : inbox;
	ld_buf_addf(&b, "/%s-%016llx.index", name, (unsigned long long)ld_hash(id, strlen(id)));
	return ld_buf_detach(&b);
}

/* Normalized title for matching versions: lower case, single spaces. */
static char *norm_title(const char *t)
{
	ld_buf b;
	ld_buf_init(&b);
	int space = 0;
	for (; *t; t++) {
		if (*t == ' ' || *t == '\t') {
			space = b.len > 0;
			continue;
		}
		if (space)
			ld_buf_addc(&b, ' ');
		space = 0;
		char c = *t;
		ld_buf_addc(&b, (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c);
	}
	return ld_buf_detach(&b);
}

/* Index fields must not hold tabs or newlines. */
static void put_field(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

typedef struct {
	FILE *out;
	int epoch;
} writer;

static void index_msg(void *ctx, ld_msg *m)
{
	writer *w = ctx;
	if (!ld_subject_is_posting(&m->subj) || m->subj.counter > 1 || !*m->message_id)
		return;
	char *title = norm_title(m->subject + m->subj.title);
	char *sender = ld_xstrdup(m->from_addr);
	ld_ascii_lower(sender);
	fprintf(w->out, "s\t%d\t%lld\t%d\t%d\t", w->epoch, (long long)m->date, m->subj.version,
		m->subj.counter < 0 ? 1 : m->subj.total);
	put_field(w->out, sender);
	fputc('\t', w->out);
	put_field(w->out, m->message_id);
	fputc('\t', w->out);
	put_field(w->out, title);
	fputc('\n', w->out);
	free(title);
	free(sender);
}

/* Splits a tab-separated line in place into at most n fields. */
static size_t split(char *line, char **f, size_t n)
{
	size_t k = 0;
	char *nl = strchr(line, '\n');
	if (nl)
		*nl = 0;
	while (k < n) {
		f[k++] = line;
		char *t = strchr(line, '\t');
		if (!t)
			break;
		*t = 0;
		line = t + 1;
	}
	return k;
}

ld_status ld_index_update(ld_archive *a, const char *path, int jobs, ld_err *err)
{
	size_t ne = ld_archive_epoch_count(a);
	char (*done)[41] = ld_xcalloc(ne + 1, 41);
	int *keep = ld_xcalloc(ne + 1, sizeof(int));
	char *line = NULL;
	size_t cap = 0;
	ld_status st = LD_OK;
	FILE *old = fopen(path, "r");
	if (old) {
		if (getline(&line, &cap, old) < 0 || strncmp(line, INDEX_MAGIC, strlen(INDEX_MAGIC))) {
			/* not ours or damaged: build it again */
			fclose(old);
			old = NULL;
		} else {
			long pos = ftell(old);
			char *f[3];
			while (getline(&line, &cap, old) >= 0 && !strncmp(line, "epoch\t", 6)) {
				if (split(line, f, 3) == 3) {
					long e = strtol(f[1], NULL, 10);
					if (e >= 0 && (size_t)e < ne && strlen(f[2]) == 40)
						memcpy(done[e], f[2], 41);
				}
				pos = ftell(old);
			}
			fseek(old, pos, SEEK_SET);
		}
	}

	/* which epochs changed, and which need a new start */
	ld_range *ranges = ld_xcalloc(ne + 1, sizeof(ld_range));
	int changed = !old;
	for (size_t e = 0; e < ne; e++) {
		ld_err e2;
		char head[41];
		if (!ld_archive_epoch_head(a, e, head)) {
			done[e][0] = 0;
			continue;
		}
		keep[e] = done[e][0] != 0;
		if (keep[e] && !strcmp(done[e], head))
			continue;
		changed = 1;
		st = ld_archive_range_epoch(a, e, keep[e] ? done[e] : NULL, &ranges[e], &e2);
		if (st == LD_E_REV) {
			keep[e] = 0;  /* history rewritten: this epoch again */
			st = ld_archive_range_epoch(a, e, NULL, &ranges[e], &e2);
		}
		if (st) {
			*err = e2;
			goto out;
		}
		memcpy(done[e], head, 41);
	}
	if (!changed)
		goto out;

	char *dir = ld_xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = 0;
	if (slash && mkdir_p(dir)) {
		ld_err_set(err, LD_E_OUTPUT, "cannot create the cache directory %s: %s", dir, strerror(errno));
		free(dir);
		st = LD_E_OUTPUT;
		goto out;
	}
	free(dir);
	char *tmp = ld_xmalloc(strlen(path) + 16);
	sprintf(tmp, "%s.tmpXXXXXX", path);
	int fd = mkstemp(tmp);
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!out) {
		ld_err_set(err, LD_E_OUTPUT, "cannot write the archive index %s: %s", path, strerror(errno));
		free(tmp);
		st = LD_E_OUTPUT;
		goto out;
	}
	fprintf(out, "%s\n", INDEX_MAGIC);
	for (size_t e = 0; e < ne; e++)
		if (done[e][0])
			fprintf(out, "epoch\t%zu\t%s\n", e, done[e]);
	if (old) {
		/* the records of the epochs that stay */
		while (getline(&line, &cap, old) >= 0) {
			if (line[0] != 's' || line[1] != '\t')
				continue;
			long e = strtol(line + 2, NULL, 10);
			if (e >= 0 && (size_t)e < ne && keep[e])
				fputs(line, out);
		}
	}
	writer w = { out, 0 };
	for (size_t e = 0; e < ne && !st; e++) {
		if (!ranges[e].n)
			continue;
		w.epoch = (int)e;
		st = ld_run_headers(a, &ranges[e], jobs, index_msg, &w, err);
	}
	int bad = st || fflush(out) || ferror(out) || fsync(fileno(out));
	if (fclose(out))
		bad = 1;
	if (!bad && rename(tmp, path))
		bad = 1;
	if (bad) {
		unlink(tmp);
		if (!st) {
			ld_err_set(err, LD_E_OUTPUT, "cannot write the archive index %s: %s", path, strerror(errno));
			st = LD_E_OUTPUT;
		}
	}
	free(tmp);
out:
	if (old)
		fclose(old);
	for (size_t e = 0; e < ne; e++)
		ld_range_release(&ranges[e]);
	free(ranges);
	free(line);
	free(done);
	free(keep);
	return st;
}

/* Message ids named in lore links of a cover letter ("v2:
 * https://lore.kernel.org/r/<id>", patch.msgid.link/<id>), as b4 follows
 * them to the earlier version. */
static void link_ids(const char *text, void (*fn)(void *, const char *, size_t), void *ctx)
{
	static const char *const hosts[] = {
		"lore.kernel.org/", "patch.msgid.link/", "lkml.kernel.org/r/", "msgid.link/", NULL
	};
	for (const char *const *h = hosts; *h; h++) {
		for (const char *p = strstr(text, *h); p; p = strstr(p + 1, *h)) {
			const char *s = p + strlen(*h);
			/* lore.kernel.org/<list>/<id>/ or lore.kernel.org/r/<id> */
			if (!strcmp(*h, "lore.kernel.org/")) {
				const char *sl = strchr(s, '/');
				if (!sl)
					continue;
				s = sl + 1;
			}
			const char *e = s;
			while (*e && *e != '/' && *e != ' ' && *e != '\n' && *e != '>' && *e != ')' &&
			       *e != ']' && *e != '"')
				e++;
			if (e > s && memchr(s, '@', (size_t)(e - s)))
				fn(ctx, s, (size_t)(e - s));
		}
	}
}

typedef struct {
	ld_report *r;
	ld_map by_key;     /* sender \t title -> list of series + 1 (chained in next[]) */
	ld_map by_link;    /* linked message id -> series + 1 */
	size_t *next;      /* next series with the same key, + 1 */
	size_t cur;
	int *via_link;
} lookup;

static void add_link(void *ctx, const char *id, size_t n)
{
	lookup *l = ctx;
	char *k = ld_xstrndup(id, n);
	/* %40 for '@' in URLs */
	char *pct = strstr(k, "%40");
	if (pct) {
		*pct = '@';
		memmove(pct + 1, pct + 3, strlen(pct + 3) + 1);
	}
	*ld_map_slot(&l->by_link, k) = (void *)(uintptr_t)(l->cur + 1);
	free(k);
}

static void consider(ld_series *s, int version, int64_t date, const char *msgid, int link)
{
	if (version >= s->version || date > s->date)
		return;
	if (!link && s->prev_version && (version < s->prev_version ||
					 (version == s->prev_version && date <= s->prev_date)))
		return;
	s->prev_version = version;
	s->prev_date = date;
	free(s->prev_message_id);
	s->prev_message_id = ld_xstrdup(msgid);
}

void ld_index_supersedes(const char *path, ld_report *r)
{
	FILE *f = fopen(path, "r");
	if (!f || !r->n_series) {
		if (f)
			fclose(f);
		return;
	}
	lookup l;
	memset(&l, 0, sizeof(l));
	l.r = r;
	ld_map_init(&l.by_key);
	ld_map_init(&l.by_link);
	l.next = ld_xcalloc(r->n_series + 1, sizeof(size_t));
	l.via_link = ld_xcalloc(r->n_series + 1, sizeof(int));
	for (size_t s = 0; s < r->n_series; s++) {
		ld_series *se = &r->series[s];
		if (se->version <= 1)
			continue;
		const char *sender = se->sender;
		char *title = norm_title(se->title);
		ld_buf key;
		ld_buf_init(&key);
		ld_buf_addf(&key, "%s\t%s", sender, title);
		void **slot = ld_map_slot(&l.by_key, key.s);
		l.next[s] = (size_t)(uintptr_t)*slot;
		*slot = (void *)(uintptr_t)(s + 1);
		ld_buf_release(&key);
		free(title);
	}
	/* links in cover letters */
	for (size_t i = 0; i < r->n_entries; i++) {
		const ld_entry *e = &r->entries[i];
		if (e->series == LD_NONE || r->series[e->series].version <= 1)
			continue;
		l.cur = e->series;
		link_ids(e->excerpt, add_link, &l);
	}
	char *line = NULL, *fld[8];
	size_t cap = 0;
	while (getline(&line, &cap, f) >= 0) {
		if (line[0] != 's' || split(line, fld, 8) != 8)
			continue;
		int64_t date = strtoll(fld[2], NULL, 10);
		int version = (int)strtol(fld[3], NULL, 10);
		void *v = ld_map_get(&l.by_link, fld[6]);
		if (v) {
			size_t s = (size_t)(uintptr_t)v - 1;
			l.via_link[s] = 1;
			consider(&r->series[s], version, date, fld[6], 1);
		}
		ld_buf key;
		ld_buf_init(&key);
		ld_buf_addf(&key, "%s\t%s", fld[5], fld[7]);
		for (size_t s1 = (size_t)(uintptr_t)ld_map_get(&l.by_key, key.s); s1; s1 = l.next[s1 - 1])
			if (!l.via_link[s1 - 1])
				consider(&r->series[s1 - 1], version, date, fld[6], 0);
		ld_buf_release(&key);
	}
	free(line);
	fclose(f);
	ld_map_release(&l.by_key);
	ld_map_release(&l.by_link);
	free(l.next);
	free(l.via_link);
}
