/* git_fetch.c - one epoch of a mirror fetched over smart HTTP with
 * libgit2 (mirror.c decides which, from the inbox's manifest).  A new
 * epoch is made as `git clone --mirror URL/N git/N.git` makes it (a bare
 * repository whose remote "origin" maps every ref to itself), so that git and
 * listdigest can take turns on one mirror; existing epochs, made by
 * either, are fetched from the URL given, not from their configuration. */
#include "source/fetch.h"

#include <errno.h>
#include <git2.h>
#include <string.h>
#include <sys/stat.h>

/* What public-inbox epochs hold: refs/heads/master (and nothing else
 * on lore); forced, as `git clone --mirror` configures it, because
 * public-inbox-purge and -edit rewrite an epoch's history. */
static char mirror_spec[] = "+refs/*:refs/*";

typedef struct {
	const ld_mirror_opts *o;
	ld_fetch_progress *p;
	int paused;
} fetch_ctx;

static int on_transfer(const git_indexer_progress *s, void *payload)
{
	fetch_ctx *f = payload;
	f->p->received = s->received_objects;
	f->p->total = s->total_objects;
	f->p->bytes = s->received_bytes;
	if (f->o && f->o->progress)
		f->o->progress(f->o->ctx, f->p);
	/* tests/lore.t kills the fetch here, half-way through the pack */
	if (!f->paused && s->received_objects > 0 && s->received_objects < s->total_objects) {
		f->paused = 1;
		ld_test_pause("fetch");
	}
	return 0;
}

static const char *git_msg(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown libgit2 error";
}

/* A bare repository at path configured as `git clone --mirror url`. */
static ld_status create_mirror(git_repository **repo, const char *path, const char *url,
			       ld_err *err)
{
	git_repository_init_options io;
	git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	io.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH |
		   GIT_REPOSITORY_INIT_NO_REINIT;
	io.initial_head = "master";   /* public-inbox's branch, whatever init.defaultBranch says */
	git_remote *origin = NULL;
	git_config *cfg = NULL;
	if (git_repository_init_ext(repo, path, &io) < 0 ||
	    git_remote_create_with_fetchspec(&origin, *repo, "origin", url, mirror_spec) < 0 ||
	    git_repository_config(&cfg, *repo) < 0 ||
	    git_config_set_bool(cfg, "remote.origin.mirror", 1) < 0) {
		ld_err_set(err, LD_E_OUTPUT, "%s: cannot create the epoch's repository (%s); check the mirror folder or give another with --mirror-dir",
			   path, git_msg());
		git_remote_free(origin);
		git_config_free(cfg);
		return LD_E_OUTPUT;
	}
	git_remote_free(origin);
	git_config_free(cfg);
	return LD_OK;
}

/* HEAD as the server's (public-inbox: refs/heads/master); kept when the
 * server does not say. */
static void follow_head(git_repository *repo, git_remote *remote)
{
	git_buf head = GIT_BUF_INIT;
	git_oid id;
	if (git_remote_default_branch(&head, remote) == 0 &&
	    git_reference_name_to_id(&id, repo, head.ptr) == 0)
		git_repository_set_head(repo, head.ptr);
	git_buf_dispose(&head);
}

/* Has the epoch recorded fingerprint after its last complete fetch? */
static int same_fingerprint(git_repository *repo, const char *fingerprint)
{
	git_config *cfg = NULL;
	git_buf had = GIT_BUF_INIT;
	int same = *fingerprint && git_repository_config_snapshot(&cfg, repo) == 0 &&
		   git_config_get_string_buf(&had, cfg, "listdigest.fingerprint") == 0 &&
		   !strcmp(had.ptr, fingerprint);
	git_buf_dispose(&had);
	git_config_free(cfg);
	return same;
}

/* Recorded only after a complete fetch; a failure to record costs one
 * fetch next time, nothing else. */
static void record_fingerprint(git_repository *repo, const char *fingerprint)
{
	git_config *cfg = NULL;
	if (*fingerprint && git_repository_config(&cfg, repo) == 0)
		git_config_set_string(cfg, "listdigest.fingerprint", fingerprint);
	git_config_free(cfg);
}

ld_status ld_git_fetch_epoch(const char *path, const char *url, const char *fingerprint,
			     const ld_mirror_opts *o, ld_fetch_progress *p, ld_err *err)
{
	ld_status st = LD_OK;
	git_repository *repo = NULL;
	git_remote *remote = NULL;
	struct stat sb;
	git_libgit2_init();
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH |
				    GIT_REPOSITORY_OPEN_BARE, NULL) < 0) {
		if (!stat(path, &sb)) {
			ld_err_set(err, LD_E_INBOX, "%s: not a git repository (%s); remove it and run again to clone the epoch anew",
				   path, git_msg());
			st = LD_E_INBOX;
			goto out;
		}
		if ((st = create_mirror(&repo, path, url, err)))
			goto out;
	}
	if (same_fingerprint(repo, fingerprint))
		goto out;
	fetch_ctx f = { o, p, 0 };
	git_fetch_options fo;
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	fo.callbacks.transfer_progress = on_transfer;
	fo.callbacks.payload = &f;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;   /* mirror_spec has them */
	fo.proxy_opts.type = GIT_PROXY_AUTO;
	char *spec = mirror_spec;
	git_strarray specs = { &spec, 1 };
	if (git_remote_create_anonymous(&remote, repo, url) < 0 ||
	    git_remote_fetch(remote, &specs, &fo, "listdigest: fetch") < 0) {
		ld_err_set(err, LD_E_FETCH, "fetching %s into %s: %s; the mirror keeps what it had: run again, or report from it as it is with --offline",
			   url, path, git_msg());
		st = LD_E_FETCH;
		goto out;
	}
	follow_head(repo, remote);
	record_fingerprint(repo, fingerprint);
out:
	git_remote_free(remote);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return st;
}
