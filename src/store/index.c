/* index.c - the archive index: one record per commit of the whole archive
 * (every message, every removal), so that a run can ask about messages
 * outside its range (which earlier version a series replaces, the cover
 * letter of a thread, the Date of a commit) without reading them again.
 * This file owns the file format and the queries; what the answers mean
 * for a report is the report's business (versions.c, report.c).
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
 * private file (lockfile.h: temporary, fsync, rename; mode 0600).
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
#include "store/store.h"
#include "run/run.h"   /* FIXME(layers): ld_run_headers; the index must not orchestrate */
#include "mail/mail.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define INDEX_MAGIC "LDINDEX\n"
#define INDEX_END "LDIXEND\n"
#define INDEX_VERSION 4u   /* 3: version links on "previously posted" lines; 4: tables in the file */
#define INDEX_ENDIAN 0x01020304u
/* a sanity bound on what is read: 1 GiB is some 3 million messages */
#define INDEX_MAX_BYTES ((size_t)1 << 30)

enum { S_MID, S_SUBJECT, S_FNAME, S_FADDR, S_IRT, S_ROOT, S_CHANGE, S_LINKS, S_COMMIT, N_STR };

typedef struct {
	char magic[8];
	uint32_t version, endian, rec_size, n_epochs;
	uint64_t n_recs, strings;
	uint32_t id_cap, root_cap;   /* sizes of the two lookup tables */
} fheader;

typedef struct {
	int32_t number;
	uint32_t pad;
	uint64_t first, count;
	unsigned char head[20];
	unsigned char pad2[4];
} fepoch;

typedef struct {
	unsigned char commit[20], blob[20];
	int64_t date, commit_time;
	uint32_t s[N_STR];
	int32_t counter, total, version;
	uint32_t tags_start, title;
	uint8_t reply, patch, rfc, resend, kind, date_ok, deleted, pad[1];
} frec;

typedef struct {
	uint64_t sum;
	char end[8];
} ftrailer;

/* One commit in memory: the entry handed out, and what the file keeps
 * beyond it. */
typedef struct {
	ld_index_entry e;
	unsigned char commit[20], blob[20];
	int kind;        /* LD_COMMIT_* */
	int date_ok;
	int deleted;     /* a message that a `d` commit removes */
} rec;

typedef struct {
	int number;
	size_t first, count;
	char head[41];
} epoch_info;

/* Open addressing over record numbers (+1; 0 = empty). */
typedef struct {
	uint32_t *slot;
	size_t mask;
} table;

struct ld_index {
	char *image;              /* the file's bytes: strings point into it */
	size_t len;
	int mapped;               /* image is mmap()ed, not malloc()ed */
	int tables_in_image;      /* by_id, by_root, root_next point into image */
	rec *recs;
	size_t n;
	epoch_info *ep;
	size_t n_ep;
	size_t *msgs;             /* records of messages not removed */
	size_t n_msgs;
	table by_id, by_root, by_commit;
	uint32_t *root_next;      /* next record with the same root, + 1 */
};

/* ---- where it lives, and whether it may be trusted ------------------- */

char *ld_index_path(const char *cache_dir, const char *inbox, const char *name)
{
	ld_buf b;
	ld_buf_init(&b);
	const char *env;
	if (cache_dir && *cache_dir)
		ld_buf_adds(&b, cache_dir);
	else if ((env = getenv("LISTDIGEST_CACHE")) && *env)
		ld_buf_adds(&b, env);
	else if ((env = getenv("XDG_CACHE_HOME")) && *env)
		ld_buf_addf(&b, "%s/listdigest", env);
	else if ((env = getenv("HOME")) && *env)
		ld_buf_addf(&b, "%s/.cache/listdigest", env);
	else {
		/* a cron job without HOME: an index in whatever directory it
		 * runs in would be a surprise (and maybe someone else's) */
		ld_buf_release(&b);
		return NULL;
	}
	char real[PATH_MAX];
	const char *id = realpath(inbox, real) ? real : inbox;
	ld_buf_addf(&b, "/%s-%016llx.index", name, (unsigned long long)ld_hash(id, strlen(id)));
	return ld_buf_detach(&b);
}

