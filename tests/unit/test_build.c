/* test_build.c: the whole indexing pipeline (build_index) checked against
 * an independent in-memory reference. The reference walks the same paths,
 * parses every file with resparse_parse and analyses every clause with
 * analyzer_run, keeping each (term, clause, position); the index that
 * build_index writes must hold exactly those postings, positions, clause
 * lengths and clause texts. Run on the bundled corpus and on a generated
 * corpus indexed under a tiny memory budget, so that many runs are merged. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer.h"
#include "buf.h"
#include "build.h"
#include "err.h"
#include "harness.h"
#include "index.h"
#include "readfile.h"
#include "resparse.h"
#include "walk.h"
#include "xalloc.h"

/* One token occurrence of the reference. term points into the analyzer's
 * cache (valid until analyzer_free). */
struct occ {
	const char *term;
	uint32_t clause, position;
};

struct ref_clause {
	uint32_t n_tokens;
	char *text;
	size_t text_len;
	char label[CLAUSE_LABEL_MAX];
	unsigned kind;
};

struct reference {
	struct analyzer *an;
	struct occ *occ;
	size_t n_occ, occ_cap;
	struct ref_clause *clauses;
	size_t n_clauses, clauses_cap;
	size_t n_docs, n_resolutions;
	uint64_t n_tokens;
	size_t n_terms; /* distinct terms, after ref_finish */
	char **paths;
	size_t n_paths, paths_cap;
};

static int ref_walk_file(void *ctx, const char *path, const struct stat *st)
{
	struct reference *r = ctx;

	(void)st;
	r->paths = xgrow(r->paths, &r->paths_cap, r->n_paths + 1, sizeof *r->paths);
	r->paths[r->n_paths++] = xstrdup(path);
	return 0;
}

struct tok_ctx {
	struct reference *r;
	uint32_t clause, n;
};

static int ref_token(void *ctx, const struct token *t)
{
	struct tok_ctx *tc = ctx;
	struct reference *r = tc->r;

	r->occ = xgrow(r->occ, &r->occ_cap, r->n_occ + 1, sizeof *r->occ);
	r->occ[r->n_occ++] = (struct occ){ t->term, tc->clause, t->position };
	tc->n++;
	return 0;
}

static int occ_cmp(const void *a, const void *b)
{
	const struct occ *x = a, *y = b;
	int c = strcmp(x->term, y->term);

	if (c)
		return c;
	if (x->clause != y->clause)
		return x->clause < y->clause ? -1 : 1;
	return (x->position > y->position) - (x->position < y->position);
}

/* Build the reference for the files under dir, in walk order. */
static int ref_build(struct reference *r, const char *dir)
{
	char *paths[1] = { (char *)dir };
	struct errbuf eb;

	memset(r, 0, sizeof *r);
	if (!(r->an = analyzer_new(&eb)))
		return -1;
	walk_paths(paths, 1, ref_walk_file, NULL, r, NULL, &eb);
	for (size_t f = 0; f < r->n_paths; f++) {
		char *data;
		size_t len;
		struct resolution res;

		if (file_read_all(r->paths[f], BUILD_MAX_FILE_BYTES, &data, &len, &eb))
			continue;
		if (resparse_parse(data, len, &res, NULL, NULL, &eb)) {
			free(data);
			continue;
		}
		free(data);
		r->n_docs++;
		r->n_resolutions += res.is_resolution ? 1 : 0;
		for (size_t i = 0; i < res.n_clauses; i++) {
			const struct clause *c = &res.clauses[i];
			struct tok_ctx tc = { r, (uint32_t)r->n_clauses, 0 };
			struct ref_clause *rc;

			analyzer_run(r->an, res.text + c->text_start, c->text_len, 0,
			             ref_token, &tc);
			r->clauses = xgrow(r->clauses, &r->clauses_cap, r->n_clauses + 1,
			                   sizeof *r->clauses);
			rc = &r->clauses[r->n_clauses++];
			rc->n_tokens = tc.n;
			rc->text = xstrndup(res.text + c->text_start, c->text_len);
			rc->text_len = c->text_len;
			memcpy(rc->label, c->label, sizeof rc->label);
			rc->kind = c->kind;
			r->n_tokens += tc.n;
		}
		resolution_release(&res);
	}
	qsort(r->occ, r->n_occ, sizeof *r->occ, occ_cmp);
	for (size_t i = 0; i < r->n_occ; i++)
		if (i == 0 || strcmp(r->occ[i].term, r->occ[i - 1].term) != 0)
			r->n_terms++;
	return 0;
}

static void ref_free(struct reference *r)
{
	for (size_t i = 0; i < r->n_clauses; i++)
		free(r->clauses[i].text);
	for (size_t i = 0; i < r->n_paths; i++)
		free(r->paths[i]);
	free(r->clauses);
	free(r->paths);
	free(r->occ);
	analyzer_free(r->an);
}

