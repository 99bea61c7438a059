/* rt-post: POST JSON documents to an endpoint (a Convex action, a Slack webhook), shaped by jq. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_cli.h"
#include "rt_date.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_jq.h"
#include "rt_json.h"
#include "rt_money.h"
#include "rt_send.h"
#include "rt_sources.h"
#include "rt_digest.h"
#include "rt_template.h"

#define USAGE_OPTIONS \
	"[-nqv] [--each | --slurp] [--jq program | @file] [--arg name value]\n" \
	"\t[--header 'name: value'] [--header-file name:file] [--bearer-file file]"

static struct rt_send endpoint;
static struct rt_jq jq;
static int each, slurp, use_jq, dry_run;
static int status = RT_EXIT_OK; /* the worst so far */

static const char *const synopsis[] = {
	USAGE_OPTIONS "\n\turl [file ...]",
	USAGE_OPTIONS "\n\t--url-file file [file ...]",
	NULL,
};

enum {
	OPT_ARG = RT_OPT_OWN,
	OPT_BEARER,
	OPT_EACH,
	OPT_HEADER,
	OPT_HEADER_FILE,
	OPT_JQ,
	OPT_SLURP,
	OPT_URL_FILE
};

static const struct rt_option options[] = {
	{ "dry-run", 'n', NULL, "print each body instead of sending it" },
	{ "each", OPT_EACH, NULL, "one POST per input line, not one for the whole input" },
	{ "slurp", OPT_SLURP, NULL, "every input line a document, all sent as one array" },
	{ "jq", OPT_JQ, "program | @file",
	    "shape each body with this jq program (@name: a shipped template)" },
	{ "arg", OPT_ARG, "name value", "set $name to the string value in the jq program" },
	{ "header", OPT_HEADER, "'name: value'", "send this header (not for secrets: argv is public)" },
	{ "header-file", OPT_HEADER_FILE, "name:file", "send header name with its value read from file" },
	{ "bearer-file", OPT_BEARER, "file", "send Authorization: Bearer with the token read from file" },
	{ "url-file", OPT_URL_FILE, "file", "read the URL from file (a URL that holds a secret)" },
	{ NULL, 0, NULL, NULL },
};

/* Ends the run with the worst status seen; a stdout that cannot be written is exit 4. */
static void __attribute__((noreturn)) finish(int st)
{
	if (rt_stdout_close() == -1) {
		rt_warn("stdout");
		st = RT_EXIT_IO;
	}
	rt_jq_free(&jq);
	rt_send_free(&endpoint);
	exit(st > status ? st : status);
}

/*
 * Sends one body, or prints it with -n.  An endpoint that refuses this
 * body leaves the others to be tried; a failure every body would meet (a
 * credential, no connection, no answer after the retries) ends the run.
 */
static void
post(const char *body, size_t len, const char *where)
{
	struct rt_http_req r;
	struct rt_buf msg = { 0 };
	char key[RT_SHA256_HEXSZ];
	int result;

	rt_log("%s%sbody of %zu bytes, Idempotency-Key %s", where, *where ? ": " : "", len,
	    endpoint.own_key ? "of --header" : rt_send_key(body, len, key));
	if (dry_run) {
		if (fwrite(body, 1, len, stdout) != len || putchar('\n') == EOF || fflush(stdout) == EOF)
			rt_err(RT_EXIT_IO, "stdout");
		return;
	}
	result = rt_send_post(&endpoint, body, len, &r);
	rt_http_explain(&endpoint.http, &r, &msg);
	if (result == RT_HTTP_OK) {
		/* One answer a line, so that --each's answers can be told apart. */
		if (fwrite(r.resp.p, 1, r.resp.len, stdout) != r.resp.len ||
		    (r.resp.len > 0 && r.resp.p[r.resp.len - 1] != '\n' && putchar('\n') == EOF) ||
		    fflush(stdout) == EOF)
			rt_err(RT_EXIT_IO, "stdout");
	} else if (result == RT_HTTP_AUTH) {
		rt_warnx("%s%s%s; check %s", where, *where ? ": " : "", msg.p,
		    endpoint.creds.len > 0 ? endpoint.creds.p
					   : "the credential: none was given (--bearer-file, --header-file)");
		finish(RT_EXIT_USAGE);
	} else {
		rt_warnx("%s%s%s", where, *where ? ": " : "", msg.p);
		/* A status is about this body; no status (a refused connection, TLS) is about them all. */
		if (result == RT_HTTP_FAILED || r.status == 0)
			finish(RT_EXIT_UPSTREAM);
		status = RT_EXIT_UPSTREAM;
	}
	rt_send_req_free(&r);
	rt_buf_free(&msg);
}

