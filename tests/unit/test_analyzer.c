/* test_analyzer.c: unit tests for analyzer.c on Snowball's own data and the corpus. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "buf.h"
#include "err.h"
#include "harness.h"
#include "strmap.h"
#include "text.h"
#include "xalloc.h"

#define SNOWBALL_DIR "/usr/share/snowball/data/spanish"

/* Tokens collected by collect_fn (strings point into the analyzer). */
struct tokens {
	struct token *v;
	size_t n, cap;
	int stop_after; /* return 99 after this many tokens; 0 = never */
};

static int collect_fn(void *ctx, const struct token *tok)
{
	struct tokens *t = ctx;

	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
	t->v[t->n++] = *tok;
	if (t->stop_after && t->n == (size_t)t->stop_after)
		return 99;
	return 0;
}

static int run(struct analyzer *a, const char *s, size_t len, uint32_t first,
               struct tokens *t)
{
	t->n = 0;
	return analyzer_run(a, s, len, first, collect_fn, t);
}

static int read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	char tmp[8192];
	size_t n;

	if (!f)
		return -1;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_append(out, tmp, n);
	if (ferror(f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

/* The next '\n'-terminated line of b at *off, without the newline. */
static int next_line(const struct buf *b, size_t *off, const char **s,
                     size_t *len)
{
	if (*off >= b->len)
		return 0;
	const char *p = b->data + *off, *nl = memchr(p, '\n', b->len - *off);
	size_t n = nl ? (size_t)(nl - p) : b->len - *off;

	*s = p;
	*len = n;
	*off += n + (nl ? 1 : 0);
	return 1;
}

static struct analyzer *new_analyzer(struct harness *h)
{
	struct errbuf eb;
	struct analyzer *a = analyzer_new(&eb);

	if (!a)
		harness_fail(h, __FILE__, __LINE__, "analyzer_new: %s", eb.msg);
	return a;
}

/* Every word of Snowball's Spanish vocabulary stems to its output line. */
static void test_snowball_vocabulary(struct harness *h)
{
	struct buf voc = BUF_INIT, out = BUF_INIT;
	struct analyzer *a = new_analyzer(h);
	struct tokens t = { 0 };
	size_t vo = 0, oo = 0, lines = 0, bad = 0;
	const char *w, *want;
	size_t wl, wantl;

	if (!a)
		return;
	if (read_file(SNOWBALL_DIR "/voc.txt", &voc) != 0 ||
	    read_file(SNOWBALL_DIR "/output.txt", &out) != 0) {
		harness_fail(h, __FILE__, __LINE__,
		             "cannot read " SNOWBALL_DIR "/{voc,output}.txt: "
		             "install the snowball-data package (make deps)");
		goto done;
	}
	while (next_line(&voc, &vo, &w, &wl)) {
		if (!next_line(&out, &oo, &want, &wantl)) {
			harness_fail(h, __FILE__, __LINE__, "output.txt is shorter than voc.txt");
			break;
		}
		lines++;
		run(a, w, wl, 0, &t);
		if (wl == 0) { /* voc.txt has a few empty lines: no token */
			CHECK_INT_EQ(h, t.n, 0);
			CHECK_INT_EQ(h, wantl, 0);
			continue;
		}
		if (t.n != 1 || t.v[0].term_len != wantl ||
		    memcmp(t.v[0].term, want, wantl) != 0) {
			if (bad++ < 5)
				harness_fail(h, __FILE__, __LINE__,
				             "\"%.*s\": %zu tokens, term \"%s\", want \"%.*s\"",
				             (int)wl, w, t.n, t.n ? t.v[0].term : "",
				             (int)wantl, want);
		}
	}
	/* analyzer_key agrees with analyzer_run on every word */
	size_t key_bad = 0;
	for (size_t i = 0; i < analyzer_vocab_count(a); i++) {
		struct token e;
		size_t kl;
		const char *k;

		analyzer_vocab_entry(a, i, &e);
		k = analyzer_key(a, e.folded, e.folded_len, &kl);
		if ((kl != e.key_len || strcmp(k, e.key) != 0) && key_bad++ < 5)
			harness_fail(h, __FILE__, __LINE__, "analyzer_key(%s) = %s, token key %s",
			             e.folded, k, e.key);
	}
	CHECK_INT_EQ(h, key_bad, 0);
	CHECK_INT_EQ(h, lines, 28390);
	CHECK_INT_EQ(h, bad, 0);
	/* every non-empty word is distinct: one cache entry each */
	CHECK_INT_EQ(h, analyzer_vocab_count(a), 28390 - 13);
done:
	free(t.v);
	buf_release(&voc);
	buf_release(&out);
	analyzer_free(a);
}

/* Tokens of the whole corpus, collected with their raw surface form. */
struct corpus_ctx {
	struct analyzer *a;
	const char *text;
	struct strmap *accented; /* raw surface words with an accent */
	struct strmap *pairs;    /* "key\0term" of every word: key -> terms */
};

static int corpus_fn(void *ctx, const struct token *tok)
{
	struct corpus_ctx *c = ctx;
	const char *raw = c->text + tok->start;
	size_t len = tok->end - tok->start;
	struct buf pair = BUF_INIT, cf = BUF_INIT;
	int added;

	buf_append(&pair, tok->key, tok->key_len);
	buf_append_byte(&pair, 0);
	buf_append(&pair, tok->term, tok->term_len);
	strmap_upsert(c->pairs, pair.data, pair.len, 0, &added);
	/* accented: the case-folded word differs from the accent-folded one */
	if (text_casefold(raw, len, &cf) == 0 &&
	    (cf.len != tok->folded_len || memcmp(cf.data, tok->folded, cf.len) != 0))
		strmap_upsert(c->accented, raw, len, tok->word_id, &added);
	buf_release(&pair);
	buf_release(&cf);
	return 0;
}

/* Typing a corpus word without its accents finds its term through the key. */
static void test_corpus_accents(struct harness *h)
{
	struct corpus_ctx c = { 0 };
	struct tokens t = { 0 };
	const char *dir = harness_corpus_dir();
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t files = 0, key_not_term = 0;

	c.a = new_analyzer(h);
	if (!c.a || !d) {
		CHECK(h, d != NULL);
		goto done;
	}
	c.accented = strmap_new();
	c.pairs = strmap_new();
	while ((de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name);
		struct buf path = BUF_INIT, text = BUF_INIT;

		if (nl < 4 || strcmp(de->d_name + nl - 4, ".txt") != 0)
			continue;
		buf_printf(&path, "%s/%s", dir, de->d_name);
		CHECK(h, read_file(path.data, &text) == 0);
		c.text = text.data;
		CHECK_INT_EQ(h, analyzer_run(c.a, text.data, text.len, 0, corpus_fn, &c), 0);
		files++;
		buf_release(&path);
		buf_release(&text);
	}
	CHECK(h, files >= 2);
	/* the corpus has many accented words (información, período, ...) */
	CHECK(h, strmap_count(c.accented) > 100);
	CHECK(h, strmap_get(c.accented, "información", strlen("información")) != NULL);
	for (size_t i = 0; i < strmap_count(c.accented); i++) {
		size_t rl;
		const char *raw = strmap_key(c.accented, i, &rl);
		struct token acc;
		struct buf plain = BUF_INIT, pair = BUF_INIT;

		analyzer_vocab_entry(c.a, (size_t)strmap_value(c.accented, i), &acc);
		CHECK_INT_EQ(h, text_fold(raw, rl, &plain), 0);
		run(c.a, plain.data, plain.len, 0, &t);
		CHECK_INT_EQ(h, t.n, 1);
		if (t.n != 1)
			continue;
		/* same key, and the lookup key -> terms yields the accented term */
		CHECK_STR_EQ(h, t.v[0].key, acc.key);
		if (strcmp(t.v[0].key, acc.term) != 0)
			key_not_term++;
		buf_append(&pair, t.v[0].key, t.v[0].key_len);
		buf_append_byte(&pair, 0);
		buf_append(&pair, acc.term, acc.term_len);
		if (!strmap_get(c.pairs, pair.data, pair.len))
			harness_fail(h, __FILE__, __LINE__,
			             "\"%.*s\": term %s not found via key %s of \"%s\"",
			             (int)rl, raw, acc.term, t.v[0].key, plain.data);
		buf_release(&plain);
		buf_release(&pair);
	}
	/* quality, not correctness: the unaccented key is mostly the accented
	 * word's own stem (16 of 144 are not, e.g. además: ademas / adem) */
	if (key_not_term * 100 > strmap_count(c.accented) * 12)
		harness_fail(h, __FILE__, __LINE__, "%zu of %zu accented words have a key other than their term",
		             key_not_term, strmap_count(c.accented));
done:
	if (d)
		closedir(d);
	free(t.v);
	strmap_free(c.accented);
	strmap_free(c.pairs);
	analyzer_free(c.a);
}

static void test_accent_keys(struct harness *h)
{
	struct analyzer *a = new_analyzer(h);
	struct tokens t = { 0 };
	char key[64];

	if (!a)
		return;
	CHECK_INT_EQ(h, run(a, "Información", strlen("Información"), 0, &t), 0);
	CHECK_INT_EQ(h, t.n, 1);
	CHECK_STR_EQ(h, t.v[0].term, "inform");
	CHECK_STR_EQ(h, t.v[0].folded, "informacion");
	CHECK_STR_EQ(h, t.v[0].key, "inform");
	CHECK_INT_EQ(h, t.v[0].term_len, 6);

	run(a, "informacion", 11, 0, &t);
	CHECK_INT_EQ(h, t.n, 1);
	CHECK_STR_EQ(h, t.v[0].key, "inform");
	CHECK_STR_EQ(h, t.v[0].folded, "informacion");

	run(a, "tecnologías", strlen("tecnologías"), 0, &t);
	CHECK_INT_EQ(h, t.n, 1);
	snprintf(key, sizeof key, "%s", t.v[0].key);
	CHECK_STR_EQ(h, t.v[0].folded, "tecnologias");
	run(a, "tecnologias", strlen("tecnologias"), 0, &t);
	CHECK_INT_EQ(h, t.n, 1);
	CHECK_STR_EQ(h, t.v[0].key, key);
	run(a, "TECNOLOGÍAS", strlen("TECNOLOGÍAS"), 0, &t);
	CHECK_INT_EQ(h, t.n, 1);
	CHECK_STR_EQ(h, t.v[0].key, key);
	CHECK_STR_EQ(h, t.v[0].term, "tecnolog");
	CHECK_STR_EQ(h, t.v[0].key, "tecnolog");
	/* restored suffix accents: the key is the accented word's stem */
	run(a, "resolucion deberian resolución deberían",
	    strlen("resolucion deberian resolución deberían"), 0, &t);
	CHECK_INT_EQ(h, t.n, 4);
	if (t.n == 4) {
		CHECK_STR_EQ(h, t.v[2].term, "resolu");
		CHECK_STR_EQ(h, t.v[0].key, "resolu");
		CHECK_STR_EQ(h, t.v[0].term, "resolucion");
		CHECK_STR_EQ(h, t.v[1].key, t.v[3].term);
		CHECK_STR_EQ(h, t.v[3].key, t.v[3].term);
	}
	/* "ciones" keeps its plain stem; a bare suffix is not rewritten */
	run(a, "informaciones cion", 18, 0, &t);
	CHECK_STR_EQ(h, t.v[0].key, "inform");
	CHECK_STR_EQ(h, t.v[1].key, "cion");

	size_t sl;
	const char *s = analyzer_stem(a, "información", strlen("información"), &sl);
	CHECK_STR_EQ(h, s, "inform");
	CHECK_INT_EQ(h, sl, 6);
	CHECK(h, analyzer_stem(a, "información", strlen("información"), &sl) == s);
	CHECK_STR_EQ(h, analyzer_stem(a, "derechos", 8, &sl), "derech");
	CHECK_STR_EQ(h, analyzer_stem(a, "informacion", 11, &sl), "informacion");
	const char *k = analyzer_key(a, "informacion", 11, &sl);
	CHECK_STR_EQ(h, k, "inform");
	CHECK_INT_EQ(h, sl, 6);
	CHECK(h, analyzer_key(a, "informacion", 11, &sl) == k);
	CHECK_STR_EQ(h, analyzer_key(a, "tecnologias", 11, &sl), "tecnolog");
	CHECK_STR_EQ(h, analyzer_key(a, "derechos", 8, &sl), "derech");
	CHECK_INT_EQ(h, analyzer_key(a, "", 0, &sl)[0], 0);
	CHECK_INT_EQ(h, sl, 0);
	free(t.v);
	analyzer_free(a);
}

static void test_nfd_offsets(struct harness *h)
{
	struct analyzer *a = new_analyzer(h);
	struct tokens c = { 0 }, d = { 0 };
	const char nfc[] = "La Información y la tecnología, Ñandú";
	/* the same text with every accent as a combining mark */
	const char nfd[] = "La Informacio\xCC\x81n y la tecnologi\xCC\x81" "a, N\xCC\x83" "andu\xCC\x81";

	if (!a)
		return;
	run(a, nfc, strlen(nfc), 0, &c);
	run(a, nfd, strlen(nfd), 0, &d);
	CHECK_INT_EQ(h, c.n, 6);
	CHECK_INT_EQ(h, d.n, c.n);
	for (size_t i = 0; i < c.n && i < d.n; i++) {
		CHECK_STR_EQ(h, d.v[i].term, c.v[i].term);
		CHECK_STR_EQ(h, d.v[i].folded, c.v[i].folded);
		CHECK_STR_EQ(h, d.v[i].key, c.v[i].key);
		CHECK_INT_EQ(h, d.v[i].position, c.v[i].position);
	}
	/* offsets point into each original */
	static const size_t nfd_off[6][2] = {
		{ 0, 2 }, { 3, 16 }, { 17, 18 }, { 19, 21 }, { 22, 34 }, { 36, 45 },
	};
	for (size_t i = 0; i < 6 && i < d.n; i++) {
		CHECK_INT_EQ(h, d.v[i].start, nfd_off[i][0]);
		CHECK_INT_EQ(h, d.v[i].end, nfd_off[i][1]);
	}
	CHECK_INT_EQ(h, d.v[5].end, strlen(nfd));
	CHECK_INT_EQ(h, c.v[1].start, 3);
	CHECK_INT_EQ(h, c.v[1].end, 3 + strlen("Información"));
	CHECK_STR_EQ(h, c.v[5].folded, "nandu");
	/* different surface bytes are different vocabulary words */
	CHECK(h, d.v[1].word_id != c.v[1].word_id);
	free(c.v);
	free(d.v);
	analyzer_free(a);
}

static void test_positions_and_symbols(struct harness *h)
{
	struct analyzer *a = new_analyzer(h);
	struct tokens t = { 0 };

	if (!a)
		return;
	run(a, "Derechos  humanos, universales",
	    strlen("Derechos  humanos, universales"), 0, &t);
	CHECK_INT_EQ(h, t.n, 3);
	for (size_t i = 0; i < t.n; i++)
		CHECK_INT_EQ(h, t.v[i].position, i);
	CHECK_INT_EQ(h, t.v[1].start, 10);
	CHECK_INT_EQ(h, t.v[1].end, 17);
	run(a, "uno dos", 7, 40, &t);
	CHECK_INT_EQ(h, t.n, 2);
	CHECK_INT_EQ(h, t.v[0].position, 40);
	CHECK_INT_EQ(h, t.v[1].position, 41);

	run(a, "A/RES/74/29", 11, 0, &t);
	CHECK_INT_EQ(h, t.n, 4);
	if (t.n == 4) {
		CHECK_STR_EQ(h, t.v[0].term, "a");
		CHECK_STR_EQ(h, t.v[1].term, "res");
		CHECK_STR_EQ(h, t.v[2].term, "74");
		CHECK_STR_EQ(h, t.v[3].term, "29");
		CHECK_INT_EQ(h, t.v[2].start, 6);
		CHECK_INT_EQ(h, t.v[3].position, 3);
	}
	/* a combining mark cannot start a token */
	run(a, " \xCC\x81" "abc", 6, 0, &t);
	CHECK_INT_EQ(h, t.n, 1);
	CHECK_INT_EQ(h, t.v[0].start, 3);
	free(t.v);
	analyzer_free(a);
}

static void test_invalid_utf8(struct harness *h)
{
	struct analyzer *a = new_analyzer(h);
	struct tokens t = { 0 };
	const char s[] = "paz\xFFjusticia\xC0\xAF" "dignidad \xED\xA0\x80x caf\xC3";

	if (!a)
		return;
	CHECK_INT_EQ(h, run(a, s, strlen(s), 0, &t), 0);
	CHECK_INT_EQ(h, t.n, 5);
	if (t.n == 5) {
		CHECK_STR_EQ(h, t.v[0].folded, "paz");
		CHECK_STR_EQ(h, t.v[1].folded, "justicia");
		CHECK_STR_EQ(h, t.v[2].folded, "dignidad");
		CHECK_STR_EQ(h, t.v[3].folded, "x");
		CHECK_STR_EQ(h, t.v[4].folded, "caf");
		CHECK_INT_EQ(h, t.v[4].end, strlen(s) - 1);
	}
	/* a length cut in the middle of "ñ" is never read past */
	CHECK_INT_EQ(h, run(a, "añ", 2, 0, &t), 0);
	CHECK_INT_EQ(h, t.n, 1);
	CHECK_INT_EQ(h, t.v[0].end, 1);
	free(t.v);
	analyzer_free(a);
}

static void test_long_run_split(struct harness *h)
{
	struct analyzer *a = new_analyzer(h);
	struct tokens t = { 0 };
	struct buf s = BUF_INIT;

	if (!a)
		return;
	/* 10 KB of letters: one byte, then two-byte ones (odd offsets) */
	buf_append_byte(&s, 'x');
	for (int i = 0; i < 5120; i++)
		buf_append_str(&s, "ñ");
	run(a, s.data, s.len, 0, &t);
	CHECK(h, t.n >= s.len / ANALYZER_MAX_TOKEN);
	size_t at = 0;
	for (size_t i = 0; i < t.n; i++) {
		size_t n = t.v[i].end - t.v[i].start;
		CHECK_INT_EQ(h, t.v[i].start, at);   /* contiguous */
		CHECK(h, n > 0 && n <= ANALYZER_MAX_TOKEN);
		CHECK(h, (t.v[i].end - 1) % 2 == 0); /* ends after a whole "ñ" */
		CHECK_INT_EQ(h, t.v[i].position, i);
		at = t.v[i].end;
	}
	CHECK_INT_EQ(h, at, s.len);
	free(t.v);
	/* ASCII runs are cut at exactly ANALYZER_MAX_TOKEN bytes, and a
	 * two-byte letter that would pass it starts the next token */
	buf_reset(&s);
	for (int i = 0; i < 2 * ANALYZER_MAX_TOKEN + 44; i++)
		buf_append_byte(&s, 'a');
	buf_append_byte(&s, ' ');
	for (int i = 0; i < ANALYZER_MAX_TOKEN - 1; i++)
		buf_append_byte(&s, 'b');
	buf_append_str(&s, "\xC3\xB1" "ccccc");
	memset(&t, 0, sizeof t);
	run(a, s.data, s.len, 0, &t);
	CHECK_INT_EQ(h, t.n, 5);
	if (t.n == 5) {
		CHECK_INT_EQ(h, t.v[0].end, ANALYZER_MAX_TOKEN);
		CHECK_INT_EQ(h, t.v[1].end, 2 * ANALYZER_MAX_TOKEN);
		CHECK_INT_EQ(h, t.v[2].end, 2 * ANALYZER_MAX_TOKEN + 44);
		CHECK_INT_EQ(h, t.v[3].end - t.v[3].start, ANALYZER_MAX_TOKEN - 1);
		CHECK_INT_EQ(h, t.v[4].start, t.v[3].end);
		CHECK_INT_EQ(h, t.v[4].end, s.len);
		CHECK_INT_EQ(h, t.v[4].position, 4);
	}
	buf_release(&s);
	free(t.v);
	analyzer_free(a);
}

/* ASCII text, scanned eight bytes at a time (analyzer.c), against a byte
 * at a time here: runs of letters and digits, cut every
 * ANALYZER_MAX_TOKEN bytes. Random strings of every ASCII byte, with runs
 * of every length around 8 and 128 placed at every offset. */
static void test_ascii_runs(struct harness *h)
{
	struct analyzer *a = new_analyzer(h);
	struct tokens t = { 0 };
	char s[400];
	unsigned seed = 12345;

	if (!a)
		return;
	for (int trial = 0; trial < 3000; trial++) {
		size_t len = 0, n = 0, i = 0;
		int ok = 1;

		while (len < sizeof s - 1) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = seed >> 8;
			if (r % 4 == 0) { /* a run of letters and digits */
				size_t k = trial % 3 == 0 ? r / 4 % 300 : r / 4 % 20;
				for (size_t j = 0; j < k && len < sizeof s - 1; j++)
					s[len++] = "aZ09mq"[(r >> 12 ^ j) % 6];
			} else {
				s[len++] = (char)(1 + r / 4 % 127); /* any ASCII but NUL */
			}
		}
		run(a, s, len, 0, &t);
		while (i < len) {
			size_t start, stop;
			if (!isalnum((unsigned char)s[i])) {
				i++;
				continue;
			}
			start = i;
			while (i < len && isalnum((unsigned char)s[i]))
				i++;
			for (; start < i; start = stop, n++) {
				stop = i - start > ANALYZER_MAX_TOKEN ? start + ANALYZER_MAX_TOKEN : i;
				ok &= n < t.n && t.v[n].start == start && t.v[n].end == stop &&
				      t.v[n].position == n;
			}
		}
		ok &= n == t.n;
		CHECK(h, ok);
		if (!ok)
			break;
	}
	free(t.v);
	analyzer_free(a);
}

/* 1 if x and y are the same token: position, bytes and term. */
static int same_token(const struct token *x, const struct token *y)
{
	return x->start == y->start && x->end == y->end && x->position == y->position &&
	       strcmp(x->term, y->term) == 0;
}

/* analyzer_run_some with a first_byte filter (highlighting's) against
 * analyzer_run: exactly the tokens whose first byte it flags, with the same
 * positions, bytes and terms, for filters of one letter, of digits, of
 * every byte past ASCII and of nothing; and with a filter of positions
 * (a few, or all, and some past the last token), exactly the tokens at
 * them. The texts mix words of every length around 8 and
 * ANALYZER_MAX_TOKEN, of flagged and unflagged initials, with
 * separators, two-byte letters, the signs x and ÷ (two bytes of the same
 * lead, not letters), a guillemet and a dash, at every offset of the
 * sixteen and sixty-four bytes that analyzer.c counts at once. */
static void test_filtered_runs(struct harness *h)
{
	static const char *const pieces[] = { "a", "b", "Z", "0", "m", "q", " ", ", ", ".\n",
	                                      "\xC3\xB1", "\xC3\x81", "\xC3\xA9", "\xC3\x97",
	                                      "\xC3\xB7", "\xC2\xAB", "\xE2\x80\x94" };
	struct analyzer *a = new_analyzer(h);
	struct tokens all = { 0 }, some = { 0 };
	struct buf s = BUF_INIT;
	uint8_t tables[5][256] = { { 0 } };
	unsigned seed = 777;
	int ok = 1;

	if (!a)
		return;
	tables[0]['a'] = tables[0]['A'] = 1;
	tables[1]['m'] = 1;
	for (int c = '0'; c <= '9'; c++)
		tables[2][c] = 1;
	memset(tables[3] + 0x80, 1, 0x80);
	for (int trial = 0; trial < 2000 && ok; trial++) {
		buf_reset(&s);
		while (s.len < 600) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = seed >> 8;
			size_t k = r % 7 == 0 ? r / 7 % 300 : r / 7 % 12;
			const char *piece = pieces[r / 3 % (sizeof pieces / sizeof *pieces)];
			for (size_t j = 0; j < k; j++)
				buf_append_str(&s, pieces[(r / 11 + j * (r % 3)) % 6]);
			buf_append_str(&s, piece);
		}
		run(a, s.data, s.len, 3, &all);
		for (size_t f = 0; f < sizeof tables / sizeof *tables; f++) {
			const struct token_filter filter = { .first_byte = tables[f] };
			size_t n = 0;
			some.n = 0;
			ok &= analyzer_run_some(a, s.data, s.len, 3, &filter, collect_fn, &some) == 0;
			for (size_t i = 0; i < all.n; i++) {
				if (!tables[f][(unsigned char)s.data[all.v[i].start]])
					continue;
				ok &= n < some.n && same_token(&some.v[n], &all.v[i]);
				n++;
			}
			ok &= n == some.n;
		}
		/* positions from the first token's, 3, on */
		uint32_t want[64];
		size_t n_want = 0, n = 0;
		for (uint32_t p = 3; p < all.n + 6 && n_want < 64; p++) {
			seed = seed * 1103515245u + 12345u;
			if (trial % 5 == 0 || (seed >> 16) % 9 == 0)
				want[n_want++] = p;
		}
		const struct token_filter at = { .positions = want, .n_positions = n_want };
		some.n = 0;
		ok &= analyzer_run_some(a, s.data, s.len, 3, &at, collect_fn, &some) == 0;
		for (size_t i = 0, w = 0; i < all.n; i++) {
			while (w < n_want && want[w] < all.v[i].position)
				w++;
			if (w == n_want || want[w] != all.v[i].position)
				continue;
			ok &= n < some.n && same_token(&some.v[n], &all.v[i]);
			n++;
		}
		ok &= n == some.n;
		CHECK(h, ok);
	}
	buf_release(&s);
	free(all.v);
	free(some.v);
	analyzer_free(a);
}

