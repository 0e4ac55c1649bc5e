/* mail/mail.h - one message: the raw bytes to our fields (every GMime call
 * is in this folder), the per-message path (msg.c) and the composition of
 * the outgoing mail.  Uses: classify, util. */
#ifndef LD_MAIL_H
#define LD_MAIL_H

#include "classify/classify.h"

/* ---- one message ----------------------------------------------------- */

#define LD_MAX_REFS 8   /* References ids kept: the first and the last 7 */

typedef struct {
	ld_trailer_kind kind;
	char *name, *addr;      /* the person, for reviewed/acked/tested */
	char *value;            /* the raw value, for fixes */
} ld_trailer;

/* What the report needs of one message.  Filled by ld_msg_parse (msg.c)
 * from the files of mail/; all strings owned by the struct (ld_msg_release). */
typedef struct {
	/* where it came from */
	int epoch;
	char commit[41];
	int64_t commit_time;
	uint64_t size;     /* the raw message's bytes (read, or over the size
	                      limit and not read): the archive index keeps it */

	/* headers, unfolded, decoded to UTF-8, control characters made spaces */
	char *subject;
	char *from_name;   /* display name, "" when none */
	char *from_addr;   /* address as written ("" when unusable) */
	char *message_id;  /* without <> */
	char *list_id;     /* the id inside <>, lower-cased */
	int64_t date;      /* seconds since the epoch (UTC) */
	int date_ok;       /* 0: no usable Date, date = commit_time */

	char *in_reply_to;     /* id without <>, "" */
	char *refs[LD_MAX_REFS]; /* References ids: the first, then the last
	                           ones, oldest first; NULL-padded */
	size_t n_refs;
	int reply;             /* has In-Reply-To or References */

	ld_subject subj;

	/* from the body, for postings and for replies that need it */
	ld_trailer *trailers;  size_t n_trailers;
	char *applied;         /* branch ("" none named) of an "Applied" note, or NULL */
	char *applied_by;      /* who applied, as a bot's notice names them, or NULL */
	int applied_firm;      /* see ld_applied_note.firm */
	int body_patch;        /* a reply whose body is a patch (diff --git) */
	/* pull requests (ld_subject_is_pull, counter <= 0) */
	char *pull_to;         /* whom it asks, "" unknown */
	char *pull_source;     /* repository and ref, "" unknown */
	unsigned long pull_commits; /* commits its shortlog lists, 0 unknown */
	char **files;          size_t n_files;   /* with want_files */
	char *message;         /* commit message of a posting, with want_message */

	/* set for patch postings */
	uint64_t recipients; /* hash of the sorted, lower-cased To and Cc
	                        addresses without the sender's; 0 when none */
	char *author_name; /* in-body From if present, else header From */
	char *author_addr;
	char *excerpt;     /* for entries only, else NULL */
	/* with index_notes, for cover letters and single patches: */
	char *change_id;   /* ld_body_change_id, NULL otherwise */
	char *version_links; /* ld_body_version_links, NULL otherwise */

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
/* What a run needs of each message beyond the report's basics. */
typedef struct {
	int want_files;    /* --path: the files each patch touches */
	int want_message;  /* --grep: the commit message of every posting */
	int headers_only;  /* the archive index: no bodies, except ... */
	int index_notes;   /* change_id and version_links of cover letters
	                      and single patches (with headers_only: their
	                      only body; without: for an index built in the
	                      report's pass) */
} ld_msg_needs;

void ld_msg_parse(ld_mailctx *c, const char *raw, size_t len, const ld_msg_needs *needs, ld_msg *m);
/* Fills m (zeroed, with epoch, commit and commit_time set) for a message
 * of size bytes that was not read (over the size limit): empty fields and
 * one LD_W_SIZE warning. */
void ld_msg_skipped(ld_msg *m, size_t size);

/* ---- mail (GMime only: gmime.c, mail.c, address.c, encword.c, date.c,
 * body.c, bounds.c; fields.c splits the header block, without GMime) -- */

/* Process-wide set-up of GMime; call once before threads start. */
void ld_mail_global_init(void);
void ld_mail_global_shutdown(void);

/* ld_mailctx (declared above) is per thread */
ld_mailctx *ld_mailctx_new(void);
void ld_mailctx_free(ld_mailctx *c);

/* Fills the header fields of m from raw (len bytes, any bytes, no NUL
 * needed).  Never fails: problems become warnings in m. */
void ld_mail_headers(ld_mailctx *c, const char *raw, size_t len, ld_msg *m);
/* Does the raw body (after the header block) perhaps hold trailers or an
 * "Applied" note?  A cheap byte search, true for encodings that hide them. */
int ld_mail_body_may_matter(ld_mailctx *c, const char *raw, size_t len);
/* The recipients of To, then Cc: display names, else addresses.  Caller
 * frees each and the array; *n set. */
char **ld_mail_recipients(ld_mailctx *c, const char *raw, size_t len, size_t *n);
/* Decoded text of the first text/plain part (or of a body without MIME),
 * UTF-8, LF line ends; "" when there is none.  Caller frees. */
char *ld_mail_body_text(ld_mailctx *c, const char *raw, size_t len, ld_msg *m);
/* A date as mail and mbox From_ lines write it (RFC 5322 or asctime),
 * in UTC seconds; 0 when it is unusable or the Unix epoch itself (the
 * placeholder of lore's and b4's mboxes).  Needs ld_mail_global_init. */
int64_t ld_mail_date(const char *s);
/* Sets m->recipients from the To and Cc fields of raw (see ld_msg). */
void ld_mail_recipients_hash(ld_mailctx *c, const char *raw, size_t len, ld_msg *m);
/* Parses one address header value (raw, may hold encoded words) into a
 * decoded name and address; both "" when unusable (and a warning in m). */
void ld_mail_address(ld_mailctx *c, const char *value, char **name,
		     char **addr, ld_msg *m);

/* ---- composing mail (compose.c, GMime only) ------------------------ */

/* A message to write: all strings UTF-8, borrowed. */
typedef struct {
	const char *from;        /* one address, "Name <a@b>" or "a@b" */
	const char *to;          /* one or more addresses, comma-separated */
	const char *subject;     /* encoded as RFC 2047 words when not ASCII;
	                            one line, "=?" written "= ?" */
	int64_t date;            /* seconds since the epoch; written in UTC */
	const char *message_id;  /* without <> */
	const char *body;        /* text/plain; charset=UTF-8, LF line ends */
} ld_mail_draft;

/* Does s parse as addresses with an '@' each (exactly one when single)?
 * Needs ld_mail_global_init. */
int ld_mail_address_ok(const char *s, int single);
/* The domain of the (first) address in s, "" when none.  Caller frees. */
char *ld_mail_address_domain(const char *s);
/* A Message-ID (without <>) for d, unique to what it says and when:
 * listdigest.<UTC time of d->date>.<24 hex digits of SHA-256 of From, To,
 * Subject, body and time>@<domain of d->from, "localhost" when it is no
 * plain domain>.  Caller frees. */
char *ld_mail_message_id(const ld_mail_draft *d);
/* Writes d as a MIME message (headers, with Auto-Submitted:
 * auto-generated; blank line; body with the best transfer encoding: 7bit,
 * else quoted-printable) to out; 0 or -1 on a write error.  Needs
 * ld_mail_global_init. */
int ld_mail_compose(const ld_mail_draft *d, FILE *out);

#endif
