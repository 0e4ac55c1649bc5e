/* archive.c - public-inbox archives through libgit2: the epochs of an
 * inbox, revision ranges across them, and the message blobs.
 *
 * Every libgit2 call of the program lives here.  A v2 inbox is a folder
 * holding git/0.git, git/1.git, ...: one repository per epoch, each a
 * linear history with one commit per message whose tree holds the raw
 * message as `m`, or `d` (the removed message) for a deletion. */
#include "source/source.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct epoch {
	char *path;
	git_repository *repo;
	int number;
};

struct ld_archive {
	char *path;
	char *name;
	struct epoch *ep;
	size_t n;
	ld_local *local;        /* --mbox, --maildir: no epochs (n == 0) */
	size_t max_message;     /* bytes; 0: LD_MAX_MESSAGE_DEFAULT */
};

struct ld_reader {
	ld_archive *a;
	git_odb **odb;          /* one per epoch, opened on first use */
	git_repository **repo;
	git_odb_object *cur;
	ld_local_reader *local;
};

static const char *git_msg(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown libgit2 error";
}

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
	/* Bounded memory (FACTS.md): no object cache, small pack windows.
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
			   path, git_msg());
		return LD_E_INBOX;
	}
	return LD_OK;
}

/* Does the history of epoch e look like public-inbox's: a commit
 * holding a message `m` or a removal `d` among the newest ones (purges
 * and -edit leave commits without either, never many in a row)?  An
 * empty epoch passes (it holds nothing either way).  A code repository
 * given by mistake would otherwise give an empty report. */
static int head_oid(git_repository *r, git_oid *out);

static int looks_like_inbox(ld_archive *a, size_t e)
{
	enum { LOOK = 1000 };
	git_oid cur;
	if (head_oid(a->ep[e].repo, &cur) < 0)
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

ld_status ld_archive_open(const char *path, ld_archive **out, ld_err *err)
{
	*out = NULL;
	git_libgit2_init();
	global_options();
	ld_archive *a = ld_xcalloc(1, sizeof(*a));
	a->path = ld_xstrdup(path);
	a->name = inbox_name(path);
	ld_status st = LD_OK;
	size_t cap = 0;

	if (!is_dir(path)) {
		ld_err_set(err, LD_E_INBOX, "%s: %s; give a public-inbox directory (holding git/0.git) or an epoch repository",
			   path, errno == ENOENT ? "no such directory" : "not a directory");
		st = LD_E_INBOX;
		goto out;
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
out:
	if (st != LD_OK) {
		ld_archive_close(a);
		return st;
	}
	*out = a;
	return LD_OK;
}

void ld_archive_close(ld_archive *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++) {
		git_repository_free(a->ep[i].repo);
		free(a->ep[i].path);
	}
	free(a->ep);
	free(a->path);
	free(a->name);
	int git = !a->local;
	ld_local_close(a->local);
	free(a);
	if (git)
		git_libgit2_shutdown();
}

const char *ld_archive_name(const ld_archive *a)
{
	return a->name;
}

size_t ld_archive_epoch_count(const ld_archive *a)
{
	return a->n;
}

static int head_oid(git_repository *r, git_oid *out)
{
	return git_reference_name_to_id(out, r, "HEAD");
}

static int is_hex_prefix(const char *s)
{
	size_t n = strlen(s);
	if (n < 4 || n > 40)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Finds rev in the epochs.  A hash (abbreviated or not) must name a commit
 * in exactly one epoch; a symbolic name (HEAD~3, master) is taken in the
 * newest epoch where it resolves. */
static ld_status resolve(ld_archive *a, const char *what, const char *rev,
			 size_t *epoch, git_oid *oid, ld_err *err)
{
	int found = 0, found_reach = 0;
	int hex = is_hex_prefix(rev);
	for (size_t i = a->n; i-- > 0;) {
		git_object *obj = NULL, *peeled = NULL;
		if (git_revparse_single(&obj, a->ep[i].repo, rev) < 0)
			continue;
		if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) == 0) {
			const git_oid *id = git_object_id(peeled);
			/* an epoch may hold objects it does not reach (a
			 * clone of another epoch, a purge): the epoch whose
			 * history has the commit is the one meant */
			git_oid head;
			int reach = head_oid(a->ep[i].repo, &head) == 0 &&
				    (!git_oid_cmp(&head, id) ||
				     git_graph_descendant_of(a->ep[i].repo, &head, id) == 1);
			if (!found || (reach && !found_reach)) {
				git_oid_cpy(oid, id);
				*epoch = i;
				found_reach = reach;
			} else if (git_oid_cmp(id, oid) && reach == found_reach) {
				ld_err_set(err, LD_E_REV, "%s revision '%s' is ambiguous: it names commits in %s and %s; give more hex digits",
					   what, rev, a->ep[i].path, a->ep[*epoch].path);
				git_object_free(peeled);
				git_object_free(obj);
				return LD_E_REV;
			}
			found = 1;
		}
		git_object_free(peeled);
		git_object_free(obj);
		if (found && !hex)
			break;
	}
	if (!found) {
		ld_err_set(err, LD_E_REV, "%s revision '%s' is not a commit in any epoch of %s; check it with git log in the epoch repositories",
			   what, rev, a->path);
		return LD_E_REV;
	}
	return LD_OK;
}

