/* Signing in through a web form: form-encoded bodies, and the session cookies kept secret. */
#ifndef RT_FORM_H
#define RT_FORM_H

#include "rt_buf.h"
#include "rt_http.h"

void rt_form_add(struct rt_buf *, const char *, const char *);
void rt_form_mask_cookies(struct rt_http *, struct rt_http_req *);

#endif
