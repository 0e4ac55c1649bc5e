/* report/tables.c - the people, domains and organizations tables:
 * counts of the postings that stay, sorted and cut to --top. */
#include "report/builder.h"

static int cmp_row(const void *x, const void *y)
{
	const ld_row *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return ld_casecmp(a->label, b->label);
}

typedef struct {
	unsigned long count;
	ld_map names;        /* name -> unsigned long */
} person;

static void person_count(ld_map *people, const char *name, const char *addr, unsigned long n)
{
	person **slot = (person **)ld_map_slot(people, addr);
	if (!*slot) {
		*slot = ld_xcalloc(1, sizeof(person));
		ld_map_init(&(*slot)->names);
	}
	(*slot)->count += n;
	char *shown = rb_shown_name(name, addr);
	unsigned long **c = (unsigned long **)ld_map_slot(&(*slot)->names, shown);
	if (!*c)
		*c = ld_xcalloc(1, sizeof(unsigned long));
	**c += n;
	free(shown);
}

/* Most used name; ties go to the alphabetically first (case-insensitive). */
static const char *best_name(const person *p)
{
	const char *best = NULL;
	unsigned long bc = 0;
	for (size_t i = 0; i < p->names.cap; i++) {
		if (!p->names.keys[i])
			continue;
		unsigned long c = *(unsigned long *)p->names.vals[i];
		if (!best || c > bc || (c == bc && ld_casecmp(p->names.keys[i], best) < 0)) {
			best = p->names.keys[i];
			bc = c;
		}
	}
	return best ? best : "";
}

static void free_people(ld_map *people)
{
	for (size_t i = 0; i < people->cap; i++) {
		if (!people->keys[i])
			continue;
		person *p = people->vals[i];
		rb_free_counts(&p->names);
		free(p);
	}
	ld_map_release(people);
}

static ld_row *cut(ld_row *rows, size_t k, size_t top, size_t *n, size_t *all)
{
	qsort(rows, k, sizeof(*rows), cmp_row);
	*all = k;
	if (top && k > top)
		k = top;
	*n = k;
	return rows;
}

static ld_row *people_table(ld_arena *a, ld_map *people, size_t top, size_t *n, size_t *all)
{
	ld_row *rows = ld_arena_alloc(a, (people->n + 1) * sizeof(ld_row));
	size_t k = 0;
	for (size_t i = 0; i < people->cap; i++) {
		if (!people->keys[i])
			continue;
		person *p = people->vals[i];
		rows[k].label = rb_name_addr(a, best_name(p), people->keys[i]);
		rows[k++].count = p->count;
	}
	return cut(rows, k, top, n, all);
}

static ld_row *count_table(ld_arena *a, ld_map *m, size_t top, size_t *n, size_t *all)
{
	ld_row *rows = ld_arena_alloc(a, (m->n + 1) * sizeof(ld_row));
	size_t k = 0;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		rows[k].label = ld_arena_strdup(a, m->keys[i]);
		rows[k++].count = *(unsigned long *)m->vals[i];
	}
	return cut(rows, k, top, n, all);
}

/* The people, domains and (--orgs) organizations tables, of the
 * postings that stay, cut to --top. */
void rb_settle_tables(ld_builder *b)
{
	ld_report *r = b->r;
	ld_map people, domains, orgs;
	ld_map_init(&people);
	ld_map_init(&domains);
	ld_map_init(&orgs);
	for (size_t i = 0; i < r->n_postings; i++) {
		pinfo *pi = &b->pi[i];
		person_count(&people, pi->name, pi->addr, 1);
		const char *at = strrchr(pi->addr, '@');
		rb_count(&domains, at && at[1] ? at + 1 : "(no domain)");
		if (b->o.orgs) {
			const char *org = ld_orgmap_lookup(b->o.orgs, pi->addr, r->postings[i].date);
			rb_count(&orgs, org ? org : "(Unknown)");
		}
	}
	r->people = people_table(r->arena, &people, b->o.top, &r->n_people, &r->all_people);
	r->domains = count_table(r->arena, &domains, b->o.top, &r->n_domains, &r->all_domains);
	if (b->o.orgs) {
		r->have_orgs = 1;
		r->orgs = count_table(r->arena, &orgs, b->o.top, &r->n_orgs, &r->all_orgs);
	}
	free_people(&people);
	rb_free_counts(&domains);
	rb_free_counts(&orgs);
}
