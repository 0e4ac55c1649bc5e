/* index_update.c - the archive index brought up to date for a run: the
 * store plans what is new since the file (store/index_build.c), the
 * parallel parser (parse.c) reads the headers of the new messages (and
 * the notes of cover letters) in archive order, the store writes the file
 * and loads it.  When the report's range covers what the index lacks
 * (the first run over a whole archive), run.c reads each message once for
 * both: ld_run_index_union says which messages of that one pass feed
 * which. */
#include "run/run.h"

#include <stdlib.h>
#include <string.h>

static void take(void *ctx, ld_msg *m)
{
	ld_index_take(ctx, m);
}

ld_status ld_run_index_complete(ld_archive *a, ld_index_draft *d, int jobs, ld_index **out,
				ld_err *err)
{
	ld_range r;
	ld_index_pending(d, &r);
	ld_status st = LD_OK;
	if (r.n) {
		ld_msg_needs needs = { 0, 0, 1, 1 };
		st = ld_parse(a, &r, &needs, jobs, take, d, err);
	}
	ld_range_release(&r);
	if (!st)
		st = ld_index_finish(d, out, err);
	if (!st && (st = ld_index_draft_written(d, err))) {
		ld_index_close(*out);   /* not written: not used */
		*out = NULL;
	}
	ld_index_draft_free(d);
	return st;
}

static void key(char out[41], const ld_item *it)
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 20; i++) {
		out[2 * i] = digits[it->commit[i] >> 4];
		out[2 * i + 1] = digits[it->commit[i] & 15];
	}
	out[40] = 0;
}

/* Reading the few messages the report's range lacks (a `d` in the range
 * removed them) with the report's needs costs little; a report of a day
 * on a fresh cache would read the whole archive so: the index's own pass
 * (headers only) is cheaper there. */
static int few(size_t extra, size_t pending)
{
	return extra <= pending / 32 + 16;
}

static int same_item(const ld_item *x, const ld_item *y)
{
	return x->kind == LD_ITEM_GIT && y->kind == LD_ITEM_GIT && x->epoch == y->epoch &&
	       !memcmp(x->commit, y->commit, 20);
}

/* The union when every message of rep is pending, in the same order (a
 * first run's range is the draft's own list: run.c): one pass over both,
 * no map.  0 (u half filled: the caller starts again) when rep holds a
 * message that is not pending. */
static int union_in_order(const ld_range *p, const ld_range *rep, ld_range *u,
			  unsigned char *want, size_t *extra)
{
	size_t j = 0;
	for (size_t i = 0; i < rep->n; i++) {
		size_t at = j;
		while (at < p->n && !same_item(&p->items[at], &rep->items[i]))
			at++;
		if (at == p->n)
			return 0;
		for (; j < at; j++, (*extra)++) {
			u->items[u->n] = p->items[j];
			want[u->n++] = LD_WANT_INDEX;
		}
		j = at + 1;
		u->items[u->n] = rep->items[i];
		want[u->n++] = LD_WANT_REPORT | LD_WANT_INDEX;
	}
	for (; j < p->n; j++, (*extra)++) {
		u->items[u->n] = p->items[j];
		want[u->n++] = LD_WANT_INDEX;
	}
	return 1;
}

/* The union in general: rep may hold messages the draft does not need
 * (they are in its old file). */
static int union_by_commit(const ld_range *p, const ld_range *rep, ld_range *u,
			   unsigned char *want, size_t *extra)
{
	ld_map pos;   /* commit of a pending message -> its place + 1 */
	ld_map_init(&pos);
	char k[41];
	for (size_t j = 0; j < p->n; j++) {
		key(k, &p->items[j]);
		*ld_map_slot(&pos, k) = (void *)(uintptr_t)(j + 1);
	}
	size_t j = 0;
	int ok = 1;
	for (size_t i = 0; i < rep->n && ok; i++) {
		uintptr_t at = 0;
		if (rep->items[i].kind == LD_ITEM_GIT) {
			key(k, &rep->items[i]);
			at = (uintptr_t)ld_map_get(&pos, k);
		}
		ok = !at || at > j;   /* both in archive order */
		for (; ok && at && j + 1 < at; j++, (*extra)++) {
			u->items[u->n] = p->items[j];
			want[u->n++] = LD_WANT_INDEX;
		}
		if (at)
			j = at;
		u->items[u->n] = rep->items[i];
		want[u->n++] = LD_WANT_REPORT | (at ? LD_WANT_INDEX : 0);
	}
	for (; ok && j < p->n; j++, (*extra)++) {
		u->items[u->n] = p->items[j];
		want[u->n++] = LD_WANT_INDEX;
	}
	ld_map_release(&pos);
	return ok;
}

int ld_run_index_union(const ld_index_draft *d, const ld_range *rep, ld_range *u,
		       unsigned char **want)
{
	ld_range p;
	ld_index_pending(d, &p);
	memset(u, 0, sizeof(*u));
	size_t n = rep->n + p.n, extra = 0;
	u->items = ld_xcalloc(n ? n : 1, sizeof(ld_item));
	*want = ld_xcalloc(n ? n : 1, 1);
	int ok = union_in_order(&p, rep, u, *want, &extra);
	if (!ok) {
		u->n = extra = 0;
		ok = union_by_commit(&p, rep, u, *want, &extra);
	}
	ld_range_release(&p);
	if (ok && few(extra, p.n))
		return 1;
	free(u->items);
	free(*want);
	memset(u, 0, sizeof(*u));
	*want = NULL;
	return 0;
}
