/* test_index.c: unit tests for the index reader (index.c, index_postings.c,
 * index_check.c) on a tiny segment built by hand from format.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_c_format */
#include <zstd.h>

#include "buf.h"
#include "clause_kind.h"
#include "clauserec.h"
#include "codec.h"
#include "err.h"
#include "format.h"
#include "harness.h"
#include "index.h"
#include "skiptab.h"
#include "sst.h"
#include "symbol.h"
#include "termlist.h"

/* The test segment: N_CLAUSES clauses of CLAUSE_TOKENS tokens (but clause
 * LONG_CLAUSE, of LONG_TOKENS: past a byte, format.h SEC_LONG_LENGTHS) in
 * 2 docs and 2 text blocks; term "a" has 300 postings (3 blocks), "b" 1,
 * "c" 2. */
#define N_CLAUSES 400
#define CLAUSE_TOKENS 10
#define LONG_CLAUSE 9
#define LONG_TOKENS 300
#define ALL_TOKENS ((uint64_t)N_CLAUSES * CLAUSE_TOKENS + LONG_TOKENS - CLAUSE_TOKENS)
#define A_DF 300
/* Document 1's title: its offset in STRINGS and length, its bytes. */
#define DOC1_TITLE_AT 1000
#define DOC1_TITLE_LEN 400
#define DOC1_PATH "path/doc1.txt"
static char doc1_title(int i) { return (char)('a' + i % 26); }

static uint32_t a_clause(uint32_t i) { return i * 4 / 3; }
static uint32_t a_tf(uint32_t i) { return 1 + i % 3; }
static uint32_t a_pos(uint32_t i, uint32_t j) { return 2 * j + i % 2; }

/* Ways to damage the segment while keeping every checksum right. */
enum sabotage { SAB_NONE, SAB_LAST_ID, SAB_POSITION, SAB_LEXICON,
                SAB_CITE_ORDER, SAB_CITE_KIND, SAB_CITE_SYMBOL, SAB_CITE_CLAUSE,
                SAB_CLAUSE_KIND, SAB_DOC_RANGE, SAB_TITLE_BOUND, SAB_KEY_OWN,
                SAB_KEY_EMPTY, SAB_SKIP_WIDTH, SAB_SKIP_SIZE, SAB_LONG_MISSING,
                SAB_LONG_PAST, SAB_TF, SAB_LEMMA, SAB_ONE_BLOCK };

struct term_src {
	const char *term;
	uint32_t df;
	uint32_t clause[A_DF], tf[A_DF], pos[A_DF][3];
};

/* Write a file of format.h's layout: header, table, sections. */
static void write_file(const char *path, uint32_t kind, uint32_t version,
                       const uint32_t *ids, struct buf *secs, size_t n)
{
	struct buf f = BUF_INIT;
	uint8_t hdr[FILE_HEADER_SIZE], ent[SECTION_ENTRY_SIZE];
	uint64_t off = FILE_HEADER_SIZE + n * SECTION_ENTRY_SIZE;
	struct buf table = BUF_INIT;
	FILE *fp;

	for (size_t i = 0; i < n; i++) {
		store_u32(ent + SECT_ID, ids[i]);
		store_u32(ent + SECT_CRC, (uint32_t)crc32(0, (const Bytef *)secs[i].data,
		                                          (uInt)secs[i].len));
		store_u64(ent + SECT_OFFSET, off);
		store_u64(ent + SECT_LENGTH, secs[i].len);
		buf_append(&table, ent, sizeof ent);
		off += secs[i].len;
	}
	memcpy(hdr + HDR_MAGIC, FORMAT_MAGIC, FORMAT_MAGIC_LEN);
	memcpy(hdr + HDR_SENTINEL, FORMAT_SENTINEL, FORMAT_SENTINEL_LEN);
	store_u32(hdr + HDR_VERSION, version);
	store_u32(hdr + HDR_KIND, kind);
	store_u32(hdr + HDR_NSECTIONS, (uint32_t)n);
	store_u32(hdr + HDR_TABLE_CRC, (uint32_t)crc32(0, (const Bytef *)table.data,
	                                               (uInt)table.len));
	store_u32(hdr + HDR_HEADER_CRC, (uint32_t)crc32(0, hdr, HDR_HEADER_CRC));
	buf_append(&f, hdr, sizeof hdr);
	buf_append(&f, table.data, table.len);
	for (size_t i = 0; i < n; i++)
		buf_append(&f, secs[i].data, secs[i].len);
	fp = fopen(path, "wb");
	if (fp) {
		fwrite(f.data, 1, f.len, fp);
		fclose(fp);
	}
	buf_release(&f);
	buf_release(&table);
}

static void write_manifest(const char *dir, uint32_t version, uint32_t n_seg,
                           const char *name, uint64_t size)
{
	struct buf m = BUF_INIT, path = BUF_INIT;
	uint32_t id = SEC_MANIFEST;

	buf_append_u64(&m, 7);
	buf_append_u32(&m, n_seg);
	for (uint32_t s = 0; s < n_seg; s++) {
		buf_append_u32(&m, (uint32_t)strlen(name));
		buf_append_str(&m, name);
		buf_append_u64(&m, size);
		buf_append_u32(&m, 2);
		buf_append_u32(&m, N_CLAUSES);
		buf_append_u32(&m, 0); /* no deleted documents */
	}
	buf_printf(&path, "%s/%s", dir, MANIFEST_NAME);
	write_file(path.data, FILE_KIND_MANIFEST, version, &id, &m, 1);
	buf_release(&m);
	buf_release(&path);
}

/* Add a key and its term list to w; *base is termlist_append's. */
static void lexicon_add(struct sst_writer *w, uint32_t *base, const char *key,
                        const uint32_t *ids, size_t n)
{
	struct buf p = BUF_INIT;

	termlist_append(&p, w->n_keys, base, ids, n);
	sst_writer_add(w, key, strlen(key), p.data, p.len, NULL);
	buf_release(&p);
}

/* A block's positions in format.h's groups: n postings in clause[i] of
 * tf[i] positions each, given as gaps. */
static void append_positions(struct buf *positions, const uint32_t *gaps,
                             const uint32_t *clause, const uint32_t *tf, uint32_t n)
{
	struct buf groups = BUF_INIT;
	struct bit_writer w;
	size_t group_start = 0;

	bit_writer_start(&w, &groups);
	for (uint32_t i = 0; i < n; gaps += tf[i], i++) {
		positions_put(&w, gaps, tf[i], clause[i] == LONG_CLAUSE ? LONG_TOKENS : CLAUSE_TOKENS);
		if ((i + 1) % POSITION_GROUP == 0 && i + 1 < n) {
			bit_writer_finish(&w);
			varint_append(positions, groups.len - group_start);
			group_start = groups.len;
		}
	}
	bit_writer_finish(&w);
	buf_append(positions, groups.data, groups.len);
	buf_release(&groups);
}

