/* people.h - identities: git's mailmap and gitdm's domain map. */
#ifndef LD_PEOPLE_H
#define LD_PEOPLE_H

#include "ld.h"



/* Reads a mailmap (git's format, gitmailmap(5)).  On error returns NULL
 * and says what and where in err (LD_E_USAGE). */
ld_mailmap *ld_mailmap_load(const char *path, ld_err *err);
void ld_mailmap_free(ld_mailmap *m);
/* The canonical name and address for (name, addr); borrowed from m or the
 * arguments, valid while both live.  m may be NULL. */
void ld_mailmap_map(const ld_mailmap *m, const char *name, const char *addr,
		    const char **out_name, const char **out_addr);



/* Reads a domain map in gitdm's format: "domain-or-address  Organization"
 * with an optional "< YYYY-MM-DD" end date.  NULL and err on error. */
ld_orgmap *ld_orgmap_load(const char *path, ld_err *err);
void ld_orgmap_free(ld_orgmap *m);
/* The organization of addr at time t (an address entry beats a domain
 * entry, a sub-domain falls back to its parents, a dated entry ends on
 * its date); NULL when unknown.  Borrowed from m. */
const char *ld_orgmap_lookup(const ld_orgmap *m, const char *addr, int64_t t);

#endif
