/* render/escape.c - the escapers of each format (declared in render.h). */
#include "render/render.h"
#include "classify/classify.h"

#include <stdint.h>
#include <string.h>

/* ---- shared by the escapers below ---------------------------------- */

/* The reader's rule, ld_clean_next, and the one scanner of control
 * sequences are in classify/sanitize.c (the --state file checks its
 * Message-IDs with them too). */

static const char replacement[] = "\xef\xbf\xbd";   /* U+FFFD in UTF-8 */

/* Writes what ld_clean_next made of the n bytes at s. */
static void put_clean(FILE *out, unsigned cp, const unsigned char *s, size_t n)
{
	if (cp == LD_CLEAN_DROP)
		return;
	if (cp < 0x80)
		fputc((int)cp, out);
	else if (cp == 0xfffd && n == 1)
		fputs(replacement, out);
	else
		fwrite(s, 1, n, out);
}

/* s as the reader gets it (ld_clean_next), into b: the text every Markdown
 * decision is taken on, since it is the text written. */
static void clean_into(ld_buf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		unsigned cp;
		size_t n = ld_clean_next(s, &cp);
		if (cp == LD_CLEAN_DROP)
			;
		else if (cp < 0x80)
			ld_buf_addc(b, (char)cp);
		else if (cp == 0xfffd && n == 1)
			ld_buf_adds(b, replacement);
		else
			ld_buf_add(b, (const char *)s, n);
		s += n;
	}
}

void ld_esc_text(FILE *out, const char *str)
{
	/* runs that need no change are written as they are */
	const unsigned char *s = (const unsigned char *)str;
	const unsigned char *run = s;
	while (*s) {
		unsigned cp;
		size_t n = ld_clean_next(s, &cp);
		if (cp != LD_CLEAN_DROP && cp != ' ' && !(cp == 0xfffd && n == 1)) {
			s += n;
			continue;
		}
		fwrite(run, 1, (size_t)(s - run), out);
		put_clean(out, cp, s, n);
		s += n;
		run = s;
	}
	fwrite(run, 1, (size_t)(s - run), out);
}

/* ---- HTML and XML ---------------------------------------------------- */

/* The five entities (XML's own, and enough for HTML text and attribute
 * values).  For XML the characters XML 1.0 does not allow in a document
 * (its Char production) are dropped too: the reader's rule already drops
 * C0 controls but tab and newline and turns a surrogate into U+FFFD;
 * U+FFFE and U+FFFF are left. */
static void esc_markup(FILE *out, const char *str, int xml)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		unsigned cp;
		size_t n = ld_clean_next(s, &cp);
		switch (cp) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default:
			if (!xml || (cp != 0xfffe && cp != 0xffff))
				put_clean(out, cp, s, n);
		}
		s += n;
	}
}

void ld_esc_html(FILE *out, const char *str)
{
	esc_markup(out, str, 0);
}

void ld_esc_html_bdi(FILE *out, const char *str)
{
	fputs("<bdi>", out);
	ld_esc_html(out, str);
	fputs("</bdi>", out);
}

void ld_esc_xml(FILE *out, const char *str)
{
	esc_markup(out, str, 1);
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
			else if (ld_invisible(cp) && cp >= 0x10000)
				/* a UTF-16 surrogate pair, as JSON spells it */
				fprintf(out, "\\u%04x\\u%04x", 0xd800 + ((cp - 0x10000) >> 10),
					0xdc00 + ((cp - 0x10000) & 0x3ff));
			else if (ld_invisible(cp))
				fprintf(out, "\\u%04x", cp);
			else
				fwrite(s, 1, n, out);
		}
		s += n;
	}
	fputc('"', out);
}

/* ---- Markdown -------------------------------------------------------- */

/* Does the written text t end, at i, in "www" (any case)?  GFM's extended
 * autolinks start at "www." */
static int after_www(const char *t, size_t start, size_t i)
{
	return i >= start + 3 && (t[i - 3] | 0x20) == 'w' && (t[i - 2] | 0x20) == 'w' &&
	       (t[i - 1] | 0x20) == 'w';
}

void ld_esc_md(FILE *out, const char *str)
{
	ld_buf b = LD_BUF_INIT;
	clean_into(&b, str);
	const char *t = b.s;
	/* leading blanks would indent (a code block after a list marker) */
	size_t start = strspn(t, " \t\n");
	for (size_t i = start; t[i];) {
		unsigned cp;
		size_t n = ld_utf8_next((const unsigned char *)t + i, SIZE_MAX, &cp);
		int esc = 0;
		if (cp == '\n' || cp == '\t')
			cp = ' ';
		else if (cp < 0x80 && strchr("\\`*_[]<>#!|~&", (int)cp))
			esc = 1;
		else if (i == start && (cp == '-' || cp == '+' || cp == '='))
			esc = 1;   /* would start a list item or a setext underline */
		else if ((cp == '.' || cp == ')') && i > start &&
			 strspn(t + start, "0123456789") == i - start)
			esc = 1;   /* "1." or "1)" at the start: an ordered list */
		else if (cp == '.' && after_www(t, start, i))
			esc = 1;   /* "www.": a GFM extended autolink */
		else if (cp == ':' && t[i + 1] && !strchr(" \t\n", t[i + 1]))
			esc = 1;   /* "https://", "mailto:x": a GFM autolink */
		if (esc)
			fputc('\\', out);
		if (cp < 0x80)
			fputc((int)cp, out);
		else
			fwrite(t + i, 1, n, out);
		i += n;
	}
	ld_buf_release(&b);
}

void ld_esc_md_code(FILE *out, const char *str)
{
	/* The fence is one backtick longer than the longest run in the text
	 * as written (controls and invisible characters already dropped), so
	 * no line of it can close the block (CommonMark 4.5). */
	ld_buf b = LD_BUF_INIT;
	clean_into(&b, str);
	size_t longest = 0, run = 0;
	for (size_t i = 0; i < b.len; i++) {
		run = b.s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	size_t fence = longest < 3 ? 3 : longest + 1;
	for (size_t i = 0; i < fence; i++)
		fputc('`', out);
	fputs("text\n", out);
	fwrite(b.s, 1, b.len, out);
	if (b.len && b.s[b.len - 1] != '\n')
		fputc('\n', out);
	for (size_t i = 0; i < fence; i++)
		fputc('`', out);
	fputc('\n', out);
	ld_buf_release(&b);
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
	/* A segment "." or ".." would be resolved away (RFC 3986 5.2.4):
	 * its dots are encoded.  (Browsers resolve "%2E%2E" as well, by the
	 * WHATWG URL standard: ld_link_ok gives such a message no link.) */
	int dots = part && (!strcmp(str, ".") || !strcmp(str, ".."));
	for (const unsigned char *s = (const unsigned char *)str; *s; s++) {
		unsigned char c = *s;
		if (dots)
			fputs("%2E", out);
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
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

int ld_link_ok(const char *base, const char *message_id)
{
	/* "." and ".." are path segments in every URL parser, encoded or
	 * not (the WHATWG URL standard decodes %2E there): the link would
	 * lead to the list's page or the site's, not to the message. */
	return base && *base && message_id && *message_id &&
	       strcmp(message_id, ".") && strcmp(message_id, "..");
}

void ld_esc_link(FILE *out, const char *base, const char *message_id)
{
	ld_esc_url(out, base, 0);
	ld_esc_url(out, message_id, 1);
	fputc('/', out);
}
