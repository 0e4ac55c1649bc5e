/* unit.c - unit tests of the pure parts: subject tags, in-body headers,
 * excerpt cutting, terminal escaping.  Prints TAP. */
#include "../src/run/run.h"
#include "../src/render/render.h"
#include "../src/store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

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

/* The same reply body in three transfer encodings: the answer (trailers,
 * applied note) must not depend on the encoding. */
static char *encode_qp(const char *body)
{
	ld_buf b;
	ld_buf_init(&b);
	static const char hex[] = "0123456789ABCDEF";
	int col = 0;
	for (const unsigned char *p = (const unsigned char *)body; *p; p++) {
		/* the first byte of each line encoded, and a soft line break
		 * every 7 bytes: the words are split as QP allows */
		int first = p == (const unsigned char *)body || p[-1] == '\n';
		if (*p == '\n') {
			ld_buf_addc(&b, '\n');
			col = 0;
			continue;
		}
		if (col >= 7) {
			ld_buf_adds(&b, "=\n");
			col = 0;
		}
		if (first || *p == '=' || *p >= 127 || *p == '\t') {
			ld_buf_addc(&b, '=');
			ld_buf_addc(&b, hex[*p >> 4]);
			ld_buf_addc(&b, hex[*p & 15]);
		} else {
			ld_buf_addc(&b, (char)*p);
		}
		col++;
	}
	return ld_buf_detach(&b);
}

static char *encode_b64(const char *body)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	ld_buf b;
	ld_buf_init(&b);
	size_t n = strlen(body), col = 0;
	const unsigned char *s = (const unsigned char *)body;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
			     (i + 2 < n ? s[i + 2] : 0);
		ld_buf_addc(&b, al[v >> 18 & 63]);
		ld_buf_addc(&b, al[v >> 12 & 63]);
		ld_buf_addc(&b, i + 1 < n ? al[v >> 6 & 63] : '=');
		ld_buf_addc(&b, i + 2 < n ? al[v & 63] : '=');
		if ((col += 4) >= 76) {
			ld_buf_addc(&b, '\n');
			col = 0;
		}
	}
	ld_buf_addc(&b, '\n');
	return ld_buf_detach(&b);
}

static char *answer(ld_mailctx *c, const char *cte, const char *body)
{
	ld_buf raw, out;
	ld_buf_init(&raw);
	ld_buf_init(&out);
	ld_buf_adds(&raw, "From: Ben Carter <ben@example.com>\nSubject: Re: [PATCH] frob: x\n"
			  "Message-ID: <r1@example.com>\nIn-Reply-To: <p1@example.org>\n"
			  "Date: Mon, 6 May 2024 10:00:00 +0000\nMIME-Version: 1.0\n"
			  "Content-Type: text/plain; charset=UTF-8\n");
	if (cte)
		ld_buf_addf(&raw, "Content-Transfer-Encoding: %s\n", cte);
	ld_buf_addc(&raw, '\n');
	ld_buf_adds(&raw, body);
	ld_msg m;
	memset(&m, 0, sizeof(m));
	ld_msg_needs needs = { 0 };
	ld_msg_parse(c, raw.s, raw.len, &needs, &m);
	for (size_t i = 0; i < m.n_trailers; i++)
		ld_buf_addf(&out, "%d:%s:%s;", m.trailers[i].kind, m.trailers[i].name, m.trailers[i].addr);
	ld_buf_addf(&out, "applied=%s by=%s firm=%d patch=%d", m.applied ? m.applied : "(none)",
		    m.applied_by ? m.applied_by : "(none)", m.applied_firm, m.body_patch);
	ld_msg_release(&m);
	ld_buf_release(&raw);
	return ld_buf_detach(&out);
}

