/* report/report.h - building the report model from messages: the builder
 * (series grouping, filters, tables, reviews, discussions, applied,
 * earlier versions: its files are listed in the private builder.h) and
 * people (mailmap, organizations, bots).  The builder is the only writer
 * of an ld_report.  Uses: model, store, source, mail, classify, util. */
#ifndef LD_REPORT_H
#define LD_REPORT_H

#include "report/model.h"
#include "mail/mail.h"
#include "store/store.h"

typedef struct ld_builder ld_builder;
typedef struct ld_index ld_index;

typedef struct ld_mailmap ld_mailmap;
typedef struct ld_orgmap ld_orgmap;
typedef struct ld_botlist ld_botlist;
typedef struct ld_maintainers ld_maintainers;
typedef struct ld_subsystem ld_subsystem;

/* What selects and shapes the report; all may be NULL/0. */
typedef struct {
	size_t top;              /* 0 = all */
	const char *list_name;   /* NULL = derive */
	const char *inbox_name;  /* fallback for the list name */
	const char *lore_url;    /* NULL = derive from List-Id; "" = none */
	const ld_mailmap *mailmap;
	const ld_orgmap *orgs;   /* adds the organizations table */
	/* filters: a patch is reported when it passes all that are given */
	const char *const *paths; size_t n_paths; /* --path GLOBs */
	const char *const *authors; size_t n_authors; /* --author: text in "Name <addr>" */
	const char *const *domains; size_t n_domains; /* --domain: domain or parent */
	const void *grep;        /* --grep: a compiled regex_t (subject, message) */
	const char *grep_text;   /* --grep as given, for the report's title */
	const ld_subsystem *subsystem; /* --subsystem: only patches touching
	                            its files (maintainers.c); NULL = none */
	const ld_maintainers *maintainers; /* --maintainers FILE, NULL = none */
	const ld_index *index;   /* the archive index, NULL when there is none */
	const ld_botlist *bots;  /* the user's bots (--bot, --bots), beside the
	                            built-in list (people.c); may be NULL */
	/* waiting for review (waiting.c): series posted in the waiting_days
	 * before the end of the report, at least waiting_age days old at
	 * it; waiting_days 0: no list */
	unsigned waiting_days, waiting_age;
	/* The postings of the waiting series, read again when the list must
	 * know their files or bodies (--maintainers: who could review them;
	 * a filter: the list obeys it as the rest of the report does): the
	 * series are usually older than the range, so the run (run/reread.c)
	 * or the merge reads them for the builder.  read(ctx, x, e, m) fills
	 * m (zeroed) with the message of entry e of index x, parsed with its
	 * files and, with --grep, its commit message; 0 when done, -1 when it
	 * cannot (the run then fails: the builder asks no more and leaves the
	 * list as it was).  NULL: the list is neither filtered nor given
	 * people. */
	int (*waiting_read)(void *ctx, const ld_index *x, const ld_index_entry *e, ld_msg *m);
	void *waiting_ctx;

	int keep_intake;         /* keep what a merge needs (model.h's
	                            ld_intake, ld_known): the JSON format */
} ld_report_opts;

ld_builder *ld_builder_new(const ld_report_opts *o);
/* What the report is of: the builder writes the header from it (from/to,
 * by_date..., n_skipped, n_deleted), as it writes everything else of the
 * report: nothing writes an ld_report but the builder.  Default (not
 * set): no range, a commit range of an archive. */
typedef struct {
	int64_t since, until;    /* --since/--until, 0 = none */
	int state;               /* a --state run */
	int local;               /* mbox or maildir: no commits, dates only */
	const ld_range *range;   /* the range walked (FROM/TO, skipped and
	                            deleted counts); NULL = none.  Read by
	                            ld_builder_finish: must live until then */
	int several;             /* several inboxes: no one commit range; the
	                            header says the Dates reported (or the
	                            window), range only gives the skipped and
	                            deleted counts */
} ld_run_info;
void ld_builder_set_run(ld_builder *b, const ld_run_info *ri);
/* Several inboxes in one report (lists.c): their names (borrowed until
 * ld_builder_finish), in the order their messages will come; then
 * ld_builder_set_inbox before each inbox's messages.  A message whose
 * Message-ID an earlier inbox gave is dropped at the intake (a
 * cross-post is one posting; the first copy wins) and counted as that
 * inbox's duplicate.  Without it the report is of one inbox. */
void ld_builder_set_inboxes(ld_builder *b, const char *const *names, size_t n);
void ld_builder_set_inbox(ld_builder *b, size_t k);
/* The archive place of the next message given to ld_builder_add (inbox
 * number times 2^40 plus record number, -1: none), as the JSON's merge
 * key writes it: a merge (run/merge.c) gives each part's own; a run
 * leaves it to the index (rb_settle_intake). */
