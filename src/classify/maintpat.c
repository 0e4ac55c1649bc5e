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

char *ld_maint_n_regex(const char *v)
{
	ld_buf b = LD_BUF_INIT;
	int in_br = 0;
	for (const char *p = v; *p; p++) {
		if (in_br) {
			ld_buf_addc(&b, *p);
			in_br = *p != ']' || b.s[b.len - 2] == '[';
		} else if (*p == '[') {
			ld_buf_addc(&b, *p);
			in_br = 1;
			if (p[1] == '^')
				ld_buf_addc(&b, *++p);
			if (p[1] == ']')
				ld_buf_addc(&b, *++p);
		} else if (*p == ' ' || *p == '\t') {
			continue;
		} else if (*p == '(' && p[1] == '?') {
			if (p[2] != ':')
				goto bad;
			ld_buf_addc(&b, '(');
			p += 2;
		} else if (*p == '\\' && p[1] >= '1' && p[1] <= '9') {
			goto bad;
		} else if (*p == '\\' && p[1] == 'd') {
			ld_buf_adds(&b, "[0-9]");
			p++;
		} else if (*p == '\\' && p[1]) {
			ld_buf_addc(&b, *p++);
			ld_buf_addc(&b, *p);
		} else if (*p == '{') {
			char *end;
			unsigned long lo = strtoul(p + 1, &end, 10), hi = lo;
			if (*end == ',')
				hi = end[1] == '}' ? 0 : strtoul(end + 1, &end, 10);
			if (lo > 255 || hi > 255)
				goto bad;
			ld_buf_addc(&b, *p);
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
