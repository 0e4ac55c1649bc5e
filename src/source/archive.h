/* source/archive.h - private to source/: an archive is one source (git
 * epochs: git.c; an mbox file or a maildir: local.c) behind a table of
 * operations, dispatched by archive.c.  Not included outside source/. */
#ifndef LD_SOURCE_ARCHIVE_H
#define LD_SOURCE_ARCHIVE_H

#include "source/source.h"

typedef struct {
	/* The messages of the range o says (FROM, TO, state, commit-time
	 * bounds); a source without commits takes every message. */
	ld_status (*range)(ld_archive *a, const ld_range_opts *o, ld_range *r, ld_err *err);
	/* Releases the source's own state (not a itself). */
	void (*close)(ld_archive *a);
	/* A per-thread reader and its read (limit: the size limit). */
	void *(*reader_new)(ld_archive *a);
	void (*reader_free)(void *r);
	ld_status (*read)(void *r, const ld_item *it, size_t limit, const char **data,
			  size_t *len, ld_err *err);
	/* Epochs, for the archive index; NULL: the source has none. */
	size_t (*epoch_count)(const ld_archive *a);
	int (*epoch_number)(const ld_archive *a, size_t e);
	ld_status (*epoch_commits)(ld_archive *a, size_t e, const char *after, ld_commit **out,
				   size_t *n, char head_hex[41], ld_err *err);
} ld_source_ops;

struct ld_archive {
	const ld_source_ops *ops;
	void *impl;             /* the source's own state */
	char *path;
	char *name;
	size_t max_message;     /* bytes; 0: LD_MAX_MESSAGE_DEFAULT */
};

/* An archive over impl; takes name (allocated). */
ld_archive *ld_archive_new(const ld_source_ops *ops, void *impl, const char *path, char *name);
/* The size limit of a's messages in bytes. */
size_t ld_archive_max_message(const ld_archive *a);

/* ---- an mbox from a stream (mbox_stream.c) ---------------------------- */

/* One message of a streamed mbox: its From_ line at buf + from, its text
 * at buf + start, len bytes; dropped: over the size limit, its text not
 * kept (len is its size). */
typedef struct {
	size_t from, start;
	uint64_t len;
	int quoted, dropped;
} ld_mbox_msg;

typedef struct {
	char *buf;              /* the messages kept; freed by _release */
	size_t len, cap;
	ld_mbox_msg *msgs;
	size_t n, cap_msgs;
} ld_mbox_stream;

/* Reads fd to its end, split as mbox.c splits a file, keeping the text of
 * the messages of at most limit bytes.  name is for errors ("standard
 * input").  LD_E_INBOX: a read error or not an mbox (s released); out of
 * memory exits 7. */
ld_status ld_mbox_stream_read(int fd, const char *name, size_t limit, ld_mbox_stream *s,
			      ld_err *err);
void ld_mbox_stream_release(ld_mbox_stream *s);

#endif
