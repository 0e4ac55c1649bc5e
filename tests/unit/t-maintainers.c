/* t-maintainers.c - classify/maintpat.c (the F:/X:/N: rules, one case
 * each) and report/maintainers.c (the file, --subsystem, who looks after
 * files).  The expected answers are get_maintainer.pl's rules worked by
 * hand (file_match_pattern: a trailing '/' takes what is below; else as
 * many '/' in the file as in the pattern).  Prints TAP (tap.h). */
#include "report/report.h"
#include "classify/classify.h"
#include "tap.h"

#include <stdlib.h>
#include <unistd.h>

static char *temp_bytes(const char *text, size_t n)
{
	char *path = strdup("/tmp/ld-unit-XXXXXX");
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	fwrite(text, 1, n, f);
	fclose(f);
	return path;
}

static char *temp_file(const char *text)
{
	return temp_bytes(text, strlen(text));
}

static void rule(const char *pat, const char *path, int want, const char *name)
{
	if (!ok(ld_maint_pattern_match(pat, path) == want, name))
		printf("#   F: %s  file %s: want %d\n", pat, path, want);
}

static void test_patterns(void)
{
	rule("drivers/net/", "drivers/net/a.c", 1, "trailing slash: a file in the folder");
	rule("drivers/net/", "drivers/net/wan/b/c.c", 1, "trailing slash: a file below");
	rule("drivers/net/", "drivers/netfoo/a.c", 0, "trailing slash: not a sibling with the same start");
	rule("drivers/net/*", "drivers/net/a.c", 1, "dir/*: a file in the folder");
	rule("drivers/net/*", "drivers/net/wan/a.c", 0, "dir/*: not below (more '/' than the pattern)");
	rule("*/net/*", "drivers/net/a.c", 1, "*/net/*: any top-level folder's net/");
	rule("*/net/*", "a/b/net/c.c", 0, "*/net/*: '*' does not cross '/' without a trailing slash");
	rule("arch/*/kvm/", "arch/arm64/kvm/a.c", 1, "arch/*/kvm/: with a trailing slash");
	rule("arch/*/kvm/", "arch/a/b/kvm/c.c", 1, "arch/*/kvm/: '*' crosses '/' with a trailing slash (the kernel's .*)");
	rule("drivers/scsi/3w-*", "drivers/scsi/3w-9xxx.c", 1, "glob at the end of a name");
	rule("drivers/scsi/3w-?xxx.c", "drivers/scsi/3w-9xxx.c", 1, "'?' one character");
	rule("drivers/scsi/3w-?xxx.c", "drivers/scsi/3w-/xxx.c", 0, "'?' is not '/'");
	rule("drivers/scsi/3w-?xxx.c", "drivers/scsi/3w-99xxx.c", 0, "'?' exactly one character");
	rule("sound/pci/ad1889.*", "sound/pci/ad1889.h", 1, "name.*");
	rule("include/linux/*aio*.h", "include/linux/libaio_x.h", 1, "two stars in a name");
	rule("fs/aio.c", "fs/aio.c", 1, "a file");
	rule("fs/aio.c", "fs/aio.h", 0, "another file");
	rule("fs/aio.c", "fs/aio.c.orig", 1, "unanchored end, as the kernel's regex (no '/' after)");
	rule("fs/aio.c", "fs/aio.cc/x", 0, "no '/' after the match");
	rule("arch/arm64/kvm", "arch/arm64/kvm/hyp/a.c", 1, "a folder without its '/': below it (the tree's -d)");
	rule("arch/arm64/kvm", "arch/arm64/kvm", 1, "a folder without its '/': itself");
	rule("arch/arm64/kv*", "arch/arm64/kvm/a.c", 0, "a glob without '/' takes nothing below");
	rule("drivers/[ab]x.c", "drivers/bx.c", 1, "bracket");
	rule("drivers/[!ab]x.c", "drivers/bx.c", 0, "negated bracket");
	rule("drivers/[a-c]x.c", "drivers/cx.c", 1, "bracket range");
	rule("drivers/[x.c", "drivers/[x.c", 1, "an unclosed '[' is itself");
	rule("*", "Makefile", 1, "'*': a top-level file");
	rule("*", "drivers/a.c", 0, "'*': not a file in a folder");
	rule("*/", "drivers/a.c", 1, "'*/': every file in a folder");
	rule("", "a", 0, "an empty pattern takes nothing");
	/* many stars against a long path: one backtracking point, no blow-up */
	char path[4000];
	memset(path, 'a', sizeof(path) - 1);
	path[sizeof(path) - 1] = 0;
	rule("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", path, 0, "twenty stars, a 4000-byte path: no match, quickly");
	char *longp = malloc(5000);
	memset(longp, 'a', 4999);
	longp[4999] = 0;
	rule("a", longp, 0, "a path over 4096 bytes matches nothing");
	free(longp);
	ok(ld_maint_pattern_depth("arch/arm64/kvm/") == 3 && ld_maint_pattern_depth("arch/arm64/kvm/x.c") == 4 &&
	   ld_maint_pattern_depth("*/net/*") == -1 && ld_maint_pattern_depth("Makefile") == 1,
	   "depth: '/' count, +1 without trailing '/', -1 from '*'");
	ok(ld_maint_literal_dir("drivers/net/wan/z85*") == 16 && ld_maint_literal_dir("*/x/") == 0 &&
	   ld_maint_literal_dir("Makefile") == 0 && ld_maint_literal_dir("a/b") == 2, "literal folder of a pattern");
	char *r = ld_maint_n_regex("(?:sun[x4]i|\\bsunxi) \\d+");
	is(r, "(sun[x4]i|\\bsunxi)[0-9]+", "N: perl forms made POSIX");
	free(r);
	ok(ld_maint_n_regex("(a)\\1") == NULL, "N: a back-reference is refused");
	ok(ld_maint_n_regex("a{1000}") == NULL, "N: a repeat count over 255 is refused");
	ok(ld_maint_n_regex("(?=x)") == NULL, "N: a lookahead is refused");
	r = ld_maint_n_regex("[ ]x");
	is(r, "[ ]x", "N: a space in brackets stays");
	free(r);
	r = ld_maint_n_regex("[[:alpha:] ] y");
	is(r, "[[:alpha:] ]y", "N: a POSIX class in brackets, the space after it dropped");
	free(r);
	ok(ld_maint_n_regex("a++") == NULL && ld_maint_n_regex("a{2}{3}") == NULL && ld_maint_n_regex("a*?") == NULL,
	   "N: a repeat of a repeat is refused (glibc copies: memory grows with each)");
	ok(ld_maint_n_regex("(a+)+") == NULL && ld_maint_n_regex("((a{9})b){9}") == NULL,
	   "N: a copying repeat of a group holding one is refused");
	r = ld_maint_n_regex("(a+)*(foo|bar)+x{2,3}");
	is(r, "(a+)*(foo|bar)+x{2,3}", "N: '*' over a group with '+', '+' over a group without repeats: kept");
	free(r);
	ok(ld_maint_n_regex("*a") == NULL && ld_maint_n_regex("(|*a)") == NULL, "N: a repeat of nothing is refused");
}

