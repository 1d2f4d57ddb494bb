/* symbol.c: the one normal form of UN symbols (see symbol.h). */
#include "symbol.h"

#include <string.h>

#include "buf.h"

char *symbol_normalise_n(const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t')
			buf_append_byte(&b, (uint8_t)((s[i] >= 'a' && s[i] <= 'z') ? s[i] - 32 : s[i]));
	if (b.len >= 6 && memcmp(b.data, "A/RES/", 6) == 0) {
		memmove(b.data, b.data + 6, b.len - 5);
		b.len -= 6;
	}
	return buf_detach(&b, NULL);
}

char *symbol_normalise(const char *s)
{
	return symbol_normalise_n(s, strlen(s));
}

const char *cite_kind_name(unsigned kind)
{
	switch (kind) {
	case CITE_RESOLUTION: return "resolution";
	case CITE_DECISION: return "decision";
	case CITE_DOCUMENT: return "document";
	}
	return NULL;
}
