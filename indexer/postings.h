/* postings.h: in-memory accumulation of positional postings while indexing,
 * flushed to sorted run files when a memory budget is passed.
 *
 * Terms get a dense index (term_idx) the first time they are seen; it stays
 * valid for the whole build. Each clause's tokens are added with
 * postings_add_clause, in increasing clause id order. A term's postings are
 * kept as varints: clause gap (the first of a run from 0), tf, then the tf
 * positions delta-coded from 0. A run file is the terms in byte order, each
 *   varint term_len  term  varint data_len  data
 * written to a temporary file in the index directory; merge.h reads them
 * back. The last run stays in memory, the same terms and bytes without the
 * file, and is merged like the others, so one code path builds the segment
 * whether the corpus took one run or fifty, and the segment is the same
 * either way. */
#ifndef UNSEARCH_POSTINGS_H
#define UNSEARCH_POSTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct postings;

/* One token of a clause, as the indexer hands it over. */
struct posting_token {
	uint32_t term_idx;
	uint32_t position;
};

/* Run files are written as <run_prefix><n>.tmp. */
struct postings *postings_new(const char *run_prefix, size_t memory_budget);
void postings_free(struct postings *p); /* removes its run files */

/* The term_idx of term, adding it if new. The term string is copied. */
uint32_t postings_term(struct postings *p, const char *term, size_t len);
/* Term string of a term_idx; valid until postings_free or the next
 * postings_term that adds a term. */
const char *postings_term_string(const struct postings *p, uint32_t term_idx,
                                 size_t *len);
uint32_t postings_term_count(const struct postings *p);

/* Add one clause's tokens, in position order. Flushes a run when the
 * budget is passed; ERR_IO if that fails. */
int postings_add_clause(struct postings *p, uint32_t clause_id,
                        struct posting_token *toks, size_t n,
                        struct errbuf *eb);
/* One term of the last run, which stays in memory: the run file's
 * term and data without the file. */
struct postings_entry {
	const char *term;
	const uint8_t *data;
	size_t term_len, data_len;
};

/* Sort what is in memory as the last run, *n_last entries in term order
 * at *last (owned by p, valid until postings_free). Then the runs are
 * complete: the files before it, and it. Kept in memory rather than
 * written and mapped back: the generated 100 MiB corpus is one run of
 * 41 MB, and its merge on the generated 10 MiB corpus took 17.5 M (7%)
 * more instructions on the main thread (callgrind) besides the kernel's
 * writing, faulting in and truncating. Its lists stay in memory until the
 * segment is written (peak RSS at 100 MiB 129 MB rather than 116 MB; they
 * are within --memory). */
void postings_finish(struct postings *p, const struct postings_entry **last,
                     size_t *n_last);

/* The run files written before postings_finish (the budget was passed). */
size_t postings_run_count(const struct postings *p);
const char *postings_run_path(const struct postings *p, size_t i);

#endif
