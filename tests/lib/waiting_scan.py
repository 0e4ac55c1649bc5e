#!/usr/bin/env python3
"""waiting_scan.py - an independent "waiting for review" list of a
public-inbox epoch repository, to check listdigest's (tests/real.t).

usage: waiting_scan.py REPO.git END [DAYS AGE] [--who MAINTAINERS]
       waiting_scan.py --trend REPO.git END

END is the end of the report (YYYY-MM-DD, midnight UTC: a --until);
DAYS (28) and AGE (7) as --waiting-days and --waiting-age.  Prints one
line per waiting series, oldest first: "DAYS MESSAGE-ID".

It shares no code with listdigest: it reads every message with git
itself (git rev-list, git cat-file --batch) and parses the headers it
needs with its own code, and it finds replies by a different road:
a message answers a series when its References or In-Reply-To (or those
of the message it answers, up the chain) name the series' cover letter
or one of its patches.  A series is:
  - a head: a subject whose leading [...] tags say PATCH or RFC, not
    Re:, not PULL, with no i/N or i <= 1; a patch 1/N answering a 0/N of
    the same sender belongs to that cover letter;
  - its patches: i/N postings of the same sender answering the head or
    one of its patches;
  - replaced when, up to END, the same sender posts a head with a higher
    version and the same title (case and spaces aside) or the same b4
    change-id, or a head with a higher version whose body links (lore)
    to the series' head or one of its patches.
Bots: listdigest's documented built-in list.

--who MAINTAINERS adds, under each series, who could review it: the
files its postings name (every text part read with Python's email
package: both paths of "diff --git a/X b/Y", the path after the first
folder of "--- X" and "+++ X" lines, and the diffstat lines " PATH | N"
before the first diff), then "  files N", the sections those files belong
to (F: and N: minus X:, get_maintainer.pl's patterns as regexes, as
maint_scan.py converts them), ranked by the depth of the best pattern
that matched (slashes, +1 without a trailing "/", -1 for one starting
with "*", 0 for N:), then the number of files they take, then their
place in the file, at most 10: "  section TITLE" (after a line "  file
PATH" per file); then their M: and R:
lines, section by section, M: before R:, each address (any case) once,
at most 25: "  M|R WHO (TITLE)"; then "  totals SECTIONS PEOPLE".

--trend prints the weekly patch postings of the 12 weeks before END
(the 7 days before END last), each Message-ID once: a line per week
"START TOTAL" (START as YYYY-MM-DD), then the top 5 sender domains by
their total (then name, ignoring case), "DOMAIN TOTAL C1 ... C12".
"""
import calendar
import email
import email.policy
import fnmatch
import re
import subprocess
import sys
import threading
import time
from email.header import decode_header, make_header
from email.utils import parseaddr, parsedate_tz, mktime_tz

BOTS = ["syzbot@syzkaller.appspotmail.com", "syzbot+*@syzkaller.appspotmail.com",
        "lkp@intel.com", "patchwork-bot@kernel.org", "patchwork-bot+*@kernel.org",
        "pr-tracker-bot@kernel.org", "bot@kernelci.org", "patchwork@emeril.freedesktop.org",
        "ci_notify@linaro.org", "lkft@linaro.org"]
DAY = 86400


def is_bot(addr):
    return any(fnmatch.fnmatchcase(addr, p) for p in BOTS)


def headers(raw):
    head = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)
    body = head[1] if len(head) > 1 else b""
    h = {}
    cur = None
    for line in re.split(rb"\r?\n", head[0]):
        if line[:1] in (b" ", b"\t") and cur:
            h[cur] += b" " + line.strip()
            continue
        m = re.match(rb"([!-9;-~]+):[ \t]*(.*)", line)
        if m:
            cur = m.group(1).decode("ascii").lower()
            if cur not in h:          # the first of each
                h[cur] = m.group(2)
            else:
                cur = None
    return {k: v.decode("utf-8", "replace") for k, v in h.items()}, body


def ids(v):
    return re.findall(r"<([^<>\s]+)>", v or "")


def text(v):
    try:
        return str(make_header(decode_header(v)))
    except Exception:
        return v


TAGS = re.compile(r"^\s*((?:\[[^\]]*\]\s*)+)(.*)$")


def subject_info(subj):
    """(is_patch, counter, total, version, is_pull, title) of a subject."""
    if re.match(r"^\s*(re|fwd?|aw|sv|antw)\s*:", subj, re.I):
        return (False, None, None, 1, False, subj)
    m = TAGS.match(subj)
    if not m:
        return (False, None, None, 1, False, subj)
    tags = m.group(1).upper()
    words = re.findall(r"[^\s\[\]]+", tags)
    patch = any(w.startswith("PATCH") or w == "RFC" for w in words)
    pull = "PULL" in words
    counter = total = None
    version = 1
    for w in words:
        c = re.fullmatch(r"(\d+)/(\d+)", w)
        if c:
            counter, total = int(c.group(1)), int(c.group(2))
        v = re.fullmatch(r"(?:PATCH)?V(\d+)", w)
        if v:
            version = int(v.group(1))
    return (patch, counter, total, version, pull, m.group(2).strip())


