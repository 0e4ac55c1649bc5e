/* mail/address.c - address fields through GMime: the sender (From and
 * the DMARC rewrites of lists), the recipients (To, Cc) of pull requests
 * and postings. */
#include "mail/internal.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void parse_address(ld_mailctx *c, const char *value, char **name, char **addr, ld_msg *m)
{
	*name = NULL;
	*addr = NULL;
	ld_msg *saved = c->cur;
	c->cur = m;
	if (ld_mail_has_8bit(value) && !g_utf8_validate(value, -1, NULL))
		warn(m, LD_W_CHARSET, "undeclared 8-bit bytes in an address");
	size_t vlen = strlen(value);
	if (vlen > 4 * LONG_VALUE && strstr(value, "=?")) {
		/* GMime's decoder is quadratic on such values (see
		 * LONG_VALUE): read the end, where the address is */
		warn(m, LD_W_HEADER, "address field over 16 KiB with encoded words: only its end is read");
		value += vlen - 4 * LONG_VALUE;
	}
	gchar *fixed = ld_mail_join_padded_b_words(value);
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
		*addr = ld_mail_clean_line(g_strdup(a ? a : ""), m);
		*name = ld_mail_clean_line(g_strdup(n ? n : ""), m);
		if (strstr(value, "=?") && ld_mail_has_encoded_word(*name))
			warn(m, LD_W_ENCWORD, "encoded word left undecoded in a name");
	}
	if (list)
		g_object_unref(list);
	if (!*addr || !strchr(*addr, '@')) {
		free(*addr);
		free(*name);
		warn(m, LD_W_ADDRESS, "From without a usable address");
		/* keep what was written, so the person still shows up */
		*addr = ld_mail_clean_line(g_strdup(value), m);
		*name = ld_xstrdup("");
	}
	c->cur = saved;
}

/* The same people write From lines and trailers again and again: a
 * value parsed before without a warning gives the same name and address
 * again (GMime's address objects cost some 16,000 instructions a value,
 * callgrind).  Parsing counts its warnings in a scratch message first,
 * then in m. */
