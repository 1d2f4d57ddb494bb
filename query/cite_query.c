/* cite_query.c: --cited-by, --refs and --graph (see cite_query.h). */
#include "cite_query.h"

#include <stdlib.h>
#include <string.h>

#include "ansi.h"
#include "buf.h"
#include "cite.h"
#include "clause_kind.h"
#include "docmap.h"
#include "json.h"
#include "strmap.h"
#include "symbol.h"
#include "xalloc.h"

#define GRAPH_TITLE_MAX 40 /* bytes of a title in a graph node */
#define GRAPH_MAX_NODES 400 /* a graph past this is no longer readable */

/* One citation with its citing document. */
struct edge {
	uint32_t doc, clause, date;
	unsigned kind;
	const char *symbol; /* normal form, into the index */
};

struct cite_ctx {
	struct index *ix;
	const struct cite_query_opts *o;
	struct docmap *dm;
	struct edge *edges; /* every citation of the index, in clause order */
	size_t n_edges;
	FILE *f;
	struct buf line;
};

static int load_edges(struct cite_ctx *c, struct errbuf *eb)
{
	uint32_t n = index_cite_count(c->ix);
	struct cite_info ci;
	struct clause_info cl;
	int rc;

	c->edges = xcalloc(n ? n : 1, sizeof *c->edges);
	for (uint32_t i = 0; i < n; i++) {
		if ((rc = index_cite(c->ix, i, &ci, eb)))
			return rc;
		if (ci.deleted) /* an update replaced or removed its document */
			continue;
		if ((rc = index_clause(c->ix, ci.clause, &cl, eb)))
			return rc;
		c->edges[c->n_edges++] = (struct edge){ cl.doc, ci.clause, ci.date, ci.kind,
		                                         ci.symbol };
	}
	return 0;
}

static int flush_line(struct cite_ctx *c, struct errbuf *eb)
{
	int bad = fwrite(c->line.data ? c->line.data : "", 1, c->line.len, c->f) != c->line.len;

	buf_reset(&c->line);
	return bad ? errbuf_set(eb, ERR_IO, "cannot write the results") : 0;
}

/* ",\"key\":\"value\"" (null for NULL) to the line. */
static void json_field(struct buf *b, const char *key, const char *value)
{
	buf_printf(b, ",\"%s\":", key);
	if (value)
		json_append_string(b, value, strlen(value));
	else
		buf_append_str(b, "null");
}

/* A citing clause, with its document's adoption date for sorting. */
struct citing {
	uint32_t doc_date, doc, clause;
};

/* Newest citing document first, then document and clause order. */
static int citing_cmp(const void *a, const void *b)
{
	const struct citing *x = a, *y = b;

	if (x->doc_date != y->doc_date)
		return x->doc_date > y->doc_date ? -1 : 1;
	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	return x->clause < y->clause ? -1 : x->clause > y->clause;
}

/* The clauses citing sym (normal form), sorted by citing_cmp; the
 * resolution's own clauses are never among them (format.h). */
static struct citing *citing_clauses(const struct cite_ctx *c, const char *sym,
                                     size_t *n)
{
	struct citing *v = NULL;
	size_t cap = 0;

	*n = 0;
	for (size_t i = 0; i < c->n_edges; i++) {
		if (strcmp(c->edges[i].symbol, sym) != 0)
			continue;
		v = xgrow(v, &cap, *n + 1, sizeof *v);
		v[(*n)++] = (struct citing){ docmap_doc(c->dm, c->edges[i].doc)->date,
		                             c->edges[i].doc, c->edges[i].clause };
	}
	if (*n)
		qsort(v, *n, sizeof *v, citing_cmp);
	return v;
}

/* --cited-by: each citing clause as a search hit, the citation
 * highlighted where it is written. */
static int cited_by(struct cite_ctx *c, const char *sym, size_t *found,
                    struct errbuf *eb)
{
	size_t n;
	struct citing *v = citing_clauses(c, sym, &n);
	struct citations cs = { NULL, 0, 0 };
	struct buf text = BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		const struct doc_info *di = docmap_doc(c->dm, v[i].doc);
		struct clause_info ci;
		struct hl_range hl[8];
		size_t n_hl = 0;
		char date[11];

