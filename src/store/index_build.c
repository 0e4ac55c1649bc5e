/* index_build.c - the archive index (format: index.c; where it lives
 * and whether it may be trusted: index_place.c): building it, a draft of
 * every commit (the old records that stay, the commits after them),
 * whose new messages the run parses (run/index_update.c hands their
 * headers to ld_index_take), then the file's image, written by the
 * lockfile helper and loaded back. */
#include "store/index.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int nibble(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 0;
}

/* "" gives 20 zero bytes. */
static void unhex20(unsigned char out[20], const char *hex)
{
	memset(out, 0, 20);
	for (int k = 0; k < 20 && strlen(hex) == 40; k++)
		out[k] = (unsigned char)(nibble(hex[2 * k]) << 4 | nibble(hex[2 * k + 1]));
}

/* ---- building ---------------------------------------------------------- */

struct ld_index_draft {
	ld_archive *a;
	const char *path;         /* borrowed from the caller */
	ld_index *old;            /* the file as it was (records borrow its strings) */
	rec *recs;
	size_t n, cap;
	epoch_info *ep;
	size_t n_ep;
	size_t *pending;          /* records whose message is to be parsed */
	size_t n_pending, cap_pending, done;
	table by_id;              /* taken records by Message-ID (first copy) */
	ld_arena *text;           /* the taken messages' strings */
	/* the file, serialized, checked and written beside the run
	 * (ld_index_finish) from the index made in memory, which owns the
	 * records and their strings from then on (handed) */
	ld_index *made;
	int handed;
	ld_lockfile lk;
	int writing;              /* 1: a thread writes it, 2: written */
	pthread_t writer;
	ld_status wst;
	ld_err werr;
};
typedef ld_index_draft draft;

/* A string of the index: one line, no NUL inside (it is NUL-terminated
 * in the pool). */
