/* index_text.c: stored clause text (format.h SEC_TEXT_DICT, SEC_TEXT,
 * SEC_TEXT_INDEX): small zstd blocks decoded with their segment's
 * dictionary, each checked against its CRC32 when decoded, and a small
 * cache of decoded blocks for output that prints many hits. The cache and
 * its decoder belong to the index, not to each segment (fresh buffers for
 * every segment cost page faults); each segment's dictionary is read
 * (pread) into the heap once, at its first text read, and digested by
 * reference. Read, not mapped: its pages, touched where a block's matches
 * point into it, each cost a fault (15-20 us here), while unsearch's heap
 * lies on a huge page already (heap.h); 6 fewer faults for ten hits at 10
 * MiB. (Before that heap, a copy's fresh pages cost ~1 ms a segment.)
 * Segments written by updates inherit the index's dictionary (storedtext.h),
 * and segments with the same dictionary share one DDict: a query whose hits
 * lie in ten segments builds one set of entropy tables, not ten, and its
 * decoding touches one dictionary's pages.
 *
 * Costs, measured on the generated 100 MiB corpus: a 4 KiB block decodes
 * in about 12 us, so ten scattered hits cost well under a millisecond; the
 * cache serves the neighbours of a hit (-C, --show read a document's
 * consecutive clauses) and hits that share a block. */
#include "_index.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h> /* crc32 */
#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_createDDict_byReference, ZSTD_d_format */
#include <zstd.h>

#include "codec.h"
#include "smallsort.h"
#include "wordcode.h"
#include "xalloc.h"

/* Blocks read with pread before the map serves them (struct text_cache). */
#define TEXT_PREAD_BLOCKS 64

/* Decoded blocks kept: 64 of about 4 KiB is 256 KiB, small next to the
 * mapped index, and enough for a whole resolution read by --show. */
#define TEXT_CACHE_SLOTS 64

struct text_slot {
	uint32_t seg;     /* the segment of block */
	uint32_t block;   /* UINT32_MAX: empty; a clause of a word-coded segment */
	uint32_t len;     /* raw bytes held */
	uint64_t used;    /* tick of the last use, for least-recently-used */
	uint8_t *data;
	size_t cap;
};

struct text_cache {
	ZSTD_DCtx *dctx; /* made at the first zstd block decoded */
	struct text_slot slot[TEXT_CACHE_SLOTS];
	uint64_t tick;
	/* A block's compressed bytes, read with pread rather than through
	 * the map for the first TEXT_PREAD_BLOCKS blocks: each mapped page a
	 * process touches first costs a fault (15-20 us here), a pread into
	 * this reused buffer a few us; ten hits touched 8 fewer pages. Past
	 * that, the map: a page holds several blocks, and printing 40,000
	 * hits took 12% more CPU in preads. */
	uint8_t *comp;
	size_t comp_cap;
	uint32_t n_pread;
};

static struct text_cache *text_cache_get(struct index *ix)
{
	struct text_cache *tc = ix->text;

	if (tc)
		return tc;
	tc = xcalloc(1, sizeof *tc);
	for (size_t i = 0; i < TEXT_CACHE_SLOTS; i++)
		tc->slot[i].block = UINT32_MAX;
	ix->text = tc;
	return tc;
}

void index_text_release(struct index *ix)
{
	struct text_cache *tc = ix->text;

	for (uint32_t k = 0; k < ix->n_segs; k++) {
		if (!ix->segs[k].ddict_shared) {
			ZSTD_freeDDict(ix->segs[k].ddict);
			free(ix->segs[k].dict);
		}
		ix->segs[k].dict = NULL;
		ix->segs[k].ddict = NULL;
		ix->segs[k].ddict_shared = 0;
		if (!ix->segs[k].wc_shared)
			wordcode_free(ix->segs[k].wc);
		ix->segs[k].wc = NULL;
		ix->segs[k].wc_shared = 0;
	}
	if (!tc)
		return;
	ZSTD_freeDCtx(tc->dctx);
	free(tc->comp);
	for (size_t i = 0; i < TEXT_CACHE_SLOTS; i++)
		free(tc->slot[i].data);
	free(tc);
	ix->text = NULL;
}

/* The checksum the section table gives section id of sg. */
static uint32_t section_crc(const struct index_segment *sg, uint32_t id)
{
	for (uint32_t k = 0; k < sg->n_table; k++)
		if (sg->table[k].id == id)
			return sg->table[k].crc;
	return 0;
}

