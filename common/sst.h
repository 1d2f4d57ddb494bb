/* sst.h: sorted string tables, the one dictionary structure of the index
 * (terms, folded words, lookup keys). Keys are unique, in strictly
 * increasing byte order, front-coded in blocks of SST_BLOCK_KEYS; each key
 * carries an opaque payload. The index holds every block's offset and its
 * first key, so a lookup binary-searches the index and decodes one block.
 *
 *   data:  per block: its first key's varint payload_len  payload (the key
 *          itself is in the index), then per other key: its head (the
 *          shared prefix's and the suffix's lengths in one byte, or a
 *          marker byte and two varints: format.h SST_HEAD_*)  the suffix
 *          in nibbles (SST_NIBBLE_*)  varint payload_len  payload; in a
 *          table whose payloads end themselves, without payload_len
 *   index: u32 n_keys  u32 n_blocks  u8 x SST_NIBBLE_SYMBOLS the bytes
 *          a suffix nibble codes  n_blocks x u32 block offset in data
 *          n_blocks x u32 end of the block's first key in the key bytes
 *          the key bytes: the blocks' first keys, one after another
 *
 * A reader works on borrowed bytes (the mmapped segment) and checks every
 * length against them: a damaged table gives ERR_CORRUPT, never a bad read.
 * It may also read with pread from the file the bytes are mapped from
 * (sst_open_file): a process that answers one query and exits looks up a
 * word in a table once, and each page it touches for the first time costs
 * about 20 us on the benchmark machine (a virtual machine whose page
 * tables are shadowed: a mapped page costs that even when prefaulted),
 * against 1-2 us for a pread. Such a table reads its whole index with one
 * pread into a slot of a scratch that every table of the index shares
 * (its buffers are reused, not fresh pages per table), and the block a
 * lookup needs with one more: a word's first lookup in a segment costs two
 * reads (the index of the 100 MiB corpus's term table is 40 KB), the next
 * ones one. */
#ifndef UNSEARCH_SST_H
#define UNSEARCH_SST_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "format.h"

#define SST_MAX_KEY 256 /* longest key accepted, bytes */
/* Block reads with pread before a table switches to its mapped bytes (a
 * query that reads this many will read more: a prefix's thousand terms),
 * and the most bytes one reads: the block needed and the blocks after it
 * that fit (larger blocks are read mapped). */
#define SST_PREAD_BLOCKS 96
#define SST_PREAD_MAX 4096
/* An index of at most this many bytes is read whole into a scratch
 * buffer (sst_open_file), at most SST_INDEX_READS times: a table read
 * again more than that (an iteration interleaved with more tables' than
 * the scratch has slots) reads its mapped index from then on. */
#define SST_PREAD_INDEX_MAX (1u << 20)
#define SST_INDEX_READS 16

/* The length of the payload at p (its bytes end at or before end) of the
 * key with this ordinal, in a table whose payloads end themselves (no
 * length is stored): 0 and *len, or ERR_CORRUPT when it runs past end. */
typedef int (*sst_payload_len_fn)(const uint8_t *p, const uint8_t *end,
                                  uint32_t ordinal, size_t *len);

struct sst_writer {
	struct buf data, index_offsets, key_ends, first_keys;
	/* The keys as added, coded once the commonest suffix bytes are known
	 * (sst_writer_index): per key varint prefix  varint suffix_len
	 * suffix  varint payload_len  payload, a block's first key with no
	 * key bytes (they are in first_keys). */
	struct buf staged;
	uint32_t suffix_bytes[256]; /* how often each byte is in a suffix */
	char prev[SST_MAX_KEY];
	size_t prev_len;
	uint32_t n_keys;
	int lengthless; /* payloads end themselves: their lengths left out */
};

/* A table whose payloads carry lengths, or, lengthless, end themselves
 * (its readers set struct sst's payload_len). */
void sst_writer_init(struct sst_writer *w, int lengthless);
/* Add the next key; ERR_INVALID if not greater than the previous key or
 * longer than SST_MAX_KEY. */
int sst_writer_add(struct sst_writer *w, const char *key, size_t len,
                   const void *payload, size_t payload_len,
                   struct errbuf *eb);
/* Code the keys added into w->data, the data section, and write the index
 * section to idx; once, after the last key. */
void sst_writer_index(struct sst_writer *w, struct buf *idx);
void sst_writer_release(struct sst_writer *w);

/* The buffers the tables of one index read their indexes into: a slot
 * holds one table's (owner's, as of load gen), and a load takes the slot
 * loaded longest ago. A query's lookups go through every segment and turn
 * between a segment's tables (KEYS, then TERMS, for each word): with one
 * buffer each lookup read its table's index again, 200 preads for a
 * three-word query over ten segments, 137 with slots (and the index read
 * whole when the table is opened). */
#define SST_SCRATCH_SLOTS 32

struct sst_scratch_slot {
	uint8_t *buf;
	size_t cap;
	const struct sst *owner;
	uint64_t gen;
};

