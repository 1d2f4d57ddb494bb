/* test_arena.c: unit tests for the arena (common/arena.c): what it hands
 * out is zeroed, aligned, disjoint and keeps its bytes as more is taken;
 * arrays grow with their contents; requests past a block stay apart. */
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "harness.h"

/* Many small pieces of odd sizes, strings between them: each zeroed and
 * aligned when handed out, then filled with its own byte; none is
 * overwritten by what comes after it, across several blocks. */
static void test_pieces(struct harness *h)
{
	struct arena a = ARENA_INIT(256);
	unsigned char *piece[300];
	char *str[300];
	int zeroed = 1, aligned = 1, intact = 1;

	for (int i = 0; i < 300; i++) {
		size_t n = (size_t)(i % 37) + 1;
		char word[16];
		piece[i] = arena_alloc(&a, n);
		for (size_t j = 0; j < n; j++)
			zeroed &= piece[i][j] == 0;
		aligned &= (uintptr_t)piece[i] % alignof(max_align_t) == 0;
		memset(piece[i], i & 0xff, n);
		snprintf(word, sizeof word, "w%d", i);
		str[i] = arena_strndup(&a, word, strlen(word));
	}
	for (int i = 0; i < 300; i++) {
		char word[16];
		snprintf(word, sizeof word, "w%d", i);
		for (size_t j = 0; j < (size_t)(i % 37) + 1; j++)
			intact &= piece[i][j] == (i & 0xff);
		intact &= strcmp(str[i], word) == 0;
	}
	CHECK(h, zeroed);
	CHECK(h, aligned);
	CHECK(h, intact);
	CHECK_STR_EQ(h, arena_strdup(&a, "Recordando"), "Recordando");
	CHECK_STR_EQ(h, arena_strndup(&a, "Acoge con beneplácito", 4), "Acog");
	arena_release(&a);
	CHECK(h, a.head == NULL);
	/* Released, it serves again. */
	CHECK_STR_EQ(h, arena_strdup(&a, "otra vez"), "otra vez");
	arena_release(&a);
}

/* An array grown one element at a time keeps its elements, doubles its
 * capacity, and is the same array while it has room. */
static void test_grow(struct harness *h)
{
	struct arena a = ARENA_INIT(512);
	uint32_t *v = NULL;
	size_t cap = 0, moves = 0;
	int kept = 1;

	for (uint32_t i = 0; i < 5000; i++) {
		uint32_t *w = arena_grow(&a, v, &cap, i + 1, sizeof *v);
		moves += w != v;
		v = w;
		v[i] = i * 7;
	}
	for (uint32_t i = 0; i < 5000; i++)
		kept &= v[i] == i * 7;
	CHECK(h, kept);
	CHECK_INT_EQ(h, cap, 8192);
	CHECK_INT_EQ(h, moves, 11); /* 8, 16, ..., 8192 */
	CHECK(h, arena_grow(&a, v, &cap, 10, sizeof *v) == v);
	arena_release(&a);
}

/* A request larger than a block gets a block of its own, and the block
 * being filled goes on: the next small piece comes right after the last. */
static void test_large(struct harness *h)
{
	struct arena a = ARENA_INIT(1024);
	char *first = arena_strndup(&a, "abc", 3);
	unsigned char *big = arena_alloc(&a, 100000);
	char *next = arena_strndup(&a, "de", 2);
	int zeroed = 1;

	for (size_t i = 0; i < 100000; i++)
		zeroed &= big[i] == 0;
	CHECK(h, zeroed);
	CHECK(h, next == first + 4);
	memset(big, 0xee, 100000);
	CHECK_STR_EQ(h, first, "abc");
	CHECK_STR_EQ(h, next, "de");
	arena_release(&a);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_arena");

	HARNESS_RUN(&h, test_pieces);
	HARNESS_RUN(&h, test_grow);
	HARNESS_RUN(&h, test_large);
	return harness_finish(&h);
}
