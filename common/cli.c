/* cli.c: the table-driven option parser and --help printer (see cli.h). */
#include "cli.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "xalloc.h"

/* Left part of a --help line is padded to at least this column. */
#define CLI_HELP_COLUMN 24

static size_t table_len(const struct cli_option *table)
{
	size_t n = 0;

	while (table[n].long_name)
		n++;
	return n;
}

/* Index of the long option named by the len bytes at name, or -1. */
static long find_long(const struct cli_option *table, const char *name,
                      size_t len)
{
	for (size_t i = 0; table[i].long_name; i++)
		if (strlen(table[i].long_name) == len &&
		    memcmp(table[i].long_name, name, len) == 0)
			return (long)i;
	return -1;
}

static long find_short(const struct cli_option *table, char c)
{
	for (size_t i = 0; table[i].long_name; i++)
		if (table[i].short_name && table[i].short_name == c)
			return (long)i;
	return -1;
}

static void set_value(struct cli_result *r, long i, const char *value)
{
	r->values[i] = value;
	r->count[i]++;
	r->given_opt[r->n_given] = i;
	r->given_value[r->n_given++] = value;
}

/* argv[*k] is "--name", "--name=value". On success *k points at the last
 * argument consumed. */
static int parse_long(const struct cli_option *table, int argc, char **argv,
                      int *k, struct cli_result *r, struct errbuf *eb)
{
	const char *name = argv[*k] + 2;
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	long i = find_long(table, name, len);

	if (i < 0)
		return errbuf_set(eb, ERR_SYNTAX, "unknown option '--%.*s'",
		                  (int)len, name);
	switch (table[i].arg) {
	case CLI_FLAG:
		if (eq)
			return errbuf_set(eb, ERR_SYNTAX,
			                  "option '--%s' takes no argument",
			                  table[i].long_name);
		set_value(r, i, "1");
		break;
	case CLI_OPTIONAL:
		set_value(r, i, eq ? eq + 1 : "");
		break;
	case CLI_REQUIRED:
		if (eq) {
			set_value(r, i, eq + 1);
		} else if (*k + 1 < argc) {
			(*k)++;
			set_value(r, i, argv[*k]);
		} else {
			return errbuf_set(eb, ERR_SYNTAX,
			                  "option '--%s' needs an argument",
			                  table[i].long_name);
		}
		break;
	}
	return 0;
}

/* argv[*k] is "-x...", a bundle of flags possibly ending in an option that
 * takes the rest of the argument or the next one as its value. */
static int parse_short(const struct cli_option *table, int argc, char **argv,
                       int *k, struct cli_result *r, struct errbuf *eb)
{
	const char *p = argv[*k] + 1;

	for (; *p; p++) {
		long i = find_short(table, *p);

		if (i < 0)
			return errbuf_set(eb, ERR_SYNTAX, "unknown option '-%c'",
			                  *p);
		if (table[i].arg == CLI_FLAG) {
			set_value(r, i, "1");
		} else if (table[i].arg == CLI_OPTIONAL) {
			/* Optional values are only given as --name=VALUE. */
			set_value(r, i, "");
		} else if (p[1]) {
			set_value(r, i, p + 1);
			return 0;
		} else if (*k + 1 < argc) {
			(*k)++;
			set_value(r, i, argv[*k]);
			return 0;
		} else {
			return errbuf_set(eb, ERR_SYNTAX,
			                  "option '-%c' needs an argument", *p);
		}
	}
	return 0;
}

/* argv[0] is the program name and is skipped, as getopt does. Options and
 * operands may be interleaved; "--" makes every later argument an operand
 * and a lone "-" is an operand (standard input). */
int cli_parse(const struct cli_option *table, int argc, char **argv,
              struct cli_result *out, struct errbuf *eb)
{
	size_t n = table_len(table);
	int only_operands = 0;

	out->values = xcalloc(n ? n : 1, sizeof *out->values);
	out->count = xcalloc(n ? n : 1, sizeof *out->count);
	out->operands = xcalloc(argc > 0 ? (size_t)argc : 1,
	                        sizeof *out->operands);
	out->n_operands = 0;
	out->given_opt = xcalloc(argc > 0 ? (size_t)argc : 1, sizeof *out->given_opt);
	out->given_value = xcalloc(argc > 0 ? (size_t)argc : 1, sizeof *out->given_value);
	out->n_given = 0;

