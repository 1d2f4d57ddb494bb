/* index.c: opening an index directory and typed, bounds-checked access to
 * its segment (see index.h; the format is format.h's). */
#include "_index.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "clause_kind.h"
#include "codec.h"
#include "xalloc.h"

#define MANIFEST_MAX_SIZE (1u << 20) /* a MANIFEST is well under 1 KiB */

/* Segment sections a reader of this version needs. */
static const uint32_t required_sections[] = {
	SEC_STATS, SEC_TERMS, SEC_TERMS_INDEX, SEC_POSTINGS, SEC_POSITIONS,
	SEC_CLAUSES, SEC_DOCS, SEC_STRINGS, SEC_TEXT, SEC_TEXT_INDEX,
	SEC_FOLDED, SEC_FOLDED_INDEX, SEC_KEYS, SEC_KEYS_INDEX, SEC_LENGTHS,
	SEC_CITES,
	SEC_TEXT_DICT,
};

/* Sections whose checksum index_open always verifies: the small ones used
 * to locate everything else. Records (clauses, documents, text blocks) are
 * checked on access instead, so a large index opens without reading them:
 * a text block's entry is bounds-checked and its inflated bytes checked
 * against the entry's CRC (index_text.c), which a damaged entry or a
 * damaged TEXT_DICT fails too (checksumming the 32 KiB dictionary at every
 * open cost about 0.1 ms, a query that prints no text does not need it). */
