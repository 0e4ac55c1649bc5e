/* report/model.h - the report model: everything a renderer shows, computed
 * once by the builder (report/report.h), and the invariants it keeps.
 * The only header renderers include besides util.  Uses: util. */
#ifndef LD_MODEL_H
#define LD_MODEL_H

#include "classify/classify.h"

/* ---- the report model (written by the builder: builder.h) ----------- */

/* Everything a renderer shows, computed once.  Renderers only format it.
 * Strings are UTF-8 straight from mail: each renderer escapes them through
 * its escaper (render/escape.c).  Indices refer to the arrays of ld_report.
 *
 * Invariants (the builder, report/builder.h, is the only writer of an
 * ld_report and keeps them; renderers may rely on them and need not
 * check again):
 * - Strings: every char * field is a NUL-terminated string, never NULL
 *   ("" when there is nothing to say), except ld_filters.grep and
 *   ld_filters.subsystem (NULL when --grep, --subsystem was not given).  The char[41] fields are NUL-terminated too
 *   (commit is 40 hex digits, or "" for mbox and maildir messages).
 * - Arrays: an array holds exactly its n_ count of elements; with a count
 *   of 0 the pointer may be NULL, so loop on the count.  Every element of
 *   participants, fixes (ld_fix.fixes), warn_lines and the filters' lists
 *   is a string as above.
 * - Indices: LD_NONE means "none" and is only ever found where a field
 *   says so (ld_series.cover, ld_series.applied, ld_applied.series);
 *   every index that is not LD_NONE is in range:
 *     ld_posting.series, ld_entry.series, ld_applied.series < n_series;
 *     ld_series.cover, ld_series.patches[i], ld_fix.posting < n_postings;
 *     ld_series.applied < n_applied.
 *   Each posting of ld_series.patches and its cover have .series equal to
 *   that series; ld_series.applied is its first applied note, whose
 *   .series is that series.
 * - Orders: postings, applied and pulls in archive order; series in the
 *   order of their first posting; entries and fixes in posting order;
 *   patches by patch number, each number once; missing ascending and
 *   disjoint within 1..total; the tables (domains, people, orgs) by count
 *   descending, then label (case-insensitive); reviewers by total
 *   descending, then label; discussions by replies descending, then the
 *   thread's subject (case-insensitive), then first seen; participants
 *   most active first, then name.
 * - Cuts: with top != 0 the tables, reviewers and discussions hold at
 *   most top rows; all_* count the rows before the cut.
 * - The previous period (ld_previous, written by ld_report_set_previous
 *   or ld_report_no_previous in report/previous.c, the builder's last
 *   step, after ld_builder_finish): with previous.have == 0 every
 *   row's previous is 0 and previous.reason says why there is none;
 *   with have == 1 reason is "", since < until, and each row's previous
 *   is the count of the row of the same key (the label; for people and
 *   reviewers the address) in the previous period's own report (all
 *   its rows, whatever its cut), 0 when it had no such row.
 * - Who reviews whom (only with have_orgs; all 0 otherwise): a
 *   reviewer's own_org + cross_org + unknown_org == total. */

typedef struct {
	char *label;            /* "kernel.org", "Name <addr>", "Intel" */
	unsigned long count;
	unsigned long previous; /* the count in the previous period (see
	                           ld_previous), 0 when absent */
} ld_row;

/* A commit-message entry: cover letter, first patch or single patch. */
typedef struct {
	char *subject;          /* full subject */
	char *title;            /* subject without the leading tags */
	char *author;           /* "Name <addr>" as counted (in-body From,
	                           mailmap), as the series line shows it */
	char *sender;           /* "Name <addr>" of the header From when its
	                           address is not the author's, else "" */
	char *excerpt;          /* commit message excerpt, "" when none */
	char *message_id;
	char commit[41];
	size_t series;          /* index in ld_report.series */
} ld_entry;

