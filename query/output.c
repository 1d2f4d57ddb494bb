/* output.c: hits as wrapped, highlighted terminal text or as JSON Lines. */
#include "output.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "ansi.h"
#include "buf.h"
#include "err.h"
#include "json.h"
#include "text.h"

/* Styles are bit sets; the escape of each bit is emitted after a reset, in
 * this order, so any combination (a highlight inside the italic verb, a
 * dimmed title) can be re-established after every reset. */
enum {
	STYLE_DIM = 1,
	STYLE_ITALIC = 2,
	STYLE_HL = 4,
};


#define HEADING_SEP " \xC2\xB7 " /* " · " */
#define OUTPUT_HIT_ROOM 1024 /* a hit's fields and highlights besides its text */

/* The state of rendering one piece of text into b. Bytes are emitted in
 * increasing offset order, which lets hl_i sweep the ranges once.
 * Invariant: cur is the style the terminal is in after b's last byte; it is
 * always 0 at a newline, so each output line is self-contained. */
struct render {
	struct buf *b;
	const char *s;
	size_t len;
	int color;
	unsigned base;              /* style of the whole text */
	const struct hl_range *hl;  /* sorted by start */
	size_t n_hl, hl_i;
	size_t verb_start, verb_end;
	unsigned cur;
};

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The style wanted for the code point starting at byte pos. */
static unsigned style_at(struct render *r, size_t pos)
{
	unsigned st = r->base;

	if (pos >= r->verb_start && pos < r->verb_end)
		st |= STYLE_ITALIC;
	while (r->hl_i < r->n_hl && r->hl[r->hl_i].end <= pos)
		r->hl_i++;
	if (r->hl_i < r->n_hl && r->hl[r->hl_i].start <= pos)
		st |= STYLE_HL;
	return st;
}

static void set_style(struct render *r, unsigned st)
{
	if (!r->color || st == r->cur)
		return;
	if (r->cur)
		buf_append_str(r->b, ESC_RESET);
	if (st & STYLE_DIM)
		buf_append_str(r->b, ESC_DIM);
	if (st & STYLE_ITALIC)
		buf_append_str(r->b, ESC_ITALIC);
	if (st & STYLE_HL)
		buf_append_str(r->b, ESC_HL);
	r->cur = st;
}

static void render_newline(struct render *r)
{
	set_style(r, 0);
	buf_append_byte(r->b, '\n');
}

/* Where the style found at pos (style_at(r, pos) just called) may change
 * next: the verb's or the current highlight's edge past pos, or to. */
static size_t style_end(const struct render *r, size_t pos, size_t to)
{
	size_t end = to;

	if (r->verb_start > pos && r->verb_start < end)
		end = r->verb_start;
	if (r->verb_end > pos && r->verb_end < end)
		end = r->verb_end;
	if (r->hl_i < r->n_hl) {
		const struct hl_range *h = &r->hl[r->hl_i];
		size_t edge = h->start > pos ? h->start : h->end;
		if (edge < end)
			end = edge;
	}
	return end;
}

/* Emit the code points of [from, to), each in its own style, so an escape
 * only ever stands between whole UTF-8 sequences. Invalid bytes and control
 * characters (which could drive the terminal) print as U+FFFD; with
 * blank_as_space, tabs and carriage returns print as spaces. Code points
 * that print as they are go out a run at a time, one style lookup a run:
 * a call each was a quarter of a one-shot rare word's instructions. */
static void render_span(struct render *r, size_t from, size_t to,
                        int blank_as_space)
{
	size_t i = from, n;
	int32_t cp;
	int invalid;

	while (i < to) {
		size_t end, run;

		set_style(r, style_at(r, i));
		end = style_end(r, i, to);
		run = i;
		while (i < end) {
			unsigned char c = (unsigned char)r->s[i];
			const char *sub = NULL;

			if (c >= 0x20 && c < 0x7f) { /* ' ' is its own space */
				i++;
				continue;
			}
			n = utf8_decode(r->s + i, to - i, &cp, &invalid);
			if (blank_as_space && n == 1 && is_blank(c))
				sub = " ";
			else if (invalid || (cp < 0x20 && cp != '\t') || cp == 0x7f)
				sub = TEXT_REPLACEMENT;
			if (sub) {
				buf_append(r->b, r->s + run, i - run);
				buf_append_str(r->b, sub);
				run = i + n;
			}
			i += n;
		}
		buf_append(r->b, r->s + run, i - run);
	}
}

