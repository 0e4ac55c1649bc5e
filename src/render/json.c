/* render/json.c - the report as JSON, schema "listdigest/1"
 * (docs/json-schema.md, docs/listdigest.schema.json).
 *
 * Layout rules that keep the output stable and diffable: two-space
 * indentation, keys in a fixed order, every key always present (null or
 * [] when the report has nothing for it), references between arrays as
 * indices.  Every string goes through ld_esc_json (valid UTF-8 always). */
#include "render/render.h"

#include <stdlib.h>
#include <string.h>

#define SCHEMA "listdigest/1"

static void key(FILE *o, int indent, const char *k)
{
	fprintf(o, "%*s\"%s\": ", indent, "", k);
}

static void str(FILE *o, int indent, const char *k, const char *v, int last)
{
	key(o, indent, k);
	ld_esc_json(o, v ? v : "");
	fputs(last ? "\n" : ",\n", o);
}

static void nullable_str(FILE *o, int indent, const char *k, const char *v, int last)
{
	key(o, indent, k);
	if (v)
		ld_esc_json(o, v);
	else
		fputs("null", o);
	fputs(last ? "\n" : ",\n", o);
}

static void num(FILE *o, int indent, const char *k, unsigned long long v, int last)
{
	key(o, indent, k);
	fprintf(o, "%llu%s", v, last ? "\n" : ",\n");
}

static void idx(FILE *o, int indent, const char *k, size_t v, int last)
{
	key(o, indent, k);
	if (v == LD_NONE)
		fputs("null", o);
	else
		fprintf(o, "%zu", v);
	fputs(last ? "\n" : ",\n", o);
}

static void boolean(FILE *o, int indent, const char *k, int v, int last)
{
	key(o, indent, k);
	fprintf(o, "%s%s", v ? "true" : "false", last ? "\n" : ",\n");
}

static void date(FILE *o, int indent, const char *k, int64_t t, int last)
{
	char buf[32];
	key(o, indent, k);
	if (t) {
		ld_fmt_utc(buf, t, 0);
		fprintf(o, "\"%s\"", buf);
	} else {
		fputs("null", o);
	}
	fputs(last ? "\n" : ",\n", o);
}

/* The lore page of a message, null when the list's lore URL is unknown or
 * the message has no Message-ID. */
static void url(FILE *o, int indent, const ld_report *r, const char *mid, int last)
{
	key(o, indent, "url");
	if (ld_link_ok(r->lore_url, mid)) {
		fputc('"', o);
		ld_esc_link(o, r->lore_url, mid);   /* only URL-safe ASCII */
		fputc('"', o);
	} else {
		fputs("null", o);
	}
	fputs(last ? "\n" : ",\n", o);
}

static void table(FILE *o, const char *k, const ld_row *rows, size_t n, size_t all, int last)
{
	fprintf(o, "  \"%s\": {\n", k);
	num(o, 4, "total", all, 0);
	key(o, 4, "rows");
	fputs(n ? "[\n" : "[]", o);
	for (size_t i = 0; i < n; i++) {
		fputs("      { \"label\": ", o);
		ld_esc_json(o, rows[i].label);
		fprintf(o, ", \"count\": %lu }%s\n", rows[i].count, i + 1 < n ? "," : "");
	}
	fprintf(o, "%s\n  }%s\n", n ? "    ]" : "", last ? "" : ",");
}

static void strings(FILE *o, int indent, const char *k, char *const *v, size_t n, int last)
{
	key(o, indent, k);
	fputc('[', o);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", o);
		ld_esc_json(o, v[i]);
	}
	fputs(last ? "]\n" : "],\n", o);
}

/* What the report was limited to; empty lists and null when nothing. */
static void filters(FILE *o, const ld_filters *f)
{
	fputs("  \"filters\": {\n", o);
	strings(o, 4, "paths", f->paths, f->n_paths, 0);
	strings(o, 4, "authors", f->authors, f->n_authors, 0);
	strings(o, 4, "domains", f->domains, f->n_domains, 0);
	nullable_str(o, 4, "grep", f->grep, 1);
	fputs("  },\n", o);
}

