/* main.c - the command line's run: options (options.c), then what the
 * run needs (the state, the people maps, the output, the archive), the
 * run, and the report written with the exit code (output.c).  The only
 * layer that prints errors. */
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void held_release(held_t *h)
{
	ld_report_free(h->report);
	ld_archive_close(h->archive);
	if (h->gmime)
		ld_mail_global_shutdown();
	ld_mailmap_free(h->mailmap);
	ld_orgmap_free(h->orgs);
	ld_botlist_free(h->bots);
	ld_subsystem_free(h->subsystem);
	ld_maintainers_free(h->maintainers);
	if (h->have_re)
		regfree(&h->re);
	ld_state_release(&h->state);
	ld_state_release(&h->new_state);
	ld_site_release(&h->site);
	free(h->index_path);
	free(h->mirror);
	ld_config_release(&h->config);
	cli_several_release(h);
	for (size_t i = 0; i < h->n_cfg_strings; i++)
		free(h->cfg_strings[i]);
	free(h->cfg_strings);
	free(h->paths);
	free(h->authors);
	free(h->domains);
}

/* The state, the email format's addresses, --grep, the people maps and
 * the filters, into the run's options: CLI_GO or the exit code.
 * Everything the email format needs is checked before any work. */
static int setup(cli_opts *c, held_t *h, cli_progress *prog)
{
	ld_err err = { 0 };
	ld_run_opts *ro = &c->ro;
	if (c->state_path && c->n_inboxes < 2) {
		if (ld_state_load(c->state_path, &h->state, &err) ||
		    ld_state_check_writable(c->state_path, &err))
			return cli_die(ld_status_exit(err.status), "%s", err.msg);
		ro->state = &h->state;
		ro->new_state = &h->new_state;
	} else if (c->state_path) {
		int rc = cli_several_state(c, h);
		if (rc != CLI_GO)
			return rc;
	}
	/* the site's folder and record are checked before any work, as the
	 * state file */
	if (c->site_dir && ld_site_open(&h->site, c->site_dir, c->rendo.now, &err))
		return cli_die(ld_status_exit(err.status), "%s", err.msg);
	cli_progress_start(prog, ro);
	ro->notice = cli_notice;

	ld_mail_global_init();
	h->gmime = 1;
	if (c->render == ld_render_email) {
		if (!c->rendo.mail_from || !c->rendo.mail_to)
			return cli_die(LD_EXIT_USAGE, "--format email needs --mail-from ADDR and --mail-to ADDR[,ADDR]");
		if (!ld_mail_address_ok(c->rendo.mail_from, 1))
			return cli_die(LD_EXIT_USAGE, "--mail-from '%s': expected one address such as digest@example.org", c->rendo.mail_from);
		if (!ld_mail_address_ok(c->rendo.mail_to, 0))
			return cli_die(LD_EXIT_USAGE, "--mail-to '%s': expected addresses such as list@example.org,me@example.org", c->rendo.mail_to);
	}
	if (c->grep) {
		int rc = regcomp(&h->re, c->grep, REG_EXTENDED | REG_ICASE | REG_NOSUB);
		if (rc) {
			char msg[256];
			regerror(rc, &h->re, msg, sizeof(msg));
			regfree(&h->re);
			return cli_die(LD_EXIT_USAGE, "--grep '%s': %s", c->grep, msg);
		}
		h->have_re = 1;
		ro->report.grep = &h->re;
		ro->report.grep_text = c->grep;
	}
	if (c->mailmap_path && !(h->mailmap = ld_mailmap_load(c->mailmap_path, &err)))
		return cli_die(LD_EXIT_USAGE, "%s", err.msg);
	if (c->orgs_path && !(h->orgs = ld_orgmap_load(c->orgs_path, &err)))
		return cli_die(LD_EXIT_USAGE, "%s", err.msg);
	if (c->maintainers_path && !(h->maintainers = ld_maintainers_load(c->maintainers_path, &err)))
		return cli_die(LD_EXIT_USAGE, "%s", err.msg);
	if (c->subsystem && !(h->subsystem = ld_subsystem_find(h->maintainers, c->subsystem, &err)))
		return cli_die(LD_EXIT_USAGE, "%s", err.msg);
	return CLI_GO;
}

/* The people maps and filters into the report's options. */
static void report_opts(cli_opts *c, held_t *h)
{
	ld_report_opts *r = &c->ro.report;
	for (size_t i = 0; i < c->n_domains; i++)
		if (c->domains[i][0] == '@')
			c->domains[i]++;
	r->mailmap = h->mailmap;
	r->orgs = h->orgs;
	r->bots = h->bots;
	r->paths = c->paths;
	r->n_paths = c->n_paths;
	r->authors = c->authors;
	r->n_authors = c->n_authors;
	r->domains = c->domains;
	r->n_domains = c->n_domains;
	r->maintainers = h->maintainers;
	r->subsystem = h->subsystem;
	/* the JSON carries what `listdigest merge` needs */
	r->keep_intake = c->render == ld_render_json && !c->site_dir;
}

/* A URL INBOX: its mirror brought up to date (not with --offline), and
 * from now on c->inbox. */
static ld_status mirror(cli_opts *c, held_t *h, cli_progress *prog, ld_err *err)
{
	ld_status st = ld_mirror_path(c->inbox, c->mirror_dir, &h->mirror, err);
	if (st)
		return st;
	if (c->offline) {
		struct stat sb;
		if (stat(h->mirror, &sb)) {
			ld_err_set(err, LD_E_INBOX, "%s: no mirror of %s here (%s); run once without --offline to make it",
				   h->mirror, c->inbox, strerror(errno));
			return LD_E_INBOX;
		}
	} else {
		ld_mirror_opts mo = { 0 };
		cli_progress_fetch(prog, &mo);
		st = ld_mirror_update(c->inbox, h->mirror, &mo, err);
		cli_progress_clear(prog);
	}
	c->inbox = h->mirror;
	return st;
}

