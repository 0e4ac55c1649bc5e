/* t-subject.c - classify/subject.c: subject tags (reply, posting,
 * counter, total, version, title), the prefix a report shows, pull
 * request subjects.  Prints TAP (tap.h). */
#include "classify/classify.h"
#include "tap.h"

#include <stdlib.h>

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

static void prefix(const char *subject, const char *want)
{
	ld_subject s;
	ld_subject_parse(subject, &s);
	char *p = ld_subject_prefix(subject, &s);
	char name[256];
	snprintf(name, sizeof(name), "prefix of '%s'", subject);
	is(p, want, name);
	free(p);
}

static void test_prefixes(void)
{
	prefix("[PATCH v4 07/49] x", "PATCH v4");
	prefix("[RFC PATCH net-next v6 1/8] x", "RFC PATCH net-next v6");
	prefix("[PATCH 1/3 v2] x", "PATCH v2");
	prefix("[kvm-unit-tests PATCH] x", "kvm-unit-tests PATCH");
	prefix("[PATCH] [RESEND] x", "PATCH RESEND");
	prefix("Re: [PATCHv2 3/5] x", "PATCHv2");
}

static void test_pull_subjects(void)
{
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

int main(void)
{
	test_subjects();
	test_prefixes();
	test_pull_subjects();
	return done_testing();
}
