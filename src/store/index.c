/* index.c - the archive index: one record per commit of the whole archive
 * (every message, every removal), so that a run can ask about messages
 * outside its range (which earlier version a series replaces, the cover
 * letter of a thread, the Date of a commit) without reading them again.
 * This file owns the file format (reading and checking it) and the
 * queries; index_place.c where it lives, index_build.c building and
 * writing it (the run parses the messages a build needs:
 * run/index_update.c); what the answers mean for a report is the
 * report's business (versions.c, report.c).
 *
 * Where: --cache-dir DIR, else $LISTDIGEST_CACHE, else
 * $XDG_CACHE_HOME/listdigest, else $HOME/.cache/listdigest; with none of
 * them there is no index (never the current directory).  One file per
 * inbox, named after the inbox and a hash of its real path:
 * <name>-<16 hex>.index.  The directory and the file must belong to the
 * user and be writable by nobody else (a cache is trusted as it is read):
 * otherwise the run goes on without an index, with one warning.
 *
 * The file is a cache for this machine, not an exchange format: binary,
 * in the host's byte order, written whole by the lockfile helper as a
 * private file (util/lockfile.c: temporary, fsync, rename; mode 0600).
 *
 *   header   "LDINDEX\n", u32 version (5), u32 0x01020304 (byte order),
 *            u32 record size, u32 epochs, u64 records, u64 string bytes,
 *            u32 sizes of the Message-ID and thread-root tables
 *   epochs   per epoch: i32 number (N of git/N.git), u64 first record,
 *            u64 record count, 20-byte newest indexed commit
 *   records  per commit, in archive order (epochs in order, each oldest
 *            first): commit and blob ids (`m`, or `d` of a removal),
 *            Date, commit time, offsets of its strings in the pool
 *            (Message-ID, Subject, From name, From address, In-Reply-To,
 *            thread root, change-id, version links, commit in hex), the
 *            parsed subject tags, the blob's size (u32) and whether it is
 *            known, the kind (message, removal, other), whether the Date
 *            was usable and whether a removal removed it
 *   tables   u32 record numbers + 1 (0: empty), open addressing with
 *            ld_hash: by Message-ID (first copy), by thread root (the
 *            first message of each thread); then per record the next
 *            message of the same thread (+ 1, 0: none), all computed when
 *            the file is written so that a load hashes nothing
 *   strings  NUL-terminated UTF-8, each distinct string once, offset 0 ""
 *   trailer  u64 checksum of everything before it, "LDIXEND\n"
 *
 * A file that fails any check (magic, version, byte order, sizes, the
 * checksum, a string offset out of the pool, epochs out of order, a table
 * entry out of range or a thread chain that does not go forward) is
 * not trusted: the index is built again from the archive.  Each run
 * reads only the commits after each epoch's recorded newest commit; an
 * epoch whose recorded commit left the history (public-inbox-purge or
 * -edit) is indexed again from its start. */
#include "store/index.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the file's image ------------------------------------------------ */

/* In a scan of every record of a mapped image (the load, a window):
 * the records before k given back every SCAN_PIECE records. */
enum { SCAN_PIECE = 4096 };
static void scan_release(const ld_index *x, size_t k)
{
	if (x->mapped && !x->recs && k && k % SCAN_PIECE == 0)
		ld_ix_give_back(x->frecs + (k - SCAN_PIECE) * sizeof(frec), x->frecs + k * sizeof(frec));
}

void ld_ix_table_init(table *t, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	t->slot = ld_xcalloc(cap, sizeof(uint32_t));
	t->mask = cap - 1;
}

void ld_ix_hex20(char out[41], const unsigned char id[20])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 20; i++) {
		out[2 * i] = digits[id[i] >> 4];
		out[2 * i + 1] = digits[id[i] & 15];
	}
	out[40] = 0;
}

/* The list of messages in order (records not removed), from the
 * records' deleted flags (an index made in memory: recs). */
void ld_ix_list_msgs(ld_index *x)
{
	x->msgs = ld_xcalloc(x->n ? x->n : 1, sizeof(uint32_t));
	x->n_msgs = 0;
	for (size_t i = 0; i < x->n; i++)
		if (x->recs[i].kind == LD_COMMIT_MSG && !x->recs[i].deleted)
			x->msgs[x->n_msgs++] = (uint32_t)i;
}

