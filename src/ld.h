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
	LD_EXIT_STATE = 8,   /* --state file unreadable, corrupt or not writable */
};

typedef enum {
	LD_OK = 0,
	LD_E_USAGE,
	LD_E_INBOX,
	LD_E_REV,
	LD_E_ARCHIVE,
	LD_E_OUTPUT,
	LD_E_STATE,
} ld_status;

/* An error: the status and one line for the user (what, where, what to
 * do), without the program name and newline. */
typedef struct {
	ld_status status;
	char msg[1024];
} ld_err;

void ld_err_set(ld_err *e, ld_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* fopen(path, "r") of a regular file only: a FIFO or device is refused
 * before any read (never blocks); on failure sets a usage error naming
 * OPTION ("--mailmap") and returns NULL. */
FILE *ld_fopen_regular(const char *option, const char *path, ld_err *err);
/* 1 when A and B name the same file (same string, or both exist and
 * have the same device and inode). */
int ld_same_file(const char *a, const char *b);
int ld_status_exit(ld_status st);
const char *ld_status_str(ld_status st);

/* Test hook: when the environment variable LISTDIGEST_TEST_PAUSE equals
 * phase, writes "listdigest: test pause at PHASE" to stderr and sleeps
 * (tests/state.t kills the run there).  Phases: range, read, written,
 * state-tmp.  Does nothing otherwise. */
void ld_test_pause(const char *phase);

/* ---- warnings: a broken mail is data, not a failure ------------------- */

typedef enum {
	LD_W_HEADER,   /* malformed header block or header line */
	LD_W_MIME,     /* malformed MIME structure, truncated message */
	LD_W_CHARSET,  /* unknown or wrong charset, undeclared 8-bit text */
	LD_W_ENCWORD,  /* broken RFC 2047 encoded word */
	LD_W_ADDRESS,  /* From without a usable address */
	LD_W_DATE,     /* Date missing, unparsable or with an impossible zone */
	LD_W_SIZE,     /* message over the size limit: skipped unread */
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
/* A pull request or a patch posted inside one: a word PULL among the
 * leading tags ("[GIT PULL]", "[GIT PULL 2/6]", "[PULL REQUEST]"), not a
 * reply. */
int ld_subject_is_pull(const char *subject, const ld_subject *s);
/* The leading tags without the counter, words joined by one space:
 * "RFC PATCH net-next v6" of "[RFC PATCH net-next v6 1/8] x".  Caller frees. */
char *ld_subject_prefix(const char *subject, const ld_subject *s);
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
/* b4's "change-id:" of a cover letter or single patch (the lower-case
 * key below a "---" line, value YYYYMMDD-...), "" when none.  Caller frees. */
char *ld_body_change_id(const char *text);
/* The Message-IDs of the lore links of a cover letter that stand on a line
 * naming a version ("Link to v1: URL", "v2: URL", a footnote "[1] URL"
 * cited as "v1 [1]"), one space between them; "".  Caller frees. */
char *ld_body_version_links(const char *text);
/* Does the line name a version ("v2" as a word)? */
int ld_names_version(const char *s, size_t n);
/* Pure line predicates (exposed for tests). */
int ld_is_diffstat_summary(const char *line, size_t len);
int ld_is_signature(const char *line, size_t len);
int ld_is_diff_start(const char *line, size_t len);

/* Trailers (git interpret-trailers' lines at the end of a commit message,
 * and the lines reviewers add in replies). */
typedef enum {
	LD_T_NONE = 0,
	LD_T_REVIEWED,  /* Reviewed-by: */
	LD_T_ACKED,     /* Acked-by: */
	LD_T_TESTED,    /* Tested-by: */
	LD_T_FIXES,     /* Fixes: <sha> ("subject") */
	LD_T_STABLE,    /* Cc: stable@vger.kernel.org (or stable@kernel.org) */
} ld_trailer_kind;

/* The trailer a line holds; *value points at its value in line. */
ld_trailer_kind ld_trailer_line(const char *line, size_t len, const char **value, size_t *vlen);
/* A quoted line of a reply ("> ...", "  > ..."). */
int ld_is_quoted(const char *line, size_t len);
/* One table of trailer and applied forms (body.c) serves the predicates
 * below and the pre-filter of raw bodies: does this line (raw or decoded,
 * CR allowed) start, after blanks and in any case, with a word that a
 * trailer, an applied note or a patch may start with? */
int ld_body_line_may_matter(const char *line, size_t len);
/* A maintainer's note that a patch was applied, one line at the start of
 * a paragraph: "Applied to kvm-next, thanks!", "Applied, thanks.",
 * "Thanks, applied.", "Queued for 6.9", "Patches 2-8 applied to x".
 * Returns 1 and a heap copy of the branch ("" when none named) in *branch. */
int ld_applied_line(const char *line, size_t len, char **branch);

/* What a reply's own (unquoted) text says about applying. */
typedef struct {
	int found;
	int firm;       /* the replier's own act with a place (a branch, b4 ty's
	                   commit lines, a bot's notice): counts even when the
	                   replier is the series' author */
	char *branch;   /* "" when none named; NULL when !found */
	char *by;       /* "Name <addr>" a bot's notice names, else NULL */
} ld_applied_note;

/* Reads text (a decoded reply, LF line ends): an applied line that starts
 * a paragraph of the replier's own text, patchwork-bot's "This series was
 * applied to X\nby Name <addr>:", pr-tracker-bot's "has been merged into
 * X:", or b4 ty's "[i/N] subject" + "commit: <sha>" lines.  Wrapped prose
 * ("...get this\nmerged.") is not a note.  Release with
 * ld_applied_note_release. */
void ld_applied_scan(const char *text, ld_applied_note *out);
void ld_applied_note_release(ld_applied_note *a);
/* Does text hold a patch ("diff --git" outside quotes)? */
int ld_body_has_patch(const char *text);

/* What the body of a pull request (git request-pull's text) says. */
typedef struct {
	char *greeting;  /* "Paolo" of "Hi Paolo," / "Paolo," on the first line, or NULL */
	char *source;    /* the line after "are available in the Git repository
	                    at:", trimmed ("git://... tags/x"), or NULL */
	unsigned long commits; /* sum of the shortlog's "Author (N):" counts */
} ld_pull_text;

void ld_pull_parse(const char *text, ld_pull_text *out);
void ld_pull_text_release(ld_pull_text *p);
/* Whom a pull request asks: each name of the greeting ("Paolo, Radim")
 * as the recipients spell it ("Paolo Bonzini and Radim ..."), else the
 * first recipient that is not a mailing list; "" when none.  recipients:
 * display names (or addresses), To first.  Caller frees. */
char *ld_pull_addressee(const char *greeting, char *const *recipients, size_t n);
/* Calls fn for each path a patch touches: "diff --git a/X b/X" lines, and
 * the diffstat lines before them (for cover letters). */
void ld_diff_paths(const char *text, void (*fn)(void *ctx, const char *path, size_t len), void *ctx);
/* "Jane Roe via Virt": the display name the list gives a From it rewrote
 * for DMARC; returns the length of the real name, 0 when not such a name. */
size_t ld_dmarc_name(const char *name);

/* ---- one message ----------------------------------------------------- */

#define LD_MAX_REFS 8   /* References ids kept: the first and the last 7 */

typedef struct {
	ld_trailer_kind kind;
	char *name, *addr;      /* the person, for reviewed/acked/tested */
	char *value;            /* the raw value, for fixes */
} ld_trailer;

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
	int index_notes;   /* ... with headers_only: change_id and
	                      version_links of cover letters and single patches */
} ld_msg_needs;

void ld_msg_parse(ld_mailctx *c, const char *raw, size_t len, const ld_msg_needs *needs, ld_msg *m);
/* Fills m (zeroed, with epoch, commit and commit_time set) for a message
 * of size bytes that was not read (over the size limit): empty fields and
 * one LD_W_SIZE warning. */
void ld_msg_skipped(ld_msg *m, size_t size);

/* ---- the archive (archive.c, libgit2 only) --------------------------- */

typedef struct ld_archive ld_archive;

/* Where a message comes from. */
enum { LD_ITEM_GIT = 0, LD_ITEM_MBOX, LD_ITEM_MAILDIR };

/* One message in a range: commit and the blob of its `m`, or (--mbox,
 * --maildir) a span of the mbox file or a file of the maildir. */
typedef struct {
	union {
		struct {
			unsigned char commit[20];
			unsigned char blob[20];
		};
		struct {
			uint64_t off;   /* mbox: offset of the message; maildir: file index */
			uint64_t len;   /* mbox: its length; bit 63: needs >From unquoting */
		};
	};
	int64_t time;       /* committer time (mbox, maildir: file time or 0) */
	int epoch;          /* index of the epoch in the archive (0 for files) */
	int kind;           /* LD_ITEM_* */
} ld_item;

/* --state: the newest commit reported in one epoch (state.c). */
typedef struct {
	int epoch;          /* epoch number: N of git/N.git, 0 for one repository */
	char commit[41];    /* "" in ld_range.marks: epoch not in this run */
	int64_t time;       /* committer time of the newest message reported, 0 = none */
	char *message_id;   /* of that message, without <>; "" when unknown */
} ld_mark;

typedef struct {
	ld_item *items;     /* oldest first */
	size_t n;
	char from[41];      /* resolved FROM, "" when the range starts at the beginning */
	char to[41];        /* resolved TO */
	size_t skipped;     /* commits without `m` (deletions, purges) */
	size_t deleted;     /* messages in range removed by a `d` in range */
	/* ld_archive_range_state only: the marks for the next state, one per
	 * epoch index (time and message_id updated by the pipeline as it
	 * reads), and lines for the user about history rewrites */
	ld_mark *marks;     /* n_marks == epoch count, or NULL */
	size_t n_marks;
	char **notices;
	size_t n_notices;
	int local;          /* --mbox/--maildir: no commits */
} ld_range;

ld_status ld_archive_open(const char *path, ld_archive **out, ld_err *err);
/* The same for an mbox file or a maildir (cur/ and new/): items of kind
 * LD_ITEM_MBOX / LD_ITEM_MAILDIR, read through the same ld_reader. */
ld_status ld_archive_open_mbox(const char *path, ld_archive **out, ld_err *err);
ld_status ld_archive_open_maildir(const char *path, ld_archive **out, ld_err *err);
void ld_archive_close(ld_archive *a);
/* Name derived from the inbox path ("kvm" for /x/kvm or /x/kvm.git). Borrowed. */
const char *ld_archive_name(const ld_archive *a);
size_t ld_archive_epoch_count(const ld_archive *a);
/* Resolves FROM (exclusive, NULL = start) and TO (inclusive, NULL = newest)
 * and lists the messages between them.  Caller releases with ld_range_release. */
ld_status ld_archive_range(ld_archive *a, const char *from, const char *to,
			   ld_range *out, ld_err *err);
void ld_range_release(ld_range *r);
/* The newest commit of epoch e as hex; 0 when the epoch has none. */
int ld_archive_epoch_head(ld_archive *a, size_t e, char hex[41]);
/* The messages of epoch e after the commit `after` (40 hex; NULL: from
 * its start) up to its newest commit.  LD_E_REV when `after` is no longer
 * in its history (rewritten by public-inbox-purge or -edit). */
ld_status ld_archive_range_epoch(ld_archive *a, size_t e, const char *after, ld_range *r, ld_err *err);

/* One commit of an epoch, as the archive index keeps it. */
enum { LD_COMMIT_OTHER = 0, LD_COMMIT_MSG, LD_COMMIT_DEL };
typedef struct {
	unsigned char commit[20];
	unsigned char blob[20];   /* of `m` (LD_COMMIT_MSG) or `d` (LD_COMMIT_DEL) */
	int64_t time;             /* committer time */
	int kind;                 /* LD_COMMIT_* */
} ld_commit;
/* Every commit of epoch e after `after` (40 hex, exclusive; NULL: from
 * its start) up to its newest, oldest first, with what each holds;
 * head_hex receives the newest commit ("" when the epoch is empty).
 * LD_E_REV when `after` is no longer in its history.  Caller frees *out. */
ld_status ld_archive_epoch_commits(ld_archive *a, size_t e, const char *after, ld_commit **out,
				   size_t *n, char head_hex[41], ld_err *err);
/* The epoch number (N of git/N.git, 0 for one repository) of index e. */
int ld_archive_epoch_number(const ld_archive *a, size_t e);

/* A range for --state and --since/--until.  Without marks and bounds it
 * is ld_archive_range. */
typedef struct {
	const char *from, *to;     /* as ld_archive_range; from must be NULL with a state */
	const struct ld_state *state; /* per-epoch FROM (exclusive), NULL = none;
	                              epochs without a mark are taken whole */
	int64_t not_before;        /* 0, or: stop walking an epoch at the first
	                              commit older than this (committer time) */
	int64_t not_after;         /* 0, or: skip commits newer than this */
	/* Recovery after a history rewrite: the Message-ID of a raw message
	 * (caller frees the result; "" when none).  Required with a state. */
	char *(*message_id)(void *ctx, const char *raw, size_t len);
	void *ctx;
} ld_range_opts;

/* Lists the messages after the state's commits (each epoch from its mark,
 * epochs without one whole) up to TO; fills out->marks for the next
 * state.  A mark whose commit is no longer in its epoch's history is
 * recovered: from the merge-base of the old commit with the new history
 * when the old commit still exists, then by finding the last reported
 * message again by Message-ID (and else by its commit time), with a line
 * in out->notices.  Caller releases with ld_range_release. */
ld_status ld_archive_range_state(ld_archive *a, const ld_range_opts *o, ld_range *out,
				 ld_err *err);

/* Messages over this many bytes are skipped unread (a warning each): no
 * real list mail comes near it, and a message costs several times its
 * size to parse.  --max-message-size sets it, up to LD_MAX_MESSAGE_CAP. */
#define LD_MAX_MESSAGE_DEFAULT ((size_t)64 << 20)
#define LD_MAX_MESSAGE_CAP ((size_t)1 << 30)
/* Sets the size limit of a's messages (bytes; 0: the default). */
void ld_archive_set_max_message(ld_archive *a, size_t bytes);

/* A per-thread blob reader with its own repository handles. */
typedef struct ld_reader ld_reader;
ld_reader *ld_reader_new(ld_archive *a);
void ld_reader_free(ld_reader *r);
/* Reads the message of it.  *data is valid until the next call or
 * ld_reader_free.  A message over the archive's size limit is neither
 * inflated nor copied: *data is NULL and *len its size. */
ld_status ld_reader_read(ld_reader *r, const ld_item *it, const char **data,
			 size_t *len, ld_err *err);

/* ---- --state files (state.c) ------------------------------------- */

typedef struct ld_state {
	ld_mark *marks;
	size_t n;
} ld_state;

/* Reads path; a missing file is an empty state (first run).  A corrupt,
 * truncated or oversized file (over 1 MiB), or a path that is not a
 * regular file (a FIFO, /dev/zero: never read), is LD_E_STATE with the
 * line and how to recover. */
ld_status ld_state_load(const char *path, ld_state *s, ld_err *err);
/* Pure: parses len bytes; -1 with why set when the text is not a whole
 * state (format and limits at the top of state.c). */
int ld_state_parse(const char *buf, size_t len, ld_state *s, char *why, size_t whysz);
/* The file's text, epochs in order, with its end line; a time or a
 * Message-ID the parser would refuse is left out.  Caller frees. */
char *ld_state_format(const ld_state *s);
/* Adds or replaces the mark of m->epoch (strings copied). */
void ld_state_set(ld_state *s, const ld_mark *m);
const ld_mark *ld_state_find(const ld_state *s, int epoch);
void ld_state_release(ld_state *s);
/* Fails early when the new file cannot be written where path says (its
 * symlink's target): makes and removes the temporary the save will make. */
ld_status ld_state_check_writable(const char *path, ld_err *err);
/* Atomically replaces path (its symlink's target) by s, keeping its mode
 * and owner: the lockfile helper (lockfile.h). */
ld_status ld_state_save(const char *path, const ld_state *s, ld_err *err);

/* ---- dates of --since/--until (when.c, pure) ------------------------ */

/* Parses s (ISO 8601 date or date-time with optional zone, "now",
 * "today", "yesterday", "N minutes/hours/days/weeks/months/years ago")
 * relative to now into UTC seconds.  Zone-less forms are local time.
 * 0 on success, -1 when s is none of these. */
int ld_when_parse(const char *s, int64_t now, int64_t *out);

/* ---- mbox splitting (mbox.c, pure) --------------------------------- */

typedef struct {
	size_t start, len;  /* the message, without From_ line and separator */
	int quoted;         /* holds >From lines: unquote with ld_mbox_unquote */
	int truncated;      /* the file ends inside it (no final newline) */
} ld_mbox_span;

/* The message at *off (which must be at a From_ line: offset 0 or the
 * previous call's *off).  1: *out set and *off advanced to the next
 * From_ line (or len); 0: no more messages; -1: no From_ line at *off
 * (not an mbox).  The exact rule is at the top of mbox.c. */
int ld_mbox_next(const char *buf, size_t len, size_t *off, ld_mbox_span *out);
/* Is line (n bytes, no line end) a From_ line that may start a message
 * after an empty line? */
int ld_mbox_from_line(const char *line, size_t n);
/* The date of a From_ line ("From SENDER DATE", n bytes, the line end
 * may follow) in UTC seconds, the Date fallback of its message; 0 when
 * it has none (lore's and b4's "From mboxrd@z Thu Jan  1 00:00:00 1970"
 * included).  In local.c: it needs GMime (ld_mail_date). */
int64_t ld_mbox_line_date(const char *line, size_t n);
/* Copies src to dst (n bytes of room) removing one '>' from every
 * ^>+From  line; returns the length written. */
size_t ld_mbox_unquote(const char *src, size_t n, char *dst);

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

/* What a report was limited to (the filters of ld_report_opts), kept
 * for its title. */
typedef struct {
	char **paths; size_t n_paths;       /* --path GLOBs */
	char **authors; size_t n_authors;   /* --author */
	char **domains; size_t n_domains;   /* --domain */
	char *grep;                         /* --grep as given, NULL when none */
} ld_filters;

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
	/* What the run reported, for a date-bounded (--since/--until) or
	 * --state run, whose commit range says little about it: from/to
	 * above are then dates (the window, else the Dates of the first and
	 * last message reported), and these the commits of the first and
	 * last message reported in archive order ("" when none) and the
	 * earliest and latest Date among them (0 when none). */
	int by_date, by_state;
	char first_commit[41], last_commit[41];
	int64_t first_date, last_date;
	ld_filters filters;     /* written by ld_builder_finish */
	int by_path;            /* --path was given: series list what touches it */
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
	ld_applied *applied;  size_t n_applied;  /* in archive order */
	ld_pull *pulls;       size_t n_pulls;    /* in archive order */
	ld_fix *fixes;        size_t n_fixes;

	size_t n_messages;      /* messages read in the range */
	size_t n_skipped;       /* commits without m */
	size_t n_deleted;
	unsigned long warnings[LD_W__COUNT];
	unsigned long n_warnings;
	char **warn_lines; size_t n_warn_lines;  /* first 1000, for --verbose and JSON */
} ld_report;

