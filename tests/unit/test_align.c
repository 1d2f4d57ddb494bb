/* test_align.c: word diffs and clause alignment (query/align.c): small
 * cases worked by hand, then the alignment of every pair of consecutive
 * versions of generated series (gencorpus --series) against the
 * generator's truth: which clause became which, across insertions,
 * deletions, renumbering and edits of a few words. Prints the precision
 * and recall of the alignment as a NOTE line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "../reference.h"
#include "../../query/align.h"
#include "readfile.h"
#include "resparse.h"
#include "xalloc.h"

static struct test_env env;

/* The spans as "=a b|-c|+x" for comparison. */
static void render(const char *old, const char *new_text, const struct word_span *s,
                   size_t n, char *out, size_t cap)
{
	size_t off = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && off < cap; i++) {
		const char *src = s[i].op == SPAN_REMOVED ? old : new_text;
		off += (size_t)snprintf(out + off, cap - off, "%s%c%.*s", i ? "|" : "",
		                        s[i].op == SPAN_SAME ? '=' : s[i].op == SPAN_ADDED ? '+' : '-',
		                        (int)(s[i].end - s[i].start), src + s[i].start);
	}
}

static void check_diff(struct harness *h, const char *old, const char *new_text,
                       const char *want, double want_sim)
{
	struct word_span *s;
	size_t n;
	char got[512];
	double sim = align_word_diff(old, strlen(old), new_text, strlen(new_text), &s, &n);

	render(old, new_text, s, n, got, sizeof got);
	CHECK_STR_EQ(h, got, want);
	if (sim < want_sim - 1e-9 || sim > want_sim + 1e-9)
		harness_fail(h, __FILE__, __LINE__, "[%s] -> [%s]: similarity %f, want %f",
		             old, new_text, sim, want_sim);
	free(s);
}

static void test_word_diff(struct harness *h)
{
	check_diff(h, "a b c d", "a x c d e", "=a|-b|+x|=c d|+e", 6.0 / 9);
	check_diff(h, "Recordando su resolución 73/27,", "Recordando su resolución 73/27,",
	           "=Recordando su resolución 73/27,", 1);
	check_diff(h, "", "Nueva frase", "+Nueva frase", 0);
	check_diff(h, "Frase retirada", "", "-Frase retirada", 0);
	/* Line breaks are white space; punctuation stays on its word. */
	check_diff(h, "de 5 de diciembre de 2018,", "de 12 de\ndiciembre de 2019,",
	           "=de|-5|+12|=de\ndiciembre de|-2018,|+2019,", 8.0 / 12);
}

/* Clause alignment on hand-made lists: an insertion shifts every label,
 * an edit keeps its pair, different groups never pair. */
static void test_align_small(struct harness *h)
{
	const struct align_item a[] = {
		{ "Recordando la resolución 1 de la Asamblea General sobre el tema", 30, 4 },
		{ "Observando con preocupación la situación de los derechos humanos", 65, 4 },
		{ "Decide seguir examinando la cuestión en su próximo período de sesiones", 71, 5 },
	};
	const struct align_item b[] = {
		{ "Acogiendo con beneplácito el informe del Secretario General sobre el tema", 74, 4 },
		{ "Recordando la resolución 1 de la Asamblea General sobre el tema", 30, 4 },
		{ "Observando con honda preocupación la situación de los derechos humanos", 71, 4 },
		{ "Observando con preocupación la situación de los derechos humanos", 65, 5 },
	};
	long a_to_b[3], b_to_a[4];
	double sim[3];

	align_clauses(a, 3, b, 4, a_to_b, b_to_a, sim);
	CHECK_INT_EQ(h, a_to_b[0], 1);
	CHECK_INT_EQ(h, a_to_b[1], 2); /* the edited one, not the other group's copy */
	CHECK_INT_EQ(h, a_to_b[2], -1);
	CHECK_INT_EQ(h, b_to_a[0], -1);
	CHECK_INT_EQ(h, b_to_a[3], -1);
	CHECK(h, sim[0] == 1.0 && sim[1] > 0.8 && sim[1] < 1.0);
}

