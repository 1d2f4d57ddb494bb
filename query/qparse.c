/* qparse.c: the query language parser (lexer, recursive descent, rendering). */
#include "qparse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "text.h"
#include "xalloc.h"

/* Choices the header leaves open, fixed here:
 * - A lone '-' (followed by white space, ')' or the end) is a syntax error,
 *   like NOT without an operand; '-' inside or at the end of a word is text.
 * - A word whose first ':' has an empty or unknown name before it is a
 *   syntax error (at the word's column), so 12:30 or http://x are errors.
 * - Field values are literal text (no prefix '*'); a value may be quoted.
 *   An empty value is an error at the column where the value should start.
 * - A phrase has its white space collapsed to single spaces; an empty or
 *   blank phrase is an error at its opening quote.
 * - Trailing stars are all stripped: "capacit**" is (PREFIX "capacit"); a
 *   word made only of stars stays a TEXT word.
 * - NEAR/N takes 1 <= N <= QPARSE_NEAR_MAX. A chain "a NEAR b NEAR c" with
 *   one distance is a single NEAR node with three children; a change of
 *   distance nests to the left.
 * - Each '(' and each NOT or '-' adds one level of depth; a level past
 *   QPARSE_MAX_DEPTH is ERR_LIMIT at the column of that token. */
#define QPARSE_NEAR_MAX 1000
#define RANGE_MAX_DIGITS 9 /* keeps session and year values inside a long */

enum tok_kind {
	TK_END,
	TK_OPERAND, /* a ready node: word, prefix, phrase or filter */
	TK_LPAREN,
	TK_RPAREN,
	TK_OR,
	TK_AND,
	TK_NOT, /* NOT or a leading '-' */
	TK_NEAR,
};

struct query_token {
	enum tok_kind kind;
	int column;
	int distance;       /* TK_NEAR */
	int dash;           /* TK_NOT written as '-' (for messages) */
	struct qnode *node; /* TK_OPERAND, until the parser takes it */
};

struct query_parser {
	struct query_token *toks;
	size_t n, cap, pos;
	struct errbuf *eb;
};

/* Write a message and a column into eb and return code. */
static int fail(struct errbuf *eb, int code, int column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(struct errbuf *eb, int code, int column, const char *fmt, ...)
{
	char msg[ERRBUF_SIZE];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	errbuf_set(eb, code, "%s", msg);
	if (eb)
		eb->column = column;
	return code;
}

/* ---- nodes ---- */

struct qnode *qnode_new(enum qnode_type type, int column)
{
	struct qnode *n = xcalloc(1, sizeof *n);

	n->type = type;
	n->column = column;
	if (type == QN_NEAR)
		n->distance = QPARSE_NEAR_DEFAULT;
	return n;
}

/* Children arrays are only grown here, so their capacity is implicit: 4
 * while n_children <= 4, then the next power of two. */
void qnode_add_child(struct qnode *parent, struct qnode *child)
{
	size_t n = parent->n_children;

	if (n == 0)
		parent->children = xmalloc(4 * sizeof *parent->children);
	else if (n >= 4 && (n & (n - 1)) == 0)
		parent->children = xrealloc(parent->children,
		                            2 * n * sizeof *parent->children);
	parent->children[n] = child;
	parent->n_children = n + 1;
}

void qnode_free(struct qnode *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->n_children; i++)
		qnode_free(n->children[i]);
	free(n->children);
	free(n->text);
	free(n);
}

/* Add child to parent; a child of the same AND/OR type gives its children
 * instead (flattening), and its shell is freed. */
static void add_flat(struct qnode *parent, struct qnode *child)
{
	size_t i;

	if (child->type != parent->type) {
		qnode_add_child(parent, child);
		return;
	}
	for (i = 0; i < child->n_children; i++)
		qnode_add_child(parent, child->children[i]);
	child->n_children = 0;
	qnode_free(child);
}

/* An AND/OR with one child becomes that child. */
static struct qnode *collapse(struct qnode *n)
{
	struct qnode *only;

	if (n->n_children != 1)
		return n;
	only = n->children[0];
	n->n_children = 0;
	qnode_free(n);
	return only;
}

/* ---- lexer ---- */

