/* plan.c: compiling a parsed query into the matcher tree of _eval.h (see plan.h): words
 * through the accent-insensitive lexicon, phrases, prefixes, filters, stop
 * words dropped, the exact-phrase bonus, and the highlight patterns. */
#include "_eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clause_kind.h"
#include "text.h"
#include "verbs.h"
#include "xalloc.h"

/* The most terms a plan's highlight patterns may hold in all for a hit's
 * tokens to be counted (group_hl_words). */
#define PLAN_HL_TERMS 16
/* Bytes of a block of a plan's arena: a three-word AND and its phrase
 * bonus take ~37 KiB (eight matchers of 976 bytes; six word matchers
 * with two posting readers of 1,376 bytes each; the sources, room for
 * eight readers), so one block serves most queries (32 KiB took two). */
#define PLAN_ARENA_BLOCK (48u << 10)

static struct matcher *matcher_new(struct query_plan *p, enum mtype type)
{
	struct matcher *m = arena_alloc(&p->mem, sizeof *m);

	m->type = type;
	m->cur = 0;
	p->all = arena_grow(&p->mem, p->all, &p->all_cap, p->n_all + 1, sizeof *p->all);
	p->all[p->n_all++] = m;
	return m;
}

static void matcher_push(struct query_plan *p, struct matcher ***arr, size_t *n,
                         size_t *cap, struct matcher *k)
{
	*arr = arena_grow(&p->mem, *arr, cap, *n + 1, sizeof **arr);
	(*arr)[(*n)++] = k;
}

/* What of m is not in the plan's arena (struct matcher). */
static void matcher_release(struct matcher *m)
{
	for (size_t i = 0; i < m->n_terms; i++) {
		if (m->readers)
			posting_reader_release(&m->readers[i]);
		if (m->title_readers)
			posting_reader_release(&m->title_readers[i]);
	}
	free(m->pos);
	free(m->symbol);
	free(m->citing);
}

void plan_free(struct query_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_all; i++)
		matcher_release(p->all[i]);
	for (size_t i = 0; i < p->n_sources; i++)
		posting_reader_release(&p->sources[i]);
	buf_release(&p->text);
	free(p->hl_pos);
	arena_release(&p->mem);
	free(p);
}

/* The plan's open reader of term_id (struct query_plan sources), or its
 * lender's, opened on first use. Valid until the next call: twin it, do
 * not keep it. */
static int plan_source(struct query_plan *p, uint32_t term_id,
                       const struct posting_reader **out, struct errbuf *eb)
{
	int rc;

	for (size_t i = 0; i < p->n_sources; i++)
		if (p->sources[i].term_id == term_id) {
			*out = &p->sources[i];
			return 0;
		}
	for (size_t i = 0; p->lender && i < p->lender->n_sources; i++)
		if (p->lender->sources[i].term_id == term_id) {
			*out = &p->lender->sources[i];
			return 0;
		}
	p->sources = arena_grow(&p->mem, p->sources, &p->sources_cap, p->n_sources + 1,
	                        sizeof *p->sources);
	if ((rc = posting_reader_open(p->ix, term_id, &p->sources[p->n_sources], eb)))
		return rc;
	*out = &p->sources[p->n_sources++];
	if (p->keep_blocks)
		posting_reader_keep_blocks(*out);
	return 0;
}

