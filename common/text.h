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

/* Terminal columns taken by valid UTF-8 s (wide CJK = 2, combining = 0). */
size_t text_width(const char *s, size_t len);

#endif
