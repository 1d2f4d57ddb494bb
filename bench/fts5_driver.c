/* fts5_driver.c: SQLite FTS5 peer of the unsearch benchmark.
 *
 *   fts5_driver index EXPORT.jsonl DB     one row per clause of the export
 *   fts5_driver search DB QUERIES.txt [R [fill]]
 *                                         time every query in-process
 *   fts5_driver stats DB                  bytes per b-tree (dbstat)
 *
 * search prints one line per query, "wall_us<TAB>cpu_us<TAB>hits<TAB>query":
 * microseconds of CLOCK_MONOTONIC and of CLOCK_PROCESS_CPUTIME_ID, the mean of
 * R warm runs (default 1) after one untimed run, stopping early once 5 runs
 * took over a second; R = 0 times a single cold run. A run is bind + step
 * through the top 10 + reset.
 * Queries use unsearch's syntax and are translated to FTS5's here.
 *
 * fill answers what unsearch answers by default (man/unsearch.1, RANKING,
 * Partial matches) for a query of plain words: when fewer than 10 rows
 * match every word, the rows holding some of them (the words joined by OR),
 * ranked by bm25, follow the full matches up to 10. The run then includes
 * stepping through the OR query's top 10 + full matches.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jsonl.h"

static double clock_us(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static double now_us(void)
{
	return clock_us(CLOCK_MONOTONIC);
}

static void die_db(sqlite3 *db, const char *what)
{
	fprintf(stderr, "fts5_driver: %s: %s\n", what, sqlite3_errmsg(db));
	exit(2);
}

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "fts5_driver: %s: %s\n", sql, msg ? msg : "?");
		exit(2);
	}
}

static int cmd_index(const char *export_path, const char *db_path)
{
	struct jsonl_reader *r = jsonl_open(export_path);
	if (!r) {
		perror(export_path);
		return 2;
	}
	unlink(db_path);
	double t0 = now_us();
	sqlite3 *db;
	if (sqlite3_open(db_path, &db) != SQLITE_OK)
		die_db(db, db_path);
	/* A bulk load: no rollback journal, no fsync; one transaction. */
	exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;");
	exec(db, "CREATE VIRTUAL TABLE t USING fts5(text, "
		 "tokenize = 'unicode61 remove_diacritics 2')");
	exec(db, "BEGIN");
	sqlite3_stmt *ins;
	if (sqlite3_prepare_v2(db, "INSERT INTO t(rowid, text) VALUES (?, ?)", -1, &ins, NULL))
		die_db(db, "prepare insert");
	struct jsonl_record rec;
	long n = 0;
	int rc;
	while ((rc = jsonl_next(r, &rec)) > 0) {
		sqlite3_bind_int64(ins, 1, ++n);
		sqlite3_bind_text(ins, 2, rec.text, (int)rec.text_len, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die_db(db, "insert");
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	jsonl_close(r);
	if (rc < 0)
		return 2;
	exec(db, "COMMIT");
	/* Merge the segments into one b-tree, as unindex ends with one segment. */
	exec(db, "INSERT INTO t(t) VALUES ('optimize')");
	if (sqlite3_close(db) != SQLITE_OK)
		die_db(db, "close");
	fprintf(stderr, "fts5_driver: %ld clauses in %.2f s\n", n, (now_us() - t0) / 1e6);
	return 0;
}

/* Appends s[0..n) to out, which has room: translations grow a query by at
 * most 3 bytes per word plus " NOT " per negated word (< 4x the input). */
static char *put(char *o, const char *s, size_t n)
{
	memmove(o, s, n);
	return o + n;
}

/* unsearch syntax -> FTS5: words and prefixes are quoted ("w", "w"*),
 * phrases are kept, OR is kept, -word becomes a trailing NOT "word" (FTS5 has
 * no unary NOT; NOT binds tighter than AND, so "a b NOT c" = a AND b AND NOT c). */
static void translate(const char *q, char *out)
{
	char *o = out, *neg = out + 4 * strlen(q) + 64, *n0 = neg;
	const char *p = q;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (*p == '"') {
			const char *e = strchr(p + 1, '"');
			size_t len = e ? (size_t)(e - p) + 1 : strlen(p);
			o = put(o, p, len);
			if (!e)
				*o++ = '"';
			*o++ = ' ';
			p += len;
			continue;
		}
		const char *s = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		size_t len = (size_t)(p - s);
		if (len == 2 && !memcmp(s, "OR", 2)) {
			o = put(o, "OR ", 3);
			continue;
		}
		int negated = *s == '-' && len > 1;
		if (negated)
			s++, len--;
		int prefix = s[len - 1] == '*';
		if (prefix)
			len--;
		char **dst = negated ? &neg : &o;
		if (negated)
			*dst = put(*dst, "NOT ", 4);
		*(*dst)++ = '"';
		*dst = put(*dst, s, len);
		*(*dst)++ = '"';
		if (prefix)
			*(*dst)++ = '*';
		*(*dst)++ = ' ';
	}
	o = put(o, n0, (size_t)(neg - n0));
	while (o > out && o[-1] == ' ')
		o--;
	*o = '\0';
}

