/* cite.c: citation extraction from clause text (see cite.h). */
#include "cite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define NO_MATCH ((size_t)-1)

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_letter(char c)
{
	return is_upper(c) || (c >= 'a' && c <= 'z') || (unsigned char)c >= 0x80;
}

/* Bytes that continue a word or a symbol: a citation starts only where
 * none precedes it. */
static int is_symbol_byte(char c)
{
	return is_letter(c) || is_digit(c) || c == '/' || c == '-' || c == '.';
}

/* lit at t[i] (ASCII case folded on both sides): the index past it, or
 * NO_MATCH. */
static size_t match(const char *t, size_t len, size_t i, const char *lit)
{
	for (; *lit; lit++, i++) {
		char a = i < len ? t[i] : '\0';
		if (a >= 'A' && a <= 'Z')
			a += 32;
		if (a != (*lit >= 'A' && *lit <= 'Z' ? *lit + 32 : *lit))
			return NO_MATCH;
	}
	return i;
}

/* A whole word lit at t[i]: past it, or NO_MATCH. */
static size_t match_word(const char *t, size_t len, size_t i, const char *lit)
{
	size_t e = match(t, len, i, lit);

	return e != NO_MATCH && (e == len || !is_letter(t[e])) ? e : NO_MATCH;
}

static size_t skip_digits(const char *t, size_t len, size_t i, size_t max)
{
	size_t s = i;

	while (i < len && is_digit(t[i]) && i - s < max)
		i++;
	return i > s && (i == len || !is_digit(t[i])) ? i : NO_MATCH;
}

static const char *const month_names[12] = {
	"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	"agosto", "septiembre", "octubre", "noviembre", "diciembre",
};

/* ", de 4 de diciembre de 1998" (comma optional) at t[i]: yyyymmdd, and
 * *end past the year; 0 if no date follows. */
static uint32_t parse_date(const char *t, size_t len, size_t i, size_t *end)
{
	size_t d, e;
	int day, month = 0;

	if (i < len && t[i] == ',')
		i++;
	while (i < len && (t[i] == ' ' || t[i] == '\n'))
		i++;
	if ((i = match(t, len, i, "de ")) == NO_MATCH ||
	    (d = skip_digits(t, len, i, 2)) == NO_MATCH)
		return 0;
	day = atoi(t + i);
	if (match(t, len, d, "\xc2\xba") != NO_MATCH) /* "1º" */
		d += 2;
	if ((d = match(t, len, d, " de ")) == NO_MATCH)
		return 0;
	for (int m = 0; m < 12 && !month; m++)
		if ((e = match_word(t, len, d, month_names[m])) != NO_MATCH)
			month = m + 1, d = e;
	if (!month || (d = match(t, len, d, " de ")) == NO_MATCH ||
	    (e = skip_digits(t, len, d, 4)) == NO_MATCH || e - d != 4 || day < 1 || day > 31)
		return 0;
	*end = e;
	return (uint32_t)(atoi(t + d) * 10000 + month * 100 + day);
}

/* A session in roman numerals "(XXV)" or a year "(2000)" at t[i]: past the
 * ')', or NO_MATCH; *is_year tells which. */
static size_t bracket_suffix(const char *t, size_t len, size_t i, int *is_year)
{
	size_t s;

	if ((i = match(t, len, i, " (")) == NO_MATCH)
		return NO_MATCH;
	s = i;
	if (is_digit(t[i])) {
		if ((i = skip_digits(t, len, i, 4)) == NO_MATCH || i - s != 4 ||
		    atoi(t + s) < 1945)
			return NO_MATCH;
		*is_year = 1;
	} else {
		while (i < len && strchr("IVXLC", t[i]) && t[i] && i - s < 8)
			i++;
		if (i == s)
			return NO_MATCH;
		*is_year = 0;
	}
	return i < len && t[i] == ')' ? i + 1 : NO_MATCH;
}

/* " H" (a part letter: 43/78 H, 217 A (III)) at t[i]: past it or NO_MATCH. */
static size_t part_letter(const char *t, size_t len, size_t i)
{
	if (i + 1 < len && t[i] == ' ' && is_upper(t[i + 1]) &&
	    (i + 2 == len || !is_letter(t[i + 2])))
		return i + 2;
	return NO_MATCH;
}

