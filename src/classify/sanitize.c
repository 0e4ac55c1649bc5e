/* sanitize.c - the one scanner of terminal control sequences, and the two
 * rules built on it: the header rule of mail/ (controls become spaces)
 * and the reader's rule of render/ and the --state file (controls and
 * invisible characters dropped).  Pure: no library calls, no I/O. */
#include "classify/classify.h"

#include <stdint.h>
#include <string.h>

/* The strings OSC, DCS, SOS, PM and APC: the length from after the
 * introducer at s to their terminator (BEL or ST: ESC \ or C1 ST), the
 * terminator included; without one, to the end of the line or text (the
 * line end stays). */
static size_t string_len(const unsigned char *s)
{
	size_t i = 0;
	for (; s[i] && s[i] != '\n'; i++) {
		if (s[i] == 0x07)
			return i + 1;
		if ((s[i] == 0x1b && s[i + 1] == '\\') || (s[i] == 0xc2 && s[i + 1] == 0x9c))
			return i + 2;
	}
	return i;
}

size_t ld_control_sequence(const unsigned char *p)
{
	size_t i;
	int string;
	if (p[0] == 0x1b && p[1] == '[') {
		i = 2, string = 0;
	} else if (p[0] == 0x1b && p[1] && strchr("]PX^_", p[1])) {
		i = 2, string = 1;
	} else if (p[0] == 0x1b) {
		return p[1] >= 0x20 && p[1] <= 0x7e ? 2 : 0;
	} else if (p[0] == 0xc2 && p[1] == 0x9b) {
		i = 2, string = 0;
	} else if (p[0] == 0xc2 && (p[1] == 0x9d || p[1] == 0x90 || p[1] == 0x98 ||
				    p[1] == 0x9e || p[1] == 0x9f)) {
		i = 2, string = 1;
	} else {
		return 0;
	}
	if (!string) {
		/* CSI: parameters and intermediates, then one final byte */
		while (p[i] >= 0x20 && p[i] <= 0x3f)
			i++;
		return p[i] >= 0x40 && p[i] <= 0x7e ? i + 1 : i;
	}
	return i + string_len(p + i);
}

char *ld_clean_header(const char *s)
{
	/* printable ASCII (most ids, names and subjects): nothing to drop
	 * or replace, no sequence can start; only the ends are trimmed */
	const unsigned char *u8 = (const unsigned char *)s;
	while (*u8 >= 0x20 && *u8 < 0x7f)
		u8++;
	if (!*u8) {
		const char *e = (const char *)u8;
		while (*s == ' ')
			s++;
		while (e > s && e[-1] == ' ')
			e--;
		return ld_xstrndup(s, (size_t)(e - s));
	}
	ld_buf b;
	ld_buf_init(&b);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t seq = ld_control_sequence(p);
		if (seq) {
			p += seq;
			continue;
		}
		/* valid UTF-8: the lead byte gives the length; C0 and DEL are
		 * one byte, C1 is C2 80..9F */
		size_t n = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] < 0xa0))
			ld_buf_addc(&b, ' ');
		else
			ld_buf_add(&b, (const char *)p, n);
		p += n;
	}
	size_t a = 0;
	while (a < b.len && b.s[a] == ' ')
		a++;
	while (b.len > a && b.s[b.len - 1] == ' ')
		b.len--;
	char *r = ld_xstrndup(b.s + a, b.len - a);
	ld_buf_release(&b);
	return r;
}

/* Length of a terminal control sequence or control character at s (one
 * that the reader's rule drops), 0 when s does not start one.  Tab and
 * newline are not controls here; the caller decides what to do with
 * them. */
static size_t control_len(const unsigned char *s)
{
	size_t n = ld_control_sequence(s);
	if (n)
		return n;
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
		return 2;
	if ((s[0] < 0x20 && s[0] != '\t' && s[0] != '\n') || s[0] == 0x7f)
		return 1;
	return 0;
}

int ld_invisible(unsigned cp)
{
	return cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) ||
	       cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) ||
	       (cp >= 0xe0000 && cp <= 0xe007f);
}

size_t ld_clean_next(const unsigned char *s, unsigned *cp)
{
	/* printable ASCII, most of any text, is never a control, invisible
	 * or a separator: the common case skips the scanners */
	if (*s >= 0x20 && *s < 0x7f) {
		*cp = *s;
		return 1;
	}
	size_t n = control_len(s);
	if (n) {
		*cp = LD_CLEAN_DROP;
		return n;
	}
	n = ld_utf8_next(s, SIZE_MAX, cp);
	if (ld_invisible(*cp))
		*cp = LD_CLEAN_DROP;
	else if (*cp == 0x2028 || *cp == 0x2029)
		*cp = ' ';
	return n;
}

int ld_clean_unchanged(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		unsigned cp;
		size_t n = ld_clean_next(s, &cp);
		/* dropped, an invalid byte (U+FFFD) or a separator (a space) */
		if (cp == LD_CLEAN_DROP || (cp == 0xfffd && n == 1) || (cp == ' ' && n > 1))
			return 0;
		s += n;
	}
	return 1;
}
