/* test_qparse.c: unit tests for the query parser, driven by tests/cases/qparse.cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "../../query/qparse.h"
#include "xalloc.h"

#define CASES_PATH "tests/cases/qparse.cases"

/* Parse q and return its rendering (caller frees), or NULL on error with
 * *rc and eb filled. */
static char *parse_render(const char *q, int *rc, struct errbuf *eb)
{
	struct qnode *n = NULL;
	char *s;

	eb->msg[0] = '\0';
	eb->column = 0;
	*rc = qparse_parse(q, &n, eb);
	if (*rc < 0)
		return NULL;
	s = qnode_to_string(n);
	qnode_free(n);
	return s;
}

/* Check one "query<TAB>expected" line of the cases file. */
static void check_case(struct harness *h, const char *file, int lineno,
                       const char *q, const char *want)
{
	struct errbuf eb;
	int rc, col;
	char *got = parse_render(q, &rc, &eb);

	if (sscanf(want, "ERROR %d", &col) == 1 ||
	    sscanf(want, "LIMIT %d", &col) == 1) {
		int want_rc = want[0] == 'E' ? ERR_SYNTAX : ERR_LIMIT;

		if (rc != want_rc || eb.column != col)
			harness_fail(h, file, lineno,
			             "[%s]: want %s, got rc %d column %d (%s) %s", q,
			             want, rc, eb.column, eb.msg, got ? got : "");
		else if (!eb.msg[0])
			harness_fail(h, file, lineno, "[%s]: empty message", q);
	} else if (!got || strcmp(got, want) != 0) {
		harness_fail(h, file, lineno, "[%s]: want %s, got %s", q, want,
		             got ? got : eb.msg);
	}
	free(got);
}

static void test_cases_file(struct harness *h)
{
	int n = harness_cases(h, CASES_PATH, check_case);

	CHECK(h, n >= 40);
}

static void test_columns(struct harness *h)
{
	struct qnode *n = NULL;
	struct errbuf eb;

	CHECK_INT_EQ(h, qparse_parse("  a -\"b c\" year:2019", &n, &eb), 0);
	if (!n)
		return;
	CHECK_INT_EQ(h, n->type, QN_AND);
	CHECK_INT_EQ(h, n->column, 3);
	CHECK_INT_EQ(h, n->n_children, 3);
	CHECK_INT_EQ(h, n->children[0]->column, 3);
	CHECK_INT_EQ(h, n->children[1]->type, QN_NOT);
	CHECK_INT_EQ(h, n->children[1]->column, 5);
	CHECK_INT_EQ(h, n->children[1]->children[0]->column, 6);
	CHECK_INT_EQ(h, n->children[1]->children[0]->quoted, 1);
	CHECK_INT_EQ(h, n->children[2]->column, 12);
	CHECK_INT_EQ(h, n->children[2]->field, QF_YEAR);
	CHECK_INT_EQ(h, n->children[2]->lo, 2019);
	CHECK_INT_EQ(h, n->children[2]->hi, 2019);
	qnode_free(n);
}

static void test_messages(struct harness *h)
{
	struct qnode *n = NULL;
	struct errbuf eb;

	CHECK_INT_EQ(h, qparse_parse("paz xyz:1", &n, &eb), ERR_SYNTAX);
	CHECK(h, n == NULL);
	CHECK_STR_EQ(h, eb.msg, "unknown field 'xyz'");
	CHECK_INT_EQ(h, eb.column, 5);
	CHECK_INT_EQ(h, qparse_parse("a OR", &n, &eb), ERR_SYNTAX);
	CHECK_STR_EQ(h, eb.msg, "'OR' without an operand");
	CHECK_INT_EQ(h, qparse_parse("(a", &n, &eb), ERR_SYNTAX);
	CHECK_STR_EQ(h, eb.msg, "unbalanced '('");
	/* a NULL errbuf is allowed */
	CHECK_INT_EQ(h, qparse_parse("\"a", &n, NULL), ERR_SYNTAX);
}

