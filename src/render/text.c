/* render/text.c - the plain-text report, the layout of the daily update
 * mails (shared/spec/kvm-update-example.txt), with the series, reviews,
 * discussions, applied and fixes sections after it. */
#include "render/render.h"

#include <stdlib.h>

/* With a previous period, the change of a row after its count, right
 * aligned: "     13    +5 example.org", "      2   new  Name <addr>". */
static void change(FILE *o, const ld_report *r, unsigned long now, unsigned long prev)
{
	char c[LD_CHANGE_SIZE];
	if (r->previous.have)
		fprintf(o, " %5s", ld_change(c, now, prev, 1));
}

static void table(FILE *o, const ld_report *r, const ld_row *rows, size_t n, const char *sep)
{
	for (size_t i = 0; i < n; i++) {
		fprintf(o, "%7lu", rows[i].count);
		change(o, r, rows[i].count, rows[i].previous);
		fputs(sep, o);
		ld_esc_text(o, rows[i].label);
		fputc('\n', o);
	}
}

static void day(FILE *o, int64_t t)
{
	char buf[32];
	fputs(ld_fmt_utc(buf, t, LD_UTC_DAY) ? "?" : buf, o);
}

/* "Link: https://lore.kernel.org/LIST/MSGID/", as b4 prints a message's
 * address (b4 am after the patches of a series, b4 ty under a subject
 * and its From and Date), when the message has a page (ld_link_ok):
 * every byte of the URL is percent-encoded ASCII. */
static void link_line(FILE *o, const ld_report *r, const char *indent, const char *mid)
{
	const char *base = ld_lore_base(r, mid);
	if (!ld_link_ok(base, mid))
		return;
	fprintf(o, "%sLink: ", indent);
	ld_esc_link(o, base, mid);
	fputc('\n', o);
}

static void series_block(FILE *o, const ld_report *r, const ld_series *s)
{
	if (*s->prefix) {
		ld_esc_text(o, s->prefix);
		fputc(' ', o);
	}
	ld_esc_text(o, s->title);
	fputs(" (", o);
	ld_esc_text(o, s->author);
	char *counts = ld_series_counts(r, s);
	fprintf(o, "; %s", counts);
	free(counts);
	if (s->prev_version) {
		fprintf(o, "; supersedes v%d (", s->prev_version);
		day(o, s->prev_date);
		fputc(')', o);
	}
	fputs(")\n", o);
	for (size_t i = 0; i < s->n_patches; i++) {
		const ld_posting *p = &r->postings[s->patches[i]];
		if (p->subj.counter >= 0)
			fprintf(o, "  %d/%d ", p->subj.counter, s->total);
		else
			fprintf(o, "  1/1 ");
		ld_esc_text(o, p->title);
		fputc('\n', o);
	}
	link_line(o, r, "  ", s->message_id);
	fputc('\n', o);
}

static void kinds(FILE *o, const ld_reviewer *v)
{
	const char *sep = " (";
	if (v->reviewed) {
		fprintf(o, "%s%lu Reviewed-by", sep, v->reviewed);
		sep = ", ";
	}
	if (v->acked) {
		fprintf(o, "%s%lu Acked-by", sep, v->acked);
		sep = ", ";
	}
	if (v->tested)
		fprintf(o, "%s%lu Tested-by", sep, v->tested);
	fputs(")\n", o);
}

/* The two header lines: the range, then the list, the range and the
 * filters. */
static void header(FILE *o, const ld_report *r)
{
	fprintf(o, "From %s to %s", r->from, r->to);
	/* a window or a state: which messages were reported, by commit */
	if ((r->by_date || r->by_state) && *r->first_commit)
		fprintf(o, ", messages of commits %.9s to %.9s", r->first_commit, r->last_commit);
	else if ((r->by_date || r->by_state) && *r->to_full)
		fputs(", no messages", o);
	fputc('\n', o);
	ld_esc_text(o, r->list_name);
	fprintf(o, " mailing list update from %s to %s", r->from, r->to);
	char *only = ld_render_filters(r);
	if (*only) {
		fputs(" (only ", o);
		ld_esc_text(o, only);
		fputc(')', o);
	}
	free(only);
	fputc('\n', o);
	char *lists = ld_render_lists(r);
	if (*lists) {
		fputs("Lists: ", o);
		ld_esc_text(o, lists);
		fputc('\n', o);
	}
	free(lists);
	fputc('\n', o);
	/* compared with the previous period, or why not */
	if (r->previous.have) {
		char *t = ld_previous_totals(r);
		fprintf(o, "Compared with the previous period, %s to %s: %s\n\n", r->previous.from,
			r->previous.to, t);
		free(t);
	} else {
		fputs("No previous period to compare with: ", o);
		ld_esc_text(o, r->previous.reason);
		fputs(".\n\n", o);
	}
}

