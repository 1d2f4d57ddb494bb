/* spool.c: temporary-file-backed section buffers (see spool.h). */
#include "spool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "xalloc.h"

#define SPOOL_IO_BUFFER (1u << 20)

int spool_open(struct spool *s, const char *path, struct errbuf *eb)
{
	memset(s, 0, sizeof *s);
	s->f = fopen(path, "w+b");
	if (!s->f)
		return errbuf_set(eb, ERR_IO, "create %s: %s", path, strerror(errno));
	setvbuf(s->f, NULL, _IOFBF, SPOOL_IO_BUFFER);
	s->path = xstrdup(path);
	s->crc = (uint32_t)crc32(0L, Z_NULL, 0);
	return 0;
}

int spool_write(struct spool *s, const void *p, size_t n, struct errbuf *eb)
{
	if (n && fwrite(p, 1, n, s->f) != n)
		return errbuf_set(eb, ERR_IO, "write %s: %s", s->path, strerror(errno));
	s->crc = (uint32_t)crc32(s->crc, p, (uInt)n);
	s->len += n;
	return 0;
}

int fd_write_all(int fd, const void *p, size_t n, const char *path,
                 struct errbuf *eb)
{
	const char *q = p;

	while (n) {
		ssize_t w = write(fd, q, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return errbuf_set(eb, ERR_IO, "write %s: %s", path,
			                  w < 0 ? strerror(errno) : "no progress");
		q += w;
		n -= (size_t)w;
	}
	return 0;
}

int spool_copy_to(struct spool *s, int fd, struct errbuf *eb)
{
	char *chunk;
	uint64_t left = s->len;
	int rc = 0;

	if (fflush(s->f) || fseek(s->f, 0, SEEK_SET))
		return errbuf_set(eb, ERR_IO, "read back %s: %s", s->path, strerror(errno));
	chunk = xmalloc(SPOOL_IO_BUFFER);
	while (left && !rc) {
		size_t want = left < SPOOL_IO_BUFFER ? (size_t)left : SPOOL_IO_BUFFER;
		if (fread(chunk, 1, want, s->f) != want) {
			rc = errbuf_set(eb, ERR_IO, "read back %s: %s", s->path,
			                ferror(s->f) ? strerror(errno) : "short file");
			break;
		}
		rc = fd_write_all(fd, chunk, want, "segment", eb);
		left -= want;
	}
	free(chunk);
	return rc;
}

void spool_close(struct spool *s)
{
	if (s->f)
		fclose(s->f);
	if (s->path) {
		unlink(s->path);
		free(s->path);
	}
	memset(s, 0, sizeof *s);
}
