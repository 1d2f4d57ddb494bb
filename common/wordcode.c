/* wordcode.c: clause text in a semi-static word code (see wordcode.h). */
#include "wordcode.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "codec.h"
#include "format.h" /* load_u32, load_u64, store_u32, store_u64 */
#include "strmap.h"
#include "strsort.h"
#include "xalloc.h"

#define LUT_BITS 11 /* codes up to this long decode with one table look-up */
#define BYTE_END 256

/* The key of a word (gap 0) or gap in the counting map: a kind byte,
 * then its bytes, into key (reset first). */
static void symbol_key(struct buf *key, int gap, const void *bytes, size_t n)
{
	buf_reset(key);
	buf_append_byte(key, gap ? 'g' : 'w');
	buf_append(key, bytes, n);
}

struct wordcode_counts {
	struct strmap *seen; /* kind + bytes -> count */
	struct buf key;
};

/* Word bytes: ASCII letters and digits, and every byte >= 0x80; a bit
 * each, so that the tokenizer, the encoder's inner loop, does not branch
 * on a byte's class. */
static const uint64_t word_bytes[4] = { 0x03ff000000000000u, 0x07fffffe07fffffeu,
	                                UINT64_MAX, UINT64_MAX };

static inline int word_byte(unsigned char c)
{
	return (int)(word_bytes[c >> 6] >> (c & 63) & 1);
}

/* The word bytes of eight bytes, as the top bit of each: >= 0x80, or an
 * ASCII digit or letter, by adding to each byte a bias that carries into
 * its top bit from the range's first value on (no byte below 0x80 carries
 * out of its own). */
static inline uint64_t word_bytes8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u, top = 0x80 * ones;
	uint64_t ascii = x & ~top, folded = ascii | 0x20 * ones;
	uint64_t digit = (ascii + (0x80 - '0') * ones) & ~(ascii + (0x80 - '9' - 1) * ones);
	uint64_t letter = (folded + (0x80 - 'a') * ones) & ~(folded + (0x80 - 'z' - 1) * ones);

	return (x | digit | letter) & top;
}

/* The end of the word or gap that starts at i: eight bytes at a time
 * (the tokenizer is most of what coding a text costs), then one. */
static inline size_t token_end(const char *s, size_t len, size_t i)
{
	int w = word_byte((unsigned char)s[i]);

	for (i++; len - i >= 8; i += 8) {
		uint64_t word = word_bytes8(load_u64((const uint8_t *)s + i));
		uint64_t other = w ? ~word & 0x8080808080808080u : word;
		if (other)
			return i + ((unsigned)__builtin_ctzll(other) >> 3);
	}
	while (i < len && word_byte((unsigned char)s[i]) == w)
		i++;
	return i;
}

/* A gap of one space between two words, which no symbol codes. */
static int implied_space(const char *s, size_t len, size_t i, size_t j)
{
	return j - i == 1 && s[i] == ' ' && i > 0 && j < len;
}

struct wordcode_counts *wordcode_counts_new(void)
{
	struct wordcode_counts *c = xcalloc(1, sizeof *c);

	c->seen = strmap_new();
	buf_init(&c->key);
	return c;
}

void wordcode_counts_free(struct wordcode_counts *c)
{
	if (!c)
		return;
	strmap_free(c->seen);
	buf_release(&c->key);
	free(c);
}

void wordcode_count(struct wordcode_counts *c, const char *text, size_t len)
{
	for (size_t i = 0, j; i < len; i = j) {
		j = token_end(text, len, i);
		if (implied_space(text, len, i, j))
			continue;
		symbol_key(&c->key, !word_byte((unsigned char)text[i]), text + i, j - i);
		(*strmap_upsert(c->seen, c->key.data, c->key.len, 0, NULL))++;
	}
}

/* Huffman code lengths of n symbols (n >= 2) of these counts (each >= 1),
 * at most WORDCODE_MAX_LEN bits: the counts are flattened (halved, rounded
 * up) until the longest code fits. */
struct by_count {
	uint64_t count;
	uint32_t sym;
};

