/* classify/pull.c - pull requests (git request-pull's text): the
 * greeting, the repository and the shortlog's count; whom a pull request
 * asks.  Pure. */
#include "classify/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* "Hi Paolo," / "Hello Linus," / "Paolo," alone on the first line. */
static char *greeting(const char *l, size_t n)
{
	while (n && (l[n - 1] == ' ' || l[n - 1] == '\r'))
		n--;
	size_t i = skip_blanks(l, n, 0);
	if (n - i < 2 || l[n - 1] != ',' || n - i > 48)
		return NULL;
	static const char *const hello[] = { "hi ", "hello ", "dear ", "hey ", NULL };
	for (const char *const *h = hello; *h; h++)
		if (prefix_ci(l + i, n - i, *h)) {
			i = skip_blanks(l, n, i + strlen(*h));
			break;
		}
	size_t e = n - 1;
	/* a name: at most three words, no sentence */
	size_t words = 1;
	for (size_t k = i; k < e; k++) {
		if (l[k] == ' ')
			words++;
		if (strchr(".:;!?()<>@", l[k]))
			return NULL;
	}
	if (e == i || words > 3)
		return NULL;
	return ld_xstrndup(l + i, e - i);
}

/* "Marc Zyngier (6):" of the shortlog: returns 6, else 0. */
static unsigned long shortlog_count(const char *l, size_t n)
{
	while (n && l[n - 1] == '\r')
		n--;
	if (n < 5 || l[0] == ' ' || l[0] == '\t' || l[n - 1] != ':' || l[n - 2] != ')')
		return 0;
	size_t e = n - 2, d = e;
	while (d > 0 && isdigit((unsigned char)l[d - 1]))
		d--;
	if (d == e || d < 2 || l[d - 1] != '(' || l[d - 2] != ' ' || e - d > 6)
		return 0;
	return strtoul(l + d, NULL, 10);
}

void ld_pull_parse(const char *text, ld_pull_text *out)
{
	memset(out, 0, sizeof(*out));
	int first = 1, want_source = 0, in_shortlog = 0;
	for (size_t p = 0; text[p];) {
		size_t n = line_len(text + p);
		const char *l = text + p;
		p += n + (text[p + n] == '\n');
		if (is_blank(l, n))
			continue;
		if (ld_is_quoted(l, n))
			continue;
		if (first) {
			out->greeting = greeting(l, n);
			first = 0;
		}
		if (want_source) {
			size_t i = skip_blanks(l, n, 0), e = n;
			while (e > i && (l[e - 1] == ' ' || l[e - 1] == '\r'))
				e--;
			out->source = ld_xstrndup(l + i, e - i);
			want_source = 0;
			continue;
		}
		if (!out->source && memmem(l, n, "are available in the Git repository at", 38))
			want_source = 1;
		/* the shortlog follows the dashed line after the tag message */
		if (strspn(l, "-") >= 20)
			in_shortlog = 1;
		else if (in_shortlog)
			out->commits += shortlog_count(l, n);
	}
}

void ld_pull_text_release(ld_pull_text *p)
{
	free(p->greeting);
	free(p->source);
	memset(p, 0, sizeof(*p));
}

/* A mailing list rather than a person: "kvm@vger.kernel.org",
 * "kvmarm@lists.cs.columbia.edu" (shown as addresses: lists have no
 * display name in To). */
static int list_address(const char *r)
{
	return strchr(r, '@') && !strchr(r, ' ') &&
	       (strstr(r, "@vger.") || strstr(r, "@lists.") || strstr(r, ".lists.") ||
		strstr(r, "@googlegroups."));
}

/* One name of the greeting as the recipients spell it. */
static void add_addressee(ld_buf *out, const char *g, size_t gl, char *const *recipients, size_t n)
{
	const char *full = NULL;
	for (size_t i = 0; i < n && !full; i++)
		if (!strncasecmp(recipients[i], g, gl) && (recipients[i][gl] == ' ' || !recipients[i][gl]))
			full = recipients[i];
	if (out->len)
		ld_buf_adds(out, " and ");
	if (full)
		ld_buf_adds(out, full);
	else
		ld_buf_add(out, g, gl);
}

char *ld_pull_addressee(const char *greet, char *const *recipients, size_t n)
{
	ld_buf out;
	ld_buf_init(&out);
	if (greet && *greet) {
		/* "Paolo, Radim", "Paolo and Radim", "Paolo or Radim" greet
		 * two people */
		static const char *const seps[] = { " and ", " or ", NULL };
		for (const char *g = greet; *g;) {
			size_t gl = strcspn(g, ",&"), skip = *(g + gl) ? 1 : 0;
			for (const char *const *sp = seps; *sp; sp++) {
				const char *w = strstr(g, *sp);
				if (w && (size_t)(w - g) < gl) {
					gl = (size_t)(w - g);
					skip = strlen(*sp);
				}
			}
			size_t b = 0, e = gl;
			while (b < e && g[b] == ' ')
				b++;
			while (e > b && g[e - 1] == ' ')
				e--;
			if (e > b)
				add_addressee(&out, g + b, e - b, recipients, n);
			g += gl + skip;
		}
		return ld_buf_detach(&out);
	}
	for (size_t i = 0; i < n; i++)
		if (!list_address(recipients[i])) {
			ld_buf_adds(&out, recipients[i]);
			break;
		}
	return ld_buf_detach(&out);
}
