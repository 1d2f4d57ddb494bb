/* readahead.h: the files a build is about to read, asked of the kernel
 * ahead of the reading.
 *
 * The main thread reads each file when it comes to it; a file not in the
 * page cache stops it on the disk (a build of the generated 100 MiB corpus
 * took 3.4-3.5 s wall from a cold cache against 2.9-3.0 s warm, and this
 * machine's host drops the page cache within a minute). A thread of its
 * own opens the next files and advises POSIX_FADV_WILLNEED, which starts
 * their reading and returns, staying at most READAHEAD_BYTES ahead of the
 * reader, so the disk works while the build parses. Advice only: what a
 * build reads and writes is the same with it or without it, and a file
 * that cannot be opened here is the reader's to report. */
#ifndef UNSEARCH_READAHEAD_H
#define UNSEARCH_READAHEAD_H

#include <stddef.h>
#include <stdint.h>

/* How far ahead of the reader, in bytes of files, the advice runs. */
#define READAHEAD_BYTES ((uint64_t)8 << 20)

struct readahead;

/* Advise paths[0..n) (sizes[i] bytes each) in order from a thread of its
 * own. The arrays are the caller's and must outlive readahead_stop.
 * NULL when no thread can be had (the build then reads without advice). */
struct readahead *readahead_start(const char *const *paths, const uint64_t *sizes,
                                  size_t n);
/* The reader is at file i (ascending): the advice may run on to the
 * files within READAHEAD_BYTES past it, once fewer than half of that are
 * advised ahead of it. NULL ra is a no-op. */
void readahead_at(struct readahead *ra, size_t i);
/* How many files have been advised so far (for tests). */
size_t readahead_advised(struct readahead *ra);
/* Stop the thread (after the file it is advising) and free ra; NULL is a
 * no-op. */
void readahead_stop(struct readahead *ra);

#endif
