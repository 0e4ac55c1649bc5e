/* local.c - mbox files and maildirs as archives.
 *
 * An mbox is mapped once and split by ld_mbox_next (mbox.c); an item is
 * the span of one message, handed to the parser straight from the
 * mapping unless mboxrd >From lines need unquoting.  A maildir's
 * messages are the files of cur/ and new/ (names starting with a dot
 * skipped), taken in the order of their file names, compared bytewise
 * without the folder: maildir names start with the delivery time in
 * seconds, so this is arrival order, as public-inbox's commit order.
 * The Date fallback of an mbox message is the date of its From_ line,
 * read by the date parser the caller gives (the mail layer's). */
#include "source/archive.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define QUOTED_BIT ((uint64_t)1 << 63)

typedef struct ld_local {
	char *path;
	int maildir;
	int64_t (*date)(const char *s);   /* mbox: parses From_ line dates */
	const char *map;        /* mbox */
	size_t size;
	char **files;           /* maildir: "cur/NAME", sorted */
	size_t n_files;
	char **skipped;         /* maildir: warnings about the entries that
	                           are not regular files, for local_range */
	size_t n_skipped;
	int streamed;           /* mbox read from a stream: map is stream.buf */
	ld_mbox_stream stream;
} ld_local;

/* The offset of a streamed message over the size limit: not kept. */
#define DROPPED UINT64_MAX

/* Warnings about skipped entries: the first ones by name, then a count. */
#define SKIP_NAMED 20

typedef struct {
	ld_local *l;
	char *buf;
	size_t cap;
} ld_local_reader;

static void local_close(ld_local *l);

static char *local_name(const char *path)
{
	char *p = ld_xstrdup(path);
	char *base = ld_path_last(p);
	char *dot = strrchr(base, '.');
	if (dot && dot != base && (!strcmp(dot, ".mbox") || !strcmp(dot, ".mbx") ||
				   !strcmp(dot, ".mboxrd") || !strcmp(dot, ".txt")))
		*dot = 0;
	char *r = ld_xstrdup(*base ? base : "list");
	free(p);
	return r;
}

static ld_status local_open_mbox(const char *path, ld_local **out, ld_err *err)
{
	*out = NULL;
	struct stat st;
	/* never blocks: a FIFO (or a terminal, a device) is refused before
	 * any read; a stream is read by --mbox - (mbox_stream.c) */
	int fd = ld_open_regular(path, &st);
	if (fd == -2) {
		ld_err_set(err, LD_E_INBOX, "%s is %s, not a regular file; give --mbox an mbox file, or read a stream with --mbox - (standard input)",
			   path, ld_file_kind(st.st_mode));
		return LD_E_INBOX;
	}
	if (fd < 0) {
		ld_err_set(err, LD_E_INBOX, "%s: %s; give an mbox file to --mbox", path, strerror(errno));
		return LD_E_INBOX;
	}
	ld_local *l = ld_xcalloc(1, sizeof(*l));
	l->path = ld_xstrdup(path);
	l->size = (size_t)st.st_size;
	if (l->size) {
		void *m = mmap(NULL, l->size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m == MAP_FAILED) {
			ld_err_set(err, LD_E_INBOX, "%s: cannot map the file: %s", path, strerror(errno));
			close(fd);
			local_close(l);
			return LD_E_INBOX;
		}
		madvise(m, l->size, MADV_SEQUENTIAL);
		l->map = m;
	}
	close(fd);
	if (l->size && (l->size < 5 || memcmp(l->map, "From ", 5))) {
		ld_err_set(err, LD_E_INBOX, "%s: not an mbox file (it does not begin with a 'From ' line); --mbox reads mboxo and mboxrd files",
			   path);
		local_close(l);
		return LD_E_INBOX;
	}
	*out = l;
	return LD_OK;
}

static const char *base_name(const char *rel)
{
	return rel + 4;   /* "cur/" or "new/" */
}

