/* lineage.c: series of resolutions, --history and --diff (see lineage.h). */
#include "lineage.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "align.h"
#include "ansi.h"
#include "buf.h"
#include "clause_kind.h"
#include "docmap.h"
#include "json.h"
#include "symbol.h"
#include "text.h"
#include "xalloc.h"


struct lineage_ctx {
	struct index *ix;
	const struct lineage_opts *o;
	struct docmap *dm;
	char **title;     /* per document: folded title, "" if none */
	uint32_t **cites; /* per document: documents of the index it cites */
	size_t *n_cites;
	FILE *f;
	struct buf out;
};

/* The clauses of one resolution that have counterparts across versions
 * (not its header, title, intro or footer), with their texts less any
 * paragraph number. */
struct version {
	uint32_t doc;
	struct buf text;
	struct align_item *items;
	size_t *off;          /* items[k].text is text.data + off[k] */
	const char **label;   /* into the index */
	size_t n;
};

static int comparable(unsigned kind)
{
	return kind != CLAUSE_HEADER && kind != CLAUSE_TITLE && kind != CLAUSE_INTRO &&
	       kind != CLAUSE_FOOTER && kind != CLAUSE_HEADING;
}

/* Bytes of the paragraph number opening text ("7. ", "b) "): renumbering
 * is no edit, and the label says it anyway. */
static size_t enumerator_len(const char *t, size_t len)
{
	size_t i = 0;

	while (i < len && t[i] >= '0' && t[i] <= '9')
		i++;
	if (i > 0 && i + 1 < len && t[i] == '.' && t[i + 1] == ' ')
		return i + 2;
	if (len > 3 && t[0] >= 'a' && t[0] <= 'z' && t[1] == ')' && t[2] == ' ')
		return 3;
	return 0;
}

static int version_load(struct lineage_ctx *c, uint32_t d, struct version *v,
                        struct errbuf *eb)
{
	const struct doc_info *di = docmap_doc(c->dm, d);
	size_t cap_items = 0, cap_off = 0, cap_label = 0;
	int rc = 0;

	memset(v, 0, sizeof *v);
	v->doc = d;
	for (uint32_t k = 0; k < di->n_clauses && !rc; k++) {
		struct clause_info ci;
		size_t at = v->text.len;
		if ((rc = index_clause(c->ix, di->first_clause + k, &ci, eb)))
			break;
		if (!comparable(ci.kind))
			continue;
		if ((rc = index_clause_text(c->ix, di->first_clause + k, &v->text, eb)))
			break;
		v->items = xgrow(v->items, &cap_items, v->n + 1, sizeof *v->items);
		v->off = xgrow(v->off, &cap_off, v->n + 1, sizeof *v->off);
		v->label = xgrow(v->label, &cap_label, v->n + 1, sizeof *v->label);
		at += enumerator_len(v->text.data + at, v->text.len - at);
		v->items[v->n] = (struct align_item){ NULL, v->text.len - at, (int)ci.kind };
		v->off[v->n] = at;
		v->label[v->n++] = ci.label;
	}
	for (size_t k = 0; k < v->n; k++)
		v->items[k].text = v->text.data + v->off[k];
	return rc;
}

static void version_release(struct version *v)
{
	buf_release(&v->text);
	free(v->items);
	free(v->off);
	free(v->label);
}

/* Folded titles and who cites whom among the documents, once. */
static int lineage_load(struct lineage_ctx *c, struct errbuf *eb)
{
	uint32_t n = docmap_count(c->dm), nc = index_cite_count(c->ix);
	size_t *cap = xcalloc(n + 1, sizeof *cap);
	struct buf folded = BUF_INIT;
	int rc = 0;

	c->title = xcalloc(n + 1, sizeof *c->title);
	c->cites = xcalloc(n + 1, sizeof *c->cites);
	c->n_cites = xcalloc(n + 1, sizeof *c->n_cites);
	for (uint32_t d = 0; d < n; d++) {
		const char *t = docmap_doc(c->dm, d)->title;
		buf_reset(&folded);
		if (t && text_fold(t, strlen(t), &folded) == 0 && folded.len)
			c->title[d] = xstrdup(folded.data);
		else
			c->title[d] = xstrdup("");
	}
	for (uint32_t i = 0; i < nc && !rc; i++) {
		struct cite_info ci;
		struct clause_info cl;
		long to;
		if ((rc = index_cite(c->ix, i, &ci, eb)))
			break;
		if (ci.deleted) /* an update replaced or removed its document */
			continue;
		if ((rc = index_clause(c->ix, ci.clause, &cl, eb)))
			break;
		if ((to = docmap_find(c->dm, ci.symbol)) < 0 || cl.doc >= n)
			continue;
		c->cites[cl.doc] = xgrow(c->cites[cl.doc], &cap[cl.doc], c->n_cites[cl.doc] + 1,
		                         sizeof **c->cites);
		c->cites[cl.doc][c->n_cites[cl.doc]++] = (uint32_t)to;
	}
	buf_release(&folded);
	free(cap);
	return rc;
}

