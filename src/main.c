/* main.c - the command line: options, the format table, output files,
 * exit codes.  The only place that prints errors. */
#include "ld.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: listdigest [options] INBOX\n"
	"       listdigest [options] --mbox FILE | --maildir DIR\n"
	"\n"
	"Report a public-inbox mailing-list archive: who posted patches, from\n"
	"which domains, which patches arrived and their commit messages.\n"
	"INBOX is a v2 inbox directory (holding git/0.git, git/1.git, ...) or\n"
	"one epoch repository.\n"
	"\n"
	"  --from REV        start after this commit (exclusive; default: the start)\n"
	"  --to REV          end at this commit (inclusive; default: the newest)\n"
	"  --since DATE      only messages whose Date is at or after DATE\n"
	"  --until DATE      only messages whose Date is before DATE\n"
	"                    DATE: 2025-11-17, 2025-11-17T10:00[:00][Z|+01:00],\n"
	"                    today, yesterday, now, N days|weeks|months ago\n"
	"                    (zone-less dates are local time, see TZ)\n"
	"  --state FILE      report what is new since the run that wrote FILE,\n"
	"                    then update FILE (not with --from or --until)\n"
	"  --mbox FILE       read an mbox file (mboxo or mboxrd) instead of INBOX\n"
	"  --maildir DIR     read a maildir (cur/ and new/) instead of INBOX\n"
	"  --top N           rows in each table (default 15, 0 = all)\n"
	"  --list-name NAME  list name in the title (default: from List-Id)\n"
	"  -o, --output FILE write the report to FILE (atomically) instead of stdout\n"
	"  -j, --jobs N      parsing threads (default: online CPUs)\n"
	"  -v, --verbose     list each warning on stderr\n"
	"  -h, --help        this text\n"
	"      --version     print the version\n"
	"\n"
	"Exit codes: 0 report written (warnings about broken mails do not\n"
	"change it), 2 bad option, 3 bad inbox, 4 bad revision or range,\n"
	"5 archive unreadable (missing or corrupt object), 6 output not\n"
	"writable, 7 out of memory, 8 --state file unreadable, corrupt or\n"
	"not writable.\n";

