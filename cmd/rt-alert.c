/* rt-alert: alert records from canonical records, each alert fired once with --state. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_agg.h"
#include "rt_alert.h"
#include "rt_atomic.h"
#include "rt_cli.h"
#include "rt_err.h"
#include "rt_ledger.h"
#include "rt_records.h"
#include "rt_json.h"

#define KEEP_DAYS 400 /* fired ids older than this (by their date) leave the state */

static const char *const synopsis[] = {
	"[-q] [--config file] [--state file] [--rules rule[,rule ...]] [--days days]\n"
	"\t[--threshold [source=][<|>]amount[:currency]] [--large amount[:currency]]\n"
	"\t[--anomaly-z z] [--anomaly-pct percent] [--min-history days]\n"
	"\t[--silent-days days] [--daily-days days] [--refund-pct percent] [--refund-min count]\n"
	"\t[--as-of date] [--tz zone] [--ledger ledger | file ...]",
	NULL,
};

enum {
	OPT_ANOMALY_PCT = RT_OPT_OWN,
	OPT_ANOMALY_Z,
	OPT_CONFIG,
	OPT_DAILY_DAYS,
	OPT_DAYS,
	OPT_LARGE,
	OPT_MIN_HISTORY,
	OPT_REFUND_MIN,
	OPT_REFUND_PCT,
	OPT_RULES,
	OPT_SILENT_DAYS,
	OPT_STATE,
	OPT_THRESHOLD
};

static const struct rt_option options[] = {
	{ "config", OPT_CONFIG, "file",
	    "read settings from file: one \"name value\" a line, as the options" },
	{ "state", OPT_STATE, "file", "remember fired alerts in file, so that each fires once" },
	{ "rules", OPT_RULES, "rule[,rule ...]",
	    "run only these: anomaly, silent, threshold, large, refund_spike (default: all)" },
	{ "days", OPT_DAYS, "days", "check the days ending on the as-of date (default 1)" },
	{ "threshold", OPT_THRESHOLD, "[source=][<|>]amount[:currency]",
	    "a day's net below (<, the default) or above (>) amount; again for more" },
	{ "large", OPT_LARGE, "amount[:currency]",
	    "a single record at least this large; again per currency" },
	{ "anomaly-z", OPT_ANOMALY_Z, "z",
	    "an anomaly is z robust deviations from the median (default 3.5)" },
	{ "anomaly-pct", OPT_ANOMALY_PCT, "percent",
	    "and this far from the median, in percent (default 50)" },
	{ "min-history", OPT_MIN_HISTORY, "days",
	    "days of records a source needs before anomalies (default 14)" },
	{ "silent-days", OPT_SILENT_DAYS, "days",
	    "days without a record that make a source silent (default 3)" },
	{ "daily-days", OPT_DAILY_DAYS, "days",
	    "a source is daily with records on this many of 28 days (default 20)" },
	{ "refund-pct", OPT_REFUND_PCT, "percent",
	    "a refund spike passes this percent of the average daily sales (default 20)" },
	{ "refund-min", OPT_REFUND_MIN, "count",
	    "and counts at least this many refunds and chargebacks (default 2)" },
	RT_RECORDS_LEDGER_OPTION,
	{ NULL, 0, NULL, NULL },
};

/* Where a setting came from, for its error: "" for the command line, "file:line: " for the config. */
static char where[4200];
static char *state_copy; /* --state as a config file named it */

static long
number(const char *s, const char *name, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < lo || v > hi || *s == '+' || *s == ' ')
		rt_errx(RT_EXIT_USAGE, "%s--%s \"%s\" is not a whole number from %ld to %ld", where, name, s,
		    lo, hi);
	return v;
}

static void
rules(struct rt_alert_config *c, char *list)
{
	char *name;
	int r;

	c->rules = 0;
	while ((name = strsep(&list, ",")) != NULL) {
		for (r = 0; r < RT_NRULES && strcmp(name, rt_rule_names[r]) != 0; r++)
			;
		if (r == RT_NRULES)
			rt_errx(RT_EXIT_USAGE,
			    "%s--rules: \"%s\" is not anomaly, silent, threshold, large or refund_spike",
			    where, name);
		c->rules |= 1u << r;
	}
}

static void config(struct rt_alert_config *, const char **, const char *);

