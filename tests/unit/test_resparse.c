/* test_resparse.c: the resolution parser on the real corpus, damaged inputs,
 * generated files and every document shape of tests/shapes/. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "harness.h"
#include "reference.h"
#include "resparse.h"
#include "resread.h"
#include "xalloc.h"

#define MAX_WARNINGS 16

/* Warnings and notices, counted apart; msg and line keep both in order. */
struct warnings {
	int count, notices, kept;
	uint32_t line[MAX_WARNINGS];
	char msg[MAX_WARNINGS][160];
};

static void collect(void *ctx, enum resparse_level level, uint32_t line,
                    const char *message)
{
	struct warnings *w = ctx;

	if (w->kept < MAX_WARNINGS) {
		w->line[w->kept] = line;
		snprintf(w->msg[w->kept], sizeof w->msg[0], "%s", message);
		w->kept++;
	}
	if (level == RESPARSE_NOTICE)
		w->notices++;
	else
		w->count++;
}

/* Index of the first warning containing s, or -1. */
static int warning_find(const struct warnings *w, const char *s)
{
	for (int i = 0; i < w->kept; i++)
		if (strstr(w->msg[i], s))
			return i;
	return -1;
}

/* Read a whole file; NULL if it cannot be read. The caller frees. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	buf_append(&b, "", 0);
	return buf_detach(&b, len);
}

static char *slurp_corpus(const char *name, size_t *len)
{
	char path[1024];

	snprintf(path, sizeof path, "%s/%s", harness_corpus_dir(), name);
	return slurp(path, len);
}

static const struct clause *find_label(const struct resolution *r, const char *label)
{
	for (size_t i = 0; i < r->n_clauses; i++)
		if (strcmp(r->clauses[i].label, label) == 0)
			return &r->clauses[i];
	return NULL;
}

/* 1 if clause c's text starts with prefix. */
static int text_starts(const struct resolution *r, const struct clause *c,
                       const char *prefix)
{
	size_t n = strlen(prefix);

	return c && c->text_len >= n && memcmp(r->text + c->text_start, prefix, n) == 0;
}

static int range_is(const struct resolution *r, const struct clause *c,
                    size_t start, size_t len, const char *want)
{
	return c && len == strlen(want) &&
	       memcmp(r->text + c->text_start + start, want, len) == 0;
}

static int parse(const char *data, size_t len, struct resolution *r,
                 struct warnings *w)
{
	struct errbuf eb;

	memset(w, 0, sizeof *w);
	return resparse_parse(data, len, r, collect, w, &eb);
}

/* The labels of r joined by spaces, for whole-sequence comparisons. */
static void labels_join(const struct resolution *r, struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i < r->n_clauses; i++) {
		if (i)
			buf_append_byte(out, ' ');
		buf_append_str(out, r->clauses[i].label);
	}
	buf_append(out, "", 0);
}

static const char labels_74_29[] =
	"Header Header Header Title Intro PP1 PP2 PP3 PP4 PP5 PP6 PP7 PP8 PP9 "
	"PP10 PP11 PP12 OP1 OP2 OP3 Footer";

static void check_74_29(struct harness *h, const struct resolution *r)
{
	const struct clause *c;
	struct buf labels = BUF_INIT;

	CHECK_INT_EQ(h, r->is_resolution, 1);
	CHECK_STR_EQ(h, r->symbol, "A/RES/74/29");
	CHECK_INT_EQ(h, r->session, 74);
	CHECK_STR_EQ(h, r->date, "2019-12-12");
	CHECK_INT_EQ(h, r->agenda_item, 93);
	CHECK_STR_EQ(h, r->report, "A/74/363");
	CHECK_STR_EQ(h, r->committee, "Primera Comisión");
	CHECK_INT_EQ(h, r->meeting, 46);
	CHECK_STR_EQ(h, r->title, "Avances en la esfera de la información y las "
	             "telecomunicaciones en el contexto de la seguridad internacional");
	labels_join(r, &labels);
	CHECK_STR_EQ(h, labels.data, labels_74_29);
	buf_release(&labels);

	c = find_label(r, "PP7");
	CHECK(h, text_starts(r, c, "Observando que la creación de capacidad"));
	CHECK(h, c && c->kind == CLAUSE_PREAMBULAR);
	CHECK(h, c && range_is(r, c, c->verb_start, c->verb_len, "Observando"));
	c = find_label(r, "PP1");
	CHECK(h, c && c->line == 17);
	c = find_label(r, "OP1");
	CHECK(h, c && c->kind == CLAUSE_OPERATIVE);
	CHECK(h, text_starts(r, c, "1. Acoge con beneplácito el inicio"));
	CHECK(h, c && range_is(r, c, c->emph_start, c->emph_len, "Acoge con beneplácito"));
	CHECK(h, c && range_is(r, c, c->verb_start, c->verb_len, "Acoge"));
	c = find_label(r, "OP3");
	CHECK(h, c && range_is(r, c, c->verb_start, c->verb_len, "Decide"));
	c = find_label(r, "Footer");
	CHECK(h, text_starts(r, c, "46ª sesión plenaria\n12 de diciembre de 2019"));
	CHECK(h, c && c->text_len == strlen("46ª sesión plenaria\n12 de diciembre de 2019"));
	CHECK(h, find_label(r, "Intro") && find_label(r, "Intro")->kind == CLAUSE_INTRO);
	CHECK(h, memchr(r->text, '*', r->text_len) == NULL);
	CHECK(h, memchr(r->text, '\r', r->text_len) == NULL);
}

