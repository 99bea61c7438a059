/*
 * One engine for every request rt sends: a libcurl multi handle runs up to
 * `jobs` transfers at once, and a transfer that meets a connection error, a
 * 429 or a 5xx waits and goes again.  The wait honours, in order, Close's
 * RateLimit reset=N, Retry-After, RateLimit-Reset and X-RateLimit-Reset, or
 * else backs off exponentially with jitter; no wait is longer than the cap.
 * Stripe-Should-Retry, when an answer carries it, overrides the status:
 * false is final even for a 429 or 5xx, true retries even a 409.
 * Cookies and connections are shared across transfers, so a login session
 * carries from one request to the next.
 *
 * No redirect is followed, as curl without -L: a 3xx would carry the
 * credentials and the body to whatever host it names (a 302 would also
 * turn a POST into a GET and lose the body).  It is a refusal that names
 * its Location; a caller that knows a redirect to be part of its API (a
 * sign-in form's answer) decides with rt_http_same_origin.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "rt_cred.h"
#include "rt_err.h"
#include "rt_http.h"
#include "rt_json.h"

#define BODY_MAX (256L * 1024 * 1024)

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
env_long(const char *name, long def, long min, long max, long *out, char *why, size_t whysz)
{
	const char *s = getenv(name);
	char *end;
	long v;

	*out = def;
	if (s == NULL || *s == '\0')
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max) {
		snprintf(why, whysz, "%s=\"%s\" is not a number from %ld to %ld", name, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * RT_HTTP_RETRIES (5), RT_HTTP_TIMEOUT (60 s a request); RT_HTTP_BACKOFF
 * (the first wait, 1000 ms) and RT_HTTP_MAXWAIT (the cap, 60 s) let tests
 * and impatient people shorten the waits.
 */
int
rt_http_init(struct rt_http *h, char *why, size_t whysz)
{
	long retries, timeout, backoff, maxwait;

	memset(h, 0, sizeof(*h));
	if (env_long("RT_HTTP_RETRIES", 5, 0, 100, &retries, why, whysz) == -1 ||
	    env_long("RT_HTTP_TIMEOUT", 60, 1, 86400, &timeout, why, whysz) == -1 ||
	    env_long("RT_HTTP_BACKOFF", 1000, 0, 3600000, &backoff, why, whysz) == -1 ||
	    env_long("RT_HTTP_MAXWAIT", 60, 0, 86400, &maxwait, why, whysz) == -1)
		return -1;
	h->retries = (int)retries;
	h->timeout_ms = timeout * 1000;
	h->backoff_ms = backoff;
	h->maxwait_ms = maxwait * 1000;
	h->seed = (unsigned int)(getpid() ^ time(NULL));
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0 || (h->multi = curl_multi_init()) == NULL ||
	    (h->share = curl_share_init()) == NULL) {
		snprintf(why, whysz, "cannot start libcurl");
		return -1;
	}
	curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
	curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
	return 0;
}

void
rt_http_free(struct rt_http *h)
{
	size_t i;

	if (h->multi != NULL)
		curl_multi_cleanup(h->multi);
	if (h->share != NULL)
		curl_share_cleanup(h->share);
	for (i = 0; i < h->nsecrets; i++) {
		/* Leave nothing of a secret in freed memory. */
		explicit_bzero(h->secrets[i], strlen(h->secrets[i]));
		free(h->secrets[i]);
	}
	for (i = 0; i < h->nforms; i++) {
		explicit_bzero(h->forms[i], strlen(h->forms[i]));
		free(h->forms[i]);
	}
	free(h->secrets);
	free(h->forms);
	memset(h, 0, sizeof(*h));
}

/* Adds s to a list of masked strings unless it is there already, or shorter than min. */
static void
remember(char ***list, size_t *n, const char *s, size_t min)
{
	size_t i;

	if (*s == '\0' || strlen(s) < min)
		return;
	for (i = 0; i < *n; i++)
		if (strcmp((*list)[i], s) == 0)
			return;
	*list = rt_erealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = rt_estrdup(s);
}

