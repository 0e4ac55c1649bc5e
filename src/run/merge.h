/* run/merge.h - private to run/merge.c and run/merge_msg.c: the parts of
 * a merge (`listdigest merge`, run.h's ld_merge) as read from their JSON
 * reports. */
#ifndef LD_RUN_MERGE_H
#define LD_RUN_MERGE_H

#include "run/run.h"

/* Bounds on what one record may hold (beyond the file's size). */
enum { LD_MERGE_MAX_LIST = 100000 };

typedef struct {
	const char *path;
	ld_json_doc *doc;
	const ld_jnode *merge, *messages, *known;
	const ld_jnode *read;     /* the waiting series' postings read again
	                             (a filter, --maintainers), NULL: none */
	const char **people;      /* name, addr, name, addr... */
	size_t n_people;          /* pairs */
	const char **lists;
	size_t n_lists;
	const char **ids;         /* each message's Message-ID ("" none) */
	size_t n_msgs;
	ld_map excerpts;          /* the entries': Message-ID -> excerpt */
	/* the run it reports */
	const char *inbox, *from_commit, *to_commit, *list_name, *lore_url;
	int local, state;
	int64_t since, until, skipped, deleted;
	int64_t first_date;       /* of its first message, for the order */
	int64_t last_date;        /* of its last message: whose range ends last */
	const char **inboxes;     /* its inboxes' names (several: INBOX...) */
	size_t n_inboxes;
	size_t *rank;             /* of each: its place in merge_inboxes */
} merge_part;

/* Every inbox of the parts once, by name. */
typedef struct {
	const char **names;
	size_t n;
} merge_inboxes;

typedef struct {
	ld_index_entry e;         /* strings borrowed from the part's document */
	int64_t pos;
	size_t inbox_rank;
} merge_known;

/* Record rec, the message number here of part p, as the message the
 * builder took; 0 when a field does not check (m then holds what was
 * read: release it). */
int ld_merge_msg(const merge_part *p, const ld_jnode *rec, size_t here, ld_msg *m);
/* An index entry of p's "known" (its subj not parsed yet: the caller
 * parses those it keeps); 0 when a field does not check. */
int ld_merge_known(const merge_part *p, const ld_jnode *rec, merge_known *k);

/* The merge's reader of the waiting series' postings (report.h,
 * waiting_read): the n parts' "read" records by Message-ID, the first
 * part's that has it.  A posting no part read (parts made without
 * --maintainers merged with it: LD_E_USAGE) or a record that does not
 * check (LD_E_INBOX) stops the merge: ld_merge_readings_release says so. */
typedef struct {
	const merge_part *ps;
	size_t *at;               /* part << 32 | record */
	size_t n, cap;
	ld_map by_id;             /* Message-ID -> place in at + 1 */
	const merge_part *bad;    /* a record that did not check */
	char *missing;            /* a Message-ID no part read */
} merge_readings;
void ld_merge_readings_init(merge_readings *rd, const merge_part *ps, size_t n);
int ld_merge_read(void *ctx, const ld_index *x, const ld_index_entry *e, ld_msg *m);
/* Frees rd; LD_OK, or why the merge stops (into *err). */
ld_status ld_merge_readings_release(merge_readings *rd, ld_err *err);

#endif
