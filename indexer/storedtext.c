/* storedtext.c: packs clause text into small blocks compressed with a
 * dictionary trained on the corpus itself, or coded clause by clause in a
 * word model of it where that stores less (storedtext_choose; see
 * storedtext.h).
 *
 * Why a dictionary: a compressor finds repeats only in what it has already
 * seen, so a 4 KiB block alone compresses UN prose to ~46% while 64 KiB
 * blocks reach ~36%. With a dictionary of the corpus's own phrases ("de
 * las Naciones Unidas", "Reafirma", "la Asamblea General") small blocks
 * compress as well as large ones, and a hit decodes 4 KiB only.
 *
 * Why zstd (format 8) rather than deflate with a preset dictionary
 * (format 6-7): measured on the generated 100 MiB corpus, 4 KiB blocks,
 * text plus dictionary over raw text, CPU seconds to compress 100 MiB:
 *   deflate level 3, 32 KiB dictionary of evenly spaced pieces  36.0%  3.9 s
 *   zstd level 9, 64 KiB dictionary trained by ZDICT             32.8%
 *   zstd level 5, 256 KiB trained dictionary                     32.9%  1.9 s
 *   zstd level 7, 256 KiB                                        31.5%  3.2 s
 *   zstd level 9, 256 KiB                                        31.2%  4.4 s
 *   zstd level 9, 256 KiB trained on 4 MiB rather than 1 MiB     31.0%
 *   zstd level 9, 512 KiB                                        30.6%
 * and a block decodes in ~12 us against ~17 us for inflate. Deflate cannot
 * use more than 32 KiB of dictionary (its window); zstd's window at level 9
 * covers 4 MiB.
 *
 * Training: ZDICT_trainFromBuffer tries several (k, d) pairs of its
 * fastCover algorithm with a 2^20-entry frequency table, ~0.4 s of CPU for
 * a 1 MiB sample: as long as compressing all of a 10 MiB corpus, and the
 * build stalls on it when the compressing thread's queue fills. One pass
 * with fixed parameters (TEXT_DICT_K, _D, _F) costs ~0.06 s and stores the
 * text in fewer bytes: on the generated 100 MiB corpus, 4 KiB blocks at
 * level 5, compressed text over raw text 32.40% with ZDICT's search, 31.73%
 * with the fixed pass (10 MiB corpus: 31.65%, 31.01%). The pass counts
 * every other d-gram and fits its entropy tables on half the sample
 * (TEXT_DICT_ACCEL): 15-18 ms of CPU rather than 26-34 ms on the 10 MiB
 * corpus's 1 MiB sample, for 0.13% more bytes of zstd on the held-out
 * quarter (0.28% at 100 MiB); 4 would save 4 ms more for 0.4-0.65%.
 *
 * No block can be compressed while the dictionary is trained and the
 * sample compressed (~0.06-0.1 s), and the producer (the main thread,
 * which reads and indexes) used to wait at a full queue with the analysis
 * thread run dry: one core of two idle for ~0.08 s of the 0.42 s build of
 * the generated 10 MiB corpus (perf timeline). Blocks closed meanwhile
 * wait in an arena instead (TEXT_ARENA_BYTES), and the producer compresses
 * with the thread through that backlog once the dictionary is ready:
 * the perf timeline then has no stretch with one thread running, and the
 * 10 MiB build took 0.40 s wall rather than 0.52 s (medians of 11 runs
 * each, interleaved, the machine's load 1.4-2.0; 100 MiB: 2.8 s against
 * 3.2 s at load 2-3, the same within the noise at load 3.5-3.9).
 *
 * Level 5: the compressing thread sets the pace of a whole build, and the
 * whole `unindex` of 100 MiB (quiet machine, same minute) took 4.9 s wall
 * at level 5, 5.7 s at 7 and 7.0 s at 9, for an index of 63.7%, 62.4% and
 * 62.0% of the corpus: level 9 bought 1.7 points for 40% more time. */
#include "storedtext.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#define ZDICT_STATIC_LINKING_ONLY /* ZDICT_trainFromBuffer_fastCover */
#include <zdict.h>
#include <zlib.h> /* crc32 */
#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_c_format */
#include <zstd.h>

#include "codec.h"
#include "format.h"
#include "heap.h"
#include "wordcode.h"
#include "worker.h"
#include "xalloc.h"

/* A segment whose text ends before its sample is full (a small corpus, an
 * update of a few files) gets a dictionary of 1/TEXT_DICT_SMALL_RATIO of
 * its text, at most TEXT_DICT_SMALL_MAX, and none below TEXT_DICT_SMALL_MIN:
 * a dictionary is stored once but saves a little in each block, so a small
 * one pays where a few blocks use it. Text and dictionary of the first
 * files of the generated 10 MiB corpus, by the dictionary's KiB (1/4 of
 * the text, as before, in the first column):
 *   text       1/4      none    1      2      4      8     16    128
 *   19 KB    ~8,800    7,254  7,433  7,836  8,799
 *   40 KB    19,402   17,301 16,661 16,465 17,109 19,014
 *   100 KB   50,887   46,055 43,345 41,806 41,358 41,718 46,806
 *   335 KB  170,193  157,176       140,037 134,450 129,402 134,303
 *   775 KB  404,317  366,150       321,496 308,342 295,301 297,657 345,884
 *   1.5 MB  (a full sample: 8 to 128 KiB all within 1%)
 *   3.0 MB  1,128,899 (256)                 1,171,087 1,134,148 1,045,863
 * corpus/'s two resolutions (17.5 KB): 7,275 bytes without, 8,800 with
 * the 1/4 dictionary. A full sample gets st->dict_max. */
