#!/usr/bin/env python3
"""Top reviewers of a range, computed from the raw mail without listdigest.

usage: reviewers.py REPO FROM TO [ORGS]

An independent reading of the rules the man page states (not a port of
listdigest's code): a Reviewed-by, Acked-by or Tested-by line that someone
wrote (not quoted, any case, indented or not) in a reply of the range
FROM..TO counts once per (person, kind, patch).  The patch is the nearest
message the reply answers (In-Reply-To, then References from the last)
that is a patch posting anywhere in the archive up to TO.  A trailer on a
cover letter (counter 0) counts for every patch of its series: the
postings from the cover's sender with a counter >= 1 that answer the
cover, or whose thread root is the cover with the same version, dated not
after the reply or inside the range.  Replies from bots, pull requests and
patches posted as replies are not reviews.  Prints the rows as listdigest
does: "%7d  Name <addr> (N Reviewed-by, N Acked-by, N Tested-by)".

With ORGS (a gitdm domain map, as the man page's ORGANIZATIONS says),
prints instead who reviews whom, as the text report's "reviewing
organizations" rows: "%7d  Org (N own organization, N other
organizations, N organization unknown)", each review under the
reviewer's organization at the reply's Date, split by the organization
of the patch's author at the patch's Date: the in-body From of the patch
when it has one (git format-patch's first body line) and it is in the
range, else the header From (a patch before the range: the archive
index keeps no in-body From, as the man page says).  Unknown on either
side is "organization unknown"; a reviewer not in the map is the
organization "(Unknown)".
"""
import email
import email.policy
import email.utils
import re
import subprocess
import sys
from collections import Counter, defaultdict

repo, rfrom, rto = sys.argv[1:4]
ORGS = None
if len(sys.argv) > 4:
    import datetime
    ORGS = defaultdict(list)              # key -> [(org, end or None)]
    for line in open(sys.argv[4], encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        key, rest = line.split(None, 1)
        end = None
        if "<" in rest:
            rest, d = rest.split("<", 1)
            end = datetime.datetime.strptime(d.strip(), "%Y-%m-%d").replace(
                tzinfo=datetime.timezone.utc).timestamp()
        ORGS[key.lower().lstrip("@")].append((rest.strip(), end))

def org_of(addr, t):
    """The organization of addr at time t, None when unknown: the address,
    then its domain and each parent; an entry ends on its date; of those
    in force the one that ends first, else the one without an end."""
    if not addr:
        return None
    addr = addr.lower()
    keys = [addr]
    dom = addr.split("@", 1)[1] if "@" in addr else ""
    while dom:
        keys.append(dom)
        dom = dom.split(".", 1)[1] if "." in dom else ""
    for k in keys:
        live = [(end if end is not None else float("inf"), org) for org, end in ORGS.get(k, [])
                if end is None or t < end]
        if live:
            return min(live, key=lambda x: x[0])[1]
    return None
BOTS = [r"syzbot(\+.*)?@syzkaller\.appspotmail\.com", r"lkp@intel\.com",
        r"patchwork-bot(\+.*)?@kernel\.org", r"pr-tracker-bot@kernel\.org",
        r"bot@kernelci\.org", r"patchwork@emeril\.freedesktop\.org",
        r"ci_notify@linaro\.org", r"lkft@linaro\.org"]
def is_bot(addr):
    return any(re.fullmatch(b, addr.lower()) for b in BOTS)

def commits(spec):
    return subprocess.run(["git", "-C", repo, "rev-list", "--reverse"] + spec,
                          capture_output=True, text=True, check=True).stdout.split()

every = commits([rto])
inrange = set(commits([rto, "^" + rfrom]))
cat = subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"], stdin=subprocess.PIPE,
                       stdout=subprocess.PIPE)

def ids(v):
    return re.findall(r"<([^<>\s]+)>", v or "")

TAGS = re.compile(r"^((\s*\[[^\]]*\])+)")
REPLY = re.compile(r"^\s*((re|aw|sv|fwd?)\s*:\s*)+", re.I)

def parse_subject(s):
    """(posting, pull, counter, version) of a subject."""
    if REPLY.match(s):
        return False, False, -1, 1
    m = TAGS.match(s)
    if not m:
        return False, False, -1, 1
    tags = m.group(1).upper()
    words = re.findall(r"[A-Z0-9/.+-]+", tags.replace(",", " "))
    pull = "PULL" in words
    posting = not pull and any(w == "RFC" or w.startswith("PATCH") for w in words)
    c = re.search(r"\b(\d+)/(\d+)\b", tags)
    v = re.search(r"\bV(\d+)\b", tags) or re.search(r"PATCHV(\d+)", tags)
    return posting, pull, int(c.group(1)) if c else -1, int(v.group(1)) if v else 1

