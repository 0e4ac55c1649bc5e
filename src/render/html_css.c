/* render/html_css.c - the HTML report's one style sheet (render/html.h),
 * inline in the page's <style>: the page holds everything it shows.
 *
 * What it answers, each looked at in headless Chromium (tests/html.t):
 * - the page uses the width it has (up to 100rem) and tables size their
 *   columns to their content: headers never wrap (th nowrap), and a
 *   cell breaks inside a word only when the word alone is wider than the
 *   column (overflow-wrap:break-word, which leaves the column's minimum
 *   width alone, where "anywhere" let columns shrink to one letter);
 *   only a row's subject and mail text that may be one long token (a
 *   branch, a tree's URL: .brk) break anywhere, so that no table grows
 *   wider than the page;
 * - a commit message is as wide as the table, never wrapped: its lines
 *   keep their 72 columns and a longer one scrolls inside the block
 *   (contain:inline-size keeps a long line from widening the table);
 * - under 60rem every table is a list of cards (td[data-label]): a row
 *   of five columns with whole addresses needs about 950 px (kvmarm at
 *   700 and 900 px: the series table wider than the page, its subjects
 *   cut to a few letters a line); a table that still cannot fit
 *   scrolls sideways in its own box (.tw), never the page;
 * - the charts' SVG is drawn at its own size (400 px wide, at most 10%
 *   smaller so that three sit side by side at 1280 px, smaller only on
 *   a narrower screen), so their labels are all one size;
 * - dark when the reader's system is (prefers-color-scheme), light on
 *   paper; in print commit messages are open and wrap. */
#include "render/html.h"

const char ld_html_css[] =
	":root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#57606a;--line:#d0d7de;--bar:#2f6fb3;"
	"--code:#f6f8fa;--link:#0b5cad;--up:#1a7f37;--down:#cf222e;--total:#24292f}\n"
	"@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#30363d;"
	"--bar:#4a8fd6;--code:#161b22;--link:#6cb6ff;--up:#3fb950;--down:#f85149;--total:#d1d7e0}}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0 auto;max-width:100rem;padding:1rem 1.5rem;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;"
	"color:var(--fg);background:var(--bg);overflow-wrap:break-word}\n"
	"h1{font-size:1.45rem;line-height:1.25;margin:.5rem 0}\n"
	"nav.home{font-size:.875rem}\n"
	"h2{font-size:1.15rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin:2rem 0 .75rem}\n"
	"a{color:var(--link)}\n"
	".muted,.empty{color:var(--muted)}\n"
	".nw{white-space:nowrap}\n"
	".brk,td.main{overflow-wrap:anywhere}\n"
	"code{font:.875em ui-monospace,\"DejaVu Sans Mono\",monospace;overflow-wrap:anywhere}\n"
	"table{border-collapse:collapse;width:100%}\n"
	"table.fit{width:auto}\n"
	".tw{overflow-x:auto}\n"
	"th,td{text-align:left;vertical-align:top;padding:.35rem .6rem;border-bottom:1px solid var(--line)}\n"
	"th{font-weight:600;border-bottom-width:2px;white-space:nowrap}\n"
	".n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;width:1%}\n"
	".chg{display:inline-block;min-width:2.8em;text-align:left;font-size:.8em;color:var(--muted);margin-left:.3em}\n"
	".chg.up{color:var(--up)}\n"
	".chg.down{color:var(--down)}\n"
	".chg.new{font-style:italic}\n"
	"table:not(.fit)>thead th.m{width:45%}\n"
	"table.pulls>thead th.m{width:25%}\n"
	"table.pulls>thead th:last-child{width:40%}\n"
	"table.applied>thead th:nth-child(2){width:20%}\n"
	"table.series td.main{min-width:12rem}\n"
	"table.series>tbody>tr:first-child>td{border-bottom:0;padding-bottom:.15rem}\n"
	"tr.more>td{padding-top:0}\n"
	"tr.more summary{color:var(--muted);font-size:.875rem}\n"
	"tr.more pre{max-width:calc(100ch + 1.5rem)}\n"
	"pre{white-space:pre;overflow-x:auto;contain:inline-size;"
	"font:13px/1.45 ui-monospace,\"DejaVu Sans Mono\",monospace;"
	"background:var(--code);border:1px solid var(--line);padding:.6rem .75rem;border-radius:4px;margin:.4rem 0}\n"
	"summary{cursor:pointer}\n"
	"ol,ul{margin:.3rem 0;padding-left:1.6rem}\n"
	".charts{display:flex;flex-wrap:wrap;gap:.5rem 2rem}\n"
	".chart{flex:1 1 360px;max-width:400px;min-width:0;margin:0}\n"
	".chart svg{display:block;max-width:100%;height:auto}\n"
	".chart text{font:13px system-ui,sans-serif;fill:var(--fg)}\n"
	".chart rect{fill:var(--bar)}\n"
	".chart figcaption{font-weight:600;margin:.5rem 0}\n"
	".trend{margin:0}\n"
	".trend>figcaption{margin:.25rem 0 .75rem}\n"
	".tps{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,348px),1fr));gap:1.25rem 2rem}\n"
	".tp{margin:0;min-width:0}\n"
	".tp figcaption{font-size:.875rem;margin-bottom:.2rem}\n"
	".tp.all figcaption{font-weight:600}\n"
	".tp figcaption .muted{font-weight:400}\n"
	".tp svg{display:block;max-width:100%;height:auto}\n"
	".tp text{font:11px system-ui,sans-serif;fill:var(--fg)}\n"
	".tp text.z,.tp text.day{fill:var(--muted)}\n"
	".tp.k g text{font-size:9px}\n"
	".tp rect{fill:var(--bar)}\n"
	".tp.all rect{fill:var(--total)}\n"
	".tp line{stroke:var(--muted)}\n"
	"@media (max-width:60rem){body{padding:.75rem;font-size:15px}\n"
	" table.cards,table.cards>tbody{display:block}\n"
	" table.cards>thead{display:none}\n"
	" table.cards>tbody>tr{display:flex;flex-wrap:wrap;gap:0 1rem;padding:.4rem 0;border-bottom:1px solid var(--line)}\n"
	" table.cards td{display:block;flex:1 1 100%;min-width:0;border:0;padding:.1rem 0;text-align:left}\n"
	" table.cards td.n,table.cards td.s{flex:0 1 auto;width:auto}\n"
	" table.cards td:empty{display:none}\n"
	" table.cards td.main{order:-1;min-width:0}\n"
	" table.cards td[data-label]::before{content:attr(data-label) \": \";color:var(--muted)}\n"
	" table.series>tbody>tr:first-child{border-bottom:0;padding-bottom:0}}\n"
	"@media print{:root{color-scheme:light;--fg:#000;--bg:#fff;--muted:#444;--line:#aaa;--bar:#777;--code:#fff;--link:#000;--total:#000}\n"
	" body{max-width:none;padding:0;font-size:10pt}\n"
	" a{color:inherit;text-decoration:none}\n"
	" details::details-content{content-visibility:visible;display:block}\n"
	" details>summary{display:none}\n"
	" pre{white-space:pre-wrap;overflow:visible;max-width:none;font-size:8.5pt}\n"
	" thead{display:table-header-group}\n"
	" nav.home{display:none}\n"
	" .tw{overflow:visible}\n"
	" h2{break-after:avoid}\n"
	" .chart{flex:1 1 14rem;max-width:400px}\n"
	" .tps{gap:1rem}\n"
	" figure,table:not(.series) tr,table.series>tbody>tr:first-child{break-inside:avoid}\n"
	" figure.trend{break-inside:auto}}\n";
