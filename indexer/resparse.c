/* resparse.c: splits one document into labelled clauses and reads its
 * metadata: paragraphs, header, symbol line, parts, footnotes (the body
 * paragraphs are classified by resbody.c). */
#include "resparse.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "_resparse.h"
#include "buf.h"
#include "resmeta.h"
#include "text.h"
#include "xalloc.h"

static void warnf(struct parser *p, enum resparse_level level, uint32_t line,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void warnf(struct parser *p, enum resparse_level level, uint32_t line,
                  const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!p->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p->warn(p->warn_ctx, level, line, msg);
}

/* ---- clauses -------------------------------------------------------------- */

void clause_set_label(struct clause *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->label, sizeof c->label, fmt, ap);
	va_end(ap);
}

static struct clause *clause_new(struct parser *p)
{
	struct resolution *r = p->res;
	struct clause *c;

	r->clauses = xgrow(r->clauses, &p->cap_clauses, r->n_clauses + 1,
	                   sizeof *r->clauses);
	c = &r->clauses[r->n_clauses++];
	memset(c, 0, sizeof *c);
	return c;
}

/* Split the just-added clause c if its text is longer than
 * RESPARSE_MAX_CLAUSE: at the last space of each window, else at a code
 * point boundary. The pieces keep c's kind and label. */
static void clause_split(struct parser *p, size_t ci)
{
	struct clause c = p->res->clauses[ci];
	const char *t = p->text.data;
	size_t pos = c.text_start, end = c.text_start + c.text_len, pieces = 0;

	if (c.text_len <= RESPARSE_MAX_CLAUSE)
		return;
	p->res->n_clauses = ci; /* re-emit as pieces */
	while (pos < end) {
		size_t cut = end, next;
		struct clause *piece;
		if (end - pos > RESPARSE_MAX_CLAUSE) {
			size_t lim = pos + RESPARSE_MAX_CLAUSE;
			cut = lim;
			while (cut > pos && t[cut] != ' ' && t[cut] != '\n')
				cut--;
			if (cut == pos) { /* no space: back up to a code point start */
				cut = lim;
				while (cut > pos && ((unsigned char)t[cut] & 0xC0) == 0x80)
					cut--;
				if (cut == pos)
					cut = lim;
			}
		}
		next = cut;
		while (next < end && (t[next] == ' ' || t[next] == '\n'))
			next++;
		while (cut > pos && (t[cut - 1] == ' ' || t[cut - 1] == '\n'))
			cut--;
		piece = clause_new(p);
		*piece = c;
		piece->text_start = pos;
		piece->text_len = cut - pos;
		if (pieces > 0) {
			piece->verb_start = piece->verb_len = 0;
			piece->emph_start = piece->emph_len = 0;
		} else {
			if (piece->verb_start + piece->verb_len > piece->text_len)
				piece->verb_start = piece->verb_len = 0;
			if (piece->emph_start >= piece->text_len)
				piece->emph_start = piece->emph_len = 0;
			else if (piece->emph_start + piece->emph_len > piece->text_len)
				piece->emph_len = piece->text_len - piece->emph_start;
		}
		pieces++;
		pos = next;
	}
	warnf(p, RESPARSE_WARNING, c.line, "paragraph of %zu bytes split into %zu clauses",
	      c.text_len, pieces);
}

/* Append paragraph pa to the text with *emphasis* markers removed; fills
 * the clause's text and emphasis ranges. A marker opens when followed by a
 * non-space and closes when preceded by one; unpaired markers stay. */
