/* report.c - the report model, built from messages in archive order.
 *
 * It keeps what the report prints (postings, series, tables, reviews,
 * threads), never whole messages, so memory follows the report and the
 * number of threads, not the bytes of the range.  Series are grouped as
 * the postings arrive (series.c rules, below); filters, tables and
 * reviews are settled in ld_builder_finish, when every posting is known. */
#include "report/report.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What the builder keeps of a posting beyond ld_posting. */
typedef struct {
	char *sender;          /* lower-cased header From address: series owner */
	char *name, *addr;     /* counted person after mailmap; addr lower-cased */
	char *from;            /* "Name <addr>" of the header From, for entries */
	char *excerpt;         /* entries only */
	char **fixes; size_t n_fixes;
	int stable;
	int pass;              /* passes the filters by itself */
	int sent_by;           /* the header From is not the author (in-body From) */
	uint64_t recipients;   /* ld_msg.recipients */
	char *root;            /* thread root id (thread_root), for the index */
	char *parent;          /* the id it replies to directly (direct_parent) */
} pinfo;

typedef struct {
	char *sender;
	size_t *posts;         /* postings with a counter >= 1 (or none: a single
	                          patch), arrival order; counter order after
	                          settle_missing, each number once */
	size_t n_posts, cap_posts;
	size_t cover;
	size_t first;          /* first posting */
	size_t parent;         /* union-find: the series this one was merged
	                          into; itself while it is a series of its own */
	int pver, ptotal;      /* version and N of its patches, 0 before the
	                          first patch: the patches' N wins over the cover's */
	int absent;            /* numbers of 1..N neither here nor earlier */
	char *head_title;      /* title and Message-ID of a cover letter or */
	char *head_id;         /* patch 1 before the range (index), or NULL */
} sinfo;

/* The series waiting for a message they reply to that has not arrived
 * (a patch stored before its cover letter). */
typedef struct {
	size_t *v;
	size_t n, cap;
} waitlist;

typedef struct {
	char *name, *addr;
	ld_trailer_kind kind;
	size_t target;         /* posting index, or LD_NONE */
	char *target_id;       /* message id replied to, when not a posting */
	char *ancestors;       /* with target_id: In-Reply-To, then References
	                          from the nearest, space-separated (the index
	                          finds the patch among them) */
	int64_t date;          /* of the reply: "earlier" for the index */
} review;

typedef struct {
	char *name;
	unsigned long count;
	size_t first;
} pcount;

typedef struct {
	char *subject;         /* root's subject, else first reply's */
	int root_seen;         /* the root message is in the range */
	char *sender;          /* with root_seen: its lower-cased From address */
	unsigned long replies;
	ld_map people;         /* lower-cased address -> pcount */
	size_t first;
	size_t root_posting;   /* or LD_NONE */
} thread;

struct ld_builder {
	ld_report_opts o;
	ld_report *r;
	pinfo *pi;
	size_t cap_postings, cap_series, cap_applied;
	sinfo *si;
	ld_map by_id;          /* posting message id -> index + 1 */
	ld_map open;           /* sender/version/total/prefix/root -> series + 1 */
	ld_map waiting;        /* message id not seen yet -> waitlist */
	int64_t end;           /* date of the newest message of the range */
	ld_map list_ids;       /* list id -> unsigned long count */
	review *reviews; size_t n_reviews, cap_reviews;
	ld_map threads;        /* root id -> thread */
	ld_map pulls;          /* pull request message id -> index + 1 */
	ld_map reply_roots;    /* reply message id -> its thread's root (heap) */
	size_t cap_pulls;
	int64_t last_date;     /* the newest Date of the range: the index's
	                          messages after it are not looked at */
	size_t n_threads_seen;
	size_t cap_warn;
	size_t seq;
	ld_run_info run;
	size_t n_dated;        /* messages with a Date (or a file date) */
};

ld_builder *ld_builder_new(const ld_report_opts *o)
{
	ld_builder *b = ld_xcalloc(1, sizeof(*b));
	b->o = *o;
	b->r = ld_xcalloc(1, sizeof(ld_report));
	ld_map_init(&b->by_id);
	ld_map_init(&b->open);
	ld_map_init(&b->waiting);
	ld_map_init(&b->list_ids);
	ld_map_init(&b->threads);
	ld_map_init(&b->pulls);
	ld_map_init(&b->reply_roots);
	return b;
}

void ld_builder_set_run(ld_builder *b, const ld_run_info *ri)
{
	b->run = *ri;
}

/* What the header says of the run: the first and last message taken
 * (archive order) and the span of their Dates.  Mbox and maildir
 * messages without a Date count with the date of their From_ line or
 * file when they have one. */
static void note_span(ld_builder *b, const ld_msg *m)
{
	ld_report *r = b->r;
	if (*m->commit) {
		if (!*r->first_commit)
			memcpy(r->first_commit, m->commit, sizeof(r->first_commit));
		memcpy(r->last_commit, m->commit, sizeof(r->last_commit));
	}
	if (m->date_ok || m->date > 0) {
		if (!b->n_dated || m->date < r->first_date)
			r->first_date = m->date;
		if (!b->n_dated || m->date > r->last_date)
			r->last_date = m->date;
		b->n_dated++;
	}
}

/* "2023-11-14 22:13", or "2023-11-14" for a midnight UTC when short
 * (the bounds of a window, often whole days). */
static void date_label(char out[41], int64_t t, int short_ok)
{
	char u[32];
	ld_fmt_utc(u, t, 0);    /* 2023-11-14T22:13:20Z */
	if (short_ok && t % 86400 == 0)
		snprintf(out, 41, "%.10s", u);
	else
		snprintf(out, 41, "%.10s %.5s", u, u + 11);
}

/* The header of the report (see ld_report.by_date). */
static void settle_header(ld_builder *b, const ld_range *range)
{
	ld_report *r = b->r;
	r->since = b->run.since;
	r->until = b->run.until;
	r->by_date = r->since || r->until;
	r->by_state = b->run.state;
	int have = b->n_dated > 0;
	if (b->run.local) {
		/* an mbox or maildir has no commits: the Dates reported */
		if (have) {
			date_label(r->from, r->first_date, 0);
			date_label(r->to, r->last_date, 0);
		} else {
			snprintf(r->from, sizeof(r->from), "none");
			snprintf(r->to, sizeof(r->to), "none");
		}
		r->from_full[0] = r->to_full[0] = 0;
		return;
	}
	if (range) {
		snprintf(r->from, sizeof(r->from), "%.9s", *range->from ? range->from : "start");
		snprintf(r->to, sizeof(r->to), "%.9s", range->to);
		memcpy(r->from_full, range->from, sizeof(r->from_full));
		memcpy(r->to_full, range->to, sizeof(r->to_full));
	}
	/* a window or a state: the title says the dates covered, never the
	 * commit range walked ("from start to <head>" for a week's report) */
	if (r->by_date) {
		if (r->since)
			date_label(r->from, r->since, 1);
		else if (have)
			date_label(r->from, r->first_date, 0);
		else
			snprintf(r->from, sizeof(r->from), "start");
		if (r->until)
			date_label(r->to, r->until, 1);
		else if (have)
			date_label(r->to, r->last_date, 0);
		else
			snprintf(r->to, sizeof(r->to), "now");
	} else if (r->by_state && have) {
		date_label(r->from, r->first_date, 0);
		date_label(r->to, r->last_date, 0);
	}
}

/* The name shown for an address: the display name, or the local part of
 * the address when there is none (as the example's david.laight.linux). */
static char *shown_name(const char *name, const char *addr)
{
	if (*name)
		return ld_xstrdup(name);
	const char *at = strrchr(addr, '@');
	return at ? ld_xstrndup(addr, (size_t)(at - addr)) : ld_xstrdup(addr);
}

/* "Name <addr>", the name shown as shown_name() says. */
static char *name_addr(const char *name, const char *addr)
{
	char *n = shown_name(name, addr);
	ld_buf b;
	ld_buf_init(&b);
	ld_buf_addf(&b, "%s <%s>", n, addr);
	free(n);
	return ld_buf_detach(&b);
}

static char *lower_dup(const char *s)
{
	char *k = ld_xstrdup(s);
	ld_ascii_lower(k);
	return k;
}

/* The person after mailmap: heap name and lower-cased address. */
static void canonical(ld_builder *b, const char *name, const char *addr, char **on, char **oa)
{
	const char *n, *a;
	ld_mailmap_map(b->o.mailmap, name, addr, &n, &a);
	*on = ld_xstrdup(n);
	*oa = lower_dup(a);
}

static void count(ld_map *m, const char *key)
{
	unsigned long **slot = (unsigned long **)ld_map_slot(m, key);
	if (!*slot)
		*slot = ld_xcalloc(1, sizeof(unsigned long));
	(**slot)++;
}

static void add_warnings(ld_builder *b, ld_msg *m)
{
	ld_report *r = b->r;
	unsigned long n = 0;
	for (int k = 0; k < LD_W__COUNT; k++) {
		r->warnings[k] += m->warnings[k];
		n += m->warnings[k];
	}
	if (!n)
		return;
	r->n_warnings += n;
	if (r->n_warn_lines < 1000) {
		ld_buf l;
		ld_buf_init(&l);
		ld_buf_addf(&l, "%.12s %s: %s", m->commit,
			    *m->message_id ? m->message_id : "(no Message-ID)",
			    m->warn_detail ? m->warn_detail : "warning");
		LD_VEC_PUSH(r->warn_lines, r->n_warn_lines, b->cap_warn, ld_buf_detach(&l));
	}
}

/* ---- filters ---- */

static int glob_match(const char *glob, const char *path);

static int has_ci(const char *hay, const char *needle)
{
	return strcasestr(hay, needle) != NULL;
}

static int domain_match(const char *addr, const char *dom)
{
	const char *at = strrchr(addr, '@');
	if (!at)
		return 0;
	const char *d = at + 1;
	size_t dl = strlen(d), ql = strlen(dom);
	if (dl < ql || strcasecmp(d + dl - ql, dom))
		return 0;
	return dl == ql || d[dl - ql - 1] == '.';
}

