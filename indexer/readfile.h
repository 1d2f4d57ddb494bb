/* readfile.h: opening one input file safely, and reading it whole into
 * memory with a size cap. */
#ifndef UNSEARCH_READFILE_H
#define UNSEARCH_READFILE_H

#include <stddef.h>

#include <sys/stat.h>

#include "err.h"

/* Open path for reading if it is a regular file (a FIFO is refused
 * without blocking, a directory or device with a message). Returns 0 with
 * the descriptor in *fd (the caller closes it) and its status in *st, or
 * ERR_IO with "PATH: why" (*fd is then -1). */
int file_open_regular(const char *path, int *fd, struct stat *st,
                      struct errbuf *eb);

/* Read the whole regular file at path. On success *data holds *len bytes
 * followed by a NUL (not counted in *len; *data is never NULL, even for an
 * empty file) and the caller frees *data. Fails with ERR_LIMIT if the file
 * holds more than max_bytes bytes, and with ERR_IO (message "PATH: why")
 * if it cannot be opened or read or is not a regular file; a FIFO is
 * refused without blocking. On failure *data is NULL and *len 0. */
int file_read_all(const char *path, size_t max_bytes, char **data,
                  size_t *len, struct errbuf *eb);

#endif
