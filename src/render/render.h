/* render/render.h - the formats: one renderer per format, found by name,
 * the JSON writer, and the one escaper per format every mail-derived
 * string goes through.  Uses: report/model.h (never the builder), mail
 * (the email format composes a message), classify (the sanitizer the
 * escapers share), util. */
#ifndef LD_RENDER_H
#define LD_RENDER_H

#include "report/model.h"

/* ---- renderers (text.c, markdown.c, html.c, json.c, email.c) -------- */

typedef struct {
	const char *mail_from;   /* --mail-from, for the email format */
	const char *mail_to;     /* --mail-to */
	int64_t now;             /* the time of the run (SOURCE_DATE_EPOCH when set) */
	const char *home;        /* HTML: a relative URL the page links back to
	                            at its top ("index.html": --site's day
	                            pages), NULL for none (a plain report) */
} ld_render_opts;

/* Writes the whole report to out; 0 or -1 on a write error.  One function
 * per format, same signature, found by name with ld_render_find. */
typedef int (*ld_render_fn)(const ld_report *r, const ld_render_opts *o, FILE *out);
/* The renderer of format name ("text", "markdown", "html", "json",
 * "email"), or NULL (render.c: the table). */
ld_render_fn ld_render_find(const char *name);
/* The filters of r for a title, unescaped: kinds joined by "; ", values
 * of one kind by " or " ("path arch/x86/ or virt/; author Zoë; domain
 * example.com; grep ^KVM"), "" without filters (common.c).  Caller frees. */
char *ld_render_filters(const ld_report *r);
/* What every format says of how much of series s is here, one wording
 * for all (common.c): "3/3 patches", "1 of 277 here", "21 of 23 here, 2
 * earlier", "13 of 27 patches touch the path", then ", cover letter"
 * and ", missing 3,5-9".  Numbers only, no mail text.  Caller frees. */
char *ld_series_counts(const ld_report *r, const ld_series *s);
/* Several inboxes: what each list gave, one wording for all (common.c):
 * "KVM 120 messages; KVMARM 80 messages, 5 already on a list before
 * (cross-posts, counted once)"; "" for one inbox.  Unescaped (list
 * names are plain tokens or --list-name).  Caller frees. */
char *ld_render_lists(const ld_report *r);
/* Several inboxes: the range's wording ("every message of each inbox"),
 * NULL for one inbox (common.c). */
const char *ld_render_range_several(const ld_report *r);
/* Compared with the previous period (common.c), one wording for all:
 * the change from prev to now, "+3", "-2", "=", or for a row (row != 0)
 * that had no count in the previous period "new"; returns buf. */
enum { LD_CHANGE_SIZE = 24 };
const char *ld_change(char buf[LD_CHANGE_SIZE], unsigned long now, unsigned long prev, int row);
/* With r->previous.have: the totals and their changes, "12 messages
 * (+3), 5 patch postings (-2), 3 series (=), 4 reviews (+4), 1 applied
 * (=)".  Numbers only, no mail text.  Caller frees. */
char *ld_previous_totals(const ld_report *r);
/* Waiting for review (common.c): the sentence that opens the section
 * (what was listed, or why nothing was: no index, no end); "" when
 * waiting_state is LD_WAITING_OFF; and what every format says of one
 * series beside its subject and author: "2024-05-06, 12 days, 3
 * patches".  Numbers and fixed words only.  Caller frees. */
char *ld_waiting_intro(const ld_report *r);
char *ld_waiting_line(const ld_waiting *w);

/* The sections of the text, Markdown and HTML reports after their
 * header, in the order every format writes them (common.c decides, once
 * for all formats, which ones a report shows).  Each format gives a
 * table of its writers indexed by section, NULL where it has no such
 * section (the trend is drawn in HTML only; the text report leaves the
 * warnings to the command line's summary). */
typedef enum {
	LD_SECTION_CONTRIBUTORS,  /* domains, contributors, organizations: always */
	LD_SECTION_TREND,         /* the weekly postings: with r->have_trend */
	LD_SECTION_PATCHES,       /* the series and loose patches: always */
	LD_SECTION_ENTRIES,       /* the commit messages of new entries: always */
	LD_SECTION_REVIEWERS,     /* the other sections: when they have rows */
	LD_SECTION_REVIEW_ORGS,
	LD_SECTION_DISCUSSIONS,
	LD_SECTION_PULLS,
	LD_SECTION_APPLIED,
	LD_SECTION_FIXES,
	LD_SECTION_WAITING,       /* rows, or a reason why none were listed */
	LD_SECTION_WARNINGS,
	LD_SECTION__COUNT
} ld_section;
typedef void (*ld_section_fn)(FILE *o, const ld_report *r);
/* Does report r show section s (whatever the format)? */
int ld_section_shown(const ld_report *r, ld_section s);
/* Calls, in the order above, the writer w[s] of every section r shows
 * and the format has. */