static int cmp_oid(const void *x, const void *y)
{
	return memcmp(x, y, 20);
}

/* A message that a `d` commit inside the range removes is not reported. */
static void drop_deleted(ld_range *r, unsigned char (*dels)[20], size_t nd)
{
	if (!nd)
		return;
	qsort(dels, nd, 20, cmp_oid);
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (bsearch(r->items[i].blob, dels, nd, 20, cmp_oid))
			r->deleted++;
		else
			r->items[k++] = r->items[i];
	}
	r->n = k;
}

static ld_status unreadable(ld_archive *a, size_t e, const git_oid *oid, ld_err *err)
{
	char hex[41];
	git_oid_tostr(hex, sizeof(hex), oid);
	ld_err_set(err, LD_E_ARCHIVE, "%s: commit %s or its tree cannot be read (%s); the clone may be partial or damaged: fetch it again",
		   a->ep[e].path, hex, git_msg());
	return LD_E_ARCHIVE;
}

/* One commit of a walk: its message becomes an item; a deletion `d`
 * remembers the removed blob. */
static ld_status take_commit(ld_archive *a, size_t e, const git_oid *oid, const git_oid *tree,
			     int64_t time, ld_range *r, size_t *cap, unsigned char (**dels)[20],
			     size_t *nd, size_t *dcap, ld_err *err)
{
	git_tree *t = NULL;
	if (git_tree_lookup(&t, a->ep[e].repo, tree) < 0)
		return unreadable(a, e, oid, err);
	const git_tree_entry *m = git_tree_entry_byname(t, "m");
	const git_tree_entry *d = git_tree_entry_byname(t, "d");
	if (m && git_tree_entry_type(m) == GIT_OBJECT_BLOB) {
		ld_item it;
		memcpy(it.commit, oid->id, 20);
		memcpy(it.blob, git_tree_entry_id(m)->id, 20);
		it.time = time;
		it.epoch = (int)e;
		it.kind = LD_ITEM_GIT;
		LD_VEC_PUSH(r->items, r->n, *cap, it);
	} else {
		r->skipped++;
		if (d && git_tree_entry_type(d) == GIT_OBJECT_BLOB) {
			unsigned char id[20];
			memcpy(id, git_tree_entry_id(d)->id, 20);
			if (*nd == *dcap) {
				*dcap = *dcap ? 2 * *dcap : 16;
				*dels = ld_xrealloc(*dels, *dcap * 20);
			}
			memcpy((*dels)[(*nd)++], id, 20);
		}
	}
	git_tree_free(t);
	return LD_OK;
}

/* Lists the commits of one epoch between hide (exclusive) and push, in
 * any history (a revision walk); public-inbox histories take the cheaper
 * first-parent walk of walk_bounded. */
static ld_status walk_revwalk(ld_archive *a, size_t e, const git_oid *push, const git_oid *hide,
			    ld_range *r, size_t *cap, unsigned char (**dels)[20], size_t *nd,
			    size_t *dcap, ld_err *err)
{
	git_revwalk *w = NULL;
	git_repository *repo = a->ep[e].repo;
	ld_status st = LD_OK;
	git_oid oid;
	if (git_revwalk_new(&w, repo) < 0 ||
	    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) < 0 ||
	    git_revwalk_push(w, push) < 0 ||
	    (hide && git_revwalk_hide(w, hide) < 0)) {
		ld_err_set(err, LD_E_ARCHIVE, "%s: cannot walk the history (%s); the repository may be damaged: run git fsck there",
			   a->ep[e].path, git_msg());
		st = LD_E_ARCHIVE;
		goto out;
	}
	int rc;
	while ((rc = git_revwalk_next(&oid, w)) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, repo, &oid) < 0) {
			st = unreadable(a, e, &oid, err);
			goto out;
		}
		st = take_commit(a, e, &oid, git_commit_tree_id(c), (int64_t)git_commit_time(c),
				 r, cap, dels, nd, dcap, err);
		git_commit_free(c);
		if (st)
			goto out;
	}
	if (rc != GIT_ITEROVER) {
		ld_err_set(err, LD_E_ARCHIVE, "%s: history walk failed (%s); the clone may be partial or damaged: fetch it again",
			   a->ep[e].path, git_msg());
		st = LD_E_ARCHIVE;
	}
