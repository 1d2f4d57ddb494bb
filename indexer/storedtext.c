/* storedtext.c: packs clause text into small blocks compressed with a
 * preset dictionary taken from the corpus itself (see storedtext.h).
 *
 * Why a dictionary: deflate finds repeats only in what it has already seen
 * of the stream, so a 4 KiB block alone compresses UN prose to ~46% while
 * 64 KiB blocks reach ~36%. With 32 KiB of the corpus's own text as the
 * preset history, 4 KiB blocks reach ~34% (generated corpus, level 6; 36%
 * at level 3, 38% before): the
 * formulas ("Reafirma", "de las Naciones Unidas", "la Asamblea General")
 * are found in the dictionary. Evenly spaced pieces of the first MiB did
 * better than the most frequent word n-grams in a trial (34% vs 39%).
 * Setting the dictionary costs about 15% of a block's deflate time. */
#include "storedtext.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "format.h"
#include "xalloc.h"

/* The sample the dictionary is cut from: the first MiB of clause text. */
#define TEXT_DICT_SAMPLE (1u << 20)
/* A small corpus gets a dictionary of at most 1/8 of its text, so that the
 * dictionary never costs more than it saves. */
#define TEXT_DICT_RATIO 8
/* The dictionary is made of pieces this long, evenly spaced in the sample. */
#define TEXT_DICT_PIECE 256
/* zlib level, measured on the generated 10 MiB corpus (user CPU of the
 * whole unindex run; 1.03 s with the old 64 KiB blocks at level 3):
 * level 1 stores the text in 40.7% of its bytes (1.10 s), level 3 in 36.1%
 * (1.27 s), level 6 in 34.5% (1.75 s, lazy matching is what costs). */
#define TEXT_ZLIB_LEVEL 3

struct stored_text {
	struct spool *out;
	struct buf dict, index, block, scratch;
	/* Closed blocks waiting for the dictionary, back to back; their raw
	 * lengths in pending_len. Empty once have_dict is set. */
	struct buf pending;
	uint32_t *pending_len;
	size_t n_pending, pending_cap;
	int have_dict;
	z_stream z;
	int z_ready;
	uint32_t n_blocks; /* blocks closed (written or pending) */
};

struct stored_text *storedtext_new(struct spool *out)
{
	struct stored_text *st = xcalloc(1, sizeof *st);

	st->out = out;
	return st;
}

void storedtext_free(struct stored_text *st)
{
	if (!st)
		return;
	if (st->z_ready)
		deflateEnd(&st->z);
	buf_release(&st->dict);
	buf_release(&st->index);
	buf_release(&st->block);
	buf_release(&st->scratch);
	buf_release(&st->pending);
	free(st->pending_len);
	free(st);
}

/* Compress one block's raw bytes and append it to the spool and index. */
static int storedtext_write(struct stored_text *st, const uint8_t *raw,
                            uint32_t len, struct errbuf *eb)
{
	z_stream *z = &st->z;
	uLong bound;
	int zrc;

	if (!st->z_ready) {
		if (deflateInit2(z, TEXT_ZLIB_LEVEL, Z_DEFLATED, -MAX_WBITS, 8,
		                 Z_DEFAULT_STRATEGY) != Z_OK)
			return errbuf_set(eb, ERR_IO, "zlib: cannot initialise deflate");
		st->z_ready = 1;
	} else if (deflateReset(z) != Z_OK) {
		return errbuf_set(eb, ERR_IO, "zlib: deflate reset failed");
	}
	if (st->dict.len &&
	    deflateSetDictionary(z, (const Bytef *)st->dict.data, (uInt)st->dict.len) != Z_OK)
		return errbuf_set(eb, ERR_IO, "zlib: dictionary refused");
	bound = deflateBound(z, len);
	buf_reset(&st->scratch);
	buf_reserve(&st->scratch, bound);
	z->next_in = (Bytef *)raw;
	z->avail_in = len;
	z->next_out = (Bytef *)st->scratch.data;
	z->avail_out = (uInt)bound;
	zrc = deflate(z, Z_FINISH);
	if (zrc != Z_STREAM_END)
		return errbuf_set(eb, ERR_IO, "zlib: deflate failed (%d)", zrc);
	buf_append_u64(&st->index, st->out->len);
	buf_append_u32(&st->index, (uint32_t)z->total_out);
	buf_append_u32(&st->index, len);
	buf_append_u32(&st->index, (uint32_t)crc32(crc32(0L, Z_NULL, 0), raw, len));
	return spool_write(st->out, st->scratch.data, z->total_out, eb);
}

/* Cut the dictionary from the pending sample, then compress the pending
 * blocks with it. */
static int storedtext_flush_pending(struct stored_text *st, struct errbuf *eb)
{
	size_t sample = st->pending.len, size = sample / TEXT_DICT_RATIO;
	size_t n_pieces, at = 0;
	int rc = 0;

	if (size > TEXT_DICT_MAX)
		size = TEXT_DICT_MAX;
	n_pieces = size / TEXT_DICT_PIECE;
	for (size_t k = 0; k < n_pieces; k++)
		buf_append(&st->dict, st->pending.data + k * (sample / n_pieces),
		           TEXT_DICT_PIECE);
	st->have_dict = 1;
	for (size_t i = 0; i < st->n_pending && !rc; i++) {
		rc = storedtext_write(st, (const uint8_t *)st->pending.data + at,
		                      st->pending_len[i], eb);
		at += st->pending_len[i];
	}
	buf_release(&st->pending);
	st->n_pending = 0;
	return rc;
}

/* Close the open block: compress it, or keep it for the sample. */
static int storedtext_close_block(struct stored_text *st, struct errbuf *eb)
{
	int rc;

	if (!st->block.len)
		return 0;
	st->n_blocks++;
	if (st->have_dict) {
		rc = storedtext_write(st, (const uint8_t *)st->block.data,
		                      (uint32_t)st->block.len, eb);
		buf_reset(&st->block);
		return rc;
	}
	st->pending_len = xgrow(st->pending_len, &st->pending_cap, st->n_pending + 1,
	                        sizeof *st->pending_len);
	st->pending_len[st->n_pending++] = (uint32_t)st->block.len;
	buf_append(&st->pending, st->block.data, st->block.len);
	buf_reset(&st->block);
	return st->pending.len >= TEXT_DICT_SAMPLE ? storedtext_flush_pending(st, eb) : 0;
}

int storedtext_add(struct stored_text *st, const char *text, size_t len,
                   uint32_t *block, uint32_t *off, struct errbuf *eb)
{
	int rc;

	if (st->block.len + len > TEXT_BLOCK_TARGET &&
	    (rc = storedtext_close_block(st, eb)))
		return rc;
	*block = st->n_blocks;
	*off = (uint32_t)st->block.len;
	buf_append(&st->block, text, len);
	return 0;
}

int storedtext_finish(struct stored_text *st, const struct buf **dict,
                      const struct buf **index, uint32_t *n_blocks,
                      struct errbuf *eb)
{
	int rc;

	if ((rc = storedtext_close_block(st, eb)))
		return rc;
	if (!st->have_dict && (rc = storedtext_flush_pending(st, eb)))
		return rc;
	*dict = &st->dict;
	*index = &st->index;
	*n_blocks = st->n_blocks;
	return 0;
}
