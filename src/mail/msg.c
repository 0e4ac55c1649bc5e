/* mail/msg.c - one raw message through the whole per-message path: headers,
 * subject tags, and for patch postings the body, the in-body From, the
 * commit-message excerpt, trailers and files; for replies the trailers
 * and "Applied" notes.  The run (run/run.c) and the fuzz target
 * (tests/fuzz/msg.c) run this same function. */
#include "mail/mail.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_TRAILERS = 256, MAX_FILES = 10000 };

typedef struct {
	ld_msg *m;
	ld_map seen;
	size_t cap;
} files_ctx;

static void add_file(void *ctx, const char *path, size_t len)
{
	files_ctx *fc = ctx;
	ld_msg *m = fc->m;
	if (m->n_files >= MAX_FILES || !len)
		return;
	char *p = ld_xstrndup(path, len);
	void **slot = ld_map_slot(&fc->seen, p);
	if (*slot) {
		free(p);
		return;
	}
	*slot = (void *)1;
	LD_VEC_PUSH(m->files, m->n_files, fc->cap, p);
}

/* Trailers and "Applied" notes of a decoded body.  In a posting the
 * commit message ends at "---" or the diff; quoted lines of a reply are
 * somebody else's words. */
static void scan_body(ld_mailctx *c, const char *text, int posting, ld_msg *m)
{
	size_t cap = 0;
	for (const char *l = text; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		if (posting && ((n == 3 && !memcmp(l, "---", 3)) || ld_is_diff_start(l, n)))
			break;
		if (!ld_is_quoted(l, n)) {
			const char *v;
			size_t vl;
			ld_trailer_kind k = ld_trailer_line(l, n, &v, &vl);
			int person = k == LD_T_REVIEWED || k == LD_T_ACKED || k == LD_T_TESTED;
			if (k && (posting ? !person : person) && m->n_trailers < MAX_TRAILERS) {
				ld_trailer t = { k, NULL, NULL, ld_xstrndup(v, vl) };
				if (person) {
					/* a trailer without an address is no broken mail: no warning */
					ld_mail_address(c, t.value, &t.name, &t.addr, NULL);
					if (!strchr(t.addr, '@')) {
						free(t.name);
						free(t.addr);
						free(t.value);
						t.kind = LD_T_NONE;
					}
				}
				if (t.kind)
					LD_VEC_PUSH(m->trailers, m->n_trailers, cap, t);
			}
		}
		l = nl ? nl + 1 : l + n;
	}
	if (posting)
		return;
	ld_applied_note a;
	ld_applied_scan(text, &a);
	if (a.found) {
		m->applied = a.branch;
		m->applied_by = a.by;
		m->applied_firm = a.firm;
	} else {
		ld_applied_note_release(&a);
	}
	m->body_patch = ld_body_has_patch(text);
}

/* A pull request: whom it asks (its greeting, as the recipients name the
 * person), what to pull and how many commits. */
static void pull_request(ld_mailctx *c, const char *raw, size_t len, ld_msg *m)
{
	char *body = ld_mail_body_text(c, raw, len, m);
	ld_pull_text pt;
	ld_pull_parse(body, &pt);
	size_t n;
	char **rcpt = ld_mail_recipients(c, raw, len, &n);
	m->pull_to = ld_pull_addressee(pt.greeting, rcpt, n);
	for (size_t i = 0; i < n; i++)
		free(rcpt[i]);
	free(rcpt);
	m->pull_source = ld_xstrdup(pt.source ? pt.source : "");
	m->pull_commits = pt.commits;
	ld_pull_text_release(&pt);
	free(body);
}

/* Headers always; the body of patch postings, and of replies that may
 * hold trailers or an "Applied" note. */
