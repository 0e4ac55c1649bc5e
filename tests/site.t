#!/bin/bash
# --site DIR (issue 14): the report as DIR/YYYY-MM-DD.html, DIR/index.html
# and DIR/feed.atom rewritten from DIR/reports.tsv.  Golden files in
# tests/site/: after two runs (two days) and after a third run for the
# second day (it replaces that day's report); the feed checked as XML
# and Atom (tests/lib/atomcheck.py); hostile list names; a damaged
# record; DIR not writable; the options --site excludes.
. "$(dirname "$0")/lib/tap.sh"
G=$TOP/tests/site
"$TOP/tests/lib/mkinbox.sh" "$TMP/main" "$TOP/tests/golden/main.manifest" >/dev/null 2>&1 ||
	skip_all "cannot build the golden archive (public-inbox tools?)"
IN=$TMP/main
S=$TMP/site

site() { # site SDE ARGS...: one run into $S, stderr into $TMP/err
	local sde=$1; shift
	SOURCE_DATE_EPOCH=$sde "$LD" --no-index --site "$S" "$@" "$IN" >"$TMP/out" 2>"$TMP/err"
}
same() { # same GOT WANT NAME
	if diff -u "$2" "$1" >"$TMP/diff"; then ok 0 "$3"
	else ok 1 "$3"; sed 's/^/#   /' "$TMP/diff" | head -30; fi
}
goldens() { # goldens STAGE: the three files of $S against tests/site/STAGE.*
	for f in index.html feed.atom reports.tsv; do
		same "$S/$f" "$G/$1.$f" "$1: $f as expected"
	done
}

# ---- two runs, two days; then the second day again ----
site 1710200000 --since 2024-03-04 --until 2024-03-08
is "$?" 0 "first run: exit 0"
is "$(cat "$TMP/out" "$TMP/err")" "" "first run: nothing on stdout or stderr"
site 1710300000 --since 2024-03-08 --until 2024-03-11
is "$?" 0 "second run: exit 0"
is "$(cd "$S" && ls)" "$(printf '%s\n' 2024-03-07.html 2024-03-10.html feed.atom index.html reports.tsv)" \
	"second run: a page a day (the day before --until), index, feed, record; no temporary left"
goldens two
# each day's page is the HTML report of its window, byte for byte, with
# one line more: the link back to the index at the top of its <header>
NAV='<nav class="home"><a href="index.html">All reports</a></nav>'
day_is_report() { # day_is_report DAY.html REPORT.html NAME
	is "$(grep -cxF "$NAV" "$1")" 1 "$3: one link back to index.html"
	is "$(grep -n -xF "$NAV" "$1" | cut -d: -f1)" "$(( $(grep -n -xF '<header>' "$2" | cut -d: -f1) + 1 ))" \
		"$3: the link is the header's first line"
	grep -vxF "$NAV" "$1" | cmp -s - "$2"; ok $? "$3: otherwise the --format html report of its window, byte for byte"
}
SOURCE_DATE_EPOCH=1710200000 "$LD" --no-index --format html --since 2024-03-04 --until 2024-03-08 "$IN" >"$TMP/d1.html"
day_is_report "$S/2024-03-07.html" "$TMP/d1.html" 2024-03-07.html
# the record's totals are the JSON report's of each window
for w in "2024-03-07 2024-03-04 2024-03-08" "2024-03-10 2024-03-08 2024-03-11"; do
	set -- $w
	"$LD" --no-index --format json --since "$2" --until "$3" "$IN" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
c = d["counts"]
print("\t".join(str(x) for x in (c["messages"], c["postings"], c["series"], c["entries"],
                                  len(d["pull_requests"]), len(d["applied"]))))' >"$TMP/want"
	is "$(grep "^$1" "$S/reports.tsv" | cut -f3-8)" "$(cat "$TMP/want")" "$1: the record's totals are the JSON report's"
done
python3 "$TOP/tests/lib/atomcheck.py" "$S" >"$TMP/atom" 2>&1
ok $? "two: feed.atom is XML and Atom (RFC 4287)"; sed 's/^/#   /' "$TMP/atom" | grep -v '^#   ok$'

site 1710400000 --since 2024-03-09 --until 2024-03-11 --format html
is "$?" 0 "third run, the same day (--format html allowed): exit 0"
is "$(cd "$S" && ls)" "$(printf '%s\n' 2024-03-07.html 2024-03-10.html feed.atom index.html reports.tsv)" \
	"third run: the day's page replaced, not added"
