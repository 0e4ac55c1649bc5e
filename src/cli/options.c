/* options.c - the command line's options: the usage text, the values
 * (counts, sizes, dates, the format by name) and which options exclude
 * each other.  Errors are said here (cli_die) and end the run. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: listdigest [options] INBOX|URL...\n"
	"       listdigest [options] --mbox FILE | --maildir DIR\n"
	"       listdigest merge [--format F] [--top N] [-o FILE] FILE.json...\n"
	"\n"
	"Report a public-inbox mailing-list archive: who posted patches, from\n"
	"which domains, which patches arrived and their commit messages.\n"
	"INBOX is a v2 inbox directory (holding git/0.git, git/1.git, ...) or\n"
	"one epoch repository.  URL is a public-inbox served over HTTP, such as\n"
	"https://lore.kernel.org/kvm/: listdigest mirrors it (its epochs cloned,\n"
	"then fetched on each run) and reports from the mirror.  Several INBOX\n"
	"or URL make one report of their lists (a cross-posted message once).\n"
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
	"  --mbox FILE       read an mbox file (mboxo or mboxrd) instead of INBOX;\n"
	"                    '-' reads it from standard input\n"
	"  --maildir DIR     read a maildir (cur/ and new/) instead of INBOX\n"
	"  --top N           rows in each table (default 15, 0 = all)\n"
	"  --waiting-days N  list as waiting for review the series of the N days\n"
	"                    before the end of the report that nobody but their\n"
	"                    sender and bots answered (default 28, 0 = no list)\n"
	"  --waiting-age N   ... and that are at least N days old (default 7)\n"
	"  --list-name NAME  list name in the title (default: from List-Id)\n"
	"  --path GLOB       only patches touching matching files (repeatable;\n"
	"                    a directory matches what is below it)\n"
	"  --author TEXT     only patches whose author (\"Name <addr>\") contains\n"
	"                    TEXT, ignoring case (repeatable)\n"
	"  --domain DOMAIN   only patches from DOMAIN or its sub-domains (repeatable)\n"
	"  --grep REGEX      only patches whose subject or commit message matches\n"
	"                    the extended regular expression, ignoring case\n"
	"  --maintainers FILE  the Linux kernel's MAINTAINERS file (or one in its\n"
	"                    format), for --subsystem\n"
	"  --subsystem NAME  only patches touching the files of the section NAME\n"
	"                    of --maintainers (its F: and N: patterns, not its X:\n"
	"                    ones); NAME is the title, any case, or a unique part\n"
	"                    of it\n"
	"  --mailmap FILE    merge identities with a git mailmap before counting\n"
	"  --orgs FILE       map domains to organizations (gitdm domain-map format)\n"
	"                    and add the organizations table\n"
	"  --bot ADDR        mail from ADDR is a bot's: not discussion, not review\n"
	"                    (repeatable; * matches anything: ci+*@example.org)\n"
	"  --bots FILE       the same for each address of FILE, one a line\n"
	"  --cache-dir DIR   where the archive index lives (default:\n"
	"                    $XDG_CACHE_HOME/listdigest or ~/.cache/listdigest)\n"
	"  --mirror-dir DIR  where mirrors of URLs live, as DIR/HOST/LIST (default:\n"
	"                    $XDG_DATA_HOME/listdigest/mirrors or\n"
	"                    ~/.local/share/listdigest/mirrors)\n"
	"  --offline         report from the mirror of URL as it is (no fetch)\n"
	"  --no-index        do not build or read the archive index (no\n"
	"                    \"supersedes\" notes)\n"
	"  --lore-url BASE   link messages to BASE<Message-ID>/ (default: from\n"
	"                    List-Id, https://lore.kernel.org/<list>/)\n"
	"  --format FORMAT   text (default), markdown, html, json or email\n"
	"  --mail-from ADDR  From of the email format (required with it)\n"
	"  --mail-to ADDR[,ADDR]  To of the email format (required with it)\n"
	"  -o, --output FILE write the report to FILE (atomically) instead of stdout\n"
	"  --site DIR        write the HTML report as DIR/YYYY-MM-DD.html (the day\n"
	"                    before --until, else of the run, UTC), and update\n"
	"                    DIR/index.html, DIR/feed.atom and DIR/reports.tsv\n"
	"                    (not with -o or a --format other than html)\n"
	"  -j, --jobs N      parsing threads (default: online CPUs)\n"
	"  --max-message-size SIZE  skip (with a warning) messages larger than\n"
	"                    SIZE bytes, K, M or G (default 64M, at most 1G)\n"
	"  --exit-code       exit 1 when the report lists no patch posting and\n"
	"                    no pull request (nothing new: send no mail)\n"
	"  --config FILE     read FILE, not ~/.config/listdigest/config\n"
	"                    (git-config syntax: [listdigest], [list \"NAME\"]);\n"
	"                    the command line wins over it\n"
	"  -v, --verbose     list each warning on stderr\n"
	"  -h, --help        this text\n"
	"      --version     print the version\n"
	"\n"
	"SOURCE_DATE_EPOCH, when set, is the time of the run (the email Date).\n"
	"\n"
	"Exit codes: 0 report written (warnings about broken mails do not\n"
	"change it), 1 with --exit-code: report written, nothing new in it,\n"
	"2 bad option, 3 bad inbox (merge: a FILE.json that is no report\n"
	"with a merge key, or of other filters), 4 bad revision or range,\n"
	"5 archive unreadable (missing or corrupt object), 6 output not\n"
	"writable, 7 out of memory, 8 --state file unreadable, corrupt or\n"
	"not writable, or --site DIR's reports.tsv unreadable or damaged,\n"
	"9 mirror of URL not updated (host unreachable, HTTP\n"
	"error, fetch failed or interrupted; a URL that is not a public-inbox\n"
	"is 3).  A reader that closes the pipe (listdigest | head) ends the\n"
	"run quietly by SIGPIPE, as git (status 141 in a shell).\n";

static int parse_count(const char *opt, const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		cli_die(LD_EXIT_USAGE, "%s '%s': expected a whole number from %ld to %ld", opt, s, min, max);
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
		cli_die(LD_EXIT_USAGE, "%s '%s': expected a size from %zuK to %zuM, such as 64M", opt, s,
		    min >> 10, max >> 20);
		return -1;
	}
	*out = (size_t)(v << shift);
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
		cli_die(LD_EXIT_USAGE, "SOURCE_DATE_EPOCH '%s': expected seconds since 1970 (a whole number)", sde);
		return -1;
	}
	*out = (int64_t)v;
	return 0;
}

/* The time of the run, for --since/--until and the email Date. */
static int64_t run_now;

