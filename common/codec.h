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

#define CODEC_BLOCK 128     /* values per bit-packed block */
#define VARINT_MAX_BYTES 10 /* a uint64 takes at most this many bytes */

/* Append v as a varint: 7 bits a byte, low bits first, high bit = more.
 * Inline: indexing appends a varint or three a token to the postings, and
 * the calls made postings_add_clause 215 M instructions rather than 165 M
 * (callgrind, generated 10 MiB corpus: 4.2% of the main thread). */
static inline void varint_append(struct buf *b, uint64_t v)
{
	uint8_t *x;

	if (b->len + VARINT_MAX_BYTES + 1 > b->cap)
		buf_reserve(b, VARINT_MAX_BYTES);
	x = (uint8_t *)b->data + b->len;
	while (v >= 0x80) {
		*x++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*x++ = (uint8_t)v;
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
 * every value's low w bits, least significant bit first; then, if there
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
/* Decode values from..to-1 (to <= n) of a block of n values written by
 * bitpack_append at p into vals[0..to-from), reading only their bits and
 * the exceptions: one clause's positions out of a chunk of 128. 0, or
 * ERR_CORRUPT as bitpack_read (every exception is checked). */
int bitpack_read_range(const uint8_t *p, const uint8_t *end, size_t n,
                       size_t from, size_t to, uint32_t *vals);
/* Step *p over a block of n values written by bitpack_append without
 * decoding them (for readers that decode blocks lazily): 0, or
 * ERR_CORRUPT on a bad header or a block running past end. */
int bitpack_skip(const uint8_t **p, const uint8_t *end, size_t n);
/* Bytes bitpack_append would write for these values. */
size_t bitpack_size(const uint32_t *vals, size_t n);

#endif
