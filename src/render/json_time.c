/* render/json_time.c - the JSON report's keys of the list over time
 * (issue 14): "waiting" and "waiting_scan", "trend"; json.c calls them
 * in its fixed key order.  Written through the JSON writer as json.c
 * writes the rest (docs/json-schema.md). */
#include "render/render.h"
#include "render/json_fields.h"

/* With --maintainers, who could review a waiting series: "files" (how
 * many its postings name), "sections" (titles, most specific first) and
 * "maintainers" ({ who, role, section }: M: "maintainer", R: "reviewer"),
 * each cut as the model is, with its count before the cut. */
static void who(ld_jw *w, const ld_waiting *x)
{
	num(w, "files", x->n_files);
	ld_jw_key(w, "sections");
	ld_jw_begin_list_inline(w);
	for (size_t i = 0; i < x->n_sections; i++)
		ld_jw_string(w, x->sections[i]);
	ld_jw_end(w);
	num(w, "sections_total", x->all_sections);
	ld_jw_key(w, "maintainers");
	ld_jw_begin_list(w);
	for (size_t i = 0; i < x->n_people; i++) {
		ld_jw_begin_map_inline(w);
		str(w, "who", x->people[i].who);
		str(w, "role", x->people[i].reviewer ? "reviewer" : "maintainer");
		str(w, "section", x->people[i].section);
		ld_jw_end(w);
	}
	ld_jw_end(w);
	num(w, "maintainers_total", x->all_people);
}

/* "waiting": the list, or null when it was not made; "waiting_scan":
 * how it was made (days, age, end) or why not ("unavailable"). */
void ld_json_waiting(ld_jw *w, const ld_report *r)
{
	int listed = r->waiting_state == LD_WAITING_LISTED;
	ld_jw_key(w, "waiting");
	if (!listed) {
		ld_jw_null(w);
	} else {
		ld_jw_begin_list(w);
		for (size_t i = 0; i < r->n_waiting; i++) {
			const ld_waiting *x = &r->waiting[i];
			ld_jw_begin_map(w);
			str(w, "message_id", x->message_id);
			str(w, "subject", x->subject);
			str(w, "title", x->title);
			str(w, "author", x->author);
			date(w, "date", x->date);
			num(w, "days", x->days);
			count(w, "version", x->version);
			count(w, "patches", x->total);
			url(w, r, x->message_id);
			if (r->waiting_who)
				who(w, x);
			ld_jw_end(w);
		}
		ld_jw_end(w);
	}
	static const char *const why[] = {
		[LD_WAITING_OFF] = "disabled",
		[LD_WAITING_NO_INDEX] = "no_index",
		[LD_WAITING_NO_END] = "no_end",
	};
	ld_jw_key(w, "waiting_scan");
	ld_jw_begin_map_inline(w);
	num(w, "days", r->waiting_days);
	num(w, "age", r->waiting_age);
	if (listed)
		date(w, "end", r->waiting_end);
	else
		nullable_str(w, "end", NULL);
	nullable_str(w, "unavailable", listed ? NULL : why[r->waiting_state]);
	ld_jw_end(w);
}

/* "trend": the weekly patch postings before the end (null without an
 * index or an end): by, end, weeks (start, total), rows (label, total,
 * counts per week, oldest first). */
void ld_json_trend(ld_jw *w, const ld_report *r)
{
	ld_jw_key(w, "trend");
	if (!r->have_trend) {
		ld_jw_null(w);
		return;
	}
	ld_jw_begin_map(w);
	str(w, "by", r->trend_by_org ? "organization" : "domain");
	date(w, "end", r->trend_end);
	ld_jw_key(w, "weeks");
	ld_jw_begin_list(w);
	for (int k = 0; k < LD_TREND_WEEKS; k++) {
		ld_jw_begin_map_inline(w);
		date(w, "start", r->trend_start[k]);
		num(w, "total", r->trend_total[k]);
		ld_jw_end(w);
	}
	ld_jw_end(w);
	ld_jw_key(w, "rows");
	ld_jw_begin_list(w);
	for (size_t i = 0; i < r->n_trend_rows; i++) {
		const ld_trend_row *t = &r->trend_rows[i];
		ld_jw_begin_map_inline(w);
		str(w, "label", t->label);
		num(w, "total", t->total);
		ld_jw_key(w, "counts");
		ld_jw_begin_list_inline(w);
		for (int k = 0; k < LD_TREND_WEEKS; k++)
			ld_jw_uint(w, t->counts[k]);
		ld_jw_end(w);
		ld_jw_end(w);
	}
	ld_jw_end(w);
	ld_jw_end(w);
}

