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
#include "clauserec.h"
#include "termlist.h"
#include "xalloc.h"

#define MANIFEST_MAX_SIZE (64u << 20) /* 4 bytes a deleted document; merges keep it small */

/* Segment sections a reader of this version needs. */
static const uint32_t required_sections[] = {
	SEC_STATS, SEC_TERMS, SEC_TERMS_INDEX, SEC_POSTINGS, SEC_POSITIONS,
	SEC_CLAUSES, SEC_DOCS, SEC_STRINGS, SEC_TEXT, SEC_TEXT_INDEX,
	SEC_FOLDED, SEC_FOLDED_INDEX, SEC_KEYS, SEC_KEYS_INDEX, SEC_LENGTHS,
	SEC_CITES,
	SEC_TEXT_DICT, SEC_CLAUSE_GROUPS, SEC_LABELS, SEC_KINDS, SEC_LONG_LENGTHS,
	SEC_LEMMAS, SEC_TEXT_MODEL,
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Decoded groups of clause records (_index.h clause_cache), of any
 * segment, the least recently used replaced: scoring a candidate reads its
 * own record and those at the start of its document (the title), so one
 * would thrash; and printing ten hits reads each hit's record three times
 * (its text's length, its text, its label), so four decoded every group
 * three times over (a tenth of a rare word's time in --json, perf at
 * 10 MiB). Candidates come in clause id order, a segment's after
 * another's, so one cache serves every segment. */
#define CLAUSE_CACHE_GROUPS 16
struct clause_group {
	const uint8_t *records; /* the SEC_CLAUSES of its segment */
	uint32_t group; /* UINT32_MAX: none */
	uint64_t used;  /* tick of the last use */
	struct clauserec_group dec; /* its records decoded (and checked) so far */
};
struct clause_cache {
	struct clause_group slot[CLAUSE_CACHE_GROUPS];
	uint64_t tick;
	/* The document index_seg_clause_doc found last (local to the
	 * segment whose SEC_DOCS is doc_table; NULL: none) and its clauses
	 * [doc_first, doc_end): a hit's neighbours are in it. */
	const uint8_t *doc_table;
	uint32_t doc, doc_first, doc_end;
};

const char *index_section_name(uint32_t id)
{
	switch (id) {
	case SEC_MANIFEST: return "MANIFEST";
	case SEC_ROOTS: return "ROOTS";
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
	case SEC_CLAUSE_GROUPS: return "CLAUSE_GROUPS";
	case SEC_LABELS: return "LABELS";
	case SEC_KINDS: return "KINDS";
	case SEC_LONG_LENGTHS: return "LONG_LENGTHS";
	case SEC_LEMMAS: return "LEMMAS";
	case SEC_TEXT_MODEL: return "TEXT_MODEL";
	}
	return "?";
}

int index_corrupt(const struct index_segment *sg, uint32_t sec, struct errbuf *eb,
                  const char *fmt, ...)
{
	char what[ERRBUF_SIZE];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return errbuf_set(eb, ERR_CORRUPT, "%s: section %s: %s", sg->seg_path,
	                  index_section_name(sec), what);
}

/* An error from sst.c or codec.c already in eb: name the file and section. */
static int index_wrap(const struct index_segment *sg, uint32_t sec, int rc,
                      struct errbuf *eb)
{
	return errbuf_prefix(eb, rc, "%s: section %s", sg->seg_path,
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

int index_section_verify(const struct index_segment *sg, uint32_t k,
                         struct errbuf *eb)
{
	const struct index_section *s = &sg->table[k];

	if (index_crc(sg->map + s->offset, s->length) != s->crc)
		return index_corrupt(sg, s->id, eb, "checksum mismatch");
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

/* What the manifest says about one segment. */
struct manifest_segment {
	char name[256];
	uint64_t file_size;
	uint32_t n_docs, n_clauses;
	uint32_t *deleted, n_deleted; /* local doc ids, ascending */
};

/* The parsed MANIFEST: segments in order, roots. */
struct manifest {
	uint64_t generation;
	struct manifest_segment *segs;
	uint32_t n_segs;
	char **roots;
	uint32_t n_roots;
	int64_t last_update;
};

static void manifest_release(struct manifest *m)
{
	for (uint32_t i = 0; i < m->n_segs; i++)
		free(m->segs[i].deleted);
	free(m->segs);
	for (uint32_t i = 0; i < m->n_roots; i++)
		free(m->roots[i]);
	free(m->roots);
	memset(m, 0, sizeof *m);
}

/* One segment entry of SEC_MANIFEST at *p (format.h). */
static int manifest_parse_segment(const char *path, const uint8_t **pp,
                                  const uint8_t *end, struct manifest_segment *seg,
                                  struct errbuf *eb)
{
	const uint8_t *p = *pp;
	uint32_t name_len;

	if (end - p < 4)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: truncated", path);
	name_len = load_u32(p);
	p += 4;
	if (name_len == 0 || name_len >= sizeof seg->name ||
	    (size_t)(end - p) < (size_t)name_len + 20)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: bad segment name length %u",
		                  path, name_len);
	memcpy(seg->name, p, name_len);
	seg->name[name_len] = '\0';
	p += name_len;
	seg->file_size = load_u64(p);
	seg->n_docs = load_u32(p + 8);
	seg->n_clauses = load_u32(p + 12);
	seg->n_deleted = load_u32(p + 16);
	p += 20;
	if (strlen(seg->name) != name_len || strchr(seg->name, '/') ||
	    strcmp(seg->name, "..") == 0 || strcmp(seg->name, ".") == 0 ||
	    name_len <= strlen(SEGMENT_SUFFIX) ||
	    strcmp(seg->name + name_len - strlen(SEGMENT_SUFFIX), SEGMENT_SUFFIX) != 0)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: bad segment name '%s'",
		                  path, seg->name);
	if (seg->n_deleted > seg->n_docs || (size_t)(end - p) / 4 < seg->n_deleted)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: %s: bad deletion count",
		                  path, seg->name);
	seg->deleted = xmalloc((seg->n_deleted ? seg->n_deleted : 1) * sizeof *seg->deleted);
	for (uint32_t i = 0; i < seg->n_deleted; i++, p += 4) {
		seg->deleted[i] = load_u32(p);
		if (seg->deleted[i] >= seg->n_docs || (i && seg->deleted[i] <= seg->deleted[i - 1]))
			return errbuf_set(eb, ERR_CORRUPT,
			                  "%s: section MANIFEST: %s: deleted document %u out of order or range",
			                  path, seg->name, seg->deleted[i]);
	}
	*pp = p;
	return 0;
}

/* SEC_ROOTS: i64 last_update, u32 n_roots, then u32 len + bytes each. */
static int manifest_parse_roots(const char *path, const uint8_t *p,
                                const uint8_t *end, struct manifest *m,
                                struct errbuf *eb)
{
	uint32_t n;

	if (end - p < 12)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section ROOTS: too short", path);
	m->last_update = (int64_t)load_u64(p);
	n = load_u32(p + 8);
	p += 12;
	if (n > (size_t)(end - p) / 4)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section ROOTS: bad count", path);
	m->roots = xcalloc(n ? n : 1, sizeof *m->roots);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t len;
		if (end - p < 4 || (len = load_u32(p)) == 0 || len > (size_t)(end - p) - 4 ||
		    memchr(p + 4, '\0', len))
			return errbuf_set(eb, ERR_CORRUPT, "%s: section ROOTS: bad root %u", path, i);
		m->roots[i] = xstrndup((const char *)p + 4, len);
		m->n_roots = i + 1;
		p += 4 + len;
	}
	if (p != end)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section ROOTS: trailing bytes", path);
	return 0;
}

static int manifest_parse(const char *path, const uint8_t *d, size_t len,
                          struct manifest *m, struct errbuf *eb)
{
	struct index_section table[MAX_SECTIONS];
	uint32_t n_table, n_seg;
	const uint8_t *p = NULL, *end = NULL;
	int rc = file_parse(path, d, len, FILE_KIND_MANIFEST, table, &n_table, eb);

	memset(m, 0, sizeof *m);
	if (rc)
		return rc;
	for (uint32_t i = 0; i < n_table; i++) {
		const uint8_t *sp = d + table[i].offset, *se = sp + table[i].length;
		if (table[i].id != SEC_MANIFEST && table[i].id != SEC_ROOTS)
			continue;
		if (index_crc(sp, table[i].length) != table[i].crc)
			return errbuf_set(eb, ERR_CORRUPT, "%s: section %s: checksum mismatch",
			                  path, index_section_name(table[i].id));
		if (table[i].id == SEC_MANIFEST) {
			p = sp;
			end = se;
		} else if ((rc = manifest_parse_roots(path, sp, se, m, eb))) {
			return rc;
		}
	}
	if (!p)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: missing", path);
	if (end - p < 12)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: too short", path);
	m->generation = load_u64(p);
	n_seg = load_u32(p + 8);
	p += 12;
	if (n_seg == 0)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: no segment listed", path);
	if (n_seg > (size_t)(end - p) / 24)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: %u segments do not fit",
		                  path, n_seg);
	m->segs = xcalloc(n_seg, sizeof *m->segs);
	for (uint32_t i = 0; i < n_seg; i++) {
		m->n_segs = i + 1;
		if ((rc = manifest_parse_segment(path, &p, end, &m->segs[i], eb)))
			return rc;
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(m->segs[j].name, m->segs[i].name) == 0)
				return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: %s listed twice",
				                  path, m->segs[i].name);
	}
	if (p != end)
		return errbuf_set(eb, ERR_CORRUPT, "%s: section MANIFEST: trailing bytes", path);
	return 0;
}

int segment_pread(const struct index_segment *sg, uint64_t off, void *out,
                         size_t n, struct errbuf *eb)
{
	ssize_t got;

	do
		got = pread(sg->fd, out, n, (off_t)off);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return errbuf_set(eb, ERR_IO, "read %s: %s", sg->seg_path, strerror(errno));
	if ((size_t)got != n)
		return errbuf_set(eb, ERR_CORRUPT, "%s: shorter than its section table says",
		                  sg->seg_path);
	return 0;
}

