/* state.c - the --state file: what earlier runs reported.
 *
 * Format (text, UTF-8, LF; documented in docs/listdigest.1, FILES):
 *
 *   listdigest-state 1
 *   # comment lines and empty lines are ignored
 *   epoch N COMMIT TIME [MESSAGE-ID]
 *
 * One epoch line per epoch already reported: N is the epoch number (N of
 * git/N.git, 0 for a single repository), COMMIT the 40-hex newest commit
 * of that epoch whose messages were reported, TIME the committer time
 * (seconds since 1970, UTC) of the newest message commit reported in it
 * and MESSAGE-ID that message's Message-ID without <> (the rest of the
 * line; absent when unknown).  TIME and MESSAGE-ID re-find the place
 * when a public-inbox-purge or -edit rewrote the history (archive.c).
 *
 * Anything else is an error that names the line: a state file is never
 * silently reset.  The file is written by the lockfile helper
 * (lockfile.h): replaced atomically, so a reader sees the old or the new
 * file whole. */
#include "ld.h"
#include "lockfile.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_MAGIC "listdigest-state 1"

void ld_state_release(ld_state *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->marks[i].message_id);
	free(s->marks);
	s->marks = NULL;
	s->n = 0;
}

const ld_mark *ld_state_find(const ld_state *s, int epoch)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->marks[i].epoch == epoch)
			return &s->marks[i];
	return NULL;
}

void ld_state_set(ld_state *s, const ld_mark *m)
{
	ld_mark *dst = (ld_mark *)ld_state_find(s, m->epoch);
	if (!dst) {
		s->marks = ld_xrealloc(s->marks, (s->n + 1) * sizeof(*s->marks));
		dst = &s->marks[s->n++];
		dst->message_id = NULL;
	}
	free(dst->message_id);
	dst->epoch = m->epoch;
	memcpy(dst->commit, m->commit, sizeof(dst->commit));
	dst->time = m->time;
	dst->message_id = ld_xstrdup(m->message_id ? m->message_id : "");
}

static int parse_uint(const char **p, int64_t max, int64_t *out)
{
	const char *s = *p;
	int64_t v = 0;
	if (!isdigit((unsigned char)*s))
		return -1;
	while (isdigit((unsigned char)*s)) {
		v = v * 10 + (*s++ - '0');
		if (v > max)
			return -1;
	}
	*p = s;
	*out = v;
	return 0;
}

int ld_state_parse(const char *buf, size_t len, ld_state *s, char *why, size_t whysz)
{
	memset(s, 0, sizeof(*s));
	size_t lineno = 0, p = 0;
	int seen_magic = 0;
	while (p < len) {
		const char *nl = memchr(buf + p, '\n', len - p);
		size_t n = nl ? (size_t)(nl - (buf + p)) : len - p;
		char *line = ld_xstrndup(buf + p, n);
		p += n + (nl ? 1 : 0);
		lineno++;
		if (n && line[n - 1] == '\r')
			line[--n] = 0;
		const char *err = NULL;
		if (memchr(line, 0, n)) {
			err = "holds a NUL byte";
		} else if (!seen_magic) {
			if (strcmp(line, STATE_MAGIC))
				err = !strncmp(line, "listdigest-state ", 17)
					? "is a state file of another version (this listdigest reads version 1)"
					: "does not start with '" STATE_MAGIC "'";
			seen_magic = 1;
		} else if (n == 0 || line[0] == '#') {
			/* comment */
		} else if (strncmp(line, "epoch ", 6)) {
			err = "is not an 'epoch N COMMIT TIME [MESSAGE-ID]' line";
		} else {
			const char *q = line + 6;
			int64_t num, t;
			ld_mark m = { 0 };
			if (parse_uint(&q, 1000000, &num) || *q++ != ' ') {
				err = "has a bad epoch number";
			} else {
				size_t k = 0;
				while (k < 40 && isxdigit((unsigned char)q[k]))
					k++;
				if (k != 40 || (q[40] != ' ')) {
					err = "has a bad commit (40 hex digits expected)";
				} else {
					for (size_t i = 0; i < 40; i++)
						m.commit[i] = (char)tolower((unsigned char)q[i]);
					q += 41;
					if (parse_uint(&q, INT64_MAX / 2, &t) || (*q && *q != ' '))
						err = "has a bad time (seconds since 1970 expected)";
				}
			}
			if (!err) {
				m.epoch = (int)num;
				m.time = t;
				while (*q == ' ')
					q++;
				m.message_id = (char *)q;
				if (ld_state_find(s, m.epoch))
					err = "repeats an epoch";
				else
					ld_state_set(s, &m);
			}
		}
		free(line);
		if (err) {
			snprintf(why, whysz, "line %zu %s", lineno, err);
			ld_state_release(s);
			return -1;
		}
	}
	if (!seen_magic) {
		snprintf(why, whysz, "is empty (a state file starts with '" STATE_MAGIC "')");
		return -1;
	}
	return 0;
}

