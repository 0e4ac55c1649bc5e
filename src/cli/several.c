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
	ld_states old, new;     /* --state: as read, and after the run */
	ld_state *fresh;        /* the empty marks of inboxes the file lacks */
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
	ld_states_release(&s->old);
	ld_states_release(&s->new);
	free(s->fresh);
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
	if (h->several)
		return;
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

/* The key of an inbox in the state file: a URL without its final '/',
 * else the real path of the folder (as given when it has none). */
static char *state_key(const char *inbox)
{
	if (ld_mirror_is_url(inbox)) {
		size_t n = strlen(inbox);
		while (n > 1 && inbox[n - 1] == '/')
			n--;
		return ld_xstrndup(inbox, n);
	}
	char *r = realpath(inbox, NULL);
	return r ? r : ld_xstrdup(inbox);
}

/* "A, B" of the keys of ss. */
static char *key_list(const ld_states *ss)
{
	ld_buf b;
	ld_buf_init(&b);
	for (size_t i = 0; i < ss->n; i++)
		ld_buf_addf(&b, "%s%s", i ? ", " : "", ss->v[i].key ? ss->v[i].key : "(one inbox)");
	return ld_buf_detach(&b);
}

/* The file's inboxes must be this run's (in any order): CLI_GO or the
 * exit code. */
static int match_inboxes(cli_opts *c, struct cli_several *s)
{
	size_t found = 0;
	for (size_t k = 0; k < s->n; k++)
		for (size_t i = 0; i < s->old.n; i++)
			if (s->old.v[i].key && !strcmp(s->old.v[i].key, s->new.v[k].key)) {
				s->in[k].state = &s->old.v[i].st;
				found++;
			}
	if (!s->old.n || (found == s->old.n && found == s->n))
		return CLI_GO;
	char *had = key_list(&s->old), *now = key_list(&s->new);
	int rc = s->old.version < 3
		? cli_die(LD_EXIT_STATE, "the state file %s records one inbox (written by a run over one); this run reads %zu: give another --state file",
			  c->state_path, s->n)
		: cli_die(LD_EXIT_STATE, "the state file %s records the inboxes %s; this run reads %s: give the same inboxes (in any order), or another --state file",
			  c->state_path, had, now);
	free(had);
	free(now);
	return rc;
}

int cli_several_state(cli_opts *c, held_t *h)
{
	ld_err err = { 0 };
	cli_several_begin(h, c->n_inboxes);
	struct cli_several *s = h->several;
	if (ld_states_load(c->state_path, &s->old, &err) ||
	    ld_state_check_writable(c->state_path, &err))
		return cli_die(ld_status_exit(err.status), "%s", err.msg);
	for (size_t k = 0; k < s->n; k++) {
		char *key = state_key(c->inboxes[k]);
		ld_states_add(&s->new, key);
		free(key);
	}
	s->fresh = ld_xcalloc(s->n, sizeof(*s->fresh));
	for (size_t k = 0; k < s->n; k++) {
		s->in[k].state = &s->fresh[k];   /* no marks: the whole inbox */
		s->in[k].new_state = &s->new.v[k].st;
	}
	/* the run is a --state run whatever each inbox's marks */
	c->ro.state = &s->fresh[0];
	return match_inboxes(c, s);
}

ld_status cli_several_save_state(cli_opts *c, held_t *h, ld_err *err)
{
	return ld_states_save(c->state_path, &h->several->new, err);
}