typedef struct ld_builder ld_builder;
typedef struct ld_index ld_index;

typedef struct ld_mailmap ld_mailmap;
typedef struct ld_orgmap ld_orgmap;
typedef struct ld_botlist ld_botlist;

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
	const ld_index *index;   /* the archive index, NULL when there is none */
	const ld_botlist *bots;  /* the user's bots (--bot, --bots), beside the
	                            built-in list (people.h); may be NULL */
} ld_report_opts;

ld_builder *ld_builder_new(const ld_report_opts *o);
/* What kind of run the report is of: the builder writes the header's
 * from/to and dates from it (ld_report.by_date...).  Default: a commit
 * range of an archive. */
typedef struct {
	int64_t since, until;    /* --since/--until, 0 = none */
	int state;               /* a --state run */
	int local;               /* mbox or maildir: no commits, dates only */
} ld_run_info;
void ld_builder_set_run(ld_builder *b, const ld_run_info *ri);
/* Takes the message in archive order; moves what it keeps out of m. */
void ld_builder_add(ld_builder *b, ld_msg *m);
/* Ends the build; frees b.  Caller frees the report with ld_report_free. */
ld_report *ld_builder_finish(ld_builder *b, const ld_range *r);
void ld_report_free(ld_report *r);

/* ---- the run (pipeline.c) ------------------------------------------ */

