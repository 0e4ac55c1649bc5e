#!/bin/sh
# Unit tests of the pure parts: every tests/unit/t-NAME.c, built by make
# (make build/unit-tests) into build/unit/t-NAME.  Their TAP goes through
# as one plan, renumbered, so that prove counts every test; after each
# program one more test says it exited 0 having printed its whole plan
# (a program not built, crashing or cut short is a failure).
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ld-unit.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0
for src in tests/unit/t-*.c; do
	name=$(basename "$src" .c)
	bin=build/unit/$name
	echo "# $name"
	if [ ! -x "$bin" ]; then
		n=$((n + 1))
		fail=$((fail + 1))
		echo "not ok $n - $name is built (make build/unit-tests)"
		continue
	fi
	"$bin" >"$tmp/out" 2>&1
	rc=$?
	awk -v n="$n" -v name="$name" -v rc="$rc" -v state="$tmp/state" '
		/^(not )?ok [0-9]+/ {
			k++; n++
			bad = /^not /
			f += bad
			sub(/^(not )?ok [0-9]+/, "")
			print (bad ? "not ok " : "ok ") n $0
			next
		}
		/^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0; planned = 1; next }
		{ print (/^#/ ? "" : "# ") $0 }
		END {
			n++
			if (planned && plan == k && rc == 0) {
				print "ok " n " - " name ": " k " tests, exit 0"
			} else {
				f++
				print "not ok " n " - " name ": " k + 0 " tests, plan " (planned ? plan : "missing") ", exit " rc
			}
			print n, f > state
		}' "$tmp/out"
	read -r n f <"$tmp/state"
	fail=$((fail + f))
done
echo "1..$n"
[ "$fail" -eq 0 ]
