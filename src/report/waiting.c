/* report/waiting.c - "Waiting for review": the series posted in the
 * --waiting-days before the end of the report that are at least
 * --waiting-age days old at its end and that, up to that end, nobody
 * but their sender and the bots answered; oldest first.
 *
 * Asked of the archive index only (the series may be older than the
 * range reported, their replies anywhere up to the end), so the answer
 * is the same whatever range ends at the same moment:
 *   - a series is its head: a cover letter, else its patch 1 or single
 *     patch (a patch 1/N answering its sender's cover letter is not a
 *     head of its own); pull requests are not series;
 *   - its patches are the postings of its sender with a counter that
 *     answer the head or one of its patches (git send-email's threading,
 *     shallow or chained);
 *   - a reply is a message of the head's thread (or answering the head
 *     directly) whose In-Reply-To chain reaches the head or a patch (a
 *     thread rooted at the head itself: any of its messages), dated
 *     before the end; it counts when its From is neither the series'
 *     sender nor a bot (people.c's list and the user's);
 *   - a series that a newer version replaces (posted up to the end, found
 *     as versions.c finds what a series supersedes) is not waiting.
 * The end of the report is --until when given, else the newest Date of
 * the range.  With several inboxes the report's index is their union
 * (store/index_set.c: every message once, first inbox first), so replies
 * and newer versions on any of them count. */
#include "report/builder.h"

#define DAY 86400

typedef struct {
	ld_builder *b;          /* the index entries looked at are kept for a
	                           merge (known.c) */
	const ld_index *const *xs;
	size_t nx;
	const ld_botlist *bots;
	int64_t limit;          /* replies dated before it count */
	ld_map members;         /* the series' message ids */
	const ld_index_entry **thread;
	size_t n_thread, cap_thread;
} scan;

static const ld_index_entry *find_any(const scan *s, const char *id)
{
	for (size_t i = 0; i < s->nx; i++) {
		const ld_index_entry *e = ld_index_find(s->xs[i], id);
		if (e) {
			rb_know(s->b, e);
			return e;
		}
	}
	return NULL;
}

/* A head of its own: a posting with no counter, 0 or 1, not a pull
 * request, and not the patch 1 of its sender's cover letter. */
static int own_head(const scan *s, const ld_index_entry *e)
{
	if (!ld_subject_is_posting(&e->subj) || e->subj.counter > 1 ||
	    ld_subject_is_pull(e->subject, &e->subj))
		return 0;
	if (e->subj.counter != 1 || !*e->in_reply_to)
		return 1;
	const ld_index_entry *p = find_any(s, e->in_reply_to);
	return !(p && ld_subject_is_posting(&p->subj) && p->subj.counter == 0 &&
		 !strcmp(p->from_addr, e->from_addr));
}

static void collect(void *ctx, const ld_index_entry *e)
{
	scan *s = ctx;
	rb_know(s->b, e);
	LD_VEC_PUSH(s->thread, s->n_thread, s->cap_thread, e);
}

static int member(const scan *s, const char *id)
{
	return *id && ld_map_get(&s->members, id) != NULL;
}

/* Does e answer the series: its In-Reply-To chain reaches a member; a
 * chain that ends (a lost parent, a thread starter) does when the head
 * is its thread's root. */
static int answers(const scan *s, const ld_index_entry *e, int head_is_root)
{
	const ld_index_entry *cur = e;
	for (int depth = 0; depth < 256 && cur; depth++) {
		if (member(s, cur->in_reply_to))
			return 1;
		if (!*cur->in_reply_to)
			break;
		cur = find_any(s, cur->in_reply_to);
	}
	return head_is_root;
}

/* Did anyone but the sender and the bots answer the series of head h
 * before the end? */
static int replied(scan *s, const ld_index_entry *h)
{
	int head_is_root = !*h->root || !strcmp(h->root, h->message_id);
	s->n_thread = 0;
	for (size_t i = 0; i < s->nx; i++) {
		ld_index_thread(s->xs[i], *h->root ? h->root : h->message_id, collect, s);
		if (!head_is_root)
			ld_index_thread(s->xs[i], h->message_id, collect, s);
	}
	ld_map_init(&s->members);
	*ld_map_slot(&s->members, h->message_id) = (void *)1;
	/* its patches, in as many passes as a chain needs */
	for (int grew = 1; grew;) {
		grew = 0;
		for (size_t i = 0; i < s->n_thread; i++) {
			const ld_index_entry *e = s->thread[i];
			if (e->subj.counter >= 1 && ld_subject_is_posting(&e->subj) &&
			    !strcmp(e->from_addr, h->from_addr) && member(s, e->in_reply_to) &&
			    !member(s, e->message_id)) {
				*ld_map_slot(&s->members, e->message_id) = (void *)1;
				grew = 1;
			}
		}
	}
	int yes = 0;
	for (size_t i = 0; i < s->n_thread && !yes; i++) {
		const ld_index_entry *e = s->thread[i];
		yes = e->date < s->limit && strcmp(e->from_addr, h->from_addr) &&
		      !ld_is_bot(s->bots, e->from_addr) && !member(s, e->message_id) &&
		      answers(s, e, head_is_root);
	}
	ld_map_release(&s->members);
	return yes;
}

/* The heads of index x dated in [from, to], each message once (its first
 * copy; an id already in seen, from another inbox, is skipped). */
