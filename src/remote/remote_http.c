/* remote_http.c - listdigest-remote-http, the program that does
 * listdigest's HTTP GETs (the manifest.js.gz of a URL inbox), as git
 * runs git-remote-http: libcurl and the ~20 shared libraries it pulls in
 * (TLS, HTTP/2, SSH, LDAP, Kerberos, ...) are loaded only by a run that
 * reports on a URL, not by every run (README, Performance: startup).
 *
 *   listdigest-remote-http URL MAX
 *
 * GETs URL (http or https, redirects followed) and writes the body of a
 * 200 answer to standard output, at most MAX bytes; exit 0.  Otherwise
 * it writes one line to standard error (what, where, what to do: the
 * message listdigest shows as its own) and exits with listdigest's exit
 * code of that error: 3 (LD_EXIT_INBOX: HTTP 404/410, more than MAX
 * bytes) or 9 (LD_EXIT_FETCH: host unreachable, other HTTP errors); 2
 * for a bad command line.  source/http.c runs it.
 *
 * Every libcurl call of the program lives here. */
#include "util/util.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
	ld_buf body;
	size_t max;
} sink;

static size_t on_data(char *data, size_t size, size_t nmemb, void *ctx)
{
	sink *s = ctx;
	size_t n = size * nmemb;
	if (s->body.len + n > s->max)
		return 0;   /* curl stops with CURLE_WRITE_ERROR */
	ld_buf_add(&s->body, data, n);
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

/* The body of a 200 answer to GET url into s. */
static ld_status http_get(const char *url, sink *s, ld_err *err)
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
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)s->max);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "listdigest/" LD_VERSION);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, why);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_FILESIZE_EXCEEDED || rc == CURLE_WRITE_ERROR) {
		ld_err_set(err, LD_E_INBOX, "%s: more than %zu MB; not the manifest of a public-inbox: give the URL of one inbox, such as https://lore.kernel.org/kvm/",
			   url, s->max >> 20);
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

int main(int argc, char **argv)
{
	char *end = NULL;
	unsigned long long max = argc == 3 ? strtoull(argv[2], &end, 10) : 0;
	if (argc != 3 || !*argv[1] || !end || *end || !max || max > ((size_t)1 << 30)) {
		fputs("usage: listdigest-remote-http URL MAX (run by listdigest for URL inboxes)\n", stderr);
		return LD_EXIT_USAGE;
	}
	sink s = { LD_BUF_INIT, (size_t)max };
	ld_err err = { LD_OK, "" };
	ld_status st = http_get(argv[1], &s, &err);
	if (st != LD_OK) {
		fprintf(stderr, "%s\n", err.msg);
		ld_buf_release(&s.body);
		return ld_status_exit(st);
	}
	size_t off = 0;
	while (off < s.body.len) {
		ssize_t w = write(1, s.body.s + off, s.body.len - off);
		if (w <= 0) {
			fprintf(stderr, "GET %s: cannot write the answer to listdigest\n", argv[1]);
			ld_buf_release(&s.body);
			return LD_EXIT_FETCH;
		}
		off += (size_t)w;
	}
	ld_buf_release(&s.body);
	return LD_EXIT_OK;
}