/* The state of one scan: the nearest keyword and where its list began. */
struct scan {
	enum cite_kind keyword; /* CITE_RESOLUTION or CITE_DECISION */
	int in_sentence;        /* a keyword was seen in this sentence */
	size_t list_start;      /* first citation after that keyword */
};

static void add(struct citations *out, const char *prefix, const char *t,
                size_t start, size_t end, enum cite_kind kind, uint32_t date)
{
	char written[CITE_SYMBOL_MAX * 2];
	char *norm;
	int n = snprintf(written, sizeof written, "%s%.*s", prefix,
	                 (int)(end - start), t + start);

	if (n < 0 || (size_t)n >= sizeof written)
		return;
	norm = symbol_normalise(written);
	if (strlen(norm) < CITE_SYMBOL_MAX) {
		size_t k;
		for (k = 0; k < out->n && strcmp(out->v[k].symbol, norm) != 0; k++)
			;
		if (k < out->n) {
			if (!out->v[k].date)
				out->v[k].date = date;
		} else {
			struct citation *c;
			out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
			c = &out->v[out->n++];
			memcpy(c->symbol, norm, strlen(norm) + 1);
			c->kind = kind;
			c->date = date;
			c->start = start;
			c->len = end - start;
		}
	}
	free(norm);
}

/* A written symbol "A/74/363", "S/RES/1325 (2000)", "A/HRC/RES/40/1",
 * "A/RES/217 A (III)" at t[i]: past it, or NO_MATCH. */
static size_t full_symbol(const char *t, size_t len, size_t i, enum cite_kind *kind)
{
	size_t s = i, e;
	int digits = 0, slashes = 0, is_year;

	while (i < len && is_upper(t[i]) && i - s < 8)
		i++;
	if (i == s || i >= len || t[i] != '/')
		return NO_MATCH;
	while (i < len && (is_upper(t[i]) || is_digit(t[i]) || t[i] == '/' ||
	                   t[i] == '.' || t[i] == '-' || (t[i] >= 'a' && t[i] <= 'z'))) {
		digits += is_digit(t[i]);
		slashes += t[i] == '/';
		i++;
	}
	while (i > s && (t[i - 1] == '.' || t[i - 1] == '-' || t[i - 1] == '/'))
		i--;
	if (!digits || !slashes || !is_digit(t[i - 1]))
		return NO_MATCH;
	*kind = memmem(t + s, i - s, "/RES/", 5) ? CITE_RESOLUTION
	      : memmem(t + s, i - s, "/DEC/", 5) ? CITE_DECISION : CITE_DOCUMENT;
	if (*kind == CITE_RESOLUTION) {
		if ((e = part_letter(t, len, i)) != NO_MATCH)
			i = e;
		if ((e = bracket_suffix(t, len, i, &is_year)) != NO_MATCH)
			i = e;
	}
	return i;
}

/* "53/70", "43/78 H", "ES-10/2", "1514 (XV)", "217 A (III)",
 * "1325 (2000)" at t[i], written without the organ's prefix. */
static size_t bare_symbol(const char *t, size_t len, size_t i,
                          const struct scan *sc, const char **prefix,
                          enum cite_kind *kind)
{
	size_t e, j = i;
	int is_year = 0;

	if (i + 2 < len && is_upper(t[i]) && (t[i + 1] == '-' || (is_upper(t[i + 1]) &&
	                                                         t[i + 2] == '-')))
		j = t[i + 1] == '-' ? i + 2 : i + 3; /* ES-10/2, S-26/2 */
	if ((e = skip_digits(t, len, j, 5)) == NO_MATCH)
		return NO_MATCH;
	*kind = sc->in_sentence ? sc->keyword : CITE_RESOLUTION;
	*prefix = *kind == CITE_DECISION ? "A/DEC/" : "";
	if (e < len && t[e] == '/') {
		if ((e = skip_digits(t, len, e + 1, 5)) == NO_MATCH ||
		    (e < len && (t[e] == '/' || is_letter(t[e]))))
			return NO_MATCH;
		if ((j = part_letter(t, len, e)) != NO_MATCH)
			e = j;
		return e;
	}
	if (j != i)
		return NO_MATCH;
	if ((j = part_letter(t, len, e)) != NO_MATCH)
		e = j;
	if ((e = bracket_suffix(t, len, e, &is_year)) == NO_MATCH)
		return NO_MATCH;
	if (is_year) {
		/* "1325 (2000)": a Security Council resolution, but only where a
		 * keyword says it is a resolution at all. */
		if (!sc->in_sentence || sc->keyword != CITE_RESOLUTION)
			return NO_MATCH;
		*prefix = "S/RES/";
	}
	*kind = CITE_RESOLUTION;
	return e;
}

