/* index.c - the archive index: one record per commit of the whole archive
 * (every message, every removal), so that a run can ask about messages
 * outside its range (which earlier version a series replaces, the cover
 * letter of a thread, the Date of a commit) without reading them again.
 * This file owns the file format (reading and checking it) and the
 * queries; index_build.c where it lives and building and writing it (the
 * run parses the messages a build needs: run/index_update.c); what the
 * answers mean for a report is the report's business (versions.c,
 * report.c).
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
 *   header   "LDINDEX\n", u32 version (4), u32 0x01020304 (byte order),
 *            u32 record size, u32 epochs, u64 records, u64 string bytes,
 *            u32 sizes of the Message-ID and thread-root tables
 *   epochs   per epoch: i32 number (N of git/N.git), u64 first record,
 *            u64 record count, 20-byte newest indexed commit
 *   records  per commit, in archive order (epochs in order, each oldest
 *            first): commit and blob ids (`m`, or `d` of a removal),
 *            Date, commit time, offsets of its strings in the pool
 *            (Message-ID, Subject, From name, From address, In-Reply-To,
 *            thread root, change-id, version links, commit in hex), the
 *            parsed subject tags, the kind (message, removal, other),
 *            whether the Date was usable and whether a removal removed it
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

/* Catches truncation and flipped bytes; the cache is trusted for its
 * owner and mode, not for this. */
