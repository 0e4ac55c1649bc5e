/* report/known.c - the archive index entries the builder's answers came
 * from, kept for the JSON's merge key (with keep_intake; intake.c writes
 * them into the report): rb_know, and the look-ups that call it.  Calls
 * no other file of the builder. */
#include "report/builder.h"

void rb_know(ld_builder *b, const ld_index_entry *e)
{
	if (b->o.keep_intake && e && *e->message_id)
		*ld_map_slot(&b->known, e->message_id) = (void *)1;
}

void rb_know_cb(void *ctx, const ld_index_entry *e)
{
	rb_know(ctx, e);
}

const ld_index_entry *rb_ix_find(ld_builder *b, const char *id)
{
	const ld_index_entry *e = ld_index_find(b->o.index, id);
	rb_know(b, e);
	return e;
}

typedef struct {
	ld_builder *b;
	void (*fn)(void *ctx, const ld_index_entry *e);
	void *ctx;
} walk;

/* Only patch postings of a thread matter to its walkers (patches.c,
 * reviews.c): the rest of a long thread is not kept. */
static void walk_one(void *ctx, const ld_index_entry *e)
{
	walk *w = ctx;
	if (ld_subject_is_posting(&e->subj))
		rb_know(w->b, e);
	w->fn(w->ctx, e);
}

void rb_ix_thread(ld_builder *b, const char *root, void (*fn)(void *ctx, const ld_index_entry *e),
		  void *ctx)
{
	walk w = { b, fn, ctx };
	rb_know(b, ld_index_find(b->o.index, root));
	ld_index_thread(b->o.index, root, b->o.keep_intake ? walk_one : fn,
			b->o.keep_intake ? (void *)&w : ctx);
}
