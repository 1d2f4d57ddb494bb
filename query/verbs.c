/* verbs.c: the table of opening phrases and its lookups (see verbs.h). */
#include "verbs.h"

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

static int form_is(const char *form, const char *s, size_t len)
{
	return strlen(form) == len && memcmp(form, s, len) == 0;
}

/* The length of word w (NUL-terminated, not empty) if form f begins with
 * it as a whole word (followed by ' ' or the end), else 0. */
static size_t form_word(const char *f, const char *w)
{
	size_t l = 0;

	while (w[l] && f[l] == w[l])
		l++;
	return !w[l] && (f[l] == ' ' || !f[l]) ? l : 0;
}

const struct verb_entry *verbs_find(const char *folded, size_t len)
{
	if (!len)
		return NULL;
	for (const struct verb_entry *e = verb_table; e < verb_table + N_VERBS; e++)
		for (size_t f = 0; f < VERBS_MAX_FORMS && e->forms[f]; f++)
			if (*e->forms[f] == *folded && form_is(e->forms[f], folded, len))
				return e;
	return NULL;
}

const struct verb_entry *verbs_find_word(const char *folded, size_t len)
{
	const struct verb_entry *e = verbs_find(folded, len);

	return e && !strchr(e->lemma, ' ') ? e : NULL;
}

const char *verbs_lemma(const char *const *words, size_t n)
{
	const char *best = NULL;
	size_t best_words = 0;
	char first;

	if (!n)
		return NULL;
	/* Forms are dropped at their first byte, then word by word (this
	 * runs for every hit printed). */
	first = *words[0];
	for (const struct verb_entry *e = verb_table; e < verb_table + N_VERBS; e++)
		for (size_t f = 0; f < VERBS_MAX_FORMS && e->forms[f]; f++) {
			const char *s = e->forms[f];
			size_t k = 0;
			if (*s != first)
				continue;
			for (;;) {
				size_t l = k < n && *words[k] ? form_word(s, words[k]) : 0;
				if (!l)
					break;
				k++;
				if (!s[l]) {
					if (k > best_words) {
						best = e->lemma;
						best_words = k;
					}
					break;
				}
				s += l + 1;
			}
		}
	return best;
}

/* Collects the folded words from the opening verb on. */
struct opener {
	uint32_t from;
	uint32_t seen; /* tokens offered to opener_want so far */
	const char *words[VERBS_MAX_WORDS];
	size_t n;
};

/* Only the words from the verb on are analysed (the analyzer offers every
 * token here once, in order, so seen is the position of this one). */
static int opener_want(void *ctx, const char *raw, size_t len)
{
	struct opener *o = ctx;

	(void)raw;
	(void)len;
	return o->seen++ >= o->from;
}

static int opener_token(void *ctx, const struct token *t)
{
	struct opener *o = ctx;

	if (t->position < o->from)
		return 0;
	o->words[o->n++] = t->folded;
	return o->n == VERBS_MAX_WORDS; /* enough: stop */
}

const char *verbs_clause_lemma(struct analyzer *an, const char *text,
                               size_t len, uint32_t verb_pos)
{
	struct opener o = { verb_pos, 0, { NULL }, 0 };
	const struct token_filter from_verb = { NULL, opener_want };

	if (verb_pos == NO_POSITION)
		return NULL;
	analyzer_run_some(an, text, len, 0, &from_verb, opener_token, &o);
	return o.n ? verbs_lemma(o.words, o.n) : NULL;
}
