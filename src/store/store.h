/* store/store.h - the files kept between runs: the archive index (index.c,
 * its format and queries; index_build.c, building it) and --state files
 * (state.c).  Uses: source, mail, classify, util. */
#ifndef LD_STORE_H
#define LD_STORE_H

#include "source/source.h"
#include "mail/mail.h"

/* ---- --state files (state.c) ------------------------------------- */


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
/* The state of several inboxes (version 3; STATE FILE in the man page):
 * each inbox's key and marks, in the file's order.  A version 1 or 2
 * file is one inbox without key (NULL). */
typedef struct {
	char *key;               /* the inbox (cli: its URL or real path), NULL */
	ld_state st;
} ld_state_inbox;
typedef struct {
	ld_state_inbox *v;
	size_t n;
	int version;             /* of the file read; 0 when none */
} ld_states;
/* A file of any version (a missing file: n == 0); errors as
 * ld_state_load.  ld_state_load refuses a version 3 file (it names its
 * inboxes). */
ld_status ld_states_load(const char *path, ld_states *ss, ld_err *err);
/* Adds an inbox (key copied; NULL: none) with no marks. */
void ld_states_add(ld_states *ss, const char *key);
void ld_states_release(ld_states *ss);
/* The version 3 text; caller frees. */
char *ld_states_format(const ld_states *ss);
/* Atomically replaces path by ss as version 3 (as ld_state_save). */
ld_status ld_states_save(const char *path, const ld_states *ss, ld_err *err);
/* Fails early when the new file cannot be written where path says (its
 * symlink's target): makes and removes the temporary the save will make. */
ld_status ld_state_check_writable(const char *path, ld_err *err);
/* Atomically replaces path (its symlink's target) by s, keeping its mode
 * and owner: the lockfile helper (util/lockfile.c). */
ld_status ld_state_save(const char *path, const ld_state *s, ld_err *err);

/* ---- the archive index (index.c, index_build.c) -------------------- */

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
/* Building the index (index_build.c); the run parses the messages a
 * build needs (run/index_update.c).  ld_index_begin checks the place
 * (LD_E_OUTPUT when the cache is refused: not the user's, writable by
 * others, or cannot be made) and reads what the archive holds after the
 * file at path (LD_E_ARCHIVE/LD_E_INBOX when it cannot be read); a
 * damaged, truncated or older file is rebuilt.  Then either *ready is
 * the index (up to date; NULL for an mbox or a maildir or without path)
 * or *draft is a draft: the caller parses the headers of its pending
 * messages in order (ld_index_pending) into ld_index_take, then
 * ld_index_finish makes the index (LD_E_OUTPUT when its file cannot be
 * begun) and writes the file beside the caller's work, which
 * ld_index_draft_written waits for (LD_E_OUTPUT when the write failed:
 * the file is as it was; the index made stays sound); ld_index_draft_free
 * in every case, before the index is closed. */
typedef struct ld_index_draft ld_index_draft;
ld_status ld_index_begin(ld_archive *a, const char *path, ld_index **ready,
			 ld_index_draft **draft, ld_err *err);
/* The messages whose headers the draft needs, in archive order, as a
 * range (caller releases). */
void ld_index_pending(const ld_index_draft *d, ld_range *r);
/* Every message of the archive as the draft lists it, without those a
 * `d` commit removes, as a range: what ld_index_window (no Date window)
 * gives of the finished index, and a walk of the whole archive gives,
 * known before any message is parsed (a first run's range: run/run.c).
 * 0 (r untouched) when the draft holds no commit at all. */
int ld_index_draft_window(ld_index_draft *d, ld_range *r);
/* The parsed headers of the next pending message (copied: m stays the
 * caller's). */
void ld_index_take(ld_index_draft *d, const ld_msg *m);
/* What the draft knows of a Message-ID so far: its entry in the file the
 * draft started from, else among the messages taken (first copy); NULL
 * when neither has it.  The index being built, for a report built in
 * the same pass (run/run.c); valid until ld_index_draft_free. */
