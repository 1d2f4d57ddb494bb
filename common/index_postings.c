/* index_postings.c: the posting reader of index.h: a term's skip table,
 * its blocks of clause ids and tfs decoded lazily, positions on request. */
#include "_index.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "clause_kind.h"
#include "codec.h"
#include "skiptab.h"
#include "xalloc.h"

/* One block as decode_block and decode_tfs left it, for the other readers
 * of its table. */
struct decoded_block {
	uint32_t ids[CODEC_BLOCK], tfs[CODEC_BLOCK];
	const uint8_t *tf_data;
	int tfs_decoded;
};

/* Decoded blocks are allocated this many at a time: a malloc and a free
 * of each block's 1 KiB cost more than copying it (callgrind: an AND that
 * needs no partial fill took 1-3.6% more instructions, 0-1.3% in chunks). */
#define CACHE_CHUNK 8

struct cache_chunk {
	struct cache_chunk *next;
	struct decoded_block b[CACHE_CHUNK];
};

/* A table's decoded blocks (struct posting_reader cache), kept once on:
 * blocks[k] is block k's, NULL until a reader decoded it; they are taken
 * from chunks, the first of which has used entries taken. */
struct block_cache {
	int on;
	struct cache_chunk *chunks;
	size_t used;
	struct decoded_block *blocks[];
};

/* The blocks of a part: one per CODEC_BLOCK postings. */
static uint32_t part_blocks(const struct term_part *part)
{
	return (part->df + CODEC_BLOCK - 1) / CODEC_BLOCK;
}

/* A part whose postings and positions together are at most this many
 * bytes is read with pread, once, rather than through the map: a rare
 * word's part in each of ten segments would otherwise cost a page fault
 * each (~25 us here) where a pread costs ~2.5 us, and a common word's
 * part of a few KiB a fault or two (~3.5 us to read 16 KiB). At 4 KiB,
 * the incremental benchmark's 54 queries made 2,751 page faults on ten
 * segments of 10 MiB and 2,612 on the same corpus in one segment; at 16
 * KiB, 2,508 and 2,581 (64 KiB: 2,556 and 2,590). */
#define PART_PREAD_MAX 16384
/* The most bytes of small parts an index keeps (struct index_term small). */
#define SMALL_PARTS_MAX (8u << 20)

static uint64_t part_bytes(const struct term_part *part)
{
	return part->postings_len + part->positions_len;
}

/* Lay out a chunk's blocks from their byte counts: block j's bytes are
 * [off[j], end[j]), from *total on. */
static void lay_out(uint64_t *off, uint64_t *end, const uint32_t *bytes, uint32_t m,
                    uint64_t *total)
{
	uint64_t at = *total;

	for (uint32_t j = 0; j < m; j++) {
		off[j] = at;
		end[j] = at += bytes[j];
	}
	*total = at;
}

/* The tf - 1 of a block's n postings at *p, after its ids: bit-packed,
 * or none when the block's doc data ends with its ids (every tf is 1,
 * format.h). 0 or ERR_CORRUPT. */
static int read_tfs(const uint8_t **p, const uint8_t *end, uint32_t *tfs, uint32_t n)
{
	if (*p == end) {
		memset(tfs, 0, n * sizeof *tfs);
		return 0;
	}
	return bitpack_read(p, end, tfs, n);
}

/* The table of a part of one block, which format 18 does not store
 * (format.h SEC_POSTINGS): the block at [p, end) (segment sg's term
 * part->local) is decoded for its last id (*next is one past it, local)
 * and its bound pairs, skiptab_front's as the writer's, into r's entry
 * r->n_blocks, with offsets 0, and for the largest tf of its title clauses
 * (*title_max). A reader's first part keeps the block in r->ids and
 * r->tfs for its first read (block0_held): at most CODEC_BLOCK postings,
 * against the ~7 bytes a term the table took (40,118 of the generated 10
 * MiB corpus's 41,000 terms have one block: 277 KB). 0, or ERR_CORRUPT
 * for data that decode_block would refuse. */
static int reader_derive_table(struct posting_reader *r, struct index_segment *sg,
                               const struct term_part *part, const uint8_t *p,
                               const uint8_t *end, uint32_t *title_max, uint64_t *next,
                               struct errbuf *eb)
{
	uint32_t k = r->n_blocks, n = part->df, ids[CODEC_BLOCK], tfs[CODEC_BLOCK];
	struct bound_pair pairs[CODEC_BLOCK];
	size_t nb = 1;
	int ones;

