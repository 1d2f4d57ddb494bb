/* analyzer.c: tokenize -> NFC + case fold -> Spanish stem, cached per surface word (see analyzer.h). */
#include "analyzer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "arena.h"
#include "buf.h"
#include "strmap.h"
#include "text.h"
#include "xalloc.h"

/* common/stopwords-es.txt, compiled in by the Makefile (tools/embed.sh). */
extern const char stopwords_es_txt[];
extern const unsigned long stopwords_es_txt_len;

/* Bytes of a block of the analyzer's strings (struct analyzer strings). */
#define ANALYZER_STRINGS_BLOCK 65536

/* The analysis of one distinct surface word; index = word_id. */
struct entry {
	const char *term, *folded, *key; /* NUL-terminated, in strings */
	uint32_t term_len, folded_len, key_len;
	int stopword;
};

/* A stem handed out by analyzer_stem. */
struct stem {
	const char *s; /* in strings */
	size_t len;
};

struct analyzer {
	struct sb_stemmer *stemmer;
	struct strmap *cache;     /* raw surface bytes -> index in entries */
	struct entry *entries;    /* in first-seen order */
	size_t entries_cap;
	struct strmap *stops;     /* folded stop words (value unused) */
	struct strmap *stem_cache; /* mode byte + word -> index in stems */
	struct stem *stems;
	size_t stems_cap;
	struct arena strings; /* the entries' and stems' strings, for its life */
	struct buf lower, folded, folded_acc, stem, cache_key; /* scratch */
};

/* Stem word into a->stem. libstemmer returns NULL only when out of memory,
 * which unsearch treats as xalloc does. */
static void analyzer_stem_into(struct analyzer *a, const char *word, size_t len)
{
	const sb_symbol *r = sb_stemmer_stem(a->stemmer,
	                                     (const sb_symbol *)word, (int)len);

	if (!r) {
		fputs("unsearch: out of memory\n", stderr);
		exit(2);
	}
	buf_reset(&a->stem);
	buf_append(&a->stem, r, (size_t)sb_stemmer_length(a->stemmer));
}

static void analyzer_load_stopwords(struct analyzer *a)
{
	const char *p = stopwords_es_txt, *end = p + stopwords_es_txt_len;
	struct buf f = BUF_INIT;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *s = p;

		p = nl ? nl + 1 : end;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (s == e || *s == '#')
			continue;
		buf_reset(&f);
		if (text_fold(s, (size_t)(e - s), &f) == 0 && f.len > 0) {
			int added;

			strmap_upsert(a->stops, f.data, f.len, 0, &added);
		}
	}
	buf_release(&f);
}

struct analyzer *analyzer_new(struct errbuf *eb)
{
	struct sb_stemmer *st = sb_stemmer_new("spanish", "UTF_8");
	struct analyzer *a;

	if (!st) {
		errbuf_set(eb, ERR_INVALID,
		           "cannot create the Spanish Snowball stemmer (libstemmer)");
		return NULL;
	}
	a = xcalloc(1, sizeof *a);
	a->stemmer = st;
	a->strings = (struct arena)ARENA_INIT(ANALYZER_STRINGS_BLOCK);
	a->cache = strmap_new();
	a->stops = strmap_new();
	a->stem_cache = strmap_new();
	analyzer_load_stopwords(a);
	return a;
}

void analyzer_free(struct analyzer *a)
{
	if (!a)
		return;
	sb_stemmer_delete(a->stemmer);
	strmap_free(a->cache);
	strmap_free(a->stops);
	strmap_free(a->stem_cache);
	free(a->entries);
	free(a->stems);
	arena_release(&a->strings);
	buf_release(&a->lower);
	buf_release(&a->folded);
	buf_release(&a->folded_acc);
	buf_release(&a->cache_key);
	buf_release(&a->stem);
	free(a);
}

int analyzer_is_stopword(const struct analyzer *a, const char *folded,
                         size_t len)
{
	return strmap_get(a->stops, folded, len) != NULL;
}

/* Suffixes whose accent Snowball's Spanish stemmer needs to recognise them:
 * stem("informacion") is "informacion" but stem("información") is
 * "inform". The key restores the accent on these before stemming, so an
 * unaccented word gets the key its accented spelling stems to. Chosen on
 * Snowball's vocabulary: they fix about a third of the accented words whose
 * folded stem differed and change almost no correctly unaccented word.
 * First match wins; an identical replacement blocks the shorter suffix. */
