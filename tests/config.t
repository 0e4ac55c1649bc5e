#!/bin/bash
# The configuration file (src/cli/config.c, read by libgit2's parser in
# src/source/git_config.c): where it is looked for, [listdigest] and
# [list "NAME"] sections, which [list] applies (list name, INBOX as given,
# its last component, a URL's, an mbox's name), precedence (file <
# matching list section < command line; `path` replaced as a whole),
# file values relative to the file, every key, and the errors: one line
# naming FILE:LINE, exit 2.
. "$(dirname "$0")/lib/tap.sh"
D=$TOP/tests/data
CFG=$XDG_CONFIG_HOME/listdigest/config
mkdir -p "$(dirname "$CFG")"

grep '^add ' "$TOP/tests/golden/main.manifest" | sed 's|^add \.\./data/||' >"$TMP/list"
while read -r f; do
	echo "From mboxrd@z Thu Jan  1 00:00:00 1970"
	sed 's/^\(>*From \)/>\1/' "$D/$f"
	echo
done <"$TMP/list" >"$TMP/virt.mbox"
M=$TMP/virt.mbox
"$TOP/tests/lib/mkinbox.sh" "$TMP/virt-inbox" "$TOP/tests/golden/main.manifest"
title() { sed -n 2p; }
tops() { grep -c '^Top [0-9]* \|^===== Top [0-9]* '; }
topn() { sed -n 's/^Top \([0-9]*\) contributor Email domains.*/\1/p'; }

# no file: the defaults (and no error)
is "$("$LD" --mbox "$M" 2>/dev/null | topn)" 15 "no configuration file: defaults"
"$LD" --mbox "$M" >"$TMP/plain.out" 2>/dev/null

# [listdigest]
cat >"$CFG" <<'EOF'
# the user's defaults
[listdigest]
	top = 3
	list-name = Frob
EOF
"$LD" --mbox "$M" >"$TMP/a.out" 2>"$TMP/a.err"
is "$?" 0 "[listdigest]: exit 0"
is "$(topn <"$TMP/a.out")/$(title <"$TMP/a.out")" "3/Frob mailing list update from 2024-03-04 10:15 to 2024-03-14 10:00" "[listdigest]: top and list-name"
is "$("$LD" --top 5 --list-name Cli --mbox "$M" 2>/dev/null | sed -n '2p;/^Top [0-9]* contributor Email/p' | tr '\n' '|')" \
	"Cli mailing list update from 2024-03-04 10:15 to 2024-03-14 10:00|Top 5 contributor Email domains (Based on Email Body)|" \
	"the command line wins over [listdigest]"

# [list "NAME"]: which section applies
cat >"$CFG" <<'EOF'
[listdigest]
	top = 3
[list "virt"]
	top = 4
[list "other"]
	top = 9
EOF
is "$("$LD" --mbox "$M" 2>/dev/null | topn)" 4 "[list \"virt\"] applies to --mbox .../virt.mbox (name without extension)"
is "$("$LD" --mbox "$M" --top 2 2>/dev/null | topn)" 2 "the command line wins over [list]"
cp "$M" "$TMP/other.mbox"
is "$("$LD" --mbox "$TMP/other.mbox" 2>/dev/null | topn)" 9 "[list \"other\"] applies to other.mbox"
cp "$M" "$TMP/third.mbox"
is "$("$LD" --mbox "$TMP/third.mbox" 2>/dev/null | topn)" 3 "no [list] for third.mbox: [listdigest] only"
is "$("$LD" --mbox "$TMP/third.mbox" --list-name OTHER 2>/dev/null | topn)" 9 "[list] found by the --list-name given (case ignored)"
# an inbox: by its path as given, by its last component, by a URL's
"$TOP/tests/lib/mkinbox.sh" "$TMP/lists/virt" "$TOP/tests/golden/main.manifest" >/dev/null 2>&1
cat >"$CFG" <<EOF
[list "$TMP/lists/virt/"]
	top = 6
EOF
is "$("$LD" "$TMP/lists/virt" 2>/dev/null | topn)" 6 "[list \"PATH/\"] applies to INBOX PATH (trailing / ignored)"
printf '[list "VIRT"]\n\ttop = 7\n' >"$CFG"
is "$("$LD" "$TMP/lists/virt/" 2>/dev/null | topn)" 7 "[list \"VIRT\"] applies to INBOX .../virt/ (last component, case ignored)"
# (a bad value shows which section was taken)
printf '[list "https://lore.example.org/virt/"]\n\ttop = url\n' >"$CFG"
"$LD" --offline --mirror-dir "$TMP/none" https://lore.example.org/virt/ >/dev/null 2>"$TMP/u.err"
is "$?/$(cat "$TMP/u.err")" "2/listdigest: $CFG:2: --top 'url': expected a whole number from 0 to 1000000" "[list \"URL\"] applies to that URL INBOX"
printf '[list "virt"]\n\ttop = name\n' >"$CFG"
"$LD" --offline --mirror-dir "$TMP/none" https://lore.example.org/virt >/dev/null 2>"$TMP/u.err"
is "$?/$(cat "$TMP/u.err")" "2/listdigest: $CFG:2: --top 'name': expected a whole number from 0 to 1000000" "[list \"virt\"] applies to https://lore.example.org/virt (the URL's last component)"

