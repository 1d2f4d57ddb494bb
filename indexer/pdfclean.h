/* pdfclean.h: the text of a laid-out document (lines of a PDF with their
 * positions and fonts) back to the plain-text layout of corpus/ files (*.txt), which
 * the resolution parser reads: paragraphs separated by blank lines, line
 * breaks kept inside short-line blocks (the header), *italics*, and
 * footnotes as "[^N]" calls plus "[^N]: text" paragraphs.
 *
 * A pure function on data, so that it is tested and fuzzed without a PDF
 * (pdftext.c feeds it from poppler). What it does:
 *   - lines are read in a reader's order, whatever order they come in:
 *     page by page, top to bottom, left to right along a baseline; pieces
 *     of one baseline ("19." then, after a tab, its text) are one line;
 *   - page furniture goes: on page 1 the masthead (Naciones Unidas, the
 *     organ, the symbol, "Distr. ...", its date, "Original: ...", of which
 *     the symbol is handed back apart from the text); on every
 *     page the lines in the top and bottom margins that carry no lower-case
 *     letter (symbol, "2/4", job number "19-22364 (S) 181219", barcode
 *     "*1922364*") or that repeat on several pages (running headers), and
 *     small type at the top of pages after the first (the running header's
 *     title, printed once in a two-page document);
 *   - a line ends its paragraph when the next one starts after a larger
 *     gap than the text's line spacing (the commonest gap up to 1.5 times
 *     the font size), or indented, unless it continues a hanging indent
 *     (a long first line at the margin, as the UN sets "74/29. Title");
 *     across a page break when the last line was short or the next one
 *     is indented;
 *   - a full line is joined to the next with a space, or with nothing when
 *     it ends in a hyphen after a letter and the next starts in lower case
 *     ("de-" + "sarrollo"); a short line keeps its line break;
 *   - runs in a small font at the foot of a page, below the body, are
 *     footnotes: the leading number is N and the text becomes the paragraph
 *     "[^N]: text", placed right after the paragraph that calls it; a small
 *     number inside a body line is the call, written "[^N]" against the
 *     word before it. */
#ifndef UNSEARCH_PDFCLEAN_H
#define UNSEARCH_PDFCLEAN_H

#include <stddef.h>

#include "buf.h"

/* A stretch of one line in one font. text is UTF-8 (any bytes are
 * tolerated), not NUL-terminated, and borrowed from the caller. */
struct pdf_run {
	const char *text;
	size_t len;
	double size;  /* font size in points */
	int italic;   /* the font is an italic or oblique face */
};

/* One line of a page (or a piece of one). Coordinates are points from the
 * page's top-left corner: y0 is the top of the line, y1 its bottom. */
struct pdf_line {
	unsigned page;                  /* 0-based, non-decreasing */
	double x0, y0, x1, y1;
	double page_width, page_height; /* of the line's page */
	const struct pdf_run *runs;
	size_t n_runs;
};

/* Append the cleaned text of the n lines to out (nothing is read past the
 * arrays; no failure is possible but memory exhaustion, which exits). If
 * symbol is not NULL and empty, the symbol line of page 1's masthead
 * ("A/74/363", "S/RES/2196 (2015)") is appended to it, not NUL-terminated
 * (nothing when the masthead has none): the text a plain document is
 * parsed from no longer holds it. */
void pdfclean_text(const struct pdf_line *lines, size_t n, struct buf *out,
                   struct buf *symbol);

#endif
