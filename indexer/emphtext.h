/* emphtext.h: a paragraph being assembled by a document front end (PDF,
 * DOCX): its UTF-8 bytes and, for each byte, whether it was set in italics;
 * written out in the corpus layout with each italic stretch between '*'
 * ("1. *Acoge con beneplácito* el ..."). */
#ifndef UNSEARCH_EMPHTEXT_H
#define UNSEARCH_EMPHTEXT_H

#include <stddef.h>

#include "buf.h"

/* Zero-initialise ({0}) to start; emphtext_release frees. */
struct emphtext {
	struct buf text, italic;
};

/* Append len bytes. Tabs become spaces, other control bytes but '\n' are
 * dropped, and a space never follows a space, a line break or nothing, so
 * white space comes out single. */
void emphtext_append(struct emphtext *p, const char *s, size_t len, int italic);

/* Drop trailing spaces and line breaks. */
void emphtext_trim_end(struct emphtext *p);

/* Remove the last byte (there must be one). */
void emphtext_drop_last(struct emphtext *p);

/* Append p to out: each maximal italic stretch, from its first to its last
 * non-space byte, between '*'; two stretches with only white space between
 * them are one. */
void emphtext_write(const struct emphtext *p, struct buf *out);

/* Free the bytes; p is empty and reusable afterwards. */
void emphtext_release(struct emphtext *p);

#endif