/* Encode one term's postings and positions, append its payload to terms. */
static void add_term(const struct term_src *t, struct sst_writer *terms,
                     struct buf *postings, struct buf *positions,
                     enum sabotage sab)
{
	struct buf skips = BUF_INIT, data = BUF_INIT, payload = BUF_INIT;
	uint32_t n_blocks = (t->df + CODEC_BLOCK - 1) / CODEC_BLOCK;
	uint64_t post_off = postings->len, pos_off = positions->len;
	int64_t prev = -1;
	struct skip_chunk chunk = { 0 };

	varint_append(&skips, 0); /* title_max: no clause is a title */
	for (uint32_t b = 0; b < n_blocks; b++) {
		uint32_t gaps[CODEC_BLOCK], tfs[CODEC_BLOCK], pos[CODEC_BLOCK * 3];
		uint32_t n = t->df - b * CODEC_BLOCK < CODEC_BLOCK ? t->df - b * CODEC_BLOCK
		                                                    : CODEC_BLOCK;
		size_t np = 0, data_before = data.len, pos_before = positions->len;
		int64_t prev_last = prev;
		/* one bound pair: every clause is as long */
		struct bound_pair bound = { 0, CLAUSE_TOKENS };
		for (uint32_t i = 0; i < n; i++) {
			const uint32_t k = b * CODEC_BLOCK + i;
			gaps[i] = (uint32_t)(t->clause[k] - prev - 1);
			tfs[i] = t->tf[k] - 1;
			bound.tf = t->tf[k] > bound.tf ? t->tf[k] : bound.tf;
			for (uint32_t j = 0; j < t->tf[k]; j++)
				pos[np++] = t->pos[k][j] - (j ? t->pos[k][j - 1] : 0);
			prev = t->clause[k];
		}
		if (sab == SAB_ONE_BLOCK && n_blocks == 1) /* a last id past the segment */
			gaps[n - 1] += N_CLAUSES;
		if (sab == SAB_TF && n_blocks == 3 && b == 0)
			tfs[0] = CLAUSE_MAX_TOKENS; /* a tf of 65536: past any clause */
		bitpack_append(&data, gaps, n);
		uint32_t over_1 = 0; /* a block of tfs of 1 has no tf column */
		for (uint32_t i = 0; i < n; i++)
			over_1 |= tfs[i];
		if (over_1)
			bitpack_append(&data, tfs, n);
		append_positions(positions, pos, t->clause + b * CODEC_BLOCK, t->tf + b * CODEC_BLOCK, n);
		if (sab == SAB_POSITION)
			buf_append_byte(positions, 0x5a); /* past the last group's bits */
		skiptab_add(&chunk, (uint32_t)(prev - prev_last - 1) + (sab == SAB_LAST_ID && b == 1),
		            (uint32_t)(data.len - data_before),
		            (uint32_t)(positions->len - pos_before), &bound, 1);
	}
	/* In "a"'s chunk of 3 blocks, bit-packed: a block's doc bytes past
	 * the term's postings, or its first column's width byte out of range. */
	if (sab == SAB_SKIP_SIZE && n_blocks == 3)
		chunk.doc_bytes[0] += 1000;
	if (n_blocks > 1) /* the last block's sizes are the rest */
		skiptab_append(&skips, &chunk, chunk.n - 1);
	if (sab == SAB_SKIP_WIDTH && n_blocks == 3)
		skips.data[1] = 33; /* after title_max */
	if (n_blocks > 1) /* a term of one block is its data alone */
		buf_append(postings, skips.data, skips.len);
	buf_append(postings, data.data, data.len);
	varint_append(&payload, t->df);
	if (terms->n_keys % SST_BLOCK_KEYS == 0) /* a block's first: its offsets */
		varint_append(&payload, post_off);
	varint_append(&payload, postings->len - post_off);
	if (terms->n_keys % SST_BLOCK_KEYS == 0)
		varint_append(&payload, pos_off);
	varint_append(&payload, positions->len - pos_off);
	sst_writer_add(terms, t->term, strlen(t->term), payload.data, payload.len, NULL);
	buf_release(&skips);
	buf_release(&data);
	buf_release(&payload);
}

static void clause_text(uint32_t c, char *s, size_t n)
{
	snprintf(s, n, "Texto de la cláusula %u.", c);
}

enum { S_STATS, S_TERMS, S_TERMS_INDEX, S_POSTINGS, S_POSITIONS, S_CLAUSES,
       S_DOCS, S_STRINGS, S_TEXT, S_TEXT_INDEX, S_FOLDED, S_FOLDED_INDEX,
       S_KEYS, S_KEYS_INDEX, S_LENGTHS, S_CITES, S_TEXT_DICT, S_CLAUSE_GROUPS,
       S_LABELS, S_KINDS, S_LONG_LENGTHS, S_LEMMAS, S_TEXT_MODEL, S_COUNT };

/* The dictionary of the test segment's text blocks (zstd raw content). */
static const char text_dict[] = "Texto de la cláusula 1";

/* Append one text block (format.h SEC_TEXT): a magicless zstd frame of raw
 * with the dictionary, and its index entry with the CRC of raw. */
static void text_block_append(struct buf *text, struct buf *index,
                              const struct buf *raw)
{
	size_t bound = ZSTD_compressBound(raw->len), got;
	uint8_t *out = malloc(bound);
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	uint8_t entry[TEXTIDX_ENTRY_SIZE];

	ZSTD_CCtx_setParameter(cc, ZSTD_c_format, ZSTD_f_zstd1_magicless);
	ZSTD_CCtx_loadDictionary(cc, text_dict, sizeof text_dict - 1);
	got = ZSTD_compress2(cc, out, bound, raw->data, raw->len);
	store_u48(entry + TEXTIDX_OFFSET, text->len);
	store_u16(entry + TEXTIDX_RAW_LEN, (uint16_t)raw->len);
	store_u32(entry + TEXTIDX_CRC, (uint32_t)crc32(0L, out, (uInt)got));
	buf_append(index, entry, sizeof entry);
	buf_append(text, out, got);
	ZSTD_freeCCtx(cc);
	free(out);
}

