/* run/merge.c - `listdigest merge FILE.json...` (run.h's ld_merge): the
 * parts read and checked (their "merge" key, docs/json-schema.md), their
 * messages put back in archive order without repeats, and given to the
 * builder as one run's: grouping, dedup, tables, cuts and every other
 * rule of the report are the builder's own (src/report/). */
#include "run/merge.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BYTES ((size_t)1 << 30)

static ld_status bad(ld_err *err, const char *path, const char *what)
{
	ld_err_set(err, LD_E_INBOX, "%s: %s", path, what);
	return LD_E_INBOX;
}

static int strings(const ld_jnode *a, const char ***out, size_t *n, size_t per)
{
	size_t len = ld_json_len(a);
	if (ld_json_type(a) != LD_JSON_ARRAY)
		return 0;
	*out = ld_xcalloc(len * per + 1, sizeof(char *));
	*n = len;
	for (size_t i = 0; i < len; i++) {
		const ld_jnode *e = ld_json_at(a, i);
		if (per == 1 ? !((*out)[i] = ld_json_str(e)) : ld_json_len(e) != 2 ||
		    !((*out)[2 * i] = ld_json_str(ld_json_at(e, 0))) ||
		    !((*out)[2 * i + 1] = ld_json_str(ld_json_at(e, 1))))
			return 0;
	}
	return 1;
}

static const char *opt_s(const ld_jnode *o, const char *k, int *ok)
{
	const ld_jnode *n = ld_json_get(o, k);
	if (ld_json_type(n) == LD_JSON_NULL)
		return NULL;
	const char *s = ld_json_str(n);
	*ok &= s != NULL;
	return s;
}

/* The header fields of the merge key. */
static int header(merge_part *p)
{
	const ld_jnode *m = p->merge;
	int ok = 1;
	p->inbox = opt_s(m, "inbox", &ok);
	p->from_commit = opt_s(m, "from_commit", &ok);
	p->to_commit = opt_s(m, "to_commit", &ok);
	p->list_name = opt_s(m, "list_name", &ok);
	p->lore_url = opt_s(m, "lore_url", &ok);
	ok &= p->inbox && p->from_commit && p->to_commit && strlen(p->from_commit) <= 40 &&
	      strlen(p->to_commit) <= 40;
	ok &= ld_json_bool(ld_json_get(m, "local"), &p->local) && ld_json_bool(ld_json_get(m, "state"), &p->state);
	ok &= ld_json_int(ld_json_get(m, "since"), &p->since) && ld_json_int(ld_json_get(m, "until"), &p->until);
	ok &= ld_json_int(ld_json_get(m, "skipped"), &p->skipped) && p->skipped >= 0;
	ok &= ld_json_int(ld_json_get(m, "deleted"), &p->deleted) && p->deleted >= 0;
	return ok;
}

static int excerpts(merge_part *p, const ld_jnode *root)
{
	const ld_jnode *en = ld_json_get(root, "entries");
	ld_map_init(&p->excerpts);
	for (size_t i = 0; i < ld_json_len(en); i++) {
		const ld_jnode *e = ld_json_at(en, i);
		const char *id = ld_json_str(ld_json_get(e, "message_id"));
		const char *x = ld_json_str(ld_json_get(e, "excerpt"));
		if (!id || !x)
			return 0;
		if (*id)
			*ld_map_slot(&p->excerpts, id) = (void *)x;
	}
	return 1;
}

static int ids(merge_part *p)
{
	p->n_msgs = ld_json_len(p->messages);
	p->ids = ld_xcalloc(p->n_msgs + 1, sizeof(char *));
	for (size_t i = 0; i < p->n_msgs; i++) {
		const ld_jnode *r = ld_json_at(p->messages, i);
		const ld_jnode *id = ld_json_get(r, "i");
		p->ids[i] = id ? ld_json_str(id) : "";
		if (!p->ids[i])
			return 0;
		int64_t d;
		if (!ld_json_int(ld_json_get(r, "d"), &d))
			return 0;
		if (!i)
			p->first_date = d;
		p->last_date = d;
	}
	return 1;
}

/* What a merge reads of a report: the rest (its sections, about two
 * thirds of it) is parsed but not kept. */
static const char *const wanted[] = { "schema", "merge", "filters", "entries/*/message_id",
				      "entries/*/excerpt", NULL };

