#!/bin/bash
# Several inboxes in one report (issue 13, INBOX...): two invented lists,
# alpha and beta (tests/multi/*.manifest, data/ made by mkdata.py), with
# cross-posted messages, a series whose patches are split across them and
# replies on one list to patches on the other.
#  - the report over both in every format is tests/multi/alpha-beta.FORMAT.expected
#    (regenerate with LD_MULTI_REGEN=1, then read every changed line);
#  - its tables, series, entries, reviewers and discussions equal those of
#    one inbox holding every message once (merged.manifest: alpha's, then
#    beta's that alpha lacks), and do not depend on --jobs;
#  - cross-posts: counted once, per list as duplicates;
#  - usage errors and a bad inbox among good ones;
#  - --state over both, then new mail in one of them.
. "$(dirname "$0")/lib/tap.sh"
M=$TOP/tests/multi
export SOURCE_DATE_EPOCH=1700000000
for m in alpha beta merged; do
	"$TOP/tests/lib/mkinbox.sh" "$TMP/$m" "$M/$m.manifest" >/dev/null || { echo "Bail out! mkinbox $m"; exit 1; }
done
A=$TMP/alpha B=$TMP/beta

# ---- the report in every format ----------------------------------------
for f in text markdown html json email; do
	args=(--format "$f")
	[ "$f" = email ] && args+=(--mail-from digest@example.org --mail-to list@example.org)
	"$LD" "${args[@]}" "$A" "$B" >"$TMP/ab.$f" 2>"$TMP/ab.$f.err"
	is "$?" 0 "alpha beta, $f: exit code"
	is "$(cat "$TMP/ab.$f.err")" "" "alpha beta, $f: nothing on stderr"
	[ -n "${LD_MULTI_REGEN:-}" ] && cp "$TMP/ab.$f" "$M/alpha-beta.$f.expected"
	if diff -u "$M/alpha-beta.$f.expected" "$TMP/ab.$f" >"$TMP/ab.$f.diff"; then ok 0 "alpha beta, $f: report as expected"
	else ok 1 "alpha beta, $f: report as expected"; sed 's/^/#   /' "$TMP/ab.$f.diff" | head -40; fi
done
if command -v python3 >/dev/null && python3 -c 'import jsonschema' 2>/dev/null; then
	python3 - "$TOP/docs/listdigest.schema.json" "$TMP/ab.json" <<'PY'
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))
PY
	ok $? "alpha beta, json: valid against docs/listdigest.schema.json"
fi

# ---- waiting for review across the lists (issue 14) ----------------------
# wa (alpha) holds Dana's series 0/2 of 03-01 and Carl's single patch of
# 03-02; wb (beta) the only review of Dana's patch 1/2 and Bob's single
# patch of 03-03.  The day 2024-03-14: over both lists Dana's series is
# answered (not waiting); alpha alone lists it (13 days).  With
# --maintainers (tests/multi/wait.maintainers) each names who could
# review it, Bob's read from beta's archive.
for m in wa wb; do
	"$TOP/tests/lib/mkinbox.sh" "$TMP/$m" "$M/$m.manifest" >/dev/null || { echo "Bail out! mkinbox $m"; exit 1; }
