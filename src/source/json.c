/* source/json.c - JSON documents read back (a JSON report given to
 * `listdigest merge`, a public-inbox manifest), with yajl 2's event
 * parser: every yajl call of the program is here.  The text is read in
 * pieces and parsed as it comes (never held whole), and only the values
 * the caller names are kept, in a tree of our own (nodes and strings in
 * one arena); the rest is parsed (a damaged part anywhere refuses the
 * file) but not stored.  Bounded: at most max_bytes, nested at most
 * LD_JSON_MAX_DEPTH deep (yajl's parser does not recurse; the limit says
 * what a report is), no NUL inside a string kept (ours are C strings,
 * and no listdigest report writes one).  The callers get read-only nodes
 * and check every field themselves. */
#include "source/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yajl/yajl_parse.h>

struct ld_jnode {
	const char *key;          /* its name in its object; NULL in an array */
	int type;                 /* LD_JSON_* */
	size_t n;                 /* an array's elements, an object's members */
	union {
		int64_t i;
		double d;
		int b;
		const char *s;
		const ld_jnode *kids; /* the elements or members, in order */
	} v;
};

struct ld_json_doc {
	ld_arena *a;
	ld_jnode root;            /* LD_JSON_NONE until the parse ends well */
};

/* ---- what is kept: the caller's paths ---------------------------------- */

enum { MAX_KEEP = 16, MAX_SEGS = 4 };
enum { SKIP, SOME, ALL };     /* a value: not kept, kept in part, kept whole */

typedef struct {
	const char *seg[MAX_KEEP][MAX_SEGS]; /* each path's names ("*": an element) */
	size_t n_seg[MAX_KEEP];
	size_t n;
} paths;

/* The decision for a value: how, and (SOME) which paths go on below it. */
typedef struct {
	int how;
	unsigned alive;           /* bit k: path k matched down to here */
} keep_t;

/* The value named name (NULL: an array's element) at depth d (its path's
 * d-th name, from 0) under a value kept with alive. */
static keep_t decide(const paths *ps, keep_t up, size_t d, const char *name, size_t len)
{
	keep_t k = { SKIP, 0 };
	if (up.how == ALL)
		return up;
	for (size_t i = 0; i < ps->n; i++) {
		if (!(up.alive & (1u << i)) || d >= ps->n_seg[i])
			continue;
		const char *s = ps->seg[i][d];
		if (name ? strlen(s) != len || memcmp(s, name, len) : strcmp(s, "*"))
			continue;
		if (d + 1 == ps->n_seg[i])
			return (keep_t){ ALL, 0 };
		k.how = SOME;
		k.alive |= 1u << i;
	}
	return k;
}

/* ---- the tree, built from yajl's events ------------------------------ */

enum { NAMES = 64 };

typedef struct {
	size_t start;             /* its first value's place in the stack */
	keep_t keep;
	int array;
} frame;

typedef struct {
	ld_arena *a;
	const paths *ps;
	ld_jnode *stk;            /* the values of the open containers, each
	                             container's own node before its values */
	size_t n, cap;
	frame fr[LD_JSON_MAX_DEPTH + 1];
	size_t depth;             /* of the kept containers open (fr) */
	size_t skip;              /* > 0: inside a value not kept, this deep */
	size_t nesting;           /* every container open, kept or not */
	keep_t next;              /* the next value's, set by its key */
	const char *key;          /* the next value's name (arena) */
	const char *names[NAMES]; /* names copied (name_of) */
	size_t name_len[NAMES];
	int too_deep, nul;
} tree;

static keep_t next_keep(tree *t)
{
	if (!t->depth)
		return t->next;   /* the root: as the caller asked */
	frame *f = &t->fr[t->depth - 1];
	return f->array ? decide(t->ps, f->keep, t->depth - 1, NULL, 0) : t->next;
}

static void push(tree *t, ld_jnode v)
{
	int member = t->depth && !t->fr[t->depth - 1].array;
	v.key = member ? t->key : NULL;
	t->key = NULL;
	LD_VEC_PUSH(t->stk, t->n, t->cap, v);
}

/* A scalar: kept when its path is kept, or leads to a kept one (where a
 * container was due: kept, so that the caller sees what stands there). */
static int scalar(tree *t, ld_jnode v)
{
	if (!t->skip && next_keep(t).how != SKIP)
		push(t, v);
	return 1;
}

static int open_(tree *t, int array)
{
	if (++t->nesting > LD_JSON_MAX_DEPTH) {
		t->too_deep = 1;
		return 0;
	}
	keep_t k = t->skip ? (keep_t){ SKIP, 0 } : next_keep(t);
	if (k.how == SKIP) {
		t->skip++;
		return 1;
	}
	push(t, (ld_jnode){ .type = array ? LD_JSON_ARRAY : LD_JSON_OBJECT });
	t->fr[t->depth++] = (frame){ t->n, k, array };
	t->next = (keep_t){ SKIP, 0 };
	return 1;
}

