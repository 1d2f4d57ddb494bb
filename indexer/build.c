/* build.c: the indexing pipeline, file -> parser -> analysis -> postings ->
 * segment (see build.h). */
#include "build.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "analyzer.h"
#include "arena.h"
#include "buf.h"
#include "cite.h"
#include "docqueue.h"
#include "extract.h"
#include "format.h"
#include "index.h"
#include "json.h"
#include "lexicon.h"
#include "lock.h"
#include "heap.h"
#include "merge.h"
#include "postings.h"
#include "readahead.h"
#include "readfile.h"
#include "resparse.h"
#include "resread.h"
#include "segment.h"
#include "storedtext.h"
#include "strmap.h"
#include "walk.h"
#include "wordcode.h"
#include "xalloc.h"

struct input_file { /* path and real live in struct build's file_paths */
	const char *path; /* as walked, for messages */
	const char *real; /* realpath (or path if that fails): the document's name */
	uint64_t size;
	int64_t mtime;
	uint64_t hash;  /* content hash once computed, else 0 */
	int indexed;    /* in the index after this run */
};

/* Files up to this size are read whole, once (build_file), rather than
 * opened three times (head, hash, text) and read twice: on the generated
 * 10 MiB corpus (715 files) unindex makes 817 opens and 1,450 reads
 * rather than 2,247 and 3,595 (strace -c), all on the main thread, which
 * sets the pace of a build. Up to 1 MiB held at a time. */
#define BUILD_WHOLE_BYTES ((size_t)1 << 20)

/* Merge policy: MERGE_FACTOR adjacent segments of one size tier (tiers grow
 * MERGE_FACTOR-fold from MERGE_FLOOR live clauses) are merged into one, and
 * a segment with more than MERGE_DELETED_PCT % deleted clauses is rewritten,
 * so the segment count stays logarithmic in the number of updates and
 * deleted clauses are reclaimed. */
#define MERGE_FACTOR 8
#define MERGE_FLOOR 4096
#define MERGE_DELETED_PCT 30

