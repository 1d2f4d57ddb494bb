/* clauserec.c: packed clause records (see clauserec.h and format.h
 * SEC_CLAUSES). */
#include "clauserec.h"

#include "codec.h"
#include "format.h"

/* Line differences may be negative across documents: zigzag keeps small
 * magnitudes small either way. */
static uint64_t zigzag(int64_t v)
{
	return (uint64_t)v << 1 ^ (uint64_t)(v >> 63);
}

static int64_t unzigzag(uint64_t z)
{
	return (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
}

int clauserec_append(struct clauserec_writer *w, const struct clause_rec *r,
                     struct buf *out, struct errbuf *eb)
{
	const struct clause_rec *p = &w->prev;
	int first = w->n % CLAUSE_GROUP == 0;
	uint32_t head = 0;
	size_t start = out->len;

	if (!first && (r->doc < p->doc || r->text_block < p->text_block ||
	               r->text_off != (r->text_block == p->text_block
	                                       ? p->text_off + p->text_len : 0) ||
	               r->text_ord != (r->text_block == p->text_block ? p->text_ord + 1 : 0)))
		return errbuf_set(eb, ERR_LIMIT, "clause %u: document, text block or offset "
		                  "out of sequence", w->n);
	if (r->lemma != CLAUSE_NO_LEMMA && r->verb_pos == NO_POSITION)
		return errbuf_set(eb, ERR_LIMIT, "clause %u: a lemma without a verb", w->n);
	if (first) {
		if (w->bytes > UINT32_MAX)
			return errbuf_set(eb, ERR_LIMIT, "clause records pass 4 GiB");
		buf_append_u32(&w->groups, (uint32_t)w->bytes);
	}
	if (r->label != CLAUSE_NO_LABEL)
		head |= CLREC_LABEL;
	if (r->verb_pos != NO_POSITION)
		head |= CLREC_VERB;
	if (r->lemma != CLAUSE_NO_LEMMA)
		head |= CLREC_LEMMA;
	if (r->emph_start || r->emph_len)
		head |= CLREC_EMPH;
	if (!first && r->text_block != p->text_block)
		head |= CLREC_NEW_BLOCK;
	if (!first && r->doc != p->doc)
		head |= CLREC_NEW_DOC;
	varint_append(out, head);
	if (first || (head & CLREC_NEW_DOC))
		varint_append(out, r->doc - (first ? 0 : p->doc));
	if (first || (head & CLREC_NEW_BLOCK))
		varint_append(out, r->text_block - (first ? 0 : p->text_block));
	if (first) {
		varint_append(out, r->text_off);
		varint_append(out, r->text_ord);
	}
	varint_append(out, r->text_len);
	if (head & CLREC_LABEL)
		varint_append(out, r->label);
	if (head & CLREC_VERB)
		varint_append(out, r->verb_pos);
	if (head & CLREC_LEMMA)
		varint_append(out, r->lemma);
	if (head & CLREC_EMPH) {
		varint_append(out, r->emph_start);
		varint_append(out, r->emph_len);
	}
	varint_append(out, zigzag((int64_t)r->line - (first ? 0 : (int64_t)p->line)));
	w->bytes += out->len - start;
	w->prev = *r;
	w->n++;
	return 0;
}

/* Decode the record at *q (< end) after prev (NULL: first of its group). */
static int decode_one(const uint8_t **q, const uint8_t *end,
                      const struct clause_rec *prev, struct clause_rec *r)
{
	uint32_t head, v;
	uint64_t z;
	int64_t line;

	if (varint_read_u32(q, end, &head) || head >> CLREC_FLAG_BITS)
		return ERR_CORRUPT;
	r->doc = prev ? prev->doc : 0;
	r->text_block = prev ? prev->text_block : 0;
	if (!prev || (head & CLREC_NEW_DOC)) {
		if (varint_read_u32(q, end, &v) || (uint64_t)r->doc + v > UINT32_MAX)
			return ERR_CORRUPT;
		r->doc += v;
	}
	if (!prev || (head & CLREC_NEW_BLOCK)) {
		if (varint_read_u32(q, end, &v) || (uint64_t)r->text_block + v > UINT32_MAX)
			return ERR_CORRUPT;
		r->text_block += v;
	}
	if (!prev) {
		if (varint_read_u32(q, end, &r->text_off) || varint_read_u32(q, end, &r->text_ord))
			return ERR_CORRUPT;
	} else {
		r->text_off = head & CLREC_NEW_BLOCK ? 0 : prev->text_off + prev->text_len;
		r->text_ord = head & CLREC_NEW_BLOCK ? 0 : prev->text_ord + 1;
	}
	if (varint_read_u32(q, end, &r->text_len) || r->text_len > TEXT_BLOCK_SIZE ||
	    r->text_off > TEXT_BLOCK_SIZE || r->text_ord > TEXT_BLOCK_SIZE)
		return ERR_CORRUPT;
	r->label = CLAUSE_NO_LABEL;
	if ((head & CLREC_LABEL) &&
	    (varint_read_u32(q, end, &r->label) || r->label == CLAUSE_NO_LABEL))
		return ERR_CORRUPT;
	r->verb_pos = NO_POSITION;
	if ((head & CLREC_VERB) &&
	    (varint_read_u32(q, end, &r->verb_pos) || r->verb_pos == NO_POSITION))
		return ERR_CORRUPT;
	r->lemma = CLAUSE_NO_LEMMA;
	if ((head & CLREC_LEMMA) &&
	    (!(head & CLREC_VERB) || varint_read_u32(q, end, &r->lemma) ||
	     r->lemma == CLAUSE_NO_LEMMA))
		return ERR_CORRUPT;
	r->emph_start = r->emph_len = 0;
	if ((head & CLREC_EMPH) && (varint_read_u32(q, end, &r->emph_start) ||
	                            varint_read_u32(q, end, &r->emph_len)))
		return ERR_CORRUPT;
	if (varint_read(q, end, &z))
		return ERR_CORRUPT;
	line = (prev ? (int64_t)prev->line : 0) + unzigzag(z);
	if (line < 0 || line > UINT32_MAX)
		return ERR_CORRUPT;
	r->line = (uint32_t)line;
	return 0;
}

int clauserec_group_open(const uint8_t *data, uint64_t data_len, const uint8_t *groups,
                         uint32_t n_clauses, uint32_t g, struct clauserec_group *grp)
{
	uint64_t first = (uint64_t)g * CLAUSE_GROUP, next = first + CLAUSE_GROUP;
	uint64_t start, end;

	if (first >= n_clauses)
		return ERR_CORRUPT;
	start = load_u32(groups + (size_t)g * CLAUSE_GROUP_ENTRY_SIZE);
	end = next < n_clauses ? load_u32(groups + (size_t)(g + 1) * CLAUSE_GROUP_ENTRY_SIZE)
	                       : data_len;
	if (start > end || end > data_len)
		return ERR_CORRUPT;
	grp->q = data + start;
	grp->end = data + end;
	grp->n = (uint32_t)((next < n_clauses ? next : n_clauses) - first);
	grp->done = 0;
	return 0;
}

int clauserec_group_decode(struct clauserec_group *grp, uint32_t upto)
{
	if (upto >= grp->n)
		return ERR_CORRUPT;
	for (; grp->done <= upto; grp->done++)
		if (decode_one(&grp->q, grp->end, grp->done ? &grp->rec[grp->done - 1] : NULL,
		               &grp->rec[grp->done]))
			return ERR_CORRUPT;
	return 0;
}
