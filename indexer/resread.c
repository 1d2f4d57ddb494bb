/* resread.c: one input file as a stream of decoded, parsed documents (see resread.h). */
#include "resread.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "readfile.h"
#include "resmeta.h"
#include "text.h"
#include "xalloc.h"

#define NONE SIZE_MAX
/* A NUL byte this early in the raw bytes marks a binary file. */
#define BINARY_PROBE 8192

/* What the document being gathered is. */
enum doc_kind {
	DOC_WHOLE,      /* a resolution, or anything else */
	DOC_FIRST_PART, /* part A of a lettered resolution: parsed whole */
	DOC_LATER_PART, /* part B, C, ...: parsed with the first part's metadata */
};

struct resread {
	int fd;                  /* -1 for a reader over memory */
	const char *mem;
	size_t mem_len, mem_pos;
	char *chunk;             /* RESREAD_CHUNK raw bytes */
	struct text_decoder dec;
	int started, eof;
	uint64_t bytes;
	/* Decoded text of the current document, from its first byte; whole
	 * lines of pend[0..scan) have been looked at. */
	struct buf pend;
	size_t scan;
	uint32_t pend_line, scan_line; /* file lines of pend[0], pend[scan] */
	/* The current document, as the lines looked at describe it. */
	enum doc_kind kind;
	int blank_before, saw_blank;
	int has_symbol, can_part, paras_after_symbol, prev_footer;
	int after_resolution;    /* plain text that followed a resolution's
	                            footer: the next symbol line starts a new
	                            document however few paragraphs came first */
	/* Where plain text after the resolution's footer began (NONE if
	 * none): cut there when a resolution follows it or when the file
	 * holds more than one document, else it stays with the resolution. */
	size_t plain_at;
	uint32_t plain_line;
	/* Look at the lines from here again (NONE: go on), after a cut at
	 * plain_at: the paragraphs after it belong to the next document. */
	size_t rescan;
	uint32_t rescan_line;
	int paras, run_paras;    /* paragraphs of the document, of the run */
	size_t run_start;        /* first of the header paragraphs just seen */
	int run_after_footer;    /* that run began right after a footer */
	uint32_t run_line;
	size_t last_para;        /* latest paragraph start after pend[0] */
	uint32_t last_para_line;
	/* A cut found: pend[0..cut) is a document, the next one is next_kind. */
	size_t cut;
	uint32_t cut_line;
	enum doc_kind next_kind;
	struct resolution whole; /* the first part of a lettered resolution */
	int docs;                /* documents returned */
	resparse_warn_fn warn;   /* of the resread_next call under way */
	void *warn_ctx;
	uint32_t line_base;      /* file line of the document's line 1, minus 1 */
	char *masthead_symbol;   /* for a first document with no symbol, or NULL */
};

static struct resread *reader_new(void)
{
	struct resread *rr = xcalloc(1, sizeof *rr);

	rr->fd = -1;
	rr->chunk = xmalloc(RESREAD_CHUNK);
	rr->pend_line = rr->scan_line = 1;
	rr->blank_before = 1;
	rr->run_start = rr->last_para = rr->cut = rr->plain_at = rr->rescan = NONE;
	return rr;
}

int resread_open(struct resread **out, const char *path, struct errbuf *eb)
{
	struct stat st;
	int fd, rc;

	*out = NULL;
	if ((rc = file_open_regular(path, &fd, &st, eb)))
		return rc;
	*out = reader_new();
	(*out)->fd = fd;
	return 0;
}

struct resread *resread_new_memory(const char *data, size_t len)
{
	struct resread *rr = reader_new();

	rr->mem = data;
	rr->mem_len = len;
	return rr;
}

void resread_set_masthead_symbol(struct resread *rr, const char *symbol)
{
	free(rr->masthead_symbol);
	rr->masthead_symbol = symbol && *symbol ? xstrdup(symbol) : NULL;
}

uint64_t resread_bytes(const struct resread *rr)
{
	return rr->bytes;
}

void resread_free(struct resread *rr)
{
	if (!rr)
		return;
	if (rr->fd >= 0)
		close(rr->fd);
	free(rr->chunk);
	buf_release(&rr->pend);
	resolution_release(&rr->whole);
	free(rr->masthead_symbol);
	free(rr);
}

static void doc_warn(void *ctx, enum resparse_level level, uint32_t line,
                     const char *message)
{
	struct resread *rr = ctx;

	if (rr->warn)
		rr->warn(rr->warn_ctx, level, line ? line + rr->line_base : 0, message);
}

