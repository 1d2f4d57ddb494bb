/* docqueue.c: documents analysed in order on a thread of their own (see
 * docqueue.h). */
#include "docqueue.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "worker.h"
#include "xalloc.h"

/* The queue is a ring of DOCQUEUE_MAX_DOCS documents: from head, n_done
 * analysed ones, then count - n_done waiting for the thread, which works
 * on the first of those (its slot is the thread's alone until n_done
 * counts it; the caller only reads done slots and writes free ones).
 * Guarded by the worker's lock: head, count, n_done, text_bytes. */
struct doc_queue {
	struct analyzer *an;
	struct verbs_index verbs;
	struct citations cites; /* the thread's scratch */
	int threaded;
	struct worker worker;
	struct analysed_doc ring[DOCQUEUE_MAX_DOCS];
	size_t head, count, n_done;
	size_t text_bytes;      /* res.text_len of the queued documents */
	int idle;               /* the thread waits for documents */
};

/* The thread, once idle, is woken when this many documents wait for it
 * (or the caller waits for it, or it is stopped), not at every push:
 * woken at each, it took ~320 of a 10 MiB build's ~1,100 context
 * switches, each one preempting the pushing thread on this 2-core
 * machine. */
#define DOCQUEUE_WAKE_DOCS 4
_Static_assert(DOCQUEUE_WAKE_DOCS < DOCQUEUE_MAX_DOCS, "a full queue wakes the thread");

void analysed_doc_release(struct analysed_doc *d)
{
	resolution_release(&d->res);
	free(d->clauses);
	free(d->toks);
	free(d->cites);
	memset(d, 0, sizeof *d);
}

/* Clause text is 7.7 bytes a token on the generated corpora; a document's
 * token array is made for one token in every 6 bytes of its text. Grown
 * from 8 tokens by doubling, it cost the analysing thread 908 M rather
 * than 869 M instructions in docqueue_analyse (generated 10 MiB corpus,
 * callgrind). */
#define DOCQUEUE_TOKEN_BYTES 6

/* Per-token callback of one clause's analysis. */
struct docqueue_clause {
	struct analysed_doc *d;
	size_t verb_start;  /* byte offset of the verb, SIZE_MAX if none */
	uint32_t verb_pos;
	/* the folded words from the verb on, as many as an opening phrase has */
	const char *opener[VERBS_MAX_WORDS];
	size_t n_opener;
};

static int docqueue_token(void *ctx, const struct token *t)
{
	struct docqueue_clause *dc = ctx;
	struct analysed_doc *d = dc->d;

	int fits = t->end <= UINT16_MAX;

	d->toks = xgrow(d->toks, &d->toks_cap, d->n_toks + 1, sizeof *d->toks);
	d->toks[d->n_toks++] = (struct analysed_token){
		t->term, (uint32_t)t->term_len, t->word_id, t->position,
		fits ? (uint16_t)t->start : 0, fits ? (uint16_t)(t->end - t->start) : 0,
	};
	if (dc->verb_pos == NO_POSITION && t->start >= dc->verb_start)
		dc->verb_pos = t->position;
	if (dc->verb_pos != NO_POSITION && dc->n_opener < VERBS_MAX_WORDS)
		dc->opener[dc->n_opener++] = t->folded;
	return 0;
}

/* Analyse every clause of d: tokens, verb position and lemma, citations. */
static void docqueue_analyse(struct analyzer *an, const struct verbs_index *verbs,
                             struct citations *scratch, struct analysed_doc *d)
{
	const struct resolution *res = &d->res;
	size_t bytes = 0;

	/* Room for the tokens of text of DOCQUEUE_TOKEN_BYTES bytes a token,
	 * so that the array rarely grows token by token. */
	for (size_t i = 0; i < res->n_clauses; i++)
		bytes += res->clauses[i].text_len;
	d->toks = xgrow(d->toks, &d->toks_cap, bytes / DOCQUEUE_TOKEN_BYTES + 1, sizeof *d->toks);
	d->clauses = xmalloc((res->n_clauses ? res->n_clauses : 1) * sizeof *d->clauses);
	for (size_t i = 0; i < res->n_clauses; i++) {
		const struct clause *c = &res->clauses[i];
		const char *text = res->text + c->text_start;
		struct docqueue_clause dc = { d, c->verb_len ? c->verb_start : SIZE_MAX,
		                              NO_POSITION, { NULL }, 0 };
		struct analysed_clause *ac = &d->clauses[i];

		ac->first_tok = d->n_toks;
		analyzer_run(an, text, c->text_len, 0, docqueue_token, &dc);
		ac->n_toks = d->n_toks - ac->first_tok;
		ac->verb_pos = dc.verb_pos;
		ac->verb_lemma = verbs_lemma(verbs, dc.opener, dc.n_opener);
		cite_extract(text, c->text_len, scratch);
		ac->first_cite = d->n_cites;
		ac->n_cites = scratch->n;
		d->cites = xgrow(d->cites, &d->cites_cap, d->n_cites + scratch->n + 1,
		                 sizeof *d->cites);
		if (scratch->n)
			memcpy(d->cites + d->n_cites, scratch->v, scratch->n * sizeof *d->cites);
		d->n_cites += scratch->n;
	}
}

