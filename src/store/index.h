/* store/index.h - private to the archive index (index.c: loading the
 * file's image and the queries; index_image.c: the image's checksum and
 * checks, and its pages given back; index_build.c: where it lives,
 * building and writing it).  The format is described in index.c. */
#ifndef LD_STORE_INDEX_H
#define LD_STORE_INDEX_H

#include "store/store.h"

#define INDEX_MAGIC "LDINDEX\n"
#define INDEX_END "LDIXEND\n"
#define INDEX_VERSION 5u   /* 3: version links on "previously posted" lines; 4: tables in the
                              file; 5: the message blob's size */
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
	uint32_t size;           /* the message blob's bytes, when sized: a
	                            later run reads the blob without looking
	                            up its header first (source/git.c) */
	uint8_t reply, patch, rfc, resend, kind, date_ok, deleted;
	uint8_t sized;           /* 1: size is the blob's (read by the run
	                            that took the message); 0: not known */
	uint8_t pad[4];
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
	uint32_t size;   /* the message blob's bytes, when sized (frec) */
	int sized;
	size_t no;       /* its record number (lazy indexes: ld_ix_position) */
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
	size_t asked;             /* queries since the image's pages were
	                             last given back (index.c: settle) */
	rec *recs;                /* every record decoded (an index made in
	                             memory), or NULL: a file's index, whose
	                             records are decoded when first asked */
	size_t n;
	/* a file's index (recs NULL): its records in the image, checked at
	 * load; each decoded on demand into lazy[k] (kept until close, so
	 * that an entry handed out stays the same pointer) */
	const char *frecs;
	int fd1;                  /* the file's descriptor + 1 (0: none): a
	                             record asked is read with pread, so that
	                             the records' pages of the mapping stay
	                             out of the run's memory after the load */
	uint32_t *mid_off, *root_off;  /* per record: its Message-ID and root
	                             in the pool, for the tables' probes */
	const char *pool;
	size_t pool_size;
	int *ep_idx;              /* per epoch: the archive's index of it, -1 gone */
	rec **lazy;
	ld_arena *decoded;
	frec *peek_buf;           /* what ld_ix_peek read of a file's records:
	                             a piece of them, records peek_lo.. */
	size_t peek_lo, peek_n;
	epoch_info *ep;
	size_t n_ep;
	uint32_t *msgs;           /* records of messages not removed */
	size_t n_msgs;
	table by_id, by_root, by_commit;
	uint32_t *root_next;      /* next record with the same root, + 1 */
	struct ld_ix_union *u;    /* several inboxes' indexes as one
	                             (index_set.c): the queries ask them */
	int64_t *place;           /* an index made in memory: each record's
	                             place in its archives (index_mem.c) */
	/* an index made from a draft (index_build.c): the strings of its
	 * records, in the draft's arena and in the image of the file the
	 * draft started from (base, NULL: none); both closed with it by
	 * ld_index_close (index_set.c) */
	ld_arena *text;
	struct ld_index *base;
};

static inline uint64_t hash_bytes(const void *p, size_t n)
{
	return ld_hash(p, n);
}

/* ---- index.c ---- */
/* Record k of x: decoded on demand (and kept) in a file's index. */
const rec *ld_ix_rec(const ld_index *x, size_t k);
/* Record k decoded into *out, not kept (a file's index or not). */
void ld_ix_decode(const ld_index *x, size_t k, rec *out);
/* The Message-ID (which: S_MID) or thread root (S_ROOT) of record k,
 * without decoding the record. */
const char *ld_ix_str(const ld_index *x, size_t k, int which);
/* The record number of e in x, -1 when e is none of x's records. */
int64_t ld_ix_position(const ld_index *x, const ld_index_entry *e);
/* ---- index_image.c ---- */
/* Catches truncation and flipped bytes. */
uint64_t ld_ix_checksum(const unsigned char *p, size_t n);
/* The header and trailer of an image of len bytes (mapped: given back
 * piece by piece as the checksum reads it), every part within the file
 * and its checksum; 0 when any check fails. */
int ld_ix_check_frame(const char *buf, size_t len, int mapped, fheader *hp);
/* A lookup table of the file: record numbers + 1 (0 = empty) below n,
 * with an empty slot so that every probe ends. */
int ld_ix_table_ok(const uint32_t *slot, size_t cap, size_t n);
/* The pages of a mapped image between from and to (the last, partial
 * one kept) given back to the page cache. */
void ld_ix_give_back(const char *from, const char *to);
/* Every page of x's image given back, when it is mapped. */
void ld_ix_release_pages(const ld_index *x);
/* ---- index.c ---- */
/* An empty table with room for n entries (at most half full). */
void ld_ix_table_init(table *t, size_t n);
void ld_ix_hex20(char out[41], const unsigned char id[20]);
/* The list of messages in order (records not removed). */
void ld_ix_list_msgs(ld_index *x);
/* Checks a whole image and makes it the index (the image is taken over:
 * freed, or unmapped when mapped); NULL when it is not a sound index of
 * this archive's layout. */
ld_index *ld_ix_load_image(char *buf, size_t len, int mapped, ld_archive *a);
/* ---- index_place.c ---- */
/* The cache folder of the index at path (made, private, when missing)
 * and the file, when there is one, are the user's and writable by
 * nobody else; LD_E_OUTPUT with the reason otherwise. */
ld_status ld_ix_check_place(const char *path, ld_err *err);
/* ---- index_mem.c ---- */
/* Which messages of recs[0..n) a `d` commit removes (rec.deleted). */
void ld_ix_mark_deleted(rec *recs, size_t n);
/* The queries' tables of x->recs (x->n of them): messages in order,
 * by Message-ID, by thread root. */
void ld_ix_build_tables(ld_index *x);

/* The index file as it is, NULL when missing or not sound. */
ld_index *ld_ix_load_file(const char *path, ld_archive *a);
/* The queries of one inbox's index (store.h's ld_index_* without the
 * union: index_set.c dispatches). */
void ld_ix_close(ld_index *x);
const ld_index_entry *ld_ix_find(const ld_index *x, const char *message_id);
void ld_ix_thread(const ld_index *x, const char *root_id,
		  void (*fn)(void *ctx, const ld_index_entry *e), void *ctx);
size_t ld_ix_count(const ld_index *x);
const ld_index_entry *ld_ix_at(const ld_index *x, size_t i);
int64_t ld_ix_peek(const ld_index *x, size_t i, ld_subject *tags);

/* ---- index_set.c: the queries of a union ---- */
struct ld_ix_union;
void ld_ix_union_free(struct ld_ix_union *u);
const ld_index_entry *ld_ix_union_find(const struct ld_ix_union *u, const char *id);
void ld_ix_union_thread(const struct ld_ix_union *u, const char *root_id,
			void (*fn)(void *ctx, const ld_index_entry *e), void *ctx);
size_t ld_ix_union_count(const struct ld_ix_union *u);
int64_t ld_ix_union_position(const struct ld_ix_union *u, const ld_index_entry *e);
const ld_index_entry *ld_ix_union_at(const struct ld_ix_union *u, size_t i);

#endif
