/* run/several.c - several inboxes in one report (INBOX...).
 *
 * First each inbox's archive index (built or brought up to date in a
 * pass of its own: the one-pass first run of run.c is for one inbox),
 * several inboxes at once when --jobs allows (threads that each take the
 * next inbox): the builder needs every index from its first message (a
 * reply on one list may answer a patch on another).  Then one builder
 * takes the messages of every inbox, inbox after inbox in the order
 * given, each inbox read by the parallel parser (parse.c) with --jobs
 * workers, while a thread beside them walks the next inboxes' ranges
 * (their commits, or their Date windows in their indexes), so that one
 * inbox's walk overlaps another's parse. */
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

/* One inbox's index. */
static void prepare_index(prep_t *p)
{
	ld_run_inbox *in = p->in;
	ld_index_draft *d = NULL;
	p->st = LD_OK;
	if (!in->index_path)
		return;
	p->st = ld_index_begin(in->a, in->index_path, &p->ix, &d, &in->index_err);
	if (!p->st && d)
		p->st = ld_run_index_complete(in->a, d, p->o->jobs, &p->ix, &in->index_err);
	else
		ld_index_draft_free(d);
	if (p->st == LD_E_OUTPUT)
		p->st = LD_OK;   /* the run goes on without it: index_err says why */
	else if (p->st)
		p->err = in->index_err;
}

/* One inbox's range: its commits after its --state marks, or its Date
 * window. */
static void prepare_range(prep_t *p)
{
	ld_run_opts o = *p->o;
	o.from = o.to = NULL;
	o.state = p->in->state;
	p->st = ld_run_range(p->in->a, &o, p->ix, &p->r, &p->err);
}

static void *index_thread(void *arg)
{
	pool_t *pl = arg;
	for (;;) {
		pthread_mutex_lock(&pl->mu);
		size_t k = pl->next++;
		pthread_mutex_unlock(&pl->mu);
		if (k >= pl->n)
			return NULL;
		prepare_index(&pl->p[k]);
	}
}

