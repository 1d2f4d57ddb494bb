/* skiptab.c: a term's skip table in chunks of columns (skiptab.h). */
#include "skiptab.h"

#include <string.h>

#include "err.h"

/* Blocks whose every tf is at most FRONT_SMALL_TF (nearly all: a term is
 * seldom more than a few times in one clause) get their front from the
 * shortest length of each tf, a pass over the block and one over the tfs;
 * others by insertion into the front, a pass over the front for each
 * pair. Both give the one front there is. A reader derives a block's front
 * at every open of a term of one block: insertion took ~20 instructions a
 * posting there. */
#define FRONT_SMALL_TF 15

/* Merge the front f[0..m) (tf and len strictly descending) down to
 * BLOCK_MAX_BOUNDS pairs into p: two neighbours merge into the larger tf
 * and the shorter len, still a bound of both; the neighbours closest in tf
 * merge first. */
static size_t front_merge(struct bound_pair *p, struct bound_pair *f, size_t m)
{
	while (m > BLOCK_MAX_BOUNDS) {
		size_t best = 0;
		for (size_t i = 1; i + 1 < m; i++)
			if (f[i].tf - f[i + 1].tf < f[best].tf - f[best + 1].tf)
				best = i;
		f[best].len = f[best + 1].len;
		memmove(f + best + 1, f + best + 2, (m - best - 2) * sizeof *f);
		m--;
	}
	memmove(p, f, m * sizeof *p);
	return m;
}

size_t skiptab_front(struct bound_pair *p, size_t n)
{
	struct bound_pair f[CODEC_BLOCK];
	/* UINT64_MAX: no pair of this tf (a length is at most UINT32_MAX) */
	uint64_t shortest[FRONT_SMALL_TF + 1], below = UINT64_MAX;
	size_t m = 0;

	for (uint32_t t = 0; t <= FRONT_SMALL_TF; t++)
		shortest[t] = UINT64_MAX;
	for (size_t i = 0; i < n; i++) {
		uint32_t t = p[i].tf;
		if (t > FRONT_SMALL_TF)
			goto insertion;
		if (p[i].len < shortest[t])
			shortest[t] = p[i].len;
	}
	/* By tf descending, a pair is on the front when it is shorter than
	 * every pair of a larger tf. */
	for (uint32_t t = FRONT_SMALL_TF + 1; t-- > 0;) {
		if (shortest[t] < below) {
			f[m++] = (struct bound_pair){ t, (uint32_t)shortest[t] };
			below = shortest[t];
		}
	}
	return front_merge(p, f, m);
insertion:
	for (size_t i = 0; i < n; i++) {
		struct bound_pair q = p[i];
		size_t j, k;
		for (j = 0; j < m && !(f[j].tf >= q.tf && f[j].len <= q.len); j++)
			;
		if (j < m)
			continue; /* dominated (or equal) */
		for (j = k = 0; j < m; j++)
			if (!(q.tf >= f[j].tf && q.len <= f[j].len))
				f[k++] = f[j];
		/* insert keeping tf descending */
		for (j = k; j > 0 && f[j - 1].tf < q.tf; j--)
			f[j] = f[j - 1];
		f[j] = q;
		m = k + 1;
	}
	return front_merge(p, f, m);
}

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
