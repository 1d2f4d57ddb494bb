/* test_storedtext.c: the stored-text writer (indexer/storedtext.c) on the
 * paragraphs of the real corpus, fed again and again past the dictionary's
 * sample: the threaded writer's output is byte for byte the inline
 * writer's, the text (whole paragraphs again and again) keeps zstd, the
 * dictionary is a trained zstd dictionary, and every clause comes back
 * from its (block, offset) by decoding the block with the dictionary, with
 * the block's CRC right. On text drawn word by word from the corpus's
 * words the writer takes the word code: no dictionary, a model, threaded
 * as inline, with the analyzer's words as hints as without, and every
 * clause decodes alone from its block's header. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zdict.h>
#include <zlib.h>
#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_d_format */
#include <zstd.h>

#include "analyzer.h"
#include "buf.h"
#include "format.h"
#include "harness.h"
#include "readfile.h"
#include "reference.h"
#include "spool.h"
#include "codec.h"
#include "storedtext.h"
#include "wordcode.h"
#include "xalloc.h"

/* Enough text to pass the 1 MiB dictionary sample twice. */
#define TEXT_TOTAL (3u << 20)

struct written {
	struct buf text, dict, index, model; /* SEC_TEXT, _DICT, _INDEX, _MODEL */
	uint32_t n_blocks;
};
#define WRITTEN_INIT { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, 0 }

struct placed {
	uint32_t block, off, ord, start, len; /* start, len: in the clause stream */
};

static void written_release(struct written *w)
{
	buf_release(&w->text);
	buf_release(&w->dict);
	buf_release(&w->index);
	buf_release(&w->model);
}

/* The corpus's paragraphs, each once per round with the round number
 * appended (so rounds differ), back to back in *stream; *pl gets one
 * entry per clause. Returns the number of clauses. */
static size_t make_clauses(struct harness *h, struct buf *stream, struct placed **pl)
{
	static const char *const files[] = { "A_RES_74_29.txt", "A_RES_217_A_III.txt" };
	size_t n = 0, cap = 0;

	for (unsigned round = 0; stream->len < TEXT_TOTAL; round++) {
		for (size_t f = 0; f < 2; f++) {
			char path[512], *data = NULL, *p, *end;
			size_t len;
			struct errbuf eb = { "", 0 };
			snprintf(path, sizeof path, "%s/%s", harness_corpus_dir(), files[f]);
			if (file_read_all(path, 1u << 20, &data, &len, &eb)) {
				CHECK(h, !"corpus file readable");
				return n;
			}
			for (p = data, end = data + len; p < end;) {
				char *nl = memchr(p, '\n', (size_t)(end - p));
				size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
				if (l) {
					*pl = xgrow(*pl, &cap, n + 1, sizeof **pl);
					(*pl)[n].start = (uint32_t)stream->len;
					buf_append(stream, p, l);
					buf_printf(stream, " %u", round);
					(*pl)[n].len = (uint32_t)(stream->len - (*pl)[n].start);
					n++;
				}
				p += l + 1;
			}
			free(data);
		}
	}
	return n;
}

/* Write the clauses with a writer (threaded or not; with the analyzer's
 * words as hints or not) into w. */
static void write_all(struct harness *h, const struct buf *stream, struct placed *pl,
                      size_t n, int threaded, int hinted, struct written *w)
{
	struct wordcode_hint *hints = NULL;
	size_t cap = 0;
	struct analyzer *an = NULL;
	char path[] = "/tmp/test_storedtext.XXXXXX";
	int fd = mkstemp(path);
	struct spool sp;
	struct errbuf eb = { "", 0 };
	struct stored_text *st;
	const struct buf *dict, *index, *model;
	FILE *f;

	CHECK(h, fd >= 0);
	close(fd);
	CHECK_INT_EQ(h, spool_open(&sp, path, &eb), 0);
	st = storedtext_new(&sp, threaded);
	if (hinted && !(an = analyzer_new(&eb)))
		CHECK(h, !"analyzer_new");
	for (size_t i = 0; i < n; i++) {
		size_t n_hints = an ? reference_hints(an, stream->data + pl[i].start, pl[i].len,
		                                      &hints, &cap)
		                    : 0;
		CHECK_INT_EQ(h, storedtext_add(st, stream->data + pl[i].start, pl[i].len, hints,
		                               n_hints, &pl[i].block, &pl[i].off, &pl[i].ord, &eb), 0);
	}
	analyzer_free(an);
	free(hints);
	CHECK_INT_EQ(h, storedtext_finish(st, &dict, &model, &index, &w->n_blocks, &eb), 0);
	buf_append(&w->dict, dict->data, dict->len);
	buf_append(&w->model, model->data, model->len);
	buf_append(&w->index, index->data, index->len);
	storedtext_free(st);
	fflush(sp.f);
	f = fopen(path, "rb");
	CHECK(h, f != NULL);
	if (f) {
		char chunk[65536];
		size_t got;
		while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_append(&w->text, chunk, got);
		fclose(f);
	}
	spool_close(&sp);
}

