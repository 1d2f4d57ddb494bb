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
	int page;           /* JSON for a page object (serve.c): no {"hits":0} line
	                     * when nothing matched, the result carries the suggestion */
};

/* What search_run found besides what it printed. */
struct search_result {
	size_t found;          /* matching clauses printed or counted */
	struct buf suggestion; /* the query as the index spells it, empty if none;
	                        * the caller releases it */
};

/* The option filters in query syntax: append "FIELD:VALUE" to filters
 * (a space first when not empty), VALUE quoted unless FIELD takes a range
 * (session, year). The one translation of --session ... and of the web
 * API's parameters. */
void search_filter_append(struct buf *filters, const char *field, const char *value);

struct search_ctx {
	struct index *ix;
	struct analyzer *an;
	const struct search_options *opts;
	const struct verbs_index *verbs; /* verbs_index_init'ed */
};

/* Run query and print its results to out (echoing `query` in JSON when
 * echo is set). Ranked hits: when fewer clauses than asked for match the
 * whole query, the best partial matches (plan_compile_partial) follow,
 * marked partial, unless opts->strict. res (initialised with
 * SEARCH_RESULT_INIT) receives the number of matching clauses printed or
 * counted and the suggestion. ERR_SYNTAX carries the column in eb->column;
 * notices (prefix caps) are appended to `notices` for main to show. */
#define SEARCH_RESULT_INIT { 0, BUF_INIT }
int search_run(const struct search_ctx *sc, const char *query, int echo,
               FILE *out, struct search_result *res, struct buf *notices,
               struct errbuf *eb);

/* Count the clauses matching query (with the option filters) per value of
 * each of fields[0..n), from one evaluation: one output_facet line per
 * field to out; *total receives the number of matching clauses. */
int search_facets(const struct search_ctx *sc, const char *query,
                  const enum facet_field *fields, size_t n, FILE *out,
                  size_t *total, struct errbuf *eb);

/* --batch: run every non-empty line of in as a query (JSON Lines out, the
 * query echoed). Every line prints at least one JSON line: its hits, or
 * {"query", "hits": 0} when nothing matched, or {"query", "error",
 * "column"} when it failed (the run goes on). *found counts matching clauses printed, *failed lines
 * that failed. */
void search_batch(const struct search_ctx *sc, FILE *in, FILE *out,
                  size_t *found, size_t *failed, struct buf *notices);

#endif
