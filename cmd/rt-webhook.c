/*
 * rt-webhook: receives Stripe and Gumroad deliveries as a CGI program,
 * checks one as a filter, and drains the spool into a loader.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rt_atomic.h"
#include "rt_cgi.h"
#include "rt_cred.h"
#include "rt_cli.h"
#include "rt_date.h"
#include "rt_digest.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_spool.h"
#include "rt_webhook.h"

#define DEFAULT_SPOOL "/var/spool/rt/webhook.ndjson"

extern char **environ;

static const char *const synopsis[] = {
	"",
	"--verify stripe | gumroad [-qv] [-H header] [--tolerance seconds] [--tz zone] [file]",
	"--drain [-qv] [--spool file] [--tz zone] command [arg ...]",
	NULL,
};

enum { OPT_DRAIN = RT_OPT_OWN, OPT_SPOOL, OPT_TOLERANCE, OPT_VERIFY };

static const struct rt_option options[] = {
	{ "verify", OPT_VERIFY, "source",
	    "check one delivery, from file or stdin, as the web server would (stripe, gumroad)" },
	{ "header", 'H', "header", "with --verify: a request header, \"Name: value\"" },
	{ "tolerance", OPT_TOLERANCE, "seconds",
	    "with --verify: how far a Stripe timestamp may be off (default 300)" },
	{ "drain", OPT_DRAIN, NULL, "take the spooled deliveries and give their records to command" },
	{ "spool", OPT_SPOOL, "file", "with --drain: the spool (default: RT_WEBHOOK_SPOOL)" },
	{ NULL, 0, NULL, NULL },
};

static const char *
spool_path(void)
{
	const char *s = getenv("RT_WEBHOOK_SPOOL");

	return s != NULL && *s != '\0' ? s : DEFAULT_SPOOL;
}

/* The tolerance of RT_WEBHOOK_TOLERANCE, or of --tolerance; -1 when it is not 1 to 10^9 seconds. */
static int
tolerance(const char *s, struct rt_webhook *w)
{
	w->tolerance = 300;
	return s == NULL || *s == '\0' ? 0 : rt_webhook_tolerance(s, &w->tolerance);
}

/* One line in the server's error log: every refusal, and with -v every delivery. */
static void
log_delivery(const struct rt_cgi *c, const struct rt_delivery *d, const char *outcome)
{
	char what[160] = "";

	if (d->status == 200 && !rt_verbose)
		return;
	if (d->key[0] != '\0')
		snprintf(what, sizeof(what), "%.63s%s%s%s: ", d->key, d->what[0] != '\0' ? " (" : "", d->what,
		    d->what[0] != '\0' ? ")" : "");
	rt_warnx("%s: %s %.64s: %d: %s%s", *c->remote != '\0' ? c->remote : "-", c->method, c->path,
	    d->status, what, outcome != NULL ? outcome : d->why);
}

/*
 * The web server's side: the request from the environment and stdin, one
 * answer on stdout.  The command line is never read here, since some
 * servers pass a query without '=' as arguments (RFC 3875 4.4).
 */
static int
cgi(void)
{
	const char *v = getenv("RT_WEBHOOK_VERBOSE"), *outcome = NULL;
	struct rt_webhook w = { 0 };
	struct rt_delivery d;
	struct rt_spool sp;
	struct rt_cgi c;
	char *secret = NULL;
	int rc;

	rt_verbose = v != NULL && *v != '\0' && strcmp(v, "0") != 0;
	rt_cgi_from_env(&c, environ);
	rt_delivery_init(&d);
	rt_webhook_request(&c, &d);
	w.now = rt_now();
	/* A receiver that cannot check deliveries answers 500: the sender keeps them until it is fixed. */
	if (d.status == 0 && tolerance(getenv("RT_WEBHOOK_TOLERANCE"), &w) == -1) {
		snprintf(d.why, sizeof(d.why), "RT_WEBHOOK_TOLERANCE is not 1 to 999999999 seconds");
		d.status = 500;
	}
	if (d.status == 0 && (secret = rt_webhook_secret(d.source, d.why, sizeof(d.why))) == NULL)
		d.status = 500;
	if (d.status == 0 && (rc = rt_cgi_read_body(&c, STDIN_FILENO, d.why, sizeof(d.why))) != 0)
		d.status = rc == -1 ? 400 : rc;
	if (d.status == 0) {
		w.secret = secret;
		w.secretlen = strlen(secret);
		rt_webhook_verify(&w, &c, &d);
	}
	if (d.spool) {
		rt_spool_init(&sp, spool_path());
		rc = rt_spool_add(&sp, d.key, d.line.p, d.line.len, d.why, sizeof(d.why));
		if (rc == -1)
			d.status = 500;
		outcome = rc == RT_SPOOL_ADDED ? "spooled"
		    : rc == RT_SPOOL_DUPLICATE ? "received before"
					       : NULL;
		rt_spool_free(&sp);
	}
	log_delivery(&c, &d, outcome);
	rt_cgi_answer(stdout, d.status);
	if (secret != NULL) {
		explicit_bzero(secret, strlen(secret));
		free(secret);
	}
	rt_delivery_free(&d);
	rt_cgi_free(&c);
	return rt_stdout_close() == -1 ? RT_EXIT_IO : RT_EXIT_OK;
}

