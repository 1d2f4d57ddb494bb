/* test_text.c: unit tests for text.c (UTF-8 decoding, sanitizing, the
 * Windows-1252 and UTF-16 decoders fed in chunks, folding, width). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "err.h"
#include "harness.h"
#include "text.h"

/* Decode s (n bytes) once and check consumed bytes, code point and flag. */
static void check_decode(struct harness *h, const char *s, size_t n,
                         size_t want_n, int32_t want_cp, int want_invalid)
{
	int32_t cp = -1;
	int invalid = -1;
	size_t got = utf8_decode(s, n, &cp, &invalid);

	CHECK_INT_EQ(h, got, want_n);
	CHECK_INT_EQ(h, cp, want_cp);
	CHECK_INT_EQ(h, invalid, want_invalid);
}

static void test_decode_valid(struct harness *h)
{
	check_decode(h, "A", 1, 1, 'A', 0);
	check_decode(h, "\xC3\xB1", 2, 2, 0xF1, 0);             /* ñ */
	check_decode(h, "\xE2\x82\xAC", 3, 3, 0x20AC, 0);       /* € */
	check_decode(h, "\xF0\x9F\x98\x80", 4, 4, 0x1F600, 0);  /* emoji */
	check_decode(h, "\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF, 0); /* last */
	check_decode(h, "\xED\x9F\xBF", 3, 3, 0xD7FF, 0);       /* before surrogates */
	check_decode(h, "\0", 1, 1, 0, 0);
}

static void test_decode_invalid(struct harness *h)
{
	check_decode(h, "\xC0\xAF", 2, 1, 0xFFFD, 1);         /* overlong '/' */
	check_decode(h, "\xC1\xBF", 2, 1, 0xFFFD, 1);
	check_decode(h, "\xE0\x80\xAF", 3, 1, 0xFFFD, 1);     /* overlong 3 bytes */
	check_decode(h, "\xF0\x80\x80\xAF", 4, 1, 0xFFFD, 1); /* overlong 4 bytes */
	check_decode(h, "\xED\xA0\x80", 3, 1, 0xFFFD, 1);     /* U+D800 */
	check_decode(h, "\xED\xBF\xBF", 3, 1, 0xFFFD, 1);     /* U+DFFF */
	check_decode(h, "\xF4\x90\x80\x80", 4, 1, 0xFFFD, 1); /* U+110000 */
	check_decode(h, "\xF5\x80\x80\x80", 4, 1, 0xFFFD, 1);
	check_decode(h, "\xFF", 1, 1, 0xFFFD, 1);
	check_decode(h, "\x80", 1, 1, 0xFFFD, 1);             /* lone continuation */
	check_decode(h, "\xC3", 1, 1, 0xFFFD, 1);             /* truncated */
	check_decode(h, "\xE2\x82", 2, 1, 0xFFFD, 1);         /* truncated */
	check_decode(h, "\xF0\x9F\x98", 3, 1, 0xFFFD, 1);     /* truncated */
	/* len limits reading even when more bytes follow in memory */
	check_decode(h, "\xC3\xB1", 1, 1, 0xFFFD, 1);
	check_decode(h, "\xC3" "A", 2, 1, 0xFFFD, 1);         /* bad continuation */
}

static void test_sanitize(struct harness *h)
{
	struct buf out = BUF_INIT;
	size_t first = 12345;
	const char good[] = "Año de la información";

	CHECK_INT_EQ(h, utf8_sanitize(good, strlen(good), &out, &first), 0);
	CHECK_INT_EQ(h, first, 12345); /* untouched */
	CHECK_STR_EQ(h, out.data, good);

	buf_reset(&out);
	/* a bad byte at 3, a truncated sequence at 6 (each of its two bytes is
	 * replaced, as utf8_decode consumes one byte) and one at the end */
	const char bad[] = "abc\xFF" "de\xE2\x82" "f\xC3";
	CHECK_INT_EQ(h, utf8_sanitize(bad, strlen(bad), &out, &first), 4);
	CHECK_INT_EQ(h, first, 3);
	CHECK_STR_EQ(h, out.data, "abc" TEXT_REPLACEMENT "de" TEXT_REPLACEMENT
	             TEXT_REPLACEMENT "f" TEXT_REPLACEMENT);
	/* the output is valid UTF-8 */
	size_t first2 = 777;
	struct buf again = BUF_INIT;
	CHECK_INT_EQ(h, utf8_sanitize(out.data, out.len, &again, &first2), 0);
	CHECK_INT_EQ(h, first2, 777);
	CHECK_INT_EQ(h, again.len, out.len);

	/* surrogate encoded as 3 bytes: each byte replaced */
	buf_reset(&out);
	CHECK_INT_EQ(h, utf8_sanitize("x\xED\xA0\x80", 4, &out, NULL), 3);
	CHECK_INT_EQ(h, out.len, 1 + 3 * 3);
	buf_release(&out);
	buf_release(&again);
}

static void test_casefold(struct harness *h)
{
	struct buf out = BUF_INIT;

	CHECK_INT_EQ(h, text_casefold("Año Información ÉXITO", strlen("Año Información ÉXITO"), &out), 0);
	CHECK_STR_EQ(h, out.data, "año información éxito");
	buf_reset(&out);
	/* NFD input is composed: "E" + U+0301 -> "é" (2 bytes) */
	CHECK_INT_EQ(h, text_casefold("E\xCC\x81", 3, &out), 0);
	CHECK_STR_EQ(h, out.data, "\xC3\xA9");
	buf_reset(&out);
	CHECK_INT_EQ(h, text_casefold("Straße", strlen("Straße"), &out), 0);
	CHECK_STR_EQ(h, out.data, "strasse");
	buf_reset(&out);
	CHECK_INT_EQ(h, text_casefold("", 0, &out), 0);
	CHECK_INT_EQ(h, out.len, 0);
	buf_reset(&out);
	CHECK_INT_EQ(h, text_casefold("a\xFF", 2, &out), ERR_INVALID);
	buf_release(&out);
}

static void test_fold(struct harness *h)
{
	struct buf out = BUF_INIT;
	const char *s = "Año Información ÉXITO pingüino Ñandú";

	CHECK_INT_EQ(h, text_fold(s, strlen(s), &out), 0);
	CHECK_STR_EQ(h, out.data, "ano informacion exito pinguino nandu");
	buf_reset(&out);
	/* NFD and NFC fold alike */
	CHECK_INT_EQ(h, text_fold("Informacio\xCC\x81n", 13, &out), 0);
	CHECK_STR_EQ(h, out.data, "informacion");
	buf_reset(&out);
	/* appends: does not reset the buffer */
	buf_append_str(&out, "x:");
	CHECK_INT_EQ(h, text_fold("Él", 3, &out), 0);
	CHECK_STR_EQ(h, out.data, "x:el");
	buf_release(&out);
}

/* ASCII folds without utf8proc (text.c's shortcut): each byte, alone and
 * in a string of all 128, comes out as utf8proc_map makes it, appended. */
static void test_fold_ascii(struct harness *h)
{
	const int opts[2] = {
		UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD,
		UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK,
	};
	char all[128];

	for (int c = 0; c < 128; c++)
		all[c] = (char)c;
	for (int k = 0; k < 2; k++)
		for (size_t start = 0; start <= 128; start++) {
			/* one byte each, then the whole string */
			size_t len = start < 128 ? 1 : 128;
			const char *in = start < 128 ? all + start : all;
			struct buf out = BUF_INIT;
			utf8proc_uint8_t *want = NULL;
			utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)in,
			                                  (utf8proc_ssize_t)len, &want,
			                                  (utf8proc_option_t)opts[k]);

			buf_append_str(&out, "x");
			CHECK_INT_EQ(h, k ? text_fold(in, len, &out) : text_casefold(in, len, &out), 0);
			CHECK(h, n >= 0 && out.len == 1 + (size_t)n &&
			         memcmp(out.data + 1, want, (size_t)n) == 0 && out.data[out.len] == '\0');
			free(want);
			buf_release(&out);
		}
}

