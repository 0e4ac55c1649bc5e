/* store/index_mem.c - an archive index held in memory, made of entries
 * (ld_index_of_entries): what `listdigest merge` knows of the parts'
 * archives, as their JSON reports carry it; and where an entry stands
 * (ld_index_position).  The queries of index.c answer from it as from a
 * file's index. */
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
