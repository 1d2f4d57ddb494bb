/* strmap.h: an open-addressing hash map from byte strings to a uint64 value.
 *
 * Keys are copied into an arena owned by the map; values are plain integers
 * (an index into the caller's own array, usually). Insertion order is kept:
 * entry i is the i-th distinct key added, so callers can iterate
 * deterministically. Nothing is ever removed. */
#ifndef UNSEARCH_STRMAP_H
#define UNSEARCH_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap;

struct strmap *strmap_new(void);
void strmap_free(struct strmap *m); /* NULL is a no-op */
/* Make room for keys more keys of key_bytes bytes in all, so that adding
 * them moves nothing: for a caller that knows about how many are coming
 * (growing by doubling copies each array into fresh memory, whose pages
 * cost more than the copy). A hint: adding more still works. */
void strmap_reserve(struct strmap *m, size_t keys, size_t key_bytes);

/* Find key; if absent, add it with value `fresh`. Returns a pointer to the
 * stored value (valid until the next insertion) and sets *added. */
uint64_t *strmap_upsert(struct strmap *m, const char *key, size_t len,
                        uint64_t fresh, int *added);
/* The insertion index of key (what strmap_key takes), or -1 if absent;
 * the fastest lookup, reading no entry. */
long strmap_find(const struct strmap *m, const char *key, size_t len);
/* For a caller that looks up many keys in a row (the analyzer, a token
 * at a time): the hash the map gives a key, strmap_find with that hash,
 * and hints that ask the processor, a few lookups ahead, for the slot of
 * hash (strmap_prefetch) and, once that has come, for the key bytes it
 * points to (strmap_prefetch_key, which returns that key's insertion
 * index, likely the one strmap_find will return, so that the caller can
 * ask for its own record of it too; -1: none). Hints change no answer. */
uint32_t strmap_hash(const char *key, size_t len);
long strmap_find_hashed(const struct strmap *m, const char *key, size_t len,
                        uint32_t hash);
void strmap_prefetch(const struct strmap *m, uint32_t hash);
long strmap_prefetch_key(const struct strmap *m, uint32_t hash);
/* NULL if absent. The pointer is valid until the next insertion. */
uint64_t *strmap_get(const struct strmap *m, const char *key, size_t len);

size_t strmap_count(const struct strmap *m);
/* The i-th key added (0 <= i < count); *len receives its length. The key is
 * NUL-terminated and lives as long as the map. */
const char *strmap_key(const struct strmap *m, size_t i, size_t *len);
uint64_t strmap_value(const struct strmap *m, size_t i);
/* Bytes held by the map, for memory budgets. */
size_t strmap_bytes(const struct strmap *m);

#endif
