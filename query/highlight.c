/* highlight.c: byte ranges of a clause's text matched by query patterns. */
#include "highlight.h"

#include <stdlib.h>
#include <string.h>

#include "smallsort.h"
#include "text.h"
#include "xalloc.h"

/* Terms whose leading bytes are checked before a token is analysed: past
 * this many, only the first letter is (a prefix query's terms). */
#define HL_PREFIXES 8

/* The analysed tokens of the text, in position order (their strings are
 * the analyzer's, valid until analyzer_free): those at the positions the
 * caller gave, or with none given, those whose folded first letter a
 * pattern term starts with; the others are not analysed and not kept
 * (they match nothing): a stem keeps its word's first letter
 * (Snowball's Spanish stemmer strips suffixes and acute accents only,
 * which test_highlight checks on the corpus), and skipping the analyzer's
 * cache for the other words is most of the highlighting time of many
 * hits. Tokens of a phrase match are consecutive positions, which the
 * positions kept here tell even with unkept tokens in between. */
struct hl_tokens {
	struct token *v;
	size_t n, cap;
	uint8_t initial[256];  /* folded first bytes of the patterns' terms */
	struct buf fold;       /* scratch for folding a first letter */
	/* The terms' leading bytes that their words' lower case must begin
	 * with (term_prefix), n_prefix of them; 0: not checked. */
	uint64_t prefix[HL_PREFIXES], prefix_mask[HL_PREFIXES];
	size_t n_prefix;
	/* highlight_ranges's n_positions (0: none given) and how many of the
	 * kept tokens have a pattern term so far: the analysis stops at the
	 * n_tokens-th (HL_DONE). */
	const struct hl_pattern *patterns;
	size_t n_patterns, n_tokens, n_marked;
};

/* What collect_token returns to stop analyzer_run_some (its own codes
 * are 0 and negative). */
#define HL_DONE 1

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

/* How many leading bytes of term (term_len bytes) the lower case of any
 * word stemming to it begins with, at most 8. Snowball's Spanish stemmer
 * strips suffixes and acute accents and replaces only -encia(s) by -ente
 * (then maybe -ent): so the whole term but for the 't' on of such an
 * ending, up to its first byte past ASCII. test_highlight checks it on
 * the corpus. */
static size_t term_prefix(const char *term, size_t term_len, uint64_t *bytes)
{
	size_t n = 0;

	if (term_len >= 3 && memcmp(term + term_len - 3, "ent", 3) == 0)
		term_len--;
	else if (term_len >= 4 && memcmp(term + term_len - 4, "ente", 4) == 0)
		term_len -= 2;
	*bytes = 0;
	while (n < term_len && n < 8 && (unsigned char)term[n] < 0x80) {
		*bytes |= (uint64_t)(unsigned char)term[n] << (8 * n);
		n++;
	}
	return n;
}

/* 0 if the token raw[0..len) cannot stem to a pattern term: its folded
 * first letter starts none, or its lower case does not begin with any
 * term's prefix. Only leading ASCII bytes are compared, and not the last
 * one before a byte past ASCII (a combining accent may join it); eight
 * at a time (little-endian: byte n of the word is raw[n]). Words that
 * share a first letter with the query word reached the analyzer's cache
 * for nothing: a twentieth of a rare word's instructions (callgrind). */
static int want_token(void *ctx, const char *raw, size_t len)
{
	struct hl_tokens *t = ctx;

	/* An ASCII first letter passed highlight_ranges's first_byte table,
	 * which is initial's with the upper case. */
	if ((unsigned char)raw[0] >= 0x80) {
		int c = folded_initial(raw, len, &t->fold);
		if (c < 0 || !t->initial[c])
			return c < 0;
	}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t w = 0, past, x, upper, mask;

	memcpy(&w, raw, len < 8 ? len : 8);
	past = w & highs;
	/* the bytes before the first one past ASCII, but the last */
	if (past)
		mask = (((past & -past) >> 7) - 1) >> 8;
	else
		mask = len > 8 && (unsigned char)raw[8] >= 0x80 ? ~(uint64_t)0 >> 8 : ~(uint64_t)0;
	x = w & ~highs;
	upper = (x + (0x80 - 'A') * ones) & ~(x + (0x80 - 'Z' - 1) * ones) & highs;
	x |= upper >> 2;
	for (size_t i = 0; i < t->n_prefix; i++)
		if (((x ^ t->prefix[i]) & mask & t->prefix_mask[i]) == 0)
			return 1;
	return !t->n_prefix;
#else
	return 1;
#endif
}

/* A growable array of ranges, unsorted until highlight_ranges sorts it. */
struct hl_ranges {
	struct hl_range *v;
	size_t n, cap;
};

/* 1 if the token's term is one of the slot's terms. Both are
 * NUL-terminated: most terms differ from the token's in the first byte,
 * which is compared before any call (strlen and memcmp for each were a
 * fiftieth of two words --strict, callgrind). */
static int slot_has_term(const struct hl_slot *s, const struct token *tok)
{
	for (size_t i = 0; i < s->n_terms; i++) {
		const char *t = s->terms[i];

		if (t && t[0] == tok->term[0] && strcmp(t, tok->term) == 0)
			return 1;
	}
	return 0;
}

