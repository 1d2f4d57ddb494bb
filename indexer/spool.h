/* spool.h: an append-only temporary file that accumulates one section of a
 * segment too large to keep in memory (postings, positions, clause records,
 * compressed text), with its length and CRC32 kept as it grows. */
#ifndef UNSEARCH_SPOOL_H
#define UNSEARCH_SPOOL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

struct spool {
	FILE *f;
	char *io_buf;   /* f's buffer, owned (freed after f is closed) */
	char *path;     /* owned; the file is removed by spool_close */
	uint64_t len;   /* bytes appended */
	uint32_t crc;   /* CRC32 of those bytes */
};

int spool_open(struct spool *s, const char *path, struct errbuf *eb);
int spool_write(struct spool *s, const void *p, size_t n, struct errbuf *eb);
/* Append the spool's whole content to fd. */
int spool_copy_to(struct spool *s, int fd, struct errbuf *eb);
/* Close and remove the file; safe on a zeroed or closed spool. */
void spool_close(struct spool *s);

/* write(2) all n bytes, retrying on EINTR and short writes. */
int fd_write_all(int fd, const void *p, size_t n, const char *path,
                 struct errbuf *eb);

#endif
