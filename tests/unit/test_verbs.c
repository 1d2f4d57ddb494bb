/* test_verbs.c: the table of opening phrases (verbs.c): every form of a
 * lemma finds it, one-word lemmas only for plain words, the longest form
 * names an opener, and the lemma of real clauses of the corpus's openers as
 * the analyzer sees them. */
#include <stdio.h>
#include <string.h>

#include "analyzer.h"
#include "format.h"
#include "harness.h"
#include "verbs.h"

static const char *lemma_of(const struct verbs_index *vi, const char *folded)
{
	const struct verb_entry *e = verbs_find(vi, folded, strlen(folded));

	return e ? e->lemma : NULL;
}

static void test_find(struct harness *h)
{
	/* A folded phrase and the lemma it names (NULL: none). */
	static const char *const cases[][2] = {
		{ "instar", "instar" },
		{ "insta", "instar" },
		{ "instando", "instar" },
		{ "pide", "pedir" },
		{ "alienta", "alentar" },
		{ "recomienda", "recomendar" },
		{ "acoger con beneplacito", "acoger con beneplácito" },
		{ "acogiendo con beneplacito", "acoger con beneplácito" },
		{ "acoge", "acoger" },
		{ "teniendo presente", "tener presente" },
		{ "preocupada", "preocupar" },
		{ "senalar", "señalar" },
		{ "nota", NULL },
		{ "insta a", NULL },
		{ "acog", NULL },     /* a prefix of forms */
		{ "acogerse", NULL }, /* a form and more */
		{ "", NULL },
	};
	struct verbs_index vi;

	verbs_index_init(&vi);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = lemma_of(&vi, cases[i][0]);
		if (cases[i][1])
			CHECK_STR_EQ(h, got, cases[i][1]);
		else
			CHECK(h, got == NULL);
	}
	/* Plain words expand through one-word lemmas only. */
	CHECK(h, verbs_find_word(&vi, "instar", 6) != NULL);
	CHECK(h, verbs_find_word(&vi, "toma", 4) == NULL);
	CHECK(h, verbs_find_word(&vi, "tomar nota", 10) == NULL);
	/* One binary search finds a form's entry: the forms are unique, and
	 * each finds its own, also as the first len bytes of a longer
	 * string. */
	int ok = 1;
	for (size_t i = 0; i < vi.n; i++) {
		char longer[128];
		size_t len = strlen(vi.v[i].form);
		ok &= i + 1 == vi.n || strcmp(vi.v[i].form, vi.v[i + 1].form) < 0;
		ok &= verbs_find(&vi, vi.v[i].form, len) == vi.v[i].entry;
		snprintf(longer, sizeof longer, "%s y", vi.v[i].form);
		ok &= verbs_find(&vi, longer, len) == vi.v[i].entry;
	}
	CHECK(h, ok);
	CHECK(h, vi.n > 100);
}

static void test_longest_form(struct harness *h)
{
	const char *acoge[] = { "acoge", "con", "beneplacito", "el", "inicio" };
	const char *acoge_solo[] = { "acoge", "el", "informe" };
	const char *expresa[] = { "expresa", "su", "profunda", "preocupacion", "por" };
	const char *expresa_rec[] = { "expresa", "su", "reconocimiento" };
	const char *unknown[] = { "lamentablemente", "no" };
	struct verbs_index vi;

	verbs_index_init(&vi);

	CHECK_STR_EQ(h, verbs_lemma(&vi, acoge, 5), "acoger con beneplácito");
	CHECK_STR_EQ(h, verbs_lemma(&vi, acoge, 2), "acoger"); /* the phrase is cut */
	CHECK_STR_EQ(h, verbs_lemma(&vi, acoge_solo, 3), "acoger");
	CHECK_STR_EQ(h, verbs_lemma(&vi, expresa, 5), "expresar su profunda preocupación");
	CHECK_STR_EQ(h, verbs_lemma(&vi, expresa_rec, 3), "expresar su reconocimiento");
	CHECK(h, verbs_lemma(&vi, unknown, 2) == NULL);
	/* Every form of the index names its own lemma, alone and followed
	 * by a word that no form has. */
	CHECK(h, vi.n > 100);
	for (size_t i = 0; i < vi.n; i++) {
		char copy[128];
		const char *words[VERBS_MAX_WORDS + 1];
		size_t n = 0;
		char *save = NULL;

		CHECK(h, i == 0 || strcmp(vi.v[i - 1].form, vi.v[i].form) < 0);
		snprintf(copy, sizeof copy, "%s", vi.v[i].form);
		for (char *w = strtok_r(copy, " ", &save); w && n < VERBS_MAX_WORDS;
		     w = strtok_r(NULL, " ", &save))
			words[n++] = w;
		words[n] = "zzz";
		CHECK_STR_EQ(h, verbs_lemma(&vi, words, n), vi.v[i].entry->lemma);
		CHECK_STR_EQ(h, verbs_lemma(&vi, words, n + 1), vi.v[i].entry->lemma);
	}
}

/* The folded words of a clause from token `from` on, as the indexer
 * gathers an opener (indexer/docqueue.c). */
struct opener {
	uint32_t from;
	const char *words[VERBS_MAX_WORDS];
	size_t n;
};

static int opener_token(void *ctx, const struct token *t)
{
	struct opener *o = ctx;

	if (t->position >= o->from && o->n < VERBS_MAX_WORDS)
		o->words[o->n++] = t->folded;
	return 0;
}

static const char *clause_lemma(const struct verbs_index *vi, struct analyzer *an,
                                const char *text, uint32_t from)
{
	struct opener o = { from, { NULL }, 0 };

	analyzer_run(an, text, strlen(text), 0, opener_token, &o);
	return verbs_lemma(vi, o.words, o.n);
}

static void test_clause_lemma(struct harness *h)
{
	struct errbuf eb = { "", 0 };
	struct analyzer *an = analyzer_new(&eb);
	static const char op1[] = "1. Acoge con beneplácito el inicio del proceso";
	static const char pp[] = "Profundamente preocupada por que en muchos lugares";
	static const char pp7[] = "Observando que la creación de capacidad es esencial";
	struct verbs_index vi;

	verbs_index_init(&vi);

	if (!an) {
		harness_fail(h, __FILE__, __LINE__, "analyzer: %s", eb.msg);
		return;
	}
	/* Token 0 is "1": the verb is token 1. */
	CHECK_STR_EQ(h, clause_lemma(&vi, an, op1, 1), "acoger con beneplácito");
	CHECK_STR_EQ(h, clause_lemma(&vi, an, pp, 1), "preocupar");
	CHECK_STR_EQ(h, clause_lemma(&vi, an, pp7, 0), "observar");
	CHECK(h, clause_lemma(&vi, an, pp7, 2) == NULL);
	analyzer_free(an);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_verbs");

	HARNESS_RUN(&h, test_find);
	HARNESS_RUN(&h, test_longest_form);
	HARNESS_RUN(&h, test_clause_lemma);
	return harness_finish(&h);
}
