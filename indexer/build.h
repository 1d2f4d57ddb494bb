/* build.h: one unindex run: walk the paths, parse and analyse every file,
 * accumulate postings under the memory budget, merge, and commit a new
 * segment and manifest to the index directory atomically. */
#ifndef UNSEARCH_BUILD_H
#define UNSEARCH_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "resparse.h"

/* Files read whole (not streamed) larger than this are skipped with a
 * warning. */
#define BUILD_MAX_FILE_BYTES ((size_t)1 << 30)

struct build_progress {
	size_t files_done, files_total;
	uint64_t bytes_done, bytes_total;
	double seconds;
};

/* A warning or a notice (resparse.h) about an input: path, 1-based line
 * (0 = the whole file). */
typedef void (*build_warn_fn)(void *ctx, enum resparse_level level,
                              const char *path, uint32_t line,
                              const char *message);
typedef void (*build_progress_fn)(void *ctx, const struct build_progress *p);

struct build_config {
	const char *index_dir;
	char *const *paths;
	size_t n_paths;
	size_t memory_budget;          /* bytes of in-memory postings */
	const char *export_path;       /* clause export (JSON Lines), or NULL */
	build_warn_fn warn;            /* may be NULL */
	build_progress_fn progress;    /* may be NULL; called a few times a second */
	void *ctx;                     /* passed to warn and progress */
};

struct build_summary {
	size_t files, skipped_ext, warnings, notices, resolutions, runs;
	size_t plain_documents; /* documents that are not resolutions */
	uint64_t clauses, tokens, bytes_read, index_bytes;
	double seconds;
};

/* Returns 0 (warnings are counted in summary->warnings), or the error that
 * stopped the build (the previous index is then left as it was). */
int build_index(const struct build_config *cfg, struct build_summary *summary,
                struct errbuf *eb);

#endif
