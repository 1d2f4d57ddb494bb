/* docx.h: the text of a Word (.docx) file in the corpus layout, read with
 * libzip (the package) and libxml2 (word/document.xml, numbering.xml,
 * footnotes.xml).
 *
 * Each w:p of the body (tables included) is a paragraph, blank-line
 * separated; w:br and w:cr are line breaks, w:tab a space. List numbering
 * (w:numPr, or the paragraph style's) is written as Word shows it, from
 * numbering.xml's level format and text ("1.", "a)", "iv."), counted per
 * list (numId) with its start overrides. Italic runs (w:i) are *...*. A
 * footnote reference becomes "[^N]", N counting the calls from 1 in order,
 * and the footnote's text the paragraph "[^N]: text" right after the
 * paragraph that calls it. Headers and footers are separate parts and are
 * not read. */
#ifndef UNSEARCH_DOCX_H
#define UNSEARCH_DOCX_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Parts larger than this once uncompressed are refused (a zip bomb). */
#define DOCX_MAX_PART ((size_t)256 << 20)

/* Append the text of the len bytes of a .docx to out. Fails with
 * ERR_INVALID (and why) when the bytes are not a zip holding a readable
 * word/document.xml, ERR_LIMIT when a part is too large. */
int docx_extract(const char *data, size_t len, struct buf *out,
                 struct errbuf *eb);

#endif
