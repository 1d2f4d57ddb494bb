/* strmap.c: insertion-ordered string hash map (see strmap.h).
 *
 * Entries live in a dense array in insertion order; the open-addressing
 * table of slots is kept at most half full. Keys are packed in one growing
 * arena, each followed by a NUL. */
#include "strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct strmap_entry {
	uint32_t key_off; /* into the arena */
	uint32_t key_len;
	uint64_t value;
};

/* A slot carries what a probe compares, so a lookup reads the slot and the
 * key bytes and never the entry array: on the indexing hot path every
 * dependent cache miss counts. */
struct strmap_slot {
	uint32_t hash;
	uint32_t index1;  /* entry index + 1; 0 = empty */
	uint32_t key_off;
	uint32_t key_len;
};

struct strmap {
	struct strmap_entry *entries;
	size_t count, entries_cap;
	struct strmap_slot *slots;
	size_t nslots;   /* a power of two */
	char *arena;
	size_t arena_len, arena_cap;
};

/* Eight bytes at a time, multiply and fold (the keys are short words, and
 * hashing is on the indexing hot path); no seed needed. The last bytes
 * are read with whole loads, overlapping bytes already read where the key
 * allows: copied a byte at a time, they were loaded again as 8 bytes
 * before the stores had landed, a stall that made this function 6% of an
 * indexing run's samples (perf, 10 MiB). Each length's bytes all reach
 * the hash, and the length itself does. */
uint32_t strmap_hash(const char *key, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ len, w = 0;
	const char *end = key + len;

	if (len >= 8) {
		for (; end - key > 8; key += 8) {
			memcpy(&w, key, 8);
			h = (h ^ w) * 0xff51afd7ed558ccdull;
			h ^= h >> 29;
		}
		memcpy(&w, end - 8, 8);
	} else if (len >= 4) {
		uint32_t lo, hi;
		memcpy(&lo, key, 4);
		memcpy(&hi, end - 4, 4);
		w = lo | (uint64_t)hi << 32;
	} else if (len) {
		w = (uint64_t)(uint8_t)key[0] | (uint64_t)(uint8_t)key[len / 2] << 8 |
		    (uint64_t)(uint8_t)end[-1] << 16;
	}
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 32;
	h *= 0xff51afd7ed558ccdull;
	return (uint32_t)(h >> 32);
}

struct strmap *strmap_new(void)
{
	struct strmap *m = xcalloc(1, sizeof *m);

	m->nslots = 64;
	m->slots = xcalloc(m->nslots, sizeof *m->slots);
	return m;
}

void strmap_free(struct strmap *m)
{
	if (!m)
		return;
	free(m->entries);
	free(m->slots);
	free(m->arena);
	free(m);
}

static void strmap_resize(struct strmap *m, size_t nslots);

void strmap_reserve(struct strmap *m, size_t keys, size_t key_bytes)
{
	size_t count = m->count + keys, nslots = m->nslots;

	m->entries = xgrow(m->entries, &m->entries_cap, count, sizeof *m->entries);
	m->arena = xgrow(m->arena, &m->arena_cap, m->arena_len + key_bytes + keys, 1);
	while (count * 2 > nslots)
		nslots *= 2;
	if (nslots != m->nslots)
		strmap_resize(m, nslots);
}

static size_t strmap_find_slot(const struct strmap *m, const char *key,
                               size_t len, uint32_t h)
{
	size_t mask = m->nslots - 1, i = h & mask;

	for (;;) {
		const struct strmap_slot *s = &m->slots[i];
		if (!s->index1 ||
		    (s->hash == h && s->key_len == len &&
		     memcmp(m->arena + s->key_off, key, len) == 0))
			return i;
		i = (i + 1) & mask;
	}
}

/* Move the slots to a table of nslots (a power of two, more than twice
 * the count). */
static void strmap_resize(struct strmap *m, size_t nslots)
{
	struct strmap_slot *old = m->slots;
	size_t old_n = m->nslots, mask;

	m->nslots = nslots;
	m->slots = xcalloc(m->nslots, sizeof *m->slots);
	mask = m->nslots - 1;
	for (size_t k = 0; k < old_n; k++) {
		size_t i;
		if (!old[k].index1)
			continue;
		i = old[k].hash & mask;
		while (m->slots[i].index1)
			i = (i + 1) & mask;
		m->slots[i] = old[k];
	}
	free(old);
}

long strmap_find_hashed(const struct strmap *m, const char *key, size_t len,
                        uint32_t hash)
{
	size_t i = strmap_find_slot(m, key, len, hash);

	return m->slots[i].index1 ? (long)m->slots[i].index1 - 1 : -1;
}

long strmap_find(const struct strmap *m, const char *key, size_t len)
{
	return strmap_find_hashed(m, key, len, strmap_hash(key, len));
}

void strmap_prefetch(const struct strmap *m, uint32_t hash)
{
	__builtin_prefetch(&m->slots[hash & (m->nslots - 1)]);
}

long strmap_prefetch_key(const struct strmap *m, uint32_t hash)
{
	const struct strmap_slot *s = &m->slots[hash & (m->nslots - 1)];

	if (!s->index1 || s->hash != hash)
		return -1;
	__builtin_prefetch(m->arena + s->key_off);
	return (long)s->index1 - 1;
}

uint64_t *strmap_get(const struct strmap *m, const char *key, size_t len)
{
	long k = strmap_find(m, key, len);

	return k < 0 ? NULL : &m->entries[k].value;
}

uint64_t *strmap_upsert(struct strmap *m, const char *key, size_t len,
                        uint64_t fresh, int *added)
{
	uint32_t h = strmap_hash(key, len);
	size_t i = strmap_find_slot(m, key, len, h);
	struct strmap_entry *e;

	if (m->slots[i].index1) {
		if (added)
			*added = 0;
		return &m->entries[m->slots[i].index1 - 1].value;
	}
	if (m->arena_len + len + 1 > UINT32_MAX || m->count + 1 >= UINT32_MAX) {
		fprintf(stderr, "unsearch: string map over 4 GiB\n");
		exit(2);
	}
	m->entries = xgrow(m->entries, &m->entries_cap, m->count + 1,
	                   sizeof *m->entries);
	m->arena = xgrow(m->arena, &m->arena_cap, m->arena_len + len + 1, 1);
	e = &m->entries[m->count];
	e->key_off = (uint32_t)m->arena_len;
	e->key_len = (uint32_t)len;
	e->value = fresh;
	memcpy(m->arena + m->arena_len, key, len);
	m->arena[m->arena_len + len] = '\0';
	m->arena_len += len + 1;
	m->slots[i] = (struct strmap_slot){ h, (uint32_t)(m->count + 1), e->key_off,
	                                     e->key_len };
	m->count++;
	if (m->count * 2 > m->nslots)
		strmap_resize(m, m->nslots * 2);
	if (added)
		*added = 1;
	return &m->entries[m->count - 1].value;
}

size_t strmap_count(const struct strmap *m)
{
	return m->count;
}

const char *strmap_key(const struct strmap *m, size_t i, size_t *len)
{
	if (len)
		*len = m->entries[i].key_len;
	return m->arena + m->entries[i].key_off;
}

uint64_t strmap_value(const struct strmap *m, size_t i)
{
	return m->entries[i].value;
}

size_t strmap_bytes(const struct strmap *m)
{
	return sizeof *m + m->entries_cap * sizeof *m->entries +
	       m->nslots * sizeof *m->slots + m->arena_cap;
}
