/* rt-competitor: sightings of competitors' bids, and who they are, what they charge, where they undercut us. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rt_cli.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_money.h"
#include "rt_bids.h"
#include "rt_sheet.h"
#include "rt_table.h"

#define DEFAULT_FILE "competitors.csv"
#define NOSINCE INT32_MIN

/* The options of add are the columns they fill: OPT_NAME fills RT_BID_NAME. */
enum {
	OPT_DATE = RT_OPT_OWN + RT_BID_DATE,
	OPT_NAME = RT_OPT_OWN + RT_BID_NAME,
	OPT_PLATFORM = RT_OPT_OWN + RT_BID_PLATFORM,
	OPT_JOB = RT_OPT_OWN + RT_BID_JOB,
	OPT_BID = RT_OPT_OWN + RT_BID_BID,
	OPT_CURRENCY = RT_OPT_OWN + RT_BID_CURRENCY,
	OPT_TYPE = RT_OPT_OWN + RT_BID_TYPE,
	OPT_OUTCOME = RT_OPT_OWN + RT_BID_OUTCOME,
	OPT_NOTES = RT_OPT_OWN + RT_BID_NOTES,
	OPT_CONFIG = RT_OPT_OWN + RT_BID_NCOLS,
	OPT_FILE,
	OPT_FORMAT,
	OPT_SINCE
};

static const char *const synopsis[] = {
	"[-q] [--file file] add --name name --platform name --job id --bid amount\n"
	"\t--type hourly | fixed [--outcome won | lost | pending] [--currency code]\n"
	"\t[--date date] [--notes text]",
	"[--file file] report [--config file] [--since date] [--format text | md]",
	NULL,
};

static const struct rt_option add_options[] = {
	{ "name", OPT_NAME, "name", "add: the competitor, as the platform shows them" },
	{ "platform", OPT_PLATFORM, "name", "add: where the job is (Upwork, Fiverr, ...)" },
	{ "job", OPT_JOB, "id", "add: the job they bid on" },
	{ "bid", OPT_BID, "amount", "add: their bid, a decimal such as 30 or 1250.50" },
	{ "type", OPT_TYPE, "hourly | fixed", "add: an hourly rate or a fixed price" },
	{ "outcome", OPT_OUTCOME, "won | lost | pending", "add: whether they won the job (default pending)" },
	{ "currency", OPT_CURRENCY, "code", "add: the bid's currency (default USD)" },
	{ "date", OPT_DATE, "date", "add: the day of the sighting (default: the as-of date)" },
	{ "notes", OPT_NOTES, "text", "add: anything worth keeping with it" },
	{ NULL, 0, NULL, NULL },
};
static const struct rt_option report_options[] = {
	{ "config", OPT_CONFIG, "file", "report: our rates per platform (default: RT_COMPETITOR_CONFIG)" },
	{ "since", OPT_SINCE, "date", "report: only the sightings from this day on" },
	{ "format", OPT_FORMAT, "text | md", "report: aligned text (default) or markdown" },
	{ NULL, 0, NULL, NULL },
};
static const struct rt_option common[] = {
	{ "file", OPT_FILE, "file", "the sightings (default: RT_COMPETITORS, else " DEFAULT_FILE ")" },
	{ NULL, 0, NULL, NULL },
};
static const struct rt_command commands[] = {
	{ "add", add_options },
	{ "report", report_options },
	{ NULL, NULL },
};

static const char *file;
static char *given[RT_BID_NCOLS];
static rt_day today;

/* Opens the sightings (locked to write them back); a file that cannot be used ends the run. */
static void
open_sheet(struct rt_sheet *s, int lock)
{
	char why[1024];
	int st;

	if ((st = rt_sheet_open(s, file, rt_bid_columns, lock, why, sizeof(why))) != RT_SHEET_OK)
		rt_errx(rt_sheet_exit(st), "%s", why);
}

static void
recase(char *s, int (*to)(int))
{
	for (; *s != '\0'; s++)
		*s = (char)to((unsigned char)*s);
}