static void test_res_74_29(struct harness *h)
{
	size_t len;
	char *data = slurp_corpus("A_RES_74_29.txt", &len);
	struct resolution r;
	struct warnings w;

	CHECK(h, data != NULL);
	if (!data)
		return;
	CHECK_INT_EQ(h, parse(data, len, &r, &w), 0);
	CHECK_INT_EQ(h, w.count, 0);
	check_74_29(h, &r);
	resolution_release(&r);
	free(data);
}

static void test_udhr(struct harness *h)
{
	size_t len;
	char *data = slurp_corpus("A_RES_217_A_III.txt", &len);
	struct resolution r;
	struct warnings w;
	const struct clause *c;
	char label[CLAUSE_LABEL_MAX];
	static const char *const subs[] = {
		"Art.11.1", "Art.11.2", "Art.13.1", "Art.13.2", "Art.14.1",
		"Art.14.2", "Art.15.1", "Art.15.2", "Art.16.3", "Art.21.3",
		"Art.23.1", "Art.23.2", "Art.23.3", "Art.23.4", "Art.29.3",
	};

	CHECK(h, data != NULL);
	if (!data)
		return;
	CHECK_INT_EQ(h, parse(data, len, &r, &w), 0);
	CHECK_INT_EQ(h, w.count, 0);
	CHECK_INT_EQ(h, r.is_resolution, 1);
	CHECK_STR_EQ(h, r.symbol, "A/RES/217 A (III)");
	CHECK_INT_EQ(h, r.session, 3);
	CHECK_STR_EQ(h, r.date, "1948-12-10");
	CHECK_INT_EQ(h, r.meeting, 183);
	CHECK_STR_EQ(h, r.title, "Declaración Universal de Derechos Humanos");
	CHECK(h, r.committee == NULL && r.report == NULL && r.agenda_item == 0);
	for (int a = 1; a <= 30; a++) {
		snprintf(label, sizeof label, "Art.%d", a);
		c = find_label(&r, label);
		if (!c) {
			snprintf(label, sizeof label, "Art.%d.1", a);
			c = find_label(&r, label);
		}
		CHECK(h, c != NULL && c->kind == CLAUSE_ARTICLE);
	}
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
		CHECK(h, find_label(&r, subs[i]) != NULL);
	CHECK(h, find_label(&r, "Art.11") == NULL);
	CHECK(h, text_starts(&r, find_label(&r, "Art.11.2"), "2. Nadie será condenado"));
	/* "Artículo 1" is the label of its article, not a clause: its text
	 * opens the article's first paragraph. */
	CHECK(h, text_starts(&r, find_label(&r, "Art.1"),
	                     "Artículo 1\nTodos los seres humanos nacen libres"));
	CHECK(h, text_starts(&r, find_label(&r, "Art.11.1"), "Artículo 11\n1. Toda persona"));
	for (size_t i = 0; i < r.n_clauses; i++)
		CHECK(h, !(r.clauses[i].kind == CLAUSE_HEADING &&
		           text_starts(&r, &r.clauses[i], "Artículo")));
	/* Artículo 2 has two unnumbered paragraphs. */
	c = find_label(&r, "Art.2");
	CHECK(h, c && text_starts(&r, c + 1, "Además, no se hará") &&
	      strcmp(c[1].label, "Art.2") == 0);
	CHECK(h, find_label(&r, "PP7") && !find_label(&r, "PP8"));
	c = find_label(&r, "PP1");
	CHECK(h, c && range_is(&r, c, c->verb_start, c->verb_len, "Considerando"));
	c = find_label(&r, "OP1");
	CHECK(h, text_starts(&r, c, "Proclama la presente Declaración"));
	CHECK(h, c && range_is(&r, c, c->verb_start, c->verb_len, "Proclama"));
	CHECK(h, c && c->emph_start == 0 && c->emph_len == strlen("Proclama"));
	c = find_label(&r, "Heading");
	CHECK(h, text_starts(&r, c, "Preámbulo"));
	CHECK(h, text_starts(&r, find_label(&r, "Title"), "217 A (III). Declaración"));
	CHECK(h, memchr(r.text, '*', r.text_len) == NULL);
	resolution_release(&r);
	free(data);
}

