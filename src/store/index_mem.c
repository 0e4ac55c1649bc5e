/* store/index_mem.c - an archive index held in memory: made of entries
 * (ld_index_of_entries), what `listdigest merge` knows of the parts'
 * archives, as their JSON reports carry it; or of a draft's records
 * (index_build.c, a first run's index while its file is written); the
 * tables of both (and of the file's image, which keeps them).  Where an
 * entry stands (ld_index_position).  The queries of index.c answer from
 * it as from a file's index. */
#include "store/index.h"

#include <stdlib.h>
#include <string.h>

int64_t ld_index_position(const ld_index *x, const ld_index_entry *e)
{
	if (x && x->u)
		return ld_ix_union_position(x->u, e);
	int64_t k = ld_ix_position(x, e);
	return k >= 0 && x->place ? x->place[k] : k;
}

static int cmp_blob(const void *x, const void *y)
{
	return memcmp(x, y, 20);
}

/* Which messages of recs[0..n) a `d` commit removes (index.h). */
void ld_ix_mark_deleted(rec *recs, size_t n)
{
	size_t nd = 0;
	for (size_t i = 0; i < n; i++)
		nd += recs[i].kind == LD_COMMIT_DEL;
	unsigned char (*dels)[20] = ld_xcalloc(nd ? nd : 1, 20);
	nd = 0;
	for (size_t i = 0; i < n; i++)
		if (recs[i].kind == LD_COMMIT_DEL)
			memcpy(dels[nd++], recs[i].blob, 20);
	qsort(dels, nd, 20, cmp_blob);
	for (size_t i = 0; i < n; i++) {
		rec *r = &recs[i];
		r->deleted = r->kind == LD_COMMIT_MSG && nd && bsearch(r->blob, dels, nd, 20, cmp_blob);
	}
	free(dels);
}

/* The queries' tables, computed when the file is written (a load only
 * checks them): messages in order (without removed ones), by Message-ID
 * (first copy wins), by thread root. */
void ld_ix_build_tables(ld_index *x)
{
	ld_ix_mark_deleted(x->recs, x->n);
	ld_ix_list_msgs(x);

	ld_ix_table_init(&x->by_id, x->n_msgs);
	ld_ix_table_init(&x->by_root, x->n_msgs);
	x->root_next = ld_xcalloc(x->n ? x->n : 1, sizeof(uint32_t));
	for (size_t k = 0; k < x->n_msgs; k++) {
		size_t i = x->msgs[k];
		const char *id = x->recs[i].e.message_id;
		if (*id) {
			size_t h = hash_bytes(id, strlen(id)) & x->by_id.mask;
			for (; x->by_id.slot[h]; h = (h + 1) & x->by_id.mask)
				if (!strcmp(x->recs[x->by_id.slot[h] - 1].e.message_id, id))
					break;
			if (!x->by_id.slot[h])
				x->by_id.slot[h] = (uint32_t)i + 1;
		}
	}
	/* chains in archive order: prepend from the newest */
	for (size_t k = x->n_msgs; k-- > 0;) {
		size_t i = x->msgs[k];
		const char *root = x->recs[i].e.root;
		if (!*root)
			continue;
		size_t h = hash_bytes(root, strlen(root)) & x->by_root.mask;
		for (; x->by_root.slot[h]; h = (h + 1) & x->by_root.mask)
			if (!strcmp(x->recs[x->by_root.slot[h] - 1].e.root, root))
				break;
		x->root_next[i] = x->by_root.slot[h];
		x->by_root.slot[h] = (uint32_t)i + 1;
	}
}

enum { N_MEM = 8 };

static void fields(ld_index_entry *e, const char **f[N_MEM])
{
	const char **v[N_MEM] = {
		&e->message_id, &e->subject, &e->from_name, &e->from_addr,
		&e->in_reply_to, &e->root, &e->change_id, &e->version_links
	};
	memcpy(f, v, sizeof(v));
}

ld_index *ld_index_of_entries(const ld_index_entry *in, const int64_t *place, size_t n)
{
	ld_index *x = ld_xcalloc(1, sizeof(*x));
	x->recs = ld_xcalloc(n ? n : 1, sizeof(rec));
	x->n = n;
	if (place) {
		x->place = ld_xcalloc(n ? n : 1, sizeof(int64_t));
		memcpy(x->place, place, n * sizeof(int64_t));
	}
	size_t len = 1;
	for (size_t i = 0; i < n; i++) {
		const char **f[N_MEM];
		x->recs[i].e = in[i];
		fields(&x->recs[i].e, f);
		for (int j = 0; j < N_MEM; j++)
			len += (*f[j] ? strlen(*f[j]) : 0) + 1;
	}
	/* the strings in one block, as a file's image holds them */
	char *pool = ld_xmalloc(len), *p = pool;
	*p++ = 0;
	for (size_t i = 0; i < n; i++) {
		rec *r = &x->recs[i];
		const char **f[N_MEM];
		fields(&r->e, f);
		for (int j = 0; j < N_MEM; j++) {
			size_t l = *f[j] ? strlen(*f[j]) : 0;
			memcpy(p, l ? *f[j] : "", l + 1);
			*f[j] = p;
			p += l + 1;
		}
		r->e.commit = pool;
		r->e.commit_time = r->e.date;
		r->e.epoch = 0;
		r->kind = LD_COMMIT_MSG;
		r->date_ok = 1;
		r->no = i;
	}
	x->image = pool;
	x->len = len;
	ld_ix_build_tables(x);
	return x;
}