	if (bitpack_read(&p, end, ids, n))
		return index_corrupt(sg, SEC_POSTINGS, eb, "term %u block 0: bad doc data",
		                     part->local);
	ones = p == end; /* no tf column: every tf is 1 */
	if (!ones && (bitpack_read(&p, end, tfs, n) || p != end))
		return index_corrupt(sg, SEC_POSTINGS, eb, "term %u block 0: bad doc data",
		                     part->local);
	/* the ids ascend: the last in range puts them all in range */
	*next = gaps_to_ids(ids, n, 0) + 1;
	if (*next > sg->stats.n_clauses)
		return index_corrupt(sg, SEC_POSTINGS, eb,
		                     "term %u block 0: clause id out of range", part->local);
	*title_max = 0;
	/* the front of tfs of 1 is one pair: 1 and the shortest length */
	pairs[0] = (struct bound_pair){ 1, UINT32_MAX };
	for (uint32_t i = 0; i < n; i++) {
		uint32_t c = ids[i], len = seg_clause_len(sg, c);
		/* a damaged tf of 2^32 - 1 comes out as 0, as in decode_tfs */
		tfs[i] = ones ? 1 : tfs[i] + 1;
		if (seg_clause_kind_bits(sg, c) == CLAUSE_TITLE && tfs[i] > *title_max)
			*title_max = tfs[i];
		if (ones)
			pairs[0].len = len < pairs[0].len ? len : pairs[0].len;
		else
			pairs[i] = (struct bound_pair){ tfs[i], len };
	}
	if (!ones)
		nb = skiptab_front(pairs, n);
	if (k == 0) {
		for (uint32_t i = 0; i < n; i++)
			r->ids[i] = sg->clause_base + ids[i];
		memcpy(r->tfs, tfs, n * sizeof *tfs);
		r->block0_held = 1;
	}
	for (size_t i = 0; i < nb; i++) {
		r->bound_tf[(size_t)k * BLOCK_MAX_BOUNDS + i] = pairs[i].tf;
		r->bound_len[(size_t)k * BLOCK_MAX_BOUNDS + i] = pairs[i].len;
	}
	r->n_bounds[k] = (uint8_t)nb;
	r->last_id[k] = sg->clause_base + ids[n - 1]; /* df >= 1: index.c */
	r->doc_off[k] = r->pos_off[k] = 0;
	return 0;
}

/* Decode the skip table of a part of n_blocks (> 1) blocks at *p (its
 * title_max first) into r's per-block arrays from entry r->n_blocks on,
 * advancing *p to the blocks' doc data: their last ids (global), bound
 * pairs and offsets, relative to that data and to the part's positions;
 * *next is one past the last id (local), *doc_total and *pos_total the
 * bytes of all blocks but the last. The table is decoded a chunk of
 * columns at a time (skiptab.h), each column then spread over its array
 * in a loop of its own; sums are checked by the caller, once: they are
 * 64-bit sums of 32-bit values, so they cannot wrap first, and nothing
 * reads the arrays of a table that failed. Measured on 100 MiB, especial
 * internacional daresaar (516 blocks): 164K instructions a query in
 * format 13's varints, 79K with one loop storing a block's every array,
 * 69K now. */
static int reader_read_table(struct posting_reader *r, struct index_segment *sg,
                             uint32_t local, uint32_t n_blocks, const uint8_t **p,
                             const uint8_t *end, uint32_t *title_max, uint64_t *next,
                             uint64_t *doc_total, uint64_t *pos_total, struct errbuf *eb)
{
	uint32_t k0 = r->n_blocks;
	struct skip_chunk c;
	_Static_assert(BLOCK_MAX_BOUNDS == 4, "the bound pairs' switch below");

	if (varint_read_u32(p, end, title_max))
		return index_corrupt(sg, SEC_POSTINGS, eb, "term %u: truncated skip table", local);
	for (uint32_t j0 = 0; j0 < n_blocks; j0 += CODEC_BLOCK) {
		uint32_t m = n_blocks - j0 < CODEC_BLOCK ? n_blocks - j0 : CODEC_BLOCK;
		/* The term's last block has no sizes: its data and positions
		 * are the rest (zero here, set by the caller). */
		uint32_t sized = j0 + m < n_blocks ? m : m - 1, d = 0, kc = k0 + j0;
		if (skiptab_read(p, end, &c, m, sized))
			return index_corrupt(sg, SEC_POSTINGS, eb,
			                     "term %u block %u: bad skip table", local, j0);
		if (sized < m)
			c.doc_bytes[m - 1] = c.pos_bytes[m - 1] = 0;
		for (uint32_t j = 0; j < m; j++) {
			uint32_t k = kc + j, nb = (c.head[j] & ((1u << BOUND_COUNT_BITS) - 1)) + 1;
			uint32_t *tf = r->bound_tf + (size_t)k * BLOCK_MAX_BOUNDS,
			         *len = r->bound_len + (size_t)k * BLOCK_MAX_BOUNDS;
			/* The last pair, then each earlier one over the one after
			 * it: a Pareto front, tf and len both strictly descending.
			 * Unrolled (a loop's tests were a third of this loop). */
			uint64_t t = (c.head[j] >> BOUND_COUNT_BITS) + 1, l = c.len[j];
			tf[nb - 1] = (uint32_t)t;
			len[nb - 1] = (uint32_t)l;
#define EARLIER(i) \
	(tf[i] = (uint32_t)(t += (uint64_t)c.tf_diff[d] + 1), \
	 len[i] = (uint32_t)(l += (uint64_t)c.len_diff[d++] + 1))
			switch (nb) {
			case 4: EARLIER(2); /* fall through */
			case 3: EARLIER(1); /* fall through */
			case 2: EARLIER(0);
			}
#undef EARLIER
			if ((t | l) > UINT32_MAX)
				return index_corrupt(sg, SEC_POSTINGS, eb,
				                     "term %u block %u: bad bound pairs", local, j0 + j);
			r->n_bounds[k] = (uint8_t)nb;
		}
		for (uint32_t j = 0; j < m; j++) {
			*next += (uint64_t)c.last_gap[j] + 1;
			r->last_id[kc + j] = sg->clause_base + (uint32_t)(*next - 1);
		}
		lay_out(r->doc_off + kc, r->doc_end + kc, c.doc_bytes, m, doc_total);
		lay_out(r->pos_off + kc, r->pos_end + kc, c.pos_bytes, m, pos_total);
	}
	return 0;
}

