/* verbs.c: the table of opening phrases and its lookups (see verbs.h). */
#include "verbs.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

/* Longer phrases of a verb come before the verb alone, so that the longest
 * form wins in verbs_lemma. */
static const struct verb_entry verb_table[] = {
	{ "acoger con beneplácito", { "acoge con beneplacito", "acogiendo con beneplacito",
	                               "acoger con beneplacito" } },
	{ "acoger", { "acoge", "acogiendo", "acoger" } },
	{ "tomar nota", { "toma nota", "tomando nota", "tomar nota" } },
	{ "expresar su profunda preocupación", { "expresa su profunda preocupacion",
	                                          "expresando su profunda preocupacion",
	                                          "expresar su profunda preocupacion" } },
	{ "expresar su reconocimiento", { "expresa su reconocimiento",
	                                   "expresando su reconocimiento",
	                                   "expresar su reconocimiento" } },
	{ "expresar preocupación", { "expresa preocupacion", "expresando preocupacion",
	                              "expresar preocupacion" } },
	{ "expresar", { "expresa", "expresando", "expresar" } },
	{ "observar con preocupación", { "observa con preocupacion",
	                                  "observando con preocupacion",
	                                  "observar con preocupacion" } },
	{ "observar con reconocimiento", { "observa con reconocimiento",
	                                    "observando con reconocimiento",
	                                    "observar con reconocimiento" } },
	{ "observar", { "observa", "observando", "observar" } },
	{ "tener presente", { "tiene presente", "teniendo presente", "tener presente" } },
	{ "poner de relieve", { "pone de relieve", "poniendo de relieve", "poner de relieve" } },
	{ "hacer un llamamiento", { "hace un llamamiento", "haciendo un llamamiento",
	                             "hacer un llamamiento" } },
	{ "instar", { "insta", "instando", "instar" } },
	{ "pedir", { "pide", "pidiendo", "pedir" } },
	{ "alentar", { "alienta", "alentando", "alentar" } },
	{ "recomendar", { "recomienda", "recomendando", "recomendar" } },
	{ "exhortar", { "exhorta", "exhortando", "exhortar" } },
	{ "decidir", { "decide", "decidiendo", "decidir", "decidida" } },
	{ "reafirmar", { "reafirma", "reafirmando", "reafirmar" } },
	{ "afirmar", { "afirma", "afirmando", "afirmar" } },
	{ "solicitar", { "solicita", "solicitando", "solicitar" } },
	{ "reconocer", { "reconoce", "reconociendo", "reconocer" } },
	{ "subrayar", { "subraya", "subrayando", "subrayar" } },
	{ "invitar", { "invita", "invitando", "invitar" } },
	{ "condenar", { "condena", "condenando", "condenar" } },
	{ "destacar", { "destaca", "destacando", "destacar" } },
	{ "encomiar", { "encomia", "encomiando", "encomiar" } },
	{ "reiterar", { "reitera", "reiterando", "reiterar" } },
	{ "recordar", { "recuerda", "recordando", "recordar" } },
	{ "recalcar", { "recalca", "recalcando", "recalcar" } },
	{ "considerar", { "considera", "considerando", "considerar" } },
	{ "proclamar", { "proclama", "proclamando", "proclamar" } },
	{ "aprobar", { "aprueba", "aprobando", "aprobar" } },
	{ "apoyar", { "apoya", "apoyando", "apoyar" } },
	{ "exigir", { "exige", "exigiendo", "exigir" } },
	{ "deplorar", { "deplora", "deplorando", "deplorar" } },
	{ "lamentar", { "lamenta", "lamentando", "lamentar" } },
	{ "celebrar", { "celebra", "celebrando", "celebrar" } },
	{ "señalar", { "senala", "senalando", "senalar" } },
	{ "autorizar", { "autoriza", "autorizando", "autorizar" } },
	{ "encargar", { "encarga", "encargando", "encargar" } },
	{ "agradecer", { "agradece", "agradeciendo", "agradecer" } },
	{ "felicitar", { "felicita", "felicitando", "felicitar" } },
	{ "preocupar", { "preocupada", "preocupado", "preocupadas", "preocupados", "preocupar" } },
	{ "convencer", { "convencida", "convencido", "convencidas", "convencidos", "convencer" } },
	{ "alarmar", { "alarmada", "alarmado", "alarmadas", "alarmados", "alarmar" } },
	{ "guiar", { "guiada", "guiado", "guiandose", "guiar" } },
	{ "desear", { "deseosa", "deseoso", "deseosas", "deseosos", "desear" } },
	{ "ser consciente", { "consciente", "conscientes", "ser consciente" } },
};

