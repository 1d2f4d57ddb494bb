/* format.h: the on-disk format of an unsearch index, the one place it is
 * defined (man/unsearch.5 documents the same layout for users).
 *
 * Byte order: little-endian everywhere. Varints are codec.h's (7 bits a
 * byte, low first); bit-packed blocks are codec.h's too.
 *
 * An index is a directory:
 *   MANIFEST            which segment files make up the index, which of their
 *                       documents are deleted, and the roots (file kind 1)
 *   seg-<gen>.uns       an immutable segment (file kind 2); the MANIFEST lists
 *                       one or more, in order
 *   LOCK                held (flock) by a running unindex; holds its pid
 *   *.tmp               temporaries of a build in progress, never read
 * An update writes its new segments (new and changed documents, merges)
 * under temporary names, fsyncs and renames them, then writes a new MANIFEST
 * (new generation, new deletion lists) and renames it over the old one (the
 * commit point), fsyncs the directory and removes segments no longer
 * listed. Until the rename readers see the old state whole; a crash before
 * it leaves files no MANIFEST lists, which the next unindex removes.
 *
 * Every file:
 *   header   FILE_HEADER_SIZE bytes:
 *     magic[8] "UNSEARCH"  sentinel[4] "\r\n\032\n"  (catches text-mode
 *     damage, as PNG's) u32 version  u32 kind  u32 n_sections
 *     u32 table_crc (CRC32 of the section table)  u32 header_crc (CRC32 of
 *     the 28 bytes before it)
 *   table    n_sections entries of SECTION_ENTRY_SIZE bytes:
 *     u32 id  u32 crc (CRC32 of the section's bytes)  u64 offset  u64 length
 *   sections at their offsets, in table order, not overlapping.
 *
 * MANIFEST sections:
 *   SEC_MANIFEST: u64 generation  u32 n_segments (>= 1), then per segment,
 *     in id order (global ids = the counts of the segments before + local):
 *     u32 name_len  name bytes  u64 file_size  u32 n_docs  u32 n_clauses
 *     u32 n_deleted  n_deleted x u32 local doc ids, ascending: documents an
 *     update removed or replaced; readers skip their clauses and leave them
 *     out of every statistic
 *   SEC_ROOTS (optional): i64 last_update (unix seconds)  u32 n_roots, then
 *     per root u32 len  bytes (an absolute path unindex keeps up to date)
 *
 * Segment sections (clause ids and doc ids are 0-based, local to the segment):
 *   SEC_STATS    u32 n_docs  u32 n_clauses  u64 n_tokens  u32 n_terms
 *                u32 n_text_blocks
 *   SEC_TERMS / SEC_TERMS_INDEX     sorted string table (sst.h): index terms
 *     (stems) in byte order; payload per term (no payload length: the
 *     payloads of SEC_TERMS, SEC_FOLDED and SEC_KEYS end themselves, and
 *     their tables are written lengthless):
 *       varint df  varint postings_off  varint postings_len
 *       varint positions_off  varint positions_len
 *     with the two offsets only in the first term of each table block
 *     (ordinal % SST_BLOCK_KEYS == 0): the others' postings and positions
 *     start where the term before them ends, as the writer lays them out
 *     in term order, and a lookup decodes the whole block anyway (5.7 bytes
 *     a term less: TERMS 603 KB -> 373 KB on the generated 10 MiB corpus).
 *     A term's id is its ordinal in this table.
 *   SEC_POSTINGS  per term at postings_off, in n_blocks = ceil(df /
 *     CODEC_BLOCK) blocks. A term of one block (df <= CODEC_BLOCK) is the
 *     block's doc data alone (below): a reader derives its title_max, last
 *     id and bound pairs from it (skiptab_front, as the writer does for a
 *     table). A term of more blocks has first
 *     varint title_max (the term's largest tf in a clause
 *     of kind title, 0 if none: a bound of BM25F's title field for every
 *     clause of a resolution, far below the largest tf of all), then the
 *     skip table (common/skiptab.h): the blocks in chunks of CODEC_BLOCK
 *     (the last chunk the rest), each chunk of m blocks as seven columns:
 *       last_gap   m x (last id - the previous block's last id - 1, the
 *                  first block's from -1)
 *       doc_bytes  s x the block's doc data bytes
 *       pos_bytes  s x its position bytes; s = m, but m - 1 in the term's
 *                  last chunk: the last block's data and positions are the
 *                  rest of the term's postings_len and positions_len
 *       head       m x (tf - 1) << BOUND_COUNT_BITS | (n_bounds - 1) of the
 *                  block's last bound pair (1..BLOCK_MAX_BOUNDS pairs)
 *       len        m x the last pair's len
 *       tf_diff    per block, per earlier pair from the last but one back
 *                  to the first: its tf - the next pair's tf - 1
 *       len_diff   the same of the lens
 *     each column bit-packed CODEC_BLOCK values at a time, or as varints
 *     when m < SKIP_PACK_MIN. Reading a table is then a few bitpack_reads
 *     per 128 blocks and loops over the columns, where format 13 read
 *     varints entry by entry and checked each (figures at version 14);
 *     then the blocks' doc data back to back; block k holds
 *     n = min(CODEC_BLOCK, df - k * CODEC_BLOCK) postings:
 *       bitpacked n clause-id gaps (first gap from the previous block's last
 *       id, or from -1 for block 0, so every gap >= 1 and is stored minus 1)
 *       bitpacked n (tf - 1), but nothing in a block whose every tf is
 *       1: its doc data ends with its ids
 *     The bound pairs cover the block: every posting's (tf, clause length)
 *     has a pair with tf >= it and len <= it. They are the Pareto front of
 *     the block's pairs (merged to at most BLOCK_MAX_BOUNDS), ordered by tf
 *     descending, so the first pair has the block's largest tf and the last
 *     its shortest length. BM25's tf part grows with tf and shrinks with len
 *     for every k1 and b, so the best of the pairs bounds every clause of
 *     the block whatever k1 and b a query picks, and blocks whose bound
 *     cannot reach the top k are skipped at query time.
 *   SEC_POSITIONS per term at positions_off, per block pos_bytes: the
 *     block's postings in groups of POSITION_GROUP (the last group the
 *     rest): varint byte length of each group but the last, then the
 *     groups back to back, each a bit stream (codec.h positions_put) of
 *     its postings' positions in posting order, padded with zero bits to
 *     a whole byte. A posting's tf positions in a clause of len tokens
 *     (SEC_LENGTHS) are each coded in truncated binary among the values
 *     it can still take, about log2(len) bits a position: on the generated
 *     100 MiB corpus 5.93 bits a position, group lengths and padding
 *     included, against 6.70 for format 15's bit-packed gaps (11.39 MB ->
 *     10.07 MB). Only the clause length and the positions themselves tell
 *     where a posting's bits end, so a reader finds a posting's positions
 *     by stepping over those before it in its group (15 on average).
 *   SEC_CLAUSES   the clause records (common/clauserec.c), in groups of
 *     CLAUSE_GROUP clauses by clause id; group g starts at the offset
 *     SEC_CLAUSE_GROUPS gives and ends where group g + 1 starts (the last
 *     at the section's end). A record is varints:
 *       head  CLREC_LABEL | CLREC_VERB | CLREC_EMPH | CLREC_NEW_BLOCK |
 *             CLREC_NEW_DOC | CLREC_LEMMA (the kind is in SEC_KINDS;
 *             LEMMA only with VERB)
 *       doc         if first of its group: the doc id; else if NEW_DOC:
 *                   the gap from the previous clause's doc (>= 1)
 *       text_block  the same with NEW_BLOCK
 *       text_off    first of its group only: the byte offset of the text
 *                   in its block. Otherwise derived: the clauses of a block
 *                   lie back to back from offset 0, so it is 0 after
 *                   NEW_BLOCK and the previous clause's off + len otherwise
 *       text_ord    first of its group only: the clause's place among its
 *                   block's clauses (0 for the first); otherwise 0 after
 *                   NEW_BLOCK and the previous clause's + 1
 *       text_len
 *       label       if LABEL: index into SEC_LABELS
 *       verb_pos    if VERB: token position of the opening verb
 *       lemma       if LEMMA: index into SEC_LEMMAS, the lemma of the
 *                   opening phrase (common/verbs.h), found by the indexer
 *                   from the clause's words at verb_pos on
 *       emph_start emph_len   if EMPH: bytes in the clause text
 *       line        zigzag-coded difference from the previous clause's
 *                   line (from 0 for the first of a group): the 1-based
 *                   line of the source file where the clause's paragraph
 *                   starts; clauses of one document never go back up the
 *                   file
 *     Measured on the generated 100 MiB corpus: 8.0 bytes a clause against
 *     28 for the fixed records of formats 4-7.
 *   SEC_CLAUSE_GROUPS  ceil(n_clauses / CLAUSE_GROUP) x u32: where each
 *                 group starts in SEC_CLAUSES (ascending)
 *   SEC_LABELS    n_labels x u32: string offsets of the distinct clause
 *                 labels, in order of first use (so the commonest, "1",
 *                 "2", get one-byte indexes)
 *   SEC_LEMMAS    n_lemmas x u32: string offsets of the distinct opener
 *                 lemmas ("instar", "acoger con beneplácito"), in order of
 *                 first use (a few dozen: one-byte indexes)
 *   SEC_LENGTHS   n_clauses x u8: each clause's length in tokens, apart
 *                 from the records so that scoring reads a dense array;
 *                 LENGTH_LONG for a clause of LENGTH_LONG tokens or more,
 *                 whose length SEC_LONG_LENGTHS holds
 *   SEC_LONG_LENGTHS  one record of LONG_LENGTH_SIZE per LENGTH_LONG byte of
 *                 SEC_LENGTHS, ascending by clause: u32 clause (of the
 *                 segment)  u32 length in tokens (LENGTH_LONG up to
 *                 CLAUSE_MAX_TOKENS); empty in most segments (the
 *                 generated corpora have no clause that long)
 *   SEC_KINDS     ceil(n_clauses / 2) bytes: each clause's kind
 *                 (clause_kind.h) in KIND_BITS bits, clause c's in the low
 *                 half of byte c / 2 when c is even, in the high half when
 *                 it is odd; apart from the records too: scoring reads it
 *                 for the boilerplate test of each hit, which a record
 *                 would be decoded for
 *   SEC_DOCS      n_docs records of DOC_RECORD_SIZE, by doc id:
 *     u32 symbol  u32 title  u32 committee  u32 report  u32 path  (string
 *     offsets or NO_STRING)  u32 session  u32 date (yyyymmdd or 0)
 *     u32 agenda_item  u32 meeting  u32 first_clause  u32 n_clauses
 *     u32 flags (DOC_IS_RESOLUTION; in DOC_TITLE_BITS the title clause's
 *     offset from first_clause + 1: the first clause of kind title among
 *     the first DOC_TITLE_SCAN, 0 if none)  u64 file_size  i64 mtime
 *     u64 content_hash (XXH3_64bits of the file's bytes, libxxhash): a
 *     file whose size or mtime changed is re-read only if this differs
 *     u32 parser (the indexer's PARSER_VERSION when it parsed the file: a
 *     file parsed by another version is parsed again, unchanged or not)
 *   SEC_STRINGS   NUL-terminated UTF-8 strings; offsets point at their start
 *   SEC_TEXT_DICT the zstd dictionary of every text block (at most
 *                 TEXT_DICT_MAX bytes; may be empty): trained on the
 *                 segment's first clause texts (ZDICT, starting with zstd's
 *                 dictionary magic) or, when too little text to train on,
 *                 raw pieces of it (a zstd raw-content dictionary), so that
 *                 a small block finds its phrases there as it would in a
 *                 large block's history. An update's segment copies the
 *                 dictionary of the index's largest segment instead
 *                 (storedtext.h), so readers digest it once for all
 *   SEC_TEXT      zstd frames without their magic number (zstd's
 *                 "magicless" format; no content size, checksum or
 *                 dictionary id either), back to back, one per text
 *                 block, each compressed on its own with
 *                 SEC_TEXT_DICT as dictionary. A block holds
 *                 whole clauses in clause order, at most TEXT_BLOCK_SIZE raw
 *                 bytes; a clause's text never spans two blocks, so offsets
 *                 and lengths inside a block fit in 16 bits. The writer
 *                 closes a block before it would pass TEXT_BLOCK_TARGET
 *                 bytes (a longer clause gets a block of its own), so a hit
 *                 decodes a few KiB, not a 64 KiB block.
 *   SEC_TEXT_MODEL a word model (common/wordcode.h), or empty. When it is
 *                 not empty the segment's text is in its word code and
 *                 SEC_TEXT_DICT is empty: a block of SEC_TEXT is then
 *                 varint n (its clauses)  n x varint the byte length of
 *                 each clause's code  the codes back to back, each coded
 *                 on its own (a clause decodes alone: its record gives its
 *                 place in the block, text_ord). The writer takes the word
 *                 code for a segment whose sample is full when the code
 *                 of the sample's last quarter, by a model of the rest, is
 *                 smaller than zstd's frames of it (storedtext.c)
 *   SEC_TEXT_INDEX per block: u48 offset (in SEC_TEXT, ascending: the
 *                 block's frame ends where the next block's starts, the
 *                 last one at the section's end)  u16 raw_len
 *                 (<= TEXT_BLOCK_SIZE)  u32 crc (CRC32 of the frame's
 *                 bytes; checked every time before the block is decoded, so
 *                 damage in a large index, whose TEXT section is not
 *                 checksummed at open, gives ERR_CORRUPT rather than a
 *                 wrong paragraph). 12 bytes a block against 20 in
 *                 format 11, and frames 4 bytes shorter: on the generated
 *                 100 MiB corpus (27,090 blocks) 325 KB less
 *   SEC_FOLDED / SEC_FOLDED_INDEX   sst of accent-folded surface words
 *     (analyzer.h "folded") -> payload: the word's term ids, ascending, as a
 *     term list (common/termlist.c): varint head = zigzag(first id - base)
 *     << 1 | more, base being the first id of the last key before it in its
 *     sst block that has ids (0 for a block's first key); more = 0: the
 *     list is that one id; more = 1: varint count (0, or 2 and more), then
 *     count - 1 varints of each id's gap from the one before minus 1 (a
 *     list of 0 has a difference of 0 and leaves the base). A reader
 *     decodes the keys before its own in the block for the base. For
 *     prefix queries.
 *   SEC_KEYS / SEC_KEYS_INDEX   sst of lookup keys (stem of the folded word)
 *     -> a term list as SEC_FOLDED's: the terms that a query word with this
 *     key means.
 *     A key whose only term has the key's own bytes (most: a word without
 *     accents) is left out, and a reader finds it in SEC_TERMS; so a term
 *     that is no word's key is there with n = 0, the one payload that may be
 *     empty (on the generated 10 MiB corpus: 4,184 entries, 1,193 of them
 *     empty, against 42,935 keys: 35 KB against 397 KB).
 *   SEC_CITES     n_cites records of CITE_RECORD_SIZE, sorted by clause id,
 *                 a clause's in text order (common/cite.h: each symbol once
 *                 a clause; a resolution's citations of itself are left out):
 *     u32 clause  u32 symbol (string offset: the cited symbol in the normal
 *     form of symbol.h, "53/70", "S/RES/1325(2000)", "A/74/363")
 *     u32 date (yyyymmdd written with the citation, or 0)
 *     u8 kind (symbol.h enum cite_kind: 1 resolution, 2 decision,
 *     3 document)  u8 pad[3]
 *
 * Bumping FORMAT_VERSION: any change a reader of the current version would misread (a new
 * field, a changed encoding, a new required section) bumps it; readers
 * refuse other versions with ERR_VERSION and tell the user to rebuild.
 * Adding an optional section that old readers can ignore does not. */