typedef struct {
	const char *from, *to;
	ld_report_opts report;   /* inbox_name is filled in by ld_run */
	int jobs;                /* worker threads; 1 = no threads */
	int64_t since, until;    /* message Date filter: since <= date < until;
	                            0 = unbounded */
	const ld_state *state;   /* --state: where each epoch starts; NULL = none */
	ld_state *new_state;     /* with state: receives the state after this run */
	/* Progress, called on the calling thread after each batch; NULL = none */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
	/* Lines about recoveries (history rewrites), for stderr; may be NULL */
	void (*notice)(const char *line);
	const char *index_path;  /* the archive index, NULL: no version lookup */
	ld_err index_err;        /* out: why the index could not be used */
} ld_run_opts;

/* --state recovery after a history rewrite: how far before the last
 * reported message's commit time the new history is searched for it.
 * (Date windows never bound the walk by commit time: the index, or a
 * full scan, finds them by Date.) */
#define LD_SINCE_SLACK (3 * 86400)

ld_status ld_run(ld_archive *a, ld_run_opts *o, ld_report **out, ld_err *err);
/* Parses only the headers of the messages of r, in archive order (the
 * archive index).  consume may move fields out of m. */
ld_status ld_run_headers(ld_archive *a, const ld_range *r, int jobs,
			 void (*consume)(void *ctx, ld_msg *m), void *ctx, ld_err *err);

