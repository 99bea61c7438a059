/* A growable byte buffer: the one way rt builds strings and output lines. */
#ifndef RT_BUF_H
#define RT_BUF_H

#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

struct rt_buf {
	char *p;
	size_t len;
	size_t cap;
};

void rt_buf_grow(struct rt_buf *b, size_t more);
void rt_buf_add(struct rt_buf *b, const void *p, size_t n);
void rt_buf_addc(struct rt_buf *b, int c);
void rt_buf_adds(struct rt_buf *b, const char *s);
void rt_buf_addf(struct rt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rt_buf_vaddf(struct rt_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void rt_buf_addi64(struct rt_buf *b, int64_t v);
const char *rt_buf_str(struct rt_buf *b); /* NUL-terminated view */
void rt_buf_reset(struct rt_buf *b);
void rt_buf_free(struct rt_buf *b);

#endif
