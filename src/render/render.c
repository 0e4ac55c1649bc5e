/* render/render.c - the formats by name: one table for main.c and the
 * tests.  The renderers call no function here (their shared wording is in
 * common.c), so that no two files of render/ call each other. */
#include "render/render.h"

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
