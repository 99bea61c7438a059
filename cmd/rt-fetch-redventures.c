/*
 * rt-fetch-redventures: RV Media Network commission totals as raw NDJSON,
 * one request per calendar-month window, several windows in flight at once.
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_cred.h"
#include "rt_digest.h"
#include "rt_err.h"
#include "rt_fetch.h"
#include "rt_io.h"
#include "rt_json.h"
#include "rt_map.h"
#include "rt_window.h"

#define LOOKBACK 31 /* days: a closed month's total may still be revised */
#define JOBS 4
#define MAXJOBS 32
#define AUDIENCE "https://reporting-api.rvmedianetwork.com"

/* The OAuth2 client and the token it holds. */
struct client {
	const char *token_url, *audience;
	char *id, *secret, *token;
};

#define CRED_CLIENT "RT_RV_CLIENT_ID, RT_RV_CLIENT_SECRET and RT_RV_AUDIENCE"
#define CRED_PROPERTY "RT_RV_PROPERTY_ID and the client's access to that property"

static const char *
env_or(const char *var, const char *def)
{
	const char *v = getenv(var);

	return v != NULL && *v != '\0' ? v : def;
}

/*
 * The Auth0 client-credentials grant.  A new token replaces the old one; it
 * is masked in every message from then on.
 */
static void
get_token(struct rt_fetch *f, struct client *c)
{
	struct rt_http_req r;
	struct rt_buf body = { 0 };
	jv v, t, kind, life;

	rt_buf_adds(&body, "{\"grant_type\":\"client_credentials\",\"client_id\":");
	rt_json_add_string(&body, c->id, strlen(c->id));
	rt_buf_adds(&body, ",\"client_secret\":");
	rt_json_add_string(&body, c->secret, strlen(c->secret));
	rt_buf_adds(&body, ",\"audience\":");
	rt_json_add_string(&body, c->audience, strlen(c->audience));
	rt_buf_addc(&body, '}');
	rt_http_req_init(&r, "POST", c->token_url);
	r.body = body.p;
	r.bodylen = body.len;
	rt_http_header_add(&r, "Content-Type: application/json");
	rt_http_header_add(&r, "Accept: application/json");
	rt_fetch_send(f, &r, CRED_CLIENT);
	explicit_bzero(body.p, body.cap);
	rt_buf_free(&body);

	v = rt_fetch_json(f, &r);
	t = jv_object_get(jv_copy(v), jv_string("access_token"));
	if (!rt_jv_is(t, JV_KIND_STRING) || jv_string_length_bytes(jv_copy(t)) == 0)
		rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s: the answer has no \"access_token\"", c->token_url);
	if (c->token != NULL) {
		explicit_bzero(c->token, strlen(c->token));
		free(c->token);
	}
	c->token = rt_estrdup(jv_string_value(t));
	rt_http_secret(&f->http, c->token);
	/* expires_in is only logged: a run takes seconds, a token lasts (Auth0's default) a day. */
	kind = jv_object_get(jv_copy(v), jv_string("token_type"));
	life = jv_object_get(v, jv_string("expires_in"));
	if (rt_jv_is(life, JV_KIND_NUMBER))
		rt_log("token: %s, good for %ld s", rt_jv_string(kind, "(no token_type)"),
		    (long)jv_number_value(life));
	jv_free(t);
	jv_free(kind);
	jv_free(life);
	rt_http_req_free(&r);
}

static void
set_token(struct rt_http_req *r, const char *token)
{
	curl_slist_free_all(r->headers);
	r->headers = NULL;
	rt_http_header_add(r, "Accept: application/json");
	rt_http_header_add(r, "Authorization: Bearer %s", token);
}

/* GET /overview for one window: from 00:00:00 of its first day to 23:59:59 of its last. */
static void
window_req(struct rt_http_req *r, const char *base, const char *property, const struct rt_window *w,
    const char *token)
{
	char a[RT_DATE_BUFSZ + 16], b[RT_DATE_BUFSZ + 16], *ea, *eb, *ep, *url;
	size_t n;

	rt_date_format(w->start, a);
	rt_date_format(w->end, b);
	strcat(a, " 00:00:00");
	strcat(b, " 23:59:59");
	ea = rt_http_escape(a);
	eb = rt_http_escape(b);
	ep = rt_http_escape(property);
	n = strlen(base) + strlen(ep) + strlen(ea) + strlen(eb) + 64;
	url = rt_emalloc(n);
	snprintf(url, n, "%s/overview?propertyId=%s&start=%s&end=%s", base, ep, ea, eb);
	rt_http_req_init(r, "GET", url);
	set_token(r, token);
	free(url);
	free(ea);
	free(eb);
	free(ep);
}

