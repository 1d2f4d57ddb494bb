/* test_highlight.c: highlight ranges on real resolution text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../query/highlight.h"
#include "analyzer.h"
#include "buf.h"
#include "text.h"
#include "../harness.h"

/* A/RES/74/29, PP7 and PP4, as written in corpus/A_RES_74_29.txt. */
static const char pp7[] =
	"Observando que la creación de capacidad es esencial para la "
	"cooperación de los Estados y las medidas de fomento de la confianza "
	"en la esfera de la seguridad de las TIC,";
static const char pp4[] =
	"Expresando preocupación por el hecho de que varios Estados estén "
	"desarrollando capacidades en materia de TIC con fines militares y de "
	"que el uso de esas tecnologías en futuros conflictos entre Estados se "
	"está volviendo cada vez más probable,";

static int first_term(void *ctx, const struct token *tok)
{
	const char **out = ctx;

	*out = tok->term;
	return 1; /* one word: stop after its token */
}

/* The index term of one query word, as the analyzer makes it; owned by a. */
static const char *term_of(struct analyzer *a, const char *word)
{
	const char *t = NULL;

	analyzer_run(a, word, strlen(word), 0, first_term, &t);
	return t;
}

/* The text of range i as a NUL-terminated string in a static buffer. */
static const char *range_text(const char *text, const struct hl_range *r)
{
	static char s[256];
	size_t n = r->end - r->start;

	if (n >= sizeof s)
		n = sizeof s - 1;
	memcpy(s, text + r->start, n);
	s[n] = '\0';
	return s;
}

/* A test fixture: up to 4 words, each a one-term slot. */
struct pat {
	const char *terms[4];
	struct hl_slot slots[4];
	struct hl_pattern p;
};

static void pat_make(struct pat *p, struct analyzer *a, const char *const *words,
                     size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		p->terms[i] = term_of(a, words[i]);
		p->slots[i].terms = &p->terms[i];
		p->slots[i].n_terms = 1;
		p->slots[i].folded = NULL;
	}
	p->p.slots = p->slots;
	p->p.n_slots = n;
}

/* Check that the n_ps patterns ps highlight text in exactly the n_want
 * ranges want[], in order. */
static void check_ranges(struct harness *h, struct analyzer *a, const char *text,
                         const struct hl_pattern *ps, size_t n_ps,
                         const char *const *want, size_t n_want)
{
	struct hl_scratch hs = HL_SCRATCH_INIT;
	const struct hl_range *r = NULL;
	size_t n = 0;
	int rc = highlight_ranges(a, &hs, text, strlen(text), ps, n_ps, NULL, 0, &r, &n);

	if (rc != 0)
		harness_fail(h, __FILE__, __LINE__, "\"%.40s\" (\"%s\"...): rc %d",
		             text, want[0], rc);
	if (n != n_want)
		harness_fail(h, __FILE__, __LINE__, "\"%.40s\" (\"%s\"...): %zu ranges, expected %zu",
		             text, want[0], n, n_want);
	for (size_t i = 0; i < n && i < n_want; i++)
		CHECK_STR_EQ(h, range_text(text, &r[i]), want[i]);
	hl_scratch_release(&hs);
}

static void test_phrase_one_range(struct harness *h)
{
	static const char *const words[] = { "creación", "de", "capacidad" };
	struct analyzer *a = analyzer_new(NULL);
	struct pat p;

	CHECK(h, a != NULL);
	if (!a)
		return;
	pat_make(&p, a, words, 3);
	CHECK(h, p.terms[0] && p.terms[1] && p.terms[2]);
	check_ranges(h, a, pp7, &p.p, 1, (const char *const[]){ "creación de capacidad" }, 1);
	analyzer_free(a);
}

/* Told the positions of the tokens the patterns' terms stand for,
 * highlighting analyses those tokens only and stops at the last: the same
 * ranges when they are right; those before the stop when the last ones
 * are left out (the rest of the text was not read); no phrase where its
 * middle positions are left out (the tokens there were not analysed); and
 * all of them again when a position holds no pattern term (the text does
 * not bear them out, so it is read whole). */