out:
	git_revwalk_free(w);
	return st;
}

static ld_status walk_bounded(ld_archive *a, size_t e, const git_oid *push, const git_oid *hide,
			      const ld_range_opts *o, ld_range *r, size_t *cap,
			      unsigned char (**dels)[20], size_t *nd, size_t *dcap, ld_err *err);

/* The commits of epoch e after hide up to push, oldest first. */
static ld_status walk_epoch(ld_archive *a, size_t e, const git_oid *push, const git_oid *hide,
			    ld_range *r, size_t *cap, unsigned char (**dels)[20], size_t *nd,
			    size_t *dcap, ld_err *err)
{
	ld_range_opts all;
	memset(&all, 0, sizeof(all));
	return walk_bounded(a, e, push, hide, &all, r, cap, dels, nd, dcap, err);
}

ld_status ld_archive_range(ld_archive *a, const char *from, const char *to,
			   ld_range *r, ld_err *err)
{
	memset(r, 0, sizeof(*r));
	if (a->local)
		return ld_local_range(a->local, r, err);
	size_t fe = 0, te = a->n - 1, cap = 0;
	git_oid foid, toid;
	ld_status st;
	unsigned char (*dels)[20] = NULL;
	size_t nd = 0, dcap = 0;

	if (from && (st = resolve(a, "--from", from, &fe, &foid, err)))
		return st;
	if (to) {
		if ((st = resolve(a, "--to", to, &te, &toid, err)))
			return st;
	} else {
		/* newest commit of the newest epoch that has one */
		while (head_oid(a->ep[te].repo, &toid) < 0) {
			if (te == 0) {
				ld_err_set(err, LD_E_INBOX, "%s: the archive has no commits; is the clone complete?", a->path);
				return LD_E_INBOX;
			}
			te--;
		}
	}
	if (from) {
		if (fe > te) {
			ld_err_set(err, LD_E_REV, "--from %s lies in a later epoch than --to; swap them", from);
			return LD_E_REV;
		}
		if (fe == te && git_oid_cmp(&foid, &toid) &&
		    git_graph_descendant_of(a->ep[te].repo, &toid, &foid) != 1) {
			ld_err_set(err, LD_E_REV, "--from %s is not an ancestor of --to %s in %s; swap them or check the hashes",
				   from, to ? to : "HEAD", a->ep[te].path);
			return LD_E_REV;
		}
		git_oid_tostr(r->from, sizeof(r->from), &foid);
	}
	git_oid_tostr(r->to, sizeof(r->to), &toid);

	for (size_t e = fe; e <= te; e++) {
		git_oid push;
		if (e == te)
			git_oid_cpy(&push, &toid);
		else if (head_oid(a->ep[e].repo, &push) < 0)
			continue;   /* an empty epoch holds no messages */
		if (from && e == fe && !git_oid_cmp(&push, &foid))
			continue;
		st = walk_epoch(a, e, &push, (from && e == fe) ? &foid : NULL,
				r, &cap, &dels, &nd, &dcap, err);
		if (st) {
			free(dels);
			ld_range_release(r);
			return st;
		}
	}
	drop_deleted(r, dels, nd);
	free(dels);
	return LD_OK;
}

int ld_archive_epoch_head(ld_archive *a, size_t e, char hex[41])
{
	git_oid oid;
	if (e >= a->n || head_oid(a->ep[e].repo, &oid) < 0)
		return 0;
	git_oid_tostr(hex, 41, &oid);
	return 1;
}

