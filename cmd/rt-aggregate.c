/* rt-aggregate: totals of canonical records per group and currency, or the year-to-date snapshot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_agg.h"
#include "rt_atomic.h"
#include "rt_cli.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_json.h"
#include "rt_money.h"
#include "rt_record.h"
#include "rt_table.h"

enum format { FMT_NDJSON, FMT_CSV, FMT_MD, FMT_TABLE };

static const char *const measures[] = { "count", "gross_minor", "refunds_minor", "fees_minor",
	"chargebacks_minor", "adjustments_minor", "net_minor", "pending_minor" };

static const char *const synopsis[] = {
	"[-q] [-g key[,key ...]] [--since date] [--until date]\n"
	"\t[--format ndjson|csv|md|table] [--no-formulas] [--as-of date] [--tz zone]\n"
	"\t[-o file] [file ...]",
	"[-q] --summary [--goal amount[:currency]] [--as-of date] [--tz zone]\n"
	"\t[--format ndjson|csv|md|table] [--no-formulas] [-o file] [file ...]",
	NULL,
};

enum { OPT_FORMAT = RT_OPT_OWN, OPT_GOAL, OPT_NO_FORMULAS, OPT_SINCE, OPT_SUMMARY, OPT_UNTIL };

static const struct rt_option options[] = {
	{ "group", 'g', "key[,key ...]",
	    "totals per these keys: month, week, day, year or any record field" },
	{ "since", OPT_SINCE, "date", "count records dated from this day on" },
	{ "until", OPT_UNTIL, "date", "count records dated up to this day (default: the as-of date)" },
	{ "summary", OPT_SUMMARY, NULL, "the year-to-date snapshot instead of group totals" },
	{ "goal", OPT_GOAL, "amount[:currency]",
	    "with --summary: the annual goal, and the share of it reached" },
	{ "format", OPT_FORMAT, "ndjson|csv|md|table", "how to write the result (default: ndjson)" },
	{ "output", 'o', "file", "replace file with the result, atomically, instead of standard output" },
	{ "no-formulas", OPT_NO_FORMULAS, NULL,
	    "CSV for a spreadsheet: a text cell that begins with = + - or @ gets a leading '" },
	{ NULL, 0, NULL, NULL },
};

static int no_formulas;

static enum rt_table_format
table_format(enum format f)
{
	if (f == FMT_CSV)
		return no_formulas ? RT_TABLE_CSV_NO_FORMULAS : RT_TABLE_CSV;
	return f == FMT_MD ? RT_TABLE_MD : RT_TABLE_TEXT;
}

static int64_t
measure(const struct rt_measures *m, int i)
{
	const int64_t v[] = { m->count, m->gross, m->refunds, m->fees, m->chargebacks, m->adjustments, m->net,
		m->pending };

	return v[i];
}

/* A money cell: minor units for machines (csv), a grouped decimal for people. */
static void
money_cell(struct rt_table *t, int64_t v, const char *currency, enum format f)
{
	char buf[RT_MONEY_BUFSZ];
	int e;

	if (f == FMT_CSV)
		snprintf(buf, sizeof(buf), "%lld", (long long)v);
	else {
		e = rt_currency_exponent(currency, strlen(currency));
		rt_money_format(v, e, 1, buf, sizeof(buf));
	}
	rt_table_adds(t, buf);
}

static void
groups_ndjson(struct rt_agg *a, struct rt_buf *b)
{
	const struct rt_group *g;
	const char *key, *p;
	size_t i, n, pn;
	int d, tag, m;

	for (i = 0; i < a->ngroups; i++) {
		g = &a->groups[i];
		key = rt_agg_key(a, g, &n);
		rt_buf_addc(b, '{');
		for (d = 0; d <= a->ndims; d++) {
			tag = rt_key_part(key, n, d, &p, &pn);
			rt_json_add_string(b, d < a->ndims ? a->dims[d].field : "currency",
			    strlen(d < a->ndims ? a->dims[d].field : "currency"));
			rt_buf_addc(b, ':');
			if (tag == RT_KEY_STRING)
				rt_json_add_string(b, p, pn);
			else if (tag == RT_KEY_JSON)
				rt_buf_add(b, p, pn);
			else
				rt_buf_adds(b, "null");
			rt_buf_addc(b, ',');
		}
		for (m = 0; m < 8; m++) {
			rt_buf_addf(b, "%s\"%s\":", m ? "," : "", measures[m]);
			rt_buf_addi64(b, measure(&g->m, m));
		}
		rt_buf_add(b, "}\n", 2);
	}
}

