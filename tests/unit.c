/* unit.c - unit tests of the pure parts: subject tags, in-body headers,
 * excerpt cutting, terminal escaping.  Prints TAP. */
#include "../src/ld.h"
#include "../src/escape.h"
#include "../src/people.h"
#include "../src/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int n_test, n_fail;

static void ok(int cond, const char *name)
{
	n_test++;
	if (!cond)
		n_fail++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_test, name);
}

static void is_str(const char *got, const char *want, const char *name)
{
	int same = !strcmp(got, want);
	ok(same, name);
	if (!same) {
		printf("#   got:  '");
		for (const char *p = got; *p; p++)
			printf(*p == '\n' ? "\\n" : "%c", *p);
		printf("'\n#   want: '");
		for (const char *p = want; *p; p++)
			printf(*p == '\n' ? "\\n" : "%c", *p);
		printf("'\n");
	}
}

/* subject: reply, posting, counter, total, version, title */
static void subj(const char *s, int reply, int patch, int counter, int total, int version,
		 const char *title)
{
	ld_subject p;
	char name[512];
	ld_subject_parse(s, &p);
	snprintf(name, sizeof(name), "subject '%s'", s);
	int good = p.reply == reply && p.patch == patch && p.counter == counter &&
		   p.total == total && p.version == version && !strcmp(s + p.title, title);
	ok(good, name);
	if (!good)
		printf("#   got reply=%d patch=%d %d/%d v%d title='%s'\n", p.reply, p.patch,
		       p.counter, p.total, p.version, s + p.title);
}

static void test_subjects(void)
{
	subj("[PATCH] KVM: x86: fix", 0, 1, -1, -1, 1, "KVM: x86: fix");
	subj("[PATCH v4 07/49] KVM: arm64: thing", 0, 1, 7, 49, 4, "KVM: arm64: thing");
	subj("[RFC PATCH net-next v6 1/8] net: x", 0, 1, 1, 8, 6, "net: x");
	subj("[kvm-unit-tests PATCH] x86: test", 0, 1, -1, -1, 1, "x86: test");
	subj("[PATCHv2 3/5] foo", 0, 1, 3, 5, 2, "foo");
	subj("[PATCH 1/3 v2] foo", 0, 1, 1, 3, 2, "foo");
	subj("[RESEND PATCH] foo", 0, 1, -1, -1, 1, "foo");
	subj("[PATCH RESEND v3 0/2] foo", 0, 1, 0, 2, 3, "foo");
	subj("[RFC] idea", 0, 1, -1, -1, 1, "idea");
	subj("[RFCv2 PATCH 2/2] idea", 0, 1, 2, 2, 2, "idea");
	subj("[PATCH-v3] x", 0, 1, -1, -1, 3, "x");
	subj("[RFC/PATCH 2/3] x", 0, 1, 2, 3, 1, "x");
	subj("[RFC-PATCH] x", 0, 1, -1, -1, 1, "x");
	subj("[stable:PATCH] x", 0, 1, -1, -1, 1, "x");
	subj("[PATCHSET v2 0/9] x", 0, 1, 0, 9, 2, "x");
	subj("[DISPATCHER] x", 0, 0, -1, -1, 1, "x");
	subj("[RFCOMM] x", 0, 0, -1, -1, 1, "x");
	subj("[GIT PULL] KVM fixes", 0, 0, -1, -1, 1, "KVM fixes");
	subj("[ANNOUNCE] release", 0, 0, -1, -1, 1, "release");
	subj("Re: [PATCH 1/2] foo", 1, 1, 1, 2, 1, "foo");
	subj("RE: [PATCH] foo", 1, 1, -1, -1, 1, "foo");
	subj("Aw: [PATCH] foo", 1, 1, -1, -1, 1, "foo");
	subj("SV: [PATCH] foo", 1, 1, -1, -1, 1, "foo");
	subj("Fwd: [PATCH] foo", 1, 1, -1, -1, 1, "foo");
	subj("Re: Re: [PATCH] foo", 1, 1, -1, -1, 1, "foo");
	subj("Re[2]: [PATCH] foo", 1, 1, -1, -1, 1, "foo");
	subj("Question about PATCH handling", 0, 0, -1, -1, 1, "Question about PATCH handling");
	subj("Reply: not a prefix", 0, 0, -1, -1, 1, "Reply: not a prefix");
	subj("[PATCH 99999999999/3] garbage counter", 0, 1, -1, -1, 1, "garbage counter");
	subj("[PATCH unclosed", 0, 0, -1, -1, 1, "[PATCH unclosed");
	subj("", 0, 0, -1, -1, 1, "");
	subj("[] [PATCH] [x] y", 0, 1, -1, -1, 1, "y");

	ld_subject p;
	ld_subject_parse("[PATCH 0/3] c", &p);
	ok(ld_subject_is_entry(&p), "0/N is an entry");
	ld_subject_parse("[PATCH 1/3] c", &p);
	ok(ld_subject_is_entry(&p), "1/N is an entry");
	ld_subject_parse("[PATCH 2/3] c", &p);
	ok(!ld_subject_is_entry(&p) && ld_subject_is_posting(&p), "2/N is a posting, no entry");
	ld_subject_parse("[PATCH] c", &p);
	ok(ld_subject_is_entry(&p), "single patch is an entry");
	ld_subject_parse("Re: [PATCH] c", &p);
	ok(!ld_subject_is_posting(&p), "reply is no posting");
}

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
	is_str(e, want, name);
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

