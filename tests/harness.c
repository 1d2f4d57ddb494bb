/* harness.c: result bookkeeping for harness.h. */
#include "harness.h"

#include <stdarg.h>
#include <stdlib.h>

void harness_begin(struct harness *h, const char *test)
{
	h->test = test;
	h->test_failed = 0;
	h->skip_why = NULL;
}

void harness_skip(struct harness *h, const char *why)
{
	h->skip_why = why;
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
	} else if (h->skip_why) {
		printf("SKIP %s:%s: %s\n", h->file, h->test, h->skip_why);
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

int harness_cases(struct harness *h, const char *path, harness_case_fn check)
{
	FILE *f = fopen(path, "r");
	char line[8192];
	int lineno = 0, n = 0;

	if (!f) {
		harness_fail(h, path, 0, "cannot open the cases file");
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char *tab, *nl;

		lineno++;
		if ((nl = strchr(line, '\n')))
			*nl = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (!(tab = strchr(line, '\t'))) {
			harness_fail(h, path, lineno, "no tab in case line");
			continue;
		}
		*tab = '\0';
		check(h, path, lineno, line, tab + 1);
		n++;
	}
	fclose(f);
	return n;
}
