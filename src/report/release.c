/* report/release.c - freeing the builder's records, and the report. */
#include "report/builder.h"

void rb_free_pinfo(pinfo *pi)
{
	free(pi->sender);
	free(pi->name);
	free(pi->addr);
	free(pi->root);
	free(pi->parent);
	for (size_t j = 0; j < pi->n_fixes; j++)
		free(pi->fixes[j]);
	free(pi->fixes);
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
	for (size_t i = 0; i < b->n_late; i++)
		free(b->late[i].ancestors);
	free(b->late);
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
	rb_probes_release(b);
	rb_inboxes_free(b);
	ld_map_release(&b->known);
	free(b);
}

/* Everything the report holds is in its arena (see rb_keep). */
void ld_report_free(ld_report *r)
{
	if (!r)
		return;
	ld_arena_free(r->arena);
	free(r);
}