static void esc(const char *in, const char *want, const char *name)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	ld_esc_text(f, in);
	fclose(f);
	is_str(buf, want, name);
	free(buf);
}

static void test_escape(void)
{
	esc("plain text\twith tab\n", "plain text\twith tab\n", "text passes");
	esc("a\x1b[31mred\x1b[0m b", "ared b", "CSI stripped");
	esc("a\x1b]0;title\x07z", "az", "OSC with BEL stripped");
	esc("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\z", "alinkz", "OSC 8 hyperlink stripped");
	esc("a\xc2\x9b" "31mz", "az", "C1 CSI stripped");
	esc("a\xc2\x85z", "az", "C1 NEL stripped");
	esc("a\rb\bc\x7f" "d", "abcd", "CR, BS, DEL stripped");
	esc("Micha\xc5\x82 \xe2\x9c\x93", "Micha\xc5\x82 \xe2\x9c\x93", "UTF-8 kept");
	esc("trailing\x1b", "trailing", "lone ESC at the end");
	esc("x\x1b[", "x", "unfinished CSI");
}

static void test_util(void)
{
	ok(ld_utf8_valid("Micha\xc5\x82", 7), "utf8 valid");
	ok(!ld_utf8_valid("\xc0\xaf", 2), "overlong rejected");
	ok(!ld_utf8_valid("\xed\xa0\x80", 3), "surrogate rejected");
	ok(!ld_utf8_valid("\xe2\x82", 2), "truncated rejected");
	ok(ld_casecmp("abc", "ABD") < 0 && ld_casecmp("B", "a") > 0, "casecmp folds ASCII");
	ld_map m;
	ld_map_init(&m);
	char key[32];
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		*ld_map_slot(&m, key) = (void *)(long)(i + 1);
	}
	int good = m.n == 1000;
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		good &= ld_map_get(&m, key) == (void *)(long)(i + 1);
	}
	ok(good && !ld_map_get(&m, "nope"), "map holds 1000 keys");
	ld_map_release(&m);
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

static void prefix(const char *subject, const char *want)
{
	ld_subject s;
	ld_subject_parse(subject, &s);
	char *p = ld_subject_prefix(subject, &s);
	char name[256];
	snprintf(name, sizeof(name), "prefix of '%s'", subject);
	is_str(p, want, name);
	free(p);
}

