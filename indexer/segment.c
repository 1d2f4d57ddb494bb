/* segment.c: writes segments and manifests in the layout of format.h. */
#include "segment.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h> /* crc32 of the section table */

#include "buf.h"
#include "clause_kind.h"
#include "clauserec.h"
#include "codec.h"
#include "format.h"
#include "skiptab.h"
#include "spool.h"
#include "sst.h"
#include "storedtext.h"
#include "strmap.h"
#include "termlist.h"
#include "worker.h"
#include "xalloc.h"

_Static_assert(CLAUSE_KIND_COUNT <= 1u << KIND_BITS, "a clause kind fits SEC_KINDS");

/* The postings of the term being encoded (encode_*). */
struct term_encoder {
	uint32_t ids[CODEC_BLOCK], tfs[CODEC_BLOCK];
	uint32_t n;                 /* postings in the open block */
	const uint32_t *pos;        /* the open block's position deltas, in the batch */
	size_t n_pos;
	int64_t prev_last;          /* last id of the previous block, -1 */
	uint32_t df, n_blocks;
	uint32_t title_max;         /* its largest tf in a title clause */
	struct buf skips, data;     /* skip table chunks, doc data */
	/* The open chunk of skip entries: written when full and another block
	 * follows, or at the term's end without its last block's sizes
	 * (format.h SEC_POSTINGS). */
	struct skip_chunk chunk;
	uint64_t positions_off;     /* where its positions start in out.positions */
	char term[SST_MAX_KEY];
	size_t term_len;
};

/* Terms on their way from segment_term_* (the merge) to the encoder, a
 * batch of about TERM_BATCH_POSTINGS postings at a time. */
struct term_batch {
	struct buf terms;     /* the terms' bytes, back to back */
	uint32_t *meta;       /* per term: its byte length, its postings */
	size_t n_terms, meta_cap;
	uint32_t *ids, *tfs;  /* the postings, term after term */
	size_t n_post, ids_cap, tfs_cap;
	uint32_t *deltas;     /* each posting's positions, as gaps */
	size_t n_deltas, deltas_cap;
};

#define TERM_BATCH_POSTINGS 65536u

/* A batch's terms encoded (encode_batch), waiting to be written in term
 * order (emit_batch): their postings (header, skip table, doc data) and
 * their positions back to back, and per term its df and the bytes it
 * takes of each. Encoding writes nothing else, so two batches can be
 * encoded at once. */
struct term_out {
	struct buf postings, positions;
	uint64_t *sizes;            /* 3 a term: df, postings bytes, positions bytes */
	size_t n_terms, sizes_cap;
};

/* What encodes a batch: the open term, scratch, the output. */
struct term_coder {
	struct term_encoder enc;
	struct buf scratch;         /* a block's positions */
	struct buf pos_header;      /* a block's group lengths */
	struct term_out out;
};

/* Encoding a term (its blocks, their bound fronts and skip entries) is
 * most of what the merge of runs costs, and the merge runs after every
 * other thread of an indexing has finished. A threaded writer queues
 * full batches, up to TERM_PIPE_QUEUE, for a thread of its own, and
 * with the queue full encodes the batch itself: one thread encoding
 * while the merge's waited took ~75 ms of a 10 MiB build's ~110 ms
 * finish. Whoever encodes a batch writes it, in the order the batches
 * were filled (the main thread writes its own once the queue is empty),
 * so the segment is byte for byte the same. Unthreaded, the main thread
 * encodes and writes every batch on the spot. */
#define TERM_PIPE_QUEUE 2
#define TERM_PIPE_BATCHES (TERM_PIPE_QUEUE + 1)
enum { CODER_MAIN, CODER_THREAD };
struct term_pipe {
	/* A ring: batch[head] and the n_queued - 1 after it are the
	 * thread's, in order; batch[fill] the one segment_term_* fill, the
	 * next after them. */
	struct term_batch batch[TERM_PIPE_BATCHES];
	int head, n_queued, fill;
	struct term_coder coder[2]; /* CODER_MAIN, CODER_THREAD */
	int threaded;
	struct worker worker; /* its lock guards head, n_queued, rc and eb */
	int rc;             /* the first error of a write, message in eb */
	struct errbuf eb;
	int64_t last;       /* the open term's last clause, -1 */
};

/* A table of distinct strings by index (SEC_LABELS, SEC_LEMMAS): each
 * string's offset in SEC_STRINGS, in order of first use. */
struct string_table {
	struct strmap *ids;  /* string -> its index */
	struct buf offsets;  /* the section: u32 offsets */
};

