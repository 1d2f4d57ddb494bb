/* docqueue.h: the analysis stage of indexing, on a thread of its own.
 *
 * The indexer reads and parses a document (or, merging, gathers a stored
 * document's clause texts), pushes it here, and takes
 * documents back, oldest first, once their clauses are analysed (tokens
 * with their terms, the opening verb's position and lemma, the citations). One
 * thread analyses the documents in the order they were pushed with the one
 * analyzer, so word ids, and everything built from them, are exactly what
 * analysing them inline would give: the index is byte for byte the same
 * with the thread or without it. While the thread analyses one document,
 * the caller parses the next and inverts the last.
 *
 * Memory: the queue holds at most DOCQUEUE_MAX_DOCS documents and, past
 * the first, DOCQUEUE_MAX_TEXT bytes of their text; docqueue_next waits for
 * the oldest while the queue is over either bound. */
#ifndef UNSEARCH_DOCQUEUE_H
#define UNSEARCH_DOCQUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "analyzer.h"
#include "cite.h"
#include "resparse.h"
#include "verbs.h"

#define DOCQUEUE_MAX_DOCS 32
#define DOCQUEUE_MAX_TEXT (1u << 20)

/* One token of an analysed clause. term points into the analyzer's arena
 * (valid until analyzer_free). start and len: its bytes in the clause's
 * text, for the word code of stored text (a hint, wordcode.h), which
 * then need not look the word up; 0 and 0 for a word past 64 KiB into
 * it. */
struct analysed_token {
	const char *term;
	uint32_t term_len;
	uint32_t word_id;
	uint32_t position;
	uint16_t start, len;
};

/* What the analysis gives for clause i of a document: its tokens
 * toks[first_tok .. first_tok + n_toks), its citations
 * cites[first_cite .. first_cite + n_cites). */
struct analysed_clause {
	size_t first_tok, n_toks;
	size_t first_cite, n_cites;
	uint32_t verb_pos;  /* position of the opening verb, NO_POSITION if none */
	const char *verb_lemma; /* its phrase's lemma (verbs.h, static), NULL: none */
};

/* A document and its analysis. The caller fills res and tag before
 * docqueue_push; docqueue_next hands back the whole of it, to release with
 * analysed_doc_release. */
struct analysed_doc {
	struct resolution res;   /* owned */
	const void *tag;         /* the caller's, handed back as it was */
	struct analysed_clause *clauses; /* res.n_clauses of them */
	struct analysed_token *toks;
	size_t n_toks, toks_cap;
	struct citation *cites;
	size_t n_cites, cites_cap;
};

void analysed_doc_release(struct analysed_doc *d); /* and zeroes it */

struct doc_queue;

/* an is used by the queue alone (by its thread, when threaded) until
 * docqueue_free; the caller keeps ownership. threaded 0: each document is
 * analysed inside docqueue_push. */
struct doc_queue *docqueue_new(struct analyzer *an, int threaded);

/* Take *doc over (it is zeroed); never waits. */
void docqueue_push(struct doc_queue *q, struct analysed_doc *doc);

/* The oldest document into *out, once analysed: 1, or 0 when there is none
 * to give now. It waits for the oldest when flush is set or the queue is
 * over its bounds, so after it returns 0 with flush set the queue is empty
 * and the analyzer idle. */
int docqueue_next(struct doc_queue *q, int flush, struct analysed_doc *out);

/* Stop the thread (after the document it is analysing) and release every
 * document still queued, but not their tags (take the documents out with
 * docqueue_next first when the tags own memory). NULL is a no-op. */
void docqueue_free(struct doc_queue *q);

#endif
