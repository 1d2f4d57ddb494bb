/* plan.c: compiling a parsed query into the matcher tree of _eval.h: words
 * through the accent-insensitive lexicon, phrases, prefixes, filters, stop
 * words dropped, the exact-phrase bonus, and the highlight patterns. */
#include "_eval.h"

#include <stdlib.h>
#include <string.h>

#include "clause_kind.h"
#include "text.h"
#include "xalloc.h"

static struct matcher *matcher_new(struct query_plan *p, enum mtype type)
{
	struct matcher *m = xcalloc(1, sizeof *m);

	m->type = type;
	m->cur = 0;
	p->all = xgrow(p->all, &p->all_cap, p->n_all + 1, sizeof *p->all);
	p->all[p->n_all++] = m;
	return m;
}

static void matcher_push(struct matcher ***arr, size_t *n, size_t *cap,
                         struct matcher *k)
{
	*arr = xgrow(*arr, cap, *n + 1, sizeof **arr);
	(*arr)[(*n)++] = k;
}

static void matcher_free(struct matcher *m)
{
	for (size_t i = 0; i < m->n_terms; i++) {
		posting_reader_release(&m->readers[i]);
		free(m->terms[i]);
	}
	free(m->readers);
	free(m->ended);
	free(m->term_ids);
	free(m->terms);
	free(m->pos);
	free(m->kids);
	free(m->negs);
	free(m->opts);
	free(m->label);
	free(m->symbol);
	free(m->citing);
	free(m);
}

void plan_free(struct query_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_all; i++)
		matcher_free(p->all[i]);
	free(p->all);
	free(p->pats);
	free(p->slots);
	free(p);
}

int plan_reset(struct query_plan *p, struct errbuf *eb)
{
	p->doc_cache_id = UINT32_MAX;
	for (size_t i = 0; i < p->n_all; i++) {
		struct matcher *m = p->all[i];
		m->cur = 0;
		m->started = 0;
		for (size_t t = 0; t < m->n_terms; t++) {
			int rc;
			posting_reader_release(&m->readers[t]);
			m->ended[t] = 0;
			if ((rc = posting_reader_open(p->ix, m->term_ids[t],
			                              &m->readers[t], eb)))
				return rc;
		}
	}
	return 0;
}

/* ---- compiling the query tree ---- */

struct compile_ctx {
	struct query_plan *p;
	struct analyzer *an;
	struct buf *notices;
	struct errbuf *eb;
};

/* A terms matcher over ids (ascending, may be empty). */
static int terms_matcher(struct compile_ctx *c, const uint32_t *ids, size_t n,
                         const char *label, struct matcher **out)
{
	struct matcher *m = matcher_new(c->p, M_TERMS);
	int rc;

	m->label = xstrdup(label);
	m->scoring = 1;
	m->n_terms = n;
	m->readers = xcalloc(n ? n : 1, sizeof *m->readers);
	m->ended = xcalloc(n ? n : 1, 1);
	m->term_ids = xmalloc((n ? n : 1) * sizeof *m->term_ids);
	m->terms = xcalloc(n ? n : 1, sizeof *m->terms);
	for (size_t i = 0; i < n; i++) {
		struct term_info ti;
		m->term_ids[i] = ids[i];
		if ((rc = index_term_info(c->p->ix, ids[i], &ti, c->eb)))
			return rc;
		m->terms[i] = xstrndup(ti.term, ti.term_len);
		if (ti.df > m->df)
			m->df = ti.df;
	}
	*out = m;
	return 0;
}

/* Collects the tokens of one query word. */
struct word_tokens {
	struct token *toks;
	size_t n, cap;
};

static int collect_token(void *ctx, const struct token *t)
{
	struct word_tokens *w = ctx;

	w->toks = xgrow(w->toks, &w->cap, w->n + 1, sizeof *w->toks);
	w->toks[w->n++] = *t;
	return 0;
}

