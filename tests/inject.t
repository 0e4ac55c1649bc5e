#!/bin/bash
# Mail text that tries to become part of what listdigest writes around it
# (issue 11): a List-Id made of RFC 2047 encoded words must not reach the
# Subject as something a mail reader decodes (a forged line, a Bcc); a
# List-Id with '?', '#' or '/' must not shape the lore URL; a Message-ID
# "." or ".." gets no link; bidi controls in names are gone from what is
# shown.  The mails come from tests/lib/inject.py.
. "$(dirname "$0")/lib/tap.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
export SOURCE_DATE_EPOCH=1700000000
MAIL=(--format email --mail-from 'Digest <digest@lists.example.org>' --mail-to kvm@example.org)

# --- a List-Id of encoded words ------------------------------------------
EVIL='=?UTF-8?Q?ACCOUNT_SUSPENDED=3A_LOG_IN_AT_HTTPS=3A=2F=2FEVIL=2EEXAMPLE=0D=0ABCC=3A_X=40EVIL?=.lists.example.org'
"$PY" "$TOP/tests/lib/inject.py" "$TMP/hostile.mbox" "$EVIL"
"$LD" --mbox "$TMP/hostile.mbox" "${MAIL[@]}" >"$TMP/evil.eml" 2>"$TMP/evil.err"
is "$?" 0 "encoded-word List-Id: exit code"
"$PY" - "$TMP/evil.eml" >"$TMP/py.out" 2>&1 <<'PYEOF'
import sys, email, email.policy
raw = open(sys.argv[1], "rb").read()
msg = email.message_from_bytes(raw, policy=email.policy.default)
subj = str(msg["Subject"])
bad = []
if any(c in subj for c in "\r\n"):
    bad.append("line break in the decoded Subject: %r" % subj)
if "BCC" in subj.upper() or "EVIL" in subj.upper() or "=?" in subj:
    bad.append("List-Id text in the Subject: %r" % subj)
if not subj.startswith("HOSTILE mailing list update "):
    bad.append("Subject does not start with the mbox's name: %r" % subj)
for k in msg.keys():
    if k.lower() not in ("date", "from", "to", "subject", "message-id", "mime-version",
                         "content-type", "content-transfer-encoding", "auto-submitted"):
        bad.append("unexpected header %s" % k)
if msg.defects:
    bad.append("defects: %r" % msg.defects)
print("\n".join(bad))
sys.exit(1 if bad else 0)
PYEOF
ok $? "encoded-word List-Id: Subject is plain, no other header"
sed 's/^/#   /' "$TMP/py.out"
grep -qi '^bcc' "$TMP/evil.eml"; is "$?" 1 "encoded-word List-Id: no Bcc line"

# the derived name is a plain token also in the other formats
"$LD" --mbox "$TMP/hostile.mbox" --format json >"$TMP/evil.json" 2>/dev/null
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["list"]["name"], repr(d["list"]["lore_url"]))' \
	"$TMP/evil.json" >"$TMP/name"
is "$(cat "$TMP/name")" "HOSTILE ''" "encoded-word List-Id: JSON list name is the mbox's, no lore URL"

# --- a List-Id that would shape the URL ------------------------------------
for id in 'x?q=1.example.org' 'x#frag.example.org' 'a/b.example.org' '..' 'x%2F.example.org'; do
	"$PY" "$TOP/tests/lib/inject.py" "$TMP/u.mbox" "$id"
	"$LD" --mbox "$TMP/u.mbox" --format json >"$TMP/u.json" 2>/dev/null
	"$PY" - "$TMP/u.json" >"$TMP/u.out" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
urls = [d["list"]["lore_url"]] + [p["url"] for p in d["postings"] if p["url"]]
print(" ".join(u for u in urls if u) or "none")
PYEOF
	is "$(cat "$TMP/u.out")" "none" "List-Id <$id>: no lore URL from it"
done

# --- Message-IDs "." and "..", and the links of a plain List-Id ------------
"$PY" "$TOP/tests/lib/inject.py" "$TMP/h.mbox"
for f in json html markdown text email; do
	"$LD" --mbox "$TMP/h.mbox" --format $f --mail-from d@example.org --mail-to l@example.org >"$TMP/h.$f" 2>/dev/null
	grep -qE 'kernel\.org/kvm/(\.|%2E){1,2}/' "$TMP/h.$f"; is "$?" 1 "$f: no link to a dot segment"
	grep -qF 'https://lore.kernel.org/kvm/single@example.org/' "$TMP/h.$f"; ok $? "$f: other messages linked"
done
"$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(repr(p["url"]) for p in d["postings"] if p["message_id"] in (".", "..")))' "$TMP/h.json" >"$TMP/dots"
is "$(cat "$TMP/dots")" "None None" "json: url null for Message-IDs '..' and '.'"
# text: a series and a New entry of a message with a page get b4's
# "Link: URL" line; the dot segments and --lore-url "" get none
grep -qxF '  Link: https://lore.kernel.org/kvm/single@example.org/' "$TMP/h.text"; ok $? "text: the series' Link line"
grep -qxF 'Link: https://lore.kernel.org/kvm/single@example.org/' "$TMP/h.text"; ok $? "text: the New entry's Link line"
"$LD" --mbox "$TMP/h.mbox" --lore-url "" 2>/dev/null | grep -c 'Link:' >"$TMP/nolinks"
is "$(cat "$TMP/nolinks")" 0 "text with --lore-url '': no Link line"

# --- bidi controls and zero-width characters in a name ---------------------
for f in text markdown html; do
	"$LD" --mbox "$TMP/h.mbox" --format $f >"$TMP/b.$f" 2>/dev/null
	grep -qaF -e $'\xe2\x80\xae' -e $'\xe2\x81\xa6' -e $'\xe2\x80\x8b' -e $'\xef\xbb\xbf' "$TMP/b.$f"
	is "$?" 1 "$f: no bidi control or zero-width character from mail"
done
grep -qF 'Zo\u00eb \u202e\u2066evil\u200b\ufeff' "$TMP/h.json" || grep -qF 'Zoë \u202e\u2066evil\u200b\ufeff' "$TMP/h.json"
ok $? "json: the name's controls kept, escaped"
done_testing
