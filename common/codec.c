/* codec.c: varints and bit-packed blocks (see codec.h). */
#include "codec.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "err.h"
#include "format.h"

size_t varint_size(uint64_t v)
{
	unsigned bits = v ? 64 - (unsigned)__builtin_clzll(v) : 1;

	return (bits + 6) / 7;
}

int varint_read_long(const uint8_t **p, const uint8_t *end, uint64_t *v)
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

int varint_read_long_u32(const uint8_t **p, const uint8_t *end, uint32_t *v)
{
	uint64_t x;
	int rc = varint_read_long(p, end, &x);

	if (rc)
		return rc;
	if (x > UINT32_MAX)
		return ERR_CORRUPT;
	*v = (uint32_t)x;
	return 0;
}

/* Bits of v: 0 for 0. */
static unsigned bit_width(uint32_t v)
{
	return v ? 32 - (unsigned)__builtin_clz(v) : 0;
}

/* The width w that makes the block smallest, and its bytes and number of
 * exceptions (values of more than w bits). From the histogram of the
 * values' widths: with above[x] the number of values wider than x bits,
 * w costs above[w] index bytes, and the exceptions' high bits take
 * ceil((b - w) / 7) bytes for a value of b bits, above[w] + above[w + 7]
 * + ... bytes in all. So choosing costs O(n + 33 * 5) whatever n: summing
 * over every width for every w was 70% of choosing, and choosing 41% of
 * the thread that encodes the terms (callgrind, generated 10 MiB corpus). */
static unsigned bitpack_plan(const uint32_t *vals, size_t n, size_t *bytes,
                             size_t *n_exc)
{
	size_t count[33] = { 0 }, above[33];
	unsigned max = 0, best = 0;
	size_t best_bytes = SIZE_MAX, best_exc = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned b = bit_width(vals[i]);
		count[b]++;
		if (b > max)
			max = b;
	}
	above[max] = 0;
	for (unsigned x = max; x-- > 0;)
		above[x] = above[x + 1] + count[x + 1];
	for (unsigned w = max + 1; w-- > 0;) {
		size_t exc = above[w], cost = 1 + (n * w + 7) / 8 + exc;
		for (unsigned x = w; x < max; x += 7)
			cost += above[x]; /* high bits */
		if (exc)
			cost += varint_size(exc);
		if (cost < best_bytes) {
			best = w;
			best_bytes = cost;
			best_exc = exc;
		}
	}
	*bytes = best_bytes;
	*n_exc = best_exc;
	return best;
}

size_t bitpack_size(const uint32_t *vals, size_t n)
{
	size_t bytes, n_exc;

	bitpack_plan(vals, n, &bytes, &n_exc);
	return bytes;
}

/* n values' low w bits (mask) at out, least significant bit first. */
static void pack_bytes(const uint32_t *vals, size_t n, unsigned w, uint32_t mask, uint8_t *out)
{
	uint64_t acc = 0;
	unsigned bits = 0;

	for (size_t i = 0; i < n; i++) {
		acc |= (uint64_t)(vals[i] & mask) << bits;
		bits += w;
		while (bits >= 8) {
			*out++ = (uint8_t)acc;
			acc >>= 8;
			bits -= 8;
		}
	}
	if (bits)
		*out = (uint8_t)acc;
}

/* A full block (CODEC_BLOCK values) in four lanes (codec.h): value i is
 * lane i % 4's (i / 4)-th, and lane l's values fill its w 32-bit words
 * from the least significant bit, word j at out + 16 * j + 4 * l. */
static void pack_lanes(const uint32_t *vals, unsigned w, uint32_t mask, uint8_t *out)
{
	uint32_t words[CODEC_BLOCK] = { 0 }; /* the first 4 * w used */

	for (unsigned i = 0; i < CODEC_BLOCK; i++) {
		unsigned bit = i / 4 * w, j = bit / 32, s = bit % 32, l = i % 4;
		uint32_t v = vals[i] & mask;
		words[4 * j + l] |= v << s;
		if (s + w > 32)
			words[4 * (j + 1) + l] |= v >> (32 - s);
	}
	for (unsigned k = 0; k < 4 * w; k++)
		store_u32(out + 4 * k, words[k]);
}

