/* eval.c: matchers over the index and top-k evaluation (see eval.h).
 *
 * Every matcher has a current clause `cur` (M_END when exhausted) and moves
 * only forward: matcher_advance(m, t) puts it on the first clause >= t that
 * it matches in full (phrase positions, exclusions and filters included).
 * matcher_score scores the current clause; matcher_bound bounds the score of
 * every clause from t up to a boundary, from the (tf, length) bound pairs
 * the index stores per block, which is what lets top-k skip whole blocks.
 * The matcher of one word (M_TERMS) lives in terms.c. */
#include "_eval.h"
#include "terms.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clause_kind.h"
#include "format.h"
#include "smallsort.h"
#include "xalloc.h"

/* ---- advancing ---- */

static int matcher_advance(struct query_plan *p, struct matcher *m,
                           uint32_t target, struct errbuf *eb);

/* 1 if m need not move to stand on or past target. */
static int matcher_past(const struct matcher *m, uint32_t target)
{
	return m->started && (m->cur == M_END || m->cur >= target);
}


/* Move every kid to one common clause >= target. kids[0] (the cheapest,
 * struct matcher align) proposes a clause; each next kid is moved there
 * only once every kid before it agreed, and a kid standing past it sends
 * kids[0] on: a common word is asked only about the clauses the rarer
 * ones share (Lucene's ConjunctionDISI). */
static int align_kids(struct query_plan *p, struct matcher **kids, size_t n,
                      uint32_t target, uint32_t *out, struct errbuf *eb)
{
	uint32_t d = target;
	size_t i = 0;

	while (i < n) {
		/* A word is moved by terms_advance itself, or within its
		 * decoded block here: through matcher_advance's frame, a
		 * recursive function's, an AND's moves took a tenth more
		 * instructions (bamemiento órganos, 100 MiB). */
		int rc = matcher_past(kids[i], d) ? 0
		         : kids[i]->type == M_TERMS
		           ? (kids[i]->started = 1,
		              terms_advance_in_block(kids[i], d) ? 0 : terms_advance(p, kids[i], d, eb))
		         : matcher_advance(p, kids[i], d, eb);
		if (rc)
			return rc;
		if (kids[i]->cur == M_END) {
			*out = M_END;
			return 0;
		}
		if (kids[i]->cur > d) {
			d = kids[i]->cur;
			i = i ? 0 : 1; /* past d: the proposal starts again */
		} else {
			i++;
		}
	}
	*out = d;
	return 0;
}


/* Start positions where the slots stand in order, into m->pos. */
/* The matcher whose positions stand for phrase slot k at clause d: the
 * AND's word of the same terms if it stands there (struct matcher same),
 * else k. */
static struct matcher *slot_at(struct matcher *k, uint32_t d)
{
	return k->same && k->same->started && k->same->cur == d ? k->same : k;
}

/* 1 if the root phrase m, its slots standing at d, cannot enter the top
 * k there: its tf is at most any slot's tf, and the score of the least
 * does not beat the k-th hit's (struct query_plan prune_kth). Its
 * positions are then not read: "creación de capacidad" is in each of the
 * 17,993 clauses holding creación on the generated 100 MiB corpus, and
 * reading the three words' positions at each (de's dozens a clause) was
 * more than half of its 14.8M instructions. The slots are asked in align
 * order, the rarest first, so a common slot's tfs are mostly not
 * decoded. */
static int phrase_cannot_enter(struct query_plan *p, struct matcher *m, uint32_t d)
{
	double len;

	if (p->prune_kth == -INFINITY)
		return 0;
	len = index_clause_len(p->ix, d);
	for (size_t i = 0; i < m->n_kids; i++)
		if (m->idf * bm25_tf_part(&p->bm, (double)terms_count(m->align[i]), len) *
		    BOUND_SLACK <= p->prune_kth)
			return 1;
	return 0;
}

static int phrase_match(struct query_plan *p, struct matcher *m,
                        struct errbuf *eb)
{
	int rc;

	for (size_t i = 0; i < m->n_kids; i++)
		if ((rc = terms_positions(p, slot_at(m->kids[i], m->cur), eb)))
			return rc;
	m->n_pos = 0;
	for (size_t j = 0; j < slot_at(m->kids[0], m->cur)->n_pos; j++) {
		uint32_t start = slot_at(m->kids[0], m->cur)->pos[j];
		size_t i = 1;
		while (i < m->n_kids &&
		       terms_pos_contains(slot_at(m->kids[i], m->cur)->pos,
		                          slot_at(m->kids[i], m->cur)->n_pos, start + (uint32_t)i))
			i++;
		if (i == m->n_kids) {
			m->pos = xgrow(m->pos, &m->pos_cap, m->n_pos + 1, sizeof *m->pos);
			m->pos[m->n_pos++] = start;
		}
	}
	m->tf = (uint32_t)m->n_pos;
	return 0;
}

/* Tokens a kid of NEAR covers from one of its start positions. */
static uint32_t near_len(const struct matcher *k)
{
	return k->type == M_PHRASE ? (uint32_t)k->n_kids : 1;
}

struct near_event {
	uint32_t start, end; /* first and last token */
	size_t kid;
};

