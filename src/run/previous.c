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

void ld_run_previous_several(ld_report *rep)
{
	ld_report_no_previous(rep, ld_report_from_start(rep) ? from_start
			      : "the previous period is not counted for several inboxes yet");
}

void ld_run_previous_merge(ld_report *rep)
{
	ld_report_no_previous(rep, ld_report_from_start(rep) ? from_start
			      : "a merge of JSON reports has no archive index to count the previous period from");
}

int ld_run_previous_plan(const ld_run_opts *o, const ld_index *ix, int local,
			 const ld_report_opts *ro, ld_report *rep, ld_previous_plan *p)
{
	char why[200];
	memset(p, 0, sizeof(*p));
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
	if (!ix) {
		/* the same words whether the index was refused or not
		 * asked for: the report is the same as with --no-index */
		ld_report_no_previous(rep, "no archive index to count the previous period from "
				      "(--no-index, or the cache could not be used)");
		return 0;
	}
	int64_t first = 0;
	if (ld_archive_first_date(ix, &first)) {
		ld_report_no_previous(rep, "the archive index holds no message");
		return 0;
	}
	if (ld_previous_period(rep, first, o->now, &p->since, &p->until, why, sizeof(why))) {
		ld_report_no_previous(rep, why);
		return 0;
	}
	ld_index_window(ix, p->since, p->until, &p->range);
	p->o = *o;
	p->o.from = p->o.to = NULL;
	p->o.since = p->since;
	p->o.until = p->until;
	p->o.state = NULL;
	p->o.new_state = NULL;
	p->o.progress = NULL;
	p->o.notice = NULL;
	p->ro = *ro;
	p->ro.top = 0;
	p->ro.index = ix;
	return 1;
}
