/* search.c: one query, end to end (see search.h). */
#include "search.h"

#include <stdlib.h>
#include <string.h>

#include "clause_kind.h"
#include "docmap.h"
#include "format.h"
#include "highlight.h"
#include "json.h"
#include "show.h"
#include "suggest.h"
#include "verbs.h"
#include "xalloc.h"

/* Parse the query and AND the option filters to it. */
static int search_parse(const struct search_options *o, const char *query,
                        struct qnode **tree, struct errbuf *eb)
{
	struct qnode *q, *f, *and;
	int rc;

	if (!*query && o->filters && *o->filters)
		query = o->filters; /* only option filters: they are the query */
	if ((rc = qparse_parse(query, &q, eb)))
		return rc;
	if (query == o->filters) {
		*tree = q;
		return 0;
	}
	if (!o->filters || !*o->filters) {
		*tree = q;
		return 0;
	}
	if ((rc = qparse_parse(o->filters, &f, eb))) {
		qnode_free(q);
		eb->column = 0;
		return errbuf_prefix(eb, ERR_SYNTAX, "filter options");
	}
	and = qnode_new(QN_AND, 1);
	qnode_add_child(and, q);
	qnode_add_child(and, f);
	*tree = and;
	return 0;
}

/* Print one hit whose clause text (text_len bytes) was read already,
 * formatted in line (empty, its allocation reused from hit to hit, as
 * highlighting's in hl). */
static int print_hit(const struct search_ctx *sc, struct query_plan *plan,
                     const struct eval_hit *hit, unsigned rank, int partial,
                     const char *text, size_t text_len, const char *query_json,
                     const char *did_you_mean, struct buf *line,
                     struct hl_scratch *hl_scratch, FILE *out, struct errbuf *eb)
{
	const struct search_options *o = sc->opts;
	struct clause_info ci;
	struct doc_info di;
	struct buf explain = BUF_INIT;
	const struct hl_range *hl = NULL;
	const struct hl_pattern *pats;
	struct show_context around = { NULL, NULL, 0, 0, NULL };
	size_t n_pats, n_hl = 0, verb_start = 0, verb_len = 0;
	char date[11];
	int rc;

	if ((rc = index_clause(sc->ix, hit->clause, &ci, eb)) ||
	    (rc = index_doc(sc->ix, ci.doc, &di, eb)))
		goto out;
	if (o->with_context &&
	    (rc = show_context_get(sc->ix, sc->an, hit->clause, o->context, &around, eb)))
		goto out;
	/* Text prints the verb in italics, JSON the opener's lemma: finding
	 * the other would analyse (in one query, stem) words for nothing, a
	 * twelfth of a one-shot rare word's instructions (callgrind). */
	if (!o->out.json)
		show_verb_range(sc->an, text, text_len, &ci, &verb_start, &verb_len);
	plan_patterns(plan, &pats, &n_pats);
	highlight_ranges(sc->an, hl_scratch, text, text_len, pats, n_pats,
	                 eval_hit_positions(plan, hit),
	                 hit->hl_tokens, &hl, &n_hl);
	if (o->explain && (rc = eval_explain(plan, &o->eval, hit->clause,
	                                     &explain, eb)))
		goto out;
	doc_date_iso(di.date, date);
	struct hit_view v = {
		.query_json = query_json, .rank = rank, .score = hit->score,
		.symbol = di.symbol, .session = (int)di.session,
		.date = *date ? date : NULL, .title = di.title, .file = di.path,
		.index = index_stats(sc->ix)->n_indexes > 1 ? di.index_dir : NULL,
		.label = ci.label,
		.kind = ci.kind < CLAUSE_KIND_COUNT ? clause_kind_name(ci.kind) : "?",
		.text = text, .text_len = text_len,
		.hl = hl, .n_hl = n_hl,
		.verb_start = verb_start, .verb_len = verb_len, .line = ci.line,
		.explain = o->explain ? explain.data : NULL,
		.with_context = o->with_context,
		.before = around.before, .n_before = around.n_before,
		.after = around.after, .n_after = around.n_after,
		.partial = partial,
		.did_you_mean = did_you_mean,
		.verb = ci.verb_lemma,
	};
	output_hit_append(line, &o->out, &v);
	rc = output_write(out, line);
	if (rc)
		errbuf_set(eb, rc, "cannot write the results");
out:
	show_context_release(&around);
	buf_release(&explain);
	return rc;
}

/* Print hits[from..to): their texts are read first, in clause order (each
 * text block decoded once), then the hits in rank order. Measured with
 * `--json -n 40000 derechos` on 100 MiB: 40000 hits fall in about 20000
 * blocks, so this halves the decoding against reading hit by hit. */
