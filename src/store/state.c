/* state.c - the --state file: what earlier runs reported.
 *
 * Format (text, UTF-8, LF; documented in docs/listdigest.1, STATE FILE):
 *
 *   listdigest-state 2
 *   # comment lines and empty lines are ignored
 *   epoch N COMMIT TIME [MESSAGE-ID]
 *   end COUNT
 *
 * One epoch line per epoch already reported: N is the epoch number (N of
 * git/N.git, 0 for a single repository), COMMIT the 40-hex newest commit
 * of that epoch whose messages were reported, TIME the committer time
 * (seconds since 1970, UTC) of the newest message commit reported in it
 * and MESSAGE-ID that message's Message-ID without <> (the rest of the
 * line; absent when unknown).  TIME and MESSAGE-ID re-find the place
 * when a public-inbox-purge or -edit rewrote the history (source/git_range.c).
 * The last line, "end COUNT" with the number of epoch lines, shows that
 * the file is whole: a file cut anywhere (after its first line, inside
 * its comments, inside or after an epoch line) lacks it, and is refused
 * rather than read as "nothing reported yet", which would report the
 * whole archive again.  Version 1 (no end line) is still read, as
 * whole only when it holds an epoch line and ends with a newline.
 *
 * Version 3 is the state of several inboxes (listdigest INBOX...):
 *
 *   listdigest-state 3
 *   inbox KEY
 *   epoch N COMMIT TIME [MESSAGE-ID]
 *   ...
 *   inbox KEY
 *   ...
 *   end COUNT
 *
 * where each "inbox KEY" line (KEY: the inbox's URL, or the real path of
 * its folder; what the command line makes of it) starts the epochs of
 * that inbox, and COUNT counts the epoch lines of all inboxes.  A run
 * over one inbox writes and reads version 2 as before.
 *
 * Anything else is an error that names the line: a state file is never
 * silently reset.  Limits: STATE_MAX bytes, times from 0 to STATE_TIME_MAX,
 * Message-IDs of at most STATE_ID_MAX bytes that the terminal sanitizer
 * leaves as they are (they are printed in notices and written back).
 * The file is written by the lockfile helper (util/lockfile.c): replaced
 * atomically, so a reader sees the old or the new file whole. */
#include "store/store.h"
#include "classify/classify.h"
#include "mail/mail.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_MAGIC "listdigest-state 2"
#define STATE_MAGIC_V3 "listdigest-state 3"
#define STATE_MAGIC_V1 "listdigest-state 1"
/* A state holds one short line per epoch (lore's largest lists have a few
 * dozen epochs): 1 MiB is thousands of epochs, and bounds what a wrong
 * path (a log, a device) costs before it is refused. */
#define STATE_MAX (1 << 20)
/* 2100-01-01T00:00:00Z: a commit time beyond it is a broken clock or a
 * broken file; as a place to resume from it would skip every message. */
#define STATE_TIME_MAX INT64_C(4102444800)
/* RFC 5322's line limit; a longer Message-ID is not written (the time
 * alone then re-finds the place). */
#define STATE_ID_MAX 998

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

/* A Message-ID the state may hold: at most STATE_ID_MAX bytes, no tab,
 * and nothing that the terminal sanitizer (ld_clean_next: control
 * sequences and characters, invisible and bidi characters, invalid UTF-8)
 * would change, so that what is printed in a notice and written back is
 * what was read.  The same test for reading and for writing: listdigest
 * never writes a state it would refuse. */
static int id_ok(const char *id)
{
	size_t n = strlen(id);
	if (n > STATE_ID_MAX || strchr(id, '\t'))
		return 0;
	return ld_clean_unchanged(id);
}

/* One "epoch N COMMIT TIME [MESSAGE-ID]" line (after "epoch ") into m
 * (message_id pointing into line); NULL, or what is wrong with it. */
