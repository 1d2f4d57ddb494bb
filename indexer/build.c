/* build.c: the indexing pipeline, file -> parser -> analysis -> postings ->
 * segment (see build.h). */
#include "build.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyzer.h"
#include "buf.h"
#include "cite.h"
#include "extract.h"
#include "format.h"
#include "json.h"
#include "lock.h"
#include "merge.h"
#include "postings.h"
#include "readfile.h"
#include "resparse.h"
#include "resread.h"
#include "segment.h"
#include "strmap.h"
#include "walk.h"
#include "xalloc.h"

struct input_file {
	char *path;
	uint64_t size;
	int64_t mtime;
};

struct build {
	const struct build_config *cfg;
	struct build_summary *sum;
	struct analyzer *an;
	struct postings *post;
	struct segment_writer *seg;
	uint32_t *word_term;           /* analyzer word_id -> postings term_idx */
	size_t word_term_cap;
	struct posting_token *toks;    /* the clause being analysed */
	size_t n_toks, toks_cap;
	struct input_file *files;
	size_t n_files, files_cap;
	const char *cur_path;          /* file being parsed, for warnings */
	uint32_t n_docs;
	FILE *export;                  /* --export, or NULL */
	struct buf export_line;
	struct citations cites;        /* the clause being added's, reused */
	struct timespec start;
	double last_progress;
	size_t files_done;             /* for progress */
	uint64_t bytes_total;          /* of every file found, for progress */
};

static double build_elapsed(const struct build *b)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - b->start.tv_sec) +
	       (double)(now.tv_nsec - b->start.tv_nsec) / 1e9;
}

static void build_report(struct build *b, enum resparse_level level,
                         const char *path, uint32_t line, const char *msg)
{
	if (level == RESPARSE_NOTICE)
		b->sum->notices++;
	else
		b->sum->warnings++;
	if (b->cfg->warn)
		b->cfg->warn(b->cfg->ctx, level, path, line, msg);
}

static void build_warn(struct build *b, const char *path, uint32_t line,
                       const char *msg)
{
	build_report(b, RESPARSE_WARNING, path, line, msg);
}

static void walk_warn(void *ctx, const char *path, const char *msg)
{
	build_warn(ctx, path, 0, msg);
}

static void build_skip(struct build *b, const char *path, enum build_skip why)
{
	b->sum->skipped[why]++;
	if (b->cfg->skip)
		b->cfg->skip(b->cfg->ctx, path, why);
}

static void walk_skip(void *ctx, const char *path)
{
	build_skip(ctx, path, SKIP_EXTENSION);
}

const char *build_skip_name(enum build_skip why)
{
	static const char *const names[SKIP_REASON_COUNT] = {
		"extension", "binary", "empty", "unreadable", "filter missing",
		"too large",
	};

	return (unsigned)why < SKIP_REASON_COUNT ? names[why] : "?";
}

void build_summary_counts(const struct build_summary *s, struct buf *b)
{
	size_t skipped = 0;
	const char *sep = "";

	buf_append_str(b, "indexed");
	for (int f = 0; f < EXTRACT_FORMAT_COUNT; f++)
		if (s->indexed[f]) {
			buf_printf(b, "%s %zu %s", sep, s->indexed[f],
			           extract_format_name((enum extract_format)f));
			sep = ",";
		}
	if (!*sep)
		buf_append_str(b, " nothing");
	for (int r = 0; r < SKIP_REASON_COUNT; r++)
		skipped += s->skipped[r];
	if (!skipped)
		return;
	buf_printf(b, "; skipped %zu (", skipped);
	sep = "";
	for (int r = 0; r < SKIP_REASON_COUNT; r++)
		if (s->skipped[r]) {
			buf_printf(b, "%s%zu %s", sep, s->skipped[r],
			           build_skip_name((enum build_skip)r));
			sep = ", ";
		}
	buf_append_byte(b, ')');
}

/* Replace the bytes of a PDF, DOCX or DOC file by the text its front end
 * gives, and put the symbol the layout gave apart (a masthead's) in symbol.
 * On failure the file is warned about, counted as skipped, *data freed,
 * and the code returned. */
static int build_extract(struct build *b, const struct input_file *f,
                         enum extract_format fmt, char **data, size_t *len,
                         struct buf *symbol)
{
	struct buf text = BUF_INIT;
	struct errbuf fe;
	int rc = extract_text(fmt, f->path, *data, *len, &text, symbol, &fe);

