/* render/html_reviews.c - who reviews whom (--orgs): each reviewing
 * organization's reviews of its own people's patches, of other
 * organizations', and where either organization is unknown, as the
 * other tables of the HTML report (html.h's helpers). */
#include "render/html.h"

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
	ld_html_table_begin(o, "review-orgs", title, "fit", c, 5);
	for (size_t i = 0; i < r->n_review_orgs; i++) {
		const ld_reviewer *v = &r->review_orgs[i];
		const unsigned long n[4] = { v->total, v->own_org, v->cross_org, v->unknown_org };
		fputs("<tr>", o);
		for (int k = 0; k < 4; k++) {
			ld_html_td(o, &c[k]);
			fprintf(o, "%lu", n[k]);
			if (!k)
				ld_html_change(o, r, v->total, v->previous);
			fputs("</td>", o);
		}
		ld_html_td(o, &c[4]);
		ld_esc_html_bdi(o, v->label);
		fputs("</td></tr>\n", o);
	}
	ld_html_table_end(o);
}