#define TEXT_DICT_SMALL_RATIO 40
#define TEXT_DICT_SMALL_MIN 1024
#define TEXT_DICT_SMALL_MAX (8u << 10)
/* When ZDICT cannot train (too few or too small samples: a small segment),
 * the dictionary is raw content instead: pieces this long, evenly spaced
 * in the sample. */
#define TEXT_DICT_PIECE 256
/* fastCover's parameters (see above): segments of TEXT_DICT_K bytes scored
 * by their d-grams of TEXT_DICT_D bytes, counted in a table of
 * 2^TEXT_DICT_F 4-byte counters (1 MiB; 2^20 stored no less, 2^17 0.14
 * points more at 100 MiB). */
#define TEXT_DICT_K 200
#define TEXT_DICT_D 8
#define TEXT_DICT_F 18
#define TEXT_DICT_ACCEL 2
/* zstd level; see above. */
#define TEXT_ZSTD_LEVEL 5
/* Shortest match the compressor looks for, in place of level 5's 5 bytes:
 * clause text repeats words and phrases, not 5-byte scraps, and a 5-byte
 * match often costs a sequence as dear as its literals. Measured on the
 * generated 100 MiB corpus (4 KiB blocks, the 256 KiB dictionary): 31.90%
 * -> 31.67% of the text (243 KB less), and compressing took 1.0 s of CPU
 * rather than 1.05 s (fewer, longer matches to weigh). 7 compresses as 6
 * (the match finder looks at 6 bytes at most), 4 stores 35.75%; the lazy
 * strategy would store 31.02% for 1.7 s. */
#define TEXT_ZSTD_MIN_MATCH 6
/* log2 of the match candidates the compressor tries at a position, as
 * level 5 has for data past 256 KiB, whatever the dictionary's size: for
 * a dictionary under 256 KiB zstd takes 5 (its row for smaller data),
 * which compressed the generated 10 MiB corpus's text with a 128 KiB
 * dictionary in 114 ms of CPU rather than 95 ms (3 stores 28 KB more,
 * 0.8%; 4: 101 ms, 11 KB more), and the compressing thread sets a
 * build's pace. */
#define TEXT_ZSTD_SEARCH_LOG 3
/* log2 of the compressor's hash and chain tables, and of its window
 * but for a dictionary larger than TEXT_DICT_MAX / 2, whose window is
 * twice as large: the dictionary and a block fit the window. Tables of
 * 2^20 entries beside the larger dictionary would store 0.1 MB less of
 * the generated 100 MiB corpus for 8% more of the build's CPU. */
#define TEXT_ZSTD_LOG 19
/* A segment expected to hold less than TEXT_SMALL_BYTES of text (an update
 * adding a few files) has hash and chain tables of 2^TEXT_ZSTD_SMALL_LOG
 * entries: zstd fills them from the whole dictionary before the first
 * block, and at 2^19 that took 15-30 ms of an update that adds one
 * resolution to a 100 MiB index (page faults of 4 MiB of fresh tables,
 * hashing 256 KiB). Smaller tables find fewer matches in the dictionary:
 * at 2^16 a whole 100 MiB corpus would store 1.4 points more of its text
 * (2^17: 0.5), which on a few files is a few hundred bytes. */
#define TEXT_ZSTD_SMALL_LOG 16
#define TEXT_SMALL_BYTES ((size_t)1 << 20)
/* A segment expected to hold at least TEXT_LARGE_BYTES of text (or an
 * unknown amount) gets the largest dictionary, TEXT_DICT_MAX, trained on
 * twice the sample; others a smaller one, trained on the sample: of
 * TEXT_DICT_MAX / 2 from TEXT_MEDIUM_BYTES of text on, of TEXT_DICT_MAX / 4
 * below. On the generated corpora (format 16): 100 MiB stored 0.90 MB
 * less text with TEXT_DICT_MAX than with half of it, for 0.26 MB more
 * dictionary, 10 MiB 0.16 MB less for the same 0.26 MB more. Text and
 * dictionary, format 21, by the dictionary's KiB (TEXT_ZSTD_SEARCH_LOG):
 *              128        192        256
 *    4 MiB  1,429,599  1,461,514  1,496,267
 *   10 MiB  3,440,890  3,454,226  3,477,510
 *   20 MiB  6,786,542  6,771,706  6,763,991
 *   30 MiB 10,169,396 10,092,247 10,055,892
 * (Below ~126 KiB ZDICT's entropy tables, fitted with parameters zstd
 * picks for a dictionary under 128 KiB, cost more than they save: 120 KiB
 * stored 0.21 MB more than 128 at 10 MiB, and the dictionary as raw
 * content 0.13 MB more; not so for TEXT_DICT_SMALL_MAX's few blocks.) */
#define TEXT_LARGE_BYTES ((size_t)32 << 20)
#define TEXT_MEDIUM_BYTES ((size_t)16 << 20)
/* Closed blocks waiting for the compressing thread; the producer waits
 * when this many are queued, so the queue holds at most ~256 KiB (plus
 * the sample, handed over as one job). */
#define TEXT_QUEUE_MAX 64
/* ... unless it compressed the block itself: a full queue means the
 * compressing thread is behind, and the producer, rather than wait (and
 * leave the analysis thread to run dry, one core of two idle), compresses
 * the block and queues it packed, up to this many blocks. Compressing is
 * the largest of the threads of a build (1.3 s of CPU of a 100 MiB build,
 * reading and parsing 1.2 s, analysis 0.9 s; perf). */
