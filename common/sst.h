/* sst.h: sorted string tables, the one dictionary structure of the index
 * (terms, folded words, lookup keys). Keys are unique, in strictly
 * increasing byte order, front-coded in blocks of SST_BLOCK_KEYS; each key
 * carries an opaque payload. A sparse index of block offsets allows binary
 * search, so a lookup decodes one block.
 *
 *   data:  per block, per key: varint prefix_len (0 for a block's first key)
 *          varint suffix_len  suffix  varint payload_len  payload
 *   index: u32 n_keys  u32 n_blocks  n_blocks x u32 block offset in data
 *
 * A reader works on borrowed bytes (the mmapped segment) and checks every
 * length against them: a damaged table gives ERR_CORRUPT, never a bad read. */
#ifndef UNSEARCH_SST_H
#define UNSEARCH_SST_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

#define SST_MAX_KEY 256 /* longest key accepted, bytes */

struct sst_writer {
	struct buf data, index_offsets;
	char prev[SST_MAX_KEY];
	size_t prev_len;
	uint32_t n_keys;
};

void sst_writer_init(struct sst_writer *w);
/* Add the next key; ERR_INVALID if not greater than the previous key or
 * longer than SST_MAX_KEY. */
int sst_writer_add(struct sst_writer *w, const char *key, size_t len,
                   const void *payload, size_t payload_len,
                   struct errbuf *eb);
/* Write the index section to idx; w->data is the data section. */
void sst_writer_index(const struct sst_writer *w, struct buf *idx);
void sst_writer_release(struct sst_writer *w);

struct sst {
	const uint8_t *data;
	size_t data_len;
	const uint8_t *offsets; /* n_blocks u32, validated ascending < data_len */
	uint32_t n_keys, n_blocks;
};

/* A position in a table: the current key and its payload. */
struct sst_iter {
	const struct sst *t;
	uint32_t ordinal;         /* of the current key */
	uint32_t block;
	const uint8_t *p, *block_end; /* next entry to decode */
	char key[SST_MAX_KEY + 1];
	size_t key_len;
	const uint8_t *payload;
	size_t payload_len;
};

/* Validate the index section against the data. 0 or ERR_CORRUPT. */
int sst_open(struct sst *t, const uint8_t *data, size_t data_len,
             const uint8_t *index, size_t index_len, struct errbuf *eb);
/* Position at key. 0 if found, ERR_NOTFOUND, or ERR_CORRUPT. */
int sst_find(const struct sst *t, const char *key, size_t len,
             struct sst_iter *it, struct errbuf *eb);
/* Position at the first key >= key: 0, 1 if there is none, or ERR_CORRUPT. */
int sst_seek(const struct sst *t, const char *key, size_t len,
             struct sst_iter *it, struct errbuf *eb);
/* Position at the key with this ordinal: 0, ERR_NOTFOUND, ERR_CORRUPT. */
int sst_at(const struct sst *t, uint32_t ordinal, struct sst_iter *it,
           struct errbuf *eb);
/* Move to the next key: 0, 1 at the end, or ERR_CORRUPT. */
int sst_next(struct sst_iter *it, struct errbuf *eb);

#endif
