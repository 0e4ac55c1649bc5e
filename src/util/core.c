/* util/core.c - errors (ld_err, exit codes), the names of the warning
 * kinds, and the test hook ld_test_pause. */
#include "util/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ld_err_set(ld_err *e, ld_status st, const char *fmt, ...)
{
	va_list ap;
	e->status = st;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

int ld_status_exit(ld_status st)
{
	switch (st) {
	case LD_OK: return LD_EXIT_OK;
	case LD_E_USAGE: return LD_EXIT_USAGE;
	case LD_E_INBOX: return LD_EXIT_INBOX;
	case LD_E_REV: return LD_EXIT_REV;
	case LD_E_ARCHIVE: return LD_EXIT_ARCHIVE;
	case LD_E_OUTPUT: return LD_EXIT_OUTPUT;
	case LD_E_STATE: return LD_EXIT_STATE;
	case LD_E_FETCH: return LD_EXIT_FETCH;
	}
	return LD_EXIT_ARCHIVE;
}

void ld_test_pause(const char *phase)
{
	const char *want = getenv("LISTDIGEST_TEST_PAUSE");
	if (!want || strcmp(want, phase))
		return;
	/* a test hook, not a report: the core prints nothing else */
	char line[128];
	int n = snprintf(line, sizeof(line), "listdigest: test pause at %s\n", phase);
	if (write(2, line, (size_t)n) < 0)
		return;
	for (int i = 0; i < 600; i++)
		sleep(1);
}

const char *ld_warn_name(ld_warn_kind k)
{
	static const char *const names[LD_W__COUNT] = {
		[LD_W_HEADER] = "malformed header",
		[LD_W_MIME] = "malformed MIME",
		[LD_W_CHARSET] = "charset problem",
		[LD_W_ENCWORD] = "broken encoded word",
		[LD_W_ADDRESS] = "unusable From address",
		[LD_W_DATE] = "bad Date",
		[LD_W_SIZE] = "message too large",
	};
	return k < LD_W__COUNT ? names[k] : "warning";
}