static ld_status read_part(merge_part *p, ld_err *err)
{
	ld_status st = ld_json_load(p->path, MAX_BYTES, wanted, &p->doc, err);
	if (st)
		return st;
	const ld_jnode *root = ld_json_root(p->doc);
	const char *schema = ld_json_str(ld_json_get(root, "schema"));
	if (!schema || strcmp(schema, "listdigest/1"))
		return bad(err, p->path, "not a listdigest JSON report (schema listdigest/1): give reports made by listdigest --format json");
	p->merge = ld_json_get(root, "merge");
	if (ld_json_type(p->merge) != LD_JSON_OBJECT)
		return bad(err, p->path, "has no \"merge\" key (made by an older listdigest, or by merge's --format other than json): make the report again with this version's --format json");
	int64_t v;
	if (!ld_json_int(ld_json_get(p->merge, "version"), &v) || v != 1)
		return bad(err, p->path, "its \"merge\" key is of another version than 1: merge it with the listdigest that made it");
	p->messages = ld_json_get(p->merge, "messages");
	p->known = ld_json_get(p->merge, "known");
	p->read = ld_json_get(p->merge, "read");
	if (!header(p) || ld_json_type(p->messages) != LD_JSON_ARRAY ||
	    (p->read && ld_json_type(p->read) != LD_JSON_ARRAY) ||
	    ld_json_type(p->known) != LD_JSON_ARRAY ||
	    !strings(ld_json_get(p->merge, "people"), &p->people, &p->n_people, 2) ||
	    !strings(ld_json_get(p->merge, "lists"), &p->lists, &p->n_lists, 1) ||
	    !strings(ld_json_get(p->merge, "inboxes"), &p->inboxes, &p->n_inboxes, 1) ||
	    !p->n_inboxes || !excerpts(p, root) ||
	    !ids(p))
		return bad(err, p->path, "its \"merge\" key does not check (a damaged or hand-edited report?): make the report again");
	return LD_OK;
}

static void part_release(merge_part *p)
{
	ld_json_free(p->doc);
	free(p->people);
	free(p->lists);
	free(p->ids);
	free(p->inboxes);
	free(p->rank);
	if (p->doc)
		ld_map_release(&p->excerpts);
}

/* ---- the filters: every part's the same, and the builder's ------------ */

typedef struct {
	const char **paths, **authors, **domains;
	size_t n_paths, n_authors, n_domains;
	const char *grep;
	regex_t re;
	int have_re;
	ld_subsystem *subsystem;  /* the parts' --subsystem, of merge's --maintainers */
} filters;

static int same_filters(const ld_jnode *a, const ld_jnode *b)
{
	const char *k[] = { "paths", "authors", "domains" };
	for (int i = 0; i < 3; i++) {
		const ld_jnode *x = ld_json_get(a, k[i]), *y = ld_json_get(b, k[i]);
		if (ld_json_type(x) != LD_JSON_ARRAY || ld_json_len(x) != ld_json_len(y) || ld_json_len(x) > 1000)
			return 0;
		for (size_t j = 0; j < ld_json_len(x); j++) {
			const char *s = ld_json_str(ld_json_at(x, j)), *t = ld_json_str(ld_json_at(y, j));
			if (!s || !t || strcmp(s, t))
				return 0;
		}
	}
	const char *k2[] = { "grep", "subsystem" };
	for (int i = 0; i < 2; i++) {
		const char *g = ld_json_str(ld_json_get(a, k2[i])), *h = ld_json_str(ld_json_get(b, k2[i]));
		if ((g || h) && (!g || !h || strcmp(g, h)))
			return 0;
	}
	return 1;
}

/* --subsystem NAME of the parts, found in merge's --maintainers FILE. */
static ld_status take_subsystem(const merge_part *p, const char *name, const ld_report_opts *o,
				filters *f, ld_err *err)
{
	if (!o->maintainers) {
		ld_err_set(err, LD_E_USAGE, "%s: made with --subsystem '%s': give merge the parts' --maintainers FILE", p->path, name);
		return LD_E_USAGE;
	}
	f->subsystem = ld_subsystem_find(o->maintainers, name, err);
	return f->subsystem ? LD_OK : err->status;
}

