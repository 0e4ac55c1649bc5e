/* escape.h - the one place where mail-derived strings are made safe for
 * each output format.  Every renderer writes such strings through these. */
#ifndef LD_ESCAPE_H
#define LD_ESCAPE_H

#include <stdio.h>

/* Text for a terminal or a mail body: UTF-8 as is, minus terminal control
 * sequences (ESC with CSI/OSC/DCS bodies, C1 controls, other C0 controls
 * but tab and newline, DEL). */
void ld_esc_text(FILE *out, const char *s);

#endif
