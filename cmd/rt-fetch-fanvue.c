/*
 * rt-fetch-fanvue: a Fanvue creator's earnings in a window of time, as raw
 * NDJSON, 50 a page, paged with nextCursor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_err.h"
#include "rt_fetch.h"
#include "rt_io.h"
#include "rt_json.h"
#include "rt_map.h"
#include "rt_money.h"

/* Seconds: a payment can be listed some time after its date; a day reads it again. */
#define LOOKBACK 86400
#define PAGE 50
#define API_VERSION "2025-06-26"
#define CRED "RT_FANVUE_TOKEN"

static char *
page_url(const struct rt_fetch *f, const char *base, const char *cursor)
{
	char a[RT_INSTANT_BUFSZ], b[RT_INSTANT_BUFSZ];
	struct rt_buf u = { 0 };

	rt_buf_addf(&u, "%s/insights/earnings?startDate=%s&endDate=%s&size=%d", base,
	    rt_instant_format(f->from, a), rt_instant_format(f->to, b), PAGE);
	rt_fetch_query(&u, "cursor", cursor);
	return u.p;
}

/*
 * A row has no id of its own: the map names it by its date, source and fan.
 * The second and later rows with the same three in one fetch get rt_seq (2,
 * 3, ...); such rows share an instant, so every window that holds one holds
 * all, and they are numbered alike from run to run.
 */
static jv
number_twins(struct rt_map *seen, jv row)
{
	struct rt_buf key = { 0 };
	uint64_t *count;
	int isnew;
	jv date, source, user, uuid;

	date = jv_object_get(jv_copy(row), jv_string("date"));
	source = jv_object_get(jv_copy(row), jv_string("source"));
	user = jv_object_get(jv_copy(row), jv_string("user"));
	uuid = rt_jv_is(user, JV_KIND_OBJECT) ? jv_object_get(user, jv_string("uuid"))
					      : (jv_free(user), jv_null());
	rt_key_add(&key, RT_KEY_STRING, rt_jv_string(date, ""), strlen(rt_jv_string(date, "")));
	rt_key_add(&key, RT_KEY_STRING, rt_jv_string(source, ""), strlen(rt_jv_string(source, "")));
	rt_key_add(&key, RT_KEY_STRING, rt_jv_string(uuid, ""), strlen(rt_jv_string(uuid, "")));
	count = rt_map_insert(seen, key.p, key.len, &isnew);
	if (++*count > 1)
		row = jv_object_set(row, jv_string("rt_seq"), jv_number((double)*count));
	jv_free(date);
	jv_free(source);
	jv_free(uuid);
	rt_buf_free(&key);
	return row;
}

/* The rows of an answer (page consumed); *next is nextCursor, NULL on the last page. */
static jv
page_rows(struct rt_fetch *f, const struct rt_http_req *r, jv page, char **next)
{
	jv data, cursor;

	if (jv_get_kind(page) != JV_KIND_OBJECT)
		rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s: the answer is %s, not an object", r->url,
		    jv_kind_name(jv_get_kind(page)));
	data = jv_object_get(jv_copy(page), jv_string("data"));
	cursor = jv_object_get(page, jv_string("nextCursor"));
	if (jv_get_kind(data) != JV_KIND_ARRAY)
		rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s: the answer has no \"data\" array", r->url);
	*next = NULL;
	if (rt_jv_is(cursor, JV_KIND_STRING) && jv_string_length_bytes(jv_copy(cursor)) > 0)
		*next = rt_estrdup(jv_string_value(cursor));
	else if (jv_get_kind(cursor) != JV_KIND_NULL && jv_get_kind(cursor) != JV_KIND_INVALID &&
	    !rt_jv_is(cursor, JV_KIND_STRING))
		rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s: \"nextCursor\" is not a string or null", r->url);
	jv_free(cursor);
	return data;
}

int
main(int argc, char *argv[])
{
	enum { OPT_TOKEN_FILE = RT_OPT_OWN, OPT_CURRENCY };
	static const struct rt_option options[] = {
		{ "token-file", OPT_TOKEN_FILE, "file",
		    "read the access token from file (else RT_FANVUE_TOKEN, ...)" },
		{ "currency", OPT_CURRENCY, "code",
		    "take every amount as this currency (default: each row's, else USD)" },
		{ NULL, 0, NULL, NULL },
	};
	char a[RT_INSTANT_BUFSZ], b[RT_INSTANT_BUFSZ], currency[4] = "", *token, *base, *url, *cursor = NULL,
						       *next;
	const char *tokenfile = NULL;
	struct rt_map seen;
	struct rt_http_req r;
	struct rt_fetch f;
	int ch, i, n;
	jv rows, row;

	rt_cli_start(argc, argv);
	rt_fetch_init(&f, "fanvue", 0, "[--token-file file] [--currency code]", options);
	rt_fetch_instants(&f, LOOKBACK);
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
	rt_fetch_configured(&f, &(const struct rt_cred_spec){ tokenfile, CRED, "fanvue_token.txt", NULL }, 1);
	rt_fetch_start(&f);
	token = rt_fetch_secret(&f, tokenfile, CRED, "fanvue_token.txt");
	base = rt_fetch_url("RT_FANVUE_URL", "https://api.fanvue.com");
	rt_log("earnings dated %s..%s (end not included)", rt_instant_format(f.from, a),
	    rt_instant_format(f.to, b));
	rt_map_init(&seen);

	do {
		url = page_url(&f, base, cursor);
		rt_fetch_bearer(&r, "GET", url, token);
		free(url);
		rt_http_header_add(&r, "X-Fanvue-API-Version: " API_VERSION);
		rt_fetch_send(&f, &r, CRED);
		rows = page_rows(&f, &r, rt_fetch_json(&f, &r), &next);
		n = jv_array_length(jv_copy(rows));
		if (next != NULL && n == 0)
			rt_fetch_fail(&f, RT_EXIT_UPSTREAM, "%s: \"nextCursor\" after an empty page", r.url);
		for (i = 0; i < n; i++) {
			row = jv_array_get(jv_copy(rows), i);
			if (!rt_jv_is(row, JV_KIND_OBJECT))
				rt_fetch_fail(
				    &f, RT_EXIT_UPSTREAM, "%s: row %d is not an object", r.url, i + 1);
			row = number_twins(&seen, row);
			if (currency[0] != '\0')
				row = jv_object_set(row, jv_string("rt_currency"), jv_string(currency));
			rt_fetch_emit(&f, row);
		}
		jv_free(rows);
		if (next != NULL)
			rt_fetch_repeat(&f, next, strlen(next), "nextCursor");
		free(cursor);
		cursor = next;
		rt_http_req_free(&r);
		rt_fetch_page(&f);
	} while (cursor != NULL);

	rt_map_free(&seen);
	free(base);
	explicit_bzero(token, strlen(token));
	free(token);
	return rt_fetch_finish(&f);
}
