/* walk.h: the folder walk of unindex: which files under the given paths get
 * indexed, in a deterministic order.
 *
 * Rules:
 *   - a path naming a regular file is visited whatever its extension;
 *   - a directory is walked recursively; its regular files ending in ".txt",
 *     ".md", ".pdf", ".docx" or ".doc" (ASCII case-insensitive, non-empty
 *     stem) are visited, other regular files are counted as skipped and
 *     reported to on_skip;
 *   - the entries of each directory are visited in strcmp order of their
 *     names, so the same tree always gives the same sequence;
 *   - symbolic links are followed; a directory reached a second time (a link
 *     loop, or a second link to the same directory) is not entered again and
 *     gives a warning;
 *   - missing paths, dangling links, unreadable directories and non-regular
 *     files (FIFOs, sockets, devices) give a warning and are skipped: they
 *     never stop the walk.
 * Files are not opened: reading them is the indexer's job (readfile.h). */
#ifndef UNSEARCH_WALK_H
#define UNSEARCH_WALK_H

#include <stddef.h>
#include <sys/stat.h>

#include "err.h"

/* Called once per visited file with its path (the given path, or a
 * directory path joined with "/" and the entry name), its stat (links
 * followed) and whether the path itself is a symbolic link. Both are only
 * valid during the call. Return 0 to go on or a
 * negative enum err to stop the walk; walk_paths then returns that code and
 * leaves the message to the callback (pass an errbuf through ctx). */
typedef int (*walk_file_fn)(void *ctx, const char *path, const struct stat *st,
                            int is_link);

/* Called once per regular file of a directory that is not visited for its
 * extension. path is only valid during the call. */
typedef void (*walk_skip_fn)(void *ctx, const char *path);

/* Called once per warning: path names what was skipped, message says why
 * (no path in it, no trailing newline). Valid only during the call. */
typedef void (*walk_warn_fn)(void *ctx, const char *path, const char *message);

struct walk_stats {
	size_t files;    /* on_file calls */
	size_t skipped;  /* regular files in a directory without an indexed extension */
	size_t warnings; /* on_warn calls */
};

/* Walk the n paths in the order given; threaded, a helper thread lstats
 * half of each large directory's entries (the visits, their order and
 * every callback stay on the calling thread, the same as unthreaded).
 * on_skip and on_warn may be NULL (warnings are
 * still counted); stats may be NULL, and is zeroed first otherwise.
 * Returns 0, or the negative code an on_file call returned. The walk itself
 * has no failures of its own beyond warnings; eb is reserved for them and
 * left untouched today. */
int walk_paths(char *const *paths, size_t n, int threaded, walk_file_fn on_file,
               walk_skip_fn on_skip, walk_warn_fn on_warn, void *ctx, struct walk_stats *stats,
               struct errbuf *eb);

/* Whether a file name has an extension the directory walk indexes. */
int walk_is_indexable(const char *name);

#endif
