#!/bin/bash
# --since/--until on an archive: the Date filter (half-open: since <= Date
# < until), combined with --from, and the window found through the archive
# index (old blobs are never read: here they are missing, and the run still
# works).
. "$(dirname "$0")/lib/tap.sh"
GROW=$TOP/tests/lib/grow.sh
export TZ=UTC SOURCE_DATE_EPOCH=$((1763337600 + 3600 * 20 + 1800))  # 2025-11-17T20:30Z
subjects() { sed -n '/^===== Patch list/,/^===== Patch Commit/p' "$1" | grep '^  [0-9]*/[0-9]* ' | sed 's/.*message //' | tr '\n' ' '; }

in=$TMP/inbox
"$GROW" "$in/git/0.git" 1 10 $((1763337600 - 30 * 86400)) >/dev/null   # a month earlier
"$GROW" "$in/git/0.git" 11 20 >/dev/null                              # 2025-11-17 11:00 .. 20:00

"$LD" --since 2025-11-17T15:00Z "$in" >"$TMP/o" 2>&1; is "$(subjects "$TMP/o")" "15 16 17 18 19 20 " "--since: Date at or after"
"$LD" --since 2025-11-17T12:00 --until 2025-11-17T14:00 "$in" >"$TMP/o" 2>&1; is "$(subjects "$TMP/o")" "12 13 " "--until: Date before (half-open)"
"$LD" --since '5 hours ago' "$in" >"$TMP/o" 2>&1; is "$(subjects "$TMP/o")" "16 17 18 19 20 " "--since N hours ago"
"$LD" --since today "$in" >"$TMP/o" 2>&1; is "$(subjects "$TMP/o")" "11 12 13 14 15 16 17 18 19 20 " "--since today"
"$LD" --since yesterday --until today "$in" >"$TMP/o" 2>&1; is "$(subjects "$TMP/o")" "" "--since yesterday --until today: nothing"
"$LD" --until 2025-11-01 "$in" >"$TMP/o" 2>&1; is "$(subjects "$TMP/o")" "1 2 3 4 5 6 7 8 9 10 " "--until alone"
c15=$(git -C "$in/git/0.git" log --format=%H --grep 'message 15$')
"$LD" --from "$c15" --until 2025-11-17T18:00Z "$in" >"$TMP/o" 2>&1; is "$(subjects "$TMP/o")" "16 17 " "--from with --until"
"$LD" --since 2025-11-17T15:00+02:00 "$in" >"$TMP/o" 2>&1; is "$(subjects "$TMP/o")" "13 14 15 16 17 18 19 20 " "zone in --since"

# the old messages' blobs go missing: a bounded walk never needs them
for i in 1 2 3 4 5 6 7 8 9 10; do
	b=$(git -C "$in/git/0.git" rev-parse "$(git -C "$in/git/0.git" log --format=%H --grep "message $i\$")^{tree}:m")
	rm -f "$in/git/0.git/objects/${b:0:2}/${b:2}"
done
"$LD" "$in" >/dev/null 2>&1; is "$?" 5 "the whole archive now fails (blobs missing)"
"$LD" --since yesterday "$in" >"$TMP/o" 2>&1; is "$?" 0 "--since yesterday does not read the month-old blobs"
is "$(subjects "$TMP/o")" "11 12 13 14 15 16 17 18 19 20 " "--since yesterday: the right messages"

"$LD" --since 'next week' "$in" >/dev/null 2>"$TMP/err"; is "$?" 2 "bad date: usage error"
grep -q "expected a date such as" "$TMP/err"; ok $? "bad date: says what is expected"
"$LD" --since today --until yesterday "$in" >/dev/null 2>&1; is "$?" 2 "--until before --since: usage error"
done_testing