static void clause_text(struct parser *p, const struct para *pa, struct clause *c)
{
	const char *s = p->src;
	size_t i = pa->start, end = pa->end, base;
	int have_emph = 0;

	if (p->text.len)
		buf_append_byte(&p->text, '\n');
	base = p->text.len;
	while (i < end) {
		const char *star = memchr(s + i, '*', end - i);
		size_t o, q;
		if (!star) {
			buf_append(&p->text, s + i, end - i);
			break;
		}
		o = (size_t)(star - s);
		if (o + 1 >= end || text_is_ascii_space((unsigned char)s[o + 1]) || s[o + 1] == '*') {
			buf_append(&p->text, s + i, o + 1 - i);
			i = o + 1;
			continue;
		}
		for (q = o + 1; q < end; q++) {
			const char *nx = memchr(s + q, '*', end - q);
			if (!nx) {
				q = end;
				break;
			}
			q = (size_t)(nx - s);
			if (!text_is_ascii_space((unsigned char)s[q - 1]))
				break;
		}
		if (q >= end) { /* no closer anywhere after: nothing more pairs */
			buf_append(&p->text, s + i, end - i);
			break;
		}
		buf_append(&p->text, s + i, o - i);
		if (!have_emph) {
			c->emph_start = p->text.len - base;
			c->emph_len = q - o - 1;
			have_emph = 1;
		}
		buf_append(&p->text, s + o + 1, q - o - 1);
		i = q + 1;
	}
	while (p->text.len > base && text_is_ascii_space((unsigned char)p->text.data[p->text.len - 1]))
		p->text.len--;
	if (p->text.data)
		p->text.data[p->text.len] = '\0';
	c->text_start = base;
	c->text_len = p->text.len - base;
	c->line = pa->line;
}

/* ---- header lines --------------------------------------------------------- */

static void set_str(char **dst, const char *s, size_t len)
{
	while (len && text_is_ascii_space((unsigned char)*s))
		s++, len--;
	while (len && text_is_ascii_space((unsigned char)s[len - 1]))
		len--;
	if (!*dst && len)
		*dst = xstrndup(s, len);
}

/* "[sobre la base del informe de la Primera Comisión (A/74/363)]". */
static int header_report(struct parser *p, const char *s, size_t len)
{
	size_t at, m, open = SIZE_MAX, stop = len, close;

	if (s[0] == '[')
		s++, len--;
	if (resmeta_match_fold(s, len, "sin remision previa"))
		return 1;
	if (!resmeta_match_fold(s, len, "sobre la base"))
		return 0;
	if ((at = resmeta_find_fold(s, len, "informe de la ", &m)) == SIZE_MAX &&
	    (at = resmeta_find_fold(s, len, "informe del ", &m)) == SIZE_MAX)
		return 0;
	at += m;
	for (size_t i = at; i + 2 < len; i++)
		if (s[i] == '(' && s[i + 1] == 'A' && s[i + 2] == '/')
			open = i;
	if (open != SIZE_MAX) {
		for (close = open; close < len && s[close] != ')'; close++)
			;
		set_str(&p->res->report, s + open + 1, close - open - 1);
		stop = open;
	} else if (memchr(s + at, ']', len - at)) {
		stop = (size_t)((const char *)memchr(s + at, ']', len - at) - s);
	}
	set_str(&p->res->committee, s + at, stop - at);
	return 1;
}

/* "40º período de sesiones" (the Human Rights Council numbers its
 * sessions in digits): the number, or 0. */
static int numeric_session(const char *s, size_t len)
{
	int v;
	size_t n = resmeta_num(s, len, 3, &v);

	if (!n || !v)
		return 0;
	if (n + 2 <= len && (memcmp(s + n, "\xC2\xBA", 2) == 0 || memcmp(s + n, "\xC2\xB0", 2) == 0))
		n += 2;
	else if (n < len && s[n] == 'o')
		n++;
	else
		return 0;
	return resmeta_match_fold(s + n, len - n, " periodo de sesiones") ? v : 0;
}