static int parse_when(const char *opt, const char *s, int64_t *out)
{
	if (ld_when_parse(s, run_now, out) == 0)
		return 0;
	cli_die(LD_EXIT_USAGE, "%s '%s': expected a date such as 2025-11-17, 2025-11-17T10:00, 2025-11-17T10:00+01:00, today, yesterday or '3 days ago'",
	    opt, s);
	return -1;
}

enum { O_FROM = 256, O_TO, O_TOP, O_LIST, O_VERSION, O_PATH, O_AUTHOR, O_DOMAIN,
       O_GREP, O_MAILMAP, O_ORGS, O_CACHE, O_NOINDEX, O_FORMAT, O_MAIL_FROM,
       O_MAIL_TO, O_LORE, O_SINCE, O_UNTIL, O_STATE, O_MBOX, O_MAILDIR, O_BOT, O_BOTS, O_MAXMSG,
       O_MIRROR, O_OFFLINE, O_EXIT_CODE, O_CONFIG, O_SITE, O_MAINTAINERS, O_SUBSYSTEM,
       O_WAIT_DAYS, O_WAIT_AGE };
static const struct option opts[] = {
	{ "from", required_argument, NULL, O_FROM },
	{ "to", required_argument, NULL, O_TO },
	{ "top", required_argument, NULL, O_TOP },
	{ "waiting-days", required_argument, NULL, O_WAIT_DAYS },
	{ "waiting-age", required_argument, NULL, O_WAIT_AGE },
	{ "list-name", required_argument, NULL, O_LIST },
	{ "path", required_argument, NULL, O_PATH },
	{ "author", required_argument, NULL, O_AUTHOR },
	{ "domain", required_argument, NULL, O_DOMAIN },
	{ "grep", required_argument, NULL, O_GREP },
	{ "maintainers", required_argument, NULL, O_MAINTAINERS },
	{ "subsystem", required_argument, NULL, O_SUBSYSTEM },
	{ "mailmap", required_argument, NULL, O_MAILMAP },
	{ "orgs", required_argument, NULL, O_ORGS },
	{ "bot", required_argument, NULL, O_BOT },
	{ "bots", required_argument, NULL, O_BOTS },
	{ "cache-dir", required_argument, NULL, O_CACHE },
	{ "no-index", no_argument, NULL, O_NOINDEX },
	{ "mirror-dir", required_argument, NULL, O_MIRROR },
	{ "offline", no_argument, NULL, O_OFFLINE },
	{ "exit-code", no_argument, NULL, O_EXIT_CODE },
	{ "config", required_argument, NULL, O_CONFIG },
	{ "site", required_argument, NULL, O_SITE },
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

/* --bot and --bots: into h->bots, made on first use. */
static int bot_option(held_t *h, int opt, const char *arg)
{
	ld_err botserr = { 0 };
	if (opt == O_BOT && !strchr(arg, '@'))
		return cli_die(LD_EXIT_USAGE, "--bot '%s': expected an address such as ci-bot@example.org", arg);
	if (!h->bots)
		h->bots = ld_botlist_new();
	if (opt == O_BOT)
		ld_botlist_add(h->bots, arg);
	else if (ld_botlist_load(h->bots, arg, &botserr))
		return cli_die(LD_EXIT_USAGE, "%s", botserr.msg);
	return CLI_GO;
}

/* Options that read a value into c: CLI_GO, or the exit code. */
static int value_option(cli_opts *c, int opt, const char *arg)
{
	long v;
	switch (opt) {
	case O_TOP:
		if (parse_count("--top", arg, 0, 1000000, &v))
			return LD_EXIT_USAGE;
		c->ro.report.top = (size_t)v;
		break;
	case O_WAIT_DAYS: case O_WAIT_AGE:
		if (parse_count(opt == O_WAIT_DAYS ? "--waiting-days" : "--waiting-age", arg, 0, 3650, &v))
			return LD_EXIT_USAGE;
		*(opt == O_WAIT_DAYS ? &c->ro.report.waiting_days : &c->ro.report.waiting_age) = (unsigned)v;
		break;
	case O_PATH:
		if (!*arg)
			return cli_die(LD_EXIT_USAGE, "--path '': expected a file or folder of the tree, or a glob, such as arch/x86/kvm/ or '*.rs'");
		c->paths[c->n_paths++] = arg;
		break;
	case O_FORMAT:
		c->format = arg;
		if (!(c->render = ld_render_find(arg)))
			return cli_die(LD_EXIT_USAGE, "--format '%s': expected text, markdown, html, json or email", arg);
		break;
	case O_SINCE:
		if (parse_when("--since", arg, &c->ro.since))
			return LD_EXIT_USAGE;
		break;
	case O_UNTIL:
		if (parse_when("--until", arg, &c->ro.until))
			return LD_EXIT_USAGE;
		break;
	case O_MAXMSG:
		if (parse_size("--max-message-size", arg, 1024, LD_MAX_MESSAGE_CAP, &c->max_message))
			return LD_EXIT_USAGE;
		break;
	case 'j':
		if (parse_count("--jobs", arg, 1, 256, &v))
			return LD_EXIT_USAGE;
		c->ro.jobs = (int)v;
		break;
	}
	return CLI_GO;
}

/* One option: CLI_GO, or the exit code. */
static int option(cli_opts *c, held_t *h, int opt, char **argv)
{
	const char *arg = optarg;
	switch (opt) {
	case O_FROM: c->ro.from = arg; break;
	case O_TO: c->ro.to = arg; break;
	case O_LIST: c->ro.report.list_name = arg; break;
	case O_AUTHOR: c->authors[c->n_authors++] = arg; break;
	case O_DOMAIN: c->domains[c->n_domains++] = arg; break;
	case O_GREP: c->grep = arg; break;
	case O_MAINTAINERS: c->maintainers_path = arg; break;
	case O_SUBSYSTEM: c->subsystem = arg; break;
	case O_MAILMAP: c->mailmap_path = arg; break;
	case O_ORGS: c->orgs_path = arg; break;
	case O_BOT: case O_BOTS: return bot_option(h, opt, arg);
	case O_CACHE: c->cache_dir = arg; break;
	case O_NOINDEX: c->no_index = 1; break;
	case O_MIRROR: c->mirror_dir = arg; break;
	case O_OFFLINE: c->offline = 1; break;
	case O_EXIT_CODE: c->exit_code = 1; break;
	case O_CONFIG: break;   /* read by prescan, before every other option */
	case O_MAIL_FROM: c->rendo.mail_from = arg; break;
	case O_MAIL_TO: c->rendo.mail_to = arg; break;
	case O_LORE: c->ro.report.lore_url = arg; break;
	case O_STATE: c->state_path = arg; break;
	case O_MBOX: c->mbox = arg; break;
	case O_MAILDIR: c->maildir = arg; break;
	case 'o': c->out_path = arg; break;
	case O_SITE: c->site_dir = arg; break;
	case 'v': c->verbose = 1; break;
	case 'h': fputs(usage_text, stdout); return LD_EXIT_OK;
	case O_VERSION: printf("listdigest %s\n", LD_VERSION); return LD_EXIT_OK;
	case O_TOP: case O_WAIT_DAYS: case O_WAIT_AGE: case O_PATH: case O_FORMAT: case O_SINCE: case O_UNTIL: case O_MAXMSG: case 'j':
		return value_option(c, opt, arg);
	case ':':
		return cli_die(LD_EXIT_USAGE, "option %s needs an argument; see listdigest --help", argv[optind - 1]);
	default:
		return cli_die(LD_EXIT_USAGE, "unknown option %s; see listdigest --help", argv[optind - 1]);
	}
	return CLI_GO;
}

/* The configuration file's values, as options given before the command
 * line's: CLI_GO or the exit code (messages name FILE:LINE). */
static int config_options(cli_opts *c, held_t *h, const cli_pre *pre)
{
	cli_setting *set;
	size_t n;
	int rc = cli_config_settings(h, pre, &set, &n);
	for (size_t i = 0; i < n && rc == CLI_GO; i++)
		for (size_t k = 0; opts[k].name; k++)
			if (!strcmp(opts[k].name, set[i].name)) {
				if (set[i].reset_paths)
					c->n_paths = 0;
				optarg = (char *)set[i].value;
				cli_die_context(set[i].where);
				rc = option(c, h, opts[k].val, NULL);
				cli_die_context(NULL);
				break;
			}
	free(set);
	return rc;
}

#define SHORT_OPTS ":o:j:vh"

/* A first look at the command line for what the configuration needs,
 * on a copy of argv: GNU getopt permutes what it scans, and "INBOX
 * --from" (an option missing its argument) would come out "--from
 * INBOX" for the real pass. */
static void prescan(int argc, char **argv, cli_pre *pre)
{
	memset(pre, 0, sizeof(*pre));
	char **copy = ld_xcalloc((size_t)argc + 1, sizeof(char *));
	memcpy(copy, argv, (size_t)argc * sizeof(char *));
	int opt;
	opterr = 0;
	while ((opt = getopt_long(argc, copy, SHORT_OPTS, opts, NULL)) != -1)
		switch (opt) {
		case O_CONFIG: pre->config = optarg; break;
		case O_LIST: pre->list_name = optarg; break;
		case O_MBOX: pre->mbox = optarg; break;
		case O_MAILDIR: pre->maildir = optarg; break;
		case 'h': case O_VERSION: pre->help = 1; break;
		}
	/* several inboxes: no [list "NAME"] section of one of them applies
	 * (only the one --list-name names) */
	if (optind == argc - 1)
		pre->inbox = copy[optind];
	free(copy);
	optind = 0;   /* GNU getopt: start again from scratch */
}

int cli_parse(cli_opts *c, held_t *h, int argc, char **argv)
{
	memset(c, 0, sizeof(*c));
	c->ro.report.top = 15;
	c->ro.report.waiting_days = 28;
	c->ro.report.waiting_age = 7;
	c->max_message = LD_MAX_MESSAGE_DEFAULT;
	c->render = ld_render_text;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	c->ro.jobs = ncpu > 0 ? (int)(ncpu > 64 ? 64 : ncpu) : 1;

	if (run_time(&c->rendo.now))
		return LD_EXIT_USAGE;
	run_now = c->rendo.now;
	c->ro.now = run_now;   /* the end of a --since period (run/previous.c) */
	cli_pre pre;
	int opt, rc;
	prescan(argc, argv, &pre);
	if (!pre.help && (rc = cli_config_load(h, &pre)) != CLI_GO)
		return rc;
	size_t room = (size_t)argc + 1 + h->config.n;
	c->paths = h->paths = ld_xcalloc(room, sizeof(char *));
	c->authors = h->authors = ld_xcalloc(room, sizeof(char *));
	c->domains = h->domains = ld_xcalloc(room, sizeof(char *));
	if ((rc = config_options(c, h, &pre)) != CLI_GO)
		return rc;
	/* a configured format is a default that --site (always HTML)
	 * overrides: only the command line's --format conflicts with it */
	c->format = NULL;
	/* the command line wins: its first --path replaces the file's */
	int cfg_paths = c->n_paths > 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, SHORT_OPTS, opts, NULL)) != -1) {
		if (opt == O_PATH && cfg_paths) {
			c->n_paths = 0;
			cfg_paths = 0;
		}
		if ((rc = option(c, h, opt, argv)) != CLI_GO)
			return rc;
	}
	return CLI_GO;
}

