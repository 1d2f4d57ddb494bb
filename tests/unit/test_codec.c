/* test_codec.c: varint and bit-packing round trips on edge cases, random
 * lists, lists with outliers (exceptions) and real postings gaps, a full
 * block's lanes bit by bit, gaps summed into ids; clause
 * positions on every small set, random streams and damage. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "err.h"
#include "harness.h"

/* A small deterministic generator (xorshift64*), so failures reproduce. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static void bitpack_roundtrip(struct harness *h, const uint32_t *vals, size_t n)
{
	struct buf b = BUF_INIT;
	uint32_t out[CODEC_BLOCK + 1];
	const uint8_t *p;

	bitpack_append(&b, vals, n);
	CHECK_INT_EQ(h, b.len, bitpack_size(vals, n));
	p = (const uint8_t *)b.data;
	memset(out, 0xab, sizeof out);
	CHECK_INT_EQ(h, bitpack_read(&p, p + b.len, out, n), 0);
	CHECK(h, p == (const uint8_t *)b.data + b.len);
	CHECK(h, memcmp(out, vals, n * sizeof *vals) == 0);
	/* Skipping steps over the same bytes. */
	p = (const uint8_t *)b.data;
	CHECK_INT_EQ(h, bitpack_skip(&p, p + b.len, n), 0);
	CHECK(h, p == (const uint8_t *)b.data + b.len);
	/* A block cut short is corrupt, never an overread. */
	if (b.len > 1) {
		p = (const uint8_t *)b.data;
		CHECK_INT_EQ(h, bitpack_read(&p, p + b.len - 1, out, n), ERR_CORRUPT);
	}
	buf_release(&b);
}

static void test_bitpack_edges(struct harness *h)
{
	uint32_t v[CODEC_BLOCK] = { 0 };

	bitpack_roundtrip(h, v, 0);
	v[0] = 7;
	bitpack_roundtrip(h, v, 1);
	for (size_t i = 0; i < CODEC_BLOCK; i++)
		v[i] = 5; /* all equal */
	bitpack_roundtrip(h, v, CODEC_BLOCK);
	for (size_t i = 0; i < CODEC_BLOCK; i++)
		v[i] = 0;
	bitpack_roundtrip(h, v, CODEC_BLOCK);
	for (size_t i = 0; i < CODEC_BLOCK; i++)
		v[i] = (i % 2) ? 0x80000000u : 1; /* gaps of 2^31 */
	bitpack_roundtrip(h, v, CODEC_BLOCK);
	for (size_t i = 0; i < CODEC_BLOCK; i++)
		v[i] = UINT32_MAX - (uint32_t)i;
	bitpack_roundtrip(h, v, CODEC_BLOCK);
	/* Width byte: 0 for all zeros, 32 for the largest values. */
	struct buf b = BUF_INIT;
	v[0] = 0;
	bitpack_append(&b, v, 1);
	CHECK_INT_EQ(h, (uint8_t)b.data[0], 0);
	buf_reset(&b);
	v[0] = UINT32_MAX;
	bitpack_append(&b, v, 1);
	CHECK_INT_EQ(h, (uint8_t)b.data[0], 32);
	CHECK_INT_EQ(h, b.len, 5);
	/* A width over 32 is corrupt. */
	b.data[0] = 33;
	const uint8_t *p = (const uint8_t *)b.data;
	CHECK_INT_EQ(h, bitpack_read(&p, p + b.len, v, 1), ERR_CORRUPT);
	buf_release(&b);
}

static void test_bitpack_random(struct harness *h)
{
	uint64_t s = 88172645463325252ull;
	uint32_t v[CODEC_BLOCK];

	for (int trial = 0; trial < 2000; trial++) {
		size_t n = rng_next(&s) % (CODEC_BLOCK + 1);
		unsigned w = (unsigned)(rng_next(&s) % 33);
		for (size_t i = 0; i < n; i++)
			v[i] = w == 32 ? (uint32_t)rng_next(&s)
			               : (uint32_t)(rng_next(&s) & ((1ull << w) - 1));
		bitpack_roundtrip(h, v, n);
	}
}

