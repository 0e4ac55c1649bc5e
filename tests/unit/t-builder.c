/* t-builder.c - the report builder (report/builder.c, series.c,
 * patches.c, finish.c): series grouping over hand-built messages (and the
 * counts render/common.c shows of a series).  Prints TAP (tap.h). */
#include "report/report.h"
#include "render/render.h"
#include "tap.h"

#include <stdlib.h>

/* One patch posting into the builder, as the pipeline would hand it. */
static void post(ld_builder *b, const char *subject, const char *from, const char *id,
		 const char *irt, int64_t date, uint64_t recipients)
{
	ld_msg m;
	memset(&m, 0, sizeof(m));
	m.subject = ld_xstrdup(subject);
	m.from_name = ld_xstrdup("Ann Example");
	m.from_addr = ld_xstrdup(from);
	m.message_id = ld_xstrdup(id);
	m.list_id = ld_xstrdup("");
	m.in_reply_to = ld_xstrdup(irt ? irt : "");
	if (irt) {
		m.refs[0] = ld_xstrdup(irt);
		m.n_refs = 1;
		m.reply = 1;
	}
	m.date = m.commit_time = date;
	m.date_ok = 1;
	ld_subject_parse(m.subject, &m.subj);
	m.author_name = ld_xstrdup("Ann Example");
	m.author_addr = ld_xstrdup(from);
	m.recipients = recipients;
	ld_builder_add(b, &m);
	ld_msg_release(&m);
}

static void is_counts(const ld_report *r, size_t s, const char *want, const char *name)
{
	char *c = s < r->n_series ? ld_series_counts(r, &r->series[s]) : ld_xstrdup("(no series)");
	is(c, want, name);
	free(c);
}

/* Series grouping over hand-built messages (report/series.c). */
static void test_series(void)
{
	ld_report_opts o;
	memset(&o, 0, sizeof(o));
	const int64_t t = 1725264000, day = 86400;
	const char *ann = "ann@example.org";

	/* a patch stored before its cover letter, 2/3 never comes */
	ld_builder *b = ld_builder_new(&o);
	post(b, "[PATCH 1/3] one", ann, "p1", "c0", t + 1, 7);
	post(b, "[PATCH 0/3] cover", ann, "c0", NULL, t, 7);
	post(b, "[PATCH 3/3] three", ann, "p3", "c0", t + 3, 7);
	ld_report *r = ld_builder_finish(b);
	ok(r->n_series == 1, "out of order: one series");
	is_counts(r, 0, "2 of 3 here, cover letter", "out of order: 2 of 3, nothing missing the same day");
	ld_report_free(r);

	/* the same a day later (another message ends the report) */
	b = ld_builder_new(&o);
	post(b, "[PATCH 1/3] one", ann, "p1", "c0", t + 1, 7);
	post(b, "[PATCH 0/3] cover", ann, "c0", NULL, t, 7);
	post(b, "[PATCH 3/3] three", ann, "p3", "c0", t + 3, 7);
	post(b, "[PATCH] later", "bob@example.org", "later", NULL, t + 2 * day, 9);
	r = ld_builder_finish(b);
	is_counts(r, 0, "2 of 3 here, cover letter, missing 2", "a day later: 2 is missing");
	ld_report_free(r);

	/* per-patch Cc: 2 is not missing */
	b = ld_builder_new(&o);
	post(b, "[PATCH 0/3] cover", ann, "c0", NULL, t, 7);
	post(b, "[PATCH 1/3] one", ann, "p1", "c0", t + 1, 7);
	post(b, "[PATCH 3/3] three", ann, "p3", "c0", t + 3, 8);
	post(b, "[PATCH] later", "bob@example.org", "later", NULL, t + 2 * day, 9);
	r = ld_builder_finish(b);
	is_counts(r, 0, "2 of 3 here, cover letter", "other recipients: not missing");
	ld_report_free(r);

	/* v2 cover, v3 patches of another N: one series, v3, the patches' N */
	b = ld_builder_new(&o);
	post(b, "[PATCH v2 0/4] cover", ann, "c0", NULL, t, 7);
	for (int i = 1; i <= 5; i++) {
		char s[64], id[16];
		snprintf(s, sizeof(s), "[PATCH v3 %d/5] p%d", i, i);
		snprintf(id, sizeof(id), "p%d", i);
		post(b, s, ann, id, "c0", t + i, 7);
	}
	r = ld_builder_finish(b);
	ok(r->n_series == 1 && r->series[0].version == 3 && r->series[0].total == 5,
	   "v2 0/4 cover with v3 n/5 patches: one series, v3, N 5");
	is(r->n_series ? r->series[0].prefix : "", "PATCH v3", "v2 cover, v3 patches: prefix PATCH v3");
	is_counts(r, 0, "5/5 patches, cover letter", "v2 cover, v3 patches: 5/5");
	ld_report_free(r);

	/* another sender's patch and a v2 of one patch in reply to the cover */
	b = ld_builder_new(&o);
	post(b, "[PATCH 0/2] cover", ann, "c0", NULL, t, 7);
	post(b, "[PATCH 1/2] one", ann, "p1", "c0", t + 1, 7);
	post(b, "[PATCH 2/2] two", ann, "p2", "c0", t + 2, 7);
	post(b, "[PATCH v2 2/2] two again", ann, "q2", "c0", t + 3, 7);
	post(b, "[PATCH 3/2] extra", "bob@example.org", "b3", "c0", t + 4, 7);
	r = ld_builder_finish(b);
	ok(r->n_series == 3, "a v2 of one patch and another sender's patch are series of their own");
	is_counts(r, 0, "2/2 patches, cover letter", "the cover's series keeps its two patches");
	ld_report_free(r);

	/* a huge N: one run, not 99,999 numbers */
	b = ld_builder_new(&o);
	post(b, "[PATCH 0/100000] cover", ann, "c0", NULL, t, 7);
	post(b, "[PATCH 1/100000] one", ann, "p1", "c0", t + 1, 7);
	post(b, "[PATCH] later", "bob@example.org", "later", NULL, t + 2 * day, 9);
	r = ld_builder_finish(b);
	ok(r->series[0].n_missing == 1 && r->series[0].missing[0].lo == 2 &&
	   r->series[0].missing[0].hi == 100000, "1 of 100000: missing is the one run 2-100000");
	is_counts(r, 0, "1 of 100000 here, cover letter, missing 2-100000", "1 of 100000: as it is");
	ld_report_free(r);

	/* runs as people write them */
	b = ld_builder_new(&o);
	post(b, "[PATCH 0/9] cover", ann, "c0", NULL, t, 7);
	const int have[] = { 3, 7, 9 };
	for (int i = 0; i < 3; i++) {
		char s[64], id[16];
		snprintf(s, sizeof(s), "[PATCH %d/9] p", have[i]);
		snprintf(id, sizeof(id), "p%d", have[i]);
		post(b, s, ann, id, "c0", t + 1, 7);
	}
	post(b, "[PATCH] later", "bob@example.org", "later", NULL, t + 2 * day, 9);
	r = ld_builder_finish(b);
	is_counts(r, 0, "3 of 9 here, cover letter, missing 1,2,4-6,8", "missing runs: 1,2,4-6,8");
	ld_report_free(r);
}

