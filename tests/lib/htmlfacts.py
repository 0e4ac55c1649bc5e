#!/usr/bin/env python3
"""htmlfacts.py KIND FILE.html - what a machine can check of the HTML
report's look without running a script in the page (tests/html.t): its
style sheet's rules and the structure the browser built (Chromium's
--dump-dom).  KIND: "report" (a report with rows) or "empty" (a period
without patches).  One line per check, "ok: ..." or "FAIL: ..."; exit 1
when any failed."""
import re
import sys
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []          # open elements: (tag, attrs)
        self.style = []
        self.tables = []         # per table: {"th": n, "pre_colspans": [...], "unnamed": n}
        self.svgs = []
        self.a_texts = []        # text inside <a>
        self.texts = []
        self.reviews = []        # text of each Reviews cell
        self.in_reviews = None
        self.panels = []         # per trend panel: desc, bar titles, counts
        self.panel = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("br", "meta", "rect", "img", "input", "link"):
            return
        self.stack.append((tag, a))
        if tag == "table":
            self.tables.append({"th": 0, "pre_colspans": [], "unnamed": 0,
                                "cards": "cards" in a.get("class", "").split()})
        elif tag == "th" and self.tables:
            self.tables[-1]["th"] += 1
        elif tag == "td" and self.tables:
            if a.get("data-label") == "Reviews":
                self.in_reviews = []
            t = self.tables[-1]
            if t["cards"] and "data-label" not in a and "main" not in a.get("class", "").split() \
                    and "colspan" not in a:
                t["unnamed"] += 1
        elif tag == "pre" and any(t == "table" for t, _ in self.stack[:-1]):
            tds = [x for x in self.stack if x[0] == "td"]
            self.tables[-1]["pre_colspans"].append(int(tds[-1][1].get("colspan", "1")) if tds else 0)
        elif tag == "svg":
            self.svgs.append(a)
            # a trend panel: its desc, its bars' titles, its visible counts
            self.panel = {"desc": "", "titles": [], "counts": []} \
                if a.get("aria-labelledby", "").startswith("trend-") else None
            if self.panel is not None:
                self.panels.append(self.panel)

    def handle_endtag(self, tag):
        if tag == "td" and self.in_reviews is not None:
            self.reviews.append("".join(self.in_reviews))
            self.in_reviews = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, d):
        tags = [t for t, _ in self.stack]
        if self.panel is not None and "svg" in tags:
            if tags[-1] == "desc":
                self.panel["desc"] += d
            elif tags[-1] == "title" and tags[-2] == "g":
                self.panel["titles"].append(d)
            elif tags[-1] == "text" and self.stack[-1][1].get("class") != "day":
                self.panel["counts"].append(d)
        if tags and tags[-1] == "style":
            self.style.append(d)
            return
        self.texts.append(d)
        if "a" in tags:
            self.a_texts.append(d)
        if self.in_reviews is not None:
            self.in_reviews.append(d)


kind, path = sys.argv[1], sys.argv[2]
p = Page()
p.feed(open(path, encoding="utf-8").read())
css = "".join(p.style)
text = "".join(p.texts)
fails = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        fails.append(what)


rule = lambda sel: re.search(r"(^|\n|\})\s*" + re.escape(sel) + r"\{([^}]*)\}", css)
th = rule("th")
check(th is not None and "white-space:nowrap" in th.group(2), "CSS: header cells never wrap (th white-space:nowrap)")
check("anywhere" not in (rule("th,td").group(2) if rule("th,td") else ""),
      "CSS: table cells break a word only when it alone is too wide (no overflow-wrap:anywhere)")
check("@media (prefers-color-scheme:dark)" in css, "CSS: a dark theme (prefers-color-scheme:dark)")
check("@media print" in css, "CSS: a print style sheet")
pre = rule("pre")
check(pre is not None and "white-space:pre;" in pre.group(2) and "overflow-x:auto" in pre.group(2),
      "CSS: commit messages keep their lines and scroll (pre: white-space:pre, overflow-x:auto)")
check(not re.search(r"\bR \d+, A \d+, T \d+", text), "no cryptic 'R 0, A 0, T 0' review counts")
check(not any("not stated" in t for t in p.a_texts), "'(not stated)' is no link")
trend = [a for a in p.svgs if a.get("aria-labelledby", "").startswith("trend-")]
charts = [a for a in p.svgs if a not in trend]
check(all(a.get("width") == "400" for a in charts),
      "every contributors chart drawn at one scale (svg width=400): %r" % [a.get("width") for a in charts])
widths = {a.get("width") for a in trend}
check(not trend or (len(widths) == 1 and int(trend[0]["width"]) <= 366),
      "trend panels of one size, narrower than a 390 px phone's page (366 px): %r" % widths)
for i, t in enumerate(p.panels):
    # the numbers a screen reader hears (desc), a pointer shows (each
    # bar's title) and the eye reads (the count over each bar) agree
    said = re.findall(r"week of (\d{4}-\d\d-\d\d): (\d+)", t["desc"])
    shown = [re.search(r"week of (\d{4}-\d\d-\d\d): (\d+)$", x) for x in t["titles"]]
    check(len(said) == 12 and [m.groups() if m else None for m in shown] == said
          and t["counts"] == [n for _, n in said],
          "trend panel %d: its desc, bar titles and counts say the same 12 weeks%s"
          % (i, "" if len(said) == 12 else ": %r / %r / %r" % (said, t["titles"], t["counts"])))
for i, t in enumerate(p.tables):
    check(all(c == t["th"] for c in t["pre_colspans"]),
          "table %d: every commit message spans all %d columns: %r" % (i + 1, t["th"], t["pre_colspans"]))
    check(t["unnamed"] == 0, "table %d: every cell of a card is named (data-label) or the row's subject" % (i + 1))
if kind == "empty":
    check(not p.tables, "empty period: no table (no bare headers)")
    check(not p.svgs, "empty period: no chart")
    check("No patch postings in this period." in text, "empty period: says 'No patch postings in this period.'")
    check("No patches in this period." in text, "empty period: says 'No patches in this period.'")
else:
    check(len(p.tables) >= 1, "report: %d tables" % len(p.tables))
    bad = [r for r in p.reviews if not re.fullmatch(r"\d+ (Reviewed|Acked|Tested)-by(, \d+ (Acked|Tested)-by)*|none", r)]
    check(bool(p.reviews) and not bad, "report: %d Reviews cells, each '1 Reviewed-by, 2 Acked-by' or 'none': %r"
          % (len(p.reviews), bad[:3]))
sys.exit(1 if fails else 0)
