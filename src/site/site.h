/* site/site.h - --site DIR: the HTML report as DIR/YYYY-MM-DD.html, and
 * beside it DIR/index.html (every report, newest first, with its
 * totals) and DIR/feed.atom (Atom 1.0, RFC 4287), from DIR/reports.tsv,
 * the site's record of its reports (record.c).  Every file is written
 * through the lockfile helper, so a web server can serve DIR while a
 * cron job updates it: a reader sees each file old or new, whole.
 * Uses: render (the HTML renderer and the escapers: html.c, escape.c),
 * report/model.h (what a report says), util.  Never prints. */
#ifndef LD_SITE_H
#define LD_SITE_H

#include "render/render.h"

/* The record's limits: a file or line past them is damaged. */
enum { LD_SITE_MAX_REPORTS = 100000, LD_SITE_MAX_LINE = 4096 };

/* One report of the site, as DIR/reports.tsv keeps it. */
typedef struct {
	char day[11];            /* "2025-11-17": the page is DAY.html */
	int64_t updated;         /* the time of the run that wrote it */
	unsigned long long messages, postings, series, entries, pulls, applied;
	char *list;              /* the list's name, as the report's title; */
	char *title;             /* the page's title; both without control
	                            characters (made spaces when recorded) */
} ld_site_entry;

/* A site: its folder and its record, newest report first. */
typedef struct {
	char *dir;
	int lock_fd;             /* DIR open, flock'ed from open to release
	                            (-1 when not) */
	char id[46];             /* "urn:uuid:" + 36: the feed's id */
	ld_site_entry *e;
	size_t n, cap;
} ld_site;

/* Opens DIR (made when missing, its parent must exist), reads and checks
 * DIR/reports.tsv when there is one, and checks that DIR can be written,
 * all before any work.  Holds an flock(2) on DIR until ld_site_release:
 * two runs on one DIR (cron and a hand-run, say) would each read the
 * record and the second write would drop the first's report; the second
 * one stops here instead.  LD_OK; LD_E_OUTPUT when DIR is not a writable
 * folder or another run holds it; LD_E_STATE when the record is unreadable or damaged (one line
 * saying where and what to do).  now: the time of the run, for a new
 * feed's id (reproducible under SOURCE_DATE_EPOCH).  Release with
 * ld_site_release, also on failure. */
ld_status ld_site_open(ld_site *s, const char *dir, int64_t now, ld_err *err);
/* The report r as DIR/DAY.html (DAY: the end of the period, UTC: the day
 * before --until, else the day of the run o->now), replacing the one of
 * that day: the HTML report with a link back to index.html at its top
 * (o->home); then the record, index.html and feed.atom, in this order.
 * LD_OK or LD_E_OUTPUT (err says which file, why). */
ld_status ld_site_write(ld_site *s, const ld_report *r, const ld_render_opts *o, ld_err *err);
void ld_site_release(ld_site *s);

/* ---- the record (record.c) ---------------------------------------- */
/* DIR/reports.tsv: "listdigest-site 1", then "id\tURN", then one line a
 * report, newest first: DAY, UPDATED (seconds), messages, postings,
 * series, entries, pulls, applied, LIST, TITLE, tab-separated. */
#define LD_SITE_RECORD "reports.tsv"
/* Reads path into s (none: an empty record with a new id).  LD_OK or
 * LD_E_STATE with err. */
ld_status ld_site_record_load(ld_site *s, const char *path, int64_t now, ld_err *err);
/* Writes s's record to f; 0 or -1 on a write error. */
int ld_site_record_write(const ld_site *s, FILE *f);
/* Puts e in its place (newest day first), replacing the entry of the
 * same day; takes e's strings. */
void ld_site_record_put(ld_site *s, const ld_site_entry *e);
/* Frees an entry's strings. */
void ld_site_entry_release(ld_site_entry *e);

/* ---- the pages (pages.c) ------------------------------------------- */
/* index.html and feed.atom of s; 0 or -1 on a write error. */
int ld_site_index(const ld_site *s, FILE *f);
int ld_site_feed(const ld_site *s, FILE *f);

#endif