struct segment_writer {
	char *tmp_prefix;
	struct spool postings, positions, clauses, text;
	struct buf docs, strings, stats, cites;
	/* SEC_LENGTHS, SEC_LONG_LENGTHS and SEC_KINDS, made by segment_write
	 * from clause_lens and kinds (a byte a clause, looked up while the
	 * segment is built). */
	struct buf lengths, long_lengths, kinds, packed_kinds;
	struct stored_text *text_store; /* writes into the text spool */
	struct strmap *string_offsets; /* dedupes labels and repeated strings */
	struct string_table labels;    /* SEC_LABELS */
	struct string_table lemmas;    /* SEC_LEMMAS */
	struct clauserec_writer records; /* SEC_CLAUSES encoder, SEC_CLAUSE_GROUPS */
	struct buf record;             /* one encoded clause record */
	uint32_t *clause_lens;
	size_t n_clauses, clause_lens_cap;
	uint32_t n_docs;
	uint64_t n_tokens;
	struct sst_writer terms, folded, keys;
	uint32_t folded_base, keys_base; /* termlist_append's, of each */
	struct term_pipe pipe;
};

static int term_pipe_finish(struct segment_writer *sw, struct errbuf *eb);
static void term_batch_release(struct term_batch *b);
static void term_coder_release(struct term_coder *c);

static int segment_spool(struct segment_writer *sw, struct spool *s,
                         const char *name, struct errbuf *eb)
{
	struct buf path = BUF_INIT;
	int rc;

	buf_printf(&path, "%s%s%s", sw->tmp_prefix, name, TMP_SUFFIX);
	rc = spool_open(s, path.data, eb);
	buf_release(&path);
	return rc;
}

int segment_writer_open(struct segment_writer **out, const char *tmp_prefix,
                        int threaded, struct errbuf *eb)
{
	struct segment_writer *sw = xcalloc(1, sizeof *sw);
	int rc;

	sw->tmp_prefix = xstrdup(tmp_prefix);
	sw->string_offsets = strmap_new();
	sw->labels.ids = strmap_new();
	sw->lemmas.ids = strmap_new();
	/* the payloads end themselves (format.h) */
	sst_writer_init(&sw->terms, 1);
	sst_writer_init(&sw->folded, 1);
	sst_writer_init(&sw->keys, 1);
	if ((rc = segment_spool(sw, &sw->postings, "postings", eb)) ||
	    (rc = segment_spool(sw, &sw->positions, "positions", eb)) ||
	    (rc = segment_spool(sw, &sw->clauses, "clauses", eb)) ||
	    (rc = segment_spool(sw, &sw->text, "text", eb))) {
		segment_writer_free(sw);
		return rc;
	}
	sw->text_store = storedtext_new(&sw->text, threaded);
	sw->pipe.threaded = threaded;
	*out = sw;
	return 0;
}

void segment_writer_expect_text(struct segment_writer *sw, uint64_t raw_bytes)
{
	storedtext_expect(sw->text_store, raw_bytes);
}

int segment_writer_inherit_dict(struct segment_writer *sw, const uint8_t *dict, size_t len,
                                int word, struct errbuf *eb)
{
	return storedtext_inherit_dict(sw->text_store, dict, len, word, eb);
}

void segment_writer_free(struct segment_writer *sw)
{
	if (!sw)
		return;
	storedtext_free(sw->text_store); /* first: its thread writes sw->text */
	term_pipe_finish(sw, NULL);
	for (int i = 0; i < TERM_PIPE_BATCHES; i++)
		term_batch_release(&sw->pipe.batch[i]);
	for (int i = 0; i < 2; i++)
		term_coder_release(&sw->pipe.coder[i]);
	spool_close(&sw->postings);
	spool_close(&sw->positions);
	spool_close(&sw->clauses);
	spool_close(&sw->text);
	buf_release(&sw->docs);
	buf_release(&sw->strings);
	buf_release(&sw->stats);
	buf_release(&sw->lengths);
	buf_release(&sw->long_lengths);
	buf_release(&sw->kinds);
	buf_release(&sw->packed_kinds);
	buf_release(&sw->cites);
	strmap_free(sw->string_offsets);
	strmap_free(sw->labels.ids);
	buf_release(&sw->labels.offsets);
	strmap_free(sw->lemmas.ids);
	buf_release(&sw->lemmas.offsets);
	buf_release(&sw->records.groups);
	buf_release(&sw->record);
	free(sw->clause_lens);
	sst_writer_release(&sw->terms);
	sst_writer_release(&sw->folded);
	sst_writer_release(&sw->keys);
	free(sw->tmp_prefix);
	free(sw);
}

/* Offset of s in the strings section, adding it once; NO_STRING for NULL. */
static uint32_t segment_string(struct segment_writer *sw, const char *s)
{
	size_t len;
	int added;
	uint64_t *off;

	if (!s)
		return NO_STRING;
	len = strlen(s);
	off = strmap_upsert(sw->string_offsets, s, len, sw->strings.len, &added);
	if (added)
		buf_append(&sw->strings, s, len + 1);
	return (uint32_t)*off;
}

/* Index of s in table t (SEC_LABELS, SEC_LEMMAS), adding it once;
 * UINT32_MAX (CLAUSE_NO_LABEL, CLAUSE_NO_LEMMA) for NULL or "" (readers
 * give "" for no label, NULL for no lemma). */
