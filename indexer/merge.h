/* merge.h: merging the sorted runs of postings.h into the segment:
 * terms in byte order, and for a term present in several runs its postings
 * run by run (runs hold ascending, disjoint clause ranges, so concatenation
 * in run order keeps clause ids ascending). */
#ifndef UNSEARCH_MERGE_H
#define UNSEARCH_MERGE_H

#include <stddef.h>

#include "err.h"
#include "postings.h"
#include "segment.h"

/* Stream the run files at paths (in the order written), then the last run
 * last[0..n_last) held in memory, into sw through segment_term_begin/add/
 * end. Run files are mapped read-only and left in place (postings_free
 * removes them). */
int merge_runs(const char *const *paths, size_t n_files,
               const struct postings_entry *last, size_t n_last,
               struct segment_writer *sw, struct errbuf *eb);

#endif