#ifndef UNSEARCH_FORMAT_H
#define UNSEARCH_FORMAT_H

#include <stdint.h>

#define FORMAT_MAGIC "UNSEARCH"
#define FORMAT_MAGIC_LEN 8
#define FORMAT_SENTINEL "\r\n\032\n"
#define FORMAT_SENTINEL_LEN 4
/* 1: first layout (40-byte clause records, one max tf / min length pair a
 *    block); never released.
 * 2: 24-byte clause records and SEC_LENGTHS; Pareto bound pairs.
 * 3: clause kinds footnote, vote and decision (a version 2 reader would
 *    refuse them as damage).
 * 4: 28-byte clause records ending in the clause's source line, so hits
 *    can name file:line.
 * 5: SEC_CITES, the citations of every clause (required).
 * 6: stored text in blocks of about TEXT_BLOCK_TARGET bytes, raw deflate
 *    with a preset dictionary (SEC_TEXT_DICT), a CRC32 per block in
 *    SEC_TEXT_INDEX (20-byte entries).
 * 7: several segments with per-segment deletion lists in the MANIFEST, the
 *    roots (SEC_ROOTS), and each document's content hash (72-byte records),
 *    for incremental updates.
 * 8: stored text in zstd frames with a trained dictionary of up to
 *    256 KiB (31% of the text on the generated corpus against 36%).
 * 9: clause kinds in their own dense section (SEC_KINDS), out of the
 *    clause records' heads; each term's largest tf in a title (SEC_POSTINGS
 *    title_max).
 * 10: SEC_KEYS leaves out the keys that mean just the term of their bytes
 *    (a reader of 9 would find no term for them); SEC_TERMS holds offsets
 *    only in the first term of a block; a term's last skip entry has no
 *    byte counts.
 * 11: sorted string tables keep each block's first key in their index,
 *    not in the block (sst.h), so a lookup reads the index with one pread,
 *    searches it and reads one block: a word's lookup in a segment took
 *    about 8 reads, now 2 (ten segments, one-word query: 246 preads in
 *    format 10, 105 now).
 * 12: stored text frames without zstd's magic number, and SEC_TEXT_INDEX
 *    entries of 12 bytes (u48 offset, u16 raw length, CRC; the compressed
 *    length is the distance to the next block): 325 KB less on the
 *    generated 100 MiB corpus; the bound pairs of a skip entry count
 *    themselves in the last pair's tf and are coded as differences (115 KB
 *    less).
 * 13: a text block's CRC32 is that of its frame, not of the decoded text:
 *    checked before zstd reads the frame, on a third of the bytes (a hit's
 *    block: ~15K -> ~5K instructions).
 * 14: skip tables in chunks of bit-packed columns, not entries of varints:
 *    opening a term's postings reads a block's entry in ~134 instructions,
 *    not ~317 (especial internacional daresaar on the generated 100 MiB
 *    corpus, 516 blocks: 164K -> 69K a query, 537K -> 442K in all), and
 *    POSTINGS is 1.7% smaller there (14.39 MB -> 14.14 MB); a document's
 *    title clause in its flags (DOC_TITLE_BITS), not found in KINDS by
 *    every query (a two-word AND there: 57 -> 53 page faults).
 * 15: SEC_LENGTHS a byte a clause, lengths of 255 tokens and more in
 *    SEC_LONG_LENGTHS, and SEC_KINDS half a byte a clause: 450 KB less on
 *    the generated 100 MiB corpus, and read whole into the heap at every
 *    open.
 * 16: SEC_POSITIONS in truncated binary, bounded by each clause's length,
 *    in groups of POSITION_GROUP postings (1.32 MB less on the generated
 *    100 MiB corpus), and SEC_TEXT_DICT up to 512 KiB (a large segment's:
 *    0.64 MB less there).
 * 17: each clause's opener lemma in its record (CLREC_LEMMA, SEC_LEMMAS),
 *    found once by the indexer rather than by analysing the opening words
 *    of every hit printed in JSON (5% of a two-word AND's instructions at
 *    10 MiB).
 * 18: no block count in SEC_POSTINGS (df gives it), and a term of one block
 *    without title_max and skip table: 278 KB less on the generated 10 MiB
 *    corpus, whose 41,000 terms are 40,118 of one block (2.6% of the
 *    corpus), 243 KB less at 100 MiB.
 * 19: lexicon term lists (SEC_FOLDED, SEC_KEYS) with the first id as a
 *    difference from the key before it in its block, and no count for a
 *    list of one id: FOLDED 527 KB -> 405 KB on the generated 10 MiB
 *    corpus (its 49,232 folded words all have one term).
 * 20: no payload lengths in SEC_TERMS, SEC_FOLDED and SEC_KEYS, whose
 *    payloads end themselves: a byte a key less, 94 KB on the generated
 *    10 MiB corpus.
 * 21: no tf column in a block whose every tf is 1 (its doc data ends with
 *    its ids).
 * 22: a sorted string table entry's prefix and suffix lengths in one byte
 *    (SST_HEAD_*), not two varints: 89 KB less on the generated 10 MiB
 *    corpus (TERMS 308 -> 270 KB, FOLDED 355 -> 309 KB).
 * 23: a key's suffix bytes in nibbles, the table's fifteen commonest bytes
 *    one each (SST_NIBBLE_*), listed in its index: 116 KB less on the
 *    generated 10 MiB corpus (FOLDED 309 -> 223 KB, TERMS 270 -> 244 KB).
 * 24: stored text in a word code (SEC_TEXT_MODEL) where it stores less
 *    than zstd, each clause decoded on its own; text_ord in clause records.
 * 25: a document's content hash is the XXH3 of its file's bytes, not
 *    zlib's crc32 and adler32 (7.5 ms of a 10 MiB build's CPU, on the
 *    main thread).
 * 26: the word model's symbols' heads apart from their bytes, with the
 *    bytes' offset every WORDCODE_STRIDE symbols, and an XXH3 of its own:
 *    a reader finds a symbol without walking the model, and checks it
 *    faster than its section's CRC (a query of a 100 MiB index: ~190 ->
 *    ~70 us for the model).
 * 27: an offset every 8 symbols, not 32 (WORDCODE_STRIDE): a symbol's
 *    bytes found with one sum of its group's heads, not a loop (printing
 *    40,000 hits at 100 MiB: 477M -> 335M instructions of decoding).
 * 28: a full bit-packed block (CODEC_BLOCK values: postings' gaps and
 *    tfs, skip table columns) in four interleaved lanes of 32-bit words
 *    (codec.h), decoded four values at a time with SSE2; sizes unchanged. */