static void test_threaded_equals_inline(struct harness *h)
{
	struct buf stream = BUF_INIT;
	struct placed *pl = NULL, *pl2;
	struct written a = WRITTEN_INIT, b = WRITTEN_INIT;
	size_t n = make_clauses(h, &stream, &pl);

	pl2 = xmalloc((n ? n : 1) * sizeof *pl2);
	memcpy(pl2, pl, n * sizeof *pl2);
	write_all(h, &stream, pl, n, 0, 0, &a);
	write_all(h, &stream, pl2, n, 1, 0, &b);
	CHECK(h, a.n_blocks > TEXT_TOTAL / TEXT_BLOCK_TARGET / 2);
	CHECK_INT_EQ(h, a.n_blocks, b.n_blocks);
	/* Trained (ZDICT may stop short of the size it was given), not raw. */
	CHECK(h, a.dict.len > TEXT_DICT_MAX / 2 && a.dict.len <= TEXT_DICT_MAX);
	CHECK(h, ZDICT_getDictID(a.dict.data, a.dict.len) != 0);
	CHECK_INT_EQ(h, a.model.len + b.model.len, 0); /* zstd kept */
	CHECK(h, a.text.len == b.text.len && memcmp(a.text.data, b.text.data, a.text.len) == 0);
	CHECK(h, a.index.len == b.index.len &&
	         memcmp(a.index.data, b.index.data, a.index.len) == 0);
	CHECK(h, a.dict.len == b.dict.len && memcmp(a.dict.data, b.dict.data, a.dict.len) == 0);
	CHECK(h, memcmp(pl, pl2, n * sizeof *pl) == 0);
	/* Every clause back from its block; every block's CRC right. */
	{
		uint8_t *raw = xmalloc(TEXT_BLOCK_SIZE);
		uint32_t have_block = UINT32_MAX, raw_len = 0, bad = 0;
		size_t at = 0;
		for (size_t i = 0; i < n; i++) {
			if (pl[i].block != have_block) {
				const uint8_t *e = (const uint8_t *)a.index.data +
				                   (size_t)pl[i].block * TEXTIDX_ENTRY_SIZE;
				uint64_t off = load_u48(e + TEXTIDX_OFFSET);
				uint64_t end = pl[i].block + 1 < a.n_blocks
				                       ? load_u48(e + TEXTIDX_ENTRY_SIZE + TEXTIDX_OFFSET)
				                       : a.text.len;
				ZSTD_DCtx *dc = ZSTD_createDCtx();
				size_t got;
				ZSTD_DCtx_setParameter(dc, ZSTD_d_format, ZSTD_f_zstd1_magicless);
				got = ZSTD_decompress_usingDict(dc, raw, TEXT_BLOCK_SIZE,
				                                (const uint8_t *)a.text.data + off,
				                                end - off, a.dict.data, a.dict.len);
				if (ZSTD_isError(got) || got != load_u16(e + TEXTIDX_RAW_LEN) ||
				    crc32(0, (const uint8_t *)a.text.data + off, (uInt)(end - off)) !=
				            load_u32(e + TEXTIDX_CRC))
					bad++;
				raw_len = ZSTD_isError(got) ? 0 : (uint32_t)got;
				ZSTD_freeDCtx(dc);
				have_block = pl[i].block;
				at++;
			}
			if (pl[i].off + pl[i].len > raw_len ||
			    memcmp(raw + pl[i].off, stream.data + pl[i].start, pl[i].len) != 0)
				bad++;
		}
		CHECK_INT_EQ(h, bad, 0);
		CHECK_INT_EQ(h, at, a.n_blocks);
		free(raw);
	}
	buf_release(&stream);
	written_release(&a);
	written_release(&b);
	free(pl);
	free(pl2);
}

/* TEXT_TOTAL of clauses of 5 to 80 words drawn from the corpus's words
 * (each once in a table, drawn with probability ~ 1 / rank by a seeded
 * generator), ending with a full stop. */
