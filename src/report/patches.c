/* report/patches.c - the patches of each series: each number once, how
 * many are here, which came earlier (the archive index) and which are
 * missing; then the series' final fields, the commit-message entries and
 * the fixes. */
#include "report/builder.h"

static int cmp_counter(const void *x, const void *y, void *ctx)
{
	const ld_report *r = ctx;
	const ld_posting *a = &r->postings[*(const size_t *)x], *b = &r->postings[*(const size_t *)y];
	if (a->subj.counter != b->subj.counter)
		return a->subj.counter < b->subj.counter ? -1 : 1;
	return *(const size_t *)x < *(const size_t *)y ? -1 : 1;
}

/* One posting per number, the first that arrived; posts sorted by
 * number.  Linear after the sort (a series of 100,000 patches). */
static void dedup_posts(ld_builder *b, sinfo *si)
{
	ld_report *r = b->r;
	if (si->n_posts)
		qsort_r(si->posts, si->n_posts, sizeof(size_t), cmp_counter, r);
	size_t k = 0;
	for (size_t j = 0; j < si->n_posts; j++) {
		int c = r->postings[si->posts[j]].subj.counter;
		if (k && c >= 0 && r->postings[si->posts[k - 1]].subj.counter == c)
			continue;
		si->posts[k++] = si->posts[j];
	}
	si->n_posts = k;
}

/* The runs of 1..total that are not in the ascending numbers got[]
 * (duplicates allowed); returns how many numbers that is. */
static long absent_spans(const int *got, size_t n, int total, ld_span **out, size_t *n_out)
{
	size_t cap = 0;
	long absent = 0;
	int next = 1;   /* the smallest number not seen yet */
	*out = NULL;
	*n_out = 0;
	for (size_t i = 0; i <= n && next <= total; i++) {
		int c = i < n ? got[i] : total + 1;
		if (c < next)
			continue;
		if (c > next) {
			ld_span sp = { next, c - 1 < total ? c - 1 : total };
			absent += sp.hi - sp.lo + 1;
			LD_VEC_PUSH(*out, *n_out, cap, sp);
		}
		next = c + 1;
	}
	return absent;
}

static int cmp_int(const void *x, const void *y)
{
	int a = *(const int *)x, c = *(const int *)y;
	return (a > c) - (a < c);
}

/* How many distinct numbers of the ascending b[] are not in the
 * ascending a[]. */
static size_t count_new(const int *a, size_t na, const int *b, size_t nb)
{
	size_t i = 0, k = 0;
	for (size_t j = 0; j < nb; j++) {
		if (j && b[j] == b[j - 1])
			continue;
		while (i < na && a[i] < b[j])
			i++;
		if (i == na || a[i] != b[j])
			k++;
	}
	return k;
}

/* Should the absent patches of series s have come to this list?  Only
 * when the mail says so: the cover letter and at least one patch
 * arrived, all sent to the same To and Cc (git send-email without
 * per-patch Cc), and the last of them a day or more before the end of
 * the report (mail takes its time).  Without the cover nothing tells: a
 * stable or AUTOSEL review series Cc's each patch to the lists of its
 * files, and two patches of one author may well share them. */
static int should_have_come(ld_builder *b, const sinfo *si)
{
	ld_report *r = b->r;
	if (si->cover == LD_NONE || !si->n_posts)
		return 0;
	size_t first = si->cover;
	int64_t last = r->postings[first].date;
	for (size_t j = 0; j < si->n_posts; j++) {
		size_t p = si->posts[j];
		if (b->pi[p].recipients != b->pi[first].recipients)
			return 0;
		if (r->postings[p].date > last)
			last = r->postings[p].date;
	}
	return b->end - last >= 86400;
}

/* What the archive index knows of series s from before the range. */
typedef struct {
	ld_builder *b;
	const sinfo *si;
	const char *cover_id;  /* the cover letter's Message-ID, "" unknown */
	int64_t first;         /* date of the series' first posting in the range */
	int *got;              /* numbers found, not in the range */
	size_t n, cap;
	const ld_index_entry *one; /* patch 1 before the range */
	ld_map ids;            /* Message-IDs of the members found */
} earlier_ctx;

/* Is index entry e a posting of the series, before the range?  The
 * rules of assign_series over what the index has: the same sender, not
 * in the range, not newer than the series' first posting here; then a
 * patch that replies to the cover letter (of the version of the patches
 * here), or with their version and N one that replies to a member (chain
 * threading) or, without a known cover, any in the thread.  A thread
 * also holds the versions sent in reply to each other: a v1 patch never
 * replies to the v2 cover. */
