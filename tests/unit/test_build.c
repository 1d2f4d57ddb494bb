/* test_build.c: the whole indexing pipeline (build_index) checked against
 * an independent in-memory reference (tests/reference.h: the same paths
 * walked, parsed with resparse_parse and analysed with analyzer_run),
 * flattened here into each (term, clause, position); the index that
 * build_index writes must hold exactly those postings, positions, clause
 * lengths and clause texts. Run on the bundled corpus and on a generated
 * corpus indexed under a tiny memory budget, so that many runs are merged. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "build.h"
#include "err.h"
#include "harness.h"
#include "index.h"
#include "reference.h"
#include "xalloc.h"

static struct test_env env;

/* One token occurrence of the reference. term points into the reference's
 * analyzer cache (valid until reference_free). */
struct occ {
	const char *term;
	uint32_t clause, position;
};

/* The postings the index must hold: every occurrence of the reference,
 * sorted by term, clause, position. occ is owned; free with postings_free. */
struct postings {
	struct occ *occ;
	size_t n_occ;
	size_t n_terms; /* distinct terms */
};

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

static void postings_build(struct postings *p, const struct reference *r)
{
	size_t n = 0;

	p->occ = xmalloc((r->n_tokens ? r->n_tokens : 1) * sizeof *p->occ);
	for (size_t c = 0; c < r->n_clauses; c++)
		for (uint32_t k = 0; k < r->clauses[c].n_tokens; k++)
			p->occ[n++] = (struct occ){ r->clauses[c].tokens[k].term,
			                            (uint32_t)c,
			                            r->clauses[c].tokens[k].position };
	p->n_occ = n;
	qsort(p->occ, p->n_occ, sizeof *p->occ, occ_cmp);
	p->n_terms = 0;
	for (size_t i = 0; i < p->n_occ; i++)
		if (i == 0 || strcmp(p->occ[i].term, p->occ[i - 1].term) != 0)
			p->n_terms++;
}

static void postings_free(struct postings *p)
{
	free(p->occ);
}

/* The reference of dir and its postings; both freed by corpus_ref_free. */
struct corpus_ref {
	struct reference r;
	struct postings p;
};

static int corpus_ref_build(struct corpus_ref *cr, const char *dir)
{
	int rc = reference_build(&cr->r, dir);

	postings_build(&cr->p, &cr->r);
	return rc;
}

static void corpus_ref_free(struct corpus_ref *cr)
{
	postings_free(&cr->p);
	reference_free(&cr->r);
}

/* Index dir into ix_dir with build_index and the given budget. */
static int build(struct harness *h, const char *dir, const char *ix_dir,
                 size_t budget, struct build_summary *sum)
{
	struct errbuf eb = { "", 0 };
	int rc = test_build_index(dir, ix_dir, budget, sum, &eb);

	if (rc)
		harness_fail(h, __FILE__, __LINE__, "build_index %s: %s", dir, eb.msg);
	return rc;
}

/* Compare every term's postings and positions, and every clause, of the
 * index in ix_dir with the reference. */
