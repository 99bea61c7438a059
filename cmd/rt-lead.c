/* rt-lead: the freelance pipeline file: add leads, move them along, export the won ones, report. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_cli.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_leads.h"
#include "rt_money.h"
#include "rt_table.h"

#define DEFAULT_FILE "platform-revenue-dashboard.csv"

enum {
	OPT_AGENT = RT_OPT_OWN,
	OPT_BUDGET,
	OPT_CURRENCY,
	OPT_DATE,
	OPT_FILE,
	OPT_FORCE,
	OPT_FORMAT,
	OPT_NOTES,
	OPT_PLATFORM,
	OPT_TITLE,
	OPT_URL,
	OPT_WEEK
};

static const char *const synopsis[] = {
	"[--file file] add --platform name --agent name --title text --url url\n"
	"\t[--budget amount] [--currency code] [--date date] [--notes text]",
	"[--file file] add",
	"[--file file] set [--force] id field=value ...",
	"[--file file] export",
	"[--file file] report [--week] [--format text | md]",
	NULL,
};

static const struct rt_option add_options[] = {
	{ "platform", OPT_PLATFORM, "name", "add: where the job is (Upwork, Fiverr, Braintrust, ...)" },
	{ "agent", OPT_AGENT, "name", "add: who works the lead; again for each further one" },
	{ "title", OPT_TITLE, "text", "add: the job's title" },
	{ "url", OPT_URL, "url", "add: the job's page; a lead per URL" },
	{ "budget", OPT_BUDGET, "amount", "add: the client's budget, a decimal such as 500 or 1250.50" },
	{ "currency", OPT_CURRENCY, "code", "add: the currency of budget and revenue (default USD)" },
	{ "date", OPT_DATE, "date", "add: the day the lead was found (default: the as-of date)" },
	{ "notes", OPT_NOTES, "text", "add: anything worth keeping with it" },
	{ NULL, 0, NULL, NULL },
};
static const struct rt_option set_options[] = {
	{ "force", OPT_FORCE, NULL,
	    "set: change a Closed or Lost lead's status, revenue, currency or converted" },
	{ NULL, 0, NULL, NULL },
};
static const struct rt_option report_options[] = {
	{ "week", OPT_WEEK, NULL, "report: only the leads of the seven days ending on the as-of date" },
	{ "format", OPT_FORMAT, "text | md", "report: aligned text (default) or markdown" },
	{ NULL, 0, NULL, NULL },
};
static const struct rt_option common[] = {
	{ "file", OPT_FILE, "file", "the pipeline file (default: RT_LEADS, else " DEFAULT_FILE ")" },
	{ NULL, 0, NULL, NULL },
};
static const struct rt_command commands[] = {
	{ "add", add_options },
	{ "set", set_options },
	{ "export", NULL },
	{ "report", report_options },
	{ NULL, NULL },
};

/* What add was told, on the command line or at the terminal. */
static struct {
	char *field[RT_LEAD_NCOLS];
	struct rt_buf agents;
} lead;
static const char *file;
static rt_day today;

/* Opens the pipeline file (locked to write it back); a sheet that cannot be used ends the run. */
static void
open_sheet(struct rt_sheet *s, int lock)
{
	char why[1024];
	int st;

	if ((st = rt_sheet_open(s, file, rt_lead_columns, lock, why, sizeof(why))) != RT_SHEET_OK)
		rt_errx(rt_sheet_exit(st), "%s", why);
}

static void
write_sheet(struct rt_sheet *s)
{
	if (rt_sheet_write(s) == -1)
		rt_err(RT_EXIT_IO, "%s", file);
}

static void
finish_stdout(void)
{
	if (rt_stdout_close() == -1)
		rt_err(RT_EXIT_IO, "stdout");
}