static char *one_line(char *s)
{
	for (char *p = s; p && *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return s;
}

/* A string of a taken message, in the draft's arena ("" for NULL). */
static const char *keep(draft *d, const char *s)
{
	if (!s || !*s)
		return "";
	if (!d->text)
		d->text = ld_arena_new();
	return one_line(ld_arena_strdup(d->text, s));
}

/* The draft's records by Message-ID as they are taken, for
 * ld_index_draft_find (first copy wins, as in the file). */
static void remember(draft *d, size_t i)
{
	const char *id = d->recs[i].e.message_id;
	if (!*id)
		return;
	if (!d->by_id.slot)
		ld_ix_table_init(&d->by_id, d->n_pending);
	size_t h = hash_bytes(id, strlen(id)) & d->by_id.mask;
	for (; d->by_id.slot[h]; h = (h + 1) & d->by_id.mask)
		if (!strcmp(d->recs[d->by_id.slot[h] - 1].e.message_id, id))
			return;
	d->by_id.slot[h] = (uint32_t)i + 1;
}

void ld_index_take(ld_index_draft *d, const ld_msg *m)
{
	if (d->done >= d->n_pending)
		return;
	size_t i = d->pending[d->done++];
	rec *r = &d->recs[i];
	const char *root = m->n_refs ? m->refs[0] : m->in_reply_to ? m->in_reply_to : "";
	r->e.root = keep(d, root);
	r->e.message_id = keep(d, m->message_id);
	r->e.subject = keep(d, m->subject);
	r->e.from_name = keep(d, m->from_name);
	r->e.from_addr = keep(d, m->from_addr);
	if (*r->e.from_addr)
		ld_ascii_lower((char *)r->e.from_addr);   /* the arena's copy */
	r->e.in_reply_to = keep(d, m->in_reply_to);
	r->e.change_id = keep(d, m->change_id);
	r->e.version_links = keep(d, m->version_links);
	r->e.date = m->date;
	r->date_ok = m->date_ok;
	r->e.subj = m->subj;
	/* what the read found (the blob, or its header over the size
	 * limit): later runs read it without the header's look-up */
	r->sized = m->size <= UINT32_MAX;
	r->size = r->sized ? (uint32_t)m->size : 0;
	remember(d, i);
}

const ld_index_entry *ld_index_draft_find(const ld_index_draft *d, const char *message_id)
{
	const ld_index_entry *e = ld_ix_find(d->old, message_id);
	if (e || !d->by_id.slot || !message_id || !*message_id)
		return e;
	size_t h = hash_bytes(message_id, strlen(message_id)) & d->by_id.mask;
	for (; d->by_id.slot[h]; h = (h + 1) & d->by_id.mask) {
		const rec *r = &d->recs[d->by_id.slot[h] - 1];
		if (!strcmp(r->e.message_id, message_id))
			return &r->e;
	}
	return NULL;
}

void ld_index_draft_free(ld_index_draft *d)
{
	if (!d)
		return;
	if (d->writing == 1)
		pthread_join(d->writer, NULL);
	if (!d->handed) {
		ld_ix_close(d->old);
		free(d->recs);
		ld_arena_free(d->text);
	}
	free(d->ep);
	free(d->pending);
	free(d->by_id.slot);
	free(d);
}

/* The pool's strings by content: each distinct string once (a reply's
 * In-Reply-To is often its root).  Open addressing over pool offsets
 * (+ 1), compared in the pool itself: no copy of a key, nothing to free
 * one by one (ld_map copied and freed each of kvmarm's 100,000 strings:
 * two thirds of serialize). */
typedef struct {
	table t;
	size_t n;
} pool_set;

static size_t pool_probe(const table *t, const ld_buf *pool, const char *s, size_t len)
{
	size_t h = hash_bytes(s, len) & t->mask;
	for (; t->slot[h]; h = (h + 1) & t->mask)
		if (!strcmp(pool->s + t->slot[h] - 1, s))
			break;
	return h;
}

static uint32_t pool_add(ld_buf *pool, pool_set *seen, const char *s)
{
	if (!*s)
		return 0;
	size_t len = strlen(s);
	size_t h = pool_probe(&seen->t, pool, s, len);
	if (seen->t.slot[h])
		return seen->t.slot[h] - 1;
	uint32_t off = (uint32_t)pool->len;
	ld_buf_add(pool, s, len + 1);
	seen->t.slot[h] = off + 1;
	if (++seen->n * 2 > seen->t.mask) {   /* at most half full */
		table old = seen->t;
		ld_ix_table_init(&seen->t, seen->n * 2);
		for (size_t i = 0; i <= old.mask; i++) {
			if (!old.slot[i])
				continue;
			const char *k = pool->s + old.slot[i] - 1;
			seen->t.slot[pool_probe(&seen->t, pool, k, strlen(k))] = old.slot[i];
		}
		free(old.slot);
	}
	return off;
}

/* The records of the file, their strings added to pool; NULL when the
 * pool would not fit the format's 32-bit offsets. */
static frec *records(const ld_index *x, ld_buf *pool)
{
	pool_set seen = { { NULL, 0 }, 0 };
	ld_ix_table_init(&seen.t, 1024);
	frec *fr = ld_xcalloc(x->n ? x->n : 1, sizeof(frec));
	for (size_t i = 0; i < x->n; i++) {
		const rec *r = &x->recs[i];
		const char *s[N_STR] = {
			r->e.message_id, r->e.subject, r->e.from_name, r->e.from_addr,
			r->e.in_reply_to, r->e.root, r->e.change_id, r->e.version_links,
			r->e.commit
		};
		memcpy(fr[i].commit, r->commit, 20);
		memcpy(fr[i].blob, r->blob, 20);
		fr[i].date = r->e.date;
		fr[i].commit_time = r->e.commit_time;
		for (int j = 0; j < N_STR; j++)
			fr[i].s[j] = pool_add(pool, &seen, s[j] ? s[j] : "");
		fr[i].counter = r->e.subj.counter;
		fr[i].total = r->e.subj.total;
		fr[i].version = r->e.subj.version;
		fr[i].tags_start = (uint32_t)r->e.subj.tags_start;
		fr[i].title = (uint32_t)r->e.subj.title;
		fr[i].reply = (uint8_t)r->e.subj.reply;
		fr[i].patch = (uint8_t)r->e.subj.patch;
		fr[i].rfc = (uint8_t)r->e.subj.rfc;
		fr[i].resend = (uint8_t)r->e.subj.resend;
		fr[i].kind = (uint8_t)r->kind;
		fr[i].date_ok = (uint8_t)r->date_ok;
		fr[i].deleted = (uint8_t)r->deleted;
		fr[i].size = r->size;
		fr[i].sized = (uint8_t)(r->sized && r->kind == LD_COMMIT_MSG);
		if (pool->len >= UINT32_MAX - 1) {
			free(fr);
			free(seen.t.slot);
			return NULL;
		}
	}
	free(seen.t.slot);
	return fr;
}

/* The epochs of the file at p; returns the end. */
static char *put_epochs(const ld_index *x, char *p)
{
	for (size_t i = 0; i < x->n_ep; i++, p += sizeof(fepoch)) {
		fepoch fe;
		memset(&fe, 0, sizeof(fe));
		fe.number = x->ep[i].number;
		fe.first = x->ep[i].first;
		fe.count = x->ep[i].count;
		unhex20(fe.head, x->ep[i].head);   /* all zero: an empty epoch */
		memcpy(p, &fe, sizeof(fe));
	}
	return p;
}

/* The file's bytes for the index made from the draft (its records,
 * epochs and tables, only read: the run asks it meanwhile); NULL when
 * it would not fit the format's 32-bit offsets. */
static char *serialize(const ld_index *x, size_t *len)
{
	ld_buf pool;
	ld_buf_init(&pool);
	ld_buf_addc(&pool, 0);   /* offset 0: "" */
	frec *fr = records(x, &pool);
	if (!fr) {
		ld_buf_release(&pool);
		return NULL;
	}
	fheader h;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, INDEX_MAGIC, 8);
	h.version = INDEX_VERSION;
	h.endian = INDEX_ENDIAN;
	h.rec_size = sizeof(frec);
	h.n_epochs = (uint32_t)x->n_ep;
	h.n_recs = x->n;
	h.strings = pool.len;
	h.id_cap = (uint32_t)(x->by_id.mask + 1);
	h.root_cap = (uint32_t)(x->by_root.mask + 1);
	size_t tabs = ((size_t)h.id_cap + h.root_cap + x->n) * 4;
	*len = sizeof(h) + x->n_ep * sizeof(fepoch) + x->n * sizeof(frec) + tabs + pool.len +
	       sizeof(ftrailer);
	char *buf = ld_xcalloc(1, *len), *p = buf;
	memcpy(p, &h, sizeof(h));
	p = put_epochs(x, p + sizeof(h));
	memcpy(p, fr, x->n * sizeof(frec));
	p += x->n * sizeof(frec);
	/* (every part before is a multiple of 8 bytes: the tables are
	 * aligned for a load that uses them in place) */
	memcpy(p, x->by_id.slot, (size_t)h.id_cap * 4);
	p += (size_t)h.id_cap * 4;
	memcpy(p, x->by_root.slot, (size_t)h.root_cap * 4);
	p += (size_t)h.root_cap * 4;
	memcpy(p, x->root_next, x->n * 4);
	p += x->n * 4;
	memcpy(p, pool.s, pool.len);
	p += pool.len;
	ftrailer t;
	memset(&t, 0, sizeof(t));
	t.sum = ld_ix_checksum((const unsigned char *)buf, (size_t)(p - buf));
	memcpy(t.end, INDEX_END, 8);
	memcpy(p, &t, sizeof(t));
	free(fr);
	ld_buf_release(&pool);
	return buf;
}