static int earlier_member(earlier_ctx *c, const ld_index_entry *e)
{
	const sinfo *si = c->si;
	size_t s = (size_t)(si - c->b->si);
	if (!ld_subject_is_posting(&e->subj) || e->subj.counter < 1 || e->date > c->first ||
	    strcmp(e->from_addr, si->sender) || rb_posting_by_id(c->b, e->message_id) != LD_NONE)
		return 0;
	int v = si->pver ? si->pver : c->b->r->series[s].version;
	int n = si->ptotal ? si->ptotal : c->b->r->series[s].total;
	if (*c->cover_id && !strcmp(e->in_reply_to, c->cover_id))
		return e->subj.version == v || !si->pver;
	if (e->subj.version != v || e->subj.total != n)
		return 0;
	if (!*c->cover_id)
		return 1;
	size_t p = rb_posting_by_id(c->b, e->in_reply_to);
	return ld_map_get(&c->ids, e->in_reply_to) || (p != LD_NONE && c->b->r->postings[p].series == s);
}

static void earlier_one(void *ctx, const ld_index_entry *e)
{
	earlier_ctx *c = ctx;
	if (!earlier_member(c, e))
		return;
	if (*e->message_id)
		*ld_map_slot(&c->ids, e->message_id) = (void *)1;
	LD_VEC_PUSH(c->got, c->n, c->cap, e->subj.counter);
	if (e->subj.counter == 1 && !c->one)
		c->one = e;
}

/* Patches of series s posted before the range, found in the archive
 * index through the thread of its cover letter or first patch: their
 * numbers go to *got (they are "earlier", not missing), and the title of
 * a cover letter or patch 1 from before the range becomes the series'.
 * A message newer than the series' first posting here never counts, so
 * the answer is the same whatever follows the range. */
static void find_earlier(ld_builder *b, size_t s, int **got, size_t *n, size_t *cap)
{
	ld_report *r = b->r;
	sinfo *si = &b->si[s];
	const ld_index *x = b->o.index;
	if (!x || !si->n_posts || r->postings[si->posts[0]].subj.counter < 0)
		return;
	earlier_ctx c = { b, si, "", r->postings[si->first].date, *got, *n, *cap, NULL, { 0 } };
	ld_map_init(&c.ids);
	const char *root;
	const ld_index_entry *cover = NULL;
	if (si->cover != LD_NONE) {
		c.cover_id = r->postings[si->cover].message_id;
		root = b->pi[si->cover].root;
	} else {
		/* the cover letter the patches reply to, if it came before */
		const ld_index_entry *e = rb_ix_find(b, b->pi[si->posts[0]].parent);
		if (e && e->subj.counter == 0 && ld_subject_is_posting(&e->subj) && e->date <= c.first &&
		    !strcmp(e->from_addr, si->sender) && rb_posting_by_id(b, e->message_id) == LD_NONE)
			cover = e;
		root = cover ? (*cover->root ? cover->root : cover->message_id) : b->pi[si->posts[0]].root;
		/* chain threading: the patch replies to patch i-1, the root
		 * of the thread is the cover letter */
		const ld_index_entry *re = cover ? NULL : rb_ix_find(b, root);
		if (re && re->subj.counter == 0 && ld_subject_is_posting(&re->subj) && re->date <= c.first &&
		    !strcmp(re->from_addr, si->sender) && rb_posting_by_id(b, re->message_id) == LD_NONE)
			cover = re;
		c.cover_id = cover ? cover->message_id : "";
	}
	/* the root itself is no member of its own thread */
	const ld_index_entry *re = rb_ix_find(b, root);
	if (re)
		earlier_one(&c, re);
	rb_ix_thread(b, root, earlier_one, &c);
	ld_map_release(&c.ids);
	*got = c.got;
	*n = c.n;
	*cap = c.cap;
	if (si->cover != LD_NONE)
		return;
	const ld_index_entry *head = cover ? cover : c.one;
	if (head && (cover || r->postings[si->posts[0]].subj.counter != 1)) {
		si->head_title = ld_xstrdup(head->subject + head->subj.title);
		si->head_id = ld_xstrdup(head->message_id);
		r->series[s].cover_earlier = cover != NULL;
		rb_raise_version(b, s, head->subj.version, head->subject, &head->subj);
	}
}

/* Here, earlier and missing, from every patch received (before filters,
 * which hide patches but do not make them missing).  Missing is kept as
 * runs: a "[PATCH 1/100000]" costs one run, not 99,999 numbers. */