struct build {
	const struct build_config *cfg;
	struct build_summary *sum;
	struct analyzer *an;
	struct postings *post;
	struct segment_writer *seg;
	struct doc_queue *queue;       /* analysis of the files read, in order */
	struct heap_prefault *prefault; /* of a large build's heap, or NULL */
	struct extract *extract;       /* PDF, DOCX and DOC front ends */
	uint32_t *word_term;           /* analyzer word_id -> postings term_idx */
	size_t word_term_cap;
	struct posting_token *toks;    /* the clause being analysed */
	size_t n_toks, toks_cap;
	struct wordcode_hint *hints;   /* and its words, for its stored text */
	size_t hints_cap;
	struct input_file *files;       /* every file under the roots */
	size_t n_files, files_cap;
	struct strmap *seen;           /* realpaths walked: a file reached twice is one */
	char *walk_dir, *walk_real_dir; /* the last folder walked and its realpath */
	/* Every file's path and real path (walk_file), not two allocations
	 * a file each freed at the end: with a folder's names in an arena
	 * too (walk.c), a refresh of the 100 MiB corpus's 7,124 files took
	 * 26.1M -> 19.1M instructions (callgrind). */
	struct arena file_paths;
	struct input_file **todo;      /* new and changed files, to index */
	size_t n_todo;
	struct index *old;             /* the index before the run, or NULL */
	char **roots;                  /* the roots after the run */
	size_t n_roots;
	uint64_t next_gen;             /* number of the next segment file */
	struct manifest_entry *segs;   /* the segments of the next MANIFEST */
	size_t n_segs;
	const char *cur_path;          /* file being parsed, for warnings */
	uint32_t n_docs;
	FILE *export;                  /* --export, or NULL */
	struct buf export_line;
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

/* The real path of a walked file, in b->file_paths: its folder's real
 * path (the last one is cached: a folder's files come together) and its
 * name, unless the file itself is a symbolic link. NULL if it cannot be
 * resolved. */
static char *walk_realpath(struct build *b, const char *path, int is_link)
{
	const char *slash = strrchr(path, '/');
	size_t dir_len, name_len;
	char *real;

	if (!slash || is_link) {
		char *got = realpath(path, NULL);
		real = got ? arena_strdup(&b->file_paths, got) : NULL;
		free(got);
		return real;
	}
	if (!b->walk_dir || strlen(b->walk_dir) != (size_t)(slash - path) ||
	    strncmp(b->walk_dir, path, (size_t)(slash - path)) != 0) {
		free(b->walk_dir);
		free(b->walk_real_dir);
		b->walk_dir = xstrndup(path, (size_t)(slash - path));
		b->walk_real_dir = realpath(*b->walk_dir ? b->walk_dir : "/", NULL);
	}
	if (!b->walk_real_dir)
		return NULL;
	dir_len = strcmp(b->walk_real_dir, "/") ? strlen(b->walk_real_dir) : 0;
	name_len = strlen(slash + 1);
	real = arena_chars(&b->file_paths, dir_len + 1 + name_len + 1);
	memcpy(real, b->walk_real_dir, dir_len);
	real[dir_len] = '/';
	memcpy(real + dir_len + 1, slash + 1, name_len + 1);
	return real;
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
	int rc = extract_text(b->extract, fmt, f->path, *data, *len, &text, symbol, &fe);

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

static int walk_file(void *ctx, const char *path, const struct stat *st,
                     int is_link)
{
	struct build *b = ctx;
	struct input_file *f;
	char *real = walk_realpath(b, path, is_link);
	int added;

	strmap_upsert(b->seen, real ? real : path, strlen(real ? real : path), 0, &added);
	if (!added)
		return 0; /* (its real path stays in the arena: a file seen twice) */
	b->files = xgrow(b->files, &b->files_cap, b->n_files + 1, sizeof *b->files);
	f = &b->files[b->n_files++];
	memset(f, 0, sizeof *f);
	f->path = arena_strdup(&b->file_paths, path);
	f->real = real ? real : f->path;
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

/* Append a token of analyzer word word_id, whose term is term[0..len), to
 * the clause being added (b->toks, which has room for it), mapping the
 * word to its postings term on first sight in this segment. */
static void build_token(struct build *b, uint32_t word_id, const char *term,
                        size_t len, uint32_t position)
{
	uint32_t term_idx;

	if (word_id >= b->word_term_cap) {
		size_t old = b->word_term_cap;
		b->word_term = xgrow(b->word_term, &b->word_term_cap,
		                     (size_t)word_id + 1, sizeof *b->word_term);
		memset(b->word_term + old, 0xff,
		       (b->word_term_cap - old) * sizeof *b->word_term);
	}
	term_idx = b->word_term[word_id];
	if (term_idx == UINT32_MAX)
		term_idx = b->word_term[word_id] = postings_term(b->post, term, len);
	b->toks[b->n_toks].term_idx = term_idx;
	b->toks[b->n_toks].position = position;
	b->n_toks++;
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
static int export_clause(struct build *b, const char *file,
                         const struct resolution *res, const struct clause *c,
                         const char *text, struct errbuf *eb)
{
	struct buf *l = &b->export_line;

	buf_reset(l);
	buf_append_str(l, "{\"symbol\":");
	if (res->symbol)
		json_append_string(l, res->symbol, strlen(res->symbol));
	else
		json_append_string(l, file, strlen(file));
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

/* Report progress, at most once every cfg->progress_every seconds (and
 * always at the end): bytes_done counts into the file being indexed, so
 * that one large file shows progress too. */
static void build_report_progress(struct build *b, uint64_t bytes_done)
{
	double now = build_elapsed(b);
	struct build_progress p;

	if (!b->cfg->progress ||
	    (now - b->last_progress < b->cfg->progress_every && b->files_done < b->n_files))
		return;
	b->last_progress = now;
	p.files_done = b->files_done;
	p.files_total = b->n_files;
	p.bytes_done = bytes_done;
	p.bytes_total = b->bytes_total;
	p.seconds = now;
	b->cfg->progress(b->cfg->ctx, &p);
}

/* What format.h calls the content hash of a file: the 64-bit XXH3 of its
 * bytes. It was zlib's crc32 and adler32 side by side (format 24), 7.5 ms
 * of a 10 MiB build's CPU, all of it on the main thread that sets the
 * build's pace; XXH3 reads the bytes several times faster (4.5 and 3.3
 * GB/s for crc32 and adler32 against 13 GB/s, measured here). */
static uint64_t content_hash(const void *p, size_t n)
{
	return (uint64_t)XXH3_64bits(p, n);
}

/* The content hash of the file at path, read in chunks (the same value
 * as content_hash of its bytes at once); 0 if it cannot be read (then it
 * counts as changed, and its parse says why). */
static uint64_t file_content_hash(const char *path)
{
	unsigned char chunk[1 << 16];
	XXH3_state_t *h;
	struct stat st;
	uint64_t hash = 0;
	int fd;
	ssize_t got;

	if (file_open_regular(path, &fd, &st, NULL))
		return 0;
	h = XXH3_createState();
	if (!h || XXH3_64bits_reset(h) != XXH_OK) {
		XXH3_freeState(h);
		close(fd);
		return 0;
	}
	while ((got = read(fd, chunk, sizeof chunk)) > 0 || (got < 0 && errno == EINTR)) {
		if (got > 0 && XXH3_64bits_update(h, chunk, (size_t)got) != XXH_OK)
			break;
	}
	if (got == 0)
		hash = (uint64_t)XXH3_64bits_digest(h);
	XXH3_freeState(h);
	close(fd);
	return hash;
}

/* Add clause number clause of the segment, its tokens in b->toks (sc's
 * n_tokens is set here) and its citations cites[0..n_cites), but those of
 * the resolution itself (own: its symbol in normal form, or NULL), to the
 * segment and the postings. */
static int build_add_clause(struct build *b, uint32_t clause,
                            struct segment_clause *sc, const char *text,
                            size_t len, const char *own,
                            const struct citation *cites, size_t n_cites,
                            struct errbuf *eb)
{
	int rc;

	sc->n_tokens = (uint32_t)b->n_toks;
	rc = segment_add_clause(b->seg, sc, text, len, eb);
	for (size_t k = 0; !rc && k < n_cites; k++)
		if (!own || strcmp(own, cites[k].symbol) != 0)
			segment_add_cite(b->seg, clause, cites[k].symbol, cites[k].date,
			                 cites[k].kind);
	if (!rc)
		rc = postings_add_clause(b->post, clause, b->toks, b->n_toks, eb);
	b->sum->tokens += b->n_toks;
	return rc;
}

/* Where a queued document comes from (the tag of its analysed_doc, owned
 * by it): a file read now, or a live document of the index being merged,
 * whose record and clause records (verbs, labels) the stored
 * text alone does not give. */
struct doc_source {
	const struct input_file *f;  /* the file, or NULL for a stored document */
	struct doc_info di;          /* a stored document's record */
	uint32_t *verb_pos;          /* its clauses' verb positions */
	/* and lemmas and labels (in the index open for the merge) */
	const char **verb_lemmas, **labels;
};

static void doc_source_free(struct doc_source *src)
{
	free(src->verb_pos);
	free(src->verb_lemmas);
	free(src->labels);
	free(src);
}

/* Add one analysed document to the segment, the postings and (a file's)
 * the export. Every front end and every merge ends here, in the order
 * the documents were pushed. Only failures to write the index are
 * returned. */
static int build_invert(struct build *b, const struct analysed_doc *d,
                        struct errbuf *eb)
{
	const struct doc_source *src = d->tag;
	const struct input_file *f = src->f;
	const struct resolution *res = &d->res;
	uint32_t first_clause = segment_clause_count(b->seg);
	const char *symbol = f ? res->symbol : src->di.symbol;
	char *own;
	int rc = 0;

	own = symbol ? symbol_normalise(symbol) : NULL;
	for (size_t i = 0; i < res->n_clauses && !rc; i++) {
		const struct clause *c = &res->clauses[i];
		const struct analysed_clause *ac = &d->clauses[i];
		const char *text = res->text + c->text_start;
		struct segment_clause sc = {
			.doc = b->n_docs, .verb_pos = f ? ac->verb_pos : src->verb_pos[i],
			.verb_lemma = f ? ac->verb_lemma : src->verb_lemmas[i],
			.emph_start = (uint32_t)c->emph_start,
			.emph_len = (uint32_t)c->emph_len, .kind = c->kind,
			.line = c->line, .label = f ? c->label : src->labels[i],
		};

		b->n_toks = 0;
		b->toks = xgrow(b->toks, &b->toks_cap, ac->n_toks, sizeof *b->toks);
		b->hints = xgrow(b->hints, &b->hints_cap, ac->n_toks, sizeof *b->hints);
		for (size_t k = ac->first_tok; k < ac->first_tok + ac->n_toks; k++) {
			const struct analysed_token *t = &d->toks[k];
			b->hints[b->n_toks] = (struct wordcode_hint){ t->word_id, t->start, t->len };
			build_token(b, t->word_id, t->term, t->term_len, t->position);
		}
		sc.hints = b->hints;
		rc = build_add_clause(b, first_clause + (uint32_t)i, &sc, text,
		                      c->text_len, own, d->cites + ac->first_cite,
		                      ac->n_cites, eb);
		if (!rc && f && b->export)
			rc = export_clause(b, f->path, res, c, text, eb);
	}
	free(own);
	if (rc)
		return rc;
	struct segment_doc doc;
	if (f) {
		doc = (struct segment_doc){
			.symbol = res->symbol, .title = res->title,
			.committee = res->committee, .report = res->report,
			.path = f->real,
			.session = (uint32_t)res->session, .date = date_number(res->date),
			.agenda_item = (uint32_t)res->agenda_item,
			.meeting = (uint32_t)res->meeting,
			.flags = res->is_resolution ? DOC_IS_RESOLUTION : 0,
			.file_size = f->size, .mtime = f->mtime, .content_hash = f->hash,
			.parser_version = PARSER_VERSION,
		};
		b->sum->clauses += res->n_clauses;
		b->sum->resolutions += res->is_resolution ? 1 : 0;
		b->sum->plain_documents += res->is_resolution ? 0 : 1;
	} else {
		const struct doc_info *di = &src->di;
		doc = (struct segment_doc){
			.symbol = di->symbol, .title = di->title,
			.committee = di->committee, .report = di->report,
			.path = di->path, .session = di->session, .date = di->date,
			.agenda_item = di->agenda_item, .meeting = di->meeting,
			.flags = di->flags, .file_size = di->file_size,
			.mtime = di->mtime, .content_hash = di->content_hash,
			.parser_version = di->parser_version,
		};
	}
	doc.first_clause = first_clause;
	doc.n_clauses = (uint32_t)res->n_clauses;
	segment_add_doc(b->seg, &doc);
	b->n_docs++;
	return 0;
}

/* Invert the documents the queue has analysed, oldest first; with flush,
 * all of them (the queue is then empty). */
static int build_drain(struct build *b, int flush, struct errbuf *eb)
{
	struct analysed_doc d;
	int rc = 0;

	while (!rc && docqueue_next(b->queue, flush, &d)) {
		rc = build_invert(b, &d, eb);
		doc_source_free((struct doc_source *)d.tag);
		analysed_doc_release(&d);
	}
	return rc;
}

/* Empty and free the queue, dropping what an error left in it. */
static void build_queue_free(struct build *b)
{
	struct analysed_doc d;

	while (docqueue_next(b->queue, 1, &d)) {
		doc_source_free((struct doc_source *)d.tag);
		analysed_doc_release(&d);
	}
	docqueue_free(b->queue);
	b->queue = NULL;
}

/* Hand the parsed document *res (taken over: *res is zeroed) from src
 * (taken over) to the analysis, and invert what is analysed by now. */
static int build_push(struct build *b, struct doc_source *src,
                      struct resolution *res, struct errbuf *eb)
{
	struct analysed_doc d = { .res = *res, .tag = src };

	memset(res, 0, sizeof *res);
	docqueue_push(b->queue, &d);
	return build_drain(b, 0, eb);
}

/* The parsed document *res of file f (taken over: *res is zeroed). */
static int build_add_resolution(struct build *b, const struct input_file *f,
                                struct resolution *res, struct errbuf *eb)
{
	struct doc_source *src = xcalloc(1, sizeof *src);

	src->f = f;
	return build_push(b, src, res, eb);
}

/* Read one text file as a stream of documents (resread.h: decoded, cut at
 * each resolution heading, one document in memory at a time) and add each.
 * Problems with the file are warnings; only failures to write the index
 * are returned. */
static int build_file(struct build *b, struct input_file *f,
                      struct errbuf *eb)
{
	char head[8], *data = NULL;
	size_t head_len = 0, len, added = 0;
	struct resread *rr;
	struct resolution res;
	struct errbuf fe;
	enum extract_format fmt;
	int rc = 0, got;

	b->cur_path = f->path;
	/* A file of up to BUILD_WHOLE_BYTES is read once, whole: its head,
	 * hash and text come from those bytes. A larger one is opened three
	 * times (head, hash, text) and streamed, so that memory stays bounded. */
	rc = file_read_all(f->path, BUILD_WHOLE_BYTES, &data, &len, &fe);
	if (rc && (rc != ERR_LIMIT ||
	           file_read_head(f->path, head, sizeof head, &head_len, &fe))) {
		build_warn(b, f->path, 0, fe.msg);
		build_skip(b, f->path, SKIP_UNREADABLE);
		return 0;
	}
	if (data) {
		head_len = len < sizeof head ? len : sizeof head;
		memcpy(head, data, head_len);
	}
	/* The hash of what is indexed now, for the next update to compare. */
	if (!f->hash && data) {
		f->hash = content_hash(data, len);
	} else if (!f->hash) {
		f->hash = file_content_hash(f->path);
	}
	rc = 0;
	fmt = extract_format_of(f->path, head, head_len);
	if (fmt == EXTRACT_TEXT) {
		if (data) {
			rr = resread_new_memory(data, len);
		} else if (resread_open(&rr, f->path, &fe)) {
			build_warn(b, f->path, 0, fe.msg);
			build_skip(b, f->path, SKIP_UNREADABLE);
			return 0;
		}
	} else {
		/* A PDF, DOCX or DOC file is read whole by its front end; the text
		 * it gives is then read like a text file's. */
		if (!data)
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
	while ((got = resread_next(rr, &res, parse_warn, b, &fe)) == 1) {
		rc = build_add_resolution(b, f, &res, eb);
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
	f->indexed = added > 0;
	if (fmt == EXTRACT_TEXT)
		b->sum->bytes_read += resread_bytes(rr);
	resread_free(rr);
	free(data);
	return rc;
}

/* Add document doc of ix to the segment being built, from its stored
 * text: the same analysis of the same clause text as when its file was
 * parsed, so the postings are the same; the file is not read. */
static int build_stored_doc(struct build *b, struct index *ix, uint32_t doc,
                            struct errbuf *eb)
{
	struct doc_source *src = xcalloc(1, sizeof *src);
	struct resolution res;
	struct buf text = BUF_INIT;
	int rc = index_doc(ix, doc, &src->di, eb);
	uint32_t n = rc ? 0 : src->di.n_clauses;

	memset(&res, 0, sizeof res);
	res.clauses = xcalloc(n + 1, sizeof *res.clauses);
	src->verb_pos = xmalloc((n + 1) * sizeof *src->verb_pos);
	src->verb_lemmas = xmalloc((n + 1) * sizeof *src->verb_lemmas);
	src->labels = xmalloc((n + 1) * sizeof *src->labels);
	for (uint32_t i = 0; !rc && i < n; i++) {
		struct clause_info ci;
		struct clause *c = &res.clauses[i];
		size_t start = text.len;
		if ((rc = index_clause(ix, src->di.first_clause + i, &ci, eb)) ||
		    (rc = index_clause_text(ix, src->di.first_clause + i, &text, eb)))
			break;
		c->kind = (enum clause_kind)ci.kind;
		c->text_start = start;
		c->text_len = text.len - start;
		c->emph_start = ci.emph_start;
		c->emph_len = ci.emph_len;
		c->line = ci.line;
		src->verb_pos[i] = ci.verb_pos;
		src->verb_lemmas[i] = ci.verb_lemma;
		src->labels[i] = ci.label;
		res.n_clauses++;
	}
	res.text = buf_detach(&text, &res.text_len);
	if (rc) {
		resolution_release(&res);
		doc_source_free(src);
		return rc;
	}
	return build_push(b, src, &res, eb);
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

/* Remove temporaries of an earlier run that died. Returns the largest
 * segment number in dir, so that new segments never take a listed name. */
static uint64_t clean_dir(const char *dir)
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
		if (sscanf(e->d_name, "seg-%llu", &gen) == 1 && gen > max_gen)
			max_gen = gen;
		if (len > strlen(TMP_SUFFIX) &&
		    strcmp(e->d_name + len - strlen(TMP_SUFFIX), TMP_SUFFIX) == 0) {
			buf_reset(&path);
			buf_printf(&path, "%s/%s", dir, e->d_name);
			unlink(path.data);
		}
	}
	closedir(d);
	buf_release(&path);
	return max_gen;
}

/* Start a segment: fresh postings and writer, no words mapped yet. A
 * segment joining the index inherit (NULL: none) compresses its text with
 * that index's dictionary, when it has one trained on a full sample: the
 * update trains none, and readers digest one dictionary for all segments
 * (index_text.c). expect_bytes: about how much text is coming (0 if not
 * known). */
static int segment_build_begin(struct build *b, struct index *inherit,
                               uint64_t expect_bytes, struct errbuf *eb)
{
	struct buf prefix = BUF_INIT;
	const uint8_t *dict = NULL;
	size_t dict_len = 0;
	int rc, word = 0;

	buf_printf(&prefix, "%s/build-", b->cfg->index_dir);
	b->post = postings_new(prefix.data, b->cfg->memory_budget);
	rc = segment_writer_open(&b->seg, prefix.data, b->cfg->threads != 1, eb);
	buf_release(&prefix);
	if (!rc)
		segment_writer_expect_text(b->seg, expect_bytes);
	if (!rc && inherit)
		rc = index_text_dict(inherit, TEXT_DICT_INHERIT_BLOCKS, &dict, &dict_len, &word, eb);
	if (!rc && dict_len)
		rc = segment_writer_inherit_dict(b->seg, dict, dict_len, word, eb);
	b->n_docs = 0;
	if (b->word_term)
		memset(b->word_term, 0xff, b->word_term_cap * sizeof *b->word_term);
	return rc;
}

/* The lexicons of the segment being finished, written while its runs are
 * flushed and merged: they read only the postings' terms and the
 * analyzer's vocabulary, which nothing changes any more, and write only
 * the segment's lexicon tables, which the merge does not touch. */
struct lexicon_job {
	struct build *b;
	int rc;
	struct errbuf eb;
};

static void *lexicon_job_run(void *arg)
{
	struct lexicon_job *j = arg;
	const struct build *b = j->b;

	j->rc = lexicon_build(b->post, b->an, b->word_term, b->word_term_cap, b->seg, &j->eb);
	return NULL;
}

/* Finish the segment begun by segment_build_begin: merge the runs (and
 * write the lexicons, on a second thread unless cfg->threads is 1), write
 * the file seg-<next_gen>.uns, described in *e (e->name allocated). */
static int segment_build_finish(struct build *b, struct manifest_entry *e,
                                struct errbuf *eb)
{
	struct buf seg_path = BUF_INIT, name = BUF_INIT;
	struct lexicon_job lex = { b, 0, { "", 0 } };
	pthread_t lex_thread;
	int lex_threaded = b->cfg->threads != 1 &&
	                   pthread_create(&lex_thread, NULL, lexicon_job_run, &lex) == 0;
	size_t n = postings_run_count(b->post), n_last;
	const char **paths = xmalloc((n ? n : 1) * sizeof *paths);
	const struct postings_entry *last;
	int rc;

	if (!lex_threaded)
		lexicon_job_run(&lex);
	postings_finish(b->post, &last, &n_last);
	memset(e, 0, sizeof *e);
	b->sum->runs += n + 1;
	for (size_t i = 0; i < n; i++)
		paths[i] = postings_run_path(b->post, i);
	rc = merge_runs(paths, n, last, n_last, b->seg, eb);
	free(paths);
	if (lex_threaded)
		pthread_join(lex_thread, NULL);
	if (!rc && lex.rc)
		rc = errbuf_set(eb, lex.rc, "%s", lex.eb.msg);
	if (rc)
		goto out;
	buf_printf(&name, "seg-%" PRIu64 "%s", b->next_gen++, SEGMENT_SUFFIX);
	buf_printf(&seg_path, "%s/%s", b->cfg->index_dir, name.data);
	if ((rc = segment_write(b->seg, seg_path.data, &e->file_size, eb)))
		goto out;
	e->name = buf_detach(&name, NULL);
	e->n_docs = b->n_docs;
	e->n_clauses = segment_clause_count(b->seg);
out:
	segment_writer_free(b->seg);
	postings_free(b->post);
	b->seg = NULL;
	b->post = NULL;
	buf_release(&name);
	buf_release(&seg_path);
	return rc;
}

static void entries_release(struct manifest_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].deleted);
	}
	free(e);
}

/* The segments of the open index as manifest entries (deletions copied). */
static void entries_from_index(struct build *b, struct index *ix)
{
	uint32_t n = index_stats(ix)->n_segments;

	b->segs = xcalloc(n + 1, sizeof *b->segs);
	b->n_segs = n;
	for (uint32_t k = 0; k < n; k++) {
		struct index_segment_info si;
		const char *slash;
		index_segment_info(ix, k, &si);
		slash = strrchr(si.path, '/');
		b->segs[k].name = xstrdup(slash ? slash + 1 : si.path);
		b->segs[k].file_size = si.file_size;
		b->segs[k].n_docs = si.n_docs;
		b->segs[k].n_clauses = si.n_clauses;
		b->segs[k].n_deleted = si.n_deleted_docs;
		b->segs[k].deleted = xmalloc((si.n_deleted_docs + 1) * sizeof(uint32_t));
		memcpy(b->segs[k].deleted, si.deleted_docs, si.n_deleted_docs * sizeof(uint32_t));
	}
}

/* Mark global document doc of b->old deleted in b->segs (which mirror
 * b->old's segments). Documents are marked in ascending order. */
static void mark_deleted(struct build *b, uint32_t doc)
{
	for (size_t k = b->n_segs; k-- > 0;) {
		struct index_segment_info si;
		struct manifest_entry *e = &b->segs[k];
		index_segment_info(b->old, (uint32_t)k, &si);
		if (doc < si.doc_base)
			continue;
		uint32_t local = doc - si.doc_base, i = e->n_deleted;
		e->deleted = xrealloc(e->deleted, (e->n_deleted + 1) * sizeof *e->deleted);
		while (i > 0 && e->deleted[i - 1] > local) {
			e->deleted[i] = e->deleted[i - 1];
			i--;
		}
		e->deleted[i] = local;
		e->n_deleted++;
		return;
	}
}

/* Write the MANIFEST for b->segs and the roots. */
static int commit(struct build *b, struct errbuf *eb)
{
	int rc = manifest_write(b->cfg->index_dir, b->next_gen++, b->segs, b->n_segs,
	                        b->roots, b->n_roots, (int64_t)time(NULL), eb);

	if (!rc)
		b->sum->committed = 1;
	return rc;
}

/* Remove temporaries and every segment file the MANIFEST does not list
 * (leftovers of a run that died, segments replaced by the last commit). */
static void remove_unlisted(const char *dir, const struct manifest_entry *segs,
                            size_t n_segs)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct buf path = BUF_INIT;

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		int doomed = len > strlen(TMP_SUFFIX) &&
		             strcmp(e->d_name + len - strlen(TMP_SUFFIX), TMP_SUFFIX) == 0;
		if (strncmp(e->d_name, "seg-", 4) == 0 && len > strlen(SEGMENT_SUFFIX) &&
		    strcmp(e->d_name + len - strlen(SEGMENT_SUFFIX), SEGMENT_SUFFIX) == 0) {
			doomed = 1;
			for (size_t i = 0; i < n_segs && doomed; i++)
				doomed = strcmp(segs[i].name, e->d_name) != 0;
		}
		if (doomed) {
			buf_reset(&path);
			buf_printf(&path, "%s/%s", dir, e->d_name);
			unlink(path.data);
		}
	}
	closedir(d);
	buf_release(&path);
}

/* The roots after this run: the index's, plus cfg->paths (or minus them,
 * with --forget), as absolute paths in the order first given. */
static int plan_roots(struct build *b, struct errbuf *eb)
{
	const struct build_config *cfg = b->cfg;
	const char *const *old = NULL;
	uint32_t n_old = 0;
	int64_t last = 0;

	if (b->old && !(cfg->rebuild && cfg->n_paths > 0))
		index_roots(b->old, &old, &n_old, &last);
	b->roots = xcalloc(n_old + cfg->n_paths + 1, sizeof *b->roots);
	for (uint32_t i = 0; i < n_old; i++)
		b->roots[b->n_roots++] = xstrdup(old[i]);
	for (size_t i = 0; i < cfg->n_paths; i++) {
		char *real = realpath(cfg->paths[i], NULL);
		size_t k = 0;
		if (!real && !cfg->forget)
			/* A mistyped path must not quietly leave the index as it was. */
			return errbuf_set(eb, ERR_NOTFOUND, "%s: %s; the index in %s is unchanged",
			                  cfg->paths[i], strerror(errno), cfg->index_dir);
		while (k < b->n_roots && strcmp(b->roots[k], real ? real : cfg->paths[i]))
			k++;
		if (cfg->forget && k == b->n_roots) {
			free(real);
			return errbuf_set(eb, ERR_NOTFOUND, "%s is not a root of the index in %s",
			                  cfg->paths[i], cfg->index_dir);
		}
		if (cfg->forget) {
			free(b->roots[k]);
			memmove(b->roots + k, b->roots + k + 1, (b->n_roots - k - 1) * sizeof *b->roots);
			b->n_roots--;
			free(real);
		} else if (k == b->n_roots) {
			b->roots[b->n_roots++] = real;
		} else {
			free(real);
		}
	}
	return 0;
}

/* Whether path is root or lies under it. */
static int path_under(const char *path, const char *root)
{
	size_t len = strlen(root);

	return strncmp(path, root, len) == 0 &&
	       (path[len] == '/' || path[len] == '\0' || (len && root[len - 1] == '/'));
}

/* Read, parse and hand on every file of b->todo in order; threaded, the
 * next files are asked of the kernel meanwhile (readahead.h). */
static int build_files(struct build *b, int threaded, struct errbuf *eb)
{
	const char **paths = xmalloc((b->n_todo + 1) * sizeof *paths);
	uint64_t *sizes = xmalloc((b->n_todo + 1) * sizeof *sizes);
	struct readahead *ra;
	int rc = 0;

	for (size_t i = 0; i < b->n_todo; i++) {
		paths[i] = b->todo[i]->path;
		sizes[i] = b->todo[i]->size;
	}
	ra = threaded ? readahead_start(paths, sizes, b->n_todo) : NULL;
	for (size_t i = 0; i < b->n_todo && !rc; i++) {
		readahead_at(ra, i);
		rc = build_file(b, b->todo[i], eb);
		b->files_done = i + 1;
		build_report_progress(b, b->sum->bytes_read);
	}
	readahead_stop(ra);
	free(paths);
	free(sizes);
	return rc;
}

/* Compare the files under the roots with the index: fill b->todo (new and
 * changed files, in walk order), mark the documents of changed and removed
 * files deleted in b->segs, count everything in the summary. A file may
 * hold several documents (a volume): they share its path and go together. */
static int plan_update(struct build *b, struct errbuf *eb)
{
	struct build_summary *sum = b->sum;
	struct strmap *indexed = strmap_new(); /* path -> its first live doc */
	uint8_t *kept = NULL;                  /* by path: unchanged on disk */
	uint32_t n_docs = b->old ? index_stats(b->old)->n_docs : 0;
	/* by document: its path's entry in indexed, or -1 (deleted, none):
	 * the last pass reads no unchanged document again (reading each one
	 * and looking its path up were 2.6M of the 31.0M instructions of a
	 * refresh of the 100 MiB corpus) */
	long *doc_path = xmalloc((n_docs + 1) * sizeof *doc_path);
	size_t path_bytes = 0;
	struct walk_stats ws;
	int rc = 0;

	for (uint32_t d = 0; d < n_docs; d++) {
		struct doc_info di;
		uint64_t first;
		size_t len;
		int added;
		doc_path[d] = -1;
		if ((rc = index_doc(b->old, d, &di, eb)))
			goto out;
		if (di.deleted || !di.path)
			continue;
		len = strlen(di.path);
		first = *strmap_upsert(indexed, di.path, len, d, &added);
		/* a new path is the map's last entry; another document of a
		 * path (a volume's) has its first one's */
		doc_path[d] = added ? (long)strmap_count(indexed) - 1 : doc_path[first];
		path_bytes += added ? len : 0;
	}
	/* The walk finds about the files indexed before: room for them. */
	b->seen = strmap_new();
	strmap_reserve(b->seen, strmap_count(indexed), path_bytes);
	b->files = xgrow(b->files, &b->files_cap, strmap_count(indexed), sizeof *b->files);
	rc = walk_paths(b->roots, b->n_roots, b->cfg->threads != 1, walk_file, walk_skip, walk_warn, b,
	                &ws, eb);
	if (rc)
		goto out;
	sum->files = b->n_files;
	kept = xcalloc(strmap_count(indexed) + 1, 1);
	b->todo = xcalloc(b->n_files + 1, sizeof *b->todo);
	for (size_t i = 0; i < b->n_files && !rc; i++) {
		struct input_file *f = &b->files[i];
		long k = strmap_find(indexed, f->real, strlen(f->real));
		struct doc_info di;
		if (k < 0) {
			sum->n_new++;
			b->todo[b->n_todo++] = f;
			continue;
		}
		if ((rc = index_doc(b->old, (uint32_t)strmap_value(indexed, (size_t)k), &di, eb)))
			break;
		if (di.file_size == f->size && di.mtime != f->mtime && !f->hash) {
			f->hash = file_content_hash(f->path); /* touched: a read, no parse */
			sum->bytes_read += f->size;
		}
		/* A file another parser version read is parsed again: its
		 * clauses may differ even though its bytes do not. */
		if (di.parser_version == PARSER_VERSION && di.file_size == f->size &&
		    (di.mtime == f->mtime || f->hash == di.content_hash)) {
			sum->n_unchanged++;
			f->indexed = 1;
			kept[k] = 1;
			continue;
		}
		sum->n_changed++;
		f->hash = 0; /* hashed again as it is parsed */
		b->todo[b->n_todo++] = f;
	}
	for (uint32_t d = 0; d < n_docs && !rc; d++) {
		struct doc_info di;
		long k = doc_path[d];
		if (k < 0 || kept[k] || (rc = index_doc(b->old, d, &di, eb)))
			continue;
		/* Changed (re-read into the new segment) or gone: counted once a file. */
		if (strmap_value(indexed, (size_t)k) == d &&
		    !strmap_get(b->seen, di.path, strlen(di.path)))
			sum->n_removed++;
		if (b->segs)
			mark_deleted(b, d);
	}
	for (size_t i = 0; i < b->n_todo; i++)
		b->bytes_total += b->todo[i]->size;
out:
	free(kept);
	free(doc_path);
	strmap_free(indexed);
	return rc;
}

/* Fill the summary's picture of the index: roots with their documents,
 * segments, deletions. */
static int describe_index(struct build *b, struct index *ix, struct errbuf *eb)
{
	struct build_summary *sum = b->sum;
	const struct index_stats *st;
	const char *const *roots;
	uint32_t n_roots;
	int rc = 0;

	for (size_t i = 0; i < sum->n_roots; i++)
		free(sum->roots[i].path);
	free(sum->roots);
	sum->roots = xcalloc(b->n_roots + 1, sizeof *sum->roots);
	sum->n_roots = b->n_roots;
	for (size_t i = 0; i < b->n_roots; i++)
		sum->roots[i].path = xstrdup(b->roots[i]);
	if (!ix)
		return 0;
	st = index_stats(ix);
	index_roots(ix, &roots, &n_roots, &sum->last_update);
	sum->segments = st->n_segments;
	sum->live_docs = st->n_live_docs;
	sum->deleted_docs = st->n_docs - st->n_live_docs;
	sum->live_clauses = st->n_live_clauses;
	sum->deleted_clauses = st->n_clauses - st->n_live_clauses;
	if (!b->cfg->status)
		return 0; /* the roots' counts are --status's alone: reading
		           * every document, 2.2M of a refresh's 31.0M instructions
		           * at 100 MiB */
	for (uint32_t d = 0; d < st->n_docs && !rc; d++) {
		struct doc_info di;
		if ((rc = index_doc(ix, d, &di, eb)) || di.deleted || !di.path)
			continue;
		for (size_t i = 0; i < sum->n_roots; i++) {
			if (path_under(di.path, sum->roots[i].path)) {
				sum->roots[i].docs++;
				sum->roots[i].clauses += di.n_clauses;
				break;
			}
		}
	}
	return rc;
}

/* The live documents of segments [from, to) of ix into one new segment,
 * which replaces them in b->segs (mirroring ix's segments). 1 if there is
 * nothing to do: no live document, and no other segment to keep. */
static int merge_segments(struct build *b, struct index *ix, size_t from,
                          size_t to, struct errbuf *eb)
{
	struct index_segment_info first, last;
	struct manifest_entry e;
	int rc;

	index_segment_info(ix, (uint32_t)from, &first);
	index_segment_info(ix, (uint32_t)to - 1, &last);
	/* A merge of every segment trains a dictionary for all the text;
	 * one of some keeps the index's. */
	if ((rc = segment_build_begin(b, from == 0 && to == b->n_segs ? NULL : ix, 0, eb)))
		return rc;
	b->queue = docqueue_new(b->an, b->cfg->threads != 1);
	for (uint32_t d = first.doc_base; d < last.doc_base + last.n_docs && !rc; d++) {
		struct doc_info di;
		if ((rc = index_doc(ix, d, &di, eb)) || di.deleted)
			continue;
		rc = build_stored_doc(b, ix, d, eb);
	}
	if (!rc)
		rc = build_drain(b, 1, eb);
	build_queue_free(b);
	if (!rc && b->n_docs == 0) {
		/* Nothing live: the segments just go, but for the last one (a
		 * MANIFEST lists at least one; its documents stay deleted). */
		segment_writer_free(b->seg);
		postings_free(b->post);
		b->seg = NULL;
		b->post = NULL;
		if (to - from == b->n_segs)
			return 1;
		for (size_t k = from; k < to; k++) {
			free(b->segs[k].name);
			free(b->segs[k].deleted);
		}
		memmove(b->segs + from, b->segs + to, (b->n_segs - to) * sizeof *b->segs);
		b->n_segs -= to - from;
		return 0;
	}
	if (rc || (rc = segment_build_finish(b, &e, eb)))
		return rc;
	e.deleted = xmalloc(sizeof *e.deleted);
	for (size_t k = from; k < to; k++) {
		free(b->segs[k].name);
		free(b->segs[k].deleted);
	}
	b->segs[from] = e;
	memmove(b->segs + from + 1, b->segs + to, (b->n_segs - to) * sizeof *b->segs);
	b->n_segs -= to - from - 1;
	b->sum->merges++;
	return 0;
}

/* The size tier of a segment: 0 below MERGE_FLOOR live clauses, then one
 * more for every MERGE_FACTOR-fold. */
static unsigned merge_tier(const struct index_segment_info *si)
{
	uint64_t live = si->n_clauses - si->n_deleted_clauses, bound = MERGE_FLOOR;
	unsigned tier = 0;

	while (live >= bound) {
		tier++;
		bound *= MERGE_FACTOR;
	}
	return tier;
}

/* One merge the policy (or --optimize) asks for in ix: segments [*from,
 * *to). 0 if none, or if cfg says merge nothing. */
static int merge_pick(struct index *ix, const struct build_config *cfg, size_t *from, size_t *to)
{
	uint32_t n = index_stats(ix)->n_segments;
	struct index_segment_info si;

	if (cfg->optimize) {
		index_segment_info(ix, 0, &si);
		*from = 0;
		*to = n;
		return n > 1 || si.n_deleted_docs > 0;
	}
	if (cfg->no_merge)
		return 0;
	for (uint32_t k = 0; k < n; k++) {
		index_segment_info(ix, k, &si);
		if ((uint64_t)si.n_deleted_clauses * 100 > (uint64_t)si.n_clauses * MERGE_DELETED_PCT) {
			*from = k;
			*to = k + 1;
			return 1;
		}
	}
	for (uint32_t k = 0; k + MERGE_FACTOR <= n; k++) {
		unsigned tier;
		uint32_t j = k + 1;
		index_segment_info(ix, k, &si);
		tier = merge_tier(&si);
		for (; j < k + MERGE_FACTOR; j++) {
			index_segment_info(ix, j, &si);
			if (merge_tier(&si) != tier)
				break;
		}
		if (j == k + MERGE_FACTOR) {
			*from = k;
			*to = j;
			return 1;
		}
	}
	return 0;
}

/* Run the merges the policy (or --optimize) asks for, each committed on its
 * own: a crash between two leaves a complete index. */
static int run_merges(struct build *b, struct errbuf *eb)
{
	struct index *ix = NULL;
	size_t from, to;
	int rc = 0;

	for (;;) {
		if ((rc = index_open(b->cfg->index_dir, &ix, eb)))
			return rc;
		if (!merge_pick(ix, b->cfg, &from, &to))
			break;
		entries_release(b->segs, b->n_segs);
		b->segs = NULL;
		entries_from_index(b, ix);
		if ((rc = merge_segments(b, ix, from, to, eb)) == 1) {
			rc = 0;
			break;
		}
		if (rc || (rc = commit(b, eb)))
			break;
		index_close(ix);
		ix = NULL;
		remove_unlisted(b->cfg->index_dir, b->segs, b->n_segs);
	}
	if (!rc) {
		/* Files of a run killed after its commit, or before it. */
		entries_release(b->segs, b->n_segs);
		b->segs = NULL;
		entries_from_index(b, ix);
		remove_unlisted(b->cfg->index_dir, b->segs, b->n_segs);
		rc = describe_index(b, ix, eb);
	}
	index_close(ix);
	return rc;
}

/* Whether some file walked under the PATHs given (the walk starts from the
 * roots, real paths, so the walked path starts with one) is in the index
 * after this run: unchanged there, or parsed into the new segment. The
 * PATHs are resolved once, not once a file. */
static int given_indexed(const struct build *b)
{
	const struct build_config *cfg = b->cfg;
	char **real = xcalloc(cfg->n_paths + 1, sizeof *real);
	int found = 0;

	for (size_t k = 0; k < cfg->n_paths; k++)
		real[k] = realpath(cfg->paths[k], NULL);
	for (size_t i = 0; i < b->n_files && !found; i++)
		for (size_t k = 0; k < cfg->n_paths && b->files[i].indexed && !found; k++)
			found = real[k] && path_under(b->files[i].path, real[k]);
	for (size_t k = 0; k < cfg->n_paths; k++)
		free(real[k]);
	free(real);
	return found;
}

/* A build of at least BUILD_PREFAULT_MIN bytes of files has the heap it
 * is expected to use faulted in on a thread of its own (heap.h: in the
 * benchmark's turns, where each build comes after a few seconds of other
 * engines' work, the 10 MiB build took 0.254 -> 0.221 s with 44 MB of
 * heap faulted ahead, 0.237 with 24 and 0.239 with 64, 12 interleaved
 * runs each; back to back 0.218 -> 0.219): BUILD_PREFAULT_FIXED and as
 * much again as the files' bytes, their postings no more than the memory
 * budget. Peak RSS of builds of the generated corpora: 25 MB for 1.2 MB
 * of files, 45 for 3.5, 44 for 10.8, 61 for 31.8, 133 for 105; a file or
 * two, 8: a smaller build is left alone. */
#define BUILD_PREFAULT_MIN ((uint64_t)4 << 20)
#define BUILD_PREFAULT_FIXED ((size_t)24 << 20)

static size_t build_heap_expected(const struct build *b)
{
	uint64_t files = b->bytes_total < b->cfg->memory_budget ? b->bytes_total
	                                                         : b->cfg->memory_budget;
	uint64_t want = BUILD_PREFAULT_FIXED + files;

	return want < b->cfg->heap_bytes ? (size_t)want : b->cfg->heap_bytes;
}

static int build_run(struct build *b, struct errbuf *eb)
{
	const struct build_config *cfg = b->cfg;
	struct manifest_entry e;
	int rc, roots_changed = 0;

	b->next_gen = clean_dir(cfg->index_dir) + 1;
	rc = index_open(cfg->index_dir, &b->old, eb);
	if (rc == ERR_NOTFOUND) {
		b->old = NULL;
	} else if (rc) {
		if (!cfg->rebuild)
			return errbuf_prefix(eb, rc, "cannot update (unindex --rebuild re-reads every root)");
		/* A damaged index: rebuild from the roots given now. */
		b->old = NULL;
	} else if (index_generation(b->old) >= b->next_gen) {
		b->next_gen = index_generation(b->old) + 1;
	}
	if ((rc = plan_roots(b, eb)))
		return rc;
	if (b->n_roots == 0 && !cfg->status)
		return errbuf_set(eb, ERR_NOTFOUND, cfg->forget
		                  ? "that was the last root; remove the index in %s instead"
		                  : "no PATH to index and no roots in %s (try: unindex corpus/)",
		                  cfg->index_dir);
	if (b->old) {
		const char *const *old_roots;
		uint32_t n_old;
		int64_t last;
		index_roots(b->old, &old_roots, &n_old, &last);
		roots_changed = n_old != b->n_roots;
		for (uint32_t i = 0; i < n_old && !roots_changed; i++)
			roots_changed = strcmp(old_roots[i], b->roots[i]) != 0;
		if (!cfg->rebuild)
			entries_from_index(b, b->old);
	}
	if (cfg->rebuild) {
		struct index *keep = b->old;
		b->old = NULL; /* every file is new */
		rc = plan_update(b, eb);
		b->old = keep;
	} else {
		rc = plan_update(b, eb);
	}
	if (rc)
		return rc;
	if (cfg->status)
		return describe_index(b, b->old, eb);
	if (b->n_todo) {
		if (cfg->threads != 1 && b->bytes_total >= BUILD_PREFAULT_MIN)
			b->prefault = heap_prefault_start(cfg->heap, build_heap_expected(b));
		if ((rc = segment_build_begin(b, cfg->rebuild ? NULL : b->old, b->bytes_total,
		                              eb)))
			return rc;
		/* The files are read and parsed here while the queue's thread
		 * analyses the documents read so far (the analyzer is its alone
		 * until the queue is freed). */
		b->queue = docqueue_new(b->an, cfg->threads != 1);
		rc = build_files(b, cfg->threads != 1, eb);
		if (!rc)
			rc = build_drain(b, 1, eb);
		build_queue_free(b);
		if (rc) {
			segment_writer_free(b->seg);
			postings_free(b->post);
			b->seg = NULL;
			b->post = NULL;
			return rc;
		}
		if (b->n_docs == 0) {
			segment_writer_free(b->seg);
			postings_free(b->post);
			b->seg = NULL;
			b->post = NULL;
		} else {
			if ((rc = segment_build_finish(b, &e, eb)))
				return rc;
			e.deleted = xmalloc(sizeof *e.deleted);
			b->segs = xrealloc(b->segs, (b->n_segs + 1) * sizeof *b->segs);
			b->segs[b->n_segs++] = e;
		}
	}
	if (b->n_segs == 0 || (cfg->n_paths && !cfg->forget && !given_indexed(b))) {
		/* A folder of nothing indexable must not replace or pass for an
		 * index; the counts say why nothing was indexed. */
		struct buf why = BUF_INIT;
		build_summary_counts(b->sum, &why);
		rc = errbuf_set(eb, ERR_NOTFOUND,
		                "nothing could be indexed under the given paths (%s%s); the index in %s is unchanged",
		                b->n_files || b->sum->skipped[SKIP_EXTENSION] ? "" : "no files; ",
		                why.data, cfg->index_dir);
		buf_release(&why);
		return rc;
	}
	if (b->n_todo || b->sum->n_removed || roots_changed || cfg->rebuild || !b->old) {
		if ((rc = commit(b, eb)))
			return rc;
		remove_unlisted(cfg->index_dir, b->segs, b->n_segs);
	}
	index_close(b->old);
	b->old = NULL;
	return run_merges(b, eb);
}

void build_summary_release(struct build_summary *summary)
{
	for (size_t i = 0; i < summary->n_roots; i++)
		free(summary->roots[i].path);
	free(summary->roots);
	summary->roots = NULL;
	summary->n_roots = 0;
}

int build_index(const struct build_config *cfg, struct build_summary *summary,
                struct errbuf *eb)
{
	struct build b;
	int lock_fd = -1, rc;