static void
groups_table(struct rt_agg *a, enum format f, struct rt_buf *b)
{
	static const char *const human[] = { "count", "gross", "refunds", "fees", "chargebacks",
		"adjustments", "net", "pending" };
	struct rt_table t;
	const struct rt_group *g;
	const char *key, *p;
	char cur[4], count[24];
	size_t i, n, pn;
	int d, m;

	rt_table_init(&t, (size_t)a->ndims + 9);
	for (d = 0; d < a->ndims; d++)
		rt_table_adds(&t, a->dims[d].field);
	rt_table_adds(&t, "currency");
	for (m = 0; m < 8; m++) {
		rt_table_adds(&t, f == FMT_CSV ? measures[m] : human[m]);
		rt_table_right(&t, (size_t)a->ndims + 1 + (size_t)m);
	}
	for (i = 0; i < a->ngroups; i++) {
		g = &a->groups[i];
		key = rt_agg_key(a, g, &n);
		for (d = 0; d <= a->ndims; d++) {
			if (rt_key_part(key, n, d, &p, &pn) == RT_KEY_MISSING)
				rt_table_adds(&t, "");
			else
				rt_table_add(&t, p, pn);
		}
		snprintf(cur, sizeof(cur), "%.3s", p);
		snprintf(count, sizeof(count), "%lld", (long long)g->m.count);
		rt_table_adds(&t, count);
		for (m = 1; m < 8; m++)
			money_cell(&t, measure(&g->m, m), cur, f);
	}
	rt_table_render(&t, table_format(f), b);
	rt_table_free(&t);
}

static void
summary_table(const struct rt_summary *s, const struct rt_goal *goal, enum format f, struct rt_buf *b)
{
	const struct rt_currency_total *c;
	struct rt_table t;
	size_t i, j;

	rt_table_init(&t, 5);
	rt_table_adds(&t, "currency");
	rt_table_adds(&t, "source");
	rt_table_adds(&t, f == FMT_CSV ? "ytd_minor" : "ytd");
	rt_table_adds(&t, f == FMT_CSV ? "last_30d_minor" : "last 30 days");
	rt_table_adds(&t, f == FMT_CSV ? "projected_annual_minor" : "projected");
	for (j = 2; j < 5; j++)
		rt_table_right(&t, j);
	for (i = 0; i < s->ncur; i++) {
		c = &s->cur[i];
		for (j = 0; j < c->nsources; j++) {
			rt_table_adds(&t, c->currency);
			rt_table_adds(&t, c->sources[j].source);
			money_cell(&t, c->sources[j].ytd, c->currency, f);
			rt_table_adds(&t, "");
			rt_table_adds(&t, "");
		}
		rt_table_adds(&t, c->currency);
		rt_table_adds(&t, "total");
		money_cell(&t, c->ytd, c->currency, f);
		money_cell(&t, c->last30, c->currency, f);
		money_cell(&t, c->projected, c->currency, f);
	}
	rt_table_render(&t, table_format(f), b);
	rt_table_free(&t);
	if (goal->set && f != FMT_CSV) {
		char amount[RT_MONEY_BUFSZ];

		c = rt_summary_currency(s, goal->currency);
		rt_buf_addf(b, "%sgoal %s: ", f == FMT_MD ? "\n" : "",
		    rt_money_display(goal->amount_minor, goal->currency, amount, sizeof(amount)));
		rt_pct_format(b, rt_goal_pct(goal, c != NULL ? c->ytd : 0));
		rt_buf_adds(b, "% reached\n");
	}
}

static int
parse_date(const char *s, const char *opt, rt_day *d)
{
	if (rt_date_parse(s, strlen(s), d) == -1)
		rt_errx(RT_EXIT_USAGE, "%s \"%s\" is not a YYYY-MM-DD date", opt, s);
	return 0;
}

/*
 * Every -g key names a time bucket or a field of the canonical record: a
 * misspelt one would otherwise make one group of nulls.
 */
static void
check_keys(const char *spec)
{
	static const char *const buckets[] = { "day", "week", "month", "quarter", "year" };
	const char *p, *best;
	size_t n, i, d, bestd;
	int ok;

	for (p = spec; *p != '\0'; p += n + (p[n] == ',')) {
		if ((n = strcspn(p, ",")) == 0)
			continue; /* rt_agg_init says what is wrong with an empty name */
		ok = 0;
		best = NULL;
		bestd = n / 3 + 1 < 3 ? n / 3 + 1 : 3;
		for (i = 0; i < RT_NFIELDS + 5 && !ok; i++) {
			const char *name = i < RT_NFIELDS ? rt_field_names[i] : buckets[i - RT_NFIELDS];

			if (i == RT_F_RAW)
				continue;
			if (strlen(name) == n && strncmp(name, p, n) == 0)
				ok = 1;
			else if (strlen(name) == n && strncasecmp(name, p, n) == 0)
				best = name, bestd = 0;
			else if ((d = rt_cli_distance(p, n, name)) < bestd)
				best = name, bestd = d;
		}
		if (ok)
			continue;
		if (n > 0 && (p[0] == ' ' || p[n - 1] == ' '))
			rt_errx(RT_EXIT_USAGE,
			    "-g: \"%.*s\" is not a field name: no spaces around the commas", (int)n, p);
		if (best != NULL)
			rt_errx(RT_EXIT_USAGE,
			    "-g: \"%.*s\" is not a field name or time bucket; did you mean %s?", (int)n, p,
			    best);
		rt_errx(RT_EXIT_USAGE,
		    "-g: \"%.*s\" is not a field name (id, source, client, ...) or time bucket (day, "
		    "week, month, quarter, year)",
		    (int)n, p);
	}
}