void bitpack_append(struct buf *b, const uint32_t *vals, size_t n)
{
	size_t bytes, n_exc;
	unsigned w = bitpack_plan(vals, n, &bytes, &n_exc);
	size_t nbytes = (n * w + 7) / 8;
	const uint32_t mask = w == 32 ? UINT32_MAX : (1u << w) - 1;
	uint8_t *out;

	buf_append_byte(b, (uint8_t)(w | (n_exc ? BITPACK_EXCEPTIONS : 0)));
	buf_reserve(b, nbytes);
	out = (uint8_t *)b->data + b->len;
	if (n == CODEC_BLOCK)
		pack_lanes(vals, w, mask, out);
	else
		pack_bytes(vals, n, w, mask, out);
	b->len += nbytes;
	b->data[b->len] = '\0';
	if (!n_exc)
		return;
	varint_append(b, n_exc);
	for (size_t i = 0; i < n; i++)
		if (vals[i] > mask) {
			buf_append_byte(b, (uint8_t)i);
			varint_append(b, vals[i] >> w);
		}
}

/* Read a block's width byte at *q and check that its n packed values fit
 * before end: 0 with *w and *has_exc set, or ERR_CORRUPT. */
static int bitpack_header(const uint8_t **q, const uint8_t *end, size_t n, unsigned *w,
                          int *has_exc)
{
	if (*q >= end)
		return ERR_CORRUPT;
	*has_exc = (**q & BITPACK_EXCEPTIONS) != 0;
	*w = *(*q)++ & ~BITPACK_EXCEPTIONS;
	if (*w > 32 || (*has_exc && *w == 32) || (size_t)(end - *q) < (n * *w + 7) / 8)
		return ERR_CORRUPT;
	return 0;
}

int bitpack_skip(const uint8_t **p, const uint8_t *end, size_t n)
{
	const uint8_t *q = *p;
	unsigned w;
	int has_exc;

	if (bitpack_header(&q, end, n, &w, &has_exc))
		return ERR_CORRUPT;
	q += (n * w + 7) / 8;
	if (has_exc) {
		uint32_t n_exc, high;
		if (varint_read_u32(&q, end, &n_exc) || n_exc == 0 || n_exc > n)
			return ERR_CORRUPT;
		for (uint32_t k = 0; k < n_exc; k++)
			if (q++ >= end || varint_read_u32(&q, end, &high))
				return ERR_CORRUPT;
	}
	*p = q;
	return 0;
}

/* Read the exceptions of a block of n values of width w at *q, checking
 * every one, and add each one's high bits to its value in vals. */
static int patch_exceptions(const uint8_t **q, const uint8_t *end, size_t n,
                            unsigned w, uint32_t *vals)
{
	uint32_t n_exc, high;

	if (varint_read_u32(q, end, &n_exc) || n_exc == 0 || n_exc > n)
		return ERR_CORRUPT;
	for (uint32_t k = 0; k < n_exc; k++) {
		if (*q >= end || **q >= n)
			return ERR_CORRUPT;
		size_t i = *(*q)++;
		if (varint_read_u32(q, end, &high) || high == 0 ||
		    (w && high >> (32 - w)))
			return ERR_CORRUPT;
		vals[i] |= high << w;
	}
	return 0;
}

/* A full block of width w in lanes (pack_lanes) at q into vals. With
 * SSE2 a row of four values is a shift or two and a mask of the lanes'
 * words, each w inlined with its shifts constant (unpack_lanes): 128
 * values in ~14 ns against ~45 read a value at a time from the bytes
 * (the layout before format 28), and stored four at a time, so that
 * gaps_to_ids loads them at once rather than waiting for four stores
 * each. */
#ifdef __SSE2__
static inline __attribute__((always_inline)) void
unpack_lanes_width(const uint8_t *q, uint32_t *vals, unsigned w)
{
	const __m128i *in = (const __m128i *)(const void *)q;
	const __m128i mask = _mm_set1_epi32((int)(UINT32_MAX >> (32 - w)));

#pragma GCC unroll 32
	for (unsigned r = 0; r < CODEC_BLOCK / 4; r++) {
		unsigned bit = r * w, j = bit / 32, s = bit % 32;
		__m128i x = _mm_srli_epi32(_mm_loadu_si128(in + j), (int)s);
		if (s + w > 32)
			x = _mm_or_si128(x, _mm_slli_epi32(_mm_loadu_si128(in + j + 1), (int)(32 - s)));
		if (w < 32)
			x = _mm_and_si128(x, mask);
		_mm_storeu_si128((__m128i *)(void *)(vals + 4 * r), x);
	}
}

