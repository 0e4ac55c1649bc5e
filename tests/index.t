#!/bin/bash
# The archive index (src/store/index.c): where it lives, that a damaged, cut or
# older file is detected and built again (never trusted), that the
# incremental update gives the very bytes of a fresh build, and that a
# cache others could write is refused with one warning line.
. "$(dirname "$0")/lib/tap.sh"
GROW=$TOP/tests/lib/grow.sh
export SOURCE_DATE_EPOCH=1700000000

in=$TMP/inbox
"$TOP/tests/lib/mkinbox.sh" "$in" "$TOP/tests/golden/series.manifest"
C=$TMP/c
report() { "$LD" --cache-dir "$C" "$@" "$in" 2>"$TMP/err"; }
idx() { ls "$C"/*.index; }

report >"$TMP/fresh.txt"; is "$?" 0 "first run builds the index"
is "$(ls "$C" | wc -l)" 1 "one index file in the cache"
is "$(stat -c %a "$C")" 700 "a new cache directory is private (0700)"
is "$(stat -c %a "$(idx)")" 600 "the index file is 0600"
is "$(head -c 8 "$(idx)")" "LDINDEX" "binary format with its magic"
is "$(cat "$TMP/err")" "" "no warning"
cp "$(idx)" "$TMP/good.index"
report >/dev/null; cmp -s "$(idx)" "$TMP/good.index"; ok $? "second run: the index is left as it is"
rm -rf "$C"; report >/dev/null; cmp -s "$(idx)" "$TMP/good.index"; ok $? "a fresh build gives the same bytes"
"$LD" --no-index "$in" >"$TMP/noindex.txt" 2>/dev/null
grep -q 'supersedes v1' "$TMP/fresh.txt"; ok $? "the report with the index says which version a series replaces"
grep -q 'supersedes' "$TMP/noindex.txt"; ok $((!$?)) "--no-index: no supersedes"

# format 5: each message's blob size, as git says it (a warm run reads
# the blob without looking at its header first)
IX="python3 $TOP/tests/lib/ixfile.py"
$IX sizes "$(idx)" >"$TMP/sizes.all"
sort -u "$TMP/sizes.all" >"$TMP/sizes"
for r in "$in"/git/*.git; do
	cut -d' ' -f1 "$TMP/sizes" | git -C "$r" cat-file --batch-check='%(objectname) %(objectsize)'
done | grep -v ' missing$' | sort -u >"$TMP/git-sizes"
is "$(grep -c ' [0-9]*$' "$TMP/sizes.all") $(grep -c ' -$' "$TMP/sizes.all")" "$(grep -c '^add ' "$TOP/tests/golden/series.manifest") 0" "format 5: a size for every message"
cmp -s "$TMP/sizes" "$TMP/git-sizes"; ok $? "format 5: the sizes git cat-file gives"

# damaged files: each is detected, built again, and the report unchanged
damage() { # damage NAME COMMAND...: run COMMAND on the index, then a report
	local name=$1; shift
	cp "$TMP/good.index" "$(idx)"
	"$@" "$(idx)"
	report >"$TMP/out.txt"; is "$?" 0 "$name: exit code"
	cmp -s "$TMP/out.txt" "$TMP/fresh.txt"; ok $? "$name: the same report"
	cmp -s "$(idx)" "$TMP/good.index"; ok $? "$name: the index was built again"
}
size=$(stat -c %s "$TMP/good.index")
cut_half() { truncate -s $((size / 2)) "$1"; }
cut_trailer() { truncate -s $((size - 1)) "$1"; }
empty() { : >"$1"; }
flip() { # one byte in the string pool, one in the records, one in the header
	printf '\x5a' | dd of="$1" bs=1 seek=$(($2)) conv=notrunc 2>/dev/null; }
flip_strings() { flip "$1" $((size - 100)); }
flip_records() { flip "$1" 200; }
old_version() { printf '\x01' | dd of="$1" bs=1 seek=8 conv=notrunc 2>/dev/null; }
text_v1() { printf 'listdigest-index 1\nepoch\t0\t%040d\n' 0 >"$1"; }
garbage() { head -c 5000 /dev/urandom >"$1"; }
huge_count() { printf '\xff\xff\xff\xff\xff\xff\xff\x7f' | dd of="$1" bs=1 seek=24 conv=notrunc 2>/dev/null; }
damage "cut in half" cut_half
damage "last byte cut" cut_trailer
damage "empty file" empty
damage "a byte of a string flipped" flip_strings
damage "a byte of a record flipped" flip_records
damage "older format version" old_version
damage "the text format of version 1" text_v1
damage "random bytes" garbage
damage "absurd record count" huge_count
# what listdigest wrote before format 5 (sound, with its checksum; the
# same bytes as that version's own file: checked by hand against 2caaebd)
to_v4() { $IX v4 "$1" "$TMP/v4.index" && mv "$TMP/v4.index" "$1"; }
damage "a sound version 4 file (no sizes)" to_v4

# a blob whose size is not what the index recorded: the clone or the
# index is damaged (a blob is named by its contents): one line, exit 5,
# as for a damaged blob; removing the index file builds it again
resized() { # resized NAME SIZE
	$IX resize "$TMP/good.index" "$(idx)" "$2"
	report >"$TMP/out.txt"; is "$?" 5 "$1: exit 5"
	is "$(wc -l <"$TMP/err")" 1 "$1: one line"
	grep -q "^listdigest: .*: message blob [0-9a-f]\{40\} of commit [0-9a-f]\{40\} holds [0-9]* bytes where the archive index recorded $2; the clone or the index is damaged" "$TMP/err"
	ok $? "$1: says the blob's size and the recorded one"
	is "$(wc -c <"$TMP/out.txt")" 0 "$1: no report"
}
first=$($IX sizes "$TMP/good.index" | awk '$2 != "-" { print $2; exit }')
resized "a recorded size one byte more" $((first + 1))
resized "a recorded size over the size limit (checked, not skipped)" $((1 << 31))
resized "a recorded size 0" 0
rm "$(idx)"; report >"$TMP/out.txt"; is "$?" 0 "index file removed: built again"
cmp -s "$(idx)" "$TMP/good.index"; ok $? "index file removed: the same index"

# incremental: new messages are added, and the result is what a fresh
# build of the grown archive gives, byte for byte
g=$TMP/grown
"$GROW" "$g/git/0.git" 1 5 >/dev/null
"$LD" --cache-dir "$TMP/gc" "$g" >/dev/null 2>&1
"$GROW" "$g/git/0.git" 6 9 >/dev/null
"$GROW" "$g/git/1.git" 10 12 >/dev/null
"$LD" --cache-dir "$TMP/gc" "$g" >"$TMP/g1.txt" 2>&1; is "$?" 0 "incremental: exit code"
"$LD" --cache-dir "$TMP/gc2" "$g" >"$TMP/g2.txt" 2>&1
cmp -s "$TMP"/gc/*.index "$TMP"/gc2/*.index; ok $? "incremental (new commits, a new epoch) = a fresh build"
# a rewritten epoch (public-inbox-purge): that epoch again
git -C "$g/git/0.git" update-ref refs/heads/master "$(git -C "$g/git/0.git" rev-parse master~2)"
"$GROW" "$g/git/0.git" 20 21 >/dev/null
"$LD" --cache-dir "$TMP/gc" "$g" >/dev/null 2>&1; is "$?" 0 "rewritten epoch: exit code"
rm -rf "$TMP/gc2"; "$LD" --cache-dir "$TMP/gc2" "$g" >/dev/null 2>&1
cmp -s "$TMP"/gc/*.index "$TMP"/gc2/*.index; ok $? "rewritten epoch: indexed again, = a fresh build"

# trust: a cache others may write, or not the user's, is refused
refused() { # refused NAME PATTERN
	report >"$TMP/out.txt"; is "$?" 0 "$1: the run goes on"
	is "$(wc -l <"$TMP/err")" 1 "$1: one warning line"
	grep -q "$2" "$TMP/err"; ok $? "$1: says '$2'"
	cmp -s "$TMP/out.txt" "$TMP/noindex.txt"; ok $? "$1: the report without the index"
}
cp "$TMP/good.index" "$(idx)"
chmod 0777 "$C"; refused "cache directory 0777" "writable by group or others"
chmod 0700 "$C"; chmod 0666 "$(idx)"; refused "index file 0666" "writable by group or others"
chmod 0600 "$(idx)"
if [ "$(id -u)" = 0 ]; then
	chown nobody "$(idx)"; refused "index of another user" "belongs to another user"
	chown root "$(idx)"
	chown nobody "$C"; refused "cache directory of another user" "belongs to another user"
	chown root "$C"
else
	ok 0 "# SKIP chown tests need root"
fi
f=$(idx); mv "$f" "$TMP/moved.index"; ln -s "$TMP/moved.index" "$f"
refused "index file is a symlink" "not a regular file"
rm -f "$f"

# no HOME and no cache given: no index, one warning, nothing in the
# current directory
mkdir "$TMP/cwd"
(cd "$TMP/cwd" && env -u HOME -u XDG_CACHE_HOME -u LISTDIGEST_CACHE "$LD" "$in" >"$TMP/out.txt" 2>"$TMP/err")
is "$?" 0 "no HOME: the run goes on"
is "$(wc -l <"$TMP/err")" 1 "no HOME: one warning line"
grep -q "no place for the archive index" "$TMP/err"; ok $? "no HOME: says there is no place for the index"
is "$(ls -A "$TMP/cwd")" "" "no HOME: nothing written in the current directory"
cmp -s "$TMP/out.txt" "$TMP/noindex.txt"; ok $? "no HOME: the report without the index"

done_testing