#define TEXT_QUEUE_HELPED (2 * TEXT_QUEUE_MAX)
/* The thread, once idle, is woken when this many blocks are queued (or
 * the sample, or the producer waits, or the build closes), not at every
 * block: woken at each, it took ~290 of a 10 MiB build's ~1,100 context
 * switches (as docqueue.c's thread did). */
#define TEXT_QUEUE_WAKE 8
_Static_assert(TEXT_QUEUE_WAKE < TEXT_QUEUE_MAX, "a full queue wakes the thread");
/* While the thread trains the dictionary (see above), blocks beyond
 * TEXT_QUEUE_MAX wait in an arena of this many bytes, and once it is
 * ready the producer puts the frames it compresses there too, past
 * TEXT_QUEUE_HELPED, until the arena is full or the thread has written
 * all its blocks and unmaps it. The generated corpora filled 1.2-2.6 MiB
 * of it (10 and 100 MiB, on a loaded machine). A mapping of its own,
 * not malloc's heap: unindex's heap (heap.h) keeps what is freed, and
 * the same bytes there stayed for the rest of the build, which the
 * threads' fixed overhead of tests/cli/0170-threads.sh has no room for:
 * 2048 queued blocks raised its peak RSS from 46.1-47.9 MiB to 49.0 at
 * times, and the producer's frames on the heap to 51.0. */
#define TEXT_ARENA_BYTES (4u << 20)
#define TEXT_QUEUE_RING (TEXT_QUEUE_HELPED + TEXT_ARENA_BYTES / TEXT_BLOCK_TARGET)

/* One job for the compressing thread: a closed block (lens NULL), or the
 * sample (n blocks back to back, lens[i] bytes each: train the dictionary
 * on them, then compress them). cuts: the lengths of the clauses of its
 * blocks, in order (the word code codes each on its own); hint_counts:
 * how many of hints are each clause's (storedtext_add). A block the
 * producer compressed itself has its frame in packed. raw, lens, cuts,
 * hints, hint_counts and packed are owned by the job, but raw or packed
 * not when in the arena. */
struct text_job {
	char *raw;
	uint32_t len;
	uint32_t *lens;
	size_t n;
	uint16_t *cuts;
	size_t n_cuts;
	struct wordcode_hint *hints;
	uint32_t *hint_counts;
	uint8_t *packed;
	size_t packed_len;
	int in_arena; /* raw or packed is in the arena, not owned */
};

/* One block of a job to code: its raw bytes, its n clauses' lengths and
 * their hints (hint_counts[i] for clause i, back to back). */
struct text_block {
	const uint8_t *raw;
	uint32_t len;
	const uint16_t *cuts;
	size_t n;
	const struct wordcode_hint *hints;
	const uint32_t *hint_counts;
};

/* A coder's context and scratch: the compressing thread's, and the
 * producer's (help). out receives a block's code. */
struct text_coder {
	ZSTD_CCtx *zstd; /* made on first use */
	struct buf out;
	struct buf codes; /* the word code's clause codes, before out's header */
	struct wordcode_memo memo; /* of the segment's word model */
};

/* Clauses on their way to a job: their text back to back, their lengths
 * (u16 each), their hints (wordcode.h) and how many are each clause's
 * (u32 each). */
struct clauses {
	struct buf text, cuts, hints, hint_counts;
};

static void clauses_release(struct clauses *c)
{
	buf_release(&c->text);
	buf_release(&c->cuts);
	buf_release(&c->hints);
	buf_release(&c->hint_counts);
}

/* Move c's clauses into a job (raw, cuts, hints, hint_counts), leaving
 * c empty. */
static void clauses_take(struct clauses *c, struct text_job *job)
{
	size_t len;

	job->raw = buf_detach(&c->text, &len);
	job->len = (uint32_t)len;
	job->cuts = (uint16_t *)(void *)buf_detach(&c->cuts, &len);
	job->n_cuts = len / sizeof *job->cuts;
	job->hints = (struct wordcode_hint *)(void *)buf_detach(&c->hints, NULL);
	job->hint_counts = (uint32_t *)(void *)buf_detach(&c->hint_counts, NULL);
}

/* Append from's clauses to to's, leaving from empty (its room kept). */
static void clauses_move(struct clauses *to, struct clauses *from)
{
	struct buf *t[] = { &to->text, &to->cuts, &to->hints, &to->hint_counts };
	struct buf *f[] = { &from->text, &from->cuts, &from->hints, &from->hint_counts };

	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		buf_append(t[i], f[i]->data, f[i]->len);
		buf_reset(f[i]);
	}
}

