/* serve.h: `unsearch serve`, the same search as a local web page and a
 * JSON API, over HTTP with libmicrohttpd.
 *
 *   GET /                  the page (HTML, CSS, JS compiled into the binary)
 *   GET /api/search?q=...  one page of hits (search_run, output_page)
 *   GET /api/show?symbol=74/29[&label=OP3]   a resolution (show_resolution)
 *   GET /api/refs?symbol=  what it cites and what cites it (cite_query_run)
 *   GET /api/history?symbol=&label=   a clause through its series (lineage_run)
 *
 * Every answer comes from the same functions as the command line's --json,
 * so fields and error messages are the same; errors are {"error","column"}
 * with a 4xx status (5xx when the index cannot be read). No file is ever
 * served: the paths above are the only ones that answer.
 *
 * Each request takes one open state of the index (the index and an
 * analyzer, used by one request at a time) from a pool. A request first
 * compares the identity of the MANIFEST files (inode, size, mtime) with the
 * pool's: when unindex has committed since, the idle states are closed and
 * the request opens the new index, while requests still running on an old
 * state finish on it (its mapping stays valid) and close it when done. So
 * every answer comes from one complete index, and updates are seen without
 * a restart. There are at most as many states as worker threads (twice the
 * processors, at most 16), each answering one request at a time. */
#ifndef UNSEARCH_SERVE_H
#define UNSEARCH_SERVE_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

#define SERVE_LISTEN_DEFAULT "127.0.0.1:8080"
#define SERVE_TIME_LIMIT_DEFAULT 2000 /* ms of evaluation per query */
#define SERVE_MAX_PARAM 1024          /* bytes of the query, or of any parameter */
#define SERVE_MAX_LIMIT 100           /* n: hits per page */
#define SERVE_MAX_OFFSET 10000        /* offset: how deep a page may start */
#define SERVE_REQUEST_MEMORY (16u << 10) /* a request's line and headers */

struct serve_opts {
	const char *const *dirs; /* the index directories, searched as one */
	size_t n_dirs;
	const char *listen;      /* "HOST:PORT", "[V6]:PORT"; port 0: any free one */
	unsigned time_limit_ms;  /* per query; 0: none */
};

/* Check o->listen: 0, or ERR_SYNTAX naming what is wrong. */
int serve_check_listen(const char *listen, struct errbuf *eb);

/* Serve until SIGINT or SIGTERM (which the caller must not handle). Once
 * listening, writes "serving DIR[, DIR...] on http://HOST:PORT/" and a newline to
 * ready and flushes it. 0 after a signal; ERR_SYNTAX (bad address), ERR_IO
 * (cannot listen) with eb set. The index need not exist yet: requests
 * answer with its error until it does. */
int serve_run(const struct serve_opts *o, FILE *ready, struct errbuf *eb);

#endif