static int passes(ld_builder *b, const ld_msg *m, const char *label, const char *addr)
{
	const ld_report_opts *o = &b->o;
	if (o->n_authors) {
		int hit = 0;
		for (size_t i = 0; i < o->n_authors && !hit; i++)
			hit = has_ci(label, o->authors[i]);
		if (!hit)
			return 0;
	}
	if (o->n_domains) {
		int hit = 0;
		for (size_t i = 0; i < o->n_domains && !hit; i++)
			hit = domain_match(addr, o->domains[i]);
		if (!hit)
			return 0;
	}
	if (o->grep) {
		const regex_t *re = o->grep;
		if (regexec(re, m->subject, 0, NULL, 0) &&
		    (!m->message || regexec(re, m->message, 0, NULL, 0)))
			return 0;
	}
	if (o->n_paths) {
		int hit = 0;
		for (size_t f = 0; f < m->n_files && !hit; f++)
			for (size_t i = 0; i < o->n_paths && !hit; i++)
				hit = glob_match(o->paths[i], m->files[f]);
		if (!hit)
			return 0;
	}
	return 1;
}

/* --path: a shell glob whose '*' also crosses '/', or a directory prefix
 * ("arch/x86/kvm/" and "arch/x86/kvm" both take arch/x86/kvm/x86.c).
 * A diffstat's ".../tail" matches a glob that ends the same way. */
#include <fnmatch.h>
static int glob_match(const char *glob, const char *path)
{
	if (!strncmp(path, ".../", 4)) {
		/* shortened by diffstat: the glob must end as the tail does */
		size_t pl = strlen(path + 3), gl = strlen(glob);
		return gl >= pl && !strcmp(glob + gl - pl, path + 3);
	}
	if (!fnmatch(glob, path, 0))
		return 1;
	size_t gl = strlen(glob);
	while (gl && glob[gl - 1] == '/')
		gl--;
	return gl && !strncmp(path, glob, gl) && path[gl] == '/';
}

/* ---- series grouping ---- */

static size_t posting_by_id(ld_builder *b, const char *id)
{
	if (!*id)
		return LD_NONE;
	void *v = ld_map_get(&b->by_id, id);
	return v ? (size_t)(uintptr_t)v - 1 : LD_NONE;
}

/* The series a message replying to ids belongs to: the posting it
 * replies to (In-Reply-To, then References from the nearest). */
static size_t replied_posting(ld_builder *b, const ld_msg *m)
{
	size_t p = posting_by_id(b, m->in_reply_to);
	for (size_t i = m->n_refs; p == LD_NONE && i-- > 0;)
		p = posting_by_id(b, m->refs[i]);
	return p;
}

static const char *thread_root(const ld_msg *m)
{
	if (m->n_refs)
		return m->refs[0];
	if (*m->in_reply_to)
		return m->in_reply_to;
	return m->message_id;
}

/* The message m replies to directly: In-Reply-To, else the last
 * References id; "" for a thread starter. */
static const char *direct_parent(const ld_msg *m)
{
	if (*m->in_reply_to)
		return m->in_reply_to;
	return m->n_refs ? m->refs[m->n_refs - 1] : "";
}

/* The series s is part of now (union-find with path halving). */
static size_t series_find(ld_builder *b, size_t s)
{
	while (b->si[s].parent != s) {
		b->si[s].parent = b->si[b->si[s].parent].parent;
		s = b->si[s].parent;
	}
	return s;
}

static size_t new_series(ld_builder *b, size_t post, const ld_msg *m, const char *sender)
{
	ld_report *r = b->r;
	ld_series s;
	memset(&s, 0, sizeof(s));
	s.prefix = ld_subject_prefix(m->subject, &m->subj);
	s.version = m->subj.version;
	s.total = m->subj.counter < 0 ? 1 : m->subj.total;
	s.cover = LD_NONE;
	s.applied = LD_NONE;
	s.date = m->date;
	s.message_id = ld_xstrdup(m->message_id);
	s.prev_message_id = ld_xstrdup("");
	if (r->n_series == b->cap_series) {
		b->cap_series = b->cap_series ? 2 * b->cap_series : 16;
		r->series = ld_xrealloc(r->series, b->cap_series * sizeof(ld_series));
		b->si = ld_xrealloc(b->si, b->cap_series * sizeof(sinfo));
	}
	sinfo si = { ld_xstrdup(sender), NULL, 0, 0, LD_NONE, post, r->n_series, 0, 0, 0, NULL, NULL };
	r->series[r->n_series] = s;
	b->si[r->n_series] = si;
	return r->n_series++;
}

/* The version and tags of series s become those of a posting with a
 * higher version: a series takes the highest version stated. */
static void raise_version(ld_builder *b, size_t s, int version, const char *subject, const ld_subject *subj)
{
	ld_series *se = &b->r->series[s];
	if (version <= se->version)
		return;
	se->version = version;
	free(se->prefix);
	se->prefix = ld_subject_prefix(subject, subj);
}

/* Can patch m of sender join series s found through its References
 * (chain threading, a cover further up)?  Same sender, and the version
 * and N of the patches already there (of the cover while it is alone). */
static int compatible(ld_builder *b, size_t s, const ld_msg *m, const char *sender)
{
	const ld_series *se = &b->r->series[s];
	const sinfo *si = &b->si[s];
	int v = si->pver ? si->pver : se->version;
	int n = si->ptotal ? si->ptotal : se->total;
	return v == m->subj.version && n == m->subj.total && !strcmp(si->sender, sender);
}

/* Does patch m join the series of the cover letter it replies to
 * directly?  The same sender is enough, whatever the cover's version tag
 * or N say ("[PATCH 00/15 v2]" with "[PATCH 01/15]" patches, a v2 cover
 * with v3 patches, a 0/4 cover with five patches): the patches decide.
 * Only a patch of another version than the patches already there starts
 * its own series: a "[PATCH v2 3/5]" resent in reply to the v1 cover is
 * a new version of one patch, not a member of v1. */
static int joins_cover(ld_builder *b, size_t s, const ld_msg *m, const char *sender)
{
	const sinfo *si = &b->si[s];
	return !strcmp(si->sender, sender) && (!si->pver || si->pver == m->subj.version);
}

/* Merges series from into series into (a cover letter that arrived
 * after some of its patches).  The longer list of postings stays in
 * place, so that each posting moves O(log n) times in all. */
static void merge_series(ld_builder *b, size_t into, size_t from)
{
	sinfo *a = &b->si[into], *f = &b->si[from];
	ld_series *sa = &b->r->series[into], *sf = &b->r->series[from];
	if (f->n_posts > a->n_posts) {
		size_t *tv = a->posts, tn = a->n_posts, tc = a->cap_posts;
		a->posts = f->posts, a->n_posts = f->n_posts, a->cap_posts = f->cap_posts;
		f->posts = tv, f->n_posts = tn, f->cap_posts = tc;
	}
	for (size_t i = 0; i < f->n_posts; i++)
		LD_VEC_PUSH(a->posts, a->n_posts, a->cap_posts, f->posts[i]);
	free(f->posts);
	f->posts = NULL;
	f->n_posts = f->cap_posts = 0;
	if (a->cover == LD_NONE)
		a->cover = f->cover;
	if (f->first < a->first)
		a->first = f->first;
	if (!a->pver) {
		a->pver = f->pver;
		a->ptotal = f->ptotal;
	}
	if (sf->version > sa->version) {
		sa->version = sf->version;
		char *t = sa->prefix;
		sa->prefix = sf->prefix;
		sf->prefix = t;
	}
	f->parent = into;
}

/* Series s waits for the message id (its patches reply to it). */
static void wait_for(ld_builder *b, const char *id, size_t s)
{
	waitlist **w = (waitlist **)ld_map_slot(&b->waiting, id);
	if (!*w)
		*w = ld_xcalloc(1, sizeof(waitlist));
	/* a series of 100,000 patches is listed once, not once a patch */
	if ((*w)->n && series_find(b, (*w)->v[(*w)->n - 1]) == s)
		return;
	LD_VEC_PUSH((*w)->v, (*w)->n, (*w)->cap, s);
}

/* Cover letter (series s, message id) arrived: the series of its sender
 * whose patches reply to it, stored before it, become its series. */
static void adopt_waiting(ld_builder *b, size_t s, const char *id)
{
	waitlist *w = ld_map_get(&b->waiting, id);
	if (!w)
		return;
	for (size_t i = 0; i < w->n; i++) {
		size_t o = series_find(b, w->v[i]);
		if (o == s || strcmp(b->si[o].sender, b->si[s].sender))
			continue;
		if (b->si[s].pver && b->si[o].pver != b->si[s].pver)
			continue;   /* another version's patches: as joins_cover */
		merge_series(b, s, o);
	}
}

/* The series of patch m (counter >= 1) of sender among those open:
 * see assign_series. */
static size_t find_series(ld_builder *b, const ld_msg *m, const char *sender, const char *key)
{
	ld_report *r = b->r;
	size_t p = posting_by_id(b, direct_parent(m));
	if (p != LD_NONE) {
		size_t s = series_find(b, r->postings[p].series);
		if (r->postings[p].subj.counter == 0 ? joins_cover(b, s, m, sender)
						      : compatible(b, s, m, sender))
			return s;
	}
	p = replied_posting(b, m);
	if (p != LD_NONE) {
		size_t s = series_find(b, r->postings[p].series);
		if (compatible(b, s, m, sender))
			return s;
	}
	void *v = ld_map_get(&b->open, key);
	return v ? series_find(b, (size_t)(uintptr_t)v - 1) : LD_NONE;
}

