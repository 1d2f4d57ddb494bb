/* xalloc.h: allocation that never returns NULL.
 *
 * On exhaustion these print "unsearch: out of memory" and exit(2): running
 * out of memory is not an error a caller can recover from, and checking at
 * every call site would hide the real error paths. Memory they return is
 * owned by the caller and released with free(). */
#ifndef UNSEARCH_XALLOC_H
#define UNSEARCH_XALLOC_H

#include <stddef.h>
#include <stdio.h>

void *xmalloc(size_t n);
/* open_memstream that never returns NULL (its only failure is memory). */
FILE *xopen_memstream(char **data, size_t *len);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array to hold at least `need` elements of `size` bytes, doubling;
 * *cap is updated. Returns the (possibly moved) array. */
void *xgrow_realloc(void *p, size_t *cap, size_t need, size_t size);
/* xgrow_realloc when the array is full. Inline: most calls find room, and
 * the calls alone were 4% of unindex's main thread (segment_term_add
 * calls it once a posting; callgrind, generated 10 MiB corpus). */
static inline void *xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	return need <= *cap ? p : xgrow_realloc(p, cap, need, size);
}
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
