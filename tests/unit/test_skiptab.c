/* test_skiptab.c: skip table chunks of every size, varint-coded and
 * bit-packed, with and without their last block's sizes, back value for
 * value; every cut of their bytes refused. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "harness.h"
#include "skiptab.h"

/* A small deterministic generator (xorshift64*), so failures reproduce. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

/* A chunk of n blocks with random entries of every width: bound fronts
 * of 1..BLOCK_MAX_BOUNDS pairs, tf and len strictly descending. */
static void random_chunk(struct skip_chunk *c, uint32_t n, uint64_t *s)
{
	c->n = c->n_diffs = 0;
	for (uint32_t j = 0; j < n; j++) {
		struct bound_pair pairs[BLOCK_MAX_BOUNDS];
		size_t np = 1 + rng_next(s) % BLOCK_MAX_BOUNDS;
		uint32_t bits = 1 + (uint32_t)(rng_next(s) % 24);
		uint32_t tf = 1 + (uint32_t)(rng_next(s) % 50), len = (uint32_t)(rng_next(s) % 9);
		for (size_t i = np; i-- > 0;) {
			pairs[i].tf = tf;
			pairs[i].len = len;
			tf += 1 + (uint32_t)(rng_next(s) % 7);
			len += 1 + (uint32_t)(rng_next(s) % 300);
		}
		skiptab_add(c, (uint32_t)(rng_next(s) & ((1u << bits) - 1)),
		            (uint32_t)(rng_next(s) % 700), (uint32_t)(rng_next(s) % 5000), pairs, np);
	}
}

static void test_roundtrip(struct harness *h)
{
	static struct skip_chunk in, out;
	uint64_t s = 42;

	for (uint32_t n = 1; n <= CODEC_BLOCK; n += n < 8 ? 1 : 13) {
		for (uint32_t sized = n - 1; sized <= n; sized++) {
			struct buf b = BUF_INIT;
			const uint8_t *p;
			random_chunk(&in, n, &s);
			skiptab_append(&b, &in, sized);
			p = (const uint8_t *)b.data;
			memset(&out, 0xab, sizeof out);
			CHECK_INT_EQ(h, skiptab_read(&p, p + b.len, &out, n, sized), 0);
			CHECK(h, p == (const uint8_t *)b.data + b.len);
			CHECK_INT_EQ(h, out.n, n);
			CHECK_INT_EQ(h, out.n_diffs, in.n_diffs);
			CHECK(h, !memcmp(out.last_gap, in.last_gap, n * sizeof *in.last_gap));
			CHECK(h, !memcmp(out.doc_bytes, in.doc_bytes, sized * sizeof *in.doc_bytes));
			CHECK(h, !memcmp(out.pos_bytes, in.pos_bytes, sized * sizeof *in.pos_bytes));
			CHECK(h, !memcmp(out.head, in.head, n * sizeof *in.head));
			CHECK(h, !memcmp(out.len, in.len, n * sizeof *in.len));
			CHECK(h, !memcmp(out.tf_diff, in.tf_diff, in.n_diffs * sizeof *in.tf_diff));
			CHECK(h, !memcmp(out.len_diff, in.len_diff, in.n_diffs * sizeof *in.len_diff));
			/* Every cut: refused, never read past its end. */
			for (size_t cut = 0; cut < b.len; cut++) {
				p = (const uint8_t *)b.data;
				CHECK_INT_EQ(h, skiptab_read(&p, p + cut, &out, n, sized), ERR_CORRUPT);
			}
			buf_release(&b);
		}
	}
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_skiptab");

	HARNESS_RUN(&h, test_roundtrip);
	return harness_finish(&h);
}
