/* report/series.c - grouping postings into series as they arrive
 * (assign_series says the rules), merging the groups a late cover letter
 * joins (union-find), and settling one series per group at the end. */
#include "report/builder.h"

/* The series s is part of now (union-find with path halving). */
static size_t series_find(ld_builder *b, size_t s)
{
	while (b->si[s].parent != s) {
		b->si[s].parent = b->si[b->si[s].parent].parent;
		s = b->si[s].parent;
	}
	return s;
}

/* The tags of subject without the counter, as a string of the report. */
static char *keep_prefix(ld_builder *b, const char *subject, const ld_subject *subj)
{
	char *heap = ld_subject_prefix(subject, subj);
	char *p = rb_keep(b, heap);
	free(heap);
	return p;
}

static size_t new_series(ld_builder *b, size_t post, const ld_msg *m, const char *sender)
{
	ld_report *r = b->r;
	ld_series s;
	memset(&s, 0, sizeof(s));
	s.prefix = keep_prefix(b, m->subject, &m->subj);
	s.version = m->subj.version;
	s.total = m->subj.counter < 0 ? 1 : m->subj.total;
	s.cover = LD_NONE;
	s.applied = LD_NONE;
	s.date = m->date;
	s.message_id = rb_keep(b, m->message_id);
	s.prev_message_id = rb_keep(b, "");
	if (r->n_series == b->cap_series) {
		b->cap_series = b->cap_series ? 2 * b->cap_series : 16;
		r->series = ld_xrealloc(r->series, b->cap_series * sizeof(ld_series));
		b->si = ld_xrealloc(b->si, b->cap_series * sizeof(sinfo));
	}
	sinfo si = { ld_xstrdup(sender), NULL, 0, 0, LD_NONE, post, r->n_series, 0, 0, 0, NULL, NULL, NULL, NULL, 0 };
	r->series[r->n_series] = s;
	b->si[r->n_series] = si;
	return r->n_series++;
}

/* The version and tags of series s become those of a posting with a
 * higher version: a series takes the highest version stated. */
void rb_raise_version(ld_builder *b, size_t s, int version, const char *subject, const ld_subject *subj)
{
	ld_series *se = &b->r->series[s];
	if (version <= se->version)
		return;
	se->version = version;
	se->prefix = keep_prefix(b, subject, subj);
}

/* Can patch m of sender join series s found through its References
 * (chain threading, a cover further up)?  Same sender, and the version
 * and N of the patches already there (of the cover while it is alone). */
static int compatible(ld_builder *b, size_t s, const ld_msg *m, const char *sender)
{
	const ld_series *se = &b->r->series[s];
	const sinfo *si = &b->si[s];
	int v = si->pver ? si->pver : se->version;
	int n = si->ptotal ? si->ptotal : se->total;
	return v == m->subj.version && n == m->subj.total && !strcmp(si->sender, sender);
}

/* Does patch m join the series of the cover letter it replies to
 * directly?  The same sender is enough, whatever the cover's version tag
 * or N say ("[PATCH 00/15 v2]" with "[PATCH 01/15]" patches, a v2 cover
 * with v3 patches, a 0/4 cover with five patches): the patches decide.
 * Only a patch of another version than the patches already there starts
 * its own series: a "[PATCH v2 3/5]" resent in reply to the v1 cover is
 * a new version of one patch, not a member of v1. */
static int joins_cover(ld_builder *b, size_t s, const ld_msg *m, const char *sender)
{
	const sinfo *si = &b->si[s];
	return !strcmp(si->sender, sender) && (!si->pver || si->pver == m->subj.version);
}

/* Merges series from into series into (a cover letter that arrived
 * after some of its patches).  The longer list of postings stays in
 * place, so that each posting moves O(log n) times in all. */