/* Append the table of one part of the term's postings to r's per-block
 * arrays, which have room for it: decoded (reader_read_table), or derived
 * from the part's one block (reader_derive_table). The part's postings
 * lie at doc_base + doc_at and its positions at pos_base + pos_at: its
 * segment's mapped sections, or its bytes read with pread and kept by the
 * index. */
static int reader_read_part(struct posting_reader *r, const struct term_part *part,
                            const uint8_t *doc_base, uint64_t doc_at,
                            const uint8_t *pos_base, uint64_t pos_at,
                            struct errbuf *eb)
{
	struct index_segment *sg = &r->ix->segs[part->seg];
	uint32_t local = part->local, s = part->seg;
	const uint8_t *p = doc_base + doc_at, *end = p + part->postings_len;
	uint64_t doc_total = 0, pos_total = 0, next = 0; /* next: last id + 1 */
	uint32_t n_blocks = part_blocks(part), k0 = r->n_blocks, n = k0 + n_blocks, title_max;
	int rc;

	if (n_blocks == 0)
		return index_corrupt(sg, SEC_POSTINGS, eb, "term %u: no postings", local);
	if (n_blocks == 1)
		rc = reader_derive_table(r, sg, part, p, end, &title_max, &next, eb);
	else
		rc = reader_read_table(r, sg, local, n_blocks, &p, end, &title_max, &next,
		                       &doc_total, &pos_total, eb);
	if (rc)
		return rc;
	if (next > sg->stats.n_clauses)
		return index_corrupt(sg, SEC_POSTINGS, eb,
		                     "term %u block %u: bad last clause id", local, n_blocks - 1);
	/* The last block holds the rest of the term's postings, at least a
	 * byte, and of its positions, which may take none (every position of
	 * a one-token clause is known). */
	if (doc_total >= (uint64_t)(end - p))
		return index_corrupt(sg, SEC_POSTINGS, eb,
		                     "term %u: blocks do not add up to its postings", local);
	if (pos_total > part->positions_len)
		return index_corrupt(sg, SEC_POSITIONS, eb,
		                     "term %u: blocks do not add up to its positions", local);
	for (uint32_t k = k0; k < n; k++) {
		r->block_seg[k] = s;
		r->block_n[k] = CODEC_BLOCK;
		r->doc_base[k] = p;
		r->pos_base[k] = pos_base + pos_at;
	}
	r->block_n[n - 1] = part->df - (n_blocks - 1) * CODEC_BLOCK;
	r->doc_end[n - 1] = (uint64_t)(end - p);
	r->pos_end[n - 1] = part->positions_len;
	r->title_max = title_max > r->title_max ? title_max : r->title_max;
	r->df += part->df;
	r->n_blocks = n;
	return 0;
}

/* Room in r's per-block arrays for n blocks, in one allocation whose
 * start is doc_off (posting_reader_release frees that): fourteen apiece
 * were a twentieth of compiling and running a rare word's query
 * (callgrind). The widest types come first, so each array is aligned. */
