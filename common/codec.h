/* codec.h: the integer codecs of the index format: LEB128-style varints and
 * bit-packed blocks of up to CODEC_BLOCK values.
 *
 * Decoders never trust their input: they take an end pointer and return
 * ERR_CORRUPT rather than read past it. */
#ifndef UNSEARCH_CODEC_H
#define UNSEARCH_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "format.h" /* load_u64, CLAUSE_MAX_TOKENS */

#define CODEC_BLOCK 128     /* values per bit-packed block */
#define VARINT_MAX_BYTES 10 /* a uint64 takes at most this many bytes */

/* Write v as a varint at x (room for VARINT_MAX_BYTES): 7 bits a byte,
 * low bits first, high bit = more. Returns the byte after it. */
static inline uint8_t *varint_put(uint8_t *x, uint64_t v)
{
	while (v >= 0x80) {
		*x++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*x++ = (uint8_t)v;
	return x;
}
/* Append v as a varint. Inline: indexing appends a varint or three a
 * token, and the calls made postings_add_clause 215 M instructions rather
 * than 165 M (callgrind, generated 10 MiB corpus: 4.2% of the main
 * thread). */
static inline void varint_append(struct buf *b, uint64_t v)
{
	uint8_t *x;

	if (b->len + VARINT_MAX_BYTES + 1 > b->cap)
		buf_reserve(b, VARINT_MAX_BYTES);
	x = varint_put((uint8_t *)b->data + b->len, v);
	b->len = (size_t)((char *)x - b->data);
	b->data[b->len] = '\0';
}
/* Bytes varint_append takes for v. */
size_t varint_size(uint64_t v);
/* varint_read of any varint, out of line; *p is left alone on error. */
int varint_read_long(const uint8_t **p, const uint8_t *end, uint64_t *v);
/* varint_read_u32 of any varint, out of line. */
int varint_read_long_u32(const uint8_t **p, const uint8_t *end, uint32_t *v);

/* Decode one varint at *p (< end), advancing *p. 0, or ERR_CORRUPT when the
 * varint runs past end or past VARINT_MAX_BYTES. Inline for the one-byte
 * case, which most of the index's varints take (skip tables, lexicon):
 * a call and a loop per value cost readers more than their decoding. */
static inline int varint_read(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	if (*p < end && **p < 0x80) {
		*v = *(*p)++;
		return 0;
	}
	return varint_read_long(p, end, v);
}

/* varint_read into a uint32, ERR_CORRUPT if the value does not fit. */
static inline int varint_read_u32(const uint8_t **p, const uint8_t *end, uint32_t *v)
{
	if (*p < end && **p < 0x80) {
		*v = *(*p)++;
		return 0;
	}
	return varint_read_long_u32(p, end, v);
}

/* Bit-pack n (<= CODEC_BLOCK) values, patched for outliers (PFor): one
 * byte with a bit width w (0..32), plus BITPACK_EXCEPTIONS when values
 * wider than w follow as exceptions; then ceil(n * w / 8) bytes holding
 * every value's low w bits, least significant bit first, or for a full
 * block (n == CODEC_BLOCK) in four lanes: value i is lane i % 4's
 * (i / 4)-th, each lane's values fill w little-endian 32-bit words from
 * the least significant bit, and word j of lane l is at 16 * j + 4 * l
 * (four values are then decoded at once, SSE2's lanes); then, if there
 * are exceptions, varint count, and per exception in value order u8 index
 * and varint high bits (value >> w, not 0). The writer picks the w that
 * makes the block smallest: one long clause's position or one large gap
 * no longer widens the whole block. n itself is not stored. */
#define BITPACK_EXCEPTIONS 0x80u
void bitpack_append(struct buf *b, const uint32_t *vals, size_t n);
/* Decode n values written by bitpack_append at *p, advancing *p. 0, or
 * ERR_CORRUPT on a bad width or a block running past end. */
int bitpack_read(const uint8_t **p, const uint8_t *end, uint32_t *vals,
                 size_t n);
/* Step *p over a block of n values written by bitpack_append without
 * decoding them (for readers that decode blocks lazily): 0, or
 * ERR_CORRUPT on a bad header or a block running past end. */
int bitpack_skip(const uint8_t **p, const uint8_t *end, size_t n);
/* Bytes bitpack_append would write for these values. */
size_t bitpack_size(const uint32_t *vals, size_t n);

/* Turn a block's n gaps in v (format.h: each clause id less the one
 * before it less 1, the first less first) into the ids in place: v[i] =
 * first + i + v[0] + ... + v[i]. Returns the last id summed in 64 bits,
 * which the caller checks against its range: the ids ascend, so it
 * bounds them all (with n 0, first - 1). */
uint64_t gaps_to_ids(uint32_t *v, size_t n, uint64_t first);

/* A term's positions in one clause (format.h SEC_POSITIONS): tf ascending
 * token positions in a clause of len tokens, each in truncated binary
 * among the values it can still take (the first in [0, len - tf], each
 * next from the one before plus one up to len less the positions still to
 * come), so a position costs about log2 of its clause's length and a
 * position that has one value left costs nothing. A position of n
 * choices, with k = floor(log2 n) and u = 2^(k+1) - n: v < u as k bits,
 * otherwise c = v + u as k bits of c >> 1 then one bit of c & 1. Bits go
 * least significant first, as in bit-packed blocks; the writer pads the
 * last byte with zero bits. */
/* A value of n >= 2 choices: k = floor(log2 n) into the result, and
 * u = 2^(k+1) - n. */
static inline unsigned truncbin_width(uint32_t n, uint32_t *u)
{
	unsigned k = 31 - (unsigned)__builtin_clz(n);

	*u = (2u << k) - n;
	return k;
}

struct bit_writer {
	struct buf *b;
	uint64_t acc; /* bits not yet appended, the oldest lowest */
	unsigned n;   /* how many: < 32 between calls; the buffer has the
	               * rest only after bit_writer_finish */
};
static inline void bit_writer_start(struct bit_writer *w, struct buf *b)
{
	w->b = b;
	w->acc = 0;
	w->n = 0;
}
/* Append one clause's positions, given as gaps (the first position, then
 * each one's distance from the one before, >= 1). The caller guarantees
 * 1 <= tf <= len and every position < len. */
void positions_put(struct bit_writer *w, const uint32_t *gaps, uint32_t tf, uint32_t len);
/* Append the last bits, padded with zeros to a whole byte. */
void bit_writer_finish(struct bit_writer *w);

struct bit_reader {
	const uint8_t *p, *end; /* bytes not yet loaded into acc */
	uint64_t acc;           /* n bits not yet read, the next lowest */
	unsigned n;
};
static inline void bit_reader_start(struct bit_reader *r, const uint8_t *p,
                                    const uint8_t *end)
{
	r->p = p;
	r->end = end;
	r->acc = 0;
	r->n = 0;
}
/* At least 57 bits in acc, or all the bytes have. Eight bytes at a time
 * where they are: the bytes loaded past the whole ones counted in n are
 * loaded again, at the same bits, by the next fill. All inline, so that a
 * reader copied into a local stays in registers. */
static inline void bit_reader_fill(struct bit_reader *r)
{
	if (r->end - r->p >= 8) {
		r->acc |= load_u64(r->p) << r->n;
		r->p += (63 - r->n) >> 3;
		r->n |= 56;
		return;
	}
	while (r->n <= 56 && r->p < r->end) {
		r->acc |= (uint64_t)*r->p++ << r->n;
		r->n += 8;
	}
}

/* Decode one clause's tf positions (absolute, ascending) into pos. 0, or
 * ERR_CORRUPT when tf > len or the bits run out. Inline, the choice
 * between k and k + 1 bits made without a branch, and the bits counted
 * once a clause: past the last byte acc reads zeros, and a count gone
 * below zero is the damage. A phrase check decodes the positions of
 * each candidate clause (and steps over some before it, index.h): a
 * call and a check a value were most of that. */
static inline int positions_get(struct bit_reader *r, uint32_t *pos, uint32_t tf,
                                uint32_t len)
{
	uint64_t acc = r->acc;
	int have = (int)r->n;
	uint32_t next = 0, n = len - tf + 1; /* position j's choices */

	if (tf > len || len > CLAUSE_MAX_TOKENS)
		return ERR_CORRUPT;
	for (uint32_t j = 0; j < tf; j++) {
		uint32_t v = 0;
		if (n > 1) {
			uint32_t u, x, big;
			unsigned k = truncbin_width(n, &u);
			if (have < 17) {
				r->acc = acc;
				r->n = (unsigned)have;
				bit_reader_fill(r);
				acc = r->acc;
				have = (int)r->n;
			}
			x = (uint32_t)acc & ((1u << k) - 1);
			big = x >= u;
			v = big ? (x << 1 | ((uint32_t)(acc >> k) & 1)) - u : x;
			acc >>= k + big;
			have -= (int)(k + big);
		}
		pos[j] = next + v;
		next += v + 1;
		n -= v;
	}
	if (have < 0)
		return ERR_CORRUPT;
	r->acc = acc;
	r->n = (unsigned)have;
	return 0;
}

/* Step over the one position of a clause of len tokens (tf 1) without
 * decoding it: 0, or ERR_CORRUPT as positions_get. */
static inline int position_skip(struct bit_reader *r, uint32_t len)
{
	unsigned k, used;
	uint32_t u;

	if (len - 1 >= CLAUSE_MAX_TOKENS) /* 0, or past the largest clause */
		return ERR_CORRUPT;
	if (len == 1)
		return 0;
	k = truncbin_width(len, &u);
	if (r->n < 17)
		bit_reader_fill(r);
	used = k + (((uint32_t)r->acc & ((1u << k) - 1)) >= u);
	if (used > r->n)
		return ERR_CORRUPT;
	r->acc >>= used;
	r->n -= used;
	return 0;
}
/* 1 when what is left is the last byte's zero padding and nothing else. */
int bit_reader_at_end(const struct bit_reader *r);

#endif
