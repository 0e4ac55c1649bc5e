/* classify/internal.h - the line helpers the files of classify/ share,
 * and nothing outside classify/ includes.  Static inline: they run for
 * every line of every body read, as they did inside one file. */
#ifndef LD_CLASSIFY_INTERNAL_H
#define LD_CLASSIFY_INTERNAL_H

#include "classify/classify.h"

#include <string.h>
#include <strings.h>

/* The length of the line at s (up to '\n' or the end). */
static inline size_t line_len(const char *s)
{
	const char *nl = strchr(s, '\n');
	return nl ? (size_t)(nl - s) : strlen(s);
}

/* Only blanks (space, tab, CR) in s[0..n)? */
static inline int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Does s (n bytes) start with p, in any case? */
static inline int prefix_ci(const char *s, size_t n, const char *p)
{
	/* most calls fail on the first byte: the table's keys are read for
	 * every line of every reply */
	if (!n || (s[0] | 0x20) != (p[0] | 0x20))
		return 0;
	size_t pl = strlen(p);
	return n >= pl && !strncasecmp(s, p, pl);
}

/* The offset of the first byte from i on that is no space or tab. */
static inline size_t skip_blanks(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

#endif
