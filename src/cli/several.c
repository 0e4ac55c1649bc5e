/* several.c - several inboxes in one report (listdigest [options]
 * INBOX...): what they exclude, each inbox opened (a URL mirrored) as
 * one INBOX is, the run (run/several.c), the state of every inbox. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

struct cli_several {
	ld_run_inbox *in;
	size_t n;
	char **index_paths, **mirrors;
};

void cli_several_release(held_t *h)
{
	struct cli_several *s = h->several;
	if (!s)
		return;
	for (size_t k = 0; k < s->n; k++) {
		ld_archive_close(s->in[k].a);
		free(s->index_paths[k]);
		free(s->mirrors[k]);
	}
	free(s->in);
	free(s->index_paths);
	free(s->mirrors);
	free(s);
	h->several = NULL;
}

/* Two INBOX arguments for one inbox: the same URL (but for a final '/'),
 * or the same folder. */
static int same_inbox(const char *a, const char *b)
{
	int ua = ld_mirror_is_url(a), ub = ld_mirror_is_url(b);
	if (ua != ub)
		return 0;
	if (ua) {
		size_t na = strlen(a), nb = strlen(b);
		while (na > 1 && a[na - 1] == '/')
			na--;
		while (nb > 1 && b[nb - 1] == '/')
			nb--;
		return na == nb && !strncmp(a, b, na);
	}
	return ld_same_file(a, b);
}

int cli_validate_several(cli_opts *c)
{
	if (c->n_inboxes < 2)
		return CLI_GO;
	if (c->ro.from || c->ro.to)
		return cli_die(LD_EXIT_USAGE, "--%s names a commit of one inbox: with %zu inboxes use --since/--until, or report one inbox",
			       c->ro.from ? "from" : "to", c->n_inboxes);
	if (c->ro.report.lore_url && *c->ro.report.lore_url)
		return cli_die(LD_EXIT_USAGE, "--lore-url names one list's archive: with %zu inboxes each list's comes from its List-Id (--lore-url '' for no links)",
			       c->n_inboxes);
	for (size_t i = 0; i < c->n_inboxes; i++)
		for (size_t j = 0; j < i; j++)
			if (same_inbox(c->inboxes[i], c->inboxes[j]))
				return cli_die(LD_EXIT_USAGE, "INBOX %s is given twice (as %s too); give each inbox once",
					       c->inboxes[i], c->inboxes[j]);
	return CLI_GO;
}

void cli_several_begin(held_t *h, size_t n)
{
	struct cli_several *s = h->several = ld_xcalloc(1, sizeof(*s));
	s->n = n;
	s->in = ld_xcalloc(n, sizeof(*s->in));
	s->index_paths = ld_xcalloc(n, sizeof(char *));
	s->mirrors = ld_xcalloc(n, sizeof(char *));
}

void cli_several_take(cli_opts *c, held_t *h, size_t k)
{
	struct cli_several *s = h->several;
	s->in[k].a = h->archive;
	s->in[k].index_path = c->ro.index_path;
	s->in[k].index_err = c->ro.index_err;
	memset(&c->ro.index_err, 0, sizeof(c->ro.index_err));
	c->ro.index_path = NULL;
	s->index_paths[k] = h->index_path;
	s->mirrors[k] = h->mirror;
	h->archive = NULL;
	h->index_path = h->mirror = NULL;
}

ld_status cli_several_run(cli_opts *c, held_t *h, ld_err *err)
{
	struct cli_several *s = h->several;
	ld_status st = ld_run_inboxes(s->in, s->n, &c->ro, &h->report, err);
	/* the first index warning (each inbox's is the same kind of cache
	 * trouble) */
	for (size_t k = 0; k < s->n && !c->ro.index_err.status; k++)
		c->ro.index_err = s->in[k].index_err;
	return st;
}
