/* _eval.h: the matcher tree shared by plan.c (which builds it from a
 * parsed query), eval.c (which runs it) and terms.c (one word's matcher);
 * nothing else includes it. */
#ifndef UNSEARCH__EVAL_H
#define UNSEARCH__EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "bm25.h"
#include "eval.h"
#include "plan.h"
#include "highlight.h"
#include "index.h"
#include "qparse.h"
#include "symbol.h"

#define M_END UINT32_MAX /* a matcher past its last clause */
/* A bound must not undercut the score it bounds by a rounding error. */
#define BOUND_SLACK (1.0 + 1e-9)

enum mtype {
	M_TERMS,  /* a word: the union of one or more terms' postings */
	M_PHRASE, /* kids are M_TERMS slots at consecutive positions */
	M_NEAR,   /* kids (terms or phrases) within `distance` tokens */
	M_AND,    /* kids all match, negs none; opts add to the score if present */
	M_OR,
	M_FILTER, /* a predicate on the clause or its document */
	M_ALL,    /* every clause */
};

/* A matcher, its arrays and its strings are in its plan's arena (struct
 * query_plan mem), but for pos, symbol and citing (malloc's: eval.c and
 * terms.c grow pos, symbol.c and the index make the others), which
 * plan_free frees with the posting readers it releases. */
