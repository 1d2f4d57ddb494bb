/* eval.h: query evaluation. A parsed query (qparse.h) is compiled against
 * an open index into a tree of matchers (term sets, phrases, NEAR, AND with
 * exclusions, OR, filters), which are advanced document-at-a-time over
 * clause ids. Top-k collection prunes with the per-block bounds the index
 * stores (block-max: a run of clauses whose best possible BM25 score cannot
 * enter the current top k is skipped without decoding it).
 *
 * Semantics (man/unsearch.1 "QUERY SYNTAX"):
 *   - a word means any index term that its accent-insensitive key maps to
 *     (so "informacion" = "información"); a word of several tokens such as
 *     A/RES/74/29 is a phrase of its parts;
 *   - unquoted stop words are dropped from bag-of-words matching unless the
 *     query has nothing else; inside quotes they count;
 *   - an unquoted query of several words also scores, as an optional bonus,
 *     the words as an exact phrase, so exact wording ranks first;
 *   - ties break by clause order, so results are deterministic. */
#ifndef UNSEARCH_EVAL_H
#define UNSEARCH_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "analyzer.h"
#include "bm25.h"
#include "buf.h"
#include "err.h"
#include "highlight.h"
#include "index.h"
#include "qparse.h"

#define EVAL_PREFIX_MAX_WORDS 512 /* words one prefix may expand to */

struct query_plan;

struct eval_hit {
	uint32_t clause;
	double score;
};

struct eval_opts {
	struct bm25 bm25;   /* k1, b; N and avg_len are filled from the index */
	size_t k;           /* hits wanted (offset + limit) */
	int exhaustive;     /* score every candidate, no pruning */
};

/* Compile tree for ix. ERR_SYNTAX (eb->column set) for a filter value the
 * index cannot mean (unknown kind); ERR_CORRUPT from the index. notices
 * receives lines for the user (a prefix that hit its expansion cap), and
 * may be NULL. */
int plan_compile(struct index *ix, struct analyzer *an, const struct qnode *tree,
                 struct query_plan **out, struct buf *notices,
                 struct errbuf *eb);
void plan_free(struct query_plan *p); /* NULL is a no-op */

/* The best opts->k clauses, best first (score descending, then clause id
 * ascending). *hits is allocated (caller frees). *total, if not NULL,
 * receives the number of matching clauses when that was counted
 * (exhaustive mode), else 0. */
int plan_top_k(struct query_plan *p, const struct eval_opts *opts,
               struct eval_hit **hits, size_t *n_hits, struct errbuf *eb);
/* Every matching clause, in clause order: count them, or collect (hits may
 * be NULL to only count). Scores are filled when hits is not NULL. */
int plan_all(struct query_plan *p, const struct eval_opts *opts,
             struct eval_hit **hits, size_t *n, struct errbuf *eb);

/* Highlight patterns for the matched words and phrases (not for excluded
 * ones); owned by the plan. */
void plan_patterns(const struct query_plan *p, const struct hl_pattern **pats,
                   size_t *n);

/* Append --explain lines for clause (which must match) to out. */
int plan_explain(struct query_plan *p, const struct eval_opts *opts,
                 uint32_t clause, struct buf *out, struct errbuf *eb);

#endif
