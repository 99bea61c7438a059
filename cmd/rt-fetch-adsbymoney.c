/*
 * rt-fetch-adsbymoney: AdsByMoney earnings from its publisher API, one
 * total per campaign per calendar month, as raw NDJSON.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_err.h"
#include "rt_fetch.h"
#include "rt_io.h"
#include "rt_json.h"
#include "rt_money.h"
#include "rt_window.h"

#define LOOKBACK 30 /* days: ad earnings are estimates until the network settles the month */
#define API_PATH "/api/v1/publisher_dashboard/campaigns"
#define API_TIMEOUT 90 /* seconds: answers can take over a minute; the API's clients wait 75 */

static struct rt_fetch f;

/* Whether the API gives a count or an amount as explicitly zero: 0, or a decimal string of zeros. */
static int
is_zero(jv v)
{
	const char *s;

	if (jv_get_kind(v) == JV_KIND_NUMBER)
		return jv_number_value(v) == 0;
	if ((s = rt_jv_string(v, NULL)) == NULL)
		return 0;
	s += *s == '-';
	if (*s != '0')
		return 0;
	s += strspn(s, "0");
	if (*s == '.' && s[1] != '\0')
		s += 1 + strspn(s + 1, "0");
	return *s == '\0';
}

/*
 * A campaign's earnings for a window as rt takes them: a whole number or
 * an exact decimal of cents.  Null or absent is accepted as 0 only in the
 * shape the API answers for a period before the account existed, with
 * revenue, leads and clicks all explicitly 0; otherwise it is invalid, and
 * why says so.
 */
static jv
campaign_earnings(jv c, struct rt_buf *why)
{
	static const char *const activity[] = { "revenue", "leads", "clicks" };
	jv e = jv_object_get(jv_copy(c), jv_string("earnings")), v;
	const char *s;
	int64_t cents;
	size_t i;

	if (jv_get_kind(e) == JV_KIND_NUMBER && jv_number_value(e) == (double)(int64_t)jv_number_value(e))
		return e;
	if ((s = rt_jv_string(e, NULL)) != NULL && rt_money_parse(s, strlen(s), 2, &cents) == RT_MONEY_OK)
		return e;
	if (jv_get_kind(e) != JV_KIND_NULL && jv_get_kind(e) != JV_KIND_INVALID) {
		rt_buf_adds(why, "\"earnings\" is not an amount of dollars and cents");
		jv_free(e);
		return jv_invalid();
	}
	jv_free(e);
	for (i = 0; i < sizeof(activity) / sizeof(activity[0]); i++) {
		v = jv_object_get(jv_copy(c), jv_string(activity[i]));
		if (!is_zero(v)) {
			rt_buf_addf(why,
			    "\"earnings\" is null but \"%s\" is not 0: only a period before the "
			    "account may lack earnings, with revenue, leads and clicks all 0",
			    activity[i]);
			jv_free(v);
			return jv_invalid();
		}
		jv_free(v);
	}
	return jv_number(0);
}

/* A campaign's id as text: "id", else "campaign_id" (UNCONFIRMED), a string or a whole number. */
static int
campaign_id(jv c, struct rt_buf *out)
{
	static const char *const keys[] = { "id", "campaign_id" };
	const char *s;
	double d;
	size_t i;
	jv v;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		v = jv_object_get(jv_copy(c), jv_string(keys[i]));
		if ((s = rt_jv_string(v, NULL)) != NULL && *s != '\0' && strpbrk(s, ": \t\r\n") == NULL)
			rt_buf_adds(out, s);
		else if (jv_get_kind(v) == JV_KIND_NUMBER && (d = jv_number_value(v)) >= 0 && d < 1e15 &&
		    d == (double)(int64_t)d)
			rt_buf_addf(out, "%lld", (long long)d);
		jv_free(v);
		if (out->len > 0)
			return 0;
	}
	return -1;
}

