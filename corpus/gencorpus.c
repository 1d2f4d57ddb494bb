/* gencorpus.c: writes a deterministic synthetic corpus of Spanish UN resolutions for scale tests.
 *
 *   gencorpus -o DIR -s SEED -m MEGABYTES [--series N [--versions K]]
 *
 * Files look like corpus/A_RES_74_29.txt and are named
 * DIR/<session>/A_RES_<session>_<n>.txt; generation stops once MEGABYTES MiB
 * have been written. Words come from a vocabulary of VOCAB_SIZE entries
 * (real Spanish UN vocabulary first, then generated pseudo-words) drawn with
 * a Zipf distribution of exponent 1, so term statistics look natural. The
 * output depends only on the seed: the PRNG is splitmix64 and the Zipf table
 * is built in integer arithmetic, so every machine writes the same bytes.
 *
 * --series N adds N series under DIR/series/: one resolution (number
 * 9000 + series) re-adopted in K consecutive sessions, each version made
 * from the last by dropping, inserting and editing clauses a few words at
 * a time (so paragraphs are renumbered), each opening with "Recordando su
 * resolución" of its predecessor. DIR/series-truth.tsv records what was
 * done, tab-separated:
 *   series  ID  SYMBOL...              the versions, oldest first
 *   clause  SYMBOL  LABEL  ID  STATUS  EDITS
 *       ID: the clause's identity across versions (0: the citing clause);
 *       STATUS against the previous version: new, unchanged or edited;
 *       EDITS: words replaced, inserted or deleted (-1: the citing clause,
 *       whose symbols and dates change)
 *   cite  SYMBOL  LABEL  CITED         a citation, CITED in normal form */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "cli.h"
#include "err.h"
#include "xalloc.h"

#define VOCAB_SIZE 50000
#define ZIPF_SCALE (UINT64_C(1) << 40) /* weight of rank 1 */
#define MAX_SESSION 79
#define FIRST_YEAR 1945 /* session s was held in FIRST_YEAR + s */

/* Real vocabulary, roughly from most to least frequent. */
static const char *const real_words[] = {
	"de", "la", "los", "las", "y", "en", "el", "a", "que", "del", "para",
	"por", "con", "su", "sus", "se", "al", "como", "o", "sobre", "entre",
	"Estados", "internacional", "desarrollo", "Naciones", "Unidas",
	"cooperación", "derechos", "países", "medidas", "General", "Asamblea",
	"resolución", "informe", "Secretario", "seguridad", "paz", "humanos",
	"Consejo", "programa", "apoyo", "esfera", "sostenible", "particular",
	"nacional", "regional", "organizaciones", "esfuerzos", "aplicación",
	"sistema", "todos", "también", "así", "mujeres", "niños", "Miembros",
	"importancia", "necesidad", "acuerdo", "Convención", "marco", "fin",
	"asistencia", "recursos", "capacidad", "información", "mundial",
	"políticas", "protección", "promoción", "respecto", "derecho",
	"Gobiernos", "sociedad", "civil", "período", "sesiones", "Comisión",
	"compromiso", "colaboración", "financiación", "pobreza", "salud",
	"educación", "igualdad", "género", "violencia", "conflictos",
	"desarme", "nuclear", "armas", "tratado", "cumplimiento", "Carta",
	"principios", "objetivos", "Agenda", "cambio", "climático", "medio",
	"ambiente", "agua", "energía", "alimentación", "migrantes",
	"refugiados", "población", "económico", "social", "cultural",
	"humanitaria", "jurídica", "técnica", "financiera", "mecanismos",
	"instrumentos", "procedimientos", "mandato", "órganos", "Oficina",
	"Alto", "Comisionado", "relator", "especial", "grupo", "trabajo",
	"expertos", "comité", "períodos", "presupuesto", "ordinario",
	"contribuciones", "voluntarias", "fondos", "donantes", "asociados",
	"sector", "privado", "tecnologías", "comunicaciones", "transparencia",
	"confianza", "diálogo", "negociación", "consenso", "participación",
	"plena", "efectiva", "mayor", "pleno", "respeto", "soberanía",
	"integridad", "territorial", "independencia", "pueblos", "indígenas",
	"discriminación", "racismo", "tolerancia", "libertad", "expresión",
	"justicia", "estado", "impunidad", "terrorismo", "delincuencia",
	"organizada", "drogas", "corrupción", "trata", "personas", "infancia",
	"juventud", "envejecimiento", "discapacidad", "empleo", "comercio",
	"deuda", "inversión", "crecimiento", "inclusivo", "desastres",
	"riesgo", "resiliencia", "océanos", "biodiversidad", "bosques",
	"desertificación", "urbanización", "vivienda", "transporte",
	"estadísticas", "datos", "indicadores", "evaluación", "seguimiento",
	"examen", "situación", "región", "territorios", "autónomos",
	"descolonización", "operaciones", "mantenimiento", "misión",
	"observadores", "fuerzas", "civiles", "víctimas", "reparación",
	"reconciliación", "consolidación", "elecciones", "democracia",
	"gobernanza", "instituciones", "capacitación", "formación",
	"ciencia", "innovación", "conocimientos", "buenas", "prácticas",
	"experiencias", "lecciones", "aprendidas", "responsabilidad",
	"rendición", "cuentas", "eficacia", "eficiencia", "coordinación",
	"coherencia", "complementariedad", "sinergias", "alianzas",
	"multilateralismo", "solidaridad", "dignidad", "bienestar",
	"oportunidades", "acceso", "servicios", "básicos", "infraestructura",
	"saneamiento", "enfermedades", "vacunas", "pandemia", "emergencia",
	"crisis", "respuesta", "recuperación", "reconstrucción", "minas",
	"antipersonal", "municiones", "racimo", "proliferación", "espacio",
	"ultraterrestre", "armamentos", "verificación", "no", "más", "sin",
	"contra", "hacia", "mediante", "durante", "desde", "hasta", "cada",
	"otros", "otras", "todas", "este", "esta", "estos", "dichos",
};

