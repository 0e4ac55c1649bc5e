/* archive.c - public-inbox archives through libgit2: the epochs of an
 * inbox, revision ranges across them, and the message blobs.
 *
 * Every libgit2 call of the program lives here.  A v2 inbox is a folder
 * holding git/0.git, git/1.git, ...: one repository per epoch, each a
 * linear history with one commit per message whose tree holds the raw
 * message as `m`, or `d` (the removed message) for a deletion. */
#include "ld.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
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
};

struct ld_reader {
	ld_archive *a;
	git_odb **odb;          /* one per epoch, opened on first use */
	git_repository **repo;
	git_odb_object *cur;
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
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = 0;
	char *base = strrchr(p, '/');
	base = base ? base + 1 : p;
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
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)8 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)16 << 20);
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
	free(a);
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
	int found = 0;
	int hex = is_hex_prefix(rev);
	for (size_t i = a->n; i-- > 0;) {
		git_object *obj = NULL, *peeled = NULL;
		if (git_revparse_single(&obj, a->ep[i].repo, rev) < 0)
			continue;
		if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) == 0) {
			const git_oid *id = git_object_id(peeled);
			if (found && git_oid_cmp(id, oid)) {
				ld_err_set(err, LD_E_REV, "%s revision '%s' is ambiguous: it names commits in %s and %s; give more hex digits",
					   what, rev, a->ep[i].path, a->ep[*epoch].path);
				git_object_free(peeled);
				git_object_free(obj);
				return LD_E_REV;
			}
			if (!found) {
				git_oid_cpy(oid, id);
				*epoch = i;
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

/* Lists the commits of one epoch between hide (exclusive) and push. */
static ld_status walk_epoch(ld_archive *a, size_t e, const git_oid *push, const git_oid *hide,
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
		git_tree *t = NULL;
		if (git_commit_lookup(&c, repo, &oid) < 0 ||
		    git_tree_lookup(&t, repo, git_commit_tree_id(c)) < 0) {
			char hex[41];
			git_oid_tostr(hex, sizeof(hex), &oid);
			ld_err_set(err, LD_E_ARCHIVE, "%s: commit %s or its tree cannot be read (%s); the clone may be partial or damaged: fetch it again",
				   a->ep[e].path, hex, git_msg());
			git_commit_free(c);
			st = LD_E_ARCHIVE;
			goto out;
		}
		const git_tree_entry *m = git_tree_entry_byname(t, "m");
		const git_tree_entry *d = git_tree_entry_byname(t, "d");
		if (m && git_tree_entry_type(m) == GIT_OBJECT_BLOB) {
			ld_item it;
			memcpy(it.commit, oid.id, 20);
			memcpy(it.blob, git_tree_entry_id(m)->id, 20);
			it.time = (int64_t)git_commit_time(c);
			it.epoch = (int)e;
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
		git_commit_free(c);
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

ld_status ld_archive_range(ld_archive *a, const char *from, const char *to,
			   ld_range *r, ld_err *err)
{
	memset(r, 0, sizeof(*r));
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
	if (nd) {
		/* a message removed by a `d` commit inside the range is not reported */
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
	free(dels);
	return LD_OK;
}

void ld_range_release(ld_range *r)
{
	free(r->items);
	r->items = NULL;
	r->n = 0;
}

ld_reader *ld_reader_new(ld_archive *a)
{
	ld_reader *r = ld_xcalloc(1, sizeof(*r));
	r->a = a;
	r->odb = ld_xcalloc(a->n, sizeof(*r->odb));
	r->repo = ld_xcalloc(a->n, sizeof(*r->repo));
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
	free(r);
}

ld_status ld_reader_read(ld_reader *r, const ld_item *it, const char **data,
			 size_t *len, ld_err *err)
{
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
	int rc = git_odb_read(&r->cur, r->odb[e], &oid);
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
