/* render/html.c - the report as one self-contained HTML page: inline CSS,
 * inline SVG bar charts, no scripts and no network (a Content-Security-
 * Policy says so to the browser as well), readable on a phone (viewport,
 * one-column tables on narrow screens) and printable (collapsed commit
 * messages expand in print).  Every mail-derived string goes through
 * ld_esc_html (in element content ld_esc_html_bdi: each name or subject
 * isolated, so its direction cannot reorder its neighbours), every URL
 * through ld_esc_link/ld_esc_url. */
#include "render/render.h"

#include <stdlib.h>

static const char css[] =
	":root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bar:#2f6fb3;--code:#f6f8fa}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0 auto;max-width:62rem;padding:1rem;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;"
	"color:var(--fg);background:#fff;overflow-wrap:break-word}\n"
	"h1{font-size:1.45rem;line-height:1.25;margin:.5rem 0}\n"
	"h2{font-size:1.15rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin:2rem 0 .75rem}\n"
	"a{color:#0b5cad}\n"
	".muted{color:var(--muted)}\n"
	"table{border-collapse:collapse;width:100%}\n"
	"th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line);overflow-wrap:anywhere}\n"
	"th{font-weight:600;border-bottom-width:2px}\n"
	".n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
	"pre{white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.45 ui-monospace,\"DejaVu Sans Mono\",monospace;"
	"background:var(--code);padding:.6rem;border-radius:4px;margin:.4rem 0}\n"
	"summary{cursor:pointer}\n"
	"ol,ul{margin:.3rem 0;padding-left:1.4rem}\n"
	".charts{display:flex;flex-wrap:wrap;gap:0 2rem}\n"
	".chart{flex:1 1 24rem;max-width:32rem;margin:0}\n"
	".chart svg{width:100%;height:auto;display:block}\n"
	".chart text{font:13px system-ui,sans-serif;fill:var(--fg)}\n"
	".chart rect{fill:var(--bar)}\n"
	".chart figcaption{font-weight:600;margin:.5rem 0}\n"
	"@media (max-width:40rem){body{padding:.6rem;font-size:15px}\n"
	" table.cards thead{display:none}\n"
	" table.cards tr{display:block;border-bottom:1px solid var(--line);padding:.3rem 0}\n"
	" table.cards td{display:block;border:0;padding:.1rem .3rem;text-align:left;overflow-wrap:anywhere}\n"
	" table.cards td[data-label]::before{content:attr(data-label) \": \";color:var(--muted)}}\n"
	"@media print{body{max-width:none;font-size:10.5pt;padding:0}\n"
	" a{color:inherit;text-decoration:none}\n"
	" details::details-content{content-visibility:visible;display:block}\n"
	" details>summary{list-style:none}\n"
	" h2{break-after:avoid}\n"
	" tr,figure{break-inside:avoid}\n"
	" pre{background:none;border:1px solid #bbb}}\n";

static size_t shown(const ld_report *r, size_t n)
{
	return r->top ? r->top : n;
}

/* <a href="lore page">text</a>, or the text alone without a page. */
static void link(FILE *o, const ld_report *r, const char *text, const char *mid)
{
	const char *base = ld_lore_base(r, mid);
	int have = ld_link_ok(base, mid);
	if (have) {
		fputs("<a href=\"", o);
		ld_esc_link(o, base, mid);
		fputs("\">", o);
	}
	ld_esc_html_bdi(o, text);
	if (have)
		fputs("</a>", o);
}

static void date(FILE *o, int64_t t)
{
	char d[32];
	ld_fmt_utc(d, t, LD_UTC_DAY);
	fputs(d, o);
}

/* A horizontal bar chart: per row the label, under it a bar as long as
 * the count relative to the largest, the count after the bar. */
static void chart(FILE *o, const char *caption, const ld_row *rows, size_t n)
{
	enum { W = 400, ROW = 34, BAR = 330 };
	unsigned long max = 1;
	for (size_t i = 0; i < n; i++)
		if (rows[i].count > max)
			max = rows[i].count;
	fputs("<figure class=\"chart\"><figcaption>", o);
	fputs(caption, o);
	fprintf(o, "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %zu\" role=\"img\" aria-label=\"",
		W, n * ROW + 4);
	fputs(caption, o);
	fputs("\">\n", o);
	for (size_t i = 0; i < n; i++) {
		size_t y = i * ROW;
		double w = (double)BAR * (double)rows[i].count / (double)max;
		if (w < 2)
			w = 2;
		fputs("<g><title>", o);
		ld_esc_html(o, rows[i].label);
		fprintf(o, ": %lu</title><text x=\"0\" y=\"%zu\">", rows[i].count, y + 13);
		ld_esc_html(o, rows[i].label);
		fprintf(o, "</text><rect x=\"0\" y=\"%zu\" width=\"%.1f\" height=\"12\" rx=\"2\"/>"
			   "<text x=\"%.1f\" y=\"%zu\">%lu</text></g>\n",
			y + 18, w, w + 6, y + 29, rows[i].count);
	}
	fputs("</svg></figure>\n", o);
}

