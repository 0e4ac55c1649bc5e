/* run/run.h - one run: range -> index -> parallel parse -> build.  Uses:
 * source, store, mail, report, util. */
#ifndef LD_RUN_H
#define LD_RUN_H

#include "report/report.h"
#include "source/source.h"

/* ---- the run (run.c) --------------------------------------------------- */

typedef struct {
	const char *from, *to;
	ld_report_opts report;   /* inbox_name is filled in by ld_run */
	int jobs;                /* worker threads; 1 = no threads */
	int64_t since, until;    /* message Date filter: since <= date < until;
	                            0 = unbounded */
	const ld_state *state;   /* --state: where each epoch starts; NULL = none */
	ld_state *new_state;     /* with state: receives the state after this run */
	/* Progress, called on the calling thread after each batch; NULL = none */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
	/* Lines about recoveries (history rewrites), for stderr; may be NULL */
	void (*notice)(const char *line);
	const char *index_path;  /* the archive index, NULL: no version lookup */
	ld_err index_err;        /* out: why the index could not be used */
	int64_t now;             /* the time of the run: where a --since
	                            period without --until ends (previous.c) */
} ld_run_opts;


ld_status ld_run(ld_archive *a, ld_run_opts *o, ld_report **out, ld_err *err);

/* ---- several inboxes in one report (several.c) ------------------------ */

/* One inbox of a run over several; the caller fills the first fields. */
typedef struct {
	ld_archive *a;
	const char *index_path;  /* its archive index, NULL: none */
	const ld_state *state;   /* --state: its marks (NULL: none) */
	ld_state *new_state;     /* with state: its marks after this run */
	ld_err index_err;        /* out: why its index could not be used */
} ld_run_inbox;
/* The report of the n inboxes in[] (o's from, to, state, new_state and
 * index_path are not used: each inbox has its own; o->jobs bounds the
 * threads).  Each inbox's index and range are made (several at once
 * with o->jobs > 1), then its messages parsed by the parallel parser
 * into one builder, inbox after inbox in the order given, so that the
 * report is the same whatever the jobs; a cross-posted message counts
 * once (the first inbox's copy: report.h, ld_builder_set_inboxes), and
 * the builder's index look-ups ask every inbox's index (ld_index_union).
 * On failure *err names the inbox. */
ld_status ld_run_inboxes(ld_run_inbox *in, size_t n, ld_run_opts *o, ld_report **out,
			 ld_err *err);

/* ---- the run's parts, for several.c (run.c) --------------------------- */

/* The messages of the run in archive a (commits, --state marks, a Date
 * window through the index ix when there is one). */
ld_status ld_run_range(ld_archive *a, const ld_run_opts *o, ld_index *ix, ld_range *r,
		       ld_err *err);
/* The messages of r parsed into b (the Date filter, the --state marks,
 * progress as base + done of total). */
ld_status ld_run_feed(ld_archive *a, const ld_run_opts *o, ld_range *r, ld_builder *b,
		      size_t base, size_t total, ld_err *err);
/* ---- messages read again (reread.c) ----------------------------------- */

/* The run's reader of messages it reads a second time, after the
 * report's pass: the postings of the waiting series (report.h,
 * ld_report_opts.waiting_read) and the excerpts a filtered report did
 * not keep (report.h, ld_builder_fetch_excerpts), found by their index
 * entries and parsed as the report's pass parses (ro's needs).  a[k] is
 * the archive of part k of the report's index (one inbox: a[0];
 * borrowed, as a, until ld_reread_free).  Few messages, on the calling
 * thread; the first failure stops every later read. */
typedef struct ld_reread ld_reread;
ld_reread *ld_reread_new(ld_archive *const *a, size_t n, const ld_report_opts *ro);
/* Sets ro's reader of the waiting series' postings to rr. */
void ld_reread_waiting(ld_reread *rr, ld_report_opts *ro);
/* Sets rr as b's excerpt fetcher: the messages are found through x (the
 * report's index, or the union of its inboxes'; NULL: none), and only
 * when it does not name their commit (no index, a Message-ID stored
 * twice) in ranges[k], the messages of archive k that b takes (NULL:
 * none).  x and the ranges are borrowed until b's ld_builder_finish;
 * called again before it, the new x and ranges are asked instead (a
 * first run: the index is made in b's pass). */
void ld_reread_excerpts(ld_reread *rr, ld_builder *b, const ld_index *x,
			const ld_range *const *ranges);
/* The first failure of rr's reads (LD_OK when none), with *err saying
 * which message and why. */
ld_status ld_reread_status(const ld_reread *rr, ld_err *err);
void ld_reread_free(ld_reread *rr);

