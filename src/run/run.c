/* run.c - the run: range -> index -> parallel parse (parse.c) -> report.
 * A first run (the index lacks what the range holds) reads each message
 * once for both the index and the report (one_pass).
 * The consumer side of the parse, on the calling thread in archive
 * order, filters by Date, moves the --state marks, reports progress and
 * feeds the report builder. */
#include "run/run.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The consumer side, on the calling thread, in archive order: the date
 * filter, the state marks, progress, then the report builder. */
typedef struct {
	ld_builder *b;
	const ld_run_opts *o;
	ld_range *r;
	size_t done;
	size_t base, total;     /* progress: messages before r, and in all */
	/* the one pass for the report and the index: what each item feeds;
	 * the report's messages wait in a ring of AHEAD while the index
	 * takes the ones after them (see one_pass) */
	const unsigned char *want;
	ld_index_draft *d;
	size_t k;
	ld_msg *ahead;
	size_t head, n_ahead;
} sink_t;

enum { AHEAD = 1024 };

static void sink_add(void *ctx, ld_msg *m)
{
	sink_t *s = ctx;
	const ld_run_opts *o = s->o;
	s->done++;
	if (s->r->marks && (size_t)m->epoch < s->r->n_marks) {
		/* the newest message read in each epoch, filtered or not: the
		 * state moves past both */
		ld_mark *mk = &s->r->marks[m->epoch];
		mk->time = m->commit_time;
		free(mk->message_id);
		mk->message_id = ld_xstrdup(m->message_id ? m->message_id : "");
	}
	if (s->done == s->r->n / 2 + 1)
		ld_test_pause("read");
	if (o->progress && (s->done % LD_PARSE_BATCH == 0 || s->done == s->r->n))
		o->progress(o->progress_ctx, s->base + s->done, s->total);
	if ((o->since && m->date < o->since) || (o->until && m->date >= o->until))
		return;
	ld_builder_add(s->b, m);
}

/* The oldest message waiting in the one pass's ring to the builder
 * (add), or away (on failure). */
static void ahead_pop(sink_t *s, int add)
{
	ld_msg *m = &s->ahead[s->head];
	if (add)
		sink_add(s, m);
	ld_msg_release(m);
	s->head = (s->head + 1) % AHEAD;
	s->n_ahead--;
}

/* The one pass: the index takes each of its messages as it is parsed;
 * the report's go to the builder AHEAD messages later (moved into the
 * ring), so that what the builder asks of the index being built already
 * knows the messages stored shortly after the one it is taking. */
static void sink_both(void *ctx, ld_msg *m)
{
	sink_t *s = ctx;
	unsigned char w = s->want[s->k++];
	if (w & LD_WANT_INDEX)
		ld_index_take(s->d, m);
	if (!(w & LD_WANT_REPORT))
		return;
	if (s->n_ahead == AHEAD)
		ahead_pop(s, 1);
	s->ahead[(s->head + s->n_ahead++) % AHEAD] = *m;
	memset(m, 0, sizeof(*m));
}

static const ld_index_entry *draft_find(void *ctx, const char *id)
{
	return ld_index_draft_find(ctx, id);
}

/* --state recovery: the Message-ID of a raw message. */
static char *message_id(void *ctx, const char *raw, size_t len)
{
	ld_msg m;
	memset(&m, 0, sizeof(m));
	ld_mail_headers(ctx, raw, len, &m);
	char *id = m.message_id ? m.message_id : ld_xstrdup("");
	m.message_id = NULL;
	ld_msg_release(&m);
	return id;
}

/* The messages of the run: by commits (FROM..TO, or after the state's
 * marks), and with --since/--until those whose Date lies in the window.
 * Committer times say nothing about Dates (a mirrored or re-imported
 * archive was committed months later), so the window is found in the
 * index (commit -> Date) or, without one, by reading every message of
 * the range (the sink filters by Date); never by guessing from commit
 * times.  A whole-archive run with an index up to date (ix: ready)
 * takes its range from the index too: the index holds every commit of
 * the archive's walk, in its order, with its blob and whether a `d'
 * removes it, so the walk of every commit and tree (a serial 8% of a
 * --jobs 1 run, before any parsing starts) is not done twice. */
