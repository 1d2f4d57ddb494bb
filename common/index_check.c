/* index_check.c: `unindex --check`: verify every checksum and invariant of
 * an index and print a size report (see index.h index_check). */
#include "_index.h"

#include <stdlib.h>
#include <string.h>

#include "clause_kind.h"
#include "xalloc.h"

/* Every citation record of a segment sound, in clause order, naming a
 * whole non-empty string (index_cite_check only bounds the offset). */
static int check_cites(const struct index_segment *sg, struct errbuf *eb)
{
	const uint8_t *strings = sg->sec[SEC_STRINGS];
	uint32_t prev = 0, n = (uint32_t)(sg->sec_len[SEC_CITES] / CITE_RECORD_SIZE);
	int rc;

	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *r = sg->sec[SEC_CITES] + (size_t)i * CITE_RECORD_SIZE;
		uint32_t clause = load_u32(r + CITE_CLAUSE), off = load_u32(r + CITE_SYMBOL);
		if ((rc = index_cite_check(sg, i, eb)))
			return rc;
		if (clause < prev)
			return index_corrupt(sg, SEC_CITES, eb,
			                     "citation %u: clause %u after clause %u", i,
			                     clause, prev);
		if (!strings[off] || (off > 0 && strings[off - 1] != '\0'))
			return index_corrupt(sg, SEC_CITES, eb,
			                     "citation %u: symbol is not a whole string", i);
		prev = clause;
	}
	return 0;
}

/* What the walk found, for the summary lines. */
struct check_totals {
	uint64_t postings, positions, text_raw, text_comp;
	/* What plain VByte (gap, tf; position deltas) would take, to show the
	 * bit-packing pays for itself. */
	uint64_t vbyte_postings, vbyte_positions;
	uint32_t folded_words, keys;
	uint64_t postings_bytes, positions_bytes, index_bytes;
};

/* 1 if a bound pair of the current block has tf >= the posting's and
 * len <= its clause's length. */
static int bound_covers(struct posting_reader *r, uint32_t len)
{
	uint32_t tf_at = posting_reader_tf(r);
	const uint32_t *tf = r->bound_tf + (size_t)r->block * BLOCK_MAX_BOUNDS;
	const uint32_t *bl = r->bound_len + (size_t)r->block * BLOCK_MAX_BOUNDS;

	for (uint32_t i = 0; i < r->n_bounds[r->block]; i++)
		if (tf[i] >= tf_at && bl[i] <= len)
			return 1;
	return 0;
}

/* Walk one term's postings and positions fully. */
static int check_term(struct index *ix, uint32_t s, uint32_t t,
                      struct check_totals *tot, struct errbuf *eb)
{
	struct index_segment *sg = &ix->segs[s];
	struct posting_reader r;
	uint32_t count = 0;
	struct term_part part;
	int64_t prev = -1;
	int rc = index_term_part(ix, s, t, &part, eb);

	if (rc || (rc = posting_reader_open_parts(ix, t, &part, 1, NULL, &r, eb)))
		return rc;
	while ((rc = posting_reader_next(&r, eb)) == 0) {
		const uint32_t *pos;
		size_t n;
		if ((int64_t)r.clause <= prev || posting_reader_tf(&r) == 0) {
			rc = index_corrupt(sg, SEC_POSTINGS, eb, "term %u: bad posting %u", t,
			                   r.clause);
			break;
		}
		if (!bound_covers(&r, index_clause_len(ix, r.clause))) {
			rc = index_corrupt(sg, SEC_POSTINGS, eb,
			                   "term %u block %u: no bound pair covers clause %u",
			                   t, r.block, r.clause);
			break;
		}
		if (posting_reader_tf(&r) > posting_reader_title_max_tf(&r) &&
		    seg_clause_kind_bits(sg, r.clause - sg->clause_base) == CLAUSE_TITLE) {
			rc = index_corrupt(sg, SEC_POSTINGS, eb, "term %u: tf %u in title clause "
			                   "%u, above its title bound %u", t, posting_reader_tf(&r),
			                   r.clause, posting_reader_title_max_tf(&r));
			break;
		}
		if ((rc = posting_reader_positions(&r, &pos, &n, eb)))
			break;
		tot->vbyte_postings += varint_size((uint64_t)(r.clause - prev - 1)) +
		                       varint_size(posting_reader_tf(&r) - 1);
		for (size_t i = 0; i < n; i++)
			tot->vbyte_positions += varint_size(i ? pos[i] - pos[i - 1] : pos[0]);
		prev = r.clause;
		count++;
		tot->positions += n;
	}
	if (rc == 1 && count + r.n_deleted != r.df)
		rc = index_corrupt(sg, SEC_POSTINGS, eb, "term %u: %u postings, df %u", t,
		                   count + r.n_deleted, r.df);
	tot->postings += count;
	posting_reader_release(&r);
	return rc == 1 ? 0 : rc;
}

