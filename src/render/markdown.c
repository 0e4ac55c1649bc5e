/* render/markdown.c - the report as GitHub-flavoured Markdown: the text
 * report's sections as headings, the counts as tables, commit messages in
 * fenced blocks, subjects linked to their lore pages.  Mail-derived text
 * goes through ld_esc_md (inline) or ld_esc_md_code (fenced blocks). */
#include "render/render.h"

#include <stdlib.h>

static size_t shown(const ld_report *r, size_t n)
{
	return r->top ? r->top : n;
}

/* [text](<url>) when the message has a lore page, else the text alone. */
static void link(FILE *o, const ld_report *r, const char *text, const char *mid)
{
	const char *base = ld_lore_base(r, mid);
	if (ld_link_ok(base, mid)) {
		fputc('[', o);
		ld_esc_md(o, text);
		fputs("](<", o);
		ld_esc_link(o, base, mid);
		fputs(">)", o);
	} else {
		ld_esc_md(o, text);
	}
}

/* With a previous period, the cell of a row's change ("| +3 ") after
 * its count. */
static void change(FILE *o, const ld_report *r, unsigned long now, unsigned long prev)
{
	char c[LD_CHANGE_SIZE];
	if (r->previous.have)
		fprintf(o, "| %s ", ld_change(c, now, prev, 1));
}

static void table(FILE *o, const ld_report *r, const char *what, const ld_row *rows, size_t n)
{
	int p = r->previous.have;
	fprintf(o, "| Count %s| %s |\n|------:%s|:---|\n", p ? "| Change " : "", what, p ? "|------:" : "");
	for (size_t i = 0; i < n; i++) {
		fprintf(o, "| %lu ", rows[i].count);
		change(o, r, rows[i].count, rows[i].previous);
		fputs("| ", o);
		ld_esc_md(o, rows[i].label);
		fputs(" |\n", o);
	}
	if (!n)
		fprintf(o, "| 0 %s| (none) |\n", p ? "| = " : "");
	fputc('\n', o);
}

/* "[RFC PATCH v2] title (Name <addr>; 2/3 patches, cover letter, missing
 * 3; supersedes v1 (2025-11-17))" - the text report's series header, then
 * one line per posting of the series. */
static void series_line(FILE *o, const ld_report *r, const ld_series *s)
{
	ld_buf b = LD_BUF_INIT;
	if (*s->prefix)
		ld_buf_addf(&b, "[%s] ", s->prefix);
	ld_buf_adds(&b, s->title);
	fputs("- **", o);
	link(o, r, b.s, s->message_id);
	ld_buf_release(&b);
	fputs("** (", o);
	ld_esc_md(o, s->author);
	char *counts = ld_series_counts(r, s);
	fputs("; ", o);
	ld_esc_md(o, counts);
	free(counts);
	if (s->prev_version) {
		char d[32];
		ld_fmt_utc(d, s->prev_date, LD_UTC_DAY);
		fputs("; ", o);
		ld_buf_addf(&b, "supersedes v%d (%s)", s->prev_version, d);
		link(o, r, b.s, s->prev_message_id);
		ld_buf_release(&b);
	}
	fputs(")\n", o);
	if (s->cover != LD_NONE) {
		fputs("  - ", o);
		link(o, r, r->postings[s->cover].subject, r->postings[s->cover].message_id);
		fputc('\n', o);
	}
	for (size_t j = 0; j < s->n_patches; j++) {
		const ld_posting *p = &r->postings[s->patches[j]];
		fputs("  - ", o);
		link(o, r, p->subject, p->message_id);
		fputc('\n', o);
	}
}