done
# The order of the inboxes changes which copy of a cross-post is kept
# (and so its link) and the order of the lists, never the facts: Bob's
# review of 2/3 (on alpha) answers a patch only beta holds, read after
# alpha when alpha comes first; it counts for 2/3 in both orders.
facts() { python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
c = d["counts"]
print(json.dumps(c, sort_keys=True))
print(json.dumps(d["reviewers"], sort_keys=True))
for s in sorted(d["series"], key=lambda s: s["title"]):
    print(s["title"], s["version"], json.dumps(s["trailers"], sort_keys=True), s["received"], s["applied"] is not None)
' "$1"; }
"$LD" --format json "$TMP/beta" "$TMP/alpha" >"$TMP/ba.json" 2>/dev/null
"$LD" --format json "$TMP/alpha" "$TMP/beta" >"$TMP/ab2.json" 2>/dev/null
diff <(facts "$TMP/ab2.json") <(facts "$TMP/ba.json") >"$TMP/order.diff"
ok $? "alpha beta and beta alpha: the same counts, reviewers, series and their trailers"
sed 's/^/#   /' "$TMP/order.diff" | head -10

waitcase() { # waitcase NAME OPTION... INBOX...: against tests/multi/NAME.expected
	local name=$1
	shift
	"$LD" --since 2024-03-14 --until 2024-03-15 "$@" >"$TMP/$name" 2>"$TMP/$name.err"
	is "$?" 0 "$name: exit code"
	[ -n "${LD_MULTI_REGEN:-}" ] && cp "$TMP/$name" "$M/$name.expected"
	if diff -u "$M/$name.expected" "$TMP/$name" >"$TMP/$name.diff"; then ok 0 "$name: report as expected"
	else ok 1 "$name: report as expected"; sed 's/^/#   /' "$TMP/$name.diff" | head -40; fi
}
waitcase wait-ab.text "$TMP/wa" "$TMP/wb"
waitcase wait-a.text "$TMP/wa"
waitcase wait-ab-maint.text --maintainers "$M/wait.maintainers" "$TMP/wa" "$TMP/wb"
waitcase wait-ab-maint.json --format json --maintainers "$M/wait.maintainers" "$TMP/wa" "$TMP/wb"
# the facts, from the fixtures (not from listdigest's output above)
ids() { python3 -c 'import json,sys; print(" ".join(w["message_id"] for w in json.load(sys.stdin)["waiting"]))'; }
is "$("$LD" --format json --since 2024-03-14 --until 2024-03-15 "$TMP/wa" "$TMP/wb" 2>/dev/null | ids)" \
	"20240302080000.500-1-carl@example.org 20240303080000.700-1-bob@example.net" \
	"alpha beta: Dana's series, answered on beta only, does not wait"
is "$("$LD" --format json --since 2024-03-14 --until 2024-03-15 "$TMP/wa" 2>/dev/null | ids)" \
	"20240301090000.400-0-dana@example.com 20240302080000.500-1-carl@example.org" \
	"alpha alone: Dana's series waits (its review is on beta)"

# ---- the same as one inbox holding every message once --------------------
"$LD" --format json "$TMP/merged" >"$TMP/merged.json" 2>/dev/null
"$LD" --format json --jobs 1 "$A" "$B" >"$TMP/ab1.json" 2>/dev/null
"$LD" --format json --jobs 4 "$A" "$B" >"$TMP/ab4.json" 2>/dev/null
cat >"$TMP/parts.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
# commits and links differ (one repository, one list): the rest is equal
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k not in ("commit", "url")}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
for k in ("domains", "contributors", "postings", "series", "entries", "reviewers",
          "discussions", "pull_requests", "applied", "fixes"):
    print(k, json.dumps(strip(d[k]), sort_keys=True))
print("messages", d["counts"]["messages"], "postings", d["counts"]["postings"])
PY
python3 "$TMP/parts.py" "$TMP/merged.json" >"$TMP/merged.parts"
python3 "$TMP/parts.py" "$TMP/ab.json" >"$TMP/ab.parts"
cmp -s "$TMP/merged.parts" "$TMP/ab.parts"; ok $? "alpha beta: tables, postings, series, entries, reviewers, discussions as one inbox holding every message once"
diff "$TMP/merged.parts" "$TMP/ab.parts" | head -20 | sed 's/^/#   /'
cmp -s "$TMP/ab1.json" "$TMP/ab.json" && cmp -s "$TMP/ab4.json" "$TMP/ab.json"
ok $? "alpha beta: the same JSON with --jobs 1 and 4"

# without any archive index (--no-index): no index at all, as for one inbox
"$LD" --no-index --format json "$A" "$B" >"$TMP/noix.json" 2>/dev/null
is "$?/$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["counts"]["messages"], d["waiting_scan"]["unavailable"])' "$TMP/noix.json")" \
	"0/10 no_index" "--no-index with two inboxes: read, and no index"
