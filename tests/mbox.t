#!/bin/bash
# --mbox and --maildir: the fixtures as an mboxrd file, a CRLF mbox, an
# mboxo file and a maildir report the same as the same mails in a
# public-inbox archive; the splitting rules of src/source/mbox.c end to end;
# --since/--until on files.
. "$(dirname "$0")/lib/tap.sh"
# address space of the runs that must not read without end (not under
# AddressSanitizer, which reserves terabytes of it: tests/asan.t)
MEM_LIMIT=$((1000 * 1000)) # KiB
[ -n "${LD_SANITIZED:-}" ] && MEM_LIMIT=unlimited
D=$TOP/tests/data

# the "add" fixtures of the main golden archive, in its order
grep '^add ' "$TOP/tests/golden/main.manifest" | sed 's|^add \.\./data/||' >"$TMP/list"
sed 's|^|add ../data/|' "$TMP/list" >"$TMP/adds.manifest"
cp "$TMP/adds.manifest" "$TOP/tests/golden/.adds.$$.manifest"
"$TOP/tests/lib/mkinbox.sh" "$TMP/git" "$TOP/tests/golden/.adds.$$.manifest"
rm -f "$TOP/tests/golden/.adds.$$.manifest"
"$LD" --list-name VIRT --no-index "$TMP/git" 2>/dev/null | tail -n +3 >"$TMP/git.body"

# mboxrd as lore and b4 write it: ^>*From  lines get one more '>'
while read -r f; do
	echo "From mboxrd@z Thu Jan  1 00:00:00 1970"
	sed 's/^\(>*From \)/>\1/' "$D/$f"
	echo
done <"$TMP/list" >"$TMP/rd.mbox"
"$LD" --list-name VIRT --mbox "$TMP/rd.mbox" >"$TMP/rd.out" 2>"$TMP/rd.err"
is "$?" 0 "mboxrd: exit code"
tail -n +3 "$TMP/rd.out" | diff -u "$TMP/git.body" - >"$TMP/rd.diff"; ok $? "mboxrd: same report as the archive"
sed 's/^/#   /' "$TMP/rd.diff" | head -20
is "$(head -1 "$TMP/rd.out")" "From 2024-03-04 10:15 to 2024-03-14 10:00" "mbox header: earliest and latest Date (UTC)"
is "$(sed -n 2p "$TMP/rd.out")" "VIRT mailing list update from 2024-03-04 10:15 to 2024-03-14 10:00" "mbox header: second line"

# the same file with CRLF line ends
sed 's/\r$//; s/$/\r/' "$TMP/rd.mbox" >"$TMP/crlf.mbox"
"$LD" --list-name VIRT --mbox "$TMP/crlf.mbox" 2>/dev/null | tail -n +3 | diff -u "$TMP/git.body" - >"$TMP/crlf.diff"
ok $? "CRLF mbox: same report"; sed 's/^/#   /' "$TMP/crlf.diff" | head -20

# mboxo as mailman writes it: only ^From  gets a '>'; pipermail From_ lines
while read -r f; do
	echo "From someone at example.org  Mon Mar  4 10:00:00 2024"
	sed 's/^From />From /' "$D/$f"
	echo
done <"$TMP/list" >"$TMP/o.mbox"
"$LD" --list-name VIRT --mbox "$TMP/o.mbox" 2>/dev/null | tail -n +3 | diff -u "$TMP/git.body" - >/dev/null
ok $? "mboxo (pipermail From_ lines): same report"

# a maildir: new/ and cur/, taken in file-name order
md=$TMP/Maildir; mkdir -p "$md/new" "$md/cur" "$md/tmp"
i=0
while read -r f; do
	i=$((i + 1)); name=$(printf '17000%05d.M%dP1.host' "$i" "$i")
	if [ $((i % 2)) = 0 ]; then cp "$D/$f" "$md/cur/$name:2,S"; else cp "$D/$f" "$md/new/$name"; fi
