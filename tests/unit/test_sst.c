/* test_sst.c: sorted string tables: lookups, seeks, ordinals, iteration
 * and damage, on a table of a thousand keys, mapped and read with pread;
 * a table whose payloads end themselves; key heads of one byte and long. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codec.h"
#include "err.h"
#include "format.h"
#include "harness.h"
#include "sst.h"

/* 1000 keys "k0000".."k0999" with payload = their number as text. */
static void build_table(struct sst_writer *w, struct buf *idx)
{
	char key[16];

	sst_writer_init(w, 0);
	for (int i = 0; i < 1000; i++) {
		int n = snprintf(key, sizeof key, "k%04d", i);
		sst_writer_add(w, key, (size_t)n, key + 1, 4, NULL);
	}
	buf_init(idx);
	sst_writer_index(w, idx);
}

static void test_find_seek_at(struct harness *h)
{
	struct sst_writer w;
	struct buf idx;
	struct sst t;
	struct sst_iter it;
	struct errbuf eb;

	build_table(&w, &idx);
	CHECK_INT_EQ(h, sst_open(&t, (const uint8_t *)w.data.data, w.data.len,
	                         (const uint8_t *)idx.data, idx.len, &eb), 0);
	CHECK_INT_EQ(h, t.n_keys, 1000);
	CHECK_INT_EQ(h, sst_find(&t, "k0537", 5, &it, &eb), 0);
	CHECK_INT_EQ(h, it.ordinal, 537);
	CHECK(h, it.payload_len == 4 && memcmp(it.payload, "0537", 4) == 0);
	CHECK_INT_EQ(h, sst_find(&t, "k0537x", 6, &it, &eb), ERR_NOTFOUND);
	CHECK_INT_EQ(h, sst_find(&t, "a", 1, &it, &eb), ERR_NOTFOUND);
	/* seek: first key >= the probe, across a block boundary. */
	CHECK_INT_EQ(h, sst_seek(&t, "k0015z", 6, &it, &eb), 0);
	CHECK_STR_EQ(h, it.key, "k0016");
	CHECK_INT_EQ(h, sst_seek(&t, "z", 1, &it, &eb), 1);
	CHECK_INT_EQ(h, sst_seek(&t, "", 0, &it, &eb), 0);
	CHECK_STR_EQ(h, it.key, "k0000");
	/* iterate everything in order */
	int count = 1, rc;
	while ((rc = sst_next(&it, &eb)) == 0)
		count++;
	CHECK_INT_EQ(h, rc, 1);
	CHECK_INT_EQ(h, count, 1000);
	CHECK_INT_EQ(h, sst_at(&t, 999, &it, &eb), 0);
	CHECK_STR_EQ(h, it.key, "k0999");
	CHECK_INT_EQ(h, sst_at(&t, 1000, &it, &eb), ERR_NOTFOUND);
	/* Back to the first key of the block, then on again. */
	CHECK_INT_EQ(h, sst_find(&t, "k0537", 5, &it, &eb), 0);
	CHECK_INT_EQ(h, sst_rewind(&it, &eb), 0);
	CHECK_INT_EQ(h, it.ordinal, 528);
	CHECK_STR_EQ(h, it.key, "k0528");
	CHECK(h, it.payload_len == 4 && memcmp(it.payload, "0528", 4) == 0);
	CHECK_INT_EQ(h, sst_next(&it, &eb), 0);
	CHECK_STR_EQ(h, it.key, "k0529");
	/* Out-of-order keys are refused by the writer. */
	CHECK_INT_EQ(h, sst_writer_add(&w, "k0500", 5, "", 0, &eb), ERR_INVALID);
	CHECK_INT_EQ(h, sst_writer_add(&w, "k0999", 5, "", 0, &eb), ERR_INVALID);
	sst_writer_release(&w);
	buf_release(&idx);
}