static const uint32_t metadata_sections[] = {
	SEC_STATS, SEC_TERMS_INDEX, SEC_KEYS_INDEX, SEC_FOLDED_INDEX,
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *index_section_name(uint32_t id)
{
	switch (id) {
	case SEC_MANIFEST: return "MANIFEST";
	case SEC_STATS: return "STATS";
	case SEC_TERMS: return "TERMS";
	case SEC_TERMS_INDEX: return "TERMS_INDEX";
	case SEC_POSTINGS: return "POSTINGS";
	case SEC_POSITIONS: return "POSITIONS";
	case SEC_CLAUSES: return "CLAUSES";
	case SEC_DOCS: return "DOCS";
	case SEC_STRINGS: return "STRINGS";
	case SEC_TEXT: return "TEXT";
	case SEC_TEXT_INDEX: return "TEXT_INDEX";
	case SEC_FOLDED: return "FOLDED";
	case SEC_FOLDED_INDEX: return "FOLDED_INDEX";
	case SEC_KEYS: return "KEYS";
	case SEC_KEYS_INDEX: return "KEYS_INDEX";
	case SEC_LENGTHS: return "LENGTHS";
	case SEC_CITES: return "CITES";
	case SEC_TEXT_DICT: return "TEXT_DICT";
	}
	return "?";
}

int index_corrupt(const struct index *ix, uint32_t sec, struct errbuf *eb,
                  const char *fmt, ...)
{
	char what[ERRBUF_SIZE];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return errbuf_set(eb, ERR_CORRUPT, "%s: section %s: %s", ix->seg_path,
	                  index_section_name(sec), what);
}

/* An error from sst.c or codec.c already in eb: name the file and section. */
static int index_wrap(const struct index *ix, uint32_t sec, int rc,
                      struct errbuf *eb)
{
	return errbuf_prefix(eb, rc, "%s: section %s", ix->seg_path,
	                     index_section_name(sec));
}

uint32_t index_crc(const uint8_t *p, uint64_t len)
{
	uLong crc = crc32(0L, Z_NULL, 0);

	while (len > 0) {
		uInt chunk = len > (1u << 30) ? (1u << 30) : (uInt)len;
		crc = crc32(crc, p, chunk);
		p += chunk;
		len -= chunk;
	}
	return (uint32_t)crc;
}

int index_section_verify(const struct index *ix, uint32_t k,
                         struct errbuf *eb)
{
	const struct index_section *s = &ix->table[k];

	if (index_crc(ix->map + s->offset, s->length) != s->crc)
		return index_corrupt(ix, s->id, eb, "checksum mismatch");
	return 0;
}

/* Validate a file's header and section table (format.h "Every file") and
 * copy the table out. Messages name path. */
static int file_parse(const char *path, const uint8_t *d, size_t len,
                      uint32_t kind, struct index_section *table,
                      uint32_t *n_table, struct errbuf *eb)
{
	uint32_t n, version;
	uint64_t table_end, prev_end;

	if (len < FILE_HEADER_SIZE)
		return errbuf_set(eb, ERR_CORRUPT, "%s: header: file of %zu bytes is too short",
		                  path, len);
	if (memcmp(d + HDR_MAGIC, FORMAT_MAGIC, FORMAT_MAGIC_LEN) != 0)
		return errbuf_set(eb, ERR_CORRUPT, "%s: header: not an unsearch index file", path);
	if (memcmp(d + HDR_SENTINEL, FORMAT_SENTINEL, FORMAT_SENTINEL_LEN) != 0)
		return errbuf_set(eb, ERR_CORRUPT,
		                  "%s: header: damaged sentinel (text-mode transfer?)", path);
	version = load_u32(d + HDR_VERSION);
	if (version != FORMAT_VERSION)
		return errbuf_set(eb, ERR_VERSION,
		                  "%s: format version %u; this unsearch reads version %d",
		                  path, version, FORMAT_VERSION);
	if (index_crc(d, HDR_HEADER_CRC) != load_u32(d + HDR_HEADER_CRC))
		return errbuf_set(eb, ERR_CORRUPT, "%s: header: checksum mismatch", path);
	if (load_u32(d + HDR_KIND) != kind)
		return errbuf_set(eb, ERR_CORRUPT, "%s: header: file kind %u, expected %u",
		                  path, load_u32(d + HDR_KIND), kind);
	n = load_u32(d + HDR_NSECTIONS);
	if (n > MAX_SECTIONS)
		return errbuf_set(eb, ERR_CORRUPT, "%s: header: %u sections, at most %d",
		                  path, n, MAX_SECTIONS);
	table_end = FILE_HEADER_SIZE + (uint64_t)n * SECTION_ENTRY_SIZE;
	if (table_end > len)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section table runs past the end of the file",
		                  path);
	if (index_crc(d + FILE_HEADER_SIZE, table_end - FILE_HEADER_SIZE) !=
	    load_u32(d + HDR_TABLE_CRC))
		return errbuf_set(eb, ERR_CORRUPT, "%s: section table: checksum mismatch", path);
	prev_end = table_end;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *e = d + FILE_HEADER_SIZE + (size_t)i * SECTION_ENTRY_SIZE;
		struct index_section *s = &table[i];

		s->id = load_u32(e + SECT_ID);
		s->crc = load_u32(e + SECT_CRC);
		s->offset = load_u64(e + SECT_OFFSET);
		s->length = load_u64(e + SECT_LENGTH);
		if (s->offset > len || s->length > len - s->offset)
			return errbuf_set(eb, ERR_CORRUPT,
			                  "%s: section %s: bytes %llu+%llu lie outside the file (%zu bytes)",
			                  path, index_section_name(s->id),
			                  (unsigned long long)s->offset,
			                  (unsigned long long)s->length, len);
		if (s->offset < prev_end)
			return errbuf_set(eb, ERR_CORRUPT,
			                  "%s: section %s: offset %llu overlaps what precedes it",
			                  path, index_section_name(s->id),
			                  (unsigned long long)s->offset);
		for (uint32_t j = 0; j < i; j++)
			if (table[j].id == s->id)
				return errbuf_set(eb, ERR_CORRUPT, "%s: section %s: listed twice",
				                  path, index_section_name(s->id));
		prev_end = s->offset + s->length;
	}
	*n_table = n;
	return 0;
}

