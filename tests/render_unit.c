/* render_unit.c - the renderers and escapers on a hand-built report that
 * fills every part of the model, including the parts the pipeline does
 * not fill yet (series, supersedes, reviewers, discussions, applied,
 * fixes, waiting for review, trend, organizations, warnings), with hostile strings
 * everywhere.
 *
 *   render-unit escapes        TAP tests of the escapers and of mail
 *                              composition
 *   render-unit FORMAT         the hand-built report in FORMAT on stdout
 *                              (tests/render.t compares it with
 *                              tests/render/full.FORMAT.expected) */
#include "../src/render/render.h"
#include "../src/report/report.h"
#include "../src/mail/mail.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The report holds only memory of its arena (model.h): build() makes it. */
static ld_arena *A;
#define S(x) ld_arena_strdup(A, x)

static void *acalloc(size_t n, size_t size)
{
	return ld_arena_alloc(A, n * size);
}

static ld_row row(const char *label, unsigned long count)
{
	ld_row r = { S(label), count, 0 };
	return r;
}

static ld_posting posting(const char *subject, const char *mid, const char *author,
			  int64_t date, size_t series)
{
	ld_posting p;
	memset(&p, 0, sizeof(p));
	p.subject = S(subject);
	ld_subject_parse(subject, &p.subj);
	p.title = S(subject + p.subj.title);
	p.message_id = S(mid);
	p.author = S(author);
	snprintf(p.commit, sizeof(p.commit), "%040zx", (size_t)date);
	p.date = date;
	p.series = series;
	return p;
}

static ld_entry entry(const ld_posting *p, const char *excerpt, size_t series)
{
	ld_entry e;
	memset(&e, 0, sizeof(e));
	e.subject = S(p->subject);
	e.title = S(p->title);
	e.author = S(p->author);
	e.sender = S("");
	e.excerpt = S(excerpt);
	e.message_id = S(p->message_id);
	memcpy(e.commit, p->commit, sizeof(e.commit));
	e.series = series;
	return e;
}

static char **strv(int n, ...)
{
	va_list ap;
	char **v = acalloc((size_t)n, sizeof(char *));
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		v[i] = S(va_arg(ap, const char *));
	va_end(ap);
	return v;
}