/* One answer at the terminal: the line typed, or def when it is empty; NULL at the end of input. */
static char *
ask(const char *prompt, const char *def)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	fprintf(stderr, "%s%s%s%s: ", prompt, def != NULL ? " [" : "", def != NULL ? def : "",
	    def != NULL ? "]" : "");
	if ((n = getline(&line, &cap, stdin)) == -1) {
		free(line);
		fputc('\n', stderr);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
		line[--n] = '\0';
	if (n == 0 && def != NULL) {
		free(line);
		return rt_estrdup(def);
	}
	return line;
}

/* Checks a value add was given: NULL when good, else why not. */
static const char *
add_value_bad(int col, const char *v)
{
	char cur[4] = "";
	int64_t x;
	rt_day d;
	int i;

	for (i = 0; i < 3 && v[i] != '\0'; i++)
		cur[i] = (char)toupper((unsigned char)v[i]);
	if ((col == RT_LEAD_PLATFORM || col == RT_LEAD_AGENTS || col == RT_LEAD_TITLE ||
		col == RT_LEAD_URL) &&
	    *v == '\0')
		return "is needed";
	if (col == RT_LEAD_BUDGET && *v != '\0' &&
	    (*v == '-' || rt_money_parse(v, strlen(v), 18, &x) == RT_MONEY_SYNTAX))
		return "is not an amount such as 500 or 1250.50";
	if (col == RT_LEAD_CURRENCY && (strlen(v) != 3 || rt_currency_exponent(cur, 3) < 0))
		return "is not an ISO 4217 code such as USD";
	if (col == RT_LEAD_DATE && rt_date_parse(v, strlen(v), &d) == -1)
		return "is not a YYYY-MM-DD date";
	return NULL;
}

/* Asks for each field in turn, again until the answer will do; the end of input adds nothing. */
static void
ask_all(void)
{
	static const struct {
		int col;
		const char *prompt, *def;
	} q[] = { { RT_LEAD_PLATFORM, "platform (Upwork, Fiverr, Braintrust, ...)", NULL },
		{ RT_LEAD_AGENTS, "agent (several: Monica; Ross)", NULL }, { RT_LEAD_TITLE, "title", NULL },
		{ RT_LEAD_URL, "url", NULL }, { RT_LEAD_BUDGET, "budget (empty: not stated)", NULL },
		{ RT_LEAD_CURRENCY, "currency", "USD" }, { RT_LEAD_NOTES, "notes", NULL } };
	const char *bad;
	size_t i;
	char *v;

	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		for (;;) {
			if ((v = ask(q[i].prompt, q[i].def)) == NULL)
				rt_errx(RT_EXIT_USAGE, "no lead added");
			if ((bad = add_value_bad(q[i].col, v)) == NULL)
				break;
			fprintf(stderr, "%s: \"%s\" %s\n", rt_lead_columns[q[i].col], v, bad);
			free(v);
		}
		lead.field[q[i].col] = v;
	}
}

