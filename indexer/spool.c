/* spool.c: temporary-file-backed section buffers (see spool.h). */
#include "spool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "xalloc.h"

#define SPOOL_IO_BUFFER (1u << 16)

int spool_open(struct spool *s, const char *path, struct errbuf *eb)
{
	memset(s, 0, sizeof *s);
	s->f = fopen(path, "w+b");
	if (!s->f)
		return errbuf_set(eb, ERR_IO, "create %s: %s", path, strerror(errno));
	/* A buffer of our own: given none, glibc's setvbuf keeps its 4 KiB
	 * default whatever the size asked, and the spools of a build of the
	 * generated 10 MiB corpus went out in 1,531 writes of 4 KiB; 123
	 * writes now. 64 KiB, not more: 1 MiB for each of the four spools
	 * raised the build's peak RSS by 4 MB for no time measured. */
	s->io_buf = xmalloc(SPOOL_IO_BUFFER);
	setvbuf(s->f, s->io_buf, _IOFBF, SPOOL_IO_BUFFER);
	s->path = xstrdup(path);
	s->crc = (uint32_t)crc32(0L, Z_NULL, 0);
	return 0;
}

int spool_write(struct spool *s, const void *p, size_t n, struct errbuf *eb)
{
	if (!n) /* zlib's crc32 of a NULL buffer is its initial value, 0 */
		return 0;
	if (fwrite(p, 1, n, s->f) != n)
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
	off_t at = 0;
	int rc = 0;

	if (fflush(s->f))
		return errbuf_set(eb, ERR_IO, "read back %s: %s", s->path, strerror(errno));
	/* Copied by the kernel, page cache to page cache, where it can: the
	 * bytes no longer pass through this process twice. Writing the 65 MB
	 * segment of a 100 MiB build, the last thing the build does, took
	 * 24-27 ms rather than 32-44 ms before its fsync (strace timestamps,
	 * 3 runs each). What the kernel cannot copy (an older kernel, another
	 * file system) is read and written below. */
	while (left) {
		ssize_t got = copy_file_range(fileno(s->f), &at, fd, NULL, (size_t)left, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		left -= (uint64_t)got;
	}
	if (!left)
		return 0;
	if (fseeko(s->f, at, SEEK_SET))
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
	free(s->io_buf);
	if (s->path) {
		unlink(s->path);
		free(s->path);
	}
	memset(s, 0, sizeof *s);
}
