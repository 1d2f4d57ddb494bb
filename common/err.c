/* err.c: error buffer formatting for the convention in err.h. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int errbuf_set(struct errbuf *eb, int code, const char *fmt, ...)
{
	va_list ap;

	if (!eb)
		return code;
	va_start(ap, fmt);
	vsnprintf(eb->msg, sizeof eb->msg, fmt, ap);
	va_end(ap);
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
	}
	return "unknown";
}