static void series_name(FILE *o, const ld_series *s)
{
	if (*s->prefix) {
		fputc('[', o);
		ld_esc_html_bdi(o, s->prefix);
		fputs("] ", o);
	}
	ld_esc_html_bdi(o, s->title);
}

/* " (sent by Name <addr>)" when the header From is not the author */
static void sent_by(FILE *o, const ld_entry *e)
{
	if (!*e->sender)
		return;
	fputs(" (sent by ", o);
	ld_esc_html_bdi(o, e->sender);
	fputc(')', o);
}

static void excerpt(FILE *o, const ld_entry *e)
{
	if (*e->excerpt) {
		fputs("<pre>", o);
		ld_esc_html(o, e->excerpt);
		fputs("</pre>", o);
	} else {
		fputs("<p class=\"muted\">(no commit message)</p>", o);
	}
}

static void series_table(FILE *o, const ld_report *r)
{
	fputs("<h2 id=\"series\">Series</h2>\n<table class=\"cards\"><thead><tr><th>Series</th>"
	      "<th>Author</th><th>Patches</th><th>Reviews</th><th>Status</th></tr></thead><tbody>\n", o);
	for (size_t i = 0; i < r->n_series; i++) {
		const ld_series *s = &r->series[i];
		fputs("<tr><td><details><summary>", o);
		series_name(o, s);
		fputs("</summary>\n<ol>", o);
		if (s->cover != LD_NONE && s->cover < r->n_postings) {
			fputs("<li value=\"0\">", o);
			link(o, r, r->postings[s->cover].subject, r->postings[s->cover].message_id);
			fputs("</li>", o);
		}
		for (size_t j = 0; j < s->n_patches; j++) {
			const ld_posting *p = &r->postings[s->patches[j]];
			fputs("<li>", o);
			link(o, r, p->subject, p->message_id);
			fputs("</li>", o);
		}
		fputs("</ol>\n", o);
		for (size_t j = 0; j < r->n_entries; j++) {
			if (r->entries[j].series != i)
				continue;
			excerpt(o, &r->entries[j]);
			fputc('\n', o);
		}
		fputs("</details></td><td data-label=\"Author\">", o);
		ld_esc_html_bdi(o, s->author);
		for (size_t j = 0; j < r->n_entries; j++)
			if (r->entries[j].series == i && *r->entries[j].sender) {
				sent_by(o, &r->entries[j]);
				break;
			}
		fputs("</td><td data-label=\"Patches\">", o);
		char *counts = ld_series_counts(r, s);
		ld_esc_html(o, counts);
		free(counts);
		fprintf(o, "</td><td data-label=\"Reviews\">R %lu, A %lu, T %lu</td><td data-label=\"Status\">v%d",
			s->reviewed, s->acked, s->tested, s->version);
		if (s->prev_version) {
			fputs("; ", o);
			ld_buf b = LD_BUF_INIT;
			char d[32];
			ld_fmt_utc(d, s->prev_date, LD_UTC_DAY);
			ld_buf_addf(&b, "supersedes v%d (%s)", s->prev_version, d);
			link(o, r, b.s, s->prev_message_id);
			ld_buf_release(&b);
		}
		if (s->applied != LD_NONE && s->applied < r->n_applied) {
			const ld_applied *a = &r->applied[s->applied];
			fputs("; ", o);
			link(o, r, "applied", a->message_id);
			if (*a->to) {
				fputs(" to ", o);
				ld_esc_html_bdi(o, a->to);
			}
		}
		fputs("</td></tr>\n", o);
	}
	fputs("</tbody></table>\n", o);
}

static void postings_table(FILE *o, const ld_report *r)
{
	size_t loose = 0;
	for (size_t i = 0; i < r->n_postings; i++)
		if (r->postings[i].series == LD_NONE || r->postings[i].series >= r->n_series)
			loose++;
	if (!loose && r->n_series)
		return;
	fputs("<h2 id=\"patches\">Patch list in this time period</h2>\n", o);
	if (!loose) {
		fputs("<p>No patches.</p>\n", o);
		return;
	}
	fputs("<table class=\"cards\"><thead><tr><th>Subject</th><th>Author</th><th>Date</th></tr></thead><tbody>\n", o);
	for (size_t i = 0; i < r->n_postings; i++) {
		const ld_posting *p = &r->postings[i];
		if (p->series != LD_NONE && p->series < r->n_series)
			continue;
		fputs("<tr><td>", o);
		link(o, r, p->subject, p->message_id);
		fputs("</td><td data-label=\"Author\">", o);
		ld_esc_html_bdi(o, p->author);
		fputs("</td><td data-label=\"Date\" class=\"n\">", o);
		date(o, p->date);
		fputs("</td></tr>\n", o);
	}
	fputs("</tbody></table>\n", o);
}

