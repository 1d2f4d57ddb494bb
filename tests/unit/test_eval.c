/* test_eval.c: query evaluation (eval.c) against independent computations.
 *   - BM25 scores of eval_top_k equal scores computed here from the clause
 *     statistics of the reference of tests/reference.h (resparse_parse + analyzer_run)
 *     (bm25.h's formula, written out again), for a word, an unquoted
 *     two-word AND (with its exact-phrase bonus) and a quoted phrase;
 *   - the title field (BM25F) against its formula written out;
 *   - block-max pruning never changes the top k: 400 random queries on a
 *     generated corpus (words, =exact words, phrases, OR, NEAR, verb:,
 *     prefix*), with the title field and a third of them in their partial
 *     form, give exactly the same clause ids and scores with and without
 *     pruning;
 *   - the partial fill of an AND (its full matches left out, MaxScore, a
 *     rare word's clauses first, the words intersected once each is
 *     needed) equals the partial plan's exhaustive top k with the full
 *     matches dropped, on 300 ANDs of 2-4 words (with an exclusion or a
 *     filter) for k of 3, 10 and 25; the words as a phrase match only full
 *     matches (the partial plan has no phrase bonus);
 *   - an AND of three words of different frequency, in every order, and
 *     its phrase bonus, against the scores written out;
 *   - in every query run here, a hit's marked positions (the tokens
 *     highlighting analyses) are not known, or exactly those of the
 *     tokens of its clause's text that the plan's patterns mark, found
 *     with the analyzer. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "buf.h"
#include "build.h"
#include "clause_kind.h"
#include "err.h"
#include "eval.h"
#include "harness.h"
#include "index.h"
#include "qparse.h"
#include "reference.h"
#include "xalloc.h"

#define K1 1.2
#define B 0.75

static struct test_env env;

/* Occurrences of the phrase (n terms) in clause c; n == 1: tf. */
static uint32_t ref_phrase_tf(const struct ref_clause *c, const char **ph,
                              size_t n)
{
	uint32_t tf = 0;

	for (size_t p = 0; p + n <= c->n_tokens; p++) {
		size_t k = 0;
		while (k < n && strcmp(c->tokens[p + k].term, ph[k]) == 0)
			k++;
		tf += k == n;
	}
	return tf;
}

static uint32_t ref_df(const struct reference *r, const char **ph, size_t n)
{
	uint32_t df = 0;

	for (size_t c = 0; c < r->n_clauses; c++)
		df += ref_phrase_tf(&r->clauses[c], ph, n) > 0;
	return df;
}

static double idf(double n_clauses, double df)
{
	return log(1.0 + (n_clauses - df + 0.5) / (df + 0.5));
}

static double tf_part(double tf, double len, double avg)
{
	return tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg));
}

/* The term of one query word, and whether it is the only index term its
 * accent-insensitive key maps to (so the word means exactly this term). */
struct qword {
	const char *term;
	int single;
};

struct word_ctx {
	struct qword *w;
	struct index *ix;
	int seen;
};

static int word_token(void *ctx, const struct token *t)
{
	struct word_ctx *wc = ctx;
	uint32_t *ids = NULL, id;
	size_t n = 0;
	struct errbuf eb;

	wc->seen++;
	wc->w->term = t->term;
	wc->w->single = 0;
	if (index_key_terms(wc->ix, t->key, t->key_len, &ids, &n, &eb) == 0 && n == 1 &&
	    index_term_find(wc->ix, t->term, t->term_len, &id, &eb) == 0 && ids[0] == id)
		wc->w->single = 1;
	free(ids);
	return 0;
}

static struct qword analyse_word(struct reference *r, struct index *ix,
                                 const char *word)
{
	struct qword w = { NULL, 0 };
	struct word_ctx wc = { &w, ix, 0 };

	analyzer_run(r->an, word, strlen(word), 0, word_token, &wc);
	if (wc.seen != 1)
		w.single = 0;
	return w;
}

/* Hits whose marked positions eval_top_k knew. */
static size_t hl_known;

/* The positions of the tokens whose term is one of the patterns'. */
struct pattern_count {
	const struct hl_pattern *pats;
	size_t n_pats;
	uint32_t *pos;
	size_t n, cap;
};

static int pattern_token(void *ctx, const struct token *t)
{
	struct pattern_count *c = ctx;

	for (size_t i = 0; i < c->n_pats; i++)
		for (size_t k = 0; k < c->pats[i].n_slots; k++)
			for (size_t j = 0; j < c->pats[i].slots[k].n_terms; j++)
				if (strcmp(c->pats[i].slots[k].terms[j], t->term) == 0) {
					c->pos = xgrow(c->pos, &c->cap, c->n + 1, sizeof *c->pos);
					c->pos[c->n++] = t->position;
					return 0;
				}
	return 0;
}

