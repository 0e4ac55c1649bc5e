/* report/reviews.c - trailers given in replies (Reviewed-by, Acked-by,
 * Tested-by): collected as replies arrive, counted once per (person,
 * kind, patch) at the end, a trailer on a cover letter for every patch of
 * its series. */
#include "report/builder.h"

void rb_add_review(ld_builder *b, const ld_msg *m, const ld_trailer *tr, size_t target)
{
	review rv;
	memset(&rv, 0, sizeof(rv));
	rb_canonical(b, tr->name, tr->addr, &rv.name, &rv.addr);
	/* "Tested-by: kernel test robot <lkp@intel.com>" is no reviewer */
	if (ld_is_bot(b->o.bots, rv.addr)) {
		free(rv.name);
		free(rv.addr);
		return;
	}
	rv.kind = tr->kind;
	rv.target = target;
	rv.date = m->date;
	if (target == LD_NONE) {
		rv.target_id = ld_xstrdup(*m->in_reply_to ? m->in_reply_to : rb_thread_root(m));
		ld_buf ids;
		ld_buf_init(&ids);
		ld_buf_adds(&ids, m->in_reply_to);
		for (size_t i = m->n_refs; i-- > 0;)
			ld_buf_addf(&ids, "%s%s", ids.len ? " " : "", m->refs[i]);
		rv.ancestors = ld_buf_detach(&ids);
	}
	LD_VEC_PUSH(b->reviews, b->n_reviews, b->cap_reviews, rv);
}

static int cmp_reviewer(const void *x, const void *y)
{
	const ld_reviewer *a = x, *b = y;
	if (a->total != b->total)
		return a->total > b->total ? -1 : 1;
	return ld_casecmp(a->label, b->label);
}

typedef struct {
	unsigned long k[4];
	ld_map names;
} rstat;

/* Counts rv for one patch, once per (person, kind, patch): patch is
 * the Message-ID, posting its index when it is in the range (its series
 * then shows the count too). */
static void count_review(ld_builder *b, ld_map *who, ld_map *seen, const review *rv, size_t posting,
			 const char *patch)
{
	ld_buf key;
	ld_buf_init(&key);
	ld_buf_addf(&key, "%s\t%d\t%s", rv->addr, rv->kind, patch);
	void **s = ld_map_slot(seen, key.s);
	ld_buf_release(&key);
	if (*s)
		return;
	*s = (void *)1;
	rstat **st = (rstat **)ld_map_slot(who, rv->addr);
	if (!*st) {
		*st = ld_xcalloc(1, sizeof(rstat));
		ld_map_init(&(*st)->names);
	}
	int idx = rv->kind == LD_T_REVIEWED ? 0 : rv->kind == LD_T_ACKED ? 1 : 2;
	(*st)->k[idx]++;
	char *shown = rb_shown_name(rv->name, rv->addr);
	rb_count(&(*st)->names, shown);
	free(shown);
	if (posting != LD_NONE) {
		ld_series *se = &b->r->series[b->r->postings[posting].series];
		if (idx == 0)
			se->reviewed++;
		else if (idx == 1)
			se->acked++;
		else
			se->tested++;
	}
}

typedef struct {
	ld_builder *b;
	ld_map *who, *seen;
	const review *rv;
	const ld_index_entry *cover;
	size_t found;
} cover_walk;

/* A patch of the cover's series as the index knows it: from the cover's
 * sender, a counter of 1 or more, answering the cover (or in its thread
 * with the cover's version: chained threading), not after the review. */
static void cover_patch(void *ctx, const ld_index_entry *e)
{
	cover_walk *w = ctx;
	const ld_index_entry *c = w->cover;
	size_t posting = rb_posting_by_id(w->b, e->message_id);
	if (!ld_subject_is_posting(&e->subj) || e->subj.counter < 1 ||
	    strcmp(e->from_addr, c->from_addr) || (e->date > w->rv->date && posting == LD_NONE))
		return;
	if (strcmp(e->in_reply_to, c->message_id) && e->subj.version != c->subj.version)
		return;
	count_review(w->b, w->who, w->seen, w->rv, posting, e->message_id);
	w->found++;
}

/* A trailer on a cover letter counts for every patch of its series: those
 * of the range, and (index) those that arrived before the review. */
