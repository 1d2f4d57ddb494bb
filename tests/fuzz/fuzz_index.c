/* fuzz_index.c: libFuzzer target for the index reader. At start-up a real
 * index of corpus/ (or $UNSEARCH_FUZZ_CORPUS) is built into a temporary
 * directory; each input then damages a copy of its segment or MANIFEST,
 * and the reader must refuse it cleanly or answer queries without
 * crashing: index_open, a few queries through plan_compile / eval_top_k /
 * eval_all / eval_explain, every hit's clause, document and text, the
 * clauses around the first hits (show.c, -C), the citation and lineage
 * commands (cite_query_run, lineage_run), and index_check.
 *
 * Input layout:
 *   byte 0   flags: FIX_CRC recompute the section, table and header CRCs
 *            after damaging (so the damage reaches the decoders instead of
 *            the checksum check, as it does in indexes over
 *            INDEX_VERIFY_LIMIT, whose big sections are not verified at
 *            open and whose table indexes only on first use); MANIFEST damage the MANIFEST instead of the segment;
 *            TRUNCATE cut the file at the u16 after the patches; CHECK
 *            also run index_check.
 *   then     patches: u16 offset (little-endian, modulo the file size),
 *            u8 length, that many bytes written over the file there. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>

#include "analyzer.h"
#include "build.h"
#include "cite_query.h"
#include "eval.h"
#include "format.h"
#include "index.h"
#include "lineage.h"
#include "qparse.h"
#include "show.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum {
	FLAG_FIX_CRC = 1,
	FLAG_MANIFEST = 2,
	FLAG_TRUNCATE = 4,
	FLAG_CHECK = 8,
};

static const char *const queries[] = {
	"derechos humanos",
	"\"derechos humanos\"",
	"informa*",
	"a*",
	"seguridad NEAR/3 internacional",
	"(paz OR guerra) -nacion",
	"kind:operative",
	"verb:acoge tecnologías",
	"session:74 year:2019..2020 comunicaciones",
	"A/RES/74/29",
	"symbol:A/RES/217",
	"Asamblea General NOT declaración",
	"cites:53/70",
	"cites:A/74/363 OR derechos",
};

static struct {
	char dir[64];
	char seg_path[300], man_path[300];
	uint8_t *seg, *man;
	size_t seg_len, man_len;
	struct analyzer *an;
	struct verbs_index verbs;
	FILE *devnull;
} F;

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET))
		abort();
	p = malloc((size_t)n + 1);
	if (!p || fread(p, 1, (size_t)n, f) != (size_t)n)
		abort();
	fclose(f);
	*len = (size_t)n;
	return p;
}

static void spill(const char *path, const uint8_t *p, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || (len && write(fd, p, len) != (ssize_t)len) || close(fd))
		abort();
}

static void cleanup(void)
{
	char p[400];
	DIR *d = opendir(F.dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", F.dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(F.dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *src = getenv("UNSEARCH_FUZZ_CORPUS");
	char *paths[1];
	struct build_config cfg;
	struct build_summary sum;
	struct errbuf eb = { { 0 }, 0 };
	DIR *d;
	struct dirent *e;

	(void)argc;
	(void)argv;
	paths[0] = (char *)(src && *src ? src : "corpus");
	strcpy(F.dir, "/tmp/unsearch-fuzz-XXXXXX");
	if (!mkdtemp(F.dir))
		abort();
	atexit(cleanup);
	memset(&cfg, 0, sizeof cfg);
	cfg.index_dir = F.dir;
	cfg.paths = paths;
	cfg.n_paths = 1;
	cfg.memory_budget = 1u << 20;
	if (build_index(&cfg, &sum, &eb)) {
		fprintf(stderr, "fuzz_index: cannot index %s: %s\n", paths[0], eb.msg);
		abort();
	}
	build_summary_release(&sum);
	if (!(d = opendir(F.dir)))
		abort();
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n > 4 && strcmp(e->d_name + n - 4, SEGMENT_SUFFIX) == 0)
			snprintf(F.seg_path, sizeof F.seg_path, "%s/%s", F.dir, e->d_name);
	}
	closedir(d);
	if (!F.seg_path[0])
		abort();
	snprintf(F.man_path, sizeof F.man_path, "%s/%s", F.dir, MANIFEST_NAME);
	F.seg = slurp(F.seg_path, &F.seg_len);
	F.man = slurp(F.man_path, &F.man_len);
	if (!(F.an = analyzer_new(&eb)))
		abort();
	verbs_index_init(&F.verbs);
	F.devnull = fopen("/dev/null", "w");
	return 0;
}

static uint32_t crc(const uint8_t *p, size_t n)
{
	return (uint32_t)crc32(crc32(0L, Z_NULL, 0), p, (uInt)n);
}

/* Make every checksum of the file agree with its (damaged) bytes, the
 * word model's own XXH3 (its last 8 bytes) too. */
