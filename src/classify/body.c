/* body.c - pure functions over a decoded text body (UTF-8, LF line ends):
 * the in-body header block and where a commit message ends.  The rules are
 * those of git's mailinfo (in-body headers) and of the shape git
 * format-patch gives a patch mail: message, "---", diffstat, diff. */
#include "classify/classify.h"

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

int ld_is_quoted(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	/* "> text" and the "Name> text" some mailers write are both quotes */
	return i < n && (s[i] == '>' || s[i] == '|');
}

static int prefix_ci(const char *s, size_t n, const char *p)
{
	/* most calls fail on the first byte: the table's keys are read for
	 * every line of every reply */
	if (!n || (s[0] | 0x20) != (p[0] | 0x20))
		return 0;
	size_t pl = strlen(p);
	return n >= pl && !strncasecmp(s, p, pl);
}

/* ---- trailer and applied forms: one table ----
 *
 * Every line a reply's body is read for starts (after blanks, any case)
 * with one of these keys: the trailer predicate, the applied-note
 * predicate and the cheap pre-filter of raw bodies (ld_body_line_may_matter,
 * used by mail.c) all take their words from here, so a mail gives the same
 * answer whatever its transfer encoding (the pre-filter asks for a little
 * less than the key where the predicate does too: a lead or object word
 * only with a verb on its line).  The applied forms are the words
 * such a note may begin with; the grammar that follows them is in
 * applied_line() below. */
enum form_role {
	F_TRAILER,   /* "Reviewed-by:" ...: kind says which */
	F_LEAD,      /* "Thanks, applied", "Now merged", "I've applied" */
	F_OBJECT,    /* "Patches 2-8 applied", "Series applied" */
	F_VERB,      /* "Applied to x, thanks!", "Queued, thanks." */
	F_PATCHWORK, /* patchwork-bot: "This series was applied to X\nby N <a>:" */
	F_PRTRACKER, /* pr-tracker-bot: "has been merged into torvalds/linux.git:" */
	F_B4COMMIT,  /* b4 ty: "[1/3] subject" then "      commit: <sha>" */
	F_DIFF,      /* a patch in the body (git format-patch) */
};

static const struct form {
	const char *key;
	enum form_role role;
	ld_trailer_kind kind;
} forms[] = {
	{ "Reviewed-by:", F_TRAILER, LD_T_REVIEWED },
	{ "Acked-by:", F_TRAILER, LD_T_ACKED },
	{ "Tested-by:", F_TRAILER, LD_T_TESTED },
	{ "Fixes:", F_TRAILER, LD_T_FIXES },
	{ "Cc:", F_TRAILER, LD_T_STABLE },
	{ "thanks, ", F_LEAD, 0 },
	{ "thanks! ", F_LEAD, 0 },
	{ "thanks. ", F_LEAD, 0 },
	{ "thank you, ", F_LEAD, 0 },
	{ "now ", F_LEAD, 0 },
	{ "i've ", F_LEAD, 0 },
	{ "i have ", F_LEAD, 0 },
	{ "patches ", F_OBJECT, 0 },
	{ "patch ", F_OBJECT, 0 },
	{ "series ", F_OBJECT, 0 },
	{ "both patches ", F_OBJECT, 0 },
	{ "both ", F_OBJECT, 0 },
	{ "the series ", F_OBJECT, 0 },
	{ "the patch ", F_OBJECT, 0 },
	{ "the patches ", F_OBJECT, 0 },
	{ "this patch ", F_OBJECT, 0 },
	{ "whole series ", F_OBJECT, 0 },
	{ "all ", F_OBJECT, 0 },
	{ "applied", F_VERB, 0 },
	{ "queued", F_VERB, 0 },
	{ "pushed", F_VERB, 0 },
	{ "merged", F_VERB, 0 },
	{ "pulled", F_VERB, 0 },
	{ "picked up", F_VERB, 0 },
	{ "this series was applied to ", F_PATCHWORK, 0 },
	{ "this patch was applied to ", F_PATCHWORK, 0 },
	{ "has been merged into ", F_PRTRACKER, 0 },
	{ "commit: ", F_B4COMMIT, 0 },
	{ "diff --git ", F_DIFF, 0 },
};
#define N_FORMS (sizeof(forms) / sizeof(forms[0]))

