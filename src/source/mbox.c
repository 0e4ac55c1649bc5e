/* mbox.c - splitting an mbox into messages (pure: a function of the
 * buffer only, no I/O, no allocation; a fuzz target drives it).
 *
 * The rule (docs/listdigest.1, MBOX FILES):
 *  - The file must begin with a line starting "From " (the first From_
 *    line may have any shape).
 *  - A later message starts at a line that starts with "From ", directly
 *    follows an empty line (LF or CRLF), and looks like a From_ line:
 *    it holds a clock time (D:DD) and a four-digit year, as every writer
 *    puts there (asctime in mailman, b4/lore "From mboxrd@z Thu Jan  1
 *    00:00:00 1970", git format-patch "... Mon Sep 17 00:00:00 2001").
 *    "From " lines inside a body that follow a non-empty line, or that
 *    hold no date, are body text.
 *  - A message is the text after its From_ line up to the empty line
 *    before the next From_ line (that empty line was added by the writer);
 *    the last message ends at the end of the file, one trailing empty
 *    line dropped.  A truncated last message (no final newline) is taken
 *    as it is; the mail parser sees what is there.
 *  - Lines matching ^>+From  lose one '>' (mboxrd unquoting).  In an
 *    mboxo file (mailman) only lines that began ">From " in the original
 *    mail come out different: they lose their '>' (harmless: those are
 *    quoted replies), while the "From " lines mboxo escaped come back
 *    right.
 *  - CRLF files are split by the same rule; the CRs stay in the message
 *    (the mail parser treats CRLF and LF alike).
 * Others: Python's mailbox.mbox (which b4 uses to read local mboxes)
 * starts a message at every line beginning "From ", blank line or not,
 * date or not, and does not unquote; mutt starts one at every line that
 * parses as a From_ line (weekday, month, day, time, year), with no
 * blank-line rule, and does not unquote; git mailsplit checks time and
 * year and unquotes only with --mboxrd.  We are stricter than all three
 * about what starts a message, because unescaped "From " lines in bodies
 * are the common damage in real archives (pipermail), and a missed split
 * after a blank line needs a writer that breaks the format twice. */
#include "source/source.h"

#include <string.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int ld_mbox_from_line(const char *line, size_t n)
{
	if (n < 5 || memcmp(line, "From ", 5))
		return 0;
	int time = 0, year = 0;
	for (size_t i = 5; i < n; i++) {
		if (!time && i + 3 < n && is_digit(line[i]) && line[i + 1] == ':' &&
		    is_digit(line[i + 2]) && is_digit(line[i + 3]))
			time = 1;
		if (i + 4 <= n && (i == 0 || !is_digit(line[i - 1])) && is_digit(line[i]) &&
		    is_digit(line[i + 1]) && is_digit(line[i + 2]) && is_digit(line[i + 3]) &&
		    (i + 4 == n || !is_digit(line[i + 4])))
			year = 1;
	}
	return time && year;
}

/* ">From ", ">>From "...: a line mboxrd quoted. */
int ld_mbox_quoted_line(const char *p, size_t n)
{
	size_t k = 0;
	while (k < n && p[k] == '>')
		k++;
	return k > 0 && n - k >= 5 && !memcmp(p + k, "From ", 5);
}

int ld_mbox_next(const char *buf, size_t len, size_t *off, ld_mbox_span *out)
{
	size_t pos = *off;
	memset(out, 0, sizeof(*out));
	if (pos >= len)
		return 0;
	if (len - pos < 5 || memcmp(buf + pos, "From ", 5))
		return -1;
	const char *nl = memchr(buf + pos, '\n', len - pos);
	size_t start = nl ? (size_t)(nl - buf) + 1 : len;
	size_t p = start, end = len, next = len;
	size_t blank_at = (size_t)-1;   /* start of the previous line when it was empty */
	while (p < len) {
		nl = memchr(buf + p, '\n', len - p);
		size_t eol = nl ? (size_t)(nl - buf) : len;
		size_t n = eol - p;
		size_t content = n && buf[eol - 1] == '\r' ? n - 1 : n;
		if (blank_at != (size_t)-1 && ld_mbox_from_line(buf + p, content)) {
			end = blank_at;
			next = p;
			break;
		}
		if (!out->quoted && ld_mbox_quoted_line(buf + p, content))
			out->quoted = 1;
		blank_at = content == 0 ? p : (size_t)-1;
		p = nl ? eol + 1 : len;
	}
	if (next == len) {
		/* last message: drop one trailing empty line */
		if (end - start >= 2 && buf[end - 1] == '\n' && buf[end - 2] == '\n')
			end--;
		else if (end - start >= 4 && !memcmp(buf + end - 4, "\r\n\r\n", 4))
			end -= 2;
		out->truncated = end > start && buf[end - 1] != '\n';
	}
	out->start = start;
	out->len = end - start;
	*off = next;
	return 1;
}

size_t ld_mbox_unquote(const char *src, size_t n, char *dst)
{
	size_t o = 0, p = 0;
	while (p < n) {
		const char *nl = memchr(src + p, '\n', n - p);
		size_t eol = nl ? (size_t)(nl - src) + 1 : n;
		size_t skip = ld_mbox_quoted_line(src + p, eol - p) ? 1 : 0;
		memcpy(dst + o, src + p + skip, eol - p - skip);
		o += eol - p - skip;
		p = eol;
	}
	return o;
}

int64_t ld_mbox_line_date(const char *line, size_t n, int64_t (*date)(const char *s))
{
	const char *end = memchr(line, '\n', n);
	n = end ? (size_t)(end - line) : n;
	if (n < 6 || n > 512)
		return 0;
	const char *p = line + 5, *e = line + n;
	while (e > p && (e[-1] == '\r' || e[-1] == ' '))
		e--;
	while (p < e && *p == ' ')
		p++;
	while (p < e && *p != ' ')   /* the sender */
		p++;
	char buf[513];
	size_t k = (size_t)(e - p);
	memcpy(buf, p, k);
	buf[k] = 0;
	return date(buf);
}
