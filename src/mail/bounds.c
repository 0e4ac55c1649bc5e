/* mail/bounds.c - the bounds on what GMime's MIME parser is given.
 *
 * GMime 3.2 parses some header fields in quadratic time: a parameter
 * list (40,000 plain parameters in one Content-Type took 4 s, 200,000
 * over a minute) and encoded words (each "=?" is searched to the end of
 * the value).  Its MIME parser reads the header block of every part, at
 * every depth, and keeps every part in memory (300,000 empty parts took
 * 63 times their size).  So each header field GMime is given, the
 * message's MIME fields and every part's fields, is cut to FIELD_MAX
 * bytes, FIELD_PARAMS parameters and FIELD_WORDS encoded words, and the
 * body is cut before its part MAX_PARTS + 1: time and memory stay linear
 * in the message size.  Real mail stays far below (a Content-Disposition
 * with a long RFC 2231 file name holds some 20 parameters, a long
 * subject some 20 encoded words, a message a few parts); a cut is a
 * malformed-MIME warning.  README's reliability section lists the bounds. */
#include "mail/internal.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

enum {
	FIELD_MAX = 16384, FIELD_PARAMS = 64, FIELD_WORDS = 64,
	MAX_PARTS = 10000,
	MAX_BOUNDARIES = 64,   /* boundaries kept for finding part headers */
};

/* How much of the header field f (n bytes: name, colon, value, folded
 * lines, no final line end) GMime may see: n, or, over a bound, the bytes
 * before byte FIELD_MAX, parameter FIELD_PARAMS + 1 or encoded word
 * FIELD_WORDS + 1, without trailing white space and line ends (a cut
 * field must not end in a fold, nor its new line end make a blank line).
 * ';' and "=?" are counted wherever they stand, quoted ones too: that
 * only makes the bound tighter.  Pure. */
static size_t field_bound(const char *f, size_t n)
{
	size_t cut = n < FIELD_MAX ? n : FIELD_MAX;
	unsigned params = 0, words = 0;
	for (size_t i = 0; i < cut; i++) {
		if (f[i] == ';' && ++params > FIELD_PARAMS)
			cut = i;
		else if (f[i] == '=' && i + 1 < n && f[i + 1] == '?' && ++words > FIELD_WORDS)
			cut = i;
	}
	if (cut == n)
		return n;
	while (cut && strchr(" \t\r\n", f[cut - 1]))
		cut--;
	return cut;
}

/* The fields of one header block field_bound cuts: a warning each. */
static void warn_cut(ld_msg *m)
{
	warn(m, LD_W_MIME, "MIME header field over 16 KiB, 64 parameters or 64 encoded words: cut");
}

/* The multipart boundaries declared so far (the message's and its
 * parts'): a line "--" + one of them starts a part. */
typedef struct {
	char *b[MAX_BOUNDARIES];
	size_t len[MAX_BOUNDARIES];
	int n;
	int overflow;   /* more were declared: every "--" line may start a part */
} boundaries;

static void boundaries_release(boundaries *bs)
{
	for (int i = 0; i < bs->n; i++)
		free(bs->b[i]);
}

/* What the Content-Type field f (n bytes, bounded) means for the scan:
 * a multipart's boundary is noted; 1 when the part's body is a message
 * (message/rfc822 and the like: another header block follows). */
static int note_ctype(ld_mailctx *c, const char *f, size_t n, boundaries *bs)
{
	const char *colon = memchr(f, ':', n);
	if (!colon)
		return 0;
	char *v = ld_fields_unfold(colon + 1, 0, n - (size_t)(colon + 1 - f));
	/* most parts are text/plain: only these two types matter here;
	 * quiet options: GMime's parser warns about this field itself */
	GMimeContentType *ct = strcasestr(v, "multipart") || strcasestr(v, "message") ?
			       g_mime_content_type_parse(c->quiet, v) : NULL;
	free(v);
	if (!ct)
		return 0;
	int msg = g_mime_content_type_is_type(ct, "message", "*");
	const char *b = g_mime_content_type_is_type(ct, "multipart", "*") ?
			g_mime_content_type_get_parameter(ct, "boundary") : NULL;
	if (b && *b) {
		if (bs->n < MAX_BOUNDARIES) {
			bs->len[bs->n] = strlen(b);
			bs->b[bs->n++] = ld_xstrdup(b);
		} else {
			bs->overflow = 1;
		}
	}
	g_object_unref(ct);
	return msg;
}

/* Is the line "--" + s (n bytes after the dashes) a delimiter of a
 * declared boundary?  2 when it closes its multipart ("--b--"). */
