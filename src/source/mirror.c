/* mirror.c - a local mirror of a public-inbox served over HTTP (lore or
 * any public-inbox-httpd): where it lives, and its update: the epochs
 * from the inbox's manifest.js.gz (manifest.c), each cloned or fetched
 * from URL/N (git_fetch.c), as lore's own instructions do by hand
 * (`git clone --mirror https://lore.kernel.org/kvm/0 kvm/git/0.git`).
 * The mirror is then an inbox folder like any other. */
#include "source/fetch.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int ld_mirror_is_url(const char *s)
{
	return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8);
}

/* A part of a path made from the URL: no "/", ".", "..", nothing a shell
 * or a terminal would mind. */
static int safe_part(const char *s, size_t n, const char *extra)
{
	if (!n || (n <= 2 && !strncmp(s, "..", n)))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-+~", s[i]) && !strchr(extra, s[i]))
			return 0;
	return 1;
}

/* The host (with :port) and the list of url, into host and list
 * (caller frees both): 0, or -1 when url has no usable ones. */
static int split_url(const char *url, char **host, char **list)
{
	const char *a = strstr(url, "://");
	if (!a)
		return -1;
	a += 3;
	size_t alen = strcspn(a, "/");
	const char *at = memchr(a, '@', alen);   /* user@host: the host */
	if (at) {
		alen -= (size_t)(at + 1 - a);
		a = at + 1;
	}
	const char *path = a + alen;
	size_t plen = strlen(path);
	while (plen && path[plen - 1] == '/')
		plen--;
	const char *last = path + plen;
	while (last > path && last[-1] != '/')
		last--;
	size_t llen = (size_t)(path + plen - last);
	if (strpbrk(url, "?#") || !safe_part(a, alen, ":[]") || !safe_part(last, llen, ""))
		return -1;
	*host = ld_xstrndup(a, alen);
	for (char *h = *host; *h; h++)
		*h = (char)tolower((unsigned char)*h);
	*list = ld_xstrndup(last, llen);
	return 0;
}

ld_status ld_mirror_path(const char *url, const char *base, char **out, ld_err *err)
{
	char *host, *list;
	const char *env;
	*out = NULL;
	if (split_url(url, &host, &list)) {
		ld_err_set(err, LD_E_USAGE, "%s: expected the URL of one inbox, such as https://lore.kernel.org/kvm/ (no query, a list name of letters, digits and ._-+~)",
			   url);
		return LD_E_USAGE;
	}
	ld_buf b = LD_BUF_INIT;
	if (base && *base)
		ld_buf_adds(&b, base);
	else if ((env = getenv("XDG_DATA_HOME")) && *env)
		ld_buf_addf(&b, "%s/listdigest/mirrors", env);
	else if ((env = getenv("HOME")) && *env)
		ld_buf_addf(&b, "%s/.local/share/listdigest/mirrors", env);
	if (b.len)
		ld_buf_addf(&b, "/%s/%s", host, list);
	free(host);
	free(list);
	if (!b.len) {
		ld_err_set(err, LD_E_OUTPUT, "no place for the mirror of %s (HOME and XDG_DATA_HOME are unset); give --mirror-dir DIR",
			   url);
		return LD_E_OUTPUT;
	}
	*out = ld_buf_detach(&b);
	return LD_OK;
}

/* Creates the missing folders of path, private (as the index cache's,
 * store/index_build.c: a mirror says which lists one follows). */
static int mkdir_p(const char *path)
{
	char *p = ld_xstrdup(path);
	int rc = 0;
	for (char *s = p + 1; *s && !rc; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		rc = mkdir(p, 0700) && errno != EEXIST ? -1 : 0;
		*s = '/';
	}
	if (!rc)
		rc = mkdir(p, 0700) && errno != EEXIST ? -1 : 0;
	free(p);
	return rc;
}

/* The mirror folder dir and dir/git exist (made when missing), are
 * folders of this user and not writable by others: someone else's
 * mirror could hand us any history. */
static ld_status mirror_place(const char *dir, ld_err *err)
{
	char *git = ld_xmalloc(strlen(dir) + 5);
	sprintf(git, "%s/git", dir);
	ld_status st = LD_OK;
	struct stat sb;
	const char *p = dir;
	if (mkdir_p(git)) {
		ld_err_set(err, LD_E_OUTPUT, "cannot create the mirror folder %s: %s; give --mirror-dir DIR",
			   git, strerror(errno));
		st = LD_E_OUTPUT;
	}
	for (int i = 0; i < 2 && st == LD_OK; i++, p = git) {
		if (stat(p, &sb) || !S_ISDIR(sb.st_mode)) {
			ld_err_set(err, LD_E_OUTPUT, "the mirror folder %s is not a folder; give --mirror-dir DIR", p);
			st = LD_E_OUTPUT;
		} else if (sb.st_uid != geteuid() || (sb.st_mode & 022)) {
			ld_err_set(err, LD_E_OUTPUT, "the mirror folder %s %s; not using it: give --mirror-dir with a folder of your own, or report from it with --offline",
				   p, sb.st_uid != geteuid() ? "belongs to another user" : "is writable by group or others");
			st = LD_E_OUTPUT;
		}
	}
	free(git);
	return st;
}

/* One update of a mirror at a time (two cron jobs): flock on
 * dir/listdigest.lock, released when fd is closed; -1 on failure. */
static int lock_mirror(const char *dir, ld_err *err)
{
	char *path = ld_xmalloc(strlen(dir) + 17);
	sprintf(path, "%s/listdigest.lock", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX)) {
		ld_err_set(err, LD_E_OUTPUT, "cannot lock %s: %s; give --mirror-dir DIR", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	free(path);
	return fd;
}

ld_status ld_mirror_update(const char *url, const char *dir, const ld_mirror_opts *o,
			   ld_err *err)
{
	ld_manifest_epoch *epochs = NULL;
	size_t n = 0;
	int lock = -1;
	ld_buf base = LD_BUF_INIT, path = LD_BUF_INIT, from = LD_BUF_INIT;
	ld_buf_adds(&base, url);
	if (base.s[base.len - 1] != '/')
		ld_buf_addc(&base, '/');
	char *host = NULL, *list = NULL;
	ld_status st = LD_OK;
	if (split_url(url, &host, &list)) {
		ld_err_set(err, LD_E_USAGE, "%s: expected the URL of one inbox, such as https://lore.kernel.org/kvm/", url);
		st = LD_E_USAGE;
	}
	if (st == LD_OK)
		st = ld_manifest_epochs(base.s, list, &epochs, &n, err);
	if (st == LD_OK)
		st = mirror_place(dir, err);
	if (st == LD_OK && (lock = lock_mirror(dir, err)) < 0)
		st = LD_E_OUTPUT;
	for (size_t i = 0; i < n && st == LD_OK; i++) {
		int e = epochs[i].number;
		ld_fetch_progress p = { .epoch = e, .index = i + 1, .count = n };
		ld_buf_reset(&path);
		ld_buf_addf(&path, "%s/git/%d.git", dir, e);
		ld_buf_reset(&from);
		ld_buf_addf(&from, "%s%d", base.s, e);
		st = ld_git_fetch_epoch(path.s, from.s, epochs[i].fingerprint, o, &p, err);
	}
	if (lock >= 0)
		close(lock);
	free(epochs);
	free(host);
	free(list);
	ld_buf_release(&base);
	ld_buf_release(&path);
	ld_buf_release(&from);
	return st;
}