/* Latin-1 letters fold and case-fold from text.c's tables: each of
 * U+00C0..U+00FF, alone, after ASCII and after another, comes out of
 * text_fold and text_casefold as utf8proc_map makes it; a combining mark
 * after one still goes through utf8proc. */
static void test_fold_latin1(struct harness *h)
{
	const int casefold = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;
	const struct {
		int (*fn)(const char *, size_t, struct buf *);
		int opts;
	} maps[2] = { { text_fold, casefold | UTF8PROC_STRIPMARK }, { text_casefold, casefold } };
	struct buf out = BUF_INIT;

	for (int cp = 0xC0; cp <= 0xFF; cp++) {
		char one[3] = { (char)0xC3, (char)(0x80 + cp - 0xC0), 0 }, in[16];
		const char *forms[3];
		snprintf(in, sizeof in, "Ab%s%s", one, cp > 0xC0 ? (char[3]){ (char)0xC3,
		         (char)(0x80 + cp - 0xC1), 0 } : "");
		forms[0] = one;
		forms[1] = in;
		forms[2] = "N\xC3\xBA\xC3\xB1" "ez\xCC\x81"; /* a combining acute at the end */
		for (int m = 0; m < 2; m++)
			for (int k = 0; k < 3; k++) {
				utf8proc_uint8_t *want = NULL;
				utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)forms[k],
				                                  (utf8proc_ssize_t)strlen(forms[k]), &want,
				                                  (utf8proc_option_t)maps[m].opts);
				buf_reset(&out);
				CHECK_INT_EQ(h, maps[m].fn(forms[k], strlen(forms[k]), &out), 0);
				CHECK(h, n >= 0 && out.len == (size_t)n &&
				         memcmp(out.data, want, (size_t)n) == 0 && out.data[out.len] == '\0');
				free(want);
			}
	}
	buf_reset(&out); /* a lead byte without its second byte is not Latin-1 */
	CHECK(h, text_fold("a\xC3", 2, &out) != 0 || out.len > 0);
	buf_release(&out);
}