static const struct {
	const char *suffix, *accented;
} analyzer_reaccent[] = {
	{ "ciones", "ciones" },
	{ "cion", "ci\xC3\xB3n" },       /* -ción */
	{ "logias", "log\xC3\xAD" "as" }, /* -logías */
	{ "logia", "log\xC3\xAD" "a" },  /* -logía */
	{ "riamos", "r\xC3\xAD" "amos" }, /* -ríamos */
	{ "riais", "r\xC3\xAD" "ais" },   /* -ríais */
	{ "rian", "r\xC3\xAD" "an" },     /* -rían */
};

/* Stem the key of folded word f[0..len) into a->stem. Returns 0 when no
 * suffix applies and the key is plain stem(f) (not computed then). */
static int analyzer_key_reaccent(struct analyzer *a, const char *f, size_t len)
{
	for (size_t i = 0; i < sizeof analyzer_reaccent / sizeof *analyzer_reaccent; i++) {
		const char *suf = analyzer_reaccent[i].suffix;
		const char *acc = analyzer_reaccent[i].accented;
		size_t sl = strlen(suf);

		if (len <= sl || memcmp(f + len - sl, suf, sl) != 0)
			continue;
		if (strcmp(suf, acc) == 0)
			return 0;
		buf_reset(&a->folded_acc);
		buf_append(&a->folded_acc, f, len - sl);
		buf_append_str(&a->folded_acc, acc);
		analyzer_stem_into(a, a->folded_acc.data, a->folded_acc.len);
		return 1;
	}
	return 0;
}

/* The stem (mode 'S') or key (mode 'K') of word, cached in stem_cache
 * under the mode byte + word. Valid until analyzer_free. */
static const char *analyzer_cached(struct analyzer *a, char mode,
                                   const char *word, size_t len,
                                   size_t *out_len)
{
	int added;
	uint64_t *v;
	size_t i;

	buf_reset(&a->cache_key);
	buf_append_byte(&a->cache_key, (uint8_t)mode);
	buf_append(&a->cache_key, word, len);
	v = strmap_upsert(a->stem_cache, a->cache_key.data, a->cache_key.len,
	                  strmap_count(a->stem_cache), &added);
	i = (size_t)*v;
	if (added) {
		if (mode == 'S' || !analyzer_key_reaccent(a, word, len))
			analyzer_stem_into(a, word, len);
		a->stems = xgrow(a->stems, &a->stems_cap, i + 1, sizeof *a->stems);
		a->stems[i].s = arena_strndup(&a->strings, a->stem.data, a->stem.len);
		a->stems[i].len = a->stem.len;
	}
	*out_len = a->stems[i].len;
	return a->stems[i].s;
}

const char *analyzer_stem(struct analyzer *a, const char *word, size_t len,
                          size_t *out_len)
{
	return analyzer_cached(a, 'S', word, len, out_len);
}

const char *analyzer_key(struct analyzer *a, const char *folded, size_t len,
                         size_t *out_len)
{
	return analyzer_cached(a, 'K', folded, len, out_len);
}

