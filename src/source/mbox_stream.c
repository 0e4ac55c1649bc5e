/* mbox_stream.c - an mbox read from a descriptor that cannot be mapped
 * (--mbox -: standard input, a pipe from b4 or lei), split while it
 * streams in.
 *
 * The split is mbox.c's rule (the top of that file), applied line by
 * line, so a stream and the same bytes in a file give the same messages:
 * a message starts at a From_ line (ld_mbox_from_line) that follows an
 * empty line, the empty line before it is the writer's, the last message
 * loses one trailing empty line, >From lines are unquoted when read.
 *
 * Memory: the whole input is needed (a series' parts may come in any
 * order), so the messages are kept in one growing buffer; but a message
 * over the size limit (--max-message-size) is not kept: once its text
 * passes the limit its bytes are dropped as they arrive and only its size
 * is counted, so it costs at most one line (a line that may be a From_
 * line, i.e. one after an empty line, is held whole to be checked; any
 * other line of a dropped message is not held at all).  Running out of
 * memory ends the run with exit 7 (ld_xrealloc), as anywhere else. */
#include "source/archive.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK ((size_t)1 << 16)

typedef struct {
	ld_mbox_stream *s;
	size_t limit;
	int started;            /* the first From_ line was seen */
	ld_mbox_msg cur;        /* the message being read */
	uint64_t clen;          /* its text so far, dropped bytes included */
	size_t blank_len;       /* length of the previous line when it was
	                           empty ("\n" 1, "\r\n" 2), else 0 */
	size_t line;            /* offset of the current line in s->buf */
	int line_cut;           /* bytes of the current line were dropped */
	char tail[4];           /* the last bytes of the message's text */
	size_t ntail;
} stream_t;

static void tail_push(stream_t *t, const char *p, size_t n)
{
	for (size_t i = n > 4 ? n - 4 : 0; i < n; i++) {
		if (t->ntail == 4)
			memmove(t->tail, t->tail + 1, 3);
		else
			t->ntail++;
		t->tail[t->ntail - 1] = p[i];
	}
}

static void msg_begin(stream_t *t, size_t from, size_t start)
{
	memset(&t->cur, 0, sizeof(t->cur));
	t->cur.from = from;
	t->cur.start = start;
	t->clen = 0;
	t->blank_len = 0;
	t->ntail = 0;
}

static void msg_end(stream_t *t, uint64_t len)
{
	ld_mbox_stream *s = t->s;
	t->cur.len = len;
	if (len > t->limit)
		t->cur.dropped = 1;   /* held to the end, its last line over */
	LD_VEC_PUSH(s->msgs, s->n, s->cap_msgs, t->cur);
}

/* One line of n bytes at s->buf + t->line (its '\n' included, if any). */
static void on_line(stream_t *t, size_t n)
{
	ld_mbox_stream *s = t->s;
	const char *p = s->buf + t->line;
	size_t content = n && p[n - 1] == '\n' ? n - 1 : n;
	if (content && p[content - 1] == '\r')
		content--;
	if (!t->started) {
		t->started = 1;
		msg_begin(t, t->line, t->line + n);
		return;
	}
	if (t->blank_len && !t->line_cut && ld_mbox_from_line(p, content)) {
		msg_end(t, t->clen - t->blank_len);
		msg_begin(t, t->line, t->line + n);
		return;
	}
	if (!t->cur.dropped && ld_mbox_quoted_line(p, content))
		t->cur.quoted = 1;
	t->clen += n;
	tail_push(t, p, n);
	t->blank_len = content == 0 && !t->line_cut ? n : 0;
	/* over the limit even without the empty line (1 or 2 bytes) that may
	 * turn out to be the writer's separator */
	if (t->clen > 2 && t->clen - 2 > t->limit)
		t->cur.dropped = 1;
	if (t->cur.dropped)
		s->len = t->cur.start;   /* keep the From_ line only */
}

/* The lines complete in s->buf from t->line on; then, in a dropped
 * message, the start of a line that cannot be a From_ line is dropped. */
static void on_bytes(stream_t *t)
{
	ld_mbox_stream *s = t->s;
	for (;;) {
		const char *nl = memchr(s->buf + t->line, '\n', s->len - t->line);
		if (!nl)
			break;
		size_t n = (size_t)(nl - (s->buf + t->line)) + 1;
		size_t next = t->line + n;
		size_t had = s->len;
		on_line(t, n);
		t->line_cut = 0;
		if (s->len != had) {     /* the dropped message's line went */
			size_t at = s->len;
			memmove(s->buf + at, s->buf + next, had - next);
			s->len = at + (had - next);
			t->line = at;
		} else {
			t->line = next;
		}
	}
	size_t part = s->len - t->line;
	if (t->started && t->cur.dropped && !t->blank_len && part > 2) {
		t->clen += part;
		tail_push(t, s->buf + t->line, part);
		t->line_cut = 1;
		s->len = t->line;
	}
}

static void reserve(ld_mbox_stream *s, size_t more)
{
	if (s->len + more + 1 > s->cap) {
		size_t want = s->len + more + 1;
		s->cap = want > 2 * s->cap ? want : 2 * s->cap;
		s->buf = ld_xrealloc(s->buf, s->cap);
	}
}

static ld_status not_mbox(ld_mbox_stream *s, const char *name, ld_err *err)
{
	ld_err_set(err, LD_E_INBOX, "%s: not an mbox (it does not begin with a 'From ' line); --mbox reads mboxo and mboxrd",
		   name);
	ld_mbox_stream_release(s);
	return LD_E_INBOX;
}

ld_status ld_mbox_stream_read(int fd, const char *name, size_t limit, ld_mbox_stream *s,
			      ld_err *err)
{
	memset(s, 0, sizeof(*s));
	stream_t t;
	memset(&t, 0, sizeof(t));
	t.s = s;
	t.limit = limit;
	for (;;) {
		reserve(s, CHUNK);
		ssize_t k = read(fd, s->buf + s->len, CHUNK);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			ld_err_set(err, LD_E_INBOX, "%s: %s", name, strerror(errno));
			ld_mbox_stream_release(s);
			return LD_E_INBOX;
		}
		if (k == 0)
			break;
		s->len += (size_t)k;
		if (!t.started && s->len >= 5 && memcmp(s->buf, "From ", 5))
			return not_mbox(s, name, err);
		on_bytes(&t);
	}
	if (!t.started && s->len && (s->len < 5 || memcmp(s->buf, "From ", 5)))
		return not_mbox(s, name, err);
	if (s->len > t.line)
		on_line(&t, s->len - t.line);   /* the last line, without newline */
	if (t.started) {
		/* the last message: one trailing empty line dropped (mbox.c) */
		uint64_t len = t.clen;
		const char *e = t.tail + t.ntail;
		if (len >= 2 && t.ntail >= 2 && e[-1] == '\n' && e[-2] == '\n')
			len--;
		else if (len >= 4 && t.ntail == 4 && !memcmp(t.tail, "\r\n\r\n", 4))
			len -= 2;
		msg_end(&t, len);
	}
	return LD_OK;
}

void ld_mbox_stream_release(ld_mbox_stream *s)
{
	free(s->buf);
	free(s->msgs);
	memset(s, 0, sizeof(*s));
}
