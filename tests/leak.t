#!/bin/bash
# make leakcheck: the golden tests with every listdigest run under
# valgrind memcheck (tests/lib/valgrind-ld): a definite or indirect leak
# or a memory error makes that run exit 99 and print valgrind's report on
# stderr, which golden.t checks.  GLib/GMime one-time global allocations
# are suppressed (tests/valgrind.supp, each entry says why).
. "$(dirname "$0")/lib/tap.sh"
command -v valgrind >/dev/null || { echo "Bail out! valgrind not installed (it is in DEBIAN_PKGS; run make deps as root)"; exit 1; }
[ -x "$TOP/listdigest" ] || make -s -C "$TOP" listdigest >/dev/null || exit 1
LD_REAL=$TOP/listdigest LD=$TOP/tests/lib/valgrind-ld bash "$TOP/tests/golden.t" >"$TMP/golden.tap" 2>&1
rc=$?
ok $rc "tests/golden.t under valgrind ($(grep -c '^ok ' "$TMP/golden.tap") passed)"
grep -A12 '^not ok' "$TMP/golden.tap" | head -60 | sed 's/^/#   /'

# more than 64 messages: the threaded pipeline (two workers)
mkdir -p "$TMP/many" && ln -s "$TOP/tests/data" "$TMP/many/data"
for i in 1 2 3; do ls "$TOP/tests/data" | sed 's|^|add data/|'; done >"$TMP/many/m.manifest"
"$TOP/tests/lib/mkinbox.sh" --single "$TMP/many.git" "$TMP/many/m.manifest" >/dev/null 2>&1
LD_REAL=$TOP/listdigest "$TOP/tests/lib/valgrind-ld" -j2 "$TMP/many.git" >"$TMP/many.out" 2>"$TMP/many.err"
ok $? "threaded run over 132 messages: no leak, no memory error"
grep -v '^listdigest: ' "$TMP/many.err" | head -30 | sed 's/^/#   /'

# a real archive, when ../shared is there
if kp=$(real_archive kvm-ppc); then
	from=$(git -C "$kp" rev-list HEAD | sed -n 300p)
	LD_REAL=$TOP/listdigest "$TOP/tests/lib/valgrind-ld" -j2 --from "$from" "$kp" >/dev/null 2>"$TMP/kp.err"
	ok $? "kvm-ppc, last 299 messages: no leak, no memory error"
	grep -v '^listdigest: ' "$TMP/kp.err" | head -30 | sed 's/^/#   /'
else
	echo "# skipped the kvm-ppc run: ../shared/archives/kvm-ppc.bundle not found"
fi
done_testing
