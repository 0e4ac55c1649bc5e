/* t-sanitize.c - classify/sanitize.c: the one scanner of terminal control
 * sequences and its two rules (the header rule of mail/, the reader's
 * rule of render/ and --state).  Prints TAP (tap.h). */
#include "classify/classify.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static size_t seq(const char *s)
{
	return ld_control_sequence((const unsigned char *)s);
}

static void header(const char *in, const char *want, const char *name)
{
	char *got = ld_clean_header(in);
	is(got, want, name);
	free(got);
}

static void test_sequence(void)
{
	ok(seq("\x1b[2Jx") == 4, "CSI with its final byte");
	ok(seq("\x1b[12") == 4, "CSI without final byte: its parameters");
	ok(seq("\x1b[\xc3\xa9m") == 2, "CSI ends at a byte outside its grammar");
	ok(seq("\x1b]0;t\x07x") == 6, "OSC up to BEL");
	ok(seq("\x1b]8;;u\x1b\\x") == 8, "OSC up to ESC backslash");
	ok(seq("\xc2\x9d" "0;t\xc2\x9cx") == 7, "C1 OSC up to C1 ST");
	ok(seq("\x1b]0;t\nx") == 5, "unterminated string: up to the line end");
	ok(seq("\x1b]0;t") == 5, "unterminated string: up to the end");
	ok(seq("\x1b" "c") == 2 && seq("\x1b") == 0 && seq("\x1b\n") == 0, "ESC and one character");
	ok(seq("\xc2\x85") == 0 && seq("a") == 0, "no sequence");
}

static void test_rules(void)
{
	header("  plain  ", "plain", "header: ASCII trimmed");
	header("a\x1b[31mb\x01" "c\xc2\x85" "d \x1b]8;;u\x07" "e", "ab c d e", "header: sequences go, controls are spaces");
	header("x\xe2\x80\x8by", "x\xe2\x80\x8by", "header: invisible characters are the reader rule's");
	ok(ld_clean_unchanged("abc@example.org") && ld_clean_unchanged("Micha\xc5\x82"), "unchanged: clean text");
	ok(!ld_clean_unchanged("a\x1b[2J") && !ld_clean_unchanged("a\xff") &&
	   !ld_clean_unchanged("a\xe2\x80\xa8" "b") && !ld_clean_unchanged("a\xe2\x80\x8e"),
	   "changed: sequence, invalid byte, separator, bidi mark");
	ok(ld_invisible(0x202e) && !ld_invisible('a'), "invisible");
}

int main(void)
{
	test_sequence();
	test_rules();
	return done_testing();
}
