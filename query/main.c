/* main.c of unsearch: options -> struct search_options -> search_run, once
 * or per --batch line. Exit status as grep: 0 found, 1 nothing, 2 error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer.h"
#include "buf.h"
#include "cite_query.h"
#include "cli.h"
#include "heap.h"
#include "index.h"
#include "lineage.h"
#include "paths.h"
#include "search.h"
#include "show.h"
#include "verbs.h"
#include "xalloc.h"
#include "text.h"

static const struct cli_option unsearch_options[] = {
	{ 'i', "index", CLI_REQUIRED, "DIR", "search the index in DIR (default: $UNSEARCH_INDEX)" },
	{ 'n', "limit", CLI_REQUIRED, "N", "print at most N hits (default 10)" },
	{ 0, "offset", CLI_REQUIRED, "N", "skip the first N hits" },
	{ 'c', "count", CLI_FLAG, NULL, "print the number of matching clauses" },
	{ 'l', "files-with-matches", CLI_FLAG, NULL, "print each matching resolution once" },
	{ 0, "by-resolution", CLI_FLAG, NULL, "each resolution once, with its 3 best clauses" },
	{ 0, "facet", CLI_REQUIRED, "FIELD", "count matching clauses per session, year, kind, verb or committee" },
	{ 0, "json", CLI_FLAG, NULL, "JSON Lines output, one object per hit" },
	{ 0, "sort", CLI_REQUIRED, "KEY", "score (default) or date (newest first)" },
	{ 0, "session", CLI_REQUIRED, "N[..M]", "only resolutions of these sessions" },
	{ 0, "year", CLI_REQUIRED, "N[..M]", "only resolutions adopted in these years" },
	{ 0, "kind", CLI_REQUIRED, "KIND", "only clauses of this kind (operative, preambular, ...)" },
	{ 0, "verb", CLI_REQUIRED, "WORD", "only clauses opened by this verb" },
	{ 0, "symbol", CLI_REQUIRED, "SYMBOL", "only the resolution with this symbol" },
	{ 0, "k1", CLI_REQUIRED, "X", "BM25 k1 (default 1.2)" },
	{ 0, "b", CLI_REQUIRED, "X", "BM25 b (default 0.75)" },
	{ 0, "title-weight", CLI_REQUIRED, "X", "weight of a match in the resolution's title (default 0.25)" },
	{ 0, "strict", CLI_FLAG, NULL, "no partial matches when too few clauses match every word" },
	{ 0, "all-kinds", CLI_FLAG, NULL, "header, title, intro, footer and vote clauses are hits too" },
	{ 0, "exhaustive", CLI_FLAG, NULL, "score every match (no pruning)" },
	{ 0, "explain", CLI_FLAG, NULL, "show how each hit's score is made" },
	{ 0, "color", CLI_OPTIONAL, "WHEN", "auto, always or never (default auto)" },
	{ 0, "batch", CLI_REQUIRED, "FILE", "one query per line of FILE (- for stdin), JSON out" },
	{ 0, "show", CLI_REQUIRED, "SYMBOL", "print resolution SYMBOL whole, or one clause: --show 74/29 OP3" },
	{ 'C', "context", CLI_REQUIRED, "N", "print N clauses before and after each hit, dimmed" },
	{ 0, "path", CLI_FLAG, NULL, "name each hit's source as FILE:LINE (vim +LINE FILE)" },
	{ 'V', "version", CLI_FLAG, NULL, "print the version and the index format version" },
	{ 0, "cited-by", CLI_REQUIRED, "SYMBOL", "the clauses citing SYMBOL, newest resolution first" },
	{ 0, "refs", CLI_REQUIRED, "SYMBOL", "what SYMBOL cites, and what cites it" },
	{ 0, "graph", CLI_REQUIRED, "SYMBOL", "the citation graph around SYMBOL, in Graphviz DOT" },
	{ 0, "depth", CLI_REQUIRED, "N", "--graph: hops from SYMBOL (default 1)" },
	{ 0, "history", CLI_REQUIRED, "SYMBOL", "the clause LABEL (operand) through SYMBOL's series" },
	{ 0, "diff", CLI_REQUIRED, "OLD", "OLD against the resolution given as operand, clause by clause" },
	{ 'h', "help", CLI_FLAG, NULL, "show this help" },
	{ 0, NULL, 0, NULL, NULL },
};

#define UNSEARCH_USAGE "unsearch [OPTIONS] QUERY...\n       unsearch [OPTIONS] --batch FILE\n" \
	"       unsearch [OPTIONS] --show SYMBOL [LABEL]\n" \
	"       unsearch [OPTIONS] --cited-by|--refs|--graph SYMBOL\n" \
	"       unsearch [OPTIONS] --history SYMBOL LABEL | --diff OLD NEW\n" \
	"       unsearch serve [-i DIR] [SERVE OPTIONS]   (the web page and API: unsearch serve --help)"


/* The end of --help: the query language's most used forms (man unsearch
 * has the rest). */
