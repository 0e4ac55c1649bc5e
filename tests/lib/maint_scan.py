#!/usr/bin/env python3
"""The patch postings of an archive that touch one MAINTAINERS section,
found without listdigest.

usage: maint_scan.py REPO STANZA
       maint_scan.py REPO STANZA --diffstat COMMIT...

STANZA is a file holding one section of a MAINTAINERS file (its F:, X:
and N: lines are read).  Every message of REPO (a public-inbox epoch: one
commit per message, the mail in file "m") is read with Python's email
package; a patch posting is a message whose subject is no reply (Re:,
Fwd:, Aw:, Sv:) and whose leading bracket tags hold PATCH or RFC and no
PULL.  Its files are the two paths of every "diff --git a/X b/Y" line of
its text parts, and of every "--- a/X" and "+++ b/X" line (the first
folder dropped, as get_maintainer.pl reads a diff without git's line:
quilt, diff -u).  It touches the section when a file matches an F: line
(or an N: regex) and no X: line, converted to a regex as the kernel's
scripts/get_maintainer.pl converts them ("." -> "\\.", "*" -> ".*", "?" ->
"."), matched as its file_match_pattern does: from the start, with a
trailing "/" anything may follow, else the file has as many "/" as the
pattern.  A pattern without glob characters and without the trailing
"/" is taken as a folder too (what get_maintainer.pl does when the folder
exists in the tree).  Prints the Message-IDs, one a line, sorted.

With --diffstat, for each COMMIT (a cover letter) prints "COMMIT yes" when
a diffstat line of its text (" path | 12 +-") names a file the section
takes, else "COMMIT no".
"""
import email
import email.policy
import re
import subprocess
import sys

repo, stanza = sys.argv[1:3]
F, X, N = [], [], []
for line in open(stanza, encoding="utf-8"):
    m = re.match(r"^([FXN]):\s*(.*?)\s*$", line)
    if not m or not m.group(2):
        continue
    kind, value = m.groups()
    if kind == "N":
        N.append(re.compile(value, re.X))
        continue
    rx = value.replace(".", r"\.").replace("*", ".*").replace("?", ".")
    pats = [rx]
    if not value.endswith("/") and not re.search(r"[*?\[]", value):
        pats.append(rx + "/")
    (F if kind == "F" else X).extend(pats)


def file_match(f, rx):
    if not re.match(rx, f):
        return False
    return rx.endswith("/") or f.count("/") == rx.count("/")


def touches(f):
    if any(file_match(f, x) for x in X):
        return False
    return any(file_match(f, p) for p in F) or any(n.search(f) for n in N)


REPLY = re.compile(r"^\s*((re|aw|sv|fwd?)\s*:\s*)+", re.I)
TAGS = re.compile(r"^((\s*\[[^\]]*\])+)")


def posting(subject):
    if REPLY.match(subject):
        return False
    m = TAGS.match(subject)
    if not m:
        return False
    words = re.findall(r"[A-Z0-9/.+-]+", m.group(1).upper())
    return "PULL" not in words and any(w == "RFC" or w.startswith("PATCH") for w in words)


def text_of(msg):
    out = []
    for part in msg.walk():
        if part.get_content_maintype() != "text":
            continue
        try:
            out.append(part.get_content())
        except Exception:
            payload = part.get_payload(decode=True) or b""
            out.append(payload.decode("utf-8", "replace"))
    return "\n".join(out)


cat = subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"], stdin=subprocess.PIPE,
                       stdout=subprocess.PIPE)


def message(c):
    cat.stdin.write(("%s:m\n" % c).encode())
    cat.stdin.flush()
    head = cat.stdout.readline().split()
    if len(head) < 3:
        return None   # a deleted message: no file m
    raw = cat.stdout.read(int(head[2]))
    cat.stdout.read(1)
    return email.message_from_bytes(raw, policy=email.policy.default)


if sys.argv[3:4] == ["--diffstat"]:
    for c in sys.argv[4:]:
        msg = message(c)
        stat = re.findall(r"^ (\S+?)\s+\|\s+(?:\d|Bin)", text_of(msg) if msg else "", re.M)
        print(c, "yes" if any(touches(f) for f in stat) else "no")
    sys.exit(0)

commits = subprocess.run(["git", "-C", repo, "rev-list", "--reverse", "HEAD"],
                         capture_output=True, text=True, check=True).stdout.split()
found = set()
for c in commits:
    msg = message(c)
    if msg is None:
        continue
    try:
        subject = " ".join(str(msg.get("Subject", "")).split())
    except Exception:
        continue
    if not posting(subject):
        continue
    files = []
    for line in text_of(msg).splitlines():
        m = re.match(r"^diff --git a/(\S+) b/(\S+)", line)
        if m:
            files += [m.group(1), m.group(2)]
        # a diff without git's line (quilt, diff -u): get_maintainer.pl's
        # "--- a/X" and "+++ b/X", the first folder dropped
        m = re.match(r"^(---|\+\+\+)\s+[^/\s]+/(\S+)", line)
        if m and not line.startswith("--- \n"):
            files.append(m.group(2))
    if any(touches(f) for f in files):
        mid = str(msg.get("Message-ID", "")).strip()
        found.add(mid[1:-1] if mid.startswith("<") and mid.endswith(">") else mid)
cat.stdin.close()
cat.wait()
for mid in sorted(found):
    print(mid)