static int close_(tree *t)
{
	t->nesting--;
	if (t->skip) {
		t->skip--;
		return 1;
	}
	frame *f = &t->fr[--t->depth];
	ld_jnode *c = &t->stk[f->start - 1];
	c->n = t->n - f->start;
	if (c->n) {
		ld_jnode *kids = ld_arena_alloc(t->a, c->n * sizeof(ld_jnode));
		memcpy(kids, &t->stk[f->start], c->n * sizeof(ld_jnode));
		c->v.kids = kids;
	}
	t->n = f->start;
	return 1;
}

/* s as a string of the arena; NULL when it holds a NUL (the text said
 * \u0000). */
static const char *copy(tree *t, const unsigned char *s, size_t len)
{
	if (strnlen((const char *)s, len) < len) {
		t->nul = 1;
		return NULL;
	}
	char *p = ld_arena_alloc(t->a, len + 1);
	memcpy(p, s, len);
	return p;
}

/* A member's name: the few names of a report's records are copied once
 * (a slot per name length and ends, kept until another name takes it). */
static const char *name_of(tree *t, const unsigned char *s, size_t len)
{
	if (!len || len > 16)
		return copy(t, s, len);
	size_t h = (len * 7 + s[0] * 3 + s[len - 1]) % NAMES;
	if (t->names[h] && t->name_len[h] == len && !memcmp(t->names[h], s, len))
		return t->names[h];
	const char *p = copy(t, s, len);
	t->names[h] = p;
	t->name_len[h] = len;
	return p;
}

static int on_key(void *ctx, const unsigned char *s, size_t len)
{
	tree *t = ctx;
	if (t->skip)
		return 1;
	frame *f = &t->fr[t->depth - 1];
	t->next = decide(t->ps, f->keep, t->depth - 1, (const char *)s, len);
	if (t->next.how == SKIP)
		return 1;
	return (t->key = name_of(t, s, len)) != NULL;
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
	tree *t = ctx;
	if (t->skip || next_keep(t).how == SKIP)
		return 1;
	const char *v = copy(t, s, len);
	return v && scalar(t, (ld_jnode){ .type = LD_JSON_STRING, .v.s = v });
}

static int on_null(void *ctx)
{
	return scalar(ctx, (ld_jnode){ .type = LD_JSON_NULL });
}

static int on_bool(void *ctx, int b)
{
	return scalar(ctx, (ld_jnode){ .type = LD_JSON_BOOL, .v.b = !!b });
}

static int on_int(void *ctx, long long i)
{
	return scalar(ctx, (ld_jnode){ .type = LD_JSON_INT, .v.i = i });
}

static int on_double(void *ctx, double d)
{
	return scalar(ctx, (ld_jnode){ .type = LD_JSON_REAL, .v.d = d });
}

static int on_start_map(void *ctx)
{
	return open_(ctx, 0);
}

static int on_start_array(void *ctx)
{
	return open_(ctx, 1);
}

static int on_end(void *ctx)
{
	return close_(ctx);
}

static const yajl_callbacks callbacks = {
	.yajl_null = on_null,
	.yajl_boolean = on_bool,
	.yajl_integer = on_int,
	.yajl_double = on_double,
	.yajl_string = on_string,
	.yajl_start_map = on_start_map,
	.yajl_map_key = on_key,
	.yajl_end_map = on_end,
	.yajl_start_array = on_start_array,
	.yajl_end_array = on_end,
};

/* ---- parsing a text in pieces ---------------------------------------- */

typedef struct {
	yajl_handle h;
	tree t;
	paths ps;
	ld_json_doc *doc;
	int failed;
} parse;

static void parse_start(parse *p, const char *const *keep)
{
	memset(p, 0, sizeof(*p));
	for (; keep && *keep && p->ps.n < MAX_KEEP; keep++, p->ps.n++) {
		size_t i = p->ps.n, d = 0;
		/* the path's names, split at '/' (the caller's own literals) */
		for (const char *s = *keep; d < MAX_SEGS; d++) {
			const char *e = strchr(s, '/');
			p->ps.seg[i][d] = ld_xstrndup(s, e ? (size_t)(e - s) : strlen(s));
			if (!e) {
				d++;
				break;
			}
			s = e + 1;
		}
		p->ps.n_seg[i] = d;
	}
	p->doc = ld_xcalloc(1, sizeof(*p->doc));
	p->doc->a = ld_arena_new();
	p->t.a = p->doc->a;
	p->t.ps = &p->ps;
	p->t.next = keep ? (keep_t){ SOME, (1u << p->ps.n) - 1 } : (keep_t){ ALL, 0 };
	p->h = yajl_alloc(&callbacks, NULL, &p->t);
	if (!p->h)
		ld_nomem();
}

static int parse_more(parse *p, const char *s, size_t n)
{
	if (!p->failed && yajl_parse(p->h, (const unsigned char *)s, n) != yajl_status_ok)
		p->failed = 1;
	return !p->failed;
}

static void parse_release(parse *p)
{
	yajl_free(p->h);
	free(p->t.stk);
	for (size_t i = 0; i < p->ps.n; i++)
		for (size_t d = 0; d < p->ps.n_seg[i]; d++)
			free((char *)p->ps.seg[i][d]);
}