/* One setting, from the command line or from the config file. */
static void
setting(struct rt_alert_config *c, const char **state, int code, char *value)
{
	struct rt_goal g;
	char *end;

	switch (code) {
	case OPT_ANOMALY_PCT:
		c->anomaly_pct = (int)number(value, "anomaly-pct", 1, 100000);
		break;
	case OPT_ANOMALY_Z:
		errno = 0;
		c->anomaly_z = strtod(value, &end);
		if (end == value || *end != '\0' || errno != 0 || !(c->anomaly_z > 0 && c->anomaly_z <= 1000))
			rt_errx(RT_EXIT_USAGE, "%s--anomaly-z \"%s\" is not a number above 0, up to 1000",
			    where, value);
		break;
	case OPT_CONFIG:
		config(c, state, value);
		break;
	case OPT_DAILY_DAYS:
		c->daily_days = (int)number(value, "daily-days", 1, RT_ALERT_WINDOW);
		break;
	case OPT_DAYS:
		c->days = (int)number(value, "days", 1, 366);
		break;
	case OPT_LARGE:
		if (rt_goal_parse(&g, value) == -1)
			rt_errx(RT_EXIT_USAGE, "%s--large \"%s\" is not a positive amount[:currency]", where,
			    value);
		c->large = rt_erealloc(c->large, (c->nlarge + 1) * sizeof(*c->large));
		memcpy(c->large[c->nlarge].currency, g.currency, 4);
		c->large[c->nlarge++].amount = g.amount_minor;
		break;
	case OPT_MIN_HISTORY:
		c->min_history = (int)number(value, "min-history", 1, 366);
		break;
	case OPT_REFUND_MIN:
		c->refund_min = (int)number(value, "refund-min", 1, 1000000);
		break;
	case OPT_REFUND_PCT:
		c->refund_pct = (int)number(value, "refund-pct", 1, 100000);
		break;
	case OPT_RULES:
		rules(c, value);
		break;
	case OPT_SILENT_DAYS:
		c->silent_days = (int)number(value, "silent-days", 1, 366);
		break;
	case OPT_STATE:
		/* A config file's text is gone after it is read: keep a copy of the name. */
		if (*where != '\0') {
			free(state_copy);
			value = state_copy = rt_estrdup(value);
		}
		*state = value;
		break;
	case OPT_THRESHOLD:
		c->thresholds = rt_erealloc(c->thresholds, (c->nthresholds + 1) * sizeof(*c->thresholds));
		if (rt_threshold_parse(&c->thresholds[c->nthresholds], value) == -1)
			rt_errx(RT_EXIT_USAGE, "%s--threshold \"%s\" is not [source=][<|>]amount[:currency]",
			    where, value);
		c->nthresholds++;
		break;
	}
}

/*
 * The settings of a config file: "name value" a line, name a long option
 * without its dashes; blank lines and lines starting with # are skipped.
 * They apply where --config stands, so later options override them.
 */
static void
config(struct rt_alert_config *c, const char **state, const char *path)
{
	struct rt_buf text = { 0 };
	const struct rt_option *o;
	char *line, *next, *value;
	unsigned long lineno = 0;

	if (*where != '\0')
		rt_errx(RT_EXIT_USAGE, "%sa config file does not name another", where);
	if (rt_read_file(path, &text) == -1)
		rt_err(RT_EXIT_USAGE, "--config %s", path);
	rt_buf_str(&text);
	for (line = text.p; line != NULL && *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line[strcspn(line, "\r")] = '\0';
		line += strspn(line, " \t");
		if (*line == '\0' || *line == '#')
			continue;
		value = line + strcspn(line, " \t");
		if (*value != '\0')
			*value++ = '\0';
		value += strspn(value, " \t");
		snprintf(where, sizeof(where), "%s:%lu: ", path, lineno);
		for (o = options; o->name != NULL && strcmp(o->name, line) != 0; o++)
			;
		if (o->name == NULL)
			rt_errx(RT_EXIT_USAGE, "%sunknown setting \"%s\"", where, line);
		setting(c, state, o->val, value);
	}
	*where = '\0';
	rt_buf_free(&text);
}

/* One line of --state: its id goes into fired, its date into *date.  -1: not such a line. */
static int
state_line(const char *line, struct rt_map *fired, rt_day *date)
{
	struct rt_json_error err;
	jv v = rt_json_parse(line, strlen(line), &err), id, d;
	int rc = -1;

	if (rt_jv_is(v, JV_KIND_OBJECT)) {
		id = jv_object_get(jv_copy(v), jv_string("id"));
		d = jv_object_get(jv_copy(v), jv_string("date"));
		if (rt_jv_is(id, JV_KIND_STRING) && rt_jv_is(d, JV_KIND_STRING) &&
		    rt_date_parse(jv_string_value(d), strlen(jv_string_value(d)), date) == 0) {
			rt_map_insert(fired, jv_string_value(id), strlen(jv_string_value(id)), NULL);
			rc = 0;
		}
		jv_free(id);
		jv_free(d);
	}
	jv_free(v);
	return rc;
}

/*
 * The fired ids of --state: one JSON object a line,
 * {"id":...,"date":...,"fired":...}.  The lines of alerts dated within
 * KEEP_DAYS of the as-of date go into keep, to be written back.
 */
static void
state_read(const char *path, struct rt_atomic *lock, struct rt_map *fired, struct rt_buf *keep, rt_day as_of)
{
	struct rt_buf text = { 0 };
	char *line, *next;
	unsigned long lineno = 0;
	rt_day date;

	/* Read from the descriptor locked, never by name again (rt_atomic). */
	if (rt_atomic_read(lock, &text) == -1)
		rt_err(RT_EXIT_IO, "%s", path);
	rt_buf_str(&text);
	for (line = text.p; line != NULL && *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (rt_blank_line(line, strlen(line)))
			continue;
		if (state_line(line, fired, &date) == -1)
			rt_errx(RT_EXIT_USAGE,
			    "%s:%lu: not a fired alert, {\"id\":...,\"date\":\"YYYY-MM-DD\"}", path, lineno);
		if (date >= as_of - KEEP_DAYS) {
			rt_buf_adds(keep, line);
			rt_buf_addc(keep, '\n');
		}
	}
	rt_buf_free(&text);
}

