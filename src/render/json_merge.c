/* render/json_merge.c - the JSON report's "merge" key: what `listdigest
 * merge` needs to build a report of several reports as one run over all
 * their messages (docs/json-schema.md, "merge").  Each message as the
 * builder took it and each archive index entry its answers came from
 * (model.h: ld_intake, ld_known), one small object a line, keys of one or
 * two letters, defaults left out, people ("Name", "addr") and List-Ids
 * written once and named by their place. */
#include "render/render.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	ld_map people, lists;     /* key -> place + 1 */
	ld_map ids;               /* Message-ID -> first message's place + 1 */
	ld_map excerpts;          /* Message-ID -> an entry's excerpt */
	const char **pv;          /* people: name, addr pairs in order */
	size_t n_people, cap_people;
	const char **lv;
	size_t n_lists, cap_lists;
} interned;

static size_t person(interned *t, const char *name, const char *addr)
{
	ld_buf k;
	ld_buf_init(&k);
	ld_buf_addf(&k, "%s\n%s", name, addr);
	void **slot = ld_map_slot(&t->people, k.s);
	ld_buf_release(&k);
	if (!*slot) {
		LD_VEC_PUSH(t->pv, t->n_people, t->cap_people, name);
		LD_VEC_PUSH(t->pv, t->n_people, t->cap_people, addr);
		*slot = (void *)(uintptr_t)(t->n_people / 2);
	}
	return (size_t)(uintptr_t)*slot - 1;
}

static size_t list(interned *t, const char *id)
{
	void **slot = ld_map_slot(&t->lists, id);
	if (!*slot) {
		LD_VEC_PUSH(t->lv, t->n_lists, t->cap_lists, id);
		*slot = (void *)(uintptr_t)t->n_lists;
	}
	return (size_t)(uintptr_t)*slot - 1;
}

static void skey(ld_jw *w, const char *k, const char *v)
{
	if (v && *v) {
		ld_jw_key(w, k);
		ld_jw_string(w, v);
	}
}

static void ikey(ld_jw *w, const char *k, long long v)
{
	ld_jw_key(w, k);
	ld_jw_int(w, v);
}

static const char *const trailer_kinds[] = { "none", "reviewed", "acked", "tested", "fixes", "stable" };

static void trailers(ld_jw *w, interned *t, const ld_intake *in)
{
	if (!in->n_trailers)
		return;
	ld_jw_key(w, "t");
	ld_jw_begin_list_inline(w);
	for (size_t i = 0; i < in->n_trailers; i++) {
		const ld_intake_trailer *tr = &in->trailers[i];
		ld_jw_begin_list_inline(w);
		int k = tr->kind;
		ld_jw_string(w, k >= 0 && k < 6 ? trailer_kinds[k] : "none");
		ld_jw_int(w, (long long)person(t, tr->name, tr->addr));
		ld_jw_string(w, tr->value);
		ld_jw_end(w);
	}
	ld_jw_end(w);
}

/* A Message-ID: the place of the part's first message of that id, when
 * it came before (the ids a thread names are mostly of the range), else
 * the string. */
static void id_ref(ld_jw *w, interned *t, const char *id)
{
	size_t at = (size_t)(uintptr_t)ld_map_get(&t->ids, id);
	if (at)
		ld_jw_uint(w, at - 1);
	else
		ld_jw_string(w, id);
}

static void strv(ld_jw *w, const char *k, char *const *v, size_t n)
{
	if (!n)
		return;
	ld_jw_key(w, k);
	ld_jw_begin_list_inline(w);
	for (size_t i = 0; i < n; i++)
		ld_jw_string(w, v[i]);
	ld_jw_end(w);
}

/* The kinds of warnings by the names of the report's warnings.by_kind
 * (render/json.c). */
static const char *const warn_keys[LD_W__COUNT] = {
	[LD_W_HEADER] = "header",
	[LD_W_MIME] = "mime",
	[LD_W_CHARSET] = "charset",
	[LD_W_ENCWORD] = "encoded_word",
	[LD_W_ADDRESS] = "address",
	[LD_W_DATE] = "date",
	[LD_W_SIZE] = "too_large",
};