/* The earlier segment whose section sec (TEXT_DICT or TEXT_MODEL) has the
 * same bytes as segment seg's and whose coder of them is open, its own
 * (segments written by updates copy the index's: one digested for all),
 * or NULL. */
static const struct index_segment *coder_owner(const struct index *ix, uint32_t seg,
                                               uint32_t sec)
{
	const struct index_segment *sg = &ix->segs[seg];
	uint32_t crc = section_crc(sg, sec);

	for (uint32_t k = 0; k < seg; k++) {
		const struct index_segment *o = &ix->segs[k];
		int own = sec == SEC_TEXT_DICT ? o->ddict && !o->ddict_shared
		                               : o->wc && !o->wc_shared;
		if (own && o->sec_len[sec] == sg->sec_len[sec] && section_crc(o, sec) == crc)
			return o;
	}
	return NULL;
}

/* Section sec of sg read (pread, not mapped: its pages would each cost a
 * fault) into *out (caller frees). A large index's sections are not
 * checked at open, and a damaged dictionary or model would turn intact
 * blocks into wrong text: the caller checks what was read, a dictionary
 * against its section's CRC, a word model by the XXH3 it carries (the
 * CRC took 83 us of a query of a 100 MiB index, XXH3 a third of that). */
static int coder_read(struct index_segment *sg, uint32_t sec, uint8_t **out,
                      struct errbuf *eb)
{
	int rc;

	*out = xmalloc(sg->sec_len[sec] ? sg->sec_len[sec] : 1);
	if ((rc = segment_pread(sg, sg->sec_off[sec], *out, sg->sec_len[sec], eb))) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

/* Set segment seg's ddict: an earlier segment's whose TEXT_DICT has the
 * same length and checksum (the same bytes: a block decoded with another
 * dictionary would fail its own CRC, never pass for text), else its own. */
static int segment_ddict(struct index *ix, uint32_t seg, struct errbuf *eb)
{
	struct index_segment *sg = &ix->segs[seg];
	const struct index_segment *o = coder_owner(ix, seg, SEC_TEXT_DICT);
	size_t len = sg->sec_len[SEC_TEXT_DICT];
	int rc;

	if (o) {
		sg->ddict = o->ddict;
		sg->ddict_shared = 1;
		return 0;
	}
	/* A failure leaves no dictionary: the next block read tries again
	 * (and fails the same way) from scratch. */
	rc = coder_read(sg, SEC_TEXT_DICT, &sg->dict, eb);
	if (!rc && index_crc(sg->dict, len) != section_crc(sg, SEC_TEXT_DICT))
		rc = index_corrupt(sg, SEC_TEXT_DICT, eb, "checksum mismatch");
	else if (!rc && !(sg->ddict = ZSTD_createDDict_byReference(sg->dict, len)))
		rc = index_corrupt(sg, SEC_TEXT_DICT, eb, "zstd refuses the dictionary");
	if (rc) {
		free(sg->dict);
		sg->dict = NULL;
	}
	return rc;
}

int index_text_dict(struct index *ix, uint32_t min_blocks, const uint8_t **dict,
                    size_t *len, int *word, struct errbuf *eb)
{
	const struct index_segment *best = NULL;
	uint32_t sec;

	*dict = NULL;
	*len = 0;
	*word = 0;
	for (uint32_t k = 0; k < ix->n_segs; k++) {
		const struct index_segment *sg = &ix->segs[k];
		if ((sg->sec_len[SEC_TEXT_DICT] || sg->sec_len[SEC_TEXT_MODEL]) &&
		    sg->stats.n_text_blocks >= min_blocks &&
		    (!best || sg->stats.n_text_blocks > best->stats.n_text_blocks))
			best = sg;
	}
	if (!best)
		return 0;
	sec = best->sec_len[SEC_TEXT_MODEL] ? SEC_TEXT_MODEL : SEC_TEXT_DICT;
	if (index_crc(best->sec[sec], best->sec_len[sec]) != section_crc(best, sec))
		return index_corrupt(best, sec, eb, "checksum mismatch");
	*dict = best->sec[sec];
	*len = best->sec_len[sec];
	*word = sec == SEC_TEXT_MODEL;
	return 0;
}

/* Check block b of segment seg, comp bytes at in, against crc and decode
 * it into s (raw bytes expected). On failure s is left empty. */
static int text_decode(struct index *ix, uint32_t seg, struct text_cache *tc,
                       struct text_slot *s, uint32_t b, const uint8_t *in,
                       uint32_t comp, uint32_t raw, uint32_t crc,
                       struct errbuf *eb)
{
	struct index_segment *sg = &ix->segs[seg];
	size_t got;
	int rc;