		buf_reset(&text);
		if ((rc = index_clause(c->ix, v[i].clause, &ci, eb)) ||
		    (rc = index_clause_text(c->ix, v[i].clause, &text, eb)))
			break;
		cite_extract(text.data ? text.data : "", text.len, &cs);
		for (size_t k = 0; k < cs.n && n_hl < 8; k++)
			if (strcmp(cs.v[k].symbol, sym) == 0)
				hl[n_hl++] = (struct hl_range){ cs.v[k].start,
				                                cs.v[k].start + cs.v[k].len };
		doc_date_iso(di->date, date);
		struct hit_view hv = {
			.rank = (unsigned)i + 1, .symbol = di->symbol,
			.session = (int)di->session, .date = *date ? date : NULL,
			.title = di->title, .file = di->path, .label = ci.label,
			.kind = ci.kind < CLAUSE_KIND_COUNT ? clause_kind_name(ci.kind) : "?",
			.text = text.data ? text.data : "", .text_len = text.len,
			.hl = hl, .n_hl = n_hl,
			.verb_start = ci.emph_start, .verb_len = ci.emph_len,
		};
		if ((rc = output_hit(c->f, &c->o->out, &hv)))
			rc = errbuf_set(eb, rc, "cannot write the results");
	}
	*found = rc ? 0 : n;
	free(v);
	citations_release(&cs);
	buf_release(&text);
	return rc;
}

/* The date to show for a cited symbol: its resolution's adoption date
 * when it is in the index, else the date written with the citation. */
static uint32_t cited_date(const struct cite_ctx *c, const struct edge *e, long *doc)
{
	*doc = docmap_find(c->dm, e->symbol);
	return *doc >= 0 && docmap_doc(c->dm, (uint32_t)*doc)->date
	       ? docmap_doc(c->dm, (uint32_t)*doc)->date : e->date;
}

/* --refs: the resolution's own citations in text order, then the clauses
 * citing it. Text: a heading, then one line each; JSON: one object each
 * with relation "cites" or "cited_by". */
static int refs(struct cite_ctx *c, const char *sym, size_t *found,
                struct errbuf *eb)
{
	const int json = c->o->out.json, color = c->o->out.color;
	long self = docmap_find(c->dm, sym), d;
	struct citing *v;
	size_t n_in = 0, n_out = 0;
	char date[11];
	int rc = 0;

	if (self >= 0 && !json) {
		const struct doc_info *di = docmap_doc(c->dm, (uint32_t)self);
		doc_date_iso(di->date, date);
		buf_printf(&c->line, "%s%s%s \xc2\xb7 %s\n%s%s%s\n", color ? ESC_BOLD : "",
		           di->symbol, color ? ESC_RESET : "", date, color ? ESC_DIM : "",
		           di->title ? di->title : "", color ? ESC_RESET : "");
	}
	for (size_t i = 0; self >= 0 && i < c->n_edges; i++) {
		const struct edge *e = &c->edges[i];
		struct clause_info ci;
		const struct doc_info *target;
		if (e->doc != (uint32_t)self)
			continue;
		if ((rc = index_clause(c->ix, e->clause, &ci, eb)))
			break;
		doc_date_iso(cited_date(c, e, &d), date);
		target = d >= 0 ? docmap_doc(c->dm, (uint32_t)d) : NULL;
		if (json) {
			buf_append_str(&c->line, "{\"relation\":\"cites\"");
			json_field(&c->line, "symbol", e->symbol);
			json_field(&c->line, "kind", cite_kind_name(e->kind));
			json_field(&c->line, "date", *date ? date : NULL);
			json_field(&c->line, "title", target ? target->title : NULL);
			buf_printf(&c->line, ",\"indexed\":%s", target ? "true" : "false");
			json_field(&c->line, "label", ci.label);
			buf_append_str(&c->line, "}\n");
		} else {
			if (!n_out)
				buf_append_str(&c->line, "cites:\n");
			buf_printf(&c->line, "  %-6s %-18s %-10s %s%s%s\n", ci.label, e->symbol,
			           *date ? date : "-", color && target ? ESC_DIM : "",
			           target && target->title ? target->title
			           : cite_kind_name(e->kind), color && target ? ESC_RESET : "");
		}
		n_out++;
	}
	v = citing_clauses(c, sym, &n_in);
	for (size_t i = 0; i < n_in && !rc; i++) {
		const struct doc_info *di = docmap_doc(c->dm, v[i].doc);
		struct clause_info ci;
		if ((rc = index_clause(c->ix, v[i].clause, &ci, eb)))
			break;
		doc_date_iso(di->date, date);
		if (json) {
			buf_append_str(&c->line, "{\"relation\":\"cited_by\"");
			json_field(&c->line, "symbol", di->symbol);
			json_field(&c->line, "date", *date ? date : NULL);
			json_field(&c->line, "title", di->title);
			json_field(&c->line, "label", ci.label);
			buf_append_str(&c->line, "}\n");
		} else {
			if (!i)
				buf_append_str(&c->line, "cited by:\n");
			buf_printf(&c->line, "  %-18s %-10s %-6s %s%s%s\n",
			           di->symbol ? di->symbol : "?", *date ? date : "-", ci.label,
			           color ? ESC_DIM : "", di->title ? di->title : "",
			           color ? ESC_RESET : "");
		}
	}
	free(v);
	if (!rc && !json && self >= 0 && n_out + n_in == 0)
		buf_reset(&c->line); /* nothing either way: print nothing, exit 1 */
	if (!rc)
		rc = flush_line(c, eb);
	*found = rc ? 0 : n_out + n_in;
	return rc;
}