/* One line of text (no '\n' inside) filled greedily into width columns,
 * breaking only at blanks: a word wider than the line stands alone on its
 * own line; blanks at a break and at the end of the line are dropped. */
static void render_wrapped(struct render *r, size_t ls, size_t le, size_t width)
{
	size_t p = ls, gs, ws, gap, w, col = 0;

	while (p < le) {
		gs = p;
		while (p < le && is_blank((unsigned char)r->s[p]))
			p++;
		if (p == le)
			break;
		ws = p;
		while (p < le && !is_blank((unsigned char)r->s[p]))
			p++;
		gap = ws - gs;
		w = text_width(r->s + ws, p - ws);
		if (col + gap + w > width) {
			if (col > 0)
				render_newline(r);
			col = 0;
		} else {
			render_span(r, gs, ws, 1);
			col += gap;
		}
		render_span(r, ws, p, 0);
		col += w;
	}
	render_newline(r);
}

/* Render s (len bytes) line by line into b, each output line ending in
 * '\n'; trailing newlines of s are not repeated. width 0: no wrapping. */
static void render_text(struct buf *b, const char *s, size_t len, int width,
                        int color, unsigned base, const struct hl_range *hl,
                        size_t n_hl, size_t verb_start, size_t verb_len)
{
	struct render r;
	size_t ls = 0, le;

	memset(&r, 0, sizeof r);
	r.b = b;
	r.s = s;
	r.len = len;
	r.color = color;
	r.base = base;
	r.hl = hl;
	r.n_hl = n_hl;
	r.verb_start = verb_start;
	r.verb_end = verb_len ? verb_start + verb_len : verb_start;
	while (len > 0 && s[len - 1] == '\n')
		len--;
	while (ls <= len) {
		le = ls;
		while (le < len && s[le] != '\n')
			le++;
		if (width > 0) {
			render_wrapped(&r, ls, le, (size_t)width);
		} else {
			render_span(&r, ls, le, 0);
			render_newline(&r);
		}
		ls = le + 1;
	}
}

static void heading_part(struct buf *b, int *first, const char *s)
{
	if (!*first)
		buf_append_str(b, HEADING_SEP);
	buf_append_str(b, s);
	*first = 0;
}

/* "A/RES/74/29 · 2019-12-12 · PP7 (preambular)", and " · FILE:LINE" when
 * path is set; absent parts left out with their separator; nothing at all
 * when every part is absent. */
static void format_heading(struct buf *b, const struct hit_view *h, int path)
{
	int first = 1;

	if (h->symbol && *h->symbol)
		heading_part(b, &first, h->symbol);
	if (h->date && *h->date)
		heading_part(b, &first, h->date);
	if (h->label && *h->label) {
		heading_part(b, &first, h->label);
		if (h->kind && *h->kind)
			buf_printf(b, " (%s)", h->kind);
	} else if (h->kind && *h->kind) {
		heading_part(b, &first, h->kind);
	}
	if (path && h->file && *h->file) {
		heading_part(b, &first, h->file);
		if (h->line)
			buf_printf(b, ":%u", h->line);
	}
	if (h->partial)
		heading_part(b, &first, "partial match");
	if (!first)
		buf_append_byte(b, '\n');
}

/* A clause shown around a hit or in a whole resolution: its label (and
 * FILE:LINE with o->path) on a dimmed line, then its text in style base
 * with the verb in italics. */
static void format_clause(struct buf *b, const struct output_opts *o,
                          const struct hit_view *c, const char *file,
                          unsigned base)
{
	struct hit_view label = { .label = c->label, .file = file, .line = c->line };
	struct buf head = BUF_INIT;

	/* "PP1 (preambular)", but "Title", not "Title (title)". */
	if (!c->label || !c->kind || strcasecmp(c->label, c->kind) != 0)
		label.kind = c->kind;
	format_heading(&head, &label, o->path);
	if (head.len)
		render_text(b, head.data, head.len, o->width, o->color, STYLE_DIM,
		            NULL, 0, 0, 0);
	buf_release(&head);
	if (c->text)
		render_text(b, c->text, c->text_len, o->width, o->color, base,
		            NULL, 0, c->verb_start, c->verb_len);
}

