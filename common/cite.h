/* cite.h: the citations in one clause's text: resolutions, decisions and
 * documents named by symbol, in every form Spanish UN texts write them,
 * each in the one normal form of symbol.h with the date written next to it.
 *
 *   "sus resoluciones 53/70, de 4 de diciembre de 1998, y 54/49"
 *                                  -> 53/70 (19981204), 54/49
 *   "43/78 H"                      -> 43/78H
 *   "1514 (XV)", "217 A (III)"     -> 1514(XV), 217A(III)
 *   "resolución 1325 (2000) del Consejo de Seguridad", "S/RES/1325 (2000)"
 *                                  -> S/RES/1325(2000)
 *   "resolución 40/1 del Consejo de Derechos Humanos" -> A/HRC/RES/40/1
 *   "decisión 74/501"              -> A/DEC/74/501 (kind decision)
 *   "A/74/363"                     -> A/74/363 (kind document)
 *
 * A bare "N/M" is a citation when a keyword ("resolución", "decisiones",
 * ...) comes before it in the same sentence, or a date after it (so "2/3"
 * is none); it is a resolution unless that keyword is a decision's; "N (YYYY)" is a
 * Security Council resolution only after "resolución"/"resoluciones" in
 * the same sentence (otherwise a number and a year in brackets are no
 * citation). A sentence ends at ';' or at '.' before a space. A date is
 * the one written right after the symbol, or after the organ named after
 * it ("1325 (2000) del Consejo de Seguridad, de 31 de octubre de 2000"). */
#ifndef UNSEARCH_CITE_H
#define UNSEARCH_CITE_H

#include <stddef.h>
#include <stdint.h>

#include "symbol.h"

#define CITE_SYMBOL_MAX 64 /* longer "symbols" are not cited */

struct citation {
	char symbol[CITE_SYMBOL_MAX]; /* normal form (symbol.h) */
	enum cite_kind kind;
	uint32_t date;                /* yyyymmdd written with it, 0 if none */
	size_t start, len;            /* the symbol as written, in the text */
};

/* The citations of one clause, in text order, each symbol once (the first
 * occurrence, with the first date given for it). Owns v. */
struct citations {
	struct citation *v;
	size_t n, cap;
};

/* Replace out's contents by the citations in text[0..len). */
void cite_extract(const char *text, size_t len, struct citations *out);
void citations_release(struct citations *c); /* frees v; reusable after */

#endif
