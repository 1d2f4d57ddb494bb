/* highlight.h: locate what a query matched inside a clause's original text,
 * as byte ranges, by running the same analyzer over the text again.
 *
 * A pattern is a sequence of slots; each slot is the set of index terms that
 * may stand at that position (a query word expands to several terms through
 * the accent-insensitive lexicon). A one-slot pattern marks every token whose
 * term is in the slot; a longer pattern (a phrase) marks each run of
 * consecutive tokens matching slot by slot, as ONE range from the first
 * token's start to the last token's end. */
#ifndef UNSEARCH_HIGHLIGHT_H
#define UNSEARCH_HIGHLIGHT_H

#include <stddef.h>
#include <stdint.h>

#include "analyzer.h"

struct hl_slot {
	const char *const *terms; /* NUL-terminated term strings */
	size_t n_terms;
	const char *folded;       /* an exact form: the token's folded word too; NULL: any */
};

struct hl_pattern {
	const struct hl_slot *slots;
	size_t n_slots;
};

struct hl_range {
	size_t start, end; /* [start, end) bytes into the text */
};

/* Compute the highlighted ranges of text for the patterns: sorted by start,
 * overlapping or touching ranges merged. positions: when the caller knows
 * them (the index's, eval_top_k's), the ascending, distinct positions of
 * every token of text whose term is a pattern term, n_positions of them;
 * only those tokens are analysed, and the text past the last is not
 * read. If the text does not bear them out (a token there has no pattern
 * term), it is read again as with positions NULL: not known, every token
 * that may stem to a pattern term analysed. Positions that leave one out
 * lose its range. *out is allocated (caller frees) and *n_out set; 0
 * ranges gives *out = NULL. Returns 0. */
int highlight_ranges(struct analyzer *a, const char *text, size_t len,
                     const struct hl_pattern *patterns, size_t n_patterns,
                     const uint32_t *positions, size_t n_positions,
                     struct hl_range **out, size_t *n_out);

#endif
