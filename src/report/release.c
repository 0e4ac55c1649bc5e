/* report/release.c - freeing the builder's records and the report. */
#include "report/builder.h"

void rb_free_posting(ld_posting *p)
{
	free(p->subject);
	free(p->title);
	free(p->message_id);
	free(p->author);
}

void rb_free_pinfo(pinfo *pi)
{
	free(pi->sender);
	free(pi->name);
	free(pi->addr);
	free(pi->from);
	free(pi->root);
	free(pi->parent);
	free(pi->excerpt);
	for (size_t j = 0; j < pi->n_fixes; j++)
		free(pi->fixes[j]);
	free(pi->fixes);
}

void rb_free_series(ld_series *s)
{
	free(s->prefix);
	free(s->title);
	free(s->author);
	free(s->sender);
	free(s->patches);
	free(s->missing);
	free(s->message_id);
	free(s->prev_message_id);
}

static void free_threads(ld_builder *b)
{
	for (size_t i = 0; i < b->threads.cap; i++) {
		if (!b->threads.keys[i])
			continue;
		thread *t = b->threads.vals[i];
		for (size_t j = 0; j < t->people.cap; j++)
			if (t->people.keys[j]) {
				pcount *pc = t->people.vals[j];
				free(pc->name);
				free(pc);
			}
		ld_map_release(&t->people);
		free(t->subject);
		free(t->sender);
		free(t);
	}
	ld_map_release(&b->threads);
}

void rb_free_sinfo(sinfo *si)
{
	free(si->sender);
	free(si->posts);
	free(si->head_title);
	free(si->head_id);
}

void rb_free_pull(ld_pull *p)
{
	free(p->subject);
	free(p->title);
	free(p->from);
	free(p->to);
	free(p->source);
	free(p->message_id);
}

/* Frees what the builder kept beside the report, and b. */
void rb_builder_free(ld_builder *b)
{
	ld_report *r = b->r;
	for (size_t i = 0; i < r->n_postings; i++)
		rb_free_pinfo(&b->pi[i]);
	free(b->pi);
	for (size_t s = 0; s < r->n_series; s++)
		rb_free_sinfo(&b->si[s]);
	free(b->si);
	for (size_t i = 0; i < b->n_reviews; i++) {
		free(b->reviews[i].name);
		free(b->reviews[i].addr);
		free(b->reviews[i].target_id);
		free(b->reviews[i].ancestors);
	}
	free(b->reviews);
	free_threads(b);
	ld_map_release(&b->pulls);
	rb_free_counts(&b->reply_roots);
	ld_map_release(&b->by_id);
	ld_map_release(&b->open);
	for (size_t i = 0; i < b->waiting.cap; i++)
		if (b->waiting.keys[i]) {
			waitlist *w = b->waiting.vals[i];
			free(w->v);
			free(w);
		}
	ld_map_release(&b->waiting);
	rb_free_counts(&b->list_ids);
	free(b);
}

void ld_report_free(ld_report *r)
{
	if (!r)
		return;
	ld_row *tables[3] = { r->domains, r->people, r->orgs };
	size_t ns[3] = { r->n_domains, r->n_people, r->n_orgs };
	for (int t = 0; t < 3; t++) {
		for (size_t i = 0; i < ns[t]; i++)
			free(tables[t][i].label);
		free(tables[t]);
	}
	for (size_t i = 0; i < r->n_postings; i++)
		rb_free_posting(&r->postings[i]);
	free(r->postings);
	for (size_t i = 0; i < r->n_entries; i++) {
		free(r->entries[i].subject);
		free(r->entries[i].title);
		free(r->entries[i].author);
		free(r->entries[i].sender);
		free(r->entries[i].excerpt);
		free(r->entries[i].message_id);
	}
	free(r->entries);
	for (size_t i = 0; i < r->n_series; i++)
		rb_free_series(&r->series[i]);
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
	for (size_t i = 0; i < r->n_applied; i++) {
		free(r->applied[i].subject);
		free(r->applied[i].to);
		free(r->applied[i].by);
		free(r->applied[i].message_id);
	}
	free(r->applied);
	for (size_t i = 0; i < r->n_pulls; i++)
		rb_free_pull(&r->pulls[i]);
	free(r->pulls);
	for (size_t i = 0; i < r->n_fixes; i++) {
		for (size_t j = 0; j < r->fixes[i].n_fixes; j++)
			free(r->fixes[i].fixes[j]);
		free(r->fixes[i].fixes);
	}
	free(r->fixes);
	for (size_t i = 0; i < r->n_warn_lines; i++)
		free(r->warn_lines[i]);
	free(r->warn_lines);
	free(r->list_name);
	free(r->list_id);
	free(r->lore_url);
	char **fv[3] = { r->filters.paths, r->filters.authors, r->filters.domains };
	size_t fn[3] = { r->filters.n_paths, r->filters.n_authors, r->filters.n_domains };
	for (int t = 0; t < 3; t++) {
		for (size_t i = 0; i < fn[t]; i++)
			free(fv[t][i]);
		free(fv[t]);
	}
	free(r->filters.grep);
	free(r);
}