/* The epochs at *p, in order and covering the records exactly. */
static int read_epochs(ld_index *x, const char **p)
{
	size_t next = 0;
	for (size_t i = 0; i < x->n_ep; i++, *p += sizeof(fepoch)) {
		fepoch fe;
		memcpy(&fe, *p, sizeof(fe));
		if (fe.first != next || fe.count > x->n - next || (i && fe.number <= x->ep[i - 1].number))
			return 0;
		x->ep[i].number = fe.number;
		x->ep[i].first = fe.first;
		x->ep[i].count = fe.count;
		static const unsigned char zero[20];
		if (memcmp(fe.head, zero, 20))
			ld_ix_hex20(x->ep[i].head, fe.head);
		next += fe.count;
	}
	return next == x->n;
}

/* The archive's index of the epoch that holds record k (-1: gone). */
static int epoch_of(const ld_index *x, size_t k)
{
	for (size_t i = 0; i < x->n_ep; i++)
		if (k >= x->ep[i].first && k - x->ep[i].first < x->ep[i].count)
			return x->ep_idx[i];
	return -1;
}

/* Record k of a file's image into r; 0 when a string offset lies
 * outside the pool, the kind is unknown or a size is not a message's
 * (the load checks every record so: a later decode finds them sound). */
static int decode_frec(const ld_index *x, size_t k, const frec *frp, rec *r)
{
	frec fr = *frp;
	const char **s[N_STR] = {
		&r->e.message_id, &r->e.subject, &r->e.from_name, &r->e.from_addr,
		&r->e.in_reply_to, &r->e.root, &r->e.change_id, &r->e.version_links,
		&r->e.commit
	};
	for (int j = 0; j < N_STR; j++) {
		if (fr.s[j] >= x->pool_size)
			return 0;
		*s[j] = x->pool + fr.s[j];
	}
	if (fr.kind > LD_COMMIT_DEL || fr.sized > 1 || (fr.sized && fr.kind != LD_COMMIT_MSG))
		return 0;
	memcpy(r->commit, fr.commit, 20);
	memcpy(r->blob, fr.blob, 20);
	r->kind = fr.kind;
	r->size = fr.size;
	r->sized = fr.sized;
	r->date_ok = fr.date_ok;
	r->deleted = fr.deleted;
	r->no = k;
	r->e.date = fr.date;
	r->e.commit_time = fr.commit_time;
	r->e.epoch = epoch_of(x, k);
	/* offsets into the subject stay inside the pool */
	size_t sl = x->pool_size - 1 - fr.s[S_SUBJECT];
	r->e.subj.reply = fr.reply;
	r->e.subj.patch = fr.patch;
	r->e.subj.rfc = fr.rfc;
	r->e.subj.resend = fr.resend;
	r->e.subj.counter = fr.counter;
	r->e.subj.total = fr.total;
	r->e.subj.version = fr.version;
	r->e.subj.tags_start = fr.tags_start <= sl ? fr.tags_start : sl;
	r->e.subj.title = fr.title <= sl ? fr.title : sl;
	return 1;
}

/* Record k as a scan reads it: from the image (its pages are released
 * after the scan: ld_ix_release_pages). */
static int decode(const ld_index *x, size_t k, rec *r)
{
	frec fr;
	memcpy(&fr, x->frecs + k * sizeof(frec), sizeof(fr));
	return decode_frec(x, k, &fr, r);
}

/* n records from k on, as a query or a scan asks them: read from the
 * file when there is one, so that the mapping's pages of the records
 * are not faulted in for the rest of the run (they are 57% of the file:
 * 120 bytes a message); the same bytes as the image's (the file is
 * replaced by rename, never written in place). */
static void read_frecs(const ld_index *x, size_t k, size_t n, frec *out)
{
	off_t at = (off_t)(x->frecs - x->image) + (off_t)(k * sizeof(frec));
	ssize_t want = (ssize_t)(n * sizeof(frec));
	if (!x->fd1 || pread(x->fd1 - 1, out, (size_t)want, at) != want)
		memcpy(out, x->frecs + k * sizeof(frec), (size_t)want);
}

static void decode_one(const ld_index *x, size_t k, rec *r)
{
	frec fr;
	read_frecs(x, k, 1, &fr);
	decode_frec(x, k, &fr, r);   /* checked at load */
}

const rec *ld_ix_rec(const ld_index *x, size_t k)
{
	if (x->recs)
		return &x->recs[k];
	/* the cache of decoded records is no part of what x answers */
	ld_index *w = (ld_index *)(uintptr_t)x;
	if (!w->lazy[k]) {
		rec *r = ld_arena_alloc(w->decoded, sizeof(rec));
		decode_one(x, k, r);
		w->lazy[k] = r;
	}
	return w->lazy[k];
}