/* n bytes as base64, with the alphabet's last two characters given ("+/", or "-_" for base64url). */
static void
base64(struct rt_buf *out, const unsigned char *p, size_t n, const char *last)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	char digit[64];
	uint32_t v;
	size_t i;

	memcpy(digit, abc, 62);
	digit[62] = last[0];
	digit[63] = last[1];
	for (i = 0; i + 3 <= n; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		rt_buf_addc(out, digit[v >> 18]);
		rt_buf_addc(out, digit[v >> 12 & 63]);
		rt_buf_addc(out, digit[v >> 6 & 63]);
		rt_buf_addc(out, digit[v & 63]);
	}
	if (i < n) {
		v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);
		rt_buf_addc(out, digit[v >> 18]);
		rt_buf_addc(out, digit[v >> 12 & 63]);
		rt_buf_addc(out, i + 1 < n ? digit[v >> 6 & 63] : '=');
		rt_buf_addc(out, '=');
	}
}

static void
remember_form(struct rt_http *h, struct rt_buf *b)
{
	/* A short form (of a short secret) would mask every match of its text, and shows little. */
	remember(&h->forms, &h->nforms, rt_buf_str(b), RT_SECRET_MIN);
	explicit_bzero(b->p, b->cap);
	rt_buf_reset(b);
}

/*
 * The forms a secret travels in, which a server may echo back: percent-
 * encoded (upper or lower case hex, a space as %20 or +), JSON-escaped,
 * and inside base64 (HTTP Basic) at any of the three offsets it can start
 * at, where only whole groups of three bytes of the secret are sure to
 * show the same way.
 */
static void
encodings(struct rt_http *h, const char *s)
{
	struct rt_buf b = { 0 };
	size_t n = strlen(s), j, k;
	int variant, lower, plus;
	const char *p;
	char *esc;

	if ((esc = curl_easy_escape(NULL, s, 0)) != NULL) {
		for (variant = 0; variant < 4; variant++) {
			plus = variant & 1;
			lower = variant & 2;
			for (p = esc; *p != '\0'; p++) {
				if (*p != '%' || p[1] == '\0' || p[2] == '\0')
					rt_buf_addc(&b, *p);
				else if (plus && p[1] == '2' && p[2] == '0')
					rt_buf_addc(&b, '+'), p += 2;
				else {
					rt_buf_addc(&b, '%');
					rt_buf_addc(&b, lower ? (char)tolower((unsigned char)p[1]) : p[1]);
					rt_buf_addc(&b, lower ? (char)tolower((unsigned char)p[2]) : p[2]);
					p += 2;
				}
			}
			remember_form(h, &b);
		}
		explicit_bzero(esc, strlen(esc));
		curl_free(esc);
	}
	rt_json_add_string(&b, s, n); /* "...": the quotes are dropped */
	memmove(b.p, b.p + 1, b.len - 2);
	b.len -= 2;
	remember_form(h, &b);
	for (j = 0; j < 3 && j < n; j++) {
		k = (n - j) / 3 * 3;
		base64(&b, (const unsigned char *)s + j, k, "+/");
		remember_form(h, &b);
		base64(&b, (const unsigned char *)s + j, k, "-_");
		remember_form(h, &b);
	}
	rt_buf_free(&b);
}

/*
 * Registers a value that must never appear in a log line or message, in
 * any of the forms it travels in.  Callers register no short value they
 * can avoid (rt_cred refuses a short secret; a short account name or
 * cookie is not registered): masking one would hide every match of its
 * text, a date's digits, a word.
 */
void
rt_http_secret(struct rt_http *h, const char *s)
{
	size_t before = h->nsecrets;

	if (s == NULL)
		return;
	remember(&h->secrets, &h->nsecrets, s, 1);
	if (h->nsecrets > before)
		encodings(h, s);
}

/* The length of the longest string of list at s (n bytes left), 0 when none. */
static size_t
longest(char *const *list, size_t nlist, const char *s, size_t n)
{
	size_t k, len, best = 0;

	for (k = 0; k < nlist; k++) {
		len = strlen(list[k]);
		if (len > best && len <= n && memcmp(s, list[k], len) == 0)
			best = len;
	}
	return best;
}