/* --verify: one delivery from file or stdin, checked as the CGI checks it; its records on stdout. */
static int
verify(struct rt_cgi *c, struct rt_webhook *w, const char *file)
{
	struct rt_webhook_maps maps;
	struct rt_buf out = { 0 };
	struct rt_delivery d;
	char why[512], *secret;
	int fd = STDIN_FILENO, rc;

	rt_delivery_init(&d);
	rt_webhook_request(c, &d);
	if ((secret = rt_webhook_secret(d.source, why, sizeof(why))) == NULL)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	if (file != NULL && strcmp(file, "-") != 0 && (fd = open(file, O_RDONLY | O_CLOEXEC)) == -1)
		rt_err(RT_EXIT_USAGE, "%s", file);
	if ((rc = rt_cgi_read_body(c, fd, d.why, sizeof(d.why))) == -1)
		rt_errx(RT_EXIT_IO, "%s: %s", file != NULL ? file : "<stdin>", d.why);
	d.status = rc;
	w->secret = secret;
	w->secretlen = strlen(secret);
	w->now = rt_now();
	if (d.status == 0)
		rt_webhook_verify(w, c, &d);
	explicit_bzero(secret, strlen(secret));
	free(secret);
	if (d.status != 200)
		rt_errx(RT_EXIT_BADINPUT, "refused (%d): %s", d.status, d.why);
	rt_cgi_free(c);
	if (!d.spool) {
		rt_log("%s%s%s", d.key, d.key[0] != '\0' ? ": " : "", d.why);
		rt_delivery_free(&d);
		return RT_EXIT_OK;
	}
	rt_webhook_maps_init(&maps);
	rc = rt_webhook_normalize(&maps, d.line.p, d.line.len - 1, &out, why, sizeof(why));
	rt_webhook_maps_free(&maps); /* before any exit: see drain */
	if (rc < 0)
		rt_errx(rc == -2 ? RT_EXIT_USAGE : RT_EXIT_BADINPUT, "%s: %s", d.key, why);
	rt_log("%s (%s): %d record%s", d.key, d.what, rc, rc == 1 ? "" : "s");
	if (out.len > 0 && fwrite(out.p, 1, out.len, stdout) != out.len)
		rt_err(RT_EXIT_IO, "stdout");
	rt_delivery_free(&d);
	rt_buf_free(&out);
	if (rt_stdout_close() == -1)
		rt_err(RT_EXIT_IO, "stdout");
	return RT_EXIT_OK;
}

/*
 * Runs cmd with the n bytes at p on its stdin; its exit status, or -1
 * (errno) when it could not be started.  A command that stops reading
 * early is its own business: its status says whether it did its work.
 */
static int
run(char **cmd, const char *p, size_t n)
{
	int in[2], report[2], status, err = 0;
	ssize_t w;
	pid_t pid;

	if (pipe2(in, O_CLOEXEC) == -1 || pipe2(report, O_CLOEXEC) == -1)
		return -1;
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		dup2(in[0], STDIN_FILENO);
		execvp(cmd[0], cmd);
		err = errno;
		if (write(report[1], &err, sizeof(err)) != (ssize_t)sizeof(err))
			_exit(127);
		_exit(127);
	}
	close(in[0]);
	close(report[1]);
	signal(SIGPIPE, SIG_IGN);
	while (n > 0 && ((w = write(in[1], p, n)) > 0 || errno == EINTR))
		if (w > 0)
			p += w, n -= (size_t)w;
	close(in[1]);
	if (read(report[0], &err, sizeof(err)) != (ssize_t)sizeof(err))
		err = 0;
	close(report[0]);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	if (err != 0) {
		errno = err;
		return -1;
	}
	return status;
}