/* Rules (b4's, where b4 is right: see joins_cover):
 * - a cover letter (0/N) starts a series, and takes in the patches of
 *   its sender stored before it that reply to it (mail arrives out of
 *   order);
 * - a patch i/N joins the series of the cover letter it replies to
 *   directly when the sender is the same (joins_cover), or the series of
 *   the patch it replies to (chain threading) or of a posting further up
 *   its References when that series has its sender, version and N (so a
 *   v2 sent in reply to v1 without a cover of its own starts its own
 *   series).  b4 takes the whole thread, the messages a patch replies to
 *   included, and so mixes a v2 with the v1 it was sent in reply to; here
 *   only the direct parent may join whatever the tags say;
 * - else the open series of the same sender, version, N, tags and thread
 *   root (patches of a series whose cover is outside the range, or sent
 *   without a cover);
 * - else it starts one; a patch without counter is a series of its own. */
static size_t assign_series(ld_builder *b, size_t post, const ld_msg *m, const char *sender)
{
	int counter = m->subj.counter;
	if (counter < 0) {
		size_t s = new_series(b, post, m, sender);
		LD_VEC_PUSH(b->si[s].posts, b->si[s].n_posts, b->si[s].cap_posts, post);
		b->si[s].pver = m->subj.version;
		b->si[s].ptotal = 1;
		return s;
	}
	size_t s = LD_NONE;
	char *prefix = ld_subject_prefix(m->subject, &m->subj);
	ld_buf key;
	ld_buf_init(&key);
	/* a cover letter is the root of its patches' thread */
	ld_buf_addf(&key, "%s\t%d\t%d\t%s\t%s", sender, m->subj.version, m->subj.total, prefix,
		    counter == 0 ? m->message_id : thread_root(m));
	free(prefix);
	if (counter > 0)
		s = find_series(b, m, sender, key.s);
	if (s == LD_NONE) {
		s = new_series(b, post, m, sender);
		*ld_map_slot(&b->open, key.s) = (void *)(uintptr_t)(s + 1);
		if (counter == 0 && m->reply) {
			/* a cover sent in reply to another message (v2 in
			 * reply to v1) is also open under that thread's root:
			 * its patches, sent in reply to the v1 cover by mistake
			 * (a v1 and v2 mailed together), still find it */
			ld_buf_reset(&key);
			char *pf = ld_subject_prefix(m->subject, &m->subj);
			ld_buf_addf(&key, "%s\t%d\t%d\t%s\t%s", sender, m->subj.version, m->subj.total, pf,
				    thread_root(m));
			free(pf);
			void **slot = ld_map_slot(&b->open, key.s);
			if (!*slot)
				*slot = (void *)(uintptr_t)(s + 1);
		}
	}
	ld_buf_release(&key);
	sinfo *si = &b->si[s];
	if (counter == 0) {
		if (si->cover == LD_NONE)
			si->cover = post;
		if (*m->message_id)
			adopt_waiting(b, s, m->message_id);
	} else {
		LD_VEC_PUSH(si->posts, si->n_posts, si->cap_posts, post);
		if (!si->pver) {
			si->pver = m->subj.version;
			si->ptotal = m->subj.total;
		}
		raise_version(b, s, m->subj.version, m->subject, &m->subj);
		const char *parent = direct_parent(m);
		if (*parent && posting_by_id(b, parent) == LD_NONE)
			wait_for(b, parent, s);
	}
	return s;
}

/* ---- adding messages ---- */

static void add_posting(ld_builder *b, ld_msg *m)
{
	ld_report *r = b->r;
	/* the same mail stored twice (same Message-ID and subject) counts once */
	size_t dup = posting_by_id(b, m->message_id);
	if (dup != LD_NONE && !strcmp(r->postings[dup].subject, m->subject))
		return;

	ld_posting p;
	memset(&p, 0, sizeof(p));
	pinfo pi;
	memset(&pi, 0, sizeof(pi));
	canonical(b, m->author_name, m->author_addr, &pi.name, &pi.addr);
	pi.sender = lower_dup(m->from_addr);
	pi.from = name_addr(m->from_name, m->from_addr);
	pi.excerpt = m->excerpt;
	m->excerpt = NULL;
	for (size_t i = 0; i < m->n_trailers; i++) {
		if (m->trailers[i].kind == LD_T_STABLE)
			pi.stable = 1;
		else if (m->trailers[i].kind == LD_T_FIXES) {
			pi.fixes = ld_xrealloc(pi.fixes, (pi.n_fixes + 1) * sizeof(char *));
			pi.fixes[pi.n_fixes++] = ld_xstrdup(m->trailers[i].value);
		}
	}
	pi.sent_by = strcasecmp(m->author_addr, m->from_addr) != 0;
	pi.recipients = m->recipients;
	pi.root = ld_xstrdup(thread_root(m));
	pi.parent = ld_xstrdup(direct_parent(m));
	p.subject = ld_xstrdup(m->subject);
	p.title = ld_xstrdup(m->subject + m->subj.title);
	p.message_id = ld_xstrdup(m->message_id);
	p.author = name_addr(pi.name, pi.addr);
	pi.pass = passes(b, m, p.author, pi.addr);
	memcpy(p.commit, m->commit, sizeof(p.commit));
	p.date = m->date;
	p.subj = m->subj;

	if (r->n_postings == b->cap_postings) {
		b->cap_postings = b->cap_postings ? 2 * b->cap_postings : 64;
		r->postings = ld_xrealloc(r->postings, b->cap_postings * sizeof(ld_posting));
		b->pi = ld_xrealloc(b->pi, b->cap_postings * sizeof(pinfo));
	}
	size_t idx = r->n_postings++;
	r->postings[idx] = p;
	b->pi[idx] = pi;
	r->postings[idx].series = assign_series(b, idx, m, pi.sender);
	if (*m->message_id && dup == LD_NONE)
		*ld_map_slot(&b->by_id, m->message_id) = (void *)(uintptr_t)(idx + 1);
}

static thread *thread_get(ld_builder *b, const char *root)
{
	thread **slot = (thread **)ld_map_slot(&b->threads, root);
	if (!*slot) {
		*slot = ld_xcalloc(1, sizeof(thread));
		ld_map_init(&(*slot)->people);
		(*slot)->first = b->n_threads_seen++;
		(*slot)->root_posting = LD_NONE;
	}
	return *slot;
}

/* The root message of a thread names it: its subject, and its sender
 * is the thread's author. */
static void thread_root_seen(ld_builder *b, const ld_msg *m)
{
	thread *t = thread_get(b, m->message_id);
	if (t->root_seen)
		return;
	free(t->subject);
	t->subject = ld_xstrdup(m->subject);
	t->sender = lower_dup(m->from_addr);
	t->root_seen = 1;
}

/* An entry of the index that the range may use: not newer than the
 * range's last message, so that the report does not depend on what
 * arrived after it. */
static const ld_index_entry *index_find(const ld_builder *b, const char *id, int64_t not_after)
{
	if (!b->o.index || !*id)
		return NULL;
	const ld_index_entry *e = ld_index_find(b->o.index, id);
	return e && e->date <= not_after ? e : NULL;
}

/* The root of m's thread for discussions: thread_root(); when that root
 * is itself a reply (a parent that named only its own parent, as
 * Outlook's replies do), the root of the root, as the range or else the
 * index knows it, so a thread has one name and one count whatever the
 * range. */
static const char *reply_root(const ld_builder *b, const ld_msg *m)
{
	const char *root = thread_root(m);
	for (int hop = 0; hop < 16; hop++) {
		const char *up = ld_map_get(&b->reply_roots, root);
		if (!up) {
			const ld_index_entry *e = index_find(b, root, m->date);
			up = e && *e->root ? e->root : NULL;
		}
		if (!up || !strcmp(up, root))
			break;
		root = up;
	}
	return root;
}

/* The lower-cased sender of the message that starts m's thread (in the
 * range, else in the index), else of the posting m replies to; NULL when
 * none is known. */
static const char *thread_author(ld_builder *b, const ld_msg *m, size_t target)
{
	const char *root = reply_root(b, m);
	thread *t = ld_map_get(&b->threads, root);
	if (t && t->root_seen)
		return t->sender;
	const ld_index_entry *e = index_find(b, root, m->date);
	if (e)
		return e->from_addr;
	if (target != LD_NONE)
		return b->pi[target].sender;
	return NULL;
}

/* A reply that is a patch from the thread's author (a patch posted in
 * its own thread, a pull request's patches without tags): neither
 * discussion nor review. */
static int patch_in_own_thread(ld_builder *b, const ld_msg *m)
{
	if (!m->body_patch)
		return 0;
	const char *author = thread_author(b, m, replied_posting(b, m));
	return author && !strcasecmp(author, m->from_addr);
}

static void add_review(ld_builder *b, const ld_msg *m, const ld_trailer *tr, size_t target)
{
	review rv;
	memset(&rv, 0, sizeof(rv));
	canonical(b, tr->name, tr->addr, &rv.name, &rv.addr);
	/* "Tested-by: kernel test robot <lkp@intel.com>" is no reviewer */
	if (ld_is_bot(b->o.bots, rv.addr)) {
		free(rv.name);
		free(rv.addr);
		return;
	}
	rv.kind = tr->kind;
	rv.target = target;
	rv.date = m->date;
	if (target == LD_NONE) {
		rv.target_id = ld_xstrdup(*m->in_reply_to ? m->in_reply_to : thread_root(m));
		ld_buf ids;
		ld_buf_init(&ids);
		ld_buf_adds(&ids, m->in_reply_to);
		for (size_t i = m->n_refs; i-- > 0;)
			ld_buf_addf(&ids, "%s%s", ids.len ? " " : "", m->refs[i]);
		rv.ancestors = ld_buf_detach(&ids);
	}
	LD_VEC_PUSH(b->reviews, b->n_reviews, b->cap_reviews, rv);
}

