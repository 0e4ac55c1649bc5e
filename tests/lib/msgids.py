#!/usr/bin/env python3
# msgids.py - public-inbox archives read without listdigest: every
# message blob `m` of each archive (git rev-list --reverse, then git
# cat-file --batch), its Message-ID read here from the raw headers (the
# first <...> of the first Message-ID field, unfolded; the bare value
# without one).  Used by tests/real.t to check what listdigest says of
# several inboxes against an independent reading.
#
#   msgids.py crossposts A.git B.git
#       the messages of B whose Message-ID A holds (what a report over A
#       and B drops as B's duplicates), and the distinct such IDs
#   msgids.py onebox OUT.git A.git B.git...
#       one bare repository holding every message once, A's first, then
#       each later archive's whose Message-ID no earlier archive holds (a
#       message without one is always kept): each a commit of tree `m`
#       with the original commit's author, committer and times, by git
#       fast-import
import re
import subprocess
import sys
import threading


def git(repo, *args, **kw):
    return subprocess.run(["git", "-C", repo] + list(args), check=True,
                          stdout=subprocess.PIPE, **kw).stdout


def messages(repo):
    """(commit, author, committer, blob bytes) of every commit with an m, oldest first."""
    log = git(repo, "log", "--reverse", "--format=%H%x00%an <%ae> %at %ad%x00%cn <%ce> %ct %cd",
              "--date=format:%z").decode("utf-8", "surrogateescape").splitlines()
    info = {}
    order = []
    for line in log:
        c, a, m = line.split("\0")
        info[c] = (a, m)
        order.append(c)
    p = subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE)
    # the requests from a thread: cat-file answers while they are written
    req = "".join(f"{c}:m\n" for c in order).encode()
    t = threading.Thread(target=lambda: (p.stdin.write(req), p.stdin.close()))
    t.start()
    for c in order:
        head = p.stdout.readline().split()
        if head[-1] == b"missing":
            continue
        n = int(head[2])
        blob = p.stdout.read(n)
        p.stdout.read(1)
        a, m = info[c]
        yield c, a, m, blob
    t.join()
    p.wait()


def message_id(blob):
    head = re.split(rb"\r?\n\r?\n", blob, maxsplit=1)[0]
    head = re.sub(rb"\r?\n[ \t]+", b" ", head)
    for line in head.split(b"\n"):
        if line[:11].lower() == b"message-id:":
            v = line[11:].strip()
            m = re.search(rb"<([^>]*)>", v)
            return (m.group(1) if m else v).strip().decode("utf-8", "replace")
    return ""


def crossposts(a, b):
    ids = {message_id(blob) for _, _, _, blob in messages(a)}
    ids.discard("")
    dup = [message_id(blob) for _, _, _, blob in messages(b) if message_id(blob) in ids]
    print(len(dup), len(set(dup)))


def person(s):
    # "Name <addr> TIME ZONE" as fast-import wants it
    return s.encode("utf-8", "surrogateescape")


def onebox(out, repos):
    subprocess.run(["git", "init", "-q", "--bare", out], check=True)
    fi = subprocess.Popen(["git", "-C", out, "fast-import", "--quiet", "--date-format=raw-permissive"], stdin=subprocess.PIPE)
    seen = set()
    mark = 0
    for repo in repos:
        here = set()
        for c, a, m, blob in messages(repo):
            mid = message_id(blob)
            if mid and mid in seen:
                continue
            if mid:
                here.add(mid)
            mark += 1
            w = fi.stdin.write
            w(b"blob\nmark :%d\ndata %d\n" % (mark, len(blob)) + blob + b"\n")
            w(b"commit refs/heads/master\n")
            w(b"author " + person(a) + b"\ncommitter " + person(m) + b"\n")
            w(b"data 1\nm\n")
            w(b"M 100644 :%d m\n\n" % mark)
        seen |= here
    fi.stdin.close()
    if fi.wait():
        sys.exit("fast-import failed")
    subprocess.run(["git", "-C", out, "symbolic-ref", "HEAD", "refs/heads/master"], check=True)


if __name__ == "__main__":
    if sys.argv[1] == "crossposts":
        crossposts(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "onebox":
        onebox(sys.argv[2], sys.argv[3:])
    else:
        sys.exit("usage: msgids.py crossposts A B | onebox OUT A B...")