static void heads(const scan *s, const ld_index *x, int64_t from, int64_t to, ld_map *seen,
		  const ld_index_entry ***v, size_t *n, size_t *cap)
{
	size_t count = ld_index_count(x);
	for (size_t i = 0; i < count; i++) {
		ld_subject tags;
		int64_t date = ld_index_peek(x, i, &tags);
		if (date < from || date > to || !ld_subject_is_posting(&tags))
			continue;   /* not decoded (store.h) */
		const ld_index_entry *e = ld_index_at(x, i);
		if (!own_head(s, e) || ld_index_find(x, e->message_id) != e)
			continue;
		void **slot = ld_map_slot(seen, e->message_id);
		if (*slot)
			continue;
		*slot = (void *)1;
		rb_know(s->b, e);
		LD_VEC_PUSH(*v, *n, *cap, e);
	}
}

/* The heads that a newer version, posted in [from, to], replaces: into
 * gone (the head's id, and its cover letter's when it is a patch 1). */
static void superseded(const scan *s, const ld_index *x, int64_t from, int64_t to, ld_map *gone)
{
	const ld_index_entry **v = NULL;
	size_t n = 0, cap = 0;
	ld_map seen;
	ld_map_init(&seen);
	heads(s, x, from, to, &seen, &v, &n, &cap);
	ld_map_release(&seen);
	rb_vquery *q = ld_xcalloc(n + 1, sizeof(*q));
	for (size_t i = 0; i < n; i++)
		q[i] = (rb_vquery){ v[i]->from_addr, v[i]->subject + v[i]->subj.title,
				    v[i]->message_id, v[i]->subj.version, v[i]->date, NULL };
	rb_find_versions(x, q, n, rb_know_cb, s->b);
	for (size_t i = 0; i < n; i++) {
		const ld_index_entry *p = q[i].prev;
		if (!p)
			continue;
		*ld_map_slot(gone, p->message_id) = (void *)1;
		if (p->subj.counter == 1 && *p->in_reply_to)
			*ld_map_slot(gone, p->in_reply_to) = (void *)1;
	}
	free(q);
	free(v);
}

static int by_date(const void *a, const void *b)
{
	const ld_index_entry *x = *(const ld_index_entry *const *)a;
	const ld_index_entry *y = *(const ld_index_entry *const *)b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->message_id, y->message_id);
}

static void keep(ld_builder *b, const ld_index_entry *e, int64_t end)
{
	ld_report *r = b->r;
	ld_waiting *w = &r->waiting[r->n_waiting++];
	memset(w, 0, sizeof(*w));
	w->subject = rb_keep(b, e->subject);
	w->title = rb_keep(b, e->subject + e->subj.title);
	char *name, *addr;
	rb_canonical(b, e->from_name, e->from_addr, &name, &addr);
	w->author = rb_name_addr(r->arena, name, addr);
	free(name);
	free(addr);
	w->message_id = rb_keep(b, e->message_id);
	w->date = e->date;
	w->days = (unsigned)((end - e->date) / DAY);
	w->version = e->subj.version;
	w->total = e->subj.total > 0 ? e->subj.total : 1;
}

/* The waiting series of the indexes xs (every inbox of the report). */
static void waiting_of(ld_builder *b, const ld_index *const *xs, size_t nx, int64_t end,
		       int64_t limit)
{
	ld_report *r = b->r;
	scan s = { b, xs, nx, b->o.bots, limit, { 0 }, NULL, 0, 0 };
	int64_t from = end - (int64_t)b->o.waiting_days * DAY;
	int64_t to = end - (int64_t)b->o.waiting_age * DAY;
	const ld_index_entry **v = NULL;
	size_t n = 0, cap = 0;
	ld_map seen, gone;
	ld_map_init(&seen);
	ld_map_init(&gone);
	for (size_t i = 0; i < nx; i++) {
		heads(&s, xs[i], from, to, &seen, &v, &n, &cap);
		superseded(&s, xs[i], from, limit - 1, &gone);
	}
	if (n)
		qsort(v, n, sizeof(*v), by_date);
	r->waiting = ld_arena_alloc(r->arena, (n + 1) * sizeof(*r->waiting));
	for (size_t i = 0; i < n; i++)
		if (!ld_map_get(&gone, v[i]->message_id) && !replied(&s, v[i]))
			keep(b, v[i], end);
	ld_map_release(&seen);
	ld_map_release(&gone);
	free(v);
	free(s.thread);
}

void rb_settle_waiting(ld_builder *b)
{
	ld_report *r = b->r;
	r->waiting_days = b->o.waiting_days;
	r->waiting_age = b->o.waiting_age;
	if (!b->o.waiting_days) {
		r->waiting_state = LD_WAITING_OFF;
		return;
	}
	if (!b->o.index) {
		r->waiting_state = LD_WAITING_NO_INDEX;
		return;
	}
	if (!b->run.until && !b->n_dated) {
		r->waiting_state = LD_WAITING_NO_END;
		return;
	}
	r->waiting_state = LD_WAITING_LISTED;
	int64_t end = b->run.until ? b->run.until : r->last_date;
	r->waiting_end = end;
	/* --until is the first second after the report; a range's newest
	 * Date is in it */
	waiting_of(b, &b->o.index, 1, end, b->run.until ? end : end + 1);
}
