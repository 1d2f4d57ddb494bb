/* main.c of unindex: options -> struct build_config -> build_index (or
 * index_check), then the summary line and the exit status:
 * 0 all files indexed, 1 some files skipped or warned about, 2 fatal. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "buf.h"
#include "cli.h"
#include "heap.h"
#include "index.h"
#include "paths.h"

static const struct cli_option unindex_options[] = {
	{ 'i', "index", CLI_REQUIRED, "DIR", "the index directory (default: $UNSEARCH_INDEX)" },
	{ 'o', "output", CLI_REQUIRED, "DIR", "the same as --index (the older name)" },
	{ 'q', "quiet", CLI_FLAG, NULL, "no progress on stderr" },
	{ 'v', "verbose", CLI_FLAG, NULL, "name each skipped file and why on stderr" },
	{ 'm', "memory", CLI_REQUIRED, "SIZE", "postings memory budget, e.g. 256M (default 256M)" },
	{ 0, "check", CLI_FLAG, NULL, "verify the index and report section sizes; index nothing" },
	{ 0, "status", CLI_FLAG, NULL, "list roots, segments and what changed on disk; change nothing" },
	{ 0, "forget", CLI_FLAG, NULL, "remove the PATHs from the roots, and their documents" },
	{ 0, "rebuild", CLI_FLAG, NULL, "re-read every file of every root into a fresh index" },
	{ 0, "optimize", CLI_FLAG, NULL, "merge every segment into one" },
	{ 0, "no-merge", CLI_FLAG, NULL, "commit the update as one more segment; merge nothing" },
	{ 0, "export", CLI_REQUIRED, "FILE", "also write every clause as JSON Lines to FILE" },
	{ 'V', "version", CLI_FLAG, NULL, "print the version and the index format version" },
	{ 'h', "help", CLI_FLAG, NULL, "show this help" },
	{ 0, NULL, 0, NULL, NULL },
};

/* Seconds between progress lines on a terminal: five a second. */
#define UNINDEX_PROGRESS_EVERY 0.2

#define UNINDEX_USAGE "unindex [-i DIR] [-q] [-v] [--memory SIZE] [--export FILE] [--rebuild] [--optimize | --no-merge] [PATH...]\n" \
                      "       unindex --forget [-i DIR] PATH...\n" \
                      "       unindex --status [-i DIR] | --check [-i DIR]"

struct unindex_config {
	struct buf index_dir;
	char *const *paths;
	size_t n_paths;
	size_t memory;
	int quiet, verbose, check, progress, status, forget, rebuild, optimize, no_merge;
	const char *export_path;
};

/* The state of the progress line on stderr, so that a warning first
 * clears a progress line it would otherwise be appended to. */
struct unindex_tty {
	int progress_shown; /* the cursor is at the end of a progress line */
};

/* "256M", "64k", "1G", "1048576" (bytes): the size, or 0 if it does not
 * parse. */
static size_t parse_size(const char *s)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return 0;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	}
	if (*end || v > (~0ull >> shift))
		return 0;
	return (size_t)(v << shift);
}

static int unindex_configure(int argc, char **argv, struct unindex_config *cfg,
                             struct cli_result *r, struct errbuf *eb)
{
	const struct cli_option *t = unindex_options;
	const char *v;
	int rc = cli_parse(t, argc, argv, r, eb);