/* Read and decode the next chunk into pend; sets eof at the end. */
static int fill(struct resread *rr, struct errbuf *eb)
{
	size_t n;

	if (rr->fd >= 0) {
		ssize_t got;
		do
			got = read(rr->fd, rr->chunk, RESREAD_CHUNK);
		while (got < 0 && errno == EINTR);
		if (got < 0)
			return errbuf_set(eb, ERR_IO, "read: %s", strerror(errno));
		n = (size_t)got;
	} else {
		n = rr->mem_len - rr->mem_pos < RESREAD_CHUNK ? rr->mem_len - rr->mem_pos
		                                              : RESREAD_CHUNK;
		memcpy(rr->chunk, rr->mem + rr->mem_pos, n);
		rr->mem_pos += n;
	}
	if (!rr->started) {
		int utf16 = n >= 2 && (memcmp(rr->chunk, "\xFF\xFE", 2) == 0 ||
		                       memcmp(rr->chunk, "\xFE\xFF", 2) == 0);
		rr->started = 1;
		if (!utf16 && memchr(rr->chunk, '\0', n < BINARY_PROBE ? n : BINARY_PROBE))
			return errbuf_set(eb, ERR_BINARY, "binary file");
	}
	rr->bytes += n;
	rr->eof = n == 0;
	if (text_decode(&rr->dec, rr->chunk, n, rr->eof, &rr->pend) &&
	    rr->dec.enc != TEXT_UTF8 && rr->warn) {
		char msg[96];
		snprintf(msg, sizeof msg, "not UTF-8: read as %s%s",
		         text_encoding_name(rr->dec.enc),
		         rr->dec.enc == TEXT_CP1252 ? "" : " (byte-order mark)");
		rr->warn(rr->warn_ctx, RESPARSE_NOTICE, 0, msg);
	}
	return 0;
}

/* Does a paragraph right after a resolution's footer still belong to it:
 * an annex ("Anexo", "Apéndice"), a footnote's text, a recorded vote or
 * adoption sentence, or a header line (which the next resolution's symbol
 * line cuts at)? */
static int continues_resolution(const char *line, size_t n)
{
	static const char *const openers[] = {
		"anexo", "apendice", "[^", "votos a favor", "votos en contra",
		"abstenciones", "aprobada ",
	};

	for (size_t i = 0; i < sizeof openers / sizeof *openers; i++)
		if (resmeta_match_fold(line, n, openers[i]))
			return 1;
	return resparse_header_line(line, n);
}

static void set_cut(struct resread *rr, size_t at, uint32_t line, enum doc_kind next)
{
	if (at == 0 || at == NONE)
		return; /* nothing before it: no document to cut off */
	rr->cut = at;
	rr->cut_line = line;
	rr->next_kind = next;
}

/* Plain text begins at pend[at] (file line `line`) after a resolution's
 * footer: remember the first such place. */
static void mark_plain(struct resread *rr, size_t at, uint32_t line)
{
	if (rr->plain_at == NONE) {
		rr->plain_at = at;
		rr->plain_line = line;
	}
}

/* Cut before the plain text marked after the resolution, and look again
 * at the paragraphs from pend[again] (file line `line`) on, as paragraphs
 * of the plain document that now begins. */
static void cut_plain(struct resread *rr, size_t again, uint32_t line)
{
	set_cut(rr, rr->plain_at, rr->plain_line, DOC_WHOLE);
	rr->rescan = again;
	rr->rescan_line = line;
	rr->has_symbol = rr->prev_footer = rr->run_after_footer = 0;
	rr->after_resolution = rr->blank_before = rr->saw_blank = 1;
	rr->paras = 0;
	rr->run_start = NONE;
}

