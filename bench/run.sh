#!/bin/bash
# bench/run.sh - listdigest against the floor and a Python baseline.
#
#   bench/run.sh [--runs N] [--quick] [--repo DIR.git] [--work DIR] [--no-build]
#                [--before BIN]
#
# Builds the release binary (make clean; make), clones the kvmarm archive
# (../shared/archives/kvmarm.bundle, next to the project) into a scratch
# directory unless --repo names one, and prints Markdown tables of the
# median wall time and peak RSS of N runs (default 5) of:
#   floor      git rev-list | sed 's/$/:m/' | git cat-file --batch >/dev/null
#   parallel floor  the same list in two halves, two git cat-file --batch at
#              once (both cores; whole archive and x4), against --jobs 2
#   listdigest --jobs 1 and --jobs 2
#   listdigest --jobs 2 on a fresh cache (the first run: index built too)
#   listdigest --jobs 2 --path P (BENCH_PATH, default arch/arm64/kvm/vgic/)
#              on the archive, x2 and x4 (memory of a filtered report)
#   baseline   python3 bench/baseline.py (same two tables, email package),
#              with the compat32 policy and with b4's policy (--policy b4)
# over the whole archive and over the last day (FROM = the newest commit at
# least 24 hours older than HEAD), plus listdigest --jobs 2 on an archive
# twice as large and on one four times as large (built once by
# bench/double_archive.py, kept in --work); then bench/multi.sh (several
# inboxes in one run against one after the other; BENCH_MULTI=0 skips it).
# --before BIN also times another build (say, of the commit before a
# refactoring) in the same rounds, and checks that its reports are the same.
# Nothing is asserted: a command that fails (say, an option listdigest does
# not have yet) is shown as n/a and the run goes on.  See bench/README.md.
set -eu

die() { echo "bench/run.sh: $*" >&2; exit 1; }

runs=5
repo=
work=
build=1
before=
while [ $# -gt 0 ]; do
	case $1 in
	--runs) [ $# -ge 2 ] || die "--runs needs a number"; runs=$2; shift 2 ;;
	--runs=*) runs=${1#--runs=}; shift ;;
	--quick) runs=1; shift ;;
	--repo) [ $# -ge 2 ] || die "--repo needs a directory"; repo=$2; shift 2 ;;
	--repo=*) repo=${1#--repo=}; shift ;;
	--work) [ $# -ge 2 ] || die "--work needs a directory"; work=$2; shift 2 ;;
	--work=*) work=${1#--work=}; shift ;;
	--no-build) build=0; shift ;;
	--before) [ $# -ge 2 ] || die "--before needs a binary"; before=$(realpath "$2") || die "--before $2: no such file"; shift 2 ;;
	-h|--help) sed -n '2,25s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
done
case $runs in ''|*[!0-9]*|0) die "--runs wants a number of 1 or more, not '$runs'" ;; esac

root=$(cd "$(dirname "$0")/.." && pwd)
bench=$root/bench
bundle=$root/../shared/archives/kvmarm.bundle
command -v git >/dev/null || die "git is missing (apt-get install git)"
command -v python3 >/dev/null || die "python3 is missing (apt-get install python3)"

# ---- scratch space -------------------------------------------------------
# --work DIR keeps the clone and the doubled archive for the next run;
# without it everything goes into a temporary directory removed at exit.
if [ -n "$work" ]; then
	mkdir -p "$work" || die "cannot create $work"
	work=$(cd "$work" && pwd)
	tmp=$(mktemp -d "$work/run.XXXXXX")
	cleanup() { rm -rf "$tmp"; }
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/listdigest-bench.XXXXXX")
	tmp=$work/run
	mkdir "$tmp"
	cleanup() { rm -rf "$work"; }
fi
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "$repo" ]; then
	repo=$work/kvmarm.git
	if [ ! -d "$repo" ]; then
		[ -f "$bundle" ] || die "no archive: $bundle is missing; pass --repo DIR.git (a clone of a public-inbox epoch)"
		echo "cloning $bundle into $repo" >&2
		git clone --quiet --bare "$bundle" "$repo" || die "cannot clone $bundle"
	fi