static ld_report *build(void)
{
	ld_report *r = ld_xcalloc(1, sizeof(*r));
	r->arena = A = ld_arena_new();
	/* a date-bounded run: the title says the window, the header the
	 * commits of the first and last message reported */
	strcpy(r->from, "2025-11-17");
	strcpy(r->to, "2025-11-18");
	strcpy(r->from_full, "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
	strcpy(r->to_full, "f6e5d4c3b2a1908070605040302010fedcba9876");
	r->by_date = 1;
	strcpy(r->first_commit, "0123456789abcdef0123456789abcdef01234567");
	strcpy(r->last_commit, "89abcdef0123456789abcdef0123456789abcdef");
	r->first_date = 1763337900;
	r->last_date = 1763420000;
	r->list_name = S("KVM");
	r->list_id = S("kvm.vger.kernel.org");
	r->lore_url = S("https://lore.kernel.org/kvm/");
	r->n_lists = 1;   /* one inbox: its list is the report's */
	r->lists = ld_arena_alloc(A, sizeof(ld_list));
	r->lists[0] = (ld_list){ r->list_name, S("kvm"), r->list_id, r->lore_url, 12, 0 };
	r->filters.n_paths = 2;
	r->filters.paths = strv(2, "arch/x86/kvm/", "*_x_*|<b>");
	r->filters.n_authors = 1;
	r->filters.authors = strv(1, "Zo\xc3\xab \xe2\x80\xae");
	r->filters.grep = S("^(KVM|x86):");
	r->filters.subsystem = S("KVM <b>ARM64</b> \xe2\x80\xae&");
	r->since = 1763337600;   /* 2025-11-17 */
	r->until = 1763424000;
	r->top = 2;

	r->n_domains = 2;
	r->domains = acalloc(2, sizeof(ld_row));
	r->domains[0] = row("example.com", 3);
	r->domains[1] = row("ex|ample.org", 1);
	r->all_domains = 3;
	r->n_people = 2;
	r->people = acalloc(2, sizeof(ld_row));
	r->people[0] = row("Zoë <b>Bold</b> &amp; Co <zoe@example.com>", 3);
	r->people[1] = row("\"><img src=x onerror=alert(1)> <x@ex|ample.org>", 1);
	r->all_people = 4;
	r->have_orgs = 1;
	r->n_orgs = 2;
	r->orgs = acalloc(2, sizeof(ld_row));
	r->orgs[0] = row("Example Corp", 3);
	r->orgs[1] = row("(Unknown)", 1);
	r->all_orgs = 2;

	const char *zoe = "Zoë <b>Bold</b> &amp; Co <zoe@example.com>";
	r->n_postings = 5;
	r->postings = acalloc(5, sizeof(ld_posting));
	r->postings[0] = posting("[PATCH v2 0/3] KVM: x86: <script>alert(1)</script>",
				 "cover.1@example.com", zoe, 1763340000, 0);
	r->postings[1] = posting("[PATCH v2 1/3] KVM: x86: a | pipe and `tick`",
				 "patch/1%2@example.com", zoe, 1763340060, 0);
	r->postings[2] = posting("[PATCH v2 2/3] KVM: x86: *bold* _em_ [link](x)",
				 "patch.2@example.com", zoe, 1763340120, 0);
	r->postings[3] = posting("[PATCH] \"><img src=x onerror=alert(1)>",
				 "single@ex|ample.org", "x <x@ex|ample.org>", 1763350000, 1);
	r->postings[4] = posting("[PATCH] - 1. # not a heading \x1b[31mred\x1b[0m bad\xff byte",
				 "loose@example.com", zoe, 1763360000, LD_NONE);

	r->n_series = 2;
	r->series = acalloc(2, sizeof(ld_series));
	ld_series *s = &r->series[0];
	s->prefix = S("PATCH v2");
	s->title = S("KVM: x86: <script>alert(1)</script>");
	s->author = S(zoe);
	s->version = 2;
	s->total = 3;
	s->cover = 0;
	s->n_patches = 2;
	s->patches = acalloc(2, sizeof(size_t));
	s->patches[0] = 1;
	s->patches[1] = 2;
	s->here = 2;
	s->missing = acalloc(1, sizeof(ld_span));
	s->missing[0] = (ld_span){ 3, 3 };
	s->n_missing = 1;
	s->date = 1763340000;
	s->message_id = S("cover.1@example.com");
	s->prev_version = 1;
	s->prev_date = 1762732800;  /* 2025-11-10 */
	s->prev_message_id = S("v1.cover@example.com");
	s->reviewed = 2;
	s->acked = 1;
	s->tested = 0;
	s->applied = 0;
	s->sender = S("zoe@example.com");
	s = &r->series[1];
	s->applied = LD_NONE;
	s->sender = S("x@ex|ample.org");
	s->prefix = S("PATCH");
	s->title = S("\"><img src=x onerror=alert(1)>");
	s->author = S("x <x@ex|ample.org>");
	s->version = 1;
	s->total = 1;
	s->cover = LD_NONE;
	s->n_patches = 1;
	s->patches = acalloc(1, sizeof(size_t));
	s->patches[0] = 3;
	s->here = 1;
	s->date = 1763350000;
	s->message_id = S("single@ex|ample.org");
	s->prev_message_id = S("");

	r->n_entries = 3;
	r->entries = acalloc(3, sizeof(ld_entry));
	r->entries[0] = entry(&r->postings[0],
			      "Cover text with ``` a fence\n```` and four\n</pre><script>x</script>", 0);
	r->entries[1] = entry(&r->postings[3], "Fixes: 0123456789ab (\"x\")\nSigned-off-by: x", 1);
	r->entries[2] = entry(&r->postings[4], "", LD_NONE);
	r->entries[1].sender = S("Sent <b>By</b> \x1b[1m <s@example.net>");

	r->n_reviewers = 2;
	r->reviewers = acalloc(2, sizeof(ld_reviewer));
	/* a name with a right-to-left override (shown "Rev reviewer" reversed
	 * when it is kept) and a zero-width space */
	r->reviewers[0] = (ld_reviewer){ S("Rev \xe2\x80\xaereweiver\xe2\x80\xac\xe2\x80\x8b <r@example.com>"), 3, 2, 1, 0,
					 5, 2, 1, 0 };
	r->reviewers[1] = (ld_reviewer){ S("<i>T</i> <t@example.org>"), 1, 0, 0, 1, 0, 0, 0, 1 };
	r->n_reviews = 4;
	/* who reviews whom, an organization with markup in its name */
	r->n_review_orgs = r->all_review_orgs = 2;
	r->review_orgs = acalloc(2, sizeof(ld_reviewer));
	r->review_orgs[0] = (ld_reviewer){ S("Example <b>Corp</b> | Ltd"), 3, 2, 1, 0, 3, 2, 1, 0 };
	r->review_orgs[1] = (ld_reviewer){ S("(Unknown)"), 1, 0, 0, 1, 1, 0, 0, 1 };
	/* the previous period: a row of each change (+, -, =, new) */
	r->previous.have = 1;
	r->previous.reason = S("");
	r->previous.since = 1762819200;
	r->previous.until = 1763424000;
	snprintf(r->previous.from, sizeof(r->previous.from), "2025-11-11");
	snprintf(r->previous.to, sizeof(r->previous.to), "2025-11-18");
	r->previous.messages = 12;
	r->previous.postings = 9;
	r->previous.series = 1;
	r->previous.reviews = 0;
	r->previous.applied = 2;
	r->domains[0].previous = 1;
	r->domains[1].previous = 4;
	r->people[0].previous = 3;
	r->orgs[0].previous = 2;

	r->n_discussions = 1;
	r->discussions = acalloc(1, sizeof(ld_discussion));
	r->discussions[0].subject = S("Re: [PATCH v2 0/3] KVM: x86: <script>alert(1)</script>");
	r->discussions[0].message_id = S("cover.1@example.com");
	r->discussions[0].replies = 7;
	r->discussions[0].n_participants = 3;
	r->discussions[0].participants = strv(3, "Rev\xe2\x81\xa6\xe2\x80\xa8x", "Zoë <b>Bold</b>", "Mi, Dapeng");

	r->n_applied = 2;
	r->applied = acalloc(2, sizeof(ld_applied));
	r->applied[0] = (ld_applied){ S("[PATCH v2 0/3] KVM: x86: <script>alert(1)</script>"), 0,
				      S("kvm/next"), S("Paolo <p@example.com>"), S("applied@example.com") };
	r->applied[1] = (ld_applied){ S("[PATCH] old & <gone>"), LD_NONE, S(""),
				      S("Maint <m@example.com>"), S("ty@example.com") };

	r->n_pulls = 2;
	r->pulls = acalloc(2, sizeof(ld_pull));
	r->pulls[0] = (ld_pull){ S("[GIT PULL 0/6] KVM: <script>alert(1)</script> fixes"), S("KVM: <script>alert(1)</script> fixes"),
				 S("Mi, Dapeng <d@example.com>"), S("Paolo Bonzini"),
				 S("git://example.org/kvm.git tags/kvm-<b>fixes</b>"), 6, S("pull.0@example.com"), 1700000000 };
	r->pulls[1] = (ld_pull){ S("[GIT PULL] one & <two>"), S("one & <two>"), S("Maint <m@example.com>"),
				 S(""), S(""), 0, S("pull.1@example.com"), 1700000100 };

	r->n_fixes = 2;
	r->fixes = acalloc(2, sizeof(ld_fix));
	r->fixes[0] = (ld_fix){ 3, strv(2, "0123456789ab (\"x: <y>\")", "fedcba987654 (\"z\")"), 2, 1 };
	r->fixes[1] = (ld_fix){ 4, NULL, 0, 1 };

	r->have_trend = 1;
	r->trend_by_org = 1;
	r->trend_end = 1700006400;
	for (int k = 0; k < LD_TREND_WEEKS; k++) {
		r->trend_start[k] = r->trend_end - (LD_TREND_WEEKS - k) * 7 * 86400;
		r->trend_total[k] = (unsigned long)(k * 3 % 7);
	}
	r->n_trend_rows = 2;
	r->trend_rows = acalloc(2, sizeof(ld_trend_row));
	r->trend_rows[0] = (ld_trend_row){ S("Org <script>alert(1)</script> & \x1b[31m"),
					   { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2 }, 12 };
	r->trend_rows[1] = (ld_trend_row){ S("(Unknown)"), { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, 1 };
	r->waiting_state = LD_WAITING_LISTED;
	r->waiting_days = 28;
	r->waiting_age = 7;
	r->waiting_end = 1700006400;
	r->n_waiting = 2;
	r->waiting = acalloc(2, sizeof(ld_waiting));
	r->waiting[0] = (ld_waiting){ .subject = S("[PATCH 0/2] KVM: <script>alert(1)</script> \x1b[31mred"),
				      .title = S("KVM: <script>alert(1)</script> \x1b[31mred"),
				      .author = S("Zoë <b>Bold</b> <z@example.com>"),
				      .message_id = S("wait.0@example.com"),
				      .date = 1698000000, .days = 23, .version = 1, .total = 2 };
	r->waiting[1] = (ld_waiting){ .subject = S("[PATCH] one & <two>"), .title = S("one & <two>"),
				      .author = S("Mi, Dapeng <d@example.com>"), .message_id = S("."),
				      .date = 1699000000, .days = 11, .version = 1, .total = 1 };
	/* --maintainers: who could review them, MAINTAINERS text as hostile as
	 * mail's; the second names no file */
	r->waiting_who = 1;
	ld_waiting *w = &r->waiting[0];
	w->n_files = 3;
	w->n_sections = w->all_sections = 2;
	w->sections = strv(2, "KVM <script>alert(1)</script> & \x1b[31mARM", "THE REST | *bold* [x](y)");
	w->n_people = 2;
	w->all_people = 9;
	w->people = acalloc(2, sizeof(ld_waiting_person));
	w->people[0] = (ld_waiting_person){ S("M\xc3 <b>Bold</b> <m@example.org>"), w->sections[0], 0 };
	w->people[1] = (ld_waiting_person){ S("R \x1b]0;title\x07 <r@example.org>"), w->sections[1], 1 };

	r->n_messages = 12;
	r->n_skipped = 1;
	r->n_deleted = 1;
	r->warnings[LD_W_CHARSET] = 1;
	r->warnings[LD_W_DATE] = 2;
	r->n_warnings = 3;
	r->n_warn_lines = 2;
	r->warn_lines = strv(2, "0123456789ab <m1@x>: unknown charset \"x-\xff\"",
			     "0123456789ac <m2@x>: bad Date \x1b]0;title\x07 <here>");
	return r;
}

/* ---- escapers ------------------------------------------------------ */

static int n_test, n_fail;

static void is_str(const char *got, const char *want, const char *name)
{
	int same = !strcmp(got, want);
	n_test++;
	n_fail += !same;
	printf("%sok %d - %s\n", same ? "" : "not ", n_test, name);
	if (!same)
		printf("#   got:  '%s'\n#   want: '%s'\n", got, want);
}

static char *esc(void (*fn)(FILE *, const char *), const char *s)
{
	static char *buf;
	size_t len;
	free(buf);
	FILE *f = open_memstream(&buf, &len);
	fn(f, s);
	fclose(f);
	return buf;
}

static void url_part(FILE *f, const char *s) { ld_esc_url(f, s, 1); }

static void escapes(void)
{
	/* the change from the previous period, one wording for all */
	char c[LD_CHANGE_SIZE];
	is_str(ld_change(c, 5, 2, 1), "+3", "change: more");
	is_str(ld_change(c, 2, 5, 1), "-3", "change: fewer");
	is_str(ld_change(c, 4, 4, 1), "=", "change: same");
	is_str(ld_change(c, 4, 0, 1), "new", "change: a row absent before");
	is_str(ld_change(c, 4, 0, 0), "+4", "change: a total that was 0");
	is_str(ld_change(c, 0, 0, 0), "=", "change: 0 and 0");
	is_str(ld_change(c, 0, 7, 0), "-7", "change: a total now 0");
	is_str(ld_change(c, ULONG_MAX, 0, 0), "+18446744073709551615", "change: the largest fits");
	is_str(ld_change(c, 0, ULONG_MAX, 0), "-18446744073709551615", "change: the largest drop fits");

	is_str(esc(ld_esc_html, "<script>alert(1)</script>"),
	       "&lt;script&gt;alert(1)&lt;/script&gt;", "html: tags");
	is_str(esc(ld_esc_html, "\"><img src=x onerror='a'>&amp;"),
	       "&quot;&gt;&lt;img src=x onerror=&#39;a&#39;&gt;&amp;amp;", "html: attribute breakout");
	is_str(esc(ld_esc_html, "a\x1b[31mb\x01\xff\xc3\xa9"), "ab\xef\xbf\xbd\xc3\xa9",
	       "html: controls dropped, invalid byte as U+FFFD");
	/* XML (the --site feed): HTML's five entities, and U+FFFE/U+FFFF,
	 * which XML 1.0's Char production excludes, dropped too */
	is_str(esc(ld_esc_xml, "<t>&\"'</t>]]>"), "&lt;t&gt;&amp;&quot;&#39;&lt;/t&gt;]]&gt;", "xml: entities");
	is_str(esc(ld_esc_xml, "a\xef\xbf\xbe" "b\xef\xbf\xbf" "c\xef\xbf\xbd\x01\x1b[1md\xed\xa0\x80"),
	       "abc\xef\xbf\xbd" "d\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", "xml: U+FFFE, U+FFFF, controls dropped; surrogate as U+FFFD");
	is_str(esc(ld_esc_json, "a\"b\\c\nd\te\x01\x7f\xff\xc0\xaf\xe2\x80\xa8\xc3\xa9"),
	       "\"a\\\"b\\\\c\\nd\\te\\u0001\\u007f\\ufffd\\ufffd\\ufffd\\u2028\xc3\xa9\"",
	       "json: escapes, invalid and overlong bytes, U+2028");
	is_str(esc(ld_esc_json, "\xed\xa0\x80\xf4\x90\x80\x80"),
	       "\"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\"", "json: surrogate and > U+10FFFF");
	is_str(esc(ld_esc_json, "\xc2\x9b"), "\"\\u009b\"", "json: C1 control as \\u");
	is_str(esc(ld_esc_md, "a|b *c* _d_ `e` [f](g) <h> &amp; #i !j ~k \\l"),
	       "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\<h\\> \\&amp; \\#i \\!j \\~k \\\\l",
	       "md: inline specials and table pipe");
	is_str(esc(ld_esc_md, "- item"), "\\- item", "md: leading list marker");
	is_str(esc(ld_esc_md, "12. item 3. x"), "12\\. item 3. x", "md: leading ordered-list number");
	is_str(esc(ld_esc_md, "a\nb\x1b[1m"), "a b", "md: newline and control");
	is_str(esc(ld_esc_md_code, "x ``` y\n````"), "`````text\nx ``` y\n````\n`````\n",
	       "md: fence longer than any backtick run");
	is_str(esc(ld_esc_md_code, "plain"), "```text\nplain\n```\n", "md: shortest fence");
	is_str(esc(url_part, "a/b%c d<e>\"f'&g@h.i+j"), "a%2Fb%25c%20d%3Ce%3E%22f%27%26g@h.i+j",
	       "url: message id as a path segment");
	/* Markdown: every decision on the text as written (issue 11) */
	is_str(esc(ld_esc_md_code, "a `\x01`` b"), "````text\na ``` b\n````\n",
	       "md: fence counted after controls are dropped");
	is_str(esc(ld_esc_md_code, "``\xe2\x80\x8b`\n"), "````text\n```\n````\n",
	       "md: fence counted after invisible characters are dropped");
	is_str(esc(ld_esc_md, "\x01- item"), "\\- item", "md: list marker after a dropped control");
	is_str(esc(ld_esc_md, "\x1b[1m12. x"), "12\\. x", "md: ordered list after a dropped control");
	is_str(esc(ld_esc_md, "\xe2\x80\x8b+ x"), "\\+ x", "md: list marker after an invisible character");
	is_str(esc(ld_esc_md, "    - x"), "\\- x", "md: leading blanks dropped (no code block, no list)");
	is_str(esc(ld_esc_md, "see https://evil.example/a, HTTP://x www.evil.example mailto:x@y.example 12:30 KVM: x"),
	       "see https\\://evil.example/a, HTTP\\://x www\\.evil.example mailto\\:x@y.example 12\\:30 KVM: x",
	       "md: no GFM extended autolink (scheme colon, www dot)");
	/* invisible and direction-changing characters (Trojan Source) */
	const char *bidi = "Zo\xc3\xab\xe2\x80\xae" "evil\xe2\x81\xa6x\xe2\x80\x8by\xef\xbb\xbf"
			   "z\xe2\x80\xa8w\xd8\x9c\xe2\x80\x8f!\xf3\xa0\x81\x81";
	is_str(esc(ld_esc_text, bidi), "Zo\xc3\xab" "evilxyz w!", "text: bidi, zero-width, separators");
	is_str(esc(ld_esc_md, bidi), "Zo\xc3\xab" "evilxyz w\\!", "md: bidi, zero-width, separators");
	is_str(esc(ld_esc_md_code, bidi), "```text\nZo\xc3\xab" "evilxyz w!\n```\n", "md code: bidi, zero-width");
	is_str(esc(ld_esc_html, bidi), "Zo\xc3\xab" "evilxyz w!", "html: bidi, zero-width, separators");
	is_str(esc(ld_esc_html_bdi, "a\xe2\x80\xae<b>"), "<bdi>a&lt;b&gt;</bdi>", "html: isolated in <bdi>");
	is_str(esc(ld_esc_json, bidi),
	       "\"Zo\xc3\xab\\u202eevil\\u2066x\\u200by\\ufeffz\\u2028w\\u061c\\u200f!\\udb40\\udc41\"",
	       "json: bidi and zero-width kept, escaped");
	is_str(esc(ld_esc_text, "a\xff" "b"), "a\xef\xbf\xbd" "b", "text: invalid byte as U+FFFD");
	/* lore links: no dot segment, one rule for every renderer */
	is_str(esc(url_part, ".."), "%2E%2E", "url: '..' segment encoded");
	is_str(esc(url_part, "."), "%2E", "url: '.' segment encoded");
	is_str(esc(url_part, "...@x."), "...@x.", "url: dots inside a segment kept");
	is_str(ld_link_ok("https://lore.kernel.org/kvm/", "..") ? "link" : "none", "none",
	       "link: none for a '..' Message-ID");
	is_str(ld_link_ok("https://lore.kernel.org/kvm/", "a@b") ? "link" : "none", "link",
	       "link: a Message-ID");
	is_str(ld_link_ok("", "a@b") ? "link" : "none", "none", "link: none without a base");
	is_str(esc(ld_esc_text, "a\x1b[31mb\x1b]0;t\x07" "c\xc2\x9b" "1md\x7f"), "abcd",
	       "text: terminal sequences dropped");
	is_str(esc(ld_esc_utf8, "a\xff\xc3\xa9"), "a\xef\xbf\xbd\xc3\xa9", "utf8: invalid byte replaced");

	/* mail composition: 7bit for short ASCII, quoted-printable else */
	ld_mail_global_init();
	ld_mail_draft d = { "Digest <d@example.org>", "a@example.org, Zoë <z@example.net>",
			    "Łódź mailing list update from start to abc", 1700000000,
			    "id.1@example.org", "caf\xc3\xa9\n" };
	char *buf;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	ld_mail_compose(&d, f);
	fclose(f);
	is_str(buf,
	       "Date: Tue, 14 Nov 2023 22:13:20 +0000\n"
	       "From: Digest <d@example.org>\n"
	       "Subject: =?UTF-8?B?xYHDs2TFug==?= mailing list update from start to abc\n"
	       "To: a@example.org, =?UTF-8?b?Wm/Dqw==?= <z@example.net>\n"
	       "Message-Id: <id.1@example.org>\n"
	       "Auto-Submitted: auto-generated\n"
	       "MIME-Version: 1.0\n"
	       "Content-Type: text/plain; charset=utf-8\n"
	       "Content-Transfer-Encoding: quoted-printable\n"
	       "\n"
	       "caf=C3=A9\n", "mail: non-ASCII subject, name and body");
	free(buf);
	d.body = "plain\n";
	d.subject = "KVM mailing list update";
	f = open_memstream(&buf, &len);
	ld_mail_compose(&d, f);
	fclose(f);
	is_str(strstr(buf, "Content-Transfer-Encoding"), "Content-Transfer-Encoding: 7bit\n\nplain\n",
	       "mail: ASCII body is 7bit");
	free(buf);
	/* a Subject that looks like encoded words, with a line break: one
	 * line, and no encoded word a reader would decode */
	d.subject = "=?UTF-8?Q?ACCOUNT_SUSPENDED=0D=0ABCC=3A_X=40EVIL?= list\r\nBcc: x@evil.example";
	f = open_memstream(&buf, &len);
	ld_mail_compose(&d, f);
	fclose(f);
	*strstr(buf, "\nTo: ") = 0;
	is_str(strstr(buf, "Subject: "),
	       "Subject: = ?UTF-8?Q?ACCOUNT_SUSPENDED=0D=0ABCC=3A_X=40EVIL?= list  Bcc:\n x@evil.example",
	       "mail: Subject with encoded-word look-alikes and a line break");
	free(buf);
	/* Message-ID: time and content hash; a domain that is no plain
	 * domain is not used */
	char *mid = ld_mail_message_id(&d);
	is_str(strncmp(mid, "listdigest.20231114T221320Z.", 28) || strlen(mid) != 28 + 24 + 12 ? mid : "ok",
	       "ok", "mail: Message-ID form");
	is_str(strchr(mid, '@'), "@example.org", "mail: Message-ID domain from From");
	char *mid2 = ld_mail_message_id(&d);
	is_str(mid2, mid, "mail: Message-ID is the same for the same mail and time");
	free(mid2);
	d.body = "other\n";
	mid2 = ld_mail_message_id(&d);
	is_str(strcmp(mid2, mid) ? "differs" : mid2, "differs", "mail: Message-ID differs for another body");
	free(mid2);
	d.date++;
	d.body = "plain\n";
	mid2 = ld_mail_message_id(&d);
	is_str(strcmp(mid2, mid) ? "differs" : mid2, "differs", "mail: Message-ID differs at another time");
	free(mid2);
	free(mid);
	d.from = "Digest <d@[192.0.2.1]>";
	mid = ld_mail_message_id(&d);
	is_str(strchr(mid, '@'), "@localhost", "mail: Message-ID domain: a literal is not used");
	free(mid);
	is_str(ld_mail_address_ok("a@b.example", 1) ? "ok" : "bad", "ok", "mail: one address");
	is_str(ld_mail_address_ok("a@b.example, c@d", 1) ? "ok" : "bad", "bad", "mail: two where one");
	is_str(ld_mail_address_ok("a@b.example, C <c@d>", 0) ? "ok" : "bad", "ok", "mail: list");
	is_str(ld_mail_address_ok("nobody", 0) ? "ok" : "bad", "bad", "mail: no @");
	is_str(ld_mail_address_ok("", 0) ? "ok" : "bad", "bad", "mail: empty");
	char *dom = ld_mail_address_domain("Digest <digest@lists.example.org>");
	is_str(dom, "lists.example.org", "mail: domain of --mail-from");
	free(dom);
	ld_mail_global_shutdown();
	printf("1..%d\n", n_test);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: render-unit escapes|text|markdown|html|json|email\n", stderr);
		return 2;
	}
	if (!strcmp(argv[1], "escapes")) {
		escapes();
		return n_fail != 0;
	}
	ld_render_fn render = ld_render_find(argv[1]);
	if (render) {
		ld_mail_global_init();
		ld_report *r = build();
		ld_render_opts o = { "Digest <digest@example.org>", "kvm@vger.kernel.org", 1763424000, NULL };
		int rc = render(r, &o, stdout);
		ld_report_free(r);
		ld_mail_global_shutdown();
		return rc ? 1 : 0;
	}
	fprintf(stderr, "render-unit: unknown format %s\n", argv[1]);
	return 2;
}
