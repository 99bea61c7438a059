/*
 * A webhook delivery as a CGI program receives it, from any bytes: the
 * first byte picks the route, the method and whether the delivery is signed
 * (or keyed) rightly, so that the fuzzer gets past the signature; then come
 * header lines "Name: value" up to an empty line ("Query: ..." is the URL's
 * query); the rest is the body.  Checks that every answer is one the
 * receiver documents; that nothing it says holds the secret; that a
 * delivery to be spooled is one line of JSON ending with its key, which is
 * a valid key; and that the maps turn that line into records or refuse it,
 * whole.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rt_cgi.h"
#include "rt_json.h"
#include "rt_spool.h"
#include "rt_stripe.h"
#include "rt_webhook.h"

#define NOW 1795262400

static const char secret[] = "whsec_fuzz_5f3e8a1c9b7d4e2f";
static struct rt_webhook_maps maps;

int LLVMFuzzerInitialize(int *, char ***);

/*
 * libjq keeps its stack by a pointer to the end of the block, which
 * LeakSanitizer does not count as one: the maps are freed before it looks.
 */
static void
free_maps(void)
{
	rt_webhook_maps_free(&maps);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* tests/fuzz/run runs from the top of the tree. */
	setenv("RT_SHARE_DIR", "share/rt", 0);
	setenv("RT_TZ", "America/Chicago", 0);
	rt_webhook_maps_init(&maps);
	atexit(free_maps);
	return 0;
}

/* The header lines at p, up to an empty line; returns where the body begins. */
static const char *
headers(struct rt_cgi *c, const char *p, const char *e, char **query)
{
	const char *nl, *colon;
	char *v;

	while (p < e) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		if (nl == p)
			return nl + 1;
		if ((colon = memchr(p, ':', (size_t)(nl - p))) != NULL && colon > p) {
			v = strndup(colon + 1, (size_t)(nl - colon - 1));
			if (v == NULL)
				abort();
			if (colon - p == 5 && memcmp(p, "Query", 5) == 0) {
				free(*query);
				*query = v;
				v = NULL;
			} else
				rt_cgi_header_add(c, p, (size_t)(colon - p), v + strspn(v, " "));
			free(v);
		}
		p = nl + 1;
	}
	return e;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "/stripe", "/gumroad", "/stripe/", "/paypal" };
	const char *p = (const char *)data, *e = p + size, *body, *key;
	char hdr[RT_STRIPE_HEADERSZ], *query = NULL, why[512];
	struct rt_webhook w = { secret, sizeof(secret) - 1, 300, NOW };
	struct rt_buf out = { 0 }, q = { 0 };
	struct rt_delivery d;
	struct rt_cgi c;
	size_t keylen;
	int flags, rc;

	if (size == 0)
		return 0;
	flags = (unsigned char)*p++;
	rt_cgi_init(&c);
	c.path = paths[flags & 3];
	c.method = flags & 4 ? "GET" : "POST";
	body = headers(&c, p, e, &query);
	rt_buf_add(&c.body, body, (size_t)(e - body));
	rt_buf_str(&c.body);
	c.length = (long long)c.body.len;
	if (flags & 8) {
		/* Signed rightly, at a time within the tolerance or just outside it. */
		rt_stripe_sig_format(
		    NOW - (flags >> 4) * 25, secret, sizeof(secret) - 1, c.body.p, c.body.len, hdr);
		rt_cgi_header_add(&c, "Stripe-Signature", 16, hdr);
		rt_buf_addf(&q, "key=%s%s%s", secret, query != NULL ? "&" : "", query != NULL ? query : "");
	} else if (query != NULL)
		rt_buf_adds(&q, query);
	c.query = q.p != NULL ? rt_buf_str(&q) : "";

	rt_delivery_init(&d);
	rt_webhook_request(&c, &d);
	if (d.status == 0)
		rt_webhook_verify(&w, &c, &d);
	FUZZ_CHECK(
	    d.status == 200 || d.status == 400 || d.status == 401 || d.status == 404 || d.status == 413,
	    "status %d", d.status);
	/* The secret is said nowhere, unless the sender put it in what it sent. */
	FUZZ_CHECK(memchr(d.why, '\0', sizeof(d.why)) != NULL, "the reason is not a string");
	FUZZ_CHECK(memmem(data, size, secret, sizeof(secret) - 1) != NULL ||
		(strstr(d.why, secret) == NULL && strstr(d.key, secret) == NULL),
	    "the log line tells the secret: %s", d.why);
	if (d.spool) {
		FUZZ_CHECK(d.status == 200, "spooled with status %d", d.status);
		FUZZ_CHECK(d.line.len > 0 && d.line.p[d.line.len - 1] == '\n' &&
			memchr(d.line.p, '\n', d.line.len - 1) == NULL,
		    "the spool line is not one line");
		key = rt_spool_line_key(d.line.p, d.line.len - 1, &keylen);
		FUZZ_CHECK(key != NULL && keylen == strlen(d.key) && memcmp(key, d.key, keylen) == 0,
		    "the spool line does not end with its key %s", d.key);
		rc = rt_webhook_normalize(&maps, d.line.p, d.line.len - 1, &out, why, sizeof(why));
		FUZZ_CHECK(rc >= -1, "the maps cannot be loaded: %s", why);
		FUZZ_CHECK(rc != -1 || out.len == 0, "a refused delivery left %zu bytes of records", out.len);
		FUZZ_CHECK(out.len == 0 || out.p[out.len - 1] == '\n', "records without their newline");
	} else
		FUZZ_CHECK(
		    d.status != 200 || strncmp(d.why, "ignored: ", 9) == 0, "200 but not spooled: %s", d.why);
	rt_delivery_free(&d);
	rt_cgi_free(&c);
	rt_buf_free(&out);
	rt_buf_free(&q);
	free(query);
	return 0;
}
