/* test_resread.c: the document reader: other encodings of the Declaration
 * read like the UTF-8 one, a file of 500 generated resolutions (also one
 * without blank lines) splits into exactly the resolutions its files hold,
 * and bad files fail cleanly. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "reference.h"
#include "resread.h"

struct notes {
	int warnings, notices;
	char last[160];
};

static void note(void *ctx, enum resparse_level level, uint32_t line,
                 const char *message)
{
	struct notes *n = ctx;

	(void)line;
	if (level == RESPARSE_NOTICE)
		n->notices++;
	else
		n->warnings++;
	snprintf(n->last, sizeof n->last, "%s", message);
}

/* Every document of the file at path, up to max; -1 if it cannot be read. */
static int read_all(const char *path, struct resolution *docs, int max,
                    struct notes *n)
{
	struct resread *rr;
	struct errbuf eb;
	int k = 0, got;

	memset(n, 0, sizeof *n);
	if (resread_open(&rr, path, &eb))
		return -1;
	while (k < max && (got = resread_next(rr, &docs[k], note, n, &eb)) == 1)
		k++;
	resread_free(rr);
	return k;
}

/* 1 if a and b hold the same metadata and clauses (labels, kinds, texts,
 * verb and emphasis spans); lines are not compared. */
static int same_resolution(const struct resolution *a, const struct resolution *b)
{
	if (a->is_resolution != b->is_resolution || a->session != b->session ||
	    strcmp(a->date, b->date) != 0 || a->meeting != b->meeting ||
	    a->agenda_item != b->agenda_item || a->n_clauses != b->n_clauses ||
	    !a->symbol != !b->symbol || (a->symbol && strcmp(a->symbol, b->symbol) != 0) ||
	    !a->title != !b->title || (a->title && strcmp(a->title, b->title) != 0))
		return 0;
	for (size_t i = 0; i < a->n_clauses; i++) {
		const struct clause *x = &a->clauses[i], *y = &b->clauses[i];
		if (x->kind != y->kind || strcmp(x->label, y->label) != 0 ||
		    x->text_len != y->text_len || x->verb_start != y->verb_start ||
		    x->verb_len != y->verb_len || x->emph_start != y->emph_start ||
		    x->emph_len != y->emph_len ||
		    memcmp(a->text + x->text_start, b->text + y->text_start, x->text_len) != 0)
			return 0;
	}
	return 1;
}

static struct test_env env;

/* The Declaration as Latin-1, UTF-16LE, UTF-16BE (made here with iconv)
 * and with a UTF-8 byte-order mark reads exactly like the UTF-8 file. */
static void test_encodings(struct harness *h)
{
	static const struct {
		const char *name, *cmd, *notice;
	} copies[] = {
		{"latin1", "iconv -f UTF-8 -t LATIN1", "not UTF-8: read as Windows-1252"},
		{"cp1252", "iconv -f UTF-8 -t CP1252", "not UTF-8: read as Windows-1252"},
		{"utf16le", "sh -c 'printf \"\\377\\376\"; iconv -f UTF-8 -t UTF-16LE'",
		 "not UTF-8: read as UTF-16LE (byte-order mark)"},
		{"utf16be", "sh -c 'printf \"\\376\\377\"; iconv -f UTF-8 -t UTF-16BE'",
		 "not UTF-8: read as UTF-16BE (byte-order mark)"},
		{"bom", "sh -c 'printf \"\\357\\273\\277\"; cat'", NULL},
	};
	char src[512], path[256], cmd[1024];
	struct resolution want, got;
	struct notes n;

	snprintf(src, sizeof src, "%s/A_RES_217_A_III.txt", harness_corpus_dir());
	CHECK_INT_EQ(h, read_all(src, &want, 1, &n), 1);
	CHECK_INT_EQ(h, n.warnings + n.notices, 0);
	for (size_t i = 0; i < sizeof copies / sizeof *copies; i++) {
		snprintf(path, sizeof path, "%s/udhr-%s.txt", env.tmp_dir, copies[i].name);
		snprintf(cmd, sizeof cmd, "%s < %s > %s", copies[i].cmd, src, path);
		CHECK_INT_EQ(h, system(cmd), 0);
		int k = read_all(path, &got, 1, &n);
		CHECK_INT_EQ(h, k, 1);
		if (k != 1)
			continue;
		CHECK(h, same_resolution(&want, &got));
		CHECK_INT_EQ(h, n.warnings, 0);
		CHECK_INT_EQ(h, n.notices, copies[i].notice ? 1 : 0);
		if (copies[i].notice)
			CHECK_STR_EQ(h, n.last, copies[i].notice);
		CHECK(h, got.clauses[0].line == want.clauses[0].line);
		resolution_release(&got);
	}
	resolution_release(&want);
}

