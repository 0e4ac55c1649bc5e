/* t-mbox.c - source/mbox.c: splitting an mbox file into messages,
 * mboxrd unquoting, From_ lines.  Prints TAP (tap.h). */
#include "source/source.h"
#include "tap.h"

#include <stdlib.h>

/* Splits buf and joins the messages with "|" (unquoted). */
static void split(const char *buf, const char *want, const char *name)
{
	ld_buf out;
	ld_buf_init(&out);
	size_t off = 0, len = strlen(buf);
	ld_mbox_span sp;
	int rc;
	while ((rc = ld_mbox_next(buf, len, &off, &sp)) == 1) {
		char *tmp = malloc(sp.len + 1);
		size_t n = sp.quoted ? ld_mbox_unquote(buf + sp.start, sp.len, tmp) : sp.len;
		if (!sp.quoted)
			memcpy(tmp, buf + sp.start, sp.len);
		if (out.len)
			ld_buf_addc(&out, '|');
		ld_buf_add(&out, tmp, n);
		if (sp.truncated)
			ld_buf_adds(&out, "<T>");
		free(tmp);
	}
	if (rc < 0)
		ld_buf_adds(&out, "<NOT-MBOX>");
	is(out.s, want, name);
	ld_buf_release(&out);
}

static void test_mbox(void)
{
	const char *F = "From mboxrd@z Thu Jan  1 00:00:00 1970\n";
	char b[1024];
	split("", "", "empty file: no messages");
	split("Subject: x\n\nbody\n", "<NOT-MBOX>", "no From_ line at the start");
	snprintf(b, sizeof(b), "%sA: 1\n\na\n\n%sB: 2\n\nb\n", F, F);
	split(b, "A: 1\n\na\n|B: 2\n\nb\n", "two messages, separator blank line dropped");
	snprintf(b, sizeof(b), "%sA: 1\n\nsee below\nFrom here on it is wrong\n\nend\n", F);
	split(b, "A: 1\n\nsee below\nFrom here on it is wrong\n\nend\n",
	      "From line after a non-empty line is body text");
	snprintf(b, sizeof(b), "%sA: 1\n\npara\n\nFrom my experience, no.\n", F);
	split(b, "A: 1\n\npara\n\nFrom my experience, no.\n",
	      "From line after a blank line without a date is body text");
	snprintf(b, sizeof(b), "%sA: 1\n\n>From x\n>>From y\n> From z\n\n%sB: 2\n", F, F);
	split(b, "A: 1\n\nFrom x\n>From y\n> From z\n|B: 2\n", "mboxrd unquoting, one '>' per line");
	split("From a Mon Jan  1 00:00:00 2024\r\nA: 1\r\n\r\nx\r\n\r\n"
	      "From b Mon Jan  1 00:00:01 2024\r\nB: 2\r\n\r\ny\r\n",
	      "A: 1\r\n\r\nx\r\n|B: 2\r\n\r\ny\r\n", "CRLF file");
	snprintf(b, sizeof(b), "%sA: 1\n\na\n\n%sB: 2\n\ntrunc", F, F);
	split(b, "A: 1\n\na\n|B: 2\n\ntrunc<T>", "truncated last message");
	snprintf(b, sizeof(b), "%sA: 1\n\na\n\n\n", F);
	split(b, "A: 1\n\na\n\n", "only one trailing empty line dropped");
	split("From bob at example.com  Tue Mar  3 10:00:00 2020\nA: 1\n\na\n\n"
	      "From carol at example.com  Tue Mar  3 11:00:00 2020\nB: 2\n\nb\n",
	      "A: 1\n\na\n|B: 2\n\nb\n", "pipermail From_ lines");
	split("From nobody\nA: 1\n", "A: 1\n", "first From_ line may have any shape");
	ok(ld_mbox_from_line("From 1234abcd Mon Sep 17 00:00:00 2001", 39), "format-patch From_ line");
	ok(!ld_mbox_from_line("From the start of 2001", 22), "no time: not a From_ line");
	ok(!ld_mbox_from_line("From 10:00 on", 13), "no year: not a From_ line");
}

int main(void)
{
	test_mbox();
	return done_testing();
}
