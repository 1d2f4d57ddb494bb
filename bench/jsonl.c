/* jsonl.c: reads `unindex --export` JSON Lines for the peer drivers.
 *
 * The export has one known shape: one object per line whose members are all
 * strings ({"symbol","label","kind","text"}). This is not a general JSON
 * parser: it decodes string escapes (\" \\ \/ \b \f \n \r \t \uXXXX with
 * surrogate pairs) and rejects anything that is not a flat string object.
 *
 * The reader owns every buffer; a record's strings stay valid until the next
 * jsonl_next() or jsonl_close(). Used from C and C++ through jsonl.h.
 */
#include <stdio.h>
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

enum { FIELD_SYMBOL, FIELD_LABEL, FIELD_KIND, FIELD_TEXT, FIELD_COUNT };

struct jsonl_reader {
	FILE *f;
	const char *path;
	char *line;
	size_t line_cap;
	char *out;		/* decoded strings, NUL-separated */
	size_t out_cap;
	long lineno;
};

static void *grow(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "jsonl: out of memory\n");
		exit(2);
	}
	return p;
}

struct jsonl_reader *jsonl_open(const char *path)
{
	struct jsonl_reader *r = grow(NULL, sizeof *r);
	memset(r, 0, sizeof *r);
	r->path = path;
	r->f = fopen(path, "rb");
	if (!r->f) {
		free(r);
		return NULL;
	}
	return r;
}

void jsonl_close(struct jsonl_reader *r)
{
	if (!r)
		return;
	fclose(r->f);
	free(r->line);
	free(r->out);
	free(r);
}

static int hex4(const char *s, unsigned *v)
{
	unsigned x = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		x <<= 4;
		if (c >= '0' && c <= '9') x |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f') x |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F') x |= (unsigned)(c - 'A' + 10);
		else return -1;
	}
	*v = x;
	return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) { o[0] = (char)cp; return 1; }
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Decodes the string starting after the opening quote at *pp into out[*on];
 * leaves *pp after the closing quote. Decoded text is never longer than the
 * escaped text, so out needs no more room than the line. */
static int parse_string(const char **pp, char *out, size_t *on)
{
	const char *p = *pp;
	size_t n = *on;
	for (;;) {
		char c = *p++;
		if (c == '"')
			break;
		if (c == '\0' || c == '\n')
			return -1;
		if (c != '\\') {
			out[n++] = c;
			continue;
		}
		c = *p++;
		switch (c) {
		case '"': case '\\': case '/': out[n++] = c; break;
		case 'b': out[n++] = '\b'; break;
		case 'f': out[n++] = '\f'; break;
		case 'n': out[n++] = '\n'; break;
		case 'r': out[n++] = '\r'; break;
		case 't': out[n++] = '\t'; break;
		case 'u': {
			unsigned cp, lo;
			if (hex4(p, &cp))
				return -1;
			p += 4;
			if (cp >= 0xD800 && cp < 0xDC00 && p[0] == '\\' && p[1] == 'u' &&
			    !hex4(p + 2, &lo) && lo >= 0xDC00 && lo < 0xE000) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				p += 6;
			} else if (cp >= 0xD800 && cp < 0xE000) {
				cp = 0xFFFD;	/* lone surrogate */
			}
			n += put_utf8(out + n, cp);
			break;
		}
		default:
			return -1;
		}
	}
	out[n++] = '\0';
	*pp = p;
	*on = n;
	return 0;
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

static int field_of(const char *key)
{
	if (!strcmp(key, "symbol")) return FIELD_SYMBOL;
	if (!strcmp(key, "label")) return FIELD_LABEL;
	if (!strcmp(key, "kind")) return FIELD_KIND;
	if (!strcmp(key, "text")) return FIELD_TEXT;
	return -1;
}

/* Returns 1 with a record, 0 at end of file, -1 on a malformed line (the
 * message names the file and line). Blank lines are skipped. */
int jsonl_next(struct jsonl_reader *r, struct jsonl_record *rec)
{
	ssize_t len;
	for (;;) {
		len = getline(&r->line, &r->line_cap, r->f);
		if (len < 0)
			return ferror(r->f) ? -1 : 0;
		r->lineno++;
		if (*skip_ws(r->line))
			break;
	}
	/* Decoding never lengthens a string (an escape of 6 or 12 bytes gives
	 * at most 3 or 4 bytes, two quotes give one NUL), so out needs no more
	 * room than the line. */
	if (r->out_cap < (size_t)len + 16) {
		r->out_cap = (size_t)len + 16;
		r->out = grow(r->out, r->out_cap);
	}
	size_t at[FIELD_COUNT], ends[FIELD_COUNT];
	int seen[FIELD_COUNT] = {0};
	size_t n = 0;
	const char *p = skip_ws(r->line);
	if (*p++ != '{')
		goto bad;
	p = skip_ws(p);
	if (*p == '}')
		goto bad;
	for (;;) {
		if (*p++ != '"')
			goto bad;
		size_t key = n;
		if (parse_string(&p, r->out, &n))
			goto bad;
		int fld = field_of(r->out + key);
		n = key;	/* the key is not kept */
		p = skip_ws(p);
		if (*p++ != ':')
			goto bad;
		p = skip_ws(p);
		if (*p++ != '"')
			goto bad;
		size_t val = n;
		if (parse_string(&p, r->out, &n))
			goto bad;
		if (fld >= 0) {
			at[fld] = val;
			ends[fld] = n - 1;
			seen[fld] = 1;
		} else {
			n = val;	/* unknown member: dropped */
		}
		p = skip_ws(p);
		if (*p == ',') {
			p = skip_ws(p + 1);
			continue;
		}
		if (*p++ != '}')
			goto bad;
		break;
	}
	if (*skip_ws(p) || !seen[FIELD_TEXT])
		goto bad;
	rec->symbol = seen[FIELD_SYMBOL] ? r->out + at[FIELD_SYMBOL] : "";
	rec->label = seen[FIELD_LABEL] ? r->out + at[FIELD_LABEL] : "";
	rec->kind = seen[FIELD_KIND] ? r->out + at[FIELD_KIND] : "";
	rec->text = r->out + at[FIELD_TEXT];
	rec->text_len = ends[FIELD_TEXT] - at[FIELD_TEXT];
	rec->line = r->lineno;
	return 1;
bad:
	fprintf(stderr, "%s:%ld: not a clause object of the export\n", r->path, r->lineno);
	return -1;
}
