/*
 * rt-fetch-upwork: a freelancer's Upwork transaction history as raw NDJSON,
 * through the GraphQL API, one query per calendar month of the range.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_err.h"
#include "rt_fetch.h"
#include "rt_io.h"
#include "rt_json.h"
#include "rt_window.h"

/*
 * Days: an hourly week is invoiced on the Monday after it, and a row's
 * payment status changes during Upwork's security period; two weeks cover
 * both.
 */
#define LOOKBACK 14
#define CRED "RT_UPWORK_TOKEN"

#define QUERY_ENTITY "query { accountingEntity { id } }"
#define QUERY_HISTORY \
	"query TransactionHistory($filter: TransactionHistoryFilter) { " \
	"transactionHistory(transactionHistoryFilter: $filter) { transactionDetail { " \
	"transactionHistoryRow { recordId accountingSubtype transactionCreationDate " \
	"relatedTransactionId fullyPaidDate transactionAmount { rawValue currency displayValue } " \
	"type relatedAssignment assignmentDeveloperName assignmentCompanyName " \
	"assignmentTeamUserId amountCreditedToUser { rawValue currency } description " \
	"descriptionUI paymentStatus } } } }"

struct upwork {
	const char *url, *token, *tenant;
};

/* The messages of a GraphQL "errors" array (consumed), joined by "; ". */
static void
error_messages(jv errors, struct rt_buf *out)
{
	int i, n = jv_array_length(jv_copy(errors));
	jv e, m;

	for (i = 0; i < n; i++) {
		e = jv_array_get(jv_copy(errors), i);
		m = rt_jv_is(e, JV_KIND_OBJECT) ? jv_object_get(e, jv_string("message"))
						: (jv_free(e), jv_null());
		if (out->len > 0)
			rt_buf_adds(out, "; ");
		rt_buf_adds(out, rt_jv_string(m, "(no message)"));
		jv_free(m);
	}
	jv_free(errors);
	rt_buf_str(out);
}

/*
 * Posts a GraphQL query and returns its "data" object.  GraphQL reports
 * failures with status 200 and an "errors" array: they are upstream
 * failures all the same, exit 3 with their messages.
 */
static jv
graphql(struct rt_fetch *f, const struct upwork *u, const char *body, const char *what)
{
	struct rt_buf msg = { 0 };
	struct rt_http_req r;
	jv answer, errors, data;

	rt_fetch_bearer(&r, "POST", u->url, u->token);
	r.body = body;
	r.bodylen = strlen(body);
	rt_http_header_add(&r, "Content-Type: application/json");
	if (u->tenant != NULL)
		rt_http_header_add(&r, "X-Upwork-API-TenantId: %s", u->tenant);
	rt_fetch_send(f, &r, CRED);
	answer = rt_fetch_json(f, &r);
	if (jv_get_kind(answer) != JV_KIND_OBJECT)
		rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s (%s): the answer is %s, not an object", u->url, what,
		    jv_kind_name(jv_get_kind(answer)));
	errors = jv_object_get(jv_copy(answer), jv_string("errors"));
	if (jv_get_kind(errors) == JV_KIND_ARRAY && jv_array_length(jv_copy(errors)) > 0) {
		error_messages(errors, &msg);
		rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s (%s): Upwork answered GraphQL errors: %.400s", u->url,
		    what, msg.p);
	}
	jv_free(errors);
	data = jv_object_get(answer, jv_string("data"));
	if (jv_get_kind(data) != JV_KIND_OBJECT)
		rt_fetch_fail(
		    f, RT_EXIT_UPSTREAM, "%s (%s): the answer has no \"data\" object", u->url, what);
	rt_http_req_free(&r);
	return data;
}

/* The id of the freelancer's accounting entity, which every ledger query names. */
static char *
entity_id(struct rt_fetch *f, const struct upwork *u)
{
	struct rt_buf body = { 0 };
	char *id;
	jv data, v;

	rt_buf_adds(&body, "{\"query\":");
	rt_json_add_string(&body, QUERY_ENTITY, strlen(QUERY_ENTITY));
	rt_buf_addc(&body, '}');
	data = graphql(f, u, rt_buf_str(&body), "accountingEntity");
	v = jv_object_get(data, jv_string("accountingEntity"));
	v = rt_jv_is(v, JV_KIND_OBJECT) ? jv_object_get(v, jv_string("id")) : (jv_free(v), jv_null());
	if (!rt_jv_is(v, JV_KIND_STRING) || jv_string_length_bytes(jv_copy(v)) == 0)
		rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s: the answer has no accountingEntity id", u->url);
	id = rt_estrdup(jv_string_value(v));
	jv_free(v);
	rt_buf_free(&body);
	return id;
}

