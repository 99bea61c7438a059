/* rt-fetch-feed: jobs from RSS and Atom feeds, one JSON object a line. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rt_cli.h"
#include "rt_err.h"
#include "rt_feed.h"
#include "rt_http.h"
#include "rt_io.h"
#include "rt_json.h"
#include "rt_map.h"

#define ACCEPT \
	"Accept: application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, " \
	"*/*;q=0.1"

enum { OPT_PLATFORM = RT_OPT_OWN, OPT_URL_FILE };

static const char *const synopsis[] = {
	"[-qv] [--platform name] [--url-file file] [url ...]",
	NULL,
};

static const struct rt_option options[] = {
	{ "platform", OPT_PLATFORM, "name", "the jobs' platform (default: from each job's link)" },
	{ "url-file", OPT_URL_FILE, "file",
	    "read feed URLs from file, one a line; their queries are secret" },
	{ NULL, 0, NULL, NULL },
};

static struct rt_http http;
static struct rt_map seen; /* job ids written in this run */
static struct rt_buf line;
static const char *platform;
static unsigned long jobs;

/*
 * The platform a job's link names: its host without "www." and without
 * the top-level domain ("www.upwork.com": upwork), or the whole host when
 * it is an address; usebraintrust.com is braintrust.
 */
static void
platform_of(const char *url, struct rt_buf *b)
{
	const char *host = url != NULL ? strstr(url, "://") : NULL, *end, *dot, *start;
	size_t n;

	rt_buf_reset(b);
	if (host == NULL)
		return;
	host += 3;
	end = host + strcspn(host, "/?#:");
	if ((dot = memchr(host, '@', (size_t)(end - host))) != NULL)
		host = dot + 1;
	for (dot = end; dot > host && dot[-1] != '.'; dot--)
		;
	start = host;
	if (dot > host && !isdigit((unsigned char)*dot)) {
		for (start = dot - 1; start > host && start[-1] != '.'; start--)
			;
		end = dot - 1;
	}
	for (n = 0; start + n < end; n++)
		rt_buf_addc(b, (char)tolower((unsigned char)start[n]));
	if (strcmp(rt_buf_str(b), "usebraintrust") == 0) {
		rt_buf_reset(b);
		rt_buf_adds(b, "braintrust");
	}
	rt_buf_str(b);
}

static void
add_string(const char *key, const char *v)
{
	if (v == NULL)
		return;
	rt_buf_addf(&line, ",\"%s\":", key);
	rt_json_add_string(&line, v, strlen(v));
}

/* One job: id, platform, title, url, published, the budget its text states, summary. */
static void
emit(const struct rt_feed_item *it, const char *feed_url)
{
	struct rt_buf where = { 0 }, text = { 0 };
	struct rt_budget b;
	char when[RT_INSTANT_BUFSZ];

	rt_buf_reset(&line);
	rt_buf_adds(&line, "{\"id\":");
	rt_json_add_string(&line, it->id, strlen(it->id));
	if (platform != NULL)
		rt_buf_adds(&where, platform);
	else
		platform_of(it->url != NULL ? it->url : feed_url, &where);
	add_string("platform", rt_buf_str(&where));
	add_string("title", it->title);
	add_string("url", it->url);
	if (it->has_published)
		add_string("published", rt_instant_format(it->published, when));
	rt_buf_addf(
	    &text, "%s %s", it->title != NULL ? it->title : "", it->summary != NULL ? it->summary : "");
	if (rt_budget_find(rt_buf_str(&text), &b) == 0) {
		rt_buf_addf(&line, ",\"budget_minor\":%lld", (long long)b.max);
		if (b.range)
			rt_buf_addf(&line, ",\"budget_min_minor\":%lld", (long long)b.min);
		add_string("budget_currency", b.currency);
		add_string("budget_kind", b.hourly ? "hourly" : "fixed");
	}
	add_string("summary", it->summary);
	rt_buf_add(&line, "}\n", 2);
	if (fwrite(line.p, 1, line.len, stdout) != line.len)
		rt_err(RT_EXIT_IO, "stdout");
	jobs++;
	rt_buf_free(&where);
	rt_buf_free(&text);
}