static void warnings(ld_jw *w, const ld_intake *in)
{
	int any = 0;
	for (int k = 0; k < LD_W__COUNT; k++)
		any |= in->warnings[k] != 0;
	if (!any)
		return;
	ld_jw_key(w, "w");
	ld_jw_begin_map_inline(w);
	for (int k = 0; k < LD_W__COUNT; k++)
		if (in->warnings[k]) {
			ld_jw_key(w, warn_keys[k] ? warn_keys[k] : ld_warn_name(k));
			ld_jw_uint(w, in->warnings[k]);
		}
	ld_jw_end(w);
	if (in->has_warn_detail) {
		ld_jw_key(w, "wd");
		ld_jw_string(w, in->warn_detail);
	}
}

/* The body's findings: applied notes, pull requests, the commit message
 * excerpt, the recipients' hash, the filters' inputs. */
static void body(ld_jw *w, interned *t, const ld_intake *in)
{
	if (in->has_applied) {
		ld_jw_key(w, "ap");
		ld_jw_string(w, in->applied);
	}
	if (in->has_applied_by) {
		ld_jw_key(w, "ab");
		ld_jw_string(w, in->applied_by);
	}
	if (in->applied_firm)
		ikey(w, "af", in->applied_firm);
	if (in->body_patch)
		ikey(w, "bp", in->body_patch);
	skey(w, "pt", in->pull_to);
	skey(w, "ps", in->pull_source);
	if (in->pull_commits) {
		ld_jw_key(w, "pc");
		ld_jw_uint(w, in->pull_commits);
	}
	if (in->has_excerpt) {
		/* 1: the excerpt of the report's entry of this Message-ID */
		const char *e = ld_map_get(&t->excerpts, in->message_id);
		ld_jw_key(w, "x");
		if (e && !strcmp(e, in->excerpt))
			ld_jw_uint(w, 1);
		else
			ld_jw_string(w, in->excerpt);
	}
	if (in->recipients) {
		char h[17];
		snprintf(h, sizeof(h), "%016llx", (unsigned long long)in->recipients);
		skey(w, "h", h);
	}
	strv(w, "F", in->files, in->n_files);
	if (in->has_message) {
		ld_jw_key(w, "M");
		ld_jw_string(w, in->message);
	}
}

/* Record in; i: its place among the messages (a later record names its
 * Message-ID by it), or LD_NONE for a posting read again (read[]). */
static void message(ld_jw *w, interned *t, const ld_intake *in, size_t i)
{
	ld_jw_begin_map_inline(w);
	if (in->pos >= 0)
		ikey(w, "n", in->pos);
	if (in->inbox)
		ikey(w, "b", (long long)in->inbox);
	skey(w, "c", in->commit);
	ikey(w, "d", in->date);
	if (!in->date_ok)
		ikey(w, "dk", 0);
	skey(w, "i", in->message_id);
	if (*in->list_id)
		ikey(w, "l", (long long)list(t, in->list_id));
	skey(w, "s", in->subject);
	size_t from = person(t, in->from_name, in->from_addr);
	ikey(w, "f", (long long)from);
	if (in->has_author) {
		size_t a = person(t, in->author_name, in->author_addr);
		if (a != from)
			ikey(w, "a", (long long)a);
	}
	if (*in->in_reply_to) {
		ld_jw_key(w, "r");
		id_ref(w, t, in->in_reply_to);
	}
	if (in->n_refs) {
		ld_jw_key(w, "R");
		ld_jw_begin_list_inline(w);
		for (size_t j = 0; j < in->n_refs; j++)
			id_ref(w, t, in->refs[j]);
		ld_jw_end(w);
	}
	if (in->reply != (*in->in_reply_to || in->n_refs))
		ikey(w, "re", in->reply);
	trailers(w, t, in);
	body(w, t, in);
	warnings(w, in);
	ld_jw_end(w);
	if (*in->message_id && i != LD_NONE) {
		void **slot = ld_map_slot(&t->ids, in->message_id);
		if (!*slot)
			*slot = (void *)(uintptr_t)(i + 1);
	}
}