static void test_stopwords(struct harness *h)
{
	struct analyzer *a = new_analyzer(h);
	struct tokens t = { 0 };
	const char s[] = "creación de la capacidad De LA Según segun Estados";

	if (!a)
		return;
	run(a, s, strlen(s), 0, &t);
	CHECK_INT_EQ(h, t.n, 9);
	if (t.n == 9) {
		CHECK(h, !t.v[0].stopword);
		CHECK(h, t.v[1].stopword);
		CHECK(h, t.v[2].stopword);
		CHECK(h, !t.v[3].stopword);
		CHECK(h, t.v[4].stopword);
		CHECK(h, t.v[5].stopword);
		CHECK(h, t.v[6].stopword); /* según, listed with its accent */
		CHECK(h, t.v[7].stopword); /* and typed without */
		CHECK(h, !t.v[8].stopword);
	}
	CHECK(h, analyzer_is_stopword(a, "de", 2));
	CHECK(h, analyzer_is_stopword(a, "el", 2));
	CHECK(h, analyzer_is_stopword(a, "mas", 3));
	CHECK(h, !analyzer_is_stopword(a, "capacidad", 9));
	CHECK(h, !analyzer_is_stopword(a, "", 0));
	CHECK(h, !analyzer_is_stopword(a, "#", 1));
	free(t.v);
	analyzer_free(a);
}

