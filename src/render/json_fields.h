/* render/json_fields.h - INTERNAL to src/render/: the key-and-value
 * writers the JSON files (json.c, json_time.c) share, one definition each:
 * a key and its value through the JSON writer, null where the model says
 * "none".  Uses: render.h. */
#ifndef LD_RENDER_JSON_FIELDS_H
#define LD_RENDER_JSON_FIELDS_H

#include "render/render.h"

static inline void str(ld_jw *w, const char *k, const char *v)
{
	ld_jw_key(w, k);
	ld_jw_string(w, v ? v : "");
}

static inline void nullable_str(ld_jw *w, const char *k, const char *v)
{
	ld_jw_key(w, k);
	if (v)
		ld_jw_string(w, v);
	else
		ld_jw_null(w);
}

static inline void num(ld_jw *w, const char *k, unsigned long long v)
{
	ld_jw_key(w, k);
	ld_jw_uint(w, v);
}

/* an index into another array, null for none (LD_NONE) or past its end
 * (n: the length of that array) */
static inline void idx(ld_jw *w, const char *k, size_t v, size_t n)
{
	ld_jw_key(w, k);
	if (v != LD_NONE && v < n)
		ld_jw_uint(w, v);
	else
		ld_jw_null(w);
}

/* a number that is null when negative (no counter or total in the subject) */
static inline void count(ld_jw *w, const char *k, int v)
{
	ld_jw_key(w, k);
	if (v < 0)
		ld_jw_null(w);
	else
		ld_jw_int(w, v);
}

static inline void boolean(ld_jw *w, const char *k, int v)
{
	ld_jw_key(w, k);
	ld_jw_bool(w, v);
}

static inline void date(ld_jw *w, const char *k, int64_t t)
{
	char buf[32];
	ld_jw_key(w, k);
	if (t) {
		ld_fmt_utc(buf, t, LD_UTC_ISO);
		ld_jw_string(w, buf);
	} else {
		ld_jw_null(w);
	}
}

/* The lore page of a message, null when the list's lore URL is unknown or
 * the message has no Message-ID. */
static inline void url(ld_jw *w, const ld_report *r, const char *mid)
{
	ld_jw_key(w, "url");
	const char *base = ld_lore_base(r, mid);
	if (ld_link_ok(base, mid))
		ld_jw_link(w, base, mid);
	else
		ld_jw_null(w);
}

#endif