static uint32_t segment_table_string(struct segment_writer *sw, struct string_table *t,
                                     const char *s)
{
	size_t len;
	int added;
	uint64_t *id;

	_Static_assert(LABEL_ENTRY_SIZE == 4 && LEMMA_ENTRY_SIZE == 4 &&
	               CLAUSE_NO_LABEL == UINT32_MAX && CLAUSE_NO_LEMMA == UINT32_MAX,
	               "string tables of u32 offsets, UINT32_MAX for none");
	if (!s || !*s)
		return UINT32_MAX;
	len = strlen(s);
	id = strmap_upsert(t->ids, s, len, t->offsets.len / 4, &added);
	if (added)
		buf_append_u32(&t->offsets, segment_string(sw, s));
	return (uint32_t)*id;
}

int segment_add_clause(struct segment_writer *sw, const struct segment_clause *c,
                       const char *text, size_t len, struct errbuf *eb)
{
	struct clause_rec r;
	int rc;

	/* The record's 16-bit fields hold what the parser's clause limit
	 * allows; anything larger is a bug upstream, not bad input. */
	if (len > TEXT_BLOCK_SIZE || c->n_tokens > CLAUSE_MAX_TOKENS ||
	    c->emph_start + c->emph_len > len)
		return errbuf_set(eb, ERR_LIMIT,
		                  "clause of %zu bytes and %u tokens exceeds the format's limits",
		                  len, c->n_tokens);
	memset(&r, 0, sizeof r);
	if ((rc = storedtext_add(sw->text_store, text, len, c->hints,
	                         c->hints ? c->n_tokens : 0, &r.text_block, &r.text_off,
	                         &r.text_ord, eb)))
		return rc;
	r.doc = c->doc;
	r.text_len = (uint32_t)len;
	r.label = segment_table_string(sw, &sw->labels, c->label);
	r.verb_pos = c->verb_pos;
	r.lemma = segment_table_string(sw, &sw->lemmas, c->verb_lemma);
	r.emph_start = c->emph_start;
	r.emph_len = c->emph_len;
	r.line = c->line;
	buf_reset(&sw->record);
	if ((rc = clauserec_append(&sw->records, &r, &sw->record, eb)) ||
	    (rc = spool_write(&sw->clauses, sw->record.data, sw->record.len, eb)))
		return rc;
	sw->clause_lens = xgrow(sw->clause_lens, &sw->clause_lens_cap,
	                        sw->n_clauses + 1, sizeof *sw->clause_lens);
	sw->clause_lens[sw->n_clauses++] = c->n_tokens;
	buf_append_byte(&sw->kinds, (uint8_t)c->kind);
	sw->n_tokens += c->n_tokens;
	return 0;
}

void segment_add_doc(struct segment_writer *sw, const struct segment_doc *d)
{
	uint8_t rec[DOC_RECORD_SIZE];
	uint32_t flags = d->flags & ~DOC_TITLE_BITS;

	/* Its clauses are in (segment.h), so their kinds name its title. */
	for (uint32_t i = 0; i < d->n_clauses && i < DOC_TITLE_SCAN &&
	                     d->first_clause + i < sw->n_clauses; i++)
		if ((uint8_t)sw->kinds.data[d->first_clause + i] == CLAUSE_TITLE) {
			flags |= (i + 1) << DOC_TITLE_SHIFT;
			break;
		}

	memset(rec, 0, sizeof rec);
	store_u32(rec + DOC_SYMBOL, segment_string(sw, d->symbol));
	store_u32(rec + DOC_TITLE, segment_string(sw, d->title));
	store_u32(rec + DOC_COMMITTEE, segment_string(sw, d->committee));
	store_u32(rec + DOC_REPORT, segment_string(sw, d->report));
	store_u32(rec + DOC_PATH, segment_string(sw, d->path));
	store_u32(rec + DOC_SESSION, d->session);
	store_u32(rec + DOC_DATE, d->date);
	store_u32(rec + DOC_AGENDA_ITEM, d->agenda_item);
	store_u32(rec + DOC_MEETING, d->meeting);
	store_u32(rec + DOC_FIRST_CLAUSE, d->first_clause);
	store_u32(rec + DOC_N_CLAUSES, d->n_clauses);
	store_u32(rec + DOC_FLAGS, flags);
	store_u64(rec + DOC_FILE_SIZE, d->file_size);
	store_u64(rec + DOC_MTIME, (uint64_t)d->mtime);
	store_u64(rec + DOC_HASH, d->content_hash);
	store_u32(rec + DOC_PARSER, d->parser_version);
	buf_append(&sw->docs, rec, sizeof rec);
	sw->n_docs++;
}

void segment_add_cite(struct segment_writer *sw, uint32_t clause,
                      const char *symbol, uint32_t date, unsigned kind)
{
	uint8_t rec[CITE_RECORD_SIZE];

	memset(rec, 0, sizeof rec);
	store_u32(rec + CITE_CLAUSE, clause);
	store_u32(rec + CITE_SYMBOL, segment_string(sw, symbol));
	store_u32(rec + CITE_DATE, date);
	rec[CITE_KIND] = (uint8_t)kind;
	buf_append(&sw->cites, rec, sizeof rec);
}

uint32_t segment_clause_count(const struct segment_writer *sw)
{
	return (uint32_t)sw->n_clauses;
}

