/* show.c: whole resolutions and the clauses around a hit (see show.h). */
#include "show.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clause_kind.h"
#include "docmap.h"
#include "eval.h"
#include "symbol.h"
#include "xalloc.h"

/* Where the verb lies is all show_verb_range asks: only the verb itself
 * goes on to the analyzer (a filter of its one position) and verb_token. */
struct verb_find {
	size_t start, end;
	int found;
};

static int verb_token(void *ctx, const struct token *t)
{
	struct verb_find *v = ctx;

	v->start = t->start;
	v->end = t->end;
	v->found = 1;
	return 1;
}

void show_verb_range(struct analyzer *an, const char *text, size_t len,
                     const struct clause_info *ci, size_t *start,
                     size_t *verb_len)
{
	struct verb_find v = { 0, 0, 0 };
	const struct token_filter only_verb = { .positions = &ci->verb_pos, .n_positions = 1 };

	*start = ci->emph_start;
	*verb_len = ci->emph_len;
	if (ci->emph_len || ci->verb_pos == NO_POSITION)
		return;
	analyzer_run_some(an, text, len, 0, &only_verb, verb_token, &v);
	if (v.found) {
		*start = v.start;
		*verb_len = v.end - v.start;
	}
}

/* Fill v with clause's label, kind, line, text (appended to text, which v
 * then points into) and verb range. */
static int clause_view(struct index *ix, struct analyzer *an, uint32_t clause,
                       struct hit_view *v, struct buf *text, struct errbuf *eb)
{
	struct clause_info ci;
	int rc;

	if ((rc = index_clause(ix, clause, &ci, eb)) ||
	    (rc = index_clause_text(ix, clause, text, eb)))
		return rc;
	memset(v, 0, sizeof *v);
	v->label = ci.label;
	v->kind = ci.kind < CLAUSE_KIND_COUNT ? clause_kind_name(ci.kind) : "?";
	v->line = ci.line;
	v->text = text->data ? text->data : "";
	v->text_len = text->len;
	show_verb_range(an, v->text, v->text_len, &ci, &v->verb_start, &v->verb_len);
	return 0;
}

int show_context_get(struct index *ix, struct analyzer *an, uint32_t clause,
                     size_t n, struct show_context *out, struct errbuf *eb)
{
	struct clause_info ci;
	struct doc_info di;
	uint32_t lo, hi, end;
	size_t k = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = index_clause(ix, clause, &ci, eb)) ||
	    (rc = index_doc(ix, ci.doc, &di, eb)))
		return rc;
	end = di.first_clause + di.n_clauses;
	if (clause < di.first_clause || clause >= end)
		return errbuf_set(eb, ERR_CORRUPT, "%s: clause %u lies outside its document %u",
		                  index_segment_path(ix), clause, ci.doc);
	lo = clause - di.first_clause > n ? clause - (uint32_t)n : di.first_clause;
	hi = end - clause - 1 > n ? clause + 1 + (uint32_t)n : end;
	out->n_before = clause - lo;
	out->n_after = hi - clause - 1;
	out->texts = xcalloc(out->n_before + out->n_after + 1, sizeof *out->texts);
	out->before = xcalloc(out->n_before + 1, sizeof *out->before);
	out->after = xcalloc(out->n_after + 1, sizeof *out->after);
	for (uint32_t c = lo; c < hi && !rc; c++) {
		if (c == clause)
			continue;
		rc = clause_view(ix, an, c, c < clause ? &out->before[c - lo]
		                                       : &out->after[c - clause - 1],
		                 &out->texts[k++], eb);
	}
	if (rc)
		show_context_release(out);
	return rc;
}

void show_context_release(struct show_context *c)
{
	for (size_t i = 0; c->texts && i < c->n_before + c->n_after; i++)
		buf_release(&c->texts[i]);
	free(c->texts);
	free(c->before);
	free(c->after);
	memset(c, 0, sizeof *c);
}

/* The document whose symbol normalises as symbol does (docmap.h: the first
 * indexed when two share it): 0, or ERR_NOTFOUND. */
static int find_doc(struct index *ix, const char *symbol, uint32_t *doc,
                    struct errbuf *eb)
{
	/* "symbol:74/29", as a query would write it, names it too. */
	char *want = symbol_normalise(strncmp(symbol, "symbol:", 7) == 0 ? symbol + 7 : symbol);
	struct docmap *dm;
	long d = -1;
	int rc = docmap_build(ix, &dm, eb);

	if (!rc) {
		d = docmap_find(dm, want);
		docmap_free(dm);
	}
	free(want);
	if (rc)
		return rc;
	if (d < 0)
		return errbuf_set(eb, ERR_NOTFOUND, "no resolution %s in the index", symbol);
	*doc = (uint32_t)d;
	return 0;
}

int show_resolution(struct index *ix, struct analyzer *an,
                    const struct output_opts *o, const char *symbol,
                    const char *label, FILE *out, struct errbuf *eb)
{
	struct doc_info di;
	struct hit_view *views = NULL;
	struct buf *texts = NULL;
	size_t n = 0;
	uint32_t doc = 0;
	char date[11];
	int rc;

	if ((rc = find_doc(ix, symbol, &doc, eb)) ||
	    (rc = index_doc(ix, doc, &di, eb)))
		return rc;
	views = xcalloc(di.n_clauses + 1, sizeof *views);
	texts = xcalloc(di.n_clauses + 1, sizeof *texts);
	for (uint32_t i = 0; i < di.n_clauses && !rc; i++) {
		rc = clause_view(ix, an, di.first_clause + i, &views[n], &texts[n], eb);
		if (!rc && (!label || strcasecmp(views[n].label, label) == 0))
			n++;
		else
			buf_reset(&texts[n]);
	}
	if (!rc && label && n == 0)
		rc = errbuf_set(eb, ERR_NOTFOUND, "%s has no clause %s", di.symbol, label);
	doc_date_iso(di.date, date);
	struct doc_view dv = {
		.symbol = di.symbol, .date = *date ? date : NULL, .title = di.title,
		.file = di.path, .committee = di.committee, .report = di.report,
		.session = (int)di.session, .agenda_item = (int)di.agenda_item,
		.meeting = (int)di.meeting,
	};
	if (!rc && (rc = output_document(out, o, &dv, views, n)))
		errbuf_set(eb, rc, "cannot write the resolution");
	for (uint32_t i = 0; i <= di.n_clauses; i++)
		buf_release(&texts[i]);
	free(texts);
	free(views);
	return rc;
}
