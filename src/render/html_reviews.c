/* render/html_reviews.c - the two tables of reviews in the HTML report
 * (render/html.h): the top reviewers with their trailers by kind, and
 * (--orgs) who reviews whom: each reviewing organization's reviews of its
 * own people's patches, of other organizations', and where either
 * organization is unknown.  One writer for both: four counts, the first
 * with its change against the previous period, then the name. */
#include "render/html.h"

/* The table of rows v[0..n): c holds the four counts' columns, then
 * the name's; orgs picks the counts (organizations or trailer kinds). */
static void table(FILE *o, const ld_report *r, const char *id, const char *title,
		  const ld_hcol c[5], const ld_reviewer *v, size_t n, int orgs)
{
	ld_html_table_begin(o, id, title, "fit", c, 5);
	for (size_t i = 0; i < n; i++) {
		const unsigned long k_org[4] = { v[i].total, v[i].own_org, v[i].cross_org, v[i].unknown_org };
		const unsigned long k_kind[4] = { v[i].total, v[i].reviewed, v[i].acked, v[i].tested };
		const unsigned long *num = orgs ? k_org : k_kind;
		fputs("<tr>", o);
		for (int k = 0; k < 4; k++) {
			ld_html_td(o, &c[k]);
			fprintf(o, "%lu", num[k]);
			if (!k)
				ld_html_change(o, r, v[i].total, v[i].previous);
			fputs("</td>", o);
		}
		ld_html_td(o, &c[4]);
		ld_esc_html_bdi(o, v[i].label);
		fputs("</td></tr>\n", o);
	}
	ld_html_table_end(o);
}

void ld_html_reviewers(FILE *o, const ld_report *r)
{
	static const ld_hcol c[] = {
		{ "Total", LD_HCOL_NUM }, { "Reviewed-by", LD_HCOL_NUM }, { "Acked-by", LD_HCOL_NUM },
		{ "Tested-by", LD_HCOL_NUM }, { "Reviewer", LD_HCOL_MAIN },
	};
	char title[64];
	snprintf(title, sizeof(title), "Top %zu reviewers", r->top ? r->top : r->n_reviewers);
	table(o, r, "reviewers", title, c, r->reviewers, r->n_reviewers, 0);
}

void ld_html_review_orgs(FILE *o, const ld_report *r)
{
	static const ld_hcol c[] = {
		{ "Total", LD_HCOL_NUM }, { "Own organization", LD_HCOL_NUM },
		{ "Other organizations", LD_HCOL_NUM }, { "Unknown", LD_HCOL_NUM },
		{ "Organization", LD_HCOL_MAIN },
	};
	char title[64];
	snprintf(title, sizeof(title), "Top %zu reviewing organizations",
		 r->top ? r->top : r->n_review_orgs);
	table(o, r, "review-orgs", title, c, r->review_orgs, r->n_review_orgs, 1);
}
