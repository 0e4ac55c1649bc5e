/* t-previous.c - compared with the previous period (report/previous.c):
 * which period comes before a report (a window, a --since without
 * --until, a --state run or a commit range by the span of its Dates, and
 * every case without one), and how the previous report's counts join the
 * rows: by label, people and reviewers by address (another name in the
 * previous period), 0 for a row it lacks, whatever its cut.  Prints TAP
 * (tap.h). */
#include "report/report.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* got starts with the literal lit */
#define STARTS(got, lit) (!strncmp((got), lit, sizeof(lit) - 1))

enum { DAY = 86400, T0 = 1715299200 };   /* 2024-05-10 00:00 UTC */

/* The period before r as "since until", or "none: why". */
static char *period(const ld_report *r, int64_t first, int64_t now)
{
	static char out[300];
	char why[200];
	int64_t s, u;
	if (ld_previous_period(r, first, now, &s, &u, why, sizeof(why)))
		snprintf(out, sizeof(out), "none: %s", why);
	else
		snprintf(out, sizeof(out), "%lld %lld", (long long)(s - T0), (long long)(u - T0));
	return out;
}

static void periods(void)
{
	ld_report r;
	memset(&r, 0, sizeof(r));
	int64_t first = T0 - 30 * DAY;
	char want[64];

	/* a window: the one of the same length before it */
	r.by_date = 1;
	r.since = T0;
	r.until = T0 + 4 * DAY;
	snprintf(want, sizeof(want), "%d 0", -4 * DAY);
	is(period(&r, first, 0), want, "window: the four days before");
	/* --since alone: up to the time of the run */
	r.until = 0;
	snprintf(want, sizeof(want), "%d 0", -DAY - 3600);
	is(period(&r, first, T0 + DAY + 3600), want, "--since alone: ends at the run's time");
	ok(STARTS(period(&r, first, T0), "none: the period has no end"),
	   "--since alone, the run's time not after it: none");
	/* --until alone, a whole archive: from the start, none */
	r.since = 0;
	r.until = T0;
	ok(STARTS(period(&r, first, T0), "none: the report starts at the archive's start"),
	   "--until alone: none, starts at the archive's start");
	memset(&r, 0, sizeof(r));
	r.n_messages = 3;
	r.first_date = first;
	r.last_date = T0;
	ok(STARTS(period(&r, first, T0), "none: the report starts at the archive's start"),
	   "whole archive (no --from): none");
	/* a commit range: the span of its Dates, both ends included */
	snprintf(r.from_full, sizeof(r.from_full), "%040d", 1);
	r.first_date = T0;
	r.last_date = T0 + DAY - 1;
	snprintf(want, sizeof(want), "%d 0", -DAY);
	is(period(&r, first, 0), want, "commit range: one day of Dates, the day before");
	/* a --state run the same */
	r.from_full[0] = 0;
	r.by_state = 1;
	is(period(&r, first, 0), want, "--state run: the span of its Dates");
	/* the previous period ends at or before the archive's first Date */
	ok(STARTS(period(&r, T0, 0), "none: the previous period ends before the archive's first "
		    "message (2024-05-10)"), "previous period before the archive: none, with its first date");
	/* ... but one that only starts before it is counted (in part) */
	snprintf(want, sizeof(want), "%d 0", -DAY);
	is(period(&r, T0 - 3600, 0), want, "previous period partly before the archive: counted");
	/* no message: no span */
	r.n_messages = 0;
	ok(STARTS(period(&r, first, 0), "none: the period holds no message"),
	   "no message: none");
}

static ld_row row(ld_arena *a, const char *label, unsigned long count)
{
	ld_row x = { ld_arena_strdup(a, label), count, 0 };
	return x;
}

static void joins(void)
{
	ld_report *cur = calloc(1, sizeof(*cur)), *prev = calloc(1, sizeof(*prev));
	cur->arena = ld_arena_new();
	prev->arena = ld_arena_new();
	ld_arena *a = cur->arena, *b = prev->arena;
	cur->n_people = 3;
	cur->people = ld_arena_alloc(a, 3 * sizeof(ld_row));
	cur->people[0] = row(a, "Ann New <ann@example.org>", 5);
	cur->people[1] = row(a, "Bob <bob@example.com>", 2);
	cur->people[2] = row(a, "Cy <cy@example.net>", 1);
	cur->n_domains = 1;
	cur->domains = ld_arena_alloc(a, sizeof(ld_row));
	cur->domains[0] = row(a, "example.org", 5);
	cur->n_reviewers = 1;
	cur->reviewers = ld_arena_alloc(a, sizeof(ld_reviewer));
	cur->reviewers[0].label = ld_arena_strdup(a, "R <r@example.com>");
	cur->reviewers[0].total = 4;
	cur->n_messages = 10;
	cur->n_reviews = 4;

	prev->n_people = 2;
	prev->people = ld_arena_alloc(b, 2 * sizeof(ld_row));
	prev->people[0] = row(b, "Ann Old <ann@example.org>", 3);   /* another name */
	prev->people[1] = row(b, "Dee <dee@example.org>", 2);       /* gone since */
	prev->n_domains = 1;
	prev->domains = ld_arena_alloc(b, sizeof(ld_row));
	prev->domains[0] = row(b, "example.org", 5);
	prev->n_reviewers = 1;
	prev->reviewers = ld_arena_alloc(b, sizeof(ld_reviewer));
	prev->reviewers[0].label = ld_arena_strdup(b, "Rev <r@example.com>");
	prev->reviewers[0].total = 7;
	prev->n_messages = 12;
	prev->n_postings = 5;
	prev->n_reviews = 7;
	prev->n_applied = 1;

	ld_report_set_previous(cur, prev, T0 - DAY, T0);
	ok(cur->previous.have && !*cur->previous.reason, "set: have, reason empty");
	ok(cur->people[0].previous == 3, "a person under another name: joined by address");
	ok(cur->people[1].previous == 0 && cur->people[2].previous == 0, "people absent before: 0");
	ok(cur->domains[0].previous == 5, "a domain: by label");
	ok(cur->reviewers[0].previous == 7, "a reviewer: by address");
	ok(cur->previous.messages == 12 && cur->previous.postings == 5 && cur->previous.reviews == 7 &&
	   cur->previous.applied == 1, "totals: the previous report's");
	is(cur->previous.from, "2024-05-09", "from: the previous period's first day");
	is(cur->previous.to, "2024-05-10", "to: its end, as --until is written");

	ld_report_no_previous(cur, "why not");
	ok(!cur->previous.have && !strcmp(cur->previous.reason, "why not") && !cur->previous.messages,
	   "no previous: reason kept, counts cleared");
	ok(!cur->people[0].previous && !cur->domains[0].previous && !cur->reviewers[0].previous,
	   "no previous: every row's previous 0 again");
	ld_report_free(cur);
	ld_report_free(prev);
}

int main(void)
{
	periods();
	joins();
	return done_testing();
}
