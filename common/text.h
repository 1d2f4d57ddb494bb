/* text.h: UTF-8 handling shared by every module: validation with U+FFFD
 * replacement, NFC + case folding, accent folding, display width.
 *
 * All functions take byte strings with explicit lengths (no NUL needed) and
 * append their result to a caller-owned struct buf (the caller frees it). */
#ifndef UNSEARCH_TEXT_H
#define UNSEARCH_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* The replacement character U+FFFD in UTF-8. */
#define TEXT_REPLACEMENT "\xEF\xBF\xBD"

/* Decode one code point at s (len > 0 bytes available). Returns the number
 * of bytes consumed (>= 1); an invalid or truncated sequence consumes one
 * byte and yields *cp = 0xFFFD and *invalid = 1. Never reads past len. */
size_t utf8_decode(const char *s, size_t len, int32_t *cp, int *invalid);

/* Copy in to out, replacing every invalid byte sequence by U+FFFD. Returns
 * the number of replacements; *first_bad (if not NULL) receives the byte
 * offset in `in` of the first one (untouched when there is none). */
size_t utf8_sanitize(const char *in, size_t len, struct buf *out,
                     size_t *first_bad);

/* ---- decoding other encodings to UTF-8 --------------------------------------
 *
 * The encoding of an input file is chosen by these rules, in order:
 *   1. a byte-order mark: EF BB BF is UTF-8 (the mark is dropped), FF FE is
 *      UTF-16LE, FE FF is UTF-16BE (the mark is dropped);
 *   2. otherwise the decision waits for the first chunk that holds a byte
 *      >= 0x80 (ASCII reads the same in every candidate) and looks at that
 *      chunk: if it holds at least one valid multi-byte UTF-8 sequence, or
 *      no invalid one, the file is UTF-8 ("otherwise UTF-8": its stray
 *      invalid bytes are repaired to U+FFFD later, with a warning); if it
 *      holds invalid UTF-8 and not one valid multi-byte sequence, it is
 *      Windows-1252 (a superset of the printable Latin-1 range; its five
 *      unassigned bytes become U+FFFD).
 * A sequence cut by the end of a chunk counts as neither valid nor invalid
 * (when it is the only evidence, its bytes wait for the next chunk).
 * UTF-16 without a mark is not recognised (its NUL bytes make it binary). */

enum text_encoding {
	TEXT_UNDECIDED, /* only ASCII seen so far */
	TEXT_UTF8,
	TEXT_CP1252,
	TEXT_UTF16LE,
	TEXT_UTF16BE,
};

/* The name of an encoding for messages: "UTF-8", "Windows-1252", ... */
const char *text_encoding_name(enum text_encoding enc);

/* A streaming decoder: feed it the file's bytes in chunks of any size.
 * Zero-initialise it (TEXT_DECODER_INIT); it owns nothing. */
struct text_decoder {
	enum text_encoding enc;
	int started;               /* the byte-order mark has been looked for */
	unsigned char pending[4];  /* bytes waiting for the next chunk: the
	                              start of a file too short to show a mark,
	                              a cut sequence, half a UTF-16 unit */
	size_t n_pending;
	uint32_t high_surrogate;   /* a UTF-16 high surrogate waiting for its pair */
};

#define TEXT_DECODER_INIT { TEXT_UNDECIDED, 0, { 0 }, 0, 0 }

/* Append the UTF-8 form of in[0..len) to out. UTF-8 input is copied as it
 * is (invalid bytes included: utf8_sanitize repairs them with their line);
 * Windows-1252 and UTF-16 are converted (an unpaired surrogate becomes
 * U+FFFD). final = 1 on the last call flushes a cut unit as U+FFFD.
 * Returns 1 when this call decided the encoding (read it in d->enc),
 * else 0. */
int text_decode(struct text_decoder *d, const char *in, size_t len, int final,
                struct buf *out);

/* NFC-normalise and Unicode case-fold valid UTF-8 `in`, appending to out.
 * Returns 0, or ERR_INVALID if utf8proc rejects the input. */
int text_casefold(const char *in, size_t len, struct buf *out);

/* text_casefold, then strip combining marks (accents, tilde, diaeresis):
 * "Información" -> "informacion", "Año" -> "ano". The accent-insensitive
 * form used for lexicon keys and prefix queries. */
int text_fold(const char *in, size_t len, struct buf *out);

/* 1 if the code point continues or starts a token: letters (L*), digits and
 * other numbers (N*), and combining marks (M*) that follow one. */
int text_is_word_char(int32_t cp);

/* 1 if the code point is a combining mark (M*): it continues a token but
 * never starts one. */
int text_is_mark(int32_t cp);

/* 1 for the ASCII white space of C's isspace in the "C" locale (space,
 * \t \n \v \f \r), whatever the process's locale: the one test the
 * query lexer, the resolution parser and word diffs share. */
static inline int text_is_ascii_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Terminal columns taken by valid UTF-8 s (wide CJK = 2, combining = 0). */
size_t text_width(const char *s, size_t len);

#endif
