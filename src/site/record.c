/* record.c - DIR/reports.tsv, the site's record of its reports (the
 * index and the feed are made from it, never from old HTML): read
 * bounded and checked (DIR may hold an old or damaged file: one line
 * says so, never a crash), kept newest first, written whole. */
#include "site/site.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

static const char magic[] = "listdigest-site 1";
enum { FIELDS = 10 };

void ld_site_entry_release(ld_site_entry *e)
{
	free(e->list);
	free(e->title);
	e->list = e->title = NULL;
}

/* A feed's id: a UUID (RFC 9562 version 8, name-based by our own hash)
 * made from 16 random bytes, or from the time of the run under
 * SOURCE_DATE_EPOCH, whose point is output that is the same each time. */
static void new_id(char out[46], int64_t now)
{
	unsigned char b[16];
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if ((sde && *sde) || getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b)) {
		char seed[64];
		int n = snprintf(seed, sizeof(seed), "listdigest-site %lld", (long long)now);
		uint64_t h1 = ld_hash(seed, (size_t)n);
		seed[0] = 'L';
		uint64_t h2 = ld_hash(seed, (size_t)n);
		for (int i = 0; i < 8; i++) {
			b[i] = (unsigned char)(h1 >> (8 * i));
			b[8 + i] = (unsigned char)(h2 >> (8 * i));
		}
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x80);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	int k = snprintf(out, 46, "urn:uuid:");
	for (int i = 0; i < 16; i++)
		k += snprintf(out + k, (size_t)(46 - k), "%s%02x",
			      i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "", b[i]);
}

/* "urn:uuid:" and 8-4-4-4-12 lower-case hex digits. */
static int id_ok(const char *s)
{
	if (strncmp(s, "urn:uuid:", 9) || strlen(s) != 45)
		return 0;
	for (int i = 0; i < 36; i++) {
		char c = s[9 + i];
		int dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return 0;
	}
	return 1;
}

/* A whole number of at most 15 digits (no sign, no blank). */
static int number(const char *s, unsigned long long *out)
{
	size_t n = strlen(s);
	if (n == 0 || n > 15 || strspn(s, "0123456789") != n)
		return 0;
	*out = strtoull(s, NULL, 10);
	return 1;
}

