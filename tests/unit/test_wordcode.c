/* test_wordcode.c: the word code of stored text: texts round-trip through
 * a model trained on the corpus (words and gaps of its vocabulary,
 * escapes, long words, any bytes, spaces at the edges), a text of the
 * vocabulary takes well under its bytes, damaged code is refused or
 * decodes to some text of the asked length, never past it, damaged models
 * are refused (and if their checksum is forged, decode safely);
 * coding with the analyzer's words as hints gives the same code, and so
 * do hints that match no word. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "analyzer.h"
#include "buf.h"
#include "format.h" /* store_u64 */
#include "harness.h"
#include "reference.h"
#include "wordcode.h"
#include "xalloc.h"

/* Set a model's last 8 bytes to the XXH3 of the rest, as its writer does. */
static void reseal_model(struct buf *model)
{
	store_u64((uint8_t *)model->data + model->len - 8,
	          (uint64_t)XXH3_64bits(model->data, model->len - 8));
}

/* The bundled corpus's texts, one after another. */
static int corpus_text(struct buf *out)
{
	const char *names[] = { "A_RES_74_29.txt", "A_RES_217_A_III.txt" };
	char path[4096];

	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		FILE *f;
		char chunk[4096];
		size_t got;
		snprintf(path, sizeof path, "%s/%s", harness_corpus_dir(), names[i]);
		if (!(f = fopen(path, "rb")))
			return -1;
		while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_append(out, chunk, got);
		fclose(f);
	}
	return 0;
}

/* The corpus's text into text and a model of its first half into model,
 * opened; NULL (the test skipped) when the corpus cannot be read. */
static struct wordcode *corpus_model(struct harness *h, struct buf *text, struct buf *model)
{
	struct wordcode_counts *c;
	struct wordcode *w = NULL;
	struct errbuf eb;

	if (corpus_text(text)) {
		harness_skip(h, "corpus/ not readable");
		return NULL;
	}
	c = wordcode_counts_new();

	wordcode_count(c, text->data, text->len / 2);
	wordcode_model_write(c, model);
	wordcode_counts_free(c);
	CHECK_INT_EQ(h, wordcode_open((const uint8_t *)model->data, model->len, 1, &w, &eb), 0);
	return w;
}

/* text codes and decodes back to itself; the code's length in *code_len. */
static int round_trip(const struct wordcode *w, const char *text, size_t len, size_t *code_len)
{
	struct buf code = BUF_INIT;
	char *back = malloc(len ? len : 1);
	int same;

	wordcode_encode(w, text, len, &code);
	same = back && wordcode_decode(w, (const uint8_t *)code.data, code.len, back, len) == 0 &&
	       memcmp(back, text, len) == 0;
	if (code_len)
		*code_len = code.len;
	buf_release(&code);
	free(back);
	return same;
}

static void test_round_trip(struct harness *h)
{
	struct buf text = BUF_INIT, model = BUF_INIT;
	struct wordcode *w;
	char bytes[600];
	size_t code_len = 0, n_para = 0, n_bad = 0, coded = 0, raw = 0;

	if (!(w = corpus_model(h, &text, &model)))
		goto out;
	/* every paragraph of the whole corpus, the half not trained on too */
	for (size_t i = 0, j; i < text.len; i = j + 1) {
		const char *nl = memchr(text.data + i, '\n', text.len - i);
		j = nl ? (size_t)(nl - text.data) : text.len;
		n_bad += !round_trip(w, text.data + i, j - i, &code_len);
		coded += code_len;
		raw += j - i;
		n_para++;
	}
	CHECK(h, n_para > 100);
	CHECK_INT_EQ(h, n_bad, 0);
	/* the trained half's words are in the vocabulary: well under half */
	CHECK(h, coded < raw / 2);
	/* edges, runs of spaces, a long word, every byte value */
	const char *edge[] = { "", " ", "  ", "a", " a", "a ", "a  b", "a b ", " a b",
	                       "Asamblea General", "1. *Acoge con beneplácito* el informe;",
	                       "palabra\tcon\r\nfines  de línea\n", "\xff\xfe\x80 a\x01" };
	for (size_t i = 0; i < sizeof edge / sizeof *edge; i++)
		n_bad += !round_trip(w, edge[i], strlen(edge[i]), NULL);
	memset(bytes, 'x', 300);
	n_bad += !round_trip(w, bytes, 300, NULL); /* longer than a symbol */
	for (size_t i = 0; i < sizeof bytes; i++)
		bytes[i] = (char)(i * 7 + i / 256);
	n_bad += !round_trip(w, bytes, sizeof bytes, NULL);
	CHECK_INT_EQ(h, n_bad, 0);
	/* a word the model has not seen takes its escape and its bytes */
	size_t seen_len, new_len;
	CHECK(h, round_trip(w, "Asamblea", 8, &seen_len) && round_trip(w, "Zxqwvy", 6, &new_len));
	CHECK(h, seen_len < new_len);
	wordcode_free(w);
out:
	buf_release(&text);
	buf_release(&model);
}

