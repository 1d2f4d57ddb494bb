/* search.h: one query from text to printed results: parse -> compile ->
 * evaluate (top k, count, or matching resolutions) -> highlight -> output.
 * unsearch's main runs it once, or once per line in --batch mode. */
#ifndef UNSEARCH_SEARCH_H
#define UNSEARCH_SEARCH_H

#include <stddef.h>
#include <stdio.h>

#include "analyzer.h"
#include "buf.h"
#include "err.h"
#include "eval.h"
#include "group.h"
#include "index.h"
#include "output.h"
#include "qparse.h"

enum search_mode {
	SEARCH_HITS,  /* ranked clauses */
	SEARCH_COUNT, /* the number of matching clauses */
	SEARCH_FILES, /* matching resolutions, one line each */
	SEARCH_GROUPS, /* each resolution once, with its best clauses */
	SEARCH_FACET, /* counts of matching clauses per value of a field */
};

struct search_options {
	enum search_mode mode;
	size_t limit, offset;
	int sort_date;      /* newest resolution first, then score */
	int explain;
	int with_context;   /* -C given: context clauses, JSON before/after */
	size_t context;     /* -C N: clauses shown before and after each hit */
	int strict;         /* no partial matches after the full ones */
	enum facet_field facet; /* SEARCH_FACET */
	struct eval_opts eval;
	struct output_opts out;
	const char *filters; /* extra filters in query syntax ("session:74"), or NULL */
};

struct search_ctx {
	struct index *ix;
	struct analyzer *an;
	const struct search_options *opts;
};

/* Run query and print its results to out (echoing `query` in JSON when
 * echo is set). Ranked hits: when fewer clauses than asked for match the
 * whole query, the best partial matches (plan_compile_partial) follow,
 * marked partial, unless opts->strict. *found receives the number of matching clauses printed or
 * counted. ERR_SYNTAX carries the column in eb->column; notices (prefix
 * caps) are appended to `notices` for main to show. */
int search_run(const struct search_ctx *sc, const char *query, int echo,
               FILE *out, size_t *found, struct buf *notices,
               struct errbuf *eb);

/* --batch: run every non-empty line of in as a query (JSON Lines out, the
 * query echoed). Every line prints at least one JSON line: its hits, or
 * {"query", "hits": 0} when nothing matched, or {"query", "error",
 * "column"} when it failed (the run goes on). *found counts matching clauses printed, *failed lines
 * that failed. */
void search_batch(const struct search_ctx *sc, FILE *in, FILE *out,
                  size_t *found, size_t *failed, struct buf *notices);

#endif
