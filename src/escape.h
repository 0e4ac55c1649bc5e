/* escape.h - the one place where mail-derived strings are made safe for
 * each output format.  Every renderer writes such strings through these.
 * All take NUL-terminated UTF-8 that may be invalid; none fails. */
#ifndef LD_ESCAPE_H
#define LD_ESCAPE_H

#include <stdio.h>

/* Text for a terminal or a mail body: UTF-8 as is, minus terminal control
 * sequences (ESC with CSI/OSC/DCS bodies, C1 controls, other C0 controls
 * but tab and newline, DEL). */
void ld_esc_text(FILE *out, const char *s);

/* HTML text or a double-quoted attribute value: & < > " ' as entities,
 * terminal sequences and controls dropped as in ld_esc_text, invalid
 * UTF-8 bytes as U+FFFD.  Newlines and tabs are kept (use <pre> or let
 * them collapse). */
void ld_esc_html(FILE *out, const char *s);

/* A complete JSON string literal, quotes included.  Always valid UTF-8:
 * each invalid byte becomes \ufffd; " and \ escaped; \n and \t as such;
 * other C0 and C1 controls, DEL, U+2028 and U+2029 as \uXXXX.  Nothing is
 * dropped: JSON carries the data, its consumer decides how to show it. */
void ld_esc_json(FILE *out, const char *s);

/* Inline Markdown (a heading, list item or table cell): backslash before
 * \ ` * _ [ ] < > # ! | ~ & (so '|' is safe in table cells and no code,
 * emphasis, link, HTML or entity can start; parentheses matter only after
 * a ']'), before a leading - + = and before the '.' or ')' of a leading
 * number (no list or underline can start); newlines and tabs become
 * spaces; controls dropped and invalid bytes as U+FFFD. */
void ld_esc_md(FILE *out, const char *s);

/* A whole fenced code block holding s verbatim (controls dropped, invalid
 * bytes as U+FFFD), fenced with more backticks than the longest run in s;
 * ends with a newline. */
void ld_esc_md_code(FILE *out, const char *s);

/* Percent-encodes s for a URL: part != 0 for one path segment (a
 * Message-ID: public-inbox's mid_escape set is kept, '/' and the rest
 * encoded), part == 0 for a base URL (reserved characters kept).  Both
 * encode & ' " < > \ spaces, controls and non-ASCII bytes, so the result is
 * safe in a double-quoted HTML attribute and in a <...> Markdown link. */
void ld_esc_url(FILE *out, const char *s, int part);

/* The lore page of a message: base (a URL ending in '/'), the encoded
 * Message-ID, '/'.  The caller checks that base is not "". */
void ld_esc_link(FILE *out, const char *base, const char *message_id);

/* s with each invalid UTF-8 byte replaced by U+FFFD, nothing else changed
 * (for text that is already made safe, such as the text report). */
void ld_esc_utf8(FILE *out, const char *s);

#endif
