#!/bin/bash
# --mbox -: an mbox on standard input (src/source/mbox_stream.c).  The
# same bytes report the same on a pipe as in a file (mboxrd as lore, b4
# and lei write it, CRLF, mboxo); Debian's b4 writes a thread to stdout
# from a local mbox without network (b4 mbox -m FILE -o - MSGID) and
# listdigest reads it; lei's documented format (mboxrd: ^>*From  lines
# quoted with one more '>') is written by the test, and Debian's lei (not
# installed with public-inbox: package lei) writes it through lei convert
# and lei q on a local inbox, offline; a terminal on stdin is a usage error;
# not an mbox, exit 3; a message over --max-message-size is counted,
# not held (a 600 MB message under 256 MiB of address space); messages
# that do not fit in memory end with exit 7 and one line.
. "$(dirname "$0")/lib/tap.sh"
D=$TOP/tests/data

# the "add" fixtures of the main golden archive, in its order
grep '^add ' "$TOP/tests/golden/main.manifest" | sed 's|^add \.\./data/||' >"$TMP/list"

# mboxrd as lore, b4 and lei write it
while read -r f; do
	echo "From mboxrd@z Thu Jan  1 00:00:00 1970"
	sed 's/^\(>*From \)/>\1/' "$D/$f"
	echo
done <"$TMP/list" >"$TMP/rd.mbox"
"$LD" --list-name VIRT --mbox "$TMP/rd.mbox" >"$TMP/file.out" 2>"$TMP/file.err"
is "$?" 0 "the mboxrd file: exit 0"
cat "$TMP/rd.mbox" | "$LD" --list-name VIRT --mbox - >"$TMP/pipe.out" 2>"$TMP/pipe.err"
is "$?" 0 "mboxrd on a pipe: exit 0"
cmp -s "$TMP/file.out" "$TMP/pipe.out"; ok $? "mboxrd on a pipe: the same report as the file"
cmp -s "$TMP/file.err" "$TMP/pipe.err"; ok $? "mboxrd on a pipe: the same warnings"
is "$(sed -n 2p "$TMP/pipe.out")" "VIRT mailing list update from 2024-03-04 10:15 to 2024-03-14 10:00" "mboxrd on a pipe: the title"
"$LD" --list-name VIRT --mbox - <"$TMP/rd.mbox" 2>/dev/null | cmp -s "$TMP/file.out" -
ok $? "mboxrd as a redirected file (stdin a regular file): the same report"
export SOURCE_DATE_EPOCH=1700000000   # the email format's Date and Message-ID
for f in json email; do
	"$LD" --format $f --mail-from d@example.org --mail-to l@example.org --list-name VIRT --mbox "$TMP/rd.mbox" 2>/dev/null >"$TMP/f.$f"
	cat "$TMP/rd.mbox" | "$LD" --format $f --mail-from d@example.org --mail-to l@example.org --list-name VIRT --mbox - 2>/dev/null |
		cat >"$TMP/p.$f"
	if [ $f = json ]; then
		# the one difference: the inbox a pipe's messages came from is "stdin"
		n=$(grep -c '"inbox": "stdin"\|"inboxes": \["stdin"\]' "$TMP/p.$f")
		is "$n" 3 "--format json: the pipe's inbox is named stdin (lists, merge key)"
		sed -i 's/"inbox": "stdin"/"inbox": "rd"/; s/"inboxes": \["stdin"\]/"inboxes": ["rd"]/' "$TMP/p.$f"
	fi
	cmp -s "$TMP/f.$f" "$TMP/p.$f"; ok $? "--format $f: the pipe reports as the file"
done

# CRLF and mboxo (pipermail) through the pipe
sed 's/\r$//; s/$/\r/' "$TMP/rd.mbox" >"$TMP/crlf.mbox"
"$LD" --list-name VIRT --mbox "$TMP/crlf.mbox" >"$TMP/crlf.file" 2>/dev/null
cat "$TMP/crlf.mbox" | "$LD" --list-name VIRT --mbox - 2>/dev/null | cmp -s "$TMP/crlf.file" -
ok $? "CRLF mbox on a pipe: the same report as the file"
while read -r f; do
	echo "From someone at example.org  Mon Mar  4 10:00:00 2024"
	sed 's/^From />From /' "$D/$f"
	echo