void rb_settle_missing(ld_builder *b)
{
	ld_report *r = b->r;
	for (size_t s = 0; s < r->n_series; s++) {
		ld_series *se = &r->series[s];
		sinfo *si = &b->si[s];
		dedup_posts(b, si);
		if (si->ptotal)
			se->total = si->ptotal;
		se->here = si->n_posts;
		int *got = ld_xmalloc((si->n_posts + 1) * sizeof(int));
		size_t n = 0;
		for (size_t j = 0; j < si->n_posts; j++) {
			int c = r->postings[si->posts[j]].subj.counter;
			got[n++] = c < 0 ? 1 : c;   /* a single patch is patch 1 of 1 */
		}
		size_t cap = n + 1, nhere = n;
		/* a whole series with its cover letter has nothing earlier:
		 * no need to walk its thread in the index */
		qsort(got, nhere, sizeof(int), cmp_int);
		size_t whole = 0;
		for (size_t j = 0; j < nhere; j++)
			whole += got[j] >= 1 && got[j] <= se->total && (!j || got[j] != got[j - 1]);
		if (si->cover == LD_NONE || whole < (size_t)se->total)
			find_earlier(b, s, &got, &n, &cap);
		/* got[0..nhere) are the numbers here, the rest earlier ones */
		qsort(got, nhere, sizeof(int), cmp_int);
		qsort(got + nhere, n - nhere, sizeof(int), cmp_int);
		se->earlier = count_new(got, nhere, got + nhere, n - nhere);
		qsort(got, n, sizeof(int), cmp_int);
		ld_span *sp;
		size_t nsp;
		si->absent = (int)absent_spans(got, n, se->total, &sp, &nsp);
		free(got);
		if (nsp && should_have_come(b, si)) {
			se->missing = ld_arena_alloc(r->arena, nsp * sizeof(ld_span));
			memcpy(se->missing, sp, nsp * sizeof(ld_span));
			se->n_missing = nsp;
		}
		free(sp);
	}
}

void rb_finish_series(ld_builder *b)
{
	ld_report *r = b->r;
	for (size_t s = 0; s < r->n_series; s++) {
		ld_series *se = &r->series[s];
		sinfo *si = &b->si[s];
		se->patches = ld_arena_alloc(r->arena, (si->n_posts + 1) * sizeof(size_t));
		if (si->n_posts)
			memcpy(se->patches, si->posts, si->n_posts * sizeof(size_t));
		se->n_patches = si->n_posts;
		se->cover = si->cover;
		size_t head = se->cover != LD_NONE ? se->cover : se->n_patches ? se->patches[0] : si->first;
		/* strings of the report never change: the head's are shared */
		se->title = si->head_title ? rb_keep(b, si->head_title) : r->postings[head].title;
		se->author = r->postings[head].author;
		se->sender = rb_keep(b, b->pi[head].sender);
		se->message_id = si->head_id ? rb_keep(b, si->head_id) : r->postings[head].message_id;
		se->date = r->postings[si->first].date;
	}
}

/* The excerpts the intake left to fetch (ld_builder_fetch_excerpts), of
 * the postings that stay, in one call. */
static void fetch_deferred(ld_builder *b)
{
	ld_report *r = b->r;
	size_t n = 0;
	for (size_t i = 0; i < r->n_postings; i++)
		n += b->pi[i].deferred;
	if (!n)
		return;
	const char **ids = ld_xcalloc(n, sizeof(*ids));
	const char **commits = ld_xcalloc(n, sizeof(*commits));
	int *epochs = ld_xcalloc(n, sizeof(*epochs));
	size_t *which = ld_xcalloc(n, sizeof(*which));
	char **out = ld_xcalloc(n, sizeof(*out));
	size_t k = 0;
	for (size_t i = 0; i < r->n_postings; i++)
		if (b->pi[i].deferred) {
			ids[k] = r->postings[i].message_id;
			commits[k] = r->postings[i].commit;
			epochs[k] = b->pi[i].epoch;
			which[k++] = i;
		}
	b->fetch(b->fetch_ctx, ids, commits, epochs, n, out);
	for (k = 0; k < n; k++) {
		b->pi[which[k]].excerpt = out[k] ? rb_keep(b, out[k]) : NULL;
		free(out[k]);
	}
	free(ids);
	free(commits);
	free(epochs);
	free(which);
	free(out);
}

/* The commit-message entries (postings with an excerpt) and the fixes
 * (Fixes: trailers, stable) of the postings that stay, in their order. */
void rb_settle_entries(ld_builder *b)
{
	ld_report *r = b->r;
	size_t cap_e = 0, cap_f = 0;
	fetch_deferred(b);
	for (size_t i = 0; i < r->n_postings; i++) {
		pinfo *pi = &b->pi[i];
		if (pi->excerpt) {
			ld_entry e;
			memset(&e, 0, sizeof(e));
			e.subject = r->postings[i].subject;
			e.title = r->postings[i].title;
			e.author = r->postings[i].author;
			e.sender = pi->sent_by ? pi->from : rb_keep(b, "");
			e.excerpt = pi->excerpt;
			e.message_id = r->postings[i].message_id;
			memcpy(e.commit, r->postings[i].commit, sizeof(e.commit));
			e.series = r->postings[i].series;
			LD_VEC_PUSH(r->entries, r->n_entries, cap_e, e);
		}
		if (pi->n_fixes || pi->stable) {
			ld_fix f = { i, rb_keep_strv(b, (const char *const *)pi->fixes, pi->n_fixes), pi->n_fixes,
				     pi->stable };
			LD_VEC_PUSH(r->fixes, r->n_fixes, cap_f, f);
		}
	}
}
