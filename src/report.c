/* report.c - the report model, built from messages in archive order.
 * Holds only what the report prints (tables, postings, entries), never
 * the messages themselves, so memory follows the report, not the range. */
#include "ld.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	char *name;
	unsigned long count;
	size_t first;           /* order of first use */
} name_use;

typedef struct {
	unsigned long count;
	name_use *names;
	size_t n_names, cap_names;
} person;

struct ld_builder {
	ld_report_opts o;
	ld_report *r;
	ld_map people;          /* lower-cased address -> person */
	ld_map domains;         /* domain -> unsigned long count */
	ld_map list_ids;        /* list id -> unsigned long count */
	size_t cap_postings, cap_entries, cap_warn;
	size_t uses;
};

ld_builder *ld_builder_new(const ld_report_opts *o)
{
	ld_builder *b = ld_xcalloc(1, sizeof(*b));
	b->o = *o;
	b->r = ld_xcalloc(1, sizeof(ld_report));
	ld_map_init(&b->people);
	ld_map_init(&b->domains);
	ld_map_init(&b->list_ids);
	return b;
}

/* The name shown for an address: the display name, or the local part of
 * the address when there is none (as the example's david.laight.linux). */
static char *shown_name(const char *name, const char *addr)
{
	if (*name)
		return ld_xstrdup(name);
	const char *at = strrchr(addr, '@');
	return at ? ld_xstrndup(addr, (size_t)(at - addr)) : ld_xstrdup(addr);
}

/* "Name <addr>", the name shown as shown_name() says. */
static char *name_addr(const char *name, const char *addr)
{
	char *n = shown_name(name, addr);
	ld_buf b;
	ld_buf_init(&b);
	ld_buf_addf(&b, "%s <%s>", n, addr);
	free(n);
	return ld_buf_detach(&b);
}

static void count(ld_map *m, const char *key)
{
	unsigned long **slot = (unsigned long **)ld_map_slot(m, key);
	if (!*slot)
		*slot = ld_xcalloc(1, sizeof(unsigned long));
	(**slot)++;
}

static void count_person(ld_builder *b, const char *name, const char *addr)
{
	char *key = ld_xstrdup(addr);
	ld_ascii_lower(key);
	person **slot = (person **)ld_map_slot(&b->people, key);
	if (!*slot)
		*slot = ld_xcalloc(1, sizeof(person));
	person *p = *slot;
	p->count++;
	char *shown = shown_name(name, key);
	size_t i;
	for (i = 0; i < p->n_names; i++)
		if (!strcmp(p->names[i].name, shown))
			break;
	if (i == p->n_names) {
		name_use u = { shown, 0, b->uses++ };
		LD_VEC_PUSH(p->names, p->n_names, p->cap_names, u);
	} else {
		free(shown);
	}
	p->names[i].count++;

	const char *at = strrchr(key, '@');
	count(&b->domains, at && at[1] ? at + 1 : "(no domain)");
	free(key);
}

static void add_warnings(ld_builder *b, ld_msg *m)
{
	ld_report *r = b->r;
	unsigned long n = 0;
	for (int k = 0; k < LD_W__COUNT; k++) {
		r->warnings[k] += m->warnings[k];
		n += m->warnings[k];
	}
	if (!n)
		return;
	r->n_warnings += n;
	if (r->n_warn_lines < 1000) {
		ld_buf l;
		ld_buf_init(&l);
		ld_buf_addf(&l, "%.12s %s: %s", m->commit,
			    *m->message_id ? m->message_id : "(no Message-ID)",
			    m->warn_detail ? m->warn_detail : "warning");
		LD_VEC_PUSH(r->warn_lines, r->n_warn_lines, b->cap_warn, ld_buf_detach(&l));
	}
}

