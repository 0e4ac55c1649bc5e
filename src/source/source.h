/* source/source.h - where messages come from: public-inbox git epochs
 * (git.c, git_walk.c, git_range.c: every libgit2 call), mbox files and
 * maildirs (local.c, mbox.c), each a source behind one table of
 * operations (archive.h, archive.c); ranges of items and per-thread
 * readers of their raw bytes; mirrors of inboxes served over HTTP
 * (mirror.c, manifest.c: zlib; git_fetch.c); JSON texts (json.c: yajl).
 * Uses: util. */
#ifndef LD_SOURCE_H
#define LD_SOURCE_H

#include "util/util.h"

/* ---- the archive (archive.c; git: git.c, mbox and maildir: local.c) -- */

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
	/* git: the blob's size as the archive index recorded it when it read
	 * the blob before (sized 1), so that the read needs no look-up of
	 * the blob's header first (the size limit: a small pack can hold a
	 * huge blob of zeros); sized 0: not known, the header is read */
	uint32_t size;
	int sized;
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
	 * epoch index (time and message_id updated by the run (run/run.c) as it
	 * reads), and lines for the user about history rewrites */
	ld_mark *marks;     /* n_marks == epoch count, or NULL */
	size_t n_marks;
	char **notices;
	size_t n_notices;
	int local;          /* --mbox/--maildir: no commits */
} ld_range;

ld_status ld_archive_open(const char *path, ld_archive **out, ld_err *err);
/* The same for an mbox file or a maildir (cur/ and new/): items of kind
 * LD_ITEM_MBOX / LD_ITEM_MAILDIR, read through the same ld_reader.  The
 * mbox is mapped read-only for the run, a maildir listed once.  date
 * parses the date of a From_ line (see ld_mbox_line_date). */
ld_status ld_archive_open_mbox(const char *path, int64_t (*date)(const char *s),
			       ld_archive **out, ld_err *err);
/* The same for an mbox read from fd to its end (--mbox -: standard
 * input), split as it streams in (source/mbox_stream.c): messages over
 * limit bytes (0: the default) are not kept, and read as over the limit.
 * name names the stream in errors.  The archive's name is "stdin". */
ld_status ld_archive_open_mbox_fd(int fd, const char *name, size_t limit,
				  int64_t (*date)(const char *s), ld_archive **out, ld_err *err);
ld_status ld_archive_open_maildir(const char *path, ld_archive **out, ld_err *err);
void ld_archive_close(ld_archive *a);
/* Name derived from the inbox path ("kvm" for /x/kvm or /x/kvm.git). Borrowed. */
const char *ld_archive_name(const ld_archive *a);
size_t ld_archive_epoch_count(const ld_archive *a);
/* Resolves FROM (exclusive, NULL = start) and TO (inclusive, NULL = newest)
 * and lists the messages between them (an mbox or a maildir: all, in
 * file order or file-name order).  Caller releases with ld_range_release. */
ld_status ld_archive_range(ld_archive *a, const char *from, const char *to,
			   ld_range *out, ld_err *err);
void ld_range_release(ld_range *r);

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
 * inflated nor copied: *data is NULL and *len its size.  A git item with
 * a size (it->sized) is read as that size without looking at the blob's
 * header, and a blob of another size is LD_E_ARCHIVE (the archive or
 * the index that gave the size is damaged). */
ld_status ld_reader_read(ld_reader *r, const ld_item *it, const char **data,
			 size_t *len, ld_err *err);

/* ---- a configuration file in git-config syntax (git_config.c) ------- */

/* One entry: [section "subsection"] name = value.  section and name
 * lower-cased (git's keys ignore case), subsection as written (NULL when
 * none), value NULL for a bare "name" (git's true). */
typedef struct {
	char *section, *subsection, *name, *value;
} ld_config_item;

typedef struct {
	ld_config_item *items;  /* in the order of the file */
	size_t n;
} ld_config;

/* Reads the git-config file at path with libgit2's parser (its [include]
 * path followed).  LD_E_USAGE when it does not parse: err holds path and
 * libgit2's message, which names the line and column.  Caller releases
 * cfg with ld_config_release (also after an error: then empty). */
ld_status ld_config_load(const char *path, ld_config *cfg, ld_err *err);
void ld_config_release(ld_config *cfg);

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
/* Is line (n bytes) one that mboxrd quoted (^>+From )? */
int ld_mbox_quoted_line(const char *line, size_t n);
/* The date of a From_ line ("From SENDER DATE", n bytes, the line end
 * may follow) in UTC seconds, the Date fallback of its message; 0 when
 * it has none (lore's and b4's "From mboxrd@z Thu Jan  1 00:00:00 1970"
 * included).  date parses the DATE text (the mail layer's ld_mail_date:
 * this layer does not parse dates). */
int64_t ld_mbox_line_date(const char *line, size_t n, int64_t (*date)(const char *s));
/* Copies src to dst (n bytes of room) removing one '>' from every
 * ^>+From  line; returns the length written. */
size_t ld_mbox_unquote(const char *src, size_t n, char *dst);

/* ---- where the last run stopped (--state; marks.c) ------------------- */