static void unpack_lanes(const uint8_t *q, uint32_t *vals, unsigned w)
{
	switch (w) {
#define W(k) case k: unpack_lanes_width(q, vals, k); break;
	W(1) W(2) W(3) W(4) W(5) W(6) W(7) W(8) W(9) W(10) W(11) W(12) W(13) W(14)
	W(15) W(16) W(17) W(18) W(19) W(20) W(21) W(22) W(23) W(24) W(25) W(26)
	W(27) W(28) W(29) W(30) W(31) W(32)
#undef W
	}
}
#else
static void unpack_lanes(const uint8_t *q, uint32_t *vals, unsigned w)
{
	const uint64_t mask = UINT64_MAX >> (64 - w);

	for (unsigned i = 0; i < CODEC_BLOCK; i++) {
		unsigned bit = i / 4 * w, s = bit % 32;
		const uint8_t *word = q + 16 * (bit / 32) + 4 * (i % 4);
		uint64_t x = load_u32(word);
		if (s + w > 32)
			x |= (uint64_t)load_u32(word + 16) << 32;
		vals[i] = (uint32_t)(x >> s & mask);
	}
}
#endif

/* Values [0, 8 * groups) of width w packed at q, read 8 (w bytes) at a
 * time; each of those 8 is one 8-byte load from its first byte. Inlined
 * for each w by unpack_groups, so every offset, shift and mask is a
 * constant: 3-4 instructions a value, where computing them (the loop in
 * bitpack_read) took 10, and decoding blocks was 18% of the instructions
 * of especial internacional daresaar on 100 MiB. */
static inline __attribute__((always_inline)) void
unpack_width(const uint8_t *q, uint32_t *vals, size_t groups, unsigned w)
{
	const uint64_t mask = UINT64_MAX >> (64 - w);

	for (size_t g = 0; g < groups; g++, q += w, vals += 8) {
#pragma GCC unroll 8
		for (unsigned j = 0; j < 8; j++)
			vals[j] = (uint32_t)(load_u64(q + (j * w >> 3)) >> (j * w & 7) & mask);
	}
}

/* unpack_width for a w of 1 to 32 known only when a block is read. */
static void unpack_groups(const uint8_t *q, uint32_t *vals, size_t groups, unsigned w)
{
	switch (w) {
#define W(k) case k: unpack_width(q, vals, groups, k); break;
	W(1) W(2) W(3) W(4) W(5) W(6) W(7) W(8) W(9) W(10) W(11) W(12) W(13) W(14)
	W(15) W(16) W(17) W(18) W(19) W(20) W(21) W(22) W(23) W(24) W(25) W(26)
	W(27) W(28) W(29) W(30) W(31) W(32)
#undef W
	}
}

int bitpack_read(const uint8_t **p, const uint8_t *end, uint32_t *vals,
                 size_t n)
{
	const uint8_t *q = *p;
	unsigned w, bits = 0;
	uint64_t acc = 0, mask;
	int has_exc;

	if (bitpack_header(&q, end, n, &w, &has_exc))
		return ERR_CORRUPT;
	if (w == 0) {
		memset(vals, 0, n * sizeof *vals);
	} else if (n == CODEC_BLOCK) {
		unpack_lanes(q, vals, w);
		q += CODEC_BLOCK / 8 * w;
	} else {
		size_t i = 0, avail = (size_t)(end - q);
		mask = (w == 32) ? 0xffffffffu : ((1u << w) - 1);
		/* Value i starts at bit i * w: one 8-byte load from its first
		 * byte holds it (at most 7 + 32 bits), while those 8 bytes lie
		 * before end (bytes past the packed ones are read and masked
		 * off). A byte at a time, as for the last values, cost a
		 * 128-posting block ~2,900 instructions: a third of an AND of
		 * a rare and a common word on 100 MiB went to decoding. Below
		 * 4 bits a byte holds two values or more, and the byte loop
		 * is the cheaper (measured on the tfs of 'derec*'). */
		if (avail >= 8 + (7 * w >> 3)) {
			/* Groups of 8 values whose every load lies before end:
			 * group g's last load ends 8 + 7w/8 bytes past g * w. */
			size_t groups = (avail - 8 - (7 * w >> 3)) / w + 1;
			groups = groups < n / 8 ? groups : n / 8;
			unpack_groups(q, vals, groups, w);
			i = groups * 8;
		}
		if (w >= 4 && avail >= 8) {
			/* The values whose 8 bytes lie before end: i * w < 8 *
			 * (avail - 7), counted once so that the loop tests only
			 * i (7 instructions a value against 11). */
			size_t fast = (8 * (avail - 7) + w - 1) / w, bit = i * w;
			for (fast = fast < n ? fast : n; i < fast; i++, bit += w)
				vals[i] = (uint32_t)(load_u64(q + (bit >> 3)) >> (bit & 7) & mask);
		}
		q += i * w >> 3;
		bits = (unsigned)(i * w & 7);
		if (bits) {
			acc = (uint64_t)*q++ >> bits;
			bits = 8 - bits;
		}
		for (; i < n; i++) {
			while (bits < w) {
				acc |= (uint64_t)*q++ << bits;
				bits += 8;
			}
			vals[i] = (uint32_t)(acc & mask);
			acc >>= w;
			bits -= w;
		}
	}
	if (has_exc && patch_exceptions(&q, end, n, w, vals))
		return ERR_CORRUPT;
	*p = q;
	return 0;
}