static int cites_doc(const struct lineage_ctx *c, uint32_t from, uint32_t to)
{
	for (size_t k = 0; k < c->n_cites[from]; k++)
		if (c->cites[from][k] == to)
			return 1;
	return 0;
}

/* The previous version of d (lineage.h), or -1. */
static long series_prev(const struct lineage_ctx *c, uint32_t d)
{
	const struct doc_info *dd = docmap_doc(c->dm, d);
	long best = -1;
	int best_both = 0;

	for (uint32_t p = 0; p < docmap_count(c->dm); p++) {
		const struct doc_info *pd = docmap_doc(c->dm, p);
		int same_title, cited, both;
		if (p == d || !pd->session || pd->session >= dd->session)
			continue;
		same_title = *c->title[d] && strcmp(c->title[p], c->title[d]) == 0;
		cited = pd->session + LINEAGE_CITE_SESSIONS >= dd->session && cites_doc(c, d, p);
		if (!same_title && !cited)
			continue;
		both = same_title && cited;
		if (best < 0 || pd->session > docmap_doc(c->dm, (uint32_t)best)->session ||
		    (pd->session == docmap_doc(c->dm, (uint32_t)best)->session &&
		     both > best_both)) {
			best = p;
			best_both = both;
		}
	}
	return best;
}

/* The next version of d: the earliest resolution whose previous is d. */
static long series_next(const struct lineage_ctx *c, uint32_t d)
{
	long best = -1;

	for (uint32_t s = 0; s < docmap_count(c->dm); s++) {
		const struct doc_info *sd = docmap_doc(c->dm, s);
		if (sd->session <= docmap_doc(c->dm, d)->session ||
		    (best >= 0 && sd->session >= docmap_doc(c->dm, (uint32_t)best)->session))
			continue;
		if ((*c->title[d] && strcmp(c->title[s], c->title[d]) == 0) || cites_doc(c, s, d))
			if (series_prev(c, s) == (long)d)
				best = s;
	}
	return best;
}

/* The spans as text (colour, or [-removed-]{+added+}) or a JSON array. */
static void print_spans(struct lineage_ctx *c, const char *old, const char *new_text,
                        const struct word_span *s, size_t n)
{
	struct buf *b = &c->out;
	const int json = c->o->out.json, color = c->o->out.color;

	if (json)
		buf_append_str(b, "[");
	for (size_t i = 0; i < n; i++) {
		const char *src = s[i].op == SPAN_REMOVED ? old : new_text;
		const char *t = src + s[i].start;
		size_t len = s[i].end - s[i].start;
		if (json) {
			buf_printf(b, "%s{\"op\":\"%s\",\"text\":", i ? "," : "",
			           s[i].op == SPAN_SAME ? "=" : s[i].op == SPAN_ADDED ? "+" : "-");
			json_append_string(b, t, len);
			buf_append_str(b, "}");
			continue;
		}
		if (i)
			buf_append_byte(b, ' ');
		if (s[i].op == SPAN_SAME)
			buf_append(b, t, len);
		else if (color)
			buf_printf(b, "%s%.*s%s", s[i].op == SPAN_ADDED ? ESC_ADDED : ESC_REMOVED,
			           (int)len, t, ESC_RESET);
		else
			buf_printf(b, "%s%.*s%s", s[i].op == SPAN_ADDED ? "{+" : "[-", (int)len, t,
			           s[i].op == SPAN_ADDED ? "+}" : "-]");
	}
	buf_append_str(b, json ? "]" : "\n");
}