int plan_reset(struct query_plan *p, int title_field, struct errbuf *eb)
{
	p->doc_cache_id = UINT32_MAX;
	p->prune_kth = -INFINITY;
	p->title_doc = p->title_for = UINT32_MAX;
	p->title_open = title_field;
	for (size_t i = 0; i < p->n_all; i++) {
		struct matcher *m = p->all[i];
		m->cur = 0;
		m->started = 0;
		m->lazy = m->excluded = m->conjunctive = 0;
		m->title_max = 0;
		m->title_seen = M_END;
		m->bound_block = UINT32_MAX;
		m->blk_from = m->blk_to = 0;
		for (size_t t = 0; t < TERMS_KEEP_TFS; t++) {
			m->keep_len[t] = CLAUSE_MAX_TOKENS + 1;
			m->keep_kth[t] = -1;
		}
		m->keep_now_kth = NAN;
		m->keep_or = NULL;
		m->mat = m->mtitle_at = 0;
		if (m->merged) {
			for (size_t t = 0; m->readers_open && t < m->n_terms; t++)
				posting_reader_release(&m->readers[t]);
			m->readers_open = 0;
			for (size_t b = 0; title_field && b * CODEC_BLOCK < m->n_merged; b++)
				if (m->mblock_tf[b] > m->title_max)
					m->title_max = m->mblock_tf[b];
			continue;
		}
		/* Readers opened by an earlier reset are rewound: opening
		 * reads the term's skip table, which has not changed; every
		 * reader of a term shares the plan's source reader's table,
		 * which keeps its decoded blocks from this second pass on.
		 * Their arrays are made here, not when compiling: a prefix's
		 * merged list needs none (merged_readers_at), and 1,376 bytes
		 * a term, zeroed, raised c*'s peak RSS by 10 MB. */
		if (!m->readers)
			m->readers = arena_alloc(&p->mem, m->n_terms * sizeof *m->readers);
		if (title_field && m->scoring && !m->title_readers)
			m->title_readers = arena_alloc(&p->mem,
			                               m->n_terms * sizeof *m->title_readers);
		for (size_t t = 0; t < m->n_terms; t++) {
			const struct posting_reader *src;
			int rc;
			m->ended[t] = 0;
			m->title_ended[t] = 0;
			if (posting_reader_is_open(&m->readers[t])) {
				posting_reader_rewind(&m->readers[t]);
				posting_reader_keep_blocks(&m->readers[t]);
			} else {
				if ((rc = plan_source(p, m->term_ids[t], &src, eb)))
					return rc;
				posting_reader_open_twin(&m->readers[t], src);
			}
			if (!title_field || !m->scoring)
				continue;
			if (posting_reader_is_open(&m->title_readers[t]))
				posting_reader_rewind(&m->title_readers[t]);
			else
				posting_reader_open_twin(&m->title_readers[t], &m->readers[t]);
			m->title_max += posting_reader_title_max_tf(&m->readers[t]);
		}
	}
	return 0;
}

/* ---- compiling the query tree ---- */

struct compile_ctx {
	struct query_plan *p;
	struct analyzer *an;
	const struct verbs_index *verbs;
	struct buf *notices;
	struct errbuf *eb;
	int partial;      /* plan_compile_partial: the root AND is still to come */
};

/* A terms matcher with room for n terms, ids ascending, set but for its
 * terms and df. */
static struct matcher *terms_new(struct compile_ctx *c, const uint32_t *ids, size_t n,
                                 const char *label)
{
	struct arena *a = &c->p->mem;
	struct matcher *m = matcher_new(c->p, M_TERMS);

	m->label = arena_strdup(a, label);
	m->scoring = 1;
	m->n_terms = n;
	m->ended = arena_alloc(a, n);
	m->title_ended = arena_alloc(a, n);
	m->term_ids = arena_alloc(a, n * sizeof *m->term_ids);
	m->terms = arena_alloc(a, n * sizeof *m->terms);
	if (n)
		memcpy(m->term_ids, ids, n * sizeof *ids);
	return m;
}

/* A terms matcher over ids (ascending, may be empty). */
static int terms_matcher(struct compile_ctx *c, const uint32_t *ids, size_t n,
                         const char *label, struct matcher **out)
{
	struct matcher *m = terms_new(c, ids, n, label);
	int rc;

	for (size_t i = 0; i < n; i++) {
		struct term_info ti;
		if ((rc = index_term_info(c->p->ix, ids[i], &ti, c->eb)))
			return rc;
		m->terms[i] = arena_strndup(&c->p->mem, ti.term, ti.term_len);
		if (ti.df > m->df)
			m->df = ti.df;
	}
	*out = m;
	return 0;
}

static int id_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
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

/* p's lookup of key (struct query_plan lookups), or NULL. */
static const struct plan_lookup *plan_lookup_find(const struct query_plan *p,
                                                  const char *key, size_t key_len)
{
	for (size_t i = 0; i < p->n_lookups; i++)
		if (p->lookups[i].key_len == key_len &&
		    memcmp(p->lookups[i].key, key, key_len) == 0)
			return &p->lookups[i];
	return NULL;
}

/* Note the terms of matcher m as the lookup of key: its arrays, which
 * no one changes once compiled, live as long as the plan. */
static void plan_lookup_add(struct query_plan *p, const char *key, size_t key_len,
                            const struct matcher *m)
{
	struct plan_lookup *l;

	p->lookups = arena_grow(&p->mem, p->lookups, &p->lookups_cap, p->n_lookups + 1,
	                        sizeof *p->lookups);
	l = &p->lookups[p->n_lookups++];
	l->key = arena_strndup(&p->mem, key, key_len);
	l->key_len = key_len;
	l->n = m->n_terms;
	l->df = m->df;
	l->ids = m->term_ids;
	l->terms = m->terms;
}

/* The terms matcher of one analysed token: every term its key maps to,
 * looked up in the lexicon once per plan and its lender. */