done <"$TMP/list"
touch "$md/new/.hidden"
"$LD" --list-name VIRT --maildir "$md" 2>/dev/null | tail -n +3 | diff -u "$TMP/git.body" - >"$TMP/md.diff"
ok $? "maildir: same report"; sed 's/^/#   /' "$TMP/md.diff" | head -20

# splitting rules end to end
mk() { printf 'From: A <a@example.org>\nSubject: [PATCH] %s\nDate: Mon, 4 Mar 2024 10:00:00 +0000\nMessage-ID: <%s@x>\n\n' "$1" "$1"; }
{
	echo "From mboxrd@z Thu Jan  1 00:00:00 1970"; mk one
	echo "As said"; echo "From here on, text (no blank line before: body)"; echo
	echo "From the docs: no date on this line, so body too"; echo
	echo "From mboxrd@z Thu Jan  1 00:00:00 1970"; mk two; echo "two"
	echo; echo "From mboxrd@z Thu Jan  1 00:00:00 1970"; mk three; printf 'truncated, no newline'
} >"$TMP/rules.mbox"
"$LD" --mbox "$TMP/rules.mbox" >"$TMP/rules.out" 2>/dev/null
is "$(grep -c '^\[PATCH\]' "$TMP/rules.out")/$(grep -c '^  1/1 ' "$TMP/rules.out")" 3/3 "body From lines do not split; truncated last message read (3 postings, each listed and entered)"
grep -q "truncated, no newline" "$TMP/rules.out"; ok $? "truncated last message: its text is there"

# dates on files
"$LD" --mbox "$TMP/rd.mbox" --since 2024-03-14 --until 2024-03-15T00:00Z >"$TMP/d.out" 2>/dev/null
is "$(head -1 "$TMP/d.out")" "From 2024-03-14 01:00 to 2024-03-14 10:00" "--since/--until on an mbox: the header shows the Dates kept"
"$LD" --mbox "$TMP/rd.mbox" --since 2030-01-01 >"$TMP/none.out" 2>/dev/null
is "$(head -1 "$TMP/none.out")" "From none to none" "no message in the range: 'none'"

# no Date: the From_ line's date stands in (pipermail writes real ones);
# lore's and b4's 1970 placeholder is no date
nodate() { printf 'From: A <a@example.org>\nSubject: [PATCH] %s\nMessage-ID: <%s@x>\n\nbody\n\n' "$1" "$1"; }
{
	echo "From a at example.org  Mon Mar  4 10:00:00 2024"; nodate early
	echo "From a at example.org  Thu Mar 14 09:30:00 2024"; nodate late
	echo "From mboxrd@z Thu Jan  1 00:00:00 1970"; nodate placeholder
} >"$TMP/nodate.mbox"
"$LD" --mbox "$TMP/nodate.mbox" --since 2024-03-10 >"$TMP/nd.out" 2>"$TMP/nd.err"
is "$(grep '^\[PATCH\]' "$TMP/nd.out" | tr '\n' ' ')" "[PATCH] late " "no Date: the From_ line's date places it (early out, placeholder 1970 out)"
is "$(head -1 "$TMP/nd.out")" "From 2024-03-14 09:30 to 2024-03-14 09:30" "no Date: the header shows the From_ line's date"
is "$(tail -1 "$TMP/nd.err")" "listdigest: 1 warning about broken mail in 1 messages (1 bad Date); -v lists them" "no Date: a counted warning (of the message in the range)"

# errors
echo "Subject: x" >"$TMP/not.mbox"
"$LD" --mbox "$TMP/not.mbox" >/dev/null 2>"$TMP/err"; is "$?" 3 "not an mbox: exit 3"
grep -q "not an mbox" "$TMP/err"; ok $? "not an mbox: says so"
"$LD" --maildir "$TMP" >/dev/null 2>"$TMP/err"; is "$?" 3 "not a maildir: exit 3"

