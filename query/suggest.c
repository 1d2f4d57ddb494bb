/* suggest.c: did-you-mean from the folded-word lexicon (see suggest.h). */
#include "suggest.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

int suggest_distance(const char *a, size_t la, const char *b, size_t lb, int max)
{
	int rows[3][ANALYZER_MAX_TOKEN + 2], *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

	if ((la > lb ? la - lb : lb - la) > (size_t)max || la > ANALYZER_MAX_TOKEN ||
	    lb > ANALYZER_MAX_TOKEN)
		return max + 1;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int best = cur[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (prev[j - 1] + cost < d)
				d = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
			best = d < best ? d : best;
		}
		if (best > max)
			return max + 1; /* every later row is at least this */
		int *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb] <= max ? prev[lb] : max + 1;
}

struct walk {
	struct index *ix;
	const char *word;
	size_t len;
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
	int d = suggest_distance(k->word, k->len, w, len, SUGGEST_MAX_DISTANCE);
	uint32_t *ids = NULL, df = 0;
	size_t n = 0;
	int rc;

	if (d > SUGGEST_MAX_DISTANCE || d == 0)
		return 0;
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
	struct walk k = { ix, folded, len, NULL, 0, 0, eb };
	int rc = index_folded_each(ix, walk_word, &k, eb);

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
