/* gencorpus.c: writes a deterministic synthetic corpus of Spanish UN resolutions for scale tests.
 *
 *   gencorpus -o DIR -s SEED -m MEGABYTES
 *
 * Files look like corpus/A_RES_74_29.txt and are named
 * DIR/<session>/A_RES_<session>_<n>.txt; generation stops once MEGABYTES MiB
 * have been written. Words come from a vocabulary of VOCAB_SIZE entries
 * (real Spanish UN vocabulary first, then generated pseudo-words) drawn with
 * a Zipf distribution of exponent 1, so term statistics look natural. The
 * output depends only on the seed: the PRNG is splitmix64 and the Zipf table
 * is built in integer arithmetic, so every machine writes the same bytes. */
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

/* One whole resolution, session/number given, into b. */
static void gen_resolution(const struct vocab *v, struct rng *r, struct buf *b,
                           int session, int number)
{
	int year = FIRST_YEAR + session, day = rng_range(r, 1, 28);
	const char *month = months[rng_range(r, 8, 11)];
	int n_pp = rng_range(r, 5, 20), n_op = rng_range(r, 3, 25);
	struct buf title = BUF_INIT;

	buf_append_str(&title, title_heads[rng_next(r) % COUNT(title_heads)]);
	gen_words(v, r, &title, rng_range(r, 2, 6), 0);
	buf_append_str(&title, " ");
	buf_append_str(&title, phrases[rng_next(r) % COUNT(phrases)]);

	buf_append_str(b, "\n\n\n\n");
	gen_ordinal(b, session);
	buf_printf(b, " período de sesiones\nTema %d del programa\n%s\n\n",
	           rng_range(r, 1, 180), title.data);
	buf_printf(b, "Resolución aprobada por la Asamblea General el %d de %s de %d\n\n",
	           day, month, year);
	if (rng_next(r) % 6 == 0)
		buf_printf(b, "[sin remisión previa a una Comisión Principal (A/%d/L.%d)]\n\n",
		           session, rng_range(r, 1, 80));
	else
		buf_printf(b, "[sobre la base del informe de la %s (A/%d/%d)]\n\n",
		           committees[rng_next(r) % COUNT(committees)], session,
		           rng_range(r, 100, 999));
	buf_printf(b, "%d/%d. %s\n\nLa Asamblea General,\n\n", session, number, title.data);
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

/* Write resolutions under dir until `bytes` have been written. */
static int gencorpus_run(const char *dir, uint64_t seed, uint64_t bytes,
                         size_t *files, struct errbuf *eb)
{
	struct rng r = { seed };
	struct vocab v;
	struct buf doc = BUF_INIT, path = BUF_INIT;
	int counters[MAX_SESSION + 1] = {0}, rc = 0;
	uint64_t written = 0;

	vocab_init(&v);
	*files = 0;
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
	static const char usage[] = "gencorpus -o DIR [-s SEED] [-m MEGABYTES]";
	struct cli_result cr;
	struct errbuf eb;
	uint64_t seed = 1, mb = 10;
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
	if (!dir || cr.n_operands) {
		fprintf(stderr, "usage: %s\n", usage);
		return 2;
	}
	if (make_dirs(dir, &eb) < 0 ||
	    gencorpus_run(dir, seed, mb << 20, &files, &eb) < 0) {
		fprintf(stderr, "gencorpus: %s\n", eb.msg);
		cli_result_release(&cr);
		return 1;
	}
	printf("gencorpus: wrote %zu files (%llu MiB) to %s\n", files,
	       (unsigned long long)mb, dir);
	cli_result_release(&cr);
	return 0;
}
