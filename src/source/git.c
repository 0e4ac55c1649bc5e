/* git.c - public-inbox archives through libgit2: the epochs of an
 * inbox (opened, checked) and the message blobs (per-thread readers);
 * the walks of their histories are git_walk.c, ranges git_range.c.
 *
 * Every libgit2 call of the program lives in these three files.  A v2
 * inbox is a folder holding git/0.git, git/1.git, ...: one repository
 * per epoch, each a linear history with one commit per message whose
 * tree holds the raw message as `m`, or `d` (the removed message) for a
 * deletion. */
#include "source/git.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int is_dir(const char *p)
{
	struct stat st;
	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

/* "N.git" with N all digits: the epoch number, else -1. */
static int epoch_number(const char *name)
{
	size_t n = strlen(name);
	if (n < 5 || n > 14 || strcmp(name + n - 4, ".git"))
		return -1;
	long v = 0;
	for (size_t i = 0; i < n - 4; i++) {
		if (!isdigit((unsigned char)name[i]))
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return (int)v;
}

static int cmp_epoch(const void *a, const void *b)
{
	const struct epoch *x = a, *y = b;
	return (x->number > y->number) - (x->number < y->number);
}

/* "kvm" from /m/kvm, /m/kvm.git, /m/kvm/git/0.git. */
static char *inbox_name(const char *path)
{
	char *p = ld_xstrdup(path);
	char *base = ld_path_last(p);
	if (epoch_number(base) >= 0 && base - p >= 5 && !strncmp(base - 5, "/git/", 5)) {
		base[-5] = 0;
		char *b2 = strrchr(p, '/');
		base = b2 ? b2 + 1 : p;
	}
	size_t bl = strlen(base);
	if (bl > 4 && !strcmp(base + bl - 4, ".git"))
		base[bl - 4] = 0;
	char *r = ld_xstrdup(*base ? base : "list");
	free(p);
	return r;
}

static void global_options(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	/* Bounded memory (../shared/FACTS.md, measured on a real archive): no object cache, small pack windows.
	 * Blobs are read once each, so a cache only costs. */
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)4 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)8 << 20);
	/* git cat-file does not re-hash what it reads either */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* read-only use of mirrors owned by another user (a cron job
	 * reading a shared lore mirror) */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
}