/* Real multi-word phrases, inserted whole now and then. */
static const char *const phrases[] = {
	"creación de capacidad", "seguridad internacional", "derechos humanos",
	"desarrollo sostenible", "Naciones Unidas", "Estados Miembros",
	"libertades fundamentales", "cambio climático", "sociedad civil",
	"Secretario General", "mantenimiento de la paz", "Estado de derecho",
	"igualdad de género", "medidas de fomento de la confianza",
	"Agenda 2030 para el Desarrollo Sostenible", "asistencia humanitaria",
};

static const char *const pp_openers[] = {
	"Recordando", "Reafirmando", "Reconociendo", "Observando", "Destacando",
	"Subrayando", "Considerando", "Teniendo presente", "Tomando nota de",
	"Expresando preocupación por", "Acogiendo con beneplácito",
	"Poniendo de relieve", "Afirmando", "Recalcando", "Convencida de que",
	"Profundamente preocupada por", "Gravemente preocupada por",
	"Consciente de", "Alarmada por", "Observando con preocupación",
	"Deseosa de", "Reiterando",
};

static const char *const op_verbs[] = {
	"Decide", "Insta", "Exhorta", "Acoge con beneplácito", "Reafirma",
	"Solicita", "Alienta", "Pide", "Reconoce", "Subraya", "Toma nota",
	"Invita", "Expresa su profunda preocupación", "Observa con reconocimiento",
	"Exhorta encarecidamente", "Recomienda", "Condena enérgicamente",
	"Hace un llamamiento", "Destaca", "Afirma", "Encomia", "Reitera",
};

static const char *const title_heads[] = {
	"Cooperación internacional para", "Avances en la esfera de",
	"Fortalecimiento de la coordinación de", "Promoción y protección de",
	"Medidas para", "Aplicación de la Declaración sobre",
	"Informe del Consejo sobre", "Situación de", "Examen de",
	"Hacia un marco mundial de", "Cuestión de", "Asistencia para",
};

static const char *const committees[] = {
	"Primera Comisión", "Segunda Comisión", "Tercera Comisión",
	"Comisión Política Especial y de Descolonización (Cuarta Comisión)",
	"Quinta Comisión", "Sexta Comisión",
};

