/* resmeta.c: recognizers for the metadata in Spanish resolution headers and footers. */
#include "resmeta.h"
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* ---- accent- and case-insensitive matching on UTF-8 ---------------------- */

/* Base letters of U+00C0..U+00DF and U+00E0..U+00FF ('?': no base). */
static const char latin1_base[33] = "aaaaaa?ceeeeiiii?nooooo?ouuuuy?y";

/* The character at s folded to a lower-case ASCII letter (Latin-1 accents
 * dropped) or -1 when it has no ASCII form; *adv gets its byte length. */
static int fold_at(const char *s, size_t len, size_t *adv)
{
	unsigned char c = (unsigned char)s[0];

	*adv = 1;
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c == 0xC3 && len >= 2 && ((unsigned char)s[1] & 0xC0) == 0x80) {
		*adv = 2;
		return latin1_base[((unsigned char)s[1] - 0x80) & 0x1F];
	}
	while (*adv < len && ((unsigned char)s[*adv] & 0xC0) == 0x80)
		++*adv;
	return -1;
}

/* Bytes of s matched by the lower-case ASCII pattern, ignoring case and
 * accents; 0 when s does not start with it. */
size_t resmeta_match_fold(const char *s, size_t len, const char *pat)
{
	size_t i = 0, adv;

	for (; *pat; pat++) {
		if (i >= len || fold_at(s + i, len - i, &adv) != (unsigned char)*pat)
			return 0;
		i += adv;
	}
	return i;
}

/* Offset of the first match of pat in s (SIZE_MAX if none); *mlen gets the
 * matched length. Quadratic in the worst case: call on short lines only. */
size_t resmeta_find_fold(const char *s, size_t len, const char *pat,
                         size_t *mlen)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t m;
		/* An ASCII byte folds to itself or its lower case: most places
		 * fail on the first byte without a call (the parser looks for
		 * "periodo " in the first line of every paragraph). */
		if (c < 0x80 && (c >= 'A' && c <= 'Z' ? c + 32 : c) != (unsigned char)*pat)
			continue;
		m = resmeta_match_fold(s + i, len - i, pat);
		if (m) {
			if (mlen)
				*mlen = m;
			return i;
		}
	}
	return SIZE_MAX;
}

/* Copy the word at s (letters only, folded) into out; returns its byte
 * length in s, or 0 if it is not a word or too long. */
size_t resmeta_fold_word(const char *s, size_t len, char *out, size_t outsz)
{
	size_t i = 0, o = 0, adv;

	while (i < len) {
		int c = fold_at(s + i, len - i, &adv);
		if (!(c >= 'a' && c <= 'z'))
			break;
		if (o + 1 >= outsz)
			return 0;
		out[o++] = (char)c;
		i += adv;
	}
	out[o] = '\0';
	return o ? i : 0;
}

int resmeta_ends_with(const char *w, const char *suffix)
{
	size_t a = strlen(w), b = strlen(suffix);

	return a > b && memcmp(w + a - b, suffix, b) == 0;
}

/* Parse 1..max_digits digits at s; returns the count of digits (0: none). */
size_t resmeta_num(const char *s, size_t len, size_t max_digits, int *v)
{
	size_t i = 0;

	*v = 0;
	while (i < len && i < max_digits && is_digit((unsigned char)s[i]))
		*v = *v * 10 + (s[i++] - '0');
	if (i < len && is_digit((unsigned char)s[i]))
		return 0;
	return i;
}

/* ---- metadata: ordinals, dates, roman numerals --------------------------- */

struct word_value {
	const char *word;
	int value;
};

static const struct word_value ordinal_units[] = {
	{"primero", 1}, {"primer", 1}, {"primera", 1}, {"segundo", 2},
	{"tercero", 3}, {"tercer", 3}, {"cuarto", 4}, {"quinto", 5},
	{"sexto", 6}, {"septimo", 7}, {"setimo", 7}, {"octavo", 8},
	{"noveno", 9}, {"undecimo", 11}, {"duodecimo", 12},
};

static const struct word_value ordinal_tens[] = {
	{"decimo", 10}, {"vigesimo", 20}, {"trigesimo", 30},
	{"cuadragesimo", 40}, {"quincuagesimo", 50}, {"sexagesimo", 60},
	{"septuagesimo", 70}, {"octogesimo", 80}, {"nonagesimo", 90},
	{"centesimo", 100},
};

static const char *const month_names[12] = {
	"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	"agosto", "septiembre", "octubre", "noviembre", "diciembre",
};

