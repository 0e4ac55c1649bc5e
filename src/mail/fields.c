/* mail/fields.c - the header block of one raw message split into the
 * fields the report reads (RFC 5322 2.2: name, colon, value, folded
 * continuation lines), and their values unfolded.  Pure: no GMime, no
 * allocation but the results; the GMime layer decodes what it gets from
 * here (see mail.c). */
#include "mail/internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define AS_NAME(e, s) s,
static const char *const field_names[F__N] = { FIELDS(AS_NAME) };
#undef AS_NAME

/* The fields read whose name has nl bytes and begins with byte ch, in
 * either case, as bits (1 << F_...): most header lines (Received, DKIM,
 * X-...) are none of them, and are passed over without comparing names. */
static unsigned candidates(unsigned char ch, size_t nl)
{
	unsigned c = ch | 0x20;
	return 0
#define AS_TEST(e, s) | ((unsigned)(sizeof(s) - 1 == nl && (unsigned)(s[0] | 0x20) == c) << e)
		FIELDS(AS_TEST);
#undef AS_TEST
}

/* Skips the mbox "From " line old public-inbox blobs begin with. */
static size_t skip_mbox_from(const char *raw, size_t len)
{
	if (len >= 5 && !memcmp(raw, "From ", 5)) {
		const char *nl = memchr(raw, '\n', len);
		return nl ? (size_t)(nl - raw) + 1 : len;
	}
	return 0;
}

size_t ld_fields_eol(const char *raw, size_t len, size_t i)
{
	const char *nl = memchr(raw + i, '\n', len - i);
	return nl ? (size_t)(nl - raw) : len;
}

int ld_fields_blank(const char *raw, size_t s, size_t e)
{
	return e == s || (e == s + 1 && raw[s] == '\r');
}

void ld_fields_split(const char *raw, size_t len, fields *f)
{
	memset(f, 0, sizeof(*f));
	size_t i = skip_mbox_from(raw, len);
	while (i < len) {
		size_t e = ld_fields_eol(raw, len, i);
		if (ld_fields_blank(raw, i, e)) {
			f->body = e < len ? e + 1 : len;
			return;
		}
		size_t fe = e;
		/* continuation lines */
		while (fe + 1 < len && (raw[fe + 1] == ' ' || raw[fe + 1] == '\t'))
			fe = ld_fields_eol(raw, len, fe + 1);
		const char *colon = memchr(raw + i, ':', e - i);
		if (!colon || raw[i] == ' ' || raw[i] == '\t') {
			f->bad_lines++;
		} else {
			size_t nl = (size_t)(colon - raw) - i;
			while (nl && (raw[i + nl - 1] == ' ' || raw[i + nl - 1] == '\t'))
				nl--;
			for (unsigned cand = candidates((unsigned char)raw[i], nl); cand; cand &= cand - 1) {
				int k = __builtin_ctz(cand);
				if (f->have[k] || strncasecmp(raw + i, field_names[k], nl))
					continue;
				f->have[k] = 1;
				f->line[k] = i;
				f->vstart[k] = (size_t)(colon - raw) + 1;
				f->end[k] = fe;
			}
		}
		i = fe < len ? fe + 1 : len;
	}
	f->body = len;
	f->no_separator = 1;
}

/* Unfolds a raw header value: a line break and the white space around it
 * become one space; NUL bytes become spaces; the ends are trimmed. */
char *ld_fields_unfold(const char *raw, size_t s, size_t e)
{
	ld_buf b;
	ld_buf_init(&b);
	for (size_t i = s; i < e; i++) {
		char ch = raw[i];
		if (ch == '\r' || ch == '\n') {
			while (b.len && (b.s[b.len - 1] == ' ' || b.s[b.len - 1] == '\t'))
				b.len--;
			while (i + 1 < e && (raw[i + 1] == '\r' || raw[i + 1] == '\n' ||
					     raw[i + 1] == ' ' || raw[i + 1] == '\t'))
				i++;
			ld_buf_addc(&b, ' ');
			continue;
		}
		/* copy the run up to the next line break or NUL at once */
		size_t j = i;
		while (j < e && raw[j] && raw[j] != '\r' && raw[j] != '\n')
			j++;
		if (j > i) {
			ld_buf_add(&b, raw + i, j - i);
			i = j - 1;
		} else {
			ld_buf_addc(&b, ' ');
		}
	}
	size_t a = 0;
	while (a < b.len && (b.s[a] == ' ' || b.s[a] == '\t'))
		a++;
	while (b.len > a && (b.s[b.len - 1] == ' ' || b.s[b.len - 1] == '\t'))
		b.len--;
	char *r = ld_xstrndup(b.s + a, b.len - a);
	ld_buf_release(&b);
	return r;
}

/* The id inside the last <...>, else the trimmed text; lower-cased when
 * asked.  Pure. */
char *ld_fields_angle_id(const char *v, int lower)
{
	const char *lt = strrchr(v, '<');
	const char *gt = lt ? strchr(lt, '>') : NULL;
	char *r = lt && gt ? ld_xstrndup(lt + 1, (size_t)(gt - lt - 1)) : ld_xstrdup(v);
	if (lower)
		ld_ascii_lower(r);
	return r;
}
