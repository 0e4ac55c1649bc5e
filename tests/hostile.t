#!/bin/bash
# Hostile input: mails written to break a parser (tests/lib/hostile.py
# writes them at test time), each built into its own archive and run
# through listdigest.  Each must give the report line asserted here and
# the warnings counted on stderr, exit 0, and print no terminal control
# byte (ESC, C0 but tab and newline, DEL, C1) nor invalid UTF-8.
#
# Limits of every run: TIME_LIMIT seconds (20) of wall time and MEM_LIMIT
# (1 GiB) of address space (ulimit -v), tighter for the cases that were
# quadratic or memory-hungry (3 s, 256 MiB), looser only to map a 1.5 GB
# mbox.  Real runs take under 1 s and 250 MB (the 50 MB body); the limits
# leave room for a slow CI machine.
# Under AddressSanitizer (tests/asan.t sets LD_SANITIZED=1) the address
# space limit is not set (ASan reserves terabytes of it) and the time
# limit is tripled.
. "$(dirname "$0")/lib/tap.sh"

TIME_LIMIT=20
MEM_LIMIT=$((1024 * 1024)) # KiB
if [ -n "${LD_SANITIZED:-}" ]; then TIME_LIMIT=60; MEM_LIMIT=unlimited; fi

python3 "$TOP/tests/lib/hostile.py" "$TMP/in" || { echo "Bail out! hostile.py failed"; exit 1; }

# run NAME [SECONDS [KIB]]: builds the archive of case NAME and runs
# listdigest on it, within SECONDS (default TIME_LIMIT; tripled under
# ASan) and KIB of address space (default MEM_LIMIT; none under ASan);
# report in $TMP/NAME.out, stderr in $TMP/NAME.err
run() {
	local n=$1
	"$TOP/tests/lib/mkinbox.sh" --single "$TMP/$n.git" "$TMP/in/$n.manifest" >/dev/null 2>&1 ||
		{ ok 1 "$n: archive built"; return; }
	limited "$n" "${2:-}" "${3:-}" "$TMP/$n.git"
	checks "$n"
}

# limited NAME SECONDS KIB ARGS...: runs listdigest ARGS within the
# limits ("" = the defaults), asserts exit 0; $TMP/NAME.out and .err
limited() {
	local n=$1 t=${2:-$TIME_LIMIT} m=${3:-$MEM_LIMIT} start=$SECONDS rc
	shift 3
	if [ -n "${LD_SANITIZED:-}" ]; then
		[ "$t" = "$TIME_LIMIT" ] || t=$((t * 3))
		m=unlimited
	fi
	( ulimit -v "$m"; exec timeout "$t" "$LD" "$@" ) >"$TMP/$n.out" 2>"$TMP/$n.err"
	rc=$?
	is "$rc" 0 "$n: exit 0 within $t s and $m KiB (took $((SECONDS - start)) s)"
	[ "$rc" -eq 0 ] || sed 's/^/#   /' "$TMP/$n.err" | head -5 | cut -c1-200
}

# checks NAME: the report has no control bytes and is valid UTF-8
checks() {
	local n=$1
	perl -0777 -ne 'exit(/[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]/ ? 1 : 0)' "$TMP/$n.out"
	ok $? "$n: no terminal control bytes in the report"
	python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$TMP/$n.out" 2>/dev/null
	ok $? "$n: report is valid UTF-8"
}

# line NAME TEXT: the report of NAME has TEXT as a whole line
line() {
	printf '%s\n' "$2" >"$TMP/pattern"
	if grep -a -q -F -x -f "$TMP/pattern" "$TMP/$1.out"; then ok 0 "$1: line '$(printf '%s' "$2" | cut -c1-60)'"
	else ok 1 "$1: line '$(printf '%s' "$2" | cut -c1-60)'"; fi
}

# warns NAME SUMMARY: stderr is exactly the warning summary ("" = none)
warns() {
	local want=""
	[ -z "$2" ] || want="listdigest: $2; -v lists them"
	is "$(cat "$TMP/$1.err")" "$want" "$1: warnings: ${2:-none}"
}

