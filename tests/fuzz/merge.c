/* merge.c - fuzz target: a JSON report given to `listdigest merge`
 * (run/merge.c, merge_msg.c, source/json.c) on any bytes, alone and
 * twice (a part given twice).  The input is read as the file (through a
 * memfd, the path the reader opens).  Checks: a refused file says so in
 * one line with exit status 3 (or 2: a --subsystem part without
 * --maintainers); a merged one renders as text and JSON. */
#include "fuzz.h"

#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void merge(const char *const *paths, size_t n)
{
	ld_report_opts o;
	memset(&o, 0, sizeof(o));
	o.top = 15;
	o.keep_intake = 1;
	ld_report *r = NULL;
	ld_err err;
	memset(&err, 0, sizeof(err));
	ld_status st = ld_merge(paths, n, &o, &r, &err);
	if (st) {
		FUZZ_CHECK(!r, "a refused merge with a report");
		FUZZ_CHECK((st == LD_E_INBOX || st == LD_E_USAGE) && err.msg[0] && !strchr(err.msg, '\n'),
			   "a refused file without one line");
		return;
	}
	FUZZ_CHECK(r != NULL, "a merge without a report");
	FILE *devnull = fopen("/dev/null", "w");
	ld_render_opts ro;
	memset(&ro, 0, sizeof(ro));
	ro.now = 1700000000;
	if (devnull) {
		FUZZ_CHECK(ld_render_text(r, &ro, devnull) == 0, "text render failed");
		FUZZ_CHECK(ld_render_json(r, &ro, devnull) == 0, "JSON render failed");
		fclose(devnull);
	}
	ld_report_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("part", 0);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		char p[64];
		snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
		const char *paths[] = { p, p };
		merge(paths, 1);
		merge(paths, 2);
	}
	close(fd);
	return 0;
}
