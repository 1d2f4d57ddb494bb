/* pdfclean.c: laid-out lines back to the corpus text layout (see
 * pdfclean.h for the rules). */
#include "pdfclean.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "emphtext.h"
#include "strmap.h"
#include "text.h"
#include "xalloc.h"

/* Margins where page furniture lives, as fractions of the page height. */
#define TOP_ZONE 0.10
#define BOTTOM_ZONE 0.92
#define MASTHEAD_ZONE 0.25
/* Footnotes sit in the lower half of the page. */
#define NOTE_ZONE 0.5
/* A run smaller than this fraction of the body size is a footnote's. */
#define SMALL_FONT 0.85
/* A line reaching this close to the right margin (fraction of the text
 * width) is full: its paragraph goes on. */
#define FULL_LINE 0.08
/* A line of a hanging indent reaching this close to it (ragged right, as
 * titles are set) is long enough for the next line to continue it. */
#define HANG_LINE 0.25
/* A gap between baselines this much larger than the line spacing, or a
 * first line indented by this fraction of the font size, starts a
 * paragraph. */
#define PARA_GAP 1.25
/* Lines whose bottoms are this many font sizes apart or less are on one
 * baseline. */
#define SAME_BASELINE 0.3
/* Line spacing is at most this many times the body font size. */
#define LEADING_MAX 1.5
#define PARA_INDENT 0.8
/* How far back a note looks for its call, and a call for its note. */
#define MATCH_WINDOW 64

enum line_role { ROLE_BODY, ROLE_FURNITURE, ROLE_NOTE };

/* What the page layout tells about the body text, measured once. */
struct layout {
	double body_size, left, right, spacing;
};

struct note {
	char num[16];
	size_t call_para;       /* paragraph that calls it, SIZE_MAX if none */
	struct emphtext body;
};

/* A footnote call met in the body, waiting for its note. */
struct call {
	char num[16];
	size_t para;  /* the paragraph holding it */
	int matched;
};

struct cleaner {
	const struct pdf_line *lines;
	size_t n;
	enum line_role *role;
	struct layout lay;
	struct emphtext *paras;      /* finished paragraphs */
	size_t n_paras, cap_paras;
	struct note *notes;
	size_t n_notes, cap_notes;
	struct call *calls;
	size_t n_calls, cap_calls;
	struct emphtext cur;         /* the open body paragraph */
	size_t cur_lines;            /* its lines so far */
	struct pdf_line last;        /* the text line before (its pieces joined) */
	size_t n_body_lines;         /* text lines so far */
	double hang_x;               /* its hanging indent's x, 0 if none */
	struct buf *symbol;          /* the masthead's symbol goes here (may be NULL) */
};

/* ---- small text tests ----------------------------------------------------- */

static int has_lower(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		int32_t cp;
		int bad;
		size_t k = utf8_decode(s + i, len - i, &cp, &bad);
		if (!bad && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL)
			return 1;
		i += k ? k : 1;
	}
	return 0;
}

static int starts_lower(const char *s, size_t len)
{
	int32_t cp;
	int bad;

	if (len == 0)
		return 0;
	utf8_decode(s, len, &cp, &bad);
	return !bad && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static int is_letter(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LO:
		return 1;
	default:
		return 0;
	}
}

/* Whether the last character of s is a letter. */
static int ends_with_letter(const char *s, size_t len)
{
	size_t i = len;
	int32_t cp;
	int bad;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0)
		return 0;
	utf8_decode(s + i - 1, len - (i - 1), &cp, &bad);
	return !bad && is_letter(cp);
}