static const char *parse_epoch(const char *q, ld_mark *m)
{
	int64_t num, t;
	memset(m, 0, sizeof(*m));
	if (parse_uint(&q, 1000000, &num) || *q++ != ' ')
		return "has a bad epoch number";
	size_t k = 0;
	while (k < 40 && isxdigit((unsigned char)q[k]))
		k++;
	if (k != 40 || q[40] != ' ')
		return "has a bad commit (40 hex digits expected)";
	for (size_t i = 0; i < 40; i++)
		m->commit[i] = (char)tolower((unsigned char)q[i]);
	q += 41;
	if (parse_uint(&q, STATE_TIME_MAX, &t) || (*q && *q != ' '))
		return "has a bad time (seconds since 1970 up to 4102444800, the year 2100, expected)";
	while (*q == ' ')
		q++;
	if (!id_ok(q))
		return "has a bad Message-ID (control characters, escape sequences, invisible characters, invalid UTF-8 or over 998 bytes)";
	m->epoch = (int)num;
	m->time = t;
	m->message_id = (char *)q;
	return NULL;
}

/* What is wrong with the file as a whole, after its last line; NULL when
 * it is whole. */
static const char *check_whole(int version, int ended, size_t epochs, int final_nl)
{
	if (!version)
		return "is empty (a state file starts with '" STATE_MAGIC "')";
	if (version == 2 && !ended)
		return "has no 'end' line: it is truncated";
	if (version == 2 && !final_nl)
		return "is truncated inside its 'end' line";
	if (version == 1 && !epochs)
		return "holds no epoch line: it is truncated (a version-1 state file records at least one epoch)";
	if (version == 1 && !final_nl)
		return "is truncated inside its last line";
	return NULL;
}

/* The parser's place: the version, the inbox whose epochs come, the
 * counts. */
typedef struct {
	ld_states *ss;
	ld_state *cur;          /* NULL before a version 3 file's first inbox */
	int version, ended;
	size_t epochs;
} pstate;

/* A version 3 "inbox KEY" line (after "inbox "): NULL, or what is wrong. */
static const char *parse_inbox(pstate *p, const char *key)
{
	if (!*key || !id_ok(key))
		return "has a bad inbox (empty, control characters, invalid UTF-8 or over 998 bytes)";
	for (size_t i = 0; i < p->ss->n; i++)
		if (!strcmp(p->ss->v[i].key, key))
			return "repeats an inbox";
	ld_states_add(p->ss, key);
	p->cur = &p->ss->v[p->ss->n - 1].st;
	return NULL;
}

/* One line of the file: NULL, or what is wrong with it. */
static const char *parse_line(pstate *p, char *line, size_t n)
{
	ld_mark m;
	int64_t count;
	const char *q = line + 4, *err = NULL;
	if (memchr(line, 0, n))
		return "holds a NUL byte";
	if (p->ended)
		return "comes after the end line";
	if (!p->version) {
		p->version = !strcmp(line, STATE_MAGIC_V3) ? 3 : !strcmp(line, STATE_MAGIC) ? 2
			   : !strcmp(line, STATE_MAGIC_V1) ? 1 : 0;
		if (!p->version)
			return !strncmp(line, "listdigest-state ", 17)
				? "is a state file of another version (this listdigest reads versions 1 to 3)"
				: "does not start with '" STATE_MAGIC "'";
		if (p->version < 3) {
			ld_states_add(p->ss, NULL);
			p->cur = &p->ss->v[0].st;
		}
		return NULL;
	}
	if (n == 0 || line[0] == '#')
		return NULL;   /* comment */
	if (p->version >= 2 && !strncmp(line, "end ", 4)) {
		if (parse_uint(&q, 1000000, &count) || *q)
			err = "is a bad end line ('end COUNT' expected)";
		else if ((size_t)count != p->epochs)
			err = "counts another number of epoch lines: the file is truncated or was edited (fix the count)";
		p->ended = 1;
		return err;
	}
	if (p->version == 3 && !strncmp(line, "inbox ", 6))
		return parse_inbox(p, line + 6);
	if (strncmp(line, "epoch ", 6))
		return p->version == 3 ? "is not an 'inbox KEY', 'epoch N COMMIT TIME [MESSAGE-ID]' or 'end COUNT' line"
		     : p->version == 2 ? "is not an 'epoch N COMMIT TIME [MESSAGE-ID]' or 'end COUNT' line"
				       : "is not an 'epoch N COMMIT TIME [MESSAGE-ID]' line";
	if (!p->cur)
		return "is an epoch line before any 'inbox KEY' line";
	if ((err = parse_epoch(line + 6, &m)))
		return err;
	if (ld_state_find(p->cur, m.epoch))
		return "repeats an epoch";
	ld_state_set(p->cur, &m);
	p->epochs++;
	return NULL;
}

