/* _index.h: the index reader's private state, shared by index.c,
 * index_pages.c, index_postings.c, index_text.c, index_cites.c and
 * index_check.c only (nothing else includes it). */
#ifndef UNSEARCH__INDEX_H
#define UNSEARCH__INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "clauserec.h"
#include "err.h"
#include "format.h"
#include "index.h"
#include "sst.h"
#include "strmap.h"

/* Section ids run 0..INDEX_MAX_SECTION_ID; unknown larger ids are ignored. */
#define INDEX_MAX_SECTION_ID SEC_TEXT_MODEL

/* One entry of a file's section table, bounds already checked. */
struct index_section {
	uint32_t id, crc;
	uint64_t offset, length;
};

/* One segment of the index, mapped read-only. Its clause and document ids
 * are local (0-based); the index adds clause_base / doc_base. */
struct index_segment {
	char *seg_path;
	char *index_dir; /* the index directory it belongs to */
	int fd;
	uint8_t *map; /* the whole segment, read-only */
	size_t map_len;
	struct index_section table[MAX_SECTIONS]; /* in file order */
	uint32_t n_table;
	/* By section id: its bytes, in map or (a section read whole, see
	 * index_read_hot) in copied; its offset in the file; len 0 and NULL
	 * if absent. */
	const uint8_t *sec[INDEX_MAX_SECTION_ID + 1];
	uint64_t sec_off[INDEX_MAX_SECTION_ID + 1];
	uint64_t sec_len[INDEX_MAX_SECTION_ID + 1];
	uint8_t *copied; /* the sections read whole, one allocation; owned */
	struct index_stats stats; /* of this segment alone, deleted included */
	uint8_t stats_raw[STATS_SIZE]; /* SEC_STATS as read (sec[SEC_STATS] points here) */
	/* The term, folded-word and key tables: opened on first use
	 * (index_seg_table). */
	struct sst terms, folded, keys;
	uint32_t tables_open; /* bit 1 << id: that table's struct sst is set */
	char term[SST_MAX_KEY + 1]; /* key of the last seg_term_info */
	/* The last groups of clause records decoded (index_clause_rec): the
	 * index's cache, shared by its segments (one allocation, not one a
	 * segment). Readers mostly ask for ascending clause ids (a query's
	 * candidates, a document's clauses), so a group is decoded once, not
	 * once a clause. Mutable behind the const segment pointer the
	 * accessors take: an index serves one query at a time. */
	struct clause_cache *clause_cache;
	struct sst_scratch *sst_scratch; /* the index's, for its tables */
	/* The index's windows of the sections read a few records at a time
	 * (index_seg_bytes), shared by its segments: mutable behind the const
	 * segment pointer, like clause_cache. */
	struct index_pages *pages;
	/* Its TEXT_DICT digested by zstd (index_text.c), at its first text
	 * read; NULL until then or when the dictionary is empty. Segments
	 * whose dictionaries are the same bytes (an update inherits the
	 * index's dictionary) share the first one's: ddict_shared, not freed
	 * through this segment. */
	struct ZSTD_DDict_s *ddict;
	uint8_t *dict; /* the TEXT_DICT bytes ddict refers to, read (not mapped) */
	int ddict_shared;
	/* Its TEXT_MODEL opened for decoding (index_text.c), at its first text
	 * read; NULL until then or when the segment's text is zstd's. */
	struct wordcode *wc;
	int wc_shared; /* another segment's, the same bytes: not freed here */
	uint32_t clause_base, doc_base; /* its first global clause and doc id */
	uint32_t *deleted_docs;         /* local ids, ascending (MANIFEST) */
	uint32_t n_deleted_docs, n_deleted_clauses;
};

/* Where one term's postings lie in one segment (its term_info there). */
struct term_part {
	uint32_t seg, local, df;
	uint64_t postings_off, postings_len, positions_off, positions_len;
};

/* The term ids one lexicon lookup found (index_key_terms and
 * index_folded_terms), kept for the same lookup again. */
struct index_lookup {
	uint32_t *ids;
	size_t n;
};

