/* test_output.c: text and JSON forms of a hit, checked byte by byte and by
 * a real JSON parser (python3). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../query/output.h"
#include "../harness.h"
#include "buf.h"
#include "text.h"

#define HL_ON "\x1b[1;31m"
#define RESET "\x1b[0m"

/* A/RES/74/29, PP7 and PP2, as written in corpus/A_RES_74_29.txt. */
static const char pp7[] =
	"Observando que la creación de capacidad es esencial para la "
	"cooperación de los Estados y las medidas de fomento de la confianza "
	"en la esfera de la seguridad de las TIC,";
static const char pp2[] =
	"Recalcando que la comunidad internacional aspira a que las "
	"tecnologías de la información y las comunicaciones (TIC) se utilicen "
	"de manera pacífica por el bien común de la humanidad y para promover "
	"el desarrollo sostenible de todos los países, cualquiera que sea su "
	"nivel de desarrollo científico y tecnológico,";
static const char title[] =
	"Avances en la esfera de la información y las telecomunicaciones en el "
	"contexto de la seguridad internacional";

static void hit_pp7(struct hit_view *v, struct hl_range *hl)
{
	memset(v, 0, sizeof *v);
	v->rank = 1;
	v->score = 3.25;
	v->symbol = "A/RES/74/29";
	v->session = 74;
	v->date = "2019-12-12";
	v->title = title;
	v->file = "corpus/A_RES_74_29.txt";
	v->label = "PP7";
	v->kind = "preambular";
	v->text = pp7;
	v->text_len = strlen(pp7);
	hl->start = 18; /* "creación de capacidad" */
	hl->end = 18 + strlen("creación de capacidad");
	v->hl = hl;
	v->n_hl = 1;
	v->verb_start = 0; /* "Observando" */
	v->verb_len = 10;
}

/* Render one hit into a malloc'ed NUL-terminated string. */
static char *render(const struct hit_view *v, int json, int color, int width)
{
	struct output_opts o = { json, color, width, 0 };
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	if (!f)
		abort();
	if (output_hit(f, &o, v) != 0)
		fputs("<output_hit failed>", f);
	fclose(f);
	return s;
}

/* s without its ESC [ ... m sequences, into b. */
static void strip_escapes(const char *s, struct buf *b)
{
	buf_reset(b);
	buf_append(b, "", 0);
	while (*s) {
		if (*s == '\x1b') {
			while (*s && *s != 'm')
				s++;
			if (*s)
				s++;
			continue;
		}
		buf_append_byte(b, (unsigned char)*s++);
	}
}

/* 1 if every piece of s between escape sequences is valid UTF-8 on its own:
 * no escape was put inside a multi-byte sequence. */
static int escapes_between_chars(const char *s)
{
	struct buf tmp = BUF_INIT;
	const char *p = s, *q;
	size_t bad = 0;

	while (*p) {
		q = p;
		while (*q && *q != '\x1b')
			q++;
		buf_reset(&tmp);
		bad += utf8_sanitize(p, (size_t)(q - p), &tmp, NULL);
		if (!*q)
			break;
		while (*q && *q != 'm')
			q++;
		p = *q ? q + 1 : q;
	}
	buf_release(&tmp);
	return bad == 0;
}

/* The whitespace-separated words of s joined by single spaces, into b. */
static void words_of(const char *s, size_t len, struct buf *b)
{
	size_t i = 0, j;

	buf_reset(b);
	buf_append(b, "", 0);
	while (i < len) {
		while (i < len && (s[i] == ' ' || s[i] == '\n'))
			i++;
		j = i;
		while (j < len && s[j] != ' ' && s[j] != '\n')
			j++;
		if (j > i) {
			if (b->len)
				buf_append_byte(b, ' ');
			buf_append(b, s + i, j - i);
		}
		i = j;
	}
}

