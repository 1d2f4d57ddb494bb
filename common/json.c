/* json.c: JSON string literals that are valid whatever the bytes. */
#include "json.h"

#include "text.h"

void json_append_string(struct buf *b, const char *s, size_t len)
{
	size_t i = 0, n;
	unsigned char c;
	int32_t cp;
	int invalid;

	buf_append_byte(b, '"');
	while (i < len) {
		/* Plain ASCII, most of a clause, goes in one append per run: a
		 * byte at a time was a quarter of a rare-word query's time in
		 * --json (perf, 10 MiB corpus). */
		size_t run = i;
		while (run < len && (unsigned char)s[run] >= 0x20 &&
		       (unsigned char)s[run] < 0x80 && s[run] != '"' && s[run] != '\\')
			run++;
		if (run > i) {
			buf_append(b, s + i, run - i);
			i = run;
			continue;
		}
		c = (unsigned char)s[i];
		if (c >= 0x80) {
			n = utf8_decode(s + i, len - i, &cp, &invalid);
			if (invalid)
				buf_append_str(b, "\\ufffd");
			else
				buf_append(b, s + i, n);
			i += n;
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
			if (c < 0x20)
				buf_printf(b, "\\u%04x", c);
			else
				buf_append_byte(b, c);
		}
		i++;
	}
	buf_append_byte(b, '"');
}