/* One patch posting (a patch or a cover letter) in archive order. */
typedef struct {
	char *subject;
	char *title;            /* subject without the leading tags */
	char *message_id;
	char *author;           /* "Name <addr>" as counted (in-body From, mailmap) */
	char commit[41];
	int64_t date;           /* Date header (commit time when unusable), UTC */
	ld_subject subj;
	size_t series;          /* index in ld_report.series */
} ld_posting;

#define LD_NONE ((size_t)-1)

/* A run of patch numbers, lo..hi inclusive (lo == hi: one number). */
typedef struct {
	int lo, hi;
} ld_span;

/* A patch series: a cover letter and its patches, or a single patch. */
typedef struct {
	char *prefix;           /* leading tags without the counter: "RFC PATCH net-next v6" */
	char *title;            /* the cover letter's title, else the first patch's */
	char *author;           /* "Name <addr>" */
	char *sender;           /* lower-cased header From address of its head */
	int version;            /* 1 when no vN tag */
	int total;              /* N of i/N (the patches' N); 1 for a single patch */
	size_t cover;           /* posting index of the cover letter, or LD_NONE */
	size_t *patches;        /* posting indices of the patches listed (those
	                           that pass the filters), in counter order */
	size_t n_patches;
	size_t here;            /* patches of the series in the range, each
	                           number once, before filters */
	size_t earlier;         /* patches posted before the range (archive
	                           index) and not in it, each number once */
	int cover_earlier;      /* the cover letter was posted before the range */
	ld_span *missing;       /* numbers of 1..N that should have come and
	                           did not (see settle_missing), ascending */
	size_t n_missing;
	int64_t date;           /* date of the first posting */
	char *message_id;       /* of the cover letter or first patch (which
	                           may be before the range) */
	/* the version this one replaces, found in the archive index */
	int prev_version;       /* 0 when none was found */
	int64_t prev_date;
	char *prev_message_id;  /* "" when none */
	/* replies in the range */
	unsigned long reviewed, acked, tested; /* trailers given on it */
	size_t applied;         /* index in ld_report.applied, or LD_NONE */
} ld_series;

/* Someone who gave trailers in replies during the range (reviewers), or
 * an organization whose people did (review_orgs). */
typedef struct {
	char *label;            /* "Name <addr>", or the organization */
	unsigned long total, reviewed, acked, tested;
	unsigned long previous; /* total in the previous period, 0 when absent */
	/* Who reviews whom, with --orgs: the reviews (of total) of a patch
	 * whose author (as counted: in-body From, mailmap; the index's From
	 * and mailmap for a patch before the range) was, at the patch's
	 * date, of the reviewer's own organization (at the review's date),
	 * of another one, or where either organization is unknown. */
	unsigned long own_org, cross_org, unknown_org;
} ld_reviewer;

/* The previous period of the same length, counted as its own report
 * would count it (see the invariants above). */
typedef struct {
	int have;               /* 1: the counts below and rows' previous are its */
	char *reason;           /* have == 0: why there is none, one sentence
	                           without a final period; "" with have */
	int64_t since, until;   /* [since, until) UTC; 0 without have */
	char from[41], to[41];  /* since and the last minute before until,
	                           as the header labels dates; "" without have */
	size_t messages, postings, series, applied;
	unsigned long reviews;
} ld_previous;

/* A thread with replies in the range. */
typedef struct {
	char *subject;          /* of the thread's root (or earliest message seen) */
	char *message_id;       /* of the root */
	unsigned long replies;  /* replies in the range */
	size_t n_participants;
	char **participants;    /* "Name" (or address), most active first */
} ld_discussion;

/* A patch that says what it fixes (Fixes: trailers) or asks for stable. */
typedef struct {
	size_t posting;         /* index in ld_report.postings */
	char **fixes;           /* the Fixes: trailer values: 'abc123 ("subject")' */
	size_t n_fixes;
	int stable;             /* Cc: stable@vger.kernel.org or stable@kernel.org */
} ld_fix;

