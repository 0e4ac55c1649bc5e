/* fuzz.h - shared by the fuzz targets in tests/fuzz/: invariants of what
 * the core hands to renderers, checked on every input.  A broken
 * invariant aborts, which libFuzzer and the replay driver report as a
 * crash with the input saved. */
#ifndef LD_FUZZ_H
#define LD_FUZZ_H

#include "../../src/run/run.h"
#include "../../src/render/render.h"

#include <glib.h>   /* g_utf8_validate: the UTF-8 validator the mail layer uses */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond, what) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz invariant broken: %s (%s:%d: %s)\n", what, __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

/* A NUL-terminated copy of the input (the pure parsers take C strings). */
static inline char *fuzz_cstr(const uint8_t *d, size_t n)
{
	char *s = malloc(n + 1);
	FUZZ_CHECK(s != NULL, "malloc");
	memcpy(s, d, n);
	s[n] = 0;
	return s;
}

/* A header field as the mail layer promises it: valid UTF-8, no C0, DEL or C1
 * control (mail/mail.h: "control characters made spaces"). */
static inline int fuzz_clean_line(const char *s)
{
	if (!g_utf8_validate(s, -1, NULL))
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return 0;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 0;
	}
	return 1;
}

/* What ld_esc_text writes for a terminal: no ESC, no C0 but tab and
 * newline, no DEL, no C1 (as UTF-8 C2 80..9F); valid UTF-8 in, valid
 * UTF-8 out. */
static inline void fuzz_check_text_escape(const char *s)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	FUZZ_CHECK(f != NULL, "open_memstream");
	ld_esc_text(f, s);
	fclose(f);
	/* an invalid byte becomes U+FFFD: three bytes for one */
	FUZZ_CHECK(n <= 3 * strlen(s), "escaper output more than 3 times its input");
	FUZZ_CHECK(g_utf8_validate(out, (gssize)n, NULL), "escaped text is not valid UTF-8");
	for (size_t i = 0; i < n;) {
		unsigned cp;
		i += ld_utf8_next((const unsigned char *)out + i, n - i, &cp);
		FUZZ_CHECK(!(cp < 0x20 && cp != '\t' && cp != '\n') && cp != 0x7f,
			   "C0 control or DEL in escaped text");
		FUZZ_CHECK(!(cp >= 0x80 && cp <= 0x9f), "C1 control in escaped text");
		FUZZ_CHECK(!(cp >= 0x202a && cp <= 0x202e) && !(cp >= 0x2066 && cp <= 0x2069) &&
			   !(cp >= 0x200b && cp <= 0x200f) && cp != 0xfeff && cp != 0x2028 &&
			   cp != 0x2029 && cp != 0x061c, "bidi, zero-width or separator in escaped text");
	}
	free(out);
}

/* ld_esc_md's inline text: one line, valid UTF-8 without controls, and
 * every character that could start Markdown structure escaped (a
 * backslash before it that is not itself escaped). */
static inline void fuzz_check_md_inline(const char *s)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	FUZZ_CHECK(f != NULL, "open_memstream");
	ld_esc_md(f, s);
	fclose(f);
	FUZZ_CHECK(g_utf8_validate(out, (gssize)n, NULL), "inline Markdown is not valid UTF-8");
	int esc = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)out[i];
		FUZZ_CHECK(c >= 0x20 && c != 0x7f, "control or line break in inline Markdown");
		if (!esc && c != '\\')
			FUZZ_CHECK(!strchr("`*_[]<>#!|~&", c), "unescaped Markdown special");
		esc = !esc && c == '\\';
	}
	FUZZ_CHECK(!esc, "inline Markdown ends in a lone backslash");
	free(out);
}

/* ld_esc_md_code's block: no line between the fences closes it (a run of
 * backticks as long as the fence after at most three spaces). */
static inline void fuzz_check_md_code(const char *s)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	FUZZ_CHECK(f != NULL, "open_memstream");
	ld_esc_md_code(f, s);
	fclose(f);
	size_t fence = strspn(out, "`");
	FUZZ_CHECK(fence >= 3 && n > 2 * fence, "no fence");
	const char *body = strchr(out, '\n') + 1, *end = out + n - fence - 1;
	for (const char *p = body; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t sp = 0;
		while (sp < 3 && p[sp] == ' ')
			sp++;
		FUZZ_CHECK(strspn(p + sp, "`") < fence, "a line closes the code fence early");
		p = nl ? nl + 1 : end;
	}
	free(out);
}

#endif