/* Read the metadata one header line may carry. */
static void header_line(struct parser *p, const char *s, size_t len)
{
	struct resolution *r = p->res;
	size_t at, n;
	int v;

	while (len && text_is_ascii_space((unsigned char)s[len - 1]))
		len--;
	if (!len || len > HEADER_LINE_MAX) {
		p->title_open = 0;
		return;
	}
	if (resmeta_find_fold(s, len, "consejo de derechos humanos", NULL) != SIZE_MAX ||
	    resmeta_find_fold(s, len, "a/hrc/res/", NULL) != SIZE_MAX)
		p->prefix = "A/HRC/RES/";
	if ((at = resmeta_find_fold(s, len, "periodo de sesiones", NULL)) != SIZE_MAX &&
	    ((v = resmeta_ordinal(s, at)) > 0 || (v = numeric_session(s, len)) > 0)) {
		if (!r->session)
			r->session = v;
	} else if ((n = resmeta_match_fold(s, len, "tema ")) ||
	           (n = resmeta_match_fold(s, len, "temas "))) {
		if (!r->agenda_item && resmeta_num(s + n, len - n, 4, &v))
			r->agenda_item = v;
	} else if (resmeta_find_fold(s, len, "aprobada por ", NULL) != SIZE_MAX) {
		if (resmeta_match_fold(s, len, "resolucion aprobada"))
			p->says_resolution = 1;
		if (!r->date[0])
			resmeta_date(s, len, r->date);
		p->adopted = 1;
	} else if (header_report(p, s, len)) {
		;
	} else if (!p->adopted && !resparse_header_line(s, len)) {
		if (p->title_open)
			buf_append_byte(&p->title, ' ');
		else
			buf_reset(&p->title);
		buf_append(&p->title, s, len);
		p->title_open = 1;
		return;
	}
	p->title_open = 0;
}

/* Whether s names a session: "Septuagésimo cuarto período ..." (only
 * ordinal words before it) or "40º período de sesiones". Looking for
 * "periodo " in the first line of every paragraph cost 7% of unindex's
 * main thread, so the search waits until the line opens with an ordinal
 * word. */
static int session_line(const char *s, size_t len)
{
	size_t i = 0, n, at;
	char w[40];

	if (numeric_session(s, len) > 0)
		return 1;
	while (i < len && text_is_ascii_space((unsigned char)s[i]))
		i++;
	n = resmeta_fold_word(s + i, len - i, w, sizeof w);
	return n && resmeta_ordinal(s + i, n) > 0 &&
	       (at = resmeta_find_fold(s, len, "periodo ", NULL)) != SIZE_MAX &&
	       resmeta_ordinal(s, at) > 0;
}

int resparse_header_line(const char *s, size_t len)
{
	static const char *const starts[] = {
		"naciones unidas", "asamblea general", "consejo de seguridad",
		"consejo de derechos humanos", "consejo economico y social", "distr.",
		"original:", "resolucion aprobada", "decision aprobada", "[sobre la base",
		"[sin remision", "tema ", "temas ",
	};
	char date[11];

	while (len && text_is_ascii_space((unsigned char)s[len - 1]))
		len--;
	if (!len || len > HEADER_LINE_MAX)
		return 0;
	for (size_t i = 0; i < sizeof starts / sizeof *starts; i++)
		if (resmeta_match_fold(s, len, starts[i]) && s[len - 1] != ',')
			return 1;
	if (len >= 3 && s[0] >= 'A' && s[0] <= 'Z' && memchr(s, '/', len < 8 ? len : 8) &&
	    !memchr(s, ' ', len < 8 ? len : 8))
		return 1; /* a document symbol: "A/RES/74/29", "S/RES/2196 (2015)" */
	if (session_line(s, len))
		return 1;
	return len < 40 && resmeta_date(s, len, date); /* "12 de diciembre de 2019" */
}

static void header_para(struct parser *p, const char *s, size_t len)
{
	p->title_open = 0;
	while (len) {
		const char *nl = memchr(s, '\n', len);
		size_t n = nl ? (size_t)(nl - s) : len;
		header_line(p, s, n);
		if (!nl)
			break;
		s += n + 1;
		len -= n + 1;
	}
	p->title_open = 0;
}

/* The symbol paragraph: symbol, session and title. The prefix is the one
 * written on the line, else "A/DEC/" for a decision, else the one the
 * header implies (the Human Rights Council's), else the Assembly's. */
