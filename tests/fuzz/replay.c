/* replay.c - runs a fuzz target without libFuzzer: each file named on the
 * command line (directories: each file in them) is passed once to
 * LLVMFuzzerTestOneInput.  Built with the sanitizers by mk/safety.mk, so
 * the committed corpus and the regression inputs in tests/fuzz/regress/
 * are checked by `make check` with gcc or clang alike. */
#include "fuzz.h"

#include <dirent.h>
#include <sys/stat.h>

static unsigned long runs;

static void run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	size_t k;
	while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (!buf) {
		fputs("replay: out of memory\n", stderr);
		exit(2);
	}
	/* an exact-size copy, so ASan sees reads past the input */
	uint8_t *exact = malloc(n ? n : 1);
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	runs++;
}

static void run_path(const char *path)
{
	struct stat st;
	if (stat(path, &st)) {
		perror(path);
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	struct dirent **ents;
	int n = scandir(path, &ents, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.') {
			char *p = malloc(strlen(path) + strlen(ents[i]->d_name) + 2);
			sprintf(p, "%s/%s", path, ents[i]->d_name);
			run_path(p);
			free(p);
		}
		free(ents[i]);
	}
	free(ents);
}

int main(int argc, char **argv)
{
	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++)
		run_path(argv[i]);
	printf("%lu inputs replayed\n", runs);
	return 0;
}
