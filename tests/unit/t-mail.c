/* t-mail.c - mail/msg.c: what ld_msg_parse finds in a reply (trailers,
 * applied note, a patch in the body), whatever its transfer encoding.
 * Prints TAP (tap.h). */
#include "mail/mail.h"
#include "tap.h"

#include <stdlib.h>

/* The same reply body in three transfer encodings: the answer (trailers,
 * applied note) must not depend on the encoding. */
static char *encode_qp(const char *body)
{
	ld_buf b;
	ld_buf_init(&b);
	static const char hex[] = "0123456789ABCDEF";
	int col = 0;
	for (const unsigned char *p = (const unsigned char *)body; *p; p++) {
		/* the first byte of each line encoded, and a soft line break
		 * every 7 bytes: the words are split as QP allows */
		int first = p == (const unsigned char *)body || p[-1] == '\n';
		if (*p == '\n') {
			ld_buf_addc(&b, '\n');
			col = 0;
			continue;
		}
		if (col >= 7) {
			ld_buf_adds(&b, "=\n");
			col = 0;
		}
		if (first || *p == '=' || *p >= 127 || *p == '\t') {
			ld_buf_addc(&b, '=');
			ld_buf_addc(&b, hex[*p >> 4]);
			ld_buf_addc(&b, hex[*p & 15]);
		} else {
			ld_buf_addc(&b, (char)*p);
		}
		col++;
	}
	return ld_buf_detach(&b);
}

static char *encode_b64(const char *body)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	ld_buf b;
	ld_buf_init(&b);
	size_t n = strlen(body), col = 0;
	const unsigned char *s = (const unsigned char *)body;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
			     (i + 2 < n ? s[i + 2] : 0);
		ld_buf_addc(&b, al[v >> 18 & 63]);
		ld_buf_addc(&b, al[v >> 12 & 63]);
		ld_buf_addc(&b, i + 1 < n ? al[v >> 6 & 63] : '=');
		ld_buf_addc(&b, i + 2 < n ? al[v & 63] : '=');
		if ((col += 4) >= 76) {
			ld_buf_addc(&b, '\n');
			col = 0;
		}
	}
	ld_buf_addc(&b, '\n');
	return ld_buf_detach(&b);
}

static char *answer(ld_mailctx *c, const char *cte, const char *body)
{
	ld_buf raw, out;
	ld_buf_init(&raw);
	ld_buf_init(&out);
	ld_buf_adds(&raw, "From: Ben Carter <ben@example.com>\nSubject: Re: [PATCH] frob: x\n"
			  "Message-ID: <r1@example.com>\nIn-Reply-To: <p1@example.org>\n"
			  "Date: Mon, 6 May 2024 10:00:00 +0000\nMIME-Version: 1.0\n"
			  "Content-Type: text/plain; charset=UTF-8\n");
	if (cte)
		ld_buf_addf(&raw, "Content-Transfer-Encoding: %s\n", cte);
	ld_buf_addc(&raw, '\n');
	ld_buf_adds(&raw, body);
	ld_msg m;
	memset(&m, 0, sizeof(m));
	ld_msg_needs needs = { 0 };
	ld_msg_parse(c, raw.s, raw.len, &needs, &m);
	for (size_t i = 0; i < m.n_trailers; i++)
		ld_buf_addf(&out, "%d:%s:%s;", m.trailers[i].kind, m.trailers[i].name, m.trailers[i].addr);
	ld_buf_addf(&out, "applied=%s by=%s firm=%d patch=%d", m.applied ? m.applied : "(none)",
		    m.applied_by ? m.applied_by : "(none)", m.applied_firm, m.body_patch);
	ld_msg_release(&m);
	ld_buf_release(&raw);
	return ld_buf_detach(&out);
}

static void test_encodings(void)
{
	static const struct {
		const char *body, *want;
	} cases[] = {
		{ "Looks good.\n\nReviewed-by: Ben Carter <ben@example.com>\n",
		  "1:Ben Carter:ben@example.com;applied=(none) by=(none) firm=0 patch=0" },
		{ "Looks good.\n\nreviewed-by: Ben Carter <ben@example.com>\n",
		  "1:Ben Carter:ben@example.com;applied=(none) by=(none) firm=0 patch=0" },
		{ "Looks good.\n\n    Reviewed-by: Ben Carter <ben@example.com>\n",
		  "1:Ben Carter:ben@example.com;applied=(none) by=(none) firm=0 patch=0" },
		{ "\tACKED-BY: Nora Quist <nora@example.org>\ntested-By: Nora Quist <nora@example.org>\n",
		  "2:Nora Quist:nora@example.org;3:Nora Quist:nora@example.org;applied=(none) by=(none) firm=0 patch=0" },
		{ "> Reviewed-by: Ben Carter <ben@example.com>\n\nThanks.\n",
		  "applied=(none) by=(none) firm=0 patch=0" },
		{ "On Mon, Rita wrote:\n> x\n\n  applied to frob-next, thanks!\n",
		  "applied=frob-next by=(none) firm=1 patch=0" },
		{ "Hello:\n\nThis series was applied to virt/frob.git (main)\nby Hugo Lindgren <hugo@example.org>:\n",
		  "applied=virt/frob.git (main) by=Hugo Lindgren <hugo@example.org> firm=1 patch=0" },
		{ "Jos\xc3\xa9 says: I'm not sure how we get this\nmerged.\n",
		  "applied=(none) by=(none) firm=0 patch=0" },
		{ "Here it is again:\n\ndiff --git a/x b/x\n",
		  "applied=(none) by=(none) firm=0 patch=1" },
	};
	ld_mail_global_init();
	ld_mailctx *c = ld_mailctx_new();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *qp = encode_qp(cases[i].body), *b64 = encode_b64(cases[i].body);
		char *plain = answer(c, NULL, cases[i].body);
		char *a8 = answer(c, "8bit", cases[i].body);
		char *aq = answer(c, "quoted-printable", qp);
		char *ab = answer(c, "base64", b64);
		char name[128];
		snprintf(name, sizeof(name), "encodings %zu: plain", i);
		is(plain, cases[i].want, name);
		snprintf(name, sizeof(name), "encodings %zu: 8bit", i);
		is(a8, cases[i].want, name);
		snprintf(name, sizeof(name), "encodings %zu: quoted-printable", i);
		is(aq, cases[i].want, name);
		snprintf(name, sizeof(name), "encodings %zu: base64", i);
		is(ab, cases[i].want, name);
		free(qp);
		free(b64);
		free(plain);
		free(a8);
		free(aq);
		free(ab);
	}
	ld_mailctx_free(c);
}

int main(void)
{
	test_encodings();
	return done_testing();
}
