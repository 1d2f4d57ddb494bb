/* json.h: the one JSON string escaper, shared by unsearch's output and
 * unindex --export. */
#ifndef UNSEARCH_JSON_H
#define UNSEARCH_JSON_H

#include <stddef.h>

#include "buf.h"

/* Append s as a JSON string literal, quotes included: '"', '\\' and
 * control characters escaped; bytes that are not valid UTF-8 become
 * \ufffd, so the result is valid JSON for any input. */
void json_append_string(struct buf *b, const char *s, size_t len);

#endif
