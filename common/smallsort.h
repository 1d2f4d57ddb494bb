/* smallsort.h: sorting the arrays of a few elements a query sorts for
 * every hit or every answer (a hit's highlighted ranges, the top hits,
 * their clauses for reading text). glibc's qsort takes ~180 instructions
 * to sort even two elements, through its merge sort's generic copies;
 * this insertion sort, inlined where the element size is a constant, a
 * few dozen. It is stable; the callers' orders have no ties (a hit's score
 * then clause, distinct ids) or ties that are equal (the same range). */
#ifndef UNSEARCH_SMALLSORT_H
#define UNSEARCH_SMALLSORT_H

#include <stdlib.h>
#include <string.h>

/* Arrays longer than this, or of elements larger than SMALL_SORT_SIZE
 * bytes, go to qsort. */
#define SMALL_SORT_MAX 16
#define SMALL_SORT_SIZE 64

/* Sort base[0..n) of size-byte elements by cmp, as qsort does. */
static inline void small_sort(void *base, size_t n, size_t size,
                              int (*cmp)(const void *, const void *))
{
	unsigned char *v = base, tmp[SMALL_SORT_SIZE];

	if (n > SMALL_SORT_MAX || size > sizeof tmp) {
		qsort(base, n, size, cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		size_t j = i;
		if (cmp(v + (i - 1) * size, v + i * size) <= 0)
			continue;
		memcpy(tmp, v + i * size, size);
		do {
			memcpy(v + j * size, v + (j - 1) * size, size);
			j--;
		} while (j > 0 && cmp(v + (j - 1) * size, tmp) > 0);
		memcpy(v + j * size, tmp, size);
	}
}

#endif
