/* bm25.h: the ranking function, classic BM25 over clauses with Lucene's
 * idf:
 *   idf(df)        = ln(1 + (N - df + 0.5) / (df + 0.5))
 *   tfpart(tf,len) = tf (k1 + 1) / (tf + k1 (1 - b + b len / avglen))
 *   score          = sum over query terms of idf * tfpart
 * A phrase counts as one term whose tf is its number of occurrences and
 * whose idf is the sum of its words' idf. tfpart grows with tf and shrinks
 * with len for every k1, b >= 0, so tfpart(max_tf, min_len) of a postings
 * block bounds every clause in it: the index stores those two numbers and
 * k1 and b stay free at query time. */
#ifndef UNSEARCH_BM25_H
#define UNSEARCH_BM25_H

#include <stdint.h>

#define BM25_K1_DEFAULT 1.2
#define BM25_B_DEFAULT 0.75

struct bm25 {
	double k1, b;
	double title_weight; /* BM25F weight of the title field; 0: plain BM25 */
	double n_clauses;   /* N */
	double avg_len;     /* average clause length in tokens */
};

double bm25_idf(const struct bm25 *m, double df);
double bm25_tf_part(const struct bm25 *m, double tf, double len);
/* BM25F with two fields, the clause and its resolution's title (a title's
 * length is not normalised: titles are short and alike):
 *   x      = tf / (1 - b + b len / avglen) + title_weight * title_tf
 *   tfpart = x (k1 + 1) / (x + k1)
 * With title_tf = 0 it is bm25_tf_part (the same expression, so the same
 * double). It grows with tf and title_tf and shrinks with len, so the
 * block bounds stay bounds once a bound of title_tf is added. */
double bm25f_tf_part(const struct bm25 *m, double tf, double len,
                     double title_tf);

#endif
