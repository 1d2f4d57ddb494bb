/* align.c: word diffs and clause alignment by similarity (see align.h). */
#include "align.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xalloc.h"

struct word {
	size_t start, end;
	uint64_t hash;
};

/* FNV-1a of a word's bytes. */
static uint64_t word_hash(const char *s, size_t len)
{
	uint64_t h = UINT64_C(1469598103934665603);

	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)s[i]) * UINT64_C(1099511628211);
	return h;
}

/* The words of s; *n receives their count. Caller frees. */
static struct word *split_words(const char *s, size_t len, size_t *n)
{
	struct word *w = NULL;
	size_t cap = 0;

	*n = 0;
	for (size_t i = 0; i < len;) {
		size_t st;
		while (i < len && text_is_ascii_space((unsigned char)s[i]))
			i++;
		if (i == len)
			break;
		st = i;
		while (i < len && !text_is_ascii_space((unsigned char)s[i]))
			i++;
		w = xgrow(w, &cap, *n + 1, sizeof *w);
		w[(*n)++] = (struct word){ st, i, word_hash(s + st, i - st) };
	}
	return w;
}

static int same_word(const char *a, const struct word *x, const char *b,
                     const struct word *y)
{
	return x->hash == y->hash && x->end - x->start == y->end - y->start &&
	       memcmp(a + x->start, b + y->start, x->end - x->start) == 0;
}

static int hash_cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/* Words the two bags share (by hash): an upper bound of the LCS. */
static size_t bag_overlap(const struct word *a, size_t na, const struct word *b,
                          size_t nb)
{
	uint64_t *x = xmalloc((na + nb + 1) * sizeof *x), *y = x + na;
	size_t i = 0, j = 0, common = 0;

	for (size_t k = 0; k < na; k++)
		x[k] = a[k].hash;
	for (size_t k = 0; k < nb; k++)
		y[k] = b[k].hash;
	qsort(x, na, sizeof *x, hash_cmp);
	qsort(y, nb, sizeof *y, hash_cmp);
	while (i < na && j < nb) {
		if (x[i] == y[j])
			common++, i++, j++;
		else if (x[i] < y[j])
			i++;
		else
			j++;
	}
	free(x);
	return common;
}

/* LCS table of the two word lists: t[i * (nb + 1) + j] is the LCS of the
 * suffixes a[i..] and b[j..]. Caller frees. */
static uint16_t *lcs_table(const char *as, const struct word *a, size_t na,
                           const char *bs, const struct word *b, size_t nb)
{
	size_t w = nb + 1;
	uint16_t *t = xcalloc((na + 1) * w, sizeof *t);

	for (size_t i = na; i-- > 0;)
		for (size_t j = nb; j-- > 0;)
			t[i * w + j] = same_word(as, &a[i], bs, &b[j])
			             ? (uint16_t)(t[(i + 1) * w + j + 1] + 1)
			             : t[(i + 1) * w + j] > t[i * w + j + 1] ? t[(i + 1) * w + j]
			                                                     : t[i * w + j + 1];
	return t;
}

static double ratio(size_t common, size_t na, size_t nb)
{
	return na + nb ? 2.0 * (double)common / (double)(na + nb) : 1.0;
}

/* Append a span, merging with the previous one of the same op. */
static void push_span(struct word_span **v, size_t *n, size_t *cap,
                      enum span_op op, size_t start, size_t end)
{
	if (*n && (*v)[*n - 1].op == op) {
		(*v)[*n - 1].end = end;
		return;
	}
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = (struct word_span){ op, start, end };
}