/* Open c's encoder on a term (len <= SST_MAX_KEY). */
static void encode_begin(struct term_coder *c, const char *term, size_t len)
{
	struct term_encoder *e = &c->enc;

	memcpy(e->term, term, len);
	e->term_len = len;
	e->n = 0;
	e->n_pos = 0;
	e->prev_last = -1;
	e->df = e->n_blocks = e->title_max = 0;
	e->chunk.n = e->chunk.n_diffs = 0;
	buf_reset(&e->skips);
	buf_reset(&e->data);
	e->positions_off = c->out.positions.len;
}

/* Encode the open block: doc data into e->data, positions into c->out.
 * sw gives the clauses' lengths and kinds, which no longer change. */
static void encode_block(struct term_coder *c, const struct segment_writer *sw)
{
	struct term_encoder *e = &c->enc;
	uint32_t gaps[CODEC_BLOCK], tfm1[CODEC_BLOCK], tf_over_1 = 0;
	struct bound_pair pairs[CODEC_BLOCK];
	struct bit_writer bits;
	size_t data_before = e->data.len, n_pairs;
	uint64_t pos_before = c->out.positions.len;
	int64_t prev = e->prev_last;

	assert(e->n > 0); /* a block is encoded when a posting fills or ends it */
	for (uint32_t i = 0; i < e->n; i++) {
		gaps[i] = (uint32_t)(e->ids[i] - prev - 1);
		prev = e->ids[i];
		tfm1[i] = e->tfs[i] - 1;
		tf_over_1 |= tfm1[i];
		pairs[i].tf = e->tfs[i];
		pairs[i].len = sw->clause_lens[e->ids[i]];
	}
	bitpack_append(&e->data, gaps, e->n);
	if (tf_over_1) /* a block whose every tf is 1 ends with its ids */
		bitpack_append(&e->data, tfm1, e->n);
	buf_reset(&c->scratch);
	buf_reset(&c->pos_header);
	bit_writer_start(&bits, &c->scratch);
	for (uint32_t i = 0, at = 0, group_start = 0; i < e->n; at += e->tfs[i], i++) {
		positions_put(&bits, e->pos + at, e->tfs[i], sw->clause_lens[e->ids[i]]);
		if ((i + 1) % POSITION_GROUP == 0 && i + 1 < e->n) {
			bit_writer_finish(&bits);
			varint_append(&c->pos_header, c->scratch.len - group_start);
			group_start = (uint32_t)c->scratch.len;
		}
	}
	bit_writer_finish(&bits);
	buf_append(&c->out.positions, c->pos_header.data, c->pos_header.len);
	buf_append(&c->out.positions, c->scratch.data, c->scratch.len);
	if (e->chunk.n == CODEC_BLOCK) {
		skiptab_append(&e->skips, &e->chunk, CODEC_BLOCK);
		e->chunk.n = e->chunk.n_diffs = 0;
	}
	n_pairs = skiptab_front(pairs, e->n);
	skiptab_add(&e->chunk, (uint32_t)(e->ids[e->n - 1] - e->prev_last - 1),
	            (uint32_t)(e->data.len - data_before),
	            (uint32_t)(c->out.positions.len - pos_before), pairs, n_pairs);
	e->prev_last = e->ids[e->n - 1];
	e->n_blocks++;
	e->n = 0;
	e->n_pos = 0;
}

/* Add the open term's posting in clause (checked by segment_term_add)
 * with its tf positions as gaps, at deltas: right after the previous
 * posting's in the same batch, so a block's positions are read where the
 * batch holds them. */
static void encode_add(struct term_coder *c, const struct segment_writer *sw,
                       uint32_t clause, const uint32_t *deltas, uint32_t tf)
{
	struct term_encoder *e = &c->enc;

	if (e->n == 0)
		e->pos = deltas;
	e->ids[e->n] = clause;
	e->tfs[e->n] = tf;
	e->n++;
	if ((uint8_t)sw->kinds.data[clause] == CLAUSE_TITLE && tf > e->title_max)
		e->title_max = tf;
	e->df++;
	e->n_pos += tf;
	if (e->n == CODEC_BLOCK)
		encode_block(c, sw);
}

/* Close the open term: its last block, then its postings and sizes into
 * c->out. */
static void encode_end(struct term_coder *c, const struct segment_writer *sw)
{
	struct term_encoder *e = &c->enc;
	struct term_out *o = &c->out;
	size_t postings_before = o->postings.len;

	if (e->n)
		encode_block(c, sw);
	/* A term of one block (most of a small corpus's) has neither title_max
	 * nor a skip table: the reader derives both from the block. */
	if (e->n_blocks > 1) {
		/* the last block's sizes follow from the term's lengths */
		skiptab_append(&e->skips, &e->chunk, e->chunk.n - 1);
		varint_append(&o->postings, e->title_max);
		buf_append(&o->postings, e->skips.data, e->skips.len);
	}
	buf_append(&o->postings, e->data.data, e->data.len);
	o->sizes = xgrow(o->sizes, &o->sizes_cap, 3 * (o->n_terms + 1), sizeof *o->sizes);
	o->sizes[3 * o->n_terms] = e->df;
	o->sizes[3 * o->n_terms + 1] = o->postings.len - postings_before;
	o->sizes[3 * o->n_terms + 2] = o->positions.len - e->positions_off;
	o->n_terms++;
}