ld_status ld_archive_range_epoch(ld_archive *a, size_t e, const char *after, ld_range *r, ld_err *err)
{
	memset(r, 0, sizeof(*r));
	git_oid head, from;
	size_t cap = 0, nd = 0, dcap = 0;
	unsigned char (*dels)[20] = NULL;
	if (e >= a->n || head_oid(a->ep[e].repo, &head) < 0)
		return LD_OK;
	if (after) {
		git_commit *c = NULL;
		int gone = git_oid_fromstr(&from, after) < 0 ||
			   git_commit_lookup(&c, a->ep[e].repo, &from) < 0 ||
			   (git_oid_cmp(&from, &head) && git_graph_descendant_of(a->ep[e].repo, &head, &from) != 1);
		git_commit_free(c);
		if (gone) {
			ld_err_set(err, LD_E_REV, "%s: commit %s is no longer in the history", a->ep[e].path, after);
			return LD_E_REV;
		}
		git_oid_tostr(r->from, sizeof(r->from), &from);
		if (!git_oid_cmp(&from, &head)) {
			git_oid_tostr(r->to, sizeof(r->to), &head);
			return LD_OK;
		}
	}
	git_oid_tostr(r->to, sizeof(r->to), &head);
	ld_status st = walk_epoch(a, e, &head, after ? &from : NULL, r, &cap, &dels, &nd, &dcap, err);
	free(dels);
	if (st)
		ld_range_release(r);
	return st;
}

void ld_range_release(ld_range *r)
{
	free(r->items);
	r->items = NULL;
	r->n = 0;
	for (size_t i = 0; i < r->n_marks; i++)
		free(r->marks[i].message_id);
	free(r->marks);
	r->marks = NULL;
	r->n_marks = 0;
	for (size_t i = 0; i < r->n_notices; i++)
		free(r->notices[i]);
	free(r->notices);
	r->notices = NULL;
	r->n_notices = 0;
}

ld_reader *ld_reader_new(ld_archive *a)
{
	ld_reader *r = ld_xcalloc(1, sizeof(*r));
	r->a = a;
	r->odb = ld_xcalloc(a->n ? a->n : 1, sizeof(*r->odb));
	r->repo = ld_xcalloc(a->n ? a->n : 1, sizeof(*r->repo));
	if (a->local)
		r->local = ld_local_reader_new(a->local);
	return r;
}

void ld_reader_free(ld_reader *r)
{
	if (!r)
		return;
	git_odb_object_free(r->cur);
	for (size_t i = 0; i < r->a->n; i++) {
		git_odb_free(r->odb[i]);
		git_repository_free(r->repo[i]);
	}
	free(r->odb);
	free(r->repo);
	ld_local_reader_free(r->local);
	free(r);
}

void ld_archive_set_max_message(ld_archive *a, size_t bytes)
{
	a->max_message = bytes;
}

static size_t max_message(const ld_archive *a)
{
	return a->max_message ? a->max_message : LD_MAX_MESSAGE_DEFAULT;
}

/* The size of blob oid, from its header: a packed or loose object says
 * its size before it is inflated (a 6 MB pack can hold a 1.5 GB blob of
 * zeros).  -1 when it cannot be read (git_odb_read then says why). */
static int64_t blob_size(git_odb *odb, const git_oid *oid)
{
	size_t size;
	git_object_t type;
	return git_odb_read_header(&size, &type, odb, oid) < 0 ? -1 : (int64_t)size;
}

ld_status ld_reader_read(ld_reader *r, const ld_item *it, const char **data,
			 size_t *len, ld_err *err)
{
	size_t limit = max_message(r->a);
	if (it->kind != LD_ITEM_GIT)
		return ld_local_read(r->local, it, limit, data, len, err);
	size_t e = (size_t)it->epoch;
	git_odb_object_free(r->cur);
	r->cur = NULL;
	if (!r->odb[e]) {
		if (open_repo(r->a->ep[e].path, &r->repo[e], err))
			return LD_E_ARCHIVE;
		if (git_repository_odb(&r->odb[e], r->repo[e]) < 0) {
			ld_err_set(err, LD_E_ARCHIVE, "%s: cannot open the object database (%s)",
				   r->a->ep[e].path, git_msg());
			return LD_E_ARCHIVE;
		}
	}
	git_oid oid;
	git_oid_fromraw(&oid, it->blob);
	int64_t size = blob_size(r->odb[e], &oid);
	if (size > (int64_t)limit) {
		*data = NULL;
		*len = (size_t)size;
		return LD_OK;
	}
	int rc = git_odb_read(&r->cur, r->odb[e], &oid);
	if (rc < 0 && git_error_last() && git_error_last()->klass == GIT_ERROR_NOMEMORY)
		ld_nomem();
	if (rc < 0) {
		char b[41], c[41];
		git_oid_tostr(b, sizeof(b), &oid);
		git_oid cid;
		git_oid_fromraw(&cid, it->commit);
		git_oid_tostr(c, sizeof(c), &cid);
		ld_err_set(err, LD_E_ARCHIVE, "%s: message blob %s of commit %s is %s (%s); the clone may be partial or damaged: fetch it again (git clone --mirror)",
			   r->a->ep[e].path, b, c, rc == GIT_ENOTFOUND ? "missing" : "unreadable", git_msg());
		return LD_E_ARCHIVE;
	}
	*data = git_odb_object_data(r->cur);
	*len = git_odb_object_size(r->cur);
	return LD_OK;
}