/* Organs named after a citation: the prefix their bare "N/M" symbols
 * take (NULL: none to add, the General Assembly's own or the Security
 * Council's "N (YYYY)"). */
static const struct {
	const char *phrase, *prefix;
} organs[] = {
	{ "del Consejo de Derechos Humanos", "A/HRC/RES/" },
	{ "del Consejo Econ\xc3\xb3mico y Social", "E/RES/" },
	{ "del Consejo de Seguridad", NULL },
	{ "de la Asamblea General", NULL },
};

/* Give the bare resolutions of the current list the organ's prefix. */
static void apply_organ(struct citations *out, const struct scan *sc,
                        const char *prefix)
{
	for (size_t k = sc->list_start; k < out->n; k++) {
		struct citation *c = &out->v[k];
		char buf[CITE_SYMBOL_MAX * 2];
		if (c->kind != CITE_RESOLUTION || !is_digit(c->symbol[0]) ||
		    strchr(c->symbol, '(') ||
		    (size_t)snprintf(buf, sizeof buf, "%s%s", prefix, c->symbol) >= CITE_SYMBOL_MAX)
			continue;
		memcpy(c->symbol, buf, strlen(buf) + 1);
	}
}

void cite_extract(const char *t, size_t len, struct citations *out)
{
	static const struct {
		const char *word;
		enum cite_kind kind;
	} keywords[] = {
		{ "resoluci\xc3\xb3n", CITE_RESOLUTION }, { "resoluciones", CITE_RESOLUTION },
		{ "decisi\xc3\xb3n", CITE_DECISION },     { "decisiones", CITE_DECISION },
	};
	struct scan sc = { CITE_RESOLUTION, 0, 0 };

	out->n = 0;
	/* Every form has a '/' or a '(': most clauses have neither and cost
	 * two memchr. */
	if (!memchr(t, '/', len) && !memchr(t, '(', len))
		return;
	for (size_t i = 0; i < len;) {
		size_t e = NO_MATCH, past = 0, k;
		const char *prefix = "";
		enum cite_kind kind;
		uint32_t date;

		if (t[i] == ';' || (t[i] == '.' && (i + 1 == len || t[i + 1] == ' ' ||
		                                    t[i + 1] == '\n'))) {
			sc.in_sentence = 0;
			i++;
			continue;
		}
		if (i > 0 && is_symbol_byte(t[i - 1])) {
			i++;
			continue;
		}
		if (t[i] >= 'a' && t[i] <= 'z' && t[i] != 'r' && t[i] != 'd') {
			while (i < len && is_letter(t[i])) /* no keyword, organ or symbol */
				i++;
			continue;
		}
		for (k = 0; k < sizeof keywords / sizeof *keywords && e == NO_MATCH; k++)
			if ((e = match_word(t, len, i, keywords[k].word)) != NO_MATCH)
				sc = (struct scan){ keywords[k].kind, 1, out->n };
		for (k = 0; k < sizeof organs / sizeof *organs && e == NO_MATCH; k++)
			if ((e = match_word(t, len, i, organs[k].phrase)) != NO_MATCH) {
				if (organs[k].prefix)
					apply_organ(out, &sc, organs[k].prefix);
				/* "1325 (2000) del Consejo de Seguridad, de 31 de
				 * octubre de 2000": the date follows the organ. */
				if (out->n > sc.list_start && !out->v[out->n - 1].date &&
				    (date = parse_date(t, len, e, &past)))
					out->v[out->n - 1].date = date, e = past;
			}
		if (e != NO_MATCH) {
			i = e;
			continue;
		}
		if ((e = full_symbol(t, len, i, &kind)) == NO_MATCH &&
		    (e = bare_symbol(t, len, i, &sc, &prefix, &kind)) == NO_MATCH) {
			i++;
			continue;
		}
		date = parse_date(t, len, e, &past);
		if (!sc.in_sentence && !date && is_digit(t[i])) {
			i = e; /* "2/3", "74/29." of a title: no keyword, no date */
			continue;
		}
		add(out, prefix, t, i, e, kind, date);
		i = date ? past : e;
	}
}

void citations_release(struct citations *c)
{
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}