static int cmp_mark(const void *x, const void *y)
{
	const ld_mark *a = x, *b = y;
	return (a->epoch > b->epoch) - (a->epoch < b->epoch);
}

char *ld_state_format(const ld_state *s)
{
	ld_buf b;
	ld_buf_init(&b);
	ld_buf_adds(&b, STATE_MAGIC "\n");
	ld_buf_adds(&b, "# listdigest --state: the newest commit reported in each epoch;\n"
		    "# delete this file to report the whole archive again\n");
	ld_mark *sorted = ld_xcalloc(s->n ? s->n : 1, sizeof(*sorted));
	memcpy(sorted, s->marks, s->n * sizeof(*sorted));
	qsort(sorted, s->n, sizeof(*sorted), cmp_mark);
	for (size_t i = 0; i < s->n; i++) {
		const ld_mark *m = &sorted[i];
		ld_buf_addf(&b, "epoch %d %s %lld", m->epoch, m->commit, (long long)m->time);
		/* a Message-ID is one line (headers come unfolded, controls made spaces) */
		if (m->message_id && *m->message_id && !strpbrk(m->message_id, "\r\n"))
			ld_buf_addf(&b, " %s", m->message_id);
		ld_buf_addc(&b, '\n');
	}
	free(sorted);
	return ld_buf_detach(&b);
}

ld_status ld_state_load(const char *path, ld_state *s, ld_err *err)
{
	memset(s, 0, sizeof(*s));
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		if (errno == ENOENT)
			return LD_OK;   /* first run: every epoch is new */
		ld_err_set(err, LD_E_STATE, "cannot read the state file %s: %s; fix its permissions",
			   path, strerror(errno));
		return LD_E_STATE;
	}
	ld_buf b;
	ld_buf_init(&b);
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			ld_buf_add(&b, chunk, (size_t)n);
	int rerr = n < 0 ? errno : 0;
	close(fd);
	ld_status st = LD_OK;
	char why[256];
	if (rerr) {
		ld_err_set(err, LD_E_STATE, "cannot read the state file %s: %s", path, strerror(rerr));
		st = LD_E_STATE;
	} else if (ld_state_parse(b.s, b.len, s, why, sizeof(why))) {
		ld_err_set(err, LD_E_STATE, "state file %s is corrupt: %s; fix that line, or delete the file to report the whole archive again (add --since to bound that first report)",
			   path, why);
		st = LD_E_STATE;
	}
	ld_buf_release(&b);
	return st;
}

ld_status ld_state_check_writable(const char *path, ld_err *err)
{
	/* the exact test: the temporary the save will make, made and removed
	 * (the folder of a symlink's target, read-only file systems, root) */
	ld_lockfile lk;
	if (ld_lockfile_begin(&lk, path)) {
		ld_lockfile_err(&lk, err, LD_E_STATE, "the state file ", path,
				"choose a writable path for --state");
		return LD_E_STATE;
	}
	ld_lockfile_rollback(&lk);
	return LD_OK;
}

ld_status ld_state_save(const char *path, const ld_state *s, ld_err *err)
{
	char *text = ld_state_format(s);
	size_t len = strlen(text), done = 0;
	ld_lockfile lk;
	ld_status st = LD_OK;
	if (ld_lockfile_begin(&lk, path))
		goto fail;
	while (done < len) {
		ssize_t w = write(lk.fd, text + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			lk.step = NULL;
			lk.errnum = w < 0 ? errno : EIO;
			ld_lockfile_rollback(&lk);
			goto fail;
		}
		done += (size_t)w;
	}
	ld_test_pause("state-tmp");
	if (ld_lockfile_commit(&lk))
		goto fail;
	goto out;
fail:
	ld_lockfile_err(&lk, err, LD_E_STATE, "the state file ", path,
			"the report was written but the state was not updated, so the next run reports the same messages again");
	st = LD_E_STATE;
out:
	free(text);
	return st;
}
