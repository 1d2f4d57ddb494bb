/* terms.c: the matcher of one word (see terms.h): its terms' postings, or a
 * prefix's merged list, advanced forward; its tf (accent weights, exact
 * forms read from the text); its positions; the opening-verb test; the
 * title field; and its block bounds. */
#include "terms.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clause_kind.h"
#include "format.h"
#include "xalloc.h"

/* A merged matcher's readers, opened on first use and moved to cur. */
static int merged_readers_at(struct query_plan *p, struct matcher *m,
                             struct errbuf *eb)
{
	int rc;

	if (!m->readers)
		m->readers = arena_alloc(&p->mem, m->n_terms * sizeof *m->readers);
	for (size_t i = 0; i < m->n_terms; i++) {
		if (!m->readers_open &&
		    (rc = posting_reader_open(p->ix, m->term_ids[i], &m->readers[i], eb)))
			return rc;
		if (!m->readers_open)
			m->ended[i] = 0;
		if (m->ended[i])
			continue;
		if ((rc = posting_reader_advance(&m->readers[i], m->cur, eb)) < 0)
			return rc;
		m->ended[i] = rc == 1;
	}
	m->readers_open = 1;
	return 0;
}

/* Positions of a terms matcher at its current clause, merged. */
int terms_positions(struct query_plan *p, struct matcher *m,
                    struct errbuf *eb)
{
	int rc;

	if (m->merged && (rc = merged_readers_at(p, m, eb)))
		return rc;
	m->n_pos = 0;
	for (size_t i = 0; i < m->n_terms; i++) {
		const uint32_t *pos;
		size_t n;
		if (m->ended[i] || m->readers[i].clause != m->cur)
			continue;
		if ((rc = posting_reader_positions(&m->readers[i], &pos, &n, eb)))
			return rc;
		m->pos = xgrow(m->pos, &m->pos_cap, m->n_pos + n, sizeof *m->pos);
		memcpy(m->pos + m->n_pos, pos, n * sizeof *pos);
		m->n_pos += n;
	}
	if (m->n_terms > 1)
		terms_pos_sort(m->pos, m->n_pos); /* several terms: disjoint runs */
	return 0;
}

uint64_t terms_count(const struct matcher *m)
{
	uint64_t n = 0;

	if (m->merged)
		return m->mat < m->n_merged && m->mids[m->mat] == m->cur ? m->mtfs[m->mat] : 0;
	for (size_t i = 0; i < m->n_terms; i++)
		if (!m->ended[i] && m->readers[i].clause == m->cur)
			n += posting_reader_tf(&m->readers[i]);
	return n;
}

void terms_pos_sort(uint32_t *pos, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t v = pos[i];
		size_t j = i;
		while (j && pos[j - 1] > v) {
			pos[j] = pos[j - 1];
			j--;
		}
		pos[j] = v;
	}
}

/* The tf of a terms matcher at cur: its terms' tfs, each times its
 * weight when the word was typed with accents (see struct matcher). */
double terms_tf(const struct matcher *m)
{
	double tf = 0;

	if (m->merged)
		return (double)terms_count(m); /* a merged list has no weights or exact forms */
	if (m->exact)
		return m->exact_tf;
	for (size_t i = 0; i < m->n_terms; i++)
		if (!m->ended[i] && m->readers[i].clause == m->cur)
			tf += posting_reader_tf(&m->readers[i]) * (m->weights ? m->weights[i] : 1.0);
	return tf;
}

/* Counts the tokens at the matcher's positions that have its exact form. */
struct exact_count {
	const struct matcher *m;
	uint32_t n;
};

static int exact_token(void *ctx, const struct token *t)
{
	struct exact_count *e = ctx;

	if (strcmp(t->folded, e->m->exact) == 0 &&
	    terms_pos_contains(e->m->pos, e->m->n_pos, t->position))
		e->n++;
	return 0;
}

/* m->exact_tf: the occurrences of m's terms at cur whose token in the
 * clause text has m's exact form. */
static int exact_occurrences(struct query_plan *p, struct matcher *m,
                             struct errbuf *eb)
{
	struct exact_count e = { m, 0 };
	int rc;

	buf_reset(&p->text);
	if ((rc = terms_positions(p, m, eb)) ||
	    (rc = index_clause_text(p->ix, m->cur, &p->text, eb)))
		return rc;
	analyzer_run(p->an, p->text.data ? p->text.data : "", p->text.len, 0,
	             exact_token, &e);
	m->exact_tf = e.n;
	return 0;
}

