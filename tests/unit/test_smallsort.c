/* test_smallsort.c: small_sort on random arrays of every length up to and
 * past SMALL_SORT_MAX, with many equal keys, of elements of 12 and 16
 * bytes and of more than SMALL_SORT_SIZE: keys ascend, every element
 * comes through whole, and equal keys keep their input order where the
 * insertion sort runs (qsort, past its limits, need not be stable: glibc's
 * is since 2.37 an introsort). And u64s as index_clause_texts sorts them,
 * against qsort. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "smallsort.h"

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

/* A key to sort by and the element's place in the input, to tell a stable
 * order from another; pad makes the element the size under test. */
#define ITEM(name, pad_bytes) \
	struct name { \
		uint32_t key, order; \
		char pad[pad_bytes]; \
	}
ITEM(item8, 1);    /* 12 bytes */
ITEM(item16, 8);   /* 16 bytes, as a highlighted range */
ITEM(item_big, 60); /* past SMALL_SORT_SIZE */

static int key_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Fill n elements of size bytes at v with keys below range (few distinct
 * keys: many ties) and their order, sort with small_sort, and check the
 * keys ascend and, where the insertion sort ran, equal keys keep their
 * input order. */
static int sorted_stably(void *v, size_t n, size_t size, uint32_t range, uint64_t *rng)
{
	unsigned char *p = v;
	int stable = n <= SMALL_SORT_MAX && size <= SMALL_SORT_SIZE;

	for (size_t i = 0; i < n; i++) {
		uint32_t rec[2] = { (uint32_t)(rng_next(rng) % range), (uint32_t)i };
		memset(p + i * size, (int)i, size);
		memcpy(p + i * size, rec, sizeof rec);
	}
	small_sort(v, n, size, key_cmp);
	for (size_t i = 1; i < n; i++) {
		uint32_t a[2], b[2];
		memcpy(a, p + (i - 1) * size, sizeof a);
		memcpy(b, p + i * size, sizeof b);
		if (a[0] > b[0] || (stable && a[0] == b[0] && a[1] > b[1]))
			return 0;
	}
	/* every element came through whole: its padding is its input place */
	for (size_t i = 0; i < n; i++) {
		uint32_t rec[2];
		memcpy(rec, p + i * size, sizeof rec);
		for (size_t k = sizeof rec; k < size; k++)
			if (p[i * size + k] != (unsigned char)rec[1])
				return 0;
	}
	return 1;
}

static void test_random_arrays(struct harness *h)
{
	struct item8 a[40];
	struct item16 b[40];
	struct item_big c[40];
	uint64_t rng = 0x9E3779B97F4A7C15ull;
	int bad = 0;

	for (size_t n = 0; n <= 40 && !bad; n++)
		for (uint32_t range = 1; range <= 64 && !bad; range *= 4)
			for (int round = 0; round < 20 && !bad; round++)
				bad = !sorted_stably(a, n, sizeof *a, range, &rng) ||
				      !sorted_stably(b, n, sizeof *b, range, &rng) ||
				      !sorted_stably(c, n, sizeof *c, range, &rng);
	CHECK(h, !bad);
}

/* u64s, as index_clause_texts sorts clause << 32 | place. */
static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static void test_u64(struct harness *h)
{
	uint64_t v[SMALL_SORT_MAX], w[SMALL_SORT_MAX];
	uint64_t rng = 42;

	for (size_t i = 0; i < SMALL_SORT_MAX; i++)
		v[i] = w[i] = rng_next(&rng);
	small_sort(v, SMALL_SORT_MAX, sizeof *v, u64_cmp);
	qsort(w, SMALL_SORT_MAX, sizeof *w, u64_cmp);
	CHECK(h, memcmp(v, w, sizeof v) == 0);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_smallsort");

	HARNESS_RUN(&h, test_random_arrays);
	HARNESS_RUN(&h, test_u64);
	return harness_finish(&h);
}
