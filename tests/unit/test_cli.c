/* test_cli.c: unit tests for the option parser and --help printer (cli.c). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "harness.h"

static const struct cli_option sample[] = {
	{ 'o', "output", CLI_REQUIRED, "DIR", "write the index to DIR" },
	{ 'n', "limit", CLI_REQUIRED, "N", "show at most N results" },
	{ 'q', "quiet", CLI_FLAG, NULL, "print nothing" },
	{ 'v', "verbose", CLI_FLAG, NULL, "say more" },
	{ 0, "color", CLI_OPTIONAL, "WHEN", "colour the output" },
	{ 0, "stats", CLI_FLAG, NULL, "print statistics" },
	{ 0, NULL, 0, NULL, NULL },
};

/* Parse a NULL-terminated list of arguments (argv[0] included). */
static int parse(const char *const *args, struct cli_result *r, struct errbuf *eb)
{
	int argc = 0;

	while (args[argc])
		argc++;
	return cli_parse(sample, argc, (char **)args, r, eb);
}

static const char *val(const struct cli_result *r, const char *name)
{
	return r->values[cli_index(sample, name)];
}

static int cnt(const struct cli_result *r, const char *name)
{
	return r->count[cli_index(sample, name)];
}

/* Check that the operands of r are exactly want[0..n). */
static void check_operands(struct harness *h, const struct cli_result *r,
                           const char *const *want, size_t n)
{
	CHECK_INT_EQ(h, r->n_operands, n);
	for (size_t i = 0; i < n && i < r->n_operands; i++)
		CHECK_STR_EQ(h, r->operands[i], want[i]);
}

static void test_long_forms(struct harness *h)
{
	const char *args[] = { "prog", "--output=out", "--limit", "10",
	                       "--quiet", "corpus", "--color", NULL };
	struct cli_result r;
	struct errbuf eb;

	CHECK_INT_EQ(h, parse(args, &r, &eb), 0);
	CHECK_STR_EQ(h, val(&r, "output"), "out");
	CHECK_STR_EQ(h, val(&r, "limit"), "10");
	CHECK_STR_EQ(h, val(&r, "quiet"), "1");
	CHECK_STR_EQ(h, val(&r, "color"), "");
	CHECK(h, val(&r, "verbose") == NULL);
	CHECK_INT_EQ(h, cnt(&r, "verbose"), 0);
	check_operands(h, &r, (const char *const[]){ "corpus" }, 1);
	cli_result_release(&r);
}

static void test_optional_value(struct harness *h)
{
	const char *args[] = { "prog", "--color=never", "x", NULL };
	struct cli_result r;
	struct errbuf eb;

	CHECK_INT_EQ(h, parse(args, &r, &eb), 0);
	CHECK_STR_EQ(h, val(&r, "color"), "never");
	/* An optional value is never taken from the next argument. */
	CHECK_INT_EQ(h, r.n_operands, 1);
	cli_result_release(&r);
}

static void test_short_forms(struct harness *h)
{
	const char *args[] = { "prog", "-oout", "-n", "5", "-qv", "a", "-",
	                       "-qn7", "b", NULL };
	struct cli_result r;
	struct errbuf eb;

	CHECK_INT_EQ(h, parse(args, &r, &eb), 0);
	CHECK_STR_EQ(h, val(&r, "output"), "out");
	CHECK_STR_EQ(h, val(&r, "limit"), "7"); /* the last one wins */
	CHECK_INT_EQ(h, cnt(&r, "limit"), 2);
	CHECK_INT_EQ(h, cnt(&r, "quiet"), 2);
	CHECK_STR_EQ(h, val(&r, "verbose"), "1");
	check_operands(h, &r, (const char *const[]){ "a", "-", "b" }, 3);
	cli_result_release(&r);
}

static void test_value_may_start_with_dash(struct harness *h)
{
	const char *args[] = { "prog", "-o", "-weird", "--limit", "--", NULL };
	struct cli_result r;
	struct errbuf eb;

	CHECK_INT_EQ(h, parse(args, &r, &eb), 0);
	CHECK_STR_EQ(h, val(&r, "output"), "-weird");
	CHECK_STR_EQ(h, val(&r, "limit"), "--");
	CHECK_INT_EQ(h, r.n_operands, 0);
	cli_result_release(&r);
}

