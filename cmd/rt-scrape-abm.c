/* rt-scrape-abm: AdsByMoney daily earnings, read from the publisher site (it has no API), as raw NDJSON. */
#include <errno.h>
#include <unistd.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_cred.h"
#include "rt_err.h"
#include "rt_fetch.h"
#include "rt_form.h"
#include "rt_html.h"
#include "rt_io.h"
#include "rt_json.h"

#define LOOKBACK 30 /* days: ad earnings are estimates until the network settles the month */
#define CREDS "adsbymoney_creds.json"
#define SETTINGS "RT_ABM_USER, RT_ABM_PASSWORD, RT_ABM_PUBID and RT_ABM_URL"

/* The site's settings; its address has no default, so it is one of them. */
static const struct rt_cred_spec settings[] = {
	{ NULL, "RT_ABM_USER", CREDS, "email" },
	{ NULL, "RT_ABM_PASSWORD", CREDS, "password" },
	{ NULL, "RT_ABM_PUBID", CREDS, "pubid" },
	{ NULL, "RT_ABM_URL", NULL, NULL },
};

static struct rt_fetch f;

/*
 * A credential from its variable, the file VAR_FILE names or the creds
 * file: the password a secret (RT_SECRET_MIN long, masked), the email an
 * account's name (masked when as long), the publisher id no secret (in
 * every URL, and shown).
 */
static char *
credential(const char *key, const char *var, size_t min, size_t mask)
{
	char why[512], *s;

	if ((s = rt_cred_json(CREDS, key, var, min, why, sizeof(why))) == NULL)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	if (strlen(s) >= mask)
		rt_http_secret(&f.http, s);
	return s;
}

/* Whether an answer is the sign-in form (it has a password field) rather than the page asked for. */
static int
sign_in_form(const struct rt_http_req *r)
{
	char *type = rt_html_attr(r->resp.p, r->resp.len, "input", "type", "password", "type");
	int found = type != NULL;

	free(type);
	return found;
}

/* Whether an answer is a redirect to the site's sign-in page (rt_http follows none). */
static int
to_sign_in(const struct rt_http_req *r, const char *base)
{
	const char *path;

	if (r->location == NULL || !rt_http_same_origin(r->location, base))
		return 0;
	path = strchr(strstr(r->location, "://") + 3, '/');
	return path != NULL && strncmp(path, "/sign_in", 8) == 0 && strchr("?#", path[8]) != NULL;
}

/* GETs a page of the site; returns only with a 2xx answer. */
static void
get(struct rt_http_req *r, const char *base, const char *url, const char *accept, const char *cred)
{
	int result;

	rt_http_req_init(r, "GET", url);
	rt_http_header_add(r, "Accept: %s", accept);
	result = rt_http_one(&f.http, r);
	if (result == RT_HTTP_REFUSED && to_sign_in(r, base))
		rt_fetch_fail(&f, RT_EXIT_UPSTREAM,
		    "%s: the site sent its sign-in page: the session was not kept", url);
	rt_fetch_check(&f, r, result, cred);
}

/* Step sign_in: the sign-in page sets the first session cookie and holds the CSRF token. */
static char *
sign_in(const char *base, char **param)
{
	struct rt_http_req r;
	struct rt_buf url = { 0 };
	char *token;

	f.step = "sign_in";
	rt_buf_addf(&url, "%s/sign_in", base);
	get(&r, base, url.p, "text/html", "RT_ABM_URL");
	token = rt_html_attr(r.resp.p, r.resp.len, "meta", "name", "csrf-token", "content");
	if (token == NULL || *token == '\0')
		rt_fetch_fail(&f, RT_EXIT_UPSTREAM,
		    "%s: the page has no <meta name=\"csrf-token\">: "
		    "is RT_ABM_URL the publisher site, or has its sign-in page changed?",
		    url.p);
	/* Rails names the form field in csrf-param; authenticity_token is its default. */
	*param = rt_html_attr(r.resp.p, r.resp.len, "meta", "name", "csrf-param", "content");
	if (*param == NULL || **param == '\0') {
		free(*param);
		*param = rt_estrdup("authenticity_token");
	}
	rt_http_secret(&f.http, token);
	rt_form_mask_cookies(&f.http, &r);
	rt_log("sign_in: a csrf token for the field %s", *param);
	rt_http_req_free(&r);
	rt_buf_free(&url);
	return token;
}