/* ---- mbox and maildir archives (the files themselves: local.c) ------ */

static ld_status open_local(const char *path, int maildir, ld_archive **out, ld_err *err)
{
	ld_local *l = NULL;
	ld_status st = maildir ? ld_local_open_maildir(path, &l, err)
			       : ld_local_open_mbox(path, &l, err);
	*out = NULL;
	if (st)
		return st;
	ld_archive *a = ld_xcalloc(1, sizeof(*a));
	a->path = ld_xstrdup(path);
	a->name = ld_local_name(path);
	a->local = l;
	*out = a;
	return LD_OK;
}

ld_status ld_archive_open_mbox(const char *path, ld_archive **out, ld_err *err)
{
	return open_local(path, 0, out, err);
}

ld_status ld_archive_open_maildir(const char *path, ld_archive **out, ld_err *err)
{
	return open_local(path, 1, out, err);
}

/* ---- ranges for --state and --since/--until ------------------------- */

static void notice(ld_range *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void notice(ld_range *r, const char *fmt, ...)
{
	ld_buf b;
	va_list ap;
	ld_buf_init(&b);
	va_start(ap, fmt);
	ld_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	r->notices = ld_xrealloc(r->notices, (r->n_notices + 1) * sizeof(char *));
	r->notices[r->n_notices++] = ld_buf_detach(&b);
}

typedef struct {
	git_oid id, tree;
	int64_t time;
} wcommit;

/* Follows first parents from push back to hide (exclusive), to the root,
 * or to the first commit older than not_before (which is *stop then).
 * Newest first.  *merge set when a commit has more than one parent
 * (public-inbox never writes one): the caller then walks generally. */
static ld_status walk_back(ld_archive *a, size_t e, const git_oid *push, const git_oid *hide,
			   int64_t not_before, wcommit **out, size_t *n, git_oid *stop,
			   int *have_stop, int *merge, ld_err *err)
{
	git_repository *repo = a->ep[e].repo;
	size_t cap = 0;
	git_oid cur = *push;
	*n = 0;
	*out = NULL;
	*have_stop = *merge = 0;
	for (;;) {
		if (hide && !git_oid_cmp(&cur, hide)) {
			*stop = cur;
			*have_stop = 1;
			break;
		}
		git_commit *c = NULL;
		if (git_commit_lookup(&c, repo, &cur) < 0) {
			free(*out);
			*out = NULL;
			return unreadable(a, e, &cur, err);
		}
		int64_t t = (int64_t)git_commit_time(c);
		if (not_before && t < not_before) {
			*stop = cur;
			*have_stop = 1;
			git_commit_free(c);
			break;
		}
		unsigned np = git_commit_parentcount(c);
		if (np > 1) {
			*merge = 1;
			git_commit_free(c);
			break;
		}
		wcommit w = { cur, *git_commit_tree_id(c), t };
		LD_VEC_PUSH(*out, *n, cap, w);
		if (np == 0) {
			git_commit_free(c);
			break;
		}
		cur = *git_commit_parent_id(c, 0);
		git_commit_free(c);
	}
	return LD_OK;
}

/* The commits of epoch e after hide up to push, oldest first, bounded by
 * committer time. */
static ld_status walk_bounded(ld_archive *a, size_t e, const git_oid *push, const git_oid *hide,
			      const ld_range_opts *o, ld_range *r, size_t *cap,
			      unsigned char (**dels)[20], size_t *nd, size_t *dcap, ld_err *err)
{
	wcommit *list;
	size_t n;
	git_oid stop;
	int have_stop, merge;
	ld_status st = walk_back(a, e, push, hide, o->not_before, &list, &n, &stop, &have_stop,
				 &merge, err);
	if (st)
		return st;
	if (merge) {
		/* not a public-inbox history: walk it all, then drop by time */
		size_t first = r->n;
		free(list);
		st = walk_revwalk(a, e, push, hide, r, cap, dels, nd, dcap, err);
		size_t k = first;
		for (size_t i = first; i < r->n; i++)
			if (!(o->not_before && r->items[i].time < o->not_before) &&
			    !(o->not_after && r->items[i].time > o->not_after))
				r->items[k++] = r->items[i];
		r->n = k;
		return st;
	}
	for (size_t i = n; i-- > 0 && !st;) {
		if (o->not_after && list[i].time > o->not_after)
			continue;
		st = take_commit(a, e, &list[i].id, &list[i].tree, list[i].time, r, cap, dels, nd,
				 dcap, err);
	}
	free(list);
	return st;
}

/* Where epoch e resumes for a mark whose commit is not an ancestor of
 * push: public-inbox-purge and -edit rewrite every commit after the
 * message they remove or change (keeping blobs and committer times).
 * The window to search is the new history after the merge-base with the
 * old commit when that object still exists, else back to LD_SINCE_SLACK
 * before the mark's time; in it, the newest commit holding the last
 * reported Message-ID (not newer than the mark's time when times were
 * kept), else the newest commit not newer than the mark's time, else the
 * commit the window stopped at.  *have = 0: take the epoch whole. */
static ld_status recover(ld_archive *a, size_t e, const git_oid *push, const ld_mark *mk,
			 const ld_range_opts *o, git_oid *from, int *have, ld_range *r, ld_err *err)
{
	git_repository *repo = a->ep[e].repo;
	git_oid old, base;
	int have_base = 0;
	*have = 0;
	if (git_oid_fromstr(&old, mk->commit) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, repo, &old) == 0) {
			have_base = git_merge_base(&base, repo, &old, push) == 0;
			git_commit_free(c);
		}
	}
	wcommit *list;
	size_t n;
	git_oid stop;
	int have_stop, merge;
	int64_t floor = mk->time > LD_SINCE_SLACK ? mk->time - LD_SINCE_SLACK : 1;
	ld_status st = walk_back(a, e, push, have_base ? &base : NULL, have_base ? 0 : floor,
				 &list, &n, &stop, &have_stop, &merge, err);
	if (st)
		return st;
	const char *how = NULL;
	size_t found = (size_t)-1, loose = (size_t)-1;
	git_odb *odb = NULL;   /* sizes first: a blob over the limit is not inflated */
	if (git_repository_odb(&odb, repo) < 0)
		odb = NULL;
	for (size_t i = 0; i < n && *mk->message_id && found == (size_t)-1; i++) {
		git_tree *t = NULL;
		git_blob *b = NULL;
		if (git_tree_lookup(&t, repo, &list[i].tree) < 0)
			continue;
		const git_tree_entry *m = git_tree_entry_byname(t, "m");
		if (m && git_tree_entry_type(m) == GIT_OBJECT_BLOB && odb &&
		    blob_size(odb, git_tree_entry_id(m)) <= (int64_t)max_message(a) &&
		    git_blob_lookup(&b, repo, git_tree_entry_id(m)) == 0) {
			char *mid = o->message_id(o->ctx, git_blob_rawcontent(b),
						  (size_t)git_blob_rawsize(b));
			if (!strcmp(mid, mk->message_id)) {
				if (list[i].time <= mk->time)
					found = i;
				else if (loose == (size_t)-1)
					loose = i;
			}
			free(mid);
		}
		git_blob_free(b);
		git_tree_free(t);
	}
	git_odb_free(odb);
	if (found == (size_t)-1)
		found = loose;
	if (found != (size_t)-1) {
		*from = list[found].id;
		*have = 1;
		how = "found the last reported message again by its Message-ID";
	} else {
		for (size_t i = 0; i < n; i++)
			if (list[i].time <= mk->time) {
				*from = list[i].id;
				*have = 1;
				break;
			}
		if (!*have && have_stop) {
			*from = stop;
			*have = 1;
		}
		how = *mk->message_id
			? "the last reported message is gone too; resumed after the newest commit not newer than it"
			: "resumed after the newest commit not newer than the last reported message";
	}
	free(list);
	char hex[41] = "the start";
	if (*have)
		git_oid_tostr(hex, sizeof(hex), from);
	notice(r, "%s: the reported commit %.12s is no longer in the history (rewritten by public-inbox-purge or -edit?)%s; %s <%s>: resuming after %s",
	       a->ep[e].path, mk->commit, have_base ? ", merge-base found" : "", how,
	       mk->message_id, hex);
	return LD_OK;
}

