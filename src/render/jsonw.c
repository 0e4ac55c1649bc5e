/* render/jsonw.c - a small JSON writer (in the manner of notmuch's
 * sprinter): it owns the commas, the nesting, the indentation and the
 * escaping, so that the JSON renderer says only what goes where.
 *
 * Layout (the one docs/json-schema.md shows): a block container puts each
 * member on a line of its own, indented two spaces a level, and closes on
 * a line of its own at the container's indentation ("[]" or "{}" when
 * empty); an inline container keeps its members on one line, separated
 * by ", " ("[1, 2]", "{ \"a\": 1, \"b\": 2 }"); a key is followed by ": ".
 * The outermost value ends with a newline. */
#include "render/render.h"

void ld_jw_init(ld_jw *w, FILE *out)
{
	w->out = out;
	w->depth = 0;
	w->after_key = 0;
	w->failed = 0;
}

/* What goes before a value or a key in the current container: the comma
 * after the previous member, and a new line and indentation in a block.
 * 0 when the writer has failed and writes nothing more. */
static int separate(ld_jw *w)
{
	if (w->failed)
		return 0;
	if (w->after_key) {
		w->after_key = 0;
		return 1;
	}
	if (!w->depth)
		return 1;
	struct ld_jw_level *l = &w->level[w->depth - 1];
	if (l->inline_)
		fputs(l->n ? ", " : l->map ? " " : "", w->out);
	else
		fprintf(w->out, "%s\n%*s", l->n ? "," : "", 2 * w->depth, "");
	l->n++;
	return 1;
}

/* After the outermost value: the newline that ends the document. */
static void finish(ld_jw *w)
{
	if (!w->depth)
		fputc('\n', w->out);
}

static void begin(ld_jw *w, int map, int inline_)
{
	if (w->depth == LD_JW_DEPTH)
		w->failed = 1;   /* a renderer's mistake: nothing more is written */
	if (!separate(w))
		return;
	fputc(map ? '{' : '[', w->out);
	w->level[w->depth++] = (struct ld_jw_level){ .map = map, .inline_ = inline_, .n = 0 };
}

void ld_jw_begin_map(ld_jw *w)
{
	begin(w, 1, 0);
}

void ld_jw_begin_list(ld_jw *w)
{
	begin(w, 0, 0);
}

void ld_jw_begin_map_inline(ld_jw *w)
{
	begin(w, 1, 1);
}

void ld_jw_begin_list_inline(ld_jw *w)
{
	begin(w, 0, 1);
}

void ld_jw_end(ld_jw *w)
{
	if (w->failed || !w->depth)
		return;
	const struct ld_jw_level *l = &w->level[--w->depth];
	if (l->inline_)
		fputs(l->map ? (l->n ? " }" : "}") : "]", w->out);
	else if (l->n)
		fprintf(w->out, "\n%*s%c", 2 * w->depth, "", l->map ? '}' : ']');
	else
		fputc(l->map ? '}' : ']', w->out);
	finish(w);
}

void ld_jw_key(ld_jw *w, const char *key)
{
	if (!separate(w))
		return;
	ld_esc_json(w->out, key);
	fputs(": ", w->out);
	w->after_key = 1;
}

void ld_jw_string(ld_jw *w, const char *s)
{
	if (!separate(w))
		return;
	ld_esc_json(w->out, s);
	finish(w);
}

void ld_jw_link(ld_jw *w, const char *base, const char *message_id)
{
	if (!separate(w))
		return;
	/* ld_esc_link writes only URL-safe ASCII: nothing to escape */
	fputc('"', w->out);
	ld_esc_link(w->out, base, message_id);
	fputc('"', w->out);
	finish(w);
}

void ld_jw_int(ld_jw *w, long long v)
{
	if (!separate(w))
		return;
	fprintf(w->out, "%lld", v);
	finish(w);
}

void ld_jw_uint(ld_jw *w, unsigned long long v)
{
	if (!separate(w))
		return;
	fprintf(w->out, "%llu", v);
	finish(w);
}

void ld_jw_bool(ld_jw *w, int v)
{
	if (!separate(w))
		return;
	fputs(v ? "true" : "false", w->out);
	finish(w);
}

void ld_jw_null(ld_jw *w)
{
	if (!separate(w))
		return;
	fputs("null", w->out);
	finish(w);
}