/* Sort v[0..n), given in symbol order, by count, ties in symbol order:
 * a stable radix sort a byte of the count at a time, as many bytes as the
 * largest count has (two or three for a sample's words). qsort's
 * comparisons were most of making a model. tmp has room for n. */
static void by_count_sort(struct by_count *v, struct by_count *tmp, uint32_t n)
{
	uint64_t most = 0;

	for (uint32_t i = 0; i < n; i++)
		most |= v[i].count;
	for (unsigned shift = 0; shift < 64 && most >> shift; shift += 8) {
		size_t at[257] = { 0 };
		for (uint32_t i = 0; i < n; i++)
			at[(v[i].count >> shift & 0xff) + 1]++;
		for (unsigned d = 0; d < 256; d++)
			at[d + 1] += at[d];
		for (uint32_t i = 0; i < n; i++)
			tmp[at[v[i].count >> shift & 0xff]++] = v[i];
		memcpy(v, tmp, n * sizeof *v);
	}
}

static void code_lengths(const uint64_t *count, uint32_t n, uint8_t *len)
{
	struct by_count *v = xmalloc(2 * (size_t)n * sizeof *v);
	uint64_t *weight = xmalloc(2 * (size_t)n * sizeof *weight);
	uint32_t *parent = xmalloc(2 * (size_t)n * sizeof *parent);
	uint32_t *depth = xmalloc(2 * (size_t)n * sizeof *depth);
	unsigned shift = 0;

	for (;;) {
		unsigned longest = 0;
		for (uint32_t i = 0; i < n; i++)
			v[i] = (struct by_count){ ((count[i] - 1) >> shift) + 1, i };
		by_count_sort(v, v + n, n);
		/* Two queues: the leaves by count, then the inner nodes, which
		 * are made in order of weight. */
		for (uint32_t i = 0; i < n; i++)
			weight[i] = v[i].count;
		uint32_t leaf = 0, inner = n, made = n;
		for (uint32_t k = 0; k + 1 < n; k++) {
			uint32_t pick[2];
			for (int t = 0; t < 2; t++)
				pick[t] = leaf < n && (inner == made || weight[leaf] <= weight[inner])
				                  ? leaf++
				                  : inner++;
			weight[made] = weight[pick[0]] + weight[pick[1]];
			parent[pick[0]] = parent[pick[1]] = made++;
		}
		depth[made - 1] = 0;
		for (uint32_t k = made - 1; k-- > 0;)
			depth[k] = depth[parent[k]] + 1;
		for (uint32_t i = 0; i < n; i++) {
			len[v[i].sym] = (uint8_t)(depth[i] < 255 ? depth[i] : 255);
			if (depth[i] > longest)
				longest = depth[i];
		}
		if (longest <= WORDCODE_MAX_LEN)
			break;
		shift++;
	}
	free(v);
	free(weight);
	free(parent);
	free(depth);
}

/* A symbol of the model being written. */
struct model_sym {
	const char *s; /* kind byte, then the bytes; NULL: an escape */
	size_t len;    /* of the bytes */
	unsigned kind;
	uint8_t code_len;
};

/* The symbols' canonical order (wordcode.h): by code length, words
 * before gaps, then by bytes in bytes_cmp order (an escape, no bytes,
 * first). A stable counting sort by length and kind, then each bucket by
 * its bytes (strsort): into order[0..n). */
static void canonical_order(const struct model_sym *sym, size_t n, uint32_t *order)
{
	enum { KEYS = 2 * (WORDCODE_MAX_LEN + 1) };
	size_t at[KEYS + 1] = { 0 };
	struct strsort_item *items = xmalloc((n ? n : 1) * sizeof *items);

	for (size_t i = 0; i < n; i++)
		at[2 * sym[i].code_len + sym[i].kind + 1]++;
	for (unsigned k = 0; k < KEYS; k++)
		at[k + 1] += at[k];
	/* at[k], from the start of bucket k, ends at its end */
	for (size_t i = 0; i < n; i++) {
		const struct model_sym *y = &sym[i];
		items[at[2 * y->code_len + y->kind]++] =
		        strsort_item(y->s ? y->s + 1 : "", y->len, (uint32_t)i);
	}
	for (unsigned k = 0; k < KEYS; k++) {
		size_t from = k ? at[k - 1] : 0;
		strsort(items + from, at[k] - from);
	}
	for (size_t i = 0; i < n; i++)
		order[i] = items[i].idx;
	free(items);
}

