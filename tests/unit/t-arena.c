/* t-arena.c - util/arena.c: pieces zeroed and aligned, big pieces, strings
 * and buffers, everything freed at once (leak.t and the sanitizers see
 * the rest).  Prints TAP (tap.h). */
#include "util/util.h"
#include "tap.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static int zeroed(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static void test_alloc(void)
{
	ld_arena *a = ld_arena_new();
	int aligned = 1, clean = 1, apart = 1;
	unsigned char *prev = NULL;
	/* many small pieces, over several blocks, each written at once */
	for (size_t i = 0; i < 20000; i++) {
		size_t n = i % 37;
		unsigned char *p = ld_arena_alloc(a, n);
		aligned &= (uintptr_t)p % alignof(max_align_t) == 0;
		clean &= zeroed(p, n);
		apart &= p != prev;
		memset(p, 0xff, n);
		prev = p;
	}
	ok(aligned, "arena: pieces aligned for any type");
	ok(clean, "arena: pieces zeroed");
	ok(apart, "arena: a 0-byte piece is a piece of its own");
	/* a piece bigger than a block, and small ones after it */
	unsigned char *big = ld_arena_alloc(a, 1 << 20);
	ok(zeroed(big, 1 << 20), "arena: a big piece, zeroed");
	memset(big, 0xaa, 1 << 20);
	unsigned char *after = ld_arena_alloc(a, 16);
	ok(zeroed(after, 16) && (after < big || after >= big + (1 << 20)),
	   "arena: pieces after a big one are apart from it");
	ld_arena_free(a);
	ld_arena_free(NULL);
	ok(1, "arena: freed (NULL too)");
}

static void test_strings(void)
{
	ld_arena *a = ld_arena_new();
	is(ld_arena_strdup(a, "Zo\xc3\xab <z@example.com>"), "Zo\xc3\xab <z@example.com>", "arena strdup");
	is(ld_arena_strdup(a, ""), "", "arena strdup of \"\"");
	is(ld_arena_strndup(a, "kvm.vger.kernel.org", 3), "kvm", "arena strndup");
	ld_buf b = LD_BUF_INIT;
	ld_buf_addf(&b, "%s <%s>", "Name", "a@b");
	char *s = ld_arena_detach(a, &b);
	is(s, "Name <a@b>", "arena detach: the buffer's text");
	ok(b.len == 0 && !b.cap && !*b.s, "arena detach: the buffer is left empty");
	ld_buf e = LD_BUF_INIT;
	is(ld_arena_detach(a, &e), "", "arena detach of an empty buffer");
	ld_arena_free(a);
}

int main(void)
{
	test_alloc();
	test_strings();
	return done_testing();
}
