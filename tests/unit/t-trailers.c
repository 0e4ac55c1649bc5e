/* t-trailers.c - classify/trailers.c: trailers, "Applied" notes (one
 * line, and a whole reply), a patch in a reply's body.  Prints TAP
 * (tap.h). */
#include "classify/classify.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void trailer(const char *line, ld_trailer_kind want, const char *value)
{
	const char *v = NULL;
	size_t vl = 0;
	ld_trailer_kind k = ld_trailer_line(line, strlen(line), &v, &vl);
	char name[256];
	snprintf(name, sizeof(name), "trailer '%s'", line);
	int good = k == want && (!value || (v && vl == strlen(value) && !memcmp(v, value, vl)));
	ok(good, name);
	if (!good)
		printf("#   got kind %d value '%.*s'\n", k, (int)vl, v ? v : "");
}

static void applied(const char *line, const char *branch)
{
	char *b = NULL;
	int hit = ld_applied_line(line, strlen(line), &b);
	char name[256];
	snprintf(name, sizeof(name), "applied '%s'", line);
	int good = branch ? hit && b && !strcmp(b, branch) : !hit;
	ok(good, name);
	if (!good)
		printf("#   got %d '%s'\n", hit, b ? b : "(null)");
	free(b);
}

static void scan(const char *text, int found, int firm, const char *branch, const char *by)
{
	ld_applied_note a;
	ld_applied_scan(text, &a);
	char name[256];
	snprintf(name, sizeof(name), "applied note in '%.60s'", text);
	for (char *q = name; *q; q++)
		if (*q == '\n')
			*q = '|';
	int good = a.found == found && (!found || (a.firm == firm && !strcmp(a.branch, branch))) &&
		   (by ? a.by && !strcmp(a.by, by) : !a.by);
	ok(good, name);
	if (!good)
		printf("#   got found %d firm %d branch '%s' by '%s'\n", a.found, a.firm,
		       a.branch ? a.branch : "(null)", a.by ? a.by : "(null)");
	ld_applied_note_release(&a);
}

static void test_trailers(void)
{
	trailer("Reviewed-by: Jane Roe <jane@example.org>", LD_T_REVIEWED, "Jane Roe <jane@example.org>");
	trailer("  Acked-by: Bob <b@x.org>  ", LD_T_ACKED, "Bob <b@x.org>");
	trailer("tested-by: T <t@x.org>", LD_T_TESTED, "T <t@x.org>");
	trailer("Fixes: 0123456789ab (\"frob: add quirk\")", LD_T_FIXES, "0123456789ab (\"frob: add quirk\")");
	trailer("Fixes: the bug", LD_T_NONE, NULL);
	trailer("Cc: stable@vger.kernel.org # 6.1+", LD_T_STABLE, NULL);
	trailer("Cc: <stable@vger.kernel.org>", LD_T_STABLE, NULL);
	trailer("Cc: Jane <jane@example.org>", LD_T_NONE, NULL);
	trailer("Reviewed-by:", LD_T_NONE, NULL);
	trailer("Signed-off-by: A <a@x.org>", LD_T_NONE, NULL);
	ok(ld_is_quoted("> Reviewed-by: x", 16) && ld_is_quoted("  >> x", 6) && !ld_is_quoted("Reviewed", 8), "quoted lines");
}

static void test_applied(void)
{
	applied("Applied to kvm-next, thanks!", "kvm-next");
	applied("Applied to kvm-x86 fixes, thanks!", "kvm-x86 fixes");
	applied("Applied, thanks.", "");
	applied("Thanks, applied.", "");
	applied("Thanks, applied to kvmarm/next.", "kvmarm/next");
	applied("Queued to kvm-6.8, thanks.", "kvm-6.8");
	applied("applied", "");
	applied("Applied to https://git.kernel.org/pub/scm/linux/kernel/git/x/y.git (next), thanks!",
		"https://git.kernel.org/pub/scm/linux/kernel/git/x/y.git (next)");
	applied("Applied the patch and it breaks the build", NULL);
	applied("Applied to my tree and it breaks", NULL);
	applied("I applied it", NULL);
	applied("Queued for 6.9", "6.9");
	applied("Queued, thanks.", "");
	applied("Patches 2-8 applied to virt/next.", "virt/next");
	applied("Both patches applied to my frob-next tree.", "frob-next");
	applied("Thanks, patch applied to my frob-fixes branch, with fixes.", "frob-fixes");
	applied("Applied to frob (for-next/misc), thanks!", "frob (for-next/misc)");
	applied("Applied to frob-next (Hugo decided he does not need it)", "frob-next");
	applied("Applied to frob next branch for v6.5.", "frob next");
	applied("Applied to -next with Lars's RB.", "-next");
	applied("Pushed to virt/queue for now.", "virt/queue");
	applied("Now merged through misc/queue.", "misc/queue");
	applied("Queued and 1-9 and 18, thanks.", "");
	applied("Pulled, thanks.", "");
	applied("applied these 4, compiled, installed", NULL);
	applied("Pushed to the guest stack when the vcpu exits early", NULL);
	applied("merged upstream", NULL);
	scan("Hi,\n\nI'm not sure how we want to get this\nmerged.\n", 0, 0, NULL, NULL);
	scan("This can go in once the conversion is\napplied.\n", 0, 0, NULL, NULL);
	scan("On Mon, X wrote:\n> Applied to frob-next, thanks!\n\nThanks\n", 0, 0, NULL, NULL);
	scan("On Mon, X wrote:\n> text\nApplied to frob-next, thanks!\n", 1, 1, "frob-next", NULL);
	scan("Hello:\n\nThis series was applied to virt/frob.git (main)\nby Hugo Lindgren <hugo@example.org>:\n\n"
	     "On Mon, you wrote:\n> x\n", 1, 1, "virt/frob.git (main)", "Hugo Lindgren <hugo@example.org>");
	scan("Hello:\n\nThis patch was applied to virt/frob.git (master)\nby Rita Gomes <rita@example.com>:\n",
	     1, 1, "virt/frob.git (master)", "Rita Gomes <rita@example.com>");
	scan("The pull request you sent on Tue, 2 Nov:\n\n> git://example.org/frob.git tags/x\n\n"
	     "has been merged into torvalds/linux.git:\nhttps://example.org/c/1\n", 1, 1, "torvalds/linux.git", NULL);
	scan("As before, I have pushed that to -next so it simmers.\n\n[1/2] frob: one\n      commit: 0123456789abcdef\n",
	     1, 1, "", NULL);
	scan("Applied, thanks.\n", 1, 0, "", NULL);
	scan("This patch is merged through the mm tree.\n", 1, 0, "mm", NULL);
}