static const char unsearch_syntax_help[] =
	"\nquery syntax (words match whatever their case, accents and inflection):\n"
	"  derechos humanos          every word, anywhere in the clause\n"
	"  \"creación de capacidad\"   the exact phrase\n"
	"  paz NEAR/5 seguridad      at most 5 words apart\n"
	"  paz OR guerra             either word\n"
	"  desarme -nuclear          without the word (also: NOT nuclear)\n"
	"  desarm*                   words starting with desarm\n"
	"  (a OR b) c                parentheses group\n"
	"  symbol:74/29  session:70..74  year:2019  kind:operative  verb:insta\n"
	"a query that starts with '-' goes after --: unsearch -- -nuclear desarme\n";

struct unsearch_config {
	struct buf index_dir;  /* the index directories, ':'-separated */
	const char **dirs;     /* their list (into dirs_buf), searched as one */
	size_t n_dirs;
	char *dirs_buf;
	struct buf query;    /* operands joined by spaces */
	struct buf filters;  /* option filters in query syntax */
	const char *batch;
	const char *show;    /* --show SYMBOL */
	struct search_options so;
	struct cite_query_opts cite; /* cite.symbol set: a citation command */
	struct lineage_opts lineage; /* lineage.symbol set: --history or --diff */
};

/* Options that name one thing: given twice, the first would be silently
 * dropped. */
static const char *const single_options[] = {
	"session", "year", "kind", "verb", "symbol", "batch", "show",
};

static int parse_real(const char *opt, const char *v, double *out,
                      struct errbuf *eb)
{
	char *end;
	double x;

	errno = 0;
	x = strtod(v, &end);
	if (end == v || *end || x != x)
		return errbuf_set(eb, ERR_SYNTAX, "--%s: '%s' is not a number", opt, v);
	if (errno || !(x >= 0) || x > 1000)
		return errbuf_set(eb, ERR_SYNTAX, "--%s: %s is out of range (0 to 1000)", opt, v);
	*out = x;
	return 0;
}

static int terminal_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (c && atoi(c) > 0)
		return atoi(c);
	return 80;
}

/* --cited-by, --refs, --graph (one of them, with no query) and --depth. */
static int configure_cite(const struct cli_option *t, const struct cli_result *r,
                          struct unsearch_config *cfg, struct errbuf *eb)
{
	static const char *const modes[] = { "cited-by", "refs", "graph" };
	const char *v;
	size_t depth = 1;
	int rc;

	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
		if (!(v = r->values[cli_index(t, modes[i])]))
			continue;
		if (cfg->cite.symbol)
			return errbuf_set(eb, ERR_SYNTAX, "--%s: one citation command at a time",
			                  modes[i]);
		cfg->cite.symbol = v;
		cfg->cite.mode = (enum cite_query_mode)i;
	}
	if ((v = r->values[cli_index(t, "depth")])) {
		if ((rc = cli_parse_count("--depth", v, &depth, eb)))
			return rc;
		if (depth < 1 || depth > 100)
			return errbuf_set(eb, ERR_SYNTAX, "--depth: '%s' is not between 1 and 100", v);
		if (!cfg->cite.symbol || cfg->cite.mode != CITE_QUERY_GRAPH)
			return errbuf_set(eb, ERR_SYNTAX, "--depth goes with --graph");
	}
	cfg->cite.depth = (int)depth;
	cfg->cite.out = cfg->so.out;
	if (cfg->cite.symbol && (r->n_operands || cfg->batch || cfg->filters.len))
		return errbuf_set(eb, ERR_SYNTAX, "--%s takes no query", modes[cfg->cite.mode]);
	return 0;
}