	memset(summary, 0, sizeof *summary);
	memset(&b, 0, sizeof b);
	b.file_paths = (struct arena)ARENA_INIT(64u << 10);
	b.cfg = cfg;
	b.sum = summary;
	clock_gettime(CLOCK_MONOTONIC, &b.start);
	if (cfg->status) {
		struct stat st;
		if (stat(cfg->index_dir, &st) != 0)
			return errbuf_set(eb, ERR_NOTFOUND, "no index at %s", cfg->index_dir);
	} else if ((rc = make_dirs(cfg->index_dir, eb)) ||
	           (rc = index_lock_acquire(cfg->index_dir, &lock_fd, eb))) {
		return rc;
	}
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
	b.extract = extract_new();
	rc = build_run(&b, eb);
	extract_free(b.extract);
	if (b.export && (fclose(b.export) && !rc))
		rc = errbuf_set(eb, ERR_IO, "cannot write %s: %s", cfg->export_path,
		                strerror(errno));
	buf_release(&b.export_line);
	summary->seconds = build_elapsed(&b);
	index_close(b.old);
	if (rc && !cfg->status)
		clean_dir(cfg->index_dir);
	heap_prefault_stop(b.prefault);
	analyzer_free(b.an);
	arena_release(&b.file_paths);
	free(b.files);
	free(b.todo);
	strmap_free(b.seen);
	free(b.walk_dir);
	free(b.walk_real_dir);
	for (size_t i = 0; i < b.n_roots; i++)
		free(b.roots[i]);
	free(b.roots);
	entries_release(b.segs, b.n_segs);
	free(b.toks);
	free(b.hints);
	free(b.word_term);
	index_lock_release(lock_fd);
	return rc;
}
