#!/bin/bash
# bench/multi.sh - several inboxes in one run (issue 15): listdigest
# INBOX... against the same inboxes run one after the other.
#
#   bench/multi.sh [--runs N] [--work DIR] [--ld BIN]
#
# Inboxes: kvm-ppc and kvmarm (../shared/archives), and each imported
# twice (bench/double_archive.py: the x2 archives of bench/run.sh, the
# same Message-IDs twice, so a run over an archive and its x2 drops the
# x2's copies as cross-posts after parsing them).  Sets of 1 (kvmarm),
# 2 (kvm-ppc kvmarm) and 4 (kvm-ppc kvmarm kvm-ppc-x2 kvmarm-x2) inboxes,
# each with --jobs 1 and --jobs 2:
#   together  listdigest --jobs J A B ...
#   apart     listdigest --jobs J A; listdigest --jobs J B; ... (one shell)
# Medians of N runs (default 3) of the wall time and of the CPU time
# (user + system of the process tree), warm caches (every archive index
# built before), the commands taking turns in each round.  Prints a
# Markdown table; nothing is asserted.  bench/run.sh calls it at its end.
set -eu

die() { echo "bench/multi.sh: $*" >&2; exit 1; }

runs=3
work=
root=$(cd "$(dirname "$0")/.." && pwd)
ld=$root/listdigest
while [ $# -gt 0 ]; do
	case $1 in
	--runs) [ $# -ge 2 ] || die "--runs needs a number"; runs=$2; shift 2 ;;
	--work) [ $# -ge 2 ] || die "--work needs a directory"; work=$2; shift 2 ;;
	--ld) [ $# -ge 2 ] || die "--ld needs a binary"; ld=$(realpath "$2"); shift 2 ;;
	-h|--help) sed -n '2,20s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
done
case $runs in ''|*[!0-9]*|0) die "--runs wants a number of 1 or more, not '$runs'" ;; esac
[ -x "$ld" ] || die "$ld: no listdigest binary (make, or --ld BIN)"
if [ -n "$work" ]; then
	mkdir -p "$work" && work=$(cd "$work" && pwd) || die "cannot create $work"
	tmp=$(mktemp -d "$work/multi.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/listdigest-multi.XXXXXX")
	tmp=$work/run
	mkdir "$tmp"
	trap 'rm -rf "$work"' EXIT
fi

# ---- the inboxes ------------------------------------------------------------
arch() { # arch NAME: a bare clone of ../shared/archives/NAME.bundle in work
	local b=$root/../shared/archives/$1.bundle d=$work/$1.git
	if [ ! -d "$d" ]; then
		[ -f "$b" ] || die "no archive: $b is missing"
		git clone --quiet --bare "$b" "$d" || die "cannot clone $b"
	fi
	echo "$d"
}
x2() { # x2 SRC: SRC imported twice (as bench/run.sh's doubled archives)
	local d=${1%.git}-x2.git
	if [ ! -d "$d" ] || [ "$(cat "$d/bench-source" 2>/dev/null)" != "$(git -C "$1" rev-parse HEAD)" ]; then
		echo "building $d" >&2
		rm -rf "$d"
		python3 "$root/bench/double_archive.py" "$1" "$d" || die "cannot build $d"
		git -C "$1" rev-parse HEAD >"$d/bench-source"
	fi
	echo "$d"
}
ppc=$(arch kvm-ppc)
arm=$(arch kvmarm)
ppc2=$(x2 "$ppc")
arm2=$(x2 "$arm")
export LISTDIGEST_CACHE=$work/cache
for a in "$ppc" "$arm" "$ppc2" "$arm2"; do "$ld" "$a" >/dev/null 2>&1 || die "$ld $a failed"; done

