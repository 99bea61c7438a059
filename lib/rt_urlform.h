/* Reading application/x-www-form-urlencoded text: a form body, or a URL's query. */
#ifndef RT_URLFORM_H
#define RT_URLFORM_H

#include <stddef.h>

#include <jv.h>

jv rt_urlform_decode(const char *, size_t, char *, size_t);

#endif
