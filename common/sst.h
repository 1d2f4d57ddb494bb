/* sst.h: sorted string tables, the one dictionary structure of the index
 * (terms, folded words, lookup keys). Keys are unique, in strictly
 * increasing byte order, front-coded in blocks of SST_BLOCK_KEYS; each key
 * carries an opaque payload. The index holds every block's offset and its
 * first key, so a lookup binary-searches the index and decodes one block.
 *
 *   data:  per block: its first key's varint payload_len  payload (the key
 *          itself is in the index), then per other key: varint prefix_len
 *          varint suffix_len  suffix  varint payload_len  payload
 *   index: u32 n_keys  u32 n_blocks  n_blocks x u32 block offset in data
 *          n_blocks x u32 end of the block's first key in the key bytes
 *          the key bytes: the blocks' first keys, one after another
 *
 * A reader works on borrowed bytes (the mmapped segment) and checks every
 * length against them: a damaged table gives ERR_CORRUPT, never a bad read.
 * It may also read blocks with pread from the file the bytes are mapped
 * from (sst_open_file): a process that answers one query and exits looks
 * up a word in a table once, and each first touch of a mapped page is a
 * page fault that costs more than a pread (about 15 us against 1-2 us on
 * the benchmark machine, and several times both under load). Such a table
 * maps its whole index with one madvise(MADV_POPULATE_READ), not a fault a
 * page (and not a copy: fresh heap pages fault too), and reads the block a
 * lookup needs with one pread, so a word's lookup in a segment costs two
 * system calls (the index of the 100 MiB corpus's term table is 40 KB). */
#ifndef UNSEARCH_SST_H
#define UNSEARCH_SST_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

#define SST_MAX_KEY 256 /* longest key accepted, bytes */
/* Block reads with pread before a table switches to its mapped bytes (a
 * query that reads this many will read more: a prefix's thousand terms),
 * and the most bytes one reads: the block needed and the blocks after it
 * that fit (larger blocks are read mapped). */
#define SST_PREAD_BLOCKS 96
#define SST_PREAD_MAX 4096
/* An index of at most this many bytes is mapped whole at open
 * (sst_open_file); a larger one page by page, as a search touches it. */
#define SST_POPULATE_MAX (256u << 10)

struct sst_writer {
	struct buf data, index_offsets, key_ends, first_keys;
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
	/* Into the mapped index: n_blocks u32 each, and the key bytes. An
	 * entry is checked where it is read. */
	const uint8_t *offsets, *key_ends, *keys;
	size_t keys_len;
	uint32_t n_keys, n_blocks;
	int fd;                 /* >= 0: read blocks from it (sst_open_file) */
	uint64_t data_at;       /* where data lies in fd */
	uint32_t preads_left;   /* block reads still made from fd, then mapped */
};

/* A position in a table: the current key and its payload. */
struct sst_iter {
	struct sst *t;
	uint32_t ordinal;         /* of the current key */
	uint32_t block;
	const uint8_t *p, *block_end; /* next entry to decode */
	const uint8_t *block_begin;   /* the block's first entry */
	char key[SST_MAX_KEY + 1];
	size_t key_len;
	const uint8_t *payload;   /* into the table or into buf */
	size_t payload_len;
	uint8_t buf[SST_PREAD_MAX]; /* blocks read with pread: */
	uint32_t buf_at, buf_len;   /* data bytes [buf_at, +buf_len) */
};

/* Validate the index section against the data. 0 or ERR_CORRUPT. The
 * table reads the mapped bytes given. */
int sst_open(struct sst *t, const uint8_t *data, size_t data_len,
             const uint8_t *index, size_t index_len, struct errbuf *eb);
/* Open the table whose data and index sections are mapped at data and
 * index, its data lying at data_at in fd. An index of at most
 * SST_POPULATE_MAX bytes is mapped in at once; the table's first
 * SST_PREAD_BLOCKS block reads are made with pread, then it reads the
 * mapped bytes. No offset or key is validated here: each is checked where
 * it is read, so opening costs no pass over the index. 0 or ERR_CORRUPT.
 * The table owns nothing. */
int sst_open_file(struct sst *t, const uint8_t *data, size_t data_len,
                  const uint8_t *index, size_t index_len, int fd,
                  uint64_t data_at, struct errbuf *eb);
/* Position at key. 0 if found, ERR_NOTFOUND, or ERR_CORRUPT. */
int sst_find(struct sst *t, const char *key, size_t len,
             struct sst_iter *it, struct errbuf *eb);
/* Position at the first key >= key: 0, 1 if there is none, or ERR_CORRUPT. */
int sst_seek(struct sst *t, const char *key, size_t len,
             struct sst_iter *it, struct errbuf *eb);
/* Position at the key with this ordinal: 0, ERR_NOTFOUND, ERR_CORRUPT. */
int sst_at(struct sst *t, uint32_t ordinal, struct sst_iter *it,
           struct errbuf *eb);
/* Move to the next key: 0, 1 at the end, or ERR_CORRUPT. */
int sst_next(struct sst_iter *it, struct errbuf *eb);
/* Move back to the first key of the current block, from the bytes already
 * read (no read): 0 or ERR_CORRUPT. For payloads that follow the entry
 * before them in the block. */
int sst_rewind(struct sst_iter *it, struct errbuf *eb);

#endif
