/* classify/body.c - pure functions over a decoded text body (UTF-8, LF
 * line ends): the in-body header block and where a commit message ends,
 * the paths a patch touches, and what the archive index keeps of a cover
 * letter (change-id, version links).  The rules are those of git's
 * mailinfo (in-body headers) and of the shape git format-patch gives a
 * patch mail: message, "---", diffstat, diff.  Trailers and applied notes
 * are in trailers.c, pull requests in pull.c. */
#include "classify/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static size_t next_line(const char *s, size_t off)
{
	size_t n = line_len(s + off);
	return off + n + (s[off + n] == '\n');
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

void ld_diff_paths(const char *text, void (*fn)(void *ctx, const char *path, size_t len), void *ctx)
{
	int in_diff = 0;
	for (size_t p = 0; text[p];) {
		size_t n = line_len(text + p);
		const char *l = text + p;
		if (ld_is_diff_start(l, n)) {
			in_diff = 1;
			/* diff --git a/PATH b/PATH: both halves, for renames */
			const char *a = l + 11;
			const char *sp = memmem(a, n - 11, " b/", 3);
			if (sp && a[0] == 'a' && a[1] == '/') {
				fn(ctx, a + 2, (size_t)(sp - a - 2));
				fn(ctx, sp + 3, (size_t)(l + n - sp - 3));
			}
		} else if (n > 4 && (!memcmp(l, "--- ", 4) || !memcmp(l, "+++ ", 4))) {
			/* a diff without git's line (quilt, diff -u, the kernel
			 * test robot): "--- a/X" and "+++ b/X" name the file
			 * after their first folder, as get_maintainer.pl reads
			 * them; not /dev/null.  (In a git diff: the same paths
			 * again.) */
			size_t w = 4;
			while (w < n && l[w] != ' ' && l[w] != '\t')
				w++;
			const char *slash = memchr(l + 4, '/', w - 4);
			if (slash && slash > l + 4 && slash + 1 < l + w)
				fn(ctx, slash + 1, (size_t)(l + w - slash - 1));
			in_diff |= l[0] == '+';
		} else if (!in_diff && n > 3 && l[0] == ' ') {
			/* diffstat: " path/to/file | 12 +++--" */
			const char *bar = memchr(l, '|', n);
			if (bar) {
				size_t s0 = 1, e = (size_t)(bar - l);
				while (s0 < e && l[s0] == ' ')
					s0++;
				while (e > s0 && l[e - 1] == ' ')
					e--;
				size_t after = (size_t)(bar - l) + 1;
				while (after < n && l[after] == ' ')
					after++;
				int stat = after < n && (isdigit((unsigned char)l[after]) || !strncmp(l + after, "Bin", 3));
				/* long paths come shortened to ".../tail" */
				if (e > s0 && stat)
					fn(ctx, l + s0, e - s0);
			}
		}
		p += n + (text[p + n] == '\n');
	}
}

size_t ld_dmarc_name(const char *name)
{
	/* mailman and the kernel.org lists: "Real Name via Listname" */
	const char *v = NULL;
	for (const char *p = strstr(name, " via "); p; p = strstr(p + 1, " via "))
		v = p;
	if (!v || v == name || !v[5])
		return 0;
	return (size_t)(v - name);
}

/* ---- what the archive index keeps of a cover letter's body ---------- */

/* b4 (prep/send) ends a cover letter, or a single patch after its diff,
 * with "base-commit: <sha>" and "change-id: YYYYMMDD-topic-hash" below a
 * "---" line.  Gerrit's "Change-Id: I<sha>" stands in the commit message
 * above the "---" and is another thing: only the lower-case key after a
 * "---" line, with b4's date prefix, is taken. */
char *ld_body_change_id(const char *text)
{
	int after_cut = 0;
	const char *found = NULL;
	size_t flen = 0;
	for (const char *l = text; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		if (n && l[n - 1] == '\r')
			n--;
		if (n == 3 && !memcmp(l, "---", 3))
			after_cut = 1;
		else if (after_cut && n > 11 + 9 && !memcmp(l, "change-id: ", 11)) {
			const char *v = l + 11;
			size_t k = 0;
			while (k < 8 && v[k] >= '0' && v[k] <= '9')
				k++;
			size_t vl = n - 11;
			while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
				vl--;
			int ok = k == 8 && v[8] == '-' && vl <= 200;
			for (size_t i = 0; ok && i < vl; i++)
				ok = (v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'z') ||
				     (v[i] >= 'A' && v[i] <= 'Z') || v[i] == '-' || v[i] == '_' || v[i] == '.';
			if (ok) {
				found = v;   /* the last one wins, as b4 appends it last */
				flen = vl;
			}
		}
		l = nl ? nl + 1 : l + n;
	}
	return found ? ld_xstrndup(found, flen) : ld_xstrdup("");
}

/* Does the line name a version: "v2", "V10" as a word ("v2:", "(v3)",
 * "Link to v1")? */
int ld_names_version(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if ((s[i] != 'v' && s[i] != 'V') || s[i + 1] < '0' || s[i + 1] > '9')
			continue;
		if (i && ((s[i - 1] >= 'a' && s[i - 1] <= 'z') || (s[i - 1] >= 'A' && s[i - 1] <= 'Z') ||
			  (s[i - 1] >= '0' && s[i - 1] <= '9')))
			continue;
		size_t j = i + 1;
		while (j < n && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j == n || !((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
			return 1;
	}
	return 0;
}

/* Does the line speak of an earlier posting in words ("This is a rework
 * of the patch previously posted at [1]", "the previous version")?  As
 * much a version line as "v1:" is. */
static int names_earlier_posting(const char *s, size_t n)
{
	static const char *const words[] = {
		"previous version", "previous posting", "previously posted", "previous series",
		"previous iteration", "previous revision", "earlier version", "last version",
		"prior version", "previous round", NULL
	};
	for (const char *const *w = words; *w; w++) {
		size_t wl = strlen(*w);
		/* the first letter before the whole comparison: the same
		 * answer (strncasecmp folds each byte by tolower), a tenth of
		 * the work on the long lines of a cover letter */
		for (size_t i = 0; i + wl <= n; i++)
			if (tolower((unsigned char)s[i]) == (*w)[0] && !strncasecmp(s + i, *w, wl))
				return 1;
	}
	return 0;
}

static int version_line(const char *s, size_t n)
{
	return ld_names_version(s, n) || names_earlier_posting(s, n);
}

/* The Message-ID of a lore-style link at p (n bytes of line left), or
 * 0: lore.kernel.org/<list>/<id>, lore.kernel.org/r/<id>,
 * lkml.kernel.org/r/<id>, patch.msgid.link/<id>, msgid.link/<id>,
 * patchwork.kernel.org/project/<project>/cover/<id>/ (or patch/).  The id
 * must hold an '@' (percent-encoded as %40 in URLs). */
static size_t link_id_at(const char *p, size_t n, const char **id)
{
	static const char *const hosts[] = {
		"lore.kernel.org/", "lkml.kernel.org/r/", "patch.msgid.link/", "msgid.link/",
		"patchwork.kernel.org/project/", NULL
	};
	/* every host starts with one of these: most places of a line are
	 * no link, and are left at the first byte */
	if (!n || (*p != 'l' && *p != 'p' && *p != 'm'))
		return 0;
	for (const char *const *h = hosts; *h; h++) {
		size_t hl = strlen(*h);
		if (n < hl || memcmp(p, *h, hl))
			continue;
		const char *s = p + hl, *end = p + n;
		/* lore.kernel.org/<list>/<id>, patchwork.kernel.org/project/
		 * <project>/{cover,patch}/<id> */
		int skip = !strcmp(*h, "lore.kernel.org/") ? 1 : !strcmp(*h, "patchwork.kernel.org/project/") ? 2 : 0;
		for (int k = 0; k < skip; k++) {
			const char *sl = memchr(s, '/', (size_t)(end - s));
			if (!sl)
				return 0;
			s = sl + 1;
		}
		const char *e = s;
		while (e < end && *e != '/' && *e != ' ' && *e != '\t' && *e != '>' && *e != ')' &&
		       *e != ']' && *e != '"' && *e != '\'' && *e != ',' && *e != '#' && *e != '?')
			e++;
		*id = s;
		int at = memchr(s, '@', (size_t)(e - s)) != NULL;
		for (const char *q = s; !at && q + 3 <= e; q++)
			at = !memcmp(q, "%40", 3);
		return at ? (size_t)(e - s) : 0;
	}
	return 0;
}

/* "[3]" at the start of a line (after blanks): the footnote marker's
 * length, 0 when none. */
static size_t footnote_marker(const char *l, size_t n, size_t *skip)
{
	size_t i = 0;
	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	if (i >= n || l[i] != '[')
		return 0;
	size_t j = i + 1;
	while (j < n && j - i < 5 && l[j] >= '0' && l[j] <= '9')
		j++;
	if (j == i + 1 || j >= n || l[j] != ']')
		return 0;
	*skip = i;
	return j + 1 - i;
}

/* Does a line other than `self` name a version and cite the marker? */
static int footnote_names_version(const char *text, const char *self, const char *mk, size_t mkl)
{
	for (const char *l = text; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		if (l != self && version_line(l, n))
			for (size_t i = 0; i + mkl <= n; i++)
				if (!memcmp(l + i, mk, mkl))
					return 1;
		l = nl ? nl + 1 : l + n;
	}
	return 0;
}

/* The links to an earlier version in a cover letter or a single patch's
 * notes, as b4 and people write them: "- Link to v1: URL" (b4), "v2:
 * URL", "Changes in v3 (URL)", "previously posted at URL", or a
 * footnote "[1] URL" cited on such a line ("v1 [1]", "a rework of the
 * patch previously posted at [1]").  A link on any other line (a footnote to
 * a related patch, a Link: trailer) is no previous version.  The ids
 * (without <>, %40 decoded), one space between them, before the first
 * diff.  Caller frees. */
char *ld_body_version_links(const char *text)
{
	ld_buf b;
	ld_buf_init(&b);
	size_t prev_n = 0, lines = 0;
	const char *prev = NULL;
	for (const char *l = text; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		if (ld_is_diff_start(l, n))
			break;
		/* a footnote is looked up in the whole text: a bounded number
		 * of link lines keeps a hostile body linear */
		int named = -1;   /* computed when the line holds a link */
		for (size_t i = 0; i < n && b.len < 4096; i++) {
			const char *id;
			size_t il = link_id_at(l + i, n - i, &id);
			if (!il)
				continue;
			if (named < 0) {
				if (++lines > 64)
					break;
				size_t skip, mkl = footnote_marker(l, n, &skip);
				named = version_line(l, n) ||
					(prev && prev_n && prev[prev_n - 1] == ':' && version_line(prev, prev_n)) ||
					(mkl && footnote_names_version(text, l, l + skip, mkl));
			}
			if (named) {
				if (b.len)
					ld_buf_addc(&b, ' ');
				for (size_t k = 0; k < il; k++) {
					if (id[k] == '%' && k + 2 < il && id[k + 1] == '4' && id[k + 2] == '0') {
						ld_buf_addc(&b, '@');
						k += 2;
					} else {
						ld_buf_addc(&b, id[k]);
					}
				}
			}
			i += il;
		}
		if (!is_blank(l, n)) {
			prev = l;
			prev_n = n;
		}
		l = nl ? nl + 1 : l + n;
	}
	return ld_buf_detach(&b);
}