/* NULL when the entry rel of the maildir at dir is a regular file (or a
 * symlink to one), else what it is.  Only symlinks and file systems that
 * do not give the type in the directory cost a stat: a maildir's entries
 * are regular files.  A FIFO, a socket or a device is never opened:
 * reading one blocks for ever or never ends. */
static const char *entry_kind(const char *dir, const char *rel, unsigned char type)
{
	if (type == DT_REG)
		return NULL;
	if (type != DT_LNK && type != DT_UNKNOWN)
		return ld_file_kind(type == DT_DIR ? S_IFDIR : type == DT_FIFO ? S_IFIFO :
				    type == DT_CHR ? S_IFCHR : type == DT_BLK ? S_IFBLK :
				    type == DT_SOCK ? S_IFSOCK : 0);
	char *p = ld_xmalloc(strlen(dir) + strlen(rel) + 2);
	sprintf(p, "%s/%s", dir, rel);
	struct stat st;
	const char *kind = NULL;
	if (stat(p, &st))
		kind = "a dangling symlink";
	else if (!S_ISREG(st.st_mode))
		kind = ld_file_kind(st.st_mode);
	free(p);
	return kind;
}

static int cmp_file(const void *x, const void *y)
{
	const char *a = *(char *const *)x, *b = *(char *const *)y;
	int c = strcmp(base_name(a), base_name(b));
	return c ? c : strcmp(a, b);
}

static ld_status local_open_maildir(const char *path, ld_local **out, ld_err *err)
{
	*out = NULL;
	ld_local *l = ld_xcalloc(1, sizeof(*l));
	l->path = ld_xstrdup(path);
	l->maildir = 1;
	size_t cap = 0;
	int found = 0;
	static const char *const sub[] = { "cur", "new" };
	for (int i = 0; i < 2; i++) {
		char *dir = ld_xmalloc(strlen(path) + 5);
		sprintf(dir, "%s/%s", path, sub[i]);
		DIR *d = opendir(dir);
		free(dir);
		if (!d)
			continue;
		found = 1;
		struct dirent *de;
		size_t scap = 0;
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			char *rel = ld_xmalloc(strlen(de->d_name) + 5);
			sprintf(rel, "%s/%s", sub[i], de->d_name);
			const char *kind = entry_kind(l->path, rel, de->d_type);
			if (!kind) {
				LD_VEC_PUSH(l->files, l->n_files, cap, rel);
				continue;
			}
			ld_buf b;
			ld_buf_init(&b);
			ld_buf_addf(&b, "warning: maildir %s: %s is %s, not a regular file; skipped",
				    l->path, rel, kind);
			LD_VEC_PUSH(l->skipped, l->n_skipped, scap, ld_buf_detach(&b));
			free(rel);
		}
		closedir(d);
	}
	if (!found) {
		ld_err_set(err, LD_E_INBOX, "%s: not a maildir (no cur/ or new/ folder); give a maildir to --maildir",
			   path);
		local_close(l);
		return LD_E_INBOX;
	}
	qsort(l->files, l->n_files, sizeof(char *), cmp_file);
	*out = l;
	return LD_OK;
}

static void local_close(ld_local *l)
{
	if (!l)
		return;
	if (l->streamed)
		ld_mbox_stream_release(&l->stream);
	else if (l->map)
		munmap((void *)l->map, l->size);
	for (size_t i = 0; i < l->n_files; i++)
		free(l->files[i]);
	free(l->files);
	for (size_t i = 0; i < l->n_skipped; i++)
		free(l->skipped[i]);
	free(l->skipped);
	free(l->path);
	free(l);
}

