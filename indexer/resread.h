/* resread.h: reading one input file as a stream of documents. The file is
 * read in chunks of RESREAD_CHUNK bytes, decoded to UTF-8 (text.h's rules:
 * byte-order marks, Windows-1252, with one notice naming the encoding), and
 * cut into documents, each parsed by resparse.c, so a session's volume of
 * a thousand resolutions is indexed as a thousand resolutions while no
 * more than one of them (at most RESREAD_MAX_DOC bytes) is in memory.
 *
 * Where the file is cut (only at the start of a paragraph, i.e. of a line
 * after a blank line, or of any line while the document has had no blank
 * line):
 *   - before a symbol line (resmeta_symbol) when the document already has
 *     one, or when RESPARSE_SYMBOL_PARAS paragraphs come before it (the
 *     front matter of a volume becomes a plain document): at the first of the header paragraphs (resparse_header_line,
 *     and title lines among them, but not the date line of a footer)
 *     directly before the symbol line, else at the symbol line itself;
 *   - before a lone capital letter "B" that follows a footer in a lettered
 *     resolution (a symbol paragraph followed by "A"): each part is its own
 *     resolution (resparse_parse_part);
 *   - when a document reaches RESREAD_MAX_DOC bytes without any of these,
 *     at its last paragraph start (else at the last line break, else at a
 *     code point boundary), with a warning.
 * Warnings and clause lines carry the line numbers of the file, not of the
 * document. */
#ifndef UNSEARCH_RESREAD_H
#define UNSEARCH_RESREAD_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "resparse.h"

#define RESREAD_CHUNK ((size_t)64 << 10)
#define RESREAD_MAX_DOC ((size_t)8 << 20)

struct resread;

/* Open the regular file at path (readfile.h's file_open_regular). Returns
 * 0 and a reader in *out (free with resread_free), or ERR_IO. */
int resread_open(struct resread **out, const char *path, struct errbuf *eb);

/* A reader over len bytes in memory; data must outlive the reader. */
struct resread *resread_new_memory(const char *data, size_t len);

/* The symbol a front end read from the layout rather than the text (a
 * PDF's masthead, which pdfclean drops): the file's first document takes
 * it when it is a plain document that names no symbol in its text.
 * symbol is copied; NULL or "" sets none. */
void resread_set_masthead_symbol(struct resread *rr, const char *symbol);

/* The next document of the file, parsed into *out (release it with
 * resolution_release). Returns 1 with a document, 0 at the end of the
 * file, ERR_IO when reading fails, ERR_BINARY or ERR_EMPTY when the file
 * holds no document at all, with the reason in eb. Problems inside
 * the file go to warn (may be NULL) with the file's line numbers. */
int resread_next(struct resread *rr, struct resolution *out,
                 resparse_warn_fn warn, void *warn_ctx, struct errbuf *eb);

/* Bytes of the file read so far. */
uint64_t resread_bytes(const struct resread *rr);

void resread_free(struct resread *rr); /* closes the file; NULL is a no-op */

#endif