static size_t make_drawn_clauses(struct harness *h, struct buf *stream, struct placed **pl)
{
	static const char *const files[] = { "A_RES_74_29.txt", "A_RES_217_A_III.txt" };
	struct buf words = BUF_INIT;
	size_t *at = NULL, n_words = 0, cap_words = 0, n = 0, cap = 0;
	uint64_t x = 7;

	for (size_t f = 0; f < 2; f++) {
		char path[512], *data = NULL;
		size_t len;
		struct errbuf eb = { "", 0 };
		snprintf(path, sizeof path, "%s/%s", harness_corpus_dir(), files[f]);
		if (file_read_all(path, 1u << 20, &data, &len, &eb)) {
			CHECK(h, !"corpus file readable");
			return 0;
		}
		for (size_t i = 0, j; i < len; i = j + 1) {
			for (j = i; j < len && data[j] != ' ' && data[j] != '\n'; j++)
				;
			if (j > i) {
				at = xgrow(at, &cap_words, n_words + 1, sizeof *at);
				at[n_words++] = words.len;
				buf_append(&words, data + i, j - i);
				buf_append_byte(&words, 0);
			}
		}
		free(data);
	}
	while (stream->len < TEXT_TOTAL && n_words) {
		x = x * 6364136223846793005u + 1442695040888963407u;
		size_t k = 5 + (x >> 33) % 76;
		*pl = xgrow(*pl, &cap, n + 1, sizeof **pl);
		(*pl)[n].start = (uint32_t)stream->len;
		for (size_t w = 0; w < k; w++) {
			x = x * 6364136223846793005u + 1442695040888963407u;
			/* rank ~ 1/u: small ranks often */
			double u = (double)((x >> 11) + 1) / 9007199254740992.0;
			size_t r = (size_t)((double)n_words * u * u * u);
			buf_printf(stream, w ? " %s" : "%s", words.data + at[r < n_words ? r : n_words - 1]);
		}
		buf_append_byte(stream, '.');
		(*pl)[n].len = (uint32_t)(stream->len - (*pl)[n].start);
		n++;
	}
	free(at);
	buf_release(&words);
	return n;
}

static void test_word_code(struct harness *h)
{
	struct buf stream = BUF_INIT;
	struct placed *pl = NULL, *pl2;
	struct written a = WRITTEN_INIT, b = WRITTEN_INIT, c = WRITTEN_INIT;
	struct wordcode *wc = NULL;
	struct errbuf eb;
	size_t n = make_drawn_clauses(h, &stream, &pl), bad = 0;
	char *out = xmalloc(TEXT_BLOCK_SIZE);

	pl2 = xmalloc((n ? n : 1) * sizeof *pl2);
	memcpy(pl2, pl, n * sizeof *pl2);
	write_all(h, &stream, pl, n, 0, 0, &a);
	write_all(h, &stream, pl2, n, 1, 0, &b);
	CHECK(h, memcmp(pl, pl2, n * sizeof *pl) == 0);
	write_all(h, &stream, pl2, n, 1, 1, &c);
	CHECK(h, a.text.len == c.text.len && memcmp(a.text.data, c.text.data, a.text.len) == 0);
	CHECK_INT_EQ(h, a.dict.len, 0);
	CHECK(h, a.model.len > 0);
	CHECK(h, a.text.len == b.text.len && memcmp(a.text.data, b.text.data, a.text.len) == 0);
	CHECK(h, a.index.len == b.index.len &&
	         memcmp(a.index.data, b.index.data, a.index.len) == 0);
	CHECK(h, a.model.len == b.model.len &&
	         memcmp(a.model.data, b.model.data, a.model.len) == 0);
	CHECK(h, memcmp(pl, pl2, n * sizeof *pl) == 0);
	/* well under zstd's third of the text */
	CHECK(h, a.text.len + a.model.len < stream.len / 3);
	CHECK_INT_EQ(h, wordcode_open((const uint8_t *)a.model.data, a.model.len, 0, &wc, &eb), 0);
	for (size_t i = 0; i < n && wc; i++) {
		const uint8_t *e = (const uint8_t *)a.index.data + (size_t)pl[i].block * TEXTIDX_ENTRY_SIZE;
		uint64_t off = load_u48(e + TEXTIDX_OFFSET), n_clauses, len, code_at = 0, code_len = 0;
		uint64_t end = pl[i].block + 1 < a.n_blocks ? load_u48(e + TEXTIDX_ENTRY_SIZE + TEXTIDX_OFFSET)
		                                            : a.text.len;
		const uint8_t *p = (const uint8_t *)a.text.data + off, *q = (const uint8_t *)a.text.data + end;
		if (crc32(0, p, (uInt)(end - off)) != load_u32(e + TEXTIDX_CRC) ||
		    varint_read(&p, q, &n_clauses) || pl[i].ord >= n_clauses) {
			bad++;
			continue;
		}
		for (uint64_t k = 0, sum = 0; k < n_clauses; k++) {
			if (varint_read(&p, q, &len))
				break;
			if (k == pl[i].ord) {
				code_at = sum;
				code_len = len;
			}
			sum += len;
		}
		bad += wordcode_decode(wc, p + code_at, code_len, out, pl[i].len) != 0 ||
		       memcmp(out, stream.data + pl[i].start, pl[i].len) != 0;
	}
	CHECK_INT_EQ(h, bad, 0);
	wordcode_free(wc);
	free(out);
	buf_release(&stream);
	written_release(&a);
	written_release(&b);
	written_release(&c);
	free(pl);
	free(pl2);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_storedtext");

	HARNESS_RUN(&h, test_threaded_equals_inline);
	HARNESS_RUN(&h, test_word_code);
	return harness_finish(&h);
}