static void symbol_para(struct parser *p, const char *s, size_t len,
                        const struct symbol_line *sl)
{
	struct resolution *r = p->res;
	struct buf b = BUF_INIT;
	int decision = sl->decision && !p->says_resolution;

	buf_append_str(&b, sl->prefix ? sl->prefix : decision ? "A/DEC/" :
	                   p->prefix ? p->prefix : "A/RES/");
	buf_append(&b, s + sl->sym_off, sl->sym_len);
	r->symbol = buf_detach(&b, NULL);
	if (!r->session)
		r->session = sl->session;
	p->st.decision = decision;
	for (size_t i = sl->title_off; i < len; i++)
		buf_append_byte(&b, s[i] == '\n' ? ' ' : (uint8_t)s[i]);
	if (b.len)
		set_str(&r->title, b.data, b.len);
	else if (p->title.len)
		set_str(&r->title, p->title.data, p->title.len);
	buf_release(&b);
}

int resparse_part_letter(const char *s, size_t len)
{
	while (len && text_is_ascii_space((unsigned char)s[len - 1]))
		len--;
	return len == 1 && s[0] >= 'A' && s[0] <= 'Z' ? s[0] : 0;
}

/* The paragraph "B" that opens a lettered part: the symbol gets the letter
 * and the part's own title (the first line after the letter, or the next
 * paragraph's) replaces the shared one. Returns 1 when t opens a part. */
static int part_para(struct parser *p, const char *t, size_t len, const char *next,
                     size_t next_len)
{
	struct resolution *r = p->res;
	const char *nl = memchr(t, '\n', len);
	int letter = resparse_part_letter(t, nl ? (size_t)(nl - t) : len);
	struct buf b = BUF_INIT;

	if (!letter || !r->symbol || strchr(r->symbol, ' '))
		return 0;
	buf_printf(&b, "%s %c", r->symbol, letter);
	free(r->symbol);
	r->symbol = buf_detach(&b, NULL);
	if (nl) {
		next = nl + 1;
		next_len = len - (size_t)(nl + 1 - t);
	}
	if (next && next_len && !memchr(next, '\n', next_len) && next_len <= HEADING_MAX &&
	    !resmeta_match_fold(next, next_len, "la asamblea general")) {
		free(r->title);
		r->title = NULL;
		set_str(&r->title, next, next_len);
	}
	return 1;
}

/* ---- paragraphs and the driver -------------------------------------------- */

static void para_add(struct parser *p, size_t start, size_t end, uint32_t line)
{
	p->paras = xgrow(p->paras, &p->cap_paras, p->n_paras + 1, sizeof *p->paras);
	p->paras[p->n_paras].start = start;
	p->paras[p->n_paras].end = end;
	p->paras[p->n_paras].line = line;
	p->n_paras++;
}

/* Split the source into paragraphs at blank lines, or at every line break
 * (by_line) for files that have no blank lines. Returns the number of
 * non-blank lines seen. */
static size_t split_paras(struct parser *p, int by_line)
{
	const char *s = p->src;
	size_t pos = 0, lines = 0;
	uint32_t line = 1;
	int open = 0;

	p->n_paras = 0;
	while (pos < p->len) {
		const char *nl = memchr(s + pos, '\n', p->len - pos);
		size_t eol = nl ? (size_t)(nl - s) : p->len, a = pos, b = eol;
		while (a < b && text_is_ascii_space((unsigned char)s[a]))
			a++;
		while (b > a && text_is_ascii_space((unsigned char)s[b - 1]))
			b--;
		if (a == b) {
			open = 0;
		} else {
			lines++;
			if (open && !by_line)
				p->paras[p->n_paras - 1].end = b;
			else
				para_add(p, a, b, line);
			open = 1;
		}
		pos = eol + 1;
		line++;
	}
	return lines;
}

/* A footnote mark "[^12]" at s: its byte length (the number in *num), or 0. */
static size_t footnote_mark(const char *s, size_t len, int *num)
{
	size_t n;

	if (len < 4 || s[0] != '[' || s[1] != '^')
		return 0;
	n = resmeta_num(s + 2, len - 2, 4, num);
	return n && 2 + n < len && s[2 + n] == ']' ? 3 + n : 0;
}