/* Read the whole MANIFEST into *data (caller frees). */
static int manifest_read(const char *dir, const char *path, uint8_t **data,
                         size_t *len, struct errbuf *eb)
{
	struct buf b = BUF_INIT;
	/* O_NONBLOCK: a FIFO in place of the file must not hang the reader. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;

	if (fd < 0) {
		int e = errno;
		if (e == ENOENT || e == ENOTDIR)
			return errbuf_set(eb, ERR_NOTFOUND, "no index at %s", dir);
		return errbuf_set(eb, ERR_IO, "open %s: %s", path, strerror(e));
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return errbuf_set(eb, ERR_CORRUPT, "%s: not a regular file", path);
	}
	for (;;) {
		ssize_t got;
		buf_reserve(&b, 4096);
		got = read(fd, b.data + b.len, 4096);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			close(fd);
			buf_release(&b);
			return errbuf_set(eb, ERR_IO, "read %s: %s", path, strerror(e));
		}
		if (got == 0)
			break;
		b.len += (size_t)got;
		if (b.len > MANIFEST_MAX_SIZE) {
			close(fd);
			buf_release(&b);
			return errbuf_set(eb, ERR_CORRUPT, "%s: larger than %u bytes",
			                  path, MANIFEST_MAX_SIZE);
		}
	}
	close(fd);
	*data = (uint8_t *)buf_detach(&b, len);
	return 0;
}

/* What the manifest says about the one segment. */
struct manifest_segment {
	char name[256];
	uint64_t file_size;
	uint32_t n_docs, n_clauses;
};

static int manifest_parse(const char *path, const uint8_t *d, size_t len,
                          struct manifest_segment *seg, struct errbuf *eb)
{
	struct index_section table[MAX_SECTIONS];
	uint32_t n_table, n_seg, name_len;
	const uint8_t *p = NULL, *end = NULL;
	int rc = file_parse(path, d, len, FILE_KIND_MANIFEST, table, &n_table, eb);

	if (rc)
		return rc;
	for (uint32_t i = 0; i < n_table; i++) {
		if (table[i].id != SEC_MANIFEST)
			continue;
		if (index_crc(d + table[i].offset, table[i].length) != table[i].crc)
			return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: checksum mismatch",
			                  path);
		p = d + table[i].offset;
		end = p + table[i].length;
	}
	if (!p)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: missing", path);
	if (end - p < 12)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: too short", path);
	n_seg = load_u32(p + 8);
	p += 12;
	if (n_seg > 1)
		return errbuf_set(eb, ERR_VERSION,
		                  "%s: index has %u segments; this unsearch reads 1",
		                  path, n_seg);
	if (n_seg == 0)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: no segment listed", path);
	if (end - p < 4)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: truncated", path);
	name_len = load_u32(p);
	p += 4;
	if (name_len == 0 || name_len >= sizeof seg->name ||
	    (size_t)(end - p) < (size_t)name_len + 16)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: bad segment name length %u",
		                  path, name_len);
	memcpy(seg->name, p, name_len);
	seg->name[name_len] = '\0';
	p += name_len;
	seg->file_size = load_u64(p);
	seg->n_docs = load_u32(p + 8);
	seg->n_clauses = load_u32(p + 12);
	p += 16;
	if (p != end)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: trailing bytes", path);
	if (strlen(seg->name) != name_len || strchr(seg->name, '/') ||
	    strcmp(seg->name, "..") == 0 || strcmp(seg->name, ".") == 0 ||
	    name_len <= strlen(SEGMENT_SUFFIX) ||
	    strcmp(seg->name + name_len - strlen(SEGMENT_SUFFIX), SEGMENT_SUFFIX) != 0)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: bad segment name '%s'",
		                  path, seg->name);
	return 0;
}

/* Map the segment read-only and validate its header and table. */
static int segment_map(struct index *ix, const struct manifest_segment *seg,
                       struct errbuf *eb)
{
	struct stat st;
	int rc;

