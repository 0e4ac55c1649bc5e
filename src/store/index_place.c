/* index_place.c - where the archive index lives (the cache folder: a
 * --cache-dir, $LISTDIGEST_CACHE, $XDG_CACHE_HOME/listdigest or
 * ~/.cache/listdigest) and whether the folder and the file may be
 * trusted (the user's own, writable by nobody else); the index itself:
 * index.c (format, queries), index_build.c (building it). */
#include "store/index.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

ld_status ld_ix_check_place(const char *path, ld_err *err)
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
