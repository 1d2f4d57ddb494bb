/* sst.c: front-coded sorted string tables (see sst.h). */
#include "sst.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codec.h"
#include "format.h"
#include "xalloc.h"

void sst_writer_init(struct sst_writer *w, int lengthless)
{
	memset(w, 0, sizeof *w);
	w->lengthless = lengthless;
}

void sst_writer_release(struct sst_writer *w)
{
	buf_release(&w->data);
	buf_release(&w->index_offsets);
	buf_release(&w->key_ends);
	buf_release(&w->first_keys);
	buf_release(&w->staged);
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
		/* A block's first key lives in the index only. */
		buf_append(&w->first_keys, key, len);
		buf_append_u32(&w->key_ends, (uint32_t)w->first_keys.len);
		prefix = len;
	} else {
		while (prefix < common && key[prefix] == w->prev[prefix])
			prefix++;
		for (size_t i = prefix; i < len; i++)
			w->suffix_bytes[(unsigned char)key[i]]++;
	}
	varint_append(&w->staged, prefix);
	varint_append(&w->staged, len - prefix);
	buf_append(&w->staged, key + prefix, len - prefix);
	varint_append(&w->staged, payload_len);
	buf_append(&w->staged, payload, payload_len);
	memcpy(w->prev, key, len);
	w->prev_len = len;
	w->n_keys++;
	return 0;
}

/* The SST_NIBBLE_SYMBOLS bytes of the table's suffixes, commonest first
 * (the lower byte of two as common), and each byte's nibble: its place
 * among them, or SST_NIBBLE_ESCAPE. */
static void sst_pick_symbols(const uint32_t count[256], uint8_t symbols[SST_NIBBLE_SYMBOLS],
                             uint8_t nibble[256])
{
	memset(nibble, SST_NIBBLE_ESCAPE, 256);
	for (unsigned k = 0; k < SST_NIBBLE_SYMBOLS; k++) {
		unsigned best = 0;
		while (nibble[best] != SST_NIBBLE_ESCAPE)
			best++;
		for (unsigned c = best + 1; c < 256; c++)
			if (nibble[c] == SST_NIBBLE_ESCAPE && count[c] > count[best])
				best = c;
		symbols[k] = (uint8_t)best;
		nibble[best] = (uint8_t)k;
	}
}

/* Append the suffix s[0..n) in nibbles (format.h SST_NIBBLE_*). */
static void sst_put_suffix(struct buf *out, const uint8_t nibble[256], const uint8_t *s,
                           size_t n)
{
	unsigned acc = 0, half = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned code[3], k = 0;
		if (nibble[s[i]] != SST_NIBBLE_ESCAPE) {
			code[k++] = nibble[s[i]];
		} else {
			code[k++] = SST_NIBBLE_ESCAPE;
			code[k++] = s[i] >> 4;
			code[k++] = s[i] & 0xf;
		}
		for (unsigned j = 0; j < k; j++) {
			acc |= code[j] << (4 * half);
			if ((half ^= 1) == 0) {
				buf_append_byte(out, (uint8_t)acc);
				acc = 0;
			}
		}
	}
	if (half)
		buf_append_byte(out, (uint8_t)acc);
}

