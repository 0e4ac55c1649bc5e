#!/bin/bash
# merge.t - `listdigest merge FILE.json...` (issue 13): golden archives
# split by --since/--until into parts, the parts' JSON reports merged,
# equal byte for byte to the run over the whole archive in every format;
# a report merged with itself is the report; the order of the parts does
# not matter; --top applies after merging; hostile and wrong inputs are
# one line and exit 3.
. "$(dirname "$0")/lib/tap.sh"
G=$TOP/tests/golden
export SOURCE_DATE_EPOCH=1700000000

# The Dates of an archive's messages, in seconds, sorted.
dates() {
	git --git-dir="$1/git/0.git" log --format=%at --all | sort -n
}

for base in main series earlier versions threads applied; do
	inbox=$TMP/$base
	"$TOP/tests/lib/mkinbox.sh" "$inbox" "$G/$base.manifest" >/dev/null 2>&1
	"$LD" --format json "$inbox" >"$TMP/$base.whole.json" 2>/dev/null
	is "$?" 0 "$base: whole JSON"
	# three parts at the first and second third of its messages' Dates
	mapfile -t d < <("$LD" --format json "$inbox" 2>/dev/null |
		python3 -c 'import json,sys; m=json.load(sys.stdin)["merge"]["messages"]; print("\n".join(str(x["d"]) for x in sorted(m, key=lambda x: x["d"])))')
	n=${#d[@]}
	c1=$(date -u -d "@${d[$((n / 3))]}" +%Y-%m-%dT%H:%M+00:00)
	c2=$(date -u -d "@${d[$((2 * n / 3))]}" +%Y-%m-%dT%H:%M+00:00)
	"$LD" --format json --until "$c1" "$inbox" >"$TMP/$base.p1.json" 2>/dev/null
	"$LD" --format json --since "$c1" --until "$c2" "$inbox" >"$TMP/$base.p2.json" 2>/dev/null
	"$LD" --format json --since "$c2" "$inbox" >"$TMP/$base.p3.json" 2>/dev/null
	for f in text markdown html json; do
		"$LD" --format $f "$inbox" >"$TMP/$base.whole.$f" 2>/dev/null
		"$LD" merge --format $f "$TMP/$base.p1.json" "$TMP/$base.p2.json" "$TMP/$base.p3.json" \
			>"$TMP/$base.merged.$f" 2>"$TMP/$base.err"
		is "$?" 0 "$base $f: merge exit code"
		if [ $f = json ]; then
			# the merge key differs (the merge's own index); the report's keys not
			for x in whole merged; do
				python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("merge"); print(json.dumps(d, indent=1))' \
					"$TMP/$base.$x.$f" >"$TMP/$base.$x.$f.cmp"
			done
			diff -u "$TMP/$base.whole.$f.cmp" "$TMP/$base.merged.$f.cmp" >"$TMP/d" 
		else
			diff -u "$TMP/$base.whole.$f" "$TMP/$base.merged.$f" >"$TMP/d"
		fi
		ok $? "$base $f: merge of three parts == the whole run"
		[ -s "$TMP/d" ] && head -30 "$TMP/d" | sed 's/^/#   /'
	done
	# order of the parts
	"$LD" merge "$TMP/$base.p3.json" "$TMP/$base.p1.json" "$TMP/$base.p2.json" >"$TMP/$base.rev.text" 2>/dev/null
	cmp -s "$TMP/$base.rev.text" "$TMP/$base.whole.text"; ok $? "$base: the parts in another order"
	# a report merged with itself, and with its own parts again
	"$LD" merge "$TMP/$base.whole.json" "$TMP/$base.whole.json" >"$TMP/$base.self.text" 2>/dev/null
	cmp -s "$TMP/$base.self.text" "$TMP/$base.whole.text"; ok $? "$base: a report merged with itself"
	"$LD" merge "$TMP/$base.p1.json" "$TMP/$base.p2.json" "$TMP/$base.p2.json" "$TMP/$base.p3.json" \
		>"$TMP/$base.twice.text" 2>/dev/null
	cmp -s "$TMP/$base.twice.text" "$TMP/$base.whole.text"; ok $? "$base: a part given twice"
	# a merge of merges (a tree of merges, docs/lore-scale.md): the
	# merged JSON keeps the parts' archive places, so the first and last
	# third merged, then merged with the middle one, is the merge of the
	# three, byte for byte, merge key and all; and its merge key is the
	# whole run's
	"$LD" merge --format json "$TMP/$base.p3.json" "$TMP/$base.p1.json" >"$TMP/$base.p13.json" 2>/dev/null
	"$LD" merge --format json "$TMP/$base.p2.json" "$TMP/$base.p13.json" >"$TMP/$base.tree.json" 2>/dev/null
	cmp -s "$TMP/$base.tree.json" "$TMP/$base.merged.json"; ok $? "$base: (p1 + p3) merged, then with p2 == p1 + p2 + p3 (JSON with its merge key)"
	mkey() { python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["merge"], indent=1))' "$1"; }
	diff -u <(mkey "$TMP/$base.whole.json") <(mkey "$TMP/$base.merged.json") >"$TMP/d"
	ok $? "$base: the merge key of the merge == the whole run's"
	[ -s "$TMP/d" ] && head -20 "$TMP/d" | sed 's/^/#   /'
	# --top after merging
	"$LD" --top 2 "$inbox" >"$TMP/$base.top.text" 2>/dev/null
	"$LD" merge --top 2 "$TMP/$base.p1.json" "$TMP/$base.p2.json" "$TMP/$base.p3.json" >"$TMP/$base.mtop.text" 2>/dev/null
	cmp -s "$TMP/$base.top.text" "$TMP/$base.mtop.text"; ok $? "$base: --top 2 after merging"