/* Resolves FROM and TO as ld_archive_range does. */
static ld_status bounds(ld_archive *a, const char *from, const char *to, size_t *fe,
			git_oid *foid, size_t *te, git_oid *toid, ld_range *r, ld_err *err)
{
	ld_status st;
	*fe = 0;
	*te = a->n - 1;
	if (from && (st = resolve(a, "--from", from, fe, foid, err)))
		return st;
	if (to) {
		if ((st = resolve(a, "--to", to, te, toid, err)))
			return st;
	} else {
		while (head_oid(a->ep[*te].repo, toid) < 0) {
			if (*te == 0) {
				ld_err_set(err, LD_E_INBOX, "%s: the archive has no commits; is the clone complete?", a->path);
				return LD_E_INBOX;
			}
			(*te)--;
		}
	}
	if (from) {
		if (*fe > *te) {
			ld_err_set(err, LD_E_REV, "--from %s lies in a later epoch than --to; swap them", from);
			return LD_E_REV;
		}
		if (*fe == *te && git_oid_cmp(foid, toid) &&
		    git_graph_descendant_of(a->ep[*te].repo, toid, foid) != 1) {
			ld_err_set(err, LD_E_REV, "--from %s is not an ancestor of --to %s in %s; swap them or check the hashes",
				   from, to ? to : "HEAD", a->ep[*te].path);
			return LD_E_REV;
		}
		git_oid_tostr(r->from, sizeof(r->from), foid);
	}
	git_oid_tostr(r->to, sizeof(r->to), toid);
	return LD_OK;
}