#define FORMAT_VERSION 28

enum file_kind {
	FILE_KIND_MANIFEST = 1,
	FILE_KIND_SEGMENT = 2,
};

/* Header field offsets. */
#define HDR_MAGIC 0
#define HDR_SENTINEL 8
#define HDR_VERSION 12
#define HDR_KIND 16
#define HDR_NSECTIONS 20
#define HDR_TABLE_CRC 24
#define HDR_HEADER_CRC 28
#define FILE_HEADER_SIZE 32

/* Section table entry field offsets. */
#define SECT_ID 0
#define SECT_CRC 4
#define SECT_OFFSET 8
#define SECT_LENGTH 16
#define SECTION_ENTRY_SIZE 24
#define MAX_SECTIONS 32

enum section_id {
	SEC_MANIFEST = 1,
	SEC_ROOTS = 2,
	SEC_STATS = 10,
	SEC_TERMS = 11,
	SEC_TERMS_INDEX = 12,
	SEC_POSTINGS = 13,
	SEC_POSITIONS = 14,
	SEC_CLAUSES = 15,
	SEC_DOCS = 16,
	SEC_STRINGS = 17,
	SEC_TEXT = 18,
	SEC_TEXT_INDEX = 19,
	SEC_FOLDED = 20,
	SEC_FOLDED_INDEX = 21,
	SEC_KEYS = 22,
	SEC_KEYS_INDEX = 23,
	SEC_LENGTHS = 24,
	SEC_CITES = 25,
	SEC_TEXT_DICT = 26,
	SEC_CLAUSE_GROUPS = 27,
	SEC_LABELS = 28,
	SEC_KINDS = 29,
	SEC_LONG_LENGTHS = 30,
	SEC_LEMMAS = 31,
	SEC_TEXT_MODEL = 32,
};