goldens three
SOURCE_DATE_EPOCH=1710400000 "$LD" --no-index --format html --since 2024-03-09 --until 2024-03-11 "$IN" >"$TMP/d2.html"
day_is_report "$S/2024-03-10.html" "$TMP/d2.html" "2024-03-10.html (the third run's report)"
python3 "$TOP/tests/lib/atomcheck.py" "$S" >"$TMP/atom" 2>&1
ok $? "three: feed.atom is XML and Atom (RFC 4287)"; sed 's/^/#   /' "$TMP/atom" | grep -v '^#   ok$'
# a feed reader's view: Debian's python3-feedparser (Universal Feed
# Parser), given the feed as served from a URL, resolves the relative links
FP=/usr/bin/python3
if $FP -c 'import feedparser' 2>/dev/null; then
	is "$($FP - "$S/feed.atom" <<'EOF'
import sys, feedparser
d = feedparser.parse(open(sys.argv[1], "rb").read(), response_headers={
    "content-location": "https://lists.example.org/kvm/feed.atom",
    "content-type": "application/atom+xml"})
print(int(bool(d.bozo)), d.version, d.feed.title, len(d.entries))
for e in d.entries:
    print(e.link, e.updated, e.title, "|", e.summary)
EOF
)" "0 atom10 VIRT mailing list reports 2
https://lists.example.org/kvm/2024-03-10.html 2024-03-14T07:06:40Z VIRT mailing list update from 2024-03-09 to 2024-03-11 | 6 messages, 4 patch postings, 4 series, 3 new entries, 1 pull request, 0 applied.
https://lists.example.org/kvm/2024-03-07.html 2024-03-11T23:33:20Z VIRT mailing list update from 2024-03-04 to 2024-03-08 | 16 messages, 13 patch postings, 8 series, 10 new entries, 0 pull requests, 0 applied." \
		"feedparser reads the feed: no error, Atom 1.0, links resolved against the feed's URL"
else
	ok 0 "# SKIP feedparser: no python3-feedparser for /usr/bin/python3 (make deps installs it)"
fi

# ---- the daily job: --state and --site together ----
S=$TMP/daily
site 1710374400 --state "$TMP/daily.state"
is "$?" 0 "--state with --site: exit 0"
[ -s "$TMP/daily.state" ] && [ -f "$S/2024-03-14.html" ]
ok $? "--state with --site: the state saved, the page named after the day of the run"
site 1710460800 --state "$TMP/daily.state"
is "$(cut -f1,3 "$S/reports.tsv" | tail -n +3 | tr '\t\n' ': ')" "2024-03-15:0 2024-03-14:43 " \
	"the next day's run: nothing new (0 messages), both days in the record"

# ---- hostile list names: escaped in the index, the feed and the record ----
S=$TMP/hostile
name=$(printf '<b>&amp;"x'"'"'</title>]]>\t\n\001\033[31m\xef\xbf\xbe\xe2\x80\xaeevil<!--')
site 1710200000 --since 2024-03-04 --until 2024-03-08 --list-name "$name"
is "$?" 0 "hostile list name: exit 0"
site 1710300000 --since 2024-03-08 --until 2024-03-11 --list-name "$name"
is "$?" 0 "hostile list name: the record it wrote reads back"
python3 "$TOP/tests/lib/atomcheck.py" "$S" >"$TMP/atom" 2>&1
ok $? "hostile: feed.atom is XML and Atom"; sed 's/^/#   /' "$TMP/atom" | grep -v '^#   ok$'
is "$(python3 - "$S/feed.atom" <<'EOF'
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
r = ET.parse(sys.argv[1]).getroot()
print(r.find(A + "title").text)
print(r.find(A + "entry").find(A + "title").text)
EOF
)" "$(printf '<b>&amp;"x'"'"'</title>]]>  evil<!-- mailing list reports\n<b>&amp;"x'"'"'</title>]]>  evil<!-- mailing list update from 2024-03-08 to 2024-03-11')" \
	"hostile: the feed's titles are the name as text; controls, escape sequences, U+FFFE, bidi overrides dropped"
grep -c -e '<b>' -e '<!--' -e '</title>]' "$S/index.html" >"$TMP/n"
is "$(cat "$TMP/n")" 0 "hostile: no markup of the name in index.html"
grep -qF "$(printf '<h1><bdi>&lt;b&gt;&amp;amp;&quot;x&#39;&lt;/title&gt;]]&gt;  \xef\xbf\xbeevil&lt;!--</bdi> mailing list reports</h1>')" "$S/index.html"
ok $? "hostile: index.html's heading is the name escaped, inside <bdi>"
is "$(awk -F'\t' 'NR > 2 { print NF }' "$S/reports.tsv" | sort -u)" 10 \
	"hostile: tab and newline of the name do not break the record's lines"