static void open_array(FILE *o, const char *k, size_t n)
{
	fprintf(o, "  \"%s\": [%s", k, n ? "\n" : "");
}

static void close_array(FILE *o, size_t n, int last)
{
	fprintf(o, "%s]%s\n", n ? "  " : "", last ? "" : ",");
}

static void postings(FILE *o, const ld_report *r)
{
	open_array(o, "postings", r->n_postings);
	for (size_t i = 0; i < r->n_postings; i++) {
		const ld_posting *p = &r->postings[i];
		fputs("    {\n", o);
		str(o, 6, "subject", p->subject, 0);
		str(o, 6, "title", p->title, 0);
		str(o, 6, "author", p->author, 0);
		str(o, 6, "message_id", p->message_id, 0);
		url(o, 6, r, p->message_id, 0);
		str(o, 6, "commit", p->commit, 0);
		date(o, 6, "date", p->date, 0);
		key(o, 6, "counter");
		if (p->subj.counter < 0) fputs("null,\n", o); else fprintf(o, "%d,\n", p->subj.counter);
		key(o, 6, "total");
		if (p->subj.total < 0) fputs("null,\n", o); else fprintf(o, "%d,\n", p->subj.total);
		num(o, 6, "version", (unsigned long long)p->subj.version, 0);
		boolean(o, 6, "rfc", p->subj.rfc, 0);
		boolean(o, 6, "resend", p->subj.resend, 0);
		idx(o, 6, "series", p->series, 1);
		fprintf(o, "    }%s\n", i + 1 < r->n_postings ? "," : "");
	}
	close_array(o, r->n_postings, 0);
}

/* the runs of missing numbers, [lo, hi] each: never one number a line */
static void missing(FILE *o, const ld_series *s)
{
	key(o, 6, "missing");
	fputc('[', o);
	for (size_t i = 0; i < s->n_missing; i++)
		fprintf(o, "%s[%d, %d]", i ? ", " : "", s->missing[i].lo, s->missing[i].hi);
	fputs("],\n", o);
}

static void series(FILE *o, const ld_report *r)
{
	open_array(o, "series", r->n_series);
	for (size_t i = 0; i < r->n_series; i++) {
		const ld_series *s = &r->series[i];
		fputs("    {\n", o);
		str(o, 6, "prefix", s->prefix, 0);
		str(o, 6, "title", s->title, 0);
		str(o, 6, "author", s->author, 0);
		num(o, 6, "version", (unsigned long long)s->version, 0);
		num(o, 6, "total", (unsigned long long)s->total, 0);
		idx(o, 6, "cover", s->cover, 0);
		key(o, 6, "patches");
		fputc('[', o);
		for (size_t j = 0; j < s->n_patches; j++)
			fprintf(o, "%s%zu", j ? ", " : "", s->patches[j]);
		fputs("],\n", o);
		num(o, 6, "received", s->n_patches, 0);
		num(o, 6, "here", s->here, 0);
		num(o, 6, "earlier", s->earlier, 0);
		boolean(o, 6, "cover_earlier", s->cover_earlier, 0);
		missing(o, s);
		date(o, 6, "date", s->date, 0);
		str(o, 6, "message_id", s->message_id, 0);
		url(o, 6, r, s->message_id, 0);
		key(o, 6, "supersedes");
		if (s->prev_version) {
			fputs("{\n", o);
			num(o, 8, "version", (unsigned long long)s->prev_version, 0);
			date(o, 8, "date", s->prev_date, 0);
			str(o, 8, "message_id", s->prev_message_id, 0);
			url(o, 8, r, s->prev_message_id, 1);
			fputs("      },\n", o);
		} else {
			fputs("null,\n", o);
		}
		fprintf(o, "      \"trailers\": { \"reviewed\": %lu, \"acked\": %lu, \"tested\": %lu },\n",
			s->reviewed, s->acked, s->tested);
		key(o, 6, "applied");
		if (s->applied != LD_NONE && s->applied < r->n_applied)
			fprintf(o, "%zu\n", s->applied);
		else
			fputs("null\n", o);
		fprintf(o, "    }%s\n", i + 1 < r->n_series ? "," : "");
	}
	close_array(o, r->n_series, 0);
}

