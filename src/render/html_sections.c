/* render/html_sections.c - the sections of the HTML report after the
 * charts (render/html.h): series, loose patches and commit messages,
 * discussions, pull requests, applied, fixes; and the warnings.  Every
 * table through ld_html_table_begin/ld_html_td (html_util.c), so all
 * look alike. */
#include "render/html.h"

#include <stdlib.h>
#include <string.h>

static void series_name(FILE *o, const ld_report *r, const ld_series *s)
{
	if (*s->prefix) {
		fputc('[', o);
		ld_esc_html_bdi(o, s->prefix);
		fputs("] ", o);
	}
	ld_html_link(o, r, s->title, s->message_id);
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

/* The trailers a series got, as the text report names them: "1
 * Reviewed-by, 2 Acked-by", each kept on one line; "none". */
static void reviews(FILE *o, const ld_series *s)
{
	const unsigned long n[3] = { s->reviewed, s->acked, s->tested };
	static const char *const kind[3] = { "Reviewed-by", "Acked-by", "Tested-by" };
	const char *sep = "";
	for (int k = 0; k < 3; k++) {
		if (!n[k])
			continue;
		fprintf(o, "%s<span class=\"nw\">%lu %s</span>", sep, n[k], kind[k]);
		sep = ", ";
	}
	if (!*sep)
		fputs("<span class=\"muted\">none</span>", o);
}

static void status(FILE *o, const ld_report *r, const ld_series *s)
{
	fprintf(o, "v%d", s->version);
	if (s->prev_version) {
		ld_buf b = LD_BUF_INIT;
		char d[32];
		ld_fmt_utc(d, s->prev_date, LD_UTC_DAY);
		ld_buf_addf(&b, "v%d (%s)", s->prev_version, d);
		fputs("; supersedes <span class=\"nw\">", o);
		ld_html_link(o, r, b.s, s->prev_message_id);
		fputs("</span>", o);
		ld_buf_release(&b);
	}
	if (s->applied != LD_NONE && s->applied < r->n_applied) {
		const ld_applied *a = &r->applied[s->applied];
		fputs("; ", o);
		ld_html_link(o, r, "applied", a->message_id);
		if (*a->to) {
			fputs(" to <span class=\"brk\">", o);
			ld_esc_html_bdi(o, a->to);
			fputs("</span>", o);
		}
	}
}

/* ld_series_counts, each of its ", "-separated parts on one line: "3/3
 * patches" | "cover letter" | "missing 2-4" (our words and numbers). */
static void counts(FILE *o, const ld_report *r, const ld_series *s)
{
	char *c = ld_series_counts(r, s);
	const char *p = c;
	for (;;) {
		const char *e = strstr(p, ", ");
		fputs("<span class=\"nw\">", o);
		fwrite(p, 1, e ? (size_t)(e - p) : strlen(p), o);
		fputs(e ? "</span>, " : "</span>", o);
		if (!e)
			break;
		p = e + 2;
	}
	free(c);
}

/* The second row of a series or loose entry: across the whole table, so
 * that a commit message gets the page's width, closed until opened. */
static void more_begin(FILE *o, int cols, const char *summary)
{
	fprintf(o, "<tr class=\"more\"><td colspan=\"%d\"><details><summary>%s</summary>\n", cols, summary);
}

static void more_end(FILE *o)
{
	fputs("</details></td></tr>\n", o);
}

/* The patches of series i as a list (the cover letter numbered 0), then
 * the commit messages of its new entries. */
static void series_more(FILE *o, const ld_report *r, size_t i, size_t n_msgs)
{
	const ld_series *s = &r->series[i];
	char sum[96];
	int n = snprintf(sum, sizeof(sum), "%zu patch%s%s", s->n_patches, s->n_patches == 1 ? "" : "es",
			 s->cover != LD_NONE ? ", cover letter" : "");
	if (n_msgs && n > 0 && (size_t)n < sizeof(sum))
		snprintf(sum + n, sizeof(sum) - (size_t)n, n_msgs == 1 ? ", commit message" : ", %zu commit messages", n_msgs);
	more_begin(o, 5, sum);
	fputs("<ol>", o);
	if (s->cover != LD_NONE && s->cover < r->n_postings) {
		fputs("<li value=\"0\">", o);
		ld_html_link(o, r, r->postings[s->cover].subject, r->postings[s->cover].message_id);
		fputs("</li>", o);
	}
	for (size_t j = 0; j < s->n_patches; j++) {
		const ld_posting *p = &r->postings[s->patches[j]];
		fputs("<li>", o);
		ld_html_link(o, r, p->subject, p->message_id);
		fputs("</li>", o);
	}
	fputs("</ol>\n", o);
	for (size_t j = 0; j < r->n_entries; j++) {
		if (r->entries[j].series != i)
			continue;
		excerpt(o, &r->entries[j]);
		fputc('\n', o);
	}
	more_end(o);
}

static void series(FILE *o, const ld_report *r)
{
	static const ld_hcol c[] = {
		{ "Series", LD_HCOL_MAIN }, { "Author", 0 }, { "Patches", LD_HCOL_SHORT }, { "Reviews", LD_HCOL_SHORT },
		{ "Status", LD_HCOL_SHORT },
	};
	ld_html_table_begin(o, "series", "Series", "series", c, 5);
	for (size_t i = 0; i < r->n_series; i++) {
		const ld_series *s = &r->series[i];
		size_t n_msgs = 0;
		const ld_entry *sender = NULL;
		for (size_t j = 0; j < r->n_entries; j++)
			if (r->entries[j].series == i) {
				n_msgs++;
				if (!sender && *r->entries[j].sender)
					sender = &r->entries[j];
			}
		if (i)
			fputs("</tbody><tbody>\n", o);   /* a series: its two rows */
		fputs("<tr>", o);
		ld_html_td(o, &c[0]);
		series_name(o, r, s);
		fputs("</td>", o);
		ld_html_td(o, &c[1]);
		ld_esc_html_bdi(o, s->author);
		if (sender)
			sent_by(o, sender);
		fputs("</td>", o);
		ld_html_td(o, &c[2]);
		counts(o, r, s);
		fputs("</td>", o);
		ld_html_td(o, &c[3]);
		reviews(o, s);
		fputs("</td>", o);
		ld_html_td(o, &c[4]);
		status(o, r, s);
		fputs("</td></tr>\n", o);
		series_more(o, r, i, n_msgs);
	}
	ld_html_table_end(o);
}

static void postings(FILE *o, const ld_report *r)
{
	static const ld_hcol c[] = { { "Subject", LD_HCOL_MAIN }, { "Author", 0 }, { "Date", LD_HCOL_NUM } };
	size_t loose = 0;
	for (size_t i = 0; i < r->n_postings; i++)
		if (r->postings[i].series == LD_NONE || r->postings[i].series >= r->n_series)
			loose++;
	if (!loose && r->n_series)
		return;
	if (!loose) {
		ld_html_empty(o, "patches", "Patch list in this time period", "No patches in this period.");
		return;
	}
	ld_html_table_begin(o, "patches", "Patch list in this time period", "", c, 3);
	for (size_t i = 0; i < r->n_postings; i++) {
		const ld_posting *p = &r->postings[i];
		if (p->series != LD_NONE && p->series < r->n_series)
			continue;
		fputs("<tr>", o);
		ld_html_td(o, &c[0]);
		ld_html_link(o, r, p->subject, p->message_id);
		fputs("</td>", o);
		ld_html_td(o, &c[1]);
		ld_esc_html_bdi(o, p->author);
		fputs("</td>", o);
		ld_html_td(o, &c[2]);
		ld_html_date(o, p->date);
		fputs("</td></tr>\n", o);
	}
	ld_html_table_end(o);
}

void ld_html_patches(FILE *o, const ld_report *r)
{
	if (r->n_series)
		series(o, r);
	postings(o, r);
}

void ld_html_entries(FILE *o, const ld_report *r)
{
	static const ld_hcol c[] = { { "New", LD_HCOL_MAIN }, { "Author", 0 } };
	size_t loose = 0;
	for (size_t i = 0; i < r->n_entries; i++)
		if (r->entries[i].series == LD_NONE || r->entries[i].series >= r->n_series)
			loose++;
	if (!loose && r->n_series)
		return;
	if (!loose) {
		ld_html_empty(o, "messages", "Patch commit messages", "No new patches or series in this period.");
		return;
	}
	ld_html_table_begin(o, "messages", "Patch commit messages", "series", c, 2);
	size_t rows = 0;
	for (size_t i = 0; i < r->n_entries; i++) {
		const ld_entry *e = &r->entries[i];
		if (e->series != LD_NONE && e->series < r->n_series)
			continue;
		if (rows++)
			fputs("</tbody><tbody>\n", o);
		fputs("<tr>", o);
		ld_html_td(o, &c[0]);
		ld_html_link(o, r, e->subject, e->message_id);
		fputs("</td>", o);
		ld_html_td(o, &c[1]);
		ld_esc_html_bdi(o, e->author);
		sent_by(o, e);
		fputs("</td></tr>\n", o);
		more_begin(o, 2, "commit message");
		excerpt(o, e);
		fputc('\n', o);
		more_end(o);
	}
	ld_html_table_end(o);
}

void ld_html_discussions(FILE *o, const ld_report *r)
{
	static const ld_hcol c[] = { { "Replies", LD_HCOL_NUM }, { "Thread", LD_HCOL_MAIN }, { "Participants", 0 } };
	ld_html_table_begin(o, "discussed", "Most discussed", "", c, 3);
	for (size_t i = 0; i < r->n_discussions; i++) {
		const ld_discussion *d = &r->discussions[i];
		fputs("<tr>", o);
		ld_html_td(o, &c[0]);
		fprintf(o, "%lu</td>", d->replies);
		ld_html_td(o, &c[1]);
		ld_html_link(o, r, d->subject, d->message_id);
		fputs("</td>", o);
		ld_html_td(o, &c[2]);
		/* "; " between them: a name may hold a comma ("Mi, Dapeng") */
		for (size_t j = 0; j < d->n_participants; j++) {
			if (j)
				fputs("; ", o);
			ld_esc_html_bdi(o, d->participants[j]);
		}
		fputs("</td></tr>\n", o);
	}
	ld_html_table_end(o);
}

void ld_html_pulls(FILE *o, const ld_report *r)
{
	static const ld_hcol c[] = {
		{ "Pull request", LD_HCOL_MAIN }, { "From", 0 }, { "To", LD_HCOL_SHORT }, { "Patches", LD_HCOL_NUM },
		{ "Source", 0 },
	};
	ld_html_table_begin(o, "pulls", "Pull requests", "pulls", c, 5);
	for (size_t i = 0; i < r->n_pulls; i++) {
		const ld_pull *p = &r->pulls[i];
		fputs("<tr>", o);
		ld_html_td(o, &c[0]);
		ld_html_link(o, r, p->subject, p->message_id);
		fputs("</td>", o);
		ld_html_td(o, &c[1]);
		ld_esc_html_bdi(o, p->from);
		fputs("</td>", o);
		ld_html_td(o, &c[2]);
		ld_esc_html_bdi(o, p->to);
		fputs("</td>", o);
		ld_html_td(o, &c[3]);
		if (p->patches)
			fprintf(o, "%lu", p->patches);
		fputs("</td>", o);
		ld_html_td(o, &c[4]);
		fputs("<code class=\"brk\">", o);
		ld_esc_html(o, p->source);
		fputs("</code></td></tr>\n", o);
	}
	ld_html_table_end(o);
}

/* The branch links to the maintainer's note; a note that names no branch
 * says so in plain text, and its link is the word "note". */
void ld_html_applied(FILE *o, const ld_report *r)
{
	static const ld_hcol c[] = { { "Series", LD_HCOL_MAIN }, { "Applied to", LD_HCOL_SHORT }, { "By", 0 } };
	ld_html_table_begin(o, "applied", "Applied", "applied", c, 3);
	for (size_t i = 0; i < r->n_applied; i++) {
		const ld_applied *a = &r->applied[i];
		fputs("<tr>", o);
		ld_html_td(o, &c[0]);
		if (a->series != LD_NONE && a->series < r->n_series)
			ld_html_link(o, r, a->subject, r->series[a->series].message_id);
		else
			ld_esc_html_bdi(o, a->subject);
		fputs("</td>", o);
		ld_html_td(o, &c[1]);
		if (*a->to) {
			fputs("<span class=\"brk\">", o);
			ld_html_link(o, r, a->to, a->message_id);
			fputs("</span>", o);
		} else {
			fputs("<span class=\"muted\">(not stated)</span>", o);
			const char *base = ld_lore_base(r, a->message_id);
			if (ld_link_ok(base, a->message_id)) {
				fputs(" <a href=\"", o);
				ld_esc_link(o, base, a->message_id);
				fputs("\">note</a>", o);
			}
		}
		fputs("</td>", o);
		ld_html_td(o, &c[2]);
		ld_esc_html_bdi(o, a->by);
		fputs("</td></tr>\n", o);
	}
	ld_html_table_end(o);
}

void ld_html_fixes(FILE *o, const ld_report *r)
{
	static const ld_hcol c[] = { { "Patch", LD_HCOL_MAIN }, { "Fixes", 0 }, { "Stable", LD_HCOL_SHORT } };
	ld_html_table_begin(o, "fixes", "Fixes", "", c, 3);
	for (size_t i = 0; i < r->n_fixes; i++) {
		const ld_fix *f = &r->fixes[i];
		if (f->posting >= r->n_postings)
			continue;
		const ld_posting *p = &r->postings[f->posting];
		fputs("<tr>", o);
		ld_html_td(o, &c[0]);
		ld_html_link(o, r, p->subject, p->message_id);
		fputs("</td>", o);
		ld_html_td(o, &c[1]);
		for (size_t j = 0; j < f->n_fixes; j++) {
			if (j)
				fputs("<br>", o);
			ld_esc_html_bdi(o, f->fixes[j]);
		}
		fputs("</td>", o);
		ld_html_td(o, &c[2]);
		fprintf(o, "%s</td></tr>\n", f->stable ? "<span class=\"nw\">Cc: stable</span>" : "");
	}
	ld_html_table_end(o);
}

void ld_html_warnings(FILE *o, const ld_report *r)
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
