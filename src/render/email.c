/* render/email.c - the text report as a complete mail message, ready for
 * `sendmail -t`.  The text comes from ld_render_text unchanged; the
 * message itself is composed by mail/compose.c (GMime): a Message-ID of
 * its own for each report and run, a Subject that names the list, the
 * days and the filters. */
#include "render/render.h"
#include "mail/mail.h"

#include <stdlib.h>
#include <string.h>

/* The days the report covers, in UTC: --since/--until when given (until
 * is exclusive), else the Date of its first and last message: "for
 * 2025-11-17" or "from 2025-11-17 to 2025-11-18"; the commits as in the
 * text report when there is no date at all (no message). */
static void period(ld_buf *b, const ld_report *r)
{
	int64_t a = r->since ? r->since : r->first_date;
	int64_t z = r->until ? r->until - 1 : r->last_date;
	if (!a && !z) {
		ld_buf_addf(b, "from %s to %s", r->from, r->to);
		return;
	}
	char da[32], dz[32];
	ld_fmt_utc(da, a ? a : z, LD_UTC_DAY);
	ld_fmt_utc(dz, z ? z : a, LD_UTC_DAY);
	if (!strcmp(da, dz))
		ld_buf_addf(b, "for %s", da);
	else
		ld_buf_addf(b, "from %s to %s", da, dz);
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

	/* The Subject: the list, the days and the filters.  ld_mail_compose
	 * keeps it one line and plain. */
	f = open_memstream(&subject, &subject_len);
	if (!f)
		goto out;
	ld_buf p = LD_BUF_INIT;
	period(&p, r);
	char *only = ld_render_filters(r);
	ld_esc_text(f, r->list_name);
	fprintf(f, " mailing list update %s", p.s);
	if (*only) {
		fputs(" (only ", f);
		ld_esc_text(f, only);
		fputc(')', f);
	}
	free(only);
	ld_buf_release(&p);
	if (fclose(f))
		goto out;

	ld_mail_draft d = {
		.from = o->mail_from,
		.to = o->mail_to,
		.subject = subject,
		.date = o->now,
		.body = body,
	};
	mid = ld_mail_message_id(&d);
	d.message_id = mid;
	rc = ld_mail_compose(&d, out);
out:
	free(text);
	free(body);
	free(subject);
	free(mid);
	return rc;
}
