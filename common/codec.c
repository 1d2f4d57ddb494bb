/* codec.c: varints and bit-packed blocks (see codec.h). */
#include "codec.h"

#include <string.h>

#include "err.h"

void varint_append(struct buf *b, uint64_t v)
{
	uint8_t *x;

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

size_t varint_size(uint64_t v)
{
	unsigned bits = v ? 64 - (unsigned)__builtin_clzll(v) : 1;

	return (bits + 6) / 7;
}

int varint_read(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	const uint8_t *q = *p;
	uint64_t r = 0;

	for (unsigned shift = 0; shift < 7 * VARINT_MAX_BYTES; shift += 7) {
		if (q >= end)
			return ERR_CORRUPT;
		uint8_t c = *q++;
		if (shift == 63 && c > 1)
			return ERR_CORRUPT;
		r |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*p = q;
			*v = r;
			return 0;
		}
	}
	return ERR_CORRUPT;
}

int varint_read_u32(const uint8_t **p, const uint8_t *end, uint32_t *v)
{
	uint64_t x;
	int rc = varint_read(p, end, &x);

	if (rc)
		return rc;
	if (x > UINT32_MAX)
		return ERR_CORRUPT;
	*v = (uint32_t)x;
	return 0;
}

static unsigned bitpack_width(const uint32_t *vals, size_t n)
{
	uint32_t all = 0;
	unsigned w = 0;

	for (size_t i = 0; i < n; i++)
		all |= vals[i];
	while (w < 32 && (all >> w))
		w++;
	return w;
}

size_t bitpack_size(const uint32_t *vals, size_t n)
{
	return 1 + (n * bitpack_width(vals, n) + 7) / 8;
}

void bitpack_append(struct buf *b, const uint32_t *vals, size_t n)
{
	unsigned w = bitpack_width(vals, n);
	size_t nbytes = (n * w + 7) / 8;
	uint64_t acc = 0;
	unsigned bits = 0;
	uint8_t *out;

	buf_append_byte(b, (uint8_t)w);
	buf_reserve(b, nbytes);
	out = (uint8_t *)b->data + b->len;
	for (size_t i = 0; i < n; i++) {
		acc |= (uint64_t)vals[i] << bits;
		bits += w;
		while (bits >= 8) {
			*out++ = (uint8_t)acc;
			acc >>= 8;
			bits -= 8;
		}
	}
	if (bits)
		*out++ = (uint8_t)acc;
	b->len += nbytes;
	b->data[b->len] = '\0';
}

int bitpack_read(const uint8_t **p, const uint8_t *end, uint32_t *vals,
                 size_t n)
{
	const uint8_t *q = *p;
	unsigned w, bits = 0;
	uint64_t acc = 0, mask;
	size_t nbytes;

	if (q >= end)
		return ERR_CORRUPT;
	w = *q++;
	if (w > 32)
		return ERR_CORRUPT;
	nbytes = (n * w + 7) / 8;
	if ((size_t)(end - q) < nbytes)
		return ERR_CORRUPT;
	if (w == 0) {
		memset(vals, 0, n * sizeof *vals);
		*p = q;
		return 0;
	}
	mask = (w == 32) ? 0xffffffffu : ((1u << w) - 1);
	for (size_t i = 0; i < n; i++) {
		while (bits < w) {
			acc |= (uint64_t)*q++ << bits;
			bits += 8;
		}
		vals[i] = (uint32_t)(acc & mask);
		acc >>= w;
		bits -= w;
	}
	*p = q;
	return 0;
}
