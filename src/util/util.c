/* util/util.c - buffers, maps, allocation, UTF-8, UTC dates and files
 * (declared in util.h). */
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void ld_nomem(void)
{
	fputs("listdigest: out of memory\n", stderr);
	exit(LD_EXIT_NOMEM);
}

void *ld_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		ld_nomem();
	return p;
}

void *ld_xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);
	if (!p)
		ld_nomem();
	return p;
}

void *ld_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		ld_nomem();
	return p;
}

char *ld_xstrdup(const char *s)
{
	return ld_xstrndup(s, strlen(s));
}

char *ld_xstrndup(const char *s, size_t n)
{
	char *p = ld_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char ld_buf_empty[1];

void ld_buf_init(ld_buf *b)
{
	*b = (ld_buf)LD_BUF_INIT;
}

void ld_buf_release(ld_buf *b)
{
	if (b->cap)
		free(b->s);
	*b = (ld_buf)LD_BUF_INIT;
}

static void grow(ld_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	if (!b->cap) {
		/* the first write: .s is ld_buf_empty (or NULL in a zeroed buffer) */
		size_t cap = 64;
		while (b->len + extra + 1 > cap)
			cap *= 2;
		b->s = ld_xmalloc(cap);
		b->s[0] = 0;
		b->cap = cap;
		return;
	}
	while (b->len + extra + 1 > b->cap)
		b->cap *= 2;
	b->s = ld_xrealloc(b->s, b->cap);
}

void ld_buf_add(ld_buf *b, const char *s, size_t n)
{
	grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void ld_buf_adds(ld_buf *b, const char *s)
{
	ld_buf_add(b, s, strlen(s));
}

void ld_buf_addc(ld_buf *b, char c)
{
	grow(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = 0;
}

void ld_buf_vaddf(ld_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		grow(b, (size_t)n);
		vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void ld_buf_addf(ld_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ld_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void ld_buf_reset(ld_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->s[0] = 0;
}

char *ld_buf_detach(ld_buf *b)
{
	char *s = b->cap ? b->s : ld_xstrdup("");
	*b = (ld_buf)LD_BUF_INIT;
	return s;
}

/* FNV-1a, 64 bit: fast enough for short keys, no seeds to manage. */
uint64_t ld_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

void ld_map_init(ld_map *m)
{
	memset(m, 0, sizeof(*m));
}

void ld_map_release(ld_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	free(m->hashes);
	memset(m, 0, sizeof(*m));
}

static size_t find(const ld_map *m, const char *key, uint64_t h)
{
	size_t mask = m->cap - 1, i = h & mask;
	while (m->keys[i] && (m->hashes[i] != h || strcmp(m->keys[i], key)))
		i = (i + 1) & mask;
	return i;
}

void *ld_map_get(const ld_map *m, const char *key)
{
	if (!m->cap)
		return NULL;
	size_t i = find(m, key, ld_hash(key, strlen(key)));
	return m->keys[i] ? m->vals[i] : NULL;
}

static void rehash(ld_map *m)
{
	ld_map old = *m;
	m->cap = old.cap ? old.cap * 2 : 16;
	m->keys = ld_xcalloc(m->cap, sizeof(char *));
	m->vals = ld_xcalloc(m->cap, sizeof(void *));
	m->hashes = ld_xcalloc(m->cap, sizeof(uint64_t));
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.keys[i])
			continue;
		size_t j = find(m, old.keys[i], old.hashes[i]);
		m->keys[j] = old.keys[i];
		m->vals[j] = old.vals[i];
		m->hashes[j] = old.hashes[i];
	}
	free(old.keys);
	free(old.vals);
	free(old.hashes);
}

void **ld_map_slot(ld_map *m, const char *key)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		rehash(m);
	uint64_t h = ld_hash(key, strlen(key));
	size_t i = find(m, key, h);
	if (!m->keys[i]) {
		m->keys[i] = ld_xstrdup(key);
		m->hashes[i] = h;
		m->vals[i] = NULL;
		m->n++;
	}
	return &m->vals[i];
}

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

int ld_casecmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
	for (; *p && lower(*p) == lower(*q); p++, q++)
		;
	int d = lower(*p) - lower(*q);
	return d ? d : strcmp(a, b);
}

void ld_ascii_lower(char *s)
{
	for (; *s; s++)
		*s = (char)lower((unsigned char)*s);
}

char *ld_path_last(char *p)
{
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = 0;
	char *base = strrchr(p, '/');
	return base ? base + 1 : p;
}

size_t ld_utf8_next(const unsigned char *s, size_t avail, unsigned *cp)
{
	unsigned c = s[0], min;
	size_t k;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		k = 1; min = 0x80; c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		k = 2; min = 0x800; c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		k = 3; min = 0x10000; c &= 0x07;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	for (size_t j = 1; j <= k; j++) {
		if (j >= avail || (s[j] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		c = (c << 6) | (s[j] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = c;
	return k + 1;
}

int ld_fmt_utc(char out[32], int64_t t, ld_utc_form f)
{
	time_t tt = (time_t)t;
	struct tm tm;
	int ok = gmtime_r(&tt, &tm) != NULL;
	if (f == LD_UTC_DAY) {
		if (!ok)
			strcpy(out, "0000-00-00");
		else
			strftime(out, 32, "%Y-%m-%d", &tm);
		return ok ? 0 : -1;
	}
	char iso[32];
	if (!ok)
		strcpy(iso, "0000-00-00T00:00:00Z");
	else
		strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (f == LD_UTC_MINUTE) {
		snprintf(out, 32, "%.10s %.5s", iso, iso + 11);
	} else if (f == LD_UTC_COMPACT) {
		char *o = out;
		for (const char *p = iso; *p; p++)
			if (*p != '-' && *p != ':')
				*o++ = *p;
		*o = 0;
	} else {
		strcpy(out, iso);
	}
	return ok ? 0 : -1;
}

int ld_open_regular(const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, st)) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return -2;
	}
	/* reads of a regular file never block anyway; cleared so that the
	 * descriptor is an ordinary one for whoever reads it */
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

FILE *ld_fopen_regular(const char *option, const char *path, ld_err *err)
{
	struct stat st;
	int fd = ld_open_regular(path, &st);
	if (fd == -2) {
		ld_err_set(err, LD_E_USAGE, "%s %s is %s, not a regular file; give the path of a file",
			   option, path, ld_file_kind(st.st_mode));
		return NULL;
	}
	FILE *f = fd < 0 ? NULL : fdopen(fd, "r");
	if (!f) {
		ld_err_set(err, LD_E_USAGE, "%s %s: %s", option, path, strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	return f;
}

int ld_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (!strcmp(a, b))
		return 1;
	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

const char *ld_file_kind(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return "a regular file";
	case S_IFDIR: return "a folder";
	case S_IFIFO: return "a FIFO";
	case S_IFCHR: return "a character device";
	case S_IFBLK: return "a block device";
	case S_IFSOCK: return "a socket";
	case S_IFLNK: return "a symlink";
	}
	return "not a regular file";
}