static void test_text_plain(struct harness *h)
{
	struct hit_view v;
	struct hl_range hl;
	struct buf want = BUF_INIT;
	char *s;

	hit_pp7(&v, &hl);
	s = render(&v, 0, 0, 0);
	buf_printf(&want, "A/RES/74/29 \xC2\xB7 2019-12-12 \xC2\xB7 PP7 (preambular)\n"
	           "%s\n%s\n\n", title, pp7);
	CHECK_STR_EQ(h, s, want.data);
	CHECK(h, strchr(s, '\x1b') == NULL);
	free(s);

	/* Absent parts disappear with their separator; explain follows. */
	v.date = NULL;
	v.kind = NULL;
	v.title = NULL;
	v.explain = "score 3.25 = bm25";
	s = render(&v, 0, 0, 0);
	buf_reset(&want);
	buf_printf(&want, "A/RES/74/29 \xC2\xB7 PP7\n%s\nscore 3.25 = bm25\n\n", pp7);
	CHECK_STR_EQ(h, s, want.data);
	free(s);

	/* Controls, DEL and invalid bytes print as U+FFFD, a tab as it is;
	 * wrapped, the tab and the carriage return between words are spaces. */
	v.explain = NULL;
	v.text = "Dice\tque\r\x01 fin \xff ok\x7f.";
	v.text_len = strlen(v.text);
	v.n_hl = 0;
	v.verb_len = 0;
	s = render(&v, 0, 0, 0);
	CHECK(h, strstr(s, "\nDice\tque" TEXT_REPLACEMENT TEXT_REPLACEMENT " fin "
	                   TEXT_REPLACEMENT " ok" TEXT_REPLACEMENT ".\n") != NULL);
	free(s);
	s = render(&v, 0, 0, 40);
	CHECK(h, strstr(s, "\nDice que " TEXT_REPLACEMENT " fin " TEXT_REPLACEMENT " ok"
	                   TEXT_REPLACEMENT ".\n") != NULL);
	free(s);
	buf_release(&want);
}

static void test_text_color(struct harness *h)
{
	struct hit_view v;
	struct hl_range hl;
	struct buf stripped = BUF_INIT;
	char *s, *p;

	hit_pp7(&v, &hl);
	s = render(&v, 0, 1, 0);
	CHECK(h, strstr(s, HL_ON "creación de capacidad" RESET) != NULL);
	CHECK(h, strstr(s, "\x1b[3mObservando" RESET " que") != NULL);
	CHECK(h, strstr(s, "\x1b[2mAvances en la esfera") != NULL);
	CHECK(h, escapes_between_chars(s));
	/* Without the escapes it is exactly the plain form. */
	p = render(&v, 0, 0, 0);
	strip_escapes(s, &stripped);
	CHECK_STR_EQ(h, stripped.data, p);
	free(p);
	free(s);

	/* A highlight inside the italic verb: italics come back after it. */
	v.verb_len = strlen("Observando que");
	hl.start = 11;
	hl.end = 14;
	s = render(&v, 0, 1, 0);
	CHECK(h, strstr(s, "\x1b[3mObservando " RESET "\x1b[3m" HL_ON "que" RESET " la")
	      != NULL);
	free(s);

	/* A range that starts inside "ó" moves no escape into the sequence. */
	hl.start = 24;
	hl.end = 30;
	s = render(&v, 0, 1, 40);
	CHECK(h, escapes_between_chars(s));
	free(s);
	buf_release(&stripped);
}

/* Wrap pp2 at width 40 and check every paragraph line and every word. */
static void check_wrap(struct harness *h, int color)
{
	struct hit_view v;
	struct hl_range hl[2];
	struct buf plain = BUF_INIT, w_in = BUF_INIT, w_out = BUF_INIT;
	char *s;
	const char *line, *nl;
	size_t n_lines = 0;

	hl[0].start = 0; /* "Recalcando" */
	hl[0].end = 10;
	hl[1].start = (size_t)(strstr(pp2, "información") - pp2);
	hl[1].end = hl[1].start + strlen("información");
	memset(&v, 0, sizeof v);
	v.text = pp2;
	v.text_len = strlen(pp2);
	v.hl = hl;
	v.n_hl = 2;
	v.verb_len = 10;
	s = render(&v, 0, color, 40);
	CHECK(h, escapes_between_chars(s));
	strip_escapes(s, &plain);
	for (line = plain.data; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		CHECK(h, text_width(line, (size_t)(nl - line)) <= 40);
		CHECK(h, nl == line || (line[0] != ' ' && nl[-1] != ' '));
		n_lines++;
	}
	CHECK(h, n_lines >= 7);
	words_of(pp2, strlen(pp2), &w_in);
	words_of(plain.data, plain.len, &w_out);
	CHECK_STR_EQ(h, w_out.data, w_in.data);
	free(s);
	buf_release(&plain);
	buf_release(&w_in);
	buf_release(&w_out);
}