/* Sanitise UTF-8, turn CRLF into LF and drop the footnote calls "[^N]"
 * (a footnote body "[^N]: ..." at a line start stays); the result goes to
 * *clean. */
static void normalise(struct parser *p, const char *data, size_t len,
                      struct buf *clean)
{
	size_t first_bad = 0, bad, w = 0, m;
	int num;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		data += 3, len -= 3;
	bad = utf8_sanitize(data, len, clean, &first_bad);
	if (bad) {
		uint32_t line = 1;
		for (const char *q = data; (q = memchr(q, '\n', (size_t)(data + first_bad - q))); q++)
			line++;
		warnf(p, RESPARSE_WARNING, line, "invalid UTF-8 replaced by U+FFFD");
	}
	/* From one byte that may go (a CR, a '[') to the next, found with
	 * memchr: the text between is moved down whole. Byte by byte, this
	 * loop was 126 M of the main thread's 990 M instructions indexing
	 * the generated 10 MiB corpus; now parse takes 181 M rather than
	 * 316 M (callgrind). */
	char *d = clean->data;
	const char *cr = memchr(d, '\r', clean->len), *br = memchr(d, '[', clean->len);
	for (size_t r = 0, n = clean->len;;) {
		size_t next = n;
		if (cr && (size_t)(cr - d) < next)
			next = (size_t)(cr - d);
		if (br && (size_t)(br - d) < next)
			next = (size_t)(br - d);
		memmove(d + w, d + r, next - r);
		w += next - r;
		r = next;
		if (r == n)
			break;
		if (d[r] == '\r') {
			if (!(r + 1 < n && d[r + 1] == '\n'))
				d[w++] = '\r';
			r++;
			cr = memchr(d + r, '\r', n - r);
		} else {
			if ((m = footnote_mark(d + r, n - r, &num)) &&
			    !((w == 0 || d[w - 1] == '\n') && r + m < n && d[r + m] == ':'))
				r += m;
			else
				d[w++] = d[r++];
			br = memchr(d + r, '[', n - r);
			if (cr && cr < d + r)
				cr = memchr(d + r, '\r', n - r);
		}
	}
	clean->len = w;
}

/* Index of the symbol paragraph among the first few, or -1. */
static long find_symbol(struct parser *p, struct symbol_line *sl)
{
	for (size_t k = 0; k < p->n_paras && k < RESPARSE_SYMBOL_PARAS; k++) {
		const struct para *pa = &p->paras[k];
		const char *nl = memchr(p->src + pa->start, '\n', pa->end - pa->start);
		size_t n = nl ? (size_t)(nl - p->src) - pa->start : pa->end - pa->start;
		if (resmeta_symbol(p->src + pa->start, n, sl))
			return (long)k;
	}
	return -1;
}

/* A document symbol in the first lines of a file that is not a resolution
 * (its masthead: "A/74/363", "E/CN.4/2005/L.10"): the first word made of
 * an upper-case series, a slash and at least one digit. */
static void masthead_symbol(struct parser *p)
{
	size_t end = p->n_paras ? p->paras[p->n_paras < 3 ? p->n_paras - 1 : 2].end : 0;
	const char *s = p->src;

	for (size_t i = 0; i < end; i++) {
		size_t j = i, digits = 0;
		if (i > 0 && !text_is_ascii_space((unsigned char)s[i - 1]))
			continue;
		while (j < end && s[j] >= 'A' && s[j] <= 'Z')
			j++;
		if (j == i || j >= end || s[j] != '/')
			continue;
		while (j < end && !text_is_ascii_space((unsigned char)s[j]) && s[j] != ',' && s[j] != ';') {
			digits += s[j] >= '0' && s[j] <= '9';
			j++;
		}
		while (j > i && (s[j - 1] == '.' || s[j - 1] == ')'))
			j--;
		if (digits) {
			p->res->symbol = xstrndup(s + i, j - i);
			return;
		}
	}
}

