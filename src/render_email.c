/* render_email.c - the text report as a complete mail message, ready for
 * `sendmail -t`.  The text comes from ld_render_text unchanged; the
 * message itself is composed by mail_compose.c (GMime). */
#include "ld.h"
#include "escape.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* A Message-ID that is the same for the same list and range, so a report
 * sent twice is recognised as one message by the receivers:
 * listdigest.<list>.<from>.<to>@<domain of --mail-from>, the list name
 * reduced to [a-z0-9-]. */
static char *message_id(const ld_report *r, const char *mail_from)
{
	ld_buf b;
	ld_buf_init(&b);
	ld_buf_adds(&b, "listdigest.");
	size_t start = b.len;
	for (const unsigned char *p = (const unsigned char *)r->list_name; *p; p++) {
		unsigned char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			ld_buf_addc(&b, (char)c);
		else if (b.len > start && b.s[b.len - 1] != '-')
			ld_buf_addc(&b, '-');
	}
	if (b.len == start)
		ld_buf_adds(&b, "list");
	char *domain = ld_mail_address_domain(mail_from);
	ld_buf_addf(&b, ".%s.%s@%s", r->from, r->to, *domain ? domain : "localhost");
	free(domain);
	return ld_buf_detach(&b);
}

int ld_render_email(const ld_report *r, const ld_render_opts *o, FILE *out)
{
	int rc = -1;
	char *text = NULL, *body = NULL, *subject = NULL, *mid = NULL;
	size_t text_len = 0, body_len = 0, subject_len = 0;

	if (!o->mail_from || !o->mail_to)
		return -1;   /* main.c checks this before any work */

	/* The body is the text report, made valid UTF-8 for charset=UTF-8. */
	FILE *f = open_memstream(&text, &text_len);
	if (!f)
		return -1;
	int bad = ld_render_text(r, o, f);
	if (fclose(f) || bad)
		goto out;
	f = open_memstream(&body, &body_len);
	if (!f)
		goto out;
	ld_esc_utf8(f, text);
	if (fclose(f))
		goto out;

	/* The Subject is the second line of the text report. */
	f = open_memstream(&subject, &subject_len);
	if (!f)
		goto out;
	ld_esc_text(f, r->list_name);
	fprintf(f, " mailing list update from %s to %s", r->from, r->to);
	if (fclose(f))
		goto out;
	for (char *p = subject; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';

	mid = message_id(r, o->mail_from);
	ld_mail_draft d = {
		.from = o->mail_from,
		.to = o->mail_to,
		.subject = subject,
		.date = o->now,
		.message_id = mid,
		.body = body,
	};
	rc = ld_mail_compose(&d, out);
out:
	free(text);
	free(body);
	free(subject);
	free(mid);
	return rc;
}