/* Reads one feed and writes its jobs not written yet; its exit status. */
static int
fetch(const char *url)
{
	struct rt_http_req r;
	struct rt_buf shown = { 0 }, msg = { 0 };
	struct rt_feed feed;
	char why[512];
	size_t i;
	int rc, isnew, status = RT_EXIT_OK;

	rt_http_mask(&http, url, strlen(url), &shown);
	rt_buf_str(&shown);
	rt_http_req_init(&r, "GET", url);
	rt_http_header_add(&r, ACCEPT);
	if ((rc = rt_http_one(&http, &r)) != RT_HTTP_OK) {
		rt_http_explain(&http, &r, &msg);
		rt_warnx("%s%s", msg.p, rc == RT_HTTP_AUTH ? "; check the feed's URL and its token" : "");
		status = rc == RT_HTTP_AUTH ? RT_EXIT_USAGE : RT_EXIT_UPSTREAM;
	} else if (rt_feed_parse(r.resp.p, r.resp.len, &feed, why, sizeof(why)) == -1) {
		rt_http_snippet(&http, &r, &msg);
		rt_warnx("%s: %s: %s", shown.p, why, msg.len > 0 ? msg.p : "(empty)");
		status = RT_EXIT_UPSTREAM;
	} else {
		rt_log("%s: %s, %zu items", shown.p, feed.kind, feed.nitems);
		for (i = 0; i < feed.nitems; i++) {
			if (feed.items[i].id == NULL) {
				rt_warnx("%s: item %zu has no guid, id or link; left out", shown.p, i + 1);
				status = RT_EXIT_BADINPUT;
				continue;
			}
			rt_map_insert(&seen, feed.items[i].id, strlen(feed.items[i].id), &isnew);
			if (isnew)
				emit(&feed.items[i], url);
			else
				rt_log("%s: %s again; left out", shown.p, feed.items[i].id);
		}
		rt_feed_free(&feed);
	}
	rt_http_req_free(&r);
	rt_buf_free(&shown);
	rt_buf_free(&msg);
	return status;
}

/*
 * The URLs of --url-file, one a line (blank lines and # comments skipped).
 * Such a URL may carry a token, as Upwork's feeds do: its user information
 * and query are masked in every message.
 */
static void
url_file(const char *path, char ***urls, size_t *n, size_t *cap)
{
	struct rt_buf text = { 0 };
	char *p, *e, *q, *host;

	if (rt_read_file(path, &text) == -1)
		rt_err(RT_EXIT_USAGE, "%s", path);
	rt_buf_str(&text);
	for (p = text.p; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		for (q = e; q > p && isspace((unsigned char)q[-1]); q--)
			;
		p += strspn(p, " \t");
		if (q <= p || *p == '#')
			continue;
		*urls = rt_egrow(*urls, cap, *n + 1, sizeof(**urls));
		(*urls)[(*n)++] = rt_estrndup(p, (size_t)(q - p));
		p = (*urls)[*n - 1];
		if ((q = strchr(p, '?')) != NULL && q[1] != '\0')
			rt_http_secret(&http, q + 1);
		if ((host = strstr(p, "://")) != NULL && (q = strchr(host, '@')) != NULL &&
		    q < host + strcspn(host + 3, "/?#") + 3) {
			*q = '\0';
			rt_http_secret(&http, host + 3);
			*q = '@';
		}
	}
	explicit_bzero(text.p, text.len);
	rt_buf_free(&text);
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL, RT_CLI_QUIET | RT_CLI_VERBOSE, NULL, NULL };
	const char *file = NULL;
	char why[512], **urls = NULL;
	size_t n = 0, cap = 0, i;
	size_t failed = 0;
	int ch, st, status = RT_EXIT_OK;

	rt_cli_start(argc, argv);
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		switch (ch) {
		case OPT_PLATFORM:
			platform = optarg;
			break;
		case OPT_URL_FILE:
			file = optarg;
			break;
		}
	}
	if (rt_http_init(&http, why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		urls = rt_egrow(urls, &cap, n + 1, sizeof(*urls));
		urls[n++] = rt_estrdup(argv[i]);
	}
	if (file != NULL)
		url_file(file, &urls, &n, &cap);
	if (n == 0)
		rt_cli_misuse("name a feed's URL, or --url-file file");
	for (i = 0; i < n; i++)
		if (strncasecmp(urls[i], "http://", 7) != 0 && strncasecmp(urls[i], "https://", 8) != 0)
			rt_errx(RT_EXIT_USAGE, "feed %zu is not an http:// or https:// URL", i + 1);
	rt_map_init(&seen);
	rt_stdout_init();

	for (i = 0; i < n; i++) {
		if ((st = fetch(urls[i])) > status)
			status = st;
		if (st >= RT_EXIT_USAGE)
			failed++;
	}
	if (rt_stdout_close() == -1)
		rt_err(RT_EXIT_IO, "stdout");
	if (!rt_quiet && failed > 0)
		fprintf(stderr, "%s: %lu jobs from %zu of %zu feeds, %lu requests\n", rt_progname, jobs,
		    n - failed, n, http.requests);
	else if (!rt_quiet)
		fprintf(stderr, "%s: %lu jobs from %zu feeds, %lu requests\n", rt_progname, jobs, n,
		    http.requests);
	for (i = 0; i < n; i++) {
		explicit_bzero(urls[i], strlen(urls[i]));
		free(urls[i]);
	}
	free(urls);
	rt_map_free(&seen);
	rt_buf_free(&line);
	rt_http_free(&http);
	return status;
}
