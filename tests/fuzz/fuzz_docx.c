/* fuzz_docx.c: libFuzzer target for the Word reader (docx.c): any bytes as
 * a .docx (libzip and libxml2 see them first; the seeds are small valid
 * files so that mutations reach the numbering, italics and footnote code).
 * Checks that success yields text ending in a newline and failure a
 * message with a documented code. */
#include <stdint.h>
#include <string.h>

#include "docx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = BUF_INIT;
	struct errbuf eb = { { 0 }, 0 };
	int rc = docx_extract((const char *)data, size, &out, &eb);

	if (rc == 0 && (out.len == 0 || out.data[out.len - 1] != '\n'))
		__builtin_trap();
	if (rc != 0 && (eb.msg[0] == '\0' || (rc != ERR_INVALID && rc != ERR_LIMIT)))
		__builtin_trap();
	buf_release(&out);
	return 0;
}
