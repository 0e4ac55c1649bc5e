/* subject.c - fuzz target: the subject-tag parser (subject.c) on any
 * bytes, with the offsets and numbers it promises. */
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
	ld_subject p;
	ld_subject_parse(s, &p);
	FUZZ_CHECK(p.tags_start <= p.title && p.title <= len, "offsets outside the subject");
	FUZZ_CHECK(p.version >= 1 && p.version <= 999999, "version out of range");
	FUZZ_CHECK((p.counter == -1) == (p.total == -1), "counter without total");
	FUZZ_CHECK(p.counter >= -1 && p.counter <= 999999 && p.total <= 999999, "counter out of range");
	FUZZ_CHECK(!p.rfc || p.patch, "RFC that is no posting");
	FUZZ_CHECK(!ld_subject_is_entry(&p) || ld_subject_is_posting(&p), "entry that is no posting");
	FUZZ_CHECK(ld_subject_reply_prefix(s) <= len, "reply prefix longer than the subject");
	/* parsing the title again finds no reply prefix before the tags */
	ld_subject q;
	ld_subject_parse(s + p.title, &q);
	FUZZ_CHECK(q.title <= len - p.title, "title offsets outside the title");
	free(s);
	return 0;
}
