#!/usr/bin/env python3
"""dated.py - count the messages of a public-inbox epoch whose Date lies in
[SINCE, UNTIL), independently of listdigest: git for the commits and blobs,
Python's email package for the Date header.

usage: dated.py REPO.git SINCE UNTIL      (UTC seconds)
prints: the number of messages, then their commits (oldest first)

Rules, as the report states them: a message without a usable Date is placed
by its commit time; a message that a `d` commit of the history removes is
not counted (public-inbox deletions); every copy of a Message-ID counts (the
report's count of messages read)."""
import email.parser
import email.policy
import email.utils
import subprocess
import sys

repo, since, until = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
log = subprocess.run(["git", "-C", repo, "log", "--first-parent", "--reverse", "--format=%H %ct"],
                     check=True, capture_output=True, text=True).stdout.split("\n")
commits = [l.split() for l in log if l]
req = "".join(f"{c}:m\n{c}:d\n" for c, _ in commits).encode()
out = subprocess.run(["git", "-C", repo, "cat-file", "--batch"], input=req, check=True,
                     capture_output=True).stdout

pos = 0
def next_object():
    global pos
    nl = out.index(b"\n", pos)
    head = out[pos:nl].split()
    pos = nl + 1
    if head[-1] == b"missing":
        return None, None
    size = int(head[2])
    data = out[pos:pos + size]
    pos += size + 1
    return head[0], data

parser = email.parser.BytesParser(policy=email.policy.compat32)
msgs, deleted = [], set()
for c, ct in commits:
    mid, m = next_object()
    did, d = next_object()
    if d is not None:
        deleted.add(did)
    if m is None:
        continue
    date = parser.parsebytes(m, headersonly=True).get("Date")
    t = None
    if date:
        try:
            t = int(email.utils.parsedate_to_datetime(str(date)).timestamp())
        except (TypeError, ValueError, IndexError, OverflowError):
            t = None
    if t is None or t <= 0:
        t = int(ct)
    msgs.append((c, mid, t))

hits = [c for c, mid, t in msgs if since <= t < until and mid not in deleted]
print(len(hits))
for c in hits:
    print(c)