static void patch_list(FILE *o, const ld_report *r)
{
	fputs("## Patch list in this time period\n\n", o);
	for (size_t i = 0; i < r->n_series; i++)
		series_line(o, r, &r->series[i]);
	/* postings not (yet) grouped into a series, in archive order */
	size_t loose = 0;
	for (size_t i = 0; i < r->n_postings; i++) {
		const ld_posting *p = &r->postings[i];
		if (p->series != LD_NONE && p->series < r->n_series)
			continue;
		fputs("- ", o);
		link(o, r, p->subject, p->message_id);
		fputc('\n', o);
		loose++;
	}
	if (!r->n_series && !loose)
		fputs("No patches.\n", o);
	fputc('\n', o);
}

static void entries(FILE *o, const ld_report *r)
{
	fputs("## Patch commit messages\n\n", o);
	for (size_t i = 0; i < r->n_entries; i++) {
		const ld_entry *e = &r->entries[i];
		fputs("### New: ", o);
		ld_esc_md(o, e->title);
		fputs("\n\n- Subject: ", o);
		link(o, r, e->subject, e->message_id);
		fputs("\n- Author: ", o);
		ld_esc_md(o, e->author);
		if (*e->sender) {
			fputs(" (sent by ", o);
			ld_esc_md(o, e->sender);
			fputc(')', o);
		}
		fputs("\n\n", o);
		if (*e->excerpt) {
			ld_esc_md_code(o, e->excerpt);
			fputc('\n', o);
		}
	}
	if (!r->n_entries)
		fputs("No new patches or series.\n\n", o);
}

static void reviewers(FILE *o, const ld_report *r)
{
	int p = r->previous.have;
	fprintf(o, "## Top %zu reviewers\n\n", shown(r, r->n_reviewers));
	fprintf(o, "| Total %s| Reviewed-by | Acked-by | Tested-by | Reviewer |\n"
		"|------:%s|------:|------:|------:|:---|\n", p ? "| Change " : "", p ? "|------:" : "");
	for (size_t i = 0; i < r->n_reviewers; i++) {
		const ld_reviewer *v = &r->reviewers[i];
		fprintf(o, "| %lu ", v->total);
		change(o, r, v->total, v->previous);
		fprintf(o, "| %lu | %lu | %lu | ", v->reviewed, v->acked, v->tested);
		ld_esc_md(o, v->label);
		fputs(" |\n", o);
	}
	fputc('\n', o);
}

/* Who reviews whom: each organization's reviews of its own people's
 * patches, of other organizations', and where either is unknown. */
static void review_orgs(FILE *o, const ld_report *r)
{
	int p = r->previous.have;
	fprintf(o, "## Top %zu reviewing organizations\n\n", shown(r, r->n_review_orgs));
	fprintf(o, "| Total %s| Own organization | Other organizations | Unknown | Organization |\n"
		"|------:%s|------:|------:|------:|:---|\n", p ? "| Change " : "", p ? "|------:" : "");
	for (size_t i = 0; i < r->n_review_orgs; i++) {
		const ld_reviewer *v = &r->review_orgs[i];
		fprintf(o, "| %lu ", v->total);
		change(o, r, v->total, v->previous);
		fprintf(o, "| %lu | %lu | %lu | ", v->own_org, v->cross_org, v->unknown_org);
		ld_esc_md(o, v->label);
		fputs(" |\n", o);
	}
	fputc('\n', o);
}

static void discussions(FILE *o, const ld_report *r)
{
	fputs("## Most discussed\n\n| Replies | Thread | Participants |\n|------:|:---|:---|\n", o);
	for (size_t i = 0; i < r->n_discussions; i++) {
		const ld_discussion *d = &r->discussions[i];
		fprintf(o, "| %lu | ", d->replies);
		link(o, r, d->subject, d->message_id);
		fputs(" | ", o);
		/* "; " between them: a name may hold a comma ("Mi, Dapeng") */
		for (size_t j = 0; j < d->n_participants; j++) {
			if (j)
				fputs("; ", o);
			ld_esc_md(o, d->participants[j]);
		}
		fputs(" |\n", o);
	}
	fputc('\n', o);
}

