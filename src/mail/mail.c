/* mail.c - one raw message -> the fields of ld_msg, through GMime.
 *
 * Every GMime call of the program lives here.  A lore message carries
 * 40-80 header lines (Received, DKIM, ARC) of which the report needs a
 * handful, and GMime's header parsing dominates its cost (FACTS.md).  So
 * the header block is split into fields here (RFC 5322 2.2: name, colon,
 * value, folded continuation lines) and only the fields the report uses
 * are handed to GMime for decoding: encoded words, address lists, dates,
 * message ids.  Bodies go through GMime's MIME parser whole, fed the
 * message's MIME header fields and its body, and only for messages whose
 * body the report needs. */
#include "mail/mail.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The header fields read: enum name and field name, in one list. */
#define FIELDS(X) \
	X(F_FROM, "From") X(F_SUBJECT, "Subject") X(F_MSGID, "Message-ID") \
	X(F_DATE, "Date") X(F_LISTID, "List-Id") X(F_IRT, "In-Reply-To") \
	X(F_REFS, "References") X(F_XORIGFROM, "X-Original-From") \
	X(F_REPLYTO, "Reply-To") X(F_CC, "Cc") \
	/* the MIME fields, last: see ld_mail_body_text */ \
	X(F_CTYPE, "Content-Type") X(F_CTE, "Content-Transfer-Encoding") \
	X(F_MIMEVER, "MIME-Version") \
	/* pull requests and postings only: ld_mail_recipients(_hash) */ \
	X(F_TO, "To")
#define AS_ENUM(e, s) e,
#define AS_NAME(e, s) s,
#define AS_LEN(e, s) sizeof(s) - 1,
enum { FIELDS(AS_ENUM) F__N };
static const char *const field_names[F__N] = { FIELDS(AS_NAME) };
static const unsigned char field_lens[F__N] = { FIELDS(AS_LEN) };
#undef AS_ENUM
#undef AS_NAME
#undef AS_LEN

/* Where the fields of one message are: spans into the raw bytes. */
typedef struct {
	size_t line[F__N], vstart[F__N], end[F__N]; /* whole field; value */
	int have[F__N];
	size_t body;        /* offset of the body */
	int bad_lines;
	int no_separator;
} fields;

struct ld_mailctx {
	GMimeParserOptions *opts;
	GMimeParserOptions *quiet;  /* the same without the warning callback */
	ld_msg *cur;        /* message whose warnings the callback counts */
	/* the fields of the message last split: headers, body and the
	 * body check of one message split its header block once */
	const char *f_raw;
	size_t f_len;
	fields f;
};

static void warn(ld_msg *m, ld_warn_kind k, const char *detail)
{
	if (!m)
		return;
	m->warnings[k]++;
	if (!m->warn_detail && detail)
		m->warn_detail = ld_xstrdup(detail);
}

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

/* Skips the mbox "From " line old public-inbox blobs begin with. */
static size_t skip_mbox_from(const char *raw, size_t len)
{
	if (len >= 5 && !memcmp(raw, "From ", 5)) {
		const char *nl = memchr(raw, '\n', len);
		return nl ? (size_t)(nl - raw) + 1 : len;
	}
	return 0;
}

static size_t eol(const char *raw, size_t len, size_t i)
{
	const char *nl = memchr(raw + i, '\n', len - i);
	return nl ? (size_t)(nl - raw) : len;
}

static int blank_line(const char *raw, size_t s, size_t e)
{
	return e == s || (e == s + 1 && raw[s] == '\r');
}

static void split_fields(const char *raw, size_t len, fields *f);

static const fields *get_fields(ld_mailctx *c, const char *raw, size_t len)
{
	if (c->f_raw != raw || c->f_len != len) {
		split_fields(raw, len, &c->f);
		c->f_raw = raw;
		c->f_len = len;
	}
	return &c->f;
}

static void split_fields(const char *raw, size_t len, fields *f)
{
	memset(f, 0, sizeof(*f));
	size_t i = skip_mbox_from(raw, len);
	while (i < len) {
		size_t e = eol(raw, len, i);
		if (blank_line(raw, i, e)) {
			f->body = e < len ? e + 1 : len;
			return;
		}
		size_t fe = e;
		/* continuation lines */
		while (fe + 1 < len && (raw[fe + 1] == ' ' || raw[fe + 1] == '\t'))
			fe = eol(raw, len, fe + 1);
		const char *colon = memchr(raw + i, ':', e - i);
		if (!colon || raw[i] == ' ' || raw[i] == '\t') {
			f->bad_lines++;
		} else {
			size_t nl = (size_t)(colon - raw) - i;
			while (nl && (raw[i + nl - 1] == ' ' || raw[i + nl - 1] == '\t'))
				nl--;
			for (int k = 0; k < F__N; k++) {
				if (f->have[k] || field_lens[k] != nl ||
				    strncasecmp(raw + i, field_names[k], nl))
					continue;
				f->have[k] = 1;
				f->line[k] = i;
				f->vstart[k] = (size_t)(colon - raw) + 1;
				f->end[k] = fe;
			}
		}
		i = fe < len ? fe + 1 : len;
	}
	f->body = len;
	f->no_separator = 1;
}

/* Unfolds a raw header value: a line break and the white space around it
 * become one space; NUL bytes become spaces; the ends are trimmed. */