double align_word_diff(const char *old, size_t old_len, const char *new_text,
                       size_t new_len, struct word_span **spans, size_t *n)
{
	size_t na, nb, i = 0, j = 0, cap = 0, w;
	struct word *a = split_words(old, old_len, &na);
	struct word *b = split_words(new_text, new_len, &nb);
	uint16_t *t = NULL;
	double sim;

	*spans = NULL;
	*n = 0;
	if (na > ALIGN_MAX_WORDS || nb > ALIGN_MAX_WORDS) {
		/* Too long to diff: all removed, all added. */
		if (na)
			push_span(spans, n, &cap, SPAN_REMOVED, a[0].start, a[na - 1].end);
		if (nb)
			push_span(spans, n, &cap, SPAN_ADDED, b[0].start, b[nb - 1].end);
		sim = ratio(bag_overlap(a, na, b, nb), na, nb);
		goto out;
	}
	t = lcs_table(old, a, na, new_text, b, nb);
	w = nb + 1;
	sim = ratio(t[0], na, nb);
	while (i < na || j < nb) {
		if (i < na && j < nb && same_word(old, &a[i], new_text, &b[j])) {
			push_span(spans, n, &cap, SPAN_SAME, b[j].start, b[j].end);
			i++, j++;
		} else if (i < na && (j == nb || t[(i + 1) * w + j] >= t[i * w + j + 1])) {
			push_span(spans, n, &cap, SPAN_REMOVED, a[i].start, a[i].end);
			i++;
		} else {
			push_span(spans, n, &cap, SPAN_ADDED, b[j].start, b[j].end);
			j++;
		}
	}
out:
	free(t);
	free(a);
	free(b);
	return sim;
}

double align_similarity(const char *a, size_t a_len, const char *b, size_t b_len)
{
	struct word_span *spans;
	size_t n;
	double sim = align_word_diff(a, a_len, b, b_len, &spans, &n);

	free(spans);
	return sim;
}

struct candidate {
	double sim, drift; /* drift: how far apart their relative positions are */
	size_t i, j;
};

static int candidate_cmp(const void *x, const void *y)
{
	const struct candidate *a = x, *b = y;

	if (a->sim != b->sim)
		return a->sim > b->sim ? -1 : 1;
	if (a->drift != b->drift)
		return a->drift < b->drift ? -1 : 1;
	return a->i != b->i ? (a->i < b->i ? -1 : 1) : (a->j < b->j ? -1 : a->j > b->j);
}

void align_clauses(const struct align_item *a, size_t na, const struct align_item *b,
                   size_t nb, long *a_to_b, long *b_to_a, double *sim)
{
	struct word **aw = xcalloc(na + 1, sizeof *aw), **bw = xcalloc(nb + 1, sizeof *bw);
	size_t *an = xcalloc(na + 1, sizeof *an), *bn = xcalloc(nb + 1, sizeof *bn);
	struct candidate *c = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < na; i++) {
		aw[i] = split_words(a[i].text, a[i].len, &an[i]);
		a_to_b[i] = -1;
		sim[i] = 0;
	}
	for (size_t j = 0; j < nb; j++) {
		bw[j] = split_words(b[j].text, b[j].len, &bn[j]);
		b_to_a[j] = -1;
	}
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++) {
			double s;
			if (a[i].group != b[j].group ||
			    ratio(bag_overlap(aw[i], an[i], bw[j], bn[j]), an[i], bn[j]) <
			    ALIGN_MIN_SIMILARITY)
				continue; /* cannot reach the threshold */
			s = align_similarity(a[i].text, a[i].len, b[j].text, b[j].len);
			if (s < ALIGN_MIN_SIMILARITY)
				continue;
			c = xgrow(c, &cap, n + 1, sizeof *c);
			c[n++] = (struct candidate){
				s, (double)i / (double)na - (double)j / (double)nb, i, j };
			if (c[n - 1].drift < 0)
				c[n - 1].drift = -c[n - 1].drift;
		}
	if (n)
		qsort(c, n, sizeof *c, candidate_cmp);
	for (size_t k = 0; k < n; k++)
		if (a_to_b[c[k].i] < 0 && b_to_a[c[k].j] < 0) {
			a_to_b[c[k].i] = (long)c[k].j;
			b_to_a[c[k].j] = (long)c[k].i;
			sim[c[k].i] = c[k].sim;
		}
	for (size_t i = 0; i < na; i++)
		free(aw[i]);
	for (size_t j = 0; j < nb; j++)
		free(bw[j]);
	free(aw);
	free(bw);
	free(an);
	free(bn);
	free(c);
}