static int token_matcher(struct compile_ctx *c, const struct token *t,
                         struct matcher **out)
{
	const struct plan_lookup *l = plan_lookup_find(c->p, t->key, t->key_len);
	uint32_t *ids = NULL;
	size_t n = 0;
	int rc = 0;

	if (!l && c->p->lender)
		l = plan_lookup_find(c->p->lender, t->key, t->key_len);
	if (l) {
		/* the strings are the plan's, or its lender's, which
		 * outlives it */
		*out = terms_new(c, l->ids, l->n, t->folded);
		memcpy((*out)->terms, l->terms, l->n * sizeof *l->terms);
		(*out)->df = l->df;
	} else {
		rc = index_key_terms(c->p->ix, t->key, t->key_len, &ids, &n, c->eb);
		if (rc == ERR_NOTFOUND)
			rc = 0, n = 0;
		if (!rc)
			rc = terms_matcher(c, ids, n, t->folded, out);
		free(ids);
		if (!rc)
			plan_lookup_add(c->p, t->key, t->key_len, *out);
	}
	if (!rc)
		(*out)->stopword = t->stopword;
	return rc;
}

/* "74/29", "A/RES/74/29", "E/CN.6/2020/L.1": a slash and a digit. */
static int looks_like_symbol(const char *s)
{
	return strchr(s, '/') && strpbrk(s, "0123456789");
}

/* The phrase of n >= 2 tokens: one non-scoring terms slot per token. */
static int phrase_matcher(struct compile_ctx *c, const struct token *toks,
                          size_t n, const char *label, struct matcher **out)
{
	struct matcher *ph = matcher_new(c->p, M_PHRASE);
	int rc = 0;

	ph->label = arena_strdup(&c->p->mem, label);
	for (size_t i = 0; i < n && !rc; i++) {
		struct matcher *slot;
		if (!(rc = token_matcher(c, &toks[i], &slot))) {
			slot->scoring = 0;
			matcher_push(c->p, &ph->kids, &ph->n_kids, &ph->kids_cap, slot);
		}
	}
	*out = ph;
	return rc;
}

/* A plain word that is a form of an opening verb (verbs.h): the terms of
 * every one-word form of its lemma ("instar" also finds Insta, Instando). */
static int verb_word_matcher(struct compile_ctx *c, const struct verb_entry *e,
                             const struct token *t, struct matcher **out)
{
	uint32_t *ids = NULL;
	size_t n = 0;
	int rc = 0;

	for (size_t f = 0; f < VERBS_MAX_FORMS && e->forms[f] && !rc; f++) {
		const char *form = e->forms[f];
		size_t klen;
		const char *key = analyzer_key(c->an, form, strlen(form), &klen);
		uint32_t *more = NULL;
		size_t n_more = 0;
		rc = index_key_terms(c->p->ix, key, klen, &more, &n_more, c->eb);
		if (rc == ERR_NOTFOUND)
			rc = 0, n_more = 0;
		for (size_t i = 0; i < n_more; i++) {
			size_t j = 0;
			while (j < n && ids[j] != more[i])
				j++;
			if (j == n) {
				ids = xrealloc(ids, (n + 1) * sizeof *ids);
				ids[n++] = more[i];
			}
		}
		free(more);
	}
	if (!rc) {
		if (n) /* ids is NULL when no form is in the index */
			qsort(ids, n, sizeof *ids, id_cmp);
		rc = terms_matcher(c, ids, n, t->folded, out);
	}
	free(ids);
	return rc;
}

/* The accent rule (eval.h): when the word as typed, case-folded, is not
 * its folded form, it was typed with accents or ñ, and the terms of other
 * forms get EVAL_ACCENT_FOLDED_WEIGHT. */
static void accent_weights(struct query_plan *p, const char *text,
                           const struct token *t, struct matcher *m)
{
	struct buf cf = BUF_INIT;

	if (!text_casefold(text + t->start, t->end - t->start, &cf) &&
	    !(cf.len == t->folded_len && memcmp(cf.data, t->folded, cf.len) == 0)) {
		m->weights = arena_alloc(&p->mem, m->n_terms * sizeof *m->weights);
		for (size_t i = 0; i < m->n_terms; i++)
			m->weights[i] = strcmp(m->terms[i], t->term) == 0 ? 1.0
			                                                  : EVAL_ACCENT_FOLDED_WEIGHT;
	}
	buf_release(&cf);
}

/* =word: the terms of that one folded surface form (index_folded_terms),
 * and the form, which every occurrence must have (eval.c reads it). */
