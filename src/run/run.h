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
} ld_run_opts;


ld_status ld_run(ld_archive *a, ld_run_opts *o, ld_report **out, ld_err *err);

/* ---- the parallel parser (parse.c) ------------------------------------ */

/* Messages are parsed in batches of this many (progress comes per batch). */
enum { LD_PARSE_BATCH = 32 };
/* Parses the messages of r (what needs says, with jobs threads; 1 = no
 * threads) and hands them to consume in archive order, whatever the
 * number of threads.  consume may move fields out of m. */
ld_status ld_parse(ld_archive *a, const ld_range *r, const ld_msg_needs *needs, int jobs,
		  void (*consume)(void *ctx, ld_msg *m), void *ctx, ld_err *err);

/* ---- the archive index (index_update.c) ------------------------------- */

/* Brings the index at path up to date with the archive (incremental:
 * store/index_build.c plans, the new messages' headers are parsed here)
 * and loads it for queries; *out NULL for an mbox or a maildir.  On
 * failure the run goes on without it: LD_E_OUTPUT when the cache is
 * refused (not the user's, writable by others) or cannot be written,
 * LD_E_ARCHIVE/LD_E_INBOX when the archive cannot be read.  A damaged,
 * truncated or older index is rebuilt. */
ld_status ld_run_index(ld_archive *a, const char *path, int jobs, ld_index **out, ld_err *err);

#endif