/* *ok = 1 if one of m->pos (a word's positions, a phrase's starts) is
 * clause d's opening verb. */
int terms_at_verb(struct query_plan *p, const struct matcher *m, uint32_t d,
                  int *ok, struct errbuf *eb)
{
	struct clause_info ci;
	int rc = index_clause(p->ix, d, &ci, eb);

	*ok = 0;
	if (rc)
		return rc;
	for (size_t i = 0; ci.verb_pos != NO_POSITION && i < m->n_pos; i++)
		if (m->pos[i] == ci.verb_pos)
			*ok = 1;
	return 0;
}

/* The first block of a merged list from block b on whose last id is >=
 * target (n_blocks when none). */
static size_t merged_block(const struct matcher *m, size_t b, uint32_t target)
{
	size_t n_blocks = (m->n_merged + CODEC_BLOCK - 1) / CODEC_BLOCK;

	while (b < n_blocks) {
		size_t last = (b + 1) * CODEC_BLOCK < m->n_merged ? (b + 1) * CODEC_BLOCK - 1
		                                                 : m->n_merged - 1;
		if (m->mids[last] >= target)
			break;
		b++;
	}
	return b;
}

/* terms_advance of a prefix's list, or of a word of several terms, an
 * exact form or an opening verb. Not inlined, so that terms_advance's
 * path for a plain word needs no stack frame. */
__attribute__((noinline))
static int terms_advance_some(struct query_plan *p, struct matcher *m, uint32_t target,
                              struct errbuf *eb)
{
	if (m->merged) {
		size_t b = merged_block(m, m->mat / CODEC_BLOCK, target);
		if (b * CODEC_BLOCK > m->mat)
			m->mat = b * CODEC_BLOCK;
		while (m->mat < m->n_merged && m->mids[m->mat] < target)
			m->mat++;
		m->cur = m->mat < m->n_merged ? m->mids[m->mat] : M_END;
		return 0;
	}
	for (;;) {
		uint32_t best = M_END;
		for (size_t i = 0; i < m->n_terms; i++) {
			int rc;
			if (m->ended[i])
				continue;
			rc = posting_reader_advance(&m->readers[i], target, eb);
			if (rc < 0)
				return rc;
			if (rc == 1)
				m->ended[i] = 1;
			else if (m->readers[i].clause < best)
				best = m->readers[i].clause;
		}
		m->cur = best;
		if (best != M_END && m->exact) {
			int rc = exact_occurrences(p, m, eb);
			if (rc || m->exact_tf)
				return rc;
			target = best + 1;
			continue;
		}
		if (best == M_END || !m->verb_only)
			return 0;
		int rc = terms_positions(p, m, eb), ok;
		if (rc || (rc = terms_at_verb(p, m, best, &ok, eb)) || ok)
			return rc;
		target = best + 1;
	}
}

int terms_advance(struct query_plan *p, struct matcher *m, uint32_t target,
                  struct errbuf *eb)
{
	int rc;

	if (m->n_terms != 1 || m->merged || m->exact || m->verb_only)
		return terms_advance_some(p, m, target, eb);
	/* Most words: one term's reader, moved without a loop over terms
	 * and without a frame, which cost an AND's moves a fifth of their
	 * instructions (bamemiento órganos, 100 MiB). */
	rc = m->ended[0] ? 1 : posting_reader_advance(&m->readers[0], target, eb);
	if (rc < 0)
		return rc;
	m->ended[0] = rc == 1;
	m->cur = rc ? M_END : m->readers[0].clause;
	return 0;
}

int terms_can_keep(const struct matcher *m)
{
	return m->type == M_TERMS && m->scoring && (m->n_terms == 1 || m->merged) &&
	       !m->exact && !m->verb_only;
}

/* What terms_advance_keep tests: a word's score bound at a clause of tf
 * tf and len tokens, computed as eval.c's matcher_score_bound computes
 * it, plus what the lazy kids of m->keep_or may add at a clause of that
 * length, beats kth. */
struct keep_test {
	struct query_plan *p;
	struct matcher *m;
	double kth;
};

/* What the lazy kids of m->keep_by_len may add at a clause of len tokens.
 * Out of line, so that keep_beats stays small enough to be inlined where
 * it is asked most: inlined, it made a common word's query 2% dearer. */
