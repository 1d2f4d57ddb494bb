/* docmap.h: the resolutions of an index by symbol (normal form of
 * symbol.h), for the commands that follow citations and lineage from one
 * resolution to the next. Built once per command by reading every
 * document record. */
#ifndef UNSEARCH_DOCMAP_H
#define UNSEARCH_DOCMAP_H

#include <stdint.h>

#include "err.h"
#include "index.h"

struct docmap;

/* 0, or ERR_CORRUPT from a document record. Free with docmap_free. */
int docmap_build(struct index *ix, struct docmap **out, struct errbuf *eb);
void docmap_free(struct docmap *dm); /* NULL is a no-op */

/* The document whose symbol normalises to symbol (already normalised), or
 * -1. When two documents share a symbol the first indexed wins. */
long docmap_find(const struct docmap *dm, const char *symbol);
/* Document d's record (d < n_docs, read at build time): borrowed. */
const struct doc_info *docmap_doc(const struct docmap *dm, uint32_t d);
/* Document d's symbol in normal form ("" when it has none): borrowed. */
const char *docmap_symbol(const struct docmap *dm, uint32_t d);
uint32_t docmap_count(const struct docmap *dm);

#endif