/* The paths of every .txt under dir, in name order (the caller frees). */
static void list_txt(const char *dir, char ***paths, size_t *n)
{
	struct dirent **ents;
	int k = scandir(dir, &ents, NULL, alphasort);

	for (int i = 0; i < k; i++) {
		char p[1024];
		size_t len = strlen(ents[i]->d_name);
		snprintf(p, sizeof p, "%s/%s", dir, ents[i]->d_name);
		if (ents[i]->d_name[0] != '.') {
			if (len > 4 && strcmp(ents[i]->d_name + len - 4, ".txt") == 0) {
				*paths = realloc(*paths, (*n + 1) * sizeof **paths);
				(*paths)[(*n)++] = strdup(p);
			} else {
				list_txt(p, paths, n);
			}
		}
		free(ents[i]);
	}
	free(ents);
}

/* The volume's documents must be the n of want, in order, each
 * resolution dated; releases want[]. */
static void check_volume_reads_as(struct harness *h, const struct buf *vol,
                                  struct resolution *want, size_t n)
{
	struct resread *rr = resread_new_memory(vol->data, vol->len);
	struct resolution got;
	struct errbuf eb;
	size_t docs = 0, same = 0;

	while (resread_next(rr, &got, NULL, NULL, &eb) == 1) {
		if (docs < n && same_resolution(&got, &want[docs]) &&
		    (got.date[0] || !got.is_resolution))
			same++;
		else
			printf("    document %zu differs: %s\n", docs, got.symbol ? got.symbol : "-");
		docs++;
		resolution_release(&got);
	}
	resread_free(rr);
	CHECK_INT_EQ(h, docs, n);
	CHECK_INT_EQ(h, same, n);
	for (size_t i = 0; i < n; i++)
		resolution_release(&want[i]);
}

/* Without blank lines every line is a paragraph: the footer's date line
 * stays with its resolution and the cuts fall where they fall with them. */
static void check_flat_volume(struct harness *h, char **paths, size_t n)
{
	struct buf vol = BUF_INIT, one = BUF_INIT;
	struct resolution *alone = calloc(n, sizeof *alone);
	struct resread *rr;
	struct errbuf eb;

	for (size_t i = 0; i < n; i++) {
		FILE *f = fopen(paths[i], "r");
		char line[65536];
		buf_reset(&one);
		while (f && fgets(line, sizeof line, f))
			if (line[strspn(line, " \r\n")] != '\0')
				buf_append_str(&one, line);
		if (f)
			fclose(f);
		buf_append(&vol, one.data, one.len);
		rr = resread_new_memory(one.data, one.len);
		CHECK_INT_EQ(h, resread_next(rr, &alone[i], NULL, NULL, &eb), 1);
		resread_free(rr);
	}
	check_volume_reads_as(h, &vol, alone, n);
	free(alone);
	buf_release(&vol);
	buf_release(&one);
}

/* 500 generated resolutions in one file: 500 documents, each exactly the
 * resolution its own file parses to. */