static __attribute__((noinline)) double keep_len_bounds(struct query_plan *p,
                                                        const struct matcher *m,
                                                        uint32_t len)
{
	double b = 0;

	for (uint64_t by_len = m->keep_by_len; by_len; by_len &= by_len - 1)
		b += terms_len_bound(p, m->keep_or->kids[__builtin_ctzll(by_len)], len);
	return b;
}

static inline int keep_beats(const struct keep_test *k, uint32_t tf, uint32_t len)
{
	const struct matcher *m = k->m;
	double b = m->idf * bm25f_tf_part(&k->p->bm, tf, len,
	                                  k->p->title_open ? m->title_max : 0) + m->keep_lazy;

	if (m->keep_by_len)
		b += keep_len_bounds(k->p, m, len);
	return b * BOUND_SLACK > k->kth;
}

/* Forget m's keep lengths, which were those of other lazy kids, and find
 * m->keep_by_len and keep_lazy for the lazy kids of or (NULL: none). A
 * kid is bounded at each clause's length only once every kid is needed
 * (or->conjunctive: then m's keep scan is most of the evaluation), and
 * only when m has several times more postings to pass over than the kid
 * has bound pairs (KEEP_POSTINGS_PER_PAIR), which terms_len_bound reads
 * once, ~20 instructions a pair: not in a rare word's first pass among
 * common ones, where it cost up to a fifth of the query. Out of line:
 * inlined, it cost terms_advance_keep 1% of an OR query. */
#define KEEP_POSTINGS_PER_PAIR 4
static __attribute__((noinline)) void keep_reset(struct matcher *m, struct matcher *or)
{
	for (size_t tf = 0; tf < TERMS_KEEP_TFS; tf++) {
		m->keep_len[tf] = CLAUSE_MAX_TOKENS + 1;
		m->keep_kth[tf] = -1;
	}
	m->keep_now_kth = NAN;
	m->keep_or = or;
	m->keep_gen = or ? or->lazy_gen : 0;
	m->keep_by_len = 0;
	m->keep_lazy = 0;
	for (size_t i = 0; or && i < or->n_kids; i++) {
		const struct matcher *j = or->kids[i];
		if (!j->lazy || j->excluded)
			continue;
		if (i < 64 && or->conjunctive &&
		    (j->len_known || j->n_terms != 1 || j->merged ||
		     m->df >= (double)j->readers[0].n_blocks * BLOCK_MAX_BOUNDS *
		              KEEP_POSTINGS_PER_PAIR))
			m->keep_by_len |= (uint64_t)1 << i;
		else
			m->keep_lazy += j->max_score;
	}
}

/* The length below which clauses of tf tf beat kth (the bound shrinks as
 * the length grows), searched down from the one found for a lower kth:
 * the k-th score only rises during an evaluation, so it moves little. */
static uint32_t keep_len(const struct keep_test *k, uint32_t tf)
{
	struct matcher *m = k->m;
	int64_t hi = m->keep_kth[tf] <= k->kth ? m->keep_len[tf] : CLAUSE_MAX_TOKENS + 1;
	int64_t lo = -1, step = 1;

	/* Every length >= hi fails; gallop down to one that passes. */
	while (hi - step >= 0 && !keep_beats(k, tf, (uint32_t)(hi - step))) {
		hi -= step;
		step *= 2;
	}
	if (hi - step >= 0)
		lo = hi - step;
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		if (keep_beats(k, tf, (uint32_t)mid))
			lo = mid;
		else
			hi = mid;
	}
	m->keep_len[tf] = m->keep_now[tf] = (uint32_t)hi;
	m->keep_kth[tf] = k->kth;
	return (uint32_t)hi;
}

/* The keep test of a posting whose tf has no length in m->keep_now yet
 * (found and put there), or is too large to have one; the others are
 * tested by posting_reader_advance_keep itself against keep_now, where
 * a call for every posting a keep scan passed was 7% of the
 * instructions of mundial trabajo papoteía on 100 MiB. */
static int keep_posting(void *ctx, uint32_t tf, uint32_t len)
{
	const struct keep_test *k = ctx;

	if (tf >= TERMS_KEEP_TFS)
		return keep_beats(k, tf, len);
	return len < keep_len(k, tf);
}

/* posting_reader_advance_keep over a prefix's merged list: from the
 * first posting >= target on (the current one too), each block whose
 * bound pair (largest tf, shortest clause) keep rejects passed whole. */
