/* report/names.c - the names the builder's files share: people's shown
 * names and "Name <addr>" labels, after mailmap; counters; and where a
 * message stands by its ids (the posting it replies to, its thread root,
 * what the archive index knows of an id). */
#include "report/builder.h"

/* The name shown for an address: the display name, or the local part of
 * the address when there is none (as the example's david.laight.linux). */
char *rb_shown_name(const char *name, const char *addr)
{
	if (*name)
		return ld_xstrdup(name);
	const char *at = strrchr(addr, '@');
	return at ? ld_xstrndup(addr, (size_t)(at - addr)) : ld_xstrdup(addr);
}

/* "Name <addr>", the name shown as rb_shown_name() says. */
char *rb_name_addr(ld_arena *a, const char *name, const char *addr)
{
	char *n = rb_shown_name(name, addr);
	ld_buf b;
	ld_buf_init(&b);
	ld_buf_addf(&b, "%s <%s>", n, addr);
	free(n);
	return a ? ld_arena_detach(a, &b) : ld_buf_detach(&b);
}

/* s as a string of the report (its arena). */
char *rb_keep(ld_builder *b, const char *s)
{
	return ld_arena_strdup(b->r->arena, s);
}

/* "" as a string of the report, one for all. */
char *rb_empty(ld_builder *b)
{
	if (!b->empty)
		b->empty = rb_keep(b, "");
	return b->empty;
}

/* The n strings of v as an array of the report; NULL when n is 0. */
char **rb_keep_strv(ld_builder *b, const char *const *v, size_t n)
{
	char **c = n ? ld_arena_alloc(b->r->arena, n * sizeof(char *)) : NULL;
	for (size_t i = 0; i < n; i++)
		c[i] = rb_keep(b, v[i]);
	return c;
}

char *rb_lower_dup(const char *s)
{
	char *k = ld_xstrdup(s);
	ld_ascii_lower(k);
	return k;
}

/* The person after mailmap: heap name and lower-cased address. */
void rb_canonical(ld_builder *b, const char *name, const char *addr, char **on, char **oa)
{
	const char *n, *a;
	ld_mailmap_map(b->o.mailmap, name, addr, &n, &a);
	*on = ld_xstrdup(n);
	*oa = rb_lower_dup(a);
}

void rb_count(ld_map *m, const char *key)
{
	unsigned long **slot = (unsigned long **)ld_map_slot(m, key);
	if (!*slot)
		*slot = ld_xcalloc(1, sizeof(unsigned long));
	(**slot)++;
}

void rb_free_counts(ld_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i])
			free(m->vals[i]);
	ld_map_release(m);
}

size_t rb_posting_by_id(ld_builder *b, const char *id)
{
	if (!*id)
		return LD_NONE;
	void *v = ld_map_get(&b->by_id, id);
	return v ? (size_t)(uintptr_t)v - 1 : LD_NONE;
}

/* The series a message replying to ids belongs to: the posting it
 * replies to (In-Reply-To, then References from the nearest). */
size_t rb_replied_posting(ld_builder *b, const ld_msg *m)
{
	size_t p = rb_posting_by_id(b, m->in_reply_to);
	for (size_t i = m->n_refs; p == LD_NONE && i-- > 0;)
		p = rb_posting_by_id(b, m->refs[i]);
	return p;
}

const char *rb_thread_root(const ld_msg *m)
{
	if (m->n_refs)
		return m->refs[0];
	if (*m->in_reply_to)
		return m->in_reply_to;
	return m->message_id;
}

/* The message m replies to directly: In-Reply-To, else the last
 * References id; "" for a thread starter. */
const char *rb_direct_parent(const ld_msg *m)
{
	if (*m->in_reply_to)
		return m->in_reply_to;
	return m->n_refs ? m->refs[m->n_refs - 1] : "";
}

char *rb_ancestors(const ld_msg *m)
{
	ld_buf ids;
	ld_buf_init(&ids);
	ld_buf_adds(&ids, m->in_reply_to);
	for (size_t i = m->n_refs; i-- > 0;)
		ld_buf_addf(&ids, "%s%s", ids.len ? " " : "", m->refs[i]);
	return ld_buf_detach(&ids);
}

/* An entry of the index that the range may use: not newer than the
 * range's last message, so that the report does not depend on what
 * arrived after it. */
const ld_index_entry *rb_index_find(const ld_builder *b, const char *id, int64_t not_after)
{
	if (!b->o.index || !*id)
		return NULL;
	const ld_index_entry *e = ld_index_find(b->o.index, id);
	rb_know((ld_builder *)b, e);
	return e && e->date <= not_after ? e : NULL;
}

/* One question of the intake to the index (rb_index_ask), recorded while
 * probing: offsets into probe_text, answer SIZE_MAX for none. */
struct rb_probe {
	size_t id, answer;
	int64_t not_after;
	int what;
};

static const char *ask(const ld_builder *b, int what, const char *id, int64_t not_after)
{
	const ld_index_entry *e;
	if (b->probing) {
		e = *id ? b->probe_find(b->probe_ctx, id) : NULL;
		rb_know((ld_builder *)b, e);
		e = e && e->date <= not_after ? e : NULL;
	} else {
		e = rb_index_find(b, id, not_after);
	}
	if (!e)
		return NULL;
	if (what == RB_ASK_ROOT)
		return *e->root ? e->root : NULL;
	return e->from_addr;
}

const char *rb_index_ask(ld_builder *b, int what, const char *id, int64_t not_after)
{
	const char *a = ask(b, what, id, not_after);
	if (!b->probing || !*id)
		return a;
	struct rb_probe p = { b->probe_text.len, SIZE_MAX, not_after, what };
	ld_buf_add(&b->probe_text, id, strlen(id) + 1);
	if (a) {
		p.answer = b->probe_text.len;
		ld_buf_add(&b->probe_text, a, strlen(a) + 1);
	}
	LD_VEC_PUSH(b->probes, b->n_probes, b->cap_probes, p);
	return a;
}

void rb_probes_release(ld_builder *b)
{
	free(b->probes);
	b->probes = NULL;
	b->n_probes = b->cap_probes = 0;
	ld_buf_release(&b->probe_text);
	b->probing = 0;
}

void ld_builder_probe_index(ld_builder *b,
			    const ld_index_entry *(*find)(void *ctx, const char *id), void *ctx)
{
	b->probing = 1;
	b->probe_find = find;
	b->probe_ctx = ctx;
}

int ld_builder_settle_index(ld_builder *b, const ld_index *x)
{
	b->o.index = x;
	b->probing = 0;
	int same = 1;
	for (size_t i = 0; i < b->n_probes && same; i++) {
		const struct rb_probe *p = &b->probes[i];
		const char *now = ask(b, p->what, b->probe_text.s + p->id, p->not_after);
		const char *then = p->answer == SIZE_MAX ? NULL : b->probe_text.s + p->answer;
		same = now == then || (now && then && !strcmp(now, then));
	}
	rb_probes_release(b);
	return same;
}