static const char *const months[] = {
	"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	"agosto", "septiembre", "octubre", "noviembre", "diciembre",
};

static const char *const syllables[40] = {
	"ba", "ca", "da", "fa", "ga", "la", "ma", "na", "pa", "ra",
	"sa", "ta", "be", "ce", "de", "fe", "le", "me", "ne", "pe",
	"re", "se", "te", "bi", "ci", "di", "li", "mi", "ni", "pi",
	"ri", "si", "ti", "bo", "co", "do", "lo", "mo", "no", "po",
};

/* No ending is a syllable followed by another ending, which keeps the
 * pseudo-words distinct. */
static const char *const endings[] = {
	"ción", "dad", "miento", "ante", "ismo", "ico", "ía", "ero", "al",
	"ivo", "oso", "ista", "ar", "ente", "ura", "ón",
};

static const char *const unit_ordinals[10] = {
	"", "primer", "segundo", "tercer", "cuarto", "quinto", "sexto",
	"séptimo", "octavo", "noveno",
};

static const char *const ten_ordinals[10] = {
	"", "décimo", "vigésimo", "trigésimo", "cuadragésimo", "quincuagésimo",
	"sexagésimo", "septuagésimo", "octogésimo", "nonagésimo",
};

static const char *const teen_ordinals[10] = {
	"décimo", "undécimo", "duodécimo", "decimotercer", "decimocuarto",
	"decimoquinto", "decimosexto", "decimoséptimo", "decimoctavo",
	"decimonoveno",
};

#define COUNT(a) (sizeof (a) / sizeof *(a))

struct rng {
	uint64_t state;
};