/* Ends the parse: the document in *out, else one line in err: name,
 * what is wrong, then the caller's hint (what it is not, what to do). */
static ld_status parse_end(parse *p, const char *name, const char *hint, ld_json_doc **out,
			   ld_err *err)
{
	if (!p->failed && yajl_complete_parse(p->h) != yajl_status_ok)
		p->failed = 1;
	if (p->t.too_deep) {
		ld_err_set(err, LD_E_INBOX, "%s: nested deeper than %d levels (no report or manifest is): %s", name, LD_JSON_MAX_DEPTH, hint);
	} else if (p->t.nul) {
		ld_err_set(err, LD_E_INBOX, "%s: a string holds a NUL character (\\u0000, which no report or manifest writes): %s", name, hint);
	} else if (p->failed) {
		unsigned char *e = yajl_get_error(p->h, 0, NULL, 0);
		/* yajl's message ends with a newline: the first line */
		int len = e ? (int)strcspn((const char *)e, "\n") : 0;
		ld_err_set(err, LD_E_INBOX, "%s: not JSON (%.*s): %s", name, len, e ? (const char *)e : "", hint);
		if (e)
			yajl_free_error(p->h, e);
	} else {
		if (p->t.n)
			p->doc->root = p->t.stk[0];
		*out = p->doc;
		p->doc = NULL;
	}
	ld_json_free(p->doc);
	parse_release(p);
	return *out ? LD_OK : LD_E_INBOX;
}

ld_status ld_json_parse(const char *name, const char *s, size_t n, const char *const *keep,
			const char *hint, ld_json_doc **out, ld_err *err)
{
	*out = NULL;
	parse p;
	parse_start(&p, keep);
	parse_more(&p, s, n);
	return parse_end(&p, name, hint, out, err);
}

static ld_status refuse(ld_err *err, const char *path, const char *why)
{
	ld_err_set(err, LD_E_INBOX, "%s: %s; give a JSON report made by listdigest --format json", path, why);
	return LD_E_INBOX;
}

ld_status ld_json_load(const char *path, size_t max_bytes, const char *const *keep,
		       ld_json_doc **out, ld_err *err)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb)) {
		ld_err_set(err, LD_E_INBOX, "%s: cannot read it (%s); give a JSON report made by listdigest --format json", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return LD_E_INBOX;
	}
	if (!S_ISREG(sb.st_mode) || (uint64_t)sb.st_size > max_bytes) {
		close(fd);
		return refuse(err, path, S_ISREG(sb.st_mode) ? "larger than a JSON report may be (1 GiB)" : "not a regular file");
	}
	/* parsed piece by piece as read: the text is never held whole */
	parse p;
	parse_start(&p, keep);
	char buf[65536];
	size_t total = 0;
	ssize_t k;
	while ((k = read(fd, buf, sizeof(buf))) > 0 && (total += (size_t)k) <= max_bytes &&
	       parse_more(&p, buf, (size_t)k))
		;
	int e = errno;
	close(fd);
	if (k < 0 || total > max_bytes) {
		ld_json_free(p.doc);
		parse_release(&p);
		return refuse(err, path, k < 0 ? strerror(e) : "it grew past the limit while read");
	}
	return parse_end(&p, path, "a truncated or damaged report? make it again with listdigest --format json", out, err);
}

void ld_json_free(ld_json_doc *d)
{
	if (!d)
		return;
	ld_arena_free(d->a);
	free(d);
}

/* ---- reading the tree ------------------------------------------------ */

const ld_jnode *ld_json_root(const ld_json_doc *d)
{
	return d->root.type == LD_JSON_NONE ? NULL : &d->root;
}

int ld_json_type(const ld_jnode *n)
{
	return n ? n->type : LD_JSON_NONE;
}

const ld_jnode *ld_json_get(const ld_jnode *obj, const char *key)
{
	if (!obj || obj->type != LD_JSON_OBJECT)
		return NULL;
	/* the last of a name given twice (as json-glib, the reader before, answered) */
	for (size_t i = obj->n; i-- > 0;) {
		const char *k = obj->v.kids[i].key;
		if (k[0] == key[0] && !strcmp(k, key))
			return &obj->v.kids[i];
	}
	return NULL;
}

size_t ld_json_len(const ld_jnode *n)
{
	return n && (n->type == LD_JSON_ARRAY || n->type == LD_JSON_OBJECT) ? n->n : 0;
}

const ld_jnode *ld_json_at(const ld_jnode *n, size_t i)
{
	return i < ld_json_len(n) ? &n->v.kids[i] : NULL;
}

const char *ld_json_key(const ld_jnode *n)
{
	return n ? n->key : NULL;
}

const char *ld_json_str(const ld_jnode *n)
{
	return n && n->type == LD_JSON_STRING ? n->v.s : NULL;
}

int ld_json_int(const ld_jnode *n, int64_t *v)
{
	if (!n || n->type != LD_JSON_INT)
		return 0;
	*v = n->v.i;
	return 1;
}

int ld_json_bool(const ld_jnode *n, int *v)
{
	if (!n || n->type != LD_JSON_BOOL)
		return 0;
	*v = n->v.b;
	return 1;
}