void ld_mail_address(ld_mailctx *c, const char *value, char **name, char **addr, ld_msg *m)
{
	const memo_val *v = ld_memo_get(&c->addresses, value);
	if (v) {
		*name = ld_xstrdup(v->a);
		*addr = ld_xstrdup(v->b);
		return;
	}
	ld_msg w;
	memset(&w, 0, sizeof(w));
	parse_address(c, value, name, addr, &w);
	if (!ld_mail_warned(&w))
		ld_memo_put(&c->addresses, value, *name, *addr, 0);
	ld_mail_warn_move(m, &w);
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

/* The addresses of To, then Cc, of raw: lower-cased, sorted, repeats
 * kept, into *v.  A function of the two fields' bytes alone: a broken To
 * or Cc is not the report's business (no warning is counted). */
static void parse_recipients(ld_mailctx *c, const char *raw, const fields *f, char ***v, size_t *n)
{
	size_t cap = 0;
	ld_msg *saved = c->cur;
	c->cur = NULL;
	const int which[2] = { F_TO, F_CC };
	for (int w = 0; w < 2; w++) {
		if (!f->have[which[w]])
			continue;
		char *val = ld_fields_unfold(raw, f->vstart[which[w]], f->end[which[w]]);
		if (strlen(val) > 4 * LONG_VALUE && strstr(val, "=?")) {
			/* GMime decodes names in quadratic time (LONG_VALUE):
			 * the raw text stands for the addresses */
			ld_ascii_lower(val);
			LD_VEC_PUSH(*v, *n, cap, val);
			continue;
		}
		InternetAddressList *al = internet_address_list_parse(c->opts, val);
		push_addrs(al, v, n, &cap, 0);
		if (al)
			g_object_unref(al);
		free(val);
	}
	c->cur = saved;
	if (*n)
		qsort(*v, *n, sizeof(**v), cmp_strp);
}

/* The raw value of field k in f: its length, (size_t)-1 when absent. */
static size_t raw_len(const fields *f, int k)
{
	return f->have[k] ? f->end[k] - f->vstart[k] : (size_t)-1;
}

static int memo_has(const rcpt_memo *r, const char *raw, const fields *f)
{
	size_t tl = raw_len(f, F_TO), cl = raw_len(f, F_CC);
	if (!r->used || r->to_len != tl || r->cc_len != cl)
		return 0;
	size_t tn = tl == (size_t)-1 ? 0 : tl;
	return (!tn || !memcmp(r->key, raw + f->vstart[F_TO], tn)) &&
	       (cl == (size_t)-1 || !memcmp(r->key + tn, raw + f->vstart[F_CC], cl));
}

/* The addresses of To and Cc (parse_recipients), from the memo when the
 * same two fields came before.  git send-email gives the cover letter
 * and every patch of a series the same To and Cc, kilobytes of them on
 * kernel lists, and GMime's address objects made parsing them an eighth
 * of a whole run (callgrind, kvmarm): the last RCPT_MEMO distinct pairs
 * this thread met are kept.  Borrowed, valid until the next call. */
static const rcpt_memo *recipients_of(ld_mailctx *c, const char *raw, const fields *f)
{
	rcpt_memo *old = &c->memo[0];
	for (int i = 0; i < RCPT_MEMO; i++) {
		rcpt_memo *r = &c->memo[i];
		if (memo_has(r, raw, f)) {
			r->used = ++c->clock;
			return r;
		}
		if (r->used < old->used)
			old = r;
	}
	ld_mail_memo_clear(old);
	size_t tl = raw_len(f, F_TO), cl = raw_len(f, F_CC);
	size_t tn = tl == (size_t)-1 ? 0 : tl, cn = cl == (size_t)-1 ? 0 : cl;
	parse_recipients(c, raw, f, &old->addr, &old->n);
	if (tn + cn > RCPT_MEMO_MAX)
		return old;   /* kept for this message only (used stays 0) */
	old->to_len = tl;
	old->cc_len = cl;
	old->key = ld_xmalloc(tn + cn + 1);
	memcpy(old->key, raw + f->vstart[F_TO], tn);
	memcpy(old->key + tn, raw + f->vstart[F_CC], cn);
	old->used = ++c->clock;
	return old;
}

/* Who a posting was sent to, as one number: git send-email gives the
 * cover letter and every patch the same To and Cc unless per-patch Cc
 * is at work (cc-cmd, get_maintainer per patch, stable review series),
 * and the report calls a patch missing only when the ones that arrived
 * agree (report/patches.c).  The sender's own address is left out: send-email
 * adds it from the Signed-off-by of the patches, not of the cover. */
void ld_mail_recipients_hash(ld_mailctx *c, const char *raw, size_t len, ld_msg *m)
{
	const fields f = *ld_mail_fields(c, raw, len);
	const rcpt_memo *r = recipients_of(c, raw, &f);
	char *const *v = r->addr;
	m->recipients = 0;
	uint64_t h = 1469598103934665603ULL;
	int any = 0;
	for (size_t i = 0; i < r->n; i++) {
		if ((i && !strcmp(v[i], v[i - 1])) || !strcasecmp(v[i], m->from_addr))
			continue;
		/* each address with its terminator, so "ab","c" != "a","bc" */
		uint64_t e = ld_hash(v[i], strlen(v[i]) + 1);
		h = (h ^ e) * 1099511628211ULL;
		any = 1;
	}
	if (any)
		m->recipients = h ? h : 1;
}

/* A From the list rewrote for DMARC ("Jane Roe via Virt" <list@...>):
 * the real sender is X-Original-From, else the Reply-To or Cc address
 * with the same display name (patchwork does the same). */
void ld_mail_undo_dmarc(ld_mailctx *c, const char *xof, const char *replyto, const char *cc, ld_msg *m)
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
		gchar *fixed = ld_mail_join_padded_b_words(lists[l]);
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

char **ld_mail_recipients(ld_mailctx *c, const char *raw, size_t len, size_t *n)
{
	const fields f = *ld_mail_fields(c, raw, len);
	char **out = NULL;
	size_t cap = 0;
	*n = 0;
	const int which[2] = { F_TO, F_CC };
	for (int w = 0; w < 2; w++) {
		if (!f.have[which[w]])
			continue;
		char *v = ld_fields_unfold(raw, f.vstart[which[w]], f.end[which[w]]);
		gchar *fixed = ld_mail_join_padded_b_words(v);
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
			char *one = ld_mail_clean_line(g_strdup(shown), NULL);
			LD_VEC_PUSH(out, *n, cap, one);
		}
		if (al)
			g_object_unref(al);
	}
	return out;
}
