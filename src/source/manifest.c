/* manifest.c - the epochs of an inbox served over HTTP, from its
 * manifest.js.gz: grokmirror's format, which public-inbox-httpd serves
 * for every v2 inbox (GET LIST/manifest.js.gz: a gzipped JSON object
 * whose keys are the epochs' paths, "/LIST/git/0.git", ...).
 *
 * Every libcurl, zlib and json-glib call of the program lives here. */
#include "source/fetch.h"

#include <curl/curl.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ---- GET, with libcurl ------------------------------------------------ */

static size_t on_data(char *data, size_t size, size_t nmemb, void *ctx)
{
	ld_buf *b = ctx;
	size_t n = size * nmemb;
	if (b->len + n > LD_MANIFEST_MAX)
		return 0;   /* curl stops with CURLE_WRITE_ERROR */
	ld_buf_add(b, data, n);
	return n;
}

/* Can the failure be the network's (as opposed to the URL's)? */
static const char *curl_hint(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
		return "check the URL and the network, or report from the mirror as it is with --offline";
	default:
		return "try again, or report from the mirror as it is with --offline";
	}
}

/* The body of a 200 answer to GET url into body. */
static ld_status http_get(const char *url, ld_buf *body, ld_err *err)
{
	char why[CURL_ERROR_SIZE] = "";
	ld_status st = LD_OK;
	long code = 0;
	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		ld_err_set(err, LD_E_FETCH, "GET %s: cannot set up libcurl", url);
		return LD_E_FETCH;
	}
	CURL *c = curl_easy_init();
	if (!c)
		ld_nomem();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	/* a server that stops sending: give up after a minute under 1 B/s */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)LD_MANIFEST_MAX);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "listdigest/" LD_VERSION);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, why);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_FILESIZE_EXCEEDED || rc == CURLE_WRITE_ERROR) {
		ld_err_set(err, LD_E_INBOX, "%s: more than %zu MB; not the manifest of a public-inbox: give the URL of one inbox, such as https://lore.kernel.org/kvm/",
			   url, LD_MANIFEST_MAX >> 20);
		st = LD_E_INBOX;
	} else if (rc != CURLE_OK) {
		ld_err_set(err, LD_E_FETCH, "GET %s: %s; %s", url, *why ? why : curl_easy_strerror(rc),
			   curl_hint(rc));
		st = LD_E_FETCH;
	} else if (code == 404 || code == 410) {
		ld_err_set(err, LD_E_INBOX, "GET %s: HTTP %ld: not a public-inbox (v2 inboxes serve manifest.js.gz); give the URL of one inbox, such as https://lore.kernel.org/kvm/",
			   url, code);
		st = LD_E_INBOX;
	} else if (code != 200) {
		ld_err_set(err, LD_E_FETCH, "GET %s: HTTP %ld; try again later, or report from the mirror as it is with --offline",
			   url, code);
		st = LD_E_FETCH;
	}
	curl_easy_cleanup(c);
	curl_global_cleanup();
	return st;
}

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
	ld_status st = http_get(where.s, &gz, err);
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