/* Skipping a prefix lands on the first key after those that start with
 * it, within a block, over many and at the end, from every key and every
 * prefix length (keys k0000..k0999: a prefix of 2 skips to the end). */
static void test_skip_prefix(struct harness *h)
{
	struct sst_writer w;
	struct buf idx;
	struct sst t;
	struct sst_iter it;
	struct errbuf eb;
	int wrong = 0;

	build_table(&w, &idx);
	CHECK_INT_EQ(h, sst_open(&t, (const uint8_t *)w.data.data, w.data.len,
	                         (const uint8_t *)idx.data, idx.len, &eb), 0);
	CHECK_INT_EQ(h, sst_find(&t, "k0015", 5, &it, &eb), 0);
	CHECK_INT_EQ(h, sst_skip_prefix(&it, 3, &eb), 0);
	CHECK_STR_EQ(h, it.key, "k0100");
	CHECK(h, it.payload_len == 4 && memcmp(it.payload, "0100", 4) == 0);
	CHECK_INT_EQ(h, sst_next(&it, &eb), 0);
	CHECK_STR_EQ(h, it.key, "k0101");
	for (int i = 0; i < 1000; i++)
		for (size_t n = 1; n <= 5; n++) {
			char key[8], want[8];
			int rc, next = i + 1;
			snprintf(key, sizeof key, "k%04d", i);
			while (next < 1000) { /* the first later key without the prefix */
				snprintf(want, sizeof want, "k%04d", next);
				if (memcmp(want, key, n) != 0)
					break;
				next++;
			}
			if (sst_find(&t, key, 5, &it, &eb) != 0) {
				wrong++;
				continue;
			}
			rc = sst_skip_prefix(&it, n, &eb);
			if (next == 1000)
				wrong += rc != 1;
			else
				wrong += rc != 0 || (int)it.ordinal != next || strcmp(it.key, want) != 0;
		}
	CHECK_INT_EQ(h, wrong, 0);
	sst_writer_release(&w);
	buf_release(&idx);
}

/* Every truncation and every single-byte change of the data gives either
 * a correct answer or ERR_CORRUPT, and never reads outside the table (the
 * data is copied into an exact-size allocation so ASan sees overreads). */
static void test_damage(struct harness *h)
{
	struct sst_writer w;
	struct buf idx;
	struct sst t;
	struct sst_iter it;
	struct errbuf eb;

	build_table(&w, &idx);
	for (size_t cut = 0; cut < w.data.len; cut += 7) {
		uint8_t *d = malloc(cut ? cut : 1);
		memcpy(d, w.data.data, cut);
		if (sst_open(&t, d, cut, (const uint8_t *)idx.data, idx.len, &eb) == 0) {
			int rc = sst_find(&t, "k0999", 5, &it, &eb);
			CHECK(h, rc == 0 || rc == ERR_CORRUPT || rc == ERR_NOTFOUND);
		}
		free(d);
	}
	for (size_t i = 0; i < w.data.len; i += 3) {
		uint8_t *d = malloc(w.data.len);
		memcpy(d, w.data.data, w.data.len);
		d[i] ^= 0x5a;
		if (sst_open(&t, d, w.data.len, (const uint8_t *)idx.data, idx.len, &eb) == 0) {
			int rc = sst_seek(&t, "", 0, &it, &eb);
			while (rc == 0)
				rc = sst_next(&it, &eb);
			CHECK(h, rc == 1 || rc == ERR_CORRUPT);
		}
		free(d);
	}
	/* Every single-byte change of the index (offsets, first keys and
	 * their ends): refused at open, or answers that end in order or in
	 * ERR_CORRUPT. */
	for (size_t i = 0; i < idx.len; i += 3) {
		uint8_t *x = malloc(idx.len);
		memcpy(x, idx.data, idx.len);
		x[i] ^= 0x5a;
		if (sst_open(&t, (const uint8_t *)w.data.data, w.data.len, x, idx.len, &eb) == 0) {
			int rc = sst_find(&t, "k0500", 5, &it, &eb);
			CHECK(h, rc == 0 || rc == ERR_NOTFOUND || rc == ERR_CORRUPT);
			rc = sst_seek(&t, "", 0, &it, &eb);
			while (rc == 0)
				rc = sst_next(&it, &eb);
			CHECK(h, rc == 1 || rc == ERR_CORRUPT);
		}
		free(x);
	}
	/* An index whose block count disagrees with the key count. */
	{
		uint8_t bad[12];
		memcpy(bad, idx.data, 8);
		bad[0] = 5; bad[1] = bad[2] = bad[3] = 0; /* 5 keys, but 63 blocks */
		CHECK_INT_EQ(h, sst_open(&t, (const uint8_t *)w.data.data, w.data.len,
		                         bad, 8, &eb), ERR_CORRUPT);
	}
	sst_writer_release(&w);
	buf_release(&idx);
}