/* ---- the archive index (index.c) ----------------------------------- */

/* One message as the archive index knows it.  Strings are borrowed
 * from the index (valid until ld_index_close), "" when absent. */
typedef struct {
	const char *message_id;  /* without <> */
	const char *subject;     /* decoded, one line */
	const char *from_name;
	const char *from_addr;   /* lower-cased */
	const char *in_reply_to; /* id without <> */
	const char *root;        /* thread root: first References id, else
	                            In-Reply-To, else "" (the message is a root) */
	const char *change_id;   /* b4 "change-id:" of a cover letter or
	                            single patch, "" */
	int64_t date;            /* Date (commit time when unusable), UTC */
	int64_t commit_time;
	int epoch;               /* index of the epoch in the archive (ld_item.epoch) */
	ld_subject subj;         /* parsed tags (version, counter, total...) */
	/* beyond the agreed contract: */
	const char *version_links; /* Message-IDs of the lore links of a cover
	                            letter or single patch that stand on a line
	                            naming a version ("Link to v2: URL", "v1:
	                            URL", "Changes in v3 (URL)"), one space
	                            between them, "" */
	const char *commit;      /* the commit that holds the message, 40 hex */
} ld_index_entry;

typedef struct ld_index ld_index;

/* Where the index of an inbox lives (see index.c); NULL when there is no
 * place for it (no --cache-dir, LISTDIGEST_CACHE, XDG_CACHE_HOME nor
 * HOME): never the current directory.  Caller frees. */
