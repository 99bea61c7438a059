/* rt-fetch-impact: impact.com's Performance by Day report, as raw NDJSON rows, paged with @nextpageuri. */
#include <ctype.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rt_err.h"
#include "rt_fetch.h"
#include "rt_io.h"
#include "rt_json.h"

/*
 * Days: impact keeps changing a day while its actions are pending, until
 * they lock, commonly 30 days after the event; five more cover late locks.
 */
#define LOOKBACK 35
#define PAGESIZE 1000
#define REPORT "partner_performance_by_day"
#define CREDS "RT_IMPACT_ACCOUNT_SID and RT_IMPACT_AUTH_TOKEN"

/* Where a row may carry its day as YYYY-MM-DD; the column names are UNCONFIRMED. */
static const char *const iso_columns[] = { "Date", "date", "Day", "day" };

static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December" };

/* "Jan 3, 2026" (or "January 3, 2026"), as date_display shows a day. */
static int
display_date(const char *s, rt_day *day)
{
	char iso[RT_DATE_BUFSZ];
	const char *p;
	size_t len;
	int m, d = 0, y = 0, n;

	for (p = s; isalpha((unsigned char)*p); p++)
		;
	len = (size_t)(p - s);
	for (m = 0; m < 12; m++)
		if (len >= 3 && len <= strlen(months[m]) && strncasecmp(s, months[m], len) == 0)
			break;
	if (m == 12 || *p != ' ')
		return -1;
	while (*p == ' ')
		p++;
	for (n = 0; n < 2 && isdigit((unsigned char)*p); n++)
		d = d * 10 + *p++ - '0';
	if (n == 0 || *p++ != ',' || *p++ != ' ')
		return -1;
	for (n = 0; n < 4 && isdigit((unsigned char)*p); n++)
		y = y * 10 + *p++ - '0';
	if (n != 4 || *p != '\0')
		return -1;
	snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, m + 1, d);
	return rt_date_parse(iso, strlen(iso), day);
}

/*
 * The report day of a row, which the map needs and impact does not name for
 * certain: an ISO date in Date, date, Day or day (a time after it is
 * ignored: the date part is the report's own day), else date_display.  A
 * column that is absent, empty or not a string is passed over.  -1 with why
 * set when no column gives a date.
 */
static int
row_date(jv row, rt_day *day, struct rt_buf *why)
{
	const char *s;
	size_t i;
	jv v;

	for (i = 0; i <= sizeof(iso_columns) / sizeof(iso_columns[0]); i++) {
		const char *col =
		    i < sizeof(iso_columns) / sizeof(iso_columns[0]) ? iso_columns[i] : "date_display";

		v = jv_object_get(jv_copy(row), jv_string(col));
		if ((s = rt_jv_string(v, NULL)) == NULL || *s == '\0') {
			jv_free(v);
			continue;
		}
		if (strcmp(col, "date_display") == 0
			? display_date(s, day) == 0
			: strlen(s) >= 10 && (s[10] == '\0' || s[10] == 'T' || s[10] == ' ') &&
			    rt_date_parse(s, 10, day) == 0) {
			jv_free(v);
			return 0;
		}
		rt_buf_addf(why, "%s \"%.40s\" is not a date", col, s);
		jv_free(v);
		return -1;
	}
	rt_buf_adds(why, "no Date, date, Day, day or date_display; its columns:");
	jv_object_foreach(row, key, val)
	{
		rt_buf_addf(why, " %.40s", jv_string_value(key));
		jv_free(key);
		jv_free(val);
	}
	return -1;
}

