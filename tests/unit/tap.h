/* tap.h - the TAP helpers of the unit tests.  Each tests/unit/t-NAME.c
 * tests one module, includes this header, and ends main with
 * `return done_testing();`.  tests/unit.t runs every build/unit/t-NAME
 * and numbers their tests as one plan. */
#ifndef LD_TAP_H
#define LD_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_fail;

/* One test: "ok N - name" or "not ok N - name"; returns cond, so that a
 * caller can add "#   got ..." lines when it fails. */
static inline int ok(int cond, const char *name)
{
	tap_n++;
	if (!cond)
		tap_fail++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
	fflush(stdout);   /* what ran before a crash is shown */
	return cond;
}

static inline void tap_quoted(const char *s)
{
	putchar('\'');
	for (const char *p = s; *p; p++)
		printf(*p == '\n' ? "\\n" : "%c", *p);
	putchar('\'');
}

/* Two strings the same; both shown (newlines as \n) when they are not. */
static inline int is(const char *got, const char *want, const char *name)
{
	int same = got && want && !strcmp(got, want);
	if (!ok(same, name)) {
		printf("#   got:  ");
		if (got)
			tap_quoted(got);
		else
			printf("(null)");
		printf("\n#   want: ");
		tap_quoted(want);
		printf("\n");
	}
	return same;
}

/* The plan; main's exit status (1 when a test failed). */
static inline int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_fail != 0;
}

#endif
