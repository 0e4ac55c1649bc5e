/* config.c - the configuration file: what a user would otherwise repeat
 * on every command line.
 *
 * The file is git-config syntax, read by libgit2's parser
 * (source/git_config.c): --config FILE, else
 * $XDG_CONFIG_HOME/listdigest/config, else ~/.config/listdigest/config
 * (a missing default file is no configuration; a missing --config FILE
 * is an error).  Two kinds of sections:
 *     [listdigest]          for every run
 *     [list "NAME"]         for the runs on one list
 * A [list] section applies when NAME is the --list-name given on the
 * command line, the INBOX (or --mbox/--maildir path) as given, or its
 * last component (a URL's too: "kvm" for https://lore.kernel.org/kvm/),
 * ignoring a trailing '/' and, for the last component and the list
 * name, case.  The keys are the long options they stand for (KEYS
 * below), so the option parser (options.c) reads both: the values of [listdigest],
 * then those of the [list] sections that apply, then the command line,
 * each later one winning; `path` is a list, replaced as a whole by a
 * later level that has one; `bots` files add up, as --bots does.
 * File values (orgs, mailmap, bots, maintainers, mirror-dir, cache-dir)
 * may start with "~/"; a relative
 * one is relative to the configuration file's folder. */
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const KEYS[] = {
	"mail-to", "mail-from", "orgs", "mailmap", "path", "list-name", "top", "bots", "format",
	"lore-url", "mirror-dir", "cache-dir", "jobs", "maintainers", "subsystem",
	"waiting-days", "waiting-age",
	NULL,
};

static int file_key(const char *k)
{
	return !strcmp(k, "orgs") || !strcmp(k, "mailmap") || !strcmp(k, "bots") ||
	       !strcmp(k, "mirror-dir") || !strcmp(k, "cache-dir") || !strcmp(k, "maintainers");
}

/* The line of the n-th (from 0) `name` of [section "sub"] in the file,
 * for messages; 0 when not found (in an included file). */
static unsigned key_line(const char *path, const ld_config_item *it, size_t nth)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	char line[4096], sec[4096] = "", tail[4096];
	snprintf(tail, sizeof(tail), it->subsection ? " \"%s\"" : "%s", it->subsection ? it->subsection : "");
	size_t sl = strlen(it->section), n = strlen(it->name);
	unsigned no = 0, found = 0;
	while (!found && fgets(line, sizeof(line), f)) {
		no++;
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		char *e = *p == '[' ? strrchr(p, ']') : NULL;
		if (e) {
			snprintf(sec, sizeof(sec), "%.*s", (int)(e - p - 1), p + 1);
			continue;
		}
		int in_section = !strncasecmp(sec, it->section, sl) && !strcmp(sec + sl, tail);
		if (in_section && !strncasecmp(p, it->name, n) && strchr(" \t=\r\n;#", p[n] ? p[n] : '\n') &&
		    nth-- == 0)
			found = no;
	}
	fclose(f);
	return found;
}

/* "FILE:LINE: " (or "FILE: "), the context of a message about it. */
static void item_where(char *buf, size_t size, const char *path, const ld_config *cfg, size_t i)
{
	const ld_config_item *it = &cfg->items[i];
	size_t nth = 0;
	for (size_t k = 0; k < i; k++) {
		const ld_config_item *o = &cfg->items[k];
		if (!strcmp(o->section, it->section) && !strcmp(o->name, it->name) &&
		    !!o->subsection == !!it->subsection && (!o->subsection || !strcmp(o->subsection, it->subsection)))
			nth++;
	}
	unsigned line = key_line(path, it, nth);
	if (line)
		snprintf(buf, size, "%s:%u", path, line);
	else
		snprintf(buf, size, "%s", path);
}

static size_t trim_slash(const char *s)
{
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		n--;
	return n;
}

/* Does [list "sub"] apply to this run? */
static int list_applies(const char *sub, const cli_pre *pre)
{
	if (pre->list_name && !strcasecmp(sub, pre->list_name))
		return 1;
	const char *src = pre->inbox ? pre->inbox : pre->mbox ? pre->mbox : pre->maildir;
	if (!src)
		return 0;
	size_t n = trim_slash(src), m = trim_slash(sub);
	if (n == m && !strncmp(src, sub, n))
		return 1;
	const char *base = src + n;
	while (base > src && base[-1] != '/')
		base--;
	size_t bn = (size_t)(src + n - base);
	if (bn && bn == m && !strncasecmp(base, sub, bn))
		return 1;
	/* an mbox's name without its extension, as its list name (kvm.mbox) */
	const char *dot = pre->mbox ? memrchr(base, '.', bn) : NULL;
	return dot && dot > base && (size_t)(dot - base) == m && !strncasecmp(base, sub, m);
}

/* A file value: "~/x" in HOME, "x" beside the configuration file. */
static const char *file_value(held_t *h, const char *cfg_path, const char *v)
{
	ld_buf b;
	ld_buf_init(&b);
	const char *home = getenv("HOME");
	if (!strncmp(v, "~/", 2) && home && *home) {
		ld_buf_addf(&b, "%s/%s", home, v + 2);
	} else if (v[0] == '/' || !strchr(cfg_path, '/')) {
		ld_buf_adds(&b, v);
	} else {
		const char *slash = strrchr(cfg_path, '/');
		ld_buf_add(&b, cfg_path, (size_t)(slash - cfg_path) + 1);
		ld_buf_adds(&b, v);
	}
	char *s = ld_buf_detach(&b);
	LD_VEC_PUSH(h->cfg_strings, h->n_cfg_strings, h->cap_cfg_strings, s);
	return s;
}

