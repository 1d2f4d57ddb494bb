/* index.h: reading an index directory (format.h): the manifest, the
 * segment mapped read-only, and typed access to terms, postings, positions,
 * clauses, documents and stored text. Used by unsearch and by
 * `unindex --check`.
 *
 * index_open validates the headers, the section table and the checksums of
 * every section when the index directory's segments have at most
 * INDEX_VERIFY_LIMIT bytes in all (of STATS always), without checking the
 * clause and document tables, so it costs about a millisecond whatever the
 * index size (it reads the clause groups, labels, lengths and documents
 * whole while they fit 1.25 MiB, which every query touches; its hits'
 * clause records, text block entries and strings are read with pread into
 * small windows while a process's reads are few; the rest is mapped and
 * read where a query looks); a term, folded-word or
 * key table's index section is checksummed when the table is first read,
 * each record when it is read. index_check verifies everything.
 * Nothing read from disk is trusted: accessors check lengths and offsets and
 * return ERR_CORRUPT with the file and section named in eb.
 *
 * An index is one collection over the segments its MANIFEST lists, in
 * order, and over several index directories when opened with
 * index_open_many: clause and document ids are global (a segment's first id
 * plus its local id), so they ascend from segment to segment. Documents the
 * MANIFEST marks deleted keep their ids but posting readers, index_live_from
 * and every statistic skip them: scores depend on the live documents only,
 * not on the history of updates that left them there. */
#ifndef UNSEARCH_INDEX_H
#define UNSEARCH_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "codec.h"
#include "err.h"
#include "format.h"

#define INDEX_VERIFY_LIMIT (4u << 20) /* about 5 MB of resolutions; checksumming costs ~1 ms a MiB per query */

struct index;

struct index_stats {
	uint32_t n_docs, n_clauses;   /* the id spaces, deleted ones included */
	uint32_t n_live_docs, n_live_clauses; /* not deleted */
	uint32_t n_terms;             /* summed over segments */
	uint32_t n_text_blocks, n_segments;
	uint32_t n_indexes;           /* index directories opened together */
	uint64_t n_tokens;            /* of live clauses */
	double avg_clause_len; /* n_tokens / n_live_clauses, 0 for an empty index */
};

struct term_info {
	const char *term; /* valid until the next call that decodes a term */
	size_t term_len;
	uint32_t df;
	uint64_t postings_off, postings_len, positions_off, positions_len;
};

struct clause_info {
	uint32_t doc, n_tokens, text_len, verb_pos, emph_start, emph_len;
	uint32_t line;     /* 1-based source line where the clause starts */
	unsigned kind;     /* enum clause_kind (clause_kind.h) */
	const char *label; /* valid until close */
	/* the lemma of its opening phrase (verbs.h), NULL if it has none the
	 * table knows; valid until close */
	const char *verb_lemma;
};

struct doc_info {
	/* NULL: absent; valid until close */
	const char *symbol, *title, *committee, *report, *path;
	uint32_t session, date /* yyyymmdd, 0 absent */, agenda_item, meeting;
	uint32_t first_clause, n_clauses, flags;
	uint64_t file_size;
	int64_t mtime;
	uint64_t content_hash; /* of the file's bytes (format.h DOC_HASH) */
	uint32_t parser_version; /* the indexer's PARSER_VERSION that parsed it */
	int deleted;           /* an update removed or replaced it */
	const char *index_dir; /* the index directory it lives in */
};

/* One segment, for unindex --status and the merge policy. */
struct index_segment_info {
	const char *path, *index_dir;
	uint64_t file_size;
	uint32_t n_docs, n_clauses, n_deleted_docs, n_deleted_clauses;
	uint32_t doc_base, clause_base;
	const uint32_t *deleted_docs; /* local ids, ascending; valid until close */
};

/* Open the index in dir. ERR_NOTFOUND if there is no index there,
 * ERR_CORRUPT / ERR_VERSION / ERR_IO otherwise; eb names the file. Free
 * with index_close. */
int index_open(const char *dir, struct index **out, struct errbuf *eb);
/* Open the indexes in dirs[0..n) as one collection: their segments in
 * order, statistics over all of them. Roots and generation are dirs[0]'s. */
int index_open_many(const char *const *dirs, size_t n, struct index **out,
                    struct errbuf *eb);
void index_close(struct index *ix); /* NULL is a no-op */
/* index_close for a process about to exit: everything is freed but the
 * segments stay mapped, for the exit to unmap in one pass (one munmap per
 * segment cost about 0.1 ms each on the benchmark machine, a tenth of a
 * query over ten segments). */