done <"$TMP/list" >"$TMP/o.mbox"
"$LD" --list-name VIRT --mbox "$TMP/o.mbox" >"$TMP/o.file" 2>/dev/null
cat "$TMP/o.mbox" | "$LD" --list-name VIRT --mbox - 2>/dev/null | cmp -s "$TMP/o.file" -
ok $? "mboxo on a pipe: the same report as the file"

# lei's mboxrd: a body with From lines at every depth of quoting, one
# message per write of the pipe; the report shows them unquoted
{
	printf 'From mboxrd@z Thu Jan  1 00:00:00 1970\nFrom: Ann Lee <ann@example.net>\nSubject: [PATCH] lei: quoted From lines\nDate: Tue, 5 Mar 2024 09:00:00 +0000\nMessage-ID: <lei-1@example.net>\n\n'
	printf 'Commit message.\n\n>From the start, this line was "From the start".\n>>From the quote, this one was ">From the quote".\n\n---\n a | 1 +\n 1 file changed, 1 insertion(+)\n\n'
	printf 'From mboxrd@z Thu Jan  1 00:00:00 1970\nFrom: Bo Park <bo@example.net>\nSubject: Re: [PATCH] lei: quoted From lines\nDate: Tue, 5 Mar 2024 10:00:00 +0000\nMessage-ID: <lei-2@example.net>\nIn-Reply-To: <lei-1@example.net>\n\nReviewed-by: Bo Park <bo@example.net>\n\n'
} >"$TMP/lei.mbox"
cat "$TMP/lei.mbox" | "$LD" --list-name LEI --mbox - >"$TMP/lei.out" 2>"$TMP/lei.err"
is "$?" 0 "lei-style mboxrd: exit 0"
grep -A6 '^New:' "$TMP/lei.out" >"$TMP/lei.new"
cat >"$TMP/lei.want" <<'EOF'
New:  lei: quoted From lines
[PATCH] lei: quoted From lines
Author: Ann Lee <ann@example.net>

Commit message.

From the start, this line was "From the start".
EOF
head -7 "$TMP/lei.new" | diff -u "$TMP/lei.want" - >"$TMP/lei.diff"
ok $? "lei-style mboxrd: '>From' unquoted once in the commit message"; sed 's/^/#   /' "$TMP/lei.diff"
grep -qx '>From the quote, this one was ">From the quote".' "$TMP/lei.out"
ok $? "lei-style mboxrd: '>>From' keeps one '>'"
grep -q '^      1  Bo Park <bo@example.net> (1 Reviewed-by)$' "$TMP/lei.out"
ok $? "lei-style mboxrd: the second message (reply) is a message of its own"
# lei itself (Debian's lei 1.9), offline: lei convert rewrites an mbox to
# mboxrd on stdout; lei q searches a local v2 inbox (public-inbox-init -L
# medium, public-inbox-mda, no network, no spamc) and writes mboxrd to
# stdout.  lei runs a daemon: its own HOME and XDG folders here, stopped
# at the end.
if command -v lei >/dev/null && command -v public-inbox-mda >/dev/null; then
	L=$TMP/lei; mkdir -p "$L/run"; chmod 700 "$L/run"
	lei_env() { env HOME=$L XDG_RUNTIME_DIR=$L/run XDG_DATA_HOME=$L/data XDG_CONFIG_HOME=$L/config \
		XDG_CACHE_HOME=$L/cache XDG_STATE_HOME=$L/state PI_CONFIG=$L/pi-config "$@"; }
	lei_env timeout 60 lei convert -o mboxrd:/dev/stdout "mboxrd:$TMP/rd.mbox" 2>"$TMP/lc.err" |
		"$LD" --list-name VIRT --mbox - >"$TMP/lc.out" 2>/dev/null
	st=("${PIPESTATUS[@]}")
	is "${st[0]}/${st[1]}" "0/0" "lei convert -o mboxrd:/dev/stdout | listdigest --mbox -: both exit 0"
	cmp -s "$TMP/file.out" "$TMP/lc.out"; ok $? "lei convert's mboxrd: the same report as the file it converted"
	lei_env timeout 60 public-inbox-init -V2 -L medium virt "$L/inbox" http://127.0.0.1/virt virt@example.org >/dev/null 2>&1 &&
		lei_env git config -f "$L/pi-config" publicinboxmda.spamcheck none
	while read -r f; do
		lei_env ORIGINAL_RECIPIENT=virt@example.org timeout 30 public-inbox-mda --no-precheck <"$D/$f" 2>/dev/null || echo "$f"
	done <"$TMP/list" >"$TMP/mda.failed"
	is "$(cat "$TMP/mda.failed")" "" "public-inbox-mda took every fixture into a searchable inbox"
	lei_env timeout 60 lei q --only "$L/inbox" -o mboxrd:/dev/stdout 'z:1..' 2>"$TMP/lq.err" | tee "$TMP/lq.mbox" |
		"$LD" --list-name VIRT --mbox - >"$TMP/lq.out" 2>"$TMP/lq.lderr"
	st=("${PIPESTATUS[@]}")
	is "${st[0]}/${st[2]}" "0/0" "lei q -o mboxrd:/dev/stdout | listdigest --mbox -: both exit 0"
	is "$(cat "$TMP/lq.lderr")" "listdigest: 4 warnings about broken mail in 43 messages (1 charset problem, 1 broken encoded word, 2 bad Date); -v lists them" \
		"lei q: all 43 messages read, the fixtures' 4 warnings"
	"$LD" --list-name VIRT --mbox "$TMP/lq.mbox" 2>/dev/null | cmp -s "$TMP/lq.out" -
	ok $? "lei q: the pipe reports as the same bytes in a file"
	lei_env timeout 20 lei daemon-kill >/dev/null 2>&1
