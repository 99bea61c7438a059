/*
 * The skeleton of a fetcher.  A fetcher's main parses its options with
 * rt_fetch_getopt (a layer on rt_cli), calls rt_fetch_start, asks its API for the range
 * f->since..f->until with rt_fetch_send and rt_fetch_json, writes each raw
 * object with rt_fetch_emit, and ends with rt_fetch_finish, which writes the
 * new state only after everything else succeeded.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_cred.h"
#include "rt_err.h"
#include "rt_fetch.h"
#include "rt_io.h"
#include "rt_json.h"
#include "rt_state.h"

static const struct rt_option fetch_options[] = {
	{ "since", RT_OPT_SINCE, "date",
	    "first day to fetch (default: the state's cursor less the lookback, else Jan 1)" },
	{ "until", RT_OPT_UNTIL, "date", "last day to fetch (default: the as-of date)" },
	{ "state", RT_OPT_STATE, "file", "read the cursor of the last good run from file" },
	{ "state-out", RT_OPT_STATE_OUT, "file",
	    "write the new cursor to file when the whole fetch succeeded" },
	{ "lookback", RT_OPT_LOOKBACK, "days", "days before the cursor to read again" },
	{ NULL, 0, NULL, NULL },
};

/*
 * usage is the program's own options for the synopsis (after the shared
 * ones), options its table for getopt and --help.
 */
void
rt_fetch_init(
    struct rt_fetch *f, const char *source, long lookback, const char *usage, const struct rt_option *options)
{
	struct rt_buf line = { 0 };

	memset(f, 0, sizeof(*f));
	f->source = source;
	f->lookback = lookback;
	rt_buf_adds(&line, RT_FETCH_USAGE);
	if (usage != NULL && *usage != '\0') {
		rt_buf_adds(&line, "\n\t");
		rt_buf_adds(&line, usage);
	}
	rt_buf_addc(&line, '\0');
	f->synopsis[0] = line.p;
	f->cli.synopsis = f->synopsis;
	f->cli.own = options;
	f->cli.layer = fetch_options;
	f->cli.common = RT_CLI_QUIET | RT_CLI_VERBOSE | RT_CLI_TZ | RT_CLI_AS_OF;
	rt_map_init(&f->seen);
}

/*
 * For an API that takes instants rather than days (Stripe's created, Fanvue's
 * startDate): the window is [f->from, f->to), the state's cursor is the
 * instant the last good run reached, and --lookback also takes seconds,
 * minutes or hours (30s, 5m, 2h; a bare number or Nd is days).
 */
void
rt_fetch_instants(struct rt_fetch *f, long lookback_seconds)
{
	f->instants = 1;
	f->lookback_s = lookback_seconds;
	f->lookback = (lookback_seconds + 86399) / 86400;
}

/* --lookback: days, or with a fetcher of instants N followed by s, m, h or d. */
static void
lookback_arg(struct rt_fetch *f, const char *s)
{
	long n, unit = 86400;
	char *end;

	errno = 0;
	n = strtol(s, &end, 10);
	if (f->instants && end != s && end[0] != '\0' && end[1] == '\0') {
		switch (*end++) {
		case 's':
			unit = 1;
			break;
		case 'm':
			unit = 60;
			break;
		case 'h':
			unit = 3600;
			break;
		case 'd':
			break;
		default:
			end--;
		}
	}
	if (errno != 0 || end == s || *end != '\0' || n < 0 || n > 3660L * 86400 / unit) {
		if (f->instants)
			rt_errx(RT_EXIT_USAGE,
			    "--lookback \"%s\" is not a time: N days, or Ns, Nm, Nh (up to 3660 days)", s);
		rt_errx(RT_EXIT_USAGE, "--lookback \"%s\" is not a number of days (0 to 3660)", s);
	}
	f->lookback_s = n * unit;
	f->lookback = (f->lookback_s + 86399) / 86400;
}

/*
 * The command line of a fetcher: handles the options every fetcher has and
 * returns the program's own (-1 at the end); a fetcher takes no operands.
 */
