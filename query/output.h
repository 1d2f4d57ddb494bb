/* output.h: how hits reach the user: a readable terminal form (heading,
 * dimmed title, wrapped paragraph with highlights and the operative verb in
 * italics) and JSON Lines for scripts. Functions write to a FILE the caller
 * owns; they never print errors. */
#ifndef UNSEARCH_OUTPUT_H
#define UNSEARCH_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "group.h"
#include "highlight.h"

struct output_opts {
	int json;   /* JSON Lines instead of text */
	int color;  /* ANSI escapes (resolved from --color, NO_COLOR, isatty) */
	int width;  /* wrap width in columns for text output; 0 = no wrapping */
	int path;   /* text output names each clause's source as FILE:LINE */
};

/* Everything printed about one hit; all strings borrowed from the caller.
 * NULL / 0 fields are absent and omitted (JSON: null). */
struct hit_view {
	/* Set in --batch mode, echoed in JSON: the query as a JSON string,
	 * quotes included (escaped once for all of a query's hits: ~400
	 * instructions a hit, callgrind). */
	const char *query_json;
	unsigned rank;          /* 1-based */
	double score;
	const char *symbol;
	int session;
	const char *date;       /* ISO 8601 */
	const char *title;
	const char *file;       /* source path */
	const char *index;      /* the index it came from, when several are searched */
	const char *label;      /* "PP7" */
	const char *kind;       /* "preambular" */
	const char *text;       /* clause text as written, valid UTF-8 */
	size_t text_len;
	const struct hl_range *hl; /* sorted, disjoint */
	size_t n_hl;
	size_t verb_start, verb_len; /* opening verb (italic; text only); len 0 = none */
	uint32_t line;          /* 1-based source line of the clause; 0 unknown */
	const char *explain;    /* --explain lines, or NULL */
	int partial;            /* matches only some of the query's words */
	const char *verb;       /* the lemma of the clause's opener (verbs.h; JSON only) */
	const char *did_you_mean; /* the query spelled as the index knows it */
	/* -C: the clauses around the hit in its resolution (only their label,
	 * kind, line and text are used); with_context prints the two lists in
	 * JSON even when empty. */
	int with_context;
	const struct hit_view *before, *after;
	size_t n_before, n_after;
};

/* A resolution as --show prints it; strings borrowed, NULL/0 absent. */
struct doc_view {
	const char *symbol, *date, *title, *file, *committee, *report;
	int session, agenda_item, meeting;
};

/* One hit: text form
 *   A/RES/74/29 · 2019-12-12 · PP7 (preambular) [· FILE:LINE with o->path]
 *   Avances en la esfera ... (dimmed)
 *   [-C: each clause before it, its label then its text, dimmed]
 *   the paragraph wrapped to width, highlights bold/coloured
 *   [-C: each clause after it, dimmed]
 *   (blank line)
 * or one JSON object per line with keys rank, score, symbol, session, date,
 * title, file, line, label, kind, verb (the lemma of its opener, verbs.h),
 * text, highlights ([[start,end],...] byte ranges into text),
 * "partial":true on a partial match (the heading then ends with "partial
 * match"), did_you_mean when a word matched nothing and the index suggests
 * another, query when set, and with -C before and after (arrays of
 * {label, kind, line, text}). Returns 0, or ERR_IO if writing failed. */
int output_hit(FILE *f, const struct output_opts *o, const struct hit_view *h);
/* output_hit in two steps, for a caller printing many hits with one
 * buffer (a fresh one for each hit, of the size of its text, was a
 * fiftieth of a rare word's query, callgrind): the hit appended to b,
 * then b written to f and emptied (kept allocated; the caller releases
 * it). output_write returns 0, or ERR_IO if writing failed. */
void output_hit_append(struct buf *b, const struct output_opts *o,
                       const struct hit_view *h);
int output_write(FILE *f, struct buf *b);

/* A whole resolution (--show): text form, its data lines (symbol, date,
 * session, agenda item, meeting; committee and report; file), the title,
 * then each clause's label (dimmed) and text with the verb in italics; or
 * one JSON object with the document's fields and "clauses": [{label, kind,
 * line, text, verb: [start,end] or null}]. Only label, kind, line, text and
 * the verb range of each clause are used. Returns 0 or ERR_IO. */
int output_document(FILE *f, const struct output_opts *o,
                    const struct doc_view *d, const struct hit_view *clauses,
                    size_t n);

/* The other answers, each as a text line or one JSON object per line
 * ("query" first when query is not NULL, as in --batch). JSON strings have
 * quotes, backslash and control characters escaped, and bytes that are not
 * valid UTF-8 become \ufffd, so the output is always valid JSON. Each
 * returns 0, or ERR_IO if writing failed. */
/* --count: "N" or {"count":N}; left_out > 0 (boilerplate clauses that
 * matched but were left out) adds "left_out" to the JSON. */
int output_count(FILE *f, const struct output_opts *o, const char *query,
                 size_t count, size_t left_out);
/* -l: "SYMBOL<TAB>PATH" ("-" for no symbol) or {"symbol","file","hits"}. */
int output_file(FILE *f, const struct output_opts *o, const char *query,
                const char *symbol, const char *path, size_t hits);
/* No hit (JSON only): {"query","hits":0,"did_you_mean"}, query and
 * did_you_mean left out when NULL; so that every --batch query answers and
 * a suggestion has a line to ride on. */
int output_no_hits(FILE *f, const char *query, const char *did_you_mean);
/* --by-resolution: the line before a resolution's clauses: text
 *   #RANK SYMBOL · DATE · N matching clauses (M more)
 * or {"resolution":RANK,"symbol","date","title","hits":N,"more":M}. */
int output_group(FILE *f, const struct output_opts *o, const char *query,
                 unsigned rank, const char *symbol, const char *date,
                 const char *title, size_t hits, size_t more);
/* --facet: "VALUE<TAB>COUNT" lines, or one object {"facet":FIELD,
 * "counts":[{"value":V,"count":N},...]}, V a number when numeric. */
int output_facet(FILE *f, const struct output_opts *o, const char *query,
                 const char *field, int numeric, const struct facet_count *c,
                 size_t n);
/* One page of results for the web API (serve.c), one JSON object:
 * {"query","offset","limit","total","did_you_mean","hits":[...],
 *  "facets":[...]}, where hits are the objects output_hit wrote as JSON
 * Lines into hits (hits_len bytes) and facets those of output_facet;
 * total and did_you_mean are null when absent (has_total 0, NULL). */
struct page_view {
	const char *query;
	size_t offset, limit;
	int has_total;
	size_t total;
	const char *did_you_mean;
	const char *hits, *facets;
	size_t hits_len, facets_len;
};
int output_page(FILE *f, const struct page_view *p);
/* JSON Lines (len bytes) as one object {"results":[...]}: the web API's
 * form of --refs and --history. */
int output_list(FILE *f, const char *lines, size_t len);
/* A --batch line that failed: {"query","error","column"} (always JSON). */
int output_error(FILE *f, const char *query, const char *msg, int column);

#endif
