#!/bin/bash
# waiting.t - the postings of the waiting series read again (issue 14:
# --maintainers, filters): a blob the archive lacks stops the run with the
# archive's exit status (5) and one line naming the posting, while a run
# that does not need the blob (no filter, no --maintainers) still reports;
# a garbage message is data (tests/golden/waitodd.*).
. "$(dirname "$0")/lib/tap.sh"
G=$TOP/tests/golden
W=(--since 2024-06-01 --until 2024-06-08)
"$TOP/tests/lib/mkinbox.sh" "$TMP/w" "$G/waiting.manifest" >/dev/null
repo=$TMP/w/git/0.git
# the index first, while every blob is there
"$LD" "${W[@]}" "$TMP/w" >/dev/null 2>&1
is "$?" 0 "the waiting archive: indexed"

# Chen's patch (w803, 2024-05-20, waiting; before the report's week and
# the previous period's, 05-25..06-01, whose messages are read) loses its
# blob: every object loose, then that one removed
blob=$(git -C "$repo" log --all --format=%H | while read -r c; do
	git -C "$repo" cat-file -p "$c:m" | grep -q '^Message-ID: <w803-' && git -C "$repo" rev-parse "$c:m" && break
done)
[ -n "$blob" ]; ok $? "the blob of w803 found ($blob)"
mkdir "$TMP/packs"
mv "$repo"/objects/pack/* "$TMP/packs/" 2>/dev/null
for p in "$TMP"/packs/*.pack; do [ -f "$p" ] && git -C "$repo" unpack-objects -q <"$p"; done
rm -f "$repo/objects/${blob:0:2}/${blob:2}"
git -C "$repo" cat-file -e "$blob" 2>/dev/null
is "$?" 1 "the blob of w803 is gone"

"$LD" "${W[@]}" "$TMP/w" >"$TMP/plain.out" 2>"$TMP/plain.err"
is "$?" 0 "without --maintainers or a filter: the blob is not needed"
diff -u "$G/waiting.week.expected" "$TMP/plain.out" >/dev/null
ok $? "... and the report is the golden one"

"$LD" "${W[@]}" --maintainers "$G/waiting.maintainers" "$TMP/w" >"$TMP/m.out" 2>"$TMP/m.err"
is "$?" 5 "--maintainers: the missing blob is an unreadable archive (exit 5)"
is "$(wc -l <"$TMP/m.err")" 1 "--maintainers: one line"
grep -q 'waiting series: <w803-chen.lei@example.net>' "$TMP/m.err"
ok $? "--maintainers: the line names the posting ($(head -c 200 "$TMP/m.err"))"
[ ! -s "$TMP/m.out" ]; ok $? "--maintainers: no report written"

"$LD" "${W[@]}" --author ada "$TMP/w" >"$TMP/a.out" 2>"$TMP/a.err"
is "$?" 5 "--author: the same (a filter reads the waiting series too)"
is "$(wc -l <"$TMP/a.err")" 1 "--author: one line"

# a run whose waiting list is empty reads nothing: --waiting-days 0
"$LD" "${W[@]}" --waiting-days 0 --maintainers "$G/waiting.maintainers" "$TMP/w" >/dev/null 2>&1
is "$?" 0 "--waiting-days 0 with --maintainers: nothing to read"

done_testing