/* One parsed version: its clauses and truth ids by clause. */
struct version {
	char symbol[32];
	struct resolution res;
	struct align_item *items;
	size_t *clause;  /* items[k] is res.clauses[clause[k]] */
	int *id;         /* truth id per item, -2 unknown */
	const char **status;
	int *edits;
	size_t n;
};

static int load_version(struct version *v, const char *dir, const char *symbol)
{
	char path[4096], *data;
	size_t len;
	int session, number;
	struct errbuf eb;

	sscanf(symbol, "%d/%d", &session, &number);
	snprintf(v->symbol, sizeof v->symbol, "%s", symbol);
	snprintf(path, sizeof path, "%s/series/A_RES_%d_%d.txt", dir, session, number);
	if (file_read_all(path, 1 << 24, &data, &len, &eb))
		return -1;
	if (resparse_parse(data, len, &v->res, NULL, NULL, &eb)) {
		free(data);
		return -1;
	}
	free(data);
	v->items = xcalloc(v->res.n_clauses + 1, sizeof *v->items);
	v->clause = xcalloc(v->res.n_clauses + 1, sizeof *v->clause);
	v->id = xcalloc(v->res.n_clauses + 1, sizeof *v->id);
	v->status = xcalloc(v->res.n_clauses + 1, sizeof *v->status);
	v->edits = xcalloc(v->res.n_clauses + 1, sizeof *v->edits);
	v->n = 0;
	for (size_t i = 0; i < v->res.n_clauses; i++) {
		const struct clause *c = &v->res.clauses[i];
		if (c->kind != CLAUSE_PREAMBULAR && c->kind != CLAUSE_OPERATIVE)
			continue;
		v->items[v->n] = (struct align_item){ v->res.text + c->text_start, c->text_len,
		                                      (int)c->kind };
		v->clause[v->n] = i;
		v->id[v->n++] = -2;
	}
	return 0;
}

static void version_release(struct version *v)
{
	resolution_release(&v->res);
	free(v->items);
	free(v->clause);
	free(v->id);
	free(v->status);
	free(v->edits);
}

/* Fill v's truth ids from the "clause" lines of the truth file. */
static void load_truth(struct version *v, FILE *truth)
{
	char line[512], sym[32], label[32], status[16];
	int id, edits;

	rewind(truth);
	while (fgets(line, sizeof line, truth))
		if (sscanf(line, "clause\t%31s\t%31s\t%d\t%15s\t%d", sym, label, &id, status,
		           &edits) == 5 && strcmp(sym, v->symbol) == 0)
			for (size_t k = 0; k < v->n; k++)
				if (strcmp(v->res.clauses[v->clause[k]].label, label) == 0) {
					v->id[k] = id;
					v->status[k] = strcmp(status, "unchanged") == 0 ? "unchanged"
					             : strcmp(status, "edited") == 0 ? "edited" : "new";
					v->edits[k] = edits;
				}
}

struct tally {
	size_t aligned_right, aligned_wrong, truth_pairs;
	size_t unchanged, unchanged_found, edited, edited_found, citing, citing_found;
	size_t renumbered, renumbered_found, new_clauses, new_left_alone;
	size_t unknown;
};

static void tally_pair(struct tally *t, const struct version *a, const struct version *b)
{
	long *a_to_b = xcalloc(a->n + 1, sizeof *a_to_b), *b_to_a = xcalloc(b->n + 1, sizeof *b_to_a);
	double *sim = xcalloc(a->n + 1, sizeof *sim);

	align_clauses(a->items, a->n, b->items, b->n, a_to_b, b_to_a, sim);
	for (size_t j = 0; j < b->n; j++) {
		long truth = -1;
		if (b->id[j] == -2) {
			t->unknown++;
			continue;
		}
		for (size_t i = 0; i < a->n; i++)
			if (a->id[i] == b->id[j])
				truth = (long)i;
		if (b_to_a[j] >= 0 && b_to_a[j] == truth)
			t->aligned_right++;
		else if (b_to_a[j] >= 0)
			t->aligned_wrong++;
		if (truth < 0) {
			t->new_clauses++;
			t->new_left_alone += b_to_a[j] < 0;
			continue;
		}
		t->truth_pairs++;
		if (strcmp(a->res.clauses[a->clause[truth]].label,
		           b->res.clauses[b->clause[j]].label) != 0) {
			t->renumbered++;
			t->renumbered_found += b_to_a[j] == truth;
		}
		if (b->edits[j] < 0) {
			t->citing++;
			t->citing_found += b_to_a[j] == truth;
		} else if (b->edits[j] == 0) {
			t->unchanged++;
			t->unchanged_found += b_to_a[j] == truth;
		} else {
			t->edited++;
			t->edited_found += b_to_a[j] == truth;
		}
	}
	free(a_to_b);
	free(b_to_a);
	free(sim);
}

