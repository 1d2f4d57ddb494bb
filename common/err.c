/* err.c: error buffer formatting for the convention in err.h. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A message is one line whatever it quotes (a path or a name read from a
 * damaged file may hold a newline or an escape): control bytes become '?'. */
static void errbuf_one_line(struct errbuf *eb)
{
	for (char *c = eb->msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
}

int errbuf_set(struct errbuf *eb, int code, const char *fmt, ...)
{
	va_list ap;

	if (!eb)
		return code;
	va_start(ap, fmt);
	vsnprintf(eb->msg, sizeof eb->msg, fmt, ap);
	va_end(ap);
	errbuf_one_line(eb);
	eb->column = 0;
	return code;
}

int errbuf_prefix(struct errbuf *eb, int code, const char *fmt, ...)
{
	char old[ERRBUF_SIZE];
	va_list ap;
	int n;

	if (!eb)
		return code;
	memcpy(old, eb->msg, sizeof old);
	va_start(ap, fmt);
	n = vsnprintf(eb->msg, sizeof eb->msg, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n + 2 < sizeof eb->msg) {
		size_t room = sizeof eb->msg - (size_t)n - 2;
		memcpy(eb->msg + n, ": ", 2);
		strncpy(eb->msg + n + 2, old, room);
		eb->msg[sizeof eb->msg - 1] = '\0';
	}
	errbuf_one_line(eb);
	return code;
}

const char *err_name(int code)
{
	switch (code) {
	case ERR_OK: return "ok";
	case ERR_IO: return "i/o error";
	case ERR_CORRUPT: return "corrupt";
	case ERR_VERSION: return "version";
	case ERR_SYNTAX: return "syntax";
	case ERR_NOTFOUND: return "not found";
	case ERR_LOCKED: return "locked";
	case ERR_LIMIT: return "limit";
	case ERR_INVALID: return "invalid";
	case ERR_BINARY: return "binary";
	case ERR_EMPTY: return "empty";
	}
	return "unknown";
}