static void add_applied(ld_builder *b, ld_msg *m, size_t target, const char *name, const char *addr)
{
	/* an applied note from the series' own author counts only when it is
	 * firm (their own act, with a branch or b4's commit lines): "this
	 * patch is merged through mm" from an author is news, not a note */
	const char *author = thread_author(b, m, target);
	if (!m->applied_firm && author && !strcasecmp(author, m->from_addr))
		return;
	ld_report *r = b->r;
	ld_applied a;
	memset(&a, 0, sizeof(a));
	a.series = target == LD_NONE ? LD_NONE : r->postings[target].series;
	if (a.series == LD_NONE) {
		size_t k, i = 0;
		while ((k = ld_subject_reply_prefix(m->subject + i)) > 0)
			i += k;
		a.subject = ld_xstrdup(m->subject + i);
	}
	a.to = ld_xstrdup(m->applied);
	/* a bot's notice names who applied */
	a.by = m->applied_by ? ld_xstrdup(m->applied_by) : name_addr(name, addr);
	a.message_id = ld_xstrdup(m->message_id);
	LD_VEC_PUSH(r->applied, r->n_applied, b->cap_applied, a);
}

/* A reply: discussion in its thread, reviews, an applied note.  A bot's
 * mail is no discussion and gives no review, but its notice that a
 * series was applied counts. */
static void add_reply(ld_builder *b, ld_msg *m, const char *name, const char *addr)
{
	size_t target = replied_posting(b, m);
	if (m->applied)
		add_applied(b, m, target, name, addr);
	if (ld_is_bot(b->o.bots, m->from_addr) || ld_is_bot(b->o.bots, addr))
		return;
	thread *t = thread_get(b, reply_root(b, m));
	t->replies++;
	if (!t->subject) {
		size_t k, i = 0;
		while ((k = ld_subject_reply_prefix(m->subject + i)) > 0)
			i += k;
		t->subject = ld_xstrdup(m->subject + i);
	}
	pcount **pc = (pcount **)ld_map_slot(&t->people, addr);
	if (!*pc) {
		*pc = ld_xcalloc(1, sizeof(pcount));
		(*pc)->name = shown_name(name, addr);
		(*pc)->first = b->seq;
	}
	(*pc)->count++;
	for (size_t i = 0; i < m->n_trailers; i++) {
		ld_trailer *tr = &m->trailers[i];
		if (tr->kind == LD_T_REVIEWED || tr->kind == LD_T_ACKED || tr->kind == LD_T_TESTED)
			add_review(b, m, tr, target);
	}
}

/* A pull request ([GIT PULL], [GIT PULL 0/N]) is listed as one; the
 * patches posted inside it ([GIT PULL i/N]) only count for it: they are
 * commits already made, not postings, replies or reviews. */
static void add_pull(ld_builder *b, ld_msg *m)
{
	ld_report *r = b->r;
	if (m->subj.counter > 0)
		return;
	if (*m->message_id && ld_map_get(&b->pulls, m->message_id))
		return;   /* the same mail stored twice */
	ld_pull p;
	memset(&p, 0, sizeof(p));
	p.subject = ld_xstrdup(m->subject);
	p.title = ld_xstrdup(m->subject + m->subj.title);
	p.from = name_addr(m->from_name, m->from_addr);
	p.to = ld_xstrdup(m->pull_to ? m->pull_to : "");
	p.source = ld_xstrdup(m->pull_source ? m->pull_source : "");
	p.patches = m->subj.counter == 0 && m->subj.total > 0 ? (unsigned long)m->subj.total
							      : m->pull_commits;
	p.message_id = ld_xstrdup(m->message_id);
	p.date = m->date;
	LD_VEC_PUSH(r->pulls, r->n_pulls, b->cap_pulls, p);
	if (*m->message_id) {
		*ld_map_slot(&b->pulls, m->message_id) = (void *)(uintptr_t)r->n_pulls;
		/* its replies ("Pulled, thanks.") are a thread named after it */
		thread_root_seen(b, m);
	}
}

void ld_builder_add(ld_builder *b, ld_msg *m)
{
	ld_report *r = b->r;
	b->seq++;
	r->n_messages++;
	note_span(b, m);
	if (m->date > b->last_date)
		b->last_date = m->date;
	/* the end of the report, for "a day after the last one arrived": the
	 * newest usable Date (commit times say when the archive got a
	 * message, which for an imported archive is years after it was
	 * sent).  A sender clock far ahead moves it forward: absent patches
	 * of the last day may then be called missing a day early. */
	if (m->date_ok && m->date > b->end)
		b->end = m->date;
	add_warnings(b, m);
	if (*m->list_id)
		count(&b->list_ids, m->list_id);

	int posting = ld_subject_is_posting(&m->subj);
	if (!posting && ld_subject_is_pull(m->subject, &m->subj)) {
		add_pull(b, m);
		return;
	}
	if (posting)
		add_posting(b, m);
	/* a thread starter: its subject names the thread */
	if (!m->reply && *m->message_id)
		thread_root_seen(b, m);
	/* where a reply's own replies belong */
	if (m->reply && *m->message_id) {
		void **slot = ld_map_slot(&b->reply_roots, m->message_id);
		if (!*slot)
			*slot = ld_xstrdup(reply_root(b, m));
	}
	/* replies: messages in a thread that are not themselves patches */
	if (m->reply && !posting && !patch_in_own_thread(b, m)) {
		char *name, *addr;
		canonical(b, m->from_name, m->from_addr, &name, &addr);
		add_reply(b, m, name, addr);
		free(name);
		free(addr);
	}
}

/* ---- finishing ---- */

static int cmp_row(const void *x, const void *y)
{
	const ld_row *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return ld_casecmp(a->label, b->label);
}

typedef struct {
	unsigned long count;
	ld_map names;        /* name -> unsigned long */
} person;

static void person_count(ld_map *people, const char *name, const char *addr, unsigned long n)
{
	person **slot = (person **)ld_map_slot(people, addr);
	if (!*slot) {
		*slot = ld_xcalloc(1, sizeof(person));
		ld_map_init(&(*slot)->names);
	}
	(*slot)->count += n;
	char *shown = shown_name(name, addr);
	unsigned long **c = (unsigned long **)ld_map_slot(&(*slot)->names, shown);
	if (!*c)
		*c = ld_xcalloc(1, sizeof(unsigned long));
	**c += n;
	free(shown);
}

/* Most used name; ties go to the alphabetically first (case-insensitive). */
static const char *best_name(const person *p)
{
	const char *best = NULL;
	unsigned long bc = 0;
	for (size_t i = 0; i < p->names.cap; i++) {
		if (!p->names.keys[i])
			continue;
		unsigned long c = *(unsigned long *)p->names.vals[i];
		if (!best || c > bc || (c == bc && ld_casecmp(p->names.keys[i], best) < 0)) {
			best = p->names.keys[i];
			bc = c;
		}
	}
	return best ? best : "";
}

static void free_counts(ld_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i])
			free(m->vals[i]);
	ld_map_release(m);
}

static void free_people(ld_map *people)
{
	for (size_t i = 0; i < people->cap; i++) {
		if (!people->keys[i])
			continue;
		person *p = people->vals[i];
		free_counts(&p->names);
		free(p);
	}
	ld_map_release(people);
}

static ld_row *cut(ld_row *rows, size_t k, size_t top, size_t *n, size_t *all)
{
	qsort(rows, k, sizeof(*rows), cmp_row);
	*all = k;
	if (top && k > top) {
		for (size_t i = top; i < k; i++)
			free(rows[i].label);
		k = top;
	}
	*n = k;
	return rows;
}

static ld_row *people_table(ld_map *people, size_t top, size_t *n, size_t *all)
{
	ld_row *rows = ld_xcalloc(people->n + 1, sizeof(ld_row));
	size_t k = 0;
	for (size_t i = 0; i < people->cap; i++) {
		if (!people->keys[i])
			continue;
		person *p = people->vals[i];
		rows[k].label = name_addr(best_name(p), people->keys[i]);
		rows[k++].count = p->count;
	}
	return cut(rows, k, top, n, all);
}

static ld_row *count_table(ld_map *m, size_t top, size_t *n, size_t *all)
{
	ld_row *rows = ld_xcalloc(m->n + 1, sizeof(ld_row));
	size_t k = 0;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		rows[k].label = ld_xstrdup(m->keys[i]);
		rows[k++].count = *(unsigned long *)m->vals[i];
	}
	return cut(rows, k, top, n, all);
}

/* The most common List-Id of the range ("" when none). */
static const char *common_list_id(ld_builder *b)
{
	const char *best = NULL;
	unsigned long bc = 0;
	for (size_t i = 0; i < b->list_ids.cap; i++) {
		if (!b->list_ids.keys[i])
			continue;
		unsigned long c = *(unsigned long *)b->list_ids.vals[i];
		if (c > bc || (c == bc && strcmp(b->list_ids.keys[i], best) < 0)) {
			best = b->list_ids.keys[i];
			bc = c;
		}
	}
	return best ? best : "";
}

/* Is s a list name that can go anywhere as it is: 1 to 64 letters,
 * digits, '-', '.' or '_', starting with a letter or digit?  Real list
 * labels are; a List-Id is written by whoever sent the mail, and one made
 * of RFC 2047 encoded words ("=?UTF-8?Q?ACCOUNT_SUSPENDED...=0D=0ABCC...")
 * would be decoded by mail readers in the Subject it is put in, or would
 * carry '?', '#' or '/' into the lore URL. */