static char *unfold(const char *raw, size_t s, size_t e)
{
	ld_buf b;
	ld_buf_init(&b);
	for (size_t i = s; i < e; i++) {
		char ch = raw[i];
		if (ch == '\r' || ch == '\n') {
			while (b.len && (b.s[b.len - 1] == ' ' || b.s[b.len - 1] == '\t'))
				b.len--;
			while (i + 1 < e && (raw[i + 1] == '\r' || raw[i + 1] == '\n' ||
					     raw[i + 1] == ' ' || raw[i + 1] == '\t'))
				i++;
			ld_buf_addc(&b, ' ');
			continue;
		}
		/* copy the run up to the next line break or NUL at once */
		size_t j = i;
		while (j < e && raw[j] && raw[j] != '\r' && raw[j] != '\n')
			j++;
		if (j > i) {
			ld_buf_add(&b, raw + i, j - i);
			i = j - 1;
		} else {
			ld_buf_addc(&b, ' ');
		}
	}
	size_t a = 0;
	while (a < b.len && (b.s[a] == ' ' || b.s[a] == '\t'))
		a++;
	while (b.len > a && (b.s[b.len - 1] == ' ' || b.s[b.len - 1] == '\t'))
		b.len--;
	char *r = ld_xstrndup(b.s + a, b.len - a);
	ld_buf_release(&b);
	return r;
}

/* Makes a decoded header value one clean line of valid UTF-8 (the
 * header rule of classify/sanitize.c: control sequences dropped, other
 * control characters made spaces, the ends trimmed).  Takes a g_malloc'd
 * string, returns a malloc'd one. */
static char *clean_line(gchar *g, ld_msg *m)
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

/* An encoded word GMime could not decode (unknown charset, broken
 * base64, no closing "?=") stays in the text: "=?charset?Q?" or "?B?". */
static int has_encoded_word(const char *s)
{
	for (const char *p = strstr(s, "=?"); p; p = strstr(p + 2, "=?")) {
		const char *q = p + 2;
		while (*q && *q != '?' && *q != ' ' && *q != '=')
			q++;
		if (q > p + 2 && q[0] == '?' && strchr("QqBb", q[1]) && q[1] && q[2] == '?')
			return 1;
	}
	return 0;
}

