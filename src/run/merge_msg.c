/* run/merge_msg.c - one record of a JSON report's "merge" key back into
 * the message the builder took (ld_msg) or the index entry it asked
 * (ld_index_entry); every field checked (docs/json-schema.md, "merge").
 * A record that does not check makes the whole file refused: a merge
 * never reports from half a part. */
#include "run/merge.h"

#include <stdlib.h>
#include <string.h>

/* s copied, or NULL when n is no string. */
static char *dup_str(const ld_jnode *n)
{
	const char *s = ld_json_str(n);
	return s ? ld_xstrdup(s) : NULL;
}

/* An optional string key: "" when absent; 0 when present and no string. */
static int opt_str(const ld_jnode *rec, const char *k, char **out)
{
	const ld_jnode *n = ld_json_get(rec, k);
	*out = n ? dup_str(n) : ld_xstrdup("");
	return *out != NULL;
}

static int opt_int(const ld_jnode *rec, const char *k, int64_t dflt, int64_t lo, int64_t hi, int64_t *out)
{
	const ld_jnode *n = ld_json_get(rec, k);
	*out = dflt;
	if (!n)
		return 1;
	return ld_json_int(n, out) && *out >= lo && *out <= hi;
}

/* A person of the part's table: name and address copied. */
static int person(const merge_part *p, const ld_jnode *n, char **name, char **addr)
{
	int64_t i;
	if (!ld_json_int(n, &i) || i < 0 || (size_t)i >= p->n_people)
		return 0;
	*name = ld_xstrdup(p->people[2 * i]);
	*addr = ld_xstrdup(p->people[2 * i + 1]);
	return 1;
}

/* A Message-ID written as the place of an earlier message of the part,
 * or as itself. */
static char *id_ref(const merge_part *p, const ld_jnode *n, size_t here)
{
	int64_t i;
	if (ld_json_int(n, &i))
		return i >= 0 && (size_t)i < here ? ld_xstrdup(p->ids[i]) : NULL;
	return dup_str(n);
}

static int trailer_kind(const char *s)
{
	static const char *const k[] = { "none", "reviewed", "acked", "tested", "fixes", "stable" };
	for (int i = 0; s && i < 6; i++)
		if (!strcmp(s, k[i]))
			return i;
	return -1;
}

static int trailers(const merge_part *p, const ld_jnode *rec, ld_msg *m)
{
	const ld_jnode *t = ld_json_get(rec, "t");
	if (!t)
		return 1;
	size_t n = ld_json_len(t);
	if (ld_json_type(t) != LD_JSON_ARRAY || n > LD_MERGE_MAX_LIST)
		return 0;
	m->trailers = ld_xcalloc(n ? n : 1, sizeof(ld_trailer));
	for (size_t i = 0; i < n; i++, m->n_trailers++) {
		const ld_jnode *e = ld_json_at(t, i);
		int k = trailer_kind(ld_json_str(ld_json_at(e, 0)));
		ld_trailer *tr = &m->trailers[i];
		if (ld_json_len(e) != 3 || k < 0 || !person(p, ld_json_at(e, 1), &tr->name, &tr->addr) ||
		    !(tr->value = dup_str(ld_json_at(e, 2)))) {
			m->n_trailers++;
			return 0;
		}
		tr->kind = (ld_trailer_kind)k;
	}
	return 1;
}

static int refs(const merge_part *p, const ld_jnode *rec, size_t here, ld_msg *m)
{
	const ld_jnode *r = ld_json_get(rec, "R");
	size_t n = ld_json_len(r);
	if (r && (ld_json_type(r) != LD_JSON_ARRAY || n > LD_MAX_REFS))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(m->refs[m->n_refs++] = id_ref(p, ld_json_at(r, i), here)))
			return 0;
	const ld_jnode *irt = ld_json_get(rec, "r");
	m->in_reply_to = irt ? id_ref(p, irt, here) : ld_xstrdup("");
	return m->in_reply_to != NULL;
}

static int files(const ld_jnode *rec, ld_msg *m)
{
	const ld_jnode *f = ld_json_get(rec, "F");
	size_t n = ld_json_len(f);
	if (!f)
		return 1;
	if (ld_json_type(f) != LD_JSON_ARRAY || n > LD_MERGE_MAX_LIST)
		return 0;
	m->files = ld_xcalloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		if (!(m->files[m->n_files++] = dup_str(ld_json_at(f, i))))
			return 0;
	return 1;
}

