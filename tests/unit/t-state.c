/* t-state.c - store/state.c (and the marks of source/marks.c): the
 * --state file, its parser's refusals and its writer.  Prints TAP
 * (tap.h). */
#include "store/store.h"
#include "tap.h"

#include <stdlib.h>

static void state_bad(const char *text, const char *why_has, const char *name)
{
	ld_state s;
	char why[256] = "";
	int rc = ld_state_parse(text, strlen(text), &s, why, sizeof(why));
	ok(rc < 0 && strstr(why, why_has), name);
	if (!(rc < 0 && strstr(why, why_has)))
		printf("#   rc=%d why='%s'\n", rc, why);
}

static void test_state(void)
{
	const char *h = "0123456789abcdef0123456789abcdef01234567";
	char text[1024];
	snprintf(text, sizeof(text),
		 "listdigest-state 1\n# c\n\nepoch 1 %s 1700000060 b@x\nepoch 0 %s 1700000000 a b@x\n", h, h);
	ld_state s;
	char why[256];
	ok(ld_state_parse(text, strlen(text), &s, why, sizeof(why)) == 0 && s.n == 2, "state parses");
	const ld_mark *m = ld_state_find(&s, 0);
	ok(m && m->time == 1700000000 && !strcmp(m->message_id, "a b@x") && !strcmp(m->commit, h),
	   "state mark fields");
	char *out = ld_state_format(&s);
	snprintf(text, sizeof(text),
		 "listdigest-state 2\n# listdigest --state: the newest commit reported in each epoch;\n"
		 "# delete this file to report the whole archive again\n"
		 "epoch 0 %s 1700000000 a b@x\nepoch 1 %s 1700000060 b@x\nend 2\n", h, h);
	is(out, text, "state formats sorted by epoch, with the end line");
	ld_state s2;
	ok(ld_state_parse(out, strlen(out), &s2, why, sizeof(why)) == 0 && s2.n == 2, "state round trip");
	free(out);
	ld_state_release(&s);
	ld_state_release(&s2);
	state_bad("", "is empty", "empty file");
	state_bad("listdigest-state 3\n", "another version", "future version");
	state_bad("listdigest-state 2\n", "no 'end' line", "version 2 without end line");
	state_bad("listdigest-state 2\n# c\nend 0", "inside its 'end' line", "end line without newline");
	snprintf(text, sizeof(text), "listdigest-state 2\nepoch 0 %s 1\nend 0\n", h);
	state_bad(text, "line 3 counts another number", "end count lower");
	snprintf(text, sizeof(text), "listdigest-state 2\nend 0\n\n");
	state_bad(text, "line 3 comes after the end line", "empty line after the end");
	ok(ld_state_parse("listdigest-state 2\nend 0\n", strlen("listdigest-state 2\nend 0\n"), &s, why, sizeof(why)) == 0 && s.n == 0,
	   "version 2 with no epoch");
	ld_state_release(&s);
	state_bad("listdigest-state 1\n", "holds no epoch line", "version 1 cut after its first line");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch 0 %s 4102444801\n", h);
	state_bad(text, "bad time", "time after 2100");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch 0 %s 4102444800 a\tb@x\n", h);
	state_bad(text, "bad Message-ID", "tab in Message-ID");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch 0 %s 4102444800 a\xe2\x81\xa6" "b@x\n", h);
	state_bad(text, "bad Message-ID", "bidi isolate in Message-ID");
	{
		/* what the reader refuses is never written: out-of-range time
		 * and unsafe Message-ID are left out */
		ld_state w = { 0 };
		ld_mark mk = { 0, "", INT64_C(9223372036854775), (char *)"x\x1b[2J@y" };
		memcpy(mk.commit, h, 41);
		ld_state_set(&w, &mk);
		char *t = ld_state_format(&w);
		snprintf(text, sizeof(text), "epoch 0 %s 0\nend 1\n", h);
		ok(strstr(t, text) != NULL, "format leaves out an absurd time and an unsafe Message-ID");
		ld_state r2;
		ok(ld_state_parse(t, strlen(t), &r2, why, sizeof(why)) == 0, "and reads back what it wrote");
		ld_state_release(&r2);
		ld_state_release(&w);
		free(t);
	}
	state_bad("hello\n", "does not start", "no magic");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch 0 %.39s 1\n", h);
	state_bad(text, "line 2 has a bad commit", "short commit");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch x %s 1\n", h);
	state_bad(text, "bad epoch", "bad epoch");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch 0 %s -5\n", h);
	state_bad(text, "bad time", "bad time");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch 0 %s 1\nepoch 0 %s 2\n", h, h);
	state_bad(text, "line 3 repeats", "duplicate epoch");
	state_bad("listdigest-state 1\nepoc 0\n", "line 2 is not", "unknown line");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch 0 %s 1", h);
	state_bad(text, "truncated inside its last line", "version 1 without final newline: cut");
	snprintf(text, sizeof(text), "listdigest-state 1\nepoch 0 %s 1\n", h);
	ok(ld_state_parse(text, strlen(text), &s, why, sizeof(why)) == 0 && s.n == 1,
	   "version 1 without Message-ID");
	ld_state_release(&s);
}

int main(void)
{
	test_state();
	return done_testing();
}