struct stored_text {
	struct spool *out;
	struct buf dict, index;
	/* The open block's clauses, and the pending blocks' (the sample's) */
	struct clauses block, pending;
	/* The word model (SEC_TEXT_MODEL), when the sample chose the word
	 * code (storedtext_choose); then dict is empty and wc codes every
	 * block. Read-only once ready: the producer's help codes with it too. */
	struct buf model;
	struct wordcode *wc;
	/* Closed blocks waiting for the dictionary (pending, back to back);
	 * their raw lengths in pending_len. Handed over once sampled. */
	uint32_t *pending_len;
	size_t n_pending, pending_cap;
	int sampled; /* the sample has been handed over: blocks go straight */
	uint64_t expected; /* text expected in all (storedtext_expect), 0 unknown */
	int table_log; /* of the compressor's hash and chain tables */
	/* The text the dictionary is trained on (a segment with less text
	 * gets a smaller one, TEXT_DICT_SMALL_RATIO). */
	size_t sample_bytes;
	size_t dict_max; /* the largest dictionary trained on the sample */
	/* The dictionary digested once, made by the compressing thread (or
	 * inline) before its first block, and shared by reference: its coder's
	 * context and the producer's (help), which codes only once ready is
	 * set. Both give the same frames as one context would (every block
	 * of the generated 100 MiB corpus checked). */
	ZSTD_CDict *cdict;
	ZSTD_CCtx_params *params; /* of every context, made with cdict */
	struct text_coder coder, help;
	int ready;          /* cdict made (under the worker's lock) */
	uint32_t n_blocks; /* blocks closed (written or pending) */
	/* The compressing thread (threaded only): it alone uses coder,
	 * dict, index and out while it runs; jobs are taken in FIFO
	 * order, so the output is the same as compressing inline. Guarded by
	 * the worker's lock: queue, head, count, idle and err_rc/err; once the
	 * worker is closing, the thread ends when idle. */
	int threaded;
	struct worker worker;
	struct text_job queue[TEXT_QUEUE_RING];
	size_t head, count;
	int idle;           /* the thread waits for jobs (TEXT_QUEUE_WAKE) */
	/* The arena (see TEXT_ARENA_BYTES): mapped at the first block queued
	 * past TEXT_QUEUE_MAX during training, unmapped by the thread when
	 * arena_jobs, its blocks queued or running, drops to 0: by then the
	 * dictionary is ready (the blocks came after the sample's job or the
	 * first block's), so none come after. */
	char *arena;
	size_t arena_used, arena_jobs;
	int err_rc;         /* the thread's first error, then it drops jobs */
	struct errbuf err;
};

struct stored_text *storedtext_new(struct spool *out, int threaded)
{
	struct stored_text *st = xcalloc(1, sizeof *st);

	st->out = out;
	st->threaded = threaded;
	storedtext_expect(st, 0);
	return st;
}

static int storedtext_run(struct stored_text *st, struct text_job *job,
                          struct errbuf *eb);
static int storedtext_compress(struct stored_text *st, struct text_coder *c,
                               const uint8_t *raw, uint32_t len, struct errbuf *eb);
static int storedtext_pack(struct stored_text *st, struct text_coder *c,
                           const struct text_block *b, struct errbuf *eb);

void storedtext_expect(struct stored_text *st, uint64_t raw_bytes)
{
	st->expected = raw_bytes;
	int large = !raw_bytes || raw_bytes >= TEXT_LARGE_BYTES;

	st->table_log = raw_bytes && raw_bytes < TEXT_SMALL_BYTES ? TEXT_ZSTD_SMALL_LOG
	                                                          : TEXT_ZSTD_LOG;
	st->sample_bytes = large ? 2 * TEXT_DICT_SAMPLE : TEXT_DICT_SAMPLE;
	st->dict_max = large ? TEXT_DICT_MAX
	             : raw_bytes >= TEXT_MEDIUM_BYTES ? TEXT_DICT_MAX / 2 : TEXT_DICT_MAX / 4;
}

int storedtext_inherit_dict(struct stored_text *st, const uint8_t *dict, size_t len, int word,
                            struct errbuf *eb)
{
	st->sampled = 1;
	buf_reset(&st->dict);
	if (!word) {
		buf_append(&st->dict, dict, len);
		return 0;
	}
	buf_reset(&st->model);
	buf_append(&st->model, dict, len);
	wordcode_free(st->wc);
	st->wc = NULL;
	if (wordcode_open(dict, len, 1, &st->wc, eb))
		return errbuf_set(eb, ERR_CORRUPT, "the index's text model does not open");
	st->ready = 1; /* no thread yet: the producer may code from the start */
	return 0;
}

static void text_job_free(struct text_job *job)
{
	if (!job->in_arena) {
		free(job->raw);
		free(job->packed);
	}
	free(job->lens);
	free(job->cuts);
	free(job->hints);
	free(job->hint_counts);
}

/* The whole of a closed block's job. */
static struct text_block job_block(const struct text_job *job)
{
	return (struct text_block){ (const uint8_t *)job->raw, job->len, job->cuts, job->n_cuts,
		                    job->hints, job->hint_counts };
}

/* The compressing thread: jobs in order until closing and idle. */
static void *storedtext_thread(void *arg)
{
	struct stored_text *st = arg;

	pthread_mutex_lock(&st->worker.lock);
	for (;;) {
		struct text_job job;
		struct errbuf eb = { "", 0 };
		int rc = 0;
		while (!st->count && !st->worker.closing) {
			st->idle = 1;
			pthread_cond_wait(&st->worker.changed, &st->worker.lock);
			st->idle = 0;
		}
		if (!st->count)
			break;
		job = st->queue[st->head];
		pthread_mutex_unlock(&st->worker.lock);
		if (!st->err_rc) /* only this thread sets it */
			rc = storedtext_run(st, &job, &eb);
		text_job_free(&job);
		pthread_mutex_lock(&st->worker.lock);
		if (rc && !st->err_rc) {
			st->err_rc = rc;
			st->err = eb;
		}
		st->head = (st->head + 1) % TEXT_QUEUE_RING;
		st->count--;
		if (job.in_arena && !--st->arena_jobs) {
			munmap(st->arena, TEXT_ARENA_BYTES);
			st->arena = NULL;
		}
		pthread_cond_broadcast(&st->worker.changed);
	}
	pthread_mutex_unlock(&st->worker.lock);
	return NULL;
}

/* Wait for the thread to compress everything queued and end; its error,
 * if any, goes to eb. */
static int storedtext_join(struct stored_text *st, struct errbuf *eb)
{
	if (!st->worker.running)
		return 0;
	worker_stop(&st->worker);
	if (st->err_rc)
		return errbuf_set(eb, st->err_rc, "%s", st->err.msg);
	return 0;
}

