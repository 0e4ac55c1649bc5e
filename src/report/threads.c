/* report/threads.c - replies and what they make: discussions (threads
 * with replies, named after their root), applied notes and pull
 * requests. */
#include "report/builder.h"

#include <strings.h>

/* The posting whose arrival started the thread of root (see
 * rb_thread_root_seen), LD_NONE when none did. */
static size_t root_posting_seen(ld_builder *b, const char *root)
{
	size_t p = rb_posting_by_id(b, root);
	return p != LD_NONE && b->pi[p].root_seq ? p : LD_NONE;
}

/* The thread of root, made when first asked.  first orders threads as
 * they started: the sequence number of the message that started it
 * (one thread starts at most per message). */
static thread *thread_get(ld_builder *b, const char *root)
{
	thread **slot = (thread **)ld_map_slot(&b->threads, root);
	if (!*slot) {
		thread *t = *slot = ld_xcalloc(1, sizeof(thread));
		ld_map_init(&t->people);
		t->first = b->seq;
		t->root_posting = LD_NONE;
		size_t p = root_posting_seen(b, root);
		if (p != LD_NONE) {
			/* started when that posting arrived */
			t->first = b->pi[p].root_seq;
			t->subject = ld_xstrdup(b->r->postings[p].subject);
			t->sender = ld_xstrdup(b->pi[p].sender);
			t->root_seen = 1;
		}
	}
	return *slot;
}

/* The root message of a thread names it: its subject, and its sender
 * is the thread's author.  A patch posting starts a thread that most
 * often gets no reply (those go to its cover letter's): its thread is
 * made when a reply asks for it (thread_get), from the posting, as if
 * it had been made now (memory follows the threads the report shows). */
void rb_thread_root_seen(ld_builder *b, const ld_msg *m)
{
	thread *t = ld_map_get(&b->threads, m->message_id);
	if (!t) {
		size_t p = rb_posting_by_id(b, m->message_id);
		if (p != LD_NONE) {
			if (!b->pi[p].root_seq)
				b->pi[p].root_seq = b->seq;
			return;
		}
		t = thread_get(b, m->message_id);
	}
	if (t->root_seen)
		return;
	free(t->subject);
	t->subject = ld_xstrdup(m->subject);
	t->sender = rb_lower_dup(m->from_addr);
	t->root_seen = 1;
}

/* The root of m's thread for discussions: rb_thread_root(); when that root
 * is itself a reply (a parent that named only its own parent, as
 * Outlook's replies do), the root of the root, as the range or else the
 * index knows it, so a thread has one name and one count whatever the
 * range. */
const char *rb_reply_root(ld_builder *b, const ld_msg *m)
{
	const char *root = rb_thread_root(m);
	for (int hop = 0; hop < 16; hop++) {
		const char *up = ld_map_get(&b->reply_roots, root);
		if (!up)
			up = rb_index_ask(b, RB_ASK_ROOT, root, m->date);
		if (!up || !strcmp(up, root))
			break;
		root = up;
	}
	return root;
}

/* The lower-cased sender of the message that starts m's thread (in the
 * range, else in the index), else of the posting m replies to; NULL when
 * none is known. */
static const char *thread_author(ld_builder *b, const ld_msg *m, size_t target)
{
	const char *root = rb_reply_root(b, m);
	thread *t = ld_map_get(&b->threads, root);
	if (t && t->root_seen)
		return t->sender;
	size_t p = t ? LD_NONE : root_posting_seen(b, root);
	if (p != LD_NONE)
		return b->pi[p].sender;
	const char *sender = rb_index_ask(b, RB_ASK_SENDER, root, m->date);
	if (sender)
		return sender;
	if (target != LD_NONE)
		return b->pi[target].sender;
	return NULL;
}

/* A reply that is a patch from the thread's author (a patch posted in
 * its own thread, a pull request's patches without tags): neither
 * discussion nor review. */
int rb_patch_in_own_thread(ld_builder *b, const ld_msg *m)
{
	if (!m->body_patch)
		return 0;
	const char *author = thread_author(b, m, rb_replied_posting(b, m));
	return author && !strcasecmp(author, m->from_addr);
}