static void test_damage(struct harness *h)
{
	struct buf text = BUF_INIT, model = BUF_INIT, code = BUF_INIT;
	struct wordcode *w, *d;
	struct errbuf eb;
	char out[512];
	const char *para = "Reconociendo la necesidad de fortalecer la cooperación "
	                   "internacional, la Asamblea General decide xyzzy;";
	size_t len = strlen(para), wrong = 0, refused = 0, n = 0;

	if (!(w = corpus_model(h, &text, &model)))
		goto out;
	wordcode_encode(w, para, len, &code);
	/* Every bit of the code flipped: refused, or some text of len bytes
	 * (the out buffer's canary past len never written). */
	for (size_t bit = 0; bit < code.len * 8; bit++) {
		code.data[bit / 8] ^= (char)(1 << bit % 8);
		memset(out, '#', sizeof out);
		int rc = wordcode_decode(w, (const uint8_t *)code.data, code.len, out, len);
		refused += rc == ERR_CORRUPT;
		wrong += (rc != 0 && rc != ERR_CORRUPT) || out[len] != '#';
		code.data[bit / 8] ^= (char)(1 << bit % 8);
		n++;
	}
	CHECK_INT_EQ(h, wrong, 0);
	CHECK(h, refused > 0);
	/* cut short, or with a byte too many: refused */
	CHECK_INT_EQ(h, wordcode_decode(w, (const uint8_t *)code.data, code.len - 1, out, len),
	             ERR_CORRUPT);
	buf_append_byte(&code, 0);
	CHECK_INT_EQ(h, wordcode_decode(w, (const uint8_t *)code.data, code.len, out, len),
	             ERR_CORRUPT);
	/* Models cut at every length and with each byte changed: refused
	 * (their XXH3 no longer matches). */
	for (size_t cut = 0; cut < model.len; cut += 1 + cut / 8)
		wrong += wordcode_open((const uint8_t *)model.data, cut, 0, &d, &eb) != ERR_CORRUPT;
	for (size_t at = 0; at < model.len; at += 1 + at / 16) {
		model.data[at] ^= 0x5a;
		wrong += wordcode_open((const uint8_t *)model.data, model.len, 0, &d, &eb) !=
		         ERR_CORRUPT;
		model.data[at] ^= 0x5a;
	}
	CHECK_INT_EQ(h, wrong, 0);
	CHECK(h, strstr(eb.msg, "checksum mismatch") != NULL);
	/* The same damage under a matching XXH3 (a writer's bug, not the
	 * disk's): opened or refused, and an opened model decodes safely, a
	 * group offset that points past its bytes included (through the
	 * decoder's open, which takes the bytes over: a refused model's are
	 * freed, which ASan's leak check sees). The encoder's open, which
	 * checks every symbol's place, refuses some that a decoder opens. */
	size_t stricter = 0;
	for (size_t at = 0; at + 8 < model.len; at += 1 + at / 16) {
		model.data[at] ^= 0x5a;
		reseal_model(&model);
		uint8_t *own = xmalloc(model.len);
		memcpy(own, model.data, model.len);
		int rc = wordcode_open_decoder(own, model.len, &d, &eb);
		wrong += rc != 0 && rc != ERR_CORRUPT;
		if (rc == 0) {
			memset(out, '#', sizeof out);
			rc = wordcode_decode(d, (const uint8_t *)code.data, code.len - 1, out, len);
			wrong += (rc != 0 && rc != ERR_CORRUPT) || out[len] != '#';
			wordcode_free(d);
			rc = wordcode_open((const uint8_t *)model.data, model.len, 1, &d, &eb);
			wrong += rc != 0 && rc != ERR_CORRUPT;
			stricter += rc == ERR_CORRUPT;
			wordcode_free(d);
		}
		model.data[at] ^= 0x5a;
		reseal_model(&model);
	}
	CHECK_INT_EQ(h, wrong, 0);
	CHECK(h, stricter > 0);
	/* whole, the decoder's open reads the text back */
	{
		uint8_t *own = xmalloc(model.len);
		memcpy(own, model.data, model.len);
		CHECK_INT_EQ(h, wordcode_open_decoder(own, model.len, &d, &eb), 0);
		if (d) {
			CHECK_INT_EQ(h, wordcode_decode(d, (const uint8_t *)code.data, code.len - 1,
			                                out, len), 0);
			CHECK(h, memcmp(out, para, len) == 0);
			wordcode_free(d);
		}
	}
	wordcode_free(w);
out:
	buf_release(&text);
	buf_release(&model);
	buf_release(&code);
}

/* text coded with hints[0..n) and memo is what it is without them, and
 * decodes back; 1 when so. */