static const char fixture[] =
	"\tList of maintainers\n"
	"\n"
	"\tF: *Files* and directories (an indented example: no tag)\n"
	"\n"
	"THE REST\n"
	"M:\tLinus <linus@example.org>\n"
	"F:\t*\n"
	"F:\t*/\n"
	"\n"
	"VIRT FROB DRIVER\n"
	"M:\tAda Lovelace <ada@example.org>\n"
	"R:\tBob Reviewer <bob@example.com>\n"
	"L:\tvirt@example.org\n"
	"S:\tMaintained\n"
	"F:\tdrivers/virt/frob/\n"
	"F:\tinclude/linux/frob.h\n"
	"X:\tdrivers/virt/frob/quirks.c\n"
	"K:\tfrob_\n"
	"\n"
	"VIRT FROB DOORBELL\n"
	"M:\tCarol Bell <carol@example.net>\n"
	"M:\tada lovelace <ADA@example.org>\n"
	"F:\tdrivers/virt/frob/doorbell.c\n"
	"\n"
	"VIRT FROB QUIRKS\n"
	"R:\tDan Quirk <dan@example.org>\n"
	"N:\tquirk\n"
	"\n"
	"VIRT DOCS\n"
	"M:\tEve Doc <eve@example.org>\n"
	"F:\tDocumentation/virt\n"
	"\n"
	"BROKEN REGEX\n"
	"M:\tFay <fay@example.org>\n"
	"N:\t(a)\\1\n";

static int section_is(const ld_maint_who *w, size_t i, const char *t)
{
	return i < w->n_sections && !strcmp(w->sections[i], t);
}

