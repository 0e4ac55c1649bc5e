/* source/json.c - JSON documents read back (a JSON report given to
 * `listdigest merge`), with json-glib: every json-glib call for them is
 * here (manifest.c keeps its own for manifest.js.gz).  What is read is
 * bounded before json-glib sees it: a regular file of at most max_bytes,
 * nested at most LD_JSON_MAX_DEPTH deep (json-glib's parser recurses).
 * The callers get read-only nodes and check every field themselves. */
#include "source/source.h"

#include <errno.h>
#include <fcntl.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct ld_json_doc {
	JsonParser *p;
};

/* The deepest nesting of the text (brackets outside strings); stops
 * counting past the limit. */
static size_t depth_of(const char *s, size_t n)
{
	size_t d = 0, max = 0;
	int in_str = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '[' || c == '{') {
			if (++d > max)
				max = d;
			if (max > LD_JSON_MAX_DEPTH)
				return max;
		} else if ((c == ']' || c == '}') && d) {
			d--;
		}
	}
	return max;
}

static ld_status slurp(const char *path, size_t max_bytes, ld_buf *out, ld_err *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb)) {
		ld_err_set(err, LD_E_INBOX, "%s: cannot read it (%s); give a JSON report made by listdigest --format json", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return LD_E_INBOX;
	}
	if (!S_ISREG(sb.st_mode) || (uint64_t)sb.st_size > max_bytes) {
		ld_err_set(err, LD_E_INBOX, "%s: %s; give a JSON report made by listdigest --format json",
			   path, S_ISREG(sb.st_mode) ? "larger than a JSON report may be (1 GiB)" : "not a regular file");
		close(fd);
		return LD_E_INBOX;
	}
	char buf[65536];
	ssize_t k;
	while ((k = read(fd, buf, sizeof(buf))) > 0 && out->len + (size_t)k <= max_bytes)
		ld_buf_add(out, buf, (size_t)k);
	int e = errno;
	close(fd);
	if (k != 0) {
		ld_err_set(err, LD_E_INBOX, "%s: %s; give a JSON report made by listdigest --format json", path,
			   k < 0 ? strerror(e) : "it grew past the limit while read");
		return LD_E_INBOX;
	}
	return LD_OK;
}

ld_status ld_json_load(const char *path, size_t max_bytes, ld_json_doc **out, ld_err *err)
{
	*out = NULL;
	ld_buf text = LD_BUF_INIT;
	ld_status st = slurp(path, max_bytes, &text, err);
	if (!st && depth_of(text.s ? text.s : "", text.len) > LD_JSON_MAX_DEPTH) {
		ld_err_set(err, LD_E_INBOX, "%s: nested deeper than a JSON report is (%d levels): not a listdigest report", path, LD_JSON_MAX_DEPTH);
		st = LD_E_INBOX;
	}
	if (st) {
		ld_buf_release(&text);
		return st;
	}
	JsonParser *p = json_parser_new();
	GError *gerr = NULL;
	if (!json_parser_load_from_data(p, text.s ? text.s : "", (gssize)text.len, &gerr)) {
		ld_err_set(err, LD_E_INBOX, "%s: not JSON (%s): a truncated or damaged report? make it again with listdigest --format json",
			   path, gerr ? gerr->message : "parse error");
		if (gerr)
			g_error_free(gerr);
		g_object_unref(p);
		ld_buf_release(&text);
		return LD_E_INBOX;
	}
	ld_buf_release(&text);
	*out = ld_xcalloc(1, sizeof(**out));
	(*out)->p = p;
	return LD_OK;
}

void ld_json_free(ld_json_doc *d)
{
	if (!d)
		return;
	g_object_unref(d->p);
	free(d);
}

const ld_jnode *ld_json_root(const ld_json_doc *d)
{
	return (const ld_jnode *)json_parser_get_root(d->p);
}

int ld_json_type(const ld_jnode *n)
{
	JsonNode *j = (JsonNode *)n;
	if (!j)
		return LD_JSON_NONE;
	switch (json_node_get_node_type(j)) {
	case JSON_NODE_OBJECT:
		return LD_JSON_OBJECT;
	case JSON_NODE_ARRAY:
		return LD_JSON_ARRAY;
	case JSON_NODE_NULL:
		return LD_JSON_NULL;
	default:
		break;
	}
	GType t = json_node_get_value_type(j);
	return t == G_TYPE_INT64 ? LD_JSON_INT : t == G_TYPE_STRING ? LD_JSON_STRING
	       : t == G_TYPE_BOOLEAN ? LD_JSON_BOOL : LD_JSON_REAL;
}

const ld_jnode *ld_json_get(const ld_jnode *obj, const char *key)
{
	if (ld_json_type(obj) != LD_JSON_OBJECT)
		return NULL;
	JsonObject *o = json_node_get_object((JsonNode *)obj);
	return (const ld_jnode *)json_object_get_member(o, key);
}

size_t ld_json_len(const ld_jnode *arr)
{
	if (ld_json_type(arr) != LD_JSON_ARRAY)
		return 0;
	return json_array_get_length(json_node_get_array((JsonNode *)arr));
}

const ld_jnode *ld_json_at(const ld_jnode *arr, size_t i)
{
	if (i >= ld_json_len(arr))
		return NULL;
	return (const ld_jnode *)json_array_get_element(json_node_get_array((JsonNode *)arr), (guint)i);
}

const char *ld_json_str(const ld_jnode *n)
{
	return ld_json_type(n) == LD_JSON_STRING ? json_node_get_string((JsonNode *)n) : NULL;
}

int ld_json_int(const ld_jnode *n, int64_t *v)
{
	if (ld_json_type(n) != LD_JSON_INT)
		return 0;
	*v = json_node_get_int((JsonNode *)n);
	return 1;
}

int ld_json_bool(const ld_jnode *n, int *v)
{
	if (ld_json_type(n) != LD_JSON_BOOL)
		return 0;
	*v = json_node_get_boolean((JsonNode *)n);
	return 1;
}