/* SEC_STATS */
#define STATS_N_DOCS 0
#define STATS_N_CLAUSES 4
#define STATS_N_TOKENS 8
#define STATS_N_TERMS 16
#define STATS_N_TEXT_BLOCKS 20
#define STATS_SIZE 24

/* SEC_CLAUSES: records per group, and the head's flags (no other bits). */
#define CLAUSE_GROUP 16
#define CLREC_LABEL (1u << 0)
#define CLREC_VERB (1u << 1)
#define CLREC_EMPH (1u << 2)
#define CLREC_NEW_BLOCK (1u << 3)
#define CLREC_NEW_DOC (1u << 4)
#define CLREC_LEMMA (1u << 5)
#define CLREC_FLAG_BITS 6
#define CLAUSE_GROUP_ENTRY_SIZE 4
#define LABEL_ENTRY_SIZE 4
#define LEMMA_ENTRY_SIZE 4

/* SEC_LENGTHS entry; SEC_LONG_LENGTHS record */
#define LENGTH_SIZE 1
#define LENGTH_LONG 0xffu
#define CLAUSE_MAX_TOKENS 0xffffu
#define LONG_LENGTH_CLAUSE 0
#define LONG_LENGTH_TOKENS 4
#define LONG_LENGTH_SIZE 8