/* The analysing thread: the oldest waiting document, in order, until
 * closing. */
static void *docqueue_thread(void *arg)
{
	struct doc_queue *q = arg;

	pthread_mutex_lock(&q->worker.lock);
	for (;;) {
		while (q->n_done == q->count && !q->worker.closing) {
			q->idle = 1;
			pthread_cond_wait(&q->worker.changed, &q->worker.lock);
			q->idle = 0;
		}
		if (q->worker.closing)
			break;
		struct analysed_doc *d = &q->ring[(q->head + q->n_done) % DOCQUEUE_MAX_DOCS];
		pthread_mutex_unlock(&q->worker.lock);
		docqueue_analyse(q->an, &q->verbs, &q->cites, d);
		pthread_mutex_lock(&q->worker.lock);
		q->n_done++;
		pthread_cond_broadcast(&q->worker.changed);
	}
	pthread_mutex_unlock(&q->worker.lock);
	return NULL;
}

struct doc_queue *docqueue_new(struct analyzer *an, int threaded)
{
	struct doc_queue *q = xcalloc(1, sizeof *q);

	q->an = an;
	verbs_index_init(&q->verbs);
	q->threaded = threaded;
	return q;
}

void docqueue_push(struct doc_queue *q, struct analysed_doc *doc)
{
	if (q->threaded && !q->worker.running && worker_start(&q->worker, docqueue_thread, q))
		q->threaded = 0; /* no thread to be had: analyse inline */
	if (q->worker.running)
		pthread_mutex_lock(&q->worker.lock);
	/* docqueue_next keeps the queue below its bound after every push */
	assert(q->count < DOCQUEUE_MAX_DOCS);
	struct analysed_doc *slot = &q->ring[(q->head + q->count) % DOCQUEUE_MAX_DOCS];
	*slot = *doc;
	memset(doc, 0, sizeof *doc);
	q->count++;
	q->text_bytes += slot->res.text_len;
	if (q->worker.running) {
		if (q->idle && q->count - q->n_done >= DOCQUEUE_WAKE_DOCS)
			pthread_cond_signal(&q->worker.changed);
		pthread_mutex_unlock(&q->worker.lock);
	} else {
		docqueue_analyse(q->an, &q->verbs, &q->cites, slot);
		q->n_done++;
	}
}

/* Whether the caller must wait for the oldest document (lock held). */
static int docqueue_over(const struct doc_queue *q, int flush)
{
	return q->count > 0 &&
	       (flush || q->count == DOCQUEUE_MAX_DOCS ||
	        (q->count > 1 && q->text_bytes > DOCQUEUE_MAX_TEXT));
}

int docqueue_next(struct doc_queue *q, int flush, struct analysed_doc *out)
{
	int got = 0;

	if (q->worker.running) {
		pthread_mutex_lock(&q->worker.lock);
		while (!q->n_done && docqueue_over(q, flush)) {
			if (q->idle) /* then the caller is the only one to wake */
				pthread_cond_signal(&q->worker.changed);
			pthread_cond_wait(&q->worker.changed, &q->worker.lock);
		}
	}
	if (q->n_done) {
		struct analysed_doc *d = &q->ring[q->head];
		*out = *d;
		memset(d, 0, sizeof *d);
		q->head = (q->head + 1) % DOCQUEUE_MAX_DOCS;
		q->count--;
		q->n_done--;
		q->text_bytes -= out->res.text_len;
		got = 1;
	}
	if (q->worker.running)
		pthread_mutex_unlock(&q->worker.lock);
	return got;
}

void docqueue_free(struct doc_queue *q)
{
	if (!q)
		return;
	worker_stop(&q->worker);
	for (size_t i = 0; i < q->count; i++)
		analysed_doc_release(&q->ring[(q->head + i) % DOCQUEUE_MAX_DOCS]);
	citations_release(&q->cites);
	free(q);
}
