/* run/waiting.c - the run's reader of the waiting series' postings
 * (report.h, ld_report_opts.waiting_read).  The waiting list is made
 * from the archive index alone (report/waiting.c), but its series are
 * usually older than the range read, so what the index does not keep
 * (the files a patch touches, its in-body author, its commit message)
 * is read again here when the report needs it: with --maintainers (who
 * could review each series) and with a filter (the list obeys it).  An
 * index entry names its commit and blob (ld_index_item); the blob is
 * read from the archive of its inbox and parsed as the range's messages
 * are (mail/: ld_msg_parse, whose file lists come from ld_diff_paths).
 * Few messages (a few postings of a few series): on the calling thread.
 * A blob the archive lacks, or cannot inflate, stops the run with the
 * archive's error (exit 5), as a broken message of the range does. */
#include "run/run.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ld_run_waiting {
	ld_archive *const *a;   /* the archive of each inbox (part of the index) */
	size_t n;
	ld_reader **rd;         /* made when first needed */
	ld_mailctx *mc;
	ld_msg_needs needs;
	ld_status st;           /* the first failure, LD_OK */
	ld_err err;
};

static int read_one(void *ctx, const ld_index *x, const ld_index_entry *e, ld_msg *m)
{
	ld_run_waiting *w = ctx;
	ld_item it;
	int k = ld_index_item(x, e, &it);
	if (w->st)
		return -1;
	if (k < 0 || (size_t)k >= w->n || !w->a[k]) {
		w->st = LD_E_ARCHIVE;
		ld_err_set(&w->err, LD_E_ARCHIVE, "the archive index names %s, which no archive of the run holds",
			   e->message_id);
		return -1;
	}
	if (!w->rd[k])
		w->rd[k] = ld_reader_new(w->a[k]);
	if (!w->mc)
		w->mc = ld_mailctx_new();
	const char *raw;
	size_t len;
	memset(m, 0, sizeof(*m));
	m->epoch = it.epoch;
	snprintf(m->commit, sizeof(m->commit), "%s", e->commit ? e->commit : "");
	m->commit_time = it.time;
	ld_err err;
	ld_status st = ld_reader_read(w->rd[k], &it, &raw, &len, &err);
	if (st) {
		w->st = st;
		ld_err_set(&w->err, st, "waiting series: <%s> (commit %s): %s", e->message_id,
			   m->commit, err.msg);
		return -1;
	}
	if (!raw)
		ld_msg_skipped(m, len);   /* over the size limit, not read */
	else
		ld_msg_parse(w->mc, raw, len, &w->needs, m);
	return 0;
}

ld_run_waiting *ld_run_waiting_new(ld_archive *const *a, size_t n, ld_report_opts *ro)
{
	ld_run_waiting *w = ld_xcalloc(1, sizeof(*w));
	w->a = a;
	w->n = n;
	w->rd = ld_xcalloc(n ? n : 1, sizeof(*w->rd));
	/* the files for --maintainers, --path and --subsystem; the message
	 * for --grep (the in-body author comes with every posting) */
	w->needs.want_files = 1;
	w->needs.want_message = ro->grep != NULL;
	ro->waiting_read = read_one;
	ro->waiting_ctx = w;
	return w;
}

ld_status ld_run_waiting_free(ld_run_waiting *w, ld_err *err)
{
	if (!w)
		return LD_OK;
	ld_status st = w->st;
	if (st && err)
		*err = w->err;
	for (size_t k = 0; k < w->n; k++)
		ld_reader_free(w->rd[k]);
	free(w->rd);
	if (w->mc)
		ld_mailctx_free(w->mc);
	free(w);
	return st;
}