ld_status ld_run_range(ld_archive *a, const ld_run_opts *o, ld_index *ix, ld_range *r,
		       ld_err *err)
{
	int dated = o->since || o->until;
	if (ix && !o->state && !o->from && !o->to) {
		ld_index_window(ix, o->since, o->until, r);
		return LD_OK;
	}
	if (!o->state)
		return ld_archive_range(a, o->from, o->to, r, err);
	ld_mailctx *mc = ld_mailctx_new();
	ld_range_opts rgo = { o->from, o->to, o->state, 0, 0, message_id, mc };
	ld_status st = ld_archive_range_state(a, &rgo, r, err);
	ld_mailctx_free(mc);
	if (!st && dated && ix)
		ld_index_filter(ix, o->since, o->until, r);
	return st;
}

ld_status ld_run_feed(ld_archive *a, const ld_run_opts *o, ld_range *r, ld_builder *b,
		      size_t base, size_t total, ld_err *err)
{
	sink_t sink = { b, o, r, 0, base, total, NULL, NULL, 0, NULL, 0, 0 };
	const ld_report_opts *ro = &o->report;
	ld_msg_needs needs = { ro->n_paths > 0 || ro->subsystem, ro->grep != NULL, 0, 0 };
	return ld_parse(a, r, &needs, o->jobs, sink_add, &sink, err);
}

/* Ends a build of b: the report, after what it read again (the waiting
 * series' postings, the excerpts it shows: reread.c).  When the archive
 * failed under that second read, no report without what it shows: the
 * read's error. */
static ld_status finish(ld_builder *b, ld_reread *rr, ld_report **rep, ld_status st, ld_err *err)
{
	*rep = ld_builder_finish(b);
	return st ? st : ld_reread_status(rr, err);
}

/* The report of r: one parse of its messages into a builder with ro's
 * index; what it shows of messages it did not keep read again by rr. */
static ld_status build(ld_archive *a, const ld_run_opts *o, ld_range *r, const ld_report_opts *ro,
		       ld_reread *rr, ld_report **rep, ld_err *err)
{
	ld_builder *b = ld_builder_new(ro);
	ld_run_info ri = { o->since, o->until, o->state != NULL, r->local, r, 0 };
	ld_builder_set_run(b, &ri);
	const ld_range *rs[1] = { r };
	ld_reread_excerpts(rr, b, ro->index, rs);
	ld_status st = ld_run_feed(a, o, r, b, 0, r->n, err);
	return finish(b, rr, rep, st, err);
}

/* The index's draft d completed and the report of r built from one read
 * of each message when r covers what d lacks (ld_run_index_union), else
 * in two passes as before.  Meanwhile the builder asks what the draft
 * knows so far (the old file, and the messages taken: AHEAD more than
 * the builder has), and checks those answers against the new index at
 * the end; when any differs (a reply stored long before its thread's
 * root), the report is built again with the new index, so the report is
 * the same either way.  Frees d; *ix is the new index (NULL when it
 * could not be written: o->index_err says why). */
static ld_status one_pass(ld_archive *a, ld_run_opts *o, ld_range *r, ld_index_draft *d,
			  ld_report_opts *ro, ld_reread *rr, ld_index **ix, ld_report **rep,
			  ld_err *err)
{
	ld_range u;
	unsigned char *want;
	ld_status st;
	if (!ld_run_index_union(d, r, &u, &want)) {
		st = ld_run_index_complete(a, d, o->jobs, ix, &o->index_err);
		if (st && st != LD_E_OUTPUT) {
			*err = o->index_err;
			return st;
		}
		ro->index = *ix;
		return build(a, o, r, ro, rr, rep, err);
	}
	ro->index = NULL;   /* the builder asks the draft meanwhile */
	sink_t sink = { ld_builder_new(ro), o, r, 0, 0, r->n, want, d, 0, NULL, 0, 0 };
	sink.ahead = ld_xcalloc(AHEAD, sizeof(ld_msg));
	ld_run_info ri = { o->since, o->until, o->state != NULL, r->local, r, 0 };
	ld_builder_set_run(sink.b, &ri);
	ld_builder_probe_index(sink.b, draft_find, d);
	const ld_range *rs[1] = { r };
	ld_reread_excerpts(rr, sink.b, NULL, rs);
	ld_msg_needs needs = { ro->n_paths > 0 || ro->subsystem, ro->grep != NULL, 0, 1 };
	st = ld_parse(a, &u, &needs, o->jobs, sink_both, &sink, err);
	while (sink.n_ahead)
		ahead_pop(&sink, !st);
	free(sink.ahead);
	ld_range_release(&u);
	free(want);
	if (!st)
		ld_index_finish(d, ix, &o->index_err);
	int same = ld_builder_settle_index(sink.b, *ix);
	ld_reread_excerpts(rr, sink.b, *ix, rs);   /* found through it now */
	st = finish(sink.b, rr, rep, st, err);
	/* the file was written meanwhile; when it could not be, the run goes
	 * on without the index, as when its place is refused */
	if (*ix && ld_index_draft_written(d, &o->index_err)) {
		ld_index_close(*ix);
		*ix = NULL;
		same = 0;
	}
	ld_index_draft_free(d);
	if (st || same)
		return st;
	ld_report_free(*rep);
	ro->index = *ix;
	return build(a, o, r, ro, rr, rep, err);
}