/* The whole text into ss (any version; versions 1 and 2 as one inbox
 * without key): 0, or -1 with why set. */
static int parse_all(const char *buf, size_t len, ld_states *ss, char *why, size_t whysz)
{
	memset(ss, 0, sizeof(*ss));
	pstate p = { ss, NULL, 0, 0, 0 };
	size_t lineno = 0, pos = 0;
	const char *err = NULL;
	while (pos < len && !err) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		char *line = ld_xstrndup(buf + pos, n);
		pos += n + (nl ? 1 : 0);
		lineno++;
		if (n && line[n - 1] == '\r')
			line[--n] = 0;
		err = parse_line(&p, line, n);
		free(line);
	}
	if (err)
		snprintf(why, whysz, "line %zu %s", lineno, err);
	else if ((err = check_whole(p.version == 3 ? 2 : p.version, p.ended, p.epochs,
				    len && buf[len - 1] == '\n')))
		snprintf(why, whysz, "%s", err);
	if (err) {
		ld_states_release(ss);
		return -1;
	}
	ss->version = p.version;
	return 0;
}

int ld_state_parse(const char *buf, size_t len, ld_state *s, char *why, size_t whysz)
{
	ld_states ss;
	memset(s, 0, sizeof(*s));
	if (parse_all(buf, len, &ss, why, whysz))
		return -1;
	if (ss.version == 3) {
		snprintf(why, whysz, "records %zu inboxes (a version 3 file, written by a run over several); give the same inboxes, or another --state file for this one",
			 ss.n);
		ld_states_release(&ss);
		return -1;
	}
	*s = ss.v[0].st;
	memset(&ss.v[0].st, 0, sizeof(ss.v[0].st));
	ld_states_release(&ss);
	return 0;
}

void ld_states_add(ld_states *ss, const char *key)
{
	ss->v = ld_xrealloc(ss->v, (ss->n + 1) * sizeof(*ss->v));
	memset(&ss->v[ss->n], 0, sizeof(*ss->v));
	ss->v[ss->n++].key = key ? ld_xstrdup(key) : NULL;
}

void ld_states_release(ld_states *ss)
{
	for (size_t i = 0; i < ss->n; i++) {
		free(ss->v[i].key);
		ld_state_release(&ss->v[i].st);
	}
	free(ss->v);
	memset(ss, 0, sizeof(*ss));
}

static int cmp_mark(const void *x, const void *y)
{
	const ld_mark *a = x, *b = y;
	return (a->epoch > b->epoch) - (a->epoch < b->epoch);
}

/* The epoch lines of s, in order. */
static void format_marks(ld_buf *b, const ld_state *s)
{
	ld_mark *sorted = ld_xcalloc(s->n ? s->n : 1, sizeof(*sorted));
	memcpy(sorted, s->marks, s->n * sizeof(*sorted));
	qsort(sorted, s->n, sizeof(*sorted), cmp_mark);
	for (size_t i = 0; i < s->n; i++) {
		const ld_mark *m = &sorted[i];
		/* what the reader would refuse is left out: the time and the
		 * Message-ID only help to re-find the place after a rewrite */
		int64_t t = m->time >= 0 && m->time <= STATE_TIME_MAX ? m->time : 0;
		ld_buf_addf(b, "epoch %d %s %lld", m->epoch, m->commit, (long long)t);
		if (m->message_id && *m->message_id && id_ok(m->message_id))
			ld_buf_addf(b, " %s", m->message_id);
		ld_buf_addc(b, '\n');
	}
	free(sorted);
}

char *ld_state_format(const ld_state *s)
{
	ld_buf b;
	ld_buf_init(&b);
	ld_buf_adds(&b, STATE_MAGIC "\n");
	ld_buf_adds(&b, "# listdigest --state: the newest commit reported in each epoch;\n"
		    "# delete this file to report the whole archive again\n");
	format_marks(&b, s);
	ld_buf_addf(&b, "end %zu\n", s->n);
	return ld_buf_detach(&b);
}

