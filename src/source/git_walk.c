/* git_walk.c - walking the history of an epoch: first-parent walks
 * bounded by commit time, the general revision walk for histories that
 * are not public-inbox's, the items and removals of each commit, and
 * every commit of an epoch for the archive index.  The git source's
 * helpers (errors, HEAD, blob sizes) are here too. */
#include "source/git.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

const char *ld_git_msg(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown libgit2 error";
}

int ld_git_head(git_repository *r, git_oid *out)
{
	return git_reference_name_to_id(out, r, "HEAD");
}

/* The size of blob oid, from its header: a packed or loose object says
 * its size before it is inflated (a 6 MB pack can hold a 1.5 GB blob of
 * zeros).  -1 when it cannot be read (git_odb_read then says why).
 * A second pack look-up before the read (for a delta, its start inflated
 * once more): git.c asks it only for blobs whose size the archive index
 * has not recorded (first runs, --no-index, walked ranges), and to
 * confirm a recorded size over the limit. */
int64_t ld_git_blob_size(git_odb *odb, const git_oid *oid)
{
	size_t size;
	git_object_t type;
	return git_odb_read_header(&size, &type, odb, oid) < 0 ? -1 : (int64_t)size;
}

static int cmp_oid(const void *x, const void *y)
{
	return memcmp(x, y, 20);
}

/* A message that a `d` commit inside the range removes is not reported. */
void ld_git_drop_deleted(ld_range *r, unsigned char (*dels)[20], size_t nd)
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

ld_status ld_git_unreadable(const ld_git *a, size_t e, const git_oid *oid, ld_err *err)
{
	char hex[41];
	git_oid_tostr(hex, sizeof(hex), oid);
	ld_err_set(err, LD_E_ARCHIVE, "%s: commit %s or its tree cannot be read (%s); the clone may be partial or damaged: fetch it again",
		   a->ep[e].path, hex, ld_git_msg());
	return LD_E_ARCHIVE;
}


/* One commit of a walk: its message becomes an item; a deletion `d`
 * remembers the removed blob. */
static ld_status take_commit(ld_git *a, size_t e, const git_oid *oid, const git_oid *tree,
			     int64_t time, ld_range *r, size_t *cap, unsigned char (**dels)[20],
			     size_t *nd, size_t *dcap, ld_err *err)
{
	git_tree *t = NULL;
	if (git_tree_lookup(&t, a->ep[e].repo, tree) < 0)
		return ld_git_unreadable(a, e, oid, err);
	const git_tree_entry *m = git_tree_entry_byname(t, "m");
	const git_tree_entry *d = git_tree_entry_byname(t, "d");
	if (m && git_tree_entry_type(m) == GIT_OBJECT_BLOB) {
		ld_item it;
		memset(&it, 0, sizeof(it));   /* size unknown: sized 0 */
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
static ld_status walk_revwalk(ld_git *a, size_t e, const git_oid *push, const git_oid *hide,
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
			   a->ep[e].path, ld_git_msg());
		st = LD_E_ARCHIVE;
		goto out;
	}
	int rc;
	while ((rc = git_revwalk_next(&oid, w)) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, repo, &oid) < 0) {
			st = ld_git_unreadable(a, e, &oid, err);
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
			   a->ep[e].path, ld_git_msg());
		st = LD_E_ARCHIVE;
	}
out:
	git_revwalk_free(w);
	return st;
}

/* The trees of a first-parent walk, looked up beside the walk
 * (tree_side below); NULL: after it, by the caller. */
typedef struct tree_side tree_side;
static void side_put(tree_side *s, const wcommit *w);

/* ld_git_walk_back, handing each commit's tree to side as it goes. */
static ld_status walk_back(ld_git *a, size_t e, const git_oid *push, const git_oid *hide,
			   int64_t not_before, wcommit **out, size_t *n, git_oid *stop,
			   int *have_stop, int *merge, tree_side *side, ld_err *err)
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
			return ld_git_unreadable(a, e, &cur, err);
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
		if (side)
			side_put(side, &w);
		if (np == 0) {
			git_commit_free(c);
			break;
		}
		cur = *git_commit_parent_id(c, 0);
		git_commit_free(c);
	}
	return LD_OK;
}