static void term_batch_reset(struct term_batch *b)
{
	buf_reset(&b->terms);
	b->n_terms = b->n_post = b->n_deltas = 0;
}

static void term_batch_release(struct term_batch *b)
{
	buf_release(&b->terms);
	free(b->meta);
	free(b->ids);
	free(b->tfs);
	free(b->deltas);
}

/* Encode every term of b in order into c->out (emptied first). */
static void encode_batch(struct term_coder *c, const struct segment_writer *sw,
                         const struct term_batch *b)
{
	const char *term = b->terms.data;
	size_t post = 0, delta = 0;

	buf_reset(&c->out.postings);
	buf_reset(&c->out.positions);
	c->out.n_terms = 0;
	for (size_t t = 0; t < b->n_terms; t++) {
		uint32_t len = b->meta[2 * t], n = b->meta[2 * t + 1];
		encode_begin(c, term, len);
		term += len;
		for (uint32_t i = 0; i < n; i++, post++) {
			encode_add(c, sw, b->ids[post], b->deltas + delta, b->tfs[post]);
			delta += b->tfs[post];
		}
		encode_end(c, sw);
	}
}

/* Write b's terms, encoded in o, after every batch filled before b: their
 * postings and positions to the spools, their TERMS entries. Then empty
 * b. Only a table block's first term carries its offsets; the others
 * start where the term before ends (format.h SEC_TERMS). */
static int emit_batch(struct segment_writer *sw, struct term_batch *b,
                      const struct term_out *o, struct errbuf *eb)
{
	uint64_t postings_off = sw->postings.len, positions_off = sw->positions.len;
	const char *term = b->terms.data;
	struct buf payload = BUF_INIT;
	int rc;

	if (!(rc = spool_write(&sw->postings, o->postings.data, o->postings.len, eb)))
		rc = spool_write(&sw->positions, o->positions.data, o->positions.len, eb);
	for (size_t t = 0; t < o->n_terms && !rc; t++) {
		const uint64_t *size = o->sizes + 3 * t;
		uint32_t len = b->meta[2 * t];
		int first = sw->terms.n_keys % SST_BLOCK_KEYS == 0;
		buf_reset(&payload);
		varint_append(&payload, size[0]);
		if (first)
			varint_append(&payload, postings_off);
		varint_append(&payload, size[1]);
		if (first)
			varint_append(&payload, positions_off);
		varint_append(&payload, size[2]);
		rc = sst_writer_add(&sw->terms, term, len, payload.data, payload.len, eb);
		postings_off += size[1];
		positions_off += size[2];
		term += len;
	}
	buf_release(&payload);
	term_batch_reset(b);
	return rc;
}

static void term_coder_release(struct term_coder *c)
{
	buf_release(&c->enc.skips);
	buf_release(&c->enc.data);
	buf_release(&c->scratch);
	buf_release(&c->pos_header);
	buf_release(&c->out.postings);
	buf_release(&c->out.positions);
	free(c->out.sizes);
}

static void *term_pipe_thread(void *arg)
{
	struct segment_writer *sw = arg;
	struct term_pipe *p = &sw->pipe;
	struct term_coder *c = &p->coder[CODER_THREAD];

	pthread_mutex_lock(&p->worker.lock);
	for (;;) {
		while (!p->n_queued && !p->worker.closing)
			pthread_cond_wait(&p->worker.changed, &p->worker.lock);
		if (!p->n_queued)
			break;
		/* Every batch filled before batch[head] is written: the main
		 * thread writes its own only with the queue empty. */
		struct term_batch *b = &p->batch[p->head];
		int failed = p->rc, rc = 0;
		struct errbuf eb = { "", 0 };
		pthread_mutex_unlock(&p->worker.lock);
		if (failed) {
			term_batch_reset(b);
		} else {
			encode_batch(c, sw, b);
			rc = emit_batch(sw, b, &c->out, &eb);
		}
		pthread_mutex_lock(&p->worker.lock);
		if (rc && !p->rc) {
			p->rc = rc;
			p->eb = eb;
		}
		p->head = (p->head + 1) % TERM_PIPE_BATCHES;
		p->n_queued--;
		pthread_cond_broadcast(&p->worker.changed);
	}
	pthread_mutex_unlock(&p->worker.lock);
	return NULL;
}

/* Hand the filled batch on: queue it for the thread, or with the queue
 * full encode it here and write it once the queue is empty. 0 or the
 * pipe's first error. */
