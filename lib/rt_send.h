/*
 * Sending documents to an endpoint that takes them (a Convex action, a
 * Slack webhook): its URL, headers and credentials read from files, and a
 * POST whose Idempotency-Key is derived from the body.
 */
#ifndef RT_SEND_H
#define RT_SEND_H

#include <stddef.h>

#include "rt_buf.h"
#include "rt_http.h"

struct rt_send {
	struct rt_http http;
	char *url;
	struct curl_slist *headers; /* every request's, credentials included */
	struct rt_buf creds; /* the credential options given, to name when refused */
	int own_type; /* the caller set Content-Type */
	int own_key; /* the caller set Idempotency-Key */
};

void rt_send_init(struct rt_send *s);
int rt_send_start(struct rt_send *s, char *why, size_t whysz);
int rt_send_url(struct rt_send *s, const char *url, const char *file, char *why, size_t whysz);
int rt_send_header(struct rt_send *s, const char *line, char *why, size_t whysz);
int rt_send_header_file(struct rt_send *s, const char *arg, char *why, size_t whysz);
int rt_send_bearer_file(struct rt_send *s, const char *path, char *why, size_t whysz);
char *rt_send_key(const char *body, size_t len, char *key);
int rt_send_post(struct rt_send *s, const char *body, size_t len, struct rt_http_req *r);
void rt_send_req_free(struct rt_http_req *r);
void rt_send_free(struct rt_send *s);

#endif
