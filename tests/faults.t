#!/bin/bash
# Archive faults (issue 6): damaged or partial archives give one clear
# line and the exit code of `listdigest --help` (3 bad inbox, 4 bad
# revision, 5 archive unreadable), or a counted skip; with -o FILE nothing
# is left behind: neither FILE nor its temporary file.  tests/errors.t has
# the argument errors and the first cases of each kind; these extend them.
. "$(dirname "$0")/lib/tap.sh"

# fault EXIT PATTERN NAME ARGS...: the run fails with EXIT and one stderr
# line matching PATTERN, within 20 s; then again with -o: no file left.
fault() {
	local code=$1 pat=$2 name=$3; shift 3
	timeout 20 "$LD" "$@" >"$TMP/out" 2>"$TMP/err"
	is "$?" "$code" "$name: exit $code"
	if [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q -- "$pat" "$TMP/err"; then ok 0 "$name: one line saying '$pat'"
	else ok 1 "$name: one line saying '$pat'"; sed 's/^/#   /' "$TMP/err" | head -5; fi
	is "$(wc -c <"$TMP/out")" 0 "$name: nothing on stdout"
	mkdir -p "$TMP/o" && rm -f "$TMP/o"/*
	timeout 20 "$LD" -o "$TMP/o/report.txt" "$@" >/dev/null 2>&1
	is "$(ls -A "$TMP/o")" "" "$name: -o leaves no file behind"
}

git_() { GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null git "$@"; }
export GIT_AUTHOR_NAME=Faults GIT_AUTHOR_EMAIL=faults@example.org GIT_COMMITTER_NAME=Faults \
	GIT_COMMITTER_EMAIL=faults@example.org GIT_AUTHOR_DATE='@1700000000 +0000' \
	GIT_COMMITTER_DATE='@1700000000 +0000'

"$TOP/tests/lib/mkinbox.sh" "$TMP/inbox" "$TOP/tests/golden/main.manifest"
good=$TMP/inbox
ep=git/0.git
copy() { rm -rf "$TMP/$1"; cp -r "$good" "$TMP/$1"; chmod -R u+w "$TMP/$1"; echo "$TMP/$1"; }
loose() { echo "$1/$ep/objects/${2:0:2}/${2:2}"; } # loose INBOX OID: its file

# --- a truncated pack: the objects past the cut are gone -----------------
a=$(copy truncpack)
git_ -C "$a/$ep" repack -adq
pack=$(ls "$a/$ep"/objects/pack/*.pack)
chmod u+w "$pack" && truncate -s $(($(stat -c %s "$pack") / 2)) "$pack"
fault 5 "cannot be read" "truncated pack" "$a"

# --- missing objects (a partial or damaged clone) -------------------------
a=$(copy notree)
rm -f "$(loose "$a" "$(git_ -C "$a/$ep" rev-parse HEAD~3^{tree})")"
fault 5 "or its tree cannot be read" "missing tree" "$a"
a=$(copy nocommit)
rm -f "$(loose "$a" "$(git_ -C "$a/$ep" rev-parse HEAD~5)")"
fault 5 "cannot be read" "missing commit" "$a"
a=$(copy noblob)
rm -f "$(loose "$a" "$(git_ -C "$a/$ep" rev-parse HEAD~2:m)")"
fault 5 "is missing" "missing message blob" "$a"

# the same after a run whose archive index recorded the blob's size: the
# read without the header's look-up finds it missing as well
a=$(copy noblob-sized)
"$LD" --cache-dir "$TMP/c-noblob" "$a" >/dev/null 2>&1
rm -f "$(loose "$a" "$(git_ -C "$a/$ep" rev-parse HEAD~2:m)")"
fault 5 "is missing" "missing message blob, its size in the index" --cache-dir "$TMP/c-noblob" "$a"
# a message blob replaced by another one (the clone damaged after the
# index recorded the blob's size): the blob's bytes are not those the
# index took, one line and exit 5 as for a damaged blob (without the
# index, libgit2 reads what the object file holds: hashes are not checked)
a=$(copy swapped)
"$LD" --cache-dir "$TMP/c-swap" "$a" >/dev/null 2>&1
m2=$(loose "$a" "$(git_ -C "$a/$ep" rev-parse HEAD~2:m)")
m3=$(loose "$a" "$(git_ -C "$a/$ep" rev-parse HEAD~3:m)")
is "$(git_ -C "$a/$ep" cat-file -s HEAD~2:m | grep -vx "$(git_ -C "$a/$ep" cat-file -s HEAD~3:m)" | wc -l)" 1 \
	"swapped blob: the two messages differ in size"
chmod u+w "$m2" && cp "$m3" "$m2"
fault 5 "holds [0-9]* bytes where the archive index recorded [0-9]*; the clone or the index is damaged" \
	"message blob of another size than the index recorded" --cache-dir "$TMP/c-swap" "$a"

# a missing blob deep in a range read by two worker threads (> 64 messages)
mkdir -p "$TMP/many" && ln -s "$TOP/tests/data" "$TMP/many/data"
for i in 1 2 3; do ls "$TOP/tests/data" | sed 's|^|add data/|'; done >"$TMP/many/m.manifest"
"$TOP/tests/lib/mkinbox.sh" --single "$TMP/many.git" "$TMP/many/m.manifest" >/dev/null 2>&1
# a message only the third round has: its blob is not shared with rounds 1-2
printf 'From: Late <late@example.org>\nSubject: [PATCH] late\n\nx\n' >"$TMP/many/data-late.eml"
b=$(git_ -C "$TMP/many.git" hash-object -w "$TMP/many/data-late.eml")
t=$(printf '100644 blob %s\tm\n' "$b" | git_ -C "$TMP/many.git" mktree)
c=$(git_ -C "$TMP/many.git" commit-tree -p HEAD~40 -m late "$t")
c=$(git_ -C "$TMP/many.git" commit-tree -p "$c" -m next "$(git_ -C "$TMP/many.git" rev-parse HEAD^{tree})")
git_ -C "$TMP/many.git" update-ref refs/heads/master "$c"
rm -f "$TMP/many.git/objects/${b:0:2}/${b:2}"
fault 5 "is missing" "missing blob, threaded (-j2)" -j2 "$TMP/many.git"

# A truncated loose object makes libgit2 1.5 (Debian 12) spin for ever in
# its zlib loop (libgit2 issue #7342, fixed upstream by PR #7346): not
# ours to fix; kept as a TODO test with a 5 s limit so that it passes
# once Debian ships the fix.
a=$(copy truncloose)
f=$(loose "$a" "$(git_ -C "$a/$ep" rev-parse HEAD~3^{tree})")
chmod u+w "$f" && truncate -s 10 "$f"
timeout 5 "$LD" "$a" >/dev/null 2>&1
rc=$?
_n=$((_n + 1))
if [ $rc -eq 5 ]; then echo "ok $_n - truncated loose object: exit 5"
else echo "not ok $_n - truncated loose object: exit 5 (got $rc) # TODO libgit2 #7342 loops on truncated zlib input"; fi

# --- commits without `m`: skipped, the other messages reported ------------
git_ init -q --bare "$TMP/nom.git"
git_ -C "$TMP/nom.git" symbolic-ref HEAD refs/heads/master
mk() { # mk TREE-LINE PARENT: a commit of that one-entry tree
	local t; t=$(printf '%s\n' "$1" | git_ -C "$TMP/nom.git" mktree)
	git_ -C "$TMP/nom.git" commit-tree ${2:+-p "$2"} -m x "$t"
}
b1=$(printf 'From: A <a@example.org>\nSubject: [PATCH] first\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nbody\n' | git_ -C "$TMP/nom.git" hash-object -w --stdin)
b2=$(printf 'From: B <b@example.org>\nSubject: [PATCH] second\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nbody\n' | git_ -C "$TMP/nom.git" hash-object -w --stdin)
sub=$(printf '100644 blob %s\tinner\n' "$b1" | git_ -C "$TMP/nom.git" mktree)
c=$(mk "$(printf '100644 blob %s\tm' "$b1")")
c=$(mk "$(printf '100644 blob %s\tx' "$b1")" "$c")       # a file that is not m
c=$(mk "$(printf '040000 tree %s\tm' "$sub")" "$c")      # m that is a directory
c=$(mk "$(printf '100644 blob %s\tm' "$b2")" "$c")
git_ -C "$TMP/nom.git" update-ref refs/heads/master "$c"
"$LD" "$TMP/nom.git" >"$TMP/out" 2>"$TMP/err"
is "$?" 0 "commits without m: exit 0"
is "$(sed -n '/^===== Patch list/,/^===== Patch Commit/p' "$TMP/out" | grep PATCH | tr '\n' '|')" \
	"PATCH first (A <a@example.org>; 1/1 patch)|PATCH second (B <b@example.org>; 1/1 patch)|" \
	"commits without m: skipped, both messages listed"
is "$(cat "$TMP/err")" "" "commits without m: no warning"

# --- epochs -----------------------------------------------------------------
a=$(copy epochfile) && touch "$a/git/1.git"
fault 3 "1.git: not a git repository" "epoch that is a file" "$a"
a=$(copy epochdir) && mkdir "$a/git/1.git"
fault 3 "1.git: not a git repository" "epoch that is an empty directory" "$a"
mkdir -p "$TMP/noepochs/git"
fault 3 "no epoch repositories" "git/ without epochs" "$TMP/noepochs"
a=$(copy badhead) && echo garbage >"$a/$ep/HEAD"
fault 3 "has no commits" "epoch with a garbage HEAD" "$a"
# an epoch repository without commits holds no messages: not an error
a=$(copy emptyrepo) && git_ init -q --bare "$a/git/1.git"
"$LD" "$a" >"$TMP/out" 2>/dev/null
is "$?" 0 "empty epoch repository: exit 0"
cmp -s "$TMP/out" "$TOP/tests/golden/main.expected"; ok $? "empty epoch repository: the report of the other epoch"

# --- a long history: past 1024 commits the index's walk looks the trees
# up in a second thread (source/git_walk.c); what it reports is what the
# walk alone reported: the oldest unreadable tree, and a commit that
# cannot be read before any tree
long=$TMP/long.git
git_ init -q --bare "$long"
for i in $(seq 1 1500); do
	printf 'blob\nmark :%d\ndata <<EOF\nFrom: A <a@example.org>\nSubject: m%d\nMessage-ID: <m%d@example.org>\n\nx\nEOF\n' "$i" "$i" "$i"
	printf 'commit refs/heads/master\ncommitter F <f@example.org> %d +0000\ndata 2\nm\nM 100644 :%d m\n\n' $((1700000000 + i)) "$i"
done | git_ -C "$long" fast-import --quiet
mv "$long"/objects/pack/*.pack "$TMP/long.pack" && rm -f "$long"/objects/pack/*
git_ -C "$long" unpack-objects -q <"$TMP/long.pack"
"$LD" "$long" >/dev/null 2>&1
is "$?" 0 "1,500 commits: a sound report"
lcopy() { rm -rf "$TMP/$1"; cp -r "$long" "$TMP/$1"; echo "$TMP/$1"; }
lobj() { echo "$1/objects/${2:0:2}/${2:2}"; }
a=$(lcopy longtree)
old=$(git_ -C "$a" rev-parse HEAD~1200)
rm -f "$(lobj "$a" "$(git_ -C "$a" rev-parse HEAD~1200^{tree})")" "$(lobj "$a" "$(git_ -C "$a" rev-parse HEAD~100^{tree})")"
fault 5 "commit $old or its tree cannot be read" "1,500 commits, two trees missing: the oldest named" "$a"
a=$(lcopy longboth)
c1300=$(git_ -C "$a" rev-parse HEAD~1300)
rm -f "$(lobj "$a" "$(git_ -C "$a" rev-parse HEAD~100^{tree})")" "$(lobj "$a" "$c1300")"
fault 5 "commit $c1300 or its tree cannot be read" "1,500 commits, a tree and an older commit missing: the commit named" "$a"

# --- revisions in no epoch ------------------------------------------------
fault 4 "not a commit in any epoch" "--from: a commit of another repository" --from "$c" "$good"
fault 4 "not a commit in any epoch" "--to: a blob of the archive" --to "$(git_ -C "$good/$ep" rev-parse HEAD~2:m)" "$good"
fault 4 "not a commit in any epoch" "--from: 40 zeros" --from 0000000000000000000000000000000000000000 "$good"
"$TOP/tests/lib/mkinbox.sh" "$TMP/epochs" "$TOP/tests/golden/epochs.manifest"
fault 4 "later epoch" "--from in epoch 1, --to in epoch 0" --from 19e024021 --to 658f9a46c "$TMP/epochs"

done_testing
