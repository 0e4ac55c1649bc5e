/* report/builder.h - INTERNAL to src/report/: what the files of the
 * report builder share (builder.c, series.c, patches.c, filters.c,
 * tables.c, reviews.c, threads.c, header.c, versions.c, waiting.c, trend.c, names.c,
 * release.c, finish.c).  Nothing outside report/ includes it: the rest
 * of the program sees the builder through report.h and the result
 * through model.h.  Internal functions are named rb_ ("report builder").
 *
 * The builder keeps what the report prints (postings, series, tables,
 * reviews, threads), never whole messages, so memory follows the report
 * and the number of threads, not the bytes of the range.  Series are
 * grouped as the postings arrive (series.c); filters, tables and reviews
 * are settled in ld_builder_finish (finish.c), when every posting is
 * known.
 *
 * Calls between these files run one way (no cycles): builder.c (intake)
 * and finish.c (the stages) call the others; threads.c -> reviews.c;
 * patches.c -> series.c; any may call filters.c (rb_filtered), which
 * calls release.c and names.c; release.c calls names.c, which calls
 * none of them. */
#ifndef LD_REPORT_BUILDER_H
#define LD_REPORT_BUILDER_H

#include "report/report.h"

#include <stdlib.h>
#include <string.h>

/* What the builder keeps of a posting beyond ld_posting. */
typedef struct {
	char *sender;          /* lower-cased header From address: series owner */
	char *name, *addr;     /* counted person after mailmap; addr lower-cased */
	char *from;            /* "Name <addr>" of the header From, for entries
	                          (a string of the report: rb_keep) */
	char *excerpt;         /* entries only (a string of the report) */
	char **fixes; size_t n_fixes;
	int stable;
	int pass;              /* passes the filters by itself */
	int sent_by;           /* the header From is not the author (in-body From) */
	uint64_t recipients;   /* ld_msg.recipients */
	char *root;            /* thread root id (thread_root), for the index */
	char *parent;          /* the id it replies to directly (direct_parent) */
	int deferred;          /* its excerpt is fetched at the end (report.h) */
	int epoch;             /* ld_msg.epoch, for that */
	size_t root_seq;       /* it started its thread (threads.c), as
	                          message number root_seq; 0: it did not */
} pinfo;

typedef struct {
	char *sender;
	size_t *posts;         /* postings with a counter >= 1 (or none: a single
	                          patch), arrival order; counter order after
	                          settle_missing, each number once */
	size_t n_posts, cap_posts;
	size_t cover;
	size_t first;          /* first posting */
	size_t parent;         /* union-find: the series this one was merged
	                          into; itself while it is a series of its own */
	int pver, ptotal;      /* version and N of its patches, 0 before the
	                          first patch: the patches' N wins over the cover's */
	int absent;            /* numbers of 1..N neither here nor earlier */
	char *head_title;      /* title and Message-ID of a cover letter or */
	char *head_id;         /* patch 1 before the range (index), or NULL */
	/* with filters, for a series that stays (versions.c,
	 * rb_keep_version_heads): the title, Message-ID and date that
	 * "supersedes" is asked with, those of its head and first posting
	 * before the filters drop any (the unfiltered report's); NULL
	 * without filters.  Borrowed (the report's strings, head_*, the keys
	 * of ld_builder.by_id), valid until rb_builder_free. */
	const char *ask_title, *ask_id;
	int64_t ask_date;
} sinfo;

/* The series waiting for a message they reply to that has not arrived
 * (a patch stored before its cover letter). */
typedef struct {
	size_t *v;
	size_t n, cap;
} waitlist;

typedef struct {
	char *name, *addr;
	ld_trailer_kind kind;
	size_t target;         /* posting index, or LD_NONE */
	char *target_id;       /* message id replied to, when not a posting */
	char *ancestors;       /* with target_id: In-Reply-To, then References
	                          from the nearest, space-separated (the index
	                          finds the patch among them) */
	int64_t date;          /* of the reply: "earlier" for the index */
} review;

