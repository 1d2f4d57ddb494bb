/* group.c: grouping by resolution and facet counts (see group.h). */
#include "group.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clause_kind.h"
#include "format.h"
#include "strmap.h"
#include "xalloc.h"

static const char *const facet_names[] = {
	[FACET_SESSION] = "session", [FACET_YEAR] = "year", [FACET_KIND] = "kind",
	[FACET_VERB] = "verb", [FACET_COMMITTEE] = "committee",
};

int facet_parse(const char *name)
{
	for (int f = 0; f < (int)(sizeof facet_names / sizeof *facet_names); f++)
		if (strcmp(facet_names[f], name) == 0)
			return f;
	return -1;
}

const char *facet_name(enum facet_field f)
{
	return facet_names[f];
}

/* The value of field f for one clause into v (empty: none). */
static int facet_value(struct index *ix, uint32_t clause, enum facet_field f,
                       struct buf *v, long *number, struct errbuf *eb)
{
	struct clause_info ci;
	struct doc_info di;
	int rc;

	buf_reset(v);
	*number = 0;
	if ((rc = index_clause(ix, clause, &ci, eb)))
		return rc;
	switch (f) {
	case FACET_KIND:
		buf_append_str(v, clause_kind_name(ci.kind));
		return 0;
	case FACET_VERB:
		if (ci.verb_lemma)
			buf_append_str(v, ci.verb_lemma);
		return 0;
	default:
		break;
	}
	if ((rc = index_doc(ix, ci.doc, &di, eb)))
		return rc;
	if (f == FACET_SESSION && di.session)
		*number = di.session;
	else if (f == FACET_YEAR && di.date)
		*number = di.date / 10000;
	else if (f == FACET_COMMITTEE && di.committee)
		buf_append_str(v, di.committee);
	if (*number)
		buf_printf(v, "%ld", *number);
	return 0;
}

static int facet_cmp(const void *a, const void *b)
{
	const struct facet_count *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	return strcmp(x->value, y->value);
}

int facet_count(struct index *ix, const struct eval_hit *hits, size_t n,
                enum facet_field f, struct facet_count **out, size_t *n_out,
                struct errbuf *eb)
{
	struct strmap *seen = strmap_new();
	struct facet_count *c = NULL;
	struct buf v = BUF_INIT;
	size_t n_c = 0, cap = 0;
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		long number;
		int added;
		uint64_t *at;
		if ((rc = facet_value(ix, hits[i].clause, f, &v, &number, eb)) || !v.len)
			continue;
		at = strmap_upsert(seen, v.data, v.len, n_c, &added);
		if (!added) {
			c[*at].count++;
			continue;
		}
		c = xgrow(c, &cap, n_c + 1, sizeof *c);
		c[n_c++] = (struct facet_count){ xstrndup(v.data, v.len), number, 1 };
	}
	strmap_free(seen);
	buf_release(&v);
	if (rc) {
		facet_free(c, n_c);
		return rc;
	}
	if (n_c)
		qsort(c, n_c, sizeof *c, facet_cmp);
	*out = c;
	*n_out = n_c;
	return 0;
}

void facet_free(struct facet_count *c, size_t n)
{
	for (size_t i = 0; c && i < n; i++)
		free(c[i].value);
	free(c);
}

/* A hit with its document, to sort by. */
struct doc_hit {
	struct eval_hit hit;
	uint32_t doc;
};

/* By document, then best first, then clause order. */
static int doc_hit_cmp(const void *a, const void *b)
{
	const struct doc_hit *x = a, *y = b;

	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	if (x->hit.score != y->hit.score)
		return x->hit.score < y->hit.score ? 1 : -1;
	return (x->hit.clause > y->hit.clause) - (x->hit.clause < y->hit.clause);
}

static int group_cmp(const void *a, const void *b)
{
	const struct resolution_group *x = a, *y = b;

	if (x->best != y->best)
		return x->best < y->best ? 1 : -1;
	return (x->doc > y->doc) - (x->doc < y->doc);
}

int group_by_resolution(struct index *ix, struct eval_hit *hits, size_t n,
                        struct resolution_group **out, size_t *n_groups,
                        struct errbuf *eb)
{
	struct doc_hit *d = xmalloc((n ? n : 1) * sizeof *d);
	struct resolution_group *g = NULL;
	size_t n_g = 0, cap = 0;
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		struct clause_info ci;
		d[i].hit = hits[i];
		if (!(rc = index_clause(ix, hits[i].clause, &ci, eb)))
			d[i].doc = ci.doc;
	}
	if (rc) {
		free(d);
		return rc;
	}
	qsort(d, n, sizeof *d, doc_hit_cmp);
	for (size_t i = 0; i < n; i++) {
		hits[i] = d[i].hit;
		if (i == 0 || d[i].doc != d[i - 1].doc) {
			g = xgrow(g, &cap, n_g + 1, sizeof *g);
			g[n_g++] = (struct resolution_group){ d[i].doc, d[i].hit.score, i, 0 };
		}
		g[n_g - 1].n++;
	}
	free(d);
	if (n_g)
		qsort(g, n_g, sizeof *g, group_cmp);
	*out = g;
	*n_groups = n_g;
	return 0;
}