static int is_word_char(char c)
{
	return c != '\0' && !text_is_ascii_space((unsigned char)c) && c != '"' && c != '(' && c != ')';
}

static struct query_token *push(struct query_parser *p, enum tok_kind kind, int column)
{
	struct query_token *t;

	p->toks = xgrow(p->toks, &p->cap, p->n + 1, sizeof *p->toks);
	t = &p->toks[p->n++];
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->column = column;
	return t;
}

/* Copy s[0..len) collapsing white-space runs to one space and trimming. */
static char *collapse_space(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i;
	int gap = 0;

	for (i = 0; i < len; i++) {
		if (text_is_ascii_space((unsigned char)s[i])) {
			gap = 1;
			continue;
		}
		if (gap && b.len)
			buf_append_byte(&b, ' ');
		gap = 0;
		buf_append_byte(&b, (unsigned char)s[i]);
	}
	if (!b.len)
		return NULL;
	return buf_detach(&b, NULL);
}

/* Parse "N" or "N..M" (non-negative, lo <= hi) from s[0..len). */
static int parse_range(const char *s, size_t len, long *lo, long *hi)
{
	size_t i = 0, digits;
	long v[2] = { 0, 0 };
	int k;

	for (k = 0; k < 2; k++) {
		digits = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			if (++digits > RANGE_MAX_DIGITS)
				return -1;
			v[k] = v[k] * 10 + (s[i++] - '0');
		}
		if (!digits)
			return -1;
		if (k == 0) {
			if (i == len) {
				v[1] = v[0];
				break;
			}
			if (len - i < 2 || s[i] != '.' || s[i + 1] != '.')
				return -1;
			i += 2;
		} else if (i != len) {
			return -1;
		}
	}
	if (v[0] > v[1])
		return -1;
	*lo = v[0];
	*hi = v[1];
	return 0;
}

static const char *const field_names[] = {
	[QF_SYMBOL] = "symbol", [QF_SESSION] = "session", [QF_YEAR] = "year",
	[QF_KIND] = "kind",     [QF_VERB] = "verb",     [QF_CITES] = "cites",
};
#define N_FIELDS (sizeof field_names / sizeof field_names[0])

/* Lex a field filter whose name is q[start..colon) at column start+1;
 * *pos is just past the ':'. On success the value is consumed. */
static int lex_field(struct query_parser *p, const char *q, size_t start,
                     size_t colon, size_t *pos)
{
	size_t nlen = colon - start, i = *pos, vstart, vlen;
	int col = (int)start + 1, vcol = (int)i + 1;
	struct qnode *n;
	size_t f;

	for (f = 0; f < N_FIELDS; f++)
		if (strlen(field_names[f]) == nlen &&
		    strncasecmp(q + start, field_names[f], nlen) == 0)
			break;
	if (nlen == 0)
		return fail(p->eb, ERR_SYNTAX, col, "missing field name before ':'");
	if (f == N_FIELDS)
		return fail(p->eb, ERR_SYNTAX, col, "unknown field '%.*s'",
		            nlen > 64 ? 64 : (int)nlen, q + start);
	if (q[i] == '"') {
		const char *end = strchr(q + i + 1, '"');

		if (!end)
			return fail(p->eb, ERR_SYNTAX, vcol, "unbalanced '\"'");
		vstart = i + 1;
		vlen = (size_t)(end - (q + vstart));
		*pos = (size_t)(end - q) + 1;
	} else {
		vstart = i;
		while (is_word_char(q[i]))
			i++;
		vlen = i - vstart;
		*pos = i;
	}
	n = qnode_new(QN_FILTER, col);
	n->field = (enum qfield)f;
	if (f == QF_SESSION || f == QF_YEAR) {
		if (parse_range(q + vstart, vlen, &n->lo, &n->hi) < 0) {
			qnode_free(n);
			if (vlen == 0)
				return fail(p->eb, ERR_SYNTAX, vcol,
				            "empty value for field '%s'", field_names[f]);
			return fail(p->eb, ERR_SYNTAX, vcol,
			            "bad value for field '%s': want N or N..M with N <= M",
			            field_names[f]);
		}
	} else {
		n->text = collapse_space(q + vstart, vlen);
		if (!n->text) {
			qnode_free(n);
			return fail(p->eb, ERR_SYNTAX, vcol,
			            "empty value for field '%s'", field_names[f]);
		}
	}
	push(p, TK_OPERAND, col)->node = n;
	return 0;
}

