/* mbox.c - fuzz target: the mbox splitter (src/mbox.c) on any bytes, then
 * each From_ line's date and each message it finds through the whole
 * per-message path.  Invariants:
 * spans lie inside the input, in order and without overlap, the offset
 * always advances, and unquoting never grows a message. */
#include "fuzz.h"

static ld_mailctx *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	ld_mail_global_init();
	ctx = ld_mailctx_new();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	size_t off = 0, prev_end = 0, n = 0;
	ld_mbox_span sp;
	int rc;
	size_t line = 0;
	while ((rc = ld_mbox_next(buf, size, &off, &sp)) == 1) {
		FUZZ_CHECK(sp.start <= size && sp.len <= size - sp.start, "span outside the input");
		FUZZ_CHECK(sp.start >= line, "the message starts before its From_ line");
		FUZZ_CHECK(ld_mbox_line_date(buf + line, sp.start - line, ld_mail_date) >= 0, "negative From_ line date");
		line = off;
		FUZZ_CHECK(sp.start >= prev_end, "spans overlap or go back");
		FUZZ_CHECK(off >= sp.start + sp.len && off <= size, "offset did not advance past the span");
		prev_end = sp.start + sp.len;
		const char *msg = buf + sp.start;
		size_t len = sp.len;
		char *copy = NULL;
		if (sp.quoted) {
			copy = malloc(sp.len + 1);
			FUZZ_CHECK(copy != NULL, "malloc");
			len = ld_mbox_unquote(msg, sp.len, copy);
			FUZZ_CHECK(len <= sp.len, "unquoting grew the message");
			msg = copy;
		}
		ld_msg m;
		memset(&m, 0, sizeof(m));
		static const ld_msg_needs all = { .want_files = 1, .want_message = 1 };
		ld_msg_parse(ctx, msg, len, &all, &m);
		FUZZ_CHECK(m.subject && fuzz_clean_line(m.subject), "subject not one clean line");
		ld_msg_release(&m);
		free(copy);
		/* bounded: a message per byte at the most */
		FUZZ_CHECK(++n <= size + 1, "more messages than bytes");
		if (off >= size)
			break;
	}
	FUZZ_CHECK(rc >= -1 && rc <= 1, "unexpected return value");
	return 0;
}
