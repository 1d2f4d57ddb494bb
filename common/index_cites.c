/* index_cites.c: reading the citation table (format.h SEC_CITES). Records
 * are checked on access, like clauses; index_check walks them all. */
#include "_index.h"

#include <stdlib.h>
#include <string.h>

#include "symbol.h"
#include "xalloc.h"

uint32_t index_cite_count(const struct index *ix)
{
	return (uint32_t)(ix->sec_len[SEC_CITES] / CITE_RECORD_SIZE);
}

static const uint8_t *cite_record(const struct index *ix, uint32_t i)
{
	return ix->sec[SEC_CITES] + (size_t)i * CITE_RECORD_SIZE;
}

int index_cite_check(const struct index *ix, uint32_t i, struct errbuf *eb)
{
	const uint8_t *r = cite_record(ix, i);

	if (load_u32(r + CITE_CLAUSE) >= ix->stats.n_clauses)
		return index_corrupt(ix, SEC_CITES, eb, "citation %u: clause %u out of range",
		                     i, load_u32(r + CITE_CLAUSE));
	if (load_u32(r + CITE_SYMBOL) >= ix->sec_len[SEC_STRINGS])
		return index_corrupt(ix, SEC_CITES, eb, "citation %u: symbol offset out of range", i);
	if (!cite_kind_name(r[CITE_KIND]))
		return index_corrupt(ix, SEC_CITES, eb, "citation %u: unknown kind %u", i,
		                     r[CITE_KIND]);
	return 0;
}

int index_cite(const struct index *ix, uint32_t i, struct cite_info *ci,
               struct errbuf *eb)
{
	const uint8_t *r;
	int rc;

	if (i >= index_cite_count(ix))
		return errbuf_set(eb, ERR_NOTFOUND, "no citation %u", i);
	if ((rc = index_cite_check(ix, i, eb)))
		return rc;
	r = cite_record(ix, i);
	ci->clause = load_u32(r + CITE_CLAUSE);
	ci->date = load_u32(r + CITE_DATE);
	ci->kind = r[CITE_KIND];
	ci->symbol = (const char *)ix->sec[SEC_STRINGS] + load_u32(r + CITE_SYMBOL);
	return 0;
}

uint32_t index_cite_first(const struct index *ix, uint32_t clause)
{
	uint32_t lo = 0, hi = index_cite_count(ix);

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (load_u32(cite_record(ix, mid) + CITE_CLAUSE) < clause)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int index_cite_clauses(const struct index *ix, const char *symbol,
                       uint32_t **ids, size_t *n, struct errbuf *eb)
{
	size_t cap = 0;
	struct cite_info ci;
	int rc;

	*ids = NULL;
	*n = 0;
	for (uint32_t i = 0; i < index_cite_count(ix); i++) {
		if ((rc = index_cite(ix, i, &ci, eb))) {
			free(*ids);
			*ids = NULL;
			*n = 0;
			return rc;
		}
		if (strcmp(ci.symbol, symbol) != 0 || (*n && (*ids)[*n - 1] >= ci.clause))
			continue;
		*ids = xgrow(*ids, &cap, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = ci.clause;
	}
	return 0;
}