	s->block = UINT32_MAX;
	/* The frame is checked, not the text it decodes to: damage is caught
	 * before zstd reads it, and a frame is a third of the bytes (10 hits'
	 * CRCs: 153K -> 50K instructions). */
	if ((uint32_t)crc32(crc32(0L, Z_NULL, 0), in, comp) != crc)
		return index_corrupt(sg, SEC_TEXT, eb, "text block %u: checksum mismatch", b);
	s->data = xgrow(s->data, &s->cap, (size_t)raw + 1, 1);
	if (sg->sec_len[SEC_TEXT_DICT] && !sg->ddict && (rc = segment_ddict(ix, seg, eb)))
		return rc;
	/* zstd's decoder (96 KB) is made at the first zstd block: a query of
	 * word-coded segments never needs it, and with it a 100 MiB index's
	 * ten hits took a second huge page of the heap. */
	if (!tc->dctx) {
		if (!(tc->dctx = ZSTD_createDCtx()) ||
		    ZSTD_isError(ZSTD_DCtx_setParameter(tc->dctx, ZSTD_d_format,
		                                        ZSTD_f_zstd1_magicless))) {
			ZSTD_freeDCtx(tc->dctx);
			tc->dctx = NULL;
			return errbuf_set(eb, ERR_IO, "zstd: cannot initialise the decoder");
		}
	}
	got = sg->ddict ? ZSTD_decompress_usingDDict(tc->dctx, s->data, raw, in, comp, sg->ddict)
	                : ZSTD_decompressDCtx(tc->dctx, s->data, raw, in, comp);
	/* The frame must fill exactly raw bytes from exactly comp bytes
	 * (zstd refuses trailing bytes or output past raw). */
	if (ZSTD_isError(got) || got != raw)
		return index_corrupt(sg, SEC_TEXT, eb, "text block %u: %s", b,
		                     ZSTD_isError(got) ? ZSTD_getErrorName(got) : "wrong length");
	s->block = b;
	s->len = raw;
	return 0;
}

/* The cache's slot of key (a block, or a word-coded segment's clause) of
 * segment seg, marked used, or NULL and in *victim the slot used longest
 * ago. */
static struct text_slot *text_slot_find(struct text_cache *tc, uint32_t seg, uint32_t key,
                                        struct text_slot **victim)
{
	tc->tick++;
	*victim = &tc->slot[0];
	for (size_t i = 0; i < TEXT_CACHE_SLOTS; i++) {
		struct text_slot *s = &tc->slot[i];
		if (s->block == key && s->seg == seg) {
			s->used = tc->tick;
			return s;
		}
		if (s->used < (*victim)->used)
			*victim = s;
	}
	return NULL;
}

/* Block b's stored bytes (in the map, or read into tc's buffer for the
 * first TEXT_PREAD_BLOCKS blocks), its raw length and CRC from its entry;
 * b < the segment's block count. */
static int text_block_bytes(struct index_segment *sg, struct text_cache *tc, uint32_t b,
                            const uint8_t **in, uint32_t *comp, uint32_t *raw, uint32_t *crc,
                            struct errbuf *eb)
{
	const uint8_t *e;
	uint64_t off, end;
	int rc;