else
	echo "# lei (Debian package lei) or public-inbox-mda missing: lei's mboxrd is only the format written above"
fi

# b4 (Debian's 0.12) writes a thread from a local mbox to stdout, offline
if command -v b4 >/dev/null; then
	mkdir -p "$TMP/home"
	msgid=$(sed -n 's/^Message-ID: <\(.*\)>.*/\1/Ip' "$D/0001-series-cover-letter-0of3.eml" | head -1)
	( cd "$TMP" && HOME=$TMP/home XDG_CACHE_HOME=$TMP/home/.cache XDG_CONFIG_HOME=$TMP/home/.config \
		timeout 60 b4 mbox -C -m "$TMP/rd.mbox" -o - "$msgid" 2>"$TMP/b4.err" ) |
		"$LD" --list-name VIRT --mbox - >"$TMP/b4.out" 2>"$TMP/b4.lderr"
	st=("${PIPESTATUS[@]}")
	is "${st[0]}/${st[1]}" "0/0" "b4 mbox -m FILE -o - MSGID | listdigest --mbox -: both exit 0"
	grep -q '^6 messages in the thread' "$TMP/b4.err"; ok $? "b4 found the thread of 6 messages"
	cat >"$TMP/b4.want" <<'EOF'
===== Patch list in this time period =====

PATCH virt: frob: Add widget reset support (Alice Moreau <alice.moreau@example.com>; 3/3 patches, cover letter)
  1/3 virt: frob: Introduce frob_widget_reset()
  2/3 virt: frob: Call the reset helper from the ioctl path
  3/3 docs: virt: frob: Describe FROB_RESET_WIDGET
EOF
	sed -n '/^===== Patch list/,/^  3\/3/p' "$TMP/b4.out" | diff -u "$TMP/b4.want" - >"$TMP/b4.diff"
	ok $? "b4's thread: the series, complete, with its cover letter"; sed 's/^/#   /' "$TMP/b4.diff"
	# (not tested: b4 0.12's own stdin, -m -, writes the body line "From
	# <sha> Mon Sep 17 00:00:00 2001" of tests/data/0019 unquoted after an
	# empty line, where any mbox reader, this one too, starts a message;
	# with -m FILE it writes ">From ...", as mboxrd wants)
else
	echo "# b4 is not installed (Debian package b4): its pipe is not tested"
fi

