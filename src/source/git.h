/* source/git.h - private to the git source (git.c, git_walk.c,
 * git_range.c): the epochs of a public-inbox archive and the walks of
 * their histories.  The only header that includes git2.h. */
#ifndef LD_SOURCE_GIT_H
#define LD_SOURCE_GIT_H

#include "source/archive.h"

#include <git2.h>

struct epoch {
	char *path;
	git_repository *repo;
	int number;
};

/* The git source of an archive (its impl). */
typedef struct {
	ld_archive *arc;        /* the archive it is the source of */
	const char *path;       /* arc->path */
	struct epoch *ep;
	size_t n;
} ld_git;

/* A commit of a first-parent walk. */
typedef struct {
	git_oid id, tree;
	int64_t time;
} wcommit;

/* ---- git_walk.c ---- */
const char *ld_git_msg(void);
int ld_git_head(git_repository *r, git_oid *out);
/* LD_E_ARCHIVE: commit oid of epoch e (or its tree) cannot be read. */
ld_status ld_git_unreadable(const ld_git *a, size_t e, const git_oid *oid, ld_err *err);
/* The size of a blob from its header, -1 when unreadable. */
int64_t ld_git_blob_size(git_odb *odb, const git_oid *oid);
/* A message that a `d` commit inside the range removes is not reported. */
void ld_git_drop_deleted(ld_range *r, unsigned char (*dels)[20], size_t nd);
ld_status ld_git_walk_back(ld_git *a, size_t e, const git_oid *push, const git_oid *hide,
			   int64_t not_before, wcommit **out, size_t *n, git_oid *stop,
			   int *have_stop, int *merge, ld_err *err);
ld_status ld_git_walk_bounded(ld_git *a, size_t e, const git_oid *push, const git_oid *hide,
			      const ld_range_opts *o, ld_range *r, size_t *cap,
			      unsigned char (**dels)[20], size_t *nd, size_t *dcap, ld_err *err);
/* ld_archive_epoch_commits of a git archive. */
ld_status ld_git_epoch_commits(ld_archive *arc, size_t e, const char *after, ld_commit **out,
			       size_t *n, char head_hex[41], ld_err *err);

/* ---- git_range.c ---- */
/* ld_archive_range_state (and ld_archive_range) of a git archive. */
ld_status ld_git_range(ld_archive *arc, const ld_range_opts *o, ld_range *r, ld_err *err);

#endif
