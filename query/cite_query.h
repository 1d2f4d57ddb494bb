/* cite_query.h: following citations (format.h SEC_CITES) from one
 * resolution: who cites it (--cited-by), what it cites and who cites it
 * (--refs), and the graph around it in Graphviz DOT (--graph). */
#ifndef UNSEARCH_CITE_QUERY_H
#define UNSEARCH_CITE_QUERY_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "index.h"
#include "output.h"

enum cite_query_mode {
	CITE_QUERY_CITED_BY, /* each citing clause, newest resolution first */
	CITE_QUERY_REFS,     /* what it cites (resolved), then who cites it */
	CITE_QUERY_GRAPH,    /* DOT: nodes within depth hops, citing -> cited */
};

struct cite_query_opts {
	enum cite_query_mode mode;
	const char *symbol;     /* as typed: "53/70", "A/RES/74/29", "1514 (XV)" */
	int depth;              /* --graph: hops in either direction, >= 1 */
	struct output_opts out; /* json (not for --graph), color */
};

/* Run one command and print to f. *found: the citations listed (graph:
 * its edges); 0 means nothing cites or is cited. 0, ERR_CORRUPT (eb names
 * the section) or ERR_IO. */
int cite_query_run(struct index *ix, const struct cite_query_opts *o, FILE *f,
                   size_t *found, struct errbuf *eb);

#endif
