/* index_update.c - the archive index brought up to date for a run: the
 * store plans what is new since the file (store/index_build.c), the
 * parallel parser (parse.c) reads the headers of the new messages (and
 * the notes of cover letters) in archive order, the store writes the file
 * and loads it. */
#include "run/run.h"

static void take(void *ctx, ld_msg *m)
{
	ld_index_take(ctx, m);
}

ld_status ld_run_index(ld_archive *a, const char *path, int jobs, ld_index **out, ld_err *err)
{
	ld_index_draft *d = NULL;
	ld_status st = ld_index_begin(a, path, out, &d, err);
	if (st || !d)
		return st;
	ld_range r;
	ld_index_pending(d, &r);
	if (r.n) {
		ld_msg_needs needs = { 0, 0, 1, 1 };
		st = ld_parse(a, &r, &needs, jobs, take, d, err);
	}
	ld_range_release(&r);
	if (!st)
		st = ld_index_finish(d, out, err);
	ld_index_draft_free(d);
	return st;
}