static void test_double_dash(struct harness *h)
{
	const char *args[] = { "prog", "-q", "--", "--limit", "-v", "-", NULL };
	struct cli_result r;
	struct errbuf eb;

	CHECK_INT_EQ(h, parse(args, &r, &eb), 0);
	CHECK_INT_EQ(h, cnt(&r, "quiet"), 1);
	CHECK_INT_EQ(h, cnt(&r, "verbose"), 0);
	check_operands(h, &r, (const char *const[]){ "--limit", "-v", "-" }, 3);
	cli_result_release(&r);
}

/* Each case: arguments, expected message. */
static void test_errors(struct harness *h)
{
	static const struct {
		const char *args[4];
		const char *msg;
	} cases[] = {
		{ { "prog", "--foo", NULL }, "unknown option '--foo'" },
		{ { "prog", "--foo=1", NULL }, "unknown option '--foo'" },
		{ { "prog", "-qz", NULL }, "unknown option '-z'" },
		{ { "prog", "--limit", NULL }, "option '--limit' needs an argument" },
		{ { "prog", "a", "-n", NULL }, "option '-n' needs an argument" },
		{ { "prog", "-qo", NULL }, "option '-o' needs an argument" },
		{ { "prog", "--quiet=yes", NULL }, "option '--quiet' takes no argument" },
		{ { "prog", "--", "x", NULL }, NULL },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct cli_result r;
		struct errbuf eb = { "", 0 };
		int rc = parse(cases[i].args, &r, &eb);

		if (!cases[i].msg) {
			CHECK_INT_EQ(h, rc, 0);
			cli_result_release(&r);
			continue;
		}
		CHECK_INT_EQ(h, rc, ERR_SYNTAX);
		CHECK_STR_EQ(h, eb.msg, cases[i].msg);
		/* A failed parse leaves nothing to release. */
		CHECK(h, r.values == NULL && r.operands == NULL);
	}
}

static void test_null_errbuf(struct harness *h)
{
	const char *args[] = { "prog", "--nope", NULL };
	struct cli_result r;

	CHECK_INT_EQ(h, parse(args, &r, NULL), ERR_SYNTAX);
}

static void test_index(struct harness *h)
{
	CHECK_INT_EQ(h, cli_index(sample, "output"), 0);
	CHECK_INT_EQ(h, cli_index(sample, "stats"), 5);
}

static void test_help(struct harness *h)
{
	const char *expect =
		"usage: prog [OPTION]... DIR\n"
		"  -o, --output DIR      write the index to DIR\n"
		"  -n, --limit N         show at most N results\n"
		"  -q, --quiet           print nothing\n"
		"  -v, --verbose         say more\n"
		"      --color[=WHEN]    colour the output\n"
		"      --stats           print statistics\n";
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	CHECK(h, f != NULL);
	if (!f)
		return;
	cli_print_help(sample, "prog [OPTION]... DIR", f);
	CHECK_INT_EQ(h, fclose(f), 0);
	CHECK_STR_EQ(h, text, expect);
	free(text);
}

/* A long left part pushes the help column right for the whole table. */
static void test_help_wide(struct harness *h)
{
	static const struct cli_option wide[] = {
		{ 'x', "extraordinarily-long", CLI_REQUIRED, "THING", "a" },
		{ 0, "b", CLI_FLAG, NULL, "b" },
		{ 0, NULL, 0, NULL, NULL },
	};
	const char *expect =
		"usage: w\n"
		"  -x, --extraordinarily-long THING  a\n"
		"      --b                           b\n";
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f) {
		CHECK(h, f != NULL);
		return;
	}
	cli_print_help(wide, "w", f);
	fclose(f);
	CHECK_STR_EQ(h, text, expect);
	free(text);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_cli");

	HARNESS_RUN(&h, test_long_forms);
	HARNESS_RUN(&h, test_optional_value);
	HARNESS_RUN(&h, test_short_forms);
	HARNESS_RUN(&h, test_value_may_start_with_dash);
	HARNESS_RUN(&h, test_double_dash);
	HARNESS_RUN(&h, test_errors);
	HARNESS_RUN(&h, test_null_errbuf);
	HARNESS_RUN(&h, test_index);
	HARNESS_RUN(&h, test_help);
	HARNESS_RUN(&h, test_help_wide);
	return harness_finish(&h);
}