/* A table read with pread from a file (sst_open_file) answers as the mapped
 * one, before and after its preads are spent; an offset damaged in the file
 * (sst_open_file validates none) is ERR_CORRUPT where it is read; tables
 * sharing a scratch keep a slot each, and more tables than slots take
 * turns in them. */
static void test_file(struct harness *h)
{
	struct sst_writer w;
	struct buf idx;
	struct sst t, m;
	struct sst_scratch scratch = { 0 };
	struct sst_iter it, mit;
	struct errbuf eb;
	char path[] = "/tmp/test_sst.XXXXXX", key[16];
	int fd = mkstemp(path), rc, same = 1;
	const uint64_t pad = 5; /* the sections do not start the file */

	build_table(&w, &idx);
	CHECK(h, fd >= 0);
	CHECK(h, pwrite(fd, "xxxxx", pad, 0) == (ssize_t)pad &&
	         pwrite(fd, w.data.data, w.data.len, (off_t)pad) == (ssize_t)w.data.len &&
	         pwrite(fd, idx.data, idx.len, (off_t)(pad + w.data.len)) == (ssize_t)idx.len);
	CHECK_INT_EQ(h, sst_open(&m, (const uint8_t *)w.data.data, w.data.len,
	                         (const uint8_t *)idx.data, idx.len, &eb), 0);
	CHECK_INT_EQ(h, sst_open_file(&t, (const uint8_t *)w.data.data, w.data.len,
	                              (const uint8_t *)idx.data, idx.len, fd, pad,
	                              pad + w.data.len, &scratch, &eb), 0);
	/* 1000 finds: the first ones read with pread, the rest mapped. */
	for (int i = 0; i < 1000 && same; i += 1) {
		int n = snprintf(key, sizeof key, "k%04d", (i * 379) % 1000);
		rc = sst_find(&t, key, (size_t)n, &it, &eb);
		same = rc == 0 && sst_find(&m, key, (size_t)n, &mit, &eb) == 0 &&
		       it.ordinal == mit.ordinal && it.payload_len == mit.payload_len &&
		       memcmp(it.payload, mit.payload, it.payload_len) == 0;
	}
	CHECK(h, same);
	CHECK_INT_EQ(h, t.preads_left, 0);
	/* Iteration from the first key, all read with pread, many blocks a
	 * read. */
	CHECK_INT_EQ(h, sst_open_file(&t, (const uint8_t *)w.data.data, w.data.len,
	                              (const uint8_t *)idx.data, idx.len, fd, pad,
	                              pad + w.data.len, &scratch, &eb), 0);
	CHECK_INT_EQ(h, sst_seek(&t, "", 0, &it, &eb), 0);
	int count = 1;
	while ((rc = sst_next(&it, &eb)) == 0)
		count++;
	CHECK_INT_EQ(h, rc, 1);
	CHECK_INT_EQ(h, count, 1000);
	CHECK(h, SST_PREAD_BLOCKS - t.preads_left <= w.data.len / (SST_PREAD_MAX / 2) + 1);
	/* A walk reads with pread into its own buffer whatever reads the
	 * table has left (none here), never the mapped bytes (zeros here),
	 * stepping and skipping prefixes. */
	{
		uint8_t *zeros = calloc(1, w.data.len), wide[SST_PREAD_MAX];
		CHECK_INT_EQ(h, sst_open_file(&t, zeros, w.data.len, (const uint8_t *)idx.data,
		                              idx.len, fd, pad, pad + w.data.len, &scratch, &eb), 0);
		t.preads_left = 0;
		CHECK_INT_EQ(h, sst_walk(&t, &it, wide, sizeof wide, &eb), 0);
		same = strcmp(it.key, "k0000") == 0;
		count = 1;
		while ((rc = sst_next(&it, &eb)) == 0) {
			snprintf(key, sizeof key, "k%04d", count++);
			same = same && strcmp(it.key, key) == 0 &&
			       it.payload_len == 4 && memcmp(it.payload, key + 1, 4) == 0;
		}
		CHECK_INT_EQ(h, rc, 1);
		CHECK_INT_EQ(h, count, 1000);
		CHECK(h, same);
		CHECK_INT_EQ(h, sst_walk(&t, &it, wide, sizeof wide, &eb), 0);
		CHECK_INT_EQ(h, sst_skip_prefix(&it, 3, &eb), 0);
		CHECK_STR_EQ(h, it.key, "k0100");
		CHECK_INT_EQ(h, sst_skip_prefix(&it, 4, &eb), 0);
		CHECK_STR_EQ(h, it.key, "k0110");
		CHECK_INT_EQ(h, sst_skip_prefix(&it, 2, &eb), 1);
		CHECK_INT_EQ(h, t.preads_left, 0);
		free(zeros);
	}
	/* A find reads one block, found by the index alone. */
	CHECK_INT_EQ(h, sst_open_file(&t, (const uint8_t *)w.data.data, w.data.len,
	                              (const uint8_t *)idx.data, idx.len, fd, pad,
	                              pad + w.data.len, &scratch, &eb), 0);
	CHECK_INT_EQ(h, sst_find(&t, "k0700", 5, &it, &eb), 0);
	CHECK_INT_EQ(h, t.preads_left, SST_PREAD_BLOCKS - 1);
	CHECK_INT_EQ(h, sst_find(&t, "k0300x", 6, &it, &eb), ERR_NOTFOUND);
	CHECK_INT_EQ(h, t.preads_left, SST_PREAD_BLOCKS - 2);
	/* A rewind reads the block found with pread again from its buffer,
	 * with no read. */
	CHECK_INT_EQ(h, sst_open_file(&t, (const uint8_t *)w.data.data, w.data.len,
	                              (const uint8_t *)idx.data, idx.len, fd, pad,
	                              pad + w.data.len, &scratch, &eb), 0);
	CHECK_INT_EQ(h, sst_find(&t, "k0537", 5, &it, &eb), 0);
	uint32_t left = t.preads_left;
	CHECK(h, left > 0 && it.buf_len > 0);
	CHECK_INT_EQ(h, sst_rewind(&it, &eb), 0);
	CHECK_STR_EQ(h, it.key, "k0528");
	CHECK_INT_EQ(h, t.preads_left, left);
	CHECK(h, it.payload_len == 4 && memcmp(it.payload, "0528", 4) == 0);
	/* Two tables of one scratch, used in turn: each keeps its slot and
	 * reads its index once. */
	CHECK_INT_EQ(h, sst_open_file(&t, (const uint8_t *)w.data.data, w.data.len,
	                              (const uint8_t *)idx.data, idx.len, fd, pad,
	                              pad + w.data.len, &scratch, &eb), 0);
	CHECK_INT_EQ(h, sst_open_file(&m, (const uint8_t *)w.data.data, w.data.len,
	                              (const uint8_t *)idx.data, idx.len, fd, pad,
	                              pad + w.data.len, &scratch, &eb), 0);
	same = 1;
	for (int i = 0; i < 2 * SST_INDEX_READS + 2 && same; i++) {
		int n = snprintf(key, sizeof key, "k%04d", (i * 379) % 1000);
		same = sst_find(&t, key, (size_t)n, &it, &eb) == 0 &&
		       sst_find(&m, key, (size_t)n, &mit, &eb) == 0 &&
		       it.ordinal == mit.ordinal && it.ordinal == (uint32_t)((i * 379) % 1000);
	}
	CHECK(h, same);
	CHECK(h, t.scratch == &scratch && t.index_reads_left == SST_INDEX_READS - 1);
	CHECK(h, m.scratch == &scratch && m.index_reads_left == SST_INDEX_READS - 1);
	CHECK(h, t.scratch_slot != m.scratch_slot);
	/* One table more than the scratch has slots, in turn: each reads its
	 * index again at its turn, and after SST_INDEX_READS reads goes on
	 * mapped, finding the same keys. */
	struct sst *many = calloc(SST_SCRATCH_SLOTS + 1, sizeof *many);
	same = many != NULL;
	for (int k = 0; same && k <= SST_SCRATCH_SLOTS; k++)
		same = sst_open_file(&many[k], (const uint8_t *)w.data.data, w.data.len,
		                     (const uint8_t *)idx.data, idx.len, fd, pad,
		                     pad + w.data.len, &scratch, &eb) == 0;
	for (int i = 0; i < SST_INDEX_READS + 2 && same; i++)
		for (int k = 0; k <= SST_SCRATCH_SLOTS && same; k++) {
			int n = snprintf(key, sizeof key, "k%04d", (i * 379 + k) % 1000);
			same = sst_find(&many[k], key, (size_t)n, &it, &eb) == 0 &&
			       it.ordinal == (uint32_t)((i * 379 + k) % 1000);
		}
	CHECK(h, same);
	/* Each went on mapped, or holds its slot still (once some went
	 * mapped, the rest fit); the first had no turn without a read. */
	int n_mapped = 0;
	for (int k = 0; same && k <= SST_SCRATCH_SLOTS; k++) {
		const struct sst *x = &many[k];
		n_mapped += x->scratch == NULL && x->index_reads_left == 0;
		same = x->scratch == NULL ||
		       (scratch.slot[x->scratch_slot].owner == x &&
		        scratch.slot[x->scratch_slot].gen == x->scratch_gen);
	}
	CHECK(h, same);
	CHECK(h, n_mapped > 0 && many[0].scratch == NULL);
	free(many);
	CHECK_INT_EQ(h, sst_find(&t, "k0001", 5, &it, &eb), 0);
	/* Block 3's offset damaged in the file only. */
	CHECK(h, pwrite(fd, "\xff\xff\xff\x7f", 4,
	                (off_t)(pad + w.data.len + SST_INDEX_HEAD + 4 * 3)) == 4);
	CHECK_INT_EQ(h, sst_open_file(&t, (const uint8_t *)w.data.data, w.data.len,
	                              (const uint8_t *)idx.data, idx.len, fd, pad,
	                              pad + w.data.len, &scratch, &eb), 0);
	CHECK_INT_EQ(h, sst_at(&t, 3 * 16, &it, &eb), ERR_CORRUPT);
	/* A file shorter than its table. */
	CHECK(h, ftruncate(fd, (off_t)(pad + 10)) == 0);
	/* Its index is read at open: the table is refused there. */
	CHECK_INT_EQ(h, sst_open_file(&t, (const uint8_t *)w.data.data, w.data.len,
	                              (const uint8_t *)idx.data, idx.len, fd, pad,
	                              pad + w.data.len, &scratch, &eb), ERR_CORRUPT);
	sst_scratch_release(&scratch);
	close(fd);
	unlink(path);
	sst_writer_release(&w);
	buf_release(&idx);
}

