/* qparse.h: the query language parser. Turns what a user typed into a tree;
 * it does no text analysis (evaluation runs the analyzer over each text
 * node), so it knows nothing about stems or the index.
 *
 * Grammar (precedence from loose to tight):
 *   query   := or
 *   or      := and ( "OR" and )*
 *   and     := unary ( ["AND"] unary )*          implicit AND
 *   unary   := ("-" | "NOT") unary | near
 *   near    := primary ( "NEAR" ["/" N] primary )*   default N = 10
 *   primary := "(" or ")" | '"' words '"' | FIELD ":" value | word | word "*"
 * Operators are upper-case (a lower-case "or" is a word). A word is any run
 * of characters other than white space, quotes and parentheses, so UN
 * symbols typed as written (A/RES/74/29, E/CN.6/2020/L.1) are single text
 * nodes that analysis later splits into a phrase. A colon makes a filter
 * only after a known field name; an unknown name before a colon is a syntax
 * error (with the column of the name).
 *
 * A word written "=word" (=Estado) means that surface form only: case and
 * accents folded, not stemmed (Estado, estado, ESTADO; not Estados).
 *
 * Fields: symbol:S  session:N | session:N..M  year:N | year:N..M
 *         kind:K  verb:W. */
#ifndef UNSEARCH_QPARSE_H
#define UNSEARCH_QPARSE_H

#include <stddef.h>

#include "err.h"

#define QPARSE_MAX_LENGTH 4096 /* bytes of one query */
#define QPARSE_MAX_DEPTH 32    /* nesting of parentheses and operators */
#define QPARSE_NEAR_DEFAULT 10

enum qnode_type {
	QN_TEXT,   /* text: a word or a quoted phrase (quoted = 1) */
	QN_PREFIX, /* text: the prefix before '*' */
	QN_AND,    /* children */
	QN_OR,     /* children */
	QN_NOT,    /* one child; only meaningful inside an AND */
	QN_NEAR,   /* children (>= 2), distance */
	QN_FILTER, /* field and value */
};

enum qfield {
	QF_SYMBOL,  /* text: the symbol as typed */
	QF_SESSION, /* lo..hi */
	QF_YEAR,    /* lo..hi */
	QF_KIND,    /* text: a kind name (validated by the caller) */
	QF_VERB,    /* text: a verb in any form */
	QF_CITES,   /* text: a cited symbol as typed (symbol.h normalises it) */
};

struct qnode {
	enum qnode_type type;
	int column;            /* 1-based byte column where the node starts */
	char *text;            /* QN_TEXT, QN_PREFIX, QN_FILTER text values */
	int quoted;            /* QN_TEXT: written between double quotes */
	int exact;             /* QN_TEXT: written =word: this surface form only */
	enum qfield field;     /* QN_FILTER */
	long lo, hi;           /* QN_FILTER numeric range, inclusive */
	int distance;          /* QN_NEAR: max positions between neighbours */
	struct qnode **children;
	size_t n_children;
};

/* Parse query (NUL-terminated). Returns 0 and a tree in *out (free with
 * qnode_free), or ERR_SYNTAX with eb->msg saying what is wrong and
 * eb->column the 1-based column to point at (unbalanced quote or
 * parenthesis, unknown field, bad range, empty query, operator without an
 * operand), or ERR_LIMIT past QPARSE_MAX_LENGTH / QPARSE_MAX_DEPTH. */
int qparse_parse(const char *query, struct qnode **out, struct errbuf *eb);

void qnode_free(struct qnode *n); /* NULL is a no-op; frees the subtree */

/* Allocate nodes: used by the parser and by main to add option filters. */
struct qnode *qnode_new(enum qnode_type type, int column);
void qnode_add_child(struct qnode *parent, struct qnode *child);

/* A stable one-line rendering such as (AND (TEXT "a") (NOT (TEXT "b"))),
 * for tests and --explain; the caller frees the result. */
char *qnode_to_string(const struct qnode *n);

#endif