/* Insert the pending "Artículo N" heading before the text of clause c. */
static void fold_article_heading(struct parser *p, struct clause *c)
{
	size_t hl = p->art_heading.len + 1;
	char *t;

	buf_reserve(&p->text, hl);
	t = p->text.data + c->text_start;
	memmove(t + hl, t, c->text_len + 1);
	memcpy(t, p->art_heading.data, hl - 1);
	t[hl - 1] = '\n';
	p->text.len += hl;
	c->text_len += hl;
	if (c->verb_len)
		c->verb_start += hl;
	if (c->emph_len)
		c->emph_start += hl;
	buf_reset(&p->art_heading);
}

/* Does paragraph k hold text of the article that a heading opens (not a
 * heading, a footer or a footnote)? */
static int article_text_follows(struct parser *p, size_t k)
{
	const char *t;
	size_t len;
	int art;
	char sec[8];

	if (k >= p->n_paras)
		return 0;
	t = p->src + p->paras[k].start;
	len = p->paras[k].end - p->paras[k].start;
	return !resbody_heading(t, len, &art, sec) && !resmeta_footer(t, len) &&
	       !footnote_mark(t, len, &art);
}

/* A footnote paragraph "[^N]: text" becomes a clause of kind footnote
 * labelled under the clause before it ("OP3.n1"). Returns 1 if pa is one. */
static int footnote_para(struct parser *p, const struct para *pa)
{
	struct resolution *r = p->res;
	struct para body = *pa;
	size_t m;
	int num;
	char owner[CLAUSE_LABEL_MAX] = "";
	struct clause *c;

	m = footnote_mark(p->src + pa->start, pa->end - pa->start, &num);
	if (!m || pa->start + m >= pa->end || p->src[pa->start + m] != ':')
		return 0;
	for (size_t i = r->n_clauses; i-- > 0;)
		if (r->clauses[i].kind != CLAUSE_FOOTNOTE) {
			memcpy(owner, r->clauses[i].label, sizeof owner);
			break;
		}
	body.start += m + 1;
	while (body.start < body.end && text_is_ascii_space((unsigned char)p->src[body.start]))
		body.start++;
	c = clause_new(p);
	clause_text(p, &body, c);
	c->kind = CLAUSE_FOOTNOTE;
	if (strlen(owner) + 6 > CLAUSE_LABEL_MAX) /* keep the ".nN" whole */
		owner[CLAUSE_LABEL_MAX - 7] = '\0';
	clause_set_label(c, "%s%sn%d", owner, owner[0] ? "." : "", num);
	return 1;
}

static void parse_body(struct parser *p, long sym, const struct symbol_line *sl)
{
	struct resolution *r = p->res;
	size_t plain = 0;

	for (size_t k = 0; k < p->n_paras; k++) {
		size_t ci = r->n_clauses, text_mark = p->text.len;
		struct clause *c;
		const char *t;
		if (footnote_para(p, &p->paras[k])) {
			clause_split(p, ci);
			continue;
		}
		c = clause_new(p);
		clause_text(p, &p->paras[k], c);
		t = p->text.data + c->text_start;
		if (sym < 0) {
			c->kind = CLAUSE_PARAGRAPH;
			clause_set_label(c, "P%zu", ++plain);
		} else if ((long)k < sym) {
			c->kind = CLAUSE_HEADER;
			clause_set_label(c, "Header");
			header_para(p, t, c->text_len);
		} else if ((long)k == sym) {
			c->kind = p->whole ? CLAUSE_HEADING : CLAUSE_TITLE;
			clause_set_label(c, p->whole ? "Part" : "Title");
			if (p->whole) {
				const struct para *nx = k + 1 < p->n_paras ? &p->paras[k + 1] : NULL;
				part_para(p, t, c->text_len, nx ? p->src + nx->start : NULL,
				          nx ? nx->end - nx->start : 0);
			} else {
				symbol_para(p, t, c->text_len, sl);
			}
		} else if ((long)k == sym + 1 && !p->whole &&
		           part_para(p, t, c->text_len,
		                     k + 1 < p->n_paras ? p->src + p->paras[k + 1].start : NULL,
		                     k + 1 < p->n_paras ? p->paras[k + 1].end - p->paras[k + 1].start : 0)) {
			c->kind = CLAUSE_HEADING;
			clause_set_label(c, "Part");
		} else if (resbody_para(p, c) == HEAD_ARTICLE && article_text_follows(p, k + 1)) {
			/* "Artículo 5" is the label of the article, not a clause. */
			buf_reset(&p->art_heading);
			buf_append(&p->art_heading, t, c->text_len);
			r->n_clauses = ci;
			p->text.len = text_mark;
			continue;
		} else {
			if (p->art_heading.len)
				fold_article_heading(p, c);
			p->st.prev_kind = c->kind;
		}
		clause_split(p, ci);
	}
}