static ld_status local_range(ld_local *l, ld_range *r, ld_err *err)
{
	memset(r, 0, sizeof(*r));
	r->local = 1;
	size_t cap = 0;
	if (l->maildir) {
		/* the skipped entries, as notices: the cli prints them as it
		 * prints every notice of a range (run/run.c hands them over) */
		size_t nn = l->n_skipped < SKIP_NAMED ? l->n_skipped : SKIP_NAMED + 1;
		r->notices = nn ? ld_xcalloc(nn, sizeof(char *)) : NULL;
		for (size_t i = 0; i < l->n_skipped && i < SKIP_NAMED; i++)
			r->notices[r->n_notices++] = ld_xstrdup(l->skipped[i]);
		if (l->n_skipped > SKIP_NAMED) {
			ld_buf b;
			ld_buf_init(&b);
			ld_buf_addf(&b, "warning: maildir %s: %zu more entries that are not regular files skipped",
				    l->path, l->n_skipped - SKIP_NAMED);
			r->notices[r->n_notices++] = ld_buf_detach(&b);
		}
		for (size_t i = 0; i < l->n_files; i++) {
			ld_item it;
			memset(&it, 0, sizeof(it));
			it.kind = LD_ITEM_MAILDIR;
			it.off = i;
			/* delivery time from the name, the Date fallback */
			it.time = strtoll(base_name(l->files[i]), NULL, 10);
			LD_VEC_PUSH(r->items, r->n, cap, it);
		}
		return LD_OK;
	}
	if (l->streamed) {
		for (size_t i = 0; i < l->stream.n; i++) {
			const ld_mbox_msg *m = &l->stream.msgs[i];
			ld_item it;
			memset(&it, 0, sizeof(it));
			it.kind = LD_ITEM_MBOX;
			it.time = ld_mbox_line_date(l->map + m->from, m->start - m->from, l->date);
			it.off = m->dropped ? DROPPED : m->start;
			it.len = m->len | (m->quoted ? QUOTED_BIT : 0);
			LD_VEC_PUSH(r->items, r->n, cap, it);
		}
		return LD_OK;
	}
	size_t off = 0;
	ld_mbox_span sp;
	int rc;
	size_t from_line = 0;
	while ((rc = ld_mbox_next(l->map, l->size, &off, &sp)) == 1) {
		ld_item it;
		memset(&it, 0, sizeof(it));
		it.kind = LD_ITEM_MBOX;
		it.time = ld_mbox_line_date(l->map + from_line, sp.start - from_line, l->date);
		from_line = off;
		it.off = sp.start;
		it.len = sp.len | (sp.quoted ? QUOTED_BIT : 0);
		LD_VEC_PUSH(r->items, r->n, cap, it);
	}
	if (rc < 0) {   /* cannot happen after the check in open; kept for safety */
		ld_err_set(err, LD_E_INBOX, "%s: no 'From ' line at offset %zu", l->path, off);
		ld_range_release(r);
		return LD_E_INBOX;
	}
	return LD_OK;
}

static ld_local_reader *local_reader_new(ld_local *l)
{
	ld_local_reader *r = ld_xcalloc(1, sizeof(*r));
	r->l = l;
	return r;
}

static void local_reader_free(ld_local_reader *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r);
}

static void reserve(ld_local_reader *r, size_t n)
{
	if (n + 1 > r->cap) {
		r->cap = n + 1 > 2 * r->cap ? n + 1 : 2 * r->cap;
		r->buf = ld_xrealloc(r->buf, r->cap);
	}
}

