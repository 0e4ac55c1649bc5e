/* report/trend.c - the weekly patch postings of the 12 weeks before the
 * end of the report (ld_report.trend_*), from the archive index: the
 * total and the top organizations (--orgs) or domains.
 *
 * Weeks end at the end of the report (--until, else the newest Date of
 * the range, as for the waiting list): week 11 is the 7 days before it,
 * week 0 starts 84 days before it.  A posting is a message whose subject
 * is a patch or cover letter (ld_subject_is_posting), each Message-ID
 * once.  The index keeps the header From only, so a posting counts for
 * the sender's address after --mailmap (the tables count the in-body
 * author of the range's postings: a patch sent on someone's behalf
 * counts for the sender here). */
#include "report/builder.h"

#define WEEK (7 * 86400)

typedef struct {
	char *label;
	unsigned long counts[LD_TREND_WEEKS];
	unsigned long total;
} acc;

static int by_total(const void *x, const void *y)
{
	const acc *a = *(const acc *const *)x, *b = *(const acc *const *)y;
	if (a->total != b->total)
		return a->total > b->total ? -1 : 1;
	return ld_casecmp(a->label, b->label);
}

/* The label a posting of e counts for: its organization (--orgs,
 * "(Unknown)" when unmapped) or its domain. */
static char *label_of(ld_builder *b, const ld_index_entry *e)
{
	char *name, *addr;
	rb_canonical(b, e->from_name, e->from_addr, &name, &addr);
	free(name);
	const char *l;
	if (b->o.orgs) {
		l = ld_orgmap_lookup(b->o.orgs, addr, e->date);
		if (!l)
			l = "(Unknown)";
	} else {
		const char *at = strrchr(addr, '@');
		l = at && at[1] ? at + 1 : "(no domain)";
	}
	char *s = ld_xstrdup(l);
	free(addr);
	return s;
}

/* Counts the postings of x dated in [first, end) into the weeks and the
 * labels' accumulators of m. */
static void count(ld_builder *b, const ld_index *x, int64_t first, int64_t end, ld_map *m)
{
	ld_report *r = b->r;
	size_t n = ld_index_count(x);
	for (size_t i = 0; i < n; i++) {
		ld_subject tags;
		int64_t date = ld_index_peek(x, i, &tags);
		if (date < first || date >= end || !ld_subject_is_posting(&tags))
			continue;   /* not decoded (store.h) */
		const ld_index_entry *e = ld_index_at(x, i);
		if (ld_index_find(x, e->message_id) != e)
			continue;
		size_t w = (size_t)((e->date - first) / WEEK);
		rb_know(b, e);   /* a merge recounts them (known.c) */
		r->trend_total[w]++;
		char *l = label_of(b, e);
		acc **slot = (acc **)ld_map_slot(m, l);
		if (!*slot) {
			*slot = ld_xcalloc(1, sizeof(acc));
			(*slot)->label = ld_xstrdup(l);
		}
		(*slot)->counts[w]++;
		(*slot)->total++;
		free(l);
	}
}

void rb_settle_trend(ld_builder *b)
{
	ld_report *r = b->r;
	if (!b->o.index || (!b->run.until && !b->n_dated))
		return;
	int64_t end = b->run.until ? b->run.until : r->last_date + 1;
	int64_t first = end - (int64_t)LD_TREND_WEEKS * WEEK;
	r->have_trend = 1;
	r->trend_by_org = b->o.orgs != NULL;
	for (int w = 0; w < LD_TREND_WEEKS; w++)
		r->trend_start[w] = first + (int64_t)w * WEEK;
	r->trend_end = end;
	ld_map m;
	ld_map_init(&m);
	count(b, b->o.index, first, end, &m);
	acc **v = ld_xcalloc(m.n + 1, sizeof(*v));
	size_t k = 0;
	for (size_t i = 0; i < m.cap; i++)
		if (m.keys[i])
			v[k++] = m.vals[i];
	qsort(v, k, sizeof(*v), by_total);
	r->n_trend_rows = k < LD_TREND_TOP ? k : LD_TREND_TOP;
	r->trend_rows = ld_arena_alloc(r->arena, (r->n_trend_rows + 1) * sizeof(*r->trend_rows));
	for (size_t i = 0; i < r->n_trend_rows; i++) {
		ld_trend_row *t = &r->trend_rows[i];
		t->label = rb_keep(b, v[i]->label);
		memcpy(t->counts, v[i]->counts, sizeof(t->counts));
		t->total = v[i]->total;
	}
	for (size_t i = 0; i < k; i++) {
		free(v[i]->label);
		free(v[i]);
	}
	free(v);
	ld_map_release(&m);
}