/* --history SYMBOL LABEL and --diff OLD NEW: the one operand is the
 * label or the newer resolution. */
static int configure_lineage(const struct cli_option *t, const struct cli_result *r,
                             struct unsearch_config *cfg, struct errbuf *eb)
{
	static const char *const modes[] = { "history", "diff" };
	const char *v;

	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
		if (!(v = r->values[cli_index(t, modes[i])]))
			continue;
		if (cfg->lineage.symbol || cfg->cite.symbol)
			return errbuf_set(eb, ERR_SYNTAX, "--%s: one command at a time", modes[i]);
		if (r->n_operands != 1 || cfg->batch || cfg->filters.len)
			return errbuf_set(eb, ERR_SYNTAX, i ? "--diff OLD takes one operand, NEW"
			                                    : "--history SYMBOL takes one operand, LABEL");
		cfg->lineage = (struct lineage_opts){ (enum lineage_mode)i, v, r->operands[0],
		                                      cfg->so.out };
	}
	return 0;
}

static int unsearch_configure(int argc, char **argv, struct unsearch_config *cfg,
                              struct cli_result *r, struct errbuf *eb)
{
	const struct cli_option *t = unsearch_options;
	static const char *const filter_opts[] = { "session", "year", "kind", "verb", "symbol" };
	const char *v;
	int rc = cli_parse(t, argc, argv, r, eb), tty = isatty(STDOUT_FILENO);

