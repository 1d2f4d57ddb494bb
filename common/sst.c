/* sst.c: front-coded sorted string tables (see sst.h). */
#include "sst.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "codec.h"
#include "format.h"

void sst_writer_init(struct sst_writer *w)
{
	memset(w, 0, sizeof *w);
}

void sst_writer_release(struct sst_writer *w)
{
	buf_release(&w->data);
	buf_release(&w->index_offsets);
}

int sst_writer_add(struct sst_writer *w, const char *key, size_t len,
                   const void *payload, size_t payload_len,
                   struct errbuf *eb)
{
	size_t prefix = 0, common = len < w->prev_len ? len : w->prev_len;

	if (len > SST_MAX_KEY)
		return errbuf_set(eb, ERR_INVALID, "key of %zu bytes is longer than %d",
		                  len, SST_MAX_KEY);
	if (w->n_keys && bytes_cmp(key, len, w->prev, w->prev_len) <= 0)
		return errbuf_set(eb, ERR_INVALID, "keys out of order at '%.*s'",
		                  (int)len, key);
	if (w->n_keys % SST_BLOCK_KEYS == 0) {
		buf_append_u32(&w->index_offsets, (uint32_t)w->data.len);
	} else {
		while (prefix < common && key[prefix] == w->prev[prefix])
			prefix++;
	}
	varint_append(&w->data, prefix);
	varint_append(&w->data, len - prefix);
	buf_append(&w->data, key + prefix, len - prefix);
	varint_append(&w->data, payload_len);
	buf_append(&w->data, payload, payload_len);
	memcpy(w->prev, key, len);
	w->prev_len = len;
	w->n_keys++;
	return 0;
}

void sst_writer_index(const struct sst_writer *w, struct buf *idx)
{
	buf_append_u32(idx, w->n_keys);
	buf_append_u32(idx, (uint32_t)(w->index_offsets.len / 4));
	buf_append(idx, w->index_offsets.data, w->index_offsets.len);
}

static int sst_corrupt(struct errbuf *eb, const char *what)
{
	return errbuf_set(eb, ERR_CORRUPT, "sorted table: %s", what);
}

/* Set t's key and block counts from its index header (8 bytes) and check
 * them against the index and data lengths. */
static int sst_set_counts(struct sst *t, const uint8_t *head, size_t index_len,
                          struct errbuf *eb)
{
	t->n_keys = load_u32(head);
	t->n_blocks = load_u32(head + 4);
	if ((index_len - 8) / 4 != t->n_blocks || (index_len - 8) % 4)
		return sst_corrupt(eb, "index size does not match its block count");
	if (t->n_blocks != (t->n_keys + SST_BLOCK_KEYS - 1) / SST_BLOCK_KEYS)
		return sst_corrupt(eb, "block count does not match key count");
	if (t->n_blocks == 0 && t->data_len != 0)
		return sst_corrupt(eb, "data without keys");
	return 0;
}

int sst_open(struct sst *t, const uint8_t *data, size_t data_len,
             const uint8_t *index, size_t index_len, struct errbuf *eb)
{
	uint32_t prev = 0;
	int rc;

	if (index_len < 8)
		return sst_corrupt(eb, "index too short");
	t->data = data;
	t->data_len = data_len;
	t->fd = -1;
	t->offsets = index + 8;
	if ((rc = sst_set_counts(t, index, index_len, eb)))
		return rc;
	for (uint32_t i = 0; i < t->n_blocks; i++) {
		uint32_t off = load_u32(t->offsets + 4 * i);
		if (off >= data_len || (i == 0 && off != 0) || (i && off <= prev))
			return sst_corrupt(eb, "block offset out of range");
		prev = off;
	}
	return 0;
}

/* Read n bytes at off of t's file into out: 0, ERR_IO or ERR_CORRUPT. */
static int sst_pread(const struct sst *t, uint64_t off, void *out, size_t n,
                     struct errbuf *eb)
{
	ssize_t got;

	do
		got = pread(t->fd, out, n, (off_t)off);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return errbuf_set(eb, ERR_IO, "sorted table: read: %s", strerror(errno));
	return (size_t)got == n ? 0 : sst_corrupt(eb, "shorter than its index says");
}

