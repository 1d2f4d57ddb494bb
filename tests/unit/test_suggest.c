/* test_suggest.c: did-you-mean (suggest.c): the optimal string alignment
 * distance against cases worked by hand, and its cutoff; one table asked
 * about many words, in byte order and not, against a whole table per
 * pair. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "suggest.h"

static int dist(const char *a, const char *b, int max)
{
	struct suggest_table *t = suggest_table_new(a, strlen(a), max);
	size_t hopeless;
	int d = suggest_table_distance(t, b, strlen(b), &hopeless);

	free(t);
	return d;
}

/* The textbook table, every cell, for words of up to 15 bytes. */
static int whole_table_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int d[16][16];

	for (size_t i = 0; i <= la; i++)
		for (size_t j = 0; j <= lb; j++) {
			int v;
			if (!i || !j) {
				d[i][j] = (int)(i + j);
				continue;
			}
			v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}

static int cmp_words(const void *x, const void *y)
{
	return strcmp(x, y);
}

/* Words of 0-12 bytes over four letters, so that many share prefixes and
 * lie within a few edits; each typed word against all of them in byte
 * order (as the lexicon is walked) and then shuffled. A hopeless prefix
 * must be one that no word within max starts with. */
static void test_table_over_words(struct harness *h)
{
	enum { N_WORDS = 400, N_TYPED = 40 };
	static char words[N_WORDS][13];
	int want[N_WORDS];
	unsigned seed = 12345;
	int wrong = 0, within = 0, false_hope = 0, hopeless_seen = 0;

	for (int w = 0; w < N_WORDS; w++) {
		int len = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 13;
		for (int c = 0; c < len; c++)
			words[w][c] = "abcd"[((seed = seed * 1103515245u + 12345u) >> 16) % 4];
		words[w][len] = '\0';
	}
	qsort(words, N_WORDS, sizeof words[0], cmp_words);
	for (int pass = 0; pass < 2; pass++) {
		for (int q = 0; q < N_TYPED; q++) {
			const char *a = words[(q * 37 + pass * 11) % N_WORDS];
			for (int w = 0; w < N_WORDS; w++)
				want[w] = whole_table_distance(a, words[w]);
			for (int max = 1; max <= 3; max++) {
				struct suggest_table *t = suggest_table_new(a, strlen(a), max);
				for (int w = 0; w < N_WORDS; w++) {
					size_t hopeless;
					int got = suggest_table_distance(t, words[w], strlen(words[w]),
					                                 &hopeless);
					wrong += got != (want[w] <= max ? want[w] : max + 1);
					within += got <= max;
					hopeless_seen += hopeless > 0;
					for (int o = 0; hopeless && o < N_WORDS; o++)
						false_hope += strncmp(words[o], words[w], hopeless) == 0 &&
						              strlen(words[o]) >= hopeless && want[o] <= max;
				}
				free(t);
			}
		}
		for (int w = N_WORDS - 1; w > 0; w--) { /* shuffle for the second pass */
			int o = (int)((seed = seed * 1103515245u + 12345u) >> 16) % (w + 1);
			char tmp[13];
			memcpy(tmp, words[w], sizeof tmp);
			memcpy(words[w], words[o], sizeof tmp);
			memcpy(words[o], tmp, sizeof tmp);
		}
	}
	CHECK_INT_EQ(h, wrong, 0);
	CHECK_INT_EQ(h, false_hope, 0);
	CHECK(h, within > 1000); /* the words are near enough to test the cells */
	CHECK(h, hopeless_seen > 1000);
}

static void test_distance(struct harness *h)
{
	CHECK_INT_EQ(h, dist("tortura", "tortura", 2), 0);
	CHECK_INT_EQ(h, dist("tortrua", "tortura", 2), 1);   /* transposition */
	CHECK_INT_EQ(h, dist("tortrua", "torturas", 2), 2);  /* and an insertion */
	CHECK_INT_EQ(h, dist("esclavitd", "esclavitud", 2), 1);
	CHECK_INT_EQ(h, dist("paz", "pez", 2), 1);
	CHECK_INT_EQ(h, dist("", "ab", 2), 2);
	CHECK_INT_EQ(h, dist("ab", "", 2), 2);
	CHECK_INT_EQ(h, dist("abc", "", 2), 3);              /* past max: max + 1 */
	CHECK_INT_EQ(h, dist("ca", "abc", 3), 3);            /* OSA; unrestricted Damerau says 2 */
	CHECK_INT_EQ(h, dist("derechos", "deberes", 2), 3);
	CHECK_INT_EQ(h, dist("kitten", "sitting", 3), 3);
	CHECK_INT_EQ(h, dist("kitten", "sitting", 2), 3);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_suggest");

	HARNESS_RUN(&h, test_distance);
	HARNESS_RUN(&h, test_table_over_words);
	return harness_finish(&h);
}
