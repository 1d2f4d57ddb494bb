/* test_clauserec.c: packed clause records (common/clauserec.c): random
 * sequences shaped like a segment's (documents and text blocks ascending,
 * texts back to back in their block, labels, verbs, lemmas and emphasis present or
 * not, lines that grow within a document and restart with the next) come
 * back field for field from any group; out-of-sequence input is refused; damaged or cut bytes decode to ERR_CORRUPT or to some record,
 * never past the section. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clauserec.h"
#include "format.h"
#include "harness.h"
#include "xalloc.h"

#define N_RECS 1000

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

/* n records in segment order, with rare extremes. */
static void make_records(struct clause_rec *r, size_t n, uint64_t seed)
{
	uint64_t s = seed;
	uint32_t doc = 0, block = 0, off = 0, ord = 0, line = 1;

	for (size_t i = 0; i < n; i++) {
		uint64_t x = rng_next(&s);
		uint32_t len = x % 50 == 0 ? TEXT_BLOCK_SIZE / 2 : (uint32_t)(x >> 8) % 900;
		if (i && x % 7 == 0) {
			doc += 1 + (uint32_t)(x >> 40) % 3; /* documents without clauses */
			line = 1 + (uint32_t)(x >> 20) % 40;
		}
		if (off + len > TEXT_BLOCK_SIZE / 2 || (i && x % 11 == 0)) {
			block++;
			off = 0;
			ord = 0;
		}
		line += (uint32_t)(x >> 12) % 5;
		r[i] = (struct clause_rec){
			.doc = doc, .text_block = block, .text_off = off, .text_len = len,
			.text_ord = ord,
			.label = x % 5 == 0 ? CLAUSE_NO_LABEL : (uint32_t)(x >> 30) % 300,
			.verb_pos = x % 3 == 0 ? NO_POSITION : (uint32_t)(x >> 33) % 70000,
			.lemma = x % 3 == 0 || x % 13 == 0 ? CLAUSE_NO_LEMMA
			                                   : (uint32_t)(x >> 50) % 200,
			.emph_start = x % 4 == 0 ? 0 : len / 3,
			.emph_len = x % 4 == 0 ? 0 : len / 4,
			.line = x % 97 == 0 ? UINT32_MAX - 1 : line,
		};
		if (x % 97 == 0)
			line = 1; /* an extreme line, then small ones again */
		off += len;
		ord++;
	}
}

/* Decode all of group g into *grp: 0 or ERR_CORRUPT. */
static int decode_all(const struct buf *data, const struct buf *groups, uint32_t n_clauses,
                      uint32_t g, struct clauserec_group *grp)
{
	int rc = clauserec_group_open((const uint8_t *)data->data, data->len,
	                              (const uint8_t *)groups->data, n_clauses, g, grp);

	return rc ? rc : clauserec_group_decode(grp, grp->n - 1);
}

/* Encode r[0..n) into data and groups. */
static void encode(struct harness *h, const struct clause_rec *r, size_t n,
                   struct buf *data, struct buf *groups)
{
	struct clauserec_writer w = CLAUSEREC_WRITER_INIT;
	struct errbuf eb = { "", 0 };

	for (size_t i = 0; i < n; i++)
		CHECK_INT_EQ(h, clauserec_append(&w, &r[i], data, &eb), 0);
	CHECK_INT_EQ(h, w.bytes, data->len);
	CHECK_INT_EQ(h, groups->len, 0);
	buf_append(groups, w.groups.data, w.groups.len);
	buf_release(&w.groups);
}