static int near_event_cmp(const void *a, const void *b)
{
	const struct near_event *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

/* 1 if one occurrence of every kid fits a window in which at most
 * m->distance tokens separate the occurrences. */
static int near_match(struct query_plan *p, struct matcher *m,
                      struct errbuf *eb, int *ok)
{
	struct near_event *ev = NULL;
	size_t n = 0, cap = 0, *count = xcalloc(m->n_kids, sizeof *count);
	int rc = 0;

	*ok = 0;
	for (size_t i = 0; i < m->n_kids && !rc; i++) {
		struct matcher *k = m->kids[i];
		if (k->type == M_TERMS && (rc = terms_positions(p, k, eb)))
			break;
		for (size_t j = 0; j < k->n_pos; j++) {
			ev = xgrow(ev, &cap, n + 1, sizeof *ev);
			ev[n++] = (struct near_event){ k->pos[j], k->pos[j] + near_len(k) - 1, i };
		}
	}
	if (rc || n < m->n_kids)
		goto out; /* an error, or too few occurrences to hold every kid */
	qsort(ev, n, sizeof *ev, near_event_cmp);
	/* Sliding window over events sorted by start, all kids inside. */
	for (size_t lo = 0, hi = 0, have = 0; hi < n && !rc; hi++) {
		if (count[ev[hi].kid]++ == 0)
			have++;
		while (have == m->n_kids) {
			uint32_t last_start = ev[hi].start, first_end = ev[lo].end;
			uint32_t gap = last_start > first_end ? last_start - first_end - 1 : 0;
			if (gap <= (uint32_t)m->distance) {
				*ok = 1;
				break;
			}
			if (--count[ev[lo].kid] == 0)
				have--;
			lo++;
		}
		if (*ok)
			break;
	}
out:
	free(ev);
	free(count);
	return rc;
}


static int filter_advance(struct query_plan *p, struct matcher *m,
                          uint32_t target, struct errbuf *eb)
{
	uint32_t n = index_stats(p->ix)->n_clauses;

	if (m->field == QF_CITES) {
		/* The first citing clause >= target, by binary search. */
		size_t lo = 0, hi = m->n_citing;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (m->citing[mid] < target)
				lo = mid + 1;
			else
				hi = mid;
		}
		m->cur = lo < m->n_citing ? m->citing[lo] : M_END;
		return 0;
	}
	for (uint32_t d = index_live_from(p->ix, target); d < n;
	     d = index_live_from(p->ix, d)) {
		const struct doc_info *di;
		unsigned kind;
		uint32_t doc;
		int ok, rc;
		if (m->field == QF_KIND) {
			if ((rc = index_clause_kind_doc(p->ix, d, &kind, &doc, eb)))
				return rc;
			if ((int)kind == m->kind) {
				m->cur = d;
				return 0;
			}
			d++;
			continue;
		}
		if ((rc = plan_clause_doc(p, d, &di, eb)))
			return rc;
		if (m->field == QF_SESSION) {
			ok = di->session >= m->lo && di->session <= m->hi;
		} else if (m->field == QF_YEAR) {
			ok = di->date && di->date / 10000 >= m->lo && di->date / 10000 <= m->hi;
		} else {
			char *s = di->symbol ? symbol_normalise(di->symbol) : NULL;
			ok = s && strcmp(s, m->symbol) == 0;
			free(s);
		}
		if (ok) {
			m->cur = d;
			return 0;
		}
		/* A document-level test fails for the rest of the document. */
		d = di->first_clause + di->n_clauses > d ? di->first_clause + di->n_clauses : d + 1;
	}
	m->cur = M_END;
	return 0;
}

static int matcher_advance(struct query_plan *p, struct matcher *m,
                           uint32_t target, struct errbuf *eb)
{
	int rc = 0;

	if (matcher_past(m, target))
		return 0;
	m->started = 1;
	switch (m->type) {
	case M_TERMS:
		return terms_advance(p, m, target, eb);
	case M_ALL:
		target = index_live_from(p->ix, target);
		m->cur = target < index_stats(p->ix)->n_clauses ? target : M_END;
		return 0;
	case M_FILTER:
		return filter_advance(p, m, target, eb);
	case M_OR: {
		uint32_t best = M_END;
		for (size_t i = 0; i < m->n_kids; i++) {
			struct matcher *k = m->kids[i];
			if (k->lazy || k->excluded)
				continue; /* moved when a clause is scored */
			/* Tested here, not by a call: most kids of a MaxScore
			 * OR stand past the clause the last one proposed. A
			 * word is moved by terms_advance itself, as in
			 * align_kids. */
			if (!matcher_past(k, target) &&
			    (rc = k->type == M_TERMS ? (k->started = 1, terms_advance(p, k, target, eb))
			                             : matcher_advance(p, k, target, eb)))
				return rc;
			if (k->cur < best)
				best = k->cur;
		}
		m->cur = best;
		return 0;
	}
	case M_PHRASE:
	case M_NEAR:
	case M_AND:
		for (;;) {
			uint32_t d;
			int ok = 1;
			if ((rc = align_kids(p, m->align, m->n_kids, target, &d, eb)))
				return rc;
			m->cur = d;
			if (d == M_END)
				return 0;
			if (m->type == M_PHRASE) {
				if (m == p->root && phrase_cannot_enter(p, m, d)) {
					m->tf = 0; /* not checked: top k drops d */
					return 0;
				}
				if ((rc = phrase_match(p, m, eb)))
					return rc;
				ok = m->tf > 0;
				if (ok && m->verb_only && (rc = terms_at_verb(p, m, d, &ok, eb)))
					return rc;
			} else if (m->type == M_NEAR) {
				if ((rc = near_match(p, m, eb, &ok)))
					return rc;
			}
			for (size_t i = 0; ok && i < m->n_negs; i++) {
				if ((rc = matcher_advance(p, m->negs[i], d, eb)))
					return rc;
				if (m->negs[i]->cur == d)
					ok = 0;
			}
			if (ok)
				return 0;
			target = d + 1;
		}
	}
	return rc;
}

/* *at = 1 if the optional matcher m (a phrase bonus) matches clause d,
 * where its AND stands: a phrase's words are moved to d and its
 * positions read there, and no further. Moving it to its next match
 * from d instead, as matcher_advance does, would check every later
 * clause holding all its words, most of which the AND never scores.
 * Afterwards m stands at d if it matched; if not it is left unstarted,
 * since its cur no longer says where its next match is. */
static int matcher_at(struct query_plan *p, struct matcher *m, uint32_t d,
                      int *at, struct errbuf *eb)
{
	int rc;

	*at = 0;
	if (m->type != M_PHRASE || m->verb_only || m->n_negs) {
		if ((rc = matcher_advance(p, m, d, eb)))
			return rc;
		*at = m->cur == d;
		return 0;
	}
	if (m->started && m->cur >= d) {
		*at = m->cur == d;
		return 0;
	}
	m->started = 0;
	for (size_t i = 0; i < m->n_kids; i++) {
		struct matcher *k = m->align[i];
		if (slot_at(k, d) != k)
			continue; /* its AND's word stands at d */
		if ((rc = matcher_advance(p, k, d, eb)))
			return rc;
		if (k->cur != d)
			return 0;
	}
	m->cur = d;
	if ((rc = phrase_match(p, m, eb)))
		return rc;
	m->started = *at = m->tf > 0;
	return 0;
}

/* ---- scoring ---- */

