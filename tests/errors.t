#!/bin/bash
# Bad arguments and broken archives: one clear line, a documented exit code,
# no output file left behind.
. "$(dirname "$0")/lib/tap.sh"

run() { # run EXPECTED-CODE PATTERN NAME -- ARGS...
	local code=$1 pat=$2 name=$3; shift 4
	"$LD" "$@" >"$TMP/out" 2>"$TMP/err"; local rc=$?
	is "$rc" "$code" "$name: exit code"
	local lines; lines=$(wc -l <"$TMP/err")
	if [ "$lines" -eq 1 ] && grep -q -- "$pat" "$TMP/err"; then ok 0 "$name: one line saying '$pat'"
	else ok 1 "$name: one line saying '$pat'"; sed 's/^/#   /' "$TMP/err"; fi
	is "$(wc -c <"$TMP/out")" 0 "$name: nothing on stdout"
}

"$TOP/tests/lib/mkinbox.sh" "$TMP/inbox" "$TOP/tests/golden/main.manifest"
good=$TMP/inbox

run 2 "no INBOX" "no arguments" --
run 2 "unknown option --bogus" "unknown option" -- --bogus "$good"
run 2 "--top 'x'" "bad --top" -- --top x "$good"
run 2 "--jobs '0'" "bad --jobs" -- --jobs 0 "$good"
run 2 "needs an argument" "missing argument" -- "$good" --from
run 2 "is given twice" "an inbox given twice" -- "$good" "$good"
run 2 "--path '': expected a file or folder" "empty --path" -- --path '' "$good"
run 2 "--path '': expected" "empty --path among others" -- --path arch/ --path '' "$good"
run 2 "--bot 'ci-bot': expected an address" "--bot without an address" -- --bot ci-bot "$good"
run 2 "--bots $TMP/nobots: No such file" "--bots file missing" -- --bots "$TMP/nobots" "$good"
printf '# ok\nci@example.org\nci@example.org ci2@example.org\n' >"$TMP/bots"
run 2 "--bots $TMP/bots:3: expected one address" "--bots line with two addresses" -- --bots "$TMP/bots" "$good"
run 3 "no such directory" "missing inbox" -- "$TMP/nope"
mkdir "$TMP/plain"
run 3 "neither a public-inbox" "plain directory" -- "$TMP/plain"
# a code repository given by mistake: an error, not an empty report
git init -q "$TMP/code" && echo x >"$TMP/code/README" && git -C "$TMP/code" add README &&
	git -C "$TMP/code" -c user.name=T -c user.email=t@example.org commit -qm init
run 3 "not a public-inbox archive" "a code repository" -- "$TMP/code"
git clone -q --bare "$TMP/code" "$TMP/code.git"
run 3 "not a public-inbox archive" "a bare code repository" -- "$TMP/code.git"
run 4 "not a commit in any epoch" "unknown --from" -- --from deadbeef "$good"
run 4 "not a commit in any epoch" "unknown --to" -- --to nosuchref "$good"
first=$(git -C "$good/git/0.git" rev-list --reverse HEAD | head -1)
last=$(git -C "$good/git/0.git" rev-parse HEAD)
run 4 "not an ancestor" "reversed range" -- --from "$last" --to "$first" "$good"
run 6 "cannot write" "unwritable -o" -- -o "$TMP/no/such/dir/report.txt" "$good"

# an epoch directory that is not a repository
cp -r "$good" "$TMP/badepoch"
mkdir -p "$TMP/badepoch/git/1.git"
run 3 "not a git repository" "empty epoch directory" -- "$TMP/badepoch"

# a message blob missing from the object database (a partial clone)
git init -q --bare "$TMP/partial.git"
blob=$(echo "Subject: [PATCH] gone" | git -C "$TMP/partial.git" hash-object --stdin)
tree=$(printf '100644 blob %s\tm\n' "$blob" | git -C "$TMP/partial.git" mktree --missing)
commit=$(GIT_AUTHOR_DATE='@0 +0000' GIT_COMMITTER_DATE='@0 +0000' git -C "$TMP/partial.git" commit-tree -m gone "$tree")
git -C "$TMP/partial.git" update-ref refs/heads/master "$commit"
run 5 "missing" "missing blob" -- "$TMP/partial.git"

# -o: a failed run leaves no file, a good run replaces the file whole
echo old >"$TMP/report.txt"
"$LD" -o "$TMP/report.txt" --from deadbeef "$good" 2>/dev/null
is "$(cat "$TMP/report.txt")" "old" "failed run leaves the old output file"
"$LD" -o "$TMP/report.txt" "$good" 2>/dev/null
"$LD" "$good" >"$TMP/stdout.txt" 2>/dev/null
cmp -s "$TMP/report.txt" "$TMP/stdout.txt"; ok $? "-o writes the same report as stdout"
is "$(ls "$TMP" | grep -c 'report.txt.tmp')" 0 "no temporary file left"