/*
 * The campaigns of one window's answer, {"data": [campaign, ...]}, checked
 * whole and each written with the window, its id and its earnings as rt
 * takes them (rt_window_start, rt_window_end, rt_campaign, rt_earnings).
 */
static jv
api_campaigns(struct rt_http_req *r, const struct rt_window *w)
{
	char a[RT_DATE_BUFSZ], b[RT_DATE_BUFSZ];
	struct rt_buf id = { 0 }, why = { 0 }, snip = { 0 };
	struct rt_map ids;
	jv v, data, c, e, out = jv_array();
	int i, n, isnew;

	rt_date_format(w->start, a);
	rt_date_format(w->end, b);
	v = rt_fetch_json(&f, r);
	data = jv_get_kind(v) == JV_KIND_OBJECT ? jv_object_get(v, jv_string("data"))
						: (jv_free(v), jv_invalid());
	if (jv_get_kind(data) != JV_KIND_ARRAY) {
		rt_http_snippet(&f.http, r, &snip);
		rt_fetch_fail(
		    &f, RT_EXIT_UPSTREAM, "%s..%s: the answer has no \"data\" array: %s", a, b, snip.p);
	}
	rt_map_init(&ids);
	n = jv_array_length(jv_copy(data));
	for (i = 0; i < n; i++) {
		c = jv_array_get(jv_copy(data), i);
		rt_buf_reset(&id);
		rt_buf_reset(&why);
		if (jv_get_kind(c) != JV_KIND_OBJECT || campaign_id(c, &id) == -1)
			rt_fetch_fail(&f, RT_EXIT_UPSTREAM,
			    "%s..%s: campaign %d is not an object with an \"id\" or \"campaign_id\"", a, b,
			    i + 1);
		rt_map_insert(&ids, id.p, id.len, &isnew);
		if (!isnew)
			rt_fetch_fail(&f, RT_EXIT_UPSTREAM, "%s..%s: campaign %s is in the answer twice", a,
			    b, rt_buf_str(&id));
		if (!jv_is_valid(e = campaign_earnings(c, &why)))
			rt_fetch_fail(&f, RT_EXIT_UPSTREAM, "%s..%s: campaign %s: %s", a, b, rt_buf_str(&id),
			    rt_buf_str(&why));
		c = jv_object_set(c, jv_string("rt_window_start"), jv_string(a));
		c = jv_object_set(c, jv_string("rt_window_end"), jv_string(b));
		c = jv_object_set(c, jv_string("rt_campaign"), jv_string(rt_buf_str(&id)));
		out = jv_array_append(out, jv_object_set(c, jv_string("rt_earnings"), e));
	}
	rt_log("api: %s..%s: %d campaigns", a, b, n);
	jv_free(data);
	rt_map_free(&ids);
	rt_buf_free(&id);
	rt_buf_free(&why);
	return out;
}

/* POSTs one window's question; the token travels in the body, which is never logged. */
static void
api_ask(struct rt_http_req *r, const char *url, const char *token, const struct rt_window *w)
{
	char a[RT_DATE_BUFSZ], b[RT_DATE_BUFSZ];
	struct rt_buf body = { 0 };
	const char *t = getenv("RT_HTTP_TIMEOUT");
	int result;

	rt_buf_adds(&body, "{\"api_token\":");
	rt_json_add_string(&body, token, strlen(token));
	rt_buf_addf(&body, ",\"start_at\":\"%s\",\"end_at\":\"%s\"}", rt_date_format(w->start, a),
	    rt_date_format(w->end, b));
	rt_http_req_init(r, "POST", url);
	rt_http_header_add(r, "Content-Type: application/json");
	rt_http_header_add(r, "Accept: application/json");
	r->headers = curl_slist_append(r->headers, "Expect:");
	r->body = body.p;
	r->bodylen = body.len;
	/* RT_HTTP_TIMEOUT, when set, is the user's word; else these answers get their minute and a half. */
	if (t == NULL || *t == '\0')
		r->timeout_ms = API_TIMEOUT * 1000L;
	rt_log("api: asking for %s..%s, waiting up to %ld s", a, b,
	    (r->timeout_ms > 0 ? r->timeout_ms : f.http.timeout_ms) / 1000);
	result = rt_http_one(&f.http, r);
	explicit_bzero(body.p, body.cap);
	rt_buf_free(&body);
	r->body = NULL;
	f.refused = result == RT_HTTP_AUTH;
	rt_fetch_check(&f, r, result, "RT_ABM_API_TOKEN");
}

