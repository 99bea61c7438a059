/* Values read out of web pages with libxml2's HTML parser, for sources that have no API. */
#ifndef RT_HTML_H
#define RT_HTML_H

#include <stddef.h>

char *rt_html_attr(
    const char *html, size_t len, const char *tag, const char *key, const char *value, const char *want);

#endif