/* Small values with a few outliers: the outliers become exceptions, and
 * the block is far smaller than packing everything at the outliers' width. */
static void test_bitpack_exceptions(struct harness *h)
{
	uint64_t s = 0x2545f4914f6cdd1dull;
	uint32_t v[CODEC_BLOCK];

	for (int trial = 0; trial < 500; trial++) {
		size_t n_out = 1 + rng_next(&s) % 4;
		for (size_t i = 0; i < CODEC_BLOCK; i++)
			v[i] = (uint32_t)(rng_next(&s) % 64);
		for (size_t k = 0; k < n_out; k++)
			v[rng_next(&s) % CODEC_BLOCK] = (uint32_t)rng_next(&s) | 1u << 20;
		bitpack_roundtrip(h, v, CODEC_BLOCK);
		CHECK(h, bitpack_size(v, CODEC_BLOCK) <= 2 + CODEC_BLOCK * 6 / 8 + 5 * n_out);
	}
	{ /* damaged exception lists are corrupt, never an overread */
		struct buf b = BUF_INIT;
		const uint8_t *p;
		uint32_t out[CODEC_BLOCK];
		bitpack_append(&b, v, CODEC_BLOCK);
		CHECK(h, (uint8_t)b.data[0] & BITPACK_EXCEPTIONS);
		b.data[1 + CODEC_BLOCK * ((uint8_t)b.data[0] & 0x3f) / 8] = 0; /* count 0 */
		p = (const uint8_t *)b.data;
		CHECK_INT_EQ(h, bitpack_read(&p, p + b.len, out, CODEC_BLOCK), ERR_CORRUPT);
		p = (const uint8_t *)b.data;
		CHECK_INT_EQ(h, bitpack_skip(&p, p + b.len, CODEC_BLOCK), ERR_CORRUPT);
		buf_release(&b);
	}
}

/* A full block's layout (codec.h, man/unsearch.5): value i is lane
 * i % 4's (i / 4)-th, lane l's values fill its little-endian 32-bit words
 * from the least significant bit, word j of lane l at byte 16j + 4l. Each
 * width's block is read back here bit by bit from that description, and
 * through bitpack_read (SSE2 or not). */
static void test_bitpack_lanes(struct harness *h)
{
	uint64_t s = 0x9e3779b97f4a7c15ull;
	uint32_t v[CODEC_BLOCK];

	for (unsigned w = 1; w <= 32; w++) {
		struct buf b = BUF_INIT;
		const uint32_t mask = w == 32 ? UINT32_MAX : (1u << w) - 1;
		int laid_out = 1;

		for (size_t i = 0; i < CODEC_BLOCK; i++)
			v[i] = (uint32_t)rng_next(&s) & mask;
		v[CODEC_BLOCK - 1] = mask; /* the width is w: no smaller one */
		bitpack_append(&b, v, CODEC_BLOCK);
		CHECK_INT_EQ(h, (uint8_t)b.data[0], w);
		CHECK_INT_EQ(h, b.len, 1 + CODEC_BLOCK / 8 * w);
		const uint8_t *packed = (const uint8_t *)b.data + 1;
		for (size_t i = 0; i < CODEC_BLOCK && laid_out; i++) {
			uint32_t x = 0;
			for (unsigned k = 0; k < w; k++) {
				size_t bit = i / 4 * w + k; /* in lane i % 4 */
				size_t byte = 16 * (bit / 32) + 4 * (i % 4) + bit % 32 / 8;
				x |= (uint32_t)(packed[byte] >> (bit % 8) & 1) << k;
			}
			laid_out = x == v[i];
		}
		CHECK(h, laid_out);
		bitpack_roundtrip(h, v, CODEC_BLOCK);
		buf_release(&b);
	}
}

/* gaps_to_ids against the sum one gap at a time in 64 bits: every n up
 * to a block (the vectors and the tail), small gaps (the four-lane path),
 * gaps whose sum passes 2^32 or a first id near it (the 64-bit path), and
 * a first id of 0. */