static void test_encodings(void)
{
	static const struct {
		const char *body, *want;
	} cases[] = {
		{ "Looks good.\n\nReviewed-by: Ben Carter <ben@example.com>\n",
		  "1:Ben Carter:ben@example.com;applied=(none) by=(none) firm=0 patch=0" },
		{ "Looks good.\n\nreviewed-by: Ben Carter <ben@example.com>\n",
		  "1:Ben Carter:ben@example.com;applied=(none) by=(none) firm=0 patch=0" },
		{ "Looks good.\n\n    Reviewed-by: Ben Carter <ben@example.com>\n",
		  "1:Ben Carter:ben@example.com;applied=(none) by=(none) firm=0 patch=0" },
		{ "\tACKED-BY: Nora Quist <nora@example.org>\ntested-By: Nora Quist <nora@example.org>\n",
		  "2:Nora Quist:nora@example.org;3:Nora Quist:nora@example.org;applied=(none) by=(none) firm=0 patch=0" },
		{ "> Reviewed-by: Ben Carter <ben@example.com>\n\nThanks.\n",
		  "applied=(none) by=(none) firm=0 patch=0" },
		{ "On Mon, Rita wrote:\n> x\n\n  applied to frob-next, thanks!\n",
		  "applied=frob-next by=(none) firm=1 patch=0" },
		{ "Hello:\n\nThis series was applied to virt/frob.git (main)\nby Hugo Lindgren <hugo@example.org>:\n",
		  "applied=virt/frob.git (main) by=Hugo Lindgren <hugo@example.org> firm=1 patch=0" },
		{ "Jos\xc3\xa9 says: I'm not sure how we get this\nmerged.\n",
		  "applied=(none) by=(none) firm=0 patch=0" },
		{ "Here it is again:\n\ndiff --git a/x b/x\n",
		  "applied=(none) by=(none) firm=0 patch=1" },
	};
	ld_mail_global_init();
	ld_mailctx *c = ld_mailctx_new();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *qp = encode_qp(cases[i].body), *b64 = encode_b64(cases[i].body);
		char *plain = answer(c, NULL, cases[i].body);
		char *a8 = answer(c, "8bit", cases[i].body);
		char *aq = answer(c, "quoted-printable", qp);
		char *ab = answer(c, "base64", b64);
		char name[128];
		snprintf(name, sizeof(name), "encodings %zu: plain", i);
		is_str(plain, cases[i].want, name);
		snprintf(name, sizeof(name), "encodings %zu: 8bit", i);
		is_str(a8, cases[i].want, name);
		snprintf(name, sizeof(name), "encodings %zu: quoted-printable", i);
		is_str(aq, cases[i].want, name);
		snprintf(name, sizeof(name), "encodings %zu: base64", i);
		is_str(ab, cases[i].want, name);
		free(qp);
		free(b64);
		free(plain);
		free(a8);
		free(aq);
		free(ab);
	}
	ld_mailctx_free(c);
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
		is_str(a, "Paolo Bonzini and Radim Kr\xc4\x8dm\xc3\xa1\xc5\x99", "pull request: two people greeted, as the recipients spell them");
		free(a);
		a = ld_pull_addressee(NULL, r, 3);
		is_str(a, "Radim Kr\xc4\x8dm\xc3\xa1\xc5\x99", "pull request: no greeting: the first recipient that is not a list");
		free(a);
		a = ld_pull_addressee("Linus", r, 3);
		is_str(a, "Linus", "pull request: a greeted name no recipient has");
		free(a);
		ld_subject sj;
		const char *ps[] = { "[GIT PULL] x", "[GIT PULL 2/6] x", "[PULL REQUEST] x", "[GIT,PULL] x",
				     "Re: [GIT PULL] x", "[PATCH] pull: x", "[PULLED] x" };
		int want[] = { 1, 1, 1, 1, 0, 0, 0 }, good = 1;
		for (int i = 0; i < 7; i++) {
			ld_subject_parse(ps[i], &sj);
			good &= ld_subject_is_pull(ps[i], &sj) == want[i];
		}
		ok(good, "pull request subjects");
	}
	ok(ld_body_has_patch("x\ndiff --git a/x b/x\n") && !ld_body_has_patch("> diff --git a/x b/x\n"), "a patch in a reply");

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