# the counts, from the manifests (not from listdigest): 6 alpha, 7 beta, of
# which 3 (cover letter, v2 single patch, answer) alpha has too
lists=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join("%s:%s:%d:%d" % (l["name"], l["lore_url"], l["messages"], l["duplicates"]) for l in d["lists"]), d["counts"]["messages"], d["list"]["name"])
' "$TMP/ab.json")
is "$lists" "ALPHA:https://lore.kernel.org/alpha/:6:0 BETA:https://lore.kernel.org/beta/:7:3 10 ALPHA, BETA" "alpha beta: lists, messages and duplicates"
# links: a patch only beta has links to beta, a cross-post to alpha
grep -q '"url": "https://lore.kernel.org/beta/20240311090000.100-2-ann@example.com/"' "$TMP/ab.json"
ok $? "alpha beta: patch 2/3 (beta only) links to beta"
grep -q '"url": "https://lore.kernel.org/alpha/20240311090000.100-0-ann@example.com/"' "$TMP/ab.json"
ok $? "alpha beta: the cross-posted cover letter links to alpha"
# the order given decides which copy is kept
"$LD" --format json "$B" "$A" >"$TMP/ba.json" 2>/dev/null
lists=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join("%s:%d:%d" % (l["name"], l["messages"], l["duplicates"]) for l in d["lists"]), d["counts"]["messages"])
' "$TMP/ba.json")
is "$lists" "BETA:7:0 ALPHA:6:3 10" "beta alpha: beta's copies kept, alpha's 3 counted as duplicates"
grep -q '"url": "https://lore.kernel.org/beta/20240311090000.100-0-ann@example.com/"' "$TMP/ba.json"
ok $? "beta alpha: the cross-posted cover letter links to beta"

# ---- errors ---------------------------------------------------------------
err() { # err CODE TEXT NAME -- ARGS...
	local code=$1 text=$2 name=$3; shift 4
	"$LD" "$@" >"$TMP/err.out" 2>"$TMP/err.err"
	is "$?" "$code" "$name: exit code"
	is "$(wc -l <"$TMP/err.err" | tr -d ' ')/$(grep -cF -- "$text" "$TMP/err.err")" "1/1" "$name: one line saying '$text'"
	is "$(wc -c <"$TMP/err.out" | tr -d ' ')" 0 "$name: nothing on stdout"
}
err 2 "listdigest: --from names a commit of one inbox: with 2 inboxes use --since/--until, or report one inbox" "--from with two inboxes" -- --from HEAD "$A" "$B"
err 2 "listdigest: --to names a commit of one inbox" "--to with two inboxes" -- --to HEAD "$A" "$B"
err 2 "listdigest: INBOX $A/ is given twice (as $A too); give each inbox once" "an inbox given twice" -- "$A" "$B" "$A/"
err 2 "listdigest: --lore-url names one list's archive" "--lore-url with two inboxes" -- --lore-url https://example.org/x/ "$A" "$B"
err 3 "listdigest: $TMP/none: no such directory" "a missing inbox after a good one" -- "$A" "$TMP/none"
mkdir "$TMP/empty"
err 3 "listdigest: $TMP/empty: neither a public-inbox v2 inbox" "a folder that is no inbox among good ones" -- "$A" "$TMP/empty" "$B"
"$LD" --lore-url '' "$A" "$B" >"$TMP/nolinks" 2>/dev/null
is "$?/$(grep -c 'Link:' "$TMP/nolinks")" "0/0" "--lore-url '' with two inboxes: no links"

# ---- the configuration file: [listdigest] applies, of the [list "NAME"]
# sections only the one --list-name names (one list's section would be
# wrong for the others)
CFG=$XDG_CONFIG_HOME/listdigest/config
mkdir -p "${CFG%/*}"
cat >"$CFG" <<'CONF'
[listdigest]
	top = 1
[list "alpha"]
	top = 2
