/* test_suggest.c: did-you-mean (suggest.c): the optimal string alignment
 * distance against cases worked by hand, and its cutoff. */
#include <string.h>

#include "harness.h"
#include "suggest.h"

static int dist(const char *a, const char *b, int max)
{
	return suggest_distance(a, strlen(a), b, strlen(b), max);
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
	return harness_finish(&h);
}