/* A pull request: someone asks a maintainer to pull a branch. */
typedef struct {
	char *subject;          /* full subject */
	char *title;            /* subject without the leading tags */
	char *from;             /* "Name <addr>": who asks */
	char *to;               /* whom: the addressee of its greeting ("Hi
	                           Paolo,") as the recipients name them, else
	                           its first To; "" when unknown */
	char *source;           /* repository and ref to pull, "" when not found */
	unsigned long patches;  /* N of [GIT PULL 0/N], else the commits of its
	                           shortlog; 0 when unknown */
	char *message_id;
	int64_t date;
} ld_pull;

/* A maintainer's note that a series or patch was applied. */
typedef struct {
	char *subject;          /* of what was applied: the series' cover or
	                           first patch, else the reply's without Re: */
	size_t series;          /* index in ld_report.series, or LD_NONE when it
	                           was posted before the range */
	char *to;               /* branch or tree, "" when not named */
	char *by;               /* "Name <addr>" of the maintainer */
	char *message_id;       /* of the note */
} ld_applied;

/* Who could review a waiting series: an M: or R: line of a MAINTAINERS
 * section its files belong to. */
typedef struct {
	char *who;              /* "Name <addr>" as the line writes it */
	char *section;          /* the title of the section that names them
	                           (the most specific, when several do) */
	int reviewer;           /* 0: M: (maintainer), 1: R: (reviewer) */
} ld_waiting_person;

/* A series that waits for review (report/waiting.c): posted in the
 * waiting window, answered by nobody but its sender and the bots up to
 * the end of the report, not replaced by a newer version. */
typedef struct {
	char *subject;          /* of its head: cover letter, else patch 1 or
	                           single patch */
	char *title;            /* subject without the leading tags */
	char *author;           /* "Name <addr>" of the head's header From,
	                           after mailmap */
	char *message_id;       /* of the head */
	int64_t date;           /* Date of the head, UTC */
	unsigned days;          /* whole days from date to waiting_end */
	int version;            /* 1 when no vN tag */
	int total;              /* N of i/N; 1 for a single patch */
	/* with --maintainers (ld_report.waiting_who; else all 0): the files
	 * its postings name (read from the archive: the series is usually
	 * older than the range), the MAINTAINERS sections they belong to,
	 * most specific first, and those sections' M:/R: people, section by
	 * section, each person once (report.h, ld_maintainers_who); cut to
	 * LD_WAITING_SECTIONS and LD_WAITING_PEOPLE, all_* counted before */
	size_t n_files;
	char **sections;  size_t n_sections, all_sections;
	ld_waiting_person *people;  size_t n_people, all_people;
} ld_waiting;
#define LD_WAITING_SECTIONS 10
#define LD_WAITING_PEOPLE 25

/* The weekly patch postings before the end of the report (report/trend.c):
 * LD_TREND_WEEKS weeks, the top LD_TREND_TOP labels. */
#define LD_TREND_WEEKS 12
#define LD_TREND_TOP 5
typedef struct {
	char *label;            /* organization (--orgs) or domain */
	unsigned long counts[LD_TREND_WEEKS]; /* per week, oldest first */
	unsigned long total;    /* their sum */
} ld_trend_row;

/* ld_report.waiting_state: whether the waiting list was made, and why
 * not. */
enum {
	LD_WAITING_OFF = 0,     /* not asked (--waiting-days 0) */
	LD_WAITING_LISTED,      /* waiting holds the list (maybe empty) */
	LD_WAITING_NO_INDEX,    /* no archive index: an mbox, a maildir,
	                           --no-index, or no place for the index */
	LD_WAITING_NO_END,      /* neither --until nor a dated message: no end */
};

/* What a report was limited to (the filters of ld_report_opts), kept
 * for its title. */
typedef struct {
	char **paths; size_t n_paths;       /* --path GLOBs */
	char **authors; size_t n_authors;   /* --author */
	char **domains; size_t n_domains;   /* --domain */
	char *grep;                         /* --grep as given, NULL when none */
	char *subsystem;                    /* --subsystem: the MAINTAINERS
	                                       section's title, NULL when none */
} ld_filters;

