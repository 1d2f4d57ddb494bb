/* pdftext.h: the text of a PDF file, read in process with poppler-glib and
 * cleaned by pdfclean.h into the corpus layout.
 *
 * Why the library and not the pdftotext filter: the cleaner needs, per
 * character, the position (page furniture, paragraph gaps, indents, full
 * lines) and the font (italic runs, small footnote sizes); pdftotext gives
 * positions (-bbox) but no font names, and a process per file. Measured on
 * 216 generated resolutions laid out by tests/assets/resdocs.py (6.6 MB of
 * PDF, 3.2 MB of text; 2 shared cores under load): the whole unindex run
 * in process took 3.4 s, pdftotext alone (one process per file, text only)
 * 20-22 s. */
#ifndef UNSEARCH_PDFTEXT_H
#define UNSEARCH_PDFTEXT_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Append the cleaned text of the len bytes of a PDF to out, and the
 * symbol of its masthead to symbol (may be NULL; see pdfclean_text). Fails
 * with ERR_INVALID (and why: damaged, encrypted, no text layer) when
 * poppler cannot give its text. data is only read. */
int pdftext_extract(const char *data, size_t len, struct buf *out,
                    struct buf *symbol, struct errbuf *eb);

#endif