/* Analyse the surface word raw[0..len) (valid UTF-8) into entry id. */
static void analyzer_add_entry(struct analyzer *a, size_t id, const char *raw,
                               size_t len)
{
	struct entry *e;
	int ascii = 1, same;
	const char *f;
	size_t fl;

	a->entries = xgrow(a->entries, &a->entries_cap, id + 1, sizeof *a->entries);
	e = &a->entries[id];
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)raw[i] >= 0x80) {
			ascii = 0;
			break;
		}
	buf_reset(&a->lower);
	buf_reset(&a->folded);
	if (ascii) {
		buf_reserve(&a->lower, len);
		for (size_t i = 0; i < len; i++) {
			char c = raw[i];

			a->lower.data[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
		}
		a->lower.len = len;
		a->lower.data[len] = '\0';
	} else if (text_casefold(raw, len, &a->lower) != 0 ||
	           text_fold(raw, len, &a->folded) != 0) {
		/* unreachable for decoded code points; keep the bytes as they are */
		buf_reset(&a->lower);
		buf_reset(&a->folded);
		buf_append(&a->lower, raw, len);
	}

	analyzer_stem_into(a, a->lower.data, a->lower.len);
	e->term = arena_strndup(&a->strings, a->stem.data, a->stem.len);
	e->term_len = (uint32_t)a->stem.len;

	/* folded is the lower-cased word itself when nothing was stripped */
	same = a->folded.len == 0 || (a->folded.len == a->lower.len &&
	       memcmp(a->folded.data, a->lower.data, a->lower.len) == 0);
	if (same) {
		f = arena_strndup(&a->strings, a->lower.data, a->lower.len);
		fl = a->lower.len;
	} else {
		f = arena_strndup(&a->strings, a->folded.data, a->folded.len);
		fl = a->folded.len;
	}
	e->folded = f;
	e->folded_len = (uint32_t)fl;

	if (!analyzer_key_reaccent(a, f, fl)) {
		if (same) {
			/* stem(folded) is the term already */
			buf_reset(&a->stem);
			buf_append(&a->stem, e->term, e->term_len);
		} else {
			analyzer_stem_into(a, f, fl);
		}
	}
	if (a->stem.len == e->term_len &&
	    memcmp(a->stem.data, e->term, e->term_len) == 0)
		e->key = e->term;
	else
		e->key = arena_strndup(&a->strings, a->stem.data, a->stem.len);
	e->key_len = (uint32_t)a->stem.len;
	e->stopword = analyzer_is_stopword(a, f, fl);
}

/* Look up (or analyse) the surface word text[start..end), whose
 * strmap_hash is hash, and call fn. */
static int analyzer_emit_word(struct analyzer *a, const char *text, size_t start,
                              size_t end, uint32_t position, uint32_t hash,
                              token_fn fn, void *ctx)
{
	const char *raw = text + start;
	size_t len = end - start, id;
	long found;
	const struct entry *e;
	struct token tok;

	found = strmap_find_hashed(a->cache, raw, len, hash); /* index = word id */
	if (found >= 0) {
		id = (size_t)found;
	} else {
		int added;

		id = strmap_count(a->cache);
		strmap_upsert(a->cache, raw, len, id, &added);
		analyzer_add_entry(a, id, raw, len);
	}
	e = &a->entries[id];
	tok.term = e->term;
	tok.term_len = e->term_len;
	tok.folded = e->folded;
	tok.folded_len = e->folded_len;
	tok.key = e->key;
	tok.key_len = e->key_len;
	tok.word_id = (uint32_t)id;
	tok.position = position;
	tok.start = start;
	tok.end = end;
	tok.stopword = e->stopword;
	return fn(ctx, &tok);
}

/* Tokens found but not yet looked up. In a cache of tens of thousands of
 * words a lookup waits for memory twice, for the slot and for the key's
 * bytes (most of the analysing thread's time when indexing): so
 * analyzer_run asks for a token's slot when it finds the token, for its
 * key LOOKAHEAD_KEY tokens later, and looks it up and hands it to fn
 * LOOKAHEAD tokens later, in order. analyzer_run_some with a filter, whose
 * want must see each token when it is found, hands each on at once (depth
 * 1). */
#define LOOKAHEAD 8
#define LOOKAHEAD_KEY 4
struct lookahead {
	struct {
		size_t start, end;
		uint32_t position, hash;
	} q[LOOKAHEAD];
	size_t head, n, depth;
	/* With a filter's positions: the first of them no token has passed
	 * yet (so none of the skipped tokens before it is wanted). */
	size_t want_at;
};

/* Hand the oldest waiting tokens to fn, down to keep of them. */
static int analyzer_flush(struct analyzer *a, struct lookahead *la,
                          const char *text, size_t keep, token_fn fn, void *ctx)
{
	while (la->n > keep) {
		int rc = analyzer_emit_word(a, text, la->q[la->head].start,
		                            la->q[la->head].end, la->q[la->head].position,
		                            la->q[la->head].hash, fn, ctx);
		la->head = (la->head + 1) % LOOKAHEAD;
		la->n--;
		if (rc)
			return rc;
	}
	return 0;
}

/* The token text[start..end) at position: a word want declines is
 * dropped, the others join the lookahead, whose oldest goes to fn once it
 * holds depth tokens. */