static void contributors(FILE *o, const ld_report *r)
{
	fprintf(o, "Top %zu contributor Email domains (Based on Email Body)\n\n",
		r->top ? r->top : r->n_domains);
	table(o, r, r->domains, r->n_domains, " ");
	fprintf(o, "\nTop %zu contributors (Based on Email Body)\n\n",
		r->top ? r->top : r->n_people);
	table(o, r, r->people, r->n_people, "  ");
	if (r->have_orgs) {
		fprintf(o, "\nTop %zu organizations (Based on Email Body)\n\n",
			r->top ? r->top : r->n_orgs);
		table(o, r, r->orgs, r->n_orgs, " ");
	}
}

static void entries(FILE *o, const ld_report *r)
{
	fputs("===== Patch Commit Messages ====\n\n", o);
	for (size_t i = 0; i < r->n_entries; i++) {
		const ld_entry *e = &r->entries[i];
		fputs("New:  ", o);
		ld_esc_text(o, e->title);
		fputc('\n', o);
		ld_esc_text(o, e->subject);
		fputs("\nAuthor: ", o);
		ld_esc_text(o, e->author);
		if (*e->sender) {
			fputs(" (sent by ", o);
			ld_esc_text(o, e->sender);
			fputc(')', o);
		}
		fputc('\n', o);
		link_line(o, r, "", e->message_id);
		fputc('\n', o);
		if (*e->excerpt) {
			ld_esc_text(o, e->excerpt);
			fputc('\n', o);
		}
		fputs("\n----------------------------------------------------------------------\n\n", o);
	}
}

static void reviewers(FILE *o, const ld_report *r)
{
	fprintf(o, "===== Top %zu reviewers =====\n\n", r->top ? r->top : r->n_reviewers);
	for (size_t i = 0; i < r->n_reviewers; i++) {
		fprintf(o, "%7lu", r->reviewers[i].total);
		change(o, r, r->reviewers[i].total, r->reviewers[i].previous);
		fputs("  ", o);
		ld_esc_text(o, r->reviewers[i].label);
		kinds(o, &r->reviewers[i]);
	}
	fputc('\n', o);
}

/* Who reviews whom: each organization's reviews of patches by its own
 * people, by other organizations' and where either is unknown. */
static void review_orgs(FILE *o, const ld_report *r)
{
	fprintf(o, "===== Top %zu reviewing organizations =====\n\n",
		r->top ? r->top : r->n_review_orgs);
	for (size_t i = 0; i < r->n_review_orgs; i++) {
		const ld_reviewer *v = &r->review_orgs[i];
		fprintf(o, "%7lu", v->total);
		change(o, r, v->total, v->previous);
		fputs("  ", o);
		ld_esc_text(o, v->label);
		const char *sep = " (";
		if (v->own_org) {
			fprintf(o, "%s%lu own organization", sep, v->own_org);
			sep = ", ";
		}
		if (v->cross_org) {
			fprintf(o, "%s%lu other organizations", sep, v->cross_org);
			sep = ", ";
		}
		if (v->unknown_org)
			fprintf(o, "%s%lu organization unknown", sep, v->unknown_org);
		fputs(")\n", o);
	}
	fputc('\n', o);
}

static void discussions(FILE *o, const ld_report *r)
{
	fputs("===== Most discussed =====\n\n", o);
	for (size_t i = 0; i < r->n_discussions; i++) {
		const ld_discussion *d = &r->discussions[i];
		fprintf(o, "%7lu  ", d->replies);
		ld_esc_text(o, d->subject);
		fprintf(o, " (%zu participant%s: ", d->n_participants, d->n_participants == 1 ? "" : "s");
		/* "; " between them: a name may hold a comma ("Mi, Dapeng") */
		for (size_t j = 0; j < d->n_participants && j < 5; j++) {
			if (j)
				fputs("; ", o);
			ld_esc_text(o, d->participants[j]);
		}
		if (d->n_participants > 5)
			fprintf(o, " and %zu more", d->n_participants - 5);
		fputs(")\n", o);
	}
	fputc('\n', o);
}