fi
[ -d "$repo" ] || die "$repo: no such directory"
repo=$(cd "$repo" && pwd -P)
gd=$(git -C "$repo" rev-parse --absolute-git-dir 2>/dev/null || true)
{ [ "$gd" = "$repo" ] || [ "$gd" = "$repo/.git" ]; } &&
	git -C "$repo" rev-parse --verify --quiet HEAD >/dev/null ||
	die "$repo: not a git repository with a HEAD commit (expected a public-inbox epoch)"

# ---- the binary --------------------------------------------------------
ld=$root/listdigest
if [ $build = 1 ]; then
	cflags=${BENCH_CFLAGS:--O2 -g}
	echo "building the release binary (make clean; make CFLAGS='$cflags')" >&2
	make -C "$root" clean >/dev/null 2>&1 || true
	if ! make -C "$root" CFLAGS="$cflags" >"$tmp/build.log" 2>&1; then
		echo "bench/run.sh: make failed (listdigest rows will be n/a); last lines:" >&2
		tail -n 5 "$tmp/build.log" >&2
	fi
fi
[ -x "$ld" ] || echo "bench/run.sh: $ld was not built: listdigest rows are n/a" >&2

# ---- archives twice and four times as large (cached in the work directory)
# doubled SRC DST WHAT: DST = SRC imported twice by double_archive.py,
# rebuilt when the benchmark archive's HEAD changes; removed on failure.
doubled() {
	[ -d "$1" ] || return 0
	if [ ! -d "$2" ] || [ "$(cat "$2/bench-source" 2>/dev/null)" != "$(git -C "$repo" rev-parse HEAD)" ]; then
		echo "building $2 ($3)" >&2
		rm -rf "$2"
		if python3 "$bench/double_archive.py" "$1" "$2"; then
			git -C "$repo" rev-parse HEAD >"$2/bench-source"
		else
			echo "bench/run.sh: could not build $2" >&2
			rm -rf "$2"
		fi
	fi
}
double=$work/$(basename "$repo" .git)-x2.git
quad=$work/$(basename "$repo" .git)-x4.git
doubled "$repo" "$double" "the archive imported twice"
doubled "$double" "$quad" "the archive x2 imported twice: does memory keep growing?"

# ---- the archive index -------------------------------------------------
# listdigest keeps an index of the whole archive in a cache (for its
# "supersedes" notes), built on the first run and updated after.  It lives
# in the scratch directory and is built here, before any timing, so every
# timed run sees the steady state a daily cron job sees.
export LISTDIGEST_CACHE=$work/cache
if [ -x "$ld" ]; then
	"$ld" "$repo" >/dev/null 2>&1 || true
	[ -d "$double" ] && { "$ld" "$double" >/dev/null 2>&1 || true; }
	[ -d "$quad" ] && { "$ld" "$quad" >/dev/null 2>&1 || true; }
fi

# ---- the one-day range -------------------------------------------------
head=$(git -C "$repo" rev-parse HEAD)
head_time=$(git -C "$repo" log -1 --format=%ct HEAD)
day_from=$(git -C "$repo" log --first-parent --format='%H %ct' HEAD |
	awk -v lim=$((head_time - 86400)) '$2 <= lim { print $1; exit }')
[ -n "$day_from" ] || die "$repo: no commit 24 hours older than HEAD"
n_all=$(git -C "$repo" rev-list --count HEAD)
n_day=$(git -C "$repo" rev-list --count "$day_from..$head")
n_double=n/a
[ -d "$double" ] && n_double=$(git -C "$double" rev-list --count HEAD)
n_quad=n/a
[ -d "$quad" ] && n_quad=$(git -C "$quad" rev-list --count HEAD)

# the filter of the filtered rows: a folder a few percent of kvmarm's
# patches touch
path_filter=${BENCH_PATH:-arch/arm64/kvm/vgic/}

# ---- measuring ---------------------------------------------------------
# measure.py OUT ERR CMD...: runs CMD once (stdout to OUT), prints
# "<wall seconds> <peak RSS KiB>" or "fail <exit status>".  The peak RSS is
# the largest of the process tree (wait4 of a shell that waits for all of
# its pipeline), as GNU time's %M.
cat >"$tmp/measure.py" <<'EOF'
import os, subprocess, sys, time
out, err, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(out, 'wb') as o, open(err, 'wb') as e:
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=o, stderr=e)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
code = os.waitstatus_to_exitcode(status)
print('%.6f %d' % (wall, ru.ru_maxrss) if code == 0 else 'fail %d' % code)
EOF