static void merge_series(ld_builder *b, size_t into, size_t from)
{
	sinfo *a = &b->si[into], *f = &b->si[from];
	ld_series *sa = &b->r->series[into], *sf = &b->r->series[from];
	if (f->n_posts > a->n_posts) {
		size_t *tv = a->posts, tn = a->n_posts, tc = a->cap_posts;
		a->posts = f->posts, a->n_posts = f->n_posts, a->cap_posts = f->cap_posts;
		f->posts = tv, f->n_posts = tn, f->cap_posts = tc;
	}
	for (size_t i = 0; i < f->n_posts; i++)
		LD_VEC_PUSH(a->posts, a->n_posts, a->cap_posts, f->posts[i]);
	free(f->posts);
	f->posts = NULL;
	f->n_posts = f->cap_posts = 0;
	if (a->cover == LD_NONE)
		a->cover = f->cover;
	if (f->first < a->first)
		a->first = f->first;
	if (!a->pver) {
		a->pver = f->pver;
		a->ptotal = f->ptotal;
	}
	if (sf->version > sa->version) {
		sa->version = sf->version;
		char *t = sa->prefix;
		sa->prefix = sf->prefix;
		sf->prefix = t;
	}
	f->parent = into;
}

/* Series s waits for the message id (its patches reply to it). */
static void wait_for(ld_builder *b, const char *id, size_t s)
{
	waitlist **w = (waitlist **)ld_map_slot(&b->waiting, id);
	if (!*w)
		*w = ld_xcalloc(1, sizeof(waitlist));
	/* a series of 100,000 patches is listed once, not once a patch */
	if ((*w)->n && series_find(b, (*w)->v[(*w)->n - 1]) == s)
		return;
	LD_VEC_PUSH((*w)->v, (*w)->n, (*w)->cap, s);
}

/* Cover letter (series s, message id) arrived: the series of its sender
 * whose patches reply to it, stored before it, become its series. */
static void adopt_waiting(ld_builder *b, size_t s, const char *id)
{
	waitlist *w = ld_map_get(&b->waiting, id);
	if (!w)
		return;
	for (size_t i = 0; i < w->n; i++) {
		size_t o = series_find(b, w->v[i]);
		if (o == s || strcmp(b->si[o].sender, b->si[s].sender))
			continue;
		if (b->si[s].pver && b->si[o].pver != b->si[s].pver)
			continue;   /* another version's patches: as joins_cover */
		merge_series(b, s, o);
	}
}

/* The series of patch m (counter >= 1) of sender among those open:
 * see assign_series. */
static size_t find_series(ld_builder *b, const ld_msg *m, const char *sender, const char *key)
{
	ld_report *r = b->r;
	size_t p = rb_posting_by_id(b, rb_direct_parent(m));
	if (p != LD_NONE) {
		size_t s = series_find(b, r->postings[p].series);
		if (r->postings[p].subj.counter == 0 ? joins_cover(b, s, m, sender)
						      : compatible(b, s, m, sender))
			return s;
	}
	p = rb_replied_posting(b, m);
	if (p != LD_NONE) {
		size_t s = series_find(b, r->postings[p].series);
		if (compatible(b, s, m, sender))
			return s;
	}
	void *v = ld_map_get(&b->open, key);
	return v ? series_find(b, (size_t)(uintptr_t)v - 1) : LD_NONE;
}

/* Rules (b4's, where b4 is right: see joins_cover):
 * - a cover letter (0/N) starts a series, and takes in the patches of
 *   its sender stored before it that reply to it (mail arrives out of
 *   order);
 * - a patch i/N joins the series of the cover letter it replies to
 *   directly when the sender is the same (joins_cover), or the series of
 *   the patch it replies to (chain threading) or of a posting further up
 *   its References when that series has its sender, version and N (so a
 *   v2 sent in reply to v1 without a cover of its own starts its own
 *   series).  b4 takes the whole thread, the messages a patch replies to
 *   included, and so mixes a v2 with the v1 it was sent in reply to; here
 *   only the direct parent may join whatever the tags say;
 * - else the open series of the same sender, version, N, tags and thread
 *   root (patches of a series whose cover is outside the range, or sent
 *   without a cover);
 * - else it starts one; a patch without counter is a series of its own. */