	free(*data);
	*data = NULL;
	if (rc) {
		buf_release(&text);
		build_warn(b, f->path, 0, fe.msg);
		build_skip(b, f->path, rc == ERR_NOTFOUND ? SKIP_FILTER :
		                       rc == ERR_LIMIT ? SKIP_TOO_LARGE : SKIP_UNREADABLE);
		return rc;
	}
	buf_append_byte(&text, 0);
	*data = buf_detach(&text, len);
	(*len)--;
	return 0;
}

static int walk_file(void *ctx, const char *path, const struct stat *st)
{
	struct build *b = ctx;
	struct input_file *f;

	b->files = xgrow(b->files, &b->files_cap, b->n_files + 1, sizeof *b->files);
	f = &b->files[b->n_files++];
	f->path = xstrdup(path);
	f->size = (uint64_t)st->st_size;
	f->mtime = (int64_t)st->st_mtime;
	return 0;
}

static void parse_warn(void *ctx, enum resparse_level level, uint32_t line,
                       const char *msg)
{
	struct build *b = ctx;

	build_report(b, level, b->cur_path, line, msg);
}

/* Per-token callback of the clause analysis. */
struct clause_ctx {
	struct build *b;
	size_t verb_start;  /* byte offset of the verb, SIZE_MAX if none */
	uint32_t verb_pos;
};

static int clause_token(void *ctx, const struct token *t)
{
	struct clause_ctx *cc = ctx;
	struct build *b = cc->b;
	uint32_t term_idx;

	if (t->word_id >= b->word_term_cap) {
		size_t old = b->word_term_cap;
		b->word_term = xgrow(b->word_term, &b->word_term_cap,
		                     (size_t)t->word_id + 1, sizeof *b->word_term);
		memset(b->word_term + old, 0xff,
		       (b->word_term_cap - old) * sizeof *b->word_term);
	}
	term_idx = b->word_term[t->word_id];
	if (term_idx == UINT32_MAX)
		term_idx = b->word_term[t->word_id] =
			postings_term(b->post, t->term, t->term_len);
	b->toks = xgrow(b->toks, &b->toks_cap, b->n_toks + 1, sizeof *b->toks);
	b->toks[b->n_toks].term_idx = term_idx;
	b->toks[b->n_toks].position = t->position;
	b->n_toks++;
	if (cc->verb_pos == NO_POSITION && t->start >= cc->verb_start)
		cc->verb_pos = t->position;
	return 0;
}

static uint32_t date_number(const char *iso)
{
	int y, m, d;

	if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	return (uint32_t)(y * 10000 + m * 100 + d);
}

/* One line of --export: the clause as the other engines of the benchmark
 * (and any script) should index it. */
static int export_clause(struct build *b, const struct resolution *res,
                         const struct clause *c, const char *text,
                         struct errbuf *eb)
{
	struct buf *l = &b->export_line;

	buf_reset(l);
	buf_append_str(l, "{\"symbol\":");
	if (res->symbol)
		json_append_string(l, res->symbol, strlen(res->symbol));
	else
		json_append_string(l, b->cur_path, strlen(b->cur_path));
	buf_append_str(l, ",\"label\":");
	json_append_string(l, c->label, strlen(c->label));
	buf_printf(l, ",\"kind\":\"%s\",\"text\":", clause_kind_name(c->kind));
	json_append_string(l, text, c->text_len);
	buf_append_str(l, "}\n");
	if (fwrite(l->data, 1, l->len, b->export) != l->len)
		return errbuf_set(eb, ERR_IO, "cannot write the export: %s",
		                  strerror(errno));
	return 0;
}

/* Report progress, at most five times a second (and always at the end):
 * bytes_done counts into the file being indexed, so that one large file
 * shows progress too. */
static void build_report_progress(struct build *b, uint64_t bytes_done)
{
	double now = build_elapsed(b);
	struct build_progress p;

	if (!b->cfg->progress ||
	    (now - b->last_progress < 0.2 && b->files_done < b->n_files))
		return;
	b->last_progress = now;
	p.files_done = b->files_done;
	p.files_total = b->n_files;
	p.bytes_done = bytes_done;
	p.bytes_total = b->bytes_total;
	p.seconds = now;
	b->cfg->progress(b->cfg->ctx, &p);
}