/* An applied note whose parent was no posting when it arrived: asked
 * again when the range's postings are all known (reviews.c). */
typedef struct {
	size_t applied;        /* its place in r->applied */
	char *ancestors;       /* as review's */
} late_note;

typedef struct {
	char *name;
	unsigned long count;
	size_t first;
} pcount;

typedef struct {
	char *subject;         /* root's subject, else first reply's */
	int root_seen;         /* the root message is in the range */
	char *sender;          /* with root_seen: its lower-cased From address */
	unsigned long replies;
	ld_map people;         /* lower-cased address -> pcount */
	size_t first;
	size_t root_posting;   /* or LD_NONE */
} thread;

struct ld_builder {
	ld_report_opts o;
	ld_report *r;
	pinfo *pi;
	size_t cap_postings, cap_series, cap_applied;
	sinfo *si;
	ld_map by_id;          /* posting message id -> index + 1 */
	ld_map open;           /* sender/version/total/prefix/root -> series + 1 */
	ld_map waiting;        /* message id not seen yet -> waitlist */
	int64_t end;           /* date of the newest message of the range */
	int64_t next_place;    /* ld_builder_set_place, for the next message */
	ld_map list_ids;       /* list id -> unsigned long count */
	review *reviews; size_t n_reviews, cap_reviews;
	late_note *late; size_t n_late, cap_late;
	ld_map threads;        /* root id -> thread */
	ld_map pulls;          /* pull request message id -> index + 1 */
	ld_map reply_roots;    /* reply message id -> its thread's root (heap) */
	size_t cap_pulls;
	int64_t last_date;     /* the newest Date of the range: the index's
	                          messages after it are not looked at */
	size_t cap_warn;
	size_t seq;
	ld_run_info run;
	size_t n_dated;        /* messages with a Date (or a file date) */
	/* ld_builder_probe_index: the intake's index answers, to be checked
	 * against the index the run ends with (names.c) */
	int probing;
	const ld_index_entry *(*probe_find)(void *ctx, const char *id);
	void *probe_ctx;
	struct rb_probe *probes; size_t n_probes, cap_probes;
	ld_buf probe_text;     /* the probes' ids and answers, NUL-separated */
	struct rb_inboxes *ib; /* several inboxes (lists.c); NULL for one */
	/* with keep_intake (intake.c) */
	size_t cap_intake, cap_read;
	ld_map known;          /* Message-IDs of the index entries asked */
	char *empty;           /* rb_empty */
	ld_excerpt_fetch fetch; /* ld_builder_fetch_excerpts */
	void *fetch_ctx;
};

/* ---- names.c: people's names, messages' ids, index look-ups ---------- */

/* The name shown for an address (heap): the display name, else the local
 * part of the address. */
char *rb_shown_name(const char *name, const char *addr);
/* "Name <addr>" in arena a (NULL: on the heap, caller frees), the name
 * as rb_shown_name says. */
char *rb_name_addr(ld_arena *a, const char *name, const char *addr);
/* s as a string of the report: in its arena, freed with it.  Everything
 * the report holds is in its arena (the vectors grown while building move
 * there at the end: finish.c), nothing is freed one by one, and a string
 * of the report never changes, so two fields may share one.  The
 * builder's own records (pinfo, sinfo, review, thread...) are on the
 * heap, freed when the build ends. */
char *rb_keep(ld_builder *b, const char *s);
/* "" as a string of the report (one for every field that needs it). */
char *rb_empty(ld_builder *b);
/* The n strings of v as an array of the report; NULL when n is 0. */
char **rb_keep_strv(ld_builder *b, const char *const *v, size_t n);
char *rb_lower_dup(const char *s);
/* The person after mailmap: heap name and lower-cased address. */
void rb_canonical(ld_builder *b, const char *name, const char *addr, char **on, char **oa);
/* Counts key in m (values: heap unsigned long); rb_free_counts frees m. */
void rb_count(ld_map *m, const char *key);
void rb_free_counts(ld_map *m);
/* The posting of Message-ID id, LD_NONE when none. */
size_t rb_posting_by_id(ld_builder *b, const char *id);
/* The posting m replies to: In-Reply-To, then References from the nearest. */
size_t rb_replied_posting(ld_builder *b, const ld_msg *m);
/* The first References id, else In-Reply-To, else m's own id. */
const char *rb_thread_root(const ld_msg *m);
/* In-Reply-To, else the last References id; "" for a thread starter. */
const char *rb_direct_parent(const ld_msg *m);
/* m's ancestors, nearest first: In-Reply-To, then References from the
 * last, space-separated (heap). */