done

# Filters travel with the parts (--path, --subsystem with merge's own
# --maintainers): series split in two, merged == the filtered run.
sm=$G/series.maintainers
s=$TMP/series
filtered() { # filtered NAME OPTION...: two parts merged == the filtered run
	local name=$1 m=()
	shift
	case "$*" in *--maintainers*) m=(--maintainers "$sm") ;; esac
	"$LD" "$@" "$s" >"$TMP/f.whole" 2>/dev/null
	is "$?" 0 "series $name: the filtered run"
	"$LD" --format json "$@" --until 2024-05-12 "$s" >"$TMP/f1.json" 2>/dev/null
	"$LD" --format json "$@" --since 2024-05-12 "$s" >"$TMP/f2.json" 2>/dev/null
	"$LD" merge "${m[@]}" "$TMP/f2.json" "$TMP/f1.json" >"$TMP/f.merged" 2>"$TMP/f.err"
	[ -s "$TMP/f.whole" ] && cmp -s "$TMP/f.whole" "$TMP/f.merged"
	ok $? "series $name: the merge of two filtered parts == the filtered run"
	diff "$TMP/f.whole" "$TMP/f.merged" | head -10 | sed 's/^/#   /'
}
filtered "--path" --path drivers/virt/
filtered "--subsystem" --maintainers "$sm" --subsystem 'virt frob driver'
"$LD" merge "$TMP/f1.json" "$TMP/f2.json" >/dev/null 2>"$TMP/err"
is "$?" 2 "parts of --subsystem merged without --maintainers: usage"
is "$(wc -l <"$TMP/err")" 1 "parts of --subsystem merged without --maintainers: one line"
"$LD" merge --maintainers "$sm" --subsystem 'virt frob driver' "$TMP/f1.json" >/dev/null 2>&1
is "$?" 2 "--subsystem with merge: usage"

# A filter that drops a series' head (tests/golden/filtered.manifest): the
# parts cut between Cora's v2 2/2 (dropped, dated first) and 1/2, and
# between Ada's v2 1/2 (dropped) and 2/2; merged == the --path run, whose
# "supersedes" are asked with the series' own head (versions.c)
fm=$TMP/filtered
"$TOP/tests/lib/mkinbox.sh" "$fm" "$G/filtered.manifest" >/dev/null 2>&1
"$LD" --path drivers/virt/ "$fm" >"$TMP/fm.whole" 2>/dev/null
for cut in 2024-07-03T10:01:30+00:00 2024-07-08T09:00:01+00:00; do
	"$LD" --format json --path drivers/virt/ --until "$cut" "$fm" >"$TMP/fm1.json" 2>/dev/null
	"$LD" --format json --path drivers/virt/ --since "$cut" "$fm" >"$TMP/fm2.json" 2>/dev/null
	"$LD" merge "$TMP/fm2.json" "$TMP/fm1.json" >"$TMP/fm.merged" 2>/dev/null
	grep -q 'supersedes v1 (2024-07-01)' "$TMP/fm.whole" && cmp -s "$TMP/fm.whole" "$TMP/fm.merged"
	ok $? "filtered, parts cut at $cut: the merge of two --path parts == the --path run"
	diff "$TMP/fm.whole" "$TMP/fm.merged" | head -10 | sed 's/^/#   /'
done