/* One inbox the report covers, in the order given (INBOX...: several
 * inboxes in one report); a report of one inbox (or mbox, maildir) has
 * one, whose name, list_id and lore_url are the report's. */
typedef struct {
	char *name;             /* "KVMARM": the label of its most common
	                           List-Id, else its inbox's name, upper-cased */
	char *inbox;            /* the inbox's name (its folder, a URL's list) */
	char *list_id;          /* its most common List-Id, "" */
	char *lore_url;         /* where its messages have pages, "" */
	size_t messages;        /* messages read from it (in the range) */
	size_t duplicates;      /* of those, the ones an earlier inbox of the
	                           report held (cross-posts): counted there */
} ld_list;

/* The list whose lore URL serves a message the report links to: with
 * several inboxes, the first inbox that holds it (ld_lore_base, render). */
typedef struct {
	char *message_id;
	size_t list;            /* < n_lists */
} ld_msg_list;

/* ---- what `listdigest merge` needs (the JSON's "merge" key) ----------
 * Kept only with ld_report_opts.keep_intake (the JSON format): each
 * message as the builder took it (its intake: the fields of the parsed
 * message the builder reads, before mailmap and filters), and each entry
 * of the archive index the builder's answers came from.  A merge gives
 * these to the builder again (run/merge.c), so that the merged report is
 * built by the same code as one run over all the messages. */

typedef struct {
	int kind;               /* ld_trailer_kind */
	char *name, *addr, *value;
} ld_intake_trailer;

typedef struct {
	int64_t pos;            /* record number in the archive index (archive
	                           order), -1 when unknown (no index) */
	size_t inbox;           /* its inbox: a place in ld_report.lists */
	char commit[41];        /* "" for mbox and maildir messages */
	int64_t date;
	int date_ok;
	char *message_id, *list_id, *subject, *from_name, *from_addr;
	int has_author;         /* a patch posting: author_* set */
	char *author_name, *author_addr;
	char *in_reply_to;
	char **refs; size_t n_refs;
	int reply;
	ld_intake_trailer *trailers; size_t n_trailers;
	int has_applied, has_applied_by, applied_firm, body_patch;
	char *applied, *applied_by;
	char *pull_to, *pull_source;
	unsigned long pull_commits;
	char **files; size_t n_files;   /* with --path */
	int has_message;        /* with --grep */
	char *message;
	uint64_t recipients;
	int has_excerpt;
	char *excerpt;
	unsigned warnings[LD_W__COUNT];
	int has_warn_detail;
	char *warn_detail;
} ld_intake;

/* An archive index entry a part's answers came from (store.h's
 * ld_index_entry, its strings and archive position). */
typedef struct {
	int64_t pos;
	char *message_id, *subject, *from_name, *from_addr, *in_reply_to, *root;
	char *change_id, *version_links;
	int64_t date;
} ld_known;

