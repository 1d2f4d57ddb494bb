/* test_group.c: grouping and facets (group.c) on an index of corpus/,
 * against the clause and document records read directly: every hit lands
 * in its own resolution's group, groups and their hits are in order, and
 * facet counts add up per value. */
#include <stdlib.h>

#include "analyzer.h"
#include "build.h"
#include "group.h"
#include "harness.h"
#include "index.h"
#include "reference.h"

static struct test_env env;

/* Every clause of the index as a hit, scored by a made-up function of its
 * id so that the order inside groups is known. */
static struct eval_hit *all_hits(struct index *ix, size_t *n)
{
	uint32_t c = index_stats(ix)->n_clauses;
	struct eval_hit *h = malloc((c ? c : 1) * sizeof *h);

	for (uint32_t i = 0; h && i < c; i++)
		h[i] = (struct eval_hit){ .clause = i, .score = (double)((i * 7919u) % 101u) };
	*n = h ? c : 0;
	return h;
}

static void test_names(struct harness *h)
{
	static const char *const names[] = { "session", "year", "kind", "verb", "committee" };

	for (int i = 0; i < 5; i++) {
		CHECK_INT_EQ(h, facet_parse(names[i]), i);
		CHECK_STR_EQ(h, facet_name((enum facet_field)i), names[i]);
	}
	CHECK_INT_EQ(h, facet_parse("color"), -1);
	CHECK_INT_EQ(h, facet_parse(""), -1);
}

static void test_groups_and_facets(struct harness *h)
{
	struct errbuf eb = { "", 0 };
	struct index *ix = NULL;
	struct build_summary sum;
	struct eval_hit *hits = NULL;
	struct resolution_group *g = NULL;
	struct facet_count *c = NULL;
	size_t n = 0, n_g = 0, n_c = 0, total = 0;
	char dir[128];

	snprintf(dir, sizeof dir, "%s/ix", env.tmp_dir);
	if (test_build_index(harness_corpus_dir(), dir, (size_t)64 << 20, &sum, &eb) ||
	    index_open(dir, &ix, &eb)) {
		harness_fail(h, __FILE__, __LINE__, "index: %s", eb.msg);
		goto out;
	}
	hits = all_hits(ix, &n);
	CHECK_INT_EQ(h, group_by_resolution(ix, hits, n, &g, &n_g, &eb), 0);
	CHECK_INT_EQ(h, n_g, index_stats(ix)->n_docs);
	for (size_t i = 0; i < n_g; i++) {
		total += g[i].n;
		CHECK(h, i == 0 || g[i - 1].best >= g[i].best);
		CHECK(h, g[i].best == hits[g[i].first].score);
		for (size_t j = g[i].first; j < g[i].first + g[i].n; j++) {
			struct clause_info ci;
			CHECK_INT_EQ(h, index_clause(ix, hits[j].clause, &ci, &eb), 0);
			CHECK_INT_EQ(h, ci.doc, g[i].doc);
			CHECK(h, j == g[i].first || hits[j - 1].score >= hits[j].score);
		}
	}
	CHECK_INT_EQ(h, total, n);

	/* Sessions: 74/29's 21 clauses and the UDHR's 65 (its "Artículo N"
	 * headings belong to their articles, not clauses of their own), most
	 * first. */
	CHECK_INT_EQ(h, facet_count(ix, hits, n, FACET_SESSION, &c, &n_c, &eb), 0);
	CHECK_INT_EQ(h, n_c, 2);
	if (n_c == 2) {
		CHECK_STR_EQ(h, c[0].value, "3");
		CHECK_INT_EQ(h, c[0].count, 65);
		CHECK_INT_EQ(h, c[1].number, 74);
		CHECK_INT_EQ(h, c[1].count, 21);
	}
	facet_free(c, n_c);
	/* Kinds: the counts add up to every clause. */
	c = NULL;
	CHECK_INT_EQ(h, facet_count(ix, hits, n, FACET_KIND, &c, &n_c, &eb), 0);
	total = 0;
	for (size_t i = 0; i < n_c; i++)
		total += c[i].count;
	CHECK_INT_EQ(h, total, n);
	facet_free(c, n_c);
	/* Openers by the lemma the indexer stored: 74/29's one "Considerando"
	 * and the UDHR's seven, 74/29's "Acoge con beneplácito" once. */
	c = NULL;
	CHECK_INT_EQ(h, facet_count(ix, hits, n, FACET_VERB, &c, &n_c, &eb), 0);
	{
		size_t considerar = 0, acoger = 0;
		for (size_t i = 0; i < n_c; i++) {
			if (strcmp(c[i].value, "considerar") == 0)
				considerar = c[i].count;
			if (strcmp(c[i].value, "acoger con beneplácito") == 0)
				acoger = c[i].count;
		}
		CHECK_INT_EQ(h, considerar, 8);
		CHECK_INT_EQ(h, acoger, 1);
	}
	facet_free(c, n_c);
out:
	free(g);
	free(hits);
	index_close(ix);
}

int main(int argc, char **argv)
{
	struct harness h = HARNESS_INIT("test_group");

	if (test_env_init(&env, "test_group", argc > 0 ? argv[0] : NULL))
		return 1;
	HARNESS_RUN(&h, test_names);
	HARNESS_RUN(&h, test_groups_and_facets);
	test_env_release(&env);
	return harness_finish(&h);
}