/* Look at the line pend[o..eol): track paragraphs and find cuts. */
static void look_at_line(struct resread *rr, size_t o, size_t eol)
{
	const char *line = rr->pend.data + o;
	size_t n = eol - o, i;
	struct symbol_line sl;
	int after_footer, footer_date;
	char date[11];

	while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	for (i = 0; i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\f'); i++)
		;
	if (i == n) {
		rr->blank_before = rr->saw_blank = 1;
		return;
	}
	if (!rr->blank_before && rr->saw_blank)
		return; /* inside a paragraph */
	rr->blank_before = 0;
	line += i, n -= i;
	if (o > 0) {
		rr->last_para = o;
		rr->last_para_line = rr->scan_line;
	}
	if (resmeta_symbol(line, n, &sl)) {
		int run = rr->run_start != NONE;
		if (rr->plain_at != NONE) { /* resolution, plain text, this one */
			cut_plain(rr, run ? rr->run_start : o, run ? rr->run_line : rr->scan_line);
			return;
		}
		/* A second symbol line, or a first one after front matter longer
		 * than the parser looks for it in, starts a new document. */
		if (rr->has_symbol || rr->after_resolution ||
		    rr->paras - (run ? rr->run_paras : 0) >= RESPARSE_SYMBOL_PARAS)
			set_cut(rr, run ? rr->run_start : o, run ? rr->run_line : rr->scan_line,
			        DOC_WHOLE);
		rr->paras = (run ? rr->run_paras : 0) + 1;
		rr->has_symbol = 1;
		rr->after_resolution = rr->run_after_footer = 0;
		rr->can_part = !memchr(line + sl.sym_off, ' ', sl.sym_len);
		rr->paras_after_symbol = 0;
		rr->prev_footer = 0;
		rr->run_start = NONE;
		return;
	}
	rr->paras++;
	rr->paras_after_symbol++;
	after_footer = rr->prev_footer;
	/* The date line of a footer, a paragraph of its own in a file without
	 * blank lines, is still the footer. */
	footer_date = after_footer && n < 40 && resmeta_date(line, n, date);
	if (rr->has_symbol && resparse_part_letter(line, n)) {
		if (rr->paras_after_symbol == 1 && rr->can_part && rr->kind == DOC_WHOLE)
			rr->kind = DOC_FIRST_PART;
		else if (rr->kind != DOC_WHOLE && after_footer)
			set_cut(rr, o, rr->scan_line, DOC_LATER_PART);
	}
	/* Anything else after the footer (an index, a report, notes in a
	 * session's volume) is a plain document of its own. */
	if (after_footer && rr->has_symbol && !resparse_part_letter(line, n) &&
	    resmeta_footer(line, n) <= 0 && !footer_date && !continues_resolution(line, n))
		mark_plain(rr, o, rr->scan_line);
	rr->prev_footer = resmeta_footer(line, n) > 0 || footer_date;
	/* The footer ends the document before: not a header. A title line
	 * (no closing punctuation) inside a run of header lines continues it. */
	if (rr->prev_footer) {
		rr->run_start = NONE;
	} else if (!resparse_header_line(line, n) &&
	           !(rr->run_start != NONE && !strchr(".,;:", line[n - 1]))) {
		/* header lines after a footer that no symbol line followed (a
		 * report's masthead): the plain document starts with them */
		if (rr->run_after_footer && rr->run_start != NONE && rr->has_symbol)
			mark_plain(rr, rr->run_start, rr->run_line);
		rr->run_start = NONE;
	} else if (rr->run_start == NONE) {
		rr->run_after_footer = after_footer;
		rr->run_start = o;
		rr->run_line = rr->scan_line;
		rr->run_paras = 1;
	} else {
		rr->run_paras++;
	}
}

/* Copy the metadata of a first part, for the parts after it. */
static void keep_whole(struct resread *rr, const struct resolution *r)
{
	resolution_release(&rr->whole);
	if (!r->symbol || !strchr(r->symbol, ' '))
		return;
	rr->whole.symbol = xstrdup(r->symbol);
	rr->whole.title = r->title ? xstrdup(r->title) : NULL;
	rr->whole.committee = r->committee ? xstrdup(r->committee) : NULL;
	rr->whole.report = r->report ? xstrdup(r->report) : NULL;
	rr->whole.session = r->session;
	rr->whole.agenda_item = r->agenda_item;
}

/* 1 if s[0..len) is only white space (a stretch between documents). */
static int all_space(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!text_is_ascii_space((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Parse pend[0..end) as the current document and drop it from pend; the
 * next document starts at line next_line and is of kind next. Returns 1
 * with a document, 0 when it held only white space, or a parse error. */
static int take_document(struct resread *rr, size_t end, uint32_t next_line,
                         enum doc_kind next, struct resolution *out,
                         struct errbuf *eb)
{
	int blank = all_space(rr->pend.data, end), rc = 0, got = 0;

	rr->line_base = rr->pend_line - 1;
	if (!blank && rr->kind == DOC_LATER_PART && rr->whole.symbol)
		rc = resparse_parse_part(rr->pend.data, end, &rr->whole, out, doc_warn, rr, eb);
	else if (!blank)
		rc = resparse_parse(rr->pend.data, end, out, doc_warn, rr, eb);
	if (rc == 0 && !blank) {
		got = 1;
		for (size_t i = 0; i < out->n_clauses; i++)
			out->clauses[i].line += rr->line_base; /* the file's lines */
		if (rr->docs == 0 && !out->is_resolution && !out->symbol && rr->masthead_symbol)
			out->symbol = xstrdup(rr->masthead_symbol);
		if (rr->kind == DOC_FIRST_PART)
			keep_whole(rr, out);
	}
	memmove(rr->pend.data, rr->pend.data + end, rr->pend.len - end);
	rr->pend.len -= end;
	rr->scan = rr->scan > end ? rr->scan - end : 0; /* a cut inside a line rescans it */
	rr->pend_line = next_line;
	rr->kind = next;
	rr->run_start = rr->last_para = rr->cut = rr->plain_at = NONE;
	if (rr->rescan != NONE) { /* look again at what followed the cut */
		rr->scan = rr->rescan - end;
		rr->scan_line = rr->rescan_line;
		rr->rescan = NONE;
	}
	if (next == DOC_WHOLE)
		resolution_release(&rr->whole);
	return rc < 0 ? rc : got;
}

/* The cut of a document that grew to RESREAD_MAX_DOC without a heading. */
static void cut_long_document(struct resread *rr)
{
	const char *s = rr->pend.data;
	size_t at = RESREAD_MAX_DOC;
	uint32_t line = rr->scan_line;
	char msg[128];

	if (rr->last_para != NONE) {
		at = rr->last_para;
		line = rr->last_para_line;
	} else if (rr->scan > 0) {
		at = rr->scan;
	} else {
		while (at > 1 && ((unsigned char)s[at] & 0xC0) == 0x80)
			at--;
	}
	rr->cut = at;
	rr->cut_line = line;
	rr->next_kind = DOC_WHOLE;
	snprintf(msg, sizeof msg, "no resolution heading in %zu MiB: a new document starts here",
	         RESREAD_MAX_DOC >> 20);
	if (rr->warn)
		rr->warn(rr->warn_ctx, RESPARSE_WARNING, line, msg);
}

int resread_next(struct resread *rr, struct resolution *out,
                 resparse_warn_fn warn, void *warn_ctx, struct errbuf *eb)
{
	int rc;

	memset(out, 0, sizeof *out);
	rr->warn = warn;
	rr->warn_ctx = warn_ctx;
	for (;;) {
		while (rr->cut == NONE && rr->scan < rr->pend.len) {
			const char *s = rr->pend.data;
			const char *nl = memchr(s + rr->scan, '\n', rr->pend.len - rr->scan);
			size_t eol = nl ? (size_t)(nl - s) : rr->pend.len;
			if (!nl && !rr->eof)
				break;
			look_at_line(rr, rr->scan, eol);
			rr->scan = nl ? eol + 1 : eol;
			rr->scan_line++;
		}
		if (rr->cut == NONE && rr->eof) {
			if (rr->pend.len == 0)
				break;
			rr->cut = rr->pend.len;
			rr->cut_line = rr->scan_line;
			rr->next_kind = DOC_WHOLE;
			/* the last resolution of a volume, then plain text */
			if (rr->plain_at != NONE && rr->docs > 0) {
				rr->cut = rr->plain_at;
				rr->cut_line = rr->plain_line;
				rr->has_symbol = 0;
			}
		} else if (rr->cut == NONE && rr->pend.len >= RESREAD_MAX_DOC) {
			cut_long_document(rr);
		}
		if (rr->cut != NONE) {
			rc = take_document(rr, rr->cut, rr->cut_line, rr->next_kind, out, eb);
			if (rc == 1) {
				rr->docs++;
				return 1;
			}
			if (rc < 0 && (rr->docs > 0 || !rr->eof || rr->pend.len > 0)) {
				/* one bad document of several: say so and go on */
				if (warn)
					warn(warn_ctx, RESPARSE_WARNING, rr->line_base + 1, eb->msg);
				rc = 0;
			}
			if (rc < 0)
				return rc;
			continue;
		}
		if ((rc = fill(rr, eb)) < 0)
			return rc;
	}
	if (rr->docs == 0)
		return errbuf_set(eb, ERR_EMPTY, "empty file");
	return 0;
}
