/* render_text.c - the plain-text report, the layout of the daily update
 * mails (shared/spec/kvm-update-example.txt). */
#include "ld.h"
#include "escape.h"

static void table(FILE *o, const ld_row *rows, size_t n, const char *sep)
{
	for (size_t i = 0; i < n; i++) {
		fprintf(o, "%7lu%s", rows[i].count, sep);
		ld_esc_text(o, rows[i].label);
		fputc('\n', o);
	}
}

int ld_render_text(const ld_report *r, const ld_render_opts *opts, FILE *o)
{
	(void)opts;
	fprintf(o, "From %s to %s\n", r->from, r->to);
	ld_esc_text(o, r->list_name);
	fprintf(o, " mailing list update from %s to %s\n\n", r->from, r->to);

	fprintf(o, "Top %zu contributor Email domains (Based on Email Body)\n\n",
		r->top ? r->top : r->n_domains);
	table(o, r->domains, r->n_domains, " ");
	fprintf(o, "\nTop %zu contributors (Based on Email Body)\n\n",
		r->top ? r->top : r->n_people);
	table(o, r->people, r->n_people, "  ");

	fputs("\n===== Patch list in this time period =====\n\n", o);
	for (size_t i = 0; i < r->n_postings; i++) {
		ld_esc_text(o, r->postings[i].subject);
		fputc('\n', o);
	}

	fputs("\n===== Patch Commit Messages ====\n\n", o);
	for (size_t i = 0; i < r->n_entries; i++) {
		const ld_entry *e = &r->entries[i];
		fputs("New:  ", o);
		ld_esc_text(o, e->title);
		fputc('\n', o);
		ld_esc_text(o, e->subject);
		fputs("\nAuthor: ", o);
		ld_esc_text(o, e->author);
		fputs("\n\n", o);
		if (*e->excerpt) {
			ld_esc_text(o, e->excerpt);
			fputc('\n', o);
		}
		fputs("\n----------------------------------------------------------------------\n\n", o);
	}
	return ferror(o) ? -1 : 0;
}
