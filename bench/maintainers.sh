#!/bin/bash
# bench/maintainers.sh - the cost of --maintainers/--subsystem (issue 13)
# and of ld_maintainers_who (issue 14's waiting section) on a MAINTAINERS
# file of the kernel's size (bench/gen_maintainers.py: ~3,000 sections,
# ~21,000 F: lines, a KVM/arm64 section) over the whole kvmarm archive.
#
#   bench/maintainers.sh [--runs N] [--repo DIR.git] [--work DIR]
#
# Prints the median user+sys CPU seconds of N runs (default 3; CPU time,
# not wall time: the machine is shared) of listdigest --no-index --jobs 1
# on the whole archive without filter, with --path arch/arm64/kvm/ and
# with --subsystem KVM/arm64, then bench/maint_bench.c's CPU time of the
# module alone: the load, ld_subsystem_touches over every posting's
# files, ld_maintainers_who over every posting.  Asserts nothing.
set -eu
cd "$(dirname "$0")/.."
runs=3 repo= work=/tmp/listdigest-bench-maint
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	--repo) repo=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	*) echo "usage: bench/maintainers.sh [--runs N] [--repo DIR.git] [--work DIR]" >&2; exit 2 ;;
	esac
done
mkdir -p "$work"
if [ -z "$repo" ]; then
	repo=$work/kvmarm.git
	[ -d "$repo" ] || git clone -q --bare ../shared/archives/kvmarm.bundle "$repo"
fi
make -s -j2 listdigest
python3 bench/gen_maintainers.py 3000 1 >"$work/MAINTAINERS"
echo "MAINTAINERS: $(grep -c "^F:" "$work/MAINTAINERS") F: lines, $(grep -c "^N:" "$work/MAINTAINERS") N: lines"
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
for v in none path subsystem; do
	case $v in
	none) a=() ;;
	path) a=(--path arch/arm64/kvm/) ;;
	subsystem) a=(--maintainers "$work/MAINTAINERS" --subsystem KVM/arm64) ;;
	esac
	for i in $(seq "$runs"); do
		/usr/bin/time -f "%U %S" ./listdigest --no-index --jobs 1 "${a[@]}" "$repo" 2>&1 >/dev/null |
			tail -1 | awk '{print $1 + $2}'
	done | median | sed "s/^/$v: CPU s (median of $runs) /"
done
[ -f "$work/files.tsv" ] || python3 bench/maint_files.py "$repo" >"$work/files.tsv"
cc -O2 -Isrc -o "$work/maint_bench" bench/maint_bench.c build/report/maintainers.o \
	build/classify/maintpat.o build/util/*.o
"$work/maint_bench" "$work/MAINTAINERS" KVM/arm64 "$work/files.tsv"