static void pulls(FILE *o, const ld_report *r)
{
	fputs("## Pull requests\n\n", o);
	for (size_t i = 0; i < r->n_pulls; i++) {
		const ld_pull *p = &r->pulls[i];
		fputs("- ", o);
		link(o, r, p->subject, p->message_id);
		fputs(": ", o);
		ld_esc_md(o, p->from);
		fputs(" asks ", o);
		if (*p->to) {
			ld_esc_md(o, p->to);
			fputc(' ', o);
		}
		fputs("to pull", o);
		if (p->patches)
			fprintf(o, " %lu patch%s", p->patches, p->patches == 1 ? "" : "es");
		if (*p->source) {
			fputs(" from ", o);
			ld_esc_md(o, p->source);
		}
		fputc('\n', o);
	}
	fputc('\n', o);
}

static void applied(FILE *o, const ld_report *r)
{
	fputs("## Applied\n\n", o);
	for (size_t i = 0; i < r->n_applied; i++) {
		const ld_applied *a = &r->applied[i];
		fputs("- ", o);
		if (a->series != LD_NONE && a->series < r->n_series)
			link(o, r, a->subject, r->series[a->series].message_id);
		else
			ld_esc_md(o, a->subject);
		fputs(": ", o);
		link(o, r, *a->to ? a->to : "applied", a->message_id);
		fputs(" by ", o);
		ld_esc_md(o, a->by);
		fputc('\n', o);
	}
	fputc('\n', o);
}

static void fixes(FILE *o, const ld_report *r)
{
	fputs("## Fixes\n\n", o);
	for (size_t i = 0; i < r->n_fixes; i++) {
		const ld_fix *f = &r->fixes[i];
		if (f->posting >= r->n_postings)
			continue;
		const ld_posting *p = &r->postings[f->posting];
		fputs("- ", o);
		link(o, r, p->subject, p->message_id);
		for (size_t j = 0; j < f->n_fixes; j++) {
			fputs("; Fixes: ", o);
			ld_esc_md(o, f->fixes[j]);
		}
		if (f->stable)
			fputs("; Cc: stable", o);
		fputc('\n', o);
	}
	fputc('\n', o);
}

/* Waiting for review: what is listed (or why nothing is), then one item
 * per series: its subject linked, its author, date and age, and with
 * --maintainers a sub-item saying who could review it. */
static void waiting(FILE *o, const ld_report *r)
{
	fputs("## Waiting for review\n\n", o);
	char *intro = ld_waiting_intro(r);
	ld_esc_md(o, intro);
	free(intro);
	fputs("\n\n", o);
	for (size_t i = 0; i < r->n_waiting; i++) {
		const ld_waiting *w = &r->waiting[i];
		fputs("- ", o);
		link(o, r, w->subject, w->message_id);
		fputs(" (", o);
		ld_esc_md(o, w->author);
		char *line = ld_waiting_line(w);
		fprintf(o, "; %s)\n", line);
		free(line);
		if (r->waiting_who) {
			char *who = ld_waiting_who(w, LD_WAITING_WHO_SHOWN);
			fputs("  - Who could review: ", o);
			ld_esc_md(o, who);
			fputc('\n', o);
			free(who);
		}
	}
	if (r->n_waiting)
		fputc('\n', o);
}

static void warnings(FILE *o, const ld_report *r)
{
	fprintf(o, "## Warnings\n\n%lu warning%s about broken mail in %zu messages.\n\n",
		r->n_warnings, r->n_warnings == 1 ? "" : "s", r->n_messages);
	fputs("| Count | Kind |\n|------:|:---|\n", o);
	for (int k = 0; k < LD_W__COUNT; k++)
		if (r->warnings[k])
			fprintf(o, "| %lu | %s |\n", r->warnings[k], ld_warn_name(k));
	fputc('\n', o);
	if (r->n_warn_lines) {
		ld_buf b = LD_BUF_INIT;
		for (size_t i = 0; i < r->n_warn_lines; i++) {
			ld_buf_adds(&b, r->warn_lines[i]);
			ld_buf_addc(&b, '\n');
		}
		ld_esc_md_code(o, b.s);
		ld_buf_release(&b);
		fputc('\n', o);
	}
}

