/* t-json.c - source/json.c: JSON texts through yajl into our tree: types
 * and escapes, what a keep list keeps (and that the rest is still
 * checked), a name given twice, the bounds (depth, NUL, numbers), one
 * line per refusal, and a file read in pieces (values across the 64 KiB
 * reads).  Prints TAP (tap.h). */
#include "source/source.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ld_json_doc *parse(const char *text, const char *const *keep, ld_err *err)
{
	ld_json_doc *d = NULL;
	memset(err, 0, sizeof(*err));
	if (ld_json_parse("t.json", text, strlen(text), keep, "hint", &d, err))
		return NULL;
	return d;
}

static void test_types(void)
{
	ld_err err;
	ld_json_doc *d = parse("{\"s\": \"caf\\u00e9 \\ud83d\\ude00\\n\", \"i\": -42, \"r\": 1.5, \"t\": true,"
			       " \"z\": null, \"a\": [1, \"x\", [], {}], \"o\": {\"k\": \"v\"}}", NULL, &err);
	ok(d != NULL, "json: a document parses");
	if (!d)
		return;
	const ld_jnode *r = ld_json_root(d);
	int64_t i = 0;
	int b = 0;
	ok(ld_json_type(r) == LD_JSON_OBJECT && ld_json_len(r) == 7, "json: the root object, 7 members");
	is(ld_json_str(ld_json_get(r, "s")), "caf\xc3\xa9 \xf0\x9f\x98\x80\n", "json: escapes decoded (\\u00e9, a surrogate pair, \\n)");
	ok(ld_json_int(ld_json_get(r, "i"), &i) && i == -42, "json: an integer");
	ok(ld_json_type(ld_json_get(r, "r")) == LD_JSON_REAL && !ld_json_int(ld_json_get(r, "r"), &i),
	   "json: a real is no integer");
	ok(ld_json_bool(ld_json_get(r, "t"), &b) && b == 1, "json: true");
	ok(ld_json_type(ld_json_get(r, "z")) == LD_JSON_NULL, "json: null");
	const ld_jnode *a = ld_json_get(r, "a");
	ok(ld_json_len(a) == 4 && ld_json_type(ld_json_at(a, 2)) == LD_JSON_ARRAY &&
	   ld_json_type(ld_json_at(a, 3)) == LD_JSON_OBJECT && !ld_json_at(a, 4),
	   "json: an array's elements, empty containers, nothing past the end");
	ok(!ld_json_key(ld_json_at(a, 0)), "json: an element has no name");
	is(ld_json_key(ld_json_at(r, 6)), "o", "json: members in the text's order, with their names");
	is(ld_json_str(ld_json_get(ld_json_get(r, "o"), "k")), "v", "json: a nested object");
	ok(!ld_json_get(r, "nope") && !ld_json_get(a, "s") && !ld_json_str(ld_json_get(r, "i")) &&
	   ld_json_type(NULL) == LD_JSON_NONE && !ld_json_len(NULL),
	   "json: the wrong type or no node answers none");
	ld_json_free(d);
	d = parse("{\"k\": 1, \"k\": \"last\"}", NULL, &err);
	is(d ? ld_json_str(ld_json_get(ld_json_root(d), "k")) : NULL, "last", "json: a name given twice: its last value");
	ld_json_free(d);
}

static void test_keep(void)
{
	static const char *const keep[] = { "schema", "merge", "entries/*/excerpt", NULL };
	ld_err err;
	ld_json_doc *d = parse("{\"schema\": \"s/1\", \"postings\": [{\"subject\": \"x\"}], \"entries\": "
			       "[{\"excerpt\": \"e1\", \"title\": \"t\"}, 7, {\"title\": \"u\"}], \"merge\": "
			       "{\"messages\": [{\"i\": \"id\"}]}, \"counts\": {\"messages\": 1}}", keep, &err);
	ok(d != NULL, "keep: a document parses");
	if (!d)
		return;
	const ld_jnode *r = ld_json_root(d), *e = ld_json_get(r, "entries");
	ok(ld_json_len(r) == 3 && !ld_json_get(r, "postings") && !ld_json_get(r, "counts"),
	   "keep: the members not named are not kept");
	is(ld_json_str(ld_json_get(r, "schema")), "s/1", "keep: a scalar named");
	is(ld_json_str(ld_json_get(ld_json_at(ld_json_get(ld_json_get(r, "merge"), "messages"), 0), "i")), "id",
	   "keep: a value named is kept whole");
	ok(ld_json_len(e) == 3, "keep: the array on the way, every element");
	is(ld_json_str(ld_json_get(ld_json_at(e, 0), "excerpt")), "e1", "keep: the member named in each element");
	ok(!ld_json_get(ld_json_at(e, 0), "title") && ld_json_len(ld_json_at(e, 2)) == 0,
	   "keep: its other members are not");
	ok(ld_json_type(ld_json_at(e, 1)) == LD_JSON_INT, "keep: a scalar where an object was due is kept (the caller sees it)");
	ld_json_free(d);
	d = parse("{\"schema\": \"s/1\", \"postings\": [{\"subject\": \"x\"]}", keep, &err);
	ok(!d && err.status == LD_E_INBOX, "keep: damage in a part not kept refuses the text");
	d = parse("[1, 2]", keep, &err);
	ok(d && ld_json_len(ld_json_root(d)) == 0, "keep: a root array whose elements are not named: empty");
	ld_json_free(d);
	d = parse("5", keep, &err);
	ok(d && ld_json_type(ld_json_root(d)) == LD_JSON_INT, "keep: a root scalar is kept (the caller sees it)");
	ld_json_free(d);
}

