/*
 * The CGI side of a web server (RFC 3875): the request in environment
 * variables and the body on stdin, the answer as a Status header on stdout.
 * Only what a webhook receiver needs is read: the method, PATH_INFO, the
 * query, CONTENT_LENGTH, the client's address for the log, and every
 * HTTP_* variable as a header.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_cgi.h"
#include "rt_err.h"

void
rt_cgi_init(struct rt_cgi *c)
{
	memset(c, 0, sizeof(*c));
	c->method = c->path = c->query = c->remote = "";
	c->length = RT_CGI_LENGTH_NONE;
}

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL ? v : "";
}

/* CONTENT_LENGTH: digits only; absent or empty is a request without a body (RFC 3875 4.1.2). */
static long long
content_length(const char *s)
{
	size_t n = strspn(s, "0123456789");

	if (s[n] != '\0')
		return RT_CGI_LENGTH_BAD;
	/* Any length past 18 digits is over the limit; strtoll would saturate it anyway. */
	return n > 18 ? (long long)RT_CGI_BODY_MAX + 1 : strtoll(s, NULL, 10);
}

/* The request the server put in the environment; each HTTP_NAME variable is the header NAME. */
void
rt_cgi_from_env(struct rt_cgi *c, char **environment)
{
	char **e, *eq;

	rt_cgi_init(c);
	c->method = env("REQUEST_METHOD");
	c->path = env("PATH_INFO");
	c->query = env("QUERY_STRING");
	c->remote = env("REMOTE_ADDR");
	c->length = content_length(env("CONTENT_LENGTH"));
	for (e = environment; e != NULL && *e != NULL; e++)
		if (strncmp(*e, "HTTP_", 5) == 0 && (eq = strchr(*e, '=')) != NULL)
			rt_cgi_header_add(c, *e + 5, (size_t)(eq - *e - 5), eq + 1);
}

void
rt_cgi_header_add(struct rt_cgi *c, const char *name, size_t namelen, const char *value)
{
	c->headers = rt_egrow(c->headers, &c->cap, c->nheaders + 1, sizeof(*c->headers));
	c->headers[c->nheaders].name = rt_estrndup(name, namelen);
	c->headers[c->nheaders].value = rt_estrdup(value);
	c->nheaders++;
}

/* Header names compare without case, and '-' as '_', as servers turn them into variables. */
static int
same_name(const char *a, const char *b)
{
	int x, y;

	for (;; a++, b++) {
		x = *a == '-' ? '_' : *a >= 'a' && *a <= 'z' ? *a - 'a' + 'A' : *a;
		y = *b == '-' ? '_' : *b >= 'a' && *b <= 'z' ? *b - 'a' + 'A' : *b;
		if (x != y)
			return 0;
		if (x == '\0')
			return 1;
	}
}

/* The value of header name, or NULL. */
const char *
rt_cgi_header(const struct rt_cgi *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nheaders; i++)
		if (same_name(c->headers[i].name, name))
			return c->headers[i].value;
	return NULL;
}

/*
 * Reads the body from fd: CONTENT_LENGTH bytes, or up to the end when there
 * is none.  0 when read; 413 when it is longer than RT_CGI_BODY_MAX, which a
 * stated length tells before a byte is read; 400 when the length is no
 * number or the body ends early; -1 (why) when fd cannot be read.
 */
int
rt_cgi_read_body(struct rt_cgi *c, int fd, char *why, size_t whysz)
{
	size_t want = c->length >= 0 ? (size_t)c->length : RT_CGI_BODY_MAX + 1, chunk;
	ssize_t n;

	rt_buf_reset(&c->body);
	if (c->length == RT_CGI_LENGTH_BAD) {
		snprintf(why, whysz, "CONTENT_LENGTH is not a number");
		return 400;
	}
	if (c->length > RT_CGI_BODY_MAX) {
		snprintf(why, whysz, "a body over %d bytes", RT_CGI_BODY_MAX);
		return 413;
	}
	while (c->body.len < want) {
		chunk = want - c->body.len < 65536 ? want - c->body.len : 65536;
		rt_buf_grow(&c->body, chunk);
		if ((n = read(fd, c->body.p + c->body.len, chunk)) == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			snprintf(why, whysz, "reading the body: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			break;
		c->body.len += (size_t)n;
	}
	if (c->length < 0 && c->body.len > RT_CGI_BODY_MAX) {
		snprintf(why, whysz, "a body over %d bytes", RT_CGI_BODY_MAX);
		return 413;
	}
	if (c->length >= 0 && c->body.len < want) {
		snprintf(why, whysz, "the body ended after %zu of %lld bytes", c->body.len, c->length);
		return 400;
	}
	rt_buf_str(&c->body);
	return 0;
}

void
rt_cgi_free(struct rt_cgi *c)
{
	size_t i;

	for (i = 0; i < c->nheaders; i++) {
		free(c->headers[i].name);
		free(c->headers[i].value);
	}
	free(c->headers);
	rt_buf_free(&c->body);
	rt_cgi_init(c);
}

const char *
rt_cgi_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 404:
		return "Not Found";
	case 413:
		return "Content Too Large";
	default:
		return "Internal Server Error";
	}
}

/* The answer: its status and reason phrase, and the phrase as the whole body, which says no more. */
void
rt_cgi_answer(FILE *fp, int status)
{
	fprintf(fp, "Status: %d %s\r\nContent-Type: text/plain\r\n\r\n%s\n", status, rt_cgi_reason(status),
	    rt_cgi_reason(status));
}