void ld_ix_decode(const ld_index *x, size_t k, rec *out)
{
	/* never x->lazy: a range is made from one index (ld_index_window)
	 * while the builder asks another inbox's (run/several.c) */
	if (x->recs)
		*out = x->recs[k];
	else
		decode(x, k, out);
}

const char *ld_ix_str(const ld_index *x, size_t k, int which)
{
	if (x->recs)
		return which == S_MID ? x->recs[k].e.message_id : x->recs[k].e.root;
	return x->pool + (which == S_MID ? x->mid_off[k] : x->root_off[k]);   /* checked at load */
}

/* Every record of the image checked as decode reads it (given back to
 * the page cache piece by piece), each epoch with the archive's index of
 * it; the messages listed in order (a scan reads their tags and Date
 * from the file: ld_ix_peek). */
static int read_records(ld_index *x, ld_archive *a)
{
	size_t ne = ld_archive_epoch_count(a);
	x->ep_idx = ld_xcalloc(x->n_ep ? x->n_ep : 1, sizeof(int));
	for (size_t i = 0; i < x->n_ep; i++) {
		x->ep_idx[i] = -1;
		for (size_t e = 0; e < ne; e++)
			if (ld_archive_epoch_number(a, e) == x->ep[i].number)
				x->ep_idx[i] = (int)e;
	}
	x->msgs = ld_xcalloc(x->n ? x->n : 1, sizeof(uint32_t));
	x->mid_off = ld_xcalloc(x->n ? x->n : 1, sizeof(uint32_t));
	x->root_off = ld_xcalloc(x->n ? x->n : 1, sizeof(uint32_t));
	for (size_t k = 0; k < x->n; k++) {
		rec r;
		scan_release(x, k);
		if (!decode(x, k, &r))
			return 0;
		x->mid_off[k] = (uint32_t)(r.e.message_id - x->pool);
		x->root_off[k] = (uint32_t)(r.e.root - x->pool);
		if (r.kind == LD_COMMIT_MSG && !r.deleted)
			x->msgs[x->n_msgs++] = (uint32_t)k;
	}
	return 1;
}

/* The tables at p, as written (probes end, chains go forward), used in
 * place. */
static int adopt_tables(ld_index *x, const fheader *h, const char *p)
{
	const uint32_t *tab = (const uint32_t *)(const void *)p;   /* 8-aligned: see serialize (index_build.c) */
	size_t ic = h->id_cap, rc = h->root_cap;
	if (!ld_ix_table_ok(tab, ic, x->n) || !ld_ix_table_ok(tab + ic, rc, x->n))
		return 0;
	for (size_t i = 0; i < x->n; i++)
		if (tab[ic + rc + i] && tab[ic + rc + i] - 1 <= i)
			return 0;
	x->by_id.slot = (uint32_t *)(uintptr_t)tab;
	x->by_id.mask = ic - 1;
	x->by_root.slot = (uint32_t *)(uintptr_t)(tab + ic);
	x->by_root.mask = rc - 1;
	x->root_next = (uint32_t *)(uintptr_t)(tab + ic + rc);
	x->tables_in_image = 1;
	return 1;
}

/* The queries of a run touch the pages of the strings and table slots
 * they read, scattered over the whole file (5 MB of the x4 bench
 * archive's 18 MB by the end of a run): every SETTLE queries they are
 * given back, so the index holds about what the last ones read. */
enum { SETTLE = 512 };
static void settle(const ld_index *x)
{
	ld_index *w = (ld_index *)(uintptr_t)x;   /* no part of what x answers */
	if (++w->asked >= SETTLE) {
		w->asked = 0;
		ld_ix_release_pages(x);
	}
}

