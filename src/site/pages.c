/* pages.c - the site's index.html and feed.atom, from its record.  Every
 * recorded string (list names and titles come from mail) goes through
 * render's escapers: ld_esc_html for the page, ld_esc_xml for the feed. */
#include "site/site.h"

#include <string.h>

/* A small page of its own: no script, no network, light and dark. */
static const char css[] =
	"body{margin:0 auto;max-width:62rem;padding:1rem;font:16px/1.5 system-ui,sans-serif;color:#1b1f24;background:#fff}\n"
	"h1{font-size:1.45rem;line-height:1.25;margin:.5rem 0}\n"
	"a{color:#0b5cad}\n"
	"table{border-collapse:collapse;width:100%}\n"
	"th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #d0d7de}\n"
	".n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
	".d{white-space:nowrap}\n"
	"@media (max-width:40rem){body{padding:.6rem;font-size:15px}thead{display:none}"
	"tr{display:block;border-bottom:1px solid #d0d7de;padding:.3rem 0}"
	"td{display:inline-block;border:0;padding:.1rem .3rem}td.t{display:block}"
	"td[data-label]::before{content:attr(data-label) \": \";opacity:.7}}\n"
	"@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}a{color:#6cb6ff}th,td{border-color:#30363d}}\n";

/* The site's name: the newest report's list. */
static const char *site_list(const ld_site *s)
{
	return s->n ? s->e[0].list : "";
}

static const char *plural(unsigned long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* "12 messages, 1 patch posting, ..." (numbers only). */
static void totals(FILE *f, const ld_site_entry *e)
{
	fprintf(f, "%llu %s, %llu %s, %llu series, %llu %s, %llu %s, %llu applied",
		e->messages, plural(e->messages, "message", "messages"),
		e->postings, plural(e->postings, "patch posting", "patch postings"), e->series,
		e->entries, plural(e->entries, "new entry", "new entries"),
		e->pulls, plural(e->pulls, "pull request", "pull requests"), e->applied);
}

static void index_row(FILE *f, const ld_site_entry *e)
{
	fprintf(f, "<tr><td class=\"d\"><a href=\"%s.html\">%s</a></td><td class=\"t\">", e->day, e->day);
	ld_esc_html_bdi(f, e->title);
	/* data-label: each number's name where a narrow screen drops the
	 * header row */
	fprintf(f, "</td><td class=\"n\" data-label=\"Messages\">%llu</td>"
		"<td class=\"n\" data-label=\"Patch postings\">%llu</td><td class=\"n\" data-label=\"Series\">%llu</td>"
		"<td class=\"n\" data-label=\"New entries\">%llu</td><td class=\"n\" data-label=\"Pull requests\">%llu</td>"
		"<td class=\"n\" data-label=\"Applied\">%llu</td></tr>\n",
		e->messages, e->postings, e->series, e->entries, e->pulls, e->applied);
}

int ld_site_index(const ld_site *s, FILE *f)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
	      "<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom feed\" href=\"feed.atom\">\n<title>", f);
	ld_esc_html(f, site_list(s));
	fprintf(f, " mailing list reports</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", css);
	ld_esc_html_bdi(f, site_list(s));
	fprintf(f, " mailing list reports</h1>\n<p>%zu report%s, newest first; <a href=\"feed.atom\">Atom feed</a>.</p>\n",
		s->n, s->n == 1 ? "" : "s");
	fputs("<table>\n<thead><tr><th>Date</th><th>Report</th><th class=\"n\">Messages</th>"
	      "<th class=\"n\">Patch postings</th><th class=\"n\">Series</th><th class=\"n\">New entries</th>"
	      "<th class=\"n\">Pull requests</th><th class=\"n\">Applied</th></tr></thead>\n<tbody>\n", f);
	for (size_t i = 0; i < s->n; i++)
		index_row(f, &s->e[i]);
	fputs("</tbody>\n</table>\n</body>\n</html>\n", f);
	return ferror(f) ? -1 : 0;
}

/* An entry's id: the feed's UUID with the day folded into its last 12
 * digits by our hash, so that each day has one id of its own that stays
 * the same when the day's report is replaced (then only its updated
 * changes, as RFC 4287 4.2.15 wants). */
static void entry_id(FILE *f, const ld_site *s, const ld_site_entry *e)
{
	char key[64];
	int n = snprintf(key, sizeof(key), "%s %s", s->id, e->day);
	uint64_t h = ld_hash(key, (size_t)n) & 0xffffffffffffULL;
	fprintf(f, "%.33s%012llx", s->id, (unsigned long long)h);
}

static void feed_entry(FILE *f, const ld_site *s, const ld_site_entry *e)
{
	char up[32];
	ld_fmt_utc(up, e->updated, LD_UTC_ISO);
	fputs("<entry>\n<id>", f);
	entry_id(f, s, e);
	fputs("</id>\n<title>", f);
	ld_esc_xml(f, e->title);
	fprintf(f, "</title>\n<updated>%s</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"%s.html\"/>\n<summary>",
		up, e->day);
	totals(f, e);
	fputs(".</summary>\n</entry>\n", f);
}

/* Links are relative: a reader resolves them against the feed's own URL
 * (RFC 4287 section 2, xml:base or the document's URI), so DIR can be
 * served from anywhere. */
int ld_site_feed(const ld_site *s, FILE *f)
{
	char up[32] = "1970-01-01T00:00:00Z";
	int64_t newest = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->e[i].updated > newest)
			newest = s->e[i].updated;
	ld_fmt_utc(up, newest, LD_UTC_ISO);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
		"<id>%s</id>\n<title>", s->id);
	ld_esc_xml(f, site_list(s));
	fprintf(f, " mailing list reports</title>\n<updated>%s</updated>\n"
		"<link rel=\"alternate\" type=\"text/html\" href=\"index.html\"/>\n"
		"<author><name>listdigest</name></author>\n<generator>listdigest</generator>\n", up);
	for (size_t i = 0; i < s->n; i++)
		feed_entry(f, s, &s->e[i]);
	fputs("</feed>\n", f);
	return ferror(f) ? -1 : 0;
}
