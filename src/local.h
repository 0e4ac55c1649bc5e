/* local.h - mbox files and maildirs as archives (local.c); used only by
 * archive.c, which hands their items to the same reader as git blobs. */
#ifndef LD_LOCAL_H
#define LD_LOCAL_H

#include "ld.h"

typedef struct ld_local ld_local;
typedef struct ld_local_reader ld_local_reader;

/* The mbox is mapped read-only for the run; a maildir is listed once. */
ld_status ld_local_open_mbox(const char *path, ld_local **out, ld_err *err);
ld_status ld_local_open_maildir(const char *path, ld_local **out, ld_err *err);
void ld_local_close(ld_local *l);
/* "kvm" for /x/kvm.mbox or /x/kvm/ (caller frees). */
char *ld_local_name(const char *path);
/* Every message, in file order (mbox) or file-name order (maildir). */
ld_status ld_local_range(ld_local *l, ld_range *r, ld_err *err);

/* Per thread. */
ld_local_reader *ld_local_reader_new(ld_local *l);
void ld_local_reader_free(ld_local_reader *r);
/* *data: into the mapping (no copy) unless the message needs >From
 * unquoting or is a maildir file; valid until the next call.  A message
 * over limit bytes is not read nor copied: *data NULL, *len its size. */
ld_status ld_local_read(ld_local_reader *r, const ld_item *it, size_t limit,
			const char **data, size_t *len, ld_err *err);

#endif