/* The parse shared by resparse_parse and resparse_parse_part. */
static int parse(const char *data, size_t len, const struct resolution *whole,
                 struct resolution *out, resparse_warn_fn warn, void *warn_ctx,
                 struct errbuf *eb)
{
	struct parser p;
	struct buf clean = BUF_INIT;
	struct symbol_line sl;
	size_t i;
	long sym;

	memset(out, 0, sizeof *out);
	if (len == 0)
		return errbuf_set(eb, ERR_EMPTY, "empty file");
	if (memchr(data, '\0', len < BINARY_PROBE ? len : BINARY_PROBE))
		return errbuf_set(eb, ERR_BINARY, "binary file");
	for (i = 0; i < len && text_is_ascii_space((unsigned char)data[i]); i++)
		;
	if (i == len || (len - i == 3 && memcmp(data + i, "\xEF\xBB\xBF", 3) == 0))
		return errbuf_set(eb, ERR_EMPTY, "empty file");

	memset(&p, 0, sizeof p);
	p.res = out;
	p.warn = warn;
	p.warn_ctx = warn_ctx;
	p.whole = whole;
	p.st.prev_kind = CLAUSE_KIND_COUNT;
	normalise(&p, data, len, &clean);
	p.src = clean.data;
	p.len = clean.len;

	if (split_paras(&p, 0) > 1 && p.n_paras == 1)
		split_paras(&p, 1);
	if (whole) { /* a later lettered part: the whole's metadata, its own letter */
		sym = 0;
		out->symbol = xstrdup(whole->symbol);
		*strrchr(out->symbol, ' ') = '\0';
		if (whole->title)
			out->title = xstrdup(whole->title);
		if (whole->committee)
			out->committee = xstrdup(whole->committee);
		if (whole->report)
			out->report = xstrdup(whole->report);
		out->session = whole->session;
		out->agenda_item = whole->agenda_item;
	} else {
		sym = find_symbol(&p, &sl);
	}
	out->is_resolution = sym >= 0;
	if (sym < 0) {
		masthead_symbol(&p);
		warnf(&p, RESPARSE_NOTICE, 0,
		      "not a UN resolution (no symbol line); indexed as a plain document");
	}
	parse_body(&p, sym, &sl);

	if (!p.text.data)
		buf_append(&p.text, "", 0);
	out->text = buf_detach(&p.text, &out->text_len);
	free(p.paras);
	buf_release(&p.title);
	buf_release(&p.art_heading);
	buf_release(&clean);
	return 0;
}

int resparse_parse(const char *data, size_t len, struct resolution *out,
                   resparse_warn_fn warn, void *warn_ctx, struct errbuf *eb)
{
	return parse(data, len, NULL, out, warn, warn_ctx, eb);
}

int resparse_parse_part(const char *data, size_t len, const struct resolution *whole,
                        struct resolution *out, resparse_warn_fn warn,
                        void *warn_ctx, struct errbuf *eb)
{
	assert(whole && whole->symbol && strchr(whole->symbol, ' '));
	return parse(data, len, whole, out, warn, warn_ctx, eb);
}

void resolution_release(struct resolution *r)
{
	if (!r)
		return;
	free(r->symbol);
	free(r->title);
	free(r->committee);
	free(r->report);
	free(r->text);
	free(r->clauses);
	memset(r, 0, sizeof *r);
}