/* A KEYS entry as the writer makes them (format.h SEC_KEYS): one with no
 * terms stands for a term of its bytes, and none holds just the term of its
 * own bytes (that one is left out). */
static int check_key(struct index_segment *ix, const struct sst_iter *key,
                     const uint32_t *ids, size_t n, struct errbuf *eb)
{
	struct sst_iter it;
	struct sst *terms;
	int rc = index_seg_table(ix, SEC_TERMS, &terms, eb);

	if (rc)
		return rc;
	rc = sst_find(terms, key->key, key->key_len, &it, eb);
	if (rc && rc != ERR_NOTFOUND)
		return errbuf_prefix(eb, rc, "%s: section %s", ix->seg_path,
		                     index_section_name(SEC_TERMS));
	if (n == 0 && rc == ERR_NOTFOUND)
		return index_corrupt(ix, SEC_KEYS, eb, "key %u has no terms and is no term",
		                     key->ordinal);
	if (n == 1 && rc == 0 && ids[0] == it.ordinal)
		return index_corrupt(ix, SEC_KEYS, eb, "key %u holds only its own term",
		                     key->ordinal);
	return 0;
}

/* Walk every key of a table: keys strictly ascending and, for the
 * lexicons, every payload a valid term list. */
static int check_table(struct index_segment *ix, uint32_t sec, uint32_t *n_keys,
                       struct errbuf *eb)
{
	struct sst_iter it;
	struct sst *t;
	char prev[SST_MAX_KEY + 1];
	size_t prev_len = 0, n = 0, cap = 0;
	uint32_t *ids = NULL, base = 0;
	int rc;

	*n_keys = 0;
	if ((rc = index_seg_table(ix, sec, &t, eb)))
		return rc;
	if (t->n_keys == 0)
		return 0;
	rc = sst_at(t, 0, &it, eb);
	while (rc == 0) {
		if (*n_keys && bytes_cmp(prev, prev_len, it.key, it.key_len) >= 0) {
			free(ids);
			return index_corrupt(ix, sec, eb, "keys out of order at key %u", *n_keys);
		}
		memcpy(prev, it.key, it.key_len);
		prev_len = it.key_len;
		if (sec != SEC_TERMS) {
			n = 0;
			rc = index_lexicon_decode(ix, sec, &it, &base, &ids, &n, &cap, eb);
			if (!rc && sec == SEC_KEYS)
				rc = check_key(ix, &it, ids, n, eb);
			if (rc) {
				free(ids);
				return rc;
			}
		}
		(*n_keys)++;
		rc = sst_next(&it, eb);
	}
	free(ids);
	if (rc < 0)
		return errbuf_prefix(eb, rc, "%s: section %s", ix->seg_path,
		                     index_section_name(sec));
	if (*n_keys != t->n_keys)
		return index_corrupt(ix, sec, eb, "%u keys, index says %u", *n_keys, t->n_keys);
	return 0;
}