static void test_gaps_to_ids(struct harness *h)
{
	uint64_t s = 0x853c49e6748fea9bull;
	uint32_t gaps[CODEC_BLOCK], ids[CODEC_BLOCK];
	const uint64_t firsts[] = { 0, 1, 1000, UINT32_MAX - 5000, UINT32_MAX };

	for (int trial = 0; trial < 600; trial++) {
		size_t n = (size_t)trial % (CODEC_BLOCK + 1);
		uint64_t first = firsts[trial % 5];
		unsigned w = (unsigned)(rng_next(&s) % 33);
		int same = 1;

		for (size_t i = 0; i < n; i++)
			gaps[i] = w == 32 ? (uint32_t)rng_next(&s)
			                  : (uint32_t)(rng_next(&s) & ((1ull << w) - 1));
		memcpy(ids, gaps, n * sizeof *gaps);
		uint64_t last = gaps_to_ids(ids, n, first), id = first - 1;
		for (size_t i = 0; i < n; i++) {
			id += (uint64_t)gaps[i] + 1;
			same &= ids[i] == (uint32_t)id;
		}
		CHECK(h, same);
		CHECK(h, last == id);
	}
}

/* Clause positions (positions_put / positions_get): one clause's tf
 * positions, absolute, from gaps. */
static void to_gaps(const uint32_t *pos, uint32_t tf, uint32_t *gaps)
{
	for (uint32_t j = 0; j < tf; j++)
		gaps[j] = j ? pos[j] - pos[j - 1] : pos[0];
}

/* Every set of positions of every clause of 1 to 12 tokens, each alone in
 * its stream: it decodes to itself, ends its bytes, and takes at most
 * ceil(log2(n)) bits a position of n choices (a clause's whole set, or a
 * last position with one value left, takes none). */
static void test_positions_every_set(struct harness *h)
{
	struct buf b = BUF_INIT;
	uint32_t pos[12], gaps[12], out[12];

	for (uint32_t len = 1; len <= 12; len++)
		for (uint32_t set = 1; set < 1u << len; set++) {
			struct bit_writer w;
			struct bit_reader r;
			uint32_t tf = 0, bound = 0;
			for (uint32_t t = 0; t < len; t++)
				if (set >> t & 1)
					pos[tf++] = t;
			to_gaps(pos, tf, gaps);
			buf_reset(&b);
			bit_writer_start(&w, &b);
			positions_put(&w, gaps, tf, len);
			bit_writer_finish(&w);
			for (uint32_t j = 0, n = len - tf + 1; j < tf; n -= pos[j] - (j ? pos[j - 1] + 1 : 0), j++)
				bound += n > 1 ? 32 - (uint32_t)__builtin_clz(n - 1) : 0;
			if (b.len > (bound + 7) / 8) {
				CHECK_INT_EQ(h, b.len, (bound + 7) / 8);
				goto out;
			}
			bit_reader_start(&r, (const uint8_t *)b.data, (const uint8_t *)b.data + b.len);
			memset(out, 0xff, sizeof out);
			if (positions_get(&r, out, tf, len) || memcmp(out, pos, tf * sizeof *pos) ||
			    !bit_reader_at_end(&r)) {
				harness_fail(h, __FILE__, __LINE__, "len %u set %#x: not read back", len, set);
				goto out;
			}
		}
out:
	buf_release(&b);
}

/* Many clauses in one stream, as a block's group holds them: random
 * lengths (with 1, 2 and the largest, 65535), random tfs (with 1 and the
 * whole clause), some stepped over with position_skip; then damage. */