static int exact_matcher(struct compile_ctx *c, const struct token *t,
                         struct matcher **out)
{
	uint32_t *ids = NULL;
	size_t n = 0;
	int rc = index_folded_terms(c->p->ix, t->folded, t->folded_len, &ids, &n, c->eb);

	if (!rc)
		rc = terms_matcher(c, ids, n, t->folded, out);
	free(ids);
	if (!rc)
		(*out)->exact = arena_strndup(&c->p->mem, t->folded, t->folded_len);
	return rc;
}

/* A word or quoted phrase: NULL when it has no tokens at all. */
static int compile_text(struct compile_ctx *c, const struct qnode *q,
                        struct matcher **out)
{
	struct word_tokens w = { NULL, 0, 0 };
	const struct verb_entry *e;
	int rc = 0;

	*out = NULL;
	analyzer_run(c->an, q->text, strlen(q->text), 0, collect_token, &w);
	if (w.n == 1 && q->exact) {
		rc = exact_matcher(c, &w.toks[0], out);
	} else if (w.n == 1 && !q->quoted &&
	    (e = verbs_find_word(c->verbs, w.toks[0].folded, w.toks[0].folded_len))) {
		rc = verb_word_matcher(c, e, &w.toks[0], out);
	} else if (w.n == 1) {
		rc = token_matcher(c, &w.toks[0], out);
		if (!rc && q->quoted)
			(*out)->stopword = 0;
		if (!rc)
			accent_weights(c->p, q->text, &w.toks[0], *out);
		if (!rc && !(*out)->n_terms && !(*out)->stopword && !q->quoted) {
			struct query_plan *p = c->p;
			p->unknown = arena_grow(&p->mem, p->unknown, &p->unknown_cap,
			                        p->n_unknown + 1, sizeof *p->unknown);
			p->unknown[p->n_unknown++] = (struct plan_word){
				arena_strdup(&p->mem, q->text),
				arena_strdup(&p->mem, w.toks[0].folded), q->column };
		}
	} else if (w.n > 1) {
		rc = phrase_matcher(c, w.toks, w.n, q->text, out);
	}
	free(w.toks);
	if (!looks_like_symbol(q->text))
		c->p->has_words = 1;
	if (!rc && looks_like_symbol(q->text)) {
		/* A UN symbol typed as written also names its resolution. */
		struct matcher *or = matcher_new(c->p, M_OR), *f = matcher_new(c->p, M_FILTER);
		f->field = QF_SYMBOL;
		f->symbol = symbol_normalise(q->text);
		if (*out)
			matcher_push(c->p, &or->kids, &or->n_kids, &or->kids_cap, *out);
		matcher_push(c->p, &or->kids, &or->n_kids, &or->kids_cap, f);
		*out = or;
	}
	return rc;
}

/* Sort pairs[0..n), made of the ascending runs that start at run[0..n_runs)
 * (run[n_runs] == n), by merging neighbouring runs pass after pass:
 * O(n log n_runs) against a sort's O(n log n). */
static void merge_runs(uint64_t **pairs, size_t n, size_t *run, size_t n_runs)
{
	uint64_t *tmp = xmalloc((n ? n : 1) * sizeof *tmp), *src = *pairs;

	while (n_runs > 1) {
		size_t out = 0, k = 0;
		for (size_t r = 0; r < n_runs; r += 2) {
			size_t a = run[r], a_end = run[r + 1];
			size_t b = a_end, b_end = r + 1 < n_runs ? run[r + 2] : a_end;
			run[k++] = out;
			while (a < a_end || b < b_end)
				tmp[out++] = b == b_end || (a < a_end && src[a] <= src[b]) ? src[a++]
				                                                           : src[b++];
		}
		run[k] = n;
		n_runs = k;
		uint64_t *t = src;
		src = tmp;
		tmp = t;
	}
	free(tmp);
	*pairs = src;
}

/* Merge the postings of m's terms into one list with its block bounds
 * (see struct matcher): every posting as a (clause << 32 | length << 16 |
 * tf) key, the terms' runs merged, equal clauses' tfs summed. Its cost
 * follows the postings, not the size of the index (a dense array over
 * every clause cost a page fault per 1024 clauses of the index for any
 * prefix). */