static void format_text(struct buf *b, const struct output_opts *o,
                        const struct hit_view *h)
{
	size_t n;

	format_heading(b, h, o->path);
	if (h->title && *h->title)
		render_text(b, h->title, strlen(h->title), o->width, o->color,
		            STYLE_DIM, NULL, 0, 0, 0);
	for (size_t i = 0; i < h->n_before; i++)
		format_clause(b, o, &h->before[i], NULL, STYLE_DIM);
	if (h->with_context && (h->n_before || h->n_after))
		render_text(b, h->label, strlen(h->label), o->width, o->color, 0,
		            NULL, 0, 0, 0);
	if (h->text)
		render_text(b, h->text, h->text_len, o->width, o->color, 0,
		            h->hl, h->n_hl, h->verb_start, h->verb_len);
	for (size_t i = 0; i < h->n_after; i++)
		format_clause(b, o, &h->after[i], NULL, STYLE_DIM);
	if (h->explain && *h->explain) {
		n = strlen(h->explain);
		buf_append(b, h->explain, n);
		if (h->explain[n - 1] != '\n')
			buf_append_byte(b, '\n');
	}
	buf_append_byte(b, '\n');
}

/* A key and a string value (null when absent), with the leading comma.
 * Inlined, so that the key's length is known when compiling and its three
 * pieces are copied without calls: a hit's seven short fields cost ~280
 * instructions each, an eighth of a rare word's query in --json. */
static inline __attribute__((always_inline)) void json_field_str(struct buf *b,
                                                                 const char *key,
                                                                 const char *v)
{
	buf_append_str(b, ",\"");
	buf_append_str(b, key);
	buf_append_str(b, "\":");
	if (v)
		json_append_string(b, v, strlen(v));
	else
		buf_append_str(b, "null");
}

/* ,"line":N or ,"line":null */
static void json_field_line(struct buf *b, uint32_t line)
{
	if (line) {
		buf_append_str(b, ",\"line\":");
		buf_append_int(b, line);
	} else
		buf_append_str(b, ",\"line\":null");
}

/* {"label":...,"kind":...,"line":...,"text":...} of a clause shown with a
 * hit or in a resolution; with_verb adds "verb": [start,end] or null. */
static void json_clause(struct buf *b, const struct hit_view *c, int with_verb)
{
	buf_append_str(b, "{\"label\":");
	json_append_string(b, c->label ? c->label : "", c->label ? strlen(c->label) : 0);
	json_field_str(b, "kind", c->kind);
	json_field_line(b, c->line);
	buf_append_str(b, ",\"text\":");
	json_append_string(b, c->text ? c->text : "", c->text ? c->text_len : 0);
	if (with_verb && c->verb_len)
		buf_printf(b, ",\"verb\":[%zu,%zu]", c->verb_start,
		           c->verb_start + c->verb_len);
	else if (with_verb)
		buf_append_str(b, ",\"verb\":null");
	buf_append_byte(b, '}');
}

static void json_clauses(struct buf *b, const char *key,
                         const struct hit_view *c, size_t n, int with_verb)
{
	buf_printf(b, ",\"%s\":[", key);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_append_byte(b, ',');
		json_clause(b, &c[i], with_verb);
	}
	buf_append_byte(b, ']');
}

/* "{" and the echoed query with its comma, when there is one: escaped
 * here, or already a JSON string (escaped, a hit's query_json). */
static void json_open_query(struct buf *b, const char *query, int escaped)
{
	buf_append_byte(b, '{');
	if (query) {
		buf_append_str(b, "\"query\":");
		if (escaped)
			buf_append_str(b, query);
		else
			json_append_string(b, query, strlen(query));
		buf_append_byte(b, ',');
	}
}

static void json_open(struct buf *b, const char *query)
{
	json_open_query(b, query, 0);
}