void index_close_at_exit(struct index *ix);

const struct index_stats *index_stats(const struct index *ix);
const char *index_segment_path(const struct index *ix); /* the first's */
void index_segment_info(const struct index *ix, uint32_t k,
                        struct index_segment_info *info);
/* The roots unindex keeps up to date (absolute paths; valid until close)
 * and the time of the last commit (unix seconds, 0 if unknown). */
void index_roots(const struct index *ix, const char *const **roots, uint32_t *n,
                 int64_t *last_update);
uint64_t index_generation(const struct index *ix);
/* Whether clause_id is deleted; the first live clause id >= clause_id
 * (n_clauses if none). */
int index_clause_deleted(const struct index *ix, uint32_t clause_id);
uint32_t index_live_from(const struct index *ix, uint32_t clause_id);

/* Term dictionary. A term id names a term of the whole index; df in
 * term_info counts live clauses over every segment (the offsets there are
 * 0: they belong to segments). */
int index_term_find(struct index *ix, const char *term, size_t len,
                    uint32_t *term_id, struct errbuf *eb); /* ERR_NOTFOUND */
int index_term_info(struct index *ix, uint32_t term_id, struct term_info *ti,
                    struct errbuf *eb);

/* Accent-insensitive lexicon: the term ids a query word with this key
 * means (analyzer.h), ascending; *ids is allocated (caller frees), *n may
 * be 0 (then *ids is NULL). */
int index_key_terms(struct index *ix, const char *key, size_t len,
                    uint32_t **ids, size_t *n, struct errbuf *eb);
/* The term ids of one folded surface word ("estado": the terms that the
 * word, with any accents, was indexed under), as index_key_terms. */
int index_folded_terms(struct index *ix, const char *word, size_t len,
                       uint32_t **ids, size_t *n, struct errbuf *eb);
/* Call fn with every folded surface word of the index, in byte order;
 * word is valid during the call only. fn returns 0 to go on, n > 0 to go
 * on past every word that starts with the first n bytes of this one (a
 * prefix it has no use for: they are not decoded), or a negative code,
 * which stops the walk and is returned; else 0 or ERR_CORRUPT. */
typedef int (*index_word_fn)(void *ctx, const char *word, size_t len);
int index_folded_each(struct index *ix, index_word_fn fn, void *ctx,
                      struct errbuf *eb);
/* Term ids of every folded surface word starting with prefix, ascending and
 * unique, at most max_words words expanded; *capped = 1 when more words
 * matched than that. Caller frees *ids. */
int index_prefix_terms(struct index *ix, const char *prefix, size_t len,
                       size_t max_words, uint32_t **ids, size_t *n,
                       int *capped, struct errbuf *eb);

/* Clauses and documents. index_clause_len is the hot path of scoring: id
 * must be < n_clauses (checked at open), no error. */
uint32_t index_clause_len(const struct index *ix, uint32_t clause_id);
int index_clause(const struct index *ix, uint32_t clause_id,
                 struct clause_info *ci, struct errbuf *eb);
/* Only the kind (enum clause_kind) and document of a clause, from the
 * dense kinds and the documents' clause ranges without decoding its
 * record: for scoring, which asks them of many clauses (the boilerplate
 * test, the title of a hit's resolution) and needs neither label nor
 * text. 0, ERR_NOTFOUND or ERR_CORRUPT. */
int index_clause_kind_doc(const struct index *ix, uint32_t clause_id,
                          unsigned *kind, uint32_t *doc, struct errbuf *eb);
/* Only the document of a clause, from the documents' clause ranges
 * without decoding its record: for the title of every scored clause's
 * resolution. Cheapest asked in ascending clause order. 0, ERR_NOTFOUND or
 * ERR_CORRUPT. */
int index_clause_doc(const struct index *ix, uint32_t clause_id, uint32_t *doc,
                     struct errbuf *eb);
int index_doc(const struct index *ix, uint32_t doc_id, struct doc_info *di,
              struct errbuf *eb);
/* The title clause of a document (format.h DOC_TITLE_BITS: the first
 * clause of kind title among its first DOC_TITLE_SCAN), or UINT32_MAX when
 * it has none. Scoring asks it for every candidate clause (the BM25F title
 * field); its record is all it reads. */
int index_doc_title(const struct index *ix, uint32_t doc_id, uint32_t *clause,
                    struct errbuf *eb);
/* A doc_info date (yyyymmdd) as "2019-12-12", or "" for 0 (absent). */
void doc_date_iso(uint32_t date, char out[11]);
/* Append the clause's text to out (decoding its block, or taking it from
 * a small cache of decoded blocks). */
