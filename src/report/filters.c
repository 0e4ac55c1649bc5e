/* report/filters.c - the filters (--path, --author, --domain, --grep,
 * --subsystem):
 * which postings pass, dropping the others (and their series) once every
 * posting is known, and which pull requests stay. */
#include "report/builder.h"

#include <fnmatch.h>
#include <regex.h>
#include <strings.h>

static int has_ci(const char *hay, const char *needle)
{
	return strcasestr(hay, needle) != NULL;
}

static int domain_match(const char *addr, const char *dom)
{
	const char *at = strrchr(addr, '@');
	if (!at)
		return 0;
	const char *d = at + 1;
	size_t dl = strlen(d), ql = strlen(dom);
	if (dl < ql || strcasecmp(d + dl - ql, dom))
		return 0;
	return dl == ql || d[dl - ql - 1] == '.';
}

/* --path: a shell glob whose '*' also crosses '/', or a directory prefix
 * ("arch/x86/kvm/" and "arch/x86/kvm" both take arch/x86/kvm/x86.c).
 * A diffstat's ".../tail" matches a glob that ends the same way. */
static int glob_match(const char *glob, const char *path)
{
	if (!strncmp(path, ".../", 4)) {
		/* shortened by diffstat: the glob must end as the tail does */
		size_t pl = strlen(path + 3), gl = strlen(glob);
		return gl >= pl && !strcmp(glob + gl - pl, path + 3);
	}
	if (!fnmatch(glob, path, 0))
		return 1;
	size_t gl = strlen(glob);
	while (gl && glob[gl - 1] == '/')
		gl--;
	return gl && !strncmp(path, glob, gl) && path[gl] == '/';
}

int rb_passes(ld_builder *b, const ld_msg *m, const char *label, const char *addr)
{
	const ld_report_opts *o = &b->o;
	if (o->n_authors) {
		int hit = 0;
		for (size_t i = 0; i < o->n_authors && !hit; i++)
			hit = has_ci(label, o->authors[i]);
		if (!hit)
			return 0;
	}
	if (o->n_domains) {
		int hit = 0;
		for (size_t i = 0; i < o->n_domains && !hit; i++)
			hit = domain_match(addr, o->domains[i]);
		if (!hit)
			return 0;
	}
	if (o->grep) {
		const regex_t *re = o->grep;
		if (regexec(re, m->subject, 0, NULL, 0) &&
		    (!m->message || regexec(re, m->message, 0, NULL, 0)))
			return 0;
	}
	if (o->n_paths) {
		int hit = 0;
		for (size_t f = 0; f < m->n_files && !hit; f++)
			for (size_t i = 0; i < o->n_paths && !hit; i++)
				hit = glob_match(o->paths[i], m->files[f]);
		if (!hit)
			return 0;
	}
	if (o->subsystem) {
		int hit = 0;
		for (size_t f = 0; f < m->n_files && !hit; f++)
			hit = ld_subsystem_touches(o->subsystem, m->files[f]);
		if (!hit)
			return 0;
	}
	return 1;
}

/* Does the posting m pass, counted as the intake counts it (builder.c's
 * add_posting: its author after mailmap)?  For postings the builder did
 * not take: the waiting series (waiting.c). */
int rb_msg_passes(ld_builder *b, const ld_msg *m)
{
	char *name, *addr;
	rb_canonical(b, m->author_name ? m->author_name : m->from_name,
		     m->author_name ? m->author_addr : m->from_addr, &name, &addr);
	char *shown = rb_shown_name(name, addr);
	ld_buf label = LD_BUF_INIT;
	ld_buf_addf(&label, "%s <%s>", shown, addr);
	int pass = rb_passes(b, m, label.s, addr);
	ld_buf_release(&label);
	free(shown);
	free(name);
	free(addr);
	return pass;
}

/* The filters as the user gave them, for the report's title. */
void rb_copy_filters(ld_builder *b)
{
	ld_filters *f = &b->r->filters;
	const ld_report_opts *o = &b->o;
	f->paths = rb_keep_strv(b, o->paths, f->n_paths = o->n_paths);
	f->authors = rb_keep_strv(b, o->authors, f->n_authors = o->n_authors);
	f->domains = rb_keep_strv(b, o->domains, f->n_domains = o->n_domains);
	f->grep = o->grep_text ? rb_keep(b, o->grep_text) : NULL;
	f->subsystem = o->subsystem ? rb_keep(b, ld_subsystem_title(o->subsystem)) : NULL;
}

/* Which postings stay: those that pass the filters, and a cover letter
 * when any posting of its series passes.  Fills keep[] and returns the
 * new index of each posting (LD_NONE when dropped). */
static size_t *settle_filters(ld_builder *b, size_t *kept)
{
	ld_report *r = b->r;
	int *series_pass = ld_xcalloc(r->n_series + 1, sizeof(int));
	for (size_t i = 0; i < r->n_postings; i++)
		if (b->pi[i].pass)
			series_pass[r->postings[i].series] = 1;
	size_t *map = ld_xmalloc((r->n_postings + 1) * sizeof(size_t));
	size_t k = 0;
	for (size_t i = 0; i < r->n_postings; i++) {
		int keep = b->pi[i].pass ||
			   (r->postings[i].subj.counter == 0 && series_pass[r->postings[i].series]);
		map[i] = keep ? k++ : LD_NONE;
	}
	free(series_pass);
	*kept = k;
	return map;
}

