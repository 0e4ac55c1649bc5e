/* git_config.c - listdigest's configuration file, read with libgit2's
 * config parser (git_config_open_ondisk), so its syntax is git-config(1)'s
 * exactly: sections, quoted subsections, comments, quoting and escapes,
 * continuation lines, [include] path.  Here because libgit2 lives in
 * source/ (HELPERS-13: one module per outside library); what the keys
 * mean is the command line's business (cli/config.c).  What crosses out
 * is our own copy of every entry, in the file's order. */
#include "source/source.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

static char *lower(const char *s, size_t n)
{
	char *r = ld_xstrndup(s, n);
	for (char *p = r; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return r;
}

/* "section.sub.section.name" (libgit2's normalised name: section and
 * name lower-cased, the subsection as written, dots and all). */
static void split_name(const char *full, ld_config_item *it)
{
	const char *dot = strchr(full, '.'), *last = strrchr(full, '.');
	if (!dot) {   /* cannot happen: libgit2 names always hold a dot */
		it->section = ld_xstrdup("");
		it->name = lower(full, strlen(full));
		return;
	}
	it->section = lower(full, (size_t)(dot - full));
	it->name = lower(last + 1, strlen(last + 1));
	if (last > dot)
		it->subsection = ld_xstrndup(dot + 1, (size_t)(last - dot - 1));
}

/* libgit2 1.5 says "failed to parse config file: WHAT (in PATH:LINE,
 * column N)" (or without the column): made "PATH:LINE: WHAT", the way
 * compilers and git's own "bad config line 3 in file x" point at it. */
static ld_status config_fail(ld_status st, const char *path, ld_err *err)
{
	const git_error *e = git_error_last();
	if (e && e->klass == GIT_ERROR_NOMEMORY)
		ld_nomem();
	const char *msg = e && e->message ? e->message : "cannot read the file";
	const char *what = strstr(msg, "failed to parse config file: ");
	what = what ? what + strlen("failed to parse config file: ") : msg;
	const char *in = strstr(what, " (in ");
	const char *colon = in ? strrchr(in, ':') : NULL;
	unsigned long line = colon ? strtoul(colon + 1, NULL, 10) : 0;
	if (line)
		ld_err_set(err, st, "%s:%lu: %.*s; fix the file (git-config syntax: man git-config)", path, line,
			   (int)(in - what), what);
	else
		ld_err_set(err, st, "%s: %s", path, msg);
	return st;
}

ld_status ld_config_load(const char *path, ld_config *cfg, ld_err *err)
{
	memset(cfg, 0, sizeof(*cfg));
	git_config *c = NULL;
	git_config_iterator *iter = NULL;
	git_config_entry *e;
	ld_status st = LD_OK;
	size_t cap = 0;
	int rc;
	git_libgit2_init();
	if (git_config_open_ondisk(&c, path) < 0 || git_config_iterator_new(&iter, c) < 0) {
		st = config_fail(LD_E_USAGE, path, err);
		goto out;
	}
	while ((rc = git_config_next(&e, iter)) == 0) {
		ld_config_item it;
		memset(&it, 0, sizeof(it));
		split_name(e->name, &it);
		it.value = e->value ? ld_xstrdup(e->value) : NULL;
		LD_VEC_PUSH(cfg->items, cfg->n, cap, it);
	}
	if (rc != GIT_ITEROVER)
		st = config_fail(LD_E_USAGE, path, err);
out:
	git_config_iterator_free(iter);
	git_config_free(c);
	git_libgit2_shutdown();
	if (st)
		ld_config_release(cfg);
	return st;
}

void ld_config_release(ld_config *cfg)
{
	for (size_t i = 0; i < cfg->n; i++) {
		free(cfg->items[i].section);
		free(cfg->items[i].subsection);
		free(cfg->items[i].name);
		free(cfg->items[i].value);
	}
	free(cfg->items);
	memset(cfg, 0, sizeof(*cfg));
}