static int matcher_score(struct query_plan *p, struct matcher *m, uint32_t d,
                         double len, double *score, struct errbuf *eb);

/* The score of m's kids at d, a clause of len tokens (not its optional
 * bonus). */
static int kids_score(struct query_plan *p, struct matcher *m, uint32_t d,
                      double len, double *score, struct errbuf *eb)
{
	double s = 0, ks;
	int rc;

	for (size_t i = 0; i < m->n_kids; i++) {
		if (m->kids[i]->lazy && (rc = matcher_advance(p, m->kids[i], d, eb)))
			return rc;
		if (m->kids[i]->cur != d)
			continue;
		if ((rc = matcher_score(p, m->kids[i], d, len, &ks, eb)))
			return rc;
		s += ks;
	}
	*score = s;
	return 0;
}


/* Adds to *score the bonus of m's optional phrases that match at d, a
 * clause of len tokens, after its kids' score (kids_score). */
static int opts_score(struct query_plan *p, struct matcher *m, uint32_t d,
                      double len, double *score, struct errbuf *eb)
{
	double ks;
	int rc;

	for (size_t i = 0; i < m->n_opts; i++) {
		int at;
		if ((rc = matcher_at(p, m->opts[i], d, &at, eb)))
			return rc;
		if (!at)
			continue;
		if ((rc = matcher_score(p, m->opts[i], d, len, &ks, eb)))
			return rc;
		*score += ks;
	}
	return 0;
}

/* m's score at d, a clause of len tokens (index_clause_len, read once
 * for the whole tree rather than at every matcher of it). */
static int matcher_score(struct query_plan *p, struct matcher *m, uint32_t d,
                         double len, double *score, struct errbuf *eb)
{
	uint32_t ttf;
	double s = 0;
	int rc;

	switch (m->type) {
	case M_TERMS:
		if (!m->scoring)
			break;
		if ((rc = terms_title_tf(p, m, d, &ttf, eb)))
			return rc;
		s = m->idf * bm25f_tf_part(&p->bm, terms_tf(m), len, ttf);
		break;
	case M_PHRASE:
		if (!m->verb_only)
			s = m->idf * bm25_tf_part(&p->bm, m->tf, len);
		break;
	case M_AND:
	case M_NEAR:
	case M_OR:
		if ((rc = kids_score(p, m, d, len, &s, eb)) ||
		    (rc = opts_score(p, m, d, len, &s, eb)))
			return rc;
		break;
	case M_FILTER:
	case M_ALL:
		break;
	}
	*score = s;
	return 0;
}


/* A word's or a phrase's bound over the blocks of its postings that hold
 * target, and in *boundary the first clause past them (M_END: none). */
static double blocks_bound(struct query_plan *p, struct matcher *m,
                           uint32_t target, uint32_t *boundary)
{
	double b, tf, len;
	uint32_t kb;

	*boundary = M_END;
	if (m->type == M_TERMS) {
		if (!m->scoring || !terms_block(m, target, &tf, &len, boundary))
			return 0;
		return m->idf * terms_tf_bound(p, m, tf, len);
	}
	if (m->verb_only)
		return 0;
	/* A phrase's tf is at most each word's and its clause is covered by
	 * each word's bounds: the tightest word bounds it, and so do the
	 * fewest max tf at the longest min length across words. */
	double min_tf = INFINITY, max_len = 0, best = INFINITY;
	for (size_t i = 0; i < m->n_kids; i++) {
		double slot;
		if (!terms_block(m->kids[i], target, &tf, &len, &kb))
			return 0;
		slot = terms_tf_bound(p, m->kids[i], tf, len);
		best = slot < best ? slot : best;
		min_tf = tf < min_tf ? tf : min_tf;
		max_len = len > max_len ? len : max_len;
		*boundary = kb < *boundary ? kb : *boundary;
	}
	b = bm25_tf_part(&p->bm, min_tf, max_len);
	return m->idf * (best < b ? best : b);
}

/* An upper bound of the score of any clause in [target, *boundary). */
static double matcher_bound(struct query_plan *p, struct matcher *m,
                            uint32_t target, uint32_t *boundary)
{
	double b = 0;
	uint32_t kb;

	if (m->excluded) {
		*boundary = M_END;
		return 0;
	}
	if (m->started && m->cur > target) {
		/* m stands past target, so it matches nothing in [target, cur):
		 * it was last advanced to a target no later than this one (top k
		 * only moves forward, and bounds clauses not yet advanced past).
		 * This is what lets an OR of a rare and a common word inside an
		 * AND with a third word skip the common word's clauses between
		 * two of the rare word's, as MaxScore does for an OR at the
		 * root. */
		*boundary = m->cur;
		return 0;
	}
	*boundary = M_END;
	switch (m->type) {
	case M_TERMS:
	case M_PHRASE:
		/* The blocks holding target hold every clause up to their
		 * boundary, so the bound is the same for all of them: asked at
		 * each candidate (the phrase bonus of two common words' AND at
		 * each of 18,000 on 100 MiB), it is computed once a run. */
		if (target < m->blk_from || target >= m->blk_to) {
			m->blk_bound = blocks_bound(p, m, target, &m->blk_to);
			m->blk_from = target;
		}
		*boundary = m->blk_to;
		return m->blk_bound;
	case M_AND:
	case M_NEAR:
	case M_OR:
		for (size_t i = 0; i < m->n_kids; i++) {
			b += matcher_bound(p, m->kids[i], target, &kb);
			*boundary = kb < *boundary ? kb : *boundary;
		}
		for (size_t i = 0; i < m->n_opts; i++) {
			b += matcher_bound(p, m->opts[i], target, &kb);
			*boundary = kb < *boundary ? kb : *boundary;
		}
		return b;
	case M_FILTER:
	case M_ALL:
		break;
	}
	return 0;
}

static double kid_score_bound(struct query_plan *p, struct matcher *k,
                              uint32_t d, double len);

/* An upper bound of m's score at d, its current clause, of len tokens,
 * from what the matchers already hold there: each word's tf with its
 * title field at its largest, a phrase's tf, and the block bound of
 * optional phrases. No title clause is looked up and no position read,
 * so top k can drop most candidates of two common words before
 * matcher_score does either. */
