/* lock.c: flock-based index lock (see lock.h). */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "buf.h"
#include "format.h"

int index_lock_acquire(const char *dir, int *fd, struct errbuf *eb)
{
	struct buf path = BUF_INIT;
	char pid[32] = "";
	int lfd, rc = 0, n;

	buf_printf(&path, "%s/%s", dir, LOCK_NAME);
	lfd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (lfd < 0) {
		rc = errbuf_set(eb, ERR_IO, "cannot lock %s: %s", path.data,
		                strerror(errno));
		goto out;
	}
	if (flock(lfd, LOCK_EX | LOCK_NB)) {
		int e = errno;
		ssize_t got = pread(lfd, pid, sizeof pid - 1, 0);
		pid[got > 0 ? got : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		close(lfd);
		/* The pid is the last unindex's; trust it only if it still runs
		 * (another tool may hold the lock without writing one). */
		long holder = atol(pid);
		if (e == EWOULDBLOCK && holder > 0 && kill((pid_t)holder, 0) == 0)
			rc = errbuf_set(eb, ERR_LOCKED,
			                "index %s is locked by process %ld (another unindex is running)",
			                dir, holder);
		else if (e == EWOULDBLOCK)
			rc = errbuf_set(eb, ERR_LOCKED,
			                "index %s is locked by another process (see %s)",
			                dir, path.data);
		else
			rc = errbuf_set(eb, ERR_IO, "cannot lock %s: %s", path.data,
			                strerror(e));
		goto out;
	}
	n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(lfd, 0) || pwrite(lfd, pid, (size_t)n, 0) != n) {
		rc = errbuf_set(eb, ERR_IO, "write %s: %s", path.data, strerror(errno));
		close(lfd);
		goto out;
	}
	*fd = lfd;
out:
	buf_release(&path);
	return rc;
}

void index_lock_release(int fd)
{
	if (fd >= 0)
		close(fd); /* closing the descriptor drops the flock */
}
