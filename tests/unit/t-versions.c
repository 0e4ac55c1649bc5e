/* t-versions.c - report/versions.c: when two titles are the same patch
 * reworded.  Prints TAP (tap.h). */
#include "report/report.h"
#include "tap.h"

static void test_titles(void)
{
	ok(ld_titles_similar("virt: frob: Tidy the IRQ table", "virt: frob: Tidy up the IRQ table and its comments"),
	   "similar titles: reworded");
	ok(ld_titles_similar("KVM: arm64: Fix Z", "kvm:  arm64: fix z"), "similar titles: case and spaces");
	ok(!ld_titles_similar("virt: frob: Add a ring watermark", "virt: frob: Fix the reset ordering"),
	   "different titles of one subsystem");
	ok(!ld_titles_similar("", "virt: frob: x"), "an empty title is like nothing");
}

int main(void)
{
	test_titles();
	return done_testing();
}
