/* test_extract.c: choosing the front end (extract.c) by magic bytes and
 * extension, and what the .doc filter does with a file it cannot read. */
#include <stdio.h>
#include <string.h>

#include "extract.h"
#include "harness.h"

static void test_format_of(struct harness *h)
{
	static const char ole2[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 rest";

	CHECK_INT_EQ(h, extract_format_of("a.pdf", "%PDF-1.4\n", 9), EXTRACT_PDF);
	/* Magic wins over the name; junk before %PDF- is allowed. */
	CHECK_INT_EQ(h, extract_format_of("a.txt", "\n\n%PDF-1.7", 10), EXTRACT_PDF);
	CHECK_INT_EQ(h, extract_format_of("x.docx", "PK\3\4....", 8), EXTRACT_DOCX);
	CHECK_INT_EQ(h, extract_format_of("x.bin", "PK\3\4....", 8), EXTRACT_DOCX);
	CHECK_INT_EQ(h, extract_format_of("x.DOC", ole2, sizeof ole2 - 1), EXTRACT_DOC);
	/* A text file that happens to start like a zip stays text. */
	CHECK_INT_EQ(h, extract_format_of("notes.txt", "PK\3\4 hi", 7), EXTRACT_TEXT);
	CHECK_INT_EQ(h, extract_format_of("notes.md", ole2, sizeof ole2 - 1), EXTRACT_TEXT);
	/* A .pdf name without the magic still goes to the PDF reader, which
	 * says what is wrong. */
	CHECK_INT_EQ(h, extract_format_of("scan.PDF", "garbage", 7), EXTRACT_PDF);
	CHECK_INT_EQ(h, extract_format_of("a.docx", "", 0), EXTRACT_DOCX);
	CHECK_INT_EQ(h, extract_format_of("A_RES_74_29.txt", "La Asamblea", 11), EXTRACT_TEXT);
	CHECK_STR_EQ(h, extract_format_name(EXTRACT_DOCX), "docx");
	CHECK_STR_EQ(h, extract_format_name(EXTRACT_TEXT), "txt");
}

static void test_damaged(struct harness *h)
{
	struct extract *x = extract_new();
	struct buf out = BUF_INIT;
	struct errbuf eb;

	/* The PDF and Word readers come from the plugin beside the build
	 * (build/lib/unsearch/ from build/tests/): these errors are theirs. */
	CHECK_INT_EQ(h, extract_text(x, EXTRACT_PDF, "x.pdf", "not a pdf", 9, &out, NULL, &eb),
	             ERR_INVALID);
	CHECK(h, strstr(eb.msg, "PDF") != NULL);
	CHECK_INT_EQ(h, extract_text(x, EXTRACT_DOCX, "x.docx", "PK\3\4 nothing", 12, &out, NULL,
	                             &eb), ERR_INVALID);
	CHECK_INT_EQ(h, extract_text(x, EXTRACT_DOC, "/nonexistent/x.doc", "", 0, &out, NULL, &eb),
	             ERR_INVALID);
	CHECK(h, strstr(eb.msg, "convert") != NULL);
	CHECK_INT_EQ(h, (int)out.len, 0);
	buf_release(&out);
	extract_free(x);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_extract");

	HARNESS_RUN(&h, test_format_of);
	HARNESS_RUN(&h, test_damaged);
	return harness_finish(&h);
}
