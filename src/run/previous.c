/* run/previous.c - the previous period's report (report/previous.c says
 * which period): its window's messages selected through the archive
 * index as a --since/--until run selects them (run.c run_range), to be
 * built by the same code (run.c) with the same options but --top 0, and
 * only its counts joined into the report.  Without an index there is no
 * previous period, and the report says why. */
#include "run/run.h"
#include "store/store.h"

#include <string.h>

static const char from_start[] =
	"the report starts at the archive's start: no period comes before it";

void ld_run_previous_merge(ld_report *rep)
{
	ld_report_no_previous(rep, ld_report_from_start(rep) ? from_start
			      : "a merge of JSON reports has no archive index to count the previous period from");
}

int ld_run_previous_window(const ld_run_opts *o, ld_index *const *ix, size_t n, int local,
			   ld_report *rep, int64_t *since, int64_t *until)
{
	char why[200];
	/* a whole archive or mailbox, or a window without --since: the
	 * same words for a git archive, an mbox and a maildir, whose
	 * reports of the same messages are the same */
	if (ld_report_from_start(rep)) {
		ld_report_no_previous(rep, from_start);
		return 0;
	}
	if (local) {
		ld_report_no_previous(rep, "an mbox or a maildir has no archive index to count the "
				      "previous period from");
		return 0;
	}
	/* the archives' first Date: the earliest of every index */
	int64_t first = 0;
	size_t have = 0;
	for (size_t k = 0; k < n; k++) {
		int64_t f;
		if (!ix[k]) {
			/* the same words whether the index was refused or not
			 * asked for: the report is the same as with --no-index */
			ld_report_no_previous(rep, "no archive index to count the previous period from "
					      "(--no-index, or the cache could not be used)");
			return 0;
		}
		if (!ld_archive_first_date(ix[k], &f) && (!have++ || f < first))
			first = f;
	}
	if (!have) {
		ld_report_no_previous(rep, "the archive index holds no message");
		return 0;
	}
	if (ld_previous_period(rep, first, o->now, since, until, why, sizeof(why))) {
		ld_report_no_previous(rep, why);
		return 0;
	}
	return 1;
}

ld_run_opts ld_run_previous_opts(const ld_run_opts *o, int64_t since, int64_t until)
{
	ld_run_opts po = *o;
	po.from = po.to = NULL;
	po.since = since;
	po.until = until;
	po.state = NULL;
	po.new_state = NULL;
	po.progress = NULL;
	po.notice = NULL;
	po.report.top = 0;
	return po;
}

int ld_run_previous_plan(const ld_run_opts *o, ld_index *ix, int local,
			 const ld_report_opts *ro, ld_report *rep, ld_previous_plan *p)
{
	memset(p, 0, sizeof(*p));
	if (!ld_run_previous_window(o, &ix, 1, local, rep, &p->since, &p->until))
		return 0;
	ld_index_window(ix, p->since, p->until, &p->range);
	p->o = ld_run_previous_opts(o, p->since, p->until);
	p->ro = *ro;
	p->ro.top = 0;
	p->ro.index = ix;
	p->ro.waiting_read = NULL;   /* only the period's counts are kept */
	return 1;
}
