#!/bin/bash
# --format html in a real browser: an archive built from hostile fixtures
# (tests/hostile/hostile.manifest: subjects <script>alert(1)</script> and
# "><img src=x onerror=alert(1)>, a From name with <b> and &amp;, invalid
# bytes) is rendered and opened in headless Chromium (Debian's chromium,
# installed by `make check` as root).  The DOM must hold the hostile
# strings as text and no injected element; the SVG charts must have bars.
# Screenshots (desktop and phone width) are kept in build/html-test/.
. "$(dirname "$0")/lib/tap.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
CHROMIUM=$(command -v chromium || command -v chromium-browser) ||
	skip_all "chromium not installed (make check installs it as root: make deps-browser; else: apt-get install chromium)"

OUT=$TOP/build/html-test
mkdir -p "$OUT"
export SOURCE_DATE_EPOCH=1700000000
"$TOP/tests/lib/mkinbox.sh" "$TMP/hostile" "$TOP/tests/hostile/hostile.manifest" 2>/dev/null  # git warns about the non-UTF-8 subject
"$LD" --format html "$TMP/hostile" >"$OUT/hostile.html" 2>/dev/null
is "$?" 0 "renders the hostile archive"

browse() { # browse ARGS... : headless Chromium, no network, fresh profile
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update --disable-sync \
		--no-first-run --user-data-dir="$(mktemp -d "$TMP/profile.XXXXXX")" "$@" 2>>"$TMP/chromium.log"
}

browse --dump-dom "file://$OUT/hostile.html" >"$OUT/hostile.dom.html"
ok $? "chromium --dump-dom"
browse --screenshot="$OUT/hostile-desktop.png" --window-size=1280,1600 "file://$OUT/hostile.html" >/dev/null
[ -s "$OUT/hostile-desktop.png" ]; ok $? "screenshot (desktop): $OUT/hostile-desktop.png"
browse --screenshot="$OUT/hostile-phone.png" --window-size=390,1400 "file://$OUT/hostile.html" >/dev/null
[ -s "$OUT/hostile-phone.png" ]; ok $? "screenshot (phone width): $OUT/hostile-phone.png"
echo "# screenshots: $OUT/hostile-desktop.png $OUT/hostile-phone.png"

# The DOM as the browser built it: elements, attributes, text.
"$PY" - "$OUT/hostile.dom.html" >"$TMP/dom.out" 2>&1 <<'PYEOF'
import sys
from html.parser import HTMLParser

class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.rects, self.stack = [], [], [], []
        self.handlers = []
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        self.handlers += [k for k in a if k.startswith("on")]
        if tag == "rect":
            self.rects.append((self.stack[-1] if self.stack else "", float(a.get("width", "0"))))
        if tag == "svg":
            self.stack.append(a.get("aria-label", ""))
    def handle_endtag(self, tag):
        if tag == "svg" and self.stack:
            self.stack.pop()
    def handle_data(self, d):
        self.text.append(d)

p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
text = "".join(p.text)
fails = []
def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        fails.append(what)
check("script" not in p.tags, "no <script> element")
check("img" not in p.tags, "no <img> element")
check("b" not in p.tags, "no <b> element")
check(not p.handlers, "no on* attribute anywhere")
check("[PATCH] <script>alert(1)</script>" in text, "script subject shown as text")
check('[PATCH] "><img src=x onerror=alert(1)>' in text, "img subject shown as text")
check("Mallory <b>Bold</b> &amp; Co <mallory@evil.example>" in text, "From name with <b> and &amp; shown as text")
check("</pre><script>alert(2)</script><b>not bold</b> & done" in text, "hostile commit message shown as text")
check("\x1b" not in text, "no terminal escape in the text")
charts = {}
for label, w in p.rects:
    charts.setdefault(label, []).append(w)
dom = [c for c in charts if "domains" in c]
ppl = [c for c in charts if c.endswith("contributors")]
check(len(dom) == 1 and len(charts[dom[0]]) == 3 and all(w > 0 for w in charts[dom[0]]),
      "domain chart has 3 bars of non-zero width: %r" % charts.get(dom[0] if dom else "", []))
check(len(ppl) == 1 and len(charts[ppl[0]]) == 4 and all(w > 0 for w in charts[ppl[0]]),
      "contributor chart has 4 bars of non-zero width: %r" % charts.get(ppl[0] if ppl else "", []))
check(max(charts[dom[0]]) > 2 * min(charts[dom[0]]), "bar lengths follow the counts (3 vs 1)")
sys.exit(1 if fails else 0)
PYEOF
rc=$?
sed 's/^/# /' "$TMP/dom.out"
ok $rc "DOM: hostile strings are text, no injected element, charts have bars"

# self-contained: nothing the page would fetch
grep -Eiq '<(link|script|img|iframe|object|embed)[ >/]| src="|url\(' "$OUT/hostile.html"; is "$?" 1 "no external resource, no script"
grep -q '<meta name="viewport"' "$OUT/hostile.html"; ok $? "viewport meta for phones"
grep -q '@media print' "$OUT/hostile.html"; ok $? "print stylesheet"
done_testing
