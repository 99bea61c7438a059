/*
 * What a program that sends documents needs besides rt_http: headers
 * checked before anything is sent, secrets read from files (never from
 * argv, where ps(1) shows them) and masked in every message, a webhook URL
 * that is itself the credential, and an Idempotency-Key that is the
 * SHA-256 of the body, so that a retry, or a second run with the same
 * body, is known to the endpoint as the same request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rt_cred.h"
#include "rt_err.h"
#include "rt_send.h"
#include "rt_digest.h"

/* Plain headers may be added from here on ... */
void
rt_send_init(struct rt_send *s)
{
	memset(s, 0, sizeof(*s));
}

/* ... and the URL and credentials once the HTTP engine has started. */
int
rt_send_start(struct rt_send *s, char *why, size_t whysz)
{
	rt_cred_protect();
	return rt_http_init(&s->http, why, whysz);
}

/* A header name is an RFC 9110 token. */
static int
token(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strchr("!#$%&'*+-.^_`|~", p[i]) == NULL && !(p[i] >= '0' && p[i] <= '9') &&
		    !((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z'))
			return 0;
	return n > 0;
}

/* CR or LF in a value would smuggle in a header of its own. */
static int
add(struct rt_send *s, const char *name, size_t n, const char *value, char *why, size_t whysz)
{
	struct rt_buf line = { 0 };

	if (!token(name, n) || strpbrk(value, "\r\n") != NULL) {
		snprintf(why, whysz, "header \"%.*s\" is not 'name: value' on one line", (int)n, name);
		return -1;
	}
	s->own_type |= n == 12 && strncasecmp(name, "Content-Type", n) == 0;
	s->own_key |= n == 15 && strncasecmp(name, "Idempotency-Key", n) == 0;
	rt_buf_add(&line, name, n);
	rt_buf_adds(&line, ": ");
	rt_buf_adds(&line, value);
	s->headers = curl_slist_append(s->headers, rt_buf_str(&line));
	explicit_bzero(line.p, line.cap);
	rt_buf_free(&line);
	return 0;
}

/* "Name: value", as curl -H takes it. */
int
rt_send_header(struct rt_send *s, const char *line, char *why, size_t whysz)
{
	const char *colon = strchr(line, ':'), *v;

	if (colon == NULL) {
		snprintf(why, whysz, "header \"%s\" is not 'name: value'", line);
		return -1;
	}
	for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
		;
	return add(s, line, (size_t)(colon - line), v, why, whysz);
}

/* A secret in a file; opt and arg name it if the endpoint refuses it. */
static char *
secret(struct rt_send *s, const char *path, const char *opt, const char *arg, char *why, size_t whysz)
{
	char err[512], *v;

	if ((v = rt_cred(path, NULL, NULL, RT_SECRET_MIN, err, sizeof(err))) == NULL) {
		snprintf(why, whysz, "%s %s: %s", opt, arg, err);
		return NULL;
	}
	rt_buf_addf(&s->creds, "%s%s %s", s->creds.len > 0 ? " and " : "", opt, arg);
	return v;
}

static void
wipe(char *v)
{
	explicit_bzero(v, strlen(v));
	free(v);
}

/* "name:file": a header whose value is a secret, such as a Convex action's x-api-secret. */
int
rt_send_header_file(struct rt_send *s, const char *arg, char *why, size_t whysz)
{
	const char *colon = strchr(arg, ':');
	char *v;
	int rc;

	if (colon == NULL || colon[1] == '\0' || !token(arg, (size_t)(colon - arg))) {
		snprintf(why, whysz, "--header-file \"%s\" is not name:file", arg);
		return -1;
	}
	if ((v = secret(s, colon + 1, "--header-file", arg, why, whysz)) == NULL)
		return -1;
	rt_http_secret(&s->http, v);
	rc = add(s, arg, (size_t)(colon - arg), v, why, whysz);
	wipe(v);
	return rc;
}

/* Authorization: Bearer with the token in path. */
int
rt_send_bearer_file(struct rt_send *s, const char *path, char *why, size_t whysz)
{
	struct rt_buf auth = { 0 };
	char *v;
	int rc;

	if ((v = secret(s, path, "--bearer-file", path, why, whysz)) == NULL)
		return -1;
	rt_http_secret(&s->http, v);
	rt_buf_addf(&auth, "Bearer %s", v);
	rc = add(s, "Authorization", 13, rt_buf_str(&auth), why, whysz);
	explicit_bzero(auth.p, auth.cap);
	rt_buf_free(&auth);
	wipe(v);
	return rc;
}

/*
 * Is a query parameter's name one that carries a credential?  Its letters
 * and digits, in lower case, end with token, secret, password, passwd,
 * apikey, accesskey, privatekey, signature or credential(s) (access_token,
 * X-Amz-Signature), or are key, sig, auth or pass alone (monkey and author
 * are not).
 */
static int
credential_name(const char *p, size_t n)
{
	static const char *const suffixes[] = { "token", "secret", "password", "passwd", "apikey",
		"accesskey", "privatekey", "signature", "credential", "credentials" };
	static const char *const whole[] = { "key", "sig", "auth", "pass" };
	char name[64];
	size_t i, len = 0, k;

	for (i = 0; i < n && len < sizeof(name) - 1; i++)
		if ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
		    (p[i] >= '0' && p[i] <= '9'))
			name[len++] = (char)(p[i] | (p[i] >= 'A' && p[i] <= 'Z' ? 0x20 : 0));
	name[len] = '\0';
	for (k = 0; k < sizeof(whole) / sizeof(whole[0]); k++)
		if (strcmp(name, whole[k]) == 0)
			return 1;
	for (k = 0; k < sizeof(suffixes) / sizeof(suffixes[0]); k++)
		if (len >= strlen(suffixes[k]) && strcmp(name + len - strlen(suffixes[k]), suffixes[k]) == 0)
			return 1;
	return 0;
}

/*
 * Does a URL given on the command line hold a credential, which ps(1)
 * would show every user: user:password@, a query parameter named as one
 * is, or a Slack webhook (whose path is the credential)?
 */
static int
holds_credential(const char *url)
{
	const char *host = strstr(url, "://"), *end, *q, *amp, *eq;

	if (host == NULL)
		return 0;
	host += 3;
	end = host + strcspn(host, "/?#");
	if (memchr(host, '@', (size_t)(end - host)) != NULL)
		return 1;
	if ((size_t)(end - host) == 15 && strncasecmp(host, "hooks.slack.com", 15) == 0)
		return 1;
	if ((q = strchr(end, '?')) == NULL)
		return 0;
	for (q++; *q != '\0' && *q != '#'; q = *amp == '&' ? amp + 1 : amp) {
		amp = q + strcspn(q, "&#");
		eq = memchr(q, '=', (size_t)(amp - q));
		if (credential_name(q, (size_t)((eq != NULL ? eq : amp) - q)))
			return 1;
	}
	return 0;
}

/*
 * The URL, or the one in file.  A URL from a file is a credential (a Slack
 * webhook's is): its user information, path and query are masked, so that
 * only the scheme and host show in messages.
 */
int
rt_send_url(struct rt_send *s, const char *url, const char *file, char *why, size_t whysz)
{
	char *host, *at, *path;

	if (file != NULL) {
		if ((s->url = secret(s, file, "--url-file", file, why, whysz)) == NULL)
			return -1;
		if ((host = strstr(s->url, "://")) != NULL) {
			host += 3;
			path = host + strcspn(host, "/?#");
			if ((at = memchr(host, '@', (size_t)(path - host))) != NULL) {
				*at = '\0';
				rt_http_secret(&s->http, host);
				*at = '@';
			}
			if (*path != '\0' && path[1] != '\0')
				rt_http_secret(&s->http, *path == '/' ? path + 1 : path);
		}
	} else if (holds_credential(url)) {
		snprintf(why, whysz,
		    "the URL holds a credential (user:password@, a token in its query, a webhook's path), "
		    "and ps(1) shows a command line to every user: put the URL in a file and give "
		    "--url-file file");
		return -1;
	} else
		s->url = rt_estrdup(url);
	if (strncasecmp(s->url, "http://", 7) != 0 && strncasecmp(s->url, "https://", 8) != 0) {
		snprintf(
		    why, whysz, "the url%s is not http:// or https://", file != NULL ? " in --url-file" : "");
		return -1;
	}
	return 0;
}

/* The Idempotency-Key of a body: its SHA-256 in hex. */
char *
rt_send_key(const char *body, size_t len, char *key)
{
	return rt_sha256_hex(body, len, key);
}

/*
 * POSTs body with the headers, Content-Type: application/json unless one
 * was given, and the body's Idempotency-Key unless one was given; retries
 * as rt_http does.  Returns the rt_http result; r holds the answer until
 * rt_send_req_free.
 */
int
rt_send_post(struct rt_send *s, const char *body, size_t len, struct rt_http_req *r)
{
	struct curl_slist *h;
	char key[RT_SHA256_HEXSZ];

	rt_http_req_init(r, "POST", s->url);
	for (h = s->headers; h != NULL; h = h->next)
		r->headers = curl_slist_append(r->headers, h->data);
	if (!s->own_type)
		r->headers = curl_slist_append(r->headers, "Content-Type: application/json");
	if (!s->own_key)
		rt_http_header_add(r, "Idempotency-Key: %s", rt_send_key(body, len, key));
	/* No "Expect: 100-continue" round trip before a larger body. */
	r->headers = curl_slist_append(r->headers, "Expect:");
	r->body = body;
	r->bodylen = len;
	return rt_http_one(&s->http, r);
}

/* Frees a request, leaving nothing of its credentials in freed memory. */
void
rt_send_req_free(struct rt_http_req *r)
{
	struct curl_slist *h;

	for (h = r->headers; h != NULL; h = h->next)
		explicit_bzero(h->data, strlen(h->data));
	rt_http_req_free(r);
}

void
rt_send_free(struct rt_send *s)
{
	struct curl_slist *h;

	for (h = s->headers; h != NULL; h = h->next)
		explicit_bzero(h->data, strlen(h->data));
	curl_slist_free_all(s->headers);
	if (s->url != NULL)
		wipe(s->url);
	rt_buf_free(&s->creds);
	rt_http_free(&s->http);
	memset(s, 0, sizeof(*s));
}