/* Build dir/seg-1.uns and dir/MANIFEST; returns the segment's size. */
static uint64_t build_index(const char *dir, enum sabotage sab)
{
	static struct term_src src[3]; /* large: not on the stack */
	struct buf s[S_COUNT], path = BUF_INIT, raw = BUF_INIT;
	struct sst_writer terms, folded, keys;
	struct clauserec_writer records = CLAUSEREC_WRITER_INIT;
	uint32_t ids[S_COUNT], label, lemma, base = 0; /* the lexicons' termlist_append */
	struct stat st;

	for (int i = 0; i < S_COUNT; i++) {
		buf_init(&s[i]);
		ids[i] = SEC_STATS + (uint32_t)i;
	}
	ids[S_TEXT_DICT] = SEC_TEXT_DICT;
	ids[S_CLAUSE_GROUPS] = SEC_CLAUSE_GROUPS;
	ids[S_LABELS] = SEC_LABELS;
	ids[S_KINDS] = SEC_KINDS;
	ids[S_LONG_LENGTHS] = SEC_LONG_LENGTHS;
	ids[S_LEMMAS] = SEC_LEMMAS;
	ids[S_TEXT_MODEL] = SEC_TEXT_MODEL; /* empty: the text is zstd's */
	buf_append(&s[S_TEXT_DICT], text_dict, sizeof text_dict - 1);
	memset(src, 0, sizeof src);
	src[0].term = "a";
	src[0].df = A_DF;
	for (uint32_t i = 0; i < A_DF; i++) {
		src[0].clause[i] = a_clause(i);
		src[0].tf[i] = a_tf(i);
		for (uint32_t j = 0; j < a_tf(i); j++)
			src[0].pos[i][j] = a_pos(i, j);
	}
	src[1] = (struct term_src){ .term = "b", .df = 1, .clause = { 5 }, .tf = { 2 },
	                            .pos = { { 1, 7 } } };
	src[2] = (struct term_src){ .term = "c", .df = 2, .clause = { 0, 399 },
	                            .tf = { 1, 1 }, .pos = { { 9 }, { 0 } } };
	sst_writer_init(&terms, 1);
	for (int t = 0; t < 3; t++)
		add_term(&src[t], &terms, &s[S_POSTINGS], &s[S_POSITIONS],
		         t == (sab == SAB_ONE_BLOCK ? 2 : 0) ? sab : SAB_NONE);
	sst_writer_index(&terms, &s[S_TERMS_INDEX]);
	buf_append(&s[S_TERMS], terms.data.data, terms.data.len);
	sst_writer_release(&terms);

	/* Strings: doc symbol at 0, label and lemma after it; document 1's title from
	 * DOC1_TITLE_AT, longer than a window's slack past its page
	 * (index_pages.c: read mapped), and its path after it (in the next
	 * window). */
	buf_append(&s[S_STRINGS], "A/RES/1", 8);
	label = (uint32_t)s[S_STRINGS].len;
	buf_append(&s[S_STRINGS], "OP1", 4);
	lemma = (uint32_t)s[S_STRINGS].len;
	buf_append(&s[S_STRINGS], "instar", 7);
	while (s[S_STRINGS].len < DOC1_TITLE_AT - 1)
		buf_append_byte(&s[S_STRINGS], 'f');
	buf_append_byte(&s[S_STRINGS], '\0');
	for (int i = 0; i < DOC1_TITLE_LEN; i++)
		buf_append_byte(&s[S_STRINGS], doc1_title(i));
	buf_append_byte(&s[S_STRINGS], '\0');
	buf_append(&s[S_STRINGS], DOC1_PATH, sizeof DOC1_PATH);
	buf_append_u32(&s[S_LABELS], label); /* label 0 */
	buf_append_u32(&s[S_LEMMAS], lemma); /* lemma 0 */
	for (uint32_t c = 0; c < N_CLAUSES; c++) {
		struct clause_rec r = { 0 };
		struct errbuf eb = { "", 0 };
		char text[64];
		if (c == N_CLAUSES / 2) { /* start text block 1 */
			text_block_append(&s[S_TEXT], &s[S_TEXT_INDEX], &raw);
			buf_reset(&raw);
		}
		clause_text(c, text, sizeof text);
		r.doc = r.text_block = c < N_CLAUSES / 2 ? 0 : 1;
		r.label = c == 3 ? 0 : CLAUSE_NO_LABEL;
		r.text_off = (uint32_t)raw.len;
		r.text_ord = c < N_CLAUSES / 2 ? c : c - N_CLAUSES / 2;
		r.text_len = (uint32_t)strlen(text);
		/* clause 3 opens with "instar" (SAB_LEMMA: a lemma past the table) */
		r.verb_pos = c == 3 ? 1 : NO_POSITION;
		r.lemma = c == 3 ? (sab == SAB_LEMMA) : CLAUSE_NO_LEMMA;
		r.line = c + 1;
		if (clauserec_append(&records, &r, &s[S_CLAUSES], &eb)) /* open then fails */
			fprintf(stderr, "build_index: %s\n", eb.msg);
		buf_append_byte(&s[S_LENGTHS], c == LONG_CLAUSE ? LENGTH_LONG : CLAUSE_TOKENS);
		/* SAB_LONG_MISSING: the long clause without its record;
		 * SAB_LONG_PAST: its record names a clause past the segment */
		if (c == LONG_CLAUSE && sab != SAB_LONG_MISSING) {
			buf_append_u32(&s[S_LONG_LENGTHS], sab == SAB_LONG_PAST ? N_CLAUSES : c);
			buf_append_u32(&s[S_LONG_LENGTHS], LONG_TOKENS);
		}
		/* SAB_TITLE_BOUND: clause 5 ("a", and "b" twice) a title, past
		 * the title_max 0 of "a"'s table ("b"'s is derived) */
		uint8_t kind = sab == SAB_CLAUSE_KIND && c == 3 ? CLAUSE_KIND_COUNT
		               : sab == SAB_TITLE_BOUND && c == 5 ? CLAUSE_TITLE : CLAUSE_OPERATIVE;
		if (c % 2 == 0)
			buf_append_byte(&s[S_KINDS], kind);
		else
			s[S_KINDS].data[c / 2] = (char)((uint8_t)s[S_KINDS].data[c / 2] |
			                                kind << KIND_BITS);
		buf_append_str(&raw, text);
	}
	buf_append(&s[S_CLAUSE_GROUPS], records.groups.data, records.groups.len);
	buf_release(&records.groups);
	/* Citations: clauses 3 and 7 cite the string at 0 ("A/RES/1"), 7 also
	 * the label's string, as a document. */
	for (int k = 0; k < 3; k++) {
		uint8_t r[CITE_RECORD_SIZE] = { 0 };
		store_u32(r + CITE_CLAUSE, k ? 7 : 3);
		store_u32(r + CITE_SYMBOL, k == 2 ? label : 0);
		store_u32(r + CITE_DATE, k == 1 ? 20191212 : 0);
		r[CITE_KIND] = k == 2 ? 3 : 1;
		if (k == 2 && sab == SAB_CITE_ORDER)
			store_u32(r + CITE_CLAUSE, 5); /* after clause 7's */
		if (k == 2 && sab == SAB_CITE_KIND)
			r[CITE_KIND] = 9;
		if (k == 2 && sab == SAB_CITE_SYMBOL)
			store_u32(r + CITE_SYMBOL, 2); /* inside "A/RES/1" */
		if (k == 2 && sab == SAB_CITE_CLAUSE)
			store_u32(r + CITE_CLAUSE, N_CLAUSES);
		buf_append(&s[S_CITES], r, sizeof r);
	}
	text_block_append(&s[S_TEXT], &s[S_TEXT_INDEX], &raw);
	for (uint32_t d = 0; d < 2; d++) {
		uint8_t r[DOC_RECORD_SIZE];
		memset(r, 0xff, DOC_RECORD_SIZE); /* every string NO_STRING */
		store_u32(r + DOC_SYMBOL, d == 0 ? 0 : NO_STRING);
		if (d == 1) {
			store_u32(r + DOC_TITLE, DOC1_TITLE_AT);
			store_u32(r + DOC_PATH, DOC1_TITLE_AT + DOC1_TITLE_LEN + 1);
		}
		store_u32(r + DOC_SESSION, 74);
		store_u32(r + DOC_DATE, 20191212);
		store_u32(r + DOC_AGENDA_ITEM, 3);
		store_u32(r + DOC_MEETING, 46);
		store_u32(r + DOC_FIRST_CLAUSE, d * N_CLAUSES / 2);
		store_u32(r + DOC_N_CLAUSES, N_CLAUSES / 2);
		if (sab == SAB_DOC_RANGE) { /* document 1 starts a clause early */
			store_u32(r + DOC_FIRST_CLAUSE, d * (N_CLAUSES / 2 - 1));
			store_u32(r + DOC_N_CLAUSES, N_CLAUSES / 2 + (d ? 1 : -1));
		}
		store_u32(r + DOC_FLAGS, DOC_IS_RESOLUTION);
		store_u64(r + DOC_FILE_SIZE, 1234);
		store_u64(r + DOC_MTIME, 99);
		buf_append(&s[S_DOCS], r, sizeof r);
	}
	buf_append_u32(&s[S_STATS], 2);
	buf_append_u32(&s[S_STATS], N_CLAUSES);
	buf_append_u64(&s[S_STATS], ALL_TOKENS);
	buf_append_u32(&s[S_STATS], 3);
	buf_append_u32(&s[S_STATS], 2);

	sst_writer_init(&folded, 1);
	lexicon_add(&folded, &base, "abc", (const uint32_t[]){ 0 }, 1);
	lexicon_add(&folded, &base, "abd", (const uint32_t[]){ 0, 1 }, 2);
	lexicon_add(&folded, &base, "b", (const uint32_t[]){ 1 }, 1);
	lexicon_add(&folded, &base, "ca", (const uint32_t[]){ sab == SAB_LEXICON ? 3 : 2 }, 1);
	sst_writer_index(&folded, &s[S_FOLDED_INDEX]);
	buf_append(&s[S_FOLDED], folded.data.data, folded.data.len);
	sst_writer_release(&folded);
	/* Key "a" means term "a", so it is left out; "c" is a term but no
	 * key, so it is there with no terms (format.h SEC_KEYS). */
	sst_writer_init(&keys, 1);
	if (sab == SAB_KEY_OWN) /* the entry a writer leaves out */
		lexicon_add(&keys, &base, "a", (const uint32_t[]){ 0 }, 1);
	lexicon_add(&keys, &base, "b", (const uint32_t[]){ 1, 2 }, 2);
	lexicon_add(&keys, &base, "c", NULL, 0);
	if (sab == SAB_KEY_EMPTY) /* no terms, and no term "d" either */
		lexicon_add(&keys, &base, "d", NULL, 0);
	sst_writer_index(&keys, &s[S_KEYS_INDEX]);
	buf_append(&s[S_KEYS], keys.data.data, keys.data.len);
	sst_writer_release(&keys);

	buf_printf(&path, "%s/seg-1.uns", dir);
	write_file(path.data, FILE_KIND_SEGMENT, FORMAT_VERSION, ids, s, S_COUNT);
	for (int i = 0; i < S_COUNT; i++)
		buf_release(&s[i]);
	buf_release(&raw);
	st.st_size = 0;
	stat(path.data, &st);
	buf_release(&path);
	write_manifest(dir, FORMAT_VERSION, 1, "seg-1.uns", (uint64_t)st.st_size);
	return (uint64_t)st.st_size;
}