# -o and --state on the same file: refused before anything is read or written
"$LD" --state "$TMP/same" -o "$TMP/same" "$good" >/dev/null 2>"$TMP/same.err"
is "$?" 2 "-o X --state X: usage error"
grep -q "are the same file" "$TMP/same.err"; ok $? "-o X --state X: says so"
echo '# keep' >"$TMP/same2"; ln -s same2 "$TMP/same2.link"
"$LD" --state "$TMP/same2" -o "$TMP/same2.link" "$good" >/dev/null 2>&1
is "$?" 2 "-o through a symlink to the state file: usage error"
is "$(cat "$TMP/same2")" "# keep" "the state file is left as it was"
# --mailmap, --orgs, --bots on a FIFO or a device: refused at once, never a hang
mkfifo "$TMP/map.fifo"
for o in --mailmap --orgs --bots --maintainers; do
	timeout -s KILL 20 "$LD" $o "$TMP/map.fifo" "$good" >/dev/null 2>"$TMP/fifo.err"
	is "$?" 2 "$o FIFO: usage error at once"
	is "$(cat "$TMP/fifo.err")" "listdigest: $o $TMP/map.fifo is a FIFO, not a regular file; give the path of a file" "$o FIFO: one line"
	timeout -s KILL 20 "$LD" $o /dev/zero "$good" >/dev/null 2>&1
	is "$?" 2 "$o /dev/zero: usage error"
done

# --maintainers and --subsystem (issue 13): a MAINTAINERS file that cannot
# be used, or a name that picks no one section, is one line and exit 2
M=$TOP/tests/golden/series.maintainers
run 2 "--subsystem needs --maintainers" "--subsystem alone" -- --subsystem frob "$good"
run 2 "--maintainers $TMP/nomaint: No such file" "--maintainers file missing" -- --maintainers "$TMP/nomaint" "$good"
run 2 "--subsystem 'nothing': no section of $M is titled so" "unknown subsystem" -- --maintainers "$M" --subsystem nothing "$good"
run 2 "--subsystem 'frob': 5 sections of $M match: 'KVM UNIT TESTS FOR FROB', 'VHOST FROB NET', 'VIRT FROB DOORBELL', 'VIRT FROB DRIVER', 'VIRT FROB QUIRK TABLE'; give more of the title" \
	"ambiguous subsystem lists the candidates" -- --maintainers "$M" --subsystem frob "$good"
: >"$TMP/m.empty"
run 2 "--maintainers $TMP/m.empty: no section" "empty MAINTAINERS" -- --maintainers "$TMP/m.empty" "$good"
printf 'Just prose.\n\nNo tags at all.\n' >"$TMP/m.prose"
run 2 "--maintainers $TMP/m.prose: no section" "MAINTAINERS without sections" -- --maintainers "$TMP/m.prose" "$good"
printf 'A\nF:\ta/\n\nF:\tb/\n' >"$TMP/m.notitle"
run 2 "--maintainers $TMP/m.notitle:4: a 'F:' line without a section title" "a tag line without a title" -- --maintainers "$TMP/m.notitle" "$good"
head -c 3000 "$LD" >"$TMP/m.binary"
run 2 "--maintainers $TMP/m.binary:1: a NUL byte" "a binary file" -- --maintainers "$TMP/m.binary" "$good"
{ printf 'A\nF:\t'; head -c 10485760 /dev/zero | tr '\0' a; printf '\n'; } >"$TMP/m.long"
run 2 "--maintainers $TMP/m.long:2: a line of more than 64 KiB" "a 10 MB line" -- --maintainers "$TMP/m.long" "$good"
{ printf 'A\nF:\t'; head -c 5000 /dev/zero | tr '\0' '*'; printf '\n'; } >"$TMP/m.absurd"
run 2 "--maintainers $TMP/m.absurd:2: a F: pattern of 5000 bytes" "an absurd pattern" -- --maintainers "$TMP/m.absurd" "$good"
printf 'A\nN:\t(a+)+\\1\nF:\ta/\n' >"$TMP/m.badre"
run 2 "--maintainers $TMP/m.badre:2: the N: line of 'A' is no regular expression" "--subsystem with an N: back-reference" -- --maintainers "$TMP/m.badre" --subsystem A "$good"
printf 'A\nM:\tA <a@example.org>\n' >"$TMP/m.nofiles"
run 2 "--subsystem 'A': the section ($TMP/m.nofiles:1) has no F: or N: line" "a section without files" -- --maintainers "$TMP/m.nofiles" --subsystem A "$good"
printf '[listdigest]\n\tmaintainers = nomaint\n\tsubsystem = frob\n' >"$TMP/maint.config"
run 2 "--maintainers $TMP/nomaint: No such file" "config key maintainers: relative to the file" -- --config "$TMP/maint.config" "$good"
# 100,000 sections: works (and an N: line that cannot be used only
# matters to the --subsystem it belongs to)
python3 -c '
for i in range(100000):
    print("SECTION %d\nM:\tP%d <p%d@example.org>\nF:\tdrivers/s%d/\n" % (i, i, i, i))
print("BAD\nN:\t(a)\\1\n\nVIRT\nF:\tdrivers/virt/\n")' >"$TMP/m.big"
"$LD" --maintainers "$TMP/m.big" --subsystem VIRT "$good" >"$TMP/big.out" 2>"$TMP/big.err"
is "$?" 0 "100,000 sections: a report"
grep -q "(only subsystem VIRT)" "$TMP/big.out"; ok $? "100,000 sections: the title names the subsystem"

done_testing