static void
bad_input(const char *where, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rt_warnx("%s: %s", where, msg);
	if (status < RT_EXIT_BADINPUT)
		status = RT_EXIT_BADINPUT;
}

/*
 * Parses one document; reports where it is not JSON, by line, and returns
 * it invalid.  whole: text is a file that may span lines.
 */
static jv
parse(const char *text, size_t len, const char *name, unsigned long line, int whole)
{
	struct rt_json_error e;
	char where[4096];
	size_t i, col = 1;
	jv v;

	v = rt_json_parse(text, len, &e);
	if (jv_is_valid(v))
		return v;
	for (i = 0; i < e.offset && i < len; i++, col++)
		if (whole && text[i] == '\n')
			line++, col = 0;
	snprintf(where, sizeof(where), "%s:%lu", name, line);
	bad_input(where, "column %zu: %s%s", col, e.msg,
	    whole && strcmp(e.msg, "unexpected data after the JSON value") == 0
		? " (several documents? see --each)"
		: "");
	return v;
}

/*
 * Sends what one document (v, consumed) becomes: its own text, or each
 * output of the --jq program.  A program that fails on a document sends
 * none of what it made of it, not some.
 */
static void
document(const char *text, size_t len, jv v, const char *where)
{
	struct rt_buf body = { 0 };
	const char *at = each ? where : "";
	char why[512];
	jv out, bodies;
	int rc, i, n;

	if (!use_jq) {
		jv_free(v);
		while (len > 0 && strchr(" \t\r\n", text[len - 1]) != NULL)
			len--;
		while (len > 0 && strchr(" \t\r\n", *text) != NULL)
			text++, len--;
		post(text, len, at);
		return;
	}
	bodies = jv_array();
	rt_jq_start(&jq, v);
	while ((rc = rt_jq_next(&jq, &out)) == 1) {
		rt_buf_reset(&body);
		if (rt_template_write(&body, out, why, sizeof(why)) == -1) {
			bad_input(where, "--jq made a bad body: %s", why);
			rc = -2;
			break;
		}
		bodies = jv_array_append(bodies, jv_string_sized(body.p, (int)body.len));
	}
	if (rc == -1)
		bad_input(where, "--jq: %s", jq.err.p);
	n = rc == 0 ? jv_array_length(jv_copy(bodies)) : 0;
	/* A line left out is --each's everyday filtering; a whole input left out is a surprise. */
	if (rc == 0 && n == 0 && each)
		rt_log("%s: --jq made nothing of it; nothing sent", where);
	else if (rc == 0 && n == 0)
		rt_notice("%s: --jq made nothing of it; nothing sent", where);
	for (i = 0; i < n; i++) {
		v = jv_array_get(jv_copy(bodies), i);
		post(jv_string_value(v), (size_t)jv_string_length_bytes(jv_copy(v)), at);
		jv_free(v);
	}
	jv_free(bodies);
	rt_buf_free(&body);
}

/* $rt_currencies: each ISO 4217 code's exponent, and its symbol when people know one. */
static jv
currencies(void)
{
	const char *code, *sym;
	jv all = jv_object(), c;
	size_t i;
	int e;

	for (i = 0; (code = rt_currency_at(i, &e)) != NULL; i++) {
		c = jv_object_set(jv_object(), jv_string("exponent"), jv_number(e));
		if ((sym = rt_currency_symbol(code)) != NULL)
			c = jv_object_set(c, jv_string("symbol"), jv_string(sym));
		all = jv_object_set(all, jv_string(code), c);
	}
	return all;
}