static int unit_value(const char *w)
{
	for (size_t i = 0; i < sizeof ordinal_units / sizeof *ordinal_units; i++)
		if (strcmp(w, ordinal_units[i].word) == 0)
			return ordinal_units[i].value;
	return -1;
}

/* Value of one folded ordinal word ("septuagesimo", "decimotercer"), or -1. */
static int ordinal_word_value(const char *w)
{
	int u = unit_value(w);

	if (u > 0)
		return u;
	for (size_t i = 0; i < sizeof ordinal_tens / sizeof *ordinal_tens; i++) {
		size_t n = strlen(ordinal_tens[i].word);
		if (strncmp(w, ordinal_tens[i].word, n) != 0)
			continue;
		if (w[n] == '\0')
			return ordinal_tens[i].value;
		u = strcmp(w + n, "ctavo") == 0 ? 8 : unit_value(w + n); /* decimoctavo */
		if (u > 0 && u < 10)
			return ordinal_tens[i].value + u;
	}
	return -1;
}

/* Value of the ordinal words in s ("Septuagésimo cuarto "), or 0. */
int resmeta_ordinal(const char *s, size_t len)
{
	size_t i = 0;
	int sum = 0;
	char w[40];

	while (i < len) {
		size_t n;
		int v;
		if (text_is_ascii_space((unsigned char)s[i])) {
			i++;
			continue;
		}
		n = resmeta_fold_word(s + i, len - i, w, sizeof w);
		if (!n || (v = ordinal_word_value(w)) < 0)
			return 0;
		sum += v;
		i += n;
	}
	return sum;
}

/* Find "D de MES de AAAA" in s; writes "AAAA-MM-DD" to date. Returns 1. */
int resmeta_date(const char *s, size_t len, char date[11])
{
	for (size_t i = 0; i < len; i++) {
		int day, year, month = -1;
		size_t n, j, m;
		if (!is_digit((unsigned char)s[i]) || (i > 0 && is_digit((unsigned char)s[i - 1])))
			continue;
		n = resmeta_num(s + i, len - i, 2, &day);
		if (!n || day < 1 || day > 31)
			continue;
		j = i + n;
		if (j + 2 <= len && memcmp(s + j, "\xC2\xBA", 2) == 0) /* 1º */
			j += 2;
		if (!(m = resmeta_match_fold(s + j, len - j, " de ")))
			continue;
		j += m;
		for (int k = 0; k < 12 && month < 0; k++)
			if ((m = resmeta_match_fold(s + j, len - j, month_names[k])))
				month = k;
		if (month < 0 && (m = resmeta_match_fold(s + j, len - j, "setiembre")))
			month = 8;
		if (month < 0)
			continue;
		j += m;
		if (!(m = resmeta_match_fold(s + j, len - j, " de ")))
			continue;
		j += m;
		if (resmeta_num(s + j, len - j, 4, &year) != 4)
			continue;
		snprintf(date, 11, "%04u-%02u-%02u", (unsigned)year % 10000u,
		         (unsigned)month % 12u + 1u, (unsigned)day % 100u);
		return 1;
	}
	return 0;
}

/* Value of the roman numeral s[0..len), or 0 if it is not one. */
static int roman_value(const char *s, size_t len)
{
	int total = 0;

	for (size_t i = 0; i < len; i++) {
		static const char digits[] = "IVXLC";
		static const int values[] = {1, 5, 10, 50, 100};
		const char *d = memchr(digits, s[i], 5);
		const char *e = i + 1 < len ? memchr(digits, s[i + 1], 5) : NULL;
		int v, next;
		if (!d || !s[i])
			return 0;
		v = values[d - digits];
		next = e && s[i + 1] ? values[e - digits] : 0;
		total += v < next ? -v : v;
	}
	return total;
}

/* ---- the symbol line ------------------------------------------------------ */

/* Symbol prefixes that may be written on the symbol line itself. */
static const char *const written_prefixes[] = { "A/HRC/RES/", "A/RES/", "S/RES/" };

/* The Security Council's "Resolución 2196 (2015)", alone on its line. */
static int sc_symbol(const char *s, size_t len, struct symbol_line *sl)
{
	size_t i = resmeta_match_fold(s, len, "resolucion "), n;
	int num, year;

	if (!i || !(n = resmeta_num(s + i, len - i, 5, &num)) || !num)
		return 0;
	sl->sym_off = i;
	i += n;
	if (!(i + 7 <= len && s[i] == ' ' && s[i + 1] == '(' &&
	      resmeta_num(s + i + 2, len - i - 2, 4, &year) == 4 && s[i + 6] == ')'))
		return 0;
	i += 7;
	sl->sym_len = i - sl->sym_off;
	while (i < len && text_is_ascii_space((unsigned char)s[i]))
		i++;
	if (i != len)
		return 0;
	sl->prefix = "S/RES/";
	sl->title_off = len;
	return 1;
}