/* Lex the word q[start..end): an operator, a filter, a prefix or text. */
static int lex_word(struct query_parser *p, const char *q, size_t start, size_t *pos)
{
	size_t end = *pos, len = end - start, stem;
	int exact;
	const char *w = q + start;
	const char *colon = memchr(w, ':', len);
	int col = (int)start + 1;
	struct qnode *n;

	if (len == 2 && memcmp(w, "OR", 2) == 0) {
		push(p, TK_OR, col);
		return 0;
	}
	if (len == 3 && memcmp(w, "AND", 3) == 0) {
		push(p, TK_AND, col);
		return 0;
	}
	if (len == 3 && memcmp(w, "NOT", 3) == 0) {
		push(p, TK_NOT, col);
		return 0;
	}
	if (len >= 4 && memcmp(w, "NEAR", 4) == 0 && (len == 4 || w[4] == '/')) {
		long d = QPARSE_NEAR_DEFAULT;

		if (len > 4) {
			size_t i;

			d = 0;
			for (i = 5; i < len && w[i] >= '0' && w[i] <= '9'; i++)
				if ((d = d * 10 + (w[i] - '0')) > QPARSE_NEAR_MAX)
					break;
			if (i == 5 || i != len || d < 1 || d > QPARSE_NEAR_MAX)
				return fail(p->eb, ERR_SYNTAX, col + 5,
				            "NEAR/N needs 1 <= N <= %d", QPARSE_NEAR_MAX);
		}
		push(p, TK_NEAR, col)->distance = (int)d;
		return 0;
	}
	if (colon) {
		*pos = (size_t)(colon - q) + 1;
		return lex_field(p, q, start, (size_t)(colon - q), pos);
	}
	for (stem = len; stem > 0 && w[stem - 1] == '*'; stem--)
		;
	exact = w[0] == '=' && stem > 1; /* "=" and "=*" are plain text */
	if (stem > (size_t)exact && stem < len) {
		/* A prefix is matched on surface forms already: '=' adds nothing. */
		n = qnode_new(QN_PREFIX, col);
		n->text = xstrndup(w + exact, stem - (size_t)exact);
	} else {
		n = qnode_new(QN_TEXT, col);
		n->text = xstrndup(w + exact, len - (size_t)exact);
		n->exact = exact;
	}
	push(p, TK_OPERAND, col)->node = n;
	return 0;
}

/* Turn the whole query into tokens ending with TK_END. */
static int lex(struct query_parser *p, const char *q)
{
	size_t i = 0, start;
	int rc;

	for (;;) {
		while (text_is_ascii_space((unsigned char)q[i]))
			i++;
		start = i;
		if (q[i] == '\0') {
			push(p, TK_END, (int)i + 1);
			return 0;
		}
		if (q[i] == '(' || q[i] == ')') {
			push(p, q[i] == '(' ? TK_LPAREN : TK_RPAREN, (int)i + 1);
			i++;
		} else if (q[i] == '"') {
			const char *end = strchr(q + i + 1, '"');
			struct qnode *n;

			if (!end)
				return fail(p->eb, ERR_SYNTAX, (int)i + 1, "unbalanced '\"'");
			n = qnode_new(QN_TEXT, (int)i + 1);
			n->quoted = 1;
			n->text = collapse_space(q + i + 1, (size_t)(end - q) - i - 1);
			if (!n->text) {
				qnode_free(n);
				return fail(p->eb, ERR_SYNTAX, (int)i + 1, "empty phrase");
			}
			push(p, TK_OPERAND, (int)i + 1)->node = n;
			i = (size_t)(end - q) + 1;
		} else if (q[i] == '-') {
			if (!is_word_char(q[i + 1]) && q[i + 1] != '"' && q[i + 1] != '(')
				return fail(p->eb, ERR_SYNTAX, (int)i + 1,
				            "'-' without an operand");
			push(p, TK_NOT, (int)i + 1)->dash = 1;
			i++;
		} else {
			while (is_word_char(q[i]))
				i++;
			if ((rc = lex_word(p, q, start, &i)) < 0)
				return rc;
		}
	}
}

/* ---- parser ---- */