#define N_VERBS (sizeof verb_table / sizeof *verb_table)

/* The length of word w (NUL-terminated, not empty) if form f begins with
 * it as a whole word (followed by ' ' or the end), else 0. */
static size_t form_word(const char *f, const char *w)
{
	size_t l = 0;

	while (w[l] && f[l] == w[l])
		l++;
	return !w[l] && (f[l] == ' ' || !f[l]) ? l : 0;
}

/* The forms in byte order: counted into buckets by first byte (which
 * first[] records), each bucket, a dozen forms at most, sorted by
 * insertion. qsort took 70K instructions of every unsearch process, a
 * two-word AND's whole process being 1.6M, and a sysinfo call. */
void verbs_index_init(struct verbs_index *vi)
{
	size_t at[257] = { 0 };

	vi->n = 0;
	for (const struct verb_entry *e = verb_table; e < verb_table + N_VERBS; e++)
		for (size_t f = 0; f < VERBS_MAX_FORMS && e->forms[f]; f++) {
			assert(vi->n < VERBS_MAX_TABLE);
			at[(unsigned char)e->forms[f][0] + 1]++;
			vi->n++;
		}
	for (unsigned c = 0; c < 256; c++)
		at[c + 1] += at[c];
	for (unsigned c = 0; c <= 256; c++)
		vi->first[c] = (uint8_t)at[c];
	for (const struct verb_entry *e = verb_table; e < verb_table + N_VERBS; e++)
		for (size_t f = 0; f < VERBS_MAX_FORMS && e->forms[f]; f++) {
			const char *form = e->forms[f];
			size_t lo = vi->first[(unsigned char)form[0]], i = at[(unsigned char)form[0]]++;
			for (; i > lo && strcmp(vi->v[i - 1].form, form) > 0; i--)
				vi->v[i] = vi->v[i - 1];
			vi->v[i] = (struct verb_form){ form, e };
		}
}

_Static_assert(VERBS_MAX_TABLE <= UINT8_MAX, "verbs_index.first holds form indexes in bytes");

/* strncmp(f, s, len)'s sign, inline: a libc call for the few bytes until
 * a form and a word differ was most of finding a hit's opening verb. */
static int prefix_cmp(const char *f, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char a = (unsigned char)f[i], b = (unsigned char)s[i];
		if (a != b)
			return a < b ? -1 : 1;
		if (!a)
			break;
	}
	return 0;
}

/* The first form not below s[0..len) in byte order (vi->v + vi->n: none).
 * The forms whose first word is s follow one another from there (' '
 * sorts before every letter of a word). */
static const struct verb_form *forms_from(const struct verbs_index *vi,
                                          const char *s, size_t len)
{
	/* among the forms of s's first byte (vi->first), or all for "" */
	unsigned char c = len ? (unsigned char)s[0] : 0;
	size_t lo = len ? vi->first[c] : 0, hi = len ? vi->first[c + 1] : vi->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (prefix_cmp(vi->v[mid].form, s, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return vi->v + lo;
}

static const struct verb_form *forms_of(const struct verbs_index *vi, const char *w)
{
	return forms_from(vi, w, strlen(w));
}

/* Forms are unique in the table (test_verbs), so the first form not
 * below folded is the only one that can be it; walking the table was ~2K
 * instructions for each word of a query (callgrind). */
const struct verb_entry *verbs_find(const struct verbs_index *vi, const char *folded,
                                    size_t len)
{
	const struct verb_form *f = forms_from(vi, folded, len);

	if (!len || f == vi->v + vi->n || strncmp(f->form, folded, len) != 0 || f->form[len])
		return NULL;
	return f->entry;
}

const struct verb_entry *verbs_find_word(const struct verbs_index *vi, const char *folded,
                                         size_t len)
{
	const struct verb_entry *e = verbs_find(vi, folded, len);

	return e && !strchr(e->lemma, ' ') ? e : NULL;
}

const char *verbs_lemma(const struct verbs_index *vi, const char *const *words,
                        size_t n)
{
	const char *best = NULL;
	size_t best_words = 0;

	if (!n || !*words[0])
		return NULL;
	for (const struct verb_form *f = forms_of(vi, words[0]);
	     f < vi->v + vi->n && form_word(f->form, words[0]); f++) {
		const char *s = f->form;
		size_t k = 0;
		for (;;) {
			size_t l = k < n && *words[k] ? form_word(s, words[k]) : 0;
			if (!l)
				break;
			k++;
			if (!s[l]) {
				if (k > best_words) {
					best = f->entry->lemma;
					best_words = k;
				}
				break;
			}
			s += l + 1;
		}
	}
	return best;
}