/* The citations of one clause, but those of the resolution itself (own:
 * its symbol in normal form, or NULL). */
static void build_cites(struct build *b, uint32_t clause, const char *own,
                        const char *text, size_t len)
{
	cite_extract(text, len, &b->cites);
	for (size_t k = 0; k < b->cites.n; k++) {
		const struct citation *c = &b->cites.v[k];
		if (!own || strcmp(own, c->symbol) != 0)
			segment_add_cite(b->seg, clause, c->symbol, c->date, c->kind);
	}
}

/* Analyse one parsed document and add it to the segment, the postings
 * and the export; path is the file's absolute path. Every front end ends
 * here. Only failures to write the index are returned. */
static int build_add_resolution(struct build *b, const struct input_file *f,
                                const char *path, const struct resolution *res,
                                struct errbuf *eb)
{
	uint32_t first_clause = segment_clause_count(b->seg);
	char *own;
	int rc = 0;

	own = res->symbol ? symbol_normalise(res->symbol) : NULL;
	for (size_t i = 0; i < res->n_clauses && !rc; i++) {
		const struct clause *c = &res->clauses[i];
		const char *text = res->text + c->text_start;
		struct clause_ctx cc = { b, c->verb_len ? c->verb_start : SIZE_MAX,
		                         NO_POSITION };
		struct segment_clause sc;

		b->n_toks = 0;
		analyzer_run(b->an, text, c->text_len, 0, clause_token, &cc);
		sc = (struct segment_clause){
			.doc = b->n_docs, .n_tokens = (uint32_t)b->n_toks,
			.verb_pos = cc.verb_pos, .emph_start = (uint32_t)c->emph_start,
			.emph_len = (uint32_t)c->emph_len, .kind = c->kind,
			.line = c->line, .label = c->label,
		};
		rc = segment_add_clause(b->seg, &sc, text, c->text_len, eb);
		if (!rc)
			build_cites(b, first_clause + (uint32_t)i, own, text, c->text_len);
		if (!rc)
			rc = postings_add_clause(b->post, first_clause + (uint32_t)i,
			                         b->toks, b->n_toks, eb);
		b->sum->tokens += b->n_toks;
		if (!rc && b->export)
			rc = export_clause(b, res, c, text, eb);
	}
	free(own);
	if (rc)
		return rc;
	struct segment_doc doc = {
		.symbol = res->symbol, .title = res->title,
		.committee = res->committee, .report = res->report,
		.path = path,
		.session = (uint32_t)res->session, .date = date_number(res->date),
		.agenda_item = (uint32_t)res->agenda_item,
		.meeting = (uint32_t)res->meeting, .first_clause = first_clause,
		.n_clauses = (uint32_t)res->n_clauses,
		.flags = res->is_resolution ? DOC_IS_RESOLUTION : 0,
		.file_size = f->size, .mtime = f->mtime,
	};
	segment_add_doc(b->seg, &doc);
	b->n_docs++;
	b->sum->clauses += res->n_clauses;
	b->sum->resolutions += res->is_resolution ? 1 : 0;
	b->sum->plain_documents += res->is_resolution ? 0 : 1;
	return 0;
}

/* Read one text file as a stream of documents (resread.h: decoded, cut at
 * each resolution heading, one document in memory at a time) and add each.
 * Problems with the file are warnings; only failures to write the index
 * are returned. */
static int build_file(struct build *b, const struct input_file *f,
                      struct errbuf *eb)
{
	char head[8], *data = NULL, *real;
	size_t head_len = 0, len, added = 0;
	struct resread *rr;
	struct resolution res;
	struct errbuf fe;
	enum extract_format fmt;
	int rc = 0, got;