# Several inboxes (tests/multi: alpha and beta share cross-posts and a
# series split between them): the merge of their two reports is the run
# over both (inboxes by name: alpha, then beta), in every format; the
# run's own JSON merges with itself and with the two parts to the same.
M=$TOP/tests/multi
for m in alpha beta; do
	"$TOP/tests/lib/mkinbox.sh" "$TMP/$m" "$M/$m.manifest" >/dev/null 2>&1
	"$LD" --format json "$TMP/$m" >"$TMP/$m.json" 2>/dev/null
done
"$LD" --format json "$TMP/alpha" "$TMP/beta" >"$TMP/ab.json" 2>/dev/null
for f in text markdown html json; do
	"$LD" --format $f "$TMP/alpha" "$TMP/beta" >"$TMP/ab.$f" 2>/dev/null
	"$LD" merge --format $f "$TMP/beta.json" "$TMP/alpha.json" >"$TMP/abm.$f" 2>/dev/null
	is "$?" 0 "alpha + beta $f: merge exit code"
	if [ $f = json ]; then
		for x in ab abm; do
			python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("merge"); print(json.dumps(d, indent=1))' \
				"$TMP/$x.$f" >"$TMP/$x.$f.cmp"
		done
		cmp -s "$TMP/ab.$f.cmp" "$TMP/abm.$f.cmp"
	else
		cmp -s "$TMP/ab.$f" "$TMP/abm.$f"
	fi
	ok $? "alpha + beta $f: merge of the two reports == the report over both inboxes"
done
"$LD" merge "$TMP/ab.json" "$TMP/ab.json" >"$TMP/abs.text" 2>/dev/null
cmp -s "$TMP/abs.text" "$TMP/ab.text"; ok $? "alpha + beta: the report over both merged with itself"
"$LD" merge "$TMP/alpha.json" "$TMP/ab.json" "$TMP/beta.json" >"$TMP/abp.text" 2>/dev/null
cmp -s "$TMP/abp.text" "$TMP/ab.text"; ok $? "alpha + beta: the report over both merged with its parts"
"$LD" merge --format json "$TMP/beta.json" "$TMP/alpha.json" >"$TMP/abm2.json" 2>/dev/null
"$LD" merge --format json "$TMP/beta.json" >"$TMP/bm.json" 2>/dev/null
"$LD" merge --format json "$TMP/alpha.json" "$TMP/bm.json" >"$TMP/abt.json" 2>/dev/null
cmp -s "$TMP/abt.json" "$TMP/abm2.json"; ok $? "alpha + beta: beta merged alone, then with alpha == alpha + beta (JSON with its merge key)"
python3 -c 'import json,sys; a,b=(json.load(open(f))["merge"] for f in sys.argv[1:]); sys.exit(a != b)' "$TMP/ab.json" "$TMP/abm2.json"
ok $? "alpha + beta: the merge key of the merge == the run's over both inboxes"

# The waiting list of a merge (issue 14): with --maintainers and with a
# filter the parts' waiting series were read again (merge.read); the
# merge reads them there: parts of the waiting archive split at 2024-06-01
# merged == the run over both windows, in text and JSON (but the merge key)
wm=$G/waiting.maintainers
"$TOP/tests/lib/mkinbox.sh" "$TMP/waiting" "$G/waiting.manifest" >/dev/null 2>&1
waitmerge() { # waitmerge NAME OPTION...: two parts merged == the run
	local name=$1
	shift
	for f in text json; do
		"$LD" --format $f --until 2024-06-08 "$@" "$TMP/waiting" >"$TMP/wm.whole.$f" 2>/dev/null
	done
	"$LD" --format json --until 2024-06-01 "$@" "$TMP/waiting" >"$TMP/wm1.json" 2>/dev/null
	"$LD" --format json --since 2024-06-01 --until 2024-06-08 "$@" "$TMP/waiting" >"$TMP/wm2.json" 2>/dev/null
	local m=()
	case "$*" in *--maintainers*) m=(--maintainers "$wm") ;; esac
	"$LD" merge "${m[@]}" "$TMP/wm2.json" "$TMP/wm1.json" >"$TMP/wm.merged.text" 2>"$TMP/wm.err"
	"$LD" merge --format json "${m[@]}" "$TMP/wm2.json" "$TMP/wm1.json" >"$TMP/wm.merged.json" 2>/dev/null
	grep -q 'Who could review\|^===== Waiting' "$TMP/wm.whole.text" && cmp -s "$TMP/wm.whole.text" "$TMP/wm.merged.text"
	ok $? "waiting $name: the merge of two parts == the run (text)"
	diff "$TMP/wm.whole.text" "$TMP/wm.merged.text" | head -10 | sed 's/^/#   /'
	for x in whole merged; do
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("merge"); print(json.dumps(d, indent=1))' \
			"$TMP/wm.$x.json" >"$TMP/wm.$x.cmp"
	done
	cmp -s "$TMP/wm.whole.cmp" "$TMP/wm.merged.cmp"
	ok $? "waiting $name: the merge of two parts == the run (JSON but the merge key)"
}
waitmerge "--maintainers" --maintainers "$wm"
grep -q 'Who could review: VIRT FROB RING: Rita Ring' "$TMP/wm.merged.text"; ok $? "waiting --maintainers: the merge names who could review"
waitmerge "--path" --path drivers/virt/frob/irq.c
waitmerge "--author" --author bjorn
# parts made without --maintainers merged with it: their postings were
# not read again, one line, exit 2
"$LD" --format json --since 2024-06-01 --until 2024-06-08 "$TMP/waiting" >"$TMP/wm0.json" 2>/dev/null
"$LD" merge --maintainers "$wm" "$TMP/wm0.json" >"$TMP/out" 2>"$TMP/err"
is "$?" 2 "waiting: parts without --maintainers merged with it: usage (exit 2)"
is "$(wc -l <"$TMP/err")" 1 "waiting: parts without --maintainers merged with it: one line"
grep -q 'make the parts with the --maintainers' "$TMP/err"; ok $? "waiting: ... that says what to do"

