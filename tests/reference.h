/* reference.h: an independent in-memory reference of a corpus, and the
 * temp-dir / gencorpus setup of the tests that compare an index with it.
 *
 * reference_build walks dir (walk_paths), reads every file as documents
 * (resread_next, which parses each with resparse_parse) and analyses every
 * clause (analyzer_run; its opener's lemma from the words at the parser's
 * verb on, verbs_lemma), keeping the
 * clauses in index order: files in walk order, clauses in parse order, so
 * r->clauses[c] is clause id c of an index built from dir.
 *
 * Ownership: the reference owns everything it points to. Clause texts and
 * token arrays are allocated per clause; token terms point into r->an's
 * cache. All of it stays valid until reference_free, which frees it all;
 * reference_free on a zeroed or half-built reference is safe. */
#ifndef UNSEARCH_TEST_REFERENCE_H
#define UNSEARCH_TEST_REFERENCE_H

#include <stddef.h>
#include <stdint.h>

#include "analyzer.h"
#include "build.h"
#include "err.h"
#include "resparse.h"
#include "wordcode.h"

/* One token of a clause: its term and its position. */
struct ref_token {
	const char *term; /* owned by the reference's analyzer */
	uint32_t position;
};

struct ref_clause {
	char *text;                   /* the clause text, NUL-terminated, owned */
	size_t text_len;
	struct ref_token *tokens;     /* n_tokens, in text order, owned */
	uint32_t n_tokens;            /* the clause length */
	char label[CLAUSE_LABEL_MAX];
	unsigned kind;                /* enum clause_kind */
	const char *lemma;            /* its opener's (verbs.h, static), NULL: none */
	uint32_t line;                /* 1-based source line */
};

struct reference {
	struct analyzer *an;          /* owns the token terms */
	struct ref_clause *clauses;   /* n_clauses, in clause-id order */
	size_t n_clauses, clauses_cap;
	size_t n_docs;                /* documents parsed */
	size_t n_resolutions;         /* of which resolutions */
	uint64_t n_tokens;            /* sum of the clause lengths */
};

/* Build the reference of the files under dir. Files that cannot be read
 * or parsed are skipped, as build_index skips them. Returns 0, or -1 when
 * the analyzer cannot be created (r is then still safe to free). */
int reference_build(struct reference *r, const char *dir);
/* Free everything r owns; r must have been passed to reference_build. */
void reference_free(struct reference *r);

/* The words analyzer an finds in text[0..len), as word-code hints, into
 * *hints (room *cap, grown; the caller frees it): how many. */
size_t reference_hints(struct analyzer *an, const char *text, size_t len,
                       struct wordcode_hint **hints, size_t *cap);

/* The setup shared by the tests that build indexes: a fresh directory
 * /tmp/<name>.XXXXXX for their files, and the gencorpus binary. */
struct test_env {
	char tmp_dir[64];
	char gencorpus[4096]; /* <dir of argv0>/../bin/gencorpus, else build/bin/gencorpus */
};

/* Create env->tmp_dir and find gencorpus next to argv0 (may be NULL).
 * Returns 0, or -1 after printing "FAIL <name>:setup: ..." for tests/run.sh. */
int test_env_init(struct test_env *env, const char *name, const char *argv0);
/* Remove env->tmp_dir and everything in it. */
void test_env_release(struct test_env *env);
/* Write a generated corpus of about mib MiB from seed into dir. Returns
 * 0, or -1 when gencorpus fails. */
int test_gencorpus(const struct test_env *env, const char *dir, unsigned seed,
                   unsigned mib);
/* Write n_series generated series of n_versions versions (gencorpus
 * --series, no other files) into dir, with dir/series-truth.tsv. Returns
 * 0, or -1 when gencorpus fails. */
int test_gencorpus_series(const struct test_env *env, const char *dir,
                          unsigned seed, unsigned n_series, unsigned n_versions);
/* Index dir into ix_dir with build_index and the given memory budget, no
 * warning callback. Returns build_index's result; details go to eb; *sum
 * keeps its counts (its roots are released). */
int test_build_index(const char *dir, const char *ix_dir, size_t budget,
                     struct build_summary *sum, struct errbuf *eb);

#endif
