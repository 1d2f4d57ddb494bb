/* eval.h: query evaluation. A compiled query (plan.h: a tree of matchers,
 * term sets, phrases, NEAR, AND with exclusions, OR, filters) is advanced
 * document-at-a-time over clause ids. Top-k collection prunes with the
 * per-block bounds the index stores (block-max: a run of clauses whose best
 * possible BM25 score cannot enter the current top k is skipped without
 * decoding it).
 *
 * Semantics (man/unsearch.1 "QUERY SYNTAX"):
 *   - a word means any index term that its accent-insensitive key maps to
 *     (so "informacion" = "información"); a word of several tokens such as
 *     A/RES/74/29 is a phrase of its parts;
 *   - unquoted stop words are dropped from bag-of-words matching unless the
 *     query has nothing else; inside quotes they count;
 *   - an unquoted query of several words also scores, as an optional bonus,
 *     the words as an exact phrase, so exact wording ranks first;
 *   - boilerplate clauses (header, title, intro, footer, vote) are not hits
 *     unless the query has a kind: filter, or no word but UN symbols and
 *     filters (it lists resolutions), or eval_opts.all_kinds is set;
 *   - a word found in the title of a clause's resolution lifts that clause:
 *     BM25F with the title as a second field (bm25.h), weight
 *     eval_opts.title_weight; phrases and the phrase bonus have no title
 *     field;
 *   - a word typed with accents or ñ ("año", "Peña") still matches its
 *     folded forms ("ano", "pena"), but their occurrences count only
 *     EVAL_ACCENT_FOLDED_WEIGHT of a tf, so clauses with the form typed
 *     rank first; a word typed without accents ranks all its forms alike;
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
#include "plan.h"


#define EVAL_ACCENT_FOLDED_WEIGHT 0.05 /* see the accent rule above */
#define EVAL_TITLE_WEIGHT_DEFAULT 0.25 /* the best of make eval (0.2 to 0.3 tie) */

struct eval_hit {
	uint32_t clause;
	/* The tokens of the clause that the plan's highlight patterns mark
	 * (plan_patterns), when eval_top_k knew them (the words standing at
	 * the clause): hl_tokens positions, ascending and distinct, at
	 * eval_hit_positions, so that highlighting analyses those tokens
	 * only; 0: not known (and eval_all's hits). */
	uint32_t hl_tokens, hl_at;
	double score;
};

struct eval_opts {
	struct bm25 bm25;   /* k1, b; N and avg_len are filled from the index */
	size_t k;           /* hits wanted (offset + limit) */
	int exhaustive;     /* score every candidate, no pruning */
	double title_weight; /* BM25F weight of the resolution's title; 0: off */
	int all_kinds;      /* boilerplate clauses are hits even without kind: */
	/* CLOCK_MONOTONIC time in ns past which evaluation gives up with
	 * ERR_LIMIT (the server's time limit per query); 0: none. Checked
	 * every EVAL_DEADLINE_EVERY candidate clauses. */
	uint64_t deadline_ns;
	/* eval_top_k: clauses that are not hits, ascending (the full matches
	 * of an AND when its partial matches are asked for); NULL when n is 0. */
	const uint32_t *not_hits;
	size_t n_not_hits;
};

#define EVAL_DEADLINE_EVERY 1024

/* The CLOCK_MONOTONIC time in ns, ms milliseconds from now: a deadline. */
uint64_t eval_deadline_in(unsigned ms);

/* The best opts->k clauses, best first (score descending, then clause id
 * ascending). *hits is allocated (caller frees). *total, if not NULL,
 * receives the number of matching clauses when that was counted
 * (exhaustive mode), else 0. */
int eval_top_k(struct query_plan *p, const struct eval_opts *opts,
               struct eval_hit **hits, size_t *n_hits, struct errbuf *eb);
/* The positions of hit h's marked tokens (struct eval_hit hl_tokens of
 * them), valid until p is evaluated again or freed; NULL: not known. */
const uint32_t *eval_hit_positions(const struct query_plan *p, const struct eval_hit *h);
/* Every matching clause, in clause order: count them, or collect (hits may
 * be NULL to only count). Scores are filled when hits is not NULL.
 * *left_out (may be NULL) receives the number of boilerplate clauses that
 * matched but were left out (see eval_opts.all_kinds). */
int eval_all(struct query_plan *p, const struct eval_opts *opts,
             struct eval_hit **hits, size_t *n, size_t *left_out,
             struct errbuf *eb);

/* Append --explain lines for clause (which must match) to out. */
int eval_explain(struct query_plan *p, const struct eval_opts *opts,
                 uint32_t clause, struct buf *out, struct errbuf *eb);

#endif