A=$(head -c 1048576 /dev/zero | tr '\0' A)
run subject-1mb
line subject-1mb "[PATCH] $A"
line subject-1mb "New:  $A"
warns subject-1mb ""

run header-1mb
N=$(head -c 100000 /dev/zero | tr '\0' N)
line header-1mb "[PATCH] long headers"
line header-1mb "Author: $N <long@example.org>"
warns header-1mb ""

run headers-100k
line headers-100k "[PATCH] after 100000 header lines"
line headers-100k "Author: Hostile Tester <ht@example.org>"
warns headers-100k ""

run references-100k
line references-100k "[PATCH] many references"
warns references-100k ""

# the excerpt ends after the diffstat: none of the 50 MB of diff shows
run body-50mb
line body-50mb " 1 file changed, 524288 insertions(+)"
is "$(wc -c <"$TMP/body-50mb.out")" 800 "body-50mb: report of 800 bytes (no diff in it; 106 of them the no-previous-period line)"
warns body-50mb ""

# the text part lies deeper than the search goes: no excerpt, one warning
run mime-deep-1000
line mime-deep-1000 "[PATCH] nested 1000 deep"
warns mime-deep-1000 "1 warning about broken mail in 1 messages (1 malformed MIME)"

run boundary-unclosed
line boundary-unclosed "First part text."
warns boundary-unclosed "2 warnings about broken mail in 1 messages (2 malformed MIME)"
run boundary-absent
line boundary-absent "[PATCH] boundary never used"
warns boundary-absent "1 warning about broken mail in 1 messages (1 malformed MIME)"

# garbage decodes to bytes that are not UTF-8: the windows-1252 fallback
run base64-garbage
line base64-garbage $'Base64 text.\xc5\xbe\xe2\x80\xb9[j\xc3\x87\xc2\xba'
warns base64-garbage "1 warning about broken mail in 1 messages (1 charset problem)"
run qp-garbage
line qp-garbage "QP text==ZZ=4="
line qp-garbage $'\xc3\x83\xc2\xa9\xc3\x83end'
warns qp-garbage "1 warning about broken mail in 1 messages (1 charset problem)"

# invalid UTF-8 in headers and body is read as windows-1252 (and what
# that cannot map becomes U+FFFD).  Known loss: in the body the byte 0x90
# becomes the C1 control DCS through the latin-1 fallback, and the text
# escaper drops a DCS string up to the end of the line (" beyond.").
run utf8-invalid
line utf8-invalid $'[PATCH] bad \xc3\x80\xc2\xaf overlong \xc3\xa0\xe2\x82\xac\xc2\xaf surrogate \xc3\xad\xc2\xa0\xe2\x82\xac big \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd cut \xc3\xa2\xe2\x80\x9a'
line utf8-invalid $'Author: Bad \xc3\x80\xc2\xae Name <bad@example.org>'
line utf8-invalid $'Body \xc3\x80\xc2\xaf overlong, \xc3\xbf\xc3\xbe bytes, \xc3\xb4'
warns utf8-invalid "4 warnings about broken mail in 1 messages (4 charset problem)"

# NUL: a space in headers, dropped (and counted) in the body
run nul-bytes
line nul-bytes "[PATCH] nul in subject"
line nul-bytes "Author: Nul Name <nul@example.org>"
line nul-bytes "Body withNULbytes."
warns nul-bytes "1 warning about broken mail in 1 messages (1 malformed MIME)"

# GMime decodes ASCII-only words of an unknown charset as they are
run encword-unknown-charset
line encword-unknown-charset $'[PATCH] tlhIngan and caf\xc3\xa9'
line encword-unknown-charset "Author: Hacker <unk@example.org>"
warns encword-unknown-charset ""

# replies and references in a loop: no hang, the two postings listed
run msgid-loop
line msgid-loop "[PATCH] loop a"
line msgid-loop "[PATCH] loop self"
warns msgid-loop ""

# year 0 (GMime would read 2000), year 99999, zones +9999 and -9999
run dates
line dates "  4/4 zone -9999"
warns dates "4 warnings about broken mail in 4 messages (4 bad Date)"

