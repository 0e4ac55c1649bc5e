/* util/util.h - the bottom layer, used by every other: status and errors
 * (one exit-code table), warning kinds, buffers, maps, vectors, allocation,
 * UTF-8, UTC dates, and the lockfile helper through which every file is
 * written.  Knows nothing of mail, git or the report; uses no other layer. */
#ifndef LD_UTIL_H
#define LD_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/types.h>

#define LD_VERSION "0.1.0"

/* Exit codes of the command (documented in README, --help and the man
 * page).  Besides these, as git: a reader that closed the pipe
 * (listdigest | head) ends the run by SIGPIPE, status 141 in a shell,
 * without a message (cli/output.c). */
enum {
	LD_EXIT_OK = 0,      /* report written (warnings do not change this) */
	LD_EXIT_NOTHING = 1, /* --exit-code: report written, and it lists no
	                        patch posting and no pull request */
	LD_EXIT_USAGE = 2,   /* bad option or option argument */
	LD_EXIT_INBOX = 3,   /* INBOX missing, not an inbox, broken epoch */
	LD_EXIT_REV = 4,     /* unknown or ambiguous revision, bad range */
	LD_EXIT_ARCHIVE = 5, /* object missing or corrupt while reading */
	LD_EXIT_OUTPUT = 6,  /* output cannot be written */
	LD_EXIT_NOMEM = 7,   /* out of memory */
	LD_EXIT_STATE = 8,   /* --state file unreadable, corrupt or not writable */
	LD_EXIT_FETCH = 9,   /* mirror of a URL not updated: host unreachable,
	                        HTTP error, fetch failed or interrupted */
};

typedef enum {
	LD_OK = 0,
	LD_E_USAGE,
	LD_E_INBOX,
	LD_E_REV,
	LD_E_ARCHIVE,
	LD_E_OUTPUT,
	LD_E_STATE,
	LD_E_FETCH,
} ld_status;

/* An error: the status and one line for the user (what, where, what to
 * do), without the program name and newline. */
typedef struct {
	ld_status status;
	char msg[1024];
} ld_err;

