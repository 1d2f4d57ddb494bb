/* group.h: matching clauses seen from above: grouped by resolution
 * (--by-resolution: each resolution once, by its best clause) or counted
 * per value of a field (--facet: session, year, kind, verb, committee). */
#ifndef UNSEARCH_GROUP_H
#define UNSEARCH_GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "eval.h"
#include "index.h"

#define GROUP_SHOWN 3 /* clauses shown per resolution */

enum facet_field { FACET_SESSION, FACET_YEAR, FACET_KIND, FACET_VERB, FACET_COMMITTEE };

/* The field named ("session", ...), or -1. */
int facet_parse(const char *name);
const char *facet_name(enum facet_field f);

/* Count hits per value of field f: *out (allocated, free with
 * facet_free) holds one entry per value that some hit has, most hits
 * first, then by value (numerically for session and year). A hit without
 * a value (no verb, no committee, no date) is not counted. */
struct facet_count {
	char *value;   /* owned */
	long number;   /* session, year: the value as a number */
	size_t count;
};
int facet_count(struct index *ix, const struct eval_hit *hits, size_t n,
                enum facet_field f, struct facet_count **out, size_t *n_out,
                struct errbuf *eb);
void facet_free(struct facet_count *c, size_t n); /* NULL is a no-op */

/* Reorder hits by resolution and fill *out (allocated; caller frees) with
 * one group per resolution: its hits are hits[first .. first + n), best
 * first; groups go best resolution first (its best clause's score), then
 * in index order. */
struct resolution_group {
	uint32_t doc;
	double best;
	size_t first, n;
};
int group_by_resolution(struct index *ix, struct eval_hit *hits, size_t n,
                        struct resolution_group **out, size_t *n_groups,
                        struct errbuf *eb);

#endif