static void test_wrap(struct harness *h)
{
	static const char longword[] = "a bbbbbbbbbbbbbbbbbbbb c";
	static const char lines[] = "uno dos\ntres   cuatro\n";
	struct hit_view v;
	char *s;

	check_wrap(h, 0);
	check_wrap(h, 1);

	memset(&v, 0, sizeof v);
	v.text = longword;
	v.text_len = strlen(longword);
	s = render(&v, 0, 0, 10);
	CHECK_STR_EQ(h, s, "a\nbbbbbbbbbbbbbbbbbbbb\nc\n\n");
	free(s);

	/* The paragraph's own newlines stay; spaces inside a line stay. */
	v.text = lines;
	v.text_len = strlen(lines);
	s = render(&v, 0, 0, 40);
	CHECK_STR_EQ(h, s, "uno dos\ntres   cuatro\n\n");
	free(s);
	s = render(&v, 0, 0, 9);
	CHECK_STR_EQ(h, s, "uno dos\ntres\ncuatro\n\n");
	free(s);
}

static void test_json_string(struct harness *h)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	if (!f)
		abort();
	CHECK_INT_EQ(h, output_error(f, "q", "a\"b\\c\x01\n\t\xff\xC3\xB1", 3), 0);
	fclose(f);
	CHECK_STR_EQ(h, s, "{\"query\":\"q\",\"error\":\"a\\\"b\\\\c\\u0001\\n\\t\\ufffd\xC3\xB1\",\"column\":3}\n");
	free(s);
}

/* Runs python3 on file; returns its output in b and its exit status. */
static int run_python(const char *script, const char *file, struct buf *b)
{
	char cmd[4096];
	char chunk[512];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof cmd, "python3 -c '%s' %s", script, file);
	buf_reset(b);
	buf_append(b, "", 0);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(b, chunk, n);
	return pclose(p);
}

/* The score of a JSON hit is printf's "%.6f" of it (output.c formats it
 * itself): scores of every magnitude a ranking gives, decimal ties and
 * their neighbours, zero and the edges of the shortcut. */
static void test_json_score(struct harness *h)
{
	struct hit_view v;
	struct hl_range hl;
	unsigned long long seed = 1;
	int bad = 0;

	hit_pp7(&v, &hl);
	for (int i = 0; i < 200000 && bad < 5; i++) {
		char want[64], *s, *at;

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		switch (i % 5) {
		case 0: /* uniform over a ranking's range */
			v.score = (double)(seed >> 11) / (double)(1ull << 53) * 40;
			break;
		case 1: /* any magnitude below 10^7 */
			v.score = ldexp((double)(seed >> 11) / (double)(1ull << 53),
			                (int)(seed % 80) - 56);
			break;
		case 2: { /* a decimal tie of the seventh place, or a neighbour */
			double t = ((double)(seed >> 20 & 0xffffffff) + 0.5) / 1e6;
			v.score = (seed & 1) ? t : nextafter(t, (seed & 2) ? 0 : 1e9);
			break;
		}
		case 3: /* around 10^6 */
			v.score = 1e6 + ((double)(seed >> 40) - (double)(1u << 23)) / 1024;
			break;
		default: {
			static const double edge[] = { 0.0, -0.0, 1e-300, 5e-7, 4.9999999e-7,
			                               0.5, 2.5, 999999.9999995, 1e6, -1.5, 1e300 };
			v.score = edge[seed % (sizeof edge / sizeof *edge)];
		}
		}
		snprintf(want, sizeof want, "\"score\":%.6f,", v.score);
		s = render(&v, 1, 0, 0);
		at = strstr(s, "\"score\":");
		if (!at || strncmp(at, want, strlen(want)) != 0) {
			harness_fail(h, __FILE__, __LINE__, "score %.17g: want %s in %.80s",
			             v.score, want, s);
			bad++;
		}
		free(s);
	}
}

