#!/bin/bash
# the who_vs_scan part of tests/real.t, alone
. tests/lib/tap.sh
ARM=/work/bench-work/kvmarm.git
# who could review the waiting series (issue 14, --maintainers): a
# MAINTAINERS file of the kernel's size made by bench/gen_maintainers.py
# (its KVM/arm64 section has the kernel's F: lines), against the same
# independent scan reading each series' postings with Python's email
# package (waiting_scan.py --who: its own diff-path reading, pattern
# matching and ranking); then --path arch/arm64/kvm/: the waiting list is
# the unfiltered one keeping the series one of whose files the scan finds
# below arch/arm64/kvm/
python3 "$TOP/bench/gen_maintainers.py" >"$TMP/gen.maintainers"
who_vs_scan() { # who_vs_scan NAME ARCHIVE SINCE UNTIL
	"$LD" --format json --since "$3" --until "$4" --maintainers "$TMP/gen.maintainers" "$2" 2>/dev/null | python3 -c '
import json, sys
for w in json.load(sys.stdin)["waiting"]:
    print(w["days"], w["message_id"])
    print("  files", w["files"])
    for t in w["sections"]:
        print("  section", t)
    for p in w["maintainers"]:
        print("  %s %s (%s)" % ("R" if p["role"] == "reviewer" else "M", p["who"], p["section"]))
    print("  totals", w["sections_total"], w["maintainers_total"])' >"$TMP/who.ld"
	python3 "$TOP/tests/lib/waiting_scan.py" "$2" "$4" --who "$TMP/gen.maintainers" >"$TMP/who.scan"
	grep -v '^  file ' "$TMP/who.scan" >"$TMP/who.py"
	diff "$TMP/who.py" "$TMP/who.ld" >"$TMP/who.diff" && grep -q '^  M ' "$TMP/who.py"
	ok $? "$1: who could review each waiting series equals the independent scan ($(grep -c '^  section' "$TMP/who.py") sections, $(grep -c '^  [MR] ' "$TMP/who.py") people)"
	[ -s "$TMP/who.diff" ] && sed 's/^/#   /' "$TMP/who.diff" | head -20
	# the same list filtered by --path, against the scan's files
	"$LD" --format json --since "$3" --until "$4" --path arch/arm64/kvm/ "$2" 2>/dev/null |
		python3 -c 'import json,sys; [print(w["days"], w["message_id"]) for w in json.load(sys.stdin)["waiting"]]' >"$TMP/wpath.ld"
	awk '/^[0-9]/ { head = $0; next } /^  file arch\/arm64\/kvm\// && head { print head; head = "" }' \
		"$TMP/who.scan" >"$TMP/wpath.py"
	diff "$TMP/wpath.py" "$TMP/wpath.ld" >"$TMP/wpath.diff" && [ -s "$TMP/wpath.py" ]
	ok $? "$1: --path arch/arm64/kvm/ keeps the $(wc -l <"$TMP/wpath.py") of $(grep -c '^[0-9]' "$TMP/who.scan") waiting series whose files the scan finds there"
	[ -s "$TMP/wpath.diff" ] && sed 's/^/#   /' "$TMP/wpath.diff"
}
who_vs_scan "kvmarm week 2022-06-01..08" "$ARM" 2022-06-01 2022-06-08
who_vs_scan "kvmarm week 2020-06-08..15" "$ARM" 2020-06-08 2020-06-15
done_testing
