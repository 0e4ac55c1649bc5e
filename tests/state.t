#!/bin/bash
# --state: corrupt files, kills at every phase (the state file is always
# the old or the new one, whole), a growing archive with kills in between
# (every message in exactly one completed report), and history rewrites
# as public-inbox-purge makes them (nothing reported twice).
. "$(dirname "$0")/lib/tap.sh"
# address space of the runs that must not read without end (not under
# AddressSanitizer, which reserves terabytes of it: tests/asan.t)
MEM_LIMIT=$((1000 * 1000)) # KiB
[ -n "${LD_SANITIZED:-}" ] && MEM_LIMIT=unlimited
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

# ---- truncated, hostile and absurd state files: exit 8, one line -------------
h=$(git -C "$in/git/0.git" rev-parse HEAD)
# bad NAME TEXT WHY: the state file TEXT is refused with exit 8, one line
# saying WHY, no report, the file left as it was, no control byte on stderr
bad() {
	printf '%b' "$2" >"$TMP/bst"
	cp "$TMP/bst" "$TMP/bst.orig"
	timeout -s KILL 20 "$LD" --state "$TMP/bst" "$in" >"$TMP/out" 2>"$TMP/err"
	is "$?" 8 "$1: exit 8"
	is "$(wc -l <"$TMP/err")" 1 "$1: one line"
	grep -q -- "$3" "$TMP/err"; ok $? "$1: says '$3'"
	sed 's/^/#   /' "$TMP/err" | head -3
	is "$(wc -c <"$TMP/out")" 0 "$1: no report"
	cmp -s "$TMP/bst" "$TMP/bst.orig"; ok $? "$1: file left as it was"
	is "$(tr -d -c '\000-\010\013-\037\177' <"$TMP/err" | wc -c)" 0 "$1: no control byte on stderr"
}
bad "cut after the first line" 'listdigest-state 1\n' "truncated"
bad "cut inside the comments" 'listdigest-state 1\n# listdigest --state: the new' "truncated"
bad "cut inside an epoch line (version 1)" "listdigest-state 1\nepoch 0 $h 17633" "truncated"
bad "version 2 without its end line" "listdigest-state 2\nepoch 0 $h 1763337660 a@x\n" "truncated"
bad "version 2, end line counts another number" "listdigest-state 2\nepoch 0 $h 1763337660 a@x\nend 2\n" "truncated"
bad "version 2, text after the end line" "listdigest-state 2\nepoch 0 $h 1763337660 a@x\nend 1\nepoch 1 $h 1\n" "after the end line"
bad "Message-ID with escape sequences" "listdigest-state 1\nepoch 0 $h 1763337660 a\033]8;;https://evil.example/\007x\033[2J@x\n" "line 2 has a bad Message-ID"
bad "Message-ID with an escape sequence (version 2)" "listdigest-state 2\nepoch 0 $h 1763337660 a\033[2J@x\nend 1\n" "line 2 has a bad Message-ID"
bad "Message-ID with a bidi override" "listdigest-state 1\nepoch 0 $h 1763337660 a\xe2\x80\xaeb@x\n" "line 2 has a bad Message-ID"
bad "Message-ID with a C1 control" "listdigest-state 1\nepoch 0 $h 1763337660 a\xc2\x9b31mb@x\n" "line 2 has a bad Message-ID"
bad "Message-ID with invalid UTF-8" "listdigest-state 1\nepoch 0 $h 1763337660 a\xffb@x\n" "line 2 has a bad Message-ID"
bad "absurd time" "listdigest-state 1\nepoch 0 $h 9223372036854775 a@x\n" "line 2 has a bad time"
bad "time after 2100" "listdigest-state 1\nepoch 0 $h 4102444801 a@x\n" "line 2 has a bad time"
head -c 1100000 /dev/zero | tr '\0' '#' | fold -w 100 | sed '1s/^.*$/listdigest-state 1/' >"$TMP/big"
bad "larger than 1 MiB" "$(cat "$TMP/big")\n" "larger than 1 MiB"
# a version-1 file as earlier listdigests wrote it is still read
printf 'listdigest-state 1\n# c\nepoch 0 %s 1763337660 grow.1@test.example\n' "$h" >"$TMP/v1"
timeout -s KILL 20 "$LD" --state "$TMP/v1" "$in" >/dev/null 2>"$TMP/err"
is "$?" 0 "a complete version-1 state file is still read"
is "$(sed -n '1p;$p' "$TMP/v1" | tr '\n' ' ')" "listdigest-state 2 end 1 " "and written back as version 2 with its end line"

# ---- state paths that are not regular files: refused at once ---------------
mkfifo "$TMP/st.fifo"
timeout -s KILL 20 "$LD" --state "$TMP/st.fifo" "$in" >"$TMP/out" 2>"$TMP/err"
is "$?" 8 "--state FIFO: exit 8 at once (no hang)"
grep -q "state file $TMP/st.fifo is a FIFO, not a regular file" "$TMP/err"; ok $? "--state FIFO: says what it is"
is "$(wc -l <"$TMP/err")" 1 "--state FIFO: one line"
[ -p "$TMP/st.fifo" ]; ok $? "--state FIFO: still a FIFO"
( ulimit -v "$MEM_LIMIT"; timeout -s KILL 20 "$LD" --state /dev/zero "$in" >"$TMP/out" 2>"$TMP/err" )
is "$?" 8 "--state /dev/zero: exit 8 at once (no endless read)"
grep -q "state file /dev/zero is a character device, not a regular file" "$TMP/err"; ok $? "--state /dev/zero: says what it is"

# ---- first run, second run ------------------------------------------------
st=$TMP/st
"$LD" --state "$st" -o "$TMP/r1" "$in" 2>"$TMP/err"
is "$?" 0 "first run with a new state file"
is "$(subjects "$TMP/r1" | wc -l)" 40 "first run reports the whole archive"
is "$(head -1 "$st")" "listdigest-state 2" "state file has the version line"
is "$(tail -1 "$st")" "end 1" "state file ends with its end line (one epoch)"
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
