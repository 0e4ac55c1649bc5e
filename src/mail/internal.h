/* mail/internal.h - what the files of mail/ share with each other and
 * nothing outside mail/ includes: the header fields of one message (the
 * pure splitter, fields.c), the per-thread context of the GMime layer
 * (gmime.c) and the steps of reading a message:
 *
 *   fields.c   the RFC 5322 header splitter and unfolder (pure, no GMime)
 *   gmime.c    GMime's set-up, the per-thread context, its warnings, the
 *              header rule (classify/sanitize.c) on decoded values
 *   encword.c  unstructured text (Subject) and GMime's encoded-word bugs
 *   address.c  From, To and Cc: addresses, recipients, DMARC rewrites
 *   date.c     the Date field and its checks
 *   mail.c     the header fields of one message (ld_mail_headers)
 *   bounds.c   the bounds on what GMime's MIME parser is given
 *   body.c     the decoded text of a body
 *
 * Calls run down this list's dependencies only (no file calls one that
 * calls it back). */
#ifndef LD_MAIL_INTERNAL_H
#define LD_MAIL_INTERNAL_H

#include "mail/mail.h"

/* ---- the header fields of one message (fields.c, pure) --------------- */

/* The header fields read: enum name and field name, in one list. */
#define FIELDS(X) \
	X(F_FROM, "From") X(F_SUBJECT, "Subject") X(F_MSGID, "Message-ID") \
	X(F_DATE, "Date") X(F_LISTID, "List-Id") X(F_IRT, "In-Reply-To") \
	X(F_REFS, "References") X(F_XORIGFROM, "X-Original-From") \
	X(F_REPLYTO, "Reply-To") X(F_CC, "Cc") \
	/* the MIME fields, last: see ld_mail_body_text */ \
	X(F_CTYPE, "Content-Type") X(F_CTE, "Content-Transfer-Encoding") \
	X(F_MIMEVER, "MIME-Version") \
	/* pull requests and postings only: ld_mail_recipients(_hash) */ \
	X(F_TO, "To")
#define AS_ENUM(e, s) e,
enum { FIELDS(AS_ENUM) F__N };
#undef AS_ENUM

/* Where the fields of one message are: spans into the raw bytes. */
typedef struct {
	size_t line[F__N], vstart[F__N], end[F__N]; /* whole field; value */
	int have[F__N];
	size_t body;        /* offset of the body */
	int bad_lines;
	int no_separator;
} fields;

/* Splits the header block of raw (len bytes; an mbox "From " line first
 * is skipped) into f: the first of each field read, the body's offset. */
void ld_fields_split(const char *raw, size_t len, fields *f);
/* The end of the line at raw[i] (the offset of its '\n', or len). */
size_t ld_fields_eol(const char *raw, size_t len, size_t i);
/* Is raw[s..e) an empty line (a lone CR counts as one)? */
int ld_fields_blank(const char *raw, size_t s, size_t e);
/* Unfolds a raw header value: a line break and the white space around it
 * become one space; NUL bytes become spaces; the ends are trimmed.
 * Caller frees. */
char *ld_fields_unfold(const char *raw, size_t s, size_t e);
/* The id inside the last <...>, else the trimmed text; lower-cased when
 * asked.  Caller frees. */
char *ld_fields_angle_id(const char *v, int lower);

/* ---- the GMime layer's context (gmime.c) ----------------------------- */

struct _GMimeParserOptions;   /* GMimeParserOptions, without GMime here */

/* The To and Cc addresses of a message, kept for the next message with
 * the same two fields (address.c, ld_mail_recipients_hash). */
enum { RCPT_MEMO = 8, RCPT_MEMO_MAX = 65536 };
typedef struct {
	char *key;          /* the raw To value, then the raw Cc value */
	size_t to_len, cc_len; /* (size_t)-1: the field is absent */
	char **addr;        /* lower-cased, sorted, repeats kept */
	size_t n;
	unsigned long used; /* when last met; 0: the slot is empty */
} rcpt_memo;

/* Results of a GMime parse of one header value, by the value: what a
 * thread met before is not parsed again (gmime.c).  Only results that
 * counted no warning are kept, so a hit has nothing to replay. */
