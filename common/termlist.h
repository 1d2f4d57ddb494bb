/* termlist.h: the term list of a lexicon entry (format.h SEC_FOLDED,
 * SEC_KEYS): the one encoder (the segment writer, the tests' hand-made
 * segments) and the one decoder (the index).
 *
 * An entry's first term id is coded as its difference from the first id
 * of the entry before it in the same sorted string table block (words in
 * byte order have stems in byte order, and a term's id is its ordinal in
 * the byte-ordered SEC_TERMS, so neighbours' ids are close), and an entry
 * of one id (every folded word of the generated corpora) has no count.
 * Entries must therefore be written and read in table order from the
 * first of their block (sst.h SST_BLOCK_KEYS), each passing *base on to
 * the next: a lookup reads the entries before its own in the block. */
#ifndef UNSEARCH_TERMLIST_H
#define UNSEARCH_TERMLIST_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Append the payload of the table's entry `ordinal`, whose ids[0..n) are
 * ascending and unique, to b. *base is what the entry before it in table
 * order left there (anything for a block's first entry); updated. */
void termlist_append(struct buf *b, uint32_t ordinal, uint32_t *base,
                     const uint32_t *ids, size_t n);

/* Decode the payload p[0..len) of entry `ordinal` with *base as
 * termlist_append left it for the entry before (updated), and append its
 * ids to *ids (n used, cap allocated; xgrow), or only step over them when
 * ids is NULL. 0, or ERR_CORRUPT for a malformed list, an id not below
 * n_terms, or an empty list where allow_empty is 0. */
int termlist_read(const uint8_t *p, size_t len, uint32_t ordinal, uint32_t *base,
                  uint32_t n_terms, int allow_empty, uint32_t **ids, size_t *n,
                  size_t *cap);

/* The length of the term list at p (its bytes end at or before end): 0
 * and *len, or ERR_CORRUPT (sst.h sst_payload_len_fn: the lexicons'
 * payloads end themselves). */
int termlist_len(const uint8_t *p, const uint8_t *end, uint32_t ordinal, size_t *len);

#endif