/* v as printf's "%.6f" writes it, without printf (about 1,800
 * instructions a hit, a tenth of printing a rare word's hit in JSON).
 * For 0 <= v < 10^6, p = v * 10^6 rounded to a double lies within 2^-13
 * of the exact product (whose rounding, ties to even, is printf's), and
 * p - floor(p) is exact: so p rounds as the product does unless its
 * fraction lies within 2^-10 of one half. Those, and every other v (a
 * sign, NaN), go to printf. */
static void json_fixed6(struct buf *b, double v)
{
	if (!signbit(v) && v < 1e6) {
		double p = v * 1e6, whole = floor(p), frac = p - whole;

		if (fabs(frac - 0.5) > 1.0 / 1024) {
			unsigned long long r = (unsigned long long)whole + (frac > 0.5);
			char d[6];

			buf_append_int(b, (long long)(r / 1000000));
			r %= 1000000;
			for (int i = 5; i >= 0; i--, r /= 10)
				d[i] = (char)('0' + r % 10);
			buf_append_byte(b, '.');
			buf_append(b, d, sizeof d);
			return;
		}
	}
	buf_printf(b, "%.6f", v);
}

static void format_json(struct buf *b, const struct hit_view *h)
{
	size_t i;

	json_open_query(b, h->query_json, 1);
	buf_append_str(b, "\"rank\":");
	buf_append_int(b, h->rank);
	if (isfinite(h->score)) {
		buf_append_str(b, ",\"score\":");
		json_fixed6(b, h->score);
	} else
		buf_append_str(b, ",\"score\":null");
	json_field_str(b, "symbol", h->symbol);
	if (h->session) {
		buf_append_str(b, ",\"session\":");
		buf_append_int(b, h->session);
	} else
		buf_append_str(b, ",\"session\":null");
	json_field_str(b, "date", h->date);
	json_field_str(b, "title", h->title);
	json_field_str(b, "file", h->file);
	if (h->index)
		json_field_str(b, "index", h->index);
	json_field_line(b, h->line);
	json_field_str(b, "label", h->label);
	json_field_str(b, "kind", h->kind);
	json_field_str(b, "verb", h->verb);
	buf_append_str(b, ",\"text\":");
	if (h->text)
		json_append_string(b, h->text, h->text_len);
	else
		buf_append_str(b, "null");
	buf_append_str(b, ",\"highlights\":[");
	for (i = 0; i < h->n_hl; i++) {
		buf_append_str(b, i ? ",[" : "[");
		buf_append_int(b, (long long)h->hl[i].start);
		buf_append_byte(b, ',');
		buf_append_int(b, (long long)h->hl[i].end);
		buf_append_byte(b, ']');
	}
	buf_append_byte(b, ']');
	if (h->partial)
		buf_append_str(b, ",\"partial\":true");
	if (h->did_you_mean)
		json_field_str(b, "did_you_mean", h->did_you_mean);
	if (h->explain)
		json_field_str(b, "explain", h->explain);
	if (h->with_context) {
		json_clauses(b, "before", h->before, h->n_before, 0);
		json_clauses(b, "after", h->after, h->n_after, 0);
	}
	buf_append_str(b, "}\n");
}

/* Write b to f and release it: 0 or ERR_IO. */
int output_write(FILE *f, struct buf *b)
{
	int rc = 0;

	if (b->len && fwrite(b->data, 1, b->len, f) != b->len)
		rc = ERR_IO;
	if (ferror(f))
		rc = ERR_IO;
	buf_reset(b);
	return rc;
}

/* output_write, then b released. */
static int emit(FILE *f, struct buf *b)
{
	int rc = output_write(f, b);

	buf_release(b);
	return rc;
}

void output_hit_append(struct buf *b, const struct output_opts *o,
                       const struct hit_view *h)
{
	/* The text and what goes around it, in one allocation mostly. */
	buf_reserve(b, h->text_len + OUTPUT_HIT_ROOM);
	if (o->json)
		format_json(b, h);
	else
		format_text(b, o, h);
}

int output_hit(FILE *f, const struct output_opts *o, const struct hit_view *h)
{
	struct buf b = BUF_INIT;

	output_hit_append(&b, o, h);
	return emit(f, &b);
}

/* " · name N" in a heading, nothing when n is 0 (absent). */
static void heading_number(struct buf *b, int *first, const char *name, int n)
{
	if (!n)
		return;
	if (!*first)
		buf_append_str(b, HEADING_SEP);
	buf_printf(b, "%s %d", name, n);
	*first = 0;
}