char *ld_index_path(const char *cache_dir, const char *inbox, const char *name);
/* Brings the index at path up to date with the archive (incremental)
 * and loads it for queries.  On failure the run goes on without it:
 * LD_E_OUTPUT when the cache is refused (not the user's, writable by
 * others) or cannot be written, LD_E_ARCHIVE/LD_E_INBOX when the archive
 * cannot be read.  A damaged, truncated or older index is rebuilt. */
ld_status ld_index_open(ld_archive *a, const char *path, int jobs,
			ld_index **out, ld_err *err);
void ld_index_close(ld_index *x);
/* The entry of a Message-ID (its first copy in archive order), NULL when
 * the archive has none. */
const ld_index_entry *ld_index_find(const ld_index *x, const char *message_id);
/* Calls fn for every message whose root is root_id (not the root
 * itself), in archive order. */
void ld_index_thread(const ld_index *x, const char *root_id,
		     void (*fn)(void *ctx, const ld_index_entry *e), void *ctx);
/* Every message of the archive, in archive order: i < ld_index_count. */
size_t ld_index_count(const ld_index *x);
const ld_index_entry *ld_index_at(const ld_index *x, size_t i);
/* The messages of the whole archive whose Date lies in [since, until)
 * (0: unbounded), without those a `d` commit removes, as a range: what a
 * full walk filtered by Date gives, without reading the other messages. */
