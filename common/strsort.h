/* strsort.h: sorting byte strings in bytes_cmp order (buf.h), fast: each
 * item carries its first 8 bytes as a big-endian integer, so most
 * comparisons are one integer comparison that reads no string. The
 * indexer sorts its vocabulary with it (terms, lexicon keys). */
#ifndef UNSEARCH_STRSORT_H
#define UNSEARCH_STRSORT_H

#include <stddef.h>
#include <stdint.h>

/* A string (not copied: it must outlive the sort) and the caller's number
 * for it. */
struct strsort_item {
	uint64_t prefix; /* set by strsort_item */
	const char *s;
	uint32_t len;
	uint32_t idx;
};

struct strsort_item strsort_item(const char *s, size_t len, uint32_t idx);

/* Sort v by string in bytes_cmp order, equal strings by idx. */
void strsort(struct strsort_item *v, size_t n);

#endif
