/* render/html_trend.c - the HTML report's weekly postings (render/html.h):
 * small multiples in one inline SVG, like the contributors' charts: a
 * row for every patch posting, then one per top organization or domain,
 * each a bar per week with its count under it (the total on its own
 * scale, the labels on one scale they share), the weeks' start dates along the bottom.  Accessible:
 * role=img with a <title> and a <desc> that says every number, each bar
 * a <g> with its own <title>; every label is text. */
#include "render/html.h"

enum { W = 400, COL = 30, LEFT = 40, BARW = 22, BARH = 30, ROWH = 70 };

/* "MM-DD" of t, UTC. */
static void short_day(char out[8], int64_t t)
{
	char d[32];
	if (ld_fmt_utc(d, t, LD_UTC_DAY))
		snprintf(out, 8, "?");
	else
		snprintf(out, 8, "%.5s", d + 5);
}

/* One row at y: its label, then a bar per week (max: the scale's top,
 * at least 1) and its count. */
static void row(FILE *o, const ld_report *r, size_t y, const char *label,
		const unsigned long *counts, unsigned long max)
{
	fprintf(o, "<text x=\"0\" y=\"%zu\" font-weight=\"600\">", y + 13);
	ld_esc_html(o, label);
	fputs("</text>\n", o);
	for (int k = 0; k < LD_TREND_WEEKS; k++) {
		double h = (double)BARH * (double)counts[k] / (double)max;
		if (counts[k] && h < 2)
			h = 2;
		int x = LEFT + k * COL;
		char day[32];
		ld_fmt_utc(day, r->trend_start[k], LD_UTC_DAY);
		fputs("<g><title>", o);
		ld_esc_html(o, label);
		fprintf(o, ", week of %s: %lu</title>", day, counts[k]);
		fprintf(o, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" rx=\"2\"/>", x,
			(double)(y + 20 + BARH) - h, BARW, h);
		fprintf(o, "<text x=\"%d\" y=\"%zu\" text-anchor=\"middle\" font-size=\"11\">%lu</text></g>\n",
			x + BARW / 2, y + 20 + BARH + 13, counts[k]);
	}
}

/* The <desc>: every number, for a screen reader. */
static void desc(FILE *o, const ld_report *r)
{
	char a[32], b[32];
	ld_fmt_utc(a, r->trend_start[0], LD_UTC_DAY);
	ld_fmt_utc(b, r->trend_start[LD_TREND_WEEKS - 1], LD_UTC_DAY);
	fprintf(o, "<desc id=\"trend-desc\">Patch postings per week, %d weeks starting %s to %s. All:",
		LD_TREND_WEEKS, a, b);
	for (int k = 0; k < LD_TREND_WEEKS; k++)
		fprintf(o, " %lu", r->trend_total[k]);
	for (size_t i = 0; i < r->n_trend_rows; i++) {
		fputs(". ", o);
		ld_esc_html(o, r->trend_rows[i].label);
		fputc(':', o);
		for (int k = 0; k < LD_TREND_WEEKS; k++)
			fprintf(o, " %lu", r->trend_rows[i].counts[k]);
	}
	fputs(".</desc>\n", o);
}

void ld_html_trend(FILE *o, const ld_report *r)
{
	const char *by = r->trend_by_org ? "organizations" : "domains";
	size_t h = (1 + r->n_trend_rows) * ROWH + 16;
	fprintf(o, "<h2 id=\"trend\">Weekly patch postings</h2>\n<div class=\"charts\">\n"
		   "<figure class=\"chart\"><figcaption>The last %d weeks: all, and the top %s</figcaption>\n",
		LD_TREND_WEEKS, by);
	fprintf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%zu\" viewBox=\"0 0 %d %zu\" "
		   "role=\"img\" aria-labelledby=\"trend-title trend-desc\">\n"
		   "<title id=\"trend-title\">Weekly patch postings, the last %d weeks: all, and the top %s</title>\n",
		W, h, W, h, LD_TREND_WEEKS, by);
	desc(o, r);
	/* the total on its own scale, the labels on one shared scale, so
	 * that a label's bars compare with another's */
	unsigned long top = 1, top_rows = 1;
	for (int k = 0; k < LD_TREND_WEEKS; k++) {
		if (r->trend_total[k] > top)
			top = r->trend_total[k];
		for (size_t i = 0; i < r->n_trend_rows; i++)
			if (r->trend_rows[i].counts[k] > top_rows)
				top_rows = r->trend_rows[i].counts[k];
	}
	row(o, r, 0, "All patch postings", r->trend_total, top);
	for (size_t i = 0; i < r->n_trend_rows; i++)
		row(o, r, (i + 1) * ROWH, r->trend_rows[i].label, r->trend_rows[i].counts, top_rows);
	for (int k = 0; k < LD_TREND_WEEKS; k += 2) {
		char d[8];
		short_day(d, r->trend_start[k]);
		fprintf(o, "<text x=\"%d\" y=\"%zu\" font-size=\"11\">%s</text>\n", LEFT + k * COL, h - 2, d);
	}
	fputs("</svg></figure>\n</div>\n<p class=\"muted\">Patch postings (cover letters and patches) "
	      "per week from the archive index, by the sender's address; the rows under the first "
	      "share one scale; the dates are the weeks' first days.</p>\n", o);
}