static int ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int plain_token(const char *s, size_t n)
{
	if (!n || n > 64 || !ascii_alnum(s[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!ascii_alnum(s[i]) && !strchr("-._", s[i]))
			return 0;
	return 1;
}

/* The first label of a List-Id: "kvm" of kvm.vger.kernel.org, the name
 * lore.kernel.org uses for the list; NULL when it is not a plain token. */
static char *list_label(const char *id)
{
	const char *dot = strchr(id, '.');
	size_t n = dot ? (size_t)(dot - id) : strlen(id);
	return plain_token(id, n) ? ld_xstrndup(id, n) : NULL;
}

/* The inbox directory's or mbox file's name as a plain token: each other
 * byte becomes '-', cut to 64; "list" when nothing is left. */
static char *token_of(const char *name)
{
	ld_buf b;
	ld_buf_init(&b);
	for (const char *p = name; *p && b.len < 64; p++)
		ld_buf_addc(&b, ascii_alnum(*p) || (b.len && strchr("-._", *p)) ? *p : '-');
	if (!plain_token(b.s, b.len)) {
		ld_buf_release(&b);
		return ld_xstrdup("list");
	}
	return ld_buf_detach(&b);
}

/* --lore-url as given, else https://lore.kernel.org/<label>/ from a
 * List-Id whose label is a plain token, else "" (no links). */
static char *lore_url(ld_builder *b, const char *id)
{
	ld_buf u;
	ld_buf_init(&u);
	if (b->o.lore_url) {
		ld_buf_adds(&u, b->o.lore_url);
		if (u.len && u.s[u.len - 1] != '/')
			ld_buf_addc(&u, '/');
	} else if (*id) {
		char *l = list_label(id);
		if (l)
			ld_buf_addf(&u, "https://lore.kernel.org/%s/", l);
		free(l);
	}
	return ld_buf_detach(&u);
}

/* --list-name as given (the user's own), else the List-Id's label, else
 * the inbox's name, both as plain tokens, upper-cased. */
static char *list_name(ld_builder *b)
{
	if (b->o.list_name)
		return ld_xstrdup(b->o.list_name);
	const char *best = common_list_id(b);
	char *r = *best ? list_label(best) : NULL;
	if (!r)
		r = token_of(b->o.inbox_name ? b->o.inbox_name : "list");
	for (char *p = r; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 32);
	return r;
}

static char **copy_strv(const char *const *v, size_t n)
{
	char **c = n ? ld_xcalloc(n, sizeof(char *)) : NULL;
	for (size_t i = 0; i < n; i++)
		c[i] = ld_xstrdup(v[i]);
	return c;
}

/* The filters as the user gave them, for the report's title. */
static void copy_filters(ld_filters *f, const ld_report_opts *o)
{
	f->paths = copy_strv(o->paths, f->n_paths = o->n_paths);
	f->authors = copy_strv(o->authors, f->n_authors = o->n_authors);
	f->domains = copy_strv(o->domains, f->n_domains = o->n_domains);
	f->grep = o->grep_text ? ld_xstrdup(o->grep_text) : NULL;
}

static int cmp_counter(const void *x, const void *y, void *ctx)
{
	const ld_report *r = ctx;
	const ld_posting *a = &r->postings[*(const size_t *)x], *b = &r->postings[*(const size_t *)y];
	if (a->subj.counter != b->subj.counter)
		return a->subj.counter < b->subj.counter ? -1 : 1;
	return *(const size_t *)x < *(const size_t *)y ? -1 : 1;
}

/* Which postings stay: those that pass the filters, and a cover letter
 * when any posting of its series passes.  Fills keep[] and returns the
 * new index of each posting (LD_NONE when dropped). */
static size_t *settle_filters(ld_builder *b, size_t *kept)
{
	ld_report *r = b->r;
	int *series_pass = ld_xcalloc(r->n_series + 1, sizeof(int));
	for (size_t i = 0; i < r->n_postings; i++)
		if (b->pi[i].pass)
			series_pass[r->postings[i].series] = 1;
	size_t *map = ld_xmalloc((r->n_postings + 1) * sizeof(size_t));
	size_t k = 0;
	for (size_t i = 0; i < r->n_postings; i++) {
		int keep = b->pi[i].pass ||
			   (r->postings[i].subj.counter == 0 && series_pass[r->postings[i].series]);
		map[i] = keep ? k++ : LD_NONE;
	}
	free(series_pass);
	*kept = k;
	return map;
}

static void free_posting(ld_posting *p)
{
	free(p->subject);
	free(p->title);
	free(p->message_id);
	free(p->author);
}

static void free_pinfo(pinfo *pi)
{
	free(pi->sender);
	free(pi->name);
	free(pi->addr);
	free(pi->from);
	free(pi->root);
	free(pi->parent);
	free(pi->excerpt);
	for (size_t j = 0; j < pi->n_fixes; j++)
		free(pi->fixes[j]);
	free(pi->fixes);
}

static void free_series_fields(ld_series *s)
{
	free(s->prefix);
	free(s->title);
	free(s->author);
	free(s->sender);
	free(s->patches);
	free(s->missing);
	free(s->message_id);
	free(s->prev_message_id);
}

/* Drops filtered postings and series, renumbering what stays. */
static void apply_filters(ld_builder *b)
{
	ld_report *r = b->r;
	size_t kept;
	size_t *map = settle_filters(b, &kept);
	if (kept == r->n_postings) {
		free(map);
		return;
	}
	size_t *smap = ld_xmalloc((r->n_series + 1) * sizeof(size_t));
	for (size_t s = 0; s < r->n_series; s++)
		smap[s] = LD_NONE;
	for (size_t i = 0; i < r->n_postings; i++)
		if (map[i] != LD_NONE)
			smap[r->postings[i].series] = 0;
	size_t ns = 0;
	for (size_t s = 0; s < r->n_series; s++) {
		if (smap[s] == LD_NONE) {
			free_series_fields(&r->series[s]);
			free(b->si[s].sender);
			free(b->si[s].posts);
			free(b->si[s].head_title);
			free(b->si[s].head_id);
			continue;
		}
		smap[s] = ns;
		sinfo *si = &b->si[s];
		size_t k = 0;
		for (size_t j = 0; j < si->n_posts; j++)
			if (map[si->posts[j]] != LD_NONE)
				si->posts[k++] = map[si->posts[j]];
		si->n_posts = k;
		si->cover = si->cover == LD_NONE ? LD_NONE : map[si->cover];
		si->first = si->cover;
		for (size_t j = 0; j < k; j++)
			if (si->first == LD_NONE || si->posts[j] < si->first)
				si->first = si->posts[j];
		r->series[ns] = r->series[s];
		b->si[ns] = *si;
		ns++;
	}
	r->n_series = ns;
	for (size_t i = 0, k = 0; i < r->n_postings; i++) {
		if (map[i] == LD_NONE) {
			free_posting(&r->postings[i]);
			free_pinfo(&b->pi[i]);
			continue;
		}
		r->postings[k] = r->postings[i];
		r->postings[k].series = smap[r->postings[k].series];
		b->pi[k] = b->pi[i];
		k++;
	}
	r->n_postings = kept;
	for (size_t i = 0; i < b->n_reviews; i++)
		if (b->reviews[i].target != LD_NONE) {
			b->reviews[i].target = map[b->reviews[i].target];
			if (b->reviews[i].target == LD_NONE)
				b->reviews[i].kind = LD_T_NONE;
		}
	for (size_t i = 0; i < r->n_applied; i++)
		if (r->applied[i].series != LD_NONE)
			r->applied[i].series = smap[r->applied[i].series];
	for (size_t i = 0; i < b->threads.cap; i++) {
		thread *t = b->threads.vals[i];
		if (b->threads.keys[i] && t->root_posting != LD_NONE)
			t->root_posting = map[t->root_posting];
	}
	free(map);
	free(smap);
}

static int cmp_first(const void *x, const void *y, void *ctx)
{
	const ld_builder *b = ctx;
	size_t a = b->si[*(const size_t *)x].first, c = b->si[*(const size_t *)y].first;
	return (a > c) - (a < c);
}

/* Makes the merges of assign_series final: one series per group, in
 * order of first posting, and every index that names a series renamed. */
static void settle_groups(ld_builder *b)
{
	ld_report *r = b->r;
	size_t n = r->n_series;
	size_t *order = ld_xmalloc((n + 1) * sizeof(size_t));
	size_t *map = ld_xmalloc((n + 1) * sizeof(size_t));
	size_t k = 0;
	for (size_t s = 0; s < n; s++)
		if (series_find(b, s) == s)
			order[k++] = s;
	if (k == n) {
		free(order);
		free(map);
		return;
	}
	/* a root's first posting may be older than its own (merged) start */
	qsort_r(order, k, sizeof(size_t), cmp_first, b);
	ld_series *ns = ld_xmalloc((n + 1) * sizeof(ld_series));
	sinfo *nsi = ld_xmalloc((n + 1) * sizeof(sinfo));
	for (size_t i = 0; i < k; i++) {
		map[order[i]] = i;
		ns[i] = r->series[order[i]];
		nsi[i] = b->si[order[i]];
		nsi[i].parent = i;
	}
	for (size_t s = 0; s < n; s++) {
		if (b->si[s].parent == s)
			continue;
		free_series_fields(&r->series[s]);
		free(b->si[s].sender);
		free(b->si[s].posts);
		free(b->si[s].head_title);
		free(b->si[s].head_id);
	}
	for (size_t s = 0; s < n; s++)
		if (b->si[s].parent != s)
			map[s] = map[series_find(b, s)];
	for (size_t i = 0; i < r->n_postings; i++)
		r->postings[i].series = map[r->postings[i].series];
	for (size_t i = 0; i < r->n_applied; i++)
		if (r->applied[i].series != LD_NONE)
			r->applied[i].series = map[r->applied[i].series];
	free(r->series);
	free(b->si);
	r->series = ns;
	b->si = nsi;
	r->n_series = k;
	b->cap_series = n + 1;
	free(order);
	free(map);
}

/* One posting per number, the first that arrived; posts sorted by
 * number.  Linear after the sort (a series of 100,000 patches). */
static void dedup_posts(ld_builder *b, sinfo *si)
{
	ld_report *r = b->r;
	if (si->n_posts)
		qsort_r(si->posts, si->n_posts, sizeof(size_t), cmp_counter, r);
	size_t k = 0;
	for (size_t j = 0; j < si->n_posts; j++) {
		int c = r->postings[si->posts[j]].subj.counter;
		if (k && c >= 0 && r->postings[si->posts[k - 1]].subj.counter == c)
			continue;
		si->posts[k++] = si->posts[j];
	}
	si->n_posts = k;
}

/* The runs of 1..total that are not in the ascending numbers got[]
 * (duplicates allowed); returns how many numbers that is. */
static long absent_spans(const int *got, size_t n, int total, ld_span **out, size_t *n_out)
{
	size_t cap = 0;
	long absent = 0;
	int next = 1;   /* the smallest number not seen yet */
	*out = NULL;
	*n_out = 0;
	for (size_t i = 0; i <= n && next <= total; i++) {
		int c = i < n ? got[i] : total + 1;
		if (c < next)
			continue;
		if (c > next) {
			ld_span sp = { next, c - 1 < total ? c - 1 : total };
			absent += sp.hi - sp.lo + 1;
			LD_VEC_PUSH(*out, *n_out, cap, sp);
		}
		next = c + 1;
	}
	return absent;
}

static int cmp_int(const void *x, const void *y)
{
	int a = *(const int *)x, c = *(const int *)y;
	return (a > c) - (a < c);
}

/* How many distinct numbers of the ascending b[] are not in the
 * ascending a[]. */
static size_t count_new(const int *a, size_t na, const int *b, size_t nb)
{
	size_t i = 0, k = 0;
	for (size_t j = 0; j < nb; j++) {
		if (j && b[j] == b[j - 1])
			continue;
		while (i < na && a[i] < b[j])
			i++;
		if (i == na || a[i] != b[j])
			k++;
	}
	return k;
}

/* Should the absent patches of series s have come to this list?  Only
 * when the mail says so: the cover letter and at least one patch
 * arrived, all sent to the same To and Cc (git send-email without
 * per-patch Cc), and the last of them a day or more before the end of
 * the report (mail takes its time).  Without the cover nothing tells: a
 * stable or AUTOSEL review series Cc's each patch to the lists of its
 * files, and two patches of one author may well share them. */
static int should_have_come(ld_builder *b, const sinfo *si)
{
	ld_report *r = b->r;
	if (si->cover == LD_NONE || !si->n_posts)
		return 0;
	size_t first = si->cover;
	int64_t last = r->postings[first].date;
	for (size_t j = 0; j < si->n_posts; j++) {
		size_t p = si->posts[j];
		if (b->pi[p].recipients != b->pi[first].recipients)
			return 0;
		if (r->postings[p].date > last)
			last = r->postings[p].date;
	}
	return b->end - last >= 86400;
}

/* What the archive index knows of series s from before the range. */
typedef struct {
	ld_builder *b;
	const sinfo *si;
	const char *cover_id;  /* the cover letter's Message-ID, "" unknown */
	int64_t first;         /* date of the series' first posting in the range */
	int *got;              /* numbers found, not in the range */
	size_t n, cap;
	const ld_index_entry *one; /* patch 1 before the range */
	ld_map ids;            /* Message-IDs of the members found */
} earlier_ctx;

/* Is index entry e a posting of the series, before the range?  The
 * rules of assign_series over what the index has: the same sender, not
 * in the range, not newer than the series' first posting here; then a
 * patch that replies to the cover letter (of the version of the patches
 * here), or with their version and N one that replies to a member (chain
 * threading) or, without a known cover, any in the thread.  A thread
 * also holds the versions sent in reply to each other: a v1 patch never
 * replies to the v2 cover. */
static int earlier_member(earlier_ctx *c, const ld_index_entry *e)
{
	const sinfo *si = c->si;
	size_t s = (size_t)(si - c->b->si);
	if (!ld_subject_is_posting(&e->subj) || e->subj.counter < 1 || e->date > c->first ||
	    strcmp(e->from_addr, si->sender) || posting_by_id(c->b, e->message_id) != LD_NONE)
		return 0;
	int v = si->pver ? si->pver : c->b->r->series[s].version;
	int n = si->ptotal ? si->ptotal : c->b->r->series[s].total;
	if (*c->cover_id && !strcmp(e->in_reply_to, c->cover_id))
		return e->subj.version == v || !si->pver;
	if (e->subj.version != v || e->subj.total != n)
		return 0;
	if (!*c->cover_id)
		return 1;
	size_t p = posting_by_id(c->b, e->in_reply_to);
	return ld_map_get(&c->ids, e->in_reply_to) || (p != LD_NONE && c->b->r->postings[p].series == s);
}

static void earlier_one(void *ctx, const ld_index_entry *e)
{
	earlier_ctx *c = ctx;
	if (!earlier_member(c, e))
		return;
	if (*e->message_id)
		*ld_map_slot(&c->ids, e->message_id) = (void *)1;
	LD_VEC_PUSH(c->got, c->n, c->cap, e->subj.counter);
	if (e->subj.counter == 1 && !c->one)
		c->one = e;
}

/* Patches of series s posted before the range, found in the archive
 * index through the thread of its cover letter or first patch: their
 * numbers go to *got (they are "earlier", not missing), and the title of
 * a cover letter or patch 1 from before the range becomes the series'.
 * A message newer than the series' first posting here never counts, so
 * the answer is the same whatever follows the range. */
static void find_earlier(ld_builder *b, size_t s, int **got, size_t *n, size_t *cap)
{
	ld_report *r = b->r;
	sinfo *si = &b->si[s];
	const ld_index *x = b->o.index;
	if (!x || !si->n_posts || r->postings[si->posts[0]].subj.counter < 0)
		return;
	earlier_ctx c = { b, si, "", r->postings[si->first].date, *got, *n, *cap, NULL, { 0 } };
	ld_map_init(&c.ids);
	const char *root;
	const ld_index_entry *cover = NULL;
	if (si->cover != LD_NONE) {
		c.cover_id = r->postings[si->cover].message_id;
		root = b->pi[si->cover].root;
	} else {
		/* the cover letter the patches reply to, if it came before */
		const ld_index_entry *e = ld_index_find(x, b->pi[si->posts[0]].parent);
		if (e && e->subj.counter == 0 && ld_subject_is_posting(&e->subj) && e->date <= c.first &&
		    !strcmp(e->from_addr, si->sender) && posting_by_id(b, e->message_id) == LD_NONE)
			cover = e;
		root = cover ? (*cover->root ? cover->root : cover->message_id) : b->pi[si->posts[0]].root;
		/* chain threading: the patch replies to patch i-1, the root
		 * of the thread is the cover letter */
		const ld_index_entry *re = cover ? NULL : ld_index_find(x, root);
		if (re && re->subj.counter == 0 && ld_subject_is_posting(&re->subj) && re->date <= c.first &&
		    !strcmp(re->from_addr, si->sender) && posting_by_id(b, re->message_id) == LD_NONE)
			cover = re;
		c.cover_id = cover ? cover->message_id : "";
	}
	/* the root itself is no member of its own thread */
	const ld_index_entry *re = ld_index_find(x, root);
	if (re)
		earlier_one(&c, re);
	ld_index_thread(x, root, earlier_one, &c);
	ld_map_release(&c.ids);
	*got = c.got;
	*n = c.n;
	*cap = c.cap;
	if (si->cover != LD_NONE)
		return;
	const ld_index_entry *head = cover ? cover : c.one;
	if (head && (cover || r->postings[si->posts[0]].subj.counter != 1)) {
		si->head_title = ld_xstrdup(head->subject + head->subj.title);
		si->head_id = ld_xstrdup(head->message_id);
		r->series[s].cover_earlier = cover != NULL;
		raise_version(b, s, head->subj.version, head->subject, &head->subj);
	}
}

/* Here, earlier and missing, from every patch received (before filters,
 * which hide patches but do not make them missing).  Missing is kept as
 * runs: a "[PATCH 1/100000]" costs one run, not 99,999 numbers. */
static void settle_missing(ld_builder *b)
{
	ld_report *r = b->r;
	for (size_t s = 0; s < r->n_series; s++) {
		ld_series *se = &r->series[s];
		sinfo *si = &b->si[s];
		dedup_posts(b, si);
		if (si->ptotal)
			se->total = si->ptotal;
		se->here = si->n_posts;
		int *got = ld_xmalloc((si->n_posts + 1) * sizeof(int));
		size_t n = 0;
		for (size_t j = 0; j < si->n_posts; j++) {
			int c = r->postings[si->posts[j]].subj.counter;
			got[n++] = c < 0 ? 1 : c;   /* a single patch is patch 1 of 1 */
		}
		size_t cap = n + 1, nhere = n;
		/* a whole series with its cover letter has nothing earlier:
		 * no need to walk its thread in the index */
		qsort(got, nhere, sizeof(int), cmp_int);
		size_t whole = 0;
		for (size_t j = 0; j < nhere; j++)
			whole += got[j] >= 1 && got[j] <= se->total && (!j || got[j] != got[j - 1]);
		if (si->cover == LD_NONE || whole < (size_t)se->total)
			find_earlier(b, s, &got, &n, &cap);
		/* got[0..nhere) are the numbers here, the rest earlier ones */
		qsort(got, nhere, sizeof(int), cmp_int);
		qsort(got + nhere, n - nhere, sizeof(int), cmp_int);
		se->earlier = count_new(got, nhere, got + nhere, n - nhere);
		qsort(got, n, sizeof(int), cmp_int);
		ld_span *sp;
		size_t nsp;
		si->absent = (int)absent_spans(got, n, se->total, &sp, &nsp);
		free(got);
		if (nsp && should_have_come(b, si)) {
			se->missing = sp;
			se->n_missing = nsp;
		} else {
			free(sp);
		}
	}
}

static void finish_series(ld_builder *b)
{
	ld_report *r = b->r;
	for (size_t s = 0; s < r->n_series; s++) {
		ld_series *se = &r->series[s];
		sinfo *si = &b->si[s];
		se->patches = ld_xmalloc((si->n_posts + 1) * sizeof(size_t));
		if (si->n_posts)
			memcpy(se->patches, si->posts, si->n_posts * sizeof(size_t));
		se->n_patches = si->n_posts;
		se->cover = si->cover;
		size_t head = se->cover != LD_NONE ? se->cover : se->n_patches ? se->patches[0] : si->first;
		se->title = ld_xstrdup(si->head_title ? si->head_title : r->postings[head].title);
		se->author = ld_xstrdup(r->postings[head].author);
		se->sender = ld_xstrdup(b->pi[head].sender);
		free(se->message_id);
		se->message_id = ld_xstrdup(si->head_id ? si->head_id : r->postings[head].message_id);
		se->date = r->postings[si->first].date;
	}
}

static int cmp_reviewer(const void *x, const void *y)
{
	const ld_reviewer *a = x, *b = y;
	if (a->total != b->total)
		return a->total > b->total ? -1 : 1;
	return ld_casecmp(a->label, b->label);
}

typedef struct {
	unsigned long k[4];
	ld_map names;
} rstat;

/* Counts rv for one patch, once per (person, kind, patch): patch is
 * the Message-ID, posting its index when it is in the range (its series
 * then shows the count too). */
static void count_review(ld_builder *b, ld_map *who, ld_map *seen, const review *rv, size_t posting,
			 const char *patch)
{
	ld_buf key;
	ld_buf_init(&key);
	ld_buf_addf(&key, "%s\t%d\t%s", rv->addr, rv->kind, patch);
	void **s = ld_map_slot(seen, key.s);
	ld_buf_release(&key);
	if (*s)
		return;
	*s = (void *)1;
	rstat **st = (rstat **)ld_map_slot(who, rv->addr);
	if (!*st) {
		*st = ld_xcalloc(1, sizeof(rstat));
		ld_map_init(&(*st)->names);
	}
	int idx = rv->kind == LD_T_REVIEWED ? 0 : rv->kind == LD_T_ACKED ? 1 : 2;
	(*st)->k[idx]++;
	char *shown = shown_name(rv->name, rv->addr);
	count(&(*st)->names, shown);
	free(shown);
	if (posting != LD_NONE) {
		ld_series *se = &b->r->series[b->r->postings[posting].series];
		if (idx == 0)
			se->reviewed++;
		else if (idx == 1)
			se->acked++;
		else
			se->tested++;
	}
}

typedef struct {
	ld_builder *b;
	ld_map *who, *seen;
	const review *rv;
	const ld_index_entry *cover;
	size_t found;
} cover_walk;

/* A patch of the cover's series as the index knows it: from the cover's
 * sender, a counter of 1 or more, answering the cover (or in its thread
 * with the cover's version: chained threading), not after the review. */
static void cover_patch(void *ctx, const ld_index_entry *e)
{
	cover_walk *w = ctx;
	const ld_index_entry *c = w->cover;
	size_t posting = posting_by_id(w->b, e->message_id);
	if (!ld_subject_is_posting(&e->subj) || e->subj.counter < 1 ||
	    strcmp(e->from_addr, c->from_addr) || (e->date > w->rv->date && posting == LD_NONE))
		return;
	if (strcmp(e->in_reply_to, c->message_id) && e->subj.version != c->subj.version)
		return;
	count_review(w->b, w->who, w->seen, w->rv, posting, e->message_id);
	w->found++;
}

/* A trailer on a cover letter counts for every patch of its series: those
 * of the range, and (index) those that arrived before the review. */
static size_t count_cover(ld_builder *b, ld_map *who, ld_map *seen, const review *rv,
			  const char *cover_id, const ld_series *se)
{
	size_t n = 0;
	for (size_t j = 0; se && j < se->n_patches; j++, n++)
		count_review(b, who, seen, rv, se->patches[j], b->r->postings[se->patches[j]].message_id);
	/* with filters, only the patches the report shows */
	int filtered = b->o.n_paths || b->o.n_authors || b->o.n_domains || b->o.grep;
	const ld_index_entry *c = filtered ? NULL : index_find(b, cover_id, b->last_date);
	if (c) {
		cover_walk w = { b, who, seen, rv, c, 0 };
		ld_index_thread(b->o.index, c->message_id, cover_patch, &w);
		n += w.found;
	}
	return n;
}

/* A review whose patch is not in the range: the nearest ancestor the
 * index knows as a patch posting; 1 when it was counted. */
static int count_from_index(ld_builder *b, ld_map *who, ld_map *seen, const review *rv)
{
	const char *p = rv->ancestors;
	while (p && *p) {
		const char *sp = strchr(p, ' ');
		char *id = sp ? ld_xstrndup(p, (size_t)(sp - p)) : ld_xstrdup(p);
		p = sp ? sp + 1 : NULL;
		const ld_index_entry *e = index_find(b, id, rv->date);
		free(id);
		if (!e || !ld_subject_is_posting(&e->subj))
			continue;
		if (e->subj.counter != 0 || !count_cover(b, who, seen, rv, e->message_id, NULL))
			count_review(b, who, seen, rv, LD_NONE, e->message_id);
		return 1;
	}
	return 0;
}

/* Each (reviewer, kind, patch) once; a trailer on a cover letter counts
 * for every patch of its series, whether the cover is in the range or
 * (through the index) before it, so that the answer does not depend on
 * where the range starts. */
static void finish_reviews(ld_builder *b)
{
	ld_report *r = b->r;
	int filtered = b->o.n_paths || b->o.n_authors || b->o.n_domains || b->o.grep;
	ld_map who, seen;
	ld_map_init(&who);
	ld_map_init(&seen);
	for (size_t i = 0; i < b->n_reviews; i++) {
		const review *rv = &b->reviews[i];
		if (rv->kind == LD_T_NONE)
			continue;
		if (rv->target == LD_NONE) {
			/* a patch from before the range: it counts for the
			 * reviewer, unless filters ask what the patch is */
			if (!filtered && !count_from_index(b, &who, &seen, rv))
				count_review(b, &who, &seen, rv, LD_NONE, rv->target_id);
			continue;
		}
		const ld_posting *p = &r->postings[rv->target];
		const ld_series *se = &r->series[p->series];
		if (p->subj.counter != 0 || !count_cover(b, &who, &seen, rv, p->message_id, se))
			count_review(b, &who, &seen, rv, rv->target, p->message_id);
	}
	ld_reviewer *rows = ld_xcalloc(who.n + 1, sizeof(ld_reviewer));
	size_t k = 0;
	for (size_t i = 0; i < who.cap; i++) {
		if (!who.keys[i])
			continue;
		rstat *st = who.vals[i];
		const char *best = NULL;
		unsigned long bc = 0;
		for (size_t j = 0; j < st->names.cap; j++) {
			if (!st->names.keys[j])
				continue;
			unsigned long c = *(unsigned long *)st->names.vals[j];
			if (!best || c > bc || (c == bc && ld_casecmp(st->names.keys[j], best) < 0)) {
				best = st->names.keys[j];
				bc = c;
			}
		}
		rows[k].label = name_addr(best ? best : "", who.keys[i]);
		rows[k].reviewed = st->k[0];
		rows[k].acked = st->k[1];
		rows[k].tested = st->k[2];
		rows[k].total = st->k[0] + st->k[1] + st->k[2];
		k++;
		free_counts(&st->names);
		free(st);
	}
	ld_map_release(&who);
	ld_map_release(&seen);
	qsort(rows, k, sizeof(*rows), cmp_reviewer);
	if (b->o.top && k > b->o.top) {
		for (size_t i = b->o.top; i < k; i++)
			free(rows[i].label);
		k = b->o.top;
	}
	r->reviewers = rows;
	r->n_reviewers = k;
}

typedef struct {
	thread *t;
	const char *root;
} tref;

static int cmp_thread(const void *x, const void *y)
{
	const tref *a = x, *b = y;
	if (a->t->replies != b->t->replies)
		return a->t->replies > b->t->replies ? -1 : 1;
	int c = ld_casecmp(a->t->subject ? a->t->subject : "", b->t->subject ? b->t->subject : "");
	return c ? c : (a->t->first > b->t->first) - (a->t->first < b->t->first);
}

static int cmp_pcount(const void *x, const void *y)
{
	const pcount *a = *(pcount *const *)x, *b = *(pcount *const *)y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return ld_casecmp(a->name, b->name);
}

static void finish_discussions(ld_builder *b)
{
	ld_report *r = b->r;
	int filtered = b->o.n_paths || b->o.n_authors || b->o.n_domains || b->o.grep;
	tref *ts = ld_xcalloc(b->threads.n + 1, sizeof(tref));
	size_t k = 0;
	for (size_t i = 0; i < b->threads.cap; i++) {
		if (!b->threads.keys[i])
			continue;
		thread *t = b->threads.vals[i];
		if (!t->replies)
			continue;
		if (filtered) {
			/* with filters, the threads of the reported patches */
			size_t p = posting_by_id(b, b->threads.keys[i]);
			(void)p;
			if (t->root_posting == LD_NONE)
				continue;
		}
		ts[k].t = t;
		ts[k].root = b->threads.keys[i];
		k++;
	}
	qsort(ts, k, sizeof(*ts), cmp_thread);
	if (b->o.top && k > b->o.top)
		k = b->o.top;
	r->discussions = ld_xcalloc(k + 1, sizeof(ld_discussion));
	for (size_t i = 0; i < k; i++) {
		thread *t = ts[i].t;
		ld_discussion *d = &r->discussions[i];
		/* named after its root, wherever the range starts: the
		 * index knows the root when the range does not hold it */
		const ld_index_entry *root = t->root_seen ? NULL : index_find(b, ts[i].root, b->last_date);
		d->subject = ld_xstrdup(root ? root->subject : t->subject ? t->subject : "");
		d->message_id = ld_xstrdup(ts[i].root);
		d->replies = t->replies;
		pcount **pcs = ld_xcalloc(t->people.n + 1, sizeof(pcount *));
		size_t n = 0;
		for (size_t j = 0; j < t->people.cap; j++)
			if (t->people.keys[j])
				pcs[n++] = t->people.vals[j];
		qsort(pcs, n, sizeof(*pcs), cmp_pcount);
		d->participants = ld_xcalloc(n + 1, sizeof(char *));
		for (size_t j = 0; j < n; j++)
			d->participants[j] = ld_xstrdup(pcs[j]->name);
		d->n_participants = n;
		free(pcs);
	}
	r->n_discussions = k;
	free(ts);
}

static void free_threads(ld_builder *b)
{
	for (size_t i = 0; i < b->threads.cap; i++) {
		if (!b->threads.keys[i])
			continue;
		thread *t = b->threads.vals[i];
		for (size_t j = 0; j < t->people.cap; j++)
			if (t->people.keys[j]) {
				pcount *pc = t->people.vals[j];
				free(pc->name);
				free(pc);
			}
		ld_map_release(&t->people);
		free(t->subject);
		free(t->sender);
		free(t);
	}
	ld_map_release(&b->threads);
}

static void free_pull(ld_pull *p)
{
	free(p->subject);
	free(p->title);
	free(p->from);
	free(p->to);
	free(p->source);
	free(p->message_id);
}

/* With filters, the pull requests of the people asked for (--author,
 * --domain); --path and --grep are about patches, which a pull request
 * does not show. */
static void filter_pulls(ld_builder *b)
{
	ld_report *r = b->r;
	const ld_report_opts *o = &b->o;
	if (!(o->n_paths || o->n_authors || o->n_domains || o->grep))
		return;
	size_t k = 0;
	for (size_t i = 0; i < r->n_pulls; i++) {
		ld_pull *p = &r->pulls[i];
		const char *lt = strrchr(p->from, '<');
		char *addr = lt ? ld_xstrndup(lt + 1, strcspn(lt + 1, ">")) : ld_xstrdup("");
		int keep = !o->n_paths && !o->grep;
		if (keep && o->n_authors) {
			int hit = 0;
			for (size_t j = 0; j < o->n_authors && !hit; j++)
				hit = has_ci(p->from, o->authors[j]);
			keep = hit;
		}
		if (keep && o->n_domains) {
			int hit = 0;
			for (size_t j = 0; j < o->n_domains && !hit; j++)
				hit = domain_match(addr, o->domains[j]);
			keep = hit;
		}
		free(addr);
		if (keep)
			r->pulls[k++] = *p;
		else
			free_pull(p);
	}
	r->n_pulls = k;
}

ld_report *ld_builder_finish(ld_builder *b, const ld_range *range)
{
	ld_report *r = b->r;
	r->top = b->o.top;
	/* which posting is each thread's root */
	for (size_t i = 0; i < b->threads.cap; i++)
		if (b->threads.keys[i])
			((thread *)b->threads.vals[i])->root_posting = posting_by_id(b, b->threads.keys[i]);
	settle_groups(b);
	settle_missing(b);
	r->by_path = b->o.n_paths > 0;
	if (b->o.n_paths || b->o.n_authors || b->o.n_domains || b->o.grep)
		apply_filters(b);
	finish_series(b);
	ld_versions_settle(r, b->o.index);

	/* tables and entries from the postings that stay */
	ld_map people, domains, orgs;
	ld_map_init(&people);
	ld_map_init(&domains);
	ld_map_init(&orgs);
	size_t cap_e = 0, cap_f = 0;
	for (size_t i = 0; i < r->n_postings; i++) {
		pinfo *pi = &b->pi[i];
		person_count(&people, pi->name, pi->addr, 1);
		const char *at = strrchr(pi->addr, '@');
		count(&domains, at && at[1] ? at + 1 : "(no domain)");
		if (b->o.orgs) {
			const char *org = ld_orgmap_lookup(b->o.orgs, pi->addr, r->postings[i].date);
			count(&orgs, org ? org : "(Unknown)");
		}
		if (pi->excerpt) {
			ld_entry e;
			memset(&e, 0, sizeof(e));
			e.subject = ld_xstrdup(r->postings[i].subject);
			e.title = ld_xstrdup(r->postings[i].title);
			e.author = ld_xstrdup(r->postings[i].author);
			if (pi->sent_by) {
				e.sender = pi->from;
				pi->from = NULL;
			} else {
				e.sender = ld_xstrdup("");
			}
			e.excerpt = pi->excerpt;
			pi->excerpt = NULL;
			e.message_id = ld_xstrdup(r->postings[i].message_id);
			memcpy(e.commit, r->postings[i].commit, sizeof(e.commit));
			e.series = r->postings[i].series;
			LD_VEC_PUSH(r->entries, r->n_entries, cap_e, e);
		}
		if (pi->n_fixes || pi->stable) {
			ld_fix f = { i, pi->fixes, pi->n_fixes, pi->stable };
			pi->fixes = NULL;
			pi->n_fixes = 0;
			LD_VEC_PUSH(r->fixes, r->n_fixes, cap_f, f);
		}
	}
	r->people = people_table(&people, b->o.top, &r->n_people, &r->all_people);
	r->domains = count_table(&domains, b->o.top, &r->n_domains, &r->all_domains);
	if (b->o.orgs) {
		r->have_orgs = 1;
		r->orgs = count_table(&orgs, b->o.top, &r->n_orgs, &r->all_orgs);
	}
	free_people(&people);
	free_counts(&domains);
	free_counts(&orgs);

	finish_reviews(b);
	finish_discussions(b);
	filter_pulls(b);
	/* applied notes: with filters only those of reported series; the
	 * subject of a known series is its head's */
	int filtered = b->o.n_paths || b->o.n_authors || b->o.n_domains || b->o.grep;
	size_t ka = 0;
	for (size_t i = 0; i < r->n_applied; i++) {
		ld_applied *a = &r->applied[i];
		if (a->series == LD_NONE && (filtered || !a->subject)) {
			free(a->subject);
			free(a->to);
			free(a->by);
			free(a->message_id);
			continue;
		}
		if (a->series != LD_NONE) {
			ld_series *se = &r->series[a->series];
			size_t head = se->cover != LD_NONE ? se->cover : se->n_patches ? se->patches[0] : LD_NONE;
			free(a->subject);
			a->subject = ld_xstrdup(head != LD_NONE ? r->postings[head].subject : se->title);
			if (se->applied == LD_NONE)
				se->applied = ka;
		}
		r->applied[ka++] = *a;
	}
	r->n_applied = ka;

	copy_filters(&r->filters, &b->o);
	r->list_name = list_name(b);
	r->list_id = ld_xstrdup(common_list_id(b));
	r->lore_url = lore_url(b, r->list_id);
	settle_header(b, range);
	if (range) {
		r->n_skipped = range->skipped;
		r->n_deleted = range->deleted;
	}

	for (size_t i = 0; i < r->n_postings; i++)
		free_pinfo(&b->pi[i]);
	free(b->pi);
	for (size_t s = 0; s < r->n_series; s++) {
		free(b->si[s].sender);
		free(b->si[s].posts);
		free(b->si[s].head_title);
		free(b->si[s].head_id);
	}
	free(b->si);
	for (size_t i = 0; i < b->n_reviews; i++) {
		free(b->reviews[i].name);
		free(b->reviews[i].addr);
		free(b->reviews[i].target_id);
		free(b->reviews[i].ancestors);
	}
	free(b->reviews);
	free_threads(b);
	ld_map_release(&b->pulls);
	free_counts(&b->reply_roots);
	ld_map_release(&b->by_id);
	ld_map_release(&b->open);
	for (size_t i = 0; i < b->waiting.cap; i++)
		if (b->waiting.keys[i]) {
			waitlist *w = b->waiting.vals[i];
			free(w->v);
			free(w);
		}
	ld_map_release(&b->waiting);
	free_counts(&b->list_ids);
	free(b);
	return r;
}

void ld_report_free(ld_report *r)
{
	if (!r)
		return;
	ld_row *tables[3] = { r->domains, r->people, r->orgs };
	size_t ns[3] = { r->n_domains, r->n_people, r->n_orgs };
	for (int t = 0; t < 3; t++) {
		for (size_t i = 0; i < ns[t]; i++)
			free(tables[t][i].label);
		free(tables[t]);
	}
	for (size_t i = 0; i < r->n_postings; i++)
		free_posting(&r->postings[i]);
	free(r->postings);
	for (size_t i = 0; i < r->n_entries; i++) {
		free(r->entries[i].subject);
		free(r->entries[i].title);
		free(r->entries[i].author);
		free(r->entries[i].sender);
		free(r->entries[i].excerpt);
		free(r->entries[i].message_id);
	}
	free(r->entries);
	for (size_t i = 0; i < r->n_series; i++)
		free_series_fields(&r->series[i]);
	free(r->series);
	for (size_t i = 0; i < r->n_reviewers; i++)
		free(r->reviewers[i].label);
	free(r->reviewers);
	for (size_t i = 0; i < r->n_discussions; i++) {
		ld_discussion *d = &r->discussions[i];
		free(d->subject);
		free(d->message_id);
		for (size_t j = 0; j < d->n_participants; j++)
			free(d->participants[j]);
		free(d->participants);
	}
	free(r->discussions);
	for (size_t i = 0; i < r->n_applied; i++) {
		free(r->applied[i].subject);
		free(r->applied[i].to);
		free(r->applied[i].by);
		free(r->applied[i].message_id);
	}
	free(r->applied);
	for (size_t i = 0; i < r->n_pulls; i++)
		free_pull(&r->pulls[i]);
	free(r->pulls);
	for (size_t i = 0; i < r->n_fixes; i++) {
		for (size_t j = 0; j < r->fixes[i].n_fixes; j++)
			free(r->fixes[i].fixes[j]);
		free(r->fixes[i].fixes);
	}
	free(r->fixes);
	for (size_t i = 0; i < r->n_warn_lines; i++)
		free(r->warn_lines[i]);
	free(r->warn_lines);
	free(r->list_name);
	free(r->list_id);
	free(r->lore_url);
	char **fv[3] = { r->filters.paths, r->filters.authors, r->filters.domains };
	size_t fn[3] = { r->filters.n_paths, r->filters.n_authors, r->filters.n_domains };
	for (int t = 0; t < 3; t++) {
		for (size_t i = 0; i < fn[t]; i++)
			free(fv[t][i]);
		free(fv[t]);
	}
	free(r->filters.grep);
	free(r);
}