# sequences go whole (ESC [2J, OSC 8 link, C1 CSI), lone controls become
# spaces; in the body the text escaper drops them.  The first From is
# unusable (GMime's address parser stops at the ';' of the OSC 8 link
# inside the encoded word) and is shown as written, controls removed.
run terminal-escapes
line terminal-escapes "[PATCH] clearscreen link c1red nel bell end"
line terminal-escapes "[PATCH] encodedclear1"
line terminal-escapes "Author: Name Red <red@example.org>"
line terminal-escapes "Before red link  c1  osc bell del bs	tab"
warns terminal-escapes "1 warning about broken mail in 2 messages (1 unusable From address)"
run terminal-escapes-name
line terminal-escapes-name "Author: Eve Mallory <eve2@example.org>"
warns terminal-escapes-name ""

# 1 MB of unclosed encoded words: linear time (GMime alone is quadratic)
run encword-flood-subject
line encword-flood-subject "[PATCH] $(head -c 1050000 /dev/zero | tr '\0' Z | sed 's/Z\{7\}/=?a?b?x/g')"
warns encword-flood-subject "1 warning about broken mail in 1 messages (1 broken encoded word)"
run encword-flood-from
grep -a -q '^      1  .*a?b?x <flood@example.org>$' "$TMP/encword-flood-from.out"
ok $? "encword-flood-from: counted as <flood@example.org> (end of the field read)"
warns encword-flood-from "2 warnings about broken mail in 1 messages (1 malformed header, 1 broken encoded word)"
run encword-flood-ctype
line encword-flood-ctype "A commit message."
warns encword-flood-ctype "1 warning about broken mail in 1 messages (1 malformed MIME)"


# Header fields GMime parses in quadratic time, bounded at every MIME
# depth (16 KiB, 64 parameters, 64 encoded words; each cut is a warning):
# 40,000 parameters took 4 s and 200,000 over a minute, part headers with
# 1 MB of encoded words minutes.  The part's charset is still honoured.
run ctype-params-40k 3
line ctype-params-40k "A commit message."
warns ctype-params-40k "1 warning about broken mail in 1 messages (1 malformed MIME)"
run ctype-params-200k 3
line ctype-params-200k "A commit message."
warns ctype-params-200k "1 warning about broken mail in 1 messages (1 malformed MIME)"
run part-params-200k 3
line part-params-200k "A nested commit message, café."
warns part-params-200k "1 warning about broken mail in 1 messages (1 malformed MIME)"
run part-encword-flood 3
line part-encword-flood "A nested commit message, café."
warns part-encword-flood "5 warnings about broken mail in 1 messages (5 malformed MIME)"

# 300,000 MIME parts after the text took 63 times their 10 MB: the parts
# after the 10,000th are not read (one warning, and GMime's for the
# multipart left open), within 256 MiB of address space.
run mime-parts-300k "" $((256 * 1024))
line mime-parts-300k "A commit message."
warns mime-parts-300k "2 warnings about broken mail in 1 messages (2 malformed MIME)"

# A 1.5 GB blob of zeros (1.5 MB in the repository) made a 4.4 GB process
# and a 1.5 GB report; the same message in an mbox (a sparse file) was
# read whole.  Over --max-message-size (64 MiB) it is skipped unread,
# one warning; the message after it is reported.  The mbox run may map
# the file: its limit is the file's size and 1 GiB.
hugemsg() {
	printf 'From: Huge Sender <huge@example.org>\nSubject: [PATCH] zeros\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nMessage-ID: <huge@example.org>\n\n'
}
next_msg() {
	printf 'From: Next Sender <next@example.org>\nSubject: [PATCH] after the huge one\nDate: Mon, 1 Jan 2024 00:01:00 +0000\nMessage-ID: <next@example.org>\n\nA commit message.\n'
}
HUGE=1500M
if [ "$(df -Pk "$TMP" | awk 'NR == 2 { print $4 }')" -lt $((2 * 1024 * 1024)) ]; then
	ok 0 "# SKIP blob-1500m, mbox-1500m: less than 2 GiB free in $TMP"