	ix->fd = open(ix->seg_path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (ix->fd < 0) {
		int e = errno;
		return errbuf_set(eb, e == ENOENT ? ERR_CORRUPT : ERR_IO,
		                  "open %s (listed in MANIFEST): %s", ix->seg_path,
		                  strerror(e));
	}
	if (fstat(ix->fd, &st) != 0)
		return errbuf_set(eb, ERR_IO, "stat %s: %s", ix->seg_path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return errbuf_set(eb, ERR_CORRUPT, "%s: not a regular file", ix->seg_path);
	if ((uint64_t)st.st_size != seg->file_size)
		return errbuf_set(eb, ERR_CORRUPT, "%s: %llu bytes, MANIFEST says %llu (truncated?)",
		                  ix->seg_path, (unsigned long long)st.st_size,
		                  (unsigned long long)seg->file_size);
	if (st.st_size < FILE_HEADER_SIZE)
		return errbuf_set(eb, ERR_CORRUPT, "%s: header: file of %llu bytes is too short",
		                  ix->seg_path, (unsigned long long)st.st_size);
	ix->map_len = (size_t)st.st_size;
	ix->map = mmap(NULL, ix->map_len, PROT_READ, MAP_SHARED, ix->fd, 0);
	if (ix->map == MAP_FAILED) {
		ix->map = NULL;
		return errbuf_set(eb, ERR_IO, "mmap %s: %s", ix->seg_path, strerror(errno));
	}
	rc = file_parse(ix->seg_path, ix->map, ix->map_len, FILE_KIND_SEGMENT,
	                ix->table, &ix->n_table, eb);
	if (rc)
		return rc;
	for (uint32_t i = 0; i < ix->n_table; i++) {
		const struct index_section *s = &ix->table[i];
		if (s->id <= INDEX_MAX_SECTION_ID) {
			ix->sec[s->id] = ix->map + s->offset;
			ix->sec_len[s->id] = s->length;
		}
	}
	for (size_t i = 0; i < COUNT(required_sections); i++)
		if (!ix->sec[required_sections[i]])
			return index_corrupt(ix, required_sections[i], eb, "missing");
	for (uint32_t i = 0; i < ix->n_table; i++) {
		int verify = ix->map_len <= INDEX_VERIFY_LIMIT;
		for (size_t j = 0; !verify && j < COUNT(metadata_sections); j++)
			verify = ix->table[i].id == metadata_sections[j];
		if (verify && (rc = index_section_verify(ix, i, eb)))
			return rc;
	}
	return 0;
}

/* A string offset from a record: inside SEC_STRINGS (which ends in NUL, so
 * the string is terminated) or NO_STRING. */
static int string_ok(const struct index *ix, uint32_t off)
{
	return off == NO_STRING || off < ix->sec_len[SEC_STRINGS];
}

/* Check the fixed-size sections against SEC_STATS and each other. */
static int segment_validate(struct index *ix, const struct manifest_segment *seg,
                            struct errbuf *eb)
{
	const uint8_t *st = ix->sec[SEC_STATS];
	struct index_stats *s = &ix->stats;
	uint64_t strings_len = ix->sec_len[SEC_STRINGS];
	int rc;

	if (ix->sec_len[SEC_STATS] != STATS_SIZE)
		return index_corrupt(ix, SEC_STATS, eb, "%llu bytes, expected %d",
		                     (unsigned long long)ix->sec_len[SEC_STATS], STATS_SIZE);
	s->n_docs = load_u32(st + STATS_N_DOCS);
	s->n_clauses = load_u32(st + STATS_N_CLAUSES);
	s->n_tokens = load_u64(st + STATS_N_TOKENS);
	s->n_terms = load_u32(st + STATS_N_TERMS);
	s->n_text_blocks = load_u32(st + STATS_N_TEXT_BLOCKS);
	s->avg_clause_len = s->n_clauses ? (double)s->n_tokens / s->n_clauses : 0;
	if (s->n_docs != seg->n_docs || s->n_clauses != seg->n_clauses)
		return index_corrupt(ix, SEC_STATS, eb,
		                     "%u docs and %u clauses, MANIFEST says %u and %u",
		                     s->n_docs, s->n_clauses, seg->n_docs, seg->n_clauses);
	if (ix->sec_len[SEC_CLAUSES] != (uint64_t)s->n_clauses * CLAUSE_RECORD_SIZE)
		return index_corrupt(ix, SEC_CLAUSES, eb, "%llu bytes for %u clauses",
		                     (unsigned long long)ix->sec_len[SEC_CLAUSES], s->n_clauses);
	if (ix->sec_len[SEC_LENGTHS] != (uint64_t)s->n_clauses * LENGTH_SIZE)
		return index_corrupt(ix, SEC_LENGTHS, eb, "%llu bytes for %u clauses",
		                     (unsigned long long)ix->sec_len[SEC_LENGTHS], s->n_clauses);
	if (ix->sec_len[SEC_DOCS] != (uint64_t)s->n_docs * DOC_RECORD_SIZE)
		return index_corrupt(ix, SEC_DOCS, eb, "%llu bytes for %u documents",
		                     (unsigned long long)ix->sec_len[SEC_DOCS], s->n_docs);
	if (ix->sec_len[SEC_CITES] % CITE_RECORD_SIZE)
		return index_corrupt(ix, SEC_CITES, eb, "%llu bytes, not whole records",
		                     (unsigned long long)ix->sec_len[SEC_CITES]);
	if (ix->sec_len[SEC_TEXT_INDEX] != (uint64_t)s->n_text_blocks * TEXTIDX_ENTRY_SIZE)
		return index_corrupt(ix, SEC_TEXT_INDEX, eb, "%llu bytes for %u text blocks",
		                     (unsigned long long)ix->sec_len[SEC_TEXT_INDEX],
		                     s->n_text_blocks);
	if (strings_len && ix->sec[SEC_STRINGS][strings_len - 1] != '\0')
		return index_corrupt(ix, SEC_STRINGS, eb, "last string not NUL-terminated");
	if (ix->sec_len[SEC_TEXT_DICT] > TEXT_DICT_MAX)
		return index_corrupt(ix, SEC_TEXT_DICT, eb, "%llu bytes, the format allows %d",
		                     (unsigned long long)ix->sec_len[SEC_TEXT_DICT],
		                     TEXT_DICT_MAX);
	if ((rc = sst_open(&ix->terms, ix->sec[SEC_TERMS], ix->sec_len[SEC_TERMS],
	                   ix->sec[SEC_TERMS_INDEX], ix->sec_len[SEC_TERMS_INDEX], eb)))
		return index_wrap(ix, SEC_TERMS_INDEX, rc, eb);
	if ((rc = sst_open(&ix->folded, ix->sec[SEC_FOLDED], ix->sec_len[SEC_FOLDED],
	                   ix->sec[SEC_FOLDED_INDEX], ix->sec_len[SEC_FOLDED_INDEX], eb)))
		return index_wrap(ix, SEC_FOLDED_INDEX, rc, eb);
	if ((rc = sst_open(&ix->keys, ix->sec[SEC_KEYS], ix->sec_len[SEC_KEYS],
	                   ix->sec[SEC_KEYS_INDEX], ix->sec_len[SEC_KEYS_INDEX], eb)))
		return index_wrap(ix, SEC_KEYS_INDEX, rc, eb);
	if (ix->terms.n_keys != s->n_terms)
		return index_corrupt(ix, SEC_TERMS_INDEX, eb, "%u terms, STATS says %u",
		                     ix->terms.n_keys, s->n_terms);
	return 0;
}

int index_open(const char *dir, struct index **out, struct errbuf *eb)
{
	struct manifest_segment seg;
	struct index *ix;
	struct buf path = BUF_INIT;
	uint8_t *man = NULL;
	size_t man_len = 0;
	int rc;

	*out = NULL;
	buf_printf(&path, "%s/%s", dir, MANIFEST_NAME);
	rc = manifest_read(dir, path.data, &man, &man_len, eb);
	if (!rc)
		rc = manifest_parse(path.data, man, man_len, &seg, eb);
	free(man);
	buf_release(&path);
	if (rc)
		return rc;
	ix = xcalloc(1, sizeof *ix);
	ix->fd = -1;
	ix->dir = xstrdup(dir);
	buf_printf(&path, "%s/%s", dir, seg.name);
	ix->seg_path = buf_detach(&path, NULL);
	rc = segment_map(ix, &seg, eb);
	if (!rc)
		rc = segment_validate(ix, &seg, eb);
	if (rc) {
		index_close(ix);
		return rc;
	}
	*out = ix;
	return 0;
}

void index_close(struct index *ix)
{
	if (!ix)
		return;
	if (ix->map)
		munmap(ix->map, ix->map_len);
	if (ix->fd >= 0)
		close(ix->fd);
	index_text_release(ix);
	free(ix->dir);
	free(ix->seg_path);
	free(ix);
}

const struct index_stats *index_stats(const struct index *ix)
{
	return &ix->stats;
}

const char *index_segment_path(const struct index *ix)
{
	return ix->seg_path;
}

int index_term_find(struct index *ix, const char *term, size_t len,
                    uint32_t *term_id, struct errbuf *eb)
{
	struct sst_iter it;
	int rc = sst_find(&ix->terms, term, len, &it, eb);

	if (rc == ERR_NOTFOUND)
		return errbuf_set(eb, rc, "no term '%.*s'", (int)len, term);
	if (rc)
		return index_wrap(ix, SEC_TERMS, rc, eb);
	*term_id = it.ordinal;
	return 0;
}

int index_term_info(struct index *ix, uint32_t term_id, struct term_info *ti,
                    struct errbuf *eb)
{
	struct sst_iter it;
	const uint8_t *p, *end;
	int rc = sst_at(&ix->terms, term_id, &it, eb);

	if (rc == ERR_NOTFOUND)
		return errbuf_set(eb, rc, "no term id %u", term_id);
	if (rc)
		return index_wrap(ix, SEC_TERMS, rc, eb);
	memcpy(ix->term, it.key, it.key_len + 1);
	ti->term = ix->term;
	ti->term_len = it.key_len;
	p = it.payload;
	end = p + it.payload_len;
	if (varint_read_u32(&p, end, &ti->df) ||
	    varint_read(&p, end, &ti->postings_off) ||
	    varint_read(&p, end, &ti->postings_len) ||
	    varint_read(&p, end, &ti->positions_off) ||
	    varint_read(&p, end, &ti->positions_len) || p != end)
		return index_corrupt(ix, SEC_TERMS, eb, "term %u: bad payload", term_id);
	if (ti->df == 0 || ti->df > ix->stats.n_clauses)
		return index_corrupt(ix, SEC_TERMS, eb, "term %u: df %u out of range",
		                     term_id, ti->df);
	if (ti->postings_off > ix->sec_len[SEC_POSTINGS] ||
	    ti->postings_len > ix->sec_len[SEC_POSTINGS] - ti->postings_off)
		return index_corrupt(ix, SEC_TERMS, eb,
		                     "term %u: postings outside section POSTINGS", term_id);
	if (ti->positions_off > ix->sec_len[SEC_POSITIONS] ||
	    ti->positions_len > ix->sec_len[SEC_POSITIONS] - ti->positions_off)
		return index_corrupt(ix, SEC_TERMS, eb,
		                     "term %u: positions outside section POSITIONS", term_id);
	return 0;
}

int index_lexicon_decode(const struct index *ix, uint32_t sec,
                         const uint8_t *p, size_t len, uint32_t **ids,
                         size_t *n, size_t *cap, struct errbuf *eb)
{
	const uint8_t *end = p + len;
	uint64_t count, id = 0, v;

	if (varint_read(&p, end, &count) || count == 0 || count > (uint64_t)(end - p))
		return index_corrupt(ix, sec, eb, "bad term list");
	*ids = xgrow(*ids, cap, *n + (size_t)count, sizeof **ids);
	for (uint64_t i = 0; i < count; i++) {
		if (varint_read(&p, end, &v) || (i > 0 && v == 0))
			return index_corrupt(ix, sec, eb, "bad term list");
		id = i ? id + v : v;
		if (id >= ix->stats.n_terms)
			return index_corrupt(ix, sec, eb, "term id %llu out of range",
			                     (unsigned long long)id);
		(*ids)[(*n)++] = (uint32_t)id;
	}
	if (p != end)
		return index_corrupt(ix, sec, eb, "trailing bytes after a term list");
	return 0;
}

/* The term ids of one key of the lexicon t (section sec); none if absent. */
static int lexicon_terms(struct index *ix, const struct sst *t, uint32_t sec,
                         const char *key, size_t len, uint32_t **ids,
                         size_t *n, struct errbuf *eb)
{
	struct sst_iter it;
	size_t cap = 0;
	int rc = sst_find(t, key, len, &it, eb);

	*ids = NULL;
	*n = 0;
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc)
		return index_wrap(ix, sec, rc, eb);
	rc = index_lexicon_decode(ix, sec, it.payload, it.payload_len, ids, n,
	                          &cap, eb);
	if (rc) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return rc;
}

int index_key_terms(struct index *ix, const char *key, size_t len,
                    uint32_t **ids, size_t *n, struct errbuf *eb)
{
	return lexicon_terms(ix, &ix->keys, SEC_KEYS, key, len, ids, n, eb);
}

int index_folded_terms(struct index *ix, const char *word, size_t len,
                       uint32_t **ids, size_t *n, struct errbuf *eb)
{
	return lexicon_terms(ix, &ix->folded, SEC_FOLDED, word, len, ids, n, eb);
}

int index_folded_each(struct index *ix, index_word_fn fn, void *ctx,
                      struct errbuf *eb)
{
	struct sst_iter it;
	int rc = sst_seek(&ix->folded, "", 0, &it, eb);

