/* t-state.c - store/state.c (and the marks of source/marks.c): the
 * --state file, its parser's refusals and its writer.  Prints TAP
 * (tap.h). */
#include "store/store.h"
#include "tap.h"

#include <stdlib.h>
#include <unistd.h>

static void state_bad(const char *text, const char *why_has, const char *name)
{
	ld_state s;
	char why[256] = "";
	int rc = ld_state_parse(text, strlen(text), &s, why, sizeof(why));
	ok(rc < 0 && strstr(why, why_has), name);
	if (!(rc < 0 && strstr(why, why_has)))
		printf("#   rc=%d why='%s'\n", rc, why);
}

/* Version 3: several inboxes. */
static void states_bad(const char *text, const char *why_has, const char *name)
{
	ld_states ss;
	ld_err e = { 0 };
	char path[] = "/tmp/t-state-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		ok(0, name);
		return;
	}
	close(fd);
	ld_status st = ld_states_load(path, &ss, &e);
	unlink(path);
	ok(st == LD_E_STATE && strstr(e.msg, why_has), name);
	if (!(st == LD_E_STATE && strstr(e.msg, why_has)))
		printf("#   st=%d msg='%s'\n", st, e.msg);
	if (!st)
		ld_states_release(&ss);
}

static void test_states(const char *h)
{
	ld_states ss;
	memset(&ss, 0, sizeof(ss));
	ld_states_add(&ss, "https://lore.kernel.org/kvm");
	ld_states_add(&ss, "/srv/lore/kvmarm");
	ld_mark m = { 1, "", 1700000060, (char *)"b@x" };
	memcpy(m.commit, h, 41);
	ld_state_set(&ss.v[0].st, &m);
	m.epoch = 0;
	m.time = 1700000000;
	ld_state_set(&ss.v[0].st, &m);
	ld_state_set(&ss.v[1].st, &m);
	char *out = ld_states_format(&ss);
	char want[1024];
	snprintf(want, sizeof(want),
		 "listdigest-state 3\n# listdigest --state over several inboxes: the newest commit reported\n"
		 "# in each epoch of each; delete this file to report them all again\n"
		 "inbox https://lore.kernel.org/kvm\nepoch 0 %s 1700000000 b@x\nepoch 1 %s 1700000060 b@x\n"
		 "inbox /srv/lore/kvmarm\nepoch 0 %s 1700000000 b@x\nend 3\n", h, h, h);
	is(out, want, "states: version 3, each inbox's epochs sorted, end counts them all");
	char path[] = "/tmp/t-state-XXXXXX";
	int fd = mkstemp(path);
	ld_err e = { 0 };
	ld_states back;
	int good = fd >= 0 && write(fd, out, strlen(out)) == (ssize_t)strlen(out);
	if (fd >= 0)
		close(fd);
	good = good && !ld_states_load(path, &back, &e);
	ok(good && back.version == 3 && back.n == 2 && !strcmp(back.v[1].key, "/srv/lore/kvmarm") &&
	   back.v[0].st.n == 2 && back.v[1].st.n == 1, "states: round trip");
	if (good)
		ld_states_release(&back);
	ld_state one;
	ok(ld_state_load(path, &one, &e) == LD_E_STATE &&
	   strstr(e.msg, "records the inboxes https://lore.kernel.org/kvm, /srv/lore/kvmarm"),
	   "a version 3 file for one inbox: refused, its inboxes named");
	unlink(path);
	free(out);
	ld_states_release(&ss);
	char text[512];
	snprintf(text, sizeof(text), "listdigest-state 3\ninbox /a\nepoch 0 %s 1\ninbox /a\nend 1\n", h);
	states_bad(text, "line 4 repeats an inbox", "states: an inbox twice");
	states_bad("listdigest-state 3\ninbox \nend 0\n", "line 2 has a bad inbox", "states: an empty inbox");
	snprintf(text, sizeof(text), "listdigest-state 3\ninbox /a\nepoch 0 %s 1\ninbox /b\nend 2\n", h);
	states_bad(text, "line 5 counts another number", "states: end counts every inbox's epochs");
	snprintf(text, sizeof(text), "listdigest-state 3\ninbox /a\nepoch 0 %s 1\nepoch 0 %s 1\nend 2\n", h, h);
	states_bad(text, "line 4 repeats an epoch", "states: an epoch twice in one inbox");
	snprintf(text, sizeof(text), "listdigest-state 3\ninbox /a\nepoch 0 %s 1\ninbox /b\nepoch 0 %s 1\n", h, h);
	states_bad(text, "no 'end' line", "states: cut before the end");
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
	state_bad("listdigest-state 4\n", "another version", "future version");
	snprintf(text, sizeof(text), "listdigest-state 3\ninbox /a\nepoch 0 %s 1\nend 1\n", h);
	state_bad(text, "records 1 inboxes (a version 3 file", "version 3 is not one inbox's state");
	snprintf(text, sizeof(text), "listdigest-state 3\nepoch 0 %s 1\nend 1\n", h);
	state_bad(text, "line 2 is an epoch line before any 'inbox KEY' line", "version 3: epoch before inbox");
	state_bad("listdigest-state 2\ninbox /a\nend 0\n", "line 2 is not an 'epoch", "version 2: no inbox line");
	test_states(h);
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