int sst_open_file(struct sst *t, const uint8_t *data, size_t data_len,
                  const uint8_t *index, size_t index_len, int fd,
                  uint64_t data_at, uint64_t index_at, struct errbuf *eb)
{
	uint8_t head[8];
	int rc;

	if (index_len < 8)
		return sst_corrupt(eb, "index too short");
	t->data = data;
	t->data_len = data_len;
	t->offsets = index + 8;
	t->fd = fd;
	t->data_at = data_at;
	t->offsets_at = index_at + 8;
	t->preads_left = SST_PREAD_BLOCKS;
	if ((rc = sst_pread(t, index_at, head, sizeof head, eb)))
		return rc;
	return sst_set_counts(t, head, index_len, eb);
}

/* Point it at the start of block (it->t's), read with pread while the
 * table has reads left, else in the mapped bytes. offs, if not NULL, is a
 * copy of the table's block offsets read with pread (sst_seek's). */
static int sst_block_start(struct sst *t, uint32_t block, struct sst_iter *it,
                           const uint8_t *offs, struct errbuf *eb)
{
	uint32_t start = 0, end = 0;
	int last = block + 1 == t->n_blocks, rc;

	it->t = t;
	it->block = block;
	it->ordinal = block * SST_BLOCK_KEYS;
	it->key_len = 0;
	if (offs) {
		start = load_u32(offs + 4 * block);
		end = last ? (uint32_t)t->data_len : load_u32(offs + 4 * (block + 1));
	} else if (t->fd >= 0 && t->preads_left > 0) {
		uint8_t e[8];
		if ((rc = sst_pread(t, t->offsets_at + 4 * (uint64_t)block, e, last ? 4 : 8, eb)))
			return rc;
		start = load_u32(e);
		end = last ? (uint32_t)t->data_len : load_u32(e + 4);
	} else {
		start = load_u32(t->offsets + 4 * block);
		end = last ? (uint32_t)t->data_len : load_u32(t->offsets + 4 * (block + 1));
	}
	/* Every offset is checked where it is read: sst_open_file validates
	 * none, and the bytes of a file are not trusted twice. */
	if (start >= end || end > t->data_len || (block == 0 && start != 0))
		return sst_corrupt(eb, "block offset out of range");
	if (it->buf_len && start >= it->buf_at && end - it->buf_at <= it->buf_len) {
		it->p = it->buf + (start - it->buf_at);
		it->block_begin = it->p;
		it->block_end = it->buf + (end - it->buf_at);
		return 0;
	}
	if (t->fd >= 0 && t->preads_left > 0 && end - start <= sizeof it->buf) {
		t->preads_left--;
		it->buf_len = 0;
		if ((rc = sst_pread(t, t->data_at + start, it->buf, end - start, eb)))
			return rc;
		it->buf_at = start;
		it->buf_len = end - start;
		it->p = it->buf;
		it->block_begin = it->p;
		it->block_end = it->buf + (end - start);
		return 0;
	}
	it->p = t->data + start;
	it->block_begin = it->p;
	it->block_end = t->data + end;
	return 0;
}

/* Decode the entry at it->p into the iterator (ordinal already set). */
static int sst_decode(struct sst_iter *it, int first_in_block,
                      struct errbuf *eb)
{
	uint64_t prefix, suffix, plen;

	if (varint_read(&it->p, it->block_end, &prefix) ||
	    varint_read(&it->p, it->block_end, &suffix))
		return sst_corrupt(eb, "truncated entry");
	if ((first_in_block && prefix != 0) || prefix > it->key_len ||
	    suffix > SST_MAX_KEY - prefix ||
	    suffix > (uint64_t)(it->block_end - it->p))
		return sst_corrupt(eb, "bad key length");
	memcpy(it->key + prefix, it->p, suffix);
	it->key_len = prefix + suffix;
	it->key[it->key_len] = '\0';
	it->p += suffix;
	if (varint_read(&it->p, it->block_end, &plen) ||
	    plen > (uint64_t)(it->block_end - it->p))
		return sst_corrupt(eb, "bad payload length");
	it->payload = it->p;
	it->payload_len = plen;
	it->p += plen;
	return 0;
}