char *rb_ancestors(const ld_msg *m);
/* The index entry of id when it is not newer than not_after, else NULL. */
const ld_index_entry *rb_index_find(const ld_builder *b, const char *id, int64_t not_after);
/* What the intake (threads.c) asks of the index about id, not newer than
 * not_after: RB_ASK_ROOT the root its entry names ("" counts as none),
 * RB_ASK_SENDER its lower-cased From address; NULL when the index has no
 * answer.  While probing, the question and the answer are recorded. */
enum { RB_ASK_ROOT, RB_ASK_SENDER };
const char *rb_index_ask(ld_builder *b, int what, const char *id, int64_t not_after);
/* Frees the recorded questions and stops recording. */
void rb_probes_release(ld_builder *b);

/* ---- release.c: freeing the builder's records ------------------------- */

void rb_free_pinfo(pinfo *pi);
void rb_free_sinfo(sinfo *si);
/* Frees what the builder kept beside the report, and b. */
void rb_builder_free(ld_builder *b);

/* ---- filters.c: --path, --author, --domain, --grep -------------------- */

/* Does posting m (author label, lower-cased addr) pass every filter? */
int rb_passes(ld_builder *b, const ld_msg *m, const char *label, const char *addr);
/* The same for a parsed posting the intake did not take (a waiting
 * series': waiting.c), its author after mailmap as the intake counts it. */
int rb_msg_passes(ld_builder *b, const ld_msg *m);
/* Is any filter given? */
int rb_filtered(const ld_builder *b);
/* Drops the postings and series the filters drop, renumbering the rest. */
void rb_apply_filters(ld_builder *b);
/* Keeps the pull requests of the people asked for. */
void rb_filter_pulls(ld_builder *b);
void rb_copy_filters(ld_builder *b);

/* ---- series.c: grouping postings into series -------------------------- */

/* The series of posting post (message m, lower-cased sender). */
size_t rb_assign_series(ld_builder *b, size_t post, const ld_msg *m, const char *sender);
/* A series takes the highest version stated (and its tags). */
void rb_raise_version(ld_builder *b, size_t s, int version, const char *subject, const ld_subject *subj);
/* One series per group of merged series, in order of first posting. */
void rb_settle_groups(ld_builder *b);

/* ---- patches.c: the patches of each series, entries, fixes ------------ */

void rb_settle_missing(ld_builder *b);
void rb_finish_series(ld_builder *b);
void rb_settle_entries(ld_builder *b);

/* ---- reviews.c, threads.c: replies ------------------------------------ */

void rb_add_review(ld_builder *b, const ld_msg *m, const ld_trailer *tr, size_t target);
/* The posting each review and applied note without one is for, once
 * every posting of the range is known (before the filters renumber them). */
void rb_settle_reply_targets(ld_builder *b);
void rb_finish_reviews(ld_builder *b);
void rb_thread_root_seen(ld_builder *b, const ld_msg *m);
const char *rb_reply_root(ld_builder *b, const ld_msg *m);
int rb_patch_in_own_thread(ld_builder *b, const ld_msg *m);
void rb_add_reply(ld_builder *b, const ld_msg *m, const char *name, const char *addr);
void rb_add_pull(ld_builder *b, const ld_msg *m);
void rb_settle_roots(ld_builder *b);
void rb_finish_discussions(ld_builder *b);
void rb_settle_applied(ld_builder *b);

/* ---- tables.c, header.c ----------------------------------------------- */