/* The archive (after the output is open: a path that cannot be written
 * fails before any work) and where its index lives. */
static ld_status open_archive(cli_opts *c, held_t *h, cli_progress *prog, ld_err *err)
{
	ld_status st = c->inbox && ld_mirror_is_url(c->inbox) ? mirror(c, h, prog, err) : LD_OK;
	if (st)
		return st;
	int in = c->mbox && !strcmp(c->mbox, "-");
	st = in ? ld_archive_open_mbox_fd(0, "standard input", c->max_message, ld_mail_date,
					  &h->archive, err)
	   : c->mbox ? ld_archive_open_mbox(c->mbox, ld_mail_date, &h->archive, err)
	   : c->maildir ? ld_archive_open_maildir(c->maildir, &h->archive, err)
	   : ld_archive_open(c->inbox, &h->archive, err);
	if (st)
		return st;
	ld_archive_set_max_message(h->archive, c->max_message);
	if (!c->no_index && c->inbox) {
		c->ro.index_path = h->index_path = ld_index_path(c->cache_dir, c->inbox, ld_archive_name(h->archive));
		if (!c->ro.index_path)
			ld_err_set(&c->ro.index_err, LD_E_OUTPUT, "no place for the archive index (HOME, XDG_CACHE_HOME and LISTDIGEST_CACHE are unset)");
	}
	return LD_OK;
}

/* Several INBOX: each opened as one is, in order (several.c keeps
 * them); the first that fails stops the run. */
static ld_status open_several(cli_opts *c, held_t *h, cli_progress *prog, ld_err *err)
{
	cli_several_begin(h, c->n_inboxes);
	for (size_t k = 0; k < c->n_inboxes; k++) {
		c->inbox = c->inboxes[k];
		ld_status st = open_archive(c, h, prog, err);
		cli_several_take(c, h, k);
		if (st)
			return st;
	}
	return LD_OK;
}

/* --exit-code's "nothing new": no patch posting and no pull request
 * (after the filters), so no mail worth sending; replies alone (reviews,
 * discussion, applied notes) are about work posted before. */
static int nothing_new(const ld_report *rep)
{
	return rep->n_postings == 0 && rep->n_pulls == 0;
}

/* The report written, then the state saved, then the warning summary:
 * the exit code. */
static int summarise(cli_opts *c, held_t *h, cli_output *out)
{
	ld_err err = { 0 };
	ld_report *rep = h->report;
	cli_index_warning(&c->ro.index_err);
	int rc = LD_EXIT_OK;
	if (c->site_dir) {
		if (ld_site_write(&h->site, rep, &c->rendo, &err))
			rc = cli_die(ld_status_exit(err.status), "%s", err.msg);
	} else if (c->render(rep, &c->rendo, out->f)) {
		int e = errno;
		cli_output_abandon(out);
		cli_closed_pipe(e);
		errno = e;
		rc = cli_die(LD_EXIT_OUTPUT, "cannot write the report: %s", strerror(errno));
	} else if (cli_output_commit(out)) {
		rc = LD_EXIT_OUTPUT;
	}
	if (rc == LD_EXIT_OK && c->state_path) {
		/* only now is the report out: a run killed before this line
		 * leaves the old state, and the next run reports again */
		ld_test_pause("written");
		if (c->n_inboxes > 1 ? cli_several_save_state(c, h, &err)
				     : ld_state_save(c->state_path, &h->new_state, &err))
			rc = cli_die(ld_status_exit(err.status), "%s", err.msg);
	}
	cli_warning_summary(rep, c->verbose);
	if (rc == LD_EXIT_OK && c->exit_code && nothing_new(rep))
		rc = LD_EXIT_NOTHING;
	return rc;
}

static int run_main(held_t *h, int argc, char **argv)
{
	cli_opts c;
	cli_progress prog;
	cli_output out;
	ld_err err = { 0 };
	int rc = cli_parse(&c, h, argc, argv);
	if (rc == CLI_GO)
		rc = cli_validate(&c, argc, argv);
	if (rc == CLI_GO)
		rc = setup(&c, h, &prog);
	if (rc != CLI_GO)
		return rc;
	report_opts(&c, h);
	memset(&out, 0, sizeof(out));
	if (!c.site_dir && cli_output_open(&out, c.out_path))
		return LD_EXIT_OUTPUT;
	ld_status st = c.n_inboxes > 1 ? open_several(&c, h, &prog, &err)
				       : open_archive(&c, h, &prog, &err);
	if (!st && c.n_inboxes > 1)
		st = cli_several_run(&c, h, &err);
	else if (!st)
		st = ld_run(h->archive, &c.ro, &h->report, &err);
	cli_progress_clear(&prog);
	if (st) {
		cli_output_abandon(&out);
		return cli_die(ld_status_exit(st), "%s", err.msg);
	}
	return summarise(&c, h, &out);
}

int main(int argc, char **argv)
{
	held_t h;
	memset(&h, 0, sizeof(h));
	int rc = argc > 1 && !strcmp(argv[1], "merge") ? cli_merge(&h, argc - 1, argv + 1)
		 : run_main(&h, argc, argv);
	held_release(&h);
	return rc;
}
