/* heap.c: malloc's heap on transparent huge pages (heap.h). */
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "err.h"
#include "heap.h"
#include "xalloc.h"

struct heap_prefault {
	pthread_t thread;
	char *start;
	size_t bytes;
	int stop; /* atomic: set by heap_prefault_stop */
};

static void *heap_prefault_run(void *arg)
{
	struct heap_prefault *p = arg;

	for (size_t at = 0; at < p->bytes; at += HEAP_HUGE_PAGE) {
		if (__atomic_load_n(&p->stop, __ATOMIC_RELAXED))
			break;
		__atomic_fetch_add(p->start + at, 0, __ATOMIC_RELAXED);
	}
	return NULL;
}

struct heap_prefault *heap_prefault_start(void *start, size_t bytes)
{
	struct heap_prefault *p;

	if (!start || !bytes)
		return NULL;
	p = xcalloc(1, sizeof *p);
	p->start = start;
	p->bytes = bytes;
	if (pthread_create(&p->thread, NULL, heap_prefault_run, p) != 0) {
		free(p);
		return NULL;
	}
	return p;
}

void heap_prefault_stop(struct heap_prefault *p)
{
	if (!p)
		return;
	__atomic_store_n(&p->stop, 1, __ATOMIC_RELAXED);
	pthread_join(p->thread, NULL);
	free(p);
}

void *heap_map_huge(size_t bytes)
{
	const uintptr_t huge = HEAP_HUGE_PAGE;
	size_t span = bytes + huge;
	uintptr_t m, at;
	void *got = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (got == MAP_FAILED)
		return NULL;
	/* the boundary within, and the rest of the span unmapped */
	m = (uintptr_t)got;
	at = (m + huge - 1) & ~(huge - 1);
	if (at > m)
		munmap(got, at - m);
	if (m + span > at + bytes)
		munmap((void *)(at + bytes), m + span - (at + bytes));
#ifdef MADV_HUGEPAGE
	madvise((void *)at, bytes, MADV_HUGEPAGE);
#endif
	return (void *)at;
}

int heap_use_huge_pages(size_t bytes, void **start)
{
#if defined(HEAP_SANITIZED) || !defined(MADV_HUGEPAGE)
	(void)bytes;
	(void)start;
	return ERR_IO;
#else
	const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), huge = HEAP_HUGE_PAGE;
	uintptr_t end = (uintptr_t)sbrk(0), at;
	void *volatile first, *volatile drain;
	size_t top;

	if (end == (uintptr_t)-1 || page == 0 || page > huge || bytes == 0 ||
	    bytes > INT_MAX / 2)
		return ERR_IO;
	bytes = (bytes + huge - 1) & ~(huge - 1);
	/* The first boundary with a page of room below it: malloc writes its
	 * headers there, so the huge page stays untouched until advised (a
	 * page touched before the advice makes its 2 MiB small pages). */
	at = (end + page + huge - 1) & ~(huge - 1);
	if (sbrk((intptr_t)(at - page - end)) == (void *)-1)
		return ERR_IO;
	/* Grow by `bytes` at a time, keep what is freed, and serve blocks up
	 * to `bytes` from the heap (32 MiB is mallopt's largest). */
	mallopt(M_TOP_PAD, (int)bytes);
	mallopt(M_TRIM_THRESHOLD, (int)(2 * bytes));
	mallopt(M_MMAP_THRESHOLD, (int)(bytes < 32u << 20 ? bytes : 32u << 20));
	/* Make malloc grow onto the new end with a small block: it writes the
	 * block's header and the top's after it in the page below the
	 * boundary (a large block would put the top's inside). A heap made
	 * before (keepcost: its top) is first used up, so that the block
	 * cannot come from it. The drained block is never freed: its pages,
	 * untouched, would each cost a fault if malloc handed them out again
	 * (15 of a query's, measured); it holds address space only. */
	top = mallinfo2().keepcost;
	drain = top > 256 ? malloc(top - 256) : NULL;
	first = malloc(512); /* volatile: the compiler may not drop these */
	free(first);
	(void)drain;
	if ((uintptr_t)sbrk(0) < at + bytes || madvise((void *)at, bytes, MADV_HUGEPAGE))
		return ERR_IO;
	/* Threads share this heap rather than each getting an arena of its
	 * own (64 MiB mappings on small pages): unindex's analysis and
	 * compressing threads faulted in a fresh page for each 4 KiB of their
	 * hash tables and zstd's, 5,900-6,600 faults in a build of the
	 * generated 10 MiB corpus against 515-550 with one arena; CPU 0.53
	 * -> 0.47 s, wall 0.33 -> 0.30 s, peak RSS 47-48 -> 43-45 MB
	 * (medians of 5, interleaved); at 100 MiB CPU 3.78 -> 3.70 s, wall
	 * the same. Small blocks still come from each thread's cache without
	 * a lock. */
	mallopt(M_ARENA_MAX, 1);
	if (start)
		*start = (void *)at;
	return 0;
#endif
}
