/* ld.h - the listdigest core: types shared by the archive reader, the mail
 * parser, the classifiers, the report model and the renderers.
 *
 * Data flow (see STYLE.md):
 *   archive.c (libgit2) -> mail.c (GMime) -> subject.c/body.c (pure)
 *   -> report.c (model) -> render_*.c (one file per format)
 * The core never prints and never exits (except ld_x* on out-of-memory);
 * main.c reports errors.  Strings crossing module borders are our own
 * heap copies, UTF-8, "" when absent (never NULL) unless said otherwise. */
#ifndef LD_H
#define LD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define LD_VERSION "0.1.0"

/* Exit codes of the command (documented in README and --help). */
enum {
	LD_EXIT_OK = 0,      /* report written (warnings do not change this) */
	LD_EXIT_USAGE = 2,   /* bad option or option argument */
	LD_EXIT_INBOX = 3,   /* INBOX missing, not an inbox, broken epoch */
	LD_EXIT_REV = 4,     /* unknown or ambiguous revision, bad range */
	LD_EXIT_ARCHIVE = 5, /* object missing or corrupt while reading */
	LD_EXIT_OUTPUT = 6,  /* output cannot be written */
	LD_EXIT_NOMEM = 7,   /* out of memory */
};

typedef enum {
	LD_OK = 0,
	LD_E_USAGE,
	LD_E_INBOX,
	LD_E_REV,
	LD_E_ARCHIVE,
	LD_E_OUTPUT,
} ld_status;

/* An error: the status and one line for the user (what, where, what to
 * do), without the program name and newline. */
typedef struct {
	ld_status status;
	char msg[1024];
} ld_err;

