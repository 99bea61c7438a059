/*
 * rt-fetch-close: opportunities from Close, as raw NDJSON, paged with _skip/_limit.
 * The first run reads the won deals by date_won; a run from the state reads
 * every deal updated since (its cursor less the lookback), of any status.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_err.h"
#include "rt_fetch.h"
#include "rt_io.h"
#include "rt_json.h"

#define LOOKBACK 14 /* days: deals are often marked won a little late */
#define PAGE 100
/* What share/rt/map/close.jq reads, and nothing more. */
#define FIELDS "id,lead_name,status_type,date_won,date_updated,value,value_currency,value_period,note"

/*
 * Pages are ordered by date_created, which never changes: a deal updated
 * while the pages are read moves in no order, so no page skips one.
 */
static void
get_page(struct rt_fetch *f, struct rt_http_req *r, const char *base, const char *key, long skip)
{
	char a[RT_DATE_BUFSZ], b[RT_DATE_BUFSZ], *url;
	size_t n = strlen(base) + 384;

	url = rt_emalloc(n);
	if (f->from_state)
		/* Any status: a deal won today but dated back, or one that left "won", is seen. */
		snprintf(url, n,
		    "%s/opportunity/?date_updated__gte=%s&date_updated__lt=%s"
		    "&_fields=" FIELDS "&_order_by=date_created&_limit=%d&_skip=%ld",
		    base, rt_fetch_date(f->since, a), rt_fetch_date(f->until + 1, b), PAGE, skip);
	else
		snprintf(url, n,
		    "%s/opportunity/?status_type=won&date_won__gte=%s&date_won__lte=%s"
		    "&_fields=" FIELDS "&_order_by=date_created&_limit=%d&_skip=%ld",
		    base, rt_fetch_date(f->since, a), rt_fetch_date(f->until, b), PAGE, skip);
	rt_http_req_init(r, "GET", url);
	free(url);
	r->user = key;
	r->password = "";
	rt_http_header_add(r, "Accept: application/json");
	rt_fetch_send(f, r, "RT_CLOSE_API_KEY");
}

int
main(int argc, char *argv[])
{
	enum { OPT_KEY_FILE = RT_OPT_OWN };
	static const struct rt_option options[] = {
		{ "key-file", OPT_KEY_FILE, "file",
		    "read the API key from file (else RT_CLOSE_API_KEY, ...)" },
		{ NULL, 0, NULL, NULL },
	};
	struct rt_buf ids = { 0 };
	struct rt_http_req r;
	struct rt_fetch f;
	const char *base, *keyfile = NULL;
	char *key;
	long skip = 0, total = -1;
	int ch, more, i, n;
	jv page, data, more_v, total_v, o, id;

	rt_cli_start(argc, argv);
	rt_fetch_init(&f, "close", LOOKBACK, "[--key-file file]", options);
	while ((ch = rt_fetch_getopt(&f, argc, argv)) != -1) {
		switch (ch) {
		case OPT_KEY_FILE:
			keyfile = optarg;
			break;
		}
	}
	rt_fetch_configured(
	    &f, &(const struct rt_cred_spec){ keyfile, "RT_CLOSE_API_KEY", "close_api_key.txt", NULL }, 1);
	rt_fetch_start(&f);
	key = rt_fetch_secret(&f, keyfile, "RT_CLOSE_API_KEY", "close_api_key.txt");
	if ((base = getenv("RT_CLOSE_URL")) == NULL || *base == '\0')
		base = "https://api.close.com/api/v1";

	do {
		get_page(&f, &r, base, key, skip);
		page = rt_fetch_json(&f, &r);
		if (jv_get_kind(page) != JV_KIND_OBJECT)
			rt_fetch_fail(&f, RT_EXIT_UPSTREAM, "%s: the answer is %s, not an object", r.url,
			    jv_kind_name(jv_get_kind(page)));
		data = jv_object_get(jv_copy(page), jv_string("data"));
		total_v = jv_object_get(jv_copy(page), jv_string("total_results"));
		if (jv_get_kind(total_v) == JV_KIND_NUMBER && total < 0)
			total = (long)jv_number_value(total_v);
		jv_free(total_v);
		more_v = jv_object_get(page, jv_string("has_more"));
		if (jv_get_kind(data) != JV_KIND_ARRAY ||
		    (jv_get_kind(more_v) != JV_KIND_TRUE && jv_get_kind(more_v) != JV_KIND_FALSE))
			rt_fetch_fail(&f, RT_EXIT_UPSTREAM,
			    "%s: the answer has no \"data\" array and "
			    "\"has_more\" flag",
			    r.url);
		more = jv_get_kind(more_v) == JV_KIND_TRUE;
		n = jv_array_length(jv_copy(data));
		if (more && n == 0)
			rt_fetch_fail(&f, RT_EXIT_UPSTREAM, "%s: \"has_more\" with an empty page", r.url);
		/* A page is known by its ids: the same ids again mean the API is repeating itself. */
		rt_buf_reset(&ids);
		for (i = 0; i < n; i++) {
			o = jv_array_get(jv_copy(data), i);
			id = jv_object_get(jv_copy(o), jv_string("id"));
			rt_buf_adds(&ids, rt_jv_string(id, "?"));
			rt_buf_addc(&ids, '\n');
			jv_free(id);
			jv_free(o);
		}
		if (n > 0)
			rt_fetch_repeat(&f, ids.p, ids.len, "page of opportunities");
		if (total >= 0 && f.records + (unsigned long)n > (unsigned long)total)
			rt_fetch_fail(&f, RT_EXIT_UPSTREAM,
			    "the pages hold more opportunities than the %ld \"total_results\" says; stopping "
			    "rather than run without end",
			    total);
		for (i = 0; i < n; i++)
			rt_fetch_emit(&f, jv_array_get(jv_copy(data), i));
		jv_free(data);
		jv_free(more_v);
		rt_http_req_free(&r);
		rt_fetch_page(&f);
		skip += PAGE;
	} while (more);
	/* Close counts every match on each page: a stale or repeated page shows here. */
	if (total >= 0 && f.records != (unsigned long)total)
		rt_fetch_fail(&f, RT_EXIT_UPSTREAM,
		    "the pages held %lu opportunities, but \"total_results\" "
		    "says %ld",
		    f.records, total);

	rt_buf_free(&ids);
	explicit_bzero(key, strlen(key));
	free(key);
	return rt_fetch_finish(&f);
}