# A message stored twice in a row is two messages of the run (as the run
# counts them), and a report merged with itself still has two.
for i in 1 2; do
	printf 'From mboxrd@z Thu Jan  1 00:00:00 1970\nFrom: Ann Lee <ann@example.com>\nSubject: subscribe\nDate: Tue, 5 Mar 2024 09:00:00 +0000\nMessage-ID: <twice@example.net>\n\nbody\n\n'
done >"$TMP/twice.mbox"
"$LD" --format json --mbox "$TMP/twice.mbox" >"$TMP/twice.json" 2>/dev/null
n=$("$LD" merge --format json "$TMP/twice.json" "$TMP/twice.json" 2>/dev/null |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["counts"]["messages"])')
is "$n" 2 "a message stored twice in a row: two messages, once each when the report is merged with itself"

# Wrong inputs: one line, exit 3, nothing on stdout.
main=$TMP/main.whole.json
printf '{"schema": "listdigest/1"' >"$TMP/trunc.json"
head -c 5000 "$main" >"$TMP/cut.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("merge"); json.dump(d, open(sys.argv[2], "w"))' "$main" "$TMP/old.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["schema"]="other/2"; json.dump(d, open(sys.argv[2], "w"))' "$main" "$TMP/schema.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["merge"]["messages"][3]["f"]=10**9; json.dump(d, open(sys.argv[2], "w"))' "$main" "$TMP/person.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["merge"]["messages"][2]["R"]=[10**6]; json.dump(d, open(sys.argv[2], "w"))' "$main" "$TMP/ref.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["merge"]["messages"][1]["d"]="x"; json.dump(d, open(sys.argv[2], "w"))' "$main" "$TMP/date.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["merge"]["known"]=[{"n":-1}]; json.dump(d, open(sys.argv[2], "w"))' "$main" "$TMP/known.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["filters"]["paths"]=["arch/"]; json.dump(d, open(sys.argv[2], "w"))' "$main" "$TMP/filters.json"
python3 -c 'print("[" * 100000)' >"$TMP/deep.json"
for bad in trunc cut old schema person ref date known deep; do
	"$LD" merge "$TMP/$bad.json" >"$TMP/out" 2>"$TMP/err"
	is "$?" 3 "$bad: exit 3"
	is "$(wc -l <"$TMP/err")" 1 "$bad: one line"
	grep -q "$TMP/$bad.json" "$TMP/err"; ok $? "$bad: names the file"
	is "$(wc -c <"$TMP/out")" 0 "$bad: no report"
done
"$LD" merge "$main" "$TMP/filters.json" >/dev/null 2>"$TMP/err"
is "$?" 3 "reports of different filters: exit 3"
grep -q "other filters" "$TMP/err"; ok $? "reports of different filters: said"
"$LD" merge "$TMP/missing.json" >/dev/null 2>"$TMP/err"
is "$?" 3 "a missing file: exit 3"
"$LD" merge >/dev/null 2>"$TMP/err"
is "$?" 2 "no file: usage"
"$LD" merge --since 2023-01-01 "$main" >/dev/null 2>"$TMP/err"
is "$?" 2 "--since with merge: usage"

done_testing