/* A hit's marked positions, when known, are exactly those of the tokens
 * of its clause's text that the plan's patterns mark, found here with
 * the analyzer: highlighting analyses those tokens only, so one left out
 * would lose its range. ERR_INVALID with the clause in eb if not. */
static int check_hl_positions(struct index *ix, struct analyzer *an,
                           const struct query_plan *plan, const struct eval_hit *hits,
                           size_t n, struct errbuf *eb)
{
	struct buf text = BUF_INIT;
	struct pattern_count c = { NULL, 0, NULL, 0, 0 };
	int rc = 0;

	plan_patterns(plan, &c.pats, &c.n_pats);
	for (size_t i = 0; i < n && !rc; i++) {
		const uint32_t *pos = eval_hit_positions(plan, &hits[i]);
		if (!pos)
			continue;
		buf_reset(&text);
		if ((rc = index_clause_text(ix, hits[i].clause, &text, eb)))
			break;
		c.n = 0;
		analyzer_run(an, text.data ? text.data : "", text.len, 0, pattern_token, &c);
		hl_known++;
		if (hits[i].hl_tokens != c.n || memcmp(pos, c.pos, c.n * sizeof *pos) != 0)
			rc = errbuf_set(eb, ERR_INVALID, "clause %u: %u positions marked, its text has %zu",
			                hits[i].clause, hits[i].hl_tokens, c.n);
	}
	buf_release(&text);
	free(c.pos);
	return rc;
}

/* Run query through qparse + plan_compile (plan_compile_partial when
 * partial; partial 2 lends it the postings of the full plan, evaluated
 * first, as search.c does) + eval_top_k, with the title field at
 * title_weight (0: plain BM25), not_hits[0..n_not) (ascending) left out
 * of the hits, whose marked positions check_hl_positions checks. */
static int run_plan_without(struct index *ix, struct analyzer *an, const char *query,
                            size_t k, int exhaustive, double title_weight,
                            int partial, const uint32_t *not_hits, size_t n_not,
                            struct eval_hit **hits, size_t *n, struct errbuf *eb)
{
	struct qnode *tree = NULL;
	struct query_plan *plan = NULL, *full = NULL;
	struct eval_hit *full_hits = NULL;
	size_t n_full_hits = 0;
	struct eval_opts opts;
	struct verbs_index verbs;
	int rc;

	*hits = NULL;
	*n = 0;
	verbs_index_init(&verbs);
	memset(&opts, 0, sizeof opts);
	opts.bm25.k1 = K1;
	opts.bm25.b = B;
	opts.k = k;
	opts.exhaustive = exhaustive;
	opts.title_weight = title_weight;
	opts.not_hits = not_hits;
	opts.n_not_hits = n_not;
	if ((rc = qparse_parse(query, &tree, eb)))
		return rc;
	if (partial == 2 && !(rc = plan_compile(ix, an, &verbs, tree, &full, NULL, eb)))
		rc = eval_top_k(full, &opts, &full_hits, &n_full_hits, eb);
	if (!rc)
		rc = partial ? plan_compile_partial(ix, an, &verbs, tree, full, &plan, eb)
		             : plan_compile(ix, an, &verbs, tree, &plan, NULL, eb);
	if (!rc)
		rc = eval_top_k(plan, &opts, hits, n, eb);
	if (!rc)
		rc = check_hl_positions(ix, an, plan, *hits, *n, eb);
	plan_free(plan);
	plan_free(full);
	free(full_hits);
	qnode_free(tree);
	return rc;
}

static int run_plan(struct index *ix, struct analyzer *an, const char *query,
                    size_t k, int exhaustive, double title_weight, int partial,
                    struct eval_hit **hits, size_t *n, struct errbuf *eb)
{
	return run_plan_without(ix, an, query, k, exhaustive, title_weight, partial,
	                        NULL, 0, hits, n, eb);
}

struct expect {
	uint32_t clause;
	double score;
};

static int expect_cmp(const void *a, const void *b)
{
	const struct expect *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->clause > y->clause) - (x->clause < y->clause);
}

