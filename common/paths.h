/* paths.h: where the index lives when no -i/--index is given, the same for
 * unindex and unsearch: $UNSEARCH_INDEX, else $XDG_DATA_HOME/unsearch,
 * else $HOME/.local/share/unsearch; and where a program's companion files
 * are, beside its own binary. */
#ifndef UNSEARCH_PATHS_H
#define UNSEARCH_PATHS_H

#include <stddef.h>

#include "buf.h"
#include "cli.h"
#include "err.h"

/* Append the default index directory to out. ERR_NOTFOUND when neither
 * variable nor HOME is set. */
int index_default_dir(struct buf *out, struct errbuf *eb);

/* The index directories to search (or serve) as one: every -i/--index of
 * option table t in order, else the ':'-separated default above. joined
 * receives them ':'-separated; *dirs (*n of them) point into *store; the
 * caller frees *dirs and *store. ERR_SYNTAX when none is left. */
int paths_index_dirs(const struct cli_option *t, const struct cli_result *r,
                     struct buf *joined, const char ***dirs, size_t *n, char **store,
                     struct errbuf *eb);

/* Write to out (size bytes) the path rel (e.g. "unsearch-serve" or
 * "../lib/unsearch/x.so") taken from the directory of the running
 * program's binary (/proc/self/exe, links resolved): the build tree and an
 * installed package alike keep companions there. ERR_NOTFOUND when the
 * binary cannot be found or the path does not fit. */
int paths_beside_self(const char *rel, char *out, size_t size, struct errbuf *eb);

#endif
