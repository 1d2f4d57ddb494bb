/* harness.h: the tiny unit-test harness (in the spirit of Redis's testhelp.h).
 *
 * A test file defines `static void test_x(struct harness *h)` functions and
 * a main() that calls HARNESS_RUN(h, test_x) for each, then returns
 * harness_finish(&h). Each test prints one line, "PASS file:test" or
 * "FAIL file:test: where: what"; tests/run.sh counts those lines. A test
 * fails if any CHECK in it fails; it keeps running so one run shows all.
 * A test that cannot run here calls harness_skip and prints "SKIP
 * file:test: why" instead of PASS (unless a check failed), counted in
 * neither. */
#ifndef UNSEARCH_HARNESS_H
#define UNSEARCH_HARNESS_H

#include <stdio.h>
#include <string.h>

struct harness {
	const char *file;   /* test program name, e.g. "test_codec" */
	const char *test;   /* current test function */
	int test_failed;    /* checks failed in the current test */
	int passed, failed; /* tests */
	const char *skip_why; /* harness_skip's reason for the current test */
};

#define HARNESS_INIT(name) { (name), NULL, 0, 0, 0, NULL }

void harness_fail(struct harness *h, const char *where, int line,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void harness_begin(struct harness *h, const char *test);
void harness_end(struct harness *h);
/* The current test cannot run here, for why (a static string). */
void harness_skip(struct harness *h, const char *why);
int harness_finish(const struct harness *h);
/* Directory of the bundled corpus: $UNSEARCH_CORPUS or "corpus". */
const char *harness_corpus_dir(void);

/* Run check on each case of a data-driven cases file (tests/cases/NAME.cases):
 * lines INPUT<TAB>EXPECTED, '#' lines and blank lines skipped, a line
 * without a tab failed. Returns the number of cases (-1 if the file cannot
 * be opened, which fails the test). */
typedef void (*harness_case_fn)(struct harness *h, const char *file, int line,
                                const char *input, const char *expected);
int harness_cases(struct harness *h, const char *path, harness_case_fn check);

#define CHECK(h, cond) \
	do { if (!(cond)) harness_fail((h), __FILE__, __LINE__, "%s", #cond); } while (0)
#define CHECK_INT_EQ(h, a, b) \
	do { long long a_ = (long long)(a), b_ = (long long)(b); \
	     if (a_ != b_) harness_fail((h), __FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, a_, b_); } while (0)
#define CHECK_STR_EQ(h, a, b) \
	do { const char *a_ = (a), *b_ = (b); \
	     if (!a_ || !b_ || strcmp(a_, b_) != 0) harness_fail((h), __FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); } while (0)
#define HARNESS_RUN(h, fn) \
	do { harness_begin((h), #fn); fn(h); harness_end(h); } while (0)

#endif