#define WRITE_HINT "give --cache-dir or --no-index"

/* Writes len bytes of img to d's temporary file and commits it (the
 * lockfile helper: atomic, a private file); 0 when done, else the
 * lockfile says why. */
static int put_file(draft *d, const char *img, size_t len)
{
	size_t put = 0;
	while (put < len) {
		ssize_t k = write(d->lk.fd, img + put, len - put);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			d->lk.step = NULL;
			d->lk.errnum = k < 0 ? errno : EIO;
			ld_lockfile_rollback(&d->lk);
			return -1;
		}
		put += (size_t)k;
	}
	return ld_lockfile_commit(&d->lk);
}

/* The file of the index made (d->made), beside the report's finish: its
 * image serialized, checked as a load checks it, written into d->lk
 * begun by ld_index_finish; d->wst says how it went.  Serializing takes
 * some 50 ms on a 21,000-message archive, the fsync of the commit tens
 * of milliseconds, hundreds when the disk is busy: none of it is on the
 * report's way. */
static void *write_file(void *arg)
{
	draft *d = arg;
	size_t len = 0;
	char *img = serialize(d->made, &len);
	if (!img) {
		ld_lockfile_rollback(&d->lk);
		ld_err_set(&d->werr, LD_E_OUTPUT, "the archive index %s would exceed the format's 4 GiB of text; use --no-index", d->path);
		d->wst = LD_E_OUTPUT;
		return NULL;
	}
	ld_index *back = ld_ix_load_image(img, len, 0, d->a);   /* takes img */
	if (!back) {
		ld_lockfile_rollback(&d->lk);
		ld_err_set(&d->werr, LD_E_OUTPUT, "the archive index %s was built but does not check (a bug): use --no-index", d->path);
		d->wst = LD_E_OUTPUT;
		return NULL;
	}
	if (put_file(d, back->image, back->len)) {
		ld_lockfile_err(&d->lk, &d->werr, LD_E_OUTPUT, "the archive index ", d->path, WRITE_HINT);
		d->wst = LD_E_OUTPUT;
	}
	ld_ix_close(back);
	return NULL;
}