/* Sends one page's request; a 400 is explained, as the API asks for its dates in one format. */
static void
get_page(struct rt_fetch *f, struct rt_http_req *r, const char *url, const char *sid, const char *token)
{
	char a[RT_DATE_BUFSZ], b[RT_DATE_BUFSZ];
	struct rt_buf snip = { 0 };
	int rc;

	rt_http_req_init(r, "GET", url);
	r->user = sid;
	r->password = token;
	rt_http_header_add(r, "Accept: application/json");
	rc = rt_http_one(&f->http, r);
	if (rc != RT_HTTP_OK && r->status == 400) {
		rt_http_snippet(&f->http, r, &snip);
		rt_fetch_fail(f, RT_EXIT_UPSTREAM,
		    "%s: impact.com refused the request; it takes "
		    "START_DATE and END_DATE only as YYYY-MM-DD (asked for %s..%s): %s",
		    r->why, rt_fetch_date(f->since, a), rt_fetch_date(f->until, b),
		    snip.len > 0 ? snip.p : "(empty)");
	}
	rt_fetch_check(f, r, rc, CREDS);
}

/* impact answers some failures with 200 and "Status":"ERROR"; they are failures all the same. */
static void
check_page(struct rt_fetch *f, struct rt_http_req *r, jv page)
{
	struct rt_buf snip = { 0 };
	jv status;

	if (jv_get_kind(page) != JV_KIND_OBJECT)
		rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s: the answer is %s, not an object", r->url,
		    jv_kind_name(jv_get_kind(page)));
	status = jv_object_get(jv_copy(page), jv_string("Status"));
	if (jv_get_kind(status) == JV_KIND_STRING && strcasecmp(jv_string_value(status), "ERROR") == 0) {
		rt_http_snippet(&f->http, r, &snip);
		rt_fetch_fail(f, RT_EXIT_UPSTREAM,
		    "%s: impact.com answered 200 with \"Status\":\"ERROR\": %s", r->url, snip.p);
	}
	jv_free(status);
}

/*
 * The next page's URL from "@nextpageuri" (consumed), NULL on the last
 * page.  impact gives a path to hang on its own host; a link to another
 * host is refused, as following it would hand that host the credentials.
 */
static char *
next_url(struct rt_fetch *f, const char *origin, jv next, const char *url)
{
	size_t n = strlen(origin);
	const char *s;
	char *u;

	if (jv_get_kind(next) == JV_KIND_NULL || jv_get_kind(next) == JV_KIND_INVALID) {
		jv_free(next);
		return NULL;
	}
	if ((s = rt_jv_string(next, NULL)) == NULL)
		rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s: \"@nextpageuri\" is not a string", url);
	if (*s == '\0')
		u = NULL;
	else if (s[0] == '/' && s[1] != '/') {
		u = rt_emalloc(n + strlen(s) + 1);
		memcpy(u, origin, n);
		strcpy(u + n, s);
	} else if (strncmp(s, origin, n) == 0 && s[n] == '/')
		u = rt_estrdup(s);
	else
		rt_fetch_fail(f, RT_EXIT_UPSTREAM,
		    "%s: \"@nextpageuri\" \"%.200s\" leads away from %s; "
		    "not following it with the credentials",
		    url, s, origin);
	jv_free(next);
	if (u != NULL)
		rt_fetch_repeat(f, u, strlen(u), "@nextpageuri");
	return u;
}

/*
 * What a page's paging key promises: "@total" rows or "@numpages" pages in
 * all, as a string of digits or a whole number (empty or null: no promise).
 * The first page that gives it sets *said; a later page that says
 * otherwise, or a value that is not a count, is exit 3.  *said stays -1
 * while no page gives it.
 */
static void
promise(struct rt_fetch *f, jv page, const char *key, long *said, const char *url)
{
	jv v = jv_object_get(jv_copy(page), jv_string(key));
	const char *s = rt_jv_string(v, NULL);
	char *end;
	long n = -1;

	if (jv_get_kind(v) == JV_KIND_NUMBER && jv_number_value(v) >= 0 && jv_number_value(v) < 1e15 &&
	    jv_number_value(v) == (double)(long)jv_number_value(v))
		n = (long)jv_number_value(v);
	else if (s != NULL && *s >= '0' && *s <= '9' && strlen(s) < 16) {
		n = strtol(s, &end, 10);
		if (*end != '\0')
			n = -1;
	}
	if (n == -1 && jv_get_kind(v) != JV_KIND_INVALID && jv_get_kind(v) != JV_KIND_NULL &&
	    (s == NULL || *s != '\0'))
		rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s: \"%s\" is not a count", url, key);
	jv_free(v);
	if (n >= 0 && *said >= 0 && n != *said)
		rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s: \"%s\" says %ld, but the first page said %ld", url,
		    key, n, *said);
	if (n >= 0)
		*said = n;
}