int sst_next(struct sst_iter *it, struct errbuf *eb)
{
	struct sst *t = it->t;
	int rc;

	if (it->ordinal + 1 >= t->n_keys)
		return 1;
	it->ordinal++;
	if (it->ordinal % SST_BLOCK_KEYS == 0) {
		if ((rc = sst_block_start(t, it->block + 1, it, NULL, eb)))
			return rc;
		return sst_decode(it, 1, eb);
	}
	if (it->p >= it->block_end)
		return sst_corrupt(eb, "block ends early");
	return sst_decode(it, 0, eb);
}

int sst_rewind(struct sst_iter *it, struct errbuf *eb)
{
	it->p = it->block_begin;
	it->ordinal = it->block * SST_BLOCK_KEYS;
	it->key_len = 0;
	return sst_decode(it, 1, eb);
}

/* Read blocks [from, to) (to clipped to the table) into it->buf with one
 * pread if they fit there, are not there yet and the table has reads
 * left; else nothing. */
static int sst_read_range(struct sst *t, uint32_t from, uint32_t to, const uint8_t *offs,
                          struct sst_iter *it, struct errbuf *eb)
{
	uint32_t start = load_u32(offs + 4 * from), end;
	int rc;

	end = to >= t->n_blocks ? (uint32_t)t->data_len : load_u32(offs + 4 * to);
	if (t->preads_left == 0 || end <= start || end - start > sizeof it->buf ||
	    (it->buf_len && start >= it->buf_at && end - it->buf_at <= it->buf_len))
		return 0; /* a bad offset is named when its block is read */
	if (end > t->data_len)
		return sst_corrupt(eb, "block offset out of range");
	t->preads_left--;
	if ((rc = sst_pread(t, t->data_at + start, it->buf, end - start, eb)))
		return rc;
	it->buf_at = start;
	it->buf_len = end - start;
	return 0;
}

int sst_seek(struct sst *t, const char *key, size_t len,
             struct sst_iter *it, struct errbuf *eb)
{
	uint8_t copy[SST_PREAD_INDEX_MAX]; /* the offsets, read once for the search */
	const uint8_t *offs = NULL;
	uint32_t lo = 0, hi = t->n_blocks;
	int rc;

	it->buf_len = 0;
	if (t->n_keys == 0)
		return 1;
	if (t->fd >= 0 && t->preads_left > 0 && (size_t)t->n_blocks * 4 <= sizeof copy) {
		if ((rc = sst_pread(t, t->offsets_at, copy, (size_t)t->n_blocks * 4, eb)))
			return rc;
		offs = copy;
	}
	/* Find the last block whose first key is <= key. Once the blocks left
	 * (and the one after, where the key may lie past the last) fit it->buf,
	 * they are read with one pread. */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (offs && (rc = sst_read_range(t, lo, hi + 1, offs, it, eb)))
			return rc;
		if ((rc = sst_block_start(t, mid, it, offs, eb)) || (rc = sst_decode(it, 1, eb)))
			return rc;
		if (bytes_cmp(it->key, it->key_len, key, len) <= 0)
			lo = mid;
		else
			hi = mid;
	}
	if ((rc = sst_block_start(t, lo, it, offs, eb)) || (rc = sst_decode(it, 1, eb)))
		return rc;
	while (bytes_cmp(it->key, it->key_len, key, len) < 0) {
		if ((rc = sst_next(it, eb)))
			return rc;
	}
	return 0;
}

int sst_find(struct sst *t, const char *key, size_t len,
             struct sst_iter *it, struct errbuf *eb)
{
	int rc = sst_seek(t, key, len, it, eb);

	if (rc < 0)
		return rc;
	if (rc == 1 || bytes_cmp(it->key, it->key_len, key, len) != 0)
		return ERR_NOTFOUND;
	return 0;
}

int sst_at(struct sst *t, uint32_t ordinal, struct sst_iter *it,
           struct errbuf *eb)
{
	int rc;

	it->buf_len = 0;
	if (ordinal >= t->n_keys)
		return ERR_NOTFOUND;
	if ((rc = sst_block_start(t, ordinal / SST_BLOCK_KEYS, it, NULL, eb)) ||
	    (rc = sst_decode(it, 1, eb)))
		return rc;
	while (it->ordinal < ordinal)
		if ((rc = sst_next(it, eb)))
			return rc < 0 ? rc : sst_corrupt(eb, "block ends early");
	return 0;
}