/* A fresh temporary directory holding an index (caller removes it). */
static char *make_index(enum sabotage sab, uint64_t *size)
{
	char tmpl[] = "/tmp/test_index.XXXXXX";
	char *dir = mkdtemp(tmpl) ? strdup(tmpl) : NULL;
	uint64_t sz = dir ? build_index(dir, sab) : 0;

	if (size)
		*size = sz;
	return dir;
}

static void remove_index(char *dir)
{
	char p[512];

	if (!dir)
		return;
	snprintf(p, sizeof p, "%s/MANIFEST", dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/seg-1.uns", dir);
	unlink(p);
	rmdir(dir);
	free(dir);
}

/* make_index(sab, NULL) opened into *ix: the directory (remove_index it),
 * or NULL, with a failed check and nothing left, if it does not open. */
static char *open_index(struct harness *h, enum sabotage sab, struct index **ix)
{
	struct errbuf eb = { "", 0 };
	char *dir = make_index(sab, NULL);

	if (index_open(dir, ix, &eb)) {
		CHECK(h, !"open");
		remove_index(dir);
		return NULL;
	}
	return dir;
}

static void test_open_and_stats(struct harness *h)
{
	char *dir = make_index(SAB_NONE, NULL);
	struct errbuf eb = { "", 0 };
	struct index *ix = NULL;
	int rc = index_open(dir, &ix, &eb);

	CHECK_INT_EQ(h, rc, 0);
	if (rc) {
		printf("  %s\n", eb.msg);
	} else {
		const struct index_stats *s = index_stats(ix);
		CHECK_INT_EQ(h, s->n_docs, 2);
		CHECK_INT_EQ(h, s->n_clauses, N_CLAUSES);
		CHECK_INT_EQ(h, s->n_terms, 3);
		CHECK_INT_EQ(h, s->n_text_blocks, 2);
		CHECK(h, s->avg_clause_len == (double)ALL_TOKENS / N_CLAUSES);
		CHECK(h, strstr(index_segment_path(ix), "seg-1.uns") != NULL);
	}
	index_close(ix);
	index_close(NULL);
	remove_index(dir);
}

static void test_terms(struct harness *h)
{
	struct errbuf eb = { "", 0 };
	struct index *ix = NULL;
	struct term_info ti;
	uint32_t id = 99;
	char *dir = open_index(h, SAB_NONE, &ix);

	if (!dir)
		return;
	CHECK_INT_EQ(h, index_term_find(ix, "b", 1, &id, &eb), 0);
	CHECK_INT_EQ(h, id, 1);
	CHECK_INT_EQ(h, index_term_find(ix, "bb", 2, &id, &eb), ERR_NOTFOUND);
	CHECK_INT_EQ(h, index_term_find(ix, "", 0, &id, &eb), ERR_NOTFOUND);
	CHECK_INT_EQ(h, index_term_info(ix, 0, &ti, &eb), 0);
	CHECK_INT_EQ(h, ti.df, A_DF);
	CHECK_INT_EQ(h, ti.term_len, 1);
	CHECK(h, memcmp(ti.term, "a", 1) == 0);
	CHECK_INT_EQ(h, index_term_info(ix, 2, &ti, &eb), 0);
	CHECK_INT_EQ(h, ti.df, 2);
	CHECK_INT_EQ(h, index_term_info(ix, 3, &ti, &eb), ERR_NOTFOUND);
	index_close(ix);
	remove_index(dir);
}

static void test_postings(struct harness *h)
{
	struct errbuf eb = { "", 0 };
	struct index *ix = NULL;
	struct posting_reader r;
	const uint32_t *pos;
	size_t npos;
	uint32_t i = 0;
	int rc;
	char *dir = open_index(h, SAB_NONE, &ix);

	if (!dir)
		return;
	CHECK_INT_EQ(h, posting_reader_open(ix, 0, &r, &eb), 0);
	CHECK_INT_EQ(h, r.n_blocks, 3);
	CHECK_INT_EQ(h, r.last_id[2], a_clause(A_DF - 1));
	while ((rc = posting_reader_next(&r, &eb)) == 0) {
		CHECK_INT_EQ(h, r.clause, a_clause(i));
		CHECK_INT_EQ(h, posting_reader_tf(&r), a_tf(i));
		CHECK_INT_EQ(h, posting_reader_positions(&r, &pos, &npos, &eb), 0);
		CHECK_INT_EQ(h, npos, a_tf(i));
		for (uint32_t j = 0; j < npos && j < 3; j++)
			CHECK_INT_EQ(h, pos[j], a_pos(i, j));
		i++;
	}
	CHECK_INT_EQ(h, rc, 1);
	CHECK_INT_EQ(h, i, A_DF);
	CHECK_INT_EQ(h, posting_reader_next(&r, &eb), 1);
	posting_reader_release(&r);

	/* next_block: the same postings a block at a time, with the lengths
	 * the index gives their clauses */
	CHECK_INT_EQ(h, posting_reader_open(ix, 0, &r, &eb), 0);
	i = 0;
	for (uint32_t k = 0;; k++) {
		uint32_t ids[CODEC_BLOCK], tfs[CODEC_BLOCK], lens[CODEC_BLOCK], n;
		if ((rc = posting_reader_next_block(&r, ids, tfs, lens, &n, &eb)))
			break;
		CHECK_INT_EQ(h, n, k < 2 ? CODEC_BLOCK : A_DF - 2 * CODEC_BLOCK);
		for (uint32_t j = 0; j < n; j++, i++) {
			CHECK_INT_EQ(h, ids[j], a_clause(i));
			CHECK_INT_EQ(h, tfs[j], a_tf(i));
			CHECK_INT_EQ(h, lens[j], index_clause_len(ix, a_clause(i)));
		}
	}
	CHECK_INT_EQ(h, rc, 1);
	CHECK_INT_EQ(h, i, A_DF);
	CHECK_INT_EQ(h, posting_reader_next_block(&r, NULL, NULL, NULL, NULL, &eb), 1);
	posting_reader_release(&r);

	/* advance: within a block, across blocks, to a missing id, past the end */
	CHECK_INT_EQ(h, posting_reader_open(ix, 0, &r, &eb), 0);
	CHECK_INT_EQ(h, posting_reader_advance(&r, 0, &eb), 0);
	CHECK_INT_EQ(h, r.clause, 0);
	CHECK_INT_EQ(h, posting_reader_advance(&r, 2, &eb), 0); /* 2 = a_clause(2)... */
	CHECK_INT_EQ(h, r.clause, 2);
	CHECK_INT_EQ(h, posting_reader_advance(&r, 3, &eb), 0); /* no 3: next is 4 */
	CHECK_INT_EQ(h, r.clause, 4);
	CHECK_INT_EQ(h, posting_reader_advance(&r, 1, &eb), 0); /* never backwards */
	CHECK_INT_EQ(h, r.clause, 4);
	CHECK_INT_EQ(h, posting_reader_advance(&r, a_clause(260), &eb), 0);
	CHECK_INT_EQ(h, r.block, 2);
	CHECK_INT_EQ(h, r.clause, a_clause(260));
	CHECK_INT_EQ(h, posting_reader_positions(&r, &pos, &npos, &eb), 0);
	CHECK_INT_EQ(h, npos, a_tf(260));
	CHECK_INT_EQ(h, posting_reader_next(&r, &eb), 0);
	CHECK_INT_EQ(h, r.clause, a_clause(261));
	CHECK_INT_EQ(h, posting_reader_advance(&r, N_CLAUSES, &eb), 1);
	posting_reader_release(&r);

	/* skip_block moves without decoding */
	CHECK_INT_EQ(h, posting_reader_open(ix, 0, &r, &eb), 0);
	CHECK_INT_EQ(h, posting_reader_skip_block(&r, a_clause(200)), 0);
	CHECK_INT_EQ(h, r.block, 1);
	CHECK_INT_EQ(h, r.decoded, 0);
	CHECK_INT_EQ(h, posting_reader_next(&r, &eb), 0);
	CHECK_INT_EQ(h, r.clause, a_clause(128));
	CHECK_INT_EQ(h, posting_reader_skip_block(&r, N_CLAUSES), 1);
	posting_reader_release(&r);

	/* a one-posting term and a two-posting one */
	CHECK_INT_EQ(h, posting_reader_open(ix, 1, &r, &eb), 0);
	CHECK_INT_EQ(h, posting_reader_next(&r, &eb), 0);
	CHECK_INT_EQ(h, r.clause, 5);
	CHECK_INT_EQ(h, posting_reader_positions(&r, &pos, &npos, &eb), 0);
	CHECK_INT_EQ(h, npos, 2);
	CHECK(h, npos == 2 && pos[0] == 1 && pos[1] == 7);
	CHECK_INT_EQ(h, posting_reader_next(&r, &eb), 1);
	posting_reader_release(&r);
	/* "c": tfs of 1, so its block is its ids alone */
	CHECK_INT_EQ(h, posting_reader_open(ix, 2, &r, &eb), 0);
	CHECK_INT_EQ(h, posting_reader_advance(&r, 1, &eb), 0);
	CHECK_INT_EQ(h, r.clause, 399);
	CHECK_INT_EQ(h, posting_reader_tf(&r), 1);
	CHECK_INT_EQ(h, posting_reader_positions(&r, &pos, &npos, &eb), 0);
	CHECK(h, npos == 1 && pos[0] == 0);
	CHECK_INT_EQ(h, r.doc_end[0] - r.doc_off[0],
	             bitpack_size((const uint32_t[]){ 0, 398 }, 2));
	posting_reader_release(&r);
	index_close(ix);
	remove_index(dir);
}

static void check_ids(struct harness *h, const uint32_t *ids, size_t n,
                      const uint32_t *want, size_t want_n)
{
	CHECK_INT_EQ(h, n, want_n);
	for (size_t i = 0; i < n && i < want_n; i++)
		CHECK_INT_EQ(h, ids[i], want[i]);
}

static void test_lexicon(struct harness *h)
{
	struct errbuf eb = { "", 0 };
	struct index *ix = NULL;
	uint32_t *ids = NULL;
	size_t n = 9;
	int capped = -1;
	char *dir = open_index(h, SAB_NONE, &ix);

	if (!dir)
		return;
	CHECK_INT_EQ(h, index_key_terms(ix, "b", 1, &ids, &n, &eb), 0);
	check_ids(h, ids, n, (const uint32_t[]){ 1, 2 }, 2);
	free(ids);
	/* Absent from KEYS: the term of the key's bytes, if any. */
	CHECK_INT_EQ(h, index_key_terms(ix, "a", 1, &ids, &n, &eb), 0);
	check_ids(h, ids, n, (const uint32_t[]){ 0 }, 1);
	free(ids);
	CHECK_INT_EQ(h, index_key_terms(ix, "zz", 2, &ids, &n, &eb), 0);
	CHECK(h, n == 0 && ids == NULL);
	/* In KEYS with no terms: not the term "c" of the same bytes. */
	CHECK_INT_EQ(h, index_key_terms(ix, "c", 1, &ids, &n, &eb), 0);
	CHECK(h, n == 0);
	free(ids);

	CHECK_INT_EQ(h, index_prefix_terms(ix, "ab", 2, 10, &ids, &n, &capped, &eb), 0);
	check_ids(h, ids, n, (const uint32_t[]){ 0, 1 }, 2);
	CHECK_INT_EQ(h, capped, 0);
	free(ids);
	CHECK_INT_EQ(h, index_prefix_terms(ix, "ab", 2, 1, &ids, &n, &capped, &eb), 0);
	check_ids(h, ids, n, (const uint32_t[]){ 0 }, 1);
	CHECK_INT_EQ(h, capped, 1);
	free(ids);
	CHECK_INT_EQ(h, index_prefix_terms(ix, "", 0, 100, &ids, &n, &capped, &eb), 0);
	check_ids(h, ids, n, (const uint32_t[]){ 0, 1, 2 }, 3);
	free(ids);
	CHECK_INT_EQ(h, index_prefix_terms(ix, "cb", 2, 100, &ids, &n, &capped, &eb), 0);
	CHECK(h, n == 0 && ids == NULL && capped == 0);
	CHECK_INT_EQ(h, index_prefix_terms(ix, "zzz", 3, 100, &ids, &n, &capped, &eb), 0);
	CHECK(h, n == 0 && ids == NULL);
	index_close(ix);
	remove_index(dir);
}

static void test_clauses_docs_text(struct harness *h)
{
	struct errbuf eb = { "", 0 };
	struct index *ix = NULL;
	struct clause_info ci;
	struct doc_info di;
	struct buf t = BUF_INIT;
	char want[64];
	char *dir = open_index(h, SAB_NONE, &ix);

	if (!dir)
		return;
	CHECK_INT_EQ(h, index_clause_len(ix, 7), CLAUSE_TOKENS);
	CHECK_INT_EQ(h, index_clause_len(ix, LONG_CLAUSE), LONG_TOKENS);
	CHECK_INT_EQ(h, index_clause_len(ix, LONG_CLAUSE + 1), CLAUSE_TOKENS);
	CHECK_INT_EQ(h, index_clause(ix, 3, &ci, &eb), 0);
	CHECK_STR_EQ(h, ci.label, "OP1");
	CHECK_INT_EQ(h, ci.kind, 5);
	CHECK_INT_EQ(h, ci.verb_pos, 1);
	CHECK_STR_EQ(h, ci.verb_lemma, "instar");
	CHECK_INT_EQ(h, index_clause(ix, 250, &ci, &eb), 0);
	CHECK_INT_EQ(h, ci.doc, 1);
	CHECK_STR_EQ(h, ci.label, "");
	CHECK_INT_EQ(h, ci.verb_pos, NO_POSITION);
	CHECK(h, ci.verb_lemma == NULL);
	CHECK_INT_EQ(h, index_clause(ix, N_CLAUSES, &ci, &eb), ERR_NOTFOUND);
	CHECK_INT_EQ(h, index_doc(ix, 0, &di, &eb), 0);
	CHECK_STR_EQ(h, di.symbol, "A/RES/1");
	CHECK(h, di.title == NULL && di.path == NULL);
	CHECK_INT_EQ(h, di.date, 20191212);
	CHECK_INT_EQ(h, di.n_clauses, N_CLAUSES / 2);
	CHECK_INT_EQ(h, di.mtime, 99);
	CHECK_INT_EQ(h, index_doc(ix, 1, &di, &eb), 0);
	CHECK(h, di.symbol == NULL);
	CHECK_INT_EQ(h, di.title ? strlen(di.title) : 0, DOC1_TITLE_LEN);
	for (int i = 0; di.title && i < DOC1_TITLE_LEN; i++)
		if (di.title[i] != doc1_title(i))
			harness_fail(h, __FILE__, __LINE__, "title byte %d: %c", i, di.title[i]);
	CHECK_STR_EQ(h, di.path, DOC1_PATH);
	CHECK_INT_EQ(h, index_doc(ix, 2, &di, &eb), ERR_NOTFOUND);
	/* blocks 0, 1, then 0 again (the cache must follow); then every
	 * clause twice, its record and text block entry read from windows
	 * until the index's reads pass INDEX_PAGES_READS, then mapped */
	const uint32_t order[] = { 0, 199, 200, 399, 1, 1 };
	for (size_t i = 0; i < sizeof order / sizeof order[0] + 2 * N_CLAUSES; i++) {
		size_t k = sizeof order / sizeof order[0];
		uint32_t c = i < k ? order[i] : (uint32_t)(i - k) % N_CLAUSES;
		buf_reset(&t);
		clause_text(c, want, sizeof want);
		CHECK_INT_EQ(h, index_clause_text(ix, c, &t, &eb), 0);
		CHECK_STR_EQ(h, t.data, want);
	}
	buf_release(&t);
	index_close(ix);
	remove_index(dir);
}

/* The citation table: records by number, a clause's first record, and
 * the bounds of both. */
static void test_cites(struct harness *h)
{
	struct errbuf eb = { "", 0 };
	struct index *ix = NULL;
	struct cite_info ci;
	char *dir = open_index(h, SAB_NONE, &ix);

	if (!dir)
		return;
	CHECK_INT_EQ(h, index_cite_count(ix), 3);
	CHECK_INT_EQ(h, index_cite(ix, 0, &ci, &eb), 0);
	CHECK_INT_EQ(h, ci.clause, 3);
	CHECK_STR_EQ(h, ci.symbol, "A/RES/1");
	CHECK_INT_EQ(h, ci.kind, CITE_RESOLUTION);
	CHECK_INT_EQ(h, index_cite(ix, 1, &ci, &eb), 0);
	CHECK_INT_EQ(h, ci.date, 20191212);
	CHECK_INT_EQ(h, index_cite(ix, 2, &ci, &eb), 0);
	CHECK_STR_EQ(h, ci.symbol, "OP1");
	CHECK_INT_EQ(h, ci.kind, CITE_DOCUMENT);
	CHECK_INT_EQ(h, index_cite(ix, 3, &ci, &eb), ERR_NOTFOUND);
	CHECK_INT_EQ(h, index_cite_first(ix, 0), 0);
	CHECK_INT_EQ(h, index_cite_first(ix, 3), 0);
	CHECK_INT_EQ(h, index_cite_first(ix, 4), 1);
	CHECK_INT_EQ(h, index_cite_first(ix, 7), 1);
	CHECK_INT_EQ(h, index_cite_first(ix, 8), 3);
	index_close(ix);
	remove_index(dir);
}

static void test_check_ok(struct harness *h)
{
	char *dir = make_index(SAB_NONE, NULL);
	struct errbuf eb = { "", 0 };
	char *report = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&report, &len);
	int rc = index_check(dir, f, &eb);

	fclose(f);
	CHECK_INT_EQ(h, rc, 0);
	if (rc)
		printf("  %s\n", eb.msg);
	CHECK(h, strstr(report, "POSTINGS") != NULL);
	CHECK(h, strstr(report, "postings 303") != NULL);
	CHECK(h, strstr(report, "bits per posting") != NULL);
	CHECK(h, strstr(report, "bits per position") != NULL);
	CHECK(h, strstr(report, "check ok") != NULL);
	free(report);
	remove_index(dir);
}

