/* t-model.c - the invariants report/model.h promises renderers (strings
 * never NULL, indices in range, LD_NONE only where allowed, orders,
 * cuts), checked on reports the builder makes from parsed mail: a series
 * with a duplicate and a missing patch, reviews, an applied note, a pull
 * request, a review of a patch from before the range; unfiltered,
 * filtered by author, cut to --top 1, and with every posting filtered
 * out.  Prints TAP (tap.h). */
#include "report/report.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const mails[][5] = {
	/* subject, from, Message-ID, In-Reply-To ("" none), body */
	{ "[PATCH v2 0/3] frob: widgets", "Ann <ann@example.org>", "c2@x", "",
	  "This series frobs the widgets.\n" },
	{ "[PATCH v2 1/3] frob: one", "Ann <ann@example.org>", "p1@x", "c2@x",
	  "Make one.\n\nFixes: 0123456789ab (\"frob: old\")\nCc: stable@vger.kernel.org\n"
	  "Signed-off-by: Ann <ann@example.org>\n---\n a.c | 1 +\n" },
	{ "[PATCH v2 3/3] frob: three", "Ann <ann@example.org>", "p3@x", "c2@x",
	  "Make three.\n\nSigned-off-by: Ann <ann@example.org>\n---\n b.c | 1 +\n" },
	{ "[PATCH v2 3/3] frob: three", "Ann <ann@example.org>", "p3b@x", "c2@x",
	  "Make three, sent twice.\n\nSigned-off-by: Ann <ann@example.org>\n" },
	{ "Re: [PATCH v2 1/3] frob: one", "Bob <bob@example.com>", "r1@x", "p1@x",
	  "> Make one.\n\nReviewed-by: Bob <bob@example.com>\n" },
	{ "Re: [PATCH v2 0/3] frob: widgets", "Carl <carl@example.com>", "r2@x", "c2@x",
	  "Acked-by: Carl <carl@example.com>\n" },
	{ "Re: [PATCH v2 0/3] frob: widgets", "Maint <m@example.net>", "a1@x", "c2@x",
	  "Applied to kvm/next, thanks!\n" },
	{ "[PATCH] other: thing", "Dee <dee@other.org>", "s1@x", "", "A thing.\n" },
	{ "[GIT PULL] frob fixes", "Eve <eve@example.org>", "g1@x", "",
	  "Hi Paolo,\n\nplease pull.\n" },
	{ "Re: [PATCH 2/2] old: patch", "Bob <bob@example.com>", "r3@x", "old2@x",
	  "Acked-by: Bob <bob@example.com>\n" },
};

static ld_report *build(const ld_report_opts *o)
{
	ld_mailctx *c = ld_mailctx_new();
	ld_builder *b = ld_builder_new(o);
	ld_msg_needs needs = { 0, 0, 0, 0 };
	for (size_t i = 0; i < sizeof(mails) / sizeof(*mails); i++) {
		/* the last a day later: the absent 2/3 is then missing */
		int last = i + 1 == sizeof(mails) / sizeof(*mails);
		char raw[2048];
		int n = snprintf(raw, sizeof(raw),
				 "From: %s\nTo: list@vger.kernel.org\nSubject: %s\nMessage-ID: <%s>\n"
				 "%s%s%s%s%s%sList-Id: <kvm.vger.kernel.org>\n"
				 "Date: %s, %d Sep 2024 0%zu:00:00 +0000\n\n%s",
				 mails[i][1], mails[i][0], mails[i][2],
				 *mails[i][3] ? "In-Reply-To: <" : "", mails[i][3], *mails[i][3] ? ">\n" : "",
				 *mails[i][3] ? "References: <" : "", mails[i][3], *mails[i][3] ? ">\n" : "",
				 last ? "Wed" : "Mon", last ? 4 : 2, i % 10, mails[i][4]);
		ld_msg m;
		memset(&m, 0, sizeof(m));
		m.commit_time = 1725235200 + (int64_t)i;
		snprintf(m.commit, sizeof(m.commit), "%040zx", i + 1);
		ld_msg_parse(c, raw, (size_t)n, &needs, &m);
		ld_builder_add(b, &m);
		ld_msg_release(&m);
	}
	ld_mailctx_free(c);
	return ld_builder_finish(b);
}

static int bad;

static void check(int cond, const char *what)
{
	if (!cond && bad++ < 5)
		printf("#   broken: %s\n", what);
}

#define STR(s) check((s) != NULL, #s " is a string")
#define IN(i, n) check((i) < (n), #i " < " #n)

static int desc_rows(const ld_row *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (v[i - 1].count < v[i].count)
			return 0;
	return 1;
}

static void check_series(const ld_report *r)
{
	for (size_t s = 0; s < r->n_series; s++) {
		const ld_series *se = &r->series[s];
		STR(se->prefix), STR(se->title), STR(se->author), STR(se->sender);
		STR(se->message_id), STR(se->prev_message_id);
		check(se->cover == LD_NONE || (se->cover < r->n_postings && r->postings[se->cover].series == s),
		      "series cover: LD_NONE or a posting of the series");
		check(se->applied == LD_NONE || (se->applied < r->n_applied && r->applied[se->applied].series == s),
		      "series applied: LD_NONE or a note of the series");
		for (size_t j = 0; j < se->n_patches; j++) {
			IN(se->patches[j], r->n_postings);
			check(r->postings[se->patches[j]].series == s, "a patch of the series names it");
			check(!j || r->postings[se->patches[j - 1]].subj.counter < r->postings[se->patches[j]].subj.counter,
			      "patches by number, each once");
		}
		for (size_t j = 0; j < se->n_missing; j++)
			check(se->missing[j].lo >= 1 && se->missing[j].lo <= se->missing[j].hi &&
			      se->missing[j].hi <= se->total && (!j || se->missing[j - 1].hi < se->missing[j].lo),
			      "missing: ascending, disjoint, within 1..total");
	}
}