static ld_status open_repo(const char *path, git_repository **out, ld_err *err)
{
	if (git_repository_open_ext(out, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		ld_err_set(err, LD_E_INBOX, "%s: not a git repository (%s); clone the epoch again or remove it",
			   path, ld_git_msg());
		return LD_E_INBOX;
	}
	return LD_OK;
}

/* Does the history of epoch e look like public-inbox's: a commit
 * holding a message `m` or a removal `d` among the newest ones (purges
 * and -edit leave commits without either, never many in a row)?  An
 * empty epoch passes (it holds nothing either way).  A code repository
 * given by mistake would otherwise give an empty report. */
static int looks_like_inbox(ld_git *a, size_t e)
{
	enum { LOOK = 1000 };
	git_oid cur;
	if (ld_git_head(a->ep[e].repo, &cur) < 0)
		return 1;
	for (int i = 0; i < LOOK; i++) {
		git_commit *c = NULL;
		git_tree *t = NULL;
		if (git_commit_lookup(&c, a->ep[e].repo, &cur) < 0)
			return 1;   /* unreadable: the range says so, better */
		int found = git_tree_lookup(&t, a->ep[e].repo, git_commit_tree_id(c)) < 0 ||
			    git_tree_entry_byname(t, "m") || git_tree_entry_byname(t, "d");
		int more = git_commit_parentcount(c) > 0;
		if (more)
			cur = *git_commit_parent_id(c, 0);
		git_tree_free(t);
		git_commit_free(c);
		if (found)
			return 1;
		if (!more)
			break;
	}
	return 0;
}

/* The epochs of the inbox or repository at path into a (a->path is
 * path until the archive holds it). */
static ld_status open_epochs(ld_git *a, const char *path, ld_err *err)
{
	ld_status st = LD_OK;
	size_t cap = 0;

	if (!is_dir(path)) {
		ld_err_set(err, LD_E_INBOX, "%s: %s; give a public-inbox directory (holding git/0.git) or an epoch repository",
			   path, errno == ENOENT ? "no such directory" : "not a directory");
		return LD_E_INBOX;
	}
	char *gitdir = ld_xmalloc(strlen(path) + 5);
	sprintf(gitdir, "%s/git", path);
	git_repository *single = NULL;
	if (git_repository_open_ext(&single, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0) {
		struct epoch e = { ld_xstrdup(path), single, 0 };
		LD_VEC_PUSH(a->ep, a->n, cap, e);
	} else if (is_dir(gitdir)) {
		DIR *d = opendir(gitdir);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			int num = epoch_number(de->d_name);
			if (num < 0)
				continue;
			struct epoch e = { NULL, NULL, num };
			e.path = ld_xmalloc(strlen(gitdir) + strlen(de->d_name) + 2);
			sprintf(e.path, "%s/%s", gitdir, de->d_name);
			LD_VEC_PUSH(a->ep, a->n, cap, e);
		}
		if (d)
			closedir(d);
		if (a->n)   /* else a->ep is NULL, which qsort must not get */
			qsort(a->ep, a->n, sizeof(*a->ep), cmp_epoch);
		for (size_t i = 0; i < a->n && st == LD_OK; i++)
			st = open_repo(a->ep[i].path, &a->ep[i].repo, err);
		if (st == LD_OK && !a->n) {
			ld_err_set(err, LD_E_INBOX, "%s: no epoch repositories (0.git, 1.git, ...); is the inbox cloned completely?", gitdir);
			st = LD_E_INBOX;
		}
	} else {
		ld_err_set(err, LD_E_INBOX, "%s: neither a public-inbox v2 inbox (no git/0.git) nor a git repository; give the inbox directory or one epoch",
			   path);
		st = LD_E_INBOX;
	}
	free(gitdir);
	for (size_t i = 0; i < a->n && st == LD_OK; i++)
		if (!looks_like_inbox(a, i)) {
			ld_err_set(err, LD_E_INBOX, "%s: a git repository, but not a public-inbox archive (no recent commit holds a message `m`); give a public-inbox inbox (the folder of git/0.git) or one of its epochs, or an mbox with --mbox",
				   a->ep[i].path);
			st = LD_E_INBOX;
		}
	return st;
}

static void git_free(ld_git *a)
{
	for (size_t i = 0; i < a->n; i++) {
		git_repository_free(a->ep[i].repo);
		free(a->ep[i].path);
	}
	free(a->ep);
	free(a);
	git_libgit2_shutdown();
}

static void git_close(ld_archive *arc)
{
	git_free(arc->impl);
}

static size_t git_epoch_count(const ld_archive *arc)
{
	const ld_git *a = arc->impl;
	return a->n;
}

static int git_epoch_number(const ld_archive *arc, size_t e)
{
	const ld_git *a = arc->impl;
	return e < a->n ? a->ep[e].number : -1;
}

/* ---- reading blobs, per thread ----------------------------------------- */

typedef struct {
	ld_git *a;
	git_odb **odb;          /* one per epoch, opened on first use */
	git_repository **repo;
	git_odb_object *cur;
} git_reader;

static void *git_reader_new(ld_archive *arc)
{
	ld_git *a = arc->impl;
	git_reader *r = ld_xcalloc(1, sizeof(*r));
	r->a = a;
	r->odb = ld_xcalloc(a->n ? a->n : 1, sizeof(*r->odb));
	r->repo = ld_xcalloc(a->n ? a->n : 1, sizeof(*r->repo));
	return r;
}

static void git_reader_free(void *rd)
{
	git_reader *r = rd;
	git_odb_object_free(r->cur);
	for (size_t i = 0; i < r->a->n; i++) {
		git_odb_free(r->odb[i]);
		git_repository_free(r->repo[i]);
	}
	free(r->odb);
	free(r->repo);
	free(r);
}

/* The odb of epoch e for this reader, opened on first use. */
static ld_status reader_odb(git_reader *r, size_t e, ld_err *err)
{
	if (r->odb[e])
		return LD_OK;
	if (open_repo(r->a->ep[e].path, &r->repo[e], err))
		return LD_E_ARCHIVE;
	if (git_repository_odb(&r->odb[e], r->repo[e]) < 0) {
		ld_err_set(err, LD_E_ARCHIVE, "%s: cannot open the object database (%s)",
			   r->a->ep[e].path, ld_git_msg());
		return LD_E_ARCHIVE;
	}
	return LD_OK;
}

/* LD_E_ARCHIVE for the blob of it: "PATH: message blob B of commit C "
 * followed by why. */
static ld_status blob_error(const git_reader *r, const ld_item *it, const char *why,
			    ld_err *err)
{
	char b[41], c[41];
	git_oid oid;
	git_oid_fromraw(&oid, it->blob);
	git_oid_tostr(b, sizeof(b), &oid);
	git_oid_fromraw(&oid, it->commit);
	git_oid_tostr(c, sizeof(c), &oid);
	ld_err_set(err, LD_E_ARCHIVE, "%s: message blob %s of commit %s %s",
		   r->a->ep[it->epoch].path, b, c, why);
	return LD_E_ARCHIVE;
}

/* LD_E_ARCHIVE: the blob of it holds found bytes, not what the archive
 * index recorded (a blob is named by its contents: the clone or the
 * index is damaged). */
static ld_status size_differs(const git_reader *r, const ld_item *it, int64_t found, ld_err *err)
{
	char why[256];
	snprintf(why, sizeof(why), "holds %" PRId64 " bytes where the archive index recorded %" PRIu32 "; the clone or the index is damaged: fetch the clone again, or remove the index file (--cache-dir) to build it again",
		 found, it->size);
	return blob_error(r, it, why, err);
}

/* A message over limit bytes is not inflated.  Its size comes from the
 * archive index (it->sized: the index's run read this blob; one pack
 * look-up per blob, and the length read is checked against it), else
 * from the object's header (a second look-up, which for a delta
 * inflates the start of the delta once more).  A recorded size over the
 * limit is confirmed by the header before the message is skipped. */
static ld_status git_read(void *rd, const ld_item *it, size_t limit, const char **data,
			  size_t *len, ld_err *err)
{
	git_reader *r = rd;
	size_t e = (size_t)it->epoch;
	git_odb_object_free(r->cur);
	r->cur = NULL;
	if (reader_odb(r, e, err))
		return LD_E_ARCHIVE;
	git_oid oid;
	git_oid_fromraw(&oid, it->blob);
	int64_t size = it->sized ? (int64_t)it->size : ld_git_blob_size(r->odb[e], &oid);
	if (size > (int64_t)limit) {
		/* -1: unreadable, which the read below reports */
		int64_t head = it->sized ? ld_git_blob_size(r->odb[e], &oid) : size;
		if (head >= 0 && head != size)
			return size_differs(r, it, head, err);
		if (head >= 0) {
			*data = NULL;
			*len = (size_t)size;
			return LD_OK;
		}
	}
	int rc = git_odb_read(&r->cur, r->odb[e], &oid);
	if (rc < 0 && git_error_last() && git_error_last()->klass == GIT_ERROR_NOMEMORY)
		ld_nomem();
	if (rc < 0) {
		char why[768];
		snprintf(why, sizeof(why), "is %s (%s); the clone may be partial or damaged: fetch it again (git clone --mirror)",
			 rc == GIT_ENOTFOUND ? "missing" : "unreadable", ld_git_msg());
		return blob_error(r, it, why, err);
	}
	*data = git_odb_object_data(r->cur);
	*len = git_odb_object_size(r->cur);
	if (it->sized && *len != it->size)
		return size_differs(r, it, (int64_t)*len, err);
	return LD_OK;
}

static const ld_source_ops git_ops = {
	ld_git_range, git_close, git_reader_new, git_reader_free, git_read,
	git_epoch_count, git_epoch_number, ld_git_epoch_commits,
};

ld_status ld_archive_open(const char *path, ld_archive **out, ld_err *err)
{
	*out = NULL;
	git_libgit2_init();
	global_options();
	ld_git *a = ld_xcalloc(1, sizeof(*a));
	a->path = path;
	ld_status st = open_epochs(a, path, err);
	if (st != LD_OK) {
		git_free(a);
		return st;
	}
	a->arc = ld_archive_new(&git_ops, a, path, inbox_name(path));
	a->path = a->arc->path;
	*out = a->arc;
	return LD_OK;
}