[list "beta"]
	top = 2
[list "both"]
	top = 3
CONF
"$LD" "$A" "$B" >"$TMP/cfg1" 2>/dev/null
is "$(sed -n 2p "$TMP/cfg1" | cut -d' ' -f1-2)/$(grep -A2 '^Top 1 contributors' "$TMP/cfg1" | tail -1)" \
	"ALPHA, BETA/      4  Ann Ito <ann@example.com>" "config: [listdigest] applies to several inboxes, not [list \"alpha\"] nor [list \"beta\"]"
"$LD" --list-name both "$A" "$B" >"$TMP/cfg2" 2>/dev/null
is "$(sed -n 2p "$TMP/cfg2" | cut -d' ' -f1-3)/$(grep -c '^Top 3 contributor' "$TMP/cfg2")" "both mailing list/2" "config: --list-name names the report and picks its section"
"$LD" "$A" >"$TMP/cfg3" 2>/dev/null
is "$(grep -c '^Top 2 contributor' "$TMP/cfg3")" 2 "config: one inbox still picks its own section"
rm -f "$CFG"

# ---- --state over both, then new mail in one of them -----------------------
for m in alpha beta; do git clone -q --mirror "$TMP/$m/git/0.git" "$TMP/s-$m.git"; done
SA=$TMP/s-alpha.git SB=$TMP/s-beta.git
# the first run: everything but beta's last message
git -C "$SB" update-ref refs/heads/master HEAD~1 2>/dev/null || git -C "$SB" update-ref HEAD HEAD~1
"$LD" --format json --state "$TMP/st" "$SA" "$SB" >"$TMP/st1.json" 2>"$TMP/st1.err"
is "$?" 0 "--state, first run: exit code"
is "$(head -1 "$TMP/st")" "listdigest-state 3" "--state over two inboxes: a version 3 file"
is "$(grep -c '^inbox ' "$TMP/st")" 2 "--state: one inbox line each"
"$LD" --state "$TMP/st" "$SA" "$SB" >"$TMP/st2.txt" 2>&1
is "$?" 0 "--state, nothing new: exit code"
is "$(grep -c 'Link:' "$TMP/st2.txt")" 0 "--state, nothing new: no series, no entries"
# new mail in beta: its last message (the cross-posted answer: alpha gave it
# in the first run; beta's copy alone is new now, and is a message of its own)
git -C "$SB" update-ref refs/heads/master "$(git -C "$TMP/beta/git/0.git" rev-parse HEAD)" 2>/dev/null ||
	git -C "$SB" update-ref HEAD "$(git -C "$TMP/beta/git/0.git" rev-parse HEAD)"
