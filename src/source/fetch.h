/* source/fetch.h - private to source/: the two halves of a mirror's
 * update (mirror.c drives them): the inbox's epochs from its
 * manifest.js.gz (manifest.c: every zlib call, its JSON read by json.c;
 * its GET in http.c, by the helper program listdigest-remote-http,
 * src/remote/, where libcurl is) and the fetch of one epoch
 * (git_fetch.c, libgit2). */
#ifndef LD_SOURCE_FETCH_H
#define LD_SOURCE_FETCH_H

#include "source/source.h"

/* The bound on manifest.js.gz, compressed and inflated: lore's biggest
 * inbox (lkml, 17 epochs) has a manifest of a few KB; a server sending
 * more is not a public-inbox. */
#define LD_MANIFEST_MAX ((size_t)4 << 20)

/* An epoch of a manifest: its number and grokmirror's fingerprint of
 * its refs ("" when the manifest has none). */
typedef struct {
	int number;
	char fingerprint[41];
} ld_manifest_epoch;

/* GETs URL manifest.js.gz (url ends with '/'), inflates it and reads
 * the grokmirror JSON: its keys "/LIST/git/N.git" give the epochs
 * (with their "fingerprint"), into *epochs (ascending; caller frees),
 * at least one; LIST
 * must be list (the last part of the URL's path).
 * LD_E_INBOX when the URL is not a public-inbox (HTTP 404, not gzip,
 * not JSON, no epoch), LD_E_FETCH when the host cannot be reached or
 * answers another HTTP error. */
ld_status ld_manifest_epochs(const char *url, const char *list, ld_manifest_epoch **epochs,
			     size_t *n, ld_err *err);

/* GETs url by running listdigest-remote-http: the body of a 200 answer
 * into body, at most max bytes.  LD_E_INBOX when the URL is not a
 * public-inbox's (HTTP 404/410, more than max bytes), LD_E_FETCH when
 * the host cannot be reached, answers another HTTP error or the helper
 * cannot be run (its message says where it was looked for). */
ld_status ld_http_get(const char *url, size_t max, ld_buf *body, ld_err *err);

/* Fetches url (an epoch: LIST/N) into the bare repository at path with
 * the mirror's refspec, every ref to itself and forced (a forced update: public-inbox-purge and -edit rewrite
 * history), creating it as `git clone --mirror` would when it does not
 * exist.  libgit2 moves the refs only once the pack is complete: a fetch
 * interrupted leaves the refs as they were.  p (epoch and counts set by
 * the caller) is updated as objects arrive and given to o->progress.
 * fingerprint (the manifest's, or ""): after a complete fetch it is
 * recorded in the epoch's config (listdigest.fingerprint), and an epoch
 * that recorded the same one is not fetched again: the server's refs
 * are those it had when the epoch was last fetched whole. */
ld_status ld_git_fetch_epoch(const char *path, const char *url, const char *fingerprint,
			     const ld_mirror_opts *o, ld_fetch_progress *p, ld_err *err);

#endif