static int analyzer_emit(struct analyzer *a, struct lookahead *la, const char *text,
                         size_t start, size_t end, uint32_t position,
                         token_want_fn want, token_fn fn, void *ctx)
{
	size_t tail = (la->head + la->n) % LOOKAHEAD;
	uint32_t hash;

	if (want && !want(ctx, text + start, end - start))
		return 0;
	hash = strmap_hash(text + start, end - start);
	la->q[tail].start = start;
	la->q[tail].end = end;
	la->q[tail].position = position;
	la->q[tail].hash = hash;
	la->n++;
	if (la->depth > 1) {
		strmap_prefetch(a->cache, hash);
		/* and the entry: waiting for it was most of analyzer_flush's
		 * perf samples, 3.7% of a 10 MiB build's (2.4% with this) */
		long id = la->n > LOOKAHEAD_KEY
		          ? strmap_prefetch_key(a->cache,
		                                la->q[(tail + LOOKAHEAD - LOOKAHEAD_KEY) % LOOKAHEAD].hash)
		          : -1;
		if (id >= 0)
			__builtin_prefetch(&a->entries[id]);
	}
	return analyzer_flush(a, la, text, la->depth - 1, fn, ctx);
}

int analyzer_run(struct analyzer *a, const char *text, size_t len,
                 uint32_t first_position, token_fn fn, void *ctx)
{
	return analyzer_run_some(a, text, len, first_position, NULL, fn, ctx);
}

/* 1 for the ASCII letters and digits, 0 for every other byte (past ASCII
 * too): one load where two range tests were a twentieth of highlighting
 * a hit's text (callgrind). */