/*
 * Sends the requests, jobs at a time.  A 401 may only mean that the token
 * expired during the run, so the windows refused with one are sent once
 * more with a new token; a second 401, a 403 (the property), or any other
 * failure ends the run.  Returns only when every window has its answer.
 */
static void
send_windows(struct rt_fetch *f, struct client *c, struct rt_http_req **reqs, size_t n, int jobs)
{
	struct rt_http_req **retry = rt_ecalloc(n, sizeof(*retry));
	size_t i, nretry = 0;

	rt_http_run(&f->http, reqs, n, jobs);
	for (i = 0; i < n; i++) {
		if (reqs[i]->result == RT_HTTP_AUTH && reqs[i]->status == 401)
			retry[nretry++] = reqs[i];
		else
			rt_fetch_check(f, reqs[i], reqs[i]->result, CRED_PROPERTY);
	}
	if (nretry > 0) {
		rt_log("%zu of %zu windows refused the token: asking for a new one, once", nretry, n);
		get_token(f, c);
		for (i = 0; i < nretry; i++) {
			rt_http_req_reset(retry[i]);
			set_token(retry[i], c->token);
		}
		rt_http_run(&f->http, retry, nretry, jobs);
		for (i = 0; i < nretry; i++)
			rt_fetch_check(f, retry[i], retry[i]->result,
			    retry[i]->status == 401 ? CRED_CLIENT " (a new token was refused too)"
						    : CRED_PROPERTY);
	}
	free(retry);
}

/* Stops with exit 3 on an answer whose shape this program does not know, showing its start. */
static void __attribute__((noreturn))
bad_answer(struct rt_fetch *f, struct rt_http_req *r, const struct rt_window *w, const char *why)
{
	struct rt_buf snip = { 0 };
	char a[RT_DATE_BUFSZ], b[RT_DATE_BUFSZ];

	rt_http_snippet(&f->http, r, &snip);
	rt_fetch_fail(f, RT_EXIT_UPSTREAM, "window %s..%s: %s: %s", rt_date_format(w->start, a),
	    rt_date_format(w->end, b), why, snip.len > 0 ? snip.p : "(empty)");
}

/*
 * The rows of one window's answer, {"payload": {"overviewReporting": {"page":
 * [...], "pagination": {...}}}} with or without the payload wrapper (both are
 * seen).  How to ask for a second page is not known, so an answer that says
 * there is one ends the run rather than lose rows.
 */
static jv
window_rows(struct rt_fetch *f, struct rt_http_req *r, const struct rt_window *w)
{
	jv v, rep, page, pag, pages = jv_null(), entries = jv_null(), row;
	int i, n;

	v = rt_fetch_json(f, r);
	if (jv_get_kind(v) == JV_KIND_OBJECT && jv_object_has(jv_copy(v), jv_string("payload")))
		v = jv_object_get(v, jv_string("payload"));
	if (jv_get_kind(v) != JV_KIND_OBJECT)
		bad_answer(f, r, w, "the answer is not an object");
	rep = jv_object_get(v, jv_string("overviewReporting"));
	if (jv_get_kind(rep) != JV_KIND_OBJECT)
		bad_answer(f, r, w, "the answer has no \"overviewReporting\" object");
	page = jv_object_get(jv_copy(rep), jv_string("page"));
	pag = jv_object_get(rep, jv_string("pagination"));
	if (jv_get_kind(page) != JV_KIND_ARRAY)
		bad_answer(f, r, w, "the answer has no \"overviewReporting.page\" array");
	if (jv_get_kind(pag) == JV_KIND_OBJECT) {
		pages = jv_object_get(jv_copy(pag), jv_string("totalPages"));
		entries = jv_object_get(jv_copy(pag), jv_string("totalEntries"));
	} else if (jv_get_kind(pag) != JV_KIND_NULL && jv_get_kind(pag) != JV_KIND_INVALID)
		bad_answer(f, r, w, "\"pagination\" is not an object");
	jv_free(pag);
	n = jv_array_length(jv_copy(page));
	if ((!rt_jv_is(pages, JV_KIND_NUMBER) && !rt_jv_is(pages, JV_KIND_NULL) &&
		!rt_jv_is(pages, JV_KIND_INVALID)) ||
	    (!rt_jv_is(entries, JV_KIND_NUMBER) && !rt_jv_is(entries, JV_KIND_NULL) &&
		!rt_jv_is(entries, JV_KIND_INVALID)))
		bad_answer(f, r, w, "\"totalPages\" or \"totalEntries\" is not a whole number");
	if ((rt_jv_is(pages, JV_KIND_NUMBER) && jv_number_value(pages) > 1) ||
	    (rt_jv_is(entries, JV_KIND_NUMBER) && jv_number_value(entries) > n))
		bad_answer(f, r, w,
		    "the window has more than one page, and how to ask for the next "
		    "is not known");
	jv_free(pages);
	jv_free(entries);
	for (i = 0; i < n; i++) {
		row = jv_array_get(jv_copy(page), i);
		if (!rt_jv_is(row, JV_KIND_OBJECT))
			bad_answer(f, r, w, "a row is not an object");
		row = jv_object_get(row, jv_string("commission"));
		if (!rt_jv_is(row, JV_KIND_NUMBER) && !rt_jv_is(row, JV_KIND_STRING))
			bad_answer(f, r, w, "a row has no \"commission\" number or string");
		jv_free(row);
	}
	return page;
}

