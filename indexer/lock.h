/* lock.h: the index lock that keeps two indexers off one index directory.
 * It is an flock(2) on INDEX/LOCK, so the kernel drops it when its holder
 * dies, however it dies: a stale LOCK file never blocks anyone. The file
 * holds the holder's pid, for the message the second indexer prints. */
#ifndef UNSEARCH_LOCK_H
#define UNSEARCH_LOCK_H

#include "err.h"

/* Take the lock of index dir (which must exist). Returns 0 and the lock's
 * descriptor in *fd (pass to index_lock_release), ERR_LOCKED naming the
 * holder's pid, or ERR_IO. */
int index_lock_acquire(const char *dir, int *fd, struct errbuf *eb);
void index_lock_release(int fd);

#endif
