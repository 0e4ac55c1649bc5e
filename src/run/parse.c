/* parse.c - the parallel parser: range -> blobs -> parsed messages, in
 * archive order, for the report (run.c) and the archive index
 * (index_update.c).
 *
 * Workers (one per --jobs) each own a blob reader (their own libgit2
 * handles) and a GMime context; they claim batches of the range in order
 * and parse them into a ring of result slots.  The calling thread takes
 * the batches strictly in archive order and hands them to the consumer
 * (the report builder, the index), so the result is byte-identical
 * whatever the number of workers.  The ring bounds memory: workers never
 * run more than RING batches ahead. */
#include "run/run.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { BATCH = LD_PARSE_BATCH };

typedef ld_msg_needs needs_t;

/* Takes each parsed message in archive order (and may move out of it). */
typedef void (*consume_fn)(void *ctx, ld_msg *m);

typedef struct {
	ld_reader *reader;
	ld_mailctx *mail;
	needs_t needs;
} worker_ctx;

static void hex(char out[41], const unsigned char id[20])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 20; i++) {
		out[2 * i] = digits[id[i] >> 4];
		out[2 * i + 1] = digits[id[i] & 15];
	}
	out[40] = 0;
}

/* One message: headers always; the body of patch postings, and of
 * replies that may hold trailers or an "Applied" note. */
static ld_status process(worker_ctx *w, const ld_item *it, ld_msg *m, ld_err *err)
{
	const char *raw;
	size_t len;
	memset(m, 0, sizeof(*m));
	m->epoch = it->epoch;
	if (it->kind == LD_ITEM_GIT)
		hex(m->commit, it->commit);
	m->commit_time = it->time;
	ld_status st = ld_reader_read(w->reader, it, &raw, &len, err);
	if (st)
		return st;
	m->size = len;
	if (!raw)
		ld_msg_skipped(m, len);   /* over the size limit, not read */
	else
		ld_msg_parse(w->mail, raw, len, &w->needs, m);
	return LD_OK;
}


typedef struct {
	const ld_range *r;
	ld_archive *a;
	needs_t needs;
	size_t nbatches, ring;
	ld_msg *slots;          /* ring * BATCH */
	size_t *ready;          /* per ring slot: batch number + 1 when parsed */
	size_t next, consumed;
	int stop;
	ld_status st;
	ld_err err;
	pthread_mutex_t mu;
	pthread_cond_t cv_work, cv_done;
} pipe_t;

static void *worker(void *arg)
{
	pipe_t *p = arg;
	worker_ctx w = { ld_reader_new(p->a), ld_mailctx_new(), p->needs };
	ld_err err;
	pthread_mutex_lock(&p->mu);
	while (!p->stop && p->next < p->nbatches) {
		size_t k = p->next;
		if (k >= p->consumed + p->ring) {
			pthread_cond_wait(&p->cv_work, &p->mu);
			continue;
		}
		p->next++;
		pthread_mutex_unlock(&p->mu);

		size_t lo = k * BATCH, hi = lo + BATCH < p->r->n ? lo + BATCH : p->r->n;
		ld_msg *slot = p->slots + (k % p->ring) * BATCH;
		ld_status st = LD_OK;
		for (size_t i = lo; i < hi && !st; i++)
			st = process(&w, &p->r->items[i], &slot[i - lo], &err);

		pthread_mutex_lock(&p->mu);
		if (st) {
			if (!p->st) {
				p->st = st;
				p->err = err;
			}
			p->stop = 1;
		}
		p->ready[k % p->ring] = k + 1;
		pthread_cond_broadcast(&p->cv_done);
	}
	pthread_mutex_unlock(&p->mu);
	ld_reader_free(w.reader);
	ld_mailctx_free(w.mail);
	return NULL;
}

static ld_status run_threads(ld_archive *a, const ld_range *r, const needs_t *needs, int jobs,
			     consume_fn consume, void *ctx, ld_err *err)
{
	pipe_t p;
	memset(&p, 0, sizeof(p));
	p.r = r;
	p.a = a;
	p.needs = *needs;
	p.nbatches = (r->n + BATCH - 1) / BATCH;
	p.ring = (size_t)jobs * 4;
	p.slots = ld_xcalloc(p.ring * BATCH, sizeof(ld_msg));
	p.ready = ld_xcalloc(p.ring, sizeof(size_t));
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv_work, NULL);
	pthread_cond_init(&p.cv_done, NULL);

	pthread_t *th = ld_xcalloc((size_t)jobs, sizeof(pthread_t));
	int started = 0;
	for (int i = 0; i < jobs; i++)
		if (pthread_create(&th[i], NULL, worker, &p) == 0)
			started++;
		else
			break;
	ld_status st = LD_OK;
	if (!started) {
		ld_err_set(err, LD_E_ARCHIVE, "cannot start worker threads; try --jobs 1");
		st = LD_E_ARCHIVE;
		goto out;
	}
	for (size_t k = 0; k < p.nbatches; k++) {
		pthread_mutex_lock(&p.mu);
		while (p.ready[k % p.ring] != k + 1 && !p.stop)
			pthread_cond_wait(&p.cv_done, &p.mu);
		int failed = p.stop && p.st;
		pthread_mutex_unlock(&p.mu);
		if (failed)
			break;
		size_t lo = k * BATCH, hi = lo + BATCH < r->n ? lo + BATCH : r->n;
		ld_msg *slot = p.slots + (k % p.ring) * BATCH;
		for (size_t i = lo; i < hi; i++) {
			consume(ctx, &slot[i - lo]);
			ld_msg_release(&slot[i - lo]);
			memset(&slot[i - lo], 0, sizeof(ld_msg));
		}
		pthread_mutex_lock(&p.mu);
		p.consumed = k + 1;
		pthread_cond_broadcast(&p.cv_work);
		pthread_mutex_unlock(&p.mu);
	}
	pthread_mutex_lock(&p.mu);
	p.stop = 1;
	pthread_cond_broadcast(&p.cv_work);
	pthread_mutex_unlock(&p.mu);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	if (p.st) {
		st = p.st;
		*err = p.err;
	}
out:
	for (size_t i = 0; i < p.ring * BATCH; i++)
		ld_msg_release(&p.slots[i]);
	free(th);
	free(p.slots);
	free(p.ready);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.cv_work);
	pthread_cond_destroy(&p.cv_done);
	return st;
}

static ld_status run_inline(ld_archive *a, const ld_range *r, const needs_t *needs,
			    consume_fn consume, void *ctx, ld_err *err)
{
	worker_ctx w = { ld_reader_new(a), ld_mailctx_new(), *needs };
	ld_status st = LD_OK;
	for (size_t i = 0; i < r->n && !st; i++) {
		ld_msg m;
		st = process(&w, &r->items[i], &m, err);
		if (!st)
			consume(ctx, &m);
		ld_msg_release(&m);
	}
	ld_reader_free(w.reader);
	ld_mailctx_free(w.mail);
	return st;
}

ld_status ld_parse(ld_archive *a, const ld_range *r, const ld_msg_needs *needs, int jobs,
		  void (*consume)(void *ctx, ld_msg *m), void *ctx, ld_err *err)
{
	if (jobs <= 1 || r->n < 2 * BATCH)
		return run_inline(a, r, needs, consume, ctx, err);
	return run_threads(a, r, needs, jobs, consume, ctx, err);
}

ld_status ld_parse_one(ld_reader *rd, ld_mailctx *mc, const ld_msg_needs *needs, const ld_item *it,
		       ld_msg *m, ld_err *err)
{
	worker_ctx w = { rd, mc, *needs };
	return process(&w, it, m, err);
}
