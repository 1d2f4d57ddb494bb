/* buf.h: a growable byte buffer (git's strbuf, Redis's sds, reduced).
 *
 * The buffer owns its bytes; buf_release frees them and leaves an empty,
 * reusable buffer. data is always NUL-terminated past len when len > 0 or
 * after any append, so it can be used as a C string when it holds text. */
#ifndef UNSEARCH_BUF_H
#define UNSEARCH_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_init(struct buf *b);
void buf_release(struct buf *b);
/* Make room for n more bytes (plus the terminating NUL). */
void buf_reserve(struct buf *b, size_t n);
/* Inline, as the appends below: a hit printed in JSON is some forty
 * appends of a few bytes, whose calls were a twelfth of printing it
 * (callgrind); with the room there, an append is a copy, of a length
 * often known when compiling. */
static inline void buf_append(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap)
		buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}
/* Inline, so that the length of a literal (a JSON key, a separator) is
 * known when compiling: strlen at run time was a twentieth of printing a
 * hit in JSON (perf). */
static inline void buf_append_str(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}
static inline void buf_append_byte(struct buf *b, uint8_t c)
{
	buf_append(b, &c, 1);
}
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* v in decimal, as printf's %lld writes it without printf's cost (about
 * a thousand instructions a call, five calls a hit in JSON). */
void buf_append_int(struct buf *b, long long v);
/* Little-endian fixed-width appends, the byte order of the index format. */
void buf_append_u16(struct buf *b, uint16_t v);
void buf_append_u32(struct buf *b, uint32_t v);
void buf_append_u64(struct buf *b, uint64_t v);
void buf_reset(struct buf *b); /* len = 0, keeps the allocation */
/* Byte order of two byte strings, a shorter prefix first (as memcmp then
 * length): the order of every sorted table and run of the index. */
int bytes_cmp(const void *a, size_t alen, const void *b, size_t blen);
/* Hand the bytes to the caller (who frees them); b becomes empty. */
char *buf_detach(struct buf *b, size_t *len);

#endif
