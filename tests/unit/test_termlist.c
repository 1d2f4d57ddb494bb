/* test_termlist.c: lexicon term lists written entry after entry over
 * several table blocks read back id for id, with and without their ids;
 * every cut of an entry, an id past the terms, an empty list where none
 * may be, and the count 1 that termlist_append never writes refused. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "format.h"
#include "harness.h"
#include "termlist.h"

#define N_TERMS 5000
#define N_ENTRIES (5 * SST_BLOCK_KEYS + 3)

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

/* Entry e's list: mostly one id near the one before (as folded words'
 * stems are), sometimes none or several, now and then a jump back. */
static size_t entry_ids(uint64_t *s, uint32_t *near, uint32_t *ids)
{
	size_t n = rng_next(s) % 8 == 0 ? rng_next(s) % 5 : 1;
	uint32_t at = rng_next(s) % 10 == 0 ? (uint32_t)(rng_next(s) % N_TERMS)
	                                    : *near + (uint32_t)(rng_next(s) % 40);

	for (size_t i = 0; i < n; i++) {
		if (at >= N_TERMS)
			return i;
		ids[i] = at;
		at += 1 + (uint32_t)(rng_next(s) % 300);
	}
	if (n)
		*near = ids[0];
	return n;
}

static void test_roundtrip(struct harness *h)
{
	uint64_t s = 0x7e57;
	struct buf b = BUF_INIT;
	size_t off[N_ENTRIES + 1], want_n[N_ENTRIES], got_n = 0, cap = 0, wrong = 0;
	uint32_t want[N_ENTRIES][8], base = 0, near = 0, *got = NULL;

	for (uint32_t e = 0; e < N_ENTRIES; e++) {
		off[e] = b.len;
		want_n[e] = entry_ids(&s, &near, want[e]);
		termlist_append(&b, e, &base, want[e], want_n[e]);
	}
	off[N_ENTRIES] = b.len;
	/* read in order, once with the ids and once stepping over them */
	for (int with_ids = 1; with_ids >= 0; with_ids--) {
		base = 0;
		for (uint32_t e = 0; e < N_ENTRIES; e++) {
			got_n = 0;
			int rc = termlist_read((const uint8_t *)b.data + off[e], off[e + 1] - off[e], e,
			                       &base, N_TERMS, 1, with_ids ? &got : NULL,
			                       with_ids ? &got_n : NULL, &cap);
			wrong += rc != 0;
			if (with_ids)
				wrong += got_n != want_n[e] ||
				         (got_n && memcmp(got, want[e], got_n * sizeof *got) != 0);
		}
	}
	CHECK_INT_EQ(h, (long long)wrong, 0);
	free(got);
	buf_release(&b);
}

/* The bytes of one entry of ids[0..n) as a block's first entry. */
static int read_first(const uint8_t *p, size_t len, uint32_t n_terms, int allow_empty)
{
	uint32_t base = 0, *ids = NULL;
	size_t n = 0, cap = 0;
	int rc = termlist_read(p, len, 0, &base, n_terms, allow_empty, &ids, &n, &cap);

	free(ids);
	return rc;
}

static void test_damage(struct harness *h)
{
	struct buf b = BUF_INIT;
	uint32_t base = 0, cuts_taken = 0;
	const uint32_t three[] = { 7, 9, 4000 };

	termlist_append(&b, 0, &base, three, 3);
	for (size_t cut = 0; cut < b.len; cut++)
		cuts_taken += read_first((const uint8_t *)b.data, cut, N_TERMS, 1) != ERR_CORRUPT;
	CHECK_INT_EQ(h, cuts_taken, 0);
	/* a byte more than the list */
	buf_append_byte(&b, 0);
	CHECK_INT_EQ(h, read_first((const uint8_t *)b.data, b.len, N_TERMS, 1), ERR_CORRUPT);
	CHECK_INT_EQ(h, read_first((const uint8_t *)b.data, b.len - 1, N_TERMS, 1), 0);
	/* its last id is past a table of 4000 terms */
	CHECK_INT_EQ(h, read_first((const uint8_t *)b.data, b.len - 1, 4000, 1), ERR_CORRUPT);
	/* an empty list: a key's, never a folded word's */
	buf_reset(&b);
	termlist_append(&b, 0, &base, NULL, 0);
	CHECK_INT_EQ(h, read_first((const uint8_t *)b.data, b.len, N_TERMS, 1), 0);
	CHECK_INT_EQ(h, read_first((const uint8_t *)b.data, b.len, N_TERMS, 0), ERR_CORRUPT);
	/* head "several" (3: difference 0, more) with a count of 1 */
	CHECK_INT_EQ(h, read_first((const uint8_t[]){ 3, 1 }, 2, N_TERMS, 1), ERR_CORRUPT);
	/* a difference below 0 from the block's first base */
	CHECK_INT_EQ(h, read_first((const uint8_t[]){ 2 }, 1, N_TERMS, 1), ERR_CORRUPT);
	buf_release(&b);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_termlist");

	HARNESS_RUN(&h, test_roundtrip);
	HARNESS_RUN(&h, test_damage);
	return harness_finish(&h);
}