struct matcher {
	enum mtype type;
	uint32_t cur;
	int started;
	char *label;                /* the word or phrase as typed, for --explain */
	/* M_TERMS: one reader a term, made by plan_reset (a prefix's merged
	 * list: by merged_readers_at, if positions are asked for); NULL
	 * before. */
	struct posting_reader *readers;
	uint8_t *ended;
	/* The same terms' postings, read at the title clauses of the hits'
	 * resolutions (the BM25F title field; made and opened by plan_reset
	 * when the weight is > 0, else NULL). */
	struct posting_reader *title_readers;
	uint8_t *title_ended;
	double title_max;           /* a bound of the title tf: its terms' title_max summed */
	/* The title clause last looked up (M_END: none) and its tf: a
	 * resolution's candidates come one after another. */
	uint32_t title_seen, title_seen_tf;
	/* A prefix's terms merged once at compile time into one posting list
	 * (clause ids ascending, tfs summed), bounded per block of
	 * CODEC_BLOCK postings; its df is the list's length. The readers
	 * are then opened only when positions are asked for (NEAR). */
	int merged;
	uint32_t *mids, *mtfs;      /* merged postings, n_merged each */
	uint16_t *mlens;            /* their clauses' lengths (<= CLAUSE_MAX_TOKENS) */
	size_t n_merged, mat;       /* length; index of the current posting */
	uint32_t *mblock_tf, *mblock_len; /* per block: max tf, min length */
	size_t mtitle_at;           /* title_tf's cursor into mids */
	int readers_open;
	uint32_t *term_ids;
	char **terms;               /* term strings, for highlighting */
	size_t n_terms;
	double df;                  /* largest df of the terms */
	/* One term: terms_tf_bound of its reader's block bound_block
	 * (UINT32_MAX: none yet), kept since bounds are asked per candidate. */
	uint32_t bound_block;
	double bound_value;
	/* M_TERMS, M_PHRASE: matcher_bound over the run of clauses [blk_from,
	 * blk_to) its current blocks hold (blk_to 0: none yet). */
	uint32_t blk_from, blk_to;
	double blk_bound;
	/* A word typed with accents or ñ ("año"): 1 for the terms of that
	 * form, EVAL_ACCENT_FOLDED_WEIGHT for those that match it only once
	 * folded ("ano"), applied to their tf; NULL: all 1. Weights <= 1, so
	 * the unweighted block bounds still bound. */
	double *weights;
	/* terms_advance_keep's lengths per tf: for tf < TERMS_KEEP_TFS, a
	 * clause of tf tf can beat keep_kth[tf] only if shorter than
	 * keep_len[tf] tokens (CLAUSE_MAX_TOKENS + 1: every length can). Set
	 * back by plan_reset (keep_kth -1: none known). keep_now: the same
	 * for the kth keep_now_kth (POSTING_KEEP_ASK: not known yet), the
	 * table posting_reader_advance_keep reads (NAN: none yet). */
#define TERMS_KEEP_TFS 16
	uint32_t keep_len[TERMS_KEEP_TFS];
	double keep_kth[TERMS_KEEP_TFS];
	uint32_t keep_now[TERMS_KEEP_TFS];
	double keep_now_kth;
	/* The OR (and its lazy_gen) whose lazy kids' bounds the lengths
	 * above count besides m's own (terms_advance_keep; NULL: none): the
	 * kids of keep_by_len bounded at each length (terms_len_bound), the
	 * others' max_score summed in keep_lazy. */
	struct matcher *keep_or;
	unsigned keep_gen;
	uint64_t keep_by_len;
	double keep_lazy;
	double idf;                 /* M_TERMS: idf(df); M_PHRASE: sum of slots' */
	/* A kid of the OR that top k runs as MaxScore (eval.c): its score
	 * bound at any clause (INFINITY: none known), and whether it no
	 * longer proposes clauses (its bound and those of the other lazy kids
	 * cannot reach the k-th hit), so it is moved only to the clauses the
	 * other kids propose. */
	double max_score;
	/* Found by terms_len_bound when first asked (len_known), for the
	 * plan's life (a query evaluates it again with the same BM25
	 * parameters and title field): the largest tf it may have, for each
	 * tf t < TERMS_KEEP_TFS (the last entry: any larger one) the
	 * shortest clause it may have t or more at (UINT32_MAX: none), from
	 * its blocks' bound pairs, and the best score of a tf t or more at
	 * those lengths. */
	int len_known;
	double max_tf;
	uint32_t tf_min_len[TERMS_KEEP_TFS + 1];
	double tf_peak[TERMS_KEEP_TFS + 1];
	int lazy;
	/* Its clauses are no hits in this pass: a first pass took them (the
	 * seed, eval.c); it proposes none and bounds nothing. */
	int excluded;
	int scoring;                /* 0: matches without adding to the score */
	int stopword;               /* an unquoted stop word */
	int verb_only;              /* match only at the clause's opening verb */
	/* =word: the folded surface form its occurrences must have (the terms
	 * are those of that form; the clause text is read to tell "Estado"
	 * from "Estados", which share a term); exact_tf counts them at cur. */
	char *exact;
	uint32_t exact_tf;
	/* A slot of an AND's phrase bonus: the AND's word of the same terms
	 * (NULL: none). Where that word stands at the phrase's clause, its
	 * postings give the slot's positions, so the block the AND decoded
	 * is not decoded again by the slot's own reader (eval.c). */
	struct matcher *same;
	/* positions at cur: M_TERMS its tokens, M_PHRASE its match starts */
	uint32_t *pos;
	size_t n_pos, pos_cap;
	/* M_PHRASE: occurrences at cur; 0 at a clause where, as the root, it
	 * could not enter the top k and was not checked (struct query_plan
	 * prune_kth): top k drops it there, its score being 0. */
	uint32_t tf;
	/* M_PHRASE, M_NEAR, M_AND, M_OR */
	struct matcher **kids, **negs, **opts;
	size_t n_kids, n_negs, n_opts, kids_cap, negs_cap, opts_cap;
	/* The kids again, cheapest first (fewest clauses to step through,
	 * plan.c): the order in which eval.c aligns an intersection's (the
	 * rarest word proposes, the common ones are only asked about its
	 * clauses, as a conjunction is run in Lucene or Xapian) and catches
	 * up the lazy kids of an OR run as MaxScore. The order moves no
	 * result: the first common clause is the same. */
	struct matcher **align;
	/* M_OR run as MaxScore: no clause lacking any one of its kids (but
	 * the excluded) can enter the top k any more (eval.c maxscore_mark). */
	int conjunctive;
	/* M_OR run as MaxScore: counts the changes to its kids' lazy and
	 * excluded flags, which its eager kid's keep lengths depend on. */
	unsigned lazy_gen;
	int distance;               /* M_NEAR */
	/* M_FILTER */
	enum qfield field;
	long lo, hi;
	int kind;
	char *symbol;               /* normalised (symbol.h) */
	uint32_t *citing;           /* QF_CITES: the clauses citing symbol, ascending */
	size_t n_citing;
};

