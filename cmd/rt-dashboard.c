/* rt-dashboard: the revenue dashboard as one self-contained HTML page, written atomically. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_atomic.h"
#include "rt_cli.h"
#include "rt_dash.h"
#include "rt_err.h"
#include "rt_records.h"

static const char *const synopsis[] = {
	"[-q] [--goal amount[:currency]] [--failed source[,source ...]]\n"
	"\t[--stale-days days] [--max-age duration] [--poll seconds] [--title text]\n"
	"\t[--as-of date] [--tz zone] -o file [--ledger ledger | file ...]",
	NULL,
};

enum { OPT_FAILED = RT_OPT_OWN, OPT_GOAL, OPT_MAX_AGE, OPT_POLL, OPT_STALE_DAYS, OPT_TITLE };

static const struct rt_option options[] = {
	{ "output", 'o', "file", "write the page to file, atomically (- for standard output)" },
	{ "goal", OPT_GOAL, "amount[:currency]", "the annual goal the progress bar measures against" },
	{ "failed", OPT_FAILED, "source[,source ...]", "mark these sources failed (their last fetch did)" },
	{ "stale-days", OPT_STALE_DAYS, "days",
	    "a source is stale after this many quiet days at least (default 3)" },
	{ "max-age", OPT_MAX_AGE, "duration",
	    "the page says Stale when its snapshot is older: 90m, 26h, 2d (default 26h)" },
	{ "poll", OPT_POLL, "seconds",
	    "served over HTTP, fetch snapshot.json this often; 0: never (default 60)" },
	{ "title", OPT_TITLE, "text", "the page's title (default Revenue)" },
	RT_RECORDS_LEDGER_OPTION,
	{ NULL, 0, NULL, NULL },
};

/* A whole number from lo to hi, or a usage error naming the option. */
static long
number(const char *s, const char *opt, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < lo || v > hi || *s == '+' || *s == ' ')
		rt_errx(RT_EXIT_USAGE, "%s \"%s\" is not a whole number from %ld to %ld", opt, s, lo, hi);
	return v;
}

/* "90m", "26h", "2d", "600s": seconds. */
static int64_t
duration(const char *s)
{
	static const struct {
		char unit;
		int64_t seconds;
	} units[] = { { 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 } };
	size_t n = strlen(s), i;
	char num[24];

	for (i = 0; n > 1 && n < sizeof(num) && i < sizeof(units) / sizeof(units[0]); i++)
		if (s[n - 1] == units[i].unit) {
			memcpy(num, s, n - 1);
			num[n - 1] = '\0';
			if (num[strspn(num, "0123456789")] == '\0')
				return number(num, "--max-age", 1, 3650L * 86400 / units[i].seconds) *
				    units[i].seconds;
		}
	rt_errx(RT_EXIT_USAGE, "--max-age \"%s\" is not a duration such as 90m, 26h or 2d", s);
}

/* The sources of --failed, each a source name. */
static void
failed_list(struct rt_dash_options *o, char *list)
{
	char *name;

	while ((name = strsep(&list, ",")) != NULL) {
		name += strspn(name, " ");
		name[strcspn(name, " ")] = '\0';
		if (*name == '\0')
			continue;
		if (!rt_source_valid(name, strlen(name)))
			rt_errx(RT_EXIT_USAGE, "--failed: \"%s\" is not a source name ([a-z0-9_-]+)", name);
		o->failed = rt_erealloc(o->failed, (o->nfailed + 1) * sizeof(*o->failed));
		o->failed[o->nfailed++] = name;
	}
}

static int
add(void *arg, const struct rt_record *rec, char *why, size_t whysz)
{
	return rt_dash_add(arg, rec, why, whysz);
}

/*
 * Every record the page shows comes through here.  Another place to read
 * records from (a ledger) is one more call feeding add.
 */
static void
read_records(struct rt_records *feed, struct rt_dash *dash)
{
	if (rt_records_each(feed, add, dash) == -1)
		rt_errx(feed->status, "%s", feed->why);
}

/* Writes the page: standard output, or the file replaced whole. */
static void
write_page(const char *path, const struct rt_buf *page)
{
	if (strcmp(path, "-") == 0) {
		if (fwrite(page->p, 1, page->len, stdout) != page->len || rt_stdout_close() == -1)
			rt_err(RT_EXIT_IO, "stdout");
		return;
	}
	if (rt_atomic_write(path, page->p, page->len) == -1)
		rt_errx(rt_atomic_status(errno), "%s: %s", path, rt_atomic_strerror(errno));
	if (rt_stdout_close() == -1)
		rt_err(RT_EXIT_IO, "stdout");
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL, RT_CLI_QUIET | RT_CLI_TZ | RT_CLI_AS_OF, NULL, NULL };
	struct rt_dash_options opt = { "Revenue", { 0 }, NULL, 0, 3, 26 * 3600, 60 };
	const char *output = NULL, *ledger = NULL;
	struct rt_buf page = { 0 };
	struct rt_records feed;
	struct rt_dash dash;
	char why[256];
	rt_day today;
	int ch;

	rt_cli_start(argc, argv);
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 'o':
			output = optarg;
			break;
		case RT_OPT_LEDGER:
			ledger = optarg;
			break;
		case OPT_FAILED:
			failed_list(&opt, optarg);
			break;
		case OPT_GOAL:
			if (rt_goal_parse(&opt.goal, optarg) == -1)
				rt_errx(RT_EXIT_USAGE, "--goal \"%s\" is not a positive amount[:currency]",
				    optarg);
			break;
		case OPT_MAX_AGE:
			opt.max_age = duration(optarg);
			break;
		case OPT_POLL:
			opt.poll = (int)number(optarg, "--poll", 0, 86400);
			break;
		case OPT_STALE_DAYS:
			opt.stale_days = (int)number(optarg, "--stale-days", 1, 3660);
			break;
		case OPT_TITLE:
			opt.title = optarg;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (output == NULL)
		rt_cli_misuse("name the page to write with -o file (- for standard output)");
	rt_cli_clock(&cli, &today);
	if (rt_records_start(&feed, ledger, argc, argv) == -1)
		rt_errx(feed.status, "%s", feed.why);
	rt_dash_init(&dash, &opt, today, rt_now());
	rt_stdout_init();

	read_records(&feed, &dash);
	rt_records_close(&feed);
	if (rt_dash_finish(&dash, why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_BADINPUT, "%s; nothing written", why);
	rt_dash_page(&page, &dash);
	write_page(output, &page);
	rt_buf_free(&page);
	rt_dash_free(&dash);
	free(opt.failed);
	return feed.rejected > 0 ? RT_EXIT_BADINPUT : RT_EXIT_OK;
}