	if (rc == ERR_SYNTAX && strncmp(eb->msg, "unknown option '-", 17) == 0) {
		char unknown[ERRBUF_SIZE];

		memcpy(unknown, eb->msg, sizeof unknown);
		return errbuf_set(eb, ERR_SYNTAX, "%s; a query that starts with '-' goes after --: "
		                  "unsearch -- '-word' ...", unknown);
	}
	if (rc)
		return rc;
	if (r->values[cli_index(t, "help")])
		return 1;
	if (r->values[cli_index(t, "version")])
		return 2;
	for (size_t i = 0; i < sizeof single_options / sizeof *single_options; i++)
		if (r->count[cli_index(t, single_options[i])] > 1)
			return errbuf_set(eb, ERR_SYNTAX, "--%s given twice; give it once%s",
			                  single_options[i], i == 0 || i == 1 ? " (a range: N..M)" : "");
	struct search_options *so = &cfg->so;
	so->mode = SEARCH_HITS;
	so->limit = 10;
	so->eval.bm25.k1 = BM25_K1_DEFAULT;
	so->eval.bm25.b = BM25_B_DEFAULT;
	so->eval.title_weight = EVAL_TITLE_WEIGHT_DEFAULT;
	so->eval.all_kinds = r->values[cli_index(t, "all-kinds")] != NULL;
	so->eval.exhaustive = r->values[cli_index(t, "exhaustive")] != NULL;
	so->explain = r->values[cli_index(t, "explain")] != NULL;
	so->strict = r->values[cli_index(t, "strict")] != NULL;
	if (r->values[cli_index(t, "count")])
		so->mode = SEARCH_COUNT;
	if (r->values[cli_index(t, "files-with-matches")]) {
		so->mode = SEARCH_FILES;
		so->limit = SIZE_MAX; /* every resolution, unless -n says otherwise */
	}
	if (r->values[cli_index(t, "by-resolution")])
		so->mode = SEARCH_GROUPS;
	if ((v = r->values[cli_index(t, "facet")])) {
		int f = facet_parse(v);
		if (f < 0)
			return errbuf_set(eb, ERR_SYNTAX,
			                  "--facet: '%s' is not session, year, kind, verb or committee", v);
		so->mode = SEARCH_FACET;
		so->facet = (enum facet_field)f;
	}
	if (!!r->values[cli_index(t, "count")] + !!r->values[cli_index(t, "files-with-matches")] +
	    !!r->values[cli_index(t, "by-resolution")] + !!r->values[cli_index(t, "facet")] > 1)
		return errbuf_set(eb, ERR_SYNTAX,
		                  "--count, -l, --by-resolution and --facet exclude each other");
	if ((v = r->values[cli_index(t, "limit")]) &&
	    (rc = cli_parse_count("--limit", v, &so->limit, eb)))
		return rc;
	if ((v = r->values[cli_index(t, "offset")]) &&
	    (rc = cli_parse_count("--offset", v, &so->offset, eb)))
		return rc;
	if ((v = r->values[cli_index(t, "context")])) {
		if ((rc = cli_parse_count("--context", v, &so->context, eb)))
			return rc;
		so->with_context = 1;
	}
	so->out.path = r->values[cli_index(t, "path")] != NULL;
	if ((v = r->values[cli_index(t, "k1")]) &&
	    (rc = parse_real("k1", v, &so->eval.bm25.k1, eb)))
		return rc;
	if ((v = r->values[cli_index(t, "b")]) &&
	    (rc = parse_real("b", v, &so->eval.bm25.b, eb)))
		return rc;
	if ((v = r->values[cli_index(t, "title-weight")]) &&
	    (rc = parse_real("title-weight", v, &so->eval.title_weight, eb)))
		return rc;
	if (so->eval.bm25.b > 1)
		return errbuf_set(eb, ERR_SYNTAX, "--b: must be between 0 and 1");
	if ((v = r->values[cli_index(t, "sort")])) {
		if (strcmp(v, "date") == 0)
			so->sort_date = 1;
		else if (strcmp(v, "score") != 0)
			return errbuf_set(eb, ERR_SYNTAX, "--sort: '%s' is not score or date", v);
	}
	so->out.json = r->values[cli_index(t, "json")] != NULL;
	v = r->values[cli_index(t, "color")];
	if (!v || strcmp(v, "auto") == 0)
		so->out.color = tty && !(getenv("NO_COLOR") && *getenv("NO_COLOR")) &&
		                getenv("TERM") && strcmp(getenv("TERM"), "dumb") != 0;
	else if (!*v || strcmp(v, "always") == 0)
		so->out.color = 1;
	else if (strcmp(v, "never") == 0)
		so->out.color = 0;
	else
		return errbuf_set(eb, ERR_SYNTAX, "--color: '%s' is not auto, always or never", v);
	so->out.width = tty ? terminal_width() : 0;
	/* Option filters become query filters: one syntax, one evaluation. */
	for (size_t i = 0; i < sizeof filter_opts / sizeof *filter_opts; i++)
		if ((v = r->values[cli_index(t, filter_opts[i])]))
			search_filter_append(&cfg->filters, filter_opts[i], v);
	so->filters = cfg->filters.data;
	if ((rc = paths_index_dirs(t, r, &cfg->index_dir, &cfg->dirs, &cfg->n_dirs, &cfg->dirs_buf, eb)))
		return rc;
	cfg->batch = r->values[cli_index(t, "batch")];
	if (cfg->batch) {
		so->out.json = 1;
		so->out.color = 0;
	}
	if (cfg->batch && r->n_operands)
		return errbuf_set(eb, ERR_SYNTAX, "--batch reads its queries from %s; '%s' is one too many "
		                  "(put it in the file)", cfg->batch, r->operands[0]);
	cfg->show = r->values[cli_index(t, "show")];
	if (cfg->show && (cfg->batch || r->n_operands > 1))
		return errbuf_set(eb, ERR_SYNTAX, "--show takes a SYMBOL and at most one clause LABEL "
		                  "(--show 74/29 OP3)");
	if ((rc = configure_cite(t, r, cfg, eb)))
		return rc;
	if ((rc = configure_lineage(t, r, cfg, eb)))
		return rc;
	for (size_t i = 0; i < r->n_operands; i++)
		buf_printf(&cfg->query, "%s%s", i ? " " : "", r->operands[i]);
	if (!cfg->batch && !cfg->show && r->n_operands == 0 && !cfg->filters.len &&
	    !cfg->cite.symbol && !cfg->lineage.symbol)
		return errbuf_set(eb, ERR_SYNTAX, "no query (try: unsearch \"creación de capacidad\")");
	return 0;
}

/* A syntax error: the message, then the query with a caret under the
 * column (display columns, so accents before it do not shift it). */