/* Damage that keeps checksums right: open may succeed, reading must not. */
static void test_semantic_damage(struct harness *h)
{
	const enum sabotage sabs[] = { SAB_LAST_ID, SAB_POSITION, SAB_LEXICON,
	                               SAB_CITE_ORDER, SAB_CITE_KIND, SAB_CITE_SYMBOL,
	                               SAB_CITE_CLAUSE, SAB_CLAUSE_KIND, SAB_DOC_RANGE,
	                               SAB_TITLE_BOUND, SAB_KEY_OWN, SAB_KEY_EMPTY,
	                               SAB_SKIP_WIDTH, SAB_SKIP_SIZE, SAB_LONG_MISSING,
	                               SAB_LONG_PAST, SAB_TF, SAB_LEMMA, SAB_ONE_BLOCK };

	for (size_t k = 0; k < sizeof sabs / sizeof sabs[0]; k++) {
		char *dir = make_index(sabs[k], NULL);
		struct errbuf eb = { "", 0 };
		FILE *f = fopen("/dev/null", "w");
		int rc = index_check(dir, f, &eb);
		fclose(f);
		CHECK_INT_EQ(h, rc, ERR_CORRUPT);
		CHECK(h, strstr(eb.msg, "seg-1.uns: section ") != NULL);
		remove_index(dir);
	}
}