static void test_json_parses(struct harness *h)
{
	static const char text[] =
		"Dice \"hola\" y\nluego\tm\xC3\xA1s \x01 fin \xff ok \\ end";
	static const char decoded[] =
		"Dice \"hola\" y\nluego\tm\xC3\xA1s \x01 fin \xEF\xBF\xBD ok \\ end";
	struct hl_range hl[2] = { { 0, 4 }, { 6, 10 } };
	struct hit_view v;
	struct output_opts o = { 1, 1, 40, 0 };
	struct buf out = BUF_INIT, want = BUF_INIT;
	char path[] = "/tmp/unsearch-test-output-XXXXXX";
	int fd, status;
	FILE *f;

	memset(&v, 0, sizeof v);
	v.query_json = "\"\\\"creaci\xC3\xB3n\\\"\""; /* the query "creación", quoted */
	v.rank = 2;
	v.score = 1.5;
	v.symbol = "A/RES/74/29";
	v.session = 74;
	v.date = "2019-12-12";
	v.title = "T\xC3\xADtulo \"x\"";
	v.file = "corpus/a.txt";
	v.label = "OP1";
	v.kind = "operative";
	v.text = text;
	v.text_len = sizeof text - 1;
	v.hl = hl;
	v.n_hl = 2;
	v.explain = "line 1\nline 2";

	fd = mkstemp(path);
	CHECK(h, fd >= 0);
	if (fd < 0)
		return;
	f = fdopen(fd, "w");
	CHECK_INT_EQ(h, output_hit(f, &o, &v), 0);
	/* A second hit with every optional field absent. */
	v.query_json = NULL;
	v.session = 0;
	v.symbol = v.date = v.title = v.file = v.label = v.kind = NULL;
	v.explain = NULL;
	v.n_hl = 0;
	CHECK_INT_EQ(h, output_hit(f, &o, &v), 0);
	fclose(f);

	status = system("python3 -c 'import json,sys; "
	                "[json.loads(l) for l in open(sys.argv[1])]' "
	                "/dev/null");
	if (status != 0) {
		/* No python3 in this environment: the check cannot run. */
		CHECK(h, !"python3 is not available");
	} else {
		char cmd[256];

		snprintf(cmd, sizeof cmd, "python3 -c 'import json,sys; "
		         "[json.loads(l) for l in open(sys.argv[1])]' %s", path);
		status = system(cmd);
		CHECK(h, WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}

	/* Round trip: key order, highlights and text as python decodes them. */
	status = run_python(
		"import json,sys\n"
		"ls=[json.loads(l) for l in open(sys.argv[1])]\n"
		"for o in ls: print(\",\".join(o))\n"
		"o=ls[0]\n"
		"print(\";\".join(\"%d-%d\" % tuple(r) for r in o[\"highlights\"]))\n"
		"print(o[\"score\"], o[\"session\"], ls[1][\"session\"], ls[1][\"symbol\"])\n"
		"print(o[\"query\"] + \"|\" + o[\"title\"] + \"|\" + o[\"explain\"])\n"
		"sys.stdout.flush()\n"
		"sys.stdout.buffer.write(o[\"text\"].encode(\"utf-8\"))\n",
		path, &out);
	CHECK_INT_EQ(h, status, 0);
	buf_printf(&want,
	           "query,rank,score,symbol,session,date,title,file,line,label,kind,"
	           "verb,text,highlights,explain\n"
	           "rank,score,symbol,session,date,title,file,line,label,kind,verb,text,"
	           "highlights\n"
	           "0-4;6-10\n"
	           "1.5 74 None None\n"
	           "\"creaci\xC3\xB3n\"|T\xC3\xADtulo \"x\"|line 1\nline 2\n"
	           "%s", decoded);
	CHECK_STR_EQ(h, out.data, want.data);
	unlink(path);
	buf_release(&out);
	buf_release(&want);
}

/* --path names FILE:LINE in the heading; -C prints the neighbours dimmed
 * around the hit, each under its label; JSON carries line, before, after. */
static void test_path_and_context(struct harness *h)
{
	struct hit_view v, before[1], after[1];
	struct hl_range hl;
	struct output_opts o = { 0, 1, 0, 1 };
	struct buf plain = BUF_INIT;
	char *s = NULL, *j;
	size_t n = 0;
	FILE *f;

	hit_pp7(&v, &hl);
	v.line = 29;
	memset(before, 0, sizeof before);
	memset(after, 0, sizeof after);
	before[0] = (struct hit_view){ .label = "PP6", .kind = "preambular",
	                               .line = 27, .text = pp2, .text_len = strlen(pp2) };
	after[0] = (struct hit_view){ .label = "PP8", .kind = "preambular",
	                              .line = 31, .text = "Reconociendo algo,",
	                              .text_len = strlen("Reconociendo algo,"),
	                              .verb_len = 12 };
	v.with_context = 1;
	v.before = before;
	v.n_before = 1;
	v.after = after;
	v.n_after = 1;
	f = open_memstream(&s, &n);
	CHECK_INT_EQ(h, output_hit(f, &o, &v), 0);
	fclose(f);
	strip_escapes(s, &plain);
	CHECK(h, strncmp(plain.data, "A/RES/74/29 \xC2\xB7 2019-12-12 \xC2\xB7 PP7 (preambular) "
	                 "\xC2\xB7 corpus/A_RES_74_29.txt:29\n", 74) == 0);
	/* The order: title, PP6 label and text, PP7 label and text, PP8. */
	const char *p6 = strstr(plain.data, "PP6 (preambular)\n"),
	           *p7 = strstr(plain.data, "PP7\nObservando"),
	           *p8 = strstr(plain.data, "PP8 (preambular)\nReconociendo algo,\n");
	CHECK(h, p6 && p7 && p8 && p6 < p7 && p7 < p8);
	/* Neighbours dimmed, their verb italic inside the dim. */
	CHECK(h, strstr(s, "\x1b[2m" "Recalcando") != NULL);
	CHECK(h, strstr(s, "\x1b[2m\x1b[3m" "Reconociendo") != NULL);
	free(s);
	j = render(&v, 1, 0, 0);
	CHECK(h, strstr(j, ",\"line\":29,") != NULL);
	CHECK(h, strstr(j, "\"before\":[{\"label\":\"PP6\",\"kind\":\"preambular\",\"line\":27,") != NULL);
	CHECK(h, strstr(j, "\"after\":[{\"label\":\"PP8\",\"kind\":\"preambular\",\"line\":31,"
	                   "\"text\":\"Reconociendo algo,\"}]}") != NULL);
	free(j);
	buf_release(&plain);
}

/* --show: data lines, title, each clause; JSON with the verb range. */
static void test_document(struct harness *h)
{
	struct doc_view d = { .symbol = "A/RES/74/29", .date = "2019-12-12",
	                      .title = "Avances", .file = "corpus/a.txt",
	                      .committee = "Primera Comisión", .session = 74,
	                      .agenda_item = 93 };
	struct hit_view c[2];
	struct output_opts o = { 0, 0, 0, 0 };
	char *s = NULL;
	size_t n = 0;
	FILE *f;

	memset(c, 0, sizeof c);
	c[0] = (struct hit_view){ .label = "Title", .kind = "title", .line = 9,
	                          .text = "74/29. Avances", .text_len = 14 };
	c[1] = (struct hit_view){ .label = "OP1", .kind = "operative", .line = 40,
	                          .text = "1. Acoge con beneplácito", .text_len = 25,
	                          .verb_start = 3, .verb_len = 22 };
	f = open_memstream(&s, &n);
	CHECK_INT_EQ(h, output_document(f, &o, &d, c, 2), 0);
	fclose(f);
	CHECK_STR_EQ(h, s, "A/RES/74/29 \xC2\xB7 2019-12-12 \xC2\xB7 session 74 \xC2\xB7 agenda item 93\n"
	                   "Primera Comisión\ncorpus/a.txt\nAvances\n\n"
	                   "Title\n74/29. Avances\n\nOP1 (operative)\n1. Acoge con beneplácito\n");
	free(s);
	s = NULL;
	o.json = 1;
	f = open_memstream(&s, &n);
	CHECK_INT_EQ(h, output_document(f, &o, &d, c, 2), 0);
	fclose(f);
	CHECK(h, strstr(s, "\"session\":74,\"date\":\"2019-12-12\"") != NULL);
	CHECK(h, strstr(s, "\"meeting\":null,\"clauses\":[{\"label\":\"Title\",\"kind\":\"title\","
	                   "\"line\":9,\"text\":\"74/29. Avances\",\"verb\":null},") != NULL);
	CHECK(h, strstr(s, "\"line\":40,\"text\":\"1. Acoge con beneplácito\",\"verb\":[3,25]}]}\n") != NULL);
	free(s);
}

/* The web API's page object: the hit lines and facet lines written by
 * output_hit and output_facet become array elements, byte for byte. */
static void test_page(struct harness *h)
{
	struct hit_view v;
	struct hl_range hl;
	struct facet_count c[2] = { { .value = "74", .number = 74, .count = 3 },
	                            { .value = "73", .number = 73, .count = 1 } };
	struct output_opts o = { 1, 0, 0, 0 };
	char *hit, *facet, *page = NULL, *list = NULL;
	size_t n = 0, n_list = 0;
	FILE *f;
	struct buf hits = BUF_INIT, want = BUF_INIT;

	hit_pp7(&v, &hl);
	hit = render(&v, 1, 0, 0);
	buf_append_str(&hits, hit);
	buf_append_str(&hits, hit); /* two lines, as two hits */
	f = open_memstream(&facet, &n);
	CHECK_INT_EQ(h, output_facet(f, &o, NULL, "session", 1, c, 2), 0);
	fclose(f);
	struct page_view pv = { .query = "creación \"x\"", .offset = 20, .limit = 10,
	                        .has_total = 1, .total = 23, .did_you_mean = NULL,
	                        .hits = hits.data, .hits_len = hits.len,
	                        .facets = facet, .facets_len = strlen(facet) };
	f = open_memstream(&page, &n);
	CHECK_INT_EQ(h, output_page(f, &pv), 0);
	fclose(f);
	buf_printf(&want, "{\"query\":\"creación \\\"x\\\"\",\"offset\":20,\"limit\":10,"
	           "\"total\":23,\"did_you_mean\":null,\"hits\":[%.*s,%.*s],\"facets\":[%.*s]}\n",
	           (int)strlen(hit) - 1, hit, (int)strlen(hit) - 1, hit,
	           (int)strlen(facet) - 1, facet);
	CHECK_STR_EQ(h, page, want.data);
	/* No lines at all: empty arrays; total absent: null. */
	free(page);
	page = NULL;
	pv = (struct page_view){ .query = "", .limit = 10, .did_you_mean = "tortura" };
	f = open_memstream(&page, &n);
	CHECK_INT_EQ(h, output_page(f, &pv), 0);
	fclose(f);
	CHECK_STR_EQ(h, page, "{\"query\":\"\",\"offset\":0,\"limit\":10,\"total\":null,"
	                      "\"did_you_mean\":\"tortura\",\"hits\":[],\"facets\":[]}\n");
	f = open_memstream(&list, &n_list);
	CHECK_INT_EQ(h, output_list(f, "{\"a\":1}\n{\"b\":2}\n", 16), 0);
	fclose(f);
	CHECK_STR_EQ(h, list, "{\"results\":[{\"a\":1},{\"b\":2}]}\n");
	buf_release(&hits);
	buf_release(&want);
	free(hit);
	free(facet);
	free(page);
	free(list);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_output");

	HARNESS_RUN(&h, test_text_plain);
	HARNESS_RUN(&h, test_text_color);
	HARNESS_RUN(&h, test_wrap);
	HARNESS_RUN(&h, test_json_string);
	HARNESS_RUN(&h, test_json_score);
	HARNESS_RUN(&h, test_json_parses);
	HARNESS_RUN(&h, test_path_and_context);
	HARNESS_RUN(&h, test_document);
	HARNESS_RUN(&h, test_page);
	return harness_finish(&h);
}
