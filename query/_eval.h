/* _eval.h: the matcher tree shared by plan.c (which builds it from a
 * parsed query) and eval.c (which runs it); nothing else includes it. */
#ifndef UNSEARCH__EVAL_H
#define UNSEARCH__EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "bm25.h"
#include "eval.h"
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

struct matcher {
	enum mtype type;
	uint32_t cur;
	int started;
	char *label;                /* the word or phrase as typed, for --explain */
	/* M_TERMS */
	struct posting_reader *readers;
	uint8_t *ended;
	uint32_t *term_ids;
	char **terms;               /* term strings, for highlighting */
	size_t n_terms;
	double df;                  /* largest df of the terms */
	double idf;                 /* M_TERMS: idf(df); M_PHRASE: sum of slots' */
	int scoring;                /* 0: matches without adding to the score */
	int stopword;               /* an unquoted stop word */
	int verb_only;              /* match only at the clause's opening verb */
	/* positions at cur: M_TERMS its tokens, M_PHRASE its match starts */
	uint32_t *pos;
	size_t n_pos, pos_cap;
	uint32_t tf;                /* M_PHRASE: occurrences at cur */
	/* M_PHRASE, M_NEAR, M_AND, M_OR */
	struct matcher **kids, **negs, **opts;
	size_t n_kids, n_negs, n_opts, kids_cap, negs_cap, opts_cap;
	int distance;               /* M_NEAR */
	/* M_FILTER */
	enum qfield field;
	long lo, hi;
	int kind;
	char *symbol;               /* normalised (symbol.h) */
	uint32_t *citing;           /* QF_CITES: the clauses citing symbol, ascending */
	size_t n_citing;
};

struct query_plan {
	struct index *ix;
	struct matcher *root;       /* NULL: the query matches nothing */
	struct matcher **all;       /* every matcher, for reset and free */
	size_t n_all, all_cap;
	struct bm25 bm;
	struct hl_pattern *pats;
	struct hl_slot *slots;      /* storage of the patterns' slots */
	size_t n_pats, n_slots;
	uint32_t doc_cache_id;      /* filters: the last document looked up */
	struct doc_info doc_cache;
};

/* Put every matcher back before its first clause, reopening postings. */
int plan_reset(struct query_plan *p, struct errbuf *eb);

#endif
