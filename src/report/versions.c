/* report/versions.c - which earlier version a series replaces ("supersedes").
 *
 * Asked of the archive index only, never of the rest of the report, so
 * that the answer for a series is the same whatever range it is shown
 * in; and only about messages not newer than the series' head, so that
 * nothing posted later changes it.  The ways, in order of trust:
 *   1. b4's change-id: a head with the same change-id and a lower version
 *      (b4 keeps it across versions, even when the title changes);
 *   2. a link of the cover letter on a line naming a version ("Link to
 *      v1: URL", "v2: URL", "previously posted at [1]":
 *      ld_body_version_links) whose target is a series with a lower
 *      version, of the same sender and a similar title, or of the very
 *      same title (taken over by another sender); a footnote to somebody
 *      else's patch is not a version;
 *   3. the same sender and the same normalized title with a lower version.
 * The answer is the highest version below the series' own that the first
 * way that finds one leads to.  A link may point further back than the
 * immediately previous version (v7 and v8 both citing v5): the versions
 * between the linked one and the series (of the linked one's sender and
 * title or change-id, or of the series' own sender and title) are then
 * preferred, as the report says what a series
 * replaces, not everything it descends from. */
#include "report/builder.h"

#include <stdlib.h>
#include <string.h>

/* Normalized title for matching versions: lower case, single spaces. */
static char *norm_title(const char *t)
{
	ld_buf b;
	ld_buf_init(&b);
	int space = 0;
	for (; *t; t++) {
		if (*t == ' ' || *t == '\t') {
			space = b.len > 0;
			continue;
		}
		if (space)
			ld_buf_addc(&b, ' ');
		space = 0;
		char c = *t;
		ld_buf_addc(&b, (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c);
	}
	return ld_buf_detach(&b);
}

/* A series head: cover letter, first patch or single patch. */
static int is_head(const ld_index_entry *e)
{
	return ld_subject_is_posting(&e->subj) && e->subj.counter <= 1;
}

/* Words of a normalized title (letters and digits runs). */
static size_t words(const char *t, const char **w, size_t *wl, size_t max)
{
	size_t n = 0;
	while (*t && n < max) {
		while (*t && !((*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9') || (unsigned char)*t >= 0x80))
			t++;
		const char *s = t;
		while ((*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9') || (unsigned char)*t >= 0x80)
			t++;
		if (t > s) {
			w[n] = s;
			wl[n++] = (size_t)(t - s);
		}
	}
	return n;
}

/* Similar titles: at least half of the words of the shorter title are in
 * the other (a new version often rewords a title a little: "add X" ->
 * "add X and Y", "kvm: arm64: fix Z" -> "KVM: arm64: Fix Z"). */
int ld_titles_similar(const char *a, const char *b)
{
	char *na = norm_title(a), *nb = norm_title(b);
	const char *wa[64], *wb[64];
	size_t la[64], lb[64];
	size_t ka = words(na, wa, la, 64), kb = words(nb, wb, lb, 64);
	size_t common = 0;
	for (size_t i = 0; i < ka; i++)
		for (size_t j = 0; j < kb; j++)
			if (la[i] == lb[j] && !memcmp(wa[i], wb[j], la[i])) {
				common++;
				break;
			}
	size_t shorter = ka < kb ? ka : kb;
	int ok = !strcmp(na, nb) || (shorter && 2 * common >= shorter &&
				     2 * common >= (ka > kb ? ka : kb) / 2);
	free(na);
	free(nb);
	return ok;
}

typedef struct {
	const ld_index_entry *best;
} pick;

/* Keeps the highest version, then the latest date. */
static void consider(pick *p, const ld_index_entry *e)
{
	if (!p->best || e->subj.version > p->best->subj.version ||
	    (e->subj.version == p->best->subj.version && e->date > p->best->date))
		p->best = e;
}

/* May e be an earlier version of a series of version v from sender,
 * headed by head, first posted at date? */
static int earlier(const ld_index_entry *e, int v, int64_t date, const char *head_id)
{
	return is_head(e) && e->subj.version < v && e->date <= date && strcmp(e->message_id, head_id);
}

typedef struct {
	const ld_index *x;
	ld_map by_change;    /* change-id -> first index position + 1 (chained below) */
	ld_map by_title;     /* sender \t title -> first position + 1 */
	ld_map wanted;       /* the sender \t title keys asked about */
	ld_map senders;      /* their senders: a head of another sender
	                        needs no key (normalizing every title of a
	                        big archive was most of the cost) */
	size_t *next_change, *next_title;  /* per index position, + 1 */
	void (*know)(void *ctx, const ld_index_entry *e);  /* the entries an
	                     answer came from (report/intake.c) */
	void *ctx;
} lookup;

static char *title_key(const char *sender, const char *title)
{
	char *t = norm_title(title);
	ld_buf k;
	ld_buf_init(&k);
	ld_buf_addf(&k, "%s\t%s", sender, t);
	free(t);
	return ld_buf_detach(&k);
}

/* Chains, in archive order, of the heads of the whole index by change-id
 * and by sender and title (for the wanted keys only: one pass, few
 * strings kept). */
static void build(lookup *l)
{
	size_t n = ld_index_count(l->x);
	l->next_change = ld_xcalloc(n + 1, sizeof(size_t));
	l->next_title = ld_xcalloc(n + 1, sizeof(size_t));
	for (size_t i = n; i-- > 0;) {
		ld_subject tags;
		ld_index_peek(l->x, i, &tags);
		if (!ld_subject_is_posting(&tags) || tags.counter > 1)
			continue;   /* no head: not decoded (store.h) */
		const ld_index_entry *e = ld_index_at(l->x, i);
		if (*e->change_id) {
			void **slot = ld_map_slot(&l->by_change, e->change_id);
			l->next_change[i] = (size_t)(uintptr_t)*slot;
			*slot = (void *)(uintptr_t)(i + 1);
		}
		if (e->subj.version >= 1 && ld_map_get(&l->senders, e->from_addr)) {
			char *k = title_key(e->from_addr, e->subject + e->subj.title);
			if (ld_map_get(&l->wanted, k)) {
				void **slot = ld_map_slot(&l->by_title, k);
				l->next_title[i] = (size_t)(uintptr_t)*slot;
				*slot = (void *)(uintptr_t)(i + 1);
			}
			free(k);
		}
	}
}

static void by_change(lookup *l, const char *cid, int v, int64_t date, const char *head_id, pick *p)
{
	for (size_t i = (size_t)(uintptr_t)ld_map_get(&l->by_change, cid); i; i = l->next_change[i - 1]) {
		const ld_index_entry *e = ld_index_at(l->x, i - 1);
		if (earlier(e, v, date, head_id))
			consider(p, e);
	}
}

static void by_title(lookup *l, const char *sender, const char *title, int v, int64_t date,
		     const char *head_id, pick *p)
{
	char *k = title_key(sender, title);
	for (size_t i = (size_t)(uintptr_t)ld_map_get(&l->by_title, k); i; i = l->next_title[i - 1]) {
		const ld_index_entry *e = ld_index_at(l->x, i - 1);
		if (earlier(e, v, date, head_id))
			consider(p, e);
	}
	free(k);
}

/* The series head a link target stands for: itself when it is a head,
 * else its thread's root when that is one (a link to patch 3 of v1). */
static const ld_index_entry *link_head(const lookup *l, const char *id)
{
	const ld_index_entry *e = ld_index_find(l->x, id);
	if (e)
		l->know(l->ctx, e);
	if (e && !is_head(e) && *e->root) {
		const ld_index_entry *root = ld_index_find(l->x, e->root);
		if (root)
			l->know(l->ctx, root);
		if (root && is_head(root))
			return root;
	}
	return e;
}

/* A linked series is the earlier version of a series of version v when
 * the same sender posted it under a similar title, or as the version
 * just before (v2 of a v3 retitled: "v2: URL" says so, and the link
 * stands on a version line); or when its title is the very same (a
 * series taken over by someone else: "Since v5 [1]" from the new
 * sender). */
static int link_fits(const ld_index_entry *e, const char *sender, const char *title, int v)
{
	char *a = norm_title(e->subject + e->subj.title), *b = norm_title(title);
	int same_title = !strcmp(a, b);
	free(a);
	free(b);
	if (same_title)
		return 1;
	return !strcmp(e->from_addr, sender) &&
	       (e->subj.version == v - 1 || ld_titles_similar(e->subject + e->subj.title, title));
}

static void by_links(lookup *l, const char *links, const char *sender, const char *title, int v,
		     int64_t date, const char *head_id, pick *p)
{
	for (const char *s = links; *s;) {
		const char *sp = strchr(s, ' ');
		size_t n = sp ? (size_t)(sp - s) : strlen(s);
		char *id = ld_xstrndup(s, n);
		const ld_index_entry *e = link_head(l, id);
		if (e && earlier(e, v, date, head_id) && link_fits(e, sender, title, v))
			consider(p, e);
		free(id);
		s = sp ? sp + 1 : s + n;
	}
	if (!p->best)
		return;
	/* a version between the linked one and this series */
	const ld_index_entry *linked = p->best;
	l->know(l->ctx, linked);
	pick later = { NULL };
	if (*linked->change_id)
		by_change(l, linked->change_id, v, date, head_id, &later);
	by_title(l, linked->from_addr, linked->subject + linked->subj.title, v, date, head_id, &later);
	by_title(l, sender, title, v, date, head_id, &later);
	if (later.best && later.best->subj.version > linked->subj.version)
		p->best = later.best;
}

/* The sender-and-title keys asked about: each query's, and those of the
 * targets of its version links (for the versions between). */
static void want(lookup *l, const rb_vquery *q, size_t n)
{
	for (size_t s = 0; s < n; s++) {
		if (q[s].version <= 1)
			continue;
		char *k = title_key(q[s].sender, q[s].title);
		*ld_map_slot(&l->wanted, k) = (void *)1;
		*ld_map_slot(&l->senders, q[s].sender) = (void *)1;
		free(k);
		const ld_index_entry *h = ld_index_find(l->x, q[s].message_id);
		for (const char *p = h ? h->version_links : ""; *p;) {
			const char *sp = strchr(p, ' ');
			size_t len = sp ? (size_t)(sp - p) : strlen(p);
			char *id = ld_xstrndup(p, len);
			const ld_index_entry *e = link_head(l, id);
			if (e) {
				char *k2 = title_key(e->from_addr, e->subject + e->subj.title);
				*ld_map_slot(&l->wanted, k2) = (void *)1;
				*ld_map_slot(&l->senders, e->from_addr) = (void *)1;
				free(k2);
			}
			free(id);
			p = sp ? sp + 1 : p + len;
		}
	}
}

static void know_nothing(void *ctx, const ld_index_entry *e)
{
	(void)ctx;
	(void)e;
}

/* rb_find_versions, telling know(ctx, e) each index entry an answer
 * came from (the heads asked, the links followed, the picks). */
static void find_versions(const ld_index *x, rb_vquery *q, size_t n,
			  void (*know)(void *ctx, const ld_index_entry *e), void *ctx)
{
	for (size_t s = 0; s < n; s++)
		q[s].prev = NULL;
	size_t asked = 0;
	for (size_t s = 0; s < n; s++)
		asked += q[s].version > 1;
	if (!x || !asked)
		return;
	lookup l;
	memset(&l, 0, sizeof(l));
	l.x = x;
	l.know = know;
	l.ctx = ctx;
	ld_map_init(&l.by_change);
	ld_map_init(&l.by_title);
	ld_map_init(&l.wanted);
	ld_map_init(&l.senders);
	want(&l, q, n);
	build(&l);
	for (size_t s = 0; s < n; s++) {
		rb_vquery *v = &q[s];
		if (v->version <= 1)
			continue;
		const ld_index_entry *h = ld_index_find(x, v->message_id);
		if (h)
			know(ctx, h);
		int64_t date = h && h->date < v->date ? h->date : v->date;
		pick p = { NULL };
		if (h && *h->change_id)
			by_change(&l, h->change_id, v->version, date, v->message_id, &p);
		if (!p.best && h && *h->version_links)
			by_links(&l, h->version_links, v->sender, v->title, v->version, date,
				 v->message_id, &p);
		if (!p.best)
			by_title(&l, v->sender, v->title, v->version, date, v->message_id, &p);
		v->prev = p.best;
		if (p.best)
			know(ctx, p.best);
	}
	ld_map_release(&l.by_change);
	ld_map_release(&l.by_title);
	ld_map_release(&l.wanted);
	ld_map_release(&l.senders);
	free(l.next_change);
	free(l.next_title);
}

void rb_find_versions(const ld_index *x, rb_vquery *q, size_t n,
		      void (*know)(void *ctx, const ld_index_entry *e), void *ctx)
{
	find_versions(x, q, n, know ? know : know_nothing, ctx);
}

/* The Message-ID of each posting whose own is not kept (a posting that
 * fails the filters keeps "": builder.c), from the keys of by_id (every
 * posting's, the first of two copies of an id: builder.c keeps the
 * second's own).  Borrowed from by_id; NULL where the posting has none. */
static const char **posting_ids(ld_builder *b)
{
	const char **ids = ld_xcalloc(b->r->n_postings + 1, sizeof(*ids));
	for (size_t i = 0; i < b->by_id.cap; i++)
		if (b->by_id.keys[i])
			ids[(size_t)(uintptr_t)b->by_id.vals[i] - 1] = b->by_id.keys[i];
	return ids;
}

/* A series is named by its head (its cover letter, else its lowest
 * patch, else a cover letter or patch 1 before the range: head_*) and
 * dated by its first posting (patches.c, rb_finish_series).  A filter
 * that drops the head or the first posting while the series stays
 * renames it after the postings that stay, but the earlier version it
 * replaces is a fact of the series, not of the filter: each series that
 * stays asks with what the unfiltered report asks, kept here before the
 * filters drop anything (sinfo.ask_*; where nothing is dropped, the same
 * facts it would ask with anyway).  A dropped posting keeps its subject,
 * tags and date, not its Message-ID (builder.c): that comes from by_id. */
void rb_keep_version_heads(ld_builder *b)
{
	ld_report *r = b->r;
	/* the series that stay: a posting of theirs passes (filters.c) */
	char *stays = ld_xcalloc(r->n_series + 1, 1);
	for (size_t i = 0; i < r->n_postings; i++)
		stays[r->postings[i].series] |= (char)b->pi[i].pass;
	const char **ids = NULL;
	for (size_t s = 0; s < r->n_series; s++) {
		sinfo *si = &b->si[s];
		if (!stays[s])
			continue;
		size_t head = si->cover != LD_NONE ? si->cover : si->n_posts ? si->posts[0] : si->first;
		const ld_posting *h = &r->postings[head];
		si->ask_title = si->head_title ? si->head_title : h->subject + h->subj.title;
		si->ask_id = si->head_id ? si->head_id : h->message_id;
		if (!*si->ask_id) {
			if (!ids)
				ids = posting_ids(b);
			si->ask_id = ids[head] ? ids[head] : "";
		}
		si->ask_date = r->postings[si->first].date;
	}
	free(ids);
	free(stays);
}

void rb_settle_versions(ld_builder *b)
{
	ld_report *r = b->r;
	if (!b->o.index || !r->n_series)
		return;
	rb_vquery *q = ld_xcalloc(r->n_series, sizeof(*q));
	for (size_t s = 0; s < r->n_series; s++) {
		const ld_series *se = &r->series[s];
		const sinfo *si = &b->si[s];
		q[s] = si->ask_id ? (rb_vquery){ se->sender, si->ask_title, si->ask_id, se->version, si->ask_date, NULL }
				  : (rb_vquery){ se->sender, se->title, se->message_id, se->version, se->date, NULL };
	}
	find_versions(b->o.index, q, r->n_series, rb_know_cb, b);
	for (size_t s = 0; s < r->n_series; s++) {
		ld_series *se = &r->series[s];
		if (!q[s].prev)
			continue;
		se->prev_version = q[s].prev->subj.version;
		se->prev_date = q[s].prev->date;
		se->prev_message_id = ld_arena_strdup(r->arena, q[s].prev->message_id);
	}
	free(q);
}