/* Follows first parents from push back to hide (exclusive), to the root,
 * or to the first commit older than not_before (which is *stop then).
 * Newest first.  *merge set when a commit has more than one parent
 * (public-inbox never writes one): the caller then walks generally. */
ld_status ld_git_walk_back(ld_git *a, size_t e, const git_oid *push, const git_oid *hide,
			   int64_t not_before, wcommit **out, size_t *n, git_oid *stop,
			   int *have_stop, int *merge, ld_err *err)
{
	return walk_back(a, e, push, hide, not_before, out, n, stop, have_stop, merge, NULL, err);
}

/* The commits of epoch e after hide up to push, oldest first, bounded by
 * committer time. */
ld_status ld_git_walk_bounded(ld_git *a, size_t e, const git_oid *push, const git_oid *hide,
			      const ld_range_opts *o, ld_range *r, size_t *cap,
			      unsigned char (**dels)[20], size_t *nd, size_t *dcap, ld_err *err)
{
	wcommit *list;
	size_t n;
	git_oid stop;
	int have_stop, merge;
	ld_status st = ld_git_walk_back(a, e, push, hide, o->not_before, &list, &n, &stop, &have_stop,
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

/* ---- every commit of an epoch, for the archive index ----------------- */

/* What a commit's tree holds: a message `m`, a removal `d`, neither.
 * repo: the calling thread's handle of epoch e. */
static int classify_tree(ld_git *a, size_t e, git_repository *repo, const git_oid *oid,
			 const git_oid *tree, unsigned char blob[20], ld_err *err, ld_status *st)
{
	git_tree *t = NULL;
	*st = LD_OK;
	if (git_tree_lookup(&t, repo, tree) < 0) {
		*st = ld_git_unreadable(a, e, oid, err);
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

/* The tree lookups of an epoch's walk, beside the walk.  The walk is a
 * chain: each commit read (inflated, parsed) gives the id of the next,
 * so it cannot be split; the trees need only the ids the chain has
 * found.  On a first run over kvmarm (21,367 commits) the commits are
 * 0.86 G instructions and the trees 0.16 G (callgrind): past SIDE_START
 * commits a second thread, with its own repository handle (as the
 * parse's workers have: libgit2 objects are not shared between threads;
 * the pack and its caches are libgit2's, shared), looks the trees up
 * while the chain goes on.  A shorter walk (a warm run's few new
 * commits) looks them up after it, on the calling thread. */
enum { SIDE_START = 1024, SIDE_CHUNK = 256 };

struct tree_side {
	ld_git *a;
	size_t e;
	git_oid *queue;           /* commit and tree ids in walk order (newest
	                             first), under mu once the thread runs */
	size_t n_queue, cap_queue;
	int started;              /* the thread runs */
	int ended, cancel;        /* the walk has ended; it failed */
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	git_repository *repo;     /* the thread's */
	/* the looker's (the thread's until joined): per commit in walk order */
	ld_commit *res;
	size_t n_res, cap_res;
	ld_status st;             /* the oldest commit whose tree is unreadable */
	ld_err err;
};

static void side_init(tree_side *s, ld_git *a, size_t e)
{
	memset(s, 0, sizeof(*s));
	s->a = a;
	s->e = e;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
}

/* Looks up the trees of the commits queued from the n_res-th to the
 * hi-th into res, a chunk at a time (the chunk's ids copied under mu
 * when the thread runs: the walk grows the queue meanwhile).  Stops
 * when the walk failed. */
static void side_classify(tree_side *s, git_repository *repo, size_t hi)
{
	git_oid ids[2 * SIDE_CHUNK];
	while (s->n_res < hi) {
		size_t k = hi - s->n_res < SIDE_CHUNK ? hi - s->n_res : SIDE_CHUNK;
		if (s->started)
			pthread_mutex_lock(&s->mu);
		int cancel = s->cancel;
		memcpy(ids, s->queue + 2 * s->n_res, 2 * k * sizeof(git_oid));
		if (s->started)
			pthread_mutex_unlock(&s->mu);
		if (cancel)
			return;
		if (s->n_res + k > s->cap_res) {
			s->cap_res = s->cap_res ? 2 * s->cap_res : 4 * SIDE_CHUNK;
			s->cap_res = s->cap_res < s->n_res + k ? s->n_res + k : s->cap_res;
			s->res = ld_xrealloc(s->res, s->cap_res * sizeof(ld_commit));
		}
		for (size_t i = 0; i < k; i++) {
			ld_commit *c = &s->res[s->n_res++];
			ld_status st;
			memcpy(c->commit, ids[2 * i].id, 20);
			c->kind = classify_tree(s->a, s->e, repo, &ids[2 * i], &ids[2 * i + 1], c->blob,
						&s->err, &st);
			s->st = st ? st : s->st;   /* walk order: the last one is the oldest */
		}
	}
}

static void *side_thread(void *arg)
{
	tree_side *s = arg;
	for (;;) {
		pthread_mutex_lock(&s->mu);
		while (s->n_res == s->n_queue / 2 && !s->ended && !s->cancel)
			pthread_cond_wait(&s->cv, &s->mu);
		size_t hi = s->n_queue / 2;
		int stop = s->cancel || (s->ended && s->n_res == hi);
		pthread_mutex_unlock(&s->mu);
		if (stop)
			return NULL;
		side_classify(s, s->repo, hi);
	}
}

/* The walk found w: its ids queued; the thread started past SIDE_START
 * commits and woken every SIDE_CHUNK. */
static void side_put(tree_side *s, const wcommit *w)
{
	if (s->started)
		pthread_mutex_lock(&s->mu);
	if (s->n_queue + 2 > s->cap_queue) {
		s->cap_queue = s->cap_queue ? 2 * s->cap_queue : 4 * SIDE_CHUNK;
		s->queue = ld_xrealloc(s->queue, s->cap_queue * sizeof(git_oid));
	}
	s->queue[s->n_queue++] = w->id;
	s->queue[s->n_queue++] = w->tree;
	size_t n = s->n_queue / 2;
	if (s->started) {
		if (n % SIDE_CHUNK == 0)
			pthread_cond_signal(&s->cv);
		pthread_mutex_unlock(&s->mu);
	} else if (n == SIDE_START &&
		   git_repository_open_ext(&s->repo, s->a->ep[s->e].path,
					   GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0) {
		s->started = pthread_create(&s->th, NULL, side_thread, s) == 0;
	}
}

/* The walk has ended (failed: cancel): the thread joined, the trees it
 * did not look up looked up here; then res holds every commit queued
 * and st the first failure in archive order. */
static void side_end(tree_side *s, int cancel)
{
	if (s->started) {
		pthread_mutex_lock(&s->mu);
		s->ended = 1;
		s->cancel = cancel;
		pthread_cond_signal(&s->cv);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->th, NULL);
		s->started = 0;
	}
	if (!cancel)
		side_classify(s, s->a->ep[s->e].repo, s->n_queue / 2);
	git_repository_free(s->repo);
	s->repo = NULL;
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
}

/* Not a public-inbox history (a merge): every commit from head back to
 * hide (exclusive), topologically, newest first as ld_git_walk_back
 * lists them. */
static ld_status walk_all(ld_git *a, size_t e, const git_oid *head, const git_oid *hide,
			  wcommit **list, size_t *nl, ld_err *err)
{
	ld_status st = LD_OK;
	size_t cap = 0;
	git_revwalk *w = NULL;
	git_oid oid;
	*list = NULL;
	*nl = 0;
	if (git_revwalk_new(&w, a->ep[e].repo) < 0 ||
	    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL) < 0 ||
	    git_revwalk_push(w, head) < 0 || (hide && git_revwalk_hide(w, hide) < 0)) {
		git_revwalk_free(w);
		ld_err_set(err, LD_E_ARCHIVE, "%s: cannot walk the history (%s); the repository may be damaged: run git fsck there",
			   a->ep[e].path, ld_git_msg());
		return LD_E_ARCHIVE;
	}
	while (!st && git_revwalk_next(&oid, w) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, a->ep[e].repo, &oid) < 0) {
			st = ld_git_unreadable(a, e, &oid, err);
			break;
		}
		wcommit wc = { oid, *git_commit_tree_id(c), (int64_t)git_commit_time(c) };
		LD_VEC_PUSH(*list, *nl, cap, wc);
		git_commit_free(c);
	}
	git_revwalk_free(w);
	return st;
}

/* The commit `after` names (40 hex) into *from, LD_E_REV when it is not
 * in the history of head. */
static ld_status after_commit(ld_git *a, size_t e, const char *after, const git_oid *head,
			      git_oid *from, ld_err *err)
{
	git_commit *c = NULL;
	int gone = git_oid_fromstr(from, after) < 0 ||
		   git_commit_lookup(&c, a->ep[e].repo, from) < 0 ||
		   (git_oid_cmp(from, head) && git_graph_descendant_of(a->ep[e].repo, head, from) != 1);
	git_commit_free(c);
	if (gone) {
		ld_err_set(err, LD_E_REV, "%s: commit %s is no longer in the history", a->ep[e].path, after);
		return LD_E_REV;
	}
	return LD_OK;
}

/* Every commit from head back to hide (exclusive) with its tree's
 * contents, oldest first, into *out (n of them): the first-parent walk
 * with its trees looked up beside it, or (a merge: not public-inbox's)
 * the general walk and its trees after it. */
static ld_status every_commit(ld_git *a, size_t e, const git_oid *head, const git_oid *hide,
			      ld_commit **out, size_t *n, ld_err *err)
{
	wcommit *list;
	size_t nl;
	git_oid stop;
	int have_stop, merge;
	tree_side side;
	side_init(&side, a, e);
	ld_status st = walk_back(a, e, head, hide, 0, &list, &nl, &stop, &have_stop, &merge, &side,
				 err);
	side_end(&side, st || merge);
	if (!st && merge) {
		free(list);
		st = walk_all(a, e, head, hide, &list, &nl, err);
	}
	ld_commit *v = st ? NULL : ld_xcalloc(nl ? nl : 1, sizeof(*v));
	for (size_t i = 0; v && i < nl; i++) {
		const wcommit *wc = &list[nl - 1 - i];   /* oldest first */
		memcpy(v[i].commit, wc->id.id, 20);
		v[i].time = wc->time;
		if (!merge) {
			memcpy(v[i].blob, side.res[nl - 1 - i].blob, 20);
			v[i].kind = side.res[nl - 1 - i].kind;
		} else if (!st) {
			v[i].kind = classify_tree(a, e, a->ep[e].repo, &wc->id, &wc->tree, v[i].blob, err, &st);
		}
	}
	if (!st && !merge && side.st) {
		*err = side.err;
		st = side.st;
	}
	free(list);
	free(side.queue);
	free(side.res);
	if (st)
		free(v);
	*out = st ? NULL : v;
	*n = st ? 0 : nl;
	return st;
}

ld_status ld_git_epoch_commits(ld_archive *arc, size_t e, const char *after, ld_commit **out,
			       size_t *n, char head_hex[41], ld_err *err)
{
	ld_git *a = arc->impl;
	git_oid head, from;
	*out = NULL;
	*n = 0;
	head_hex[0] = 0;
	if (e >= a->n || ld_git_head(a->ep[e].repo, &head) < 0)
		return LD_OK;
	git_oid_tostr(head_hex, 41, &head);
	if (after) {
		ld_status st = after_commit(a, e, after, &head, &from, err);
		if (st)
			return st;
		if (!git_oid_cmp(&from, &head))
			return LD_OK;
	}
	return every_commit(a, e, &head, after ? &from : NULL, out, n, err);
}
