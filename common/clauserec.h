/* clauserec.h: the packed clause records of a segment (format.h
 * SEC_CLAUSES and SEC_CLAUSE_GROUPS): the encoder the segment writer
 * feeds clause by clause, and the decoder that gives any one clause back.
 *
 * Clauses are encoded in groups of CLAUSE_GROUP, each record as varints
 * relative to the previous record of its group, so a lookup decodes its
 * group from the start (about 7 bytes a record). */
#ifndef UNSEARCH_CLAUSEREC_H
#define UNSEARCH_CLAUSEREC_H

#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "format.h"

/* One clause's record, decoded. */
struct clause_rec {
	uint32_t doc, text_block, text_off, text_len;
	uint32_t text_ord;   /* its place among its block's clauses */
	uint32_t label;      /* index into SEC_LABELS, or CLAUSE_NO_LABEL */
	uint32_t verb_pos;   /* token position of the opening verb, or NO_POSITION */
	uint32_t lemma;      /* its lemma: index into SEC_LEMMAS, or CLAUSE_NO_LEMMA;
	                      * one only with a verb_pos */
	uint32_t emph_start, emph_len; /* bytes in the clause text */
	uint32_t line;       /* 1-based source line */
};

#define CLAUSE_NO_LABEL 0xffffffffu
#define CLAUSE_NO_LEMMA 0xffffffffu

/* The encoder's state; zero-initialise it (CLAUSEREC_WRITER_INIT). groups
 * collects SEC_CLAUSE_GROUPS; the caller owns it (buf_release). */
struct clauserec_writer {
	struct buf groups;
	uint64_t bytes;         /* SEC_CLAUSES bytes written so far */
	uint32_t n;             /* clauses encoded */
	struct clause_rec prev; /* the previous clause of the open group */
};
#define CLAUSEREC_WRITER_INIT { BUF_INIT, 0, 0, { 0 } }

/* Append r's record to out (the caller writes out's bytes to SEC_CLAUSES
 * in order, and may reset it between calls). Clauses come in clause id
 * order, with doc and text_block never going down, the texts of a block
 * back to back from offset 0 (format.h) and a lemma only with a verb
 * position. ERR_LIMIT if not, or if
 * SEC_CLAUSES would pass 4 GiB. */
int clauserec_append(struct clauserec_writer *w, const struct clause_rec *r,
                     struct buf *out, struct errbuf *eb);

/* A group of clause records being decoded: records are decoded in order,
 * as far as a reader needs, and kept. */
struct clauserec_group {
	const uint8_t *q, *end; /* the next record's bytes, the group's end */
	uint32_t n;             /* records in the group (<= CLAUSE_GROUP) */
	uint32_t done;          /* records decoded into rec, from the first */
	struct clause_rec rec[CLAUSE_GROUP];
};

/* Start decoding group g (clauses g * CLAUSE_GROUP on) of the sections'
 * bytes: 0, or ERR_CORRUPT if there is no such group or its bounds are
 * wrong. groups has ceil(n_clauses / CLAUSE_GROUP) entries (checked at
 * open); data stays mapped while grp is used. */
int clauserec_group_open(const uint8_t *data, uint64_t data_len, const uint8_t *groups,
                         uint32_t n_clauses, uint32_t g, struct clauserec_group *grp);
/* Decode the group's records up to index upto (< n) into rec, if not done
 * yet: 0, or ERR_CORRUPT when a record runs past its group or a value does
 * not fit (the caller names the section; values are not checked against
 * other sections). A reader asking for scattered clauses decodes half a
 * group on average. */
int clauserec_group_decode(struct clauserec_group *grp, uint32_t upto);

#endif