void ld_msg_parse(ld_mailctx *c, const char *raw, size_t len, const ld_msg_needs *needs, ld_msg *m)
{
	ld_mail_headers(c, raw, len, m);
	ld_subject_parse(m->subject, &m->subj);
	if (needs->headers_only) {
		/* what the archive index keeps of a cover letter's or single
		 * patch's body: the ways to its earlier versions */
		if (needs->index_notes && ld_subject_is_posting(&m->subj) &&
		    (m->subj.counter == 0 || m->subj.counter < 0)) {
			char *body = ld_mail_body_text(c, raw, len, m);
			m->change_id = ld_body_change_id(body);
			m->version_links = ld_body_version_links(body);
			free(body);
		}
		return;
	}
	if (!ld_subject_is_posting(&m->subj) && ld_subject_is_pull(m->subject, &m->subj) &&
	    m->subj.counter <= 0) {
		pull_request(c, raw, len, m);
		return;
	}
	if (!ld_subject_is_posting(&m->subj)) {
		if (m->reply && ld_mail_body_may_matter(c, raw, len)) {
			char *body = ld_mail_body_text(c, raw, len, m);
			scan_body(c, body, 0, m);
			free(body);
		}
		return;
	}

	ld_mail_recipients_hash(c, raw, len, m);
	char *body = ld_mail_body_text(c, raw, len, m);
	if (needs->index_notes && m->subj.counter <= 0) {
		/* the index built in the report's pass: as above */
		m->change_id = ld_body_change_id(body);
		m->version_links = ld_body_version_links(body);
	}
	ld_inbody ib;
	ld_inbody_parse(body, &ib);
	if (ib.from) {
		ld_mail_address(c, ib.from, &m->author_name, &m->author_addr, m);
		if (!strchr(m->author_addr, '@')) {
			free(m->author_name);
			free(m->author_addr);
			m->author_name = NULL;
		}
	}
	if (!m->author_name) {
		m->author_name = ld_xstrdup(m->from_name);
		m->author_addr = ld_xstrdup(m->from_addr);
	}
	const char *text = body + ib.end;
	int entry = ld_subject_is_entry(&m->subj);
	if (entry || needs->want_message) {
		char *e = ld_body_excerpt(text);
		if (entry)
			m->excerpt = e;
		if (needs->want_message)
			m->message = entry ? ld_xstrdup(e) : e;
	}
	scan_body(c, text, 1, m);
	if (needs->want_files) {
		files_ctx fc = { m, { 0 }, 0 };
		ld_map_init(&fc.seen);
		ld_diff_paths(text, add_file, &fc);
		ld_map_release(&fc.seen);
	}
	ld_inbody_release(&ib);
	free(body);
}

void ld_msg_skipped(ld_msg *m, size_t size)
{
	char **fields[] = { &m->subject, &m->from_name, &m->from_addr, &m->message_id,
			    &m->list_id, &m->in_reply_to };
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
		*fields[i] = ld_xstrdup("");
	m->date = m->commit_time;
	ld_subject_parse(m->subject, &m->subj);
	m->warnings[LD_W_SIZE] = 1;
	char d[128];
	snprintf(d, sizeof(d), "message of %zu bytes over the size limit (--max-message-size): skipped", size);
	m->warn_detail = ld_xstrdup(d);
}

void ld_msg_release(ld_msg *m)
{
	free(m->subject);
	free(m->from_name);
	free(m->from_addr);
	free(m->message_id);
	free(m->list_id);
	free(m->author_name);
	free(m->author_addr);
	free(m->excerpt);
	free(m->change_id);
	free(m->version_links);
	free(m->warn_detail);
	free(m->in_reply_to);
	for (size_t i = 0; i < m->n_refs; i++)
		free(m->refs[i]);
	for (size_t i = 0; i < m->n_trailers; i++) {
		free(m->trailers[i].name);
		free(m->trailers[i].addr);
		free(m->trailers[i].value);
	}
	free(m->trailers);
	free(m->applied);
	free(m->applied_by);
	free(m->pull_to);
	free(m->pull_source);
	for (size_t i = 0; i < m->n_files; i++)
		free(m->files[i]);
	free(m->files);
	free(m->message);
}
