/* plan.h: compiling a parsed query (qparse.h) against an open index into
 * the matcher tree that eval.h runs: words through the accent-insensitive
 * lexicon, phrases, prefixes, filters, stop words dropped, the exact-phrase
 * bonus, and the highlight patterns. The semantics are in eval.h. */
#ifndef UNSEARCH_PLAN_H
#define UNSEARCH_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "analyzer.h"
#include "buf.h"
#include "err.h"
#include "highlight.h"
#include "index.h"
#include "qparse.h"
#include "verbs.h"

struct query_plan;

/* Compile tree for ix, verb forms looked up in verbs (verbs_index_init).
 * ERR_SYNTAX (eb->column set) for a filter value the index cannot mean
 * (unknown kind); ERR_CORRUPT from the index. notices receives lines for
 * the user (a prefix that hit its expansion cap), and may be NULL. */
int plan_compile(struct index *ix, struct analyzer *an, const struct verbs_index *verbs,
                 const struct qnode *tree, struct query_plan **out, struct buf *notices,
                 struct errbuf *eb);
void plan_free(struct query_plan *p); /* NULL is a no-op */
/* The partial form of a query that is an AND of two or more words or
 * phrases (filters and exclusions aside): clauses holding any of the words
 * match, scored by BM25 over the words they hold (as Lucene's
 * minimum-should-match or Xapian's OP_OR), filters and exclusions still
 * apply. For any other query the plan has no root and matches nothing.
 * full (may be NULL) is the same tree's plan, already evaluated: its
 * terms' opened postings are shared, not opened again (their skip tables
 * read once a query), and its words' lexicon lookups are not repeated. It
 * must be freed after the partial plan. */
int plan_compile_partial(struct index *ix, struct analyzer *an,
                         const struct verbs_index *verbs, const struct qnode *tree,
                         const struct query_plan *full, struct query_plan **out,
                         struct errbuf *eb);

/* Put every matcher back before its first clause, reopening postings;
 * with title_field, also the postings read at title clauses (BM25F). */
int plan_reset(struct query_plan *p, int title_field, struct errbuf *eb);

/* Highlight patterns for the matched words and phrases (not for excluded
 * ones); owned by the plan. */
void plan_patterns(const struct query_plan *p, const struct hl_pattern **pats,
                   size_t *n);

/* The document of clause, cached in the plan across calls (filters, the
 * title field). *di is valid until the next call. */
int plan_clause_doc(struct query_plan *p, uint32_t clause,
                    const struct doc_info **di, struct errbuf *eb);

/* A word of the query that matches nothing in the index (not a stop word,
 * not a symbol): as typed, folded, and its 1-based column. Owned by the
 * plan. */
struct plan_word {
	char *typed, *folded;
	int column;
};
void plan_unknown_words(const struct query_plan *p, const struct plan_word **w,
                        size_t *n);

#endif