/* Section k of the segment is STATS: copy it into sg->stats_raw from the
 * head_len bytes read at the file's start if it lies there (a writer puts
 * it right after the section table), else read it, and check its CRC. */
static int segment_read_stats(struct index_segment *sg, uint32_t k,
                              const uint8_t *head, size_t head_len,
                              struct errbuf *eb)
{
	const struct index_section *s = &sg->table[k];
	int rc;

	if (s->length != STATS_SIZE)
		return 0; /* segment_validate names the length */
	if (s->offset <= head_len && head_len - s->offset >= STATS_SIZE)
		memcpy(sg->stats_raw, head + s->offset, STATS_SIZE);
	else if ((rc = segment_pread(sg, s->offset, sg->stats_raw, STATS_SIZE, eb)))
		return rc;
	if (index_crc(sg->stats_raw, STATS_SIZE) != s->crc)
		return index_corrupt(sg, SEC_STATS, eb, "checksum mismatch");
	sg->sec[SEC_STATS] = sg->stats_raw;
	return 0;
}

/* Map the segment read-only and validate its header and table, and
 * checksum every section if verify_all (else STATS only). The header
 * and table (with STATS after them) and the last byte of STRINGS are read
 * with pread: the first touch of a mapped page costs a page fault (about
 * 15 us on the benchmark's virtual machine, far more than the read), which
 * a query over ten segments would pay three times a segment for a few
 * hundred bytes. */