def body_text(msg):
    for part in msg.walk():
        if part.get_content_type() == "text/plain":
            try:
                return part.get_content()
            except Exception:
                return (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
        if part.get_content_maintype() == "message":
            return ""
    return ""

msgs = {}       # id -> first copy
order = []
for c in every:
    cat.stdin.write((c + ":m\n").encode())
    cat.stdin.flush()
    head = cat.stdout.readline().split()
    if head[1] == b"missing":
        continue
    raw = cat.stdout.read(int(head[2]))
    cat.stdout.read(1)
    m = email.message_from_bytes(raw, policy=email.policy.default)
    try:
        subj = " ".join(str(m["subject"] or "").split())
        name, addr = email.utils.parseaddr(str(m["from"] or ""))
        mid = (ids(str(m["message-id"] or "")) or [""])[0]
        irt = (ids(str(m["in-reply-to"] or "")) or [""])[-1]
        refs = ids(str(m["references"] or ""))
        date = email.utils.parsedate_to_datetime(str(m["date"])).timestamp()
    except Exception:
        continue
    posting, pull, counter, version = parse_subject(subj)
    author = addr.lower()
    if posting and c in inrange:
        # git format-patch's in-body From: the first line of the body
        first = body_text(m).lstrip("\n").split("\n", 1)[0]
        if first.lower().startswith("from:"):
            a = email.utils.parseaddr(first[5:].strip())[1]
            if "@" in a:
                author = a.lower()
    e = dict(id=mid, subj=subj, addr=addr.lower(), author=author, irt=irt, refs=refs, date=date,
             root=refs[0] if refs else irt, posting=posting, pull=pull, counter=counter,
             version=version, inrange=c in inrange, msg=m)
    if mid and mid not in msgs:
        msgs[mid] = e
    if c in inrange:
        order.append(e)

children = defaultdict(list)
for e in msgs.values():
    if e["root"]:
        children[e["root"]].append(e)

def series_patches(cover, reply_date):
    out = []
    for p in children[cover["id"]]:
        if not p["posting"] or p["counter"] < 1 or p["addr"] != cover["addr"]:
            continue
        if p["irt"] != cover["id"] and p["version"] != cover["version"]:
            continue
        if p["date"] <= reply_date or p["inrange"]:
            out.append(p["id"])
    return out

seen = set()
orgsplit = defaultdict(lambda: [0, 0, 0])   # org -> [unknown, own, cross]
kinds = defaultdict(lambda: [0, 0, 0])
names = defaultdict(Counter)
KEYS = {"reviewed-by:": 0, "acked-by:": 1, "tested-by:": 2}
for e in order:
    if e["posting"] or not (e["irt"] or e["refs"]) or is_bot(e["addr"]) or e["pull"]:
        continue
    text = body_text(e["msg"])
    root = msgs.get(e["root"])
    lines = text.split("\n")
    if root and root["addr"] == e["addr"] and any(
            l.startswith("diff --git ") for l in lines):
        continue                       # a patch posted as a reply
    target = None
    for i in [e["irt"]] + e["refs"][::-1]:
        t = msgs.get(i)
        if t and t["posting"]:
            target = t
            break
    for l in lines:
        s = l.lstrip(" \t")
        if s.startswith(">") or s.startswith("|"):
            continue
        k = next((v for key, v in KEYS.items() if s.lower().startswith(key)), None)
        if k is None:
            continue
        val = s.split(":", 1)[1].strip()
        if not val:
            continue
        n, a = email.utils.parseaddr(val)
        if "@" not in a or is_bot(a):
            continue
        a = a.lower()
        if target is None:
            patches = [e["irt"] or e["root"]]
        elif target["counter"] == 0:
            patches = series_patches(target, e["date"]) or [target["id"]]
        else:
            patches = [target["id"]]
        for p in patches:
            if (a, k, p) in seen:
                continue
            seen.add((a, k, p))
            kinds[a][k] += 1
            names[a][n or a.split("@")[0]] += 1
            if ORGS is not None:
                ro = org_of(a, e["date"])
                pm = msgs.get(p) if target is not None else None
                po = org_of(pm["author"], pm["date"]) if pm else None
                split = orgsplit[ro or "(Unknown)"]
                split[0 if not ro or not po else 1 if ro == po else 2] += 1

if ORGS is not None:
    rows = sorted(orgsplit.items(), key=lambda r: (-sum(r[1]), r[0].lower()))
    for org, (unk, own, cross) in rows:
        parts = [f"{v} {w}" for v, w in ((own, "own organization"), (cross, "other organizations"),
                                         (unk, "organization unknown")) if v]
        print(f"{sum((unk, own, cross)):7d}  {org} ({', '.join(parts)})")
    sys.exit(0)

rows = []
for a, ks in kinds.items():
    best = sorted(names[a].items(), key=lambda x: (-x[1], x[0].lower()))[0][0]
    rows.append((sum(ks), f"{best} <{a}>", ks))
rows.sort(key=lambda r: (-r[0], r[1].lower()))
for total, label, ks in rows:
    parts = [f"{n} {w}" for n, w in zip(ks, ("Reviewed-by", "Acked-by", "Tested-by")) if n]
    print(f"{total:7d}  {label} ({', '.join(parts)})")