/* rt-competitor add: a sighting appended, or the earlier one of the same competitor, platform and job replaced. */
static void
add(void)
{
	struct rt_sheet s;
	struct rt_bid b;
	char why[1024], d[RT_DATE_BUFSZ];
	size_t row;
	int i;

	for (i = RT_BID_NAME; i <= RT_BID_TYPE; i++)
		if (given[i] == NULL && i != RT_BID_CURRENCY)
			rt_cli_misuse("add needs --name, --platform, --job, --bid and --type");
	if (given[RT_BID_DATE] == NULL)
		given[RT_BID_DATE] = rt_estrdup(rt_date_format(today, d));
	if (given[RT_BID_OUTCOME] == NULL)
		given[RT_BID_OUTCOME] = rt_estrdup("pending");
	if (given[RT_BID_CURRENCY] == NULL)
		given[RT_BID_CURRENCY] = rt_estrdup("USD");
	recase(given[RT_BID_TYPE], tolower);
	recase(given[RT_BID_OUTCOME], tolower);
	recase(given[RT_BID_CURRENCY], toupper);

	open_sheet(&s, 1);
	for (row = 0; row < s.nrows; row++)
		if (strcasecmp(rt_sheet_get(&s, row, RT_BID_NAME), given[RT_BID_NAME]) == 0 &&
		    strcasecmp(rt_sheet_get(&s, row, RT_BID_PLATFORM), given[RT_BID_PLATFORM]) == 0 &&
		    strcmp(rt_sheet_get(&s, row, RT_BID_JOB), given[RT_BID_JOB]) == 0)
			break;
	if (row < s.nrows)
		rt_notice("%s:%lu: %s's bid on job %s replaces the one seen before", file, s.line[row],
		    given[RT_BID_NAME], given[RT_BID_JOB]);
	else
		row = rt_sheet_append(&s);
	for (i = 0; i < RT_BID_NCOLS; i++)
		rt_sheet_set(&s, row, (size_t)i, given[i] != NULL ? given[i] : "");
	if (rt_bid_check(&s, row, &b, why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	if (rt_sheet_write(&s) == -1)
		rt_err(RT_EXIT_IO, "%s", file);
	rt_sheet_close(&s);
}

/* rt-competitor report: who bids most, what they charge, where they undercut us. */
static int
report(const char *config, const char *since_opt, enum rt_table_format f)
{
	struct rt_sheet s;
	struct rt_buf out = { 0 };
	struct rt_rates rates;
	struct rt_bid *bids;
	char why[1024], d1[RT_DATE_BUFSZ], d2[RT_DATE_BUFSZ];
	size_t r, n = 0;
	rt_day since = NOSINCE;
	int status;

	if (since_opt != NULL && rt_date_parse(since_opt, strlen(since_opt), &since) == -1)
		rt_errx(RT_EXIT_USAGE, "--since \"%s\" is not a YYYY-MM-DD date", since_opt);
	if (config == NULL && (config = getenv("RT_COMPETITOR_CONFIG")) != NULL && *config == '\0')
		config = NULL;
	if (config != NULL && rt_rates_load(&rates, config, why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	open_sheet(&s, 0);
	bids = rt_ecalloc(s.nrows + 1, sizeof(*bids));
	for (r = 0; r < s.nrows; r++) {
		if (rt_bid_check(&s, r, &bids[n], why, sizeof(why)) == -1) {
			rt_warnx("%s:%lu: %s; sighting left out", file, s.line[r], why);
			s.nbad++;
		} else if (bids[n].date >= since && bids[n].date <= today)
			n++;
	}
	if (since == NOSINCE)
		rt_buf_addf(&out, "%sCompetitors, every sighting to %s\n", f == RT_TABLE_MD ? "# " : "",
		    rt_date_format(today, d2));
	else
		rt_buf_addf(&out, "%sCompetitors, sightings %s..%s\n", f == RT_TABLE_MD ? "# " : "",
		    rt_date_format(since, d1), rt_date_format(today, d2));
	rt_bids_report(&out, bids, n, config != NULL ? &rates : NULL, f);
	rt_stdout_init();
	if (fwrite(out.p, 1, out.len, stdout) != out.len || rt_stdout_close() == -1)
		rt_err(RT_EXIT_IO, "stdout");
	status = s.nbad > 0 ? RT_EXIT_BADINPUT : RT_EXIT_OK;
	if (config != NULL)
		rt_rates_free(&rates);
	free(bids);
	rt_buf_free(&out);
	rt_sheet_close(&s);
	return status;
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, common, NULL, RT_CLI_QUIET | RT_CLI_TZ | RT_CLI_AS_OF, NULL, NULL };
	const struct rt_command *cmd;
	enum rt_table_format format = RT_TABLE_TEXT;
	const char *config = NULL, *since = NULL;
	int ch;

	rt_cli_start(argc, argv);
	rt_cli_commands(commands);
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		switch (ch) {
		case OPT_CONFIG:
			config = optarg;
			break;
		case OPT_FILE:
			file = optarg;
			break;
		case OPT_FORMAT:
			if (rt_table_format_parse(optarg, &format) == -1)
				rt_errx(RT_EXIT_USAGE, "--format \"%s\" is not text or md", optarg);
			break;
		case OPT_SINCE:
			since = optarg;
			break;
		default:
			free(given[ch - RT_OPT_OWN]);
			given[ch - RT_OPT_OWN] = rt_estrdup(optarg);
		}
	}
	cmd = rt_cli_command(NULL, argc, argv);
	if (optind < argc)
		rt_cli_misuse("%s takes no operands, but was given \"%s\"", cmd->name, argv[optind]);
	rt_cli_clock(&cli, &today);
	if (file == NULL && ((file = getenv("RT_COMPETITORS")) == NULL || *file == '\0'))
		file = DEFAULT_FILE;
	if (cmd->name[0] == 'a') {
		add();
		return RT_EXIT_OK;
	}
	return report(config, since, format);
}
