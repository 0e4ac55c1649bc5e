/* util.h - small containers shared by the core: growable buffer,
 * string-keyed hash map, vectors, ASCII case folding.
 * Nothing here knows about mail or git. */
#ifndef LD_UTIL_H
#define LD_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

/* Growable NUL-terminated byte buffer. ld_buf_init gives an empty buffer
 * whose .s is "" (never NULL); ld_buf_release frees the contents. */
typedef struct {
	char *s;
	size_t len, cap;
} ld_buf;

void ld_buf_init(ld_buf *b);
void ld_buf_release(ld_buf *b);
void ld_buf_add(ld_buf *b, const char *s, size_t n);
void ld_buf_adds(ld_buf *b, const char *s);
void ld_buf_addc(ld_buf *b, char c);
void ld_buf_addf(ld_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ld_buf_vaddf(ld_buf *b, const char *fmt, va_list ap);
void ld_buf_reset(ld_buf *b);
/* Hands the string to the caller (caller frees); b is left empty and
 * needs no release (it may be reused). */
char *ld_buf_detach(ld_buf *b);

/* Allocation that never returns NULL: on exhaustion it prints one line
 * and exits with LD_EXIT_NOMEM (the only exit outside main.c: there is no
 * report to save once malloc fails). */
void ld_nomem(void) __attribute__((noreturn));
void *ld_xmalloc(size_t n);
void *ld_xcalloc(size_t n, size_t sz);
void *ld_xrealloc(void *p, size_t n);
char *ld_xstrdup(const char *s);
char *ld_xstrndup(const char *s, size_t n);

/* Append one element to a vector (T *v; size_t n, cap). */
#define LD_VEC_PUSH(v, n, cap, val) do { \
	if ((n) == (cap)) { \
		(cap) = (cap) ? 2 * (cap) : 16; \
		(v) = ld_xrealloc((v), (cap) * sizeof(*(v))); \
	} \
	(v)[(n)++] = (val); \
} while (0)

uint64_t ld_hash(const void *p, size_t n);

/* Open-addressing hash map from string keys (copied in) to a pointer
 * value owned by the caller. */
typedef struct {
	char **keys;
	void **vals;
	uint64_t *hashes;
	size_t n, cap;
} ld_map;

void ld_map_init(ld_map *m);
/* Frees the keys; vals are the caller's (free them first if they own memory). */
void ld_map_release(ld_map *m);
void *ld_map_get(const ld_map *m, const char *key);
/* Returns the slot for key, inserting it with value NULL when absent. */
void **ld_map_slot(ld_map *m, const char *key);
/* Iteration: for (i = 0; i < m->cap; i++) if (m->keys[i]) ... */

/* ASCII-only case-insensitive comparison, then bytewise: a total order,
 * the same on every machine and locale. */
int ld_casecmp(const char *a, const char *b);
void ld_ascii_lower(char *s);

/* t (seconds since the epoch, UTC) as "2023-11-14T22:13:20Z", or as
 * "2023-11-14" when date_only.  out holds at least 32 bytes. */
void ld_fmt_utc(char *out, int64_t t, int date_only);

/* The last component of path p, trailing slashes cut off (in place):
 * "/m/kvm/" -> "kvm", "kvm" -> "kvm", "/" -> "". */
char *ld_path_last(char *p);
/* Decodes the UTF-8 character at s (avail bytes there at most; SIZE_MAX
 * for a NUL-terminated string, where the NUL ends any sequence): returns
 * its length and sets *cp, or returns 1 and sets *cp = 0xFFFD for a byte
 * that starts no valid character (overlong, surrogate, truncated,
 * beyond U+10FFFF). */
size_t ld_utf8_next(const unsigned char *s, size_t avail, unsigned *cp);
/* Is s (n bytes) valid UTF-8 (no overlongs, no surrogates)? */
int ld_utf8_valid(const char *s, size_t n);

/* Opens path for reading only when it is a regular file, without ever
 * blocking on the way (a FIFO without a writer, a terminal, a device):
 * O_NONBLOCK for the open, fstat, then the flag cleared.  Returns the
 * descriptor (close-on-exec), -1 with errno when open or fstat failed,
 * or -2 when path is something else (st->st_mode says what: ld_file_kind).
 * st receives the file's status in the first and last case. */
struct stat;
int ld_open_regular(const char *path, struct stat *st);

/* "a FIFO", "a character device", "a folder"... of a st_mode, for the
 * messages that refuse it. */
const char *ld_file_kind(unsigned mode);

#endif
