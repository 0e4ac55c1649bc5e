/* output.c - what the command line writes: the report file (or
 * stdout), errors (the only place that prints them), progress, the
 * range's notices and the warning summary. */
#include "cli/cli.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *die_ctx;

void cli_die_context(const char *ctx)
{
	die_ctx = ctx;
}

int cli_die(int code, const char *fmt, ...)
{
	va_list ap;
	fputs("listdigest: ", stderr);
	if (die_ctx)
		fprintf(stderr, "%s: ", die_ctx);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

/* The reader went away (listdigest | head -1): end as git does
 * (write_or_die.c's check_pipe), by the SIGPIPE that the write would
 * have raised had libgit2 not ignored it at its initialisation, so the
 * shell sees status 141 and nothing is printed.  Even when our parent
 * ignores SIGPIPE (git resets it to the default at start for the same
 * reason).  Returns when errnum is not EPIPE. */
void cli_closed_pipe(int errnum)
{
	if (errnum != EPIPE)
		return;
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGPIPE);
	signal(SIGPIPE, SIG_DFL);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	raise(SIGPIPE);
	_exit(128 + SIGPIPE);   /* not reached */
}

int cli_output_open(cli_output *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->path = path;
	if (!path) {
		o->f = stdout;
		return 0;
	}
	ld_err err;
	if (ld_lockfile_begin(&o->lk, path) || !(o->f = ld_lockfile_stream(&o->lk))) {
		ld_lockfile_err(&o->lk, &err, LD_E_OUTPUT, "", path, "choose a writable path for -o");
		ld_lockfile_rollback(&o->lk);
		cli_die(LD_EXIT_OUTPUT, "%s", err.msg);
		return -1;
	}
	return 0;
}

void cli_output_abandon(cli_output *o)
{
	if (o->path)
		ld_lockfile_rollback(&o->lk);
}

int cli_output_commit(cli_output *o)
{
	if (!o->path) {
		if (fflush(stdout) || ferror(stdout)) {
			cli_closed_pipe(errno);
			return cli_die(LD_EXIT_OUTPUT, "cannot write the report to standard output: %s", strerror(errno));
		}
		return 0;
	}
	if (ld_lockfile_commit(&o->lk)) {
		ld_err err;
		cli_closed_pipe(o->lk.errnum);
		ld_lockfile_err(&o->lk, &err, LD_E_OUTPUT, "", o->path, NULL);
		return cli_die(LD_EXIT_OUTPUT, "%s", err.msg);
	}
	return 0;
}

static double since_s(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void progress(void *ctx, size_t done, size_t total)
{
	cli_progress *p = ctx;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double el = since_s(&p->start, &now);
	if (el < p->after || (p->shown && since_s(&p->last, &now) < 0.25))
		return;
	p->last = now;
	p->shown = 1;
	fprintf(stderr, "\rlistdigest: %zu/%zu messages read, %.0f/s\033[K", done, total,
		(double)done / el);
}

/* "fetching epoch 3 (2/4): 1200/3400 objects, 5.2 MiB": the counts of
 * the pack being received. */
static void fetch_progress(void *ctx, const ld_fetch_progress *f)
{
	cli_progress *p = ctx;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	int last = f->received == f->total;
	if (since_s(&p->start, &now) < p->after ||
	    (p->shown && !last && since_s(&p->last, &now) < 0.25))
		return;
	p->last = now;
	p->shown = 1;
	fprintf(stderr, "\rlistdigest: fetching epoch %d (%zu/%zu): %u/%u objects, %.1f MiB\033[K",
		f->epoch, f->index, f->count, f->received, f->total, (double)f->bytes / (1 << 20));
}

void cli_progress_fetch(cli_progress *p, ld_mirror_opts *o)
{
	if (isatty(2)) {
		o->progress = fetch_progress;
		o->ctx = p;
	}
}

void cli_progress_clear(cli_progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = 0;
}

/* A notice holds what the archive and the state file said (paths,
 * Message-IDs): through the terminal sanitizer, as every such string. */
void cli_notice(const char *line)
{
	fputs("listdigest: ", stderr);
	ld_esc_text(stderr, line);
	fputc('\n', stderr);
}

void cli_progress_start(cli_progress *p, ld_run_opts *o)
{
	memset(p, 0, sizeof(*p));
	if (isatty(2)) {
		const char *after = getenv("LISTDIGEST_TEST_PROGRESS_AFTER");
		p->after = after && *after ? atof(after) : 1.0;
		clock_gettime(CLOCK_MONOTONIC, &p->start);
		o->progress = progress;
		o->progress_ctx = p;
	}
}

void cli_index_warning(const ld_err *e)
{
	if (e->status)
		fprintf(stderr, "listdigest: warning: %s; running without the archive index: no \"supersedes\", and --since/--until read the whole range (give --cache-dir DIR, or --no-index)\n",
			e->msg);
}

void cli_warning_summary(const ld_report *rep, int verbose)
{
	if (!rep->n_warnings)
		return;
	fprintf(stderr, "listdigest: %lu warning%s about broken mail in %zu messages (",
		rep->n_warnings, rep->n_warnings == 1 ? "" : "s", rep->n_messages);
	const char *sep = "";
	for (int k = 0; k < LD_W__COUNT; k++) {
		if (!rep->warnings[k])
			continue;
		fprintf(stderr, "%s%lu %s", sep, rep->warnings[k], ld_warn_name(k));
		sep = ", ";
	}
	fprintf(stderr, ")%s\n", verbose ? ":" : "; -v lists them");
	for (size_t i = 0; verbose && i < rep->n_warn_lines; i++)
		fprintf(stderr, "listdigest: warning: %s\n", rep->warn_lines[i]);
}
