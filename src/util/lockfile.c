/* util/lockfile.c - writing a file whole or not at all; the rules are
 * in util.h (lockfile). */
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- the temporaries the signal handler removes ----------------------
 * A fixed table of paths, so the handler walks no list that main code is
 * changing: a slot is filled and emptied with the signals blocked.  A run
 * holds at most three temporaries (report, state, index); one that finds
 * no free slot is still removed on every other way out. */
#define SLOTS 8
static char *volatile slots[SLOTS];
static int handlers_set;

static void remove_all(void)
{
	for (int i = 0; i < SLOTS; i++)
		if (slots[i])
			unlink(slots[i]);   /* async-signal-safe */
}

static void on_signal(int sig)
{
	remove_all();
	/* SA_RESETHAND restored the default action: die of the signal */
	raise(sig);
}

static void block(sigset_t *old)
{
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, old);
}

static void unblock(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

static void set_handlers(void)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE };
	if (handlers_set)
		return;
	handlers_set = 1;
	atexit(remove_all);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old, sa;
		/* an ignored signal (nohup, SIGPIPE ignored by a parent) stays
		 * ignored; a caller's own handler stays */
		if (sigaction(sigs[i], NULL, &old) || old.sa_handler != SIG_DFL)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_RESETHAND | SA_NODEFER;
		sigaction(sigs[i], &sa, NULL);
	}
}

static void hold_slot(ld_lockfile *lk)
{
	sigset_t old;
	block(&old);
	set_handlers();
	lk->slot = -1;
	for (int i = 0; i < SLOTS; i++)
		if (!slots[i]) {
			slots[i] = lk->tmp;
			lk->slot = i;
			break;
		}
	unblock(&old);
}

static void drop_slot(ld_lockfile *lk)
{
	if (lk->slot < 0)
		return;
	sigset_t old;
	block(&old);
	slots[lk->slot] = NULL;
	lk->slot = -1;
	unblock(&old);
}

/* ---- following the path ------------------------------------------- */

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ld_xstrdup(".");
	if (slash == path)
		return ld_xstrdup("/");
	return ld_xstrndup(path, (size_t)(slash - path));
}

/* Is the symlink at path one of /proc's descriptor links (/proc/PID/fd/N,
 * reached as /dev/stdout, /dev/fd/N, /proc/self/fd/N)?  Their "target"
 * is no path to replace but an open file: pipe:[123], socket:[4], or a
 * file some descriptor holds.  Returns N, or -1; *self: PID is us. */
static int proc_fd(const char *path, int *self)
{
	char *dir = dir_of(path), *real = realpath(dir, NULL);
	int n = -1;
	free(dir);
	if (real && !strncmp(real, "/proc/", 6)) {
		char *pid_end;
		long pid = strtol(real + 6, &pid_end, 10);
		const char *rest = pid_end;
		if (pid_end != real + 6 && !strncmp(rest, "/task/", 6)) {
			rest += 6;
			while (*rest >= '0' && *rest <= '9')
				rest++;
		}
		if (pid_end != real + 6 && !strcmp(rest, "/fd")) {
			const char *base = strrchr(path, '/') + 1;
			char *end;
			long v = strtol(base, &end, 10);
			if (end != base && !*end && v >= 0 && v <= INT_MAX) {
				n = (int)v;
				*self = pid == (long)getpid();
			}
		}
	}
	free(real);
	return n;
}

static int fail(ld_lockfile *lk, const char *step, int errnum)
{
	lk->step = step;
	lk->errnum = errnum;
	return -1;
}

/* Opens what is not a regular file where it is.  O_TRUNC changes only a
 * regular file (Linux ignores it on devices, FIFOs and terminals): the
 * case of another process's /proc/PID/fd/N. */
static int open_in_place(ld_lockfile *lk, const char *path, int fdnum, int self)
{
	lk->in_place = 1;
	lk->fd = self ? fcntl(fdnum, F_DUPFD_CLOEXEC, 0)
		      : open(path, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
	if (lk->fd < 0)
		return fail(lk, "opening it", errno);
	return 0;
}

/* Walks the symlinks of path to the file to write: sets lk->target, or
 * opens in place.  Returns 1 when a temporary is wanted, 0 when opened in
 * place, -1 on failure. */
static int resolve(ld_lockfile *lk, const char *path)
{
	char *cur = ld_xstrdup(path);
	for (int hops = 0;; hops++) {
		struct stat st;
		if (lstat(cur, &st)) {
			if (errno != ENOENT) {
				free(cur);
				return fail(lk, "looking it up", errno);
			}
			lk->target = cur;   /* a new file (or a dangling link's target) */
			return 1;
		}
		if (S_ISREG(st.st_mode)) {
			lk->target = cur;
			lk->have_old = 1;
			lk->mode = st.st_mode & 07777;
			lk->uid = st.st_uid;
			lk->gid = st.st_gid;
			return 1;
		}
		if (S_ISDIR(st.st_mode)) {
			free(cur);
			return fail(lk, NULL, EISDIR);
		}
		if (!S_ISLNK(st.st_mode)) {
			int rc = open_in_place(lk, cur, -1, 0);
			free(cur);
			return rc;
		}
		int self = 0, fdnum = proc_fd(cur, &self);
		if (fdnum >= 0) {
			int rc = open_in_place(lk, cur, fdnum, self);
			free(cur);
			return rc;
		}
		if (hops == 40) {
			free(cur);
			return fail(lk, "following its symlinks", ELOOP);
		}
		char link[PATH_MAX];
		ssize_t n = readlink(cur, link, sizeof(link));
		if (n < 0 || (size_t)n >= sizeof(link)) {   /* error, or cut short */
			free(cur);
			return fail(lk, "following its symlinks", n < 0 ? errno : ENAMETOOLONG);
		}
		link[n] = 0;
		char *next;
		if (link[0] == '/') {
			next = ld_xstrdup(link);
		} else {
			char *dir = dir_of(cur);
			next = ld_xmalloc(strlen(dir) + (size_t)n + 2);
			sprintf(next, "%s/%s", dir, link);
			free(dir);
		}
		free(cur);
		cur = next;
	}
}

/* Creates TARGET.tmp.XXXXXX with O_EXCL.  Mode 0666 lets the kernel apply
 * the umask: that is the mode of a new target.  The empty file is then
 * narrowed to its owner's bits while the data is written, so a file that
 * was private is never readable by others through its temporary. */
static int create_tmp(ld_lockfile *lk)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static unsigned counter;
	size_t len = strlen(lk->target);
	lk->tmp = ld_xmalloc(len + 12);
	for (int tries = 0; tries < 100; tries++) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		uint64_t r = (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32) ^
			     ((uint64_t)++counter * 0x9e3779b97f4a7c15ULL);
		char suffix[7];
		for (int i = 0; i < 6; i++, r /= 62)
			suffix[i] = chars[r % 62];
		suffix[6] = 0;
		sprintf(lk->tmp, "%s.tmp.%s", lk->target, suffix);
		lk->fd = open(lk->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (lk->fd >= 0)
			break;
		if (errno != EEXIST) {
			int e = errno;
			free(lk->tmp);
			lk->tmp = NULL;
			return fail(lk, "creating a temporary file beside it", e);
		}
	}
	if (lk->fd < 0) {
		free(lk->tmp);
		lk->tmp = NULL;
		return fail(lk, "creating a temporary file beside it", EEXIST);
	}
	hold_slot(lk);
	struct stat st;
	if (!lk->have_old && !lk->mode)
		lk->mode = fstat(lk->fd, &st) ? 0644 : (st.st_mode & 07777);
	fchmod(lk->fd, lk->mode & 0600);
	return 0;
}

