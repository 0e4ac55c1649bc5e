/* classify/trailers.c - what a reply's own text says: trailers
 * (Reviewed-by: ...), "Applied" notes of maintainers and bots, and
 * whether a body holds a patch; all read with one table of forms, which
 * also serves the cheap pre-filter of raw bodies (mail/body.c).  Pure. */
#include "classify/internal.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int ld_is_quoted(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	/* "> text" and the "Name> text" some mailers write are both quotes */
	return i < n && (s[i] == '>' || s[i] == '|');
}

/* ---- trailer and applied forms: one table ----
 *
 * Every line a reply's body is read for starts (after blanks, any case)
 * with one of these keys: the trailer predicate, the applied-note
 * predicate and the cheap pre-filter of raw bodies (ld_body_line_may_matter,
 * used by mail/body.c) all take their words from here, so a mail gives the same
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

/* The forms by the first byte of their key as prefix_ci compares it
 * (x | 0x20), in the table's order (so the first form of a role that
 * matches is still the table's first), and which bytes may start a
 * verb: every line of every reply is read against the table (the
 * pre-filter alone sees about 36 lines a reply, 500 instructions a line
 * when it tried each key), and most lines start with a byte no key
 * starts with.  Built once from the table, read-only after. */
_Static_assert(N_FORMS < 256, "form indexes are bytes");
static struct {
	unsigned char n[256];               /* forms in the bucket of (x | 0x20) */
	unsigned char form[256][N_FORMS];   /* their indexes in forms[] */
	unsigned char verb_start[256];      /* x may start a F_VERB key */
} by_byte;
static pthread_once_t by_byte_once = PTHREAD_ONCE_INIT;

static void by_byte_build(void)
{
	for (size_t f = 0; f < N_FORMS; f++) {
		unsigned char b = (unsigned char)(forms[f].key[0] | 0x20);
		by_byte.form[b][by_byte.n[b]++] = (unsigned char)f;
	}
	for (int c = 0; c < 256; c++) {
		unsigned char b = (unsigned char)(c | 0x20);
		for (size_t j = 0; j < by_byte.n[b]; j++)
			if (forms[by_byte.form[b][j]].role == F_VERB)
				by_byte.verb_start[c] = 1;
	}
}

/* The forms a text starting with byte c may start with: *n of them,
 * indexes into forms[] in the table's order. */
static const unsigned char *forms_for(unsigned char c, size_t *n)
{
	pthread_once(&by_byte_once, by_byte_build);
	unsigned char b = (unsigned char)(c | 0x20);
	*n = by_byte.n[b];
	return by_byte.form[b];
}

/* The form of role `role` that s+i starts with (after nothing: the
 * caller skips blanks), or NULL. */
static const struct form *form_at(const char *s, size_t n, size_t i, enum form_role role)
{
	if (i >= n)
		return NULL;
	size_t k;
	const unsigned char *fi = forms_for((unsigned char)s[i], &k);
	for (size_t j = 0; j < k; j++)
		if (forms[fi[j]].role == role && prefix_ci(s + i, n - i, forms[fi[j]].key))
			return &forms[fi[j]];
	return NULL;
}

/* Does s hold one of the verbs of the table, in any case?  Only where
 * a verb's first letter is. */
static int has_verb(const char *s, size_t n)
{
	pthread_once(&by_byte_once, by_byte_build);
	for (size_t i = 0; i < n; i++) {
		if (!by_byte.verb_start[(unsigned char)s[i]])
			continue;
		size_t k;
		const unsigned char *fi = forms_for((unsigned char)s[i], &k);
		for (size_t j = 0; j < k; j++)
			if (forms[fi[j]].role == F_VERB && prefix_ci(s + i, n - i, forms[fi[j]].key))
				return 1;
	}
	return 0;
}

int ld_body_line_may_matter(const char *s, size_t n)
{
	size_t i = skip_blanks(s, n, 0), k;
	if (i >= n)
		return 0;
	const unsigned char *fi = forms_for((unsigned char)s[i], &k);
	for (size_t j = 0; j < k; j++) {
		const struct form *f = &forms[fi[j]];
		if (!prefix_ci(s + i, n - i, f->key))
			continue;
		switch (f->role) {
		case F_TRAILER:
			/* replies give only the people's trailers */
			if (f->kind == LD_T_FIXES || f->kind == LD_T_STABLE)
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