/* The terms matcher of one analysed token: every term its key maps to. */
static int token_matcher(struct compile_ctx *c, const struct token *t,
                         struct matcher **out)
{
	uint32_t *ids = NULL;
	size_t n = 0;
	int rc = index_key_terms(c->p->ix, t->key, t->key_len, &ids, &n, c->eb);

	if (rc == ERR_NOTFOUND)
		rc = 0, n = 0;
	if (!rc)
		rc = terms_matcher(c, ids, n, t->folded, out);
	free(ids);
	if (!rc)
		(*out)->stopword = t->stopword;
	return rc;
}

/* "74/29", "A/RES/74/29", "E/CN.6/2020/L.1": a slash and a digit. */
static int looks_like_symbol(const char *s)
{
	return strchr(s, '/') && strpbrk(s, "0123456789");
}

/* A word or quoted phrase: NULL when it has no tokens at all. */
static int compile_text(struct compile_ctx *c, const struct qnode *q,
                        struct matcher **out)
{
	struct word_tokens w = { NULL, 0, 0 };
	int rc = 0;

	*out = NULL;
	analyzer_run(c->an, q->text, strlen(q->text), 0, collect_token, &w);
	if (w.n == 1) {
		rc = token_matcher(c, &w.toks[0], out);
		if (!rc && q->quoted)
			(*out)->stopword = 0;
	} else if (w.n > 1) {
		struct matcher *ph = matcher_new(c->p, M_PHRASE);
		ph->label = xstrdup(q->text);
		for (size_t i = 0; i < w.n && !rc; i++) {
			struct matcher *slot;
			if (!(rc = token_matcher(c, &w.toks[i], &slot))) {
				slot->scoring = 0;
				matcher_push(&ph->kids, &ph->n_kids, &ph->kids_cap, slot);
			}
		}
		*out = ph;
	}
	free(w.toks);
	if (!rc && looks_like_symbol(q->text)) {
		/* A UN symbol typed as written also names its resolution. */
		struct matcher *or = matcher_new(c->p, M_OR), *f = matcher_new(c->p, M_FILTER);
		f->field = QF_SYMBOL;
		f->symbol = symbol_normalise(q->text);
		if (*out)
			matcher_push(&or->kids, &or->n_kids, &or->kids_cap, *out);
		matcher_push(&or->kids, &or->n_kids, &or->kids_cap, f);
		*out = or;
	}
	return rc;
}

static int compile_prefix(struct compile_ctx *c, const struct qnode *q,
                          struct matcher **out)
{
	struct buf folded = BUF_INIT;
	uint32_t *ids = NULL;
	size_t n = 0;
	int capped = 0, rc;

	if (text_fold(q->text, strlen(q->text), &folded)) {
		buf_release(&folded);
		return errbuf_set(c->eb, ERR_SYNTAX, "prefix '%s' is not valid text", q->text);
	}
	rc = index_prefix_terms(c->p->ix, folded.data ? folded.data : "", folded.len,
	                        EVAL_PREFIX_MAX_WORDS, &ids, &n, &capped, c->eb);
	if (!rc && capped && c->notices)
		buf_printf(c->notices,
		           "prefix '%s*' matches more than %d words; only the first %d are searched\n",
		           q->text, EVAL_PREFIX_MAX_WORDS, EVAL_PREFIX_MAX_WORDS);
	if (!rc) {
		buf_reset(&folded);
		buf_printf(&folded, "%s*", q->text);
		rc = terms_matcher(c, ids, n, folded.data, out);
	}
	free(ids);
	buf_release(&folded);
	return rc;
}

static int compile_filter(struct compile_ctx *c, const struct qnode *q,
                          struct matcher **out)
{
	struct matcher *m;
	int rc;