/* Optional strings whose absence is NULL in ld_msg. */
static int nullable(const ld_jnode *rec, const char *k, char **out)
{
	const ld_jnode *n = ld_json_get(rec, k);
	*out = NULL;
	return !n || (*out = dup_str(n)) != NULL;
}

/* The kinds of warnings by the names of the report's warnings.by_kind
 * (render/json.c, json_merge.c). */
static const char *const warn_keys[LD_W__COUNT] = {
	[LD_W_HEADER] = "header",
	[LD_W_MIME] = "mime",
	[LD_W_CHARSET] = "charset",
	[LD_W_ENCWORD] = "encoded_word",
	[LD_W_ADDRESS] = "address",
	[LD_W_DATE] = "date",
	[LD_W_SIZE] = "too_large",
};

static int warnings(const ld_jnode *rec, ld_msg *m)
{
	const ld_jnode *w = ld_json_get(rec, "w");
	if (!w)
		return 1;
	if (ld_json_type(w) != LD_JSON_OBJECT)
		return 0;
	for (int k = 0; k < LD_W__COUNT; k++) {
		int64_t v;
		if (!opt_int(w, warn_keys[k] ? warn_keys[k] : ld_warn_name(k), 0, 0, UINT32_MAX, &v))
			return 0;
		m->warnings[k] = (unsigned)v;
	}
	return nullable(rec, "wd", &m->warn_detail);
}

static int body(const merge_part *p, const ld_jnode *rec, ld_msg *m)
{
	int64_t v;
	if (!nullable(rec, "ap", &m->applied) || !nullable(rec, "ab", &m->applied_by) ||
	    !opt_int(rec, "af", 0, 0, 1, &v))
		return 0;
	m->applied_firm = (int)v;
	if (!opt_int(rec, "bp", 0, 0, 1, &v))
		return 0;
	m->body_patch = (int)v;
	if (!opt_str(rec, "pt", &m->pull_to) || !opt_str(rec, "ps", &m->pull_source) ||
	    !opt_int(rec, "pc", 0, 0, INT64_MAX, &v))
		return 0;
	m->pull_commits = (unsigned long)v;
	const ld_jnode *x = ld_json_get(rec, "x");
	if (ld_json_int(x, &v)) {
		const char *e = v == 1 ? ld_map_get(&p->excerpts, m->message_id) : NULL;
		if (!e)
			return 0;
		m->excerpt = ld_xstrdup(e);
	} else if (x && !(m->excerpt = dup_str(x))) {
		return 0;
	}
	const char *h = ld_json_str(ld_json_get(rec, "h"));
	if (h) {
		char *end;
		if (strlen(h) != 16)
			return 0;
		m->recipients = strtoull(h, &end, 16);
		if (*end)
			return 0;
	} else if (ld_json_get(rec, "h")) {
		return 0;
	}
	return files(rec, m) && nullable(rec, "M", &m->message) && trailers(p, rec, m) && warnings(rec, m);
}

int ld_merge_msg(const merge_part *p, const ld_jnode *rec, size_t here, ld_msg *m)
{
	memset(m, 0, sizeof(*m));
	int64_t v;
	const char *c = ld_json_str(ld_json_get(rec, "c"));
	if (ld_json_type(rec) != LD_JSON_OBJECT || (c && strlen(c) >= sizeof(m->commit)) ||
	    (!c && ld_json_get(rec, "c")))
		return 0;
	snprintf(m->commit, sizeof(m->commit), "%s", c ? c : "");
	if (!ld_json_int(ld_json_get(rec, "d"), &m->date) || !opt_int(rec, "dk", 1, 0, 1, &v))
		return 0;
	m->date_ok = (int)v;
	m->commit_time = m->date;
	if (!opt_str(rec, "i", &m->message_id) || !opt_str(rec, "s", &m->subject) ||
	    !opt_int(rec, "l", -1, 0, (int64_t)p->n_lists - 1, &v))
		return 0;
	m->list_id = ld_xstrdup(v >= 0 ? p->lists[v] : "");
	if (!person(p, ld_json_get(rec, "f"), &m->from_name, &m->from_addr) || !refs(p, rec, here, m))
		return 0;
	ld_subject_parse(m->subject, &m->subj);
	if (ld_subject_is_posting(&m->subj)) {
		const ld_jnode *a = ld_json_get(rec, "a");
		if (a ? !person(p, a, &m->author_name, &m->author_addr) : 0)
			return 0;
		if (!a) {
			m->author_name = ld_xstrdup(m->from_name);
			m->author_addr = ld_xstrdup(m->from_addr);
		}
	}
	if (!opt_int(rec, "re", *m->in_reply_to || m->n_refs, 0, 1, &v))
		return 0;
	m->reply = (int)v;
	return body(p, rec, m);
}