# every key
cat >"$TMP/orgs.map" <<'EOF'
example.com	Example Corp
EOF
printf 'Alice M <alice.moreau@example.com> Alice Moreau <alice.moreau@example.com>\n' >"$TMP/mailmap"
printf 'bob@example.org\n' >"$TMP/bots"
cat >"$CFG" <<EOF
[listdigest]
	format = markdown
[list "virt"]
	format = email
	mail-from = digest@example.org
	mail-to = virt@example.org, other@example.org
	orgs = ../../orgs.map
	mailmap = ~/mailmap
	bots = $TMP/bots
	path = drivers/virt/frob/ring.c
	path = Documentation/
	top = 2
	list-name = Frobbers
EOF
HOME=$TMP SOURCE_DATE_EPOCH=1700000000 "$LD" --mbox "$M" >"$TMP/k.out" 2>"$TMP/k.err"
is "$?" 0 "every key: exit 0"
grep -q '^To: virt@example.org, other@example.org$' "$TMP/k.out"; ok $? "mail-to (and format = email from [list] over markdown from [listdigest])"
grep -q '^From: digest@example.org$' "$TMP/k.out"; ok $? "mail-from"
grep -q '^Subject: Frobbers mailing list update' "$TMP/k.out"; ok $? "list-name"
grep -q '^Top 2 organizations' "$TMP/k.out"; ok $? "orgs (relative to the configuration file's folder) and top"
grep -q '^      [0-9]  Alice M <alice.moreau@example.com>$' "$TMP/k.out"; ok $? "mailmap (~/ is HOME)"
grep -q 'Bob Lindqvist' "$TMP/k.out"; is "$?" 1 "bots: the bot is no reviewer or participant"
HOME=$TMP "$LD" --mbox "$M" --format text 2>/dev/null | title >"$TMP/t.out"
is "$(cat "$TMP/t.out")" "Frobbers mailing list update from 2024-03-04 10:15 to 2024-03-14 10:00 (only path drivers/virt/frob/ring.c or Documentation/)" "path, twice: both (and --format on the command line over the file's)"
HOME=$TMP SOURCE_DATE_EPOCH=1700000000 "$LD" --mbox "$M" --path arch/ --format text >"$TMP/p.out" 2>/dev/null
grep -q '(only path arch/)' "$TMP/p.out"; ok $? "--path on the command line replaces the file's paths"

