/* maintainers.c - fuzz target: a MAINTAINERS file (report/maintainers.c)
 * and the F:/X: pattern rules (classify/maintpat.c) on any bytes.  The
 * input is read as the file (through a memfd, the path the loader
 * opens); its first line also serves as a --subsystem name, and the first
 * two lines as a pattern and a path.  Checks: a refused file says so in
 * one line; a loaded one has sections, and --subsystem and
 * ld_maintainers_who answer within their bounds. */
#include "fuzz.h"
#include "../../src/report/report.h"
#include "../../src/classify/classify.h"

#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void check_loaded(const ld_maintainers *m, const char *name, const char *path)
{
	ld_err err;
	FUZZ_CHECK(ld_maintainers_count(m) >= 1, "a loaded file without sections");
	ld_subsystem *s = ld_subsystem_find(m, name, &err);
	if (s) {
		FUZZ_CHECK(ld_subsystem_title(s) != NULL, "a subsystem without title");
		(void)ld_subsystem_touches(s, path);
		(void)ld_subsystem_touches(s, "drivers/virt/frob/core.c");
		ld_subsystem_free(s);
	} else {
		FUZZ_CHECK(err.msg[0] && !strchr(err.msg, '\n'), "--subsystem refused without one line");
	}
	const char *files[] = { path, "drivers/virt/frob/core.c", "Makefile", ".../tail.c", "a/b/c/d/e.h" };
	ld_maint_who w;
	ld_maintainers_who(m, files, 5, 3, 4, &w);
	FUZZ_CHECK(w.n_sections <= 3 && w.n_sections <= w.all_sections, "who: sections past the bound");
	FUZZ_CHECK(w.n_people <= 4 && w.n_people <= w.all_people, "who: people past the bound");
	for (size_t i = 0; i < w.n_sections; i++)
		FUZZ_CHECK(w.sections[i] != NULL, "who: a NULL section");
	for (size_t i = 0; i < w.n_people; i++)
		FUZZ_CHECK(w.people[i].who && w.people[i].section && w.people[i].reviewer <= 1, "who: a bad person");
	ld_maint_who_release(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	char *nl = strchr(s, '\n');
	char *name = strndup(s, nl ? (size_t)(nl - s) : strlen(s));
	const char *rest = nl ? nl + 1 : "";
	char *path = strndup(rest, strcspn(rest, "\n"));
	int d = ld_maint_pattern_depth(name);
	FUZZ_CHECK(d >= -1 && (d < 0 || (size_t)d <= strlen(name) + 1), "pattern depth out of range");
	(void)ld_maint_pattern_match(name, path);
	char *re = ld_maint_n_regex(name);
	FUZZ_CHECK(!re || strlen(re) <= 256, "N: regex over its bound");
	free(re);

	int fd = memfd_create("maintainers", 0);
	if (fd >= 0 && write(fd, data, size) == (ssize_t)size) {
		char p[64];
		snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
		ld_err err;
		ld_maintainers *m = ld_maintainers_load(p, &err);
		if (m)
			check_loaded(m, name, path);
		else
			FUZZ_CHECK(err.status == LD_E_USAGE && err.msg[0] && !strchr(err.msg, '\n'),
				   "a refused file without one line");
		ld_maintainers_free(m);
	}
	if (fd >= 0)
		close(fd);
	free(name);
	free(path);
	free(s);
	return 0;
}