void ld_err_set(ld_err *e, ld_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* fopen(path, "r") of a regular file only: a FIFO or device is refused
 * before any read (never blocks); on failure sets a usage error naming
 * OPTION ("--mailmap") and returns NULL. */
FILE *ld_fopen_regular(const char *option, const char *path, ld_err *err);
/* 1 when A and B name the same file (same string, or both exist and
 * have the same device and inode). */
int ld_same_file(const char *a, const char *b);
int ld_status_exit(ld_status st);

/* Test hook: when the environment variable LISTDIGEST_TEST_PAUSE equals
 * phase, writes "listdigest: test pause at PHASE" to stderr and sleeps
 * (tests/state.t kills the run there).  Phases: range, read, written,
 * state-tmp.  Does nothing otherwise. */
void ld_test_pause(const char *phase);

/* ---- warnings: a broken mail is data, not a failure ------------------- */

typedef enum {
	LD_W_HEADER,   /* malformed header block or header line */
	LD_W_MIME,     /* malformed MIME structure, truncated message */
	LD_W_CHARSET,  /* unknown or wrong charset, undeclared 8-bit text */
	LD_W_ENCWORD,  /* broken RFC 2047 encoded word */
	LD_W_ADDRESS,  /* From without a usable address */
	LD_W_DATE,     /* Date missing, unparsable or with an impossible zone */
	LD_W_SIZE,     /* message over the size limit: skipped unread */
	LD_W__COUNT
} ld_warn_kind;

const char *ld_warn_name(ld_warn_kind k);

/* ---- containers (util.c): growable buffer, string-keyed hash map,
 * vectors, allocation, ASCII case folding, UTF-8, UTC dates, files ----- */

/* Growable NUL-terminated byte buffer.  An empty buffer (LD_BUF_INIT,
 * ld_buf_init) allocates nothing and its .s is "" (never NULL): .s points
 * to the shared ld_buf_empty until the first write (cap == 0 until then;
 * ld_buf_empty is never written).  ld_buf_release frees the contents and
 * leaves the buffer empty, as LD_BUF_INIT. */
typedef struct {
	char *s;
	size_t len, cap;
} ld_buf;

extern char ld_buf_empty[1];
#define LD_BUF_INIT { .s = ld_buf_empty, .len = 0, .cap = 0 }

void ld_buf_init(ld_buf *b);
void ld_buf_release(ld_buf *b);
void ld_buf_add(ld_buf *b, const char *s, size_t n);
void ld_buf_adds(ld_buf *b, const char *s);
void ld_buf_addc(ld_buf *b, char c);
void ld_buf_addf(ld_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ld_buf_vaddf(ld_buf *b, const char *fmt, va_list ap);
void ld_buf_reset(ld_buf *b);
/* Hands the string to the caller (caller frees; "" is allocated for an
 * empty buffer); b is left empty and needs no release (it may be reused). */
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

/* ---- arena (arena.c): many allocations freed at once ------------------ */

/* An arena hands out memory that lives until ld_arena_free, which frees
 * it all at once: the report's strings live as long as the report, so
 * freeing it is one call, not a walk over every field.  Nothing is freed
 * one by one (a string replaced stays until the end).  Allocation never
 * returns NULL (ld_nomem). */
typedef struct ld_arena ld_arena;
ld_arena *ld_arena_new(void);
/* Frees everything a handed out, and a; a may be NULL. */
void ld_arena_free(ld_arena *a);
/* n bytes, zeroed, aligned for any type. */
void *ld_arena_alloc(ld_arena *a, size_t n);
char *ld_arena_strdup(ld_arena *a, const char *s);
char *ld_arena_strndup(ld_arena *a, const char *s, size_t n);
/* The contents of b as an arena string; b is released. */
char *ld_arena_detach(ld_arena *a, ld_buf *b);

/* ---- end of arena ----------------------------------------------------- */

/* ASCII-only case-insensitive comparison, then bytewise: a total order,
 * the same on every machine and locale. */
int ld_casecmp(const char *a, const char *b);
void ld_ascii_lower(char *s);

/* The one UTC date formatter: t (seconds since the epoch) in form f, into
 * out (32 bytes).  0, or -1 when t is past what gmtime can represent:
 * out then holds the form of 0000-00-00T00:00:00Z. */
typedef enum {
	LD_UTC_ISO,      /* "2023-11-14T22:13:20Z" (JSON, HTML, Markdown) */
	LD_UTC_DAY,      /* "2023-11-14" */
	LD_UTC_MINUTE,   /* "2023-11-14 22:13": the first 10 and the 5 after
	                    the T of the ISO form (the report's from/to) */
	LD_UTC_COMPACT,  /* "20231114T221320Z": the ISO form without - and :
	                    (the generated Message-ID) */
} ld_utc_form;
int ld_fmt_utc(char out[32], int64_t t, ld_utc_form f);

/* The last component of path p, trailing slashes cut off (in place):
 * "/m/kvm/" -> "kvm", "kvm" -> "kvm", "/" -> "". */
char *ld_path_last(char *p);
/* Decodes the UTF-8 character at s (avail bytes there at most; SIZE_MAX
 * for a NUL-terminated string, where the NUL ends any sequence): returns
 * its length and sets *cp, or returns 1 and sets *cp = 0xFFFD for a byte
 * that starts no valid character (overlong, surrogate, truncated,
 * beyond U+10FFFF). */
size_t ld_utf8_next(const unsigned char *s, size_t avail, unsigned *cp);

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

/* ---- lockfile (lockfile.c) ---------------------------------------------
 *
 * Writing a file whole or not at all, in the manner of git's lockfile API
 * (git's lockfile.h: hold, commit, rollback, clean-up on signals).
 * Every file listdigest writes goes through it: the report (-o), the
 * --state file and the archive index.
 *
 *     ld_lockfile lk;
 *     if (ld_lockfile_begin(&lk, path))          failed: ld_lockfile_err
 *     ... write to ld_lockfile_stream(&lk) (or lk.fd) ...
 *     if (ld_lockfile_commit(&lk))               failed: ld_lockfile_err
 *     ld_lockfile_rollback(&lk);                 on any other way out
 *
 * The rules, the same for every file:
 * - A path that exists and is not a regular file (a character device
 *   such as /dev/null, a FIFO, a socket, a terminal, /dev/stdout,
 *   /dev/fd/N) is written in place, never replaced: /dev/stdout and
 *   /dev/fd/N of this process are the open descriptor itself (dup), so
 *   a pipe, a socket or an appending shell redirection behave as when
 *   writing to that descriptor.  Commit only flushes; a failed run may
 *   have written part of its output there.
 * - A symlink is followed to its final target (also when the target does
 *   not exist yet), and the target is replaced: the links stay links.
 * - Otherwise the target is replaced atomically: a temporary file beside
 *   it (same folder, created with O_EXCL, readable by its owner only
 *   while written), on commit flushed, given the mode and owner of the
 *   file it replaces (the owner where permitted: root may, others only
 *   their own groups) or, for a new file, 0666 & ~umask, fsync'ed,
 *   renamed over the target, and the folder fsync'ed.  A reader sees the
 *   old file or the new one, whole.
 * - The temporary is removed on every error path, by rollback, at exit()
 *   and on SIGHUP, SIGINT, SIGQUIT, SIGTERM and SIGPIPE (when their
 *   action is the default); only SIGKILL or a crash can leave one
 *   (named TARGET.tmp.XXXXXX). */

typedef struct {
	char *target;       /* the file written: the final target of the
	                       symlinks of the path given (or that path) */
	char *tmp;          /* the temporary beside it; NULL when in place */
	int fd;             /* where to write; -1 when not open */
	FILE *f;            /* NULL until ld_lockfile_stream */
	int in_place;       /* not a regular file: written directly */
	int have_old;       /* a file is replaced: keep its owner */
	mode_t mode;        /* the mode the target gets */
	uid_t uid;
	gid_t gid;
	int slot;           /* in the table the signal handler sees, or -1 */
	const char *step;   /* after a failure: the step that failed ("creating a
	                       temporary file beside it"), NULL or "" for the
	                       write itself; for ld_lockfile_err */
	int errnum;         /* and its errno */
} ld_lockfile;

/* Opens path for writing by the rules above.  0, or -1 with lk->step and
 * lk->errnum set (nothing left behind).  A FIFO blocks here until a
 * reader opens it, as a shell redirection does. */
int ld_lockfile_begin(ld_lockfile *lk, const char *path);
/* The same with flags:
 * LD_LOCKFILE_PRIVATE  a file of our own, such as a cache: path itself is
 *                      replaced atomically whatever it is (a symlink or a
 *                      FIFO there is replaced, not followed or written),
 *                      by a file of mode 0600 owned by the user. */
enum { LD_LOCKFILE_PRIVATE = 1 };
int ld_lockfile_begin_flags(ld_lockfile *lk, const char *path, unsigned flags);
/* A stdio stream on lk->fd (made once, owned by lk): NULL when out of
 * memory, with lk->step and lk->errnum set. */
FILE *ld_lockfile_stream(ld_lockfile *lk);
/* Finishes the write as the rules say.  0, or -1 with lk->step and
 * lk->errnum set; either way lk is released (the temporary removed on
 * failure, the target as it was). */
int ld_lockfile_commit(ld_lockfile *lk);
/* Abandons the write: the temporary is removed, the target is as it was
 * (in place: what was written stays).  Safe on a released or zeroed
 * lk, and after commit. */
void ld_lockfile_rollback(ld_lockfile *lk);
/* Sets e to one line "cannot write WHATPATH (STEP): ERROR[; HINT]" about
 * the last failure of lk, for the caller's status st: what names the
 * file ("the state file ", or ""), hint says what to do (may be NULL). */
void ld_lockfile_err(const ld_lockfile *lk, ld_err *e, ld_status st, const char *what,
		     const char *path, const char *hint);

#endif
