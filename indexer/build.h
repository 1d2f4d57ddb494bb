/* build.h: one unindex run: bring the index up to date with its roots.
 * The roots (the paths given now and at earlier runs, kept in the
 * MANIFEST) are walked; files not in the index are new, files whose size or
 * mtime changed and whose content hash differs are changed, indexed
 * documents whose file is gone are removed, the rest are not read. New and
 * changed files are parsed and analysed into one new segment (postings
 * accumulated under the memory budget); replaced and removed documents are
 * marked deleted in their segments; one MANIFEST rename commits it all.
 * Then the merge policy merges segments (each merge its own commit). */
#ifndef UNSEARCH_BUILD_H
#define UNSEARCH_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "extract.h"
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

/* Why a file was not indexed. */
enum build_skip {
	SKIP_EXTENSION,   /* in a folder, with an extension that is not indexed */
	SKIP_BINARY,      /* text with a NUL byte early on */
	SKIP_EMPTY,       /* nothing but white space (a document with no text) */
	SKIP_UNREADABLE,  /* cannot be opened or read, or a damaged PDF/DOCX/DOC */
	SKIP_FILTER,      /* the filter program for its format is not installed */
	SKIP_TOO_LARGE,   /* over BUILD_MAX_FILE_BYTES */
	SKIP_REASON_COUNT
};

/* A file not indexed, and why (the warning, if any, went to warn first). */
typedef void (*build_skip_fn)(void *ctx, const char *path, enum build_skip why);

struct build_config {
	const char *index_dir;
	char *const *paths;            /* roots to add (or to forget) */
	size_t n_paths;
	int forget;                    /* remove paths from the roots instead */
	int rebuild;                   /* ignore the index's segments: re-read all */
	int status;                    /* only compare disk and index; change nothing */
	int optimize;                  /* merge every segment into one */
	int no_merge;                  /* run no merge of the policy this time */
	size_t memory_budget;          /* bytes of in-memory postings */
	/* 1: everything on the calling thread (UNSEARCH_THREADS=1); else
	 * analysis and stored-text compression run on threads of their own.
	 * The index is byte for byte the same. */
	int threads;
	/* The heap on huge pages (heap_use_huge_pages: its start, and the
	 * bytes asked for), or NULL: a large build faults in what it is
	 * expected to use on a thread of its own (heap_prefault_start). */
	void *heap;
	size_t heap_bytes;
	const char *export_path;       /* clause export (JSON Lines), or NULL */
	build_warn_fn warn;            /* may be NULL */
	build_progress_fn progress;    /* may be NULL */
	double progress_every;         /* seconds at least between progress calls
	                                * (the last always comes) */
	build_skip_fn skip;            /* may be NULL */
	void *ctx;                     /* passed to warn and progress */
};

/* A root with the live documents and clauses under it. */
struct build_root {
	char *path;
	uint32_t docs;
	uint64_t clauses;
};

struct build_summary {
	size_t files, warnings, notices, resolutions, runs;
	size_t plain_documents; /* documents that are not resolutions */
	size_t indexed[EXTRACT_FORMAT_COUNT]; /* files indexed, by format */
	size_t skipped[SKIP_REASON_COUNT];    /* files not indexed, by reason */
	uint64_t clauses, tokens, bytes_read, index_bytes;
	double seconds;
	/* What the update found: files new, changed (re-indexed), removed from
	 * disk, and unchanged (not parsed again). */
	size_t n_new, n_changed, n_removed, n_unchanged;
	size_t merges;                 /* merges the policy (or --optimize) ran */
	int committed;                 /* a new MANIFEST was written */
	/* The index after the run (before it, for --status); the roots'
	 * docs and clauses for --status only. */
	struct build_root *roots;
	size_t n_roots;
	uint32_t segments, live_docs, deleted_docs;
	uint64_t live_clauses, deleted_clauses;
	int64_t last_update;           /* unix seconds, 0 if unknown */
};

/* "extension", "binary", "empty", "unreadable", "filter missing",
 * "too large". */
const char *build_skip_name(enum build_skip why);

/* Append "indexed 2 txt, 1 pdf; skipped 3 (2 extension, 1 binary)" to b:
 * the formats and reasons with a non-zero count ("indexed nothing" when no
 * file was). */
void build_summary_counts(const struct build_summary *s, struct buf *b);

/* Returns 0 (warnings are counted in summary->warnings), or the error that
 * stopped the build (the previous index is then left as it was). Free the
 * summary with build_summary_release. */
int build_index(const struct build_config *cfg, struct build_summary *summary,
                struct errbuf *eb);
void build_summary_release(struct build_summary *summary);

#endif
