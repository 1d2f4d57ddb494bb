/* storedtext.c: packs clause text into small blocks compressed with a
 * preset dictionary taken from the corpus itself (see storedtext.h).
 *
 * Why a dictionary: deflate finds repeats only in what it has already seen
 * of the stream, so a 4 KiB block alone compresses UN prose to ~46% while
 * 64 KiB blocks reach ~36%. With 32 KiB of the corpus's own text as the
 * preset history, 4 KiB blocks reach ~34% (generated corpus, level 6; 36%
 * at level 3, 38% before): the
 * formulas ("Reafirma", "de las Naciones Unidas", "la Asamblea General")
 * are found in the dictionary. Evenly spaced pieces of the first MiB did
 * better than the most frequent word n-grams in a trial (34% vs 39%).
 * Setting the dictionary costs about 15% of a block's deflate time. */
#include "storedtext.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "format.h"
#include "xalloc.h"

/* The sample the dictionary is cut from: the first MiB of clause text. */
#define TEXT_DICT_SAMPLE (1u << 20)
/* A small corpus gets a dictionary of at most 1/8 of its text, so that the
 * dictionary never costs more than it saves. */
#define TEXT_DICT_RATIO 8
/* The dictionary is made of pieces this long, evenly spaced in the sample. */
#define TEXT_DICT_PIECE 256
/* zlib level, measured on the generated 10 MiB corpus (user CPU of the
 * whole unindex run; 1.03 s with the old 64 KiB blocks at level 3):
 * level 1 stores the text in 40.7% of its bytes (1.10 s), level 3 in 36.1%
 * (1.27 s), level 6 in 34.5% (1.75 s, lazy matching is what costs). The
 * deflating runs on its own thread, next to parsing and inversion. */
#define TEXT_ZLIB_LEVEL 3
/* Closed blocks waiting for the compressing thread; the producer waits
 * when this many are queued, so the queue holds at most ~256 KiB. */
#define TEXT_QUEUE_MAX 64

/* One closed block handed to the compressing thread (raw owned). */
struct text_job {
	char *raw;
	uint32_t len;
};

struct stored_text {
	struct spool *out;
	struct buf dict, index, block, scratch;
	/* Closed blocks waiting for the dictionary, back to back; their raw
	 * lengths in pending_len. Empty once have_dict is set. */
	struct buf pending;
	uint32_t *pending_len;
	size_t n_pending, pending_cap;
	int have_dict;
	z_stream z;
	int z_ready;
	uint32_t n_blocks; /* blocks closed (written or pending) */
	/* The compressing thread (threaded only): it alone uses z, scratch,
	 * index and out while it runs; jobs are taken in FIFO order, so the
	 * output is the same as compressing inline. Guarded by lock: queue,
	 * head, count, closing and err_rc/err. */
	int threaded, running;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct text_job queue[TEXT_QUEUE_MAX];
	size_t head, count;
	int closing;        /* no more jobs: the thread ends when idle */
	int err_rc;         /* the thread's first error, then it drops jobs */
	struct errbuf err;
};

struct stored_text *storedtext_new(struct spool *out, int threaded)
{
	struct stored_text *st = xcalloc(1, sizeof *st);

	st->out = out;
	st->threaded = threaded;
	return st;
}

static int storedtext_write(struct stored_text *st, const uint8_t *raw,
                            uint32_t len, struct errbuf *eb);

/* The compressing thread: jobs in order until closing and idle. */
static void *storedtext_thread(void *arg)
{
	struct stored_text *st = arg;

	pthread_mutex_lock(&st->lock);
	for (;;) {
		struct text_job job;
		struct errbuf eb = { "", 0 };
		int rc = 0;
		while (!st->count && !st->closing)
			pthread_cond_wait(&st->changed, &st->lock);
		if (!st->count)
			break;
		job = st->queue[st->head];
		pthread_mutex_unlock(&st->lock);
		if (!st->err_rc) /* only this thread sets it */
			rc = storedtext_write(st, (const uint8_t *)job.raw, job.len, &eb);
		free(job.raw);
		pthread_mutex_lock(&st->lock);
		if (rc && !st->err_rc) {
			st->err_rc = rc;
			st->err = eb;
		}
		st->head = (st->head + 1) % TEXT_QUEUE_MAX;
		st->count--;
		pthread_cond_broadcast(&st->changed);
	}
	pthread_mutex_unlock(&st->lock);
	return NULL;
}