/* splitmix64 (Steele, Lea, Flood 2014). */
static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int rng_range(struct rng *r, int lo, int hi)
{
	return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

struct vocab {
	const char **words; /* VOCAB_SIZE entries; pseudo-words live in arena */
	uint64_t *cdf;      /* cdf[i]: total weight of ranks 0..i */
	struct buf arena;
};

static void vocab_init(struct vocab *v)
{
	size_t n_real = COUNT(real_words), k, *offs;
	uint64_t sum = 0;

	v->words = xmalloc(VOCAB_SIZE * sizeof *v->words);
	v->cdf = xmalloc(VOCAB_SIZE * sizeof *v->cdf);
	buf_init(&v->arena);
	offs = xmalloc(VOCAB_SIZE * sizeof *offs);
	for (k = n_real; k < VOCAB_SIZE; k++) {
		size_t i = k - n_real;
		offs[k] = v->arena.len;
		if (i >= 1600)
			buf_append_str(&v->arena, syllables[i / 1600 % 40]);
		buf_append_str(&v->arena, syllables[i / 40 % 40]);
		buf_append_str(&v->arena, syllables[i % 40]);
		buf_append_str(&v->arena, endings[i / 7 % COUNT(endings)]);
		buf_append_byte(&v->arena, '\0');
	}
	for (k = 0; k < VOCAB_SIZE; k++) {
		v->words[k] = k < n_real ? real_words[k] : v->arena.data + offs[k];
		sum += ZIPF_SCALE / (k + 1);
		v->cdf[k] = sum;
	}
	free(offs);
}

static void vocab_release(struct vocab *v)
{
	free(v->words);
	free(v->cdf);
	buf_release(&v->arena);
}

/* A word drawn with probability proportional to 1 / rank. */
static const char *vocab_draw(const struct vocab *v, struct rng *r)
{
	uint64_t x = rng_next(r) % v->cdf[VOCAB_SIZE - 1];
	size_t lo = 0, hi = VOCAB_SIZE - 1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v->cdf[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return v->words[lo];
}

/* Append n words of running text, with the odd phrase and (if commas)
 * the odd comma. */
static void gen_words(const struct vocab *v, struct rng *r, struct buf *b,
                      int n, int commas)
{
	for (int i = 0; i < n; i++) {
		uint64_t x = rng_next(r);
		buf_append_byte(b, ' ');
		if (x % 40 == 0)
			buf_append_str(b, phrases[(x >> 8) % COUNT(phrases)]);
		else
			buf_append_str(b, vocab_draw(v, r));
		if (commas && i + 1 < n && (x >> 16) % 14 == 0)
			buf_append_byte(b, ',');
	}
}

/* "Septuagésimo cuarto", capitalised. */
static void gen_ordinal(struct buf *b, int n)
{
	size_t at = b->len;

	if (n >= 100) {
		buf_append_str(b, "centésimo ");
		n %= 100;
	}
	if (n >= 10 && n < 20) {
		buf_append_str(b, teen_ordinals[n - 10]);
	} else {
		buf_append_str(b, ten_ordinals[n / 10]);
		if (n >= 20 && n % 10)
			buf_append_byte(b, ' ');
		buf_append_str(b, unit_ordinals[n % 10]);
	}
	if (b->len > at && b->data[at] >= 'a' && b->data[at] <= 'z')
		b->data[at] -= 32;
}

/* The header and opening of a resolution up to "La Asamblea General,". */
static void gen_header(struct rng *r, struct buf *b, int session, int number,
                       int agenda_item, const char *title, int day,
                       const char *month)
{
	int year = FIRST_YEAR + session;

	buf_append_str(b, "\n\n\n\n");
	gen_ordinal(b, session);
	buf_printf(b, " período de sesiones\nTema %d del programa\n%s\n\n",
	           agenda_item, title);
	buf_printf(b, "Resolución aprobada por la Asamblea General el %d de %s de %d\n\n",
	           day, month, year);
	if (rng_next(r) % 6 == 0)
		buf_printf(b, "[sin remisión previa a una Comisión Principal (A/%d/L.%d)]\n\n",
		           session, rng_range(r, 1, 80));
	else
		buf_printf(b, "[sobre la base del informe de la %s (A/%d/%d)]\n\n",
		           committees[rng_next(r) % COUNT(committees)], session,
		           rng_range(r, 100, 999));
	buf_printf(b, "%d/%d. %s\n\nLa Asamblea General,\n\n", session, number, title);
}

/* A title: a head, a few words and a phrase. */
static void gen_title(const struct vocab *v, struct rng *r, struct buf *title)
{
	buf_append_str(title, title_heads[rng_next(r) % COUNT(title_heads)]);
	gen_words(v, r, title, rng_range(r, 2, 6), 0);
	buf_append_str(title, " ");
	buf_append_str(title, phrases[rng_next(r) % COUNT(phrases)]);
}

/* One whole resolution, session/number given, into b. */
static void gen_resolution(const struct vocab *v, struct rng *r, struct buf *b,
                           int session, int number)
{
	int year = FIRST_YEAR + session, day = rng_range(r, 1, 28);
	const char *month = months[rng_range(r, 8, 11)];
	int n_pp = rng_range(r, 5, 20), n_op = rng_range(r, 3, 25);
	struct buf title = BUF_INIT;

	gen_title(v, r, &title);
	gen_header(r, b, session, number, rng_range(r, 1, 180), title.data, day, month);
	buf_release(&title);

	for (int i = 0; i < n_pp; i++) {
		buf_append_str(b, pp_openers[rng_next(r) % COUNT(pp_openers)]);
		gen_words(v, r, b, rng_range(r, 12, 90), 1);
		buf_append_str(b, ",\n\n");
	}
	for (int i = 1; i <= n_op; i++) {
		int subs = rng_next(r) % 5 == 0 ? rng_range(r, 2, 5) : 0;
		buf_printf(b, "%d. *%s*", i, op_verbs[rng_next(r) % COUNT(op_verbs)]);
		gen_words(v, r, b, rng_range(r, 10, 110), 1);
		buf_append_str(b, subs ? ":\n\n" : i == n_op ? ".\n\n" : ";\n\n");
		for (int s = 0; s < subs; s++) {
			buf_printf(b, "%c)", 'a' + s);
			gen_words(v, r, b, rng_range(r, 6, 40), 1);
			buf_append_str(b, s + 1 == subs && i == n_op ? ".\n\n" : ";\n\n");
		}
	}
	buf_printf(b, "*%dª sesión plenaria\n%d de %s de %d*\n",
	           rng_range(r, 1, 120), day, month, year);
}

/* mkdir -p. */
static int make_dirs(const char *path, struct errbuf *eb)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			rc = errbuf_set(eb, ERR_IO, "mkdir %s: %s", p, strerror(errno));
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}

static int write_file(const char *path, const struct buf *b, struct errbuf *eb)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return errbuf_set(eb, ERR_IO, "%s: %s", path, strerror(errno));
	if (fwrite(b->data, 1, b->len, f) != b->len) {
		int e = errno;
		fclose(f);
		return errbuf_set(eb, ERR_IO, "write %s: %s", path, strerror(e));
	}
	if (fclose(f) != 0)
		return errbuf_set(eb, ERR_IO, "close %s: %s", path, strerror(errno));
	return 0;
}

