/* pdftext.c: poppler-glib -> lines with positions and fonts -> pdfclean
 * (see pdftext.h). */
#include "pdftext.h"

#include <math.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

#include "pdfclean.h"
#include "xalloc.h"

/* Characters further apart than this many font sizes on one text line are
 * in different columns (the masthead's left and right blocks). */
#define COLUMN_GAP 2.5
/* A character whose bottom is this many font sizes off the one before is
 * on another text line (a superscript is less), even where poppler's text
 * has no line break: it may read a paragraph number set apart by a tab and
 * the line under it as one line ("1. principios;"). */
#define NEW_BASELINE 0.8

/* Lines and runs of the whole document. Runs point into the pages' texts
 * (kept until the end); lines name their runs by index until every run
 * is in place, then by pointer. */
struct pdf_doc {
	struct pdf_line *lines;
	size_t n_lines, cap_lines;
	size_t *first_run;       /* per line */
	size_t cap_first;
	struct pdf_run *runs;
	size_t n_runs, cap_runs;
	char **texts;            /* one poppler text per page */
	size_t n_texts, cap_texts;
};

static int font_is_italic(const char *name)
{
	return name && (strstr(name, "Italic") || strstr(name, "italic") ||
	                strstr(name, "Oblique") || strstr(name, "Kursiv"));
}

static void line_open(struct pdf_doc *d, unsigned page, double w, double h)
{
	struct pdf_line *l;

	d->lines = xgrow(d->lines, &d->cap_lines, d->n_lines + 1, sizeof *d->lines);
	d->first_run = xgrow(d->first_run, &d->cap_first, d->n_lines + 1,
	                     sizeof *d->first_run);
	l = &d->lines[d->n_lines];
	memset(l, 0, sizeof *l);
	l->page = page;
	l->page_width = w;
	l->page_height = h;
	l->x0 = l->y0 = 1e30;
	l->x1 = l->y1 = -1e30;
	d->first_run[d->n_lines++] = d->n_runs;
}

/* One page: its characters, in poppler's reading order, become lines
 * (split at '\n', at column gaps and where the baseline moves) of runs
 * (split at font changes). */
static void read_page(struct pdf_doc *d, PopplerPage *page, unsigned no)
{
	double w, h;
	char *text = poppler_page_get_text(page);
	PopplerRectangle *rects = NULL;
	guint n_rects = 0;
	GList *attrs = poppler_page_get_text_attributes(page), *a = attrs;
	const PopplerRectangle *prev = NULL;
	int open = 0;
	size_t ci = 0;

	poppler_page_get_size(page, &w, &h);
	if (!text)
		return;
	d->texts = xgrow(d->texts, &d->cap_texts, d->n_texts + 1, sizeof *d->texts);
	d->texts[d->n_texts++] = text;
	poppler_page_get_text_layout(page, &rects, &n_rects);
	for (const char *p = text; *p; p = g_utf8_next_char(p), ci++) {
		const PopplerTextAttributes *at;
		const PopplerRectangle *r = ci < n_rects ? &rects[ci] : NULL;
		struct pdf_line *l;
		struct pdf_run *run;
		size_t clen = (size_t)(g_utf8_next_char(p) - p);
		double size;
		int italic;

		while (a && ((PopplerTextAttributes *)a->data)->end_index < (gint)ci)
			a = a->next;
		at = a ? a->data : NULL;
		size = at ? at->font_size : 0;
		italic = at ? font_is_italic(at->font_name) : 0;
		if (*p == '\n' || !r) {
			open = 0;
			prev = NULL;
			continue;
		}
		if (open && prev && *p != ' ' &&
		    (r->x1 - prev->x2 > COLUMN_GAP * (size > 0 ? size : 10) ||
		     fabs(r->y2 - prev->y2) > NEW_BASELINE * (size > 0 ? size : 10)))
			open = 0;
		if (!open) {
			line_open(d, no, w, h);
			open = 1;
		}
		l = &d->lines[d->n_lines - 1];
		run = d->n_runs > d->first_run[d->n_lines - 1] ? &d->runs[d->n_runs - 1] : NULL;
		if (!run || run->size != size || run->italic != italic ||
		    run->text + run->len != p) {
			d->runs = xgrow(d->runs, &d->cap_runs, d->n_runs + 1, sizeof *d->runs);
			run = &d->runs[d->n_runs++];
			run->text = p;
			run->len = 0;
			run->size = size;
			run->italic = italic;
		}
		run->len += clen;
		if (*p != ' ') {
			if (r->x1 < l->x0) l->x0 = r->x1;
			if (r->y1 < l->y0) l->y0 = r->y1;
			if (r->x2 > l->x1) l->x1 = r->x2;
			if (r->y2 > l->y1) l->y1 = r->y2;
			prev = r;
		}
	}
	g_free(rects);
	poppler_page_free_text_attributes(attrs);
}

int pdftext_extract(const char *data, size_t len, struct buf *out,
                    struct buf *symbol, struct errbuf *eb)
{
	GBytes *bytes = g_bytes_new_static(data, len);
	GError *gerr = NULL;
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	struct pdf_doc d;
	size_t kept = 0;
	int pages;

	if (!doc) {
		int rc = errbuf_set(eb, ERR_INVALID, "not a readable PDF: %s",
		                    gerr ? gerr->message : "unknown error");
		g_clear_error(&gerr);
		g_bytes_unref(bytes);
		return rc;
	}
	memset(&d, 0, sizeof d);
	pages = poppler_document_get_n_pages(doc);
	for (int i = 0; i < pages; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		if (!page)
			continue;
		read_page(&d, page, (unsigned)i);
		g_object_unref(page);
	}
	/* Lines that got no visible character have no box: drop them. */
	for (size_t i = 0; i < d.n_lines; i++) {
		size_t end = i + 1 < d.n_lines ? d.first_run[i + 1] : d.n_runs;
		if (d.lines[i].x1 < d.lines[i].x0)
			continue;
		d.lines[kept] = d.lines[i];
		d.lines[kept].runs = d.runs + d.first_run[i];
		d.lines[kept].n_runs = end - d.first_run[i];
		kept++;
	}
	pdfclean_text(d.lines, kept, out, symbol);
	for (size_t i = 0; i < d.n_texts; i++)
		g_free(d.texts[i]);
	free(d.texts);
	free(d.lines);
	free(d.first_run);
	free(d.runs);
	g_object_unref(doc);
	g_bytes_unref(bytes);
	if (kept == 0)
		return errbuf_set(eb, ERR_INVALID,
		                  "the PDF has no text layer (a scan?); run OCR on it first");
	return 0;
}
