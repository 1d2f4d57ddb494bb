/* docx.c: Word files through libzip and libxml2 (see docx.h). */
#include "docx.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "emphtext.h"
#include "xalloc.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define MAX_LEVELS 9
/* Nesting deeper than this (tables in tables ...) is not followed. */
#define MAX_DEPTH 64

/* One list instance (w:num) and where its levels stand. */
struct list_counter {
	long num_id;
	int started[MAX_LEVELS];
	long count[MAX_LEVELS];
};

struct docx {
	xmlDocPtr document, numbering, footnotes, styles;
	struct list_counter *lists;
	size_t n_lists, cap_lists;
	char (*calls)[32];         /* footnote ids in call order */
	size_t n_calls, cap_calls;
	int in_note;               /* collecting a footnote: calls are not counted */
	struct emphtext para;
	struct buf *out;
};

/* ---- libxml2 helpers ------------------------------------------------------ */

static int is_w(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, W_NS) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr w_child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, name))
			return c;
	return NULL;
}

/* The w:name attribute of n copied into v (cap bytes); 0 if absent. */
static int w_attr(xmlNodePtr n, const char *name, char *v, size_t cap)
{
	xmlChar *s = n ? xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)W_NS)
	               : NULL;

	if (!s)
		return 0;
	snprintf(v, cap, "%s", (const char *)s);
	xmlFree(s);
	return 1;
}

static long w_attr_long(xmlNodePtr n, const char *name, long dflt)
{
	char v[32];

	return w_attr(n, name, v, sizeof v) ? strtol(v, NULL, 10) : dflt;
}

/* The child of root named `elem` whose w:`attr` is `want`. */
static xmlNodePtr find_by_attr(xmlDocPtr doc, const char *elem,
                               const char *attr, const char *want)
{
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	char v[64];

	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
		if (is_w(c, elem) && w_attr(c, attr, v, sizeof v) &&
		    strcmp(v, want) == 0)
			return c;
	return NULL;
}

/* ---- numbering -------------------------------------------------------------- */

struct level_format {
	long start;
	char fmt[32], text[64];
};

/* Level ilvl of list num_id: its start (the list's override first), number
 * format and level text. 0 if the list or level is unknown. */
static int level_format(struct docx *dx, long num_id, int ilvl,
                        struct level_format *lf)
{
	char id[32], abs_id[32], lv[8];
	xmlNodePtr num, abs, lvl = NULL;

	snprintf(id, sizeof id, "%ld", num_id);
	num = find_by_attr(dx->numbering, "num", "numId", id);
	if (!num || !w_attr(w_child(num, "abstractNumId"), "val", abs_id, sizeof abs_id))
		return 0;
	abs = find_by_attr(dx->numbering, "abstractNum", "abstractNumId", abs_id);
	snprintf(lv, sizeof lv, "%d", ilvl);
	for (xmlNodePtr c = abs ? abs->children : NULL; c; c = c->next) {
		char v[8];
		if (is_w(c, "lvl") && w_attr(c, "ilvl", v, sizeof v) && strcmp(v, lv) == 0)
			lvl = c;
	}
	if (!lvl)
		return 0;
	lf->start = w_attr_long(w_child(lvl, "start"), "val", 1);
	if (!w_attr(w_child(lvl, "numFmt"), "val", lf->fmt, sizeof lf->fmt))
		strcpy(lf->fmt, "decimal");
	if (!w_attr(w_child(lvl, "lvlText"), "val", lf->text, sizeof lf->text))
		lf->text[0] = '\0';
	for (xmlNodePtr c = num->children; c; c = c->next) {
		char v[8];
		if (is_w(c, "lvlOverride") && w_attr(c, "ilvl", v, sizeof v) &&
		    strcmp(v, lv) == 0 && w_child(c, "startOverride"))
			lf->start = w_attr_long(w_child(c, "startOverride"), "val", lf->start);
	}
	return 1;
}