void wordcode_model_write(const struct wordcode_counts *c, struct buf *model)
{
	size_t n_seen = strmap_count(c->seen), n = 0;
	struct model_sym *sym = xmalloc((n_seen + 2) * sizeof *sym);
	uint64_t *count = xmalloc((n_seen + 2) * sizeof *count);
	uint64_t byte_count[WORDCODE_BYTE_SYMBOLS], once[2] = { 0, 0 };
	uint8_t *len = xmalloc(n_seen + 2), byte_len[WORDCODE_BYTE_SYMBOLS];
	uint32_t per_len[WORDCODE_MAX_LEN + 1] = { 0 }, *order;
	unsigned max_len = 0;
	size_t start = model->len;

	for (size_t b = 0; b < WORDCODE_BYTE_SYMBOLS; b++)
		byte_count[b] = 1; /* every byte codable */
	for (size_t i = 0; i < n_seen; i++) {
		size_t klen;
		const char *k = strmap_key(c->seen, i, &klen);
		uint64_t seen = strmap_value(c->seen, i);
		unsigned kind = k[0] == 'g';
		for (size_t b = 1; b < klen; b++)
			byte_count[(unsigned char)k[b]]++;
		byte_count[BYTE_END]++;
		once[kind] += seen == 1;
		if (klen - 1 > WORDCODE_MAX_SYMBOL)
			continue; /* escaped wherever it is */
		sym[n] = (struct model_sym){ k, klen - 1, kind, 0 };
		count[n++] = seen;
	}
	for (unsigned kind = 0; kind < 2; kind++) {
		sym[n] = (struct model_sym){ NULL, 0, kind, 0 };
		count[n++] = once[kind] ? once[kind] : 1;
	}
	code_lengths(count, (uint32_t)n, len);
	code_lengths(byte_count, WORDCODE_BYTE_SYMBOLS, byte_len);
	for (size_t i = 0; i < n; i++) {
		sym[i].code_len = len[i];
		per_len[len[i]]++;
		if (len[i] > max_len)
			max_len = len[i];
	}
	for (size_t b = 0; b < WORDCODE_BYTE_SYMBOLS; b++)
		if (byte_len[b] > max_len)
			max_len = byte_len[b];
	order = xmalloc((n ? n : 1) * sizeof *order);
	canonical_order(sym, n, order);
	varint_append(model, n);
	buf_append_byte(model, (uint8_t)max_len);
	for (unsigned l = 1; l <= max_len; l++)
		varint_append(model, per_len[l]);
	buf_append(model, byte_len, sizeof byte_len);
	for (size_t i = 0; i < n; i++) {
		const struct model_sym *y = &sym[order[i]];
		buf_append_byte(model, (uint8_t)(y->len | (y->kind ? WORDCODE_GAP : 0)));
	}
	for (size_t i = 0, at = 0; i < n; i++) {
		if (i % WORDCODE_STRIDE == 0) {
			uint8_t le[4];
			store_u32(le, (uint32_t)at);
			buf_append(model, le, sizeof le);
		}
		at += sym[order[i]].len;
	}
	for (size_t i = 0; i < n; i++) {
		const struct model_sym *y = &sym[order[i]];
		if (y->s)
			buf_append(model, y->s + 1, y->len);
	}
	uint8_t hash[8];
	store_u64(hash, (uint64_t)XXH3_64bits(model->data + start, model->len - start));
	buf_append(model, hash, sizeof hash);
	free(order);
	free(sym);
	free(count);
	free(len);
}

/* A canonical code, for decoding: codes of length l are first[l] ..
 * first[l] + count[l] - 1, naming the symbols order[index[l]] .. on (order:
 * the symbols by code length, then in symbol order; NULL when symbol order
 * is that already); lut maps the first LUT_BITS bits of a code of at most
 * LUT_BITS to its symbol and length (length 0: a longer code). */