/* ---- delivery: dates, mbox splitting, state files ------------------- */

static void when(const char *in, int64_t now, long long want, const char *name)
{
	int64_t got = -1;
	int rc = ld_when_parse(in, now, &got);
	char n[256];
	snprintf(n, sizeof(n), "when '%s': %s", in, name);
	ok(want < 0 ? rc != 0 : rc == 0 && got == want, n);
	if (!(want < 0 ? rc != 0 : rc == 0 && got == want))
		printf("#   rc=%d got=%lld want=%lld\n", rc, (long long)got, want);
}

static void test_when(void)
{
	int64_t now = 1763391600; /* 2025-11-17T15:00:00Z, a Monday */
	setenv("TZ", "UTC", 1);
	tzset();
	when("2025-11-17", now, 1763337600, "date is midnight");
	when("2025-11-17T10:00", now, 1763373600, "date and time");
	when("2025-11-17 10:00:30", now, 1763373630, "space and seconds");
	when("2025-11-17T10:00Z", now, 1763373600, "Z");
	when("2025-11-17T10:00+01:00", now, 1763370000, "+01:00");
	when("2025-11-17T10:00-0530", now, 1763393400, "-0530");
	when("2024-02-29", now, 1709164800, "leap day");
	when("2025-02-29", now, -1, "no such day");
	when("2025-13-01", now, -1, "no month 13");
	when("2025-11-17T24:00", now, -1, "no hour 24");
	when("2025-11-17T10:00+2", now, -1, "short zone");
	when("today", now, 1763337600, "local midnight");
	when("yesterday", now, 1763251200, "midnight before");
	when("now", now, now, "now");
	when("1 day ago", now, now - 86400, "exact day");
	when("3 days ago", now, now - 3 * 86400, "plural");
	when("2.weeks.ago", now, now - 14 * 86400, "git's dotted form");
	when("1 Week Ago", now, now - 7 * 86400, "any case");
	when("1 month ago", now, 1760713200, "calendar month");
	when("0 days ago", now, now, "zero");
	when("3 fortnights ago", now, -1, "unknown unit");
	when("ago", now, -1, "no number");
	when("-1 days ago", now, -1, "negative");
	when("", now, -1, "empty");
	when("next tuesday", now, -1, "not a form we take");
	/* 2025-03-31 - 1 month = Feb 28 (clamped) */
	when("1 month ago", 1743422400, 1740744000, "clamped to Feb 28");
	/* local time: a zone 9 hours east of UTC */
	setenv("TZ", "JST-9", 1);
	tzset();
	when("2025-11-17", now, 1763337600 - 9 * 3600, "zone-less date is local");
	when("today", now, now, "local today: 2025-11-18T00:00 JST is 15:00Z");
	when("2025-11-17T10:00Z", now, 1763373600, "explicit zone ignores TZ");
	setenv("TZ", "UTC", 1);
	tzset();
}

/* Splits buf and joins the messages with "|" (unquoted). */
static void split(const char *buf, const char *want, const char *name)
{
	ld_buf out;
	ld_buf_init(&out);
	size_t off = 0, len = strlen(buf);
	ld_mbox_span sp;
	int rc;
	while ((rc = ld_mbox_next(buf, len, &off, &sp)) == 1) {
		char *tmp = malloc(sp.len + 1);
		size_t n = sp.quoted ? ld_mbox_unquote(buf + sp.start, sp.len, tmp) : sp.len;
		if (!sp.quoted)
			memcpy(tmp, buf + sp.start, sp.len);
		if (out.len)
			ld_buf_addc(&out, '|');
		ld_buf_add(&out, tmp, n);
		if (sp.truncated)
			ld_buf_adds(&out, "<T>");
		free(tmp);
	}
	if (rc < 0)
		ld_buf_adds(&out, "<NOT-MBOX>");
	is_str(out.s, want, name);
	ld_buf_release(&out);
}

