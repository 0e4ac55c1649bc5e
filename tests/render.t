#!/bin/bash
# Every renderer on a hand-built report that fills every part of the model
# (series, supersedes, reviewers, discussions, pull requests, applied, fixes,
# organizations, warnings) with hostile strings: the exact output must be
# tests/render/full.FORMAT.expected.  Regenerate after a deliberate change
# with: for f in text markdown html json email; do
#   build/render-unit $f >tests/render/full.$f.expected; done  (and read the diff)
. "$(dirname "$0")/lib/tap.sh"
U=$TOP/build/render-unit
for f in text markdown html json email; do
	"$U" "$f" >"$TMP/full.$f" 2>"$TMP/full.$f.err"
	is "$?" 0 "$f: renders"
	if diff -u "$TOP/tests/render/full.$f.expected" "$TMP/full.$f" >"$TMP/$f.diff"; then
		ok 0 "$f: output as expected"
	else
		ok 1 "$f: output as expected"; sed 's/^/#   /' "$TMP/$f.diff" | head -30
	fi
done
# the hostile strings never reach the HTML as markup
html=$TMP/full.html
for bad in '<script>alert' '<img src=x' '<b>Bold' '<i>T' '</pre><script>'; do
	grep -qF -- "$bad" "$html"; is "$?" 1 "html: no raw '$bad'"
done
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$html"; ok $? "html: script subject escaped as text"
grep -qF '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;' "$html"; ok $? "html: attribute breakout escaped as text"
grep -q $'\x1b' "$html"; is "$?" 1 "html: no terminal escape"
# bidi controls, zero-width characters and separators: gone from what is
# shown, escaped in JSON (U+202E, U+202C, U+200B, U+2066, U+2028)
for f in text markdown html email; do
	grep -qaF -e $'\xe2\x80\xae' -e $'\xe2\x80\xac' -e $'\xe2\x80\x8b' -e $'\xe2\x81\xa6' \
		-e $'\xe2\x80\xa8' "$TMP/full.$f"
	is "$?" 1 "$f: no bidi control, zero-width character or line separator"
done
grep -qF 'Rev \u202ereweiver\u202c\u200b <r@example.com>' "$TMP/full.json"; ok $? "json: bidi and zero-width escaped"
grep -qF '<bdi>Rev reweiver &lt;r@example.com&gt;</bdi>' "$TMP/full.html"; ok $? "html: names isolated in <bdi>"
done_testing