/* One whole text as a single span of op. */
static void print_whole(struct lineage_ctx *c, enum span_op op, const char *t, size_t len)
{
	struct word_span s = { op, 0, len };

	print_spans(c, t, t, &s, len ? 1 : 0);
}

static int flush_out(struct lineage_ctx *c, struct errbuf *eb)
{
	int bad = fwrite(c->out.data ? c->out.data : "", 1, c->out.len, c->f) != c->out.len;

	buf_reset(&c->out);
	return bad ? errbuf_set(eb, ERR_IO, "cannot write the results") : 0;
}

static long find_doc(const struct lineage_ctx *c, const char *symbol, struct errbuf *eb)
{
	char *sym = symbol_normalise(symbol);
	long d = docmap_find(c->dm, sym);

	free(sym);
	if (d < 0)
		errbuf_set(eb, ERR_NOTFOUND, "no resolution %s in the index", symbol);
	return d;
}

/* One step of the history: version v's clause k, compared with the clause
 * before it in the chain (prev, pk) when there is one. */
struct step {
	struct version v;
	long k;
	double sim;
};

static void print_step(struct lineage_ctx *c, const struct step *s, const struct step *prev)
{
	const struct doc_info *di = docmap_doc(c->dm, s->v.doc);
	const struct align_item *it = &s->v.items[s->k];
	struct buf *b = &c->out;
	char date[11];

	doc_date_iso(di->date, date);
	if (c->o->out.json) {
		buf_append_str(b, "{\"symbol\":");
		json_append_string(b, di->symbol ? di->symbol : "", di->symbol ? strlen(di->symbol) : 0);
		buf_printf(b, ",\"date\":\"%s\",\"label\":", date);
		json_append_string(b, s->v.label[s->k], strlen(s->v.label[s->k]));
		if (prev)
			buf_printf(b, ",\"similarity\":%.4f", s->sim);
		else
			buf_append_str(b, ",\"similarity\":null");
		buf_append_str(b, ",\"text\":");
		json_append_string(b, it->text, it->len);
		buf_append_str(b, ",\"spans\":");
	} else {
		buf_printf(b, "%s%s%s \xc2\xb7 %s \xc2\xb7 %s", c->o->out.color ? ESC_BOLD : "",
		           di->symbol ? di->symbol : "?", c->o->out.color ? ESC_RESET : "",
		           date, s->v.label[s->k]);
		if (prev)
			buf_printf(b, " \xc2\xb7 similarity %.2f", s->sim);
		buf_append_str(b, "\n");
	}
	if (prev) {
		const struct align_item *pi = &prev->v.items[prev->k];
		struct word_span *spans;
		size_t n;
		align_word_diff(pi->text, pi->len, it->text, it->len, &spans, &n);
		print_spans(c, pi->text, it->text, spans, n);
		free(spans);
	} else if (c->o->out.json) {
		buf_append_str(b, "null");
	} else {
		print_whole(c, SPAN_SAME, it->text, it->len);
	}
	buf_append_str(b, c->o->out.json ? "}\n" : "\n");
}

/* Align a with b; the counterpart in `to` of clause k of `from`. */
static long counterpart(const struct version *from, long k, const struct version *to,
                        int from_is_older, double *sim)
{
	const struct version *a = from_is_older ? from : to, *b = from_is_older ? to : from;
	long *a_to_b = xcalloc(a->n + 1, sizeof *a_to_b), *b_to_a = xcalloc(b->n + 1, sizeof *b_to_a);
	double *s = xcalloc(a->n + 1, sizeof *s);
	long r;

	align_clauses(a->items, a->n, b->items, b->n, a_to_b, b_to_a, s);
	r = from_is_older ? a_to_b[k] : b_to_a[k];
	*sim = r < 0 ? 0 : s[from_is_older ? k : r];
	free(a_to_b);
	free(b_to_a);
	free(s);
	return r;
}