char *ld_states_format(const ld_states *ss)
{
	ld_buf b;
	ld_buf_init(&b);
	size_t n = 0;
	ld_buf_adds(&b, STATE_MAGIC_V3 "\n");
	ld_buf_adds(&b, "# listdigest --state over several inboxes: the newest commit reported\n"
		    "# in each epoch of each; delete this file to report them all again\n");
	for (size_t i = 0; i < ss->n; i++) {
		ld_buf_addf(&b, "inbox %s\n", ss->v[i].key ? ss->v[i].key : "");
		format_marks(&b, &ss->v[i].st);
		n += ss->v[i].st.n;
	}
	ld_buf_addf(&b, "end %zu\n", n);
	return ld_buf_detach(&b);
}

/* Reads at most max + 1 bytes of fd into b; 0 or an errno. */
static int read_bounded(int fd, ld_buf *b, size_t max)
{
	char chunk[65536];
	while (b->len <= max) {
		size_t want = max + 1 - b->len < sizeof(chunk) ? max + 1 - b->len : sizeof(chunk);
		ssize_t n = read(fd, chunk, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		if (n == 0)
			break;
		ld_buf_add(b, chunk, (size_t)n);
	}
	return 0;
}

/* The file's state of any version into ss: as ld_state_load says. */
ld_status ld_states_load(const char *path, ld_states *ss, ld_err *err)
{
	memset(ss, 0, sizeof(*ss));
	struct stat sb;
	/* never blocks: a FIFO or a device is refused before any read */
	int fd = ld_open_regular(path, &sb);
	if (fd == -1 && errno == ENOENT)
		return LD_OK;   /* first run: every epoch is new */
	if (fd == -1) {
		ld_err_set(err, LD_E_STATE, "cannot read the state file %s: %s; fix its permissions",
			   path, strerror(errno));
		return LD_E_STATE;
	}
	if (fd == -2) {
		ld_err_set(err, LD_E_STATE, "the state file %s is %s, not a regular file; give --state the path of a regular file (or of one to create)",
			   path, ld_file_kind(sb.st_mode));
		return LD_E_STATE;
	}
	ld_buf b;
	ld_buf_init(&b);
	int rerr = read_bounded(fd, &b, STATE_MAX);
	close(fd);
	ld_status st = LD_OK;
	char why[512];
	if (rerr) {
		ld_err_set(err, LD_E_STATE, "cannot read the state file %s: %s", path, strerror(rerr));
		st = LD_E_STATE;
	} else if (b.len > STATE_MAX) {
		ld_err_set(err, LD_E_STATE, "the state file %s is larger than 1 MiB: not a state file; check the path given to --state",
			   path);
		st = LD_E_STATE;
	} else if (parse_all(b.s, b.len, ss, why, sizeof(why))) {
		ld_err_set(err, LD_E_STATE, "state file %s is corrupt: %s; fix it (listdigest(1), STATE FILE), or delete the file to report the whole archive again (add --since to bound that first report)",
			   path, why);
		st = LD_E_STATE;
	}
	ld_buf_release(&b);
	return st;
}

ld_status ld_state_load(const char *path, ld_state *s, ld_err *err)
{
	ld_states ss;
	memset(s, 0, sizeof(*s));
	ld_status st = ld_states_load(path, &ss, err);
	if (st || !ss.n)
		return st;
	if (ss.version == 3) {
		ld_buf k;
		ld_buf_init(&k);
		for (size_t i = 0; i < ss.n; i++)
			ld_buf_addf(&k, "%s%s", i ? ", " : "", ss.v[i].key);
		ld_err_set(err, LD_E_STATE, "the state file %s records the inboxes %s (written by a run over several); give them all, or another --state file for this inbox",
			   path, k.s);
		ld_buf_release(&k);
		ld_states_release(&ss);
		return LD_E_STATE;
	}
	*s = ss.v[0].st;
	memset(&ss.v[0].st, 0, sizeof(ss.v[0].st));
	ld_states_release(&ss);
	return LD_OK;
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

/* Atomically replaces path by text (freed). */
static ld_status save_text(const char *path, char *text, ld_err *err)
{
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

ld_status ld_state_save(const char *path, const ld_state *s, ld_err *err)
{
	return save_text(path, ld_state_format(s), err);
}

ld_status ld_states_save(const char *path, const ld_states *ss, ld_err *err)
{
	return save_text(path, ld_states_format(ss), err);
}