/* rt-lead add: appends the lead, under a new id, and prints the id. */
static void
add(void)
{
	struct rt_sheet s;
	struct rt_lead l;
	char why[1024], id[32], d[RT_DATE_BUFSZ];
	const char *bad;
	size_t row, other;
	char *p;
	int i;

	if (lead.agents.len > 0)
		lead.field[RT_LEAD_AGENTS] = rt_estrdup(rt_buf_str(&lead.agents));
	for (i = 0; i < RT_LEAD_NCOLS && lead.field[i] == NULL; i++)
		;
	if (i == RT_LEAD_NCOLS && isatty(STDIN_FILENO))
		ask_all();
	if (lead.field[RT_LEAD_PLATFORM] == NULL || lead.field[RT_LEAD_AGENTS] == NULL ||
	    lead.field[RT_LEAD_TITLE] == NULL || lead.field[RT_LEAD_URL] == NULL)
		rt_cli_misuse(
		    "add needs --platform, --agent, --title and --url (on a terminal, asks for them)");
	if (lead.field[RT_LEAD_CURRENCY] == NULL)
		lead.field[RT_LEAD_CURRENCY] = rt_estrdup("USD");
	for (p = lead.field[RT_LEAD_CURRENCY]; *p != '\0'; p++)
		*p = (char)toupper((unsigned char)*p);
	if (lead.field[RT_LEAD_DATE] == NULL)
		lead.field[RT_LEAD_DATE] = rt_estrdup(rt_date_format(today, d));
	for (i = 0; i < RT_LEAD_NCOLS; i++)
		if (lead.field[i] != NULL && (bad = add_value_bad(i, lead.field[i])) != NULL)
			rt_errx(RT_EXIT_USAGE, "--%s \"%s\" %s",
			    i == RT_LEAD_AGENTS ? "agent" : rt_lead_columns[i], lead.field[i], bad);

	open_sheet(&s, 1);
	if (rt_lead_url_taken(&s, lead.field[RT_LEAD_URL], (size_t)-1, &other))
		rt_errx(RT_EXIT_BADINPUT, "%s: %s is already lead %s (line %lu)", file,
		    lead.field[RT_LEAD_URL], rt_sheet_get(&s, other, RT_LEAD_ID), s.line[other]);
	row = rt_sheet_append(&s);
	snprintf(id, sizeof(id), "%ld", rt_lead_next_id(&s));
	rt_sheet_set(&s, row, RT_LEAD_ID, id);
	rt_sheet_set(&s, row, RT_LEAD_STATUS, rt_lead_status_names[RT_LS_PROSPECTING]);
	for (i = 0; i < RT_LEAD_NCOLS; i++)
		if (lead.field[i] != NULL)
			rt_sheet_set(&s, row, (size_t)i, lead.field[i]);
	if (rt_lead_check(&s, row, &l, why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	write_sheet(&s);
	rt_sheet_close(&s);
	printf("%s\n", id);
	finish_stdout();
}

/* rt-lead set ID field=value ...: changes one lead, or nothing when the change is refused. */
static void
set(int argc, char **argv, int force)
{
	struct rt_sheet s;
	char why[1024];
	size_t row;
	int rc;

	if (argc < 2)
		rt_cli_misuse("set needs the lead's id and at least one field=value");
	open_sheet(&s, 1);
	if (rt_lead_find(&s, argv[0], &row, why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_BADINPUT, "%s", why);
	if ((rc = rt_lead_set(&s, row, argv + 1, argc - 1, force, today, why, sizeof(why))) ==
	    RT_LEAD_BADVALUE)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	if (rc == RT_LEAD_REFUSED)
		rt_errx(RT_EXIT_BADINPUT, "%s:%lu: %s; nothing changed", file, s.line[row], why);
	write_sheet(&s);
	rt_sheet_close(&s);
}

/* Reads every lead of the file, for export and report; each bad one reported, counted in s->nbad. */
static int
next_lead(struct rt_sheet *s, size_t *row, struct rt_lead *l)
{
	char why[1024];

	for (; *row < s->nrows; (*row)++) {
		if (rt_lead_check(s, *row, l, why, sizeof(why)) == 0)
			return 1;
		rt_warnx("%s:%lu: %s; lead left out", file, s->line[*row], why);
		s->nbad++;
	}
	return 0;
}

/* rt-lead export: the won leads as canonical records, in the file's order. */
static int export(void)
{
	struct rt_sheet s;
	struct rt_buf out = { 0 };
	struct rt_lead l;
	struct rt_map ids;
	char why[1024];
	size_t row;
	int isnew, status;

	open_sheet(&s, 0);
	rt_map_init(&ids);
	rt_stdout_init();
	for (row = 0; next_lead(&s, &row, &l); row++) {
		rt_buf_reset(&out);
		rt_map_insert(&ids, l.cell[RT_LEAD_ID], strlen(l.cell[RT_LEAD_ID]), &isnew);
		if (rt_lead_export(&l, &out, why, sizeof(why)) == -1 || (!isnew && out.len > 0)) {
			rt_warnx("%s:%lu: %s; lead left out", file, s.line[row],
			    !isnew ? "another lead above has this id" : why);
			s.nbad++;
			continue;
		}
		if (out.len > 0 && fwrite(out.p, 1, out.len, stdout) != out.len)
			rt_err(RT_EXIT_IO, "stdout");
	}
	finish_stdout();
	rt_buf_free(&out);
	rt_map_free(&ids);
	status = s.nbad > 0 ? RT_EXIT_BADINPUT : RT_EXIT_OK;
	rt_sheet_close(&s);
	return status;
}

/* rt-lead report: the pipeline by status, agent and platform, with the rules' advice. */
static int
report(int week, enum rt_table_format format)
{
	struct rt_lead_report r;
	struct rt_sheet s;
	struct rt_buf out = { 0 };
	struct rt_lead l;
	char why[1024];
	size_t row;
	int status;

	open_sheet(&s, 0);
	rt_lead_report_init(&r, week ? today - 6 : RT_NODAY + 1, today, today);
	for (row = 0; next_lead(&s, &row, &l); row++)
		if (rt_lead_report_add(&r, &l, why, sizeof(why)) == -1)
			rt_errx(RT_EXIT_BADINPUT, "%s:%lu: %s", file, s.line[row], why);
	rt_lead_report_sort(&r);
	rt_lead_report_render(&out, &r, week, format);
	rt_stdout_init();
	if (fwrite(out.p, 1, out.len, stdout) != out.len)
		rt_err(RT_EXIT_IO, "stdout");
	finish_stdout();
	rt_buf_free(&out);
	rt_lead_report_free(&r);
	status = s.nbad > 0 ? RT_EXIT_BADINPUT : RT_EXIT_OK;
	rt_sheet_close(&s);
	return status;
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, common, NULL, RT_CLI_TZ | RT_CLI_AS_OF, NULL, NULL };
	const struct rt_command *cmd;
	enum rt_table_format format = RT_TABLE_TEXT;
	int ch, i, force = 0, week = 0, nopts = 0;

	rt_cli_start(argc, argv);
	rt_cli_commands(commands);
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		nopts++;
		switch (ch) {
		case OPT_AGENT:
			rt_buf_addf(&lead.agents, "%s%s", lead.agents.len > 0 ? "; " : "", optarg);
			break;
		case OPT_FILE:
			file = optarg;
			break;
		case OPT_FORCE:
			force = 1;
			break;
		case OPT_FORMAT:
			if (rt_table_format_parse(optarg, &format) == -1)
				rt_errx(RT_EXIT_USAGE, "--format \"%s\" is not text or md", optarg);
			break;
		case OPT_WEEK:
			week = 1;
			break;
		default:
			for (i = 0; add_options[i].name != NULL && add_options[i].val != ch; i++)
				;
			free(lead.field[rt_lead_column(add_options[i].name)]);
			lead.field[rt_lead_column(add_options[i].name)] = rt_estrdup(optarg);
		}
	}
	/* Nothing at all on a terminal is a lead to add, asked for field by field. */
	cmd = rt_cli_command(optind == argc && nopts == 0 && isatty(STDIN_FILENO) ? "add" : NULL, argc, argv);
	argc -= optind;
	argv += optind;
	if (strcmp(cmd->name, "set") != 0 && argc > 0)
		rt_cli_misuse("%s takes no operands, but was given \"%s\"", cmd->name, argv[0]);
	rt_cli_clock(&cli, &today);
	if (file == NULL && ((file = getenv("RT_LEADS")) == NULL || *file == '\0'))
		file = DEFAULT_FILE;

	switch (cmd->name[0]) {
	case 'a':
		add();
		break;
	case 's':
		set(argc, argv, force);
		break;
	case 'e':
		return export();
	default:
		return report(week, format);
	}
	return RT_EXIT_OK;
}