static int delimiter(const boundaries *bs, const char *s, size_t n)
{
	for (int i = 0; i < bs->n; i++)
		if (n >= bs->len[i] && !memcmp(s, bs->b[i], bs->len[i]))
			return n >= bs->len[i] + 2 && !memcmp(s + bs->len[i], "--", 2) ? 2 : 1;
	return bs->overflow ? 1 : 0;
}

static int is_ctype_field(const char *f, size_t n)
{
	return n > 12 && !g_ascii_strncasecmp(f, "Content-Type", 12) &&
	       (f[12] == ':' || f[12] == ' ' || f[12] == '\t');
}

/* The header field at s[i..fe), bounded: its Content-Type noted; when
 * cut, the bytes before it (from *done) and what is kept are appended,
 * with a line end, and *done moves past the field.  Returns 1 when a
 * message/rfc822 part's body follows. */
static int bound_part_field(ld_mailctx *c, const char *s, size_t i, size_t fe, size_t n,
			    size_t *done, boundaries *bs, GByteArray *out, ld_msg *m)
{
	size_t keep = field_bound(s + i, fe - i);
	int msg = is_ctype_field(s + i, keep) ? note_ctype(c, s + i, keep, bs) : 0;
	if (keep < fe - i) {
		warn_cut(m);
		g_byte_array_append(out, (const guint8 *)s + *done, (guint)(i + keep - *done));
		g_byte_array_append(out, (const guint8 *)"\n", 1);
		*done = fe < n ? fe + 1 : n;
	}
	return msg;
}

/* Appends the body s (n bytes) to out for GMime's parser, with every
 * part's header fields bounded (field_bound) and at most MAX_PARTS
 * parts.  A part's header block follows a delimiter line; a
 * message/rfc822 part's body is another header block (headers: the body
 * itself starts with one).  One pass over the lines, bytes copied in
 * runs up to a cut: linear in n (a line is compared with at most
 * MAX_BOUNDARIES boundaries). */
static void bound_body(ld_mailctx *c, const char *s, size_t n, boundaries *bs, int headers,
		       GByteArray *out, ld_msg *m)
{
	size_t parts = 0, i = 0, done = 0;   /* s[done..i) is still to append */
	int msg_next = 0;   /* the header block being read is a message part's */
	while (i < n) {
		size_t e = ld_fields_eol(s, n, i);
		size_t next = e < n ? e + 1 : n;
		if (headers && !ld_fields_blank(s, i, e)) {
			size_t fe = e;   /* the field's continuation lines */
			while (fe + 1 < n && (s[fe + 1] == ' ' || s[fe + 1] == '\t'))
				fe = ld_fields_eol(s, n, fe + 1);
			msg_next |= bound_part_field(c, s, i, fe, n, &done, bs, out, m);
			i = fe < n ? fe + 1 : n;
			continue;
		}
		if (headers) {
			headers = msg_next;
			msg_next = 0;
		} else if (e - i >= 2 && s[i] == '-' && s[i + 1] == '-') {
			int d = delimiter(bs, s + i + 2, e - i - 2);
			if (d == 1 && ++parts > MAX_PARTS) {
				warn(m, LD_W_MIME, "more than 10000 MIME parts: the rest is not read");
				n = i;
				break;
			}
			headers = d == 1;
		}
		i = next;
	}
	g_byte_array_append(out, (const guint8 *)s + done, (guint)(n - done));
}

void ld_mail_bound_fields(const char *raw, fields *f, ld_msg *m)
{
	for (int k = F_CTYPE; k <= F_MIMEVER; k++) {
		if (!f->have[k])
			continue;
		size_t keep = field_bound(raw + f->line[k], f->end[k] - f->line[k]);
		if (keep < f->end[k] - f->line[k]) {
			warn_cut(m);
			f->end[k] = f->line[k] + keep;
			if (f->vstart[k] > f->end[k])
				f->vstart[k] = f->end[k];
		}
	}
}

GByteArray *ld_mail_bounded_message(ld_mailctx *c, const char *raw, size_t len, const fields *f,
				    ld_msg *m)
{
	size_t blen = len - f->body;
	GByteArray *ba = g_byte_array_sized_new((guint)(blen + 256));
	boundaries bs;
	memset(&bs, 0, sizeof(bs));
	int headers = 0;
	for (int k = F_CTYPE; k <= F_MIMEVER; k++) {
		if (!f->have[k])
			continue;
		size_t n = f->end[k] - f->line[k];
		if (k == F_CTYPE)
			headers = note_ctype(c, raw + f->line[k], n, &bs);
		g_byte_array_append(ba, (const guint8 *)raw + f->line[k], (guint)n);
		g_byte_array_append(ba, (const guint8 *)"\n", 1);
	}
	g_byte_array_append(ba, (const guint8 *)"\n", 1);
	bound_body(c, raw + f->body, blen, &bs, headers, ba, m);
	boundaries_release(&bs);
	return ba;
}
