/* index_set.c - the index's queries (store.h: find, thread, count, at,
 * close), for one inbox's index (index.c) or for several inboxes'
 * indexes asked as one.  Several inboxes' archive indexes asked as one (a report
 * over several inboxes, run/several.c): the builder's look-ups (thread
 * roots, earlier patches, cover letters, earlier versions) then find a
 * message in whichever inbox holds it.
 *
 * The union answers as one index of the inboxes' messages, the first
 * inbox's first, then the second's..., where a Message-ID already held
 * by an earlier inbox (a cross-post) is left out: what one public-inbox
 * holding every message once would answer, and the copy the report's
 * intake keeps (first copy wins, in the order the inboxes are given).
 * It borrows its parts: close it before them. */
#include "store/index.h"

#include <stdlib.h>
#include <string.h>

struct ld_ix_union {
	ld_index **parts;        /* borrowed; an element may be NULL (no index) */
	size_t n;
	struct { uint32_t p, i; } *all;  /* every message once, in order: its
	                            part and its number there (ld_ix_at) */
	size_t n_all;
};

/* Is id held by a part before p? */
static int earlier_part(const struct ld_ix_union *u, size_t p, const char *id)
{
	for (size_t q = 0; q < p; q++)
		if (ld_ix_find(u->parts[q], id))
			return 1;
	return 0;
}

ld_index *ld_index_union(ld_index *const *parts, size_t n)
{
	ld_index *x = ld_xcalloc(1, sizeof(*x));
	struct ld_ix_union *u = ld_xcalloc(1, sizeof(*u));
	x->u = u;
	u->parts = ld_xcalloc(n ? n : 1, sizeof(*u->parts));
	memcpy(u->parts, parts, n * sizeof(*parts));
	u->n = n;
	size_t total = 0;
	for (size_t p = 0; p < n; p++)
		total += ld_ix_count(parts[p]);
	u->all = ld_xcalloc(total ? total : 1, sizeof(*u->all));
	for (size_t p = 0; p < n; p++)
		for (size_t i = 0; i < ld_ix_count(parts[p]); i++) {
			/* the Message-ID read in place: no entry decoded */
			const char *id = ld_ix_str(parts[p], parts[p]->msgs[i], S_MID);
			if (!p || !earlier_part(u, p, id)) {
				u->all[u->n_all].p = (uint32_t)p;
				u->all[u->n_all++].i = (uint32_t)i;
			}
		}
	return x;
}

void ld_index_close(ld_index *x)
{
	if (!x || !x->u) {
		/* an index made from a draft holds its records' strings */
		ld_arena *text = x ? x->text : NULL;
		ld_index *base = x ? x->base : NULL;
		ld_ix_close(x);
		ld_arena_free(text);
		ld_ix_close(base);
		return;
	}
	free(x->u->parts);
	free(x->u->all);
	free(x->u);
	free(x);
}

const ld_index_entry *ld_index_find(const ld_index *x, const char *message_id)
{
	if (!x || !x->u)
		return ld_ix_find(x, message_id);
	for (size_t p = 0; p < x->u->n; p++) {
		const ld_index_entry *e = ld_ix_find(x->u->parts[p], message_id);
		if (e)
			return e;
	}
	return NULL;
}

typedef struct {
	const struct ld_ix_union *u;
	size_t p;
	void (*fn)(void *ctx, const ld_index_entry *e);
	void *ctx;
} thread_walk;

static void thread_one(void *ctx, const ld_index_entry *e)
{
	thread_walk *w = ctx;
	if (!w->p || !earlier_part(w->u, w->p, e->message_id))
		w->fn(w->ctx, e);
}

void ld_index_thread(const ld_index *x, const char *root_id,
		     void (*fn)(void *ctx, const ld_index_entry *e), void *ctx)
{
	if (!x || !x->u) {
		ld_ix_thread(x, root_id, fn, ctx);
		return;
	}
	thread_walk w = { x->u, 0, fn, ctx };
	for (w.p = 0; w.p < x->u->n; w.p++)
		ld_ix_thread(x->u->parts[w.p], root_id, thread_one, &w);
}

size_t ld_index_count(const ld_index *x)
{
	return x && x->u ? x->u->n_all : ld_ix_count(x);
}

const ld_index_entry *ld_index_at(const ld_index *x, size_t i)
{
	if (!x || !x->u)
		return ld_ix_at(x, i);
	return i < x->u->n_all ? ld_ix_at(x->u->parts[x->u->all[i].p], x->u->all[i].i) : NULL;
}

int64_t ld_index_peek(const ld_index *x, size_t i, ld_subject *tags)
{
	if (!x->u)
		return ld_ix_peek(x, i, tags);
	return ld_ix_peek(x->u->parts[x->u->all[i].p], x->u->all[i].i, tags);
}

/* A record handed out by a file's index is one of x's when x's cache
 * holds it at its number. */
int64_t ld_ix_position(const ld_index *x, const ld_index_entry *e)
{
	/* e is the first member of its rec */
	const rec *r = (const rec *)(const void *)e;
	if (!x || !e)
		return -1;
	if (x->recs)
		return r >= x->recs && r < x->recs + x->n ? (int64_t)(r - x->recs) : -1;
	return r->no < x->n && x->lazy[r->no] == r ? (int64_t)r->no : -1;
}

/* An entry is the first member of its record: which part's records
 * hold it. */
/* e's place in a union: its part's number, then its record number in
 * that part (index_mem.c's ld_index_position); -1 when none. */
int64_t ld_ix_union_position(const struct ld_ix_union *u, const ld_index_entry *e)
{
	for (size_t p = 0; p < u->n; p++) {
		int64_t k = ld_ix_position(u->parts[p], e);
		if (k >= 0)
			return ((int64_t)p << 40) + k;
	}
	return -1;
}

const ld_index_entry *ld_index_find_in(const ld_index *x, size_t k, const char *id)
{
	if (!x || !x->u)
		return k ? NULL : ld_index_find(x, id);
	return k < x->u->n ? ld_ix_find(x->u->parts[k], id) : NULL;
}

int ld_index_part(const ld_index *x, const ld_index_entry *e)
{
	if (!x || !e)
		return -1;
	if (!x->u)
		return 0;
	for (size_t p = 0; p < x->u->n; p++)
		if (ld_ix_position(x->u->parts[p], e) >= 0)
			return (int)p;
	return -1;
}

int ld_index_item(const ld_index *x, const ld_index_entry *e, ld_item *out)
{
	static const unsigned char none[20];
	int k = ld_index_part(x, e);
	const ld_index *q = k < 0 ? NULL : x->u ? x->u->parts[k] : x;
	const rec *r = (const rec *)(const void *)e;
	memset(out, 0, sizeof(*out));
	/* an entry of the index (not a copy), of a message read from git: an
	 * in-memory index (a merge's) keeps no blob */
	if (!q || ld_ix_position(q, e) < 0 || r->kind != LD_COMMIT_MSG || e->epoch < 0 ||
	    !memcmp(r->blob, none, 20))
		return -1;
	memcpy(out->commit, r->commit, 20);
	memcpy(out->blob, r->blob, 20);
	out->time = e->commit_time;
	out->epoch = e->epoch;
	out->kind = LD_ITEM_GIT;
	out->size = r->size;
	out->sized = r->sized;
	return k;
}
