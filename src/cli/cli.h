/* cli/cli.h - private to the command line (no layer includes it):
 * options.c reads the options, output.c writes (the report file, errors,
 * progress, notices, the warning summary), main.c runs. */
#ifndef LD_CLI_H
#define LD_CLI_H

#include "run/run.h"
#include "render/render.h"
#include "site/site.h"
#include "store/store.h"

#include <regex.h>
#include <stdio.h>
#include <time.h>

/* Returned by the steps of main when the run goes on (any other value
 * is the exit code). */
#define CLI_GO (-1)

/* What a run holds, released in one place whatever way main leaves. */
typedef struct {
	const char **paths, **authors, **domains;
	regex_t re;
	int have_re;
	ld_mailmap *mailmap;
	ld_orgmap *orgs;
	ld_botlist *bots;
	ld_maintainers *maintainers;   /* --maintainers FILE */
	ld_subsystem *subsystem;       /* --subsystem NAME of it */
	ld_state state, new_state;
	ld_archive *archive;
	ld_report *report;
	char *index_path;
	char *mirror;           /* the mirror of a URL INBOX */
	ld_site site;           /* --site DIR (zeroed without) */
	int gmime;
	ld_config config;       /* the configuration file's entries */
	const char *config_path; /* the file read, NULL when none */
	char **cfg_strings;     /* paths made for it, freed at the end */
	struct cli_several *several; /* several inboxes (several.c) */
	size_t n_cfg_strings, cap_cfg_strings;
} held_t;

/* What the options say. */
typedef struct {
	ld_run_opts ro;
	ld_render_fn render;
	ld_render_opts rendo;
	const char *out_path, *grep, *mailmap_path, *orgs_path, *cache_dir;
	const char *maintainers_path, *subsystem;   /* --maintainers, --subsystem */
	const char **paths, **authors, **domains;   /* held_t's arrays */
	size_t n_paths, n_authors, n_domains;
	const char *state_path, *mbox, *maildir;
	const char *inbox;       /* NULL with --mbox or --maildir */
	const char *const *inboxes; /* every INBOX given (argv), inbox the first */
	size_t n_inboxes;
	const char *mirror_dir;  /* --mirror-dir */
	const char *site_dir;    /* --site: the report and its index and feed */
	const char *format;      /* --format as given, NULL when not */
	int verbose, no_index, offline;
	int exit_code;           /* --exit-code: 1 when nothing is new */
	size_t max_message;
} cli_opts;

/* ---- options.c ---- */
/* The time of the run, then the options into c (--bot, --bots into
 * h->bots as they come): CLI_GO or the exit code (help, version, a bad
 * option: said on stderr). */
int cli_parse(cli_opts *c, held_t *h, int argc, char **argv);
/* The source and the options that exclude each other: CLI_GO or the
 * exit code. */
int cli_validate(cli_opts *c, int argc, char **argv);

/* ---- merge.c ---- */
/* `listdigest merge [options] FILE.json...` (argv[0] is "merge"): the
 * exit code. */
int cli_merge(held_t *h, int argc, char **argv);

/* ---- config.c ---- */
/* What the configuration needs to know before the options are read: a
 * first look at the command line. */
typedef struct {
	const char *config;      /* --config FILE */
	const char *list_name;   /* --list-name */
	const char *mbox, *maildir, *inbox;
	int help;                /* --help or --version: no configuration */
} cli_pre;
/* Reads --config FILE or the default file (none: fine) into h->config:
 * CLI_GO or the exit code (it does not parse, is not a regular file, or
 * --config names none). */
int cli_config_load(held_t *h, const cli_pre *pre);
/* One value of the file for an option: name is the long option, value
 * its argument (borrowed from held_t), where "FILE:LINE" for messages;
 * reset_paths: the first path of its level, which drops the paths
 * before it. */
typedef struct {
	const char *name, *value, *where;
	int reset_paths;
} cli_setting;
/* The values of [listdigest], then of each [list "NAME"] that applies,
 * in order (*out: caller frees the array): CLI_GO or the exit code (an
 * unknown key or a key without value in any of our sections: one line
 * naming FILE:LINE). */
int cli_config_settings(held_t *h, const cli_pre *pre, cli_setting **out, size_t *n);

/* ---- output.c ---- */
/* Messages of cli_die start "listdigest: CTX: " while ctx is set (NULL:
 * unset); ctx is borrowed until then. */
void cli_die_context(const char *ctx);
/* "listdigest: " and the message on stderr; returns code. */
int cli_die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Output to FILE goes through the lockfile helper (util/lockfile.c): a
 * regular file is replaced only when the whole report is written, a
 * device, FIFO or /dev/stdout is written in place.  Without FILE, stdout. */
typedef struct {
	const char *path;
	ld_lockfile lk;
	FILE *f;
} cli_output;
int cli_output_open(cli_output *o, const char *path);
/* errnum EPIPE (the reader closed the pipe): dies of SIGPIPE, quietly,
 * as git; else returns. */
void cli_closed_pipe(int errnum);
void cli_output_abandon(cli_output *o);
int cli_output_commit(cli_output *o);

/* Progress on stderr: only on a terminal, only after the first second,
 * at most four times a second; cleared at the end. */
typedef struct {
	struct timespec start, last;
	int shown;
	double after;           /* seconds before the first line: 1, or
	                           LISTDIGEST_TEST_PROGRESS_AFTER in tests */
} cli_progress;
/* Sets up p and o's progress callback when stderr is a terminal. */
void cli_progress_start(cli_progress *p, ld_run_opts *o);
void cli_progress_clear(cli_progress *p);
/* The same for a mirror's fetch (o->progress when stderr is a terminal). */
void cli_progress_fetch(cli_progress *p, ld_mirror_opts *o);
/* A line of the range for the user (ld_run_opts.notice). */
void cli_notice(const char *line);
/* The index warning before the report, when the run went without it. */
void cli_index_warning(const ld_err *e);
/* The count of warnings about broken mail by kind; each with verbose. */
void cli_warning_summary(const ld_report *rep, int verbose);

/* ---- several.c: several inboxes in one report ---- */
/* What several INBOX exclude (--from, --to, a --lore-url other than '',
 * an inbox given twice): CLI_GO or the exit code. */
int cli_validate_several(cli_opts *c);
/* Room for n inboxes in h; each opened as one INBOX is (main.c), then
 * cli_several_take moves its archive, index path and mirror into slot
 * k; cli_several_run makes the report (h->report) and the index
 * warning; cli_several_release (held_release) frees them. */
void cli_several_begin(held_t *h, size_t n);
void cli_several_take(cli_opts *c, held_t *h, size_t k);
ld_status cli_several_run(cli_opts *c, held_t *h, ld_err *err);
void cli_several_release(held_t *h);
/* --state FILE with several inboxes, before any work: the file read
 * (any version; its inboxes must be this run's) and checked writable,
 * each inbox's marks for the run: CLI_GO or the exit code. */
int cli_several_state(cli_opts *c, held_t *h);
/* The state of every inbox after the run, as version 3. */
ld_status cli_several_save_state(cli_opts *c, held_t *h, ld_err *err);

#endif