/* Index dir into ix_dir with build_index and the given budget. */
static int build(struct harness *h, const char *dir, const char *ix_dir,
                 size_t budget, struct build_summary *sum)
{
	char *paths[1] = { (char *)dir };
	struct build_config cfg = { 0 };
	struct errbuf eb = { "", 0 };
	int rc;

	cfg.index_dir = ix_dir;
	cfg.paths = paths;
	cfg.n_paths = 1;
	cfg.memory_budget = budget;
	cfg.warn = NULL;
	rc = build_index(&cfg, sum, &eb);
	if (rc)
		harness_fail(h, __FILE__, __LINE__, "build_index %s: %s", dir, eb.msg);
	return rc;
}

/* Compare every term's postings and positions, and every clause, of the
 * index in ix_dir with the reference. */
static void compare(struct harness *h, const struct reference *r,
                    const char *ix_dir)
{
	struct index *ix = NULL;
	struct errbuf eb = { "", 0 };
	const struct index_stats *st;
	struct buf text = BUF_INIT;
	size_t o = 0; /* cursor into r->occ */
	int bad = 0;

	if (index_open(ix_dir, &ix, &eb)) {
		harness_fail(h, __FILE__, __LINE__, "index_open: %s", eb.msg);
		return;
	}
	st = index_stats(ix);
	CHECK_INT_EQ(h, st->n_terms, r->n_terms);
	CHECK_INT_EQ(h, st->n_clauses, r->n_clauses);
	CHECK_INT_EQ(h, st->n_docs, r->n_docs);
	CHECK_INT_EQ(h, st->n_tokens, r->n_tokens);

	for (uint32_t t = 0; t < st->n_terms && o < r->n_occ && bad < 5; t++) {
		struct term_info ti;
		struct posting_reader pr;
		char term[256];
		uint32_t df = 0;
		int more;

		if (index_term_info(ix, t, &ti, &eb)) {
			harness_fail(h, __FILE__, __LINE__, "term %u: %s", t, eb.msg);
			bad++;
			break;
		}
		snprintf(term, sizeof term, "%.*s", (int)ti.term_len, ti.term);
		if (strcmp(term, r->occ[o].term) != 0) {
			harness_fail(h, __FILE__, __LINE__, "term %u is '%s', reference '%s'",
			             t, term, r->occ[o].term);
			bad++;
			break;
		}
		if (posting_reader_open(ix, t, &pr, &eb)) {
			harness_fail(h, __FILE__, __LINE__, "open postings of '%s': %s",
			             term, eb.msg);
			bad++;
			break;
		}
		while ((more = posting_reader_next(&pr, &eb)) == 0) {
			const uint32_t *pos;
			size_t n_pos;
			uint32_t tf = 0;

			df++;
			if (o >= r->n_occ || strcmp(r->occ[o].term, term) != 0 ||
			    r->occ[o].clause != pr.clause) {
				harness_fail(h, __FILE__, __LINE__,
				             "'%s': posting clause %u, reference %s clause %u",
				             term, pr.clause, o < r->n_occ ? r->occ[o].term : "(end)",
				             o < r->n_occ ? r->occ[o].clause : 0);
				bad++;
				break;
			}
			if (posting_reader_positions(&pr, &pos, &n_pos, &eb)) {
				harness_fail(h, __FILE__, __LINE__, "positions of '%s' in %u: %s",
				             term, pr.clause, eb.msg);
				bad++;
				break;
			}
			for (size_t k = 0; o < r->n_occ && strcmp(r->occ[o].term, term) == 0 &&
			                   r->occ[o].clause == pr.clause; k++, o++, tf++) {
				if (k >= n_pos || pos[k] != r->occ[o].position) {
					harness_fail(h, __FILE__, __LINE__,
					             "'%s' clause %u position #%zu: %u, reference %u",
					             term, pr.clause, k, k < n_pos ? pos[k] : 0,
					             r->occ[o].position);
					bad++;
				}
			}
			if (pr.tf != tf || n_pos != tf) {
				harness_fail(h, __FILE__, __LINE__,
				             "'%s' clause %u: tf %u, %zu positions, reference tf %u",
				             term, pr.clause, pr.tf, n_pos, tf);
				bad++;
			}
			if (bad)
				break;
		}
		if (more < 0) {
			harness_fail(h, __FILE__, __LINE__, "postings of '%s': %s", term, eb.msg);
			bad++;
		}
		if (!bad && o < r->n_occ && strcmp(r->occ[o].term, term) == 0) {
			harness_fail(h, __FILE__, __LINE__,
			             "'%s': postings end before reference clause %u", term,
			             r->occ[o].clause);
			bad++;
		}
		if (!bad && ti.df != df) {
			harness_fail(h, __FILE__, __LINE__, "'%s': df %u, %u postings read",
			             term, ti.df, df);
			bad++;
		}
		posting_reader_release(&pr);
	}
	if (!bad)
		CHECK_INT_EQ(h, o, r->n_occ);

	for (uint32_t c = 0; c < r->n_clauses && c < st->n_clauses; c++) {
		struct clause_info ci;
		const struct ref_clause *rc = &r->clauses[c];

		if (index_clause_len(ix, c) != rc->n_tokens) {
			harness_fail(h, __FILE__, __LINE__, "clause %u length %u, reference %u",
			             c, index_clause_len(ix, c), rc->n_tokens);
			break;
		}
		buf_reset(&text);
		if (index_clause_text(ix, c, &text, &eb)) {
			harness_fail(h, __FILE__, __LINE__, "text of clause %u: %s", c, eb.msg);
			break;
		}
		if (text.len != rc->text_len || memcmp(text.data, rc->text, text.len)) {
			harness_fail(h, __FILE__, __LINE__, "text of clause %u differs: \"%.60s\" vs \"%.60s\"",
			             c, text.len ? text.data : "", rc->text);
			break;
		}
		if (index_clause(ix, c, &ci, &eb)) {
			harness_fail(h, __FILE__, __LINE__, "clause %u: %s", c, eb.msg);
			break;
		}
		if (strcmp(ci.label, rc->label) != 0 || ci.kind != rc->kind ||
		    ci.n_tokens != rc->n_tokens || ci.text_len != rc->text_len) {
			harness_fail(h, __FILE__, __LINE__,
			             "clause %u: label %s kind %u, reference %s kind %u",
			             c, ci.label, ci.kind, rc->label, rc->kind);
			break;
		}
	}
	buf_release(&text);
	index_close(ix);
}