/*
 * One question per calendar month of the range, as the API's clients ask
 * (a long range times out), each answered with one total per campaign.
 * Every window is read and checked before anything is written, so that a
 * failure falls back with nothing of the API's written.
 */
static void
api(char *token)
{
	char *base;
	struct rt_buf url = { 0 }, esc = { 0 };
	struct rt_http_req r;
	struct rt_window *w;
	size_t i, n;
	int k, m;
	jv all = jv_array(), c;

	f.step = "the API";
	/* The token as the body spells it, should an answer quote the body back. */
	rt_json_add_string(&esc, token, strlen(token));
	esc.p[esc.len - 1] = '\0';
	rt_http_secret(&f.http, esc.p + 1);
	explicit_bzero(esc.p, esc.cap);
	base = rt_fetch_url("RT_ABM_API_URL", "https://api.adsbymoney.com");
	rt_buf_addf(&url, "%s" API_PATH, base);
	n = rt_fetch_months(&f, &w);
	for (i = 0; i < n; i++) {
		api_ask(&r, url.p, token, &w[i]);
		c = api_campaigns(&r, &w[i]);
		m = jv_array_length(jv_copy(c));
		for (k = 0; k < m; k++)
			all = jv_array_append(all, jv_array_get(jv_copy(c), k));
		jv_free(c);
		rt_http_req_free(&r);
		rt_fetch_page(&f);
	}
	m = jv_array_length(jv_copy(all));
	for (k = 0; k < m; k++)
		rt_fetch_emit(&f, jv_array_get(jv_copy(all), k));
	jv_free(all);
	free(w);
	free(base);
	rt_buf_free(&url);
	rt_buf_free(&esc);
}

int
main(int argc, char *argv[])
{
	enum { OPT_FALLBACK = RT_OPT_OWN, OPT_TOKEN_FILE };
	static const struct rt_option options[] = {
		{ "token-file", OPT_TOKEN_FILE, "file",
		    "read the API token from file (else RT_ABM_API_TOKEN, ...)" },
		{ "fallback", OPT_FALLBACK, "file",
		    "the hand-kept earnings to write when the API cannot be read or no token is set" },
		{ NULL, 0, NULL, NULL },
	};
	struct rt_cred_spec cred = { NULL, "RT_ABM_API_TOKEN", "adsbymoney_api_token.txt", NULL };
	char *token;
	int ch;

	rt_cli_start(argc, argv);
	rt_fetch_init(&f, "adsbymoney", LOOKBACK, "[--token-file file] [--fallback file]", options);
	while ((ch = rt_fetch_getopt(&f, argc, argv)) != -1) {
		switch (ch) {
		case OPT_FALLBACK:
			f.fallback_path = optarg;
			break;
		case OPT_TOKEN_FILE:
			cred.optfile = optarg;
			break;
		}
	}
	rt_fetch_configured(&f, &cred, 1);
	rt_fetch_start(&f);
	rt_fetch_fallback(&f);
	/* A token that is simply not there is a source not set up: the file kept by hand stands in. */
	if (!rt_cred_present(&cred) && f.fallback_path != NULL)
		rt_fetch_fall_back(&f, "no API token is configured (RT_ABM_API_TOKEN)");
	token = rt_fetch_secret(&f, cred.optfile, cred.var, cred.file);
	api(token);
	explicit_bzero(token, strlen(token));
	free(token);
	return rt_fetch_finish(&f);
}