/* Match a symbol line at the start of s (see resmeta.h). */
int resmeta_symbol(const char *s, size_t len, struct symbol_line *sl)
{
	size_t i = 0, n;
	int a, b = 0;

	memset(sl, 0, sizeof *sl);
	if (sc_symbol(s, len, sl))
		return 1;
	for (size_t k = 0; k < sizeof written_prefixes / sizeof *written_prefixes; k++) {
		size_t pl = strlen(written_prefixes[k]);
		if (len > pl && memcmp(s, written_prefixes[k], pl) == 0) {
			sl->prefix = written_prefixes[k];
			i = pl;
			break;
		}
	}
	sl->sym_off = i;
	if (len - i > 3 && memcmp(s + i, "ES-", 3) == 0)
		i += 3, sl->special = 2;
	else if (len - i > 2 && memcmp(s + i, "S-", 2) == 0)
		i += 2, sl->special = 1;
	n = resmeta_num(s + i, len - i, 4, &a);
	if (!n || a == 0)
		return 0;
	i += n;
	if (i < len && s[i] == '/') {
		n = resmeta_num(s + i + 1, len - i - 1, 5, &b);
		if (!n)
			return 0;
		i += 1 + n;
		sl->session = a;
	} else if (sl->special) {
		return 0;
	}
	if (i + 1 < len && s[i] == ' ' && s[i + 1] >= 'A' && s[i + 1] <= 'Z' &&
	    (i + 2 == len || s[i + 2] == '.' || s[i + 2] == ' '))
		i += 2; /* the letter of "217 A" or "43/78 H" */
	if (!sl->session) {
		size_t r;
		if (!(i + 2 < len && s[i] == ' ' && s[i + 1] == '('))
			return 0;
		for (r = i + 2; r < len && s[r] != ')'; r++)
			;
		if (r >= len || !(sl->session = roman_value(s + i + 2, r - i - 2)))
			return 0;
		i = r + 1;
	}
	if (i >= len || s[i] != '.' || (i + 1 < len && !text_is_ascii_space((unsigned char)s[i + 1])))
		return 0;
	sl->sym_len = i - sl->sym_off;
	/* Decisions of the Assembly are numbered from 401 in each session. */
	sl->decision = !sl->special && b >= 400 && (!sl->prefix || strcmp(sl->prefix, "A/RES/") != 0);
	for (i++; i < len && text_is_ascii_space((unsigned char)s[i]); i++)
		;
	sl->title_off = i;
	return 1;
}

/* ---- meetings --------------------------------------------------------------- */

/* "46ª sesión" (also "46a.", "46.ª", "46º") at the start of s; as a
 * footer (footer = 1) followed by "plenaria" or by the end of the line (the
 * Human Rights Council's "56ª sesión"). Returns the meeting number, or 0. */
static int meeting_at(const char *s, size_t len, int footer)
{
	size_t i = 0, n;
	int v;

	if (!(n = resmeta_num(s, len, 5, &v)) || !v)
		return 0;
	i += n;
	if (i < len && s[i] == '.')
		i++;
	if (i + 2 <= len && (memcmp(s + i, "\xC2\xAA", 2) == 0 || memcmp(s + i, "\xC2\xBA", 2) == 0))
		i += 2;
	else if (i < len && (s[i] == 'a' || s[i] == 'o'))
		i++;
	if (i < len && s[i] == '.')
		i++;
	while (i < len && s[i] == ' ')
		i++;
	if (!(n = resmeta_match_fold(s + i, len - i, "sesion")))
		return 0;
	i += n;
	if (!footer || resmeta_match_fold(s + i, len - i, " plenaria"))
		return v;
	while (i < len && (s[i] == ' ' || s[i] == '*' || s[i] == '\r'))
		i++;
	return i == len || s[i] == '\n' ? v : 0;
}

int resmeta_footer(const char *s, size_t len)
{
	if (len && s[0] == '*')
		s++, len--;
	return meeting_at(s, len, 1);
}

int resmeta_meeting(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		int v;
		if (is_digit((unsigned char)s[i]) && (i == 0 || !is_digit((unsigned char)s[i - 1])) &&
		    (v = meeting_at(s + i, len - i, 0)) > 0)
			return v;
	}
	return 0;
}