/* Creates the missing folders of path, private (XDG's rule for caches). */
static int mkdir_p(const char *path)
{
	char *p = ld_xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0700) && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, 0700) && errno != EEXIST ? -1 : 0;
	free(p);
	return rc;
}

/* Someone else's cache, or one others may write, could hand us any
 * bytes: refuse it (the run goes on without an index). */
static ld_status trusted(const char *what, const char *path, const struct stat *st, ld_err *err)
{
	if (st->st_uid != geteuid()) {
		ld_err_set(err, LD_E_OUTPUT, "the %s %s belongs to another user (uid %lu); not using it: give --cache-dir with a folder of your own",
			   what, path, (unsigned long)st->st_uid);
		return LD_E_OUTPUT;
	}
	if (st->st_mode & 022) {
		ld_err_set(err, LD_E_OUTPUT, "the %s %s is writable by group or others (mode %04o); not using it: chmod go-w it or give --cache-dir",
			   what, path, (unsigned)(st->st_mode & 07777));
		return LD_E_OUTPUT;
	}
	return LD_OK;
}

static ld_status check_place(const char *path, ld_err *err)
{
	char *dir = ld_xstrdup(path);
	char *slash = strrchr(dir, '/');
	ld_status st = LD_OK;
	struct stat sb;
	if (slash && slash != dir) {
		*slash = 0;
		if (stat(dir, &sb) && errno == ENOENT && mkdir_p(dir)) {
			ld_err_set(err, LD_E_OUTPUT, "cannot create the cache directory %s: %s; give --cache-dir or --no-index",
				   dir, strerror(errno));
			st = LD_E_OUTPUT;
		} else if (stat(dir, &sb)) {
			ld_err_set(err, LD_E_OUTPUT, "cannot use the cache directory %s: %s", dir, strerror(errno));
			st = LD_E_OUTPUT;
		} else if (!S_ISDIR(sb.st_mode)) {
			ld_err_set(err, LD_E_OUTPUT, "the cache directory %s is not a directory; give --cache-dir", dir);
			st = LD_E_OUTPUT;
		} else {
			st = trusted("cache directory", dir, &sb, err);
		}
	}
	free(dir);
	if (st)
		return st;
	if (!lstat(path, &sb)) {
		if (!S_ISREG(sb.st_mode)) {
			ld_err_set(err, LD_E_OUTPUT, "the archive index %s is not a regular file; not using it: remove it or give --cache-dir",
				   path);
			return LD_E_OUTPUT;
		}
		st = trusted("archive index", path, &sb, err);
	}
	return st;
}

/* ---- the file's image ------------------------------------------------ */

/* Catches truncation and flipped bytes; the cache is trusted for its
 * owner and mode, not for this. */
static uint64_t checksum(const unsigned char *p, size_t n)
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

static uint64_t hash_bytes(const void *p, size_t n)
{
	return ld_hash(p, n);
}

static void table_init(table *t, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	t->slot = ld_xcalloc(cap, sizeof(uint32_t));
	t->mask = cap - 1;
}

static void hex20(char out[41], const unsigned char id[20])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 20; i++) {
		out[2 * i] = digits[id[i] >> 4];
		out[2 * i + 1] = digits[id[i] & 15];
	}
	out[40] = 0;
}

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

static int cmp_blob(const void *x, const void *y)
{
	return memcmp(x, y, 20);
}

/* The queries' tables, computed when the file is written (a load only
 * checks them): messages in order (without removed ones), by Message-ID
 * (first copy wins), by thread root. */
