/* text.c: UTF-8 decoding and sanitizing, NFC + case/accent folding (see text.h). */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "err.h"

size_t utf8_decode(const char *s, size_t len, int32_t *cp, int *invalid)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char c = p[0];
	size_t need;
	int32_t v, min;

	*invalid = 0;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		v = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		v = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		v = c & 0x07;
		min = 0x10000;
	} else {
		goto bad; /* continuation byte, C0/C1 overlong lead, or F5..FF */
	}
	if (len <= need)
		goto bad;
	for (size_t i = 1; i <= need; i++) {
		if ((p[i] & 0xC0) != 0x80)
			goto bad;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		goto bad;
	*cp = v;
	return need + 1;
bad:
	*cp = 0xFFFD;
	*invalid = 1;
	return 1;
}

size_t utf8_sanitize(const char *in, size_t len, struct buf *out,
                     size_t *first_bad)
{
	size_t bad = 0, i = 0, run = 0; /* run: start of pending valid bytes */

	buf_reserve(out, len);
	while (i < len) {
		int32_t cp;
		int invalid;
		size_t n;
		uint64_t w;

		/* ASCII, most of the text, eight bytes at a time */
		if (len - i >= 8 && (memcpy(&w, in + i, 8), !(w & 0x8080808080808080ull))) {
			i += 8;
			continue;
		}
		n = utf8_decode(in + i, len - i, &cp, &invalid);

		if (invalid) {
			buf_append(out, in + run, i - run);
			buf_append(out, TEXT_REPLACEMENT, sizeof TEXT_REPLACEMENT - 1);
			if (bad++ == 0 && first_bad)
				*first_bad = i;
			run = i + n;
		}
		i += n;
	}
	buf_append(out, in + run, len - run);
	return bad;
}

/* ---- other encodings ------------------------------------------------------- */

/* Windows-1252 0x80..0x9F; 0 marks the five unassigned bytes. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0,
};

const char *text_encoding_name(enum text_encoding enc)
{
	switch (enc) {
	case TEXT_CP1252: return "Windows-1252";
	case TEXT_UTF16LE: return "UTF-16LE";
	case TEXT_UTF16BE: return "UTF-16BE";
	default: return "UTF-8";
	}
}

static void append_cp(struct buf *out, int32_t cp)
{
	utf8proc_uint8_t u[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, u);

	buf_append(out, u, (size_t)n);
}

/* 1 if s[0..len) is the start of a UTF-8 sequence cut by the end of the
 * chunk: a lead byte and fewer continuation bytes than it needs. */
static int utf8_cut(const unsigned char *s, size_t len)
{
	size_t need = s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3 :
	              s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;

	if (len >= need)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return 1;
}

/* The rule of text.h for bytes holding one >= 0x80; TEXT_UNDECIDED when
 * their only non-ASCII bytes are a sequence cut by the end (not final).
 * One valid multi-byte sequence decides UTF-8, so the scan stops there:
 * decoding every character of each file's first chunk was 14% of
 * unindex's main thread. */
static enum text_encoding guess_8bit(const char *s, size_t len, int final)
{
	size_t i = 0, invalid = 0, cut = 0;

	while (i < len) {
		int32_t cp;
		int bad;
		size_t n;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp, &bad);
		if (!bad)
			return TEXT_UTF8;
		if (!final && utf8_cut((const unsigned char *)s + i, len - i))
			cut = 1, n = len - i;
		else
			invalid++;
		i += n;
	}
	if (!invalid)
		return cut ? TEXT_UNDECIDED : TEXT_UTF8;
	return TEXT_CP1252;
}

static void decode_utf16(struct text_decoder *d, const unsigned char *s,
                         size_t len, int final, struct buf *out)
{
	int le = d->enc == TEXT_UTF16LE;
	size_t i = 0;

	buf_reserve(out, len + len / 2);
	while (i + 2 <= len) {
		uint32_t u = le ? (uint32_t)(s[i] | s[i + 1] << 8)
		                : (uint32_t)(s[i] << 8 | s[i + 1]);
		i += 2;
		if (d->high_surrogate) {
			uint32_t hi = d->high_surrogate;
			d->high_surrogate = 0;
			if (u >= 0xDC00 && u <= 0xDFFF) {
				append_cp(out, (int32_t)(0x10000 + ((hi - 0xD800) << 10) + (u - 0xDC00)));
				continue;
			}
			append_cp(out, 0xFFFD);
		}
		if (u >= 0xD800 && u <= 0xDBFF)
			d->high_surrogate = u;
		else
			append_cp(out, u >= 0xDC00 && u <= 0xDFFF ? 0xFFFD : (int32_t)u);
	}
	d->n_pending = len - i;
	memcpy(d->pending, s + i, d->n_pending);
	if (final && (d->n_pending || d->high_surrogate)) {
		append_cp(out, 0xFFFD);
		d->n_pending = 0;
		d->high_surrogate = 0;
	}
}