static void test_volume(struct harness *h)
{
	char dir[128], vol[128];
	char **paths = NULL;
	size_t n = 0;
	FILE *out;
	struct resread *rr;
	struct resolution one, alone;
	struct notes nt;
	struct errbuf eb;
	size_t docs = 0, same = 0;

	snprintf(dir, sizeof dir, "%s/gen", env.tmp_dir);
	snprintf(vol, sizeof vol, "%s/volume.txt", env.tmp_dir);
	CHECK_INT_EQ(h, test_gencorpus(&env, dir, 7, 8), 0);
	list_txt(dir, &paths, &n);
	CHECK(h, n >= 500);
	if (n < 500 || !(out = fopen(vol, "w")))
		goto out;
	for (size_t i = 0; i < 500; i++) {
		FILE *f = fopen(paths[i], "r");
		char chunk[8192];
		size_t k;
		while (f && (k = fread(chunk, 1, sizeof chunk, f)) > 0)
			fwrite(chunk, 1, k, out);
		if (f)
			fclose(f);
		fputs("\n", out);
	}
	fclose(out);
	memset(&nt, 0, sizeof nt);
	CHECK_INT_EQ(h, resread_open(&rr, vol, &eb), 0);
	while (resread_next(rr, &one, note, &nt, &eb) == 1) {
		if (docs < 500 && read_all(paths[docs], &alone, 1, &(struct notes){0}) == 1) {
			same += same_resolution(&one, &alone);
			resolution_release(&alone);
		}
		docs++;
		resolution_release(&one);
	}
	resread_free(rr);
	CHECK_INT_EQ(h, docs, 500);
	CHECK_INT_EQ(h, same, 500);
	CHECK_INT_EQ(h, nt.warnings + nt.notices, 0);
	check_flat_volume(h, paths, 20);
out:
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

/* Every shape of tests/shapes/ one after another in one file (as a volume
 * of Official Records mixes them) reads as the documents each file gives
 * alone: the report after a resolution's footer is a plain document of its
 * own, cut before its masthead. */
static void test_shapes_volume(struct harness *h)
{
	char **paths = NULL;
	size_t n = 0, want = 0;
	struct buf vol = BUF_INIT;
	struct resolution alone[64];
	struct notes nt;

	list_txt("tests/shapes", &paths, &n);
	CHECK(h, n >= 10);
	for (size_t i = 0; i < n; i++) {
		FILE *f;
		char chunk[8192];
		size_t k;
		int m;
		m = read_all(paths[i], alone + want, (int)(64 - want), &nt);
		CHECK(h, m >= 1);
		want += m > 0 ? (size_t)m : 0;
		if (!(f = fopen(paths[i], "r")))
			continue;
		while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_append(&vol, chunk, k);
		fclose(f);
		buf_append_str(&vol, "\n");
	}
	check_volume_reads_as(h, &vol, alone, want);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	buf_release(&vol);
}

/* A volume opens with front matter longer than the parser looks for a
 * symbol line in: it becomes a plain document, and the resolution after it
 * is read as in its own file. */
static void test_front_matter(struct harness *h)
{
	struct buf vol = BUF_INIT;
	struct resolution want[2];
	struct notes nt;
	FILE *f;
	char chunk[8192];
	size_t k;

	buf_append_str(&vol, "Documentos Oficiales\n\nResoluciones y decisiones\n\n");
	for (int i = 1; i <= 14; i++)
		buf_printf(&vol, "Nota %d de la presente publicación sobre las signaturas.\n\n", i);
	memset(want, 0, sizeof want);
	CHECK_INT_EQ(h, read_all("tests/shapes/lettered_43_78_H.txt", &want[1], 1, &nt), 1);
	if (!(f = fopen("tests/shapes/lettered_43_78_H.txt", "r"))) {
		CHECK(h, f != NULL);
		return;
	}
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&vol, chunk, k);
	fclose(f);
	{
		struct resread *rr = resread_new_memory(vol.data, vol.len);
		struct errbuf eb;
		CHECK_INT_EQ(h, resread_next(rr, &want[0], NULL, NULL, &eb), 1);
		CHECK(h, !want[0].is_resolution && want[0].n_clauses == 16);
		resolution_release(&want[0]);
		CHECK_INT_EQ(h, resread_next(rr, &want[0], NULL, NULL, &eb), 1);
		CHECK(h, same_resolution(&want[0], &want[1]));
		CHECK_STR_EQ(h, want[0].symbol, "A/RES/43/78 H");
		resolution_release(&want[0]);
		CHECK_INT_EQ(h, resread_next(rr, &want[0], NULL, NULL, &eb), 0);
		resread_free(rr);
	}
	resolution_release(&want[1]);
	buf_release(&vol);
}

/* Text after a resolution's footer that is neither an annex, a footnote
 * nor the next resolution's header (a volume's list of resolutions) is a
 * plain document between the two resolutions, however short. */
