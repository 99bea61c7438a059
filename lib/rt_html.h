/*
 * Web pages: values read out of them with libxml2's HTML parser (sources
 * that have no API), and text escaped for the pages rt writes.
 */
#ifndef RT_HTML_H
#define RT_HTML_H

#include <stddef.h>

#include "rt_buf.h"

char *rt_html_attr(
    const char *html, size_t len, const char *tag, const char *key, const char *value, const char *want);
char *rt_html_text(const char *html, size_t len);
void rt_text_squeeze(struct rt_buf *b, const char *s, size_t n);
void rt_html_escape(struct rt_buf *b, const char *s, size_t n);

#endif
