#!/bin/bash
# git's conventions: a reader that closed the pipe ends the run by
# SIGPIPE (status 141 in a shell, as git's t0005 checks for git), with
# nothing on stderr, in every format, with -o /dev/stdout, and also when
# the parent ignores SIGPIPE; the --state file is left as it was.
# --exit-code: 1 when the report lists no patch posting and no pull
# request, 0 when it does, errors keep their codes.
. "$(dirname "$0")/lib/tap.sh"
D=$TOP/tests/data

grep '^add ' "$TOP/tests/golden/main.manifest" | sed 's|^add \.\./data/||' >"$TMP/list"
while read -r f; do
	echo "From mboxrd@z Thu Jan  1 00:00:00 1970"
	sed 's/^\(>*From \)/>\1/' "$D/$f"
	echo
done <"$TMP/list" >"$TMP/rd.mbox"

# closed(IGNORE, ARGS...): runs listdigest with stdout a pipe whose read
# end is already closed (every write fails: no race with a reader), with
# SIGPIPE ignored by the parent when IGNORE is 1; prints "STATUS" as a
# shell shows it (128 + signal) and then stderr.
closed() {
	python3 - "$@" <<'EOF'
import os, signal, subprocess, sys
ignore, args = sys.argv[1] == "1", sys.argv[2:]
r, w = os.pipe()
os.close(r)
def pre():
    signal.signal(signal.SIGPIPE, signal.SIG_IGN if ignore else signal.SIG_DFL)
p = subprocess.run(args, stdout=w, stderr=subprocess.PIPE, preexec_fn=pre,
                   restore_signals=False, timeout=60)
rc = p.returncode
print(128 - rc if rc < 0 else rc)
sys.stdout.write(p.stderr.decode())
EOF
}

for f in text markdown html json email; do
	is "$(closed 0 "$LD" --format "$f" --mail-from d@example.org --mail-to l@example.org --mbox "$TMP/rd.mbox")" 141 \
		"--format $f to a closed pipe: SIGPIPE (141), nothing on stderr"
done
is "$(closed 1 "$LD" --mbox "$TMP/rd.mbox")" 141 "SIGPIPE ignored by the parent: still SIGPIPE (141), nothing on stderr"
is "$(closed 0 "$LD" -o /dev/stdout --mbox "$TMP/rd.mbox")" 141 "-o /dev/stdout to a closed pipe: SIGPIPE (141), nothing on stderr"
is "$(closed 1 "$LD" --format json -o /dev/stdout --mbox "$TMP/rd.mbox")" 141 "-o /dev/stdout, SIGPIPE ignored: 141, nothing on stderr"

# the shell's own pipe: | head -1 reads one line and goes
"$LD" --list-name VIRT --mbox "$TMP/rd.mbox" 2>"$TMP/head.err" | head -1 >"$TMP/head.out"
st=("${PIPESTATUS[@]}")
is "$(cat "$TMP/head.out")" "From 2024-03-04 10:15 to 2024-03-14 10:00" "| head -1: the first line"
# the report (about 30 KB here) may fit in the pipe before head exits:
# then listdigest ends normally; else by SIGPIPE; never with a message
case "${st[0]}" in 0|141) r=0 ;; *) r=1 ;; esac
ok $r "| head -1: status 0 or 141 (got ${st[0]})"
grep -v '^listdigest: 4 warnings about broken mail' "$TMP/head.err" >"$TMP/head.err2"
[ -s "$TMP/head.err2" ]; is "$?" 1 "| head -1: no error message"

# --state: a report that could not be delivered does not move the state
"$TOP/tests/lib/mkinbox.sh" "$TMP/inbox" "$TOP/tests/golden/main.manifest" >/dev/null 2>&1
"$LD" --state "$TMP/st" "$TMP/inbox" >/dev/null 2>&1 && rm -f "$TMP/st"
is "$(closed 0 "$LD" --state "$TMP/st" "$TMP/inbox")" 141 "--state to a closed pipe: 141"
[ -e "$TMP/st" ]; is "$?" 1 "--state to a closed pipe: no state file written"

# --exit-code
"$LD" --exit-code --mbox "$TMP/rd.mbox" >/dev/null 2>&1
is "$?" 0 "--exit-code, postings in the report: 0"
"$LD" --exit-code --mbox "$TMP/rd.mbox" --since 2030-01-01 >"$TMP/none.out" 2>&1
is "$?" 1 "--exit-code, no message in the range: 1"
is "$(head -1 "$TMP/none.out")" "From none to none" "--exit-code, nothing new: the report is written all the same"
"$LD" --mbox "$TMP/rd.mbox" --since 2030-01-01 >/dev/null 2>&1
is "$?" 0 "without --exit-code, nothing new: 0"
"$LD" --exit-code --mbox "$TMP/rd.mbox" --author nobody.at.all >/dev/null 2>&1
is "$?" 1 "--exit-code, messages but no posting passes the filters: 1"
# replies only: a review and a discussion, no posting
{
	printf 'From mboxrd@z Thu Jan  1 00:00:00 1970\nFrom: Bo Park <bo@example.net>\nSubject: Re: [PATCH] x: older work\nDate: Tue, 5 Mar 2024 10:00:00 +0000\nMessage-ID: <r1@example.net>\nIn-Reply-To: <old@example.net>\nReferences: <old@example.net>\n\nReviewed-by: Bo Park <bo@example.net>\n\n'
} >"$TMP/replies.mbox"
"$LD" --exit-code --mbox "$TMP/replies.mbox" >"$TMP/replies.out" 2>&1
is "$?" 1 "--exit-code, only a reply (a review of earlier work): 1"
grep -q '^      1  Bo Park <bo@example.net> (1 Reviewed-by)$' "$TMP/replies.out"
ok $? "--exit-code, only a reply: its review is in the report"
# a pull request alone is new
printf 'From mboxrd@z Thu Jan  1 00:00:00 1970\nFrom: Cy Maint <cy@example.org>\nSubject: [GIT PULL] frob fixes\nDate: Tue, 5 Mar 2024 10:00:00 +0000\nMessage-ID: <p1@example.org>\n\nThe following changes since commit 0123456789abcdef0123456789abcdef01234567:\n\n  frob: x (2024-03-01)\n\nare available in the Git repository at:\n\n  https://git.example.org/frob.git tags/frob-1\n\n' >"$TMP/pull.mbox"
"$LD" --exit-code --mbox "$TMP/pull.mbox" >"$TMP/pull.out" 2>&1
is "$?" 0 "--exit-code, a pull request: 0"
"$LD" --exit-code --mbox "$TMP/nonexistent.mbox" >/dev/null 2>&1
is "$?" 3 "--exit-code and an error: the error's status"

done_testing
