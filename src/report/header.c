/* report/header.c - what the report's header says: the list (name,
 * List-Id, lore URL) and the range or dates the report covers. */
#include "report/builder.h"

/* "2023-11-14 22:13", or "2023-11-14" for a midnight UTC when short
 * (the bounds of a window, often whole days). */
static void date_label(char out[41], int64_t t, int short_ok)
{
	ld_fmt_utc(out, t, LD_UTC_MINUTE);
	if (short_ok && t % 86400 == 0)
		out[10] = 0;   /* the first 10 characters of the ISO form */
}

/* The header of the report (see ld_report.by_date). */
void rb_settle_header(ld_builder *b)
{
	ld_report *r = b->r;
	const ld_range *range = b->run.range;
	if (range) {
		r->n_skipped = range->skipped;
		r->n_deleted = range->deleted;
	}
	r->since = b->run.since;
	r->until = b->run.until;
	r->by_date = r->since || r->until;
	r->by_state = b->run.state;
	/* until the run says which (report/previous.c) */
	r->previous.reason = rb_keep(b, "no previous period was built");
	int have = b->n_dated > 0;
	/* several inboxes: no one repository holds both commits */
	if (b->run.several)
		r->first_commit[0] = r->last_commit[0] = 0;
	if (b->run.local || (b->run.several && !r->by_date && !r->by_state)) {
		/* an mbox or maildir has no commits, several inboxes no one
		 * commit range: the Dates reported */
		if (have) {
			date_label(r->from, r->first_date, 0);
			date_label(r->to, r->last_date, 0);
		} else {
			snprintf(r->from, sizeof(r->from), "none");
			snprintf(r->to, sizeof(r->to), "none");
		}
		r->from_full[0] = r->to_full[0] = 0;
		return;
	}
	if (range && !b->run.several) {
		snprintf(r->from, sizeof(r->from), "%.9s", *range->from ? range->from : "start");
		snprintf(r->to, sizeof(r->to), "%.9s", range->to);
		memcpy(r->from_full, range->from, sizeof(r->from_full));
		memcpy(r->to_full, range->to, sizeof(r->to_full));
	}
	/* a window or a state: the title says the dates covered, never the
	 * commit range walked ("from start to <head>" for a week's report) */
	if (r->by_date) {
		if (r->since)
			date_label(r->from, r->since, 1);
		else if (have)
			date_label(r->from, r->first_date, 0);
		else
			snprintf(r->from, sizeof(r->from), "start");
		if (r->until)
			date_label(r->to, r->until, 1);
		else if (have)
			date_label(r->to, r->last_date, 0);
		else
			snprintf(r->to, sizeof(r->to), "now");
	} else if (r->by_state && have) {
		date_label(r->from, r->first_date, 0);
		date_label(r->to, r->last_date, 0);
	}
}

/* The most common List-Id of the range ("" when none). */
const char *rb_common_list_id(const ld_map *ids)
{
	const char *best = NULL;
	unsigned long bc = 0;
	for (size_t i = 0; i < ids->cap; i++) {
		if (!ids->keys[i])
			continue;
		unsigned long c = *(unsigned long *)ids->vals[i];
		if (c > bc || (c == bc && strcmp(ids->keys[i], best) < 0)) {
			best = ids->keys[i];
			bc = c;
		}
	}
	return best ? best : "";
}

/* Is s a list name that can go anywhere as it is: 1 to 64 letters,
 * digits, '-', '.' or '_', starting with a letter or digit?  Real list
 * labels are; a List-Id is written by whoever sent the mail, and one made
 * of RFC 2047 encoded words ("=?UTF-8?Q?ACCOUNT_SUSPENDED...=0D=0ABCC...")
 * would be decoded by mail readers in the Subject it is put in, or would
 * carry '?', '#' or '/' into the lore URL. */
static int ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int plain_token(const char *s, size_t n)
{
	if (!n || n > 64 || !ascii_alnum(s[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!ascii_alnum(s[i]) && !strchr("-._", s[i]))
			return 0;
	return 1;
}

/* The first label of a List-Id: "kvm" of kvm.vger.kernel.org, the name
 * lore.kernel.org uses for the list; NULL when it is not a plain token. */
static char *list_label(const char *id)
{
	const char *dot = strchr(id, '.');
	size_t n = dot ? (size_t)(dot - id) : strlen(id);
	return plain_token(id, n) ? ld_xstrndup(id, n) : NULL;
}

/* The inbox directory's or mbox file's name as a plain token: each other
 * byte becomes '-', cut to 64; "list" when nothing is left. */
static char *token_of(const char *name)
{
	ld_buf b;
	ld_buf_init(&b);
	for (const char *p = name; *p && b.len < 64; p++)
		ld_buf_addc(&b, ascii_alnum(*p) || (b.len && strchr("-._", *p)) ? *p : '-');
	if (!plain_token(b.s, b.len)) {
		ld_buf_release(&b);
		return ld_xstrdup("list");
	}
	return ld_buf_detach(&b);
}

/* --lore-url as given, else https://lore.kernel.org/<label>/ from a
 * List-Id whose label is a plain token, else "" (no links). */
char *rb_lore_url(ld_builder *b, const char *given, const char *id)
{
	ld_buf u;
	ld_buf_init(&u);
	if (given) {
		ld_buf_adds(&u, given);
		if (u.len && u.s[u.len - 1] != '/')
			ld_buf_addc(&u, '/');
	} else if (*id) {
		char *l = list_label(id);
		if (l)
			ld_buf_addf(&u, "https://lore.kernel.org/%s/", l);
		free(l);
	}
	return ld_arena_detach(b->r->arena, &u);
}

/* --list-name as given (the user's own), else the List-Id's label, else
 * the inbox's name, both as plain tokens, upper-cased. */
char *rb_list_name(const char *given, const ld_map *ids, const char *inbox)
{
	if (given)
		return ld_xstrdup(given);
	const char *best = rb_common_list_id(ids);
	char *r = *best ? list_label(best) : NULL;
	if (!r)
		r = token_of(inbox ? inbox : "list");
	for (char *p = r; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 32);
	return r;
}

/* The list's name, its most common List-Id and its lore URL. */
void rb_settle_list(ld_builder *b)
{
	ld_report *r = b->r;
	char *name = rb_list_name(b->o.list_name, &b->list_ids, b->o.inbox_name);
	r->list_name = rb_keep(b, name);
	free(name);
	r->list_id = rb_keep(b, rb_common_list_id(&b->list_ids));
	r->lore_url = rb_lore_url(b, b->o.lore_url, r->list_id);
}
