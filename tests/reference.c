/* reference.c: the corpus reference and the index-building test setup of reference.h. */
#include "reference.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "resread.h"
#include "verbs.h"
#include "walk.h"
#include "xalloc.h"

/* The paths walk_paths reports, in walk order. */
struct path_list {
	char **paths;
	size_t n, cap;
};

static int add_path(void *ctx, const char *path, const struct stat *st,
                    int is_link)
{
	struct path_list *pl = ctx;

	(void)st;
	(void)is_link;
	pl->paths = xgrow(pl->paths, &pl->cap, pl->n + 1, sizeof *pl->paths);
	pl->paths[pl->n++] = xstrdup(path);
	return 0;
}

struct tok_ctx {
	struct ref_clause *c;
	size_t cap;
	size_t verb_start;                   /* the verb's byte offset, SIZE_MAX: none */
	const char *opener[VERBS_MAX_WORDS]; /* folded words from it on */
	size_t n_opener;
};

static int add_token(void *ctx, const struct token *t)
{
	struct tok_ctx *tc = ctx;
	struct ref_clause *c = tc->c;

	c->tokens = xgrow(c->tokens, &tc->cap, (size_t)c->n_tokens + 1,
	                  sizeof *c->tokens);
	c->tokens[c->n_tokens++] = (struct ref_token){ t->term, t->position };
	if (t->start >= tc->verb_start && tc->n_opener < VERBS_MAX_WORDS)
		tc->opener[tc->n_opener++] = t->folded;
	return 0;
}

/* Append the clauses of one parsed file to r. */
static void add_resolution(struct reference *r, const struct verbs_index *verbs,
                           const struct resolution *res)
{
	r->n_docs++;
	r->n_resolutions += res->is_resolution ? 1 : 0;
	for (size_t i = 0; i < res->n_clauses; i++) {
		const struct clause *c = &res->clauses[i];
		const char *text = res->text + c->text_start;
		struct ref_clause *rc;
		struct tok_ctx tc;

		r->clauses = xgrow(r->clauses, &r->clauses_cap, r->n_clauses + 1,
		                   sizeof *r->clauses);
		rc = &r->clauses[r->n_clauses++];
		memset(rc, 0, sizeof *rc);
		rc->text = xstrndup(text, c->text_len);
		rc->text_len = c->text_len;
		memcpy(rc->label, c->label, sizeof rc->label);
		rc->kind = c->kind;
		rc->line = c->line;
		tc = (struct tok_ctx){ rc, 0, c->verb_len ? c->verb_start : SIZE_MAX, { NULL }, 0 };
		analyzer_run(r->an, text, c->text_len, 0, add_token, &tc);
		rc->lemma = verbs_lemma(verbs, tc.opener, tc.n_opener);
		r->n_tokens += rc->n_tokens;
	}
}

int reference_build(struct reference *r, const char *dir)
{
	char *roots[1] = { (char *)dir };
	struct path_list pl = { NULL, 0, 0 };
	struct verbs_index verbs;
	struct errbuf eb;

	memset(r, 0, sizeof *r);
	verbs_index_init(&verbs);
	if (!(r->an = analyzer_new(&eb)))
		return -1;
	walk_paths(roots, 1, 0, add_path, NULL, NULL, &pl, NULL, &eb);
	for (size_t f = 0; f < pl.n; f++) {
		struct resread *rr;
		struct resolution res;

		if (resread_open(&rr, pl.paths[f], &eb))
			continue;
		while (resread_next(rr, &res, NULL, NULL, &eb) == 1) {
			add_resolution(r, &verbs, &res);
			resolution_release(&res);
		}
		resread_free(rr);
	}
	for (size_t f = 0; f < pl.n; f++)
		free(pl.paths[f]);
	free(pl.paths);
	return 0;
}

void reference_free(struct reference *r)
{
	for (size_t i = 0; i < r->n_clauses; i++) {
		free(r->clauses[i].text);
		free(r->clauses[i].tokens);
	}
	free(r->clauses);
	analyzer_free(r->an);
	memset(r, 0, sizeof *r);
}

int test_env_init(struct test_env *env, const char *name, const char *argv0)
{
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;

	snprintf(env->gencorpus, sizeof env->gencorpus, "build/bin/gencorpus");
	if (slash) {
		char gen[sizeof env->gencorpus];

		snprintf(gen, sizeof gen, "%.*s/../bin/gencorpus",
		         (int)(slash - argv0), argv0);
		if (access(gen, X_OK) == 0)
			memcpy(env->gencorpus, gen, sizeof gen);
	}
	snprintf(env->tmp_dir, sizeof env->tmp_dir, "/tmp/%s.XXXXXX", name);
	if (!mkdtemp(env->tmp_dir)) {
		printf("FAIL %s:setup: mkdtemp failed\n", name);
		return -1;
	}
	return 0;
}

void test_env_release(struct test_env *env)
{
	char cmd[128];
	int rc;

	snprintf(cmd, sizeof cmd, "rm -rf %s", env->tmp_dir);
	rc = system(cmd);
	(void)rc;
}

int test_gencorpus(const struct test_env *env, const char *dir, unsigned seed,
                   unsigned mib)
{
	char cmd[4096 + 256];

	snprintf(cmd, sizeof cmd, "%s -o %s -s %u -m %u >/dev/null 2>&1",
	         env->gencorpus, dir, seed, mib);
	return system(cmd) == 0 ? 0 : -1;
}

int test_gencorpus_series(const struct test_env *env, const char *dir,
                          unsigned seed, unsigned n_series, unsigned n_versions)
{
	char cmd[4096 + 256];

	snprintf(cmd, sizeof cmd, "%s -o %s -s %u -m 0 --series %u --versions %u >/dev/null 2>&1",
	         env->gencorpus, dir, seed, n_series, n_versions);
	return system(cmd) == 0 ? 0 : -1;
}

int test_build_index(const char *dir, const char *ix_dir, size_t budget,
                     struct build_summary *sum, struct errbuf *eb)
{
	char *paths[1] = { (char *)dir };
	struct build_config cfg = { 0 };
	int rc;

	cfg.index_dir = ix_dir;
	cfg.paths = paths;
	cfg.n_paths = 1;
	cfg.memory_budget = budget;
	cfg.warn = NULL;
	rc = build_index(&cfg, sum, eb);
	build_summary_release(sum); /* the counts stay */
	return rc;
}

struct hint_list {
	struct wordcode_hint *v;
	size_t n, cap;
};

static int hint_fn(void *ctx, const struct token *t)
{
	struct hint_list *l = ctx;

	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = (struct wordcode_hint){ t->word_id, (uint16_t)t->start,
		                               (uint16_t)(t->end - t->start) };
	return 0;
}

size_t reference_hints(struct analyzer *an, const char *text, size_t len,
                       struct wordcode_hint **hints, size_t *cap)
{
	struct hint_list l = { *hints, 0, *cap };

	analyzer_run(an, text, len, 0, hint_fn, &l);
	*hints = l.v;
	*cap = l.cap;
	return l.n;
}