int
rt_fetch_getopt(struct rt_fetch *f, int argc, char **argv)
{
	int ch;

	while ((ch = rt_cli_next(&f->cli, argc, argv)) != -1) {
		switch (ch) {
		case RT_OPT_LOOKBACK:
			lookback_arg(f, optarg);
			break;
		case RT_OPT_SINCE:
			f->since_opt = optarg;
			break;
		case RT_OPT_STATE:
			f->state_in = optarg;
			break;
		case RT_OPT_STATE_OUT:
			f->state_out = optarg;
			break;
		case RT_OPT_UNTIL:
			f->until_opt = optarg;
			break;
		default:
			return ch;
		}
	}
	if (optind != argc)
		rt_cli_misuse("a fetcher takes no operands, but was given \"%s\"", argv[optind]);
	return -1;
}

const char *
rt_fetch_date(rt_day d, char *buf)
{
	return rt_date_format(d, buf);
}

/*
 * The window of a fetcher of instants: from local midnight of --since, or
 * from the state's instant less the lookback; to now, or to the end of
 * --until when that day is over.
 */
static void
start_instants(struct rt_fetch *f, const char *cursor)
{
	char a[RT_INSTANT_BUFSZ];
	int64_t c, end;

	f->from = rt_local_midnight(f->since);
	if (cursor != NULL) {
		if (rt_instant_parse(cursor, strlen(cursor), &c) == -1)
			rt_errx(RT_EXIT_USAGE, "%s: \"cursor\" \"%.40s\" is not an RFC 3339 instant",
			    f->state_in, cursor);
		f->from = c - f->lookback_s;
		f->since = rt_instant_local_day(f->from);
		rt_log("state %s: cursor %s, lookback %ld s", f->state_in, rt_instant_format(c, a),
		    f->lookback_s);
	}
	end = rt_local_midnight(f->until + 1);
	f->to = rt_now();
	if (f->to > end)
		f->to = end;
	if (f->to < f->from)
		f->to = f->from;
}

/*
 * Settles the range: --since, else the state's cursor less the lookback,
 * else January 1 of the as-of year; --until, else the as-of date.
 */