/* A key and a number value, null when 0 (absent), with the leading comma. */
static void json_field_int(struct buf *b, const char *key, int v)
{
	if (v)
		buf_printf(b, ",\"%s\":%d", key, v);
	else
		buf_printf(b, ",\"%s\":null", key);
}

static void document_text(struct buf *b, const struct output_opts *o,
                          const struct doc_view *d, const struct hit_view *c,
                          size_t n)
{
	struct buf head = BUF_INIT;
	int first = 1;

	if (d->symbol)
		heading_part(&head, &first, d->symbol);
	if (d->date)
		heading_part(&head, &first, d->date);
	heading_number(&head, &first, "session", d->session);
	heading_number(&head, &first, "agenda item", d->agenda_item);
	heading_number(&head, &first, "meeting", d->meeting);
	if (!first)
		buf_append_byte(&head, '\n');
	first = 1;
	if (d->committee)
		heading_part(&head, &first, d->committee);
	if (d->report)
		heading_part(&head, &first, d->report);
	if (!first)
		buf_append_byte(&head, '\n');
	if (d->file)
		buf_printf(&head, "%s\n", d->file);
	render_text(b, head.data ? head.data : "", head.len, o->width, o->color,
	            0, NULL, 0, 0, 0);
	buf_release(&head);
	if (d->title)
		render_text(b, d->title, strlen(d->title), o->width, o->color,
		            STYLE_DIM, NULL, 0, 0, 0);
	for (size_t i = 0; i < n; i++) {
		buf_append_byte(b, '\n');
		format_clause(b, o, &c[i], d->file, 0);
	}
}

static void document_json(struct buf *b, const struct doc_view *d,
                          const struct hit_view *c, size_t n)
{
	buf_append_str(b, "{\"symbol\":");
	if (d->symbol)
		json_append_string(b, d->symbol, strlen(d->symbol));
	else
		buf_append_str(b, "null");
	json_field_int(b, "session", d->session);
	json_field_str(b, "date", d->date);
	json_field_str(b, "title", d->title);
	json_field_str(b, "file", d->file);
	json_field_str(b, "committee", d->committee);
	json_field_str(b, "report", d->report);
	json_field_int(b, "agenda_item", d->agenda_item);
	json_field_int(b, "meeting", d->meeting);
	json_clauses(b, "clauses", c, n, 1);
	buf_append_str(b, "}\n");
}

int output_document(FILE *f, const struct output_opts *o,
                    const struct doc_view *d, const struct hit_view *clauses,
                    size_t n)
{
	struct buf b = BUF_INIT;

	if (o->json)
		document_json(&b, d, clauses, n);
	else
		document_text(&b, o, d, clauses, n);
	return emit(f, &b);
}

int output_count(FILE *f, const struct output_opts *o, const char *query,
                 size_t count, size_t left_out)
{
	struct buf b = BUF_INIT;

	if (!o->json) {
		buf_printf(&b, "%zu\n", count);
		return emit(f, &b);
	}
	json_open(&b, query);
	buf_printf(&b, "\"count\":%zu", count);
	if (left_out)
		buf_printf(&b, ",\"left_out\":%zu", left_out);
	buf_append_str(&b, "}\n");
	return emit(f, &b);
}

int output_file(FILE *f, const struct output_opts *o, const char *query,
                const char *symbol, const char *path, size_t hits)
{
	struct buf b = BUF_INIT;

	if (!o->json) {
		buf_printf(&b, "%s\t%s\n", symbol ? symbol : "-", path ? path : "");
		return emit(f, &b);
	}
	json_open(&b, query);
	buf_append_str(&b, "\"symbol\":");
	if (symbol)
		json_append_string(&b, symbol, strlen(symbol));
	else
		buf_append_str(&b, "null");
	json_field_str(&b, "file", path ? path : "");
	buf_printf(&b, ",\"hits\":%zu}\n", hits);
	return emit(f, &b);
}

