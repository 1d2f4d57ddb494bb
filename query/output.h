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
};

/* Everything printed about one hit; all strings borrowed from the caller.
 * NULL / 0 fields are absent and omitted (JSON: null). */
struct hit_view {
	const char *query;      /* set in --batch mode: echoed in JSON */
	unsigned rank;          /* 1-based */
	double score;
	const char *symbol;
	int session;
	const char *date;       /* ISO 8601 */
	const char *title;
	const char *file;       /* source path */
	const char *label;      /* "PP7" */
	const char *kind;       /* "preambular" */
	const char *text;       /* clause text as written, valid UTF-8 */
	size_t text_len;
	const struct hl_range *hl; /* sorted, disjoint */
	size_t n_hl;
	size_t verb_start, verb_len; /* emphasised opening verb; len 0 = none */
	const char *explain;    /* --explain lines, or NULL */
	int partial;            /* matches only some of the query's words */
	const char *verb;       /* the lemma of the clause's opener (verbs.h) */
	const char *did_you_mean; /* the query spelled as the index knows it */
};

/* One hit: text form
 *   A/RES/74/29 · 2019-12-12 · PP7 (preambular)
 *   Avances en la esfera ... (dimmed)
 *   the paragraph wrapped to width, highlights bold/coloured
 *   (blank line)
 * or one JSON object per line with keys rank, score, symbol, session, date,
 * title, file, label, kind, verb (the lemma of its opener, verbs.h),
 * text, highlights ([[start,end],...] byte ranges
 * into text), "partial":true on a partial match (the heading then ends
 * with "partial match"), did_you_mean when a word matched nothing and the
 * index suggests another, and query when set. Returns 0, or ERR_IO if
 * writing failed. */
int output_hit(FILE *f, const struct output_opts *o, const struct hit_view *h);

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
/* Did you mean, when there is no hit to carry it: (JSON only)
 * {"query","did_you_mean"}. */
int output_suggestion(FILE *f, const char *query, const char *did_you_mean);
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
/* A --batch line that failed: {"query","error","column"} (always JSON). */
int output_error(FILE *f, const char *query, const char *msg, int column);

#endif
