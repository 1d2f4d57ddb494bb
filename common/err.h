/* err.h: the one error convention of unsearch.
 *
 * Functions that can fail return 0 on success or a negative enum err, and
 * write a one-line human message (no trailing newline, no program name) into
 * the caller's struct errbuf; control characters in it become '?'. Only a main.c prints the message and picks the
 * exit status. A NULL errbuf is allowed: the message is then dropped. */
#ifndef UNSEARCH_ERR_H
#define UNSEARCH_ERR_H

#include <stddef.h>

enum err {
	ERR_OK = 0,
	ERR_IO = -1,       /* a system call failed; message carries strerror */
	ERR_CORRUPT = -2,  /* bytes on disk break the format; names file and section */
	ERR_VERSION = -3,  /* a file of another format version */
	ERR_SYNTAX = -4,   /* a query or option that does not parse */
	ERR_NOTFOUND = -5, /* a missing index, file or entry */
	ERR_LOCKED = -6,   /* another process holds the index lock */
	ERR_LIMIT = -7,    /* a documented limit was reached */
	ERR_INVALID = -8,  /* input that is not acceptable (damaged, malformed, ...) */
	ERR_BINARY = -9,   /* an input file that holds binary bytes, not text */
	ERR_EMPTY = -10,   /* an input file with nothing in it but white space */
};

#define ERRBUF_SIZE 512

struct errbuf {
	char msg[ERRBUF_SIZE];
	int column; /* ERR_SYNTAX: 1-based column in the query, 0 if unknown */
};

/* Format a message into eb (if not NULL) and return code, so that callers
 * can write `return errbuf_set(eb, ERR_IO, "open %s: %s", p, strerror(e));`. */
int errbuf_set(struct errbuf *eb, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix the message already in eb with "context: ". Returns code. */
int errbuf_prefix(struct errbuf *eb, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The short name of a code, such as "corrupt", for messages and tests. */
const char *err_name(int code);

#endif