	while (rc == 0) {
		if ((rc = fn(ctx, it.key, it.key_len)))
			return rc;
		rc = sst_next(&it, eb);
	}
	return rc < 0 ? index_wrap(ix, SEC_FOLDED, rc, eb) : 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

int index_prefix_terms(struct index *ix, const char *prefix, size_t len,
                       size_t max_words, uint32_t **ids, size_t *n,
                       int *capped, struct errbuf *eb)
{
	struct sst_iter it;
	size_t cap = 0, words = 0, u = 0;
	int rc = sst_seek(&ix->folded, prefix, len, &it, eb);

	*ids = NULL;
	*n = 0;
	*capped = 0;
	if (rc < 0)
		return index_wrap(ix, SEC_FOLDED, rc, eb);
	while (rc == 0 && it.key_len >= len && memcmp(it.key, prefix, len) == 0) {
		if (words == max_words) {
			*capped = 1;
			break;
		}
		rc = index_lexicon_decode(ix, SEC_FOLDED, it.payload, it.payload_len,
		                          ids, n, &cap, eb);
		if (rc)
			break;
		words++;
		if ((rc = sst_next(&it, eb)) < 0)
			rc = index_wrap(ix, SEC_FOLDED, rc, eb);
	}
	if (rc < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return rc;
	}
	if (*n) {
		qsort(*ids, *n, sizeof **ids, cmp_u32);
		for (size_t i = 0; i < *n; i++)
			if (u == 0 || (*ids)[i] != (*ids)[u - 1])
				(*ids)[u++] = (*ids)[i];
		*n = u;
	}
	return 0;
}

uint32_t index_clause_len(const struct index *ix, uint32_t clause_id)
{
	return load_u16(ix->sec[SEC_LENGTHS] + (size_t)clause_id * LENGTH_SIZE);
}

static const char *string_at(const struct index *ix, uint32_t off)
{
	return off == NO_STRING ? NULL : (const char *)ix->sec[SEC_STRINGS] + off;
}

/* Check clause c's record against the sections it points into. Done on
 * every access (cheap) rather than for all clauses at open, so opening a
 * large index reads none of its clause table; index_check walks them all. */
int index_clause_check(const struct index *ix, uint32_t c, struct errbuf *eb)
{
	const struct index_stats *s = &ix->stats;
	const uint8_t *r = ix->sec[SEC_CLAUSES] + (size_t)c * CLAUSE_RECORD_SIZE;
	uint32_t block = load_u32(r + CLAUSE_TEXT_BLOCK);
	uint32_t len = load_u16(r + CLAUSE_TEXT_LEN);

	if (load_u32(r + CLAUSE_DOC) >= s->n_docs || block >= s->n_text_blocks ||
	    !string_ok(ix, load_u32(r + CLAUSE_LABEL)) || r[CLAUSE_KIND] >= CLAUSE_KIND_COUNT)
		return index_corrupt(ix, SEC_CLAUSES, eb, "clause %u: bad document, "
		                     "text block, label or kind", c);
	if ((uint64_t)load_u16(r + CLAUSE_TEXT_OFF) + len >
	    load_u32(ix->sec[SEC_TEXT_INDEX] + (size_t)block * TEXTIDX_ENTRY_SIZE +
	             TEXTIDX_RAW_LEN))
		return index_corrupt(ix, SEC_CLAUSES, eb,
		                     "clause %u: text runs past its block", c);
	if ((uint32_t)load_u16(r + CLAUSE_EMPH_START) + load_u16(r + CLAUSE_EMPH_LEN) > len)
		return index_corrupt(ix, SEC_CLAUSES, eb,
		                     "clause %u: emphasis runs past its text", c);
	return 0;
}

int index_clause_record(const struct index *ix, uint32_t clause_id,
                        const uint8_t **rec, struct errbuf *eb)
{
	int rc;

	if (clause_id >= ix->stats.n_clauses)
		return errbuf_set(eb, ERR_NOTFOUND, "no clause %u", clause_id);
	if ((rc = index_clause_check(ix, clause_id, eb)))
		return rc;
	*rec = ix->sec[SEC_CLAUSES] + (size_t)clause_id * CLAUSE_RECORD_SIZE;
	return 0;
}

int index_clause(const struct index *ix, uint32_t clause_id,
                 struct clause_info *ci, struct errbuf *eb)
{
	const uint8_t *r = NULL;
	int rc;

