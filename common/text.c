/* text.c: UTF-8 decoding and sanitizing, NFC + case/accent folding (see text.h). */
#include "text.h"

#include <stdlib.h>

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
		size_t n = utf8_decode(in + i, len - i, &cp, &invalid);

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

/* Run utf8proc_map with opts and append the result to out. */
static int text_map(const char *in, size_t len, struct buf *out, int opts)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t n;

	if (len == 0) {
		buf_append(out, "", 0);
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
	                UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}

int text_fold(const char *in, size_t len, struct buf *out)
{
	return text_map(in, len, out,
	                UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
	                UTF8PROC_STRIPMARK);
}

int text_is_word_char(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
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