/*
 * Copies s to out with every secret shown as **** and its last four
 * characters (none when shorter than 12); a secret in another form (its
 * base64, its percent-encoding) as **** alone.
 */
void
rt_http_mask(const struct rt_http *h, const char *s, size_t n, struct rt_buf *out)
{
	size_t i, plain, form;

	for (i = 0; i < n;) {
		plain = longest(h->secrets, h->nsecrets, s + i, n - i);
		form = longest(h->forms, h->nforms, s + i, n - i);
		if (plain == 0 && form == 0) {
			rt_buf_addc(out, s[i++]);
			continue;
		}
		rt_buf_adds(out, "****");
		if (plain >= form && plain >= 12)
			rt_buf_add(out, s + i + plain - 4, 4);
		i += plain > form ? plain : form;
	}
}

void
rt_http_req_init(struct rt_http_req *r, const char *method, const char *url)
{
	memset(r, 0, sizeof(*r));
	r->method = method;
	r->url = rt_estrdup(url);
}

/* Forgets the last answer, so the request can be sent again. */
void
rt_http_req_reset(struct rt_http_req *r)
{
	rt_buf_reset(&r->resp);
	rt_buf_reset(&r->hdrs);
	r->result = RT_HTTP_OK;
	r->status = 0;
	r->why[0] = '\0';
	r->attempts = 0;
	r->done = r->running = 0;
	r->due = 0;
	free(r->location);
	r->location = NULL;
}

void
rt_http_req_free(struct rt_http_req *r)
{
	if (r->easy != NULL)
		curl_easy_cleanup(r->easy);
	curl_slist_free_all(r->headers);
	rt_buf_free(&r->resp);
	rt_buf_free(&r->hdrs);
	free(r->url);
	free(r->location);
	memset(r, 0, sizeof(*r));
}

void
rt_http_header_add(struct rt_http_req *r, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->headers = curl_slist_append(r->headers, buf);
	explicit_bzero(buf, sizeof(buf));
}

/* The value of a response header (the last one of that name), not NUL-terminated. */
const char *
rt_http_header(const struct rt_http_req *r, const char *name, size_t *n)
{
	const char *p = r->hdrs.p, *e = p + r->hdrs.len, *nl, *v, *found = NULL;
	size_t len = strlen(name);

	for (; p < e; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		if ((size_t)(nl - p) > len && p[len] == ':' && strncasecmp(p, name, len) == 0) {
			for (v = p + len + 1; v < nl && (*v == ' ' || *v == '\t'); v++)
				;
			found = v;
			*n = (size_t)(nl - v);
			while (*n > 0 && (v[*n - 1] == '\r' || v[*n - 1] == ' '))
				(*n)--;
		}
	}
	return found;
}

/* Do two absolute URLs share scheme, host and port (a redirect that stays on the site)? */
int
rt_http_same_origin(const char *a, const char *b)
{
	CURLUPart parts[] = { CURLUPART_SCHEME, CURLUPART_HOST, CURLUPART_PORT };
	CURLU *ua = curl_url(), *ub = curl_url();
	char *pa, *pb;
	size_t i;
	int same = ua != NULL && ub != NULL && curl_url_set(ua, CURLUPART_URL, a, 0) == CURLUE_OK &&
	    curl_url_set(ub, CURLUPART_URL, b, 0) == CURLUE_OK;

	for (i = 0; same && i < sizeof(parts) / sizeof(parts[0]); i++) {
		pa = pb = NULL;
		same = curl_url_get(ua, parts[i], &pa, CURLU_DEFAULT_PORT) == CURLUE_OK &&
		    curl_url_get(ub, parts[i], &pb, CURLU_DEFAULT_PORT) == CURLUE_OK &&
		    strcasecmp(pa, pb) == 0;
		curl_free(pa);
		curl_free(pb);
	}
	curl_url_cleanup(ua);
	curl_url_cleanup(ub);
	return same;
}

char *
rt_http_escape(const char *s)
{
	char *e = curl_easy_escape(NULL, s, 0), *copy;

	if (e == NULL)
		rt_errx(RT_EXIT_IO, "out of memory");
	copy = rt_estrdup(e);
	curl_free(e);
	return copy;
}