/* One word key's lexicon lookup as a plan compiled it (plan.c
 * token_matcher): its terms, ascending ids, and their largest df. */
struct plan_lookup {
	char *key;
	size_t key_len;
	uint32_t *ids;
	char **terms;
	size_t n;
	uint32_t df;
};

struct query_plan {
	/* What compiling allocates for the plan's life: matchers, their
	 * arrays, term strings, patterns, lookups (see struct matcher). */
	struct arena mem;
	struct index *ix;
	struct analyzer *an;        /* reads clause texts for exact forms */
	struct buf text;            /* a clause's text, for exact forms */
	struct matcher *root;       /* NULL: the query matches nothing */
	struct matcher **all;       /* every matcher, for reset and free */
	size_t n_all, all_cap;
	struct bm25 bm;
	struct hl_pattern *pats;
	struct hl_slot *slots;      /* storage of the patterns' slots */
	size_t n_pats, n_slots, pats_cap, slots_cap;
	/* The words whose tfs at a hit count the tokens the patterns mark
	 * (eval.c hit_tokens): each slot's word, and a bonus slot's AND word
	 * (same); the words of one term set next to each other, each set
	 * ended by a NULL. n_hl_words 0: not counted (a prefix's list, or
	 * more than PLAN_HL_TERMS terms in all). */
	struct matcher **hl_words;
	size_t n_hl_words, hl_words_cap;
	/* The hits' marked positions (struct eval_hit hl_at), appended as
	 * eval_top_k takes hits (malloc's, freed by plan_free; hits it drops
	 * leave theirs unused until the next eval_top_k). */
	uint32_t *hl_pos;
	size_t n_hl_pos, hl_pos_cap;
	uint32_t doc_cache_id;      /* filters: the last document looked up */
	/* The k-th hit's score once top k holds k hits (eval.c top_k_pass;
	 * -INFINITY before and in every other evaluation, plan_reset): a
	 * root phrase reads no positions at a clause where no slot's tf could
	 * score above it (phrase_cannot_enter). */
	double prune_kth;
	struct doc_info doc_cache;
	uint32_t title_doc;         /* the document whose title clause ... */
	uint32_t title_clause;      /* ... is this (M_END: it has none) */
	uint32_t title_for;         /* the clause title_doc was last found for */
	int kind_asked;             /* a kind: filter: boilerplate may match */
	int has_words;              /* a word or prefix besides UN symbols */
	int title_open;             /* title_readers are open */
	struct plan_word *unknown;  /* words that match nothing, query order */
	size_t n_unknown, unknown_cap;
	/* One open reader per term the plan reads (plan_reset): each
	 * matcher's reader of that term is a twin sharing its block table,
	 * so a term in the words, the phrase bonus and the partial plan has
	 * its skip table read and its per-block arrays allocated once.
	 * Released after the matchers. */
	struct posting_reader *sources;
	size_t n_sources, sources_cap;
	/* Its sources keep the blocks they decode (posting_reader_keep_blocks)
	 * from the first evaluation on: an AND, whose partial form reads its
	 * words again when too few clauses hold them all. */
	int keep_blocks;
	/* plan_compile_partial's full plan: its sources are twinned before
	 * any is opened here (NULL: none). It outlives this plan. */
	const struct query_plan *lender;
	/* The keys this plan looked up, for its own phrase bonus and the
	 * partial plan it lends to, which read the same words. */
	struct plan_lookup *lookups;
	size_t n_lookups, lookups_cap;
};

#endif