"$LD" --format json --state "$TMP/st" "$SA" "$SB" >"$TMP/st3.json" 2>"$TMP/st3.err"
is "$?" 0 "--state, new mail in beta: exit code"
got=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join("%s:%d:%d" % (l["name"], l["messages"], l["duplicates"]) for l in d["lists"]), d["counts"]["messages"])
' "$TMP/st3.json")
is "$got" "S-ALPHA:0:0 BETA:1:0 1" "--state, new mail in beta: only beta's new message (alpha, without messages, named after its folder)"
# a purge in beta (public-inbox-purge rewrites its history): found again,
# the notice names the inbox, nothing reported twice
rewrite() { # rewrite REPO PATTERN, as tests/state.t: without the matching commits
	local repo=$1 pat=$2 parent="" c old an ae ad cd dropped=0
	for old in $(git -C "$repo" rev-list --reverse HEAD); do
		if git -C "$repo" log -1 --format=%s "$old" | grep -q -- "$pat"; then dropped=1; continue; fi
		if [ $dropped = 0 ]; then parent=$old; continue; fi
		an=$(git -C "$repo" log -1 --format=%an "$old"); ae=$(git -C "$repo" log -1 --format=%ae "$old")
		ad=$(git -C "$repo" log -1 --format=%ad --date=raw "$old"); cd=$(git -C "$repo" log -1 --format=%cd --date=raw "$old")
		c=$(git -C "$repo" log -1 --format=%B "$old" | GIT_AUTHOR_NAME="$an" GIT_AUTHOR_EMAIL="$ae" \
			GIT_AUTHOR_DATE="$ad" GIT_COMMITTER_NAME="Test Inbox" GIT_COMMITTER_EMAIL=inbox@example.org \
			GIT_COMMITTER_DATE="$cd" git -C "$repo" commit-tree "$old^{tree}" ${parent:+-p "$parent"})
		parent=$c
	done
	git -C "$repo" update-ref HEAD "$parent"
}
rewrite "$SB" "^how does the beta queue drain"
"$LD" --format json --state "$TMP/st" "$SA" "$SB" >"$TMP/st7.json" 2>"$TMP/st7.err"
is "$?" 0 "--state, beta purged: exit code"
is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["counts"]["messages"])' "$TMP/st7.json")" 0 "--state, beta purged: nothing reported again"
grep -q "^listdigest: $SB: the reported commit .* is no longer in the history" "$TMP/st7.err"; ok $? "--state, beta purged: the notice names the inbox"
sed "s/^/#   /" "$TMP/st7.err"
# the state names its inboxes: other inboxes are refused
"$LD" --state "$TMP/st" "$SA" "$TMP/merged" >"$TMP/st4.out" 2>"$TMP/st4.err"
is "$?" 8 "--state written for other inboxes: exit code"
grep -q "records the inboxes" "$TMP/st4.err"; ok $? "--state written for other inboxes: says so"
sed 's/^/#   /' "$TMP/st4.err"
"$LD" --state "$TMP/st" "$SA" >"$TMP/st5.out" 2>"$TMP/st5.err"
is "$?" 8 "--state of two inboxes with one: exit code"
sed 's/^/#   /' "$TMP/st5.err"
# a version-2 file (one inbox) is not for two
"$LD" --state "$TMP/st1" "$SA" >/dev/null 2>&1
"$LD" --state "$TMP/st1" "$SA" "$SB" >"$TMP/st6.out" 2>"$TMP/st6.err"
is "$?" 8 "--state of one inbox with two: exit code"
sed 's/^/#   /' "$TMP/st6.err"

# ---- compared with the previous period (issue 14) ------------------------
# a window over both: its previous period's counts are those of the report
# over both of the window before (--top 0), row by row and in the totals:
# 4 messages (ALPHA 2, BETA 3, 1 cross-post), Ann Ito's 4 postings
"$LD" --format json --since 2024-03-12 --until 2024-03-14 "$A" "$B" >"$TMP/pw.json" 2>/dev/null
"$LD" --format json --top 0 --since 2024-03-10 --until 2024-03-12 "$A" "$B" >"$TMP/pp.json" 2>/dev/null
python3 - "$TMP/pw.json" "$TMP/pp.json" <<'PY'
import json, sys
cur, prev = (json.load(open(f)) for f in sys.argv[1:3])
bad = []
p = cur["previous"]
want = {k: prev["counts"][k] for k in ("messages", "postings", "series", "reviews", "applied")}
if p is None or p["counts"] != want or want["messages"] != 4 or want["postings"] != 4:
    bad.append("totals %s, want %s" % (p and p["counts"], want))
for t in ("domains", "contributors"):
    had = {r["label"].split("<")[-1]: r["count"] for r in prev[t]["rows"]}
    for r in cur[t]["rows"]:
        if r["previous"] != had.get(r["label"].split("<")[-1], 0):
            bad.append("%s %s: previous %s" % (t, r["label"], r["previous"]))
for b in bad:
    print("#   " + b)
sys.exit(1 if bad else 0)
PY
ok $? "previous period over both inboxes: the counts of the window before's own report"
is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["previous_reason"])' "$TMP/pp.json")" \
	"the previous period ends before the archive's first message (2024-03-11 09:00)" \
	"previous period over both inboxes: none before the earliest of their first messages"

done_testing
