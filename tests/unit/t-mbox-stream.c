/* t-mbox-stream.c - source/mbox_stream.c: an mbox read from a stream
 * splits exactly as the same bytes in a file (ld_mbox_next), whatever
 * pieces the stream arrives in, and a message over the size limit is
 * counted, not kept.  The stream is a SOCK_SEQPACKET socket written by a
 * child in pieces of 1, 2, 3, ... bytes: each read returns one piece, so
 * every line and From_ line is cut at every place.  Inputs: the cases of
 * t-mbox.c and the mbox fuzz corpus (tests/fuzz/corpus/mbox).  Prints
 * TAP (tap.h). */
#include "source/archive.h"
#include "tap.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* The file splitter's answer: "len:text|" per message, a text over limit
 * as "len:DROPPED|"; "NOT-MBOX" when it is none. */
static void by_file(const char *buf, size_t len, size_t limit, ld_buf *out)
{
	size_t off = 0;
	ld_mbox_span sp;
	int rc;
	while ((rc = ld_mbox_next(buf, len, &off, &sp)) == 1) {
		ld_buf_addf(out, "%zu:%s", sp.len, sp.quoted ? "Q:" : "");
		if (sp.len > limit)
			ld_buf_adds(out, "DROPPED");
		else
			ld_buf_add(out, buf + sp.start, sp.len);
		ld_buf_addc(out, '|');
	}
	if (rc < 0)
		ld_buf_adds(out, "NOT-MBOX");
}

static void by_stream(const char *buf, size_t len, size_t piece, size_t limit, ld_buf *out)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv)) {
		ld_buf_adds(out, "socketpair failed");
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		for (size_t o = 0, k = 1; o < len; o += k, k = k % piece + 1) {
			size_t n = len - o < k ? len - o : k;
			if (write(sv[1], buf + o, n) != (ssize_t)n)
				_exit(1);
		}
		_exit(0);
	}
	close(sv[1]);
	ld_mbox_stream s;
	ld_err err = { 0 };
	if (ld_mbox_stream_read(sv[0], "test", limit, &s, &err)) {
		ld_buf_adds(out, "NOT-MBOX");
	} else {
		for (size_t i = 0; i < s.n; i++) {
			const ld_mbox_msg *m = &s.msgs[i];
			ld_buf_addf(out, "%llu:%s", (unsigned long long)m->len,
				    m->quoted && !m->dropped ? "Q:" : "");
			if (m->dropped)
				ld_buf_adds(out, "DROPPED");
			else
				ld_buf_add(out, s.buf + m->start, m->len);
			ld_buf_addc(out, '|');
		}
		ld_mbox_stream_release(&s);
	}
	close(sv[0]);
	waitpid(pid, NULL, 0);
}

/* 1 when the stream splits buf as the file does, for every limit and
 * piece size tried. */
static int same(const char *buf, size_t len, const char *name, int many)
{
	static const size_t limits[] = { (size_t)-1, 0, 40, 1, 3, 5, 8, 9, 10, 11, 200 };
	static const size_t pieces[] = { 1, 64, 3, 7, 100000 };
	size_t nl = many ? sizeof(limits) / sizeof(*limits) : 3;
	size_t np = many ? sizeof(pieces) / sizeof(*pieces) : 2;
	int good = 1;
	for (size_t i = 0; i < nl && good; i++)
		for (size_t j = 0; j < np && good; j++) {
			ld_buf f = LD_BUF_INIT, s = LD_BUF_INIT;
			by_file(buf, len, limits[i], &f);
			by_stream(buf, len, pieces[j], limits[i], &s);
			/* the quoted flag of a dropped message is not kept */
			if (limits[i] != (size_t)-1) {
				char *q;
				while ((q = strstr(f.s, "Q:DROPPED")))
					memmove(q, q + 2, strlen(q + 2) + 1);
			}
			good = !strcmp(f.s, s.s);
			if (!good) {
				printf("# %s: limit %zu, pieces up to %zu\n", name, limits[i], pieces[j]);
				is(s.s, f.s, name);
				tap_n--;
				tap_fail--;
			}
			ld_buf_release(&f);
			ld_buf_release(&s);
		}
	return good;
}

static void test_cases(void)
{
	static const char *const cases[] = {
		"",
		"Subject: x\n\nbody\n",
		"Fro",
		"From mboxrd@z Thu Jan  1 00:00:00 1970\nA: 1\n\na\n\nFrom mboxrd@z Thu Jan  1 00:00:00 1970\nB: 2\n\nb\n",
		"From x Thu Jan  1 00:00:00 1970\nA: 1\n\nsee below\nFrom here on it is wrong\n\nend\n",
		"From x Thu Jan  1 00:00:00 1970\nA: 1\n\npara\n\nFrom my experience, no.\n",
		"From x Thu Jan  1 00:00:00 1970\nA: 1\n\n>From x\n>>From y\n> From z\n\nFrom y 10:00 2024\nB: 2\n",
		"From a Mon Jan  1 00:00:00 2024\r\nA: 1\r\n\r\nx\r\n\r\nFrom b Mon Jan  1 00:00:01 2024\r\nB: 2\r\n\r\ny\r\n",
		"From a 00:00 2024\nA: 1\n\na\n\nFrom b 00:00 2024\nB: 2\n\ntrunc",
		"From a 00:00 2024\nA: 1\n\na\n\n\n",
		"From a 00:00 2024\nA: 1\n\na\r\n\r\n",
		"From a 00:00 2024\n\n",
		"From a 00:00 2024\n\nFrom b 00:00 2024\n\n\nFrom c 00:00 2024\n",
		"From nobody\nA: 1\n",
		"From nobody",
		"From a 00:00 2024\nA: 1\n\na very long line that is over every small limit of the test\n\nFrom b 00:00 2024\nB: 2\n",
	};
	int good = 1;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		good &= same(cases[i], strlen(cases[i]), "case", 1);
	ok(good, "hand-written cases: the stream splits as the file, every limit, every cut");
}

static void test_corpus(void)
{
	const char *dir = "tests/fuzz/corpus/mbox";
	DIR *d = opendir(dir);
	if (!d) {
		ok(1, "# SKIP no tests/fuzz/corpus/mbox (run from the top folder)");
		return;
	}
	struct dirent *de;
	int good = 1, n = 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		char *buf = malloc(1 << 20);
		size_t len = fread(buf, 1, 1 << 20, f);
		fclose(f);
		if (!same(buf, len, path, 0))
			good = 0;
		free(buf);
		n++;
	}
	closedir(d);
	char name[128];
	snprintf(name, sizeof(name), "fuzz corpus (%d files): the stream splits as the file", n);
	ok(good && n > 100, name);
}

int main(void)
{
	test_cases();
	test_corpus();
	return done_testing();
}