static int merge_postings(struct compile_ctx *c, struct matcher *m)
{
	uint32_t ids[CODEC_BLOCK], tfs[CODEC_BLOCK], lens[CODEC_BLOCK], got;
	uint64_t *keys = NULL;
	size_t *run = xmalloc((m->n_terms + 1) * sizeof *run);
	size_t n_keys = 0, cap = 0, n = 0, n_runs = 0;
	int rc = 0;

	for (size_t t = 0; t < m->n_terms && !rc; t++) {
		struct posting_reader r;
		if ((rc = posting_reader_open(c->p->ix, m->term_ids[t], &r, c->eb)))
			break;
		run[n_runs++] = n_keys; /* each term's postings ascend */
		while ((rc = posting_reader_next_block(&r, ids, tfs, lens, &got, c->eb)) == 0) {
			keys = xgrow(keys, &cap, n_keys + got, sizeof *keys);
			for (uint32_t i = 0; i < got; i++) /* a damaged tf past 16 bits: capped */
				keys[n_keys++] = (uint64_t)ids[i] << 32 | lens[i] << 16 |
				                 (tfs[i] < 0xffff ? tfs[i] : 0xffff);
		}
		rc = rc == 1 ? 0 : rc;
		posting_reader_release(&r);
	}
	run[n_runs] = n_keys;
	merge_runs(&keys, n_keys, run, n_runs);
	free(run);
	m->mids = arena_alloc(&c->p->mem, n_keys * sizeof *m->mids);
	m->mtfs = arena_alloc(&c->p->mem, n_keys * sizeof *m->mtfs);
	m->mlens = arena_alloc(&c->p->mem, n_keys * sizeof *m->mlens);
	m->mblock_tf = arena_alloc(&c->p->mem, (n_keys / CODEC_BLOCK + 1) * sizeof *m->mblock_tf);
	m->mblock_len = arena_alloc(&c->p->mem, (n_keys / CODEC_BLOCK + 1) * sizeof *m->mblock_len);
	for (size_t i = 0; i < n_keys && !rc; i++) {
		uint32_t d = (uint32_t)(keys[i] >> 32), tf = (uint16_t)keys[i], b;
		if (n && m->mids[n - 1] == d) {
			m->mtfs[n - 1] += tf;
			tf = m->mtfs[n - 1];
			b = (uint32_t)((n - 1) / CODEC_BLOCK);
		} else {
			uint16_t len = (uint16_t)(keys[i] >> 16);
			b = (uint32_t)(n / CODEC_BLOCK);
			if (n % CODEC_BLOCK == 0 || len < m->mblock_len[b])
				m->mblock_len[b] = len;
			m->mids[n] = d;
			m->mtfs[n] = tf;
			m->mlens[n++] = len;
		}
		if (tf > m->mblock_tf[b])
			m->mblock_tf[b] = tf;
	}
	free(keys);
	m->n_merged = n;
	m->df = (double)n;
	m->merged = 1;
	return rc;
}

/* prefix*: every term of a folded word starting with prefix, merged into
 * one posting list however many words it expands to. */
static int compile_prefix(struct compile_ctx *c, const struct qnode *q,
                          struct matcher **out)
{
	struct buf folded = BUF_INIT;
	uint32_t *ids = NULL;
	size_t n = 0;
	int capped = 0, rc;

	c->p->has_words = 1;
	if (text_fold(q->text, strlen(q->text), &folded)) {
		buf_release(&folded);
		return errbuf_set(c->eb, ERR_SYNTAX, "prefix '%s' is not valid text", q->text);
	}
	rc = index_prefix_terms(c->p->ix, folded.data ? folded.data : "", folded.len,
	                        SIZE_MAX, &ids, &n, &capped, c->eb);
	if (!rc) {
		buf_reset(&folded);
		buf_printf(&folded, "%s*", q->text);
		rc = terms_matcher(c, ids, n, folded.data, out);
	}
	if (!rc)
		rc = merge_postings(c, *out);
	free(ids);
	buf_release(&folded);
	return rc;
}

/* One opener form (or what the user typed): a word or phrase that must
 * start at the clause's opening verb, not scored. NULL without tokens. */
static int verb_form_matcher(struct compile_ctx *c, const char *text,
                             struct matcher **out)
{
	struct word_tokens w = { NULL, 0, 0 };
	int rc = 0;

	*out = NULL;
	analyzer_run(c->an, text, strlen(text), 0, collect_token, &w);
	if (w.n == 1)
		rc = token_matcher(c, &w.toks[0], out);
	else if (w.n > 1)
		rc = phrase_matcher(c, w.toks, w.n, text, out);
	free(w.toks);
	if (!rc && *out) {
		(*out)->scoring = 0;
		(*out)->stopword = 0;
		(*out)->verb_only = 1;
	}
	return rc;
}

/* verb:W: the clauses opened by any form of W's lemma (verbs.h), or, for
 * an opener the table does not know, by W itself. */
static int compile_verb(struct compile_ctx *c, const struct qnode *q,
                        struct matcher **out)
{
	struct word_tokens w = { NULL, 0, 0 };
	struct buf folded = BUF_INIT;
	const struct verb_entry *e;
	struct matcher *or, *k;
	int rc = 0;