floor_cmd() { # REPO [RANGE]
	printf "git -C %s rev-list %s | sed 's/\$/:m/' | git -C %s cat-file --batch" \
		"$(q "$1")" "${2:-HEAD}" "$(q "$1")"
}
q() { printf "'%s'" "$(printf %s "$1" | sed "s/'/'\\\\''/g")"; }
# the parallel floor (issue 15): the same list split in two halves, each
# read by its own git cat-file --batch, both at once (both cores)
floor2_cmd() { # REPO
	local r; r=$(q "$1")
	printf 'L=%s; git -C %s rev-list HEAD | sed "s/\$/:m/" >"$L"; h=$(( ($(wc -l <"$L") + 1) / 2 )); ' "$(q "$tmp/floor2.list")" "$r"
	printf '{ head -n $h "$L" | git -C %s cat-file --batch >/dev/null & ' "$r"
	printf 'tail -n +$((h + 1)) "$L" | git -C %s cat-file --batch >/dev/null & wait; }' "$r"
}

# The commands: key and shell command.  The floor's output is thrown away;
# the others' output of the warm-up run is kept for the checks below.
rows=$tmp/rows
: >"$rows"
row() { printf '%s\t%s\n' "$1" "$2" >>"$rows"; }
row floor_all "$(floor_cmd "$repo") >/dev/null"
row floor2_all "$(floor2_cmd "$repo")"
row ld1_all "exec $(q "$ld") --jobs 1 $(q "$repo")"
row ld2_all "exec $(q "$ld") --jobs 2 $(q "$repo")"
row py_all "exec python3 $(q "$bench/baseline.py") $(q "$repo")"
row pyb4_all "exec python3 $(q "$bench/baseline.py") --policy b4 $(q "$repo")"
row floor_day "$(floor_cmd "$repo" "$day_from..$head") >/dev/null"
row ld1_day "exec $(q "$ld") --jobs 1 --from $day_from --to $head $(q "$repo")"
row ld2_day "exec $(q "$ld") --jobs 2 --from $day_from --to $head $(q "$repo")"
row py_day "exec python3 $(q "$bench/baseline.py") --from $day_from --to $head $(q "$repo")"
row pyb4_day "exec python3 $(q "$bench/baseline.py") --policy b4 --from $day_from --to $head $(q "$repo")"
if [ -n "$before" ]; then
	row bld1_all "exec $(q "$before") --jobs 1 $(q "$repo")"
	row bld2_all "exec $(q "$before") --jobs 2 $(q "$repo")"
	row bld1_day "exec $(q "$before") --jobs 1 --from $day_from --to $head $(q "$repo")"
	row bld2_day "exec $(q "$before") --jobs 2 --from $day_from --to $head $(q "$repo")"
fi
# the first run: a fresh cache every time (the index built in the same
# pass as the report, issue 15)
row ld2_first "rm -rf $(q "$tmp/first-cache"); LISTDIGEST_CACHE=$(q "$tmp/first-cache") exec $(q "$ld") --jobs 2 $(q "$repo")"
# a filtered report: memory should follow what it shows, not the archive
row ldp_all "exec $(q "$ld") --jobs 2 --path $(q "$path_filter") $(q "$repo")"
if [ -d "$double" ]; then
	row ld2_x2 "exec $(q "$ld") --jobs 2 $(q "$double")"
	row ldp_x2 "exec $(q "$ld") --jobs 2 --path $(q "$path_filter") $(q "$double")"
fi
if [ -d "$quad" ]; then
	row ld2_x4 "exec $(q "$ld") --jobs 2 $(q "$quad")"
	row floor2_x4 "$(floor2_cmd "$quad")"
	row ldp_x4 "exec $(q "$ld") --jobs 2 --path $(q "$path_filter") $(q "$quad")"
fi