static void test_word_char(struct harness *h)
{
	CHECK(h, text_is_word_char('a'));
	CHECK(h, text_is_word_char('Z'));
	CHECK(h, text_is_word_char('7'));
	CHECK(h, text_is_word_char(0xF1));   /* ñ */
	CHECK(h, text_is_word_char(0xC9));   /* É */
	CHECK(h, text_is_word_char(0x301));  /* combining acute */
	CHECK(h, text_is_word_char(0xB2));   /* superscript two, No */
	CHECK(h, text_is_word_char(0x4E2D)); /* CJK */
	CHECK(h, !text_is_word_char(' '));
	CHECK(h, !text_is_word_char('/'));
	CHECK(h, !text_is_word_char('-'));
	CHECK(h, !text_is_word_char(0xA0));  /* no-break space */
	CHECK(h, !text_is_word_char(0xAB));  /* « */
	CHECK(h, !text_is_word_char(0x2014)); /* em dash */
	CHECK(h, !text_is_word_char(0xFFFD));
	/* Latin-1's letters are told without utf8proc's table: every one of
	 * U+00C0..U+00FF but the two signs, as Unicode's categories say. */
	CHECK(h, !text_is_word_char(0xD7));  /* multiplication sign */
	CHECK(h, !text_is_word_char(0xF7));  /* division sign */
	for (int32_t cp = 0xC0; cp <= 0xFF; cp++)
		if (cp != 0xD7 && cp != 0xF7 && !text_is_word_char(cp))
			harness_fail(h, __FILE__, __LINE__, "U+%04X is a letter", (unsigned)cp);
	CHECK(h, text_is_mark(0x301));
	CHECK(h, !text_is_mark('a'));
	CHECK(h, !text_is_mark(0xE9));
}

static void test_width(struct harness *h)
{
	CHECK_INT_EQ(h, text_width("abc", 3), 3);
	CHECK_INT_EQ(h, text_width("año", strlen("año")), 3);
	CHECK_INT_EQ(h, text_width("an\xCC\x83o", 5), 3); /* combining = 0 */
	CHECK_INT_EQ(h, text_width("\xE4\xB8\xAD", 3), 2); /* wide CJK */
	CHECK_INT_EQ(h, text_width("", 0), 0);
}

/* Decode in (n bytes) fed in pieces of `step` bytes; the UTF-8 goes to out.
 * Returns the encoding decided. */
static enum text_encoding decode_steps(const char *in, size_t n, size_t step,
                                       struct buf *out)
{
	struct text_decoder d = TEXT_DECODER_INIT;
	size_t i = 0;

	buf_reset(out);
	do {
		size_t k = n - i < step ? n - i : step;
		text_decode(&d, in + i, k, i + k == n, out);
		i += k;
	} while (i < n);
	buf_append(out, "", 0);
	return d.enc;
}