void rb_settle_tables(ld_builder *b);
void rb_settle_list(ld_builder *b);
void rb_settle_header(ld_builder *b);

/* ---- lists.c: several inboxes in one report ------------------------- */

/* At the intake: 1 when m is a copy of a message an earlier inbox gave
 * (dropped, counted), else 0 (m is counted as its inbox's). */
int rb_inbox_duplicate(ld_builder *b, const ld_msg *m);
/* The inbox whose messages come now (0 for one inbox). */
size_t rb_inbox_current(const ld_builder *b);
/* r->lists (and, several inboxes, the title's names and r->msg_lists),
 * after rb_settle_list and every stage that writes a message id. */
void rb_settle_lists(ld_builder *b);
void rb_inboxes_free(ld_builder *b);

/* ---- header.c: the list's name and URL, by List-Id ---------------- */

/* The most common List-Id counted in ids ("" when none; borrowed). */
const char *rb_common_list_id(const ld_map *ids);
/* given, else the label of the most common List-Id of ids, else the
 * inbox's name, as plain tokens, upper-cased.  Caller frees. */
char *rb_list_name(const char *given, const ld_map *ids, const char *inbox);
/* given (with a final '/'), else https://lore.kernel.org/<label>/ of
 * List-Id id, else "": a string of the report. */
char *rb_lore_url(ld_builder *b, const char *given, const char *id);

/* ---- waiting.c: waiting for review ----------------------------------- */

/* The waiting list of the report (ld_report.waiting_*), from the index. */
void rb_settle_waiting(ld_builder *b);

/* ---- intake.c, known.c: what a merge needs (with keep_intake) --------- */

/* m as the builder takes it, into r->intake. */
void rb_intake_take(ld_builder *b, const ld_msg *m);
/* m, a posting of a waiting series read again (waiting.c), into r->read. */
void rb_intake_read(ld_builder *b, const ld_msg *m);
/* An index entry an answer came from (NULL: none). */
void rb_know(ld_builder *b, const ld_index_entry *e);
void rb_know_cb(void *ctx, const ld_index_entry *e);   /* ctx: the builder */
/* ld_index_find and ld_index_thread of the builder's index, kept. */
const ld_index_entry *rb_ix_find(ld_builder *b, const char *id);
void rb_ix_thread(ld_builder *b, const char *root, void (*fn)(void *ctx, const ld_index_entry *e),
		  void *ctx);
/* The messages' places in the archive and the entries asked, into r. */
void rb_settle_intake(ld_builder *b);

/* ---- trend.c: weekly postings ------------------------------------------ */

/* The report's trend (ld_report.trend_*), from the index. */
void rb_settle_trend(ld_builder *b);

/* ---- versions.c: earlier versions ------------------------------------- */

/* Before the filters drop postings: what each series that stays asks
 * the index with (sinfo.ask_*), so that the answer is the unfiltered
 * report's also when the filters drop its head or first posting. */
void rb_keep_version_heads(ld_builder *b);
/* Fills prev_* of each series from the builder's index (see versions.c:
 * b4's change-id, then version links of the cover letter, then sender
 * and title); the same answer whatever the range and the filters.
 * Nothing without an index.  The entries read are kept (rb_know_cb). */
void rb_settle_versions(ld_builder *b);
/* The same question for n series heads given by hand (waiting.c asks it
 * of the index's own heads): each query's prev is the head of the
 * version it replaces, NULL when none (or no index).  Strings borrowed. */
typedef struct {
	const char *sender;      /* lower-cased header From address */
	const char *title;       /* without the leading tags */
	const char *message_id;  /* of the head */
	int version;
	int64_t date;
	const ld_index_entry *prev;  /* out */
} rb_vquery;
/* know(ctx, e), when not NULL, is told each index entry an answer came
 * from (a merge keeps them: known.c). */
void rb_find_versions(const ld_index *x, rb_vquery *q, size_t n,
		      void (*know)(void *ctx, const ld_index_entry *e), void *ctx);

#endif