static int has_8bit(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* One encoded word "=?charset?enc?text?=" at s: its parts, or 0. */
typedef struct {
	const char *cs, *text;
	size_t cs_len, text_len, len;
	char enc;
} eword;

static int parse_eword(const char *s, eword *w)
{
	if (s[0] != '=' || s[1] != '?')
		return 0;
	const char *q1 = strchr(s + 2, '?');
	if (!q1 || q1 == s + 2 || !q1[1] || q1[2] != '?')
		return 0;
	/* the encoded text holds no '?' (RFC 2047 4.1, 4.2): the word ends
	 * at the next '?', which must begin "?=" (searching on for "?="
	 * made a value of many unclosed "=?a?b?x" quadratic) */
	const char *end = strchr(q1 + 3, '?');
	if (!end || end[1] != '=' || memchr(q1 + 3, ' ', (size_t)(end - q1 - 3)))
		return 0;
	w->cs = s + 2;
	w->cs_len = (size_t)(q1 - w->cs);
	w->enc = (char)(q1[1] | 0x20);
	w->text = q1 + 3;
	w->text_len = (size_t)(end - w->text);
	w->len = (size_t)(end + 2 - s);
	return 1;
}

/* GMime 3.2.13 (Debian 12) joins adjacent B words of one charset before
 * decoding and loses everything after a word that ends in '=' padding
 * (GMime issue #133, fixed upstream later).  Until Debian ships the fix,
 * such runs are joined here the right way: each word base64-decoded by
 * GLib, the bytes joined and encoded again as one word, which GMime then
 * decodes correctly.  Other text is left as it is.  Returns a g_malloc'd
 * string. */
static gchar *join_padded_b_words(const char *s)
{
	if (!strstr(s, "=?"))
		return g_strdup(s);
	GString *out = g_string_new(NULL);
	const char *p = s;
	while (*p) {
		eword w, w2;
		if (!parse_eword(p, &w) || w.enc != 'b' || !w.text_len || w.text[w.text_len - 1] != '=') {
			g_string_append_c(out, *p++);
			continue;
		}
		GByteArray *bytes = g_byte_array_new();
		const char *cs = w.cs;
		size_t cs_len = w.cs_len;
		const char *q = p;
		eword cur = w;
		for (;;) {
			gchar *t = g_strndup(cur.text, cur.text_len);
			gsize n = 0;
			guchar *d = g_base64_decode(t, &n);
			g_byte_array_append(bytes, d, (guint)n);
			g_free(d);
			g_free(t);
			q += cur.len;
			const char *r = q;
			while (*r == ' ' || *r == '\t')
				r++;
			if (!parse_eword(r, &w2) || w2.enc != 'b' || w2.cs_len != cs_len ||
			    g_ascii_strncasecmp(w2.cs, cs, cs_len))
				break;
			q = r;
			cur = w2;
		}
		gchar *enc = g_base64_encode(bytes->data, bytes->len);
		g_string_append(out, "=?");
		g_string_append_len(out, cs, (gssize)cs_len);
		g_string_append(out, "?B?");
		g_string_append(out, enc);
		g_string_append(out, "?=");
		g_free(enc);
		g_byte_array_unref(bytes);
		p = q;
	}
	return g_string_free(out, FALSE);
}

/* GMime 3.2's RFC 2047 decoder looks for the end of each "=?" as far as
 * the end of the value, so a long value of unclosed "=?a?b?x" takes
 * quadratic time (a 280 KB subject: 8 s; 1 MB: minutes).  Values longer
 * than LONG_VALUE that hold "=?" are therefore decoded in pieces of at
 * most LONG_VALUE bytes, cut before white space where there is some (an
 * encoded word holds none), else before the last "=?" of the piece, else
 * between two UTF-8 characters.  Real subjects are far shorter; for them
 * nothing changes. */
enum { LONG_VALUE = 4096 };

static size_t piece_len(const char *s)
{
	size_t n = strnlen(s, LONG_VALUE + 1);
	if (n <= LONG_VALUE)
		return n;
	for (size_t i = LONG_VALUE; i > LONG_VALUE / 2; i--)
		if (s[i] == ' ' || s[i] == '\t')
			return i;
	for (size_t i = LONG_VALUE - 1; i > LONG_VALUE / 2; i--)
		if (s[i] == '=' && s[i + 1] == '?')
			return i;
	size_t i = LONG_VALUE;   /* not inside a UTF-8 character */
	while (i > LONG_VALUE / 2 && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	return i;
}

static gchar *decode_piece(ld_mailctx *c, const char *raw)
{
	gchar *fixed = join_padded_b_words(raw);
	gchar *d = g_mime_utils_header_decode_text(c->opts, fixed);
	g_free(fixed);
	return d;
}

/* Decodes unstructured text (Subject): encoded words, 8-bit bytes. */
static char *decode_text(ld_mailctx *c, const char *raw, ld_msg *m)
{
	if (has_8bit(raw) && !g_utf8_validate(raw, -1, NULL))
		warn(m, LD_W_CHARSET, "undeclared 8-bit bytes in a header");
	gchar *d;
	int words = strstr(raw, "=?") != NULL;
	if (!words && !has_8bit(raw)) {
		/* ASCII without encoded words: GMime's decoder gives it back
		 * as it is (checked on 2 million random strings of spaces,
		 * tabs, line ends and specials), so it is not called */
		d = g_strdup(raw);
	} else if (strlen(raw) <= LONG_VALUE || !words) {
		d = decode_piece(c, raw);
	} else {
		GString *all = g_string_new(NULL);
		for (const char *p = raw; *p;) {
			size_t n = piece_len(p);
			gchar *piece = g_strndup(p, n);
			gchar *dp = decode_piece(c, piece);
			g_string_append(all, dp ? dp : "");
			g_free(dp);
			g_free(piece);
			p += n;
		}
		d = g_string_free(all, FALSE);
	}
	char *r = clean_line(d, m);
	if (words && has_encoded_word(r))
		warn(m, LD_W_ENCWORD, "encoded word left undecoded (unknown charset or broken encoding)");
	return r;
}

void ld_mail_address(ld_mailctx *c, const char *value, char **name, char **addr, ld_msg *m)
{
	*name = NULL;
	*addr = NULL;
	ld_msg *saved = c->cur;
	c->cur = m;
	if (has_8bit(value) && !g_utf8_validate(value, -1, NULL))
		warn(m, LD_W_CHARSET, "undeclared 8-bit bytes in an address");
	size_t vlen = strlen(value);
	if (vlen > 4 * LONG_VALUE && strstr(value, "=?")) {
		/* GMime's decoder is quadratic on such values (see
		 * LONG_VALUE): read the end, where the address is */
		warn(m, LD_W_HEADER, "address field over 16 KiB with encoded words: only its end is read");
		value += vlen - 4 * LONG_VALUE;
	}
	gchar *fixed = join_padded_b_words(value);
	InternetAddressList *list = internet_address_list_parse(c->opts, fixed);
	g_free(fixed);
	InternetAddress *ia = NULL;
	if (list && internet_address_list_length(list) > 0) {
		ia = internet_address_list_get_address(list, 0);
		while (ia && INTERNET_ADDRESS_IS_GROUP(ia)) {
			InternetAddressList *mem = internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia));
			ia = mem && internet_address_list_length(mem) ? internet_address_list_get_address(mem, 0) : NULL;
		}
	}
	if (ia && INTERNET_ADDRESS_IS_MAILBOX(ia)) {
		const char *a = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
		const char *n = internet_address_get_name(ia);
		*addr = clean_line(g_strdup(a ? a : ""), m);
		*name = clean_line(g_strdup(n ? n : ""), m);
		if (strstr(value, "=?") && has_encoded_word(*name))
			warn(m, LD_W_ENCWORD, "encoded word left undecoded in a name");
	}
	if (list)
		g_object_unref(list);
	if (!*addr || !strchr(*addr, '@')) {
		free(*addr);
		free(*name);
		warn(m, LD_W_ADDRESS, "From without a usable address");
		/* keep what was written, so the person still shows up */
		*addr = clean_line(g_strdup(value), m);
		*name = ld_xstrdup("");
	}
	c->cur = saved;
}

/* Adds the mailbox addresses of al (groups opened) to *v, lower-cased. */
static void push_addrs(InternetAddressList *al, char ***v, size_t *n, size_t *cap, int depth)
{
	int len = al ? internet_address_list_length(al) : 0;
	for (int i = 0; i < len; i++) {
		InternetAddress *ia = internet_address_list_get_address(al, i);
		if (INTERNET_ADDRESS_IS_GROUP(ia) && depth < 2) {
			push_addrs(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), v, n, cap,
				   depth + 1);
		} else if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			const char *a = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
			if (a && *a) {
				char *k = ld_xstrdup(a);
				ld_ascii_lower(k);
				LD_VEC_PUSH(*v, *n, *cap, k);
			}
		}
	}
}

static int cmp_strp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Who a posting was sent to, as one number: git send-email gives the
 * cover letter and every patch the same To and Cc unless per-patch Cc
 * is at work (cc-cmd, get_maintainer per patch, stable review series),
 * and the report calls a patch missing only when the ones that arrived
 * agree (report.c).  The sender's own address is left out: send-email
 * adds it from the Signed-off-by of the patches, not of the cover. */