static void entries_table(FILE *o, const ld_report *r)
{
	size_t loose = 0;
	for (size_t i = 0; i < r->n_entries; i++)
		if (r->entries[i].series == LD_NONE || r->entries[i].series >= r->n_series)
			loose++;
	if (!loose && r->n_series)
		return;
	fputs("<h2 id=\"messages\">Patch commit messages</h2>\n", o);
	if (!loose) {
		fputs("<p>No new patches or series.</p>\n", o);
		return;
	}
	fputs("<table class=\"cards\"><thead><tr><th>New</th><th>Author</th></tr></thead><tbody>\n", o);
	for (size_t i = 0; i < r->n_entries; i++) {
		const ld_entry *e = &r->entries[i];
		if (e->series != LD_NONE && e->series < r->n_series)
			continue;
		fputs("<tr><td><details><summary>", o);
		ld_esc_html_bdi(o, e->title);
		fputs("</summary>\n<p>", o);
		link(o, r, e->subject, e->message_id);
		fputs("</p>", o);
		excerpt(o, e);
		fputs("</details></td><td data-label=\"Author\">", o);
		ld_esc_html_bdi(o, e->author);
		sent_by(o, e);
		fputs("</td></tr>\n", o);
	}
	fputs("</tbody></table>\n", o);
}

static void reviewers(FILE *o, const ld_report *r)
{
	fprintf(o, "<h2 id=\"reviewers\">Top %zu reviewers</h2>\n", shown(r, r->n_reviewers));
	fputs("<table><thead><tr><th class=\"n\">Total</th><th class=\"n\">Reviewed</th>"
	      "<th class=\"n\">Acked</th><th class=\"n\">Tested</th><th>Reviewer</th></tr></thead><tbody>\n", o);
	for (size_t i = 0; i < r->n_reviewers; i++) {
		const ld_reviewer *v = &r->reviewers[i];
		fprintf(o, "<tr><td class=\"n\">%lu</td><td class=\"n\">%lu</td><td class=\"n\">%lu</td>"
			   "<td class=\"n\">%lu</td><td>", v->total, v->reviewed, v->acked, v->tested);
		ld_esc_html_bdi(o, v->label);
		fputs("</td></tr>\n", o);
	}
	fputs("</tbody></table>\n", o);
}

static void discussions(FILE *o, const ld_report *r)
{
	fputs("<h2 id=\"discussed\">Most discussed</h2>\n<table class=\"cards\"><thead><tr>"
	      "<th class=\"n\">Replies</th><th>Thread</th><th>Participants</th></tr></thead><tbody>\n", o);
	for (size_t i = 0; i < r->n_discussions; i++) {
		const ld_discussion *d = &r->discussions[i];
		fprintf(o, "<tr><td class=\"n\" data-label=\"Replies\">%lu</td><td>", d->replies);
		link(o, r, d->subject, d->message_id);
		fputs("</td><td data-label=\"Participants\">", o);
		/* "; " between them: a name may hold a comma ("Mi, Dapeng") */
		for (size_t j = 0; j < d->n_participants; j++) {
			if (j)
				fputs("; ", o);
			ld_esc_html_bdi(o, d->participants[j]);
		}
		fputs("</td></tr>\n", o);
	}
	fputs("</tbody></table>\n", o);
}

static void pulls(FILE *o, const ld_report *r)
{
	fputs("<h2 id=\"pulls\">Pull requests</h2>\n<table class=\"cards\"><thead><tr><th>Pull request</th>"
	      "<th>From</th><th>To</th><th class=\"n\">Patches</th><th>Source</th></tr></thead><tbody>\n", o);
	for (size_t i = 0; i < r->n_pulls; i++) {
		const ld_pull *p = &r->pulls[i];
		fputs("<tr><td>", o);
		link(o, r, p->subject, p->message_id);
		fputs("</td><td data-label=\"From\">", o);
		ld_esc_html_bdi(o, p->from);
		fputs("</td><td data-label=\"To\">", o);
		ld_esc_html_bdi(o, p->to);
		fputs("</td><td class=\"n\" data-label=\"Patches\">", o);
		if (p->patches)
			fprintf(o, "%lu", p->patches);
		fputs("</td><td data-label=\"Source\"><code>", o);
		ld_esc_html(o, p->source);
		fputs("</code></td></tr>\n", o);
	}
	fputs("</tbody></table>\n", o);
}

