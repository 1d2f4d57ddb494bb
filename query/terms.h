/* terms.h: the matcher of one word (M_TERMS of _eval.h), for eval.c: the
 * union of the postings of the terms the word means, or a prefix's merged
 * posting list, moved only forward. Its tf at the current clause weights
 * folded-only forms of a word typed with accents and, for =word, counts
 * only the tokens of that exact form (read from the clause text). The
 * title field reads the same terms at the title clause of the current
 * clause's resolution. Block bounds come from the posting readers (or the
 * merged list's own blocks). Everything is private to query/: plan.c
 * builds the matchers, eval.c runs them. */
#ifndef UNSEARCH_TERMS_H
#define UNSEARCH_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "_eval.h"

/* Move m to its first clause >= target that it matches (verb position and
 * exact form included): 0, or an error from the index. */
int terms_advance(struct query_plan *p, struct matcher *m, uint32_t target,
                  struct errbuf *eb);
/* terms_advance where it is cheapest, for the loop that aligns an AND's
 * words: 1 if m, one term's postings as they are, moved within its
 * reader's decoded block (posting_reader_advance_in_block); 0 if it was
 * not moved, and terms_advance must. */
static inline int terms_advance_in_block(struct matcher *m, uint32_t target)
{
	if (m->n_terms != 1 || m->merged || m->exact || m->verb_only ||
	    !posting_reader_advance_in_block(&m->readers[0], target))
		return 0;
	m->cur = m->readers[0].clause;
	return 1;
}
/* 1 if terms_advance_keep can move m: one term's postings or a prefix's
 * merged list, as they are (no exact form or verb position to check). */
int terms_can_keep(const struct matcher *m);
/* Move m (terms_can_keep) to its first clause >= target whose score
 * bound (the tf part of its tf and length, title field at its largest,
 * as eval.c bounds a candidate), plus what each lazy kid of or (NULL:
 * none) may add (its max_score, or once every kid is needed its
 * terms_len_bound at that length), beats kth, the k-th hit's score: the
 * clauses in between cannot enter the top k. 0 or an error. */
int terms_advance_keep(struct query_plan *p, struct matcher *m, uint32_t target,
                       double kth, struct matcher *or, struct errbuf *eb);
/* m->pos: the positions of m's terms at m->cur, ascending. */
int terms_positions(struct query_plan *p, struct matcher *m,
                    struct errbuf *eb);
/* Sort pos[0..n), ascending runs of positions one after another (several
 * terms' or words'): by insertion, as there are few and most in order. */
void terms_pos_sort(uint32_t *pos, size_t n);
/* m's tf at m->cur (accent weights and exact forms applied). */
double terms_tf(const struct matcher *m);
/* The occurrences of m's terms at m->cur as the postings count them (no
 * weight, every form): at least terms_tf, and at least the matches there
 * of any phrase m is a slot of. */
uint64_t terms_count(const struct matcher *m);
/* The tf of m's terms in the title of clause d's resolution; 0 when the
 * title field is off or d is the title. d must not decrease between calls
 * until the next plan_reset. */
int terms_title_tf(struct query_plan *p, struct matcher *m, uint32_t d,
                   uint32_t *tf, struct errbuf *eb);
/* *ok = 1 if one of m->pos (a word's positions, a phrase's starts) is
 * clause d's opening verb. */
int terms_at_verb(struct query_plan *p, const struct matcher *m, uint32_t d,
                  int *ok, struct errbuf *eb);
/* The bound of m's tf and length over the blocks holding target: 0 if no
 * block holds it, else 1 with *boundary the first clause past them. */
int terms_block(struct matcher *m, uint32_t target, double *max_tf,
                double *min_len, uint32_t *boundary);
/* The best tf part (bm25.h) any clause of the blocks terms_block chose
 * can get, title field included for a scoring word. */
double terms_tf_bound(struct query_plan *p, struct matcher *m,
                      double max_tf, double min_len);
/* A bound of a scoring word's score at any clause (0 if it does not
 * score), title field at its largest: for one term, idf times the best tf
 * part of any of its blocks' bound pairs; for several (or a prefix's
 * merged list), of their largest tfs summed at their shortest clause.
 * Looser than a block's bound, asked once an evaluation. */
double terms_max_score(struct query_plan *p, const struct matcher *m);
/* A bound of m's score at any clause of len tokens or more (so it never
 * grows with len): idf times the tf part of the largest tf its bound
 * pairs allow at that length (title field at its largest), or of a larger
 * tf at the shortest clause it may have it, no more than m->max_score
 * (eval.c sets it from terms_max_score). */
double terms_len_bound(struct query_plan *p, struct matcher *m, double len);
/* 1 if v is in the ascending pos[0..n). */
int terms_pos_contains(const uint32_t *pos, size_t n, uint32_t v);

#endif
