/* strsort.c: sorting byte strings by an integer prefix first (see strsort.h). */
#include "strsort.h"

#include <stdlib.h>

#include "buf.h"

struct strsort_item strsort_item(const char *s, size_t len, uint32_t idx)
{
	struct strsort_item it = { 0, s, (uint32_t)len, idx };

	/* Shorter strings are padded with zero bytes: a tie of prefixes is
	 * settled by the whole strings, so "ab" still sorts before "ab\0". */
	for (size_t i = 0; i < 8; i++)
		it.prefix = it.prefix << 8 | (i < len ? (uint8_t)s[i] : 0);
	return it;
}

static int strsort_cmp(const void *a, const void *b)
{
	const struct strsort_item *x = a, *y = b;
	int c;

	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	if ((c = bytes_cmp(x->s, x->len, y->s, y->len)))
		return c;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

void strsort(struct strsort_item *v, size_t n)
{
	qsort(v, n, sizeof *v, strsort_cmp);
}
