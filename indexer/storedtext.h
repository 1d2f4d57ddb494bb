/* storedtext.h: the writer of a segment's stored clause text (format.h
 * SEC_TEXT_DICT, SEC_TEXT, SEC_TEXT_INDEX). Clauses are packed in order
 * into blocks of about TEXT_BLOCK_TARGET bytes; each block is compressed on
 * its own (zstd) with a dictionary trained on the segment's first
 * TEXT_DICT_SAMPLE bytes, or inherited from the index the segment joins,
 * or, when the sample shows it stores less (storedtext.c
 * storedtext_choose), each of its clauses on its own in a word code
 * (common/wordcode.h) of a model of the sample; a block gets a CRC32 of
 * its bytes.
 *
 * Blocks closed before the sample is complete wait in memory (at most
 * TEXT_DICT_SAMPLE bytes plus one block), and at most 64 closed blocks
 * wait for the compressing thread (128 when the producer compressed some
 * itself; while the dictionary is trained, up to 4 MiB more in a mapping
 * of its own, unmapped once they are written), so memory stays bounded
 * whatever the corpus size; compressed blocks go to the caller's spool.
 * The output depends only on the sequence of clause texts. */
#ifndef UNSEARCH_STOREDTEXT_H
#define UNSEARCH_STOREDTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "format.h"
#include "spool.h"
#include "wordcode.h"

struct stored_text;

/* The sample a dictionary of TEXT_DICT_MAX / 2 is trained on: the first
 * MiB of clause text (4 MiB stored 0.2% less of the text, and held 3 MiB
 * more in memory); a large segment's, of TEXT_DICT_MAX, on twice that
 * (storedtext.c). */
#define TEXT_DICT_SAMPLE (1u << 20)
/* A segment of at least this many text blocks trained its dictionary on a
 * full sample (blocks hold at most TEXT_BLOCK_TARGET bytes, most nearly
 * that; a large segment's sample is larger still), so its dictionary is
 * as good as a new one for text to come. */
#define TEXT_DICT_INHERIT_BLOCKS (2 * TEXT_DICT_SAMPLE / TEXT_BLOCK_TARGET)

/* Compressed blocks are appended to out (the SEC_TEXT spool, owned by the
 * caller and open until storedtext_finish or storedtext_free). threaded:
 * compress on a thread of its own, fed in order through a bounded queue;
 * the output is byte for byte the same either way. Free with
 * storedtext_free (which waits for the thread). */
struct stored_text *storedtext_new(struct spool *out, int threaded);
void storedtext_free(struct stored_text *st); /* NULL is a no-op */

/* The caller expects about raw_bytes of text in all (0: unknown, as if
 * large); before the first storedtext_add. Little text gets a compressor
 * that is quicker to set up, and stored a little larger. */
void storedtext_expect(struct stored_text *st, uint64_t raw_bytes);

/* Compress with dict (len bytes, copied), or code with the word model
 * dict when word, instead of training one: called before the first
 * storedtext_add. An update's segment inherits the index's dictionary or
 * model, so that a reader digests one for all its segments (index_text.c)
 * and the update trains none. 0, or ERR_CORRUPT for a model that does not
 * open. */
int storedtext_inherit_dict(struct stored_text *st, const uint8_t *dict, size_t len, int word,
                            struct errbuf *eb);

/* Add one clause's text (len <= TEXT_BLOCK_SIZE) and the hints of its
 * words (wordcode.h; copied, in order, none when n_hints is 0), which
 * spare the word code its look-ups: *block, *off and *ord receive where
 * it will be (block id, byte offset in the block's raw text, its place
 * among the block's clauses). The code is the same without hints. */
int storedtext_add(struct stored_text *st, const char *text, size_t len,
                   const struct wordcode_hint *hints, size_t n_hints, uint32_t *block,
                   uint32_t *off, uint32_t *ord, struct errbuf *eb);

/* Compress everything still open or waiting, then point *dict, *model and
 * *index at the SEC_TEXT_DICT, SEC_TEXT_MODEL and SEC_TEXT_INDEX bytes
 * (owned by st; one of dict and model is empty) and set *n_blocks. */
int storedtext_finish(struct stored_text *st, const struct buf **dict,
                      const struct buf **model, const struct buf **index,
                      uint32_t *n_blocks, struct errbuf *eb);

#endif
