/* render/json.c - the report as JSON, schema "listdigest/1"
 * (docs/json-schema.md, docs/listdigest.schema.json).
 *
 * Layout rules that keep the output stable and diffable: two-space
 * indentation, keys in a fixed order, every key always present (null or
 * [] when the report has nothing for it), references between arrays as
 * indices.  Everything is written through the JSON writer (jsonw.c),
 * which owns the commas, the indentation and the escaping (every string
 * through ld_esc_json: valid UTF-8 always). */
#include "render/render.h"
#include "render/json_fields.h"


#define SCHEMA "listdigest/1"

/* A row's count in the previous period: null when there is none. */
static void previous_of(ld_jw *w, const ld_report *r, unsigned long v)
{
	ld_jw_key(w, "previous");
	if (r->previous.have)
		ld_jw_uint(w, v);
	else
		ld_jw_null(w);
}

static void table(ld_jw *w, const ld_report *r, const char *k, const ld_row *rows, size_t n,
		  size_t all)
{
	ld_jw_key(w, k);
	ld_jw_begin_map(w);
	num(w, "total", all);
	ld_jw_key(w, "rows");
	ld_jw_begin_list(w);
	for (size_t i = 0; i < n; i++) {
		ld_jw_begin_map_inline(w);
		str(w, "label", rows[i].label);
		num(w, "count", rows[i].count);
		previous_of(w, r, rows[i].previous);
		ld_jw_end(w);
	}
	ld_jw_end(w);
	ld_jw_end(w);
}

static void strings(ld_jw *w, const char *k, char *const *v, size_t n)
{
	ld_jw_key(w, k);
	ld_jw_begin_list_inline(w);
	for (size_t i = 0; i < n; i++)
		ld_jw_string(w, v[i]);
	ld_jw_end(w);
}

static void list_header(ld_jw *w, const ld_report *r)
{
	ld_jw_key(w, "list");
	ld_jw_begin_map(w);
	str(w, "name", r->list_name);
	str(w, "list_id", r->list_id);
	str(w, "lore_url", r->lore_url);
	ld_jw_end(w);
}

/* The inboxes the report covers, in the order given (one for a report
 * of one inbox): each list's name, List-Id and lore URL, the messages
 * read from it and the duplicates dropped (cross-posts an earlier
 * inbox gave). */
static void lists(ld_jw *w, const ld_report *r)
{
	ld_jw_key(w, "lists");
	ld_jw_begin_list(w);
	for (size_t i = 0; i < r->n_lists; i++) {
		const ld_list *l = &r->lists[i];
		ld_jw_begin_map_inline(w);
		str(w, "name", l->name);
		str(w, "inbox", l->inbox);
		str(w, "list_id", l->list_id);
		str(w, "lore_url", l->lore_url);
		num(w, "messages", l->messages);
		num(w, "duplicates", l->duplicates);
		ld_jw_end(w);
	}
	ld_jw_end(w);
}

static void range(ld_jw *w, const ld_report *r)
{
	ld_jw_key(w, "range");
	ld_jw_begin_map(w);
	str(w, "from", r->from);
	str(w, "to", r->to);
	nullable_str(w, "from_commit", *r->from_full ? r->from_full : NULL);
	nullable_str(w, "to_commit", *r->to_full ? r->to_full : NULL);
	date(w, "since", r->since);
	date(w, "until", r->until);
	boolean(w, "by_date", r->by_date);
	boolean(w, "by_state", r->by_state);
	nullable_str(w, "first_commit", *r->first_commit ? r->first_commit : NULL);
	nullable_str(w, "last_commit", *r->last_commit ? r->last_commit : NULL);
	date(w, "first_date", r->first_date);
	date(w, "last_date", r->last_date);
	ld_jw_end(w);
}

/* What the report was limited to; empty lists and null when nothing. */
static void filters(ld_jw *w, const ld_filters *f)
{
	ld_jw_key(w, "filters");
	ld_jw_begin_map(w);
	strings(w, "paths", f->paths, f->n_paths);
	strings(w, "authors", f->authors, f->n_authors);
	strings(w, "domains", f->domains, f->n_domains);
	nullable_str(w, "grep", f->grep);
	nullable_str(w, "subsystem", f->subsystem);
	ld_jw_end(w);
}