static void test_mbox(void)
{
	const char *F = "From mboxrd@z Thu Jan  1 00:00:00 1970\n";
	char b[1024];
	split("", "", "empty file: no messages");
	split("Subject: x\n\nbody\n", "<NOT-MBOX>", "no From_ line at the start");
	snprintf(b, sizeof(b), "%sA: 1\n\na\n\n%sB: 2\n\nb\n", F, F);
	split(b, "A: 1\n\na\n|B: 2\n\nb\n", "two messages, separator blank line dropped");
	snprintf(b, sizeof(b), "%sA: 1\n\nsee below\nFrom here on it is wrong\n\nend\n", F);
	split(b, "A: 1\n\nsee below\nFrom here on it is wrong\n\nend\n",
	      "From line after a non-empty line is body text");
	snprintf(b, sizeof(b), "%sA: 1\n\npara\n\nFrom my experience, no.\n", F);
	split(b, "A: 1\n\npara\n\nFrom my experience, no.\n",
	      "From line after a blank line without a date is body text");
	snprintf(b, sizeof(b), "%sA: 1\n\n>From x\n>>From y\n> From z\n\n%sB: 2\n", F, F);
	split(b, "A: 1\n\nFrom x\n>From y\n> From z\n|B: 2\n", "mboxrd unquoting, one '>' per line");
	split("From a Mon Jan  1 00:00:00 2024\r\nA: 1\r\n\r\nx\r\n\r\n"
	      "From b Mon Jan  1 00:00:01 2024\r\nB: 2\r\n\r\ny\r\n",
	      "A: 1\r\n\r\nx\r\n|B: 2\r\n\r\ny\r\n", "CRLF file");
	snprintf(b, sizeof(b), "%sA: 1\n\na\n\n%sB: 2\n\ntrunc", F, F);
	split(b, "A: 1\n\na\n|B: 2\n\ntrunc<T>", "truncated last message");
	snprintf(b, sizeof(b), "%sA: 1\n\na\n\n\n", F);
	split(b, "A: 1\n\na\n\n", "only one trailing empty line dropped");
	split("From bob at example.com  Tue Mar  3 10:00:00 2020\nA: 1\n\na\n\n"
	      "From carol at example.com  Tue Mar  3 11:00:00 2020\nB: 2\n\nb\n",
	      "A: 1\n\na\n|B: 2\n\nb\n", "pipermail From_ lines");
	split("From nobody\nA: 1\n", "A: 1\n", "first From_ line may have any shape");
	ok(ld_mbox_from_line("From 1234abcd Mon Sep 17 00:00:00 2001", 39), "format-patch From_ line");
	ok(!ld_mbox_from_line("From the start of 2001", 22), "no time: not a From_ line");
	ok(!ld_mbox_from_line("From 10:00 on", 13), "no year: not a From_ line");
}

static void state_bad(const char *text, const char *why_has, const char *name)
{
	ld_state s;
	char why[256] = "";
	int rc = ld_state_parse(text, strlen(text), &s, why, sizeof(why));
	ok(rc < 0 && strstr(why, why_has), name);
	if (!(rc < 0 && strstr(why, why_has)))
		printf("#   rc=%d why='%s'\n", rc, why);
}