static void compare(struct harness *h, const struct corpus_ref *cr,
                    const char *ix_dir)
{
	const struct reference *r = &cr->r;
	const struct postings *p = &cr->p;
	struct index *ix = NULL;
	struct errbuf eb = { "", 0 };
	const struct index_stats *st;
	struct buf text = BUF_INIT;
	size_t o = 0; /* cursor into p->occ */
	int bad = 0;

	if (index_open(ix_dir, &ix, &eb)) {
		harness_fail(h, __FILE__, __LINE__, "index_open: %s", eb.msg);
		return;
	}
	st = index_stats(ix);
	CHECK_INT_EQ(h, st->n_terms, p->n_terms);
	CHECK_INT_EQ(h, st->n_clauses, r->n_clauses);
	CHECK_INT_EQ(h, st->n_docs, r->n_docs);
	CHECK_INT_EQ(h, st->n_tokens, r->n_tokens);

	for (uint32_t t = 0; t < st->n_terms && o < p->n_occ && bad < 5; t++) {
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
		if (strcmp(term, p->occ[o].term) != 0) {
			harness_fail(h, __FILE__, __LINE__, "term %u is '%s', reference '%s'",
			             t, term, p->occ[o].term);
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
			if (o >= p->n_occ || strcmp(p->occ[o].term, term) != 0 ||
			    p->occ[o].clause != pr.clause) {
				harness_fail(h, __FILE__, __LINE__,
				             "'%s': posting clause %u, reference %s clause %u",
				             term, pr.clause, o < p->n_occ ? p->occ[o].term : "(end)",
				             o < p->n_occ ? p->occ[o].clause : 0);
				bad++;
				break;
			}
			if (posting_reader_positions(&pr, &pos, &n_pos, &eb)) {
				harness_fail(h, __FILE__, __LINE__, "positions of '%s' in %u: %s",
				             term, pr.clause, eb.msg);
				bad++;
				break;
			}
			for (size_t k = 0; o < p->n_occ && strcmp(p->occ[o].term, term) == 0 &&
			                   p->occ[o].clause == pr.clause; k++, o++, tf++) {
				if (k >= n_pos || pos[k] != p->occ[o].position) {
					harness_fail(h, __FILE__, __LINE__,
					             "'%s' clause %u position #%zu: %u, reference %u",
					             term, pr.clause, k, k < n_pos ? pos[k] : 0,
					             p->occ[o].position);
					bad++;
				}
			}
			if (posting_reader_tf(&pr) != tf || n_pos != tf) {
				harness_fail(h, __FILE__, __LINE__,
				             "'%s' clause %u: tf %u, %zu positions, reference tf %u",
				             term, pr.clause, posting_reader_tf(&pr), n_pos, tf);
				bad++;
			}
			if (bad)
				break;
		}
		if (more < 0) {
			harness_fail(h, __FILE__, __LINE__, "postings of '%s': %s", term, eb.msg);
			bad++;
		}
		if (!bad && o < p->n_occ && strcmp(p->occ[o].term, term) == 0) {
			harness_fail(h, __FILE__, __LINE__,
			             "'%s': postings end before reference clause %u", term,
			             p->occ[o].clause);
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
		CHECK_INT_EQ(h, o, p->n_occ);

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
		    ci.n_tokens != rc->n_tokens || ci.text_len != rc->text_len ||
		    ci.line != rc->line || !ci.verb_lemma != !rc->lemma ||
		    (rc->lemma && strcmp(ci.verb_lemma, rc->lemma) != 0)) {
			harness_fail(h, __FILE__, __LINE__,
			             "clause %u: label %s kind %u line %u lemma %s, "
			             "reference %s kind %u line %u lemma %s",
			             c, ci.label, ci.kind, ci.line,
			             ci.verb_lemma ? ci.verb_lemma : "-", rc->label, rc->kind,
			             rc->line, rc->lemma ? rc->lemma : "-");
			break;
		}
	}
	buf_release(&text);
	index_close(ix);
}

static void test_corpus_matches_reference(struct harness *h)
{
	struct corpus_ref cr;
	struct build_summary sum;
	char ix[128];

	CHECK(h, corpus_ref_build(&cr, harness_corpus_dir()) == 0);
	snprintf(ix, sizeof ix, "%s/corpus-ix", env.tmp_dir);
	if (build(h, harness_corpus_dir(), ix, (size_t)256 << 20, &sum) == 0) {
		CHECK_INT_EQ(h, sum.resolutions, 2);
		CHECK_INT_EQ(h, sum.resolutions, cr.r.n_resolutions);
		CHECK_INT_EQ(h, sum.clauses, cr.r.n_clauses);
		CHECK_INT_EQ(h, sum.tokens, cr.r.n_tokens);
		CHECK_INT_EQ(h, sum.warnings, 0);
		compare(h, &cr, ix);
	}
	/* The bundled corpus: 21 clauses in 74/29 and 65 in the Declaration
	 * (its "Artículo N" headings are labels, not clauses), and stop words
	 * are indexed. */
	CHECK_INT_EQ(h, cr.r.n_clauses, 86);
	CHECK(h, cr.p.n_terms > 500);
	/* and 23 clauses open with a phrase of the table (8 "Considerando"),
	 * whose lemmas compare() found in the index */
	size_t lemmas = 0;
	for (size_t c = 0; c < cr.r.n_clauses; c++)
		lemmas += cr.r.clauses[c].lemma != NULL;
	CHECK_INT_EQ(h, lemmas, 23);
	corpus_ref_free(&cr);
}

