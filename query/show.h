/* show.h: reading, not only finding: a whole resolution or one of its
 * clauses (--show SYMBOL [LABEL]) and the clauses around a hit (-C N).
 * Clauses come out as output.h's hit_view, with the opening verb's byte
 * range (the emphasised span of an operative paragraph, else the verb token
 * the indexer recorded, such as a preambular gerund) for italics. */
#ifndef UNSEARCH_SHOW_H
#define UNSEARCH_SHOW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "analyzer.h"
#include "buf.h"
#include "err.h"
#include "index.h"
#include "output.h"

/* The clauses around one hit: views and the texts they point into, owned
 * by the struct (release with show_context_release). */
struct show_context {
	struct hit_view *before, *after;
	size_t n_before, n_after;
	struct buf *texts; /* n_before + n_after */
};

/* The opening verb of a clause as a byte range of its text: emph when the
 * clause has an emphasised span, else the token at ci->verb_pos; *len = 0
 * when there is none. */
void show_verb_range(struct analyzer *an, const char *text, size_t len,
                     const struct clause_info *ci, size_t *start,
                     size_t *verb_len);

/* Up to n clauses before and after clause in its resolution. */
int show_context_get(struct index *ix, struct analyzer *an, uint32_t clause,
                     size_t n, struct show_context *out, struct errbuf *eb);
void show_context_release(struct show_context *c);

/* --show: print the resolution named by symbol (any form the query
 * language accepts: "A/RES/74/29", "74/29", "217 A (III)", also with the
 * "symbol:" prefix) to out, whole or
 * only the clauses labelled label (NULL: all). ERR_NOTFOUND names what is
 * missing. */
int show_resolution(struct index *ix, struct analyzer *an,
                    const struct output_opts *o, const char *symbol,
                    const char *label, FILE *out, struct errbuf *eb);

#endif
