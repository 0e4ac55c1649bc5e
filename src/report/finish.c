/* report/finish.c - ld_builder_finish: when every posting is known, the
 * stages that settle the report, in order.  Each stage lives with what
 * it settles (series.c, patches.c, filters.c, tables.c, reviews.c,
 * threads.c, header.c, versions.c); the order matters where a stage
 * reads what an earlier one wrote, as said below. */
#include "report/builder.h"

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
	r->by_path = b->o.n_paths > 0;
	if (rb_filtered(b))
		rb_apply_filters(b);
	rb_finish_series(b);
	rb_settle_versions(r, b->o.index);
	/* tables and entries from the postings that stay */
	rb_settle_tables(b);
	rb_settle_entries(b);
	rb_finish_reviews(b);
	rb_finish_discussions(b);
	rb_filter_pulls(b);
	rb_settle_applied(b);
	/* the header */
	rb_copy_filters(&r->filters, &b->o);
	rb_settle_list(b);
	rb_settle_header(b);
	rb_builder_free(b);
	return r;
}