/*
 * Compiles --jq with the --arg values as $name and in $ARGS.named, as jq
 * does, and the variables rt gives every program: $rt_now (RFC 3339) and
 * $rt_now_ms (epoch milliseconds, as digits), both from RT_NOW or the
 * clock; $rt_sources, the table of sources' names (share/rt/sources.json);
 * $rt_currencies, for showing money in its own currency.
 */
static void
compile(const char *program, jv named)
{
	char why[512], now[RT_INSTANT_BUFSZ], ms[32];
	int64_t t = rt_now();
	jv args;

	if (rt_sources_load(why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	rt_instant_format(t, now);
	snprintf(ms, sizeof(ms), "%lld", (long long)t * 1000);
	args = JV_OBJECT(jv_string("rt_now"), jv_string(now), jv_string("rt_now_ms"), jv_string(ms),
	    jv_string("rt_sources"), rt_sources_jv(), jv_string("rt_currencies"), currencies());
	args = jv_object_merge(args, jv_copy(named));
	args = jv_object_set(args, jv_string("ARGS"),
	    JV_OBJECT(jv_string("positional"), jv_array(), jv_string("named"), named));
	if (rt_template_compile(&jq, program, args, why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	use_jq = 1;
}

/* --each: every non-blank line of every file is a document. */
static void
each_line(struct rt_input *in)
{
	char where[4096], *line;
	size_t len;
	int rc;
	jv v;

	while ((rc = rt_input_next(in, &line, &len)) != RT_READ_EOF) {
		if (rc == RT_READ_ERROR)
			rt_err(RT_EXIT_IO, "%s", rt_input_name(in));
		snprintf(where, sizeof(where), "%s:%lu", rt_input_name(in), rt_input_line(in));
		if (rc == RT_READ_TOOLONG)
			bad_input(where, "line longer than 64 MiB");
		else if (jv_is_valid(v = parse(line, len, rt_input_name(in), rt_input_line(in), 0)))
			document(line, len, v, where);
		else
			jv_free(v);
	}
}

/*
 * --slurp: every non-blank line of every file is a document, and they go
 * as one array, in one request (several rt-aggregate runs, one message).
 * Their text is joined as it was read, so no number is rewritten.
 */
static void
slurp_lines(struct rt_input *in)
{
	struct rt_buf text = { 0 };
	char where[4096], *line;
	int rc, ok = 1;
	size_t len;
	jv v;

	rt_buf_addc(&text, '[');
	while ((rc = rt_input_next(in, &line, &len)) != RT_READ_EOF) {
		if (rc == RT_READ_ERROR)
			rt_err(RT_EXIT_IO, "%s", rt_input_name(in));
		snprintf(where, sizeof(where), "%s:%lu", rt_input_name(in), rt_input_line(in));
		if (rc == RT_READ_TOOLONG) {
			bad_input(where, "line longer than 64 MiB");
			ok = 0;
		} else if (jv_is_valid(v = parse(line, len, rt_input_name(in), rt_input_line(in), 0))) {
			jv_free(v);
			if (text.len > 1)
				rt_buf_addc(&text, ',');
			rt_buf_add(&text, line, len);
		} else {
			jv_free(v);
			ok = 0;
		}
	}
	rt_buf_addc(&text, ']');
	/* One document: a bad line leaves it unsent, not sent short. */
	if (ok)
		document(text.p, text.len, parse(text.p, text.len, "<input>", 1, 0), "");
	else
		rt_warnx("nothing sent: --slurp sends every line or none");
	rt_buf_free(&text);
}

/* The whole input is one document, which may span lines. */
static void
whole(const char *path)
{
	struct rt_buf text = { 0 };
	const char *name = path != NULL ? path : "<stdin>";
	size_t bom;
	jv v;

	if ((path != NULL ? rt_read_file(path, &text) : rt_read_fd(STDIN_FILENO, &text)) == -1)
		rt_err(RT_EXIT_IO, "%s", name);
	rt_buf_str(&text);
	bom = rt_bom(text.p, text.len);
	if (text.len == bom + strspn(text.p + bom, " \t\r\n"))
		bad_input(name, "no JSON document to send");
	else if (jv_is_valid(v = parse(text.p + bom, text.len - bom, name, 1, 1)))
		document(text.p + bom, text.len - bom, v, name);
	else
		jv_free(v);
	rt_buf_free(&text);
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL, RT_CLI_QUIET | RT_CLI_VERBOSE, NULL, NULL };
	struct rt_input in;
	const char *program = NULL, *bearer = NULL, *url = NULL, *url_file = NULL, *bad, *p;
	char why[512], **hfiles;
	int ch, i, nhfiles = 0;
	jv named = jv_object();

	rt_cli_start(argc, argv);
	rt_send_init(&endpoint);
	hfiles = rt_ecalloc((size_t)argc, sizeof(*hfiles));
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 'n':
			dry_run = 1;
			break;
		case OPT_ARG:
			/* Two words, as jq's --arg: the value is the next argument whatever it looks like. */
			if (optind >= argc)
				rt_cli_misuse("--arg takes two words: a name and its value");
			for (p = optarg; *p == '_' || (*p >= '0' && *p <= '9' && p > optarg) ||
			     ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z');
			     p++)
				;
			if (*p != '\0' || p == optarg)
				rt_errx(RT_EXIT_USAGE, "--arg \"%s\" is not a jq variable name", optarg);
			named = jv_object_set(named, jv_string(optarg), jv_string(argv[optind++]));
			break;
		case OPT_BEARER:
			bearer = optarg;
			break;
		case OPT_EACH:
			each = 1;
			break;
		case OPT_SLURP:
			slurp = 1;
			break;
		case OPT_HEADER:
			if (rt_send_header(&endpoint, optarg, why, sizeof(why)) == -1)
				rt_errx(RT_EXIT_USAGE, "%s", why);
			break;
		case OPT_HEADER_FILE:
			hfiles[nhfiles++] = optarg;
			break;
		case OPT_JQ:
			program = optarg;
			break;
		case OPT_URL_FILE:
			url_file = optarg;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (url_file == NULL) {
		if (argc < 1)
			rt_cli_misuse("name the URL to post to, or --url-file file when it holds a secret");
		url = *argv++, argc--;
	}
	if (each && slurp)
		rt_cli_misuse(
		    "--each sends a line a request, --slurp all lines in one: give one or the other");
	if (!each && !slurp && argc > 1)
		rt_cli_misuse("one document, from one file or stdin; --each and --slurp read several files");
	if (rt_input_open(&in, argc, argv, &bad) == -1)
		rt_err(RT_EXIT_USAGE, "%s", bad);

	/* Credentials come from files, never argv, where ps(1) would show them. */
	if (rt_send_start(&endpoint, why, sizeof(why)) == -1 ||
	    rt_send_url(&endpoint, url, url_file, why, sizeof(why)) == -1 ||
	    (bearer != NULL && rt_send_bearer_file(&endpoint, bearer, why, sizeof(why)) == -1))
		rt_errx(RT_EXIT_USAGE, "%s", why);
	for (i = 0; i < nhfiles; i++)
		if (rt_send_header_file(&endpoint, hfiles[i], why, sizeof(why)) == -1)
			rt_errx(RT_EXIT_USAGE, "%s", why);
	if (program != NULL)
		compile(program, named);
	else
		jv_free(named);
	free(hfiles);
	rt_stdout_init();

	if (each)
		each_line(&in);
	else if (slurp)
		slurp_lines(&in);
	else
		whole(argc == 0 || strcmp(argv[0], "-") == 0 ? NULL : argv[0]);
	finish(status);
}