void ld_err_set(ld_err *e, ld_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ld_status_exit(ld_status st);
const char *ld_status_str(ld_status st);

/* ---- warnings: a broken mail is data, not a failure ------------------- */

typedef enum {
	LD_W_HEADER,   /* malformed header block or header line */
	LD_W_MIME,     /* malformed MIME structure, truncated message */
	LD_W_CHARSET,  /* unknown or wrong charset, undeclared 8-bit text */
	LD_W_ENCWORD,  /* broken RFC 2047 encoded word */
	LD_W_ADDRESS,  /* From without a usable address */
	LD_W_DATE,     /* Date missing, unparsable or with an impossible zone */
	LD_W__COUNT
} ld_warn_kind;

const char *ld_warn_name(ld_warn_kind k);

/* ---- subjects (subject.c, pure) ------------------------------------ */

typedef struct {
	int reply;      /* starts with Re:, Fwd:, Aw:, Sv: ... */
	int patch;      /* leading bracket tags hold PATCH (also PATCHv2) or RFC */
	int rfc;        /* RFC among the tags */
	int resend;     /* RESEND among the tags */
	int counter;    /* i of i/N, -1 when absent */
	int total;      /* N of i/N, -1 when absent */
	int version;    /* v2 -> 2; 1 when absent */
	size_t tags_start; /* offset of the first '[' (after reply prefixes) */
	size_t title;   /* offset of the text after the leading bracket tags */
} ld_subject;

/* Parses subject (decoded, unfolded, one line).  Never fails. */
void ld_subject_parse(const char *subject, ld_subject *out);
/* Patch posting: counted in the tables and listed. */
int ld_subject_is_posting(const ld_subject *s);
/* Gets a commit-message entry: cover letter 0/N, first patch 1/N, or a
 * single patch without counter. */
int ld_subject_is_entry(const ld_subject *s);
/* Length of a reply prefix ("Re: ", "AW:"...) at s, 0 when none. */
size_t ld_subject_reply_prefix(const char *s);

/* ---- bodies (body.c, pure) ----------------------------------------- */

/* The in-body header block git format-patch writes at the top of a body
 * when the author is not the sender. */
typedef struct {
	size_t end;        /* offset of the text after the block (and the
	                      blank line that closes it); 0 when no block */
	char *from;        /* raw value of the in-body From, or NULL; caller frees */
	char *subject;     /* raw value of the in-body Subject, or NULL; caller frees */
} ld_inbody;

/* body: UTF-8 text with LF line ends. */
void ld_inbody_parse(const char *body, ld_inbody *out);
void ld_inbody_release(ld_inbody *ib);
/* The commit-message excerpt of text (body after the in-body block):
 * leading blank lines dropped, cut after the diffstat summary line, else
 * before the first "diff --git", else before the signature "-- "; trailing
 * blank lines dropped.  Caller frees. */
char *ld_body_excerpt(const char *text);
/* Pure line predicates (exposed for tests). */
int ld_is_diffstat_summary(const char *line, size_t len);
int ld_is_signature(const char *line, size_t len);
int ld_is_diff_start(const char *line, size_t len);

/* ---- one message ----------------------------------------------------- */

/* What the report needs of one message.  Filled by the pipeline from
 * mail.c; all strings owned by the struct (ld_msg_release). */
typedef struct {
	/* where it came from */
	int epoch;
	char commit[41];
	int64_t commit_time;

	/* headers, unfolded, decoded to UTF-8, control characters made spaces */
	char *subject;
	char *from_name;   /* display name, "" when none */
	char *from_addr;   /* address as written ("" when unusable) */
	char *message_id;  /* without <> */
	char *list_id;     /* the id inside <>, lower-cased */
	int64_t date;      /* seconds since the epoch (UTC) */
	int date_ok;       /* 0: no usable Date, date = commit_time */

	ld_subject subj;

	/* set for patch postings */
	char *author_name; /* in-body From if present, else header From */
	char *author_addr;
	char *excerpt;     /* for entries only, else NULL */

	unsigned warnings[LD_W__COUNT];
	char *warn_detail; /* first warning, for --verbose; may be NULL */
} ld_msg;

void ld_msg_release(ld_msg *m);

/* ---- one message through the whole path (msg.c) ---------------------- */

typedef struct ld_mailctx ld_mailctx;
/* Parses raw (len bytes, any bytes) into m: headers and subject tags
 * always; for patch postings also the author (in-body From, else header
 * From) and, for entries, the excerpt.  The caller zeroes m and sets
 * epoch, commit and commit_time (the Date fallback) first.  Never fails:
 * problems become warnings in m.  Release with ld_msg_release. */
void ld_msg_parse(ld_mailctx *c, const char *raw, size_t len, ld_msg *m);

/* ---- the archive (archive.c, libgit2 only) --------------------------- */

typedef struct ld_archive ld_archive;

/* One message in a range: commit and the blob of its `m`. */
typedef struct {
	unsigned char commit[20];
	unsigned char blob[20];
	int64_t time;       /* committer time */
	int epoch;
} ld_item;

typedef struct {
	ld_item *items;     /* oldest first */
	size_t n;
	char from[41];      /* resolved FROM, "" when the range starts at the beginning */
	char to[41];        /* resolved TO */
	size_t skipped;     /* commits without `m` (deletions, purges) */
	size_t deleted;     /* messages in range removed by a `d` in range */
} ld_range;

ld_status ld_archive_open(const char *path, ld_archive **out, ld_err *err);
void ld_archive_close(ld_archive *a);
/* Name derived from the inbox path ("kvm" for /x/kvm or /x/kvm.git). Borrowed. */
const char *ld_archive_name(const ld_archive *a);
size_t ld_archive_epoch_count(const ld_archive *a);
/* Resolves FROM (exclusive, NULL = start) and TO (inclusive, NULL = newest)
 * and lists the messages between them.  Caller releases with ld_range_release. */
ld_status ld_archive_range(ld_archive *a, const char *from, const char *to,
			   ld_range *out, ld_err *err);
void ld_range_release(ld_range *r);

/* A per-thread blob reader with its own repository handles. */
typedef struct ld_reader ld_reader;
ld_reader *ld_reader_new(ld_archive *a);
void ld_reader_free(ld_reader *r);
/* Reads the message of it.  *data is valid until the next call or
 * ld_reader_free. */
ld_status ld_reader_read(ld_reader *r, const ld_item *it, const char **data,
			 size_t *len, ld_err *err);

/* ---- mail (mail.c, GMime only) ------------------------------------- */

/* Process-wide set-up of GMime; call once before threads start. */
void ld_mail_global_init(void);
void ld_mail_global_shutdown(void);

/* ld_mailctx (declared above) is per thread */
ld_mailctx *ld_mailctx_new(void);
void ld_mailctx_free(ld_mailctx *c);

/* Fills the header fields of m from raw (len bytes, any bytes, no NUL
 * needed).  Never fails: problems become warnings in m. */
void ld_mail_headers(ld_mailctx *c, const char *raw, size_t len, ld_msg *m);
/* Decoded text of the first text/plain part (or of a body without MIME),
 * UTF-8, LF line ends; "" when there is none.  Caller frees. */
char *ld_mail_body_text(ld_mailctx *c, const char *raw, size_t len, ld_msg *m);
/* Parses one address header value (raw, may hold encoded words) into a
 * decoded name and address; both "" when unusable (and a warning in m). */
void ld_mail_address(ld_mailctx *c, const char *value, char **name,
		     char **addr, ld_msg *m);

/* ---- the report model (report.c, series.c) ------------------------- */

/* Everything a renderer shows, computed once.  Renderers only format it.
 * Strings are UTF-8 straight from mail: each renderer escapes them through
 * its escaper in escape.c.  Indices refer to the arrays of ld_report. */

typedef struct {
	char *label;            /* "kernel.org", "Name <addr>", "Intel" */
	unsigned long count;
} ld_row;

/* A commit-message entry: cover letter, first patch or single patch. */
typedef struct {
	char *subject;          /* full subject */
	char *title;            /* subject without the leading tags */
	char *author;           /* "Name <addr>" of the header From */
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

/* A patch series: a cover letter and its patches, or a single patch. */
typedef struct {
	char *prefix;           /* leading tags without the counter: "RFC PATCH net-next v6" */
	char *title;            /* the cover letter's title, else the first patch's */
	char *author;           /* "Name <addr>" */
	int version;            /* 1 when no vN tag */
	int total;              /* N of i/N; 1 for a single patch */
	size_t cover;           /* posting index of the cover letter, or LD_NONE */
	size_t *patches;        /* posting indices of patches 1..N in counter order */
	size_t n_patches;       /* patches received (duplicates counted once) */
	char *missing;          /* "2,5" when those of 1..N did not arrive; "" */
	int64_t date;           /* date of the first posting */
	char *message_id;       /* of the cover letter or first patch */
	/* the version this one replaces, found in the archive index */
	int prev_version;       /* 0 when none was found */
	int64_t prev_date;
	char *prev_message_id;  /* "" when none */
	/* replies in the range */
	unsigned long reviewed, acked, tested; /* trailers given on it */
	char *applied_to;       /* branch or tree when reported applied ("" when
	                           applied without saying where), NULL when not */
	char *applied_by;       /* "Name <addr>" of the maintainer, or NULL */
	char *applied_message_id;
} ld_series;

/* Someone who gave trailers in replies during the range. */
typedef struct {
	char *label;            /* "Name <addr>" */
	unsigned long total, reviewed, acked, tested;
} ld_reviewer;

/* A thread with replies in the range. */
typedef struct {
	char *subject;          /* of the thread's root (or earliest message seen) */
	char *message_id;       /* of the root */
	unsigned long replies;  /* replies in the range */
	size_t n_participants;
	char **participants;    /* "Name" (or address), most active first */
} ld_discussion;

/* A patch that says what it fixes (Fixes: trailer) or asks for stable. */
typedef struct {
	size_t posting;         /* index in ld_report.postings */
	char *fixes;            /* the Fixes: trailer value, "" when only stable */
	int stable;             /* Cc: stable@vger.kernel.org or stable@kernel.org */
} ld_fix;

typedef struct {
	char from[41];          /* abbreviated FROM, "start" */
	char to[41];
	char from_full[41];     /* "" when start */
	char to_full[41];
	char *list_name;        /* "KVM" */
	char *list_id;          /* most common List-Id ("kvm.vger.kernel.org"), "" */
	char *lore_url;         /* "https://lore.kernel.org/kvm/" or "" when unknown;
	                           a message's page is lore_url + message id + "/" */
	int64_t since, until;   /* --since/--until as UTC seconds, 0 when not given */
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
	ld_discussion *discussions; size_t n_discussions; /* cut to top */
	size_t *applied;      size_t n_applied;  /* series indices, in order of the report */
	ld_fix *fixes;        size_t n_fixes;

	size_t n_messages;      /* messages read in the range */
	size_t n_skipped;       /* commits without m */
	size_t n_deleted;
	unsigned long warnings[LD_W__COUNT];
	unsigned long n_warnings;
	char **warn_lines; size_t n_warn_lines;  /* first 1000, for --verbose and JSON */
} ld_report;

typedef struct ld_builder ld_builder;

typedef struct {
	size_t top;              /* 0 = all */
	const char *list_name;   /* NULL = derive */
	const char *inbox_name;  /* fallback for the list name */
	const char *lore_url;    /* NULL = derive from List-Id; "" = none */
} ld_report_opts;

ld_builder *ld_builder_new(const ld_report_opts *o);
/* Takes the message in archive order; moves what it keeps out of m. */
void ld_builder_add(ld_builder *b, ld_msg *m);
/* Ends the build; frees b.  Caller frees the report with ld_report_free. */
ld_report *ld_builder_finish(ld_builder *b, const ld_range *r);
void ld_report_free(ld_report *r);

/* ---- the run (pipeline.c) ------------------------------------------ */

typedef struct {
	const char *from, *to;
	size_t top;
	const char *list_name;
	const char *lore_url;    /* NULL = derive from List-Id */
	int jobs;                /* worker threads; 1 = no threads */
} ld_run_opts;

ld_status ld_run(ld_archive *a, const ld_run_opts *o, ld_report **out, ld_err *err);

/* ---- renderers (render_*.c) ---------------------------------------- */

typedef struct {
	const char *mail_from;   /* --mail-from, for the email format */
	const char *mail_to;     /* --mail-to */
	int64_t now;             /* the time of the run (SOURCE_DATE_EPOCH when set) */
} ld_render_opts;

/* Writes the whole report to out; 0 or -1 on a write error.  One function
 * per format, same signature, picked from the table in main.c. */
typedef int (*ld_render_fn)(const ld_report *r, const ld_render_opts *o, FILE *out);
int ld_render_text(const ld_report *r, const ld_render_opts *o, FILE *out);

#endif