else
	(
		export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_DIR="$TMP/blob-1500m.git"
		export GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=T GIT_COMMITTER_EMAIL=t@example.org
		export GIT_AUTHOR_DATE='1700000000 +0000' GIT_COMMITTER_DATE='1700000000 +0000'
		git init -q --bare "$GIT_DIR" &&
		b1=$({ hugemsg; head -c $HUGE /dev/zero; } | git hash-object -w --stdin) &&
		b2=$(next_msg | git hash-object -w --stdin) &&
		c1=$(printf '100644 blob %s\tm\n' "$b1" | git mktree | xargs git commit-tree -m zeros) &&
		c2=$(printf '100644 blob %s\tm\n' "$b2" | git mktree | xargs git commit-tree -p "$c1" -m next) &&
		git update-ref HEAD "$c2"
	) >/dev/null 2>&1
	ok $? "blob-1500m: archive built ($(du -sk "$TMP/blob-1500m.git" | cut -f1) KiB)"
	limited blob-1500m "" "" "$TMP/blob-1500m.git"
	line blob-1500m "PATCH after the huge one (Next Sender <next@example.org>; 1/1 patch)"
	ok "$([ "$(wc -c <"$TMP/blob-1500m.out")" -lt 4096 ]; echo $?)" "blob-1500m: report under 4 KiB"
	warns blob-1500m "1 warning about broken mail in 2 messages (1 message too large)"
	# again, warm: its size comes from the archive index (format 5), which
	# the blob's header confirms before it is skipped, never inflated
	is "$(python3 "$TOP/tests/lib/ixfile.py" sizes "$LISTDIGEST_CACHE"/blob-1500m-*.index | sort -n -k2 | tail -1 | cut -d' ' -f2)" \
		"$(GIT_DIR="$TMP/blob-1500m.git" git cat-file -s HEAD~1:m)" "blob-1500m: the index records its size"
	limited blob-1500m-warm "" "" "$TMP/blob-1500m.git"
	line blob-1500m-warm "PATCH after the huge one (Next Sender <next@example.org>; 1/1 patch)"
	warns blob-1500m-warm "1 warning about broken mail in 2 messages (1 message too large)"

	{ printf 'From huge@example.org Mon Jan  1 00:00:00 2024\n'; hugemsg; } >"$TMP/mbox-1500m.mbox"
	truncate -s +$HUGE "$TMP/mbox-1500m.mbox"
	{ printf '\n\nFrom next@example.org Mon Jan  1 00:01:00 2024\n'; next_msg; } >>"$TMP/mbox-1500m.mbox"
	limited mbox-1500m "" $(($(stat -c %s "$TMP/mbox-1500m.mbox") / 1024 + MEM_LIMIT)) --mbox "$TMP/mbox-1500m.mbox"
	line mbox-1500m "PATCH after the huge one (Next Sender <next@example.org>; 1/1 patch)"
	warns mbox-1500m "1 warning about broken mail in 2 messages (1 message too large)"
	rm -rf "$TMP/mbox-1500m.mbox" "$TMP/blob-1500m.git"
fi


# The limit is settable, and a maildir file over it is not read either.
mkdir -p "$TMP/md/cur" "$TMP/md/new"
{ hugemsg; head -c 2097152 /dev/zero | tr '\0' 'z'; } >"$TMP/md/cur/1700000000.1.host"
next_msg >"$TMP/md/cur/1700000060.2.host"
limited maildir-limit "" "" --max-message-size 1M --maildir "$TMP/md"
line maildir-limit "PATCH after the huge one (Next Sender <next@example.org>; 1/1 patch)"
warns maildir-limit "1 warning about broken mail in 2 messages (1 message too large)"
limited maildir-limit3m "" "" --max-message-size 3M --maildir "$TMP/md"
line maildir-limit3m "PATCH zeros (Huge Sender <huge@example.org>; 1/1 patch)"
warns maildir-limit3m ""