/* Under the worker's lock: a copy of len bytes in the arena (mapped on
 * first use, while the dictionary is trained, and only then) for one more
 * queued job, counted in arena_jobs; NULL when the arena or the ring is
 * full or there is no arena. */
static char *storedtext_arena_copy(struct stored_text *st, const void *p, size_t len)
{
	char *at;

	if (!st->arena && !st->ready) {
		void *m = heap_map_huge(TEXT_ARENA_BYTES);
		if (!m)
			return NULL;
		st->arena = m;
		st->arena_used = 0;
	}
	if (!st->arena || TEXT_ARENA_BYTES - st->arena_used < len ||
	    st->count >= TEXT_QUEUE_RING)
		return NULL;
	at = memcpy(st->arena + st->arena_used, p, len);
	st->arena_used += len;
	st->arena_jobs++;
	return at;
}

/* Run one job: inline, or queued for the thread (which takes the job's
 * buffers over). With the queue full, the producer rather than wait
 * copies a closed block into the arena while the dictionary is trained,
 * or compresses it itself once it is ready. */
static int storedtext_submit(struct stored_text *st, struct text_job job,
                             struct errbuf *eb)
{
	char *at;
	int rc;

	if (!st->threaded) {
		rc = storedtext_run(st, &job, eb);
		text_job_free(&job);
		return rc;
	}
	if (!st->worker.running && worker_start(&st->worker, storedtext_thread, st)) {
		st->threaded = 0; /* no thread to be had: compress inline */
		return storedtext_submit(st, job, eb);
	}
	pthread_mutex_lock(&st->worker.lock);
	if (st->count >= TEXT_QUEUE_MAX && !job.lens && !st->err_rc && !st->ready &&
	    (at = storedtext_arena_copy(st, job.raw, job.len))) {
		free(job.raw);
		job.raw = at;
		job.in_arena = 1;
		/* its hints go: held for up to the arena's 4 MiB of text,
		 * they took the peak to 5.8 MB over a build's (10 MiB) */
		free(job.hints);
		job.hints = NULL;
	} else if (st->count >= TEXT_QUEUE_MAX && !job.lens && !st->err_rc && st->ready) {
		pthread_mutex_unlock(&st->worker.lock);
		struct text_block b = job_block(&job);
		rc = storedtext_pack(st, &st->help, &b, eb);
		if (rc) {
			text_job_free(&job);
			return rc;
		}
		pthread_mutex_lock(&st->worker.lock);
		if ((at = storedtext_arena_copy(st, st->help.out.data, st->help.out.len))) {
			free(job.raw);
			job.raw = NULL;
			job.packed = (uint8_t *)at;
			job.packed_len = st->help.out.len;
			job.in_arena = 1;
		} else {
			job.packed = (uint8_t *)buf_detach(&st->help.out, &job.packed_len);
		}
	}
	while (!job.in_arena && st->count >= (job.packed ? TEXT_QUEUE_HELPED : TEXT_QUEUE_MAX)) {
		if (st->idle) /* then the producer is the only one to wake */
			pthread_cond_signal(&st->worker.changed);
		pthread_cond_wait(&st->worker.changed, &st->worker.lock);
	}
	rc = st->err_rc;
	if (rc) {
		errbuf_set(eb, rc, "%s", st->err.msg);
		text_job_free(&job);
	} else {
		st->queue[(st->head + st->count) % TEXT_QUEUE_RING] = job;
		st->count++;
		if (st->idle && (st->count >= TEXT_QUEUE_WAKE || job.lens)) /* the sample at once */
			pthread_cond_signal(&st->worker.changed);
	}
	pthread_mutex_unlock(&st->worker.lock);
	return rc;
}

static void text_coder_release(struct text_coder *c)
{
	ZSTD_freeCCtx(c->zstd);
	buf_release(&c->out);
	buf_release(&c->codes);
	wordcode_memo_release(&c->memo);
}

void storedtext_free(struct stored_text *st)
{
	struct errbuf eb = { "", 0 };

	if (!st)
		return;
	storedtext_join(st, &eb); /* an error here has been reported already */
	if (st->arena) /* mapped, then never used: the ring was full */
		munmap(st->arena, TEXT_ARENA_BYTES);
	text_coder_release(&st->coder);
	text_coder_release(&st->help);
	ZSTD_freeCDict(st->cdict);
	ZSTD_freeCCtxParams(st->params);
	buf_release(&st->dict);
	clauses_release(&st->block);
	clauses_release(&st->pending);
	buf_release(&st->model);
	wordcode_free(st->wc);
	buf_release(&st->index);
	free(st->pending_len);
	free(st);
}

/* The shared dictionary and the parameters of every context, made once
 * the dictionary is known. The level's tables would be sized for input of
 * unknown length (24 MiB at level 9); a block and the dictionary need
 * TEXT_ZSTD_LOG bits of window, hash and chain (about 2 MiB; one more bit
 * of window for a dictionary past TEXT_DICT_MAX / 2, trained or
 * inherited), and compress to the same bytes within 0.1%. */