/* A tf past its clause's length (here past any clause's) is damage where
 * the clause's positions are read, before any is decoded or room made for
 * them. */
static void test_tf_damage(struct harness *h)
{
	struct errbuf eb = { "", 0 };
	struct index *ix = NULL;
	struct posting_reader r;
	const uint32_t *pos;
	size_t npos;
	char *dir = open_index(h, SAB_TF, &ix);

	if (!dir)
		return;
	CHECK_INT_EQ(h, posting_reader_open(ix, 0, &r, &eb), 0);
	CHECK_INT_EQ(h, posting_reader_next(&r, &eb), 0);
	CHECK_INT_EQ(h, posting_reader_positions(&r, &pos, &npos, &eb), ERR_CORRUPT);
	CHECK(h, strstr(eb.msg, "tf 65536 past its") != NULL);
	posting_reader_release(&r);
	index_close(ix);
	remove_index(dir);
}

/* A clause whose lemma is past LEMMAS is damage when its record is read:
 * a hit printed, not a wrong verb. */
static void test_lemma_damage(struct harness *h)
{
	struct errbuf eb = { "", 0 };
	struct index *ix = NULL;
	struct clause_info ci;
	char *dir = open_index(h, SAB_LEMMA, &ix);

	if (!dir)
		return;
	CHECK_INT_EQ(h, index_clause(ix, 2, &ci, &eb), 0);
	CHECK_INT_EQ(h, index_clause(ix, 3, &ci, &eb), ERR_CORRUPT);
	CHECK(h, strstr(eb.msg, "section CLAUSES: clause 3: bad document, text block, "
	                        "label or lemma") != NULL);
	index_close(ix);
	remove_index(dir);
}