void ld_mail_recipients_hash(ld_mailctx *c, const char *raw, size_t len, ld_msg *m)
{
	const fields f = *get_fields(c, raw, len);
	char **v = NULL;
	size_t n = 0, cap = 0;
	ld_msg *saved = c->cur;
	c->cur = NULL;   /* a broken To or Cc is not the report's business */
	const int which[2] = { F_TO, F_CC };
	for (int w = 0; w < 2; w++) {
		if (!f.have[which[w]])
			continue;
		char *val = unfold(raw, f.vstart[which[w]], f.end[which[w]]);
		if (strlen(val) > 4 * LONG_VALUE && strstr(val, "=?")) {
			/* GMime decodes names in quadratic time (LONG_VALUE):
			 * the raw text stands for the addresses */
			ld_ascii_lower(val);
			LD_VEC_PUSH(v, n, cap, val);
			continue;
		}
		InternetAddressList *al = internet_address_list_parse(c->opts, val);
		push_addrs(al, &v, &n, &cap, 0);
		if (al)
			g_object_unref(al);
		free(val);
	}
	c->cur = saved;
	m->recipients = 0;
	if (n)
		qsort(v, n, sizeof(*v), cmp_strp);
	uint64_t h = 1469598103934665603ULL;
	int any = 0;
	for (size_t i = 0; i < n; i++) {
		if ((i && !strcmp(v[i], v[i - 1])) || !strcasecmp(v[i], m->from_addr))
			continue;
		/* each address with its terminator, so "ab","c" != "a","bc" */
		uint64_t e = ld_hash(v[i], strlen(v[i]) + 1);
		h = (h ^ e) * 1099511628211ULL;
		any = 1;
	}
	if (any)
		m->recipients = h ? h : 1;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The numeric zone after the time ("10:00:00 +2000"): hours beyond 14
 * or minutes beyond 59 exist in real archives but on no clock.  Pure. */
static int zone_ok(const char *date)
{
	const char *t = strchr(date, ':');
	if (!t)
		return 1;
	const char *z = t;
	while (*z && *z != ' ' && *z != '\t')
		z++;
	while (*z == ' ' || *z == '\t')
		z++;
	if ((*z != '+' && *z != '-'))
		return 1;
	for (int i = 1; i <= 4; i++)
		if (z[i] < '0' || z[i] > '9')
			return 0;
	int hh = (z[1] - '0') * 10 + (z[2] - '0');
	int mm = (z[3] - '0') * 10 + (z[4] - '0');
	return hh <= 14 && mm <= 59 && !(z[5] >= '0' && z[5] <= '9');
}

/* The year as written: GMime reads any year below 100 as two digits, so
 * "1 Jan 0000" became 2000 and "0001" 2001.  A year of three or more
 * digits below 1000 is on no real mail: the Date is not used.  Only
 * numbers before the time are looked at (not the zone).  Pure. */
static int year_ok(const char *date)
{
	const char *p = date;
	while (*p) {
		while (*p && !(*p >= '0' && *p <= '9'))
			p++;
		const char *t = p;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == ':')
			return 1;   /* the time: the year comes before it */
		if (p - t >= 3) {
			long y = 0;
			for (const char *q = t; q < p && y < 100000; q++)
				y = y * 10 + (*q - '0');
			return y >= 1000;
		}
	}
	return 1;
}

int64_t ld_mail_date(const char *s)
{
	GDateTime *dt = year_ok(s) ? g_mime_utils_header_decode_date(s) : NULL;
	if (!dt)
		return 0;
	int64_t t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return t > 0 ? t : 0;
}

static void decode_date(const char *raw, ld_msg *m)
{
	m->date = m->commit_time;
	m->date_ok = 0;
	if (!*raw) {
		warn(m, LD_W_DATE, "no Date header");
		return;
	}
	GDateTime *dt = year_ok(raw) ? g_mime_utils_header_decode_date(raw) : NULL;
	if (!dt) {
		warn(m, LD_W_DATE, "unparsable Date");
		return;
	}
	if (!zone_ok(raw)) {
		warn(m, LD_W_DATE, "impossible time zone in Date");
	}
	m->date = g_date_time_to_unix(dt);
	m->date_ok = 1;
	g_date_time_unref(dt);
}

/* The id inside the last <...>, else the trimmed text; lower-cased when
 * asked.  Pure. */
static char *angle_id(const char *v, int lower)
{
	const char *lt = strrchr(v, '<');
	const char *gt = lt ? strchr(lt, '>') : NULL;
	char *r = lt && gt ? ld_xstrndup(lt + 1, (size_t)(gt - lt - 1)) : ld_xstrdup(v);
	if (lower)
		ld_ascii_lower(r);
	return r;
}

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
			m->in_reply_to = clean_line(g_strdup(g_mime_references_get_message_id(r, g_mime_references_length(r) - 1)), m);
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
			m->refs[m->n_refs++] = clean_line(g_strdup(g_mime_references_get_message_id(r, k)), m);
		if (r)
			g_mime_references_free(r);
	}
	m->reply = *m->in_reply_to || m->n_refs;
}

/* A From the list rewrote for DMARC ("Jane Roe via Virt" <list@...>):
 * the real sender is X-Original-From, else the Reply-To or Cc address
 * with the same display name (patchwork does the same). */