static void test_plain_after(struct harness *h)
{
	static const char *const files[] = {
		"tests/shapes/hrc_40_1.txt", "tests/shapes/es_10_20.txt",
	};
	struct buf vol = BUF_INIT;
	struct resolution want[3];
	struct notes nt;

	memset(want, 0, sizeof want);
	for (int i = 0; i < 2; i++) {
		FILE *f = fopen(files[i], "r");
		char chunk[8192];
		size_t k;
		CHECK_INT_EQ(h, read_all(files[i], &want[2 * i], 1, &nt), 1);
		while (f && (k = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_append(&vol, chunk, k);
		if (f)
			fclose(f);
		if (i == 0)
			buf_append_str(&vol, "\nLista de las resoluciones aprobadas\n\n"
			               "Resoluciones 40/1 a 40/30, con las signaturas de los documentos.\n\n");
	}
	{
		struct resread *rr = resread_new_memory(vol.data, vol.len);
		struct resolution got;
		struct errbuf eb;
		CHECK_INT_EQ(h, resread_next(rr, &got, NULL, NULL, &eb), 1);
		CHECK(h, same_resolution(&got, &want[0]));
		resolution_release(&got);
		CHECK_INT_EQ(h, resread_next(rr, &got, NULL, NULL, &eb), 1);
		CHECK(h, !got.is_resolution && got.n_clauses == 2);
		CHECK(h, got.n_clauses && strcmp(got.clauses[0].label, "P1") == 0);
		resolution_release(&got);
		CHECK_INT_EQ(h, resread_next(rr, &got, NULL, NULL, &eb), 1);
		CHECK(h, same_resolution(&got, &want[2]));
		resolution_release(&got);
		CHECK_INT_EQ(h, resread_next(rr, &got, NULL, NULL, &eb), 0);
		resread_free(rr);
	}
	/* After the last resolution of a volume too; but after a file's only
	 * resolution the text stays with it. */
	{
		const char *tail = "Índice\n\nLista de los documentos citados.\n";
		struct buf single = BUF_INIT;
		struct resread *rr;
		struct resolution got;
		struct errbuf eb;
		int docs = 0, plain = 0;
		buf_append_str(&vol, tail);
		rr = resread_new_memory(vol.data, vol.len);
		while (resread_next(rr, &got, NULL, NULL, &eb) == 1) {
			docs++;
			plain += !got.is_resolution;
			resolution_release(&got);
		}
		resread_free(rr);
		CHECK_INT_EQ(h, docs, 4);
		CHECK_INT_EQ(h, plain, 2);
		buf_append(&single, vol.data, strstr(vol.data, "Lista de las resoluciones") - vol.data);
		buf_append_str(&single, tail);
		rr = resread_new_memory(single.data, single.len);
		CHECK_INT_EQ(h, resread_next(rr, &got, NULL, NULL, &eb), 1);
		CHECK(h, got.is_resolution && got.n_clauses &&
		      strncmp(got.text + got.clauses[got.n_clauses - 1].text_start,
		              "Lista de los documentos", 23) == 0);
		resolution_release(&got);
		CHECK_INT_EQ(h, resread_next(rr, &got, NULL, NULL, &eb), 0);
		resread_free(rr);
		buf_release(&single);
	}
	resolution_release(&want[0]);
	resolution_release(&want[2]);
	buf_release(&vol);
}

/* Bad files: binary, empty, only blank lines; a file in memory. */
static void test_bad_files(struct harness *h)
{
	static const char binary[] = "abc\0def";
	struct resread *rr;
	struct resolution r;
	struct errbuf eb;

	rr = resread_new_memory(binary, sizeof binary - 1);
	CHECK_INT_EQ(h, resread_next(rr, &r, NULL, NULL, &eb), ERR_BINARY);
	CHECK_STR_EQ(h, eb.msg, "binary file");
	resread_free(rr);
	rr = resread_new_memory("", 0);
	CHECK_INT_EQ(h, resread_next(rr, &r, NULL, NULL, &eb), ERR_EMPTY);
	CHECK_STR_EQ(h, eb.msg, "empty file");
	resread_free(rr);
	rr = resread_new_memory("\n \r\n\t\n", 6);
	CHECK_INT_EQ(h, resread_next(rr, &r, NULL, NULL, &eb), ERR_EMPTY);
	CHECK_STR_EQ(h, eb.msg, "empty file");
	resread_free(rr);
	/* UTF-16 is not binary for all its NUL bytes. */
	rr = resread_new_memory("\xFF\xFEH\0o\0l\0a\0", 10);
	CHECK_INT_EQ(h, resread_next(rr, &r, NULL, NULL, &eb), 1);
	CHECK(h, r.n_clauses == 1 && r.text_len == 4 && memcmp(r.text, "Hola", 4) == 0);
	resolution_release(&r);
	CHECK_INT_EQ(h, resread_next(rr, &r, NULL, NULL, &eb), 0);
	resread_free(rr);
	resread_free(NULL);
	CHECK(h, resread_open(&rr, "/nonexistent/x.txt", &eb) == ERR_IO && rr == NULL);
}

int main(int argc, char **argv)
{
	struct harness h = HARNESS_INIT("test_resread");

	if (test_env_init(&env, "test_resread", argc > 0 ? argv[0] : NULL))
		return 1;
	HARNESS_RUN(&h, test_encodings);
	HARNESS_RUN(&h, test_volume);
	HARNESS_RUN(&h, test_shapes_volume);
	HARNESS_RUN(&h, test_front_matter);
	HARNESS_RUN(&h, test_plain_after);
	HARNESS_RUN(&h, test_bad_files);
	test_env_release(&env);
	return harness_finish(&h);
}
