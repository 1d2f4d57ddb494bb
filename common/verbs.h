/* verbs.h: the opening phrases of resolutions and their lemmas. Operative
 * paragraphs open with a verb in the third person (*Insta*, *Pide*,
 * *Acoge con beneplácito*, *Toma nota*, *Expresa su profunda
 * preocupación*), preambular ones with a gerund, a participle or an
 * adjective (*Recordando*, *Profundamente preocupada por*, *Teniendo
 * presente*, *Consciente de*). The table maps each of these forms to one
 * lemma, so verb:instar, verb:insta and verb:Insta are one facet and a
 * clause's opener has one name (--json "verb", --facet verb). The indexer
 * names each clause's opener once, from its analysed words, and stores the
 * lemma in the clause's record (format.h CLREC_LEMMA); queries read it
 * there and use the table for verb: and plain words that are forms.
 *
 * Forms are case- and accent-folded words (text_fold) separated by single
 * spaces; lemmas are written as a reader says them, with accents. Every
 * string is static: callers never free them. */
#ifndef UNSEARCH_VERBS_H
#define UNSEARCH_VERBS_H

#include <stddef.h>
#include <stdint.h>


#define VERBS_MAX_FORMS 6   /* forms of one lemma */
#define VERBS_MAX_WORDS 5   /* words of the longest form */

struct verb_entry {
	const char *lemma;                  /* "acoger con beneplácito" */
	const char *forms[VERBS_MAX_FORMS]; /* folded; NULL-terminated if fewer */
};

#define VERBS_MAX_TABLE 192 /* forms in the whole table, at most */

/* Every form of the table in byte order, so that an opener's forms are
 * found by binary search: the table walked form by form was half of
 * finding a clause's lemma (callgrind), which the indexer finds for every
 * clause with an opening verb. Filled by verbs_index_init; it owns nothing (the strings
 * are the table's) and is read-only after, so threads may share it. */
struct verbs_index {
	struct verb_form {
		const char *form;
		const struct verb_entry *entry;
	} v[VERBS_MAX_TABLE];
	size_t n;
	/* first[c]: the first form whose first byte is c or above (n: none),
	 * c from 0 to 256 */
	uint8_t first[257];
};

void verbs_index_init(struct verbs_index *vi);
/* The entry that the folded phrase (words separated by single spaces)
 * names: its lemma folded, or one of its forms ("instar", "insta",
 * "acoger con beneplacito"). NULL if none. */
const struct verb_entry *verbs_find(const struct verbs_index *vi, const char *folded,
                                    size_t len);
/* The entry of a one-word lemma that has this one folded word as a form
 * ("instar", "instando" -> instar; "nota" -> NULL): a plain query word
 * that is such a form matches the lemma's other one-word forms too. */
const struct verb_entry *verbs_find_word(const struct verbs_index *vi, const char *folded,
                                         size_t len);
/* The lemma of an opener: words[0..n) are the folded words of a clause
 * from its opening verb on; the longest form they begin with names it.
 * NULL when no form matches. */
const char *verbs_lemma(const struct verbs_index *vi, const char *const *words,
                        size_t n);

#endif
