/* resparse.h: the resolution parser. Turns the UTF-8 text of one document
 * (one resolution: indexer/resread.c cuts files into them and decodes other
 * encodings first) into a resolution: metadata from the header and footer,
 * and the ordered list of clauses (paragraphs) that are the unit of
 * retrieval.
 *
 * The text convention (corpus/ and every front end: .txt files as they
 * are, PDF and Word files converted to it):
 *   - paragraphs are separated by blank lines (a file without any blank
 *     line has one paragraph per line);
 *   - *...* marks italics (the operative verb): the stars are removed;
 *   - a footnote call is "[^N]" right after the calling word or
 *     punctuation ("Humanos[^1]," "2019[^2]."): it is removed from the text
 *     (the words around it are not glued);
 *   - a footnote's text is its own paragraph "[^N]: text", right after the
 *     paragraph that calls it: it becomes a clause of kind footnote
 *     labelled under the clause before it ("OP3.n1", "Title.n2").
 *
 * Shapes recognised (labels in brackets):
 *   - the symbol line, within the first RESPARSE_SYMBOL_PARAS paragraphs: "74/29. Title",
 *     lettered "43/78 H. Title", roman "217 A (III). T" and "1514 (XV). T",
 *     emergency and special sessions "ES-10/20. T", "S-26/2. T", any of them
 *     after a written prefix "A/RES/", "A/HRC/RES/", "S/RES/"; decisions
 *     "74/501. T" (numbers from 401: symbol "A/DEC/74/501", their text is
 *     [D1], [D2]... of kind decision, dated by "celebrada el ..." when no
 *     footer dates them); the Security Council's "Resolución 2196 (2015)"
 *     ("S/RES/2196 (2015)"); a header naming the Human Rights Council gives
 *     the prefix "A/HRC/RES/". Paragraphs before it are [Header], it is
 *     [Title];
 *   - a lone capital letter right after the symbol paragraph opens a
 *     lettered part ("72/90." + "A" -> "A/RES/72/90 A") [Part]; the reader
 *     cuts each later part into its own resolution (resparse_parse_part);
 *   - the intro "La Asamblea General," / "El Consejo de Seguridad," /
 *     "El Consejo de Derechos Humanos," [Intro]; preambular paragraphs
 *     [PP1]...; operative paragraphs, numbered, opened by italics or by an
 *     operative verb in the indicative ("Aprueba la siguiente
 *     Declaración:") [OP1]..., sub-paragraphs [OP1(a)], [OP1(b)(ii)];
 *   - section headings "I", "II. Title", "A." [II]: the clauses after them
 *     are labelled under the section [II.OP3];
 *   - "Anexo" [Anx]: what follows is the annexed instrument: numbered
 *     paragraphs [Anx.5], sections [Anx.II.5], articles [Anx.Art.3.2];
 *   - "Artículo N" is the label of its article, not a clause: its text is
 *     put before the article's first paragraph [Art.N], [Art.N.2];
 *     "Preámbulo" and other short titles stay [Heading] clauses;
 *   - the footer "46ª sesión plenaria / date" [Footer]; the adoption as a
 *     sentence "Aprobada en la 81a. sesión plenaria, celebrada el ..."
 *     or "Aprobada por el Consejo de Seguridad en su 7367ª sesión, ..."
 *     [Adoption] (kind header before the body, footer after it) gives the
 *     meeting and the date; a recorded vote "Votos a favor: ...",
 *     "Votos en contra: ...", "Abstenciones: ..." [Vote.Yes], [Vote.No],
 *     [Vote.Abst] of kind vote.
 *
 * A document that is not a resolution still yields one document of
 * generic paragraphs (kind CLAUSE_PARAGRAPH, labels P1, P2, ...), with the
 * symbol its masthead gives ("A/74/363") if any, and a notice.
 * Nothing here prints: problems go to the caller's warn callback with the
 * 1-based source line. */
#ifndef UNSEARCH_RESPARSE_H
#define UNSEARCH_RESPARSE_H

#include <stddef.h>
#include <stdint.h>

#include "clause_kind.h"
#include "err.h"

/* The version of what parsing makes of a file (its documents, clauses,
 * labels, kinds, lines, citations; extraction of PDF and DOCX text
 * included). Bump it in the same commit as any change of the parsers'
 * output: each document records the version that parsed it (format.h
 * DOC_PARSER), and unindex parses again every file an older or newer
 * version read, even when its bytes did not change, so that an update
 * never keeps clauses the current parser would not make. */
#define PARSER_VERSION 1

/* Paragraphs longer than this are split (at a space when possible) into
 * clauses of at most this many bytes, each with the paragraph's label. */
#define RESPARSE_MAX_CLAUSE 16384

#define CLAUSE_LABEL_MAX 24

/* Only this many leading paragraphs of a document may hold its symbol
 * line (the reader cuts off longer front matter before it). */
#define RESPARSE_SYMBOL_PARAS 12

struct clause {
	enum clause_kind kind;
	/* "PP7", "OP1(a)", "Art.11.2", "II.OP3", "Anx.Art.2", "OP3.n1",
	 * "Title"; see the shapes above */
	char label[CLAUSE_LABEL_MAX];
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

/* A warning says that something of the input was lost or repaired; a
 * notice only says how the input was read (not a resolution, another
 * encoding). */
enum resparse_level { RESPARSE_WARNING, RESPARSE_NOTICE };

/* Called once per problem found; `line` is 1-based (0: the whole file).
 * message has no trailing newline and does not name the file. */
typedef void (*resparse_warn_fn)(void *ctx, enum resparse_level level,
                                 uint32_t line, const char *message);

/* Parse `len` bytes. Returns 0 and fills *out (release with
 * resolution_release), or, when the file cannot be indexed at all,
 * ERR_BINARY (a NUL byte in its first 8 KiB) or ERR_EMPTY (empty or only
 * white space), with the reason in eb. Invalid UTF-8, a missing header or
 * overlong paragraphs are warnings, not errors. */
int resparse_parse(const char *data, size_t len, struct resolution *out,
                   resparse_warn_fn warn, void *warn_ctx, struct errbuf *eb);

/* Parse a later lettered part ("B", "C", ... up to its footer) of the
 * resolution whose first part is `whole` (its symbol ends in the letter,
 * "A/RES/72/90 A"): the part takes whole's metadata, its own letter, title
 * and date. Same contract as resparse_parse. */
int resparse_parse_part(const char *data, size_t len, const struct resolution *whole,
                        struct resolution *out, resparse_warn_fn warn,
                        void *warn_ctx, struct errbuf *eb);

/* 1 if the line s is one of a resolution's masthead or header lines
 * ("Naciones Unidas", "Distr. general", "Septuagésimo cuarto período de
 * sesiones", "Tema 93 del programa", "Resolución aprobada por ...",
 * "[sobre la base ...]", a document symbol, a date alone), else 0. */
int resparse_header_line(const char *s, size_t len);

/* The letter of a paragraph that is a lone capital letter ("B"), or 0. */
int resparse_part_letter(const char *s, size_t len);

void resolution_release(struct resolution *r); /* frees owned memory */

#endif