/* Header variants: ordinals, committees, no-committee, footer spellings. */
static void test_header_variants(struct harness *h)
{
	static const struct {
		const char *text;
		int session, meeting;
		const char *committee, *report, *date, *symbol;
	} cases[] = {
		{"Tercer período de sesiones\n\n12 (III). Algo\n\n*100a. sesión plenaria\n1 de mayo de 1949*\n",
		 3, 100, NULL, NULL, "1949-05-01", "A/RES/12 (III)"},
		{"DECIMOTERCER PERIODO DE SESIONES\n\n[sobre la base del informe de la Comisión Política "
		 "Especial y de Descolonización (Cuarta Comisión) (A/13/55)]\n\n13/5. Título\n\nLa Asamblea General,\n\n"
		 "*7.ª sesión plenaria\n3 de marzo de 1959*\n",
		 13, 7, "Comisión Política Especial y de Descolonización (Cuarta Comisión)", "A/13/55",
		 "1959-03-03", "A/RES/13/5"},
		{"Vigésimo primer período de sesiones\nTema 5 del programa\nUn título\n\nResolución aprobada "
		 "por la Asamblea General el 1 de octubre de 1966\n\n[sin remisión previa a una Comisión "
		 "Principal (A/21/L.5)]\n\n21/3. Un título\n",
		 21, 0, NULL, NULL, "1966-10-01", "A/RES/21/3"},
		{"Centésimo undécimo período de sesiones\n\n[sobre la base del informe de la Sexta Comisión "
		 "(A/111/9)]\n\n111/2 B. Otro\n",
		 111, 0, "Sexta Comisión", "A/111/9", "", "A/RES/111/2 B"},
		{"Decimoctavo periodo de sesiones\n\n12/1.\n\n*Decide* algo.\n",
		 18, 0, NULL, NULL, "", "A/RES/12/1"},
		/* The symbol written whole, as the emergency sessions' ODS copies do. */
		{"Décimo período extraordinario de sesiones de emergencia\n\nA/RES/ES-10/20. T\n\n"
		 "*39ª sesión plenaria\n13 de junio de 2018*\n",
		 10, 39, NULL, NULL, "2018-06-13", "A/RES/ES-10/20"},
		{"Resolución 2196 (2015)\n\nAprobada por el Consejo de Seguridad en su 7367ª sesión, "
		 "celebrada el 22 de enero de 2015\n",
		 0, 7367, NULL, NULL, "2015-01-22", "S/RES/2196 (2015)"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct resolution r;
		struct warnings w;
		CHECK_INT_EQ(h, parse(cases[i].text, strlen(cases[i].text), &r, &w), 0);
		CHECK_INT_EQ(h, r.is_resolution, 1);
		CHECK_INT_EQ(h, r.session, cases[i].session);
		CHECK_INT_EQ(h, r.meeting, cases[i].meeting);
		CHECK_STR_EQ(h, r.symbol, cases[i].symbol);
		CHECK_STR_EQ(h, r.date, cases[i].date);
		if (cases[i].committee)
			CHECK_STR_EQ(h, r.committee, cases[i].committee);
		else
			CHECK(h, r.committee == NULL);
		if (cases[i].report)
			CHECK_STR_EQ(h, r.report, cases[i].report);
		else
			CHECK(h, r.report == NULL);
		resolution_release(&r);
	}
}

/* Preambular openers, sub-paragraphs, unnumbered operative paragraphs. */
static void test_body_labels(struct harness *h)
{
	static const char text[] =
		"1/1. T\n\nLa Asamblea General,\n\n"
		"Profundamente preocupada por algo,\n\n"
		"Consciente de que algo,\n\n"
		"Tomando nota de algo,\n\n"
		"*Recordando* algo,\n\n"
		"1. *Insta* a los Estados a:\n\n"
		"a) Hacer algo;\n\nb) Hacer otra cosa:\n\ni) primero;\n\nii) segundo;\n\n"
		"*Pide* al Secretario General algo;\n\n"
		"Anexo\n\nÍndice de cosas\n\n1. Texto del anexo.\n";
	struct resolution r;
	struct warnings w;
	struct buf labels = BUF_INIT;
	const struct clause *c;

	CHECK_INT_EQ(h, parse(text, strlen(text), &r, &w), 0);
	labels_join(&r, &labels);
	CHECK_STR_EQ(h, labels.data, "Title Intro PP1 PP2 PP3 PP4 OP1 OP1(a) OP1(b) "
	             "OP1(b)(i) OP1(b)(ii) OP2 Anx Heading Anx.1");
	c = find_label(&r, "PP1");
	CHECK(h, c && range_is(&r, c, c->verb_start, c->verb_len, "preocupada"));
	c = find_label(&r, "PP2");
	CHECK(h, c && range_is(&r, c, c->verb_start, c->verb_len, "Consciente"));
	c = find_label(&r, "PP3");
	CHECK(h, c && range_is(&r, c, c->verb_start, c->verb_len, "Tomando"));
	c = find_label(&r, "OP2");
	CHECK(h, c && range_is(&r, c, c->verb_start, c->verb_len, "Pide"));
	CHECK(h, find_label(&r, "OP1(a)")->kind == CLAUSE_OPERATIVE);
	CHECK(h, find_label(&r, "OP1(a)")->line == 15);
	c = find_label(&r, "PP4");
	CHECK(h, c && range_is(&r, c, c->verb_start, c->verb_len, "Recordando"));
	CHECK(h, c && range_is(&r, c, c->emph_start, c->emph_len, "Recordando"));
	buf_release(&labels);
	resolution_release(&r);
}

static void test_clause_kind_names(struct harness *h)
{
	for (int k = 0; k < CLAUSE_KIND_COUNT; k++) {
		const char *n = clause_kind_name((enum clause_kind)k);
		CHECK_INT_EQ(h, clause_kind_parse(n, strlen(n)), k);
	}
	CHECK_STR_EQ(h, clause_kind_name(CLAUSE_OPERATIVE), "operative");
	CHECK_INT_EQ(h, clause_kind_parse("Operative", 9), -1);
}

static void test_not_resolution(struct harness *h)
{
	static const char text[] = "Hola mundo.\nSegunda línea.\n\n\n  Otro párrafo *con énfasis*.  \n";
	struct resolution r;
	struct warnings w;

	CHECK_INT_EQ(h, parse(text, strlen(text), &r, &w), 0);
	CHECK_INT_EQ(h, r.is_resolution, 0);
	CHECK(h, r.symbol == NULL && r.title == NULL && r.session == 0 && r.date[0] == 0);
	CHECK_INT_EQ(h, w.count, 0);
	CHECK_INT_EQ(h, w.notices, 1);
	CHECK_STR_EQ(h, w.msg[0], "not a UN resolution (no symbol line); indexed as a plain document");
	CHECK_INT_EQ(h, r.n_clauses, 2);
	if (r.n_clauses == 2) {
		CHECK_STR_EQ(h, r.clauses[0].label, "P1");
		CHECK_STR_EQ(h, r.clauses[1].label, "P2");
		CHECK(h, r.clauses[1].kind == CLAUSE_PARAGRAPH);
		CHECK_INT_EQ(h, r.clauses[1].line, 5);
		CHECK(h, text_starts(&r, &r.clauses[0], "Hola mundo.\nSegunda línea."));
		CHECK(h, r.clauses[1].text_len == strlen("Otro párrafo con énfasis."));
		CHECK(h, range_is(&r, &r.clauses[1], r.clauses[1].emph_start,
		                  r.clauses[1].emph_len, "con énfasis"));
	}
	resolution_release(&r);
}

static void test_invalid_inputs(struct harness *h)
{
	static const char binary[] = "texto\0binario";
	static const char bad[] = "Primera línea.\n\nSegunda \xff\xfe l\xc3nea.\n";
	struct resolution r;
	struct warnings w;
	struct errbuf eb;
	int bad_at;

	CHECK_INT_EQ(h, resparse_parse(binary, sizeof binary - 1, &r, collect, &w, &eb), ERR_BINARY);
	CHECK_STR_EQ(h, eb.msg, "binary file");
	CHECK_INT_EQ(h, resparse_parse("", 0, &r, collect, &w, &eb), ERR_EMPTY);
	CHECK_STR_EQ(h, eb.msg, "empty file");
	CHECK_INT_EQ(h, resparse_parse(" \n\r\n\t \n", 7, &r, collect, &w, &eb), ERR_EMPTY);
	CHECK_STR_EQ(h, eb.msg, "empty file");
	resolution_release(&r); /* safe after a failure */

	CHECK_INT_EQ(h, parse(bad, strlen(bad), &r, &w), 0);
	bad_at = warning_find(&w, "invalid UTF-8 replaced by U+FFFD");
	CHECK(h, bad_at >= 0);
	CHECK(h, bad_at >= 0 && w.line[bad_at] == 3);
	CHECK_INT_EQ(h, r.n_clauses, 2);
	if (r.n_clauses == 2)
		CHECK(h, text_starts(&r, &r.clauses[1],
		                     "Segunda \xEF\xBF\xBD\xEF\xBF\xBD l\xEF\xBF\xBDnea."));
	resolution_release(&r);
}

/* Delete every blank line from src (line breaks stay). */
static char *strip_blank_lines(const char *src, size_t len, size_t *out_len)
{
	struct buf b = BUF_INIT;
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(src + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - src) + 1 : len;
		if (e - i > 1)
			buf_append(&b, src + i, e - i);
		i = e;
	}
	return buf_detach(&b, out_len);
}