/* Wait for the thread to compress everything queued and end; its error,
 * if any, goes to eb. */
static int storedtext_join(struct stored_text *st, struct errbuf *eb)
{
	if (!st->running)
		return 0;
	pthread_mutex_lock(&st->lock);
	st->closing = 1;
	pthread_cond_broadcast(&st->changed);
	pthread_mutex_unlock(&st->lock);
	pthread_join(st->thread, NULL);
	pthread_mutex_destroy(&st->lock);
	pthread_cond_destroy(&st->changed);
	st->running = 0;
	if (st->err_rc)
		return errbuf_set(eb, st->err_rc, "%s", st->err.msg);
	return 0;
}

/* Compress one closed block: inline, or queued for the thread (which takes
 * raw, a malloc'd copy, over). */
static int storedtext_submit(struct stored_text *st, char *raw, uint32_t len,
                             struct errbuf *eb)
{
	int rc;

	if (!st->threaded) {
		rc = storedtext_write(st, (const uint8_t *)raw, len, eb);
		free(raw);
		return rc;
	}
	if (!st->running) {
		pthread_mutex_init(&st->lock, NULL);
		pthread_cond_init(&st->changed, NULL);
		if (pthread_create(&st->thread, NULL, storedtext_thread, st)) {
			pthread_mutex_destroy(&st->lock);
			pthread_cond_destroy(&st->changed);
			st->threaded = 0; /* no thread to be had: compress inline */
			return storedtext_submit(st, raw, len, eb);
		}
		st->running = 1;
	}
	pthread_mutex_lock(&st->lock);
	while (st->count == TEXT_QUEUE_MAX)
		pthread_cond_wait(&st->changed, &st->lock);
	rc = st->err_rc;
	if (rc) {
		errbuf_set(eb, rc, "%s", st->err.msg);
		free(raw);
	} else {
		st->queue[(st->head + st->count) % TEXT_QUEUE_MAX] =
		        (struct text_job){ raw, len };
		st->count++;
		pthread_cond_broadcast(&st->changed);
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

void storedtext_free(struct stored_text *st)
{
	struct errbuf eb = { "", 0 };

	if (!st)
		return;
	storedtext_join(st, &eb); /* an error here has been reported already */
	if (st->z_ready)
		deflateEnd(&st->z);
	buf_release(&st->dict);
	buf_release(&st->index);
	buf_release(&st->block);
	buf_release(&st->scratch);
	buf_release(&st->pending);
	free(st->pending_len);
	free(st);
}

/* Compress one block's raw bytes and append it to the spool and index. */
static int storedtext_write(struct stored_text *st, const uint8_t *raw,
                            uint32_t len, struct errbuf *eb)
{
	z_stream *z = &st->z;
	uLong bound;
	int zrc;

	if (!st->z_ready) {
		if (deflateInit2(z, TEXT_ZLIB_LEVEL, Z_DEFLATED, -MAX_WBITS, 8,
		                 Z_DEFAULT_STRATEGY) != Z_OK)
			return errbuf_set(eb, ERR_IO, "zlib: cannot initialise deflate");
		st->z_ready = 1;
	} else if (deflateReset(z) != Z_OK) {
		return errbuf_set(eb, ERR_IO, "zlib: deflate reset failed");
	}
	if (st->dict.len &&
	    deflateSetDictionary(z, (const Bytef *)st->dict.data, (uInt)st->dict.len) != Z_OK)
		return errbuf_set(eb, ERR_IO, "zlib: dictionary refused");
	bound = deflateBound(z, len);
	buf_reset(&st->scratch);
	buf_reserve(&st->scratch, bound);
	z->next_in = (Bytef *)raw;
	z->avail_in = len;
	z->next_out = (Bytef *)st->scratch.data;
	z->avail_out = (uInt)bound;
	zrc = deflate(z, Z_FINISH);
	if (zrc != Z_STREAM_END)
		return errbuf_set(eb, ERR_IO, "zlib: deflate failed (%d)", zrc);
	buf_append_u64(&st->index, st->out->len);
	buf_append_u32(&st->index, (uint32_t)z->total_out);
	buf_append_u32(&st->index, len);
	buf_append_u32(&st->index, (uint32_t)crc32(crc32(0L, Z_NULL, 0), raw, len));
	return spool_write(st->out, st->scratch.data, z->total_out, eb);
}

/* Cut the dictionary from the pending sample, then compress the pending
 * blocks with it. */
static int storedtext_flush_pending(struct stored_text *st, struct errbuf *eb)
{
	size_t sample = st->pending.len, size = sample / TEXT_DICT_RATIO;
	size_t n_pieces, at = 0;
	int rc = 0;

	if (size > TEXT_DICT_MAX)
		size = TEXT_DICT_MAX;
	n_pieces = size / TEXT_DICT_PIECE;
	for (size_t k = 0; k < n_pieces; k++)
		buf_append(&st->dict, st->pending.data + k * (sample / n_pieces),
		           TEXT_DICT_PIECE);
	st->have_dict = 1;
	for (size_t i = 0; i < st->n_pending && !rc; i++) {
		char *raw = xmalloc(st->pending_len[i] ? st->pending_len[i] : 1);
		memcpy(raw, st->pending.data + at, st->pending_len[i]);
		rc = storedtext_submit(st, raw, st->pending_len[i], eb);
		at += st->pending_len[i];
	}
	buf_release(&st->pending);
	st->n_pending = 0;
	return rc;
}

/* Close the open block: compress it, or keep it for the sample. */
static int storedtext_close_block(struct stored_text *st, struct errbuf *eb)
{
	if (!st->block.len)
		return 0;
	st->n_blocks++;
	if (st->have_dict) {
		size_t len;
		char *raw = buf_detach(&st->block, &len);
		return storedtext_submit(st, raw, (uint32_t)len, eb);
	}
	st->pending_len = xgrow(st->pending_len, &st->pending_cap, st->n_pending + 1,
	                        sizeof *st->pending_len);
	st->pending_len[st->n_pending++] = (uint32_t)st->block.len;
	buf_append(&st->pending, st->block.data, st->block.len);
	buf_reset(&st->block);
	return st->pending.len >= TEXT_DICT_SAMPLE ? storedtext_flush_pending(st, eb) : 0;
}

int storedtext_add(struct stored_text *st, const char *text, size_t len,
                   uint32_t *block, uint32_t *off, struct errbuf *eb)
{
	int rc;

	if (st->block.len + len > TEXT_BLOCK_TARGET &&
	    (rc = storedtext_close_block(st, eb)))
		return rc;
	*block = st->n_blocks;
	*off = (uint32_t)st->block.len;
	buf_append(&st->block, text, len);
	return 0;
}

int storedtext_finish(struct stored_text *st, const struct buf **dict,
                      const struct buf **index, uint32_t *n_blocks,
                      struct errbuf *eb)
{
	int rc;

	if ((rc = storedtext_close_block(st, eb)))
		return rc;
	if (!st->have_dict && (rc = storedtext_flush_pending(st, eb)))
		return rc;
	if ((rc = storedtext_join(st, eb)))
		return rc;
	*dict = &st->dict;
	*index = &st->index;
	*n_blocks = st->n_blocks;
	return 0;
}
