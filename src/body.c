/* body.c - pure functions over a decoded text body (UTF-8, LF line ends):
 * the in-body header block and where a commit message ends.  The rules are
 * those of git's mailinfo (in-body headers) and of the shape git
 * format-patch gives a patch mail: message, "---", diffstat, diff. */
#include "ld.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static size_t line_len(const char *s)
{
	const char *nl = strchr(s, '\n');
	return nl ? (size_t)(nl - s) : strlen(s);
}

static size_t next_line(const char *s, size_t off)
{
	size_t n = line_len(s + off);
	return off + n + (s[off + n] == '\n');
}

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Name of an in-body header git mailinfo accepts, or NULL. */
static const char *inbody_header(const char *s, size_t n, size_t *vstart)
{
	static const char *const names[] = { "From", "Subject", "Date", NULL };
	for (const char *const *h = names; *h; h++) {
		size_t hl = strlen(*h);
		if (n > hl && !strncasecmp(s, *h, hl) && s[hl] == ':') {
			*vstart = hl + 1;
			return *h;
		}
	}
	return NULL;
}

void ld_inbody_parse(const char *body, ld_inbody *out)
{
	memset(out, 0, sizeof(*out));
	size_t off = 0;
	/* mailinfo skips blank lines before the in-body headers */
	while (body[off] && is_blank(body + off, line_len(body + off)) && body[off + line_len(body + off)])
		off = next_line(body, off);

	int found = 0;
	for (;;) {
		size_t n = line_len(body + off), vs;
		const char *h = inbody_header(body + off, n, &vs);
		if (!h)
			break;
		ld_buf v;
		ld_buf_init(&v);
		ld_buf_add(&v, body + off + vs, n - vs);
		off = next_line(body, off);
		/* folded continuation lines */
		while (body[off] == ' ' || body[off] == '\t') {
			size_t cn = line_len(body + off), ws = 0;
			while (ws < cn && (body[off + ws] == ' ' || body[off + ws] == '\t'))
				ws++;
			ld_buf_addc(&v, ' ');
			ld_buf_add(&v, body + off + ws, cn - ws);
			off = next_line(body, off);
		}
		char **slot = !strcmp(h, "From") ? &out->from :
			      !strcmp(h, "Subject") ? &out->subject : NULL;
		if (slot && !*slot)
			*slot = ld_buf_detach(&v);
		else
			ld_buf_release(&v);
		found = 1;
	}
	if (!found)
		return;
	/* the blank line that closes the block */
	if (body[off] && is_blank(body + off, line_len(body + off)))
		off = next_line(body, off);
	out->end = off;
}

void ld_inbody_release(ld_inbody *ib)
{
	free(ib->from);
	free(ib->subject);
	memset(ib, 0, sizeof(*ib));
}

static int number(const char *s, size_t n, size_t *i)
{
	size_t st = *i;
	while (*i < n && isdigit((unsigned char)s[*i]))
		(*i)++;
	return *i > st;
}

static int word(const char *s, size_t n, size_t *i, const char *w)
{
	size_t wl = strlen(w);
	if (*i + wl > n || memcmp(s + *i, w, wl))
		return 0;
	*i += wl;
	return 1;
}

/* " 3 files changed, 10 insertions(+), 2 deletions(-)" as git diff --stat
 * ends; also the forms with only insertions or only deletions. */
int ld_is_diffstat_summary(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	if (!i || !number(s, n, &i))
		return 0;
	if (!word(s, n, &i, " file"))
		return 0;
	word(s, n, &i, "s");
	if (!word(s, n, &i, " changed"))
		return 0;
	/* git prints the counts always, but for " 0 files changed" */
	if (!(n - i >= 2 && s[i] == ',') && !(i >= 2 && s[1] == '0' && s[2] == ' '))
		return 0;
	if (word(s, n, &i, ", ")) {
		if (!number(s, n, &i))
			return 0;
		if (word(s, n, &i, " insertion")) {
			word(s, n, &i, "s");
			if (!word(s, n, &i, "(+)"))
				return 0;
			if (word(s, n, &i, ", ")) {
				if (!number(s, n, &i) || !word(s, n, &i, " deletion"))
					return 0;
				word(s, n, &i, "s");
				if (!word(s, n, &i, "(-)"))
					return 0;
			}
		} else if (word(s, n, &i, " deletion")) {
			word(s, n, &i, "s");
			if (!word(s, n, &i, "(-)"))
				return 0;
		} else
			return 0;
	}
	return is_blank(s + i, n - i);
}

/* The signature separator of RFC 3676 and git send-email: "-- " alone. */
int ld_is_signature(const char *s, size_t n)
{
	return n == 3 && !memcmp(s, "-- ", 3);
}

int ld_is_diff_start(const char *s, size_t n)
{
	return n >= 11 && !memcmp(s, "diff --git ", 11);
}

char *ld_body_excerpt(const char *text)
{
	size_t off = 0, end;
	while (text[off] && is_blank(text + off, line_len(text + off)) && text[off + line_len(text + off)])
		off = next_line(text, off);
	if (is_blank(text + off, line_len(text + off)) && !text[off + line_len(text + off)])
		return ld_xstrdup("");
	size_t start = off;
	end = strlen(text);
	for (size_t p = start; text[p];) {
		size_t n = line_len(text + p);
		if (ld_is_diffstat_summary(text + p, n)) {
			end = p + n;
			break;
		}
		if (ld_is_diff_start(text + p, n) || ld_is_signature(text + p, n)) {
			end = p;
			break;
		}
		p = next_line(text, p);
	}
	/* drop trailing blank lines and the final line break */
	while (end > start) {
		size_t ls = end;
		while (ls > start && text[ls - 1] != '\n')
			ls--;
		if (!is_blank(text + ls, end - ls))
			break;
		if (ls == start) {
			end = start;
			break;
		}
		end = ls - 1;
	}
	return ld_xstrndup(text + start, end - start);
}