static void entries(FILE *o, const ld_report *r)
{
	open_array(o, "entries", r->n_entries);
	for (size_t i = 0; i < r->n_entries; i++) {
		const ld_entry *e = &r->entries[i];
		fputs("    {\n", o);
		str(o, 6, "subject", e->subject, 0);
		str(o, 6, "title", e->title, 0);
		str(o, 6, "author", e->author, 0);
		nullable_str(o, 6, "sender", *e->sender ? e->sender : NULL, 0);
		str(o, 6, "message_id", e->message_id, 0);
		url(o, 6, r, e->message_id, 0);
		str(o, 6, "commit", e->commit, 0);
		idx(o, 6, "series", e->series, 0);
		str(o, 6, "excerpt", e->excerpt, 1);
		fprintf(o, "    }%s\n", i + 1 < r->n_entries ? "," : "");
	}
	close_array(o, r->n_entries, 0);
}

static void reviewers(FILE *o, const ld_report *r)
{
	open_array(o, "reviewers", r->n_reviewers);
	for (size_t i = 0; i < r->n_reviewers; i++) {
		const ld_reviewer *v = &r->reviewers[i];
		fputs("    { \"person\": ", o);
		ld_esc_json(o, v->label);
		fprintf(o, ", \"total\": %lu, \"reviewed\": %lu, \"acked\": %lu, \"tested\": %lu }%s\n",
			v->total, v->reviewed, v->acked, v->tested, i + 1 < r->n_reviewers ? "," : "");
	}
	close_array(o, r->n_reviewers, 0);
}

static void discussions(FILE *o, const ld_report *r)
{
	open_array(o, "discussions", r->n_discussions);
	for (size_t i = 0; i < r->n_discussions; i++) {
		const ld_discussion *d = &r->discussions[i];
		fputs("    {\n", o);
		str(o, 6, "subject", d->subject, 0);
		str(o, 6, "message_id", d->message_id, 0);
		url(o, 6, r, d->message_id, 0);
		num(o, 6, "replies", d->replies, 0);
		key(o, 6, "participants");
		fputc('[', o);
		for (size_t j = 0; j < d->n_participants; j++) {
			if (j)
				fputs(", ", o);
			ld_esc_json(o, d->participants[j]);
		}
		fputs("]\n", o);
		fprintf(o, "    }%s\n", i + 1 < r->n_discussions ? "," : "");
	}
	close_array(o, r->n_discussions, 0);
}

