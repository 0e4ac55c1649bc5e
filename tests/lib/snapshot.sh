#!/bin/bash
# snapshot.sh LISTDIGEST OUTDIR: every report the test data can give, for
# comparing two builds byte for byte (a refactoring must not change one):
#   tests/lib/snapshot.sh ./listdigest /tmp/before
#   ... change the code, make ...
#   tests/lib/snapshot.sh ./listdigest /tmp/after && diff -r /tmp/before /tmp/after
# Golden archives in every format (their .args too), the hostile inputs in
# text and JSON, and the real archives of ../shared (whole, a window, a
# filter, an organizations map) when present.  Scratch data goes to
# ${SNAPSHOT_WORK:-/tmp/ld-snapshot-work} and is reused between runs.
set -u
LD=$(realpath "$1"); OUT=$2
TOP=$(cd "$(dirname "$0")/../.." && pwd)
W=${SNAPSHOT_WORK:-/tmp/ld-snapshot-work}
mkdir -p "$OUT" "$W"
export SOURCE_DATE_EPOCH=1700000000 TZ=UTC LC_ALL=C.UTF-8
run() { # run NAME ARGS... : stdout, stderr and exit status of one report
	local name=$1; shift
	case $name in *.email) set -- --mail-from digest@example.org --mail-to list@example.org "$@";; esac
	rm -rf "$W/cache"
	"$LD" --cache-dir "$W/cache" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
	echo $? >"$OUT/$name.rc"
	sed -i "s#$W#WORK#g; s#$TOP#TOP#g" "$OUT/$name.err"
}
for m in "$TOP"/tests/golden/*.manifest; do
	n=$(basename "$m" .manifest)
	[ -d "$W/g-$n" ] || "$TOP/tests/lib/mkinbox.sh" "$W/g-$n" "$m" >/dev/null 2>&1
	for f in text markdown html json email; do
		run "golden-$n.$f" --format "$f" "$W/g-$n"
	done
	for a in "$TOP"/tests/golden/"$n".*.args; do
		[ -f "$a" ] || continue
		read -r -a args <"$a"
		(cd "$TOP" && run "golden-$(basename "$a" .args)" "${args[@]}" "$W/g-$n")
	done
done
[ -d "$W/hostile" ] || python3 "$TOP/tests/lib/hostile.py" "$W/hostile" >/dev/null
for m in "$W"/hostile/*.manifest; do
	n=$(basename "$m" .manifest)
	[ -d "$W/h-$n" ] || "$TOP/tests/lib/mkinbox.sh" "$W/h-$n" "$m" >/dev/null 2>&1
	for f in text json; do run "hostile-$n.$f" --format "$f" "$W/h-$n"; done
done
for mb in "$W"/hostile/*.mbox; do
	[ -f "$mb" ] || continue
	run "hostile-mbox-$(basename "$mb" .mbox).json" --format json --mbox "$mb"
done
# the fixtures as an mbox and as a maildir
if [ ! -d "$W/md" ]; then
	mkdir -p "$W/md/cur" "$W/md/new" "$W/md/tmp"; : >"$W/fixtures.mbox"; i=0
	for e in "$TOP"/tests/data/*.eml; do
		i=$((i + 1))
		cp "$e" "$W/md/cur/$((1700000000 + i)).M${i}P1.host:2,S"
		{ echo "From mboxrd@z Thu Jan  1 00:00:00 1970"; sed 's/^\(>*From \)/>\1/' "$e"; echo; } >>"$W/fixtures.mbox"
	done
fi
for f in text markdown html json; do
	run "fixtures-mbox.$f" --format "$f" --mbox "$W/fixtures.mbox"
	run "fixtures-maildir.$f" --format "$f" --maildir "$W/md"
done
run "fixtures-mbox.window.json" --format json --since 2024-03-05 --mbox "$W/fixtures.mbox"
for a in kvm-ppc kvmarm; do
	b=$TOP/../shared/archives/$a.bundle
	[ -f "$b" ] || { echo "snapshot: $b absent, real archives skipped" >&2; continue; }
	[ -d "$W/$a.git" ] || git clone -q --bare "$b" "$W/$a.git"
	for f in text markdown html json email; do run "real-$a.$f" --format "$f" "$W/$a.git"; done
	run "real-$a.window.json" --format json --since 2020-03-01 --until 2020-04-01 "$W/$a.git"
	run "real-$a.window.text" --since 2021-06-01 --until 2021-06-08 "$W/$a.git"
	run "real-$a.path.json" --format json --path 'arch/*/kvm/*' "$W/$a.git"
	run "real-$a.orgs.html" --format html --orgs "$TOP/data/orgs.map" "$W/$a.git"
	run "real-$a.jobs1.json" --format json --jobs 1 "$W/$a.git"
	run "real-$a.top0.text" --top 0 "$W/$a.git"
	run "real-$a.tail.text" --from HEAD~300 "$W/$a.git"
done
