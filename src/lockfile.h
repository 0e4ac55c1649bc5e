/* lockfile.h - writing a file whole or not at all, in the manner of git's
 * lockfile API (lockfile.h: hold, commit, rollback, clean-up on signals).
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
#ifndef LD_LOCKFILE_H
#define LD_LOCKFILE_H

#include "ld.h"

#include <stdio.h>
#include <sys/types.h>

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
