/*
 * rt-fetch-stripe: a Stripe account's balance transactions (or its charges)
 * created in a window, as raw NDJSON, newest first, paged with starting_after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_err.h"
#include "rt_fetch.h"
#include "rt_io.h"
#include "rt_json.h"

/*
 * Seconds read again before the cursor: an object can be listed a moment
 * after the second it was created in, and clocks differ a little.
 */
#define LOOKBACK 300
#define PAGE 100
#define CRED "RT_STRIPE_API_KEY"

/* The list URL for one page: the window, 100 a page, after the last id of the page before. */
static char *
page_url(const struct rt_fetch *f, const char *base, const char *path, int expand, const char *after)
{
	struct rt_buf u = { 0 };

	rt_buf_addf(&u, "%s%s?created%%5Bgte%%5D=%lld&created%%5Blte%%5D=%lld&limit=%d", base, path,
	    (long long)f->from, (long long)(f->to - 1), PAGE);
	if (expand)
		rt_buf_adds(&u, "&expand%5B%5D=data.source");
	rt_fetch_query(&u, "starting_after", after);
	return u.p;
}

/* A list answer's data (consumed from page); *more is has_more.  Anything else is exit 3. */
static jv
list_data(struct rt_fetch *f, const struct rt_http_req *r, jv page, int *more)
{
	jv object, data, has_more;

	if (jv_get_kind(page) != JV_KIND_OBJECT)
		rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s: the answer is %s, not a list object", r->url,
		    jv_kind_name(jv_get_kind(page)));
	object = jv_object_get(jv_copy(page), jv_string("object"));
	data = jv_object_get(jv_copy(page), jv_string("data"));
	has_more = jv_object_get(page, jv_string("has_more"));
	if (!rt_jv_is(object, JV_KIND_STRING) || strcmp(jv_string_value(object), "list") != 0 ||
	    jv_get_kind(data) != JV_KIND_ARRAY ||
	    (jv_get_kind(has_more) != JV_KIND_TRUE && jv_get_kind(has_more) != JV_KIND_FALSE))
		rt_fetch_fail(f, RT_EXIT_UPSTREAM,
		    "%s: the answer is not a list (\"object\":\"list\", a \"data\" array, \"has_more\")",
		    r->url);
	*more = jv_get_kind(has_more) == JV_KIND_TRUE;
	jv_free(object);
	jv_free(has_more);
	return data;
}

/* Writes a page's objects; returns the last one's id (the next starting_after), or NULL. */
static char *
emit_page(struct rt_fetch *f, const struct rt_http_req *r, jv data)
{
	char *last = NULL;
	int i, n = jv_array_length(jv_copy(data));
	jv o, id;

	for (i = 0; i < n; i++) {
		o = jv_array_get(jv_copy(data), i);
		id = jv_object_get(jv_copy(o), jv_string("id"));
		if (!rt_jv_is(o, JV_KIND_OBJECT) || !rt_jv_is(id, JV_KIND_STRING) ||
		    jv_string_length_bytes(jv_copy(id)) == 0)
			rt_fetch_fail(
			    f, RT_EXIT_UPSTREAM, "%s: object %d of the page has no \"id\"", r->url, i + 1);
		if (i == n - 1)
			last = rt_estrdup(jv_string_value(id));
		jv_free(id);
		rt_fetch_emit(f, o);
	}
	jv_free(data);
	return last;
}

int
main(int argc, char *argv[])
{
	enum { OPT_KEY_FILE = RT_OPT_OWN, OPT_OBJECTS };
	static const struct rt_option options[] = {
		{ "key-file", OPT_KEY_FILE, "file",
		    "read the secret key from file (else RT_STRIPE_API_KEY, ...)" },
		{ "objects", OPT_OBJECTS, "list",
		    "balance_transactions (default: sales, refunds, disputes, fees) or charges (sales "
		    "only)" },
		{ NULL, 0, NULL, NULL },
	};
	char a[RT_INSTANT_BUFSZ], b[RT_INSTANT_BUFSZ], *key, *base, *url, *after = NULL, *last;
	const char *keyfile = NULL, *objects = "balance_transactions";
	struct rt_http_req r;
	struct rt_fetch f;
	int ch, more, charges;
	jv data;

	rt_cli_start(argc, argv);
	rt_fetch_init(&f, "stripe", 0, "[--key-file file] [--objects list]", options);
	rt_fetch_instants(&f, LOOKBACK);
	while ((ch = rt_fetch_getopt(&f, argc, argv)) != -1) {
		switch (ch) {
		case OPT_KEY_FILE:
			keyfile = optarg;
			break;
		case OPT_OBJECTS:
			objects = optarg;
			break;
		}
	}
	if (strcmp(objects, "balance_transactions") != 0 && strcmp(objects, "charges") != 0)
		rt_errx(RT_EXIT_USAGE, "--objects \"%s\" is not balance_transactions or charges", objects);
	charges = strcmp(objects, "charges") == 0;
	rt_fetch_configured(&f, &(const struct rt_cred_spec){ keyfile, CRED, "stripe_api_key.txt", NULL }, 1);
	rt_fetch_start(&f);
	key = rt_fetch_secret(&f, keyfile, CRED, "stripe_api_key.txt");
	base = rt_fetch_url("RT_STRIPE_URL", "https://api.stripe.com");
	rt_log("%s created %s..%s (%lld..%lld)", objects, rt_instant_format(f.from, a),
	    rt_instant_format(f.to - 1, b), (long long)f.from, (long long)(f.to - 1));

	do {
		url =
		    page_url(&f, base, charges ? "/v1/charges" : "/v1/balance_transactions", !charges, after);
		rt_fetch_bearer(&r, "GET", url, key);
		free(url);
		rt_fetch_send(&f, &r, CRED);
		data = list_data(&f, &r, rt_fetch_json(&f, &r), &more);
		if (more && jv_array_length(jv_copy(data)) == 0)
			rt_fetch_fail(&f, RT_EXIT_UPSTREAM, "%s: \"has_more\" with an empty page", r.url);
		last = emit_page(&f, &r, data);
		free(after);
		after = NULL;
		if (more) {
			/* The cursor is the last id: the same one again means Stripe is repeating a page. */
			rt_fetch_repeat(&f, last, strlen(last), "starting_after cursor");
			after = last;
		} else
			free(last);
		rt_http_req_free(&r);
		rt_fetch_page(&f);
	} while (more);

	free(base);
	explicit_bzero(key, strlen(key));
	free(key);
	return rt_fetch_finish(&f);
}