static void reader_alloc(struct posting_reader *r, uint32_t n)
{
	size_t m = n ? n : 1;
	/* One more offset each: the end of the block's data. */
	size_t wide = (2 * (m + 1) + 2 * m) * sizeof(uint64_t) +
	              2 * m * sizeof(const uint8_t *) + sizeof(struct block_cache) +
	              m * sizeof(struct decoded_block *);
	size_t narrow = (3 + 2 * BLOCK_MAX_BOUNDS) * m * sizeof(uint32_t) + m;
	char *p = xmalloc(wide + narrow);

	r->doc_off = (uint64_t *)(void *)p;
	r->pos_off = r->doc_off + m + 1;
	r->doc_end = r->pos_off + m + 1;
	r->pos_end = r->doc_end + m;
	r->doc_base = (const uint8_t **)(void *)(r->pos_end + m);
	r->pos_base = r->doc_base + m;
	r->cache = (struct block_cache *)(void *)(r->pos_base + m);
	r->cache->on = 0;
	r->cache->chunks = NULL;
	r->cache->used = CACHE_CHUNK;
	memset(r->cache->blocks, 0, m * sizeof *r->cache->blocks);
	r->last_id = (uint32_t *)(void *)(r->cache->blocks + m);
	r->block_seg = r->last_id + m;
	r->block_n = r->block_seg + m;
	r->bound_tf = r->block_n + m;
	r->bound_len = r->bound_tf + m * BLOCK_MAX_BOUNDS;
	r->n_bounds = (uint8_t *)(r->bound_len + m * BLOCK_MAX_BOUNDS);
}

int posting_reader_open_parts(struct index *ix, uint32_t term_id,
                              const struct term_part *parts, uint32_t n_parts,
                              uint8_t **small, struct posting_reader *r,
                              struct errbuf *eb)
{
	uint64_t blocks = 0, n_small = 0, at = 0;
	int rc = 0;

	memset(r, 0, sizeof *r);
	r->ix = ix;
	r->term_id = term_id;
	for (uint32_t i = 0; i < n_parts; i++) {
		blocks += part_blocks(&parts[i]);
		if (part_bytes(&parts[i]) <= PART_PREAD_MAX)
			n_small += part_bytes(&parts[i]);
	}
	if (blocks >= UINT32_MAX)
		return errbuf_set(eb, ERR_CORRUPT, "term %u: %llu posting blocks", term_id,
		                  (unsigned long long)blocks);
	/* The small parts' bytes, postings then positions, back to back, are
	 * read once and kept by the index (a process answering many queries
	 * reads them once, as it would map them once), within its budget;
	 * past it, and without a slot, parts are read mapped. */
	if (small && !*small && n_small && ix->small_bytes + n_small <= SMALL_PARTS_MAX) {
		uint8_t *data = xmalloc(n_small);
		for (uint32_t i = 0; i < n_parts && !rc; i++) {
			const struct term_part *part = &parts[i];
			const struct index_segment *sg = &ix->segs[part->seg];
			if (part_bytes(part) > PART_PREAD_MAX)
				continue;
			rc = segment_pread(sg, sg->sec_off[SEC_POSTINGS] +
			                   part->postings_off, data + at, part->postings_len, eb);
			if (!rc)
				rc = segment_pread(sg, sg->sec_off[SEC_POSITIONS] +
				                   part->positions_off, data + at + part->postings_len,
				                   part->positions_len, eb);
			at += part_bytes(part);
		}
		if (rc) {
			free(data);
			return rc;
		}
		*small = data;
		ix->small_bytes += n_small;
	}
	reader_alloc(r, (uint32_t)blocks);
	r->deleted = ix->deleted;
	at = 0;
	for (uint32_t i = 0; i < n_parts && !rc; i++) {
		const struct term_part *part = &parts[i];
		const struct index_segment *sg = &ix->segs[part->seg];
		if (small && *small && part_bytes(part) <= PART_PREAD_MAX) {
			const uint8_t *doc = *small + at;
			at += part_bytes(part);
			rc = reader_read_part(r, part, doc, 0, doc + part->postings_len, 0, eb);
		} else {
			rc = reader_read_part(r, part, sg->sec[SEC_POSTINGS], part->postings_off,
			                      sg->sec[SEC_POSITIONS], part->positions_off, eb);
		}
	}
	if (rc)
		posting_reader_release(r);
	return rc;
}

int posting_reader_open(struct index *ix, uint32_t term_id,
                        struct posting_reader *r, struct errbuf *eb)
{
	struct index_term *t;
	int rc = index_term_entry(ix, term_id, &t, eb);

	if (rc) {
		memset(r, 0, sizeof *r);
		return rc;
	}
	return posting_reader_open_parts(ix, term_id, t->parts, t->n_parts, &t->small, r, eb);
}

void posting_reader_open_twin(struct posting_reader *r,
                              const struct posting_reader *of)
{
	/* The block table by copying the pointers; the cursor and the
	 * position buffers are r's own. */
	*r = *of;
	r->pos = NULL;
	r->pos_cap = 0;
	r->twin = 1;
	posting_reader_rewind(r);
}

void posting_reader_release(struct posting_reader *r)
{
	if (r->twin) {
		free(r->pos);
		memset(r, 0, sizeof *r);
		return;
	}
	while (r->cache && r->cache->chunks) {
		struct cache_chunk *c = r->cache->chunks;
		r->cache->chunks = c->next;
		free(c);
	}
	free(r->doc_off); /* the block table (reader_alloc) */
	free(r->pos);
	memset(r, 0, sizeof *r);
}