void sst_writer_index(struct sst_writer *w, struct buf *idx)
{
	const uint8_t *p = (const uint8_t *)w->staged.data, *end = p + w->staged.len;
	uint8_t symbols[SST_NIBBLE_SYMBOLS], nibble[256];
	uint64_t prefix, suffix, payload_len;

	sst_pick_symbols(w->suffix_bytes, symbols, nibble);
	for (uint32_t i = 0; i < w->n_keys; i++) {
		/* staged by sst_writer_add: well formed */
		varint_read(&p, end, &prefix);
		varint_read(&p, end, &suffix);
		if (i % SST_BLOCK_KEYS == 0) {
			buf_append_u32(&w->index_offsets, (uint32_t)w->data.len);
		} else if (prefix <= SST_HEAD_MAX && suffix < SST_HEAD_MAX) {
			buf_append_byte(&w->data, (uint8_t)(suffix << SST_HEAD_BITS | prefix));
			sst_put_suffix(&w->data, nibble, p, suffix);
		} else {
			buf_append_byte(&w->data, SST_HEAD_LONG);
			varint_append(&w->data, prefix);
			varint_append(&w->data, suffix);
			sst_put_suffix(&w->data, nibble, p, suffix);
		}
		p += suffix;
		varint_read(&p, end, &payload_len);
		if (!w->lengthless)
			varint_append(&w->data, payload_len);
		buf_append(&w->data, p, payload_len);
		p += payload_len;
	}
	buf_append_u32(idx, w->n_keys);
	buf_append_u32(idx, (uint32_t)(w->index_offsets.len / 4));
	buf_append(idx, symbols, sizeof symbols);
	buf_append(idx, w->index_offsets.data, w->index_offsets.len);
	buf_append(idx, w->key_ends.data, w->key_ends.len);
	buf_append(idx, w->first_keys.data, w->first_keys.len);
}

static int sst_corrupt(struct errbuf *eb, const char *what)
{
	return errbuf_set(eb, ERR_CORRUPT, "sorted table: %s", what);
}

/* Set t's key and block counts and its nibble symbols from its index
 * header (SST_INDEX_HEAD bytes) and check the counts against the index
 * and data lengths. */
static int sst_set_counts(struct sst *t, const uint8_t *head, size_t index_len,
                          struct errbuf *eb)
{
	t->n_keys = load_u32(head + SST_INDEX_KEYS);
	t->n_blocks = load_u32(head + SST_INDEX_BLOCKS);
	memcpy(t->symbols, head + SST_INDEX_SYMBOLS, SST_NIBBLE_SYMBOLS);
	if ((index_len - SST_INDEX_HEAD) / 8 < t->n_blocks)
		return sst_corrupt(eb, "index shorter than its block count");
	if (t->n_blocks != (t->n_keys + SST_BLOCK_KEYS - 1) / SST_BLOCK_KEYS)
		return sst_corrupt(eb, "block count does not match key count");
	if (t->n_blocks == 0 && t->data_len != 0)
		return sst_corrupt(eb, "data without keys");
	return 0;
}

/* Point t at the parts of its index, whose bytes (counts checked) are at
 * index. */
static void sst_point(struct sst *t, const uint8_t *index, size_t index_len)
{
	t->offsets = index + SST_INDEX_HEAD;
	t->key_ends = t->offsets + 4 * (size_t)t->n_blocks;
	t->keys = t->key_ends + 4 * (size_t)t->n_blocks;
	t->keys_len = index_len - SST_INDEX_HEAD - 8 * (size_t)t->n_blocks;
}

/* Where block b's data ends, as the index says (unchecked). */
static uint32_t sst_block_end(const struct sst *t, uint32_t b)
{
	return b + 1 == t->n_blocks ? (uint32_t)t->data_len
	                            : load_u32(t->offsets + 4 * ((size_t)b + 1));
}

/* Block b's data bytes [*start, *end), checked against the table. */
static int sst_block_range(const struct sst *t, uint32_t b, uint32_t *start,
                           uint32_t *end, struct errbuf *eb)
{
	*start = load_u32(t->offsets + 4 * (size_t)b);
	*end = sst_block_end(t, b);
	if (*start >= *end || *end > t->data_len || (b == 0 && *start != 0))
		return sst_corrupt(eb, "block offset out of range");
	return 0;
}

