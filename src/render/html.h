/* render/html.h - the parts of the HTML report, private to render/:
 * html.c writes the page (head, header, charts, the table of the
 * sections' writers), html_sections.c the sections (html_reviews.c the
 * reviewers, html_waiting.c Waiting for review, html_trend.c the weekly
 * postings), html_util.c the helpers below, html_css.c holds the one
 * style sheet.  A new section writes its table with the helpers below,
 * so that every table looks and behaves alike:
 *
 *     static const ld_hcol cols[] = {
 *         { "Series", LD_HCOL_MAIN }, { "Author", 0 }, { "Days", LD_HCOL_NUM },
 *     };
 *     ld_html_table_begin(o, "waiting", "Waiting for review", "", cols, 3);
 *     for (each row) {
 *         fputs("<tr>", o);
 *         ld_html_td(o, &cols[0]); ...text...; fputs("</td>", o);
 *         ...
 *         fputs("</tr>\n", o);
 *     }
 *     ld_html_table_end(o);
 *
 * Headers never wrap; numbers are right-aligned in tabular figures; on a
 * narrow screen (under 60rem) each row becomes a card: the MAIN cell on
 * a line of its own, every other cell named by its header (data-label).
 * A change against the previous period goes in the count's cell after
 * the count: <span class="chg up">+3</span> (classes up, down, new,
 * same), small and muted so the count stays what one reads first.
 * Text that must not break (a date, "1 Reviewed-by") goes in
 * <span class="nw">; mail text that may be one long token (a branch, a
 * tree's URL) in class "brk", which breaks it anywhere rather than let
 * it widen the table past the page. */
#ifndef LD_RENDER_HTML_H
#define LD_RENDER_HTML_H

#include "render/render.h"

/* The page's whole style sheet (html_css.c): light and dark
 * (prefers-color-scheme), narrow screens, print. */
extern const char ld_html_css[];

enum {
	LD_HCOL_TEXT = 0,
	LD_HCOL_NUM = 1,   /* right-aligned, tabular figures, never wraps */
	LD_HCOL_MAIN = 2,  /* what the row is about: unnamed in a card */
	LD_HCOL_SHORT = 4, /* a few words: side by side in a card */
};
/* One column of a table: its header (plain ASCII, no markup) and kind. */
typedef struct {
	const char *head;
	int kind;
} ld_hcol;

/* ---- html_util.c ---- */
/* <h2 id=ID>TITLE</h2>, then the table's opening and its header row;
 * cls: more classes of the <table> ("" for none).  id and title are
 * ours (no mail text). */
void ld_html_table_begin(FILE *o, const char *id, const char *title, const char *cls,
			 const ld_hcol *c, size_t n);
/* The opening <td ...> of a cell of column c. */
void ld_html_td(FILE *o, const ld_hcol *c);
void ld_html_table_end(FILE *o);
/* <h2 id=ID>TITLE</h2> and <p class="empty">SAY</p>: a section with
 * nothing in it says so instead of showing bare headers. */
void ld_html_empty(FILE *o, const char *id, const char *title, const char *say);

/* <a href="lore page">text</a> (text escaped, isolated in <bdi>), or the
 * text alone when the message has no page (ld_link_ok). */
void ld_html_link(FILE *o, const ld_report *r, const char *text, const char *mid);
/* YYYY-MM-DD in a span that never wraps at its hyphens. */
void ld_html_date(FILE *o, int64_t t);
/* With a previous period (r->previous.have), the change of a count, as
 * said above: " <span class="chg up">+3</span>"; nothing without one. */
void ld_html_change(FILE *o, const ld_report *r, unsigned long now, unsigned long prev);

/* The sections (html_sections.c), each with its <h2>; html.c's table
 * of sections calls them.  The patches: the series table (when there
 * are series), then the patches of no series (or that there were none). */
void ld_html_patches(FILE *o, const ld_report *r);
void ld_html_entries(FILE *o, const ld_report *r);
/* The reviewers, and who reviews whom with --orgs (html_reviews.c). */
void ld_html_reviewers(FILE *o, const ld_report *r);
void ld_html_review_orgs(FILE *o, const ld_report *r);
void ld_html_discussions(FILE *o, const ld_report *r);
void ld_html_pulls(FILE *o, const ld_report *r);
void ld_html_applied(FILE *o, const ld_report *r);
void ld_html_fixes(FILE *o, const ld_report *r);
void ld_html_warnings(FILE *o, const ld_report *r);
/* html_trend.c: the weekly patch postings (with r->have_trend). */
void ld_html_trend(FILE *o, const ld_report *r);
/* html_waiting.c: Waiting for review (the list, or why there is none). */
void ld_html_waiting(FILE *o, const ld_report *r);

#endif