static void test_line_endings(struct harness *h)
{
	size_t len, n, k;
	char *data = slurp_corpus("A_RES_74_29.txt", &len);
	struct buf crlf = BUF_INIT;
	struct resolution r;
	struct warnings w;
	char *flat;

	if (!data) {
		CHECK(h, data != NULL);
		return;
	}
	for (k = 0; k < len; k++) {
		if (data[k] == '\n')
			buf_append_byte(&crlf, '\r');
		buf_append_byte(&crlf, (uint8_t)data[k]);
	}
	CHECK_INT_EQ(h, parse(crlf.data, crlf.len, &r, &w), 0);
	CHECK_INT_EQ(h, w.count, 0);
	check_74_29(h, &r);
	resolution_release(&r);

	/* Without blank lines every line is a paragraph: same labels. */
	flat = strip_blank_lines(data, len, &n);
	CHECK_INT_EQ(h, parse(flat, n, &r, &w), 0);
	CHECK_INT_EQ(h, w.count, 0);
	CHECK_STR_EQ(h, r.symbol, "A/RES/74/29");
	CHECK_INT_EQ(h, r.meeting, 46);
	CHECK_STR_EQ(h, r.title, "Avances en la esfera de la información y las "
	             "telecomunicaciones en el contexto de la seguridad internacional");
	CHECK(h, find_label(&r, "PP12") && find_label(&r, "OP3") && !find_label(&r, "PP13"));
	CHECK_INT_EQ(h, find_label(&r, "PP1") ? find_label(&r, "PP1")->line : 0, 8);
	resolution_release(&r);
	free(flat);
	buf_release(&crlf);
	free(data);
}

