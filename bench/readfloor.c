/* bench/readfloor.c - the physical limit of reading an archive's
 * messages on this machine: no parsing, no report, only the blobs.
 *
 *   cc -O2 -o readfloor bench/readfloor.c $(pkg-config --cflags --libs libgit2 zlib) -pthread
 *   readfloor REPO.git [THREADS]
 *
 * Lists the `m` blob of every commit of HEAD (first-parent walk, as
 * public-inbox writes them; untimed), then times, with THREADS threads
 * (default 2) each taking one contiguous share of the list:
 *   read     git_odb_read of every blob, each thread with its own
 *            repository (libgit2 with listdigest's settings: no object
 *            cache, 4 MiB windows, 8 MiB mapped): pack lookup, inflate,
 *            delta resolution; what listdigest's readers do before any
 *            parsing;
 *   inflate  zlib's inflate of the same bytes, deflated beforehand
 *            (untimed, level 6 as git): the decompression alone, with
 *            no pack and no delta, the floor of any reader of a
 *            compressed archive.
 * Prints one line per phase: "PHASE THREADS blobs bytes wall-seconds
 * cpu-seconds" (CPU: user+sys of all threads, which a busy machine does
 * not inflate as it does the wall time). */
#include <git2.h>
#include <pthread.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

typedef struct {
	const char *path;
	git_oid *ids;
	size_t n;
	unsigned char **z;      /* deflated blobs (inflate phase) */
	size_t *zlen, *len;
	size_t bytes;
	int fail;
} share;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
	       ru.ru_stime.tv_usec / 1e6;
}

static void *read_share(void *arg)
{
	share *s = arg;
	git_repository *repo;
	git_odb *odb;
	if (git_repository_open_bare(&repo, s->path) < 0 || git_repository_odb(&odb, repo) < 0) {
		s->fail = 1;
		return NULL;
	}
	for (size_t i = 0; i < s->n; i++) {
		git_odb_object *o;
		if (git_odb_read(&o, odb, &s->ids[i]) < 0) {
			s->fail = 1;
			break;
		}
		s->bytes += git_odb_object_size(o);
		git_odb_object_free(o);
	}
	git_odb_free(odb);
	git_repository_free(repo);
	return NULL;
}

static void *inflate_share(void *arg)
{
	share *s = arg;
	size_t cap = 1 << 20;
	unsigned char *out = malloc(cap);
	for (size_t i = 0; i < s->n && out; i++) {
		if (s->len[i] > cap) {
			cap = s->len[i];
			out = realloc(out, cap);
			if (!out)
				break;
		}
		uLongf got = s->len[i];
		if (uncompress(out, &got, s->z[i], s->zlen[i]) != Z_OK || got != s->len[i])
			s->fail = 1;
		s->bytes += got;
	}
	free(out);
	return NULL;
}

/* The `m` blob of every commit of HEAD's first-parent history. */
static git_oid *list_blobs(git_repository *repo, size_t *n)
{
	git_revwalk *w;
	git_oid c;
	size_t cap = 0;
	git_oid *ids = NULL;
	*n = 0;
	if (git_revwalk_new(&w, repo) < 0 || git_revwalk_push_head(w) < 0)
		return NULL;
	git_revwalk_simplify_first_parent(w);
	while (!git_revwalk_next(&c, w)) {
		git_commit *cm;
		git_tree *t;
		if (git_commit_lookup(&cm, repo, &c) < 0)
			continue;
		if (git_commit_tree(&t, cm) == 0) {
			const git_tree_entry *m = git_tree_entry_byname(t, "m");
			if (m && git_tree_entry_type(m) == GIT_OBJECT_BLOB) {
				if (*n == cap) {
					cap = cap ? 2 * cap : 1024;
					ids = realloc(ids, cap * sizeof(*ids));
				}
				git_oid_cpy(&ids[(*n)++], git_tree_entry_id(m));
			}
			git_tree_free(t);
		}
		git_commit_free(cm);
	}
	git_revwalk_free(w);
	return ids;
}

static int run(const char *phase, share *sh, int nt, void *(*fn)(void *))
{
	pthread_t th[64];
	double t0 = now(), c0 = cpu();
	for (int i = 0; i < nt; i++)
		pthread_create(&th[i], NULL, fn, &sh[i]);
	size_t n = 0, bytes = 0;
	int fail = 0;
	for (int i = 0; i < nt; i++) {
		pthread_join(th[i], NULL);
		n += sh[i].n;
		bytes += sh[i].bytes;
		fail |= sh[i].fail;
		sh[i].bytes = 0;
	}
	printf("%s %d %zu %zu %.3f %.3f\n", phase, nt, n, bytes, now() - t0, cpu() - c0);
	return fail;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fputs("usage: readfloor REPO.git [THREADS]\n", stderr);
		return 2;
	}
	int nt = argc == 3 ? atoi(argv[2]) : 2;
	if (nt < 1 || nt > 64)
		nt = 2;
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)4 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)8 << 20);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_repository *repo;
	if (git_repository_open_bare(&repo, argv[1]) < 0) {
		fprintf(stderr, "readfloor: %s: not a bare repository\n", argv[1]);
		return 1;
	}
	size_t n;
	git_oid *ids = list_blobs(repo, &n);
	if (!ids || !n) {
		fprintf(stderr, "readfloor: %s: no messages\n", argv[1]);
		return 1;
	}
	share sh[64];
	memset(sh, 0, sizeof(sh));
	for (int i = 0; i < nt; i++) {
		size_t a = n * i / nt, b = n * (i + 1) / nt;
		sh[i].path = argv[1];
		sh[i].ids = ids + a;
		sh[i].n = b - a;
	}
	int fail = run("read", sh, nt, read_share);
	/* the inflate phase's input: every blob deflated (untimed) */
	git_odb *odb;
	git_repository_odb(&odb, repo);
	unsigned char **z = calloc(n, sizeof(*z));
	size_t *zlen = calloc(n, sizeof(size_t)), *len = calloc(n, sizeof(size_t));
	for (size_t i = 0; i < n; i++) {
		git_odb_object *o;
		if (git_odb_read(&o, odb, &ids[i]) < 0)
			return 1;
		len[i] = git_odb_object_size(o);
		uLongf zl = compressBound(len[i]);
		z[i] = malloc(zl);
		compress2(z[i], &zl, git_odb_object_data(o), len[i], 6);
		zlen[i] = zl;
		git_odb_object_free(o);
	}
	for (int i = 0; i < nt; i++) {
		size_t a = n * i / nt;
		sh[i].z = z + a;
		sh[i].zlen = zlen + a;
		sh[i].len = len + a;
	}
	fail |= run("inflate", sh, nt, inflate_share);
	git_odb_free(odb);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return fail;
}