/* 1 if the token's term is one of the slot's terms and its folded word
 * the slot's exact form, if it has one. */
static int slot_matches(const struct hl_slot *s, const struct token *tok)
{
	if (s->folded && strcmp(s->folded, tok->folded) != 0)
		return 0;
	return slot_has_term(s, tok);
}

/* 1 if the token's term is a term of any pattern (whatever its form:
 * the index counts every form). */
static int pattern_term(const struct hl_tokens *t, const struct token *tok)
{
	for (size_t i = 0; i < t->n_patterns; i++)
		for (size_t k = 0; k < t->patterns[i].n_slots; k++)
			if (slot_has_term(&t->patterns[i].slots[k], tok))
				return 1;
	return 0;
}

static int collect_token(void *ctx, const struct token *tok)
{
	struct hl_tokens *t = ctx;

	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
	t->v[t->n++] = *tok;
	if (t->n_tokens && pattern_term(t, tok) && ++t->n_marked == t->n_tokens)
		return HL_DONE; /* the text past it holds no pattern term */
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

	if (r->n < 2)
		return; /* sorted, and nothing to merge (the loop needs two) */
	small_sort(r->v, r->n, sizeof *r->v, range_cmp);
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

/* The first-byte filter and want_token's prefixes of the patterns' terms,
 * into first_byte (256 flags) and t. */
static void prefix_filter(struct hl_tokens *t, uint8_t *first_byte)
{
	size_t n_prefix = 0;

	/* A token's first byte rules most words out before any call: an
	 * ASCII letter by its lower case, a byte past ASCII never (it may
	 * fold to a wanted letter; want_token folds it). */
	memset(first_byte, 0, 0x80);
	memset(first_byte + 0x80, 1, 0x80);
	for (size_t i = 0; i < t->n_patterns; i++)
		for (size_t k = 0; k < t->patterns[i].n_slots; k++)
			for (size_t j = 0; j < t->patterns[i].slots[k].n_terms; j++) {
				const char *term = t->patterns[i].slots[k].terms[j];
				int c = term && *term ? folded_initial(term, strlen(term), &t->fold) : -1;
				if (c >= 0) {
					t->initial[c] = 1;
					first_byte[c] = 1;
					if (c >= 'a' && c <= 'z')
						first_byte[c - 32] = 1;
				} else if (term && *term) {
					memset(t->initial, 1, sizeof t->initial);
					memset(first_byte, 1, 256);
				}
				if (term && *term && n_prefix < HL_PREFIXES) {
					uint64_t bytes;
					size_t pn = term_prefix(term, strlen(term), &bytes);
					t->prefix[n_prefix] = bytes;
					t->prefix_mask[n_prefix++] = pn == 8 ? ~(uint64_t)0
					        : ((uint64_t)1 << (8 * pn)) - 1;
				} else if (term && *term) {
					n_prefix = SIZE_MAX; /* too many to check */
				}
			}
	t->n_prefix = n_prefix == SIZE_MAX ? 0 : n_prefix;
}

void hl_scratch_release(struct hl_scratch *s)
{
	free(s->tokens);
	free(s->ranges);
	buf_release(&s->fold);
	*s = (struct hl_scratch)HL_SCRATCH_INIT;
}

int highlight_ranges(struct analyzer *a, struct hl_scratch *s, const char *text, size_t len,
                     const struct hl_pattern *patterns, size_t n_patterns,
                     const uint32_t *positions, size_t n_positions,
                     const struct hl_range **out, size_t *n_out)
{
	struct hl_tokens toks = { .v = s->tokens, .cap = s->tokens_cap, .fold = s->fold,
	                          .patterns = patterns, .n_patterns = n_patterns,
	                          .n_tokens = n_positions };
	struct hl_ranges r = { s->ranges, 0, s->ranges_cap };
	uint8_t first_byte[256];
	struct token_filter filter = { .positions = positions, .n_positions = n_positions };
	int rc;

	*out = NULL;
	*n_out = 0;
	rc = positions ? analyzer_run_some(a, text, len, 0, &filter, collect_token, &toks) : 0;
	if (!positions || (rc == 0 && toks.n_marked < n_positions)) {
		/* Not told, or the text does not bear the positions out: every
		 * token that may stem to a pattern term. */
		toks.n = toks.n_marked = toks.n_tokens = 0;
		prefix_filter(&toks, first_byte);
		filter = (struct token_filter){ .first_byte = first_byte, .want = want_token };
		rc = analyzer_run_some(a, text, len, 0, &filter, collect_token, &toks);
	}
	if (rc == HL_DONE)
		rc = 0;
	if (rc == 0)
		for (size_t i = 0; i < n_patterns; i++)
			match_pattern(&toks, &patterns[i], &r);
	s->tokens = toks.v;
	s->tokens_cap = toks.cap;
	s->fold = toks.fold;
	s->ranges = r.v;
	s->ranges_cap = r.cap;
	if (rc != 0)
		return rc;
	ranges_normalize(&r);
	*out = r.n ? r.v : NULL;
	*n_out = r.n;
	return 0;
}