/* A long clause's record past the segment is refused at open; a long
 * clause without a record opens (its length reads LENGTH_LONG: a wrong
 * score, not a wrong read) and unindex --check names the section. */
static void test_long_lengths_damage(struct harness *h)
{
	char *dir = make_index(SAB_LONG_PAST, NULL);
	struct errbuf eb = { "", 0 };
	struct index *ix = NULL;
	FILE *f;

	CHECK_INT_EQ(h, index_open(dir, &ix, &eb), ERR_CORRUPT);
	CHECK(h, strstr(eb.msg, "section LONG_LENGTHS: record 0: clause 400") != NULL);
	index_close(ix);
	remove_index(dir);
	dir = make_index(SAB_LONG_MISSING, NULL);
	ix = NULL;
	if (index_open(dir, &ix, &eb)) {
		CHECK(h, !"open");
	} else {
		CHECK_INT_EQ(h, index_clause_len(ix, LONG_CLAUSE), LENGTH_LONG);
		index_close(ix);
		f = fopen("/dev/null", "w");
		CHECK_INT_EQ(h, index_check(dir, f, &eb), ERR_CORRUPT);
		fclose(f);
		CHECK(h, strstr(eb.msg, "section LONG_LENGTHS: clause 9: long in LENGTHS") != NULL);
	}
	remove_index(dir);
}

/* A damaged skip table, or a damaged block of a term whose table is
 * derived from it, is refused when the term is opened, with a message
 * naming its term and block. */
static void test_skip_damage(struct harness *h)
{
	const enum sabotage sabs[] = { SAB_SKIP_WIDTH, SAB_SKIP_SIZE, SAB_ONE_BLOCK };
	const char *want[] = { "term 0 block 0: bad skip table",
	                       "term 0: blocks do not add up to its postings",
	                       /* "c", of one block: its table derived at open */
	                       "term 2 block 0: clause id out of range" };
	const uint32_t term[] = { 0, 0, 2 };

	for (size_t k = 0; k < sizeof sabs / sizeof sabs[0]; k++) {
		char *dir = make_index(sabs[k], NULL);
		struct errbuf eb = { "", 0 };
		struct index *ix = NULL;
		struct posting_reader r;

		if (index_open(dir, &ix, &eb)) {
			CHECK(h, !"open");
			remove_index(dir);
			continue;
		}
		CHECK_INT_EQ(h, posting_reader_open(ix, term[k], &r, &eb), ERR_CORRUPT);
		if (!strstr(eb.msg, want[k]))
			harness_fail(h, __FILE__, __LINE__, "'%s' lacks '%s'", eb.msg, want[k]);
		CHECK_INT_EQ(h, posting_reader_open(ix, 1, &r, &eb), 0);
		posting_reader_release(&r);
		index_close(ix);
		remove_index(dir);
	}
}

static uint8_t *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *d;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	d = malloc(*len ? *len : 1);
	if (fread(d, 1, *len, f) != *len)
		*len = 0;
	fclose(f);
	return d;
}

static void write_all(const char *path, const uint8_t *d, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f) {
		fwrite(d, 1, len, f);
		fclose(f);
	}
}

/* Write the len bytes of orig to path with the byte at `at` XORed with mask. */
static void write_flipped(const char *path, const uint8_t *orig, size_t len,
                          size_t at, uint8_t mask)
{
	uint8_t *d = malloc(len);

	if (!d)
		return;
	memcpy(d, orig, len);
	d[at] ^= mask;
	write_all(path, d, len);
	free(d);
}

static const char *const sec_names[] = {
	"STATS", "TERMS", "TERMS_INDEX", "POSTINGS", "POSITIONS", "CLAUSES", "DOCS",
	"STRINGS", "TEXT", "TEXT_INDEX", "FOLDED", "FOLDED_INDEX", "KEYS", "KEYS_INDEX",
	"LENGTHS", "CITES", "TEXT_DICT", "CLAUSE_GROUPS", "LABELS", "KINDS", "LONG_LENGTHS",
	"LEMMAS", "TEXT_MODEL",
};
_Static_assert(sizeof sec_names / sizeof *sec_names == S_COUNT, "a name for each section");

