/* clause_kind.h: the kinds of clause, shared by indexer and query. The
 * parser (indexer/resparse.c) assigns them; the value is what SEC_KINDS
 * holds (format.h, KIND_BITS bits a clause: at most 16 kinds), so
 * changing the numbering changes the on-disk format; queries and exports
 * use the names. */
#ifndef UNSEARCH_CLAUSE_KIND_H
#define UNSEARCH_CLAUSE_KIND_H

#include <stddef.h>

enum clause_kind {
	CLAUSE_HEADER,     /* session, agenda item, adoption line, report */
	CLAUSE_TITLE,      /* the symbol line "74/29. Title" */
	CLAUSE_HEADING,    /* "Preámbulo", "Artículo 1", "Anexo", ... */
	CLAUSE_INTRO,      /* "La Asamblea General," */
	CLAUSE_PREAMBULAR, /* PP<n>: opened by a gerund or participle */
	CLAUSE_OPERATIVE,  /* OP<n> and sub-paragraphs OP<n>(a) */
	CLAUSE_ARTICLE,    /* Art.<n>, Art.<n>.<m> of an annexed instrument */
	CLAUSE_FOOTER,     /* "46ª sesión plenaria / 12 de diciembre de 2019" */
	CLAUSE_PARAGRAPH,  /* P<n>: any paragraph of a non-resolution file */
	CLAUSE_FOOTNOTE,   /* a footnote, labelled under the clause that calls it */
	CLAUSE_VOTE,       /* "Votos a favor: ...": a recorded vote, not a paragraph */
	CLAUSE_DECISION,   /* the text of a decision ("74/501"), not a resolution */
	CLAUSE_KIND_COUNT
};

/* "header", "title", "heading", "intro", "preambular", "operative",
 * "article", "footer", "paragraph", "footnote", "vote", "decision"; "?" for
 * any other value. The returned
 * string is static: the caller never frees it. */
const char *clause_kind_name(enum clause_kind kind);
/* 1 for the kinds that frame a resolution rather than say something:
 * header, title, intro ("La Asamblea General,"), footer and vote. A query
 * returns them only when it asks for a kind (man/unsearch.1). */
int clause_kind_is_boilerplate(enum clause_kind kind);
/* The kind named (exact lower-case name), or -1. */
int clause_kind_parse(const char *name, size_t len);

#endif