static size_t
on_body(char *p, size_t size, size_t n, void *data)
{
	struct rt_http_req *r = data;

	if (r->resp.len + n > (size_t)BODY_MAX)
		return 0; /* ends the transfer with CURLE_WRITE_ERROR */
	rt_buf_add(&r->resp, p, size * n);
	return size * n;
}

static size_t
on_header(char *p, size_t size, size_t n, void *data)
{
	struct rt_http_req *r = data;

	/* A new status line starts a new answer (after a redirect or a 100). */
	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0)
		rt_buf_reset(&r->hdrs);
	rt_buf_add(&r->hdrs, p, size * n);
	return size * n;
}

/* HTTP Basic's credential, base64 of user:password, is masked whole wherever it shows. */
static void
basic_form(struct rt_http *h, const struct rt_http_req *r)
{
	struct rt_buf plain = { 0 }, b = { 0 };

	rt_buf_adds(&plain, r->user);
	rt_buf_addc(&plain, ':');
	rt_buf_adds(&plain, r->password != NULL ? r->password : "");
	base64(&b, (const unsigned char *)plain.p, plain.len, "+/");
	explicit_bzero(plain.p, plain.cap);
	rt_buf_free(&plain);
	remember_form(h, &b);
	rt_buf_free(&b);
}

static void
setup(struct rt_http *h, struct rt_http_req *r)
{
	CURL *c;

	/*
	 * A fresh handle for every attempt: curl_easy_reset (libcurl 7.88) drops
	 * the CURLOPT_COOKIEFILE list without freeing it.  Connections, DNS and
	 * cookies live in the share handle, so nothing is lost.
	 */
	if (r->easy != NULL)
		curl_easy_cleanup(r->easy);
	if ((r->easy = curl_easy_init()) == NULL)
		rt_errx(RT_EXIT_IO, "cannot start a libcurl transfer");
	c = r->easy;
	rt_buf_reset(&r->resp);
	rt_buf_reset(&r->hdrs);
	curl_easy_setopt(c, CURLOPT_URL, r->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, r->timeout_ms > 0 ? r->timeout_ms : h->timeout_ms);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "rt/" RT_VERSION);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_SHARE, h->share);
	curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_PRIVATE, r);
	if (r->headers != NULL)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, r->headers);
	if (r->user != NULL) {
		basic_form(h, r);
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, r->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, r->password != NULL ? r->password : "");
	}
	if (r->body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->bodylen);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, r->body);
	}
	if (r->method != NULL && strcmp(r->method, "GET") != 0 &&
	    !(strcmp(r->method, "POST") == 0 && r->body != NULL))
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, r->method);
}

/* Seconds to wait, from the first rate-limit header the answer carries; -1 when none. */
static long
header_wait(const struct rt_http_req *r)
{
	const char *v, *p;
	char tmp[128];
	size_t n;
	long s;
	time_t when;

	if ((v = rt_http_header(r, "RateLimit", &n)) != NULL && n < sizeof(tmp)) {
		memcpy(tmp, v, n);
		tmp[n] = '\0';
		if ((p = strstr(tmp, "reset=")) != NULL && (s = strtol(p + 6, NULL, 10)) >= 0)
			return s;
	}
	if ((v = rt_http_header(r, "Retry-After", &n)) != NULL && n < sizeof(tmp)) {
		memcpy(tmp, v, n);
		tmp[n] = '\0';
		if (tmp[0] >= '0' && tmp[0] <= '9')
			return strtol(tmp, NULL, 10);
		if ((when = curl_getdate(tmp, NULL)) != -1)
			return when > time(NULL) ? (long)(when - time(NULL)) : 0;
	}
	if (((v = rt_http_header(r, "RateLimit-Reset", &n)) != NULL ||
		(v = rt_http_header(r, "X-RateLimit-Reset", &n)) != NULL) &&
	    n < sizeof(tmp)) {
		memcpy(tmp, v, n);
		tmp[n] = '\0';
		s = strtol(tmp, NULL, 10);
		/* Seconds to go, or (Fanvue) the Unix time of the reset. */
		if (s > 1000000000L)
			s = s > (long)time(NULL) ? s - (long)time(NULL) : 0;
		return s >= 0 ? s : -1;
	}
	return -1;
}