	b->cur_path = f->path;
	if (file_read_head(f->path, head, sizeof head, &head_len, &fe)) {
		build_warn(b, f->path, 0, fe.msg);
		build_skip(b, f->path, SKIP_UNREADABLE);
		return 0;
	}
	fmt = extract_format_of(f->path, head, head_len);
	if (fmt == EXTRACT_TEXT) {
		if (resread_open(&rr, f->path, &fe)) {
			build_warn(b, f->path, 0, fe.msg);
			build_skip(b, f->path, SKIP_UNREADABLE);
			return 0;
		}
	} else {
		/* A PDF, DOCX or DOC file is read whole by its front end; the text
		 * it gives is then read like a text file's. */
		rc = file_read_all(f->path, BUILD_MAX_FILE_BYTES, &data, &len, &fe);
		if (rc) {
			build_warn(b, f->path, 0, rc == ERR_LIMIT ? "file too large, skipped"
			                                          : fe.msg);
			build_skip(b, f->path, rc == ERR_LIMIT ? SKIP_TOO_LARGE : SKIP_UNREADABLE);
			return 0;
		}
		struct buf symbol = BUF_INIT;
		b->sum->bytes_read += len;
		rc = build_extract(b, f, fmt, &data, &len, &symbol);
		if (!rc) {
			rr = resread_new_memory(data, len);
			buf_append_byte(&symbol, 0);
			resread_set_masthead_symbol(rr, symbol.data);
		}
		buf_release(&symbol);
		if (rc)
			return 0;
	}
	real = realpath(f->path, NULL);
	while ((got = resread_next(rr, &res, parse_warn, b, &fe)) == 1) {
		rc = build_add_resolution(b, f, real ? real : f->path, &res, eb);
		resolution_release(&res);
		if (rc)
			break;
		added++;
		/* A volume of many resolutions shows progress by bytes. */
		if (fmt == EXTRACT_TEXT)
			build_report_progress(b, b->sum->bytes_read + resread_bytes(rr));
	}
	if (!rc && got < 0) {
		build_warn(b, f->path, 0, fe.msg);
		if (!added)
			build_skip(b, f->path, got == ERR_BINARY ? SKIP_BINARY
			                       : got == ERR_EMPTY ? SKIP_EMPTY : SKIP_UNREADABLE);
	}
	if (added)
		b->sum->indexed[fmt]++;
	if (fmt == EXTRACT_TEXT)
		b->sum->bytes_read += resread_bytes(rr);
	resread_free(rr);
	free(data);
	free(real);
	return rc;
}

/* term ids of the segment are the ranks of the terms in byte order. */
struct term_rank {
	const char *s;
	size_t len;
	uint32_t idx;
};

static int term_rank_cmp(const void *a, const void *b)
{
	const struct term_rank *x = a, *y = b;

	return bytes_cmp(x->s, x->len, y->s, y->len);
}

static uint32_t *build_term_ids(const struct postings *p)
{
	uint32_t n = postings_term_count(p);
	struct term_rank *r = xmalloc((n ? n : 1) * sizeof *r);
	uint32_t *ids = xmalloc((n ? n : 1) * sizeof *ids);

	for (uint32_t i = 0; i < n; i++) {
		r[i].s = postings_term_string(p, i, &r[i].len);
		r[i].idx = i;
	}
	qsort(r, n, sizeof *r, term_rank_cmp);
	for (uint32_t i = 0; i < n; i++)
		ids[r[i].idx] = i;
	free(r);
	return ids;
}

/* A lexicon under construction: key -> set of term ids. */
struct lexicon {
	struct strmap *keys;  /* key -> index into sets */
	uint32_t **sets;
	size_t *set_len, *set_cap;
	size_t cap;
};

static void lexicon_add(struct lexicon *lx, const char *key, size_t len,
                        uint32_t id)
{
	size_t n = strmap_count(lx->keys);
	int added;
	uint64_t k = *strmap_upsert(lx->keys, key, len, n, &added);

	if (added) {
		size_t c1 = lx->cap, c2 = lx->cap, c3 = lx->cap;
		lx->sets = xgrow(lx->sets, &c1, n + 1, sizeof *lx->sets);
		lx->set_len = xgrow(lx->set_len, &c2, n + 1, sizeof *lx->set_len);
		lx->set_cap = xgrow(lx->set_cap, &c3, n + 1, sizeof *lx->set_cap);
		lx->cap = c1;
		lx->sets[n] = NULL;
		lx->set_len[n] = lx->set_cap[n] = 0;
	}
	for (size_t i = 0; i < lx->set_len[k]; i++)
		if (lx->sets[k][i] == id)
			return;
	lx->sets[k] = xgrow(lx->sets[k], &lx->set_cap[k], lx->set_len[k] + 1,
	                    sizeof *lx->sets[k]);
	lx->sets[k][lx->set_len[k]++] = id;
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static int lexicon_write(struct lexicon *lx, struct segment_writer *sw,
                         enum segment_lexicon which, struct errbuf *eb)
{
	size_t n = strmap_count(lx->keys);
	struct term_rank *r = xmalloc((n ? n : 1) * sizeof *r);
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		r[i].s = strmap_key(lx->keys, i, &r[i].len);
		r[i].idx = (uint32_t)i;
	}
	qsort(r, n, sizeof *r, term_rank_cmp);
	for (size_t i = 0; i < n && !rc; i++) {
		uint32_t k = r[i].idx;
		qsort(lx->sets[k], lx->set_len[k], sizeof *lx->sets[k], u32_cmp);
		rc = segment_lexicon_add(sw, which, r[i].s, r[i].len, lx->sets[k],
		                         lx->set_len[k], eb);
	}
	free(r);
	return rc;
}