static void format_roman(long v, int upper, struct buf *b)
{
	static const struct { int v; const char *s; } r[] = {
		{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" },
		{ 100, "c" }, { 90, "xc" }, { 50, "l" }, { 40, "xl" },
		{ 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" },
	};

	for (size_t i = 0; i < sizeof r / sizeof *r && v > 0 && v < 4000; i++)
		while (v >= r[i].v) {
			for (const char *s = r[i].s; *s; s++)
				buf_append_byte(b, (uint8_t)(upper ? *s - 'a' + 'A' : *s));
			v -= r[i].v;
		}
}

/* Counter value v in Word's number format fmt. */
static void format_number(long v, const char *fmt, struct buf *b)
{
	if (strcmp(fmt, "lowerLetter") == 0 || strcmp(fmt, "upperLetter") == 0) {
		char base = fmt[0] == 'l' ? 'a' : 'A';
		if (v < 1)
			v = 1;
		/* Word repeats the letter: a..z, aa..zz, ... */
		for (long k = 0; k <= (v - 1) / 26 && k < 8; k++)
			buf_append_byte(b, (uint8_t)(base + (v - 1) % 26));
	} else if (strcmp(fmt, "lowerRoman") == 0 || strcmp(fmt, "upperRoman") == 0) {
		format_roman(v, fmt[0] == 'u', b);
	} else if (strcmp(fmt, "none") != 0 && strcmp(fmt, "bullet") != 0) {
		buf_printf(b, "%ld", v);
	}
}

static struct list_counter *list_of(struct docx *dx, long num_id)
{
	struct list_counter *l;

	for (size_t i = 0; i < dx->n_lists; i++)
		if (dx->lists[i].num_id == num_id)
			return &dx->lists[i];
	dx->lists = xgrow(dx->lists, &dx->cap_lists, dx->n_lists + 1, sizeof *dx->lists);
	l = &dx->lists[dx->n_lists++];
	memset(l, 0, sizeof *l);
	l->num_id = num_id;
	return l;
}

/* The w:numPr of a paragraph, or of its paragraph style. */
static xmlNodePtr para_numpr(struct docx *dx, xmlNodePtr ppr)
{
	xmlNodePtr np = w_child(ppr, "numPr"), style;
	char id[64];

	if (np || !w_attr(w_child(ppr, "pStyle"), "val", id, sizeof id))
		return np;
	style = find_by_attr(dx->styles, "style", "styleId", id);
	return w_child(w_child(style, "pPr"), "numPr");
}

/* The list label of a numbered paragraph ("1. ", "a) "), into the
 * paragraph. */
static void number_para(struct docx *dx, xmlNodePtr ppr)
{
	xmlNodePtr np = para_numpr(dx, ppr);
	long num_id = w_attr_long(w_child(np, "numId"), "val", 0);
	long ilvl = w_attr_long(w_child(np, "ilvl"), "val", 0);
	struct level_format lf;
	struct list_counter *l;
	struct buf label = BUF_INIT;

	if (!np || num_id <= 0 || ilvl < 0 || ilvl >= MAX_LEVELS ||
	    !level_format(dx, num_id, (int)ilvl, &lf))
		return;
	l = list_of(dx, num_id);
	l->count[ilvl] = l->started[ilvl] ? l->count[ilvl] + 1 : lf.start;
	l->started[ilvl] = 1;
	for (int k = (int)ilvl + 1; k < MAX_LEVELS; k++)
		l->started[k] = 0;
	for (const char *s = lf.text; *s; s++) {
		struct level_format other;
		int k = s[1] - '1';
		if (*s != '%' || k < 0 || k > ilvl) {
			buf_append_byte(&label, (uint8_t)*s);
			continue;
		}
		if (level_format(dx, num_id, k, &other))
			format_number(l->started[k] ? l->count[k] : other.start,
			              other.fmt, &label);
		s++;
	}
	if (label.len) {
		emphtext_append(&dx->para, label.data, label.len, 0);
		emphtext_append(&dx->para, " ", 1, 0);
	}
	buf_release(&label);
}

/* ---- runs and paragraphs ------------------------------------------------------ */

static int run_italic(xmlNodePtr r)
{
	xmlNodePtr i = w_child(w_child(r, "rPr"), "i");
	char v[16];

	if (!i)
		return 0;
	if (!w_attr(i, "val", v, sizeof v))
		return 1;
	return strcmp(v, "0") != 0 && strcmp(v, "false") != 0 && strcmp(v, "off") != 0;
}

static void footnote_call(struct docx *dx, xmlNodePtr ref)
{
	char id[32], call[40];
	int n;

	if (dx->in_note || !w_attr(ref, "id", id, sizeof id))
		return;
	dx->calls = xgrow(dx->calls, &dx->cap_calls, dx->n_calls + 1, sizeof *dx->calls);
	memcpy(dx->calls[dx->n_calls++], id, sizeof id);
	emphtext_trim_end(&dx->para);
	n = snprintf(call, sizeof call, "[^%zu]", dx->n_calls);
	emphtext_append(&dx->para, call, (size_t)n, 0);
}

static void run_text(struct docx *dx, xmlNodePtr r)
{
	int italic = run_italic(r);

	for (xmlNodePtr c = r->children; c; c = c->next) {
		if (is_w(c, "t")) {
			xmlChar *s = xmlNodeGetContent(c);
			if (s) {
				emphtext_append(&dx->para, (const char *)s,
				                strlen((const char *)s), italic);
				xmlFree(s);
			}
		} else if (is_w(c, "tab")) {
			emphtext_append(&dx->para, " ", 1, 0);
		} else if (is_w(c, "br") || is_w(c, "cr")) {
			emphtext_trim_end(&dx->para);
			emphtext_append(&dx->para, "\n", 1, 0);
		} else if (is_w(c, "noBreakHyphen")) {
			emphtext_append(&dx->para, "-", 1, italic);
		} else if (is_w(c, "footnoteReference")) {
			footnote_call(dx, c);
		}
	}
}

/* The runs under n (hyperlinks, insertions, content controls and fields
 * are followed; deletions and properties are not). */
static void collect(struct docx *dx, xmlNodePtr n, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is_w(c, "pPr") || is_w(c, "rPr") ||
		    is_w(c, "del") || is_w(c, "moveFrom"))
			continue;
		if (is_w(c, "r"))
			run_text(dx, c);
		else
			collect(dx, c, depth + 1);
	}
}