	analyzer_run(c->an, q->text, strlen(q->text), 0, collect_token, &w);
	for (size_t i = 0; i < w.n; i++) {
		if (i)
			buf_append_byte(&folded, ' ');
		buf_append_str(&folded, w.toks[i].folded);
	}
	e = w.n ? verbs_find(c->verbs, folded.data, folded.len) : NULL;
	free(w.toks);
	buf_release(&folded);
	if (!w.n) {
		rc = errbuf_set(c->eb, ERR_SYNTAX, "verb: needs a verb, not '%s'", q->text);
		c->eb->column = q->column;
		return rc;
	}
	if (!e)
		return verb_form_matcher(c, q->text, out);
	or = matcher_new(c->p, M_OR);
	or->label = arena_strdup(&c->p->mem, e->lemma);
	for (size_t f = 0; f < VERBS_MAX_FORMS && e->forms[f] && !rc; f++)
		if (!(rc = verb_form_matcher(c, e->forms[f], &k)) && k)
			matcher_push(c->p, &or->kids, &or->n_kids, &or->kids_cap, k);
	*out = or;
	return rc;
}

static int compile_filter(struct compile_ctx *c, const struct qnode *q,
                          struct matcher **out)
{
	struct matcher *m;
	int rc;

	if (q->field == QF_VERB)
		return compile_verb(c, q, out);
	m = matcher_new(c->p, M_FILTER);
	m->field = q->field;
	m->lo = q->lo;
	m->hi = q->hi;
	if (q->field == QF_KIND) {
		c->p->kind_asked = 1;
		m->kind = clause_kind_parse(q->text, strlen(q->text));
		if (m->kind < 0) {
			rc = errbuf_set(c->eb, ERR_SYNTAX,
			                "unknown kind '%s' (preambular, operative, article, title, heading, intro, header, footer, paragraph, footnote, vote, decision)",
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

/* 1 if two word matchers read the same terms (ascending ids). */
static int same_terms(const struct matcher *a, const struct matcher *b)
{
	return a->n_terms == b->n_terms &&
	       memcmp(a->term_ids, b->term_ids, a->n_terms * sizeof *a->term_ids) == 0;
}

/* The kid of and that reads the same terms as the phrase slot, as they
 * are (no prefix list, exact form or verb position), or NULL. */
static struct matcher *same_word(const struct matcher *and, const struct matcher *slot)
{
	for (size_t i = 0; i < and->n_kids; i++) {
		const struct matcher *k = and->kids[i];
		if (k->type == M_TERMS && !k->merged && !k->exact && !k->verb_only &&
		    same_terms(k, slot))
			return and->kids[i];
	}
	return NULL;
}

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
			if (n++)
				buf_append_byte(&words, ' ');
			buf_append_str(&words, k->text); /* not buf_printf: ~800 instructions */
		}
	}
	if (n >= 2) {
		struct qnode phrase = { .type = QN_TEXT, .text = words.data, .quoted = 1 };
		struct matcher *m;
		if (!(rc = compile_text(c, &phrase, &m)) && m && m->type == M_PHRASE) {
			matcher_push(c->p, &and->opts, &and->n_opts, &and->opts_cap, m);
			for (size_t i = 0; i < m->n_kids; i++)
				m->kids[i]->same = same_word(and, m->kids[i]);
		}
	}
	buf_release(&words);
	return rc;
}

/* 1 if a child of q is a word written =word. */
static int has_exact_word(const struct qnode *q)
{
	for (size_t i = 0; i < q->n_children; i++)
		if (q->children[i]->type == QN_TEXT && q->children[i]->exact)
			return 1;
	return 0;
}

static int compile_and(struct compile_ctx *c, const struct qnode *q,
                       struct matcher **out)
{
	struct matcher *m = matcher_new(c->p, M_AND), *k;
	size_t content = 0, n = 0;
	int rc, partial = c->partial;