/* ---- series: one resolution re-adopted session after session ---- */

#define SERIES_FIRST_NUMBER 9000 /* series resolution numbers: 9000 + series */
#define SERIES_MAX_CLAUSES 128   /* a version stops growing here */
#define SERIES_MAX_VERSIONS 40

/* A clause of a series resolution. id is its identity across versions
 * (the truth the lineage tests check alignments against). */
struct sclause {
	int id;
	int operative;     /* 0 preambular, 1 operative */
	const char *verb;  /* opener or emphasised verb, never edited */
	char *words;       /* the rest: " w w, w ..." as gen_words writes it */
};

struct series_version {
	struct sclause *c;
	size_t n;
	int session, day;
	const char *month;
};

/* Edit the words of a clause k times: replace, insert or delete a word. */
static void edit_words(const struct vocab *v, struct rng *r, struct sclause *c, int k)
{
	for (int e = 0; e < k; e++) {
		struct buf out = BUF_INIT;
		size_t n = 1, at, i = 0;
		int op = rng_range(r, 0, 2);
		const char *p;

		for (p = c->words; *p; p++)
			n += *p == ' ';
		at = (size_t)rng_range(r, 1, (int)n - 1); /* word index, 1-based */
		for (p = c->words; *p;) {
			const char *w = p + 1, *end = strchr(w, ' ');
			if (!end)
				end = w + strlen(w);
			i++;
			if (i == at && op != 2)
				buf_printf(&out, " %s", vocab_draw(v, r));
			if (i != at || op == 1)
				buf_printf(&out, " %.*s", (int)(end - w), w);
			p = end;
		}
		free(c->words);
		c->words = buf_detach(&out, NULL);
	}
}

static void new_clause(const struct vocab *v, struct rng *r, struct sclause *c,
                       int id, int operative)
{
	struct buf w = BUF_INIT;

	c->id = id;
	c->operative = operative;
	c->verb = operative ? op_verbs[rng_next(r) % COUNT(op_verbs)]
	                    : pp_openers[1 + rng_next(r) % (COUNT(pp_openers) - 1)];
	gen_words(v, r, &w, operative ? rng_range(r, 10, 60) : rng_range(r, 12, 50), 1);
	c->words = buf_detach(&w, NULL);
}

/* The labels the parser gives: PPn by position, OPn by number. */
static void clause_label(const struct series_version *sv, size_t k, char out[16])
{
	int n = 0;

	for (size_t i = 0; i <= k; i++)
		n += sv->c[i].operative == sv->c[k].operative;
	snprintf(out, 16, "%s%d", sv->c[k].operative ? "OP" : "PP", n);
}

/* The next version from prev: clauses dropped, edited a few words at a
 * time, inserted; the order kept. status[k]: "new", "unchanged" or
 * "edited"; edits[k]: words edited. */