static int known(const char *k)
{
	for (size_t i = 0; KEYS[i]; i++)
		if (!strcmp(KEYS[i], k))
			return 1;
	return 0;
}

static int ours(const ld_config_item *it)
{
	return (!strcmp(it->section, "listdigest") && !it->subsection) ||
	       (!strcmp(it->section, "list") && it->subsection);
}

/* Every key of our sections, whether they apply or not, is one we know
 * and has a value (a typo is found the first time, not on the day that
 * list is reported): CLI_GO or the exit code.  Other sections are left
 * to other programs, as git does. */
static int check_item(const held_t *h, size_t i)
{
	const ld_config_item *it = &h->config.items[i];
	if (!ours(it) || (known(it->name) && it->value))
		return CLI_GO;
	char where[4200];
	item_where(where, sizeof(where), h->config_path, &h->config, i);
	if (!known(it->name)) {
		ld_buf keys = LD_BUF_INIT;
		for (size_t k = 0; KEYS[k]; k++)
			ld_buf_addf(&keys, "%s%s", k ? ", " : "", KEYS[k]);
		int rc = cli_die(LD_EXIT_USAGE, "%s: unknown key '%s' in [%s%s%s%s]; the keys are %s (man listdigest, CONFIGURATION)",
				 where, it->name, it->section, it->subsection ? " \"" : "",
				 it->subsection ? it->subsection : "", it->subsection ? "\"" : "", keys.s);
		ld_buf_release(&keys);
		return rc;
	}
	return cli_die(LD_EXIT_USAGE, "%s: '%s' needs a value (%s = ...)", where, it->name, it->name);
}

/* One entry of a section that applies, as a setting (file values made
 * paths, FILE:LINE for messages). */
static void add_setting(held_t *h, const char *path, size_t i, int *paths_reset, cli_setting **out,
			size_t *n, size_t *cap)
{
	const ld_config_item *it = &h->config.items[i];
	cli_setting st;
	char where[4200];
	item_where(where, sizeof(where), path, &h->config, i);
	st.name = it->name;
	st.value = file_key(it->name) ? file_value(h, path, it->value) : it->value;
	char *w = ld_xstrdup(where);
	LD_VEC_PUSH(h->cfg_strings, h->n_cfg_strings, h->cap_cfg_strings, w);
	st.where = w;
	/* a level with paths replaces the paths before it */
	st.reset_paths = !strcmp(it->name, "path") && !*paths_reset;
	if (st.reset_paths)
		*paths_reset = 1;
	LD_VEC_PUSH(*out, *n, *cap, st);
}

/* The file to read: CLI_GO with *path (NULL: none), or the exit code. */
static int config_path(const cli_pre *pre, held_t *h, const char **path)
{
	*path = NULL;
	struct stat st;
	if (pre->config) {
		if (stat(pre->config, &st))
			return cli_die(LD_EXIT_USAGE, "--config %s: %s; give an existing configuration file", pre->config, strerror(errno));
		*path = pre->config;
	} else {
		const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
		ld_buf b;
		ld_buf_init(&b);
		if (xdg && xdg[0] == '/')
			ld_buf_addf(&b, "%s/listdigest/config", xdg);
		else if (home && *home)
			ld_buf_addf(&b, "%s/.config/listdigest/config", home);
		else
			return CLI_GO;
		char *p = ld_buf_detach(&b);
		LD_VEC_PUSH(h->cfg_strings, h->n_cfg_strings, h->cap_cfg_strings, p);
		if (stat(p, &st) && errno == ENOENT)
			return CLI_GO;   /* no configuration: fine */
		*path = p;
	}
	if (!S_ISREG(st.st_mode))
		return cli_die(LD_EXIT_USAGE, "%s is %s, not a regular file; give a configuration file", *path,
			       ld_file_kind(st.st_mode));
	if (access(*path, R_OK))
		return cli_die(LD_EXIT_USAGE, "%s: %s", *path, strerror(errno));
	return CLI_GO;
}

int cli_config_load(held_t *h, const cli_pre *pre)
{
	const char *path;
	int rc = config_path(pre, h, &path);
	if (rc != CLI_GO || !path)
		return rc;
	ld_err err = { 0 };
	if (ld_config_load(path, &h->config, &err))
		return cli_die(LD_EXIT_USAGE, "%s", err.msg);
	h->config_path = path;
	return CLI_GO;
}

int cli_config_settings(held_t *h, const cli_pre *pre, cli_setting **out, size_t *n)
{
	const ld_config *cfg = &h->config;
	size_t cap = 0;
	int rc, reset = 0;
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < cfg->n; i++)
		if ((rc = check_item(h, i)) != CLI_GO)
			return rc;
	for (size_t i = 0; i < cfg->n; i++)
		if (!strcmp(cfg->items[i].section, "listdigest") && !cfg->items[i].subsection)
			add_setting(h, h->config_path, i, &reset, out, n, &cap);
	reset = 0;
	for (size_t i = 0; i < cfg->n; i++)
		if (!strcmp(cfg->items[i].section, "list") && cfg->items[i].subsection &&
		    list_applies(cfg->items[i].subsection, pre))
			add_setting(h, h->config_path, i, &reset, out, n, &cap);
	return CLI_GO;
}