struct sst_scratch {
	struct sst_scratch_slot slot[SST_SCRATCH_SLOTS];
	uint64_t gen; /* of the last load */
};

struct sst {
	const uint8_t *data;
	size_t data_len;
	/* Into the index in use (the scratch buffer's copy, or the mapped
	 * index): n_blocks u32 each, and the key bytes. An entry is checked
	 * where it is read. */
	const uint8_t *offsets, *key_ends, *keys;
	size_t keys_len;
	uint32_t n_keys, n_blocks;
	uint8_t symbols[SST_NIBBLE_SYMBOLS]; /* the bytes suffix nibbles code */
	const uint8_t *index;   /* mapped */
	size_t index_len;
	int fd;                 /* >= 0: read from it (sst_open_file) */
	uint64_t data_at, index_at; /* where data and index lie in fd */
	uint32_t preads_left;   /* block reads still made from fd, then mapped */
	struct sst_scratch *scratch; /* NULL: the mapped index is in use */
	uint32_t scratch_slot;  /* the slot of its last load, */
	uint64_t scratch_gen;   /* and that load's gen */
	uint32_t index_reads_left;
	/* NULL: the data carries each payload's length; otherwise the table's
	 * payloads end themselves (written lengthless), and this measures
	 * them. Set by the caller after opening. */
	sst_payload_len_fn payload_len;
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
	const uint8_t *payload;   /* into the table, buf or wide */
	size_t payload_len;
	uint8_t buf[SST_PREAD_MAX]; /* blocks read with pread: */
	uint32_t buf_at, buf_len;   /* data bytes [buf_at, +buf_len), */
	uint8_t *wide;              /* here instead if set (sst_walk's, */
	size_t wide_cap;            /* of this many bytes) */
};

/* Validate the index section against the data. 0 or ERR_CORRUPT. The
 * table reads the mapped bytes given. */
int sst_open(struct sst *t, const uint8_t *data, size_t data_len,
             const uint8_t *index, size_t index_len, struct errbuf *eb);
/* Open the table whose data and index sections are mapped at data and
 * index and lie at data_at and index_at in fd, reading its whole index
 * with one pread into a slot of scratch (shared by the tables of one
 * index, not owned; see SST_PREAD_INDEX_MAX), or, for a larger index or
 * no scratch, only the index's header. A lookup reads the index again if
 * another table's has taken its slot, and the table's first
 * SST_PREAD_BLOCKS blocks with pread, then the mapped bytes. No offset or
 * key is validated here: each is checked where it is read, so opening
 * costs no pass over the index. 0, ERR_CORRUPT or ERR_IO. */
int sst_open_file(struct sst *t, const uint8_t *data, size_t data_len,
                  const uint8_t *index, size_t index_len, int fd,
                  uint64_t data_at, uint64_t index_at,
                  struct sst_scratch *scratch, struct errbuf *eb);
/* Free the scratch's buffers (its tables must not be read again). */
void sst_scratch_release(struct sst_scratch *s);
/* Position at key. 0 if found, ERR_NOTFOUND, or ERR_CORRUPT. */
int sst_find(struct sst *t, const char *key, size_t len,
             struct sst_iter *it, struct errbuf *eb);
/* Position at the first key >= key: 0, 1 if there is none, or ERR_CORRUPT. */
int sst_seek(struct sst *t, const char *key, size_t len,
             struct sst_iter *it, struct errbuf *eb);
/* Position at the first key for a walk over the table (sst_next,
 * sst_skip_prefix): its blocks are read with pread, however many, up to
 * cap bytes at a time into buf (the caller's, at least SST_PREAD_MAX
 * bytes, to outlive the walk), never through the map. A walk over a
 * lexicon reads all or most of it: in the 4 KiB of a lookup's reads, and
 * then mapped, a did-you-mean over ten segments of 10 MiB made 1,040
 * preads and took 6.2 ms. 0, 1 if the table is empty, or ERR_CORRUPT. */
int sst_walk(struct sst *t, struct sst_iter *it, uint8_t *buf, size_t cap,
             struct errbuf *eb);
/* Position at the key with this ordinal: 0, ERR_NOTFOUND, ERR_CORRUPT. */
int sst_at(struct sst *t, uint32_t ordinal, struct sst_iter *it,
           struct errbuf *eb);
/* Move on past every key that starts with the current key's first n
 * bytes (n <= the key's length), to the first key after them: 0, 1 at
 * the end, or ERR_CORRUPT. Faster than sst_next one by one when the keys
 * skipped fill blocks: those are not decoded. */
int sst_skip_prefix(struct sst_iter *it, size_t n, struct errbuf *eb);
/* Move to the next key: 0, 1 at the end, or ERR_CORRUPT. */
int sst_next(struct sst_iter *it, struct errbuf *eb);
/* Move back to the first key of the current block, from the bytes already
 * read (no read): 0 or ERR_CORRUPT. For payloads that follow the entry
 * before them in the block. */
int sst_rewind(struct sst_iter *it, struct errbuf *eb);

#endif