/* SEC_KINDS: two clauses a byte */
#define KIND_BITS 4
#define KIND_MASK ((1u << KIND_BITS) - 1)

/* SEC_DOCS record */
#define DOC_SYMBOL 0
#define DOC_TITLE 4
#define DOC_COMMITTEE 8
#define DOC_REPORT 12
#define DOC_PATH 16
#define DOC_SESSION 20
#define DOC_DATE 24
#define DOC_AGENDA_ITEM 28
#define DOC_MEETING 32
#define DOC_FIRST_CLAUSE 36
#define DOC_N_CLAUSES 40
#define DOC_FLAGS 44
#define DOC_FILE_SIZE 48
#define DOC_MTIME 56
#define DOC_HASH 64
#define DOC_PARSER 72
#define DOC_RECORD_SIZE 76

#define DOC_IS_RESOLUTION 1u
/* The title clause in the flags: a query's scoring asks every candidate's
 * resolution for its title (the BM25F title field), and finding it in
 * SEC_KINDS touched a page of kinds per resolution: 5 of the 54 page
 * faults of a two-word AND on the generated 100 MiB corpus. */
#define DOC_TITLE_SHIFT 8
#define DOC_TITLE_BITS (0xffu << DOC_TITLE_SHIFT)
#define DOC_TITLE_SCAN 16 /* the header's lines come before the title */