static void test_empty_and_stop(struct harness *h)
{
	struct analyzer *a = new_analyzer(h);
	struct tokens t = { 0 };

	if (!a)
		return;
	CHECK_INT_EQ(h, run(a, "", 0, 0, &t), 0);
	CHECK_INT_EQ(h, t.n, 0);
	CHECK_INT_EQ(h, run(a, " ,;/ -- ", 8, 0, &t), 0);
	CHECK_INT_EQ(h, t.n, 0);
	t.stop_after = 2;
	CHECK_INT_EQ(h, run(a, "uno dos tres cuatro", 19, 0, &t), 99);
	CHECK_INT_EQ(h, t.n, 2);
	/* stopping on the last token still returns the value */
	CHECK_INT_EQ(h, run(a, "uno dos", 7, 0, &t), 99);
	free(t.v);
	analyzer_free(a);
	analyzer_free(NULL);
}

static void test_vocab(struct harness *h)
{
	struct analyzer *a = new_analyzer(h);
	struct tokens t = { 0 };
	struct token e;
	char word[32];

	if (!a)
		return;
	run(a, "Derechos derechos Derechos humanos", 34, 0, &t);
	CHECK_INT_EQ(h, t.n, 4);
	CHECK_INT_EQ(h, analyzer_vocab_count(a), 3);
	CHECK_INT_EQ(h, t.v[0].word_id, 0);
	CHECK_INT_EQ(h, t.v[1].word_id, 1);
	CHECK_INT_EQ(h, t.v[2].word_id, 0);
	CHECK_INT_EQ(h, t.v[3].word_id, 2);
	const char *first_term = t.v[0].term;
	analyzer_vocab_entry(a, 1, &e);
	CHECK_STR_EQ(h, e.term, "derech");
	CHECK_STR_EQ(h, e.folded, "derechos");
	CHECK_INT_EQ(h, e.position, 0);
	CHECK_INT_EQ(h, e.end, 0);
	/* many more words: earlier strings must not move */
	for (int i = 0; i < 20000; i++) {
		int n = snprintf(word, sizeof word, "palabra%dx", i);
		run(a, word, (size_t)n, 0, &t);
	}
	CHECK_INT_EQ(h, analyzer_vocab_count(a), 20003);
	CHECK_STR_EQ(h, first_term, "derech");
	analyzer_vocab_entry(a, 2, &e);
	CHECK_STR_EQ(h, e.term, "human");
	analyzer_vocab_entry(a, 20002, &e);
	CHECK_STR_EQ(h, e.folded, "palabra19999x");
	free(t.v);
	analyzer_free(a);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_analyzer");

	HARNESS_RUN(&h, test_snowball_vocabulary);
	HARNESS_RUN(&h, test_corpus_accents);
	HARNESS_RUN(&h, test_accent_keys);
	HARNESS_RUN(&h, test_nfd_offsets);
	HARNESS_RUN(&h, test_positions_and_symbols);
	HARNESS_RUN(&h, test_invalid_utf8);
	HARNESS_RUN(&h, test_long_run_split);
	HARNESS_RUN(&h, test_ascii_runs);
	HARNESS_RUN(&h, test_filtered_runs);
	HARNESS_RUN(&h, test_stopwords);
	HARNESS_RUN(&h, test_empty_and_stop);
	HARNESS_RUN(&h, test_vocab);
	return harness_finish(&h);
}
