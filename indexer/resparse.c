/* resparse.c: splits a resolution file into labelled clauses and reads its metadata. */
#include "resparse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "resmeta.h"
#include "text.h"
#include "xalloc.h"

/* Only this many leading paragraphs may hold the symbol line. */
#define SYMBOL_SEARCH_PARAS 12
/* A NUL byte this early marks a binary file. */
#define BINARY_PROBE 8192
/* Longer header lines carry no metadata (and would make matching slow). */
#define HEADER_LINE_MAX 1024
/* Longest single-line paragraph taken as a heading. */
#define HEADING_MAX 100

/* One paragraph of the normalised source: [start, end) trimmed. */
struct para {
	size_t start, end;
	uint32_t line;
};

/* Where the body of a resolution stands while its paragraphs go by. */
struct body_state {
	int seen_operative; /* an operative paragraph has been seen */
	int last_op;        /* number of the last operative paragraph */
	int pp;             /* preambular paragraphs so far */
	int article;        /* current "Artículo N", 0 outside articles */
	int art_par;        /* last numbered paragraph inside the article */
	int in_annex;       /* after an "Anexo" heading */
	char sub[8];        /* current sub-paragraph letter, "" if none */
	enum clause_kind prev_kind;
};

struct parser {
	const char *src; /* sanitised, CRLF-normalised input */
	size_t len;
	struct para *paras;
	size_t n_paras, cap_paras;
	struct buf text; /* becomes resolution.text */
	struct resolution *res;
	size_t cap_clauses;
	resparse_warn_fn warn;
	void *warn_ctx;
	struct buf title; /* title candidate from the header lines */
	int title_open;   /* the previous header line extended the title */
	int adopted;      /* the adoption line has been seen */
	struct body_state st;
};