static void test_file(void)
{
	ld_err err;
	char *path = temp_file(fixture);
	ld_maintainers *m = ld_maintainers_load(path, &err);
	if (!ok(m != NULL, "fixture loads"))
		printf("#   %s\n", err.msg);
	ok(ld_maintainers_count(m) == 6, "six sections (the indented example is no tag)");

	ld_subsystem *s = ld_subsystem_find(m, "VIRT FROB DRIVER", &err);
	ok(s && !strcmp(ld_subsystem_title(s), "VIRT FROB DRIVER"), "--subsystem: exact title");
	ok(ld_subsystem_touches(s, "drivers/virt/frob/core.c"), "F: dir/ takes a file of it");
	ok(ld_subsystem_touches(s, "include/linux/frob.h"), "F: a file");
	ok(!ld_subsystem_touches(s, "drivers/virt/frob/quirks.c"), "X: beats F:");
	ok(!ld_subsystem_touches(s, "drivers/virt/frobnicate.c"), "a sibling name is not the folder");
	ok(!ld_subsystem_touches(s, ".../frob/core.c"), "a shortened diffstat path is no file");
	ld_subsystem_free(s);
	s = ld_subsystem_find(m, "virt frob driver", &err);
	ok(s && !strcmp(ld_subsystem_title(s), "VIRT FROB DRIVER"), "--subsystem: any case");
	ld_subsystem_free(s);
	s = ld_subsystem_find(m, "quirks", &err);
	ok(s && !strcmp(ld_subsystem_title(s), "VIRT FROB QUIRKS"), "--subsystem: a unique part of the title");
	ok(s && ld_subsystem_touches(s, "tools/testing/selftests/frob/quirks.c"), "N: a regex anywhere in the path");
	ok(s && !ld_subsystem_touches(s, "drivers/virt/frob/core.c"), "N: no match");
	ld_subsystem_free(s);
	s = ld_subsystem_find(m, "docs", &err);
	ok(s && ld_subsystem_touches(s, "Documentation/virt/frob.rst"), "F: a folder without '/' takes what is below");
	ld_subsystem_free(s);
	ok(ld_subsystem_find(m, "frob", &err) == NULL && strstr(err.msg, "3 sections") &&
	   strstr(err.msg, "'VIRT FROB DRIVER', 'VIRT FROB DOORBELL', 'VIRT FROB QUIRKS'"),
	   "--subsystem: ambiguous, the candidates listed");
	ok(ld_subsystem_find(m, "nothing", &err) == NULL && strstr(err.msg, "no section"), "--subsystem: unknown");
	ok(ld_subsystem_find(m, "", &err) == NULL, "--subsystem: empty");
	if (!ok(ld_subsystem_find(m, "BROKEN REGEX", &err) == NULL && strstr(err.msg, ":35:") && strstr(err.msg, "N: line"),
		"--subsystem: an unusable N: line is named by its line"))
		printf("#   %s\n", err.msg);
	s = ld_subsystem_find(m, "THE REST", &err);
	ok(s && ld_subsystem_touches(s, "Makefile") && ld_subsystem_touches(s, "a/b/c.c"), "THE REST: F: * and */");
	ld_subsystem_free(s);

	const char *files[] = { "drivers/virt/frob/doorbell.c", "drivers/virt/frob/core.c",
				"tools/testing/selftests/frob/quirks.c" };
	ld_maint_who w;
	ld_maintainers_who(m, files, 3, 0, 0, &w);
	ok(w.n_sections == 4 && section_is(&w, 0, "VIRT FROB DOORBELL") && section_is(&w, 1, "VIRT FROB DRIVER") &&
	   section_is(&w, 2, "VIRT FROB QUIRKS") && section_is(&w, 3, "THE REST"),
	   "who: the most specific section first, N: (0) before '*/' (-1)");
	ok(w.n_people == 5 && !strcmp(w.people[0].who, "Carol Bell <carol@example.net>") &&
	   !strcmp(w.people[1].who, "ada lovelace <ADA@example.org>") && w.people[1].reviewer == 0 &&
	   !strcmp(w.people[2].who, "Bob Reviewer <bob@example.com>") && w.people[2].reviewer == 1 &&
	   !strcmp(w.people[2].section, "VIRT FROB DRIVER") &&
	   !strcmp(w.people[3].who, "Dan Quirk <dan@example.org>") && !strcmp(w.people[4].who, "Linus <linus@example.org>"),
	   "who: people by section, M: before R:, each address once");
	ld_maint_who_release(&w);
	ld_maintainers_who(m, files, 3, 2, 2, &w);
	ok(w.n_sections == 2 && w.all_sections == 4 && w.n_people == 2 && w.all_people == 3,
	   "who: bounded (2 sections, 2 people; the totals before the cut)");
	ld_maint_who_release(&w);
	const char *quirk[] = { "drivers/virt/frob/quirks.c" };
	ld_maintainers_who(m, quirk, 1, 0, 0, &w);
	ok(w.n_sections == 2 && section_is(&w, 0, "VIRT FROB QUIRKS") && section_is(&w, 1, "THE REST"),
	   "who: X: takes the file from its section");
	ld_maint_who_release(&w);
	ld_maintainers_free(m);
	unlink(path);
	free(path);
}