static int same_as_unhinted(const struct wordcode *w, const char *text, size_t len,
                            const struct wordcode_hint *hints, size_t n,
                            struct wordcode_memo *memo)
{
	struct buf plain = BUF_INIT, hinted = BUF_INIT;
	char *back = xmalloc(len ? len : 1);
	int same;

	wordcode_encode(w, text, len, &plain);
	wordcode_encode_hinted(w, text, len, hints, n, memo, &hinted);
	same = plain.len == hinted.len && memcmp(plain.data, hinted.data, plain.len) == 0 &&
	       wordcode_decode(w, (const uint8_t *)hinted.data, hinted.len, back, len) == 0 &&
	       memcmp(back, text, len) == 0;
	buf_release(&plain);
	buf_release(&hinted);
	free(back);
	return same;
}

static void test_hints(struct harness *h)
{
	struct buf text = BUF_INIT, model = BUF_INIT, half = BUF_INIT;
	struct wordcode *w, *w2 = NULL;
	struct wordcode_memo memo = { NULL, 0 };
	struct wordcode_hint *hints = NULL;
	size_t cap = 0, n;
	struct analyzer *a = NULL;
	struct errbuf eb;
	size_t n_para = 0, n_hints = 0, differ = 0;

	if (!(w = corpus_model(h, &text, &model)))
		goto out;
	if (!(a = analyzer_new(&eb))) {
		harness_fail(h, __FILE__, __LINE__, "analyzer_new: %s", eb.msg);
		goto out;
	}
	/* every paragraph with its words, one memo for them all, so that
	 * words met before take their code from it */
	for (size_t i = 0, j; i < text.len; i = j + 1) {
		const char *nl = memchr(text.data + i, '\n', text.len - i);
		j = nl ? (size_t)(nl - text.data) : text.len;
		n = reference_hints(a, text.data + i, j - i, &hints, &cap);
		differ += !same_as_unhinted(w, text.data + i, j - i, hints, n, &memo);
		n_hints += n;
		n_para++;
	}
	CHECK(h, n_para > 100 && n_hints > 2000);
	/* the hints were taken: the memo knows the code of each distinct word */
	size_t known = 0;
	for (size_t k = 0; k < memo.cap; k++)
		known += memo.code[k] != 0;
	CHECK(h, known > 500 && known <= analyzer_vocab_count(a));
	CHECK_INT_EQ(h, differ, 0);
	/* hints that match no word: shifted, too short, too long, past the
	 * end, of no length; and one on a word inside a longer run of word
	 * bytes (the analyzer's "palabra" in "«palabra»"'s bytes >= 0x80) */
	const char *para = "Reconociendo la necesidad de \xc2\xab" "cooperación\xc2\xbb "
	                   "internacional;";
	size_t len = strlen(para);
	n = reference_hints(a, para, len, &hints, &cap);
	CHECK(h, n == 6);
	differ += !same_as_unhinted(w, para, len, hints, n, &memo);
	for (size_t k = 0; k < n; k++) {
		struct wordcode_hint keep = hints[k];
		const struct wordcode_hint bad[] = {
			{ keep.id, (uint16_t)(keep.start + 1), keep.len },
			{ keep.id, keep.start, (uint16_t)(keep.len - 1) },
			{ keep.id, keep.start, (uint16_t)(keep.len + 1) },
			{ keep.id, keep.start, UINT16_MAX },
			{ keep.id, UINT16_MAX, 0 },
		};
		for (size_t b = 0; b < sizeof bad / sizeof *bad; b++) {
			/* a fresh memo: a bad hint leaves no code behind in it */
			struct wordcode_memo fresh = { NULL, 0 };
			hints[k] = bad[b];
			differ += !same_as_unhinted(w, para, len, hints, n, &fresh);
			wordcode_memo_release(&fresh);
		}
		hints[k] = keep;
	}
	CHECK_INT_EQ(h, differ, 0);
	/* a memo released serves another model (of the corpus's second half) */
	{
		struct wordcode_counts *c = wordcode_counts_new();
		wordcode_count(c, text.data + text.len / 2, text.len - text.len / 2);
		wordcode_model_write(c, &half);
		wordcode_counts_free(c);
		CHECK_INT_EQ(h, wordcode_open((const uint8_t *)half.data, half.len, 1, &w2, &eb), 0);
	}
	wordcode_memo_release(&memo);
	CHECK(h, memo.code == NULL && memo.cap == 0);
	if (w2)
		CHECK(h, same_as_unhinted(w2, para, len, hints, n, &memo));
out:
	wordcode_memo_release(&memo);
	wordcode_free(w);
	wordcode_free(w2);
	analyzer_free(a);
	free(hints);
	buf_release(&text);
	buf_release(&model);
	buf_release(&half);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_wordcode");

	HARNESS_RUN(&h, test_round_trip);
	HARNESS_RUN(&h, test_damage);
	HARNESS_RUN(&h, test_hints);
	return harness_finish(&h);
}