static void series_next(const struct vocab *v, struct rng *r,
                        const struct series_version *prev, struct series_version *cur,
                        int *next_id, const char **status, int *edits)
{
	int dropped = 0;
	size_t last_from = SIZE_MAX; /* cur's clause copied from prev's last */

	cur->n = 0;
	for (size_t i = 0; i < prev->n; i++) {
		const struct sclause *p = &prev->c[i];
		struct sclause *c = &cur->c[cur->n];
		uint64_t x = rng_next(r) % 100;
		if (p->id == 0) { /* the citing clause: the caller rewrites it */
			*c = (struct sclause){ 0, 0, p->verb, xstrdup(p->words) };
			cur->n++;
			continue;
		}
		if (x >= 88 && cur->n + 3 >= SERIES_MAX_CLAUSES)
			x = 0; /* full: no insertion */
		if (x < 12 && dropped < 2 && prev->n > 6) {
			dropped++;
			continue;
		}
		if (x >= 88) { /* a new clause before this one */
			new_clause(v, r, c, (*next_id)++, p->operative);
			status[cur->n] = "new";
			edits[cur->n++] = 0;
			c = &cur->c[cur->n];
		}
		*c = (struct sclause){ p->id, p->operative, p->verb, xstrdup(p->words) };
		edits[cur->n] = x >= 55 && x < 88 ? rng_range(r, 1, 3) : 0;
		status[cur->n] = edits[cur->n] ? "edited" : "unchanged";
		edit_words(v, r, c, edits[cur->n]);
		if (i + 1 == prev->n)
			last_from = cur->n;
		cur->n++;
	}
	/* The last operative paragraph ends in '.', the others in ';': a
	 * paragraph that stops or starts being the last is edited by one
	 * character. */
	for (size_t k = 0; k < cur->n; k++)
		if (cur->c[k].operative && (k == last_from) != (k + 1 == cur->n) &&
		    strcmp(status[k], "unchanged") == 0) {
			status[k] = "edited";
			edits[k] = 1;
		}
}

static void version_release(struct series_version *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->c[i].words);
	sv->n = 0;
}

/* Set the words of clause id 0, the "Recordando su resolución" opening
 * every version after the first: the predecessor, and now and then the
 * one before it too. */
static void cite_words(struct rng *r, struct sclause *c, int number,
                       const struct series_version *prev,
                       const struct series_version *prev2)
{
	struct buf w = BUF_INIT;

	if (prev2 && rng_next(r) % 2)
		buf_printf(&w, " sus resoluciones %d/%d, de %d de %s de %d, y %d/%d, de %d de %s de %d",
		           prev2->session, number, prev2->day, prev2->month,
		           FIRST_YEAR + prev2->session, prev->session, number, prev->day,
		           prev->month, FIRST_YEAR + prev->session);
	else
		buf_printf(&w, " su resolución %d/%d, de %d de %s de %d", prev->session,
		           number, prev->day, prev->month, FIRST_YEAR + prev->session);
	free(c->words);
	c->words = buf_detach(&w, NULL);
}

/* Version sv as a resolution file into b, and its truth lines: per clause
 * "clause SYMBOL LABEL ID STATUS EDITS", per citation "cite SYMBOL LABEL
 * CITED". */
static void series_render(struct rng *r, struct buf *b, const struct series_version *sv,
                          int number, int agenda_item, const char *title,
                          const char *const *status, const int *edits,
                          struct buf *truth)
{
	char label[16];

	gen_header(r, b, sv->session, number, agenda_item, title, sv->day, sv->month);
	for (size_t k = 0, op = 0; k < sv->n; k++) {
		const struct sclause *c = &sv->c[k];
		clause_label(sv, k, label);
		if (c->operative)
			buf_printf(b, "%zu. *%s*%s%s\n\n", ++op, c->verb, c->words,
			           k + 1 == sv->n ? "." : ";");
		else
			buf_printf(b, "%s%s,\n\n", c->verb, c->words);
		buf_printf(truth, "clause\t%d/%d\t%s\t%d\t%s\t%d\n", sv->session, number,
		           label, c->id, status[k], edits[k]);
		if (c->id == 0) /* the citing clause: "NN/number" twice at most */
			for (const char *p = c->words; (p = strchr(p, '/')); p++) {
				const char *q = p;
				while (q > c->words && q[-1] >= '0' && q[-1] <= '9')
					q--;
				buf_printf(truth, "cite\t%d/%d\t%s\t%.*s/%d\n", sv->session,
				           number, label, (int)(p - q), q, number);
			}
	}
	buf_printf(b, "*%dª sesión plenaria\n%d de %s de %d*\n", rng_range(r, 1, 120),
	           sv->day, sv->month, FIRST_YEAR + sv->session);
}