static int is_digits(const char *s, size_t len)
{
	if (len == 0 || len > 4)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static void trim(const char **s, size_t *len)
{
	while (*len && ((unsigned char)**s <= ' ')) {
		(*s)++;
		(*len)--;
	}
	while (*len && ((unsigned char)(*s)[*len - 1] <= ' '))
		(*len)--;
}

/* The text of a line, runs concatenated, trimmed, in b. */
static void line_text(const struct pdf_line *l, struct buf *b)
{
	const char *s;
	size_t len;

	buf_reset(b);
	for (size_t i = 0; i < l->n_runs; i++)
		buf_append(b, l->runs[i].text, l->runs[i].len);
	buf_append_byte(b, 0);
	b->len--;
	s = b->data;
	len = b->len;
	trim(&s, &len);
	memmove(b->data, s, len);
	b->len = len;
	b->data[len] = '\0';
}

static int prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* A line of page 1's masthead: the organisation, the organ, the
 * distribution block, or anything without lower-case letters (the
 * symbol). */
static int masthead_line(const char *s, size_t len)
{
	static const char *const exact[] = {
		"Naciones Unidas", "United Nations", "Asamblea General",
		"Consejo de Seguridad", "Consejo Económico y Social",
		"Consejo de Derechos Humanos",
	};
	char month[16];
	int day, year, used = 0;

	for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
		if (len == strlen(exact[i]) && memcmp(s, exact[i], len) == 0)
			return 1;
	if (prefix(s, "Distr.") || prefix(s, "Original:") || prefix(s, "Español"))
		return 1;
	if (sscanf(s, "%2d de %15s de %4d%n", &day, month, &year, &used) == 3 &&
	    (size_t)used == len)
		return 1;
	return !has_lower(s, len);
}

/* Is a masthead line the document's symbol ("A/74/363", "S/RES/2196
 * (2015)")? Upper case, a slash and a digit. */
static int masthead_symbol_line(const char *s, size_t len)
{
	int slash = 0, digit = 0;

	for (size_t i = 0; i < len; i++) {
		slash |= s[i] == '/';
		digit |= s[i] >= '0' && s[i] <= '9';
	}
	return slash && digit && !has_lower(s, len);
}

/* ---- measuring the layout -------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The most common value of v[0..n) once rounded to halves; dflt if n is 0. */
static double mode_of(const double *v, size_t n, double dflt)
{
	double *r, best = dflt;
	size_t best_n = 0, run = 0;

	if (n == 0)
		return dflt;
	r = xmalloc(n * sizeof *r);
	for (size_t i = 0; i < n; i++)
		r[i] = round(v[i] * 2) / 2;
	qsort(r, n, sizeof *r, cmp_double);
	for (size_t i = 0; i < n; i++) {
		run = (i && r[i] == r[i - 1]) ? run + 1 : 1;
		if (run > best_n) {
			best_n = run;
			best = r[i];
		}
	}
	free(r);
	return best;
}

static double line_size(const struct pdf_line *l)
{
	size_t best = 0;
	double size = 0;

	for (size_t i = 0; i < l->n_runs; i++)
		if (l->runs[i].len > best) {
			best = l->runs[i].len;
			size = l->runs[i].size;
		}
	return size;
}

static int small_run(const struct cleaner *c, const struct pdf_run *r)
{
	return r->size < SMALL_FONT * c->lay.body_size;
}

/* The body font size: the largest size (rounded to halves) that sets at
 * least a quarter of the characters. Footnotes may outweigh the body on a
 * short page but are never set larger; headings are larger but few. */
static void measure_font(struct cleaner *c)
{
	size_t n = 0, k = 0;
	double *pair, total = 0, run = 0;

	for (size_t i = 0; i < c->n; i++)
		n += c->lines[i].n_runs;
	pair = xmalloc((n ? n : 1) * 2 * sizeof *pair);
	for (size_t i = 0; i < c->n; i++)
		for (size_t r = 0; r < c->lines[i].n_runs; r++, k++) {
			pair[2 * k] = round(c->lines[i].runs[r].size * 2) / 2;
			pair[2 * k + 1] = (double)c->lines[i].runs[r].len;
			total += pair[2 * k + 1];
		}
	qsort(pair, n, 2 * sizeof *pair, cmp_double);
	c->lay.body_size = 10;
	for (size_t i = n; i > 0; i--) {
		run = (i < n && pair[2 * i - 2] == pair[2 * i]) ? run + pair[2 * i - 1]
		                                                : pair[2 * i - 1];
		if (pair[2 * i - 2] > 0 && run >= total / 4) {
			c->lay.body_size = pair[2 * i - 2];
			break;
		}
	}
	free(pair);
}

/* A line and where poppler put it, for sorting. */
struct placed_line {
	struct pdf_line l;
	size_t i;
};

static int cmp_placed(const void *a, const void *b)
{
	const struct placed_line *x = a, *y = b;

	if (x->l.page != y->l.page)
		return x->l.page < y->l.page ? -1 : 1;
	if (x->l.y1 != y->l.y1)
		return x->l.y1 < y->l.y1 ? -1 : 1;
	if (x->l.x0 != y->l.x0)
		return x->l.x0 < y->l.x0 ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/* The lines in the order a reader reads one column: page by page, top to
 * bottom, and left to right along a baseline. poppler's reading order can
 * put a paragraph number ("19.", set apart by a tab) before the line
 * under it ("humanos;") and only then the text that follows the number.
 * The caller frees the copy. */
static struct pdf_line *reading_order(const struct pdf_line *lines, size_t n,
                                      double body_size)
{
	struct placed_line *p = xmalloc((n ? n : 1) * sizeof *p);
	struct pdf_line *out = xmalloc((n ? n : 1) * sizeof *out);

	for (size_t i = 0; i < n; i++) {
		p[i].l = lines[i];
		p[i].i = i;
	}
	qsort(p, n, sizeof *p, cmp_placed);
	/* Lines of one baseline (their bottoms within SAME_BASELINE sizes of
	 * the row's first) go left to right. */
	for (size_t k = 0, j; k < n; k = j) {
		for (j = k + 1; j < n && p[j].l.page == p[k].l.page &&
		     p[j].l.y1 - p[k].l.y1 <= SAME_BASELINE * body_size; j++)
			;
		for (size_t a = k + 1; a < j; a++)
			for (size_t b = a; b > k && (p[b].l.x0 < p[b - 1].l.x0 ||
			     (p[b].l.x0 == p[b - 1].l.x0 && p[b].i < p[b - 1].i)); b--) {
				struct placed_line t = p[b];
				p[b] = p[b - 1];
				p[b - 1] = t;
			}
	}
	for (size_t i = 0; i < n; i++)
		out[i] = p[i].l;
	free(p);
	return out;
}

/* Margins and line spacing of the body lines. */
static void measure_body(struct cleaner *c)
{
	double *x0 = xmalloc((c->n ? c->n : 1) * sizeof *x0);
	double *x1 = xmalloc((c->n ? c->n : 1) * sizeof *x1);
	double *gap = xmalloc((c->n ? c->n : 1) * sizeof *gap);
	size_t n = 0, ng = 0, n_line = 0;
	const struct pdf_line *prev = NULL;

	for (size_t i = 0; i < c->n; i++) {
		const struct pdf_line *l = &c->lines[i];
		if (c->role[i] != ROLE_BODY)
			continue;
		x0[n] = l->x0;
		x1[n++] = l->x1;
		if (prev && prev->page == l->page && l->y1 > prev->y1)
			gap[ng++] = l->y1 - prev->y1;
		prev = l;
	}
	qsort(x0, n, sizeof *x0, cmp_double);
	qsort(x1, n, sizeof *x1, cmp_double);
	c->lay.left = n ? x0[n / 5] : 0;
	c->lay.right = n ? x1[n - 1 - n / 5] : 0;
	/* The spacing is the commonest gap that a line of text could leave
	 * (any gap if none could): in a text of short paragraphs, the
	 * articles of a declaration, gaps between paragraphs outnumber those
	 * inside them. */
	for (size_t i = 0; i < ng; i++)
		if (gap[i] <= LEADING_MAX * c->lay.body_size)
			gap[n_line++] = gap[i];
	c->lay.spacing = mode_of(gap, n_line ? n_line : ng, 1.2 * c->lay.body_size);
	free(x0);
	free(x1);
	free(gap);
}

/* ---- sorting lines into body, furniture and footnotes --------------------- */

/* A line of the top or bottom margin. */
static int in_margin(const struct pdf_line *l)
{
	return l->y1 < TOP_ZONE * l->page_height ||
	       l->y0 > BOTTOM_ZONE * l->page_height;
}

/* The key under which running headers repeat: the text without digits. */
static void repeat_key(const struct buf *text, struct buf *key)
{
	buf_reset(key);
	for (size_t i = 0; i < text->len; i++)
		if (text->data[i] < '0' || text->data[i] > '9')
			buf_append_byte(key, (uint8_t)text->data[i]);
}

/* Small type at the top of a page after the first: the running header's
 * title ("Avances en la esfera de ..." beside the symbol), which a
 * two-page document prints only once, so that it does not repeat. */
static int running_title(const struct cleaner *c, const struct pdf_line *l)
{
	return l->page > 0 && l->y1 < TOP_ZONE * l->page_height &&
	       line_size(l) < SMALL_FONT * c->lay.body_size;
}

static void find_furniture(struct cleaner *c)
{
	struct strmap *seen = strmap_new();
	struct buf t = BUF_INIT, key = BUF_INIT;
	int masthead = 1;

	/* Margin lines seen on two different pages are running headers. */
	for (size_t i = 0; i < c->n; i++) {
		const struct pdf_line *l = &c->lines[i];
		uint64_t *v;
		int added;
		if (!in_margin(l))
			continue;
		line_text(l, &t);
		repeat_key(&t, &key);
		v = strmap_upsert(seen, key.data ? key.data : "", key.len,
		                  (uint64_t)l->page + 1, &added);
		if (*v != (uint64_t)l->page + 1)
			*v = UINT64_MAX;
	}
	for (size_t i = 0; i < c->n; i++) {
		const struct pdf_line *l = &c->lines[i];
		uint64_t *v;
		line_text(l, &t);
		if (l->page != 0 || l->y1 > MASTHEAD_ZONE * l->page_height)
			masthead = 0;
		if (masthead && masthead_line(t.data ? t.data : "", t.len)) {
			c->role[i] = ROLE_FURNITURE;
			if (c->symbol && c->symbol->len == 0 && t.len && masthead_symbol_line(t.data, t.len))
				buf_append(c->symbol, t.data, t.len);
			continue;
		}
		masthead = 0;
		if (t.len == 0) {
			c->role[i] = ROLE_FURNITURE;
			continue;
		}
		if (!in_margin(l))
			continue;
		repeat_key(&t, &key);
		v = strmap_get(seen, key.data ? key.data : "", key.len);
		if (!has_lower(t.data, t.len) || (v && *v == UINT64_MAX) || running_title(c, l))
			c->role[i] = ROLE_FURNITURE;
	}
	buf_release(&t);
	buf_release(&key);
	strmap_free(seen);
}

/* The small-font lines closing each page, below the body, are footnotes. */
static void find_notes(struct cleaner *c)
{
	size_t i = c->n;

	while (i > 0) {
		size_t end = i;
		unsigned page = c->lines[i - 1].page;
		while (i > 0 && c->lines[i - 1].page == page)
			i--;
		for (size_t k = end; k > i; k--) {
			const struct pdf_line *l = &c->lines[k - 1];
			if (c->role[k - 1] == ROLE_FURNITURE)
				continue;
			if (line_size(l) >= SMALL_FONT * c->lay.body_size ||
			    l->y0 < NOTE_ZONE * l->page_height)
				break;
			c->role[k - 1] = ROLE_NOTE;
		}
	}
}

/* ---- assembling paragraphs ------------------------------------------------ */

/* Join the next line of the paragraph: after a full line with a space, or
 * with nothing to rejoin a hyphenated word; after a short one with a line
 * break. */
static void para_join(struct emphtext *p, int full, const char *next, size_t len)
{
	emphtext_trim_end(p);
	if (p->text.len == 0)
		return;
	if (!full) {
		emphtext_append(p, "\n", 1, 0);
		return;
	}
	if (p->text.data[p->text.len - 1] == '-' &&
	    ends_with_letter(p->text.data, p->text.len - 1) &&
	    starts_lower(next, len)) {
		emphtext_drop_last(p);
		return;
	}
	emphtext_append(p, " ", 1, 0);
}

/* A call "[^num]" and its note match when num is equal and neither has
 * been matched; only the last MATCH_WINDOW of each are searched (a call and
 * its note are on the same page), which keeps a long document linear. */
static int same_num(const char *a, const char *num, size_t len)
{
	return strlen(a) == len && memcmp(a, num, len) == 0;
}

static void add_call(struct cleaner *c, const char *num, size_t len)
{
	struct call *cl;

	emphtext_trim_end(&c->cur);
	emphtext_append(&c->cur, "[^", 2, 0);
	emphtext_append(&c->cur, num, len, 0);
	emphtext_append(&c->cur, "]", 1, 0);
	/* A note met before its call (rare in reading order). */
	for (size_t i = c->n_notes, k = 0; i > 0 && k < MATCH_WINDOW; i--, k++)
		if (same_num(c->notes[i - 1].num, num, len) &&
		    c->notes[i - 1].call_para == SIZE_MAX) {
			c->notes[i - 1].call_para = c->n_paras;
			return;
		}
	c->calls = xgrow(c->calls, &c->cap_calls, c->n_calls + 1, sizeof *c->calls);
	cl = &c->calls[c->n_calls++];
	memset(cl, 0, sizeof *cl);
	memcpy(cl->num, num, len < sizeof cl->num ? len : sizeof cl->num - 1);
	cl->para = c->n_paras;
}

static void flush_para(struct cleaner *c)
{
	emphtext_trim_end(&c->cur);
	if (c->cur.text.len == 0)
		return;
	c->paras = xgrow(c->paras, &c->cap_paras, c->n_paras + 1, sizeof *c->paras);
	c->paras[c->n_paras++] = c->cur;
	memset(&c->cur, 0, sizeof c->cur);
	c->cur_lines = 0;
	c->hang_x = 0;
}

static int line_full(const struct cleaner *c, const struct pdf_line *l)
{
	return l->x1 >= c->lay.right - FULL_LINE * (c->lay.right - c->lay.left);
}

static int line_indented(const struct cleaner *c, const struct pdf_line *l)
{
	return l->x0 > c->lay.left + PARA_INDENT * c->lay.body_size;
}

/* The first non-blank run of a line, or n_runs. */
static size_t first_run(const struct pdf_line *l)
{
	for (size_t k = 0; k < l->n_runs; k++) {
		const char *s = l->runs[k].text;
		size_t len = l->runs[k].len;
		trim(&s, &len);
		if (len)
			return k;
	}
	return l->n_runs;
}

static const char *line_start(const struct pdf_line *l, size_t *len)
{
	size_t k = first_run(l);
	const char *s;

	if (k == l->n_runs) {
		*len = 0;
		return "";
	}
	s = l->runs[k].text;
	*len = l->runs[k].len;
	while (*len && (unsigned char)*s <= ' ') {
		s++;
		(*len)--;
	}
	return s;
}

/* Add body line l to the text: it goes on the open paragraph or starts
 * the next one. */
static void body_line(struct cleaner *c, const struct pdf_line *l)
{
	struct pdf_line before = c->last;
	const struct pdf_line *prev = c->n_body_lines ? &before : NULL;
	size_t slen;
	const char *start = line_start(l, &slen);
	/* The rest of the text line before, which poppler gave apart (a
	 * paragraph number, a tab, then the text: "17." [page footer]
	 * "Decide ..."): it goes on after a space, and that text line now
	 * reaches as far as l does. */
	int piece = prev && prev->page == l->page && l->x0 >= prev->x1 &&
	            fabs(l->y1 - prev->y1) <= SAME_BASELINE * c->lay.body_size;

	if (piece) {
		emphtext_append(&c->cur, " ", 1, 0);
		c->last.x1 = l->x1;
	} else {
		c->last = *l;
		c->n_body_lines++;
	}
	if (prev && !piece) {
		int same_page = prev->page == l->page;
		int apart = same_page ? l->y1 - prev->y1 > PARA_GAP * c->lay.spacing ||
		                        l->y1 < prev->y1
		                      : !line_full(c, prev);
		/* A hanging indent ("74/29.  Avances ..." with the title's later
		 * lines under its text): a long first line at the margin, then
		 * long lines indented alike, go on. */
		int hanging = same_page && !apart && c->cur_lines &&
			prev->x1 >= c->lay.right - HANG_LINE * (c->lay.right - c->lay.left) &&
			(c->cur_lines == 1 ? !line_indented(c, prev)
			                   : c->hang_x > 0 && fabs(l->x0 - c->hang_x) < 1);
		if (apart || (line_indented(c, l) && !hanging)) {
			flush_para(c);
		} else {
			para_join(&c->cur, line_full(c, prev), start, slen);
			if (hanging && line_indented(c, l))
				c->hang_x = l->x0;
		}
	}
	if (!piece)
		c->cur_lines++;
	for (size_t k = 0; k < l->n_runs; k++) {
		const struct pdf_run *r = &l->runs[k];
		const char *s = r->text;
		size_t len = r->len;
		trim(&s, &len);
		if (small_run(c, r) && is_digits(s, len) && c->cur.text.len) {
			add_call(c, s, len);
			if (r->len && (unsigned char)r->text[r->len - 1] <= ' ')
				emphtext_append(&c->cur, " ", 1, 0);
		} else
			emphtext_append(&c->cur, r->text, r->len, r->italic);
	}
}

static struct note *note_new(struct cleaner *c, const char *num, size_t len)
{
	struct note *nt;

	c->notes = xgrow(c->notes, &c->cap_notes, c->n_notes + 1, sizeof *c->notes);
	nt = &c->notes[c->n_notes++];
	memset(nt, 0, sizeof *nt);
	memcpy(nt->num, num, len < sizeof nt->num ? len : sizeof nt->num - 1);
	nt->call_para = SIZE_MAX;
	for (size_t i = c->n_calls, k = 0; i > 0 && k < MATCH_WINDOW; i--, k++)
		if (!c->calls[i - 1].matched && same_num(c->calls[i - 1].num, nt->num,
		                                         strlen(nt->num))) {
			c->calls[i - 1].matched = 1;
			nt->call_para = c->calls[i - 1].para;
			break;
		}
	return nt;
}

/* A footnote line: a leading number (its own small run, or the first word)
 * opens a note; other lines continue the last one. Returns 0 for small
 * type that is no footnote (no number, no note open): body text. */
static int note_line(struct cleaner *c, const struct pdf_line *l,
                     const struct pdf_line *prev)
{
	size_t k = first_run(l), slen, digits = 0;
	const char *s = line_start(l, &slen);
	struct note *nt = c->n_notes ? &c->notes[c->n_notes - 1] : NULL;
	int opens = 0;

	while (digits < slen && s[digits] >= '0' && s[digits] <= '9')
		digits++;
	/* The number is a run of its own (set smaller than the note), or the
	 * first word of a line that does not continue a full one. */
	if (k < l->n_runs && is_digits(s, digits) &&
	    (digits == slen ||
	     (s[digits] == ' ' && (!nt || !prev || !line_full(c, prev)))))
		opens = 1;
	if (opens) {
		nt = note_new(c, s, digits);
		emphtext_append(&nt->body, s + digits, slen - digits, l->runs[k].italic);
		k++;
	} else if (!nt) {
		return 0;
	} else {
		para_join(&nt->body, prev && line_full(c, prev), s, slen);
	}
	for (; k < l->n_runs; k++)
		emphtext_append(&nt->body, l->runs[k].text, l->runs[k].len,
		                l->runs[k].italic);
	return 1;
}

/* ---- output ----------------------------------------------------------------- */

static void emit_note(const struct note *nt, struct buf *out)
{
	buf_printf(out, "\n\n[^%s]: ", nt->num);
	emphtext_write(&nt->body, out);
}

void pdfclean_text(const struct pdf_line *lines, size_t n, struct buf *out,
                   struct buf *symbol)
{
	struct cleaner c;
	const struct pdf_line *prev_note = NULL;
	struct pdf_line *ordered;
	int first = 1;

	memset(&c, 0, sizeof c);
	c.lines = lines;
	c.n = n;
	c.symbol = symbol;
	c.role = xcalloc(n ? n : 1, sizeof *c.role);
	measure_font(&c);
	ordered = reading_order(lines, n, c.lay.body_size);
	c.lines = lines = ordered;
	find_furniture(&c);
	find_notes(&c);
	measure_body(&c);
	for (size_t i = 0; i < n; i++) {
		if (c.role[i] == ROLE_BODY) {
			body_line(&c, &lines[i]);
		} else if (c.role[i] == ROLE_NOTE) {
			if (note_line(&c, &lines[i], prev_note)) {
				prev_note = &lines[i];
				continue;
			}
			body_line(&c, &lines[i]);
		}
	}
	flush_para(&c);
	for (size_t i = 0; i < c.n_paras; i++) {
		if (!first)
			buf_append_str(out, "\n\n");
		first = 0;
		emphtext_write(&c.paras[i], out);
		for (size_t k = 0; k < c.n_notes; k++)
			if (c.notes[k].call_para == i)
				emit_note(&c.notes[k], out);
	}
	for (size_t k = 0; k < c.n_notes; k++)
		if (c.notes[k].call_para >= c.n_paras)
			emit_note(&c.notes[k], out);
	buf_append_byte(out, '\n');
	for (size_t i = 0; i < c.n_paras; i++)
		emphtext_release(&c.paras[i]);
	for (size_t k = 0; k < c.n_notes; k++)
		emphtext_release(&c.notes[k].body);
	emphtext_release(&c.cur);
	free(c.paras);
	free(c.notes);
	free(c.calls);
	free(c.role);
	free(ordered);
}