static void test_long_paragraphs(struct harness *h)
{
	size_t big = 5u << 20, total = 0;
	char *line = xmalloc(big);
	struct resolution r;
	struct warnings w;
	clock_t t0;
	double secs;

	for (size_t i = 0; i < big; i++)
		line[i] = i % 8 == 7 ? ' ' : "derecho"[i % 8];
	line[big - 1] = 'x';
	t0 = clock();
	CHECK_INT_EQ(h, parse(line, big, &r, &w), 0);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK(h, secs < 1.0);
	CHECK(h, r.n_clauses >= big / RESPARSE_MAX_CLAUSE);
	for (size_t i = 0; i < r.n_clauses; i++) {
		CHECK(h, r.clauses[i].text_len <= RESPARSE_MAX_CLAUSE);
		CHECK_STR_EQ(h, r.clauses[i].label, "P1");
		total += r.clauses[i].text_len + 1;
	}
	CHECK_INT_EQ(h, total, big + 1); /* pieces + one separator each */
	CHECK(h, warning_find(&w, "split into") >= 0);
	CHECK(h, warning_find(&w, "not a UN resolution") >= 0);
	resolution_release(&r);

	/* No space at all: cut between code points, never inside one. */
	for (size_t i = 0; i + 1 < 100000; i += 2)
		memcpy(line + i, "\xC3\xA9", 2);
	CHECK_INT_EQ(h, parse(line, 100000, &r, &w), 0);
	CHECK(h, r.n_clauses >= 7);
	for (size_t i = 0; i < r.n_clauses; i++) {
		const unsigned char *t = (const unsigned char *)r.text + r.clauses[i].text_start;
		CHECK(h, r.clauses[i].text_len <= RESPARSE_MAX_CLAUSE);
		CHECK(h, t[0] == 0xC3 && r.clauses[i].text_len % 2 == 0);
	}
	CHECK(h, warning_find(&w, "split into") >= 0 && w.line[warning_find(&w, "split into")] == 1);
	resolution_release(&r);
	free(line);
}

/* Generated files hold only these kinds, and PP1.. come in order. */
static int only_resolution_kinds(const struct resolution *r)
{
	int pp = 0;
	char want[CLAUSE_LABEL_MAX];

	for (size_t i = 0; i < r->n_clauses; i++) {
		switch (r->clauses[i].kind) {
		case CLAUSE_HEADER: case CLAUSE_TITLE: case CLAUSE_INTRO:
		case CLAUSE_OPERATIVE: case CLAUSE_FOOTER:
			break;
		case CLAUSE_PREAMBULAR:
			snprintf(want, sizeof want, "PP%d", ++pp);
			if (strcmp(r->clauses[i].label, want) != 0 || r->clauses[i].verb_len == 0)
				return 0;
			break;
		default:
			return 0;
		}
	}
	return pp >= 5;
}

/* Parse every .txt under dir (one level of subfolders); counts files and
 * those that parse as resolutions without warnings. */
static void parse_tree(struct harness *h, const char *dir, int *files, int *clean)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	CHECK(h, d != NULL);
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[2048];
		size_t n = strlen(e->d_name), len;
		char *data;
		struct resolution r;
		struct warnings w;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (n < 4 || strcmp(e->d_name + n - 4, ".txt") != 0) {
			parse_tree(h, path, files, clean);
			continue;
		}
		if (!(data = slurp(path, &len)))
			continue;
		++*files;
		if (parse(data, len, &r, &w) == 0 && r.is_resolution && w.count == 0 &&
		    only_resolution_kinds(&r) &&
		    r.symbol && r.title && r.session > 0 && r.date[0] && r.meeting > 0 &&
		    r.agenda_item > 0 && find_label(&r, "PP1") && find_label(&r, "OP1") &&
		    find_label(&r, "Footer") && !memchr(r.text, '*', r.text_len) &&
		    find_label(&r, "OP1")->verb_len > 0 && find_label(&r, "PP1")->verb_len > 0)
			++*clean;
		else if (*files - *clean <= 3)
			printf("    generated file not parsed cleanly: %s\n", path);
		resolution_release(&r);
		free(data);
	}
	closedir(d);
}

/* ---- document shapes: the files of tests/shapes/ --------------------------- */