int posting_reader_is_open(const struct posting_reader *r)
{
	return r->ix != NULL;
}

void posting_reader_keep_blocks(const struct posting_reader *r)
{
	r->cache->on = 1;
}

void posting_reader_rewind(struct posting_reader *r)
{
	r->block = 0;
	r->decoded = r->pos_decoded = 0;
	r->n = r->i = 0;
	r->clause = 0;
	r->n_deleted = 0;
}

/* A free entry of c for a block just decoded. */
static struct decoded_block *cache_entry(struct block_cache *c)
{
	if (c->used == CACHE_CHUNK) {
		struct cache_chunk *chunk = xmalloc(sizeof *chunk);
		chunk->next = c->chunks;
		c->chunks = chunk;
		c->used = 0;
	}
	return &c->chunks->b[c->used++];
}

/* Decode the ids of r->block and check its packed tfs' size, so that
 * decoding them later (decode_tfs) cannot fail. Once the table keeps its
 * blocks (posting_reader_keep_blocks), a block one of its readers decoded
 * and checked is copied to the others: the partial form of an AND reads
 * its words again after the AND (its readers are twins of the AND's), and
 * its MaxScore takes a rare word's clauses first and the rest in a second
 * pass, so the bench's and3 queries at 100 MiB decoded each block they
 * read about twice (mundial trabajo papoteía: 400 decodes of 191
 * blocks). Copying 512 bytes costs a tenth of decoding them; keeping
 * them costs an AND that needs no partial fill up to 1.3%. */
static int decode_block(struct posting_reader *r, struct errbuf *eb)
{
	uint32_t k = r->block;
	struct index_segment *sg = &r->ix->segs[r->block_seg[k]];
	const uint8_t *base = r->doc_base[k];
	const uint8_t *p = base + r->doc_off[k], *end = base + r->doc_end[k];
	uint64_t next = k && r->block_seg[k - 1] == r->block_seg[k]
	                ? (uint64_t)r->last_id[k - 1] + 1 : sg->clause_base;
	uint64_t seg_end = (uint64_t)sg->clause_base + sg->stats.n_clauses;
	struct decoded_block *kept = r->cache->blocks[k];

	r->n = r->block_n[k];
	r->pos_decoded = 0;
	r->i = 0;
	if (r->block0_held) {
		if (k == 0) {
			r->tfs_decoded = 1;
			r->decoded = 1;
			return 0;
		}
		r->block0_held = 0; /* its ids and tfs are overwritten below */
	}
	if (kept) {
		memcpy(r->ids, kept->ids, r->n * sizeof *r->ids);
		r->tf_data = kept->tf_data;
		r->tfs_decoded = 0;
		r->decoded = 1;
		return 0;
	}
	/* The tfs are only stepped over here (bounds and exceptions checked,
	 * decode_tfs decodes them when asked; none follow the ids of a block
	 * whose every tf is 1). A damaged tf of 2^32 - 1 would come out as 0:
	 * a wrong score, never a wrong read. */
	const uint8_t *tf_end = NULL;
	int bad = bitpack_read(&p, end, r->ids, r->n);
	if (!bad) {
		tf_end = p;
		bad = tf_end != end && (bitpack_skip(&tf_end, end, r->n) || tf_end != end);
	}
	if (bad)
		return index_corrupt(sg, SEC_POSTINGS, eb, "term %u block %u: bad doc data",
		                     r->term_id, k);
	r->tf_data = p;
	r->tfs_decoded = 0;
	/* The ids ascend (each is the one before + 1 + a gap below 2^32,
	 * summed in 64 bits), so the last one in range puts them all in
	 * range; out of range, the block is not taken as decoded. */
	uint64_t id = gaps_to_ids(r->ids, r->n, next);
	if (id >= seg_end)
		return index_corrupt(sg, SEC_POSTINGS, eb, "term %u block %u: clause id out of range",
		                     r->term_id, k);
	if (r->ids[r->n - 1] != r->last_id[k])
		return index_corrupt(sg, SEC_POSTINGS, eb,
		                     "term %u block %u: last clause %u, skip table says %u",
		                     r->term_id, k, r->ids[r->n - 1], r->last_id[k]);
	r->decoded = 1;
	if (r->cache->on) {
		kept = r->cache->blocks[k] = cache_entry(r->cache);
		memcpy(kept->ids, r->ids, r->n * sizeof *r->ids);
		kept->tf_data = r->tf_data;
		kept->tfs_decoded = 0;
	}
	return 0;
}