static int storedtext_make_cdict(struct stored_text *st, struct errbuf *eb)
{
	ZSTD_CCtx_params *p = st->params = ZSTD_createCCtxParams();
	int window_log = TEXT_ZSTD_LOG + (st->dict.len > TEXT_DICT_MAX / 2);

	if (p && !ZSTD_isError(ZSTD_CCtxParams_setParameter(p, ZSTD_c_compressionLevel, TEXT_ZSTD_LEVEL)) &&
	    !ZSTD_isError(ZSTD_CCtxParams_setParameter(p, ZSTD_c_minMatch, TEXT_ZSTD_MIN_MATCH)) &&
	    !ZSTD_isError(ZSTD_CCtxParams_setParameter(p, ZSTD_c_searchLog, TEXT_ZSTD_SEARCH_LOG)) &&
	    !ZSTD_isError(ZSTD_CCtxParams_setParameter(p, ZSTD_c_windowLog, window_log)) &&
	    !ZSTD_isError(ZSTD_CCtxParams_setParameter(p, ZSTD_c_hashLog, st->table_log)) &&
	    !ZSTD_isError(ZSTD_CCtxParams_setParameter(p, ZSTD_c_chainLog, st->table_log)) &&
	    !ZSTD_isError(ZSTD_CCtxParams_setParameter(p, ZSTD_c_contentSizeFlag, 0)) &&
	    !ZSTD_isError(ZSTD_CCtxParams_setParameter(p, ZSTD_c_dictIDFlag, 0)) &&
	    !ZSTD_isError(ZSTD_CCtxParams_setParameter(p, ZSTD_c_format, ZSTD_f_zstd1_magicless)))
		st->cdict = ZSTD_createCDict_advanced2(st->dict.data, st->dict.len, ZSTD_dlm_byRef,
		                                       ZSTD_dct_auto, p, ZSTD_defaultCMem);
	if (!st->cdict)
		return errbuf_set(eb, ERR_IO, "zstd: cannot initialise the compressor");
	return 0;
}

/* The coder is known (dictionary or word model): the producer may code
 * blocks too from now on. */
static void storedtext_set_ready(struct stored_text *st)
{
	if (st->threaded) {
		pthread_mutex_lock(&st->worker.lock);
		st->ready = 1;
		pthread_mutex_unlock(&st->worker.lock);
	}
}

/* Compress one block's raw bytes into c->out (reset first) with c's
 * context (made on first use, with the shared parameters and dictionary). The
 * frames carry no magic number, content size, checksum or dictionary id:
 * the index entry says where a frame starts and has the raw length and
 * the frame's CRC32, and a segment has one dictionary. */
static int storedtext_compress(struct stored_text *st, struct text_coder *c,
                               const uint8_t *raw, uint32_t len, struct errbuf *eb)
{
	size_t bound = ZSTD_compressBound(len), got;

	if (!c->zstd) {
		ZSTD_CCtx *z = c->zstd = ZSTD_createCCtx();
		if (!z || ZSTD_isError(ZSTD_CCtx_setParametersUsingCCtxParams(z, st->params)) ||
		    ZSTD_isError(ZSTD_CCtx_refCDict(z, st->cdict)))
			return errbuf_set(eb, ERR_IO, "zstd: cannot initialise the compressor");
	}
	buf_reset(&c->out);
	buf_reserve(&c->out, bound);
	got = ZSTD_compress2(c->zstd, c->out.data, bound, raw, len);
	if (ZSTD_isError(got))
		return errbuf_set(eb, ERR_IO, "zstd: %s", ZSTD_getErrorName(got));
	c->out.len = got;
	return 0;
}

/* Append one block of len raw bytes, its frame packed[0..packed_len), to
 * the spool and the index. */
static int storedtext_put(struct stored_text *st, uint32_t len,
                          const void *packed, size_t packed_len, struct errbuf *eb)
{
	uint8_t entry[TEXTIDX_ENTRY_SIZE];

	if (st->out->len >> 48)
		return errbuf_set(eb, ERR_LIMIT, "stored text past 2^48 bytes");
	store_u48(entry + TEXTIDX_OFFSET, st->out->len);
	store_u16(entry + TEXTIDX_RAW_LEN, (uint16_t)len);
	store_u32(entry + TEXTIDX_CRC,
	          (uint32_t)crc32(crc32(0L, Z_NULL, 0), (const Bytef *)packed, (uInt)packed_len));
	buf_append(&st->index, entry, sizeof entry);
	return spool_write(st->out, packed, packed_len, eb);
}

/* A block of the word code (format.h SEC_TEXT_MODEL) into c->out (reset
 * first): its clause count, each clause's code length, the codes. The
 * clauses' lengths add up to the block's; their hints spare look-ups
 * (c's memo, which holds codes of st->wc alone). */
static int storedtext_word_block(const struct stored_text *st, struct text_coder *c,
                                 const struct text_block *b, struct errbuf *eb)
{
	size_t at = 0, hint_at = 0;

	for (size_t i = 0; i < b->n; i++)
		at += b->cuts[i];
	if (at != b->len)
		return errbuf_set(eb, ERR_INVALID, "stored text: clauses do not fill their block");
	buf_reset(&c->out);
	buf_reset(&c->codes);
	varint_append(&c->out, b->n);
	at = 0;
	for (size_t i = 0; i < b->n; i++) {
		size_t before = c->codes.len, n_hints = b->hints ? b->hint_counts[i] : 0;
		wordcode_encode_hinted(st->wc, (const char *)b->raw + at, b->cuts[i],
		                       b->hints ? b->hints + hint_at : NULL, n_hints, &c->memo,
		                       &c->codes);
		varint_append(&c->out, c->codes.len - before);
		at += b->cuts[i];
		hint_at += n_hints;
	}
	buf_append(&c->out, c->codes.data, c->codes.len);
	return 0;
}

/* Code one block's raw bytes into c->out with the segment's coder: the
 * word model, or zstd with c's context. */
static int storedtext_pack(struct stored_text *st, struct text_coder *c,
                           const struct text_block *b, struct errbuf *eb)
{
	if (st->wc)
		return storedtext_word_block(st, c, b, eb);
	return storedtext_compress(st, c, b->raw, b->len, eb);
}

