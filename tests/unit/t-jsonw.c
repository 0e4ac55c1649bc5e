/* t-jsonw.c - render/jsonw.c: the JSON writer's commas, nesting,
 * indentation and escaping.  Prints TAP (tap.h). */
#include "render/render.h"
#include "tap.h"

#include <stdlib.h>

typedef void (*build_fn)(ld_jw *w);

static void check(build_fn build, const char *want, const char *name)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	ld_jw w;
	ld_jw_init(&w, f);
	build(&w);
	fclose(f);
	is(buf, want, name);
	free(buf);
}

static void scalar(ld_jw *w)
{
	ld_jw_string(w, "a\"b\\c\n\x01");
}

static void empty(ld_jw *w)
{
	ld_jw_begin_map(w);
	ld_jw_key(w, "list");
	ld_jw_begin_list(w);
	ld_jw_end(w);
	ld_jw_key(w, "inline");
	ld_jw_begin_list_inline(w);
	ld_jw_end(w);
	ld_jw_key(w, "map");
	ld_jw_begin_map_inline(w);
	ld_jw_end(w);
	ld_jw_end(w);
}

static void nested(ld_jw *w)
{
	ld_jw_begin_map(w);
	ld_jw_key(w, "n");
	ld_jw_int(w, -3);
	ld_jw_key(w, "rows");
	ld_jw_begin_list(w);
	for (int i = 0; i < 2; i++) {
		ld_jw_begin_map_inline(w);
		ld_jw_key(w, "u");
		ld_jw_uint(w, 18446744073709551615ull);
		ld_jw_key(w, "runs");
		ld_jw_begin_list_inline(w);
		ld_jw_begin_list_inline(w);
		ld_jw_int(w, 1);
		ld_jw_int(w, 2);
		ld_jw_end(w);
		ld_jw_bool(w, i);
		ld_jw_null(w);
		ld_jw_end(w);
		ld_jw_end(w);
	}
	ld_jw_end(w);
	ld_jw_key(w, "url");
	ld_jw_link(w, "https://lore.example/x/", "a\"b@c");
	ld_jw_end(w);
}

static void too_deep(ld_jw *w)
{
	for (int i = 0; i < LD_JW_DEPTH + 1; i++)
		ld_jw_begin_list_inline(w);
	ld_jw_int(w, 1);
	for (int i = 0; i < LD_JW_DEPTH + 1; i++)
		ld_jw_end(w);
	ok(w->failed, "nesting past LD_JW_DEPTH fails");
}

int main(void)
{
	check(scalar, "\"a\\\"b\\\\c\\n\\u0001\"\n", "a string, escaped, ends the document");
	check(empty, "{\n  \"list\": [],\n  \"inline\": [],\n  \"map\": {}\n}\n", "empty containers");
	check(nested,
	      "{\n"
	      "  \"n\": -3,\n"
	      "  \"rows\": [\n"
	      "    { \"u\": 18446744073709551615, \"runs\": [[1, 2], false, null] },\n"
	      "    { \"u\": 18446744073709551615, \"runs\": [[1, 2], true, null] }\n"
	      "  ],\n"
	      "  \"url\": \"https://lore.example/x/a%22b@c/\"\n"
	      "}\n",
	      "blocks, inline maps and lists, commas");
	check(too_deep, "[[[[[[[[[[[[[[[[", "nothing written past the limit");
	return done_testing();
}
