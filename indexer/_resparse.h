/* _resparse.h: the parser's state, shared by resparse.c (paragraphs,
 * header, symbol line, footnotes, the driver) and resbody.c (body
 * paragraphs); nothing else includes it. */
#ifndef UNSEARCH__RESPARSE_H
#define UNSEARCH__RESPARSE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "resparse.h"

/* A NUL byte this early marks a binary file. */
#define BINARY_PROBE 8192
/* Longer header lines carry no metadata (and would make matching slow). */
#define HEADER_LINE_MAX 1024
/* Longest single-line paragraph taken as a heading. */
#define HEADING_MAX 100

/* One paragraph of the normalised source: [start, end) trimmed. */
struct para {
	size_t start, end;
	uint32_t line;
};

/* Where the body of a resolution stands while its paragraphs go by. */
struct body_state {
	int seen_operative; /* an operative paragraph has been seen */
	int last_op;        /* number of the last operative paragraph */
	int list_op;        /* an unnumbered OP ending in ':' ("Declara que:")
	                       whose numbered items follow: OP<list_op>.<n>; 0 */
	int pp;             /* preambular paragraphs so far */
	int article;        /* current "Artículo N", 0 outside articles */
	int art_par;        /* last numbered paragraph inside the article */
	int in_annex;       /* after an "Anexo" heading */
	int annex_pp, annex_op; /* unnumbered preambular, operative paragraphs
	                           of the annexed text (Anx.PP1, Anx.OP1) */
	int parts;          /* titled parts so far in this scope (S1, S2) */
	int decision;       /* the document is a decision: its text is D<n> */
	int dec_par;        /* decision paragraphs so far */
	char sub[8];        /* current sub-paragraph letter, "" if none */
	char section[8];    /* current section "II", "A", titled part "S2";
	                       "" outside sections */
	enum clause_kind prev_kind;
};

struct parser {
	const char *src; /* sanitised, CRLF-normalised input */
	size_t len;
	struct para *paras;
	size_t n_paras, cap_paras;
	struct buf text; /* becomes resolution.text */
	struct resolution *res;
	size_t cap_clauses;
	resparse_warn_fn warn;
	void *warn_ctx;
	struct buf title; /* title candidate from the header lines */
	int title_open;   /* the previous header line extended the title */
	int adopted;      /* the adoption line has been seen */
	int says_resolution; /* the header says "Resolución aprobada": not a decision, whatever its number */
	const char *prefix; /* symbol prefix the header implies, or NULL */
	const struct resolution *whole; /* resparse_parse_part: the first part */
	struct buf art_heading; /* "Artículo 5" waiting for its first paragraph */
	struct body_state st;
};

/* Format the label of c (truncated to CLAUSE_LABEL_MAX - 1 bytes). */
void clause_set_label(struct clause *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Is the paragraph t a heading? Returns HEAD_ARTICLE for "Artículo N"
 * (setting *art), HEAD_ANNEX for "Anexo", HEAD_SECTION for a section mark
 * "II", "II. Title", "A." or "A. Title" on its first line (copied to sec),
 * HEAD_OTHER for another short capitalised line, 0 otherwise. */
enum { HEAD_OTHER = 1, HEAD_ARTICLE, HEAD_ANNEX, HEAD_SECTION };
int resbody_heading(const char *t, size_t len, int *art, char sec[8]);

/* Classify one body paragraph (its text already in c) and label it,
 * updating p->st and the resolution's metadata. Returns HEAD_ARTICLE when
 * c is an "Artículo N" heading that the caller folds into the article's
 * first paragraph, else 0. */
int resbody_para(struct parser *p, struct clause *c);

#endif
