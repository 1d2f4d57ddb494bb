/* test_pdfclean.c: the PDF text cleaner (pdfclean.c) on pages built here,
 * laid out as the UN's A4 documents are: masthead, running header, page
 * footer with job number and barcode, justified paragraphs with a
 * first-line indent, hyphenated line ends, a paragraph across pages, italic
 * verbs, a footnote under the body. */
#include <stdarg.h>
#include <string.h>

#include "harness.h"
#include "pdfclean.h"

#define W 595.0
#define H 842.0
#define LEFT 72.0
#define RIGHT 523.0
#define MAX_LINES 64
#define MAX_RUNS 256

/* A document being laid out: lines and their runs. */
struct page_builder {
	struct pdf_line lines[MAX_LINES];
	struct pdf_run runs[MAX_RUNS];
	size_t n_lines, n_runs;
};

/* Add a line at baseline y (from the top) from x0 to x1, made of runs given
 * as (text, style) pairs: style 'r' body roman, 'i' body italic, 's' small
 * (superscript or footnote), 'h' header font; NULL ends the list. */
static void line(struct page_builder *b, unsigned page, double y, double x0,
                 double x1, ...)
{
	struct pdf_line *l = &b->lines[b->n_lines++];
	va_list ap;
	const char *t;

	va_start(ap, x1);
	l->page = page;
	l->x0 = x0;
	l->x1 = x1;
	l->y0 = y - 10;
	l->y1 = y;
	l->page_width = W;
	l->page_height = H;
	l->runs = &b->runs[b->n_runs];
	while ((t = va_arg(ap, const char *))) {
		int style = va_arg(ap, int);
		struct pdf_run *r = &b->runs[b->n_runs++];
		r->text = t;
		r->len = strlen(t);
		r->size = style == 's' ? 8 : style == 'h' ? 9 : 11;
		r->italic = style == 'i';
		l->n_runs++;
	}
	va_end(ap);
}

static void clean(struct page_builder *b, struct buf *out)
{
	buf_reset(out);
	pdfclean_text(b->lines, b->n_lines, out, NULL);
	buf_append_byte(out, 0);
}

static void test_un_document(struct harness *h)
{
	struct page_builder b;
	struct buf out = BUF_INIT;

	memset(&b, 0, sizeof b);
	/* Page 1: masthead, header block, paragraphs, a footnote, footer. */
	line(&b, 0, 50, LEFT, 180, "Naciones Unidas", 'h', NULL);
	line(&b, 0, 50, 420, RIGHT, "A/RES/74/29", 'h', NULL);
	line(&b, 0, 78, LEFT, 200, "Asamblea General", 'h', NULL);
	line(&b, 0, 78, 400, 470, "Distr. general", 'h', NULL);
	line(&b, 0, 90, 400, 500, "18 de diciembre de 2019", 'h', NULL);
	line(&b, 0, 114, 400, 480, "Original: inglés", 'h', NULL);
	line(&b, 0, 150, LEFT, 300, "Septuagésimo cuarto período de sesiones", 'r', NULL);
	line(&b, 0, 163.5, LEFT, 190, "Tema 93 del programa", 'r', NULL);
	line(&b, 0, 183, LEFT + 36, RIGHT, "Recalcando que la comunidad internacional", 'r',
	     "1", 's', " aspira al de-", 'r', NULL);
	line(&b, 0, 196.5, LEFT, RIGHT, "sarrollo sostenible de todos los países, cualquiera", 'r', NULL);
	line(&b, 0, 210, LEFT, 260, "que sea su nivel,", 'r', NULL);
	line(&b, 0, 229.5, LEFT + 36, RIGHT, "1. ", 'r', "Acoge con", 'i', NULL);
	line(&b, 0, 243, LEFT, 380, "beneplácito", 'i', " el inicio del proceso y", 'r', NULL);
	line(&b, 0, 256.5, LEFT, RIGHT, "pide que se mantenga en el programa de trabajo", 'r', NULL);
	line(&b, 0, 700, LEFT, RIGHT, "1", 's', " Véase la resolución 73/27, anexo, y los documentos", 's', NULL);
	line(&b, 0, 711, LEFT, 300, "oficiales de la Asamblea.", 's', NULL);
	line(&b, 0, 800, LEFT, 200, "19-22364 (S)    181219    181219", 'h', NULL);
	line(&b, 0, 815, LEFT, 150, "*1922364*", 'h', NULL);
	/* Page 2: running header (the symbol, the title beside it on two
	 * lines, printed once in a two-page document), the paragraph goes on,
	 * page footer. */
	line(&b, 1, 45, LEFT, 140, "A/RES/74/29", 'h', NULL);
	line(&b, 1, 45, 300, RIGHT, "Avances en la esfera de la información y las", 'h', NULL);
	line(&b, 1, 54, 400, RIGHT, "telecomunicaciones", 'h', NULL);
	line(&b, 1, 100, LEFT, 300, "de la Asamblea;", 'r', NULL);
	line(&b, 1, 119.5, LEFT + 36, 400, "2. ", 'r', "Decide", 'i', " seguir ocupándose.", 'r', NULL);
	line(&b, 1, 139, LEFT, 200, "46ª sesión plenaria", 'i', NULL);
	line(&b, 1, 152.5, LEFT, 220, "12 de diciembre de 2019", 'i', NULL);
	line(&b, 1, 810, LEFT, 90, "2/2", 'h', NULL);
	line(&b, 1, 810, 470, RIGHT, "19-22364", 'h', NULL);
	clean(&b, &out);
	CHECK_STR_EQ(h, out.data,
		"Septuagésimo cuarto período de sesiones\n"
		"Tema 93 del programa\n\n"
		"Recalcando que la comunidad internacional[^1] aspira al desarrollo "
		"sostenible de todos los países, cualquiera que sea su nivel,\n\n"
		"[^1]: Véase la resolución 73/27, anexo, y los documentos oficiales "
		"de la Asamblea.\n\n"
		"1. *Acoge con beneplácito* el inicio del proceso y\n"
		"pide que se mantenga en el programa de trabajo de la Asamblea;\n\n"
		"2. *Decide* seguir ocupándose.\n\n"
		"*46ª sesión plenaria\n12 de diciembre de 2019*\n");
	/* The masthead's symbol is handed back apart, not in the text. */
	{
		struct buf symbol = BUF_INIT, text = BUF_INIT;
		pdfclean_text(b.lines, b.n_lines, &text, &symbol);
		buf_append_byte(&symbol, 0);
		CHECK_STR_EQ(h, symbol.data, "A/RES/74/29");
		CHECK(h, text.len == strlen(out.data) && memcmp(text.data, out.data, text.len) == 0);
		buf_release(&symbol);
		buf_release(&text);
	}
	buf_release(&out);
}