/* The tfs of the decoded block, which decode_block checked (and kept). */
static void decode_tfs(struct posting_reader *r)
{
	struct decoded_block *kept = r->cache->blocks[r->block];
	const uint8_t *p = r->tf_data;

	r->tfs_decoded = 1;
	if (kept && kept->tfs_decoded) {
		memcpy(r->tfs, kept->tfs, r->n * sizeof *r->tfs);
		return;
	}
	read_tfs(&p, r->doc_base[r->block] + r->doc_end[r->block], r->tfs, r->n);
	uint32_t *tfs = r->tfs, n = r->n; /* not reloaded from r at each store */
#pragma GCC unroll 4
	for (uint32_t i = 0; i < n; i++)
		tfs[i]++;
	if (kept) {
		memcpy(kept->tfs, r->tfs, r->n * sizeof *r->tfs);
		kept->tfs_decoded = 1;
	}
}

uint32_t posting_reader_tf(struct posting_reader *r)
{
	if (!r->tfs_decoded)
		decode_tfs(r);
	return r->tfs[r->i];
}

int posting_reader_tf_at(struct posting_reader *r, uint32_t clause, uint32_t *tf)
{
	uint32_t lo;

	if (!r->decoded || r->block >= r->n_blocks || clause < r->ids[0] ||
	    clause > r->ids[r->n - 1])
		return 0;
	lo = posting_ids_first_at_least(r->ids, 0, r->n, clause);
	*tf = 0;
	if (r->ids[lo] != clause) /* most titles lack the word: no tfs decoded */
		return 1;
	if (!r->tfs_decoded)
		decode_tfs(r);
	*tf = r->tfs[lo];
	return 1;
}

static void set_current(struct posting_reader *r)
{
	r->clause = r->ids[r->i];
}

/* Move to block k (not decoded yet). */
static void goto_block(struct posting_reader *r, uint32_t k)
{
	r->block = k;
	r->decoded = 0;
	r->pos_decoded = 0;
}

/* Decode the block after the current one, or the current one when it is
 * not decoded yet (after open or a skip): 0, 1 past the last block, or
 * ERR_CORRUPT. */
static int reader_decode_next(struct posting_reader *r, struct errbuf *eb)
{
	if (r->decoded)
		goto_block(r, r->block + 1);
	if (r->block >= r->n_blocks)
		return 1;
	return decode_block(r, eb);
}

/* Move to the next posting, deleted or not. */
static int reader_step(struct posting_reader *r, struct errbuf *eb)
{
	int rc;

	if (r->block >= r->n_blocks)
		return 1;
	if (r->decoded && ++r->i < r->n) {
		set_current(r);
		return 0;
	}
	if ((rc = reader_decode_next(r, eb)))
		return rc;
	set_current(r);
	return 0;
}

/* From the current posting on, pass over deleted ones. */
static int reader_skip_deleted(struct posting_reader *r, struct errbuf *eb)
{
	int rc = 0;

	while (rc == 0 && index_is_deleted(r->ix, r->clause)) {
		r->n_deleted++;
		rc = reader_step(r, eb);
	}
	return rc;
}

int posting_reader_next(struct posting_reader *r, struct errbuf *eb)
{
	int rc = reader_step(r, eb);

	return rc ? rc : reader_skip_deleted(r, eb);
}

int posting_reader_next_block(struct posting_reader *r, uint32_t *ids, uint32_t *tfs,
                              uint32_t *lens, uint32_t *n, struct errbuf *eb)
{
	const struct index_segment *sg;
	uint32_t live = 0;
	int rc;

	if ((rc = reader_decode_next(r, eb)))
		return rc;
	if (!r->tfs_decoded)
		decode_tfs(r);
	sg = &r->ix->segs[r->block_seg[r->block]];
	for (uint32_t i = 0; i < r->n; i++) {
		uint32_t c = r->ids[i];
		if (index_is_deleted(r->ix, c)) {
			r->n_deleted++;
			continue;
		}
		ids[live] = c;
		tfs[live] = r->tfs[i];
		lens[live++] = seg_clause_len(sg, c - sg->clause_base); /* in range: decode_block */
	}
	r->i = r->n - 1;
	set_current(r);
	*n = live;
	return 0;
}

int posting_reader_skip_block(struct posting_reader *r, uint32_t target)
{
	uint32_t k = r->block;

	while (k < r->n_blocks && r->last_id[k] < target)
		k++;
	if (k != r->block)
		goto_block(r, k);
	return k >= r->n_blocks;
}

uint32_t posting_reader_block_last(const struct posting_reader *r)
{
	return r->last_id[r->block];
}

/* A block's largest tf is its first bound pair's, its shortest length
 * its last pair's (format.h). */
static uint32_t block_max_tf(const struct posting_reader *r, uint32_t k)
{
	return r->bound_tf[(size_t)k * BLOCK_MAX_BOUNDS];
}

static uint32_t block_min_len(const struct posting_reader *r, uint32_t k)
{
	return r->bound_len[(size_t)k * BLOCK_MAX_BOUNDS + r->n_bounds[k] - 1];
}