	if ((rc = index_clause_record(ix, clause_id, &r, eb)))
		return rc;
	ci->doc = load_u32(r + CLAUSE_DOC);
	ci->n_tokens = index_clause_len(ix, clause_id);
	ci->text_len = load_u16(r + CLAUSE_TEXT_LEN);
	ci->verb_pos = load_u16(r + CLAUSE_VERB_POS);
	if (ci->verb_pos == NO_POSITION16)
		ci->verb_pos = NO_POSITION;
	ci->emph_start = load_u16(r + CLAUSE_EMPH_START);
	ci->emph_len = load_u16(r + CLAUSE_EMPH_LEN);
	ci->kind = r[CLAUSE_KIND];
	ci->line = load_u32(r + CLAUSE_LINE);
	ci->label = string_at(ix, load_u32(r + CLAUSE_LABEL));
	if (!ci->label)
		ci->label = "";
	return 0;
}

/* Check document d's record (d < n_docs), on access like clauses. */
int index_doc_check(const struct index *ix, uint32_t d, struct errbuf *eb)
{
	static const unsigned str_fields[] = { DOC_SYMBOL, DOC_TITLE, DOC_COMMITTEE,
	                                       DOC_REPORT, DOC_PATH };
	const uint8_t *r = ix->sec[SEC_DOCS] + (size_t)d * DOC_RECORD_SIZE;

	for (size_t i = 0; i < COUNT(str_fields); i++)
		if (!string_ok(ix, load_u32(r + str_fields[i])))
			return index_corrupt(ix, SEC_DOCS, eb,
			                     "document %u: string offset out of range", d);
	if ((uint64_t)load_u32(r + DOC_FIRST_CLAUSE) + load_u32(r + DOC_N_CLAUSES) >
	    ix->stats.n_clauses)
		return index_corrupt(ix, SEC_DOCS, eb, "document %u: clauses out of range", d);
	return 0;
}

int index_doc(const struct index *ix, uint32_t doc_id, struct doc_info *di,
              struct errbuf *eb)
{
	const uint8_t *r;
	int rc;

