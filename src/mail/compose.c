/* mail/compose.c - writing a mail message (GMime only, like the files of
 * mail/ that read them).  The email renderer hands over our own strings; GMime does
 * the address syntax, the RFC 2047 encoded words of the Subject, header
 * folding and the transfer encoding of the body. */
#include "mail/mail.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

/* The addresses of s flattened (groups opened), or NULL when s does not
 * parse.  Caller unrefs. */
static InternetAddressList *parse(const char *s)
{
	return internet_address_list_parse(NULL, s);
}

/* Calls fn on every mailbox of list, groups included; stops at nonzero. */
static int each_mailbox(InternetAddressList *list,
			int (*fn)(InternetAddressMailbox *mb, void *arg), void *arg)
{
	int n = internet_address_list_length(list);
	for (int i = 0; i < n; i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);
		int rc;
		if (INTERNET_ADDRESS_IS_GROUP(ia))
			rc = each_mailbox(internet_address_group_get_members(
						  INTERNET_ADDRESS_GROUP(ia)), fn, arg);
		else
			rc = fn(INTERNET_ADDRESS_MAILBOX(ia), arg);
		if (rc)
			return rc;
	}
	return 0;
}

typedef struct {
	int n, bad;
	char *domain;
} scan;

static int scan_mailbox(InternetAddressMailbox *mb, void *arg)
{
	scan *s = arg;
	const char *addr = internet_address_mailbox_get_addr(mb);
	const char *at = addr ? strrchr(addr, '@') : NULL;
	s->n++;
	if (!at || at == addr || !at[1]) {
		s->bad = 1;
		return 1;
	}
	if (!s->domain)
		s->domain = ld_xstrdup(at + 1);
	return 0;
}

static scan scan_list(const char *str)
{
	scan s = { 0, 0, NULL };
	InternetAddressList *list = parse(str);
	if (!list) {
		s.bad = 1;
		return s;
	}
	each_mailbox(list, scan_mailbox, &s);
	g_object_unref(list);
	return s;
}

int ld_mail_address_ok(const char *str, int single)
{
	scan s = scan_list(str);
	free(s.domain);
	return !s.bad && s.n > 0 && (!single || s.n == 1);
}

char *ld_mail_address_domain(const char *str)
{
	scan s = scan_list(str);
	return s.domain ? s.domain : ld_xstrdup("");
}

/* Names are encoded as UTF-8 words, not in the smallest charset GMime
 * would pick (iso-8859-1 for "Zoë"), like the Subject and the body. */
static int utf8_names(InternetAddressMailbox *mb, void *arg)
{
	(void)arg;
	internet_address_set_charset(INTERNET_ADDRESS(mb), "utf-8");
	return 0;
}

/* The Subject as GMime should encode it: one line (controls and line
 * breaks as spaces), and no "=?" left as it is: GMime writes a word of
 * ASCII as it stands, so "=?UTF-8?Q?...?=" in the text would be decoded by
 * mail readers as an encoded word it never was ("= ?" cannot start one).
 * Caller frees. */
static char *plain_subject(const char *s)
{
	ld_buf b;
	ld_buf_init(&b);
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f)
			ld_buf_addc(&b, ' ');
		else if (c == '=' && p[1] == '?')
			ld_buf_adds(&b, "= ");
		else
			ld_buf_addc(&b, (char)c);
	}
	return ld_buf_detach(&b);
}

/* Is s a domain we can put in a Message-ID as it is: labels of letters,
 * digits and '-', separated by single dots? */
static int plain_domain(const char *s)
{
	size_t label = 0, n = 0;
	for (const char *p = s; *p; p++, n++) {
		char c = *p;
		if (c == '.') {
			if (!label)
				return 0;
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || c == '-') {
			label++;
		} else {
			return 0;
		}
	}
	return label > 0 && n <= 253;
}

