/* mail/encword.c - unstructured header text (Subject) through GMime's
 * RFC 2047 decoder, and the workarounds for its bugs: padded B words
 * (join_padded_b_words) and quadratic time on long values (LONG_VALUE). */
#include "mail/internal.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

/* An encoded word GMime could not decode (unknown charset, broken
 * base64, no closing "?=") stays in the text: "=?charset?Q?" or "?B?". */
int ld_mail_has_encoded_word(const char *s)
{
	for (const char *p = strstr(s, "=?"); p; p = strstr(p + 2, "=?")) {
		const char *q = p + 2;
		while (*q && *q != '?' && *q != ' ' && *q != '=')
			q++;
		if (q > p + 2 && q[0] == '?' && strchr("QqBb", q[1]) && q[1] && q[2] == '?')
			return 1;
	}
	return 0;
}

int ld_mail_has_8bit(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* One encoded word "=?charset?enc?text?=" at s: its parts, or 0. */
typedef struct {
	const char *cs, *text;
	size_t cs_len, text_len, len;
	char enc;
} eword;

static int parse_eword(const char *s, eword *w)
{
	if (s[0] != '=' || s[1] != '?')
		return 0;
	const char *q1 = strchr(s + 2, '?');
	if (!q1 || q1 == s + 2 || !q1[1] || q1[2] != '?')
		return 0;
	/* the encoded text holds no '?' (RFC 2047 4.1, 4.2): the word ends
	 * at the next '?', which must begin "?=" (searching on for "?="
	 * made a value of many unclosed "=?a?b?x" quadratic) */
	const char *end = strchr(q1 + 3, '?');
	if (!end || end[1] != '=' || memchr(q1 + 3, ' ', (size_t)(end - q1 - 3)))
		return 0;
	w->cs = s + 2;
	w->cs_len = (size_t)(q1 - w->cs);
	w->enc = (char)(q1[1] | 0x20);
	w->text = q1 + 3;
	w->text_len = (size_t)(end - w->text);
	w->len = (size_t)(end + 2 - s);
	return 1;
}

/* GMime 3.2.13 (Debian 12) joins adjacent B words of one charset before
 * decoding and loses everything after a word that ends in '=' padding
 * (GMime issue #133, fixed upstream later).  Until Debian ships the fix,
 * such runs are joined here the right way: each word base64-decoded by
 * GLib, the bytes joined and encoded again as one word, which GMime then
 * decodes correctly.  Other text is left as it is.  Returns a g_malloc'd
 * string. */
char *ld_mail_join_padded_b_words(const char *s)
{
	if (!strstr(s, "=?"))
		return g_strdup(s);
	GString *out = g_string_new(NULL);
	const char *p = s;
	while (*p) {
		eword w, w2;
		if (!parse_eword(p, &w) || w.enc != 'b' || !w.text_len || w.text[w.text_len - 1] != '=') {
			g_string_append_c(out, *p++);
			continue;
		}
		GByteArray *bytes = g_byte_array_new();
		const char *cs = w.cs;
		size_t cs_len = w.cs_len;
		const char *q = p;
		eword cur = w;
		for (;;) {
			gchar *t = g_strndup(cur.text, cur.text_len);
			gsize n = 0;
			guchar *d = g_base64_decode(t, &n);
			g_byte_array_append(bytes, d, (guint)n);
			g_free(d);
			g_free(t);
			q += cur.len;
			const char *r = q;
			while (*r == ' ' || *r == '\t')
				r++;
			if (!parse_eword(r, &w2) || w2.enc != 'b' || w2.cs_len != cs_len ||
			    g_ascii_strncasecmp(w2.cs, cs, cs_len))
				break;
			q = r;
			cur = w2;
		}
		gchar *enc = g_base64_encode(bytes->data, bytes->len);
		g_string_append(out, "=?");
		g_string_append_len(out, cs, (gssize)cs_len);
		g_string_append(out, "?B?");
		g_string_append(out, enc);
		g_string_append(out, "?=");
		g_free(enc);
		g_byte_array_unref(bytes);
		p = q;
	}
	return g_string_free(out, FALSE);
}

/* GMime 3.2's RFC 2047 decoder looks for the end of each "=?" as far as
 * the end of the value, so a long value of unclosed "=?a?b?x" takes
 * quadratic time (a 280 KB subject: 8 s; 1 MB: minutes).  Values longer
 * than LONG_VALUE (internal.h) that hold "=?" are therefore decoded in
 * pieces of at most LONG_VALUE bytes, cut before white space where there
 * is some (an encoded word holds none), else before the last "=?" of the
 * piece, else between two UTF-8 characters.  Real subjects are far
 * shorter; for them nothing changes. */

static size_t piece_len(const char *s)
{
	size_t n = strnlen(s, LONG_VALUE + 1);
	if (n <= LONG_VALUE)
		return n;
	for (size_t i = LONG_VALUE; i > LONG_VALUE / 2; i--)
		if (s[i] == ' ' || s[i] == '\t')
			return i;
	for (size_t i = LONG_VALUE - 1; i > LONG_VALUE / 2; i--)
		if (s[i] == '=' && s[i + 1] == '?')
			return i;
	size_t i = LONG_VALUE;   /* not inside a UTF-8 character */
	while (i > LONG_VALUE / 2 && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	return i;
}

static gchar *decode_piece(ld_mailctx *c, const char *raw)
{
	gchar *fixed = ld_mail_join_padded_b_words(raw);
	gchar *d = g_mime_utils_header_decode_text(c->opts, fixed);
	g_free(fixed);
	return d;
}

/* Decodes unstructured text (Subject): encoded words, 8-bit bytes. */
char *ld_mail_decode_text(ld_mailctx *c, const char *raw, ld_msg *m)
{
	if (ld_mail_has_8bit(raw) && !g_utf8_validate(raw, -1, NULL))
		warn(m, LD_W_CHARSET, "undeclared 8-bit bytes in a header");
	gchar *d;
	int words = strstr(raw, "=?") != NULL;
	if (!words && !ld_mail_has_8bit(raw)) {
		/* ASCII without encoded words: GMime's decoder gives it back
		 * as it is (checked on 2 million random strings of spaces,
		 * tabs, line ends and specials), so it is not called */
		d = g_strdup(raw);
	} else if (strlen(raw) <= LONG_VALUE || !words) {
		d = decode_piece(c, raw);
	} else {
		GString *all = g_string_new(NULL);
		for (const char *p = raw; *p;) {
			size_t n = piece_len(p);
			gchar *piece = g_strndup(p, n);
			gchar *dp = decode_piece(c, piece);
			g_string_append(all, dp ? dp : "");
			g_free(dp);
			g_free(piece);
			p += n;
		}
		d = g_string_free(all, FALSE);
	}
	char *r = ld_mail_clean_line(d, m);
	if (words && ld_mail_has_encoded_word(r))
		warn(m, LD_W_ENCWORD, "encoded word left undecoded (unknown charset or broken encoding)");
	return r;
}
