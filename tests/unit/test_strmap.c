/* test_strmap.c: unit tests for the insertion-ordered string map
 * (common/strmap.c): lookups, order, growth, and room reserved ahead. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "strmap.h"

/* Keys "k0", "k1", ... with value i * 3; each must be new. */
static int add_keys(struct strmap *m, int from, int to)
{
	char key[32];
	int added, bad = 0;

	for (int i = from; i < to; i++) {
		int n = snprintf(key, sizeof key, "k%d", i);
		strmap_upsert(m, key, (size_t)n, (uint64_t)i * 3, &added);
		bad |= !added;
	}
	return bad;
}

/* Every key of [0, n) is found at its insertion index with its value. */
static int keys_intact(const struct strmap *m, int n)
{
	char key[32];
	size_t len;

	if (strmap_count(m) != (size_t)n)
		return 0;
	for (int i = 0; i < n; i++) {
		int k = snprintf(key, sizeof key, "k%d", i);
		if (strmap_find(m, key, (size_t)k) != i || strmap_value(m, (size_t)i) != (uint64_t)i * 3 ||
		    strcmp(strmap_key(m, (size_t)i, &len), key) != 0 || len != (size_t)k)
			return 0;
	}
	return strmap_find(m, "absent", 6) == -1 && strmap_get(m, "k", 1) == NULL;
}

static void test_grow(struct harness *h)
{
	struct strmap *m = strmap_new();
	int added;

	CHECK_INT_EQ(h, add_keys(m, 0, 5000), 0);
	CHECK(h, keys_intact(m, 5000));
	/* An existing key keeps its value and index. */
	CHECK(h, *strmap_upsert(m, "k7", 2, 99, &added) == 21);
	CHECK_INT_EQ(h, added, 0);
	strmap_free(m);
}

/* Room reserved ahead: the same answers, whether the keys fit the
 * reservation, overflow it, or come to a map that already has some. */
static void test_reserve(struct harness *h)
{
	struct strmap *m = strmap_new();
	size_t bytes;

	strmap_reserve(m, 1000, 1000 * 5);
	bytes = strmap_bytes(m);
	CHECK_INT_EQ(h, add_keys(m, 0, 1000), 0);
	CHECK(h, keys_intact(m, 1000));
	/* What was reserved was enough: adding moved nothing. */
	CHECK(h, strmap_bytes(m) == bytes);
	CHECK_INT_EQ(h, add_keys(m, 1000, 3000), 0);
	CHECK(h, keys_intact(m, 3000));
	strmap_reserve(m, 10, 10);
	CHECK(h, keys_intact(m, 3000));
	strmap_free(m);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_strmap");

	HARNESS_RUN(&h, test_grow);
	HARNESS_RUN(&h, test_reserve);
	return harness_finish(&h);
}