static void print_syntax_error(const char *query, const struct errbuf *eb)
{
	fprintf(stderr, "unsearch: syntax error: %s\n", eb->msg);
	if (eb->column > 0 && query) {
		size_t col = (size_t)eb->column - 1, qlen = strlen(query);
		size_t w = text_width(query, col < qlen ? col : qlen);
		fprintf(stderr, "  %s\n  %*s^\n", query, (int)w, "");
	}
}

/* 1 when dir has no entry but . and .. (or cannot be read). */
static int dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return 1;
	while (empty && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

/* Why there is no index, and the one command that makes one. A folder
 * given with -i that holds files but no index is most likely the corpus
 * itself: index it into the default location rather than into itself. */
static void print_index_error(const char *dir, int given, int rc,
                              const struct errbuf *eb)
{
	struct stat st;

	if (rc != ERR_NOTFOUND)
		fprintf(stderr, "unsearch: %s; rebuild the index with: unindex --rebuild -i %s FOLDER\n",
		        eb->msg, dir);
	else if (given && stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && !dir_is_empty(dir))
		fprintf(stderr, "unsearch: %s holds no index (is it a folder of texts?); "
		        "index it with: unindex %s, then search with: unsearch WORDS\n", dir, dir);
	else if (given)
		fprintf(stderr, "unsearch: no index at %s; build it with: unindex -i %s FOLDER\n",
		        dir, dir);
	else
		fprintf(stderr, "unsearch: no index at %s (the default location: $UNSEARCH_INDEX, "
		        "else $XDG_DATA_HOME/unsearch, else ~/.local/share/unsearch); "
		        "build it with: unindex FOLDER, or pass -i DIR\n", dir);
}


/* --batch: 0 if any query found something, 1 if none did, 2 if a line
 * failed or the file cannot be read. */
static int run_batch(const struct search_ctx *sc, const char *path)
{
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct buf notices = BUF_INIT;
	size_t found = 0, failed = 0;

	if (!in) {
		fprintf(stderr, "unsearch: cannot open %s: %s\n", path, strerror(errno));
		return 2;
	}
	search_batch(sc, in, stdout, &found, &failed, &notices);
	if (ferror(in)) {
		fprintf(stderr, "unsearch: cannot read %s: %s\n", path, strerror(errno));
		failed++;
	}
	if (in != stdin)
		fclose(in);
	fputs(notices.data ? notices.data : "", stderr);
	buf_release(&notices);
	if (fflush(stdout))
		return 2;
	return failed ? 2 : found ? 0 : 1;
}

/* unsearch serve ARGS: the server is its own program, unsearch-serve,
 * beside this one, so that libmicrohttpd and the TLS libraries it pulls
 * in are loaded by the server only, not at every query's start-up. */
static int serve_exec(char **argv)
{
	char path[4096 + 32];
	struct errbuf eb;

	if (paths_beside_self("unsearch-serve", path, sizeof path, &eb)) {
		fprintf(stderr, "unsearch serve: %s\n", eb.msg);
		return 2;
	}
	argv[0] = path;
	execv(path, argv);
	fprintf(stderr, "unsearch serve: cannot run %s: %s; reinstall unsearch\n", path,
	        strerror(errno));
	return 2;
}

int main(int argc, char **argv)
{
	struct unsearch_config cfg;
	struct cli_result r = { 0 };
	struct errbuf eb = { "", 0 };
	struct index *ix = NULL;
	struct analyzer *an = NULL;
	struct buf notices = BUF_INIT;
	int rc, status = 2, index_given;

	if (argc > 1 && strcmp(argv[1], "serve") == 0)
		return serve_exec(argv + 1);
	/* Into a pipe or file, output goes in writes of 64 KiB, not stdio's
	 * 4 KiB: a hit in JSON is most of a kilobyte, and the write calls
	 * were a twentieth of a rare word's time in --batch (perf). */
	static char out_buf[1 << 16];
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
	memset(&cfg, 0, sizeof cfg);
	rc = unsearch_configure(argc, argv, &cfg, &r, &eb);
	index_given = r.count && r.count[cli_index(unsearch_options, "index")];
	if (rc == 1) {
		cli_print_help(unsearch_options, UNSEARCH_USAGE, stdout);
		fputs(unsearch_syntax_help, stdout);
		status = 0;
		goto out;
	}
	if (rc == 2) {
		cli_print_version("unsearch", stdout);
		status = 0;
		goto out;
	}
	if (rc) {
		fprintf(stderr, "unsearch: %s\n", eb.msg);
		if (rc == ERR_SYNTAX && !eb.column)
			fprintf(stderr, "usage: %s\n", UNSEARCH_USAGE);
		goto out;
	}
	/* From here on a run touches a hundred fresh heap pages: one huge
	 * page instead (heap.h), and a second for a query whose heap outgrows
	 * the first (the index reads its hot sections into it, index.h):
	 * one fault past 2 MiB rather than a fault for each 4 KiB page. Not
	 * for --help or --version, which touch a few, nor for serve, which
	 * lives long. */
	heap_use_huge_pages(2 * HEAP_HUGE_PAGE, NULL);
	if ((rc = index_open_many(cfg.dirs, cfg.n_dirs, &ix, &eb))) {
		if (cfg.n_dirs > 1)
			fprintf(stderr, "unsearch: %s (searching %s)\n", eb.msg, cfg.index_dir.data);
		else
			print_index_error(cfg.dirs[0], index_given, rc, &eb);
		goto out;
	}
	if (!(an = analyzer_new(&eb))) {
		fprintf(stderr, "unsearch: %s\n", eb.msg);
		goto out;
	}
	if (cfg.cite.symbol || cfg.lineage.symbol) {
		size_t n;
		rc = cfg.cite.symbol ? cite_query_run(ix, &cfg.cite, stdout, &n, &eb)
		                     : lineage_run(ix, &cfg.lineage, stdout, &n, &eb);
		if (rc == ERR_CORRUPT || rc == ERR_VERSION)
			print_index_error(cfg.index_dir.data, index_given, rc, &eb);
		else if (rc)
			fprintf(stderr, "unsearch: %s\n", eb.msg);
		status = rc ? 2 : fflush(stdout) ? 2 : n ? 0 : 1;
		goto out;
	}
	struct verbs_index verbs;
	verbs_index_init(&verbs);
	struct search_ctx sc = { ix, an, &cfg.so, &verbs };
	if (cfg.show) {
		rc = show_resolution(ix, an, &cfg.so.out, cfg.show,
		                     r.n_operands ? r.operands[0] : NULL, stdout, &eb);
		if (rc)
			fprintf(stderr, "unsearch: %s\n", eb.msg);
		status = rc == ERR_NOTFOUND ? 1 : rc ? 2 : 0;
		goto out;
	}
	if (cfg.batch) {
		status = run_batch(&sc, cfg.batch);
		goto out;
	}
	struct search_result res = SEARCH_RESULT_INIT;
	rc = search_run(&sc, cfg.query.data ? cfg.query.data : "", 0, stdout, &res,
	                &notices, &eb);
	buf_release(&res.suggestion);
	/* An error is the one line said: no notice (a suggestion made before
	 * a damaged block stopped the query) beside it. */
	if (!rc)
		fputs(notices.data ? notices.data : "", stderr);
	if (rc == ERR_SYNTAX)
		print_syntax_error(cfg.query.data, &eb);
	else if (rc == ERR_LIMIT)
		fprintf(stderr, "unsearch: %s\n", eb.msg); /* no echo of a huge query */
	else if (rc == ERR_CORRUPT || rc == ERR_VERSION)
		print_index_error(cfg.index_dir.data, index_given, rc, &eb);
	else if (rc)
		fprintf(stderr, "unsearch: %s\n", eb.msg);
	if (fflush(stdout) && !rc) {
		fprintf(stderr, "unsearch: cannot write the results: %s\n", strerror(errno));
		rc = ERR_IO;
	}
	status = rc ? 2 : res.found ? 0 : 1;
out:
	analyzer_free(an);
	index_close_at_exit(ix);
	buf_release(&notices);
	buf_release(&cfg.index_dir);
	free(cfg.dirs);
	free(cfg.dirs_buf);
	buf_release(&cfg.query);
	buf_release(&cfg.filters);
	cli_result_release(&r);
	return status;
}