static ld_status take_filters(merge_part *ps, size_t n, const ld_report_opts *o, filters *f,
			      ld_err *err)
{
	const ld_jnode *first = ld_json_get(ld_json_root(ps[0].doc), "filters");
	for (size_t i = 0; i < n; i++) {
		const ld_jnode *fi = ld_json_get(ld_json_root(ps[i].doc), "filters");
		if (!same_filters(first, fi)) {
			ld_err_set(err, LD_E_INBOX, "%s: made with other filters (--path, --author, --domain, --grep, --subsystem) than %s: merge reports of the same filters", ps[i].path, ps[0].path);
			return LD_E_INBOX;
		}
	}
	const char *k[] = { "paths", "authors", "domains" };
	const char ***v[] = { &f->paths, &f->authors, &f->domains };
	size_t *nv[] = { &f->n_paths, &f->n_authors, &f->n_domains };
	for (int i = 0; i < 3; i++)
		strings(ld_json_get(first, k[i]), v[i], nv[i], 1);
	const char *sub = ld_json_str(ld_json_get(first, "subsystem"));
	if (sub) {
		ld_status st = take_subsystem(&ps[0], sub, o, f, err);
		if (st)
			return st;
	}
	f->grep = ld_json_str(ld_json_get(first, "grep"));
	if (f->grep) {
		if (regcomp(&f->re, f->grep, REG_EXTENDED | REG_ICASE | REG_NOSUB))
			return bad(err, ps[0].path, "its --grep does not compile here: merge without it");
		f->have_re = 1;
	}
	return LD_OK;
}

static void filters_release(filters *f)
{
	free(f->paths);
	free(f->authors);
	free(f->domains);
	if (f->have_re)
		regfree(&f->re);
	ld_subsystem_free(f->subsystem);
}

/* ---- the order of the messages, and the index ------------------------- */

/* Archive places: a report of several inboxes writes its inbox's number
 * times 2^40 before the record number (store.h, ld_index_position). */
#define POS_BITS 40
#define POS_MASK (((int64_t)1 << POS_BITS) - 1)

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Every inbox of the parts once, by name (m->names); each part's inbox k
 * is m->names[part->rank[k]]. */
static void rank_inboxes(merge_part *ps, size_t n, merge_inboxes *m)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += ps[i].n_inboxes;
	const char **all = ld_xcalloc(total + 1, sizeof(char *));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < ps[i].n_inboxes; j++)
			all[k++] = ps[i].inboxes[j];
	qsort(all, total, sizeof(char *), cmp_str);
	m->n = 0;
	for (size_t i = 0; i < total; i++)
		if (!m->n || strcmp(all[m->n - 1], all[i]))
			all[m->n++] = all[i];
	m->names = all;
	for (size_t i = 0; i < n; i++) {
		ps[i].rank = ld_xcalloc(ps[i].n_inboxes + 1, sizeof(size_t));
		for (size_t j = 0; j < ps[i].n_inboxes; j++)
			ps[i].rank[j] = (size_t)((const char **)bsearch(&ps[i].inboxes[j], all, m->n,
								sizeof(char *), cmp_str) - all);
	}
}

typedef struct {
	size_t inbox, part, seq;  /* inbox: its place in merge_inboxes */
	int64_t pos;              /* record number in its inbox's archive; a
	                             message without one stands after the
	                             message before it of its part and inbox */
	int64_t first;            /* the part's first Date (parts without places) */
	const char *id;
	int64_t date;
	int64_t step;             /* 0: pos is its own; n: the n-th message
	                             after the one whose pos it carries */
} slot;

static int cmp_slot(const void *x, const void *y)
{
	const slot *a = x, *b = y;
	if (a->inbox != b->inbox)
		return a->inbox < b->inbox ? -1 : 1;
	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	if (a->step != b->step)
		return a->step < b->step ? -1 : 1;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	if (a->part != b->part)
		return a->part < b->part ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The slots of part p's messages from s on; 0 when an inbox number is
 * out of range. */
static int slots(const merge_part *p, size_t part, slot *s)
{
	int64_t last = -1, inbox = 0, prev = -1, step = 0;
	for (size_t j = 0; j < p->n_msgs; j++) {
		const ld_jnode *r = ld_json_at(p->messages, j);
		int64_t pos = -1, date = 0;
		ld_json_int(ld_json_get(r, "d"), &date);
		if (ld_json_get(r, "b") && (!ld_json_int(ld_json_get(r, "b"), &inbox) || inbox < 0 ||
					   (size_t)inbox >= p->n_inboxes))
			return 0;
		if (!ld_json_get(r, "b"))
			inbox = 0;
		if (inbox != prev)
			last = -1, step = 0;
		prev = inbox;
		step++;
		if (ld_json_int(ld_json_get(r, "n"), &pos) && pos >= 0)
			last = pos & POS_MASK, step = 0;
		s[j] = (slot){ p->rank[inbox], part, j, last, p->first_date, p->ids[j], date, step };
	}
	return 1;
}

static ld_status order(merge_part *ps, size_t n, slot **out, size_t *count, ld_err *err)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += ps[i].n_msgs;
	slot *s = ld_xcalloc(total + 1, sizeof(slot));
	size_t k = 0;
	for (size_t i = 0; i < n; k += ps[i].n_msgs, i++)
		if (!slots(&ps[i], i, s + k)) {
			free(s);
			return bad(err, ps[i].path, "a message of its \"merge\" key names an inbox it does not list (a damaged or hand-edited report?): make the report again");
		}
	qsort(s, total, sizeof(slot), cmp_slot);
	*out = s;
	*count = total;
	return LD_OK;
}

