/* index_pages.c: the sections a query reads a few scattered records of
 * (_index.h index_seg_bytes), read with pread into small windows of the
 * heap rather than through the map, while a process's reads are few.
 *
 * Printing a hit reads its clause record's group (CLAUSES), its text
 * block's entry (TEXT_INDEX) and its resolution's strings (STRINGS): a
 * few bytes in each, and in a process that answers one query the first
 * touch of each mapped page is a fault, 15-20 us on the benchmark's
 * virtual machine (shadowed page tables), where a pread into the heap (on
 * a huge page, heap.h: no fault) costs 1.5-2 us. Ten hits of a two-word
 * AND at 100 MiB made 21 faults in these sections and read 33 windows.
 * KINDS is left mapped: a common word's query reads the kinds of a
 * hundred candidates (the boilerplate test) in as many windows, where the
 * map takes 4 faults.
 *
 * A window is never dropped before the index closes, so a pointer into
 * one stays valid as a mapped one does (strings). Once INDEX_PAGES_MAX
 * windows are read or INDEX_PAGES_READS reads served, the map serves
 * every read: a process printing many hits (--json -n 40000, --show) or
 * answering many queries reads these sections densely, where one fault
 * maps 16 pages, and reads them again and again. */
#include "_index.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* A window holds INDEX_PAGE bytes of a section and the next
 * INDEX_PAGE_SLACK (clamped at the section's end), so that a record or
 * string starting in them is whole in it: a group of clause records is
 * about 112 bytes, a string under 170 in the generated corpora; a longer
 * one is read mapped. Windows of 4 KiB took the heap of a two-word AND
 * past its first huge page (one more fault, of 2 MiB). */
#define INDEX_PAGE 1024u
#define INDEX_PAGE_SLACK 256u
#define INDEX_WINDOW (INDEX_PAGE + INDEX_PAGE_SLACK)

void index_pages_release(struct index_pages *pages)
{
	for (uint32_t i = 0; i < INDEX_PAGES_SLOTS; i++)
		free(pages->slot[i].win);
}

/* The window of sg's section sec holding its byte off (< the section's
 * length), read now if need be: in *w from off on, and how many bytes it
 * holds from there in *have. */
static int seg_window(const struct index_segment *sg, uint32_t sec, uint64_t off,
                      const uint8_t **w, size_t *have, struct errbuf *eb)
{
	struct index_pages *ip = sg->pages;
	uint64_t from = off - off % INDEX_PAGE, left = sg->sec_len[sec] - from;
	size_t len = left < INDEX_WINDOW ? (size_t)left : INDEX_WINDOW;
	/* Named by its mapped address: unique over the segments. */
	const uint8_t *key = sg->sec[sec] + from;
	uint32_t h = (uint32_t)((uint64_t)((uintptr_t)key / INDEX_PAGE) *
	                        0x9e3779b97f4a7c15u >> 32);
	struct index_page *s;
	int rc;

	ip->reads++;
	for (s = &ip->slot[h % INDEX_PAGES_SLOTS]; s->win && s->key != key;
	     s = &ip->slot[++h % INDEX_PAGES_SLOTS])
		;
	if (!s->win) {
		uint8_t *got = xmalloc(len);
		if ((rc = segment_pread(sg, sg->sec_off[sec] + from, got, len, eb))) {
			free(got);
			return rc;
		}
		s->key = key;
		s->win = got;
		if (++ip->n == INDEX_PAGES_MAX)
			ip->reads = INDEX_PAGES_READS; /* the map serves from now on */
	}
	*w = s->win + off % INDEX_PAGE;
	*have = len - off % INDEX_PAGE;
	return 0;
}

int index_pages_bytes(const struct index_segment *sg, uint32_t sec, uint64_t off,
                      size_t len, const uint8_t **p, struct errbuf *eb)
{
	const uint8_t *w;
	size_t have;
	int rc;

	*p = sg->sec[sec] + off; /* no bytes (off may be the end), or too many */
	if (!len)
		return 0;
	if ((rc = seg_window(sg, sec, off, &w, &have, eb)))
		return rc;
	if (len <= have)
		*p = w;
	return 0;
}

int index_pages_string(const struct index_segment *sg, uint32_t off, const char **s,
                       struct errbuf *eb)
{
	const uint8_t *w;
	size_t have;
	int rc;

	if ((rc = seg_window(sg, SEC_STRINGS, off, &w, &have, eb)))
		return rc;
	*s = (const char *)(memchr(w, '\0', have) ? w : sg->sec[SEC_STRINGS] + off);
	return 0;
}
