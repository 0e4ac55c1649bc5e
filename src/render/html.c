/* render/html.c - the report as one self-contained HTML page: inline CSS
 * (html_css.c), inline SVG bar charts, no scripts and no network (a
 * Content-Security-Policy says so to the browser as well), readable on a
 * phone (viewport, tables as cards on narrow screens), light or dark as
 * the reader's system is, and printable (commit messages open in print).
 * This file writes the page, its header and charts, and holds the table
 * of its sections' writers (render.h gives their order); html_sections.c,
 * html_reviews.c, html_waiting.c and html_trend.c write the sections,
 * html_util.c the helpers they share (render/html.h).  Every mail-derived
 * string goes through ld_esc_html (in element content
 * ld_esc_html_bdi: each name or subject isolated, so its direction cannot
 * reorder its neighbours), every URL through ld_esc_link/ld_esc_url. */
#include "render/html.h"

#include <stdlib.h>

static size_t shown(const ld_report *r, size_t n)
{
	return r->top ? r->top : n;
}

/* A horizontal bar chart: per row the label, under it a bar as long as
 * the count relative to the largest, the count after the bar.  Drawn at
 * its own size (width and height in px; the style sheet only shrinks it
 * on a narrower screen), so that every chart's text is the same size. */
static void chart(FILE *o, const ld_report *r, const char *caption, const ld_row *rows, size_t n)
{
	enum { W = 400, ROW = 34, BAR = 330 };
	unsigned long max = 1;
	for (size_t i = 0; i < n; i++)
		if (rows[i].count > max)
			max = rows[i].count;
	fputs("<figure class=\"chart\"><figcaption>", o);
	fputs(caption, o);
	fprintf(o, "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%zu\" viewBox=\"0 0 %d %zu\" "
		   "role=\"img\" aria-label=\"", W, n * ROW + 4, W, n * ROW + 4);
	fputs(caption, o);
	fputs("\">\n", o);
	for (size_t i = 0; i < n; i++) {
		size_t y = i * ROW;
		double w = (double)BAR * (double)rows[i].count / (double)max;
		if (w < 2)
			w = 2;
		/* with a previous period, its change after the count,
		 * "13 (+5)", and its count in the accessible title */
		char c[LD_CHANGE_SIZE] = "";
		fputs("<g><title>", o);
		ld_esc_html(o, rows[i].label);
		fprintf(o, ": %lu", rows[i].count);
		if (r->previous.have) {
			ld_change(c, rows[i].count, rows[i].previous, 1);
			fprintf(o, "; previous period %lu", rows[i].previous);
		}
		fprintf(o, "</title><text x=\"0\" y=\"%zu\">", y + 13);
		ld_esc_html(o, rows[i].label);
		fprintf(o, "</text><rect x=\"0\" y=\"%zu\" width=\"%.1f\" height=\"12\" rx=\"2\"/>"
			   "<text x=\"%.1f\" y=\"%zu\">%lu%s%s%s</text></g>\n",
			y + 18, w, w + 6, y + 29, rows[i].count, *c ? " (" : "", c, *c ? ")" : "");
	}
	fputs("</svg></figure>\n", o);
}

/* The charts of who posted; a period without patch postings says so. */
static void contributors(FILE *o, const ld_report *r)
{
	if (!r->n_domains && !r->n_people && !(r->have_orgs && r->n_orgs)) {
		ld_html_empty(o, "contributors", "Contributors", "No patch postings in this period.");
		return;
	}
	fputs("<h2 id=\"contributors\">Contributors</h2>\n<div class=\"charts\">\n", o);
	char cap[128];
	snprintf(cap, sizeof(cap), "Top %zu contributor email domains", shown(r, r->n_domains));
	chart(o, r, cap, r->domains, r->n_domains);
	snprintf(cap, sizeof(cap), "Top %zu contributors", shown(r, r->n_people));
	chart(o, r, cap, r->people, r->n_people);
	if (r->have_orgs) {
		snprintf(cap, sizeof(cap), "Top %zu organizations", shown(r, r->n_orgs));
		chart(o, r, cap, r->orgs, r->n_orgs);
	}
	fputs("</div>\n<p class=\"muted\">Counted over patch postings, by the author in the mail body.</p>\n", o);
}

/* From the doctype to the opening <body>: the title says what the <h1>
 * says, f the filters (ld_render_filters). */
static void page_head(FILE *o, const ld_report *r, const char *f)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; img-src data:\">\n"
	      "<meta name=\"referrer\" content=\"no-referrer\">\n<title>", o);
	ld_esc_html(o, r->list_name);
	fprintf(o, " mailing list update from %s to %s", r->from, r->to);
	if (*f) {
		fputs(" (only ", o);
		ld_esc_html(o, f);
		fputc(')', o);
	}
	fprintf(o, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", ld_html_css);
}

