/* http.c - an HTTP GET, by running listdigest-remote-http (src/remote/):
 * libcurl and the shared libraries it needs are linked into that helper,
 * not into listdigest, so that a run on a local archive does not load
 * them (a one-day report's startup: README, Performance).  As git runs
 * git-remote-http for its HTTP remotes.
 *
 * The helper is looked for beside the running binary (the build tree),
 * then in ../libexec/listdigest/ from it (`make install`). */
#include "source/fetch.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define HELPER "listdigest-remote-http"

/* The helper's path into out, 0; -1 when none is executable (out then
 * holds the places looked at, for the message). */
static int find_helper(ld_buf *out)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0) {
		ld_buf_adds(out, "/proc/self/exe unreadable");
		return -1;
	}
	exe[n] = 0;
	char *slash = strrchr(exe, '/');
	*(slash ? slash : exe) = 0;
	const char *where[] = { "/" HELPER, "/../libexec/listdigest/" HELPER };
	for (size_t i = 0; i < 2; i++) {
		ld_buf_release(out);
		ld_buf_addf(out, "%s%s", exe, where[i]);
		if (!access(out->s, X_OK))
			return 0;
	}
	ld_buf_release(out);
	ld_buf_addf(out, "%s/ or %s/../libexec/listdigest/", exe, exe);
	return -1;
}

/* Reads fd to its end into b, at most max bytes (more: -1). */
static int read_all(int fd, ld_buf *b, size_t max)
{
	char chunk[16384];
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
		if (b->len + (size_t)r > max)
			return -1;
		ld_buf_add(b, chunk, (size_t)r);
	}
}

/* The status of the helper's exit code (listdigest's table). */
static ld_status status_of_exit(int code)
{
	static const ld_status all[] = { LD_E_USAGE, LD_E_INBOX, LD_E_REV, LD_E_ARCHIVE,
					 LD_E_OUTPUT, LD_E_STATE, LD_E_FETCH };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (ld_status_exit(all[i]) == code)
			return all[i];
	return LD_E_FETCH;
}

/* Runs the helper with its output to out_fd and its errors to err_fd;
 * its pid, or -1 (errno set). */
static pid_t spawn_helper(const char *path, const char *url, size_t max, int out_fd, int err_fd)
{
	char maxs[32];
	snprintf(maxs, sizeof(maxs), "%zu", max);
	char *argv[] = { (char *)HELPER, (char *)url, maxs, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
	pid_t pid;
	int rc = posix_spawn(&pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc) {
		errno = rc;
		return -1;
	}
	return pid;
}

/* The helper's one-line message from its standard error (a temporary
 * file: read after it exited), or a line of our own. */
static void helper_message(int err_fd, const char *url, int code, ld_err *err)
{
	char line[sizeof(err->msg)];
	ssize_t n = pread(err_fd, line, sizeof(line) - 1, 0);
	line[n > 0 ? n : 0] = 0;
	line[strcspn(line, "\n")] = 0;
	if (*line)
		ld_err_set(err, status_of_exit(code), "%s", line);
	else
		ld_err_set(err, LD_E_FETCH, "GET %s: %s ended with status %d; try again, or report from the mirror as it is with --offline",
			   url, HELPER, code);
}

ld_status ld_http_get(const char *url, size_t max, ld_buf *body, ld_err *err)
{
	ld_buf path = LD_BUF_INIT;
	if (find_helper(&path)) {
		ld_err_set(err, LD_E_FETCH, "GET %s: no %s in %s: install listdigest whole (make install), or report from the mirror as it is with --offline",
			   url, HELPER, path.s);
		ld_buf_release(&path);
		return LD_E_FETCH;
	}
	int pipefd[2] = { -1, -1 };
	FILE *errf = tmpfile();
	if (!errf || pipe2(pipefd, O_CLOEXEC)) {
		ld_err_set(err, LD_E_FETCH, "GET %s: cannot run %s: %s", url, path.s, strerror(errno));
		if (errf)
			fclose(errf);
		ld_buf_release(&path);
		return LD_E_FETCH;
	}
	pid_t pid = spawn_helper(path.s, url, max, pipefd[1], fileno(errf));
	int spawn_errno = errno;
	close(pipefd[1]);
	ld_status st = LD_OK;
	int too_big = pid > 0 ? read_all(pipefd[0], body, max) : 0;
	close(pipefd[0]);
	int ws = 0;
	if (pid < 0) {
		ld_err_set(err, LD_E_FETCH, "GET %s: cannot run %s: %s", url, path.s, strerror(spawn_errno));
		st = LD_E_FETCH;
	} else {
		while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
			;
		int code = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
		if (code) {
			helper_message(fileno(errf), url, code, err);
			st = err->status;
		} else if (too_big) {
			ld_err_set(err, LD_E_FETCH, "GET %s: %s sent more than %zu bytes or could not be read; try again, or report from the mirror as it is with --offline",
				   url, HELPER, max);
			st = LD_E_FETCH;
		}
	}
	fclose(errf);
	ld_buf_release(&path);
	if (st != LD_OK)
		ld_buf_release(body);
	return st;
}