static size_t skip_blanks(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* The form of role `role` that s+i starts with (after nothing: the
 * caller skips blanks), or NULL. */
static const struct form *form_at(const char *s, size_t n, size_t i, enum form_role role)
{
	for (size_t f = 0; f < N_FORMS; f++)
		if (forms[f].role == role && prefix_ci(s + i, n - i, forms[f].key))
			return &forms[f];
	return NULL;
}

/* Does s hold one of the verbs of the table, in any case? */
static int has_verb(const char *s, size_t n)
{
	for (size_t f = 0; f < N_FORMS; f++) {
		if (forms[f].role != F_VERB)
			continue;
		for (size_t i = 0; i < n; i++)
			if (prefix_ci(s + i, n - i, forms[f].key))
				return 1;
	}
	return 0;
}

int ld_body_line_may_matter(const char *s, size_t n)
{
	size_t i = skip_blanks(s, n, 0);
	for (size_t f = 0; f < N_FORMS; f++) {
		if (!prefix_ci(s + i, n - i, forms[f].key))
			continue;
		switch (forms[f].role) {
		case F_TRAILER:
			/* replies give only the people's trailers */
			if (forms[f].kind == LD_T_FIXES || forms[f].kind == LD_T_STABLE)
				continue;
			return 1;
		case F_LEAD:
		case F_OBJECT:
			/* "Thanks, applied", "Patches 2-8 applied": the verb
			 * follows on the same line (applied_line) */
			if (has_verb(s + i, n - i))
				return 1;
			continue;
		default:
			return 1;
		}
	}
	return 0;
}

ld_trailer_kind ld_trailer_line(const char *s, size_t n, const char **value, size_t *vlen)
{
	size_t i = skip_blanks(s, n, 0);
	const struct form *fm = form_at(s, n, i, F_TRAILER);
	if (!fm)
		return LD_T_NONE;
	size_t v = skip_blanks(s, n, i + strlen(fm->key));
	size_t e = n;
	while (e > v && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
		e--;
	if (e == v)
		return LD_T_NONE;
	if (fm->kind == LD_T_STABLE) {
		/* only the stable list: "Cc: stable@vger.kernel.org # 6.1+" */
		const char *val = s + v;
		size_t vl = e - v;
		if (!(prefix_ci(val, vl, "stable@vger.kernel.org") ||
		      prefix_ci(val, vl, "stable@kernel.org") ||
		      prefix_ci(val, vl, "<stable@vger.kernel.org>") ||
		      (vl > 0 && memmem(val, vl, "<stable@vger.kernel.org>", 24))))
			return LD_T_NONE;
	}
	if (fm->kind == LD_T_FIXES) {
		/* a commit id first: "Fixes: 0123456789ab (\"...\")" */
		size_t h = v;
		while (h < e && isxdigit((unsigned char)s[h]))
			h++;
		if (h - v < 7)
			return LD_T_NONE;
	}
	*value = s + v;
	*vlen = e - v;
	return fm->kind;
}

/* Where a branch named after "applied to" ends: ", thanks", "!", ";", a
 * final period (one inside stays: kvm-6.8, foo.git), or words that start
 * the rest of the sentence ("to fixes with minor changes", "to kvm/queue
 * for now"). */
static size_t branch_end(const char *s, size_t n, size_t b)
{
	static const char *const stops[] = { " with ", " for ", " thanks", " as ", " after ",
					     " since ", " so ", " because ", NULL };
	size_t e = b;
	while (e < n && s[e] != ',' && s[e] != '!' && s[e] != ';' &&
	       !(s[e] == '.' && (e + 1 == n || s[e + 1] == ' ')) &&
	       !(s[e] == ':' && (e + 1 == n || s[e + 1] == ' '))) {
		int stop = 0;
		for (const char *const *w = stops; *w && !stop; w++)
			stop = prefix_ci(s + e, n - e, *w);
		/* "arm64 (for-next/misc)" names a branch; "(Michael decided
		 * that ..." is an aside */
		if (!stop && s[e] == ' ' && e + 1 < n && s[e + 1] == '(') {
			const char *cl = memchr(s + e + 2, ')', n - e - 2);
			stop = !cl || memchr(s + e + 2, ' ', (size_t)(cl - (s + e + 2))) != NULL;
		}
		if (stop)
			break;
		e++;
	}
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\r'))
		e--;
	return e;
}

/* The branch as people name it, without "my ... branch/tree". */
static char *branch_dup(const char *s, size_t b, size_t e)
{
	if (e - b > 3 && prefix_ci(s + b, e - b, "my "))
		b += 3;
	else if (e - b > 4 && prefix_ci(s + b, e - b, "the "))
		b += 4;
	static const char *const tails[] = { " branch", " tree", NULL };
	for (const char *const *t = tails; *t; t++) {
		size_t tl = strlen(*t);
		if (e - b > tl && !strncasecmp(s + e - tl, *t, tl))
			e -= tl;
	}
	return ld_xstrndup(s + b, e - b);
}

/* What follows the verb: where to ("to X", "into X", "for X"), or the end
 * of the sentence; anything else is prose ("applied these, compiled"). */
static int applied_tail(const char *s, size_t n, size_t i, char **branch)
{
	static const char *const objects[] = { " this", " it", " them", " both", " the series",
					       " the patches", " the patch", NULL };
	for (const char *const *o = objects; *o; o++) {
		size_t ol = strlen(*o);
		if (prefix_ci(s + i, n - i, *o) &&
		    (i + ol == n || strchr(" ,.!;", s[i + ol]))) {
			i += ol;
			break;
		}
	}
	while (i < n && s[i] == ' ')
		i++;
	static const char *const preps[] = { "to ", "into ", "in ", "for ", "through ", "onto ", NULL };
	for (const char *const *p = preps; *p; p++) {
		if (!prefix_ci(s + i, n - i, *p))
			continue;
		size_t b = skip_blanks(s, n, i + strlen(*p));
		size_t e = branch_end(s, n, b);
		if (e == b)
			return 0;
		/* an object that looks like a branch, not prose ("applied
		 * to my tree and it breaks") */
		size_t words = 1;
		for (size_t k = b; k < e; k++)
			words += s[k] == ' ';
		if (e - b > 120 || words > 4 || memmem(s + b, e - b, " and ", 5) ||
		    memmem(s + b, e - b, " but ", 5))
			return 0;
		*branch = branch_dup(s, b, e);
		return 1;
	}
	/* "Queued and 1-9 and 18, thanks." (the patches it took) */
	if (prefix_ci(s + i, n - i, "and ") && i + 4 < n && isdigit((unsigned char)s[i + 4])) {
		*branch = ld_xstrdup("");
		return 1;
	}
	if (i == n || strchr(",.!;\r", s[i]) || prefix_ci(s + i, n - i, "thanks")) {
		*branch = ld_xstrdup("");
		return 1;
	}
	return 0;
}

/* One line that starts a paragraph: "[Thanks, ][patches 2-8 ][was ]applied
 * [to X][, thanks]".  *passive: a report of what happened ("is merged",
 * "was applied") rather than the replier's own act. */
static int applied_line(const char *s, size_t n, char **branch, int *passive)
{
	size_t i = skip_blanks(s, n, 0);
	*passive = 0;
	const struct form *f = form_at(s, n, i, F_LEAD);
	if (f)
		i = skip_blanks(s, n, i + strlen(f->key));
	f = form_at(s, n, i, F_OBJECT);
	if (f) {
		i += strlen(f->key);
		/* "Patches 1-3 and 5 applied", "patch 2/2 applied" */
		while (i < n && (isdigit((unsigned char)s[i]) || strchr("-,/ ", s[i]) ||
				 prefix_ci(s + i, n - i, "and ")))
			i += prefix_ci(s + i, n - i, "and ") ? 4 : 1;
		static const char *const aux[] = { "is ", "are ", "was ", "were ", "has been ",
						   "have been ", "now ", NULL };
		for (const char *const *a = aux; *a; a++)
			if (prefix_ci(s + i, n - i, *a)) {
				*passive = strcmp(*a, "now ") != 0;
				i = skip_blanks(s, n, i + strlen(*a));
				break;
			}
	}
	f = form_at(s, n, i, F_VERB);
	if (!f)
		return 0;
	return applied_tail(s, n, i + strlen(f->key), branch);
}

int ld_applied_line(const char *s, size_t n, char **branch)
{
	int passive;
	return applied_line(s, n, branch, &passive);
}

static size_t line_end(const char *text, size_t p)
{
	return p + line_len(text + p);
}

/* "by Jakub Kicinski <kuba@kernel.org>:" after a patchwork-bot line. */
static char *patchwork_by(const char *l, size_t n)
{
	size_t i = skip_blanks(l, n, 0);
	if (!prefix_ci(l + i, n - i, "by "))
		return NULL;
	size_t e = n;
	while (e > i && (l[e - 1] == ':' || l[e - 1] == ' ' || l[e - 1] == '\r'))
		e--;
	const char *gt = e > i ? memchr(l + i, '>', e - i) : NULL;
	if (!gt || !memchr(l + i, '@', e - i))
		return NULL;
	return ld_xstrndup(l + i + 3, e - i - 3);
}

/* b4 ty lists what it applied: "[1/3] subject" then "      commit: <sha>". */
static int b4_commit_line(const char *prev, size_t pn, const char *l, size_t n)
{
	size_t i = skip_blanks(l, n, 0), h;
	if (!form_at(l, n, i, F_B4COMMIT) || !(prev && pn && prev[0] == '['))
		return 0;
	i = skip_blanks(l, n, i + strlen("commit: "));
	for (h = i; h < n && isxdigit((unsigned char)l[h]); h++)
		;
	return h - i >= 7;
}

void ld_applied_scan(const char *text, ld_applied_note *out)
{
	memset(out, 0, sizeof(*out));
	int para = 1;              /* this line starts a paragraph */
	int b4 = 0;
	const char *prev = NULL;
	size_t pn = 0;
	for (size_t p = 0; text[p];) {
		size_t e = line_end(text, p), n = e - p;
		const char *l = text + p;
		size_t next = e + (text[e] == '\n');
		if (ld_is_quoted(l, n)) {
			/* the replier's text starts again after a quote */
			para = 1;
			prev = NULL;
			p = next;
			continue;
		}
		if (is_blank(l, n)) {
			para = 1;
			p = next;
			continue;
		}
		size_t i = skip_blanks(l, n, 0);
		const struct form *f;
		if (!out->found && para && (f = form_at(l, n, i, F_PATCHWORK))) {
			size_t b = skip_blanks(l, n, i + strlen(f->key));
			size_t be = branch_end(l, n, b);
			if (be > b) {
				out->found = out->firm = 1;
				out->branch = ld_xstrndup(l + b, be - b);
				if (text[e])
					out->by = patchwork_by(text + next, line_len(text + next));
			}
		} else if (!out->found && para && (f = form_at(l, n, i, F_PRTRACKER))) {
			size_t b = skip_blanks(l, n, i + strlen(f->key));
			size_t be = branch_end(l, n, b);
			if (be > b) {
				out->found = out->firm = 1;
				out->branch = ld_xstrndup(l + b, be - b);
			}
		} else if (!out->found && para) {
			int passive;
			if (applied_line(l, n, &out->branch, &passive)) {
				out->found = 1;
				out->firm = !passive && *out->branch;
			}
		}
		if (b4_commit_line(prev, pn, l, n))
			b4 = 1;
		para = 0;
		prev = l + i;
		pn = n - i;
		p = next;
	}
	if (b4) {
		/* a b4 ty reply: what it lists was applied, even when the
		 * sentence above it is free prose */
		if (!out->found)
			out->branch = ld_xstrdup("");
		out->found = out->firm = 1;
	}
}

void ld_applied_note_release(ld_applied_note *a)
{
	free(a->branch);
	free(a->by);
	memset(a, 0, sizeof(*a));
}

int ld_body_has_patch(const char *text)
{
	for (size_t p = 0; text[p];) {
		size_t n = line_len(text + p);
		if (!ld_is_quoted(text + p, n) && form_at(text + p, n, 0, F_DIFF))
			return 1;
		p += n + (text[p + n] == '\n');
	}
	return 0;
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
		for (size_t i = 0; i + wl <= n; i++)
			if (!strncasecmp(s + i, *w, wl))
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

/* ---- pull requests (git request-pull's text) ---- */

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