# a terminal on stdin: a usage error, before any read
python3 - "$LD" >"$TMP/tty.out" 2>&1 <<'EOF'
import os, pty, subprocess, sys
m, s = pty.openpty()
p = subprocess.run([sys.argv[1], "--mbox", "-"], stdin=s, capture_output=True, timeout=20)
print(p.returncode)
sys.stdout.write(p.stderr.decode())
EOF
cat >"$TMP/tty.want" <<'EOF'
2
listdigest: --mbox -: standard input is a terminal; pipe an mbox in (b4 mbox -o - MSGID | listdigest --mbox -)
EOF
diff -u "$TMP/tty.want" "$TMP/tty.out" >"$TMP/tty.diff"; ok $? "a terminal on stdin: exit 2, one line"; sed 's/^/#   /' "$TMP/tty.diff"

# not an mbox; empty; --mbox - with an INBOX
printf 'Subject: x\n\nbody\n' | "$LD" --mbox - >"$TMP/n.out" 2>"$TMP/n.err"
is "$?" 3 "not an mbox on stdin: exit 3"
is "$(cat "$TMP/n.err")" "listdigest: standard input: not an mbox (it does not begin with a 'From ' line); --mbox reads mboxo and mboxrd" "not an mbox on stdin: one line"
[ -s "$TMP/n.out" ]; is "$?" 1 "not an mbox on stdin: no report"
"$LD" --mbox - </dev/null >"$TMP/e.out" 2>&1
is "$?/$(head -1 "$TMP/e.out")" "0/From none to none" "empty stdin: an empty report"
"$LD" --mbox - "$TMP" </dev/null >/dev/null 2>&1
is "$?" 2 "--mbox - and an INBOX: usage error"

# a message over --max-message-size is counted, its bytes not held: a
# 600 MB message between two small ones, through a pipe, in 256 MiB
if [ -z "${LD_SANITIZED:-}" ]; then
	{
		printf 'From mboxrd@z Thu Jan  1 00:00:00 1970\nFrom: A <a@example.org>\nSubject: [PATCH] small one\nDate: Mon, 4 Mar 2024 10:00:00 +0000\nMessage-ID: <s1@example.org>\n\nbody\n\n'
		printf 'From mboxrd@z Thu Jan  1 00:00:00 1970\nFrom: A <a@example.org>\nSubject: [PATCH] huge\nDate: Mon, 4 Mar 2024 10:01:00 +0000\nMessage-ID: <h@example.org>\n\n'
		python3 -c '
import sys
line = b"x" * 99 + b"\n"
block = line * 10000
for i in range(600):
    sys.stdout.buffer.write(block)
'
		printf '\nFrom mboxrd@z Thu Jan  1 00:00:00 1970\nFrom: A <a@example.org>\nSubject: [PATCH] small two\nDate: Mon, 4 Mar 2024 10:02:00 +0000\nMessage-ID: <s2@example.org>\n\nbody\n\n'
	} | ( ulimit -v $((256 * 1024)); exec timeout 60 "$LD" -j 1 --mbox - ) >"$TMP/big.out" 2>"$TMP/big.err"
	is "$?" 0 "600 MB message on a pipe in 256 MiB: exit 0"
	is "$(cat "$TMP/big.err")" "listdigest: 1 warning about broken mail in 3 messages (1 message too large); -v lists them" "600 MB message: skipped with the warning"
	is "$(grep -c '^\[PATCH\] small' "$TMP/big.out")" 2 "600 MB message: the messages around it are read"

	# everything kept does not fit: exit 7, one line (400 messages of
	# 1 MB, under the size limit, in 256 MiB)
	python3 -c '
import sys
body = (b"y" * 99 + b"\n") * 10000
for i in range(400):
    sys.stdout.buffer.write(b"From mboxrd@z Thu Jan  1 00:00:00 1970\nFrom: A <a@example.org>\nSubject: [PATCH] m%d\nMessage-ID: <m%d@example.org>\n\n" % (i, i) + body + b"\n")
' 2>/dev/null | (   # the writer's broken pipe when listdigest stops is expected
	 ulimit -v $((256 * 1024)); exec timeout 60 "$LD" -j 1 --mbox - ) >"$TMP/oom.out" 2>"$TMP/oom.err"
	is "$?" 7 "400 MB of messages on a pipe in 256 MiB: exit 7"
	is "$(cat "$TMP/oom.err")" "listdigest: out of memory" "out of memory: one line"
	[ -s "$TMP/oom.out" ]; is "$?" 1 "out of memory: no report"
fi

done_testing
