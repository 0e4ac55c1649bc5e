/* run/reread.c - messages read a second time, after the report's pass:
 * the one place where the run reads and parses a message outside the
 * parallel parser (parse.c).  Two questions of the builder need it:
 *   - the postings of the waiting series (report.h, waiting_read): the
 *     waiting list is made from the archive index alone (report/
 *     waiting.c), but its series are usually older than the range, so
 *     what the index does not keep (the files a patch touches, its
 *     in-body author, its commit message) is read again when the report
 *     needs it: with --maintainers and with a filter;
 *   - the excerpts a filtered report did not keep at its intake (report.h,
 *     ld_builder_fetch_excerpts): cover letters that fail the filters
 *     themselves and stay because a patch of their series passes.
 * Both find a message by its index entry (ld_index_item: its epoch,
 * commit and blob, and for a union of inboxes the part, that is the
 * archive, that holds it), never by walking the range.  An excerpt is
 * asked by Message-ID and commit: the entry of that Message-ID in the
 * inbox whose commit it is.  Only when no index answers for the commit
 * (no index: --no-index or no cache; a Message-ID stored twice, whose
 * entry is its first copy) is it looked up in the build's ranges, by
 * commit.  The blob is read from its archive (one reader per archive,
 * made when first needed) and parsed as the range's messages are
 * (ld_msg_parse with the report's needs), on the calling thread: the
 * builder asks for a few messages (a few postings of a few series, the
 * cover letters a filtered report shows).  A blob the archive lacks or
 * cannot inflate stops the run with the archive's error (exit 5) and one
 * line naming the message, as a broken message of the range does; after
 * the first failure nothing more is read.  An mbox or a maildir has no
 * commits: its postings are never deferred (the builder keeps their
 * excerpts) and it has no index, so no waiting list to read. */
#include "run/run.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ld_reread {
	ld_archive *const *a;   /* the archive of each inbox (part of the index) */
	size_t n;
	ld_reader **rd;         /* made when first needed */
	ld_mailctx *mc;
	ld_msg_needs waiting, excerpts;
	/* the build whose excerpts are asked (ld_reread_excerpts) */
	const ld_index *x;
	const ld_range **ranges;   /* n, each may be NULL */
	ld_status st;           /* the first failure, LD_OK */
	ld_err err;
};

/* The message of it, in archive k, parsed with needs into m: what the
 * report's pass makes of the same item (parse.c). */
static ld_status read_item(ld_reread *rr, size_t k, const ld_item *it, const ld_msg_needs *needs,
			   ld_msg *m, ld_err *err)
{
	if (!rr->rd[k])
		rr->rd[k] = ld_reader_new(rr->a[k]);
	if (!rr->mc)
		rr->mc = ld_mailctx_new();
	return ld_parse_one(rr->rd[k], rr->mc, needs, it, m, err);
}

/* Records the first failure: what, which message, why. */
static void fail(ld_reread *rr, ld_status st, const char *what, const char *id, const char *commit,
		 const char *why)
{
	if (rr->st)
		return;
	rr->st = st;
	ld_err_set(&rr->err, st, "%s: <%s> (commit %s): %s", what, id, commit, why);
}

/* ---- the waiting series' postings ------------------------------------- */

static int read_waiting(void *ctx, const ld_index *x, const ld_index_entry *e, ld_msg *m)
{
	ld_reread *rr = ctx;
	ld_item it;
	if (rr->st)
		return -1;
	int k = ld_index_item(x, e, &it);
	if (k < 0 || (size_t)k >= rr->n || !rr->a[k]) {
		rr->st = LD_E_ARCHIVE;
		ld_err_set(&rr->err, LD_E_ARCHIVE, "the archive index names %s, which no archive of the run holds",
			   e->message_id);
		return -1;
	}
	ld_err err;
	ld_status st = read_item(rr, (size_t)k, &it, &rr->waiting, m, &err);
	if (st) {
		fail(rr, st, "waiting series", e->message_id, e->commit ? e->commit : "", err.msg);
		return -1;
	}
	return 0;
}

ld_reread *ld_reread_new(ld_archive *const *a, size_t n, const ld_report_opts *ro)
{
	ld_reread *rr = ld_xcalloc(1, sizeof(*rr));
	rr->a = a;
	rr->n = n;
	rr->rd = ld_xcalloc(n ? n : 1, sizeof(*rr->rd));
	rr->ranges = ld_xcalloc(n ? n : 1, sizeof(*rr->ranges));
	/* the waiting series: the files for --maintainers, --path and
	 * --subsystem; the message for --grep (the in-body author comes with
	 * every posting).  Excerpts: what the report's pass parsed */
	rr->waiting.want_files = 1;
	rr->waiting.want_message = ro->grep != NULL;
	rr->excerpts.want_files = ro->n_paths > 0 || ro->subsystem;
	rr->excerpts.want_message = ro->grep != NULL;
	return rr;
}

void ld_reread_waiting(ld_reread *rr, ld_report_opts *ro)
{
	ro->waiting_read = read_waiting;
	ro->waiting_ctx = rr;
}

/* ---- a filtered report's excerpts ------------------------------------- */

/* The item of the message of Message-ID id in commit (40 hex) of epoch,
 * through the index: the entry of id in the inbox whose copy that
 * commit is; its archive's number, -1 when no inbox's entry is it. */
