/* report/builder.c - the builder's intake: ld_builder_new, the run's
 * metadata, and each message in archive order (ld_builder_add): its
 * warnings and span, a posting (its series: series.c), a pull request,
 * a reply (threads.c).  See builder.h for the whole builder. */
#include "report/builder.h"

ld_builder *ld_builder_new(const ld_report_opts *o)
{
	ld_builder *b = ld_xcalloc(1, sizeof(*b));
	b->o = *o;
	b->r = ld_xcalloc(1, sizeof(ld_report));
	b->r->arena = ld_arena_new();
	ld_map_init(&b->by_id);
	ld_map_init(&b->open);
	ld_map_init(&b->waiting);
	ld_map_init(&b->list_ids);
	ld_map_init(&b->threads);
	ld_map_init(&b->pulls);
	ld_map_init(&b->reply_roots);
	ld_buf_init(&b->probe_text);
	ld_map_init(&b->known);
	b->next_place = -1;
	return b;
}

void ld_builder_fetch_excerpts(ld_builder *b, ld_excerpt_fetch fetch, void *ctx)
{
	b->fetch = fetch;
	b->fetch_ctx = ctx;
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

static void add_warnings(ld_builder *b, const ld_msg *m)
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
		LD_VEC_PUSH(r->warn_lines, r->n_warn_lines, b->cap_warn, ld_arena_detach(r->arena, &l));
	}
}

static void add_posting(ld_builder *b, const ld_msg *m)
{
	ld_report *r = b->r;
	/* the same mail stored twice (same Message-ID and subject) counts once */
	size_t dup = rb_posting_by_id(b, m->message_id);
	if (dup != LD_NONE && !strcmp(r->postings[dup].subject, m->subject))
		return;

	ld_posting p;
	memset(&p, 0, sizeof(p));
	pinfo pi;
	memset(&pi, 0, sizeof(pi));
	rb_canonical(b, m->author_name, m->author_addr, &pi.name, &pi.addr);
	pi.sender = rb_lower_dup(m->from_addr);
	char *label = rb_name_addr(NULL, pi.name, pi.addr);
	pi.pass = rb_passes(b, m, label, pi.addr);
	/* a posting that fails the filters and is no cover letter is dropped
	 * whatever its series does (filters.c, settle_filters): it keeps
	 * only what grouping its series needs before that (subject tags and
	 * date, the subject for a second copy, sender, recipients, thread
	 * ids; memory follows what the report shows).  Its other strings
	 * are "": nothing reads them before the filters drop it. */
	int shown = pi.pass || m->subj.counter == 0 || !rb_filtered(b);
	p.author = shown ? rb_keep(b, label) : rb_empty(b);
	free(label);
	if (!shown) {
		free(pi.name);
		free(pi.addr);
		pi.name = pi.addr = NULL;
	}
	pi.from = shown ? rb_name_addr(r->arena, m->from_name, m->from_addr) : NULL;
	/* a cover letter kept only when a patch of its series passes: its
	 * excerpt is read again then (ld_builder_fetch_excerpts) */
	pi.deferred = shown && !pi.pass && b->fetch && rb_filtered(b) && m->excerpt && *m->commit;
	pi.epoch = m->epoch;
	pi.excerpt = shown && m->excerpt && !pi.deferred ? rb_keep(b, m->excerpt) : NULL;
	for (size_t i = 0; shown && i < m->n_trailers; i++) {
		if (m->trailers[i].kind == LD_T_STABLE)
			pi.stable = 1;
		else if (m->trailers[i].kind == LD_T_FIXES) {
			pi.fixes = ld_xrealloc(pi.fixes, (pi.n_fixes + 1) * sizeof(char *));
			pi.fixes[pi.n_fixes++] = ld_xstrdup(m->trailers[i].value);
		}
	}
	pi.sent_by = strcasecmp(m->author_addr, m->from_addr) != 0;
	pi.recipients = m->recipients;
	pi.root = ld_xstrdup(rb_thread_root(m));
	pi.parent = ld_xstrdup(rb_direct_parent(m));
	p.subject = rb_keep(b, m->subject);
	p.title = shown ? rb_keep(b, m->subject + m->subj.title) : rb_empty(b);
	/* a second posting of one Message-ID keeps it: by_id names only the
	 * first (versions.c asks with a dropped head's id) */
	p.message_id = shown || dup != LD_NONE ? rb_keep(b, m->message_id) : rb_empty(b);
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
	r->postings[idx].series = rb_assign_series(b, idx, m, pi.sender);
	if (*m->message_id && dup == LD_NONE)
		*ld_map_slot(&b->by_id, m->message_id) = (void *)(uintptr_t)(idx + 1);
}

void ld_builder_add(ld_builder *b, const ld_msg *m)
{
	ld_report *r = b->r;
	rb_intake_take(b, m);
	if (b->ib && rb_inbox_duplicate(b, m))
		return;
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
		rb_count(&b->list_ids, m->list_id);

	int posting = ld_subject_is_posting(&m->subj);
	if (!posting && ld_subject_is_pull(m->subject, &m->subj)) {
		rb_add_pull(b, m);
		return;
	}
	if (posting)
		add_posting(b, m);
	/* a thread starter: its subject names the thread */
	if (!m->reply && *m->message_id)
		rb_thread_root_seen(b, m);
	/* where a reply's own replies belong */
	if (m->reply && *m->message_id) {
		void **slot = ld_map_slot(&b->reply_roots, m->message_id);
		if (!*slot)
			*slot = ld_xstrdup(rb_reply_root(b, m));
	}
	/* replies: messages in a thread that are not themselves patches */
	if (m->reply && !posting && !rb_patch_in_own_thread(b, m)) {
		char *name, *addr;
		rb_canonical(b, m->from_name, m->from_addr, &name, &addr);
		rb_add_reply(b, m, name, addr);
		free(name);
		free(addr);
	}
}