	if (q->field == QF_VERB) {
		struct word_tokens w = { NULL, 0, 0 };
		analyzer_run(c->an, q->text, strlen(q->text), 0, collect_token, &w);
		if (w.n != 1) {
			free(w.toks);
			c->eb->column = 0;
			rc = errbuf_set(c->eb, ERR_SYNTAX, "verb: takes one word, not '%s'", q->text);
			c->eb->column = q->column;
			return rc;
		}
		rc = token_matcher(c, &w.toks[0], out);
		free(w.toks);
		if (!rc) {
			(*out)->scoring = 0;
			(*out)->verb_only = 1;
		}
		return rc;
	}
	m = matcher_new(c->p, M_FILTER);
	m->field = q->field;
	m->lo = q->lo;
	m->hi = q->hi;
	if (q->field == QF_KIND) {
		m->kind = clause_kind_parse(q->text, strlen(q->text));
		if (m->kind < 0) {
			rc = errbuf_set(c->eb, ERR_SYNTAX,
			                "unknown kind '%s' (preambular, operative, article, title, heading, intro, header, footer, paragraph)",
			                q->text);
			c->eb->column = q->column;
			return rc;
		}
	}
	if (q->field == QF_SYMBOL || q->field == QF_CITES)
		m->symbol = symbol_normalise(q->text);
	*out = m;
	if (q->field == QF_CITES)
		return index_cite_clauses(c->p->ix, m->symbol, &m->citing, &m->n_citing,
		                          c->eb);
	return 0;
}

static int compile_node(struct compile_ctx *c, const struct qnode *q,
                        struct matcher **out);

/* The optional exact-phrase bonus of an unquoted multi-word AND: the words
 * in query order, stop words included. */
static int compile_bonus(struct compile_ctx *c, const struct qnode *q,
                         struct matcher *and)
{
	struct buf words = BUF_INIT;
	size_t n = 0;
	int rc = 0;

	for (size_t i = 0; i < q->n_children; i++) {
		const struct qnode *k = q->children[i];
		if (k->type == QN_TEXT && !k->quoted) {
			buf_printf(&words, "%s%s", n ? " " : "", k->text);
			n++;
		}
	}
	if (n >= 2) {
		struct qnode phrase = { .type = QN_TEXT, .text = words.data, .quoted = 1 };
		struct matcher *m;
		if (!(rc = compile_text(c, &phrase, &m)) && m && m->type == M_PHRASE)
			matcher_push(&and->opts, &and->n_opts, &and->opts_cap, m);
	}
	buf_release(&words);
	return rc;
}

static int compile_and(struct compile_ctx *c, const struct qnode *q,
                       struct matcher **out)
{
	struct matcher *m = matcher_new(c->p, M_AND), *k;
	size_t content = 0, n = 0;
	int rc;

	for (size_t i = 0; i < q->n_children; i++) {
		const struct qnode *child = q->children[i];
		int neg = child->type == QN_NOT;
		if ((rc = compile_node(c, neg ? child->children[0] : child, &k)))
			return rc;
		if (!k)
			continue;
		if (neg)
			matcher_push(&m->negs, &m->n_negs, &m->negs_cap, k);
		else
			matcher_push(&m->kids, &m->n_kids, &m->kids_cap, k);
	}
	/* Drop unquoted stop words when something else carries the query. */
	for (size_t i = 0; i < m->n_kids; i++)
		if (!(m->kids[i]->type == M_TERMS && m->kids[i]->stopword) &&
		    m->kids[i]->type != M_FILTER)
			content++;
	for (size_t i = 0; i < m->n_kids; i++)
		if (!content || !(m->kids[i]->type == M_TERMS && m->kids[i]->stopword))
			m->kids[n++] = m->kids[i];
	m->n_kids = n;
	if ((rc = compile_bonus(c, q, m)))
		return rc;
	if (m->n_kids == 0)
		matcher_push(&m->kids, &m->n_kids, &m->kids_cap, matcher_new(c->p, M_ALL));
	*out = (m->n_kids == 1 && !m->n_negs && !m->n_opts) ? m->kids[0] : m;
	return 0;
}