/* Step login: POSTs the form; the site answers with its sign-in page again when it refuses. */
static void
log_in(const char *base, const char *param, const char *token, const char *email, const char *password)
{
	struct rt_http_req r;
	struct rt_buf url = { 0 }, body = { 0 };
	int result;

	f.step = "login";
	rt_buf_addf(&url, "%s/sign_in", base);
	rt_buf_grow(&body, 3 * (strlen(token) + strlen(email) + strlen(password)) + 128);
	rt_form_add(&body, param, token);
	rt_form_add(&body, "user[email]", email);
	rt_form_add(&body, "user[password]", password);
	rt_http_req_init(&r, "POST", url.p);
	rt_http_header_add(&r, "Content-Type: application/x-www-form-urlencoded");
	rt_http_header_add(&r, "Accept: text/html");
	r.body = body.p;
	r.bodylen = body.len;
	result = rt_http_one(&f.http, &r);
	explicit_bzero(body.p, body.cap);
	rt_buf_free(&body);
	/*
	 * Devise answers a good sign-in with a redirect (302, or 303 with
	 * Turbo) to the site's own dashboard: that answer is the sign-in, and
	 * nothing more is needed from it.  A redirect elsewhere stays a failure.
	 */
	if (result == RT_HTTP_REFUSED && (r.status == 302 || r.status == 303) && r.location != NULL &&
	    rt_http_same_origin(r.location, base) && !to_sign_in(&r, base))
		result = RT_HTTP_OK;
	/* The form again, with 200 (Devise) or 422 (Devise with Turbo), is a refusal; a 5xx page is not. */
	f.refused = result == RT_HTTP_AUTH ||
	    (result != RT_HTTP_FAILED && (sign_in_form(&r) || to_sign_in(&r, base)));
	if (f.refused && result != RT_HTTP_AUTH)
		rt_fetch_fail(&f, RT_EXIT_USAGE,
		    "%s: the site refused the sign-in and sent its form again "
		    "(HTTP %ld): check RT_ABM_USER and RT_ABM_PASSWORD",
		    url.p, r.status);
	rt_fetch_check(&f, &r, result, "RT_ABM_USER and RT_ABM_PASSWORD");
	rt_form_mask_cookies(&f.http, &r);
	rt_log("login: signed in");
	rt_http_req_free(&r);
	rt_buf_free(&url);
}

/* Step campaigns: the overview shows the session's range, which this page sets (10: custom). */
static void
choose_range(const char *base)
{
	struct rt_http_req r;
	struct rt_buf url = { 0 };
	char a[RT_DATE_BUFSZ], b[RT_DATE_BUFSZ];

	f.step = "campaigns";
	rt_buf_addf(&url, "%s/admin/publisher_campaigns?start_date=%s&end_date=%s&date_range_index=10", base,
	    rt_fetch_date(f.since, a), rt_fetch_date(f.until, b));
	get(&r, base, url.p, "text/html", "RT_ABM_USER");
	if (sign_in_form(&r))
		rt_fetch_fail(&f, RT_EXIT_UPSTREAM,
		    "%s: the site sent its sign-in page: the session "
		    "was not kept",
		    url.p);
	rt_http_req_free(&r);
	rt_buf_free(&url);
}

/* An entry's Unix time: a whole number, or digits in a string.  -1 when it has none. */
static int
entry_time(jv o, int64_t *t)
{
	jv ts = jv_object_get(jv_copy(o), jv_string("timestamp"));
	const char *s;
	char *end;
	double d;
	int rc = -1;

	if (jv_get_kind(ts) == JV_KIND_NUMBER) {
		d = jv_number_value(ts);
		if (d > -1e11 && d < 1e11 && d == (double)(int64_t)d) {
			*t = (int64_t)d;
			rc = 0;
		}
	} else if (jv_get_kind(ts) == JV_KIND_STRING) {
		s = jv_string_value(ts);
		errno = 0;
		*t = strtoll(s, &end, 10);
		rc = *s >= '0' && *s <= '9' && *end == '\0' && errno == 0 && *t < 100000000000LL ? 0 : -1;
	}
	jv_free(ts);
	return rc;
}

/*
 * Step overviews: the earnings JSON, {"data": [entry, ...]} or a bare array
 * (an assumption: both are accepted).  Every entry is checked before any is
 * written, so that a failure falls back with nothing of the site's written.
 */
