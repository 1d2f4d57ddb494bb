/* lineage.h: resolutions that continue one another, and how their clauses
 * moved: --history (one clause through every version of its series) and
 * --diff (two resolutions clause by clause).
 *
 * A series links a resolution to its previous version: an earlier
 * resolution with the same title (accents and case ignored), or one it
 * cites from at most LINEAGE_CITE_SESSIONS sessions before ("Recordando su
 * resolución 73/27" in 74/29); the latest such wins, one with both ties
 * broken first. The next version of R is the earliest resolution whose
 * previous version is R. Agenda item numbers alone link nothing: the same
 * number names different items in different sessions, and one item holds
 * many resolutions. Clauses are paired by query/align.c (text similarity,
 * never labels). */
#ifndef UNSEARCH_LINEAGE_H
#define UNSEARCH_LINEAGE_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "index.h"
#include "output.h"

#define LINEAGE_CITE_SESSIONS 3

enum lineage_mode { LINEAGE_HISTORY, LINEAGE_DIFF };

struct lineage_opts {
	enum lineage_mode mode;
	const char *symbol;     /* --history: the resolution; --diff: the older one */
	const char *other;      /* --history: the clause label; --diff: the newer one */
	struct output_opts out; /* json, color */
};

/* Print the history or the diff to f. *found: versions (history) or
 * clauses (diff) printed. ERR_NOTFOUND (a resolution or label not in the
 * index, eb says which), ERR_CORRUPT, ERR_IO. */
int lineage_run(struct index *ix, const struct lineage_opts *o, FILE *f,
                size_t *found, struct errbuf *eb);

#endif
