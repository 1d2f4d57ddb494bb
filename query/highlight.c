/* highlight.c: byte ranges of a clause's text matched by query patterns. */
#include "highlight.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xalloc.h"

/* One analysed token of the text: its term (owned by the analyzer, valid
 * until analyzer_free), its position and where it stands in the text. */
struct hl_token {
	const char *term;
	size_t term_len;
	const char *folded;
	uint32_t position;
	size_t start, end;
};

/* The analysed tokens of the text, in position order. A token whose
 * folded first letter no pattern term starts with is not analysed and not
 * kept (it matches nothing): a stem keeps its word's first letter
 * (Snowball's Spanish stemmer strips suffixes and acute accents only,
 * which test_highlight checks on the corpus), and skipping the analyzer's
 * cache for the other words is most of the highlighting time of many
 * hits. Tokens of a phrase match are consecutive positions, which the
 * positions kept here tell even with unkept tokens in between. */
struct hl_tokens {
	struct hl_token *v;
	size_t n, cap;
	uint8_t initial[256];  /* folded first bytes of the patterns' terms */
	struct buf fold;       /* scratch for folding a first letter */
};

/* The first byte of the case- and accent-folded first character of
 * s[0..len), or -1 if it cannot be told (then the token is analysed). */
static int folded_initial(const char *s, size_t len, struct buf *tmp)
{
	unsigned char c = (unsigned char)s[0];
	int32_t cp;
	int invalid = 0;
	size_t n;

	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? c + 32 : c;
	n = utf8_decode(s, len, &cp, &invalid);
	buf_reset(tmp);
	if (invalid || text_fold(s, n, tmp) != 0 || tmp->len == 0)
		return -1;
	return (unsigned char)tmp->data[0];
}

static int want_token(void *ctx, const char *raw, size_t len)
{
	struct hl_tokens *t = ctx;
	int c = folded_initial(raw, len, &t->fold);

	return c < 0 || t->initial[c];
}

/* A growable array of ranges, unsorted until highlight_ranges sorts it. */
struct hl_ranges {
	struct hl_range *v;
	size_t n, cap;
};

static int collect_token(void *ctx, const struct token *tok)
{
	struct hl_tokens *t = ctx;

	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
	t->v[t->n].term = tok->term;
	t->v[t->n].term_len = tok->term_len;
	t->v[t->n].folded = tok->folded;
	t->v[t->n].position = tok->position;
	t->v[t->n].start = tok->start;
	t->v[t->n].end = tok->end;
	t->n++;
	return 0;
}

/* 1 if the token's term is one of the slot's terms (and its folded word
 * the slot's exact form, if it has one). */
static int slot_matches(const struct hl_slot *s, const struct hl_token *tok)
{
	size_t i;

	if (s->folded && strcmp(s->folded, tok->folded) != 0)
		return 0;
	for (i = 0; i < s->n_terms; i++) {
		const char *t = s->terms[i];

		if (t && strlen(t) == tok->term_len &&
		    memcmp(t, tok->term, tok->term_len) == 0)
			return 1;
	}
	return 0;
}

static void ranges_add(struct hl_ranges *r, size_t start, size_t end)
{
	r->v = xgrow(r->v, &r->cap, r->n + 1, sizeof *r->v);
	r->v[r->n].start = start;
	r->v[r->n].end = end;
	r->n++;
}

/* Add one range per run of tokens at consecutive positions matching p slot
 * by slot. A one-slot pattern is the degenerate case: one range per
 * matching token. */
static void match_pattern(const struct hl_tokens *t,
                          const struct hl_pattern *p, struct hl_ranges *r)
{
	size_t i, k;

	if (p->n_slots == 0 || p->n_slots > t->n)
		return;
	for (i = 0; i + p->n_slots <= t->n; i++) {
		for (k = 0; k < p->n_slots; k++)
			if (t->v[i + k].position != t->v[i].position + k ||
			    !slot_matches(&p->slots[k], &t->v[i + k]))
				break;
		if (k == p->n_slots)
			ranges_add(r, t->v[i].start, t->v[i + k - 1].end);
	}
}

static int range_cmp(const void *pa, const void *pb)
{
	const struct hl_range *a = pa, *b = pb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return 0;
}

/* Sort r and merge ranges that overlap or touch (end == next start); a gap
 * of even one byte keeps two ranges apart. */
static void ranges_normalize(struct hl_ranges *r)
{
	size_t i, n = 0;

	if (r->n == 0)
		return;
	qsort(r->v, r->n, sizeof *r->v, range_cmp);
	for (i = 1; i < r->n; i++) {
		if (r->v[i].start <= r->v[n].end) {
			if (r->v[i].end > r->v[n].end)
				r->v[n].end = r->v[i].end;
		} else {
			r->v[++n] = r->v[i];
		}
	}
	r->n = n + 1;
}

int highlight_ranges(struct analyzer *a, const char *text, size_t len,
                     const struct hl_pattern *patterns, size_t n_patterns,
                     struct hl_range **out, size_t *n_out)
{
	struct hl_tokens toks = { .v = NULL, .fold = BUF_INIT };
	struct hl_ranges r = { NULL, 0, 0 };
	uint8_t first_byte[256];
	const struct token_filter filter = { first_byte, want_token };
	size_t i;
	int rc;

	*out = NULL;
	*n_out = 0;
	/* A token's first byte rules most words out before any call: an
	 * ASCII letter by its lower case, a byte past ASCII never (it may
	 * fold to a wanted letter; want_token folds it). */
	memset(first_byte, 0, 0x80);
	memset(first_byte + 0x80, 1, 0x80);
	for (i = 0; i < n_patterns; i++)
		for (size_t k = 0; k < patterns[i].n_slots; k++)
			for (size_t j = 0; j < patterns[i].slots[k].n_terms; j++) {
				const char *term = patterns[i].slots[k].terms[j];
				int c = term && *term ? folded_initial(term, strlen(term), &toks.fold) : -1;
				if (c >= 0) {
					toks.initial[c] = 1;
					first_byte[c] = 1;
					if (c >= 'a' && c <= 'z')
						first_byte[c - 32] = 1;
				} else if (term && *term) {
					memset(toks.initial, 1, sizeof toks.initial);
					memset(first_byte, 1, sizeof first_byte);
				}
			}
	rc = analyzer_run_some(a, text, len, 0, &filter, collect_token, &toks);
	buf_release(&toks.fold);
	if (rc != 0) {
		free(toks.v);
		return rc;
	}
	for (i = 0; i < n_patterns; i++)
		match_pattern(&toks, &patterns[i], &r);
	free(toks.v);
	ranges_normalize(&r);
	if (r.n == 0) {
		free(r.v);
		return 0;
	}
	*out = r.v;
	*n_out = r.n;
	return 0;
}
