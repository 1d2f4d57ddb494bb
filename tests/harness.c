/* harness.c: result bookkeeping for harness.h. */
#include "harness.h"

#include <stdarg.h>
#include <stdlib.h>

void harness_begin(struct harness *h, const char *test)
{
	h->test = test;
	h->test_failed = 0;
}

void harness_fail(struct harness *h, const char *where, int line,
                  const char *fmt, ...)
{
	va_list ap;

	/* Show at most a few failed checks per test, but count them all. */
	if (h->test_failed++ < 5) {
		printf("FAIL %s:%s: %s:%d: ", h->file, h->test, where, line);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		putchar('\n');
	}
}

void harness_end(struct harness *h)
{
	if (h->test_failed) {
		h->failed++;
	} else {
		h->passed++;
		printf("PASS %s:%s\n", h->file, h->test);
	}
	fflush(stdout);
}

int harness_finish(const struct harness *h)
{
	return h->failed ? 1 : 0;
}

const char *harness_corpus_dir(void)
{
	const char *d = getenv("UNSEARCH_CORPUS");

	return d && *d ? d : "corpus";
}