/* Is the report limited by any filter? */
int rb_filtered(const ld_builder *b)
{
	return b->o.n_paths || b->o.n_authors || b->o.n_domains || b->o.grep || b->o.subsystem;
}

/* What names a posting by its number, after the filters renumbered
 * them (map: old -> new, LD_NONE dropped): a Message-ID names the new
 * number or no posting of the report (its key stays: rb_keep_version_heads
 * points at it); a review of a dropped posting counts for nothing. */
static void renumber_postings(ld_builder *b, const size_t *map)
{
	for (size_t i = 0; i < b->by_id.cap; i++)
		if (b->by_id.keys[i] && b->by_id.vals[i]) {
			size_t k = map[(size_t)(uintptr_t)b->by_id.vals[i] - 1];
			b->by_id.vals[i] = k == LD_NONE ? NULL : (void *)(uintptr_t)(k + 1);
		}
	for (size_t i = 0; i < b->n_reviews; i++)
		if (b->reviews[i].target != LD_NONE) {
			b->reviews[i].target = map[b->reviews[i].target];
			if (b->reviews[i].target == LD_NONE)
				b->reviews[i].kind = LD_T_NONE;
		}
}

/* Drops filtered postings and series, renumbering what stays. */
void rb_apply_filters(ld_builder *b)
{
	ld_report *r = b->r;
	size_t kept;
	size_t *map = settle_filters(b, &kept);
	if (kept == r->n_postings) {
		free(map);
		return;
	}
	size_t *smap = ld_xmalloc((r->n_series + 1) * sizeof(size_t));
	for (size_t s = 0; s < r->n_series; s++)
		smap[s] = LD_NONE;
	for (size_t i = 0; i < r->n_postings; i++)
		if (map[i] != LD_NONE)
			smap[r->postings[i].series] = 0;
	size_t ns = 0;
	for (size_t s = 0; s < r->n_series; s++) {
		if (smap[s] == LD_NONE) {
			rb_free_sinfo(&b->si[s]);
			continue;
		}
		smap[s] = ns;
		sinfo *si = &b->si[s];
		size_t k = 0;
		for (size_t j = 0; j < si->n_posts; j++)
			if (map[si->posts[j]] != LD_NONE)
				si->posts[k++] = map[si->posts[j]];
		si->n_posts = k;
		si->cover = si->cover == LD_NONE ? LD_NONE : map[si->cover];
		si->first = si->cover;
		for (size_t j = 0; j < k; j++)
			if (si->first == LD_NONE || si->posts[j] < si->first)
				si->first = si->posts[j];
		r->series[ns] = r->series[s];
		b->si[ns] = *si;
		ns++;
	}
	r->n_series = ns;
	for (size_t i = 0, k = 0; i < r->n_postings; i++) {
		if (map[i] == LD_NONE) {
			rb_free_pinfo(&b->pi[i]);
			continue;
		}
		r->postings[k] = r->postings[i];
		r->postings[k].series = smap[r->postings[k].series];
		b->pi[k] = b->pi[i];
		k++;
	}
	r->n_postings = kept;
	renumber_postings(b, map);
	for (size_t i = 0; i < r->n_applied; i++)
		if (r->applied[i].series != LD_NONE)
			r->applied[i].series = smap[r->applied[i].series];
	for (size_t i = 0; i < b->threads.cap; i++) {
		thread *t = b->threads.vals[i];
		if (b->threads.keys[i] && t->root_posting != LD_NONE)
			t->root_posting = map[t->root_posting];
	}
	free(map);
	free(smap);
}

/* With filters, the pull requests of the people asked for (--author,
 * --domain); --path, --grep and --subsystem are about patches, which a
 * pull request does not show. */
void rb_filter_pulls(ld_builder *b)
{
	ld_report *r = b->r;
	const ld_report_opts *o = &b->o;
	if (!rb_filtered(b))
		return;
	size_t k = 0;
	for (size_t i = 0; i < r->n_pulls; i++) {
		ld_pull *p = &r->pulls[i];
		const char *lt = strrchr(p->from, '<');
		char *addr = lt ? ld_xstrndup(lt + 1, strcspn(lt + 1, ">")) : ld_xstrdup("");
		int keep = !o->n_paths && !o->grep && !o->subsystem;
		if (keep && o->n_authors) {
			int hit = 0;
			for (size_t j = 0; j < o->n_authors && !hit; j++)
				hit = has_ci(p->from, o->authors[j]);
			keep = hit;
		}
		if (keep && o->n_domains) {
			int hit = 0;
			for (size_t j = 0; j < o->n_domains && !hit; j++)
				hit = domain_match(addr, o->domains[j]);
			keep = hit;
		}
		free(addr);
		if (keep)
			r->pulls[k++] = *p;
	}
	r->n_pulls = k;
}
