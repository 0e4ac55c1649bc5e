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
	ld_map_init(&c->addresses.map);
	ld_map_init(&c->ctypes.map);
	return c;
}

void ld_mail_memo_clear(rcpt_memo *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->addr[i]);
	free(r->addr);
	free(r->key);
	memset(r, 0, sizeof(*r));
}

static void memo_release(memo *mm)
{
	for (size_t i = 0; i < mm->map.cap; i++) {
		memo_val *v = mm->map.keys[i] ? mm->map.vals[i] : NULL;
		if (v) {
			free(v->a);
			free(v->b);
			free(v);
		}
	}
	ld_map_release(&mm->map);
	ld_map_init(&mm->map);
	mm->n = 0;
}

const memo_val *ld_memo_get(const memo *mm, const char *key)
{
	return mm->n ? ld_map_get(&mm->map, key) : NULL;
}

void ld_memo_put(memo *mm, const char *key, const char *a, const char *b, int flag)
{
	if (strlen(key) > MEMO_KEY_MAX)
		return;
	if (mm->n >= MEMO_MAX)
		memo_release(mm);
	void **slot = ld_map_slot(&mm->map, key);
	if (*slot)
		return;
	memo_val *v = ld_xcalloc(1, sizeof(*v));
	v->a = a ? ld_xstrdup(a) : NULL;
	v->b = b ? ld_xstrdup(b) : NULL;
	v->flag = flag;
	*slot = v;
	mm->n++;
}

int ld_mail_warned(const ld_msg *w)
{
	for (int k = 0; k < LD_W__COUNT; k++)
		if (w->warnings[k])
			return 1;
	return 0;
}

/* warn() adds one to a count and keeps the first detail given when the
 * message had none: counting in w and then adding w's counts and its
 * first detail to m gives m what counting in m gives. */
void ld_mail_warn_move(ld_msg *m, ld_msg *w)
{
	for (int k = 0; k < LD_W__COUNT; k++) {
		if (m)
			m->warnings[k] += w->warnings[k];
		w->warnings[k] = 0;
	}
	if (m && !m->warn_detail) {
		m->warn_detail = w->warn_detail;
		w->warn_detail = NULL;
	}
	free(w->warn_detail);
	w->warn_detail = NULL;
}

void ld_mailctx_free(ld_mailctx *c)
{
	if (!c)
		return;
	g_mime_parser_options_free(c->opts);
	g_mime_parser_options_free(c->quiet);
	for (int i = 0; i < RCPT_MEMO; i++)
		ld_mail_memo_clear(&c->memo[i]);
	memo_release(&c->addresses);
	memo_release(&c->ctypes);
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
