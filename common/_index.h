/* _index.h: the index reader's private state, shared by index.c,
 * index_postings.c, index_text.c and index_check.c only (nothing else
 * includes it). */
#ifndef UNSEARCH__INDEX_H
#define UNSEARCH__INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "format.h"
#include "index.h"
#include "sst.h"

/* Section ids run 0..INDEX_MAX_SECTION_ID; unknown larger ids are ignored. */
#define INDEX_MAX_SECTION_ID SEC_TEXT_DICT

/* One entry of a file's section table, bounds already checked. */
struct index_section {
	uint32_t id, crc;
	uint64_t offset, length;
};

struct index {
	char *dir, *seg_path;
	int fd;
	uint8_t *map; /* the whole segment, read-only */
	size_t map_len;
	struct index_section table[MAX_SECTIONS]; /* in file order */
	uint32_t n_table;
	/* By section id: where it lives in map; len 0 and NULL if absent. */
	const uint8_t *sec[INDEX_MAX_SECTION_ID + 1];
	uint64_t sec_len[INDEX_MAX_SECTION_ID + 1];
	struct index_stats stats;
	struct sst terms, folded, keys;
	char term[SST_MAX_KEY + 1]; /* key of the last index_term_info */
	/* Inflated text blocks and the inflater (index_text.c); NULL until
	 * the first clause text is read, so opening an index costs nothing
	 * for them. */
	struct text_cache *text;
};

/* "STATS", "TERMS", ... or "?" for an unknown id. */
const char *index_section_name(uint32_t id);
/* Set eb to "SEGPATH: section NAME: <fmt>" and return ERR_CORRUPT. */
int index_corrupt(const struct index *ix, uint32_t sec, struct errbuf *eb,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* CRC32 of len bytes at p, in chunks zlib's uInt can take. */
uint32_t index_crc(const uint8_t *p, uint64_t len);
/* Check the CRC of table entry k of the segment: 0 or ERR_CORRUPT. */
int index_section_verify(const struct index *ix, uint32_t k,
                         struct errbuf *eb);
/* Decode a lexicon payload (sec is SEC_FOLDED or SEC_KEYS, for messages)
 * and append its term ids to *ids (n used, cap allocated; xgrow). */
int index_lexicon_decode(const struct index *ix, uint32_t sec,
                         const uint8_t *p, size_t len, uint32_t **ids,
                         size_t *n, size_t *cap, struct errbuf *eb);
/* Check document d's record (d < n_docs): 0 or ERR_CORRUPT. */
int index_doc_check(const struct index *ix, uint32_t d, struct errbuf *eb);
/* Check citation record i (i < index_cite_count): 0 or ERR_CORRUPT. */
int index_cite_check(const struct index *ix, uint32_t i, struct errbuf *eb);
/* Check clause c's record (c < n_clauses): 0 or ERR_CORRUPT. */
int index_clause_check(const struct index *ix, uint32_t c, struct errbuf *eb);
/* Point *rec at clause clause_id's record once checked: 0, ERR_NOTFOUND
 * (no such clause) or ERR_CORRUPT. */
int index_clause_record(const struct index *ix, uint32_t clause_id,
                        const uint8_t **rec, struct errbuf *eb);
/* Text block b, inflated and checked against its CRC (format.h), from
 * the cache or inflated into it: *text and *len are valid until the next
 * call (owned by the cache). ERR_CORRUPT names section TEXT or TEXT_INDEX. */
int index_text_block(struct index *ix, uint32_t b, const uint8_t **text,
                     uint32_t *len, struct errbuf *eb);
/* Free the cache and the inflater (index_close calls it). */
void index_text_release(struct index *ix);

#endif
