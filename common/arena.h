/* arena.h: memory for objects that all die together (a query's plan, the
 * analyzer's strings): taken from large blocks one after another, never
 * freed one by one, and released all at once.
 *
 * Why: a query's plan made ~150 allocations (matchers, their arrays of
 * posting readers of 1,376 bytes each, term strings), and malloc's slow
 * path for blocks past its per-thread cache, with the frees, was a quarter
 * of a three-word AND's instructions at 10 MiB (callgrind). From an arena
 * they cost a pointer bump each.
 *
 * Blocks never move, so what the arena hands out keeps its address until
 * arena_release. Running out of memory exits as xalloc.h does. */
#ifndef UNSEARCH_ARENA_H
#define UNSEARCH_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* the block being filled (NULL: none yet) */
	size_t block_size;        /* bytes of a new block */
};

/* An empty arena taking blocks of block_size bytes; a request larger than
 * that gets a block of its own, and the current block goes on filling. */
#define ARENA_INIT(block_size) { NULL, (block_size) }

/* n bytes aligned for any type, set to zero. */
void *arena_alloc(struct arena *a, size_t n);
/* n bytes aligned for any type, as they are (for a caller that writes
 * them all before reading). */
void *arena_alloc_raw(struct arena *a, size_t n);
/* An array of at least need elements of size bytes: p itself when
 * need <= *cap, else a new array of twice as many (or need) holding p's
 * *cap elements, *cap updated. The old array stays in the arena. */
void *arena_grow(struct arena *a, void *p, size_t *cap, size_t need, size_t size);
/* n bytes, unaligned, as they are (for a string the caller writes). */
char *arena_chars(struct arena *a, size_t n);
/* A copy of s[0..n) and a NUL (unaligned). */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Free every block; the arena is empty and may be used again. */
void arena_release(struct arena *a);

#endif
