/* A growable byte buffer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_buf.h"
#include "rt_err.h"

void
rt_buf_grow(struct rt_buf *b, size_t more)
{
	size_t want;

	if (b->cap - b->len > more)
		return;
	want = b->cap == 0 ? 256 : b->cap;
	while (want - b->len <= more) {
		if (want > SIZE_MAX / 2)
			rt_errx(RT_EXIT_IO, "buffer too large");
		want *= 2;
	}
	b->p = rt_erealloc(b->p, want);
	b->cap = want;
}

void
rt_buf_add(struct rt_buf *b, const void *p, size_t n)
{
	rt_buf_grow(b, n);
	if (n > 0)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

void
rt_buf_addc(struct rt_buf *b, int c)
{
	rt_buf_grow(b, 1);
	b->p[b->len++] = (char)c;
}

void
rt_buf_adds(struct rt_buf *b, const char *s)
{
	rt_buf_add(b, s, strlen(s));
}

void
rt_buf_addf(struct rt_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rt_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

/* rt_buf_addf for a function that takes its own format and arguments. */
void
rt_buf_vaddf(struct rt_buf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n >= 0) {
		rt_buf_grow(b, (size_t)n + 1);
		vsnprintf(b->p + b->len, (size_t)n + 1, fmt, again);
		b->len += (size_t)n;
	}
	va_end(again);
}

void
rt_buf_addi64(struct rt_buf *b, int64_t v)
{
	char tmp[24];
	char *e = tmp + sizeof(tmp), *s = e;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--s = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--s = '-';
	rt_buf_add(b, s, (size_t)(e - s));
}

const char *
rt_buf_str(struct rt_buf *b)
{
	rt_buf_grow(b, 1);
	b->p[b->len] = '\0';
	return b->p;
}

void
rt_buf_reset(struct rt_buf *b)
{
	b->len = 0;
}

void
rt_buf_free(struct rt_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