# ---- a damaged record: one line, exit 8, nothing written ----
S=$TMP/damaged
damaged() { # damaged NAME CONTENT-COMMAND WHAT
	rm -rf "$S"; mkdir -p "$S"
	eval "$2" >"$S/reports.tsv"
	site 1710300000 --since 2024-03-08 --until 2024-03-11
	is "$?" 8 "damaged record, $1: exit 8"
	is "$(wc -l <"$TMP/err")" 1 "damaged record, $1: one line"
	grep -q "listdigest: the site's record $S/reports.tsv is damaged (line $3); move it away" "$TMP/err"
	ok $? "damaged record, $1: says where and what ($(cat "$TMP/err"))"
	is "$(ls "$S")" reports.tsv "damaged record, $1: nothing written"
}
H='printf "listdigest-site 1\nid\turn:uuid:5005f149-0d69-8d81-b047-1bdf96dbe219\n"'
R='2024-03-07\t1710200000\t16\t13\t8\t10\t0\t0\tVIRT\tVIRT update'
damaged "empty" 'true' '1: the first line is not "listdigest-site 1"'
damaged "an HTML file" 'echo "<html>"' '1: the first line is not "listdigest-site 1"'
damaged "no id" 'printf "listdigest-site 1\n"' '2: no id line'
damaged "a bad id" 'printf "listdigest-site 1\nid\turn:uuid:zz\n"' '2: expected id<TAB>urn:uuid:...'
damaged "a cut line" "$H; printf '2024-03-07\t17102'" '3: the last line has no newline'
damaged "a short line" "$H; printf '2024-03-07\t1\t2\n'" '3: expected 10 tab-separated fields'
damaged "a bad date" "$H; printf '${R/2024-03-07/2024-13-07}\n'" '3: the date is not YYYY-MM-DD'
damaged "a negative count" "$H; printf '${R/16/-16}\n'" '3: a count is not a whole number'
damaged "a huge count" "$H; printf '${R/16/99999999999999999999}\n'" '3: a count is not a whole number'
damaged "a control character" "$H; printf '${R/VIRT update/VIRT \\033 update}\n'" '3: a title holds a control character'
damaged "oldest first" "$H; printf '${R/03-07/03-01}\n$R\n'" '4: the reports are not newest first, one a day'
damaged "a day twice" "$H; printf '$R\n$R\n'" '4: the reports are not newest first, one a day'
damaged "a line of 1 MB" "$H; head -c 1000000 /dev/zero | tr -c x x" '3: line too long'
damaged "a NUL byte" "$H; printf '2024\\000'" '3: a NUL byte'
# mutations of a good record (a fixed seed: the same cases each run):
# each is read back (exit 0) or refused in one line (exit 8), never a
# crash, and a refused one leaves DIR as it was
S=$TMP/mut
python3 - "$G/three.reports.tsv" "$TMP/mutations" <<'EOF'
import os, random, sys
good = open(sys.argv[1], "rb").read()
rnd = random.Random(14)
os.makedirs(sys.argv[2], exist_ok=True)
for i in range(60):
    b = bytearray(good)
    for _ in range(rnd.randint(1, 4)):
        op, p = rnd.randrange(4), rnd.randrange(len(b))
        if op == 0: b[p] = rnd.randrange(256)
        elif op == 1: del b[p:p + rnd.randint(1, 40)]
        elif op == 2: b[p:p] = rnd.choice([b"\t", b"\n", b"\0", b"\xff", b"99999999999999999", b"\t\t\t"])
        else: b = b[:p]
    open(os.path.join(sys.argv[2], "%02d" % i), "wb").write(bytes(b))
