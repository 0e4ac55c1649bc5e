/* msg.c - fuzz target: one raw message through the whole per-message path
 * (ld_msg_parse: headers, subject tags, body, in-body From, excerpt,
 * trailers, applied notes, files), then
 * every string a renderer would print through the text escaper. */
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
	ld_msg m;
	memset(&m, 0, sizeof(m));
	m.commit_time = 1700000000;
	/* everything a run may ask of a message: files and messages too */
	static const ld_msg_needs all = { .want_files = 1, .want_message = 1 };
	ld_msg_parse(ctx, (const char *)data, size, &all, &m);

	const char *fields[] = { m.subject, m.from_name, m.from_addr, m.message_id, m.list_id };
	static const char *const names[] = { "subject", "from_name", "from_addr", "message_id", "list_id" };
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
		FUZZ_CHECK(fields[i] != NULL, names[i]);
		FUZZ_CHECK(fuzz_clean_line(fields[i]), names[i]);
		fuzz_check_text_escape(fields[i]);
	}
	if (!m.date_ok)
		FUZZ_CHECK(m.date == m.commit_time, "unusable Date not replaced by commit time");
	if (ld_subject_is_posting(&m.subj)) {
		FUZZ_CHECK(m.author_name && m.author_addr, "posting without author");
		FUZZ_CHECK(fuzz_clean_line(m.author_name) && fuzz_clean_line(m.author_addr),
			   "author not one clean UTF-8 line");
	}
	if (m.excerpt) {
		FUZZ_CHECK(ld_subject_is_entry(&m.subj), "excerpt for a non-entry");
		FUZZ_CHECK(g_utf8_validate(m.excerpt, -1, NULL), "excerpt not valid UTF-8");
		fuzz_check_text_escape(m.excerpt);
	}
	ld_msg_release(&m);
	return 0;
}