uint64_t ld_ix_checksum(const unsigned char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	for (; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
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
 * records' deleted flags. */
void ld_ix_list_msgs(ld_index *x)
{
	x->msgs = ld_xcalloc(x->n ? x->n : 1, sizeof(size_t));
	x->n_msgs = 0;
	for (size_t i = 0; i < x->n; i++)
		if (x->recs[i].kind == LD_COMMIT_MSG && !x->recs[i].deleted)
			x->msgs[x->n_msgs++] = i;
}

/* A lookup table of the file: record numbers + 1 (0 = empty) below n,
 * with an empty slot so that every probe ends. */
static int table_ok(const uint32_t *slot, size_t cap, size_t n)
{
	size_t empty = 0;
	for (size_t i = 0; i < cap; i++) {
		if (slot[i] > n)
			return 0;
		empty += !slot[i];
	}
	return empty > 0;
}

/* The header and trailer of an image of len bytes, with every part
 * within the file, exactly (sizes checked without overflow), and its
 * checksum; 0 when any check fails. */
static int check_frame(const char *buf, size_t len, fheader *hp)
{
	fheader h;
	ftrailer t;
	if (len < sizeof(h) + sizeof(t))
		return 0;
	memcpy(&h, buf, sizeof(h));
	memcpy(&t, buf + len - sizeof(t), sizeof(t));
	if (memcmp(h.magic, INDEX_MAGIC, 8) || h.version != INDEX_VERSION || h.endian != INDEX_ENDIAN ||
	    h.rec_size != sizeof(frec) || memcmp(t.end, INDEX_END, 8))
		return 0;
	/* sizes, without overflow: every part within the file, exactly */
	size_t room = len - sizeof(h) - sizeof(t);
	if (h.n_epochs > room / sizeof(fepoch))
		return 0;
	room -= h.n_epochs * sizeof(fepoch);
	if (h.n_recs > room / sizeof(frec) || h.n_recs >= UINT32_MAX)
		return 0;
	room -= h.n_recs * sizeof(frec);
	/* the tables: powers of two, room for them and root_next */
	if (!h.id_cap || !h.root_cap || (h.id_cap & (h.id_cap - 1)) || (h.root_cap & (h.root_cap - 1)) ||
	    (uint64_t)h.id_cap + h.root_cap + h.n_recs > room / 4)
		return 0;
	room -= ((size_t)h.id_cap + h.root_cap + h.n_recs) * 4;
	if (h.strings != room || h.strings == 0 || h.strings > UINT32_MAX)
		return 0;
	if (ld_ix_checksum((const unsigned char *)buf, len - sizeof(t)) != t.sum)
		return 0;
	const char *pool = buf + len - sizeof(t) - h.strings;
	if (pool[0] || pool[h.strings - 1])
		return 0;
	*hp = h;
	return 1;
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

/* Record k from fr, of the archive's epoch index idx (-1: gone); its
 * strings in the pool of size bytes. */
static int read_record(ld_index *x, size_t k, const frec *frp, const char *pool, size_t size,
		       int idx)
{
	frec fr = *frp;
	rec *r = &x->recs[k];
	const char **s[N_STR] = {
		&r->e.message_id, &r->e.subject, &r->e.from_name, &r->e.from_addr,
		&r->e.in_reply_to, &r->e.root, &r->e.change_id, &r->e.version_links,
		&r->e.commit
	};
	for (int j = 0; j < N_STR; j++) {
		if (fr.s[j] >= size)
			return 0;
		*s[j] = pool + fr.s[j];
	}
	if (fr.kind > LD_COMMIT_DEL)
		return 0;
	memcpy(r->commit, fr.commit, 20);
	memcpy(r->blob, fr.blob, 20);
	r->kind = fr.kind;
	r->date_ok = fr.date_ok;
	r->deleted = fr.deleted;
	r->e.date = fr.date;
	r->e.commit_time = fr.commit_time;
	r->e.epoch = idx;
	/* offsets into the subject stay inside the pool */
	size_t sl = size - 1 - fr.s[S_SUBJECT];
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

/* The records at *p, each epoch's with the archive's index of it. */
static int read_records(ld_index *x, const char **p, const char *pool, size_t size, ld_archive *a)
{
	size_t ne = ld_archive_epoch_count(a);
	for (size_t i = 0; i < x->n_ep; i++) {
		/* the archive's index of this epoch number; -1: gone */
		int idx = -1;
		for (size_t e = 0; e < ne; e++)
			if (ld_archive_epoch_number(a, e) == x->ep[i].number)
				idx = (int)e;
		for (size_t k = x->ep[i].first; k < x->ep[i].first + x->ep[i].count; k++, *p += sizeof(frec)) {
			frec fr;
			memcpy(&fr, *p, sizeof(fr));
			if (!read_record(x, k, &fr, pool, size, idx))
				return 0;
		}
	}
	return 1;
}

/* The tables at p, as written (probes end, chains go forward), used in
 * place. */
static int adopt_tables(ld_index *x, const fheader *h, const char *p)
{
	const uint32_t *tab = (const uint32_t *)(const void *)p;   /* 8-aligned: see serialize (index_build.c) */
	size_t ic = h->id_cap, rc = h->root_cap;
	if (!table_ok(tab, ic, x->n) || !table_ok(tab + ic, rc, x->n))
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

/* The load read every byte of a mapped image (the checksum) and every
 * record; the queries touch only a few of its pages (the strings and
 * table slots of what they ask).  Giving the pages back to the page
 * cache keeps them out of the run's resident memory (an x4 bench
 * archive's index is 18 MB): later reads fault them in again from the
 * same file, which is never written in place (replaced by rename). */
static void release_pages(const ld_index *x)
{
	long page = sysconf(_SC_PAGESIZE);
	if (!x->mapped || page <= 0)
		return;
	size_t whole = x->len & ~((size_t)page - 1);
	if (whole)
		madvise(x->image, whole, MADV_DONTNEED);
}

/* Checks a whole image and makes it the index (index.h). */
ld_index *ld_ix_load_image(char *buf, size_t len, int mapped, ld_archive *a)
{
	fheader h;
	if (!check_frame(buf, len, &h))
		goto bad;
	const char *pool = buf + len - sizeof(ftrailer) - h.strings;
	ld_index *x = ld_xcalloc(1, sizeof(*x));
	x->image = buf;
	x->len = len;
	x->mapped = mapped;
	x->n = h.n_recs;
	x->n_ep = h.n_epochs;
	x->ep = ld_xcalloc(x->n_ep ? x->n_ep : 1, sizeof(epoch_info));
	x->recs = ld_xcalloc(x->n ? x->n : 1, sizeof(rec));
	const char *p = buf + sizeof(h);
	if (!read_epochs(x, &p) || !read_records(x, &p, pool, h.strings, a) ||
	    !adopt_tables(x, &h, p))
		goto bad_x;
	ld_ix_list_msgs(x);
	release_pages(x);
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
	close(fd);
	return buf ? ld_ix_load_image(buf, len, 1, a) : NULL;
}

void ld_ix_close(ld_index *x)
{
	if (!x)
		return;
	if (x->mapped)
		munmap(x->image, x->len);
	else
		free(x->image);
	free(x->recs);
	free(x->ep);
	free(x->msgs);
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
	size_t h = hash_bytes(message_id, strlen(message_id)) & x->by_id.mask;
	for (; x->by_id.slot[h]; h = (h + 1) & x->by_id.mask) {
		const rec *r = &x->recs[x->by_id.slot[h] - 1];
		if (!strcmp(r->e.message_id, message_id))
			return &r->e;
	}
	return NULL;
}

void ld_ix_thread(const ld_index *x, const char *root_id,
		     void (*fn)(void *ctx, const ld_index_entry *e), void *ctx)
{
	if (!x || !root_id || !*root_id)
		return;
	size_t h = hash_bytes(root_id, strlen(root_id)) & x->by_root.mask;
	for (; x->by_root.slot[h]; h = (h + 1) & x->by_root.mask) {
		size_t i = x->by_root.slot[h] - 1;
		if (strcmp(x->recs[i].e.root, root_id))
			continue;
		for (size_t k = i + 1; k; k = x->root_next[k - 1])
			fn(ctx, &x->recs[k - 1].e);
		return;
	}
}

size_t ld_ix_count(const ld_index *x)
{
	return x ? x->n_msgs : 0;
}

const ld_index_entry *ld_ix_at(const ld_index *x, size_t i)
{
	return x && i < x->n_msgs ? &x->recs[x->msgs[i]].e : NULL;
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
		const rec *r = &x->recs[i];
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
		LD_VEC_PUSH(out->items, out->n, cap, it);
	}
	/* TO: the newest commit of the newest epoch that has one */
	for (size_t e = x->n_ep; e-- > 0;)
		if (*x->ep[e].head) {
			memcpy(out->to, x->ep[e].head, 41);
			break;
		}
}

void ld_index_filter(ld_index *x, int64_t since, int64_t until, ld_range *r)
{
	if (!x || (!since && !until))
		return;
	if (!x->by_commit.slot) {
		ld_ix_table_init(&x->by_commit, x->n);
		for (size_t i = 0; i < x->n; i++) {
			size_t h = hash_bytes(x->recs[i].commit, 20) & x->by_commit.mask;
			while (x->by_commit.slot[h])
				h = (h + 1) & x->by_commit.mask;
			x->by_commit.slot[h] = (uint32_t)i + 1;
		}
	}
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++) {
		const ld_item *it = &r->items[i];
		const rec *found = NULL;
		if (it->kind == LD_ITEM_GIT) {
			size_t h = hash_bytes(it->commit, 20) & x->by_commit.mask;
			for (; x->by_commit.slot[h]; h = (h + 1) & x->by_commit.mask) {
				const rec *c = &x->recs[x->by_commit.slot[h] - 1];
				if (!memcmp(c->commit, it->commit, 20) && c->e.epoch == it->epoch) {
					found = c;
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