/* A hyphen before an upper-case word or a number is kept: "franco-" +
 * "Alemán" stays a compound. */
static void test_hyphen_kept(struct harness *h)
{
	struct page_builder b;
	struct buf out = BUF_INIT;

	memset(&b, 0, sizeof b);
	line(&b, 0, 300, LEFT + 36, RIGHT, "el acuerdo franco-", 'r', NULL);
	line(&b, 0, 313.5, LEFT, RIGHT, "Alemán y el informe 2019-", 'r', NULL);
	line(&b, 0, 327, LEFT, 200, "2020 de la Comisión,", 'r', NULL);
	clean(&b, &out);
	CHECK_STR_EQ(h, out.data, "el acuerdo franco- Alemán y el informe 2019- 2020 de la Comisión,\n");
	buf_release(&out);
}

/* Two notes on a page: the first number a small run of its own, the
 * second the first word of its line; a continuation that starts with a
 * number after a full line stays in its note. Small type with no number
 * is body text, not a note. */
static void test_notes(struct harness *h)
{
	struct page_builder b;
	struct buf out = BUF_INIT;

	memset(&b, 0, sizeof b);
	line(&b, 0, 300, LEFT + 36, RIGHT, "Recordando su resolución", 'r', "1", 's',
	     " y la decisión", 'r', "2", 's', ",", 'r', NULL);
	line(&b, 0, 313.5, LEFT, 200, "de la Asamblea,", 'r', NULL);
	line(&b, 0, 690, LEFT, RIGHT, "1", 's', " A/74/363, aprobada el", 's', NULL);
	line(&b, 0, 701, LEFT, 250, "10 de diciembre de 2019.", 's', NULL);
	line(&b, 0, 712, LEFT, 250, "2 Decisión 74/501.", 's', NULL);
	line(&b, 1, 300, LEFT + 36, 400, "Texto en cuerpo menor.", 's', NULL);
	clean(&b, &out);
	CHECK_STR_EQ(h, out.data,
		"Recordando su resolución[^1] y la decisión[^2], de la Asamblea,\n\n"
		"[^1]: A/74/363, aprobada el 10 de diciembre de 2019.\n\n"
		"[^2]: Decisión 74/501.\n\n"
		"Texto en cuerpo menor.\n");
	buf_release(&out);
}

