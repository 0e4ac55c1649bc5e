#!/bin/bash
# --format html in a real browser (Debian's chromium, installed by `make
# check` as root with poppler-utils: make deps-browser).
#  1. An archive built from hostile fixtures (tests/hostile/hostile.manifest:
#     subjects <script>alert(1)</script> and "><img src=x onerror=alert(1)>,
#     a From name with <b> and &amp;, invalid bytes): the DOM Chromium builds
#     holds the hostile strings as text and no injected element; the SVG
#     charts have bars.
#  2. Three pages: the golden report (tests/golden/main), the hostile one
#     and a period without patches.  Their structure and style sheet
#     (tests/lib/htmlfacts.py: headers that never wrap, Reviews cells that
#     say what they count, commit messages across the whole table, no link
#     on "(not stated)", one chart scale, dark and print blocks; the empty
#     one says so instead of bare headers), and their screenshots at 1280
#     and 390 px, light and dark (Chromium's preferredColorScheme: 1 light,
#     0 dark), commit messages opened (each <details> made open in a copy:
#     what a reader sees after a click), and printed (--print-to-pdf, page 1
#     as a PNG by pdftoppm, the text by pdftotext).  Pixel facts
#     (tests/lib/pngfacts.py): light pages mostly light and dark ones
#     mostly dark, print light even for a dark-preferring reader; at 1280
#     px the golden report is drawn over more than 1100 px; at both widths
#     nothing reaches the right edge (the page is not wider than the
#     screen: content cut at the edge would touch it).  The weekly trend
#     alone (tests/lib/boxfacts.py): panels drawn at their own size, three
#     side by side at 1280 px and one under another at 390, captions,
#     dates and counts apart, the bars of all postings told from the rows'
#     (contrast from the screenshots' pixels); the tables' count columns
#     narrow and subject columns wide at 1280 px.  The same
#     screenshots of kvmarm's whole archive with --orgs (../shared) when
#     there: a real list's long branch names and tree URLs.
# Every picture is kept in build/html-test/ to be looked at.
. "$(dirname "$0")/lib/tap.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
CHROMIUM=$(command -v chromium || command -v chromium-browser) ||
	skip_all "chromium not installed (make check installs it as root: make deps-browser; else: apt-get install chromium)"

OUT=$TOP/build/html-test
rm -rf "$OUT"
mkdir -p "$OUT"
export SOURCE_DATE_EPOCH=1700000000
"$TOP/tests/lib/mkinbox.sh" "$TMP/hostile" "$TOP/tests/hostile/hostile.manifest" 2>/dev/null  # git warns about the non-UTF-8 subject
"$LD" --format html "$TMP/hostile" >"$OUT/hostile.html" 2>/dev/null
is "$?" 0 "renders the hostile archive"
"$TOP/tests/lib/mkinbox.sh" "$TMP/main" "$TOP/tests/golden/main.manifest"
"$LD" --format html "$TMP/main" >"$OUT/main.html" 2>/dev/null
is "$?" 0 "renders the golden archive"
"$LD" --format html --since 2030-01-01 "$TMP/main" >"$OUT/empty.html" 2>/dev/null
is "$?" 0 "renders a period without messages"

browse() { # browse ARGS... : headless Chromium, no network, fresh profile
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --run-all-compositor-stages-before-draw \
		--disable-background-networking --disable-component-update --disable-sync \
		--no-first-run --user-data-dir="$(mktemp -d "$TMP/profile.XXXXXX")" "$@" 2>>"$TMP/chromium.log"
}

browse --dump-dom "file://$OUT/hostile.html" >"$OUT/hostile.dom.html"
ok $? "chromium --dump-dom"

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

for page in main hostile empty; do
	# self-contained: nothing the page would fetch, a strict policy
	grep -Eiq '<(link|script|img|iframe|object|embed)[ >/]| src="|url\(' "$OUT/$page.html"; is "$?" 1 "$page: no external resource, no script"
	grep -qF "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">" \
		"$OUT/$page.html"; ok $? "$page: Content-Security-Policy default-src 'none'"
	grep -q '<meta name="viewport"' "$OUT/$page.html"; ok $? "$page: viewport meta for phones"
	kind=report; [ $page = empty ] && kind=empty
	browse --dump-dom "file://$OUT/$page.html" >"$OUT/$page.dom.html"
	"$PY" "$TOP/tests/lib/htmlfacts.py" $kind "$OUT/$page.dom.html" >"$TMP/facts.out" 2>&1
	rc=$?; sed 's/^/# /' "$TMP/facts.out"
	ok $rc "$page: structure and style sheet (tests/lib/htmlfacts.py $kind)"
done

# facts FILE.png -> "width height dark% left right" (tests/lib/pngfacts.py)
facts() { "$PY" "$TOP/tests/lib/pngfacts.py" facts "$1"; }
# A real list's whole archive (kvmarm, ../shared; skipped without it):
# long branch names and tree URLs in mail, the organizations chart.
pages="main hostile empty"
if KVMARM=$(real_archive kvmarm); then
	"$LD" --format html --orgs "$TOP/data/orgs.map" "$KVMARM" >"$OUT/kvmarm.html" 2>/dev/null
	is "$?" 0 "renders kvmarm (real archive) with --orgs"
	pages="$pages kvmarm"
else
	echo "# kvmarm not checked: no ../shared/archives/kvmarm.bundle"
