/* test_strsort.c: strsort against qsort with bytes_cmp on strings made to
 * defeat the integer prefix: shared 8-byte prefixes, prefixes of each
 * other, bytes above 0x7f, empty strings, equal strings with their
 * numbers; and on the words of the corpus. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "harness.h"
#include "readfile.h"
#include "strsort.h"

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

/* The order strsort promises, written plainly. */
static int plain_cmp(const void *a, const void *b)
{
	const struct strsort_item *x = a, *y = b;
	int c = bytes_cmp(x->s, x->len, y->s, y->len);

	return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* Sort v both ways and compare item by item. */
static void check_sorts(struct harness *h, struct strsort_item *v, size_t n)
{
	struct strsort_item *w = malloc((n ? n : 1) * sizeof *w);

	memcpy(w, v, n * sizeof *v);
	strsort(v, n);
	qsort(w, n, sizeof *w, plain_cmp);
	for (size_t i = 0; i < n; i++)
		if (v[i].s != w[i].s || v[i].idx != w[i].idx) {
			CHECK(h, !"strsort and bytes_cmp disagree");
			break;
		}
	free(w);
}

static void test_tricky_strings(struct harness *h)
{
	static const char *const words[] = {
		"", "a", "ab", "abcdefgh", "abcdefghi", "abcdefgh\x01", "abcdefgg",
		"abcdefghz", "\xc3\xa1", "\xc3\xa1rbol", "z", "abcdefgh", "a",
		"informacion", "informaci\xc3\xb3n", "informacio", "\xff", "\x7f",
	};
	size_t n = sizeof words / sizeof *words;
	struct strsort_item v[sizeof words / sizeof *words];

	for (size_t i = 0; i < n; i++)
		v[i] = strsort_item(words[i], strlen(words[i]), (uint32_t)(n - i));
	check_sorts(h, v, n);
	CHECK_INT_EQ(h, v[0].len, 0);
	CHECK_STR_EQ(h, v[n - 1].s, "\xff");
}

static void test_random_strings(struct harness *h)
{
	enum { N = 20000 };
	struct strsort_item *v = malloc(N * sizeof *v);
	char *arena = malloc(N * 20);
	uint64_t seed = 0x9e3779b97f4a7c15ull;

	for (size_t i = 0; i < N; i++) {
		char *s = arena + i * 20;
		size_t len = (size_t)(rng_next(&seed) % 20);
		/* a few shared stems, then random bytes from a small alphabet */
		for (size_t k = 0; k < len; k++)
			s[k] = k < 9 ? "constitu\xc3"[k] : (char)("ab\x80\xff"[rng_next(&seed) % 4]);
		if (rng_next(&seed) % 3 == 0 && len > 0)
			s[rng_next(&seed) % len] = (char)(rng_next(&seed) % 256);
		v[i] = strsort_item(s, len, (uint32_t)(rng_next(&seed) % 1000));
	}
	check_sorts(h, v, N);
	free(v);
	free(arena);
}

static void test_corpus_words(struct harness *h)
{
	char path[4096];
	char *text = NULL;
	size_t len = 0, n = 0;
	struct strsort_item *v;
	struct errbuf eb;

	snprintf(path, sizeof path, "%s/A_RES_74_29.txt", harness_corpus_dir());
	CHECK_INT_EQ(h, file_read_all(path, SIZE_MAX, &text, &len, &eb), 0);
	if (!text)
		return;
	v = malloc((len + 1) * sizeof *v);
	for (size_t i = 0; i < len;) {
		size_t j = i;
		while (j < len && text[j] != ' ' && text[j] != '\n')
			j++;
		v[n] = strsort_item(text + i, j - i, (uint32_t)n);
		n++;
		i = j + 1;
	}
	CHECK(h, n > 500);
	check_sorts(h, v, n);
	free(v);
	free(text);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_strsort");

	HARNESS_RUN(&h, test_tricky_strings);
	HARNESS_RUN(&h, test_random_strings);
	HARNESS_RUN(&h, test_corpus_words);
	return harness_finish(&h);
}