static void test_told_positions(struct harness *h)
{
	/* La(0) capacidad(1) de(2) los(3) Estados(4) y(5) la(6) creación(7)
	 * de(8) capacidad(9) con(10) capacidades(11) nuevas(12) ... */
	static const char text[] = "La capacidad de los Estados y la creación de capacidad, "
	                           "con capacidades nuevas y otras cosas.";
	static const char *const words[] = { "creación", "de", "capacidad" };
	static const struct {
		uint32_t pos[8];
		size_t n;
		const char *want[3];
	} cases[] = {
		{ { 1, 2, 7, 8, 9, 11 }, 6, { "capacidad", "creación de capacidad", "capacidades" } },
		{ { 1, 2, 7, 8, 9 }, 5, { "capacidad", "creación de capacidad", NULL } },
		{ { 1, 9, 11 }, 3, { "capacidad", "capacidad", "capacidades" } },
		{ { 1, 2, 3, 7, 8, 9, 11 }, 7, { "capacidad", "creación de capacidad", "capacidades" } },
	};
	struct analyzer *a = analyzer_new(NULL);
	struct pat phrase, word;
	struct hl_pattern ps[2];

	if (!a) {
		CHECK(h, a != NULL);
		return;
	}
	pat_make(&phrase, a, words, 3);
	pat_make(&word, a, words + 2, 1);
	ps[0] = word.p;
	ps[1] = phrase.p;
	/* one scratch for every case, as for a query's hits */
	struct hl_scratch hs = HL_SCRATCH_INIT;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const struct hl_range *r = NULL;
		size_t n = 0, want = cases[i].want[2] ? 3 : 2;
		CHECK_INT_EQ(h, highlight_ranges(a, &hs, text, strlen(text), ps, 2, cases[i].pos,
		                                 cases[i].n, &r, &n), 0);
		CHECK_INT_EQ(h, n, want);
		for (size_t k = 0; k < n && k < want; k++)
			CHECK_STR_EQ(h, range_text(text, &r[k]), cases[i].want[k]);
	}
	hl_scratch_release(&hs);
	analyzer_free(a);
}

static void test_single_word_stem(struct harness *h)
{
	static const char *const words[] = { "capacidad" };
	struct analyzer *a = analyzer_new(NULL);
	struct pat p;

	if (!a) {
		CHECK(h, a != NULL);
		return;
	}
	pat_make(&p, a, words, 1);
	check_ranges(h, a, pp4, &p.p, 1, (const char *const[]){ "capacidades" }, 1);
	/* In PP7 the word stands once, alone. */
	check_ranges(h, a, pp7, &p.p, 1, (const char *const[]){ "capacidad" }, 1);
	analyzer_free(a);
}

static void test_nfd_text(struct harness *h)
{
	/* "creación" with the accent as U+0301 COMBINING ACUTE ACCENT. */
	static const char nfd[] =
		"Observando que la creacio\xCC\x81n de capacidad es esencial";
	static const char *const words[] = { "creación", "de", "capacidad" };
	static const char *const one[] = { "creación" };
	struct analyzer *a = analyzer_new(NULL);
	struct pat p;

	if (!a) {
		CHECK(h, a != NULL);
		return;
	}
	pat_make(&p, a, words, 3);
	check_ranges(h, a, nfd, &p.p, 1,
	             (const char *const[]){ "creacio\xCC\x81n de capacidad" }, 1);
	pat_make(&p, a, one, 1);
	check_ranges(h, a, nfd, &p.p, 1, (const char *const[]){ "creacio\xCC\x81n" }, 1);
	analyzer_free(a);
}

static void test_merge_rules(struct harness *h)
{
	static const char *const w_de[] = { "de" };
	static const char *const w_cap[] = { "capacidad" };
	static const char *const w_cd[] = { "creación", "de" };
	static const char *const w_dc[] = { "de", "capacidad" };
	static const char text[] = "la creación de capacidad es esencial";
	struct analyzer *a = analyzer_new(NULL);
	struct hl_pattern ps[2];
	struct pat p1, p2;

	if (!a) {
		CHECK(h, a != NULL);
		return;
	}
	/* Two single words separated by a space stay two ranges. */
	pat_make(&p1, a, w_de, 1);
	pat_make(&p2, a, w_cap, 1);
	ps[0] = p2.p;
	ps[1] = p1.p;
	check_ranges(h, a, text, ps, 2, (const char *const[]){ "de", "capacidad" }, 2);
	/* Overlapping phrase matches merge into one. */
	pat_make(&p1, a, w_cd, 2);
	pat_make(&p2, a, w_dc, 2);
	ps[0] = p1.p;
	ps[1] = p2.p;
	check_ranges(h, a, text, ps, 2, (const char *const[]){ "creación de capacidad" }, 1);
	analyzer_free(a);
}

static void test_slot_sets_and_no_match(struct harness *h)
{
	static const char text[] = "la creación de capacidad";
	struct analyzer *a = analyzer_new(NULL);
	struct hl_scratch hs = HL_SCRATCH_INIT;
	const struct hl_range *r = (const struct hl_range *)1;
	const char *terms[3];
	struct hl_slot slot;
	struct hl_pattern p;
	size_t n = 99;

	if (!a) {
		CHECK(h, a != NULL);
		return;
	}
	/* A slot is a set: any of its terms matches. */
	terms[0] = "zzz";
	terms[1] = term_of(a, "capacidad");
	slot.terms = terms;
	slot.n_terms = 2;
	slot.folded = NULL;
	p.slots = &slot;
	p.n_slots = 1;
	CHECK_INT_EQ(h, highlight_ranges(a, &hs, text, strlen(text), &p, 1, NULL, 0, &r, &n), 0);
	CHECK_INT_EQ(h, n, 1);
	/* Nothing matched: NULL and 0. */
	slot.n_terms = 1;
	r = (const struct hl_range *)1;
	CHECK_INT_EQ(h, highlight_ranges(a, &hs, text, strlen(text), &p, 1, NULL, 0, &r, &n), 0);
	CHECK_INT_EQ(h, n, 0);
	CHECK(h, r == NULL);
	/* No patterns at all. */
	CHECK_INT_EQ(h, highlight_ranges(a, &hs, "de", 2, &p, 0, NULL, 0, &r, &n), 0);
	CHECK_INT_EQ(h, n, 0);
	CHECK(h, r == NULL);
	hl_scratch_release(&hs);
	analyzer_free(a);
}