static void warnf(struct parser *p, uint32_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warnf(struct parser *p, uint32_t line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!p->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p->warn(p->warn_ctx, line, msg);
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

/* ---- clauses -------------------------------------------------------------- */

static void set_label(struct clause *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_label(struct clause *c, const char *fmt, ...)
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
	warnf(p, c.line, "paragraph of %zu bytes split into %zu clauses",
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
		if (o + 1 >= end || is_space((unsigned char)s[o + 1]) || s[o + 1] == '*') {
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
			if (!is_space((unsigned char)s[q - 1]))
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
	while (p->text.len > base && is_space((unsigned char)p->text.data[p->text.len - 1]))
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
	while (len && is_space((unsigned char)*s))
		s++, len--;
	while (len && is_space((unsigned char)s[len - 1]))
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

/* Read the metadata one header line may carry. */
static void header_line(struct parser *p, const char *s, size_t len)
{
	struct resolution *r = p->res;
	size_t at, n;
	int v;

	while (len && is_space((unsigned char)s[len - 1]))
		len--;
	if (!len || len > HEADER_LINE_MAX) {
		p->title_open = 0;
		return;
	}
	if ((at = resmeta_find_fold(s, len, "periodo de sesiones", NULL)) != SIZE_MAX &&
	    (v = resmeta_ordinal(s, at)) > 0) {
		if (!r->session)
			r->session = v;
	} else if ((n = resmeta_match_fold(s, len, "tema ")) ||
	           (n = resmeta_match_fold(s, len, "temas "))) {
		if (!r->agenda_item && resmeta_num(s + n, len - n, 4, &v))
			r->agenda_item = v;
	} else if (resmeta_find_fold(s, len, "aprobada por la asamblea general",
	                             NULL) != SIZE_MAX) {
		if (!r->date[0])
			resmeta_date(s, len, r->date);
		p->adopted = 1;
	} else if (header_report(p, s, len)) {
		;
	} else if (!p->adopted && !resmeta_match_fold(s, len, "naciones unidas") &&
	           !resmeta_match_fold(s, len, "asamblea general") &&
	           !resmeta_match_fold(s, len, "distr.") && !resmeta_match_fold(s, len, "a/")) {
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

/* The symbol paragraph: symbol, session and title. */
static void symbol_para(struct parser *p, const char *s, size_t len,
                        const struct symbol_line *sl)
{
	struct resolution *r = p->res;
	struct buf b = BUF_INIT;

	buf_append_str(&b, "A/RES/");
	buf_append(&b, s, sl->sym_len);
	r->symbol = buf_detach(&b, NULL);
	if (!r->session)
		r->session = sl->session;
	for (size_t i = sl->title_off; i < len; i++)
		buf_append_byte(&b, s[i] == '\n' ? ' ' : (uint8_t)s[i]);
	if (b.len)
		set_str(&r->title, b.data, b.len);
	else if (p->title.len)
		set_str(&r->title, p->title.data, p->title.len);
	buf_release(&b);
}

/* ---- body paragraphs ------------------------------------------------------ */

/* A sub-paragraph mark "a) " or "ii) "; copies the letters to sub. */
static size_t sub_match(const char *s, size_t len, char sub[8])
{
	size_t i = 0;

	while (i < len && i < 5 && s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (i == 0 || i + 1 >= len || s[i] != ')' || !is_space((unsigned char)s[i + 1]))
		return 0;
	memcpy(sub, s, i);
	sub[i] = '\0';
	return i + 2;
}

/* A paragraph number "12. ": returns the prefix length and sets *num. */
static size_t number_match(const char *s, size_t len, int *num)
{
	size_t n = resmeta_num(s, len, 3, num);

	if (!n || n + 1 >= len || s[n] != '.' || !is_space((unsigned char)s[n + 1]))
		return 0;
	return n + 2;
}

static const char *const pp_adjectives[] = {
	"consciente", "conscientes", "resuelta", "resuelto", "satisfecha",
	"dispuesta", "deseosa", "persuadida", "firme", "segura",
};

/* Is the folded word a gerund, a participle or a preambular adjective? */
static int pp_opener(const char *w)
{
	static const char *const endings[] = {
		"ando", "endo", "andose", "endose", "ado", "ada", "ados",
		"adas", "ido", "ida", "idos", "idas",
	};
	for (size_t i = 0; i < sizeof endings / sizeof *endings; i++)
		if (resmeta_ends_with(w, endings[i]))
			return 1;
	for (size_t i = 0; i < sizeof pp_adjectives / sizeof *pp_adjectives; i++)
		if (strcmp(w, pp_adjectives[i]) == 0)
			return 1;
	return 0;
}

/* The opening gerund or participle of a preambular paragraph, possibly
 * after an adverb in -mente ("Profundamente preocupada"). */
static void pp_verb(const char *t, size_t len, struct clause *c)
{
	char w[48];
	size_t n = resmeta_fold_word(t, len, w, sizeof w);

	if (!n)
		return;
	if (resmeta_ends_with(w, "mente") && n < len && t[n] == ' ') {
		size_t m = resmeta_fold_word(t + n + 1, len - n - 1, w, sizeof w);
		if (m && pp_opener(w)) {
			c->verb_start = n + 1;
			c->verb_len = m;
		}
		return;
	}
	if (pp_opener(w)) {
		c->verb_start = 0;
		c->verb_len = n;
	}
}

/* Before the first operative paragraph, an emphasised gerund or
 * participle ("*Recordando* ...") still opens a preambular paragraph. */
static int italic_pp_opener(const struct body_state *st, const char *t, size_t len)
{
	char w[48];

	return !st->seen_operative && resmeta_fold_word(t, len, w, sizeof w) && pp_opener(w);
}

/* Is the single-line paragraph t a heading? Returns 2 for "Artículo N"
 * (setting *art), 3 for "Anexo", 1 for another heading, 0 otherwise. */
static int heading_match(const char *t, size_t len, int *art)
{
	char w[32];
	size_t n, m;
	unsigned char last;

	if (len > HEADING_MAX || memchr(t, '\n', len))
		return 0;
	if ((n = resmeta_match_fold(t, len, "articulo ")) &&
	    (m = resmeta_num(t + n, len - n, 4, art))) {
		n += m;
		if (n < len && t[n] == '.')
			n++;
		return n == len ? 2 : 0;
	}
	n = resmeta_fold_word(t, len, w, sizeof w);
	if (n && strcmp(w, "anexo") == 0)
		return 3;
	last = (unsigned char)t[len - 1];
	if (last == '.' || last == ',' || last == ';' || last == ':')
		return 0;
	if (!n || pp_opener(w))
		return 0;
	/* Capitalised: A-Z or an upper-case Latin-1 letter ("Índice"). */
	return (t[0] >= 'A' && t[0] <= 'Z') ||
	       ((unsigned char)t[0] == 0xC3 && (unsigned char)t[1] < 0xA0);
}

static void label_sub(struct body_state *st, struct clause *c, const char *sub)
{
	int roman = st->sub[0] && strspn(sub, "ivx") == strlen(sub) &&
	            !(strcmp(sub, "i") == 0 && strcmp(st->sub, "h") == 0) &&
	            !(strcmp(sub, "v") == 0 && strcmp(st->sub, "u") == 0) &&
	            !(strcmp(sub, "x") == 0 && strcmp(st->sub, "w") == 0);
	char base[CLAUSE_LABEL_MAX];

	if (!roman)
		snprintf(st->sub, sizeof st->sub, "%s", sub);
	if (st->article && st->art_par)
		snprintf(base, sizeof base, "Art.%d.%d", st->article, st->art_par);
	else if (st->article)
		snprintf(base, sizeof base, "Art.%d", st->article);
	else if (st->seen_operative)
		snprintf(base, sizeof base, "OP%d", st->last_op);
	else
		snprintf(base, sizeof base, "PP%d", st->pp);
	if (roman)
		set_label(c, "%.12s(%.4s)(%.4s)", base, st->sub, sub);
	else
		set_label(c, "%.16s(%.4s)", base, sub);
	c->kind = st->article ? CLAUSE_ARTICLE :
	          st->seen_operative ? CLAUSE_OPERATIVE : CLAUSE_PREAMBULAR;
}

/* Classify one body paragraph (text already in c) and label it. */
static void body_para(struct parser *p, struct clause *c)
{
	struct body_state *st = &p->st;
	const char *t = p->text.data + c->text_start;
	size_t len = c->text_len, pre;
	int num, art, h, meeting;
	char sub[8], date[11];

	/* The footer, or the date line that follows it in a file without
	 * blank lines. */
	if ((meeting = resmeta_footer(t, len)) > 0 ||
	    (st->prev_kind == CLAUSE_FOOTER && len < 40 && resmeta_date(t, len, date))) {
		c->kind = CLAUSE_FOOTER;
		set_label(c, "Footer");
		if (meeting && !p->res->meeting)
			p->res->meeting = meeting;
		if (!p->res->date[0])
			resmeta_date(t, len, p->res->date);
		return;
	}
	if ((len <= 40 && resmeta_match_fold(t, len, "la asamblea general")) ||
	    resmeta_match_fold(t, len, "ahora, por tanto")) {
		c->kind = CLAUSE_INTRO;
		set_label(c, "Intro");
		return;
	}
	if ((h = heading_match(t, len, &art)) != 0) {
		c->kind = CLAUSE_HEADING;
		set_label(c, "Heading");
		st->article = h == 2 ? art : 0;
		st->art_par = 0;
		st->sub[0] = '\0';
		if (h == 3)
			st->in_annex = 1;
		return;
	}
	if ((pre = sub_match(t, len, sub)) != 0) {
		label_sub(st, c, sub);
		return;
	}
	pre = number_match(t, len, &num);
	st->sub[0] = '\0';
	if (st->article) {
		c->kind = CLAUSE_ARTICLE;
		if (pre) {
			st->art_par = num;
			set_label(c, "Art.%d.%d", st->article, num);
		} else {
			set_label(c, "Art.%d", st->article);
		}
		return;
	}
	if (st->in_annex) {
		c->kind = CLAUSE_ARTICLE;
		if (pre)
			set_label(c, "Anx.%d", num);
		else
			set_label(c, "Anx");
		return;
	}
	if (pre || (c->emph_len && c->emph_start == 0 && !italic_pp_opener(st, t, len))) {
		c->kind = CLAUSE_OPERATIVE;
		st->last_op = pre ? num : st->last_op + 1;
		st->seen_operative = 1;
		set_label(c, "OP%d", st->last_op);
		if (c->emph_len && c->emph_start == pre) {
			size_t v = 0;
			while (v < c->emph_len && !is_space((unsigned char)t[pre + v]) &&
			       t[pre + v] != ',')
				v++;
			c->verb_start = pre;
			c->verb_len = v;
		}
		return;
	}
	if (st->seen_operative) { /* continues the last operative paragraph */
		c->kind = CLAUSE_OPERATIVE;
		set_label(c, "OP%d", st->last_op);
		return;
	}
	c->kind = CLAUSE_PREAMBULAR;
	set_label(c, "PP%d", ++st->pp);
	pp_verb(t, len, c);
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
		while (a < b && is_space((unsigned char)s[a]))
			a++;
		while (b > a && is_space((unsigned char)s[b - 1]))
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

/* Sanitise UTF-8 and turn CRLF into LF; the result goes to *clean. */
static void normalise(struct parser *p, const char *data, size_t len,
                      struct buf *clean)
{
	size_t first_bad = 0, bad, w = 0;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		data += 3, len -= 3;
	bad = utf8_sanitize(data, len, clean, &first_bad);
	if (bad) {
		uint32_t line = 1;
		for (const char *q = data; (q = memchr(q, '\n', (size_t)(data + first_bad - q))); q++)
			line++;
		warnf(p, line, "invalid UTF-8 replaced by U+FFFD");
	}
	for (size_t r = 0; r < clean->len; r++)
		if (!(clean->data[r] == '\r' && r + 1 < clean->len && clean->data[r + 1] == '\n'))
			clean->data[w++] = clean->data[r];
	clean->len = w;
}

/* Index of the symbol paragraph among the first few, or -1. */
static long find_symbol(struct parser *p, struct symbol_line *sl)
{
	for (size_t k = 0; k < p->n_paras && k < SYMBOL_SEARCH_PARAS; k++) {
		const struct para *pa = &p->paras[k];
		const char *nl = memchr(p->src + pa->start, '\n', pa->end - pa->start);
		size_t n = nl ? (size_t)(nl - p->src) - pa->start : pa->end - pa->start;
		if (resmeta_symbol(p->src + pa->start, n, sl))
			return (long)k;
	}
	return -1;
}

static void parse_body(struct parser *p, long sym, const struct symbol_line *sl)
{
	struct resolution *r = p->res;

	for (size_t k = 0; k < p->n_paras; k++) {
		size_t ci = r->n_clauses;
		struct clause *c = clause_new(p);
		const char *t;
		clause_text(p, &p->paras[k], c);
		t = p->text.data + c->text_start;
		if (sym < 0) {
			c->kind = CLAUSE_PARAGRAPH;
			set_label(c, "P%zu", k + 1);
		} else if ((long)k < sym) {
			c->kind = CLAUSE_HEADER;
			set_label(c, "Header");
			header_para(p, t, c->text_len);
		} else if ((long)k == sym) {
			c->kind = CLAUSE_TITLE;
			set_label(c, "Title");
			symbol_para(p, t, c->text_len, sl);
		} else {
			body_para(p, c);
			p->st.prev_kind = c->kind;
		}
		clause_split(p, ci);
	}
}

int resparse_parse(const char *data, size_t len, struct resolution *out,
                   resparse_warn_fn warn, void *warn_ctx, struct errbuf *eb)
{
	struct parser p;
	struct buf clean = BUF_INIT;
	struct symbol_line sl;
	size_t i;
	long sym;

	memset(out, 0, sizeof *out);
	if (len == 0)
		return errbuf_set(eb, ERR_INVALID, "empty file");
	if (memchr(data, '\0', len < BINARY_PROBE ? len : BINARY_PROBE))
		return errbuf_set(eb, ERR_INVALID, "binary file");
	for (i = 0; i < len && is_space((unsigned char)data[i]); i++)
		;
	if (i == len || (len - i == 3 && memcmp(data + i, "\xEF\xBB\xBF", 3) == 0))
		return errbuf_set(eb, ERR_INVALID, "empty file");

	memset(&p, 0, sizeof p);
	p.res = out;
	p.warn = warn;
	p.warn_ctx = warn_ctx;
	p.st.prev_kind = CLAUSE_KIND_COUNT;
	normalise(&p, data, len, &clean);
	p.src = clean.data;
	p.len = clean.len;

	if (split_paras(&p, 0) > 1 && p.n_paras == 1)
		split_paras(&p, 1);
	sym = find_symbol(&p, &sl);
	out->is_resolution = sym >= 0;
	if (sym < 0)
		warnf(&p, 0, "not a UN resolution (no symbol line); indexed as plain paragraphs");
	parse_body(&p, sym, &sl);

	if (!p.text.data)
		buf_append(&p.text, "", 0);
	out->text = buf_detach(&p.text, &out->text_len);
	free(p.paras);
	buf_release(&p.title);
	buf_release(&clean);
	return 0;
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
