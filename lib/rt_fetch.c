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
#include <sys/stat.h>
#include <unistd.h>

#include "rt_cred.h"
#include "rt_err.h"
#include "rt_fetch.h"
#include "rt_handkept.h"
#include "rt_io.h"
#include "rt_json.h"
#include "rt_state.h"
#include "rt_window.h"

static const struct rt_option fetch_options[] = {
	{ "since", RT_OPT_SINCE, "date",
	    "first day to fetch (default: the state's cursor less the lookback, else Jan 1)" },
	{ "until", RT_OPT_UNTIL, "date", "last day to fetch (default: the as-of date)" },
	{ "state", RT_OPT_STATE, "file", "read the cursor of the last good run from file" },
	{ "state-out", RT_OPT_STATE_OUT, "file",
	    "write the new cursor to file when the whole fetch succeeded" },
	{ "lookback", RT_OPT_LOOKBACK, "days", "days before the cursor to read again" },
	{ "configured", RT_OPT_CONFIGURED, NULL,
	    "fetch nothing; exit 0 when every credential is set, 1 when none, 2 when some" },
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
	f->fallback = jv_invalid();
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
		case RT_OPT_CONFIGURED:
			f->configured = 1;
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
 * The answer to --configured, which ends the run: 0 when the source has
 * every credential it needs (logged with -v), or none but a --fallback
 * file that can be read; 1 when it has none, so that a refresh skips a
 * source nobody set up (a notice, which -q silences); 2 when it has some
 * but not all, a configuration error that names what is missing.  missing and present list the variables of each kind; where
 * says where else a missing one may be, or is NULL.
 */
void
rt_fetch_answer(
    struct rt_fetch *f, enum rt_cred_state st, const char *missing, const char *present, const char *where)
{
	const char *verb = strchr(missing, ',') != NULL ? "are" : "is";

	/* A run would write the file, so the source is as good as configured. */
	if (st == RT_CRED_NONE && f->fallback_path != NULL && access(f->fallback_path, R_OK) == 0) {
		rt_log("not configured; the fallback %s stands in", f->fallback_path);
		exit(RT_EXIT_OK);
	}
	switch (st) {
	case RT_CRED_ALL:
		rt_log("configured: %s", present);
		exit(RT_EXIT_OK);
	case RT_CRED_NONE:
		rt_notice("not configured: %s %s not set", missing, verb);
		exit(RT_EXIT_BADINPUT);
	case RT_CRED_SOME:
		break;
	}
	rt_warnx("configured in part: %s %s set, but %s %s not%s%s", present,
	    strchr(present, ',') != NULL ? "are" : "is", missing, verb, where != NULL ? " " : "",
	    where != NULL ? where : "");
	exit(RT_EXIT_USAGE);
}

/*
 * With --configured, answers whether the source's n credentials are set,
 * and ends the run; without it, returns at once.  Called after the options
 * and before rt_fetch_start, so that no range or state is looked at.
 */
void
rt_fetch_configured(struct rt_fetch *f, const struct rt_cred_spec *c, size_t n)
{
	struct rt_buf missing = { 0 }, present = { 0 }, where = { 0 };
	enum rt_cred_state st;

	if (!f->configured)
		return;
	st = rt_cred_configured(c, n, &missing, &present);
	rt_buf_addf(&where, "(not as the variable, VAR_FILE or a file in %s)", rt_secrets_dir());
	rt_fetch_answer(f, st, missing.p, present.p, where.p);
}

/*
 * RT_MAX_PAGES (default 10000): an API that pages without end (has_more
 * for ever, with fresh ids each time) is stopped there, exit 3, rather
 * than fill the disk.
 */
static unsigned long
max_pages(void)
{
	const char *s = getenv("RT_MAX_PAGES");
	unsigned long v;
	char *end;

	if (s == NULL || *s == '\0')
		return RT_MAX_PAGES;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || *s < '0' || *s > '9' || v < 1 || v > 10000000)
		rt_errx(RT_EXIT_USAGE, "RT_MAX_PAGES=\"%s\" is not a number from 1 to 10000000", s);
	return v;
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
		f->from_state = 1;
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
	struct stat st;
	rt_day cursor;
	int y, m, d, rc;

	rt_cred_protect();
	rt_cli_clock(&f->cli, &f->today);
	if (f->state_in != NULL && f->state_out != NULL && strcmp(f->state_in, f->state_out) == 0)
		rt_errx(RT_EXIT_USAGE, "--state-out must not be the --state file: the caller moves it over");
	/* A device or a FIFO is never replaced (rt_atomic): say so now, before anything is asked. */
	if (f->state_out != NULL && stat(f->state_out, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode))
		rt_errx(RT_EXIT_USAGE, "--state-out %s: not a regular file", f->state_out);
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
			f->from_state = 1;
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
	f->max_pages = max_pages();
	if (rt_http_init(&f->http, why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	f->progress = isatty(STDERR_FILENO) && !rt_quiet;
	rt_stdout_init();
}

/*
 * A secret (a key, a token, a password), or exit 2 saying where it was
 * looked for, or that it is too short to be one; masked from then on.
 */
char *
rt_fetch_secret(struct rt_fetch *f, const char *optfile, const char *var, const char *file)
{
	char why[512], *s;

	if ((s = rt_cred(optfile, var, file, RT_SECRET_MIN, why, sizeof(why))) == NULL)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	rt_http_secret(&f->http, s);
	return s;
}

/*
 * A base URL from the variable var, else def, without trailing slashes;
 * exit 2 when it is not http or https, or when it is unset and has no
 * default (def NULL).  Allocated.
 */
char *
rt_fetch_url(const char *var, const char *def)
{
	const char *v = getenv(var);
	char *u;
	size_t n;

	if (v == NULL || *v == '\0')
		v = def;
	if (v == NULL)
		rt_errx(RT_EXIT_USAGE, "set %s to the address to ask (there is no default)", var);
	if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0)
		rt_errx(RT_EXIT_USAGE, "%s \"%s\" is not an http or https URL", var, v);
	u = rt_estrdup(v);
	for (n = strlen(u); n > 0 && u[n - 1] == '/'; n--)
		u[n - 1] = '\0';
	return u;
}

/* Appends &name=value to a URL being built, value percent-encoded, none when it is NULL; ends it with a NUL. */
size_t
rt_fetch_months(struct rt_fetch *f, struct rt_window **w)
{
	char a[RT_DATE_BUFSZ], b[RT_DATE_BUFSZ];
	rt_day first, last;

	rt_bucket_range(f->since, RT_BUCKET_MONTH, &first, &last);
	if (first != f->since)
		rt_log("range starts on %s, the first of the month of %s: windows are calendar months",
		    rt_date_format(first, a), rt_date_format(f->since, b));
	f->since = first;
	return rt_window_months(f->since, f->until, w);
}

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

/*
 * The name of an account, looked for as a secret is (impact's account SID,
 * an OAuth client id, a sign-in email): half of a credential, so masked as
 * one when it is RT_SECRET_MIN characters or more; a shorter one is shown,
 * as masking it would hide every match of its text in a message.
 */
char *
rt_fetch_account(struct rt_fetch *f, const char *optfile, const char *var, const char *file)
{
	char why[512], *s;

	if ((s = rt_cred(optfile, var, file, 0, why, sizeof(why))) == NULL)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	if (strlen(s) >= RT_SECRET_MIN)
		rt_http_secret(&f->http, s);
	return s;
}

/* Reports and ends the run; the state is not written. */
void
rt_fetch_fail(struct rt_fetch *f, int status, const char *fmt, ...)
{
	struct rt_buf msg = { 0 }, masked = { 0 };
	void (*hook)(struct rt_fetch *, int, const char *);
	va_list ap;

	if (f->progress)
		fputs("\r\033[K", stderr);
	va_start(ap, fmt);
	rt_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
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
 * Stands in for the source: warns why (with "; using the fallback FILE"
 * after it; -q does not silence it), writes the hand-kept file's periods
 * that touch the range, one {"KEY": amount} a line for the source's map,
 * and ends the run with success but without writing the state: the source
 * was not read, so the next run asks again from the same cursor.
 */
void
rt_fetch_fall_back(struct rt_fetch *f, const char *fmt, ...)
{
	char why[1024];
	va_list ap;
	jv periods;
	int i, n;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	rt_warnx("%s; using the fallback %s", why, f->fallback_path);
	periods = rt_handkept_range(f->fallback, f->since, f->until);
	n = jv_array_length(jv_copy(periods));
	for (i = 0; i < n; i++)
		rt_fetch_emit(f, jv_array_get(jv_copy(periods), i));
	jv_free(periods);
	if (f->state_out != NULL)
		rt_warnx("--state-out %s not written: %s was not read", f->state_out, f->source);
	f->state_out = NULL;
	exit(rt_fetch_finish(f));
}

/*
 * The hook a fallback sets: a failure ends in the file rather than exit 3,
 * except refused credentials (a file does not mend a wrong password, and a
 * quiet zero would hide it), a local failure, and a failure after records
 * were written, which could not be taken back.
 */
static void
fall_back_on_failure(struct rt_fetch *f, int status, const char *why)
{
	if (f->refused || status == RT_EXIT_IO || f->records > 0)
		return;
	rt_fetch_fall_back(f, "%s failed (%s)", f->step != NULL ? f->step : "the fetch", why);
}

/*
 * Reads and checks the hand-kept file --fallback named (f->fallback_path),
 * if any, after rt_fetch_start and before anything is asked, so that a
 * file that could not stand in is exit 2 at once; from then on a failure
 * falls back to it.
 */
void
rt_fetch_fallback(struct rt_fetch *f)
{
	char why[512];

	if (f->fallback_path == NULL)
		return;
	f->fallback = rt_handkept_read(f->fallback_path, why, sizeof(why));
	if (!jv_is_valid(f->fallback))
		rt_errx(RT_EXIT_USAGE, "--fallback %s", why);
	f->on_fail = fall_back_on_failure;
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
void
rt_fetch_send(struct rt_fetch *f, struct rt_http_req *r, const char *cred)
{
	rt_fetch_check(f, r, rt_http_one(&f->http, r), cred);
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

/*
 * Stops with exit 3 when the API hands out a cursor or page it already
 * gave, or more of them than RT_MAX_PAGES.
 */
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
	if (f->seen.count > f->max_pages)
		rt_fetch_fail(f, RT_EXIT_UPSTREAM,
		    "the API handed out more than RT_MAX_PAGES (%lu) pages; stopping rather than run "
		    "without end",
		    f->max_pages);
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
	jv_free(f->fallback);
	free((char *)f->synopsis[0]);
	rt_buf_free(&f->line);
	return RT_EXIT_OK;
}