struct canon {
	uint32_t first[WORDCODE_MAX_LEN + 2], count[WORDCODE_MAX_LEN + 2];
	uint32_t index[WORDCODE_MAX_LEN + 2];
	const uint16_t *order;
	uint32_t lut_sym[1u << LUT_BITS];
	uint8_t lut_len[1u << LUT_BITS];
	unsigned max_len;
};

/* Build c from the count of codes of each length (per_len, which may be
 * c's own counts, adding up to n) and each symbol's code length (len; NULL:
 * the symbols are in canonical order, by length); each symbol's code (in
 * symbol order), its length in the top byte as bits_put takes it, into
 * code when not NULL; the symbols by code length into
 * order (n of them) when not NULL. -1 when the counts over-fill the code
 * space. */
static int canon_build(struct canon *c, const uint32_t *per_len, unsigned max_len, uint32_t n,
                       const uint8_t *len, uint32_t *code, uint16_t *order)
{
	uint64_t next = 0;
	uint32_t at = 0, codes[WORDCODE_MAX_LEN + 2], placed[WORDCODE_MAX_LEN + 2];
	uint32_t counts[WORDCODE_MAX_LEN + 2];

	memcpy(counts, per_len, sizeof counts);
	memset(c, 0, sizeof *c);
	per_len = counts;
	c->order = order;
	c->max_len = max_len;
	for (unsigned l = 1; l <= max_len; l++) {
		next <<= 1;
		c->first[l] = (uint32_t)next;
		c->count[l] = per_len[l];
		c->index[l] = at;
		at += per_len[l];
		next += per_len[l];
		if (next > (UINT64_C(1) << l))
			return -1;
		codes[l] = c->first[l];
		placed[l] = c->index[l];
	}
	/* Symbols in canonical order (no order asked for) have their codes
	 * short enough for the table first: the rest need no work here. */
	if (!code && !order) {
		uint32_t short_ones = 0;
		for (unsigned l = 1; l <= max_len && l <= LUT_BITS; l++)
			short_ones += per_len[l];
		n = short_ones;
	}
	for (uint32_t s = 0, l = 0, left = 0; s < n; s++) {
		if (len) {
			l = len[s];
		} else {
			while (left == 0)
				left = per_len[++l];
			left--;
		}
		uint32_t v = codes[l]++;
		if (code)
			code[s] = v | l << 24;
		if (order)
			order[placed[l]++] = (uint16_t)s;
		if (l <= LUT_BITS)
			for (uint32_t k = 0; k < 1u << (LUT_BITS - l); k++) {
				c->lut_sym[(v << (LUT_BITS - l)) + k] = s;
				c->lut_len[(v << (LUT_BITS - l)) + k] = (uint8_t)l;
			}
	}
	return 0;
}

/* A decoder finds a symbol's bytes from its group's offset and the
 * heads before it in the group (symbol_bytes), so that opening a model
 * reads none of its symbols: a query of a 100 MiB index spent ~70 us of
 * its ~190 on its model walking the 31.5K symbols for their offsets, as
 * long as reading and checking its 324 KB took. */
struct wordcode {
	uint8_t *model;            /* its own: copied or taken over */
	uint32_t n;                /* symbols */
	const uint8_t *head;       /* in model, per symbol: byte length | WORDCODE_GAP */
	const uint8_t *group;      /* in model, per group: u32 offset in bytes */
	const uint8_t *bytes;      /* in model: the symbols' bytes back to back */
	size_t bytes_len;
	struct canon sym, byte;
	uint8_t byte_len[WORDCODE_BYTE_SYMBOLS];
	uint32_t byte_code[WORDCODE_BYTE_SYMBOLS]; /* the length in the top byte */
	uint16_t byte_order[WORDCODE_BYTE_SYMBOLS];
	/* The encoder's (NULL in a decoder): each symbol's offset in bytes
	 * (at); a table from a word or gap to its code, open addressing at
	 * most half full; a slot is the symbol's hash (high half) and the
	 * symbol + 1 (low; 0: empty), and slot_code at the same place its
	 * code, the length in the top byte, as esc_code the escapes'. */
	uint32_t *at;
	uint64_t *slot;
	uint32_t *slot_code;
	uint32_t slot_mask;
	uint32_t esc_code[2];
};

