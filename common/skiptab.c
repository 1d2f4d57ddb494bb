/* skiptab.c: a term's skip table in chunks of columns (skiptab.h). */
#include "skiptab.h"

#include "err.h"

void skiptab_add(struct skip_chunk *c, uint32_t last_gap, uint32_t doc_bytes,
                 uint32_t pos_bytes, const struct bound_pair *pairs, size_t n_pairs)
{
	uint32_t j = c->n++;

	c->last_gap[j] = last_gap;
	c->doc_bytes[j] = doc_bytes;
	c->pos_bytes[j] = pos_bytes;
	c->head[j] = (pairs[n_pairs - 1].tf - 1) << BOUND_COUNT_BITS | (uint32_t)(n_pairs - 1);
	c->len[j] = pairs[n_pairs - 1].len;
	for (size_t i = n_pairs - 1; i-- > 0;) {
		c->tf_diff[c->n_diffs] = pairs[i].tf - pairs[i + 1].tf - 1;
		c->len_diff[c->n_diffs++] = pairs[i].len - pairs[i + 1].len - 1;
	}
}

/* One column of n values: bit-packed CODEC_BLOCK at a time, or varints. */
static void column_append(struct buf *b, const uint32_t *v, uint32_t n, int packed)
{
	for (uint32_t i = 0; i < n; i += packed ? CODEC_BLOCK : 1) {
		if (packed)
			bitpack_append(b, v + i, n - i < CODEC_BLOCK ? n - i : CODEC_BLOCK);
		else
			varint_append(b, v[i]);
	}
}

static int column_read(const uint8_t **p, const uint8_t *end, uint32_t *v, uint32_t n,
                       int packed)
{
	for (uint32_t i = 0; packed && i < n; i += CODEC_BLOCK)
		if (bitpack_read(p, end, v + i, n - i < CODEC_BLOCK ? n - i : CODEC_BLOCK))
			return ERR_CORRUPT;
	for (uint32_t i = 0; !packed && i < n; i++)
		if (varint_read_u32(p, end, v + i))
			return ERR_CORRUPT;
	return 0;
}

void skiptab_append(struct buf *b, const struct skip_chunk *c, uint32_t sized)
{
	int packed = c->n >= SKIP_PACK_MIN;

	column_append(b, c->last_gap, c->n, packed);
	column_append(b, c->doc_bytes, sized, packed);
	column_append(b, c->pos_bytes, sized, packed);
	column_append(b, c->head, c->n, packed);
	column_append(b, c->len, c->n, packed);
	column_append(b, c->tf_diff, c->n_diffs, packed);
	column_append(b, c->len_diff, c->n_diffs, packed);
}

int skiptab_read(const uint8_t **p, const uint8_t *end, struct skip_chunk *c,
                 uint32_t n, uint32_t sized)
{
	int packed = n >= SKIP_PACK_MIN;
	uint32_t d = 0, over = 0;

	c->n = n;
	if (column_read(p, end, c->last_gap, n, packed) ||
	    column_read(p, end, c->doc_bytes, sized, packed) ||
	    column_read(p, end, c->pos_bytes, sized, packed) ||
	    column_read(p, end, c->head, n, packed) ||
	    column_read(p, end, c->len, n, packed))
		return ERR_CORRUPT;
	for (uint32_t j = 0; j < n; j++) {
		uint32_t extra = c->head[j] & ((1u << BOUND_COUNT_BITS) - 1);
		over |= extra >= BLOCK_MAX_BOUNDS;
		d += extra;
	}
	c->n_diffs = d;
	if (over || column_read(p, end, c->tf_diff, d, packed) ||
	    column_read(p, end, c->len_diff, d, packed))
		return ERR_CORRUPT;
	return 0;
}