/* The text of footnote `id`, its paragraphs joined by a space. */
static void write_note(struct docx *dx, const char *id, size_t n)
{
	xmlNodePtr fn = find_by_attr(dx->footnotes, "footnote", "id", id);

	emphtext_release(&dx->para);
	dx->in_note = 1;
	for (xmlNodePtr p = fn ? fn->children : NULL; p; p = p->next)
		if (is_w(p, "p")) {
			emphtext_trim_end(&dx->para);
			emphtext_append(&dx->para, " ", 1, 0);
			collect(dx, p, 0);
		}
	dx->in_note = 0;
	emphtext_trim_end(&dx->para);
	buf_printf(dx->out, "\n\n[^%zu]: ", n);
	emphtext_write(&dx->para, dx->out);
}

static void paragraph(struct docx *dx, xmlNodePtr p)
{
	size_t calls_before = dx->n_calls;

	emphtext_release(&dx->para);
	number_para(dx, w_child(p, "pPr"));
	collect(dx, p, 0);
	emphtext_trim_end(&dx->para);
	if (dx->para.text.len == 0)
		return;
	if (dx->out->len)
		buf_append_str(dx->out, "\n\n");
	emphtext_write(&dx->para, dx->out);
	for (size_t i = calls_before; i < dx->n_calls; i++)
		write_note(dx, dx->calls[i], i + 1);
}

static void body(struct docx *dx, xmlNodePtr n, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (is_w(c, "p"))
			paragraph(dx, c);
		else if (c->type == XML_ELEMENT_NODE && !is_w(c, "sectPr"))
			body(dx, c, depth + 1);
	}
}

/* ---- the zip ------------------------------------------------------------------ */

/* Part `name` parsed into *doc; *doc stays NULL when the part is absent. */
static int read_part(zip_t *z, const char *name, xmlDocPtr *doc,
                     struct errbuf *eb)
{
	zip_file_t *f = zip_fopen(z, name, 0);
	struct buf b = BUF_INIT;
	char chunk[65536];
	zip_int64_t got;

	*doc = NULL;
	if (!f)
		return 0;
	while ((got = zip_fread(f, chunk, sizeof chunk)) > 0) {
		if (b.len + (size_t)got > DOCX_MAX_PART) {
			zip_fclose(f);
			buf_release(&b);
			return errbuf_set(eb, ERR_LIMIT, "%s is over %zu MiB uncompressed",
			                  name, DOCX_MAX_PART >> 20);
		}
		buf_append(&b, chunk, (size_t)got);
	}
	zip_fclose(f);
	if (got < 0) {
		buf_release(&b);
		return errbuf_set(eb, ERR_INVALID, "damaged zip entry %s", name);
	}
	if (b.len > 0 && b.len <= (size_t)0x7fffffff)
		*doc = xmlReadMemory(b.data, (int)b.len, name, NULL,
		                     XML_PARSE_NONET | XML_PARSE_NOERROR |
		                     XML_PARSE_NOWARNING);
	buf_release(&b);
	if (!*doc)
		return errbuf_set(eb, ERR_INVALID, "%s is not well-formed XML", name);
	return 0;
}

int docx_extract(const char *data, size_t len, struct buf *out,
                 struct errbuf *eb)
{
	zip_error_t zerr;
	zip_source_t *src;
	zip_t *z;
	struct docx dx;
	xmlNodePtr root;
	int rc;

	zip_error_init(&zerr);
	src = zip_source_buffer_create(data, len, 0, &zerr);
	z = src ? zip_open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
	if (!z) {
		rc = errbuf_set(eb, ERR_INVALID, "not a readable .docx (zip): %s",
		                zip_error_strerror(&zerr));
		zip_source_free(src);
		zip_error_fini(&zerr);
		return rc;
	}
	zip_error_fini(&zerr);
	memset(&dx, 0, sizeof dx);
	dx.out = out;
	rc = read_part(z, "word/document.xml", &dx.document, eb);
	if (!rc && !dx.document)
		rc = errbuf_set(eb, ERR_INVALID, "no word/document.xml: not a Word document");
	if (!rc)
		rc = read_part(z, "word/numbering.xml", &dx.numbering, eb);
	if (!rc)
		rc = read_part(z, "word/footnotes.xml", &dx.footnotes, eb);
	if (!rc)
		rc = read_part(z, "word/styles.xml", &dx.styles, eb);
	if (!rc) {
		root = xmlDocGetRootElement(dx.document);
		if (root)
			body(&dx, w_child(root, "body") ? w_child(root, "body") : root, 0);
		buf_append_byte(out, '\n');
	}
	zip_discard(z);
	xmlFreeDoc(dx.document);
	xmlFreeDoc(dx.numbering);
	xmlFreeDoc(dx.footnotes);
	xmlFreeDoc(dx.styles);
	emphtext_release(&dx.para);
	free(dx.lists);
	free(dx.calls);
	return rc;
}
