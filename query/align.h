/* align.h: how two versions of a text relate, word by word and clause by
 * clause, for lineage (--history, --diff). Pure functions on byte strings:
 * no index, no output.
 *
 * Words are runs of bytes between white space, compared exactly
 * (punctuation stays on its word, so "diciembre," and "diciembre" differ).
 * The similarity of two texts is 2 * LCS / (words of a + words of b), the
 * share of words that survive in order: 1 for equal texts, about 0.8 for a
 * 15-word clause with 3 words edited, near 0.2 for unrelated clauses of the
 * same vocabulary. Clauses are aligned by similarity alone, never by
 * label, so inserted and renumbered paragraphs do not mislead it. */
#ifndef UNSEARCH_ALIGN_H
#define UNSEARCH_ALIGN_H

#include <stddef.h>

/* Counterparts below this similarity are different clauses. */
#define ALIGN_MIN_SIMILARITY 0.5
/* Texts longer than this many words are compared as bags of words only
 * (their similarity is then an upper bound) and diffed as a whole. */
#define ALIGN_MAX_WORDS 3000

enum span_op { SPAN_SAME, SPAN_ADDED, SPAN_REMOVED };

/* A run of words: same (bytes of the new text), added (new text) or
 * removed (old text); start..end covers whole words and the white space
 * between them, not around them. */
struct word_span {
	enum span_op op;
	size_t start, end;
};

/* The word diff of old -> new: spans in reading order (removed before
 * added where both replace the same place), consecutive words of one op
 * merged. *spans is allocated (caller frees); *n may be 0. Returns the
 * similarity of the two texts. */
double align_word_diff(const char *old, size_t old_len, const char *new_text,
                       size_t new_len, struct word_span **spans, size_t *n);

/* The similarity of two texts (see above). */
double align_similarity(const char *a, size_t a_len, const char *b, size_t b_len);

/* One clause to align: its text and a group (clause kind): clauses of
 * different groups are never counterparts. */
struct align_item {
	const char *text;
	size_t len;
	int group;
};

/* Align a[0..na) with b[0..nb): each a[i] gets at most one b[j] and the
 * other way round, the most similar pairs first (ties: the pair whose
 * relative positions are closest), none below ALIGN_MIN_SIMILARITY.
 * a_to_b[i] / b_to_a[j] receive the counterpart's index or -1, sim[i] the
 * similarity of a[i]'s pair (0 if none); arrays sized na, nb, na. */
void align_clauses(const struct align_item *a, size_t na, const struct align_item *b,
                   size_t nb, long *a_to_b, long *b_to_a, double *sim);

#endif