/* Document d's title clause (format.h DOC_TITLE_BITS) as its clauses'
 * kinds tell it; d's record is checked. */
static int check_doc_title(const struct index_segment *sg, uint32_t d, struct errbuf *eb)
{
	const uint8_t *r = sg->sec[SEC_DOCS] + (size_t)d * DOC_RECORD_SIZE;
	uint32_t first = load_u32(r + DOC_FIRST_CLAUSE), n = load_u32(r + DOC_N_CLAUSES);
	uint32_t said = (load_u32(r + DOC_FLAGS) & DOC_TITLE_BITS) >> DOC_TITLE_SHIFT, is = 0;

	for (uint32_t i = 0; i < n && i < DOC_TITLE_SCAN && !is; i++) {
		unsigned kind;
		int rc = index_seg_clause_kind(sg, first + i, &kind, eb);
		if (rc)
			return rc;
		if (kind == CLAUSE_TITLE)
			is = i + 1;
	}
	if (said != is)
		return index_corrupt(sg, SEC_DOCS, eb, "document %u: title clause %d, its "
		                     "clauses' kinds say %d", d, (int)said - 1, (int)is - 1);
	return 0;
}

/* Clause c's record (decoded into *r) and kind: its document the one
 * whose clause range holds c (scoring finds it that way), its kind known,
 * its source line (format.h)
 * at least 1 and not above the line of the previous clause (prev) of the
 * same document. */
static int check_clause(const struct index_segment *ix, uint32_t c,
                        const struct clause_rec *prev, struct clause_rec *r,
                        struct errbuf *eb)
{
	uint32_t doc;
	unsigned kind;
	int rc;

	if ((rc = index_clause_rec(ix, c, r, eb)) || (rc = index_seg_clause_doc(ix, c, &doc, eb)) ||
	    (rc = index_seg_clause_kind(ix, c, &kind, eb)))
		return rc;
	if (doc != r->doc)
		return index_corrupt(ix, SEC_CLAUSES, eb, "clause %u: its record says document "
		                     "%u, the documents' clause ranges %u", c, r->doc, doc);
	if (r->line == 0 || (c > 0 && prev->doc == r->doc && prev->line > r->line))
		return index_corrupt(ix, SEC_CLAUSES, eb,
		                     "clause %u: source line %u out of order", c, r->line);
	return 0;
}

/* Every LENGTH_LONG byte of SEC_LENGTHS has its SEC_LONG_LENGTHS record,
 * in order, and no record is left over (index.c checked the records
 * themselves at open); the half byte SEC_KINDS has past the last clause
 * is 0. */
static int check_lengths_kinds(const struct index_segment *sg, struct errbuf *eb)
{
	const uint8_t *len = sg->sec[SEC_LENGTHS], *rec = sg->sec[SEC_LONG_LENGTHS];
	uint64_t k = 0, n_rec = sg->sec_len[SEC_LONG_LENGTHS] / LONG_LENGTH_SIZE;
	uint32_t n = sg->stats.n_clauses;

	for (uint32_t c = 0; c < n; c++) {
		if (len[c] != LENGTH_LONG)
			continue;
		if (k == n_rec || load_u32(rec + k * LONG_LENGTH_SIZE + LONG_LENGTH_CLAUSE) != c)
			return index_corrupt(sg, SEC_LONG_LENGTHS, eb,
			                     "clause %u: long in LENGTHS, no record", c);
		k++;
	}
	if (k != n_rec)
		return index_corrupt(sg, SEC_LONG_LENGTHS, eb, "%llu records for %llu long clauses",
		                     (unsigned long long)n_rec, (unsigned long long)k);
	if (n % 2 && sg->sec[SEC_KINDS][n / 2] >> KIND_BITS)
		return index_corrupt(sg, SEC_KINDS, eb, "bits past the last clause");
	return 0;
}