void ld_index_window(const ld_index *x, int64_t since, int64_t until, ld_range *out);
/* Drops from r the messages whose Date, as the index knows it, lies
 * outside [since, until); messages it does not know stay. */
void ld_index_filter(ld_index *x, int64_t since, int64_t until, ld_range *r);

/* ---- earlier versions of series (versions.c) -------------------------- */

/* Fills prev_* of each series of r from the index (see versions.c: b4's
 * change-id, then version links of the cover letter, then sender and
 * title); the same answer whatever the range.  Nothing without an index. */
void ld_versions_settle(ld_report *r, const ld_index *x);
/* Do two titles (without tags) name the same work, reworded a little? */
int ld_titles_similar(const char *a, const char *b);

/* ---- renderers (render_*.c) ---------------------------------------- */

typedef struct {
	const char *mail_from;   /* --mail-from, for the email format */
	const char *mail_to;     /* --mail-to */
	int64_t now;             /* the time of the run (SOURCE_DATE_EPOCH when set) */
} ld_render_opts;

/* Writes the whole report to out; 0 or -1 on a write error.  One function
 * per format, same signature, found by name with ld_render_find. */
typedef int (*ld_render_fn)(const ld_report *r, const ld_render_opts *o, FILE *out);
/* The renderer of format name ("text", "markdown", "html", "json",
 * "email"), or NULL (render.c). */
