/* t-pull.c - classify/pull.c: pull request texts (greeting, repository,
 * shortlog count) and whom a pull request asks.  Prints TAP (tap.h). */
#include "classify/classify.h"
#include "tap.h"

#include <stdlib.h>

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

int main(void)
{
	test_pull();
	return done_testing();
}