	/* Its entry and the next one's: the frame ends where the next
	 * block's starts. */
	if ((rc = index_seg_bytes(sg, SEC_TEXT_INDEX, (uint64_t)b * TEXTIDX_ENTRY_SIZE,
	                          (b + 1 < sg->stats.n_text_blocks ? 2 : 1) * TEXTIDX_ENTRY_SIZE,
	                          &e, eb)))
		return rc;
	off = load_u48(e + TEXTIDX_OFFSET);
	end = b + 1 < sg->stats.n_text_blocks ? load_u48(e + TEXTIDX_ENTRY_SIZE + TEXTIDX_OFFSET)
	                                      : sg->sec_len[SEC_TEXT];
	*raw = load_u16(e + TEXTIDX_RAW_LEN);
	*crc = load_u32(e + TEXTIDX_CRC);
	if (end > sg->sec_len[SEC_TEXT] || off >= end || end - off > UINT32_MAX)
		return index_corrupt(sg, SEC_TEXT_INDEX, eb,
		                     "text block %u lies outside section TEXT", b);
	*comp = (uint32_t)(end - off);
	*in = sg->sec[SEC_TEXT] + off;
	if (tc->n_pread < TEXT_PREAD_BLOCKS) {
		tc->n_pread++;
		tc->comp = xgrow(tc->comp, &tc->comp_cap, *comp, 1);
		if ((rc = segment_pread(sg, sg->sec_off[SEC_TEXT] + off, tc->comp, *comp, eb)))
			return rc;
		*in = tc->comp;
	}
	return 0;
}

int index_text_block(struct index *ix, uint32_t seg, uint32_t b,
                     const uint8_t **text, uint32_t *len, struct errbuf *eb)
{
	struct index_segment *sg = &ix->segs[seg];
	struct text_cache *tc;
	struct text_slot *victim, *hit;
	const uint8_t *in;
	uint32_t comp, raw, crc;
	int rc;

	if (b >= sg->stats.n_text_blocks)
		return index_corrupt(sg, SEC_TEXT_INDEX, eb, "no text block %u", b);
	tc = text_cache_get(ix);
	if ((hit = text_slot_find(tc, seg, b, &victim))) {
		*text = hit->data;
		*len = hit->len;
		return 0;
	}
	if (sg->sec_len[SEC_TEXT_MODEL])
		return index_corrupt(sg, SEC_TEXT, eb, "text block %u: clauses in a word code", b);
	if ((rc = text_block_bytes(sg, tc, b, &in, &comp, &raw, &crc, eb)))
		return rc;
	rc = text_decode(ix, seg, tc, victim, b, in, comp, raw, crc, eb);
	if (rc)
		return rc;
	victim->seg = seg;
	victim->used = tc->tick;
	*text = victim->data;
	*len = victim->len;
	return 0;
}

/* Open segment seg's word model: read (not mapped, as a dictionary),
 * checked against its XXH3 (its words are printed as they are: a damaged
 * byte would be a wrong paragraph) and its header parsed, once, at its
 * first text read. */
static int segment_wordcode(struct index *ix, uint32_t seg, struct errbuf *eb)
{
	struct index_segment *sg = &ix->segs[seg];
	const struct index_segment *o = coder_owner(ix, seg, SEC_TEXT_MODEL);
	struct errbuf why;
	uint8_t *model;
	int rc;

	if (o) {
		sg->wc = o->wc;
		sg->wc_shared = 1;
		return 0;
	}
	if ((rc = coder_read(sg, SEC_TEXT_MODEL, &model, eb)))
		return rc;
	if (wordcode_open_decoder(model, sg->sec_len[SEC_TEXT_MODEL], &sg->wc, &why))
		rc = index_corrupt(sg, SEC_TEXT_MODEL, eb, "%s", why.msg);
	return rc;
}

/* Append clause r's text from its block of a word-coded segment (format.h
 * SEC_TEXT_MODEL): the block checked against its CRC, its clause count and
 * code lengths against its bytes, and the clause's code decoded alone. */
static int word_clause_text(struct index *ix, uint32_t seg, uint32_t c, const struct clause_rec *r,
                            struct buf *out, struct errbuf *eb)
{
	struct index_segment *sg = &ix->segs[seg];
	struct text_cache *tc;
	struct text_slot *victim, *hit;
	const uint8_t *in, *p, *end;
	uint32_t comp, raw, crc;
	uint64_t n, len, at = 0, code_at = 0, code_len = 0;
	int rc;