static void list_msgs(ld_index *x);
static void build_tables(ld_index *x)
{
	size_t nd = 0;
	for (size_t i = 0; i < x->n; i++)
		nd += x->recs[i].kind == LD_COMMIT_DEL;
	unsigned char (*dels)[20] = ld_xcalloc(nd ? nd : 1, 20);
	nd = 0;
	for (size_t i = 0; i < x->n; i++)
		if (x->recs[i].kind == LD_COMMIT_DEL)
			memcpy(dels[nd++], x->recs[i].blob, 20);
	qsort(dels, nd, 20, cmp_blob);
	for (size_t i = 0; i < x->n; i++) {
		rec *r = &x->recs[i];
		r->deleted = r->kind == LD_COMMIT_MSG && nd && bsearch(r->blob, dels, nd, 20, cmp_blob);
	}
	free(dels);
	list_msgs(x);

	table_init(&x->by_id, x->n_msgs);
	table_init(&x->by_root, x->n_msgs);
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

/* The list of messages in order (records not removed), from the
 * records' deleted flags. */
static void list_msgs(ld_index *x)
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

/* Checks a whole image and makes it the index (the image is taken
 * over: freed, or unmapped when mapped); NULL when it is not a sound
 * index of this archive's layout. */
static ld_index *load_image(char *buf, size_t len, int mapped, ld_archive *a)
{
	fheader h;
	ftrailer t;
	if (len < sizeof(h) + sizeof(t))
		goto bad;
	memcpy(&h, buf, sizeof(h));
	memcpy(&t, buf + len - sizeof(t), sizeof(t));
	if (memcmp(h.magic, INDEX_MAGIC, 8) || h.version != INDEX_VERSION || h.endian != INDEX_ENDIAN ||
	    h.rec_size != sizeof(frec) || memcmp(t.end, INDEX_END, 8))
		goto bad;
	/* sizes, without overflow: every part within the file, exactly */
	size_t room = len - sizeof(h) - sizeof(t);
	if (h.n_epochs > room / sizeof(fepoch))
		goto bad;
	room -= h.n_epochs * sizeof(fepoch);
	if (h.n_recs > room / sizeof(frec) || h.n_recs >= UINT32_MAX)
		goto bad;
	room -= h.n_recs * sizeof(frec);
	/* the tables: powers of two, room for them and root_next */
	if (!h.id_cap || !h.root_cap || (h.id_cap & (h.id_cap - 1)) || (h.root_cap & (h.root_cap - 1)) ||
	    (uint64_t)h.id_cap + h.root_cap + h.n_recs > room / 4)
		goto bad;
	room -= ((size_t)h.id_cap + h.root_cap + h.n_recs) * 4;
	if (h.strings != room || h.strings == 0 || h.strings > UINT32_MAX)
		goto bad;
	if (checksum((const unsigned char *)buf, len - sizeof(t)) != t.sum)
		goto bad;
	const char *pool = buf + len - sizeof(t) - h.strings;
	if (pool[0] || pool[h.strings - 1])
		goto bad;

	ld_index *x = ld_xcalloc(1, sizeof(*x));
	x->image = buf;
	x->len = len;
	x->mapped = mapped;
	x->n = h.n_recs;
	x->n_ep = h.n_epochs;
	x->ep = ld_xcalloc(x->n_ep ? x->n_ep : 1, sizeof(epoch_info));
	x->recs = ld_xcalloc(x->n ? x->n : 1, sizeof(rec));
	const char *p = buf + sizeof(h);
	size_t next = 0;
	for (size_t i = 0; i < x->n_ep; i++, p += sizeof(fepoch)) {
		fepoch fe;
		memcpy(&fe, p, sizeof(fe));
		if (fe.first != next || fe.count > x->n - next || (i && fe.number <= x->ep[i - 1].number))
			goto bad_x;
		x->ep[i].number = fe.number;
		x->ep[i].first = fe.first;
		x->ep[i].count = fe.count;
		static const unsigned char zero[20];
		if (memcmp(fe.head, zero, 20))
			hex20(x->ep[i].head, fe.head);
		next += fe.count;
	}
	if (next != x->n)
		goto bad_x;
	size_t ne = ld_archive_epoch_count(a);
	for (size_t i = 0; i < x->n_ep; i++) {
		/* the archive's index of this epoch number; -1: gone */
		int idx = -1;
		for (size_t e = 0; e < ne; e++)
			if (ld_archive_epoch_number(a, e) == x->ep[i].number)
				idx = (int)e;
		for (size_t k = x->ep[i].first; k < x->ep[i].first + x->ep[i].count; k++, p += sizeof(frec)) {
			frec fr;
			memcpy(&fr, p, sizeof(fr));
			rec *r = &x->recs[k];
			const char **s[N_STR] = {
				&r->e.message_id, &r->e.subject, &r->e.from_name, &r->e.from_addr,
				&r->e.in_reply_to, &r->e.root, &r->e.change_id, &r->e.version_links,
				&r->e.commit
			};
			for (int j = 0; j < N_STR; j++) {
				if (fr.s[j] >= h.strings)
					goto bad_x;
				*s[j] = pool + fr.s[j];
			}
			if (fr.kind > LD_COMMIT_DEL)
				goto bad_x;
			memcpy(r->commit, fr.commit, 20);
			memcpy(r->blob, fr.blob, 20);
			r->kind = fr.kind;
			r->date_ok = fr.date_ok;
			r->deleted = fr.deleted;
			r->e.date = fr.date;
			r->e.commit_time = fr.commit_time;
			r->e.epoch = idx;
			/* offsets into the subject stay inside the pool */
			size_t sl = h.strings - 1 - fr.s[S_SUBJECT];
			r->e.subj.reply = fr.reply;
			r->e.subj.patch = fr.patch;
			r->e.subj.rfc = fr.rfc;
			r->e.subj.resend = fr.resend;
			r->e.subj.counter = fr.counter;
			r->e.subj.total = fr.total;
			r->e.subj.version = fr.version;
			r->e.subj.tags_start = fr.tags_start <= sl ? fr.tags_start : sl;
			r->e.subj.title = fr.title <= sl ? fr.title : sl;
		}
	}
	/* the tables, as written: probes end, chains go forward */
	const uint32_t *tab = (const uint32_t *)(const void *)p;   /* 8-aligned: see serialize */
	size_t ic = h.id_cap, rc = h.root_cap;
	if (!table_ok(tab, ic, x->n) || !table_ok(tab + ic, rc, x->n))
		goto bad_x;
	for (size_t i = 0; i < x->n; i++)
		if (tab[ic + rc + i] && tab[ic + rc + i] - 1 <= i)
			goto bad_x;
	x->by_id.slot = (uint32_t *)(uintptr_t)tab;
	x->by_id.mask = ic - 1;
	x->by_root.slot = (uint32_t *)(uintptr_t)(tab + ic);
	x->by_root.mask = rc - 1;
	x->root_next = (uint32_t *)(uintptr_t)(tab + ic + rc);
	x->tables_in_image = 1;
	list_msgs(x);
	return x;
bad_x:
	x->image = NULL;
	ld_index_close(x);
bad:
	if (mapped)
		munmap(buf, len);
	else
		free(buf);
	return NULL;
}

/* The index file as it is, NULL when missing or not sound. */
static ld_index *load_file(const char *path, ld_archive *a)
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
	return buf ? load_image(buf, len, 1, a) : NULL;
}

