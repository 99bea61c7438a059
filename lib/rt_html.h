/*
 * Web pages: values read out of them with libxml2's HTML parser (sources
 * that have no API), and text escaped for the pages rt writes.
 */
#ifndef RT_HTML_H
#define RT_HTML_H

#include <stddef.h>

#include "rt_buf.h"

char *rt_html_attr(const char *, size_t, const char *, const char *, const char *, const char *);
char *rt_html_text(const char *, size_t);
void rt_text_squeeze(struct rt_buf *, const char *, size_t);
void rt_html_escape(struct rt_buf *b, const char *s, size_t n);

#endif
