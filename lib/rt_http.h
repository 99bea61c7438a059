/* HTTP on libcurl with rt's rules (SPEC section 6): retries, rate-limit waits, masked logs. */
#ifndef RT_HTTP_H
#define RT_HTTP_H

#include <curl/curl.h>
#include <stddef.h>

#include "rt_buf.h"

enum rt_http_result {
	RT_HTTP_OK = 0, /* a 2xx answer */
	RT_HTTP_AUTH, /* 401 or 403: the credential is wrong or lacks the right */
	RT_HTTP_REFUSED, /* another status that retrying will not change */
	RT_HTTP_FAILED /* no good answer after every retry */
};

struct rt_http_req {
	/* Set by the caller. */
	const char *method; /* GET when NULL */
	char *url;
	struct curl_slist *headers;
	const char *body;
	size_t bodylen;
	const char *user, *password; /* HTTP Basic, when user is set */
	void *data;
	long timeout_ms; /* this request's own limit; 0: the engine's (RT_HTTP_TIMEOUT) */

	/* Filled by rt_http_run. */
	enum rt_http_result result;
	long status;
	struct rt_buf resp; /* the body of the last answer */
	struct rt_buf hdrs; /* its header lines */
	char why[1024]; /* what went wrong, secrets masked (a URL can be long) */
	int attempts;
	char *location; /* where a redirect (3xx) pointed, absolute; never followed */

	/* The engine's own. */
	CURL *easy;
	long long due, started;
	int running, done;
};

struct rt_http {
	CURLM *multi;
	CURLSH *share;
	int retries;
	long timeout_ms, backoff_ms, maxwait_ms;
	char **secrets;
	size_t nsecrets;
	char **forms; /* the secrets as they travel (base64, percent-encoded, JSON), masked whole */
	size_t nforms;
	unsigned long requests; /* attempts sent, retries included */
	unsigned int seed;
};

int rt_http_init(struct rt_http *, char *, size_t);
void rt_http_free(struct rt_http *);
void rt_http_secret(struct rt_http *, const char *);
void rt_http_mask(const struct rt_http *, const char *, size_t, struct rt_buf *);
void rt_http_req_init(struct rt_http_req *, const char *, const char *);
void rt_http_req_reset(struct rt_http_req *);
void rt_http_req_free(struct rt_http_req *);
void rt_http_header_add(struct rt_http_req *, const char *, ...) __attribute__((format(printf, 2, 3)));
const char *rt_http_header(const struct rt_http_req *, const char *, size_t *);
int rt_http_run(struct rt_http *, struct rt_http_req **, size_t, int);
int rt_http_one(struct rt_http *, struct rt_http_req *);
char *rt_http_escape(const char *);
int rt_http_same_origin(const char *, const char *);
void rt_http_snippet(const struct rt_http *, const struct rt_http_req *, struct rt_buf *);
void rt_http_explain(const struct rt_http *, const struct rt_http_req *, struct rt_buf *);

#endif