static void known(ld_jw *w, interned *t, const ld_known *k)
{
	ld_jw_begin_map_inline(w);
	ikey(w, "n", k->pos);
	skey(w, "i", k->message_id);
	skey(w, "s", k->subject);
	ikey(w, "f", (long long)person(t, k->from_name, k->from_addr));
	skey(w, "r", k->in_reply_to);
	skey(w, "o", k->root);
	skey(w, "ch", k->change_id);
	skey(w, "v", k->version_links);
	ikey(w, "d", k->date);
	ld_jw_end(w);
}

static void given(ld_jw *w, const char *k, const char *v)
{
	ld_jw_key(w, k);
	if (v)
		ld_jw_string(w, v);
	else
		ld_jw_null(w);
}

/* What the header of a merge is made of. */
static void run(ld_jw *w, const ld_report *r)
{
	ld_jw_key(w, "version");
	ld_jw_uint(w, 1);
	ld_jw_key(w, "inbox");
	ld_jw_string(w, r->inbox);
	/* several inboxes (INBOX...): their names, in the order given */
	ld_jw_key(w, "inboxes");
	ld_jw_begin_list_inline(w);
	for (size_t i = 0; i < r->n_lists; i++)
		ld_jw_string(w, r->lists[i].inbox);
	if (!r->n_lists)
		ld_jw_string(w, r->inbox);
	ld_jw_end(w);
	ld_jw_key(w, "local");
	ld_jw_bool(w, r->run_local);
	ld_jw_key(w, "state");
	ld_jw_bool(w, r->by_state);
	ikey(w, "since", r->since);
	ikey(w, "until", r->until);
	ld_jw_key(w, "from_commit");
	ld_jw_string(w, r->from_full);
	ld_jw_key(w, "to_commit");
	ld_jw_string(w, r->to_full);
	ld_jw_key(w, "skipped");
	ld_jw_uint(w, r->n_skipped);
	ld_jw_key(w, "deleted");
	ld_jw_uint(w, r->n_deleted);
	given(w, "list_name", r->given_list_name);
	given(w, "lore_url", r->given_lore_url);
}

void ld_render_json_merge(ld_jw *w, const ld_report *r)
{
	ld_jw_key(w, "merge");
	if (!r->have_intake) {
		ld_jw_null(w);
		return;
	}
	interned t;
	memset(&t, 0, sizeof(t));
	ld_map_init(&t.people);
	ld_map_init(&t.lists);
	ld_map_init(&t.ids);
	ld_map_init(&t.excerpts);
	for (size_t i = 0; i < r->n_entries; i++)
		if (*r->entries[i].message_id)
			*ld_map_slot(&t.excerpts, r->entries[i].message_id) = r->entries[i].excerpt;
	ld_jw_begin_map(w);
	run(w, r);
	ld_jw_key(w, "messages");
	ld_jw_begin_list(w);
	for (size_t i = 0; i < r->n_intake; i++)
		message(w, &t, &r->intake[i], i);
	ld_jw_end(w);
	/* the waiting series' postings read again (a filter, --maintainers):
	 * a merge's waiting list reads them here */
	if (r->n_read) {
		ld_jw_key(w, "read");
		ld_jw_begin_list(w);
		for (size_t i = 0; i < r->n_read; i++)
			message(w, &t, &r->read[i], LD_NONE);
		ld_jw_end(w);
	}
	ld_jw_key(w, "known");
	ld_jw_begin_list(w);
	for (size_t i = 0; i < r->n_known; i++)
		known(w, &t, &r->known[i]);
	ld_jw_end(w);
	/* the tables the records name by place */
	ld_jw_key(w, "people");
	ld_jw_begin_list(w);
	for (size_t i = 0; i + 1 < t.n_people; i += 2) {
		ld_jw_begin_list_inline(w);
		ld_jw_string(w, t.pv[i]);
		ld_jw_string(w, t.pv[i + 1]);
		ld_jw_end(w);
	}
	ld_jw_end(w);
	ld_jw_key(w, "lists");
	ld_jw_begin_list_inline(w);
	for (size_t i = 0; i < t.n_lists; i++)
		ld_jw_string(w, t.lv[i]);
	ld_jw_end(w);
	ld_jw_end(w);
	ld_map_release(&t.people);
	ld_map_release(&t.lists);
	ld_map_release(&t.ids);
	ld_map_release(&t.excerpts);
	free(t.pv);
	free(t.lv);
}
