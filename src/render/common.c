/* render/common.c - the wording every format shares, so that the text,
 * Markdown, HTML and email reports say the same thing the same way: the
 * filters of a title and how much of a series is here.  Plain strings,
 * unescaped: each renderer escapes them for its format.  And the
 * sections: which a report shows, in their one order. */
#include "render/render.h"

#include <string.h>

/* Runs of numbers as people write them: "3", "5,6", "1-6,8". */
static void spans(ld_buf *b, const ld_span *sp, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *sep = i ? "," : "";
		if (sp[i].hi == sp[i].lo)
			ld_buf_addf(b, "%s%d", sep, sp[i].lo);
		else if (sp[i].hi == sp[i].lo + 1)
			ld_buf_addf(b, "%s%d,%d", sep, sp[i].lo, sp[i].hi);
		else
			ld_buf_addf(b, "%s%d-%d", sep, sp[i].lo, sp[i].hi);
	}
}

/* "3/3 patches" only when the whole series is here and nothing is left
 * out: "13/27" would read as 14 patches lost, so a series that is not
 * whole says how much of it is here and what arrived before the range,
 * and a filtered one what passes the filter. */
char *ld_series_counts(const ld_report *r, const ld_series *s)
{
	ld_buf b = LD_BUF_INIT;
	const char *noun = s->total == 1 ? "patch" : "patches";
	int whole = s->here >= (size_t)s->total && !s->earlier;
	/* --path or --subsystem alone: what the patches touch; else "match" */
	const char *what = !r->by_path ? NULL : !r->filters.subsystem ? "path"
			 : !r->filters.n_paths ? "subsystem" : NULL;
	if (s->n_patches < s->here && what)
		ld_buf_addf(&b, "%zu of %d %s %s the %s", s->n_patches, s->total, noun,
			    s->n_patches == 1 ? "touches" : "touch", what);
	else if (s->n_patches < s->here)
		ld_buf_addf(&b, "%zu of %d %s %s", s->n_patches, s->total, noun,
			    s->n_patches == 1 ? "matches" : "match");
	else if (whole)
		ld_buf_addf(&b, "%zu/%d %s", s->here, s->total, noun);
	if (!whole) {
		ld_buf_addf(&b, "%s%zu of %d here", b.len ? ", " : "", s->here, s->total);
		if (s->earlier)
			ld_buf_addf(&b, ", %zu earlier", s->earlier);
	}
	if (s->cover != LD_NONE)
		ld_buf_adds(&b, ", cover letter");
	if (s->n_missing) {
		ld_buf_adds(&b, ", missing ");
		spans(&b, s->missing, s->n_missing);
	}
	return ld_buf_detach(&b);
}

char *ld_render_filters(const ld_report *r)
{
	const ld_filters *f = &r->filters;
	char *const *v[5] = { f->subsystem ? &f->subsystem : NULL, f->paths, f->authors, f->domains,
			      f->grep ? &f->grep : NULL };
	size_t n[5] = { f->subsystem ? 1 : 0, f->n_paths, f->n_authors, f->n_domains, f->grep ? 1 : 0 };
	static const char *const kind[5] = { "subsystem", "path", "author", "domain", "grep" };
	ld_buf b = LD_BUF_INIT;
	for (int k = 0; k < 5; k++) {
		for (size_t i = 0; i < n[k]; i++) {
			if (!i)
				ld_buf_addf(&b, "%s%s ", b.len ? "; " : "", kind[k]);
			else
				ld_buf_adds(&b, " or ");
			ld_buf_adds(&b, v[k][i]);
		}
	}
	return ld_buf_detach(&b);
}

const char *ld_lore_base(const ld_report *r, const char *message_id)
{
	size_t lo = 0, hi = r->n_msg_lists;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(r->msg_lists[mid].message_id, message_id);
		if (!c)
			return r->lists[r->msg_lists[mid].list].lore_url;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return r->lore_url;
}

char *ld_render_lists(const ld_report *r)
{
	ld_buf b;
	ld_buf_init(&b);
	for (size_t i = 0; r->n_lists > 1 && i < r->n_lists; i++) {
		const ld_list *l = &r->lists[i];
		ld_buf_addf(&b, "%s%s %zu message%s", i ? "; " : "", l->name, l->messages,
			    l->messages == 1 ? "" : "s");
		if (l->duplicates)
			ld_buf_addf(&b, ", %zu already on a list before (cross-posts, counted once)",
				    l->duplicates);
	}
	return ld_buf_detach(&b);
}

const char *ld_render_range_several(const ld_report *r)
{
	if (r->n_lists < 2)
		return NULL;
	return r->by_state ? "the messages of each inbox new since the state file"
			   : "every message of each inbox";
}

const char *ld_change(char buf[LD_CHANGE_SIZE], unsigned long now, unsigned long prev, int row)
{
	if (now == prev)
		snprintf(buf, LD_CHANGE_SIZE, "=");
	else if (!prev && row)
		snprintf(buf, LD_CHANGE_SIZE, "new");
	else if (now > prev)
		snprintf(buf, LD_CHANGE_SIZE, "+%lu", now - prev);
	else
		snprintf(buf, LD_CHANGE_SIZE, "-%lu", prev - now);
	return buf;
}

