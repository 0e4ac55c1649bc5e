#!/bin/bash
# The fuzz corpus and the crash regressions, replayed with the sanitizers:
# every file of tests/fuzz/corpus/NAME/ and tests/fuzz/regress/NAME/
# through the target NAME linked with tests/fuzz/replay.c (no libFuzzer
# needed), plus the .eml fixtures through the msg target.
. "$(dirname "$0")/lib/tap.sh"
cd "$TOP" || exit 1
targets=$(make -s print-fuzz-targets)
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
for t in $targets; do
	if ! make -s "build/asan/replay-$t" >"$TMP/build.log" 2>&1; then
		ok 1 "$t: replay driver builds"; sed 's/^/#   /' "$TMP/build.log" | tail -5; continue
	fi
	for d in corpus regress; do
		dir=tests/fuzz/$d/$t
		[ -d "$dir" ] && [ -n "$(ls -A "$dir")" ] || continue
		"build/asan/replay-$t" "$dir" >"$TMP/out" 2>&1
		rc=$?
		ok $rc "$t: $d ($(ls "$dir" | wc -l) inputs) replays clean"
		[ $rc -eq 0 ] && continue
		grep -E 'ERROR|runtime error|invariant' "$TMP/out" | head -3 | sed 's/^/#   /'
		# name the input that fails
		for f in "$dir"/*; do
			"build/asan/replay-$t" "$f" >/dev/null 2>&1 || { echo "#   failing input: $f"; break; }
		done
	done
done
build/asan/replay-msg tests/data >"$TMP/out" 2>&1
ok $? "msg: the .eml fixtures replay clean"
done_testing
