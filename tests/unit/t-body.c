/* t-body.c - classify/body.c: in-body headers, excerpt cutting,
 * trailers, applied notes, pull request texts, DMARC names, the paths a
 * patch touches.  Prints TAP (tap.h). */
#include "classify/classify.h"
#include "tap.h"

#include <stdlib.h>

static void inbody(const char *body, const char *from, const char *subject, const char *rest)
{
	ld_inbody ib;
	char name[256];
	ld_inbody_parse(body, &ib);
	snprintf(name, sizeof(name), "in-body block of '%.40s'", body);
	for (char *p = name; *p; p++)
		if (*p == '\n')
			*p = '|';
	int good = (from ? ib.from && !strcmp(ib.from, from) : !ib.from) &&
		   (subject ? ib.subject && !strcmp(ib.subject, subject) : !ib.subject) &&
		   !strcmp(body + ib.end, rest);
	ok(good, name);
	if (!good)
		printf("#   from='%s' subject='%s' rest at %zu\n", ib.from ? ib.from : "(null)",
		       ib.subject ? ib.subject : "(null)", ib.end);
	ld_inbody_release(&ib);
}

static void test_inbody(void)
{
	inbody("From: A B <a@x.org>\n\nText\n", " A B <a@x.org>", NULL, "Text\n");
	inbody("From: A <a@x.org>\nDate: Mon, 1 Jan 2024\nSubject: [PATCH] s\n\nText\n",
	       " A <a@x.org>", " [PATCH] s", "Text\n");
	inbody("\n\nFrom: A <a@x.org>\n\nText\n", " A <a@x.org>", NULL, "Text\n");
	inbody("from: A <a@x.org>\n\nText\n", " A <a@x.org>", NULL, "Text\n");
	inbody("From: =?UTF-8?q?Micha=C5=82?=\n <m@x.org>\n\nT\n", " =?UTF-8?q?Micha=C5=82?= <m@x.org>", NULL, "T\n");
	inbody("Text first\nFrom: A <a@x.org>\n", NULL, NULL, "Text first\nFrom: A <a@x.org>\n");
	inbody("From: A <a@x.org>\nText right after\n", " A <a@x.org>", NULL, "Text right after\n");
	inbody("", NULL, NULL, "");
	inbody("Fromage: cheese\n", NULL, NULL, "Fromage: cheese\n");
}

static void excerpt(const char *text, const char *want, const char *name)
{
	char *e = ld_body_excerpt(text);
	is(e, want, name);
	free(e);
}

static void test_excerpt(void)
{
	excerpt("Msg.\n\nSigned-off-by: A <a@x>\n---\n f.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\ndiff --git a/f.c b/f.c\n",
		"Msg.\n\nSigned-off-by: A <a@x>\n---\n f.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)",
		"cut after the diffstat summary");
	excerpt("Msg.\n---\ndiff --git a/f b/f\n+x\n", "Msg.\n---", "cut before diff --git");
	excerpt("Hello\n\n\n-- \n2.43.0\n", "Hello", "cut before the signature, blank lines dropped");
	excerpt("\n\n  \nHello\n", "Hello", "leading blank lines dropped");
	excerpt("Hello\n--\nnot a signature\n", "Hello\n--\nnot a signature", "-- needs its space");
	excerpt("", "", "empty body");
	excerpt("\n\n", "", "blank body");
	excerpt("A\n 3 files changed, 10 insertions(+)\n", "A\n 3 files changed, 10 insertions(+)", "insertions only");
	excerpt("A\n 2 files changed, 4 deletions(-)\nmore\n", "A\n 2 files changed, 4 deletions(-)", "deletions only");
	excerpt("A\n 1 file changed\nB\n", "A\n 1 file changed\nB", "summary needs counts");

	const char *sum = " 43 files changed, 113 insertions(+), 120 deletions(-)";
	ok(ld_is_diffstat_summary(sum, strlen(sum)), "summary");
	sum = "43 files changed, 1 insertion(+)";
	ok(!ld_is_diffstat_summary(sum, strlen(sum)), "summary needs leading space");
	sum = " 0 files changed";
	ok(ld_is_diffstat_summary(sum, strlen(sum)), "0 files changed stands alone");
	ok(ld_is_signature("-- ", 3) && !ld_is_signature("---", 3), "signature");
	ok(ld_is_diff_start("diff --git a/x b/x", 18) && !ld_is_diff_start("diff -u a b", 11), "diff start");
}

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

static void test_pull(void)
{
	ld_pull_text pt;
	ld_pull_parse("Hi Pia,\n\nThe following changes since commit 0123:\n\n  Linux 6.10\n\n"
		      "are available in the Git repository at:\n\n  git://example.org/frob.git tags/x-1  \n\n"
		      "----------------------------------------------------------------\nfrob fixes\n\n"
		      "----------------------------------------------------------------\n"
		      "Hugo Lindgren (1):\n      one\n\nKalle Lind (12):\n      two\n", &pt);
	ok(pt.greeting && !strcmp(pt.greeting, "Pia") && pt.source &&
	   !strcmp(pt.source, "git://example.org/frob.git tags/x-1") && pt.commits == 13,
	   "pull request: greeting, source, shortlog commits");
	ld_pull_text_release(&pt);
	ld_pull_parse("Please have a look at the ring code first, it is (I think) wrong.\n", &pt);
	ok(!pt.greeting && !pt.source && !pt.commits, "pull request: a sentence is no greeting");
	ld_pull_text_release(&pt);
	char *r[] = { "kvm@vger.kernel.org", "Radim Kr\xc4\x8dm\xc3\xa1\xc5\x99", "Paolo Bonzini" };
	char *a = ld_pull_addressee("Paolo or Radim", r, 3);
	is(a, "Paolo Bonzini and Radim Kr\xc4\x8dm\xc3\xa1\xc5\x99", "pull request: two people greeted, as the recipients spell them");
	free(a);
	a = ld_pull_addressee(NULL, r, 3);
	is(a, "Radim Kr\xc4\x8dm\xc3\xa1\xc5\x99", "pull request: no greeting: the first recipient that is not a list");
	free(a);
	a = ld_pull_addressee("Linus", r, 3);
	is(a, "Linus", "pull request: a greeted name no recipient has");
	free(a);
}

static void collect(void *ctx, const char *path, size_t len)
{
	ld_buf *b = ctx;
	ld_buf_add(b, path, len);
	ld_buf_addc(b, ';');
}

static void test_other(void)
{
	ok(ld_body_has_patch("x\ndiff --git a/x b/x\n") && !ld_body_has_patch("> diff --git a/x b/x\n"), "a patch in a reply");

	ok(ld_dmarc_name("Jane Roe via Virt") == 8, "DMARC name");
	ok(ld_dmarc_name("Jane Roe") == 0 && ld_dmarc_name("via Virt") == 0, "not a DMARC name");

	ld_buf b;
	ld_buf_init(&b);
	ld_diff_paths("msg\n---\n a/b.c       | 2 +-\n .../long/tail.h | 1 +\n 2 files changed\n\n"
		      "diff --git a/a/b.c b/a/b.c\n+ x | 3\ndiff --git a/old.c b/new.c\n", collect, &b);
	is(b.s, "a/b.c;.../long/tail.h;a/b.c;a/b.c;old.c;new.c;", "paths from diffstat and diff");
	ld_buf_release(&b);
}

int main(void)
{
	test_inbody();
	test_excerpt();
	test_trailers();
	test_applied();
	test_pull();
	test_other();
	return done_testing();
}
