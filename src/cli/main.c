/* main.c - the command line: options, the format by name, output files,
 * exit codes.  The only place that prints errors. */
#include "run/run.h"
#include "render/render.h"
#include "store/store.h"

#include <regex.h>
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
	"  --path GLOB       only patches touching matching files (repeatable;\n"
	"                    a directory matches what is below it)\n"
	"  --author TEXT     only patches whose author (\"Name <addr>\") contains\n"
	"                    TEXT, ignoring case (repeatable)\n"
	"  --domain DOMAIN   only patches from DOMAIN or its sub-domains (repeatable)\n"
	"  --grep REGEX      only patches whose subject or commit message matches\n"
	"                    the extended regular expression, ignoring case\n"
	"  --mailmap FILE    merge identities with a git mailmap before counting\n"
	"  --orgs FILE       map domains to organizations (gitdm domain-map format)\n"
	"                    and add the organizations table\n"
	"  --bot ADDR        mail from ADDR is a bot's: not discussion, not review\n"
	"                    (repeatable; * matches anything: ci+*@example.org)\n"
	"  --bots FILE       the same for each address of FILE, one a line\n"
	"  --cache-dir DIR   where the archive index lives (default:\n"
	"                    $XDG_CACHE_HOME/listdigest or ~/.cache/listdigest)\n"
	"  --no-index        do not build or read the archive index (no\n"
	"                    \"supersedes\" notes)\n"
	"  --lore-url BASE   link messages to BASE<Message-ID>/ (default: from\n"
	"                    List-Id, https://lore.kernel.org/<list>/)\n"
	"  --format FORMAT   text (default), markdown, html, json or email\n"
	"  --mail-from ADDR  From of the email format (required with it)\n"
	"  --mail-to ADDR[,ADDR]  To of the email format (required with it)\n"
	"  -o, --output FILE write the report to FILE (atomically) instead of stdout\n"
	"  -j, --jobs N      parsing threads (default: online CPUs)\n"
	"  --max-message-size SIZE  skip (with a warning) messages larger than\n"
	"                    SIZE bytes, K, M or G (default 64M, at most 1G)\n"
	"  -v, --verbose     list each warning on stderr\n"
	"  -h, --help        this text\n"
	"      --version     print the version\n"
	"\n"
	"SOURCE_DATE_EPOCH, when set, is the time of the run (the email Date).\n"
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

/* A size in bytes with an optional K, M or G suffix (powers of 1024). */
static int parse_size(const char *opt, const char *s, size_t min, size_t max, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	int shift = !*end ? 0 : !strcmp(end, "K") ? 10 : !strcmp(end, "M") ? 20 : !strcmp(end, "G") ? 30 : -1;
	if (errno || end == s || *s == '-' || shift < 0 || v > (max >> shift) || (v << shift) < min) {
		die(LD_EXIT_USAGE, "%s '%s': expected a size from %zuK to %zuM, such as 64M", opt, s,
		    min >> 10, max >> 20);
		return -1;
	}
	*out = (size_t)(v << shift);
	return 0;
}

/* Output to FILE goes through the lockfile helper (lockfile.h): a
 * regular file is replaced only when the whole report is written, a
 * device, FIFO or /dev/stdout is written in place.  Without FILE, stdout. */
typedef struct {
	const char *path;
	ld_lockfile lk;
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
	ld_err err;
	if (ld_lockfile_begin(&o->lk, path) || !(o->f = ld_lockfile_stream(&o->lk))) {
		ld_lockfile_err(&o->lk, &err, LD_E_OUTPUT, "", path, "choose a writable path for -o");
		ld_lockfile_rollback(&o->lk);
		die(LD_EXIT_OUTPUT, "%s", err.msg);
		return -1;
	}
	return 0;
}

static void output_abandon(output *o)
{
	if (o->path)
		ld_lockfile_rollback(&o->lk);
}

static int output_commit(output *o)
{
	if (!o->path) {
		if (fflush(stdout) || ferror(stdout))
			return die(LD_EXIT_OUTPUT, "cannot write the report to standard output: %s", strerror(errno));
		return 0;
	}
	if (ld_lockfile_commit(&o->lk)) {
		ld_err err;
		ld_lockfile_err(&o->lk, &err, LD_E_OUTPUT, "", o->path, NULL);
		return die(LD_EXIT_OUTPUT, "%s", err.msg);
	}
	return 0;
}

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