static void fix_crcs(uint8_t *p, size_t len)
{
	uint32_t n;

	if (len < FILE_HEADER_SIZE)
		return;
	n = load_u32(p + HDR_NSECTIONS);
	if (n <= MAX_SECTIONS &&
	    FILE_HEADER_SIZE + (size_t)n * SECTION_ENTRY_SIZE <= len) {
		for (uint32_t i = 0; i < n; i++) {
			uint8_t *ent = p + FILE_HEADER_SIZE + (size_t)i * SECTION_ENTRY_SIZE;
			uint64_t off = load_u64(ent + SECT_OFFSET);
			uint64_t l = load_u64(ent + SECT_LENGTH);
			if (off > len || l > len - off)
				continue;
			if (load_u32(ent + SECT_ID) == SEC_TEXT_MODEL && l >= 8)
				store_u64(p + off + l - 8,
				          (uint64_t)XXH3_64bits(p + off, (size_t)l - 8));
			store_u32(ent + SECT_CRC, crc(p + off, (size_t)l));
		}
		store_u32(p + HDR_TABLE_CRC,
		          crc(p + FILE_HEADER_SIZE, (size_t)n * SECTION_ENTRY_SIZE));
	}
	store_u32(p + HDR_HEADER_CRC, crc(p, HDR_HEADER_CRC));
}

/* The citation and lineage commands over the damage, output discarded. */
static void run_commands(struct index *ix)
{
	struct errbuf eb;
	size_t n;

	for (int m = CITE_QUERY_CITED_BY; m <= CITE_QUERY_GRAPH; m++) {
		struct cite_query_opts o = { (enum cite_query_mode)m,
		                             m == CITE_QUERY_CITED_BY ? "53/70" : "74/29",
		                             2, { m == CITE_QUERY_REFS, 1, 0 } };
		memset(&eb, 0, sizeof eb);
		cite_query_run(ix, &o, F.devnull, &n, &eb);
	}
	for (int m = LINEAGE_HISTORY; m <= LINEAGE_DIFF; m++) {
		struct lineage_opts o = { (enum lineage_mode)m, "74/29",
		                          m == LINEAGE_DIFF ? "A/RES/217 A (III)" : "PP1",
		                          { 0, 1, 0 } };
		memset(&eb, 0, sizeof eb);
		lineage_run(ix, &o, F.devnull, &n, &eb);
	}
}

static void run_queries(struct index *ix)
{
	struct eval_opts opts;
	struct errbuf eb;

	memset(&opts, 0, sizeof opts);
	opts.bm25.k1 = BM25_K1_DEFAULT;
	opts.bm25.b = BM25_B_DEFAULT;
	opts.k = 10;
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		struct qnode *tree = NULL;
		struct query_plan *plan = NULL;
		struct eval_hit *hits = NULL;
		struct buf notices = BUF_INIT;
		size_t n = 0, total = 0;

		memset(&eb, 0, sizeof eb);
		if (qparse_parse(queries[q], &tree, &eb))
			abort(); /* the queries are valid */
		if (plan_compile(ix, F.an, &F.verbs, tree, &plan, &notices, &eb) == 0) {
			opts.exhaustive = q & 1;
			if (eval_top_k(plan, &opts, &hits, &n, &eb) == 0) {
				for (size_t i = 0; i < n; i++) {
					struct clause_info ci;
					struct doc_info di;
					struct buf text = BUF_INIT, ex = BUF_INIT;
					if (index_clause(ix, hits[i].clause, &ci, &eb) == 0)
						index_doc(ix, ci.doc, &di, &eb);
					index_clause_text(ix, hits[i].clause, &text, &eb);
					if (i < 2) {
						struct show_context around;
						eval_explain(plan, &opts, hits[i].clause, &ex, &eb);
						if (show_context_get(ix, F.an, hits[i].clause, 3,
						                     &around, &eb) == 0)
							show_context_release(&around);
					}
					buf_release(&text);
					buf_release(&ex);
				}
			}
			free(hits);
			hits = NULL;
			eval_all(plan, &opts, NULL, &total, NULL, &eb);
		}
		plan_free(plan);
		qnode_free(tree);
		buf_release(&notices);
	}
	run_commands(ix);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct errbuf eb = { { 0 }, 0 };
	struct index *ix = NULL;
	uint8_t flags, *file;
	size_t len, i = 1;
	int rc;

	if (size < 1)
		return 0;
	flags = data[0];
	len = flags & FLAG_MANIFEST ? F.man_len : F.seg_len;
	file = malloc(len + 1);
	memcpy(file, flags & FLAG_MANIFEST ? F.man : F.seg, len);
	while (i + 3 <= size) {
		size_t off = (size_t)load_u16(data + i) % len;
		size_t n = data[i + 2];
		i += 3;
		if (n > size - i)
			n = size - i;
		if (n > len - off)
			n = len - off;
		memcpy(file + off, data + i, n);
		i += n;
	}
	if (flags & FLAG_FIX_CRC)
		fix_crcs(file, len);
	if ((flags & FLAG_TRUNCATE) && i + 2 <= size)
		len = (size_t)load_u16(data + i) % (len + 1);
	spill(flags & FLAG_MANIFEST ? F.man_path : F.seg_path, file, len);
	if (flags & FLAG_MANIFEST)
		spill(F.seg_path, F.seg, F.seg_len);
	else
		spill(F.man_path, F.man, F.man_len);
	free(file);

	rc = index_open(F.dir, &ix, &eb);
	if (rc == 0) {
		run_queries(ix);
		index_close(ix);
	} else if (eb.msg[0] == '\0' || strchr(eb.msg, '\n')) {
		__builtin_trap(); /* a refusal must say why, on one line */
	}
	if (flags & FLAG_CHECK) {
		memset(&eb, 0, sizeof eb);
		index_check(F.dir, F.devnull, &eb);
	}
	return 0;
}