/* A payload of one varint: its length (sst_payload_len_fn). */
static int one_varint_len(const uint8_t *p, const uint8_t *end, uint32_t ordinal,
                          size_t *len)
{
	const uint8_t *at = p;
	uint64_t v;

	(void)ordinal;
	if (varint_read(&p, end, &v))
		return ERR_CORRUPT;
	*len = (size_t)(p - at);
	return 0;
}

/* A lengthless table of 1000 keys whose payloads are varints of i * 1000
 * (one to three bytes): lookups and a walk give every key its own
 * payload back, and the table is the 1000 lengths' bytes shorter than one
 * with lengths; a payload cut off at its block's end is refused. */
static void test_lengthless(struct harness *h)
{
	struct sst_writer w, with;
	struct buf idx = BUF_INIT, idx_with = BUF_INIT, p = BUF_INIT;
	struct sst t;
	struct sst_iter it;
	struct errbuf eb;
	char key[16];
	int wrong = 0, rc;
	uint64_t v;

	sst_writer_init(&w, 1);
	sst_writer_init(&with, 0);
	for (int i = 0; i < 1000; i++) {
		int n = snprintf(key, sizeof key, "k%04d", i);
		buf_reset(&p);
		varint_append(&p, (uint64_t)i * 1000);
		sst_writer_add(&w, key, (size_t)n, p.data, p.len, NULL);
		sst_writer_add(&with, key, (size_t)n, p.data, p.len, NULL);
	}
	sst_writer_index(&w, &idx);
	sst_writer_index(&with, &idx_with);
	CHECK_INT_EQ(h, (long long)(with.data.len - w.data.len), 1000);
	CHECK_INT_EQ(h, sst_open(&t, (const uint8_t *)w.data.data, w.data.len,
	                         (const uint8_t *)idx.data, idx.len, &eb), 0);
	t.payload_len = one_varint_len;
	CHECK_INT_EQ(h, sst_find(&t, "k0537", 5, &it, &eb), 0);
	const uint8_t *q = it.payload;
	CHECK(h, varint_read(&q, it.payload + it.payload_len, &v) == 0 && v == 537000 &&
	         q == it.payload + it.payload_len);
	rc = sst_at(&t, 0, &it, &eb);
	for (int i = 0; rc == 0; i++) {
		q = it.payload;
		wrong += varint_read(&q, it.payload + it.payload_len, &v) || v != (uint64_t)i * 1000 ||
		         q != it.payload + it.payload_len;
		rc = sst_next(&it, &eb);
	}
	CHECK_INT_EQ(h, rc, 1);
	CHECK_INT_EQ(h, wrong, 0);
	/* the last payload's last byte made a continuation byte: it runs past
	 * the table */
	w.data.data[w.data.len - 1] |= 0x80;
	CHECK_INT_EQ(h, sst_find(&t, "k0999", 5, &it, &eb), ERR_CORRUPT);
	CHECK(h, strstr(eb.msg, "bad payload") != NULL);
	sst_writer_release(&w);
	sst_writer_release(&with);
	buf_release(&idx);
	buf_release(&idx_with);
	buf_release(&p);
}

