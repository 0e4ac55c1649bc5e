/* marks.c - where the last run stopped in each epoch (the in-memory side
 * of --state; its file is store/state.c). */
#include "source/source.h"
#include <stdlib.h>
#include <string.h>

void ld_state_release(ld_state *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->marks[i].message_id);
	free(s->marks);
	s->marks = NULL;
	s->n = 0;
}

const ld_mark *ld_state_find(const ld_state *s, int epoch)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->marks[i].epoch == epoch)
			return &s->marks[i];
	return NULL;
}

void ld_state_set(ld_state *s, const ld_mark *m)
{
	ld_mark *dst = (ld_mark *)ld_state_find(s, m->epoch);
	if (!dst) {
		s->marks = ld_xrealloc(s->marks, (s->n + 1) * sizeof(*s->marks));
		dst = &s->marks[s->n++];
		dst->message_id = NULL;
	}
	free(dst->message_id);
	dst->epoch = m->epoch;
	memcpy(dst->commit, m->commit, sizeof(dst->commit));
	dst->time = m->time;
	dst->message_id = ld_xstrdup(m->message_id ? m->message_id : "");
}