def read(repo):
    commits = subprocess.run(["git", "-C", repo, "rev-list", "--reverse", "--topo-order", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.split()
    p = subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE)
    def feed():   # in a thread: cat-file's answers fill the pipe meanwhile
        p.stdin.write("".join(c + ":m\n" for c in commits).encode())
        p.stdin.close()
    t = threading.Thread(target=feed)
    t.start()
    out = []
    while True:
        line = p.stdout.readline()
        if not line:
            break
        f = line.split()
        if len(f) < 3 or f[1] != b"blob":
            continue
        raw = p.stdout.read(int(f[2]))
        p.stdout.read(1)
        h, body = headers(raw)
        mid = (ids(h.get("message-id")) or [""])[0]
        if not mid:
            continue
        d = parsedate_tz(h.get("date", ""))
        if not d:
            continue
        subj = text(h.get("subject", ""))
        info = subject_info(" ".join(subj.split()))
        refs = ids(h.get("references"))
        irt = ids(h.get("in-reply-to"))
        out.append(dict(id=mid, date=mktime_tz(d), sender=parseaddr(text(h.get("from", "")))[1].lower(),
                        subj=subj, info=info, refs=refs, irt=irt[-1] if irt else "", body=body,
                        raw=raw if WHO else None))
    t.join()
    p.wait()
    return out


WHO = None
if "--who" in sys.argv:
    WHO = sys.argv[sys.argv.index("--who") + 1]
    del sys.argv[sys.argv.index("--who"):sys.argv.index("--who") + 2]


def maintainers(path):
    """The sections of a MAINTAINERS file: title, people [(role, who)],
    F: [(regexes, depth)], X: [regexes], N: [compiled]."""
    secs, cur = [], None
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if not line.strip():
            cur = None
            continue
        m = re.match(r"^([A-Z]):\s*(.*?)\s*$", line)
        if not m:
            cur = dict(title=line.strip(), who=[], F=[], X=[], N=[])
            secs.append(cur)
            continue
        tag, v = m.groups()
        if cur is None or not v:
            continue
        if tag in "MR":
            cur["who"].append((tag, v))
        elif tag in "FX":
            rx = v.replace(".", r"\.").replace("*", ".*").replace("?", ".")
            pats = [rx] + ([rx + "/"] if not v.endswith("/") and not re.search(r"[*?\[]", v) else [])
            depth = -1 if v.startswith("*") else v.count("/") + (not v.endswith("/"))
            (cur["F"].append((pats, depth)) if tag == "F" else cur["X"].extend(pats))
        elif tag == "N":
            try:
                cur["N"].append(re.compile(v))
            except re.error:
                pass
    return secs


def file_match(f, rx):
    return bool(re.match(rx, f)) and (rx.endswith("/") or f.count("/") == rx.count("/"))


def files_of(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    files = []
    for part in msg.walk():
        if part.get_content_maintype() != "text":
            continue
        try:
            t = part.get_content()
        except Exception:
            t = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
        in_diff = False
        for line in t.splitlines():
            g = re.match(r"^diff --git a/(.*?) b/(.*)$", line)
            if g:
                in_diff = True
                files += [g.group(1), g.group(2)]
                continue
            g = re.match(r"^(---|\+\+\+) [^/ \t]+/([^ \t]+)", line)
            if g:
                files.append(g.group(2))
                in_diff = in_diff or line.startswith("+")
                continue
            g = re.match(r"^ +(\S.*?) *\|\s*(\d|Bin)", line)
            if g and not in_diff:
                files.append(g.group(1))
    return files


def who(secs, files):
    hits = {}
    for fi, f in enumerate(files):
        if f.startswith(".../"):
            continue
        for si, sec in enumerate(secs):
            if any(file_match(f, x) for x in sec["X"]):
                continue
            depths = [d for pats, d in sec["F"] if any(file_match(f, p) for p in pats)]
            depths += [0 for n in sec["N"] if n.search(f)]
            if depths:
                h = hits.setdefault(si, [max(depths), 0])
                h[0] = max(h[0], max(depths))
                h[1] += 1
    ranked = sorted(hits, key=lambda si: (-hits[si][0], -hits[si][1], si))
    kept = ranked[:10]
    seen, people = set(), []
    for si in kept:
        for role in "MR":
            for r, w in secs[si]["who"]:
                lt = w.rfind("<")
                key = (w[lt + 1:].split(">")[0] if lt >= 0 else w).lower()
                if r != role or key in seen:
                    continue
                seen.add(key)
                people.append((role, w, secs[si]["title"]))
    return [secs[si]["title"] for si in kept], people, len(ranked)


def trend(repo, end):
    weeks = [0] * 12
    doms = {}
    first = end - 12 * 7 * DAY
    seen = set()
    for m in read(repo):
        if m["id"] in seen:
            continue
        seen.add(m["id"])
        if not m["info"][0] or not first <= m["date"] < end:
            continue
        w = (m["date"] - first) // (7 * DAY)
        weeks[w] += 1
        d = m["sender"].rpartition("@")[2] or "(no domain)"
        doms.setdefault(d, [0] * 12)[w] += 1
    for k in range(12):
        print(time.strftime("%Y-%m-%d", time.gmtime(first + k * 7 * DAY)), weeks[k])
    for d, c in sorted(doms.items(), key=lambda i: (-sum(i[1]), i[0].lower()))[:5]:
        print(d, sum(c), *c)


def main():
    if sys.argv[1] == "--trend":
        return trend(sys.argv[2], calendar.timegm(time.strptime(sys.argv[3], "%Y-%m-%d")))
    repo, end = sys.argv[1], calendar.timegm(time.strptime(sys.argv[2], "%Y-%m-%d"))
    days = int(sys.argv[3]) if len(sys.argv) > 3 else 28
    age = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    msgs = read(repo)
    by_id = {}
    for m in msgs:
        by_id.setdefault(m["id"], m)

    def is_head(m):
        patch, counter, total, version, pull, title = m["info"]
        if not patch or pull or (counter is not None and counter > 1):
            return False
        if counter == 1 and m["irt"] in by_id:
            p = by_id[m["irt"]]
            if p["info"][0] and p["info"][1] == 0 and p["sender"] == m["sender"]:
                return False
        return True

    heads = [m for m in by_id.values() if m["date"] < end and is_head(m)]
    cands = [m for m in heads if end - days * DAY <= m["date"] <= end - age * DAY]
    # members of each candidate series
    children = {}
    for m in msgs:
        if m["irt"]:
            children.setdefault(m["irt"], []).append(m)
    members = {}
    for c in cands:
        mem = {c["id"]}
        todo = [c["id"]]
        while todo:
            for k in children.get(todo.pop(), []):
                if k["sender"] == c["sender"] and k["info"][0] and (k["info"][1] or 0) >= 1 \
                        and k["id"] not in mem:
                    mem.add(k["id"])
                    todo.append(k["id"])
        members[c["id"]] = mem

    def ancestors(m):
        seen = set(m["refs"]) | ({m["irt"]} if m["irt"] else set())
        cur = m
        for _ in range(256):
            if not cur["irt"] or cur["irt"] not in by_id:
                break
            cur = by_id[cur["irt"]]
            seen |= set(cur["refs"]) | ({cur["irt"]} if cur["irt"] else set())
        return seen

    answered = set()
    for m in msgs:
        if m["date"] >= end or not (m["refs"] or m["irt"]) or is_bot(m["sender"]):
            continue
        anc = ancestors(m)
        for c in cands:
            if m["sender"] != c["sender"] and m["id"] not in members[c["id"]] and anc & members[c["id"]]:
                answered.add(c["id"])

    def norm(t):
        return " ".join(t.lower().split())

    cid = {}

    def change_id(m):
        if m["id"] not in cid:
            r = re.search(rb"^change-id: *(\S+)", m["body"], re.M)
            cid[m["id"]] = r.group(1) if r else None
        return cid[m["id"]]

    newer = [h for h in heads if h["info"][3] > 1 and h["date"] >= end - days * DAY]
    replaced = set()
    for h in newer:
        links = set(i.decode("utf-8", "replace")
                    for i in re.findall(rb"https?://lore\.kernel\.org/[^/\s]+/([^/\s>]+)", h["body"]))
        for c in cands:
            if h["info"][3] <= c["info"][3] or h["date"] < c["date"] or h is c:
                continue
            same = h["sender"] == c["sender"] and (norm(h["info"][5]) == norm(c["info"][5]) or
                                                   (change_id(c) and change_id(c) == change_id(h)))
            if same or links & members[c["id"]]:
                replaced.add(c["id"])
    secs = maintainers(WHO) if WHO else None
    for c in sorted(cands, key=lambda m: (m["date"], m["id"])):
        if c["id"] not in answered and c["id"] not in replaced:
            print((end - c["date"]) // DAY, c["id"])
            if secs is None:
                continue
            files = []
            for mid in sorted(members[c["id"]], key=lambda i: (by_id[i]["date"], i)):
                for f in files_of(by_id[mid]["raw"]):
                    if f not in files:
                        files.append(f)
            titles, people, n_secs = who(secs, files)
            print("  files", len(files))
            for f in files:
                print("  file", f)
            for t in titles:
                print("  section", t)
            for role, w, t in people[:25]:
                print("  %s %s (%s)" % (role, w, t))
            print("  totals", n_secs, len(people))


main()