static void bad(const char *text, const char *want, const char *name)
{
	ld_err err;
	char *path = temp_file(text);
	ld_maintainers *m = ld_maintainers_load(path, &err);
	if (!ok(!m && strstr(err.msg, want), name))
		printf("#   %s\n", m ? "(loaded)" : err.msg);
	ld_maintainers_free(m);
	unlink(path);
	free(path);
}

static void test_bad(void)
{
	bad("", "no section", "empty file");
	bad("just prose\nand more\n", "no section", "no sections");
	bad("\nF:\tdrivers/\n", ":2: a 'F:' line without a section title", "a tag without a title");
	char *p = temp_bytes("T\nF:\tx\0y\n", 10);
	ld_err err;
	ok(ld_maintainers_load(p, &err) == NULL && strstr(err.msg, ":2: a NUL byte"), "a NUL byte");
	unlink(p);
	free(p);
	char *big = malloc(70000 + 16);
	strcpy(big, "T\nF:\t");
	memset(big + 5, 'a', 70000);
	strcpy(big + 70005, "\n");
	bad(big, ":2: a line of more than 64 KiB", "a line of 70,000 bytes");
	memset(big + 5, 'a', 2000);
	strcpy(big + 2005, "\n");
	bad(big, ":2: a F: pattern of 2000 bytes", "a 2000-byte pattern");
	free(big);
	/* "M\tno colon" is no tag: a title, as get_maintainer.pl reads it */
	p = temp_file("A\nM\tno colon\nF:\tx/\n");
	ld_maintainers *m = ld_maintainers_load(p, &err);
	ld_subsystem *s = m ? ld_subsystem_find(m, "no colon", &err) : NULL;
	ok(m && ld_maintainers_count(m) == 1 && s && !strcmp(ld_subsystem_title(s), "M\tno colon") &&
	   ld_subsystem_touches(s, "x/y.c"),
	   "a line without a tag is the title of the next tags (the kernel's reading), not an error");
	ld_subsystem_free(s);
	ld_maintainers_free(m);
	unlink(p);
	free(p);
}

/* The size of the kernel's file: 3,000 sections, 20,000 F: lines. */
static void test_big(void)
{
	ld_buf b = LD_BUF_INIT;
	for (int s = 0; s < 3000; s++) {
		ld_buf_addf(&b, "SUBSYSTEM %d\nM:\tPerson %d <p%d@example.org>\nS:\tMaintained\n", s, s, s);
		for (int k = 0; k < 7; k++)
			ld_buf_addf(&b, "F:\tdrivers/d%d/s%d/f%d%s\n", s % 50, s, k, k % 2 ? ".c" : "/");
		ld_buf_adds(&b, "\n");
	}
	char *path = temp_file(b.s);
	ld_buf_release(&b);
	ld_err err;
	ld_maintainers *m = ld_maintainers_load(path, &err);
	ok(m && ld_maintainers_count(m) == 3000, "3,000 sections, 21,000 F: lines load");
	const char *f[] = { "drivers/d7/s1207/f2/x.c", "drivers/d7/s1207/f3.c", "drivers/d7/s7/f1.c" };
	ld_maint_who w;
	ld_maintainers_who(m, f, 3, 0, 0, &w);
	ok(w.n_sections == 2 && section_is(&w, 0, "SUBSYSTEM 1207") && section_is(&w, 1, "SUBSYSTEM 7"),
	   "the sections of three files among 21,000 patterns");
	ld_maint_who_release(&w);
	ld_maintainers_free(m);
	unlink(path);
	free(path);
}

int main(void)
{
	test_patterns();
	test_file();
	test_bad();
	test_big();
	return done_testing();
}