static int compile_node(struct compile_ctx *c, const struct qnode *q,
                        struct matcher **out)
{
	struct matcher *m, *k;
	int rc;

	*out = NULL;
	switch (q->type) {
	case QN_TEXT:
		return compile_text(c, q, out);
	case QN_PREFIX:
		return compile_prefix(c, q, out);
	case QN_FILTER:
		return compile_filter(c, q, out);
	case QN_AND:
		return compile_and(c, q, out);
	case QN_NOT: {
		/* A NOT outside an AND: everything but it. */
		struct qnode *kids[1] = { (struct qnode *)q };
		struct qnode and = { .type = QN_AND, .children = kids, .n_children = 1 };
		return compile_and(c, &and, out);
	}
	case QN_OR:
	case QN_NEAR:
		m = matcher_new(c->p, q->type == QN_OR ? M_OR : M_NEAR);
		m->distance = q->distance;
		for (size_t i = 0; i < q->n_children; i++) {
			if ((rc = compile_node(c, q->children[i], &k)))
				return rc;
			if (!k)
				continue;
			if (m->type == M_NEAR && k->type != M_TERMS && k->type != M_PHRASE) {
				rc = errbuf_set(c->eb, ERR_SYNTAX, "NEAR joins words and phrases only");
				c->eb->column = q->children[i]->column;
				return rc;
			}
			matcher_push(&m->kids, &m->n_kids, &m->kids_cap, k);
		}
		if (m->n_kids == 0)
			return 0;
		*out = (m->n_kids == 1) ? m->kids[0] : m;
		return 0;
	}
	return 0;
}

/* Highlight patterns: every word and phrase outside exclusions. */
static void collect_patterns(struct query_plan *p, struct matcher *m)
{
	if (!m)
		return;
	if ((m->type == M_TERMS && !m->verb_only && m->n_terms) ||
	    m->type == M_PHRASE) {
		size_t n = m->type == M_TERMS ? 1 : m->n_kids;
		p->pats = xrealloc(p->pats, (p->n_pats + 1) * sizeof *p->pats);
		p->pats[p->n_pats].n_slots = n;
		/* slots are fixed up to point into p->slots after collection */
		p->pats[p->n_pats].slots = (const struct hl_slot *)(uintptr_t)p->n_slots;
		p->slots = xrealloc(p->slots, (p->n_slots + n) * sizeof *p->slots);
		for (size_t i = 0; i < n; i++) {
			struct matcher *s = m->type == M_TERMS ? m : m->kids[i];
			p->slots[p->n_slots + i].terms = (const char *const *)s->terms;
			p->slots[p->n_slots + i].n_terms = s->n_terms;
		}
		p->n_slots += n;
		p->n_pats++;
		return;
	}
	for (size_t i = 0; i < m->n_kids; i++)
		collect_patterns(p, m->kids[i]);
	for (size_t i = 0; i < m->n_opts; i++)
		collect_patterns(p, m->opts[i]);
}

int plan_compile(struct index *ix, struct analyzer *an, const struct qnode *tree,
                 struct query_plan **out, struct buf *notices,
                 struct errbuf *eb)
{
	struct query_plan *p = xcalloc(1, sizeof *p);
	struct compile_ctx c = { p, an, notices, eb };
	int rc;

	p->ix = ix;
	p->doc_cache_id = UINT32_MAX;
	rc = compile_node(&c, tree, &p->root);
	if (!rc)
		rc = plan_reset(p, eb);
	if (rc) {
		plan_free(p);
		return rc;
	}
	collect_patterns(p, p->root);
	for (size_t i = 0; i < p->n_pats; i++)
		p->pats[i].slots = p->slots + (uintptr_t)p->pats[i].slots;
	*out = p;
	return 0;
}

void plan_patterns(const struct query_plan *p, const struct hl_pattern **pats,
                   size_t *n)
{
	*pats = p->pats;
	*n = p->n_pats;
}