typedef struct {
	char from[41];          /* abbreviated FROM, "start" */
	char to[41];
	char from_full[41];     /* "" when start */
	char to_full[41];
	char *list_name;        /* "KVM"; several inboxes: their names joined
	                           by ", " ("KVM, KVMARM"), or --list-name */
	char *list_id;          /* most common List-Id ("kvm.vger.kernel.org"), "" */
	char *lore_url;         /* "https://lore.kernel.org/kvm/" or "" when unknown;
	                           a message's page is lore_url + message id + "/"
	                           (several inboxes: its list's, ld_lore_base) */
	ld_list *lists;  size_t n_lists;      /* the inboxes, in the order given (>= 1) */
	ld_msg_list *msg_lists; size_t n_msg_lists; /* several inboxes only: the
	                           messages linked to, by message_id (strcmp),
	                           each once; 0 with one inbox */
	int64_t since, until;   /* --since/--until as UTC seconds, 0 when not given */
	/* What the run reported, for a date-bounded (--since/--until) or
	 * --state run, whose commit range says little about it: from/to
	 * above are then dates (the window, else the Dates of the first and
	 * last message reported), and these the commits of the first and
	 * last message reported in archive order ("" when none, and with
	 * several inboxes) and the
	 * earliest and latest Date among them (0 when none). */
	int by_date, by_state;
	char first_commit[41], last_commit[41];
	int64_t first_date, last_date;
	ld_filters filters;     /* written by ld_builder_finish */
	int by_path;            /* --path or --subsystem was given: series
	                           list what touches it */
	size_t top;             /* N of "Top N" (0 = all rows) */

	ld_row *domains;  size_t n_domains;   /* already cut to top */
	ld_row *people;   size_t n_people;
	ld_row *orgs;     size_t n_orgs;      /* only with --orgs */
	int have_orgs;
	size_t all_domains, all_people, all_orgs; /* before the cut */

	ld_posting *postings; size_t n_postings;
	ld_series *series;    size_t n_series; /* in order of first posting */
	ld_entry *entries;    size_t n_entries;
	ld_reviewer *reviewers; size_t n_reviewers; /* cut to top */
	size_t all_reviewers;   /* before the cut */
	unsigned long n_reviews; /* every reviewer's total, before the cut */
	ld_reviewer *review_orgs; size_t n_review_orgs; /* with --orgs: the
	                           reviewers' organizations, "(Unknown)" one of
	                           them, as reviewers, cut to top */
	size_t all_review_orgs;
	ld_previous previous;
	ld_discussion *discussions; size_t n_discussions; /* cut to top */
	ld_applied *applied;  size_t n_applied;  /* in archive order */
	ld_pull *pulls;       size_t n_pulls;    /* in archive order */
	ld_fix *fixes;        size_t n_fixes;

	/* waiting for review: only with waiting_state LD_WAITING_LISTED is
	 * the list made (n_waiting may be 0); oldest first (date, then
	 * message id); the filters apply to it (a series stays when one of
	 * its postings passes them); waiting_end is --until, else the
	 * newest Date of the range (0 when not LISTED) */
	int waiting_state;
	unsigned waiting_days, waiting_age;
	int64_t waiting_end;
	ld_waiting *waiting;  size_t n_waiting;
	int waiting_who;        /* --maintainers: each waiting series names
	                           its sections and people (ld_waiting) */
	/* trend: only with have_trend (an index and an end, as the waiting
	 * list) is it filled; week w is [trend_start[w], trend_start[w] + 7
	 * days), the last ending at trend_end (--until, else just after the
	 * newest Date of the range); trend_total[w] counts every patch
	 * posting (cover letters too) of the week, each Message-ID once;
	 * trend_rows the top labels by their total, then label
	 * (case-insensitive), at most LD_TREND_TOP */
	int have_trend, trend_by_org;
	int64_t trend_start[LD_TREND_WEEKS], trend_end;
	unsigned long trend_total[LD_TREND_WEEKS];
	ld_trend_row *trend_rows; size_t n_trend_rows;

	size_t n_messages;      /* messages read in the range (a cross-post
	                           of several inboxes once) */
	size_t n_skipped;       /* commits without m */
	size_t n_deleted;
	unsigned long warnings[LD_W__COUNT];
	unsigned long n_warnings;
	char **warn_lines; size_t n_warn_lines;  /* first 1000, for --verbose and JSON */

	/* with ld_report_opts.keep_intake: what a merge needs (above) */
	int have_intake;
	char *inbox;            /* the inbox's name (ld_report_opts.inbox_name) */
	int run_local;          /* mbox or maildir */
	char *given_list_name;  /* --list-name, --lore-url as given, NULL when not */
	char *given_lore_url;
	size_t n_merged;        /* a merge: the reports merged, else 0 */
	ld_intake *intake;    size_t n_intake;  /* in the builder's order */
	ld_known *known;      size_t n_known;   /* in archive order */
	ld_intake *read;      size_t n_read;    /* the postings of the waiting
	                           series read again (a filter, --maintainers:
	                           waiting.c), in the order read: a merge
	                           reads them from here */

	ld_arena *arena;        /* holds everything above that is not in the
	                           struct itself: ld_report_free frees it */
} ld_report;

#endif