static void test_positions_stream(struct harness *h)
{
	enum { N = 3000, TF_MAX = 40 };
	static uint32_t len[N], tf[N], pos[N][TF_MAX];
	uint64_t s = 0x9e3779b97f4a7c15ull;
	struct buf b = BUF_INIT;
	struct bit_writer w;
	struct bit_reader r;
	uint32_t gaps[TF_MAX], out[TF_MAX];
	size_t bad = 0;

	bit_writer_start(&w, &b);
	for (uint32_t c = 0; c < N; c++) {
		uint32_t pick = (uint32_t)(rng_next(&s) % 20);
		len[c] = pick == 0 ? 1 : pick == 1 ? 2 : pick == 2 ? CLAUSE_MAX_TOKENS
		         : 1 + (uint32_t)(rng_next(&s) % 300);
		tf[c] = pick == 3 && len[c] <= TF_MAX ? len[c]
		        : 1 + (uint32_t)(rng_next(&s) % (len[c] < TF_MAX ? len[c] : TF_MAX));
		if (rng_next(&s) % 2)
			tf[c] = 1;
		/* tf distinct positions of len, ascending: each kept with the
		 * odds it still needs */
		for (uint32_t t = 0, got = 0; got < tf[c]; t++)
			if (rng_next(&s) % (len[c] - t) < tf[c] - got)
				pos[c][got++] = t;
		to_gaps(pos[c], tf[c], gaps);
		positions_put(&w, gaps, tf[c], len[c]);
	}
	bit_writer_finish(&w);
	bit_reader_start(&r, (const uint8_t *)b.data, (const uint8_t *)b.data + b.len);
	for (uint32_t c = 0; c < N; c++) {
		if (tf[c] == 1 && c % 3 == 0) {
			bad += position_skip(&r, len[c]) != 0;
			continue;
		}
		memset(out, 0xff, sizeof out);
		bad += positions_get(&r, out, tf[c], len[c]) != 0 ||
		       memcmp(out, pos[c], tf[c] * sizeof *out) != 0;
	}
	CHECK_INT_EQ(h, bad, 0);
	CHECK(h, bit_reader_at_end(&r));

	/* Cut short: a clause runs out of bits, never reads past the end. */
	bit_reader_start(&r, (const uint8_t *)b.data, (const uint8_t *)b.data + b.len - 1);
	bad = 0;
	for (uint32_t c = 0; c < N && !bad; c++)
		bad = positions_get(&r, out, tf[c], len[c]) != 0;
	CHECK(h, bad || !bit_reader_at_end(&r));
	/* A byte past the last clause's bits is not the end. */
	buf_append_byte(&b, 0);
	bit_reader_start(&r, (const uint8_t *)b.data, (const uint8_t *)b.data + b.len);
	for (uint32_t c = 0; c < N; c++)
		positions_get(&r, out, tf[c], len[c]);
	CHECK(h, !bit_reader_at_end(&r));
	/* More positions than tokens, or a clause past the largest. */
	bit_reader_start(&r, (const uint8_t *)b.data, (const uint8_t *)b.data + b.len);
	CHECK_INT_EQ(h, positions_get(&r, out, 3, 2), ERR_CORRUPT);
	CHECK_INT_EQ(h, positions_get(&r, out, 1, CLAUSE_MAX_TOKENS + 1), ERR_CORRUPT);
	CHECK_INT_EQ(h, position_skip(&r, CLAUSE_MAX_TOKENS + 1), ERR_CORRUPT);
	CHECK_INT_EQ(h, position_skip(&r, 0), ERR_CORRUPT);
	buf_release(&b);
}

