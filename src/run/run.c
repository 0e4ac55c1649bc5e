/* run.c - the run: range -> index -> parallel parse (parse.c) -> report.
 * The consumer side of the parse, on the calling thread in archive
 * order, filters by Date, moves the --state marks, reports progress and
 * feeds the report builder. */
#include "run/run.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

/* The consumer side, on the calling thread, in archive order: the date
 * filter, the state marks, progress, then the report builder. */
typedef struct {
	ld_builder *b;
	const ld_run_opts *o;
	ld_range *r;
	size_t done;
} sink_t;

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
		o->progress(o->progress_ctx, s->done, s->r->n);
	if ((o->since && m->date < o->since) || (o->until && m->date >= o->until))
		return;
	ld_builder_add(s->b, m);
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
 * times. */
static ld_status run_range(ld_archive *a, const ld_run_opts *o, ld_index *ix, ld_range *r,
			   ld_err *err)
{
	int dated = o->since || o->until;
	if (dated && ix && !o->state && !o->from && !o->to) {
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

ld_status ld_run(ld_archive *a, ld_run_opts *o, ld_report **out, ld_err *err)
{
	ld_range r;
	*out = NULL;
	ld_status st;
	/* the index first: the range of a date window comes from it.  A
	 * broken archive is an error here as it would be in the range; a
	 * cache that cannot be used only costs what the index answers */
	ld_index *ix = NULL;
	if (o->index_path) {
		st = ld_run_index(a, o->index_path, o->jobs, &ix, &o->index_err);
		if (st && st != LD_E_OUTPUT) {
			*err = o->index_err;
			return st;
		}
	}
	st = run_range(a, o, ix, &r, err);
	if (st) {
		ld_index_close(ix);
		return st;
	}
	for (size_t i = 0; o->notice && i < r.n_notices; i++)
		o->notice(r.notices[i]);
	ld_test_pause("range");
	ld_report_opts ro = o->report;
	ro.inbox_name = ld_archive_name(a);
	ro.index = ix;
	sink_t sink = { ld_builder_new(&ro), o, &r, 0 };
	ld_run_info ri = { o->since, o->until, o->state != NULL, r.local, &r };
	ld_builder_set_run(sink.b, &ri);
	ld_msg_needs needs = { ro.n_paths > 0, ro.grep != NULL, 0, 0 };
	st = ld_parse(a, &r, &needs, o->jobs, sink_add, &sink, err);
	ld_report *rep = ld_builder_finish(sink.b);
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
