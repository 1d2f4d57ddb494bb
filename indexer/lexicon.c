/* lexicon.c: the FOLDED and KEYS lexicons of a segment (see lexicon.h). */
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "strsort.h"
#include "xalloc.h"

/* The term id of each of p's terms (by index): its rank in byte order;
 * the inverse (the term of each id) in *by_id. The caller frees both. */
static uint32_t *term_ranks(const struct postings *p, uint32_t **by_id)
{
	uint32_t n = postings_term_count(p);
	struct strsort_item *r = xmalloc((n ? n : 1) * sizeof *r);
	uint32_t *ids = xmalloc((n ? n : 1) * sizeof *ids);

	for (uint32_t i = 0; i < n; i++) {
		size_t len;
		const char *s = postings_term_string(p, i, &len);
		r[i] = strsort_item(s, len, i);
	}
	strsort(r, n);
	*by_id = xmalloc((n ? n : 1) * sizeof **by_id);
	for (uint32_t i = 0; i < n; i++) {
		ids[r[i].idx] = i;
		(*by_id)[i] = r[i].idx;
	}
	free(r);
	return ids;
}

/* Write a lexicon from its (string, term id) pairs, one per vocabulary
 * word (sorted here): each string once, with its ids ascending and
 * unique. With terms (the segment's terms, by_id[i] the one of id i: the
 * KEYS lexicon), a key whose only term has the key's own bytes is left
 * out, for a reader finds it in TERMS, and a term that is no key gets an
 * entry with no ids, so that a reader does not (format.h SEC_KEYS). */
static int lexicon_write(struct strsort_item *v, size_t n,
                         const struct postings *terms, const uint32_t *by_id,
                         struct segment_writer *sw, enum segment_lexicon which,
                         struct errbuf *eb)
{
	uint32_t *ids = xmalloc((n ? n : 1) * sizeof *ids);
	uint32_t t = 0, n_terms = terms ? postings_term_count(terms) : 0;
	int rc = 0;

	strsort(v, n);
	for (size_t i = 0, j = 0; (i < n || t < n_terms) && !rc; i = j) {
		size_t n_ids = 0, len = 0;
		const char *term = t < n_terms ? postings_term_string(terms, by_id[t], &len) : NULL;
		int cmp = i == n ? 1 : t == n_terms ? -1 : bytes_cmp(v[i].s, v[i].len, term, len);
		if (cmp > 0) { /* a term no word has as its key */
			rc = segment_lexicon_add(sw, which, term, len, NULL, 0, eb);
			t++;
			continue;
		}
		for (j = i; j < n && v[j].len == v[i].len &&
		            memcmp(v[j].s, v[i].s, v[i].len) == 0; j++)
			if (!n_ids || ids[n_ids - 1] != v[j].idx)
				ids[n_ids++] = v[j].idx;
		int own = cmp == 0 && n_ids == 1 && ids[0] == t;
		t += cmp == 0;
		if (own)
			continue; /* the key is its term's own bytes */
		rc = segment_lexicon_add(sw, which, v[i].s, v[i].len, ids, n_ids, eb);
	}
	free(ids);
	return rc;
}

int lexicon_build(const struct postings *post, const struct analyzer *an,
                  const uint32_t *word_term, size_t n_word_term,
                  struct segment_writer *sw, struct errbuf *eb)
{
	size_t n = analyzer_vocab_count(an), n_words = 0;
	struct strsort_item *folded = xmalloc((n ? n : 1) * sizeof *folded);
	struct strsort_item *keys = xmalloc((n ? n : 1) * sizeof *keys);
	uint32_t *by_id, *term_ids = term_ranks(post, &by_id);
	int rc;

	for (size_t i = 0; i < n; i++) {
		struct token t;
		if (i >= n_word_term || word_term[i] == UINT32_MAX)
			continue; /* a word the analyzer saw outside any clause */
		analyzer_vocab_entry(an, i, &t);
		uint32_t id = term_ids[word_term[i]];
		folded[n_words] = strsort_item(t.folded, t.folded_len, id);
		keys[n_words++] = strsort_item(t.key, t.key_len, id);
	}
	rc = lexicon_write(folded, n_words, NULL, NULL, sw, LEXICON_FOLDED, eb);
	if (!rc)
		rc = lexicon_write(keys, n_words, post, by_id, sw, LEXICON_KEYS, eb);
	free(folded);
	free(keys);
	free(term_ids);
	free(by_id);
	return rc;
}