	c->partial = 0; /* only the root AND takes the partial form */
	for (size_t i = 0; i < q->n_children; i++) {
		const struct qnode *child = q->children[i];
		int neg = child->type == QN_NOT;
		if ((rc = compile_node(c, neg ? child->children[0] : child, &k)))
			return rc;
		if (!k)
			continue;
		if (neg)
			matcher_push(c->p, &m->negs, &m->n_negs, &m->negs_cap, k);
		else
			matcher_push(c->p, &m->kids, &m->n_kids, &m->kids_cap, k);
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
	/* The partial form has no phrase bonus: the phrase holds every word
	 * of the AND, so only full matches, which partial hits are not, could
	 * get it; but =word asks more of its word than the phrase does. */
	if ((!partial || has_exact_word(q)) && (rc = compile_bonus(c, q, m)))
		return rc;
	if (partial) {
		/* Minimum-should-match 1: the words become one OR, so a clause
		 * holding any of them matches and scores the ones it holds;
		 * filters stay required. Fewer than two words: no partial plan. */
		struct matcher *or = matcher_new(c->p, M_OR);
		n = 0;
		for (size_t i = 0; i < m->n_kids; i++)
			if (m->kids[i]->type == M_FILTER)
				m->kids[n++] = m->kids[i];
			else
				matcher_push(c->p, &or->kids, &or->n_kids, &or->kids_cap, m->kids[i]);
		if (or->n_kids < 2) {
			*out = NULL;
			return 0;
		}
		m->kids[n++] = or;
		m->n_kids = n;
	}
	if (m->n_kids == 0)
		matcher_push(c->p, &m->kids, &m->n_kids, &m->kids_cap, matcher_new(c->p, M_ALL));
	*out = (m->n_kids == 1 && !m->n_negs && !m->n_opts) ? m->kids[0] : m;
	return 0;
}

static int compile_node(struct compile_ctx *c, const struct qnode *q,
                        struct matcher **out)
{
	struct matcher *m, *k;
	int rc;