static double matcher_score_bound(struct query_plan *p, struct matcher *m,
                                  uint32_t d, double len)
{
	double b = 0;
	uint32_t kb;

	switch (m->type) {
	case M_TERMS:
		if (!m->scoring)
			return 0;
		return m->idf * bm25f_tf_part(&p->bm, terms_tf(m), len,
		                              p->title_open ? m->title_max : 0);
	case M_PHRASE:
		return m->verb_only ? 0 : m->idf * bm25_tf_part(&p->bm, m->tf, len);
	case M_AND:
	case M_NEAR:
	case M_OR:
		for (size_t i = 0; i < m->n_kids; i++)
			b += kid_score_bound(p, m->kids[i], d, len);
		for (size_t i = 0; i < m->n_opts; i++)
			b += matcher_bound(p, m->opts[i], d, &kb);
		return b;
	case M_FILTER:
	case M_ALL:
		break;
	}
	return 0;
}

/* What kid k of a matcher standing at d adds to its matcher_score_bound:
 * a lazy kid not yet moved to d its block bound, a kid at d its own. */
static double kid_score_bound(struct query_plan *p, struct matcher *k,
                              uint32_t d, double len)
{
	uint32_t kb;

	if (k->excluded)
		return 0;
	if (k->lazy && (!k->started || k->cur < d))
		return matcher_bound(p, k, d, &kb); /* not moved to d */
	return k->cur == d ? matcher_score_bound(p, k, d, len) : 0;
}

/* ---- top k ---- */

/* Clause d's tokens that the plan's highlight patterns mark, into h's
 * hl_tokens and hl_at (struct eval_hit): the positions of each term set
 * of hl_words, read from one of its words standing at d (most often
 * decoded already, for the phrase bonus), merged; hl_tokens 0 when none
 * of a set's words does (a lazy word not moved to d, a phrase bonus not
 * checked there), whose positions are then not known. */
static int hit_positions(struct query_plan *p, uint32_t d, struct eval_hit *h,
                         struct errbuf *eb)
{
	size_t at = p->n_hl_pos, n;
	int found = 0, rc;

	h->hl_tokens = 0;
	for (size_t i = 0; i < p->n_hl_words; i++) {
		struct matcher *m = p->hl_words[i];
		if (!m) {
			if (!found)
				goto unknown;
			found = 0;
		} else if (!found && m->started && m->cur == d) {
			if ((rc = terms_positions(p, m, eb)))
				return rc;
			p->hl_pos = xgrow(p->hl_pos, &p->hl_pos_cap, p->n_hl_pos + m->n_pos,
			                  sizeof *p->hl_pos);
			memcpy(p->hl_pos + p->n_hl_pos, m->pos, m->n_pos * sizeof *m->pos);
			p->n_hl_pos += m->n_pos;
			found = 1;
		}
	}
	if (p->n_hl_pos == at)
		goto unknown;
	/* each set's positions ascend; sets may share a term */
	terms_pos_sort(p->hl_pos + at, p->n_hl_pos - at);
	n = 1;
	for (size_t i = at + 1; i < p->n_hl_pos; i++)
		if (p->hl_pos[i] != p->hl_pos[at + n - 1])
			p->hl_pos[at + n++] = p->hl_pos[i];
	p->n_hl_pos = at + n;
	h->hl_tokens = (uint32_t)n;
	h->hl_at = (uint32_t)at;
	return 0;
unknown:
	p->n_hl_pos = at;
	return 0;
}

const uint32_t *eval_hit_positions(const struct query_plan *p, const struct eval_hit *h)
{
	return h->hl_tokens ? p->hl_pos + h->hl_at : NULL;
}

/* a ranks below b: lower score, or equal score and later clause. */
static int hit_worse(const struct eval_hit *a, const struct eval_hit *b)
{
	return a->score < b->score || (a->score == b->score && a->clause > b->clause);
}

/* Min-heap on "worse": the root is the hit the next better one replaces. */
static void heap_sift_down(struct eval_hit *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, w = i;
		if (l < n && hit_worse(&h[l], &h[w]))
			w = l;
		if (r < n && hit_worse(&h[r], &h[w]))
			w = r;
		if (w == i)
			return;
		struct eval_hit t = h[i];
		h[i] = h[w];
		h[w] = t;
		i = w;
	}
}

static void heap_push(struct eval_hit *h, size_t *n, size_t k,
                      struct eval_hit hit)
{
	if (*n < k) {
		size_t i = (*n)++;
		h[i] = hit;
		while (i && hit_worse(&h[i], &h[(i - 1) / 2])) {
			struct eval_hit t = h[i];
			h[i] = h[(i - 1) / 2];
			h[(i - 1) / 2] = t;
			i = (i - 1) / 2;
		}
	} else if (hit_worse(&h[0], &hit)) {
		h[0] = hit;
		heap_sift_down(h, *n, 0);
	}
}

static int hit_rank_cmp(const void *a, const void *b)
{
	const struct eval_hit *x = a, *y = b;

	return hit_worse(x, y) ? 1 : hit_worse(y, x) ? -1 : 0;
}

/* Fix BM25's parameters and every matcher's idf for one evaluation. */
static void eval_set_bm25(struct query_plan *p, const struct eval_opts *o)
{
	const struct index_stats *st = index_stats(p->ix);

	p->bm = o->bm25;
	p->bm.title_weight = o->title_weight;
	p->bm.n_clauses = st->n_live_clauses;
	p->bm.avg_len = st->avg_clause_len;
	for (size_t i = 0; i < p->n_all; i++) {
		struct matcher *m = p->all[i];
		m->idf = 0;
		if (m->type == M_TERMS)
			m->idf = bm25_idf(&p->bm, m->df);
		else if (m->type == M_PHRASE)
			for (size_t k = 0; k < m->n_kids; k++)
				m->idf += bm25_idf(&p->bm, m->kids[k]->df);
	}
}

/* *hit = 0 when clause d is boilerplate (clause_kind_is_boilerplate) and
 * neither the query (kind:) nor the options ask for every kind. A query
 * of filters and UN symbols only lists a resolution: all of it. */
static int is_hit(struct query_plan *p, const struct eval_opts *o, uint32_t d,
                  int *hit, struct errbuf *eb)
{
	unsigned kind;
	uint32_t doc;
	int rc;

	*hit = 1;
	if (p->kind_asked || !p->has_words || o->all_kinds)
		return 0;
	if ((rc = index_clause_kind_doc(p->ix, d, &kind, &doc, eb)))
		return rc;
	*hit = !clause_kind_is_boilerplate(kind);
	return 0;
}

