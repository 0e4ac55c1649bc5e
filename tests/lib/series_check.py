#!/usr/bin/env python3
"""series_check.py - an independent grouping of patch series, to check
listdigest's (tests/real.t).

    series_check.py ARCHIVE.git REPORT.json [--show N]

Reads every message of a public-inbox epoch (git rev-list + cat-file, the
`m` file of each commit) with Python's email package and groups patch
postings the way b4 does (LoreMailbox), not through any listdigest code:

  * a thread is a connected component of the In-Reply-To/References graph
    (what lore shows and b4 fetches);
  * inside a thread, postings are grouped by revision (the vN tag); an
    unversioned patch that replies directly to a cover letter takes the
    cover's revision (b4: "fixed revision");
  * two deliberate departures from b4, where b4 is wrong for a report:
    the sender is part of the key (another person's patch posted in the
    thread is not the author's series), and a group holding two cover
    letters (a follow-up series sent in reply to the first) is split by
    the cover each patch descends from.

Then it compares with REPORT.json (listdigest --format json on the same
archive): a group of two postings or more whose members listdigest puts
into different series is a split.  Prints one line per split (up to
--show) and a summary line "groups G, listdigest series S, split K";
exit status 0 when K is 0.
"""
import email.parser
import email.policy
import email.utils
import json
import re
import subprocess
import sys
import threading
from collections import defaultdict

HP = email.parser.BytesHeaderParser(policy=email.policy.compat32)


def hdr(msg, name):
    v = msg.get(name)
    if v is None:
        return ""
    try:
        return str(email.header.make_header(email.header.decode_header(str(v))))
    except Exception:
        return str(v)


def ids(value):
    return re.findall(r"<([^<>\s]+)>", value or "")


TAGS = re.compile(r"^\s*\[([^\]]*)\]\s*")
REPLY = re.compile(r"^\s*(re|fwd?|aw|sv|antw)\s*:", re.I)


def parse_subject(subj):
    """(is_posting, counter, total, revision) from a subject, b4's way."""
    s = " ".join(subj.split())
    if REPLY.match(s):
        return False, None, None, 1
    tags = []
    while True:
        m = TAGS.match(s)
        if not m:
            break
        tags.append(m.group(1))
        s = s[m.end():]
    text = " ".join(tags)
    if not re.search(r"(PATCH|RFC)", text, re.I):
        return False, None, None, 1
    c = re.search(r"\b(\d+)\s*/\s*(\d+)\b", text)
    v = re.search(r"(?:\b|PATCH)v(\d+)\b", text, re.I)
    return (True, int(c.group(1)) if c else None, int(c.group(2)) if c else None,
            int(v.group(1)) if v else 1)


def sender(msg):
    name, addr = email.utils.parseaddr(hdr(msg, "From"))
    if " via " in name:       # the list rewrote From for DMARC
        for h in ("X-Original-From", "Reply-To"):
            n2, a2 = email.utils.parseaddr(hdr(msg, h))
            if "@" in a2:
                return a2.lower()
    return addr.lower()


def read_archive(repo):
    commits = subprocess.run(["git", "-C", repo, "rev-list", "--reverse", "HEAD"],
                             capture_output=True, check=True, text=True).stdout.split()
    p = subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE)
    def feed():   # a thread: the pipes would fill both ways otherwise
        p.stdin.write("".join(c + ":m\n" for c in commits).encode())
        p.stdin.close()
    threading.Thread(target=feed, daemon=True).start()
    out = []
    for _ in commits:
        line = p.stdout.readline().split()
        if len(line) < 3 or line[1] != b"blob":   # "<commit>:m missing"
            continue
        raw = p.stdout.read(int(line[2]))
        p.stdout.read(1)
        out.append(raw)
    p.wait()
    return out


def main():
    repo, report = sys.argv[1], sys.argv[2]
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 20
    msgs = {}
    order = []
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb

    for raw in read_archive(repo):
        m = HP.parsebytes(raw)
        mid = (ids(hdr(m, "Message-ID")) or [None])[0]
        if not mid or mid in msgs:
            continue          # b4: the first copy of a Message-ID wins
        irt = ids(hdr(m, "In-Reply-To"))
        refs = ids(hdr(m, "References"))
        posting, counter, total, rev = parse_subject(hdr(m, "Subject"))
        msgs[mid] = dict(irt=irt[-1] if irt else (refs[-1] if refs else None), refs=refs,
                         posting=posting, counter=counter, total=total, rev=rev,
                         sender=sender(m))
        order.append(mid)
        for r in refs + irt:
            union(mid, r)
    # b4: an unversioned patch replying to a cover letter takes its revision
    for mid in order:
        e = msgs[mid]
        if e["posting"] and e["counter"] and e["rev"] == 1 and e["irt"] in msgs:
            c = msgs[e["irt"]]
            if c["posting"] and c["counter"] == 0 and c["sender"] == e["sender"]:
                e["rev"] = c["rev"]
    groups = defaultdict(list)
    for mid in order:
        e = msgs[mid]
        if not e["posting"] or e["counter"] is None:
            continue          # a single patch is a series of its own
        groups[(find(mid), e["sender"], e["rev"])].append(mid)
    # a group with two cover letters: each patch goes with the cover it
    # descends from
    final = []
    for key, members in groups.items():
        covers = [m for m in members if msgs[m]["counter"] == 0]
        if len(covers) < 2:
            final.append(members)
            continue
        by = defaultdict(list)
        for m in members:
            if msgs[m]["counter"] == 0:
                by[m].append(m)
                continue
            anc = [msgs[m]["irt"]] + list(reversed(msgs[m]["refs"]))
            c = next((a for a in anc if a in covers), None)
            by[c or m].append(m)
        final.extend(by.values())

    rep = json.load(open(report, encoding="utf-8"))
    where = {p["message_id"]: p["series"] for p in rep["postings"]}
    splits = []
    n_groups = 0
    for members in final:
        members = [m for m in members if m in where]
        if len(members) < 2:
            continue
        n_groups += 1
        series = sorted({where[m] for m in members})
        if len(series) > 1:
            splits.append((members, series))
    for members, series in splits[:show]:
        print("split: %s -> listdigest series %s" % (
            ", ".join("%s/%s" % (msgs[m]["counter"], msgs[m]["total"]) for m in members[:6]),
            ", ".join("%d (%s)" % (s, rep["series"][s]["title"][:50]) for s in series[:4])))
        print("   first: <%s>" % members[0])
    print("groups %d, listdigest series %d, split %d" % (n_groups, len(rep["series"]), len(splits)))
    sys.exit(1 if splits else 0)


if __name__ == "__main__":
    import email.header
    main()
