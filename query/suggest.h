/* suggest.h: did-you-mean. A query word that matches nothing gets the
 * folded words of the index within SUGGEST_MAX_DISTANCE edits of it
 * (optimal string alignment distance on folded bytes: insertions,
 * deletions, substitutions and transpositions of neighbours), ranked by
 * frequency (the largest df of the word's terms), then distance, then
 * byte order, as Xapian's spelling correction ranks its candidates.
 * The corrected query replaces each such word, where the user typed it,
 * by its best suggestion ("tortrua" -> "tortura"). */
#ifndef UNSEARCH_SUGGEST_H
#define UNSEARCH_SUGGEST_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "index.h"
#include "plan.h"

#define SUGGEST_MAX_DISTANCE 2
#define SUGGEST_MAX 3 /* suggestions kept per word */

struct suggestion {
	char *word;     /* folded, owned */
	uint32_t df;
	int distance;
};

/* The best (at most SUGGEST_MAX) suggestions for the folded word, best
 * first; *out is allocated (free with suggest_free), *n may be 0. */
int suggest_words(struct index *ix, const char *folded, size_t len,
                  struct suggestion **out, size_t *n, struct errbuf *eb);
void suggest_free(struct suggestion *s, size_t n); /* NULL is a no-op */

/* The optimal string alignment distance of a typed word a to candidates,
 * or max + 1 when it is larger than max. Asked in byte order, as the
 * lexicon is walked, a candidate costs only its bytes past the prefix it
 * shares with the one before (any order gives the same distances). When
 * the distance is past max, *hopeless is the length of a prefix of b
 * whose every extension is past max too, or 0 if none is known. max is
 * below 255; the table keeps a (not a copy); free it with free(). */
struct suggest_table;
struct suggest_table *suggest_table_new(const char *a, size_t la, int max);
int suggest_table_distance(struct suggest_table *t, const char *b, size_t lb,
                           size_t *hopeless);

/* The query with each of the plan's words that match nothing
 * (plan_unknown_words) replaced by its best suggestion, into out (reset
 * first); out stays empty when no word has a suggestion. */
int suggest_query(struct index *ix, const struct query_plan *plan,
                  const char *query, struct buf *out, struct errbuf *eb);

#endif
