/* escape.c - see escape.h */
#include "escape.h"

#include <string.h>

/* Length of the escape sequence starting at s[0] == ESC (7-bit) or at the
 * C1 introducer CSI/OSC/DCS (UTF-8 C2 9B, C2 9D, C2 90). */
static size_t sequence(const unsigned char *s, int kind)
{
	size_t i = 0;
	if (kind == '[') {
		/* CSI: parameters and intermediates, then one final byte */
		while (s[i] && (s[i] < 0x40 || s[i] > 0x7e) && s[i] >= 0x20)
			i++;
		return s[i] && s[i] >= 0x40 && s[i] <= 0x7e ? i + 1 : i;
	}
	/* OSC, DCS, SOS, PM, APC: up to BEL or ST (ESC \ or C2 9C) */
	while (s[i]) {
		if (s[i] == 0x07)
			return i + 1;
		if (s[i] == 0x1b && s[i + 1] == '\\')
			return i + 2;
		if (s[i] == 0xc2 && s[i + 1] == 0x9c)
			return i + 2;
		if (s[i] == '\n')
			return i;
		i++;
	}
	return i;
}

void ld_esc_text(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	const unsigned char *run = s;
	while (*s) {
		unsigned char c = *s;
		size_t skip = 0;
		if (c == 0x1b) {
			unsigned char n = s[1];
			if (n == '[')
				skip = 2 + sequence(s + 2, '[');
			else if (n == ']' || n == 'P' || n == 'X' || n == '^' || n == '_')
				skip = 2 + sequence(s + 2, ']');
			else if (n >= 0x20 && n <= 0x7e)
				skip = 2;
			else
				skip = 1;
		} else if (c == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
			unsigned char n = s[1];
			if (n == 0x9b)
				skip = 2 + sequence(s + 2, '[');
			else if (n == 0x9d || n == 0x90 || n == 0x98 || n == 0x9e || n == 0x9f)
				skip = 2 + sequence(s + 2, ']');
			else
				skip = 2;
		} else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
			skip = 1;
		}
		if (skip) {
			fwrite(run, 1, (size_t)(s - run), out);
			s += skip;
			run = s;
		} else {
			s++;
		}
	}
	fwrite(run, 1, (size_t)(s - run), out);
}