static int check_segment(struct index *ix, uint32_t seg, FILE *f,
                         struct check_totals *tot, struct errbuf *eb)
{
	struct index_segment *sg = &ix->segs[seg];
	const struct index_stats *s = &sg->stats;
	struct clause_rec prev = { 0 };
	uint32_t n_keys;
	int rc, first = 0;

	fprintf(f, "segment %s: %zu bytes, %u documents (%u deleted)\n", sg->seg_path,
	        sg->map_len, s->n_docs, sg->n_deleted_docs);
	for (uint32_t k = 0; k < sg->n_table; k++) {
		rc = index_section_verify(sg, k, eb);
		fprintf(f, "  %-14s %12llu bytes%s\n", index_section_name(sg->table[k].id),
		        (unsigned long long)sg->table[k].length,
		        rc ? "  CHECKSUM MISMATCH" : "");
		if (rc && !first)
			first = rc;
	}
	if (first)
		return first;
	/* Lengths first: each posting's positions are coded against its
	 * clause's length (format.h SEC_POSITIONS). */
	if ((rc = check_lengths_kinds(sg, eb)))
		return rc;
	if ((rc = check_table(sg, SEC_TERMS, &n_keys, eb)))
		return rc;
	for (uint32_t t = 0; t < s->n_terms; t++)
		if ((rc = check_term(ix, seg, t, tot, eb)))
			return rc;
	for (uint32_t d = 0; d < s->n_docs; d++)
		if ((rc = index_doc_check(sg, d, eb)) || (rc = check_doc_title(sg, d, eb)))
			return rc;
	for (uint32_t c = 0; c < s->n_clauses; c++) {
		struct clause_rec r;
		if ((rc = check_clause(sg, c, &prev, &r, eb)))
			return rc;
		prev = r;
	}
	if ((rc = check_cites(sg, eb)))
		return rc;
	if (sg->sec_len[SEC_TEXT_MODEL]) {
		/* a word code: every clause decodes on its own */
		struct buf text = BUF_INIT;
		for (uint32_t c = 0; c < s->n_clauses && !rc; c++) {
			buf_reset(&text);
			rc = index_clause_text(ix, sg->clause_base + c, &text, eb);
			tot->text_raw += text.len;
		}
		buf_release(&text);
		if (rc)
			return rc;
	}
	for (uint32_t b = 0; b < s->n_text_blocks && !sg->sec_len[SEC_TEXT_MODEL]; b++) {
		const uint8_t *text;
		uint32_t len;
		if ((rc = index_text_block(ix, seg, b, &text, &len, eb)))
			return rc;
		tot->text_raw += len;
	}
	/* The frames lie back to back and fill the section. */
	tot->text_comp += sg->sec_len[SEC_TEXT] + sg->sec_len[SEC_TEXT_DICT] +
	                  sg->sec_len[SEC_TEXT_MODEL];
	tot->postings_bytes += sg->sec_len[SEC_POSTINGS];
	tot->positions_bytes += sg->sec_len[SEC_POSITIONS];
	if ((rc = check_table(sg, SEC_FOLDED, &n_keys, eb)))
		return rc;
	tot->folded_words += n_keys;
	if ((rc = check_table(sg, SEC_KEYS, &n_keys, eb)))
		return rc;
	tot->keys += n_keys;
	return 0;
}

/* The statistics of the whole index against a recount of its live
 * clauses: clause and token counts, and each term's live df against its
 * postings in every segment. */