static void counts(ld_jw *w, const ld_report *r)
{
	ld_jw_key(w, "counts");
	ld_jw_begin_map(w);
	num(w, "messages", r->n_messages);
	num(w, "skipped", r->n_skipped);
	num(w, "deleted", r->n_deleted);
	num(w, "postings", r->n_postings);
	num(w, "series", r->n_series);
	num(w, "entries", r->n_entries);
	num(w, "reviews", r->n_reviews);
	num(w, "applied", r->n_applied);
	ld_jw_end(w);
}

/* The previous period and its totals, or null and why there is none. */
static void previous(ld_jw *w, const ld_report *r)
{
	const ld_previous *p = &r->previous;
	ld_jw_key(w, "previous");
	if (!p->have) {
		ld_jw_null(w);
		str(w, "previous_reason", p->reason);
		return;
	}
	ld_jw_begin_map(w);
	date(w, "since", p->since);
	date(w, "until", p->until);
	ld_jw_key(w, "counts");
	ld_jw_begin_map_inline(w);
	num(w, "messages", p->messages);
	num(w, "postings", p->postings);
	num(w, "series", p->series);
	num(w, "reviews", p->reviews);
	num(w, "applied", p->applied);
	ld_jw_end(w);
	ld_jw_end(w);
	ld_jw_key(w, "previous_reason");
	ld_jw_null(w);
}

static void postings(ld_jw *w, const ld_report *r)
{
	ld_jw_key(w, "postings");
	ld_jw_begin_list(w);
	for (size_t i = 0; i < r->n_postings; i++) {
		const ld_posting *p = &r->postings[i];
		ld_jw_begin_map(w);
		str(w, "subject", p->subject);
		str(w, "title", p->title);
		str(w, "author", p->author);
		str(w, "message_id", p->message_id);
		url(w, r, p->message_id);
		str(w, "commit", p->commit);
		date(w, "date", p->date);
		count(w, "counter", p->subj.counter);
		count(w, "total", p->subj.total);
		num(w, "version", (unsigned long long)p->subj.version);
		boolean(w, "rfc", p->subj.rfc);
		boolean(w, "resend", p->subj.resend);
		idx(w, "series", p->series, SIZE_MAX);
		ld_jw_end(w);
	}
	ld_jw_end(w);
}

/* the runs of missing numbers, [lo, hi] each: never one number a line */
static void missing(ld_jw *w, const ld_series *s)
{
	ld_jw_key(w, "missing");
	ld_jw_begin_list_inline(w);
	for (size_t i = 0; i < s->n_missing; i++) {
		ld_jw_begin_list_inline(w);
		ld_jw_int(w, s->missing[i].lo);
		ld_jw_int(w, s->missing[i].hi);
		ld_jw_end(w);
	}
	ld_jw_end(w);
}

static void supersedes(ld_jw *w, const ld_report *r, const ld_series *s)
{
	ld_jw_key(w, "supersedes");
	if (!s->prev_version) {
		ld_jw_null(w);
		return;
	}
	ld_jw_begin_map(w);
	num(w, "version", (unsigned long long)s->prev_version);
	date(w, "date", s->prev_date);
	str(w, "message_id", s->prev_message_id);
	url(w, r, s->prev_message_id);
	ld_jw_end(w);
}

static void one_series(ld_jw *w, const ld_report *r, const ld_series *s)
{
	ld_jw_begin_map(w);
	str(w, "prefix", s->prefix);
	str(w, "title", s->title);
	str(w, "author", s->author);
	num(w, "version", (unsigned long long)s->version);
	num(w, "total", (unsigned long long)s->total);
	idx(w, "cover", s->cover, SIZE_MAX);
	ld_jw_key(w, "patches");
	ld_jw_begin_list_inline(w);
	for (size_t j = 0; j < s->n_patches; j++)
		ld_jw_uint(w, s->patches[j]);
	ld_jw_end(w);
	num(w, "received", s->n_patches);
	num(w, "here", s->here);
	num(w, "earlier", s->earlier);
	boolean(w, "cover_earlier", s->cover_earlier);
	missing(w, s);
	date(w, "date", s->date);
	str(w, "message_id", s->message_id);
	url(w, r, s->message_id);
	supersedes(w, r, s);
	ld_jw_key(w, "trailers");
	ld_jw_begin_map_inline(w);
	num(w, "reviewed", s->reviewed);
	num(w, "acked", s->acked);
	num(w, "tested", s->tested);
	ld_jw_end(w);
	idx(w, "applied", s->applied, r->n_applied);
	ld_jw_end(w);
}