static int term_pipe_flush(struct segment_writer *sw, struct errbuf *eb)
{
	struct term_pipe *p = &sw->pipe;
	struct term_batch *b = &p->batch[p->fill];
	struct errbuf own = { "", 0 };
	int rc, failed;

	if (p->threaded && !p->worker.running && worker_start(&p->worker, term_pipe_thread, sw))
		p->threaded = 0; /* no thread to be had: encode here */
	if (p->worker.running) {
		pthread_mutex_lock(&p->worker.lock);
		if (p->n_queued < TERM_PIPE_QUEUE && !p->rc) {
			p->n_queued++;
			p->fill = (p->fill + 1) % TERM_PIPE_BATCHES;
			pthread_cond_broadcast(&p->worker.changed);
			pthread_mutex_unlock(&p->worker.lock);
			return 0;
		}
		failed = p->rc;
		pthread_mutex_unlock(&p->worker.lock);
	} else {
		failed = p->rc;
	}
	if (!failed)
		encode_batch(&p->coder[CODER_MAIN], sw, b);
	if (p->worker.running) {
		pthread_mutex_lock(&p->worker.lock);
		while (p->n_queued && !p->rc)
			pthread_cond_wait(&p->worker.changed, &p->worker.lock);
		failed = p->rc;
		pthread_mutex_unlock(&p->worker.lock);
	}
	/* The thread is idle now (or there is none): rc is the main
	 * thread's to read and write until the next batch is queued. */
	rc = failed ? failed : emit_batch(sw, b, &p->coder[CODER_MAIN].out, &own);
	if (failed)
		term_batch_reset(b);
	else if (rc && !p->rc) {
		p->rc = rc;
		p->eb = own;
	}
	if (rc && eb)
		errbuf_set(eb, rc, "%s", p->eb.msg);
	return rc;
}

/* Encode what is left and stop the thread: 0 or the pipe's first error
 * (into eb, unless NULL). */
static int term_pipe_finish(struct segment_writer *sw, struct errbuf *eb)
{
	struct term_pipe *p = &sw->pipe;

	if (p->batch[p->fill].n_terms)
		term_pipe_flush(sw, NULL);
	worker_stop(&p->worker);
	if (p->rc && eb)
		errbuf_set(eb, p->rc, "%s", p->eb.msg);
	return p->rc;
}

int segment_term_begin(struct segment_writer *sw, const char *term, size_t len,
                       struct errbuf *eb)
{
	struct term_batch *b = &sw->pipe.batch[sw->pipe.fill];

	if (len > SST_MAX_KEY)
		return errbuf_set(eb, ERR_INVALID, "term longer than %d bytes", SST_MAX_KEY);
	b->meta = xgrow(b->meta, &b->meta_cap, 2 * (b->n_terms + 1), sizeof *b->meta);
	b->meta[2 * b->n_terms] = (uint32_t)len;
	b->meta[2 * b->n_terms + 1] = 0;
	b->n_terms++;
	buf_append(&b->terms, term, len);
	sw->pipe.last = -1;
	return 0;
}

int segment_term_add(struct segment_writer *sw, uint32_t clause, uint32_t tf,
                     uint32_t **gaps, struct errbuf *eb)
{
	struct term_batch *b = &sw->pipe.batch[sw->pipe.fill];

	if (clause >= sw->n_clauses || (int64_t)clause <= sw->pipe.last || tf == 0 ||
	    !b->n_terms) {
		uint32_t len = b->n_terms ? b->meta[2 * (b->n_terms - 1)] : 0;
		return errbuf_set(eb, ERR_INVALID,
		                  "postings of '%.*s' out of order at clause %u", (int)len,
		                  b->terms.data + b->terms.len - len, clause);
	}
	sw->pipe.last = clause;
	b->ids = xgrow(b->ids, &b->ids_cap, b->n_post + 1, sizeof *b->ids);
	b->tfs = xgrow(b->tfs, &b->tfs_cap, b->n_post + 1, sizeof *b->tfs);
	b->ids[b->n_post] = clause;
	b->tfs[b->n_post++] = tf;
	b->meta[2 * (b->n_terms - 1) + 1]++;
	b->deltas = xgrow(b->deltas, &b->deltas_cap, b->n_deltas + tf, sizeof *b->deltas);
	*gaps = b->deltas + b->n_deltas;
	b->n_deltas += tf;
	return 0;
}

int segment_term_end(struct segment_writer *sw, struct errbuf *eb)
{
	if (sw->pipe.batch[sw->pipe.fill].n_post < TERM_BATCH_POSTINGS)
		return 0;
	return term_pipe_flush(sw, eb);
}

int segment_lexicon_add(struct segment_writer *sw, enum segment_lexicon which,
                        const char *key, size_t len, const uint32_t *ids,
                        size_t n, struct errbuf *eb)
{
	struct buf payload = BUF_INIT;
	struct sst_writer *w = which == LEXICON_FOLDED ? &sw->folded : &sw->keys;
	int rc;

	termlist_append(&payload, w->n_keys,
	                which == LEXICON_FOLDED ? &sw->folded_base : &sw->keys_base, ids, n);
	rc = sst_writer_add(w, key, len, payload.data, payload.len, eb);
	buf_release(&payload);
	return rc;
}

/* One section of a file being written: in memory or in a spool. */
struct section_out {
	uint32_t id;
	const struct buf *mem;
	struct spool *spool;
};

