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
		rv.ancestors = rb_ancestors(m);
	}
	LD_VEC_PUSH(b->reviews, b->n_reviews, b->cap_reviews, rv);
}

/* The nearest of ancestors (rb_ancestors) that is a posting of the
 * range, LD_NONE when none is. */
static size_t nearest_posting(ld_builder *b, const char *ancestors)
{
	size_t target = LD_NONE;
	const char *p = ancestors;
	while (target == LD_NONE && p && *p) {
		const char *sp = strchr(p, ' ');
		char *id = sp ? ld_xstrndup(p, (size_t)(sp - p)) : ld_xstrdup(p);
		p = sp ? sp + 1 : NULL;
		target = rb_posting_by_id(b, id);
		free(id);
	}
	return target;
}

/* A review or applied note is for the nearest of its ancestors that is
 * a posting of the range.  When it arrives only its parent is asked (a
 * review) or the ancestors seen so far (an applied note); one that finds
 * no posting is asked again here, when every posting of the range has
 * arrived: a reply can be stored before the patch it answers (a delayed
 * delivery, or the patch on a later inbox of `listdigest A B`), and the
 * answer must not depend on that order.  A review that finds none counts
 * as one of a patch before the range (rb_finish_reviews). */
void rb_settle_reply_targets(ld_builder *b)
{
	for (size_t i = 0; i < b->n_reviews; i++)
		if (b->reviews[i].target == LD_NONE)
			b->reviews[i].target = nearest_posting(b, b->reviews[i].ancestors);
	for (size_t i = 0; i < b->n_late; i++) {
		size_t p = nearest_posting(b, b->late[i].ancestors);
		if (p != LD_NONE)
			b->r->applied[b->late[i].applied].series = b->r->postings[p].series;
	}
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
	unsigned long own, cross, unknown;   /* who reviews whom (--orgs) */
	ld_map names;
} rstat;

/* The tallies of one reviewer or organization (key in m). */
static rstat *rstat_of(ld_map *m, const char *key)
{
	rstat **st = (rstat **)ld_map_slot(m, key);
	if (!*st) {
		*st = ld_xcalloc(1, sizeof(rstat));
		ld_map_init(&(*st)->names);
	}
	return *st;
}

/* What the reviews are counted into: reviewer address -> rstat, and with
 * --orgs the reviewers' organizations -> rstat. */
typedef struct {
	ld_map people, orgs;
} tally;

/* The patch a review counts for, as far as who reviews whom asks: the
 * lower-cased address of its counted author (NULL: unknown) and its
 * date. */
typedef struct {
	const char *addr;
	int64_t date;
} pauthor;

/* With --orgs: the review of rv on a patch by pa, into the reviewer's
 * tallies st and those of the reviewer's organization (who->orgs):
 * own organization, another, or unknown (either side not in the map:
 * "(Unknown)" is no organization of its own to share). */
static void count_orgs(ld_builder *b, tally *who, rstat *st, const review *rv, int idx, pauthor pa)
{
	const char *ro = ld_orgmap_lookup(b->o.orgs, rv->addr, rv->date);
	const char *po = pa.addr ? ld_orgmap_lookup(b->o.orgs, pa.addr, pa.date) : NULL;
	rstat *os = rstat_of(&who->orgs, ro ? ro : "(Unknown)");
	os->k[idx]++;
	unsigned long *which = !ro || !po ? &st->unknown : strcmp(ro, po) ? &st->cross : &st->own;
	(*which)++;
	(*(which == &st->unknown ? &os->unknown : which == &st->cross ? &os->cross : &os->own))++;
}

/* The patch author of posting i of the range. */
static pauthor posted_by(const ld_builder *b, size_t i)
{
	pauthor pa = { b->pi[i].addr, b->r->postings[i].date };
	return pa;
}

/* Counts the review of rv on e, a patch the index knows (before the
 * range, or posting when in it): its author is the index's From after
 * mailmap (the index keeps no in-body From). */
static void count_indexed(ld_builder *b, tally *who, ld_map *seen, const review *rv, size_t posting,
			  const ld_index_entry *e);

/* Counts rv for one patch, once per (person, kind, patch): patch is
 * the Message-ID, posting its index when it is in the range (its series
 * then shows the count too). */