static void test_roundtrip(struct harness *h)
{
	struct clause_rec *r = xmalloc(N_RECS * sizeof *r);
	struct clauserec_group grp;
	struct buf data = BUF_INIT, groups = BUF_INIT;
	size_t bad = 0;
	uint32_t n_groups = (N_RECS + CLAUSE_GROUP - 1) / CLAUSE_GROUP;

	make_records(r, N_RECS, 0x9e3779b97f4a7c15ull);
	encode(h, r, N_RECS, &data, &groups);
	CHECK_INT_EQ(h, groups.len,
	             (N_RECS + CLAUSE_GROUP - 1) / CLAUSE_GROUP * CLAUSE_GROUP_ENTRY_SIZE);
	/* Backwards, so that no decode can lean on the one before. */
	for (uint32_t g = n_groups; g-- > 0;) {
		memset(&grp, 0xab, sizeof grp);
		if (decode_all(&data, &groups, N_RECS, g, &grp) ||
		    grp.n != (g + 1 < n_groups ? CLAUSE_GROUP : N_RECS - g * CLAUSE_GROUP) ||
		    memcmp(grp.rec, &r[g * CLAUSE_GROUP], grp.n * sizeof *grp.rec) != 0)
			bad++;
	}
	CHECK_INT_EQ(h, bad, 0);
	/* Decoding stops where asked and goes on from there. */
	CHECK_INT_EQ(h, clauserec_group_open((const uint8_t *)data.data, data.len,
	                                     (const uint8_t *)groups.data, N_RECS, 3, &grp), 0);
	CHECK_INT_EQ(h, clauserec_group_decode(&grp, 4), 0);
	CHECK_INT_EQ(h, grp.done, 5);
	CHECK_INT_EQ(h, clauserec_group_decode(&grp, 9), 0);
	CHECK(h, grp.done == 10 && memcmp(grp.rec, &r[3 * CLAUSE_GROUP], 10 * sizeof *r) == 0);
	CHECK_INT_EQ(h, clauserec_group_decode(&grp, CLAUSE_GROUP), ERR_CORRUPT);
	/* No group past the last. */
	CHECK_INT_EQ(h, decode_all(&data, &groups, N_RECS, n_groups, &grp), ERR_CORRUPT);
	/* Small: well under the 28 bytes of the fixed records it replaced. */
	CHECK(h, data.len < (size_t)N_RECS * 12);
	buf_release(&data);
	buf_release(&groups);
	free(r);
}

static void test_out_of_sequence(struct harness *h)
{
	struct clause_rec r[3];
	struct clauserec_writer w = CLAUSEREC_WRITER_INIT;
	struct buf data = BUF_INIT;
	struct errbuf eb = { "", 0 };

	make_records(r, 3, 7);
	r[1] = r[0];
	r[1].text_off = r[0].text_off + r[0].text_len + 1; /* a hole in the block */
	CHECK_INT_EQ(h, clauserec_append(&w, &r[0], &data, &eb), 0);
	CHECK_INT_EQ(h, clauserec_append(&w, &r[1], &data, &eb), ERR_LIMIT);
	r[1].text_off = r[0].text_off + r[0].text_len;
	r[1].text_ord = r[0].text_ord + 2; /* a clause missing from the block */
	CHECK_INT_EQ(h, clauserec_append(&w, &r[1], &data, &eb), ERR_LIMIT);
	r[1].text_ord = r[0].text_ord + 1;
	r[1].doc = r[0].doc + 1;
	CHECK_INT_EQ(h, clauserec_append(&w, &r[1], &data, &eb), 0);
	r[2] = r[1];
	r[2].doc = r[0].doc; /* back to an earlier document */
	r[2].text_off = r[1].text_off + r[1].text_len;
	r[2].text_ord = r[1].text_ord + 1;
	CHECK_INT_EQ(h, clauserec_append(&w, &r[2], &data, &eb), ERR_LIMIT);
	r[2].doc = r[1].doc;
	r[2].verb_pos = NO_POSITION;
	r[2].lemma = 0; /* a lemma without a verb */
	CHECK_INT_EQ(h, clauserec_append(&w, &r[2], &data, &eb), ERR_LIMIT);
	r[2].lemma = CLAUSE_NO_LEMMA;
	CHECK_INT_EQ(h, clauserec_append(&w, &r[2], &data, &eb), 0);
	buf_release(&data);
	buf_release(&w.groups);
}

/* Every single-byte damage and every cut: a clean ERR_CORRUPT or a record,
 * and nothing read outside the section. */
static void test_damage(struct harness *h)
{
	struct clause_rec r[40];
	struct clauserec_group grp;
	struct buf data = BUF_INIT, groups = BUF_INIT;
	size_t refused = 0;

	make_records(r, 40, 12345);
	encode(h, r, 40, &data, &groups);
	for (size_t at = 0; at < data.len; at++) {
		struct buf copy = BUF_INIT;
		buf_append(&copy, data.data, data.len);
		copy.data[at] ^= (char)0x80;
		for (uint32_t g = 0; g < 3; g++)
			refused += decode_all(&copy, &groups, 40, g, &grp) == ERR_CORRUPT;
		buf_release(&copy);
	}
	CHECK(h, refused > 0);
	for (size_t cut = 0; cut < data.len; cut++) {
		struct buf copy = BUF_INIT;
		buf_append(&copy, data.data, cut);
		CHECK_INT_EQ(h, decode_all(&copy, &groups, 40, 2, &grp), ERR_CORRUPT);
		buf_release(&copy);
	}
	buf_release(&data);
	buf_release(&groups);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_clauserec");

	HARNESS_RUN(&h, test_roundtrip);
	HARNESS_RUN(&h, test_out_of_sequence);
	HARNESS_RUN(&h, test_damage);
	return harness_finish(&h);
}
