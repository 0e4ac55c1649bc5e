#!/bin/bash
# --format email: a complete message that python3's email package (policy
# default) parses, whose Subject decodes to the expected text (RFC 2047 for
# a non-ASCII list name; the days the report covers; its filters) and whose
# body is exactly the text report; a Message-ID of its own for each report
# and run (issue 10); Auto-Submitted (RFC 3834); the mail options are
# checked before any work.
. "$(dirname "$0")/lib/tap.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
export SOURCE_DATE_EPOCH=1700000000
"$TOP/tests/lib/mkinbox.sh" "$TMP/main" "$TOP/tests/golden/main.manifest"

run() { # run NAME LIST-NAME
	"$LD" --list-name "$2" "$TMP/main" >"$TMP/text" 2>/dev/null
	"$LD" --format email --list-name "$2" --mail-from 'Digest Bot <digest@lists.example.org>' \
		--mail-to 'kvm@example.org, Zoë <zoe@example.net>' "$TMP/main" >"$TMP/mail" 2>/dev/null
	is "$?" 0 "$1: exit code"
	"$PY" - "$TMP/mail" "$TMP/text" "$2 mailing list update from 2023-11-14 to 2024-03-15" \
		>"$TMP/py.out" 2>&1 <<'PYEOF'
import re, sys, email, email.policy
raw = open(sys.argv[1], "rb").read()
text = open(sys.argv[2], "rb").read().decode("utf-8")
msg = email.message_from_bytes(raw, policy=email.policy.default)
checks = [
    ("Subject", str(msg["Subject"]), sys.argv[3]),
    ("From", str(msg["From"]), "Digest Bot <digest@lists.example.org>"),
    ("To", str(msg["To"]), "kvm@example.org, Zoë <zoe@example.net>"),
    ("Date", str(msg["Date"]), "Tue, 14 Nov 2023 22:13:20 +0000"),
    ("Message-ID", re.fullmatch(r"<listdigest\.20231114T221320Z\.[0-9a-f]{24}@lists\.example\.org>",
                                str(msg["Message-ID"])) is not None, True),
    ("Auto-Submitted", str(msg["Auto-Submitted"]), "auto-generated"),
    ("MIME-Version", str(msg["MIME-Version"]), "1.0"),
    ("content type", msg.get_content_type(), "text/plain"),
    ("charset", msg.get_content_charset(), "utf-8"),
    ("transfer encoding", msg["Content-Transfer-Encoding"] in ("quoted-printable", "8bit", "7bit"), True),
    ("defects", [str(d) for d in msg.defects], []),
    ("body", msg.get_content(), text),
    ("ASCII headers", all(b < 128 for b in raw.split(b"\n\n", 1)[0]), True),
    ("line length", max(len(l) for l in raw.split(b"\n")) <= 998, True),
]
bad = 0
for name, got, want in checks:
    if got != want:
        bad = 1
        print("%s: got %r, want %r" % (name, got if name != "body" else got[:200], want if name != "body" else want[:200]))
sys.exit(bad)
PYEOF
	ok $? "$1: parses; Subject, From, To, Date, Message-ID, MIME headers and body as expected"
	sed 's/^/#   /' "$TMP/py.out"
}
run "ASCII list name" "VIRT"
run "non-ASCII list name" "Łódź-Virt"
grep -q '^Subject: =?UTF-8?' "$TMP/mail"; ok $? "non-ASCII Subject uses RFC 2047 encoded words"

# The identity of a report: the same report at the same time is the same
# message; another range, other filters, another time or another list of
# recipients is another message (mail stores and public-inbox drop a
# Message-ID they already have)
hdr() { # hdr HEADER [options...]
	local h=$1; shift
	"$LD" --format email --mail-from d@example.org --mail-to l@example.org "$@" "$TMP/main" 2>/dev/null |
		"$PY" -c 'import sys, email, email.policy
m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
print(m[sys.argv[1]])' "$h"
}
first=$(git -C "$TMP/main/git/0.git" rev-list --reverse HEAD | sed -n 5p)
base=$(hdr Message-ID)
is "$(hdr Message-ID)" "$base" "Message-ID: the same report at the same time is the same message"
[ "$base" != "$(hdr Message-ID --from "$first")" ]; ok $? "Message-ID differs for another range"
[ "$base" != "$(hdr Message-ID --path virt/)" ]; ok $? "Message-ID differs with a filter"
[ "$base" != "$(hdr Message-ID --author alice)" ]; ok $? "Message-ID differs with another filter"
[ "$base" != "$(SOURCE_DATE_EPOCH=1700000060 hdr Message-ID)" ]; ok $? "Message-ID differs at another time"
is "$(hdr Subject --since 2024-03-05 --until 2024-03-06)" "VIRT mailing list update for 2024-03-05" \
	"Subject: the day of a one-day window"
is "$(hdr Subject --since 2024-03-05 --until 2024-03-08)" "VIRT mailing list update from 2024-03-05 to 2024-03-07" \
	"Subject: the days of a window (--until exclusive)"
is "$(hdr Subject --path virt/ --path 'docs/*' --author alice --domain example.com --grep '^(virt|frob):')" \
	"VIRT mailing list update from 2023-11-14 to 2024-03-15 (only path virt/ or docs/*; author alice; domain example.com; grep ^(virt|frob):)" \
	"Subject: the filters"
is "$(hdr Subject --author 'x =?utf-8?q?BCC=3A_x?=')" \
	"VIRT mailing list update from 2023-11-14 to 2024-03-15 (only author x = ?utf-8?q?BCC=3A_x?=)" \
	"Subject: text that looks like an encoded word is not one"

# from an mbox: a valid msg-id (RFC 5322: dot-atom-text @ dot-atom-text)
printf 'From x@y Mon Mar  4 10:00:00 2024\nFrom: A <a@example.org>\nSubject: [PATCH] x\nDate: Mon, 4 Mar 2024 10:00:00 +0000\nMessage-ID: <m1@example.org>\n\nbody\n' >"$TMP/one.mbox"
mid=$("$LD" --mbox "$TMP/one.mbox" --format email --mail-from 'd@example.org' --mail-to l@example.org 2>/dev/null |
	sed -n 's/^Message-Id: //p')
[[ "$mid" =~ ^\<[A-Za-z0-9.!#\$%\&\'*+/=?^_\`{|}~-]+@[A-Za-z0-9.-]+\>$ ]]; ok $? "mbox: Message-ID is valid ($mid)"

# usage errors before any work: a missing inbox would give 3, not 2
for args in "--mail-to l@example.org" "--mail-from d@example.org" \
	    "--mail-from nobody --mail-to l@example.org" \
	    "--mail-from d@example.org,e@example.org --mail-to l@example.org" \
	    "--mail-from d@example.org --mail-to not-an-address"; do
	read -r -a a <<<"$args"
	"$LD" --format email "${a[@]}" "$TMP/no-such-inbox" >"$TMP/out" 2>"$TMP/err"
	is "$?" 2 "usage error before any work: $args"
	is "$(wc -c <"$TMP/out")-$(wc -l <"$TMP/err")" "0-1" "  one line on stderr, nothing on stdout"
done
"$LD" --format bogus "$TMP/main" >/dev/null 2>&1
is "$?" 2 "unknown --format is a usage error"
done_testing