/* Code one block with the thread's context and append it. */
static int storedtext_write(struct stored_text *st, const struct text_block *b,
                            struct errbuf *eb)
{
	int rc;

	if (!st->wc && !st->cdict) {
		if ((rc = storedtext_make_cdict(st, eb)))
			return rc;
		storedtext_set_ready(st);
	}
	if ((rc = storedtext_pack(st, &st->coder, b, eb)))
		return rc;
	return storedtext_put(st, b->len, st->coder.out.data, st->coder.out.len, eb);
}

/* Make the dictionary from the sample (n blocks back to back): one pass of
 * ZDICT's fastCover, or, when it cannot train (a small segment), raw pieces of the
 * sample; st->dict_max for a full sample, whose last block may take it past
 * st->sample_bytes, or for a segment's whole text, short of that, a small
 * one or none (TEXT_DICT_SMALL_RATIO). */
static void storedtext_train(struct stored_text *st, const char *sample,
                             const uint32_t *lens, size_t n)
{
	size_t total = 0, size, got, n_pieces, *sizes;
	ZDICT_fastCover_params_t params = {
		.k = TEXT_DICT_K, .d = TEXT_DICT_D, .f = TEXT_DICT_F, .accel = TEXT_DICT_ACCEL,
		.zParams = { .compressionLevel = TEXT_ZSTD_LEVEL },
	};

	for (size_t i = 0; i < n; i++)
		total += lens[i];
	if (total >= st->sample_bytes) {
		size = st->dict_max;
	} else {
		size = total / TEXT_DICT_SMALL_RATIO;
		size = size < TEXT_DICT_SMALL_MIN ? 0
		     : size > TEXT_DICT_SMALL_MAX ? TEXT_DICT_SMALL_MAX : size;
	}
	buf_reset(&st->dict);
	if (size == 0)
		return; /* no dictionary */
	sizes = xmalloc(n * sizeof *sizes);
	for (size_t i = 0; i < n; i++)
		sizes[i] = lens[i];
	buf_reserve(&st->dict, size);
	got = ZDICT_trainFromBuffer_fastCover(st->dict.data, size, sample, sizes,
	                                      (unsigned)n, params);
	free(sizes);
	if (!ZDICT_isError(got)) {
		st->dict.len = got;
		return;
	}
	n_pieces = size / TEXT_DICT_PIECE;
	for (size_t k = 0; k < n_pieces; k++)
		buf_append(&st->dict, sample + k * (total / n_pieces), TEXT_DICT_PIECE);
}

/* Where the sample's next block starts: its byte, clause and hint. */
struct sample_cursor {
	size_t at, cut, hint;
};

/* The sample's block i, the one at *cur (its clauses' lengths add up to
 * its), with its hints or none; *cur moves past it. */
static struct text_block sample_block(const struct text_job *job, size_t i, int hinted,
                                      struct sample_cursor *cur)
{
	struct text_block b = { (const uint8_t *)job->raw + cur->at, job->lens[i],
		                job->cuts + cur->cut, 0,
		                hinted ? job->hints + cur->hint : NULL,
		                hinted ? job->hint_counts + cur->cut : NULL };

	for (uint32_t got = 0; got < job->lens[i] && cur->cut < job->n_cuts; cur->cut++, b.n++) {
		got += job->cuts[cur->cut];
		cur->hint += job->hint_counts[cur->cut];
	}
	cur->at += job->lens[i];
	return b;
}

/* Add the n clauses at text, cuts[0..n) bytes each, to the counts c;
 * then the model of all c counted (into model), opened to code. */
static int storedtext_model(struct wordcode_counts *c, const char *text, const uint16_t *cuts,
                            size_t n, struct buf *model, struct wordcode **wc,
                            struct errbuf *eb)
{
	for (size_t i = 0, at = 0; i < n; at += cuts[i++])
		wordcode_count(c, text + at, cuts[i]);
	buf_reset(model);
	wordcode_model_write(c, model);
	return wordcode_open((const uint8_t *)model->data, model->len, 1, wc, eb);
}

/* Choose the segment's coder once its dictionary is trained on the sample
 * (the job): the word code when the sample is full and its last quarter
 * of blocks, coded by a model of the rest, takes fewer bytes than zstd's
 * frames of them with the dictionary (which has seen them: the test
 * favours zstd), the model's and the dictionary's own bytes shared over
 * the text expected. Then the model is made from the whole sample and
 * the dictionary dropped. Text drawn word by word, as the generated
 * corpora's, takes the word code (25% of the 10 MiB corpus's text against
 * 33%); text that repeats whole phrases may keep zstd. */
static int storedtext_choose(struct stored_text *st, const struct text_job *job,
                             struct errbuf *eb)
{
	size_t total = 0, held_from = job->n - job->n / 4, held_cut;
	struct sample_cursor cur = { 0, 0, 0 };
	uint64_t word_bytes = 0, zstd_bytes = 0, held = 0;
	struct wordcode *wc = NULL;
	struct wordcode_counts *counts = NULL;
	int rc;