static void test_patch(void)
{
	ok(ld_body_has_patch("x\ndiff --git a/x b/x\n") && !ld_body_has_patch("> diff --git a/x b/x\n"), "a patch in a reply");
}

/* The pre-filter as it was first written (one prefix test per key of
 * the table, a verb looked for at every byte), kept here as the
 * reference: the indexed one of trailers.c must give the same answer on
 * every line.  The keys are the table's, by role. */
static const char *const ref_yes[] = { "Reviewed-by:", "Acked-by:", "Tested-by:", "applied", "queued",
				       "pushed", "merged", "pulled", "picked up",
				       "this series was applied to ", "this patch was applied to ",
				       "has been merged into ", "commit: ", "diff --git ", NULL };
static const char *const ref_needs_verb[] = { "thanks, ", "thanks! ", "thanks. ", "thank you, ", "now ",
					      "i've ", "i have ", "patches ", "patch ", "series ",
					      "both patches ", "both ", "the series ", "the patch ",
					      "the patches ", "this patch ", "whole series ", "all ", NULL };
static const char *const ref_verbs[] = { "applied", "queued", "pushed", "merged", "pulled", "picked up", NULL };

static int ref_prefix(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);
	return n >= pl && !strncasecmp(s, p, pl);
}

static int ref_may_matter(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (const char *const *k = ref_yes; *k; k++)
		if (ref_prefix(s + i, n - i, *k))
			return 1;
	for (const char *const *k = ref_needs_verb; *k; k++) {
		if (!ref_prefix(s + i, n - i, *k))
			continue;
		for (size_t j = i; j < n; j++)
			for (const char *const *v = ref_verbs; *v; v++)
				if (ref_prefix(s + j, n - j, *v))
					return 1;
	}
	return 0;
}

/* Lines built of the table's words (in any case, cut anywhere), blanks,
 * the bytes prefix_ci's (x | 0x20) confuses with letters ('@' and '`',
 * '[' and '{'), other bytes and no NUL at the end: the indexed
 * pre-filter against the reference. */
static void test_prefilter(void)
{
	static const char *const words[] = { "Reviewed-by:", "Acked-by:", "Tested-by:", "Fixes:", "Cc:",
					     "thanks, ", "Thanks! ", "now ", "I've ", "patches 2-8 ",
					     "both ", "all ", "the series ", "APPLIED", "queued", "Pushed",
					     "merged", "pulled", "picked up", "picked", "this series was applied to ",
					     "has been merged into ", "commit: ", "diff --git ", " ", "\t", "> ",
					     "x", "applie", "@", "`", "[", "{", "\xc3\xa9", "-", NULL };
	size_t nw = 0;
	while (words[nw])
		nw++;
	unsigned seed = 12345;
	int bad = 0;
	long yes = 0;
	char line[256];
	for (int t = 0; t < 200000 && bad < 5; t++) {
		size_t n = 0;
		int parts = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 5;
		for (int p = 0; p < parts; p++) {
			seed = seed * 1103515245u + 12345u;
			const char *w = words[(seed >> 16) % nw];
			size_t wl = strlen(w);
			if ((seed >> 8) % 7 == 0)
				wl = (seed >> 4) % (wl + 1);   /* cut short */
			for (size_t k = 0; k < wl && n < sizeof(line); k++) {
				char c = w[k];
				if ((seed >> (k % 16)) & 1 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
					c ^= 0x20;
				line[n++] = c;
			}
		}
		int want = ref_may_matter(line, n), got = ld_body_line_may_matter(line, n);
		yes += want;
		if (want != got) {
			bad++;
			printf("#   '%.*s': reference %d, pre-filter %d\n", (int)n, line, want, got);
		}
	}
	ok(!bad, "the pre-filter answers as the reference on 200,000 lines");
	ok(yes > 10000, "and many of them may matter");
	ok(!ld_body_line_may_matter("", 0) && !ld_body_line_may_matter("   ", 3), "blank lines do not");
	ok(ld_body_line_may_matter("  All 3 patches QUEUED for 6.8", 30) &&
	   !ld_body_line_may_matter("All of it is queue", 18), "a lead word needs a verb on its line");
}

int main(void)
{
	test_trailers();
	test_applied();
	test_patch();
	test_prefilter();
	return done_testing();
}
