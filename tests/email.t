#!/bin/bash
# --format email: a complete message that python3's email package (policy
# default) parses, whose Subject decodes to the expected text (RFC 2047 for
# a non-ASCII list name) and whose body is exactly the text report; the
# mail options are checked before any work.
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
	"$PY" - "$TMP/mail" "$TMP/text" "$2 mailing list update from start to 1cfb570db" \
		>"$TMP/py.out" 2>&1 <<'PYEOF'
import sys, email, email.policy
raw = open(sys.argv[1], "rb").read()
text = open(sys.argv[2], "rb").read().decode("utf-8")
msg = email.message_from_bytes(raw, policy=email.policy.default)
checks = [
    ("Subject", str(msg["Subject"]), sys.argv[3]),
    ("From", str(msg["From"]), "Digest Bot <digest@lists.example.org>"),
    ("To", str(msg["To"]), "kvm@example.org, Zoë <zoe@example.net>"),
    ("Date", str(msg["Date"]), "Tue, 14 Nov 2023 22:13:20 +0000"),
    ("Message-ID", str(msg["Message-ID"]).startswith("<listdigest.") and
        str(msg["Message-ID"]).endswith(".start.1cfb570db@lists.example.org>"), True),
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

# same range and list -> same Message-ID; another range -> another one
mid() { "$LD" --format email --mail-from d@example.org --mail-to l@example.org "$@" "$TMP/main" 2>/dev/null | grep -i '^Message-Id:'; }
first=$(git -C "$TMP/main/git/0.git" rev-list --reverse HEAD | sed -n 5p)
is "$(mid)" "$(mid)" "Message-ID is deterministic"
[ "$(mid)" != "$(mid --from "$first")" ]; ok $? "Message-ID differs for another range"

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
