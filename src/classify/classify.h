/* classify/classify.h - pure predicates over text: subjects (tags, versions,
 * counters), bodies (in-body headers, commit-message cut, trailers, applied
 * notes, pull requests, diff paths), --since/--until dates and the one
 * sanitizer of terminal control sequences.  No library calls, no I/O.
 * Uses: util. */
#ifndef LD_CLASSIFY_H
#define LD_CLASSIFY_H

#include "util/util.h"

/* ---- subjects (subject.c, pure) ------------------------------------ */

typedef struct {
	int reply;      /* starts with Re:, Fwd:, Aw:, Sv: ... */
	int patch;      /* leading bracket tags hold PATCH (also PATCHv2) or RFC */
	int rfc;        /* RFC among the tags */
	int resend;     /* RESEND among the tags */
	int counter;    /* i of i/N, -1 when absent */
	int total;      /* N of i/N, -1 when absent */
	int version;    /* v2 -> 2; 1 when absent */
	size_t tags_start; /* offset of the first '[' (after reply prefixes) */
	size_t title;   /* offset of the text after the leading bracket tags */
} ld_subject;

/* Parses subject (decoded, unfolded, one line).  Never fails. */
void ld_subject_parse(const char *subject, ld_subject *out);
/* Patch posting: counted in the tables and listed. */
int ld_subject_is_posting(const ld_subject *s);
/* Gets a commit-message entry: cover letter 0/N, first patch 1/N, or a
 * single patch without counter. */
int ld_subject_is_entry(const ld_subject *s);
/* A pull request or a patch posted inside one: a word PULL among the
 * leading tags ("[GIT PULL]", "[GIT PULL 2/6]", "[PULL REQUEST]"), not a
 * reply. */
int ld_subject_is_pull(const char *subject, const ld_subject *s);
/* The leading tags without the counter, words joined by one space:
 * "RFC PATCH net-next v6" of "[RFC PATCH net-next v6 1/8] x".  Caller frees. */
char *ld_subject_prefix(const char *subject, const ld_subject *s);
/* Length of a reply prefix ("Re: ", "AW:"...) at s, 0 when none. */
size_t ld_subject_reply_prefix(const char *s);

/* ---- bodies (body.c, pure) ----------------------------------------- */

/* The in-body header block git format-patch writes at the top of a body
 * when the author is not the sender. */
typedef struct {
	size_t end;        /* offset of the text after the block (and the
	                      blank line that closes it); 0 when no block */
	char *from;        /* raw value of the in-body From, or NULL; caller frees */
	char *subject;     /* raw value of the in-body Subject, or NULL; caller frees */
} ld_inbody;

/* body: UTF-8 text with LF line ends. */
void ld_inbody_parse(const char *body, ld_inbody *out);
void ld_inbody_release(ld_inbody *ib);
/* The commit-message excerpt of text (body after the in-body block):
 * leading blank lines dropped, cut after the diffstat summary line, else
 * before the first "diff --git", else before the signature "-- "; trailing
 * blank lines dropped.  Caller frees. */
char *ld_body_excerpt(const char *text);
/* b4's "change-id:" of a cover letter or single patch (the lower-case
 * key below a "---" line, value YYYYMMDD-...), "" when none.  Caller frees. */
char *ld_body_change_id(const char *text);
/* The Message-IDs of the lore links of a cover letter that stand on a line
 * naming a version ("Link to v1: URL", "v2: URL", a footnote "[1] URL"
 * cited as "v1 [1]"), one space between them; "".  Caller frees. */
char *ld_body_version_links(const char *text);
/* Does the line name a version ("v2" as a word)? */
int ld_names_version(const char *s, size_t n);
/* Pure line predicates (exposed for tests). */
int ld_is_diffstat_summary(const char *line, size_t len);
int ld_is_signature(const char *line, size_t len);
int ld_is_diff_start(const char *line, size_t len);

/* ---- trailers and applied notes (trailers.c, pure) ----------------- */

/* Trailers (git interpret-trailers' lines at the end of a commit message,
 * and the lines reviewers add in replies). */
typedef enum {
	LD_T_NONE = 0,
	LD_T_REVIEWED,  /* Reviewed-by: */
	LD_T_ACKED,     /* Acked-by: */
	LD_T_TESTED,    /* Tested-by: */
	LD_T_FIXES,     /* Fixes: <sha> ("subject") */
	LD_T_STABLE,    /* Cc: stable@vger.kernel.org (or stable@kernel.org) */
} ld_trailer_kind;