/* No lines, blank lines, zero sizes: no crash, no text. */
/* The symbol line set as the UN sets it: ragged, its later lines under
 * the title's text (a hanging indent), is one paragraph; so is a header
 * line set at the margin. A text of one-line paragraphs (a declaration's
 * short articles) keeps them apart: the gaps between its paragraphs
 * outnumber its line spacing, and are not taken for it. */
static void test_hanging_and_short_paragraphs(struct harness *h)
{
	struct page_builder b;
	struct buf out = BUF_INIT;
	double y = 300;

	memset(&b, 0, sizeof b);
	line(&b, 0, y, LEFT + 36, 400, "Resolución aprobada el 12 de diciembre de 2019", 'r', NULL);
	line(&b, 0, y += 19.5, LEFT, RIGHT - 40, "74/29. Avances en la esfera de la información y las", 'r', NULL);
	line(&b, 0, y += 13.5, LEFT + 36, RIGHT - 60, "telecomunicaciones en el contexto de la seguridad", 'r', NULL);
	line(&b, 0, y += 13.5, LEFT + 36, 200, "internacional", 'r', NULL);
	for (int i = 1; i <= 6; i++) {
		static const char *const art[] = {
			"", "Artículo 1", "Todos los seres humanos nacen libres.",
			"Artículo 2", "Toda persona tiene todos los derechos.",
			"Artículo 3", "Todo individuo tiene derecho a la vida.",
		};
		line(&b, 0, y += 19.5, i % 2 ? LEFT + 36 : LEFT, i % 2 ? 150 : 350, art[i], 'r', NULL);
	}
	line(&b, 0, y += 19.5, LEFT + 36, RIGHT, "Nadie estará sometido a esclavitud ni a", 'r', NULL);
	line(&b, 0, y += 13.5, LEFT, 300, "servidumbre en ninguna de sus formas.", 'r', NULL);
	clean(&b, &out);
	CHECK_STR_EQ(h, out.data,
		"Resolución aprobada el 12 de diciembre de 2019\n\n"
		"74/29. Avances en la esfera de la información y las telecomunicaciones "
		"en el contexto de la seguridad internacional\n\n"
		"Artículo 1\n\nTodos los seres humanos nacen libres.\n\n"
		"Artículo 2\n\nToda persona tiene todos los derechos.\n\n"
		"Artículo 3\n\nTodo individuo tiene derecho a la vida.\n\n"
		"Nadie estará sometido a esclavitud ni a servidumbre en ninguna de sus formas.\n");
	buf_release(&out);
}

/* A paragraph number set apart by a tab, in the order poppler gives it:
 * the number, the line under it, then the text after the number (with a
 * page footer in between). The reader's order puts them back. */
static void test_number_then_tab(struct harness *h)
{
	struct page_builder b;
	struct buf out = BUF_INIT;

	memset(&b, 0, sizeof b);
	line(&b, 0, 250, LEFT + 36, RIGHT, "18. ", 'r', "Decide", 'i', " seguir ocupándose.", 'r', NULL);
	line(&b, 0, 289, LEFT + 36, LEFT + 50, "19.", 'r', NULL);
	line(&b, 0, 302.5, LEFT, 150, "humanos;", 'r', NULL);
	line(&b, 0, 810, LEFT, 90, "4/5", 'h', NULL);
	line(&b, 0, 289, LEFT + 72, RIGHT, "Exhorta", 'i', " a los Estados a que respeten los derechos", 'r', NULL);
	line(&b, 0, 322, LEFT + 36, 300, "20. ", 'r', "Pide", 'i', " un informe.", 'r', NULL);
	clean(&b, &out);
	CHECK_STR_EQ(h, out.data,
		"18. *Decide* seguir ocupándose.\n\n"
		"19. *Exhorta* a los Estados a que respeten los derechos humanos;\n\n"
		"20. *Pide* un informe.\n");
	buf_release(&out);
}

static void test_degenerate(struct harness *h)
{
	struct page_builder b;
	struct buf out = BUF_INIT;

	memset(&b, 0, sizeof b);
	clean(&b, &out);
	CHECK_STR_EQ(h, out.data, "\n");
	line(&b, 0, 300, LEFT, RIGHT, "   ", 'r', NULL);
	b.runs[0].size = 0;
	clean(&b, &out);
	CHECK_STR_EQ(h, out.data, "\n");
	buf_release(&out);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_pdfclean");

	HARNESS_RUN(&h, test_un_document);
	HARNESS_RUN(&h, test_hyphen_kept);
	HARNESS_RUN(&h, test_notes);
	HARNESS_RUN(&h, test_hanging_and_short_paragraphs);
	HARNESS_RUN(&h, test_number_then_tab);
	HARNESS_RUN(&h, test_degenerate);
	return harness_finish(&h);
}
