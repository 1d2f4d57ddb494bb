/* symbol.h: UN document symbols as the index stores and queries compare
 * them, and the kinds of citation (format.h SEC_CITES).
 *
 * One normal form for every way a symbol is written: upper case, no
 * spaces, no leading "A/RES/" (General Assembly resolutions are cited
 * bare):
 *   "A/RES/74/29", "a/res/74/29 ", "74/29"   -> "74/29"
 *   "A/RES/217 A (III)", "217 A (III)"       -> "217A(III)"
 *   "43/78 H"                                -> "43/78H"
 *   "S/RES/1325 (2000)"                      -> "S/RES/1325(2000)"
 * Citations written without their organ's prefix ("resolución 1325
 * (2000)", "decisión 74/501") are completed by the extractor
 * (common/cite.c) before they are normalised. */
#ifndef UNSEARCH_SYMBOL_H
#define UNSEARCH_SYMBOL_H

#include <stddef.h>

/* What a citation names: the kind byte of a SEC_CITES record. */
enum cite_kind {
	CITE_RESOLUTION = 1,
	CITE_DECISION = 2,
	CITE_DOCUMENT = 3, /* a report or any other document: "A/74/363" */
	CITE_KIND_END
};

/* The normal form of the len bytes at s, NUL-terminated; the caller frees. */
char *symbol_normalise_n(const char *s, size_t len);
char *symbol_normalise(const char *s);

/* "resolution", "decision", "document", or NULL for a byte that is none. */
const char *cite_kind_name(unsigned kind);

#endif