static void collect(void *ctx, const char *path, size_t len)
{
	ld_buf *b = ctx;
	ld_buf_add(b, path, len);
	ld_buf_addc(b, ';');
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

	ok(ld_dmarc_name("Jane Roe via Virt") == 8, "DMARC name");
	ok(ld_dmarc_name("Jane Roe") == 0 && ld_dmarc_name("via Virt") == 0, "not a DMARC name");

	prefix("[PATCH v4 07/49] x", "PATCH v4");
	prefix("[RFC PATCH net-next v6 1/8] x", "RFC PATCH net-next v6");
	prefix("[PATCH 1/3 v2] x", "PATCH v2");
	prefix("[kvm-unit-tests PATCH] x", "kvm-unit-tests PATCH");
	prefix("[PATCH] [RESEND] x", "PATCH RESEND");
	prefix("Re: [PATCHv2 3/5] x", "PATCHv2");

	ld_buf b;
	ld_buf_init(&b);
	ld_diff_paths("msg\n---\n a/b.c       | 2 +-\n .../long/tail.h | 1 +\n 2 files changed\n\n"
		      "diff --git a/a/b.c b/a/b.c\n+ x | 3\ndiff --git a/old.c b/new.c\n", collect, &b);
	is_str(b.s, "a/b.c;.../long/tail.h;a/b.c;a/b.c;old.c;new.c;", "paths from diffstat and diff");
	ld_buf_release(&b);
}

static char *temp_file(const char *text)
{
	char *path = strdup("/tmp/ld-unit-XXXXXX");
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_people(void)
{
	ld_err err;
	char *mm = temp_file("# comment\n"
			     "Jane Roe <jane@corp.example.com>\n"
			     "<bob@example.org> <Bob@Old.example.org>\n"
			     "Carol Zhang <carol@example.com> Carol Z <cz@example.net>\n"
			     "Carol Zhang <carol@example.com> <cz@example.net>\n");
	ld_mailmap *m = ld_mailmap_load(mm, &err);
	ok(m != NULL, "mailmap loads");
	const char *n, *a;
	ld_mailmap_map(m, "jane", "JANE@corp.example.com", &n, &a);
	ok(!strcmp(n, "Jane Roe") && !strcmp(a, "JANE@corp.example.com"), "mailmap: name for an address");
	ld_mailmap_map(m, "Bob", "bob@old.example.org", &n, &a);
	ok(!strcmp(n, "Bob") && !strcmp(a, "bob@example.org"), "mailmap: address for an address");
	ld_mailmap_map(m, "Carol Z", "cz@example.net", &n, &a);
	ok(!strcmp(n, "Carol Zhang") && !strcmp(a, "carol@example.com"), "mailmap: name and address");
	ld_mailmap_map(m, "Other", "x@example.net", &n, &a);
	ok(!strcmp(n, "Other") && !strcmp(a, "x@example.net"), "mailmap: unknown stays");
	ld_mailmap_free(m);
	unlink(mm);
	free(mm);
	mm = temp_file("Jane <jane@example.org\n");
	ok(ld_mailmap_load(mm, &err) == NULL && strstr(err.msg, ":1:"), "mailmap: bad line named");
	unlink(mm);
	free(mm);

	char *om = temp_file("intel.com Intel\n"
			     "example.com Example Corp < 2020-01-01\n"
			     "example.com Example Inc\n"
			     "boss@example.com Boss Consulting\n"
			     "# gone\n");
	ld_orgmap *o = ld_orgmap_load(om, &err);
	ok(o != NULL, "org map loads");
	const char *org = ld_orgmap_lookup(o, "a@linux.intel.com", 0);
	ok(org && !strcmp(org, "Intel"), "org: sub-domain");
	org = ld_orgmap_lookup(o, "a@example.com", 1500000000);
	ok(org && !strcmp(org, "Example Corp"), "org: dated entry before its end");
	org = ld_orgmap_lookup(o, "a@example.com", 1700000000);
	ok(org && !strcmp(org, "Example Inc"), "org: after the end date");
	org = ld_orgmap_lookup(o, "Boss@Example.com", 1700000000);
	ok(org && !strcmp(org, "Boss Consulting"), "org: address beats domain");
	ok(ld_orgmap_lookup(o, "a@gmail.com", 0) == NULL, "org: unknown");
	ok(ld_orgmap_lookup(o, "a@notintel.com", 0) == NULL, "org: no suffix match across labels");
	ld_orgmap_free(o);
	unlink(om);
	free(om);
	om = temp_file("example.com Example < 2020-13-01\n");
	ok(ld_orgmap_load(om, &err) == NULL && strstr(err.msg, ":1:"), "org map: bad date named");
	unlink(om);
	free(om);
}

int main(void)
{
	test_subjects();
	test_inbody();
	test_excerpt();
	test_escape();
	test_util();
	test_trailers();
	test_people();
	printf("1..%d\n", n_test);
	return n_fail != 0;
}