static void test_state(void)
{
	const char *h = "0123456789abcdef0123456789abcdef01234567";
	char text[1024];
	snprintf(text, sizeof(text),
		 "listdigest-state 1\n# c\n\nepoch 1 %s 1700000060 b@x\nepoch 0 %s 1700000000 a b@x\n", h, h);
	ld_state s;
	char why[256];
	ok(ld_state_parse(text, strlen(text), &s, why, sizeof(why)) == 0 && s.n == 2, "state parses");
	const ld_mark *m = ld_state_find(&s, 0);
	ok(m && m->time == 1700000000 && !strcmp(m->message_id, "a b@x") && !strcmp(m->commit, h),
	   "state mark fields");
	char *out = ld_state_format(&s);
	snprintf(text, sizeof(text),
		 "listdigest-state 2\n# listdigest --state: the newest commit reported in each epoch;\n"
		 "# delete this file to report the whole archive again\n"
		 "epoch 0 %s 1700000000 a b@x\nepoch 1 %s 1700000060 b@x\nend 2\n", h, h);
	is_str(out, text, "state formats sorted by epoch, with the end line");
	ld_state s2;
	ok(ld_state_parse(out, strlen(out), &s2, why, sizeof(why)) == 0 && s2.n == 2, "state round trip");
	free(out);
	ld_state_release(&s);
	ld_state_release(&s2);
	state_bad("", "is empty", "empty file");
	state_bad("listdigest-state 3\n", "another version", "future version");
	state_bad("listdigest-state 2\n", "no 'end' line", "version 2 without end line");
	state_bad("listdigest-state 2\n# c\nend 0", "inside its 'end' line", "end line without newline");
	snprintf(text, sizeof(text), "listdigest-state 2\nepoch 0 %s 1\nend 0\n", h);
	state_bad(text, "line 3 counts another number", "end count lower");
	snprintf(text, sizeof(text), "listdigest-state 2\nend 0\n\n");
	state_bad(text, "line 3 comes after the end line", "empty line after the end");
	ok(ld_state_parse("listdigest-state 2\nend 0\n", strlen("listdigest-state 2\nend 0\n"), &s, why, sizeof(why)) == 0 && s.n == 0,
	   "version 2 with no epoch");
	ld_state_release(&s);
	state_bad("listdigest-state 1\n", "holds no epoch line", "version 1 cut after its first line");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch 0 %s 4102444801\n", h);
	state_bad(text, "bad time", "time after 2100");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch 0 %s 4102444800 a\tb@x\n", h);
	state_bad(text, "bad Message-ID", "tab in Message-ID");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch 0 %s 4102444800 a\xe2\x81\xa6" "b@x\n", h);
	state_bad(text, "bad Message-ID", "bidi isolate in Message-ID");
	{
		/* what the reader refuses is never written: out-of-range time
		 * and unsafe Message-ID are left out */
		ld_state w = { 0 };
		ld_mark mk = { 0, "", INT64_C(9223372036854775), (char *)"x\x1b[2J@y" };
		memcpy(mk.commit, h, 41);
		ld_state_set(&w, &mk);
		char *t = ld_state_format(&w);
		snprintf(text, sizeof(text), "epoch 0 %s 0\nend 1\n", h);
		ok(strstr(t, text) != NULL, "format leaves out an absurd time and an unsafe Message-ID");
		ld_state r2;
		ok(ld_state_parse(t, strlen(t), &r2, why, sizeof(why)) == 0, "and reads back what it wrote");
		ld_state_release(&r2);
		ld_state_release(&w);
		free(t);
	}
	state_bad("hello\n", "does not start", "no magic");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch 0 %.39s 1\n", h);
	state_bad(text, "line 2 has a bad commit", "short commit");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch x %s 1\n", h);
	state_bad(text, "bad epoch", "bad epoch");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch 0 %s -5\n", h);
	state_bad(text, "bad time", "bad time");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch 0 %s 1\nepoch 0 %s 2\n", h, h);
	state_bad(text, "line 3 repeats", "duplicate epoch");
	state_bad("listdigest-state 1\nepoc 0\n", "line 2 is not", "unknown line");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch 0 %s 1", h);
	state_bad(text, "truncated inside its last line", "version 1 without final newline: cut");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch 0 %s 1\n", h);
	ok(ld_state_parse(text, strlen(text), &s, why, sizeof(why)) == 0 && s.n == 1,
	   "version 1 without Message-ID");
	ld_state_release(&s);
}

