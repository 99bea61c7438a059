/* A request as a CGI program receives it (RFC 3875), and the answer it writes. */
#ifndef RT_CGI_H
#define RT_CGI_H

#include <stddef.h>
#include <stdio.h>

#include "rt_buf.h"

#define RT_CGI_BODY_MAX (1024 * 1024) /* the largest body read; larger ones are 413 unread */

enum {
	RT_CGI_LENGTH_NONE = -1, /* no CONTENT_LENGTH: read to the end (a filter's stdin) */
	RT_CGI_LENGTH_BAD = -2 /* a CONTENT_LENGTH that is not a number */
};

struct rt_cgi_header {
	char *name; /* as given: "Stripe-Signature", or "STRIPE_SIGNATURE" from HTTP_STRIPE_SIGNATURE */
	char *value;
};

struct rt_cgi {
	const char *method, *path, *query, *remote; /* "" when absent */
	long long length; /* CONTENT_LENGTH, or RT_CGI_LENGTH_* */
	struct rt_cgi_header *headers;
	size_t nheaders, cap;
	struct rt_buf body;
};

void rt_cgi_init(struct rt_cgi *);
void rt_cgi_from_env(struct rt_cgi *, char **);
void rt_cgi_header_add(struct rt_cgi *, const char *, size_t, const char *);
const char *rt_cgi_header(const struct rt_cgi *, const char *);
int rt_cgi_read_body(struct rt_cgi *, int, char *, size_t);
void rt_cgi_free(struct rt_cgi *);
const char *rt_cgi_reason(int);
void rt_cgi_answer(FILE *, int);

#endif