# One untimed warm-up run of each (page cache; output kept for the
# checks; a command that fails is not run again), then $runs rounds with
# the commands taking turns, so that drift hits all of them alike.
echo "warming up, then $runs round(s) of $(wc -l <"$rows") commands" >&2
while IFS='	' read -r key cmd; do
	r=$(python3 "$tmp/measure.py" "$tmp/$key.out" "$tmp/$key.err" sh -c "$cmd")
	case $r in fail*) echo "$r" >"$tmp/$key.failed" ;; esac
done <"$rows"
i=0
while [ $i -lt "$runs" ]; do
	i=$((i + 1))
	while IFS='	' read -r key cmd; do
		[ -f "$tmp/$key.failed" ] && continue
		r=$(python3 "$tmp/measure.py" /dev/null "$tmp/$key.err" sh -c "$cmd")
		case $r in
		fail*) echo "$r" >"$tmp/$key.failed" ;;
		*) echo "$r" >>"$tmp/$key.times" ;;
		esac
	done <"$rows"
	echo "  round $i/$runs done" >&2
done

# ---- the report --------------------------------------------------------
echo
python3 - "$tmp" "$runs" "$(basename "$repo" .git)" "$n_all" "$n_day" "${day_from:0:9}" "${head:0:9}" "$n_double" "$n_quad" "$path_filter" <<'EOF'
import os, statistics, sys
tmp, runs, name, n_all, n_day, day_from, head, n_double, n_quad, path_filter = sys.argv[1:]

def med(key):
    """(wall s, peak RSS KiB) medians, or None when the command failed."""
    if os.path.exists(os.path.join(tmp, key + '.failed')):
        return None
    try:
        rows = [l.split() for l in open(os.path.join(tmp, key + '.times'))]
    except OSError:
        return None
    return (statistics.median(float(w) for w, _ in rows),
            statistics.median(int(m) for _, m in rows))

def wall(m):
    if m is None:
        return 'n/a'
    return '%.0f ms' % (m[0] * 1e3) if m[0] < 1 else '%.2f s' % m[0]

def rss(m):
    return 'n/a' if m is None else '%.1f MiB' % (m[1] / 1024)

def ratio(a, b, i=0):
    if a is None or b is None or not b[i]:
        return 'n/a'
    return '%.2fx' % (a[i] / b[i])

k = {key: med(key) for key in ('floor_all', 'floor2_all', 'ld1_all', 'ld2_all', 'py_all',
     'pyb4_all', 'floor_day', 'ld1_day', 'ld2_day', 'py_day', 'pyb4_day',
     'ld2_x2', 'ld2_x4', 'bld1_all', 'bld2_all', 'bld1_day', 'bld2_day',
     'ld2_first', 'ldp_all', 'ldp_x2', 'ldp_x4', 'floor2_x4')}
print('Archive: %s, %s messages; one-day range at its head: %s messages'
      % (name, n_all, n_day))
print('(`--from %s --to %s`); archive x2: %s messages; archive x4: %s messages.'
      % (day_from, head, n_double, n_quad))
print('Medians of %s run(s); peak RSS is that of the largest process.' % runs)
print()
print('| command | whole archive | peak RSS | one-day range | peak RSS |')
print('|---|---:|---:|---:|---:|')
for label, a, d in (
        ('floor: `git rev-list \\| git cat-file --batch`', 'floor_all', 'floor_day'),
        ('parallel floor: two halves, two `git cat-file --batch` at once', 'floor2_all', None),
        ('`listdigest --jobs 1`', 'ld1_all', 'ld1_day'),
        ('`listdigest --jobs 2`', 'ld2_all', 'ld2_day'),
        ('baseline: `python3 bench/baseline.py` (compat32)', 'py_all', 'py_day'),
        ("baseline, b4's policy: `baseline.py --policy b4`", 'pyb4_all', 'pyb4_day'),
        ('before (`--before`): `listdigest --jobs 1`', 'bld1_all', 'bld1_day'),
        ('before (`--before`): `listdigest --jobs 2`', 'bld2_all', 'bld2_day'),
        ('`listdigest --jobs 2`, archive x2', 'ld2_x2', None),
        ('`listdigest --jobs 2`, archive x4', 'ld2_x4', None),
        ('parallel floor, archive x4', 'floor2_x4', None),
        ('`listdigest --jobs 2`, first run (fresh cache)', 'ld2_first', None),
        ('`listdigest --jobs 2 --path %s`' % path_filter, 'ldp_all', None),
        ('`listdigest --jobs 2 --path %s`, archive x2' % path_filter, 'ldp_x2', None),
        ('`listdigest --jobs 2 --path %s`, archive x4' % path_filter, 'ldp_x4', None)):
    print('| %s | %s | %s | %s | %s |' % (label, wall(k[a]), rss(k[a]),
          wall(k[d]) if d else '-', rss(k[d]) if d else '-'))