/* SEC_CITES record */
#define CITE_CLAUSE 0
#define CITE_SYMBOL 4
#define CITE_DATE 8
#define CITE_KIND 12
#define CITE_RECORD_SIZE 16

/* SEC_TEXT_INDEX entry */
#define TEXTIDX_OFFSET 0 /* u48 */
#define TEXTIDX_RAW_LEN 6 /* u16 */
#define TEXTIDX_CRC 8
#define TEXTIDX_ENTRY_SIZE 12

#define TEXT_BLOCK_SIZE 65535 /* so offsets and lengths fit a u16 */
/* The writer's block size: about 12 clauses. Measured on the generated
 * 100 MiB corpus (zstd level 9, 256 KiB trained dictionary): 4 KiB blocks
 * store the text in 31.0% of its bytes, 8 KiB blocks in 30.5%, and a hit
 * decodes 4 KiB (~12 us). Readers do not depend on it. */
#define TEXT_BLOCK_TARGET 4096
/* The largest dictionary, a large segment's (indexer/storedtext.c):
 * 256 KiB stored 31.0% of the text against 32.8% with 64 KiB and 30.6%
 * with 512 KiB, and 1 MiB would store 0.7% less than 512 KiB for twice
 * the bytes each query process reads. */
#define TEXT_DICT_MAX (512u << 10)
#define NO_STRING 0xffffffffu
#define NO_POSITION 0xffffffffu