/* --drain: takes the spool, gives its records to cmd, and forgets them only when cmd succeeds. */
static int
drain(const char *path, char **cmd)
{
	struct rt_webhook_batch b = { 0 };
	struct rt_webhook_maps maps;
	struct rt_buf text = { 0 }, records = { 0 };
	struct rt_spool sp;
	char why[512];
	size_t i;
	int status;

	rt_spool_init(&sp, path);
	/* A spool that is not a regular file is a mistake in the set-up (2), as for any file rt writes. */
	if (rt_spool_take(&sp, why, sizeof(why)) == -1 || rt_spool_batch(&sp, &text, why, sizeof(why)) == -1)
		rt_errx(rt_atomic_status(errno), "%s", why);
	if (text.len == 0) {
		rt_log("%s: nothing to load", path);
		rt_buf_free(&text);
		rt_spool_free(&sp);
		return RT_EXIT_OK;
	}
	rt_webhook_maps_init(&maps);
	status = rt_webhook_batch(&maps, sp.taken, text.p, text.len, &b, why, sizeof(why));
	/* libjq holds its stack by its end, which leak checkers do not follow: let it go before exiting. */
	rt_webhook_maps_free(&maps);
	if (status == -2)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	for (i = 0; i < b.n; i++)
		rt_buf_add(&records, b.out.p + b.lines[i].off, b.lines[i].len);
	if ((status = run(cmd, records.p, records.len)) == -1)
		rt_err(RT_EXIT_USAGE, "%s", cmd[0]);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		if (rt_spool_done(&sp, b.rejected.p, b.rejected.len, why, sizeof(why)) == -1)
			rt_errx(RT_EXIT_IO, "%s (loaded, but will be loaded again)", why);
		rt_notice("%lu deliver%s, %zu record%s loaded (%lu repeated, %lu refused)", b.deliveries,
		    b.deliveries == 1 ? "y" : "ies", b.n, b.n == 1 ? "" : "s", b.repeats, b.refused);
		status = b.refused > 0 ? RT_EXIT_BADINPUT : RT_EXIT_OK;
	} else {
		if (WIFEXITED(status))
			rt_warnx("%s exited %d: the batch stays in %s for the next drain", cmd[0],
			    WEXITSTATUS(status), sp.taken);
		else
			rt_warnx("%s was killed by signal %d: the batch stays in %s for the next drain",
			    cmd[0], WTERMSIG(status), sp.taken);
		status = RT_EXIT_UPSTREAM;
	}
	rt_webhook_batch_free(&b);
	rt_buf_free(&text);
	rt_buf_free(&records);
	rt_spool_free(&sp);
	return status;
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL, RT_CLI_QUIET | RT_CLI_VERBOSE | RT_CLI_TZ, NULL,
		NULL };
	const char *source = NULL, *spool = NULL, *colon, *gi = getenv("GATEWAY_INTERFACE");
	struct rt_webhook w = { 0 };
	struct rt_cgi c;
	int ch, draining = 0;

	rt_cli_start(argc, argv);
	/* The signing secret is in memory: no core dump, and no other process of this user reads it. */
	rt_cred_protect();
	/* A file limit (ulimit -f) makes a write fail with EFBIG, answered 500, rather than kill us. */
	signal(SIGXFSZ, SIG_IGN);
	if (gi != NULL && *gi != '\0') {
		rt_digest_noconfig();
		return cgi();
	}
	rt_cgi_init(&c);
	c.method = "POST";
	c.query = getenv("QUERY_STRING") != NULL ? getenv("QUERY_STRING") : "";
	w.tolerance = 300;
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 'H':
			if ((colon = strchr(optarg, ':')) == NULL || colon == optarg)
				rt_errx(RT_EXIT_USAGE, "-H \"%s\": a header is \"Name: value\"", optarg);
			rt_cgi_header_add(
			    &c, optarg, (size_t)(colon - optarg), colon + 1 + strspn(colon + 1, " \t"));
			break;
		case OPT_DRAIN:
			draining = 1;
			break;
		case OPT_SPOOL:
			spool = optarg;
			break;
		case OPT_TOLERANCE:
			if (tolerance(optarg, &w) == -1 || *optarg == '\0')
				rt_errx(RT_EXIT_USAGE, "--tolerance \"%s\" is not 1 to 999999999 seconds",
				    optarg);
			break;
		case OPT_VERIFY:
			source = optarg;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (draining == (source != NULL))
		rt_cli_misuse("not run by a web server (no GATEWAY_INTERFACE): give --verify or --drain");
	rt_cli_clock(&cli, NULL);
	if (draining) {
		if (argc == 0)
			rt_cli_misuse("--drain needs the command that loads the records");
		return drain(spool != NULL ? spool : spool_path(), argv);
	}
	if (argc > 1)
		rt_cli_misuse("--verify reads one delivery: give at most one file");
	if (strcmp(source, "stripe") == 0)
		c.path = "/stripe";
	else if (strcmp(source, "gumroad") == 0)
		c.path = "/gumroad";
	else
		rt_errx(RT_EXIT_USAGE, "--verify \"%s\": the sources are stripe and gumroad", source);
	return verify(&c, &w, argc == 1 ? argv[0] : NULL);
}
