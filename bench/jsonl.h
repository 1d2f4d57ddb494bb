/* jsonl.h: reading `unindex --export` (one JSON object a line with symbol,
 * label, kind and text) for the benchmark's peer drivers, C and C++. */
#ifndef UNSEARCH_BENCH_JSONL_H
#define UNSEARCH_BENCH_JSONL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One clause; the strings belong to the reader and are valid until the
 * next jsonl_next. */
struct jsonl_record {
	const char *symbol, *label, *kind, *text;
	size_t text_len;
	long line;
};

struct jsonl_reader;

struct jsonl_reader *jsonl_open(const char *path); /* NULL: cannot open */
/* 1 and *rec filled, 0 at the end, -1 on a malformed line (message on
 * stderr with the line number). */
int jsonl_next(struct jsonl_reader *r, struct jsonl_record *rec);
void jsonl_close(struct jsonl_reader *r);

#ifdef __cplusplus
}
#endif

#endif
