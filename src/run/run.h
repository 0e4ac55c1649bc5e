/* run/run.h - one run: range -> index -> parallel parse -> build.  Uses:
 * source, store, mail, report, util. */
#ifndef LD_RUN_H
#define LD_RUN_H

#include "report/report.h"
#include "source/source.h"

/* ---- the run (pipeline.c) ------------------------------------------ */

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
/* Parses only the headers of the messages of r, in archive order (the
 * archive index).  consume may move fields out of m. */
ld_status ld_run_headers(ld_archive *a, const ld_range *r, int jobs,
			 void (*consume)(void *ctx, ld_msg *m), void *ctx, ld_err *err);

#endif