static void fixes(FILE *o, const ld_report *r)
{
	open_array(o, "fixes", r->n_fixes);
	for (size_t i = 0; i < r->n_fixes; i++) {
		const ld_fix *f = &r->fixes[i];
		fputs("    { \"posting\": ", o);
		fprintf(o, "%zu, \"fixes\": [", f->posting);
		for (size_t j = 0; j < f->n_fixes; j++) {
			if (j)
				fputs(", ", o);
			ld_esc_json(o, f->fixes[j]);
		}
		fprintf(o, "], \"stable\": %s }%s\n", f->stable ? "true" : "false",
			i + 1 < r->n_fixes ? "," : "");
	}
	close_array(o, r->n_fixes, 0);
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

static void warnings(FILE *o, const ld_report *r)
{
	fputs("  \"warnings\": {\n", o);
	num(o, 4, "total", r->n_warnings, 0);
	fputs("    \"by_kind\": {", o);
	for (int k = 0; k < LD_W__COUNT; k++)
		fprintf(o, "%s\"%s\": %lu", k ? ", " : " ",
			warn_keys[k] ? warn_keys[k] : ld_warn_name(k), r->warnings[k]);
	fputs(" },\n", o);
	key(o, 4, "lines");
	fputs(r->n_warn_lines ? "[\n" : "[]\n", o);
	for (size_t i = 0; i < r->n_warn_lines; i++) {
		fputs("      ", o);
		ld_esc_json(o, r->warn_lines[i]);
		fputs(i + 1 < r->n_warn_lines ? ",\n" : "\n    ]\n", o);
	}
	fputs("  }\n", o);
}

int ld_render_json(const ld_report *r, const ld_render_opts *opts, FILE *o)
{
	(void)opts;
	fputs("{\n", o);
	str(o, 2, "schema", SCHEMA, 0);

	fputs("  \"list\": {\n", o);
	str(o, 4, "name", r->list_name, 0);
	str(o, 4, "list_id", r->list_id, 0);
	str(o, 4, "lore_url", r->lore_url, 1);
	fputs("  },\n", o);

	fputs("  \"range\": {\n", o);
	str(o, 4, "from", r->from, 0);
	str(o, 4, "to", r->to, 0);
	nullable_str(o, 4, "from_commit", *r->from_full ? r->from_full : NULL, 0);
	nullable_str(o, 4, "to_commit", *r->to_full ? r->to_full : NULL, 0);
	date(o, 4, "since", r->since, 0);
	date(o, 4, "until", r->until, 0);
	boolean(o, 4, "by_date", r->by_date, 0);
	boolean(o, 4, "by_state", r->by_state, 0);
	nullable_str(o, 4, "first_commit", *r->first_commit ? r->first_commit : NULL, 0);
	nullable_str(o, 4, "last_commit", *r->last_commit ? r->last_commit : NULL, 0);
	date(o, 4, "first_date", r->first_date, 0);
	date(o, 4, "last_date", r->last_date, 1);
	fputs("  },\n", o);

	filters(o, &r->filters);

	fputs("  \"counts\": {\n", o);
	num(o, 4, "messages", r->n_messages, 0);
	num(o, 4, "skipped", r->n_skipped, 0);
	num(o, 4, "deleted", r->n_deleted, 0);
	num(o, 4, "postings", r->n_postings, 0);
	num(o, 4, "series", r->n_series, 0);
	num(o, 4, "entries", r->n_entries, 1);
	fputs("  },\n", o);

	num(o, 2, "top", r->top, 0);
	table(o, "domains", r->domains, r->n_domains, r->all_domains, 0);
	table(o, "contributors", r->people, r->n_people, r->all_people, 0);
	if (r->have_orgs)
		table(o, "organizations", r->orgs, r->n_orgs, r->all_orgs, 0);
	else
		fputs("  \"organizations\": null,\n", o);

	postings(o, r);
	series(o, r);
	entries(o, r);
	reviewers(o, r);
	discussions(o, r);

	open_array(o, "pull_requests", r->n_pulls);
	for (size_t i = 0; i < r->n_pulls; i++) {
		const ld_pull *p = &r->pulls[i];
		fputs("    {\n", o);
		str(o, 6, "subject", p->subject, 0);
		str(o, 6, "title", p->title, 0);
		str(o, 6, "from", p->from, 0);
		str(o, 6, "to", p->to, 0);
		str(o, 6, "source", p->source, 0);
		key(o, 6, "patches");
		if (p->patches)
			fprintf(o, "%lu,\n", p->patches);
		else
			fputs("null,\n", o);
		str(o, 6, "message_id", p->message_id, 0);
		url(o, 6, r, p->message_id, 1);
		fprintf(o, "    }%s\n", i + 1 < r->n_pulls ? "," : "");
	}
	close_array(o, r->n_pulls, 0);

	open_array(o, "applied", r->n_applied);
	for (size_t i = 0; i < r->n_applied; i++) {
		const ld_applied *a = &r->applied[i];
		fputs("    {\n", o);
		str(o, 6, "subject", a->subject, 0);
		key(o, 6, "series");
		if (a->series != LD_NONE && a->series < r->n_series)
			fprintf(o, "%zu,\n", a->series);
		else
			fputs("null,\n", o);
		str(o, 6, "to", a->to, 0);
		str(o, 6, "by", a->by, 0);
		str(o, 6, "message_id", a->message_id, 0);
		url(o, 6, r, a->message_id, 1);
		fprintf(o, "    }%s\n", i + 1 < r->n_applied ? "," : "");
	}
	close_array(o, r->n_applied, 0);

	fixes(o, r);
	warnings(o, r);
	fputs("}\n", o);
	return ferror(o) ? -1 : 0;
}