void ld_builder_add(ld_builder *b, ld_msg *m)
{
	ld_report *r = b->r;
	r->n_messages++;
	add_warnings(b, m);
	if (*m->list_id)
		count(&b->list_ids, m->list_id);
	if (!ld_subject_is_posting(&m->subj))
		return;

	count_person(b, m->author_name, m->author_addr);

	ld_posting p;
	memset(&p, 0, sizeof(p));
	p.subject = ld_xstrdup(m->subject);
	p.title = ld_xstrdup(m->subject + m->subj.title);
	p.series = LD_NONE;
	p.message_id = ld_xstrdup(m->message_id);
	{
		char *key = ld_xstrdup(m->author_addr);
		ld_ascii_lower(key);
		p.author = name_addr(m->author_name, key);
		free(key);
	}
	memcpy(p.commit, m->commit, sizeof(p.commit));
	p.date = m->date;
	p.subj = m->subj;
	LD_VEC_PUSH(r->postings, r->n_postings, b->cap_postings, p);

	if (m->excerpt) {
		ld_entry e;
		memset(&e, 0, sizeof(e));
		e.subject = ld_xstrdup(m->subject);
		e.title = ld_xstrdup(m->subject + m->subj.title);
		e.author = name_addr(m->from_name, m->from_addr);
		e.excerpt = m->excerpt;
		m->excerpt = NULL;
		e.message_id = ld_xstrdup(m->message_id);
		e.series = LD_NONE;
		memcpy(e.commit, m->commit, sizeof(e.commit));
		LD_VEC_PUSH(r->entries, r->n_entries, b->cap_entries, e);
	}
}

static int cmp_row(const void *x, const void *y)
{
	const ld_row *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return ld_casecmp(a->label, b->label);
}

/* Most used name; ties go to the alphabetically first (case-insensitive). */
static const char *best_name(const person *p)
{
	const name_use *best = &p->names[0];
	for (size_t i = 1; i < p->n_names; i++) {
		const name_use *u = &p->names[i];
		if (u->count > best->count ||
		    (u->count == best->count && ld_casecmp(u->name, best->name) < 0))
			best = u;
	}
	return best->name;
}

static ld_row *table(ld_map *m, int people, size_t top, size_t *n, size_t *all)
{
	ld_row *rows = ld_xcalloc(m->n ? m->n : 1, sizeof(ld_row));
	size_t k = 0;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		if (people) {
			person *p = m->vals[i];
			rows[k].label = name_addr(best_name(p), m->keys[i]);
			rows[k].count = p->count;
		} else {
			rows[k].label = ld_xstrdup(m->keys[i]);
			rows[k].count = *(unsigned long *)m->vals[i];
		}
		k++;
	}
	qsort(rows, k, sizeof(*rows), cmp_row);
	*all = k;
	if (top && k > top) {
		for (size_t i = top; i < k; i++)
			free(rows[i].label);
		k = top;
	}
	*n = k;
	return rows;
}

/* The most common List-Id of the range ("" when none). */
static const char *common_list_id(ld_builder *b)
{
	const char *best = NULL;
	unsigned long bc = 0;
	for (size_t i = 0; i < b->list_ids.cap; i++) {
		if (!b->list_ids.keys[i])
			continue;
		unsigned long c = *(unsigned long *)b->list_ids.vals[i];
		if (c > bc || (c == bc && strcmp(b->list_ids.keys[i], best) < 0)) {
			best = b->list_ids.keys[i];
			bc = c;
		}
	}
	return best ? best : "";
}

/* The first label of a List-Id: "kvm" of kvm.vger.kernel.org, the name
 * lore.kernel.org uses for the list. */
static char *list_label(const char *id)
{
	const char *dot = strchr(id, '.');
	return dot && dot > id ? ld_xstrndup(id, (size_t)(dot - id)) : ld_xstrdup(id);
}

static char *lore_url(ld_builder *b, const char *id)
{
	ld_buf u;
	if (b->o.lore_url) {
		ld_buf_init(&u);
		ld_buf_adds(&u, b->o.lore_url);
		if (u.len && u.s[u.len - 1] != '/')
			ld_buf_addc(&u, '/');
		return ld_buf_detach(&u);
	}
	if (!*id)
		return ld_xstrdup("");
	char *l = list_label(id);
	ld_buf_init(&u);
	ld_buf_addf(&u, "https://lore.kernel.org/%s/", l);
	free(l);
	return ld_buf_detach(&u);
}