/* Postings per group of a block's positions (SEC_POSITIONS): a reader
 * finds a posting's positions by decoding those of its group before it. */
#define POSITION_GROUP 32

/* Bound pairs per postings block (SEC_POSTINGS skip entries), and the low
 * bits of the last pair's tf varint that hold their count less one. */
#define BLOCK_MAX_BOUNDS 4
#define BOUND_COUNT_BITS 2
_Static_assert(BLOCK_MAX_BOUNDS <= 1 << BOUND_COUNT_BITS, "bound count bits");
/* A skip table chunk of fewer blocks codes its columns as varints: a
 * packed column's width byte would lengthen the many terms of one block.
 * POSTINGS on the generated 100 MiB corpus with varints below 1 (none),
 * 2, 3, 4 and 8 blocks: 14.22, 14.147, 14.144, 14.147, 14.16 MB; at
 * 10 MiB, none against below 3: 1.767 against 1.721 MB. */
#define SKIP_PACK_MIN 3

/* Sorted string tables (sst.h): keys per front-coded block. */
#define SST_BLOCK_KEYS 16
/* An entry's key head: one byte, the shared prefix's length in its low
 * SST_HEAD_BITS and the suffix's in its high ones, while the prefix is at
 * most SST_HEAD_MAX and the suffix below it; otherwise the byte
 * SST_HEAD_LONG (suffix field all ones, prefix field 0) and the two
 * lengths as varints. Every folded word and term of the generated 10 MiB
 * corpus fits the byte (prefixes up to 9, suffixes up to 14): a byte a
 * key less than two varints, 94 KB there. */
