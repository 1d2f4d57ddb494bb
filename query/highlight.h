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
#include "buf.h"

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

/* What highlight_ranges keeps from call to call (the tokens it collects,
 * the ranges it returns), so that a query's hits allocate once: zero it
 * (HL_SCRATCH_INIT) before the first call, hl_scratch_release after the
 * last. */
struct hl_scratch {
	struct token *tokens;
	size_t tokens_cap;
	struct hl_range *ranges;
	size_t ranges_cap;
	struct buf fold; /* folding a first letter */
};
#define HL_SCRATCH_INIT { NULL, 0, NULL, 0, BUF_INIT }
void hl_scratch_release(struct hl_scratch *s);

/* Compute the highlighted ranges of text for the patterns: sorted by start,
 * overlapping or touching ranges merged. positions: when the caller knows
 * them (the index's, eval_top_k's), the ascending, distinct positions of
 * every token of text whose term is a pattern term, n_positions of them;
 * only those tokens are analysed, and the text past the last is not
 * read. If the text does not bear them out (a token there has no pattern
 * term), it is read again as with positions NULL: not known, every token
 * that may stem to a pattern term analysed. Positions that leave one out
 * lose its range. *out (in s, valid until the next call with s) and
 * *n_out are set. Returns 0. */
int highlight_ranges(struct analyzer *a, struct hl_scratch *s, const char *text, size_t len,
                     const struct hl_pattern *patterns, size_t n_patterns,
                     const uint32_t *positions, size_t n_positions,
                     const struct hl_range **out, size_t *n_out);

#endif