/* n_series series of n_versions versions under dir/series/, truth in
 * dir/series-truth.tsv ("series ID SYMBOL..." lines and series_render's). */
static int gen_series(const struct vocab *v, struct rng *r, const char *dir,
                      int n_series, int n_versions, size_t *files, struct errbuf *eb)
{
	struct buf doc = BUF_INIT, path = BUF_INIT, truth = BUF_INIT, title = BUF_INIT;
	struct series_version ver[3];  /* current, previous, the one before */
	size_t cap = SERIES_MAX_CLAUSES;
	const char **status = xmalloc(cap * sizeof *status);
	int *edits = xmalloc(cap * sizeof *edits), rc = 0;

	for (int i = 0; i < 3; i++)
		ver[i] = (struct series_version){ xcalloc(cap, sizeof *ver[i].c), 0, 0, 0, NULL };
	buf_printf(&path, "%s/series", dir);
	rc = make_dirs(path.data, eb);
	for (int s = 0; s < n_series && !rc; s++) {
		int number = SERIES_FIRST_NUMBER + s, next_id = 1;
		int first = 1 + (int)(rng_next(r) % (uint64_t)(MAX_SESSION - n_versions));
		int agenda_item = rng_range(r, 1, 180);

		buf_reset(&title);
		gen_title(v, r, &title);
		buf_printf(&truth, "series\t%d", s);
		for (int k = 0; k < n_versions; k++)
			buf_printf(&truth, "\t%d/%d", first + k, number);
		buf_append_str(&truth, "\n");
		for (int k = 0; k < n_versions && !rc; k++) {
			struct series_version *cur = &ver[k % 3], *prev = &ver[(k + 2) % 3];
			struct series_version *prev2 = &ver[(k + 1) % 3];
			version_release(cur);
			cur->session = first + k;
			cur->day = rng_range(r, 1, 28);
			cur->month = months[rng_range(r, 8, 11)];
			if (k == 0) {
				int n_pp = rng_range(r, 4, 9), n_op = rng_range(r, 4, 12);
				for (int i = 0; i < n_pp + n_op; i++) {
					new_clause(v, r, &cur->c[cur->n], next_id++, i >= n_pp);
					status[cur->n] = "new";
					edits[cur->n++] = 0;
				}
			} else {
				series_next(v, r, prev, cur, &next_id, status, edits);
				if (cur->c[0].id != 0) { /* version 2: the citing clause is new */
					memmove(cur->c + 1, cur->c, cur->n * sizeof *cur->c);
					memmove(status + 1, status, cur->n * sizeof *status);
					memmove(edits + 1, edits, cur->n * sizeof *edits);
					cur->c[0] = (struct sclause){ 0, 0, "Recordando", NULL };
					status[0] = "new";
					edits[0] = 0;
					cur->n++;
				} else {
					status[0] = "edited";
					edits[0] = -1; /* the symbols and dates it cites change */
				}
				cite_words(r, &cur->c[0], number, prev, k >= 2 ? prev2 : NULL);
			}
			buf_reset(&doc);
			series_render(r, &doc, cur, number, agenda_item, title.data, status,
			              edits, &truth);
			buf_reset(&path);
			buf_printf(&path, "%s/series/A_RES_%d_%d.txt", dir, cur->session, number);
			if (!(rc = write_file(path.data, &doc, eb)))
				++*files;
		}
	}
	if (!rc) {
		buf_reset(&path);
		buf_printf(&path, "%s/series-truth.tsv", dir);
		rc = write_file(path.data, &truth, eb);
	}
	for (int i = 0; i < 3; i++) {
		version_release(&ver[i]);
		free(ver[i].c);
	}
	free(status);
	free(edits);
	buf_release(&doc);
	buf_release(&path);
	buf_release(&truth);
	buf_release(&title);
	return rc;
}

/* Write resolutions under dir until `bytes` have been written. */
static int gencorpus_run(const char *dir, uint64_t seed, uint64_t bytes,
                         int n_series, int n_versions, size_t *files,
                         struct errbuf *eb)
{
	struct rng r = { seed }, rs = { seed ^ UINT64_C(0x5e21e5) };
	struct vocab v;
	struct buf doc = BUF_INIT, path = BUF_INIT;
	int counters[MAX_SESSION + 1] = {0}, rc = 0;
	uint64_t written = 0;

