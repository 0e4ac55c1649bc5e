/* render/html_util.c - what the parts of the HTML report share
 * (render/html.h): links, dates, and the table helpers that make every
 * table look and behave alike. */
#include "render/html.h"

void ld_html_link(FILE *o, const ld_report *r, const char *text, const char *mid)
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

void ld_html_date(FILE *o, int64_t t)
{
	char d[32];
	ld_fmt_utc(d, t, LD_UTC_DAY);
	fprintf(o, "<span class=\"nw\">%s</span>", d);
}

void ld_html_change(FILE *o, const ld_report *r, unsigned long now, unsigned long prev)
{
	char c[LD_CHANGE_SIZE];
	if (!r->previous.have)
		return;
	ld_change(c, now, prev, 1);
	const char *cls = now == prev ? "same" : !prev ? "new" : now > prev ? "up" : "down";
	fprintf(o, " <span class=\"chg %s\" title=\"previous period: %lu\">%s</span>", cls, prev, c);
}

void ld_html_table_begin(FILE *o, const char *id, const char *title, const char *cls,
			 const ld_hcol *c, size_t n)
{
	/* in a box that scrolls sideways: a table whose cells cannot be
	 * narrower (long addresses at 60-70rem) scrolls in its place, and
	 * the page never becomes wider than the screen */
	fprintf(o, "<h2 id=\"%s\">%s</h2>\n<div class=\"tw\"><table class=\"cards%s%s\"><thead><tr>", id, title,
		*cls ? " " : "", cls);
	for (size_t i = 0; i < n; i++)
		fprintf(o, "<th%s>%s</th>", c[i].kind & LD_HCOL_NUM ? " class=\"n\""
					    : c[i].kind & LD_HCOL_MAIN ? " class=\"m\"" : "", c[i].head);
	fputs("</tr></thead><tbody>\n", o);
}

void ld_html_td(FILE *o, const ld_hcol *c)
{
	fputs("<td", o);
	if (c->kind & LD_HCOL_NUM)
		fputs(" class=\"n\"", o);
	else if (c->kind & LD_HCOL_MAIN)
		fputs(" class=\"main\"", o);
	else if (c->kind & LD_HCOL_SHORT)
		fputs(" class=\"s\"", o);
	if (!(c->kind & LD_HCOL_MAIN))
		fprintf(o, " data-label=\"%s\"", c->head);
	fputc('>', o);
}

void ld_html_table_end(FILE *o)
{
	fputs("</tbody></table></div>\n", o);
}

void ld_html_empty(FILE *o, const char *id, const char *title, const char *say)
{
	fprintf(o, "<h2 id=\"%s\">%s</h2>\n<p class=\"empty\">%s</p>\n", id, title, say);
}