/* A message already taken (a part given twice, overlapping parts): the
 * same inbox, archive place (its own, or carried with the same step: a
 * Message-ID stored twice in a row is two messages), Date and Message-ID.
 * (A Message-ID of two inboxes is a cross-post: the builder counts it
 * once, as a run over both.) */
static int repeat(ld_map *seen, const slot *s)
{
	char key[96];
	snprintf(key, sizeof(key), "%zu %lld %lld %lld ", s->inbox, (long long)s->pos,
		 (long long)s->step, (long long)s->date);
	ld_buf k = LD_BUF_INIT;
	ld_buf_adds(&k, key);
	ld_buf_adds(&k, s->id);
	void **slot_ = ld_map_slot(seen, k.s);
	int dup = *slot_ != NULL;
	*slot_ = (void *)1;
	ld_buf_release(&k);
	return dup;
}

static int cmp_known(const void *x, const void *y)
{
	const merge_known *a = x, *b = y;
	if (a->inbox_rank != b->inbox_rank)
		return a->inbox_rank < b->inbox_rank ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* The parts' index entries as one index: by inbox (by name), then
 * archive place; a Message-ID once (its first inbox's, as a run over
 * several inboxes asks them: store/index_set.c). */
static ld_status known(merge_part *ps, size_t n, ld_index **out, ld_err *err)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += ld_json_len(ps[i].known);
	merge_known *k = ld_xcalloc(total + 1, sizeof(merge_known));
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < ld_json_len(ps[i].known); j++, m++) {
			if (!ld_merge_known(&ps[i], ld_json_at(ps[i].known, j), &k[m]) ||
			    (size_t)(k[m].pos >> POS_BITS) >= ps[i].n_inboxes) {
				free(k);
				return bad(err, ps[i].path, "an entry of its \"merge\" key's known does not check (a damaged or hand-edited report?): make the report again");
			}
			k[m].inbox_rank = ps[i].rank[k[m].pos >> POS_BITS];
			k[m].pos &= POS_MASK;
		}
	qsort(k, m, sizeof(*k), cmp_known);
	ld_index_entry *e = ld_xcalloc(m + 1, sizeof(*e));
	int64_t *place = ld_xcalloc(m + 1, sizeof(*place));
	ld_map ids;
	ld_map_init(&ids);
	size_t u = 0;
	for (size_t i = 0; i < m; i++) {
		void **slot_ = ld_map_slot(&ids, k[i].e.message_id);
		if (!*slot_) {
			/* the subject parsed once an entry is kept (weekly parts
			   repeat most entries: a year's 52 hold each about 7 times) */
			e[u] = k[i].e;
			ld_subject_parse(e[u].subject, &e[u].subj);
			/* the place as a run over the merged inboxes says it */
			place[u] = ((int64_t)k[i].inbox_rank << POS_BITS) | k[i].pos;
			u++;
		}
		*slot_ = (void *)1;
	}
	ld_map_release(&ids);
	*out = ld_index_of_entries(e, place, u);
	free(k);
	free(e);
	free(place);
	return LD_OK;
}

/* ---- the build -------------------------------------------------------- */

/* What the merge covers: the widest window when every part has one, the
 * range from the first part's start to the last part's end. */
static void run_info(const merge_part *ps, size_t n, ld_run_info *ri, ld_range *rg)
{
	memset(ri, 0, sizeof(*ri));
	memset(rg, 0, sizeof(*rg));
	size_t first = 0, last = 0;
	int all_since = 1, all_until = 1, all_local = 1;
	for (size_t i = 0; i < n; i++) {
		const merge_part *p = &ps[i];
		all_since &= p->since > 0;
		all_until &= p->until > 0;
		all_local &= p->local;
		ri->state |= p->state;
		if (p->since > 0 && (!ri->since || p->since < ri->since))
			ri->since = p->since;
		if (p->until > ri->until)
			ri->until = p->until;
		if (p->first_date < ps[first].first_date)
			first = i;
		/* a merged part covers from its first to its last message: the
		   range ends with the commit of the part whose messages end last */
		if (p->last_date >= ps[last].last_date)
			last = i;
		if ((size_t)p->skipped > rg->skipped)
			rg->skipped = (size_t)p->skipped;
		if ((size_t)p->deleted > rg->deleted)
			rg->deleted = (size_t)p->deleted;
	}
	ri->since = all_since ? ri->since : 0;
	ri->until = all_until ? ri->until : 0;
	ri->local = all_local;
	snprintf(rg->from, sizeof(rg->from), "%s", ps[first].from_commit);
	snprintf(rg->to, sizeof(rg->to), "%s", ps[last].to_commit);
	ri->range = rg;
}