	for (int k = 1; k < argc; k++) {
		const char *a = argv[k];
		int rc = 0;

		if (only_operands || a[0] != '-' || a[1] == '\0')
			out->operands[out->n_operands++] = a;
		else if (strcmp(a, "--") == 0)
			only_operands = 1;
		else if (a[1] == '-')
			rc = parse_long(table, argc, argv, &k, out, eb);
		else
			rc = parse_short(table, argc, argv, &k, out, eb);
		if (rc < 0) {
			cli_result_release(out);
			return rc;
		}
	}
	return 0;
}

size_t cli_all_values(const struct cli_result *r, size_t opt, const char **out)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_given; i++)
		if ((size_t)r->given_opt[i] == opt)
			out[n++] = r->given_value[i];
	return n;
}

void cli_result_release(struct cli_result *r)
{
	free(r->values);
	free(r->count);
	free(r->operands);
	free(r->given_opt);
	free(r->given_value);
	r->given_opt = NULL;
	r->given_value = NULL;
	r->n_given = 0;
	r->values = NULL;
	r->count = NULL;
	r->operands = NULL;
	r->n_operands = 0;
}

size_t cli_index(const struct cli_option *table, const char *long_name)
{
	long i = find_long(table, long_name, strlen(long_name));

	assert(i >= 0 && "option not in table");
	return (size_t)i;
}

/* Write the left part of a help line ("  -o, --output DIR") to f, or only
 * measure it when f is NULL; returns its width. */
static size_t help_left(const struct cli_option *o, FILE *f)
{
	char left[256];
	int w;

	if (o->arg == CLI_REQUIRED)
		w = snprintf(left, sizeof left, "  %c%c%c --%s %s",
		             o->short_name ? '-' : ' ',
		             o->short_name ? o->short_name : ' ',
		             o->short_name ? ',' : ' ', o->long_name,
		             o->arg_name ? o->arg_name : "VALUE");
	else if (o->arg == CLI_OPTIONAL)
		w = snprintf(left, sizeof left, "  %c%c%c --%s[=%s]",
		             o->short_name ? '-' : ' ',
		             o->short_name ? o->short_name : ' ',
		             o->short_name ? ',' : ' ', o->long_name,
		             o->arg_name ? o->arg_name : "VALUE");
	else
		w = snprintf(left, sizeof left, "  %c%c%c --%s",
		             o->short_name ? '-' : ' ',
		             o->short_name ? o->short_name : ' ',
		             o->short_name ? ',' : ' ', o->long_name);
	if (w < 0)
		w = 0;
	if ((size_t)w >= sizeof left)
		w = (int)sizeof left - 1;
	if (f)
		fputs(left, f);
	return (size_t)w;
}

/* Help text starts at the widest left part plus two spaces, and never
 * before CLI_HELP_COLUMN, so that tables of one binary line up. */
void cli_print_help(const struct cli_option *table, const char *usage,
                    FILE *f)
{
	size_t col = CLI_HELP_COLUMN;

	for (size_t i = 0; table[i].long_name; i++) {
		size_t w = help_left(&table[i], NULL) + 2;

		if (w > col)
			col = w;
	}
	fprintf(f, "usage: %s\n", usage);
	for (size_t i = 0; table[i].long_name; i++) {
		size_t w = help_left(&table[i], f);

		if (table[i].help && *table[i].help)
			fprintf(f, "%*s%s", (int)(col - w), "", table[i].help);
		fputc('\n', f);
	}
}

void cli_print_version(const char *prog, FILE *f)
{
	fprintf(f, "%s %s (index format %d)\n", prog, UNSEARCH_VERSION,
	        FORMAT_VERSION);
}

int cli_parse_count(const char *name, const char *value, size_t *out,
                    struct errbuf *eb)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(value, &end, 10);
	if (errno || end == value || *end || *value == '-' || n > 1000000000ull)
		return errbuf_set(eb, ERR_SYNTAX, "%s: '%s' is not a count", name, value);
	*out = (size_t)n;
	return 0;
}