ld_status ld_index_draft_written(ld_index_draft *d, ld_err *err)
{
	if (d->writing == 1)
		pthread_join(d->writer, NULL);
	d->writing = 2;
	if (d->wst)
		*err = d->werr;
	return d->wst;
}

static const epoch_info *old_epoch(const ld_index *old, int number)
{
	for (size_t i = 0; old && i < old->n_ep; i++)
		if (old->ep[i].number == number)
			return &old->ep[i];
	return NULL;
}

/* The draft: for each epoch, the old records that stay and the commits
 * after them; *changed when anything differs from old. */
static ld_status plan(ld_archive *a, const ld_index *old, draft *d, int *changed, ld_err *err)
{
	size_t ne = ld_archive_epoch_count(a);
	/* first what changed (the commits after each recorded head): a run
	 * on an unchanged archive copies nothing */
	ld_commit **cs = ld_xcalloc(ne ? ne : 1, sizeof(*cs));
	size_t *ncs = ld_xcalloc(ne ? ne : 1, sizeof(size_t));
	const epoch_info **oes = ld_xcalloc(ne ? ne : 1, sizeof(*oes));
	char (*heads)[41] = ld_xcalloc(ne ? ne : 1, 41);
	ld_status st = LD_OK;
	*changed = !old || old->n_ep != ne;
	for (size_t e = 0; e < ne && !st; e++) {
		const epoch_info *oe = old_epoch(old, ld_archive_epoch_number(a, e));
		ld_err e2;
		st = ld_archive_epoch_commits(a, e, oe && *oe->head ? oe->head : NULL, &cs[e], &ncs[e],
					      heads[e], &e2);
		if (st == LD_E_REV) {
			oe = NULL;   /* history rewritten: this epoch again */
			st = ld_archive_epoch_commits(a, e, NULL, &cs[e], &ncs[e], heads[e], &e2);
		}
		if (st)
			*err = e2;
		else if (!oe || ncs[e] || strcmp(oe->head, heads[e]))
			*changed = 1;
		oes[e] = oe;
	}
	d->ep = ld_xcalloc(ne ? ne : 1, sizeof(epoch_info));
	for (size_t e = 0; e < ne && !st && *changed; e++) {
		const epoch_info *oe = oes[e];
		const ld_commit *c = cs[e];
		epoch_info *de = &d->ep[d->n_ep++];
		de->number = ld_archive_epoch_number(a, e);
		de->first = d->n;
		snprintf(de->head, sizeof(de->head), "%s", heads[e]);
		for (size_t i = 0; oe && i < oe->count; i++) {
			rec r;
			ld_ix_decode(old, oe->first + i, &r);
			r.e.epoch = (int)e;
			r.deleted = 0;
			LD_VEC_PUSH(d->recs, d->n, d->cap, r);
		}
		for (size_t i = 0; i < ncs[e]; i++) {
			rec r;
			memset(&r, 0, sizeof(r));
			r.e.message_id = r.e.subject = r.e.from_name = r.e.from_addr = "";
			r.e.in_reply_to = r.e.root = r.e.change_id = r.e.version_links = "";
			memcpy(r.commit, c[i].commit, 20);
			memcpy(r.blob, c[i].blob, 20);
			char hx[41];
			ld_ix_hex20(hx, c[i].commit);
			r.e.commit = keep(d, hx);
			r.kind = c[i].kind;
			r.e.date = r.e.commit_time = c[i].time;
			r.e.epoch = (int)e;
			r.e.subj.counter = r.e.subj.total = -1;
			r.e.subj.version = 1;
			if (r.kind == LD_COMMIT_MSG)
				LD_VEC_PUSH(d->pending, d->n_pending, d->cap_pending, d->n);
			LD_VEC_PUSH(d->recs, d->n, d->cap, r);
		}
		de->count = d->n - de->first;
	}
	for (size_t e = 0; e < ne; e++)
		free(cs[e]);
	free(cs);
	free(ncs);
	free(oes);
	free(heads);
	return st;
}