# FIFOs and devices: refused or skipped at once, never read (a FIFO
# without a writer would block for ever, /dev/zero never ends)
mkfifo "$TMP/in.fifo"
timeout -s KILL 20 "$LD" --mbox "$TMP/in.fifo" >"$TMP/out" 2>"$TMP/err"
is "$?" 3 "--mbox FIFO: exit 3 at once (no hang)"
is "$(cat "$TMP/err")" "listdigest: $TMP/in.fifo is a FIFO, not a regular file; give --mbox an mbox file, or read a stream with --mbox - (standard input)" "--mbox FIFO: one line saying what, where and what to do"
( ulimit -v "$MEM_LIMIT"; timeout -s KILL 20 "$LD" --mbox /dev/zero >/dev/null 2>"$TMP/err" )
is "$?" 3 "--mbox /dev/zero: exit 3"
grep -q "/dev/zero is a character device, not a regular file" "$TMP/err"; ok $? "--mbox /dev/zero: says what it is"
cp -r "$md" "$TMP/md2"
ln -s "$TMP/in.fifo" "$TMP/md2/cur/1700099999.M1P1.host:2,S"
mkfifo "$TMP/md2/new/1700099998.M1P1.host"
ln -s /dev/zero "$TMP/md2/new/1700099997.M1P1.host"
( ulimit -v "$MEM_LIMIT"; timeout -s KILL 20 "$LD" --list-name VIRT --maildir "$TMP/md2" >"$TMP/md2.out" 2>"$TMP/md2.err" )
is "$?" 0 "maildir with a symlink to a FIFO, a FIFO and a symlink to /dev/zero: exit 0 (no hang)"
tail -n +3 "$TMP/md2.out" | diff -u "$TMP/git.body" - >"$TMP/md2.diff"
ok $? "maildir with FIFOs and a device: the same report (they are skipped)"; sed 's/^/#   /' "$TMP/md2.diff" | head -10
is "$(grep -c 'not a regular file; skipped' "$TMP/md2.err")" 3 "maildir: one warning for each entry skipped"
grep -q "^listdigest: warning: maildir $TMP/md2: cur/1700099999.M1P1.host:2,S is a FIFO, not a regular file; skipped" "$TMP/md2.err"
ok $? "maildir: the warning names the entry and what it is"
"$LD" --mbox "$TMP/rd.mbox" --from HEAD >/dev/null 2>&1; is "$?" 2 "--mbox with --from: usage error"
"$LD" --mbox "$TMP/rd.mbox" --state "$TMP/st" >/dev/null 2>&1; is "$?" 2 "--mbox with --state: usage error"
"$LD" --mbox "$TMP/rd.mbox" "$TMP/git" >/dev/null 2>&1; is "$?" 2 "--mbox and an INBOX: usage error"
: >"$TMP/empty.mbox"
"$LD" --mbox "$TMP/empty.mbox" >/dev/null 2>&1; is "$?" 0 "empty mbox: an empty report"

# the header of a mailbox report names no commits (there are none)
"$LD" --mbox "$TMP/rd.mbox" --format markdown >"$TMP/rd.md" 2>/dev/null
is "$(sed -n 3p "$TMP/rd.md")" "- Range: every message of the mailbox" "--mbox markdown: the range is the mailbox, no empty code span"
"$LD" --mbox "$TMP/rd.mbox" --format html 2>/dev/null | grep -q '<p class="muted">Every message of the mailbox'
ok $? "--mbox html: the range is the mailbox"
"$LD" --mbox "$TMP/rd.mbox" --format json 2>/dev/null | python3 -c 'import json,sys; r=json.load(sys.stdin)["range"]; sys.exit(0 if r["to_commit"] is None and r["from_commit"] is None else 1)'
ok $? "--mbox json: from_commit and to_commit are null"

done_testing
