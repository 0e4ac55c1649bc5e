/* util/arena.c - an arena: memory handed out in pieces of big blocks and
 * freed all at once (util.h says what for). */
#include "util/util.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCK = 64 * 1024 };

/* A block: the header, then its bytes.  Pieces bigger than a quarter of
 * a block get a block of their own, so little of a block is left unused. */
typedef struct block {
	struct block *next;
	size_t used, size;
	alignas(max_align_t) unsigned char bytes[];
} block;

struct ld_arena {
	block *head;           /* the block being filled, then older ones */
};

ld_arena *ld_arena_new(void)
{
	return ld_xcalloc(1, sizeof(ld_arena));
}

void ld_arena_free(ld_arena *a)
{
	if (!a)
		return;
	for (block *b = a->head, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

static block *new_block(size_t size)
{
	block *b = ld_xmalloc(sizeof(block) + size);
	b->used = 0;
	b->size = size;
	return b;
}

void *ld_arena_alloc(ld_arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	if (n > SIZE_MAX - align)
		ld_nomem();
	n = n ? (n + align - 1) / align * align : align;
	block *b = a->head;
	if (!b || b->size - b->used < n) {
		if (n > BLOCK / 4) {
			/* its own block, behind the one being filled */
			block *own = new_block(n);
			if (b) {
				own->next = b->next;
				b->next = own;
			} else {
				own->next = NULL;
				a->head = own;
			}
			own->used = n;
			memset(own->bytes, 0, n);
			return own->bytes;
		}
		b = new_block(BLOCK);
		b->next = a->head;
		a->head = b;
	}
	void *p = b->bytes + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *ld_arena_strndup(ld_arena *a, const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = ld_arena_alloc(a, len + 1);
	memcpy(p, s, len);
	return p;
}

char *ld_arena_strdup(ld_arena *a, const char *s)
{
	size_t len = strlen(s);
	char *p = ld_arena_alloc(a, len + 1);
	memcpy(p, s, len + 1);
	return p;
}

char *ld_arena_detach(ld_arena *a, ld_buf *b)
{
	char *p = ld_arena_alloc(a, b->len + 1);
	memcpy(p, b->s, b->len);
	ld_buf_release(b);
	return p;
}
