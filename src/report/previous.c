/* report/previous.c - "compared with the previous period": which period
 * comes before a report's (ld_previous_period), and the counts of that
 * period's own report joined into the report's rows and totals
 * (ld_report_set_previous), the builder's last step.  The previous
 * report is built by the run with the same code and options as the
 * report (run/previous.c), so that its counts are those a report of the
 * previous period prints. */
#include "report/builder.h"

/* The label of a window's bound as the header writes it (header.c):
 * "2024-05-06" at midnight UTC, else "2024-05-06 13:45". */
static void bound_label(char out[41], int64_t t)
{
	ld_fmt_utc(out, t, LD_UTC_MINUTE);
	if (t % 86400 == 0)
		out[10] = 0;
}

int ld_archive_first_date(const ld_index *x, int64_t *first)
{
	size_t n = ld_index_count(x);
	for (size_t i = 0; i < n; i++) {
		ld_subject tags;
		int64_t d = ld_index_peek(x, i, &tags);
		if (!i || d < *first)
			*first = d;
	}
	return n ? 0 : -1;
}

int ld_report_from_start(const ld_report *r)
{
	return r->by_date ? !r->since : !r->by_state && !*r->from_full;
}

int ld_previous_period(const ld_report *r, int64_t first, int64_t now, int64_t *since,
		       int64_t *until, char *why, size_t whysz)
{
	int64_t start, end;
	*since = *until = 0;
	if (ld_report_from_start(r)) {
		snprintf(why, whysz, "the report starts at the archive's start: no period comes before it");
		return -1;
	}
	if (r->by_date) {
		start = r->since;
		end = r->until ? r->until : now;
		if (end <= start) {
			snprintf(why, whysz, "the period has no end: --since without --until ends at the "
				 "time of the run, which is not after --since");
			return -1;
		}
	} else if (!r->n_messages) {
		snprintf(why, whysz, "the period holds no message to take its dates from");
		return -1;
	} else {
		/* a --state run or a commit range: the span of the Dates
		 * reported, first to last, both included */
		start = r->first_date;
		end = r->last_date + 1;
	}
	if (start < INT64_MIN / 2 + (end - start)) {
		snprintf(why, whysz, "the previous period would start before any date");
		return -1;
	}
	*since = start - (end - start);
	*until = start;
	if (*until <= first) {
		char f[41];
		bound_label(f, first);
		snprintf(why, whysz, "the previous period ends before the archive's first message (%s)", f);
		*since = *until = 0;
		return -1;
	}
	return 0;
}

void ld_report_no_previous(ld_report *r, const char *reason)
{
	memset(&r->previous, 0, sizeof(r->previous));
	r->previous.reason = ld_arena_strdup(r->arena, reason);
	/* every row's previous is 0 without a previous period (model.h) */
	ld_row *t[3] = { r->domains, r->people, r->orgs };
	size_t n[3] = { r->n_domains, r->n_people, r->n_orgs };
	for (int k = 0; k < 3; k++)
		for (size_t i = 0; i < n[k]; i++)
			t[k][i].previous = 0;
	for (size_t i = 0; i < r->n_reviewers; i++)
		r->reviewers[i].previous = 0;
	for (size_t i = 0; i < r->n_review_orgs; i++)
		r->review_orgs[i].previous = 0;
}

/* The key a row is joined by: the address of "Name <addr>" (people and
 * reviewers: a person may have used another name in the previous
 * period; the tables count by address), else the label. */
static const char *row_key(const char *label, int person)
{
	const char *lt = person ? strrchr(label, '<') : NULL;
	return lt ? lt : label;
}

/* Sets each row's previous from the rows of the previous report. */
static void join_rows(ld_row *rows, size_t n, const ld_row *prev, size_t np, int person)
{
	ld_map m;
	ld_map_init(&m);
	for (size_t i = 0; i < np; i++)
		*ld_map_slot(&m, row_key(prev[i].label, person)) = (void *)&prev[i].count;
	for (size_t i = 0; i < n; i++) {
		const unsigned long *c = ld_map_get(&m, row_key(rows[i].label, person));
		rows[i].previous = c ? *c : 0;
	}
	ld_map_release(&m);
}

static void join_reviewers(ld_reviewer *rows, size_t n, const ld_reviewer *prev, size_t np,
			   int person)
{
	ld_map m;
	ld_map_init(&m);
	for (size_t i = 0; i < np; i++)
		*ld_map_slot(&m, row_key(prev[i].label, person)) = (void *)&prev[i].total;
	for (size_t i = 0; i < n; i++) {
		const unsigned long *c = ld_map_get(&m, row_key(rows[i].label, person));
		rows[i].previous = c ? *c : 0;
	}
	ld_map_release(&m);
}

void ld_report_set_previous(ld_report *r, const ld_report *p, int64_t since, int64_t until)
{
	ld_previous *v = &r->previous;
	memset(v, 0, sizeof(*v));
	v->have = 1;
	v->reason = ld_arena_strdup(r->arena, "");
	v->since = since;
	v->until = until;
	bound_label(v->from, since);
	bound_label(v->to, until);
	v->messages = p->n_messages;
	v->postings = p->n_postings;
	v->series = p->n_series;
	v->applied = p->n_applied;
	v->reviews = p->n_reviews;
	join_rows(r->domains, r->n_domains, p->domains, p->n_domains, 0);
	join_rows(r->people, r->n_people, p->people, p->n_people, 1);
	join_rows(r->orgs, r->n_orgs, p->orgs, p->n_orgs, 0);
	join_reviewers(r->reviewers, r->n_reviewers, p->reviewers, p->n_reviewers, 1);
	join_reviewers(r->review_orgs, r->n_review_orgs, p->review_orgs, p->n_review_orgs, 0);
}
