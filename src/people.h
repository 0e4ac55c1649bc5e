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

/* Bots: addresses whose mail is neither discussion nor review (syzbot,
 * the kernel test robot, patchwork-bot, pr-tracker-bot, CI bots).  A
 * built-in list (ld_bots_builtin) plus the user's patterns (--bot ADDR,
 * --bots FILE): shell globs over the lower-cased address, "*" matching
 * anything ("syzbot+*@syzkaller.appspotmail.com"). */
typedef struct ld_botlist ld_botlist;
ld_botlist *ld_botlist_new(void);
void ld_botlist_free(ld_botlist *l);
/* Adds one pattern (copied, lower-cased). */
void ld_botlist_add(ld_botlist *l, const char *pattern);
/* Adds the patterns of a file: one a line, "#" starts a comment, blank
 * lines skipped; a line that is not one address pattern is LD_E_USAGE. */
ld_status ld_botlist_load(ld_botlist *l, const char *path, ld_err *err);
/* Is addr (any case) a bot, by the built-in list or l (may be NULL)? */
int ld_is_bot(const ld_botlist *l, const char *addr);
/* The built-in patterns, NULL-terminated (for --help-like listings and
 * tests). */
extern const char *const ld_bots_builtin[];

#endif
