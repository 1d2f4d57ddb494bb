/* analyzer.h: the one text-analysis pipeline of unsearch: tokenize ->
 * NFC + case fold -> Snowball Spanish stem, with accent folding on the side.
 * The indexer runs it over clause text, the query side over query words and,
 * to highlight, over the clause again, so both always agree.
 *
 * Tokens are maximal runs of letters and digits (text_is_word_char); any
 * other character separates them, so "A/RES/74/29" is the four tokens
 * a, res, 74, 29 and a symbol in a query matches as a phrase. A run longer
 * than ANALYZER_MAX_TOKEN bytes is split at a code-point boundary.
 *
 * For each token the analyzer produces:
 *   term    the index term: stem of the NFC, case-folded word with its
 *           accents ("informacion" is not folded; "información" -> "inform")
 *   folded  the case- and accent-folded surface word ("informacion")
 *   key     stem(folded): the accent-insensitive lookup key. The indexer
 *           stores key -> terms; a query word goes through its own key, so a
 *           word typed with or without accents finds exactly the same terms.
 *           Before stemming, a few suffixes that the Spanish stemmer only
 *           knows accented get their accent back (-cion -> -ción, -logia(s),
 *           -rian, -riamos, -riais), so "informacion" has key "inform", the
 *           term of "información". The key is still a function of folded.
 * Each distinct surface word is analysed once per analyzer (a cache); the
 * cache also serves as the run's vocabulary for the lexicon.
 *
 * Ownership: the analyzer owns the stemmer, the cache and every string it
 * hands out; token strings stay valid until analyzer_free (they live in the
 * cache), so callers may keep pointers to them. Not thread-safe: one
 * analyzer per thread. */
#ifndef UNSEARCH_ANALYZER_H
#define UNSEARCH_ANALYZER_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define ANALYZER_MAX_TOKEN 128 /* bytes of one token's surface form */

struct analyzer;

struct token {
	const char *term;   /* NUL-terminated, also term_len */
	size_t term_len;
	const char *folded;
	size_t folded_len;
	const char *key;
	size_t key_len;
	uint32_t word_id;   /* dense id of the distinct surface form in the cache */
	uint32_t position;  /* first_position, +1, +2, ... */
	size_t start, end;  /* byte range [start, end) of the token in the text */
	int stopword;       /* folded is in the Spanish stop list */
};

/* Return 0 to go on, anything else to stop analyzer_run with that value. */
typedef int (*token_fn)(void *ctx, const struct token *tok);

/* NULL with a message in eb if the Spanish stemmer cannot be created. */
struct analyzer *analyzer_new(struct errbuf *eb);
void analyzer_free(struct analyzer *a); /* NULL is a no-op */

/* Tokenize `text` (len bytes; invalid UTF-8 is treated as separators, never
 * read past len) and call fn for each token in order, numbering positions
 * from first_position. Returns 0, or the first non-zero value of fn. */
int analyzer_run(struct analyzer *a, const char *text, size_t len,
                 uint32_t first_position, token_fn fn, void *ctx);

/* Whether the token raw[0..len) is worth analysing: 0 and fn never sees
 * it, though its position still counts. */
typedef int (*token_want_fn)(void *ctx, const char *raw, size_t len);

/* Which tokens analyzer_run_some analyses and passes to fn. */
struct token_filter {
	/* 256 flags by a token's first byte: a token whose first byte is not
	 * flagged is skipped there and then, with no call. NULL: all. */
	const uint8_t *first_byte;
	/* Asked, with fn's ctx, of every token first_byte lets through, in
	 * order (with first_byte NULL, a count kept in ctx is the token's
	 * position). NULL: all. */
	token_want_fn want;
	/* Ascending token positions, n_positions of them: only the tokens at
	 * them are analysed and passed to fn, with first_byte and want not
	 * asked; the others are only counted (sixteen bytes at a time where
	 * SSE2 allows). NULL: any position. */
	const uint32_t *positions;
	size_t n_positions;
};

/* analyzer_run that looks up, analyses and passes to fn only the tokens
 * filter lets through: highlighting many hits skips the cache for words
 * that cannot match, and finding the opening verb analyses no word before
 * it. */
int analyzer_run_some(struct analyzer *a, const char *text, size_t len,
                      uint32_t first_position, const struct token_filter *filter,
                      token_fn fn, void *ctx);

/* 1 if the folded form is a stop word (list in common/stopwords-es.txt). */
int analyzer_is_stopword(const struct analyzer *a, const char *folded,
                         size_t len);

/* Stem one case-folded word (no tokenizing): the term of a word already
 * NFC + case folded. Result valid until analyzer_free. */
const char *analyzer_stem(struct analyzer *a, const char *word, size_t len,
                          size_t *out_len);
/* The key of one folded word (text_fold output), exactly as analyzer_run
 * computes token keys; use this, not analyzer_stem, for key lookups.
 * Result valid until analyzer_free. */
const char *analyzer_key(struct analyzer *a, const char *folded, size_t len,
                         size_t *out_len);

/* The vocabulary seen so far, one entry per distinct surface word, in
 * word_id order: the indexer builds the folded and key lexicons from it. */
size_t analyzer_vocab_count(const struct analyzer *a);
/* Fills term, folded and key (and lengths) of word i; other fields zero. */
void analyzer_vocab_entry(const struct analyzer *a, size_t i,
                          struct token *out);

#endif