static void test_varint(struct harness *h)
{
	static const uint64_t edge[] = {
		0, 1, 127, 128, 16383, 16384, (1ull << 31), UINT32_MAX,
		(1ull << 35) + 3, UINT64_MAX - 1, UINT64_MAX,
	};
	struct buf b = BUF_INIT;
	const uint8_t *p, *end;
	uint64_t s = 42, v;
	uint32_t v32;

	for (size_t i = 0; i < sizeof edge / sizeof *edge; i++)
		varint_append(&b, edge[i]);
	for (int i = 0; i < 10000; i++)
		varint_append(&b, rng_next(&s) >> (rng_next(&s) % 64));
	p = (const uint8_t *)b.data;
	end = p + b.len;
	for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
		const uint8_t *before = p;
		CHECK_INT_EQ(h, varint_read(&p, end, &v), 0);
		CHECK(h, v == edge[i]);
		CHECK_INT_EQ(h, (size_t)(p - before), varint_size(edge[i]));
	}
	s = 42;
	for (int i = 0; i < 10000; i++) {
		uint64_t want = rng_next(&s) >> (rng_next(&s) % 64);
		CHECK_INT_EQ(h, varint_read(&p, end, &v), 0);
		CHECK(h, v == want);
	}
	CHECK(h, p == end);
	/* Truncated and overlong varints are corrupt. */
	uint8_t trunc[] = { 0x80, 0x80 };
	p = trunc;
	CHECK_INT_EQ(h, varint_read(&p, trunc + 2, &v), ERR_CORRUPT);
	uint8_t overlong[11];
	memset(overlong, 0xff, sizeof overlong);
	p = overlong;
	CHECK_INT_EQ(h, varint_read(&p, overlong + 11, &v), ERR_CORRUPT);
	/* u32 reads refuse larger values. */
	buf_reset(&b);
	varint_append(&b, (uint64_t)UINT32_MAX + 1);
	p = (const uint8_t *)b.data;
	CHECK_INT_EQ(h, varint_read_u32(&p, p + b.len, &v32), ERR_CORRUPT);
	/* The one-byte case read inline and the longer ones agree, and at
	 * the end, or short of a varint's last byte, nothing is read. */
	buf_reset(&b);
	for (size_t i = 0; edge[i] <= UINT32_MAX; i++)
		varint_append(&b, edge[i]);
	p = (const uint8_t *)b.data;
	end = p + b.len;
	for (size_t i = 0; edge[i] <= UINT32_MAX; i++) {
		CHECK_INT_EQ(h, varint_read_u32(&p, end, &v32), 0);
		CHECK(h, v32 == edge[i]);
	}
	CHECK(h, p == end);
	CHECK_INT_EQ(h, varint_read_u32(&p, end, &v32), ERR_CORRUPT);
	CHECK_INT_EQ(h, varint_read(&p, end, &v), ERR_CORRUPT);
	CHECK(h, p == end);
	p = trunc;
	CHECK_INT_EQ(h, varint_read_u32(&p, trunc + 1, &v32), ERR_CORRUPT);
	CHECK(h, p == trunc);
	buf_release(&b);
}

/* Real postings: the clause-id gaps of every word of the bundled
 * resolution, block by block, survive the codec. */
static void test_real_gaps(struct harness *h)
{
	char path[512];
	FILE *f;
	char *text;
	long len;
	uint32_t gaps[CODEC_BLOCK];
	size_t n = 0, blocks = 0;

	snprintf(path, sizeof path, "%s/A_RES_217_A_III.txt", harness_corpus_dir());
	f = fopen(path, "rb");
	CHECK(h, f != NULL);
	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = malloc((size_t)len + 1);
	CHECK_INT_EQ(h, fread(text, 1, (size_t)len, f), len);
	text[len] = '\0';
	fclose(f);
	/* Gaps between the occurrences of " de " (byte offsets), a real
	 * skewed distribution. */
	long prev = -1;
	for (char *q = text; (q = strstr(q, " de ")); q++) {
		gaps[n++] = (uint32_t)((q - text) - prev - 1);
		prev = q - text;
		if (n == CODEC_BLOCK) {
			bitpack_roundtrip(h, gaps, n);
			n = 0;
			blocks++;
		}
	}
	bitpack_roundtrip(h, gaps, n);
	CHECK(h, blocks > 0); /* the word occurs in more than one block */
	free(text);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_codec");

	HARNESS_RUN(&h, test_bitpack_edges);
	HARNESS_RUN(&h, test_bitpack_random);
	HARNESS_RUN(&h, test_bitpack_exceptions);
	HARNESS_RUN(&h, test_bitpack_lanes);
	HARNESS_RUN(&h, test_gaps_to_ids);
	HARNESS_RUN(&h, test_positions_every_set);
	HARNESS_RUN(&h, test_positions_stream);
	HARNESS_RUN(&h, test_varint);
	HARNESS_RUN(&h, test_real_gaps);
	return harness_finish(&h);
}
