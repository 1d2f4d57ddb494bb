/* bm25.c: BM25 formulas (see bm25.h). */
#include "bm25.h"

#include <math.h>

double bm25_idf(const struct bm25 *m, double df)
{
	return log(1.0 + (m->n_clauses - df + 0.5) / (df + 0.5));
}

double bm25_tf_part(const struct bm25 *m, double tf, double len)
{
	double norm = m->avg_len > 0 ? len / m->avg_len : 1.0;

	if (tf <= 0)
		return 0;
	return tf * (m->k1 + 1) / (tf + m->k1 * (1 - m->b + m->b * norm));
}

double bm25f_tf_part(const struct bm25 *m, double tf, double len,
                     double title_tf)
{
	double norm = m->avg_len > 0 ? len / m->avg_len : 1.0, x;

	if (title_tf <= 0 || m->title_weight <= 0)
		return bm25_tf_part(m, tf, len);
	x = tf / (1 - m->b + m->b * norm) + m->title_weight * title_tf;
	return x * (m->k1 + 1) / (x + m->k1);
}
