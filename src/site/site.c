/* site.c - --site DIR: the folder checked before the run, then the
 * report's page, the record, the index and the feed, each written
 * whole through the lockfile helper. */
#include "site/site.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	char *p = ld_xmalloc(n + strlen(name) + 2);
	sprintf(p, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
	return p;
}

/* DIR made when missing (the umask decides its mode, as mkdir(1)). */
static ld_status make_dir(const char *dir, ld_err *err)
{
	struct stat sb;
	if (stat(dir, &sb) && (errno != ENOENT || mkdir(dir, 0777)) && errno != EEXIST) {
		ld_err_set(err, LD_E_OUTPUT, "--site %s: cannot make the folder: %s; give a folder whose parent exists",
			   dir, strerror(errno));
		return LD_E_OUTPUT;
	}
	if (stat(dir, &sb) || !S_ISDIR(sb.st_mode)) {
		ld_err_set(err, LD_E_OUTPUT, "--site %s: not a folder (%s); give a folder",
			   dir, errno ? strerror(errno) : ld_file_kind(sb.st_mode));
		return LD_E_OUTPUT;
	}
	return LD_OK;
}

/* Can a file be made in DIR?  A temporary is begun and abandoned (the
 * lockfile helper's own way in, so the answer is its answer, also for
 * root on a read-only mount). */
static ld_status check_writable(const char *dir, ld_err *err)
{
	char *path = join(dir, LD_SITE_RECORD);
	ld_lockfile lk;
	ld_status st = LD_OK;
	if (ld_lockfile_begin(&lk, path)) {
		ld_lockfile_err(&lk, err, LD_E_OUTPUT, "", path, "give --site a folder you can write");
		st = LD_E_OUTPUT;
	}
	ld_lockfile_rollback(&lk);
	free(path);
	return st;
}

/* One run at a time in DIR (site.h): an flock on the folder itself,
 * released when the process ends, however it ends. */
static ld_status lock_dir(ld_site *s, ld_err *err)
{
	s->lock_fd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->lock_fd < 0) {
		ld_err_set(err, LD_E_OUTPUT, "--site %s: cannot open the folder: %s", s->dir, strerror(errno));
		return LD_E_OUTPUT;
	}
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB)) {
		int busy = errno == EWOULDBLOCK;
		ld_err_set(err, LD_E_OUTPUT, "--site %s: %s%s", s->dir,
			   busy ? "another listdigest is writing this folder" : strerror(errno),
			   busy ? "; run again when it is done" : "");
		return LD_E_OUTPUT;
	}
	return LD_OK;
}

ld_status ld_site_open(ld_site *s, const char *dir, int64_t now, ld_err *err)
{
	memset(s, 0, sizeof(*s));
	s->lock_fd = -1;
	s->dir = ld_xstrdup(dir);
	errno = 0;
	ld_status st = make_dir(dir, err);
	if (!st)
		st = lock_dir(s, err);
	if (st)
		return st;
	char *path = join(dir, LD_SITE_RECORD);
	st = ld_site_record_load(s, path, now, err);
	free(path);
	return st ? st : check_writable(dir, err);
}

void ld_site_release(ld_site *s)
{
	for (size_t i = 0; i < s->n; i++)
		ld_site_entry_release(&s->e[i]);
	free(s->e);
	free(s->dir);
	if (s->lock_fd > 0)
		close(s->lock_fd);   /* and with it the flock (0: a zeroed, unopened ld_site) */
	memset(s, 0, sizeof(*s));
}

typedef int (*page_fn)(const void *ctx, const ld_render_opts *o, FILE *f);

/* DIR/name written whole by fn, or not at all. */
static ld_status write_page(const ld_site *s, const char *name, page_fn fn, const void *ctx,
			    const ld_render_opts *o, ld_err *err)
{
	char *path = join(s->dir, name);
	ld_lockfile lk;
	FILE *f = NULL;
	int failed = ld_lockfile_begin(&lk, path) || !(f = ld_lockfile_stream(&lk));
	if (!failed && fn(ctx, o, f)) {
		/* the write itself: said as the lockfile helper says its steps */
		lk.step = "writing it";
		lk.errnum = errno;
		failed = 1;
	}
	if (!failed)
		failed = ld_lockfile_commit(&lk) != 0;
	if (failed)
		ld_lockfile_err(&lk, err, LD_E_OUTPUT, "", path, "check --site DIR and the space left");
	ld_lockfile_rollback(&lk);
	free(path);
	return failed ? LD_E_OUTPUT : LD_OK;
}

/* The HTML report, with one line more: a link back to the index at its
 * top (ld_render_opts.home), so that a reader who came from the feed
 * finds the other days. */
static int page_report(const void *ctx, const ld_render_opts *o, FILE *f)
{
	ld_render_opts day = *o;
	day.home = "index.html";
	return ld_render_html(ctx, &day, f);
}

static int page_record(const void *ctx, const ld_render_opts *o, FILE *f)
{
	return ld_site_record_write(ctx, f);
}

static int page_index(const void *ctx, const ld_render_opts *o, FILE *f)
{
	return ld_site_index(ctx, f);
}

static int page_feed(const void *ctx, const ld_render_opts *o, FILE *f)
{
	return ld_site_feed(ctx, f);
}

/* s for the record as a reader sees it (ld_esc_text: terminal control
 * sequences, controls and invisible characters dropped), tab and
 * newline (the record's separators) made spaces, at most max bytes, cut
 * at a character's start. */
static char *record_text(const char *s, size_t max)
{
	char *t = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&t, &n);
	if (!m)
		ld_nomem();
	ld_esc_text(m, s);
	if (fclose(m))
		ld_nomem();
	if (n > max) {
		n = max;
		while (n && ((unsigned char)t[n] & 0xc0) == 0x80)
			n--;
		t[n] = '\0';
	}
	for (char *p = t; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return t;
}

/* The report's line of the record: its day is the end of its period. */
static void make_entry(ld_site_entry *e, const ld_report *r, const ld_render_opts *o)
{
	char day[32];
	ld_fmt_utc(day, r->until ? r->until - 1 : o->now, LD_UTC_DAY);
	memcpy(e->day, day, 11);
	e->updated = o->now;
	e->messages = r->n_messages;
	e->postings = r->n_postings;
	e->series = r->n_series;
	e->entries = r->n_entries;
	e->pulls = r->n_pulls;
	e->applied = r->n_applied;
	char *f = ld_render_filters(r);
	ld_buf t = LD_BUF_INIT;
	ld_buf_addf(&t, "%s mailing list update from %s to %s", r->list_name, r->from, r->to);
	if (*f)
		ld_buf_addf(&t, " (only %s)", f);
	free(f);
	e->list = record_text(r->list_name, 256);
	e->title = record_text(t.s, 2048);
	ld_buf_release(&t);
}

ld_status ld_site_write(ld_site *s, const ld_report *r, const ld_render_opts *o, ld_err *err)
{
	ld_site_entry e;
	make_entry(&e, r, o);
	char name[32];
	snprintf(name, sizeof(name), "%s.html", e.day);
	ld_site_record_put(s, &e);
	ld_status st = write_page(s, name, page_report, r, o, err);
	if (!st)
		st = write_page(s, LD_SITE_RECORD, page_record, s, o, err);
	if (!st)
		st = write_page(s, "index.html", page_index, s, o, err);
	if (!st)
		st = write_page(s, "feed.atom", page_feed, s, o, err);
	return st;
}