/* The header's line about the previous period: its totals, or why there
 * is none. */
static void previous_line(FILE *o, const ld_report *r)
{
	if (r->previous.have) {
		char *t = ld_previous_totals(r);
		fprintf(o, "- Compared with the previous period, %s to %s: %s\n", r->previous.from,
			r->previous.to, t);
		free(t);
	} else {
		fputs("- No previous period to compare with: ", o);
		ld_esc_md(o, r->previous.reason);
		fputc('\n', o);
	}
}

static void contributors(FILE *o, const ld_report *r)
{
	fprintf(o, "## Top %zu contributor email domains (based on email body)\n\n",
		shown(r, r->n_domains));
	table(o, r, "Domain", r->domains, r->n_domains);
	fprintf(o, "## Top %zu contributors (based on email body)\n\n", shown(r, r->n_people));
	table(o, r, "Contributor", r->people, r->n_people);
	if (r->have_orgs) {
		fprintf(o, "## Top %zu organizations\n\n", shown(r, r->n_orgs));
		table(o, r, "Organization", r->orgs, r->n_orgs);
	}
}

/* The sections the Markdown report has (render.h: their order, and when
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
	[LD_SECTION_WARNINGS] = warnings,
};

int ld_render_markdown(const ld_report *r, const ld_render_opts *opts, FILE *o)
{
	(void)opts;
	fputs("# ", o);
	ld_esc_md(o, r->list_name);
	fprintf(o, " mailing list update from %s to %s", r->from, r->to);
	char *f = ld_render_filters(r);
	if (*f) {
		fputs(" (only ", o);
		ld_esc_md(o, f);
		fputc(')', o);
	}
	free(f);
	fputs("\n\n", o);
	char *lists = ld_render_lists(r);
	if (ld_render_range_several(r))
		fprintf(o, "- Range: %s\n", ld_render_range_several(r));
	else if (*r->from_full)
		fprintf(o, "- Range: after `%s` up to `%s`\n", r->from_full, r->to_full);
	else if (*r->to_full)
		fprintf(o, "- Range: start of the archive up to `%s`\n", r->to_full);
	else
		fputs("- Range: every message of the mailbox\n", o);
	if ((r->by_date || r->by_state) && *r->first_commit)
		fprintf(o, "- Reported: the messages of commits `%s` to `%s`\n", r->first_commit,
			r->last_commit);
	else if ((r->by_date || r->by_state) && *r->to_full)
		fputs("- Reported: no messages\n", o);
	fprintf(o, "- Messages: %zu; patch postings: %zu; series: %zu; new entries: %zu\n",
		r->n_messages, r->n_postings, r->n_series, r->n_entries);
	if (*lists) {
		fputs("- Lists: ", o);
		ld_esc_md(o, lists);
		fputc('\n', o);
	}
	free(lists);
	if (r->since || r->until) {
		char a[32] = "", b[32] = "";
		if (r->since)
			ld_fmt_utc(a, r->since, LD_UTC_ISO);
		if (r->until)
			ld_fmt_utc(b, r->until, LD_UTC_ISO);
		fprintf(o, "- Dates: %s to %s\n", r->since ? a : "any", r->until ? b : "any");
	}
	previous_line(o, r);
	if (*r->lore_url && r->n_lists < 2) {
		fputs("- Archive: <", o);
		ld_esc_url(o, r->lore_url, 0);
		fputs(">\n", o);
	}
	fputc('\n', o);
	ld_render_sections(o, r, sections);
	return ferror(o) ? -1 : 0;
}
