/* manifest.c - the epochs of an inbox served over HTTP, from its
 * manifest.js.gz: grokmirror's format, which public-inbox-httpd serves
 * for every v2 inbox (GET LIST/manifest.js.gz: a gzipped JSON object
 * whose keys are the epochs' paths, "/LIST/git/0.git", ...).
 *
 * Every zlib and json-glib call of the program lives here; the GET is
 * http.c's (libcurl runs in the helper listdigest-remote-http). */
#include "source/fetch.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ---- gunzip, with zlib ----------------------------------------------- */

/* Inflates the gzip data of in into out, at most LD_MANIFEST_MAX bytes:
 * 0, or -1 when it is not (complete) gzip or inflates to more. */
static int gunzip(const ld_buf *in, ld_buf *out)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		ld_nomem();
	z.next_in = (Bytef *)in->s;
	z.avail_in = (uInt)in->len;
	unsigned char chunk[16384];
	int rc;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END)
			break;
		size_t got = sizeof(chunk) - z.avail_out;
		if (out->len + got > LD_MANIFEST_MAX) {
			rc = Z_DATA_ERROR;
			break;
		}
		ld_buf_add(out, (const char *)chunk, got);
	} while (rc != Z_STREAM_END && (z.avail_in || !z.avail_out));
	inflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -1;
}

/* ---- the JSON, with json-glib ----------------------------------------- */

/* The N of a key "PREFIX/git/N.git" (prefix_len: the length of PREFIX),
 * else -1. */
static int epoch_of_key(const char *key, size_t *prefix_len)
{
	size_t n = strlen(key);
	if (n < 10 || strcmp(key + n - 4, ".git"))
		return -1;
	size_t d = n - 4;
	while (d > 0 && key[d - 1] >= '0' && key[d - 1] <= '9')
		d--;
	if (d == n - 4 || n - 4 - d > 5 || d < 5 || strncmp(key + d - 5, "/git/", 5))
		return -1;
	*prefix_len = d - 5;
	return atoi(key + d);
}

static int cmp_epoch(const void *a, const void *b)
{
	int x = ((const ld_manifest_epoch *)a)->number, y = ((const ld_manifest_epoch *)b)->number;
	return (x > y) - (x < y);
}

/* The "fingerprint" of the entry (40 hex digits), else "". */
static void fingerprint(JsonObject *o, const char *key, char out[41])
{
	JsonNode *v = json_object_get_member(o, key);
	JsonObject *entry = v && JSON_NODE_HOLDS_OBJECT(v) ? json_node_get_object(v) : NULL;
	JsonNode *f = entry ? json_object_get_member(entry, "fingerprint") : NULL;
	const char *s = f && JSON_NODE_HOLDS_VALUE(f) ? json_node_get_string(f) : NULL;
	out[0] = 0;
	if (s && strlen(s) == 40 && strspn(s, "0123456789abcdef") == 40)
		memcpy(out, s, 41);
}

/* The epochs named by the keys of the JSON object in json, all of the
 * inbox list. */
static ld_status read_epochs(const char *url, const char *list, const ld_buf *json,
			     ld_manifest_epoch **epochs, size_t *n, ld_err *err)
{
	ld_status st = LD_OK;
	GError *gerr = NULL;
	JsonParser *p = json_parser_new();
	size_t cap = 0;
	char *prefix = NULL;
	*epochs = NULL;
	*n = 0;
	if (!json_parser_load_from_data(p, json->s, (gssize)json->len, &gerr)) {
		ld_err_set(err, LD_E_INBOX, "%s: not JSON (%s): not a public-inbox manifest; give the URL of one inbox, such as https://lore.kernel.org/kvm/",
			   url, gerr ? gerr->message : "?");
		g_clear_error(&gerr);
		g_object_unref(p);
		return LD_E_INBOX;
	}
	JsonNode *root = json_parser_get_root(p);
	JsonObject *top = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
	GList *keys = top ? json_object_get_members(top) : NULL;
	for (GList *k = keys; k && st == LD_OK; k = k->next) {
		size_t plen;
		int e = epoch_of_key(k->data, &plen);
		if (e < 0)
			continue;
		if (!prefix) {
			prefix = ld_xstrndup(k->data, plen);
		} else if (strlen(prefix) != plen || strncmp(prefix, k->data, plen)) {
			ld_err_set(err, LD_E_INBOX, "%s: the manifest of several inboxes (%s, %.*s, ...); give the URL of one of them",
				   url, prefix, (int)plen, (const char *)k->data);
			st = LD_E_INBOX;
		}
		ld_manifest_epoch me = { .number = e };
		fingerprint(top, k->data, me.fingerprint);
		LD_VEC_PUSH(*epochs, *n, cap, me);
	}
	g_list_free(keys);
	g_object_unref(p);
	/* the epochs are cloned from URL/N: the manifest must be this
	 * inbox's (a server's top manifest.js.gz lists all its inboxes) */
	const char *name = prefix ? strrchr(prefix, '/') : NULL;
	if (st == LD_OK && name && strcmp(name + 1, list)) {
		ld_err_set(err, LD_E_INBOX, "%s: the manifest of the inbox %s, not of %s; give the URL of the inbox itself, such as https://lore.kernel.org/kvm/",
			   url, prefix, list);
		st = LD_E_INBOX;
	}
	free(prefix);
	if (st == LD_OK && !*n) {
		ld_err_set(err, LD_E_INBOX, "%s: no epochs (LIST/git/N.git) in it: not a public-inbox v2 inbox; give the URL of one, such as https://lore.kernel.org/kvm/",
			   url);
		st = LD_E_INBOX;
	}
	if (st != LD_OK) {
		free(*epochs);
		*epochs = NULL;
		*n = 0;
	} else {
		qsort(*epochs, *n, sizeof(**epochs), cmp_epoch);
	}
	return st;
}

ld_status ld_manifest_epochs(const char *url, const char *list, ld_manifest_epoch **epochs,
			     size_t *n, ld_err *err)
{
	ld_buf where = LD_BUF_INIT, gz = LD_BUF_INIT, json = LD_BUF_INIT;
	ld_buf_addf(&where, "%smanifest.js.gz", url);
	ld_status st = ld_http_get(where.s, LD_MANIFEST_MAX, &gz, err);
	if (st == LD_OK && gunzip(&gz, &json)) {
		ld_err_set(err, LD_E_INBOX, "%s: not gzip data (or over %zu MB inflated): not a public-inbox; give the URL of one inbox, such as https://lore.kernel.org/kvm/",
			   where.s, LD_MANIFEST_MAX >> 20);
		st = LD_E_INBOX;
	}
	if (st == LD_OK)
		st = read_epochs(where.s, list, &json, epochs, n, err);
	ld_buf_release(&where);
	ld_buf_release(&gz);
	ld_buf_release(&json);
	return st;
}