/* The trailer a line holds; *value points at its value in line. */
ld_trailer_kind ld_trailer_line(const char *line, size_t len, const char **value, size_t *vlen);
/* A quoted line of a reply ("> ...", "  > ..."). */
int ld_is_quoted(const char *line, size_t len);
/* One table of trailer and applied forms (trailers.c) serves the predicates
 * below and the pre-filter of raw bodies: does this line (raw or decoded,
 * CR allowed) start, after blanks and in any case, with a word that a
 * trailer, an applied note or a patch may start with? */
int ld_body_line_may_matter(const char *line, size_t len);
/* A maintainer's note that a patch was applied, one line at the start of
 * a paragraph: "Applied to kvm-next, thanks!", "Applied, thanks.",
 * "Thanks, applied.", "Queued for 6.9", "Patches 2-8 applied to x".
 * Returns 1 and a heap copy of the branch ("" when none named) in *branch. */
int ld_applied_line(const char *line, size_t len, char **branch);

/* What a reply's own (unquoted) text says about applying. */
typedef struct {
	int found;
	int firm;       /* the replier's own act with a place (a branch, b4 ty's
	                   commit lines, a bot's notice): counts even when the
	                   replier is the series' author */
	char *branch;   /* "" when none named; NULL when !found */
	char *by;       /* "Name <addr>" a bot's notice names, else NULL */
} ld_applied_note;

/* Reads text (a decoded reply, LF line ends): an applied line that starts
 * a paragraph of the replier's own text, patchwork-bot's "This series was
 * applied to X\nby Name <addr>:", pr-tracker-bot's "has been merged into
 * X:", or b4 ty's "[i/N] subject" + "commit: <sha>" lines.  Wrapped prose
 * ("...get this\nmerged.") is not a note.  Release with
 * ld_applied_note_release. */
void ld_applied_scan(const char *text, ld_applied_note *out);
void ld_applied_note_release(ld_applied_note *a);
/* Does text hold a patch ("diff --git" outside quotes)? */
int ld_body_has_patch(const char *text);

/* ---- pull requests (pull.c, pure) --------------------------------- */

/* What the body of a pull request (git request-pull's text) says. */
typedef struct {
	char *greeting;  /* "Paolo" of "Hi Paolo," / "Paolo," on the first line, or NULL */
	char *source;    /* the line after "are available in the Git repository
	                    at:", trimmed ("git://... tags/x"), or NULL */
	unsigned long commits; /* sum of the shortlog's "Author (N):" counts */
} ld_pull_text;

void ld_pull_parse(const char *text, ld_pull_text *out);
void ld_pull_text_release(ld_pull_text *p);
/* Whom a pull request asks: each name of the greeting ("Paolo, Radim")
 * as the recipients spell it ("Paolo Bonzini and Radim ..."), else the
 * first recipient that is not a mailing list; "" when none.  recipients:
 * display names (or addresses), To first.  Caller frees. */
char *ld_pull_addressee(const char *greeting, char *const *recipients, size_t n);

/* ---- more of bodies and names (body.c, pure) ----------------------- */

/* Calls fn for each path a patch touches: "diff --git a/X b/X" lines,
 * "--- a/X" and "+++ b/X" lines (the first folder dropped: a diff without
 * git's line, as get_maintainer.pl reads it; a git diff names its paths
 * twice), and the diffstat lines before them (for cover letters). */
void ld_diff_paths(const char *text, void (*fn)(void *ctx, const char *path, size_t len), void *ctx);
/* "Jane Roe via Virt": the display name the list gives a From it rewrote
 * for DMARC; returns the length of the real name, 0 when not such a name. */
size_t ld_dmarc_name(const char *name);

/* ---- dates of --since/--until (when.c, pure) ------------------------ */

/* Parses s (ISO 8601 date or date-time with optional zone, "now",
 * "today", "yesterday", "N minutes/hours/days/weeks/months/years ago")
 * relative to now into UTC seconds.  Zone-less forms are local time.
 * 0 on success, -1 when s is none of these. */
int ld_when_parse(const char *s, int64_t now, int64_t *out);

/* ---- terminal text (sanitize.c, pure) ------------------------------- */

