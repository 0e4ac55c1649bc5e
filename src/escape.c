/* escape.c - see escape.h */
#include "escape.h"
#include "util.h"

#include <stdint.h>
#include <string.h>

/* Length of the escape sequence starting at s[0] == ESC (7-bit) or at the
 * C1 introducer CSI/OSC/DCS (UTF-8 C2 9B, C2 9D, C2 90). */
static size_t sequence(const unsigned char *s, int kind)
{
	size_t i = 0;
	if (kind == '[') {
		/* CSI: parameters and intermediates, then one final byte */
		while (s[i] && (s[i] < 0x40 || s[i] > 0x7e) && s[i] >= 0x20)
			i++;
		return s[i] && s[i] >= 0x40 && s[i] <= 0x7e ? i + 1 : i;
	}
	/* OSC, DCS, SOS, PM, APC: up to BEL or ST (ESC \ or C2 9C) */
	while (s[i]) {
		if (s[i] == 0x07)
			return i + 1;
		if (s[i] == 0x1b && s[i + 1] == '\\')
			return i + 2;
		if (s[i] == 0xc2 && s[i + 1] == 0x9c)
			return i + 2;
		if (s[i] == '\n')
			return i;
		i++;
	}
	return i;
}

/* ---- shared by the escapers below ---------------------------------- */

/* Length of a terminal control sequence or control character at s (one
 * that ld_esc_text drops), 0 when s does not start one.  Tab and newline
 * are not controls here; the caller decides what to do with them. */
static size_t control_len(const unsigned char *s)
{
	unsigned char c = *s;
	if (c == 0x1b) {
		unsigned char n = s[1];
		if (n == '[')
			return 2 + sequence(s + 2, '[');
		if (n == ']' || n == 'P' || n == 'X' || n == '^' || n == '_')
			return 2 + sequence(s + 2, ']');
		return n >= 0x20 && n <= 0x7e ? 2 : 1;
	}
	if (c == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
		unsigned char n = s[1];
		if (n == 0x9b)
			return 2 + sequence(s + 2, '[');
		if (n == 0x9d || n == 0x90 || n == 0x98 || n == 0x9e || n == 0x9f)
			return 2 + sequence(s + 2, ']');
		return 2;
	}
	if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
		return 1;
	return 0;
}

void ld_esc_text(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	const unsigned char *run = s;
	while (*s) {
		size_t skip = control_len(s);
		if (skip) {
			fwrite(run, 1, (size_t)(s - run), out);
			s += skip;
			run = s;
		} else {
			s++;
		}
	}
	fwrite(run, 1, (size_t)(s - run), out);
}

static const char replacement[] = "\xef\xbf\xbd";   /* U+FFFD in UTF-8 */

/* ---- HTML ------------------------------------------------------------ */

void ld_esc_html(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		size_t n = control_len(s);
		if (n) {
			s += n;
			continue;
		}
		unsigned cp;
		n = ld_utf8_next(s, SIZE_MAX, &cp);
		switch (cp) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default:
			if (cp == 0xfffd && n == 1)
				fputs(replacement, out);
			else
				fwrite(s, 1, n, out);
		}
		s += n;
	}
}

/* ---- JSON ------------------------------------------------------------ */

void ld_esc_json(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	fputc('"', out);
	while (*s) {
		unsigned cp;
		size_t n = ld_utf8_next(s, SIZE_MAX, &cp);
		switch (cp) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
			    cp == 0x2028 || cp == 0x2029 || (cp == 0xfffd && n == 1))
				fprintf(out, "\\u%04x", cp);
			else
				fwrite(s, 1, n, out);
		}
		s += n;
	}
	fputc('"', out);
}

/* ---- Markdown -------------------------------------------------------- */

void ld_esc_md(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	const unsigned char *start = s;
	while (*s) {
		size_t n = control_len(s);
		if (n) {
			s += n;
			continue;
		}
		unsigned cp;
		n = ld_utf8_next(s, SIZE_MAX, &cp);
		if (cp == '\n' || cp == '\t') {
			fputc(' ', out);
		} else if (cp < 0x80 && strchr("\\`*_[]<>#!|~&", (int)cp)) {
			fputc('\\', out);
			fputc((int)cp, out);
		} else if (s == start && (cp == '-' || cp == '+' || cp == '=')) {
			/* would start a list item or a setext underline */
			fputc('\\', out);
			fputc((int)cp, out);
		} else if ((cp == '.' || cp == ')') && s > start &&
			   strspn((const char *)start, "0123456789") == (size_t)(s - start)) {
			/* "1." or "1)" at the start would begin an ordered list */
			fputc('\\', out);
			fputc((int)cp, out);
		} else if (cp == 0xfffd && n == 1) {
			fputs(replacement, out);
		} else {
			fwrite(s, 1, n, out);
		}
		s += n;
	}
}

void ld_esc_md_code(FILE *out, const char *str)
{
	/* The fence is one backtick longer than the longest run inside, so no
	 * line of the text can close it (CommonMark 4.5). */
	size_t longest = 0, run = 0;
	for (const char *p = str; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	size_t fence = longest < 3 ? 3 : longest + 1;
	for (size_t i = 0; i < fence; i++)
		fputc('`', out);
	fputs("text\n", out);
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		size_t n = control_len(s);
		if (n) {
			s += n;
			continue;
		}
		unsigned cp;
		n = ld_utf8_next(s, SIZE_MAX, &cp);
		if (cp == 0xfffd && n == 1)
			fputs(replacement, out);
		else
			fwrite(s, 1, n, out);
		s += n;
	}
	if (s > (const unsigned char *)str && s[-1] != '\n')
		fputc('\n', out);
	for (size_t i = 0; i < fence; i++)
		fputc('`', out);
	fputc('\n', out);
}

/* ---- URLs ------------------------------------------------------------ */

void ld_esc_url(FILE *out, const char *str, int part)
{
	/* A Message-ID as a path segment: the characters public-inbox's
	 * mid_escape leaves alone (RFC 3986 pchar without '/'), the rest
	 * percent-encoded.  A base URL keeps its reserved characters and only
	 * loses what could break out of an attribute or a Markdown link.  '&'
	 * and '\'' are encoded in both, so the result needs no further HTML
	 * escaping inside a double-quoted attribute. */
	static const char keep_part[] = "-._~!$()*+,;=:@";
	static const char keep_base[] = "-._~!$()*+,;=:@/?#[]%";
	const char *keep = part ? keep_part : keep_base;
	for (const unsigned char *s = (const unsigned char *)str; *s; s++) {
		unsigned char c = *s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr(keep, c))
			fputc(c, out);
		else
			fprintf(out, "%%%02X", c);
	}
}

void ld_esc_utf8(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		unsigned cp;
		size_t n = ld_utf8_next(s, SIZE_MAX, &cp);
		if (cp == 0xfffd && n == 1)
			fputs(replacement, out);
		else
			fwrite(s, 1, n, out);
		s += n;
	}
}

void ld_esc_link(FILE *out, const char *base, const char *message_id)
{
	ld_esc_url(out, base, 0);
	ld_esc_url(out, message_id, 1);
	fputc('/', out);
}