	for (size_t i = 0; i < job->n; i++)
		total += job->lens[i];
	if (total < st->sample_bytes || !st->dict.len || job->n < 4)
		return 0;
	for (size_t i = 0; i < held_from; i++)
		sample_block(job, i, 0, &cur);
	held_cut = cur.cut;
	counts = wordcode_counts_new();
	if ((rc = storedtext_model(counts, job->raw, job->cuts, held_cut, &st->model, &wc, eb)) ||
	    (rc = storedtext_make_cdict(st, eb)))
		goto out;
	/* the trial model codes without hints: the coder's memo is the
	 * chosen model's */
	st->wc = wc;
	for (size_t i = held_from; i < job->n && !rc; i++) {
		struct text_block b = sample_block(job, i, 0, &cur);
		rc = storedtext_word_block(st, &st->coder, &b, eb);
		word_bytes += st->coder.out.len;
		if (!rc)
			rc = storedtext_compress(st, &st->coder, b.raw, b.len, eb);
		zstd_bytes += st->coder.out.len;
		held += b.len;
	}
	st->wc = NULL;
	if (rc)
		goto out;
	/* per byte of text to come: the coders' bytes of the held-out quarter,
	 * and their fixed bytes over the text expected (all of it when the
	 * amount is unknown: a large segment) */
	uint64_t expected = st->expected ? st->expected : UINT64_MAX / 2;
	double word_cost = (double)word_bytes / (double)held + (double)st->model.len / (double)expected;
	double zstd_cost = (double)zstd_bytes / (double)held + (double)st->dict.len / (double)expected;
	if (word_cost >= zstd_cost) {
		buf_reset(&st->model);
		storedtext_set_ready(st);
		goto out;
	}
	wordcode_free(wc);
	wc = NULL;
	if ((rc = storedtext_model(counts, job->raw + cur.at - held, job->cuts + held_cut,
	                           job->n_cuts - held_cut, &st->model, &wc, eb)))
		goto out;
	st->wc = wc;
	wc = NULL;
	buf_reset(&st->dict);
	ZSTD_freeCDict(st->cdict);
	st->cdict = NULL;
	storedtext_set_ready(st);
out:
	wordcode_free(wc);
	wordcode_counts_free(counts);
	return rc;
}

static int storedtext_run(struct stored_text *st, struct text_job *job,
                          struct errbuf *eb)
{
	struct sample_cursor cur = { 0, 0, 0 };
	struct text_block b;
	int rc = 0;

	if (job->packed)
		return storedtext_put(st, job->len, job->packed,
		                      job->packed_len, eb);
	if (!job->lens) {
		b = job_block(job);
		return storedtext_write(st, &b, eb);
	}
	storedtext_train(st, job->raw, job->lens, job->n);
	if ((rc = storedtext_choose(st, job, eb)))
		return rc;
	for (size_t i = 0; i < job->n && !rc; i++) {
		b = sample_block(job, i, 1, &cur);
		rc = storedtext_write(st, &b, eb);
	}
	return rc;
}

/* Hand the pending sample over: the dictionary is trained on it, then its
 * blocks are compressed with it. */
static int storedtext_flush_pending(struct stored_text *st, struct errbuf *eb)
{
	struct text_job job = { .lens = st->pending_len, .n = st->n_pending };

	st->sampled = 1;
	if (!st->n_pending)
		return 0; /* no text: no dictionary, no blocks */
	clauses_take(&st->pending, &job);
	st->pending_len = NULL;
	st->n_pending = st->pending_cap = 0;
	return storedtext_submit(st, job, eb);
}

/* Close the open block: compress it, or keep it for the sample. */
static int storedtext_close_block(struct stored_text *st, struct errbuf *eb)
{
	if (!st->block.text.len)
		return 0;
	st->n_blocks++;
	if (st->sampled) {
		struct text_job job = { 0 };
		clauses_take(&st->block, &job);
		return storedtext_submit(st, job, eb);
	}
	st->pending_len = xgrow(st->pending_len, &st->pending_cap, st->n_pending + 1,
	                        sizeof *st->pending_len);
	st->pending_len[st->n_pending++] = (uint32_t)st->block.text.len;
	clauses_move(&st->pending, &st->block);
	return st->pending.text.len >= st->sample_bytes ? storedtext_flush_pending(st, eb) : 0;
}

int storedtext_add(struct stored_text *st, const char *text, size_t len,
                   const struct wordcode_hint *hints, size_t n_hints, uint32_t *block,
                   uint32_t *off, uint32_t *ord, struct errbuf *eb)
{
	uint8_t cut[2];
	uint32_t count = (uint32_t)n_hints;
	int rc;

	if (len > TEXT_BLOCK_SIZE)
		return errbuf_set(eb, ERR_LIMIT, "clause of %zu bytes in one text block", len);
	if (st->block.text.len + len > TEXT_BLOCK_TARGET &&
	    (rc = storedtext_close_block(st, eb)))
		return rc;
	*block = st->n_blocks;
	*off = (uint32_t)st->block.text.len;
	*ord = (uint32_t)(st->block.cuts.len / sizeof cut);
	memcpy(cut, &(uint16_t){ (uint16_t)len }, sizeof cut);
	buf_append(&st->block.cuts, cut, sizeof cut);
	buf_append(&st->block.text, text, len);
	buf_append(&st->block.hint_counts, &count, sizeof count);
	if (n_hints)
		buf_append(&st->block.hints, hints, n_hints * sizeof *hints);
	return 0;
}

int storedtext_finish(struct stored_text *st, const struct buf **dict,
                      const struct buf **model, const struct buf **index,
                      uint32_t *n_blocks, struct errbuf *eb)
{
	int rc;

	if ((rc = storedtext_close_block(st, eb)))
		return rc;
	if (!st->sampled && (rc = storedtext_flush_pending(st, eb)))
		return rc;
	if ((rc = storedtext_join(st, eb)))
		return rc;
	if (!st->n_blocks) { /* no text, no dictionary or model (even inherited) */
		buf_reset(&st->dict);
		buf_reset(&st->model);
	}
	*dict = &st->dict;
	*model = &st->model;
	*index = &st->index;
	*n_blocks = st->n_blocks;
	return 0;
}
