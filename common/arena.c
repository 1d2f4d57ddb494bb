/* arena.c: bump allocation in blocks (see arena.h). */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	alignas(max_align_t) char data[];
};

/* n bytes at an offset of the head block that is a multiple of align (a
 * power of two), from a new block when the head has no room. */
static char *arena_take(struct arena *a, size_t n, size_t align)
{
	struct arena_block *b = a->head;
	size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;

	if (!b || at > b->cap || b->cap - at < n) {
		size_t cap = n > a->block_size ? n : a->block_size;
		/* (SIZE_MAX: a size that overflowed, which xmalloc reports) */
		b = xmalloc(cap > SIZE_MAX - sizeof *b ? SIZE_MAX : sizeof *b + cap);
		b->used = 0;
		b->cap = cap;
		at = 0;
		if (a->head && cap > a->block_size) {
			/* a request of its own: the head keeps filling */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	b->used = at + n;
	return b->data + at;
}

void *arena_alloc(struct arena *a, size_t n)
{
	void *p = arena_take(a, n, alignof(max_align_t));

	memset(p, 0, n);
	return p;
}

void *arena_alloc_raw(struct arena *a, size_t n)
{
	return arena_take(a, n, alignof(max_align_t));
}

void *arena_grow(struct arena *a, void *p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 8;
	void *q;

	if (need <= *cap)
		return p;
	while (n < need)
		n = n > SIZE_MAX / 2 ? SIZE_MAX : n * 2;
	q = arena_take(a, n > SIZE_MAX / size ? SIZE_MAX : n * size, alignof(max_align_t));
	if (*cap)
		memcpy(q, p, *cap * size);
	*cap = n;
	return q;
}

char *arena_chars(struct arena *a, size_t n)
{
	return arena_take(a, n, 1);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_chars(a, n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_release(struct arena *a)
{
	while (a->head) {
		struct arena_block *next = a->head->next;
		free(a->head);
		a->head = next;
	}
}