void
rt_fetch_start(struct rt_fetch *f)
{
	char why[512], a[RT_DATE_BUFSZ], b[RT_DATE_BUFSZ];
	struct rt_buf text = { 0 };
	rt_day cursor;
	int y, m, d, rc;

	rt_cli_clock(&f->cli, &f->today);
	if (f->state_in != NULL && f->state_out != NULL && strcmp(f->state_in, f->state_out) == 0)
		rt_errx(RT_EXIT_USAGE, "--state-out must not be the --state file: the caller moves it over");
	f->until = f->today;
	if (f->until_opt != NULL && rt_date_parse(f->until_opt, strlen(f->until_opt), &f->until) == -1)
		rt_errx(RT_EXIT_USAGE, "--until \"%s\" is not a YYYY-MM-DD date", f->until_opt);
	rt_civil_from_days(f->today, &y, &m, &d);
	f->since = rt_days_from_civil(y, 1, 1);
	rc = 1;
	if (f->since_opt != NULL) {
		if (rt_date_parse(f->since_opt, strlen(f->since_opt), &f->since) == -1)
			rt_errx(RT_EXIT_USAGE, "--since \"%s\" is not a YYYY-MM-DD date", f->since_opt);
	} else if (f->state_in != NULL && f->instants) {
		if ((rc = rt_state_read_cursor(f->state_in, f->source, &text, why, sizeof(why))) == -1)
			rt_errx(RT_EXIT_USAGE, "%s", why);
	} else if (f->state_in != NULL) {
		if ((rc = rt_state_read(f->state_in, f->source, &cursor, why, sizeof(why))) == -1)
			rt_errx(RT_EXIT_USAGE, "%s", why);
		if (rc == 0) {
			f->since = cursor - (rt_day)f->lookback;
			rt_log("state %s: cursor %s, lookback %ld days", f->state_in,
			    rt_date_format(cursor, a), f->lookback);
		}
	}
	if (f->state_in != NULL && f->since_opt == NULL && rc == 1)
		rt_log("state %s: none yet, fetching the year to date", f->state_in);
	if (f->instants)
		start_instants(f, rc == 0 ? text.p : NULL);
	rt_buf_free(&text);
	if (f->since > f->until)
		rt_errx(RT_EXIT_USAGE, "the range %s..%s is empty", rt_date_format(f->since, a),
		    rt_date_format(f->until, b));
	if (rt_http_init(&f->http, why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	f->progress = isatty(STDERR_FILENO) && !rt_quiet;
	rt_stdout_init();
}

/* A credential, or exit 2 saying where it was looked for; it is masked from then on. */
char *
rt_fetch_secret(struct rt_fetch *f, const char *optfile, const char *var, const char *file)
{
	char why[512], *s;

	if ((s = rt_cred(optfile, var, file, why, sizeof(why))) == NULL)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	rt_http_secret(&f->http, s);
	return s;
}

/*
 * The API's base URL from var (tests point it at a fake), else def; without
 * its trailing slashes, and exit 2 when it is not http or https.
 */
char *
rt_fetch_base(const char *var, const char *def)
{
	const char *env = getenv(var);
	char *base;
	size_t len;

	if (env == NULL || *env == '\0')
		env = def;
	if (strncmp(env, "http://", 7) != 0 && strncmp(env, "https://", 8) != 0)
		rt_errx(RT_EXIT_USAGE, "%s \"%s\" is not an http or https URL", var, env);
	base = rt_estrdup(env);
	for (len = strlen(base); len > 0 && base[len - 1] == '/'; len--)
		base[len - 1] = '\0';
	return base;
}

/* Appends &name=value to a URL being built, value percent-encoded, none when it is NULL; ends it with a NUL. */
void
rt_fetch_query(struct rt_buf *url, const char *name, const char *value)
{
	char *esc;

	if (value != NULL) {
		esc = rt_http_escape(value);
		rt_buf_addf(url, "&%s=%s", name, esc);
		free(esc);
	}
	rt_buf_str(url);
}

/*
 * Starts a request to a JSON API that takes a Bearer token (Stripe,
 * Gumroad, Upwork, Fanvue); the caller adds its own headers and sends it.
 */
void
rt_fetch_bearer(struct rt_http_req *r, const char *method, const char *url, const char *token)
{
	rt_http_req_init(r, method, url);
	rt_http_header_add(r, "Authorization: Bearer %s", token);
	rt_http_header_add(r, "Accept: application/json");
}

/* Reports and ends the run; the state is not written. */
void
rt_fetch_fail(struct rt_fetch *f, int status, const char *fmt, ...)
{
	struct rt_buf msg = { 0 }, masked = { 0 };
	void (*hook)(struct rt_fetch *, int, const char *);
	va_list ap;
	int n;

	if (f->progress)
		fputs("\r\033[K", stderr);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	rt_buf_grow(&msg, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(msg.p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	msg.len = (size_t)n;
	rt_http_mask(&f->http, msg.p, msg.len, &masked);
	fflush(stdout);
	if ((hook = f->on_fail) != NULL) {
		/* A failure inside the hook ends the run. */
		f->on_fail = NULL;
		hook(f, status, rt_buf_str(&masked));
	}
	rt_warnx("%s; state not advanced", rt_buf_str(&masked));
	exit(status);
}

/*
 * Judges an answer: 401 and 403 are exit 2 naming the credential to check,
 * other failures exit 3.  cred names the credential, e.g. "RT_CLOSE_API_KEY".
 */
void
rt_fetch_check(struct rt_fetch *f, struct rt_http_req *r, int result, const char *cred)
{
	struct rt_buf msg = { 0 };

	if (result == RT_HTTP_OK)
		return;
	if (result == RT_HTTP_AUTH)
		rt_fetch_fail(f, RT_EXIT_USAGE, "%s: check %s", r->why, cred);
	rt_http_explain(&f->http, r, &msg);
	rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s", msg.p);
}

/* Sends one request with the retries of SPEC section 6; returns only on success. */
int
rt_fetch_send(struct rt_fetch *f, struct rt_http_req *r, const char *cred)
{
	rt_fetch_check(f, r, rt_http_one(&f->http, r), cred);
	return 0;
}

/* The answer as JSON, or exit 3 showing its first 200 bytes. */
jv
rt_fetch_json(struct rt_fetch *f, struct rt_http_req *r)
{
	struct rt_json_error e;
	struct rt_buf snip = { 0 }, url = { 0 };
	jv v;

	v = rt_json_parse(r->resp.p != NULL ? r->resp.p : "", r->resp.len, &e);
	if (jv_is_valid(v))
		return v;
	jv_free(v);
	rt_http_snippet(&f->http, r, &snip);
	rt_http_mask(&f->http, r->url, strlen(r->url), &url);
	rt_fetch_fail(f, RT_EXIT_UPSTREAM, "%s: the answer is not JSON (byte %zu: %s): %s", rt_buf_str(&url),
	    e.offset + 1, e.msg, snip.len > 0 ? snip.p : "(empty)");
}

/* Stops with exit 3 when the API hands out a cursor or page it already gave. */
void
rt_fetch_repeat(struct rt_fetch *f, const char *key, size_t n, const char *what)
{
	int isnew;

	rt_map_insert(&f->seen, key, n, &isnew);
	if (!isnew)
		rt_fetch_fail(f, RT_EXIT_UPSTREAM,
		    "the API returned the same %s twice; stopping rather "
		    "than loop",
		    what);
}

/* Writes one raw object (consumed) as a line of NDJSON. */
void
rt_fetch_emit(struct rt_fetch *f, jv v)
{
	rt_buf_reset(&f->line);
	rt_json_add_jv(&f->line, v);
	rt_buf_addc(&f->line, '\n');
	if (fwrite(f->line.p, 1, f->line.len, stdout) != f->line.len)
		rt_fetch_fail(f, RT_EXIT_IO, "stdout: %s", strerror(errno));
	f->records++;
}

/* Counts a page and, on a terminal, shows how far the fetch has come. */
void
rt_fetch_page(struct rt_fetch *f)
{
	rt_fetch_page_at(f, NULL);
}

/* The same, saying where the fetch has got to (a date, say) when where is not NULL. */
void
rt_fetch_page_at(struct rt_fetch *f, const char *where)
{
	f->pages++;
	if (f->progress)
		fprintf(stderr, "\r\033[K%s: %lu pages, %lu records%s%s", rt_progname, f->pages, f->records,
		    where != NULL ? ", " : "", where != NULL ? where : "");
}

/* Closes stdout, writes the new state, prints the summary line; returns the exit status. */
int
rt_fetch_finish(struct rt_fetch *f)
{
	char why[512], a[RT_DATE_BUFSZ], b[RT_DATE_BUFSZ], t[RT_INSTANT_BUFSZ];

	if (f->progress)
		fputs("\r\033[K", stderr);
	if (rt_stdout_close() == -1)
		rt_fetch_fail(f, RT_EXIT_IO, "stdout: %s", strerror(errno));
	if (f->state_out != NULL &&
	    (f->instants ? rt_state_write_cursor(
			       f->state_out, f->source, rt_instant_format(f->to, t), why, sizeof(why))
			 : rt_state_write(f->state_out, f->source, f->until, why, sizeof(why))) == -1) {
		rt_warnx("%s", why);
		return RT_EXIT_IO;
	}
	if (!rt_quiet)
		fprintf(stderr, "%s: %lu records, %s..%s, %lu requests\n", rt_progname, f->records,
		    rt_date_format(f->since, a), rt_date_format(f->until, b), f->http.requests);
	rt_http_free(&f->http);
	rt_map_free(&f->seen);
	free((char *)f->synopsis[0]);
	rt_buf_free(&f->line);
	return RT_EXIT_OK;
}