/* Refused with one line naming the file and ending with the hint. */
static void refused(const char *text, const char *const *keep, const char *what, const char *name)
{
	ld_err err;
	ld_json_doc *d = parse(text, keep, &err);
	size_t n = strlen(err.msg);
	int good = !d && err.status == LD_E_INBOX && !strchr(err.msg, '\n') && !strncmp(err.msg, "t.json: ", 8) &&
		   strstr(err.msg, what) && n > 4 && !strcmp(err.msg + n - 4, "hint");
	if (!ok(good, name))
		printf("#   got: %s\n", err.msg);
	ld_json_free(d);
}

static void test_bounds(void)
{
	static const char *const keep[] = { "merge", NULL };
	char deep[80];
	memset(deep, '[', 32);
	memset(deep + 32, ']', 32);
	deep[64] = 0;
	ld_err err;
	ld_json_doc *d = parse(deep, NULL, &err);
	ok(d != NULL, "bounds: nested 32 deep parses");
	ld_json_free(d);
	memset(deep, '[', 33);
	memset(deep + 33, ']', 33);
	deep[66] = 0;
	refused(deep, NULL, "nested deeper than 32 levels", "bounds: nested 33 deep is refused");
	snprintf(deep, sizeof(deep), "{\"x\": %.33s", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
	refused(deep, keep, "nested deeper than 32 levels", "bounds: also where nothing is kept");
	refused("{\"merge\": \"a\\u0000b\"}", keep, "NUL character", "bounds: a NUL in a string kept");
	d = parse("{\"x\": \"a\\u0000b\", \"merge\": 1}", keep, &err);
	ok(d != NULL, "bounds: a NUL in a string not kept does no harm");
	ld_json_free(d);
	refused("{\"merge\": {\"a\\u0000\": 1}}", keep, "NUL character", "bounds: a NUL in a name kept");
	refused("{\"i\": 99999999999999999999}", NULL, "integer overflow", "bounds: an integer past 64 bits");
	refused("{\"i\": 1", NULL, "premature EOF", "bounds: a cut text");
	refused("", NULL, "not JSON", "bounds: nothing");
	refused("{} {}", NULL, "trailing garbage", "bounds: two values");
	refused("{\"a\": \"\xff\"}", NULL, "UTF8", "bounds: a string that is no UTF-8");
	refused("{\"a\": 1,}", NULL, "not JSON", "bounds: a trailing comma");
	refused("{\"a\": 01}", NULL, "not JSON", "bounds: a number with a leading zero");
	refused("{\"a\": 1} // c", NULL, "not JSON", "bounds: a comment");
}

/* A file of more than two 64 KiB reads, with a long string, escapes and
 * numbers across the boundaries. */
static void test_file(void)
{
	char path[] = "/tmp/t-json-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!ok(f != NULL, "file: a scratch file"))
		return;
	fputs("{\"pad\": [", f);
	for (int i = 0; i < 20000; i++)
		fprintf(f, "%s%d", i ? "," : "", 1000000 + i);
	fputs("], \"long\": \"", f);
	for (int i = 0; i < 70000; i++)
		fputs(i % 7 ? "a" : "\\u00e9", f);
	fputs("\", \"end\": 1}", f);
	fclose(f);
	static const char *const keep[] = { "long", "end", "pad", NULL };
	ld_json_doc *d = NULL;
	ld_err err;
	memset(&err, 0, sizeof(err));
	ld_status st = ld_json_load(path, 1 << 20, keep, &d, &err);
	const ld_jnode *r = d ? ld_json_root(d) : NULL;
	const char *s = ld_json_str(ld_json_get(r, "long"));
	size_t want = 70000 + 10000;   /* 10,000 é of two bytes */
	int64_t last = 0, end = 0;
	ok(!st && s && strlen(s) == want && !memcmp(s, "\xc3\xa9" "aaaaaa\xc3\xa9", 10),
	   "file: a string across the reads, its escapes decoded");
	ok(ld_json_len(ld_json_get(r, "pad")) == 20000 &&
	   ld_json_int(ld_json_at(ld_json_get(r, "pad"), 19999), &last) && last == 1019999 &&
	   ld_json_int(ld_json_get(r, "end"), &end) && end == 1, "file: numbers across the reads");
	ld_json_free(d);
	d = NULL;
	st = ld_json_load(path, 1000, keep, &d, &err);
	ok(st == LD_E_INBOX && !d && strstr(err.msg, "larger than"), "file: over max_bytes is refused");
	st = ld_json_load("/nonexistent/t.json", 1000, keep, &d, &err);
	ok(st == LD_E_INBOX && !d && strstr(err.msg, "cannot read it"), "file: a missing file is refused");
	st = ld_json_load("/tmp", 1000, keep, &d, &err);
	ok(st == LD_E_INBOX && !d && strstr(err.msg, "not a regular file"), "file: a folder is refused");
	unlink(path);
}

int main(void)
{
	test_types();
	test_keep();
	test_bounds();
	test_file();
	return done_testing();
}