/* Length of the terminal control sequence at s (NUL-terminated), 0 when
 * none starts there: ESC followed by one character, CSI (ESC [ or C1 CSI)
 * with its parameters and final byte, and the strings OSC, DCS, SOS, PM
 * and APC up to their terminator (BEL or ST), else up to the end of the
 * line or text: a string never takes a line end.  The sequences of a
 * mail (ESC [2J, OSC 8 links) go whole,
 * where making each control a space left "[2J" and the link target in
 * the report.  The one scanner of control sequences of the program. */
size_t ld_control_sequence(const unsigned char *s);
/* The header rule: s (valid UTF-8) as one clean line: control sequences
 * dropped, other control characters (C0, DEL, C1) made spaces, the ends
 * trimmed of spaces.  Caller frees. */
char *ld_clean_header(const char *s);
/* Format characters a reader does not see but that change what is shown:
 * the bidi marks, embeddings, overrides and isolates (a name or subject
 * shown in another order than it is stored: "Trojan Source",
 * CVE-2021-42574), zero-width characters and the word joiner (two names
 * that look the same, a word split invisibly), the invisible operators and
 * deprecated format characters (U+2060-206F), the byte order mark,
 * interlinear annotations and the tag characters (invisible text). */
int ld_invisible(unsigned cp);
#define LD_CLEAN_DROP 0xffffffffu
/* The one rule for the text a reader gets (every format but JSON), one
 * step of it: returns the bytes consumed at s (any bytes, NUL-terminated)
 * and sets *cp to the code point to write, or to LD_CLEAN_DROP when
 * nothing is written: terminal control sequences and control characters
 * (not tab and newline) and invisible characters are dropped, an invalid
 * byte is U+FFFD (returned with length 1) and a line or paragraph
 * separator a space (a line break that a text or Markdown reader would
 * take as one could forge a line of the report). */
size_t ld_clean_next(const unsigned char *s, unsigned *cp);
/* Does the reader's rule (ld_clean_next) leave s as it is? */
int ld_clean_unchanged(const char *s);

/* ---- MAINTAINERS file patterns (maintpat.c, pure) ------------------ */

/* Does the F: or X: pattern pat of a kernel MAINTAINERS file take path?
 * The rules of the kernel's scripts/get_maintainer.pl (file_match_pattern
 * and the file's header): pat is a glob ('*', '?', [...], '\' quotes)
 * matched from the start of path ('*' is written [*] below where a C
 * comment cannot hold it).
 * - With a trailing '/' it takes what is below: "dir/" every file in and
 *   under dir; a '*' there crosses '/' ("arch/[*]/kvm/" takes
 *   arch/x/y/kvm/z.c, as the kernel's ".*" does).
 * - Without one, path must hold as many '/' as pat: "dir/[*]" takes the
 *   files in dir, not below; "[*]/net/[*]" those of any top-level
 *   folder's net/; what follows the match holds no '/' ("fs/aio.c" also
 *   takes "fs/aio.c.orig": the kernel's regex is not anchored at the end).
 * - get_maintainer.pl adds the '/' to a pattern that names a folder of
 *   the tree it runs in.  There is no tree here: a pattern without glob
 *   characters and without the '/' also takes what is below it
 *   ("arch/arm64/kvm" as "arch/arm64/kvm/"); a file has nothing below
 *   it, so this is the kernel's answer on a tree where the names agree.
 * A path over 4096 bytes (PATH_MAX) is taken by none.  Time is
 * O(len(pat) * len(path)) at most: one backtracking point. */
int ld_maint_pattern_match(const char *pat, const char *path);
/* get_maintainer.pl's specificity of a pattern that matched: its '/'
 * count, plus one without a trailing '/'; -1 when it starts with '*'.
 * (An N: match is 0.) */
int ld_maint_pattern_depth(const char *pat);
/* The folder every path pat takes starts with: the length of pat up to
 * its last '/' before any glob character (0 for "*" or "Makefile"). */
size_t ld_maint_literal_dir(const char *pat);
/* An N: line (a perl regex searched in the path) as a POSIX extended
 * regex: "(?:" -> "(", "\d" -> "[0-9]", unescaped blanks dropped (perl's
 * /x).  NULL when it cannot be bounded or means nothing here: a
 * back-reference, a repeat count over 255, a repeat of a repeat ("a++")
 * or a '+' or {n,m} of a group holding one ("(a+)+": glibc's regcomp
 * copies what they repeat, and memory grows as the product), a repeat of
 * nothing, another "(?" group, groups nested over 32, more than 256
 * bytes.  Caller frees. */
char *ld_maint_n_regex(const char *v);

#endif