fi
for page in $pages; do
	sed 's/<details>/<details open>/g' "$OUT/$page.html" >"$OUT/$page-open.html"
	for scheme in light dark; do
		pcs=1; [ $scheme = dark ] && pcs=0
		for w in 1280 390; do
			png=$OUT/$page-$w-$scheme.png
			browse --blink-settings=preferredColorScheme=$pcs --screenshot="$png" --window-size=$w,1600 \
				"file://$OUT/$page-open.html" >/dev/null
			read -r pw ph dark left right _ < <(facts "$png")
			echo "# $png: ${pw}x$ph, ${dark}% dark pixels, drawn from x=$left to x=$right"
			is "$pw" "$w" "$page $w $scheme: a screenshot $w px wide"
			if [ $scheme = light ]; then
				"$PY" -c "import sys; sys.exit(not float(sys.argv[1]) < 20)" "$dark"
				ok $? "$page $w light: mostly light ($dark% dark pixels)"
			else
				"$PY" -c "import sys; sys.exit(not float(sys.argv[1]) > 80)" "$dark"
				ok $? "$page $w dark: mostly dark ($dark% dark pixels)"
			fi
			[ "$right" -lt $((w - 4)) ]; ok $? "$page $w $scheme: nothing drawn at the right edge (x=$right): no page wider than the screen"
			if [ $w = 1280 ] && [ $page = main ]; then
				[ $((right - left)) -gt 1100 ]; ok $? "$page 1280 $scheme: the report uses the width ($((right - left + 1)) px drawn)"
			fi
		done
	done
done

# The weekly trend on a page of its own (tests/lib/boxfacts.py): where the
# browser puts each panel, caption, date and count (tests/lib/boxes.js, run
# in a copy without the page's policy, read back from --dump-dom) and the
# colours it paints them, at 1280 and 390 px, light and dark; and, on the
# whole page at 1280 px, the tables' columns: counts narrow, the subject
# wide.
BOX="$PY $TOP/tests/lib/boxfacts.py"
for page in $pages; do
	grep -q '<h2 id="trend"' "$OUT/$page.html" || continue
	$BOX trendpage "$OUT/$page.html" "$OUT/$page-trend.html"
	for w in 1280 390; do
		$BOX probe "$OUT/$page-trend.html" "$TMP/$page-trend-probe.html" $w
		browse --window-size=$w,1600 --dump-dom "file://$TMP/$page-trend-probe.html" >"$TMP/$page-trend-$w.dom.html"
		for scheme in light dark; do
			pcs=1; [ $scheme = dark ] && pcs=0
			png=$OUT/$page-trend-$w-$scheme.png
			browse --blink-settings=preferredColorScheme=$pcs --screenshot="$png" --window-size=$w,1600 \
				"file://$OUT/$page-trend.html" >/dev/null
			$BOX trend "$TMP/$page-trend-$w.dom.html" "$png" >"$TMP/facts.out" 2>&1
			rc=$?; sed 's/^/# /' "$TMP/facts.out"
			ok $rc "$page trend $w $scheme: panels at their size, none over another, dates and counts apart, bars told apart"
		done
	done
	$BOX probe "$OUT/$page.html" "$TMP/$page-probe.html" 1280
	browse --window-size=1280,1600 --dump-dom "file://$TMP/$page-probe.html" >"$TMP/$page-1280.dom.html"
	$BOX tables "$TMP/$page-1280.dom.html" >"$TMP/facts.out" 2>&1
	rc=$?; sed 's/^/# /' "$TMP/facts.out"
	ok $rc "$page 1280: count columns narrow, subject columns a fifth of their table or more"
done

# Print: black on white, no colour (bars grey, links black: the print
# block's own colours; Chromium prints the light scheme even for a reader
# who prefers dark, so light alone would not show that block works);
# commit messages are open on paper.
if command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null; then
	for page in main hostile empty; do
		browse --blink-settings=preferredColorScheme=0 --no-pdf-header-footer \
			--print-to-pdf="$OUT/$page-print.pdf" "file://$OUT/$page.html" >/dev/null
		[ -s "$OUT/$page-print.pdf" ]; ok $? "$page: printed to PDF"
		pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$OUT/$page-print.pdf" "$OUT/$page-print"
		read -r pw ph dark left right colour < <(facts "$OUT/$page-print.png")
		echo "# $OUT/$page-print.png: page 1, ${pw}x$ph, ${dark}% dark pixels, $colour% coloured"
		"$PY" -c "import sys; sys.exit(not float(sys.argv[1]) < 20)" "$dark"
		ok $? "$page: printed light ($dark% dark pixels)"
		"$PY" -c "import sys; sys.exit(not float(sys.argv[1]) < 0.05)" "$colour"
		ok $? "$page: printed without colour ($colour% coloured pixels)"
		pdftotext -layout "$OUT/$page-print.pdf" "$OUT/$page-print.txt"
	done
	# the closed commit messages are printed, their lines whole
	grep -qF 'The frob widget can wedge itself when a guest writes the doorbell' "$OUT/main-print.txt"
	ok $? "main: print shows the commit messages, lines unbroken"
	grep -qF 'No patches in this period.' "$OUT/empty-print.txt"; ok $? "empty: print says there were no patches"
else
	echo "# print not checked: no pdftoppm/pdftotext (apt-get install poppler-utils; make deps-browser)"
fi
echo "# pictures: $OUT/*.png"
done_testing