/* The header's line on the previous period: its totals' changes, or why
 * there is none (after the totals and the lists, which it compares). */
static void previous(FILE *o, const ld_report *r)
{
	if (r->previous.have) {
		char *tot = ld_previous_totals(r);
		fprintf(o, ".<br>\nCompared with the previous period, %s to %s: %s", r->previous.from,
			r->previous.to, tot);
		free(tot);
	} else {
		fputs(".<br>\nNo previous period to compare with: ", o);
		ld_esc_html(o, r->previous.reason);
	}
}

/* The <header>: a link back to home (ld_render_opts) when there is one,
 * the title, then what the report covers and when it was made (t, the
 * time of the run). */
static void page_header(FILE *o, const ld_report *r, const char *f, int64_t t, const char *home)
{
	char now[32];
	ld_fmt_utc(now, t, LD_UTC_ISO);
	fputs("<header>\n", o);
	if (home) {
		fputs("<nav class=\"home\"><a href=\"", o);
		ld_esc_url(o, home, 0);
		fputs("\">All reports</a></nav>\n", o);
	}
	fputs("<h1>", o);
	ld_esc_html_bdi(o, r->list_name);
	fprintf(o, " mailing list update from %s to %s", r->from, r->to);
	if (*f) {
		fputs(" (only ", o);
		ld_esc_html_bdi(o, f);
		fputc(')', o);
	}
	fputs("</h1>\n<p class=\"muted\">", o);
	if (ld_render_range_several(r))
		fprintf(o, "%c%s", r->by_state ? 'T' : 'E', ld_render_range_several(r) + 1);
	else if (*r->from_full)
		fprintf(o, "After <code>%s</code> up to <code>%s</code>", r->from_full, r->to_full);
	else if (*r->to_full)
		fprintf(o, "From the start of the archive up to <code>%s</code>", r->to_full);
	else
		fputs("Every message of the mailbox", o);
	if (r->since || r->until) {
		char a[32] = "any", b[32] = "any";
		if (r->since)
			ld_fmt_utc(a, r->since, LD_UTC_ISO);
		if (r->until)
			ld_fmt_utc(b, r->until, LD_UTC_ISO);
		fprintf(o, ", dates %s to %s", a, b);
	}
	if ((r->by_date || r->by_state) && *r->first_commit)
		fprintf(o, "; reported: the messages of commits <code>%s</code> to <code>%s</code>",
			r->first_commit, r->last_commit);
	else if ((r->by_date || r->by_state) && *r->to_full)
		fputs("; reported: no messages", o);
	fprintf(o, ".<br>\n%zu messages, %zu patch postings, %zu series, %zu new entries",
		r->n_messages, r->n_postings, r->n_series, r->n_entries);
	if (*r->list_id && r->n_lists < 2) {
		fputs("; list ", o);
		if (*r->lore_url) {
			fputs("<a href=\"", o);
			ld_esc_url(o, r->lore_url, 0);
			fputs("\">", o);
		}
		ld_esc_html_bdi(o, r->list_id);
		if (*r->lore_url)
			fputs("</a>", o);
	}
	char *lists = ld_render_lists(r);
	if (*lists) {
		fputs(".<br>\nLists: ", o);
		ld_esc_html_bdi(o, lists);
	}
	free(lists);
	previous(o, r);
	fprintf(o, ".<br>\nGenerated %s.</p>\n</header>\n", now);
}

/* The sections of the HTML report (render.h: their order, and when each
 * is shown). */
static const ld_section_fn sections[LD_SECTION__COUNT] = {
	[LD_SECTION_CONTRIBUTORS] = contributors,
	[LD_SECTION_TREND] = ld_html_trend,
	[LD_SECTION_PATCHES] = ld_html_patches,
	[LD_SECTION_ENTRIES] = ld_html_entries,
	[LD_SECTION_REVIEWERS] = ld_html_reviewers,
	[LD_SECTION_REVIEW_ORGS] = ld_html_review_orgs,
	[LD_SECTION_DISCUSSIONS] = ld_html_discussions,
	[LD_SECTION_PULLS] = ld_html_pulls,
	[LD_SECTION_APPLIED] = ld_html_applied,
	[LD_SECTION_FIXES] = ld_html_fixes,
	[LD_SECTION_WAITING] = ld_html_waiting,
	[LD_SECTION_WARNINGS] = ld_html_warnings,
};

int ld_render_html(const ld_report *r, const ld_render_opts *opts, FILE *o)
{
	char *f = ld_render_filters(r);
	page_head(o, r, f);
	page_header(o, r, f, opts->now, opts->home);
	free(f);

	ld_render_sections(o, r, sections);
	fputs("</body>\n</html>\n", o);
	return ferror(o) ? -1 : 0;
}