int cli_validate(cli_opts *c, int argc, char **argv)
{
	const char *state_path = c->state_path, *mbox = c->mbox, *maildir = c->maildir;
	const ld_run_opts *ro = &c->ro;
	if (mbox || maildir) {
		if (mbox && maildir)
			return cli_die(LD_EXIT_USAGE, "--mbox and --maildir exclude each other; give one");
		if (optind != argc)
			return cli_die(LD_EXIT_USAGE, "an INBOX and --%s given; give one source", mbox ? "mbox" : "maildir");
		if (mbox && !strcmp(mbox, "-") && isatty(0))
			return cli_die(LD_EXIT_USAGE, "--mbox -: standard input is a terminal; pipe an mbox in (b4 mbox -o - MSGID | listdigest --mbox -)");
		if (ro->from || ro->to || state_path)
			return cli_die(LD_EXIT_USAGE, "--%s has no commits: --from, --to and --state need an INBOX; use --since/--until",
				       mbox ? "mbox" : "maildir");
	} else if (optind >= argc) {
		return cli_die(LD_EXIT_USAGE, "no INBOX given; usage: listdigest [options] INBOX... (see --help)");
	} else {
		c->inbox = argv[optind];
		c->inboxes = (const char *const *)argv + optind;
		c->n_inboxes = (size_t)(argc - optind);
		int rc = cli_validate_several(c);
		if (rc != CLI_GO)
			return rc;
	}
	if (c->subsystem && !c->maintainers_path)
		return cli_die(LD_EXIT_USAGE, "--subsystem needs --maintainers FILE (the kernel's MAINTAINERS file)");
	if (state_path && ro->from)
		return cli_die(LD_EXIT_USAGE, "--state and --from exclude each other: the state file says where to start");
	if (state_path && ro->until)
		return cli_die(LD_EXIT_USAGE, "--state and --until exclude each other: messages dated after --until would never be reported");
	if (state_path && c->out_path && ld_same_file(state_path, c->out_path))
		return cli_die(LD_EXIT_USAGE, "-o %s and --state %s are the same file: the report would overwrite the state; give two paths",
			       c->out_path, state_path);
	if (c->site_dir && c->out_path)
		return cli_die(LD_EXIT_USAGE, "--site and -o exclude each other: --site writes DIR/YYYY-MM-DD.html");
	if (c->site_dir && c->format && strcmp(c->format, "html"))
		return cli_die(LD_EXIT_USAGE, "--site writes HTML: --format %s cannot go with it", c->format);
	if (c->site_dir && !*c->site_dir)
		return cli_die(LD_EXIT_USAGE, "--site '': expected a folder");
	if (ro->report.waiting_days && ro->report.waiting_age >= ro->report.waiting_days)
		return cli_die(LD_EXIT_USAGE, "--waiting-age %u is not below --waiting-days %u: no series could wait; give a smaller age, or --waiting-days 0 for no waiting list",
			       ro->report.waiting_age, ro->report.waiting_days);
	if (ro->since && ro->until && ro->until <= ro->since)
		return cli_die(LD_EXIT_USAGE, "--until is not after --since: the range holds no time");
	return CLI_GO;
}
