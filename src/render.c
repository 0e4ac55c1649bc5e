/* render.c - the formats by name: one table for main.c and the tests. */
#include "ld.h"
#include "util.h"

#include <string.h>

static const struct {
	const char *name;
	ld_render_fn fn;
} formats[] = {
	{ "text", ld_render_text },
	{ "markdown", ld_render_markdown },
	{ "html", ld_render_html },
	{ "json", ld_render_json },
	{ "email", ld_render_email },
};

ld_render_fn ld_render_find(const char *name)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(formats[i].name, name))
			return formats[i].fn;
	return NULL;
}

char *ld_render_filters(const ld_report *r)
{
	const ld_filters *f = &r->filters;
	char *const *v[4] = { f->paths, f->authors, f->domains, f->grep ? &f->grep : NULL };
	size_t n[4] = { f->n_paths, f->n_authors, f->n_domains, f->grep ? 1 : 0 };
	static const char *const kind[4] = { "path", "author", "domain", "grep" };
	ld_buf b;
	ld_buf_init(&b);
	for (int k = 0; k < 4; k++) {
		for (size_t i = 0; i < n[k]; i++) {
			if (!i)
				ld_buf_addf(&b, "%s%s ", b.len ? "; " : "", kind[k]);
			else
				ld_buf_adds(&b, " or ");
			ld_buf_adds(&b, v[k][i]);
		}
	}
	return ld_buf_detach(&b);
}