size_t rb_assign_series(ld_builder *b, size_t post, const ld_msg *m, const char *sender)
{
	int counter = m->subj.counter;
	if (counter < 0) {
		size_t s = new_series(b, post, m, sender);
		LD_VEC_PUSH(b->si[s].posts, b->si[s].n_posts, b->si[s].cap_posts, post);
		b->si[s].pver = m->subj.version;
		b->si[s].ptotal = 1;
		return s;
	}
	size_t s = LD_NONE;
	char *prefix = ld_subject_prefix(m->subject, &m->subj);
	ld_buf key;
	ld_buf_init(&key);
	/* a cover letter is the root of its patches' thread */
	ld_buf_addf(&key, "%s\t%d\t%d\t%s\t%s", sender, m->subj.version, m->subj.total, prefix,
		    counter == 0 ? m->message_id : rb_thread_root(m));
	free(prefix);
	if (counter > 0)
		s = find_series(b, m, sender, key.s);
	if (s == LD_NONE) {
		s = new_series(b, post, m, sender);
		*ld_map_slot(&b->open, key.s) = (void *)(uintptr_t)(s + 1);
		if (counter == 0 && m->reply) {
			/* a cover sent in reply to another message (v2 in
			 * reply to v1) is also open under that thread's root:
			 * its patches, sent in reply to the v1 cover by mistake
			 * (a v1 and v2 mailed together), still find it */
			ld_buf_reset(&key);
			char *pf = ld_subject_prefix(m->subject, &m->subj);
			ld_buf_addf(&key, "%s\t%d\t%d\t%s\t%s", sender, m->subj.version, m->subj.total, pf,
				    rb_thread_root(m));
			free(pf);
			void **slot = ld_map_slot(&b->open, key.s);
			if (!*slot)
				*slot = (void *)(uintptr_t)(s + 1);
		}
	}
	ld_buf_release(&key);
	sinfo *si = &b->si[s];
	if (counter == 0) {
		if (si->cover == LD_NONE)
			si->cover = post;
		if (*m->message_id)
			adopt_waiting(b, s, m->message_id);
	} else {
		LD_VEC_PUSH(si->posts, si->n_posts, si->cap_posts, post);
		if (!si->pver) {
			si->pver = m->subj.version;
			si->ptotal = m->subj.total;
		}
		rb_raise_version(b, s, m->subj.version, m->subject, &m->subj);
		const char *parent = rb_direct_parent(m);
		if (*parent && rb_posting_by_id(b, parent) == LD_NONE)
			wait_for(b, parent, s);
	}
	return s;
}

static int cmp_first(const void *x, const void *y, void *ctx)
{
	const ld_builder *b = ctx;
	size_t a = b->si[*(const size_t *)x].first, c = b->si[*(const size_t *)y].first;
	return (a > c) - (a < c);
}

/* Makes the merges of assign_series final: one series per group, in
 * order of first posting, and every index that names a series renamed. */
void rb_settle_groups(ld_builder *b)
{
	ld_report *r = b->r;
	size_t n = r->n_series;
	size_t *order = ld_xmalloc((n + 1) * sizeof(size_t));
	size_t *map = ld_xmalloc((n + 1) * sizeof(size_t));
	size_t k = 0;
	for (size_t s = 0; s < n; s++)
		if (series_find(b, s) == s)
			order[k++] = s;
	if (k == n) {
		free(order);
		free(map);
		return;
	}
	/* a root's first posting may be older than its own (merged) start */
	qsort_r(order, k, sizeof(size_t), cmp_first, b);
	ld_series *ns = ld_xmalloc((n + 1) * sizeof(ld_series));
	sinfo *nsi = ld_xmalloc((n + 1) * sizeof(sinfo));
	for (size_t i = 0; i < k; i++) {
		map[order[i]] = i;
		ns[i] = r->series[order[i]];
		nsi[i] = b->si[order[i]];
		nsi[i].parent = i;
	}
	for (size_t s = 0; s < n; s++) {
		if (b->si[s].parent == s)
			continue;
		rb_free_sinfo(&b->si[s]);
	}
	for (size_t s = 0; s < n; s++)
		if (b->si[s].parent != s)
			map[s] = map[series_find(b, s)];
	for (size_t i = 0; i < r->n_postings; i++)
		r->postings[i].series = map[r->postings[i].series];
	for (size_t i = 0; i < r->n_applied; i++)
		if (r->applied[i].series != LD_NONE)
			r->applied[i].series = map[r->applied[i].series];
	free(r->series);
	free(b->si);
	r->series = ns;
	b->si = nsi;
	r->n_series = k;
	b->cap_series = n + 1;
	free(order);
	free(map);
}