/* The graph being grown: nodes by symbol, edges by "citing\ncited". */
struct graph {
	struct strmap *nodes;   /* symbol -> depth */
	struct strmap *edges;   /* "from\nto" -> 0 */
	uint32_t *date;         /* per node: a date known for it, or 0 */
	size_t date_cap;
};

/* Add the node sym at depth (kept if already there); date: one written
 * with a citation of it, or 0. */
static void graph_node(struct graph *g, const char *sym, int depth, uint32_t date)
{
	int added;
	size_t i, len = strlen(sym);

	if (strmap_count(g->nodes) >= GRAPH_MAX_NODES && strmap_find(g->nodes, sym, len) < 0)
		return;
	strmap_upsert(g->nodes, sym, len, (uint64_t)depth, &added);
	i = (size_t)strmap_find(g->nodes, sym, len);
	g->date = xgrow(g->date, &g->date_cap, i + 1, sizeof *g->date);
	if (added)
		g->date[i] = 0;
	if (!g->date[i])
		g->date[i] = date;
}

static void graph_edge(struct graph *g, const char *from, const char *to)
{
	struct buf key = BUF_INIT;
	int added;

	if (strmap_find(g->nodes, from, strlen(from)) < 0 ||
	    strmap_find(g->nodes, to, strlen(to)) < 0)
		return; /* past GRAPH_MAX_NODES */
	buf_printf(&key, "%s\n%s", from, to);
	strmap_upsert(g->edges, key.data, key.len, 0, &added);
	buf_release(&key);
}

/* s as the inside of a DOT string: quotes and backslashes escaped. */
static void dot_escape(struct buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"' || s[i] == '\\')
			buf_append_byte(b, '\\');
		buf_append_byte(b, (uint8_t)(s[i] == '\n' ? ' ' : s[i]));
	}
}

/* At most GRAPH_TITLE_MAX bytes of title, cut at a space, with "…". */
static void short_title(struct buf *b, const char *title)
{
	size_t len = strlen(title), cut = len;

	if (len > GRAPH_TITLE_MAX) {
		for (cut = GRAPH_TITLE_MAX; cut > 0 && title[cut] != ' '; cut--)
			;
		if (!cut)
			for (cut = GRAPH_TITLE_MAX; cut > 0 && ((uint8_t)title[cut] & 0xc0) == 0x80; cut--)
				;
	}
	dot_escape(b, title, cut);
	if (cut < len)
		buf_append_str(b, "\xe2\x80\xa6");
}

