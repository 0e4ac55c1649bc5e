/* t-util.c - util/util.c: UTF-8 validation, ASCII case folding, the
 * string map.  Prints TAP (tap.h). */
#include "util/util.h"
#include "tap.h"

static void test_util(void)
{
	ok(ld_utf8_valid("Micha\xc5\x82", 7), "utf8 valid");
	ok(!ld_utf8_valid("\xc0\xaf", 2), "overlong rejected");
	ok(!ld_utf8_valid("\xed\xa0\x80", 3), "surrogate rejected");
	ok(!ld_utf8_valid("\xe2\x82", 2), "truncated rejected");
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

int main(void)
{
	test_util();
	return done_testing();
}