/* Progress on stderr: only on a terminal, only after the first second,
 * at most four times a second; cleared at the end. */
typedef struct {
	struct timespec start, last;
	int shown;
	double after;           /* seconds before the first line: 1, or
	                           LISTDIGEST_TEST_PROGRESS_AFTER in tests */
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
	if (el < p->after || (p->shown && since_s(&p->last, &now) < 0.25))
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

/* A notice holds what the archive and the state file said (paths,
 * Message-IDs): through the terminal sanitizer, as every such string. */
static void notice(const char *line)
{
	fputs("listdigest: ", stderr);
	ld_esc_text(stderr, line);
	fputc('\n', stderr);
}

/* The time of the run, for --since/--until and the email Date. */
static int64_t run_now;

static int parse_when(const char *opt, const char *s, int64_t *out)
{
	if (ld_when_parse(s, run_now, out) == 0)
		return 0;
	die(LD_EXIT_USAGE, "%s '%s': expected a date such as 2025-11-17, 2025-11-17T10:00, 2025-11-17T10:00+01:00, today, yesterday or '3 days ago'",
	    opt, s);
	return -1;
}

/* What a run holds, released in one place whatever way main leaves. */
typedef struct {
	const char **paths, **authors, **domains;
	regex_t re;
	int have_re;
	ld_mailmap *mailmap;
	ld_orgmap *orgs;
	ld_botlist *bots;
	ld_state state, new_state;
	ld_archive *archive;
	ld_report *report;
	char *index_path;
	int gmime;
} held_t;

static void held_release(held_t *h)
{
	ld_report_free(h->report);
	ld_archive_close(h->archive);
	if (h->gmime)
		ld_mail_global_shutdown();
	ld_mailmap_free(h->mailmap);
	ld_orgmap_free(h->orgs);
	ld_botlist_free(h->bots);
	if (h->have_re)
		regfree(&h->re);
	ld_state_release(&h->state);
	ld_state_release(&h->new_state);
	free(h->index_path);
	free(h->paths);
	free(h->authors);
	free(h->domains);
}

static int run_main(held_t *h, int argc, char **argv);

int main(int argc, char **argv)
{
	held_t h;
	memset(&h, 0, sizeof(h));
	int rc = run_main(&h, argc, argv);
	held_release(&h);
	return rc;
}

static int run_main(held_t *h, int argc, char **argv)
{
	enum { O_FROM = 256, O_TO, O_TOP, O_LIST, O_VERSION, O_PATH, O_AUTHOR, O_DOMAIN,
	       O_GREP, O_MAILMAP, O_ORGS, O_CACHE, O_NOINDEX, O_FORMAT, O_MAIL_FROM,
	       O_MAIL_TO, O_LORE, O_SINCE, O_UNTIL, O_STATE, O_MBOX, O_MAILDIR, O_BOT, O_BOTS, O_MAXMSG };
	static const struct option opts[] = {
		{ "from", required_argument, NULL, O_FROM },
		{ "to", required_argument, NULL, O_TO },
		{ "top", required_argument, NULL, O_TOP },
		{ "list-name", required_argument, NULL, O_LIST },
		{ "path", required_argument, NULL, O_PATH },
		{ "author", required_argument, NULL, O_AUTHOR },
		{ "domain", required_argument, NULL, O_DOMAIN },
		{ "grep", required_argument, NULL, O_GREP },
		{ "mailmap", required_argument, NULL, O_MAILMAP },
		{ "orgs", required_argument, NULL, O_ORGS },
		{ "bot", required_argument, NULL, O_BOT },
		{ "bots", required_argument, NULL, O_BOTS },
		{ "cache-dir", required_argument, NULL, O_CACHE },
		{ "no-index", no_argument, NULL, O_NOINDEX },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "mail-from", required_argument, NULL, O_MAIL_FROM },
		{ "mail-to", required_argument, NULL, O_MAIL_TO },
		{ "lore-url", required_argument, NULL, O_LORE },
		{ "since", required_argument, NULL, O_SINCE },
		{ "until", required_argument, NULL, O_UNTIL },
		{ "state", required_argument, NULL, O_STATE },
		{ "mbox", required_argument, NULL, O_MBOX },
		{ "maildir", required_argument, NULL, O_MAILDIR },
		{ "max-message-size", required_argument, NULL, O_MAXMSG },
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	ld_run_opts ro;
	memset(&ro, 0, sizeof(ro));
	ro.report.top = 15;
	const char *out_path = NULL, *grep = NULL, *mailmap_path = NULL, *orgs_path = NULL;
	const char *cache_dir = NULL;
	const char **paths = h->paths = ld_xcalloc((size_t)argc + 1, sizeof(char *));
	const char **authors = h->authors = ld_xcalloc((size_t)argc + 1, sizeof(char *));
	const char **domains = h->domains = ld_xcalloc((size_t)argc + 1, sizeof(char *));
	size_t n_paths = 0, n_authors = 0, n_domains = 0;
	const char *state_path = NULL, *mbox = NULL, *maildir = NULL;
	int verbose = 0, no_index = 0, c;
	ld_err botserr = { 0 };
	size_t max_message = LD_MAX_MESSAGE_DEFAULT;
	ld_render_fn render = ld_render_text;
	ld_render_opts rendo = { NULL, NULL, 0 };
	long v;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	ro.jobs = ncpu > 0 ? (int)(ncpu > 64 ? 64 : ncpu) : 1;

	if (run_time(&rendo.now))
		return LD_EXIT_USAGE;
	run_now = rendo.now;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:j:vh", opts, NULL)) != -1) {
		switch (c) {
		case O_FROM: ro.from = optarg; break;
		case O_TO: ro.to = optarg; break;
		case O_TOP:
			if (parse_count("--top", optarg, 0, 1000000, &v))
				return LD_EXIT_USAGE;
			ro.report.top = (size_t)v;
			break;
		case O_LIST: ro.report.list_name = optarg; break;
		case O_PATH:
			if (!*optarg)
				return die(LD_EXIT_USAGE, "--path '': expected a file or folder of the tree, or a glob, such as arch/x86/kvm/ or '*.rs'");
			paths[n_paths++] = optarg;
			break;
		case O_AUTHOR: authors[n_authors++] = optarg; break;
		case O_DOMAIN: domains[n_domains++] = optarg; break;
		case O_GREP: grep = optarg; break;
		case O_MAILMAP: mailmap_path = optarg; break;
		case O_ORGS: orgs_path = optarg; break;
		case O_BOT:
			if (!strchr(optarg, '@'))
				return die(LD_EXIT_USAGE, "--bot '%s': expected an address such as ci-bot@example.org", optarg);
			if (!h->bots)
				h->bots = ld_botlist_new();
			ld_botlist_add(h->bots, optarg);
			break;
		case O_BOTS:
			if (!h->bots)
				h->bots = ld_botlist_new();
			if (ld_botlist_load(h->bots, optarg, &botserr))
				return die(LD_EXIT_USAGE, "%s", botserr.msg);
			break;
		case O_CACHE: cache_dir = optarg; break;
		case O_NOINDEX: no_index = 1; break;
		case O_FORMAT:
			if (!(render = ld_render_find(optarg)))
				return die(LD_EXIT_USAGE, "--format '%s': expected text, markdown, html, json or email", optarg);
			break;
		case O_MAIL_FROM: rendo.mail_from = optarg; break;
		case O_MAIL_TO: rendo.mail_to = optarg; break;
		case O_LORE: ro.report.lore_url = optarg; break;
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
		case O_MAXMSG:
			if (parse_size("--max-message-size", optarg, 1024, LD_MAX_MESSAGE_CAP, &max_message))
				return LD_EXIT_USAGE;
			break;
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
	if (state_path && out_path && ld_same_file(state_path, out_path))
		return die(LD_EXIT_USAGE, "-o %s and --state %s are the same file: the report would overwrite the state; give two paths",
			   out_path, state_path);
	if (ro.since && ro.until && ro.until <= ro.since)
		return die(LD_EXIT_USAGE, "--until is not after --since: the range holds no time");

	ld_err err = { 0 };
	ld_state *state = &h->state, *new_state = &h->new_state;
	if (state_path) {
		if (ld_state_load(state_path, state, &err) || ld_state_check_writable(state_path, &err))
			return die(ld_status_exit(err.status), "%s", err.msg);
		ro.state = state;
		ro.new_state = new_state;
	}
	progress_t prog;
	memset(&prog, 0, sizeof(prog));
	if (isatty(2)) {
		const char *after = getenv("LISTDIGEST_TEST_PROGRESS_AFTER");
		prog.after = after && *after ? atof(after) : 1.0;
		clock_gettime(CLOCK_MONOTONIC, &prog.start);
		ro.progress = progress;
		ro.progress_ctx = &prog;
	}
	ro.notice = notice;

	/* Everything the email format needs is checked before any work. */
	ld_mail_global_init();
	h->gmime = 1;
	if (render == ld_render_email) {
		if (!rendo.mail_from || !rendo.mail_to)
			return die(LD_EXIT_USAGE, "--format email needs --mail-from ADDR and --mail-to ADDR[,ADDR]");
		if (!ld_mail_address_ok(rendo.mail_from, 1))
			return die(LD_EXIT_USAGE, "--mail-from '%s': expected one address such as digest@example.org", rendo.mail_from);
		if (!ld_mail_address_ok(rendo.mail_to, 0))
			return die(LD_EXIT_USAGE, "--mail-to '%s': expected addresses such as list@example.org,me@example.org", rendo.mail_to);
	}
	if (grep) {
		int rc = regcomp(&h->re, grep, REG_EXTENDED | REG_ICASE | REG_NOSUB);
		if (rc) {
			char msg[256];
			regerror(rc, &h->re, msg, sizeof(msg));
			regfree(&h->re);
			return die(LD_EXIT_USAGE, "--grep '%s': %s", grep, msg);
		}
		h->have_re = 1;
		ro.report.grep = &h->re;
		ro.report.grep_text = grep;
	}
	if (mailmap_path && !(h->mailmap = ld_mailmap_load(mailmap_path, &err)))
		return die(LD_EXIT_USAGE, "%s", err.msg);
	if (orgs_path && !(h->orgs = ld_orgmap_load(orgs_path, &err)))
		return die(LD_EXIT_USAGE, "%s", err.msg);
	for (size_t i = 0; i < n_domains; i++)
		if (domains[i][0] == '@')
			domains[i]++;
	ro.report.mailmap = h->mailmap;
	ro.report.orgs = h->orgs;
	ro.report.bots = h->bots;
	ro.report.paths = paths;
	ro.report.n_paths = n_paths;
	ro.report.authors = authors;
	ro.report.n_authors = n_authors;
	ro.report.domains = domains;
	ro.report.n_domains = n_domains;

	output out;
	if (output_open(&out, out_path))
		return LD_EXIT_OUTPUT;

	ld_status st = mbox ? ld_archive_open_mbox(mbox, ld_mail_date, &h->archive, &err)
		     : maildir ? ld_archive_open_maildir(maildir, &h->archive, &err)
		     : ld_archive_open(inbox, &h->archive, &err);
	if (!st) {
		ld_archive_set_max_message(h->archive, max_message);
		if (!no_index && inbox) {
			ro.index_path = h->index_path = ld_index_path(cache_dir, inbox, ld_archive_name(h->archive));
			if (!ro.index_path)
				ld_err_set(&ro.index_err, LD_E_OUTPUT, "no place for the archive index (HOME, XDG_CACHE_HOME and LISTDIGEST_CACHE are unset)");
		}
		st = ld_run(h->archive, &ro, &h->report, &err);
	}
	ld_report *rep = h->report;
	progress_clear(&prog);
	if (st) {
		output_abandon(&out);
		return die(ld_status_exit(st), "%s", err.msg);
	}

	if (ro.index_err.status)
		fprintf(stderr, "listdigest: warning: %s; running without the archive index: no \"supersedes\", and --since/--until read the whole range (give --cache-dir DIR, or --no-index)\n",
			ro.index_err.msg);
	int rc = LD_EXIT_OK;
	if (render(rep, &rendo, out.f)) {
		output_abandon(&out);
		rc = die(LD_EXIT_OUTPUT, "cannot write the report: %s", strerror(errno));
	} else if (output_commit(&out)) {
		rc = LD_EXIT_OUTPUT;
	} else if (state_path) {
		/* only now is the report out: a run killed before this line
		 * leaves the old state, and the next run reports again */
		ld_test_pause("written");
		if (ld_state_save(state_path, new_state, &err))
			rc = die(ld_status_exit(err.status), "%s", err.msg);
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
	return rc;
}
