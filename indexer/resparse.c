/* resparse.c: splits a resolution file into labelled clauses and reads its metadata. */
#include "resparse.h"

#include <assert.h>
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
	int list_op;        /* an unnumbered OP ending in ':' ("Declara que:")
	                       whose numbered items follow: OP<list_op>.<n>; 0 */
	int pp;             /* preambular paragraphs so far */
	int article;        /* current "Artículo N", 0 outside articles */
	int art_par;        /* last numbered paragraph inside the article */
	int in_annex;       /* after an "Anexo" heading */
	int decision;       /* the document is a decision: its text is D<n> */
	int dec_par;        /* decision paragraphs so far */
	char sub[8];        /* current sub-paragraph letter, "" if none */
	char section[8];    /* current section "II", "A"; "" outside sections */
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
	const char *prefix; /* symbol prefix the header implies, or NULL */
	const struct resolution *whole; /* resparse_parse_part: the first part */
	struct buf art_heading; /* "Artículo 5" waiting for its first paragraph */
	struct body_state st;
};

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

	while (len && is_space((unsigned char)s[len - 1]))
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

int resparse_header_line(const char *s, size_t len)
{
	static const char *const starts[] = {
		"naciones unidas", "asamblea general", "consejo de seguridad",
		"consejo de derechos humanos", "consejo economico y social", "distr.",
		"original:", "resolucion aprobada", "decision aprobada", "[sobre la base",
		"[sin remision", "tema ", "temas ",
	};
	char date[11];

	while (len && is_space((unsigned char)s[len - 1]))
		len--;
	if (!len || len > HEADER_LINE_MAX)
		return 0;
	for (size_t i = 0; i < sizeof starts / sizeof *starts; i++)
		if (resmeta_match_fold(s, len, starts[i]) && s[len - 1] != ',')
			return 1;
	if (len >= 3 && s[0] >= 'A' && s[0] <= 'Z' && memchr(s, '/', len < 8 ? len : 8) &&
	    !memchr(s, ' ', len < 8 ? len : 8))
		return 1; /* a document symbol: "A/RES/74/29", "S/RES/2196 (2015)" */
	if (resmeta_find_fold(s, len, "periodo de sesiones", NULL) != SIZE_MAX && len < 120)
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

	buf_append_str(&b, sl->prefix ? sl->prefix : sl->decision ? "A/DEC/" :
	                   p->prefix ? p->prefix : "A/RES/");
	buf_append(&b, s + sl->sym_off, sl->sym_len);
	r->symbol = buf_detach(&b, NULL);
	if (!r->session)
		r->session = sl->session;
	p->st.decision = sl->decision;
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
	while (len && is_space((unsigned char)s[len - 1]))
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

/* Is the paragraph t a heading? Returns HEAD_ARTICLE for "Artículo N"
 * (setting *art), HEAD_ANNEX for "Anexo", HEAD_SECTION for a section mark
 * "II", "II. Title", "A." or "A. Title" on its first line (copied to sec),
 * HEAD_OTHER for another short capitalised line, 0 otherwise. */
enum { HEAD_OTHER = 1, HEAD_ARTICLE, HEAD_ANNEX, HEAD_SECTION };

static int heading_match(const char *t, size_t len, int *art, char sec[8])
{
	char w[32];
	const char *nl = memchr(t, '\n', len);
	size_t first = nl ? (size_t)(nl - t) : len, n, m;
	unsigned char last;

	if (first > HEADING_MAX || len > 2 * HEADING_MAX)
		return 0;
	if ((n = resmeta_match_fold(t, first, "articulo ")) &&
	    (m = resmeta_num(t + n, first - n, 4, art))) {
		n += m;
		if (n < first && t[n] == '.')
			n++;
		return n == first ? HEAD_ARTICLE : 0;
	}
	n = strspn(t, "IVXL");
	if (n > first)
		n = first;
	if (n == 0 && first >= 1 && t[0] >= 'A' && t[0] <= 'Z' &&
	    (first == 1 || t[1] == '.'))
		n = 1; /* "A." or a lone "A" (a lettered part is caught before) */
	if (n && n < sizeof w && n < 6 &&
	    (n == first || (t[n] == '.' && (n + 1 == first || t[n + 1] == ' ')))) {
		memcpy(sec, t, n);
		sec[n] = '\0';
		return HEAD_SECTION;
	}
	if (nl)
		return 0;
	n = resmeta_fold_word(t, len, w, sizeof w);
	if (n && strcmp(w, "anexo") == 0)
		return HEAD_ANNEX;
	last = (unsigned char)t[len - 1];
	if (last == '.' || last == ',' || last == ';' || last == ':')
		return 0;
	if (!n || pp_opener(w))
		return 0;
	/* Capitalised: A-Z or an upper-case Latin-1 letter ("Índice"). */
	return (t[0] >= 'A' && t[0] <= 'Z') ||
	       ((unsigned char)t[0] == 0xC3 && (unsigned char)t[1] < 0xA0) ? HEAD_OTHER : 0;
}

/* Where a body clause stands: "Anx" inside an annex, the section "II"
 * (both: "Anx.II"), "" elsewhere. */
static void body_prefix(const struct body_state *st, char out[CLAUSE_LABEL_MAX])
{
	snprintf(out, CLAUSE_LABEL_MAX, "%s%s%s", st->in_annex ? "Anx" : "",
	         st->in_annex && st->section[0] ? "." : "", st->section);
}

/* Write a body label: the prefix, a dot, then the formatted base ("OP3",
 * "Art.5.2"): "II.OP3", "Anx.Art.5.2". */
static void set_body_label(const struct body_state *st, struct clause *c,
                           const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void set_body_label(const struct body_state *st, struct clause *c,
                           const char *fmt, ...)
{
	char base[CLAUSE_LABEL_MAX], pre[CLAUSE_LABEL_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(base, sizeof base, fmt, ap);
	va_end(ap);
	body_prefix(st, pre);
	set_label(c, "%s%s%s", pre, pre[0] ? "." : "", base);
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
	else if (st->in_annex)
		snprintf(base, sizeof base, "%d", st->last_op);
	else if (st->seen_operative)
		snprintf(base, sizeof base, "OP%d", st->last_op);
	else
		snprintf(base, sizeof base, "PP%d", st->pp);
	if (roman)
		set_body_label(st, c, "%.12s(%.4s)(%.4s)", base, st->sub, sub);
	else
		set_body_label(st, c, "%.16s(%.4s)", base, sub);
	c->kind = st->article || st->in_annex ? CLAUSE_ARTICLE :
	          st->seen_operative ? CLAUSE_OPERATIVE : CLAUSE_PREAMBULAR;
}

/* Operative verbs in the third person of the present indicative: a
 * paragraph they open after the preamble is operative even when it is
 * neither numbered nor in italics ("Aprueba la siguiente Declaración:"). */
static const char *const op_verbs[] = {
	"acoge", "acuerda", "adopta", "afirma", "alienta", "apoya", "aprueba",
	"autoriza", "celebra", "condena", "conviene", "declara", "decide",
	"deplora", "destaca", "encarece", "encomia", "exhorta", "exige",
	"expresa", "felicita", "hace", "insta", "invita", "lamenta", "observa",
	"pide", "proclama", "reafirma", "recomienda", "reconoce", "recuerda",
	"reitera", "resuelve", "solicita", "subraya", "toma",
};

/* The byte length of the operative verb opening t, or 0. */
static size_t op_verb(const char *t, size_t len)
{
	char w[32];
	size_t n = resmeta_fold_word(t, len, w, sizeof w);

	if (!n || !(t[0] >= 'A' && t[0] <= 'Z'))
		return 0;
	for (size_t i = 0; i < sizeof op_verbs / sizeof *op_verbs; i++)
		if (strcmp(w, op_verbs[i]) == 0)
			return n;
	return 0;
}

/* A recorded vote "Votos a favor: ...": its label, or NULL. */
static const char *vote_label(const char *t, size_t len)
{
	if (resmeta_match_fold(t, len, "votos a favor"))
		return "Vote.Yes";
	if (resmeta_match_fold(t, len, "votos en contra"))
		return "Vote.No";
	if (resmeta_match_fold(t, len, "abstenciones"))
		return "Vote.Abst";
	return NULL;
}

/* The adoption as a sentence: "Aprobada en la 81a. sesión plenaria,
 * celebrada el 4 de diciembre de 2000, ..." or "Aprobada por el Consejo de
 * Seguridad en su 7367ª sesión, celebrada el ...". */
static int adoption_para(struct parser *p, struct clause *c, const char *t, size_t len)
{
	struct resolution *r = p->res;
	int meeting;

	if (!resmeta_match_fold(t, len, "aprobada ") && !resmeta_match_fold(t, len, "aprobado "))
		return 0;
	c->kind = p->st.pp || p->st.seen_operative || p->st.dec_par ? CLAUSE_FOOTER : CLAUSE_HEADER;
	set_label(c, "Adoption");
	if (!r->meeting && (meeting = resmeta_meeting(t, len)) > 0)
		r->meeting = meeting;
	if (!r->date[0])
		resmeta_date(t, len, r->date);
	return 1;
}

/* Classify one body paragraph (text already in c) and label it. Returns
 * HEAD_ARTICLE when c is an "Artículo N" heading that the caller folds
 * into the article's first paragraph, else 0. */
static int body_para(struct parser *p, struct clause *c)
{
	struct body_state *st = &p->st;
	const char *t = p->text.data + c->text_start;
	size_t len = c->text_len, pre, verb = 0;
	int num, art, h, meeting;
	char sub[8], date[11], sec[8];
	const char *vote;

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
		return 0;
	}
	if (adoption_para(p, c, t, len))
		return 0;
	if ((vote = vote_label(t, len)) != NULL) {
		c->kind = CLAUSE_VOTE;
		set_label(c, "%s", vote);
		return 0;
	}
	if ((len <= 40 && (resmeta_match_fold(t, len, "la asamblea general") ||
	                   resmeta_match_fold(t, len, "el consejo de seguridad") ||
	                   resmeta_match_fold(t, len, "el consejo de derechos humanos"))) ||
	    resmeta_match_fold(t, len, "ahora, por tanto")) {
		c->kind = CLAUSE_INTRO;
		set_label(c, "Intro");
		return 0;
	}
	if (st->decision) {
		c->kind = CLAUSE_DECISION;
		set_label(c, "D%d", ++st->dec_par);
		if (!p->res->date[0])
			resmeta_date(t, len, p->res->date);
		if (!p->res->meeting && (meeting = resmeta_meeting(t, len)) > 0)
			p->res->meeting = meeting;
		return 0;
	}
	if ((h = heading_match(t, len, &art, sec)) != 0) {
		c->kind = CLAUSE_HEADING;
		st->art_par = 0;
		st->list_op = 0;
		st->sub[0] = '\0';
		st->article = h == HEAD_ARTICLE ? art : 0;
		if (h == HEAD_ANNEX) {
			st->in_annex = 1;
			st->section[0] = '\0';
			st->last_op = 0;
			set_label(c, "Anx");
		} else if (h == HEAD_SECTION) {
			snprintf(st->section, sizeof st->section, "%s", sec);
			body_prefix(st, c->label);
		} else if (h == HEAD_ARTICLE) {
			c->kind = CLAUSE_ARTICLE;
			set_body_label(st, c, "Art.%d", art);
			return HEAD_ARTICLE;
		} else {
			set_label(c, "Heading");
		}
		return 0;
	}
	if ((pre = sub_match(t, len, sub)) != 0) {
		label_sub(st, c, sub);
		return 0;
	}
	pre = number_match(t, len, &num);
	st->sub[0] = '\0';
	if (st->article) {
		c->kind = CLAUSE_ARTICLE;
		if (pre) {
			st->art_par = num;
			set_body_label(st, c, "Art.%d.%d", st->article, num);
		} else {
			set_body_label(st, c, "Art.%d", st->article);
		}
		return 0;
	}
	if (st->in_annex) {
		c->kind = CLAUSE_ARTICLE;
		if (pre) {
			st->last_op = num;
			set_body_label(st, c, "%d", num);
		} else {
			body_prefix(st, c->label); /* "Anx", "Anx.II" */
		}
		return 0;
	}
	if (pre && st->list_op) { /* an item of "Declara que:" */
		c->kind = CLAUSE_OPERATIVE;
		set_body_label(st, c, "OP%d.%d", st->list_op, num);
		return 0;
	}
	if (pre || (c->emph_len && c->emph_start == 0 && !italic_pp_opener(st, t, len)) ||
	    (verb = op_verb(t, len)) > 0) {
		c->kind = CLAUSE_OPERATIVE;
		st->list_op = !pre && t[len - 1] == ':' ? st->last_op + 1 : 0;
		st->last_op = pre ? num : st->last_op + 1;
		st->seen_operative = 1;
		set_body_label(st, c, "OP%d", st->last_op);
		if (c->emph_len && c->emph_start == pre) {
			size_t v = 0;
			while (v < c->emph_len && !is_space((unsigned char)t[pre + v]) &&
			       t[pre + v] != ',')
				v++;
			c->verb_start = pre;
			c->verb_len = v;
		} else if (!pre) {
			c->verb_start = 0;
			c->verb_len = verb;
		}
		return 0;
	}
	if (st->seen_operative) { /* continues the last operative paragraph */
		c->kind = CLAUSE_OPERATIVE;
		set_body_label(st, c, "OP%d", st->last_op);
		return 0;
	}
	c->kind = CLAUSE_PREAMBULAR;
	set_body_label(st, c, "PP%d", ++st->pp);
	pp_verb(t, len, c);
	return 0;
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
	for (size_t r = 0; r < clean->len; r++) {
		char ch = clean->data[r];
		if (ch == '\r' && r + 1 < clean->len && clean->data[r + 1] == '\n')
			continue;
		if (ch == '[' && (m = footnote_mark(clean->data + r, clean->len - r, &num)) &&
		    !((w == 0 || clean->data[w - 1] == '\n') && r + m < clean->len &&
		      clean->data[r + m] == ':')) {
			r += m - 1;
			continue;
		}
		clean->data[w++] = ch;
	}
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

/* A document symbol in the first lines of a file that is not a resolution
 * (its masthead: "A/74/363", "E/CN.4/2005/L.10"): the first word made of
 * an upper-case series, a slash and at least one digit. */
static void masthead_symbol(struct parser *p)
{
	size_t end = p->n_paras ? p->paras[p->n_paras < 3 ? p->n_paras - 1 : 2].end : 0;
	const char *s = p->src;

	for (size_t i = 0; i < end; i++) {
		size_t j = i, digits = 0;
		if (i > 0 && !is_space((unsigned char)s[i - 1]))
			continue;
		while (j < end && s[j] >= 'A' && s[j] <= 'Z')
			j++;
		if (j == i || j >= end || s[j] != '/')
			continue;
		while (j < end && !is_space((unsigned char)s[j]) && s[j] != ',' && s[j] != ';') {
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
	return !heading_match(t, len, &art, sec) && !resmeta_footer(t, len) &&
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
	while (body.start < body.end && is_space((unsigned char)p->src[body.start]))
		body.start++;
	c = clause_new(p);
	clause_text(p, &body, c);
	c->kind = CLAUSE_FOOTNOTE;
	if (strlen(owner) + 6 > CLAUSE_LABEL_MAX) /* keep the ".nN" whole */
		owner[CLAUSE_LABEL_MAX - 7] = '\0';
	set_label(c, "%s%sn%d", owner, owner[0] ? "." : "", num);
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
			set_label(c, "P%zu", ++plain);
		} else if ((long)k < sym) {
			c->kind = CLAUSE_HEADER;
			set_label(c, "Header");
			header_para(p, t, c->text_len);
		} else if ((long)k == sym) {
			c->kind = p->whole ? CLAUSE_HEADING : CLAUSE_TITLE;
			set_label(c, p->whole ? "Part" : "Title");
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
			set_label(c, "Part");
		} else if (body_para(p, c) == HEAD_ARTICLE && article_text_follows(p, k + 1)) {
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