# Out of memory in GLib (GMime's allocations: g_malloc aborts) is the
# same one line and exit 7 as everywhere else, not an abort: a 400 MB
# multipart message let in by --max-message-size, in 300 MB more than
# the mapped file.  (No address-space limit under ASan: not run there.)
if [ -z "${LD_SANITIZED:-}" ]; then
	printf 'From x@example.org Mon Jan  1 00:00:00 2024\nFrom: A <a@example.org>\nSubject: [PATCH] big multipart\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b0\n\n--b0\nContent-Type: text/plain\n\n' >"$TMP/oom.mbox"
	truncate -s +400M "$TMP/oom.mbox"
	( ulimit -v $(($(stat -c %s "$TMP/oom.mbox") / 1024 + 300 * 1024))
	  exec timeout "$TIME_LIMIT" "$LD" --max-message-size 1G --mbox "$TMP/oom.mbox" ) >/dev/null 2>"$TMP/oom.err"
	is "$?" 7 "oom-400m: exit 7 when GLib cannot allocate"
	is "$(cat "$TMP/oom.err")" "listdigest: out of memory" "oom-400m: one line on stderr"
	rm -f "$TMP/oom.mbox"
fi


# Threads of 10,000 replies (mbox files, see hostile.py): linear time, one
# thread of 10,000 replies and 50 participants when References name the
# root, each reviewer once for the patch.  A chain with In-Reply-To alone
# is threaded by each parent (documented in the man page): no blow-up.
runmbox() {
	local n=$1 start=$SECONDS rc
	( ulimit -v "$MEM_LIMIT"; exec timeout "$TIME_LIMIT" "$LD" --mbox "$TMP/in/$n.mbox" ) \
		>"$TMP/$n.out" 2>"$TMP/$n.err"
	rc=$?
	is "$rc" 0 "$n: exit 0 within ${TIME_LIMIT} s and $MEM_LIMIT KiB (took $((SECONDS - start)) s)"
}
for shape in flat deep; do
	runmbox thread-10k-$shape
	line thread-10k-$shape "  10000  [PATCH] root patch (50 participants: P0; P1; P10; P11; P12 and 45 more)"
	line thread-10k-$shape "      1  P0 <p0@example.org> (1 Reviewed-by)"
	is "$(grep -c '(1 Reviewed-by)$' "$TMP/thread-10k-$shape.out")" 15 "thread-10k-$shape: 15 reviewer rows of one Reviewed-by each"
	warns thread-10k-$shape ""
done
runmbox thread-10k-chain
line thread-10k-chain "PATCH root patch (P0 <p0@example.org>; 1/1 patch)"
warns thread-10k-chain ""

# Series of absurd sizes (issue 11, mbox files of hostile.py): the builder
# is linear in time and memory whatever the counters say.  Absent patches
# are kept as runs: the JSON of 1,000 "[PATCH 1/100000]" is about 1.2 MB
# (it was 690 MB, in 403 MB of memory); 30,000 "[PATCH i/30000]" took
# memory growing with the square (3.6 GB: exit 7); 200,000 patches of one
# cover were de-duplicated in quadratic time (over a minute).
runmbox series-same-1000
is "$(grep -c -x -F 'PATCH the same patch again (Hostile Tester <ht@example.org>; 1 of 100000 here)' "$TMP/series-same-1000.out")" 1000 \
	"series-same-1000: 1,000 series of 1 of 100000, no list of absent numbers"
start=$SECONDS
( ulimit -v "$MEM_LIMIT"; exec timeout "$TIME_LIMIT" "$LD" --format json --mbox "$TMP/in/series-same-1000.mbox" ) \
	>"$TMP/series-same-1000.json" 2>/dev/null
is "$?" 0 "series-same-1000 as JSON: exit 0 within ${TIME_LIMIT} s and $MEM_LIMIT KiB (took $((SECONDS - start)) s)"
size=$(wc -c <"$TMP/series-same-1000.json")
[ "$size" -lt 2000000 ]; ok $? "series-same-1000 as JSON: under 2 MB ($size bytes)"
# (the sanitizer builds, many times slower and run beside other tests,
# get a sixth and a tenth)
R=30000 C=200000
if [ -n "${LD_SANITIZED:-}" ]; then R=5000 C=20000; fi
runmbox series-roots-$R
is "$(grep -c "; 1 of $R here)\$" "$TMP/series-roots-$R.out")" $R "series-roots-$R: $R series of 1 of $R"
runmbox series-cover-$C
line series-cover-$C "PATCH big series (Hostile Tester <ht@example.org>; $C/$C patches, cover letter)"
line series-cover-$C "  $C/$C part $C"

done_testing