/* ---- building ---------------------------------------------------------- */

typedef struct {
	rec *recs;
	size_t n, cap;
	epoch_info *ep;
	size_t n_ep;
	size_t *pending;          /* records whose message is to be parsed */
	size_t n_pending, cap_pending, done;
	char **owned;             /* strings the draft owns */
	size_t n_owned, cap_owned;
} draft;

static const char *own(draft *d, char *s)
{
	if (!s)
		return "";
	LD_VEC_PUSH(d->owned, d->n_owned, d->cap_owned, s);
	return s;
}

/* A string of the index: one line, no NUL inside (it is NUL-terminated
 * in the pool). */
static char *one_line(char *s)
{
	for (char *p = s; p && *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return s;
}

static void take_msg(void *ctx, ld_msg *m)
{
	draft *d = ctx;
	if (d->done >= d->n_pending)
		return;
	rec *r = &d->recs[d->pending[d->done++]];
	ld_ascii_lower(m->from_addr);
	const char *root = m->n_refs ? m->refs[0] : m->in_reply_to ? m->in_reply_to : "";
	r->e.root = own(d, ld_xstrdup(root));
	r->e.message_id = own(d, one_line(m->message_id));
	r->e.subject = own(d, one_line(m->subject));
	r->e.from_name = own(d, one_line(m->from_name));
	r->e.from_addr = own(d, one_line(m->from_addr));
	r->e.in_reply_to = own(d, one_line(m->in_reply_to));
	r->e.change_id = own(d, one_line(m->change_id));
	r->e.version_links = own(d, one_line(m->version_links));
	m->message_id = m->subject = m->from_name = m->from_addr = m->in_reply_to = NULL;
	m->change_id = m->version_links = NULL;
	r->e.date = m->date;
	r->date_ok = m->date_ok;
	r->e.subj = m->subj;
}

static void draft_release(draft *d)
{
	for (size_t i = 0; i < d->n_owned; i++)
		free(d->owned[i]);
	free(d->owned);
	free(d->recs);
	free(d->ep);
	free(d->pending);
}

/* Each distinct string once (a reply's In-Reply-To is often its root). */
static uint32_t pool_add(ld_buf *pool, ld_map *seen, const char *s)
{
	if (!*s)
		return 0;
	void **slot = ld_map_slot(seen, s);
	if (*slot)
		return (uint32_t)((uintptr_t)*slot - 1);
	uint32_t off = (uint32_t)pool->len;
	*slot = (void *)(uintptr_t)(off + 1);
	ld_buf_add(pool, s, strlen(s) + 1);
	return off;
}

/* The file's bytes for the draft; NULL when it would not fit the
 * format's 32-bit offsets. */
static char *serialize(draft *d, size_t *len)
{
	ld_buf pool;
	ld_map seen;
	ld_buf_init(&pool);
	ld_map_init(&seen);
	ld_buf_addc(&pool, 0);   /* offset 0: "" */
	/* the lookup tables and the removed messages, once, here */
	ld_index tab;
	memset(&tab, 0, sizeof(tab));
	tab.recs = d->recs;
	tab.n = d->n;
	build_tables(&tab);
	frec *fr = ld_xcalloc(d->n ? d->n : 1, sizeof(frec));
	for (size_t i = 0; i < d->n; i++) {
		const rec *r = &d->recs[i];
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
			fr[i].s[j] = pool_add(&pool, &seen, s[j] ? s[j] : "");
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
		if (pool.len >= UINT32_MAX - 1) {
			free(fr);
			ld_buf_release(&pool);
			ld_map_release(&seen);
			free(tab.msgs);
			free(tab.by_id.slot);
			free(tab.by_root.slot);
			free(tab.root_next);
			return NULL;
		}
	}
	ld_map_release(&seen);
	fheader h;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, INDEX_MAGIC, 8);
	h.version = INDEX_VERSION;
	h.endian = INDEX_ENDIAN;
	h.rec_size = sizeof(frec);
	h.n_epochs = (uint32_t)d->n_ep;
	h.n_recs = d->n;
	h.strings = pool.len;
	h.id_cap = (uint32_t)(tab.by_id.mask + 1);
	h.root_cap = (uint32_t)(tab.by_root.mask + 1);
	size_t tabs = ((size_t)h.id_cap + h.root_cap + d->n) * 4;
	*len = sizeof(h) + d->n_ep * sizeof(fepoch) + d->n * sizeof(frec) + tabs + pool.len +
	       sizeof(ftrailer);
	char *buf = ld_xcalloc(1, *len), *p = buf;
	memcpy(p, &h, sizeof(h));
	p += sizeof(h);
	for (size_t i = 0; i < d->n_ep; i++, p += sizeof(fepoch)) {
		fepoch fe;
		memset(&fe, 0, sizeof(fe));
		fe.number = d->ep[i].number;
		fe.first = d->ep[i].first;
		fe.count = d->ep[i].count;
		unhex20(fe.head, d->ep[i].head);   /* all zero: an empty epoch */
		memcpy(p, &fe, sizeof(fe));
	}
	memcpy(p, fr, d->n * sizeof(frec));
	p += d->n * sizeof(frec);
	/* (every part before is a multiple of 8 bytes: the tables are
	 * aligned for a load that uses them in place) */
	memcpy(p, tab.by_id.slot, (size_t)h.id_cap * 4);
	p += (size_t)h.id_cap * 4;
	memcpy(p, tab.by_root.slot, (size_t)h.root_cap * 4);
	p += (size_t)h.root_cap * 4;
	memcpy(p, tab.root_next, d->n * 4);
	p += d->n * 4;
	free(tab.msgs);
	free(tab.by_id.slot);
	free(tab.by_root.slot);
	free(tab.root_next);
	memcpy(p, pool.s, pool.len);
	p += pool.len;
	ftrailer t;
	memset(&t, 0, sizeof(t));
	t.sum = checksum((const unsigned char *)buf, (size_t)(p - buf));
	memcpy(t.end, INDEX_END, 8);
	memcpy(p, &t, sizeof(t));
	free(fr);
	ld_buf_release(&pool);
	return buf;
}

