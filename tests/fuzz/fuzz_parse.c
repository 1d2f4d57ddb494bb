/* fuzz_parse.c: libFuzzer target for the indexing front end: any bytes
 * read as a file by the document reader (resread.c: the decoders of
 * text.c, the cuts between resolutions, then the resolution parser on each
 * document), then the analyzer and the citation extractor over every
 * clause. Checks the documented invariants (valid UTF-8 text, clause and
 * span ranges inside the text, tokens inside their clause, positions
 * counting up by one, citations inside their clause with a valid kind and
 * a NUL-terminated symbol). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "cite.h"
#include "resparse.h"
#include "resread.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_warn(void *ctx, enum resparse_level level, uint32_t line,
                    const char *message)
{
	(void)ctx;
	(void)line;
	if (level != RESPARSE_WARNING && level != RESPARSE_NOTICE)
		__builtin_trap();
	if (!message || strchr(message, '\n'))
		__builtin_trap(); /* one line, no trailing newline */
}

struct tok_state {
	size_t len;
	uint32_t next_pos;
};

static int on_token(void *ctx, const struct token *t)
{
	struct tok_state *s = ctx;

	if (t->start >= t->end || t->end > s->len || t->position != s->next_pos)
		__builtin_trap();
	if (!t->term || !t->folded || !t->key || strlen(t->term) != t->term_len)
		__builtin_trap();
	s->next_pos++;
	return 0;
}

/* The invariants of one parsed document. */
static void check_resolution(struct analyzer *an, struct citations *cs,
                             const struct resolution *r)
{
	int32_t cp;
	int bad;

	for (size_t i = 0, n; i < r->text_len; i += n) {
		n = utf8_decode(r->text + i, r->text_len - i, &cp, &bad);
		if (bad)
			__builtin_trap(); /* the text is always valid UTF-8 */
	}
	for (size_t i = 0; i < r->n_clauses; i++) {
		const struct clause *c = &r->clauses[i];
		struct tok_state st = { c->text_len, 7 };
		if (c->text_start > r->text_len ||
		    c->text_len > r->text_len - c->text_start ||
		    c->text_len > RESPARSE_MAX_CLAUSE ||
		    (c->verb_len && c->verb_start + c->verb_len > c->text_len) ||
		    (c->emph_len && c->emph_start + c->emph_len > c->text_len) ||
		    memchr(c->label, '\0', CLAUSE_LABEL_MAX) == NULL ||
		    (unsigned)c->kind >= CLAUSE_KIND_COUNT)
			__builtin_trap();
		analyzer_run(an, r->text + c->text_start, c->text_len, 7,
		             on_token, &st);
		cite_extract(r->text + c->text_start, c->text_len, cs);
		for (size_t k = 0; k < cs->n; k++)
			if (cs->v[k].start + cs->v[k].len > c->text_len || !cs->v[k].len ||
			    !cite_kind_name(cs->v[k].kind) ||
			    !memchr(cs->v[k].symbol, '\0', CITE_SYMBOL_MAX) || !cs->v[k].symbol[0])
				__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct errbuf eb = { { 0 }, 0 };
	struct resolution r;
	struct resread *rr = resread_new_memory((const char *)data, size);
	struct analyzer *an = analyzer_new(&eb);
	struct citations cs = { NULL, 0, 0 };
	int got;

	if (!an)
		__builtin_trap();
	while ((got = resread_next(rr, &r, on_warn, NULL, &eb)) == 1) {
		check_resolution(an, &cs, &r);
		resolution_release(&r);
	}
	if (got < 0 && eb.msg[0] == '\0')
		__builtin_trap();
	citations_release(&cs);
	analyzer_free(an);
	resread_free(rr);
	return 0;
}