static void series(ld_jw *w, const ld_report *r)
{
	ld_jw_key(w, "series");
	ld_jw_begin_list(w);
	for (size_t i = 0; i < r->n_series; i++)
		one_series(w, r, &r->series[i]);
	ld_jw_end(w);
}

static void entries(ld_jw *w, const ld_report *r)
{
	ld_jw_key(w, "entries");
	ld_jw_begin_list(w);
	for (size_t i = 0; i < r->n_entries; i++) {
		const ld_entry *e = &r->entries[i];
		ld_jw_begin_map(w);
		str(w, "subject", e->subject);
		str(w, "title", e->title);
		str(w, "author", e->author);
		nullable_str(w, "sender", *e->sender ? e->sender : NULL);
		str(w, "message_id", e->message_id);
		url(w, r, e->message_id);
		str(w, "commit", e->commit);
		idx(w, "series", e->series, SIZE_MAX);
		str(w, "excerpt", e->excerpt);
		ld_jw_end(w);
	}
	ld_jw_end(w);
}

/* A reviewer's or reviewing organization's row: the person's key is
 * "person", an organization's "organization". */
static void reviewer(ld_jw *w, const ld_report *r, const char *key, const ld_reviewer *v)
{
	ld_jw_begin_map_inline(w);
	str(w, key, v->label);
	num(w, "total", v->total);
	num(w, "reviewed", v->reviewed);
	num(w, "acked", v->acked);
	num(w, "tested", v->tested);
	previous_of(w, r, v->previous);
	/* who reviews whom: only with --orgs */
	const char *k[3] = { "own_org", "cross_org", "unknown_org" };
	unsigned long n[3] = { v->own_org, v->cross_org, v->unknown_org };
	for (int i = 0; i < 3; i++) {
		ld_jw_key(w, k[i]);
		if (r->have_orgs)
			ld_jw_uint(w, n[i]);
		else
			ld_jw_null(w);
	}
	ld_jw_end(w);
}

static void reviewers(ld_jw *w, const ld_report *r)
{
	ld_jw_key(w, "reviewers");
	ld_jw_begin_list(w);
	for (size_t i = 0; i < r->n_reviewers; i++)
		reviewer(w, r, "person", &r->reviewers[i]);
	ld_jw_end(w);
	ld_jw_key(w, "reviewing_organizations");
	if (!r->have_orgs) {
		ld_jw_null(w);
		return;
	}
	ld_jw_begin_map(w);
	num(w, "total", r->all_review_orgs);
	ld_jw_key(w, "rows");
	ld_jw_begin_list(w);
	for (size_t i = 0; i < r->n_review_orgs; i++)
		reviewer(w, r, "organization", &r->review_orgs[i]);
	ld_jw_end(w);
	ld_jw_end(w);
}

static void discussions(ld_jw *w, const ld_report *r)
{
	ld_jw_key(w, "discussions");
	ld_jw_begin_list(w);
	for (size_t i = 0; i < r->n_discussions; i++) {
		const ld_discussion *d = &r->discussions[i];
		ld_jw_begin_map(w);
		str(w, "subject", d->subject);
		str(w, "message_id", d->message_id);
		url(w, r, d->message_id);
		num(w, "replies", d->replies);
		strings(w, "participants", d->participants, d->n_participants);
		ld_jw_end(w);
	}
	ld_jw_end(w);
}