	if (rc)
		return rc;
	if (r->values[cli_index(t, "help")])
		return 1;
	if (r->values[cli_index(t, "version")])
		return 2;
	cfg->quiet = r->values[cli_index(t, "quiet")] != NULL;
	cfg->verbose = r->values[cli_index(t, "verbose")] != NULL;
	cfg->check = r->values[cli_index(t, "check")] != NULL;
	cfg->status = r->values[cli_index(t, "status")] != NULL;
	cfg->forget = r->values[cli_index(t, "forget")] != NULL;
	cfg->rebuild = r->values[cli_index(t, "rebuild")] != NULL;
	cfg->optimize = r->values[cli_index(t, "optimize")] != NULL;
	cfg->no_merge = r->values[cli_index(t, "no-merge")] != NULL;
	cfg->export_path = r->values[cli_index(t, "export")];
	cfg->memory = (size_t)256 << 20;
	if ((v = r->values[cli_index(t, "memory")])) {
		cfg->memory = parse_size(v);
		if (cfg->memory == 0)
			return errbuf_set(eb, ERR_SYNTAX, "--memory: '%s' is not a size such as 256M", v);
	}
	if (r->count[cli_index(t, "index")] + r->count[cli_index(t, "output")] > 1)
		return errbuf_set(eb, ERR_SYNTAX, "the index directory is given twice (-i/-o); give it once");
	if ((v = r->values[cli_index(t, "index")]) || (v = r->values[cli_index(t, "output")]))
		buf_append_str(&cfg->index_dir, v);
	else if ((rc = index_default_dir(&cfg->index_dir, eb)))
		return rc;
	cfg->paths = (char *const *)r->operands;
	cfg->n_paths = r->n_operands;
	if (cfg->forget && cfg->n_paths == 0)
		return errbuf_set(eb, ERR_SYNTAX, "--forget needs the PATH of a root");
	if (cfg->optimize && cfg->no_merge)
		return errbuf_set(eb, ERR_SYNTAX, "--optimize and --no-merge exclude each other");
	if (cfg->check + cfg->status + cfg->forget > 1)
		return errbuf_set(eb, ERR_SYNTAX, "--check, --status and --forget exclude each other");
	cfg->progress = !cfg->quiet && isatty(STDERR_FILENO);
	return 0;
}

/* Anything printed on stderr first erases the progress line. */
static void unindex_clear_progress(struct unindex_tty *tty)
{
	if (tty->progress_shown) {
		fputs("\r\033[K", stderr);
		tty->progress_shown = 0;
	}
}

static void unindex_warn(void *ctx, enum resparse_level level, const char *path,
                         uint32_t line, const char *msg)
{
	const char *what = level == RESPARSE_NOTICE ? "notice" : "warning";

	unindex_clear_progress(ctx);
	if (line)
		fprintf(stderr, "unindex: %s: %s:%u: %s\n", what, path, line, msg);
	else
		fprintf(stderr, "unindex: %s: %s: %s\n", what, path, msg);
}

static void unindex_skip(void *ctx, const char *path, enum build_skip why)
{
	unindex_clear_progress(ctx);
	fprintf(stderr, "unindex: skipped %s: %s\n", path, build_skip_name(why));
}

static void unindex_progress(void *ctx, const struct build_progress *p)
{
	double mb = (double)p->bytes_done / 1e6;
	double rate = p->seconds > 0 ? mb / p->seconds : 0;
	double left = rate > 0 ? ((double)p->bytes_total / 1e6 - mb) / rate : 0;

	struct unindex_tty *tty = ctx;

	fprintf(stderr, "\r\033[K%zu/%zu files  %.1f of %.1f MB  %.1f MB/s",
	        p->files_done, p->files_total, mb, (double)p->bytes_total / 1e6, rate);
	if (p->seconds >= 1 && rate > 0) /* before that the rate means little */
		fprintf(stderr, "  ETA %.0f s", left);
	tty->progress_shown = 1;
	if (p->files_done == p->files_total) {
		fputc('\n', stderr);
		tty->progress_shown = 0;
	}
}

static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

/* n with a comma every three digits, as "7,110", into buf. */
static const char *grouped(uint64_t n, char buf[32])
{
	char digits[24];
	int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)n), o = 0;

	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/* "+12 new, 3 changed, 1 removed, 7,110 unchanged" */
static void print_changes(const struct build_summary *s, FILE *f)
{
	char a[32], b[32], c[32], d[32];

	fprintf(f, "+%s new, %s changed, %s removed, %s unchanged", grouped(s->n_new, a),
	        grouped(s->n_changed, b), grouped(s->n_removed, c),
	        grouped(s->n_unchanged, d));
}