uint32_t posting_reader_block_max_tf(const struct posting_reader *r)
{
	return block_max_tf(r, r->block);
}

uint32_t posting_reader_block_min_len(const struct posting_reader *r)
{
	return block_min_len(r, r->block);
}

size_t posting_reader_block_bounds(const struct posting_reader *r,
                                   const uint32_t **tf, const uint32_t **len)
{
	return posting_reader_bounds_of(r, r->block, tf, len);
}

size_t posting_reader_bounds_of(const struct posting_reader *r, uint32_t k,
                                const uint32_t **tf, const uint32_t **len)
{
	size_t at = (size_t)k * BLOCK_MAX_BOUNDS;

	*tf = r->bound_tf + at;
	*len = r->bound_len + at;
	return r->n_bounds[k];
}

uint32_t posting_reader_title_max_tf(const struct posting_reader *r)
{
	return r->title_max;
}

uint32_t posting_reader_max_tf(const struct posting_reader *r)
{
	uint32_t m = 0;

	for (uint32_t k = 0; k < r->n_blocks; k++)
		m = block_max_tf(r, k) > m ? block_max_tf(r, k) : m;
	return m;
}

uint32_t posting_reader_min_len(const struct posting_reader *r)
{
	uint32_t m = UINT32_MAX;

	for (uint32_t k = 0; k < r->n_blocks; k++)
		m = block_min_len(r, k) < m ? block_min_len(r, k) : m;
	return m;
}

int posting_reader_advance(struct posting_reader *r, uint32_t target,
                           struct errbuf *eb)
{
	int rc;

	if (posting_reader_advance_in_block(r, target))
		return 0;
	if (posting_reader_skip_block(r, target))
		return 1;
	if (!r->decoded && (rc = decode_block(r, eb)))
		return rc;
	r->i = posting_ids_first_at_least(r->ids, r->i, r->n, target); /* last id >= target */
	set_current(r);
	/* Tested here first: most postings are live, and the call was a
	 * tenth of an AND's moves. */
	return index_is_deleted(r->ix, r->clause) ? reader_skip_deleted(r, eb) : 0;
}

/* 0 if keep rejects every bound pair of the current block, which then
 * holds no posting keep would keep (the pairs cover its postings). */
static int block_may_keep(const struct posting_reader *r, const struct posting_keep *keep)
{
	const uint32_t *tf, *len;
	size_t n = posting_reader_block_bounds(r, &tf, &len);

	for (size_t i = 0; i < n; i++)
		if (posting_keeps(keep, tf[i], len[i]))
			return 1;
	return 0;
}

int posting_reader_advance_keep(struct posting_reader *r, uint32_t target,
                                const struct posting_keep *keep, struct errbuf *eb)
{
	int rc;

	for (;; target = r->last_id[r->block] + 1) {
		const struct index_segment *sg;
		if (posting_reader_skip_block(r, target))
			return 1;
		if (!block_may_keep(r, keep))
			continue;
		if (!r->decoded && (rc = decode_block(r, eb)))
			return rc;
		if (!r->tfs_decoded)
			decode_tfs(r);
		sg = &r->ix->segs[r->block_seg[r->block]];
		uint32_t from = posting_ids_first_at_least(r->ids, r->i, r->n, target);
		for (uint32_t i = from; i < r->n; i++) {
			uint32_t c = r->ids[i];
			if (!posting_keeps(keep, r->tfs[i], seg_clause_len(sg, c - sg->clause_base)) ||
			    index_is_deleted(r->ix, c))
				continue;
			r->i = i;
			set_current(r);
			return 0;
		}
		r->i = r->n - 1;
		set_current(r);
	}
}

int posting_reader_count_deleted(struct index *ix, const struct term_part *part,
                                 uint32_t *count, struct errbuf *eb)
{
	const struct index_segment *sg = &ix->segs[part->seg];
	struct posting_reader r;
	int rc = posting_reader_open_parts(ix, UINT32_MAX, part, 1, NULL, &r, eb);

	*count = 0;
	/* Deleted documents are few: visit only the blocks their clauses fall
	 * in, through the skip table, rather than the term's whole list. */
	for (uint32_t i = 0; !rc && i < sg->n_deleted_docs; i++) {
		const uint8_t *d = sg->sec[SEC_DOCS] + (size_t)sg->deleted_docs[i] * DOC_RECORD_SIZE;
		uint32_t from = sg->clause_base + load_u32(d + DOC_FIRST_CLAUSE);
		uint32_t to = from + load_u32(d + DOC_N_CLAUSES);
		while (!rc && from < to && !posting_reader_skip_block(&r, from)) {
			if (!r.decoded && (rc = decode_block(&r, eb)))
				break;
			for (uint32_t j = 0; j < r.n; j++)
				*count += r.ids[j] >= from && r.ids[j] < to;
			if (r.last_id[r.block] >= to)
				break;
			from = r.last_id[r.block] + 1;
		}
	}
	posting_reader_release(&r);
	return rc;
}

