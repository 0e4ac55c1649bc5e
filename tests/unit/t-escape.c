/* t-escape.c - render/escape.c: the terminal sanitizer (ld_esc_text).
 * The other escapers are tested by tests/render_unit.c.  Prints TAP
 * (tap.h). */
#include "render/render.h"
#include "tap.h"

#include <stdlib.h>

static void esc(const char *in, const char *want, const char *name)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	ld_esc_text(f, in);
	fclose(f);
	is(buf, want, name);
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

int main(void)
{
	test_escape();
	return done_testing();
}