void ld_render_sections(FILE *o, const ld_report *r, const ld_section_fn w[LD_SECTION__COUNT]);
/* With r->waiting_who (--maintainers): who could review w, at most max
 * people (0: all) then "and N more": "TITLE: Name <addr> (M), Name
 * <addr> (R); TITLE2: ..." (section by section, most specific first),
 * else why nobody is named (no file, no section, no M:/R: line).  Text
 * of the MAINTAINERS file, to be escaped.  Caller frees. */
char *ld_waiting_who(const ld_waiting *w, size_t max);
/* People named before "and N more" in text, Markdown and HTML. */
enum { LD_WAITING_WHO_SHOWN = 5 };
int ld_render_text(const ld_report *r, const ld_render_opts *o, FILE *out);
/* GitHub-flavoured Markdown: headings, count tables, fenced commit
 * messages, links to lore when r->lore_url is known. */
int ld_render_markdown(const ld_report *r, const ld_render_opts *o, FILE *out);
/* One self-contained HTML page (inline CSS and SVG charts, no scripts, no
 * network), responsive and printable. */
int ld_render_html(const ld_report *r, const ld_render_opts *o, FILE *out);
/* JSON, schema "listdigest/1" (docs/json-schema.md). */
int ld_render_json(const ld_report *r, const ld_render_opts *o, FILE *out);
/* A complete RFC 5322 message (o->mail_from, o->mail_to, o->now) whose
 * body is the text report; for `sendmail -t`. */
int ld_render_email(const ld_report *r, const ld_render_opts *o, FILE *out);

/* ---- JSON writer (jsonw.c) -------------------------------------------
 *
 * Writes one JSON value to a stream and owns its commas, nesting,
 * indentation and escaping (every string through ld_esc_json):
 *
 *     ld_jw w;
 *     ld_jw_init(&w, out);
 *     ld_jw_begin_map(&w);
 *     ld_jw_key(&w, "total"); ld_jw_uint(&w, 3);
 *     ld_jw_key(&w, "rows");  ld_jw_begin_list(&w); ... ld_jw_end(&w);
 *     ld_jw_end(&w);                       the outermost value ends "\n"
 *
 * A block container (begin_map, begin_list) puts each member on a line
 * of its own, two spaces deeper; an inline one (begin_*_inline) keeps
 * them on one line: [1, 2] and { "a": 1, "b": 2 }.  Empty: [] and {}.
 * In a map, each value follows its ld_jw_key. */
enum { LD_JW_DEPTH = 16 };
typedef struct {
	FILE *out;
	struct ld_jw_level {
		unsigned char map, inline_;
		size_t n;             /* members written so far */
	} level[LD_JW_DEPTH];
	int depth;
	int after_key;            /* a key was written: its value comes next */
	int failed;               /* nested deeper than LD_JW_DEPTH: a bug of
	                             the caller; nothing more is written */
} ld_jw;

void ld_jw_init(ld_jw *w, FILE *out);
void ld_jw_begin_map(ld_jw *w);
void ld_jw_begin_list(ld_jw *w);
void ld_jw_begin_map_inline(ld_jw *w);
void ld_jw_begin_list_inline(ld_jw *w);
void ld_jw_end(ld_jw *w);
void ld_jw_key(ld_jw *w, const char *key);
void ld_jw_string(ld_jw *w, const char *s);
/* The lore page of a message as a string (ld_esc_link; only after
 * ld_link_ok). */
void ld_jw_link(ld_jw *w, const char *base, const char *message_id);
void ld_jw_int(ld_jw *w, long long v);
void ld_jw_uint(ld_jw *w, unsigned long long v);
void ld_jw_bool(ld_jw *w, int v);
void ld_jw_null(ld_jw *w);
/* The JSON report's "merge" key (json_merge.c): null unless the report
 * kept what a merge needs (ld_report.have_intake). */
void ld_render_json_merge(ld_jw *w, const ld_report *r);
/* The JSON report's keys of the list over time (json_time.c), for
 * json.c: "waiting" and "waiting_scan", then "trend". */
void ld_json_waiting(ld_jw *w, const ld_report *r);
void ld_json_trend(ld_jw *w, const ld_report *r);