static int print_hits(const struct search_ctx *sc, struct query_plan *plan,
                      struct query_plan *partial, size_t n_full,
                      const struct eval_hit *hits, size_t from, size_t to,
                      unsigned first_rank, const char *query,
                      const char *did_you_mean, FILE *out, size_t *found,
                      struct errbuf *eb)
{
	size_t n = to > from ? to - from : 0;
	uint32_t *clauses = xmalloc((n ? n : 1) * sizeof *clauses);
	uint32_t *len = xmalloc((n ? n : 1) * sizeof *len);
	size_t *off = xmalloc((n ? n : 1) * sizeof *off);
	struct buf texts = BUF_INIT, line = BUF_INIT, query_json = BUF_INIT;
	struct hl_scratch hl = HL_SCRATCH_INIT;
	int rc;

	if (query)
		json_append_string(&query_json, query, strlen(query));
	for (size_t i = 0; i < n; i++)
		clauses[i] = hits[from + i].clause;
	rc = index_clause_texts(sc->ix, clauses, n, &texts, off, len, eb);
	for (size_t i = 0; !rc && i < n; i++) {
		int is_partial = from + i >= n_full;
		rc = print_hit(sc, is_partial ? partial : plan, &hits[from + i],
		               first_rank + (unsigned)i, is_partial,
		               texts.data ? texts.data + off[i] : "", len[i],
		               query ? query_json.data : NULL, did_you_mean, &line, &hl, out, eb);
		(*found)++;
	}
	hl_scratch_release(&hl);
	buf_release(&query_json);
	buf_release(&texts);
	buf_release(&line);
	free(clauses);
	free(len);
	free(off);
	return rc;
}

/* Newest resolution first, then score, then clause order. */
struct dated_hit {
	struct eval_hit hit;
	uint32_t date;
};

static int dated_cmp(const void *a, const void *b)
{
	const struct dated_hit *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? 1 : -1;
	if (x->hit.score != y->hit.score)
		return x->hit.score < y->hit.score ? 1 : -1;
	return (x->hit.clause > y->hit.clause) - (x->hit.clause < y->hit.clause);
}

static int sort_by_date(const struct search_ctx *sc, struct eval_hit *hits,
                        size_t n, struct errbuf *eb)
{
	struct dated_hit *d = xmalloc((n ? n : 1) * sizeof *d);
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		struct clause_info ci;
		struct doc_info di;
		d[i].hit = hits[i];
		if (!(rc = index_clause(sc->ix, hits[i].clause, &ci, eb)) &&
		    !(rc = index_doc(sc->ix, ci.doc, &di, eb)))
			d[i].date = di.date;
	}
	qsort(d, n, sizeof *d, dated_cmp);
	for (size_t i = 0; i < n; i++)
		hits[i] = d[i].hit;
	free(d);
	return rc;
}

/* -l: each matching resolution once, in index order, from the offset-th
 * to at most limit of them; *printed counts them. */
static int print_files(const struct search_ctx *sc, const struct eval_hit *hits,
                       size_t n, const char *query, FILE *out, size_t *printed,
                       struct errbuf *eb)
{
	uint32_t last_doc = UINT32_MAX;
	size_t count = 0, seen = 0;
	int rc;

	*printed = 0;

	for (size_t i = 0; i <= n; i++) {
		struct clause_info ci = { .doc = UINT32_MAX };
		struct doc_info di;
		if (i < n && (rc = index_clause(sc->ix, hits[i].clause, &ci, eb)))
			return rc;
		if (ci.doc == last_doc) {
			count++;
			continue;
		}
		if (last_doc != UINT32_MAX && seen++ >= sc->opts->offset &&
		    *printed < sc->opts->limit) {
			(*printed)++;
			if ((rc = index_doc(sc->ix, last_doc, &di, eb)))
				return rc;
			if ((rc = output_file(out, &sc->opts->out, query, di.symbol,
			                      di.path, count)))
				return errbuf_set(eb, rc, "cannot write the results");
		}
		last_doc = ci.doc;
		count = 1;
	}
	return 0;
}