ld_status ld_archive_range_state(ld_archive *a, const ld_range_opts *o, ld_range *r,
				 ld_err *err)
{
	if (a->local || (!o->state && !o->not_before && !o->not_after))
		return ld_archive_range(a, o->from, o->to, r, err);
	memset(r, 0, sizeof(*r));
	size_t fe, te, cap = 0, nd = 0, dcap = 0, walked = 0;
	git_oid foid, toid;
	unsigned char (*dels)[20] = NULL;
	ld_status st = bounds(a, o->state ? NULL : o->from, o->to, &fe, &foid, &te, &toid, r, err);
	if (st)
		return st;
	const char *from = o->state ? NULL : o->from;
	if (o->state) {
		r->n_marks = a->n;
		r->marks = ld_xcalloc(a->n, sizeof(*r->marks));
		for (size_t e = 0; e < a->n; e++) {
			const ld_mark *mk = ld_state_find(o->state, a->ep[e].number);
			r->marks[e].epoch = a->ep[e].number;
			r->marks[e].time = mk ? mk->time : 0;
			r->marks[e].message_id = ld_xstrdup(mk ? mk->message_id : "");
		}
	}
	for (size_t e = fe; e <= te && !st; e++) {
		git_oid push, hide;
		int have_hide = 0;
		git_repository *repo = a->ep[e].repo;
		if (e == te)
			git_oid_cpy(&push, &toid);
		else if (head_oid(repo, &push) < 0)
			continue;   /* an empty epoch holds no messages */
		if (from && e == fe) {
			hide = foid;
			have_hide = 1;
		}
		const ld_mark *mk = o->state ? ld_state_find(o->state, a->ep[e].number) : NULL;
		if (r->marks)
			git_oid_tostr(r->marks[e].commit, sizeof(r->marks[e].commit), &push);
		if (mk) {
			git_oid old;
			git_commit *c = NULL;
			int exists = git_oid_fromstr(&old, mk->commit) == 0 &&
				     git_commit_lookup(&c, repo, &old) == 0;
			git_commit_free(c);
			if (exists && (!git_oid_cmp(&old, &push) ||
				       git_graph_descendant_of(repo, &push, &old) == 1)) {
				hide = old;
				have_hide = 1;
			} else if (exists && git_graph_descendant_of(repo, &old, &push) == 1) {
				/* --to lies before what was reported: nothing new here */
				memcpy(r->marks[e].commit, mk->commit, sizeof(mk->commit));
				continue;
			} else if ((st = recover(a, e, &push, mk, o, &hide, &have_hide, r, err))) {
				break;
			}
		}
		if (have_hide && !git_oid_cmp(&hide, &push))
			continue;
		if (!walked++ && have_hide)   /* the header's FROM: where this run starts */
			git_oid_tostr(r->from, sizeof(r->from), &hide);
		st = walk_bounded(a, e, &push, have_hide ? &hide : NULL, o, r, &cap, &dels, &nd,
				  &dcap, err);
	}
	if (!st)
		drop_deleted(r, dels, nd);
	free(dels);
	if (st)
		ld_range_release(r);
	return st;
}

