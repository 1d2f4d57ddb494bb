/* test_skiptab.c: skip table chunks of every size, varint-coded and
 * bit-packed, with and without their last block's sizes, back value for
 * value; every cut of their bytes refused. A block's bound front against
 * one found by brute force, and its two ways (small tfs, any tfs) against
 * each other. */
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

/* Whether pair q is on the Pareto front of p[0..n): no other pair has at
 * least its tf and at most its length (equal pairs: the first only). */
static int on_front(const struct bound_pair *p, size_t n, size_t q)
{
	for (size_t i = 0; i < n; i++) {
		int dominates = p[i].tf >= p[q].tf && p[i].len <= p[q].len;
		int equal = p[i].tf == p[q].tf && p[i].len == p[q].len;
		if (i != q && dominates && (!equal || i < q))
			return 0;
	}
	return 1;
}

/* Random blocks of 1..CODEC_BLOCK postings: the front skiptab_front makes
 * covers every posting with at most BLOCK_MAX_BOUNDS pairs, tf and length
 * strictly descending; it is the brute-force front whenever that has
 * BLOCK_MAX_BOUNDS pairs or fewer; and the same block with every tf 100
 * larger (past the small tfs' way, merged by the same tf differences)
 * gives the same front shifted. */
static void test_front(struct harness *h)
{
	uint64_t s = 0x5eed;
	int shape = 0, cover = 0, exact = 0, shifted = 0, n_exact = 0;

	for (int round = 0; round < 2000; round++) {
		struct bound_pair in[CODEC_BLOCK], out[CODEC_BLOCK], up[CODEC_BLOCK];
		size_t n = 1 + rng_next(&s) % CODEC_BLOCK, m, mu, nf = 0;
		uint32_t max_tf = 1 + (uint32_t)(rng_next(&s) % 15);
		for (size_t i = 0; i < n; i++) {
			in[i].tf = 1 + (uint32_t)(rng_next(&s) % max_tf);
			in[i].len = in[i].tf + (uint32_t)(rng_next(&s) % 200);
			up[i] = (struct bound_pair){ in[i].tf + 100, in[i].len };
		}
		memcpy(out, in, n * sizeof *in);
		m = skiptab_front(out, n);
		mu = skiptab_front(up, n);
		shape += m < 1 || m > BLOCK_MAX_BOUNDS;
		for (size_t j = 1; j < m; j++)
			shape += !(out[j].tf < out[j - 1].tf && out[j].len < out[j - 1].len);
		for (size_t i = 0; i < n; i++) {
			size_t j = 0;
			while (j < m && !(out[j].tf >= in[i].tf && out[j].len <= in[i].len))
				j++;
			cover += j == m;
			nf += on_front(in, n, i);
		}
		if (nf <= BLOCK_MAX_BOUNDS) {
			n_exact++;
			exact += nf != m;
			for (size_t j = 0; j < m; j++) {
				size_t i = 0;
				while (i < n && !(in[i].tf == out[j].tf && in[i].len == out[j].len &&
				                  on_front(in, n, i)))
					i++;
				exact += i == n;
			}
		}
		shifted += mu != m;
		for (size_t j = 0; j < m && j < mu; j++)
			shifted += up[j].tf != out[j].tf + 100 || up[j].len != out[j].len;
	}
	CHECK_INT_EQ(h, shape, 0);
	CHECK_INT_EQ(h, cover, 0);
	CHECK(h, n_exact > 100); /* the exact comparison ran */
	CHECK_INT_EQ(h, exact, 0);
	CHECK_INT_EQ(h, shifted, 0);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_skiptab");

	HARNESS_RUN(&h, test_roundtrip);
	HARNESS_RUN(&h, test_front);
	return harness_finish(&h);
}