/* Checks a whole image and makes it the index (index.h). */
ld_index *ld_ix_load_image(char *buf, size_t len, int mapped, ld_archive *a)
{
	fheader h;
	if (!ld_ix_check_frame(buf, len, mapped, &h))
		goto bad;
	const char *pool = buf + len - sizeof(ftrailer) - h.strings;
	ld_index *x = ld_xcalloc(1, sizeof(*x));
	x->image = buf;
	x->len = len;
	x->mapped = mapped;
	x->n = h.n_recs;
	x->n_ep = h.n_epochs;
	x->ep = ld_xcalloc(x->n_ep ? x->n_ep : 1, sizeof(epoch_info));
	x->pool = pool;
	x->pool_size = h.strings;
	x->lazy = ld_xcalloc(x->n ? x->n : 1, sizeof(rec *));
	x->decoded = ld_arena_new();
	const char *p = buf + sizeof(h);
	if (!read_epochs(x, &p))
		goto bad_x;
	x->frecs = p;
	p += x->n * sizeof(frec);
	if (!read_records(x, a) || !adopt_tables(x, &h, p))
		goto bad_x;
	ld_ix_release_pages(x);
	return x;
bad_x:
	x->image = NULL;
	ld_ix_close(x);
bad:
	if (mapped)
		munmap(buf, len);
	else
		free(buf);
	return NULL;
}

/* The index file as it is, NULL when missing or not sound. */
ld_index *ld_ix_load_file(const char *path, ld_archive *a)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat sb;
	char *buf = NULL;
	size_t len = 0;
	/* mapped, not read: no copy, and the pages are the page cache's
	 * (the file is replaced by rename, never written in place) */
	if (!fstat(fd, &sb) && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
	    (uint64_t)sb.st_size <= INDEX_MAX_BYTES) {
		len = (size_t)sb.st_size;
		void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		buf = m == MAP_FAILED ? NULL : m;
	}
	ld_index *x = buf ? ld_ix_load_image(buf, len, 1, a) : NULL;
	if (x)
		x->fd1 = fd + 1;
	else
		close(fd);
	return x;
}

void ld_ix_close(ld_index *x)
{
	if (!x)
		return;
	if (x->mapped)
		munmap(x->image, x->len);
	else
		free(x->image);
	if (x->fd1)
		close(x->fd1 - 1);
	free(x->recs);
	free(x->lazy);
	free(x->mid_off);
	free(x->root_off);
	ld_arena_free(x->decoded);
	free(x->peek_buf);
	free(x->ep_idx);
	free(x->ep);
	free(x->msgs);
	free(x->place);
	if (!x->tables_in_image) {
		free(x->by_id.slot);
		free(x->by_root.slot);
		free(x->root_next);
	}
	free(x->by_commit.slot);
	free(x);
}

/* ---- queries (of one inbox's index: index_set.c's ld_index_* ask each
 * part of a union) ----------------------------------------------------- */

const ld_index_entry *ld_ix_find(const ld_index *x, const char *message_id)
{
	if (!x || !message_id || !*message_id)
		return NULL;
	settle(x);
	size_t h = hash_bytes(message_id, strlen(message_id)) & x->by_id.mask;
	for (; x->by_id.slot[h]; h = (h + 1) & x->by_id.mask) {
		size_t k = x->by_id.slot[h] - 1;
		if (!strcmp(ld_ix_str(x, k, S_MID), message_id))
			return &ld_ix_rec(x, k)->e;
	}
	return NULL;
}

void ld_ix_thread(const ld_index *x, const char *root_id,
		     void (*fn)(void *ctx, const ld_index_entry *e), void *ctx)
{
	if (!x || !root_id || !*root_id)
		return;
	settle(x);
	size_t h = hash_bytes(root_id, strlen(root_id)) & x->by_root.mask;
	for (; x->by_root.slot[h]; h = (h + 1) & x->by_root.mask) {
		size_t i = x->by_root.slot[h] - 1;
		if (strcmp(ld_ix_str(x, i, S_ROOT), root_id))
			continue;
		for (size_t k = i + 1; k; k = x->root_next[k - 1])
			fn(ctx, &ld_ix_rec(x, k - 1)->e);
		return;
	}
}

size_t ld_ix_count(const ld_index *x)
{
	return x ? x->n_msgs : 0;
}

const ld_index_entry *ld_ix_at(const ld_index *x, size_t i)
{
	if (!x || i >= x->n_msgs)
		return NULL;
	settle(x);
	return &ld_ix_rec(x, x->msgs[i])->e;
}

/* Record k of a file's index for a scan of every message: from a piece
 * of PEEK_PIECE records read at once, forward from k, or backward when
 * the scan goes backward (versions.c); about a pread per 500 messages,
 * and nothing kept per message. */
