/* serve_main.c of unsearch-serve, which `unsearch serve` runs (query/main.c
 * execs it): options -> struct serve_opts -> serve_run. A program of its
 * own so that only the server loads libmicrohttpd. Exit 0 on SIGINT or
 * SIGTERM, 2 on error. */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "cli.h"
#include "paths.h"
#include "serve.h"

/* unsearch serve: its own options, through the same parser. */
static const struct cli_option serve_options[] = {
	{ 'i', "index", CLI_REQUIRED, "DIR", "serve the index in DIR (default: $UNSEARCH_INDEX); repeat: as one" },
	{ 0, "listen", CLI_REQUIRED, "HOST:PORT", "listen there (default " SERVE_LISTEN_DEFAULT "; port 0: any free one)" },
	{ 0, "time-limit", CLI_REQUIRED, "MS", "give up on a query after MS milliseconds (default 2000; 0: never)" },
	{ 'h', "help", CLI_FLAG, NULL, "show this help" },
	{ 0, NULL, 0, NULL, NULL },
};

#define SERVE_USAGE "unsearch serve [-i DIR] [--listen HOST:PORT] [--time-limit MS]"

/* unsearch serve [OPTIONS]: the web page and JSON API until SIGINT or
 * SIGTERM; the address it listens on is printed once it does. */
int main(int argc, char **argv)
{
	const struct cli_option *t = serve_options;
	struct cli_result r = { 0 };
	struct errbuf eb = { "", 0 };
	struct buf dir = BUF_INIT;
	struct serve_opts so = { NULL, 0, SERVE_LISTEN_DEFAULT, SERVE_TIME_LIMIT_DEFAULT };
	const char **dirs = NULL;
	char *dirs_store = NULL;
	const char *v;
	size_t ms;
	int rc, status = 2;

	if ((rc = cli_parse(t, argc, argv, &r, &eb)))
		goto out;
	if (r.values[cli_index(t, "help")]) {
		cli_print_help(t, SERVE_USAGE, stdout);
		status = 0;
		goto out;
	}
	if (r.n_operands) {
		rc = errbuf_set(&eb, ERR_SYNTAX, "serve takes no query ('%s')", r.operands[0]);
		goto out;
	}
	if ((v = r.values[cli_index(t, "listen")]))
		so.listen = v;
	if ((v = r.values[cli_index(t, "time-limit")])) {
		if ((rc = cli_parse_count("--time-limit", v, &ms, &eb)))
			goto out;
		if (ms > 3600000) {
			rc = errbuf_set(&eb, ERR_SYNTAX, "--time-limit: at most 3600000 (an hour)");
			goto out;
		}
		so.time_limit_ms = (unsigned)ms;
	}
	if ((rc = paths_index_dirs(t, &r, &dir, &dirs, &so.n_dirs, &dirs_store, &eb)))
		goto out;
	so.dirs = dirs;
	if ((rc = serve_check_listen(so.listen, &eb)))
		goto out;
	rc = serve_run(&so, stdout, &eb);
	status = rc ? 2 : 0;
out:
	if (rc) {
		fprintf(stderr, "unsearch serve: %s\n", eb.msg);
		if (rc == ERR_SYNTAX)
			fprintf(stderr, "usage: %s\n", SERVE_USAGE);
	}
	buf_release(&dir);
	free(dirs);
	free(dirs_store);
	cli_result_release(&r);
	return status;
}

