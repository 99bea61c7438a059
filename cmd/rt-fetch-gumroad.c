/*
 * rt-fetch-gumroad: a Gumroad seller's sales created in a range of days, as
 * raw NDJSON, ten a page (Gumroad's fixed size), paged with next_page_key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_err.h"
#include "rt_fetch.h"
#include "rt_io.h"
#include "rt_json.h"
#include "rt_money.h"

/*
 * Days: Gumroad changes a sale in place when it is refunded or charged
 * back, and lists sales by creation only, so a change is seen when its
 * sale's day is read again; refunds mostly come within 30 days.
 */
#define LOOKBACK 30
#define CRED "RT_GUMROAD_TOKEN"

/* The list URL: after and before are UTC days (after included, before not). */
static char *
page_url(const char *base, rt_day after, rt_day before, const char *key)
{
	char a[RT_DATE_BUFSZ], b[RT_DATE_BUFSZ];
	struct rt_buf u = { 0 };

	rt_buf_addf(
	    &u, "%s/v2/sales?after=%s&before=%s", base, rt_date_format(after, a), rt_date_format(before, b));
	rt_fetch_query(&u, "page_key", key);
	return u.p;
}

/* The sales of an answer (page consumed); "success": false is exit 3 with Gumroad's message. */
static jv
page_sales(struct rt_fetch *f, const struct rt_http_req *r, jv page, char **next)
{
	jv success, sales, key, msg;

	if (jv_get_kind(page) != JV_KIND_OBJECT)
		rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s: the answer is %s, not an object", r->url,
		    jv_kind_name(jv_get_kind(page)));
	success = jv_object_get(jv_copy(page), jv_string("success"));
	if (jv_get_kind(success) != JV_KIND_TRUE) {
		msg = jv_object_get(jv_copy(page), jv_string("message"));
		rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s: Gumroad answered \"success\": %s: %.200s", r->url,
		    jv_get_kind(success) == JV_KIND_FALSE ? "false" : "(missing)",
		    rt_jv_string(msg, "(no message)"));
	}
	jv_free(success);
	sales = jv_object_get(jv_copy(page), jv_string("sales"));
	key = jv_object_get(page, jv_string("next_page_key"));
	if (jv_get_kind(sales) != JV_KIND_ARRAY)
		rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s: the answer has no \"sales\" array", r->url);
	*next = NULL;
	if (rt_jv_is(key, JV_KIND_STRING) && jv_string_length_bytes(jv_copy(key)) > 0)
		*next = rt_estrdup(jv_string_value(key));
	else if (jv_get_kind(key) != JV_KIND_NULL && jv_get_kind(key) != JV_KIND_INVALID)
		rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s: \"next_page_key\" is not a string", r->url);
	jv_free(key);
	return sales;
}

/*
 * Writes the sales created in [from, to), each with rt_currency; Gumroad's
 * UTC days reach a little beyond the reporting zone's.  *oldest is the
 * earliest creation seen.
 */
static void
emit_sales(struct rt_fetch *f, const struct rt_http_req *r, jv sales, const char *currency, int64_t *oldest)
{
	int i, n = jv_array_length(jv_copy(sales));
	const char *s;
	int64_t t;
	jv o, at;

	for (i = 0; i < n; i++) {
		o = jv_array_get(jv_copy(sales), i);
		at = jv_object_get(jv_copy(o), jv_string("created_at"));
		if (!rt_jv_is(o, JV_KIND_OBJECT) || (s = rt_jv_string(at, NULL)) == NULL ||
		    rt_instant_parse(s, strlen(s), &t) == -1)
			rt_fetch_fail(
			    f, RT_EXIT_UPSTREAM, "%s: sale %d has no \"created_at\" instant", r->url, i + 1);
		jv_free(at);
		if (t < *oldest)
			*oldest = t;
		if (t < f->from || t >= f->to) {
			jv_free(o);
			continue;
		}
		rt_fetch_emit(f, jv_object_set(o, jv_string("rt_currency"), jv_string(currency)));
	}
	jv_free(sales);
}

int
main(int argc, char *argv[])
{
	enum { OPT_TOKEN_FILE = RT_OPT_OWN, OPT_CURRENCY };
	static const struct rt_option options[] = {
		{ "token-file", OPT_TOKEN_FILE, "file",
		    "read the access token from file (else RT_GUMROAD_TOKEN, ...)" },
		{ "currency", OPT_CURRENCY, "code",
		    "the currency of price and fee (default USD: Gumroad gives none)" },
		{ NULL, 0, NULL, NULL },
	};
	char currency[4] = "USD", where[RT_DATE_BUFSZ + 16], d[RT_DATE_BUFSZ], *token, *base, *url,
	     *key = NULL, *next;
	const char *tokenfile = NULL;
	struct rt_http_req r;
	struct rt_fetch f;
	int64_t oldest;
	int ch;
	jv sales;

	rt_cli_start(argc, argv);
	rt_fetch_init(&f, "gumroad", LOOKBACK, "[--token-file file] [--currency code]", options);
	while ((ch = rt_fetch_getopt(&f, argc, argv)) != -1) {
		switch (ch) {
		case OPT_TOKEN_FILE:
			tokenfile = optarg;
			break;
		case OPT_CURRENCY:
			if (rt_currency_code(optarg, currency) == -1)
				rt_errx(RT_EXIT_USAGE, "--currency \"%s\" is not an ISO 4217 code", optarg);
			break;
		}
	}
	rt_fetch_configured(
	    &f, &(const struct rt_cred_spec){ tokenfile, CRED, "gumroad_access_token.txt", NULL }, 1);
	rt_fetch_start(&f);
	token = rt_fetch_secret(&f, tokenfile, CRED, "gumroad_access_token.txt");
	base = rt_fetch_url("RT_GUMROAD_URL", "https://api.gumroad.com");
	/* The reporting zone's days as instants, and the UTC days Gumroad takes that hold them. */
	f.from = rt_local_midnight(f.since);
	f.to = rt_local_midnight(f.until + 1);
	rt_log("sales created %s..%s, asked for as UTC days", rt_date_format(f.since, d),
	    rt_date_format(f.until, where));

	do {
		url = page_url(base, (rt_day)(f.from / 86400 - (f.from % 86400 < 0)),
		    (rt_day)((f.to - 1) / 86400 + 1), key);
		rt_fetch_bearer(&r, "GET", url, token);
		free(url);
		rt_fetch_send(&f, &r, CRED);
		sales = page_sales(&f, &r, rt_fetch_json(&f, &r), &next);
		if (next != NULL && jv_array_length(jv_copy(sales)) == 0)
			rt_fetch_fail(
			    &f, RT_EXIT_UPSTREAM, "%s: \"next_page_key\" after an empty page", r.url);
		oldest = f.to;
		emit_sales(&f, &r, sales, currency, &oldest);
		/* Gumroad is known to hand out the same key for ever. */
		if (next != NULL)
			rt_fetch_repeat(&f, next, strlen(next), "next_page_key (a known Gumroad bug)");
		free(key);
		key = next;
		rt_http_req_free(&r);
		snprintf(where, sizeof(where), "back to %s", rt_date_format(rt_instant_local_day(oldest), d));
		rt_fetch_page_at(&f, where);
	} while (key != NULL);

	free(base);
	explicit_bzero(token, strlen(token));
	free(token);
	return rt_fetch_finish(&f);
}