enum { PEEK_PIECE = 512 };
static const frec *scan_frec(const ld_index *x, size_t k)
{
	ld_index *w = (ld_index *)(uintptr_t)x;   /* no part of what x answers */
	if (k < x->peek_lo || k - x->peek_lo >= x->peek_n) {
		if (!w->peek_buf)
			w->peek_buf = ld_xmalloc(PEEK_PIECE * sizeof(frec));
		size_t lo = k >= x->peek_lo ? k : k + 1 >= PEEK_PIECE ? k + 1 - PEEK_PIECE : 0;
		w->peek_n = x->n - lo < PEEK_PIECE ? x->n - lo : PEEK_PIECE;
		w->peek_lo = lo;
		read_frecs(x, lo, x->peek_n, w->peek_buf);
	}
	return &x->peek_buf[k - x->peek_lo];
}

int64_t ld_ix_peek(const ld_index *x, size_t i, ld_subject *tags)
{
	memset(tags, 0, sizeof(*tags));
	if (x->recs) {
		const ld_index_entry *e = &x->recs[x->msgs[i]].e;
		*tags = e->subj;
		tags->tags_start = tags->title = 0;
		return e->date;
	}
	const frec *f = scan_frec(x, x->msgs[i]);
	tags->reply = f->reply;
	tags->patch = f->patch;
	tags->rfc = f->rfc;
	tags->resend = f->resend;
	tags->counter = f->counter;
	tags->total = f->total;
	tags->version = f->version;
	return f->date;
}

static int in_window(int64_t t, int64_t since, int64_t until)
{
	return !(since && t < since) && !(until && t >= until);
}

void ld_index_window(const ld_index *x, int64_t since, int64_t until, ld_range *out)
{
	memset(out, 0, sizeof(*out));
	size_t cap = 0;
	for (size_t i = 0; i < x->n; i++) {
		rec one;
		const rec *r = &one;
		scan_release(x, i);
		ld_ix_decode(x, i, &one);
		if (r->kind != LD_COMMIT_MSG) {
			out->skipped++;
			continue;
		}
		if (r->e.epoch < 0 || !in_window(r->e.date, since, until))
			continue;
		if (r->deleted) {
			out->deleted++;
			continue;
		}
		ld_item it;
		memset(&it, 0, sizeof(it));
		memcpy(it.commit, r->commit, 20);
		memcpy(it.blob, r->blob, 20);
		it.time = r->e.commit_time;
		it.epoch = r->e.epoch;
		it.kind = LD_ITEM_GIT;
		it.size = r->size;
		it.sized = r->sized;
		LD_VEC_PUSH(out->items, out->n, cap, it);
	}
	/* TO: the newest commit of the newest epoch that has one */
	for (size_t e = x->n_ep; e-- > 0;)
		if (*x->ep[e].head) {
			memcpy(out->to, x->ep[e].head, 41);
			break;
		}
	ld_ix_release_pages(x);   /* every record was read */
}

void ld_index_filter(ld_index *x, int64_t since, int64_t until, ld_range *r)
{
	if (!x || (!since && !until))
		return;
	if (!x->by_commit.slot) {
		ld_ix_table_init(&x->by_commit, x->n);
		for (size_t i = 0; i < x->n; i++) {
			rec one;
			scan_release(x, i);
			ld_ix_decode(x, i, &one);
			size_t h = hash_bytes(one.commit, 20) & x->by_commit.mask;
			while (x->by_commit.slot[h])
				h = (h + 1) & x->by_commit.mask;
			x->by_commit.slot[h] = (uint32_t)i + 1;
		}
		ld_ix_release_pages(x);   /* every record was read */
	}
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++) {
		ld_item *it = &r->items[i];
		const rec *found = NULL;
		rec c;
		if (it->kind == LD_ITEM_GIT) {
			size_t h = hash_bytes(it->commit, 20) & x->by_commit.mask;
			for (; x->by_commit.slot[h]; h = (h + 1) & x->by_commit.mask) {
				ld_ix_decode(x, x->by_commit.slot[h] - 1, &c);
				if (!memcmp(c.commit, it->commit, 20) && c.e.epoch == it->epoch) {
					found = &c;
					it->size = c.size;   /* read without its header */
					it->sized = c.sized && !memcmp(c.blob, it->blob, 20);
					break;
				}
			}
		}
		/* with --state, the last message of each epoch is read even
		 * outside the window: the run (run/run.c) moves the state's mark
		 * past it (and its own Date filter leaves it out) */
		int last = r->marks && (i + 1 == r->n || r->items[i + 1].epoch != it->epoch);
		if (!found || found->kind != LD_COMMIT_MSG || last ||
		    in_window(found->e.date, since, until))
			r->items[k++] = *it;
	}
	r->n = k;
}
