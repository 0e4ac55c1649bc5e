/* msg.c - one raw message through the whole per-message path: headers,
 * subject tags, and for patch postings the body, the in-body From and the
 * commit-message excerpt.  The pipeline and the fuzz target
 * (tests/fuzz/msg.c) run this same function. */
#include "ld.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void ld_msg_parse(ld_mailctx *c, const char *raw, size_t len, ld_msg *m)
{
	ld_mail_headers(c, raw, len, m);
	ld_subject_parse(m->subject, &m->subj);
	if (!ld_subject_is_posting(&m->subj))
		return;

	char *body = ld_mail_body_text(c, raw, len, m);
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
	if (ld_subject_is_entry(&m->subj))
		m->excerpt = ld_body_excerpt(body + ib.end);
	ld_inbody_release(&ib);
	free(body);
}