/*
 * A row's key within its window, from what it says rather than where it
 * stands, so that its id stays the same when a window comes back with fewer
 * rows: "commission" for a row of zero or more, "adjustment" for a negative
 * one, then, when the row has fields besides commission, "-" and 8 hex
 * digits of the SHA-256 of those fields (keys sorted); the n-th row of the
 * same key in a window gets ".n" (n from 2).
 */
static void
row_key(jv row, struct rt_map *seen, struct rt_buf *key)
{
	char hex[RT_SHA256_HEXSZ];
	jv c = jv_object_get(jv_copy(row), jv_string("commission")), rest, text;
	int neg = rt_jv_is(c, JV_KIND_NUMBER) ? jv_number_value(c) < 0 : rt_jv_string(c, "")[0] == '-';
	uint64_t *count;

	jv_free(c);
	rt_buf_reset(key);
	rt_buf_adds(key, neg ? "adjustment" : "commission");
	rest = jv_object_delete(jv_copy(row), jv_string("commission"));
	if (jv_object_length(jv_copy(rest)) > 0) {
		text = jv_dump_string(jv_copy(rest), JV_PRINT_SORTED);
		rt_sha256_hex(jv_string_value(text), (size_t)jv_string_length_bytes(jv_copy(text)), hex);
		rt_buf_addf(key, "-%.8s", hex);
		jv_free(text);
	}
	jv_free(rest);
	count = rt_map_insert(seen, key->p, key->len, NULL);
	if (++*count > 1)
		rt_buf_addf(key, ".%llu", (unsigned long long)*count);
}

/* Writes a window's rows, each with the window, the property, its place and its key added. */
static void
emit_rows(struct rt_fetch *f, jv rows, const struct rt_window *w, const char *property)
{
	char a[RT_DATE_BUFSZ], b[RT_DATE_BUFSZ];
	int i, n = jv_array_length(jv_copy(rows));
	struct rt_buf key = { 0 };
	struct rt_map seen;
	jv row;

	rt_map_init(&seen);
	rt_date_format(w->start, a);
	rt_date_format(w->end, b);
	for (i = 0; i < n; i++) {
		row = jv_array_get(jv_copy(rows), i);
		row_key(row, &seen, &key);
		row = jv_object_set(row, jv_string("rt_property"), jv_string(property));
		row = jv_object_set(row, jv_string("rt_window_start"), jv_string(a));
		row = jv_object_set(row, jv_string("rt_window_end"), jv_string(b));
		row = jv_object_set(row, jv_string("rt_row"), jv_number(i));
		row = jv_object_set(row, jv_string("rt_row_key"), jv_string(rt_buf_str(&key)));
		rt_fetch_emit(f, row);
	}
	rt_map_free(&seen);
	rt_buf_free(&key);
	jv_free(rows);
	rt_fetch_page(f);
}

