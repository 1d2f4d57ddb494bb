/* paths.h: where the index lives when no -i/--index is given, the same for
 * unindex and unsearch: $UNSEARCH_INDEX, else $XDG_DATA_HOME/unsearch,
 * else $HOME/.local/share/unsearch. */
#ifndef UNSEARCH_PATHS_H
#define UNSEARCH_PATHS_H

#include "buf.h"
#include "err.h"

/* Append the default index directory to out. ERR_NOTFOUND when neither
 * variable nor HOME is set. */
int index_default_dir(struct buf *out, struct errbuf *eb);

#endif
