/* manifest.c - the epochs of an inbox served over HTTP, from its
 * manifest.js.gz: grokmirror's format, which public-inbox-httpd serves
 * for every v2 inbox (GET LIST/manifest.js.gz: a gzipped JSON object
 * whose keys are the epochs' paths, "/LIST/git/0.git", ...).
 *
 * Every zlib call of the program lives here; the JSON is json.c's
 * (yajl), the GET http.c's (libcurl runs in the helper
 * listdigest-remote-http). */
#include "source/fetch.h"

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

/* ---- the JSON (json.c) ------------------------------------------------ */

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
	const ld_manifest_epoch *p = a, *q = b;
	if (p->number != q->number)
		return (p->number > q->number) - (p->number < q->number);
	return strcmp(p->fingerprint, q->fingerprint);
}

/* The "fingerprint" of the entry (40 hex digits), else "". */
static void fingerprint(const ld_jnode *entry, char out[41])
{
	const char *s = ld_json_str(ld_json_get(entry, "fingerprint"));
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
	ld_json_doc *doc;
	size_t cap = 0;
	char *prefix = NULL;
	*epochs = NULL;
	*n = 0;
	st = ld_json_parse(url, json->s ? json->s : "", json->len, NULL,
			   "not a public-inbox manifest; give the URL of one inbox, such as https://lore.kernel.org/kvm/",
			   &doc, err);
	if (st)
		return st;
	const ld_jnode *top = ld_json_root(doc);
	if (ld_json_type(top) != LD_JSON_OBJECT)
		top = NULL;
	for (size_t i = 0; i < ld_json_len(top) && st == LD_OK; i++) {
		const char *key = ld_json_key(ld_json_at(top, i));
		size_t plen;
		int e = epoch_of_key(key, &plen);
		if (e < 0)
			continue;
		if (!prefix) {
			prefix = ld_xstrndup(key, plen);
		} else if (strlen(prefix) != plen || strncmp(prefix, key, plen)) {
			ld_err_set(err, LD_E_INBOX, "%s: the manifest of several inboxes (%s, %.*s, ...); give the URL of one of them",
				   url, prefix, (int)plen, key);
			st = LD_E_INBOX;
		}
		ld_manifest_epoch me = { .number = e };
		fingerprint(ld_json_at(top, i), me.fingerprint);
		LD_VEC_PUSH(*epochs, *n, cap, me);
	}
	ld_json_free(doc);
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
		/* an epoch named twice (a key given twice, "01.git" beside
		 * "1.git") is one: the first by fingerprint (none sorts first: it is
		 * fetched) */
		size_t u = 0;
		for (size_t i = 0; i < *n; i++)
			if (!u || (*epochs)[u - 1].number != (*epochs)[i].number)
				(*epochs)[u++] = (*epochs)[i];
		*n = u;
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