static void pulls(FILE *o, const ld_report *r)
{
	fputs("===== Pull requests =====\n\n", o);
	for (size_t i = 0; i < r->n_pulls; i++) {
		const ld_pull *p = &r->pulls[i];
		ld_esc_text(o, p->subject);
		fputs("\n  ", o);
		ld_esc_text(o, p->from);
		fputs(" asks ", o);
		if (*p->to) {
			ld_esc_text(o, p->to);
			fputc(' ', o);
		}
		fputs("to pull", o);
		if (p->patches)
			fprintf(o, " %lu patch%s", p->patches, p->patches == 1 ? "" : "es");
		fputc('\n', o);
		if (*p->source) {
			fputs("  from ", o);
			ld_esc_text(o, p->source);
			fputc('\n', o);
		}
	}
	fputc('\n', o);
}

static void applied(FILE *o, const ld_report *r)
{
	fputs("===== Applied =====\n\n", o);
	for (size_t i = 0; i < r->n_applied; i++) {
		const ld_applied *a = &r->applied[i];
		ld_esc_text(o, a->subject);
		fputs(*a->to ? "\n  applied to " : "\n  applied", o);
		ld_esc_text(o, a->to);
		fputs(" by ", o);
		ld_esc_text(o, a->by);
		fputc('\n', o);
	}
	fputc('\n', o);
}

static void fixes(FILE *o, const ld_report *r)
{
	fputs("===== Fixes =====\n\n", o);
	for (size_t i = 0; i < r->n_fixes; i++) {
		const ld_fix *f = &r->fixes[i];
		ld_esc_text(o, r->postings[f->posting].subject);
		fputc('\n', o);
		for (size_t j = 0; j < f->n_fixes; j++) {
			fputs("  Fixes: ", o);
			ld_esc_text(o, f->fixes[j]);
			fputc('\n', o);
		}
		if (f->stable)
			fputs("  Cc: stable\n", o);
	}
	fputc('\n', o);
}

/* Waiting for review: the sentence that says what is listed (or why
 * nothing is), then per series its subject, its author, date and age,
 * who could review it (--maintainers) and its link. */
static void waiting(FILE *o, const ld_report *r)
{
	fputs("===== Waiting for review =====\n\n", o);
	char *intro = ld_waiting_intro(r);
	ld_esc_text(o, intro);
	free(intro);
	fputs("\n\n", o);
	for (size_t i = 0; i < r->n_waiting; i++) {
		const ld_waiting *w = &r->waiting[i];
		ld_esc_text(o, w->subject);
		fputs("\n  ", o);
		ld_esc_text(o, w->author);
		char *line = ld_waiting_line(w);
		fprintf(o, "; %s\n", line);
		free(line);
		if (r->waiting_who) {
			char *who = ld_waiting_who(w, LD_WAITING_WHO_SHOWN);
			fputs("  Who could review: ", o);
			ld_esc_text(o, who);
			fputc('\n', o);
			free(who);
		}
		link_line(o, r, "  ", w->message_id);
		fputc('\n', o);
	}
}

/* The series, each with its patches. */
static void patch_list(FILE *o, const ld_report *r)
{
	fputs("\n===== Patch list in this time period =====\n\n", o);
	for (size_t i = 0; i < r->n_series; i++)
		series_block(o, r, &r->series[i]);
	if (!r->n_series)
		fputc('\n', o);
}

/* The sections the text report has (render.h: their order, and when
 * each is shown). */
static const ld_section_fn sections[LD_SECTION__COUNT] = {
	[LD_SECTION_CONTRIBUTORS] = contributors,
	[LD_SECTION_PATCHES] = patch_list,
	[LD_SECTION_ENTRIES] = entries,
	[LD_SECTION_REVIEWERS] = reviewers,
	[LD_SECTION_REVIEW_ORGS] = review_orgs,
	[LD_SECTION_DISCUSSIONS] = discussions,
	[LD_SECTION_PULLS] = pulls,
	[LD_SECTION_APPLIED] = applied,
	[LD_SECTION_FIXES] = fixes,
	[LD_SECTION_WAITING] = waiting,
};

int ld_render_text(const ld_report *r, const ld_render_opts *opts, FILE *o)
{
	(void)opts;
	header(o, r);
	ld_render_sections(o, r, sections);
	return ferror(o) ? -1 : 0;
}