static int by_entry(const ld_reread *rr, const char *id, const char *commit, int epoch, ld_item *it)
{
	for (size_t k = 0; rr->x && k < rr->n; k++) {
		const ld_index_entry *e = ld_index_find_in(rr->x, k, id);
		if (e && e->epoch == epoch && e->commit && !strcmp(e->commit, commit) &&
		    ld_index_item(rr->x, e, it) == (int)k)
			return (int)k;
	}
	return -1;
}

/* A commit id of 40 lower-case hex digits as bytes; -1 when it is none. */
static int unhex(const char *h, unsigned char out[20])
{
	for (int i = 0; i < 40; i++) {
		int v = h[i] >= '0' && h[i] <= '9' ? h[i] - '0' : h[i] >= 'a' && h[i] <= 'f' ? h[i] - 'a' + 10 : -1;
		if (v < 0)
			return -1;
		out[i / 2] = (unsigned char)(i % 2 ? out[i / 2] << 4 | v : v);
	}
	return h[40] ? -1 : 0;
}

/* A message the index did not place: its commit, epoch and where its
 * excerpt goes. */
typedef struct {
	unsigned char commit[20];
	int epoch;
	size_t slot;
	int found;
	size_t k;               /* with found: its archive and item */
	ld_item it;
} lost;

static int lost_cmp(const void *pa, const void *pb)
{
	const lost *a = pa, *b = pb;
	int c = memcmp(a->commit, b->commit, 20);
	return c ? c : (a->epoch > b->epoch) - (a->epoch < b->epoch);
}

static void found_as(lost *to, const lost *from)
{
	to->found = 1;
	to->k = from->k;
	to->it = from->it;
}

/* The lost messages (sorted) found in the build's ranges: one pass over
 * each, a binary search per item. */
static void by_range(const ld_reread *rr, lost *l, size_t n)
{
	for (size_t k = 0; k < rr->n; k++) {
		const ld_range *r = rr->ranges[k];
		for (size_t i = 0; r && i < r->n; i++) {
			const ld_item *it = &r->items[i];
			if (it->kind != LD_ITEM_GIT)
				continue;
			lost key;
			memcpy(key.commit, it->commit, 20);
			key.epoch = it->epoch;
			lost *f = bsearch(&key, l, n, sizeof(*l), lost_cmp);
			if (f && !f->found) {
				lost hit = { .k = k, .it = *it };
				found_as(f, &hit);
			}
		}
	}
	/* a commit asked twice (two inboxes that share a history): each found */
	for (size_t j = 1; j < n; j++)
		if (!l[j].found && l[j - 1].found && !lost_cmp(&l[j - 1], &l[j]))
			found_as(&l[j], &l[j - 1]);
	for (size_t j = n; j-- > 1;)
		if (!l[j - 1].found && l[j].found && !lost_cmp(&l[j - 1], &l[j]))
			found_as(&l[j - 1], &l[j]);
}

/* The excerpt of one message into *out (NULL when it has none); 0, or
 * -1 after recording the failure. */
static int excerpt(ld_reread *rr, size_t k, const ld_item *it, const char *id, char **out)
{
	ld_msg m;
	ld_err err;
	ld_status st = read_item(rr, k, it, &rr->excerpts, &m, &err);
	if (st)
		fail(rr, st, "cover letter", id, m.commit, err.msg);
	else {
		*out = m.excerpt;
		m.excerpt = NULL;
	}
	ld_msg_release(&m);
	return st ? -1 : 0;
}

static void fetch_excerpts(void *ctx, const char *const *ids, const char *const *commits, const int *epochs,
		  size_t n, char **out)
{
	ld_reread *rr = ctx;
	ld_test_pause("reread");   /* tests/reread.t: the excerpts are read again */
	lost *l = ld_xcalloc(n ? n : 1, sizeof(*l));
	size_t nl = 0;
	for (size_t i = 0; i < n && !rr->st; i++) {
		ld_item it;
		int k = by_entry(rr, ids[i], commits[i], epochs[i], &it);
		if (k >= 0)
			excerpt(rr, (size_t)k, &it, ids[i], &out[i]);
		else if (unhex(commits[i], l[nl].commit))
			fail(rr, LD_E_ARCHIVE, "cover letter", ids[i], commits[i], "no commit id");
		else {
			l[nl].epoch = epochs[i];
			l[nl++].slot = i;
		}
	}
	qsort(l, nl, sizeof(*l), lost_cmp);
	if (nl && !rr->st)
		by_range(rr, l, nl);
	for (size_t j = 0; j < nl && !rr->st; j++) {
		size_t i = l[j].slot;
		if (l[j].found)
			excerpt(rr, l[j].k, &l[j].it, ids[i], &out[i]);
		else
			fail(rr, LD_E_ARCHIVE, "cover letter", ids[i], commits[i],
			     "neither the archive index nor the range holds it");
	}
	free(l);
}

void ld_reread_excerpts(ld_reread *rr, ld_builder *b, const ld_index *x,
			const ld_range *const *ranges)
{
	rr->x = x;
	for (size_t k = 0; k < rr->n; k++)
		rr->ranges[k] = ranges ? ranges[k] : NULL;
	ld_builder_fetch_excerpts(b, fetch_excerpts, rr);
}

ld_status ld_reread_status(const ld_reread *rr, ld_err *err)
{
	if (rr->st && err)
		*err = rr->err;
	return rr->st;
}

void ld_reread_free(ld_reread *rr)
{
	if (!rr)
		return;
	for (size_t k = 0; k < rr->n; k++)
		ld_reader_free(rr->rd[k]);
	free(rr->rd);
	free(rr->ranges);
	if (rr->mc)
		ld_mailctx_free(rr->mc);
	free(rr);
}
