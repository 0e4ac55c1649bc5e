#!/bin/bash
# bench/merge.sh - listdigest merge (issue 15's target: merging the JSON
# of 52 weekly kvmarm reports takes less than a tenth of a whole-archive
# run; merge linear in the size of its input).
#
#   bench/merge.sh [--runs N] [--repo DIR.git] [--work DIR] [--bin LD]
#
# Clones the kvmarm archive (../shared/archives/kvmarm.bundle) into a
# scratch directory unless --repo names one, writes its weekly JSON
# reports (calendar weeks from Monday 2019-04-01: the first without
# --since, the last without --until) into --work (kept for the next run
# when given), then prints a Markdown table of the median wall time and
# peak RSS of N runs (default 3) of:
#   whole      listdigest --jobs 1 ARCHIVE (warm cache), the reference
#              (one thread: a merge runs on one; --jobs 2, for comparison)
#   52 weeks   listdigest merge of the last 52 weekly reports (a year)
#   1x 2x 4x   merge of the first 48, 96 and 192 weekly reports
#   all weeks  merge of every weekly report (== the whole run's report)
# Nothing is asserted: see bench/README.md for the figures.
set -eu

die() { echo "bench/merge.sh: $*" >&2; exit 1; }
runs=3 repo= work= ld=
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	--repo) repo=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--bin) ld=$(realpath "$2"); shift 2 ;;
	-h|--help) sed -n '2,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
done
case $runs in ''|*[!0-9]*|0) die "--runs wants a number of 1 or more" ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
ld=${ld:-$root/listdigest}
[ -x "$ld" ] || die "$ld is missing: make first"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
if [ -z "$work" ]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/ld-bench-merge.XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
if [ -z "$repo" ]; then
	repo=$work/kvmarm.git
	[ -d "$repo" ] || git clone --quiet --bare "$root/../shared/archives/kvmarm.bundle" "$repo" ||
		die "cannot clone ../shared/archives/kvmarm.bundle"
fi
export LISTDIGEST_CACHE=$work/cache
"$ld" "$repo" >/dev/null 2>&1 || die "$ld cannot read $repo"

weeks=$work/weeks
if [ ! -f "$weeks/.done" ]; then
	rm -rf "$weeks"
	mkdir -p "$weeks"
	t=1554076800 end=1673222400 i=0
	while [ $t -lt $end ]; do
		a=(--since "$(date -u -d @$t +%F)" --until "$(date -u -d @$((t + 604800)) +%F)")
		[ $i = 0 ] && a=(--until "$(date -u -d @$((t + 604800)) +%F)")
		[ $((t + 604800)) -ge $end ] && a=(--since "$(date -u -d @$t +%F)")
		"$ld" --format json "${a[@]}" "$repo" >"$weeks/$(printf %04d $i).json" 2>/dev/null
		i=$((i + 1)) t=$((t + 604800))
	done
	touch "$weeks/.done"
fi
all=("$weeks"/*.json)
n=${#all[@]}

# medians of the runs' wall seconds, CPU seconds (user + system: the
# machine is shared, wall time moves with the other jobs) and peak RSS
# (KiB) of a command
measure() {
	local i out=$work/time.out w u s r
	: >"$work/walls"; : >"$work/cpus"; : >"$work/rss"
	for ((i = 0; i < runs; i++)); do
		/usr/bin/time -f '%e %U %S %M' -o "$out" "$@" >/dev/null 2>&1 || { echo "n/a n/a n/a"; return; }
		read -r w u s r <"$out"
		echo "$w" >>"$work/walls"; echo "$u + $s" | bc -l >>"$work/cpus"; echo "$r" >>"$work/rss"
	done
	local mid=$(((runs + 1) / 2))
	echo "$(sort -n "$work/walls" | sed -n "${mid}p") $(sort -n "$work/cpus" | sed -n "${mid}p") $(sort -n "$work/rss" | sed -n "${mid}p")"
}
bytes() { cat "$@" | wc -c; }

read -r whole_s whole_c whole_m < <(measure "$ld" --jobs 1 "$repo")
read -r whole2_s whole2_c whole2_m < <(measure "$ld" --jobs 2 "$repo")
echo "| what | input | wall s | CPU s | peak RSS MiB | CPU vs whole run | CPU s per MB |"
echo "|---|---|---|---|---|---|---|"
row() { # row NAME FILES...
	local name=$1 mb; shift
	mb=$(echo "$(bytes "$@") / 1000000" | bc -l)
	read -r s c m < <(measure "$ld" merge "$@")
	printf '| %s | %d reports, %.1f MB | %s | %.2f | %d | %.3f | %.3f |\n' "$name" $# "$mb" \
		"$s" "$c" $((m / 1024)) "$(echo "$c / $whole_c" | bc -l)" "$(echo "$c / $mb" | bc -l)"
}
printf '| whole run (--jobs 1) | the archive | %s | %.2f | %d | 1 | |\n' "$whole_s" "$whole_c" $((whole_m / 1024))
printf '| whole run (--jobs 2) | the archive | %s | %.2f | %d | %.3f | |\n' "$whole2_s" "$whole2_c" $((whole2_m / 1024)) \
	"$(echo "$whole2_c / $whole_c" | bc -l)"
row "merge, 52 weeks (the last year)" "${all[@]: -52}"
row "merge, 1x (48 weeks)" "${all[@]:0:48}"
row "merge, 2x (96 weeks)" "${all[@]:0:96}"
row "merge, 4x (192 weeks)" "${all[@]:0:192}"
row "merge, all $n weeks" "${all[@]}"
