/* fuzz_pdfclean.c: libFuzzer target for the PDF text cleaner (pdfclean.c)
 * without a PDF: the input describes lines. Input: lines separated by
 * '\n'; each line opens with 5 bytes (bit 0 of the first: next page; then
 * x0, width, y and height, each a byte scaled to the A4 page) and holds
 * runs separated by '\1', each opening with a style byte (bit 0 italic,
 * bits 1-2 the size: 11, 8, 9 or 0 points). Checks that the output ends
 * in a newline and never holds a control byte but '\n'. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdfclean.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_LINES 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const double sizes[4] = { 11, 8, 9, 0 };
	size_t max_lines = 1, n_lines = 0, n_runs = 0, i = 0;
	struct pdf_line *lines;
	struct pdf_run *runs;
	unsigned page = 0;
	struct buf out = BUF_INIT;
	struct buf symbol = BUF_INIT;

	for (size_t k = 0; k < size; k++)
		max_lines += data[k] == '\n';
	if (max_lines > MAX_LINES)
		max_lines = MAX_LINES;
	lines = calloc(max_lines, sizeof *lines);
	runs = calloc(size + 1, sizeof *runs);
	if (!lines || !runs)
		__builtin_trap();
	while (i < size && n_lines < max_lines) {
		size_t end = i;
		struct pdf_line *l;
		while (end < size && data[end] != '\n')
			end++;
		if (end - i >= 5) {
			const uint8_t *p = data + i;
			l = &lines[n_lines++];
			page += p[0] & 1;
			l->page = page;
			l->page_width = 595;
			l->page_height = 842;
			l->x0 = p[1] * 2.3;
			l->x1 = l->x0 + p[2] * 2.3;
			l->y1 = p[3] * 3.3;
			l->y0 = l->y1 - p[4] / 16.0;
			l->runs = &runs[n_runs];
			for (size_t k = i + 5; k < end;) {
				size_t e = k + 1;
				struct pdf_run *r = &runs[n_runs++];
				while (e < end && data[e] != 1)
					e++;
				r->italic = data[k] & 1;
				r->size = sizes[(data[k] >> 1) & 3];
				r->text = (const char *)data + k + 1;
				r->len = e - k - 1;
				l->n_runs++;
				k = e + 1;
			}
		}
		i = end + 1;
	}
	pdfclean_text(lines, n_lines, &out, &symbol);
	if (out.len == 0 || out.data[out.len - 1] != '\n')
		__builtin_trap();
	for (size_t k = 0; k < out.len; k++)
		if ((unsigned char)out.data[k] < ' ' && out.data[k] != '\n')
			__builtin_trap();
	buf_release(&out);
	buf_release(&symbol);
	free(lines);
	free(runs);
	return 0;
}
