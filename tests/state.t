#!/bin/bash
# --state: corrupt files, kills at every phase (the state file is always
# the old or the new one, whole), a growing archive with kills in between
# (every message in exactly one completed report), and history rewrites
# as public-inbox-purge makes them (nothing reported twice).
. "$(dirname "$0")/lib/tap.sh"
GROW=$TOP/tests/lib/grow.sh
export SOURCE_DATE_EPOCH=1800000000

# patch subjects of a report file, one per line
# the single patches of the patch list, as their subjects
subjects() { sed -n '/^===== Patch list/,/^===== Patch Commit/p' "$1" | grep '^  1/1 ' | sed 's#^  1/1 #[PATCH] #' || true; }

# rewrite REPO PATTERN: rebuild the history without the commits whose
# subject matches PATTERN, keeping trees, authors and dates (as purge does)
rewrite() {
	local repo=$1 pat=$2 parent="" c old an ae ad cd dropped=0
	for old in $(git -C "$repo" rev-list --reverse HEAD); do
		if git -C "$repo" log -1 --format=%s "$old" | grep -q -- "$pat"; then dropped=1; continue; fi
		if [ $dropped = 0 ]; then parent=$old; continue; fi   # before the purge: unchanged
		an=$(git -C "$repo" log -1 --format=%an "$old"); ae=$(git -C "$repo" log -1 --format=%ae "$old")
		ad=$(git -C "$repo" log -1 --format=%ad --date=raw "$old"); cd=$(git -C "$repo" log -1 --format=%cd --date=raw "$old")
		c=$(git -C "$repo" log -1 --format=%B "$old" | GIT_AUTHOR_NAME="$an" GIT_AUTHOR_EMAIL="$ae" \
			GIT_AUTHOR_DATE="$ad" GIT_COMMITTER_NAME="Test Inbox" GIT_COMMITTER_EMAIL=inbox@example.org \
			GIT_COMMITTER_DATE="$cd" git -C "$repo" commit-tree "$old^{tree}" ${parent:+-p "$parent"})
		parent=$c
	done
	git -C "$repo" update-ref refs/heads/master "$parent"
}

in=$TMP/inbox
"$GROW" "$in/git/0.git" 1 40 >/dev/null

# ---- usage and corrupt files ---------------------------------------------
"$LD" --state "$TMP/st" --from HEAD "$in" >/dev/null 2>"$TMP/err"
is "$?" 2 "--state with --from: usage error"
"$LD" --state "$TMP/st" --until today "$in" >/dev/null 2>"$TMP/err"
is "$?" 2 "--state with --until: usage error"
printf 'listdigest-state 1\nepoch 0 1234 5\n' >"$TMP/bad"
cp "$TMP/bad" "$TMP/bad.orig"
"$LD" --state "$TMP/bad" "$in" >"$TMP/out" 2>"$TMP/err"
is "$?" 8 "corrupt state: exit code 8"
grep -q "line 2 has a bad commit.*delete the file" "$TMP/err"; ok $? "corrupt state: names the line and how to recover"
is "$(wc -c <"$TMP/out")" 0 "corrupt state: no report"
cmp -s "$TMP/bad" "$TMP/bad.orig"; ok $? "corrupt state: file left as it was (no silent reset)"
"$LD" --state "$TMP/no/such/dir/st" "$in" >"$TMP/out" 2>"$TMP/err"
is "$?" 8 "state in a missing folder: exit code 8 before any work"
is "$(wc -c <"$TMP/out")" 0 "state in a missing folder: no report"

# ---- first run, second run ------------------------------------------------
st=$TMP/st
"$LD" --state "$st" -o "$TMP/r1" "$in" 2>"$TMP/err"
is "$?" 0 "first run with a new state file"
is "$(subjects "$TMP/r1" | wc -l)" 40 "first run reports the whole archive"
is "$(head -1 "$st")" "listdigest-state 1" "state file has the version line"
is "$(grep -c '^epoch 0 [0-9a-f]\{40\} [0-9]* grow.40@test.example$' "$st")" 1 "state records epoch 0's commit, time and Message-ID"
"$LD" --state "$st" -o "$TMP/r2" "$in" 2>"$TMP/err"
is "$(subjects "$TMP/r2" | wc -l)" 0 "second run without new mail reports nothing"

# ---- kills at each phase: the state stays the old one ---------------------
"$GROW" "$in/git/0.git" 41 45 >/dev/null
cp "$st" "$TMP/old"
cp "$st" "$TMP/ref" && "$LD" --state "$TMP/ref" "$in" >/dev/null 2>&1   # what the new state will be
cmp -s "$TMP/old" "$TMP/ref"; is "$?" 1 "the reference run changes the state"
for phase in range read written state-tmp; do
	LISTDIGEST_TEST_PAUSE=$phase "$LD" --jobs 1 --state "$st" -o "$TMP/rk" "$in" 2>"$TMP/err.$phase" &
	pid=$!
	for _ in $(seq 200); do grep -q "test pause at $phase" "$TMP/err.$phase" && break; sleep 0.05; done
	grep -q "test pause at $phase" "$TMP/err.$phase"; ok $? "run reached phase $phase"
	kill -KILL "$pid"; wait "$pid" 2>/dev/null
	cmp -s "$st" "$TMP/old"; ok $? "killed at $phase: state file is the old one"
