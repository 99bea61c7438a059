/* rt-scrape-abm: AdsByMoney daily earnings, read from the publisher site (it has no API), as raw NDJSON. */
#include <errno.h>
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

static struct rt_fetch f;
static const char *step = "start"; /* the step under way, named when it fails */
static const char *fallback_path;
static jv fallback; /* the manual file, read before anything is asked */
static int refused; /* the site refused the credentials: no file mends that */

/* The days a manual file's key covers: a YYYY-MM-DD day or a YYYY-MM month.  -1 when neither. */
static int
period(const char *key, rt_day *first, rt_day *last)
{
	char day[16];
	int y, m, d;

	if (strlen(key) == 10 && rt_date_parse(key, 10, first) == 0) {
		*last = *first;
		return 0;
	}
	if (strlen(key) != 7)
		return -1;
	snprintf(day, sizeof(day), "%s-01", key);
	if (rt_date_parse(day, 10, first) == -1)
		return -1;
	rt_civil_from_days(*first, &y, &m, &d);
	*last = *first + rt_days_in_month(y, m) - 1;
	return 0;
}

/* Reads and checks the --fallback file now: finding it broken only when the site fails is too late. */
static void
read_fallback(void)
{
	struct rt_buf text = { 0 };
	struct rt_json_error e;
	rt_day a, b;
	jv_kind k;

	if (rt_read_file(fallback_path, &text) == -1)
		rt_err(RT_EXIT_USAGE, "--fallback %s", fallback_path);
	fallback = rt_json_parse(text.p != NULL ? text.p : "", text.len, &e);
	rt_buf_free(&text);
	if (!jv_is_valid(fallback))
		rt_errx(RT_EXIT_USAGE, "%s: byte %zu: %s", fallback_path, e.offset + 1, e.msg);
	if (jv_get_kind(fallback) != JV_KIND_OBJECT)
		rt_errx(RT_EXIT_USAGE, "%s: not an object of YYYY-MM and YYYY-MM-DD keys", fallback_path);
	jv_object_foreach(fallback, key, val)
	{
		if (period(jv_string_value(key), &a, &b) == -1)
			rt_errx(RT_EXIT_USAGE, "%s: key \"%s\" is not YYYY-MM or YYYY-MM-DD", fallback_path,
			    jv_string_value(key));
		k = jv_get_kind(val);
		if (k != JV_KIND_NUMBER && k != JV_KIND_STRING && k != JV_KIND_NULL)
			rt_errx(RT_EXIT_USAGE, "%s: \"%s\" is not an amount", fallback_path,
			    jv_string_value(key));
		jv_free(key);
		jv_free(val);
	}
}

/*
 * Called by rt_fetch_fail when a step has failed and --fallback was given:
 * writes the file's periods that touch the range, one {"key": amount} a
 * line (the adsbymoney map reads them), and ends the run with success but
 * without writing the state.  Refused credentials and local failures are
 * left to end the run as they would without a fallback, and so is a failure
 * after records were written, which could not be taken back.
 */
static void
fall_back(struct rt_fetch *fp, int status, const char *why)
{
	rt_day a, b;

	if (refused || status == RT_EXIT_IO || fp->records > 0)
		return;
	rt_warnx("%s failed (%s); using the fallback %s", step, why, fallback_path);
	jv_object_foreach(fallback, key, val)
	{
		/* A month that overlaps the range is kept whole: it is one record spanning the month. */
		if (period(jv_string_value(key), &a, &b) == 0 && a <= fp->until && b >= fp->since)
			rt_fetch_emit(fp, jv_object_set(jv_object(), key, val));
		else {
			jv_free(key);
			jv_free(val);
		}
	}
	if (fp->state_out != NULL)
		rt_warnx("--state-out %s not written: the site was not read", fp->state_out);
	fp->state_out = NULL;
	exit(rt_fetch_finish(fp));
}

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

	step = "sign_in";
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

	step = "login";
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
	refused = result == RT_HTTP_AUTH ||
	    (result != RT_HTTP_FAILED && (sign_in_form(&r) || to_sign_in(&r, base)));
	if (refused && result != RT_HTTP_AUTH)
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

	step = "campaigns";
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

	step = "overviews";
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

int
main(int argc, char *argv[])
{
	enum { OPT_FALLBACK = RT_OPT_OWN };
	static const struct rt_option options[] = {
		{ "fallback", OPT_FALLBACK, "file", "the hand-kept earnings to use when the site fails" },
		{ NULL, 0, NULL, NULL },
	};
	char *base, *email, *password, *pubid, *token, *param;
	const char *url;
	int ch;

	rt_cli_start(argc, argv);
	rt_fetch_init(&f, "adsbymoney", LOOKBACK, "[--fallback file]", options);
	while ((ch = rt_fetch_getopt(&f, argc, argv)) != -1) {
		switch (ch) {
		case OPT_FALLBACK:
			fallback_path = optarg;
			break;
		}
	}
	rt_fetch_start(&f);
	email = credential("email", "RT_ABM_USER", 0, RT_SECRET_MIN);
	password = credential("password", "RT_ABM_PASSWORD", RT_SECRET_MIN, 0);
	pubid = credential("pubid", "RT_ABM_PUBID", 0, SIZE_MAX);
	/* No public address is known, and a password is not sent to a guessed one. */
	if ((url = getenv("RT_ABM_URL")) == NULL || *url == '\0')
		rt_errx(
		    RT_EXIT_USAGE, "set RT_ABM_URL to the publisher site's address (there is no default)");
	base = rt_estrdup(url);
	while (*base != '\0' && base[strlen(base) - 1] == '/')
		base[strlen(base) - 1] = '\0';
	if (fallback_path != NULL) {
		read_fallback();
		f.on_fail = fall_back;
	}

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
	if (fallback_path != NULL)
		jv_free(fallback);
	return rt_fetch_finish(&f);
}
