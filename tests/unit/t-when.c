/* t-when.c - classify/when.c: the dates of --since and --until.  Prints
 * TAP (tap.h). */
#include "classify/classify.h"
#include "tap.h"

#include <stdlib.h>
#include <time.h>

static void when(const char *in, int64_t now, long long want, const char *name)
{
	int64_t got = -1;
	int rc = ld_when_parse(in, now, &got);
	char n[256];
	snprintf(n, sizeof(n), "when '%s': %s", in, name);
	ok(want < 0 ? rc != 0 : rc == 0 && got == want, n);
	if (!(want < 0 ? rc != 0 : rc == 0 && got == want))
		printf("#   rc=%d got=%lld want=%lld\n", rc, (long long)got, want);
}

static void test_when(void)
{
	int64_t now = 1763391600; /* 2025-11-17T15:00:00Z, a Monday */
	setenv("TZ", "UTC", 1);
	tzset();
	when("2025-11-17", now, 1763337600, "date is midnight");
	when("2025-11-17T10:00", now, 1763373600, "date and time");
	when("2025-11-17 10:00:30", now, 1763373630, "space and seconds");
	when("2025-11-17T10:00Z", now, 1763373600, "Z");
	when("2025-11-17T10:00+01:00", now, 1763370000, "+01:00");
	when("2025-11-17T10:00-0530", now, 1763393400, "-0530");
	when("2024-02-29", now, 1709164800, "leap day");
	when("2025-02-29", now, -1, "no such day");
	when("2025-13-01", now, -1, "no month 13");
	when("2025-11-17T24:00", now, -1, "no hour 24");
	when("2025-11-17T10:00+2", now, -1, "short zone");
	when("today", now, 1763337600, "local midnight");
	when("yesterday", now, 1763251200, "midnight before");
	when("now", now, now, "now");
	when("1 day ago", now, now - 86400, "exact day");
	when("3 days ago", now, now - 3 * 86400, "plural");
	when("2.weeks.ago", now, now - 14 * 86400, "git's dotted form");
	when("1 Week Ago", now, now - 7 * 86400, "any case");
	when("1 month ago", now, 1760713200, "calendar month");
	when("0 days ago", now, now, "zero");
	when("3 fortnights ago", now, -1, "unknown unit");
	when("ago", now, -1, "no number");
	when("-1 days ago", now, -1, "negative");
	when("", now, -1, "empty");
	when("next tuesday", now, -1, "not a form we take");
	/* 2025-03-31 - 1 month = Feb 28 (clamped) */
	when("1 month ago", 1743422400, 1740744000, "clamped to Feb 28");
	/* local time: a zone 9 hours east of UTC */
	setenv("TZ", "JST-9", 1);
	tzset();
	when("2025-11-17", now, 1763337600 - 9 * 3600, "zone-less date is local");
	when("today", now, now, "local today: 2025-11-18T00:00 JST is 15:00Z");
	when("2025-11-17T10:00Z", now, 1763373600, "explicit zone ignores TZ");
	setenv("TZ", "UTC", 1);
	tzset();
}

int main(void)
{
	test_when();
	return done_testing();
}