/* Every token of one text, as plain analyzer_run gives it. */
struct all_tokens {
	const char *terms[4096];
	size_t start[4096], end[4096], n;
	uint32_t at[4096]; /* positions (token indexes) of one term */
};

static int all_token(void *ctx, const struct token *tok)
{
	struct all_tokens *t = ctx;

	if (t->n == sizeof t->terms / sizeof *t->terms)
		return 1;
	t->terms[t->n] = tok->term;
	t->start[t->n] = tok->start;
	t->end[t->n] = tok->end;
	t->n++;
	return 0;
}

/* highlight_ranges analyses only the words whose folded first letter
 * starts a pattern term and whose lower case begins with the term's
 * prefix (term_prefix), trusting that stemming keeps a word's first
 * letter and, but for -encia's 't', its leading bytes. On the real texts of corpus/, paragraph by paragraph: every
 * token's term folds to the same first byte as its word, and one word's
 * pattern highlights exactly the tokens whose term is that word's. */
static void test_skipping_keeps_every_match(struct harness *h)
{
	static const char *const files[] = { "corpus/A_RES_74_29.txt",
	                                     "corpus/A_RES_217_A_III.txt" };
	struct analyzer *a = analyzer_new(NULL);
	static struct all_tokens t;
	/* hs for the ranges found by analysing, told for those found with
	 * their positions: both are compared */
	struct hl_scratch hs = HL_SCRATCH_INIT, told = HL_SCRATCH_INIT;
	size_t words = 0;

	for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
		FILE *fp = fopen(files[f], "rb");
		char line[8192];

		CHECK(h, fp != NULL);
		while (fp && fgets(line, sizeof line, fp)) {
			size_t len = strlen(line);
			t.n = 0;
			analyzer_run(a, line, len, 0, all_token, &t);
			for (size_t i = 0; i < t.n; i++) {
				struct buf fw = BUF_INIT, ft = BUF_INIT;
				const char *term = t.terms[i];
				struct hl_slot slot = { &term, 1, NULL };
				struct hl_pattern pat = { &slot, 1 };
				const struct hl_range *r = NULL;
				size_t n = 0, k = 0, ok = 1;

				text_fold(line + t.start[i], t.end[i] - t.start[i], &fw);
				text_fold(term, strlen(term), &ft);
				if (!fw.len || !ft.len || fw.data[0] != ft.data[0])
					harness_fail(h, __FILE__, __LINE__, "%s: \"%.*s\" stems to \"%s\"",
					             files[f], (int)(t.end[i] - t.start[i]),
					             line + t.start[i], term);
				buf_release(&fw);
				buf_release(&ft);
				highlight_ranges(a, &hs, line, len, &pat, 1, NULL, 0, &r, &n);
				for (size_t j = 0; j < t.n && ok; j++) {
					if (strcmp(t.terms[j], term) != 0)
						continue;
					ok = k < n && r[k].start == t.start[j] && r[k].end == t.end[j];
					t.at[k++] = (uint32_t)j;
				}
				if (!ok || k != n)
					harness_fail(h, __FILE__, __LINE__, "%s: \"%s\" highlights %zu ranges, %zu tokens have it",
					             files[f], term, n, k);
				/* Told the positions of the tokens that have the term (as
				 * the index's tell a hit's), it analyses those only: the
				 * same ranges. */
				const struct hl_range *rs = NULL;
				size_t ns = 0;
				highlight_ranges(a, &told, line, len, &pat, 1, t.at, k, &rs, &ns);
				if (ns != n || (n && memcmp(rs, r, n * sizeof *r) != 0))
					harness_fail(h, __FILE__, __LINE__, "%s: \"%s\" told %zu positions: %zu ranges, not %zu",
					             files[f], term, k, ns, n);
				words++;
			}
		}
		if (fp)
			fclose(fp);
	}
	CHECK(h, words > 2000);
	hl_scratch_release(&hs);
	hl_scratch_release(&told);
	analyzer_free(a);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_highlight");

	HARNESS_RUN(&h, test_phrase_one_range);
	HARNESS_RUN(&h, test_told_positions);
	HARNESS_RUN(&h, test_single_word_stem);
	HARNESS_RUN(&h, test_nfd_text);
	HARNESS_RUN(&h, test_merge_rules);
	HARNESS_RUN(&h, test_slot_sets_and_no_match);
	HARNESS_RUN(&h, test_skipping_keeps_every_match);
	return harness_finish(&h);
}
