#!/bin/bash
# Golden tests: tests/golden/BASE.manifest builds a public-inbox archive from
# the fixtures in tests/data; BASE.expected is the report listdigest must
# print for it, BASE.VARIANT.expected the report with the options in
# BASE.VARIANT.args.  Each archive is also checked as a single epoch
# repository where it has one epoch.  BASE.FORMAT.expected (markdown, html,
# json, email) are the other output formats of the same archive.
. "$(dirname "$0")/lib/tap.sh"
G=$TOP/tests/golden
# The time of the run (the email Date, the HTML "Generated" line) is fixed.
export SOURCE_DATE_EPOCH=1700000000

for exp in "$G"/*.expected; do
	name=$(basename "$exp" .expected)
	base=${name%%.*}
	inbox=$TMP/$base
	[ -d "$inbox" ] || "$TOP/tests/lib/mkinbox.sh" "$inbox" "$G/$base.manifest"
	args=()
	[ -f "$G/$name.args" ] && read -r -a args <"$G/$name.args"
	"$LD" "${args[@]}" "$inbox" >"$TMP/$name.out" 2>"$TMP/$name.err"
	is "$?" 0 "$name: exit code"
	if diff -u "$exp" "$TMP/$name.out" >"$TMP/$name.diff"; then ok 0 "$name: report as expected"
	else ok 1 "$name: report as expected"; sed 's/^/#   /' "$TMP/$name.diff" | head -40; fi
	if [ -f "$G/$name.stderr" ]; then
		is "$(cat "$TMP/$name.err")" "$(cat "$G/$name.stderr")" "$name: warnings on stderr"
	fi
done

# The same archive given as its single epoch repository reports the same.
"$LD" "$TMP/main/git/0.git" >"$TMP/single.out" 2>/dev/null
cmp -s "$TMP/single.out" "$G/main.expected"; ok $? "main: epoch repository given directly"

done_testing
