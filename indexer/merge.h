/* merge.h: merging the sorted run files of postings.h into the segment:
 * terms in byte order, and for a term present in several runs its postings
 * run by run (runs hold ascending, disjoint clause ranges, so concatenation
 * in run order keeps clause ids ascending). */
#ifndef UNSEARCH_MERGE_H
#define UNSEARCH_MERGE_H

#include <stddef.h>

#include "err.h"
#include "segment.h"

/* Stream the runs at paths (in the order written) into sw through
 * segment_term_begin/add/end. Run files are mapped read-only and left in
 * place (postings_free removes them). */
int merge_runs(const char *const *paths, size_t n_runs,
               struct segment_writer *sw, struct errbuf *eb);

#endif