/* The messages in order, each once, to the builder. */
static ld_status feed(merge_part *ps, size_t n, ld_builder *b, ld_err *err)
{
	size_t count;
	slot *s;
	ld_status st = order(ps, n, &s, &count, err);
	if (st)
		return st;
	ld_map seen;
	ld_map_init(&seen);
	for (size_t i = 0; i < count && !st; i++) {
		if (repeat(&seen, &s[i]))
			continue;
		if (!i || s[i].inbox != s[i - 1].inbox)
			ld_builder_set_inbox(b, s[i].inbox);
		/* its own archive place, kept for the merged JSON (a place
		   carried from the message before it is not its own) */
		ld_builder_set_place(b, s[i].pos >= 0 && !s[i].step
					       ? ((int64_t)s[i].inbox << POS_BITS) | s[i].pos : -1);
		const merge_part *p = &ps[s[i].part];
		ld_msg m;
		if (ld_merge_msg(p, ld_json_at(p->messages, s[i].seq), s[i].seq, &m))
			ld_builder_add(b, &m);
		else
			st = bad(err, p->path, "a message of its \"merge\" key does not check (a damaged or hand-edited report?): make the report again");
		ld_msg_release(&m);
	}
	ld_map_release(&seen);
	free(s);
	return st;
}

static ld_status build(merge_part *ps, size_t n, const merge_inboxes *in, const ld_report_opts *o,
		       ld_report **out, ld_err *err)
{
	filters f;
	memset(&f, 0, sizeof(f));
	ld_index *x = NULL;
	ld_status st = take_filters(ps, n, o, &f, err);
	if (!st)
		st = known(ps, n, &x, err);
	if (st) {
		filters_release(&f);
		return st;
	}
	ld_report_opts ro = *o;
	ro.paths = f.paths;
	ro.n_paths = f.n_paths;
	ro.authors = f.authors;
	ro.n_authors = f.n_authors;
	ro.domains = f.domains;
	ro.n_domains = f.n_domains;
	ro.grep = f.have_re ? &f.re : NULL;
	ro.grep_text = f.grep;
	ro.subsystem = f.subsystem;
	ro.list_name = ps[0].list_name;
	ro.lore_url = ps[0].lore_url;
	ro.inbox_name = in->names[0];
	ro.index = x;
	merge_readings rd;
	ld_merge_readings_init(&rd, ps, n);
	ro.waiting_read = ld_merge_read;
	ro.waiting_ctx = &rd;
	ld_builder *b = ld_builder_new(&ro);
	ld_run_info ri;
	ld_range rg;
	run_info(ps, n, &ri, &rg);
	/* several inboxes: as a run over them in the order of their names */
	ld_builder_set_inboxes(b, in->names, in->n);
	ri.several = in->n > 1;
	ld_builder_set_run(b, &ri);
	st = feed(ps, n, b, err);
	ld_report *r = ld_builder_finish(b);
	ld_err rerr;
	ld_status rst = ld_merge_readings_release(&rd, &rerr);
	if (!st && rst) {
		st = rst;
		*err = rerr;
	}
	ld_run_previous_merge(r);
	if (st)
		ld_report_free(r);
	else
		*out = r;
	ld_index_close(x);
	filters_release(&f);
	return st;
}

ld_status ld_merge(const char *const *paths, size_t n, const ld_report_opts *o, ld_report **out,
		   ld_err *err)
{
	*out = NULL;
	merge_part *ps = ld_xcalloc(n + 1, sizeof(merge_part));
	ld_status st = LD_OK;
	for (size_t i = 0; i < n && !st; i++) {
		ps[i].path = paths[i];
		st = read_part(&ps[i], err);
	}
	if (!st && n) {
		merge_inboxes in;
		rank_inboxes(ps, n, &in);
		st = build(ps, n, &in, o, out, err);
		free(in.names);
	}
	for (size_t i = 0; i < n; i++)
		part_release(&ps[i]);
	free(ps);
	return st;
}