/* The root's bound over the run of clauses [start, end) that matcher_bound
 * last returned: every clause of the run lies in the same block of every
 * term, so the bound holds for all of them and is computed once a run.
 * After the matchers moved (moved != 0) it is computed again at clause,
 * even inside the run: a word now standing past clause adds nothing up to
 * its next clause, so the new bound is often lower and its run ends there
 * (an OR of a common word and a mid one, ANDed with a third word, then
 * visits the mid word's clauses, not every clause of the common word).
 * top k does not use it under MaxScore (an OR at the root). */
struct run_bound {
	uint32_t start, end;
	double bound;
};

/* 1 if a matcher of m's tree (kids and optional phrases) stands past
 * clause: only then can a bound computed again at clause be lower. */
static int past_clause(const struct matcher *m, uint32_t clause)
{
	if (m->excluded)
		return 0; /* it bounds nothing wherever it stands */
	if (m->started && m->cur > clause)
		return 1;
	if (m->type == M_PHRASE)
		return 0; /* its slots stand where it does */
	for (size_t i = 0; i < m->n_kids; i++)
		if (past_clause(m->kids[i], clause))
			return 1;
	for (size_t i = 0; i < m->n_opts; i++)
		if (past_clause(m->opts[i], clause))
			return 1;
	return 0;
}

static double run_bound(struct query_plan *p, struct run_bound *rb,
                        uint32_t clause, int moved)
{
	if (clause < rb->start || clause >= rb->end ||
	    (moved && clause != rb->start && past_clause(p->root, clause))) {
		rb->bound = matcher_bound(p, p->root, clause, &rb->end);
		rb->start = clause;
	}
	return rb->bound;
}

/* ---- MaxScore ---- */

/* The OR whose score is the root's: the root itself, or the one OR among
 * the kids of a root AND whose other kids do not score (filters) and which
 * has no optional phrase, as in the partial form of an AND (plan.h). NULL
 * for any other query. */
static struct matcher *maxscore_or(struct query_plan *p)
{
	struct matcher *r = p->root, *or = NULL;

	if (r->type == M_OR)
		return r->n_opts ? NULL : r;
	if (r->type != M_AND || r->n_opts)
		return NULL;
	for (size_t i = 0; i < r->n_kids; i++) {
		struct matcher *k = r->kids[i];
		if (k->type == M_OR && !or && !k->n_opts)
			or = k;
		else if (k->type != M_FILTER && k->type != M_ALL)
			return NULL;
	}
	return or;
}

/* Each kid's score bound, once an evaluation (the words' own; INFINITY for
 * phrases and the rest, which then always propose clauses). */
static void maxscore_start(struct query_plan *p, struct matcher *or)
{
	for (size_t i = 0; i < or->n_kids; i++) {
		struct matcher *k = or->kids[i];
		k->max_score = k->type == M_TERMS ? terms_max_score(p, k) : INFINITY;
	}
}

/* MaxScore (Turtle and Flood): once the k-th hit scores kth, the kids
 * whose bounds summed cannot beat it no longer propose clauses: a clause
 * only they match cannot enter the top k. They are made lazy from the
 * smallest bound up; kth only grows, so a lazy kid stays lazy. One kid
 * stays eager, so the OR still walks. An excluded kid (the seed after its
 * pass) adds nothing: clauses holding it are not hits any more. Once the
 * bounds of all kids but any one cannot beat kth either, every kid is
 * needed and the OR becomes conjunctive (struct matcher): a lazy kid
 * standing past a proposed clause sends the eager one past it, so the
 * words of a partial fill whose k-th hit holds two of them are
 * intersected, not each walked. 1 if no clause left can enter the top k. */
static int maxscore_mark(struct matcher *or, double kth)
{
	double lazy_sum = 0, eager_sum = 0, least = INFINITY;
	struct matcher *next;
	size_t eager = 0;

	for (size_t i = 0; i < or->n_kids; i++) {
		struct matcher *k = or->kids[i];
		if (k->excluded)
			continue;
		if (k->lazy)
			lazy_sum += k->max_score;
		else
			eager++, eager_sum += k->max_score;
		least = k->max_score < least ? k->max_score : least;
	}
	if ((lazy_sum + eager_sum) * BOUND_SLACK <= kth)
		return 1;
	if (lazy_sum + eager_sum - least < INFINITY &&
	    (lazy_sum + eager_sum - least) * BOUND_SLACK <= kth && !or->conjunctive) {
		or->conjunctive = 1;
		or->lazy_gen++;
	}
	for (;;) {
		next = NULL;
		for (size_t i = 0; i < or->n_kids; i++) {
			struct matcher *k = or->kids[i];
			if (!k->lazy && !k->excluded && (!next || k->max_score < next->max_score))
				next = k;
		}
		if (eager <= 1 || (lazy_sum + next->max_score) * BOUND_SLACK > kth)
			return 0;
		next->lazy = 1;
		or->lazy_gen++;
		lazy_sum += next->max_score;
		eager--;
	}
}

/* The kid of or whose clauses a first pass takes (eval_top_k): its rarest
 * word, when every kid is a word. NULL: none. Taken also when another
 * word is nearly as rare (it was not when one was less than twice as
 * frequent): the first pass's k-th hit, a clause holding the rarest word
 * and another, lets the second make all but one word lazy sooner, which
 * took 15% of the instructions off nota solidaridad caraero (10 MiB, df
 * 331, 422 and 911), 7-22% off four ANDs of sampled words and 2-41% off
 * ten of the bench's twelve OR queries at 10 and 100 MiB, and added to
 * none of its and2, and3 and OR queries. */
static struct matcher *maxscore_seed(struct matcher *or)
{
	struct matcher *seed = NULL;

	for (size_t i = 0; i < or->n_kids; i++) {
		struct matcher *k = or->kids[i];
		if (k->type != M_TERMS || !k->scoring)
			return NULL;
		if (!seed || k->df < seed->df)
			seed = k;
	}
	return seed;
}