static void pulls(ld_jw *w, const ld_report *r)
{
	ld_jw_key(w, "pull_requests");
	ld_jw_begin_list(w);
	for (size_t i = 0; i < r->n_pulls; i++) {
		const ld_pull *p = &r->pulls[i];
		ld_jw_begin_map(w);
		str(w, "subject", p->subject);
		str(w, "title", p->title);
		str(w, "from", p->from);
		str(w, "to", p->to);
		str(w, "source", p->source);
		ld_jw_key(w, "patches");
		if (p->patches)
			ld_jw_uint(w, p->patches);
		else
			ld_jw_null(w);
		str(w, "message_id", p->message_id);
		url(w, r, p->message_id);
		ld_jw_end(w);
	}
	ld_jw_end(w);
}

static void applied(ld_jw *w, const ld_report *r)
{
	ld_jw_key(w, "applied");
	ld_jw_begin_list(w);
	for (size_t i = 0; i < r->n_applied; i++) {
		const ld_applied *a = &r->applied[i];
		ld_jw_begin_map(w);
		str(w, "subject", a->subject);
		idx(w, "series", a->series, r->n_series);
		str(w, "to", a->to);
		str(w, "by", a->by);
		str(w, "message_id", a->message_id);
		url(w, r, a->message_id);
		ld_jw_end(w);
	}
	ld_jw_end(w);
}

static void fixes(ld_jw *w, const ld_report *r)
{
	ld_jw_key(w, "fixes");
	ld_jw_begin_list(w);
	for (size_t i = 0; i < r->n_fixes; i++) {
		const ld_fix *f = &r->fixes[i];
		ld_jw_begin_map_inline(w);
		num(w, "posting", f->posting);
		strings(w, "fixes", f->fixes, f->n_fixes);
		boolean(w, "stable", f->stable);
		ld_jw_end(w);
	}
	ld_jw_end(w);
}

/* Stable machine names of the warning kinds (ld_warn_name is for people
 * and may change wording). */
static const char *const warn_keys[LD_W__COUNT] = {
	[LD_W_HEADER] = "header",
	[LD_W_MIME] = "mime",
	[LD_W_CHARSET] = "charset",
	[LD_W_ENCWORD] = "encoded_word",
	[LD_W_ADDRESS] = "address",
	[LD_W_DATE] = "date",
	[LD_W_SIZE] = "too_large",
};

static void warnings(ld_jw *w, const ld_report *r)
{
	ld_jw_key(w, "warnings");
	ld_jw_begin_map(w);
	num(w, "total", r->n_warnings);
	ld_jw_key(w, "by_kind");
	ld_jw_begin_map_inline(w);
	for (int k = 0; k < LD_W__COUNT; k++)
		num(w, warn_keys[k] ? warn_keys[k] : ld_warn_name(k), r->warnings[k]);
	ld_jw_end(w);
	ld_jw_key(w, "lines");
	ld_jw_begin_list(w);
	for (size_t i = 0; i < r->n_warn_lines; i++)
		ld_jw_string(w, r->warn_lines[i]);
	ld_jw_end(w);
	ld_jw_end(w);
}

int ld_render_json(const ld_report *r, const ld_render_opts *opts, FILE *o)
{
	(void)opts;
	ld_jw w;
	ld_jw_init(&w, o);
	ld_jw_begin_map(&w);
	str(&w, "schema", SCHEMA);
	list_header(&w, r);
	lists(&w, r);
	range(&w, r);
	filters(&w, &r->filters);
	counts(&w, r);
	previous(&w, r);
	num(&w, "top", r->top);
	table(&w, r, "domains", r->domains, r->n_domains, r->all_domains);
	table(&w, r, "contributors", r->people, r->n_people, r->all_people);
	if (r->have_orgs) {
		table(&w, r, "organizations", r->orgs, r->n_orgs, r->all_orgs);
	} else {
		ld_jw_key(&w, "organizations");
		ld_jw_null(&w);
	}
	postings(&w, r);
	series(&w, r);
	entries(&w, r);
	reviewers(&w, r);
	discussions(&w, r);
	pulls(&w, r);
	applied(&w, r);
	fixes(&w, r);
	ld_json_waiting(&w, r);
	ld_json_trend(&w, r);
	warnings(&w, r);
	ld_render_json_merge(&w, r);
	ld_jw_end(&w);
	return ferror(o) || w.failed ? -1 : 0;
}