static void add_applied(ld_builder *b, const ld_msg *m, size_t target, const char *name, const char *addr)
{
	/* an applied note from the series' own author counts only when it is
	 * firm (their own act, with a branch or b4's commit lines): "this
	 * patch is merged through mm" from an author is news, not a note */
	const char *author = thread_author(b, m, target);
	if (!m->applied_firm && author && !strcasecmp(author, m->from_addr))
		return;
	ld_report *r = b->r;
	ld_applied a;
	memset(&a, 0, sizeof(a));
	a.series = target == LD_NONE ? LD_NONE : r->postings[target].series;
	if (a.series == LD_NONE) {
		size_t k, i = 0;
		while ((k = ld_subject_reply_prefix(m->subject + i)) > 0)
			i += k;
		a.subject = rb_keep(b, m->subject + i);
	}
	a.to = rb_keep(b, m->applied);
	/* a bot's notice names who applied */
	a.by = m->applied_by ? rb_keep(b, m->applied_by) : rb_name_addr(r->arena, name, addr);
	a.message_id = rb_keep(b, m->message_id);
	if (a.series == LD_NONE && *rb_direct_parent(m)) {
		late_note ln = { r->n_applied, rb_ancestors(m) };
		LD_VEC_PUSH(b->late, b->n_late, b->cap_late, ln);
	}
	LD_VEC_PUSH(r->applied, r->n_applied, b->cap_applied, a);
}

/* Can a review of posting target count?  With filters only one of a
 * posting the report shows does (reviews.c: a patch before the range
 * asks what it is; rb_apply_filters drops the reviews of the postings
 * it drops): one of a patch that fails the filters, or of a message not
 * in the range, is not kept (memory follows what the report shows). */
static int review_shown(ld_builder *b, size_t target)
{
	if (!rb_filtered(b))
		return 1;
	/* LD_NONE: asked again at the end (rb_settle_review_targets) */
	return target == LD_NONE || b->pi[target].pass || b->r->postings[target].subj.counter == 0;
}

/* The posting m's trailers are for when its parent is one; else LD_NONE,
 * asked again when the range's postings are all known (reviews.c). */
static size_t review_target(ld_builder *b, const ld_msg *m)
{
	return rb_posting_by_id(b, rb_direct_parent(m));
}

/* A reply: discussion in its thread, reviews, an applied note.  A bot's
 * mail is no discussion and gives no review, but its notice that a
 * series was applied counts. */
void rb_add_reply(ld_builder *b, const ld_msg *m, const char *name, const char *addr)
{
	size_t target = rb_replied_posting(b, m);
	if (m->applied)
		add_applied(b, m, target, name, addr);
	if (ld_is_bot(b->o.bots, m->from_addr) || ld_is_bot(b->o.bots, addr))
		return;
	thread *t = thread_get(b, rb_reply_root(b, m));
	t->replies++;
	if (!t->subject) {
		size_t k, i = 0;
		while ((k = ld_subject_reply_prefix(m->subject + i)) > 0)
			i += k;
		t->subject = ld_xstrdup(m->subject + i);
	}
	pcount **pc = (pcount **)ld_map_slot(&t->people, addr);
	if (!*pc) {
		*pc = ld_xcalloc(1, sizeof(pcount));
		(*pc)->name = rb_shown_name(name, addr);
		(*pc)->first = b->seq;
	}
	(*pc)->count++;
	size_t rt = review_target(b, m);
	if (!review_shown(b, rt))
		return;
	for (size_t i = 0; i < m->n_trailers; i++) {
		ld_trailer *tr = &m->trailers[i];
		if (tr->kind == LD_T_REVIEWED || tr->kind == LD_T_ACKED || tr->kind == LD_T_TESTED)
			rb_add_review(b, m, tr, rt);
	}
}

/* A pull request ([GIT PULL], [GIT PULL 0/N]) is listed as one; the
 * patches posted inside it ([GIT PULL i/N]) only count for it: they are
 * commits already made, not postings, replies or reviews. */
void rb_add_pull(ld_builder *b, const ld_msg *m)
{
	ld_report *r = b->r;
	if (m->subj.counter > 0)
		return;
	if (*m->message_id && ld_map_get(&b->pulls, m->message_id))
		return;   /* the same mail stored twice */
	ld_pull p;
	memset(&p, 0, sizeof(p));
	p.subject = rb_keep(b, m->subject);
	p.title = rb_keep(b, m->subject + m->subj.title);
	p.from = rb_name_addr(r->arena, m->from_name, m->from_addr);
	p.to = rb_keep(b, m->pull_to ? m->pull_to : "");
	p.source = rb_keep(b, m->pull_source ? m->pull_source : "");
	p.patches = m->subj.counter == 0 && m->subj.total > 0 ? (unsigned long)m->subj.total
							      : m->pull_commits;
	p.message_id = rb_keep(b, m->message_id);
	p.date = m->date;
	LD_VEC_PUSH(r->pulls, r->n_pulls, b->cap_pulls, p);
	if (*m->message_id) {
		*ld_map_slot(&b->pulls, m->message_id) = (void *)(uintptr_t)r->n_pulls;
		/* its replies ("Pulled, thanks.") are a thread named after it */
		rb_thread_root_seen(b, m);
	}
}