/* Block b's first key (in the index), checked against the key bytes. */
static int sst_block_key(const struct sst *t, uint32_t b, const uint8_t **key,
                         size_t *len, struct errbuf *eb)
{
	uint32_t from = b ? load_u32(t->key_ends + 4 * ((size_t)b - 1)) : 0;
	uint32_t to = load_u32(t->key_ends + 4 * (size_t)b);

	if (from > to || to > t->keys_len || to - from > SST_MAX_KEY)
		return sst_corrupt(eb, "block key out of range");
	*key = t->keys + from;
	*len = to - from;
	return 0;
}

/* Set it's key to its block's first key (from the index). */
static int sst_iter_block_key(struct sst_iter *it, struct errbuf *eb)
{
	const uint8_t *key;
	int rc = sst_block_key(it->t, it->block, &key, &it->key_len, eb);

	if (rc)
		return rc;
	memcpy(it->key, key, it->key_len);
	it->key[it->key_len] = '\0';
	return 0;
}

int sst_open(struct sst *t, const uint8_t *data, size_t data_len,
             const uint8_t *index, size_t index_len, struct errbuf *eb)
{
	int rc;

	memset(t, 0, sizeof *t);
	if (index_len < SST_INDEX_HEAD)
		return sst_corrupt(eb, "index too short");
	t->data = data;
	t->data_len = data_len;
	t->fd = -1;
	if ((rc = sst_set_counts(t, index, index_len, eb)))
		return rc;
	sst_point(t, index, index_len);
	for (uint32_t b = 0; b < t->n_blocks; b++) {
		uint32_t start, end;
		const uint8_t *key;
		size_t len;
		if ((rc = sst_block_range(t, b, &start, &end, eb)) ||
		    (rc = sst_block_key(t, b, &key, &len, eb)))
			return rc;
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

static int sst_load(struct sst *t, int first, struct errbuf *eb);

int sst_open_file(struct sst *t, const uint8_t *data, size_t data_len,
                  const uint8_t *index, size_t index_len, int fd,
                  uint64_t data_at, uint64_t index_at,
                  struct sst_scratch *scratch, struct errbuf *eb)
{
	uint8_t head[SST_INDEX_HEAD];
	int rc;

	memset(t, 0, sizeof *t);
	if (index_len < SST_INDEX_HEAD)
		return sst_corrupt(eb, "index too short");
	t->data = data;
	t->data_len = data_len;
	t->index = index;
	t->index_len = index_len;
	t->fd = fd;
	t->data_at = data_at;
	t->index_at = index_at;
	t->preads_left = SST_PREAD_BLOCKS;
	t->index_reads_left = SST_INDEX_READS;
	if (scratch && index_len <= SST_PREAD_INDEX_MAX) {
		/* The whole index now, counts and all: a table is opened
		 * for a lookup, which reads it anyway (one pread, not two). */
		t->scratch = scratch;
		return sst_load(t, 1, eb);
	}
	if ((rc = sst_pread(t, index_at, head, sizeof head, eb)) ||
	    (rc = sst_set_counts(t, head, index_len, eb)))
		return rc;
	sst_point(t, index, index_len);
	return 0;
}

void sst_scratch_release(struct sst_scratch *s)
{
	for (size_t i = 0; i < SST_SCRATCH_SLOTS; i++)
		free(s->slot[i].buf);
	memset(s, 0, sizeof *s);
}

/* Make t's index readable: in its scratch slot, read again into the slot
 * loaded longest ago if another table's has replaced it, or, once the
 * table has read it SST_INDEX_READS times, mapped. first: the table's
 * first read, which sets its counts (later ones must find the same). */
static int sst_load(struct sst *t, int first, struct errbuf *eb)
{
	struct sst_scratch *s = t->scratch;
	struct sst_scratch_slot *slot;
	int rc;

	if (!s || (s->slot[t->scratch_slot].owner == t &&
	           s->slot[t->scratch_slot].gen == t->scratch_gen))
		return 0;
	if (t->index_reads_left == 0) {
		t->scratch = NULL;
		sst_point(t, t->index, t->index_len);
		return 0;
	}
	t->index_reads_left--;
	slot = &s->slot[0];
	for (size_t i = 1; i < SST_SCRATCH_SLOTS; i++)
		if (s->slot[i].gen < slot->gen)
			slot = &s->slot[i];
	slot->owner = NULL;
	if (slot->cap < t->index_len)
		slot->buf = xgrow(slot->buf, &slot->cap, t->index_len, 1);
	if ((rc = sst_pread(t, t->index_at, slot->buf, t->index_len, eb)))
		return rc;
	if (first)
		rc = sst_set_counts(t, slot->buf, t->index_len, eb);
	else if (load_u32(slot->buf + SST_INDEX_KEYS) != t->n_keys ||
	         load_u32(slot->buf + SST_INDEX_BLOCKS) != t->n_blocks ||
	         memcmp(slot->buf + SST_INDEX_SYMBOLS, t->symbols, SST_NIBBLE_SYMBOLS))
		rc = sst_corrupt(eb, "index changed since it was opened");
	if (rc)
		return rc;
	slot->owner = t;
	slot->gen = t->scratch_gen = ++s->gen;
	t->scratch_slot = (uint32_t)(slot - s->slot);
	sst_point(t, slot->buf, t->index_len);
	return 0;
}

/* Point it at the start of block (it->t's) with the block's first key
 * set: the block is in the iterator's buffer (it->wide, or it->buf) from
 * an earlier read, or read there with pread (with the blocks after it that
 * fit) while the table has reads left (a walk's wide buffer always
 * does), or read in the mapped bytes. */
static int sst_block_start(struct sst *t, uint32_t block, struct sst_iter *it,
                           struct errbuf *eb)
{
	uint8_t *buf = it->wide ? it->wide : it->buf;
	size_t cap = it->wide ? it->wide_cap : sizeof it->buf;
	uint32_t start, end, to;
	int rc;

	it->t = t;
	it->block = block;
	it->ordinal = block * SST_BLOCK_KEYS;
	if ((rc = sst_load(t, 0, eb)) ||
	    (rc = sst_block_range(t, block, &start, &end, eb)) ||
	    (rc = sst_iter_block_key(it, eb)))
		return rc;
	if (it->buf_len && start >= it->buf_at && end - it->buf_at <= it->buf_len) {
		it->p = buf + (start - it->buf_at);
	} else if (t->fd >= 0 && (it->wide || t->preads_left > 0) && end - start <= cap) {
		/* Read on to the end of the last whole block that fits: a seek
		 * may step into the next block, an iteration will. A bad offset
		 * past the block needed stops the read-ahead; it is named when
		 * its own block is read. */
		to = end;
		for (uint32_t b = block + 1; b < t->n_blocks; b++) {
			uint32_t next = sst_block_end(t, b);
			if (next <= to || next > t->data_len || next - start > cap)
				break;
			to = next;
		}
		if (!it->wide)
			t->preads_left--;
		it->buf_len = 0;
		if ((rc = sst_pread(t, t->data_at + start, buf, to - start, eb)))
			return rc;
		it->buf_at = start;
		it->buf_len = to - start;
		it->p = buf;
	} else {
		it->p = t->data + start;
		it->block_end = t->data + end;
		it->block_begin = it->p;
		return 0;
	}
	it->block_begin = it->p;
	it->block_end = buf + (end - it->buf_at);
	return 0;
}

/* Decode n suffix bytes in nibbles (format.h SST_NIBBLE_*) at it->p into
 * out, moving it->p past them: 0, or -1 when they run past the block. */
static int sst_get_suffix(struct sst_iter *it, char *out, size_t n)
{
	const uint8_t *p = it->p, *end = it->block_end, *symbols = it->t->symbols;
	unsigned half = 0;

/* the next nibble into v, or -1 at the block's end */
#define NEXT_NIBBLE(v)                                   \
	do {                                             \
		if (p == end)                            \
			return -1;                       \
		(v) = half ? *p++ >> 4 : *p & 0xfu;      \
		half ^= 1;                               \
	} while (0)
	for (size_t i = 0; i < n; i++) {
		unsigned v, hi, lo;
		/* two symbols in a whole byte, the common case, at once */
		if (!half && i + 1 < n && p < end && (*p & 0xfu) != SST_NIBBLE_ESCAPE &&
		    *p >> 4 != SST_NIBBLE_ESCAPE) {
			out[i++] = (char)symbols[*p & 0xfu];
			out[i] = (char)symbols[*p++ >> 4];
			continue;
		}
		NEXT_NIBBLE(v);
		if (v != SST_NIBBLE_ESCAPE) {
			out[i] = (char)symbols[v];
			continue;
		}
		NEXT_NIBBLE(hi);
		NEXT_NIBBLE(lo);
		out[i] = (char)(hi << 4 | lo);
	}
#undef NEXT_NIBBLE
	it->p = p + half; /* past a last byte used by half */
	return 0;
}

/* Decode the entry at it->p into the iterator (ordinal already set; a
 * block's first key already set by sst_block_start). */
static int sst_decode(struct sst_iter *it, int first_in_block,
                      struct errbuf *eb)
{
	uint64_t prefix, suffix, plen;

	if (!first_in_block) {
		unsigned head;
		if (it->p >= it->block_end)
			return sst_corrupt(eb, "truncated entry");
		head = *it->p++;
		prefix = head & SST_HEAD_MAX;
		suffix = head >> SST_HEAD_BITS;
		if (head == SST_HEAD_LONG) {
			if (varint_read(&it->p, it->block_end, &prefix) ||
			    varint_read(&it->p, it->block_end, &suffix))
				return sst_corrupt(eb, "truncated entry");
		} else if (suffix == SST_HEAD_MAX) {
			return sst_corrupt(eb, "bad key head");
		}
		if (prefix > it->key_len || suffix > SST_MAX_KEY - prefix ||
		    (suffix + 1) / 2 > (uint64_t)(it->block_end - it->p))
			return sst_corrupt(eb, "bad key length");
		if (sst_get_suffix(it, (char *)it->key + prefix, suffix))
			return sst_corrupt(eb, "truncated key");
		it->key_len = prefix + suffix;
		it->key[it->key_len] = '\0';
	}
	if (it->t->payload_len) {
		size_t len;
		if (it->t->payload_len(it->p, it->block_end, it->ordinal, &len) ||
		    len > (size_t)(it->block_end - it->p))
			return sst_corrupt(eb, "bad payload");
		plen = len;
	} else if (varint_read(&it->p, it->block_end, &plen) ||
	           plen > (uint64_t)(it->block_end - it->p)) {
		return sst_corrupt(eb, "bad payload length");
	}
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
		if ((rc = sst_block_start(t, it->block + 1, it, eb)))
			return rc;
		return sst_decode(it, 1, eb);
	}
	if (it->p >= it->block_end)
		return sst_corrupt(eb, "block ends early");
	return sst_decode(it, 0, eb);
}

int sst_rewind(struct sst_iter *it, struct errbuf *eb)
{
	int rc;

	if ((rc = sst_load(it->t, 0, eb)) || (rc = sst_iter_block_key(it, eb)))
		return rc;
	it->p = it->block_begin;
	it->ordinal = it->block * SST_BLOCK_KEYS;
	return sst_decode(it, 1, eb);
}

/* The last block in [lo, hi) whose first key is <= key, or lo. */
static int sst_search_blocks(struct sst *t, uint32_t lo, uint32_t hi, const char *key,
                             size_t len, uint32_t *block, struct errbuf *eb)
{
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		const uint8_t *first;
		size_t first_len;
		int rc = sst_block_key(t, mid, &first, &first_len, eb);
		if (rc)
			return rc;
		if (bytes_cmp((const char *)first, first_len, key, len) <= 0)
			lo = mid;
		else
			hi = mid;
	}
	*block = lo;
	return 0;
}