/* A term of the index's vocabulary: a query's term id names one of these.
 * parts are the segments holding it, ascending, looked up once, so that
 * opening its posting reader again decodes no term table. Until complete,
 * parts holds only the segments whose lexicon named the term (a lexicon
 * entry gives its local id: no search of that segment's term table), and
 * live_df is not yet counted. */
struct index_term {
	struct term_part *parts;
	uint32_t n_parts;
	uint32_t id;      /* its term id */
	int complete;     /* every segment looked up, live_df counted */
	uint32_t live_df; /* clauses not deleted holding it, over all segments */
	/* Its small parts' postings and positions, read with pread at its
	 * first posting reader (index_postings.c) and kept for the next
	 * ones; NULL until then or past the index's budget. Owned. */
	uint8_t *small;
};

/* Windows read (index_pages.c), owned by the index, by the mapped
 * address of their first byte (open addressing). At most INDEX_PAGES_MAX
 * of 1.25 KiB: what twenty hits read (ten hits of a two-word AND read 33
 * at 100 MiB), and the heap of such a query stays within its first huge
 * page (heap.h). Windows serve an index's first INDEX_PAGES_READS reads,
 * the map every read after: ten hits make about 160, and a process
 * answering many queries (--batch, serve) then pays what the map costs, a
 * pointer (a lookup each was 3.5% of the instructions of a batch
 * repeating a rare word; the first 256 reads cost it about 30,000). */
#define INDEX_PAGES_MAX 64
#define INDEX_PAGES_SLOTS (2 * INDEX_PAGES_MAX)
#define INDEX_PAGES_READS 256
struct index_page {
	const uint8_t *key;
	uint8_t *win; /* NULL: the slot is free */
};
struct index_pages {
	struct index_page slot[INDEX_PAGES_SLOTS];
	uint32_t n;     /* windows read */
	uint32_t reads; /* served, up to INDEX_PAGES_READS */
};

#define CLAUSE_BUCKET_SHIFT 10

struct index {
	char *dir;                 /* the first index directory */
	struct index_segment *segs;
	uint32_t n_segs;
	struct clause_cache *clause_cache; /* its segments', owned */
	struct sst_scratch sst_scratch; /* its segments' tables read their indexes here */
	struct index_pages pages;  /* its segments' windows */
	struct index_stats stats;  /* global: ids over all, counts of live */
	uint8_t *deleted;          /* bit per global clause id; NULL if none */
	/* By segment, packed for the lookups of every scored clause: its
	 * first global clause id and its SEC_LENGTHS (NULL until opened). */
	uint32_t *clause_base;
	const uint8_t **lengths;
	/* By clause id >> CLAUSE_BUCKET_SHIFT: the segment of the bucket's
	 * first clause, so finding a clause's segment searches only the
	 * segments its bucket spans (NULL with one segment). */
	uint32_t *bucket_seg;
	uint32_t n_buckets;
	struct strmap *extra;      /* terms absent from segment 0 (term ids) */
	/* Key and folded-word lookups already made ("k" or "f" + the word ->
	 * index into lookups): compiling a query looks a word up several
	 * times (the words, the phrase bonus, the partial plan), and over
	 * many segments each lookup reads every segment's lexicon. */
	struct strmap *lookup_seen;
	struct index_lookup *lookups;
	size_t lookups_cap;
	uint64_t small_bytes;      /* held by its terms' small slots */
	struct strmap *vocab;      /* term -> index into terms, once looked up */
	/* term id (its 4 bytes) -> index into terms, for every entry:
	 * term_entry finds an entry without decoding the id's block of the
	 * term table again (~4K instructions, and a pread in a fresh
	 * process), which every word of every query asked for twice. */
	struct strmap *slot_by_id;
	struct index_term *terms;
	size_t terms_cap;
	/* Decoded text blocks of every segment and the one decoder
	 * (index_text.c); NULL until the first clause text is read, so opening
	 * an index costs nothing for them, and a query with hits in ten
	 * segments allocates one decoder, not ten. */
	struct text_cache *text;
	char **roots;              /* the MANIFEST's roots, absolute */
	uint32_t n_roots;
	int64_t last_update;       /* unix time of the last commit, 0 unknown */
	uint64_t generation;
	char term[SST_MAX_KEY + 1]; /* key of the last index_term_info */
};

