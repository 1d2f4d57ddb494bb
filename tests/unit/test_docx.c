/* test_docx.c: the Word reader (docx.c) on .docx files zipped here with
 * libzip from WordprocessingML written by hand: list numbering (decimal,
 * letters, roman, start overrides, a style's numbering), italics, line
 * breaks, footnotes in call order, tracked deletions; and damaged files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "docx.h"
#include "harness.h"
#include "readfile.h"


/* The bytes of a zip holding the n (name, content) parts. Caller frees. */
static char *make_zip(const char *const *parts, size_t n, size_t *len)
{
	char path[] = "/tmp/test_docx.XXXXXX";
	int fd = mkstemp(path);
	zip_t *z;
	char *data = NULL;

	if (fd < 0)
		return NULL;
	close(fd);
	z = zip_open(path, ZIP_TRUNCATE, NULL);
	for (size_t i = 0; z && i < n; i++) {
		zip_source_t *s = zip_source_buffer(z, parts[2 * i + 1],
		                                    strlen(parts[2 * i + 1]), 0);
		zip_file_add(z, parts[2 * i], s, ZIP_FL_OVERWRITE);
	}
	if (z && zip_close(z) == 0)
		file_read_all(path, 1 << 20, &data, len, NULL);
	unlink(path);
	return data;
}

static const char numbering_xml[] =
	"<?xml version=\"1.0\"?><w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	"<w:abstractNum w:abstractNumId=\"7\">"
	"<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl>"
	"<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"%2)\"/></w:lvl>"
	"<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerRoman\"/><w:lvlText w:val=\"%3.\"/></w:lvl>"
	"</w:abstractNum>"
	"<w:num w:numId=\"1\"><w:abstractNumId w:val=\"7\"/></w:num>"
	"<w:num w:numId=\"2\"><w:abstractNumId w:val=\"7\"/>"
	"<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"5\"/></w:lvlOverride></w:num>"
	"</w:numbering>";

static const char styles_xml[] =
	"<?xml version=\"1.0\"?><w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	"<w:style w:styleId=\"OpPara\"><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr></w:style>"
	"</w:styles>";

static const char footnotes_xml[] =
	"<?xml version=\"1.0\"?><w:footnotes xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	"<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
	"<w:footnote w:id=\"20\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> Véase </w:t></w:r>"
	"<w:r><w:rPr><w:i/></w:rPr><w:t>Documentos Oficiales</w:t></w:r><w:r><w:t>.</w:t></w:r></w:p></w:footnote>"
	"<w:footnote w:id=\"9\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>A/74/363.</w:t></w:r></w:p></w:footnote>"
	"</w:footnotes>";

#define P(x) "<w:p>" x "</w:p>"
#define NUM(id, lvl) "<w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/><w:numId w:val=\"" #id "\"/></w:numPr></w:pPr>"
#define R(t) "<w:r><w:t xml:space=\"preserve\">" t "</w:t></w:r>"
#define RI(t) "<w:r><w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\">" t "</w:t></w:r>"

static const char document_xml[] =
	"<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
	P(R("Septuagésimo cuarto período de sesiones") "<w:r><w:br/></w:r>" R("Tema 93 del programa"))
	P("")
	P(RI("Recordando") R(" su resolución") "<w:r><w:footnoteReference w:id=\"9\"/></w:r>" R(","))
	P(NUM(1, 0) RI("Acoge con") RI(" beneplácito") R(" el informe") "<w:r><w:footnoteReference w:id=\"20\"/></w:r>" R(";"))
	P(NUM(1, 0) RI("Decide") R(":"))
	P(NUM(1, 1) R("primero;"))
	P(NUM(1, 2) R("detalle;"))
	P(NUM(1, 1) R("segundo") "<w:del><w:r><w:delText>borrado</w:delText></w:r></w:del>" R(";"))
	P(NUM(1, 0) "<w:r><w:rPr><w:i w:val=\"0\"/></w:rPr><w:t>Pide</w:t></w:r>" R("\tmás."))
	P("<w:pPr><w:pStyle w:val=\"OpPara\"/></w:pPr>" RI("Exhorta") R(" a todos."))
	P("<w:pPr><w:pStyle w:val=\"OpPara\"/></w:pPr>" RI("Insta") R(" también."))
	"<w:tbl><w:tr><w:tc>" P(R("En una tabla.")) "</w:tc></w:tr></w:tbl>"
	P(RI("46ª sesión plenaria") "<w:r><w:br/></w:r>" RI("12 de diciembre de 2019"))
	"<w:sectPr/></w:body></w:document>";

static void test_resolution(struct harness *h)
{
	const char *parts[] = {
		"word/document.xml", document_xml, "word/numbering.xml", numbering_xml,
		"word/footnotes.xml", footnotes_xml, "word/styles.xml", styles_xml,
		"word/header1.xml", "<w:hdr>A/RES/74/29</w:hdr>",
	};
	size_t len;
	char *zip = make_zip(parts, 5, &len);
	struct buf out = BUF_INIT;
	struct errbuf eb;

	CHECK(h, zip != NULL);
	if (!zip)
		return;
	CHECK_INT_EQ(h, docx_extract(zip, len, &out, &eb), 0);
	buf_append_byte(&out, 0);
	CHECK_STR_EQ(h, out.data,
		"Septuagésimo cuarto período de sesiones\nTema 93 del programa\n\n"
		"*Recordando* su resolución[^1],\n\n"
		"[^1]: A/74/363.\n\n"
		"1. *Acoge con beneplácito* el informe[^2];\n\n"
		"[^2]: Véase *Documentos Oficiales*.\n\n"
		"2. *Decide*:\n\n"
		"a) primero;\n\n"
		"i. detalle;\n\n"
		"b) segundo;\n\n"
		"3. Pide más.\n\n"
		"5. *Exhorta* a todos.\n\n"
		"6. *Insta* también.\n\n"
		"En una tabla.\n\n"
		"*46ª sesión plenaria\n12 de diciembre de 2019*\n");
	buf_release(&out);
	free(zip);
}

static void test_damaged(struct harness *h)
{
	const char *no_doc[] = { "word/styles.xml", styles_xml };
	const char *bad_xml[] = { "word/document.xml", "<w:document><w:body><w:p>" };
	struct buf out = BUF_INIT;
	struct errbuf eb;
	size_t len;
	char *zip;

	CHECK_INT_EQ(h, docx_extract("PK\3\4 nothing", 12, &out, &eb), ERR_INVALID);
	CHECK(h, strstr(eb.msg, "not a readable .docx") != NULL);
	CHECK_INT_EQ(h, docx_extract("", 0, &out, &eb), ERR_INVALID);
	zip = make_zip(no_doc, 1, &len);
	CHECK_INT_EQ(h, docx_extract(zip, len, &out, &eb), ERR_INVALID);
	CHECK(h, strstr(eb.msg, "word/document.xml") != NULL);
	free(zip);
	zip = make_zip(bad_xml, 1, &len);
	CHECK_INT_EQ(h, docx_extract(zip, len, &out, &eb), ERR_INVALID);
	CHECK(h, strstr(eb.msg, "not well-formed") != NULL);
	free(zip);
	CHECK_INT_EQ(h, (int)out.len, 0);
	buf_release(&out);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_docx");

	HARNESS_RUN(&h, test_resolution);
	HARNESS_RUN(&h, test_damaged);
	return harness_finish(&h);
}