static const struct query_token *peek(const struct query_parser *p)
{
	return &p->toks[p->pos];
}

/* Can this token start a unary (an AND operand)? */
static int starts_unary(const struct query_token *t)
{
	return t->kind == TK_OPERAND || t->kind == TK_LPAREN || t->kind == TK_NOT;
}

static const char *op_name(const struct query_token *t)
{
	switch (t->kind) {
	case TK_OR: return "OR";
	case TK_AND: return "AND";
	case TK_NOT: return t->dash ? "-" : "NOT";
	case TK_NEAR: return "NEAR";
	default: return "?";
	}
}

static int parse_or(struct query_parser *p, int depth, struct qnode **out);

static int parse_primary(struct query_parser *p, int depth, struct qnode **out)
{
	struct query_token *t = &p->toks[p->pos];
	int rc;

	switch (t->kind) {
	case TK_OPERAND:
		*out = t->node;
		t->node = NULL;
		p->pos++;
		return 0;
	case TK_LPAREN:
		if (depth >= QPARSE_MAX_DEPTH)
			return fail(p->eb, ERR_LIMIT, t->column,
			            "nesting deeper than %d", QPARSE_MAX_DEPTH);
		p->pos++;
		if (peek(p)->kind == TK_RPAREN)
			return fail(p->eb, ERR_SYNTAX, t->column, "empty parentheses");
		if (peek(p)->kind == TK_END)
			return fail(p->eb, ERR_SYNTAX, t->column, "unbalanced '('");
		if ((rc = parse_or(p, depth + 1, out)) < 0)
			return rc;
		if (peek(p)->kind != TK_RPAREN) {
			qnode_free(*out);
			*out = NULL;
			return fail(p->eb, ERR_SYNTAX, t->column, "unbalanced '('");
		}
		p->pos++;
		return 0;
	case TK_RPAREN:
		return fail(p->eb, ERR_SYNTAX, t->column, "unbalanced ')'");
	case TK_END:
		return fail(p->eb, ERR_SYNTAX, t->column, "missing operand");
	default:
		return fail(p->eb, ERR_SYNTAX, t->column, "'%s' without an operand",
		            op_name(t));
	}
}

static int parse_near(struct query_parser *p, int depth, struct qnode **out)
{
	struct qnode *left, *right, *chain = NULL;
	const struct query_token *op;
	int rc;

	if ((rc = parse_primary(p, depth, &left)) < 0)
		return rc;
	while ((op = peek(p))->kind == TK_NEAR) {
		p->pos++;
		if (peek(p)->kind != TK_OPERAND && peek(p)->kind != TK_LPAREN) {
			qnode_free(left);
			return fail(p->eb, ERR_SYNTAX, op->column,
			            "'NEAR' without an operand");
		}
		if ((rc = parse_primary(p, depth, &right)) < 0) {
			qnode_free(left);
			return rc;
		}
		/* Extend the chain this loop built when the distance is the same;
		 * a NEAR written in parentheses is never extended. */
		if (left == chain && chain->distance == op->distance) {
			qnode_add_child(chain, right);
			continue;
		}
		chain = qnode_new(QN_NEAR, left->column);
		chain->distance = op->distance;
		qnode_add_child(chain, left);
		qnode_add_child(chain, right);
		left = chain;
	}
	*out = left;
	return 0;
}

static int parse_unary(struct query_parser *p, int depth, struct qnode **out)
{
	const struct query_token *t = peek(p);
	struct qnode *child, *n;
	int rc;

	if (t->kind != TK_NOT)
		return parse_near(p, depth, out);
	if (depth >= QPARSE_MAX_DEPTH)
		return fail(p->eb, ERR_LIMIT, t->column, "nesting deeper than %d",
		            QPARSE_MAX_DEPTH);
	p->pos++;
	if (!starts_unary(peek(p)))
		return fail(p->eb, ERR_SYNTAX, t->column, "'%s' without an operand",
		            op_name(t));
	if ((rc = parse_unary(p, depth + 1, &child)) < 0)
		return rc;
	n = qnode_new(QN_NOT, t->column);
	qnode_add_child(n, child);
	*out = n;
	return 0;
}

/* Parse a list of sub-expressions joined by `kind` (TK_AND with implicit
 * AND allowed, or TK_OR) into one flattened, collapsed node. */