/* ---- every commit of an epoch, for the archive index ----------------- */

/* What a commit's tree holds: a message `m`, a removal `d`, neither. */
static int classify_tree(ld_archive *a, size_t e, const git_oid *oid, const git_oid *tree,
			 unsigned char blob[20], ld_err *err, ld_status *st)
{
	git_tree *t = NULL;
	*st = LD_OK;
	if (git_tree_lookup(&t, a->ep[e].repo, tree) < 0) {
		*st = unreadable(a, e, oid, err);
		return LD_COMMIT_OTHER;
	}
	const git_tree_entry *m = git_tree_entry_byname(t, "m");
	const git_tree_entry *d = git_tree_entry_byname(t, "d");
	int kind = LD_COMMIT_OTHER;
	memset(blob, 0, 20);
	if (m && git_tree_entry_type(m) == GIT_OBJECT_BLOB) {
		kind = LD_COMMIT_MSG;
		memcpy(blob, git_tree_entry_id(m)->id, 20);
	} else if (d && git_tree_entry_type(d) == GIT_OBJECT_BLOB) {
		kind = LD_COMMIT_DEL;
		memcpy(blob, git_tree_entry_id(d)->id, 20);
	}
	git_tree_free(t);
	return kind;
}

ld_status ld_archive_epoch_commits(ld_archive *a, size_t e, const char *after, ld_commit **out,
				   size_t *n, char head_hex[41], ld_err *err)
{
	git_oid head, from;
	*out = NULL;
	*n = 0;
	head_hex[0] = 0;
	if (e >= a->n || head_oid(a->ep[e].repo, &head) < 0)
		return LD_OK;
	git_oid_tostr(head_hex, 41, &head);
	if (after) {
		git_commit *c = NULL;
		int gone = git_oid_fromstr(&from, after) < 0 ||
			   git_commit_lookup(&c, a->ep[e].repo, &from) < 0 ||
			   (git_oid_cmp(&from, &head) && git_graph_descendant_of(a->ep[e].repo, &head, &from) != 1);
		git_commit_free(c);
		if (gone) {
			ld_err_set(err, LD_E_REV, "%s: commit %s is no longer in the history", a->ep[e].path, after);
			return LD_E_REV;
		}
		if (!git_oid_cmp(&from, &head))
			return LD_OK;
	}
	wcommit *list;
	size_t nl;
	git_oid stop;
	int have_stop, merge;
	ld_status st = walk_back(a, e, &head, after ? &from : NULL, 0, &list, &nl, &stop, &have_stop,
				 &merge, err);
	if (st)
		return st;
	if (merge) {
		/* not a public-inbox history: every commit, topologically */
		free(list);
		list = NULL;
		nl = 0;
		size_t cap = 0;
		git_revwalk *w = NULL;
		git_oid oid;
		if (git_revwalk_new(&w, a->ep[e].repo) < 0 ||
		    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL) < 0 ||
		    git_revwalk_push(w, &head) < 0 || (after && git_revwalk_hide(w, &from) < 0)) {
			git_revwalk_free(w);
			ld_err_set(err, LD_E_ARCHIVE, "%s: cannot walk the history (%s); the repository may be damaged: run git fsck there",
				   a->ep[e].path, git_msg());
			return LD_E_ARCHIVE;
		}
		while (!st && git_revwalk_next(&oid, w) == 0) {
			git_commit *c = NULL;
			if (git_commit_lookup(&c, a->ep[e].repo, &oid) < 0) {
				st = unreadable(a, e, &oid, err);
				break;
			}
			wcommit wc = { oid, *git_commit_tree_id(c), (int64_t)git_commit_time(c) };
			LD_VEC_PUSH(list, nl, cap, wc);
			git_commit_free(c);
		}
		git_revwalk_free(w);
	}
	ld_commit *v = ld_xcalloc(nl ? nl : 1, sizeof(*v));
	for (size_t i = 0; i < nl && !st; i++) {
		const wcommit *wc = &list[nl - 1 - i];   /* oldest first */
		memcpy(v[i].commit, wc->id.id, 20);
		v[i].time = wc->time;
		v[i].kind = classify_tree(a, e, &wc->id, &wc->tree, v[i].blob, err, &st);
	}
	free(list);
	if (st) {
		free(v);
		return st;
	}
	*out = v;
	*n = nl;
	return LD_OK;
}

int ld_archive_epoch_number(const ld_archive *a, size_t e)
{
	return e < a->n ? a->ep[e].number : -1;
}