static void merged_advance_keep(struct matcher *m, uint32_t target,
                                const struct posting_keep *keep)
{
	size_t n = m->n_merged, b = merged_block(m, m->mat / CODEC_BLOCK, target);
	size_t i = b * CODEC_BLOCK > m->mat ? b * CODEC_BLOCK : m->mat;

	while (i < n && m->mids[i] < target)
		i++;
	for (; i < n; b++) {
		size_t end = (b + 1) * CODEC_BLOCK < n ? (b + 1) * CODEC_BLOCK : n;
		if (posting_keeps(keep, m->mblock_tf[b], m->mblock_len[b]))
			for (; i < end; i++)
				if (posting_keeps(keep, m->mtfs[i], m->mlens[i]))
					goto kept;
		i = end;
	}
kept:
	m->mat = i;
	m->cur = i < n ? m->mids[i] : M_END;
}

int terms_advance_keep(struct query_plan *p, struct matcher *m, uint32_t target,
                       double kth, struct matcher *or, struct errbuf *eb)
{
	struct keep_test k = { p, m, kth };
	struct posting_keep keep = { keep_posting, &k, m->keep_now, TERMS_KEEP_TFS };
	int rc;

	if (m->started && m->cur == M_END)
		return 0;
	m->started = 1;
	if (m->keep_or != or || (or && m->keep_gen != or->lazy_gen))
		keep_reset(m, or);
	if (!(m->keep_now_kth == kth)) {
		for (size_t tf = 0; tf < TERMS_KEEP_TFS; tf++)
			m->keep_now[tf] = m->keep_kth[tf] == kth ? m->keep_len[tf] : POSTING_KEEP_ASK;
		m->keep_now_kth = kth;
	}
	if (m->merged) {
		merged_advance_keep(m, target, &keep);
		return 0;
	}
	/* From the current posting on, which is tested too. */
	rc = posting_reader_advance_keep(&m->readers[0], target, &keep, eb);
	if (rc < 0)
		return rc;
	m->ended[0] = rc == 1;
	m->cur = rc == 1 ? M_END : m->readers[0].clause;
	return 0;
}

int terms_pos_contains(const uint32_t *pos, size_t n, uint32_t v)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pos[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && pos[lo] == v;
}

/* The title clause of clause d's resolution, or M_END (it has none, or d
 * is that title); the index remembers it per document. */
static int title_of(struct query_plan *p, uint32_t d, uint32_t *title,
                    struct errbuf *eb)
{
	uint32_t doc;
	int rc;

	if (p->title_for != d) { /* each word of a hit asks for the same d */
		if ((rc = index_clause_doc(p->ix, d, &doc, eb)))
			return rc;
		if (p->title_doc != doc) {
			if ((rc = index_doc_title(p->ix, doc, &p->title_clause, eb)))
				return rc;
			p->title_doc = doc;
		}
		p->title_for = d;
	}
	*title = p->title_clause == d ? M_END : p->title_clause;
	return 0;
}

/* The tf of a terms matcher's terms in the title of clause d's resolution
 * (0 when the title field is off). Title clauses come in clause order as
 * d does, so the title readers only move forward. */
int terms_title_tf(struct query_plan *p, struct matcher *m, uint32_t d,
                   uint32_t *tf, struct errbuf *eb)
{
	uint32_t t;
	int rc;

	*tf = 0;
	if (!m->title_max) /* in no title of the index */
		return 0;
	if (!p->title_open || (rc = title_of(p, d, &t, eb)))
		return p->title_open ? rc : 0;
	if (t == M_END)
		return 0;
	if (t == m->title_seen) {
		*tf = m->title_seen_tf;
		return 0;
	}
	if (m->merged) {
		while (m->mtitle_at < m->n_merged && m->mids[m->mtitle_at] < t)
			m->mtitle_at++;
		if (m->mtitle_at < m->n_merged && m->mids[m->mtitle_at] == t)
			*tf = m->mtfs[m->mtitle_at];
		return 0;
	}
	for (size_t i = 0; i < m->n_terms; i++) {
		struct posting_reader *r = &m->title_readers[i];
		uint32_t at;
		/* Mostly in the block the clause reader holds, decoded. */
		if (!m->ended[i] && posting_reader_tf_at(&m->readers[i], t, &at)) {
			*tf += at;
			continue;
		}
		if (m->title_ended[i])
			continue;
		if ((rc = posting_reader_advance(r, t, eb)) < 0)
			return rc;
		if (rc == 1)
			m->title_ended[i] = 1;
		else if (r->clause == t)
			*tf += posting_reader_tf(r);
	}
	m->title_seen = t;
	m->title_seen_tf = *tf;
	return 0;
}

