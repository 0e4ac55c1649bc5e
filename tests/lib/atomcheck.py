#!/usr/bin/env python3
# atomcheck.py DIR - DIR/feed.atom is well-formed XML (python's own
# parser) and an Atom 1.0 feed as RFC 4287 requires: atom:feed with one
# id, title and updated, an author (4.1.1: the feed's, or every entry's);
# each atom:entry with one id, title, updated and a link (4.1.2: without
# content an alternate link is a MUST), ids absolute IRIs and unique,
# updated an RFC 3339 date-time (3.3), the entries' alternate links
# naming files present in DIR.  Prints "ok" or each problem on a line;
# exit 0 or 1.
import os
import re
import sys
import xml.etree.ElementTree as ET

A = "{http://www.w3.org/2005/Atom}"
DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
d = sys.argv[1]
bad = []
try:
    root = ET.parse(os.path.join(d, "feed.atom")).getroot()
except ET.ParseError as e:
    print("not XML: %s" % e)
    sys.exit(1)


def one(el, name, where):
    found = el.findall(A + name)
    if len(found) != 1:
        bad.append("%s: %d atom:%s, expected 1" % (where, len(found), name))
        return None
    return found[0]


def common(el, where):
    i = one(el, "id", where)
    if i is not None and not IRI.match(i.text or ""):
        bad.append("%s: id %r is not an absolute IRI" % (where, i.text))
    one(el, "title", where)
    u = one(el, "updated", where)
    if u is not None and not DATE.match(u.text or ""):
        bad.append("%s: updated %r is not an RFC 3339 date-time" % (where, u.text))
    return i.text if i is not None else None


if root.tag != A + "feed":
    bad.append("root is %s, not atom:feed" % root.tag)
common(root, "feed")
entries = root.findall(A + "entry")
has_author = root.find(A + "author") is not None
ids = set()
for n, e in enumerate(entries, 1):
    where = "entry %d" % n
    i = common(e, where)
    if i in ids:
        bad.append("%s: id %s used twice" % (where, i))
    ids.add(i)
    links = [l for l in e.findall(A + "link") if l.get("rel", "alternate") == "alternate"]
    if e.find(A + "content") is None and not links:
        bad.append("%s: no content and no alternate link" % where)
    for l in links:
        href = l.get("href") or ""
        if not os.path.isfile(os.path.join(d, href)):
            bad.append("%s: link %r names no file of %s" % (where, href, d))
    if not has_author and e.find(A + "author") is None:
        bad.append("%s: no author, and the feed has none" % where)
for line in bad:
    print(line)
print("ok" if not bad else "%d problems" % len(bad))
sys.exit(1 if bad else 0)
