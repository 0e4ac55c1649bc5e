/* classify/maintpat.c - the file patterns of the kernel's MAINTAINERS
 * (F:, X:, N:), as scripts/get_maintainer.pl matches them; the rules are
 * written at ld_maint_pattern_match in classify.h.  Pure. */
#include "classify/classify.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_PATH = 4096, MAX_REGEX = 256 };

/* ---- patterns (pure) ---------------------------------------------- */

static int is_glob(char c)
{
	return c == '*' || c == '?' || c == '[' || c == '\\';
}

static size_t slashes(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '/';
	return n;
}

/* A bracket expression at p ("[...]"): does c match it?  *end is set
 * after it; 0 and *end = NULL when p is no complete bracket (then '['
 * is an ordinary character, as for fnmatch). */
static int bracket(const char *p, char c, const char **end)
{
	const char *q = p + 1;
	int neg = *q == '!' || *q == '^', hit = 0;
	if (neg)
		q++;
	for (int first = 1; *q && (first || *q != ']'); first = 0) {
		char lo = *q, hi = lo;
		if (q[1] == '-' && q[2] && q[2] != ']') {
			hi = q[2];
			q += 3;
		} else {
			q++;
		}
		if ((unsigned char)c >= (unsigned char)lo && (unsigned char)c <= (unsigned char)hi)
			hit = 1;
	}
	*end = *q == ']' ? q + 1 : NULL;
	return *end && hit != neg;
}

/* Does the glob p match a prefix of s?  cross: '*', '?' and brackets
 * take '/' too; else they do not (the caller checked that s holds as
 * many '/' as p).  One backtracking point, the last '*' (reset at each
 * '/' when nothing crosses it): O(len(p) * len(s)), never exponential. */
static int glob_prefix(const char *p, const char *s, int cross)
{
	const char *star_p = NULL, *star_s = NULL;
	while (*p) {
		const char *next = NULL;
		if (*p == '*') {
			while (*p == '*')
				p++;
			if (!*p)
				return 1;
			star_p = p;
			star_s = s;
			continue;
		}
		int hit = 0;
		if (*s && (cross || *s != '/')) {
			if (*p == '?') {
				hit = 1;
				next = p + 1;
			} else if (*p == '[' && (hit = bracket(p, *s, &next), next != NULL)) {
				/* a bracket expression: hit says */
			} else {
				const char *q = *p == '\\' && p[1] ? p + 1 : p;
				hit = *q == *s;
				next = q + 1;
			}
		} else if (*s == '/' && *p == '/') {
			hit = 1;
			next = p + 1;
		}
		if (hit) {
			if (!cross && *s == '/')
				star_p = NULL;   /* a segment is done: no star reaches back */
			p = next;
			s++;
			continue;
		}
		if (!star_p || !*star_s || (!cross && *star_s == '/'))
			return 0;
		p = star_p;
		s = ++star_s;
	}
	return 1;
}

int ld_maint_pattern_match(const char *pat, const char *path)
{
	size_t pl = strlen(pat), sl = strlen(path);
	if (!pl || sl > MAX_PATH)
		return 0;
	if (pat[pl - 1] == '/')
		return glob_prefix(pat, path, 1);
	int plain = 1;
	for (const char *p = pat; *p && plain; p++)
		plain = !is_glob(*p);
	/* a folder named without its '/' (classify.h says why) */
	if (plain && sl > pl && path[pl] == '/' && !memcmp(pat, path, pl))
		return 1;
	return slashes(pat) == slashes(path) && glob_prefix(pat, path, 0);
}

int ld_maint_pattern_depth(const char *pat)
{
	size_t pl = strlen(pat);
	if (pat[0] == '*')
		return -1;
	return (int)slashes(pat) + (pl && pat[pl - 1] != '/');
}

/* A bracket expression at p (after its '['): its length up to and with
 * the closing ']', POSIX classes ("[:alpha:]") inside; 0 when unclosed. */
static size_t bracket_len(const char *p)
{
	size_t i = 0;
	if (p[i] == '^')
		i++;
	if (p[i] == ']')
		i++;
	for (; p[i] && p[i] != ']'; i++)
		if (p[i] == '[' && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
			const char *e = strchr(p + i + 2, p[i + 1]);
			if (!e || e[1] != ']')
				return 0;
			i = (size_t)(e + 1 - p);
		}
	return p[i] == ']' ? i + 1 : 0;
}

/* glibc's regcomp copies what '+' and "{n,m}" repeat (a+ is a a*): one
 * of them over another ("a++", "(a+)+", "(a{9}){9}") multiplies the
 * copies, and a few dozen take all memory.  So a repeat may not follow a
 * repeat, and a copying one may not apply to a group holding one. */
enum { MAX_DEPTH = 32 };

char *ld_maint_n_regex(const char *v)
{
	ld_buf b = LD_BUF_INIT;
	/* per open group: holds a copying repeat; last: what came before */
	int dup[MAX_DEPTH + 1] = { 0 }, depth = 0;
	enum { ATOM, REPEAT, GROUP_DUP, START } last = START;
	for (const char *p = v; *p; p++) {
		size_t n;
		if (*p == ' ' || *p == '\t')
			continue;   /* perl's /x */
		if (*p == '*' || *p == '+' || *p == '?' || *p == '{') {
			int copies = *p == '+' || *p == '{';
			if (last == REPEAT || last == START || (copies && last == GROUP_DUP))
				goto bad;
			if (*p == '{') {
				char *end;
				unsigned long lo = strtoul(p + 1, &end, 10), hi = lo;
				if (*end == ',')
					hi = end[1] == '}' ? 0 : strtoul(end + 1, &end, 10);
				if (lo > 255 || hi > 255 || *end != '}')
					goto bad;
				ld_buf_add(&b, p, (size_t)(end + 1 - p));
				p = end;
			} else {
				ld_buf_addc(&b, *p);
			}
			dup[depth] |= copies;
			last = REPEAT;
			continue;
		}
		last = ATOM;
		if (*p == '[' && (n = bracket_len(p + 1))) {
			ld_buf_add(&b, p, n + 1);
			p += n;
		} else if (*p == '(') {
			if (p[1] == '?' && p[2] != ':')
				goto bad;   /* lookarounds, named groups: not POSIX */
			if (depth == MAX_DEPTH)
				goto bad;
			dup[++depth] = 0;
			ld_buf_addc(&b, '(');
			p += p[1] == '?' ? 2 : 0;
			last = START;
		} else if (*p == ')' && depth) {
			last = dup[depth] ? GROUP_DUP : ATOM;
			dup[depth - 1] |= dup[depth];
			depth--;
			ld_buf_addc(&b, ')');
		} else if (*p == '|') {
			ld_buf_addc(&b, '|');
			last = START;
		} else if (*p == '\\' && p[1] >= '1' && p[1] <= '9') {
			goto bad;   /* a back-reference: no bound on the time */
		} else if (*p == '\\' && p[1] == 'd') {
			ld_buf_adds(&b, "[0-9]");
			p++;
		} else if (*p == '\\' && p[1]) {
			ld_buf_add(&b, p, 2);
			p++;
		} else {
			ld_buf_addc(&b, *p);
		}
	}
	if (b.len > MAX_REGEX)
		goto bad;
	return ld_buf_detach(&b);
bad:
	ld_buf_release(&b);
	return NULL;
}


size_t ld_maint_literal_dir(const char *pat)
{
	size_t last = 0;
	for (size_t i = 0; pat[i] && !is_glob(pat[i]); i++)
		if (pat[i] == '/')
			last = i + 1;
	return last;
}
