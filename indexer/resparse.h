/* resparse.h: the resolution parser. Turns the bytes of one text file laid
 * out like corpus/A_RES_74_29.txt into a resolution: metadata from the
 * header and footer, and the ordered list of clauses (paragraphs) that are
 * the unit of retrieval.
 *
 * A file that is not a resolution still yields one document of generic
 * paragraphs (kind CLAUSE_PARAGRAPH, labels P1, P2, ...) and a warning.
 * Nothing here prints: problems go to the caller's warn callback with the
 * 1-based source line. */
#ifndef UNSEARCH_RESPARSE_H
#define UNSEARCH_RESPARSE_H

#include <stddef.h>
#include <stdint.h>

#include "clause_kind.h"
#include "err.h"

/* Paragraphs longer than this are split (at a space when possible) into
 * clauses of at most this many bytes, each with the paragraph's label. */
#define RESPARSE_MAX_CLAUSE 16384

#define CLAUSE_LABEL_MAX 24

struct clause {
	enum clause_kind kind;
	char label[CLAUSE_LABEL_MAX]; /* "PP7", "OP1(a)", "Art.11.2", "Title" */
	size_t text_start, text_len;  /* into resolution.text */
	/* The opening verb, as a byte range inside this clause's text (len 0
	 * when there is none): the gerund opening a preambular paragraph
	 * ("Recordando"), the first word of the emphasised span opening an
	 * operative paragraph ("Acoge" of "*Acoge con beneplácito*"). */
	size_t verb_start, verb_len;
	/* The first emphasised span (*...* in the source, markers removed), as a
	 * byte range inside this clause's text; len 0 when there is none. */
	size_t emph_start, emph_len;
	uint32_t line; /* 1-based line of the source where the paragraph starts */
};

struct resolution {
	int is_resolution;  /* 0: the file did not look like one */
	char *symbol;       /* "A/RES/74/29", "A/RES/217 A (III)"; NULL if absent */
	int session;        /* 74; 0 if absent */
	char date[11];      /* adoption date "2019-12-12"; "" if absent */
	char *title;        /* NULL if absent */
	int agenda_item;    /* 93; 0 if absent */
	char *committee;    /* "Primera Comisión"; NULL if absent */
	char *report;       /* "A/74/363"; NULL if absent */
	int meeting;        /* plenary meeting 46; 0 if absent */
	/* Clause texts, each as written with paragraph-internal line breaks
	 * kept and *emphasis* markers removed; always valid UTF-8 (invalid bytes
	 * were replaced by U+FFFD). Owned by the resolution. */
	char *text;
	size_t text_len;
	struct clause *clauses;
	size_t n_clauses;
};

/* Called once per problem found; `line` is 1-based (0: the whole file).
 * message has no trailing newline and does not name the file. */
typedef void (*resparse_warn_fn)(void *ctx, uint32_t line,
                                 const char *message);

/* Parse `len` bytes. Returns 0 and fills *out (release with
 * resolution_release), or ERR_INVALID when the file cannot be indexed at all
 * (binary content: a NUL byte in its first 8 KiB; empty or only white
 * space), with the reason in eb. Invalid UTF-8, a missing header or
 * overlong paragraphs are warnings, not errors. */
int resparse_parse(const char *data, size_t len, struct resolution *out,
                   resparse_warn_fn warn, void *warn_ctx, struct errbuf *eb);

void resolution_release(struct resolution *r); /* frees owned memory */

#endif