/* Key heads (format.h SST_HEAD_*): an entry whose shared prefix is at most
 * 15 bytes and whose suffix is shorter than 15 takes one byte for both
 * lengths, any other a marker byte and two varints; every key of a table
 * mixing both comes back whole, and a head byte that is neither is
 * refused. */
static void test_key_heads(struct harness *h)
{
	struct sst_writer w;
	struct buf idx = BUF_INIT;
	struct sst t;
	struct sst_iter it;
	struct errbuf eb;
	char keys[8][SST_MAX_KEY + 1], c15[16];
	/* per key after the first: its head's bytes */
	const size_t head[8] = { 0, 1, 3, 1, 3, 1, 4, 4 };
	size_t expect = 1, n_keys = 8; /* the first key's payload length byte */
	int wrong = 0, rc;

	memset(c15, 'c', 15);
	c15[15] = '\0';
	snprintf(keys[0], sizeof keys[0], "a");
	snprintf(keys[1], sizeof keys[1], "bbbbbbbbbbbbbb");   /* prefix 0, suffix 14 */
	snprintf(keys[2], sizeof keys[2], "%sddddddddddddd", c15); /* 0, 28 */
	snprintf(keys[3], sizeof keys[3], "%seeeeeeeeeeeeee", c15); /* 15, 14 */
	snprintf(keys[4], sizeof keys[4], "%sfffffffffffffff", c15); /* 15, 15 */
	snprintf(keys[5], sizeof keys[5], "%sga", c15);             /* 15, 2 */
	snprintf(keys[6], sizeof keys[6], "%sgb%0199d", c15, 0);    /* 16, 200 */
	memcpy(keys[7], keys[6], 216);                              /* 216, 1 */
	memcpy(keys[7] + 216, "1", 2);
	sst_writer_init(&w, 0);
	for (size_t i = 0; i < n_keys; i++) {
		CHECK_INT_EQ(h, sst_writer_add(&w, keys[i], strlen(keys[i]), "", 0, &eb), 0);
		if (i)
			expect += head[i] + 1; /* and the payload length byte */
	}
	/* the suffixes' nine bytes each take a nibble */
	expect += (14 + 1) / 2 + (28 + 1) / 2 + (14 + 1) / 2 + (15 + 1) / 2 + (2 + 1) / 2 +
	          (200 + 1) / 2 + (1 + 1) / 2;
	sst_writer_index(&w, &idx);
	CHECK_INT_EQ(h, (long long)w.data.len, (long long)expect);
	CHECK_INT_EQ(h, (uint8_t)w.data.data[1], 14 << SST_HEAD_BITS);
	CHECK_INT_EQ(h, sst_open(&t, (const uint8_t *)w.data.data, w.data.len,
	                         (const uint8_t *)idx.data, idx.len, &eb), 0);
	rc = sst_at(&t, 0, &it, &eb);
	for (size_t i = 0; rc == 0; i++) {
		wrong += i >= n_keys || strcmp(it.key, keys[i]) != 0;
		rc = sst_next(&it, &eb);
	}
	CHECK_INT_EQ(h, rc, 1);
	CHECK_INT_EQ(h, wrong, 0);
	for (size_t i = 0; i < n_keys; i++)
		wrong += sst_find(&t, keys[i], strlen(keys[i]), &it, &eb) != 0 ||
		         it.ordinal != i;
	CHECK_INT_EQ(h, wrong, 0);
	/* the marker's suffix field with a prefix length in its low bits */
	w.data.data[1] = (char)(SST_HEAD_LONG | 1);
	CHECK_INT_EQ(h, sst_find(&t, keys[1], strlen(keys[1]), &it, &eb), ERR_CORRUPT);
	CHECK(h, strstr(eb.msg, "bad key head") != NULL);
	sst_writer_release(&w);
	buf_release(&idx);
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Suffix nibbles (format.h SST_NIBBLE_*): 3,000 keys of random bytes
 * (1..255, so that strcmp orders them as the table does) come back whole
 * from a walk and from lookups, whether their bytes are among the
 * table's fifteen commonest or escaped; the symbols are those fifteen; a
 * suffix whose nibbles run past its block is refused. */
static void test_suffix_nibbles(struct harness *h)
{
	enum { N = 3000, LEN = 12 };
	static char keys[N][LEN + 1];
	struct sst_writer w;
	struct buf idx = BUF_INIT;
	struct sst t;
	struct sst_iter it;
	struct errbuf eb;
	uint64_t x = 42;
	uint32_t count[256] = { 0 };
	size_t n = 0;
	int wrong = 0, rc;

	for (int i = 0; i < N; i++) {
		int len = 1 + i % LEN;
		for (int j = 0; j < len; j++) {
			x = x * 6364136223846793005u + 1442695040888963407u;
			/* half the bytes from "abcdefgh", the rest anything */
			keys[i][j] = x >> 63 ? "abcdefgh"[x >> 40 & 7] : (char)(1 + (x >> 33) % 255);
		}
		keys[i][len] = '\0';
	}
	qsort(keys, N, sizeof keys[0], cmp_key);
	sst_writer_init(&w, 0);
	for (int i = 0; i < N; i++) {
		if (n && strcmp(keys[i], keys[n - 1]) == 0)
			continue;
		memmove(keys[n], keys[i], sizeof keys[0]);
		CHECK_INT_EQ(h, sst_writer_add(&w, keys[n], strlen(keys[n]), keys[n], 1, &eb), 0);
		n++;
	}
	memcpy(count, w.suffix_bytes, sizeof count);
	sst_writer_index(&w, &idx);
	CHECK_INT_EQ(h, sst_open(&t, (const uint8_t *)w.data.data, w.data.len,
	                         (const uint8_t *)idx.data, idx.len, &eb), 0);
	/* "abcdefgh" are the commonest eight, then seven others */
	for (int k = 0; k < 8; k++)
		wrong += memchr(t.symbols, "abcdefgh"[k], 8) == NULL;
	for (int k = 1; k < SST_NIBBLE_SYMBOLS; k++)
		wrong += count[t.symbols[k]] > count[t.symbols[k - 1]];
	CHECK_INT_EQ(h, wrong, 0);
	rc = sst_at(&t, 0, &it, &eb);
	for (size_t i = 0; rc == 0; i++) {
		wrong += i >= n || strcmp(it.key, keys[i]) != 0 || it.payload_len != 1 ||
		         it.payload[0] != (uint8_t)keys[i][0];
		rc = sst_next(&it, &eb);
	}
	CHECK_INT_EQ(h, rc, 1);
	for (size_t i = 0; i < n; i += 7)
		wrong += sst_find(&t, keys[i], strlen(keys[i]), &it, &eb) != 0 || it.ordinal != i;
	CHECK_INT_EQ(h, wrong, 0);
	/* The table cut inside the last key's nibbles (its block is not the
	 * first: its head, nibbles, payload length and payload end the data). */
	size_t prefix = 0, nibbles = 0, data_len;
	while (keys[n - 1][prefix] == keys[n - 2][prefix])
		prefix++;
	for (const char *c = keys[n - 1] + prefix; *c; c++)
		nibbles += memchr(t.symbols, *c, SST_NIBBLE_SYMBOLS) ? 1 : 3;
	data_len = w.data.len - 2 - (nibbles + 1) / 2;
	CHECK_INT_EQ(h, (uint8_t)w.data.data[data_len - 1],
	             (int)((strlen(keys[n - 1]) - prefix) << SST_HEAD_BITS | prefix));
	CHECK_INT_EQ(h, sst_open(&t, (const uint8_t *)w.data.data, data_len + (nibbles + 1) / 2 - 1,
	                         (const uint8_t *)idx.data, idx.len, &eb), 0);
	CHECK_INT_EQ(h, sst_at(&t, (uint32_t)n - 1, &it, &eb), ERR_CORRUPT);
	CHECK(h, strstr(eb.msg, "truncated key") || strstr(eb.msg, "bad key length"));
	sst_writer_release(&w);
	buf_release(&idx);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_sst");

	HARNESS_RUN(&h, test_find_seek_at);
	HARNESS_RUN(&h, test_skip_prefix);
	HARNESS_RUN(&h, test_damage);
	HARNESS_RUN(&h, test_file);
	HARNESS_RUN(&h, test_lengthless);
	HARNESS_RUN(&h, test_key_heads);
	HARNESS_RUN(&h, test_suffix_nibbles);
	return harness_finish(&h);
}