static int parse_list(struct query_parser *p, int depth, enum tok_kind kind,
                      struct qnode **out)
{
	struct qnode *list = NULL, *item;
	const struct query_token *t;
	int rc;

	for (;;) {
		rc = kind == TK_OR ? parse_list(p, depth, TK_AND, &item)
		                   : parse_unary(p, depth, &item);
		if (rc < 0) {
			qnode_free(list);
			return rc;
		}
		if (!list)
			list = qnode_new(kind == TK_OR ? QN_OR : QN_AND, item->column);
		add_flat(list, item);
		t = peek(p);
		if (t->kind == kind) {
			p->pos++;
			if (!starts_unary(peek(p))) {
				qnode_free(list);
				return fail(p->eb, ERR_SYNTAX, t->column,
				            "'%s' without an operand", op_name(t));
			}
		} else if (!(kind == TK_AND && starts_unary(t))) {
			break;
		}
	}
	*out = collapse(list);
	return 0;
}

static int parse_or(struct query_parser *p, int depth, struct qnode **out)
{
	return parse_list(p, depth, TK_OR, out);
}

int qparse_parse(const char *query, struct qnode **out, struct errbuf *eb)
{
	struct query_parser p = { NULL, 0, 0, 0, eb };
	size_t len = strnlen(query, QPARSE_MAX_LENGTH + 1), i;
	struct qnode *root = NULL;
	int rc;

	*out = NULL;
	if (len > QPARSE_MAX_LENGTH)
		return fail(eb, ERR_LIMIT, QPARSE_MAX_LENGTH + 1,
		            "query longer than %d bytes", QPARSE_MAX_LENGTH);
	rc = lex(&p, query);
	if (rc == 0 && p.toks[0].kind == TK_END)
		rc = fail(eb, ERR_SYNTAX, 1, "empty query");
	if (rc == 0)
		rc = parse_or(&p, 0, &root);
	if (rc == 0 && peek(&p)->kind != TK_END) {
		/* parse_list consumes every token but a ')' */
		rc = fail(eb, ERR_SYNTAX, peek(&p)->column, "unbalanced ')'");
		qnode_free(root);
		root = NULL;
	}
	for (i = 0; i < p.n; i++)
		qnode_free(p.toks[i].node);
	free(p.toks);
	if (rc == 0)
		*out = root;
	return rc;
}

/* ---- rendering ---- */

static void render_string(struct buf *b, const char *s)
{
	buf_append_byte(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_append_byte(b, '\\');
		buf_append_byte(b, (unsigned char)*s);
	}
	buf_append_byte(b, '"');
}

static void render(struct buf *b, const struct qnode *n)
{
	size_t i;

	switch (n->type) {
	case QN_TEXT:
		buf_append_str(b, n->quoted ? "(PHRASE " : n->exact ? "(EXACT " : "(TEXT ");
		render_string(b, n->text ? n->text : "");
		break;
	case QN_PREFIX:
		buf_append_str(b, "(PREFIX ");
		render_string(b, n->text ? n->text : "");
		break;
	case QN_AND: buf_append_str(b, "(AND"); break;
	case QN_OR: buf_append_str(b, "(OR"); break;
	case QN_NOT: buf_append_str(b, "(NOT"); break;
	case QN_NEAR: buf_printf(b, "(NEAR/%d", n->distance); break;
	case QN_FILTER:
		buf_printf(b, "(FILTER %s ", (size_t)n->field < N_FIELDS ?
		           field_names[n->field] : "?");
		if (n->field == QF_SESSION || n->field == QF_YEAR) {
			if (n->lo == n->hi)
				buf_printf(b, "%ld", n->lo);
			else
				buf_printf(b, "%ld..%ld", n->lo, n->hi);
		} else {
			render_string(b, n->text ? n->text : "");
		}
		break;
	}
	for (i = 0; i < n->n_children; i++) {
		buf_append_byte(b, ' ');
		render(b, n->children[i]);
	}
	buf_append_byte(b, ')');
}

char *qnode_to_string(const struct qnode *n)
{
	struct buf b = BUF_INIT;

	if (!n)
		return xstrdup("()");
	render(&b, n);
	return buf_detach(&b, NULL);
}
