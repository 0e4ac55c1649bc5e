/* subject.c - pure predicates over a decoded, unfolded subject line:
 * reply prefixes, leading bracket tags, version and counter.
 * The rules follow what git format-patch, git send-email and b4 write
 * and what b4 and patchwork accept. */
#include "classify/classify.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>


/* Reply and forward markers of common mail clients: English, German
 * (AW, WG), Nordic (SV, VS), Dutch (Antw), Polish (Odp), Turkish (Ynt),
 * Italian (R, RIF), French (TR, REF), Spanish (RES, RV, ENC). */
static const char *const reply_words[] = {
	"re", "aw", "sv", "vs", "fw", "fwd", "antw", "odp", "ynt", "rif",
	"r", "tr", "wg", "ref", "res", "rv", "enc", NULL
};

size_t ld_subject_reply_prefix(const char *s)
{
	size_t i = 0;
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	size_t w = i;
	while (isalpha((unsigned char)s[i]))
		i++;
	size_t wl = i - w;
	if (!wl || wl > 4)
		return 0;
	int known = 0;
	for (const char *const *r = reply_words; *r; r++)
		if (strlen(*r) == wl && !strncasecmp(s + w, *r, wl))
			known = 1;
	if (!known)
		return 0;
	/* "Re[2]:", "Re(2):", "Re^2:" as some clients count replies */
	if (s[i] == '[' || s[i] == '(' || s[i] == '^') {
		char close = s[i] == '[' ? ']' : s[i] == '(' ? ')' : 0;
		i++;
		while (isdigit((unsigned char)s[i]))
			i++;
		if (close) {
			if (s[i] != close)
				return 0;
			i++;
		}
	}
	if (s[i] != ':')
		return 0;
	i++;
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	return i;
}

/* Parses a decimal of at most 6 digits; returns -1 for anything else so
 * that garbage such as [PATCH 99999999999/3] is no counter at all. */
static int small_number(const char *s, size_t n)
{
	if (!n || n > 6)
		return -1;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "v2", "V12" */
static int version_token(const char *t, size_t n)
{
	if (n >= 2 && (t[0] == 'v' || t[0] == 'V'))
		return small_number(t + 1, n - 1);
	return -1;
}

/* One word of a tag, delimited by anything but letters and digits:
 * PATCH, PATCHv2, PATCHES, PATCHSET, RFC, RFCv2, RESEND, v3. */
static void word(const char *t, size_t n, ld_subject *out)
{
	int v;
	if (n >= 5 && !strncasecmp(t, "PATCH", 5)) {
		const char *r = t + 5;
		size_t rn = n - 5;
		if (!rn || (rn == 2 && !strncasecmp(r, "ES", 2)) || (rn == 3 && !strncasecmp(r, "SET", 3)))
			out->patch = 1;
		else if ((v = version_token(r, rn)) > 0) {
			out->patch = 1;
			out->version = v;
		}
	} else if (n >= 3 && !strncasecmp(t, "RFC", 3)) {
		if (n == 3) {
			out->patch = out->rfc = 1;
		} else if ((v = version_token(t + 3, n - 3)) > 0) {
			out->patch = out->rfc = 1;
			out->version = v;
		}
	} else if (n == 6 && !strncasecmp(t, "RESEND", 6)) {
		out->resend = 1;
	} else if ((v = version_token(t, n)) > 0) {
		out->version = v;
	}
}

/* One white-space separated token of a tag: a counter "3/5", or words
 * glued by punctuation ("RFC/PATCH", "RFC-PATCH", "stable:PATCH",
 * "PATCH-v2"). */
static void token(const char *t, size_t n, ld_subject *out)
{
	const char *slash = memchr(t, '/', n);
	if (slash) {
		int a = small_number(t, (size_t)(slash - t));
		int b = small_number(slash + 1, n - (size_t)(slash - t) - 1);
		if (a >= 0 && b >= 0) {
			if (out->counter < 0) {
				out->counter = a;
				out->total = b;
			}
			return;
		}
	}
	for (size_t i = 0; i < n;) {
		while (i < n && !isalnum((unsigned char)t[i]))
			i++;
		size_t w = i;
		while (i < n && isalnum((unsigned char)t[i]))
			i++;
		if (i > w)
			word(t + w, i - w, out);
	}
}

void ld_subject_parse(const char *s, ld_subject *out)
{
	memset(out, 0, sizeof(*out));
	out->counter = out->total = -1;
	out->version = 1;

	size_t i = 0, k;
	while ((k = ld_subject_reply_prefix(s + i)) > 0) {
		out->reply = 1;
		i += k;
	}
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	out->tags_start = i;
	out->title = i;
	while (s[i] == '[') {
		const char *close = strchr(s + i, ']');
		if (!close)
			break;
		size_t end = (size_t)(close - s);
		size_t j = i + 1;
		while (j < end) {
			while (j < end && (s[j] == ' ' || s[j] == '\t' || s[j] == ','))
				j++;
			size_t t = j;
			while (j < end && s[j] != ' ' && s[j] != '\t' && s[j] != ',')
				j++;
			if (j > t)
				token(s + t, j - t, out);
		}
		i = end + 1;
		while (s[i] == ' ' || s[i] == '\t')
			i++;
		out->title = i;
	}
}

char *ld_subject_prefix(const char *subject, const ld_subject *s)
{
	ld_buf b;
	ld_buf_init(&b);
	size_t i = s->tags_start;
	while (i < s->title) {
		if (subject[i] == '[' || subject[i] == ']' || subject[i] == ' ' || subject[i] == '\t') {
			i++;
			continue;
		}
		size_t t = i;
		while (i < s->title && subject[i] != ']' && subject[i] != ' ' && subject[i] != '\t' &&
		       subject[i] != ',')
			i++;
		if (i < s->title && subject[i] == ',')
			i++;
		/* the counter is the one token "i/N" with both sides numbers */
		const char *slash = memchr(subject + t, '/', i - t);
		if (slash && small_number(subject + t, (size_t)(slash - subject - t)) >= 0 &&
		    small_number(slash + 1, (size_t)(subject + i - slash - 1)) >= 0)
			continue;
		if (b.len)
			ld_buf_addc(&b, ' ');
		ld_buf_add(&b, subject + t, i - t);
	}
	return ld_buf_detach(&b);
}

int ld_subject_is_posting(const ld_subject *s)
{
	return !s->reply && s->patch;
}

int ld_subject_is_entry(const ld_subject *s)
{
	return ld_subject_is_posting(s) && s->counter <= 1;
}

int ld_subject_is_pull(const char *subject, const ld_subject *s)
{
	if (s->reply)
		return 0;
	/* the word PULL inside the leading tags: "[GIT PULL]", "[GIT,PULL]",
	 * "[PULL 0/6]", "[PULL REQUEST]" */
	for (size_t i = s->tags_start; i + 4 <= s->title; i++) {
		if (strncasecmp(subject + i, "PULL", 4))
			continue;
		int before = i == 0 || !isalnum((unsigned char)subject[i - 1]);
		int after = !isalnum((unsigned char)subject[i + 4]);
		if (before && after)
			return 1;
	}
	return 0;
}