char *ld_mail_message_id(const ld_mail_draft *d)
{
	/* SHA-256 of what the message says (From, To, Subject, body) and of
	 * the time of the run: two different reports, or the same report
	 * sent at another time, never share a Message-ID (mail stores and
	 * public-inbox drop a message whose Message-ID they have) */
	GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
	const char *parts[] = { d->from, d->to, d->subject, d->body };
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		g_checksum_update(ck, (const guchar *)parts[i], (gssize)strlen(parts[i]) + 1);
	char when[32], stamp[32];
	ld_fmt_utc(when, d->date, LD_UTC_ISO);
	ld_fmt_utc(stamp, d->date, LD_UTC_COMPACT);   /* 20231114T221320Z */
	g_checksum_update(ck, (const guchar *)when, (gssize)strlen(when));
	guint8 digest[32];
	gsize len = sizeof(digest);
	g_checksum_get_digest(ck, digest, &len);
	g_checksum_free(ck);

	ld_buf b;
	ld_buf_init(&b);
	ld_buf_adds(&b, "listdigest.");
	ld_buf_addf(&b, "%s.", stamp);
	for (size_t i = 0; i < 12; i++)
		ld_buf_addf(&b, "%02x", digest[i]);
	char *domain = ld_mail_address_domain(d->from);
	ld_buf_addf(&b, "@%s", plain_domain(domain) ? domain : "localhost");
	free(domain);
	return ld_buf_detach(&b);
}

int ld_mail_compose(const ld_mail_draft *d, FILE *out)
{
	int rc = -1;
	GMimeMessage *msg = g_mime_message_new(TRUE);
	InternetAddressList *from = parse(d->from), *to = parse(d->to);
	GMimeTextPart *part = g_mime_text_part_new_with_subtype("plain");
	GMimeStream *body = g_mime_stream_mem_new_with_buffer(d->body, strlen(d->body));
	GMimeDataWrapper *content = g_mime_data_wrapper_new_with_stream(body, GMIME_CONTENT_ENCODING_DEFAULT);
	GMimeStream *mem = g_mime_stream_mem_new();
	GDateTime *date = g_date_time_new_from_unix_utc(d->date);

	if (!from || !to || !date)
		goto out;
	each_mailbox(from, utf8_names, NULL);
	each_mailbox(to, utf8_names, NULL);
	internet_address_list_append(g_mime_message_get_from(msg), from);
	internet_address_list_append(g_mime_message_get_to(msg), to);
	char *subject = plain_subject(d->subject);
	g_mime_message_set_subject(msg, subject, "utf-8");
	free(subject);
	g_mime_message_set_date(msg, date);
	g_mime_message_set_message_id(msg, d->message_id);
	/* RFC 3834: made by a program, so vacation responders and other
	 * robots do not answer it */
	g_mime_object_set_header(GMIME_OBJECT(msg), "Auto-Submitted", "auto-generated", "utf-8");

	/* The body stays UTF-8 as given (g_mime_text_part_set_text would
	 * convert it to the smallest charset that fits). */
	g_mime_part_set_content(GMIME_PART(part), content);
	g_mime_text_part_set_charset(part, "utf-8");
	/* 7bit when it is ASCII with short lines and no "From " at a line
	 * start (GMime answers DEFAULT or 7BIT then), else quoted-printable
	 * (never base64: the body is text people may read raw). */
	GMimeContentEncoding enc = g_mime_part_get_best_content_encoding(
		GMIME_PART(part), GMIME_ENCODING_CONSTRAINT_7BIT);
	if (enc == GMIME_CONTENT_ENCODING_DEFAULT || enc == GMIME_CONTENT_ENCODING_7BIT)
		enc = GMIME_CONTENT_ENCODING_7BIT;
	else
		enc = GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
	g_mime_part_set_content_encoding(GMIME_PART(part), enc);
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(part));

	if (g_mime_object_write_to_stream(GMIME_OBJECT(msg), NULL, mem) < 0)
		goto out;
	GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	if (fwrite(bytes->data, 1, bytes->len, out) != bytes->len)
		goto out;
	rc = ferror(out) ? -1 : 0;
out:
	if (date)
		g_date_time_unref(date);
	if (from)
		g_object_unref(from);
	if (to)
		g_object_unref(to);
	g_object_unref(mem);
	g_object_unref(content);
	g_object_unref(body);
	g_object_unref(part);
	g_object_unref(msg);
	return rc;
}