static int segment_map(struct index_segment *sg, const struct manifest_segment *seg,
                       int verify_all, struct errbuf *eb)
{
	uint8_t head[FILE_HEADER_SIZE + MAX_SECTIONS * SECTION_ENTRY_SIZE];
	size_t head_len;
	struct stat st;
	int rc;

	sg->fd = open(sg->seg_path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (sg->fd < 0) {
		int e = errno;
		return errbuf_set(eb, e == ENOENT ? ERR_CORRUPT : ERR_IO,
		                  "open %s (listed in MANIFEST): %s", sg->seg_path,
		                  strerror(e));
	}
	if (fstat(sg->fd, &st) != 0)
		return errbuf_set(eb, ERR_IO, "stat %s: %s", sg->seg_path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return errbuf_set(eb, ERR_CORRUPT, "%s: not a regular file", sg->seg_path);
	if ((uint64_t)st.st_size != seg->file_size)
		return errbuf_set(eb, ERR_CORRUPT, "%s: %llu bytes, MANIFEST says %llu (truncated?)",
		                  sg->seg_path, (unsigned long long)st.st_size,
		                  (unsigned long long)seg->file_size);
	if (st.st_size < FILE_HEADER_SIZE)
		return errbuf_set(eb, ERR_CORRUPT, "%s: header: file of %llu bytes is too short",
		                  sg->seg_path, (unsigned long long)st.st_size);
	sg->map_len = (size_t)st.st_size;
	sg->map = mmap(NULL, sg->map_len, PROT_READ, MAP_SHARED, sg->fd, 0);
	if (sg->map == MAP_FAILED) {
		sg->map = NULL;
		return errbuf_set(eb, ERR_IO, "mmap %s: %s", sg->seg_path, strerror(errno));
	}
	head_len = sg->map_len < sizeof head ? sg->map_len : sizeof head;
	if ((rc = segment_pread(sg, 0, head, head_len, eb)))
		return rc;
	rc = file_parse(sg->seg_path, head, sg->map_len, FILE_KIND_SEGMENT,
	                sg->table, &sg->n_table, eb);
	if (rc)
		return rc;
	for (uint32_t i = 0; i < sg->n_table; i++) {
		const struct index_section *s = &sg->table[i];
		if (s->id <= INDEX_MAX_SECTION_ID) {
			sg->sec[s->id] = sg->map + s->offset;
			sg->sec_off[s->id] = s->offset;
			sg->sec_len[s->id] = s->length;
		}
	}
	for (size_t i = 0; i < COUNT(required_sections); i++)
		if (!sg->sec[required_sections[i]])
			return index_corrupt(sg, required_sections[i], eb, "missing");
	/* Checksums: every section's in an index directory whose segments
	 * have at most INDEX_VERIFY_LIMIT bytes in all (ten small segments
	 * cost what one of their size would); in a larger one, STATS's only,
	 * which locates everything else. Records (clauses, documents, text
	 * blocks) and the tables' block offsets are checked on access instead,
	 * so a large index opens without reading them (and a lookup reads a
	 * table's index and one block, see index_seg_table): a text block's
	 * entry is bounds-checked and its decoded bytes checked against the
	 * entry's CRC (index_text.c), which a damaged entry
	 * or a damaged TEXT_DICT fails too (checksumming the 256 KiB
	 * dictionary at every open would cost about 0.8 ms, a query that
	 * prints no text does not need it). */
	for (uint32_t i = 0; i < sg->n_table; i++) {
		if (sg->table[i].id == SEC_STATS)
			rc = segment_read_stats(sg, i, head, head_len, eb);
		else if (verify_all)
			rc = index_section_verify(sg, i, eb);
		if (rc)
			return rc;
	}
	return 0;
}

/* A string offset from a record: inside SEC_STRINGS (which ends in NUL, so
 * the string is terminated) or NO_STRING. */
static int string_ok(const struct index_segment *sg, uint32_t off)
{
	return off == NO_STRING || off < sg->sec_len[SEC_STRINGS];
}

/* SEC_LONG_LENGTHS: whole records, clauses ascending and in the segment,
 * lengths that SEC_LENGTHS could not hold. That each LENGTH_LONG byte has
 * its record is left to unindex --check (a scan of SEC_LENGTHS). */
static int long_lengths_validate(const struct index_segment *sg, uint32_t n_clauses,
                                 struct errbuf *eb)
{
	const uint8_t *p = sg->sec[SEC_LONG_LENGTHS];
	uint64_t n = sg->sec_len[SEC_LONG_LENGTHS] / LONG_LENGTH_SIZE;

	if (sg->sec_len[SEC_LONG_LENGTHS] % LONG_LENGTH_SIZE)
		return index_corrupt(sg, SEC_LONG_LENGTHS, eb, "%llu bytes, not whole records",
		                     (unsigned long long)sg->sec_len[SEC_LONG_LENGTHS]);
	for (uint64_t i = 0; i < n; i++, p += LONG_LENGTH_SIZE) {
		uint32_t c = load_u32(p + LONG_LENGTH_CLAUSE), len = load_u32(p + LONG_LENGTH_TOKENS);
		if (c >= n_clauses || (i && c <= load_u32(p - LONG_LENGTH_SIZE + LONG_LENGTH_CLAUSE)) ||
		    len < LENGTH_LONG || len > CLAUSE_MAX_TOKENS)
			return index_corrupt(sg, SEC_LONG_LENGTHS, eb, "record %llu: clause %u, %u tokens",
			                     (unsigned long long)i, c, len);
	}
	return 0;
}

uint32_t seg_long_length(const struct index_segment *sg, uint32_t c)
{
	const uint8_t *p = sg->sec[SEC_LONG_LENGTHS];
	size_t lo = 0, hi = (size_t)(sg->sec_len[SEC_LONG_LENGTHS] / LONG_LENGTH_SIZE);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t at = load_u32(p + mid * LONG_LENGTH_SIZE + LONG_LENGTH_CLAUSE);
		if (at == c)
			return load_u32(p + mid * LONG_LENGTH_SIZE + LONG_LENGTH_TOKENS);
		if (at < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return LENGTH_LONG;
}

/* The length of a SEC_TERMS payload (format.h), which ends itself: three
 * varints, five in a block's first term (sst.h sst_payload_len_fn). */
static int term_payload_len(const uint8_t *p, const uint8_t *end, uint32_t ordinal,
                            size_t *len)
{
	const uint8_t *at = p;
	uint64_t v;

	for (int i = ordinal % SST_BLOCK_KEYS == 0 ? 5 : 3; i > 0; i--)
		if (varint_read(&p, end, &v))
			return ERR_CORRUPT;
	*len = (size_t)(p - at);
	return 0;
}

/* Check the fixed-size sections against SEC_STATS and each other. */
static int segment_validate(struct index_segment *sg, const struct manifest_segment *seg,
                            struct errbuf *eb)
{
	const uint8_t *st = sg->sec[SEC_STATS];
	struct index_stats *s = &sg->stats;
	uint64_t strings_len = sg->sec_len[SEC_STRINGS];
	uint8_t last = 0;
	int rc;

	if (sg->sec_len[SEC_STATS] != STATS_SIZE)
		return index_corrupt(sg, SEC_STATS, eb, "%llu bytes, expected %d",
		                     (unsigned long long)sg->sec_len[SEC_STATS], STATS_SIZE);
	s->n_docs = load_u32(st + STATS_N_DOCS);
	s->n_clauses = load_u32(st + STATS_N_CLAUSES);
	s->n_tokens = load_u64(st + STATS_N_TOKENS);
	s->n_terms = load_u32(st + STATS_N_TERMS);
	s->n_text_blocks = load_u32(st + STATS_N_TEXT_BLOCKS);
	s->avg_clause_len = s->n_clauses ? (double)s->n_tokens / s->n_clauses : 0;
	if (s->n_docs != seg->n_docs || s->n_clauses != seg->n_clauses)
		return index_corrupt(sg, SEC_STATS, eb,
		                     "%u docs and %u clauses, MANIFEST says %u and %u",
		                     s->n_docs, s->n_clauses, seg->n_docs, seg->n_clauses);
	if (sg->sec_len[SEC_CLAUSE_GROUPS] !=
	    ((uint64_t)s->n_clauses + CLAUSE_GROUP - 1) / CLAUSE_GROUP * CLAUSE_GROUP_ENTRY_SIZE)
		return index_corrupt(sg, SEC_CLAUSE_GROUPS, eb, "%llu bytes for %u clauses",
		                     (unsigned long long)sg->sec_len[SEC_CLAUSE_GROUPS],
		                     s->n_clauses);
	if (sg->sec_len[SEC_LABELS] % LABEL_ENTRY_SIZE)
		return index_corrupt(sg, SEC_LABELS, eb, "%llu bytes, not whole entries",
		                     (unsigned long long)sg->sec_len[SEC_LABELS]);
	if (sg->sec_len[SEC_LEMMAS] % LEMMA_ENTRY_SIZE)
		return index_corrupt(sg, SEC_LEMMAS, eb, "%llu bytes, not whole entries",
		                     (unsigned long long)sg->sec_len[SEC_LEMMAS]);
	if (sg->sec_len[SEC_LENGTHS] != (uint64_t)s->n_clauses * LENGTH_SIZE)
		return index_corrupt(sg, SEC_LENGTHS, eb, "%llu bytes for %u clauses",
		                     (unsigned long long)sg->sec_len[SEC_LENGTHS], s->n_clauses);
	if ((rc = long_lengths_validate(sg, s->n_clauses, eb)))
		return rc;
	if (sg->sec_len[SEC_KINDS] != ((uint64_t)s->n_clauses + 1) / 2)
		return index_corrupt(sg, SEC_KINDS, eb, "%llu bytes for %u clauses",
		                     (unsigned long long)sg->sec_len[SEC_KINDS], s->n_clauses);
	if (sg->sec_len[SEC_DOCS] != (uint64_t)s->n_docs * DOC_RECORD_SIZE)
		return index_corrupt(sg, SEC_DOCS, eb, "%llu bytes for %u documents",
		                     (unsigned long long)sg->sec_len[SEC_DOCS], s->n_docs);
	if (sg->sec_len[SEC_CITES] % CITE_RECORD_SIZE)
		return index_corrupt(sg, SEC_CITES, eb, "%llu bytes, not whole records",
		                     (unsigned long long)sg->sec_len[SEC_CITES]);
	if (sg->sec_len[SEC_TEXT_INDEX] != (uint64_t)s->n_text_blocks * TEXTIDX_ENTRY_SIZE)
		return index_corrupt(sg, SEC_TEXT_INDEX, eb, "%llu bytes for %u text blocks",
		                     (unsigned long long)sg->sec_len[SEC_TEXT_INDEX],
		                     s->n_text_blocks);
	if (strings_len &&
	    (rc = segment_pread(sg, sg->sec_off[SEC_STRINGS] + strings_len - 1,
	                        &last, 1, eb)))
		return rc;
	if (last != '\0')
		return index_corrupt(sg, SEC_STRINGS, eb, "last string not NUL-terminated");
	if (sg->sec_len[SEC_TEXT_MODEL] && sg->sec_len[SEC_TEXT_DICT])
		return index_corrupt(sg, SEC_TEXT_MODEL, eb, "a word model beside a dictionary");
	if (sg->sec_len[SEC_TEXT_DICT] > TEXT_DICT_MAX)
		return index_corrupt(sg, SEC_TEXT_DICT, eb, "%llu bytes, the format allows %u",
		                     (unsigned long long)sg->sec_len[SEC_TEXT_DICT],
		                     TEXT_DICT_MAX);
	return 0;
}

int index_seg_table(struct index_segment *sg, uint32_t sec, struct sst **out,
                    struct errbuf *eb)
{
	struct sst *t = sec == SEC_TERMS ? &sg->terms : sec == SEC_FOLDED ? &sg->folded
	                                                                  : &sg->keys;
	uint32_t isec = sec == SEC_TERMS ? SEC_TERMS_INDEX : sec == SEC_FOLDED
	                                   ? SEC_FOLDED_INDEX : SEC_KEYS_INDEX;
	uint64_t at = sg->sec_off[isec];
	int rc;

	*out = t;
	if (sg->tables_open & (1u << sec))
		return 0;
	/* A lookup reads the table's index with one pread into the index's
	 * scratch buffer and its block with one more, each offset and key
	 * checked where it is read (sst.h), so a word's lookup touches no
	 * mapped page of the table and no fresh page per segment. The index
	 * section's checksum is checked at open in a small index (see
	 * segment_open) and by unindex --check; hashing it at every query
	 * would cost a ten-segment index more than its lookups. */
	if ((rc = sst_open_file(t, sg->sec[sec], sg->sec_len[sec], sg->sec[isec],
	                        sg->sec_len[isec], sg->fd,
	                        sg->sec_off[sec], at,
	                        sg->sst_scratch, eb)))
		return index_wrap(sg, isec, rc, eb);
	t->payload_len = sec == SEC_TERMS ? term_payload_len : termlist_len;
	if (sec == SEC_TERMS && t->n_keys != sg->stats.n_terms)
		return index_corrupt(sg, SEC_TERMS_INDEX, eb, "%u terms, STATS says %u",
		                     t->n_keys, sg->stats.n_terms);
	sg->tables_open |= 1u << sec;
	return 0;
}

/* Close the segment's file, and unmap it if unmap. */
static void segment_close(struct index_segment *sg, int unmap)
{
	if (sg->map && unmap)
		munmap(sg->map, sg->map_len);
	if (sg->fd >= 0)
		close(sg->fd);
	free(sg->seg_path);
	free(sg->copied);
	free(sg->deleted_docs);
	free(sg->index_dir);
}

/* Open the segment named by seg in dir into sg, with the index's clause
 * cache, scratch and windows, and take over its deletion list. */
static int segment_open(struct index_segment *sg, const char *dir,
                        struct manifest_segment *seg, struct index *ix,
                        int verify_all, struct errbuf *eb)
{
	struct buf path = BUF_INIT;
	int rc;

	sg->fd = -1;
	sg->index_dir = xstrdup(dir);
	sg->clause_cache = ix->clause_cache;
	sg->sst_scratch = &ix->sst_scratch;
	sg->pages = &ix->pages;
	buf_printf(&path, "%s/%s", dir, seg->name);
	sg->seg_path = buf_detach(&path, NULL);
	sg->deleted_docs = seg->deleted;
	sg->n_deleted_docs = seg->n_deleted;
	seg->deleted = NULL;
	seg->n_deleted = 0;
	rc = segment_map(sg, seg, verify_all, eb);
	if (!rc)
		rc = segment_validate(sg, seg, eb);
	return rc;
}

/* Sections a query reads a few scattered bytes of: a clause record's group
 * offset (CLAUSE_GROUPS), every scored clause's length (LENGTHS), every
 * hit's kind and document (KINDS; DOCS: the binary search for a clause's
 * document, the heading), every decoded clause record's label and lemma
 * entries (LABELS, LEMMAS, a few hundred bytes). Mapped, the first touch of each page
 * costs a fault (15-20 us on the benchmark's virtual machine, 16 pages
 * around it mapped); read whole with pread into the heap (on huge pages
 * in unsearch), the 1.2 MB of them a 100 MiB corpus has cost less than
 * the 19 faults a two-word AND made there: 4.7 -> 4.4 ms for the whole
 * process, measured. KINDS joined them on an index of ten segments of
 * 10 MiB, where each hit's kind touched its own segment's page: the
 * incremental benchmark's 54 queries, whole process, CPU, took a median
 * 1.40x their time on the same corpus in one segment, 1.26-1.28x with
 * KINDS read too; in one segment of 100 MiB a query took 3-5 faults
 * fewer (the budget raised from 1.25 to 2 MiB to hold it there). Read in
 * this order, segment by segment, while the index's total stays within
 * INDEX_READ_HOT_MAX bytes; a larger index maps the rest, as before.
 * Sections that follow each other in the file as in this order are read
 * with one pread (a writer puts CLAUSE_GROUPS, LABELS, LEMMAS, LENGTHS,
 * LONG_LENGTHS, KINDS, DOCS so). */
static const uint32_t hot_sections[] = { SEC_CLAUSE_GROUPS, SEC_LABELS, SEC_LEMMAS,
                                         SEC_LENGTHS, SEC_LONG_LENGTHS, SEC_KINDS,
                                         SEC_DOCS };
#define INDEX_READ_HOT_MAX (2u << 20)

static int index_read_hot(struct index *ix, struct errbuf *eb)
{
	uint64_t budget = INDEX_READ_HOT_MAX;
	int rc = 0;

	for (uint32_t s = 0; s < ix->n_segs && !rc; s++) {
		struct index_segment *sg = &ix->segs[s];
		uint64_t want = 0, at = 0;
		int take[COUNT(hot_sections)] = { 0 };
		for (size_t i = 0; i < COUNT(hot_sections); i++) {
			uint64_t len = sg->sec_len[hot_sections[i]];
			/* An empty one (LONG_LENGTHS, mostly) is taken too, so
			 * that it does not break a run of sections read at once. */
			if (len <= budget) {
				take[i] = 1;
				want += len;
				budget -= len;
			}
		}
		if (!want)
			continue;
		sg->copied = xmalloc(want);
		for (size_t i = 0, j; i < COUNT(hot_sections) && !rc; i = j) {
			uint64_t from = sg->sec_off[hot_sections[i]], len = 0;
			for (j = i; j < COUNT(hot_sections) && take[j] &&
			            sg->sec_off[hot_sections[j]] == from + len; j++) {
				sg->sec[hot_sections[j]] = sg->copied + at + len;
				len += sg->sec_len[hot_sections[j]];
			}
			if (j == i)
				j++; /* not taken */
			else
				rc = segment_pread(sg, from, sg->copied + at, len, eb);
			at += len;
		}
	}
	return rc;
}

/* Mark the clauses of every deleted document in ix->deleted and take them
 * out of the live counts. */
static int index_mark_deleted(struct index *ix, struct errbuf *eb)
{
	struct index_stats *st = &ix->stats;

	for (uint32_t s = 0; s < ix->n_segs; s++) {
		struct index_segment *sg = &ix->segs[s];
		for (uint32_t i = 0; i < sg->n_deleted_docs; i++) {
			uint32_t d = sg->deleted_docs[i];
			const uint8_t *r = sg->sec[SEC_DOCS] + (size_t)d * DOC_RECORD_SIZE;
			uint32_t first = load_u32(r + DOC_FIRST_CLAUSE), n = load_u32(r + DOC_N_CLAUSES);
			int rc = index_doc_check(sg, d, eb);
			if (rc)
				return rc;
			if (!ix->deleted)
				ix->deleted = xcalloc(st->n_clauses / 8 + 1, 1);
			for (uint32_t c = first; c < first + n; c++) {
				uint32_t g = sg->clause_base + c;
				ix->deleted[g >> 3] |= (uint8_t)(1u << (g & 7));
				st->n_tokens -= seg_clause_len(sg, c);
			}
			sg->n_deleted_clauses += n;
			st->n_live_clauses -= n;
		}
		st->n_live_docs -= sg->n_deleted_docs;
	}
	return 0;
}

/* Whether dir's MANIFEST now differs from the len bytes at old: an update
 * committed since, and may have removed segments the old one listed. */
static int manifest_changed(const char *dir, const uint8_t *old, size_t len)
{
	struct buf path = BUF_INIT;
	uint8_t *now = NULL;
	size_t now_len = 0;
	int changed;

	buf_printf(&path, "%s/%s", dir, MANIFEST_NAME);
	changed = manifest_read(dir, path.data, &now, &now_len, NULL) == 0 &&
	          (now_len != len || memcmp(now, old, len) != 0);
	free(now);
	buf_release(&path);
	return changed;
}

/* Append the segments of the index in dir to ix. On failure, *changed says
 * the MANIFEST changed meanwhile (worth opening again). */
static int index_add_dir(struct index *ix, const char *dir, int *changed,
                         struct errbuf *eb)
{
	struct manifest m = { 0 };
	struct buf path = BUF_INIT;
	uint8_t *man = NULL;
	size_t man_len = 0;
	uint64_t total = 0; /* bytes of its segments */
	int rc;

	buf_printf(&path, "%s/%s", dir, MANIFEST_NAME);
	rc = manifest_read(dir, path.data, &man, &man_len, eb);
	if (!rc)
		rc = manifest_parse(path.data, man, man_len, &m, eb);
	buf_release(&path);
	*changed = 0;
	if (rc) {
		free(man);
		manifest_release(&m);
		return rc;
	}
	ix->stats.n_indexes++;
	if (ix->n_segs == 0) {
		ix->roots = m.roots;
		ix->n_roots = m.n_roots;
		ix->last_update = m.last_update;
		ix->generation = m.generation;
		m.roots = NULL;
		m.n_roots = 0;
	}
	ix->segs = xrealloc(ix->segs, (ix->n_segs + m.n_segs) * sizeof *ix->segs);
	*changed = 0;
	for (uint32_t i = 0; i < m.n_segs; i++)
		total += m.segs[i].file_size;
	for (uint32_t i = 0; i < m.n_segs && !rc; i++) {
		struct index_segment *sg = &ix->segs[ix->n_segs];
		struct index_stats *g = &ix->stats, *s = &sg->stats;
		memset(sg, 0, sizeof *sg);
		sg->clause_base = g->n_clauses;
		sg->doc_base = g->n_docs;
		ix->n_segs++;
		if ((rc = segment_open(sg, dir, &m.segs[i], ix,
		                       total <= INDEX_VERIFY_LIMIT, eb))) {
			*changed = manifest_changed(dir, man, man_len);
			break;
		}
		if ((uint64_t)g->n_clauses + s->n_clauses > UINT32_MAX - 1 ||
		    (uint64_t)g->n_docs + s->n_docs > UINT32_MAX - 1)
			rc = errbuf_set(eb, ERR_LIMIT, "%s: more than 2^32 clauses in all", dir);
		g->n_docs += s->n_docs;
		g->n_clauses += s->n_clauses;
		g->n_live_docs += s->n_docs;
		g->n_live_clauses += s->n_clauses;
		g->n_tokens += s->n_tokens;
		g->n_terms += s->n_terms;
		g->n_text_blocks += s->n_text_blocks;
		g->n_segments++;
	}
	free(man);
	manifest_release(&m);
	return rc;
}

/* Opening again after a concurrent commit: a reader that read a MANIFEST
 * whose segments a merge then removed opens the new state instead. */
#define OPEN_ATTEMPTS 8

/* Fill ix->bucket_seg from ix->clause_base: scoring asks for the segment
 * of every clause it scores, and over ten segments a binary search for
 * each was 5% of a query's instructions. */
static void index_bucket_segments(struct index *ix)
{
	uint64_t n = ix->n_segs > 1 ? ((uint64_t)ix->stats.n_clauses >> CLAUSE_BUCKET_SHIFT) + 1 : 0;
	uint32_t s = 0;

	ix->n_buckets = (uint32_t)n;
	ix->bucket_seg = n ? xmalloc(n * sizeof *ix->bucket_seg) : NULL;
	for (uint32_t b = 0; b < n; b++) {
		uint64_t first = (uint64_t)b << CLAUSE_BUCKET_SHIFT;
		while (s + 1 < ix->n_segs && ix->clause_base[s + 1] <= first)
			s++;
		ix->bucket_seg[b] = s;
	}
}

int index_open_many(const char *const *dirs, size_t n, struct index **out,
                    struct errbuf *eb)
{
	struct index *ix = NULL;
	int rc = 0, changed = 1;

	*out = NULL;
	for (int attempt = 0; changed && attempt < OPEN_ATTEMPTS; attempt++) {
		index_close(ix);
		ix = xcalloc(1, sizeof *ix);
		ix->dir = xstrdup(n ? dirs[0] : ".");
		ix->vocab = strmap_new();
		ix->slot_by_id = strmap_new();
		ix->clause_cache = xcalloc(1, sizeof *ix->clause_cache);
		for (size_t i = 0; i < CLAUSE_CACHE_GROUPS; i++)
			ix->clause_cache->slot[i].group = UINT32_MAX;
		rc = 0;
		changed = 0;
		for (size_t i = 0; i < n && !rc; i++)
			rc = index_add_dir(ix, dirs[i], &changed, eb);
	}
	if (!rc)
		rc = index_read_hot(ix, eb);
	if (!rc)
		rc = index_mark_deleted(ix, eb);
	if (rc) {
		index_close(ix);
		return rc;
	}
	ix->stats.avg_clause_len = ix->stats.n_live_clauses
		? (double)ix->stats.n_tokens / ix->stats.n_live_clauses : 0;
	ix->clause_base = xmalloc((ix->n_segs + 1) * sizeof *ix->clause_base);
	ix->lengths = xmalloc((ix->n_segs + 1) * sizeof *ix->lengths);
	for (uint32_t s = 0; s < ix->n_segs; s++) {
		ix->clause_base[s] = ix->segs[s].clause_base;
		ix->lengths[s] = ix->segs[s].sec[SEC_LENGTHS];
	}
	index_bucket_segments(ix);
	*out = ix;
	return 0;
}

int index_open(const char *dir, struct index **out, struct errbuf *eb)
{
	return index_open_many(&dir, 1, out, eb);
}

static void index_release(struct index *ix, int unmap)
{
	if (!ix)
		return;
	index_text_release(ix); /* frees each segment's dictionary: first */
	for (uint32_t s = 0; s < ix->n_segs; s++)
		segment_close(&ix->segs[s], unmap);
	free(ix->segs);
	free(ix->clause_cache);
	sst_scratch_release(&ix->sst_scratch);
	index_pages_release(&ix->pages);
	for (size_t t = 0; ix->vocab && t < strmap_count(ix->vocab); t++) {
		free(ix->terms[t].parts);
		free(ix->terms[t].small);
	}
	free(ix->terms);
	strmap_free(ix->vocab);
	strmap_free(ix->slot_by_id);
	for (size_t i = 0; ix->lookup_seen && i < strmap_count(ix->lookup_seen); i++)
		free(ix->lookups[i].ids);
	free(ix->lookups);
	strmap_free(ix->lookup_seen);
	strmap_free(ix->extra);
	for (uint32_t i = 0; i < ix->n_roots; i++)
		free(ix->roots[i]);
	free(ix->roots);
	free(ix->deleted);
	free(ix->clause_base);
	free(ix->bucket_seg);
	free(ix->lengths);
	free(ix->dir);
	free(ix);
}

void index_close(struct index *ix)
{
	index_release(ix, 1);
}

void index_close_at_exit(struct index *ix)
{
	index_release(ix, 0);
}

const struct index_stats *index_stats(const struct index *ix)
{
	return &ix->stats;
}

const char *index_segment_path(const struct index *ix)
{
	return ix->segs[0].seg_path;
}

/* Decode the TERMS entries from the one it points at, the first of its
 * table block, up to term term_id's, into ti: a block's first entry holds
 * its offsets, every other starts where the one before ends (format.h
 * SEC_TERMS). Each entry is checked against the segment. */
static int term_payload(struct index_segment *sg, uint32_t term_id,
                        struct sst_iter *it, struct term_info *ti,
                        struct errbuf *eb)
{
	int rc;

	ti->postings_off = ti->postings_len = ti->positions_off = ti->positions_len = 0;
	for (;;) {
		const uint8_t *p = it->payload, *end = it->payload + it->payload_len;
		int first = it->ordinal % SST_BLOCK_KEYS == 0;
		uint64_t postings_end = ti->postings_off + ti->postings_len;
		uint64_t positions_end = ti->positions_off + ti->positions_len;
		if (varint_read_u32(&p, end, &ti->df) ||
		    (first && varint_read(&p, end, &postings_end)) ||
		    varint_read(&p, end, &ti->postings_len) ||
		    (first && varint_read(&p, end, &positions_end)) ||
		    varint_read(&p, end, &ti->positions_len) || p != end)
			return index_corrupt(sg, SEC_TERMS, eb, "term %u: bad payload",
			                     it->ordinal);
		ti->postings_off = postings_end;
		ti->positions_off = positions_end;
		if (ti->df == 0 || ti->df > sg->stats.n_clauses)
			return index_corrupt(sg, SEC_TERMS, eb, "term %u: df %u out of range",
			                     it->ordinal, ti->df);
		if (ti->postings_off > sg->sec_len[SEC_POSTINGS] ||
		    ti->postings_len > sg->sec_len[SEC_POSTINGS] - ti->postings_off)
			return index_corrupt(sg, SEC_TERMS, eb,
			                     "term %u: postings outside section POSTINGS",
			                     it->ordinal);
		if (ti->positions_off > sg->sec_len[SEC_POSITIONS] ||
		    ti->positions_len > sg->sec_len[SEC_POSITIONS] - ti->positions_off)
			return index_corrupt(sg, SEC_TERMS, eb,
			                     "term %u: positions outside section POSITIONS",
			                     it->ordinal);
		if (it->ordinal >= term_id)
			break;
		if ((rc = sst_next(it, eb)))
			return rc < 0 ? index_wrap(sg, SEC_TERMS, rc, eb)
			              : index_corrupt(sg, SEC_TERMS, eb, "no term %u", term_id);
	}
	memcpy(sg->term, it->key, it->key_len + 1);
	ti->term = sg->term;
	ti->term_len = it->key_len;
	return 0;
}

int seg_term_info(struct index_segment *sg, uint32_t term_id,
                  struct term_info *ti, struct errbuf *eb)
{
	struct sst_iter it;
	struct sst *t;
	int rc = index_seg_table(sg, SEC_TERMS, &t, eb);

	if (rc)
		return rc;
	rc = sst_at(t, term_id - term_id % SST_BLOCK_KEYS, &it, eb);
	if (rc == ERR_NOTFOUND || (!rc && term_id >= t->n_keys))
		return errbuf_set(eb, ERR_NOTFOUND, "no term id %u", term_id);
	if (rc)
		return index_wrap(sg, SEC_TERMS, rc, eb);
	return term_payload(sg, term_id, &it, ti, eb);
}

/* Find term (len bytes) in segment sg's term table: its local id and its
 * entry. 0, ERR_NOTFOUND, or an error. */
static int seg_term_find(struct index_segment *sg, const char *term, size_t len,
                         uint32_t *local, struct term_info *ti, struct errbuf *eb)
{
	struct sst_iter it;
	struct sst *t;
	int rc = index_seg_table(sg, SEC_TERMS, &t, eb);

	if (rc)
		return rc;
	rc = sst_find(t, term, len, &it, eb);
	if (rc == ERR_NOTFOUND)
		return rc;
	if (!rc) {
		*local = it.ordinal;
		rc = sst_rewind(&it, eb);
	}
	if (rc)
		return index_wrap(sg, SEC_TERMS, rc, eb);
	return term_payload(sg, *local, &it, ti, eb);
}

/* ti as the part of segment s (local id local). */
static void term_part_set(struct term_part *part, uint32_t s, uint32_t local,
                          const struct term_info *ti)
{
	part->seg = s;
	part->local = local;
	part->df = ti->df;
	part->postings_off = ti->postings_off;
	part->postings_len = ti->postings_len;
	part->positions_off = ti->positions_off;
	part->positions_len = ti->positions_len;
}

int index_term_part(struct index *ix, uint32_t s, uint32_t local,
                    struct term_part *part, struct errbuf *eb)
{
	struct term_info ti;
	int rc = seg_term_info(&ix->segs[s], local, &ti, eb);

	if (!rc)
		term_part_set(part, s, local, &ti);
	return rc;
}

int index_lexicon_decode(const struct index_segment *sg, uint32_t sec,
                         const struct sst_iter *it, uint32_t *base, uint32_t **ids,
                         size_t *n, size_t *cap, struct errbuf *eb)
{
	if (termlist_read(it->payload, it->payload_len, it->ordinal, base, sg->stats.n_terms,
	                  sec == SEC_KEYS, ids, n, cap))
		return index_corrupt(sg, sec, eb, "key %u: bad term list", it->ordinal);
	return 0;
}

/* Decode the term list of the key *it was positioned at (sst_find,
 * sst_seek) in lexicon sec: the keys before it in its block are read
 * first, for the difference its first id is coded as (termlist.h); *base
 * is left as the keys after it need it. */
static int lexicon_decode_at(struct index_segment *sg, uint32_t sec, struct sst_iter *it,
                             uint32_t *base, uint32_t **ids, size_t *n, size_t *cap,
                             struct errbuf *eb)
{
	uint32_t target = it->ordinal;
	int rc = sst_rewind(it, eb);

	if (rc)
		return index_wrap(sg, sec, rc, eb);
	while (it->ordinal < target) {
		if ((rc = index_lexicon_decode(sg, sec, it, base, NULL, NULL, NULL, eb)))
			return rc;
		if ((rc = sst_next(it, eb)))
			return rc < 0 ? index_wrap(sg, sec, rc, eb)
			              : index_corrupt(sg, sec, eb, "key %u: past the table", target);
	}
	return index_lexicon_decode(sg, sec, it, base, ids, n, cap, eb);
}

/* The local term ids of one key of segment sg's lexicon (section sec);
 * none if absent. A key absent from SEC_KEYS means the term with its bytes,
 * if there is one (format.h): then *ti is that term's entry, read on the
 * way, and *have_ti is set. */
static int seg_lexicon_terms(struct index_segment *sg, uint32_t sec,
                             const char *key, size_t len, uint32_t **ids,
                             size_t *n, struct term_info *ti, int *have_ti,
                             struct errbuf *eb)
{
	struct sst_iter it;
	struct sst *t;
	size_t cap = 0;
	uint32_t local, base;
	int rc = index_seg_table(sg, sec, &t, eb);

	*ids = NULL;
	*n = 0;
	*have_ti = 0;
	if (rc)
		return rc;
	rc = sst_find(t, key, len, &it, eb);
	if (rc == ERR_NOTFOUND && sec == SEC_KEYS) {
		if ((rc = seg_term_find(sg, key, len, &local, ti, eb)))
			return rc == ERR_NOTFOUND ? 0 : rc;
		*ids = xmalloc(sizeof **ids);
		(*ids)[(*n)++] = local;
		*have_ti = 1;
		return 0;
	}
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc)
		return index_wrap(sg, sec, rc, eb);
	rc = lexicon_decode_at(sg, sec, &it, &base, ids, n, &cap, eb);
	if (rc) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return rc;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static int seg_prefix_terms(struct index_segment *sg, const char *prefix, size_t len,
                            size_t max_words, uint32_t **ids, size_t *n,
                            int *capped, struct errbuf *eb)
{
	struct sst_iter it;
	struct sst *t;
	size_t cap = 0, words = 0;
	uint32_t base;
	int rc = index_seg_table(sg, SEC_FOLDED, &t, eb);

	*ids = NULL;
	*n = 0;
	*capped = 0;
	if (rc)
		return rc;
	rc = sst_seek(t, prefix, len, &it, eb);
	if (rc < 0)
		return index_wrap(sg, SEC_FOLDED, rc, eb);
	while (rc == 0 && it.key_len >= len && memcmp(it.key, prefix, len) == 0) {
		if (words == max_words) {
			*capped = 1;
			break;
		}
		rc = words ? index_lexicon_decode(sg, SEC_FOLDED, &it, &base, ids, n, &cap, eb)
		           : lexicon_decode_at(sg, SEC_FOLDED, &it, &base, ids, n, &cap, eb);
		if (rc)
			break;
		words++;
		if ((rc = sst_next(&it, eb)) < 0)
			rc = index_wrap(sg, SEC_FOLDED, rc, eb);
	}
	if (rc < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return rc;
	}
	return 0;
}

/* The string at off (string_ok), NULL for NO_STRING. */
static inline int string_at(const struct index_segment *sg, uint32_t off,
                            const char **s, struct errbuf *eb)
{
	*s = NULL;
	return off == NO_STRING ? 0 : index_seg_string(sg, off, s, eb);
}

/* Tables of string offsets (SEC_LABELS, SEC_LEMMAS): whether entry i is
 * there and points at a string (checked when a record is decoded), and
 * the string (NULL for NO_STRING). */
_Static_assert(LABEL_ENTRY_SIZE == 4 && LEMMA_ENTRY_SIZE == 4, "string tables hold u32 offsets");

static int table_string_ok(const struct index_segment *sg, uint32_t sec, uint32_t i)
{
	return i < sg->sec_len[sec] / 4 && string_ok(sg, load_u32(sg->sec[sec] + (size_t)i * 4));
}

static int table_string(const struct index_segment *sg, uint32_t sec, uint32_t i,
                        const char **s, struct errbuf *eb)
{
	return string_at(sg, load_u32(sg->sec[sec] + (size_t)i * 4), s, eb);
}

/* Check decoded record r of local clause c against the sections it points
 * into. */
static int clause_rec_check(const struct index_segment *sg, uint32_t c,
                            const struct clause_rec *r, struct errbuf *eb)
{
	const struct index_stats *s = &sg->stats;
	const uint8_t *e;
	int rc;

	if (r->doc >= s->n_docs || r->text_block >= s->n_text_blocks ||
	    (r->label != CLAUSE_NO_LABEL && !table_string_ok(sg, SEC_LABELS, r->label)) ||
	    (r->lemma != CLAUSE_NO_LEMMA && !table_string_ok(sg, SEC_LEMMAS, r->lemma)))
		return index_corrupt(sg, SEC_CLAUSES, eb, "clause %u: bad document, "
		                     "text block, label or lemma", c);
	if ((rc = index_seg_bytes(sg, SEC_TEXT_INDEX,
	                          (uint64_t)r->text_block * TEXTIDX_ENTRY_SIZE,
	                          TEXTIDX_ENTRY_SIZE, &e, eb)))
		return rc;
	if ((uint64_t)r->text_off + r->text_len > load_u16(e + TEXTIDX_RAW_LEN))
		return index_corrupt(sg, SEC_CLAUSES, eb,
		                     "clause %u: text runs past its block", c);
	if ((uint64_t)r->emph_start + r->emph_len > r->text_len)
		return index_corrupt(sg, SEC_CLAUSES, eb,
		                     "clause %u: emphasis runs past its text", c);
	return 0;
}

/* Decode clause c's record (and those before it in its group), each
 * checked against the sections it points into when decoded. Done on
 * access (cheap: a record is decoded and checked once while its group
 * stays in the segment's cache) rather than for
 * all clauses at open, so opening a large index reads none of its clause
 * table; index_check walks them all. */
int index_clause_rec(const struct index_segment *sg, uint32_t c, struct clause_rec *r,
                     struct errbuf *eb)
{
	struct clause_cache *cc = sg->clause_cache;
	struct clause_group *cg = &cc->slot[0];
	const uint8_t *records = sg->sec[SEC_CLAUSES], *p;
	uint32_t g = c / CLAUSE_GROUP;
	size_t len;
	int rc;

	if (c >= sg->stats.n_clauses)
		return errbuf_set(eb, ERR_NOTFOUND, "no clause %u", c);
	for (size_t i = 0; i < CLAUSE_CACHE_GROUPS; i++) {
		struct clause_group *s = &cc->slot[i];
		if (s->group == g && s->records == records) {
			cg = s;
			break;
		}
		if (s->used < cg->used)
			cg = s;
	}
	if (cg->group != g || cg->records != records) {
		cg->group = UINT32_MAX;
		cg->records = records;
		if (clauserec_group_open(records, sg->sec_len[SEC_CLAUSES],
		                         sg->sec[SEC_CLAUSE_GROUPS], sg->stats.n_clauses, g,
		                         &cg->dec))
			return index_corrupt(sg, SEC_CLAUSES, eb, "clause %u: damaged group", c);
		/* Its bytes, bounds checked by the open, from a window. */
		len = (size_t)(cg->dec.end - cg->dec.q);
		if ((rc = index_seg_bytes(sg, SEC_CLAUSES, (uint64_t)(cg->dec.q - records), len,
		                          &p, eb)))
			return rc;
		cg->dec.q = p;
		cg->dec.end = p + len;
		cg->group = g;
	}
	for (uint32_t i = cg->dec.done; i <= c % CLAUSE_GROUP; i++) {
		if (clauserec_group_decode(&cg->dec, i)) {
			cg->group = UINT32_MAX;
			return index_corrupt(sg, SEC_CLAUSES, eb, "clause %u: damaged record",
			                     g * CLAUSE_GROUP + i);
		}
		if ((rc = clause_rec_check(sg, g * CLAUSE_GROUP + i, &cg->dec.rec[i], eb))) {
			cg->group = UINT32_MAX;
			return rc;
		}
	}
	cg->used = ++cc->tick;
	*r = cg->dec.rec[c % CLAUSE_GROUP];
	return 0;
}

int index_seg_clause_kind(const struct index_segment *sg, uint32_t c, unsigned *kind,
                          struct errbuf *eb)
{
	*kind = seg_clause_kind_bits(sg, c);
	if (*kind >= CLAUSE_KIND_COUNT)
		return index_corrupt(sg, SEC_KINDS, eb, "clause %u: kind %u", c, *kind);
	return 0;
}

static int seg_clause(const struct index_segment *sg, uint32_t clause_id,
                      struct clause_info *ci, struct errbuf *eb)
{
	struct clause_rec r;
	unsigned kind;
	int rc;

	ci->label = "";
	ci->verb_lemma = NULL;
	if ((rc = index_clause_rec(sg, clause_id, &r, eb)) ||
	    (rc = index_seg_clause_kind(sg, clause_id, &kind, eb)) ||
	    (r.label != CLAUSE_NO_LABEL &&
	     (rc = table_string(sg, SEC_LABELS, r.label, &ci->label, eb))) ||
	    (r.lemma != CLAUSE_NO_LEMMA &&
	     (rc = table_string(sg, SEC_LEMMAS, r.lemma, &ci->verb_lemma, eb))))
		return rc;
	ci->doc = r.doc;
	ci->n_tokens = seg_clause_len(sg, clause_id);
	ci->text_len = r.text_len;
	ci->verb_pos = r.verb_pos;
	ci->emph_start = r.emph_start;
	ci->emph_len = r.emph_len;
	ci->kind = kind;
	ci->line = r.line;
	return 0;
}

/* Document record r's title clause as an offset from its first clause
 * plus 1 (DOC_TITLE_BITS; 0: none) in *at; 0 if that is past the clauses
 * a writer looks at or past the document's own. */
static int doc_title_at(const uint8_t *r, uint32_t *at)
{
	*at = (load_u32(r + DOC_FLAGS) & DOC_TITLE_BITS) >> DOC_TITLE_SHIFT;
	return *at <= DOC_TITLE_SCAN && *at <= load_u32(r + DOC_N_CLAUSES);
}

/* Check document d's record (d < n_docs), on access like clauses. */
int index_doc_check(const struct index_segment *sg, uint32_t d, struct errbuf *eb)
{
	static const unsigned str_fields[] = { DOC_SYMBOL, DOC_TITLE, DOC_COMMITTEE,
	                                       DOC_REPORT, DOC_PATH };
	const uint8_t *r = sg->sec[SEC_DOCS] + (size_t)d * DOC_RECORD_SIZE;
	uint32_t title;

	for (size_t i = 0; i < COUNT(str_fields); i++)
		if (!string_ok(sg, load_u32(r + str_fields[i])))
			return index_corrupt(sg, SEC_DOCS, eb,
			                     "document %u: string offset out of range", d);
	if ((uint64_t)load_u32(r + DOC_FIRST_CLAUSE) + load_u32(r + DOC_N_CLAUSES) >
	    sg->stats.n_clauses)
		return index_corrupt(sg, SEC_DOCS, eb, "document %u: clauses out of range", d);
	if (!doc_title_at(r, &title))
		return index_corrupt(sg, SEC_DOCS, eb, "document %u: title clause out of range", d);
	return 0;
}

static int seg_doc(const struct index_segment *sg, uint32_t doc_id,
                   struct doc_info *di, struct errbuf *eb)
{
	const uint8_t *r;
	int rc;

	if (doc_id >= sg->stats.n_docs)
		return errbuf_set(eb, ERR_NOTFOUND, "no document %u", doc_id);
	if ((rc = index_doc_check(sg, doc_id, eb)))
		return rc;
	r = sg->sec[SEC_DOCS] + (size_t)doc_id * DOC_RECORD_SIZE;
	if ((rc = string_at(sg, load_u32(r + DOC_SYMBOL), &di->symbol, eb)) ||
	    (rc = string_at(sg, load_u32(r + DOC_TITLE), &di->title, eb)) ||
	    (rc = string_at(sg, load_u32(r + DOC_COMMITTEE), &di->committee, eb)) ||
	    (rc = string_at(sg, load_u32(r + DOC_REPORT), &di->report, eb)) ||
	    (rc = string_at(sg, load_u32(r + DOC_PATH), &di->path, eb)))
		return rc;
	di->session = load_u32(r + DOC_SESSION);
	di->date = load_u32(r + DOC_DATE);
	di->agenda_item = load_u32(r + DOC_AGENDA_ITEM);
	di->meeting = load_u32(r + DOC_MEETING);
	di->first_clause = load_u32(r + DOC_FIRST_CLAUSE);
	di->n_clauses = load_u32(r + DOC_N_CLAUSES);
	di->flags = load_u32(r + DOC_FLAGS);
	di->file_size = load_u64(r + DOC_FILE_SIZE);
	di->mtime = (int64_t)load_u64(r + DOC_MTIME);
	di->content_hash = load_u64(r + DOC_HASH);
	di->parser_version = load_u32(r + DOC_PARSER);
	di->deleted = 0;
	di->index_dir = sg->index_dir;
	return 0;
}

/* ---- The index as one collection: global ids over its segments. ---- */

uint32_t index_clause_segment(const struct index *ix, uint32_t c)
{
	uint32_t b = c >> CLAUSE_BUCKET_SHIFT, lo = 0, hi = ix->n_segs - 1;

	if (b < ix->n_buckets) {
		lo = ix->bucket_seg[b];
		if (b + 1 < ix->n_buckets)
			hi = ix->bucket_seg[b + 1];
	}
	while (lo < hi) { /* the last segment whose base is <= c */
		uint32_t mid = (lo + hi + 1) / 2;
		if (ix->clause_base[mid] <= c)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static uint32_t doc_segment(const struct index *ix, uint32_t d)
{
	uint32_t s = ix->n_segs - 1;

	while (s > 0 && ix->segs[s].doc_base > d)
		s--;
	return s;
}

uint32_t index_clause_len(const struct index *ix, uint32_t clause_id)
{
	uint32_t s = index_clause_segment(ix, clause_id);

	return seg_clause_len_in(&ix->segs[s], ix->lengths[s], clause_id - ix->clause_base[s]);
}

int index_clause(const struct index *ix, uint32_t clause_id,
                 struct clause_info *ci, struct errbuf *eb)
{
	const struct index_segment *sg;
	int rc;

	if (clause_id >= ix->stats.n_clauses)
		return errbuf_set(eb, ERR_NOTFOUND, "no clause %u", clause_id);
	sg = &ix->segs[index_clause_segment(ix, clause_id)];
	if ((rc = seg_clause(sg, clause_id - sg->clause_base, ci, eb)))
		return rc;
	ci->doc += sg->doc_base;
	return 0;
}

/* Galloping from the document found last, since readers ask in
 * ascending clause order and mostly for the same or a near document;
 * binary search otherwise. */
int index_seg_clause_doc(const struct index_segment *sg, uint32_t c, uint32_t *doc,
                         struct errbuf *eb)
{
	struct clause_cache *cc = sg->clause_cache;
	const uint8_t *docs = sg->sec[SEC_DOCS];
	int same = cc->doc_table == docs;
	uint32_t d = same ? cc->doc : 0, lo = 0, hi = sg->stats.n_docs, n;

	if (same && c >= cc->doc_first && c < cc->doc_end) {
		*doc = d;
		return 0;
	}
#define FIRST(i) load_u32(docs + (size_t)(i) * DOC_RECORD_SIZE + DOC_FIRST_CLAUSE)
	if (d < hi && FIRST(d) <= c) {
		uint32_t step = 1;
		lo = d; /* the answer is d or later */
		while (hi - lo > step && FIRST(lo + step) <= c) {
			lo += step;
			step *= 2;
		}
		if (hi - lo > step)
			hi = lo + step;
	}
	while (hi - lo > 1) { /* the last document starting at or before c */
		uint32_t mid = lo + (hi - lo) / 2;
		if (FIRST(mid) <= c)
			lo = mid;
		else
			hi = mid;
	}
	if (lo >= sg->stats.n_docs || FIRST(lo) > c ||
	    c - FIRST(lo) >= (n = load_u32(docs + (size_t)lo * DOC_RECORD_SIZE + DOC_N_CLAUSES)))
		return index_corrupt(sg, SEC_DOCS, eb, "clause %u is in no document", c);
	cc->doc_table = docs;
	cc->doc = lo;
	cc->doc_first = FIRST(lo);
	cc->doc_end = cc->doc_first + n;
#undef FIRST
	*doc = lo;
	return 0;
}

int index_clause_doc(const struct index *ix, uint32_t clause_id, uint32_t *doc,
                     struct errbuf *eb)
{
	const struct index_segment *sg;
	int rc;

	if (clause_id >= ix->stats.n_clauses)
		return errbuf_set(eb, ERR_NOTFOUND, "no clause %u", clause_id);
	sg = &ix->segs[index_clause_segment(ix, clause_id)];
	if ((rc = index_seg_clause_doc(sg, clause_id - sg->clause_base, doc, eb)))
		return rc;
	*doc += sg->doc_base;
	return 0;
}

int index_clause_kind_doc(const struct index *ix, uint32_t clause_id,
                          unsigned *kind, uint32_t *doc, struct errbuf *eb)
{
	const struct index_segment *sg;
	uint32_t c;
	int rc;

	if (clause_id >= ix->stats.n_clauses)
		return errbuf_set(eb, ERR_NOTFOUND, "no clause %u", clause_id);
	sg = &ix->segs[index_clause_segment(ix, clause_id)];
	c = clause_id - sg->clause_base;
	if ((rc = index_seg_clause_doc(sg, c, doc, eb)) ||
	    (rc = index_seg_clause_kind(sg, c, kind, eb)))
		return rc;
	*doc += sg->doc_base;
	return 0;
}

int index_doc_title(const struct index *ix, uint32_t doc_id, uint32_t *clause,
                    struct errbuf *eb)
{
	const struct index_segment *sg;
	const uint8_t *r;
	uint32_t d, first, n, at;

	if (doc_id >= ix->stats.n_docs)
		return errbuf_set(eb, ERR_NOTFOUND, "no document %u", doc_id);
	sg = &ix->segs[doc_segment(ix, doc_id)];
	d = doc_id - sg->doc_base;
	r = sg->sec[SEC_DOCS] + (size_t)d * DOC_RECORD_SIZE;
	first = load_u32(r + DOC_FIRST_CLAUSE);
	n = load_u32(r + DOC_N_CLAUSES);
	/* index_doc_check's test of the title alone: scoring asks for every
	 * resolution a candidate clause lies in. */
	if (!doc_title_at(r, &at) || (uint64_t)first + n > sg->stats.n_clauses)
		return index_corrupt(sg, SEC_DOCS, eb, "document %u: title clause out of range", d);
	*clause = at ? sg->clause_base + first + at - 1 : UINT32_MAX;
	return 0;
}

int index_doc(const struct index *ix, uint32_t doc_id, struct doc_info *di,
              struct errbuf *eb)
{
	const struct index_segment *sg;
	int rc;

	if (doc_id >= ix->stats.n_docs)
		return errbuf_set(eb, ERR_NOTFOUND, "no document %u", doc_id);
	sg = &ix->segs[doc_segment(ix, doc_id)];
	if ((rc = seg_doc(sg, doc_id - sg->doc_base, di, eb)))
		return rc;
	di->first_clause += sg->clause_base;
	di->deleted = bsearch(&(uint32_t){ doc_id - sg->doc_base }, sg->deleted_docs,
	                      sg->n_deleted_docs, sizeof *sg->deleted_docs, cmp_u32) != NULL;
	di->index_dir = sg->index_dir;
	return 0;
}

int index_clause_deleted(const struct index *ix, uint32_t clause_id)
{
	return clause_id < ix->stats.n_clauses && index_is_deleted(ix, clause_id);
}

uint32_t index_live_from(const struct index *ix, uint32_t clause_id)
{
	while (clause_id < ix->stats.n_clauses && index_is_deleted(ix, clause_id))
		clause_id++;
	return clause_id;
}

void index_roots(const struct index *ix, const char *const **roots, uint32_t *n,
                 int64_t *last_update)
{
	*roots = (const char *const *)ix->roots;
	*n = ix->n_roots;
	*last_update = ix->last_update;
}

uint64_t index_generation(const struct index *ix)
{
	return ix->generation;
}

void index_segment_info(const struct index *ix, uint32_t k,
                        struct index_segment_info *info)
{
	const struct index_segment *sg = &ix->segs[k];

	info->path = sg->seg_path;
	info->index_dir = sg->index_dir;
	info->file_size = sg->map_len;
	info->n_docs = sg->stats.n_docs;
	info->n_clauses = sg->stats.n_clauses;
	info->n_deleted_docs = sg->n_deleted_docs;
	info->n_deleted_clauses = sg->n_deleted_clauses;
	info->deleted_docs = sg->deleted_docs;
	info->doc_base = sg->doc_base;
	info->clause_base = sg->clause_base;
}

/* Term ids: a term of segment 0 has its ordinal there; any other term gets
 * n_terms(segment 0) + its rank in ix->extra, in order of first lookup. So a
 * one-segment index numbers terms exactly as its segment does. A term
 * already in the vocabulary keeps the id it has there. */
static int term_id_of(struct index *ix, const char *term, size_t len,
                      uint32_t *id, struct errbuf *eb)
{
	struct sst_iter it;
	struct sst *t;
	long k = strmap_find(ix->vocab, term, len); /* its index in ix->terms */
	int added, rc;

	if (k >= 0) {
		*id = ix->terms[k].id;
		return 0;
	}
	if ((rc = index_seg_table(&ix->segs[0], SEC_TERMS, &t, eb)))
		return rc;
	rc = sst_find(t, term, len, &it, eb);
	if (rc == 0) {
		*id = it.ordinal;
		return 0;
	}
	if (rc != ERR_NOTFOUND)
		return index_wrap(&ix->segs[0], SEC_TERMS, rc, eb);
	if (!ix->extra)
		ix->extra = strmap_new();
	*id = ix->segs[0].stats.n_terms +
	      (uint32_t)*strmap_upsert(ix->extra, term, len, strmap_count(ix->extra), &added);
	return 0;
}

/* The term string of id into ix->term. */
static int term_string(struct index *ix, uint32_t id, size_t *len,
                       struct errbuf *eb)
{
	uint32_t n0 = ix->segs[0].stats.n_terms;
	const char *k;
	struct term_info ti;
	int rc;

	if (id < n0) {
		if ((rc = seg_term_info(&ix->segs[0], id, &ti, eb)))
			return rc;
		memcpy(ix->term, ti.term, ti.term_len + 1);
		*len = ti.term_len;
		return 0;
	}
	if (!ix->extra || id - n0 >= strmap_count(ix->extra))
		return errbuf_set(eb, ERR_NOTFOUND, "no term id %u", id);
	k = strmap_key(ix->extra, id - n0, len);
	memcpy(ix->term, k, *len + 1);
	return 0;
}

/* The vocabulary entry of term (len bytes, not in ix->term) with id,
 * added incomplete (no parts) if new: its index in ix->terms. */
static uint64_t term_slot(struct index *ix, const char *term, size_t len, uint32_t id)
{
	int added;
	uint64_t k = *strmap_upsert(ix->vocab, term, len, strmap_count(ix->vocab), &added);

	if (added) {
		struct index_term *t;
		strmap_upsert(ix->slot_by_id, (const char *)&id, sizeof id, k, NULL);
		ix->terms = xgrow(ix->terms, &ix->terms_cap, k + 1, sizeof *ix->terms);
		t = &ix->terms[k];
		t->parts = xmalloc(ix->n_segs * sizeof *t->parts);
		t->n_parts = 0;
		t->id = id;
		t->complete = 0;
		t->live_df = 0;
		t->small = NULL;
	}
	return k;
}

/* Note that segment s (above every segment noted for it so far) holds the
 * term of entry k as its local term local (ti): a lexicon lookup found it,
 * so completing the entry need not search that segment's term table. */
static void term_note_part(struct index *ix, uint64_t k, uint32_t s, uint32_t local,
                           const struct term_info *ti)
{
	struct index_term *t = &ix->terms[k];

	if (t->complete || (t->n_parts && t->parts[t->n_parts - 1].seg >= s))
		return;
	term_part_set(&t->parts[t->n_parts++], s, local, ti);
}

/* Complete entry k (its term in ix->term, len bytes): the segments the
 * lexicon did not name are searched, and live df is counted. */
static int term_complete(struct index *ix, uint64_t k, size_t len, struct errbuf *eb)
{
	struct index_term *t = &ix->terms[k];
	struct term_part *noted = t->parts;
	uint32_t n_noted = t->n_parts, at = 0;
	int rc = 0;

	t->parts = xmalloc(ix->n_segs * sizeof *t->parts);
	t->n_parts = 0;
	for (uint32_t s = 0; s < ix->n_segs && !rc; s++) {
		struct index_segment *sg = &ix->segs[s];
		struct term_info ti;
		uint32_t gone = 0;
		if (at < n_noted && noted[at].seg == s) {
			t->parts[t->n_parts++] = noted[at++];
		} else {
			uint32_t local;
			rc = seg_term_find(sg, ix->term, len, &local, &ti, eb);
			if (rc == ERR_NOTFOUND) {
				rc = 0;
				continue;
			}
			if (rc)
				break;
			term_part_set(&t->parts[t->n_parts++], s, local, &ti);
		}
		/* Deleted clauses do not count. */
		if (sg->n_deleted_docs)
			rc = posting_reader_count_deleted(ix, &t->parts[t->n_parts - 1], &gone, eb);
		t->live_df += t->parts[t->n_parts - 1].df - gone;
	}
	free(noted);
	if (rc) {
		t->n_parts = 0;
		t->live_df = 0;
		return rc;
	}
	t->complete = 1;
	return 0;
}

/* The vocabulary entry of term id (in ix->term after the call): where it
 * lies in every segment and its live df, computed on first use. */
static int term_entry(struct index *ix, uint32_t id, struct index_term **out,
                      struct errbuf *eb)
{
	size_t len;
	const uint64_t *known = strmap_get(ix->slot_by_id, (const char *)&id, sizeof id);
	const char *term;
	uint64_t k;
	int rc;

	if (known) {
		k = *known;
	} else {
		if ((rc = term_string(ix, id, &len, eb)))
			return rc;
		k = term_slot(ix, ix->term, len, id);
	}
	term = strmap_key(ix->vocab, k, &len);
	memcpy(ix->term, term, len + 1);
	if (!ix->terms[k].complete) {
		if ((rc = term_complete(ix, k, len, eb)))
			return rc;
		/* term_complete may have reused ix->term meanwhile. */
		term = strmap_key(ix->vocab, k, &len);
		memcpy(ix->term, term, len + 1);
	}
	*out = &ix->terms[k];
	return 0;
}

int index_term_find(struct index *ix, const char *term, size_t len,
                    uint32_t *term_id, struct errbuf *eb)
{
	for (uint32_t s = 0; s < ix->n_segs; s++) {
		struct sst_iter it;
		struct sst *t;
		int rc = index_seg_table(&ix->segs[s], SEC_TERMS, &t, eb);
		if (rc)
			return rc;
		rc = sst_find(t, term, len, &it, eb);
		if (rc == 0)
			return term_id_of(ix, term, len, term_id, eb);
		if (rc != ERR_NOTFOUND)
			return index_wrap(&ix->segs[s], SEC_TERMS, rc, eb);
	}
	return errbuf_set(eb, ERR_NOTFOUND, "no term '%.*s'", (int)len, term);
}

int index_term_info(struct index *ix, uint32_t term_id, struct term_info *ti,
                    struct errbuf *eb)
{
	struct index_term *t;
	int rc = term_entry(ix, term_id, &t, eb);

	if (rc)
		return rc;
	memset(ti, 0, sizeof *ti);
	ti->term = ix->term;
	ti->term_len = strlen(ix->term);
	ti->df = t->live_df;
	return 0;
}

int index_term_entry(struct index *ix, uint32_t term_id, struct index_term **out,
                     struct errbuf *eb)
{
	return term_entry(ix, term_id, out, eb);
}

/* Turn segment s's local term ids into global ones, appended to out, and
 * note where each lies in s for its vocabulary entry. known, if not NULL,
 * is the entry of the one id, already read. */
static int globalise(struct index *ix, uint32_t s, const uint32_t *local,
                     size_t n, const struct term_info *known, uint32_t **out,
                     size_t *n_out, size_t *cap, struct errbuf *eb)
{
	for (size_t i = 0; i < n; i++) {
		struct term_info ti;
		uint32_t id;
		int rc;
		if (known)
			ti = *known;
		else if ((rc = seg_term_info(&ix->segs[s], local[i], &ti, eb)))
			return rc;
		if (s == 0)
			id = local[i];
		else if ((rc = term_id_of(ix, ti.term, ti.term_len, &id, eb)))
			return rc;
		term_note_part(ix, term_slot(ix, ti.term, ti.term_len, id), s, local[i], &ti);
		*out = xgrow(*out, cap, *n_out + 1, sizeof **out);
		(*out)[(*n_out)++] = id;
	}
	return 0;
}

static void sort_unique(uint32_t *ids, size_t *n)
{
	size_t u = 0;

	if (*n == 0)
		return; /* ids may be NULL */
	qsort(ids, *n, sizeof *ids, cmp_u32);
	for (size_t i = 0; i < *n; i++)
		if (u == 0 || ids[i] != ids[u - 1])
			ids[u++] = ids[i];
	*n = u;
}

/* Which lexicon lexicon_lookup reads, and how. */
enum lexicon_lookup {
	LOOKUP_KEY,    /* SEC_KEYS, one key */
	LOOKUP_FOLDED, /* SEC_FOLDED, one folded word */
	LOOKUP_PREFIX, /* SEC_FOLDED, every word starting with the key */
};

/* Run a segment-local lexicon lookup on every segment and merge the
 * results as global term ids, ascending and unique: a key, a folded word,
 * or a prefix of at most max_words words per segment. */
static int lexicon_lookup(struct index *ix, enum lexicon_lookup how,
                          const char *key, size_t len, size_t max_words,
                          uint32_t **ids, size_t *n, int *capped,
                          struct errbuf *eb)
{
	size_t cap = 0;
	int rc = 0;

	*ids = NULL;
	*n = 0;
	for (uint32_t s = 0; s < ix->n_segs && !rc; s++) {
		struct index_segment *sg = &ix->segs[s];
		uint32_t *local = NULL;
		size_t n_local = 0;
		struct term_info ti;
		int seg_capped = 0, have_ti = 0;
		if (how == LOOKUP_PREFIX)
			rc = seg_prefix_terms(sg, key, len, max_words, &local, &n_local,
			                      &seg_capped, eb);
		else
			rc = seg_lexicon_terms(sg, how == LOOKUP_FOLDED ? SEC_FOLDED : SEC_KEYS,
			                       key, len, &local, &n_local, &ti, &have_ti, eb);
		if (!rc)
			rc = globalise(ix, s, local, n_local, have_ti ? &ti : NULL, ids, n,
			               &cap, eb);
		if (capped && seg_capped)
			*capped = 1;
		free(local);
	}
	if (rc) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return rc;
	}
	sort_unique(*ids, n);
	return 0;
}

/* lexicon_lookup of a key or a folded word, made once per index: a copy
 * of the first answer serves the same lookup again (a failed lookup is not
 * kept). */
static int lexicon_lookup_once(struct index *ix, enum lexicon_lookup how,
                               const char *word, size_t len, uint32_t **ids,
                               size_t *n, struct errbuf *eb)
{
	struct buf name = BUF_INIT;
	const struct index_lookup *l;
	long k;
	int added, rc = 0;

	buf_append_str(&name, how == LOOKUP_KEY ? "k" : "f");
	buf_append(&name, word, len);
	if (!ix->lookup_seen)
		ix->lookup_seen = strmap_new();
	k = strmap_find(ix->lookup_seen, name.data, name.len);
	if (k < 0) {
		struct index_lookup found = { NULL, 0 };
		if (!(rc = lexicon_lookup(ix, how, word, len, 0, &found.ids, &found.n, NULL, eb))) {
			k = (long)strmap_count(ix->lookup_seen);
			strmap_upsert(ix->lookup_seen, name.data, name.len, (uint64_t)k, &added);
			ix->lookups = xgrow(ix->lookups, &ix->lookups_cap, (size_t)k + 1,
			                    sizeof *ix->lookups);
			ix->lookups[k] = found;
		}
	}
	buf_release(&name);
	if (rc)
		return rc;
	l = &ix->lookups[k];
	*n = l->n;
	*ids = NULL;
	if (l->n) {
		*ids = xmalloc(l->n * sizeof **ids);
		memcpy(*ids, l->ids, l->n * sizeof **ids);
	}
	return 0;
}

int index_key_terms(struct index *ix, const char *key, size_t len,
                    uint32_t **ids, size_t *n, struct errbuf *eb)
{
	return lexicon_lookup_once(ix, LOOKUP_KEY, key, len, ids, n, eb);
}

int index_folded_terms(struct index *ix, const char *word, size_t len,
                       uint32_t **ids, size_t *n, struct errbuf *eb)
{
	return lexicon_lookup_once(ix, LOOKUP_FOLDED, word, len, ids, n, eb);
}

int index_prefix_terms(struct index *ix, const char *prefix, size_t len,
                       size_t max_words, uint32_t **ids, size_t *n,
                       int *capped, struct errbuf *eb)
{
	*capped = 0;
	return lexicon_lookup(ix, LOOKUP_PREFIX, prefix, len, max_words, ids, n,
	                      capped, eb);
}

/* Bytes of a segment's folded words read at a time by index_folded_each:
 * a 10 MiB segment's 0.5 MB in eight reads. */
#define INDEX_WALK_READ (64u << 10)

/* Every segment's folded words merged in byte order, each word once: the
 * segments' iterators advance together, the least key goes to fn. */
int index_folded_each(struct index *ix, index_word_fn fn, void *ctx,
                      struct errbuf *eb)
{
	struct sst_iter *it = xcalloc(ix->n_segs ? ix->n_segs : 1, sizeof *it);
	uint8_t *live = xcalloc(ix->n_segs ? ix->n_segs : 1, 1);
	uint8_t *wide = xmalloc((ix->n_segs ? ix->n_segs : 1) * (size_t)INDEX_WALK_READ);
	char word[SST_MAX_KEY + 1];
	int rc = 0, skip;

	for (uint32_t s = 0; s < ix->n_segs && !rc; s++) {
		struct sst *t;
		if ((rc = index_seg_table(&ix->segs[s], SEC_FOLDED, &t, eb)))
			break;
		rc = sst_walk(t, &it[s], wide + (size_t)s * INDEX_WALK_READ, INDEX_WALK_READ, eb);
		live[s] = rc == 0;
		rc = rc < 0 ? index_wrap(&ix->segs[s], SEC_FOLDED, rc, eb) : 0;
	}
	while (!rc) {
		const struct sst_iter *least = NULL;
		size_t len;
		for (uint32_t s = 0; s < ix->n_segs; s++)
			if (live[s] && (!least || bytes_cmp(it[s].key, it[s].key_len, least->key,
			                                    least->key_len) < 0))
				least = &it[s];
		if (!least)
			break;
		len = least->key_len;
		memcpy(word, least->key, len + 1);
		if ((skip = fn(ctx, word, len)) < 0) {
			rc = skip;
			break;
		}
		if ((size_t)skip > len)
			skip = (int)len;
		/* On past this word, or past every word with its first skip
		 * bytes, in each segment standing at one. */
		for (uint32_t s = 0; s < ix->n_segs && !rc; s++) {
			if (!live[s] || (skip ? it[s].key_len < (size_t)skip ||
			                            memcmp(it[s].key, word, (size_t)skip) != 0
			                      : bytes_cmp(it[s].key, it[s].key_len, word, len) != 0))
				continue;
			rc = skip ? sst_skip_prefix(&it[s], (size_t)skip, eb) : sst_next(&it[s], eb);
			live[s] = rc == 0;
			rc = rc < 0 ? index_wrap(&ix->segs[s], SEC_FOLDED, rc, eb) : 0;
		}
	}
	free(it);
	free(live);
	free(wide);
	return rc;
}

void doc_date_iso(uint32_t date, char out[11])
{
	/* By hand: snprintf cost more than the rest of printing a hit's
	 * resolution. */
	uint32_t y = date / 10000 % 10000, m = date / 100 % 100, d = date % 100;

	if (!date) {
		out[0] = '\0';
		return;
	}
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}