/* What the archive index keeps of a cover letter: b4's change-id and the
 * links to earlier versions (body.c), and the title similarity of
 * versions.c. */
static void change_id(const char *body, const char *want, const char *name)
{
	char *c = ld_body_change_id(body);
	is_str(c, want, name);
	free(c);
}

static void vlinks(const char *body, const char *want, const char *name)
{
	char *l = ld_body_version_links(body);
	is_str(l, want, name);
	free(l);
}

static void test_versions(void)
{
	change_id("Cover.\n---\nbase-commit: abc\nchange-id: 20240404-doorbell-pin-5e1f0c2a9b7d\n\nBest regards,\n",
		  "20240404-doorbell-pin-5e1f0c2a9b7d", "change-id: b4's footer");
	change_id("Cover.\n---\nchange-id: 20240404-doorbell-pin-5e1f0c2a9b7d   \r\n", "20240404-doorbell-pin-5e1f0c2a9b7d",
		  "change-id: trailing blanks and CR");
	change_id("Fix it.\n\nChange-Id: I5148f8a9cab5f0c305c020e31627b4af88cd5c95\n---\n", "",
		  "change-id: Gerrit's Change-Id is not b4's");
	change_id("Text\nchange-id: 20240404-x-5e1f0c2a9b7d\n", "", "change-id: only below a --- line");
	change_id("x\n---\nchange-id: not-a-date-x\n", "", "change-id: needs b4's date prefix");
	change_id("x\n---\nchange-id: 20240404-a b\n", "", "change-id: one token");
	change_id("", "", "change-id: empty body");

	vlinks("Changes in v2:\n- Link to v1: https://lore.kernel.org/r/20240101-x-v1-0-abc@example.com\n",
	       "20240101-x-v1-0-abc@example.com", "b4's Link to v1");
	vlinks("v1: https://lore.kernel.org/kvm/20230101.1-1-a@example.org/\nv2: https://patch.msgid.link/20230102.1-1-a@example.org\n",
	       "20230101.1-1-a@example.org 20230102.1-1-a@example.org", "vN: lines, two hosts");
	vlinks("v2: https://patchwork.kernel.org/project/kvm/cover/20210923191610.1-1-o@example.com/\n",
	       "20210923191610.1-1-o@example.com", "a patchwork link names its Message-ID");
	vlinks("This is a rework of the patch previously posted at [1].\n\n[1] https://lore.kernel.org/r/p1@example.org\n",
	       "p1@example.org", "a footnote cited as 'previously posted'");
	vlinks("This depends on [1].\n\n[1] https://lore.kernel.org/virt/other@example.net/\n", "",
	       "a footnote cited without a version is not one");
	vlinks("Changes since v1 [2]:\n- x\n\n[2] https://lore.kernel.org/virt/old@example.org/\n",
	       "old@example.org", "a footnote cited on a version line");
	vlinks("Link: https://lore.kernel.org/r/bug@example.com\n", "", "a Link: trailer is no version");
	vlinks("v1:\n  https://lore.kernel.org/all/a%40example.com/\n", "a@example.com",
	       "the line after 'v1:', %40 decoded");
	vlinks("v3 is out, see https://lore.kernel.org/virt/\n", "", "a link without a Message-ID");
	vlinks("v12 https://lore.kernel.org/r/x@y\ndiff --git a/f b/f\nv1 https://lore.kernel.org/r/late@y\n",
	       "x@y", "nothing after the diff");
	ok(ld_names_version("Link to v1:", 11) && ld_names_version("(V10)", 5) && !ld_names_version("kvm2 dev", 8) &&
	   !ld_names_version("v2x", 3) && !ld_names_version("arm64v8", 7), "names a version: vN as a word");

	ok(ld_titles_similar("virt: frob: Tidy the IRQ table", "virt: frob: Tidy up the IRQ table and its comments"),
	   "similar titles: reworded");
	ok(ld_titles_similar("KVM: arm64: Fix Z", "kvm:  arm64: fix z"), "similar titles: case and spaces");
	ok(!ld_titles_similar("virt: frob: Add a ring watermark", "virt: frob: Fix the reset ordering"),
	   "different titles of one subsystem");
	ok(!ld_titles_similar("", "virt: frob: x"), "an empty title is like nothing");
}