/* Compared with the previous period: the report of the period of the
 * same length before rep's, built as its own --since/--until run would
 * build it (previous.c plans it), only its counts joined into rep; or
 * why there is none. */
static ld_status previous(ld_archive *a, const ld_run_opts *o, ld_index *ix, int local,
			  const ld_report_opts *ro, ld_reread *rr, ld_report *rep, ld_err *err)
{
	ld_previous_plan p;
	if (!ld_run_previous_plan(o, ix, local, ro, rep, &p))
		return LD_OK;
	ld_report *prev = NULL;
	ld_status st = build(a, &p.o, &p.range, &p.ro, rr, &prev, err);
	if (!st)
		ld_report_set_previous(rep, prev, p.since, p.until);
	ld_report_free(prev);
	ld_range_release(&p.range);
	return st;
}

ld_status ld_run(ld_archive *a, ld_run_opts *o, ld_report **out, ld_err *err)
{
	ld_range r;
	*out = NULL;
	ld_status st;
	/* the index first: the range of a date window comes from it.  A
	 * broken archive is an error here as it would be in the range; a
	 * cache that cannot be used only costs what the index answers */
	ld_index *ix = NULL;
	ld_index_draft *d = NULL;
	if (o->index_path) {
		st = ld_index_begin(a, o->index_path, &ix, &d, &o->index_err);
		if (!st && d && (o->since || o->until)) {
			st = ld_run_index_complete(a, d, o->jobs, &ix, &o->index_err);
			d = NULL;
		}
		if (st && st != LD_E_OUTPUT) {
			*err = o->index_err;
			return st;
		}
	}
	/* a whole-archive first run: the draft has just walked every commit
	 * and tree; the range is its list (as a warm run's is the index's),
	 * not a second walk of the same history (serial, before any parse) */
	if (d && !o->state && !o->from && !o->to && ld_index_draft_window(d, &r))
		st = LD_OK;
	else
		st = ld_run_range(a, o, ix, &r, err);
	if (st) {
		ld_index_draft_free(d);
		ld_index_close(ix);
		return st;
	}
	for (size_t i = 0; o->notice && i < r.n_notices; i++)
		o->notice(r.notices[i]);
	ld_test_pause("range");
	ld_report_opts ro = o->report;
	ro.inbox_name = ld_archive_name(a);
	ro.index = ix;
	ld_report *rep = NULL;
	ld_reread *rr = ld_reread_new(&a, 1, &ro);
	ld_reread_waiting(rr, &ro);
	if (d)
		st = one_pass(a, o, &r, d, &ro, rr, &ix, &rep, err);
	else
		st = build(a, o, &r, &ro, rr, &rep, err);
	ro.waiting_read = NULL;
	if (!st)
		st = previous(a, o, ix, r.local, &ro, rr, rep, err);
	ld_reread_free(rr);
	ld_index_close(ix);
	if (!st && o->state && o->new_state) {
		/* the old marks, with those of the epochs this run read replaced */
		for (size_t i = 0; i < o->state->n; i++)
			ld_state_set(o->new_state, &o->state->marks[i]);
		for (size_t e = 0; e < r.n_marks; e++)
			if (r.marks[e].commit[0])
				ld_state_set(o->new_state, &r.marks[e]);
	}
	ld_range_release(&r);
	if (st) {
		ld_report_free(rep);
		return st;
	}
	*out = rep;
	return LD_OK;
}
