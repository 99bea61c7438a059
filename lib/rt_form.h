/* Signing in through a web form: form-encoded bodies, and the session cookies kept secret. */
#ifndef RT_FORM_H
#define RT_FORM_H

#include "rt_buf.h"
#include "rt_http.h"

void rt_form_add(struct rt_buf *b, const char *name, const char *value);
void rt_form_mask_cookies(struct rt_http *h, struct rt_http_req *r);

#endif