/* Keep s[0..len) (at most 3 bytes) for the next call. */
static void keep_pending(struct text_decoder *d, const unsigned char *s, size_t len)
{
	memcpy(d->pending, s, len);
	d->n_pending = len;
}

int text_decode(struct text_decoder *d, const char *in, size_t len, int final,
                struct buf *out)
{
	const unsigned char *s = (const unsigned char *)in;
	int decided = 0;

	if (d->n_pending && d->enc == TEXT_UNDECIDED) {
		/* bytes kept while the encoding was open: decode them first */
		struct buf joined = BUF_INIT;
		buf_append(&joined, d->pending, d->n_pending);
		buf_append(&joined, in, len);
		d->n_pending = 0;
		decided = text_decode(d, joined.data, joined.len, final, out);
		buf_release(&joined);
		return decided;
	}
	if (d->n_pending) { /* complete the UTF-16 unit a chunk end cut */
		unsigned char unit[2];
		memcpy(unit, d->pending, d->n_pending);
		if (len == 0) {
			decode_utf16(d, unit, d->n_pending, final, out);
			return 0;
		}
		unit[1] = s[0];
		d->n_pending = 0;
		decode_utf16(d, unit, 2, 0, out);
		s++, len--;
	}
	if (!d->started) {
		if (len < 3 && !final) { /* too short to tell a byte-order mark */
			keep_pending(d, s, len);
			return 0;
		}
		d->started = 1;
		if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			d->enc = TEXT_UTF8;
			s += 3, len -= 3;
			decided = 1;
		} else if (len >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 ||
		                        memcmp(s, "\xFE\xFF", 2) == 0)) {
			d->enc = s[0] == 0xFF ? TEXT_UTF16LE : TEXT_UTF16BE;
			s += 2, len -= 2;
			decided = 1;
		}
	}
	if (d->enc == TEXT_UNDECIDED) {
		size_t i = 0;
		while (i < len && s[i] < 0x80)
			i++;
		if (i < len) {
			d->enc = guess_8bit((const char *)s + i, len - i, final);
			if (d->enc == TEXT_UNDECIDED) { /* only a cut sequence: wait */
				buf_append(out, s, i);
				keep_pending(d, s + i, len - i);
				return 0;
			}
			decided = 1;
		}
	}
	switch (d->enc) {
	case TEXT_UTF16LE:
	case TEXT_UTF16BE:
		decode_utf16(d, s, len, final, out);
		break;
	case TEXT_CP1252:
		buf_reserve(out, len + len / 2);
		for (size_t i = 0; i < len; i++) {
			if (s[i] < 0x80)
				buf_append_byte(out, s[i]);
			else if (s[i] >= 0xA0)
				append_cp(out, s[i]);
			else
				append_cp(out, cp1252_high[s[i] - 0x80] ? cp1252_high[s[i] - 0x80] : 0xFFFD);
		}
		break;
	default:
		buf_append(out, s, len);
		break;
	}
	return decided;
}

/* U+00C0..U+00FF folded as utf8proc folds them (test_text compares all
 * 64): the accents and ñ of Spanish, two bytes each from 0xC3, and never
 * more bytes out than in. */
static const char *const latin1_fold[64] = {
	"a", "a", "a", "a", "a", "a", "\xC3\xA6", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"\xC3\xB0", "n", "o", "o", "o", "o", "o", "\xC3\x97", "\xC3\xB8", "u", "u", "u", "u", "y",
	"\xC3\xBE", "ss",
	"a", "a", "a", "a", "a", "a", "\xC3\xA6", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"\xC3\xB0", "n", "o", "o", "o", "o", "o", "\xC3\xB7", "\xC3\xB8", "u", "u", "u", "u", "y",
	"\xC3\xBE", "y",
};