ld_status ld_index_begin(ld_archive *a, const char *path, ld_index **ready, ld_index_draft **out,
			 ld_err *err)
{
	*ready = NULL;
	*out = NULL;
	if (!path || !ld_archive_epoch_count(a))
		return LD_OK;   /* mbox, maildir: nothing to index */
	ld_status st = ld_ix_check_place(path, err);
	if (st)
		return st;
	draft *d = ld_xcalloc(1, sizeof(*d));
	d->a = a;
	d->path = path;
	d->old = ld_ix_load_file(path, a);
	int changed;
	st = plan(a, d->old, d, &changed, err);
	if (!st && !changed) {
		*ready = d->old;
		d->old = NULL;
	}
	if (st || !changed)
		ld_index_draft_free(d);
	else
		*out = d;
	return st;
}

void ld_index_pending(const ld_index_draft *d, ld_range *r)
{
	memset(r, 0, sizeof(*r));
	if (!d->n_pending)
		return;
	r->items = ld_xcalloc(d->n_pending, sizeof(ld_item));
	r->n = d->n_pending;
	for (size_t i = 0; i < d->n_pending; i++) {
		const rec *x = &d->recs[d->pending[i]];
		ld_item *it = &r->items[i];
		memcpy(it->commit, x->commit, 20);
		memcpy(it->blob, x->blob, 20);
		it->time = x->e.commit_time;
		it->epoch = x->e.epoch;
		it->kind = LD_ITEM_GIT;
	}
}

int ld_index_draft_window(ld_index_draft *d, ld_range *r)
{
	if (!d->n)
		return 0;
	/* the draft's records seen as an index: what window reads of one
	 * (kinds, removals, epochs and their heads; no Dates needed) */
	ld_index v;
	memset(&v, 0, sizeof(v));
	ld_ix_mark_deleted(d->recs, d->n);
	v.recs = d->recs;
	v.n = d->n;
	v.ep = d->ep;
	v.n_ep = d->n_ep;
	ld_index_window(&v, 0, 0, r);
	return 1;
}

/* The index of the draft's records, made in memory: the queries answer
 * from it as from the file's (index.c, an index with recs).  It takes
 * over the records, their strings (the draft's arena; the file the
 * draft started from, whose image holds the kept records' strings) and
 * a copy of the epochs. */
static ld_index *draft_index(draft *d)
{
	ld_index *x = ld_xcalloc(1, sizeof(*x));
	x->recs = d->recs;
	x->n = d->n;
	for (size_t i = 0; i < d->n; i++)
		d->recs[i].no = i;
	x->n_ep = d->n_ep;
	x->ep = ld_xcalloc(d->n_ep ? d->n_ep : 1, sizeof(epoch_info));
	memcpy(x->ep, d->ep, d->n_ep * sizeof(epoch_info));
	x->text = d->text;
	x->base = d->old;
	d->handed = 1;
	ld_ix_build_tables(x);
	return x;
}

ld_status ld_index_finish(ld_index_draft *d, ld_index **out, ld_err *err)
{
	*out = NULL;
	/* the place first: a cache that cannot be written fails here, at
	 * once, as before the index is used */
	if (ld_lockfile_begin_flags(&d->lk, d->path, LD_LOCKFILE_PRIVATE)) {
		ld_lockfile_err(&d->lk, err, LD_E_OUTPUT, "the archive index ", d->path, WRITE_HINT);
		return LD_E_OUTPUT;
	}
	d->made = *out = draft_index(d);
	/* the index made is only read from now on, by the run and by the
	 * writer; its callers close it after ld_index_draft_written or
	 * ld_index_draft_free */
	d->writing = 1;
	if (pthread_create(&d->writer, NULL, write_file, d)) {
		write_file(d);
		d->writing = 2;
	}
	return LD_OK;
}
