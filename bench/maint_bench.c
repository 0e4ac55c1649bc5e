/* bench/maint_bench.c - the cost of the MAINTAINERS module alone, in CPU
 * time (contention-free, unlike a whole run's wall time on a busy
 * machine): loading FILE, then for each line of FILES (one posting's
 * paths, tab-separated: bench/maint_files.py) ld_subsystem_touches of
 * each path for NAME, and ld_maintainers_who of the line (every section).
 * Built and run by bench/maintainers.sh; prints one line per step. */
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: maint_bench MAINTAINERS NAME FILES\n");
		return 2;
	}
	ld_err err;
	double t0 = cpu();
	ld_maintainers *m = ld_maintainers_load(argv[1], &err);
	double t1 = cpu();
	if (!m) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	ld_subsystem *s = ld_subsystem_find(m, argv[2], &err);
	if (!s) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	FILE *f = fopen(argv[3], "r");
	char *line = NULL;
	size_t cap = 0, posts = 0, paths = 0, hits = 0, sections = 0;
	double tt = 0, tw = 0;
	while (f && getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = 0;
		const char *v[4096];
		size_t n = 0;
		for (char *p = strtok(line, "\t"); p && n < 4096; p = strtok(NULL, "\t"))
			v[n++] = p;
		double a = cpu();
		int hit = 0;
		for (size_t i = 0; i < n && !hit; i++)
			hit = ld_subsystem_touches(s, v[i]);
		double b = cpu();
		ld_maint_who w;
		ld_maintainers_who(m, v, n, 0, 0, &w);
		double c = cpu();
		tt += b - a;
		tw += c - b;
		posts++;
		paths += n;
		hits += hit;
		sections += w.all_sections;
		ld_maint_who_release(&w);
	}
	printf("load %s: %zu sections, %.1f ms CPU\n", argv[1], ld_maintainers_count(m), (t1 - t0) * 1e3);
	printf("--subsystem '%s': %zu postings (%zu paths), %zu touch it: %.1f ms CPU (%.2f us a posting)\n",
	       ld_subsystem_title(s), posts, paths, hits, tt * 1e3, posts ? tt * 1e6 / posts : 0);
	printf("ld_maintainers_who, every section: %.1f ms CPU (%.1f us a posting, %.1f sections a posting)\n",
	       tw * 1e3, posts ? tw * 1e6 / posts : 0, posts ? (double)sections / posts : 0);
	free(line);
	if (f)
		fclose(f);
	ld_subsystem_free(s);
	ld_maintainers_free(m);
	return 0;
}
