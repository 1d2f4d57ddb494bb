/* cli.h: the one option parser of unsearch. Each binary declares its
 * options once, in a table that drives both parsing and --help (as git's
 * parse-options), and a test compares --help with the man page's OPTIONS.
 *
 * Parsing only collects raw values; each main.c validates them into its own
 * config struct. */
#ifndef UNSEARCH_CLI_H
#define UNSEARCH_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

enum cli_arg {
	CLI_FLAG,     /* no argument: value set to "1" when present */
	CLI_REQUIRED, /* --name VALUE, --name=VALUE, -x VALUE, -xVALUE */
	CLI_OPTIONAL, /* --name[=VALUE] only; value "" when given without one */
};

struct cli_option {
	char short_name;        /* 0 if none */
	const char *long_name;  /* without dashes; NULL ends the table */
	enum cli_arg arg;
	const char *arg_name;   /* "N", "DIR", ... shown in --help */
	const char *help;       /* one line */
};

/* Results of cli_parse: values[i] is the last value given for option i of
 * the table (NULL if absent); count[i] how often it was given. operands are
 * the non-option arguments in order ("--" ends options); given_* every
 * option given, in order, with its value (for options that may repeat). All
 * pointers point into argv or into memory owned by the struct. */
struct cli_result {
	const char **values;
	int *count;
	const char **operands;
	size_t n_operands;
	long *given_opt;
	const char **given_value;
	size_t n_given;
};

/* Every value given for option opt, in order, into out (room for count[opt]
 * entries); returns how many. */
size_t cli_all_values(const struct cli_result *r, size_t opt, const char **out);

/* Returns 0, or ERR_SYNTAX with eb naming the unknown option or the missing
 * argument. Release with cli_result_release. */
int cli_parse(const struct cli_option *table, int argc, char **argv,
              struct cli_result *out, struct errbuf *eb);
void cli_result_release(struct cli_result *r);

/* A count given as text (an option's value, a web API parameter): a
 * decimal number up to 10^9 into *out, or ERR_SYNTAX with
 * "NAME: 'VALUE' is not a count" (name as the user wrote it: "--limit"). */
int cli_parse_count(const char *name, const char *value, size_t *out,
                    struct errbuf *eb);

/* Index of the option with this long name in table (a programming error,
 * asserted, if absent). */
size_t cli_index(const struct cli_option *table, const char *long_name);

/* Write "usage: USAGE" then one aligned line per option to f, e.g.
 *   -o, --output DIR      write the index to DIR */
void cli_print_help(const struct cli_option *table, const char *usage,
                    FILE *f);

/* Write "PROG VERSION (index format N)" and a newline to f: --version of
 * both tools. VERSION comes from debian/changelog through the Makefile. */
void cli_print_version(const char *prog, FILE *f);

#endif