static int model_corrupt(struct errbuf *eb, const char *what)
{
	return errbuf_set(eb, ERR_CORRUPT, "text model: %s", what);
}

static int encoder_tables(struct wordcode *w, struct errbuf *eb);

/* wordcode_open's work on model, len bytes the wordcode takes over. */
static int wordcode_make(uint8_t *model, size_t len, int encoder, struct wordcode **out,
                         struct errbuf *eb)
{
	struct wordcode *w = xcalloc(1, sizeof *w);
	const uint8_t *p, *end;
	uint64_t n, groups;
	uint32_t per_len[WORDCODE_MAX_LEN + 2] = { 0 }, byte_per_len[WORDCODE_MAX_LEN + 2] = { 0 };
	uint32_t total = 0;
	unsigned max_len, l;
	int rc = 0;

	*out = NULL;
	w->model = model;
	if (len < 8 || (uint64_t)XXH3_64bits(model, len - 8) != load_u64(model + len - 8)) {
		rc = model_corrupt(eb, "checksum mismatch");
		goto out;
	}
	p = w->model;
	end = p + len - 8;
	if (varint_read(&p, end, &n) || n < 2 || n > len || p >= end ||
	    (max_len = *p++) == 0 || max_len > WORDCODE_MAX_LEN) {
		rc = model_corrupt(eb, "bad header");
		goto out;
	}
	w->n = (uint32_t)n;
	for (l = 1; l <= max_len && !rc; l++) {
		uint64_t k;
		if (varint_read(&p, end, &k) || k > n - total)
			rc = model_corrupt(eb, "bad length counts");
		else
			total += (uint32_t)(per_len[l] = (uint32_t)k);
	}
	if (!rc && total != n)
		rc = model_corrupt(eb, "length counts do not add up");
	groups = (n + WORDCODE_STRIDE - 1) / WORDCODE_STRIDE;
	if (!rc && ((size_t)(end - p) < WORDCODE_BYTE_SYMBOLS + n ||
	            (size_t)(end - p) - WORDCODE_BYTE_SYMBOLS - n < 4 * groups))
		rc = model_corrupt(eb, "symbols cut off");
	if (rc)
		goto out;
	memcpy(w->byte_len, p, WORDCODE_BYTE_SYMBOLS);
	w->head = p + WORDCODE_BYTE_SYMBOLS;
	w->group = w->head + n;
	w->bytes = w->group + 4 * groups;
	w->bytes_len = (size_t)(end - w->bytes);
	/* The byte code's lengths, in byte order, are its canonical order. */
	for (unsigned b = 0; b < WORDCODE_BYTE_SYMBOLS; b++) {
		if (w->byte_len[b] == 0 || w->byte_len[b] > max_len) {
			rc = model_corrupt(eb, "bad byte code");
			goto out;
		}
		byte_per_len[w->byte_len[b]]++;
	}
	if (canon_build(&w->sym, per_len, max_len, w->n, NULL, NULL, NULL) ||
	    canon_build(&w->byte, byte_per_len, max_len, WORDCODE_BYTE_SYMBOLS, w->byte_len,
	                w->byte_code, w->byte_order))
		rc = model_corrupt(eb, "code over-full");
	else if (encoder)
		rc = encoder_tables(w, eb);
out:
	if (rc) {
		wordcode_free(w);
		return rc;
	}
	*out = w;
	return 0;
}

int wordcode_open(const uint8_t *model, size_t len, int encoder, struct wordcode **out,
                  struct errbuf *eb)
{
	uint8_t *own = xmalloc(len ? len : 1);

	memcpy(own, model, len);
	return wordcode_make(own, len, encoder, out, eb);
}

int wordcode_open_decoder(uint8_t *model, size_t len, struct wordcode **out,
                          struct errbuf *eb)
{
	return wordcode_make(model, len, 0, out, eb);
}

void wordcode_free(struct wordcode *w)
{
	if (!w)
		return;
	free(w->model);
	free(w->at);
	free(w->slot);
	free(w->slot_code);
	free(w);
}

/* The encoder's hash of a word (kind 0) or gap of n bytes. */
static uint32_t symbol_hash(unsigned kind, const char *s, size_t n)
{
	return strmap_hash(s, n) ^ (kind ? 0x85ebca6bu : 0);
}