/* Compare eval_top_k (both modes, k large enough for all) with exp. */
static void compare_titled(struct harness *h, struct index *ix,
                           struct analyzer *an, const char *query,
                           double title_weight, struct expect *exp,
                           size_t n_exp)
{
	qsort(exp, n_exp, sizeof *exp, expect_cmp);
	for (int exhaustive = 0; exhaustive <= 1; exhaustive++) {
		struct eval_hit *hits;
		size_t n;
		struct errbuf eb = { "", 0 };

		if (run_plan(ix, an, query, 100000, exhaustive, title_weight, 0,
		             &hits, &n, &eb)) {
			harness_fail(h, __FILE__, __LINE__, "%s: %s", query, eb.msg);
			free(hits);
			continue;
		}
		if (n != n_exp)
			harness_fail(h, __FILE__, __LINE__, "%s (exhaustive %d): %zu hits, expected %zu",
			             query, exhaustive, n, n_exp);
		for (size_t i = 0; i < n && i < n_exp; i++) {
			if (hits[i].clause != exp[i].clause ||
			    fabs(hits[i].score - exp[i].score) > 1e-6) {
				harness_fail(h, __FILE__, __LINE__,
				             "%s (exhaustive %d) hit %zu: clause %u score %.9f, expected clause %u score %.9f",
				             query, exhaustive, i, hits[i].clause, hits[i].score,
				             exp[i].clause, exp[i].score);
				break;
			}
		}
		free(hits);
	}
}

static void compare_scores(struct harness *h, struct index *ix,
                           struct analyzer *an, const char *query,
                           struct expect *exp, size_t n_exp)
{
	compare_titled(h, ix, an, query, 0, exp, n_exp);
}

struct fixture {
	struct reference r;
	struct index *ix;
	struct analyzer *an;
	double n, avg;
};

static int fixture_open(struct harness *h, struct fixture *f, const char *corpus,
                        const char *ix_dir)
{
	struct build_summary sum;
	struct errbuf eb = { "", 0 };
	const struct index_stats *st;

	memset(f, 0, sizeof *f);
	if (test_build_index(corpus, ix_dir, (size_t)256 << 20, &sum, &eb) ||
	    index_open(ix_dir, &f->ix, &eb) ||
	    !(f->an = analyzer_new(&eb))) {
		harness_fail(h, __FILE__, __LINE__, "index %s: %s", corpus, eb.msg);
		return -1;
	}
	if (reference_build(&f->r, corpus)) {
		harness_fail(h, __FILE__, __LINE__, "reference of %s", corpus);
		return -1;
	}
	st = index_stats(f->ix);
	f->n = st->n_clauses;
	f->avg = st->avg_clause_len;
	CHECK_INT_EQ(h, st->n_clauses, f->r.n_clauses);
	CHECK_INT_EQ(h, st->n_tokens, f->r.n_tokens);
	CHECK(h, fabs(f->avg - (double)f->r.n_tokens / (double)f->r.n_clauses) < 1e-9);
	return 0;
}

static void fixture_close(struct fixture *f)
{
	reference_free(&f->r);
	analyzer_free(f->an);
	index_close(f->ix);
}

/* Expected hits of the unquoted AND of words (all single-term): the sum of
 * each word's idf * tfpart, plus, when the words (and the stop words between
 * them, as typed) occur as a phrase, the phrase bonus. A single word is the
 * one-word case without bonus. */
static size_t expect_and(struct fixture *f, struct harness *h,
                         const char *const *words, size_t n_words,
                         struct expect **out)
{
	const char *terms[8], *content[8];
	double w_idf[8], ph_idf = 0;
	size_t n_content = 0, n_exp = 0;
	struct expect *exp = xmalloc(f->r.n_clauses * sizeof *exp);

	for (size_t i = 0; i < n_words; i++) {
		struct qword w = analyse_word(&f->r, f->ix, words[i]);
		if (!w.term || !w.single)
			harness_fail(h, __FILE__, __LINE__, "'%s' is not one index term", words[i]);
		terms[i] = w.term ? w.term : "";
		ph_idf += idf(f->n, ref_df(&f->r, &terms[i], 1));
		if (!analyzer_is_stopword(f->an, words[i], strlen(words[i])))
			content[n_content++] = terms[i];
	}
	for (size_t i = 0; i < n_content; i++)
		w_idf[i] = idf(f->n, ref_df(&f->r, &content[i], 1));
	for (size_t c = 0; c < f->r.n_clauses; c++) {
		const struct ref_clause *rc = &f->r.clauses[c];
		double s = 0, len = (double)rc->n_tokens;
		size_t i;

		for (i = 0; i < n_content; i++) {
			uint32_t tf = ref_phrase_tf(rc, &content[i], 1);
			if (!tf)
				break;
			s += w_idf[i] * tf_part(tf, len, f->avg);
		}
		if (i < n_content || clause_kind_is_boilerplate(rc->kind))
			continue;
		if (n_words >= 2) {
			uint32_t tf = ref_phrase_tf(rc, terms, n_words);
			if (tf)
				s += ph_idf * tf_part(tf, len, f->avg);
		}
		exp[n_exp++] = (struct expect){ (uint32_t)c, s };
	}
	*out = exp;
	return n_exp;
}