static ld_status local_read(ld_local_reader *r, const ld_item *it, size_t limit,
			const char **data, size_t *len, ld_err *err)
{
	ld_local *l = r->l;
	if (it->kind == LD_ITEM_MBOX) {
		size_t n = (size_t)(it->len & ~QUOTED_BIT);
		if (n > limit || it->off == DROPPED) {
			*data = NULL;
			*len = n;
			return LD_OK;
		}
		const char *src = l->map + it->off;
		if (!(it->len & QUOTED_BIT)) {
			*data = src;
			*len = n;
			return LD_OK;
		}
		reserve(r, n);
		*len = ld_mbox_unquote(src, n, r->buf);
		*data = r->buf;
		return LD_OK;
	}
	const char *rel = l->files[it->off];
	char *p = ld_xmalloc(strlen(l->path) + strlen(rel) + 2);
	sprintf(p, "%s/%s", l->path, rel);
	struct stat st;
	ld_status rc = LD_OK;
	/* regular when listed; one replaced since by a FIFO must not block */
	int fd = ld_open_regular(p, &st);
	if (fd < 0) {
		ld_err_set(err, LD_E_ARCHIVE, "%s: %s (moved or deleted while reading? run again)",
			   p, fd == -2 ? "no longer a regular file" : strerror(errno));
		rc = LD_E_ARCHIVE;
		goto out;
	}
	size_t n = 0, want = (size_t)st.st_size;
	if (want > limit) {
		*data = NULL;
		*len = want;
		goto out;
	}
	reserve(r, want);
	while (n < want) {
		ssize_t k = read(fd, r->buf + n, want - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			ld_err_set(err, LD_E_ARCHIVE, "%s: %s", p, strerror(errno));
			rc = LD_E_ARCHIVE;
			goto out;
		}
		if (k == 0)
			break;   /* shrank meanwhile: take what is there; a file
			            that grows meanwhile is read to its size at
			            the fstat, within the limit */
		n += (size_t)k;
	}
	*data = r->buf;
	*len = n;
out:
	if (fd >= 0)
		close(fd);
	free(p);
	return rc;
}

/* ---- the source's operations (archive.h) ------------------------------ */

static ld_status op_range(ld_archive *a, const ld_range_opts *o, ld_range *r, ld_err *err)
{
	return local_range(a->impl, r, err);   /* no commits: every message */
}

static void op_close(ld_archive *a)
{
	local_close(a->impl);
}

static void *op_reader_new(ld_archive *a)
{
	return local_reader_new(a->impl);
}

static void op_reader_free(void *r)
{
	local_reader_free(r);
}

static ld_status op_read(void *r, const ld_item *it, size_t limit, const char **data,
			 size_t *len, ld_err *err)
{
	return local_read(r, it, limit, data, len, err);
}

static const ld_source_ops local_ops = {
	op_range, op_close, op_reader_new, op_reader_free, op_read, NULL, NULL, NULL,
};

static ld_status wrap(ld_status st, ld_local *l, const char *path, ld_archive **out)
{
	*out = st ? NULL : ld_archive_new(&local_ops, l, path, local_name(path));
	return st;
}

ld_status ld_archive_open_mbox(const char *path, int64_t (*date)(const char *s),
			       ld_archive **out, ld_err *err)
{
	ld_local *l = NULL;
	ld_status st = local_open_mbox(path, &l, err);
	if (!st)
		l->date = date;
	return wrap(st, l, path, out);
}

ld_status ld_archive_open_mbox_fd(int fd, const char *name, size_t limit,
				  int64_t (*date)(const char *s), ld_archive **out, ld_err *err)
{
	ld_local *l = ld_xcalloc(1, sizeof(*l));
	l->path = ld_xstrdup("-");
	l->streamed = 1;
	l->date = date;
	ld_status st = ld_mbox_stream_read(fd, name, limit ? limit : LD_MAX_MESSAGE_DEFAULT,
					   &l->stream, err);
	if (st) {
		local_close(l);
		*out = NULL;
		return st;
	}
	l->map = l->stream.buf;
	l->size = l->stream.len;
	*out = ld_archive_new(&local_ops, l, "-", ld_xstrdup("stdin"));
	return LD_OK;
}

ld_status ld_archive_open_maildir(const char *path, ld_archive **out, ld_err *err)
{
	ld_local *l = NULL;
	ld_status st = local_open_maildir(path, &l, err);
	return wrap(st, l, path, out);
}
