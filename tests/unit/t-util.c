/* t-util.c - util/util.c: UTF-8 decoding, ASCII case folding, the
 * string map, the buffer, UTC dates.  Prints TAP (tap.h). */
#include "util/util.h"
#include "tap.h"

#include <stdlib.h>

static void test_util(void)
{
	unsigned cp;
	ok(ld_utf8_next((const unsigned char *)"\xc5\x82", 2, &cp) == 2 && cp == 0x142, "utf8 valid");
	ok(ld_utf8_next((const unsigned char *)"\xc0\xaf", 2, &cp) == 1 && cp == 0xfffd, "overlong rejected");
	ok(ld_utf8_next((const unsigned char *)"\xed\xa0\x80", 3, &cp) == 1 && cp == 0xfffd, "surrogate rejected");
	ok(ld_utf8_next((const unsigned char *)"\xe2\x82", 2, &cp) == 1 && cp == 0xfffd, "truncated rejected");
	ok(ld_casecmp("abc", "ABD") < 0 && ld_casecmp("B", "a") > 0, "casecmp folds ASCII");
	ld_map m;
	ld_map_init(&m);
	char key[32];
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		*ld_map_slot(&m, key) = (void *)(long)(i + 1);
	}
	int good = m.n == 1000;
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		good &= ld_map_get(&m, key) == (void *)(long)(i + 1);
	}
	ok(good && !ld_map_get(&m, "nope"), "map holds 1000 keys");
	ld_map_release(&m);
}

static void test_buf(void)
{
	ld_buf b = LD_BUF_INIT;
	ok(b.s && !*b.s && !b.len && !b.cap, "LD_BUF_INIT: \"\", nothing allocated");
	ld_buf_reset(&b);
	ld_buf_release(&b);
	ok(b.s == ld_buf_empty && !b.cap, "release of an empty buffer");
	char *e = ld_buf_detach(&b);
	is(e, "", "detach of an empty buffer gives an allocated \"\"");
	free(e);
	ld_buf_addf(&b, "%s", "");
	ok(b.cap && !*b.s && !ld_buf_empty[0], "an empty write allocates");
	for (int i = 0; i < 100; i++)
		ld_buf_addf(&b, "%d,", i);
	ld_buf_adds(&b, "end");
	ok(b.len == strlen(b.s) && !strncmp(b.s, "0,1,2,", 6) && !strcmp(b.s + b.len - 7, ",99,end"),
	   "buffer grows");
	ld_buf_release(&b);
	ok(b.s == ld_buf_empty && !b.len, "release leaves it as LD_BUF_INIT");
	ld_buf z = { 0 };
	ld_buf_addc(&z, 'x');
	is(z.s, "x", "a zeroed buffer works too");
	ld_buf_release(&z);
}

static void test_utc(void)
{
	char out[32];
	ld_fmt_utc(out, 1700000000, LD_UTC_ISO);
	is(out, "2023-11-14T22:13:20Z", "UTC ISO");
	ld_fmt_utc(out, 1700000000, LD_UTC_DAY);
	is(out, "2023-11-14", "UTC day");
	ld_fmt_utc(out, 1700000000, LD_UTC_MINUTE);
	is(out, "2023-11-14 22:13", "UTC minute");
	ld_fmt_utc(out, 1700000000, LD_UTC_COMPACT);
	is(out, "20231114T221320Z", "UTC compact");
	ok(ld_fmt_utc(out, INT64_MAX, LD_UTC_DAY) == -1 && !strcmp(out, "0000-00-00"),
	   "UTC beyond gmtime: -1 and zeros");
	ok(ld_fmt_utc(out, INT64_MAX, LD_UTC_COMPACT) == -1 && !strcmp(out, "00000000T000000Z"),
	   "UTC beyond gmtime, compact");
}

int main(void)
{
	test_util();
	test_buf();
	test_utc();
	return done_testing();
}