print()
print('| ratio | whole archive | one-day range | target (issue 5) |')
print('|---|---:|---:|---|')
for label, a, b, target in (
        ('listdigest --jobs 1 / floor', 'ld1', 'floor', 'at most 1.3x (whole)'),
        ('listdigest --jobs 2 / floor', 'ld2', 'floor', 'at most 1.0x (whole)'),
        ('baseline (compat32) / floor', 'py', 'floor', '(issue 5: peers take about 8x)'),
        ("baseline (b4's policy) / floor", 'pyb4', 'floor', '(issue 5: peers take about 8x)'),
        ('baseline (compat32) / listdigest --jobs 2', 'py', 'ld2', 'at least 10x'),
        ("baseline (b4's policy) / listdigest --jobs 2", 'pyb4', 'ld2', 'at least 10x')):
    print('| %s | %s | %s | %s |' % (label, ratio(k[a + '_all'], k[b + '_all']),
          ratio(k[a + '_day'], k[b + '_day']), target))
if k['bld2_all']:
    for j in '12':
        print('| before --jobs %s / floor | %s | %s | (for comparison) |' % (j,
              ratio(k['bld%s_all' % j], k['floor_all']), ratio(k['bld%s_day' % j], k['floor_day'])))
        print('| listdigest / before, --jobs %s | %s | %s | about 1.00x |' % (j,
              ratio(k['ld%s_all' % j], k['bld%s_all' % j]), ratio(k['ld%s_day' % j], k['bld%s_day' % j])))
print('| listdigest --jobs 2 / parallel floor | %s | - | at most 1.2x (issue 15) |'
      % ratio(k['ld2_all'], k['floor2_all']))
print('| listdigest --jobs 2 / parallel floor, archive x4 | %s | - | at most 1.2x (issue 15) |'
      % ratio(k['ld2_x4'], k['floor2_x4']))
print('| peak RSS, archive x2 / x1 (--jobs 2) | %s | - | at most 1.1x, under 64 MiB |'
      % ratio(k['ld2_x2'], k['ld2_all'], 1))
print('| peak RSS, archive x4 / x2 (--jobs 2) | %s | - | (for comparison) |'
      % ratio(k['ld2_x4'], k['ld2_x2'], 1))
print('| listdigest --jobs 2, one-day range | - | %s | under 50 ms |'
      % wall(k['ld2_day']))
print('| first run (fresh cache) / warm run, --jobs 2 | %s | - | at most 1.25x (issue 15) |'
      % ratio(k['ld2_first'], k['ld2_all']))
print('| peak RSS, --path x1 / unfiltered x1 | %s | - | (for comparison) |'
      % ratio(k['ldp_all'], k['ld2_all'], 1))
print('| peak RSS, --path x2 / x1 | %s | - | flat (issue 15) |'
      % ratio(k['ldp_x2'], k['ldp_all'], 1))
print('| peak RSS, --path x4 / x2 | %s | - | flat; under 40 MiB at 60,000 messages (issue 15) |'
      % ratio(k['ldp_x4'], k['ldp_x2'], 1))
EOF

# ---- the physical limit: bench/readfloor.c (libgit2 reads, zlib alone) ----
# Timed by the program itself (its listing and deflating are not timed);
# once, after the rounds.  A compiler or library missing: skipped.
echo
echo "Physical limit (bench/readfloor.c on the whole archive; phase, threads, blobs, bytes, wall s, CPU s):"
echo
if cc -O2 -o "$tmp/readfloor" "$bench/readfloor.c" $(pkg-config --cflags --libs libgit2 zlib 2>/dev/null) -pthread 2>"$tmp/readfloor.err"; then
	for t in 1 2; do
		"$tmp/readfloor" "$repo" $t 2>&1 | sed 's/^/    /'
	done