/* U+00C0..U+00FF case-folded as utf8proc folds them (test_text compares
 * all 64): the capitals to their small letters but for the sign x, and
 * sharp s to "ss"; never more bytes out than in. */
static const char *const latin1_casefold[64] = {
	"\xC3\xA0", "\xC3\xA1", "\xC3\xA2", "\xC3\xA3", "\xC3\xA4", "\xC3\xA5", "\xC3\xA6", "\xC3\xA7",
	"\xC3\xA8", "\xC3\xA9", "\xC3\xAA", "\xC3\xAB", "\xC3\xAC", "\xC3\xAD", "\xC3\xAE", "\xC3\xAF",
	"\xC3\xB0", "\xC3\xB1", "\xC3\xB2", "\xC3\xB3", "\xC3\xB4", "\xC3\xB5", "\xC3\xB6", "\xC3\x97",
	"\xC3\xB8", "\xC3\xB9", "\xC3\xBA", "\xC3\xBB", "\xC3\xBC", "\xC3\xBD", "\xC3\xBE", "ss",
	"\xC3\xA0", "\xC3\xA1", "\xC3\xA2", "\xC3\xA3", "\xC3\xA4", "\xC3\xA5", "\xC3\xA6", "\xC3\xA7",
	"\xC3\xA8", "\xC3\xA9", "\xC3\xAA", "\xC3\xAB", "\xC3\xAC", "\xC3\xAD", "\xC3\xAE", "\xC3\xAF",
	"\xC3\xB0", "\xC3\xB1", "\xC3\xB2", "\xC3\xB3", "\xC3\xB4", "\xC3\xB5", "\xC3\xB6", "\xC3\xB7",
	"\xC3\xB8", "\xC3\xB9", "\xC3\xBA", "\xC3\xBB", "\xC3\xBC", "\xC3\xBD", "\xC3\xBE", "\xC3\xBF",
};

/* Run utf8proc_map with opts (case folding, composing, maybe stripping
 * marks) and append the result to out. Input of ASCII, and of Latin-1
 * letters when latin1 (their mapping under opts) is given, is mapped here:
 * nothing in it composes, ASCII is only lower-cased, and utf8proc's table
 * walk and allocation (580 instructions a word) were most of a one-word
 * query's compiling and, over the stop list, 7% of a one-query process
 * (callgrind). */
static int text_map(const char *in, size_t len, struct buf *out, int opts,
                    const char *const *latin1)
{
	const unsigned char *s = (const unsigned char *)in;
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t n;
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] >= 0x80 &&
		    (!latin1 || s[i] != 0xC3 || i + 1 == len || (s[++i] & 0xC0) != 0x80))
			break;
	if (i == len) {
		buf_reserve(out, len);
		for (i = 0; i < len; i++) {
			if (s[i] < 0x80) {
				out->data[out->len++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
			} else {
				const char *f = latin1[s[++i] - 0x80];
				do
					out->data[out->len++] = *f;
				while (*++f);
			}
		}
		out->data[out->len] = '\0';
		return 0;
	}
	n = utf8proc_map((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len,
	                 &dst, (utf8proc_option_t)opts);
	if (n < 0)
		return ERR_INVALID; /* dst is not allocated on error */
	buf_append(out, dst, (size_t)n);
	free(dst);
	return 0;
}

int text_casefold(const char *in, size_t len, struct buf *out)
{
	return text_map(in, len, out,
	                UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD, latin1_casefold);
}

int text_fold(const char *in, size_t len, struct buf *out)
{
	return text_map(in, len, out,
	                UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
	                UTF8PROC_STRIPMARK, latin1_fold);
}

int text_is_word_char(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	/* U+00C0..U+00FF (á, ñ, ü, ...) are letters but for the signs x and
	 * ÷: Spanish's accented letters without utf8proc's table walk. */
	if (cp >= 0xC0 && cp <= 0xFF)
		return cp != 0xD7 && cp != 0xF7;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

int text_is_mark(int32_t cp)
{
	if (cp < 0x300)
		return 0;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return 1;
	default:
		return 0;
	}
}

size_t text_width(const char *s, size_t len)
{
	size_t w = 0, i = 0;

	while (i < len) {
		int32_t cp;
		int invalid;
		size_t n = utf8_decode(s + i, len - i, &cp, &invalid);
		int cw = utf8proc_charwidth(cp);

		if (cw > 0)
			w += (size_t)cw;
		i += n;
	}
	return w;
}
