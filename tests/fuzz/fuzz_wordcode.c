/* fuzz_wordcode.c: libFuzzer target for the word code of stored text
 * (common/wordcode.c). The input's first byte splits the rest: a model is
 * made from the counts of its first part and the second part must come
 * back whole through it (any bytes round-trip), and code the same with
 * hints that the first part's bytes place on it (word or not, ids by the
 * bytes they name, as the hints' contract asks); then the input's bytes
 * are read as a model (under a forged checksum) and a code, and must be
 * refused or decode to exactly the length asked, never past it, and a
 * model the encoder accepts must round-trip the second part. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "format.h" /* store_u64 */
#include "strmap.h"
#include "wordcode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wordcode_counts *c;
	struct wordcode *w = NULL;
	struct buf model = BUF_INIT, code = BUF_INIT;
	struct errbuf eb;
	size_t split;
	char *out;

	if (size < 2)
		return 0;
	split = 1 + (size_t)data[0] * (size - 1) / 256;
	c = wordcode_counts_new();
	wordcode_count(c, (const char *)data + 1, split - 1);
	wordcode_model_write(c, &model);
	wordcode_counts_free(c);
	if (wordcode_open((const uint8_t *)model.data, model.len, 1, &w, &eb))
		__builtin_trap(); /* a model written must open */
	wordcode_encode(w, (const char *)data + split, size - split, &code);
	out = malloc(size - split + 1);
	if (!out || wordcode_decode(w, (const uint8_t *)code.data, code.len, out, size - split) ||
	    memcmp(out, data + split, size - split) != 0)
		__builtin_trap(); /* the text must come back */
	free(out);
	{
		const char *text = (const char *)data + split;
		size_t len = size - split, n = 0, at = 0;
		struct wordcode_hint hints[64];
		struct wordcode_memo memo = { NULL, 0 };
		struct strmap *ids = strmap_new();
		struct buf hinted = BUF_INIT;
		for (size_t k = 1; k + 1 < split && n < 64; k += 2) {
			size_t l = data[k + 1] % 12;
			at += data[k] % 16;
			if (at >= len || at > UINT16_MAX)
				break;
			if (l > len - at)
				l = len - at;
			uint64_t *id = strmap_upsert(ids, text + at, l, strmap_count(ids), NULL);
			hints[n++] = (struct wordcode_hint){ (uint32_t)*id, (uint16_t)at, (uint16_t)l };
		}
		/* twice, the second time with the memo's codes */
		for (int round = 0; round < 2; round++) {
			buf_reset(&hinted);
			wordcode_encode_hinted(w, text, len, hints, n, &memo, &hinted);
			if (hinted.len != code.len || memcmp(hinted.data, code.data, code.len) != 0)
				__builtin_trap(); /* hints change no code */
		}
		wordcode_memo_release(&memo);
		strmap_free(ids);
		buf_release(&hinted);
	}
	wordcode_free(w);
	w = NULL;
	/* the input itself as a model, its XXH3 forged (the first part's
	 * bytes then the hash a writer appends), then a code for 64 bytes:
	 * a decoder trusts what the hash covers, and must still stay in
	 * bounds; a model the encoder's open accepts codes any text back */
	buf_reset(&model);
	buf_append(&model, data + 1, split - 1);
	uint8_t hash[8];
	store_u64(hash, (uint64_t)XXH3_64bits(data + 1, split - 1));
	buf_append(&model, hash, sizeof hash);
	if (wordcode_open((const uint8_t *)model.data, model.len, 0, &w, &eb) == 0) {
		char buf[65];
		buf[64] = '#';
		int rc = wordcode_decode(w, data + split, size - split, buf, 64);
		if ((rc != 0 && rc != ERR_CORRUPT) || buf[64] != '#')
			__builtin_trap();
		wordcode_free(w);
		w = NULL;
	}
	if (wordcode_open((const uint8_t *)model.data, model.len, 1, &w, &eb) == 0) {
		buf_reset(&code);
		wordcode_encode(w, (const char *)data + split, size - split, &code);
		out = malloc(size - split + 1);
		if (!out ||
		    wordcode_decode(w, (const uint8_t *)code.data, code.len, out, size - split) ||
		    memcmp(out, data + split, size - split) != 0)
			__builtin_trap();
		free(out);
		wordcode_free(w);
	}
	buf_release(&model);
	buf_release(&code);
	return 0;
}
