/* suggest.c: did-you-mean from the folded-word lexicon (see suggest.h).
 *
 * The lexicon is walked in byte order, and a word shares its first bytes
 * with the word before it, so the distance table is kept from word to
 * word: row i holds the distances of the candidate's first i bytes to
 * every prefix of the typed word, and only the rows past the shared
 * prefix are computed again. Only cells within the cutoff of the diagonal
 * are computed (farther ones exceed it by their length difference alone).
 * A row whose cells all exceed the cutoff condemns every word that starts
 * with its bytes, and the walk skips them in the lexicon, blocks at a
 * time. On the generated 100 MiB corpus (51,310 words) a typo's lookup
 * took 62M instructions with a whole table per word, 47M of them in the
 * distance; 19M with the rows kept; 7.4M with the skips (callgrind,
 * `derechoz`). */
#include "suggest.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Cells are bytes: no distance here exceeds ANALYZER_MAX_TOKEN + 1. */
struct suggest_table {
	const char *a; /* the typed word */
	size_t la;
	int max;
	unsigned char row[ANALYZER_MAX_TOKEN + 1][ANALYZER_MAX_TOKEN + 1];
	char b[ANALYZER_MAX_TOKEN]; /* the last candidate's first n_rows - 1 bytes */
	size_t n_rows;             /* rows 0 .. n_rows - 1 hold b's prefixes */
	size_t dead;               /* the first row past max, or 0 if none */
};

struct suggest_table *suggest_table_new(const char *a, size_t la, int max)
{
	struct suggest_table *t = xmalloc(sizeof *t);

	t->a = a;
	t->la = la;
	t->max = max;
	for (size_t j = 0; j <= la && j <= ANALYZER_MAX_TOKEN; j++)
		t->row[0][j] = (unsigned char)j;
	t->n_rows = 1;
	t->dead = 0;
	return t;
}

/* Row i from rows i - 1 and i - 2 and b[i - 1], b[i - 2]; returns its least
 * cell. Cells off the band |i - j| <= max are left as they were, except the
 * one at each edge, set to max + 1, which is all the next row reads of
 * them: a cell past max stays past max (its true value may be larger, which
 * changes no cell within max). */
static int osa_row(struct suggest_table *t, size_t i)
{
	const char *a = t->a, *b = t->b;
	size_t max = (size_t)t->max, lo = i > max ? i - max : 1,
	       hi = i + max < t->la ? i + max : t->la;
	unsigned char *cur = t->row[i], *prev = t->row[i - 1];
	int best = t->max + 1;

	if (lo == 1) {
		cur[0] = (unsigned char)i;
		best = (int)i;
	} else if (lo <= t->la) {
		cur[lo - 1] = (unsigned char)(max + 1);
	}
	for (size_t j = lo; j <= hi; j++) {
		int d = prev[j] + 1;
		if (cur[j - 1] + 1 < d)
			d = cur[j - 1] + 1;
		if (prev[j - 1] + (a[j - 1] != b[i - 1]) < d)
			d = prev[j - 1] + (a[j - 1] != b[i - 1]);
		if (i > 1 && j > 1 && a[j - 1] == b[i - 2] && a[j - 2] == b[i - 1] &&
		    t->row[i - 2][j - 2] + 1 < d)
			d = t->row[i - 2][j - 2] + 1;
		cur[j] = (unsigned char)d;
		best = d < best ? d : best;
	}
	if (hi < t->la)
		cur[hi + 1] = (unsigned char)(max + 1);
	return best;
}

int suggest_table_distance(struct suggest_table *t, const char *w, size_t lw,
                           size_t *hopeless)
{
	size_t shared = 0, i;

	*hopeless = 0;
	if (t->la > ANALYZER_MAX_TOKEN || lw > ANALYZER_MAX_TOKEN)
		return t->max + 1;
	while (shared + 1 < t->n_rows && shared < lw && t->b[shared] == w[shared])
		shared++;
	if (t->dead && t->dead <= shared) {
		*hopeless = t->dead; /* w starts with a row past max */
		return t->max + 1;
	}
	t->dead = 0;
	t->n_rows = shared + 1;
	if (lw > t->la + (size_t)t->max) {
		*hopeless = t->la + (size_t)t->max + 1; /* so long a word is too far */
		return t->max + 1;
	}
	if (lw + (size_t)t->max < t->la)
		return t->max + 1;
	for (i = shared + 1; i <= lw; i++) {
		t->b[i - 1] = w[i - 1];
		t->n_rows = i + 1;
		if (osa_row(t, i) > t->max) {
			t->dead = *hopeless = i; /* rows are never below the one before */
			return t->max + 1;
		}
	}
	return t->row[lw][t->la] <= t->max ? t->row[lw][t->la] : t->max + 1;
}

