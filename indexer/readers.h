/* readers.h: the PDF and Word readers as one table, the entry point of
 * the plugin unindex-readers.so.
 *
 * Why a plugin: poppler-glib pulls in about fifty shared libraries
 * (cairo, glib, X11, NSS, ICU...), and the dynamic loader maps and
 * relocates every one at each start of a program that links it: 30 ms and
 * 900 page faults, most of the time of an update that adds one text file
 * to a large index. unindex links none of them; extract.c loads the plugin
 * (dlopen) at the first PDF or .docx file a run meets, so only runs that
 * read such files pay for them.
 *
 * The plugin is built from this module, pdftext.c, docx.c and what they
 * use, with its own copies of the common code (buf, err, ...), so that it
 * needs nothing from the program that loads it. It lives in
 * ../lib/unsearch/ from unindex's directory (build/lib/unsearch/ in the
 * build tree, /usr/lib/unsearch/ as installed). */
#ifndef UNSEARCH_READERS_H
#define UNSEARCH_READERS_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* The plugin's file name and where it is, relative to unindex's own
 * directory. */
#define READERS_FILE "unindex-readers.so"
#define READERS_DIR_FROM_BIN "../lib/unsearch"

/* The name of the one symbol the plugin exports: a const struct
 * readers_table. */
#define READERS_SYMBOL "unindex_readers"

/* Bumped whenever struct readers_table or the functions' contracts change,
 * so that a plugin of another version is refused rather than called. */
#define READERS_ABI 1

struct readers_table {
	unsigned abi; /* READERS_ABI of the plugin's build */
	/* pdftext_extract and docx_extract (pdftext.h, docx.h). */
	int (*pdf)(const char *data, size_t len, struct buf *out, struct buf *symbol,
	           struct errbuf *eb);
	int (*docx)(const char *data, size_t len, struct buf *out, struct errbuf *eb);
};

#endif