int index_clause_text(struct index *ix, uint32_t clause_id, struct buf *out,
                      struct errbuf *eb);
/* The texts of n clauses (n < 2^32), read in clause id order whatever
 * their order in clauses, so that a block holding several of them is
 * decoded once: text i is appended to out at off[i], len[i] bytes long
 * (off and len are the caller's arrays of n). For output of many hits,
 * where reading in rank order would decode a block per hit. */
int index_clause_texts(struct index *ix, const uint32_t *clauses, size_t n,
                       struct buf *out, size_t *off, uint32_t *len,
                       struct errbuf *eb);
/* The dictionary, or word model (*word set), a new segment of ix should
 * code its text with (storedtext.h): that of the segment with the most
 * text blocks, if it has at least min_blocks (trained on a full sample),
 * its checksum checked. *dict points into the mapped segment, valid until
 * close; *len is 0 when no segment qualifies. 0 or ERR_CORRUPT. */
int index_text_dict(struct index *ix, uint32_t min_blocks, const uint8_t **dict,
                    size_t *len, int *word, struct errbuf *eb);

/* Citations (format.h SEC_CITES), by record number 0..index_cite_count-1,
 * sorted by citing clause. */
struct cite_info {
	uint32_t clause, date; /* date: yyyymmdd given with the citation, or 0 */
	unsigned kind;         /* enum cite_kind (symbol.h) */
	const char *symbol;    /* normal form; into the mapped strings, valid until close */
	int deleted;           /* the citing clause's document was replaced or removed */
};
uint32_t index_cite_count(const struct index *ix);
int index_cite(const struct index *ix, uint32_t i, struct cite_info *ci,
               struct errbuf *eb);
/* The first citation record whose clause is >= clause (index_cite_count
 * if none): a clause's citations are those from here while clause matches. */
uint32_t index_cite_first(const struct index *ix, uint32_t clause);
/* The clauses citing symbol (normal form), ascending and unique; *ids is
 * allocated (caller frees), NULL when *n is 0. 0 or ERR_CORRUPT. */
int index_cite_clauses(const struct index *ix, const char *symbol,
                       uint32_t **ids, size_t *n, struct errbuf *eb);

/* Postings of one term, block by block. Fields are read-only for callers. */
struct posting_reader {
	struct index *ix;
	uint32_t term_id, df;
	uint32_t n_blocks, block;         /* current block, over all segments */
	uint32_t *block_seg, *block_n;    /* per block: its segment, postings */
	uint32_t *last_id;                /* per block, n_blocks of them */
	uint32_t title_max;               /* largest tf in a title, over its parts */
	/* Per block, its n_bounds[k] (tf, len) bound pairs (format.h) at
	 * bound_tf / bound_len + k * BLOCK_MAX_BOUNDS; its largest tf and
	 * shortest len are the first tf and the last len. */
	uint8_t *n_bounds;
	uint32_t *bound_tf, *bound_len;
	/* Per block, the bytes its offsets are relative to: its part's doc
	 * data (after the skip table) and positions, in its segment's mapped
	 * POSTINGS and POSITIONS or (a small part) in its bytes read with
	 * pread, which the index keeps. */
	const uint8_t **doc_base, **pos_base;
	uint64_t *doc_off, *pos_off;      /* per block, from its bases */
	uint64_t *doc_end, *pos_end;      /* where each block's data ends */
	uint32_t ids[CODEC_BLOCK], tfs[CODEC_BLOCK];
	/* ids and tfs hold block 0, ids and tfs decoded: a first part of one
	 * block, decoded at open for its table, until another block is read */
	int block0_held;
	uint32_t n, i;                    /* postings in the decoded block; current */
	/* The blocks the readers of this table decoded, kept for the others
	 * once posting_reader_keep_blocks asked (its twins share it). */
	struct block_cache *cache;
	int decoded;                      /* current block's ids decoded */
	/* Its tfs are decoded when first asked (posting_reader_tf): moving
	 * through a block to align an AND or a phrase needs only the ids. */
	int tfs_decoded;
	const uint8_t *tf_data;           /* the block's packed tfs, checked */
	/* Positions are decoded lazily, those of the posting asked for (see
	 * decode_positions): a phrase check on a common word reads the
	 * positions of one clause and steps over a few before it. */
	uint32_t *pos;                    /* posting pos_have's positions */
	size_t pos_cap;
	int pos_decoded;                  /* pos_group is set */
	/* Where each group of POSITION_GROUP postings' positions starts,
	 * from pos_base, and where the block's end (after the last group). */
	uint64_t pos_group[CODEC_BLOCK / POSITION_GROUP + 1];
	struct bit_reader pos_bits;       /* at posting pos_next's positions,
	                                   * up to its group's end */
	uint32_t pos_next, pos_have;
	uint32_t clause;                  /* current posting */
	uint32_t n_deleted;               /* deleted postings passed over */
	int twin;                         /* the block table is another reader's */
	const uint8_t *deleted;           /* the index's bit per deleted clause, or
	                                   * NULL when none is (its lifetime) */
};