static void check_lists(const ld_report *r)
{
	for (size_t i = 0; i < r->n_postings; i++) {
		const ld_posting *p = &r->postings[i];
		STR(p->subject), STR(p->title), STR(p->message_id), STR(p->author);
		IN(p->series, r->n_series);
	}
	for (size_t i = 0; i < r->n_entries; i++) {
		const ld_entry *e = &r->entries[i];
		STR(e->subject), STR(e->title), STR(e->author), STR(e->sender), STR(e->excerpt);
		STR(e->message_id);
		IN(e->series, r->n_series);
	}
	for (size_t i = 0; i < r->n_applied; i++) {
		const ld_applied *a = &r->applied[i];
		STR(a->subject), STR(a->to), STR(a->by), STR(a->message_id);
		check(a->series == LD_NONE || a->series < r->n_series, "applied series: LD_NONE or in range");
	}
	for (size_t i = 0; i < r->n_pulls; i++) {
		const ld_pull *p = &r->pulls[i];
		STR(p->subject), STR(p->title), STR(p->from), STR(p->to), STR(p->source), STR(p->message_id);
	}
	for (size_t i = 0; i < r->n_fixes; i++) {
		IN(r->fixes[i].posting, r->n_postings);
		for (size_t j = 0; j < r->fixes[i].n_fixes; j++)
			STR(r->fixes[i].fixes[j]);
	}
	for (size_t i = 0; i < r->n_discussions; i++) {
		const ld_discussion *d = &r->discussions[i];
		STR(d->subject), STR(d->message_id);
		for (size_t j = 0; j < d->n_participants; j++)
			STR(d->participants[j]);
		check(!i || r->discussions[i - 1].replies >= d->replies, "discussions by replies");
	}
	for (size_t i = 0; i < r->n_reviewers; i++) {
		STR(r->reviewers[i].label);
		check(!i || r->reviewers[i - 1].total >= r->reviewers[i].total, "reviewers by total");
	}
}

static void check_model(const ld_report *r, const char *name)
{
	bad = 0;
	STR(r->list_name), STR(r->list_id), STR(r->lore_url);
	check(desc_rows(r->domains, r->n_domains) && desc_rows(r->people, r->n_people) &&
	      desc_rows(r->orgs, r->n_orgs), "tables by count");
	const ld_row *t[3] = { r->domains, r->people, r->orgs };
	size_t tn[3] = { r->n_domains, r->n_people, r->n_orgs };
	size_t ta[3] = { r->all_domains, r->all_people, r->all_orgs };
	for (int k = 0; k < 3; k++) {
		for (size_t i = 0; i < tn[k]; i++)
			STR(t[k][i].label);
		check(tn[k] <= ta[k] && (!r->top || tn[k] <= r->top), "tables cut to top, all_ before");
	}
	check(!r->top || (r->n_reviewers <= r->top && r->n_discussions <= r->top), "reviewers, discussions cut");
	check_series(r);
	check_lists(r);
	for (size_t i = 0; i < r->n_warn_lines; i++)
		STR(r->warn_lines[i]);
	ok(!bad, name);
}

int main(void)
{
	ld_mail_global_init();
	ld_report_opts o;
	memset(&o, 0, sizeof(o));
	o.inbox_name = "kvm";
	ld_report *r = build(&o);
	ok(r->n_series == 2 && r->n_postings == 5 && r->n_pulls == 1 && r->n_applied == 1,
	   "the mail makes two series, five postings, a pull request, an applied note");
	ok(r->series[0].n_patches == 2 && r->series[0].n_missing == 1 && r->series[0].missing[0].lo == 2,
	   "3/3 once, 2/3 missing");
	ok(r->n_reviewers == 2 && r->n_entries == 3 && r->n_fixes == 1 && r->n_discussions == 2,
	   "two reviewers, three entries, one fix, two discussions");
	check_model(r, "model invariants: no filters");
	ld_report_free(r);

	const char *ann[] = { "ann@" };
	o.authors = ann;
	o.n_authors = 1;
	r = build(&o);
	ok(r->n_series == 1 && r->n_pulls == 0, "--author ann: her series only");
	check_model(r, "model invariants: --author");
	ld_report_free(r);

	o.n_authors = 0;
	o.top = 1;
	r = build(&o);
	check_model(r, "model invariants: --top 1");
	ld_report_free(r);

	const char *nowhere[] = { "nowhere/" };
	o.paths = nowhere;
	o.n_paths = 1;
	r = build(&o);
	ok(r->n_postings == 0 && r->n_series == 0, "--path nowhere/: nothing reported");
	check_model(r, "model invariants: everything filtered out");
	ld_report_free(r);
	ld_mail_global_shutdown();
	return done_testing();
}
