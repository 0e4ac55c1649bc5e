/* index_image.c - an archive index file's image (index.c describes the
 * format): its checksum, the checks of its frame and tables, and giving
 * its pages back to the page cache once read, so that the loaded index
 * holds in memory about what its queries read, not the file. */
#include "store/index.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Catches truncation and flipped bytes; the cache is trusted for its
 * owner and mode, not for this.  Words of 8 bytes (sum_words, n a
 * multiple of 8: the sum of a long image can be taken in pieces), then
 * the last bytes one by one. */
static uint64_t sum_words(uint64_t h, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	return h;
}

static uint64_t sum_tail(uint64_t h, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

uint64_t ld_ix_checksum(const unsigned char *p, size_t n)
{
	size_t whole = n & ~(size_t)7;
	return sum_tail(sum_words(0x9e3779b97f4a7c15ULL ^ n, p, whole), p + whole, n - whole);
}

/* The pages of a mapped image between from and to (the last, partial
 * page kept) given back to the page cache: a load or a scan that reads
 * every byte of the file keeps at most a piece of it resident at a time,
 * not the whole file (18 MB at x4) until it ends.  Later reads fault
 * them in again from the same bytes: the file is replaced by rename,
 * never written in place, and the mapping is private and read-only. */
void ld_ix_give_back(const char *from, const char *to)
{
	long page = sysconf(_SC_PAGESIZE);
	if (page <= 0 || to <= from)
		return;
	uintptr_t a = (uintptr_t)from & ~((uintptr_t)page - 1);
	uintptr_t b = (uintptr_t)to & ~((uintptr_t)page - 1);
	if (b > a)
		madvise((void *)a, b - a, MADV_DONTNEED);
}

/* ld_ix_checksum of an image, given back piece by piece when mapped. */
static uint64_t image_checksum(const char *buf, size_t n, int mapped)
{
	enum { PIECE = 1 << 20 };   /* a multiple of 8 and of the page size */
	const unsigned char *p = (const unsigned char *)buf;
	size_t whole = n & ~(size_t)7;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
	for (size_t at = 0; at < whole; at += PIECE) {
		size_t len = whole - at < PIECE ? whole - at : PIECE;
		h = sum_words(h, p + at, len);
		if (mapped)
			ld_ix_give_back(buf + at, buf + at + len);
	}
	return sum_tail(h, p + whole, n - whole);
}

/* A lookup table of the file: record numbers + 1 (0 = empty) below n,
 * with an empty slot so that every probe ends. */
int ld_ix_table_ok(const uint32_t *slot, size_t cap, size_t n)
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
int ld_ix_check_frame(const char *buf, size_t len, int mapped, fheader *hp)
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
	if (image_checksum(buf, len - sizeof(t), mapped) != t.sum)
		return 0;
	const char *pool = buf + len - sizeof(t) - h.strings;
	if (pool[0] || pool[h.strings - 1])
		return 0;
	*hp = h;
	return 1;
}

/* The load read every byte of a mapped image (the checksum) and every
 * record; the queries touch only a few of its pages (the strings and
 * table slots of what they ask).  Giving the pages back to the page
 * cache keeps them out of the run's resident memory (an x4 bench
 * archive's index is 18 MB): later reads fault them in again from the
 * same file, which is never written in place (replaced by rename). */
void ld_ix_release_pages(const ld_index *x)
{
	long page = sysconf(_SC_PAGESIZE);
	if (!x->mapped || page <= 0)
		return;
	size_t whole = x->len & ~((size_t)page - 1);
	if (whole)
		madvise(x->image, whole, MADV_DONTNEED);
}

