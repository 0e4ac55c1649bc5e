/* run/several.c - several inboxes in one report (INBOX...).
 *
 * First each inbox's archive index (built or brought up to date in a
 * pass of its own: the one-pass first run of run.c is for one inbox)
 * and its range, several inboxes at once when --jobs allows (threads
 * that each take the next inbox); then one builder takes the messages
 * of every inbox, inbox after inbox in the order given, each inbox read
 * by the parallel parser (parse.c) with --jobs workers.  The builder
 * needs every index from its first message (a reply on one list may
 * answer a patch on another), so the parse waits for all of them. */
#include "run/run.h"
#include "store/store.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	ld_run_inbox *in;
	const ld_run_opts *o;
	ld_index *ix;
	ld_range r;
	ld_status st;
	ld_err err;
} prep_t;

typedef struct {
	prep_t *p;
	size_t n, next;
	pthread_mutex_t mu;
} pool_t;

/* One inbox's index and range. */
static void prepare(prep_t *p)
{
	ld_run_inbox *in = p->in;
	ld_run_opts o = *p->o;
	o.from = o.to = NULL;
	o.state = in->state;
	ld_index_draft *d = NULL;
	p->st = LD_OK;
	if (in->index_path) {
		p->st = ld_index_begin(in->a, in->index_path, &p->ix, &d, &in->index_err);
		if (!p->st && d)
			p->st = ld_run_index_complete(in->a, d, o.jobs, &p->ix, &in->index_err);
		else
			ld_index_draft_free(d);
		if (p->st && p->st != LD_E_OUTPUT) {
			p->err = in->index_err;
			return;
		}
	}
	p->st = ld_run_range(in->a, &o, p->ix, &p->r, &p->err);
}

static void *prepare_thread(void *arg)
{
	pool_t *pl = arg;
	for (;;) {
		pthread_mutex_lock(&pl->mu);
		size_t k = pl->next++;
		pthread_mutex_unlock(&pl->mu);
		if (k >= pl->n)
			return NULL;
		prepare(&pl->p[k]);
	}
}

/* Every inbox prepared: with jobs > 1, up to jobs inboxes at once. */
static void prepare_all(prep_t *p, size_t n, int jobs)
{
	size_t t = jobs > 1 ? (size_t)jobs : 1;
	if (t > n)
		t = n;
	if (t < 2) {
		for (size_t k = 0; k < n; k++)
			prepare(&p[k]);
		return;
	}
	pool_t pl = { p, n, 0, PTHREAD_MUTEX_INITIALIZER };
	pthread_t *th = ld_xcalloc(t, sizeof(*th));
	size_t started = 0;
	for (; started < t; started++)
		if (pthread_create(&th[started], NULL, prepare_thread, &pl))
			break;
	if (!started)
		prepare_thread(&pl);
	for (size_t i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
	pthread_mutex_destroy(&pl.mu);
}

/* The old marks of in, with those of the epochs this run read replaced. */
static void new_marks(const ld_run_inbox *in, const ld_range *r)
{
	if (!in->state || !in->new_state)
		return;
	for (size_t i = 0; i < in->state->n; i++)
		ld_state_set(in->new_state, &in->state->marks[i]);
	for (size_t e = 0; e < r->n_marks; e++)
		if (r->marks[e].commit[0])
			ld_state_set(in->new_state, &r->marks[e]);
}

/* The messages of every inbox into one builder, in the order given. */
static ld_status build(prep_t *p, size_t n, ld_run_opts *o, ld_report **out, ld_err *err)
{
	ld_index **parts = ld_xcalloc(n, sizeof(*parts));
	const char **names = ld_xcalloc(n, sizeof(*names));
	ld_range sum;
	memset(&sum, 0, sizeof(sum));
	size_t total = 0;
	for (size_t k = 0; k < n; k++) {
		parts[k] = p[k].ix;
		names[k] = ld_archive_name(p[k].in->a);
		total += p[k].r.n;
		sum.skipped += p[k].r.skipped;
		sum.deleted += p[k].r.deleted;
	}
	ld_report_opts ro = o->report;
	ro.inbox_name = names[0];
	ro.index = ld_index_union(parts, n);
	ld_builder *b = ld_builder_new(&ro);
	ld_run_info ri = { o->since, o->until, o->state != NULL, 0, &sum, 1 };
	for (size_t k = 0; k < n && !ri.state; k++)
		ri.state = p[k].in->state != NULL;
	ld_builder_set_run(b, &ri);
	ld_builder_set_inboxes(b, names, n);
	ld_status st = LD_OK;
	size_t base = 0;
	for (size_t k = 0; k < n && !st; k++) {
		ld_builder_set_inbox(b, k);
		st = ld_run_feed(p[k].in->a, o, &p[k].r, b, base, total, err);
		base += p[k].r.n;
	}
	ld_report *rep = ld_builder_finish(b);
	ld_run_previous_several(rep);
	ld_index_close((ld_index *)ro.index);
	free(parts);
	free(names);
	if (st) {
		ld_report_free(rep);
		return st;
	}
	*out = rep;
	return LD_OK;
}

ld_status ld_run_inboxes(ld_run_inbox *in, size_t n, ld_run_opts *o, ld_report **out,
			 ld_err *err)
{
	*out = NULL;
	prep_t *p = ld_xcalloc(n ? n : 1, sizeof(*p));
	for (size_t k = 0; k < n; k++) {
		p[k].in = &in[k];
		p[k].o = o;
	}
	prepare_all(p, n, o->jobs);
	ld_status st = LD_OK;
	for (size_t k = 0; k < n && !st; k++)
		if (p[k].st) {
			st = p[k].st;
			*err = p[k].err;
		}
	for (size_t k = 0; k < n && !st; k++)
		for (size_t i = 0; o->notice && i < p[k].r.n_notices; i++)
			o->notice(p[k].r.notices[i]);
	if (!st)
		st = build(p, n, o, out, err);
	for (size_t k = 0; k < n; k++) {
		if (!st)
			new_marks(&in[k], &p[k].r);
		ld_range_release(&p[k].r);
		ld_index_close(p[k].ix);
	}
	free(p);
	return st;
}