#define SST_HEAD_BITS 4
#define SST_HEAD_MAX ((1u << SST_HEAD_BITS) - 1)
#define SST_HEAD_LONG (SST_HEAD_MAX << SST_HEAD_BITS)
/* An entry's suffix bytes, in nibbles (the first of a byte in its low
 * half, the last byte's high half 0 when their count is odd): the table's
 * SST_NIBBLE_SYMBOLS commonest suffix bytes, listed in its index, take a
 * nibble each, their position in the list; any other byte the nibble
 * SST_NIBBLE_ESCAPE, then its high and its low half. Folded words and
 * stems are written in few letters: on the generated 10 MiB corpus the
 * fifteen commonest are 98% of FOLDED's suffix bytes and 96% of TERMS'. */
#define SST_NIBBLE_SYMBOLS 15
#define SST_NIBBLE_ESCAPE 15
/* An sst index's header: u32 n_keys, u32 n_blocks, the nibble symbols. */
#define SST_INDEX_KEYS 0
#define SST_INDEX_BLOCKS 4
#define SST_INDEX_SYMBOLS 8
#define SST_INDEX_HEAD (SST_INDEX_SYMBOLS + SST_NIBBLE_SYMBOLS)

#define MANIFEST_NAME "MANIFEST"
#define LOCK_NAME "LOCK"
#define SEGMENT_SUFFIX ".uns"
#define TMP_SUFFIX ".tmp"

/* Little-endian loads from bytes already bounds-checked by the caller. */
static inline uint16_t load_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t load_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}
static inline uint64_t load_u64(const uint8_t *p)
{
	return (uint64_t)load_u32(p) | (uint64_t)load_u32(p + 4) << 32;
}
static inline uint64_t load_u48(const uint8_t *p)
{
	return (uint64_t)load_u32(p) | (uint64_t)load_u16(p + 4) << 32;
}
static inline void store_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}
static inline void store_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}
static inline void store_u48(uint8_t *p, uint64_t v)
{
	store_u32(p, (uint32_t)v);
	store_u16(p + 4, (uint16_t)(v >> 32));
}
static inline void store_u64(uint8_t *p, uint64_t v)
{
	store_u32(p, (uint32_t)v);
	store_u32(p + 4, (uint32_t)(v >> 32));
}

#endif
