/* mail/date.c - the Date field: GMime's date parser, and the checks of
 * what it accepts but no clock writes (years below 1000, zones beyond
 * +14:59). */
#include "mail/internal.h"

#include <gmime/gmime.h>
#include <string.h>

/* The numeric zone after the time ("10:00:00 +2000"): hours beyond 14
 * or minutes beyond 59 exist in real archives but on no clock.  Pure. */
static int zone_ok(const char *date)
{
	const char *t = strchr(date, ':');
	if (!t)
		return 1;
	const char *z = t;
	while (*z && *z != ' ' && *z != '\t')
		z++;
	while (*z == ' ' || *z == '\t')
		z++;
	if ((*z != '+' && *z != '-'))
		return 1;
	for (int i = 1; i <= 4; i++)
		if (z[i] < '0' || z[i] > '9')
			return 0;
	int hh = (z[1] - '0') * 10 + (z[2] - '0');
	int mm = (z[3] - '0') * 10 + (z[4] - '0');
	return hh <= 14 && mm <= 59 && !(z[5] >= '0' && z[5] <= '9');
}

/* The year as written: GMime reads any year below 100 as two digits, so
 * "1 Jan 0000" became 2000 and "0001" 2001.  A year of three or more
 * digits below 1000 is on no real mail: the Date is not used.  Only
 * numbers before the time are looked at (not the zone).  Pure. */
static int year_ok(const char *date)
{
	const char *p = date;
	while (*p) {
		while (*p && !(*p >= '0' && *p <= '9'))
			p++;
		const char *t = p;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == ':')
			return 1;   /* the time: the year comes before it */
		if (p - t >= 3) {
			long y = 0;
			for (const char *q = t; q < p && y < 100000; q++)
				y = y * 10 + (*q - '0');
			return y >= 1000;
		}
	}
	return 1;
}

int64_t ld_mail_date(const char *s)
{
	GDateTime *dt = year_ok(s) ? g_mime_utils_header_decode_date(s) : NULL;
	if (!dt)
		return 0;
	int64_t t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return t > 0 ? t : 0;
}

void ld_mail_decode_date(const char *raw, ld_msg *m)
{
	m->date = m->commit_time;
	m->date_ok = 0;
	if (!*raw) {
		warn(m, LD_W_DATE, "no Date header");
		return;
	}
	GDateTime *dt = year_ok(raw) ? g_mime_utils_header_decode_date(raw) : NULL;
	if (!dt) {
		warn(m, LD_W_DATE, "unparsable Date");
		return;
	}
	if (!zone_ok(raw)) {
		warn(m, LD_W_DATE, "impossible time zone in Date");
	}
	m->date = g_date_time_to_unix(dt);
	m->date_ok = 1;
	g_date_time_unref(dt);
}