static void undo_dmarc(ld_mailctx *c, const char *xof, const char *replyto, const char *cc, ld_msg *m)
{
	size_t real = ld_dmarc_name(m->from_name);
	char *want = ld_xstrndup(m->from_name, real);
	char *name = NULL, *addr = NULL;
	if (*xof) {
		ld_mail_address(c, xof, &name, &addr, m);
		if (!strchr(addr, '@')) {
			free(name);
			free(addr);
			name = addr = NULL;
		}
	}
	const char *lists[2] = { replyto, cc };
	for (int l = 0; l < 2 && !addr; l++) {
		if (!*lists[l])
			continue;
		gchar *fixed = join_padded_b_words(lists[l]);
		InternetAddressList *al = internet_address_list_parse(c->opts, fixed);
		g_free(fixed);
		int n = al ? internet_address_list_length(al) : 0;
		for (int i = 0; i < n && !addr; i++) {
			InternetAddress *ia = internet_address_list_get_address(al, i);
			if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
				continue;
			const char *nm = internet_address_get_name(ia);
			const char *ad = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
			if (nm && ad && strchr(ad, '@') && !strcmp(nm, want)) {
				name = ld_xstrdup(nm);
				addr = ld_xstrdup(ad);
			}
		}
		if (al)
			g_object_unref(al);
	}
	free(m->from_name);
	if (addr) {
		free(m->from_addr);
		m->from_addr = addr;
		if (*name) {
			m->from_name = name;
		} else {
			free(name);
			m->from_name = ld_xstrdup(want);
		}
	} else {
		/* no real address to be found: at least the real name */
		m->from_name = ld_xstrdup(want);
	}
	free(want);
}

int ld_mail_body_may_matter(ld_mailctx *c, const char *raw, size_t len)
{
	const fields f = *get_fields(c, raw, len);
	/* any transfer encoding but the identity ones may hide the words
	 * (base64; quoted-printable's soft breaks and =20): decode and see */
	if (f.have[F_CTE]) {
		char *cte = unfold(raw, f.vstart[F_CTE], f.end[F_CTE]);
		const char *v = cte;
		while (*v == ' ' || *v == '\t')
			v++;
		int identity = !g_ascii_strncasecmp(v, "7bit", 4) || !g_ascii_strncasecmp(v, "8bit", 4) ||
			       !g_ascii_strncasecmp(v, "binary", 6) || !*v;
		free(cte);
		if (!identity)
			return 1;
	}
	/* multipart bodies may hold an encoded text part */
	if (f.have[F_CTYPE]) {
		const char *ct = raw + f.vstart[F_CTYPE];
		size_t n = f.end[F_CTYPE] - f.vstart[F_CTYPE];
		if (memmem(ct, n, "ultipart", 8))
			return 1;
	}
	/* the lines the predicates read start with a word of body.c's one
	 * table of forms; quoted ones are no news but cost nothing here */
	const char *p = raw + f.body, *end = raw + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (ld_body_line_may_matter(p, n))
			return 1;
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

char **ld_mail_recipients(ld_mailctx *c, const char *raw, size_t len, size_t *n)
{
	const fields f = *get_fields(c, raw, len);
	char **out = NULL;
	size_t cap = 0;
	*n = 0;
	const int which[2] = { F_TO, F_CC };
	for (int w = 0; w < 2; w++) {
		if (!f.have[which[w]])
			continue;
		char *v = unfold(raw, f.vstart[which[w]], f.end[which[w]]);
		gchar *fixed = join_padded_b_words(v);
		free(v);
		InternetAddressList *al = internet_address_list_parse(c->opts, fixed);
		g_free(fixed);
		int k = al ? internet_address_list_length(al) : 0;
		for (int i = 0; i < k && *n < 64; i++) {
			InternetAddress *ia = internet_address_list_get_address(al, i);
			if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
				continue;
			const char *nm = internet_address_get_name(ia);
			const char *ad = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
			const char *shown = nm && *nm ? nm : ad ? ad : "";
			/* the same cleaning as every header string */
			char *one = clean_line(g_strdup(shown), NULL);
			LD_VEC_PUSH(out, *n, cap, one);
		}
		if (al)
			g_object_unref(al);
	}
	return out;
}

void ld_mail_headers(ld_mailctx *c, const char *raw, size_t len, ld_msg *m)
{
	/* a new message: the reader may reuse the buffer of the last one */
	c->f_raw = NULL;
	const fields *fp = get_fields(c, raw, len);
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
		v[k] = f.have[k] ? unfold(raw, f.vstart[k], f.end[k]) : ld_xstrdup("");

	m->subject = decode_text(c, v[F_SUBJECT], m);
	ld_mail_address(c, v[F_FROM], &m->from_name, &m->from_addr, m);
	{
		gchar *id = *v[F_MSGID] ? g_mime_utils_decode_message_id(v[F_MSGID]) : NULL;
		m->message_id = clean_line(id ? id : g_strdup(""), m);
	}
	{
		/* the list name in the report comes from here: as clean as
		 * every other header field (UTF-8, no control characters) */
		char *id = angle_id(v[F_LISTID], 1);
		m->list_id = clean_line(g_strdup(id), m);
		free(id);
	}
	threading(c, v[F_IRT], v[F_REFS], m);
	if (ld_dmarc_name(m->from_name)) {
		for (int k = F_XORIGFROM; k <= F_CC; k++)
			v[k] = f.have[k] ? unfold(raw, f.vstart[k], f.end[k]) : ld_xstrdup("");
		undo_dmarc(c, v[F_XORIGFROM], v[F_REPLYTO], v[F_CC], m);
	}
	decode_date(v[F_DATE], m);
	for (int k = 0; k < F__N; k++)
		free(v[k]);
	c->cur = NULL;
}

/* First text/plain part, depth first; message/rfc822 parts are another
 * message's text and are not entered.  Deeper than 64 multiparts is not
 * searched (and counted, so that a lost excerpt is not silent). */
static GMimePart *first_text_plain(GMimeObject *o, int depth, ld_msg *m)
{
	if (!o)
		return NULL;
	if (depth > 64) {
		warn(m, LD_W_MIME, "multipart nested more than 64 deep");
		return NULL;
	}
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++) {
			GMimePart *p = first_text_plain(g_mime_multipart_get_part(mp, i), depth + 1, m);
			if (p)
				return p;
		}
		return NULL;
	}
	if (GMIME_IS_PART(o)) {
		GMimeContentType *ct = g_mime_object_get_content_type(o);
		if (!ct || g_mime_content_type_is_type(ct, "text", "plain"))
			return GMIME_PART(o);
	}
	return NULL;
}