/* One patch posting into the builder, as the pipeline would hand it. */
static void post(ld_builder *b, const char *subject, const char *from, const char *id,
		 const char *irt, int64_t date, uint64_t recipients)
{
	ld_msg m;
	memset(&m, 0, sizeof(m));
	m.subject = ld_xstrdup(subject);
	m.from_name = ld_xstrdup("Ann Example");
	m.from_addr = ld_xstrdup(from);
	m.message_id = ld_xstrdup(id);
	m.list_id = ld_xstrdup("");
	m.in_reply_to = ld_xstrdup(irt ? irt : "");
	if (irt) {
		m.refs[0] = ld_xstrdup(irt);
		m.n_refs = 1;
		m.reply = 1;
	}
	m.date = m.commit_time = date;
	m.date_ok = 1;
	ld_subject_parse(m.subject, &m.subj);
	m.author_name = ld_xstrdup("Ann Example");
	m.author_addr = ld_xstrdup(from);
	m.recipients = recipients;
	ld_builder_add(b, &m);
	ld_msg_release(&m);
}

static void is_counts(const ld_report *r, size_t s, const char *want, const char *name)
{
	char *c = s < r->n_series ? ld_series_counts(r, &r->series[s]) : ld_xstrdup("(no series)");
	is_str(c, want, name);
	free(c);
}

