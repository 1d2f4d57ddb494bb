/* extract.h: which front end reads a file, and the plain text it gives.
 *
 * The resolution parser reads text in the layout of corpus/ files (*.txt). Text
 * files (.txt, .md, anything else named on the command line) go to it as
 * they are; PDF, Word (.docx) and old Word (.doc) files are first turned
 * into that layout by their front end: pdftext.h (poppler), docx.h (libzip
 * + libxml2), both in the plugin unindex-readers.so (readers.h) that a run
 * loads at its first PDF or .docx file, and the antiword filter for .doc. */
#ifndef UNSEARCH_EXTRACT_H
#define UNSEARCH_EXTRACT_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

enum extract_format {
	EXTRACT_TEXT,
	EXTRACT_PDF,
	EXTRACT_DOCX,
	EXTRACT_DOC,
	EXTRACT_FORMAT_COUNT
};

/* The format of a file from its first bytes (magic numbers: "%PDF-", a zip
 * "PK\3\4", an OLE2 compound file) and, for a zip or an OLE2 file, its
 * name; head holds the first len bytes (or all of a shorter file). A .pdf,
 * .docx or .doc name on other bytes is still that format, so that the front
 * end says what is wrong with it. */
enum extract_format extract_format_of(const char *path, const char *head,
                                      size_t len);

/* "txt", "pdf", "docx", "doc". */
const char *extract_format_name(enum extract_format f);

/* The antiword program's name, for messages. */
#define EXTRACT_DOC_FILTER "antiword"

/* The front ends of one run: the readers plugin once loaded, or why it
 * could not be. extract_new loads nothing (and never returns NULL); extract_free unloads what
 * extract_text loaded. */
struct extract;
struct extract *extract_new(void);
void extract_free(struct extract *x);

/* Append to out the corpus-layout text of the file at path, whose len bytes
 * are in data, read as format f (not EXTRACT_TEXT), and to symbol (may be
 * NULL) the document symbol that the layout gave apart from the text (a
 * PDF's masthead; see resread_set_masthead_symbol). The first PDF or .docx
 * loads the readers plugin. Fails with ERR_NOTFOUND when the filter
 * program is not installed (the message names the Debian package) or the
 * plugin cannot be loaded (the message names its path; every later PDF or
 * .docx fails the same way without trying again), ERR_INVALID when the
 * file cannot be read as its format (the message says how to convert it),
 * ERR_LIMIT for a part too large, ERR_IO when the filter cannot be run. */
int extract_text(struct extract *x, enum extract_format f, const char *path,
                 const char *data, size_t len, struct buf *out, struct buf *symbol,
                 struct errbuf *eb);

#endif
