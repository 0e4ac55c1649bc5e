#!/usr/bin/env python3
"""The files of every patch posting of an archive, one posting a line
(tab-separated paths of its "diff --git" lines), for bench/maint_bench.c.

usage: maint_files.py REPO > FILES
"""
import email
import email.policy
import re
import subprocess
import sys

repo = sys.argv[1]
commits = subprocess.run(["git", "-C", repo, "rev-list", "--reverse", "HEAD"],
                         capture_output=True, text=True, check=True).stdout.split()
cat = subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"], stdin=subprocess.PIPE,
                       stdout=subprocess.PIPE)
for c in commits:
    cat.stdin.write(("%s:m\n" % c).encode())
    cat.stdin.flush()
    head = cat.stdout.readline().split()
    if len(head) < 3:
        continue
    raw = cat.stdout.read(int(head[2]))
    cat.stdout.read(1)
    files = sorted(set(m.decode("utf-8", "replace")
                       for m in re.findall(rb"^diff --git a/(\S+) b/\S+", raw, re.M)))
    if files:
        print("\t".join(files))
