/* test_json.c: the JSON string escaper (json.c), which copies runs of plain
 * bytes sixteen or eight at a time, against a one-byte-at-a-time escaper
 * written here from RFC 8259 and the UTF-8 rules (RFC 3629), on hand-picked
 * cases and on random strings built to put every kind of byte, and valid
 * two-byte sequences, at every offset of a sixteen- and an eight-byte
 * word. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "json.h"

/* Length of the valid UTF-8 sequence at s[0..len), 0 if none starts there
 * (no overlong forms, no surrogates, nothing past U+10FFFF). */
static size_t ref_utf8_len(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	size_t need;
	uint32_t v;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1, v = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 2, v = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 3, v = c & 0x07;
	else
		return 0;
	if (len < need + 1)
		return 0;
	for (size_t i = 1; i <= need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	if ((need == 2 && v < 0x800) || (need == 3 && v < 0x10000) || v > 0x10FFFF ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	return need + 1;
}

static void ref_escape(struct buf *b, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	buf_append_byte(b, '"');
	while (i < len) {
		unsigned char c = s[i];
		size_t n = ref_utf8_len(s + i, len - i);
		char esc[8];
		if (n == 0) {
			buf_append_str(b, "\\ufffd");
			i++;
			continue;
		}
		if (n > 1) {
			buf_append(b, s + i, n);
			i += n;
			continue;
		}
		/* RFC 8259's two-character escapes, as pairs: the byte, then
		 * the letter after the backslash */
		const char *pair = NULL;
		for (const char *p = "\"\"\\\\\nn\tt\rr\bb\ff"; *p; p += 2)
			if ((unsigned char)*p == c)
				pair = p;
		if (pair) {
			esc[0] = '\\';
			esc[1] = pair[1];
			buf_append(b, esc, 2);
		} else if (c < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", c);
			buf_append_str(b, esc);
		} else {
			buf_append_byte(b, c);
		}
		i++;
	}
	buf_append_byte(b, '"');
}

/* 1 if json_append_string and ref_escape agree on s[0..len); reports the
 * first difference. */
static int agrees(struct harness *h, const char *s, size_t len, const char *what)
{
	struct buf got = BUF_INIT, want = BUF_INIT;
	int same;

	buf_append_str(&got, "x"); /* appends after what the buffer holds */
	buf_append_str(&want, "x");
	json_append_string(&got, s, len);
	ref_escape(&want, s, len);
	same = got.len == want.len && memcmp(got.data, want.data, got.len) == 0;
	if (!same)
		harness_fail(h, __FILE__, __LINE__, "%s (%zu bytes): got %s, want %s", what,
		             len, got.data, want.data);
	buf_release(&got);
	buf_release(&want);
	return same;
}

static void test_cases(struct harness *h)
{
	static const char *const cases[] = {
		"",
		"plain ascii longer than eight bytes, twice over",
		"Teniendo presente la creaci\xC3\xB3n de capacidad y el a\xC3\xB1o",
		"quote\" and backslash\\ at every offset\"\"\\\\",
		"\x01\x02\x1f\x7f control",
		"tab\there\nnew line\rcr\bbs\ff",
		"\xE2\x80\x94 dash \xF0\x9F\x98\x80 emoji \xEF\xBF\xBD",
		"bad \x80 cont \xC0\xAF overlong \xED\xA0\x80 surrogate \xF5\x80\x80\x80 high",
		"cut \xC3",
		"cut \xE2\x80",
		"1234567\"",
		"12345678\x1f",
		"123456789\xC3\xB1",
	};
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		agrees(h, cases[i], strlen(cases[i]), cases[i]);
	/* An embedded NUL is a control character like any other. */
	agrees(h, "a\0b", 3, "embedded NUL");
	json_append_string(&b, "a\"\xC3\xB1\x01\xFF", 6);
	CHECK_STR_EQ(h, b.data, "\"a\\\"\xC3\xB1\\u0001\\ufffd\"");
	buf_release(&b);
}

/* Random strings over an alphabet that holds every class of byte, so each
 * class falls at each offset of an eight-byte word and across words. */
static void test_random(struct harness *h)
{
	static const unsigned char alphabet[] = {
		'a', 'Z', ' ', '~', '"', '\\', 0x00, 0x01, '\n', 0x1f, 0x7f, 0x80, 0xBF,
		0xC0, 0xC1, 0xC2, 0xC3, 0xB1, 0xDF, 0xE0, 0xE2, 0xED, 0xF0, 0xF4, 0xF5, 0xFF,
	};
	/* valid two-byte sequences (accented letters), which json.c passes
	 * sixteen bytes at a time when they lie wholly in the sixteen */
	static const char *const pairs[] = { "\xC3\xB1", "\xC2\x80", "\xDF\xBF", "\xC3\xA9" };
	unsigned long long x = 0x2545F4914F6CDD1Dull;
	char s[64];
	int bad = 0;

	for (int round = 0; round < 20000 && !bad; round++) {
		size_t len;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		len = (size_t)(x % sizeof s);
		for (size_t i = 0; i < len; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			/* mostly plain and accented letters, as in text, so that
			 * long plain runs meet the other classes at every offset */
			if (x % 8 == 1 && i + 1 < len) {
				memcpy(s + i, pairs[(x >> 8) % 4], 2);
				i++;
				continue;
			}
			s[i] = (char)(x % 4 ? 'a' + (int)(x >> 8) % 26
			                    : alphabet[(x >> 8) % sizeof alphabet]);
		}
		bad = !agrees(h, s, len, "random string");
	}
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_json");

	HARNESS_RUN(&h, test_cases);
	HARNESS_RUN(&h, test_random);
	return harness_finish(&h);
}