static int
add(void *arg, const struct rt_record *rec, char *why, size_t whysz)
{
	return rt_alerts_add(arg, rec, why, whysz);
}

/* Puts the alerts fired by this run in the ledger's revenue_alerts; what fails is said. */
static int
record_fired(struct rt_ledger *l, const struct rt_alerts *alerts, struct rt_map *fired)
{
	const struct rt_alert *a;
	struct rt_ledger_alert la;
	char why[512], day[RT_DATE_BUFSZ];
	size_t i;
	int st;

	for (i = 0; i < alerts->n; i++) {
		a = &alerts->list[i];
		if (rt_map_find(fired, a->id, strlen(a->id)) != NULL)
			continue;
		memset(&la, 0, sizeof(la));
		la.id = a->id;
		la.rule = rt_rule_names[a->rule];
		la.severity = a->severity;
		la.source = a->source;
		la.date = rt_date_format(a->date, day);
		la.message = a->message;
		la.value = &a->value;
		la.expected = &a->expected;
		if ((st = rt_ledger_alert(l, &la, why, sizeof(why))) != 0) {
			rt_warnx("the ledger: %s", why);
			return st;
		}
	}
	return 0;
}

/*
 * Every record the rules see comes through here.  Another place to read
 * records from (a ledger) is one more call feeding add.
 */
static void
read_records(struct rt_records *feed, struct rt_alerts *alerts)
{
	if (rt_records_each(feed, add, alerts) == -1)
		rt_errx(feed->status, "%s", feed->why);
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL, RT_CLI_QUIET | RT_CLI_TZ | RT_CLI_AS_OF, NULL, NULL };
	struct rt_buf out = { 0 }, keep = { 0 };
	struct rt_alert_config cfg;
	struct rt_alerts alerts;
	struct rt_atomic lock;
	struct rt_records feed;
	struct rt_map fired;
	const char *state = NULL, *ledger = NULL;
	char now[RT_INSTANT_BUFSZ], day[RT_DATE_BUFSZ];
	rt_day today;
	size_t i;
	FILE *fp;
	int ch, status;

	rt_cli_start(argc, argv);
	rt_alert_defaults(&cfg);
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		if (ch == RT_OPT_LEDGER)
			ledger = optarg;
		else
			setting(&cfg, &state, ch, optarg);
	}
	argc -= optind;
	argv += optind;
	rt_cli_clock(&cli, &today);
	if (rt_records_start(&feed, ledger, argc, argv) == -1)
		rt_errx(feed.status, "%s", feed.why);
	rt_map_init(&fired);
	if (state != NULL) {
		/* Held to the end, so that two runs at once never fire the same alert twice. */
		if (rt_atomic_lock(&lock, state) == -1)
			rt_errx(rt_atomic_status(errno), "%s: %s", state, rt_atomic_strerror(errno));
		state_read(state, &lock, &fired, &keep, today);
	}
	rt_alerts_init(&alerts, &cfg, today);
	rt_stdout_init();

	read_records(&feed, &alerts);
	rt_alerts_run(&alerts);
	rt_instant_format(rt_now(), now);
	for (i = 0; i < alerts.n; i++) {
		if (rt_map_find(&fired, alerts.list[i].id, strlen(alerts.list[i].id)) != NULL)
			continue;
		rt_alert_json(&out, &alerts.list[i]);
		rt_buf_adds(&keep, "{\"id\":");
		rt_json_add_string(&keep, alerts.list[i].id, strlen(alerts.list[i].id));
		rt_buf_addf(&keep, ",\"date\":\"%s\",\"fired\":\"%s\"}\n",
		    rt_date_format(alerts.list[i].date, day), now);
	}
	if ((out.len > 0 && fwrite(out.p, 1, out.len, stdout) != out.len) || rt_stdout_close() == -1) {
		if (state != NULL)
			rt_atomic_abort(&lock);
		rt_err(RT_EXIT_IO, "stdout");
	}
	/* Only alerts that were written count as fired. */
	status = feed.rejected > 0 ? RT_EXIT_BADINPUT : RT_EXIT_OK;
	if (feed.ledger != NULL && record_fired(feed.ledger, &alerts, &fired) != 0)
		status = RT_EXIT_IO;
	rt_records_close(&feed);
	if (state != NULL &&
	    ((fp = rt_atomic_begin(&lock)) == NULL ||
		(keep.len > 0 && fwrite(keep.p, 1, keep.len, fp) != keep.len) ||
		rt_atomic_commit(&lock) == -1)) {
		rt_warn("%s", state);
		rt_atomic_abort(&lock);
		status = RT_EXIT_IO;
	}
	rt_alerts_free(&alerts);
	rt_alert_config_free(&cfg);
	rt_map_free(&fired);
	rt_buf_free(&out);
	rt_buf_free(&keep);
	return status;
}