char *ld_previous_totals(const ld_report *r)
{
	const ld_previous *p = &r->previous;
	unsigned long now[5] = { r->n_messages, r->n_postings, r->n_series, r->n_reviews, r->n_applied };
	unsigned long was[5] = { p->messages, p->postings, p->series, p->reviews, p->applied };
	static const char *const what[5][2] = {
		{ "message", "messages" }, { "patch posting", "patch postings" },
		{ "series", "series" }, { "review", "reviews" }, { "applied", "applied" },
	};
	ld_buf b;
	ld_buf_init(&b);
	for (int i = 0; i < 5; i++) {
		char c[LD_CHANGE_SIZE];
		ld_buf_addf(&b, "%s%lu %s (%s)", i ? ", " : "", now[i], what[i][now[i] != 1],
			    ld_change(c, now[i], was[i], 0));
	}
	return ld_buf_detach(&b);
}

/* "2024-05-20" for a midnight UTC (a --until day), else "2024-05-20 13:05". */
static void end_label(ld_buf *b, int64_t t)
{
	char s[32];
	if (ld_fmt_utc(s, t, t % 86400 == 0 ? LD_UTC_DAY : LD_UTC_MINUTE))
		snprintf(s, sizeof(s), "?");
	ld_buf_adds(b, s);
}

char *ld_waiting_intro(const ld_report *r)
{
	ld_buf b = LD_BUF_INIT;
	switch (r->waiting_state) {
	case LD_WAITING_LISTED:
		ld_buf_addf(&b, "Series posted in the %u days before ", r->waiting_days);
		end_label(&b, r->waiting_end);
		ld_buf_addf(&b, ", at least %u day%s old then, that nobody but their sender and bots "
			    "had answered by then (newer versions left out), oldest first.",
			    r->waiting_age, r->waiting_age == 1 ? "" : "s");
		break;
	case LD_WAITING_NO_INDEX:
		ld_buf_adds(&b, "Not listed: finding the replies needs the archive index "
			    "(an inbox, not --mbox or --maildir, and not --no-index).");
		break;
	case LD_WAITING_NO_END:
		ld_buf_adds(&b, "Not listed: the report has no end to count from "
			    "(no --until and no dated message).");
		break;
	}
	return ld_buf_detach(&b);
}

char *ld_waiting_line(const ld_waiting *w)
{
	ld_buf b = LD_BUF_INIT;
	char s[32];
	if (ld_fmt_utc(s, w->date, LD_UTC_DAY))
		snprintf(s, sizeof(s), "?");
	ld_buf_addf(&b, "%s, %u day%s", s, w->days, w->days == 1 ? "" : "s");
	if (w->total > 1)
		ld_buf_addf(&b, ", %d patches", w->total);
	return ld_buf_detach(&b);
}

int ld_section_shown(const ld_report *r, ld_section s)
{
	switch (s) {
	case LD_SECTION_TREND:
		return r->have_trend;
	case LD_SECTION_REVIEWERS:
		return r->n_reviewers != 0;
	case LD_SECTION_REVIEW_ORGS:
		return r->n_review_orgs != 0;
	case LD_SECTION_DISCUSSIONS:
		return r->n_discussions != 0;
	case LD_SECTION_PULLS:
		return r->n_pulls != 0;
	case LD_SECTION_APPLIED:
		return r->n_applied != 0;
	case LD_SECTION_FIXES:
		return r->n_fixes != 0;
	case LD_SECTION_WAITING:
		/* a list, or the reason why none was made; nothing when the
		 * scan is off or found nothing */
		return r->n_waiting || (r->waiting_state != LD_WAITING_OFF &&
					r->waiting_state != LD_WAITING_LISTED);
	case LD_SECTION_WARNINGS:
		return r->n_warnings != 0;
	default:
		return 1;
	}
}

void ld_render_sections(FILE *o, const ld_report *r, const ld_section_fn w[LD_SECTION__COUNT])
{
	for (int s = 0; s < LD_SECTION__COUNT; s++)
		if (w[s] && ld_section_shown(r, (ld_section)s))
			w[s](o, r);
}

char *ld_waiting_who(const ld_waiting *w, size_t max)
{
	ld_buf b = LD_BUF_INIT;
	if (!w->n_files) {
		ld_buf_adds(&b, "not known: its postings name no file");
		return ld_buf_detach(&b);
	}
	if (!w->all_sections) {
		ld_buf_addf(&b, "no MAINTAINERS section covers its %zu file%s", w->n_files,
			    w->n_files == 1 ? "" : "s");
		return ld_buf_detach(&b);
	}
	if (!w->n_people) {
		ld_buf_adds(&b, "nobody: its sections name no M: or R: (");
		for (size_t i = 0; i < w->n_sections; i++)
			ld_buf_addf(&b, "%s%s", i ? "; " : "", w->sections[i]);
		ld_buf_adds(&b, ")");
		return ld_buf_detach(&b);
	}
	size_t shown = max && w->n_people > max ? max : w->n_people;
	for (size_t i = 0; i < shown; i++) {
		const ld_waiting_person *p = &w->people[i];
		if (!i || strcmp(p->section, w->people[i - 1].section))
			ld_buf_addf(&b, "%s%s: ", i ? "; " : "", p->section);
		else
			ld_buf_adds(&b, ", ");
		ld_buf_addf(&b, "%s (%s)", p->who, p->reviewer ? "R" : "M");
	}
	if (w->all_people > shown)
		ld_buf_addf(&b, " and %zu more", w->all_people - shown);
	return ld_buf_detach(&b);
}
