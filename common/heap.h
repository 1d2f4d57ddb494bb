/* heap.h: malloc's heap on transparent huge pages, for short-lived
 * processes.
 *
 * On the virtual machine unsearch is measured on (shadow page tables), the
 * first touch of each 4 KiB page a process has not mapped yet costs 15-20
 * us, more than a query's own work: a search touched about a hundred fresh
 * heap pages, 1.2 ms of its 7.5 ms at 10 MiB. One 2 MiB transparent huge
 * page costs one fault (0.2-0.3 ms here, mostly zeroing it) for all of them;
 * on a machine where a fault costs a microsecond the two are about even.
 *
 * heap_use_huge_pages moves the end of the data segment so that malloc's
 * heap grows onto a 2 MiB boundary with only its first page below it, and
 * asks the kernel for huge pages over the next `bytes` there (madvise
 * MADV_HUGEPAGE) before anything touches them; the kernel fills them as
 * they are first touched, so untouched ones cost address space only.
 * Blocks up to `bytes` (at most 32 MiB) come from the heap then, not from
 * mappings of their own, and every thread's blocks do (one malloc arena,
 * not one a thread). Call it in main before the work allocates or starts
 * a thread; what
 * malloc's heap held before stays on small pages. Best effort: without
 * transparent huge pages, or under a sanitizer's allocator, memory works
 * as before. Not for a long-running process: the heap keeps what is freed
 * up to twice `bytes`. */
#ifndef UNSEARCH_HEAP_H
#define UNSEARCH_HEAP_H

#include <stddef.h>

#define HEAP_HUGE_PAGE (2u << 20)

/* Defined under AddressSanitizer, whose allocator is not malloc's heap:
 * heap_use_huge_pages then does nothing. */
#if defined(__SANITIZE_ADDRESS__)
#define HEAP_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEAP_SANITIZED 1
#endif
#endif

/* 0 when the kernel took the advice for [*start, *start + bytes rounded up
 * to HEAP_HUGE_PAGE) (start may be NULL), ERR_IO when it did not or could
 * not be asked. */
int heap_use_huge_pages(size_t bytes, void **start);

/* Fault in [start, start + bytes) of the heap heap_use_huge_pages gave
 * (start, and bytes no more than it asked for) on a thread of its own,
 * a huge page at a time from the start, while the caller's threads
 * work: they find the pages there rather than fault them in themselves.
 * On the machine unsearch is measured on, a fresh huge page costs
 * 0.12 ms when the host still backs it and up to 3.6 ms a few idle
 * seconds after the last build; a thread that faults one inside
 * malloc (splitting the heap's top) holds malloc's one lock all that
 * while, and the others wait for it (the main thread of a 10 MiB build
 * slept 3-3.5 ms at a time in free and realloc, five times in its first
 * 60 ms). The pages are touched by an atomic add of 0 to one byte of
 * each, which changes nothing a thread may be writing there. NULL when
 * no thread can be had (or start is NULL); heap_prefault_stop ends it. */
struct heap_prefault;
struct heap_prefault *heap_prefault_start(void *start, size_t bytes);
/* Stop (the pages faulted so far stay) and wait for the thread; NULL is
 * a no-op. */
void heap_prefault_stop(struct heap_prefault *p);

/* A mapping of its own for memory given back before the process ends
 * (munmap(p, bytes)), on huge pages as the heap: bytes, a multiple of
 * HEAP_HUGE_PAGE, of zeros from a huge page boundary, advised
 * MADV_HUGEPAGE (best effort). NULL when it cannot be mapped. */
void *heap_map_huge(size_t bytes);

#endif