static void test_series_alignment(struct harness *h)
{
	char dir[128], path[256], line[4096];
	FILE *truth;
	struct tally t;
	size_t series = 0;

	memset(&t, 0, sizeof t);
	snprintf(dir, sizeof dir, "%s/series", env.tmp_dir);
	if (test_gencorpus_series(&env, dir, 7, 40, 6)) {
		CHECK(h, !"gencorpus --series");
		return;
	}
	snprintf(path, sizeof path, "%s/series-truth.tsv", dir);
	truth = fopen(path, "r");
	CHECK(h, truth != NULL);
	if (!truth)
		return;
	while (fgets(line, sizeof line, truth)) {
		char *save, *tok, syms[16][32];
		size_t n = 0;
		long pos;
		if (strncmp(line, "series\t", 7) != 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		strtok_r(line, "\t", &save);
		strtok_r(NULL, "\t", &save);
		while ((tok = strtok_r(NULL, "\t", &save)) && n < 16)
			snprintf(syms[n++], sizeof syms[0], "%s", tok);
		pos = ftell(truth);
		series++;
		for (size_t k = 1; k < n; k++) {
			struct version a, b;
			memset(&a, 0, sizeof a);
			memset(&b, 0, sizeof b);
			if (load_version(&a, dir, syms[k - 1]) || load_version(&b, dir, syms[k])) {
				harness_fail(h, __FILE__, __LINE__, "cannot parse %s or %s",
				             syms[k - 1], syms[k]);
				break;
			}
			load_truth(&a, truth);
			load_truth(&b, truth);
			tally_pair(&t, &a, &b);
			version_release(&a);
			version_release(&b);
		}
		fseek(truth, pos, SEEK_SET);
	}
	fclose(truth);
	printf("NOTE test_align: %zu series, %zu truth pairs: precision %.4f (%zu right, %zu wrong); "
	       "recall unchanged %zu/%zu, edited 1-3 words %zu/%zu, citing clause %zu/%zu, "
	       "renumbered %zu/%zu; new clauses left unpaired %zu/%zu\n",
	       series, t.truth_pairs,
	       t.aligned_right + t.aligned_wrong
	       ? (double)t.aligned_right / (double)(t.aligned_right + t.aligned_wrong) : 0,
	       t.aligned_right, t.aligned_wrong, t.unchanged_found, t.unchanged,
	       t.edited_found, t.edited, t.citing_found, t.citing, t.renumbered_found,
	       t.renumbered, t.new_left_alone, t.new_clauses);
	CHECK_INT_EQ(h, series, 40);
	CHECK_INT_EQ(h, t.unknown, 0); /* the parser labels as the generator does */
	CHECK(h, t.unchanged > 100 && t.edited > 50 && t.renumbered > 50);
	CHECK_INT_EQ(h, t.aligned_wrong, 0);
	CHECK_INT_EQ(h, t.unchanged_found, t.unchanged);
	CHECK_INT_EQ(h, t.edited_found, t.edited);
	CHECK_INT_EQ(h, t.renumbered_found, t.renumbered);
	CHECK_INT_EQ(h, t.new_left_alone, t.new_clauses);
}

int main(int argc, char **argv)
{
	struct harness h = HARNESS_INIT("test_align");

	if (test_env_init(&env, "test_align", argc > 0 ? argv[0] : NULL))
		return 1;
	HARNESS_RUN(&h, test_word_diff);
	HARNESS_RUN(&h, test_align_small);
	HARNESS_RUN(&h, test_series_alignment);
	test_env_release(&env);
	return harness_finish(&h);
}