	if (r->text_block >= sg->stats.n_text_blocks)
		return index_corrupt(sg, SEC_CLAUSES, eb, "clause %u: no text block %u", c,
		                     r->text_block);
	tc = text_cache_get(ix);
	/* A process answering many queries (--batch, serve) prints the same
	 * hits again: their texts are kept, as zstd's blocks are. */
	if ((hit = text_slot_find(tc, seg, c, &victim)) && hit->len == r->text_len) {
		buf_append(out, hit->data, hit->len);
		return 0;
	}
	if ((!sg->wc && (rc = segment_wordcode(ix, seg, eb))) ||
	    (rc = text_block_bytes(sg, tc, r->text_block, &in, &comp, &raw, &crc, eb)))
		return rc;
	if ((uint32_t)crc32(crc32(0L, Z_NULL, 0), in, comp) != crc)
		return index_corrupt(sg, SEC_TEXT, eb, "text block %u: checksum mismatch",
		                     r->text_block);
	p = in;
	end = in + comp;
	if (varint_read(&p, end, &n) || n > comp || r->text_ord >= n ||
	    (uint64_t)r->text_off + r->text_len > raw)
		return index_corrupt(sg, SEC_TEXT, eb, "text block %u: clause %u not there",
		                     r->text_block, c);
	for (uint64_t i = 0; i < n; i++) {
		if (varint_read(&p, end, &len) || len > comp)
			return index_corrupt(sg, SEC_TEXT, eb, "text block %u: bad code lengths",
			                     r->text_block);
		if (i == r->text_ord) {
			code_at = at;
			code_len = len;
		}
		at += len;
	}
	if (at != (uint64_t)(end - p))
		return index_corrupt(sg, SEC_TEXT, eb, "text block %u: codes do not fill it",
		                     r->text_block);
	buf_reserve(out, r->text_len);
	if (wordcode_decode(sg->wc, p + code_at, code_len, out->data + out->len, r->text_len))
		return index_corrupt(sg, SEC_TEXT, eb, "text block %u: clause %u does not decode",
		                     r->text_block, c);
	victim->data = xgrow(victim->data, &victim->cap, (size_t)r->text_len + 1, 1);
	memcpy(victim->data, out->data + out->len, r->text_len);
	victim->seg = seg;
	victim->block = c;
	victim->len = r->text_len;
	victim->used = tc->tick;
	out->len += r->text_len;
	out->data[out->len] = '\0';
	return 0;
}

int index_clause_text(struct index *ix, uint32_t clause_id, struct buf *out,
                      struct errbuf *eb)
{
	struct index_segment *sg;
	struct clause_rec r;
	const uint8_t *text;
	uint32_t have, seg;
	int rc;

	if (clause_id >= ix->stats.n_clauses)
		return errbuf_set(eb, ERR_NOTFOUND, "no clause %u", clause_id);
	seg = index_clause_segment(ix, clause_id);
	sg = &ix->segs[seg];
	if ((rc = index_clause_rec(sg, clause_id - sg->clause_base, &r, eb)))
		return rc;
	if (sg->sec_len[SEC_TEXT_MODEL])
		return word_clause_text(ix, seg, clause_id - sg->clause_base, &r, out, eb);
	if ((rc = index_text_block(ix, seg, r.text_block, &text, &have, eb)))
		return rc;
	if ((uint64_t)r.text_off + r.text_len > have)
		return index_corrupt(sg, SEC_CLAUSES, eb, "clause %u: text runs past its block",
		                     clause_id - sg->clause_base);
	buf_append(out, text + r.text_off, r.text_len);
	return 0;
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

int index_clause_texts(struct index *ix, const uint32_t *clauses, size_t n,
                       struct buf *out, size_t *off, uint32_t *len,
                       struct errbuf *eb)
{
	/* (clause << 32 | i): sorting these visits the clauses in id order
	 * and remembers where each goes. */
	uint64_t *order = xmalloc((n ? n : 1) * sizeof *order);
	size_t total = 0;
	int rc = 0;

	/* out is sized once for all the texts: growing it by doubling copies
	 * what it holds into fresh pages each time, page faults that cost
	 * --json -n 40000 more than the copying. */
	for (size_t i = 0; i < n && !rc; i++) {
		const struct index_segment *sg;
		struct clause_rec r;
		order[i] = (uint64_t)clauses[i] << 32 | (uint32_t)i;
		if (clauses[i] >= ix->stats.n_clauses)
			continue; /* index_clause_text names it */
		sg = &ix->segs[index_clause_segment(ix, clauses[i])];
		rc = index_clause_rec(sg, clauses[i] - sg->clause_base, &r, eb);
		total += rc ? 0 : r.text_len;
	}
	if (rc) {
		free(order);
		return rc;
	}
	buf_reserve(out, total);
	small_sort(order, n, sizeof *order, u64_cmp);
	for (size_t k = 0; k < n && !rc; k++) {
		size_t i = (uint32_t)order[k];
		off[i] = out->len;
		rc = index_clause_text(ix, (uint32_t)(order[k] >> 32), out, eb);
		len[i] = (uint32_t)(out->len - off[i]);
	}
	free(order);
	return rc;
}