static long
backoff(struct rt_http *h, struct rt_http_req *r)
{
	long s = header_wait(r), ms;

	/* A reset of 20 digits is the cap: s * 1000 would overflow. */
	if (s >= 0)
		ms = s <= h->maxwait_ms / 1000 ? s * 1000 : h->maxwait_ms;
	else {
		ms = h->backoff_ms << (r->attempts - 1 < 16 ? r->attempts - 1 : 16);
		ms += ms > 0 ? (long)(rand_r(&h->seed) % (unsigned long)(ms / 2 + 1)) : 0;
	}
	return ms < h->maxwait_ms ? ms : h->maxwait_ms;
}

static int
retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

/*
 * Stripe tells its clients whether a failed request may go again:
 * Stripe-Should-Retry true or false (1, 0), -1 when the header is absent.
 */
static int
should_retry(const struct rt_http_req *r)
{
	const char *v;
	size_t n;

	if ((v = rt_http_header(r, "Stripe-Should-Retry", &n)) == NULL)
		return -1;
	if (n == 4 && strncasecmp(v, "true", 4) == 0)
		return 1;
	return n == 5 && strncasecmp(v, "false", 5) == 0 ? 0 : -1;
}

static void
masked_url(const struct rt_http *h, const char *url, struct rt_buf *out)
{
	rt_buf_reset(out);
	rt_http_mask(h, url, strlen(url), out);
	rt_buf_str(out);
}

/* A 3xx answer: a refusal that says where it pointed. */
static void
redirected(const struct rt_http *h, struct rt_http_req *r, const char *url)
{
	struct rt_buf loc = { 0 };
	char *to = NULL;

	curl_easy_getinfo(r->easy, CURLINFO_REDIRECT_URL, &to);
	free(r->location);
	r->location = to != NULL ? rt_estrdup(to) : NULL;
	if (to != NULL)
		masked_url(h, to, &loc);
	snprintf(r->why, sizeof(r->why), "HTTP %ld from %s: %s%s%s", r->status, url,
	    to != NULL ? "a redirect to " : "a redirect with no Location", to != NULL ? loc.p : "",
	    to != NULL ? ", not followed" : "");
	rt_buf_free(&loc);
	r->result = RT_HTTP_REFUSED;
	r->done = 1;
}

/* A transfer ended: decide whether it is done or goes again. */
static void
finished(struct rt_http *h, struct rt_http_req *r, CURLcode rc, struct rt_buf *tmp)
{
	long long t = now_ms();
	long wait;

	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &r->status);
	masked_url(h, r->url, tmp);
	if (rc != CURLE_OK)
		rt_log("%s %s: %s (%lld ms)", r->method ? r->method : "GET", tmp->p, curl_easy_strerror(rc),
		    t - r->started);
	else
		rt_log(
		    "%s %s %ld (%lld ms)", r->method ? r->method : "GET", tmp->p, r->status, t - r->started);
	r->running = 0;
	if (rc == CURLE_OK && r->status >= 200 && r->status < 300) {
		r->result = RT_HTTP_OK;
		r->done = 1;
		return;
	}
	if (rc == CURLE_OK && r->status >= 300 && r->status < 400) {
		redirected(h, r, tmp->p);
		return;
	}
	if (rc == CURLE_OK && (r->status == 401 || r->status == 403)) {
		r->result = RT_HTTP_AUTH;
		snprintf(r->why, sizeof(r->why), "HTTP %ld from %s", r->status, tmp->p);
		r->done = 1;
		return;
	}
	if (rc == CURLE_OK)
		snprintf(r->why, sizeof(r->why), "HTTP %ld from %s", r->status, tmp->p);
	else
		snprintf(r->why, sizeof(r->why), "%s: %s", tmp->p, curl_easy_strerror(rc));
	if ((rc == CURLE_OK && should_retry(r) != 1 && r->status != 429 && r->status != 500 &&
		r->status != 502 && r->status != 503 && r->status != 504) ||
	    (rc == CURLE_OK && should_retry(r) == 0) || (rc != CURLE_OK && !retryable(rc))) {
		if (rc == CURLE_OK && should_retry(r) == 0)
			rt_log("Stripe-Should-Retry: false; not retrying");
		r->result = RT_HTTP_REFUSED;
		r->done = 1;
		return;
	}
	if (r->attempts > h->retries) {
		r->result = RT_HTTP_FAILED;
		snprintf(r->why + strlen(r->why), sizeof(r->why) - strlen(r->why),
		    " (gave up after %d attempts)", r->attempts);
		r->done = 1;
		return;
	}
	wait = backoff(h, r);
	rt_log("retry %d of %d in %ld.%03ld s", r->attempts, h->retries, wait / 1000, wait % 1000);
	r->due = t + wait;
}