/* Step it on to the first key >= key: 0, 1 at the end, or ERR_CORRUPT. */
static int sst_step_to(struct sst_iter *it, const char *key, size_t len,
                       struct errbuf *eb)
{
	int rc;

	while (bytes_cmp(it->key, it->key_len, key, len) < 0)
		if ((rc = sst_next(it, eb)))
			return rc;
	return 0;
}

/* Position it at the first key >= key, with the buffer it has. */
static int sst_seek_with(struct sst *t, const char *key, size_t len,
                         struct sst_iter *it, struct errbuf *eb)
{
	uint32_t block;
	int rc;

	it->buf_len = 0;
	if (t->n_keys == 0)
		return 1;
	if ((rc = sst_load(t, 0, eb)) ||
	    (rc = sst_search_blocks(t, 0, t->n_blocks, key, len, &block, eb)) ||
	    (rc = sst_block_start(t, block, it, eb)) || (rc = sst_decode(it, 1, eb)))
		return rc;
	return sst_step_to(it, key, len, eb);
}

int sst_seek(struct sst *t, const char *key, size_t len,
             struct sst_iter *it, struct errbuf *eb)
{
	it->wide = NULL;
	return sst_seek_with(t, key, len, it, eb);
}

int sst_walk(struct sst *t, struct sst_iter *it, uint8_t *buf, size_t cap,
             struct errbuf *eb)
{
	it->wide = buf;
	it->wide_cap = cap;
	return sst_seek_with(t, "", 0, it, eb);
}