/* One document of a shape file: metadata and every label in order. */
static const struct shape_case {
	const char *file;
	int doc;
	const char *symbol;
	int session;
	const char *date;
	int meeting;
	const char *labels;
} shape_cases[] = {
	{"lettered_43_78_H.txt", 0, "A/RES/43/78 H", 43, "1988-12-07", 75,
	 "Header Header Header Title Intro PP1 PP2 OP1 OP2 Footer"},
	/* One file, two lettered parts: two resolutions sharing the header. */
	{"parts_74_60.txt", 0, "A/RES/74/60 A", 74, "2019-12-12", 46,
	 "Header Header Header Title Part Heading Intro PP1 OP1 Footer"},
	{"parts_74_60.txt", 1, "A/RES/74/60 B", 74, "2019-12-12", 46,
	 "Part Heading Intro PP1 OP1 OP2 Footer"},
	{"decision_74_501.txt", 0, "A/DEC/74/501", 74, "2019-12-18", 50,
	 "Title D1 D2"},
	{"es_10_20.txt", 0, "A/RES/ES-10/20", 10, "2018-06-13", 39,
	 "Header Header Header Title Intro PP1 PP2 OP1 OP2 Footer"},
	{"s_26_2.txt", 0, "A/RES/S-26/2", 26, "2001-06-27", 8,
	 "Header Header Header Title Intro OP1 Footer Anx Heading Anx.1 Anx.2 "
	 "Anx.S1 Anx.S1.3 Anx.S1.3(a) Anx.S1.3(b) Anx.S2 Anx.S2.4"},
	/* Parts with a title and no numeral, their paragraphs numbered anew. */
	{"titled_parts_72_279.txt", 0, "A/RES/72/279", 72, "2018-05-31", 95,
	 "Header Header Header Title Intro PP1 PP2 S1 S1.OP1 S1.OP2 S2 S2.OP1 "
	 "S2.OP2 S2.OP2(a) S2.OP2(b) S3 S3.OP1 Footer"},
	/* "Declara que:" is operative and its numbered items are its own. */
	{"roman_1514_XV.txt", 0, "A/RES/1514 (XV)", 15, "1960-12-14", 947,
	 "Header Header Title Intro PP1 PP2 OP1 Heading OP2 OP2.1 OP2.2 Footer"},
	{"sections_73_120.txt", 0, "A/RES/73/120", 73, "2018-12-17", 63,
	 "Header Header Header Title Intro PP1 I I.OP1 I.OP2 II II.OP1 II.OP2 "
	 "II.OP3 A A.OP1 Footer"},
	/* "Aprueba la siguiente Declaración:" is OP1, not PP3. */
	{"declaration_41_128.txt", 0, "A/RES/41/128", 41, "1986-12-04", 97,
	 "Header Header Title Intro PP1 PP2 OP1 Heading Art.1.1 Art.1.2 Art.2 Footer"},
	{"annex_53_144.txt", 0, "A/RES/53/144", 53, "1998-12-09", 85,
	 "Header Header Header Title Intro PP1 OP1 OP2 Footer Anx Anx Anx.Intro "
	 "Anx.PP1 Anx.OP1 Anx.Art.1 Anx.Art.2.1 Anx.Art.2.2"},
	{"official_records_55_33.txt", 0, "A/RES/55/33", 55, "2000-12-04", 81,
	 "Title Intro PP1 OP1 OP2 Adoption Vote.Yes Vote.No Vote.Abst"},
	{"security_council_2196.txt", 0, "S/RES/2196 (2015)", 0, "2015-01-22", 7367,
	 "Header Title Adoption Intro PP1 PP2 OP1 OP2"},
	{"hrc_40_1.txt", 0, "A/HRC/RES/40/1", 40, "2019-03-21", 56,
	 "Header Header Header Title Intro PP1 OP1 OP2 Footer"},
	{"footnotes_74_29.txt", 0, "A/RES/74/29", 74, "2019-12-12", 46,
	 "Header Header Title Intro PP1 PP1.n1 OP1 OP1.n2 OP1.n3 OP2 Footer"},
	{"report_A_74_363.txt", 0, "A/74/363", 0, "", 0,
	 "P1 P2 P3 P4 P5 P6 P7"},
};

/* Every document of tests/shapes/NAME read through the document reader;
 * returns how many (at most max) with each in docs[]. */
static int read_shape(const char *name, struct resolution *docs, int max,
                      struct warnings *w)
{
	char path[256];
	size_t len;
	char *data;
	struct resread *rr;
	struct errbuf eb;
	int n = 0;

	snprintf(path, sizeof path, "tests/shapes/%s", name);
	memset(w, 0, sizeof *w);
	if (!(data = slurp(path, &len)))
		return -1;
	rr = resread_new_memory(data, len);
	while (n < max && resread_next(rr, &docs[n], collect, w, &eb) == 1)
		n++;
	resread_free(rr);
	free(data);
	return n;
}

