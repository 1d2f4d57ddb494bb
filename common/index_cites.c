/* index_cites.c: reading the citation tables (format.h SEC_CITES) of every
 * segment as one: record numbers and clause ids are global (a segment's
 * records follow those of the segments before it). Records are checked on
 * access, like clauses; index_check walks them all. */
#include "_index.h"

#include <stdlib.h>
#include <string.h>

#include "symbol.h"
#include "xalloc.h"

static uint32_t seg_cite_count(const struct index_segment *sg)
{
	return (uint32_t)(sg->sec_len[SEC_CITES] / CITE_RECORD_SIZE);
}

static const uint8_t *cite_record(const struct index_segment *sg, uint32_t i)
{
	return sg->sec[SEC_CITES] + (size_t)i * CITE_RECORD_SIZE;
}

uint32_t index_cite_count(const struct index *ix)
{
	uint32_t n = 0;

	for (uint32_t s = 0; s < ix->n_segs; s++)
		n += seg_cite_count(&ix->segs[s]);
	return n;
}

int index_cite_check(const struct index_segment *sg, uint32_t i, struct errbuf *eb)
{
	const uint8_t *r = cite_record(sg, i);

	if (load_u32(r + CITE_CLAUSE) >= sg->stats.n_clauses)
		return index_corrupt(sg, SEC_CITES, eb, "citation %u: clause %u out of range",
		                     i, load_u32(r + CITE_CLAUSE));
	if (load_u32(r + CITE_SYMBOL) >= sg->sec_len[SEC_STRINGS])
		return index_corrupt(sg, SEC_CITES, eb, "citation %u: symbol offset out of range", i);
	if (!cite_kind_name(r[CITE_KIND]))
		return index_corrupt(sg, SEC_CITES, eb, "citation %u: unknown kind %u", i,
		                     r[CITE_KIND]);
	return 0;
}

int index_cite(const struct index *ix, uint32_t i, struct cite_info *ci,
               struct errbuf *eb)
{
	const struct index_segment *sg = NULL;
	const uint8_t *r;
	int rc;

	for (uint32_t s = 0; s < ix->n_segs && !sg; s++) {
		if (i < seg_cite_count(&ix->segs[s]))
			sg = &ix->segs[s];
		else
			i -= seg_cite_count(&ix->segs[s]);
	}
	if (!sg)
		return errbuf_set(eb, ERR_NOTFOUND, "no citation %u", i);
	if ((rc = index_cite_check(sg, i, eb)))
		return rc;
	r = cite_record(sg, i);
	ci->clause = sg->clause_base + load_u32(r + CITE_CLAUSE);
	ci->date = load_u32(r + CITE_DATE);
	ci->kind = r[CITE_KIND];
	ci->symbol = (const char *)sg->sec[SEC_STRINGS] + load_u32(r + CITE_SYMBOL);
	ci->deleted = index_is_deleted(ix, ci->clause);
	return 0;
}

uint32_t index_cite_first(const struct index *ix, uint32_t clause)
{
	uint32_t base = 0, seg, lo = 0, hi;
	const struct index_segment *sg;

	if (clause >= ix->stats.n_clauses)
		return index_cite_count(ix);
	seg = index_clause_segment(ix, clause);
	for (uint32_t s = 0; s < seg; s++)
		base += seg_cite_count(&ix->segs[s]);
	sg = &ix->segs[seg];
	hi = seg_cite_count(sg);
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (sg->clause_base + load_u32(cite_record(sg, mid) + CITE_CLAUSE) < clause)
			lo = mid + 1;
		else
			hi = mid;
	}
	return base + lo;
}

int index_cite_clauses(const struct index *ix, const char *symbol,
                       uint32_t **ids, size_t *n, struct errbuf *eb)
{
	size_t cap = 0;
	struct cite_info ci;
	uint32_t count = index_cite_count(ix);
	int rc;

	*ids = NULL;
	*n = 0;
	for (uint32_t i = 0; i < count; i++) {
		if ((rc = index_cite(ix, i, &ci, eb))) {
			free(*ids);
			*ids = NULL;
			*n = 0;
			return rc;
		}
		if (ci.deleted || strcmp(ci.symbol, symbol) != 0 ||
		    (*n && (*ids)[*n - 1] >= ci.clause))
			continue;
		*ids = xgrow(*ids, &cap, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = ci.clause;
	}
	return 0;
}
