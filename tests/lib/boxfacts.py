#!/usr/bin/env python3
"""boxfacts.py - where the browser puts the HTML report's weekly trend and
table columns, and what colours it paints them (tests/html.t).

  boxfacts.py trendpage REPORT.html OUT.html
      the report's <head> (its style sheet) and its trend section alone,
      so that a screenshot from the top shows the trend at page
      coordinates
  boxfacts.py probe PAGE.html OUT.html WIDTH
      a page holding a copy of PAGE without its Content-Security-Policy in
      an iframe WIDTH px wide (Chromium's window is never under 500 px),
      and tests/lib/boxes.js, which writes the boxes it measures there
      into the outer page (read back from Chromium's --dump-dom)
  boxfacts.py trend DOM.html [SHOT.png]
      checks of the trend's panels, one line each, "ok: ..." or
      "FAIL: ...": every panel drawn at its own size (not scaled), its
      caption above its chart, its dates and counts inside it and none
      over another, no panel over another or past the page, no date
      (class nw) broken across two lines; three panels
      side by side at 1280 px, one under another at 390 px; with the
      screenshot of the same page at the same width, the colours of the
      bars: each against the background at least 3:1 (WCAG 1.4.11, what
      a chart's parts need), all postings against the rows under them at
      least 2:1 (told apart at a glance, in grey too)
  boxfacts.py tables DOM.html
      checks of the tables at a desktop width, but those as wide as their
      content (class fit): a count's column as narrow as its numbers
      (under 7.5rem), the subject column (the row's main text) at least a
      fifth of the table

Exit 1 when a check failed."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pngfacts  # noqa: E402

fails = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        fails.append(what)


def boxes(path):
    m = re.search(r'<pre id="boxes">(.*?)</pre>', open(path, encoding="utf-8").read(), re.S)
    if not m:
        sys.exit("%s: no <pre id=\"boxes\"> (did the probe run?)" % path)
    return json.loads(m.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
                      .replace("&amp;", "&"))


def overlap(a, b):
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def inside(a, b):
    return a[0] >= b[0] - 0.5 and a[2] <= b[2] + 0.5 and a[1] >= b[1] - 0.5 and a[3] <= b[3] + 0.5


def luminance(rgb):
    def lin(c):
        c /= 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def trend(dom, png=None):
    b = boxes(dom)
    w, ps = b["width"], b["panels"]
    check(len(ps) >= 2 and ps[0]["all"] and not any(p["all"] for p in ps[1:]),
          "%d px: %d panels, all postings first" % (w, len(ps)))
    for i, p in enumerate(ps):
        sw = p["svg"][2] - p["svg"][0]
        check(abs(sw - p["drawn"]) < 0.6, "%d px: panel %d drawn at its own size, not scaled (%g px, "
              "on the page %g)" % (w, i, p["drawn"], sw))
        check(p["caption"][3] <= p["svg"][1] + 0.5, "%d px: panel %d: its caption above its chart" % (w, i))
        days = sorted(p["days"])
        check(len(days) >= 3 and all(inside(d, p["svg"]) for d in days)
              and all(days[k][2] + 4 <= days[k + 1][0] for k in range(len(days) - 1)),
              "%d px: panel %d: %d dates inside the chart, at least 4 px apart" % (w, i, len(days)))
        counts = p["counts"]
        check(len(counts) == 12 and all(inside(c, p["svg"]) for c in counts)
              and not any(overlap(counts[k], counts[j]) for k in range(12) for j in range(k + 1, 12)),
              "%d px: panel %d: 12 counts inside the chart, none over another" % (w, i))
        check(not any(overlap(c, r) for c in counts for r in p["bars"]),
              "%d px: panel %d: no count over a bar" % (w, i))
    check(not any(overlap(ps[k]["caption"], ps[j]["svg"]) or overlap(ps[k]["svg"], ps[j]["svg"])
                  for k in range(len(ps)) for j in range(len(ps)) if k != j),
          "%d px: no panel over another" % w)
    check(all(p["svg"][2] <= w and p["caption"][2] <= w for p in ps) and b["page"] <= w,
          "%d px: every panel inside the page, the page not wider than the screen (%d)" % (w, b["page"]))
    check(not b["broken"], "%d px: nothing that must stay on one line (class nw) broken: %r" % (w, b["broken"]))
    tops = [round(p["caption"][1]) for p in ps]
    if w >= 1200 and len(ps) >= 3:
        check(tops[0] == tops[1] == tops[2], "%d px: three panels side by side: tops %r" % (w, tops[:3]))
    if w < 500:
        check(all(ps[k + 1]["caption"][1] >= ps[k]["svg"][3] for k in range(len(ps) - 1)),
              "%d px: one panel under another" % w)
    if png:
        pw, ph, chans, rows = pngfacts.read(png)
        def at(x, y):
            return pngfacts.rgb(rows[int(y)], int(x), chans)
        def tallest(p):
            r = max(p["bars"], key=lambda r: r[3] - r[1])
            return at((r[0] + r[2]) / 2, (r[1] + r[3]) / 2)
        bg = at(1, 1)
        rows_bars = [p for p in ps[1:] if p["bars"]]
        check(ps[0]["bars"] and rows_bars, "%s: bars to look at in all postings and the rows" % png)
        if ps[0]["bars"] and rows_bars:
            total, other = tallest(ps[0]), tallest(rows_bars[0])
            check(contrast(total, bg) >= 3 and contrast(other, bg) >= 3,
                  "%s: bars against the background %r: all %r %.1f:1, rows %r %.1f:1 (>= 3)"
                  % (png, bg, total, contrast(total, bg), other, contrast(other, bg)))
            check(contrast(total, other) >= 2, "%s: all postings' bars told from the rows' %.1f:1 (>= 2)"
                  % (png, contrast(total, other)))


def tables(dom):
    b = boxes(dom)
    for t in b["tables"]:
        tw = t["box"][2] - t["box"][0]
        for c in t["th"]:
            cw = c["box"][2] - c["box"][0]
            if "n" in c["cls"].split() and "fit" not in t["cls"].split():
                check(cw <= 120, "%d px, %s: the count column %r as narrow as its numbers (%d px)"
                      % (b["width"], t["id"], c["head"], cw))
            if "m" in c["cls"].split() and "fit" not in t["cls"].split():
                check(cw >= tw / 5 - 1, "%d px, %s: the subject column %r a fifth of the table or more "
                      "(%d of %d px)" % (b["width"], t["id"], c["head"], cw, tw))


def main(a):
    if len(a) == 3 and a[0] == "trendpage":
        s = open(a[1], encoding="utf-8").read()
        head = s[:s.index("<body>") + len("<body>\n")]
        i = s.find('<h2 id="trend"')
        j = s.find("<h2 ", i + 1) if i >= 0 else -1
        if i < 0:
            sys.exit("%s: no trend section" % a[1])
        open(a[2], "w", encoding="utf-8").write(head + s[i:j if j > 0 else len(s)] + "</body>\n</html>\n")
    elif len(a) == 4 and a[0] == "probe":
        s = open(a[1], encoding="utf-8").read()
        s = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", s)
        js = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "boxes.js"), encoding="utf-8").read()
        doc = s.replace("&", "&amp;").replace('"', "&quot;")
        open(a[2], "w", encoding="utf-8").write(
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><style>body{margin:0}iframe{border:0}</style>'
            '</head><body><iframe id="report" width="%d" height="1600" srcdoc="%s"></iframe>\n<script>\n%s'
            "</script></body></html>\n" % (int(a[3]), doc, js))
    elif len(a) in (2, 3) and a[0] == "trend":
        trend(*a[1:])
    elif len(a) == 2 and a[0] == "tables":
        tables(a[1])
    else:
        sys.exit(__doc__)
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