struct walk {
	struct index *ix;
	struct suggest_table *table; /* of the typed word */
	struct suggestion *s;
	size_t n, cap;
	struct errbuf *eb;
};

/* Better first: higher df, then nearer, then byte order. */
static int suggestion_cmp(const void *a, const void *b)
{
	const struct suggestion *x = a, *y = b;

	if (x->df != y->df)
		return x->df < y->df ? 1 : -1;
	if (x->distance != y->distance)
		return x->distance - y->distance;
	return strcmp(x->word, y->word);
}

static int walk_word(void *ctx, const char *w, size_t len)
{
	struct walk *k = ctx;
	size_t hopeless;
	int d = suggest_table_distance(k->table, w, len, &hopeless);
	uint32_t *ids = NULL, df = 0;
	size_t n = 0;
	int rc;

	if (d > SUGGEST_MAX_DISTANCE || d == 0)
		return (int)hopeless; /* skip the words that start as hopelessly */
	if ((rc = index_folded_terms(k->ix, w, len, &ids, &n, k->eb)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		struct term_info ti;
		if (!(rc = index_term_info(k->ix, ids[i], &ti, k->eb)) && ti.df > df)
			df = ti.df;
	}
	free(ids);
	if (rc || !df)
		return rc;
	k->s = xgrow(k->s, &k->cap, k->n + 1, sizeof *k->s);
	k->s[k->n++] = (struct suggestion){ xstrndup(w, len), df, d };
	return 0;
}

int suggest_words(struct index *ix, const char *folded, size_t len,
                  struct suggestion **out, size_t *n, struct errbuf *eb)
{
	struct walk k = { ix, suggest_table_new(folded, len, SUGGEST_MAX_DISTANCE), NULL, 0, 0, eb };
	int rc = index_folded_each(ix, walk_word, &k, eb);

	free(k.table);

	if (rc) {
		suggest_free(k.s, k.n);
		*out = NULL;
		*n = 0;
		return rc;
	}
	if (k.n)
		qsort(k.s, k.n, sizeof *k.s, suggestion_cmp);
	for (size_t i = SUGGEST_MAX; i < k.n; i++)
		free(k.s[i].word);
	*out = k.s;
	*n = k.n < SUGGEST_MAX ? k.n : SUGGEST_MAX;
	return 0;
}

void suggest_free(struct suggestion *s, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		free(s[i].word);
	free(s);
}

int suggest_query(struct index *ix, const struct query_plan *plan,
                  const char *query, struct buf *out, struct errbuf *eb)
{
	const struct plan_word *w;
	size_t n_words, at = 0, qlen = strlen(query);
	int changed = 0, rc = 0;

	buf_reset(out);
	plan_unknown_words(plan, &w, &n_words);
	for (size_t i = 0; i < n_words && !rc; i++) {
		size_t col = (size_t)w[i].column - 1, tl = strlen(w[i].typed);
		struct suggestion *s;
		size_t n;
		if (col < at || col + tl > qlen || memcmp(query + col, w[i].typed, tl) != 0)
			continue; /* not where the user typed it (option filters) */
		if ((rc = suggest_words(ix, w[i].folded, strlen(w[i].folded), &s, &n, eb)))
			break;
		if (n) {
			buf_append(out, query + at, col - at);
			buf_append_str(out, s[0].word);
			at = col + tl;
			changed = 1;
		}
		suggest_free(s, n);
	}
	if (changed)
		buf_append(out, query + at, qlen - at);
	else
		buf_reset(out);
	return rc;
}