enum { MEMO_MAX = 4096, MEMO_KEY_MAX = 1024 };
typedef struct {
	char *a, *b;        /* owned; NULL allowed */
	int flag;
} memo_val;
typedef struct {
	ld_map map;         /* value -> memo_val */
	size_t n;
} memo;

struct ld_mailctx {
	struct _GMimeParserOptions *opts;
	struct _GMimeParserOptions *quiet;  /* the same without the warning callback */
	ld_msg *cur;        /* message whose warnings the callback counts */
	/* the fields of the message last split: headers, body and the
	 * body check of one message split its header block once */
	const char *f_raw;
	size_t f_len;
	fields f;
	rcpt_memo memo[RCPT_MEMO];
	unsigned long clock;
	memo addresses;     /* ld_mail_address: a = name, b = address */
	memo ctypes;        /* body.c: flag = text/plain, a = charset */
};

static inline void warn(ld_msg *m, ld_warn_kind k, const char *detail)
{
	if (!m)
		return;
	m->warnings[k]++;
	if (!m->warn_detail && detail)
		m->warn_detail = ld_xstrdup(detail);
}

/* The fields of raw, split once per message.  Borrowed, valid until the
 * next call with another message. */
const fields *ld_mail_fields(ld_mailctx *c, const char *raw, size_t len);
/* Empties memo slot r (the context's lifecycle is gmime.c's). */
void ld_mail_memo_clear(rcpt_memo *r);
/* The result kept for key, NULL when none. */
const memo_val *ld_memo_get(const memo *mm, const char *key);
/* Keeps copies of a and b (may be NULL) and flag for key; a key over
 * MEMO_KEY_MAX bytes is not kept, and a memo of MEMO_MAX keys starts
 * again empty (memory stays bounded whatever the input). */
void ld_memo_put(memo *mm, const char *key, const char *a, const char *b, int flag);
/* Adds the warnings counted in w (a scratch message that a parse was
 * given) to m, as if they had been counted in m (NULL: dropped), and
 * empties w. */
void ld_mail_warn_move(ld_msg *m, ld_msg *w);
/* Did w count any warning? */
int ld_mail_warned(const ld_msg *w);
/* Makes a decoded header value (g_malloc'd, freed here) one clean line of
 * valid UTF-8 (ld_clean_header); a warning in m when it was not valid.
 * Caller frees the result. */
char *ld_mail_clean_line(char *g, ld_msg *m);

/* ---- header values (encword.c, address.c, date.c) -------------------- */

/* Values longer than this that hold "=?" are decoded in pieces (see
 * encword.c); an address field over 4 times as long only in its end. */
enum { LONG_VALUE = 4096 };

int ld_mail_has_8bit(const char *s);
/* Does s hold an encoded word that stayed undecoded? */
int ld_mail_has_encoded_word(const char *s);
/* s with GMime's bug on padded B words worked around (encword.c).
 * Returns a g_malloc'd string. */
char *ld_mail_join_padded_b_words(const char *s);
/* Decodes unstructured text (Subject): encoded words, 8-bit bytes. */
char *ld_mail_decode_text(ld_mailctx *c, const char *raw, ld_msg *m);
/* A From the list rewrote for DMARC: the real sender, into m. */
void ld_mail_undo_dmarc(ld_mailctx *c, const char *xof, const char *replyto, const char *cc,
			ld_msg *m);
/* Sets m->date and m->date_ok from the raw Date value (the commit time
 * when unusable, with a warning). */
void ld_mail_decode_date(const char *raw, ld_msg *m);

/* ---- bodies (bounds.c, body.c) --------------------------------------- */

struct _GByteArray;           /* GByteArray */

/* Bounds the message's own MIME fields (field_bound), in f. */
void ld_mail_bound_fields(const char *raw, fields *f, ld_msg *m);
/* What GMime's MIME parser is given of the message: its MIME fields (f,
 * bounded), a blank line, then the body with every part's header fields
 * bounded and at most MAX_PARTS parts.  The caller owns the array (a
 * GMime memory stream made of it takes it over). */
struct _GByteArray *ld_mail_bounded_message(ld_mailctx *c, const char *raw, size_t len,
					    const fields *f, ld_msg *m);

#endif