else
	echo "    n/a (cannot build bench/readfloor.c: $(head -n 1 "$tmp/readfloor.err"))"
fi

# ---- checks of the outputs (never of the timings) -------------------------
echo
echo "Checks:"
echo
# The two tables of a report, without the blank lines at their end.
tables() {
	sed -n '/^Top [0-9]* contributor Email domains/,/^=====/p' "$1" | sed '/^=====/d' |
		sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}
for scope in all day; do
	for j in 1 2; do
		f=$tmp/ld${j}_$scope
		if [ ! -s "$tmp/py_$scope.out" ]; then
			echo "- baseline ($scope): n/a ($(head -n 1 "$tmp/py_$scope.err" 2>/dev/null || true))"
			break
		fi
		if [ -f "$f.failed" ] || [ ! -s "$f.out" ]; then
			echo "- listdigest --jobs $j ($scope): n/a ($(head -n 1 "$f.err" 2>/dev/null || true))"
			continue
		fi
		tables "$tmp/py_$scope.out" >"$tmp/py_$scope.tables"
		if tables "$f.out" | cmp -s - "$tmp/py_$scope.tables"; then
			echo "- listdigest --jobs $j ($scope): tables identical to the baseline's"
		else
			echo "- listdigest --jobs $j ($scope): tables DIFFER from the baseline's (< baseline, > listdigest):"
			tables "$f.out" | diff "$tmp/py_$scope.tables" - | sed -n '1,20s/^/    /p'
		fi
	done
	if [ -s "$tmp/py_$scope.out" ] && [ -s "$tmp/pyb4_$scope.out" ]; then
		if tables "$tmp/pyb4_$scope.out" | cmp -s - "$tmp/py_$scope.tables"; then
			echo "- baseline with b4's policy ($scope): tables identical to the compat32 baseline's"
		else
			echo "- baseline with b4's policy ($scope): tables DIFFER from the compat32 baseline's"
		fi
	fi
	if [ -n "$before" ]; then
		for j in 1 2; do
			if cmp -s "$tmp/ld${j}_$scope.out" "$tmp/bld${j}_$scope.out"; then
				echo "- listdigest and --before, --jobs $j ($scope): identical reports"
			else
				echo "- listdigest and --before, --jobs $j ($scope): reports DIFFER"
			fi
		done
	fi
	if [ -s "$tmp/ld1_$scope.out" ] && [ -s "$tmp/ld2_$scope.out" ]; then
		if cmp -s "$tmp/ld1_$scope.out" "$tmp/ld2_$scope.out"; then
			echo "- listdigest --jobs 1 and --jobs 2 ($scope): identical reports"
		else
			echo "- listdigest --jobs 1 and --jobs 2 ($scope): reports DIFFER"
		fi
	fi
done

if [ -s "$tmp/ld2_first.out" ] && [ -s "$tmp/ld2_all.out" ]; then
	if cmp -s "$tmp/ld2_first.out" "$tmp/ld2_all.out"; then
		echo "- listdigest first run (fresh cache) and warm run: identical reports"
	else
		echo "- listdigest first run (fresh cache) and warm run: reports DIFFER"
	fi
fi

# ---- several inboxes in one run (bench/multi.sh) ---------------------------
if [ "${BENCH_MULTI:-1}" != 0 ] && [ -x "$ld" ]; then
	echo
	echo "Several inboxes in one run (bench/multi.sh):"
	echo
	"$bench/multi.sh" --runs "$runs" --work "$work" --ld "$ld" ||
		echo "bench/run.sh: bench/multi.sh failed (see above)" >&2
fi

cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "no commit yet")
dirty=$(git -C "$root" status --porcelain -- src Makefile 2>/dev/null | head -n 1)
echo
echo "Machine:"
echo
echo "- CPU: ${cpu:-unknown}, $(nproc) online CPUs (nproc)"
echo "- memory: ${mem:-unknown}"
echo "- kernel: $(uname -sr)"
echo "- $(git --version), $(python3 --version 2>&1)"
echo "- listdigest: $rev${dirty:+ (with uncommitted changes)}"
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
