/* mail/body.c - the decoded text of a body: a single text/plain part
 * straight to GMime's decoders, anything else through GMime's MIME
 * parser with the bounds of bounds.c; and the cheap check whether a body
 * may matter at all. */
#include "mail/internal.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

int ld_mail_body_may_matter(ld_mailctx *c, const char *raw, size_t len)
{
	const fields f = *ld_mail_fields(c, raw, len);
	/* any transfer encoding but the identity ones may hide the words
	 * (base64; quoted-printable's soft breaks and =20): decode and see */
	if (f.have[F_CTE]) {
		char *cte = ld_fields_unfold(raw, f.vstart[F_CTE], f.end[F_CTE]);
		const char *v = cte;
		while (*v == ' ' || *v == '\t')
			v++;
		int identity = !g_ascii_strncasecmp(v, "7bit", 4) || !g_ascii_strncasecmp(v, "8bit", 4) ||
			       !g_ascii_strncasecmp(v, "binary", 6) || !*v;
		free(cte);
		if (!identity)
			return 1;
	}
	/* multipart bodies may hold an encoded text part */
	if (f.have[F_CTYPE]) {
		const char *ct = raw + f.vstart[F_CTYPE];
		size_t n = f.end[F_CTYPE] - f.vstart[F_CTYPE];
		if (memmem(ct, n, "ultipart", 8))
			return 1;
	}
	/* the lines the predicates read start with a word of the one table
	 * of forms (classify/trailers.c); quoted ones are no news but cost
	 * nothing here */
	const char *p = raw + f.body, *end = raw + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (ld_body_line_may_matter(p, n))
			return 1;
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

/* First text/plain part, depth first; message/rfc822 parts are another
 * message's text and are not entered.  Deeper than 64 multiparts is not
 * searched (and counted, so that a lost excerpt is not silent). */
static GMimePart *first_text_plain(GMimeObject *o, int depth, ld_msg *m)
{
	if (!o)
		return NULL;
	if (depth > 64) {
		warn(m, LD_W_MIME, "multipart nested more than 64 deep");
		return NULL;
	}
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++) {
			GMimePart *p = first_text_plain(g_mime_multipart_get_part(mp, i), depth + 1, m);
			if (p)
				return p;
		}
		return NULL;
	}
	if (GMIME_IS_PART(o)) {
		GMimeContentType *ct = g_mime_object_get_content_type(o);
		if (!ct || g_mime_content_type_is_type(ct, "text", "plain"))
			return GMIME_PART(o);
	}
	return NULL;
}

static int is_utf8_name(const char *cs)
{
	return !g_ascii_strcasecmp(cs, "utf-8") || !g_ascii_strcasecmp(cs, "utf8") ||
	       !g_ascii_strcasecmp(cs, "us-ascii") || !g_ascii_strcasecmp(cs, "ascii");
}

/* Is s[0..len) valid UTF-8?  The ASCII run at its start (most of a
 * patch) is passed over a word at a time, the rest is glib's. */
static int utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (w & UINT64_C(0x8080808080808080))
			break;
	}
	return g_utf8_validate(s + i, (gssize)(len - i), NULL);
}

/* Decoded body bytes -> the text: a copy without NUL bytes (they have
 * no place in text), valid UTF-8 (bytes that are not, despite what the
 * part declared, go through GMime's 8-bit decoder with the fallback
 * charsets, and count as a warning). */
static char *finish_text(ld_mailctx *c, const char *data, size_t len, ld_msg *m)
{
	if (!len)  /* an empty body may have data == NULL, memchr must not see it */
		return ld_xstrdup("");
	char *out;
	if (memchr(data, 0, len)) {
		warn(m, LD_W_MIME, "NUL bytes in the body");
		out = ld_xmalloc(len + 1);
		size_t k = 0;
		for (size_t i = 0; i < len; i++)
			if (data[i])
				out[k++] = data[i];
		out[k] = 0;
		len = k;
	} else {
		out = ld_xstrndup(data, len);
	}
	if (utf8_valid(out, len))
		return out;
	warn(m, LD_W_CHARSET, "body text is not in its declared charset");
	gchar *d = g_mime_utils_decode_8bit(c->opts, out, len);
	free(out);
	/* glibc's iconv passes UTF-8-shaped bytes beyond U+10FFFF
	 * ("\xf6\xbc\x90\x99") through its UTF-8 "conversion", so GMime
	 * can hand back invalid UTF-8: repair it here */
	if (!g_utf8_validate(d, -1, NULL)) {
		gchar *v = g_utf8_make_valid(d, -1);
		g_free(d);
		d = v;
	}
	out = ld_xstrdup(d);
	g_free(d);
	return out;
}

/* The text of content dw (transfer encoding undone) in charset cs,
 * converted to UTF-8 with LF line ends. */
static char *wrapper_text(ld_mailctx *c, GMimeDataWrapper *dw, const char *cs, ld_msg *m)
{
	if (!dw)
		return ld_xstrdup("");
	GMimeStream *mem = g_mime_stream_mem_new();
	GMimeStream *fs = g_mime_stream_filter_new(mem);
	if (cs && *cs && !is_utf8_name(cs)) {
		GMimeFilter *cf = g_mime_filter_charset_new(cs, "UTF-8");
		if (cf) {
			g_mime_stream_filter_add(GMIME_STREAM_FILTER(fs), cf);
			g_object_unref(cf);
		} else {
			warn(m, LD_W_CHARSET, "unknown charset in Content-Type");
		}
	}
	GMimeFilter *d2u = g_mime_filter_dos2unix_new(FALSE);
	g_mime_stream_filter_add(GMIME_STREAM_FILTER(fs), d2u);
	g_object_unref(d2u);
	g_mime_data_wrapper_write_to_stream(dw, fs);
	g_mime_stream_flush(fs);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	char *out = finish_text(c, (const char *)ba->data, ba->len, m);
	g_object_unref(fs);
	g_object_unref(mem);
	return out;
}

