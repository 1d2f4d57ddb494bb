/* buf.c: growable byte buffer (see buf.h). */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "xalloc.h"

#define BUF_PRINTF_ROOM 64

void buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void buf_release(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

/* A buffer of more than BUF_HUGE bytes asks for transparent huge pages
 * (where the system gives them on request): filling it touches a fresh
 * page every 4 KiB, and each first touch is a page fault (about 15 us on
 * the benchmark machine; `--json -n 40000 derechos` holds 20 MB of clause
 * text, 5,000 faults). Advice only: an error changes nothing. */
#define BUF_HUGE (4u << 20)
#define BUF_PAGE 4096u

void buf_reserve(struct buf *b, size_t n)
{
	uintptr_t from, to;

	if (b->len + n + 1 <= b->cap)
		return;
	b->data = xgrow(b->data, &b->cap, b->len + n + 1, 1);
	if (b->cap <= BUF_HUGE)
		return; /* advised at each growth past it: realloc may move it */
	from = ((uintptr_t)b->data + BUF_PAGE - 1) & ~(uintptr_t)(BUF_PAGE - 1);
	to = ((uintptr_t)b->data + b->cap) & ~(uintptr_t)(BUF_PAGE - 1);
	if (to > from)
		madvise((void *)from, to - from, MADV_HUGEPAGE);
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	/* Formatted straight into the room left, which most formats fit
	 * (a score, a count): formatting twice, to measure and then to
	 * write, was a tenth of printing a hit in JSON. */
	buf_reserve(b, BUF_PRINTF_ROOM);
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		buf_reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void buf_append_int(struct buf *b, long long v)
{
	char digits[24];
	size_t n = sizeof digits;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

	do {
		digits[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		digits[--n] = '-';
	buf_append(b, digits + n, sizeof digits - n);
}

void buf_append_u16(struct buf *b, uint16_t v)
{
	uint8_t x[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	buf_append(b, x, 2);
}

void buf_append_u32(struct buf *b, uint32_t v)
{
	uint8_t x[4];

	for (int i = 0; i < 4; i++)
		x[i] = (uint8_t)(v >> (8 * i));
	buf_append(b, x, 4);
}

void buf_append_u64(struct buf *b, uint64_t v)
{
	uint8_t x[8];

	for (int i = 0; i < 8; i++)
		x[i] = (uint8_t)(v >> (8 * i));
	buf_append(b, x, 8);
}

int bytes_cmp(const void *a, size_t alen, const void *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c ? c : (alen > blen) - (alen < blen);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p = b->data ? b->data : xstrdup("");

	if (len)
		*len = b->len;
	buf_init(b);
	return p;
}
