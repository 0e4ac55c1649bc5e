#!/bin/bash
# Markdown as a real CommonMark (GFM) parser reads it: hostile mail
# (tests/lib/inject.py: links, images, raw HTML, autolinks, entities,
# pipes, headings, quotes and lists in subjects, names and commit messages;
# code fences broken by control bytes and invisible characters between
# backticks; Message-IDs "." and "..") and the hand-built report of
# tests/render_unit.c, parsed by cmark-gfm with GitHub's extensions, must
# hold no link, image or HTML that listdigest did not write itself
# (tests/lib/mdcheck.py says exactly what is checked).
. "$(dirname "$0")/lib/tap.sh"
command -v cmark-gfm >/dev/null || skip_all "no cmark-gfm (as root: apt-get install cmark-gfm, or make deps)"
export SOURCE_DATE_EPOCH=1700000000
CM="cmark-gfm -e autolink -e table -e strikethrough -e tagfilter --to xml"
python3 "$TOP/tests/lib/inject.py" "$TMP/h.mbox"

"$LD" --mbox "$TMP/h.mbox" --format markdown >"$TMP/h.md" 2>"$TMP/h.err"
is "$?" 0 "hostile mbox: exit code"
$CM <"$TMP/h.md" >"$TMP/h.xml"
python3 "$TOP/tests/lib/mdcheck.py" https://lore.kernel.org/kvm/ 1 <"$TMP/h.xml" >"$TMP/h.out" 2>&1
ok $? "hostile mbox: no link, image or HTML from mail; every fence holds"
sed 's/^/#   /' "$TMP/h.out" | head -20
# the same parsed as plain CommonMark (no GFM extensions)
cmark-gfm --to xml <"$TMP/h.md" | python3 "$TOP/tests/lib/mdcheck.py" https://lore.kernel.org/kvm/ 1 >"$TMP/c.out" 2>&1
ok $? "hostile mbox, plain CommonMark: the same"
sed 's/^/#   /' "$TMP/c.out" | head -20
# the checker itself: each excerpt of the fixture is in the report, and
# the links to "." and ".." are gone (the subjects are still there)
# (11: patch 2/2 has no entry of its own)
is "$(grep -c ZZINSIDE "$TMP/h.md")" 11 "hostile mbox: every excerpt marker in the report"
grep -q 'kvm/\.\./\|kvm/\./\|%2E' "$TMP/h.md"; is "$?" 1 "no link to a dot segment"
grep -qF '\[PATCH\] dots' "$TMP/h.md"; ok $? "the '..' message is listed, without a link"

"$TOP/build/render-unit" markdown >"$TMP/full.md"
$CM <"$TMP/full.md" | python3 "$TOP/tests/lib/mdcheck.py" https://lore.kernel.org/kvm/ >"$TMP/f.out" 2>&1
ok $? "hand-built report: no link, image or HTML from mail"
sed 's/^/#   /' "$TMP/f.out" | head -20
done_testing
