/* wordcode.h: clause text in a semi-static word code, the alternative to
 * zstd blocks for stored text that a segment's writer picks when it
 * stores less (storedtext.c; the reader is index_text.c).
 *
 * A text is read as alternating words (maximal runs of ASCII letters and
 * digits and of bytes >= 0x80, so that UTF-8 letters stay in their words)
 * and gaps (runs of every other byte). Each is a symbol of one canonical
 * Huffman code: a word or gap of the model's vocabulary, or an escape
 * (of its kind, word or gap: the bytes follow in the model's byte code,
 * ended by its end symbol). A gap of one space between two words is not
 * coded at all: a word that follows a word has the space before it
 * (the "spaceless" word model), which is most gaps of running text.
 * A text's code starts on a byte and ends padded with zero bits, so that
 * each clause decodes on its own, given its length in bytes.
 *
 * Measured on the generated 10 MiB corpus, the vocabulary of the first
 * MiB of clause text: 2.38 MB of code and a 0.24 MB model (25.1% of the
 * text) where zstd with a 128 KiB dictionary stores 3.44 MB (33.0%), and
 * a clause decodes in ~1.4 us where a 4 KiB zstd block takes ~5.3 us.
 *
 * Model bytes (what a segment stores):
 *   varint n_symbols (both escapes included)  u8 max_len
 *   max_len x varint: how many symbols have a code of each length 1..max_len
 *   WORDCODE_BYTE_SYMBOLS x u8: the byte code's length of each byte value
 *     and of its end symbol (last); every length 1..max_len
 *   n_symbols x u8 head, the symbols in canonical order (by code length,
 *     then as written): its byte length (< 128) | WORDCODE_GAP for a gap;
 *     a length of 0 is the escape of its kind
 *   ceil(n_symbols / WORDCODE_STRIDE) x u32: where the bytes of symbol
 *     k * WORDCODE_STRIDE start, from the start of the bytes that follow
 *   the symbols' bytes, back to back, in the same order
 *   u64 XXH3-64 of every byte before it
 * A decoder reads a symbol's bytes from its group's offset and the heads
 * before it in the group, and reads no other symbol's.
 * The code is canonical: codes of one length are consecutive integers in
 * symbol order, shorter codes first. */
#ifndef UNSEARCH_WORDCODE_H
#define UNSEARCH_WORDCODE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

#define WORDCODE_MAX_LEN 24       /* longest code, bits */
#define WORDCODE_MAX_SYMBOL 127   /* longest vocabulary word or gap, bytes */
#define WORDCODE_GAP 0x80u        /* in a symbol's head */
#define WORDCODE_BYTE_SYMBOLS 257 /* byte values and the end of a word */
#define WORDCODE_STRIDE 8         /* symbols per group offset (at most 8: one load of heads) */

/* Counting a sample's words and gaps, for a model. */
struct wordcode_counts;
struct wordcode_counts *wordcode_counts_new(void);
void wordcode_counts_free(struct wordcode_counts *c); /* NULL is a no-op */
/* Count the words and gaps of text (any bytes). */
void wordcode_count(struct wordcode_counts *c, const char *text, size_t len);
/* Append the model of the counts to model: every word and gap counted
 * (of at most WORDCODE_MAX_SYMBOL bytes) is in its vocabulary, the
 * escapes counted as the words and gaps seen once, and the byte code from
 * the bytes of the distinct words. */
void wordcode_model_write(const struct wordcode_counts *c, struct buf *model);

/* A model read from its bytes (checked: ERR_CORRUPT when their XXH3
 * or header is wrong), for decoding, and for coding too when encoder (its
 * tables cost a hash table of the vocabulary, which a reader has no use
 * for, and check every symbol's place). The bytes are copied. A model is
 * read-only once open: threads may share it. */
struct wordcode;
int wordcode_open(const uint8_t *model, size_t len, int encoder, struct wordcode **out,
                  struct errbuf *eb);
/* As wordcode_open for a decoder, the model's bytes taken over rather
 * than copied: model (malloc'd) is the wordcode's, freed with it, or at
 * once when the bytes are not a model. A query reads a 100 MiB index's
 * model (324 KB) once; its copy took a second huge page of the heap. */
int wordcode_open_decoder(uint8_t *model, size_t len, struct wordcode **out,
                          struct errbuf *eb);
void wordcode_free(struct wordcode *w); /* NULL is a no-op */
/* Append text's code to out (w opened as an encoder). Any bytes
 * round-trip. */
void wordcode_encode(const struct wordcode *w, const char *text, size_t len,
                     struct buf *out);

/* A word of a text that the caller knows by an id of its own (unindex:
 * the analyzer's word id, one per distinct surface form), start and len
 * bytes into the text. Hints with one id name the same bytes. */
struct wordcode_hint {
	uint32_t id;
	uint16_t start, len;
};
/* The codes of hint ids met so far, for one model: a caller that codes
 * with another model releases it first (wordcode_memo_release, which
 * leaves it empty). Zeroed to start; one thread's. */
struct wordcode_memo {
	uint32_t *code; /* by id; 0 not known yet */
	size_t cap;
};
void wordcode_memo_release(struct wordcode_memo *m);
/* As wordcode_encode, the same code, with hints[0..n_hints) in order of
 * start: a word that starts and ends where a hint says takes its code
 * from memo (NULL only without hints), looked up in the model once for
 * each id (coding the 10 MiB corpus's clauses alone: 39 -> 25 ms, most
 * words being ones seen before); hints that match no word are passed
 * over. */
void wordcode_encode_hinted(const struct wordcode *w, const char *text, size_t len,
                            const struct wordcode_hint *hints, size_t n_hints,
                            struct wordcode_memo *memo, struct buf *out);
/* Decode code[0..code_len) into exactly out_len bytes at out: 0, or
 * ERR_CORRUPT when the code runs out, holds an invalid symbol or would
 * write past out_len. */
int wordcode_decode(const struct wordcode *w, const uint8_t *code, size_t code_len,
                    char *out, size_t out_len);

#endif
