/* cli/merge.c - `listdigest merge [options] FILE.json...`: the options
 * of a run that apply to a merge (options.c reads them: --format, --top,
 * -o, the people maps, the email's addresses, --verbose), the parts
 * merged (run/merge.c) and the report written as a run's. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* What a merge takes from its parts, never from its command line. */
static int not_for_merge(const cli_opts *c)
{
	return c->ro.from || c->ro.to || c->ro.since || c->ro.until || c->state_path || c->mbox ||
	       c->maildir || c->n_paths || c->n_authors || c->n_domains || c->grep || c->site_dir ||
	       c->exit_code || c->subsystem;
}

static int check(cli_opts *c, held_t *h, int argc)
{
	ld_err err = { 0 };
	if (not_for_merge(c))
		return cli_die(LD_EXIT_USAGE, "merge: the range and the filters are the reports' own: --from, --to, --since, --until, --state, --mbox, --maildir, --path, --author, --domain, --grep, --subsystem, --site and --exit-code do not apply");
	if (optind >= argc)
		return cli_die(LD_EXIT_USAGE, "merge: no FILE.json given; usage: listdigest merge [options] FILE.json...");
	ld_mail_global_init();
	h->gmime = 1;
	if (c->render == ld_render_email) {
		if (!c->rendo.mail_from || !c->rendo.mail_to)
			return cli_die(LD_EXIT_USAGE, "--format email needs --mail-from ADDR and --mail-to ADDR[,ADDR]");
		if (!ld_mail_address_ok(c->rendo.mail_from, 1) || !ld_mail_address_ok(c->rendo.mail_to, 0))
			return cli_die(LD_EXIT_USAGE, "--mail-from and --mail-to: expected addresses such as digest@example.org");
	}
	if (c->mailmap_path && !(h->mailmap = ld_mailmap_load(c->mailmap_path, &err)))
		return cli_die(LD_EXIT_USAGE, "%s", err.msg);
	if (c->orgs_path && !(h->orgs = ld_orgmap_load(c->orgs_path, &err)))
		return cli_die(LD_EXIT_USAGE, "%s", err.msg);
	if (c->maintainers_path && !(h->maintainers = ld_maintainers_load(c->maintainers_path, &err)))
		return cli_die(LD_EXIT_USAGE, "%s", err.msg);
	return CLI_GO;
}

int cli_merge(held_t *h, int argc, char **argv)
{
	cli_opts c;
	cli_output out;
	ld_err err = { 0 };
	int rc = cli_parse(&c, h, argc, argv);
	if (rc == CLI_GO)
		rc = check(&c, h, argc);
	if (rc != CLI_GO)
		return rc;
	ld_report_opts ro = c.ro.report;
	ro.mailmap = h->mailmap;
	ro.orgs = h->orgs;
	ro.bots = h->bots;
	ro.maintainers = h->maintainers;
	/* a merge's JSON is a part of a later merge */
	ro.keep_intake = c.render == ld_render_json;
	memset(&out, 0, sizeof(out));
	if (cli_output_open(&out, c.out_path))
		return LD_EXIT_OUTPUT;
	ld_status st = ld_merge((const char *const *)argv + optind, (size_t)(argc - optind), &ro,
				&h->report, &err);
	if (st) {
		cli_output_abandon(&out);
		return cli_die(ld_status_exit(st), "merge: %s", err.msg);
	}
	if (c.render(h->report, &c.rendo, out.f)) {
		cli_output_abandon(&out);
		return cli_die(LD_EXIT_OUTPUT, "cannot write the report");
	}
	if (cli_output_commit(&out))
		return LD_EXIT_OUTPUT;
	cli_warning_summary(h->report, c.verbose);
	return LD_EXIT_OK;
}
