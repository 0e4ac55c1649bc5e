/* t-index.c - what the archive index (store/) keeps of a cover letter:
 * b4's change-id and the links to earlier versions (classify/body.c); and
 * where the index lives (ld_index_path, store/index_build.c).  Prints TAP
 * (tap.h). */
#include "store/store.h"
#include "tap.h"

#include <stdlib.h>

static void change_id(const char *body, const char *want, const char *name)
{
	char *c = ld_body_change_id(body);
	is(c, want, name);
	free(c);
}

static void vlinks(const char *body, const char *want, const char *name)
{
	char *l = ld_body_version_links(body);
	is(l, want, name);
	free(l);
}

static void test_cover_letter(void)
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
}

/* Where the index lives: --cache-dir, else $LISTDIGEST_CACHE, else
 * $XDG_CACHE_HOME/listdigest, else ~/.cache/listdigest, else nowhere;
 * named after the inbox's real path. */
static void test_path(void)
{
	unsetenv("LISTDIGEST_CACHE");
	unsetenv("XDG_CACHE_HOME");
	setenv("HOME", "/home/u", 1);
	char *p = ld_index_path("/c", "/nonexistent/inbox", "inbox");
	ok(p && !strncmp(p, "/c/inbox-", 9) && strlen(p) == 9 + 16 + 6 && !strcmp(p + 25, ".index"),
	   "index path: --cache-dir, NAME-HASH.index");
	char *again = ld_index_path("/c", "/nonexistent/inbox", "inbox");
	is(again, p ? p : "", "index path: the same inbox, the same file");
	free(again);
	again = ld_index_path("/c", "/nonexistent/other", "inbox");
	ok(again && p && strcmp(again, p), "index path: another inbox, another file");
	free(again);
	free(p);
	p = ld_index_path("", "/nonexistent/inbox", "inbox");
	ok(p && !strncmp(p, "/home/u/.cache/listdigest/inbox-", 32), "index path: ~/.cache/listdigest");
	free(p);
	setenv("XDG_CACHE_HOME", "/x", 1);
	p = ld_index_path(NULL, "/nonexistent/inbox", "inbox");
	ok(p && !strncmp(p, "/x/listdigest/inbox-", 20), "index path: $XDG_CACHE_HOME/listdigest");
	free(p);
	setenv("LISTDIGEST_CACHE", "/l", 1);
	p = ld_index_path(NULL, "/nonexistent/inbox", "inbox");
	ok(p && !strncmp(p, "/l/inbox-", 9), "index path: $LISTDIGEST_CACHE before $XDG_CACHE_HOME");
	free(p);
	unsetenv("LISTDIGEST_CACHE");
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	ok(ld_index_path(NULL, "/nonexistent/inbox", "inbox") == NULL, "index path: no HOME, no index");
	char *q = ld_index_path("/c", "/tmp", "t");
	p = ld_index_path("/c", "/tmp/../tmp/", "t");
	is(p, q ? q : "", "index path: two spellings of one folder, one file");
	free(p);
	free(q);
}

int main(void)
{
	test_cover_letter();
	test_path();
	return done_testing();
}
