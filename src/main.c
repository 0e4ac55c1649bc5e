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
	"\n"
	"Report a public-inbox mailing-list archive: who posted patches, from\n"
	"which domains, which patches arrived and their commit messages.\n"
	"INBOX is a v2 inbox directory (holding git/0.git, git/1.git, ...) or\n"
	"one epoch repository.\n"
	"\n"
	"  --from REV        start after this commit (exclusive; default: the start)\n"
	"  --to REV          end at this commit (inclusive; default: the newest)\n"
	"  --top N           rows in each table (default 15, 0 = all)\n"
	"  --list-name NAME  list name in the title (default: from List-Id)\n"
	"  --lore-url BASE   link messages to BASE<Message-ID>/ (default: from\n"
	"                    List-Id, https://lore.kernel.org/<list>/)\n"
	"  --format FORMAT   text (default), markdown, html, json or email\n"
	"  --mail-from ADDR  From of the email format (required with it)\n"
	"  --mail-to ADDR[,ADDR]  To of the email format (required with it)\n"
	"  -o, --output FILE write the report to FILE (atomically) instead of stdout\n"
	"  -j, --jobs N      parsing threads (default: online CPUs)\n"
	"  -v, --verbose     list each warning on stderr\n"
	"  -h, --help        this text\n"
	"      --version     print the version\n"
	"\n"
	"SOURCE_DATE_EPOCH, when set, is the time of the run (the email Date).\n"
	"\n"
	"Exit codes: 0 report written (warnings about broken mails do not\n"
	"change it), 2 bad option, 3 bad inbox, 4 bad revision or range,\n"
	"5 archive unreadable (missing or corrupt object), 6 output not\n"
	"writable, 7 out of memory.\n";

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
	{ "markdown", ld_render_markdown },
	{ "html", ld_render_html },
	{ "json", ld_render_json },
	{ "email", ld_render_email },
};

/* The time of the run: SOURCE_DATE_EPOCH when set (reproducible builds'
 * convention, used by the golden tests), else now. */
static int run_time(int64_t *out)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (!sde || !*sde) {
		*out = (int64_t)time(NULL);
		return 0;
	}
	char *end;
	errno = 0;
	long long v = strtoll(sde, &end, 10);
	if (errno || *end || v < 0 || v > 253402300799LL) {
		die(LD_EXIT_USAGE, "SOURCE_DATE_EPOCH '%s': expected seconds since 1970 (a whole number)", sde);
		return -1;
	}
	*out = (int64_t)v;
	return 0;
}

int main(int argc, char **argv)
{
	enum { O_FROM = 256, O_TO, O_TOP, O_LIST, O_VERSION, O_FORMAT, O_MAIL_FROM,
	       O_MAIL_TO, O_LORE };
	static const struct option opts[] = {
		{ "from", required_argument, NULL, O_FROM },
		{ "to", required_argument, NULL, O_TO },
		{ "top", required_argument, NULL, O_TOP },
		{ "list-name", required_argument, NULL, O_LIST },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "mail-from", required_argument, NULL, O_MAIL_FROM },
		{ "mail-to", required_argument, NULL, O_MAIL_TO },
		{ "lore-url", required_argument, NULL, O_LORE },
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	ld_run_opts ro = { NULL, NULL, 15, NULL, NULL, 0 };
	const char *out_path = NULL;
	int verbose = 0, c;
	size_t fmt = 0;
	ld_render_opts rendo = { NULL, NULL, 0 };
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
		case O_FORMAT:
			for (fmt = 0; fmt < sizeof(formats) / sizeof(formats[0]); fmt++)
				if (!strcmp(formats[fmt].name, optarg))
					break;
			if (fmt == sizeof(formats) / sizeof(formats[0]))
				return die(LD_EXIT_USAGE, "--format '%s': expected text, markdown, html, json or email", optarg);
			break;
		case O_MAIL_FROM: rendo.mail_from = optarg; break;
		case O_MAIL_TO: rendo.mail_to = optarg; break;
		case O_LORE: ro.lore_url = optarg; break;
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
	if (optind != argc - 1)
		return die(LD_EXIT_USAGE, "%s; usage: listdigest [options] INBOX (see --help)",
			   optind >= argc ? "no INBOX given" : "more than one INBOX given");
	const char *inbox = argv[optind];

	/* Everything the email format needs is checked before any work. */
	ld_mail_global_init();
	if (formats[fmt].fn == ld_render_email) {
		if (!rendo.mail_from || !rendo.mail_to)
			return die(LD_EXIT_USAGE, "--format email needs --mail-from ADDR and --mail-to ADDR[,ADDR]");
		if (!ld_mail_address_ok(rendo.mail_from, 1))
			return die(LD_EXIT_USAGE, "--mail-from '%s': expected one address such as digest@example.org", rendo.mail_from);
		if (!ld_mail_address_ok(rendo.mail_to, 0))
			return die(LD_EXIT_USAGE, "--mail-to '%s': expected addresses such as list@example.org,me@example.org", rendo.mail_to);
	}
	if (run_time(&rendo.now))
		return LD_EXIT_USAGE;

	output out;
	if (output_open(&out, out_path))
		return LD_EXIT_OUTPUT;

	ld_err err = { 0 };
	ld_archive *a = NULL;
	ld_report *rep = NULL;
	ld_status st = ld_archive_open(inbox, &a, &err);
	if (!st)
		st = ld_run(a, &ro, &rep, &err);
	if (st) {
		output_abandon(&out);
		ld_archive_close(a);
		return die(ld_status_exit(st), "%s", err.msg);
	}

	int rc = LD_EXIT_OK;
	if (formats[fmt].fn(rep, &rendo, out.f)) {
		output_abandon(&out);
		rc = die(LD_EXIT_OUTPUT, "cannot write the report: %s", strerror(errno));
	} else if (output_commit(&out)) {
		rc = LD_EXIT_OUTPUT;
	}
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