int posting_reader_open(struct index *ix, uint32_t term_id,
                        struct posting_reader *r, struct errbuf *eb);
void posting_reader_release(struct posting_reader *r);
/* r reads the same term as the open reader of, from its first posting on,
 * sharing (not copying) its block table: of must stay open while r is. */
void posting_reader_open_twin(struct posting_reader *r,
                              const struct posting_reader *of);
/* 1 if r was opened and not released since. */
int posting_reader_is_open(const struct posting_reader *r);
/* From now on, the blocks r or any twin of r's table decodes are kept
 * (ids and tfs, 1 KiB a block) for the others until the table is
 * released: for a query that reads the term's postings more than once. */
void posting_reader_keep_blocks(const struct posting_reader *r);
/* Put an open r back before its first posting, as posting_reader_open
 * leaves it, without reading the skip table again. */
void posting_reader_rewind(struct posting_reader *r);
/* Move to the next live posting (the first after open): 0, 1 at the end,
 * or ERR_CORRUPT. Postings of deleted clauses are passed over (counted in
 * n_deleted); block bounds still cover them, so they stay upper bounds. */
int posting_reader_next(struct posting_reader *r, struct errbuf *eb);
/* For a reader read only this way since open: the live postings of its
 * next block (its first after open), decoded whole, into ids, tfs and
 * their clauses' lengths in tokens (lens), each of CODEC_BLOCK, *n of
 * them (0 when all are deleted): 0, 1 past the last block, or
 * ERR_CORRUPT. One loop a block, where posting_reader_next is a call a
 * posting: for reading a whole list. */
int posting_reader_next_block(struct posting_reader *r, uint32_t *ids, uint32_t *tfs,
                              uint32_t *lens, uint32_t *n, struct errbuf *eb);
/* Move to the first posting with clause >= target (never backwards; skips
 * whole blocks through last_id): 0, 1 at the end, or ERR_CORRUPT. */
int posting_reader_advance(struct posting_reader *r, uint32_t target,
                           struct errbuf *eb);

/* The first i in [from, n) with ids[i] >= target, given ids[n - 1] >=
 * target (ids ascend). An AND's common word is mostly moved a few
 * postings on, which a walk finds soonest; past eight, a binary search
 * without branches on the comparisons: in a conjunctive partial fill a
 * word was moved ~30 on, and walking there was a ninth of mundial
 * trabajo papoteía (100 MiB). */
static inline uint32_t posting_ids_first_at_least(const uint32_t *ids, uint32_t from,
                                                  uint32_t n, uint32_t target)
{
	if (n - from > 8 && ids[from + 8] < target) {
		/* the answer is in (from + 8, n - 1] */
		const uint32_t *b = ids + from + 9;
		uint32_t len = n - from - 9;
		while (len > 1) {
			uint32_t half = len / 2;
			b = b[half] < target ? b + half : b;
			len -= half;
		}
		return (uint32_t)(b - ids) + (*b < target);
	}
	while (ids[from] < target)
		from++;
	return from;
}

/* 1 if bit c of bits (a bit per clause, format of the index's deletion
 * marks) is set; NULL marks none. */
static inline int clause_bit_set(const uint8_t *bits, uint32_t c)
{
	return bits && (bits[c >> 3] >> (c & 7) & 1);
}

/* posting_reader_advance's commonest case, inlined where an AND aligns
 * its words: when r's decoded block holds a posting >= target and the
 * first such is live, r moves there and this returns 1; otherwise r is
 * left as it was and this returns 0 (posting_reader_advance does the
 * rest). Through the calls of a word's matcher and its reader, a move
 * within a block took ~140 instructions: inlined, two words --strict on
 * the generated 10 MiB corpus went from 308K to 288K instructions a query
 * (colaboración fateismo) and from 276K to 269K (agenda niteante). */