static uint64_t section_len(const struct section_out *s)
{
	return s->spool ? s->spool->len : s->mem->len;
}

#define WRITEBACK_STEP ((uint64_t)1 << 20)

/* Write header, section table and sections to path.tmp, fsync, rename. */
static int file_write(const char *path, uint32_t kind,
                      const struct section_out *secs, size_t n,
                      uint64_t *size, struct errbuf *eb)
{
	uint8_t header[FILE_HEADER_SIZE], table[MAX_SECTIONS * SECTION_ENTRY_SIZE];
	uint64_t off = FILE_HEADER_SIZE + n * SECTION_ENTRY_SIZE;
	struct buf tmp = BUF_INIT;
	int fd, rc = 0;

	for (size_t i = 0; i < n; i++) {
		uint8_t *t = table + i * SECTION_ENTRY_SIZE;
		uint32_t crc = secs[i].spool ? secs[i].spool->crc
		                : (uint32_t)crc32(crc32(0L, Z_NULL, 0),
		                                  (const Bytef *)secs[i].mem->data,
		                                  (uInt)secs[i].mem->len);
		store_u32(t + SECT_ID, secs[i].id);
		store_u32(t + SECT_CRC, crc);
		store_u64(t + SECT_OFFSET, off);
		store_u64(t + SECT_LENGTH, section_len(&secs[i]));
		off += section_len(&secs[i]);
	}
	memcpy(header + HDR_MAGIC, FORMAT_MAGIC, FORMAT_MAGIC_LEN);
	memcpy(header + HDR_SENTINEL, FORMAT_SENTINEL, FORMAT_SENTINEL_LEN);
	store_u32(header + HDR_VERSION, FORMAT_VERSION);
	store_u32(header + HDR_KIND, kind);
	store_u32(header + HDR_NSECTIONS, (uint32_t)n);
	store_u32(header + HDR_TABLE_CRC,
	          (uint32_t)crc32(crc32(0L, Z_NULL, 0), table,
	                          (uInt)(n * SECTION_ENTRY_SIZE)));
	store_u32(header + HDR_HEADER_CRC,
	          (uint32_t)crc32(crc32(0L, Z_NULL, 0), header, HDR_HEADER_CRC));

	buf_printf(&tmp, "%s%s", path, TMP_SUFFIX);
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = errbuf_set(eb, ERR_IO, "create %s: %s", tmp.data, strerror(errno));
		goto out;
	}
	rc = fd_write_all(fd, header, sizeof header, tmp.data, eb);
	if (!rc)
		rc = fd_write_all(fd, table, n * SECTION_ENTRY_SIZE, tmp.data, eb);
	/* The device is asked to write each WRITEBACK_STEP as soon as it is
	 * written here, so that fsync waits for the rest only: 6.6-8.9 ms
	 * -> 5.8-6.8 ms for the 6.1 MB segment of the 10 MiB corpus, the
	 * requests ~0.9 ms of it. */
	for (uint64_t i = 0, at = FILE_HEADER_SIZE + n * SECTION_ENTRY_SIZE, from = at;
	     i < n && !rc; i++) {
		rc = secs[i].spool ? spool_copy_to(secs[i].spool, fd, eb)
		                   : fd_write_all(fd, secs[i].mem->data,
		                                  secs[i].mem->len, tmp.data, eb);
		at += section_len(&secs[i]);
		if (!rc && at - from >= WRITEBACK_STEP) {
			sync_file_range(fd, (off_t)from, (off_t)(at - from),
			                SYNC_FILE_RANGE_WRITE); /* advice: fsync checks */
			from = at;
		}
	}
	if (!rc && fsync(fd))
		rc = errbuf_set(eb, ERR_IO, "fsync %s: %s", tmp.data, strerror(errno));
	if (close(fd) && !rc)
		rc = errbuf_set(eb, ERR_IO, "close %s: %s", tmp.data, strerror(errno));
	if (!rc && rename(tmp.data, path))
		rc = errbuf_set(eb, ERR_IO, "rename %s: %s", tmp.data, strerror(errno));
	if (rc)
		unlink(tmp.data);
	else if (size)
		*size = off;
out:
	buf_release(&tmp);
	return rc;
}

int segment_write(struct segment_writer *sw, const char *path, uint64_t *size,
                  struct errbuf *eb)
{
	struct buf terms_idx = BUF_INIT, folded_idx = BUF_INIT, keys_idx = BUF_INIT;
	const struct buf *text_dict, *text_model, *text_index;
	uint32_t n_text_blocks;
	int rc;

