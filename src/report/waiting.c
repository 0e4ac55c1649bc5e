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
 * and newer versions on any of them count.
 *
 * With a filter or --maintainers the postings of each waiting series
 * (its head and patches) are read again through the run's reader
 * (ld_report_opts.waiting_read: the index knows no files nor bodies):
 * a series stays when one of its postings passes the filters, by the
 * rule the report's own postings pass (filters.c, rb_msg_passes), and
 * with --maintainers it names the sections its files belong to and
 * their M:/R: people (maintainers.c, ld_maintainers_who). */
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
	const ld_index_entry **posts;  /* of the last series asked: its head,
	                                  then its patches in archive order */
	size_t n_posts, cap_posts;
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

/* The postings of the series of head h (its members) into s->posts:
 * h, then the patches in the thread's order, each Message-ID once (a
 * member's slot turns 2 when listed). */
static void list_posts(scan *s, const ld_index_entry *h)
{
	s->n_posts = 0;
	LD_VEC_PUSH(s->posts, s->n_posts, s->cap_posts, h);
	*ld_map_slot(&s->members, h->message_id) = (void *)2;
	for (size_t i = 0; i < s->n_thread; i++) {
		void **slot = member(s, s->thread[i]->message_id)
				      ? ld_map_slot(&s->members, s->thread[i]->message_id) : NULL;
		if (slot && *slot == (void *)1) {
			*slot = (void *)2;
			LD_VEC_PUSH(s->posts, s->n_posts, s->cap_posts, s->thread[i]);
		}
	}
}

/* Did anyone but the sender and the bots answer the series of head h
 * before the end?  Its postings are left in s->posts. */
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
	list_posts(s, h);
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

/* The postings of a waiting series (scan.posts). */
typedef struct {
	const ld_index_entry **v;
	size_t n;
} postings;

/* The distinct files named by the postings, in their order. */
typedef struct {
	ld_map seen;
	char **v;
	size_t n, cap;
} files;

/* The postings of one waiting series read again: 1 when one of them
 * passes the filters (all do without filters), into *pass; their files
 * into fs.  -1 when the reader could not read one. */
static int read_series(ld_builder *b, const postings *p, files *fs, int *pass)
{
	*pass = !rb_filtered(b);
	for (size_t i = 0; i < p->n; i++) {
		ld_msg m;
		memset(&m, 0, sizeof(m));
		if (b->o.waiting_read(b->o.waiting_ctx, b->o.index, p->v[i], &m)) {
			ld_msg_release(&m);
			return -1;
		}
		rb_intake_read(b, &m);   /* for a merge: read from here */
		if (!*pass)
			*pass = rb_msg_passes(b, &m);
		for (size_t f = 0; f < m.n_files; f++) {
			void **slot = ld_map_slot(&fs->seen, m.files[f]);
			if (!*slot) {
				*slot = (void *)1;
				LD_VEC_PUSH(fs->v, fs->n, fs->cap, ld_xstrdup(m.files[f]));
			}
		}
		ld_msg_release(&m);
	}
	return 0;
}

/* Who could review w: the sections of its files and their people. */
static void who(ld_builder *b, ld_waiting *w, const files *fs)
{
	ld_maint_who mw;
	ld_maintainers_who(b->o.maintainers, (const char *const *)fs->v, fs->n, LD_WAITING_SECTIONS,
			   LD_WAITING_PEOPLE, &mw);
	w->n_files = fs->n;
	w->sections = rb_keep_strv(b, mw.sections, mw.n_sections);
	w->n_sections = mw.n_sections;
	w->all_sections = mw.all_sections;
	w->people = mw.n_people ? ld_arena_alloc(b->r->arena, mw.n_people * sizeof(*w->people)) : NULL;
	for (size_t i = 0; i < mw.n_people; i++)
		w->people[i] = (ld_waiting_person){ rb_keep(b, mw.people[i].who),
						    rb_keep(b, mw.people[i].section),
						    mw.people[i].reviewer };
	w->n_people = mw.n_people;
	w->all_people = mw.all_people;
	ld_maint_who_release(&mw);
}

/* The waiting list read again (ps[i]: the postings of waiting[i]): the
 * series no posting of which passes the filters leave it, the others
 * name who could review them (--maintainers).  A posting the reader
 * cannot read stops it: the run fails (report.h). */
static void read_again(ld_builder *b, const postings *ps)
{
	ld_report *r = b->r;
	b->r->waiting_who = b->o.maintainers != NULL;
	size_t k = 0;
	for (size_t i = 0; i < r->n_waiting; i++) {
		files fs = { { 0 }, NULL, 0, 0 };
		ld_map_init(&fs.seen);
		int pass = 0, st = read_series(b, &ps[i], &fs, &pass);
		if (!st && pass && b->o.maintainers)
			who(b, &r->waiting[i], &fs);
		if (!st && pass)
			r->waiting[k++] = r->waiting[i];
		for (size_t f = 0; f < fs.n; f++)
			free(fs.v[f]);
		free(fs.v);
		ld_map_release(&fs.seen);
		if (st)
			return;   /* the run fails: the list is left as it is */
	}
	r->n_waiting = k;
}

/* The waiting series of the indexes xs (every inbox of the report). */
static void waiting_of(ld_builder *b, const ld_index *const *xs, size_t nx, int64_t end,
		       int64_t limit)
{
	ld_report *r = b->r;
	scan s = { b, xs, nx, b->o.bots, limit, { 0 }, NULL, 0, 0, NULL, 0, 0 };
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
	postings *ps = ld_xcalloc(n + 1, sizeof(*ps));
	for (size_t i = 0; i < n; i++)
		if (!ld_map_get(&gone, v[i]->message_id) && !replied(&s, v[i])) {
			ps[r->n_waiting] = (postings){ s.posts, s.n_posts };
			s.posts = NULL;
			s.n_posts = s.cap_posts = 0;
			keep(b, v[i], end);
		}
	if (b->o.waiting_read && (rb_filtered(b) || b->o.maintainers))
		read_again(b, ps);
	for (size_t i = 0; i < n; i++)
		free(ps[i].v);
	free(ps);
	ld_map_release(&seen);
	ld_map_release(&gone);
	free(v);
	free(s.thread);
	free(s.posts);
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
