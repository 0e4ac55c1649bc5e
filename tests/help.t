#!/bin/bash
# --help and the man page list the same options and exit codes; the man
# page is well-formed; make install puts binary and page under DESTDIR.
. "$(dirname "$0")/lib/tap.sh"
MAN=$TOP/docs/listdigest.1

"$LD" --help >"$TMP/help"; is "$?" 0 "--help exits 0"
# options of --help: words starting with - at the start of an option line
grep -E '^ +-' "$TMP/help" | grep -oE '(^|[ ,])--?[a-z][a-z-]*' | tr -d ' ,' | sort -u >"$TMP/help.opts"
# options of the man page: .TP items of OPTIONS
sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$MAN" | grep -A1 '^\.TP' | grep '^\.B' |
	sed 's/\\-/-/g' | grep -oE '(^|[ "])--?[a-z][a-z-]*' | tr -d ' "' | sort -u >"$TMP/man.opts"
ok "$([ "$(wc -l <"$TMP/help.opts")" -ge 10 ]; echo $?)" "options found in --help"
diff "$TMP/help.opts" "$TMP/man.opts" >"$TMP/opts.diff"
ok $? "every option of --help is in the man page and vice versa"
sed 's/^/#   /' "$TMP/opts.diff"
# every option getopt knows is in --help
for o in $(grep -E '_argument, NULL' "$TOP/src/cli/options.c" | grep -oE '"[a-z-]+"' | tr -d '"'); do
	grep -q -- "--$o" "$TMP/help.opts"; ok $? "--$o of src/cli/options.c is in --help"
done
# exit codes
help_codes=$(sed -n '/^Exit codes/,$p' "$TMP/help" | grep -oE '\b[0-9]\b' | sort -u | tr '\n' ' ')
man_codes=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$MAN" | grep -A1 '^\.TP' | grep -oE '^\.B [0-9]+' | grep -oE '[0-9]+' | sort -u | tr '\n' ' ')
is "$man_codes" "$help_codes" "the same exit codes in --help and the man page"
enum_codes=$(grep -oE 'LD_EXIT_[A-Z]+ = [0-9]+' "$TOP/src/util/util.h" | grep -oE '[0-9]+$' | sort -u | tr '\n' ' ')
is "$help_codes" "$enum_codes" "--help lists every exit code of ld.h"

if command -v groff >/dev/null; then
	warn=$(groff -man -Tutf8 -ww -z "$MAN" 2>&1)
	is "$warn" "" "groff reads the man page without warnings"
fi

make -s -C "$TOP" install DESTDIR="$TMP/dest" PREFIX=/opt/ld >/dev/null 2>"$TMP/install.err"
ok $? "make install with DESTDIR and PREFIX"
[ -x "$TMP/dest/opt/ld/bin/listdigest" ]; ok $? "binary installed in PREFIX/bin"
[ -x "$TMP/dest/opt/ld/libexec/listdigest/listdigest-remote-http" ]; ok $? "HTTP helper installed in PREFIX/libexec/listdigest"
# the installed binary finds it (a GET to a closed port: the helper's
# libcurl message, not 'no listdigest-remote-http')
"$TMP/dest/opt/ld/bin/listdigest" --mirror-dir "$TMP/m" http://127.0.0.1:1/x/ >/dev/null 2>"$TMP/get.err"
is "$?:$(grep -c 'no listdigest-remote-http' "$TMP/get.err"):$(grep -c '^listdigest: GET http://127.0.0.1:1/x/manifest.js.gz: ' "$TMP/get.err")" "9:0:1" "the installed binary runs the installed helper"
cmp -s "$TMP/dest/opt/ld/share/man/man1/listdigest.1" "$MAN"; ok $? "man page installed in PREFIX/share/man/man1"
cmp -s "$TMP/dest/opt/ld/share/listdigest/orgs.map" "$TOP/data/orgs.map"; ok $? "starter organizations map installed in PREFIX/share/listdigest"
# the installed binary with the installed map, as README's examples use it
printf 'From mboxrd@z Thu Jan  1 00:00:00 1970\nFrom: Ann Lee <ann@intel.com>\nSubject: [PATCH] x: y\nDate: Tue, 5 Mar 2024 09:00:00 +0000\nMessage-ID: <i1@example.net>\n\nbody\n' >"$TMP/org.mbox"
"$TMP/dest/opt/ld/bin/listdigest" --orgs "$TMP/dest/opt/ld/share/listdigest/orgs.map" --mbox "$TMP/org.mbox" 2>/dev/null |
	sed -n '/^Top 15 organizations/,/^ *1 /p' | tail -1 >"$TMP/org.line"
is "$(cat "$TMP/org.line")" "      1 Intel" "installed binary and map: the organizations table"
# README's and the man page's --orgs examples name the installed map
bad=$(grep -ohE -- '--orgs [^ ]+' "$TOP/README.md" "$MAN" | sed 's/\\-/-/g' | grep -v -- '--orgs /usr/local/share/listdigest/orgs.map' | grep -v -- '--orgs FILE')
is "$bad" "" "every --orgs example names /usr/local/share/listdigest/orgs.map (make install's default)"
make -s -C "$TOP" uninstall DESTDIR="$TMP/dest" PREFIX=/opt/ld >/dev/null 2>&1
[ -e "$TMP/dest/opt/ld/share/listdigest" ]; is "$?" 1 "make uninstall removes the map and its folder"
[ -e "$TMP/dest/opt/ld/libexec/listdigest" ]; is "$?" 1 "make uninstall removes the helper and its folder"
# no progress line when stderr is not a terminal
"$TOP/tests/lib/grow.sh" "$TMP/g/git/0.git" 1 3 >/dev/null
"$LD" "$TMP/g" >/dev/null 2>"$TMP/prog.err"
is "$(tr -d -c '\r\033' <"$TMP/prog.err" | wc -c)" 0 "no progress output (CR or escape) when stderr is a file"
# on a terminal the progress line shows (after a second; the test hook
# makes that no time, so nothing here depends on the machine's speed) and
# is cleared at the end
if command -v script >/dev/null; then
	awk 'BEGIN{for(i=0;i<2000;i++)printf "From mboxrd@z Thu Jan  1 00:00:00 1970\nFrom: A <a%d@example.org>\nSubject: [PATCH] m %d\nDate: Mon, 4 Mar 2024 10:00:00 +0000\n\nb\n\n",i%50,i}' >"$TMP/big.mbox"
	LISTDIGEST_TEST_PROGRESS_AFTER=0 script -qc "'$LD' --jobs 1 --mbox '$TMP/big.mbox' -o '$TMP/big.out'" /dev/null >"$TMP/tty.out" 2>&1
	grep -q "/2000 messages read" "$TMP/tty.out"; ok $? "progress on a terminal: messages read / total"
	is "$(tail -c 4 "$TMP/tty.out" | od -An -c | tr -s ' ')" " \r 033 [ K" "progress line cleared at the end"
fi
done_testing