static void test_bm25_word(struct harness *h)
{
	struct fixture f;
	struct expect *exp;
	const char *words[] = { "educación" };
	size_t n;
	char ix[128];

	snprintf(ix, sizeof ix, "%s/corpus-ix", env.tmp_dir);
	if (fixture_open(h, &f, harness_corpus_dir(), ix) == 0) {
		n = expect_and(&f, h, words, 1, &exp);
		CHECK(h, n >= 2); /* Art.26.1, 26.2, ... of the UDHR, and the preamble */
		compare_scores(h, f.ix, f.an, "educación", exp, n);
		/* Without its accent the word means the same term. */
		compare_scores(h, f.ix, f.an, "EDUCACION", exp, n);
		free(exp);
	}
	fixture_close(&f);
}

static void test_bm25_and_with_bonus(struct harness *h)
{
	struct fixture f;
	struct expect *exp;
	const char *w1[] = { "libertad", "expresión" };
	const char *w2[] = { "dignidad", "humana" };
	size_t n;
	char ix[128];

	snprintf(ix, sizeof ix, "%s/corpus-ix", env.tmp_dir);
	if (fixture_open(h, &f, harness_corpus_dir(), ix) == 0) {
		/* Never adjacent: no bonus anywhere. */
		n = expect_and(&f, h, w1, 2, &exp);
		CHECK(h, n >= 1);
		compare_scores(h, f.ix, f.an, "libertad expresión", exp, n);
		free(exp);
		/* "dignidad humana" occurs as written in some clauses only. */
		n = expect_and(&f, h, w2, 2, &exp);
		CHECK(h, n >= 2);
		{
			const char *ph[2] = { analyse_word(&f.r, f.ix, w2[0]).term,
			                      analyse_word(&f.r, f.ix, w2[1]).term };
			uint32_t with_bonus = ph[0] && ph[1] ? ref_df(&f.r, ph, 2) : 0;
			CHECK(h, with_bonus >= 1 && with_bonus < n);
		}
		compare_scores(h, f.ix, f.an, "dignidad humana", exp, n);
		free(exp);
	}
	fixture_close(&f);
}

/* The partial plan takes its words' lexicon lookups from the full plan
 * it is lent, and a word typed twice, or with and without its accent,
 * shares one lookup in a plan: the partial plan so compiled gives the
 * same hits and scores as one that looks every word up itself. */
static void test_partial_lent_lookups(struct harness *h)
{
	static const char *const queries[] = {
		"libertad expresión", "dignidad Dignidad humana", "derechos de los niños",
		"expresión expresion libertad", "=humana dignidad humana",
		"libertad expresión -humana", "dignidad humana kind:operative",
	};
	struct fixture f;
	char ix[128];
	size_t nonempty = 0;

	snprintf(ix, sizeof ix, "%s/corpus-ix", env.tmp_dir);
	if (fixture_open(h, &f, harness_corpus_dir(), ix) == 0) {
		for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
			struct eval_hit *lent = NULL, *own = NULL;
			size_t n_lent = 0, n_own = 0;
			struct errbuf eb = { "", 0 };
			if (run_plan(f.ix, f.an, queries[q], 25, 1, EVAL_TITLE_WEIGHT_DEFAULT, 2,
			             &lent, &n_lent, &eb) ||
			    run_plan(f.ix, f.an, queries[q], 25, 1, EVAL_TITLE_WEIGHT_DEFAULT, 1,
			             &own, &n_own, &eb)) {
				harness_fail(h, __FILE__, __LINE__, "%s: %s", queries[q], eb.msg);
			} else {
				CHECK_INT_EQ(h, n_lent, n_own);
				for (size_t k = 0; k < n_lent && k < n_own; k++)
					CHECK(h, lent[k].clause == own[k].clause &&
					         lent[k].score == own[k].score);
				nonempty += n_lent > 0;
			}
			free(lent);
			free(own);
		}
		CHECK_INT_EQ(h, nonempty, sizeof queries / sizeof *queries);
	}
	fixture_close(&f);
}

/* The words of an AND are aligned rarest first, and its phrase bonus
 * reads the positions of the AND's own words: every order of three words
 * of different frequency (two of them adjacent in some clauses) gives the
 * hits and scores written out by expect_and, bonus included when the
 * typed order is the text's. */
