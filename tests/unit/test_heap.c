/* test_heap.c: heap_use_huge_page, first thing in a fresh process as in
 * unsearch's main: blocks malloc returns afterwards lie on the advised huge
 * page, the kernel backs it with one (where it has transparent huge pages),
 * and the heap still grows past it; heap_prefault_start faults in every
 * page it is given while another thread writes there, and changes none of
 * those bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness.h"
#include "heap.h"

static void *huge_start; /* set by main before any test */
static int huge_rc;

/* The kernel's transparent huge page mode, "always", "madvise" or "never"
 * (the bracketed word of the sysfs file); "never" when it has none. */
static const char *thp_mode(char *buf, size_t size)
{
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	char *l, *r;

	snprintf(buf, size, "never");
	if (!f)
		return buf;
	if (fgets(buf, (int)size, f) && (l = strchr(buf, '[')) && (r = strchr(l, ']'))) {
		*r = '\0';
		memmove(buf, l + 1, (size_t)(r - l));
	} else {
		snprintf(buf, size, "never");
	}
	fclose(f);
	return buf;
}

/* kB of anonymous huge pages this process maps (smaps_rollup), -1 if
 * unknown. */
static long anon_huge_kb(void)
{
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	char line[256];
	long kb = -1;

	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static void test_blocks_on_huge_page(struct harness *h)
{
	char mode[64];
	/* malloc's headers and its first blocks take the page below. */
	uintptr_t lo = (uintptr_t)huge_start - 4096, hi = lo + 4096 + HEAP_HUGE_PAGE;
	char *small = malloc(100), *mid = malloc(200 << 10);

	const char *why = NULL;
#ifdef HEAP_SANITIZED
	why = "a sanitizer's allocator, not malloc's heap";
#endif
	if (!why && strcmp(thp_mode(mode, sizeof mode), "never") == 0 && huge_rc)
		why = "no transparent huge pages here";
	if (why) {
		CHECK(h, huge_rc != 0); /* it must then do nothing */
		harness_skip(h, why);
		free(small);
		free(mid);
		return;
	}
	CHECK_INT_EQ(h, huge_rc, 0);
	CHECK(h, (uintptr_t)huge_start % HEAP_HUGE_PAGE == 0);
	/* Both from the heap, the larger too (not a mapping of its own). */
	CHECK(h, small && (uintptr_t)small >= lo && (uintptr_t)small < hi);
	CHECK(h, mid && (uintptr_t)mid >= lo && (uintptr_t)mid + (200 << 10) <= hi);
	memset(small, 1, 100);
	memset(mid, 2, 200 << 10);
	CHECK(h, anon_huge_kb() >= 2048);
	free(small);
	free(mid);
}

static void test_heap_grows_past(struct harness *h)
{
	/* Five huge pages of blocks: malloc grows its heap (or maps) beyond
	 * the advised one and every byte stays as written. */
	enum { N = 40, SIZE = 256 << 10 };
	unsigned char *b[N];
	int ok = 1;

	for (int i = 0; i < N; i++) {
		b[i] = malloc(SIZE);
		CHECK(h, b[i] != NULL);
		if (b[i])
			memset(b[i], i, SIZE);
	}
	for (int i = 0; i < N; i++) {
		for (size_t j = 0; b[i] && j < SIZE; j += 4093)
			ok &= b[i][j] == (unsigned char)i;
		free(b[i]);
	}
	CHECK(h, ok);
}

static void test_prefault(struct harness *h)
{
	enum { PAGES = 8 };
	const size_t len = PAGES * (size_t)HEAP_HUGE_PAGE, small = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char *m = heap_map_huge(len), vec[1];
	struct heap_prefault *p;
	int resident = 0, kept = 1;

	CHECK(h, heap_prefault_start(NULL, len) == NULL);
	if (!m) {
		harness_fail(h, __FILE__, __LINE__, "heap_map_huge");
		return;
	}
	CHECK(h, heap_prefault_start(m, 0) == NULL);
	p = heap_prefault_start(m, len);
	CHECK(h, p != NULL);
	/* meanwhile this thread writes the very bytes the helper touches, of
	 * the first half of the pages; the second half only the helper */
	for (unsigned v = 1; v <= 200; v++)
		for (size_t k = 0; k < PAGES / 2; k++)
			m[k * HEAP_HUGE_PAGE] = (unsigned char)(v + k);
	/* with transparent huge pages the helper's touch brings each whole
	 * huge page in; without, its first small page: wait for the second
	 * half to come (5 s at most) */
	char mode[64];
	size_t probe = strcmp(thp_mode(mode, sizeof mode), "never") != 0 ? small : 0;
	for (int tries = 0; tries < 5000 && resident < PAGES / 2; tries++) {
		resident = 0;
		for (size_t k = PAGES / 2; k < PAGES; k++)
			resident += mincore(m + k * HEAP_HUGE_PAGE + probe, small, vec) == 0 &&
			            (vec[0] & 1);
		if (resident < PAGES / 2)
			usleep(1000);
	}
	heap_prefault_stop(p);
	CHECK_INT_EQ(h, resident, PAGES / 2);
	for (size_t k = 0; k < PAGES / 2; k++)
		kept &= m[k * HEAP_HUGE_PAGE] == (unsigned char)(200 + k);
	for (size_t k = PAGES / 2; k < PAGES; k++)
		kept &= m[k * HEAP_HUGE_PAGE] == 0;
	CHECK(h, kept);
	/* stopped at once, over a region it has no time to fault in */
	heap_prefault_stop(heap_prefault_start(m, len));
	munmap(m, len);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_heap");

	huge_rc = heap_use_huge_pages(HEAP_HUGE_PAGE, &huge_start);
	HARNESS_RUN(&h, test_blocks_on_huge_page);
	HARNESS_RUN(&h, test_heap_grows_past);
	HARNESS_RUN(&h, test_prefault);
	return harness_finish(&h);
}