static char tmp_dir[64];
static const char *gencorpus = "build/bin/gencorpus";

static void test_corpus_matches_reference(struct harness *h)
{
	struct reference r;
	struct build_summary sum;
	char ix[128];

	CHECK(h, ref_build(&r, harness_corpus_dir()) == 0);
	snprintf(ix, sizeof ix, "%s/corpus-ix", tmp_dir);
	if (build(h, harness_corpus_dir(), ix, (size_t)256 << 20, &sum) == 0) {
		CHECK_INT_EQ(h, sum.resolutions, 2);
		CHECK_INT_EQ(h, sum.resolutions, r.n_resolutions);
		CHECK_INT_EQ(h, sum.clauses, r.n_clauses);
		CHECK_INT_EQ(h, sum.tokens, r.n_tokens);
		CHECK_INT_EQ(h, sum.warnings, 0);
		compare(h, &r, ix);
	}
	/* The bundled corpus: 21 clauses in 74/29, and stop words are indexed. */
	CHECK(h, r.n_clauses > 100);
	CHECK(h, r.n_terms > 500);
	ref_free(&r);
}

static void test_corpus_tiny_budget(struct harness *h)
{
	struct reference r;
	struct build_summary sum;
	char ix[128];

	CHECK(h, ref_build(&r, harness_corpus_dir()) == 0);
	snprintf(ix, sizeof ix, "%s/corpus-ix-tiny", tmp_dir);
	if (build(h, harness_corpus_dir(), ix, 4096, &sum) == 0) {
		CHECK(h, sum.runs > 1);
		compare(h, &r, ix);
	}
	ref_free(&r);
}

/* A generated corpus (1 MiB: 2 MiB takes too long while the indexer
 * writes one run per clause once its vocabulary passes the budget) under a
 * 64 KiB budget: thousands of runs merged. */
static void test_generated_many_runs(struct harness *h)
{
	struct reference r;
	struct build_summary sum;
	char cmd[512], dir[128], ix[128];

	snprintf(dir, sizeof dir, "%s/gen", tmp_dir);
	snprintf(ix, sizeof ix, "%s/gen-ix", tmp_dir);
	snprintf(cmd, sizeof cmd, "%s -o %s -s 11 -m 1 >/dev/null 2>&1", gencorpus, dir);
	if (system(cmd) != 0) {
		harness_fail(h, __FILE__, __LINE__, "%s failed", cmd);
		return;
	}
	CHECK(h, ref_build(&r, dir) == 0);
	CHECK(h, r.n_clauses > 1000);
	if (build(h, dir, ix, (size_t)64 << 10, &sum) == 0) {
		CHECK(h, sum.runs > 10);
		CHECK_INT_EQ(h, sum.clauses, r.n_clauses);
		CHECK_INT_EQ(h, sum.tokens, r.n_tokens);
		compare(h, &r, ix);
	}
	ref_free(&r);
}

int main(int argc, char **argv)
{
	struct harness h = HARNESS_INIT("test_build");
	static char gen[4096];
	char cmd[128];
	int rc;

	/* gencorpus sits in ../bin next to this binary's directory. */
	if (argc > 0 && strrchr(argv[0], '/')) {
		snprintf(gen, sizeof gen, "%.*s/../bin/gencorpus",
		         (int)(strrchr(argv[0], '/') - argv[0]), argv[0]);
		if (access(gen, X_OK) == 0)
			gencorpus = gen;
	}
	snprintf(tmp_dir, sizeof tmp_dir, "/tmp/test_build.XXXXXX");
	if (!mkdtemp(tmp_dir)) {
		printf("FAIL test_build:setup: mkdtemp failed\n");
		return 1;
	}
	HARNESS_RUN(&h, test_corpus_matches_reference);
	HARNESS_RUN(&h, test_corpus_tiny_budget);
	HARNESS_RUN(&h, test_generated_many_runs);
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmp_dir);
	rc = system(cmd);
	(void)rc;
	return harness_finish(&h);
}