static void lexicon_release(struct lexicon *lx)
{
	for (size_t i = 0; lx->keys && i < strmap_count(lx->keys); i++)
		free(lx->sets[i]);
	free(lx->sets);
	free(lx->set_len);
	free(lx->set_cap);
	strmap_free(lx->keys);
}

/* The folded and key lexicons, from the analyzer's vocabulary. */
static int build_lexicons(struct build *b, const uint32_t *term_ids,
                          struct errbuf *eb)
{
	struct lexicon folded = { strmap_new(), NULL, NULL, NULL, 0 };
	struct lexicon keys = { strmap_new(), NULL, NULL, NULL, 0 };
	size_t n = analyzer_vocab_count(b->an);
	int rc;

	for (size_t i = 0; i < n; i++) {
		struct token t;
		if (i >= b->word_term_cap || b->word_term[i] == UINT32_MAX)
			continue; /* a word the analyzer saw outside any clause */
		analyzer_vocab_entry(b->an, i, &t);
		uint32_t id = term_ids[b->word_term[i]];
		lexicon_add(&folded, t.folded, t.folded_len, id);
		lexicon_add(&keys, t.key, t.key_len, id);
	}
	rc = lexicon_write(&folded, b->seg, LEXICON_FOLDED, eb);
	if (!rc)
		rc = lexicon_write(&keys, b->seg, LEXICON_KEYS, eb);
	lexicon_release(&folded);
	lexicon_release(&keys);
	return rc;
}

/* Create dir and its parents, like mkdir -p. */
static int make_dirs(const char *dir, struct errbuf *eb)
{
	char *p = xstrdup(dir);
	int rc = 0;

	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0755) && errno != EEXIST) {
				rc = errbuf_set(eb, ERR_IO, "cannot create %s: %s", p,
				                strerror(errno));
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return rc;
}

/* Remove leftovers of an earlier build that died (temporaries), and every
 * segment but keep (NULL: none kept). Returns the largest generation seen. */
static uint64_t clean_dir(const char *dir, const char *keep, int remove_segments)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	uint64_t max_gen = 0;
	struct buf path = BUF_INIT;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		unsigned long long gen;
		int is_tmp = len > strlen(TMP_SUFFIX) &&
		             strcmp(e->d_name + len - strlen(TMP_SUFFIX), TMP_SUFFIX) == 0;
		int is_seg = sscanf(e->d_name, "seg-%llu.uns", &gen) == 1 &&
		             strcmp(e->d_name + len - strlen(SEGMENT_SUFFIX), SEGMENT_SUFFIX) == 0;
		if (is_seg && gen > max_gen)
			max_gen = gen;
		if (is_tmp || (remove_segments && is_seg && !is_tmp &&
		               (!keep || strcmp(e->d_name, keep) != 0))) {
			buf_reset(&path);
			buf_printf(&path, "%s/%s", dir, e->d_name);
			unlink(path.data);
		}
	}
	closedir(d);
	buf_release(&path);
	return max_gen;
}

