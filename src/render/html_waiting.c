/* render/html_waiting.c - the HTML report's Waiting for review section
 * (render/html.h): a row per series (with --maintainers, who could
 * review it), then what the list holds; or, when no list was made, why. */
#include "render/html.h"

#include <stdlib.h>

void ld_html_waiting(FILE *o, const ld_report *r)
{
	char *intro = ld_waiting_intro(r);
	if (!r->n_waiting) {
		fputs("<h2 id=\"waiting\">Waiting for review</h2>\n<p class=\"empty\">", o);
		ld_esc_html(o, intro);
		fputs("</p>\n", o);
		free(intro);
		return;
	}
	static const ld_hcol c[] = {
		{ "Series", LD_HCOL_MAIN }, { "Author", 0 }, { "Posted", LD_HCOL_SHORT }, { "Days", LD_HCOL_NUM },
		{ "Who could review", 0 },
	};
	/* the last column only with --maintainers */
	ld_html_table_begin(o, "waiting", "Waiting for review", "", c, r->waiting_who ? 5 : 4);
	for (size_t i = 0; i < r->n_waiting; i++) {
		const ld_waiting *w = &r->waiting[i];
		fputs("<tr>", o);
		ld_html_td(o, &c[0]);
		ld_html_link(o, r, w->subject, w->message_id);
		if (w->total > 1)
			fprintf(o, " <span class=\"muted nw\">(%d patches)</span>", w->total);
		fputs("</td>", o);
		ld_html_td(o, &c[1]);
		ld_esc_html_bdi(o, w->author);
		fputs("</td>", o);
		ld_html_td(o, &c[2]);
		ld_html_date(o, w->date);
		fputs("</td>", o);
		ld_html_td(o, &c[3]);
		fprintf(o, "%u</td>", w->days);
		if (r->waiting_who) {
			char *who = ld_waiting_who(w, LD_WAITING_WHO_SHOWN);
			ld_html_td(o, &c[4]);
			ld_esc_html(o, who);
			fputs("</td>", o);
			free(who);
		}
		fputs("</tr>\n", o);
	}
	ld_html_table_end(o);
	fputs("<p class=\"muted\">", o);
	ld_esc_html(o, intro);
	fputs("</p>\n", o);
	free(intro);
}