	if (doc_id >= ix->stats.n_docs)
		return errbuf_set(eb, ERR_NOTFOUND, "no document %u", doc_id);
	if ((rc = index_doc_check(ix, doc_id, eb)))
		return rc;
	r = ix->sec[SEC_DOCS] + (size_t)doc_id * DOC_RECORD_SIZE;
	di->symbol = string_at(ix, load_u32(r + DOC_SYMBOL));
	di->title = string_at(ix, load_u32(r + DOC_TITLE));
	di->committee = string_at(ix, load_u32(r + DOC_COMMITTEE));
	di->report = string_at(ix, load_u32(r + DOC_REPORT));
	di->path = string_at(ix, load_u32(r + DOC_PATH));
	di->session = load_u32(r + DOC_SESSION);
	di->date = load_u32(r + DOC_DATE);
	di->agenda_item = load_u32(r + DOC_AGENDA_ITEM);
	di->meeting = load_u32(r + DOC_MEETING);
	di->first_clause = load_u32(r + DOC_FIRST_CLAUSE);
	di->n_clauses = load_u32(r + DOC_N_CLAUSES);
	di->flags = load_u32(r + DOC_FLAGS);
	di->file_size = load_u64(r + DOC_FILE_SIZE);
	di->mtime = (int64_t)load_u64(r + DOC_MTIME);
	return 0;
}

void doc_date_iso(uint32_t date, char out[11])
{
	if (date)
		snprintf(out, 11, "%04u-%02u-%02u", date / 10000 % 10000,
		         date / 100 % 100, date % 100);
	else
		out[0] = '\0';
}