static size_t count_cover(ld_builder *b, ld_map *who, ld_map *seen, const review *rv,
			  const char *cover_id, const ld_series *se)
{
	size_t n = 0;
	for (size_t j = 0; se && j < se->n_patches; j++, n++)
		count_review(b, who, seen, rv, se->patches[j], b->r->postings[se->patches[j]].message_id);
	/* with filters, only the patches the report shows */
	int filtered = rb_filtered(b);
	const ld_index_entry *c = filtered ? NULL : rb_index_find(b, cover_id, b->last_date);
	if (c) {
		cover_walk w = { b, who, seen, rv, c, 0 };
		ld_index_thread(b->o.index, c->message_id, cover_patch, &w);
		n += w.found;
	}
	return n;
}

/* A review whose patch is not in the range: the nearest ancestor the
 * index knows as a patch posting; 1 when it was counted. */
static int count_from_index(ld_builder *b, ld_map *who, ld_map *seen, const review *rv)
{
	const char *p = rv->ancestors;
	while (p && *p) {
		const char *sp = strchr(p, ' ');
		char *id = sp ? ld_xstrndup(p, (size_t)(sp - p)) : ld_xstrdup(p);
		p = sp ? sp + 1 : NULL;
		const ld_index_entry *e = rb_index_find(b, id, rv->date);
		free(id);
		if (!e || !ld_subject_is_posting(&e->subj))
			continue;
		if (e->subj.counter != 0 || !count_cover(b, who, seen, rv, e->message_id, NULL))
			count_review(b, who, seen, rv, LD_NONE, e->message_id);
		return 1;
	}
	return 0;
}

/* The reviewers table from who (address -> rstat, released here): each
 * under the name they used most, sorted, cut to --top. */
static void reviewer_rows(ld_builder *b, ld_map *who)
{
	ld_reviewer *rows = ld_arena_alloc(b->r->arena, (who->n + 1) * sizeof(ld_reviewer));
	size_t k = 0;
	for (size_t i = 0; i < who->cap; i++) {
		if (!who->keys[i])
			continue;
		rstat *st = who->vals[i];
		const char *best = NULL;
		unsigned long bc = 0;
		for (size_t j = 0; j < st->names.cap; j++) {
			if (!st->names.keys[j])
				continue;
			unsigned long c = *(unsigned long *)st->names.vals[j];
			if (!best || c > bc || (c == bc && ld_casecmp(st->names.keys[j], best) < 0)) {
				best = st->names.keys[j];
				bc = c;
			}
		}
		rows[k].label = rb_name_addr(b->r->arena, best ? best : "", who->keys[i]);
		rows[k].reviewed = st->k[0];
		rows[k].acked = st->k[1];
		rows[k].tested = st->k[2];
		rows[k].total = st->k[0] + st->k[1] + st->k[2];
		k++;
		rb_free_counts(&st->names);
		free(st);
	}
	ld_map_release(who);
	qsort(rows, k, sizeof(*rows), cmp_reviewer);
	if (b->o.top && k > b->o.top)
		k = b->o.top;
	b->r->reviewers = rows;
	b->r->n_reviewers = k;
}

/* Each (reviewer, kind, patch) once; a trailer on a cover letter counts
 * for every patch of its series, whether the cover is in the range or
 * (through the index) before it, so that the answer does not depend on
 * where the range starts. */
void rb_finish_reviews(ld_builder *b)
{
	ld_report *r = b->r;
	int filtered = rb_filtered(b);
	ld_map who, seen;
	ld_map_init(&who);
	ld_map_init(&seen);
	for (size_t i = 0; i < b->n_reviews; i++) {
		const review *rv = &b->reviews[i];
		if (rv->kind == LD_T_NONE)
			continue;
		if (rv->target == LD_NONE) {
			/* a patch from before the range: it counts for the
			 * reviewer, unless filters ask what the patch is */
			if (!filtered && !count_from_index(b, &who, &seen, rv))
				count_review(b, &who, &seen, rv, LD_NONE, rv->target_id);
			continue;
		}
		const ld_posting *p = &r->postings[rv->target];
		const ld_series *se = &r->series[p->series];
		if (p->subj.counter != 0 || !count_cover(b, &who, &seen, rv, p->message_id, se))
			count_review(b, &who, &seen, rv, rv->target, p->message_id);
	}
	ld_map_release(&seen);
	reviewer_rows(b, &who);
}