static void test_shapes(struct harness *h)
{
	struct buf labels = BUF_INIT;

	for (size_t i = 0; i < sizeof shape_cases / sizeof *shape_cases; i++) {
		const struct shape_case *sc = &shape_cases[i];
		struct resolution docs[4];
		struct warnings w;
		int n = read_shape(sc->file, docs, 4, &w);

		CHECK(h, n > sc->doc);
		if (n <= sc->doc) {
			printf("    %s: %d documents\n", sc->file, n);
			continue;
		}
		CHECK_INT_EQ(h, w.count, 0);
		CHECK_STR_EQ(h, docs[sc->doc].symbol, sc->symbol);
		CHECK_INT_EQ(h, docs[sc->doc].session, sc->session);
		CHECK_STR_EQ(h, docs[sc->doc].date, sc->date);
		CHECK_INT_EQ(h, docs[sc->doc].meeting, sc->meeting);
		labels_join(&docs[sc->doc], &labels);
		CHECK_STR_EQ(h, labels.data, sc->labels);
		CHECK(h, !memchr(docs[sc->doc].text, '*', docs[sc->doc].text_len));
		for (int d = 0; d < n; d++)
			resolution_release(&docs[d]);
	}
	buf_release(&labels);
}

/* The kinds and texts the labels stand for, one shape at a time. */
static void test_shape_kinds(struct harness *h)
{
	struct resolution d[4];
	struct warnings w;
	const struct clause *c;

	if (read_shape("official_records_55_33.txt", d, 4, &w) == 1) {
		CHECK(h, find_label(&d[0], "Vote.Yes")->kind == CLAUSE_VOTE);
		CHECK(h, find_label(&d[0], "Vote.No")->kind == CLAUSE_VOTE);
		CHECK(h, find_label(&d[0], "Vote.Abst")->kind == CLAUSE_VOTE);
		CHECK(h, find_label(&d[0], "Adoption")->kind == CLAUSE_FOOTER);
		CHECK_STR_EQ(h, d[0].title, "Desarme general y completo");
		CHECK(h, d[0].is_resolution);
		resolution_release(&d[0]);
	} else {
		CHECK(h, 0);
	}
	if (read_shape("decision_74_501.txt", d, 4, &w) == 1) {
		CHECK(h, find_label(&d[0], "D1")->kind == CLAUSE_DECISION);
		CHECK(h, text_starts(&d[0], find_label(&d[0], "D1"), "En su 50a. sesión plenaria"));
		resolution_release(&d[0]);
	} else {
		CHECK(h, 0);
	}
	if (read_shape("security_council_2196.txt", d, 4, &w) == 1) {
		CHECK(h, find_label(&d[0], "Adoption")->kind == CLAUSE_HEADER);
		CHECK(h, find_label(&d[0], "Intro")->kind == CLAUSE_INTRO);
		resolution_release(&d[0]);
	} else {
		CHECK(h, 0);
	}
	if (read_shape("declaration_41_128.txt", d, 4, &w) == 1) {
		c = find_label(&d[0], "OP1");
		CHECK(h, c && c->kind == CLAUSE_OPERATIVE && text_starts(&d[0], c, "Aprueba la siguiente"));
		CHECK(h, c && range_is(&d[0], c, c->verb_start, c->verb_len, "Aprueba"));
		CHECK(h, text_starts(&d[0], find_label(&d[0], "Art.1.1"), "Artículo 1\n1. El derecho al desarrollo"));
		resolution_release(&d[0]);
	} else {
		CHECK(h, 0);
	}
	if (read_shape("parts_74_60.txt", d, 4, &w) == 2) {
		CHECK_STR_EQ(h, d[0].title, "La información al servicio de la humanidad");
		CHECK_STR_EQ(h, d[1].title, "Políticas y actividades de información pública de las Naciones Unidas");
		CHECK_STR_EQ(h, d[1].committee, "Cuarta Comisión");
		CHECK_INT_EQ(h, d[1].agenda_item, 98);
		/* The second part's lines are the file's: "B" is line 23. */
		CHECK_INT_EQ(h, d[1].clauses[0].line, 23);
		resolution_release(&d[0]);
		resolution_release(&d[1]);
	} else {
		CHECK(h, 0);
	}
	/* The annexed declaration's own preamble and the verb adopting it. */
	if (read_shape("annex_53_144.txt", d, 4, &w) == 1) {
		c = find_label(&d[0], "Anx.PP1");
		CHECK(h, c && c->kind == CLAUSE_PREAMBULAR);
		CHECK(h, c && range_is(&d[0], c, c->verb_start, c->verb_len, "Reafirmando"));
		c = find_label(&d[0], "Anx.OP1");
		CHECK(h, c && c->kind == CLAUSE_OPERATIVE && text_starts(&d[0], c, "Declara:"));
		CHECK(h, c && range_is(&d[0], c, c->verb_start, c->verb_len, "Declara"));
		CHECK(h, find_label(&d[0], "Anx.Intro")->kind == CLAUSE_INTRO);
		resolution_release(&d[0]);
	} else {
		CHECK(h, 0);
	}
	/* A titled part's heading holds its title; its paragraphs keep their
	 * kind and verb. */
	if (read_shape("titled_parts_72_279.txt", d, 4, &w) == 1) {
		c = find_label(&d[0], "S2");
		CHECK(h, c && c->kind == CLAUSE_HEADING &&
		      text_starts(&d[0], c, "Sistema de coordinadores residentes"));
		c = find_label(&d[0], "S2.OP1");
		CHECK(h, c && c->kind == CLAUSE_OPERATIVE && range_is(&d[0], c, c->verb_start, c->verb_len, "Decide"));
		CHECK(h, find_label(&d[0], "S3.OP1") != NULL);
		resolution_release(&d[0]);
	} else {
		CHECK(h, 0);
	}
	if (read_shape("report_A_74_363.txt", d, 4, &w) == 1) {
		CHECK(h, !d[0].is_resolution);
		CHECK_INT_EQ(h, w.count, 0);
		CHECK_INT_EQ(h, w.notices, 1);
		resolution_release(&d[0]);
	} else {
		CHECK(h, 0);
	}
}

