/* t-trailers.c - classify/trailers.c: trailers, "Applied" notes (one
 * line, and a whole reply), a patch in a reply's body.  Prints TAP
 * (tap.h). */
#include "classify/classify.h"
#include "tap.h"

#include <stdlib.h>

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

int main(void)
{
	test_trailers();
	test_applied();
	test_patch();
	return done_testing();
}