/* The encoder's part of w (see struct wordcode): each symbol's code in
 * the slot of its bytes, the escapes', the byte codes' lengths; checking
 * what a decoder takes on trust: the group offsets, one escape of each
 * kind, the bytes filling the model. */
static int encoder_tables(struct wordcode *w, struct errbuf *eb)
{
	uint32_t *code = xmalloc(w->n * sizeof *code), slots = 2;
	uint64_t at = 0;
	int escapes[2] = { 0, 0 }, rc = 0;

	canon_build(&w->sym, w->sym.count, w->sym.max_len, w->n, NULL, code, NULL);
	while (slots < 2 * (uint64_t)w->n)
		slots *= 2;
	w->at = xmalloc(w->n * sizeof *w->at);
	w->slot = xcalloc(slots, sizeof *w->slot);
	w->slot_code = xmalloc(slots * sizeof *w->slot_code);
	w->slot_mask = slots - 1;
	for (uint32_t s = 0; s < w->n && !rc; s++) {
		unsigned kind = w->head[s] & WORDCODE_GAP, n = w->head[s] & ~WORDCODE_GAP;
		uint32_t hash, i;
		if (s % WORDCODE_STRIDE == 0 &&
		    load_u32(w->group + (size_t)(s / WORDCODE_STRIDE) * 4) != at) {
			rc = model_corrupt(eb, "group offsets do not match the symbols");
			break;
		}
		w->at[s] = (uint32_t)at;
		at += n;
		if (at > w->bytes_len) {
			rc = model_corrupt(eb, "symbols cut off");
		} else if (n == 0) {
			if (escapes[!!kind]++)
				rc = model_corrupt(eb, "two escapes of a kind");
			w->esc_code[!!kind] = code[s];
		} else {
			hash = symbol_hash(kind, (const char *)w->bytes + w->at[s], n);
			for (i = hash & w->slot_mask; w->slot[i]; i = (i + 1) & w->slot_mask)
				;
			w->slot[i] = (uint64_t)hash << 32 | (s + 1);
			w->slot_code[i] = code[s];
		}
	}
	if (!rc && (!escapes[0] || !escapes[1] || at != w->bytes_len))
		rc = model_corrupt(eb, "escapes missing or bytes left over");
	free(code);
	return rc;
}

/* The code of a word (kind 0) or gap s[0..n), 0 < n, of this hash, or 0
 * when the vocabulary has none. */