/* The property: not a secret (it is in every id), but looked up where the secrets are. */
static char *
read_property(const char *id, const char *file)
{
	char why[512], *p;

	if (id != NULL)
		p = rt_estrdup(id);
	else if ((p = rt_cred(
		      file, "RT_RV_PROPERTY_ID", "redventures_property_id.txt", 0, why, sizeof(why))) == NULL)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	if (*p == '\0' || strlen(p) > 64 ||
	    strspn(p,
		"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"abcdefghijklmnopqrstuvwxyz_-") != strlen(p))
		rt_errx(RT_EXIT_USAGE, "the property id \"%.64s\" is not letters, digits, - and _", p);
	return p;
}

int
main(int argc, char *argv[])
{
	enum { OPT_CLIENT_ID_FILE = RT_OPT_OWN, OPT_CLIENT_SECRET_FILE, OPT_PROPERTY_FILE, OPT_PROPERTY_ID };
	static const struct rt_option options[] = {
		{ "dry-run", 'n', NULL, "print the month windows that would be asked for, and send nothing" },
		{ "jobs", 'j', "jobs", "windows asked for at once (1 to 32, default 4)" },
		{ "client-id-file", OPT_CLIENT_ID_FILE, "file",
		    "read the client id from file (else RT_RV_CLIENT_ID, ...)" },
		{ "client-secret-file", OPT_CLIENT_SECRET_FILE, "file",
		    "read the client secret from file (else RT_RV_CLIENT_SECRET, ...)" },
		{ "property-id", OPT_PROPERTY_ID, "id",
		    "the property to report on (else RT_RV_PROPERTY_ID, ...)" },
		{ "property-file", OPT_PROPERTY_FILE, "file", "read the property id from file" },
		{ NULL, 0, NULL, NULL },
	};
	struct client c = { 0 };
	struct rt_http_req *reqs, **ptrs;
	struct rt_window *w;
	struct rt_fetch f;
	const char *base, *idfile = NULL, *secretfile = NULL, *propfile = NULL, *propid = NULL;
	char a[RT_DATE_BUFSZ], b[RT_DATE_BUFSZ], *end, *prop;
	size_t i, n;
	long jobs = JOBS;
	int ch, dryrun = 0;

	rt_cli_start(argc, argv);
	rt_fetch_init(&f, "redventures", LOOKBACK,
	    "[-n] [-j jobs] [--client-id-file file] "
	    "[--client-secret-file file]\n\t[--property-id id | --property-file file]",
	    options);
	while ((ch = rt_fetch_getopt(&f, argc, argv)) != -1) {
		switch (ch) {
		case 'j':
			errno = 0;
			jobs = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || jobs < 1 || jobs > MAXJOBS)
				rt_errx(RT_EXIT_USAGE, "--jobs \"%s\" is not a number from 1 to %d", optarg,
				    MAXJOBS);
			break;
		case 'n':
			dryrun = 1;
			break;
		case OPT_CLIENT_ID_FILE:
			idfile = optarg;
			break;
		case OPT_CLIENT_SECRET_FILE:
			secretfile = optarg;
			break;
		case OPT_PROPERTY_FILE:
			propfile = optarg;
			break;
		case OPT_PROPERTY_ID:
			propid = optarg;
			break;
		}
	}
	if (propid != NULL && propfile != NULL)
		rt_cli_misuse("--property-id and --property-file name the same thing: give one");
	rt_fetch_configured(&f,
	    (const struct rt_cred_spec[]){ { idfile, "RT_RV_CLIENT_ID", "redventures_client_id.txt", NULL },
		{ secretfile, "RT_RV_CLIENT_SECRET", "redventures_api_key.txt", NULL },
		{ propid != NULL ? propid : propfile, "RT_RV_PROPERTY_ID", "redventures_property_id.txt",
		    NULL } },
	    3);
	rt_fetch_start(&f);

	/* RV answers one total per window: a fuller total of a month replaces a shorter one. */
	n = rt_fetch_months(&f, &w);
	if (dryrun) {
		for (i = 0; i < n; i++)
			printf("%s %s\n", rt_date_format(w[i].start, a), rt_date_format(w[i].end, b));
		if (rt_stdout_close() == -1)
			rt_err(RT_EXIT_IO, "stdout");
		return RT_EXIT_OK;
	}

	prop = read_property(propid, propfile);
	c.id = rt_fetch_account(&f, idfile, "RT_RV_CLIENT_ID", "redventures_client_id.txt");
	c.secret = rt_fetch_secret(&f, secretfile, "RT_RV_CLIENT_SECRET", "redventures_api_key.txt");
	c.token_url = env_or("RT_RV_TOKEN_URL", "https://rvmedianetwork-prod.us.auth0.com/oauth/token");
	c.audience = env_or("RT_RV_AUDIENCE", AUDIENCE);
	base = env_or("RT_RV_URL", AUDIENCE);

	get_token(&f, &c);
	reqs = rt_ecalloc(n, sizeof(*reqs));
	ptrs = rt_ecalloc(n, sizeof(*ptrs));
	for (i = 0; i < n; i++) {
		window_req(&reqs[i], base, prop, &w[i], c.token);
		ptrs[i] = &reqs[i];
	}
	rt_log("%zu windows, %s..%s, %ld at a time", n, rt_date_format(f.since, a),
	    rt_date_format(f.until, b), jobs);
	send_windows(&f, &c, ptrs, n, (int)jobs);

	/* Every window has answered: rows go out in window order, whatever order the answers came in. */
	for (i = 0; i < n; i++) {
		emit_rows(&f, window_rows(&f, &reqs[i], &w[i]), &w[i], prop);
		rt_http_req_free(&reqs[i]);
	}

	free(reqs);
	free(ptrs);
	free(w);
	free(prop);
	explicit_bzero(c.token, strlen(c.token));
	explicit_bzero(c.secret, strlen(c.secret));
	explicit_bzero(c.id, strlen(c.id));
	free(c.token);
	free(c.secret);
	free(c.id);
	return rt_fetch_finish(&f);
}