/* ---- the previous period (previous.c) --------------------------------- */

/* How ld_run builds the report of rep's previous period: a --since/
 * --until run of [since, until), the messages of range, with rep's
 * options but --top 0. */
typedef struct {
	int64_t since, until;
	ld_range range;          /* the caller releases it */
	ld_run_opts o;
	ld_report_opts ro;
} ld_previous_plan;
/* Has rep (run by o over the n archive indexes ix, each NULL when
 * none; local: an mbox or a maildir) a previous period?  1 and its
 * window [*since, *until) (before the archives' earliest Date: see
 * ld_previous_period); else 0, and rep says why there is none
 * (ld_report_no_previous). */
int ld_run_previous_window(const ld_run_opts *o, ld_index *const *ix, size_t n, int local,
			   ld_report *rep, int64_t *since, int64_t *until);
/* o for the previous period's build: the window [since, until), no
 * commits, state, progress nor notices, --top 0. */
ld_run_opts ld_run_previous_opts(const ld_run_opts *o, int64_t since, int64_t until);
/* 1 and *p when rep (one inbox: ix) has a previous period; else 0 (as
 * ld_run_previous_window). */
int ld_run_previous_plan(const ld_run_opts *o, ld_index *ix, int local,
			 const ld_report_opts *ro, ld_report *rep, ld_previous_plan *p);
/* A merge of JSON reports (merge.c) says why it has no previous period:
 * the archive's start, or no archive index to count it from. */
void ld_run_previous_merge(ld_report *rep);

/* ---- merging JSON reports (merge.c, merge_msg.c) ---------------------- */

/* `listdigest merge`: the report of the n JSON reports at paths (made by
 * --format json, schema listdigest/1 with its "merge" key) as one run
 * over all their messages: their messages given to the builder again in
 * archive order (a message in several parts once; a Message-ID taken
 * from another inbox's part is a cross-post, once), with an index made
 * of the entries the parts' answers came from.  o: top, people maps,
 * keep_intake; the filters, list name and lore URL come from the parts,
 * which must agree.  LD_E_INBOX with one line for a file that is not
 * such a report or disagrees. */
ld_status ld_merge(const char *const *paths, size_t n, const ld_report_opts *o, ld_report **out,
		   ld_err *err);

/* ---- the parallel parser (parse.c) ------------------------------------ */

/* Messages are parsed in batches of this many (progress comes per batch). */
enum { LD_PARSE_BATCH = 32 };
/* Parses the messages of r (what needs says, with jobs threads; 1 = no
 * threads) and hands them to consume in archive order, whatever the
 * number of threads.  consume may move fields out of m. */
ld_status ld_parse(ld_archive *a, const ld_range *r, const ld_msg_needs *needs, int jobs,
		  void (*consume)(void *ctx, ld_msg *m), void *ctx, ld_err *err);
/* One message, item it, read with rd and parsed with mc into m (the
 * caller releases it) as ld_parse parses each message: for what the run
 * reads a second time (reread.c). */
ld_status ld_parse_one(ld_reader *rd, ld_mailctx *mc, const ld_msg_needs *needs, const ld_item *it,
		       ld_msg *m, ld_err *err);

/* ---- the archive index (index_update.c) ------------------------------- */

/* The archive index at path is brought up to date by ld_run: it opens
 * it (ld_index_begin: incremental, store/index_build.c plans) and, when
 * the file lacks messages, completes the draft in the report's pass
 * (ld_run_index_union) or in a pass of its own (ld_run_index_complete),
 * then loads it for queries; no index for an mbox or a maildir.  On
 * failure the run goes on without it: LD_E_OUTPUT when the cache is
 * refused (not the user's, writable by others) or cannot be written,
 * LD_E_ARCHIVE/LD_E_INBOX when the archive cannot be read.  A damaged,
 * truncated or older index is rebuilt.
 *
 * The draft's pending messages parsed in a pass of their own (headers and
 * the notes of cover letters), the file written and loaded; frees d. */
ld_status ld_run_index_complete(ld_archive *a, ld_index_draft *d, int jobs, ld_index **out,
				ld_err *err);
/* One pass for the report's range rep and the draft's pending messages:
 * *u is rep with the pending messages it lacks in their places (archive
 * order), (*want)[k] says what item k feeds (LD_WANT_*).  0 (nothing
 * allocated) when rep lacks more than a few of them, or the orders
 * disagree: then the index needs its own pass.  Caller releases *u and
 * frees *want. */
enum { LD_WANT_REPORT = 1, LD_WANT_INDEX = 2 };
int ld_run_index_union(const ld_index_draft *d, const ld_range *rep, ld_range *u,
		       unsigned char **want);

#endif