/* ---- escaping (escape.c) --------------------------------------------
 *
 * The one place where mail-derived strings are made safe for
 * each output format.  Every renderer writes such strings through these.
 * All take NUL-terminated UTF-8 that may be invalid; none fails. */

/* What every escaper but JSON's does to the text first, so that what a
 * reader sees is what is stored: terminal control sequences (ESC with
 * CSI/OSC/DCS bodies), C1 controls, other C0 controls but tab and newline,
 * and DEL are dropped; so are the invisible format characters that change
 * how text is shown or compared (bidi marks, embeddings, overrides and
 * isolates U+061C, U+200E-200F, U+202A-202E, U+2066-2069; zero-width
 * U+200B-200D, U+2060-206F, U+FEFF; U+FFF9-FFFB; tags U+E0000-E007F);
 * U+2028 and U+2029 become a space; an invalid UTF-8 byte becomes U+FFFD.
 * The output is always valid UTF-8. */

/* Text for a terminal or a mail body: the text as above, nothing else. */
void ld_esc_text(FILE *out, const char *s);

/* HTML text or a double-quoted attribute value: the text as above, with
 * & < > " ' as entities.  Newlines and tabs are kept (use <pre> or let
 * them collapse). */
void ld_esc_html(FILE *out, const char *s);
/* The same inside <bdi>...</bdi>, for element content: the text's own
 * direction (a right-to-left name) cannot reorder what stands around it. */
void ld_esc_html_bdi(FILE *out, const char *s);

/* XML 1.0 text or a double-quoted attribute value (the Atom feed of
 * --site): as ld_esc_html, and U+FFFE and U+FFFF, which XML does not
 * allow, are dropped too. */
void ld_esc_xml(FILE *out, const char *s);

/* A complete JSON string literal, quotes included.  Always valid UTF-8:
 * each invalid byte becomes \ufffd; " and \ escaped; \n and \t as such;
 * other C0 and C1 controls, DEL, U+2028, U+2029 and the invisible
 * characters above as \uXXXX (a surrogate pair past U+FFFF).  Nothing is
 * dropped: JSON carries the data, its consumer decides how to show it. */
void ld_esc_json(FILE *out, const char *s);

/* Inline Markdown (a heading, list item or table cell), every decision
 * taken on the text as written (as above): leading blanks dropped,
 * newlines and tabs as spaces; backslash before \ ` * _ [ ] < > # ! | ~ &
 * (so '|' is safe in table cells and no code, emphasis, link, HTML or
 * entity can start; parentheses matter only after a ']'), before a
 * leading - + = and before the '.' or ')' of a leading number (no list or
 * underline can start), and against GFM's extended autolinks before the
 * '.' of "www." and a ':' followed by a non-blank ("https://",
 * "mailto:").  Plain e-mail addresses stay GFM mailto: links: no escape
 * prevents that without changing the text. */
void ld_esc_md(FILE *out, const char *s);

/* A whole fenced code block holding s as written (as above), fenced with
 * more backticks than the longest run in that text; ends with a
 * newline. */
void ld_esc_md_code(FILE *out, const char *s);

/* Percent-encodes s for a URL: part != 0 for one path segment (a
 * Message-ID: public-inbox's mid_escape set is kept, '/' and the rest
 * encoded, and a whole "." or ".." as %2E), part == 0 for a base URL
 * (reserved characters kept).  Both encode & ' " < > \ spaces, controls
 * and non-ASCII bytes, so the result is safe in a double-quoted HTML
 * attribute and in a <...> Markdown link. */
void ld_esc_url(FILE *out, const char *s, int part);

/* Does a message have a page to link to: base (r->lore_url) is not "",
 * message_id is not "" and is no dot segment ("." or ".."; browsers
 * resolve those even percent-encoded)?  Every renderer asks this before
 * ld_esc_link. */
int ld_link_ok(const char *base, const char *message_id);
/* The base of message_id's lore page: r->lore_url, or with several
 * inboxes the lore URL of the list that holds it (r->msg_lists; common.c).
 * Borrowed from r. */
const char *ld_lore_base(const ld_report *r, const char *message_id);

/* The lore page of a message: base (a URL ending in '/'), the encoded
 * Message-ID, '/'.  Only after ld_link_ok. */
void ld_esc_link(FILE *out, const char *base, const char *message_id);

/* s with each invalid UTF-8 byte replaced by U+FFFD, nothing else changed
 * (for text that is already made safe, such as the text report). */
void ld_esc_utf8(FILE *out, const char *s);

#endif
