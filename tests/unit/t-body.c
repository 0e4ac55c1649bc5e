/* t-body.c - classify/body.c: in-body headers, excerpt cutting, DMARC
 * names, the paths a patch touches.  (Trailers and applied notes:
 * t-trailers.c; pull requests: t-pull.c.)  Prints TAP (tap.h). */
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

static void collect(void *ctx, const char *path, size_t len)
{
	ld_buf *b = ctx;
	ld_buf_add(b, path, len);
	ld_buf_addc(b, ';');
}

static void test_other(void)
{
	ok(ld_dmarc_name("Jane Roe via Virt") == 8, "DMARC name");
	ok(ld_dmarc_name("Jane Roe") == 0 && ld_dmarc_name("via Virt") == 0, "not a DMARC name");

	ld_buf b;
	ld_buf_init(&b);
	ld_diff_paths("msg\n---\n a/b.c       | 2 +-\n .../long/tail.h | 1 +\n 2 files changed\n\n"
		      "diff --git a/a/b.c b/a/b.c\n+ x | 3\ndiff --git a/old.c b/new.c\n", collect, &b);
	is(b.s, "a/b.c;.../long/tail.h;a/b.c;a/b.c;old.c;new.c;", "paths from diffstat and diff");
	ld_buf_release(&b);
	ld_buf_init(&b);
	ld_diff_paths("msg\n---\n mmu.c | 2 +-\n\n--- a/arch/kvm/mmu.c\n+++ b/arch/kvm/mmu.c\n@@ -1 +1 @@\n"
		      "--- linux.orig/x/y.c\t2021-01-01\n+++ linux/x/y.c\t2021-01-02\n--- /dev/null\n+++ b/new.c\n"
		      "--- \n--- nofolder\n", collect, &b);
	is(b.s, "mmu.c;arch/kvm/mmu.c;arch/kvm/mmu.c;x/y.c;x/y.c;new.c;",
	   "paths of a diff without git's line (---/+++, first folder dropped, not /dev/null)");
	ld_buf_release(&b);
}

int main(void)
{
	test_inbody();
	test_excerpt();
	test_other();
	return done_testing();
}