static int
add_summary(struct rt_record *r, void *sum, char *why, size_t whysz)
{
	return rt_summary_add(sum, r, why, whysz);
}

static int
add_group(struct rt_record *r, void *agg, char *why, size_t whysz)
{
	return rt_agg_add(agg, r, why, whysz);
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL, RT_CLI_QUIET | RT_CLI_TZ | RT_CLI_AS_OF, NULL, NULL };
	static const char *const formats[] = { "ndjson", "csv", "md", "table" };
	const char *groupby = NULL, *since = NULL, *until = NULL, *output = NULL, *badname;
	struct rt_goal goal = { 0 };
	struct rt_summary sum;
	struct rt_input in;
	struct rt_buf out = { 0 };
	struct rt_agg agg;
	enum format f = FMT_NDJSON;
	char why[256];
	int ch, summary = 0, bad = 0, i;
	rt_day today, lo = 0, hi = 0;

	rt_cli_start(argc, argv);
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 'g':
			groupby = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_FORMAT:
			for (i = 0; i < 4 && strcmp(optarg, formats[i]) != 0; i++)
				;
			if (i == 4)
				rt_errx(RT_EXIT_USAGE, "--format \"%s\" is not one of ndjson, csv, md, table",
				    optarg);
			f = (enum format)i;
			break;
		case OPT_NO_FORMULAS:
			no_formulas = 1;
			break;
		case OPT_GOAL:
			rt_cli_goal(&goal, optarg);
			break;
		case OPT_SINCE:
			since = optarg;
			break;
		case OPT_SUMMARY:
			summary = 1;
			break;
		case OPT_UNTIL:
			until = optarg;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (summary && (groupby != NULL || since != NULL || until != NULL))
		rt_cli_misuse("--summary is the year-to-date snapshot; -g, --since and --until are for "
			      "group totals: give one or the other");
	if (!summary && goal.set)
		rt_cli_misuse("--goal goes with --summary (the snapshot measures the year against it)");
	if (no_formulas && f != FMT_CSV)
		rt_cli_misuse("--no-formulas is for --format csv");
	rt_cli_clock(&cli, &today);
	if (groupby != NULL)
		check_keys(groupby);
	if (rt_agg_init(&agg, groupby, why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_USAGE, "-g: %s", why);
	/* Records dated after the as-of date are not counted unless --until asks for them. */
	lo = INT32_MIN;
	hi = today;
	if (since != NULL)
		parse_date(since, "--since", &lo);
	if (until != NULL)
		parse_date(until, "--until", &hi);
	if (lo > hi)
		rt_errx(RT_EXIT_USAGE, "--since %s is after %s %s", since,
		    until != NULL ? "--until" : "the as-of date",
		    until != NULL ? until : rt_date_format(today, (char[RT_DATE_BUFSZ]){ 0 }));
	rt_agg_clip(&agg, lo, hi);
	if (rt_input_open(&in, argc, argv, &badname) == -1)
		rt_err(RT_EXIT_USAGE, "%s", badname);
	rt_summary_init(&sum, today);
	rt_stdout_init();

	bad = rt_cli_records(&in, 1, summary ? add_summary : add_group, summary ? (void *)&sum : (void *)&agg,
	    "nothing written");

	if (summary) {
		if (rt_summary_finish(&sum, why, sizeof(why)) == -1)
			rt_errx(RT_EXIT_BADINPUT, "%s; nothing written", why);
		if (f == FMT_NDJSON)
			rt_summary_json(&out, &sum, &goal);
		else
			summary_table(&sum, &goal, f, &out);
	} else {
		for (i = 0; i < agg.ndims; i++)
			if (!agg.dims[i].is_time && agg.dims[i].present == 0 && agg.ngroups > 0)
				rt_notice("-g %s: no record counted has \"%s\"; its groups are null",
				    agg.dims[i].field, agg.dims[i].field);
		rt_agg_sort(&agg);
		if (f == FMT_NDJSON)
			groups_ndjson(&agg, &out);
		else
			groups_table(&agg, f, &out);
	}
	/* A page polling the snapshot (rt-dashboard) never reads half of one. */
	if (output != NULL && rt_atomic_write(output, out.p, out.len) == -1)
		rt_errx(rt_atomic_status(errno), "%s: %s", output, rt_atomic_strerror(errno));
	if ((output == NULL && out.len > 0 && fwrite(out.p, 1, out.len, stdout) != out.len) ||
	    rt_stdout_close() == -1)
		rt_err(RT_EXIT_IO, "stdout");
	rt_buf_free(&out);
	rt_summary_free(&sum);
	rt_agg_free(&agg);
	return bad ? RT_EXIT_BADINPUT : RT_EXIT_OK;
}
