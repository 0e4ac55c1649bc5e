/* text.c - fuzz target: the text escaper (escape.c) and the body
 * functions (body.c): in-body header block and commit-message excerpt.
 * The input is taken as a decoded body and as a string to escape. */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	size_t len = strlen(s);

	fuzz_check_text_escape(s);
	fuzz_check_md_code(s);
	fuzz_check_md_inline(s);

	ld_inbody ib;
	ld_inbody_parse(s, &ib);
	FUZZ_CHECK(ib.end <= len, "in-body block ends past the body");
	FUZZ_CHECK(!ib.from || strlen(ib.from) <= len, "in-body From longer than the body");
	char *ex = ld_body_excerpt(s + ib.end);
	FUZZ_CHECK(strlen(ex) <= len - ib.end, "excerpt longer than the text");
	FUZZ_CHECK(!*ex || strstr(s + ib.end, ex), "excerpt is not a part of the text");
	fuzz_check_text_escape(ex);
	free(ex);
	ld_inbody_release(&ib);

	for (const char *p = s; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		ld_is_diffstat_summary(p, n);
		ld_is_signature(p, n);
		ld_is_diff_start(p, n);
		p += n + (nl != NULL);
	}
	free(s);
	return 0;
}