/* "STATS", "TERMS", ... or "?" for an unknown id. */
const char *index_section_name(uint32_t id);
/* Set eb to "SEGPATH: section NAME: <fmt>" and return ERR_CORRUPT. */
int index_corrupt(const struct index_segment *sg, uint32_t sec, struct errbuf *eb,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* CRC32 of len bytes at p, in chunks zlib's uInt can take. */
uint32_t index_crc(const uint8_t *p, uint64_t len);
/* Read n bytes of the segment at off into out, past the map: 0, ERR_IO,
 * or ERR_CORRUPT if the file ends first. */
int segment_pread(const struct index_segment *sg, uint64_t off, void *out,
                  size_t n, struct errbuf *eb);
/* Free the windows read (index_close; pages is not used again). */
void index_pages_release(struct index_pages *pages);
/* index_seg_bytes and index_seg_string while windows serve. */
int index_pages_bytes(const struct index_segment *sg, uint32_t sec, uint64_t off,
                      size_t len, const uint8_t **p, struct errbuf *eb);
int index_pages_string(const struct index_segment *sg, uint32_t off, const char **s,
                       struct errbuf *eb);
/* In *p, the len bytes at off of section sec (off + len <= its length,
 * checked by the caller; not a section index_open read whole): in a
 * window, read with pread if need be while the index's budget lasts, else
 * mapped; valid until the index closes. 0, or segment_pread's error.
 * For the sections a query reads a few scattered records of: CLAUSES,
 * STRINGS and TEXT_INDEX. */
static inline int index_seg_bytes(const struct index_segment *sg, uint32_t sec,
                                  uint64_t off, size_t len, const uint8_t **p,
                                  struct errbuf *eb)
{
	if (sg->pages->reads < INDEX_PAGES_READS)
		return index_pages_bytes(sg, sec, off, len, p, eb);
	*p = sg->sec[sec] + off;
	return 0;
}
/* In *s, the string at off (< the length of SEC_STRINGS, which ends in
 * NUL) as index_seg_bytes gives bytes: 0, or segment_pread's error. */
static inline int index_seg_string(const struct index_segment *sg, uint32_t off,
                                   const char **s, struct errbuf *eb)
{
	if (sg->pages->reads < INDEX_PAGES_READS)
		return index_pages_string(sg, off, s, eb);
	*s = (const char *)sg->sec[SEC_STRINGS] + off;
	return 0;
}
/* The open table of sg whose data section is sec (SEC_TERMS, SEC_FOLDED
 * or SEC_KEYS) in *out. The first call checksums its index section (unless
 * open did) and validates it; a query pays only for the tables it reads. */
int index_seg_table(struct index_segment *sg, uint32_t sec, struct sst **out,
                    struct errbuf *eb);
/* Check the CRC of table entry k of the segment: 0 or ERR_CORRUPT. */
int index_section_verify(const struct index_segment *sg, uint32_t k,
                         struct errbuf *eb);
/* Decode the term list of the key *it stands at in lexicon sec
 * (SEC_FOLDED or SEC_KEYS), with *base as the keys before it in its block
 * left it (termlist.h: they must have been decoded, in order; updated),
 * and append its term ids to *ids (n used, cap allocated; xgrow), or only
 * step over them when ids is NULL. 0 or ERR_CORRUPT. */
int index_lexicon_decode(const struct index_segment *sg, uint32_t sec,
                         const struct sst_iter *it, uint32_t *base, uint32_t **ids,
                         size_t *n, size_t *cap, struct errbuf *eb);
/* Check document d's record (d < n_docs): 0 or ERR_CORRUPT. */
int index_doc_check(const struct index_segment *sg, uint32_t d, struct errbuf *eb);
/* Check the segment's local citation record i: 0 or ERR_CORRUPT. */
int index_cite_check(const struct index_segment *sg, uint32_t i, struct errbuf *eb);
/* Decode the segment's local clause c's record into *r, checked against
 * the sections it points into: 0, ERR_NOTFOUND (no such clause) or
 * ERR_CORRUPT. */
int index_clause_rec(const struct index_segment *sg, uint32_t c, struct clause_rec *r,
                     struct errbuf *eb);
/* The segment's local document holding its local clause c (< n_clauses),
 * from the documents' clause ranges (a document's clauses are
 * consecutive): 0, or ERR_CORRUPT when no document holds it. */
int index_seg_clause_doc(const struct index_segment *sg, uint32_t c, uint32_t *doc,
                         struct errbuf *eb);
/* The kind (enum clause_kind) of the segment's local clause c
 * (< n_clauses), from SEC_KINDS: 0, or ERR_CORRUPT for an unknown kind. */
int index_seg_clause_kind(const struct index_segment *sg, uint32_t c, unsigned *kind,
                          struct errbuf *eb);
/* Segment seg's text block b, decoded and checked against its CRC
 * (format.h), from the index's cache or decoded into it: *text and *len
 * are valid until the next call (owned by the cache). ERR_CORRUPT names
 * section TEXT or TEXT_INDEX. */
int index_text_block(struct index *ix, uint32_t seg, uint32_t b,
                     const uint8_t **text, uint32_t *len, struct errbuf *eb);
/* Free the index's text cache and decoder, and the segments' digested
 * dictionaries (index_close calls it). */
void index_text_release(struct index *ix);

/* The segment holding global clause id c (c < n_clauses). */
uint32_t index_clause_segment(const struct index *ix, uint32_t c);
/* Whether global clause c is deleted. */
static inline int index_is_deleted(const struct index *ix, uint32_t c)
{
	return clause_bit_set(ix->deleted, c);
}
/* The length of segment-local clause c that SEC_LENGTHS marks
 * LENGTH_LONG, from SEC_LONG_LENGTHS; LENGTH_LONG if it has none there
 * (damage, which unindex --check reports: a wrong score, never a wrong
 * read). */
uint32_t seg_long_length(const struct index_segment *sg, uint32_t c);
/* The length in tokens of segment-local clause c (< n_clauses), whose
 * SEC_LENGTHS is lengths (the index keeps them apart too: struct index
 * lengths). */
static inline uint32_t seg_clause_len_in(const struct index_segment *sg,
                                         const uint8_t *lengths, uint32_t c)
{
	uint32_t len = lengths[c];

	return len != LENGTH_LONG ? len : seg_long_length(sg, c);
}
static inline uint32_t seg_clause_len(const struct index_segment *sg, uint32_t c)
{
	return seg_clause_len_in(sg, sg->sec[SEC_LENGTHS], c);
}
/* The kind of segment-local clause c as stored (format.h SEC_KINDS), not
 * yet checked against CLAUSE_KIND_COUNT. */
static inline unsigned seg_clause_kind_bits(const struct index_segment *sg, uint32_t c)
{
	return sg->sec[SEC_KINDS][c >> 1] >> (c & 1) * KIND_BITS & KIND_MASK;
}
/* Segment-local term lookups. */
int seg_term_info(struct index_segment *sg, uint32_t term_id,
                  struct term_info *ti, struct errbuf *eb);
/* How many postings of the term part lie in its segment's deleted
 * documents. */
int posting_reader_count_deleted(struct index *ix, const struct term_part *part,
                                 uint32_t *count, struct errbuf *eb);
/* Segment s's local term id local as a term_part: 0 or ERR_CORRUPT. */
int index_term_part(struct index *ix, uint32_t s, uint32_t local,
                    struct term_part *part, struct errbuf *eb);
/* term_id's entry: the segments holding it, ascending, and its small
 * parts' bytes; valid until close. */
int index_term_entry(struct index *ix, uint32_t term_id, struct index_term **out,
                     struct errbuf *eb);
/* Open a reader over the given parts, segments ascending: the postings of
 * one term over those segments. small: the term's slot for its small
 * parts' bytes (filled with pread on first use, within the index's
 * budget), or NULL to read every part mapped. */
int posting_reader_open_parts(struct index *ix, uint32_t term_id,
                              const struct term_part *parts, uint32_t n_parts,
                              uint8_t **small, struct posting_reader *r,
                              struct errbuf *eb);

#endif
