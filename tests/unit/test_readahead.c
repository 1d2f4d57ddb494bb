/* test_readahead.c: the advice thread of a build (readahead.c) stays
 * within READAHEAD_BYTES of the reader, never advises behind it, passes
 * over files it cannot open (missing, a FIFO) without waiting, and its
 * advice brings a file evicted from the page cache back into it. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "readahead.h"

#define MIB ((uint64_t)1 << 20)

static void pause_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

/* Wait up to two seconds for the thread to have advised want files. */
static size_t wait_advised(struct readahead *ra, size_t want)
{
	size_t got = readahead_advised(ra);

	for (int i = 0; i < 400 && got < want; i++) {
		pause_ms(5);
		got = readahead_advised(ra);
	}
	return got;
}

/* Ten files of 3 MiB by their sizes (no file needs to exist): from file
 * 0 the advice stops once 8 MiB are ahead (files 0-2), from file 5 it
 * jumps there and covers 5-7; at file 6, 6 MiB still ahead, it waits; at
 * file 7, 3 MiB ahead (below half the window), it runs to the end. */
static void test_window(struct harness *h)
{
	const char *paths[10];
	uint64_t sizes[10];
	struct readahead *ra;

	for (int i = 0; i < 10; i++) {
		paths[i] = "/nonexistent/unsearch-readahead";
		sizes[i] = 3 * MIB;
	}
	_Static_assert(READAHEAD_BYTES == 8 * MIB, "the window this test walks");
	ra = readahead_start(paths, sizes, 10);
	if (!ra) {
		harness_skip(h, "no thread to be had");
		return;
	}
	readahead_at(ra, 0);
	CHECK_INT_EQ(h, wait_advised(ra, 3), 3);
	pause_ms(50);
	CHECK_INT_EQ(h, readahead_advised(ra), 3); /* 9 MiB would be past 8 */
	readahead_at(ra, 5);
	CHECK_INT_EQ(h, wait_advised(ra, 8), 8); /* 5, 6, 7: none of 3, 4 */
	pause_ms(50);
	CHECK_INT_EQ(h, readahead_advised(ra), 8);
	readahead_at(ra, 6);
	pause_ms(50);
	CHECK_INT_EQ(h, readahead_advised(ra), 8);
	readahead_at(ra, 7);
	CHECK_INT_EQ(h, wait_advised(ra, 10), 10);
	readahead_stop(ra);
	readahead_stop(NULL);
	readahead_at(NULL, 3);
}

/* Pages of path[0..len) in the page cache. */
static size_t resident_pages(const char *path, size_t len)
{
	int fd = open(path, O_RDONLY);
	size_t page = (size_t)sysconf(_SC_PAGESIZE), n = (len + page - 1) / page, in = 0;
	unsigned char *vec = malloc(n ? n : 1);
	void *map = fd < 0 ? MAP_FAILED : mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);

	if (map != MAP_FAILED && mincore(map, len, vec) == 0)
		for (size_t i = 0; i < n; i++)
			in += vec[i] & 1;
	if (map != MAP_FAILED)
		munmap(map, len);
	if (fd >= 0)
		close(fd);
	free(vec);
	return in;
}

/* A missing file and a FIFO between two real ones: the advice passes
 * over them without waiting, and brings the real files, evicted first,
 * back into the page cache. */
static void test_advice(struct harness *h)
{
	char dir[] = "/tmp/test_readahead.XXXXXX", a[64], fifo[64], b[64], missing[64];
	const size_t len = 2 * MIB, pages = len / (size_t)sysconf(_SC_PAGESIZE);
	const char *paths[4];
	uint64_t sizes[4] = { len, 1, 1, len };
	struct readahead *ra;
	char *buf = malloc(len);
	int evicted = 1;

	if (!mkdtemp(dir) || !buf) {
		harness_fail(h, __FILE__, __LINE__, "cannot make %s", dir);
		free(buf);
		return;
	}
	snprintf(a, sizeof a, "%s/a", dir);
	snprintf(missing, sizeof missing, "%s/missing", dir);
	snprintf(fifo, sizeof fifo, "%s/fifo", dir);
	snprintf(b, sizeof b, "%s/b", dir);
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)('a' + i % 26);
	CHECK(h, mkfifo(fifo, 0600) == 0);
	for (int k = 0; k < 2; k++) {
		const char *p = k ? b : a;
		int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		CHECK(h, fd >= 0 && write(fd, buf, len) == (ssize_t)len && fsync(fd) == 0);
		if (fd >= 0) {
			posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
			close(fd);
		}
		evicted &= resident_pages(p, len) < pages / 2;
	}
	paths[0] = a;
	paths[1] = missing;
	paths[2] = fifo;
	paths[3] = b;
	ra = readahead_start(paths, sizes, 4);
	if (!ra) {
		harness_skip(h, "no thread to be had");
	} else {
		readahead_at(ra, 0);
		CHECK_INT_EQ(h, wait_advised(ra, 4), 4);
		readahead_stop(ra);
		if (!evicted) {
			/* a file system that keeps its pages (tmpfs) */
			harness_skip(h, "the page cache kept the files: nothing to bring back");
		} else {
			size_t in_a = 0, in_b = 0;
			for (int i = 0; i < 400 && (in_a < pages || in_b < pages); i++) {
				pause_ms(5);
				in_a = resident_pages(a, len);
				in_b = resident_pages(b, len);
			}
			CHECK_INT_EQ(h, in_a, pages);
			CHECK_INT_EQ(h, in_b, pages);
		}
	}
	unlink(a);
	unlink(b);
	unlink(fifo);
	rmdir(dir);
	free(buf);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_readahead");

	HARNESS_RUN(&h, test_window);
	HARNESS_RUN(&h, test_advice);
	return harness_finish(&h);
}