EOF
bad=0; refused=0
for m in "$TMP"/mutations/*; do
	rm -rf "$S"; mkdir -p "$S"; cp "$m" "$S/reports.tsv"; : >"$S/2024-03-07.html"
	site 1710300000 --since 2024-03-08 --until 2024-03-11; rc=$?
	if [ "$rc" = 8 ]; then
		refused=$((refused + 1))
		{ [ "$(wc -l <"$TMP/err")" = 1 ] && cmp -s "$m" "$S/reports.tsv" && [ "$(ls "$S" | tr '\n' ' ')" = "2024-03-07.html reports.tsv " ]; } ||
			{ bad=$((bad + 1)); echo "# $(basename "$m"): exit 8 but: $(cat "$TMP/err")"; }
	elif [ "$rc" != 0 ]; then
		bad=$((bad + 1)); echo "# $(basename "$m"): exit $rc: $(cat "$TMP/err")"
	elif ! python3 "$TOP/tests/lib/atomcheck.py" "$S" >"$TMP/atom" 2>&1; then
		bad=$((bad + 1)); echo "# $(basename "$m"): read, but the feed: $(cat "$TMP/atom")"
	fi
done
is "$bad" 0 "60 mutated records: each read (exit 0, the feed still valid) or refused in one line (exit 8, DIR untouched); $refused refused"
rm -rf "$S"; mkdir -p "$S/reports.tsv"
site 1710300000 --since 2024-03-08 --until 2024-03-11
is "$?" 8 "the record is a folder: exit 8"
grep -q "cannot read the site's record $S/reports.tsv: a folder" "$TMP/err"; ok $? "the record is a folder: said ($(cat "$TMP/err"))"

# ---- DIR not writable: exit 6 before any work ----
S=$TMP/afile; : >"$S"
site 1710300000 --since 2024-03-08 --until 2024-03-11
is "$?" 6 "DIR is a file: exit 6"
grep -q "^listdigest: --site $S: not a folder" "$TMP/err"; ok $? "DIR is a file: said ($(cat "$TMP/err"))"
S=$TMP/no/such/dir
site 1710300000 --since 2024-03-08 --until 2024-03-11
is "$?" 6 "DIR's parent missing: exit 6"
grep -q "^listdigest: --site $S: cannot make the folder: No such file or directory" "$TMP/err"; ok $? "DIR's parent missing: said"
S=$TMP/ro; mkdir -p "$S"; chmod 555 "$S"
if [ "$(id -u)" != 0 ]; then
	site 1710300000 --since 2024-03-08 --until 2024-03-11; rc=$?
elif command -v setpriv >/dev/null && chmod 755 "$TMP" && chmod -R a+rX "$IN" &&
     setpriv --reuid=nobody --regid=nogroup --clear-groups "$LD" --version >/dev/null 2>&1; then
	SOURCE_DATE_EPOCH=1710300000 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$LD" --no-index --site "$S" --since 2024-03-08 --until 2024-03-11 "$IN" >"$TMP/out" 2>"$TMP/err"; rc=$?
else
	rc=skip
fi
if [ "$rc" = skip ]; then
	ok 0 "# SKIP read-only DIR: running as root, and nobody cannot run $LD (or no setpriv)"
	ok 0 "# SKIP read-only DIR: message"
else
	is "$rc" 6 "read-only DIR: exit 6"
	grep -q "^listdigest: cannot write $S/reports.tsv (.*Permission denied; give --site a folder you can write" "$TMP/err"
	ok $? "read-only DIR: said ($(cat "$TMP/err"))"
fi
is "$(ls "$S")" "" "read-only DIR: nothing in it"
# a file that cannot be replaced after the page: the run fails, said
S=$TMP/late; mkdir -p "$S/feed.atom"
site 1710300000 --since 2024-03-08 --until 2024-03-11
is "$?" 6 "feed.atom is a folder: exit 6"
grep -q "^listdigest: cannot write $S/feed.atom: Is a directory; check --site DIR" "$TMP/err"; ok $? "feed.atom is a folder: said ($(cat "$TMP/err"))"

# ---- one run at a time in DIR: the second stops before any work ----
S=$TMP/busy; mkdir -p "$S"
if command -v flock >/dev/null; then
	# flock(1) holds DIR while its child, a sleep that says its pid, runs
	flock "$S" sh -c 'echo $$ >"$0"; exec sleep 30' "$TMP/holder.pid" & holder=$!
	for i in $(seq 50); do [ -s "$TMP/holder.pid" ] && break; sleep 0.1; done
	site 1710300000 --since 2024-03-08 --until 2024-03-11
	is "$?" 6 "DIR held by another run: exit 6"
	is "$(cat "$TMP/err")" "listdigest: --site $S: another listdigest is writing this folder; run again when it is done" \
		"DIR held by another run: said"
	is "$(ls "$S")" "" "DIR held by another run: nothing written"
	kill "$(cat "$TMP/holder.pid")"; wait "$holder" 2>/dev/null
	site 1710300000 --since 2024-03-08 --until 2024-03-11
	is "$?" 0 "DIR released: the run goes"
else
	for i in 1 2 3 4; do ok 0 "# SKIP no flock(1)"; done
fi

# ---- what --site excludes ----
S=$TMP/usage
site 1710300000 -o "$TMP/x.html"
is "$?" 2 "--site with -o: usage error"
is "$(cat "$TMP/err")" "listdigest: --site and -o exclude each other: --site writes DIR/YYYY-MM-DD.html" "--site with -o: said"
for f in text json markdown email; do
	site 1710300000 --format $f
	is "$?" 2 "--site with --format $f: usage error"
done
is "$(cat "$TMP/err")" "listdigest: --site writes HTML: --format email cannot go with it" "--site with --format: said"
[ ! -e "$S" ]; ok $? "usage errors: DIR not made"
# a configured format is a default --site overrides (the page is HTML)
printf '[listdigest]\n\tformat = json\n' >"$TMP/config"
site 1710300000 --config "$TMP/config" --since 2024-03-08 --until 2024-03-11
is "$?" 0 "--site with format = json in the configuration file: exit 0"
head -1 "$S/2024-03-10.html" | grep -q '^<!DOCTYPE html>'; ok $? "the configured format gives way: the page is HTML"

done_testing