/* v of at most 32 bits: four whole bytes out at a time. */
static inline void bit_writer_put(struct bit_writer *w, uint32_t v, unsigned bits)
{
	w->acc |= (uint64_t)v << w->n;
	w->n += bits;
	if (w->n >= 32) {
		uint8_t word[4];
		store_u32(word, (uint32_t)w->acc);
		buf_append(w->b, word, sizeof word);
		w->acc >>= 32;
		w->n -= 32;
	}
}

void positions_put(struct bit_writer *w, const uint32_t *gaps, uint32_t tf, uint32_t len)
{
	uint32_t next = 0, p = 0; /* the least position j can be; position j */

	for (uint32_t j = 0; j < tf; j++) {
		uint32_t n = len - next - (tf - 1 - j), u; /* its choices */
		p = j ? p + gaps[j] : gaps[0];
		if (n > 1) {
			unsigned k = truncbin_width(n, &u);
			uint32_t v = p - next;
			if (v < u)
				bit_writer_put(w, v, k);
			else /* k bits of c >> 1, then c & 1 */
				bit_writer_put(w, (v + u) >> 1 | ((v + u) & 1) << k, k + 1);
		}
		next = p + 1;
	}
}

void bit_writer_finish(struct bit_writer *w)
{
	for (; w->n; w->n = w->n > 8 ? w->n - 8 : 0) { /* the bits past n are zeros */
		buf_append_byte(w->b, (uint8_t)w->acc);
		w->acc >>= 8;
	}
}

int bit_reader_at_end(const struct bit_reader *r)
{
	return r->p == r->end && r->n < 8 && !(r->acc & ((1u << r->n) - 1));
}

uint64_t gaps_to_ids(uint32_t *v, size_t n, uint64_t first)
{
	uint64_t id = first - 1;
	size_t i = 0;

#ifdef __SSE2__
	/* Four at a time in 32-bit lanes, exact when no sum passes 2^32: with
	 * b the width of the widest gap, the last id is below first + n *
	 * 2^b, which is checked after (the widest found on the way). Each
	 * vector's own prefix sums do not wait for the vector before; only
	 * adding its carry does, one add a vector where the scalar loop's
	 * chain was one a value. A 128-posting block's ids in ~30 ns against
	 * ~63 (the scalar loop), which most of decoding a block was (perf:
	 * two words --strict). */
	const __m128i one = _mm_set1_epi32(1);
	__m128i carry = _mm_set1_epi32((int)(uint32_t)id), any = _mm_setzero_si128();
#pragma GCC unroll 4
	for (; i + 4 <= n; i += 4) {
		__m128i *at = (__m128i *)(void *)(v + i), gaps = _mm_loadu_si128(at);
		__m128i x = _mm_add_epi32(gaps, one);
		any = _mm_or_si128(any, gaps);
		x = _mm_add_epi32(x, _mm_slli_si128(x, 4));
		x = _mm_add_epi32(x, _mm_slli_si128(x, 8));
		__m128i total = _mm_shuffle_epi32(x, 0xff);
		_mm_storeu_si128(at, _mm_add_epi32(x, carry));
		carry = _mm_add_epi32(carry, total);
	}
	if (i) {
		any = _mm_or_si128(any, _mm_shuffle_epi32(any, 0x4e));
		any = _mm_or_si128(any, _mm_shuffle_epi32(any, 0xb1));
		unsigned b = bit_width((uint32_t)_mm_cvtsi128_si32(any));
		if (first + ((uint64_t)i << b) <= (uint64_t)1 << 32) {
			id = v[i - 1]; /* exact: below 2^32 */
		} else {
			/* The sums wrapped, maybe: the gaps back (differences
			 * modulo 2^32 undo sums modulo 2^32), summed below. */
			for (size_t j = i; j-- > 1;)
				v[j] -= v[j - 1] + 1;
			v[0] -= (uint32_t)first;
			i = 0;
		}
	}
#endif
#pragma GCC unroll 4
	for (; i < n; i++) {
		id += (uint64_t)v[i] + 1;
		v[i] = (uint32_t)id;
	}
	return id;
}