static void graph_print(struct cite_ctx *c, const struct graph *g, const char *center)
{
	struct buf *b = &c->line;

	buf_append_str(b, "digraph citations {\n"
	               "\tgraph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=\"");
	dot_escape(b, "Citations around ", 17);
	dot_escape(b, center, strlen(center));
	buf_printf(b, " (depth %d; arrows from citing to cited; dashed: not in the index)\"];\n", c->o->depth);
	buf_append_str(b, "\tnode [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", "
	               "fontsize=10, color=\"#4a6fa5\", fillcolor=\"#e8eef7\"];\n"
	               "\tedge [color=\"#7f8c9f\", arrowsize=0.7];\n");
	for (size_t i = 0; i < strmap_count(g->nodes); i++) {
		const char *sym = strmap_key(g->nodes, i, NULL);
		long d = docmap_find(c->dm, sym);
		const struct doc_info *di = d >= 0 ? docmap_doc(c->dm, (uint32_t)d) : NULL;
		uint32_t date = di && di->date ? di->date : g->date[i];

		buf_append_str(b, "\t\"");
		dot_escape(b, sym, strlen(sym));
		buf_append_str(b, "\" [label=\"");
		dot_escape(b, di && di->symbol ? di->symbol : sym,
		           strlen(di && di->symbol ? di->symbol : sym));
		if (date)
			buf_printf(b, "\\n%u", date / 10000);
		if (di && di->title) {
			buf_append_str(b, "\\n");
			short_title(b, di->title);
		}
		buf_append_str(b, "\"");
		if (strcmp(sym, center) == 0)
			buf_append_str(b, ", fillcolor=\"#ffe08a\", penwidth=2");
		else if (!di)
			buf_append_str(b, ", style=\"rounded,dashed\", fillcolor=\"white\"");
		buf_append_str(b, "];\n");
	}
	for (size_t i = 0; i < strmap_count(g->edges); i++) {
		size_t len;
		const char *k = strmap_key(g->edges, i, &len), *nl = strchr(k, '\n');
		buf_append_str(b, "\t\"");
		dot_escape(b, k, (size_t)(nl - k));
		buf_append_str(b, "\" -> \"");
		dot_escape(b, nl + 1, len - (size_t)(nl + 1 - k));
		buf_append_str(b, "\";\n");
	}
	buf_append_str(b, "}\n");
}

/* --graph: breadth first from sym, both directions, o->depth hops. */
static int graph(struct cite_ctx *c, const char *sym, size_t *found,
                 struct errbuf *eb)
{
	struct graph g = { strmap_new(), strmap_new(), NULL, 0 };
	int rc;

	graph_node(&g, sym, 0, 0);
	for (size_t q = 0; q < strmap_count(g.nodes); q++) {
		const char *node = strmap_key(g.nodes, q, NULL);
		int depth = (int)strmap_value(g.nodes, q);
		long self = docmap_find(c->dm, node);
		if (depth >= c->o->depth)
			continue;
		for (size_t i = 0; i < c->n_edges; i++) {
			const struct edge *e = &c->edges[i];
			if (self >= 0 && e->doc == (uint32_t)self) {
				graph_node(&g, e->symbol, depth + 1, e->date);
				node = strmap_key(g.nodes, q, NULL);
				graph_edge(&g, node, e->symbol);
			} else if (strcmp(e->symbol, node) == 0 &&
			           *docmap_symbol(c->dm, e->doc)) {
				const char *from = docmap_symbol(c->dm, e->doc);
				graph_node(&g, from, depth + 1, 0);
				node = strmap_key(g.nodes, q, NULL);
				graph_edge(&g, from, node);
			}
		}
	}
	*found = strmap_count(g.edges);
	graph_print(c, &g, sym);
	rc = flush_line(c, eb);
	strmap_free(g.nodes);
	strmap_free(g.edges);
	free(g.date);
	return rc;
}

int cite_query_run(struct index *ix, const struct cite_query_opts *o, FILE *f,
                   size_t *found, struct errbuf *eb)
{
	struct cite_ctx c = { ix, o, NULL, NULL, 0, f, BUF_INIT };
	char *sym = symbol_normalise(o->symbol);
	int rc;

	*found = 0;
	if (!(rc = docmap_build(ix, &c.dm, eb)) && !(rc = load_edges(&c, eb))) {
		if (o->mode == CITE_QUERY_CITED_BY)
			rc = cited_by(&c, sym, found, eb);
		else if (o->mode == CITE_QUERY_REFS)
			rc = refs(&c, sym, found, eb);
		else
			rc = graph(&c, sym, found, eb);
	}
	free(sym);
	free(c.edges);
	buf_release(&c.line);
	docmap_free(c.dm);
	return rc;
}
