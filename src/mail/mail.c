/* mail/mail.c - one raw message -> the header fields of ld_msg, through
 * GMime.
 *
 * Every GMime call of the program lives in mail/ (the files are listed in
 * mail/internal.h).  A lore message carries 40-80 header lines (Received,
 * DKIM, ARC) of which the report needs a handful, and GMime's header
 * parsing dominates its cost (../shared/FACTS.md).  So the header block is
 * split into fields first (fields.c, pure: RFC 5322 2.2: name, colon,
 * value, folded continuation lines) and only the fields the report uses
 * are handed to GMime for decoding: encoded words (encword.c), address
 * lists (address.c), dates (date.c), message ids (here).  Bodies go
 * through GMime's MIME parser whole, fed the message's MIME header fields
 * and its body, and only for messages whose body the report needs
 * (body.c, bounds.c). */
#include "mail/internal.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

/* In-Reply-To and References: the parent, the thread's root and the
 * nearest ancestors; a References of 100,000 ids keeps LD_MAX_REFS. */
static void threading(ld_mailctx *c, const char *irt, const char *refs, ld_msg *m)
{
	m->in_reply_to = ld_xstrdup("");
	if (*irt) {
		GMimeReferences *r = g_mime_references_parse(c->opts, irt);
		if (r && g_mime_references_length(r) > 0) {
			free(m->in_reply_to);
			/* the last id: some clients put the ancestors first */
			m->in_reply_to = ld_mail_clean_line(g_strdup(g_mime_references_get_message_id(r, g_mime_references_length(r) - 1)), m);
		}
		if (r)
			g_mime_references_free(r);
	}
	if (*refs) {
		GMimeReferences *r = g_mime_references_parse(c->opts, refs);
		int n = r ? g_mime_references_length(r) : 0;
		/* the first, then the last LD_MAX_REFS - 1 */
		int tail = n <= LD_MAX_REFS ? 1 : n - (LD_MAX_REFS - 1);
		for (int k = 0; k < n; k = k ? k + 1 : tail)
			m->refs[m->n_refs++] = ld_mail_clean_line(g_strdup(g_mime_references_get_message_id(r, k)), m);
		if (r)
			g_mime_references_free(r);
	}
	m->reply = *m->in_reply_to || m->n_refs;
}

void ld_mail_headers(ld_mailctx *c, const char *raw, size_t len, ld_msg *m)
{
	/* a new message: the reader may reuse the buffer of the last one */
	c->f_raw = NULL;
	const fields *fp = ld_mail_fields(c, raw, len);
	const fields f = *fp;
	c->cur = m;
	if (f.bad_lines)
		warn(m, LD_W_HEADER, "header line without a field name");
	if (f.no_separator && len)
		warn(m, LD_W_HEADER, "no blank line after the header block");

	/* the fields every message needs; X-Original-From, Reply-To and Cc
	 * (a kernel Cc runs to kilobytes) only for a From the list rewrote,
	 * the MIME fields are the body's */
	char *v[F__N] = { 0 };
	for (int k = 0; k < F_XORIGFROM; k++)
		v[k] = f.have[k] ? ld_fields_unfold(raw, f.vstart[k], f.end[k]) : ld_xstrdup("");

	m->subject = ld_mail_decode_text(c, v[F_SUBJECT], m);
	ld_mail_address(c, v[F_FROM], &m->from_name, &m->from_addr, m);
	{
		gchar *id = *v[F_MSGID] ? g_mime_utils_decode_message_id(v[F_MSGID]) : NULL;
		m->message_id = ld_mail_clean_line(id ? id : g_strdup(""), m);
	}
	{
		/* the list name in the report comes from here: as clean as
		 * every other header field (UTF-8, no control characters) */
		char *id = ld_fields_angle_id(v[F_LISTID], 1);
		m->list_id = ld_mail_clean_line(g_strdup(id), m);
		free(id);
	}
	threading(c, v[F_IRT], v[F_REFS], m);
	if (ld_dmarc_name(m->from_name)) {
		for (int k = F_XORIGFROM; k <= F_CC; k++)
			v[k] = f.have[k] ? ld_fields_unfold(raw, f.vstart[k], f.end[k]) : ld_xstrdup("");
		ld_mail_undo_dmarc(c, v[F_XORIGFROM], v[F_REPLYTO], v[F_CC], m);
	}
	ld_mail_decode_date(v[F_DATE], m);
	for (int k = 0; k < F__N; k++)
		free(v[k]);
	c->cur = NULL;
}