static int clause_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Fewer full matches than asked for: append the best partial matches
 * (plan_compile_partial) that are not full matches already, after them.
 * *n_full is the number of full matches; *partial receives the partial
 * plan (its patterns highlight those hits; it shares plan's postings);
 * the caller frees it before plan. */
static int add_partial(const struct search_ctx *sc, const struct qnode *tree,
                       const struct query_plan *plan, struct eval_hit **hits,
                       size_t *n, size_t *n_full, struct errbuf *eb,
                       struct query_plan **partial)
{
	const struct search_options *o = sc->opts;
	struct eval_opts eo = o->eval;
	struct eval_hit *more = NULL;
	uint32_t *full = xmalloc((*n ? *n : 1) * sizeof *full);
	size_t n_more = 0, want = o->offset + o->limit;
	int rc;

	*n_full = *n;
	if ((rc = plan_compile_partial(sc->ix, sc->an, sc->verbs, tree, plan, partial, eb))) {
		free(full);
		return rc;
	}
	/* Fewer than want full matches: these are all of them, and no
	 * partial hit may be one. */
	for (size_t i = 0; i < *n; i++)
		full[i] = (*hits)[i].clause;
	qsort(full, *n, sizeof *full, clause_cmp);
	eo.not_hits = full;
	eo.n_not_hits = *n;
	eo.k = want - *n;
	rc = eval_top_k(*partial, &eo, &more, &n_more, eb);
	*hits = xrealloc(*hits, (want ? want : 1) * sizeof **hits);
	for (size_t i = 0; !rc && i < n_more; i++)
		(*hits)[(*n)++] = more[i];
	free(more);
	free(full);
	return rc;
}

/* --facet, and the web page's filters: the matching clauses counted per
 * value of each of fields[0..n_fields), one evaluation for all of them. */
static int print_facets(const struct search_ctx *sc, struct query_plan *plan,
                        const enum facet_field *fields, size_t n_fields,
                        const char *query, FILE *out, size_t *found,
                        struct errbuf *eb)
{
	const struct search_options *o = sc->opts;
	struct eval_hit *hits = NULL;
	size_t n = 0;
	int rc = eval_all(plan, &o->eval, &hits, &n, NULL, eb);

	for (size_t f = 0; !rc && f < n_fields; f++) {
		struct facet_count *c = NULL;
		size_t n_c = 0;
		if (!(rc = facet_count(sc->ix, hits, n, fields[f], &c, &n_c, eb)) &&
		    (rc = output_facet(out, &o->out, query, facet_name(fields[f]),
		                       fields[f] == FACET_SESSION || fields[f] == FACET_YEAR,
		                       c, n_c)))
			errbuf_set(eb, rc, "cannot write the results");
		facet_free(c, n_c);
	}
	*found = n;
	free(hits);
	return rc;
}

/* --by-resolution: each matching resolution once, best first, with its
 * GROUP_SHOWN best clauses and how many more match. */
static int print_groups(const struct search_ctx *sc, struct query_plan *plan,
                        const char *query, const char *did_you_mean, FILE *out,
                        size_t *found, struct errbuf *eb)
{
	const struct search_options *o = sc->opts;
	struct eval_hit *hits = NULL;
	struct resolution_group *g = NULL;
	size_t n = 0, n_g = 0;
	int rc;

	if ((rc = eval_all(plan, &o->eval, &hits, &n, NULL, eb)) ||
	    (rc = group_by_resolution(sc->ix, hits, n, &g, &n_g, eb)))
		goto out;
	for (size_t i = o->offset; !rc && i < n_g && i < o->offset + o->limit; i++) {
		struct doc_info di;
		char date[11];
		size_t shown = g[i].n < GROUP_SHOWN ? g[i].n : GROUP_SHOWN;
		if ((rc = index_doc(sc->ix, g[i].doc, &di, eb)))
			break;
		doc_date_iso(di.date, date);
		if ((rc = output_group(out, &o->out, query, (unsigned)(i + 1), di.symbol,
		                       *date ? date : NULL, di.title, g[i].n, g[i].n - shown))) {
			errbuf_set(eb, rc, "cannot write the results");
			break;
		}
		size_t printed = 0;
		rc = print_hits(sc, plan, NULL, SIZE_MAX, hits, g[i].first, g[i].first + shown,
		                1, query, did_you_mean, out, &printed, eb);
		*found += g[i].n;
	}
out:
	free(g);
	free(hits);
	return rc;
}

void search_filter_append(struct buf *filters, const char *field, const char *value)
{
	int range = strcmp(field, "session") == 0 || strcmp(field, "year") == 0;

	buf_printf(filters, range ? "%s%s:%s" : "%s%s:\"%s\"", filters->len ? " " : "",
	           field, value);
}

int search_facets(const struct search_ctx *sc, const char *query,
                  const enum facet_field *fields, size_t n, FILE *out,
                  size_t *total, struct errbuf *eb)
{
	struct qnode *tree = NULL;
	struct query_plan *plan = NULL;
	int rc;

	*total = 0;
	if (!(rc = search_parse(sc->opts, query, &tree, eb)) &&
	    !(rc = plan_compile(sc->ix, sc->an, sc->verbs, tree, &plan, NULL, eb)))
		rc = print_facets(sc, plan, fields, n, NULL, out, total, eb);
	plan_free(plan);
	qnode_free(tree);
	return rc;
}

int search_run(const struct search_ctx *sc, const char *query, int echo,
               FILE *out, struct search_result *res, struct buf *notices,
               struct errbuf *eb)
{
	const struct search_options *o = sc->opts;
	struct qnode *tree = NULL;
	struct query_plan *plan = NULL, *partial = NULL;
	struct eval_hit *hits = NULL;
	size_t n = 0, left_out = 0, n_full = SIZE_MAX, *found = &res->found;
	struct buf *dym = &res->suggestion; /* did you mean */
	int rc;

	*found = 0;
	buf_reset(dym);
	if ((rc = search_parse(o, query, &tree, eb)) ||
	    (rc = plan_compile(sc->ix, sc->an, sc->verbs, tree, &plan, notices, eb)) ||
	    (rc = suggest_query(sc->ix, plan, query, dym, eb)))
		goto out;
	/* In --batch (echo) the JSON line carries the suggestion; stderr would
	 * only repeat it once per query. */
	if (dym->len && notices && !echo && !o->page)
		buf_printf(notices, "\xC2\xBFQuiso decir: %s?\n", dym->data);
	if (o->mode == SEARCH_COUNT) {
		if (!(rc = eval_all(plan, &o->eval, NULL, &n, &left_out, eb))) {
			if (n)
				left_out = 0; /* said only when it explains an empty answer */
			if (left_out && notices)
				buf_printf(notices, "%zu boilerplate clauses (header, title, intro, footer, vote) match; ask for them with kind: or --all-kinds\n",
				           left_out);
			if ((rc = output_count(out, &o->out, echo ? query : NULL, n, left_out)))
				errbuf_set(eb, rc, "cannot write the results");
			*found = n;
		}
		goto out;
	}
	if (o->mode == SEARCH_FACET) {
		rc = print_facets(sc, plan, &o->facet, 1, echo ? query : NULL, out, found, eb);
		goto out;
	}
	if (o->mode == SEARCH_GROUPS) {
		rc = print_groups(sc, plan, echo ? query : NULL, dym->len ? dym->data : NULL,
		                  out, found, eb);
		goto out;
	}
	if (o->mode == SEARCH_FILES || o->sort_date) {
		rc = eval_all(plan, &o->eval, &hits, &n, NULL, eb);
		if (!rc && o->mode == SEARCH_FILES) {
			rc = print_files(sc, hits, n, echo ? query : NULL, out, found, eb);
			goto out;
		}
		if (!rc)
			rc = sort_by_date(sc, hits, n, eb);
	} else {
		struct eval_opts eo = o->eval;
		eo.k = o->offset + o->limit;
		rc = eval_top_k(plan, &eo, &hits, &n, eb);
		n_full = n;
	}
	if (!rc && !o->strict && !o->sort_date && n < o->offset + o->limit)
		rc = add_partial(sc, tree, plan, &hits, &n, &n_full, eb, &partial);
	if (!rc)
		rc = print_hits(sc, plan, partial, n_full, hits, o->offset,
		                n < o->offset + o->limit ? n : o->offset + o->limit,
		                (unsigned)o->offset + 1, echo ? query : NULL,
		                dym->len ? dym->data : NULL, out, found, eb);
	if (!rc && !*found && o->out.json && !o->page && (dym->len || echo) &&
	    (rc = output_no_hits(out, echo ? query : NULL, dym->len ? dym->data : NULL)))
		errbuf_set(eb, rc, "cannot write the results");
out:
	free(hits);
	plan_free(partial); /* before plan, which lends it postings */
	plan_free(plan);
	qnode_free(tree);
	return rc;
}

void search_batch(const struct search_ctx *sc, FILE *in, FILE *out,
                  size_t *found, size_t *failed, struct buf *notices)
{
	struct buf line = BUF_INIT;
	int c;

	*found = *failed = 0;
	for (;;) {
		struct errbuf eb = { "", 0 };
		struct search_result res = SEARCH_RESULT_INIT;

		buf_reset(&line);
		while ((c = getc(in)) != EOF && c != '\n')
			buf_append_byte(&line, (uint8_t)c);
		if (c == EOF && line.len == 0)
			break;
		if (line.len && line.data[line.len - 1] == '\r')
			line.data[--line.len] = '\0';
		if (line.len == 0)
			continue;
		if (search_run(sc, line.data, 1, out, &res, notices, &eb)) {
			output_error(out, line.data, eb.msg, eb.column);
			(*failed)++;
		} else if (res.found == 0 && sc->opts->mode == SEARCH_FILES) {
			/* Nothing printed (ranked hits say so themselves). */
			output_no_hits(out, line.data, NULL);
		}
		*found += res.found;
		buf_release(&res.suggestion);
	}
	buf_release(&line);
}