/* Footnote calls leave the text, words unglued; bodies are clauses. */
static void test_footnotes(struct harness *h)
{
	struct resolution d[2];
	struct warnings w;
	const struct clause *c;

	if (read_shape("footnotes_74_29.txt", d, 2, &w) != 1) {
		CHECK(h, 0);
		return;
	}
	CHECK(h, memmem(d[0].text, d[0].text_len, "[^", 2) == NULL);
	c = find_label(&d[0], "PP1");
	CHECK(h, text_starts(&d[0], c, "Recordando el informe del Grupo de Expertos "
	                     "Gubernamentales, en particular sus conclusiones,"));
	c = find_label(&d[0], "PP1.n1");
	CHECK(h, c && c->kind == CLAUSE_FOOTNOTE && c->text_len == strlen("A/70/174.") &&
	      text_starts(&d[0], c, "A/70/174."));
	c = find_label(&d[0], "OP1");
	CHECK(h, text_starts(&d[0], c, "1. Acoge con beneplácito la labor del Grupo de "
	                     "Trabajo de Composición Abierta y del Grupo de Expertos;"));
	CHECK(h, c && range_is(&d[0], c, c->emph_start, c->emph_len, "Acoge con beneplácito"));
	c = find_label(&d[0], "OP1.n3");
	CHECK(h, c && c->kind == CLAUSE_FOOTNOTE && text_starts(&d[0], c, "Véase la resolución 73/266."));
	resolution_release(&d[0]);

	/* A long owner label still ends in its footnote number. */
	{
		static const char text[] = "Informe\n\nPárrafo uno[^12].\n\n[^12]: Nota.\n";
		struct resolution r;
		CHECK_INT_EQ(h, parse(text, strlen(text), &r, &w), 0);
		CHECK(h, find_label(&r, "P2.n12") != NULL);
		CHECK(h, text_starts(&r, find_label(&r, "P2"), "Párrafo uno."));
		resolution_release(&r);
	}
}

/* Set by main: where the generated corpora go and the gencorpus binary
 * (found next to this test, so sanitizer builds use their own). */
static struct test_env env;

static void test_generated_corpus(struct harness *h)
{
	char a[128], b[128], c[128], cmd[512];
	int files = 0, clean = 0;

	snprintf(a, sizeof a, "%s/a", env.tmp_dir);
	snprintf(b, sizeof b, "%s/b", env.tmp_dir);
	snprintf(c, sizeof c, "%s/c", env.tmp_dir);
	CHECK_INT_EQ(h, test_gencorpus(&env, a, 42, 1), 0);
	CHECK_INT_EQ(h, test_gencorpus(&env, b, 42, 1), 0);
	CHECK_INT_EQ(h, test_gencorpus(&env, c, 43, 1), 0);
	snprintf(cmd, sizeof cmd, "diff -r %s %s >/dev/null", a, b);
	CHECK_INT_EQ(h, system(cmd), 0);
	snprintf(cmd, sizeof cmd, "diff -r %s %s >/dev/null", a, c);
	CHECK(h, system(cmd) != 0);
	parse_tree(h, a, &files, &clean);
	CHECK(h, files > 20);
	CHECK_INT_EQ(h, clean, files);
}

int main(int argc, char **argv)
{
	struct harness h = HARNESS_INIT("test_resparse");

	if (test_env_init(&env, "test_resparse", argc > 0 ? argv[0] : NULL))
		return 1;
	HARNESS_RUN(&h, test_res_74_29);
	HARNESS_RUN(&h, test_udhr);
	HARNESS_RUN(&h, test_header_variants);
	HARNESS_RUN(&h, test_body_labels);
	HARNESS_RUN(&h, test_clause_kind_names);
	HARNESS_RUN(&h, test_not_resolution);
	HARNESS_RUN(&h, test_invalid_inputs);
	HARNESS_RUN(&h, test_line_endings);
	HARNESS_RUN(&h, test_long_paragraphs);
	HARNESS_RUN(&h, test_generated_corpus);
	HARNESS_RUN(&h, test_shapes);
	HARNESS_RUN(&h, test_shape_kinds);
	HARNESS_RUN(&h, test_footnotes);
	test_env_release(&env);
	return harness_finish(&h);
}