/* Lay out the current block's positions: where each group's bits start
 * (from the block's header, format.h). Nothing is decoded yet. */
static int layout_positions(struct posting_reader *r, struct errbuf *eb)
{
	uint32_t k = r->block, n_groups = (r->n + POSITION_GROUP - 1) / POSITION_GROUP;
	struct index_segment *sg = &r->ix->segs[r->block_seg[k]];
	const uint8_t *base = r->pos_base[k], *p = base + r->pos_off[k], *end = base + r->pos_end[k];
	uint64_t at;

	if (!r->tfs_decoded)
		decode_tfs(r);
	for (uint32_t g = 1; g < n_groups; g++) {
		uint32_t len;
		if (varint_read_u32(&p, end, &len))
			return index_corrupt(sg, SEC_POSITIONS, eb, "term %u block %u: bad group length",
			                     r->term_id, k);
		r->pos_group[g] = len; /* made offsets below, once p is past the lengths */
	}
	at = r->pos_group[0] = (uint64_t)(p - base);
	for (uint32_t g = 1; g < n_groups; g++)
		r->pos_group[g] = at += r->pos_group[g];
	r->pos_group[n_groups] = r->pos_end[k];
	if (at > r->pos_end[k])
		return index_corrupt(sg, SEC_POSITIONS, eb, "term %u block %u: groups past its end",
		                     r->term_id, k);
	r->pos_next = 0;
	r->pos_have = UINT32_MAX;
	bit_reader_start(&r->pos_bits, base + r->pos_group[0], base + r->pos_group[1]);
	r->pos_decoded = 1;
	return 0;
}

/* Decode posting i's positions into pos. A posting's code takes bits that
 * only its clause's length and its own positions tell (codec.h), so the
 * postings before it in its group are stepped over first, from where the
 * last one asked ended when that was in the same group and before i (a
 * phrase or a bonus asks in ascending order, so a group is read at most
 * once, as far as the last posting asked). A group's positions must end
 * its bytes. */
static int decode_positions(struct posting_reader *r, uint32_t i,
                            struct errbuf *eb)
{
	struct index_segment *sg = &r->ix->segs[r->block_seg[r->block]];
	const uint8_t *base = r->pos_base[r->block], *lengths = sg->sec[SEC_LENGTHS];
	uint32_t g = i / POSITION_GROUP, j = r->pos_next, first = sg->clause_base, len, tf;
	int bad;
	struct bit_reader bits = r->pos_bits; /* in registers through the loop */

	if (j > i || j < g * POSITION_GROUP) {
		j = g * POSITION_GROUP;
		bit_reader_start(&bits, base + r->pos_group[g], base + r->pos_group[g + 1]);
	}
	for (;; j++) {
		len = seg_clause_len_in(sg, lengths, r->ids[j] - first);
		tf = r->tfs[j];
		if (j < i && tf == 1) {
			if ((bad = position_skip(&bits, len)))
				break;
			continue;
		}
		if (tf > len || len > CLAUSE_MAX_TOKENS)
			return index_corrupt(sg, SEC_POSITIONS, eb,
			                     "term %u clause %u: tf %u past its %u tokens",
			                     r->term_id, r->ids[j], tf, len);
		r->pos = xgrow(r->pos, &r->pos_cap, tf, sizeof *r->pos);
		if ((bad = positions_get(&bits, r->pos, tf, len)) || j == i)
			break;
	}
	if (bad) /* a value ran past the group's bytes */
		return index_corrupt(sg, SEC_POSITIONS, eb, "term %u block %u: bad group %u",
		                     r->term_id, r->block, g);
	r->pos_have = i;
	r->pos_next = i + 1;
	if ((i + 1) % POSITION_GROUP == 0 || i + 1 == r->n) {
		/* The group's last posting: its positions end the group's bytes,
		 * and the next group starts. */
		if (!bit_reader_at_end(&bits))
			return index_corrupt(sg, SEC_POSITIONS, eb, "term %u block %u: trailing bytes",
			                     r->term_id, r->block);
		if (i + 1 < r->n)
			bit_reader_start(&bits, base + r->pos_group[g + 1], base + r->pos_group[g + 2]);
	}
	r->pos_bits = bits;
	return 0;
}

int posting_reader_positions(struct posting_reader *r, const uint32_t **pos,
                             size_t *n, struct errbuf *eb)
{
	int rc;

	if (!r->decoded || r->block >= r->n_blocks)
		return errbuf_set(eb, ERR_INVALID, "posting reader has no current posting");
	if (!r->pos_decoded && (rc = layout_positions(r, eb)))
		return rc;
	if (r->pos_have != r->i && (rc = decode_positions(r, r->i, eb)))
		return rc;
	*pos = r->pos;
	*n = r->tfs[r->i];
	return 0;
}
