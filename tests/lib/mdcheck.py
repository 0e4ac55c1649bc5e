#!/usr/bin/env python3
"""mdcheck.py - check a listdigest Markdown report as a CommonMark (GFM)
parser reads it: cmark-gfm's XML (`cmark-gfm -e autolink -e table
-e strikethrough -e tagfilter --to xml`) on stdin.

usage: mdcheck.py BASE [MARKERS-PER-EXCERPT] < report.xml

Fails (exit 1, one line per problem) when mail text became structure:
- any HTML node (html_block, html_inline) or image;
- a link that listdigest does not write: its own are the list's archive
  BASE and BASE + one percent-encoded Message-ID segment + "/", never a dot
  segment; the only others allowed are GFM's mailto: autolinks of an
  address shown as it is (no escape can stop those without changing the
  text);
- a block quote or a thematic break;
- a heading that is not one of the report's;
- lists nested deeper than the patch list's two levels;
- a table row with another number of cells than its header;
- text of a code block outside a code block (ZZINSIDE markers: the fence
  was closed early), or a marker that vanished.
"""
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://commonmark.org/xml/1.0}"
base = sys.argv[1]
seg = re.compile(r"^" + re.escape(base) + r"[A-Za-z0-9%\-._~!$()*+,;=:@]+/$")
HEADINGS = ("Top ", "Patch list", "Patch commit messages", "New: ", "Most discussed", "Pull requests",
            "Applied", "Fixes", "Waiting for review", "Warnings")

root = ET.parse(sys.stdin).getroot()
problems = []


def text_of(el):
    """The text a reader sees in el (the XML's own indentation left out)."""
    out = []
    for t in el.iter():
        name = t.tag.replace(NS, "")
        if name in ("text", "code", "code_block", "html_inline", "html_block"):
            out.append(t.text or "")
        elif name in ("softbreak", "linebreak"):
            out.append(" ")
    return "".join(out)


def walk(el, list_depth):
    tag = el.tag.replace(NS, "")
    if tag in ("html_block", "html_inline", "image", "block_quote", "thematic_break"):
        problems.append("%s node: %r" % (tag, (el.text or text_of(el))[:80]))
    if tag == "link":
        dest = el.get("destination")
        txt = text_of(el)
        ours = dest == base or (seg.match(dest) and not re.search(r"/(\.|%2E){1,2}/$", dest, re.I))
        mailto = dest == "mailto:" + txt or (dest == txt and dest.startswith("mailto:"))
        if not ours and not mailto:
            problems.append("link to %r from %r" % (dest, txt[:60]))
    if tag == "heading":
        t = text_of(el)
        if el.get("level") == "1":
            if "mailing list update" not in t:
                problems.append("level-1 heading %r" % t[:60])
        elif not t.startswith(HEADINGS):
            problems.append("heading %r" % t[:60])
    if tag == "list":
        list_depth += 1
        if list_depth > 2:
            problems.append("list nested %d deep: %r" % (list_depth, text_of(el)[:60]))
    if tag == "table":
        head = el.find(NS + "table_header")
        width = len(head.findall(NS + "table_cell")) if head is not None else 0
        for row in el.findall(NS + "table_row"):
            n = len(row.findall(NS + "table_cell"))
            if n != width:
                problems.append("table row of %d cells, header %d: %r" % (n, width, text_of(row)[:60]))
    if tag == "code_block":
        return
    if tag == "text" and "ZZINSIDE" in (el.text or ""):
        problems.append("code text outside its block: %r" % el.text[:60])
    for child in el:
        walk(child, list_depth)


walk(root, 0)
markers = set()
for cb in root.iter(NS + "code_block"):
    markers.update(re.findall(r"ZZINSIDE-(\d+)-(\d+)", cb.text or ""))
per = int(sys.argv[2]) if len(sys.argv) > 2 else 0
for n in sorted({m[0] for m in markers}):
    have = {int(k) for (m, k) in markers if m == n}
    if have != set(range(per)) and per:
        problems.append("excerpt %s: markers %s inside code blocks, want 0-%d" % (n, sorted(have), per - 1))
if per and not markers:
    problems.append("no code markers at all")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