/* The words of q joined by " OR " into out (room for strlen(q) * 4 + 1). */
static void join_or(const char *q, char *out)
{
	char *o = out;
	const char *p = q;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (o > out)
			o = put(o, " OR ", 4);
		while (*p && *p != ' ' && *p != '\t')
			*o++ = *p++;
	}
	*o = '\0';
}

/* Steps st (bound) to its end, counting rows whose rowid is not among
 * skip[0..n_skip) into *hits (stopping at 10) and, if keep, storing them in
 * skip. Returns the last sqlite3_step code. */
static int step_rows(sqlite3_stmt *st, sqlite3_int64 *skip, int n_skip, int keep, int *hits)
{
	int rc = SQLITE_DONE;
	while (*hits < 10 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		int seen = 0;
		for (int i = 0; i < n_skip && !seen; i++)
			seen = skip[i] == id;
		if (seen)
			continue;
		if (keep)
			skip[*hits] = id;
		(*hits)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

static int cmd_search(const char *db_path, const char *queries, int repeat, int fill)
{
	FILE *f = fopen(queries, "r");
	if (!f) {
		perror(queries);
		return 2;
	}
	sqlite3 *db;
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die_db(db, db_path);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 10",
			       -1, &st, NULL))
		die_db(db, "prepare search");
	sqlite3_stmt *more;
	if (sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?",
			       -1, &more, NULL))
		die_db(db, "prepare fill");
	char *line = NULL, *fq = NULL, *or_line = NULL, *or_fq = NULL;
	size_t cap = 0;
	ssize_t len;
	int status = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		fq = realloc(fq, 8 * (size_t)len + 128);
		if (!fq)
			return 2;
		translate(line, fq);
		if (fill) {
			or_line = realloc(or_line, 4 * (size_t)len + 1);
			or_fq = realloc(or_fq, 32 * (size_t)len + 128);
			if (!or_line || !or_fq)
				return 2;
			join_or(line, or_line);
			translate(or_line, or_fq);
		}
		int hits = 0, runs = 0;
		double total = 0, cpu = 0;
		for (int run = 0;; run++) {
			double t0 = now_us(), c0 = clock_us(CLOCK_PROCESS_CPUTIME_ID);
			sqlite3_int64 full[10];
			int n_full = 0;
			sqlite3_bind_text(st, 1, fq, -1, SQLITE_STATIC);
			hits = 0;
			int rc = step_rows(st, full, 0, 1, &hits);
			if (rc == SQLITE_DONE && fill && hits < 10) {
				n_full = hits;
				sqlite3_bind_text(more, 1, or_fq, -1, SQLITE_STATIC);
				sqlite3_bind_int(more, 2, 10 + n_full);
				rc = step_rows(more, full, n_full, 0, &hits);
			}
			if (rc != SQLITE_DONE) {
				fprintf(stderr, "fts5_driver: %s: %s\n", fq, sqlite3_errmsg(db));
				hits = -1;
				status = 1;
			}
			double dt = now_us() - t0;
			double dc = clock_us(CLOCK_PROCESS_CPUTIME_ID) - c0;
			if (repeat == 0) {
				total = dt, cpu = dc, runs = 1;
				break;
			}
			if (run > 0)
				total += dt, cpu += dc, runs++;
			if (runs >= repeat || (runs >= 5 && total > 1e6))
				break;
		}
		printf("%.1f\t%.1f\t%d\t%s\n", total / runs, cpu / runs, hits, line);
	}
	free(line);
	free(fq);
	free(or_line);
	free(or_fq);
	fclose(f);
	sqlite3_finalize(st);
	sqlite3_finalize(more);
	sqlite3_close(db);
	return status;
}

static int cmd_stats(const char *db_path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die_db(db, db_path);
	if (sqlite3_prepare_v2(db, "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC",
			       -1, &st, NULL))
		die_db(db, "dbstat");
	while (sqlite3_step(st) == SQLITE_ROW)
		printf("%s\t%lld\n", sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "index"))
		return cmd_index(argv[2], argv[3]);
	int fill = argc == 6 && !strcmp(argv[5], "fill");
	if ((argc == 4 || argc == 5 || fill) && !strcmp(argv[1], "search")) {
		int repeat = argc >= 5 ? atoi(argv[4]) : 1;
		return cmd_search(argv[2], argv[3], repeat > 0 ? repeat : 0, fill);
	}
	if (argc == 3 && !strcmp(argv[1], "stats"))
		return cmd_stats(argv[2]);
	fprintf(stderr, "usage: fts5_driver index EXPORT.jsonl DB\n"
			"       fts5_driver search DB QUERIES.txt [REPEAT [fill]]\n"
			"       fts5_driver stats DB\n");
	return 2;
}
