/* postings.c: positional postings accumulation and run files (see postings.h). */
#include "postings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "codec.h"
#include "strmap.h"
#include "strsort.h"
#include "xalloc.h"

/* A term's buffer holds this run's varints (postings.h): len bytes of
 * cap, a power of two. Up to TERM_BUF_POOLED bytes it comes from the
 * pool (struct postings), larger from malloc. A build makes a buffer for
 * every term and grows it a few times, ~160K times at 10 MiB: realloc
 * took malloc's lock each time (one arena for every thread, heap.h), and
 * the main thread waited there for the others' allocations (12 ms of a
 * 0.27 s build, perf sched). */
#define TERM_BUF_MIN 16
#define TERM_BUF_POOLED (64u << 10)
#define TERM_BUF_CLASSES 13 /* TERM_BUF_MIN << 0 .. TERM_BUF_POOLED */
_Static_assert(TERM_BUF_MIN << (TERM_BUF_CLASSES - 1) == TERM_BUF_POOLED, "a class a size");
#define TERM_POOL_BLOCK (1u << 20)
/* A token appends at most three varints of 32 bits. */
#define TOKEN_MAX_BYTES 15

struct term_postings {
	uint8_t *data;
	size_t len, cap;
	uint32_t last_clause;  /* of this run, valid when len > 0 */
	/* Scratch of postings_add_clause: clause + 1 while counting tf in
	 * it, 0 once its header is written; tf and last position there. */
	uint32_t mark, tf, prev_pos;
};

struct postings {
	struct strmap *terms;        /* term -> term_idx */
	struct term_postings *lists; /* by term_idx */
	size_t lists_cap;
	size_t bytes;                /* bytes held by the buffers, free ones too */
	/* The pooled buffers: carved from the arena, and when a buffer grows
	 * the one it leaves goes on the free list of its size (the first
	 * bytes of each link it), for the next buffer growing to that size.
	 * All of it is released when a run is written. */
	struct arena pool;
	void *free_bufs[TERM_BUF_CLASSES];
	size_t budget;
	char *run_prefix;
	char **run_paths;
	size_t n_runs, runs_cap;
	struct postings_entry *last; /* of postings_finish */
};

struct postings *postings_new(const char *run_prefix, size_t memory_budget)
{
	struct postings *p = xcalloc(1, sizeof *p);

	p->terms = strmap_new();
	p->pool = (struct arena)ARENA_INIT(TERM_POOL_BLOCK);
	p->budget = memory_budget;
	p->run_prefix = xstrdup(run_prefix);
	return p;
}

/* Release every term's buffer: the large ones, and the pool. */
static void postings_release_buffers(struct postings *p)
{
	for (size_t i = 0; i < strmap_count(p->terms); i++) {
		struct term_postings *tp = &p->lists[i];
		if (tp->cap > TERM_BUF_POOLED)
			free(tp->data);
		tp->data = NULL;
		tp->len = tp->cap = 0;
	}
	arena_release(&p->pool);
	memset(p->free_bufs, 0, sizeof p->free_bufs);
	p->bytes = 0;
}

/* The free list of pooled buffers of cap bytes. */
static void **free_list(struct postings *p, size_t cap)
{
	return &p->free_bufs[__builtin_ctzll(cap / TERM_BUF_MIN)];
}

/* Room for n more bytes in tp's buffer: a buffer of twice the size (or
 * more) when it has not, the old one's bytes copied and the old one
 * given back. */
static void term_room(struct postings *p, struct term_postings *tp, size_t n)
{
	size_t cap = tp->cap ? tp->cap : TERM_BUF_MIN;
	uint8_t *d;

	if (tp->len + n <= tp->cap)
		return;
	while (cap < tp->len + n)
		cap *= 2;
	if (cap > TERM_BUF_POOLED) {
		int grown = tp->cap > TERM_BUF_POOLED;
		d = grown ? xrealloc(tp->data, cap) : xmalloc(cap);
		p->bytes += cap - (grown ? tp->cap : 0);
	} else {
		void **head = free_list(p, cap);
		d = *head;
		if (d) {
			memcpy(head, d, sizeof(void *));
		} else {
			d = arena_alloc_raw(&p->pool, cap);
			p->bytes += cap;
		}
	}
	if (tp->cap && tp->cap <= TERM_BUF_POOLED) {
		void **head = free_list(p, tp->cap);
		memcpy(d, tp->data, tp->len);
		memcpy(tp->data, head, sizeof(void *));
		*head = tp->data;
	}
	tp->data = d;
	tp->cap = cap;
}

void postings_free(struct postings *p)
{
	if (!p)
		return;
	postings_release_buffers(p);
	for (size_t i = 0; i < p->n_runs; i++) {
		unlink(p->run_paths[i]);
		free(p->run_paths[i]);
	}
	free(p->run_paths);
	free(p->last);
	free(p->lists);
	free(p->run_prefix);
	strmap_free(p->terms);
	free(p);
}

uint32_t postings_term(struct postings *p, const char *term, size_t len)
{
	size_t n = strmap_count(p->terms);
	int added;
	uint64_t *v = strmap_upsert(p->terms, term, len, n, &added);

	if (added) {
		p->lists = xgrow(p->lists, &p->lists_cap, n + 1, sizeof *p->lists);
		memset(&p->lists[n], 0, sizeof p->lists[n]);
	}
	return (uint32_t)*v;
}

const char *postings_term_string(const struct postings *p, uint32_t term_idx,
                                 size_t *len)
{
	return strmap_key(p->terms, term_idx, len);
}

uint32_t postings_term_count(const struct postings *p)
{
	return (uint32_t)strmap_count(p->terms);
}