/*
 * Whether a page carries any of the paging keys.  impact documents only
 * "Records" (apis.md section 2): an answer without them is the whole
 * report only when it holds fewer rows than the page size asked for; a
 * full one may be the first page of more, with no way to ask for the next.
 */
static void
check_paging(struct rt_fetch *f, jv page, int rows, const char *url)
{
	static const char *const keys[] = { "@page", "@numpages", "@total", "@nextpageuri" };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (jv_object_has(jv_copy(page), jv_string(keys[i])))
			return;
	if (rows >= PAGESIZE)
		rt_fetch_fail(f, RT_EXIT_UPSTREAM,
		    "%s: %d rows and no paging keys (@page, @numpages, @total, @nextpageuri): a full "
		    "page of %d may not be the whole report, and there is no next page to ask for",
		    url, rows, PAGESIZE);
}

int
main(int argc, char *argv[])
{
	enum { OPT_SID_FILE = RT_OPT_OWN, OPT_TOKEN_FILE };
	static const struct rt_option options[] = {
		{ "sid-file", OPT_SID_FILE, "file",
		    "read the account SID from file (else RT_IMPACT_ACCOUNT_SID, ...)" },
		{ "token-file", OPT_TOKEN_FILE, "file",
		    "read the auth token from file (else RT_IMPACT_AUTH_TOKEN, ...)" },
		{ NULL, 0, NULL, NULL },
	};
	char a[RT_DATE_BUFSZ], b[RT_DATE_BUFSZ], c[RT_DATE_BUFSZ], *sid, *token, *esc, *base, *origin, *url,
	    *slash;
	const char *env, *sidfile = NULL, *tokenfile = NULL;
	struct rt_buf why = { 0 };
	struct rt_http_req r;
	struct rt_fetch f;
	size_t n, len;
	rt_day day;
	long total = -1, numpages = -1, sum = 0;
	int ch, i, rows;
	jv page, records, row, pageno, pages;

	rt_cli_start(argc, argv);
	rt_fetch_init(&f, "impact", LOOKBACK, "[--sid-file file] [--token-file file]", options);
	while ((ch = rt_fetch_getopt(&f, argc, argv)) != -1) {
		switch (ch) {
		case OPT_SID_FILE:
			sidfile = optarg;
			break;
		case OPT_TOKEN_FILE:
			tokenfile = optarg;
			break;
		}
	}
	rt_fetch_configured(&f,
	    (const struct rt_cred_spec[]){
		{ sidfile, "RT_IMPACT_ACCOUNT_SID", "impact_account_sid.txt", NULL },
		{ tokenfile, "RT_IMPACT_AUTH_TOKEN", "impact_api_key.txt", NULL } },
	    2);
	rt_fetch_start(&f);
	sid = rt_fetch_account(&f, sidfile, "RT_IMPACT_ACCOUNT_SID", "impact_account_sid.txt");
	token = rt_fetch_secret(&f, tokenfile, "RT_IMPACT_AUTH_TOKEN", "impact_api_key.txt");
	if ((env = getenv("RT_IMPACT_URL")) == NULL || *env == '\0')
		env = "https://api.impact.com";
	base = rt_estrdup(env);
	for (len = strlen(base); len > 0 && base[len - 1] == '/'; len--)
		base[len - 1] = '\0';
	if (strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0)
		rt_errx(RT_EXIT_USAGE, "RT_IMPACT_URL \"%s\" is not an http or https URL", env);
	slash = strchr(strstr(base, "://") + 3, '/');
	origin = rt_estrndup(base, slash != NULL ? (size_t)(slash - base) : strlen(base));

	esc = rt_http_escape(sid);
	n = strlen(base) + strlen(esc) + 256;
	url = rt_emalloc(n);
	snprintf(url, n, "%s/Mediapartners/%s/Reports/" REPORT "?START_DATE=%s&END_DATE=%s&PageSize=%d", base,
	    esc, rt_fetch_date(f.since, a), rt_fetch_date(f.until, b), PAGESIZE);
	rt_fetch_repeat(&f, url, strlen(url), "@nextpageuri");
	while (url != NULL) {
		get_page(&f, &r, url, sid, token);
		page = rt_fetch_json(&f, &r);
		check_page(&f, &r, page);
		records = jv_object_get(jv_copy(page), jv_string("Records"));
		if (jv_get_kind(records) != JV_KIND_ARRAY)
			rt_fetch_fail(&f, RT_EXIT_UPSTREAM, "%s: the answer has no \"Records\" array", url);
		rows = jv_array_length(jv_copy(records));
		check_paging(&f, page, rows, r.url);
		promise(&f, page, "@total", &total, r.url);
		promise(&f, page, "@numpages", &numpages, r.url);
		sum += rows;
		pageno = jv_object_get(jv_copy(page), jv_string("@page"));
		pages = jv_object_get(jv_copy(page), jv_string("@numpages"));
		rt_log("page %s of %s: %d rows", rt_jv_string(pageno, "?"), rt_jv_string(pages, "?"), rows);
		jv_free(pageno);
		jv_free(pages);
		free(url);
		url = next_url(&f, origin, jv_object_get(page, jv_string("@nextpageuri")), r.url);
		if (url != NULL && rows == 0)
			rt_fetch_fail(
			    &f, RT_EXIT_UPSTREAM, "%s: \"@nextpageuri\" after an empty page", r.url);
		/* Each row is written with its day, so that the map never parses display text. */
		for (i = 0; i < rows; i++) {
			row = jv_array_get(jv_copy(records), i);
			if (jv_get_kind(row) != JV_KIND_OBJECT)
				rt_fetch_fail(
				    &f, RT_EXIT_UPSTREAM, "%s: row %d is not an object", r.url, i + 1);
			rt_buf_reset(&why);
			if (row_date(row, &day, &why) == -1)
				rt_fetch_fail(&f, RT_EXIT_UPSTREAM, "%s: row %d has no day: %s", r.url, i + 1,
				    rt_buf_str(&why));
			if (day < f.since || day > f.until)
				rt_notice("row %d dated %s, outside %s..%s; written all the same", i + 1,
				    rt_fetch_date(day, a), rt_fetch_date(f.since, b),
				    rt_fetch_date(f.until, c));
			rt_fetch_emit(
			    &f, jv_object_set(row, jv_string("rt_date"), jv_string(rt_fetch_date(day, a))));
		}
		jv_free(records);
		rt_http_req_free(&r);
		rt_fetch_page(&f);
	}
	/* A page read short, skipped or served twice shows here, when impact gave the counts. */
	if (total >= 0 && sum != total)
		rt_fetch_fail(
		    &f, RT_EXIT_UPSTREAM, "the pages held %ld rows, but \"@total\" says %ld", sum, total);
	if (numpages >= 0 && f.pages != (unsigned long)numpages)
		rt_fetch_fail(&f, RT_EXIT_UPSTREAM, "%lu pages were served, but \"@numpages\" says %ld",
		    f.pages, numpages);

	rt_buf_free(&why);
	free(base);
	free(origin);
	explicit_bzero(esc, strlen(esc));
	free(esc);
	explicit_bzero(sid, strlen(sid));
	explicit_bzero(token, strlen(token));
	free(sid);
	free(token);
	return rt_fetch_finish(&f);
}
