/* mail/gmime.c - GMime's process-wide set-up, the per-thread context
 * (parser options, the warnings GMime reports, the fields of the message
 * being read) and the header rule on every decoded header value. */
#include "mail/internal.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

static void gmime_warning(gint64 offset, GMimeParserWarning code, const gchar *item, gpointer data)
{
	(void)offset;
	(void)item;
	struct ld_mailctx *c = data;
	switch (code) {
	case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE:
		warn(c->cur, LD_W_ENCWORD, "invalid RFC 2047 encoded word");
		break;
	case GMIME_WARN_INVALID_CONTENT_TYPE:
	case GMIME_WARN_MALFORMED_MULTIPART:
	case GMIME_WARN_TRUNCATED_MESSAGE:
	case GMIME_WARN_MALFORMED_MESSAGE:
	case GMIME_CRIT_INVALID_HEADER_NAME:
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
	case GMIME_CRIT_NESTING_OVERFLOW:
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
		warn(c->cur, LD_W_MIME, "malformed MIME structure");
		break;
	default:
		/* duplicated headers or parameters, 8-bit headers (legal as
		 * UTF-8 since RFC 6532): GMime copes and so does the report */
		break;
	}
}

static const char *fallback_charsets[] = { "UTF-8", "windows-1252", "iso-8859-1", NULL };

/* GLib aborts when an allocation fails (g_malloc never returns NULL):
 * its error goes through this handler first, which ends the run the
 * way every other out-of-memory does (one line, exit 7). */
static void glib_error(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
	(void)data;
	if (msg && strstr(msg, "failed to allocate"))
		ld_nomem();
	g_log_default_handler(domain, level, msg, NULL);
}

void ld_mail_global_init(void)
{
	g_log_set_handler("GLib", G_LOG_LEVEL_ERROR | G_LOG_FLAG_FATAL, glib_error, NULL);
	g_mime_init();
}

void ld_mail_global_shutdown(void)
{
	g_mime_shutdown();
}

static GMimeParserOptions *parser_options(void)
{
	GMimeParserOptions *o = g_mime_parser_options_new();
	g_mime_parser_options_set_rfc2047_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
	/* only charset and boundary are read, which never hold encoded
	 * words; the loose mode decodes encoded words in every parameter,
	 * in quadratic time on a long "name==?a?b?x=?a?b?x..." */
	g_mime_parser_options_set_parameter_compliance_mode(o, GMIME_RFC_COMPLIANCE_STRICT);
	g_mime_parser_options_set_fallback_charsets(o, fallback_charsets);
	return o;
}

ld_mailctx *ld_mailctx_new(void)
{
	ld_mailctx *c = ld_xcalloc(1, sizeof(*c));
	c->opts = parser_options();
	g_mime_parser_options_set_warning_callback(c->opts, gmime_warning, c);
	c->quiet = parser_options();
	return c;
}

void ld_mailctx_free(ld_mailctx *c)
{
	if (!c)
		return;
	g_mime_parser_options_free(c->opts);
	g_mime_parser_options_free(c->quiet);
	free(c);
}

const fields *ld_mail_fields(ld_mailctx *c, const char *raw, size_t len)
{
	if (c->f_raw != raw || c->f_len != len) {
		ld_fields_split(raw, len, &c->f);
		c->f_raw = raw;
		c->f_len = len;
	}
	return &c->f;
}

/* Makes a decoded header value one clean line of valid UTF-8 (the
 * header rule of classify/sanitize.c: control sequences dropped, other
 * control characters made spaces, the ends trimmed).  Takes a g_malloc'd
 * string, returns a malloc'd one. */
char *ld_mail_clean_line(char *g, ld_msg *m)
{
	if (!g)
		return ld_xstrdup("");
	if (!g_utf8_validate(g, -1, NULL)) {
		gchar *v = g_utf8_make_valid(g, -1);
		g_free(g);
		g = v;
		warn(m, LD_W_CHARSET, "invalid UTF-8 in a header");
	}
	char *r = ld_clean_header(g);
	g_free(g);
	return r;
}