/* Atomically replaces path by the image: the lockfile helper, as a
 * private file (0600, ours, a symlink at path replaced, not followed). */
static ld_status write_image(const char *path, const char *buf, size_t len, ld_err *err)
{
	ld_lockfile lk;
	size_t put = 0;
	if (ld_lockfile_begin_flags(&lk, path, LD_LOCKFILE_PRIVATE))
		goto fail;
	while (put < len) {
		ssize_t k = write(lk.fd, buf + put, len - put);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			lk.step = NULL;
			lk.errnum = k < 0 ? errno : EIO;
			ld_lockfile_rollback(&lk);
			goto fail;
		}
		put += (size_t)k;
	}
	if (!ld_lockfile_commit(&lk))
		return LD_OK;
fail:
	ld_lockfile_err(&lk, err, LD_E_OUTPUT, "the archive index ", path, "give --cache-dir or --no-index");
	return LD_E_OUTPUT;
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
			rec r = old->recs[oe->first + i];
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
			hex20(hx, c[i].commit);
			r.e.commit = own(d, ld_xstrdup(hx));
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

/* Parses the headers of the new messages (and the notes of cover
 * letters) into the draft. */
static ld_status parse_pending(ld_archive *a, draft *d, int jobs, ld_err *err)
{
	if (!d->n_pending)
		return LD_OK;
	ld_range r;
	memset(&r, 0, sizeof(r));
	r.items = ld_xcalloc(d->n_pending, sizeof(ld_item));
	r.n = d->n_pending;
	for (size_t i = 0; i < d->n_pending; i++) {
		const rec *x = &d->recs[d->pending[i]];
		ld_item *it = &r.items[i];
		memcpy(it->commit, x->commit, 20);
		memcpy(it->blob, x->blob, 20);
		it->time = x->e.commit_time;
		it->epoch = x->e.epoch;
		it->kind = LD_ITEM_GIT;
	}
	ld_status st = ld_run_headers(a, &r, jobs, take_msg, d, err);
	free(r.items);
	return st;
}

