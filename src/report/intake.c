/* report/intake.c - what `listdigest merge` needs of a run, kept while it
 * builds (only with ld_report_opts.keep_intake: the JSON format): each
 * message as the builder took it (ld_intake, model.h) and each archive
 * index entry an answer came from (ld_known).  A merge (run/merge.c)
 * gives the messages to ld_builder_add again and the entries as its
 * index, so the merged report comes from this builder's own rules.
 *
 * The index entries kept (known.c records them, settle_known writes
 * them): every entry a look-up by Message-ID found
 * (rb_ix_find, rb_index_find, the intake's questions), the patch
 * postings and roots of the threads walked (rb_ix_thread), and the heads
 * and picks of versions.c (rb_know_cb).  An answer asked again of a
 * merge's index, made of these, finds the same entries, and no entry
 * that the part's whole index did not hold. */
#include "report/builder.h"

static char *keep_or_empty(ld_builder *b, const char *s)
{
	return ld_arena_strdup(b->r->arena, s ? s : "");
}

static void copy_lists(ld_builder *b, ld_intake *in, const ld_msg *m)
{
	if (m->n_refs) {
		in->refs = ld_arena_alloc(b->r->arena, m->n_refs * sizeof(char *));
		for (size_t i = 0; i < m->n_refs; i++)
			in->refs[i] = keep_or_empty(b, m->refs[i]);
		in->n_refs = m->n_refs;
	}
	if (m->n_trailers) {
		in->trailers = ld_arena_alloc(b->r->arena, m->n_trailers * sizeof(ld_intake_trailer));
		for (size_t i = 0; i < m->n_trailers; i++) {
			const ld_trailer *t = &m->trailers[i];
			in->trailers[i].kind = (int)t->kind;
			in->trailers[i].name = keep_or_empty(b, t->name);
			in->trailers[i].addr = keep_or_empty(b, t->addr);
			in->trailers[i].value = keep_or_empty(b, t->value);
		}
		in->n_trailers = m->n_trailers;
	}
	if (m->n_files) {
		in->files = ld_arena_alloc(b->r->arena, m->n_files * sizeof(char *));
		for (size_t i = 0; i < m->n_files; i++)
			in->files[i] = keep_or_empty(b, m->files[i]);
		in->n_files = m->n_files;
	}
}

/* m as a record of the report. */
static ld_intake intake_of(ld_builder *b, const ld_msg *m)
{
	ld_intake in;
	memset(&in, 0, sizeof(in));
	in.pos = b->next_place;
	in.inbox = rb_inbox_current(b);
	memcpy(in.commit, m->commit, sizeof(in.commit));
	in.date = m->date;
	in.date_ok = m->date_ok;
	in.message_id = keep_or_empty(b, m->message_id);
	in.list_id = keep_or_empty(b, m->list_id);
	in.subject = keep_or_empty(b, m->subject);
	in.from_name = keep_or_empty(b, m->from_name);
	in.from_addr = keep_or_empty(b, m->from_addr);
	in.has_author = m->author_name != NULL;
	in.author_name = keep_or_empty(b, m->author_name);
	in.author_addr = keep_or_empty(b, m->author_addr);
	in.in_reply_to = keep_or_empty(b, m->in_reply_to);
	in.reply = m->reply;
	copy_lists(b, &in, m);
	in.has_applied = m->applied != NULL;
	in.applied = keep_or_empty(b, m->applied);
	in.has_applied_by = m->applied_by != NULL;
	in.applied_by = keep_or_empty(b, m->applied_by);
	in.applied_firm = m->applied_firm;
	in.body_patch = m->body_patch;
	in.pull_to = keep_or_empty(b, m->pull_to);
	in.pull_source = keep_or_empty(b, m->pull_source);
	in.pull_commits = m->pull_commits;
	in.has_message = m->message != NULL;
	in.message = keep_or_empty(b, m->message);
	in.recipients = m->recipients;
	in.has_excerpt = m->excerpt != NULL;
	in.excerpt = keep_or_empty(b, m->excerpt);
	for (int k = 0; k < LD_W__COUNT; k++)
		in.warnings[k] = m->warnings[k];
	in.has_warn_detail = m->warn_detail != NULL;
	in.warn_detail = keep_or_empty(b, m->warn_detail);
	return in;
}

void rb_intake_take(ld_builder *b, const ld_msg *m)
{
	if (!b->o.keep_intake)
		return;
	ld_intake in = intake_of(b, m);
	b->next_place = -1;
	LD_VEC_PUSH(b->r->intake, b->r->n_intake, b->cap_intake, in);
}

void rb_intake_read(ld_builder *b, const ld_msg *m)
{
	if (!b->o.keep_intake)
		return;
	ld_intake in = intake_of(b, m);
	in.inbox = 0;   /* found by Message-ID, not placed in the archive */
	in.pos = -1;
	LD_VEC_PUSH(b->r->read, b->r->n_read, b->cap_read, in);
}

static int cmp_known(const void *x, const void *y)
{
	const ld_known *a = x, *c = y;
	if (a->pos != c->pos)
		return a->pos < c->pos ? -1 : 1;
	return strcmp(a->message_id, c->message_id);
}

static void settle_known(ld_builder *b)
{
	ld_report *r = b->r;
	const ld_index *x = b->o.index;
	r->known = ld_arena_alloc(r->arena, (b->known.n + 1) * sizeof(ld_known));
	for (size_t i = 0; x && i < b->known.cap; i++) {
		const ld_index_entry *e = b->known.keys[i] ? ld_index_find(x, b->known.keys[i]) : NULL;
		if (!e || ld_index_position(x, e) < 0)
			continue;
		ld_known *k = &r->known[r->n_known++];
		k->pos = ld_index_position(x, e);
		k->message_id = ld_arena_strdup(b->r->arena, e->message_id);
		k->subject = ld_arena_strdup(b->r->arena, e->subject);
		k->from_name = ld_arena_strdup(b->r->arena, e->from_name);
		k->from_addr = ld_arena_strdup(b->r->arena, e->from_addr);
		k->in_reply_to = ld_arena_strdup(b->r->arena, e->in_reply_to);
		k->root = ld_arena_strdup(b->r->arena, e->root);
		k->change_id = ld_arena_strdup(b->r->arena, e->change_id);
		k->version_links = ld_arena_strdup(b->r->arena, e->version_links);
		k->date = e->date;
	}
	qsort(r->known, r->n_known, sizeof(ld_known), cmp_known);
}

/* Where each message stands in the archive (the index's record of its
 * Message-ID when that record is this commit; a second copy of a
 * Message-ID stands with its first), and the index entries asked. */
void rb_settle_intake(ld_builder *b)
{
	ld_report *r = b->r;
	if (!b->o.keep_intake)
		return;
	r->have_intake = 1;
	r->inbox = ld_arena_strdup(b->r->arena, b->o.inbox_name ? b->o.inbox_name : "");
	r->run_local = b->run.local;
	r->given_list_name = b->o.list_name ? ld_arena_strdup(b->r->arena, b->o.list_name) : NULL;
	r->given_lore_url = b->o.lore_url ? ld_arena_strdup(b->r->arena, b->o.lore_url) : NULL;
	const ld_index *x = b->o.index;
	for (size_t i = 0; x && i < r->n_intake; i++) {
		ld_intake *in = &r->intake[i];
		const ld_index_entry *e = *in->message_id ? ld_index_find_in(x, in->inbox, in->message_id) : NULL;
		if (e && *in->commit && e->commit && !strcmp(e->commit, in->commit))
			in->pos = ld_index_position(x, e);
	}
	settle_known(b);
}
