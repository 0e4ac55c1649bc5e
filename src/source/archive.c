/* archive.c - an archive, whatever its source: the operations of
 * source.h dispatched through the source's table (archive.h), ranges
 * released, per-thread readers. */
#include "source/archive.h"

#include <stdlib.h>
#include <string.h>

ld_archive *ld_archive_new(const ld_source_ops *ops, void *impl, const char *path, char *name)
{
	ld_archive *a = ld_xcalloc(1, sizeof(*a));
	a->ops = ops;
	a->impl = impl;
	a->path = ld_xstrdup(path);
	a->name = name;
	return a;
}

void ld_archive_close(ld_archive *a)
{
	if (!a)
		return;
	a->ops->close(a);
	free(a->path);
	free(a->name);
	free(a);
}

const char *ld_archive_name(const ld_archive *a)
{
	return a->name;
}

size_t ld_archive_epoch_count(const ld_archive *a)
{
	return a->ops->epoch_count ? a->ops->epoch_count(a) : 0;
}

int ld_archive_epoch_number(const ld_archive *a, size_t e)
{
	return a->ops->epoch_number ? a->ops->epoch_number(a, e) : -1;
}

ld_status ld_archive_epoch_commits(ld_archive *a, size_t e, const char *after, ld_commit **out,
				   size_t *n, char head_hex[41], ld_err *err)
{
	if (!a->ops->epoch_commits) {
		*out = NULL;
		*n = 0;
		head_hex[0] = 0;
		return LD_OK;
	}
	return a->ops->epoch_commits(a, e, after, out, n, head_hex, err);
}

ld_status ld_archive_range(ld_archive *a, const char *from, const char *to,
			   ld_range *r, ld_err *err)
{
	ld_range_opts o;
	memset(&o, 0, sizeof(o));
	o.from = from;
	o.to = to;
	return a->ops->range(a, &o, r, err);
}

ld_status ld_archive_range_state(ld_archive *a, const ld_range_opts *o, ld_range *r,
				 ld_err *err)
{
	return a->ops->range(a, o, r, err);
}

void ld_range_release(ld_range *r)
{
	free(r->items);
	r->items = NULL;
	r->n = 0;
	for (size_t i = 0; i < r->n_marks; i++)
		free(r->marks[i].message_id);
	free(r->marks);
	r->marks = NULL;
	r->n_marks = 0;
	for (size_t i = 0; i < r->n_notices; i++)
		free(r->notices[i]);
	free(r->notices);
	r->notices = NULL;
	r->n_notices = 0;
}

void ld_archive_set_max_message(ld_archive *a, size_t bytes)
{
	a->max_message = bytes;
}

size_t ld_archive_max_message(const ld_archive *a)
{
	return a->max_message ? a->max_message : LD_MAX_MESSAGE_DEFAULT;
}

struct ld_reader {
	ld_archive *a;
	void *impl;
};

ld_reader *ld_reader_new(ld_archive *a)
{
	ld_reader *r = ld_xcalloc(1, sizeof(*r));
	r->a = a;
	r->impl = a->ops->reader_new(a);
	return r;
}

void ld_reader_free(ld_reader *r)
{
	if (!r)
		return;
	r->a->ops->reader_free(r->impl);
	free(r);
}

ld_status ld_reader_read(ld_reader *r, const ld_item *it, const char **data,
			 size_t *len, ld_err *err)
{
	return r->a->ops->read(r->impl, it, ld_archive_max_message(r->a), data, len, err);
}