void ld_builder_set_place(ld_builder *b, int64_t place);
/* Takes the message in archive order; copies what it keeps (m stays the
 * caller's). */
void ld_builder_add(ld_builder *b, const ld_msg *m);
/* Ends the build; frees b.  Caller frees the report with ld_report_free.
 * Earlier versions (prev_* of each series) come from the index of
 * ld_report_opts, as versions.c says. */
ld_report *ld_builder_finish(ld_builder *b);
/* A build that starts before the index is complete (run/run.c builds the
 * index in the same pass as the report): the intake asks find(ctx, id)
 * instead of the index (what the index being built knows so far) and
 * records its questions and answers; ld_builder_settle_index then makes
 * x the report's index and says whether every recorded answer is the one
 * x gives (1: the report is the one a build with x from the start makes;
 * 0: it may not be: build it again with x).  Without a probe it only
 * sets x. */
/* A filtered report does not keep at the intake the commit-message
 * excerpt of a cover letter that fails the filters itself (it stays only
 * when a patch of its series passes, which later postings may decide):
 * given fetch, ld_builder_finish asks it for the excerpts of those it
 * shows, in one call: out[k] (heap, NULL when the message has none) of
 * the message of Message-ID ids[k] held by commit commits[k] (40 hex)
 * in epoch epochs[k], read again as the intake read it (run/reread.c
 * finds it by its index entry).  Without fetch (the default) every
 * excerpt is kept at the intake.  fetch must stay callable until then. */
typedef void (*ld_excerpt_fetch)(void *ctx, const char *const *ids, const char *const *commits,
				 const int *epochs, size_t n, char **out);
void ld_builder_fetch_excerpts(ld_builder *b, ld_excerpt_fetch fetch, void *ctx);
void ld_builder_probe_index(ld_builder *b,
			    const ld_index_entry *(*find)(void *ctx, const char *id), void *ctx);
int ld_builder_settle_index(ld_builder *b, const ld_index *x);
void ld_report_free(ld_report *r);

/* ---- the previous period (previous.c) --------------------------------- */

/* The period of the same length just before r's, [*since, *until): a
 * window's (--since/--until; --since alone ends at now, the time of the
 * run), else the span of the Dates r reported (a --state run, a commit
 * range), first to last.  0 when there is one; -1 when not (r starts at
 * the archive's start: ld_report_from_start; a window that ends before
 * it starts; a report without messages; a period that ends at or before
 * first, the archive's earliest Date), with why (a sentence without its
 * period).  Pure. */
int ld_previous_period(const ld_report *r, int64_t first, int64_t now, int64_t *since,
		       int64_t *until, char *why, size_t whysz);
/* The earliest Date of the archive index x into *first; -1 when x holds
 * no message. */
int ld_archive_first_date(const ld_index *x, int64_t *first);
/* Does r start where its archive starts (no --from, --state nor
 * --since): no period comes before it. */
int ld_report_from_start(const ld_report *r);
/* r's previous period: the counts of p, the report of [since, until)
 * built with r's options but --top 0 (all rows: a row r shows gets its
 * count whatever the cut of p's own report); see model.h's invariants. */
void ld_report_set_previous(ld_report *r, const ld_report *p, int64_t since, int64_t until);
/* r has no previous period: why (copied), a sentence without its period. */
void ld_report_no_previous(ld_report *r, const char *reason);

/* ---- earlier versions of series (versions.c) -------------------------- */

/* Do two titles (without tags) name the same work, reworded a little? */
int ld_titles_similar(const char *a, const char *b);

/* ---- people (people.c): git's mailmap and gitdm's domain map -------- */




/* Reads a mailmap (git's format, gitmailmap(5)).  On error returns NULL
 * and says what and where in err (LD_E_USAGE). */
ld_mailmap *ld_mailmap_load(const char *path, ld_err *err);
void ld_mailmap_free(ld_mailmap *m);
/* The canonical name and address for (name, addr); borrowed from m or the
 * arguments, valid while both live.  m may be NULL. */
void ld_mailmap_map(const ld_mailmap *m, const char *name, const char *addr,
		    const char **out_name, const char **out_addr);



/* Reads a domain map in gitdm's format: "domain-or-address  Organization"
 * with an optional "< YYYY-MM-DD" end date.  NULL and err on error. */
