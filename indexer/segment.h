/* segment.h: the segment writer. Collects documents, clauses with their
 * stored text, term postings (in term order) and the lexicons, then writes
 * one immutable segment file laid out as common/format.h says, and the
 * MANIFEST that points at it.
 *
 * Large sections go to spool files next to the index (tmp_prefix), so the
 * writer's memory is the dictionary, the lexicons, the documents and
 * citation tables and one clause length per clause, whatever the corpus
 * size. */
#ifndef UNSEARCH_SEGMENT_H
#define UNSEARCH_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct wordcode_hint;

struct segment_writer;

struct segment_doc {
	const char *symbol, *title, *committee, *report, *path; /* NULL: absent */
	uint32_t session, date /* yyyymmdd or 0 */, agenda_item, meeting;
	uint32_t first_clause, n_clauses, flags;
	uint64_t file_size;
	int64_t mtime;
	uint64_t content_hash; /* format.h DOC_HASH */
	uint32_t parser_version; /* PARSER_VERSION of the parse (format.h DOC_PARSER) */
};

struct segment_clause {
	uint32_t doc, n_tokens, verb_pos, emph_start, emph_len;
	uint32_t line; /* 1-based source line of the clause's paragraph */
	unsigned kind;
	const char *label;
	const char *verb_lemma; /* the opener's lemma (verbs.h), NULL: none */
	/* its words, n_tokens of them (or none: NULL), for storedtext_add */
	const struct wordcode_hint *hints;
};

/* threaded: stored text is compressed on a thread of its own
 * (storedtext.h), and terms are encoded on another as segment_term_*
 * hand them over; the segment is byte for byte the same either way. */
int segment_writer_open(struct segment_writer **out, const char *tmp_prefix,
                        int threaded, struct errbuf *eb);
void segment_writer_free(struct segment_writer *sw); /* removes spools */
/* About how many bytes of text the segment will hold (storedtext_expect);
 * before the first clause is added. */
void segment_writer_expect_text(struct segment_writer *sw, uint64_t raw_bytes);
/* Code the stored text with dict, or the word model dict when word,
 * instead of training one (storedtext_inherit_dict); before the first
 * clause is added. 0 or ERR_CORRUPT. */
int segment_writer_inherit_dict(struct segment_writer *sw, const uint8_t *dict, size_t len,
                                int word, struct errbuf *eb);

/* Clauses get ids 0, 1, 2, ... in the order they are added. */
int segment_add_clause(struct segment_writer *sw, const struct segment_clause *c,
                       const char *text, size_t len, struct errbuf *eb);
/* Documents get ids 0, 1, 2, ... in order, each after its clauses (the
 * kinds of its first ones tell its title clause). Strings are copied. */
void segment_add_doc(struct segment_writer *sw, const struct segment_doc *d);
uint32_t segment_clause_count(const struct segment_writer *sw);

/* A citation of clause (already added) of the symbol (normal form,
 * copied), in clause order (format.h SEC_CITES). */
void segment_add_cite(struct segment_writer *sw, uint32_t clause,
                      const char *symbol, uint32_t date, unsigned kind);

/* Terms in strictly increasing byte order; a term's postings in increasing
 * clause order, each with its tf positions ascending. Term ids are the
 * order of segment_term_begin calls, from 0. Terms are encoded a batch at
 * a time: an encoding error may be returned by a later segment_term_end
 * or by segment_write. */
int segment_term_begin(struct segment_writer *sw, const char *term, size_t len,
                       struct errbuf *eb);
/* A posting of the open term: its clause and tf; the caller writes its tf
 * positions, as gaps (the first from 0), to the slots *gaps points to,
 * before the next call. (The runs hold gaps: the merge decodes them
 * straight into the batch, rather than into positions that were turned
 * back into gaps here: the merge of the generated 10 MiB corpus takes
 * 181 M instructions rather than 208 M, callgrind.) */
int segment_term_add(struct segment_writer *sw, uint32_t clause, uint32_t tf,
                     uint32_t **gaps, struct errbuf *eb);
int segment_term_end(struct segment_writer *sw, struct errbuf *eb);

enum segment_lexicon { LEXICON_FOLDED, LEXICON_KEYS };
/* Keys in strictly increasing order; ids ascending and unique (n may be
 * 0 in LEXICON_KEYS only: format.h SEC_KEYS). */
int segment_lexicon_add(struct segment_writer *sw, enum segment_lexicon which,
                        const char *key, size_t len, const uint32_t *ids,
                        size_t n, struct errbuf *eb);

/* Write the segment to path (through path.tmp, fsynced, renamed). *size
 * receives the file's size. */
int segment_write(struct segment_writer *sw, const char *path, uint64_t *size,
                  struct errbuf *eb);

/* One segment as the MANIFEST lists it. */
struct manifest_entry {
	char *name;                 /* a file name in the index directory */
	uint64_t file_size;
	uint32_t n_docs, n_clauses;
	uint32_t *deleted, n_deleted; /* local doc ids, ascending */
};

/* Point dir/MANIFEST at the segments (in order) with their deletions and
 * the roots, atomically: MANIFEST.tmp is written, fsynced and renamed, and
 * dir is fsynced. */
int manifest_write(const char *dir, uint64_t generation,
                   const struct manifest_entry *segs, size_t n_segs,
                   char *const *roots, size_t n_roots, int64_t last_update,
                   struct errbuf *eb);

#endif