static int is_utf8_name(const char *cs)
{
	return !g_ascii_strcasecmp(cs, "utf-8") || !g_ascii_strcasecmp(cs, "utf8") ||
	       !g_ascii_strcasecmp(cs, "us-ascii") || !g_ascii_strcasecmp(cs, "ascii");
}

/* Is s[0..len) valid UTF-8?  The ASCII run at its start (most of a
 * patch) is passed over a word at a time, the rest is glib's. */
static int utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (w & UINT64_C(0x8080808080808080))
			break;
	}
	return g_utf8_validate(s + i, (gssize)(len - i), NULL);
}

/* Decoded body bytes -> the text: a copy without NUL bytes (they have
 * no place in text), valid UTF-8 (bytes that are not, despite what the
 * part declared, go through GMime's 8-bit decoder with the fallback
 * charsets, and count as a warning). */
static char *finish_text(ld_mailctx *c, const char *data, size_t len, ld_msg *m)
{
	if (!len)  /* an empty body may have data == NULL, memchr must not see it */
		return ld_xstrdup("");
	char *out;
	if (memchr(data, 0, len)) {
		warn(m, LD_W_MIME, "NUL bytes in the body");
		out = ld_xmalloc(len + 1);
		size_t k = 0;
		for (size_t i = 0; i < len; i++)
			if (data[i])
				out[k++] = data[i];
		out[k] = 0;
		len = k;
	} else {
		out = ld_xstrndup(data, len);
	}
	if (utf8_valid(out, len))
		return out;
	warn(m, LD_W_CHARSET, "body text is not in its declared charset");
	gchar *d = g_mime_utils_decode_8bit(c->opts, out, len);
	free(out);
	/* glibc's iconv passes UTF-8-shaped bytes beyond U+10FFFF
	 * ("\xf6\xbc\x90\x99") through its UTF-8 "conversion", so GMime
	 * can hand back invalid UTF-8: repair it here */
	if (!g_utf8_validate(d, -1, NULL)) {
		gchar *v = g_utf8_make_valid(d, -1);
		g_free(d);
		d = v;
	}
	out = ld_xstrdup(d);
	g_free(d);
	return out;
}

/* The text of content dw (transfer encoding undone) in charset cs,
 * converted to UTF-8 with LF line ends. */
static char *wrapper_text(ld_mailctx *c, GMimeDataWrapper *dw, const char *cs, ld_msg *m)
{
	if (!dw)
		return ld_xstrdup("");
	GMimeStream *mem = g_mime_stream_mem_new();
	GMimeStream *fs = g_mime_stream_filter_new(mem);
	if (cs && *cs && !is_utf8_name(cs)) {
		GMimeFilter *cf = g_mime_filter_charset_new(cs, "UTF-8");
		if (cf) {
			g_mime_stream_filter_add(GMIME_STREAM_FILTER(fs), cf);
			g_object_unref(cf);
		} else {
			warn(m, LD_W_CHARSET, "unknown charset in Content-Type");
		}
	}
	GMimeFilter *d2u = g_mime_filter_dos2unix_new(FALSE);
	g_mime_stream_filter_add(GMIME_STREAM_FILTER(fs), d2u);
	g_object_unref(d2u);
	g_mime_data_wrapper_write_to_stream(dw, fs);
	g_mime_stream_flush(fs);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	char *out = finish_text(c, (const char *)ba->data, ba->len, m);
	g_object_unref(fs);
	g_object_unref(mem);
	return out;
}