/* The mark of each epoch; its file format is store/state.c. */
typedef struct ld_state {
	ld_mark *marks;
	size_t n;
} ld_state;
/* Adds or replaces the mark of m->epoch (strings copied). */
void ld_state_set(ld_state *s, const ld_mark *m);
const ld_mark *ld_state_find(const ld_state *s, int epoch);
void ld_state_release(ld_state *s);

/* --state recovery after a history rewrite: how far before the last
 * reported message's commit time the new history is searched for it.
 * (Date windows never bound the walk by commit time: the index, or a
 * full scan, finds them by Date.) */
#define LD_SINCE_SLACK (3 * 86400)

/* ---- mirrors of public-inbox URLs (mirror.c; fetch.h) ----------------- */

/* Is s an http:// or https:// URL (the INBOX of a mirrored inbox)? */
int ld_mirror_is_url(const char *s);

/* Where a fetch is, for progress on a terminal. */
typedef struct {
	int epoch;                   /* N of LIST/N */
	size_t index, count;         /* this epoch is index (from 1) of count fetched */
	unsigned received, total;    /* objects */
	size_t bytes;                /* received */
} ld_fetch_progress;

typedef struct {
	/* called as objects arrive (NULL: none) */
	void (*progress)(void *ctx, const ld_fetch_progress *p);
	void *ctx;
} ld_mirror_opts;

/* The mirror of url: BASE/HOST/LIST, BASE being base when not NULL or
 * "", else $XDG_DATA_HOME/listdigest/mirrors, else
 * ~/.local/share/listdigest/mirrors.  HOST is the URL's host (and
 * :PORT), LIST the last part of its path.  LD_E_USAGE for a URL without
 * a host or list, or with characters a path should not have; LD_E_OUTPUT
 * without HOME.  Caller frees *out. */
ld_status ld_mirror_path(const char *url, const char *base, char **out, ld_err *err);
/* Brings the mirror at dir (a v2 inbox folder: dir/git/N.git) up to
 * date with url: the epochs of its manifest.js.gz, new ones cloned
 * (from url/N), existing ones fetched.  The folders it creates are
 * private (0700), as the index cache; an existing dir must be the
 * user's and not writable by others.  A mirror made by hand with `git
 * clone --mirror URL/N dir/git/N.git` is the same thing.  Errors:
 * LD_E_INBOX (the URL is not a public-inbox), LD_E_FETCH (host
 * unreachable, HTTP error, fetch failed: the mirror keeps what it had),
 * LD_E_OUTPUT (the mirror folder cannot be made or is not trusted). */
ld_status ld_mirror_update(const char *url, const char *dir, const ld_mirror_opts *o,
			   ld_err *err);

/* ---- JSON documents (json.c, yajl) ---------------------------------- */

/* A JSON text parsed (a JSON report given to `listdigest merge`, an
 * inbox's manifest), and read-only views of the values kept.  The
 * accessors take any node, NULL included, and answer "none" (NULL, 0)
 * for the wrong type, so a caller checks each field once where it reads
 * it.  What is kept: keep is a NULL-terminated list of paths, names
 * joined by '/' with "*" for any element of an array ("merge": the root
 * object's member; "entries", "*", "excerpt" joined: each excerpt of the
 * array entries): a value is kept when its path is one of them or lies
 * under one, an object or array on the way to one holds only what is
 * kept; keep NULL keeps everything.  The rest is parsed
 * (any damage refuses the text) but not stored. */
typedef struct ld_json_doc ld_json_doc;
typedef struct ld_jnode ld_jnode;
enum { LD_JSON_NONE, LD_JSON_NULL, LD_JSON_BOOL, LD_JSON_INT, LD_JSON_REAL, LD_JSON_STRING,
       LD_JSON_ARRAY, LD_JSON_OBJECT };
enum { LD_JSON_MAX_DEPTH = 32 };
/* Reads path: a regular file of at most max_bytes, nested at most
 * LD_JSON_MAX_DEPTH deep, without NUL in a string it keeps, that parses as
 * JSON; else LD_E_INBOX with one line (what, which file, what to do).
 * Caller frees *out with ld_json_free. */
ld_status ld_json_load(const char *path, size_t max_bytes, const char *const *keep,
		       ld_json_doc **out, ld_err *err);
/* The same for the n bytes at s, named name in a refusal, which ends
 * with hint (what the text should have been, what to do). */
ld_status ld_json_parse(const char *name, const char *s, size_t n, const char *const *keep,
			const char *hint, ld_json_doc **out, ld_err *err);
void ld_json_free(ld_json_doc *d);
/* The root.  Nodes are borrowed, valid until ld_json_free. */
const ld_jnode *ld_json_root(const ld_json_doc *d);
int ld_json_type(const ld_jnode *n);            /* LD_JSON_NONE for NULL */
/* An object's member (the last of a name given twice). */
const ld_jnode *ld_json_get(const ld_jnode *obj, const char *key);
/* An array's elements, an object's members, in the text's order. */
size_t ld_json_len(const ld_jnode *n);
const ld_jnode *ld_json_at(const ld_jnode *n, size_t i);
const char *ld_json_key(const ld_jnode *member); /* its name; NULL in an array */
const char *ld_json_str(const ld_jnode *n);    /* NULL unless a string */
int ld_json_int(const ld_jnode *n, int64_t *v); /* 1 when an integer */
int ld_json_bool(const ld_jnode *n, int *v);

#endif