ld_status ld_index_open(ld_archive *a, const char *path, int jobs, ld_index **out, ld_err *err)
{
	*out = NULL;
	if (!path || !ld_archive_epoch_count(a))
		return LD_OK;   /* mbox, maildir: nothing to index */
	ld_status st = check_place(path, err);
	if (st)
		return st;
	ld_index *old = load_file(path, a);
	draft d;
	memset(&d, 0, sizeof(d));
	int changed;
	st = plan(a, old, &d, &changed, err);
	if (!st && !changed) {
		draft_release(&d);
		*out = old;
		return LD_OK;
	}
	if (!st)
		st = parse_pending(a, &d, jobs, err);
	if (!st) {
		size_t len = 0;
		char *img = serialize(&d, &len);
		if (!img) {
			ld_err_set(err, LD_E_OUTPUT, "the archive index %s would exceed the format's 4 GiB of text; use --no-index", path);
			st = LD_E_OUTPUT;
		} else if (!(st = write_image(path, img, len, err))) {
			*out = load_image(img, len, 0, a);
			if (!*out) {
				ld_err_set(err, LD_E_OUTPUT, "the archive index %s was built but does not check (a bug): use --no-index", path);
				st = LD_E_OUTPUT;
			}
		} else {
			free(img);
		}
	}
	draft_release(&d);
	ld_index_close(old);
	return st;
}

void ld_index_close(ld_index *x)
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

/* ---- queries ----------------------------------------------------------- */

const ld_index_entry *ld_index_find(const ld_index *x, const char *message_id)
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

void ld_index_thread(const ld_index *x, const char *root_id,
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

size_t ld_index_count(const ld_index *x)
{
	return x ? x->n_msgs : 0;
}

const ld_index_entry *ld_index_at(const ld_index *x, size_t i)
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
		table_init(&x->by_commit, x->n);
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
		 * outside the window: the pipeline moves the state's mark
		 * past it (and its own Date filter leaves it out) */
		int last = r->marks && (i + 1 == r->n || r->items[i + 1].epoch != it->epoch);
		if (!found || found->kind != LD_COMMIT_MSG || last ||
		    in_window(found->e.date, since, until))
			r->items[k++] = *it;
	}
	r->n = k;
}