static void test_limits(struct harness *h)
{
	char *q = xmalloc(QPARSE_MAX_LENGTH + 2);
	struct qnode *n = NULL;
	struct errbuf eb;
	int i;

	memset(q, 'a', QPARSE_MAX_LENGTH);
	q[QPARSE_MAX_LENGTH] = '\0';
	CHECK_INT_EQ(h, qparse_parse(q, &n, &eb), 0);
	qnode_free(n);
	q[QPARSE_MAX_LENGTH] = 'a';
	q[QPARSE_MAX_LENGTH + 1] = '\0';
	CHECK_INT_EQ(h, qparse_parse(q, &n, &eb), ERR_LIMIT);
	CHECK_INT_EQ(h, eb.column, QPARSE_MAX_LENGTH + 1);
	/* NOT chains count as depth too */
	for (i = 0; i < QPARSE_MAX_DEPTH + 1; i++)
		q[i] = '-';
	strcpy(q + QPARSE_MAX_DEPTH + 1, "a");
	CHECK_INT_EQ(h, qparse_parse(q, &n, &eb), ERR_LIMIT);
	CHECK_INT_EQ(h, eb.column, QPARSE_MAX_DEPTH + 1);
	/* a long flat query is no deeper than a short one */
	for (i = 0; i + 2 <= QPARSE_MAX_LENGTH; i += 2)
		memcpy(q + i, "a ", 2);
	q[i] = '\0';
	CHECK_INT_EQ(h, qparse_parse(q, &n, &eb), 0);
	CHECK_INT_EQ(h, n ? n->n_children : 0, QPARSE_MAX_LENGTH / 2);
	qnode_free(n);
	free(q);
}

static void test_builder(struct harness *h)
{
	static const char head[] = "(AND (TEXT \"x\") (TEXT \"x\")";
	struct qnode *and = qnode_new(QN_AND, 1), *f = qnode_new(QN_FILTER, 0);
	char *s;
	int i;

	for (i = 0; i < 20; i++) {
		struct qnode *t = qnode_new(QN_TEXT, 1);

		t->text = xstrdup("x");
		qnode_add_child(and, t);
	}
	f->field = QF_SESSION;
	f->lo = 70;
	f->hi = 74;
	qnode_add_child(and, f);
	s = qnode_to_string(and);
	CHECK(h, strncmp(s, head, strlen(head)) == 0);
	CHECK(h, strstr(s, " (FILTER session 70..74))") != NULL);
	free(s);
	qnode_free(and);
	qnode_free(NULL);
	s = qnode_to_string(NULL);
	CHECK_STR_EQ(h, s, "()");
	free(s);
}

/* Random short queries over the operator alphabet: each must parse or fail
 * with a column inside the query (or just past it), never crash. */
static void test_random(struct harness *h)
{
	static const char alphabet[] = "a \"()-*:/ORNEA";
	unsigned long long seed = 0x9e3779b97f4a7c15ULL;
	char q[32];
	int i, bad = 0;

	for (i = 0; i < 100000; i++) {
		struct qnode *n = NULL;
		struct errbuf eb;
		size_t len, j;
		int rc;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		len = (size_t)(seed >> 59); /* 0..31 */
		for (j = 0; j < len; j++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			q[j] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
		}
		q[len] = '\0';
		rc = qparse_parse(q, &n, &eb);
		if (rc == 0) {
			char *s = qnode_to_string(n);

			if (!n || !s[0])
				bad++;
			free(s);
			qnode_free(n);
		} else if (rc != ERR_SYNTAX || eb.column < 1 ||
		           eb.column > (int)len + 1 || n != NULL) {
			if (bad++ < 3)
				harness_fail(h, __FILE__, __LINE__,
				             "[%s]: rc %d column %d", q, rc, eb.column);
		}
	}
	CHECK_INT_EQ(h, bad, 0);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_qparse");

	HARNESS_RUN(&h, test_cases_file);
	HARNESS_RUN(&h, test_columns);
	HARNESS_RUN(&h, test_messages);
	HARNESS_RUN(&h, test_limits);
	HARNESS_RUN(&h, test_builder);
	HARNESS_RUN(&h, test_random);
	return harness_finish(&h);
}