static int history(struct lineage_ctx *c, size_t *found, struct errbuf *eb)
{
	long d = find_doc(c, c->o->symbol, eb), k = -1, next;
	struct step *chain = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (d < 0)
		return ERR_NOTFOUND;
	chain = xgrow(chain, &cap, 1, sizeof *chain);
	if ((rc = version_load(c, (uint32_t)d, &chain[0].v, eb)))
		goto out;
	n = 1;
	for (size_t i = 0; i < chain[0].v.n && k < 0; i++)
		if (strcasecmp(chain[0].v.label[i], c->o->other) == 0)
			k = (long)i;
	if (k < 0) {
		rc = errbuf_set(eb, ERR_NOTFOUND, "%s has no clause %s", c->o->symbol,
		                c->o->other);
		goto out;
	}
	chain[0].k = k;
	chain[0].sim = 0;
	/* Backwards to the oldest version that still has the clause (each
	 * step's sim: its similarity to the older one)... */
	while ((next = series_prev(c, chain[n - 1].v.doc)) >= 0) {
		struct step s;
		if ((rc = version_load(c, (uint32_t)next, &s.v, eb))) {
			version_release(&s.v);
			goto out;
		}
		s.k = counterpart(&chain[n - 1].v, chain[n - 1].k, &s.v, 0, &chain[n - 1].sim);
		if (s.k < 0) {
			version_release(&s.v);
			break;
		}
		chain = xgrow(chain, &cap, n + 1, sizeof *chain);
		chain[n++] = s;
	}
	/* ...reversed into reading order, then forwards to the newest. */
	for (size_t i = 0; i < n / 2; i++) {
		struct step t = chain[i];
		chain[i] = chain[n - 1 - i];
		chain[n - 1 - i] = t;
	}
	while ((next = series_next(c, chain[n - 1].v.doc)) >= 0) {
		struct step s;
		if ((rc = version_load(c, (uint32_t)next, &s.v, eb))) {
			version_release(&s.v);
			goto out;
		}
		s.k = counterpart(&chain[n - 1].v, chain[n - 1].k, &s.v, 1, &s.sim);
		if (s.k < 0) {
			version_release(&s.v);
			break;
		}
		chain = xgrow(chain, &cap, n + 1, sizeof *chain);
		chain[n++] = s;
	}
	for (size_t i = 0; i < n; i++)
		print_step(c, &chain[i], i ? &chain[i - 1] : NULL);
	rc = flush_out(c, eb);
	*found = rc ? 0 : n;
out:
	for (size_t i = 0; i < n; i++)
		version_release(&chain[i].v);
	if (!n && cap)
		version_release(&chain[0].v);
	free(chain);
	return rc;
}

/* Counts of a diff's statuses, for its summary line. */
struct diff_counts {
	size_t unchanged, edited, added, dropped;
};

/* One line (text) or object (JSON) of the diff: a clause of a (i >= 0)
 * and/or of b (j >= 0). */
static void print_diff_clause(struct lineage_ctx *c, const struct version *a, long i,
                              const struct version *b, long j, double sim,
                              struct diff_counts *n)
{
	const int json = c->o->out.json, color = c->o->out.color;
	const struct align_item *x = i >= 0 ? &a->items[i] : NULL;
	const struct align_item *y = j >= 0 ? &b->items[j] : NULL;
	int same = x && y && x->len == y->len && memcmp(x->text, y->text, x->len) == 0;
	const char *status = !y ? "dropped" : !x ? "new" : same ? "unchanged" : "edited";
	struct buf *o = &c->out;

	if (!y)
		n->dropped++;
	else if (!x)
		n->added++;
	else if (same)
		n->unchanged++;
	else
		n->edited++;
	if (json) {
		buf_printf(o, "{\"status\":\"%s\",\"from\":", status);
		if (x)
			json_append_string(o, a->label[i], strlen(a->label[i]));
		else
			buf_append_str(o, "null");
		buf_append_str(o, ",\"to\":");
		if (y)
			json_append_string(o, b->label[j], strlen(b->label[j]));
		else
			buf_append_str(o, "null");
		if (x && y)
			buf_printf(o, ",\"similarity\":%.4f", sim);
		buf_append_str(o, ",\"spans\":");
	} else {
		buf_printf(o, "%s%c %s%s%s%s", color ? ESC_BOLD : "",
		           !y ? '-' : !x ? '+' : same ? '=' : '~', x ? a->label[i] : "",
		           x && y ? " -> " : "", y ? b->label[j] : "", color ? ESC_RESET : "");
		if (x && y && !same)
			buf_printf(o, "  similarity %.2f", sim);
		buf_printf(o, "  %s\n", status);
		if (same) /* unchanged clauses are named, not repeated */
			return;
		buf_append_str(o, "  ");
	}
	if (x && y) {
		struct word_span *spans;
		size_t ns;
		align_word_diff(x->text, x->len, y->text, y->len, &spans, &ns);
		print_spans(c, x->text, y->text, spans, ns);
		free(spans);
	} else {
		print_whole(c, x ? SPAN_REMOVED : SPAN_ADDED, x ? x->text : y->text,
		            x ? x->len : y->len);
	}
	buf_append_str(o, json ? "}\n" : "");
}

