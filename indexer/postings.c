/* postings.c: positional postings accumulation and run files (see postings.h). */
#include "postings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "codec.h"
#include "strmap.h"
#include "strsort.h"
#include "xalloc.h"

struct term_postings {
	struct buf data;       /* this run's varints, see postings.h */
	uint32_t last_clause;  /* of this run, valid when data.len > 0 */
	/* Scratch of postings_add_clause: clause + 1 while counting tf in
	 * it, 0 once its header is written; tf and last position there. */
	uint32_t mark, tf, prev_pos;
};

struct postings {
	struct strmap *terms;        /* term -> term_idx */
	struct term_postings *lists; /* by term_idx */
	size_t lists_cap;
	size_t bytes;                /* bytes held by the lists' buffers */
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
	p->budget = memory_budget;
	p->run_prefix = xstrdup(run_prefix);
	return p;
}

void postings_free(struct postings *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < strmap_count(p->terms); i++)
		buf_release(&p->lists[i].data);
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
		if (p->lists[i].data.len) {
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
		varint_append(&out, tp->data.len);
		if (fwrite(out.data, 1, out.len, f) != out.len ||
		    fwrite(tp->data.data, 1, tp->data.len, f) != tp->data.len)
			break;
		buf_release(&tp->data);
	}
	if (ferror(f) | fclose(f)) {
		rc = errbuf_set(eb, ERR_IO, "write %s: %s", path.data, strerror(errno));
		unlink(path.data);
		goto out;
	}
	p->run_paths = xgrow(p->run_paths, &p->runs_cap, p->n_runs + 1,
	                     sizeof *p->run_paths);
	p->run_paths[p->n_runs++] = buf_detach(&path, NULL);
	p->bytes = 0;
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
		size_t before = tp->data.cap;
		if (i + POSTINGS_PREFETCH < n) {
			const struct buf *next = &p->lists[toks[i + POSTINGS_PREFETCH].term_idx].data;
			if (next->data) /* a new term's buffer is not allocated yet */
				__builtin_prefetch(next->data + next->len, 1);
		}
		if (tp->mark) {
			varint_append(&tp->data, tp->data.len ? clause_id - tp->last_clause
			                                      : clause_id);
			varint_append(&tp->data, tp->tf);
			tp->last_clause = clause_id;
			tp->mark = 0;
			tp->prev_pos = 0;
		}
		varint_append(&tp->data, toks[i].position - tp->prev_pos);
		tp->prev_pos = toks[i].position;
		p->bytes += tp->data.cap - before;
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
		const struct buf *data = &p->lists[order[k].idx].data;
		p->last[k] = (struct postings_entry){
			.term = order[k].s, .term_len = order[k].len,
			.data = (const uint8_t *)data->data, .data_len = data->len,
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