/* YYYY-MM-DD with a month 01-12 and a day 01-31. */
static int day_ok(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Text without control characters (tab and newline are the record's). */
static int text_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/* One report line (its newline cut) into e: NULL, or what is wrong. */
static const char *parse_entry(char *line, ld_site_entry *e)
{
	char *f[FIELDS];
	int n = 0;
	for (char *p = line; n < FIELDS; n++) {
		f[n] = p;
		char *tab = strchr(p, '\t');
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	if (n != FIELDS - 1)
		return "expected 10 tab-separated fields";
	if (!day_ok(f[0]))
		return "the date is not YYYY-MM-DD";
	unsigned long long up, *c[] = { &e->messages, &e->postings, &e->series, &e->entries,
					&e->pulls, &e->applied };
	if (!number(f[1], &up) || up > 253402300799ULL)
		return "the time is not a number of seconds";
	for (int i = 0; i < 6; i++)
		if (!number(f[2 + i], c[i]))
			return "a count is not a whole number";
	if (!text_ok(f[8]) || !text_ok(f[9]))
		return "a title holds a control character";
	memcpy(e->day, f[0], 11);
	e->updated = (int64_t)up;
	e->list = ld_xstrdup(f[8]);
	e->title = ld_xstrdup(f[9]);
	return NULL;
}

/* One line into line (at most LD_SITE_MAX_LINE bytes and its newline,
 * which is cut): 1, 0 at the end of the file, or -1 with *why. */
static int read_line(FILE *f, char *line, const char **why)
{
	size_t n = 0;
	int c;
	while ((c = getc(f)) != EOF && c != '\n') {
		if (c == '\0' || n == LD_SITE_MAX_LINE) {
			*why = c ? "line too long" : "a NUL byte";
			return -1;
		}
		line[n++] = (char)c;
	}
	line[n] = '\0';
	if (ferror(f)) {
		*why = strerror(errno);
		return -1;
	}
	if (c == EOF && n) {
		*why = "the last line has no newline";
		return -1;
	}
	return c != EOF;
}

/* The lines after the first: the id, then the reports, newest first
 * and one a day.  NULL, or what is wrong (*lineno: where). */
static const char *parse_lines(ld_site *s, FILE *f, char *line, size_t *lineno)
{
	const char *why = NULL;
	int r;
	while (++*lineno, (r = read_line(f, line, &why)) > 0) {
		if (*lineno == 2) {
			if (strncmp(line, "id\t", 3) || !id_ok(line + 3))
				return "expected id<TAB>urn:uuid:...";
			memcpy(s->id, line + 3, 46);
			continue;
		}
		if (s->n == LD_SITE_MAX_REPORTS)
			return "more than 100000 reports";
		ld_site_entry e = { 0 };
		why = parse_entry(line, &e);
		if (!why && s->n && strcmp(e.day, s->e[s->n - 1].day) >= 0)
			why = "the reports are not newest first, one a day";
		if (why) {
			ld_site_entry_release(&e);
			return why;
		}
		LD_VEC_PUSH(s->e, s->n, s->cap, e);
	}
	if (r < 0)
		return why;   /* *lineno: the line at fault */
	return *lineno == 2 ? "no id line" : NULL;
}

static const char *parse(ld_site *s, FILE *f, size_t *lineno)
{
	char *line = ld_xmalloc(LD_SITE_MAX_LINE + 1);
	const char *why = NULL;
	*lineno = 1;
	int r = read_line(f, line, &why);
	if (r <= 0 || strcmp(line, magic))
		why = r < 0 && !strcmp(why, "a NUL byte") ? why : "the first line is not \"listdigest-site 1\"";
	else
		why = parse_lines(s, f, line, lineno);
	free(line);
	return why;
}

ld_status ld_site_record_load(ld_site *s, const char *path, int64_t now, ld_err *err)
{
	struct stat sb;
	int fd = ld_open_regular(path, &sb);
	if (fd == -1 && errno == ENOENT) {
		new_id(s->id, now);
		return LD_OK;
	}
	if (fd < 0) {
		ld_err_set(err, LD_E_STATE, "cannot read the site's record %s: %s; check --site DIR", path,
			   fd == -2 ? ld_file_kind(sb.st_mode) : strerror(errno));
		return LD_E_STATE;
	}
	FILE *f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		ld_nomem();
	}
	size_t lineno;
	const char *why = parse(s, f, &lineno);
	fclose(f);
	if (!why)
		return LD_OK;
	ld_err_set(err, LD_E_STATE, "the site's record %s is damaged (line %zu: %s); move it away to start a new index and feed (the report pages stay)",
		   path, lineno, why);
	return LD_E_STATE;
}

int ld_site_record_write(const ld_site *s, FILE *f)
{
	fprintf(f, "%s\nid\t%s\n", magic, s->id);
	for (size_t i = 0; i < s->n; i++) {
		const ld_site_entry *e = &s->e[i];
		fprintf(f, "%s\t%lld\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%s\t%s\n", e->day,
			(long long)e->updated, e->messages, e->postings, e->series, e->entries,
			e->pulls, e->applied, e->list, e->title);
	}
	return ferror(f) ? -1 : 0;
}

void ld_site_record_put(ld_site *s, const ld_site_entry *e)
{
	size_t i = 0;
	while (i < s->n && strcmp(s->e[i].day, e->day) > 0)
		i++;
	if (i < s->n && !strcmp(s->e[i].day, e->day)) {
		ld_site_entry_release(&s->e[i]);
		s->e[i] = *e;
		return;
	}
	ld_site_entry dummy = { 0 };
	LD_VEC_PUSH(s->e, s->n, s->cap, dummy);
	memmove(&s->e[i + 1], &s->e[i], (s->n - 1 - i) * sizeof(*s->e));
	s->e[i] = *e;
	if (s->n > LD_SITE_MAX_REPORTS)   /* the oldest leaves the index */
		ld_site_entry_release(&s->e[--s->n]);
}