/* The terms with postings in memory, in term order: *n_live of them in a
 * new array (the caller frees it). */
static struct strsort_item *postings_sorted(const struct postings *p, size_t *n_live)
{
	size_t n = strmap_count(p->terms);
	struct strsort_item *order = xmalloc((n ? n : 1) * sizeof *order);

	*n_live = 0;
	for (size_t i = 0; i < n; i++)
		if (p->lists[i].len) {
			size_t len;
			const char *term = strmap_key(p->terms, i, &len);
			order[(*n_live)++] = strsort_item(term, len, (uint32_t)i);
		}
	strsort(order, *n_live);
	return order;
}

static int postings_write_run(struct postings *p, struct errbuf *eb)
{
	size_t n_live;
	struct strsort_item *order = postings_sorted(p, &n_live);
	struct buf path = BUF_INIT, out = BUF_INIT;
	FILE *f;
	int rc = 0;

	buf_printf(&path, "%s%zu.tmp", p->run_prefix, p->n_runs);
	f = fopen(path.data, "wb");
	if (!f) {
		rc = errbuf_set(eb, ERR_IO, "create %s: %s", path.data, strerror(errno));
		goto out;
	}
	for (size_t k = 0; k < n_live; k++) {
		struct term_postings *tp = &p->lists[order[k].idx];
		size_t len = order[k].len;
		const char *term = order[k].s;

		buf_reset(&out);
		varint_append(&out, len);
		buf_append(&out, term, len);
		varint_append(&out, tp->len);
		if (fwrite(out.data, 1, out.len, f) != out.len ||
		    fwrite(tp->data, 1, tp->len, f) != tp->len)
			break;
	}
	if (ferror(f) | fclose(f)) {
		rc = errbuf_set(eb, ERR_IO, "write %s: %s", path.data, strerror(errno));
		unlink(path.data);
		goto out;
	}
	p->run_paths = xgrow(p->run_paths, &p->runs_cap, p->n_runs + 1,
	                     sizeof *p->run_paths);
	p->run_paths[p->n_runs++] = buf_detach(&path, NULL);
	postings_release_buffers(p);
out:
	buf_release(&path);
	buf_release(&out);
	free(order);
	return rc;
}

/* Postings bytes that trigger a run. The vocabulary is never flushed, so
 * it is taken off the budget, but a run always holds at least a quarter of
 * the budget: a vocabulary larger than the budget must not turn every
 * clause into a run of its own. */
static size_t postings_flush_limit(const struct postings *p)
{
	size_t vocab = strmap_bytes(p->terms) + p->lists_cap * sizeof *p->lists;
	size_t floor = p->budget / 4;

	return p->budget > vocab + floor ? p->budget - vocab : floor;
}

/* How many tokens ahead postings_add_clause asks for the term's list
 * (first pass) and its buffer's end (second pass): each token touches the
 * list of its own term, a few dozen bytes somewhere in megabytes, and
 * without the hint every one of them waits for memory. */
#define POSTINGS_PREFETCH 8

int postings_add_clause(struct postings *p, uint32_t clause_id,
                        struct posting_token *toks, size_t n,
                        struct errbuf *eb)
{
	/* Two passes instead of sorting by term: count each term's tf, then
	 * append in position order, the header (clause gap, tf) at a term's
	 * first occurrence. Each term's buffer only sees its own bytes. */
	for (size_t i = 0; i < n; i++) {
		struct term_postings *tp = &p->lists[toks[i].term_idx];
		if (i + POSTINGS_PREFETCH < n)
			__builtin_prefetch(&p->lists[toks[i + POSTINGS_PREFETCH].term_idx], 1);
		if (tp->mark != clause_id + 1) {
			tp->mark = clause_id + 1;
			tp->tf = 0;
		}
		tp->tf++;
	}
	for (size_t i = 0; i < n; i++) {
		struct term_postings *tp = &p->lists[toks[i].term_idx];
		uint8_t *x;
		if (i + POSTINGS_PREFETCH < n) {
			const struct term_postings *next = &p->lists[toks[i + POSTINGS_PREFETCH].term_idx];
			if (next->data) /* a new term's buffer is not allocated yet */
				__builtin_prefetch(next->data + next->len, 1);
		}
		term_room(p, tp, TOKEN_MAX_BYTES);
		x = tp->data + tp->len;
		if (tp->mark) {
			x = varint_put(x, tp->len ? clause_id - tp->last_clause : clause_id);
			x = varint_put(x, tp->tf);
			tp->last_clause = clause_id;
			tp->mark = 0;
			tp->prev_pos = 0;
		}
		x = varint_put(x, toks[i].position - tp->prev_pos);
		tp->prev_pos = toks[i].position;
		tp->len = (size_t)(x - tp->data);
	}
	if (p->bytes > postings_flush_limit(p))
		return postings_write_run(p, eb);
	return 0;
}

void postings_finish(struct postings *p, const struct postings_entry **last,
                     size_t *n_last)
{
	struct strsort_item *order = postings_sorted(p, n_last);

	free(p->last);
	p->last = xmalloc((*n_last ? *n_last : 1) * sizeof *p->last);
	for (size_t k = 0; k < *n_last; k++) {
		const struct term_postings *tp = &p->lists[order[k].idx];
		p->last[k] = (struct postings_entry){
			.term = order[k].s, .term_len = order[k].len,
			.data = tp->data, .data_len = tp->len,
		};
	}
	free(order);
	*last = p->last;
}

size_t postings_run_count(const struct postings *p)
{
	return p->n_runs;
}

const char *postings_run_path(const struct postings *p, size_t i)
{
	return p->run_paths[i];
}
