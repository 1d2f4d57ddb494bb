/* json.c: JSON string literals that are valid whatever the bytes. */
#include "json.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text.h"

/* The length of the run of bytes at s[0..len) that go into a JSON string
 * as they are: printable ASCII but '"' and '\\', and valid UTF-8 sequences
 * (most of a Spanish clause, whose accented letters are two-byte ones). */
static size_t json_plain_run(const char *s, size_t len)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
#ifdef __SSE2__
		/* Sixteen bytes at a time while each is printable ASCII but '"'
		 * and '\\' (compared as signed bytes, those past ASCII are
		 * negative: below 0x20 too) or part of a two-byte sequence wholly
		 * in the sixteen: 0xC2-0xDF leading, 0x80-0xBF right after it,
		 * and no other byte past ASCII (an accented letter every few
		 * dozen bytes of a clause). Eight bytes at a time, the words
		 * holding an accented letter went down the byte loop below: a
		 * fifth of a rare word's query was escaping its hits' texts
		 * (callgrind). */
		while (len - i >= 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
			unsigned high = (unsigned)_mm_movemask_epi8(v), special, lead, cont;
			special = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			        _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
			                     _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
			        _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')))) & ~high;
			if (!(special | high)) {
				i += 16;
				continue;
			}
			if (!special) {
				/* as signed bytes 0x80-0xBF are below -64, 0xC2-0xDF
				 * from -62 to -33 */
				cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(-64)));
				lead = (unsigned)_mm_movemask_epi8(
				        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-63)),
				                      _mm_cmplt_epi8(v, _mm_set1_epi8(-32))));
				/* each lead followed by a continuation, none
				 * elsewhere (a lead in the last byte puts bit 16
				 * in lead << 1, which no cont has) */
				if ((cont | lead) == high && cont == lead << 1) {
					i += 16;
					continue;
				}
			}
			i += (size_t)__builtin_ctz(special | high);
			break;
		}
#endif
		/* Eight bytes at a time while none is a control character,
		 * '"', '\\' or past ASCII (a zero byte of x - ones & ~x marks
		 * a byte of x that is zero; of w - 0x20 * ones & ~w, one
		 * below 0x20). A borrow only runs from a marked byte to the
		 * ones after it, so the lowest mark is exact: the bytes before
		 * it are skipped at once, not one by one (an accented letter
		 * every dozen bytes sent most of a clause down the byte loop,
		 * a third of escaping it, callgrind). */
		while (len - i >= 8) {
			uint64_t w, q, b, m;
			memcpy(&w, p + i, 8);
			q = w ^ 0x2222222222222222u;
			b = w ^ 0x5c5c5c5c5c5c5c5cu;
			m = (w | ((w - 0x20 * ones) & ~w) | ((q - ones) & ~q) |
			     ((b - ones) & ~b)) & highs;
			if (m) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
				i += (size_t)__builtin_ctzll(m) / 8;
#endif
				break;
			}
			i += 8;
		}
		/* A byte at a time: the one that stopped the loops above, and
		 * the bytes after it while fewer than eight are left (the tail
		 * of a string, most of a short one: a symbol, a date), which
		 * went round the loops above one by one (~15 instructions a
		 * byte, callgrind). */
		if (i == len)
			break;
		do {
			unsigned char c = p[i];
			if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
				i++;
			} else if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (p[i + 1] & 0xC0) == 0x80) {
				i += 2; /* a two-byte sequence is valid by these bytes alone */
			} else if (c >= 0xE0) {
				int32_t cp;
				int invalid;
				size_t n = utf8_decode(s + i, len - i, &cp, &invalid);
				if (invalid)
					return i;
				i += n;
			} else {
				return i;
			}
		} while (i < len && len - i < 8);
	}
	return i;
}

void json_append_string(struct buf *b, const char *s, size_t len)
{
	size_t i = 0;
	unsigned char c;

	buf_reserve(b, len + 2);
	buf_append_byte(b, '"');
	while (i < len) {
		/* What needs no escaping goes in one append per run: a byte at
		 * a time, or a run broken at each accented letter, was a
		 * quarter of a rare-word query's time in --json (perf). */
		size_t run = json_plain_run(s + i, len - i);
		if (run) {
			buf_append(b, s + i, run);
			i += run;
			continue;
		}
		c = (unsigned char)s[i];
		if (c >= 0x80) { /* not a valid sequence: one byte of it */
			buf_append_str(b, "\\ufffd");
			i++;
			continue;
		}
		switch (c) {
		case '"': buf_append_str(b, "\\\""); break;
		case '\\': buf_append_str(b, "\\\\"); break;
		case '\n': buf_append_str(b, "\\n"); break;
		case '\t': buf_append_str(b, "\\t"); break;
		case '\r': buf_append_str(b, "\\r"); break;
		case '\b': buf_append_str(b, "\\b"); break;
		case '\f': buf_append_str(b, "\\f"); break;
		default:
			buf_printf(b, "\\u%04x", c);
		}
		i++;
	}
	buf_append_byte(b, '"');
}