static inline int posting_reader_advance_in_block(struct posting_reader *r,
                                                  uint32_t target)
{
	uint32_t i, c;

	if (!r->decoded || r->block >= r->n_blocks || r->ids[r->n - 1] < target)
		return 0;
	i = posting_ids_first_at_least(r->ids, r->i, r->n, target);
	c = r->ids[i];
	if (clause_bit_set(r->deleted, c))
		return 0;
	r->i = i;
	r->clause = c;
	return 1;
}
/* A test of a posting by its tf and its clause's length in tokens, for
 * posting_reader_advance_keep: non-zero keeps it. It must never turn
 * from false to true as tf shrinks or the length grows (as a BM25 bound
 * of a score above a threshold), so that a block none of whose bound
 * pairs passes holds no posting that does. */
typedef int posting_keep_fn(void *ctx, uint32_t tf, uint32_t len);
/* The test with what is known of it: for tf < n_lens, lens[tf] is
 * POSTING_KEEP_ASK or the length below which fn keeps a posting of tf tf,
 * which is then tested without a call (fn may fill lens in as it is
 * asked: the caller's table). */
struct posting_keep {
	posting_keep_fn *fn;
	void *ctx;
	const uint32_t *lens;
	uint32_t n_lens;
};
#define POSTING_KEEP_ASK UINT32_MAX
/* Whether keep keeps a posting of tf tf in a clause of len tokens. */
static inline int posting_keeps(const struct posting_keep *keep, uint32_t tf, uint32_t len)
{
	uint32_t below = tf < keep->n_lens ? keep->lens[tf] : POSTING_KEEP_ASK;

	return below != POSTING_KEEP_ASK ? len < below : keep->fn(keep->ctx, tf, len);
}
/* Move to the first live posting with clause >= target that keep keeps,
 * passing over undecoded every block whose bound pairs keep rejects:
 * 0, 1 at the end, or ERR_CORRUPT. One loop over a block's decoded ids,
 * tfs and lengths, where moving posting by posting and testing each
 * would cost a call chain a posting. Deleted postings it passes over are
 * not counted in n_deleted. */
int posting_reader_advance_keep(struct posting_reader *r, uint32_t target,
                                const struct posting_keep *keep, struct errbuf *eb);
/* Move to the first block whose last id >= target without decoding it, for
 * block-max pruning: 0, or 1 at the end. r->block is then that block. */
int posting_reader_skip_block(struct posting_reader *r, uint32_t target);
/* The current block, once posting_reader_skip_block has chosen it (r->block
 * < r->n_blocks): its last clause id, its largest tf, its shortest clause
 * length, and its n bound pairs (format.h) as tf[i], len[i]. */
uint32_t posting_reader_block_last(const struct posting_reader *r);
uint32_t posting_reader_block_max_tf(const struct posting_reader *r);
uint32_t posting_reader_block_min_len(const struct posting_reader *r);
size_t posting_reader_block_bounds(const struct posting_reader *r,
                                   const uint32_t **tf, const uint32_t **len);
/* The same for block k < r->n_blocks, wherever r stands. */
size_t posting_reader_bounds_of(const struct posting_reader *r, uint32_t k,
                                const uint32_t **tf, const uint32_t **len);
/* The current posting's tf. */
uint32_t posting_reader_tf(struct posting_reader *r);
/* If clause lies within the block r has decoded (between its first and
 * last ids), set *tf to the clause's tf there (0 if the term is not in it)
 * and return 1, without moving r; else return 0. For the tf of a clause
 * just behind the current one (the title of its resolution), which a
 * second reader would decode the block again to find. */
int posting_reader_tf_at(struct posting_reader *r, uint32_t clause, uint32_t *tf);
/* The term's largest tf in a clause of kind title (format.h title_max). */
uint32_t posting_reader_title_max_tf(const struct posting_reader *r);
/* The largest tf of any posting of the term (over all its blocks). */
uint32_t posting_reader_max_tf(const struct posting_reader *r);
/* The shortest clause of any posting of the term (UINT32_MAX: none). */
uint32_t posting_reader_min_len(const struct posting_reader *r);
/* The current posting's positions, ascending; valid until the reader moves
 * to another block. */
int posting_reader_positions(struct posting_reader *r, const uint32_t **pos,
                             size_t *n, struct errbuf *eb);

/* Verify every checksum and invariant of the index in dir and print a
 * report to f: sections and sizes (dictionary, clause ids + frequencies,
 * positions, stored text, lexicon), bits per posting and per position.
 * 0 if sound, else the first error in eb (the report still lists what was
 * checked). */
int index_check(const char *dir, FILE *f, struct errbuf *eb);

#endif