static const uint8_t ascii_word[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* controls */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* controls */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* space ! " # ... */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,  /* 0-9 : ; < = > ? */
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* @ A-O */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,  /* P-Z [ \ ] ^ _ */
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* ` a-o */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,  /* p-z { | } ~ DEL */
	/* bytes past ASCII: 0, as the rest of the array */
};

/* An ASCII letter or digit (0 for any byte past ASCII). */
static int ascii_word_char(unsigned char c)
{
	return ascii_word[c];
}

/* The high bit of each byte of the eight in w that is an ASCII letter or
 * digit. In each byte x (high bit cleared), x | 0x20 is a lower-case
 * letter when adding 0x80 - 'a' sets the high bit and adding
 * 0x80 - 'z' - 1 does not, and x a digit likewise; no sum carries into
 * the next byte. */
static uint64_t ascii_word_flags(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t x = w & ~highs, lc = x | 0x20 * ones, letter, digit;

	letter = (lc + (0x80 - 'a') * ones) & ~(lc + (0x80 - 'z' - 1) * ones);
	digit = (x + (0x80 - '0') * ones) & ~(x + (0x80 - '9' - 1) * ones);
	return (letter | digit) & ~w & highs;
}

/* The end of the run of ASCII letters and digits s[i..] that ends at stop
 * at the latest: eight bytes at a time (a word of a clause is seven bytes
 * on average, so most runs end in the first eight). */
static size_t ascii_word_end(const unsigned char *s, size_t i, size_t stop)
{
	const uint64_t highs = 0x8080808080808080u;

	while (stop - i >= 8) {
		uint64_t w, word;

		memcpy(&w, s + i, 8);
		word = ascii_word_flags(w);
		if (word != highs) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* the lowest clear flag is the first byte past the run */
			return i + (size_t)__builtin_ctzll(~word & highs) / 8;
#else
			break;
#endif
		}
		i += 8;
	}
	while (i < stop && ascii_word_char(s[i]))
		i++;
	return i;
}

/* analyzer_emit for the token text[start..end) if filter f lets it
 * through; inline, so that a token skipped by its position or first byte
 * costs no call (most of a clause's words, when highlighting). */
static inline int analyzer_offer(struct analyzer *a, struct lookahead *la,
                                 const char *text, size_t start, size_t end,
                                 uint32_t position, const struct token_filter *f,
                                 token_fn fn, void *ctx)
{
	if (f && f->positions) {
		while (la->want_at < f->n_positions && f->positions[la->want_at] < position)
			la->want_at++;
		if (la->want_at == f->n_positions || f->positions[la->want_at] != position)
			return 0;
		la->want_at++;
		return analyzer_emit(a, la, text, start, end, position, NULL, fn, ctx);
	}
	if (f && f->first_byte && !f->first_byte[(unsigned char)text[start]])
		return 0;
	return analyzer_emit(a, la, text, start, end, position, f ? f->want : NULL, fn, ctx);
}

/* The state of analyzer_run_some's scan: the next byte, and the token
 * being read if in_token. */
struct scan {
	size_t i, start;
	int in_token;
	uint32_t pos;
};

#ifdef __SSE2__
/* For a scan with a filter of positions or first bytes (highlighting): the
 * 16 * n_vec bytes at s[i..] (n_vec 1 or 4) counted at once when they
 * are ASCII or Spanish accented letters (U+00C0-U+00FF but the signs x
 * and ÷, two bytes each and both in the chunk) and no token passes
 * ANALYZER_MAX_TOKEN: only their count matters then, the positions of the
 * tokens after them. Returns the bytes counted, with *in_token, *start
 * and *pos as ascii_chunks would leave them there: the whole chunk when
 * no token that ends in it is wanted (with no positions, its first byte
 * is not in first_byte); with positions, if the wanted one (next) ends in
 * it, the bytes before its start, after the others' (none, and nothing
 * looked at, if it is the next to end). 0: nothing done. A hit's text
 * was highlighted token by token up to its last match, the most of a
 * rare word's query (callgrind). Four vectors' masks cost about half as much a byte as
 * one's (with positions: felitaoso 125.2K -> 122.7K instructions at 10
 * MiB); counted up to a wanted token's start, the bytes before it take
 * one try of four vectors where they took tries of one (two words
 * --strict, 10 MiB: a third of a hit's highlighting was sixteen-byte
 * tries near its matches). */
static inline __attribute__((always_inline)) size_t
skip_chunk(const unsigned char *s, size_t i, unsigned n_vec, const struct token_filter *f,
           uint64_t next, int *in_token, size_t *start, uint32_t *pos)
{
	const unsigned bits = 16 * n_vec;
	const uint64_t all = bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
	uint64_t high = 0, lead = 0, cont = 0, sign = 0, word = 0, starts, ends;

	if (f->positions && next <= *pos)
		return 0; /* the wanted token is the next to end: nothing to count */
	for (unsigned k = 0; k < n_vec; k++) {
		const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16 * k));
		const __m128i lc = _mm_or_si128(v, _mm_set1_epi8(0x20));
		uint64_t h = (unsigned)_mm_movemask_epi8(v);
		if (h) {
			/* as signed bytes 0x80-0xBF are below -64 */
			lead |= (uint64_t)(unsigned)_mm_movemask_epi8(
			        _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC3))) << 16 * k;
			cont |= (uint64_t)(unsigned)_mm_movemask_epi8(
			        _mm_cmplt_epi8(v, _mm_set1_epi8(-64))) << 16 * k;
			sign |= (uint64_t)(unsigned)_mm_movemask_epi8(
			        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0x97)),
			                     _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xB7)))) << 16 * k;
			high |= h << 16 * k;
		}
		/* letters by their lower case, digits; bytes past ASCII are negative */
		word |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(
		        _mm_and_si128(_mm_cmpgt_epi8(lc, _mm_set1_epi8('a' - 1)),
		                      _mm_cmplt_epi8(lc, _mm_set1_epi8('z' + 1))),
		        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
		                      _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1))))) << 16 * k;
	}
	/* each lead followed by a continuation in the chunk, none elsewhere */
	if (high && ((lead | cont) != high || cont != (lead << 1 & all) ||
	             (lead >> (bits - 1) & 1) || (cont & sign)))
		return 0;
	word |= high;
	starts = word & ~(word << 1 | (unsigned)*in_token);
	ends = ~word & (word << 1 | (unsigned)*in_token) & all;
	if (*in_token && i + bits - *start > ANALYZER_MAX_TOKEN)
		return 0;
	if (f->positions) {
		/* the tokens ending here stand at *pos, *pos + 1, ... */
		unsigned n_ends = 0;
		for (uint64_t b = ends; b; b &= b - 1)
			n_ends++;
		if (next < (uint64_t)*pos + n_ends) {
			/* The k tokens before the wanted one are counted, and
			 * the scan goes on at its start: the (k - *in_token)-th
			 * start here (the token going on into the chunk ends
			 * first), which k < n_ends guarantees. */
			uint64_t b = starts;
			unsigned k = (unsigned)(next - *pos), o;
			for (unsigned j = k - (unsigned)*in_token; j; j--)
				b &= b - 1;
			o = (unsigned)__builtin_ctzll(b);
			*pos += k;
			*in_token = 1;
			*start = i + o;
			return o;
		}
		*pos += n_ends;
	} else {
		if (*in_token && f->first_byte[s[*start]])
			return 0;
		for (uint64_t b = starts; b; b &= b - 1)
			if (f->first_byte[s[i + (size_t)__builtin_ctzll(b)]])
				return 0;
		for (; ends; ends &= ends - 1)
			(*pos)++;
	}
	if (starts)
		*start = i + (size_t)(63 - __builtin_clzll(starts));
	*in_token = (word >> (bits - 1)) & 1;
	return bits;
}
#endif

/* ASCII text eight bytes at a time, one flag word for every token and
 * separator in them: the tokens that end in them go to analyzer_offer.
 * Stops at the first byte past ASCII, at fewer than eight bytes left, or
 * where a token would pass ANALYZER_MAX_TOKEN, with sc as the byte loop
 * of analyzer_run_some wants it there. Token by token, finding each
 * word's end and then its separator's, the scan was most of highlighting
 * a hit (every hit's text is read again) and of analysing while
 * indexing (callgrind). skip: the filter whose unwanted tokens skip_chunk
 * counts sixteen or sixty-four bytes at a time (it has positions or
 * first_byte), or NULL. Inlined where the
 * caller passes NULL or not: the loop without the skip test is the one
 * of indexing, whose analysis took 14% more instructions here with it. */
static inline __attribute__((always_inline)) int
ascii_chunks(struct analyzer *a, struct lookahead *la, const char *text, size_t len,
             struct scan *sc, const struct token_filter *filter,
             const struct token_filter *skip, token_fn fn, void *ctx)
{
	int rc = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t highs = 0x8080808080808080u;
	const unsigned char *s = (const unsigned char *)text;
	/* in locals, which fn cannot reach, rather than through sc */
	size_t i = sc->i, start = sc->start, e;
#ifndef __SSE2__
	(void)skip;
#endif
	int in_token = sc->in_token;
	uint32_t pos = sc->pos;

	while (len - i >= 8) {
		uint64_t w, ends, starts, m;

#ifdef __SSE2__
		if (skip && len - i >= 16) {
			uint64_t next = !skip->positions ? 0
			                : la->want_at < skip->n_positions ? skip->positions[la->want_at]
			                                                  : UINT64_MAX;
			size_t got = 0;
			/* with positions, 64 bytes counted up to the wanted
			 * token if it ends in them */
			if (skip->positions && len - i >= 64)
				got = skip_chunk(s, i, 4, skip, next, &in_token, &start, &pos);
			if (!got)
				got = skip_chunk(s, i, 1, skip, next, &in_token, &start, &pos);
			if (got) {
				i += got;
				continue;
			}
		}
#endif
		memcpy(&w, s + i, 8);
		ends = ~ascii_word_flags(w) & highs; /* where a word may end */
		starts = ~(ends & ~w) & highs;       /* where separators may */
		for (;;) {
			if (in_token) {
				if (!(m = ends))
					break; /* the word goes on past these eight */
				e = i + (size_t)__builtin_ctzll(m) / 8;
				if (e - start > ANALYZER_MAX_TOKEN) {
					e = start > i ? start : i;
					goto out;
				}
				if (s[e] >= 0x80)
					goto out;
				if ((rc = analyzer_offer(a, la, text, start, e, pos++,
				                         filter, fn, ctx)))
					goto out;
				in_token = 0;
			} else {
				if (!(m = starts))
					break; /* separators past these eight */
				e = i + (size_t)__builtin_ctzll(m) / 8;
				if (s[e] >= 0x80)
					goto out;
				in_token = 1;
				start = e;
			}
			/* only the flags past e count now */
			m = ~(uint64_t)0 << (8 * (e - i));
			ends &= m;
			starts &= m;
		}
		if (in_token && i + 8 - start > ANALYZER_MAX_TOKEN) {
			e = start > i ? start : i;
			goto out;
		}
		i += 8;
	}
	e = i;
out:
	sc->i = e;
	sc->start = start;
	sc->in_token = in_token;
	sc->pos = pos;
#else
	(void)a; (void)la; (void)text; (void)len; (void)sc;
	(void)filter; (void)skip; (void)fn; (void)ctx;
#endif
	return rc;
}

int analyzer_run_some(struct analyzer *a, const char *text, size_t len,
                      uint32_t first_position, const struct token_filter *filter,
                      token_fn fn, void *ctx)
{
	const unsigned char *s = (const unsigned char *)text;
	struct scan sc = { 0, 0, 0, first_position };
	struct lookahead la; /* its queue is not zeroed: a hit's text is analysed twice */
	int rc;

	la.head = la.n = la.want_at = 0;
	la.depth = filter ? 1 : LOOKAHEAD;
	while (sc.i < len) {
		int32_t cp;
		int invalid = 0, word;
		size_t n, i;

		if (s[sc.i] < 0x80) {
			rc = filter && (filter->first_byte || filter->positions)
			     ? ascii_chunks(a, &la, text, len, &sc, filter, filter, fn, ctx)
			     : ascii_chunks(a, &la, text, len, &sc, filter, NULL, fn, ctx);
			if (rc)
				return rc;
			if (sc.i == len)
				break;
		}
		i = sc.i;
		/* What ascii_chunks leaves: a run of ASCII at a time. */
		if (s[i] < 0x80 && !ascii_word_char(s[i])) {
			if (sc.in_token &&
			    (rc = analyzer_offer(a, &la, text, sc.start, i, sc.pos++, filter, fn, ctx)))
				return rc;
			sc.in_token = 0;
			do
				i++;
			while (i < len && s[i] < 0x80 && !ascii_word_char(s[i]));
			sc.i = i;
			continue;
		}
		if (s[i] < 0x80) { /* an ASCII letter or digit */
			if (!sc.in_token) {
				sc.in_token = 1;
				sc.start = i;
			}
			for (;;) {
				size_t stop = len - sc.start > ANALYZER_MAX_TOKEN
				                      ? sc.start + ANALYZER_MAX_TOKEN : len;
				i = ascii_word_end(s, i, stop);
				if (i < stop || i == len || !ascii_word_char(s[i]))
					break;
				/* too long: close here, at a code-point boundary */
				if ((rc = analyzer_offer(a, &la, text, sc.start, i, sc.pos++,
				                         filter, fn, ctx)))
					return rc;
				sc.start = i;
			}
			sc.i = i;
			continue;
		}
		n = utf8_decode(text + i, len - i, &cp, &invalid);
		word = !invalid && text_is_word_char(cp);
		if (word && sc.in_token && i + n - sc.start > ANALYZER_MAX_TOKEN) {
			/* too long: close here, at a code-point boundary */
			rc = analyzer_offer(a, &la, text, sc.start, i, sc.pos++, filter, fn, ctx);
			if (rc)
				return rc;
			sc.in_token = 0;
		}
		if (word && !sc.in_token && !text_is_mark(cp)) {
			sc.in_token = 1;
			sc.start = i;
		} else if (!word && sc.in_token) {
			rc = analyzer_offer(a, &la, text, sc.start, i, sc.pos++, filter, fn, ctx);
			if (rc)
				return rc;
			sc.in_token = 0;
		}
		sc.i = i + n;
	}
	if (sc.in_token &&
	    (rc = analyzer_offer(a, &la, text, sc.start, len, sc.pos, filter, fn, ctx)))
		return rc;
	return analyzer_flush(a, &la, text, 0, fn, ctx);
}

size_t analyzer_vocab_count(const struct analyzer *a)
{
	return strmap_count(a->cache);
}

void analyzer_vocab_entry(const struct analyzer *a, size_t i,
                          struct token *out)
{
	const struct entry *e = &a->entries[i];

	memset(out, 0, sizeof *out);
	out->term = e->term;
	out->term_len = e->term_len;
	out->folded = e->folded;
	out->folded_len = e->folded_len;
	out->key = e->key;
	out->key_len = e->key_len;
	out->stopword = e->stopword;
}
