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

void rt_buf_grow(struct rt_buf *, size_t);
void rt_buf_add(struct rt_buf *, const void *, size_t);
void rt_buf_addc(struct rt_buf *, int);
void rt_buf_adds(struct rt_buf *, const char *);
void rt_buf_addf(struct rt_buf *, const char *, ...) __attribute__((format(printf, 2, 3)));
void rt_buf_vaddf(struct rt_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void rt_buf_addi64(struct rt_buf *, int64_t);
const char *rt_buf_str(struct rt_buf *); /* NUL-terminated view */
void rt_buf_reset(struct rt_buf *);
void rt_buf_free(struct rt_buf *);

#endif