/* The one eager kid of or, when or has exactly one and terms_advance_keep
 * can move it (terms_can_keep); else NULL. A clause only that kid
 * proposes scores at most its own part plus the lazy kids' bounds at the
 * clause's length (terms_len_bound), so top k moves it straight to its
 * next clause where the two beat the k-th score: one loop over its
 * postings, where visiting each clause would take the bounds of every
 * kid. Once every kid is needed, a lazy kid is bounded at the clause's
 * length rather than at the shortest one (max_score): -13% instructions
 * on the partial fill of mundial trabajo papoteía, -24% on bateante
 * pepagaico vivienda (100 MiB), up to 1.5% more on ORs, which pay for
 * the test without using it. */
static struct matcher *maxscore_eager(struct matcher *or)
{
	struct matcher *eager = NULL;

	for (size_t i = 0; i < or->n_kids; i++) {
		struct matcher *k = or->kids[i];
		if (k->excluded || k->lazy)
			continue;
		if (eager)
			return NULL;
		eager = k;
	}
	return eager && terms_can_keep(eager) ? eager : NULL;
}

/* Whether clause d, which or's eager kids proposed, can still enter the
 * top k (kth: its k-th score), found with as few postings decoded as
 * may be: the root's bound at d, then the lazy kids moved to d one at a
 * time, the rarest first, the bound taken again after each (a kid not at
 * d adds nothing to it). *next receives d if it can enter, d + 1 if not,
 * or, when or is conjunctive (struct matcher) and a lazy kid stands past
 * d, that kid's clause (M_END: it has ended): every kid is needed, so no
 * clause before it can enter, and the kids are moved before any bound
 * is taken. */
static int maxscore_catch_up(struct query_plan *p, struct matcher *or, uint32_t d,
                             double kth, uint32_t *next, struct errbuf *eb)
{
	/* d's length and the root's bound, taken at the first bound asked;
	 * after that, a kid moved to d changes the bound by its own part
	 * only (the root's other kids do not score, maxscore_or), so the
	 * bound is mended, not taken again over every kid: taking it again
	 * was a third of the bounds taken for nota solidaridad caraero
	 * (10 MiB). The mended sum may differ from a new one by rounding,
	 * far inside BOUND_SLACK. */
	double len = -1, bound = 0;
	int rc;

	*next = d;
	for (size_t i = 0; i <= or->n_kids; i++) {
		struct matcher *k = i ? or->align[i - 1] : NULL;
		double before = 0;
		if (k && (!k->lazy || k->excluded))
			continue;
		if (k && len >= 0)
			before = kid_score_bound(p, k, d, len);
		if (k && (rc = matcher_advance(p, k, d, eb)))
			return rc;
		if (or->conjunctive && k && k->cur != d) {
			*next = k->cur;
			return 0;
		}
		if (!k && or->conjunctive)
			continue;
		if (len < 0) {
			len = index_clause_len(p->ix, d);
			bound = matcher_score_bound(p, p->root, d, len);
		} else {
			bound += kid_score_bound(p, k, d, len) - before;
		}
		if (bound * BOUND_SLACK <= kth) {
			*next = d + 1;
			return 0;
		}
	}
	return 0;
}

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t eval_deadline_in(unsigned ms)
{
	return monotonic_ns() + (uint64_t)ms * 1000000u;
}

/* ERR_LIMIT once the deadline has passed, checked every
 * EVAL_DEADLINE_EVERY calls (counted in *tick). */
static int past_deadline(const struct eval_opts *o, unsigned *tick, struct errbuf *eb)
{
	if (!o->deadline_ns || ++*tick % EVAL_DEADLINE_EVERY || monotonic_ns() < o->deadline_ns)
		return 0;
	return errbuf_set(eb, ERR_LIMIT, "the query ran past its time limit; "
	                  "narrow it with more words or a filter");
}

/* One top-k evaluation: the best k hits so far in a heap, and the OR run
 * as MaxScore with the kid whose clauses it takes first. */
struct top_k {
	struct eval_hit *h;
	size_t n, k;
	struct matcher *or;   /* maxscore_or, or NULL */
	struct matcher *seed; /* a rare kid of or, or NULL (maxscore_seed) */
	struct matcher *lead; /* lead_word, or NULL */
};

/* The one word whose score is the root's: the root itself, or the one
 * scoring kid of a root AND whose other kids add nothing (filters, words
 * that only must match, exclusions) and which has no optional phrase.
 * Once the heap is full, top k moves it straight to its next clause whose
 * bound beats the k-th hit (terms_advance_keep), one loop over its
 * postings where the evaluation would take each in turn: a common word's
 * clauses are mostly short of it. NULL for any other query, or when the
 * word is not one term as it is (terms_can_keep). */
static struct matcher *lead_word(struct query_plan *p)
{
	struct matcher *r = p->root, *lead = NULL;

	if (r->type == M_TERMS)
		return terms_can_keep(r) ? r : NULL;
	if (r->type != M_AND || r->n_opts)
		return NULL;
	for (size_t i = 0; i < r->n_kids; i++) {
		struct matcher *k = r->kids[i];
		if (k->type == M_FILTER || k->type == M_ALL || (k->type == M_TERMS && !k->scoring))
			continue;
		if (lead || !terms_can_keep(k))
			return NULL;
		lead = k;
	}
	return lead;
}

/* *taken = 1 if clause d is no hit of this pass: a full match the partial
 * fill leaves out (opts->not_hits, ascending, read from *not_hit on), or a
 * clause the seed's pass took. d only grows from call to call. */
static int top_k_taken(struct query_plan *p, const struct eval_opts *opts,
                       struct top_k *t, uint32_t d, size_t *not_hit, int *taken,
                       struct errbuf *eb)
{
	int rc;

	while (*not_hit < opts->n_not_hits && opts->not_hits[*not_hit] < d)
		++*not_hit;
	*taken = *not_hit < opts->n_not_hits && opts->not_hits[*not_hit] == d;
	if (*taken || !t->seed || !t->seed->excluded)
		return 0;
	if ((rc = matcher_advance(p, t->seed, d, eb)))
		return rc;
	*taken = t->seed->cur == d;
	return 0;
}

/* One pass over the clauses the root matches: each that could enter the
 * top k is scored and offered to the heap, the rest are skipped by their
 * bounds. Before it, the caller makes the seed the only eager kid (the
 * first pass) or excludes it (the second: clauses it holds were taken). */
