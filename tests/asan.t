#!/bin/bash
# The shell tests again with ./listdigest-asan (AddressSanitizer and
# UndefinedBehaviorSanitizer, no recovery: any finding exits non-zero and
# prints its report on stderr, which the tests compare).  Built here
# through make, as make check does not build it.
. "$(dirname "$0")/lib/tap.sh"
if ! make -s -C "$TOP" listdigest-asan >"$TMP/build.log" 2>&1; then
	sed 's/^/# /' "$TMP/build.log" | tail -5
	echo "Bail out! make listdigest-asan failed (clang and libclang-rt-14-dev are in DEBIAN_PKGS)"
	exit 1
fi
export LD=$TOP/listdigest-asan LD_SANITIZED=1
# full malloc stacks (libgit2 and GLib have no frame pointers), so that
# the suppressions in tests/lsan.supp match only the frames they name
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:fast_unwind_on_malloc=0
export LSAN_OPTIONS=suppressions=$TOP/tests/lsan.supp:print_suppressions=0 UBSAN_OPTIONS=print_stacktrace=1
for t in golden errors faults hostile outfiles state mbox stdin config pipe; do
	[ -f "$TOP/tests/$t.t" ] || continue
	bash "$TOP/tests/$t.t" >"$TMP/$t.tap" 2>&1
	rc=$?
	total=$(grep -c '^ok ' "$TMP/$t.tap")
	ok $rc "tests/$t.t under ASan+UBSan ($total passed)"
	grep -A3 '^not ok' "$TMP/$t.tap" | head -20 | sed 's/^/#   /'
done
done_testing