	vocab_init(&v);
	*files = 0;
	if (n_series)
		rc = gen_series(&v, &rs, dir, n_series, n_versions, files, eb);
	while (written < bytes && rc == 0) {
		int session = rng_range(&r, 1, MAX_SESSION);
		int number = ++counters[session];
		buf_reset(&doc);
		gen_resolution(&v, &r, &doc, session, number);
		buf_reset(&path);
		buf_printf(&path, "%s/%d", dir, session);
		if (number == 1 && (rc = make_dirs(path.data, eb)) < 0)
			break;
		buf_printf(&path, "/A_RES_%d_%d.txt", session, number);
		rc = write_file(path.data, &doc, eb);
		written += doc.len;
		++*files;
	}
	buf_release(&doc);
	buf_release(&path);
	vocab_release(&v);
	return rc;
}

static const struct cli_option options[] = {
	{'o', "output", CLI_REQUIRED, "DIR", "write the files under DIR"},
	{'s', "seed", CLI_REQUIRED, "N", "seed of the generator (default 1)"},
	{'m', "megabytes", CLI_REQUIRED, "N", "stop after N MiB (default 10)"},
	{0, "series", CLI_REQUIRED, "N", "also N series under DIR/series, truth in DIR/series-truth.tsv"},
	{0, "versions", CLI_REQUIRED, "N", "versions (sessions) of each series (default 6)"},
	{'h', "help", CLI_FLAG, NULL, "show this help"},
	{0, NULL, 0, NULL, NULL},
};

/* Parse a non-negative decimal option value. */
static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 10);
	return *s >= '0' && *s <= '9' && *end == '\0' && errno == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static const char usage[] = "gencorpus -o DIR [-s SEED] [-m MEGABYTES] [--series N [--versions N]]";
	struct cli_result cr;
	struct errbuf eb;
	uint64_t seed = 1, mb = 10, n_series = 0, n_versions = 6;
	const char *dir, *s;
	size_t files;

	if (cli_parse(options, argc, argv, &cr, &eb) < 0) {
		fprintf(stderr, "gencorpus: %s\nusage: %s\n", eb.msg, usage);
		return 2;
	}
	if (cr.values[cli_index(options, "help")]) {
		cli_print_help(options, usage, stdout);
		cli_result_release(&cr);
		return 0;
	}
	dir = cr.values[cli_index(options, "output")];
	if ((s = cr.values[cli_index(options, "seed")]) && parse_u64(s, &seed) < 0) {
		fprintf(stderr, "gencorpus: bad seed '%s'\n", s);
		return 2;
	}
	if ((s = cr.values[cli_index(options, "megabytes")]) &&
	    (parse_u64(s, &mb) < 0 || mb > (UINT64_C(1) << 40))) {
		fprintf(stderr, "gencorpus: bad size '%s'\n", s);
		return 2;
	}
	if (((s = cr.values[cli_index(options, "series")]) &&
	     (parse_u64(s, &n_series) < 0 || n_series > 1000)) ||
	    ((s = cr.values[cli_index(options, "versions")]) &&
	     (parse_u64(s, &n_versions) < 0 || n_versions < 1 ||
	      n_versions > SERIES_MAX_VERSIONS))) {
		fprintf(stderr, "gencorpus: bad --series or --versions '%s'\n", s);
		return 2;
	}
	if (!dir || cr.n_operands) {
		fprintf(stderr, "usage: %s\n", usage);
		return 2;
	}
	if (make_dirs(dir, &eb) < 0 ||
	    gencorpus_run(dir, seed, mb << 20, (int)n_series, (int)n_versions, &files,
	                  &eb) < 0) {
		fprintf(stderr, "gencorpus: %s\n", eb.msg);
		cli_result_release(&cr);
		return 1;
	}
	printf("gencorpus: wrote %zu files (%llu MiB) to %s\n", files,
	       (unsigned long long)mb, dir);
	cli_result_release(&cr);
	return 0;
}