const ld_index_entry *ld_index_draft_find(const ld_index_draft *d, const char *message_id);
ld_status ld_index_finish(ld_index_draft *d, ld_index **out, ld_err *err);
ld_status ld_index_draft_written(ld_index_draft *d, ld_err *err);
void ld_index_draft_free(ld_index_draft *d);
void ld_index_close(ld_index *x);
/* The entry of a Message-ID (its first copy in archive order), NULL when
 * the archive has none. */
const ld_index_entry *ld_index_find(const ld_index *x, const char *message_id);
/* Calls fn for every message whose root is root_id (not the root
 * itself), in archive order. */
void ld_index_thread(const ld_index *x, const char *root_id,
		     void (*fn)(void *ctx, const ld_index_entry *e), void *ctx);
/* Several inboxes' indexes asked as one (store/index_set.c): find,
 * thread, count and at answer as one index of every inbox's messages in
 * the order given, a Message-ID held by an earlier inbox left out (first
 * copy wins).  A part may be NULL (that inbox has no index).  Borrows
 * the parts: ld_index_close the union before them.  window and filter
 * are per inbox: not for a union. */
ld_index *ld_index_union(ld_index *const *parts, size_t n);
/* Which part of the union x holds e (0 for an index that is no union);
 * -1 when none. */
int ld_index_part(const ld_index *x, const ld_index_entry *e);
/* Where the message of e (an entry of x) is read: its commit and blob
 * into *out, and the part of the union x (0 for an index that is no
 * union) whose archive holds it; -1 when e is none of x's or x keeps no
 * blob for it (an in-memory index: ld_index_of_entries). */
int ld_index_item(const ld_index *x, const ld_index_entry *e, ld_item *out);
/* Every message of the archive, in archive order: i < ld_index_count.
 * An index read from its file decodes an entry when it is first asked
 * for (by any query) and keeps it until ld_index_close, so that the
 * same message is always the same pointer: memory grows with what is
 * asked, not with the archive.  Queries are for one thread at a time. */
size_t ld_index_count(const ld_index *x);
const ld_index_entry *ld_index_at(const ld_index *x, size_t i);
/* What a scan of every message looks at first: message i's Date
 * (returned) and subject tags (*tags: ld_index_at(x, i)->subj with
 * tags_start and title 0), read without decoding its entry.  A scan
 * asks ld_index_at only for the messages it keeps. */
int64_t ld_index_peek(const ld_index *x, size_t i, ld_subject *tags);
/* The entry of a Message-ID in the index of inbox k of a union (k = 0:
 * x itself when it is no union), NULL when that inbox has none. */
const ld_index_entry *ld_index_find_in(const ld_index *x, size_t k, const char *id);
/* The record number of e (an entry of x): its place in archive order;
 * in a union, the part's number times 2^40 plus the record number in
 * that part; an in-memory index's given place (ld_index_of_entries);
 * -1 when e is none of x's. */
int64_t ld_index_position(const ld_index *x, const ld_index_entry *e);
/* An index held in memory, made of n entries in archive order (their
 * strings copied; commit, epoch and commit_time are not kept): what a
 * merge of JSON reports knows of the archives (run/merge.c).  The
 * queries above answer from these entries only.  place (may be NULL):
 * each entry's place in the archives it came from (inbox number times
 * 2^40 plus record number, as the parts' JSON says it), which
 * ld_index_position then answers instead of the entry's number, so that
 * a merged report's JSON keeps the parts' places and merges again. */
ld_index *ld_index_of_entries(const ld_index_entry *e, const int64_t *place, size_t n);

/* The messages of the whole archive whose Date lies in [since, until)
 * (0: unbounded), without those a `d` commit removes, as a range: what a
 * full walk filtered by Date gives, without reading the other messages. */
void ld_index_window(const ld_index *x, int64_t since, int64_t until, ld_range *out);
/* Drops from r the messages whose Date, as the index knows it, lies
 * outside [since, until); messages it does not know stay. */
void ld_index_filter(ld_index *x, int64_t since, int64_t until, ld_range *r);

#endif
