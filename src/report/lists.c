/* report/lists.c - several inboxes in one report (INBOX...): the intake
 * drops the copies of a cross-posted message after the first (by
 * Message-ID, in the order the inboxes are given, as public-inbox keeps
 * one copy of a Message-ID within an inbox), and counts per inbox what
 * it read and dropped; at the end, the lists of the report (names,
 * List-Ids, lore URLs, counts), the title's names, and which list's lore
 * URL serves each message the report links to (the first inbox that
 * holds it: the copy the report kept, else the archive index's).  A
 * report of one inbox has one list and no look-up table. */
#include "report/builder.h"

typedef struct {
	const char *name;      /* the inbox's name (borrowed) */
	ld_map list_ids;       /* List-Id -> count (rb_count) */
	size_t messages, duplicates;
} inbox;

struct rb_inboxes {
	inbox *v;
	size_t n, cur;
	ld_map seen;           /* Message-ID -> inbox + 1 of its kept copy */
};

void ld_builder_set_inboxes(ld_builder *b, const char *const *names, size_t n)
{
	if (n < 2 || b->ib)
		return;
	struct rb_inboxes *ib = ld_xcalloc(1, sizeof(*ib));
	ib->v = ld_xcalloc(n, sizeof(*ib->v));
	ib->n = n;
	for (size_t k = 0; k < n; k++) {
		ib->v[k].name = names[k];
		ld_map_init(&ib->v[k].list_ids);
	}
	ld_map_init(&ib->seen);
	b->ib = ib;
}

void ld_builder_set_inbox(ld_builder *b, size_t k)
{
	if (b->ib && k < b->ib->n)
		b->ib->cur = k;
}

void ld_builder_set_place(ld_builder *b, int64_t place)
{
	b->next_place = place;
}

size_t rb_inbox_current(const ld_builder *b)
{
	return b->ib ? b->ib->cur : 0;
}

int rb_inbox_duplicate(ld_builder *b, const ld_msg *m)
{
	struct rb_inboxes *ib = b->ib;
	inbox *in = &ib->v[ib->cur];
	in->messages++;
	if (*m->message_id) {
		void **slot = ld_map_slot(&ib->seen, m->message_id);
		size_t first = (size_t)(uintptr_t)*slot;
		if (first && first - 1 != ib->cur) {
			/* an earlier inbox gave it: a cross-post, one posting */
			in->duplicates++;
			return 1;
		}
		*slot = (void *)(uintptr_t)(ib->cur + 1);
	}
	if (*m->list_id)
		rb_count(&in->list_ids, m->list_id);
	return 0;
}

void rb_inboxes_free(ld_builder *b)
{
	struct rb_inboxes *ib = b->ib;
	if (!ib)
		return;
	for (size_t k = 0; k < ib->n; k++)
		rb_free_counts(&ib->v[k].list_ids);
	ld_map_release(&ib->seen);
	free(ib->v);
	free(ib);
	b->ib = NULL;
}

/* The list whose lore URL serves message id: the inbox of the copy the
 * report kept, else the first inbox whose index holds it, else the
 * first. */
static size_t list_of(ld_builder *b, const char *id)
{
	void *v = ld_map_get(&b->ib->seen, id);
	if (v)
		return (size_t)(uintptr_t)v - 1;
	int p = ld_index_part(b->o.index, ld_index_find(b->o.index, id));
	return p > 0 && (size_t)p < b->ib->n ? (size_t)p : 0;
}

static void link_to(ld_builder *b, ld_map *done, ld_msg_list **v, size_t *cap, const char *id)
{
	ld_report *r = b->r;
	if (!*id || ld_map_get(done, id))
		return;
	*ld_map_slot(done, id) = (void *)1;
	ld_msg_list ml = { (char *)id, list_of(b, id) };
	LD_VEC_PUSH(*v, r->n_msg_lists, *cap, ml);
}

static int cmp_msg_list(const void *x, const void *y)
{
	return strcmp(((const ld_msg_list *)x)->message_id, ((const ld_msg_list *)y)->message_id);
}

/* Every message id the report holds (strings of the report), with the
 * list that serves it, sorted for ld_lore_base. */
static void settle_links(ld_builder *b)
{
	ld_report *r = b->r;
	ld_map done;
	ld_map_init(&done);
	ld_msg_list *v = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < r->n_postings; i++)
		link_to(b, &done, &v, &cap, r->postings[i].message_id);
	for (size_t i = 0; i < r->n_series; i++) {
		link_to(b, &done, &v, &cap, r->series[i].message_id);
		link_to(b, &done, &v, &cap, r->series[i].prev_message_id);
	}
	for (size_t i = 0; i < r->n_entries; i++)
		link_to(b, &done, &v, &cap, r->entries[i].message_id);
	for (size_t i = 0; i < r->n_discussions; i++)
		link_to(b, &done, &v, &cap, r->discussions[i].message_id);
	for (size_t i = 0; i < r->n_applied; i++)
		link_to(b, &done, &v, &cap, r->applied[i].message_id);
	for (size_t i = 0; i < r->n_pulls; i++)
		link_to(b, &done, &v, &cap, r->pulls[i].message_id);
	for (size_t i = 0; i < r->n_waiting; i++)
		link_to(b, &done, &v, &cap, r->waiting[i].message_id);
	ld_map_release(&done);
	if (r->n_msg_lists)
		qsort(v, r->n_msg_lists, sizeof(*v), cmp_msg_list);
	r->msg_lists = ld_arena_alloc(r->arena, r->n_msg_lists * sizeof(*v) + 1);
	if (r->n_msg_lists)
		memcpy(r->msg_lists, v, r->n_msg_lists * sizeof(*v));
	free(v);
}

/* The lists of several inboxes, and the title's names ("KVM, KVMARM";
 * --list-name names the whole report). */
static void settle_several(ld_builder *b)
{
	ld_report *r = b->r;
	struct rb_inboxes *ib = b->ib;
	ld_buf title;
	ld_buf_init(&title);
	for (size_t k = 0; k < ib->n; k++) {
		ld_list *l = &r->lists[k];
		char *name = rb_list_name(NULL, &ib->v[k].list_ids, ib->v[k].name);
		l->name = rb_keep(b, name);
		free(name);
		l->inbox = rb_keep(b, ib->v[k].name ? ib->v[k].name : "");
		l->list_id = rb_keep(b, rb_common_list_id(&ib->v[k].list_ids));
		/* --lore-url '' (no links) holds for every list; another
		 * --lore-url names one list and is refused with several */
		l->lore_url = rb_lore_url(b, b->o.lore_url, l->list_id);
		l->messages = ib->v[k].messages;
		l->duplicates = ib->v[k].duplicates;
		ld_buf_addf(&title, "%s%s", k ? ", " : "", l->name);
	}
	if (!b->o.list_name)
		r->list_name = rb_keep(b, title.s);
	ld_buf_release(&title);
	settle_links(b);
}

void rb_settle_lists(ld_builder *b)
{
	ld_report *r = b->r;
	size_t n = b->ib ? b->ib->n : 1;
	r->lists = ld_arena_alloc(r->arena, n * sizeof(ld_list));
	memset(r->lists, 0, n * sizeof(ld_list));
	r->n_lists = n;
	if (b->ib) {
		settle_several(b);
		return;
	}
	ld_list *l = &r->lists[0];
	l->name = r->list_name;
	l->inbox = rb_keep(b, b->o.inbox_name ? b->o.inbox_name : "");
	l->list_id = r->list_id;
	l->lore_url = r->lore_url;
	l->messages = r->n_messages;
}
