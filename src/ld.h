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

typedef struct ld_mailctx ld_mailctx;  /* per thread */
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

/* ---- the report model (report.c) ----------------------------------- */

typedef struct {
	char *label;            /* "kernel.org" or "Name <addr>" */
	unsigned long count;
} ld_row;

typedef struct {
	char *subject;          /* full subject */
	char *title;            /* subject without the leading tags */
	char *author;           /* "Name <addr>" of the header From */
	char *excerpt;          /* commit message excerpt */
	char *message_id;
	char commit[41];
} ld_entry;

typedef struct {
	char *subject;
	char *message_id;
	char *author;           /* "Name <addr>" as counted */
	char commit[41];
	int64_t date;
	ld_subject subj;
} ld_posting;

typedef struct {
	char from[41];          /* abbreviated FROM, "start" */
	char to[41];
	char from_full[41];     /* "" when start */
	char to_full[41];
	char *list_name;        /* "KVM" */
	size_t top;             /* N of "Top N" */

	ld_row *domains;  size_t n_domains;   /* already cut to top */
	ld_row *people;   size_t n_people;
	size_t all_domains, all_people;       /* before the cut */

	ld_posting *postings; size_t n_postings;
	ld_entry *entries;    size_t n_entries;

	size_t n_messages;      /* messages read in the range */
	size_t n_skipped;       /* commits without m */
	size_t n_deleted;
	unsigned long warnings[LD_W__COUNT];
	unsigned long n_warnings;
	char **warn_lines; size_t n_warn_lines;  /* first few, for --verbose */
} ld_report;

typedef struct ld_builder ld_builder;

typedef struct {
	size_t top;              /* 0 = all */
	const char *list_name;   /* NULL = derive */
	const char *inbox_name;  /* fallback for the list name */
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
	int jobs;                /* worker threads; 1 = no threads */
} ld_run_opts;

ld_status ld_run(ld_archive *a, const ld_run_opts *o, ld_report **out, ld_err *err);

/* ---- renderers (render_*.c) ---------------------------------------- */

typedef int (*ld_render_fn)(const ld_report *r, FILE *out);
int ld_render_text(const ld_report *r, FILE *out);

#endif
