/* skiptab.h: a term's skip table (format.h SEC_POSTINGS), a chunk of up to
 * CODEC_BLOCK blocks at a time, column by column: the one encoder (the
 * segment writer, the tests' hand-made segments) and the one decoder (the
 * posting reader), and the bound pairs of a block. Values only; what they mean and their checks are the
 * posting reader's. Chunks are plain structs the caller owns. */
#ifndef UNSEARCH_SKIPTAB_H
#define UNSEARCH_SKIPTAB_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "codec.h"
#include "format.h"

/* A (tf, clause length) bound pair of a postings block. */
struct bound_pair {
	uint32_t tf, len;
};

/* Reduce a block's n (tf, clause length) pairs (1..CODEC_BLOCK, one a
 * posting) in place to their Pareto front, tf descending and len strictly
 * descending, merged down to BLOCK_MAX_BOUNDS pairs; returns the count.
 * The writer stores the result in the skip table of a term of several
 * blocks; the reader derives it from the block of a term of one (format.h
 * SEC_POSTINGS), so both must come from here. */
size_t skiptab_front(struct bound_pair *p, size_t n);

#define SKIP_MAX_DIFFS (CODEC_BLOCK * (BLOCK_MAX_BOUNDS - 1))

/* The skip entries of n blocks, as format.h stores them. */
struct skip_chunk {
	uint32_t n;                          /* blocks, <= CODEC_BLOCK */
	uint32_t n_diffs;                    /* values of tf_diff and len_diff */
	uint32_t last_gap[CODEC_BLOCK];      /* last id - the previous block's - 1 */
	uint32_t doc_bytes[CODEC_BLOCK], pos_bytes[CODEC_BLOCK];
	/* The last bound pair: (tf - 1) << BOUND_COUNT_BITS | (n_bounds - 1),
	 * and its len. */
	uint32_t head[CODEC_BLOCK], len[CODEC_BLOCK];
	/* The earlier pairs, block by block, each from its next one back. */
	uint32_t tf_diff[SKIP_MAX_DIFFS], len_diff[SKIP_MAX_DIFFS];
};

/* Add a block to c (c->n < CODEC_BLOCK; start with c->n = c->n_diffs = 0):
 * its last id's gap, its sizes and its n_pairs (1..BLOCK_MAX_BOUNDS) bound
 * pairs, a Pareto front by tf descending (len strictly descending). */
void skiptab_add(struct skip_chunk *c, uint32_t last_gap, uint32_t doc_bytes,
                 uint32_t pos_bytes, const struct bound_pair *pairs, size_t n_pairs);
/* Append c to b, with the sizes of its first `sized` blocks (c->n, or
 * c->n - 1 for a term's last chunk: its last block's sizes are the rest). */
void skiptab_append(struct buf *b, const struct skip_chunk *c, uint32_t sized);
/* Decode a chunk of n (1..CODEC_BLOCK) blocks, `sized` of them with sizes,
 * at *p into c, advancing *p: 0, or ERR_CORRUPT when it runs past end or
 * a head counts more than BLOCK_MAX_BOUNDS pairs. */
int skiptab_read(const uint8_t **p, const uint8_t *end, struct skip_chunk *c,
                 uint32_t n, uint32_t sized);

#endif