static int check_live_stats(struct index *ix, struct errbuf *eb)
{
	const struct index_stats *st = &ix->stats;
	uint64_t tokens = 0;
	uint32_t live = 0;

	for (uint32_t c = 0; c < st->n_clauses; c++)
		if (!index_clause_deleted(ix, c)) {
			live++;
			tokens += index_clause_len(ix, c);
		}
	if (live != st->n_live_clauses || tokens != st->n_tokens)
		return errbuf_set(eb, ERR_CORRUPT,
		                  "%s: %u live clauses of %llu tokens, the statistics say %u and %llu",
		                  ix->dir, live, (unsigned long long)tokens, st->n_live_clauses,
		                  (unsigned long long)st->n_tokens);
	for (uint32_t s = 0; s < ix->n_segs; s++) {
		struct index_segment *sg = &ix->segs[s];
		for (uint32_t t = 0; t < sg->stats.n_terms; t++) {
			struct term_info ti;
			struct posting_reader r;
			uint32_t id, count = 0;
			int rc = seg_term_info(sg, t, &ti, eb);
			if (!rc)
				rc = index_term_find(ix, ti.term, ti.term_len, &id, eb);
			if (!rc)
				rc = posting_reader_open(ix, id, &r, eb);
			while (!rc && (rc = posting_reader_next(&r, eb)) == 0)
				count++;
			if (rc == 1)
				rc = index_term_info(ix, id, &ti, eb);
			posting_reader_release(&r);
			if (rc)
				return rc;
			if (ti.df != count)
				return errbuf_set(eb, ERR_CORRUPT,
				                  "%s: term '%s': live df %u, its postings hold %u",
				                  ix->dir, ti.term, ti.df, count);
		}
	}
	return 0;
}

static int check_all(struct index *ix, FILE *f, struct check_totals *tot,
                     struct errbuf *eb)
{
	int rc = 0;

	for (uint32_t s = 0; s < ix->n_segs && !rc; s++)
		rc = check_segment(ix, s, f, tot, eb);
	if (!rc)
		rc = check_live_stats(ix, eb);
	return rc;
}

static double ratio(double a, double b)
{
	return b > 0 ? a / b : 0;
}

int index_check(const char *dir, FILE *f, struct errbuf *eb)
{
	struct check_totals tot;
	struct index *ix;
	const struct index_stats *s;
	int rc = index_open(dir, &ix, eb);

	if (rc) {
		fprintf(f, "index %s: cannot open\n", dir);
		return rc;
	}
	memset(&tot, 0, sizeof tot);
	rc = check_all(ix, f, &tot, eb);
	s = &ix->stats;
	for (uint32_t k = 0; k < ix->n_segs; k++)
		tot.index_bytes += ix->segs[k].map_len;
	fprintf(f, "segments %u\n", ix->n_segs);
	fprintf(f, "documents %u, clauses %u, tokens %llu (live)\n", s->n_live_docs,
	        s->n_live_clauses, (unsigned long long)s->n_tokens);
	fprintf(f, "terms %u\n", s->n_terms);
	fprintf(f, "postings %llu\n", (unsigned long long)tot.postings);
	fprintf(f, "positions %llu\n", (unsigned long long)tot.positions);
	fprintf(f, "bits per posting %.2f\n",
	        ratio(8.0 * (double)tot.postings_bytes, (double)tot.postings));
	fprintf(f, "bits per position %.2f\n",
	        ratio(8.0 * (double)tot.positions_bytes, (double)tot.positions));
	fprintf(f, "plain VByte would take %.2f bits per posting, %.2f per position\n",
	        ratio(8.0 * (double)tot.vbyte_postings, (double)tot.postings),
	        ratio(8.0 * (double)tot.vbyte_positions, (double)tot.positions));
	fprintf(f, "stored text %llu bytes raw, %llu compressed with its dictionary (%.1f%%)\n",
	        (unsigned long long)tot.text_raw, (unsigned long long)tot.text_comp,
	        100.0 * ratio((double)tot.text_comp, (double)tot.text_raw));
	fprintf(f, "lexicon %u folded words, %u keys\n", tot.folded_words, tot.keys);
	fprintf(f, "citations %u\n", index_cite_count(ix));
	fprintf(f, "index bytes per token %.2f\n",
	        ratio((double)tot.index_bytes, (double)s->n_tokens));
	fprintf(f, "%s\n", rc ? "check FAILED" : "check ok");
	index_close(ix);
	return rc;
}
