/* readahead.c: advice to the kernel ahead of a build's reading (see
 * readahead.h). */
#include "readahead.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "worker.h"
#include "xalloc.h"

/* Once READAHEAD_BYTES are advised ahead of the reader, the thread waits
 * until fewer than this are, then fills the window again: woken at every
 * file the reader passed, it took a third of a 10 MiB build's ~1,000
 * context switches, each woken thread preempting the main one. */
#define READAHEAD_LOW (READAHEAD_BYTES / 2)

/* Guarded by the worker's lock: reader, next, waiting. */
struct readahead {
	struct worker worker;
	const char *const *paths;
	uint64_t *cum; /* cum[i]: the bytes of files 0..i-1 */
	size_t n;
	size_t reader; /* the file the reader is at */
	size_t next;   /* the next file to advise */
	int waiting;   /* the window was full: the thread waits for READAHEAD_LOW */
};

/* 1 if the thread, waiting, may go on: the reader passed next or left
 * fewer than READAHEAD_LOW bytes advised ahead of it. */
static int window_low(const struct readahead *ra)
{
	return ra->next <= ra->reader || ra->cum[ra->next] - ra->cum[ra->reader] < READAHEAD_LOW;
}

/* Open path without waiting on it (a FIFO would), advise its first
 * READAHEAD_BYTES, close it. Failures are left to the reader. */
static void advise(const char *path, uint64_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0)
		return;
	(void)posix_fadvise(fd, 0, (off_t)(size < READAHEAD_BYTES ? size : READAHEAD_BYTES),
	                    POSIX_FADV_WILLNEED);
	close(fd);
}

static void *readahead_thread(void *arg)
{
	struct readahead *ra = arg;

	pthread_mutex_lock(&ra->worker.lock);
	while (!ra->worker.closing) {
		if (ra->next < ra->reader)
			ra->next = ra->reader; /* the reader passed: no advice behind it */
		if (ra->next >= ra->n)
			break;
		if (ra->next > ra->reader &&
		    ra->cum[ra->next] - ra->cum[ra->reader] >= READAHEAD_BYTES)
			ra->waiting = 1;
		if (ra->waiting && !window_low(ra)) {
			pthread_cond_wait(&ra->worker.changed, &ra->worker.lock);
			continue;
		}
		ra->waiting = 0;
		size_t i = ra->next;
		pthread_mutex_unlock(&ra->worker.lock);
		advise(ra->paths[i], ra->cum[i + 1] - ra->cum[i]);
		pthread_mutex_lock(&ra->worker.lock);
		ra->next = i + 1; /* only this thread moves next */
	}
	pthread_mutex_unlock(&ra->worker.lock);
	return NULL;
}

struct readahead *readahead_start(const char *const *paths, const uint64_t *sizes,
                                  size_t n)
{
	struct readahead *ra = xcalloc(1, sizeof *ra);

	ra->paths = paths;
	ra->n = n;
	ra->cum = xmalloc((n + 1) * sizeof *ra->cum);
	ra->cum[0] = 0;
	for (size_t i = 0; i < n; i++)
		ra->cum[i + 1] = ra->cum[i] + sizes[i];
	if (worker_start(&ra->worker, readahead_thread, ra)) {
		free(ra->cum);
		free(ra);
		return NULL;
	}
	return ra;
}

void readahead_at(struct readahead *ra, size_t i)
{
	if (!ra)
		return;
	pthread_mutex_lock(&ra->worker.lock);
	ra->reader = i < ra->n ? i : ra->n;
	if (ra->waiting && window_low(ra))
		pthread_cond_signal(&ra->worker.changed);
	pthread_mutex_unlock(&ra->worker.lock);
}

size_t readahead_advised(struct readahead *ra)
{
	size_t n;

	pthread_mutex_lock(&ra->worker.lock);
	n = ra->next;
	pthread_mutex_unlock(&ra->worker.lock);
	return n;
}

void readahead_stop(struct readahead *ra)
{
	if (!ra)
		return;
	worker_stop(&ra->worker);
	free(ra->cum);
	free(ra);
}