static void count_review(ld_builder *b, tally *who, ld_map *seen, const review *rv, size_t posting,
			 const char *patch, pauthor pa)
{
	ld_buf key;
	ld_buf_init(&key);
	ld_buf_addf(&key, "%s\t%d\t%s", rv->addr, rv->kind, patch);
	void **s = ld_map_slot(seen, key.s);
	ld_buf_release(&key);
	if (*s)
		return;
	*s = (void *)1;
	rstat *st = rstat_of(&who->people, rv->addr);
	int idx = rv->kind == LD_T_REVIEWED ? 0 : rv->kind == LD_T_ACKED ? 1 : 2;
	st->k[idx]++;
	char *shown = rb_shown_name(rv->name, rv->addr);
	rb_count(&st->names, shown);
	free(shown);
	if (b->o.orgs)
		count_orgs(b, who, st, rv, idx, pa);
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

static void count_indexed(ld_builder *b, tally *who, ld_map *seen, const review *rv, size_t posting,
			  const ld_index_entry *e)
{
	if (posting != LD_NONE || !b->o.orgs) {
		pauthor pa = posting != LD_NONE ? posted_by(b, posting) : (pauthor){ NULL, 0 };
		count_review(b, who, seen, rv, posting, e->message_id, pa);
		return;
	}
	char *name, *addr;
	rb_canonical(b, e->from_name, e->from_addr, &name, &addr);
	pauthor pa = { addr, e->date };
	count_review(b, who, seen, rv, posting, e->message_id, pa);
	free(name);
	free(addr);
}

typedef struct {
	ld_builder *b;
	tally *who;
	ld_map *seen;
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
	count_indexed(w->b, w->who, w->seen, w->rv, posting, e);
	w->found++;
}

/* A trailer on a cover letter counts for every patch of its series: those
 * of the range, and (index) those that arrived before the review. */
static size_t count_cover(ld_builder *b, tally *who, ld_map *seen, const review *rv,
			  const char *cover_id, const ld_series *se)
{
	size_t n = 0;
	for (size_t j = 0; se && j < se->n_patches; j++, n++)
		count_review(b, who, seen, rv, se->patches[j], b->r->postings[se->patches[j]].message_id,
			     posted_by(b, se->patches[j]));
	/* with filters, only the patches the report shows */
	int filtered = rb_filtered(b);
	const ld_index_entry *c = filtered ? NULL : rb_index_find(b, cover_id, b->last_date);
	if (c) {
		cover_walk w = { b, who, seen, rv, c, 0 };
		rb_ix_thread(b, c->message_id, cover_patch, &w);
		n += w.found;
	}
	return n;
}

/* A review whose patch is not in the range: the nearest ancestor the
 * index knows as a patch posting; 1 when it was counted. */
static int count_from_index(ld_builder *b, tally *who, ld_map *seen, const review *rv)
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
			count_indexed(b, who, seen, rv, LD_NONE, e);
		return 1;
	}
	return 0;
}

/* The rows of m (key -> rstat, released here): each under the name
 * used most (label(a, best name, key)), sorted, cut to --top; *all
 * counts them before the cut, *sum adds their totals. */
static ld_reviewer *reviewer_rows(ld_builder *b, ld_map *m, int people, size_t *n, size_t *all,
				  unsigned long *sum)
{
	ld_reviewer *rows = ld_arena_alloc(b->r->arena, (m->n + 1) * sizeof(ld_reviewer));
	size_t k = 0;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		rstat *st = m->vals[i];
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
		rows[k].label = people ? rb_name_addr(b->r->arena, best ? best : "", m->keys[i])
				       : ld_arena_strdup(b->r->arena, m->keys[i]);
		rows[k].reviewed = st->k[0];
		rows[k].acked = st->k[1];
		rows[k].tested = st->k[2];
		rows[k].total = st->k[0] + st->k[1] + st->k[2];
		rows[k].own_org = st->own;
		rows[k].cross_org = st->cross;
		rows[k].unknown_org = st->unknown;
		if (sum)
			*sum += rows[k].total;
		k++;
		rb_free_counts(&st->names);
		free(st);
	}
	ld_map_release(m);
	qsort(rows, k, sizeof(*rows), cmp_reviewer);
	*all = k;
	if (b->o.top && k > b->o.top)
		k = b->o.top;
	*n = k;
	return rows;
}

/* Each (reviewer, kind, patch) once; a trailer on a cover letter counts
 * for every patch of its series, whether the cover is in the range or
 * (through the index) before it, so that the answer does not depend on
 * where the range starts. */
void rb_finish_reviews(ld_builder *b)
{
	ld_report *r = b->r;
	int filtered = rb_filtered(b);
	const pauthor nobody = { NULL, 0 };
	tally who;
	ld_map seen;
	ld_map_init(&who.people);
	ld_map_init(&who.orgs);
	ld_map_init(&seen);
	for (size_t i = 0; i < b->n_reviews; i++) {
		const review *rv = &b->reviews[i];
		if (rv->kind == LD_T_NONE)
			continue;
		if (rv->target == LD_NONE) {
			/* a patch from before the range: it counts for the
			 * reviewer, unless filters ask what the patch is */
			if (!filtered && !count_from_index(b, &who, &seen, rv))
				count_review(b, &who, &seen, rv, LD_NONE, rv->target_id, nobody);
			continue;
		}
		const ld_posting *p = &r->postings[rv->target];
		const ld_series *se = &r->series[p->series];
		if (p->subj.counter != 0 || !count_cover(b, &who, &seen, rv, p->message_id, se))
			count_review(b, &who, &seen, rv, rv->target, p->message_id, posted_by(b, rv->target));
	}
	ld_map_release(&seen);
	r->reviewers = reviewer_rows(b, &who.people, 1, &r->n_reviewers, &r->all_reviewers,
				     &r->n_reviews);
	r->review_orgs = reviewer_rows(b, &who.orgs, 0, &r->n_review_orgs, &r->all_review_orgs, NULL);
}