/*
 * Sends every request, at most jobs at a time, each retried as SPEC section 6
 * says.  Returns the worst result; each request has its own.
 */
int
rt_http_run(struct rt_http *h, struct rt_http_req **reqs, size_t n, int jobs)
{
	struct rt_buf tmp = { 0 };
	struct rt_http_req *r;
	long long t, next;
	int running = 0, left, worst = RT_HTTP_OK, still, queued, ended;
	CURLMsg *msg;
	size_t i;

	for (i = 0; i < n; i++) {
		reqs[i]->done = reqs[i]->running = 0;
		reqs[i]->attempts = 0;
		reqs[i]->due = 0;
	}
	for (;;) {
		t = now_ms();
		left = 0;
		next = t + 1000;
		for (i = 0; i < n; i++) {
			r = reqs[i];
			if (r->done)
				continue;
			left++;
			if (r->running)
				continue;
			if (r->due > t) {
				next = r->due < next ? r->due : next;
				continue;
			}
			if (running >= jobs)
				continue;
			setup(h, r);
			r->attempts++;
			r->running = 1;
			r->started = t;
			h->requests++;
			curl_multi_add_handle(h->multi, r->easy);
			running++;
		}
		if (left == 0)
			break;
		curl_multi_perform(h->multi, &still);
		ended = 0;
		while ((msg = curl_multi_info_read(h->multi, &queued)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&r);
			curl_multi_remove_handle(h->multi, msg->easy_handle);
			running--;
			ended++;
			finished(h, r, msg->data.result, &tmp);
		}
		/* A slot came free, or all is done: start the next at once rather than wait. */
		if (ended > 0)
			continue;
		t = now_ms();
		if (running > 0)
			curl_multi_poll(h->multi, NULL, 0,
			    (int)(next > t ? (next - t < 1000 ? next - t : 1000) : 0), NULL);
		else if (left > 0 && next > t)
			usleep((useconds_t)((next - t) * 1000));
	}
	for (i = 0; i < n; i++)
		if ((int)reqs[i]->result > worst)
			worst = reqs[i]->result;
	rt_buf_free(&tmp);
	return worst;
}

int
rt_http_one(struct rt_http *h, struct rt_http_req *r)
{
	return rt_http_run(h, &r, 1, 1);
}

/* The first 200 bytes of an answer, secrets masked, for a message about it. */
void
rt_http_snippet(const struct rt_http *h, const struct rt_http_req *r, struct rt_buf *out)
{
	size_t n = r->resp.len < 200 ? r->resp.len : 200, i, start = out->len;

	rt_http_mask(h, r->resp.p != NULL ? r->resp.p : "", n, out);
	for (i = start; i < out->len; i++)
		if ((unsigned char)out->p[i] < 0x20)
			out->p[i] = ' ';
	rt_buf_str(out);
}

/* What went wrong with a request, for a message: its why and, when it has one, the start of its answer. */
void
rt_http_explain(const struct rt_http *h, const struct rt_http_req *r, struct rt_buf *out)
{
	rt_buf_adds(out, r->why);
	if (r->resp.len > 0) {
		rt_buf_adds(out, ": ");
		rt_http_snippet(h, r, out);
	}
	rt_buf_str(out);
}