int sst_skip_prefix(struct sst_iter *it, size_t n, struct errbuf *eb)
{
	struct sst *t = it->t;
	char past[SST_MAX_KEY];
	uint32_t lo = it->block, step = 1, hi, block;
	int rc;

	/* past: the least key greater than every key that starts with the
	 * prefix (the prefix with its last byte below 0xff raised by one). */
	if (n > it->key_len)
		n = it->key_len;
	while (n > 0 && (unsigned char)it->key[n - 1] == 0xff)
		n--;
	if (n == 0)
		return 1; /* every key from here on starts with the prefix */
	memcpy(past, it->key, n);
	past[n - 1] = (char)((unsigned char)past[n - 1] + 1);
	if ((rc = sst_load(t, 0, eb)))
		return rc;
	/* Gallop over the blocks after this one (a skip is mostly short),
	 * then search the last stride: hi's first key is > past, or hi is
	 * the end. */
	for (;;) {
		const uint8_t *first;
		size_t first_len;
		hi = lo + step;
		if (hi >= t->n_blocks) {
			hi = t->n_blocks;
			break;
		}
		if ((rc = sst_block_key(t, hi, &first, &first_len, eb)))
			return rc;
		if (bytes_cmp((const char *)first, first_len, past, n) > 0)
			break;
		lo = hi;
		step *= 2;
	}
	if ((rc = sst_search_blocks(t, lo, hi, past, n, &block, eb)))
		return rc;
	if (block != it->block &&
	    ((rc = sst_block_start(t, block, it, eb)) || (rc = sst_decode(it, 1, eb))))
		return rc;
	return sst_step_to(it, past, n, eb);
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

	it->wide = NULL;
	it->buf_len = 0;
	if (ordinal >= t->n_keys)
		return ERR_NOTFOUND;
	if ((rc = sst_block_start(t, ordinal / SST_BLOCK_KEYS, it, eb)) ||
	    (rc = sst_decode(it, 1, eb)))
		return rc;
	while (it->ordinal < ordinal)
		if ((rc = sst_next(it, eb)))
			return rc < 0 ? rc : sst_corrupt(eb, "block ends early");
	return 0;
}