/* A fresh index and a copy of its segment file, to damage and restore.
 * orig (len bytes) is NULL when the segment could not be read; the
 * manifest records size bytes. Free with damage_close. */
struct damage {
	char *dir;
	char seg[512];
	uint8_t *orig;
	size_t len;
	uint64_t size;
};

static void damage_open(struct damage *d)
{
	d->size = 0;
	d->len = 0;
	d->dir = make_index(SAB_NONE, &d->size);
	snprintf(d->seg, sizeof d->seg, "%s/seg-1.uns", d->dir);
	d->orig = read_all(d->seg, &d->len);
}

static void damage_close(struct damage *d)
{
	free(d->orig);
	remove_index(d->dir);
}

static void test_flip_each_section(struct harness *h)
{
	struct damage dm;

	damage_open(&dm);
	for (uint32_t k = 0; dm.orig && k < S_COUNT; k++) {
		const uint8_t *e = dm.orig + FILE_HEADER_SIZE + k * SECTION_ENTRY_SIZE;
		uint64_t off = load_u64(e + SECT_OFFSET), slen = load_u64(e + SECT_LENGTH);
		struct errbuf eb = { "", 0 };
		struct index *ix = NULL;
		char want[64];

		if (slen == 0)
			continue; /* TEXT_MODEL of a segment whose text is zstd's: no byte */
		write_flipped(dm.seg, dm.orig, dm.len, (size_t)(off + slen / 2), 0x5a);
		CHECK_INT_EQ(h, index_open(dm.dir, &ix, &eb), ERR_CORRUPT);
		snprintf(want, sizeof want, "seg-1.uns: section %s: checksum", sec_names[k]);
		if (!strstr(eb.msg, want))
			harness_fail(h, __FILE__, __LINE__, "'%s' lacks '%s'", eb.msg, want);
		index_close(ix);
	}
	/* the header and the table */
	for (size_t at = 0; dm.orig && at < FILE_HEADER_SIZE + 2 * SECTION_ENTRY_SIZE; at += 5) {
		struct errbuf eb = { "", 0 };
		struct index *ix = NULL;
		int rc;

		write_flipped(dm.seg, dm.orig, dm.len, at, 0x01);
		rc = index_open(dm.dir, &ix, &eb);
		CHECK(h, rc == ERR_CORRUPT || rc == ERR_VERSION);
		CHECK(h, strstr(eb.msg, "seg-1.uns") != NULL);
		index_close(ix);
	}
	damage_close(&dm);
}

static void test_truncate(struct harness *h)
{
	struct damage dm;

	damage_open(&dm);
	for (size_t cut = 0; dm.orig && cut < dm.len; cut += cut < 64 ? 7 : 97) {
		/* once as the manifest says, once with a manifest that agrees */
		for (int agree = 0; agree < 2; agree++) {
			struct errbuf eb = { "", 0 };
			struct index *ix = NULL;
			write_all(dm.seg, dm.orig, cut);
			write_manifest(dm.dir, FORMAT_VERSION, 1, "seg-1.uns", agree ? cut : dm.size);
			CHECK_INT_EQ(h, index_open(dm.dir, &ix, &eb), ERR_CORRUPT);
			CHECK(h, strstr(eb.msg, "seg-1.uns") != NULL);
			index_close(ix);
		}
	}
	damage_close(&dm);
}

static void test_manifest_errors(struct harness *h)
{
	uint64_t size = 0;
	char *dir = make_index(SAB_NONE, &size);
	char man[512], seg[512];
	struct errbuf eb = { "", 0 };
	struct index *ix = NULL;

	snprintf(man, sizeof man, "%s/MANIFEST", dir);
	snprintf(seg, sizeof seg, "%s/seg-1.uns", dir);

	write_manifest(dir, FORMAT_VERSION + 1, 1, "seg-1.uns", size);
	CHECK_INT_EQ(h, index_open(dir, &ix, &eb), ERR_VERSION);
	write_manifest(dir, FORMAT_VERSION, 2, "seg-1.uns", size);
	CHECK_INT_EQ(h, index_open(dir, &ix, &eb), ERR_CORRUPT);
	CHECK(h, strstr(eb.msg, "seg-1.uns listed twice") != NULL);
	write_manifest(dir, FORMAT_VERSION, 0, "seg-1.uns", size);
	CHECK_INT_EQ(h, index_open(dir, &ix, &eb), ERR_CORRUPT);
	write_manifest(dir, FORMAT_VERSION, 1, "../seg-1.uns", size);
	CHECK_INT_EQ(h, index_open(dir, &ix, &eb), ERR_CORRUPT);
	write_manifest(dir, FORMAT_VERSION, 1, "..", size);
	CHECK_INT_EQ(h, index_open(dir, &ix, &eb), ERR_CORRUPT);
	write_manifest(dir, FORMAT_VERSION, 1, "seg-1.txt", size);
	CHECK_INT_EQ(h, index_open(dir, &ix, &eb), ERR_CORRUPT);
	write_manifest(dir, FORMAT_VERSION, 1, "seg-9.uns", size);
	CHECK(h, index_open(dir, &ix, &eb) < 0);
	CHECK(h, strstr(eb.msg, "seg-9.uns") != NULL);

	/* a segment of another version */
	{
		size_t len = 0;
		uint8_t *d = read_all(seg, &len);
		write_manifest(dir, FORMAT_VERSION, 1, "seg-1.uns", size);
		if (d) {
			store_u32(d + HDR_VERSION, FORMAT_VERSION + 1);
			write_all(seg, d, len);
			CHECK_INT_EQ(h, index_open(dir, &ix, &eb), ERR_VERSION);
			CHECK(h, strstr(eb.msg, "seg-1.uns") != NULL);
		}
		free(d);
	}
	CHECK(h, ix == NULL);

	unlink(man);
	CHECK_INT_EQ(h, index_open(dir, &ix, &eb), ERR_NOTFOUND);
	CHECK(h, strstr(eb.msg, "no index at ") != NULL);
	CHECK_INT_EQ(h, index_open("/nonexistent/unsearch", &ix, &eb), ERR_NOTFOUND);
	CHECK_STR_EQ(h, eb.msg, "no index at /nonexistent/unsearch");
	remove_index(dir);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_index");

	HARNESS_RUN(&h, test_open_and_stats);
	HARNESS_RUN(&h, test_terms);
	HARNESS_RUN(&h, test_postings);
	HARNESS_RUN(&h, test_lexicon);
	HARNESS_RUN(&h, test_clauses_docs_text);
	HARNESS_RUN(&h, test_cites);
	HARNESS_RUN(&h, test_check_ok);
	HARNESS_RUN(&h, test_semantic_damage);
	HARNESS_RUN(&h, test_tf_damage);
	HARNESS_RUN(&h, test_lemma_damage);
	HARNESS_RUN(&h, test_skip_damage);
	HARNESS_RUN(&h, test_long_lengths_damage);
	HARNESS_RUN(&h, test_flip_each_section);
	HARNESS_RUN(&h, test_truncate);
	HARNESS_RUN(&h, test_manifest_errors);
	return harness_finish(&h);
}
