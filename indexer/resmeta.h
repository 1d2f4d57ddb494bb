/* resmeta.h: recognizers for the metadata in the Spanish header and footer
 * of a resolution, used by the parser (resparse.c).
 *
 * The (s, len) functions read at most len bytes at s (no NUL needed). None
 * has side effects besides its documented outputs, and none allocates. Keyword patterns are lower-case ASCII and match regardless of
 * case and Latin-1 accents ("periodo" matches "Período"). */
#ifndef UNSEARCH_RESMETA_H
#define UNSEARCH_RESMETA_H

#include <stddef.h>


/* ---- accent- and case-insensitive matching ------------------------------ */

/* The number of bytes of s matched by pat at its very start; 0 when s does
 * not start with pat. */
size_t resmeta_match_fold(const char *s, size_t len, const char *pat);

/* The offset of the first match of pat in s, with its byte length in *mlen
 * (when mlen is not NULL); SIZE_MAX when there is none (*mlen untouched).
 * Quadratic in the worst case: call on short lines only. */
size_t resmeta_find_fold(const char *s, size_t len, const char *pat,
                         size_t *mlen);

/* The word (letters a-z after folding) at the start of s, folded to
 * lower-case ASCII and NUL-terminated into out[outsz]. Returns its byte
 * length in s; 0 when s does not start with a letter or the word does not
 * fit (out is then unspecified). */
size_t resmeta_fold_word(const char *s, size_t len, char *out, size_t outsz);

/* 1 if the NUL-terminated w ends with suffix and is longer than it, else 0. */
int resmeta_ends_with(const char *w, const char *suffix);

/* The decimal number of 1..max_digits digits at the start of s, into *v.
 * Returns the count of digits; 0 when s does not start with a digit or
 * holds more than max_digits of them (*v is then meaningless). */
size_t resmeta_num(const char *s, size_t len, size_t max_digits, int *v);

/* ---- metadata ------------------------------------------------------------ */

/* The value of s when it is made only of Spanish ordinal words and spaces
 * ("Septuagésimo cuarto " -> 74, "Decimoctavo" -> 18); 0 otherwise. */
int resmeta_ordinal(const char *s, size_t len);

/* Finds the first date "12 de diciembre de 2019" (also "1º de ...",
 * "setiembre") anywhere in s and writes "2019-12-12" with its NUL to date.
 * Returns 1; 0 when there is none (date untouched). */
int resmeta_date(const char *s, size_t len, char date[11]);

/* A symbol line: offsets into the line given to resmeta_symbol. */
struct symbol_line {
	const char *prefix; /* "A/RES/", "A/HRC/RES/", "S/RES/" as written
	                       on the line (static), or NULL when the line
	                       gives none */
	size_t sym_off;     /* start of the symbol after the written prefix */
	size_t sym_len;     /* "74/29", "ES-10/20", "217 A (III)", "2196 (2015)" */
	size_t title_off;   /* start of the title after ". " (len: none) */
	int session;        /* 74; 10 for ES-10/20; 0 for the Security Council */
	int special;        /* 1: special session (S-26/2), 2: emergency (ES-) */
	int decision;       /* 1: a decision number (401 and up: 74/501) */
};

/* Matches at the start of the line s:
 *   "74/29. Title", "43/78 H. Title", "217 A (III). Title", "1514 (XV). T",
 *   "ES-10/20. T", "S-26/2. T", "74/501. T" (a decision), each also after a
 *   written prefix "A/RES/", "A/HRC/RES/" or "S/RES/";
 *   "Resolución 2196 (2015)" alone (the Security Council).
 * The session comes from the number before '/' or the roman numeral.
 * Returns 1 and fills *sl; 0 when s is not a symbol line. */
int resmeta_symbol(const char *s, size_t len, struct symbol_line *sl);

/* The meeting number of a footer "46ª sesión plenaria" (also "46a.",
 * "46.ª", after an optional '*'; or "56ª sesión" alone on its line, as the
 * Human Rights Council writes it) at the start of s; 0 when s is not one. */
int resmeta_footer(const char *s, size_t len);

/* The number of the first "Nª sesión" (plenary or not: "7367ª sesión",
 * "81a. sesión plenaria") anywhere in s; 0 when there is none. */
int resmeta_meeting(const char *s, size_t len);

#endif