q() { printf "'%s'" "$(printf %s "$1" | sed "s/'/'\\\\''/g")"; }
rows=$tmp/rows
: >"$rows"
add_set() { # add_set N INBOX...
	local n=$1; shift
	local all="" apart j a
	for a in "$@"; do all="$all $(q "$a")"; done
	for j in 1 2; do
		printf '%s\t%s\n' "t${n}_$j" "exec $(q "$ld") --jobs $j$all" >>"$rows"
		apart=""
		for a in "$@"; do apart="$apart$(q "$ld") --jobs $j $(q "$a") >/dev/null && "; done
		printf '%s\t%s\n' "a${n}_$j" "${apart}true" >>"$rows"
	done
}
add_set 1 "$arm"
add_set 2 "$ppc" "$arm"
add_set 4 "$ppc" "$arm" "$ppc2" "$arm2"

# measure: "<wall s> <cpu s>" of one run of a shell command, or "fail"
cat >"$tmp/measure.py" <<'PY'
import os, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2]
with open(out, 'wb') as o:
    t0 = time.perf_counter()
    p = subprocess.Popen(['sh', '-c', cmd], stdout=o, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
print('%.6f %.6f' % (wall, ru.ru_utime + ru.ru_stime) if os.waitstatus_to_exitcode(status) == 0 else 'fail')
PY
echo "warming up, then $runs round(s) of $(wc -l <"$rows") commands" >&2
while IFS='	' read -r key cmd; do
	python3 "$tmp/measure.py" "$tmp/$key.out" "$cmd" >/dev/null
done <"$rows"
for i in $(seq 1 "$runs"); do
	while IFS='	' read -r key cmd; do
		python3 "$tmp/measure.py" /dev/null "$cmd" >>"$tmp/$key.times"
	done <"$rows"
	echo "  round $i/$runs done" >&2
done

count() { git -C "$1" rev-list --count HEAD; }
n1=$(count "$arm") n2=$(($(count "$ppc") + n1)) n4=$((n2 + $(count "$ppc2") + $(count "$arm2")))
echo
python3 - "$tmp" "$runs" "$n1" "$n2" "$n4" <<'PY'
import os, statistics, sys
tmp, runs, n1, n2, n4 = sys.argv[1:]
def med(key, i):
    try:
        rows = [l.split() for l in open(os.path.join(tmp, key + '.times'))]
    except OSError:
        return None
    if not rows or any(r[0] == 'fail' for r in rows):
        return None
    return statistics.median(float(r[i]) for r in rows)
def s(v):
    return 'n/a' if v is None else '%.2f s' % v
def ratio(a, b):
    return 'n/a' if a is None or b is None or not b else '%.2fx' % (a / b)
print('Medians of %s run(s), warm caches.  Inboxes: 1 = kvmarm (%s messages); 2 = kvm-ppc, kvmarm (%s);'
      % (runs, n1, n2))
print('4 = kvm-ppc, kvmarm, kvm-ppc x2, kvmarm x2 (%s; the x2 archives repeat their Message-IDs, so' % n4)
print('a run over all four drops their second copies as cross-posts after parsing them).')
print()
print('| inboxes | --jobs | together: wall | apart, one after the other: wall | together / apart | together: CPU | apart: CPU | CPU together / apart |')
print('|---:|---:|---:|---:|---:|---:|---:|---:|')
for n in '124':
    for j in '12':
        t, a = 't%s_%s' % (n, j), 'a%s_%s' % (n, j)
        print('| %s | %s | %s | %s | %s | %s | %s | %s |' % (n, j, s(med(t, 0)), s(med(a, 0)),
              ratio(med(t, 0), med(a, 0)), s(med(t, 1)), s(med(a, 1)), ratio(med(t, 1), med(a, 1))))
PY
echo
for n in 1 2 4; do
	cmp -s "$tmp/t${n}_1.out" "$tmp/t${n}_2.out" && echo "- $n inbox(es): the same report with --jobs 1 and 2" ||
		echo "- $n inbox(es): reports DIFFER between --jobs 1 and 2"
done
echo "- machine: $(nproc) online CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(date -u '+%Y-%m-%d %H:%M UTC')"
