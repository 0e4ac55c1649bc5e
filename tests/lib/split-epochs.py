#!/usr/bin/env python3
"""Split a single-epoch public-inbox repository into a v2 inbox of two
epochs, as public-inbox does when it rolls over: OUT/git/0.git holds the
first N commits, OUT/git/1.git the rest on a new root commit.  The message
blobs are the same objects; only the second epoch's commits are new.

usage: split-epochs.py SRC.git N OUT
"""
import os
import subprocess
import sys

src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
git = lambda repo, *a, **kw: subprocess.run(["git", "-C", repo, *a], check=True, **kw)
commits = subprocess.run(["git", "-C", src, "rev-list", "--reverse", "HEAD"], check=True,
                         capture_output=True, text=True).stdout.split()
os.makedirs(out + "/git")
e0, e1 = out + "/git/0.git", out + "/git/1.git"
subprocess.run(["git", "clone", "-q", "--bare", src, e0], check=True)
git(e0, "update-ref", "refs/heads/master", commits[n - 1])
git(e0, "symbolic-ref", "HEAD", "refs/heads/master")
for ref in subprocess.run(["git", "-C", e0, "for-each-ref", "--format=%(refname)"], check=True,
                          capture_output=True, text=True).stdout.split():
    if ref != "refs/heads/master":
        git(e0, "update-ref", "-d", ref)
subprocess.run(["git", "clone", "-q", "--bare", src, e1], check=True)
# one fast-import stream: the tail of the history on a new root
fmt = "%an%x00%ae%x00%at %ai%x00%cn%x00%ce%x00%ct%x00%B%x01"
log = subprocess.run(["git", "-C", src, "log", "--reverse", "--format=" + fmt, commits[n - 1] + "..HEAD"],
                     check=True, capture_output=True).stdout.split(b"\x01")
tail = commits[n:]
# the m blob of each commit, in one cat-file process
blobs = subprocess.run(["git", "-C", src, "cat-file", "--batch-check=%(objectname)"],
                       input="".join(c + ":m\n" for c in tail), check=True,
                       capture_output=True, text=True).stdout.split()
stream = []
for rec, blob in zip([r.lstrip(b"\n") for r in log if r.strip()], blobs):
    an, ae, adate, cn, ce, ct, msg = rec.split(b"\x00", 6)
    at = adate.split(b" ")[0]
    stream.append(b"commit refs/heads/epoch1\n")
    # real archives hold zones git refuses (+2000): the test needs none
    stream.append(b"author %s <%s> %s +0000\n" % (an, ae, at))
    stream.append(b"committer %s <%s> %s +0000\n" % (cn, ce, ct))
    stream.append(b"data %d\n%s\n" % (len(msg), msg))
    stream.append(b"deleteall\n")
    if blob != "missing":
        stream.append(b"M 100644 %s m\n" % blob.encode())
    stream.append(b"\n")
subprocess.run(["git", "-C", e1, "fast-import", "--quiet"], input=b"".join(stream), check=True)
git(e1, "update-ref", "refs/heads/master", "refs/heads/epoch1")
git(e1, "update-ref", "-d", "refs/heads/epoch1")
git(e1, "symbolic-ref", "HEAD", "refs/heads/master")