int ld_merge_known(const merge_part *p, const ld_jnode *rec, merge_known *k)
{
	memset(k, 0, sizeof(*k));
	ld_index_entry *e = &k->e;
	const char **s[] = { &e->message_id, &e->subject, &e->in_reply_to, &e->root, &e->change_id,
			     &e->version_links };
	const char *keys[] = { "i", "s", "r", "o", "ch", "v" };
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		const ld_jnode *n = ld_json_get(rec, keys[i]);
		*s[i] = n ? ld_json_str(n) : "";
		if (!*s[i])
			return 0;
	}
	int64_t f;
	if (!ld_json_int(ld_json_get(rec, "n"), &k->pos) || k->pos < 0 ||
	    !ld_json_int(ld_json_get(rec, "d"), &e->date) || !ld_json_int(ld_json_get(rec, "f"), &f) ||
	    f < 0 || (size_t)f >= p->n_people || !*e->message_id)
		return 0;
	e->from_name = p->people[2 * f];
	e->from_addr = p->people[2 * f + 1];
	return 1;
}

/* The merge's reader of the waiting series' postings (report.h,
 * waiting_read): the parts' "read" records by Message-ID, the first
 * part's that has it.  A posting no part read (parts made without
 * --maintainers merged with it) or a record that does not check stops
 * the merge. */
void ld_merge_readings_init(merge_readings *rd, const merge_part *ps, size_t n)
{
	memset(rd, 0, sizeof(*rd));
	rd->ps = ps;
	ld_map_init(&rd->by_id);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; ps[i].read && j < ld_json_len(ps[i].read); j++) {
			const char *id = ld_json_str(ld_json_get(ld_json_at(ps[i].read, j), "i"));
			void **at = id ? ld_map_slot(&rd->by_id, id) : NULL;
			if (!at || *at)
				continue;
			LD_VEC_PUSH(rd->at, rd->n, rd->cap, ((size_t)i << 32) | j);
			*at = (void *)(uintptr_t)rd->n;
		}
}

int ld_merge_read(void *ctx, const ld_index *x, const ld_index_entry *e, ld_msg *m)
{
	merge_readings *rd = ctx;
	(void)x;
	memset(m, 0, sizeof(*m));
	size_t k = (size_t)(uintptr_t)ld_map_get(&rd->by_id, e->message_id);
	if (!k) {
		rd->missing = ld_xstrdup(e->message_id);
		return -1;
	}
	const merge_part *p = &rd->ps[rd->at[k - 1] >> 32];
	if (!ld_merge_msg(p, ld_json_at(p->read, rd->at[k - 1] & 0xffffffffu), p->n_msgs, m)) {
		rd->bad = p;
		return -1;
	}
	return 0;
}

ld_status ld_merge_readings_release(merge_readings *rd, ld_err *err)
{
	ld_status st = LD_OK;
	if (rd->bad) {
		ld_err_set(err, LD_E_INBOX, "%s: a posting of its \"merge\" key's read does not check (a damaged or hand-edited report?): make the report again", rd->bad->path);
		st = LD_E_INBOX;
	} else if (rd->missing) {
		ld_err_set(err, LD_E_USAGE, "no part holds the postings of the waiting series <%s> read again: make the parts with the --maintainers given to merge", rd->missing);
		st = LD_E_USAGE;
	}
	free(rd->missing);
	free(rd->at);
	ld_map_release(&rd->by_id);
	return st;
}