static void test_corpus_tiny_budget(struct harness *h)
{
	struct corpus_ref cr;
	struct build_summary sum;
	char ix[128];

	CHECK(h, corpus_ref_build(&cr, harness_corpus_dir()) == 0);
	snprintf(ix, sizeof ix, "%s/corpus-ix-tiny", env.tmp_dir);
	if (build(h, harness_corpus_dir(), ix, 4096, &sum) == 0) {
		CHECK(h, sum.runs > 1);
		compare(h, &cr, ix);
	}
	corpus_ref_free(&cr);
}

/* Paragraphs of 254, 255, 256 and 600 words, then a short one: lengths
 * that fit SEC_LENGTHS's byte and lengths kept in SEC_LONG_LENGTHS
 * (format.h) read back as the reference counts them. */
static void test_long_clauses(struct harness *h)
{
	static const unsigned words[] = { 254, 255, 256, 600, 3 };
	struct corpus_ref cr;
	struct build_summary sum;
	char dir[128], ix[128], path[160];
	unsigned long_ones = 0;
	FILE *f;

	snprintf(dir, sizeof dir, "%s/long", env.tmp_dir);
	snprintf(ix, sizeof ix, "%s/long-ix", env.tmp_dir);
	snprintf(path, sizeof path, "%s/largo.txt", dir);
	if (mkdir(dir, 0755) || !(f = fopen(path, "w"))) {
		harness_fail(h, __FILE__, __LINE__, "cannot write %s", path);
		return;
	}
	for (size_t p = 0; p < sizeof words / sizeof words[0]; p++) {
		for (unsigned w = 0; w < words[p]; w++)
			fprintf(f, "%s%s", w ? " " : "", w % 3 ? "cooperación" : "desarrollo");
		fputs(".\n\n", f);
	}
	fclose(f);
	CHECK(h, corpus_ref_build(&cr, dir) == 0);
	for (uint32_t c = 0; c < cr.r.n_clauses; c++)
		long_ones += cr.r.clauses[c].n_tokens >= 255;
	CHECK_INT_EQ(h, long_ones, 3);
	if (build(h, dir, ix, (size_t)256 << 20, &sum) == 0)
		compare(h, &cr, ix);
	corpus_ref_free(&cr);
}

/* A generated corpus (1 MiB: 2 MiB takes too long while the indexer
 * writes one run per clause once its vocabulary passes the budget) under a
 * 64 KiB budget: thousands of runs merged. */
static void test_generated_many_runs(struct harness *h)
{
	struct corpus_ref cr;
	struct build_summary sum;
	char dir[128], ix[128];

	snprintf(dir, sizeof dir, "%s/gen", env.tmp_dir);
	snprintf(ix, sizeof ix, "%s/gen-ix", env.tmp_dir);
	if (test_gencorpus(&env, dir, 11, 1)) {
		harness_fail(h, __FILE__, __LINE__, "gencorpus -s 11 -m 1 -o %s failed", dir);
		return;
	}
	CHECK(h, corpus_ref_build(&cr, dir) == 0);
	CHECK(h, cr.r.n_clauses > 1000);
	if (build(h, dir, ix, (size_t)64 << 10, &sum) == 0) {
		CHECK(h, sum.runs > 10);
		CHECK_INT_EQ(h, sum.clauses, cr.r.n_clauses);
		CHECK_INT_EQ(h, sum.tokens, cr.r.n_tokens);
		compare(h, &cr, ix);
	}
	corpus_ref_free(&cr);
}

int main(int argc, char **argv)
{
	struct harness h = HARNESS_INIT("test_build");

	if (test_env_init(&env, "test_build", argc > 0 ? argv[0] : NULL))
		return 1;
	HARNESS_RUN(&h, test_corpus_matches_reference);
	HARNESS_RUN(&h, test_corpus_tiny_budget);
	HARNESS_RUN(&h, test_long_clauses);
	HARNESS_RUN(&h, test_generated_many_runs);
	test_env_release(&env);
	return harness_finish(&h);
}