/* Series grouping over hand-built messages (report.c). */
static void test_series(void)
{
	ld_report_opts o;
	memset(&o, 0, sizeof(o));
	const int64_t t = 1725264000, day = 86400;
	const char *ann = "ann@example.org";

	/* a patch stored before its cover letter, 2/3 never comes */
	ld_builder *b = ld_builder_new(&o);
	post(b, "[PATCH 1/3] one", ann, "p1", "c0", t + 1, 7);
	post(b, "[PATCH 0/3] cover", ann, "c0", NULL, t, 7);
	post(b, "[PATCH 3/3] three", ann, "p3", "c0", t + 3, 7);
	ld_report *r = ld_builder_finish(b, NULL);
	ok(r->n_series == 1, "out of order: one series");
	is_counts(r, 0, "2 of 3 here, cover letter", "out of order: 2 of 3, nothing missing the same day");
	ld_report_free(r);

	/* the same a day later (another message ends the report) */
	b = ld_builder_new(&o);
	post(b, "[PATCH 1/3] one", ann, "p1", "c0", t + 1, 7);
	post(b, "[PATCH 0/3] cover", ann, "c0", NULL, t, 7);
	post(b, "[PATCH 3/3] three", ann, "p3", "c0", t + 3, 7);
	post(b, "[PATCH] later", "bob@example.org", "later", NULL, t + 2 * day, 9);
	r = ld_builder_finish(b, NULL);
	is_counts(r, 0, "2 of 3 here, cover letter, missing 2", "a day later: 2 is missing");
	ld_report_free(r);

	/* per-patch Cc: 2 is not missing */
	b = ld_builder_new(&o);
	post(b, "[PATCH 0/3] cover", ann, "c0", NULL, t, 7);
	post(b, "[PATCH 1/3] one", ann, "p1", "c0", t + 1, 7);
	post(b, "[PATCH 3/3] three", ann, "p3", "c0", t + 3, 8);
	post(b, "[PATCH] later", "bob@example.org", "later", NULL, t + 2 * day, 9);
	r = ld_builder_finish(b, NULL);
	is_counts(r, 0, "2 of 3 here, cover letter", "other recipients: not missing");
	ld_report_free(r);

	/* v2 cover, v3 patches of another N: one series, v3, the patches' N */
	b = ld_builder_new(&o);
	post(b, "[PATCH v2 0/4] cover", ann, "c0", NULL, t, 7);
	for (int i = 1; i <= 5; i++) {
		char s[64], id[16];
		snprintf(s, sizeof(s), "[PATCH v3 %d/5] p%d", i, i);
		snprintf(id, sizeof(id), "p%d", i);
		post(b, s, ann, id, "c0", t + i, 7);
	}
	r = ld_builder_finish(b, NULL);
	ok(r->n_series == 1 && r->series[0].version == 3 && r->series[0].total == 5,
	   "v2 0/4 cover with v3 n/5 patches: one series, v3, N 5");
	is_str(r->n_series ? r->series[0].prefix : "", "PATCH v3", "v2 cover, v3 patches: prefix PATCH v3");
	is_counts(r, 0, "5/5 patches, cover letter", "v2 cover, v3 patches: 5/5");
	ld_report_free(r);

	/* another sender's patch and a v2 of one patch in reply to the cover */
	b = ld_builder_new(&o);
	post(b, "[PATCH 0/2] cover", ann, "c0", NULL, t, 7);
	post(b, "[PATCH 1/2] one", ann, "p1", "c0", t + 1, 7);
	post(b, "[PATCH 2/2] two", ann, "p2", "c0", t + 2, 7);
	post(b, "[PATCH v2 2/2] two again", ann, "q2", "c0", t + 3, 7);
	post(b, "[PATCH 3/2] extra", "bob@example.org", "b3", "c0", t + 4, 7);
	r = ld_builder_finish(b, NULL);
	ok(r->n_series == 3, "a v2 of one patch and another sender's patch are series of their own");
	is_counts(r, 0, "2/2 patches, cover letter", "the cover's series keeps its two patches");
	ld_report_free(r);

	/* a huge N: one run, not 99,999 numbers */
	b = ld_builder_new(&o);
	post(b, "[PATCH 0/100000] cover", ann, "c0", NULL, t, 7);
	post(b, "[PATCH 1/100000] one", ann, "p1", "c0", t + 1, 7);
	post(b, "[PATCH] later", "bob@example.org", "later", NULL, t + 2 * day, 9);
	r = ld_builder_finish(b, NULL);
	ok(r->series[0].n_missing == 1 && r->series[0].missing[0].lo == 2 &&
	   r->series[0].missing[0].hi == 100000, "1 of 100000: missing is the one run 2-100000");
	is_counts(r, 0, "1 of 100000 here, cover letter, missing 2-100000", "1 of 100000: as it is");
	ld_report_free(r);

	/* runs as people write them */
	b = ld_builder_new(&o);
	post(b, "[PATCH 0/9] cover", ann, "c0", NULL, t, 7);
	const int have[] = { 3, 7, 9 };
	for (int i = 0; i < 3; i++) {
		char s[64], id[16];
		snprintf(s, sizeof(s), "[PATCH %d/9] p", have[i]);
		snprintf(id, sizeof(id), "p%d", have[i]);
		post(b, s, ann, id, "c0", t + 1, 7);
	}
	post(b, "[PATCH] later", "bob@example.org", "later", NULL, t + 2 * day, 9);
	r = ld_builder_finish(b, NULL);
	is_counts(r, 0, "3 of 9 here, cover letter, missing 1,2,4-6,8", "missing runs: 1,2,4-6,8");
	ld_report_free(r);
}

int main(void)
{
	test_subjects();
	test_inbody();
	test_excerpt();
	test_escape();
	test_util();
	test_trailers();
	test_encodings();
	test_people();
	test_when();
	test_mbox();
	test_state();
	test_versions();
	test_series();
	printf("1..%d\n", n_test);
	return n_fail != 0;
}
