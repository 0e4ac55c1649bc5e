/* git_range.c - the range of a run over the epochs: FROM and TO
 * resolved across epochs, --state marks (and their recovery after a
 * history rewrite), --since/--until bounds on commit time. */
#include "source/git.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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
static ld_status resolve(ld_git *a, const char *what, const char *rev,
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
			int reach = ld_git_head(a->ep[i].repo, &head) == 0 &&
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

/* In list (newest first), the newest commit holding the message mk
 * reported last, not newer than its time when times were kept, else
 * newer; (size_t)-1 when none. */
static size_t find_message(ld_git *a, size_t e, const wcommit *list, size_t n, const ld_mark *mk,
			   const ld_range_opts *o)
{
	git_repository *repo = a->ep[e].repo;
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
		    ld_git_blob_size(odb, git_tree_entry_id(m)) <= (int64_t)ld_archive_max_message(a->arc) &&
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
	return found == (size_t)-1 ? loose : found;
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
static ld_status recover(ld_git *a, size_t e, const git_oid *push, const ld_mark *mk,
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
	ld_status st = ld_git_walk_back(a, e, push, have_base ? &base : NULL, have_base ? 0 : floor,
				 &list, &n, &stop, &have_stop, &merge, err);
	if (st)
		return st;
	const char *how = NULL;
	size_t found = find_message(a, e, list, n, mk, o);
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

/* Resolves FROM (exclusive, NULL = start: *fe 0) and TO (inclusive, NULL
 * = the newest commit of the newest epoch that has one) to epochs and
 * commits; sets r->from and r->to. */
static ld_status bounds(ld_git *a, const char *from, const char *to, size_t *fe,
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
		while (ld_git_head(a->ep[*te].repo, toid) < 0) {
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

/* Without a state and bounds this is the plain FROM..TO range: each
 * epoch from FROM's (after FROM) to TO's, whole in between. */
ld_status ld_git_range(ld_archive *arc, const ld_range_opts *o, ld_range *r, ld_err *err)
{
	ld_git *a = arc->impl;
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
		else if (ld_git_head(repo, &push) < 0)
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
		st = ld_git_walk_bounded(a, e, &push, have_hide ? &hide : NULL, o, r, &cap, &dels, &nd,
				  &dcap, err);
	}
	if (!st)
		ld_git_drop_deleted(r, dels, nd);
	free(dels);
	if (st)
		ld_range_release(r);
	return st;
}
