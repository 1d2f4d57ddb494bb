/* docmap.c: resolutions by normalised symbol (see docmap.h). */
#include "docmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "symbol.h"
#include "xalloc.h"

struct docmap {
	struct strmap *by_symbol; /* normal form -> doc id */
	struct doc_info *docs;
	char **symbols;           /* normal forms, by doc id */
	uint32_t n;
};

int docmap_build(struct index *ix, struct docmap **out, struct errbuf *eb)
{
	struct docmap *dm = xcalloc(1, sizeof *dm);
	uint32_t n = index_stats(ix)->n_docs;
	int rc = 0;

	dm->by_symbol = strmap_new();
	dm->docs = xcalloc(n ? n : 1, sizeof *dm->docs);
	dm->symbols = xcalloc(n ? n : 1, sizeof *dm->symbols);
	for (uint32_t d = 0; d < n && !rc; d++) {
		int added;
		if ((rc = index_doc(ix, d, &dm->docs[d], eb)))
			break;
		dm->symbols[d] = symbol_normalise(dm->docs[d].symbol ? dm->docs[d].symbol : "");
		dm->n = d + 1;
		if (*dm->symbols[d] && !dm->docs[d].deleted) /* not a replaced version */
			strmap_upsert(dm->by_symbol, dm->symbols[d], strlen(dm->symbols[d]),
			              d, &added);
	}
	if (rc) {
		docmap_free(dm);
		return rc;
	}
	*out = dm;
	return 0;
}

void docmap_free(struct docmap *dm)
{
	if (!dm)
		return;
	for (uint32_t d = 0; d < dm->n; d++)
		free(dm->symbols[d]);
	free(dm->symbols);
	free(dm->docs);
	strmap_free(dm->by_symbol);
	free(dm);
}

long docmap_find(const struct docmap *dm, const char *symbol)
{
	uint64_t *v = strmap_get(dm->by_symbol, symbol, strlen(symbol));

	return v ? (long)*v : -1;
}

const struct doc_info *docmap_doc(const struct docmap *dm, uint32_t d)
{
	return &dm->docs[d];
}

const char *docmap_symbol(const struct docmap *dm, uint32_t d)
{
	return dm->symbols[d];
}

uint32_t docmap_count(const struct docmap *dm)
{
	return dm->n;
}