static char *list_name(ld_builder *b)
{
	char *r = NULL;
	if (b->o.list_name) {
		r = ld_xstrdup(b->o.list_name);
	} else {
		const char *best = common_list_id(b);
		if (*best) {
			r = list_label(best);
		} else {
			r = ld_xstrdup(b->o.inbox_name ? b->o.inbox_name : "list");
		}
		for (char *p = r; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 32);
	}
	return r;
}

static void free_counts(ld_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i])
			free(m->vals[i]);
	ld_map_release(m);
}

ld_report *ld_builder_finish(ld_builder *b, const ld_range *range)
{
	ld_report *r = b->r;
	r->top = b->o.top;
	r->people = table(&b->people, 1, b->o.top, &r->n_people, &r->all_people);
	r->domains = table(&b->domains, 0, b->o.top, &r->n_domains, &r->all_domains);
	r->list_name = list_name(b);
	r->list_id = ld_xstrdup(common_list_id(b));
	r->lore_url = lore_url(b, r->list_id);
	if (range) {
		snprintf(r->from, sizeof(r->from), "%.9s", *range->from ? range->from : "start");
		snprintf(r->to, sizeof(r->to), "%.9s", range->to);
		memcpy(r->from_full, range->from, sizeof(r->from_full));
		memcpy(r->to_full, range->to, sizeof(r->to_full));
		r->n_skipped = range->skipped;
		r->n_deleted = range->deleted;
	}
	for (size_t i = 0; i < b->people.cap; i++) {
		person *p = b->people.vals[i];
		if (!b->people.keys[i])
			continue;
		for (size_t j = 0; j < p->n_names; j++)
			free(p->names[j].name);
		free(p->names);
		free(p);
	}
	ld_map_release(&b->people);
	free_counts(&b->domains);
	free_counts(&b->list_ids);
	free(b);
	return r;
}

void ld_report_free(ld_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_domains; i++)
		free(r->domains[i].label);
	for (size_t i = 0; i < r->n_people; i++)
		free(r->people[i].label);
	free(r->domains);
	free(r->people);
	for (size_t i = 0; i < r->n_orgs; i++)
		free(r->orgs[i].label);
	free(r->orgs);
	for (size_t i = 0; i < r->n_postings; i++) {
		free(r->postings[i].title);
		free(r->postings[i].subject);
		free(r->postings[i].message_id);
		free(r->postings[i].author);
	}
	free(r->postings);
	for (size_t i = 0; i < r->n_entries; i++) {
		free(r->entries[i].subject);
		free(r->entries[i].title);
		free(r->entries[i].author);
		free(r->entries[i].excerpt);
		free(r->entries[i].message_id);
	}
	free(r->entries);
	for (size_t i = 0; i < r->n_warn_lines; i++)
		free(r->warn_lines[i]);
	free(r->warn_lines);
	for (size_t i = 0; i < r->n_series; i++) {
		ld_series *s = &r->series[i];
		free(s->prefix);
		free(s->title);
		free(s->author);
		free(s->patches);
		free(s->missing);
		free(s->message_id);
		free(s->prev_message_id);
		free(s->applied_to);
		free(s->applied_by);
		free(s->applied_message_id);
	}
	free(r->series);
	for (size_t i = 0; i < r->n_reviewers; i++)
		free(r->reviewers[i].label);
	free(r->reviewers);
	for (size_t i = 0; i < r->n_discussions; i++) {
		ld_discussion *d = &r->discussions[i];
		free(d->subject);
		free(d->message_id);
		for (size_t j = 0; j < d->n_participants; j++)
			free(d->participants[j]);
		free(d->participants);
	}
	free(r->discussions);
	free(r->applied);
	for (size_t i = 0; i < r->n_fixes; i++)
		free(r->fixes[i].fixes);
	free(r->fixes);
	free(r->list_name);
	free(r->list_id);
	free(r->lore_url);
	free(r);
}