/* More of the same, one case each: the cover letter stored after its
 * patches, a version tag on one side only, a cover that announces
 * another N than its patches have. */
static void test_cover(void)
{
	ld_report_opts o;
	memset(&o, 0, sizeof(o));
	const int64_t t = 1725264000;
	const char *ann = "ann@example.org";

	/* every patch stored before the cover letter */
	ld_builder *b = ld_builder_new(&o);
	post(b, "[PATCH 1/3] one", ann, "p1", "c0", t + 1, 7);
	post(b, "[PATCH 2/3] two", ann, "p2", "c0", t + 2, 7);
	post(b, "[PATCH 3/3] three", ann, "p3", "c0", t + 3, 7);
	post(b, "[PATCH 0/3] cover", ann, "c0", NULL, t, 7);
	ld_report *r = ld_builder_finish(b);
	ok(r->n_series == 1, "cover stored last: one series");
	is_counts(r, 0, "3/3 patches, cover letter", "cover stored last: 3/3 and the cover");
	ld_report_free(r);

	/* v2 on the cover only: the patches join it, the series is v2 */
	b = ld_builder_new(&o);
	post(b, "[PATCH v2 0/2] cover", ann, "c0", NULL, t, 7);
	post(b, "[PATCH 1/2] one", ann, "p1", "c0", t + 1, 7);
	post(b, "[PATCH 2/2] two", ann, "p2", "c0", t + 2, 7);
	r = ld_builder_finish(b);
	ok(r->n_series == 1 && r->series[0].version == 2, "v2 on the cover only: one series, v2");
	is_counts(r, 0, "2/2 patches, cover letter", "v2 on the cover only: 2/2");
	ld_report_free(r);

	/* v2 on the patches only */
	b = ld_builder_new(&o);
	post(b, "[PATCH 0/2] cover", ann, "c0", NULL, t, 7);
	post(b, "[PATCH v2 1/2] one", ann, "p1", "c0", t + 1, 7);
	post(b, "[PATCH v2 2/2] two", ann, "p2", "c0", t + 2, 7);
	r = ld_builder_finish(b);
	ok(r->n_series == 1 && r->series[0].version == 2, "v2 on the patches only: one series, v2");
	is(r->n_series ? r->series[0].prefix : "", "PATCH v2", "v2 on the patches only: prefix PATCH v2");
	is_counts(r, 0, "2/2 patches, cover letter", "v2 on the patches only: 2/2");
	ld_report_free(r);

	/* the cover says 0/4, its patches n/3: the patches' N wins */
	b = ld_builder_new(&o);
	post(b, "[PATCH 0/4] cover", ann, "c0", NULL, t, 7);
	for (int i = 1; i <= 3; i++) {
		char s[64], id[16];
		snprintf(s, sizeof(s), "[PATCH %d/3] p%d", i, i);
		snprintf(id, sizeof(id), "p%d", i);
		post(b, s, ann, id, "c0", t + i, 7);
	}
	r = ld_builder_finish(b);
	ok(r->n_series == 1 && r->series[0].total == 3, "cover 0/4, patches n/3: one series, N 3");
	is_counts(r, 0, "3/3 patches, cover letter", "cover 0/4, patches n/3: 3/3, nothing missing");
	ld_report_free(r);
}

int main(void)
{
	test_series();
	test_cover();
	return done_testing();
}