static char *part_text(ld_mailctx *c, GMimePart *part, ld_msg *m)
{
	return wrapper_text(c, g_mime_part_get_content(part),
			    g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset"), m);
}

/* A body that is one text/plain part (or has no Content-Type, which
 * means text/plain): its content goes to GMime's decoders directly, as
 * the parser would hand it over, without building a message.  NULL for
 * every other body (multipart, other types, a Content-Type GMime cannot
 * parse), which takes the parser's way. */
static char *single_part_text(ld_mailctx *c, const char *raw, size_t len, const fields *f, ld_msg *m)
{
	GMimeContentType *ct = NULL;
	if (f->have[F_CTYPE]) {
		char *v = unfold(raw, f->vstart[F_CTYPE], f->end[F_CTYPE]);
		ct = g_mime_content_type_parse(c->opts, v);
		free(v);
		if (!ct || !g_mime_content_type_is_type(ct, "text", "plain")) {
			if (ct)
				g_object_unref(ct);
			return NULL;
		}
	}
	GMimeContentEncoding enc = GMIME_CONTENT_ENCODING_DEFAULT;
	if (f->have[F_CTE]) {
		char *v = unfold(raw, f->vstart[F_CTE], f->end[F_CTE]);
		enc = g_mime_content_encoding_from_string(v);
		free(v);
	}
	/* Nothing to decode (no transfer encoding, UTF-8 or ASCII, no CR
	 * for the line-end filter): every filter would pass the bytes
	 * through as they are, so they are taken as they are. */
	const char *cs = ct ? g_mime_content_type_get_parameter(ct, "charset") : NULL;
	if ((enc == GMIME_CONTENT_ENCODING_DEFAULT || enc == GMIME_CONTENT_ENCODING_7BIT ||
	     enc == GMIME_CONTENT_ENCODING_8BIT || enc == GMIME_CONTENT_ENCODING_BINARY) &&
	    (!cs || !*cs || is_utf8_name(cs)) && !memchr(raw + f->body, '\r', len - f->body)) {
		char *text = finish_text(c, raw + f->body, len - f->body, m);
		if (ct)
			g_object_unref(ct);
		return text;
	}
	GByteArray *ba = g_byte_array_sized_new((guint)(len - f->body));
	g_byte_array_append(ba, (const guint8 *)raw + f->body, (guint)(len - f->body));
	GMimeStream *st = g_mime_stream_mem_new_with_byte_array(ba);
	GMimeDataWrapper *dw = g_mime_data_wrapper_new_with_stream(st, enc);
	char *text = wrapper_text(c, dw, cs, m);
	g_object_unref(dw);
	g_object_unref(st);
	if (ct)
		g_object_unref(ct);
	return text;
}

/* ---- bounds on what GMime's MIME parser is given ---------------------
 *
 * GMime 3.2 parses some header fields in quadratic time: a parameter
 * list (40,000 plain parameters in one Content-Type took 4 s, 200,000
 * over a minute) and encoded words (each "=?" is searched to the end of
 * the value).  Its MIME parser reads the header block of every part, at
 * every depth, and keeps every part in memory (300,000 empty parts took
 * 63 times their size).  So each header field GMime is given, the
 * message's MIME fields and every part's fields, is cut to FIELD_MAX
 * bytes, FIELD_PARAMS parameters and FIELD_WORDS encoded words, and the
 * body is cut before its part MAX_PARTS + 1: time and memory stay linear
 * in the message size.  Real mail stays far below (a Content-Disposition
 * with a long RFC 2231 file name holds some 20 parameters, a long
 * subject some 20 encoded words, a message a few parts); a cut is a
 * malformed-MIME warning.  README's reliability section lists the bounds. */
enum {
	FIELD_MAX = 16384, FIELD_PARAMS = 64, FIELD_WORDS = 64,
	MAX_PARTS = 10000,
	MAX_BOUNDARIES = 64,   /* boundaries kept for finding part headers */
};

/* How much of the header field f (n bytes: name, colon, value, folded
 * lines, no final line end) GMime may see: n, or, over a bound, the bytes
 * before byte FIELD_MAX, parameter FIELD_PARAMS + 1 or encoded word
 * FIELD_WORDS + 1, without trailing white space and line ends (a cut
 * field must not end in a fold, nor its new line end make a blank line).
 * ';' and "=?" are counted wherever they stand, quoted ones too: that
 * only makes the bound tighter.  Pure. */
static size_t field_bound(const char *f, size_t n)
{
	size_t cut = n < FIELD_MAX ? n : FIELD_MAX;
	unsigned params = 0, words = 0;
	for (size_t i = 0; i < cut; i++) {
		if (f[i] == ';' && ++params > FIELD_PARAMS)
			cut = i;
		else if (f[i] == '=' && i + 1 < n && f[i + 1] == '?' && ++words > FIELD_WORDS)
			cut = i;
	}
	if (cut == n)
		return n;
	while (cut && strchr(" \t\r\n", f[cut - 1]))
		cut--;
	return cut;
}

/* The fields of one header block field_bound cuts: a warning each. */
static void warn_cut(ld_msg *m)
{
	warn(m, LD_W_MIME, "MIME header field over 16 KiB, 64 parameters or 64 encoded words: cut");
}

/* The multipart boundaries declared so far (the message's and its
 * parts'): a line "--" + one of them starts a part. */
typedef struct {
	char *b[MAX_BOUNDARIES];
	size_t len[MAX_BOUNDARIES];
	int n;
	int overflow;   /* more were declared: every "--" line may start a part */
} boundaries;

static void boundaries_release(boundaries *bs)
{
	for (int i = 0; i < bs->n; i++)
		free(bs->b[i]);
}

/* What the Content-Type field f (n bytes, bounded) means for the scan:
 * a multipart's boundary is noted; 1 when the part's body is a message
 * (message/rfc822 and the like: another header block follows). */
static int note_ctype(ld_mailctx *c, const char *f, size_t n, boundaries *bs)
{
	const char *colon = memchr(f, ':', n);
	if (!colon)
		return 0;
	char *v = unfold(colon + 1, 0, n - (size_t)(colon + 1 - f));
	/* most parts are text/plain: only these two types matter here;
	 * quiet options: GMime's parser warns about this field itself */
	GMimeContentType *ct = strcasestr(v, "multipart") || strcasestr(v, "message") ?
			       g_mime_content_type_parse(c->quiet, v) : NULL;
	free(v);
	if (!ct)
		return 0;
	int msg = g_mime_content_type_is_type(ct, "message", "*");
	const char *b = g_mime_content_type_is_type(ct, "multipart", "*") ?
			g_mime_content_type_get_parameter(ct, "boundary") : NULL;
	if (b && *b) {
		if (bs->n < MAX_BOUNDARIES) {
			bs->len[bs->n] = strlen(b);
			bs->b[bs->n++] = ld_xstrdup(b);
		} else {
			bs->overflow = 1;
		}
	}
	g_object_unref(ct);
	return msg;
}

/* Is the line "--" + s (n bytes after the dashes) a delimiter of a
 * declared boundary?  2 when it closes its multipart ("--b--"). */
static int delimiter(const boundaries *bs, const char *s, size_t n)
{
	for (int i = 0; i < bs->n; i++)
		if (n >= bs->len[i] && !memcmp(s, bs->b[i], bs->len[i]))
			return n >= bs->len[i] + 2 && !memcmp(s + bs->len[i], "--", 2) ? 2 : 1;
	return bs->overflow ? 1 : 0;
}

static int is_ctype_field(const char *f, size_t n)
{
	return n > 12 && !g_ascii_strncasecmp(f, "Content-Type", 12) &&
	       (f[12] == ':' || f[12] == ' ' || f[12] == '\t');
}

/* The header field at s[i..fe), bounded: its Content-Type noted; when
 * cut, the bytes before it (from *done) and what is kept are appended,
 * with a line end, and *done moves past the field.  Returns 1 when a
 * message/rfc822 part's body follows. */
static int bound_part_field(ld_mailctx *c, const char *s, size_t i, size_t fe, size_t n,
			    size_t *done, boundaries *bs, GByteArray *out, ld_msg *m)
{
	size_t keep = field_bound(s + i, fe - i);
	int msg = is_ctype_field(s + i, keep) ? note_ctype(c, s + i, keep, bs) : 0;
	if (keep < fe - i) {
		warn_cut(m);
		g_byte_array_append(out, (const guint8 *)s + *done, (guint)(i + keep - *done));
		g_byte_array_append(out, (const guint8 *)"\n", 1);
		*done = fe < n ? fe + 1 : n;
	}
	return msg;
}

/* Appends the body s (n bytes) to out for GMime's parser, with every
 * part's header fields bounded (field_bound) and at most MAX_PARTS
 * parts.  A part's header block follows a delimiter line; a
 * message/rfc822 part's body is another header block (headers: the body
 * itself starts with one).  One pass over the lines, bytes copied in
 * runs up to a cut: linear in n (a line is compared with at most
 * MAX_BOUNDARIES boundaries). */
static void bound_body(ld_mailctx *c, const char *s, size_t n, boundaries *bs, int headers,
		       GByteArray *out, ld_msg *m)
{
	size_t parts = 0, i = 0, done = 0;   /* s[done..i) is still to append */
	int msg_next = 0;   /* the header block being read is a message part's */
	while (i < n) {
		size_t e = eol(s, n, i);
		size_t next = e < n ? e + 1 : n;
		if (headers && !blank_line(s, i, e)) {
			size_t fe = e;   /* the field's continuation lines */
			while (fe + 1 < n && (s[fe + 1] == ' ' || s[fe + 1] == '\t'))
				fe = eol(s, n, fe + 1);
			msg_next |= bound_part_field(c, s, i, fe, n, &done, bs, out, m);
			i = fe < n ? fe + 1 : n;
			continue;
		}
		if (headers) {
			headers = msg_next;
			msg_next = 0;
		} else if (e - i >= 2 && s[i] == '-' && s[i + 1] == '-') {
			int d = delimiter(bs, s + i + 2, e - i - 2);
			if (d == 1 && ++parts > MAX_PARTS) {
				warn(m, LD_W_MIME, "more than 10000 MIME parts: the rest is not read");
				n = i;
				break;
			}
			headers = d == 1;
		}
		i = next;
	}
	g_byte_array_append(out, (const guint8 *)s + done, (guint)(n - done));
}

/* Bounds the message's own MIME fields (field_bound), in f. */
static void bound_fields(const char *raw, fields *f, ld_msg *m)
{
	for (int k = F_CTYPE; k <= F_MIMEVER; k++) {
		if (!f->have[k])
			continue;
		size_t keep = field_bound(raw + f->line[k], f->end[k] - f->line[k]);
		if (keep < f->end[k] - f->line[k]) {
			warn_cut(m);
			f->end[k] = f->line[k] + keep;
			if (f->vstart[k] > f->end[k])
				f->vstart[k] = f->end[k];
		}
	}
}

/* The whole body through GMime's parser: the message's MIME fields,
 * then the body, both bounded. */
static char *parsed_text(ld_mailctx *c, const char *raw, size_t len, const fields *f, ld_msg *m)
{
	size_t blen = len - f->body;
	GByteArray *ba = g_byte_array_sized_new((guint)(blen + 256));
	boundaries bs;
	memset(&bs, 0, sizeof(bs));
	int headers = 0;
	for (int k = F_CTYPE; k <= F_MIMEVER; k++) {
		if (!f->have[k])
			continue;
		size_t n = f->end[k] - f->line[k];
		if (k == F_CTYPE)
			headers = note_ctype(c, raw + f->line[k], n, &bs);
		g_byte_array_append(ba, (const guint8 *)raw + f->line[k], (guint)n);
		g_byte_array_append(ba, (const guint8 *)"\n", 1);
	}
	g_byte_array_append(ba, (const guint8 *)"\n", 1);
	bound_body(c, raw + f->body, blen, &bs, headers, ba, m);
	boundaries_release(&bs);

	GMimeStream *st = g_mime_stream_mem_new_with_byte_array(ba);
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	g_mime_parser_set_format(p, GMIME_FORMAT_MESSAGE);
	GMimeMessage *msg = g_mime_parser_construct_message(p, c->opts);
	char *text = NULL;
	if (msg) {
		GMimePart *part = first_text_plain(g_mime_message_get_mime_part(msg), 0, m);
		text = part ? part_text(c, part, m) : NULL;
		g_object_unref(msg);
	} else {
		warn(m, LD_W_MIME, "message body could not be parsed");
	}
	g_object_unref(p);
	g_object_unref(st);
	return text;
}

char *ld_mail_body_text(ld_mailctx *c, const char *raw, size_t len, ld_msg *m)
{
	fields f = *get_fields(c, raw, len);  /* a copy: fields may be cut below */
	c->cur = m;
	bound_fields(raw, &f, m);
	/* GLib's byte arrays count in guint: a body that large is over any
	 * message size limit (ld_archive_set_max_message) and never here */
	char *text = NULL;
	if (len - f.body >= (size_t)G_MAXUINT / 2)
		warn(m, LD_W_MIME, "body over 2 GiB: not read");
	else if (!(text = single_part_text(c, raw, len, &f, m)))
		text = parsed_text(c, raw, len, &f, m);
	c->cur = NULL;
	return text ? text : ld_xstrdup("");
}