/* Bound of a terms matcher's tf and length over the blocks holding
 * target; *boundary is the first clause past those blocks. */
int terms_block(struct matcher *m, uint32_t target, double *max_tf,
                double *min_len, uint32_t *boundary)
{
	int any = 0;

	*max_tf = 0;
	*min_len = INFINITY;
	*boundary = M_END;
	if (m->merged) {
		size_t b = merged_block(m, m->mat / CODEC_BLOCK, target), last;
		if (b * CODEC_BLOCK >= m->n_merged)
			return 0;
		last = (b + 1) * CODEC_BLOCK < m->n_merged ? (b + 1) * CODEC_BLOCK - 1
		                                          : m->n_merged - 1;
		*max_tf = m->mblock_tf[b];
		*min_len = m->mblock_len[b];
		*boundary = m->mids[last] + 1;
		return 1;
	}
	for (size_t i = 0; i < m->n_terms; i++) {
		struct posting_reader *r = &m->readers[i];
		if (m->ended[i] || posting_reader_skip_block(r, target))
			continue;
		any = 1;
		*max_tf += posting_reader_block_max_tf(r);
		if (posting_reader_block_min_len(r) < *min_len)
			*min_len = posting_reader_block_min_len(r);
		if (posting_reader_block_last(r) + 1 < *boundary)
			*boundary = posting_reader_block_last(r) + 1;
	}
	return any;
}

/* The title tf a bound of m counts: a scoring word's largest, when titles
 * are read. */
static double title_tf_bound(const struct query_plan *p, const struct matcher *m)
{
	return m->scoring && p->title_open ? m->title_max : 0;
}

/* The best tf part of m's bound pairs of block k of r (one of m's
 * readers), title field at its largest. */
static double pairs_bound(struct query_plan *p, const struct matcher *m,
                          const struct posting_reader *r, uint32_t k)
{
	const uint32_t *tf, *len;
	size_t n = posting_reader_bounds_of(r, k, &tf, &len);
	double b = 0, title = title_tf_bound(p, m);

	for (size_t i = 0; i < n; i++) {
		double x = bm25f_tf_part(&p->bm, tf[i], len[i], title);
		b = x > b ? x : b;
	}
	return b;
}

/* The best tf part any clause of a terms matcher's current blocks can get
 * (terms_block has positioned them): one term, the best of its block's
 * bound pairs; several, their summed max tf at their shortest length; a
 * scoring word adds its title field at its largest title tf. */
double terms_tf_bound(struct query_plan *p, struct matcher *m,
                      double max_tf, double min_len)
{
	if (m->n_terms != 1 || m->merged)
		return bm25f_tf_part(&p->bm, max_tf, min_len, title_tf_bound(p, m));
	if (m->bound_block == m->readers[0].block)
		return m->bound_value;
	m->bound_block = m->readers[0].block;
	m->bound_value = pairs_bound(p, m, &m->readers[0], m->bound_block);
	return m->bound_value;
}

/* A prefix's list, or several terms: the largest tf a clause may have
 * (the terms' largest summed) and in *min_len the shortest clause. */
static double summed_max_tf(const struct matcher *m, double *min_len)
{
	double max_tf = 0;

	*min_len = INFINITY;
	if (m->merged) {
		for (size_t b = 0; b * CODEC_BLOCK < m->n_merged; b++) {
			max_tf = m->mblock_tf[b] > max_tf ? m->mblock_tf[b] : max_tf;
			*min_len = m->mblock_len[b] < *min_len ? m->mblock_len[b] : *min_len;
		}
		return max_tf;
	}
	for (size_t i = 0; i < m->n_terms; i++) {
		uint32_t len = posting_reader_min_len(&m->readers[i]);
		max_tf += posting_reader_max_tf(&m->readers[i]);
		*min_len = len < *min_len ? len : *min_len;
	}
	return max_tf;
}