static void test_decoders(struct harness *h)
{
	/* "Año: €5 «ñ»" in each encoding. */
	static const char utf8[] = "A\xC3\xB1o: \xE2\x82\xAC" "5 \xC2\xAB\xC3\xB1\xC2\xBB";
	static const char cp1252[] = "A\xF1o: \x80" "5 \xAB\xF1\xBB";
	static const char le[] = "\xFF\xFE" "A\0\xF1\0o\0:\0 \0\xAC\x20" "5\0 \0\xAB\0\xF1\0\xBB\0";
	static const char be[] = "\xFE\xFF" "\0A\0\xF1\0o\0:\0 \x20\xAC\0" "5\0 \0\xAB\0\xF1\0\xBB";
	static const char bom8[] = "\xEF\xBB\xBF" "A\xC3\xB1o";
	struct buf out = BUF_INIT;

	for (size_t step = 1; step <= 40; step += 3) {
		CHECK(h, decode_steps(cp1252, sizeof cp1252 - 1, step, &out) == TEXT_CP1252);
		CHECK_STR_EQ(h, out.data, utf8);
		CHECK(h, decode_steps(le, sizeof le - 1, step, &out) == TEXT_UTF16LE);
		CHECK_STR_EQ(h, out.data, utf8);
		CHECK(h, decode_steps(be, sizeof be - 1, step, &out) == TEXT_UTF16BE);
		CHECK_STR_EQ(h, out.data, utf8);
	}
	/* A byte-order mark is dropped; valid UTF-8 passes as it is. */
	CHECK(h, decode_steps(bom8, sizeof bom8 - 1, 100, &out) == TEXT_UTF8);
	CHECK_STR_EQ(h, out.data, "A\xC3\xB1o");
	CHECK(h, decode_steps(utf8, sizeof utf8 - 1, 100, &out) == TEXT_UTF8);
	CHECK_STR_EQ(h, out.data, utf8);
	/* ASCII leaves the choice open. */
	CHECK(h, decode_steps("plain", 5, 100, &out) == TEXT_UNDECIDED);
	/* Otherwise UTF-8 with one stray byte stays UTF-8 (repaired later). */
	CHECK(h, decode_steps("ni\xC3\xB1o \xFF", 7, 100, &out) == TEXT_UTF8);
	CHECK_STR_EQ(h, out.data, "ni\xC3\xB1o \xFF");
	/* A UTF-8 sequence cut by the chunk end is no evidence of Latin-1. */
	CHECK(h, decode_steps("abc\xC3\xB1", 5, 4, &out) == TEXT_UTF8);
	/* UTF-16: a surrogate pair, an unpaired surrogate, an odd last byte. */
	CHECK(h, decode_steps("\xFF\xFE\x3D\xD8\x00\xDE", 6, 1, &out) == TEXT_UTF16LE);
	CHECK_STR_EQ(h, out.data, "\xF0\x9F\x98\x80");
	decode_steps("\xFF\xFE\x3D\xD8" "A\0", 6, 2, &out);
	CHECK_STR_EQ(h, out.data, TEXT_REPLACEMENT "A");
	decode_steps("\xFF\xFE" "A\0B", 5, 2, &out);
	CHECK_STR_EQ(h, out.data, "A" TEXT_REPLACEMENT);
	/* The five bytes Windows-1252 leaves unassigned. */
	decode_steps("\xE9\x81", 2, 9, &out);
	CHECK_STR_EQ(h, out.data, "\xC3\xA9" TEXT_REPLACEMENT);
	CHECK_STR_EQ(h, text_encoding_name(TEXT_CP1252), "Windows-1252");
	buf_release(&out);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_text");

	HARNESS_RUN(&h, test_decode_valid);
	HARNESS_RUN(&h, test_decode_invalid);
	HARNESS_RUN(&h, test_sanitize);
	HARNESS_RUN(&h, test_casefold);
	HARNESS_RUN(&h, test_fold);
	HARNESS_RUN(&h, test_fold_ascii);
	HARNESS_RUN(&h, test_fold_latin1);
	HARNESS_RUN(&h, test_word_char);
	HARNESS_RUN(&h, test_width);
	HARNESS_RUN(&h, test_decoders);
	return harness_finish(&h);
}