ld_orgmap *ld_orgmap_load(const char *path, ld_err *err);
void ld_orgmap_free(ld_orgmap *m);
/* The organization of addr at time t (an address entry beats a domain
 * entry, a sub-domain falls back to its parents, a dated entry ends on
 * its date); NULL when unknown.  Borrowed from m. */
const char *ld_orgmap_lookup(const ld_orgmap *m, const char *addr, int64_t t);

/* Bots: addresses whose mail is neither discussion nor review (syzbot,
 * the kernel test robot, patchwork-bot, pr-tracker-bot, CI bots).  A
 * built-in list (ld_bots_builtin) plus the user's patterns (--bot ADDR,
 * --bots FILE): shell globs over the lower-cased address, "*" matching
 * anything ("syzbot+*@syzkaller.appspotmail.com"). */
typedef struct ld_botlist ld_botlist;
ld_botlist *ld_botlist_new(void);
void ld_botlist_free(ld_botlist *l);
/* Adds one pattern (copied, lower-cased). */
void ld_botlist_add(ld_botlist *l, const char *pattern);
/* Adds the patterns of a file: one a line, "#" starts a comment, blank
 * lines skipped; a line that is not one address pattern is LD_E_USAGE. */
ld_status ld_botlist_load(ld_botlist *l, const char *path, ld_err *err);
/* Is addr (any case) a bot, by the built-in list or l (may be NULL)? */
int ld_is_bot(const ld_botlist *l, const char *addr);
/* The built-in patterns, NULL-terminated (for --help-like listings and
 * tests). */
extern const char *const ld_bots_builtin[];


/* ---- the kernel's MAINTAINERS file (maintainers.c) ------------------ */

/* Sections of a MAINTAINERS file: a title, then who (M: maintainers,
 * R: designated reviewers) and which files (F:, N:, minus X:; the rules
 * at ld_maint_pattern_match, classify.h).  Read once, then only read:
 * every function below is safe from several threads on one map. */
/* Reads path; NULL and err (LD_E_USAGE: one line naming FILE:LINE) when
 * it is not a MAINTAINERS file listdigest can use (see maintainers.c). */
ld_maintainers *ld_maintainers_load(const char *path, ld_err *err);
void ld_maintainers_free(ld_maintainers *m);
/* The number of sections. */
size_t ld_maintainers_count(const ld_maintainers *m);

/* --subsystem NAME: the section titled NAME exactly, else the one whose
 * title is NAME in any case, else the one whose title holds NAME in any
 * case; sections of the same title are one subsystem.  NULL and err
 * (LD_E_USAGE) when none, when several titles do (listing them), when
 * the section has no F: or N: line, or when one of its N: lines is no
 * usable regex.  m must outlive the result; free with ld_subsystem_free. */
ld_subsystem *ld_subsystem_find(const ld_maintainers *m, const char *name, ld_err *err);
void ld_subsystem_free(ld_subsystem *s);
/* The title as the file writes it; borrowed from s. */
const char *ld_subsystem_title(const ld_subsystem *s);
/* Does the file path (a patch's "diff --git" path) belong to s?  A
 * diffstat's shortened ".../tail" belongs to none (the folder is not
 * known). */
int ld_subsystem_touches(const ld_subsystem *s, const char *path);

/* Who looks after a series: ld_maintainers_who. */
typedef struct {
	const char *who;        /* "Name <addr>" as the M:/R: line writes it */
	const char *section;    /* the title of the section that names them
	                           (the most specific, when several do) */
	int reviewer;           /* 0: M: (maintainer), 1: R: (reviewer) */
} ld_maint_person;
typedef struct {
	const char **sections;  /* titles of the sections the files belong to,
	                           most specific first */
	size_t n_sections;
	ld_maint_person *people;  /* their M: and R: people: section by
	                             section in that order, each section's M:
	                             before its R:, a person (by address, any
	                             case) once, at their first place */
	size_t n_people;
	size_t all_sections, all_people;  /* before the cuts */
} ld_maint_who;
/* The sections files[0..n_files) belong to and their people, as
 * get_maintainer.pl ranks them: the most specific first (the depth of
 * the pattern that matched: ld_maint_pattern_depth, an N: 0; the best
 * over the files), then the section that takes more of the files, then
 * file order.  At most max_sections sections and max_people people
 * (0: all; people come from the sections kept).  Strings are borrowed
 * from m; release out with ld_maint_who_release.  Cost: each file is
 * tried against the F: patterns under its own folders and every N:. */
void ld_maintainers_who(const ld_maintainers *m, const char *const *files, size_t n_files,
			size_t max_sections, size_t max_people, ld_maint_who *out);
void ld_maint_who_release(ld_maint_who *w);

#endif
