/* when.c - the dates of --since and --until (pure: libc time functions
 * only, no GMime, no glib).
 *
 * Accepted forms (case-insensitive words, one or more spaces or dots
 * between them):
 *   2025-11-17                      midnight at the start of that day
 *   2025-11-17T10:00[:SS]           also with a space instead of T
 *   ... followed by a zone          Z, UTC, GMT, +01:00, +0100, -05
 *   now, today, yesterday           today/yesterday: local midnight
 *   N minute(s)|hour(s)|day(s)|week(s) ago     now minus N*length (exact seconds)
 *   N month(s)|year(s) ago          the same local clock time N calendar
 *                                   months back, the day clamped to the
 *                                   month's last day (Mar 31 - 1 month = Feb 28/29)
 * A date or time without a zone is local time (the TZ environment
 * variable), as git and date(1) take it: a cron job's "yesterday" is the
 * local day.  Run with TZ=UTC for UTC days. */
#include "classify/classify.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static int is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(long y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil): no timegm, no TZ. */
static int64_t days_from_civil(long y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int64_t)era * 146097 + doe - 719468;
}

/* Local time to UTC seconds; isdst left to mktime. */
static int local_to_utc(long y, int mon, int d, int h, int mi, int s, int64_t *out)
{
	struct tm tm = { 0 };
	tm.tm_year = (int)(y - 1900);
	tm.tm_mon = mon - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	if (t == (time_t)-1 && !(y == 1969 && mon == 12 && d == 31))
		return -1;
	*out = (int64_t)t;
	return 0;
}

/* Reads exactly n digits. */
static int digits(const char **p, int n, long *out)
{
	long v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

/* Zone: "", Z, UTC, GMT, +HH, +HHMM, +HH:MM.  *have = 0 when absent. */
static int zone(const char *p, int *have, long *offset)
{
	*have = 0;
	*offset = 0;
	while (*p == ' ')
		p++;
	if (!*p)
		return 0;
	*have = 1;
	if (!strcasecmp(p, "z") || !strcasecmp(p, "utc") || !strcasecmp(p, "gmt"))
		return 0;
	if (*p != '+' && *p != '-')
		return -1;
	int sign = *p++ == '-' ? -1 : 1;
	long hh, mm = 0;
	if (digits(&p, 2, &hh))
		return -1;
	if (*p == ':')
		p++;
	if (*p && digits(&p, 2, &mm))
		return -1;
	if (*p || hh > 23 || mm > 59)
		return -1;
	*offset = sign * (hh * 3600 + mm * 60);
	return 0;
}

static int iso(const char *s, int64_t *out)
{
	const char *p = s;
	long y, mon, d, h = 0, mi = 0, sec = 0;
	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mon) || *p++ != '-' ||
	    digits(&p, 2, &d))
		return -1;
	if (mon < 1 || mon > 12 || d < 1 || d > month_days(y, (int)mon))
		return -1;
	if ((*p == 'T' || *p == 't' || *p == ' ') && isdigit((unsigned char)p[1])) {
		p++;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
			return -1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &sec))
				return -1;
		}
		if (h > 23 || mi > 59 || sec > 60)
			return -1;
	}
	int have;
	long off;
	if (zone(p, &have, &off))
		return -1;
	if (!have)
		return local_to_utc(y, (int)mon, (int)d, (int)h, (int)mi, (int)sec, out);
	*out = days_from_civil(y, (int)mon, (int)d) * 86400 + h * 3600 + mi * 60 + sec - off;
	return 0;
}

/* Local midnight of the day of now, days_back days earlier. */
static int midnight(int64_t now, int days_back, int64_t *out)
{
	time_t t = (time_t)now;
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return -1;
	return local_to_utc(tm.tm_year + 1900L, tm.tm_mon + 1, tm.tm_mday - days_back, 0, 0, 0, out);
}

/* Splits s into at most 3 lower-cased words separated by spaces or dots. */
static int words(const char *s, char w[3][16])
{
	int n = 0;
	while (*s) {
		while (*s == ' ' || *s == '.')
			s++;
		if (!*s)
			break;
		if (n == 3)
			return -1;
		size_t k = 0;
		while (*s && *s != ' ' && *s != '.') {
			if (k == 15)
				return -1;
			w[n][k++] = (char)tolower((unsigned char)*s++);
		}
		w[n++][k] = 0;
	}
	return n;
}

static int unit_is(const char *w, const char *unit)
{
	size_t n = strlen(unit);
	return !strncmp(w, unit, n) && (!w[n] || (w[n] == 's' && !w[n + 1]));
}

int ld_when_parse(const char *s, int64_t now, int64_t *out)
{
	if (!s || !*s)
		return -1;
	if (isdigit((unsigned char)s[0]) && strlen(s) >= 10 && s[4] == '-')
		return iso(s, out);
	char w[3][16];
	int n = words(s, w);
	if (n == 1 && !strcmp(w[0], "now")) {
		*out = now;
		return 0;
	}
	if (n == 1 && !strcmp(w[0], "today"))
		return midnight(now, 0, out);
	if (n == 1 && !strcmp(w[0], "yesterday"))
		return midnight(now, 1, out);
	if (n != 3 || strcmp(w[2], "ago"))
		return -1;
	char *end;
	long k = strtol(w[0], &end, 10);
	if (*end || end == w[0] || k < 0 || k > 100000)
		return -1;
	static const struct { const char *name; int64_t secs; } fixed[] = {
		{ "minute", 60 }, { "hour", 3600 }, { "day", 86400 }, { "week", 7 * 86400 },
	};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (unit_is(w[1], fixed[i].name)) {
			*out = now - k * fixed[i].secs;
			return 0;
		}
	long months;
	if (unit_is(w[1], "month"))
		months = k;
	else if (unit_is(w[1], "year"))
		months = 12 * k;
	else
		return -1;
	time_t t = (time_t)now;
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return -1;
	long m0 = tm.tm_year * 12L + tm.tm_mon - months;   /* months since 1900-01 */
	long y = 1900 + (m0 >= 0 ? m0 / 12 : (m0 - 11) / 12);
	int mon = (int)(m0 - (y - 1900) * 12) + 1;
	int d = tm.tm_mday > month_days(y, mon) ? month_days(y, mon) : tm.tm_mday;
	return local_to_utc(y, mon, d, tm.tm_hour, tm.tm_min, tm.tm_sec, out);
}