static void test_bm25_and_orders(struct harness *h)
{
	static const char *const words[3] = { "derechos", "dignidad", "humana" };
	static const int order[6][3] = {
		{ 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
	};
	struct fixture f;
	char ix[128];

	snprintf(ix, sizeof ix, "%s/corpus-ix", env.tmp_dir);
	if (fixture_open(h, &f, harness_corpus_dir(), ix) == 0) {
		for (size_t o = 0; o < 6; o++) {
			const char *w[3];
			struct expect *exp;
			char q[128];
			size_t n;
			for (size_t i = 0; i < 3; i++)
				w[i] = words[order[o][i]];
			snprintf(q, sizeof q, "%s %s %s", w[0], w[1], w[2]);
			n = expect_and(&f, h, w, 3, &exp);
			CHECK(h, n >= 2);
			compare_scores(h, f.ix, f.an, q, exp, n);
			free(exp);
			/* Two of them, each pair either way round. */
			snprintf(q, sizeof q, "%s %s", w[1], w[2]);
			n = expect_and(&f, h, w + 1, 2, &exp);
			CHECK(h, n >= 2);
			compare_scores(h, f.ix, f.an, q, exp, n);
			free(exp);
		}
	}
	fixture_close(&f);
}

static void test_bm25_phrase(struct harness *h)
{
	struct fixture f;
	char ix[128];

	snprintf(ix, sizeof ix, "%s/corpus-ix", env.tmp_dir);
	if (fixture_open(h, &f, harness_corpus_dir(), ix) == 0) {
		const char *words[] = { "creación", "de", "capacidad" };
		const char *terms[3];
		double ph_idf = 0;
		struct expect *exp = xmalloc(f.r.n_clauses * sizeof *exp);
		size_t n = 0;

		for (size_t i = 0; i < 3; i++) {
			struct qword w = analyse_word(&f.r, f.ix, words[i]);
			CHECK(h, w.term && w.single);
			terms[i] = w.term ? w.term : "";
			ph_idf += idf(f.n, ref_df(&f.r, &terms[i], 1));
		}
		for (size_t c = 0; c < f.r.n_clauses; c++) {
			uint32_t tf = ref_phrase_tf(&f.r.clauses[c], terms, 3);
			if (tf && !clause_kind_is_boilerplate(f.r.clauses[c].kind))
				exp[n++] = (struct expect){ (uint32_t)c,
					ph_idf * tf_part(tf, (double)f.r.clauses[c].n_tokens, f.avg) };
		}
		CHECK_INT_EQ(h, n, 3);
		compare_scores(h, f.ix, f.an, "\"creación de capacidad\"", exp, n);
		free(exp);
	}
	fixture_close(&f);
}

/* The title field: a word's score in a clause whose resolution's title
 * holds it is BM25F, written out here: x = tf / (1 - b + b len / avg) +
 * w * title_tf, idf * x (k1 + 1) / (x + k1); elsewhere it is BM25. The
 * title clause is found in the reference by its kind, between the
 * resolution's first and last clause. Boilerplate is left out. */
static void test_bm25_title_field(struct harness *h)
{
	struct fixture f;
	char ix[128];
	const double w = 1.7;

	snprintf(ix, sizeof ix, "%s/corpus-ix", env.tmp_dir);
	if (fixture_open(h, &f, harness_corpus_dir(), ix) == 0) {
		struct qword q = analyse_word(&f.r, f.ix, "seguridad");
		struct expect *exp = xmalloc(f.r.n_clauses * sizeof *exp);
		size_t n = 0, lifted = 0;
		double widf;

		CHECK(h, q.term && q.single);
		widf = idf(f.n, ref_df(&f.r, &q.term, 1));
		for (size_t c = 0; q.term && c < f.r.n_clauses; c++) {
			const struct ref_clause *rc = &f.r.clauses[c];
			uint32_t tf = ref_phrase_tf(rc, &q.term, 1), ttf = 0;
			double len = (double)rc->n_tokens, x;
			struct clause_info ci;
			struct doc_info di;
			struct errbuf eb;

			if (!tf || clause_kind_is_boilerplate(rc->kind))
				continue;
			if (index_clause(f.ix, (uint32_t)c, &ci, &eb) ||
			    index_doc(f.ix, ci.doc, &di, &eb)) {
				harness_fail(h, __FILE__, __LINE__, "clause %zu: %s", c, eb.msg);
				break;
			}
			for (uint32_t t = di.first_clause; t < di.first_clause + di.n_clauses; t++)
				if (f.r.clauses[t].kind == CLAUSE_TITLE)
					ttf += ref_phrase_tf(&f.r.clauses[t], &q.term, 1);
			x = tf / (1.0 - B + B * len / f.avg) + w * ttf;
			exp[n++] = (struct expect){ (uint32_t)c,
				ttf ? widf * x * (K1 + 1.0) / (x + K1)
				    : widf * tf_part(tf, len, f.avg) };
			lifted += ttf > 0;
		}
		/* 74/29's title has the word, the UDHR's has not. */
		CHECK(h, lifted >= 5 && lifted < n);
		compare_titled(h, f.ix, f.an, "seguridad", w, exp, n);
		free(exp);
	}
	fixture_close(&f);
}

/* Random words of the corpus: the surface forms of tokens of clause texts
 * read back from the index. */
struct vocab {
	char **words;
	size_t n, cap;
	char **phrases; /* 2 or 3 consecutive words */
	size_t n_ph, ph_cap;
};

struct vocab_ctx {
	struct vocab *v;
	const char *text;
	size_t prev_start, prev2_start, count;
	size_t prev_end;
};

static int vocab_token(void *ctx, const struct token *t)
{
	struct vocab_ctx *vc = ctx;
	struct vocab *v = vc->v;

	v->words = xgrow(v->words, &v->cap, v->n + 1, sizeof *v->words);
	v->words[v->n++] = xstrndup(vc->text + t->start, t->end - t->start);
	vc->count++;
	if (vc->count >= 3 && vc->count % 7 == 0) {
		size_t from = (vc->count % 2) ? vc->prev2_start : vc->prev_start;
		v->phrases = xgrow(v->phrases, &v->ph_cap, v->n_ph + 1, sizeof *v->phrases);
		v->phrases[v->n_ph++] = xstrndup(vc->text + from, t->end - from);
	}
	vc->prev2_start = vc->prev_start;
	vc->prev_start = t->start;
	return 0;
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static int has_clause(const uint32_t *ids, size_t n, uint32_t c)
{
	return bsearch(&c, ids, n, sizeof *ids, u32_cmp) != NULL;
}

/* The partial fill as search.c asks for it (the AND's full matches as
 * eval_opts.not_hits, k less their number; pruned, MaxScore, a rare word's
 * clauses first, the words intersected once each is needed) equals the
 * plain way: the partial plan's exhaustive top k + full, full matches
 * dropped, for 2 to 4 words and k of 3, 10 and 25. And the AND's words as a quoted phrase
 * match only full matches, which is why the partial plan has no phrase
 * bonus. *filled counts the queries whose fill found something. */
static void check_partial_fill(struct harness *h, struct index *ix,
                               struct analyzer *an, const struct vocab *v,
                               size_t *filled)
{
	struct buf q = BUF_INIT, words = BUF_INIT;
	struct errbuf eb = { "", 0 };

	for (int i = 0; i < 300; i++) {
		int nw = 2 + rand() % 3, extra = rand() % 4;
		size_t want = i % 3 == 0 ? 3 : i % 3 == 1 ? 10 : 25;
		struct eval_hit *full = NULL, *ref = NULL, *fast = NULL, *ph = NULL;
		size_t n_full = 0, n_ref = 0, n_fast = 0, n_ph = 0, kept = 0;
		uint32_t *ids = NULL;

		buf_reset(&q);
		buf_reset(&words);
		for (int w = 0; w < nw; w++)
			buf_printf(&words, "%s%s", w ? " " : "", v->words[(unsigned)rand() % v->n]);
		buf_printf(&q, "%s", words.data);
		if (extra == 1)
			buf_printf(&q, " -%s", v->words[(unsigned)rand() % v->n]);
		else if (extra == 2)
			buf_printf(&q, " kind:operative");
		if (run_plan(ix, an, q.data, want, 1, EVAL_TITLE_WEIGHT_DEFAULT, 0,
		             &full, &n_full, &eb)) {
			harness_fail(h, __FILE__, __LINE__, "%s: %s", q.data, eb.msg);
			goto next;
		}
		if (n_full == want)
			goto next; /* no fill */
		ids = xmalloc((n_full ? n_full : 1) * sizeof *ids);
		for (size_t k = 0; k < n_full; k++)
			ids[k] = full[k].clause;
		qsort(ids, n_full, sizeof *ids, u32_cmp);
		if (run_plan(ix, an, q.data, want + n_full, 1, EVAL_TITLE_WEIGHT_DEFAULT, 1,
		             &ref, &n_ref, &eb) ||
		    run_plan_without(ix, an, q.data, want - n_full, 0, EVAL_TITLE_WEIGHT_DEFAULT,
		                     2, ids, n_full, &fast, &n_fast, &eb)) {
			harness_fail(h, __FILE__, __LINE__, "%s (partial): %s", q.data, eb.msg);
			goto next;
		}
		for (size_t k = 0; k < n_ref && kept < want - n_full; k++)
			if (!has_clause(ids, n_full, ref[k].clause))
				ref[kept++] = ref[k];
		if (kept != n_fast) {
			harness_fail(h, __FILE__, __LINE__, "%s: fill of %zu, expected %zu",
			             q.data, n_fast, kept);
			goto next;
		}
		for (size_t k = 0; k < kept; k++)
			if (fast[k].clause != ref[k].clause || fast[k].score != ref[k].score) {
				harness_fail(h, __FILE__, __LINE__,
				             "%s: fill %zu clause %u %.17g, expected clause %u %.17g",
				             q.data, k, fast[k].clause, fast[k].score, ref[k].clause,
				             ref[k].score);
				goto next;
			}
		*filled += kept > 0;
		if (extra == 0) {
			buf_reset(&q);
			buf_printf(&q, "\"%s\"", words.data);
			if (run_plan(ix, an, q.data, 100000, 1, EVAL_TITLE_WEIGHT_DEFAULT, 0,
			             &ph, &n_ph, &eb)) {
				harness_fail(h, __FILE__, __LINE__, "%s: %s", q.data, eb.msg);
				goto next;
			}
			for (size_t k = 0; k < n_ph; k++)
				if (!has_clause(ids, n_full, ph[k].clause)) {
					harness_fail(h, __FILE__, __LINE__,
					             "%s matches clause %u, which its words do not",
					             q.data, ph[k].clause);
					break;
				}
		}
next:
		free(full);
		free(ref);
		free(fast);
		free(ph);
		free(ids);
	}
	buf_release(&q);
	buf_release(&words);
}

static void test_pruned_equals_exhaustive(struct harness *h)
{
	struct index *ix = NULL;
	struct analyzer *an = NULL;
	struct errbuf eb = { "", 0 };
	struct vocab v = { 0 };
	struct buf text = BUF_INIT, q = BUF_INIT;
	char dir[128], ixd[128];
	struct build_summary sum;
	size_t n_queries = 0, n_nonempty = 0, n_full = 0, n_filled = 0;
	uint32_t n_clauses;

	snprintf(dir, sizeof dir, "%s/gen", env.tmp_dir);
	snprintf(ixd, sizeof ixd, "%s/gen-ix", env.tmp_dir);
	if (test_gencorpus(&env, dir, 5, 5)) {
		harness_fail(h, __FILE__, __LINE__, "gencorpus -s 5 -m 5 -o %s failed", dir);
		return;
	}
	if (test_build_index(dir, ixd, (size_t)256 << 20, &sum, &eb) ||
	    index_open(ixd, &ix, &eb) ||
	    !(an = analyzer_new(&eb))) {
		harness_fail(h, __FILE__, __LINE__, "index: %s", eb.msg);
		goto out;
	}
	n_clauses = index_stats(ix)->n_clauses;
	CHECK(h, n_clauses > 10000);
	srand(20240601);
	for (int i = 0; i < 200; i++) {
		uint32_t c = (uint32_t)((unsigned)rand() % n_clauses);
		struct vocab_ctx vc = { &v, NULL, 0, 0, 0, 0 };

		buf_reset(&text);
		if (index_clause_text(ix, c, &text, &eb)) {
			harness_fail(h, __FILE__, __LINE__, "text %u: %s", c, eb.msg);
			goto out;
		}
		vc.text = text.data;
		analyzer_run(an, text.data, text.len, 0, vocab_token, &vc);
	}
	CHECK(h, v.n > 1000 && v.n_ph > 50);
	if (v.n == 0 || v.n_ph == 0)
		goto out;
	for (int i = 0; i < 400; i++) {
		static const char *const verbs[] = {
			"instar", "Decide", "\"acoger con beneplácito\"", "recordando",
			"\"tener presente\"", "preocupar", "\"tomar nota\"",
		};
		int shape = rand() % 9, nw = 1 + rand() % 3;
		const char *pw = v.words[(unsigned)rand() % v.n];
		int plen = 0;
		struct eval_hit *a = NULL, *b = NULL;
		size_t na = 0, nb = 0;
		int ra, rb;

		buf_reset(&q);
		switch (shape) {
		case 0: case 1: case 2: /* 1..3 words; shape 2 makes the first =exact */
			for (int w = 0; w < nw; w++)
				buf_printf(&q, "%s%s%s", w ? " " : "", !w && shape == 2 ? "=" : "",
				           v.words[(unsigned)rand() % v.n]);
			break;
		case 3: /* a quoted phrase, maybe with a word */
			buf_printf(&q, "\"%s\"", v.phrases[(unsigned)rand() % v.n_ph]);
			if (nw > 1)
				buf_printf(&q, " %s", v.words[(unsigned)rand() % v.n]);
			break;
		case 4: /* OR */
			buf_printf(&q, "%s OR %s", v.words[(unsigned)rand() % v.n],
			           v.words[(unsigned)rand() % v.n]);
			if (nw > 2)
				buf_printf(&q, " OR %s", v.words[(unsigned)rand() % v.n]);
			break;
		case 6: /* an opener (verb:), with a word, or a plain verb form */
			if (nw == 1)
				buf_printf(&q, "instar %s", v.words[(unsigned)rand() % v.n]);
			else
				buf_printf(&q, "verb:%s", verbs[(unsigned)rand() % 7]);
			if (nw == 3)
				buf_printf(&q, " %s", v.words[(unsigned)rand() % v.n]);
			break;
		case 7: /* prefix* of 1..3 ASCII letters, alone, with a word, in NEAR */
			while (plen < nw && pw[plen] && !((unsigned char)pw[plen] & 0x80))
				plen++;
			buf_printf(&q, "%.*s*", plen ? plen : 1, plen ? pw : "e");
			if (nw == 2)
				buf_printf(&q, " %s", v.words[(unsigned)rand() % v.n]);
			else if (nw == 3) /* the word itself starts with the prefix */
				buf_printf(&q, " NEAR/3 %s", pw);
			break;
		case 8: /* a word without another, alone or with a filter (a lead word) */
			buf_printf(&q, "%s -%s", v.words[(unsigned)rand() % v.n],
			           v.words[(unsigned)rand() % v.n]);
			if (nw == 2)
				buf_printf(&q, " kind:operative");
			else if (nw == 3)
				buf_printf(&q, " session:%d..%d", 1 + rand() % 60, 60 + rand() % 20);
			break;
		default: /* (a OR b) c, and an unquoted run of words */
			if (nw > 1)
				buf_printf(&q, "(%s OR %s) %s", v.words[(unsigned)rand() % v.n],
				           v.words[(unsigned)rand() % v.n],
				           v.words[(unsigned)rand() % v.n]);
			else
				buf_printf(&q, "%s", v.phrases[(unsigned)rand() % v.n_ph]);
			break;
		}
		/* The default ranking: BM25F with the title field; one query in
		 * three in its partial form (an OR of its words), pruned with the
		 * full plan's postings lent to it. */
		ra = run_plan(ix, an, q.data, 10, 0, EVAL_TITLE_WEIGHT_DEFAULT,
		              i % 3 == 2 ? 2 : 0, &a, &na, &eb);
		rb = run_plan(ix, an, q.data, 10, 1, EVAL_TITLE_WEIGHT_DEFAULT,
		              i % 3 == 2, &b, &nb, &eb);
		n_queries++;
		if (ra || rb) {
			harness_fail(h, __FILE__, __LINE__, "%s: %d/%d %s", q.data, ra, rb, eb.msg);
		} else if (na != nb) {
			harness_fail(h, __FILE__, __LINE__, "%s: %zu pruned hits, %zu exhaustive",
			             q.data, na, nb);
		} else {
			for (size_t k = 0; k < na; k++)
				if (a[k].clause != b[k].clause || a[k].score != b[k].score) {
					harness_fail(h, __FILE__, __LINE__,
					             "%s: hit %zu pruned clause %u %.17g, exhaustive clause %u %.17g",
					             q.data, k, a[k].clause, a[k].score, b[k].clause, b[k].score);
					break;
				}
			n_nonempty += na > 0;
			n_full += na == 10;
		}
		free(a);
		free(b);
	}
	CHECK_INT_EQ(h, n_queries, 400);
	/* The queries exercise the pruning: most find something, many fill k. */
	CHECK(h, n_nonempty > 240);
	CHECK(h, n_full > 130);
	/* Most hits' tokens are known to highlighting, and counted exactly. */
	printf("NOTE test_eval: marked positions known for %zu hits\n", hl_known);
	CHECK(h, hl_known > 2000);
	check_partial_fill(h, ix, an, &v, &n_filled);
	CHECK(h, n_filled > 150);
out:
	for (size_t i = 0; i < v.n; i++)
		free(v.words[i]);
	for (size_t i = 0; i < v.n_ph; i++)
		free(v.phrases[i]);
	free(v.words);
	free(v.phrases);
	buf_release(&text);
	buf_release(&q);
	analyzer_free(an);
	index_close(ix);
}

int main(int argc, char **argv)
{
	struct harness h = HARNESS_INIT("test_eval");

	if (test_env_init(&env, "test_eval", argc > 0 ? argv[0] : NULL))
		return 1;
	HARNESS_RUN(&h, test_bm25_word);
	HARNESS_RUN(&h, test_bm25_and_with_bonus);
	HARNESS_RUN(&h, test_bm25_and_orders);
	HARNESS_RUN(&h, test_partial_lent_lookups);
	HARNESS_RUN(&h, test_bm25_phrase);
	HARNESS_RUN(&h, test_bm25_title_field);
	HARNESS_RUN(&h, test_pruned_equals_exhaustive);
	test_env_release(&env);
	return harness_finish(&h);
}
