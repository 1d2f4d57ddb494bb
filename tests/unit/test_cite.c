/* test_cite.c: citation extraction (common/cite.c) on the real text of
 * corpus/A_RES_74_29.txt, read by hand, and on one case per symbol form in
 * tests/cases/cite.cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "cite.h"
#include "readfile.h"
#include "resparse.h"

#define CASES_PATH "tests/cases/cite.cases"

/* The citations as "SYMBOL|kind|date ..." (caller frees), "NONE" if none. */
static char *render(const struct citations *c)
{
	size_t cap = 64 + c->n * (CITE_SYMBOL_MAX + 24), off = 0;
	char *s = malloc(cap);

	if (!s)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < c->n; i++)
		off += (size_t)snprintf(s + off, cap - off, "%s%s|%s|%u", i ? " " : "",
		                        c->v[i].symbol, cite_kind_name(c->v[i].kind),
		                        c->v[i].date);
	if (!c->n)
		strcpy(s, "NONE");
	return s;
}

/* One "clause text<TAB>citations" line of the cases file. */
static void check_case(struct harness *h, const char *file, int line,
                       const char *text, const char *want)
{
	struct citations c = { NULL, 0, 0 };
	char *got;

	cite_extract(text, strlen(text), &c);
	got = render(&c);
	if (!got || strcmp(got, want) != 0)
		harness_fail(h, file, line, "[%s]: want %s, got %s", text, want,
		             got ? got : "?");
	free(got);
	citations_release(&c);
}

static void test_cases_file(struct harness *h)
{
	CHECK(h, harness_cases(h, CASES_PATH, check_case) >= 20);
}

/* 74/29 recalls, in PP1, every earlier resolution on its item, with the
 * date of each (read from corpus/A_RES_74_29.txt); its header cites the
 * Committee's report A/74/363; no other clause cites anything (the title's
 * "74/29." is its own symbol, not a citation). */
static void test_74_29(struct harness *h)
{
	static const char *const want[] = {
		"36/103|resolution|19811209", "43/78H|resolution|19881207",
		"53/70|resolution|19981204",  "54/49|resolution|19991201",
		"55/28|resolution|20001120",  "56/19|resolution|20011129",
		"57/53|resolution|20021122",  "58/32|resolution|20031208",
		"59/61|resolution|20041203",  "60/45|resolution|20051208",
		"61/54|resolution|20061206",  "62/17|resolution|20071205",
		"63/37|resolution|20081202",  "64/25|resolution|20091202",
		"65/41|resolution|20101208",  "66/24|resolution|20111202",
		"67/27|resolution|20121203",  "68/243|resolution|20131227",
		"69/28|resolution|20141202",  "70/237|resolution|20151223",
		"71/28|resolution|20161205",  "73/27|resolution|20181205",
	};
	char path[4096], *data = NULL;
	size_t len, total = 0;
	struct resolution res;
	struct citations c = { NULL, 0, 0 };
	struct errbuf eb;

	snprintf(path, sizeof path, "%s/A_RES_74_29.txt", harness_corpus_dir());
	CHECK(h, file_read_all(path, 1 << 20, &data, &len, &eb) == 0);
	if (!data)
		return;
	CHECK(h, resparse_parse(data, len, &res, NULL, NULL, &eb) == 0);
	free(data);
	for (size_t i = 0; i < res.n_clauses; i++) {
		const struct clause *cl = &res.clauses[i];
		cite_extract(res.text + cl->text_start, cl->text_len, &c);
		total += c.n;
		if (strcmp(cl->label, "Header") == 0) {
			for (size_t k = 0; k < c.n; k++)
				CHECK_STR_EQ(h, c.v[k].symbol, "A/74/363");
			continue;
		}
		if (strcmp(cl->label, "PP1") != 0) {
			if (c.n)
				harness_fail(h, __FILE__, __LINE__, "%s cites %s", cl->label,
				             c.v[0].symbol);
			continue;
		}
		CHECK_INT_EQ(h, c.n, sizeof want / sizeof *want);
		for (size_t k = 0; k < c.n && k < sizeof want / sizeof *want; k++) {
			char got[128];
			snprintf(got, sizeof got, "%s|%s|%u", c.v[k].symbol,
			         cite_kind_name(c.v[k].kind), c.v[k].date);
			CHECK_STR_EQ(h, got, want[k]);
		}
	}
	CHECK_INT_EQ(h, total, sizeof want / sizeof *want + 1);
	resolution_release(&res);
	citations_release(&c);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_cite");

	HARNESS_RUN(&h, test_cases_file);
	HARNESS_RUN(&h, test_74_29);
	return harness_finish(&h);
}