static uint32_t encoder_find(const struct wordcode *w, unsigned kind, const char *s, size_t n,
                             uint32_t hash)
{
	unsigned head = (unsigned)n | (kind ? WORDCODE_GAP : 0);

	for (uint32_t i = hash & w->slot_mask;; i = (i + 1) & w->slot_mask) {
		uint64_t e = w->slot[i];
		uint32_t y = (uint32_t)e - 1;
		if (!(uint32_t)e)
			return 0;
		if ((uint32_t)(e >> 32) == hash && w->head[y] == head &&
		    memcmp(w->bytes + w->at[y], s, n) == 0)
			return w->slot_code[i];
	}
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Bits, most significant first, into room the caller made: a whole
 * 32 bits stored at a time. */
struct bit_out {
	uint8_t *p;
	uint64_t acc;
	unsigned n; /* bits in acc, < 32 between calls */
};

static inline void bits_put(struct bit_out *o, uint32_t code_len)
{
	unsigned n = code_len >> 24;

	o->acc = o->acc << n | (code_len & 0xffffffu);
	o->n += n;
	if (o->n >= 32) {
		o->n -= 32;
		store_be32(o->p, (uint32_t)(o->acc >> o->n));
		o->p += 4;
	}
}

void wordcode_memo_release(struct wordcode_memo *m)
{
	free(m->code);
	m->code = NULL;
	m->cap = 0;
}

/* The code of the word s[0..n) of hint id: memo's, or looked up in the
 * vocabulary and kept there; 0 when the vocabulary has none, which the
 * memo keeps as MEMO_ESCAPE (no code has every bit set, its length being
 * at most WORDCODE_MAX_LEN). */
#define MEMO_ESCAPE UINT32_MAX
#define MEMO_AHEAD 8
static uint32_t word_code(const struct wordcode *w, struct wordcode_memo *memo, uint32_t id,
                          const char *s, size_t n)
{
	uint32_t c;

	if (id >= memo->cap) {
		size_t old = memo->cap;
		memo->code = xgrow(memo->code, &memo->cap, (size_t)id + 1, sizeof *memo->code);
		memset(memo->code + old, 0, (memo->cap - old) * sizeof *memo->code);
	}
	if ((c = memo->code[id]))
		return c == MEMO_ESCAPE ? 0 : c;
	c = n <= WORDCODE_MAX_SYMBOL ? encoder_find(w, 0, s, n, symbol_hash(0, s, n)) : 0;
	memo->code[id] = c ? c : MEMO_ESCAPE;
	return c;
}

/* One token at a time: most are words seen before, whose code the memo
 * has, and single spaces between words, which are not coded (tested
 * before the tokenizer runs); the rest are looked up. (Looking tokens up
 * 16 at a time, their slots asked for ahead, coded the 10 MiB corpus's
 * clauses in 44-48 ms; this loop without hints takes 39-40.) */
void wordcode_encode_hinted(const struct wordcode *w, const char *text, size_t len,
                            const struct wordcode_hint *hints, size_t n_hints,
                            struct wordcode_memo *memo, struct buf *out)
{
	struct bit_out o = { NULL, 0, 0 };
	size_t h = 0;

	/* A code of at most 24 bits for a symbol, and for an escape's each
	 * byte and its two ends: at most 9 bytes of code a byte of text. */
	buf_reserve(out, 9 * len + 8);
	o.p = (uint8_t *)out->data + out->len;
	for (size_t i = 0, j; i < len; i = j) {
		unsigned kind = !word_byte((unsigned char)text[i]);
		uint32_t c;

		/* a gap of one byte ends where a word byte follows */
		if (kind && i + 1 < len && word_byte((unsigned char)text[i + 1]) &&
		    implied_space(text, len, i, i + 1)) {
			j = i + 1;
			continue;
		}
		j = token_end(text, len, i);
		while (h < n_hints && hints[h].start < i)
			h++;
		if (!kind && h < n_hints && hints[h].start == i && hints[h].len == j - i) {
			/* the memo's entry of a word a few ahead, as the table's
			 * slots were asked for ahead (coding 10 MiB: 12 -> 9 ms of
			 * samples on the memo) */
			if (h + MEMO_AHEAD < n_hints && hints[h + MEMO_AHEAD].id < memo->cap)
				__builtin_prefetch(&memo->code[hints[h + MEMO_AHEAD].id]);
			c = word_code(w, memo, hints[h++].id, text + i, j - i);
		} else {
			c = j - i <= WORDCODE_MAX_SYMBOL
			    ? encoder_find(w, kind, text + i, j - i, symbol_hash(kind, text + i, j - i))
			    : 0;
		}
		if (c) {
			bits_put(&o, c);
			continue;
		}
		bits_put(&o, w->esc_code[kind]);
		for (size_t a = i; a < j; a++)
			bits_put(&o, w->byte_code[(unsigned char)text[a]]);
		bits_put(&o, w->byte_code[BYTE_END]);
	}
	if (o.n % 8)
		bits_put(&o, (8 - o.n % 8) << 24);
	for (; o.n; o.n -= 8)
		*o.p++ = (uint8_t)(o.acc >> (o.n - 8));
	out->len = (size_t)((char *)o.p - out->data);
	out->data[out->len] = '\0';
}

void wordcode_encode(const struct wordcode *w, const char *text, size_t len, struct buf *out)
{
	wordcode_encode_hinted(w, text, len, NULL, 0, NULL, out);
}

/* Bits, most significant first, from code bytes; past their end zeros,
 * counted in used so that a code that runs out is caught. */
struct bit_in {
	const uint8_t *p, *end;
	uint64_t acc;
	unsigned n;
	uint64_t used, have; /* bits taken, bits the code has */
};

static inline void bits_fill(struct bit_in *b)
{
	while (b->n <= 56) {
		b->acc |= (uint64_t)(b->p < b->end ? *b->p : 0) << (56 - b->n);
		b->p++;
		b->n += 8;
	}
}

/* The next symbol of c, or UINT32_MAX for bits that are no code. */
static inline uint32_t canon_next(struct bit_in *b, const struct canon *c)
{
	uint32_t top;

	bits_fill(b);
	top = (uint32_t)(b->acc >> (64 - LUT_BITS));
	if (c->lut_len[top]) {
		unsigned l = c->lut_len[top];
		b->acc <<= l;
		b->n -= l;
		b->used += l;
		return c->lut_sym[top];
	}
	for (unsigned l = LUT_BITS + 1; l <= c->max_len; l++) {
		uint32_t v = (uint32_t)(b->acc >> (64 - l));
		if (v - c->first[l] < c->count[l]) {
			b->acc <<= l;
			b->n -= l;
			b->used += l;
			uint32_t k = c->index[l] + v - c->first[l];
			return c->order ? c->order[k] : k;
		}
	}
	return UINT32_MAX;
}

/* The sum of the byte lengths in eight heads (x, the first head in its
 * low byte; a head left out is 0): the gap flags off, the bytes added in
 * pairs into 16-bit lanes (at most 254 each), the lanes by a multiply. */
static inline uint64_t heads_length8(uint64_t x)
{
	const uint64_t pairs = 0x00ff00ff00ff00ffu;

	x &= 0x7f7f7f7f7f7f7f7fu;
	x = (x & pairs) + (x >> 8 & pairs);
	return x * 0x0001000100010001u >> 48;
}

/* Symbol s's bytes (as many as its head says), or NULL where a damaged
 * group offset would put them past the model's bytes: its group's offset
 * and the lengths in the heads before it in the group, summed at once.
 * (With 32 symbols a group and the heads summed one at a time, printing
 * 40,000 hits at 100 MiB took 477M instructions of decoding where a
 * table of every symbol's offset had taken 255M; eight at a time 405M;
 * groups of 8, one masked sum, 335M, the whole process 7% above the
 * table's 1.16G.) An 8-byte load from a head stays in the model,
 * whose group offsets and hash follow the heads. */
static inline const uint8_t *symbol_bytes(const struct wordcode *w, uint32_t s)
{
	uint64_t at = load_u32(w->group + (size_t)(s / WORDCODE_STRIDE) * 4);
	unsigned k = s % WORDCODE_STRIDE;

	if (k)
		at += heads_length8(load_u64(w->head + (s - k)) & ((UINT64_C(1) << 8 * k) - 1));
	return at + (w->head[s] & ~WORDCODE_GAP) <= w->bytes_len ? w->bytes + at : NULL;
}

int wordcode_decode(const struct wordcode *w, const uint8_t *code, size_t code_len,
                    char *out, size_t out_len)
{
	struct bit_in b = { code, code + code_len, 0, 0, 0, (uint64_t)code_len * 8 };
	size_t o = 0;
	int last_word = 0;

	while (o < out_len) {
		uint32_t s = canon_next(&b, &w->sym);
		const uint8_t *bytes;
		unsigned head, n;
		if (s == UINT32_MAX || b.used > b.have)
			return ERR_CORRUPT;
		head = w->head[s];
		n = head & ~WORDCODE_GAP;
		if (!(head & WORDCODE_GAP)) {
			if (last_word) {
				if (o == out_len)
					return ERR_CORRUPT;
				out[o++] = ' ';
			}
			last_word = 1;
		} else {
			last_word = 0;
		}
		if (n) {
			if (n > out_len - o || !(bytes = symbol_bytes(w, s)))
				return ERR_CORRUPT;
			memcpy(out + o, bytes, n);
			o += n;
			continue;
		}
		for (;;) { /* an escape: bytes to the end symbol */
			uint32_t c = canon_next(&b, &w->byte);
			if (c == UINT32_MAX || b.used > b.have)
				return ERR_CORRUPT;
			if (c == BYTE_END)
				break;
			if (o == out_len)
				return ERR_CORRUPT;
			out[o++] = (char)c;
		}
	}
	/* the code ends in its last byte's padding */
	return (b.used + 7) / 8 == code_len ? 0 : ERR_CORRUPT;
}