static int build_run(struct build *b, struct errbuf *eb)
{
	const struct build_config *cfg = b->cfg;
	struct walk_stats ws;
	struct buf prefix = BUF_INIT, seg_name = BUF_INIT, seg_path = BUF_INIT;
	uint64_t gen, seg_size = 0;
	uint32_t *term_ids = NULL;
	int rc;

	rc = walk_paths(cfg->paths, cfg->n_paths, walk_file, walk_skip, walk_warn,
	                b, &ws, eb);
	if (rc)
		return rc;
	b->sum->files = ws.files;
	for (size_t i = 0; i < b->n_files; i++)
		b->bytes_total += b->files[i].size;

	gen = clean_dir(cfg->index_dir, NULL, 0) + 1;
	buf_printf(&prefix, "%s/build-", cfg->index_dir);
	b->post = postings_new(prefix.data, cfg->memory_budget);
	if ((rc = segment_writer_open(&b->seg, prefix.data, eb)))
		goto out;
	for (size_t i = 0; i < b->n_files && !rc; i++) {
		rc = build_file(b, &b->files[i], eb);
		b->files_done = i + 1;
		build_report_progress(b, b->sum->bytes_read);
	}
	if (!rc && b->n_docs == 0) {
		/* A mistyped folder must not replace a good index with an empty
		 * one; the counts say why nothing was indexed. */
		struct buf why = BUF_INIT;
		build_summary_counts(b->sum, &why);
		rc = errbuf_set(eb, ERR_NOTFOUND,
		                "nothing could be indexed under the given paths (%s%s); the index in %s is unchanged",
		                b->n_files || b->sum->skipped[SKIP_EXTENSION] ? "" : "no files; ",
		                why.data, cfg->index_dir);
		buf_release(&why);
	}
	if (!rc)
		rc = postings_finish(b->post, eb);
	if (rc)
		goto out;
	b->sum->runs = postings_run_count(b->post);
	{
		size_t n = postings_run_count(b->post);
		const char **paths = xmalloc((n ? n : 1) * sizeof *paths);
		for (size_t i = 0; i < n; i++)
			paths[i] = postings_run_path(b->post, i);
		rc = merge_runs(paths, n, b->seg, eb);
		free(paths);
	}
	if (rc)
		goto out;
	term_ids = build_term_ids(b->post);
	if ((rc = build_lexicons(b, term_ids, eb)))
		goto out;
	buf_printf(&seg_name, "seg-%" PRIu64 "%s", gen, SEGMENT_SUFFIX);
	buf_printf(&seg_path, "%s/%s", cfg->index_dir, seg_name.data);
	if ((rc = segment_write(b->seg, seg_path.data, &seg_size, eb)))
		goto out;
	rc = manifest_write(cfg->index_dir, gen, seg_name.data, seg_size,
	                    (uint32_t)b->n_docs, segment_clause_count(b->seg), eb);
	if (rc) {
		unlink(seg_path.data);
		goto out;
	}
	clean_dir(cfg->index_dir, seg_name.data, 1);
	b->sum->index_bytes = seg_size;
out:
	free(term_ids);
	buf_release(&prefix);
	buf_release(&seg_name);
	buf_release(&seg_path);
	return rc;
}

int build_index(const struct build_config *cfg, struct build_summary *summary,
                struct errbuf *eb)
{
	struct build b;
	int lock_fd = -1, rc;

	memset(summary, 0, sizeof *summary);
	memset(&b, 0, sizeof b);
	b.cfg = cfg;
	b.sum = summary;
	clock_gettime(CLOCK_MONOTONIC, &b.start);
	if ((rc = make_dirs(cfg->index_dir, eb)) ||
	    (rc = index_lock_acquire(cfg->index_dir, &lock_fd, eb)))
		return rc;
	b.an = analyzer_new(eb);
	if (!b.an) {
		index_lock_release(lock_fd);
		return ERR_INVALID;
	}
	if (cfg->export_path && !(b.export = fopen(cfg->export_path, "w"))) {
		rc = errbuf_set(eb, ERR_IO, "cannot create %s: %s", cfg->export_path,
		                strerror(errno));
		analyzer_free(b.an);
		index_lock_release(lock_fd);
		return rc;
	}
	rc = build_run(&b, eb);
	if (b.export && (fclose(b.export) && !rc))
		rc = errbuf_set(eb, ERR_IO, "cannot write %s: %s", cfg->export_path,
		                strerror(errno));
	buf_release(&b.export_line);
	citations_release(&b.cites);
	summary->seconds = build_elapsed(&b);
	segment_writer_free(b.seg);
	postings_free(b.post);
	if (rc)
		clean_dir(cfg->index_dir, NULL, 0);
	analyzer_free(b.an);
	for (size_t i = 0; i < b.n_files; i++)
		free(b.files[i].path);
	free(b.files);
	free(b.toks);
	free(b.word_term);
	index_lock_release(lock_fd);
	return rc;
}