static int die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int die(int code, const char *fmt, ...)
{
	va_list ap;
	fputs("listdigest: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

static int parse_count(const char *opt, const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		die(LD_EXIT_USAGE, "%s '%s': expected a whole number from %ld to %ld", opt, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* Output to FILE goes through a temporary file in the same directory,
 * renamed into place only when the whole report is written. */
typedef struct {
	const char *path;
	char *tmp;
	FILE *f;
} output;

static int output_open(output *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->path = path;
	if (!path) {
		o->f = stdout;
		return 0;
	}
	o->tmp = ld_xmalloc(strlen(path) + 16);
	sprintf(o->tmp, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		die(LD_EXIT_OUTPUT, "cannot write %s: %s; choose a writable path for -o", path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	o->f = fdopen(fd, "w");
	return 0;
}

static void output_abandon(output *o)
{
	if (o->tmp) {
		fclose(o->f);
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
	}
}

static int output_commit(output *o)
{
	if (!o->tmp) {
		if (fflush(stdout) || ferror(stdout))
			return die(LD_EXIT_OUTPUT, "cannot write the report to standard output: %s", strerror(errno));
		return 0;
	}
	int bad = fflush(o->f) || ferror(o->f) || fsync(fileno(o->f));
	int err = errno;
	if (fclose(o->f))
		bad = 1, err = errno;
	o->f = NULL;
	if (!bad && rename(o->tmp, o->path))
		bad = 1, err = errno;
	if (bad) {
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		return die(LD_EXIT_OUTPUT, "cannot write %s: %s", o->path, strerror(err));
	}
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}

static const struct {
	const char *name;
	ld_render_fn fn;
} formats[] = {
	{ "text", ld_render_text },
};

/* Progress on stderr: only on a terminal, only after the first second,
 * at most four times a second; cleared at the end. */
typedef struct {
	struct timespec start, last;
	int shown;
} progress_t;

static double since_s(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void progress(void *ctx, size_t done, size_t total)
{
	progress_t *p = ctx;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double el = since_s(&p->start, &now);
	if (el < 1.0 || (p->shown && since_s(&p->last, &now) < 0.25))
		return;
	p->last = now;
	p->shown = 1;
	fprintf(stderr, "\rlistdigest: %zu/%zu messages read, %.0f/s\033[K", done, total,
		(double)done / el);
}

static void progress_clear(progress_t *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = 0;
}

static void notice(const char *line)
{
	fprintf(stderr, "listdigest: %s\n", line);
}

/* The time --since/--until count from: SOURCE_DATE_EPOCH when set (as
 * for reproducible builds; the tests use it), else now. */
static int64_t now_time(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	if (sde && *sde) {
		long long v = strtoll(sde, &end, 10);
		if (!*end && v >= 0)
			return (int64_t)v;
	}
	return (int64_t)time(NULL);
}

static int parse_when(const char *opt, const char *s, int64_t *out)
{
	if (ld_when_parse(s, now_time(), out) == 0)
		return 0;
	die(LD_EXIT_USAGE, "%s '%s': expected a date such as 2025-11-17, 2025-11-17T10:00, 2025-11-17T10:00+01:00, today, yesterday or '3 days ago'",
	    opt, s);
	return -1;
}

int main(int argc, char **argv)
{
	enum { O_FROM = 256, O_TO, O_TOP, O_LIST, O_VERSION, O_SINCE, O_UNTIL, O_STATE,
	       O_MBOX, O_MAILDIR };
	static const struct option opts[] = {
		{ "from", required_argument, NULL, O_FROM },
		{ "to", required_argument, NULL, O_TO },
		{ "top", required_argument, NULL, O_TOP },
		{ "list-name", required_argument, NULL, O_LIST },
		{ "since", required_argument, NULL, O_SINCE },
		{ "until", required_argument, NULL, O_UNTIL },
		{ "state", required_argument, NULL, O_STATE },
		{ "mbox", required_argument, NULL, O_MBOX },
		{ "maildir", required_argument, NULL, O_MAILDIR },
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	ld_run_opts ro = { .top = 15 };
	const char *out_path = NULL, *state_path = NULL, *mbox = NULL, *maildir = NULL;
	int verbose = 0, c;
	long v;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	ro.jobs = ncpu > 0 ? (int)(ncpu > 64 ? 64 : ncpu) : 1;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:j:vh", opts, NULL)) != -1) {
		switch (c) {
		case O_FROM: ro.from = optarg; break;
		case O_TO: ro.to = optarg; break;
		case O_TOP:
			if (parse_count("--top", optarg, 0, 1000000, &v))
				return LD_EXIT_USAGE;
			ro.top = (size_t)v;
			break;
		case O_LIST: ro.list_name = optarg; break;
		case O_SINCE:
			if (parse_when("--since", optarg, &ro.since))
				return LD_EXIT_USAGE;
			break;
		case O_UNTIL:
			if (parse_when("--until", optarg, &ro.until))
				return LD_EXIT_USAGE;
			break;
		case O_STATE: state_path = optarg; break;
		case O_MBOX: mbox = optarg; break;
		case O_MAILDIR: maildir = optarg; break;
		case 'o': out_path = optarg; break;
		case 'j':
			if (parse_count("--jobs", optarg, 1, 256, &v))
				return LD_EXIT_USAGE;
			ro.jobs = (int)v;
			break;
		case 'v': verbose = 1; break;
		case 'h': fputs(usage_text, stdout); return LD_EXIT_OK;
		case O_VERSION: printf("listdigest %s\n", LD_VERSION); return LD_EXIT_OK;
		case ':':
			return die(LD_EXIT_USAGE, "option %s needs an argument; see listdigest --help", argv[optind - 1]);
		default:
			return die(LD_EXIT_USAGE, "unknown option %s; see listdigest --help", argv[optind - 1]);
		}
	}
	const char *inbox = NULL;
	if (mbox || maildir) {
		if (mbox && maildir)
			return die(LD_EXIT_USAGE, "--mbox and --maildir exclude each other; give one");
		if (optind != argc)
			return die(LD_EXIT_USAGE, "an INBOX and --%s given; give one source", mbox ? "mbox" : "maildir");
		if (ro.from || ro.to || state_path)
			return die(LD_EXIT_USAGE, "--%s has no commits: --from, --to and --state need an INBOX; use --since/--until",
				   mbox ? "mbox" : "maildir");
	} else if (optind != argc - 1) {
		return die(LD_EXIT_USAGE, "%s; usage: listdigest [options] INBOX (see --help)",
			   optind >= argc ? "no INBOX given" : "more than one INBOX given");
	} else {
		inbox = argv[optind];
	}
	if (state_path && ro.from)
		return die(LD_EXIT_USAGE, "--state and --from exclude each other: the state file says where to start");
	if (state_path && ro.until)
		return die(LD_EXIT_USAGE, "--state and --until exclude each other: messages dated after --until would never be reported");
	if (ro.since && ro.until && ro.until <= ro.since)
		return die(LD_EXIT_USAGE, "--until is not after --since: the range holds no time");

	ld_err err = { 0 };
	ld_state state = { 0 }, new_state = { 0 };
	if (state_path) {
		if (ld_state_load(state_path, &state, &err) || ld_state_check_writable(state_path, &err))
			return die(ld_status_exit(err.status), "%s", err.msg);
		ro.state = &state;
		ro.new_state = &new_state;
	}
	progress_t prog;
	memset(&prog, 0, sizeof(prog));
	if (isatty(2)) {
		clock_gettime(CLOCK_MONOTONIC, &prog.start);
		ro.progress = progress;
		ro.progress_ctx = &prog;
	}
	ro.notice = notice;

	output out;
	if (output_open(&out, out_path))
		return LD_EXIT_OUTPUT;

	ld_archive *a = NULL;
	ld_report *rep = NULL;
	ld_status st = mbox ? ld_archive_open_mbox(mbox, &a, &err)
		     : maildir ? ld_archive_open_maildir(maildir, &a, &err)
		     : ld_archive_open(inbox, &a, &err);
	if (!st) {
		ld_mail_global_init();
		st = ld_run(a, &ro, &rep, &err);
	}
	progress_clear(&prog);
	if (st) {
		output_abandon(&out);
		ld_archive_close(a);
		ld_state_release(&state);
		ld_state_release(&new_state);
		return die(ld_status_exit(st), "%s", err.msg);
	}

	int rc = LD_EXIT_OK;
	ld_render_opts rendo = { NULL, NULL, 0 };
	if (formats[0].fn(rep, &rendo, out.f)) {
		output_abandon(&out);
		rc = die(LD_EXIT_OUTPUT, "cannot write the report: %s", strerror(errno));
	} else if (output_commit(&out)) {
		rc = LD_EXIT_OUTPUT;
	} else if (state_path) {
		/* only now is the report out: a run killed before this line
		 * leaves the old state, and the next run reports again */
		ld_test_pause("written");
		if (ld_state_save(state_path, &new_state, &err))
			rc = die(ld_status_exit(err.status), "%s", err.msg);
	}
	ld_state_release(&state);
	ld_state_release(&new_state);
	if (rep->n_warnings) {
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
	ld_report_free(rep);
	ld_archive_close(a);
	ld_mail_global_shutdown();
	return rc;
}