/* Writes the rows of one window's transaction history. */
static void
history(struct rt_fetch *f, const struct upwork *u, const char *entity, const struct rt_window *w)
{
	char a[RT_DATE_BUFSZ], b[RT_DATE_BUFSZ], what[96];
	struct rt_buf body = { 0 };
	int i, n;
	jv v, rows;

	rt_date_format(w->start, a);
	rt_date_format(w->end, b);
	rt_buf_adds(&body, "{\"query\":");
	rt_json_add_string(&body, QUERY_HISTORY, strlen(QUERY_HISTORY));
	rt_buf_adds(&body, ",\"variables\":{\"filter\":{\"aceIds_any\":[");
	rt_json_add_string(&body, entity, strlen(entity));
	rt_buf_addf(
	    &body, "],\"transactionDateTime_bt\":{\"rangeStart\":\"%s\",\"rangeEnd\":\"%s\"}}}}", a, b);
	snprintf(what, sizeof(what), "transactionHistory %s..%s", a, b);
	v = graphql(f, u, rt_buf_str(&body), what);
	rt_buf_free(&body);
	/* data.transactionHistory.transactionDetail.transactionHistoryRow */
	v = jv_object_get(v, jv_string("transactionHistory"));
	v = rt_jv_is(v, JV_KIND_OBJECT) ? jv_object_get(v, jv_string("transactionDetail"))
					: (jv_free(v), jv_null());
	rows = rt_jv_is(v, JV_KIND_OBJECT) ? jv_object_get(v, jv_string("transactionHistoryRow"))
					   : (jv_free(v), jv_null());
	if (jv_get_kind(rows) == JV_KIND_NULL)
		rows = jv_array(); /* a month without a transaction */
	if (jv_get_kind(rows) != JV_KIND_ARRAY)
		rt_fetch_fail(
		    f, RT_EXIT_UPSTREAM, "%s (%s): transactionHistoryRow is not an array", u->url, what);
	n = jv_array_length(jv_copy(rows));
	rt_log("%s: %d rows", what, n);
	for (i = 0; i < n; i++) {
		v = jv_array_get(jv_copy(rows), i);
		if (!rt_jv_is(v, JV_KIND_OBJECT))
			rt_fetch_fail(
			    f, RT_EXIT_UPSTREAM, "%s (%s): row %d is not an object", u->url, what, i + 1);
		rt_fetch_emit(f, v);
	}
	jv_free(rows);
}

int
main(int argc, char *argv[])
{
	enum { OPT_TOKEN_FILE = RT_OPT_OWN, OPT_TENANT };
	static const struct rt_option options[] = {
		{ "token-file", OPT_TOKEN_FILE, "file",
		    "read the access token from file (else RT_UPWORK_TOKEN, ...)" },
		{ "tenant", OPT_TENANT, "id",
		    "send X-Upwork-API-TenantId: id (else RT_UPWORK_TENANT, if set)" },
		{ NULL, 0, NULL, NULL },
	};
	const char *tokenfile = NULL;
	struct rt_window *w;
	struct upwork u = { 0 };
	struct rt_fetch f;
	char *token, *base, *url, *entity;
	size_t i, nw;
	int ch;

	rt_cli_start(argc, argv);
	rt_fetch_init(&f, "upwork", LOOKBACK, "[--token-file file] [--tenant id]", options);
	while ((ch = rt_fetch_getopt(&f, argc, argv)) != -1) {
		switch (ch) {
		case OPT_TOKEN_FILE:
			tokenfile = optarg;
			break;
		case OPT_TENANT:
			u.tenant = optarg;
			break;
		}
	}
	if (u.tenant == NULL && (u.tenant = getenv("RT_UPWORK_TENANT")) != NULL && *u.tenant == '\0')
		u.tenant = NULL;
	if (u.tenant != NULL && strpbrk(u.tenant, "\r\n") != NULL)
		rt_errx(RT_EXIT_USAGE, "the tenant id must be one line");
	rt_fetch_configured(&f, &(const struct rt_cred_spec){ tokenfile, CRED, "upwork_token.txt", NULL }, 1);
	rt_fetch_start(&f);
	token = rt_fetch_secret(&f, tokenfile, CRED, "upwork_token.txt");
	base = rt_fetch_url("RT_UPWORK_URL", "https://api.upwork.com");
	url = rt_emalloc(strlen(base) + sizeof("/graphql"));
	strcpy(url, base);
	strcat(url, "/graphql");
	u.url = url;
	u.token = token;

	entity = entity_id(&f, &u);
	rt_log("accounting entity %s", entity);
	rt_fetch_page(&f);
	/* A calendar month is at most the 31 days a query may span. */
	nw = rt_window_months(f.since, f.until, &w);
	for (i = 0; i < nw; i++) {
		history(&f, &u, entity, &w[i]);
		rt_fetch_page(&f);
	}

	free(w);
	free(entity);
	free(url);
	free(base);
	explicit_bzero(token, strlen(token));
	free(token);
	return rt_fetch_finish(&f);
}
