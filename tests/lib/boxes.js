/* tests/lib/boxes.js - run by headless Chromium in the page that
 * tests/lib/boxfacts.py probe writes: an HTML report in an iframe of the
 * width to measure at (the browser's own window is never narrower than
 * 500 px).  Once it has loaded, writes where the browser put the trend's
 * panels and the tables' header cells, in the report's page pixels, as
 * JSON into a pre element (id "boxes") of the outer page, which
 * --dump-dom then shows.  Measures only; changes nothing in the report. */
addEventListener("load", function () {
	var w = document.getElementById("report").contentWindow, d = w.document;
	function box(e) {
		var b = e.getBoundingClientRect();
		return [b.left + w.scrollX, b.top + w.scrollY, b.right + w.scrollX, b.bottom + w.scrollY];
	}
	var out = { width: w.innerWidth, page: d.documentElement.scrollWidth, panels: [], tables: [],
		    broken: [] };
	/* what must not wrap (a date, "3 in 12 weeks") and still did */
	d.querySelectorAll(".nw").forEach(function (e) {
		if (e.getClientRects().length > 1)
			out.broken.push(e.textContent);
	});
	d.querySelectorAll("figure.tp").forEach(function (f) {
		var svg = f.querySelector("svg");
		var p = { all: f.classList.contains("all"), caption: box(f.querySelector("figcaption")),
			  svg: box(svg), drawn: +svg.getAttribute("width"), days: [], counts: [], bars: [] };
		svg.querySelectorAll("text.day").forEach(function (t) { p.days.push(box(t)); });
		svg.querySelectorAll("g text").forEach(function (t) { p.counts.push(box(t)); });
		svg.querySelectorAll("rect").forEach(function (t) { p.bars.push(box(t)); });
		out.panels.push(p);
	});
	d.querySelectorAll("div.tw>table").forEach(function (t) {
		var h = t.parentNode.previousElementSibling;
		out.tables.push({ id: h ? h.id : "", cls: t.className, box: box(t),
				  th: Array.prototype.map.call(t.querySelectorAll("thead th"), function (c) {
					  return { head: c.textContent, cls: c.className, box: box(c) };
				  }) });
	});
	var pre = document.createElement("pre");
	pre.id = "boxes";
	pre.textContent = JSON.stringify(out);
	document.body.appendChild(pre);
});