static int top_k_pass(struct query_plan *p, const struct eval_opts *opts,
                      struct top_k *t, struct errbuf *eb)
{
	struct matcher *const or = t->or; /* a local: kept in a register */
	unsigned tick = 0;
	struct run_bound rb = { 1, 0, 0 }; /* empty: computed on first use */
	size_t not_hit = 0;
	uint32_t target = 0;
	/* maxscore_eager of or, found again only when maxscore_mark may have
	 * made a kid lazy (marked): looking at every kid at every clause was
	 * a twentieth of the partial fill of bateante pepagaico vivienda. */
	struct matcher *eager = NULL;
	int marked = 1, rc, ok;

	for (;;) {
		struct eval_hit hit;
		uint32_t kept = M_END; /* where terms_advance_keep put the lead */
		double len;
		if ((rc = past_deadline(opts, &tick, eb)))
			return rc;
		if (!opts->exhaustive && t->n == t->k) {
			/* Skip runs of clauses whose bound cannot beat the k-th
			 * hit. Not under MaxScore (t->or): there the root's bound
			 * is computed again at nearly every clause, since some kid
			 * stands past it, and cost more than the runs it skipped
			 * (the lazy kids already leave out what cannot win): 4-11%
			 * of the instructions of the bench's and3 and OR queries
			 * on 10 and 100 MiB went to it, for 4% fewer clauses. */
			while (!or && target != M_END &&
			       run_bound(p, &rb, target, 0) * BOUND_SLACK <= t->h[0].score)
				target = rb.end;
			if (target == M_END)
				return 0;
			if (t->lead) {
				if ((rc = terms_advance_keep(p, t->lead, target, t->h[0].score, NULL, eb)))
					return rc;
				target = kept = t->lead->cur;
				if (target == M_END)
					return 0;
			} else if (or) {
				if (marked)
					eager = maxscore_eager(or);
				marked = 0;
				if (eager) {
					if ((rc = terms_advance_keep(p, eager, target, t->h[0].score,
					                             or, eb)))
						return rc;
					if (eager->cur == M_END)
						return 0;
					target = eager->cur;
				}
			}
		}
		if (eager && or == p->root && t->n == t->k && !opts->exhaustive) {
			/* The OR's one eager kid stands on its clause: that is
			 * where the OR stands (its lazy and excluded kids
			 * propose none). Moving it through matcher_advance
			 * looked at every kid: 11% of bateante pepagaico
			 * vivienda on 100 MiB. */
			or->started = 1;
			or->cur = eager->cur;
		} else if ((rc = matcher_advance(p, p->root, target, eb))) {
			return rc;
		}
		if (p->root->cur == M_END)
			return 0;
		hit.clause = p->root->cur;
		target = hit.clause + 1;
		if (!opts->exhaustive && t->n == t->k && !or &&
		    run_bound(p, &rb, hit.clause, 1) * BOUND_SLACK <= t->h[0].score) {
			/* Alignment landed in a run whose bound cannot win (an AND
			 * moves past the run it was asked to start in): skip the
			 * run without scoring, as a block-max AND does. (Under
			 * MaxScore, as above, matcher_score_bound decides.) */
			target = rb.end;
			continue;
		}
		if (!opts->exhaustive && t->n == t->k && or) {
			uint32_t next, d = hit.clause;
			/* Where the lazy kids send the one eager kid of a root OR,
			 * it is moved straight on: one turn of this loop per
			 * clause a conjunctive OR skips, not one of top_k_pass's
			 * (bateante pepagaico vivienda, 100 MiB: 13% fewer
			 * instructions). */
			for (;;) {
				if ((rc = maxscore_catch_up(p, or, d, t->h[0].score, &next, eb)))
					return rc;
				if (next == M_END)
					return 0;
				if (next == d || !eager || or != p->root)
					break;
				if ((rc = past_deadline(opts, &tick, eb)) ||
				    (rc = terms_advance_keep(p, eager, next, t->h[0].score, or, eb)))
					return rc;
				if ((d = eager->cur) == M_END)
					return 0;
			}
			if (next != d) {
				target = next;
				continue;
			}
			hit.clause = or->cur = d;
			target = d + 1;
		}
		/* Tested once the bounds let the clause through: the seed is
		 * moved only to the few that can enter the top k. */
		if ((rc = top_k_taken(p, opts, t, hit.clause, &not_hit, &ok, eb)))
			return rc;
		if (ok)
			continue;
		len = index_clause_len(p->ix, hit.clause);
		if (!opts->exhaustive && t->n == t->k && !or && hit.clause != kept &&
		    matcher_score_bound(p, p->root, hit.clause, len) * BOUND_SLACK <=
		    t->h[0].score)
			continue; /* a clause the lead was kept at passed this very bound */
		if (!opts->exhaustive && t->n == t->k && p->root->n_opts) {
			/* Check the phrase bonus (positions) only when the clause
			 * could enter the top k with it. */
			double bonus = 0;
			uint32_t boundary;
			if ((rc = kids_score(p, p->root, hit.clause, len, &hit.score, eb)))
				return rc;
			for (size_t i = 0; i < p->root->n_opts; i++)
				bonus += matcher_bound(p, p->root->opts[i], hit.clause, &boundary);
			if ((hit.score + bonus) * BOUND_SLACK <= t->h[0].score)
				continue;
			/* The kids' score is kept, not taken again by
			 * matcher_score: that was a tenth of acuerdo resolución
			 * (10 MiB). */
			if ((rc = opts_score(p, p->root, hit.clause, len, &hit.score, eb)))
				return rc;
		} else if ((rc = matcher_score(p, p->root, hit.clause, len, &hit.score, eb))) {
			return rc;
		}
		/* The kind is read only for a clause that would enter the top k. */
		if (t->n == t->k && !hit_worse(&t->h[0], &hit))
			continue;
		if ((rc = is_hit(p, opts, hit.clause, &ok, eb)))
			return rc;
		if (!ok)
			continue;
		if ((rc = hit_positions(p, hit.clause, &hit, eb)))
			return rc;
		heap_push(t->h, &t->n, t->k, hit);
		if (!opts->exhaustive && t->n == t->k)
			p->prune_kth = t->h[0].score;
		if (or && t->n == t->k) {
			marked = 1;
			if (maxscore_mark(or, t->h[0].score))
				return 0; /* no clause left can enter */
		}
	}
}