int ld_lockfile_begin_flags(ld_lockfile *lk, const char *path, unsigned flags)
{
	memset(lk, 0, sizeof(*lk));
	lk->fd = -1;
	lk->slot = -1;
	if (flags & LD_LOCKFILE_PRIVATE) {
		/* a cache: whatever is at path is replaced by our own file */
		lk->target = ld_xstrdup(path);
		lk->mode = 0600;
	} else {
		int rc = resolve(lk, path);
		if (rc <= 0)
			return rc;
	}
	if (create_tmp(lk)) {
		free(lk->target);
		lk->target = NULL;
		return -1;
	}
	return 0;
}

int ld_lockfile_begin(ld_lockfile *lk, const char *path)
{
	return ld_lockfile_begin_flags(lk, path, 0);
}

FILE *ld_lockfile_stream(ld_lockfile *lk)
{
	if (!lk->f && lk->fd >= 0 && !(lk->f = fdopen(lk->fd, "w")))
		fail(lk, NULL, errno);
	return lk->f;
}

/* Closes the descriptor (through the stream when there is one); 0 or -1
 * with errno. */
static int close_out(ld_lockfile *lk)
{
	int rc = 0;
	if (lk->f)
		rc = fclose(lk->f);
	else if (lk->fd >= 0)
		rc = close(lk->fd);
	lk->f = NULL;
	lk->fd = -1;
	return rc;
}

void ld_lockfile_rollback(ld_lockfile *lk)
{
	int e = errno;   /* a caller reports the error that brought it here */
	close_out(lk);
	if (lk->tmp) {
		drop_slot(lk);
		unlink(lk->tmp);
		free(lk->tmp);
		lk->tmp = NULL;
	}
	free(lk->target);
	lk->target = NULL;
	errno = e;
}

/* The new file's owner and mode before its data reaches the disk, so one
 * fsync covers both.  The owner first: chown clears set-id bits. */
static void keep_owner_and_mode(ld_lockfile *lk)
{
	if (lk->have_old && (lk->uid != geteuid() || lk->gid != getegid()))
		if (fchown(lk->fd, lk->uid, lk->gid))
			(void)0;   /* not permitted: the file becomes ours */
	fchmod(lk->fd, lk->mode);
}

int ld_lockfile_commit(ld_lockfile *lk)
{
	const char *step = NULL;
	int e = 0;
	if (lk->f && (fflush(lk->f) || ferror(lk->f)))
		step = "", e = errno ? errno : EIO;
	if (!step && !lk->in_place) {
		keep_owner_and_mode(lk);
		if (fsync(lk->fd))
			step = "syncing it to disk", e = errno;
	}
	if (close_out(lk) && !step)
		step = "", e = errno;
	if (!step && lk->tmp && rename(lk->tmp, lk->target))
		step = "renaming the temporary file over it", e = errno;
	if (step) {   /* "" is a write error: no step to name */
		ld_lockfile_rollback(lk);
		return fail(lk, step, e);
	}
	if (lk->tmp) {
		drop_slot(lk);
		free(lk->tmp);
		lk->tmp = NULL;
		/* the rename itself must reach the disk before the caller calls
		 * the write done */
		char *dir = dir_of(lk->target);
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(dir);
	}
	free(lk->target);
	lk->target = NULL;
	return 0;
}

void ld_lockfile_err(const ld_lockfile *lk, ld_err *e, ld_status st, const char *what,
		     const char *path, const char *hint)
{
	const char *step = lk->step && *lk->step ? lk->step : NULL;
	ld_err_set(e, st, "cannot write %s%s%s%s%s: %s%s%s", what ? what : "", path,
		   step ? " (" : "", step ? step : "", step ? ")" : "",
		   strerror(lk->errnum ? lk->errnum : EIO), hint ? "; " : "", hint ? hint : "");
}