done
# random kill times: always old or new, never anything else
for d in 0.01 0.03 0.05 0.08 0.1 0.15 0.2 0.3; do
	cp "$TMP/old" "$st"
	( timeout -s KILL "$d" "$LD" --state "$st" "$in" >/dev/null 2>&1; : ) 2>/dev/null
	if cmp -s "$st" "$TMP/old" || cmp -s "$st" "$TMP/ref"; then ok 0 "killed after ${d}s: state old or new"
	else ok 1 "killed after ${d}s: state old or new"; diff "$TMP/old" "$st" | sed 's/^/#   /'; fi
done
cp "$TMP/old" "$st"
"$LD" --state "$st" -o "$TMP/r3" "$in" 2>/dev/null
is "$(subjects "$TMP/r3" | tr '\n' ' ')" "[PATCH] grow: message 41 [PATCH] grow: message 42 [PATCH] grow: message 43 [PATCH] grow: message 44 [PATCH] grow: message 45 " "after the kills the next run reports the new messages"
cmp -s "$st" "$TMP/ref"; ok $? "and writes the expected state"

# ---- a growing archive, kills in between, a new epoch ---------------------
seq_in=$TMP/seq
"$GROW" "$seq_in/git/0.git" 1 3 >/dev/null
sst=$TMP/seq.st
: >"$TMP/all"
n=3 completed=0
phases=(none read written none state-tmp range none written none read none)
for round in $(seq 0 10); do
	first=$((n + 1)); n=$((n + 1 + round % 3))
	epoch=0; [ "$round" -ge 6 ] && epoch=1   # epoch 1 appears between runs
	"$GROW" "$seq_in/git/$epoch.git" "$first" "$n" >/dev/null
	phase=${phases[$round]}
	if [ "$phase" = none ]; then
		"$LD" --state "$sst" -o "$TMP/seq.out" "$seq_in" 2>/dev/null; rc=$?
	else
		LISTDIGEST_TEST_PAUSE=$phase "$LD" --jobs 1 --state "$sst" -o "$TMP/seq.out" "$seq_in" 2>"$TMP/seq.err" &
		pid=$!
		for _ in $(seq 200); do grep -q "test pause" "$TMP/seq.err" && break; sleep 0.05; done
		kill -KILL "$pid"; wait "$pid" 2>/dev/null; rc=137
	fi
	if [ "$rc" = 0 ]; then subjects "$TMP/seq.out" >>"$TMP/all"; completed=$((completed + 1)); fi
	rm -f "$TMP/seq.out"
done
"$LD" --state "$sst" -o "$TMP/seq.out" "$seq_in" 2>/dev/null && subjects "$TMP/seq.out" >>"$TMP/all"
seq 1 "$n" | sed 's/^/[PATCH] grow: message /' >"$TMP/want"
sort "$TMP/all" >"$TMP/all.sorted"; sort "$TMP/want" >"$TMP/want.sorted"
if cmp -s "$TMP/all.sorted" "$TMP/want.sorted"; then ok 0 "growing archive: all $n messages, each in exactly one completed report ($completed runs + 1 completed)"
else ok 1 "growing archive: each message in exactly one completed report"; diff "$TMP/want.sorted" "$TMP/all.sorted" | head -20 | sed 's/^/#   /'; fi
grep -q '^epoch 1 ' "$sst"; ok $? "the new epoch is in the state"

# ---- history rewritten by a purge -----------------------------------------
pin=$TMP/purge
"$GROW" "$pin/git/0.git" 1 10 >/dev/null
pst=$TMP/purge.st
"$LD" --state "$pst" "$pin" >/dev/null 2>&1
"$GROW" "$pin/git/0.git" 11 12 >/dev/null
rewrite "$pin/git/0.git" "message 5$"          # the old commits still exist
"$LD" --state "$pst" -o "$TMP/p1" "$pin" 2>"$TMP/p1.err"
is "$?" 0 "purge, old commit still there: exit 0"
is "$(subjects "$TMP/p1" | tr '\n' ' ')" "[PATCH] grow: message 11 [PATCH] grow: message 12 " "purge, old commit still there: only the new messages"
grep -q "no longer in the history.*merge-base found.*Message-ID" "$TMP/p1.err"; ok $? "purge: says so on stderr (merge-base, Message-ID)"
"$GROW" "$pin/git/0.git" 13 14 >/dev/null
rewrite "$pin/git/0.git" "message 12$"         # the last reported message itself
git -C "$pin/git/0.git" reflog expire --expire=now --all
git -C "$pin/git/0.git" gc -q --prune=now      # and the old objects are gone
"$LD" --state "$pst" -o "$TMP/p2" "$pin" 2>"$TMP/p2.err"
is "$(subjects "$TMP/p2" | tr '\n' ' ')" "[PATCH] grow: message 13 [PATCH] grow: message 14 " "purge of the last reported message, objects gone: only the new messages"
grep -q "no longer in the history.*gone too" "$TMP/p2.err"; ok $? "purge of the last reported message: says so on stderr"
"$GROW" "$pin/git/0.git" 15 15 >/dev/null
rewrite "$pin/git/0.git" "message 3$"
git -C "$pin/git/0.git" reflog expire --expire=now --all
git -C "$pin/git/0.git" gc -q --prune=now
"$LD" --state "$pst" -o "$TMP/p3" "$pin" 2>"$TMP/p3.err"
is "$(subjects "$TMP/p3" | tr '\n' ' ')" "[PATCH] grow: message 15 " "old purge, objects gone: found by Message-ID, only the new message"

done_testing