/* --diff: b's clauses in order, each dropped clause of a just before the
 * clause that follows it in a. */
static int diff(struct lineage_ctx *c, size_t *found, struct errbuf *eb)
{
	long da = find_doc(c, c->o->symbol, eb), db;
	struct version a, b;
	struct diff_counts n = { 0, 0, 0, 0 };
	long *a_to_b = NULL, *b_to_a = NULL;
	double *sim = NULL;
	size_t next_a = 0;
	int rc;

	if (da < 0 || (db = find_doc(c, c->o->other, eb)) < 0)
		return ERR_NOTFOUND;
	memset(&b, 0, sizeof b);
	if ((rc = version_load(c, (uint32_t)da, &a, eb)) ||
	    (rc = version_load(c, (uint32_t)db, &b, eb)))
		goto out;
	a_to_b = xcalloc(a.n + 1, sizeof *a_to_b);
	b_to_a = xcalloc(b.n + 1, sizeof *b_to_a);
	sim = xcalloc(a.n + 1, sizeof *sim);
	align_clauses(a.items, a.n, b.items, b.n, a_to_b, b_to_a, sim);
	for (size_t j = 0; j < b.n; j++) {
		if (b_to_a[j] >= 0) {
			for (; next_a < (size_t)b_to_a[j]; next_a++)
				if (a_to_b[next_a] < 0)
					print_diff_clause(c, &a, (long)next_a, &b, -1, 0, &n);
			if (next_a <= (size_t)b_to_a[j])
				next_a = (size_t)b_to_a[j] + 1;
		}
		print_diff_clause(c, &a, b_to_a[j], &b, (long)j,
		                  b_to_a[j] >= 0 ? sim[b_to_a[j]] : 0, &n);
	}
	for (; next_a < a.n; next_a++)
		if (a_to_b[next_a] < 0)
			print_diff_clause(c, &a, (long)next_a, &b, -1, 0, &n);
	if (!c->o->out.json) {
		struct buf summary = BUF_INIT;
		buf_printf(&summary, "%s -> %s: %zu unchanged, %zu edited, %zu new, %zu dropped\n",
		           docmap_doc(c->dm, (uint32_t)da)->symbol, docmap_doc(c->dm, (uint32_t)db)->symbol,
		           n.unchanged, n.edited, n.added, n.dropped);
		buf_append(&summary, c->out.data, c->out.len);
		buf_release(&c->out);
		c->out = summary;
	}
	rc = flush_out(c, eb);
	*found = rc ? 0 : n.unchanged + n.edited + n.added + n.dropped;
out:
	free(a_to_b);
	free(b_to_a);
	free(sim);
	version_release(&a);
	version_release(&b);
	return rc;
}

int lineage_run(struct index *ix, const struct lineage_opts *o, FILE *f,
                size_t *found, struct errbuf *eb)
{
	struct lineage_ctx c = { ix, o, NULL, NULL, NULL, NULL, f, BUF_INIT };
	int rc;

	*found = 0;
	if (!(rc = docmap_build(ix, &c.dm, eb)) && !(rc = lineage_load(&c, eb)))
		rc = o->mode == LINEAGE_HISTORY ? history(&c, found, eb) : diff(&c, found, eb);
	for (uint32_t d = 0; c.dm && d < docmap_count(c.dm); d++) {
		if (c.title)
			free(c.title[d]);
		if (c.cites)
			free(c.cites[d]);
	}
	free(c.title);
	free(c.cites);
	free(c.n_cites);
	buf_release(&c.out);
	docmap_free(c.dm);
	return rc;
}