/* Every inbox's index: with jobs > 1, up to jobs inboxes at once. */
static void index_all(prep_t *p, size_t n, int jobs)
{
	size_t t = jobs > 1 ? (size_t)jobs : 1;
	if (t > n)
		t = n;
	pool_t pl = { p, n, 0, PTHREAD_MUTEX_INITIALIZER };
	pthread_t *th = ld_xcalloc(t, sizeof(*th));
	size_t started = 0;
	for (; t > 1 && started < t; started++)
		if (pthread_create(&th[started], NULL, index_thread, &pl))
			break;
	index_thread(&pl);   /* this thread takes inboxes too */
	for (size_t i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
	pthread_mutex_destroy(&pl.mu);
}

/* The walker of the ranges, one inbox after the other, ahead of the
 * parse: made ranges are there for the consumer. */
typedef struct {
	prep_t *p;
	size_t n, made;
	int stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} walk_t;

static void *walk_thread(void *arg)
{
	walk_t *w = arg;
	for (size_t k = 0; k < w->n; k++) {
		pthread_mutex_lock(&w->mu);
		int stop = w->stop;
		pthread_mutex_unlock(&w->mu);
		if (stop)
			break;
		prepare_range(&w->p[k]);
		pthread_mutex_lock(&w->mu);
		w->made = k + 1;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
	}
	return NULL;
}

/* Waits until inbox k's range is made; the messages of the ranges made
 * from k on (progress: the total known so far). */
static size_t walk_wait(walk_t *w, size_t k)
{
	pthread_mutex_lock(&w->mu);
	while (w->made <= k)
		pthread_cond_wait(&w->cv, &w->mu);
	size_t n = 0;
	for (size_t j = k; j < w->made; j++)
		n += w->p[j].r.n;
	pthread_mutex_unlock(&w->mu);
	return n;
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

/* Inbox k's notices (history rewrites; they name the epoch's folder),
 * then its messages into b. */
static ld_status feed(prep_t *p, ld_run_opts *o, ld_builder *b, size_t k, size_t base,
		      size_t total, ld_err *err)
{
	for (size_t i = 0; o->notice && i < p->r.n_notices; i++)
		o->notice(p->r.notices[i]);
	ld_builder_set_inbox(b, k);
	return ld_run_feed(p->in->a, o, &p->r, b, base, total, err);
}

/* The messages of every inbox into one builder, in the order given, each
 * inbox's range walked beside the parse of the one before (w); what the
 * report shows of messages it did not keep read again by rr (reread.c:
 * the waiting series' postings, a filtered report's excerpts, each from
 * its inbox's archive). */
static ld_status build(prep_t *p, size_t n, ld_run_opts *o, walk_t *w, ld_reread *rr,
		       ld_report **out, ld_err *err)
{
	ld_index **parts = ld_xcalloc(n, sizeof(*parts));
	const char **names = ld_xcalloc(n, sizeof(*names));
	const ld_range **ranges = ld_xcalloc(n, sizeof(*ranges));
	for (size_t k = 0; k < n; k++) {
		parts[k] = p[k].ix;
		names[k] = ld_archive_name(p[k].in->a);
	}
	ld_range sum;   /* the skipped and deleted counts of all ranges */
	memset(&sum, 0, sizeof(sum));
	ld_report_opts ro = o->report;
	ro.inbox_name = names[0];
	size_t have = 0;
	for (size_t k = 0; k < n; k++)
		have += parts[k] != NULL;
	/* no index at all (--no-index, no cache): none, as for one inbox */
	ro.index = have ? ld_index_union(parts, n) : NULL;
	ld_reread_waiting(rr, &ro);
	ld_builder *b = ld_builder_new(&ro);
	ld_reread_excerpts(rr, b, ro.index, ranges);
	ld_run_info ri = { o->since, o->until, o->state != NULL, 0, &sum, 1 };
	for (size_t k = 0; k < n && !ri.state; k++)
		ri.state = p[k].in->state != NULL;
	ld_builder_set_run(b, &ri);
	ld_builder_set_inboxes(b, names, n);
	ld_status st = LD_OK;
	size_t base = 0;
	for (size_t k = 0; k < n && !st; k++) {
		size_t ahead = walk_wait(w, k);
		if ((st = p[k].st)) {
			*err = p[k].err;
			break;
		}
		ranges[k] = &p[k].r;   /* made: the walker is done with it */
		sum.skipped += p[k].r.skipped;
		sum.deleted += p[k].r.deleted;
		st = feed(&p[k], o, b, k, base, base + ahead, err);
		base += p[k].r.n;
	}
	ld_reread_excerpts(rr, b, ro.index, ranges);   /* the ranges made */
	ld_report *rep = ld_builder_finish(b);
	st = st ? st : ld_reread_status(rr, err);
	ld_index_close((ld_index *)ro.index);
	free(parts);
	free(names);
	free(ranges);
	if (st) {
		ld_report_free(rep);
		return st;
	}
	*out = rep;
	return LD_OK;
}

/* Compared with the previous period (run/previous.c): the report of the
 * window before rep's, each inbox's messages of it selected through its
 * index (w[k]) and fed to one builder inbox after inbox as build() feeds
 * the report, with rep's options but --top 0; only its counts joined
 * into rep.  Or why there is none. */
static ld_status previous(prep_t *p, size_t n, const ld_run_opts *o, ld_reread *rr, ld_report *rep,
			  ld_err *err)
{
	ld_index **parts = ld_xcalloc(n ? n : 1, sizeof(*parts));
	const char **names = ld_xcalloc(n ? n : 1, sizeof(*names));
	for (size_t k = 0; k < n; k++) {
		parts[k] = p[k].ix;
		names[k] = ld_archive_name(p[k].in->a);
	}
	int64_t since, until;
	ld_status st = LD_OK;
	if (!ld_run_previous_window(o, parts, n, 0, rep, &since, &until))
		goto out;
	ld_range *w = ld_xcalloc(n, sizeof(*w));
	const ld_range **ws = ld_xcalloc(n, sizeof(*ws));
	ld_range sum;
	memset(&sum, 0, sizeof(sum));
	size_t total = 0;
	for (size_t k = 0; k < n; k++) {
		ld_index_window(p[k].ix, since, until, &w[k]);
		ws[k] = &w[k];
		total += w[k].n;
		sum.skipped += w[k].skipped;
		sum.deleted += w[k].deleted;
	}
	ld_run_opts po = ld_run_previous_opts(o, since, until);
	ld_report_opts ro = po.report;
	ro.inbox_name = names[0];
	ro.index = ld_index_union(parts, n);
	ld_builder *b = ld_builder_new(&ro);
	ld_reread_excerpts(rr, b, ro.index, ws);
	ld_run_info ri = { since, until, 0, 0, &sum, 1 };
	ld_builder_set_run(b, &ri);
	ld_builder_set_inboxes(b, names, n);
	size_t base = 0;
	for (size_t k = 0; k < n && !st; k++) {
		ld_builder_set_inbox(b, k);
		st = ld_run_feed(p[k].in->a, &po, &w[k], b, base, total, err);
		base += w[k].n;
	}
	ld_report *prev = ld_builder_finish(b);
	st = st ? st : ld_reread_status(rr, err);
	ld_index_close((ld_index *)ro.index);
	if (!st)
		ld_report_set_previous(rep, prev, since, until);
	ld_report_free(prev);
	for (size_t k = 0; k < n; k++)
		ld_range_release(&w[k]);
	free(w);
	free(ws);
out:
	free(parts);
	free(names);
	return st;
}

ld_status ld_run_inboxes(ld_run_inbox *in, size_t n, ld_run_opts *o, ld_report **out,
			 ld_err *err)
{
	*out = NULL;
	prep_t *p = ld_xcalloc(n ? n : 1, sizeof(*p));
	ld_archive **arcs = ld_xcalloc(n ? n : 1, sizeof(*arcs));
	for (size_t k = 0; k < n; k++) {
		p[k].in = &in[k];
		p[k].o = o;
		arcs[k] = in[k].a;
	}
	/* messages read again (reread.c), from the archive of each inbox */
	ld_reread *rr = ld_reread_new(arcs, n, &o->report);
	index_all(p, n, o->jobs);
	ld_status st = LD_OK;
	for (size_t k = 0; k < n && !st; k++)
		if ((st = p[k].st))
			*err = p[k].err;
	if (!st) {
		/* the walker beside the parse; without a thread, every range
		 * first */
		walk_t w = { p, n, 0, 0, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };
		pthread_t th;
		int threaded = n > 1 && !pthread_create(&th, NULL, walk_thread, &w);
		if (!threaded)
			walk_thread(&w);
		st = build(p, n, o, &w, rr, out, err);
		pthread_mutex_lock(&w.mu);
		w.stop = 1;
		pthread_mutex_unlock(&w.mu);
		if (threaded)
			pthread_join(th, NULL);
		pthread_mutex_destroy(&w.mu);
		pthread_cond_destroy(&w.cv);
	}
	if (!st && (st = previous(p, n, o, rr, *out, err))) {
		ld_report_free(*out);
		*out = NULL;
	}
	ld_reread_free(rr);
	free(arcs);
	for (size_t k = 0; k < n; k++) {
		if (!st)
			new_marks(&in[k], &p[k].r);
		ld_range_release(&p[k].r);
		ld_index_close(p[k].ix);
	}
	free(p);
	return st;
}
