/* render/html_trend.c - the HTML report's weekly postings (render/html.h):
 * small multiples, one small inline SVG per row (all patch postings
 * first, then each top organization or domain), laid out by the style
 * sheet's grid: three side by side at 1280 px, one under another on a
 * phone.  Each is drawn at its own size (W px, narrower than a 390 px
 * phone's page, so never scaled: its text stays the page's small print).
 * A panel: its name and total in HTML above it (a long name wraps, no
 * label can overlap another), a bar per week with its count above it, a
 * baseline, and under it the first day of every fourth week, the last
 * week's included.  All postings have their own scale and colour (class
 * "all"); the rows under them share one scale, so that their bars
 * compare; the caption says both.  Accessible: each SVG role=img with a
 * <title> and a <desc> that says its every number, each bar a <g> with
 * its own <title>. */
#include "render/html.h"

enum {
	W = 348,          /* drawn width: fits a 390 px phone's page (366 px) */
	X0 = 4,           /* the first bar's left edge */
	COL = 28,         /* one week */
	BARW = 20,
	TOP = 16,         /* above the highest bar: its count */
	BARH = 48,        /* the highest bar */
	BASE = TOP + BARH,
	H = BASE + 22,    /* under the baseline: ticks and dates */
	EVERY = 4,        /* a date under every fourth week */
};

static const char *const month[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* "Sep 2" of t, UTC: short enough for an axis, the year is in the caption. */
static void short_day(char out[16], int64_t t)
{
	char d[32];
	int m, day;
	if (ld_fmt_utc(d, t, LD_UTC_DAY) || sscanf(d + 5, "%d-%d", &m, &day) != 2 || m < 1 || m > 12)
		snprintf(out, 16, "?");
	else
		snprintf(out, 16, "%s %d", month[m - 1], day);
}

/* The <title> and <desc> of panel id: the label, then every week's
 * count with the week's first day. */
static void about(FILE *o, const ld_report *r, int id, const char *label, const unsigned long *counts)
{
	fprintf(o, "<title id=\"trend-%d-t\">", id);
	ld_esc_html(o, label);
	fprintf(o, ": patch postings per week</title>\n<desc id=\"trend-%d-d\">", id);
	for (int k = 0; k < LD_TREND_WEEKS; k++) {
		char day[32];
		ld_fmt_utc(day, r->trend_start[k], LD_UTC_DAY);
		fprintf(o, "%sweek of %s: %lu", k ? ", " : "", day, counts[k]);
	}
	fputs(".</desc>\n", o);
}

/* One week's bar at column k, as tall as count against max (at least
 * 1), its count above it; a week without postings shows a muted 0. */
static void bar(FILE *o, const ld_report *r, const char *label, int k, unsigned long count,
		unsigned long max)
{
	double h = (double)BARH * (double)count / (double)max;
	if (count && h < 2)
		h = 2;
	int x = X0 + k * COL;
	char day[32];
	ld_fmt_utc(day, r->trend_start[k], LD_UTC_DAY);
	fputs("<g><title>", o);
	ld_esc_html(o, label);
	fprintf(o, ", week of %s: %lu</title>", day, count);
	if (count)
		fprintf(o, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" rx=\"2\"/>", x,
			(double)BASE - h, BARW, h);
	fprintf(o, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\"%s>%lu</text></g>\n", x + BARW / 2,
		(double)BASE - h - 4, count ? "" : " class=\"z\"", count);
}

/* Panel id: the label and its total above, then the chart. */
static void panel(FILE *o, const ld_report *r, int id, const char *label, const unsigned long *counts,
		  unsigned long max)
{
	unsigned long sum = 0;
	for (int k = 0; k < LD_TREND_WEEKS; k++)
		sum += counts[k];
	/* counts of four digits (a week of a large list) in a smaller font,
	 * so that two never touch in a 28 px column */
	fprintf(o, "<figure class=\"tp%s%s\"><figcaption>", id ? "" : " all", max >= 1000 ? " k" : "");
	ld_esc_html_bdi(o, label);
	fprintf(o, " <span class=\"muted nw\">%lu in %d weeks</span></figcaption>\n", sum, LD_TREND_WEEKS);
	fprintf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		   "role=\"img\" aria-labelledby=\"trend-%d-t trend-%d-d\">\n", W, H, W, H, id, id);
	about(o, r, id, label, counts);
	for (int k = 0; k < LD_TREND_WEEKS; k++)
		bar(o, r, label, k, counts[k], max);
	fprintf(o, "<line class=\"base\" x1=\"0\" y1=\"%d.5\" x2=\"%d\" y2=\"%d.5\"/>\n", BASE, W, BASE);
	/* the last week and every EVERY-th before it */
	for (int k = (LD_TREND_WEEKS - 1) % EVERY; k < LD_TREND_WEEKS; k += EVERY) {
		char d[16];
		short_day(d, r->trend_start[k]);
		int x = X0 + k * COL + BARW / 2;
		fprintf(o, "<line class=\"tick\" x1=\"%d.5\" y1=\"%d\" x2=\"%d.5\" y2=\"%d\"/>"
			   "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"day\">%s</text>\n",
			x, BASE + 1, x, BASE + 5, x, H - 3, d);
	}
	fputs("</svg></figure>\n", o);
}

void ld_html_trend(FILE *o, const ld_report *r)
{
	const char *by = r->trend_by_org ? "organization" : "domain";
	char a[32], b[32];
	ld_fmt_utc(a, r->trend_start[0], LD_UTC_DAY);
	ld_fmt_utc(b, r->trend_end - 1, LD_UTC_DAY);
	/* all postings on their own scale; the labels on one shared scale,
	 * so that a label's bars compare with another's */
	unsigned long top = 1, top_rows = 1;
	for (int k = 0; k < LD_TREND_WEEKS; k++) {
		if (r->trend_total[k] > top)
			top = r->trend_total[k];
		for (size_t i = 0; i < r->n_trend_rows; i++)
			if (r->trend_rows[i].counts[k] > top_rows)
				top_rows = r->trend_rows[i].counts[k];
	}
	fprintf(o, "<h2 id=\"trend\">Weekly patch postings</h2>\n<figure class=\"trend\">"
		   "<figcaption>Patch postings per week, <span class=\"nw\">%s</span> to "
		   "<span class=\"nw\">%s</span>: all (own scale)", a, b);
	if (r->n_trend_rows == 1)
		fprintf(o, ", then the top %s", by);
	else if (r->n_trend_rows)
		fprintf(o, ", then the top %zu %ss (one shared scale)", r->n_trend_rows, by);
	fputs("</figcaption>\n<div class=\"tps\">\n", o);
	panel(o, r, 0, "All patch postings", r->trend_total, top);
	for (size_t i = 0; i < r->n_trend_rows; i++)
		panel(o, r, (int)i + 1, r->trend_rows[i].label, r->trend_rows[i].counts, top_rows);
	fputs("</div></figure>\n<p class=\"muted\">Patch postings are cover letters and patches, "
	      "from the archive index, counted by the sender's address; the dates are the weeks' "
	      "first days.", o);
	const ld_filters *f = &r->filters;
	if (f->n_paths || f->n_authors || f->n_domains || f->grep || f->subsystem)
		fputs(" The report's filters do not apply to this chart: it counts the whole list "
		      "(the archive index keeps no files or bodies).", o);
	fputs("</p>\n", o);
}