# lore-url, cache-dir (relative: beside the file), jobs
printf '[listdigest]\n\tlore-url = https://mail.example.net/virt/\n\tcache-dir = cache\n\tjobs = 1\n' >"$TMP/links.cfg"
"$LD" --config "$TMP/links.cfg" "$TMP/virt-inbox" >"$TMP/l.out" 2>"$TMP/l.err"
is "$?" 0 "lore-url, cache-dir, jobs: exit 0"
grep -q '^  Link: https://mail.example.net/virt/' "$TMP/l.out"; ok $? "lore-url: the Link lines use it"
ls "$TMP"/cache/*.index >/dev/null 2>&1; ok $? "cache-dir: the index is beside the configuration file"
"$LD" --config "$TMP/links.cfg" --lore-url https://lore.example.org/v/ "$TMP/virt-inbox" 2>/dev/null | grep -c '^  Link: https://lore.example.org/v/' >"$TMP/l.n"
[ "$(cat "$TMP/l.n")" -gt 0 ]; ok $? "--lore-url on the command line wins"

# --config FILE: instead of the default file
printf '[listdigest]\n\ttop = 1\n' >"$TMP/other.cfg"
is "$("$LD" --config "$TMP/other.cfg" --mbox "$TMP/third.mbox" 2>/dev/null | topn)" 1 "--config FILE is read instead of the default file"
rm -f "$CFG"
is "$(XDG_CONFIG_HOME= HOME=$TMP/h "$LD" --mbox "$TMP/third.mbox" 2>/dev/null | topn)" 15 "HOME without .config/listdigest/config: no configuration"
mkdir -p "$TMP/h/.config/listdigest"; printf '[listdigest]\n\ttop = 12\n' >"$TMP/h/.config/listdigest/config"
is "$(XDG_CONFIG_HOME= HOME=$TMP/h "$LD" --mbox "$TMP/third.mbox" 2>/dev/null | topn)" 12 "no XDG_CONFIG_HOME: ~/.config/listdigest/config"

# errors: one line, FILE:LINE, exit 2, no report
err() { # err NAME WANT-STDERR [ARGS...]: runs with the default file
	local name=$1 want=$2; shift 2
	"$LD" "$@" >"$TMP/e.out" 2>"$TMP/e.err"
	local rc=$?
	is "$rc/$(cat "$TMP/e.err")" "2/$want" "$name"
	[ -s "$TMP/e.out" ]; is "$?" 1 "$name: no report"
}
printf '[listdigest]\n\ttop = 3\n[list "virt"\n\ttop = 4\n' >"$CFG"
err "syntax error" "listdigest: $CFG:3: missing ']' in section header; fix the file (git-config syntax: man git-config)" --mbox "$M"
printf '[listdigest]\n\ttop = 3\n\n[list "elsewhere"]\n\tmail-too = x@example.org\n' >"$CFG"
err "unknown key, also in a section that does not apply" "listdigest: $CFG:5: unknown key 'mail-too' in [list \"elsewhere\"]; the keys are mail-to, mail-from, orgs, mailmap, path, list-name, top, bots, format, lore-url, mirror-dir, cache-dir, jobs, maintainers, subsystem, waiting-days, waiting-age (man listdigest, CONFIGURATION)" --mbox "$M"
printf '[listdigest]\n\ttop = 3\n[list "virt"]\n\ttop = 4\n\ttop = many\n' >"$CFG"
err "bad value: the line of that value" "listdigest: $CFG:5: --top 'many': expected a whole number from 0 to 1000000" --mbox "$M"
printf '[listdigest]\n\tformat\n' >"$CFG"
err "key without value" "listdigest: $CFG:2: 'format' needs a value (format = ...)" --mbox "$M"
printf '[listdigest]\n\torgs = nothere.map\n' >"$CFG"
"$LD" --mbox "$M" >/dev/null 2>"$TMP/e.err"
is "$?" 2 "orgs file missing: exit 2"
grep -q "$(dirname "$CFG")/nothere.map" "$TMP/e.err"; ok $? "orgs file missing: the message names the path beside the configuration file"
rm -f "$CFG"; mkdir "$CFG"
err "the default path is a folder" "listdigest: $CFG is a folder, not a regular file; give a configuration file" --mbox "$M"
rmdir "$CFG"
err "--config FILE missing" "listdigest: --config $TMP/nope: No such file or directory; give an existing configuration file" --config "$TMP/nope" --mbox "$M"
# a broken file does not stop --help
printf '[broken\n' >"$CFG"
"$LD" --help >/dev/null 2>&1; is "$?" 0 "--help with a broken configuration file: 0"
# other programs' sections are left alone, as git does
printf '[core]\n\tfoo = bar\n[listdigest]\n\ttop = 2\n' >"$CFG"
is "$("$LD" --mbox "$M" 2>/dev/null | topn)" 2 "other sections ignored"
rm -f "$CFG"

# maintainers (a file value, relative to the file) and subsystem: the same
# report as the options; the command line's --subsystem wins
cp "$TOP/tests/golden/series.maintainers" "$TMP/cfgm/MAINTAINERS" 2>/dev/null ||
	{ mkdir -p "$TMP/cfgm" && cp "$TOP/tests/golden/series.maintainers" "$TMP/cfgm/MAINTAINERS"; }
printf '[list "virt-inbox"]\n\tmaintainers = MAINTAINERS\n\tsubsystem = virt frob driver\n' >"$TMP/cfgm/config"
"$LD" --config "$TMP/cfgm/config" "$TMP/virt-inbox" >"$TMP/cfgm.out" 2>/dev/null
: >"$TMP/cfgm/empty"
"$LD" --config "$TMP/cfgm/empty" --maintainers "$TOP/tests/golden/series.maintainers" --subsystem 'VIRT FROB DRIVER' \
	"$TMP/virt-inbox" >"$TMP/cfgm.cli" 2>/dev/null
cmp -s "$TMP/cfgm.out" "$TMP/cfgm.cli" && grep -q '(only subsystem VIRT FROB DRIVER)$' "$TMP/cfgm.out"
ok $? "config maintainers and subsystem: the report of the options"
is "$("$LD" --config "$TMP/cfgm/config" --subsystem doorbell "$TMP/virt-inbox" 2>/dev/null | title)" \
	"VIRT mailing list update from start to $(git -C "$TMP/virt-inbox/git/0.git" rev-parse --short=9 HEAD) (only subsystem VIRT FROB DOORBELL)" \
	"config subsystem: the command line's wins"

done_testing