int output_group(FILE *f, const struct output_opts *o, const char *query,
                 unsigned rank, const char *symbol, const char *date,
                 const char *title, size_t hits, size_t more)
{
	struct buf b = BUF_INIT;

	if (!o->json) {
		buf_printf(&b, "#%u %s" HEADING_SEP "%s%s%zu matching clause%s", rank,
		           symbol ? symbol : "-", date ? date : "", date ? HEADING_SEP : "",
		           hits, hits == 1 ? "" : "s");
		if (more)
			buf_printf(&b, " (%zu more)", more);
		buf_append_str(&b, "\n\n");
		return emit(f, &b);
	}
	json_open(&b, query);
	buf_printf(&b, "\"resolution\":%u", rank);
	json_field_str(&b, "symbol", symbol);
	json_field_str(&b, "date", date);
	json_field_str(&b, "title", title);
	buf_printf(&b, ",\"hits\":%zu,\"more\":%zu}\n", hits, more);
	return emit(f, &b);
}

int output_facet(FILE *f, const struct output_opts *o, const char *query,
                 const char *field, int numeric, const struct facet_count *c,
                 size_t n)
{
	struct buf b = BUF_INIT;

	if (!o->json) {
		for (size_t i = 0; i < n; i++)
			buf_printf(&b, "%s\t%zu\n", c[i].value, c[i].count);
		return emit(f, &b);
	}
	json_open(&b, query);
	buf_append_str(&b, "\"facet\":");
	json_append_string(&b, field, strlen(field));
	buf_append_str(&b, ",\"counts\":[");
	for (size_t i = 0; i < n; i++) {
		buf_append_str(&b, i ? ",{\"value\":" : "{\"value\":");
		if (numeric)
			buf_printf(&b, "%ld", c[i].number);
		else
			json_append_string(&b, c[i].value, strlen(c[i].value));
		buf_printf(&b, ",\"count\":%zu}", c[i].count);
	}
	buf_append_str(&b, "]}\n");
	return emit(f, &b);
}

int output_no_hits(FILE *f, const char *query, const char *did_you_mean)
{
	struct buf b = BUF_INIT;

	json_open(&b, query);
	buf_append_str(&b, "\"hits\":0");
	if (did_you_mean) {
		buf_append_str(&b, ",\"did_you_mean\":");
		json_append_string(&b, did_you_mean, strlen(did_you_mean));
	}
	buf_append_str(&b, "}\n");
	return emit(f, &b);
}

/* "key":[...] holding the JSON Lines of lines (len bytes), one element
 * each. */
static void json_lines_array(struct buf *b, const char *key, const char *lines,
                             size_t len)
{
	size_t i = 0, n = 0;

	buf_printf(b, "\"%s\":[", key);
	while (i < len) {
		const char *nl = memchr(lines + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - lines) : len;
		if (end > i) {
			if (n++)
				buf_append_byte(b, ',');
			buf_append(b, lines + i, end - i);
		}
		i = end + 1;
	}
	buf_append_byte(b, ']');
}

int output_page(FILE *f, const struct page_view *p)
{
	struct buf b = BUF_INIT;

	json_open(&b, p->query);
	buf_printf(&b, "\"offset\":%zu,\"limit\":%zu", p->offset, p->limit);
	if (p->has_total)
		buf_printf(&b, ",\"total\":%zu", p->total);
	else
		buf_append_str(&b, ",\"total\":null");
	json_field_str(&b, "did_you_mean", p->did_you_mean);
	buf_append_byte(&b, ',');
	json_lines_array(&b, "hits", p->hits, p->hits_len);
	buf_append_byte(&b, ',');
	json_lines_array(&b, "facets", p->facets, p->facets_len);
	buf_append_str(&b, "}\n");
	return emit(f, &b);
}

int output_list(FILE *f, const char *lines, size_t len)
{
	struct buf b = BUF_INIT;

	buf_append_byte(&b, '{');
	json_lines_array(&b, "results", lines, len);
	buf_append_str(&b, "}\n");
	return emit(f, &b);
}

int output_error(FILE *f, const char *query, const char *msg, int column)
{
	struct buf b = BUF_INIT;

	json_open(&b, query);
	buf_append_str(&b, "\"error\":");
	json_append_string(&b, msg, strlen(msg));
	buf_printf(&b, ",\"column\":%d}\n", column);
	return emit(f, &b);
}
