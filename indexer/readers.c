/* readers.c: the table unindex-readers.so exports (see readers.h). The
 * plugin is built with hidden visibility; this is its one visible symbol. */
#include "readers.h"

#include "docx.h"
#include "pdftext.h"

__attribute__((visibility("default")))
extern const struct readers_table unindex_readers;

const struct readers_table unindex_readers = {
	.abi = READERS_ABI,
	.pdf = pdftext_extract,
	.docx = docx_extract,
};