static char *part_text(ld_mailctx *c, GMimePart *part, ld_msg *m)
{
	return wrapper_text(c, g_mime_part_get_content(part),
			    g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset"), m);
}

/* Is the message's Content-Type (f has one) text/plain?  Its charset
 * parameter into *cs (caller frees; NULL when none).  GMime parses the
 * value; the answer for a value met before without a warning is taken
 * from the memo (a list's mail carries a handful of different values,
 * and GMime's content-type objects cost some 20,000 instructions one). */
static int text_plain(ld_mailctx *c, const char *raw, const fields *f, char **cs, ld_msg *m)
{
	char *v = ld_fields_unfold(raw, f->vstart[F_CTYPE], f->end[F_CTYPE]);
	const memo_val *mv = ld_memo_get(&c->ctypes, v);
	int plain;
	if (mv) {
		plain = mv->flag;
		*cs = mv->a ? ld_xstrdup(mv->a) : NULL;
	} else {
		ld_msg w;
		memset(&w, 0, sizeof(w));
		c->cur = &w;
		GMimeContentType *ct = g_mime_content_type_parse(c->opts, v);
		c->cur = m;
		plain = ct && g_mime_content_type_is_type(ct, "text", "plain");
		const char *p = plain ? g_mime_content_type_get_parameter(ct, "charset") : NULL;
		*cs = p ? ld_xstrdup(p) : NULL;
		if (ct)
			g_object_unref(ct);
		if (!ld_mail_warned(&w))
			ld_memo_put(&c->ctypes, v, *cs, NULL, plain);
		ld_mail_warn_move(m, &w);
	}
	free(v);
	return plain;
}

/* A body that is one text/plain part (or has no Content-Type, which
 * means text/plain): its content goes to GMime's decoders directly, as
 * the parser would hand it over, without building a message.  NULL for
 * every other body (multipart, other types, a Content-Type GMime cannot
 * parse), which takes the parser's way. */
static char *single_part_text(ld_mailctx *c, const char *raw, size_t len, const fields *f, ld_msg *m)
{
	char *cs = NULL;
	if (f->have[F_CTYPE] && !text_plain(c, raw, f, &cs, m))
		return NULL;
	GMimeContentEncoding enc = GMIME_CONTENT_ENCODING_DEFAULT;
	if (f->have[F_CTE]) {
		char *v = ld_fields_unfold(raw, f->vstart[F_CTE], f->end[F_CTE]);
		enc = g_mime_content_encoding_from_string(v);
		free(v);
	}
	/* Nothing to decode (no transfer encoding, UTF-8 or ASCII, no CR
	 * for the line-end filter): every filter would pass the bytes
	 * through as they are, so they are taken as they are. */
	if ((enc == GMIME_CONTENT_ENCODING_DEFAULT || enc == GMIME_CONTENT_ENCODING_7BIT ||
	     enc == GMIME_CONTENT_ENCODING_8BIT || enc == GMIME_CONTENT_ENCODING_BINARY) &&
	    (!cs || !*cs || is_utf8_name(cs)) && !memchr(raw + f->body, '\r', len - f->body)) {
		free(cs);
		return finish_text(c, raw + f->body, len - f->body, m);
	}
	GByteArray *ba = g_byte_array_sized_new((guint)(len - f->body));
	g_byte_array_append(ba, (const guint8 *)raw + f->body, (guint)(len - f->body));
	GMimeStream *st = g_mime_stream_mem_new_with_byte_array(ba);
	GMimeDataWrapper *dw = g_mime_data_wrapper_new_with_stream(st, enc);
	char *text = wrapper_text(c, dw, cs, m);
	g_object_unref(dw);
	g_object_unref(st);
	free(cs);
	return text;
}

/* The whole body through GMime's parser: the message's MIME fields,
 * then the body, both bounded (bounds.c). */
static char *parsed_text(ld_mailctx *c, const char *raw, size_t len, const fields *f, ld_msg *m)
{
	GByteArray *ba = ld_mail_bounded_message(c, raw, len, f, m);
	GMimeStream *st = g_mime_stream_mem_new_with_byte_array(ba);
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	g_mime_parser_set_format(p, GMIME_FORMAT_MESSAGE);
	GMimeMessage *msg = g_mime_parser_construct_message(p, c->opts);
	char *text = NULL;
	if (msg) {
		GMimePart *part = first_text_plain(g_mime_message_get_mime_part(msg), 0, m);
		text = part ? part_text(c, part, m) : NULL;
		g_object_unref(msg);
	} else {
		warn(m, LD_W_MIME, "message body could not be parsed");
	}
	g_object_unref(p);
	g_object_unref(st);
	return text;
}

char *ld_mail_body_text(ld_mailctx *c, const char *raw, size_t len, ld_msg *m)
{
	fields f = *ld_mail_fields(c, raw, len);  /* a copy: fields may be cut below */
	c->cur = m;
	ld_mail_bound_fields(raw, &f, m);
	/* GLib's byte arrays count in guint: a body that large is over any
	 * message size limit (ld_archive_set_max_message) and never here */
	char *text = NULL;
	if (len - f.body >= (size_t)G_MAXUINT / 2)
		warn(m, LD_W_MIME, "body over 2 GiB: not read");
	else if (!(text = single_part_text(c, raw, len, &f, m)))
		text = parsed_text(c, raw, len, &f, m);
	c->cur = NULL;
	return text ? text : ld_xstrdup("");
}