static void
overviews(const char *base, const char *pubid)
{
	struct rt_http_req r;
	struct rt_buf url = { 0 }, snip = { 0 };
	struct rt_json_error e;
	struct rt_map days;
	char buf[RT_DATE_BUFSZ], *esc;
	rt_day *day;
	int64_t t;
	int i, n, isnew;
	jv v, o;

	f.step = "overviews";
	esc = rt_http_escape(pubid);
	rt_buf_addf(&url, "%s/admin/publisher_overviews?pubid=%s&status=active", base, esc);
	free(esc);
	get(&r, base, url.p, "application/json", "RT_ABM_PUBID");
	v = rt_json_parse(r.resp.p != NULL ? r.resp.p : "", r.resp.len, &e);
	if (!jv_is_valid(v) && sign_in_form(&r))
		rt_fetch_fail(&f, RT_EXIT_UPSTREAM,
		    "%s: the site sent its sign-in page: the session "
		    "was not kept",
		    url.p);
	if (!jv_is_valid(v))
		jv_free(rt_fetch_json(&f, &r)); /* fails, showing the answer */
	if (jv_get_kind(v) == JV_KIND_OBJECT)
		v = jv_object_get(v, jv_string("data"));
	if (jv_get_kind(v) != JV_KIND_ARRAY) {
		rt_http_snippet(&f.http, &r, &snip);
		rt_fetch_fail(&f, RT_EXIT_UPSTREAM,
		    "%s: the answer is not an array of entries, nor an "
		    "object with one in \"data\": %s",
		    url.p, snip.p);
	}
	n = jv_array_length(jv_copy(v));
	day = rt_ecalloc((size_t)n + 1, sizeof(*day));
	rt_map_init(&days);
	for (i = 0; i < n; i++) {
		o = jv_array_get(jv_copy(v), i);
		if (jv_get_kind(o) != JV_KIND_OBJECT || entry_time(o, &t) == -1)
			rt_fetch_fail(&f, RT_EXIT_UPSTREAM,
			    "%s: entry %d is not an object with a Unix "
			    "\"timestamp\"",
			    url.p, i + 1);
		day[i] = rt_instant_local_day(t);
		/* One entry a day is the assumption the ids rest on: two would lose one downstream. */
		rt_map_insert(&days, rt_fetch_date(day[i], buf), 10, &isnew);
		if (!isnew)
			rt_fetch_fail(&f, RT_EXIT_UPSTREAM,
			    "%s: two entries for %s in %s: the overview is not "
			    "one entry a day",
			    url.p, buf, rt_tz_name());
		jv_free(o);
	}
	for (i = 0; i < n; i++)
		if (day[i] >= f.since && day[i] <= f.until)
			rt_fetch_emit(&f, jv_array_get(jv_copy(v), i));
	rt_log("overviews: %d entries, %lu of them in the range", n, f.records);
	jv_free(v);
	free(day);
	rt_map_free(&days);
	rt_http_req_free(&r);
	rt_buf_free(&url);
}

/*
 * How much of the site's settings is configured.  With --configured,
 * answers and ends the run.  Otherwise settings given in part are exit 2
 * naming the missing, a fallback or not: a file must not quietly stand in
 * for a setup left half done.
 */
static enum rt_cred_state
configured(void)
{
	struct rt_buf missing = { 0 }, present = { 0 }, where = { 0 };
	enum rt_cred_state st;

	st = rt_cred_configured(settings, sizeof(settings) / sizeof(settings[0]), &missing, &present);
	rt_buf_addf(&where, "(not as the variable, VAR_FILE or in %s/%s; RT_ABM_URL has no default)",
	    rt_secrets_dir(), CREDS);
	if (f.configured || st == RT_CRED_SOME)
		rt_fetch_answer(&f, st, missing.p, present.p, where.p);
	rt_buf_free(&missing);
	rt_buf_free(&present);
	rt_buf_free(&where);
	return st;
}

int
main(int argc, char *argv[])
{
	enum { OPT_FALLBACK = RT_OPT_OWN };
	static const struct rt_option options[] = {
		{ "fallback", OPT_FALLBACK, "file",
		    "the hand-kept earnings to write when the site cannot be read" },
		{ NULL, 0, NULL, NULL },
	};
	char *base, *email, *password, *pubid, *token, *param;
	int ch;

	rt_cli_start(argc, argv);
	rt_fetch_init(&f, "adsbymoney", LOOKBACK, "[--fallback file]", options);
	while ((ch = rt_fetch_getopt(&f, argc, argv)) != -1) {
		switch (ch) {
		case OPT_FALLBACK:
			f.fallback_path = optarg;
			break;
		}
	}
	if (f.configured)
		configured();
	rt_fetch_start(&f);
	if (configured() == RT_CRED_NONE) {
		if (f.fallback_path == NULL)
			rt_errx(RT_EXIT_USAGE,
			    "not configured: set " SETTINGS " (the first three may be in %s/%s), or give "
			    "--fallback; with an API token, use rt-fetch-adsbymoney",
			    rt_secrets_dir(), CREDS);
		rt_fetch_fallback(&f);
		rt_fetch_fall_back(&f, "the site is not configured (none of " SETTINGS " is set)");
	}
	email = credential("email", "RT_ABM_USER", 0, RT_SECRET_MIN);
	password = credential("password", "RT_ABM_PASSWORD", RT_SECRET_MIN, 0);
	pubid = credential("pubid", "RT_ABM_PUBID", 0, SIZE_MAX);
	/* No public address is known, and a password is not sent to a guessed one. */
	base = rt_fetch_url("RT_ABM_URL", NULL);
	rt_fetch_fallback(&f);

	token = sign_in(base, &param);
	log_in(base, param, token, email, password);
	choose_range(base);
	overviews(base, pubid);

	explicit_bzero(password, strlen(password));
	explicit_bzero(email, strlen(email));
	explicit_bzero(token, strlen(token));
	free(password);
	free(email);
	free(pubid);
	free(token);
	free(param);
	free(base);
	return rt_fetch_finish(&f);
}