int eval_top_k(struct query_plan *p, const struct eval_opts *opts,
               struct eval_hit **hits, size_t *n_hits, struct errbuf *eb)
{
	struct top_k t = { xmalloc((opts->k ? opts->k : 1) * sizeof *t.h), 0, opts->k,
	                   NULL, NULL, NULL };
	int rc;

	*hits = t.h;
	*n_hits = 0;
	if (!p->root || opts->k == 0)
		return 0;
	p->n_hl_pos = 0;
	eval_set_bm25(p, opts);
	if ((rc = plan_reset(p, opts->title_weight > 0, eb)))
		return rc;
	if (!opts->exhaustive)
		t.lead = lead_word(p);
	if (!opts->exhaustive && (t.or = maxscore_or(p))) {
		maxscore_start(p, t.or);
		t.seed = maxscore_seed(t.or);
	}
	if (t.seed) {
		/* First the seed's clauses, the others lazy: a rare word's
		 * clauses score high, so the k-th hit is high from the start
		 * of the second pass over the rest. */
		for (size_t i = 0; i < t.or->n_kids; i++)
			t.or->kids[i]->lazy = t.or->kids[i] != t.seed;
		t.or->lazy_gen++;
		if ((rc = top_k_pass(p, opts, &t, eb)) ||
		    (rc = plan_reset(p, opts->title_weight > 0, eb)))
			return rc;
		t.seed->excluded = 1;
		t.or->lazy_gen++;
		if (t.n == t.k && maxscore_mark(t.or, t.h[0].score))
			goto done;
	}
	if ((rc = top_k_pass(p, opts, &t, eb)))
		return rc;
done:
	small_sort(t.h, t.n, sizeof *t.h, hit_rank_cmp);
	*n_hits = t.n;
	return 0;
}

int eval_all(struct query_plan *p, const struct eval_opts *opts,
             struct eval_hit **hits, size_t *n, size_t *left_out,
             struct errbuf *eb)
{
	size_t cap = 0, skipped = 0;
	uint32_t target = 0;
	unsigned tick = 0;
	int rc, ok;

	*n = 0;
	if (left_out)
		*left_out = 0;
	if (hits)
		*hits = NULL;
	if (!p->root)
		return 0;
	eval_set_bm25(p, opts);
	if ((rc = plan_reset(p, opts->title_weight > 0, eb)))
		return rc;
	for (;;) {
		if ((rc = past_deadline(opts, &tick, eb)) ||
		    (rc = matcher_advance(p, p->root, target, eb)))
			return rc;
		if (p->root->cur == M_END) {
			if (left_out)
				*left_out = skipped;
			return 0;
		}
		if ((rc = is_hit(p, opts, p->root->cur, &ok, eb)))
			return rc;
		if (!ok) {
			skipped++;
			target = p->root->cur + 1;
			continue;
		}
		if (hits) {
			*hits = xgrow(*hits, &cap, *n + 1, sizeof **hits);
			(*hits)[*n].clause = p->root->cur;
			if ((rc = matcher_score(p, p->root, p->root->cur,
			                        index_clause_len(p->ix, p->root->cur),
			                        &(*hits)[*n].score, eb)))
				return rc;
			/* Not counted: most of these clauses are counted or
			 * grouped, not printed, and the count would be taken for
			 * every one of them. */
			(*hits)[*n].hl_tokens = 0;
		}
		(*n)++;
		target = p->root->cur + 1;
	}
}

/* ---- explain ---- */

static int explain_node(struct query_plan *p, struct matcher *m, uint32_t d,
                        const char *role, struct buf *out, struct errbuf *eb)
{
	double len = index_clause_len(p->ix, d), s;
	uint32_t ttf;
	int rc;

	if (m->cur != d)
		return 0;
	switch (m->type) {
	case M_TERMS:
		if (!m->scoring)
			return 0;
		if ((rc = matcher_score(p, m, d, len, &s, eb)) ||
		    (rc = terms_title_tf(p, m, d, &ttf, eb)))
			return rc;
		buf_printf(out, "  %s%s: idf %.4f (df %.0f), tf %g, len %.0f (avg %.2f), title tf %u (weight %.2f) -> %.4f\n",
		           role, m->label, m->idf, m->df, terms_tf(m),
		           len, p->bm.avg_len, ttf, p->bm.title_weight, s);
		return 0;
	case M_PHRASE:
		if (m->verb_only)
			return 0;
		if ((rc = matcher_score(p, m, d, len, &s, eb)))
			return rc;
		buf_printf(out, "  %s\"%s\": idf %.4f (sum of its words), tf %u, len %.0f (avg %.2f) -> %.4f\n",
		           role, m->label, m->idf, m->tf, len, p->bm.avg_len, s);
		return 0;
	default:
		for (size_t i = 0; i < m->n_kids; i++)
			if ((rc = explain_node(p, m->kids[i], d, role, out, eb)))
				return rc;
		for (size_t i = 0; i < m->n_opts; i++) {
			int at;
			if ((rc = matcher_at(p, m->opts[i], d, &at, eb)))
				return rc;
			if (at && (rc = explain_node(p, m->opts[i], d, "phrase bonus ", out, eb)))
				return rc;
		}
		return 0;
	}
}

int eval_explain(struct query_plan *p, const struct eval_opts *opts,
                 uint32_t clause, struct buf *out, struct errbuf *eb)
{
	double total;
	int rc;

	if (!p->root)
		return 0;
	eval_set_bm25(p, opts);
	if ((rc = plan_reset(p, opts->title_weight > 0, eb)) ||
	    (rc = matcher_advance(p, p->root, clause, eb)))
		return rc;
	if (p->root->cur != clause)
		return 0;
	if ((rc = matcher_score(p, p->root, clause, index_clause_len(p->ix, clause),
	                        &total, eb)))
		return rc;
	buf_printf(out, "  score %.4f = sum of (k1 %.2f, b %.2f):\n", total,
	           p->bm.k1, p->bm.b);
	/* Re-advance: scoring moved the optional matchers. */
	if ((rc = plan_reset(p, opts->title_weight > 0, eb)) ||
	    (rc = matcher_advance(p, p->root, clause, eb)))
		return rc;
	return explain_node(p, p->root, clause, "", out, eb);
}
