/* report/finish.c - ld_builder_finish: when every posting is known, the
 * stages that settle the report, in order.  Each stage lives with what
 * it settles (series.c, patches.c, filters.c, tables.c, reviews.c,
 * threads.c, header.c, versions.c, waiting.c, trend.c); the order matters where a stage
 * reads what an earlier one wrote, as said below. */
#include "report/builder.h"

/* The vectors grown while building (v, n elements of size) move into
 * the arena with the rest of the report; never NULL. */
static void *keep_vector(ld_arena *a, void *v, size_t n, size_t size)
{
	void *c = ld_arena_alloc(a, n * size);
	if (n)
		memcpy(c, v, n * size);
	free(v);
	return c;
}

static void keep_vectors(ld_report *r)
{
	ld_arena *a = r->arena;
	r->postings = keep_vector(a, r->postings, r->n_postings, sizeof(*r->postings));
	r->series = keep_vector(a, r->series, r->n_series, sizeof(*r->series));
	r->entries = keep_vector(a, r->entries, r->n_entries, sizeof(*r->entries));
	r->applied = keep_vector(a, r->applied, r->n_applied, sizeof(*r->applied));
	r->pulls = keep_vector(a, r->pulls, r->n_pulls, sizeof(*r->pulls));
	r->fixes = keep_vector(a, r->fixes, r->n_fixes, sizeof(*r->fixes));
	r->intake = keep_vector(a, r->intake, r->n_intake, sizeof(*r->intake));
	r->read = keep_vector(a, r->read, r->n_read, sizeof(*r->read));
	r->warn_lines = keep_vector(a, r->warn_lines, r->n_warn_lines, sizeof(*r->warn_lines));
}

ld_report *ld_builder_finish(ld_builder *b)
{
	ld_report *r = b->r;
	r->top = b->o.top;
	/* thread roots before anything renumbers the postings */
	rb_settle_roots(b);
	/* series: final groups, then what each has (before filters, which
	 * hide patches but do not make them missing) */
	rb_settle_groups(b);
	rb_settle_missing(b);
	rb_settle_reply_targets(b);
	r->by_path = b->o.n_paths > 0 || b->o.subsystem;
	if (rb_filtered(b)) {
		/* what "supersedes" asks with, before its head is dropped */
		rb_keep_version_heads(b);
		rb_apply_filters(b);
	}
	rb_finish_series(b);
	rb_settle_versions(b);
	/* tables and entries from the postings that stay */
	rb_settle_tables(b);
	rb_settle_entries(b);
	rb_finish_reviews(b);
	rb_finish_discussions(b);
	rb_filter_pulls(b);
	rb_settle_applied(b);
	/* the header */
	rb_copy_filters(b);
	rb_settle_list(b);
	rb_settle_header(b);
	rb_settle_waiting(b);
	rb_settle_trend(b);
	/* after every stage that writes a message id (the waiting list's
	 * links go to the list that holds them) */
	rb_settle_lists(b);
	rb_settle_intake(b);
	rb_builder_free(b);
	keep_vectors(r);
	return r;
}