ld_render_fn ld_render_find(const char *name);
/* The filters of r for a title, unescaped: kinds joined by "; ", values
 * of one kind by " or " ("path arch/x86/ or virt/; author Zoë; domain
 * example.com; grep ^KVM"), "" without filters (render.c).  Caller frees. */
char *ld_render_filters(const ld_report *r);
/* What every format says of how much of series s is here, one wording
 * for all (render.c): "3/3 patches", "1 of 277 here", "21 of 23 here, 2
 * earlier", "13 of 27 patches touch the path", then ", cover letter"
 * and ", missing 3,5-9".  Numbers only, no mail text.  Caller frees. */
char *ld_series_counts(const ld_report *r, const ld_series *s);
int ld_render_text(const ld_report *r, const ld_render_opts *o, FILE *out);
/* GitHub-flavoured Markdown: headings, count tables, fenced commit
 * messages, links to lore when r->lore_url is known. */
int ld_render_markdown(const ld_report *r, const ld_render_opts *o, FILE *out);
/* One self-contained HTML page (inline CSS and SVG charts, no scripts, no
 * network), responsive and printable. */
int ld_render_html(const ld_report *r, const ld_render_opts *o, FILE *out);
/* JSON, schema "listdigest/1" (docs/json-schema.md). */
int ld_render_json(const ld_report *r, const ld_render_opts *o, FILE *out);
/* A complete RFC 5322 message (o->mail_from, o->mail_to, o->now) whose
 * body is the text report; for `sendmail -t`. */
int ld_render_email(const ld_report *r, const ld_render_opts *o, FILE *out);

/* ---- composing mail (mail_compose.c, GMime only) ------------------- */

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