typedef struct {
	thread *t;
	const char *root;
} tref;

static int cmp_thread(const void *x, const void *y)
{
	const tref *a = x, *b = y;
	if (a->t->replies != b->t->replies)
		return a->t->replies > b->t->replies ? -1 : 1;
	int c = ld_casecmp(a->t->subject ? a->t->subject : "", b->t->subject ? b->t->subject : "");
	return c ? c : (a->t->first > b->t->first) - (a->t->first < b->t->first);
}

static int cmp_pcount(const void *x, const void *y)
{
	const pcount *a = *(pcount *const *)x, *b = *(pcount *const *)y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return ld_casecmp(a->name, b->name);
}

void rb_finish_discussions(ld_builder *b)
{
	ld_report *r = b->r;
	int filtered = rb_filtered(b);
	tref *ts = ld_xcalloc(b->threads.n + 1, sizeof(tref));
	size_t k = 0;
	for (size_t i = 0; i < b->threads.cap; i++) {
		if (!b->threads.keys[i])
			continue;
		thread *t = b->threads.vals[i];
		if (!t->replies)
			continue;
		/* with filters, the threads of the reported patches */
		if (filtered && t->root_posting == LD_NONE)
			continue;
		ts[k].t = t;
		ts[k].root = b->threads.keys[i];
		k++;
	}
	qsort(ts, k, sizeof(*ts), cmp_thread);
	if (b->o.top && k > b->o.top)
		k = b->o.top;
	r->discussions = ld_arena_alloc(r->arena, (k + 1) * sizeof(ld_discussion));
	for (size_t i = 0; i < k; i++) {
		thread *t = ts[i].t;
		ld_discussion *d = &r->discussions[i];
		/* named after its root, wherever the range starts: the
		 * index knows the root when the range does not hold it */
		const ld_index_entry *root = t->root_seen ? NULL : rb_index_find(b, ts[i].root, b->last_date);
		d->subject = rb_keep(b, root ? root->subject : t->subject ? t->subject : "");
		d->message_id = rb_keep(b, ts[i].root);
		d->replies = t->replies;
		pcount **pcs = ld_xcalloc(t->people.n + 1, sizeof(pcount *));
		size_t n = 0;
		for (size_t j = 0; j < t->people.cap; j++)
			if (t->people.keys[j])
				pcs[n++] = t->people.vals[j];
		qsort(pcs, n, sizeof(*pcs), cmp_pcount);
		d->participants = ld_arena_alloc(r->arena, (n + 1) * sizeof(char *));
		for (size_t j = 0; j < n; j++)
			d->participants[j] = rb_keep(b, pcs[j]->name);
		d->n_participants = n;
		free(pcs);
	}
	r->n_discussions = k;
	free(ts);
}

/* Which posting is each thread's root (before filters renumber them). */
void rb_settle_roots(ld_builder *b)
{
	for (size_t i = 0; i < b->threads.cap; i++)
		if (b->threads.keys[i])
			((thread *)b->threads.vals[i])->root_posting = rb_posting_by_id(b, b->threads.keys[i]);
}

/* Applied notes: with filters only those of reported series; the
 * subject of a known series is its head's. */
void rb_settle_applied(ld_builder *b)
{
	ld_report *r = b->r;
	int filtered = rb_filtered(b);
	size_t ka = 0;
	for (size_t i = 0; i < r->n_applied; i++) {
		ld_applied *a = &r->applied[i];
		if (a->series == LD_NONE && (filtered || !a->subject))
			continue;
		if (a->series != LD_NONE) {
			ld_series *se = &r->series[a->series];
			size_t head = se->cover != LD_NONE ? se->cover : se->n_patches ? se->patches[0] : LD_NONE;
			a->subject = head != LD_NONE ? r->postings[head].subject : se->title;
			if (se->applied == LD_NONE)
				se->applied = ka;
		}
		r->applied[ka++] = *a;
	}
	r->n_applied = ka;
}