	/* First what needs neither the terms nor the text, while the
	 * encoding thread may still be writing the last batches. */
	buf_reset(&sw->lengths);
	buf_reset(&sw->long_lengths);
	buf_reset(&sw->packed_kinds);
	for (size_t i = 0; i < sw->n_clauses; i++) {
		uint32_t len = sw->clause_lens[i];
		buf_append_byte(&sw->lengths, (uint8_t)(len < LENGTH_LONG ? len : LENGTH_LONG));
		if (len >= LENGTH_LONG) {
			buf_append_u32(&sw->long_lengths, (uint32_t)i);
			buf_append_u32(&sw->long_lengths, len);
		}
		uint8_t kind = (uint8_t)sw->kinds.data[i];
		if (i % 2 == 0)
			buf_append_byte(&sw->packed_kinds, kind);
		else
			sw->packed_kinds.data[i / 2] = (char)((uint8_t)sw->packed_kinds.data[i / 2] |
			                                      kind << KIND_BITS);
	}
	sst_writer_index(&sw->folded, &folded_idx);
	sst_writer_index(&sw->keys, &keys_idx);
	if ((rc = term_pipe_finish(sw, eb)) ||
	    (rc = storedtext_finish(sw->text_store, &text_dict, &text_model, &text_index,
	                            &n_text_blocks, eb)))
		goto out;
	buf_reset(&sw->stats);
	buf_append_u32(&sw->stats, sw->n_docs);
	buf_append_u32(&sw->stats, (uint32_t)sw->n_clauses);
	buf_append_u64(&sw->stats, sw->n_tokens);
	buf_append_u32(&sw->stats, sw->terms.n_keys);
	buf_append_u32(&sw->stats, n_text_blocks);
	sst_writer_index(&sw->terms, &terms_idx);
	{
		const struct section_out secs[] = {
			{ SEC_STATS, &sw->stats, NULL },
			{ SEC_TERMS, &sw->terms.data, NULL },
			{ SEC_TERMS_INDEX, &terms_idx, NULL },
			{ SEC_POSTINGS, NULL, &sw->postings },
			{ SEC_POSITIONS, NULL, &sw->positions },
			{ SEC_CLAUSES, NULL, &sw->clauses },
			{ SEC_CLAUSE_GROUPS, &sw->records.groups, NULL },
			{ SEC_LABELS, &sw->labels.offsets, NULL },
			{ SEC_LEMMAS, &sw->lemmas.offsets, NULL },
			{ SEC_LENGTHS, &sw->lengths, NULL },
			{ SEC_LONG_LENGTHS, &sw->long_lengths, NULL },
			{ SEC_KINDS, &sw->packed_kinds, NULL },
			{ SEC_DOCS, &sw->docs, NULL },
			{ SEC_STRINGS, &sw->strings, NULL },
			{ SEC_TEXT_DICT, text_dict, NULL },
			{ SEC_TEXT, NULL, &sw->text },
			{ SEC_TEXT_INDEX, text_index, NULL },
			{ SEC_TEXT_MODEL, text_model, NULL },
			{ SEC_FOLDED, &sw->folded.data, NULL },
			{ SEC_FOLDED_INDEX, &folded_idx, NULL },
			{ SEC_KEYS, &sw->keys.data, NULL },
			{ SEC_KEYS_INDEX, &keys_idx, NULL },
			{ SEC_CITES, &sw->cites, NULL },
		};
		rc = file_write(path, FILE_KIND_SEGMENT, secs,
		                sizeof secs / sizeof secs[0], size, eb);
	}
out:
	buf_release(&terms_idx);
	buf_release(&folded_idx);
	buf_release(&keys_idx);
	return rc;
}

int manifest_write(const char *dir, uint64_t generation,
                   const struct manifest_entry *segs, size_t n_segs,
                   char *const *roots, size_t n_roots, int64_t last_update,
                   struct errbuf *eb)
{
	struct buf body = BUF_INIT, rbody = BUF_INIT, path = BUF_INIT;
	struct section_out sec[2] = { { SEC_MANIFEST, &body, NULL },
	                              { SEC_ROOTS, &rbody, NULL } };
	int rc, dfd;

	buf_append_u64(&body, generation);
	buf_append_u32(&body, (uint32_t)n_segs);
	for (size_t i = 0; i < n_segs; i++) {
		buf_append_u32(&body, (uint32_t)strlen(segs[i].name));
		buf_append_str(&body, segs[i].name);
		buf_append_u64(&body, segs[i].file_size);
		buf_append_u32(&body, segs[i].n_docs);
		buf_append_u32(&body, segs[i].n_clauses);
		buf_append_u32(&body, segs[i].n_deleted);
		for (uint32_t k = 0; k < segs[i].n_deleted; k++)
			buf_append_u32(&body, segs[i].deleted[k]);
	}
	buf_append_u64(&rbody, (uint64_t)last_update);
	buf_append_u32(&rbody, (uint32_t)n_roots);
	for (size_t i = 0; i < n_roots; i++) {
		buf_append_u32(&rbody, (uint32_t)strlen(roots[i]));
		buf_append_str(&rbody, roots[i]);
	}
	buf_printf(&path, "%s/%s", dir, MANIFEST_NAME);
	rc = file_write(path.data, FILE_KIND_MANIFEST, sec, 2, NULL, eb);
	if (!rc) {
		/* The rename is durable only once the directory is synced. */
		dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0 || fsync(dfd))
			rc = errbuf_set(eb, ERR_IO, "fsync %s: %s", dir, strerror(errno));
		if (dfd >= 0)
			close(dfd);
	}
	buf_release(&body);
	buf_release(&rbody);
	buf_release(&path);
	return rc;
}
