#!/bin/bash
# reread.t - a filtered report reads the excerpts of the cover letters it
# shows again at its end (run/reread.c) instead of keeping every cover
# letter's: the excerpts shown are those of the unfiltered report,
# filtered by hand, for one inbox and for several (INBOX...).
# Our own lists ra and rb (tests/reread/*.manifest):
#  - Eva's series "frob: add a switch": its cover letter cross-posted to
#    both lists, each copy with its own list's footer (so the excerpt says
#    which copy was read: the first inbox's, as the report counts it),
#    patch 1/2 (drivers/frob/) on ra, 2/2 (Documentation/) on rb;
#  - Leo's cover letter "frob: count the frobs", which reuses the
#    Message-ID of a question stored before it on ra (the index's entry
#    of that id is the question: the cover letter is found by its commit
#    in the range), and its patch 1/1 (drivers/frob/);
#  - Leo's documentation series, which --path drivers/frob/ drops.
# With --path drivers/frob/ both cover letters fail the filter themselves
# and stay for their patches: their excerpts are read again.  Checked on
# a first run, a warm run and without an index, --jobs 1 and 2, both
# orders of the lists, and an mbox (no commits: every excerpt is kept).
. "$(dirname "$0")/lib/tap.sh"
R=$TOP/tests/reread
for m in ra rb; do
	"$TOP/tests/lib/mkinbox.sh" "$TMP/$m" "$R/$m.manifest" >/dev/null || { echo "Bail out! mkinbox $m"; exit 1; }
done
F=(--path drivers/frob/)
# what the filter keeps, by hand: the two frob series' cover letters and
# their first patches (the documentation series and patch 2/2 do not
# pass; 2/2 has no entry of its own)
KEPT="20240402090000.700-0-eva@example.net 20240402090000.700-1-eva@example.net reuse-1@example.com 20240404080000.800-1-leo@example.com"

# entries UNFILTERED.json FILTERED.json: the filtered report's entries are
# the unfiltered report's entries of the messages KEPT, every field but
# the series number (renumbered), in the same order
entries() {
	python3 - "$1" "$2" "$KEPT" <<'PY'
import json, sys
u, f = (json.load(open(p))['entries'] for p in sys.argv[1:3])
kept = sys.argv[3].split()
strip = lambda e: {k: v for k, v in e.items() if k != 'series'}
want = [strip(e) for e in u if e['message_id'] in kept]
got = [strip(e) for e in f]
if len(want) != len(kept) or got != want:
    print('#   want: %s' % json.dumps(want)[:600])
    print('#   got:  %s' % json.dumps(got)[:600])
    sys.exit(1)
PY
}

# excerpt FILE.json ID: the list whose footer the excerpt of ID carries
excerpt() {
	python3 - "$1" "$2" <<'PY'
import json, re, sys
for e in json.load(open(sys.argv[1]))['entries']:
    if e['message_id'] == sys.argv[2]:
        m = re.search(r'^(\w+) mailing list$', e['excerpt'] or '', re.M)
        print(m.group(1) if m else 'none')
PY
}

# case NAME OPTION... INBOX...: the filtered JSON (first: in a fresh cache
# it is the first run) against the unfiltered
case_() {
	local name=$1
	shift
	"$LD" --format json "${F[@]}" "$@" >"$TMP/$name.f.json" 2>"$TMP/$name.f.err"
	is "$?" 0 "$name, --path: exit code"
	is "$(cat "$TMP/$name.f.err")" "" "$name, --path: nothing on stderr"
	"$LD" --format json "$@" >"$TMP/$name.u.json" 2>"$TMP/$name.u.err"
	is "$?" 0 "$name, unfiltered: exit code"
	entries "$TMP/$name.u.json" "$TMP/$name.f.json"
	ok $? "$name: the excerpts shown are the unfiltered report's, filtered by hand"
}

# several inboxes: a first run (each index built), then warm, then none
export LISTDIGEST_CACHE=$TMP/cache-ab
case_ "ra rb, first run" --jobs 2 "$TMP/ra" "$TMP/rb"
case_ "ra rb, warm" --jobs 2 "$TMP/ra" "$TMP/rb"
case_ "ra rb, --jobs 1" --jobs 1 "$TMP/ra" "$TMP/rb"
case_ "ra rb, --no-index" --no-index "$TMP/ra" "$TMP/rb"
is "$(excerpt "$TMP/ra rb, warm.f.json" 20240402090000.700-0-eva@example.net)" ra \
	"ra rb: Eva's cover letter is ra's copy (ra's footer)"
is "$(excerpt "$TMP/ra rb, --no-index.f.json" 20240402090000.700-0-eva@example.net)" ra \
	"ra rb, --no-index: the same"
case_ "rb ra" "$TMP/rb" "$TMP/ra"
case_ "rb ra, --no-index" --no-index "$TMP/rb" "$TMP/ra"
is "$(excerpt "$TMP/rb ra.f.json" 20240402090000.700-0-eva@example.net)" rb \
	"rb ra: Eva's cover letter is rb's copy (rb's footer)"
is "$(excerpt "$TMP/rb ra.f.json" reuse-1@example.com)" ra \
	"rb ra: Leo's cover letter, not the question of the same Message-ID"

# one inbox: the first run (the index made in the report's pass), warm
export LISTDIGEST_CACHE=$TMP/cache-a
case_ "ra, first run" "$TMP/ra"
case_ "ra, warm" --jobs 2 "$TMP/ra"
case_ "ra, --no-index" --no-index "$TMP/ra"

# the several-inbox report does read them again (it kept every cover
# letter's excerpt before): it reaches the re-read
LISTDIGEST_TEST_PAUSE=reread "$LD" "${F[@]}" "$TMP/ra" "$TMP/rb" >/dev/null 2>"$TMP/pause.err" &
pid=$!
for _ in $(seq 200); do grep -q "test pause at reread" "$TMP/pause.err" && break; sleep 0.05; done
grep -q "test pause at reread" "$TMP/pause.err"
ok $? "ra rb --path: the excerpts are read again at the end"
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

# an mbox has no commits to read again: its excerpts are kept, and they
# are the same
for f in "$R"/data/ra-*.eml; do
	printf 'From mbox@example.org Thu Jan  1 00:00:00 1970\n'
	cat "$f"
	echo
done >"$TMP/ra.mbox"
case_ "ra, mbox" --mbox "$TMP/ra.mbox"
LISTDIGEST_TEST_PAUSE=reread "$LD" "${F[@]}" --mbox "$TMP/ra.mbox" >/dev/null 2>"$TMP/mpause.err"
is "$?" 0 "mbox --path: nothing read again (no pause)"

done_testing
