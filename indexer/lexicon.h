/* lexicon.h: a segment's FOLDED and KEYS lexicons (format.h SEC_FOLDED,
 * SEC_KEYS): which terms each folded word and each accent-free key of the
 * analyzer's vocabulary stands for, found by the words a query is typed
 * with. */
#ifndef UNSEARCH_LEXICON_H
#define UNSEARCH_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "analyzer.h"
#include "err.h"
#include "postings.h"
#include "segment.h"

/* Add both lexicons of the segment sw is writing: every word of an's
 * vocabulary that a clause of it holds, word_term[word id] its term's
 * index in post (UINT32_MAX, or an id past n_word_term: in no clause),
 * the term ids being the terms' ranks in byte order (as SEC_TERMS numbers
 * them). Reads post and an only, so it may run while post's runs are
 * merged into sw. 0 or a negative code with eb set. */
int lexicon_build(const struct postings *post, const struct analyzer *an,
                  const uint32_t *word_term, size_t n_word_term,
                  struct segment_writer *sw, struct errbuf *eb);

#endif
