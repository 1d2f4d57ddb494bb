/* resbody.c: classifies and labels the body paragraphs of a resolution:
 * preambular and operative paragraphs, sub-paragraphs, sections, articles,
 * annexes, decisions, adoption sentences, votes, the footer (see
 * resparse.h for the shapes and _resparse.h for the parser's state). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "_resparse.h"
#include "resmeta.h"
#include "text.h"

/* A sub-paragraph mark "a) " or "ii) "; copies the letters to sub. */
static size_t sub_match(const char *s, size_t len, char sub[8])
{
	size_t i = 0;

	while (i < len && i < 5 && s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (i == 0 || i + 1 >= len || s[i] != ')' || !text_is_ascii_space((unsigned char)s[i + 1]))
		return 0;
	memcpy(sub, s, i);
	sub[i] = '\0';
	return i + 2;
}

/* A paragraph number "12. ": returns the prefix length and sets *num. */
static size_t number_match(const char *s, size_t len, int *num)
{
	size_t n = resmeta_num(s, len, 3, num);

	if (!n || n + 1 >= len || s[n] != '.' || !text_is_ascii_space((unsigned char)s[n + 1]))
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

int resbody_heading(const char *t, size_t len, int *art, char sec[8])
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

/* Append s to the label out[0..*n), truncated as snprintf would truncate
 * the whole label (CLAUSE_LABEL_MAX - 1 bytes). A body clause's prefix and
 * label are joined with this rather than with two more snprintf calls:
 * parsing the generated 10 MiB corpus took 317 M instructions rather than
 * 362 M (callgrind; 3.8% of the main thread when indexing). */
static void label_cat(char out[CLAUSE_LABEL_MAX], size_t *n, const char *s)
{
	size_t k = strnlen(s, CLAUSE_LABEL_MAX - 1 - *n);

	memcpy(out + *n, s, k);
	*n += k;
	out[*n] = '\0';
}

/* Where a body clause stands: "Anx" inside an annex, the section "II" or
 * titled part "S2" (both: "Anx.II"), "" elsewhere; its length. */
static size_t body_prefix(const struct body_state *st, char out[CLAUSE_LABEL_MAX])
{
	size_t n = 0;

	out[0] = '\0';
	if (st->in_annex)
		label_cat(out, &n, st->section[0] ? "Anx." : "Anx");
	label_cat(out, &n, st->section);
	return n;
}

/* Write a body label: the prefix, a dot, then the formatted base ("OP3",
 * "Art.5.2"): "II.OP3", "Anx.Art.5.2". */
static void set_body_label(const struct body_state *st, struct clause *c,
                           const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void set_body_label(const struct body_state *st, struct clause *c,
                           const char *fmt, ...)
{
	char base[CLAUSE_LABEL_MAX];
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(base, sizeof base, fmt, ap);
	va_end(ap);
	n = body_prefix(st, c->label);
	if (n)
		label_cat(c->label, &n, ".");
	label_cat(c->label, &n, base);
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

/* Words that open a connecting phrase set on a line of its own ("Y a
 * dicho efecto"), which is not the title of a part. */
static const char *const connectives[] = { "y", "e", "o", "u", "ni", "por", "ahora", "asimismo" };

/* Is the heading t, clause c, the title of a part ("Liderazgo",
 * "Prevención" in a declaration; a titled division of the operative
 * part)? A short title once the body of its scope has begun: after a
 * numbered paragraph of an annex, or after preambular or operative
 * paragraphs outside one. A title before that ("Preámbulo", the name of
 * an annexed declaration) opens the text rather than dividing it, and so
 * does one after a paragraph ending in ':' ("Aprueba la siguiente
 * Declaración:"), the title of the text it adopts. */
static int titled_part(const struct parser *p, const struct clause *c,
                       const char *t, size_t len)
{
	const struct body_state *st = &p->st;
	const struct clause *prev = c > p->res->clauses ? c - 1 : NULL;
	char w[32];

	if (st->article || !resmeta_fold_word(t, len, w, sizeof w))
		return 0;
	if (prev && prev->text_len && p->text.data[prev->text_start + prev->text_len - 1] == ':')
		return 0;
	for (size_t i = 0; i < sizeof connectives / sizeof *connectives; i++)
		if (strcmp(w, connectives[i]) == 0)
			return 0;
	return st->in_annex ? st->last_op > 0 : st->pp > 0 || st->seen_operative;
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
	clause_set_label(c, "Adoption");
	if (!r->meeting && (meeting = resmeta_meeting(t, len)) > 0)
		r->meeting = meeting;
	if (!r->date[0])
		resmeta_date(t, len, r->date);
	return 1;
}

int resbody_para(struct parser *p, struct clause *c)
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
		clause_set_label(c, "Footer");
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
		clause_set_label(c, "%s", vote);
		return 0;
	}
	if ((len <= 40 && (resmeta_match_fold(t, len, "la asamblea general") ||
	                   resmeta_match_fold(t, len, "el consejo de seguridad") ||
	                   resmeta_match_fold(t, len, "el consejo de derechos humanos"))) ||
	    resmeta_match_fold(t, len, "ahora, por tanto")) {
		c->kind = CLAUSE_INTRO;
		clause_set_label(c, st->in_annex ? "Anx.Intro" : "Intro");
		return 0;
	}
	if (st->decision) {
		c->kind = CLAUSE_DECISION;
		clause_set_label(c, "D%d", ++st->dec_par);
		if (!p->res->date[0])
			resmeta_date(t, len, p->res->date);
		if (!p->res->meeting && (meeting = resmeta_meeting(t, len)) > 0)
			p->res->meeting = meeting;
		return 0;
	}
	if ((h = resbody_heading(t, len, &art, sec)) != 0) {
		c->kind = CLAUSE_HEADING;
		st->art_par = 0;
		st->list_op = 0;
		st->sub[0] = '\0';
		st->article = h == HEAD_ARTICLE ? art : 0;
		if (h == HEAD_ANNEX) {
			st->in_annex = 1;
			st->section[0] = '\0';
			st->last_op = st->parts = st->annex_pp = st->annex_op = 0;
			clause_set_label(c, "Anx");
		} else if (h == HEAD_OTHER && titled_part(p, c, t, len)) {
			st->parts++;
			snprintf(st->section, sizeof st->section, "S%u", (unsigned)st->parts % 1000u);
			body_prefix(st, c->label);
		} else if (h == HEAD_SECTION) {
			snprintf(st->section, sizeof st->section, "%s", sec);
			body_prefix(st, c->label);
		} else if (h == HEAD_ARTICLE) {
			c->kind = CLAUSE_ARTICLE;
			set_body_label(st, c, "Art.%d", art);
			return HEAD_ARTICLE;
		} else {
			clause_set_label(c, "Heading");
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
		if (!pre && !st->last_op)
			pp_verb(t, len, c);
		if (pre) {
			st->last_op = num;
			set_body_label(st, c, "%d", num);
		} else if (c->verb_len) {
			/* the annexed text's own preamble ("Reafirmando ...") */
			c->kind = CLAUSE_PREAMBULAR;
			set_body_label(st, c, "PP%d", ++st->annex_pp);
		} else if (!st->last_op && st->annex_pp && (verb = op_verb(t, len)) > 0) {
			/* and the verb that adopts it ("Declara:", "Proclama ...") */
			c->kind = CLAUSE_OPERATIVE;
			c->verb_start = 0;
			c->verb_len = verb;
			set_body_label(st, c, "OP%d", ++st->annex_op);
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
			while (v < c->emph_len && !text_is_ascii_space((unsigned char)t[pre + v]) &&
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