double terms_max_score(struct query_plan *p, const struct matcher *m)
{
	double max_tf, min_len, best = 0;

	if (!m->scoring)
		return 0;
	if (m->n_terms == 1 && !m->merged) {
		/* The best of every block's bound pairs (tf and length that
		 * one posting may reach together), tighter than the largest
		 * tf at the shortest length, which may be two postings':
		 * MaxScore (eval.c) then finds more words that cannot reach
		 * the k-th hit. A pair with no larger tf and no shorter
		 * length than the best one so far cannot beat it (bm25.h), and
		 * most pairs of a common word's blocks are such: the formula
		 * is computed for the others only. */
		const struct posting_reader *r = &m->readers[0];
		uint32_t best_tf = 0, best_len = 0;
		for (uint32_t k = 0; k < r->n_blocks; k++) {
			const uint32_t *tf, *len;
			size_t n = posting_reader_bounds_of(r, k, &tf, &len);
			for (size_t i = 0; i < n; i++) {
				double x;
				if (tf[i] <= best_tf && len[i] >= best_len)
					continue;
				x = bm25f_tf_part(&p->bm, tf[i], len[i], title_tf_bound(p, m));
				if (x > best) {
					best = x;
					best_tf = tf[i];
					best_len = len[i];
				}
			}
		}
		return m->idf * best;
	}
	max_tf = summed_max_tf(m, &min_len);
	if (max_tf == 0)
		return 0;
	return m->idf * bm25f_tf_part(&p->bm, max_tf, min_len,
	                              p->title_open ? m->title_max : 0);
}

/* m->max_tf, tf_min_len and tf_peak: for one term, from every bound pair
 * of its blocks (a posting of tf t at a clause of len tokens has a pair of
 * tf >= t and length <= len); for several, or a prefix's list, their
 * largest tfs summed, at any length. */
static void len_bound_prepare(struct query_plan *p, struct matcher *m)
{
	uint32_t *at = m->tf_min_len;

	m->len_known = 1;
	m->max_tf = 0;
	for (size_t t = 0; t <= TERMS_KEEP_TFS; t++)
		at[t] = UINT32_MAX;
	if (m->n_terms == 1 && !m->merged) {
		const struct posting_reader *r = &m->readers[0];
		uint32_t top = 0;
		for (uint32_t k = 0; k < r->n_blocks; k++) {
			const uint32_t *tf, *len;
			size_t n = posting_reader_bounds_of(r, k, &tf, &len);
			for (size_t i = 0; i < n; i++) {
				uint32_t t = tf[i] < TERMS_KEEP_TFS ? tf[i] : TERMS_KEEP_TFS;
				at[t] = len[i] < at[t] ? len[i] : at[t];
				top = tf[i] > top ? tf[i] : top;
			}
		}
		m->max_tf = top;
		/* a pair of tf t also reaches every smaller tf */
		for (size_t t = TERMS_KEEP_TFS; t > 0; t--)
			at[t - 1] = at[t] < at[t - 1] ? at[t] : at[t - 1];
	} else {
		double min_len;
		m->max_tf = summed_max_tf(m, &min_len);
		for (size_t t = 0; t <= TERMS_KEEP_TFS && t <= m->max_tf; t++)
			at[t] = 0;
	}
	/* tf_peak[t]: the best of the tfs >= t at the shortest clause each
	 * may have, so that a bound at a length also covers the longer
	 * clauses where a larger tf begins (terms_len_bound) */
	for (size_t t = TERMS_KEEP_TFS + 1; t-- > 0;) {
		double tf = t == TERMS_KEEP_TFS ? m->max_tf : (double)t, peak = 0;
		if (at[t] != UINT32_MAX && tf > 0)
			peak = m->idf * bm25f_tf_part(&p->bm, tf, at[t], title_tf_bound(p, m));
		m->tf_peak[t] = t < TERMS_KEEP_TFS && m->tf_peak[t + 1] > peak ? m->tf_peak[t + 1]
		                                                                  : peak;
	}
}

double terms_len_bound(struct query_plan *p, struct matcher *m, double len)
{
	double tf, b = 0;
	size_t t = 0;

	if (!m->len_known)
		len_bound_prepare(p, m);
	/* the largest t reached at len or shorter (tf_min_len ascends) */
	while (t < TERMS_KEEP_TFS && m->tf_min_len[t + 1] <= len)
		t++;
	tf = t == TERMS_KEEP_TFS ? m->max_tf : (double)t;
	if (tf > 0)
		b = m->idf * bm25f_tf_part(&p->bm, tf, len, title_tf_bound(p, m));
	/* A larger tf may begin at a longer clause and score more there: the
	 * bound must not grow with the length (terms_advance_keep searches
	 * the length below which a clause can win). */
	if (t < TERMS_KEEP_TFS && m->tf_peak[t + 1] > b)
		b = m->tf_peak[t + 1];
	return b < m->max_score ? b : m->max_score;
}