static void applied(FILE *o, const ld_report *r)
{
	fputs("<h2 id=\"applied\">Applied</h2>\n<table class=\"cards\"><thead><tr><th>Series</th>"
	      "<th>Applied to</th><th>By</th></tr></thead><tbody>\n", o);
	for (size_t i = 0; i < r->n_applied; i++) {
		const ld_applied *a = &r->applied[i];
		fputs("<tr><td>", o);
		if (a->series != LD_NONE && a->series < r->n_series)
			link(o, r, a->subject, r->series[a->series].message_id);
		else
			ld_esc_html_bdi(o, a->subject);
		fputs("</td><td data-label=\"Applied to\">", o);
		link(o, r, *a->to ? a->to : "(not stated)", a->message_id);
		fputs("</td><td data-label=\"By\">", o);
		ld_esc_html_bdi(o, a->by);
		fputs("</td></tr>\n", o);
	}
	fputs("</tbody></table>\n", o);
}

static void fixes(FILE *o, const ld_report *r)
{
	fputs("<h2 id=\"fixes\">Fixes</h2>\n<table class=\"cards\"><thead><tr><th>Patch</th>"
	      "<th>Fixes</th><th>Stable</th></tr></thead><tbody>\n", o);
	for (size_t i = 0; i < r->n_fixes; i++) {
		const ld_fix *f = &r->fixes[i];
		if (f->posting >= r->n_postings)
			continue;
		const ld_posting *p = &r->postings[f->posting];
		fputs("<tr><td>", o);
		link(o, r, p->subject, p->message_id);
		fputs("</td><td data-label=\"Fixes\">", o);
		for (size_t j = 0; j < f->n_fixes; j++) {
			if (j)
				fputs("<br>", o);
			ld_esc_html_bdi(o, f->fixes[j]);
		}
		fprintf(o, "</td><td data-label=\"Stable\">%s</td></tr>\n", f->stable ? "Cc: stable" : "");
	}
	fputs("</tbody></table>\n", o);
}

static void warnings(FILE *o, const ld_report *r)
{
	fprintf(o, "<h2 id=\"warnings\">Warnings</h2>\n<p>%lu warning%s about broken mail in %zu messages:",
		r->n_warnings, r->n_warnings == 1 ? "" : "s", r->n_messages);
	const char *sep = " ";
	for (int k = 0; k < LD_W__COUNT; k++) {
		if (!r->warnings[k])
			continue;
		fprintf(o, "%s%lu %s", sep, r->warnings[k], ld_warn_name(k));
		sep = ", ";
	}
	fputs(".</p>\n", o);
	if (r->n_warn_lines) {
		fputs("<details><summary>Details</summary><pre>", o);
		for (size_t i = 0; i < r->n_warn_lines; i++) {
			ld_esc_html(o, r->warn_lines[i]);
			fputc('\n', o);
		}
		fputs("</pre></details>\n", o);
	}
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
	fprintf(o, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
}

/* The <header>: the title, then what the report covers and when it was
 * made (now, the time of the run). */
static void page_header(FILE *o, const ld_report *r, const char *f, int64_t t)
{
	char now[32];
	ld_fmt_utc(now, t, LD_UTC_ISO);
	fputs("<header>\n<h1>", o);
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
	fprintf(o, ".<br>\nGenerated %s.</p>\n</header>\n", now);
}

int ld_render_html(const ld_report *r, const ld_render_opts *opts, FILE *o)
{
	char *f = ld_render_filters(r);
	page_head(o, r, f);
	page_header(o, r, f, opts->now);
	free(f);

	fputs("<h2 id=\"contributors\">Contributors</h2>\n<div class=\"charts\">\n", o);
	char cap[128];
	snprintf(cap, sizeof(cap), "Top %zu contributor email domains", shown(r, r->n_domains));
	chart(o, cap, r->domains, r->n_domains);
	snprintf(cap, sizeof(cap), "Top %zu contributors", shown(r, r->n_people));
	chart(o, cap, r->people, r->n_people);
	if (r->have_orgs) {
		snprintf(cap, sizeof(cap), "Top %zu organizations", shown(r, r->n_orgs));
		chart(o, cap, r->orgs, r->n_orgs);
	}
	fputs("</div>\n<p class=\"muted\">Counted over patch postings, by the author in the mail body.</p>\n", o);

	if (r->n_series)
		series_table(o, r);
	postings_table(o, r);
	entries_table(o, r);
	if (r->n_reviewers)
		reviewers(o, r);
	if (r->n_discussions)
		discussions(o, r);
	if (r->n_pulls)
		pulls(o, r);
	if (r->n_applied)
		applied(o, r);
	if (r->n_fixes)
		fixes(o, r);
	if (r->n_warnings)
		warnings(o, r);
	fputs("</body>\n</html>\n", o);
	return ferror(o) ? -1 : 0;
}