static void print_status(const struct build_summary *s, const char *dir)
{
	char when[64] = "never";
	time_t t = (time_t)s->last_update;
	uint64_t all = s->live_clauses + s->deleted_clauses;

	if (s->last_update)
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", gmtime(&t));
	printf("index %s\n", dir);
	for (size_t i = 0; i < s->n_roots; i++)
		printf("root %s: %u document%s, %llu clause%s\n", s->roots[i].path,
		       s->roots[i].docs, plural(s->roots[i].docs),
		       (unsigned long long)s->roots[i].clauses, plural(s->roots[i].clauses));
	printf("segments %u; %u documents, %llu clauses live; %.1f%% of clauses deleted\n",
	       s->segments, s->live_docs, (unsigned long long)s->live_clauses,
	       all ? 100.0 * (double)s->deleted_clauses / (double)all : 0.0);
	printf("last update %s\n", when);
	printf("on disk: ");
	print_changes(s, stdout);
	printf("\n");
}
int main(int argc, char **argv)
{
	struct unindex_config cfg = { .index_dir = BUF_INIT };
	struct buf counts = BUF_INIT;
	struct cli_result r = { 0 };
	struct build_summary sum = { 0 };
	struct errbuf eb = { "", 0 };
	struct unindex_tty tty = { 0 };
	int rc, status;

	rc = unindex_configure(argc, argv, &cfg, &r, &eb);
	if (rc == 1) {
		cli_print_help(unindex_options, UNINDEX_USAGE, stdout);
		status = 0;
		goto out;
	}
	if (rc == 2) {
		cli_print_version("unindex", stdout);
		status = 0;
		goto out;
	}
	if (rc) {
		fprintf(stderr, "unindex: %s\n", eb.msg);
		if (rc == ERR_SYNTAX)
			fprintf(stderr, "usage: %s\n", UNINDEX_USAGE);
		status = 2;
		goto out;
	}
	if (cfg.check) {
		rc = index_check(cfg.index_dir.data, stdout, &eb);
		if (rc)
			fprintf(stderr, "unindex: %s\n", eb.msg);
		status = rc ? 2 : 0;
		goto out;
	}
	/* The heap (the postings under --memory, the lexicon, and every
	 * thread's blocks: one malloc arena) on huge pages, advised as far as
	 * the budget reaches (heap.h): each fresh 4 KiB page cost a fault of
	 * 15-20 us here; indexing 100 MiB took 10-15% less CPU. */
	void *heap = NULL;
	size_t heap_bytes = cfg.memory + HEAP_HUGE_PAGE * 32;
	if (heap_use_huge_pages(heap_bytes, &heap))
		heap = NULL;
	/* UNSEARCH_THREADS=1: one thread, for comparing (the index is the
	 * same). UNSEARCH_PROGRESS_EVERY: seconds between progress lines. */
	const char *threads = getenv("UNSEARCH_THREADS");
	const char *every = getenv("UNSEARCH_PROGRESS_EVERY");
	struct build_config bc = {
		.index_dir = cfg.index_dir.data, .paths = cfg.paths,
		.n_paths = cfg.n_paths, .memory_budget = cfg.memory,
		.threads = threads && strcmp(threads, "1") == 0 ? 1 : 0,
		.heap = heap, .heap_bytes = heap_bytes,
		.forget = cfg.forget, .rebuild = cfg.rebuild, .status = cfg.status,
		.optimize = cfg.optimize, .no_merge = cfg.no_merge,
		.export_path = cfg.export_path, .warn = unindex_warn,
		.progress = cfg.progress ? unindex_progress : NULL,
		.progress_every = every && *every ? strtod(every, NULL) : UNINDEX_PROGRESS_EVERY,
		.skip = cfg.verbose ? unindex_skip : NULL, .ctx = &tty,
	};
	rc = build_index(&bc, &sum, &eb);
	if (rc) {
		fprintf(stderr, "unindex: %s\n", eb.msg);
		status = 2;
		goto out;
	}
	if (cfg.status) {
		print_status(&sum, cfg.index_dir.data);
		status = 0;
		goto out;
	}
	char plain[48] = "";
	if (sum.plain_documents)
		snprintf(plain, sizeof plain, ", %zu plain document%s", sum.plain_documents,
		         plural(sum.plain_documents));
	build_summary_counts(&sum, &counts);
	print_changes(&sum, stdout);
	printf("; %zu file%s parsed (%zu resolution%s%s), %llu clause%s, %llu token%s, "
	       "%.1f MB read in %.2f s; %u segment%s%s in %s; %s\n",
	       sum.n_new + sum.n_changed, plural(sum.n_new + sum.n_changed), sum.resolutions,
	       plural(sum.resolutions), plain, (unsigned long long)sum.clauses, plural(sum.clauses),
	       (unsigned long long)sum.tokens, plural(sum.tokens), (double)sum.bytes_read / 1e6,
	       sum.seconds, sum.segments, plural(sum.segments),
	       sum.merges ? " after merging" : "", cfg.index_dir.data, counts.data);
	status = sum.warnings ? 1 : 0;
out:
	build_summary_release(&sum);
	buf_release(&counts);
	buf_release(&cfg.index_dir);
	cli_result_release(&r);
	return status;
}