	*out = NULL;
	if (c->partial && q->type != QN_AND)
		return 0; /* only an AND of words has a partial form */
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
			matcher_push(c->p, &m->kids, &m->n_kids, &m->kids_cap, k);
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
	if (m->verb_only)
		return; /* verb: is a filter, its words are not highlighted */
	if ((m->type == M_TERMS && m->n_terms) || m->type == M_PHRASE) {
		size_t n = m->type == M_TERMS ? 1 : m->n_kids;
		p->pats = arena_grow(&p->mem, p->pats, &p->pats_cap, p->n_pats + 1,
		                     sizeof *p->pats);
		p->pats[p->n_pats].n_slots = n;
		/* slots are fixed up to point into p->slots after collection */
		p->pats[p->n_pats].slots = (const struct hl_slot *)(uintptr_t)p->n_slots;
		p->slots = arena_grow(&p->mem, p->slots, &p->slots_cap, p->n_slots + n,
		                      sizeof *p->slots);
		for (size_t i = 0; i < n; i++) {
			struct matcher *s = m->type == M_TERMS ? m : m->kids[i];
			p->slots[p->n_slots + i].terms = (const char *const *)s->terms;
			p->slots[p->n_slots + i].n_terms = s->n_terms;
			p->slots[p->n_slots + i].folded = s->exact;
			if (!s->n_terms)
				continue; /* it marks no token */
			p->hl_words = arena_grow(&p->mem, p->hl_words, &p->hl_words_cap,
			                         p->n_hl_words + 2, sizeof *p->hl_words);
			p->hl_words[p->n_hl_words++] = s;
			if (s->same)
				p->hl_words[p->n_hl_words++] = s->same;
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

/* Group the words collect_patterns gathered by term set, each set ended
 * by a NULL (struct query_plan hl_words), or count none: a prefix's list
 * has no tf per term, and highlighting tests each token it analyses
 * against every pattern term while it counts. */
static void group_hl_words(struct query_plan *p)
{
	size_t n = p->n_hl_words, n_terms = 0, out = 0;
	struct matcher **w = p->hl_words, **g;

	for (size_t i = 0; i < p->n_slots; i++)
		n_terms += p->slots[i].n_terms;
	for (size_t i = 0; i < n; i++)
		if (w[i]->merged)
			n_terms = SIZE_MAX;
	p->n_hl_words = 0;
	if (n_terms > PLAN_HL_TERMS || !n)
		return;
	g = arena_alloc(&p->mem, 2 * n * sizeof *g);
	for (size_t i = 0; i < n; i++) {
		const struct matcher *set = w[i];
		if (!set)
			continue;
		for (size_t j = i; j < n; j++)
			if (w[j] && (j == i || same_terms(w[j], set))) {
				g[out++] = w[j];
				w[j] = NULL;
			}
		g[out++] = NULL;
	}
	p->hl_words = g;
	p->n_hl_words = out;
}

/* How many clauses advancing m may step through: a word's df, the
 * rarest kid of an intersection, the kids of a union summed; a filter
 * but a citation list tests clause after clause. */
static double matcher_cost(const struct query_plan *p, const struct matcher *m)
{
	double c = 0;

	switch (m->type) {
	case M_TERMS:
		return m->df;
	case M_PHRASE:
	case M_NEAR:
	case M_AND:
		c = INFINITY;
		for (size_t i = 0; i < m->n_kids; i++) {
			double k = matcher_cost(p, m->kids[i]);
			c = k < c ? k : c;
		}
		return c;
	case M_OR:
		for (size_t i = 0; i < m->n_kids; i++)
			c += matcher_cost(p, m->kids[i]);
		return c;
	case M_FILTER:
		if (m->field == QF_CITES)
			return (double)m->n_citing;
		break;
	case M_ALL:
		break;
	}
	return index_stats(p->ix)->n_clauses;
}

/* Set align (struct matcher) of every matcher with kids: its kids by
 * cost, ties in query order (an insertion sort: kids are few). */
static void order_kids(struct query_plan *p)
{
	for (size_t i = 0; i < p->n_all; i++) {
		struct matcher *m = p->all[i];
		if (m->type != M_PHRASE && m->type != M_NEAR && m->type != M_AND &&
		    m->type != M_OR)
			continue;
		double *cost = arena_alloc(&p->mem, m->n_kids * sizeof *cost);
		m->align = arena_alloc(&p->mem, m->n_kids * sizeof *m->align);
		for (size_t k = 0; k < m->n_kids; k++) {
			double c = matcher_cost(p, m->kids[k]);
			size_t j = k;
			for (; j && cost[j - 1] > c; j--) {
				cost[j] = cost[j - 1];
				m->align[j] = m->align[j - 1];
			}
			cost[j] = c;
			m->align[j] = m->kids[k];
		}
	}
}

/* The plan of tree, or its partial form (plan_compile_partial) that
 * borrows from lender, the full plan of the same tree (may be NULL). */
static int compile_plan(struct index *ix, struct analyzer *an,
                        const struct verbs_index *verbs, const struct qnode *tree,
                        int partial, const struct query_plan *lender,
                        struct query_plan **out, struct buf *notices, struct errbuf *eb)
{
	struct query_plan *p = xcalloc(1, sizeof *p);
	struct compile_ctx c = { p, an, verbs, notices, eb, partial };
	int rc;

	p->mem = (struct arena)ARENA_INIT(PLAN_ARENA_BLOCK);
	p->ix = ix;
	p->an = an;
	p->lender = lender;
	p->keep_blocks = tree->type == QN_AND;
	p->doc_cache_id = UINT32_MAX;
	/* The postings are opened by the evaluation (plan_reset), not here:
	 * opening reads every term's skip table, once is enough. */
	rc = compile_node(&c, tree, &p->root);
	if (rc) {
		plan_free(p);
		return rc;
	}
	order_kids(p);
	collect_patterns(p, p->root);
	for (size_t i = 0; i < p->n_pats; i++)
		p->pats[i].slots = p->slots + (uintptr_t)p->pats[i].slots;
	group_hl_words(p);
	*out = p;
	return 0;
}

int plan_compile(struct index *ix, struct analyzer *an, const struct verbs_index *verbs,
                 const struct qnode *tree, struct query_plan **out, struct buf *notices,
                 struct errbuf *eb)
{
	return compile_plan(ix, an, verbs, tree, 0, NULL, out, notices, eb);
}

int plan_compile_partial(struct index *ix, struct analyzer *an,
                         const struct verbs_index *verbs, const struct qnode *tree,
                         const struct query_plan *full, struct query_plan **out,
                         struct errbuf *eb)
{
	return compile_plan(ix, an, verbs, tree, 1, full, out, NULL, eb);
}

int plan_clause_doc(struct query_plan *p, uint32_t clause,
                    const struct doc_info **di, struct errbuf *eb)
{
	uint32_t doc;
	int rc;

	if (p->doc_cache_id != UINT32_MAX && clause >= p->doc_cache.first_clause &&
	    clause - p->doc_cache.first_clause < p->doc_cache.n_clauses) {
		*di = &p->doc_cache;
		return 0;
	}
	if ((rc = index_clause_doc(p->ix, clause, &doc, eb)))
		return rc;
	if (doc != p->doc_cache_id) {
		if ((rc = index_doc(p->ix, doc, &p->doc_cache, eb)))
			return rc;
		p->doc_cache_id = doc;
	}
	*di = &p->doc_cache;
	return 0;
}

void plan_unknown_words(const struct query_plan *p, const struct plan_word **w,
                        size_t *n)
{
	*w = p->unknown;
	*n = p->n_unknown;
}

void plan_patterns(const struct query_plan *p, const struct hl_pattern **pats,
                   size_t *n)
{
	*pats = p->pats;
	*n = p->n_pats;
}
