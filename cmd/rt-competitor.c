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
#include "rt_sheet.h"
#include "rt_table.h"

#define DEFAULT_FILE "competitors.csv"
#define NOSINCE INT32_MIN

enum col { C_DATE, C_NAME, C_PLATFORM, C_JOB, C_BID, C_CURRENCY, C_TYPE, C_OUTCOME, C_NOTES, NCOLS };
static const char *const columns[] = { "date", "name", "platform", "job", "bid", "currency", "type",
	"outcome", "notes", NULL };

/* The options of add are the columns they fill: OPT_NAME fills C_NAME. */
enum {
	OPT_DATE = RT_OPT_OWN + C_DATE,
	OPT_NAME = RT_OPT_OWN + C_NAME,
	OPT_PLATFORM = RT_OPT_OWN + C_PLATFORM,
	OPT_JOB = RT_OPT_OWN + C_JOB,
	OPT_BID = RT_OPT_OWN + C_BID,
	OPT_CURRENCY = RT_OPT_OWN + C_CURRENCY,
	OPT_TYPE = RT_OPT_OWN + C_TYPE,
	OPT_OUTCOME = RT_OPT_OWN + C_OUTCOME,
	OPT_NOTES = RT_OPT_OWN + C_NOTES,
	OPT_CONFIG = RT_OPT_OWN + NCOLS,
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

/* One sighting, checked. */
struct bid {
	const char *name, *platform, *job;
	char currency[4];
	int hourly;
	int outcome; /* 'w', 'l' or 'p' */
	int64_t minor;
	rt_day date;
};

/* One of our rates, from the config. */
struct rate {
	char *platform;
	int hourly;
	char currency[4];
	int64_t minor;
};

static const char *file;
static char *given[NCOLS];
static rt_day today;

/* Checks row r of the sheet into b; -1 with why. */
static int
check(const struct rt_sheet *s, size_t r, struct bid *b, char *why, size_t whysz)
{
	const char *v[NCOLS];
	int i, e, rc;

	for (i = 0; i < NCOLS; i++)
		v[i] = rt_sheet_get(s, r, (size_t)i);
	memset(b, 0, sizeof(*b));
	b->name = v[C_NAME];
	b->platform = v[C_PLATFORM];
	b->job = v[C_JOB];
	for (i = 0; i < C_BID; i++)
		if (*v[i] == '\0')
			return rt_why(why, whysz, "no %s", columns[i]);
	if (rt_date_parse(v[C_DATE], strlen(v[C_DATE]), &b->date) == -1)
		return rt_why(why, whysz, "date \"%s\" is not a real YYYY-MM-DD date", v[C_DATE]);
	snprintf(b->currency, sizeof(b->currency), "%s", *v[C_CURRENCY] != '\0' ? v[C_CURRENCY] : "USD");
	for (i = 0; i < 3; i++)
		b->currency[i] = (char)toupper((unsigned char)b->currency[i]);
	if (strlen(v[C_CURRENCY]) > 3 || (e = rt_currency_exponent(b->currency, strlen(b->currency))) < 0)
		return rt_why(why, whysz, "currency \"%s\" is not an ISO 4217 code", v[C_CURRENCY]);
	if ((rc = rt_money_parse(v[C_BID], strlen(v[C_BID]), e, &b->minor)) != RT_MONEY_OK || b->minor <= 0)
		return rt_why(why, whysz, "bid \"%s\" %s", v[C_BID],
		    rc != RT_MONEY_OK ? rt_money_strerror(rc) : "is not above zero");
	if (strcasecmp(v[C_TYPE], "hourly") != 0 && strcasecmp(v[C_TYPE], "fixed") != 0)
		return rt_why(why, whysz, "type \"%s\" is not hourly or fixed", v[C_TYPE]);
	b->hourly = strcasecmp(v[C_TYPE], "hourly") == 0;
	b->outcome = *v[C_OUTCOME] == '\0' ? 'p' : tolower((unsigned char)*v[C_OUTCOME]);
	if (strcasecmp(v[C_OUTCOME], "won") != 0 && strcasecmp(v[C_OUTCOME], "lost") != 0 &&
	    strcasecmp(v[C_OUTCOME], "pending") != 0 && *v[C_OUTCOME] != '\0')
		return rt_why(why, whysz, "outcome \"%s\" is not won, lost or pending", v[C_OUTCOME]);
	return 0;
}

/* Opens the sightings (locked to write them back); a file that cannot be used ends the run. */
static void
open_sheet(struct rt_sheet *s, int lock)
{
	char why[1024];
	int st;

	if ((st = rt_sheet_open(s, file, columns, lock, why, sizeof(why))) != RT_SHEET_OK)
		rt_errx(rt_sheet_exit(st), "%s", why);
}

static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* rt-competitor add: a sighting appended, or the earlier one of the same competitor, platform and job replaced. */
static void
add(void)
{
	struct rt_sheet s;
	struct bid b;
	char why[1024], d[RT_DATE_BUFSZ];
	size_t row;
	int i;

	for (i = C_DATE + 1; i <= C_TYPE; i++)
		if (given[i] == NULL && i != C_CURRENCY)
			rt_cli_misuse("add needs --name, --platform, --job, --bid and --type");
	if (given[C_DATE] == NULL)
		given[C_DATE] = rt_estrdup(rt_date_format(today, d));
	lower(given[C_TYPE]);
	if (given[C_OUTCOME] == NULL)
		given[C_OUTCOME] = rt_estrdup("pending");
	lower(given[C_OUTCOME]);
	if (given[C_CURRENCY] == NULL)
		given[C_CURRENCY] = rt_estrdup("USD");
	for (i = 0; given[C_CURRENCY][i] != '\0'; i++)
		given[C_CURRENCY][i] = (char)toupper((unsigned char)given[C_CURRENCY][i]);

	open_sheet(&s, 1);
	for (row = 0; row < s.nrows; row++)
		if (strcasecmp(rt_sheet_get(&s, row, C_NAME), given[C_NAME]) == 0 &&
		    strcasecmp(rt_sheet_get(&s, row, C_PLATFORM), given[C_PLATFORM]) == 0 &&
		    strcmp(rt_sheet_get(&s, row, C_JOB), given[C_JOB]) == 0)
			break;
	if (row < s.nrows)
		rt_notice("%s:%lu: %s's bid on job %s replaces the one seen before", file, s.line[row],
		    given[C_NAME], given[C_JOB]);
	else
		row = rt_sheet_append(&s);
	for (i = 0; i < NCOLS; i++)
		rt_sheet_set(&s, row, (size_t)i, given[i] != NULL ? given[i] : "");
	if (check(&s, row, &b, why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_USAGE, "%s", why);
	if (rt_sheet_write(&s) == -1)
		rt_err(RT_EXIT_IO, "%s", file);
	rt_sheet_close(&s);
}

/* The config: "rate PLATFORM hourly|fixed AMOUNT CODE" lines and "undercut PERCENT"; # starts a comment. */
static struct rate *
load_rates(const char *path, size_t *n, long *undercut)
{
	struct rt_reader in;
	struct rate *rates = NULL, *r;
	char *line, *w[6], *p, *end;
	size_t len, k;
	int rc, e;

	*n = 0;
	if (rt_reader_open(&in, path) == -1)
		rt_err(RT_EXIT_USAGE, "%s", path);
	while ((rc = rt_reader_next(&in, &line, &len)) != RT_READ_EOF) {
		if (rc != RT_READ_LINE)
			rt_errx(RT_EXIT_USAGE, "%s:%lu: cannot be read", path, in.lineno);
		line = rt_estrndup(line, len);
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		for (k = 0, p = strtok(line, " \t"); p != NULL && k < 6; p = strtok(NULL, " \t"))
			w[k++] = p;
		if (k == 2 && strcmp(w[0], "undercut") == 0) {
			errno = 0;
			*undercut = strtol(w[1], &end, 10);
			if (errno != 0 || (*end != '\0' && strcmp(end, "%") != 0) || *undercut < 0 ||
			    *undercut > 100)
				rt_errx(RT_EXIT_USAGE, "%s:%lu: \"%s\" is not a percentage from 0 to 100",
				    path, in.lineno, w[1]);
		} else if (k == 5 && strcmp(w[0], "rate") == 0 &&
		    (strcmp(w[2], "hourly") == 0 || strcmp(w[2], "fixed") == 0)) {
			rates = rt_erealloc(rates, (*n + 1) * sizeof(*rates));
			r = &rates[(*n)++];
			r->platform = rt_estrdup(w[1]);
			r->hourly = strcmp(w[2], "hourly") == 0;
			if ((e = rt_currency_exponent(w[4], strlen(w[4]))) < 0 ||
			    rt_money_parse(w[3], strlen(w[3]), e, &r->minor) != RT_MONEY_OK || r->minor <= 0)
				rt_errx(RT_EXIT_USAGE, "%s:%lu: \"%s %s\" is not an amount and a currency",
				    path, in.lineno, w[3], w[4]);
			memcpy(r->currency, w[4], 4);
		} else if (k > 0)
			rt_errx(RT_EXIT_USAGE,
			    "%s:%lu: not \"rate PLATFORM hourly|fixed AMOUNT CODE\" nor \"undercut PERCENT\"",
			    path, in.lineno);
		free(line);
	}
	rt_reader_close(&in);
	return rates;
}

static int
by_minor(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * The typical (median) bid of those of bids[0..n) that match: the middle
 * one, or the mean of the two middle ones rounded half away from zero.
 * 0 when none match.
 */
static int64_t
median(const struct bid *bids, size_t n, const char *name, const char *platform, int hourly, const char *cur,
    size_t *count)
{
	int64_t *v = rt_ecalloc(n + 1, sizeof(*v)), m = 0;
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if ((name == NULL || strcasecmp(bids[i].name, name) == 0) &&
		    (platform == NULL || strcasecmp(bids[i].platform, platform) == 0) &&
		    bids[i].hourly == hourly && strcmp(bids[i].currency, cur) == 0)
			v[k++] = bids[i].minor;
	qsort(v, k, sizeof(*v), by_minor);
	if (k > 0 && k % 2 == 1)
		m = v[k / 2];
	else if (k > 0)
		m = v[k / 2 - 1] / 2 + v[k / 2] / 2 + (v[k / 2 - 1] % 2 + v[k / 2] % 2 + 1) / 2;
	*count = k;
	free(v);
	return m;
}

static void
money(struct rt_buf *b, int64_t minor, const char *cur, int hourly)
{
	char m[RT_MONEY_BUFSZ];

	rt_buf_adds(b, rt_money_display(minor, cur, m, sizeof(m)));
	if (hourly >= 0)
		rt_buf_adds(b, hourly ? "/hr" : " fixed");
}

/* Whether an earlier bid than i has the same key: competitor (any case) and, when asked, type and currency. */
static int
seen_before(const struct bid *bids, size_t i, int by_name, int by_platform, int by_kind)
{
	size_t j;

	for (j = 0; j < i; j++)
		if ((!by_name || strcasecmp(bids[j].name, bids[i].name) == 0) &&
		    (!by_platform || strcasecmp(bids[j].platform, bids[i].platform) == 0) &&
		    (!by_kind ||
			(bids[j].hourly == bids[i].hourly &&
			    strcmp(bids[j].currency, bids[i].currency) == 0)))
			return 1;
	return 0;
}

struct rival {
	const char *name;
	size_t first, sightings, won, lost;
};

static int
by_activity(const void *a, const void *b)
{
	const struct rival *x = a, *y = b;

	if (x->sightings != y->sightings)
		return x->sightings > y->sightings ? -1 : 1;
	return strcasecmp(x->name, y->name);
}

/* Most active competitors: sightings, outcomes, win rate (won of decided), typical bid per kind. */
static void
rivals(struct rt_buf *out, const struct bid *bids, size_t n, enum rt_table_format f)
{
	struct rival *r = rt_ecalloc(n + 1, sizeof(*r));
	struct rt_table t;
	struct rt_buf cell = { 0 };
	size_t i, j, k, nr = 0, count;
	int64_t pct;
	char buf[32];

	for (i = 0; i < n; i++) {
		for (j = 0; j < nr && strcasecmp(r[j].name, bids[i].name) != 0; j++)
			;
		if (j == nr)
			r[nr++] = (struct rival){ bids[i].name, i, 0, 0, 0 };
		r[j].sightings++;
		r[j].won += bids[i].outcome == 'w';
		r[j].lost += bids[i].outcome == 'l';
	}
	qsort(r, nr, sizeof(*r), by_activity);
	rt_table_init(&t, 6);
	for (i = 1; i < 5; i++)
		rt_table_right(&t, i);
	rt_table_adds(&t, "competitor");
	rt_table_adds(&t, "sightings");
	rt_table_adds(&t, "won");
	rt_table_adds(&t, "lost");
	rt_table_adds(&t, "win rate");
	rt_table_adds(&t, "typical bid");
	for (i = 0; i < nr; i++) {
		rt_table_adds(&t, r[i].name);
		snprintf(buf, sizeof(buf), "%zu", r[i].sightings);
		rt_table_adds(&t, buf);
		snprintf(buf, sizeof(buf), "%zu", r[i].won);
		rt_table_adds(&t, buf);
		snprintf(buf, sizeof(buf), "%zu", r[i].lost);
		rt_table_adds(&t, buf);
		if (r[i].won + r[i].lost > 0 &&
		    rt_money_muldiv((int64_t)r[i].won, 100, (int64_t)(r[i].won + r[i].lost), &pct) == 0)
			snprintf(buf, sizeof(buf), "%lld%%", (long long)pct);
		else
			snprintf(buf, sizeof(buf), "-");
		rt_table_adds(&t, buf);
		rt_buf_reset(&cell);
		for (k = r[i].first; k < n; k++) {
			if (strcasecmp(bids[k].name, r[i].name) != 0 || seen_before(bids, k, 1, 0, 1))
				continue;
			if (cell.len > 0)
				rt_buf_adds(&cell, ", ");
			money(&cell,
			    median(bids, n, r[i].name, NULL, bids[k].hourly, bids[k].currency, &count),
			    bids[k].currency, bids[k].hourly);
		}
		rt_table_adds(&t, rt_buf_str(&cell));
	}
	rt_table_render(&t, f, out);
	rt_table_free(&t);
	rt_buf_free(&cell);
	free(r);
}

static int
by_platform(const void *a, const void *b)
{
	const struct bid *x = *(const struct bid *const *)a, *y = *(const struct bid *const *)b;
	int c = strcasecmp(x->platform, y->platform);

	if (c == 0)
		c = y->hourly - x->hourly;
	return c != 0 ? c : strcmp(x->currency, y->currency);
}

/* Pricing per platform, type and currency: the bids seen, their average (rounded half away from zero) and range. */
static void
pricing(struct rt_buf *out, const struct bid *bids, size_t n, enum rt_table_format f)
{
	const struct bid **first = rt_ecalloc(n + 1, sizeof(*first));
	struct rt_table t;
	struct rt_buf cell = { 0 };
	int64_t sum, lo, hi, avg;
	size_t i, j, k = 0, count;
	char buf[32];

	for (i = 0; i < n; i++)
		if (!seen_before(bids, i, 0, 1, 1))
			first[k++] = &bids[i];
	qsort(first, k, sizeof(*first), by_platform);
	rt_table_init(&t, 5);
	rt_table_right(&t, 2);
	rt_table_right(&t, 3);
	rt_table_adds(&t, "platform");
	rt_table_adds(&t, "type");
	rt_table_adds(&t, "bids");
	rt_table_adds(&t, "average");
	rt_table_adds(&t, "range");
	for (i = 0; i < k; i++) {
		sum = 0;
		lo = INT64_MAX;
		hi = count = 0;
		for (j = 0; j < n; j++) {
			if (strcasecmp(bids[j].platform, first[i]->platform) != 0 ||
			    bids[j].hourly != first[i]->hourly ||
			    strcmp(bids[j].currency, first[i]->currency) != 0)
				continue;
			if (rt_money_add(&sum, bids[j].minor) == -1)
				rt_errx(RT_EXIT_BADINPUT, "the %s bids on %s overflow 64 bits",
				    bids[j].currency, bids[j].platform);
			lo = bids[j].minor < lo ? bids[j].minor : lo;
			hi = bids[j].minor > hi ? bids[j].minor : hi;
			count++;
		}
		rt_money_muldiv(sum, 1, (int64_t)count, &avg);
		rt_table_adds(&t, first[i]->platform);
		rt_table_adds(&t, first[i]->hourly ? "hourly" : "fixed");
		snprintf(buf, sizeof(buf), "%zu", count);
		rt_table_adds(&t, buf);
		rt_buf_reset(&cell);
		money(&cell, avg, first[i]->currency, -1);
		rt_table_adds(&t, rt_buf_str(&cell));
		rt_buf_reset(&cell);
		money(&cell, lo, first[i]->currency, -1);
		rt_buf_adds(&cell, "\xe2\x80\x93");
		money(&cell, hi, first[i]->currency, -1);
		rt_table_adds(&t, rt_buf_str(&cell));
	}
	rt_table_render(&t, f, out);
	rt_table_free(&t);
	rt_buf_free(&cell);
	free(first);
}

struct alert {
	const char *name;
	const struct rate *rate;
	int64_t theirs, pct;
};

static int
by_cut(const void *a, const void *b)
{
	const struct alert *x = a, *y = b;

	if (x->pct != y->pct)
		return x->pct < y->pct ? -1 : 1;
	return strcasecmp(x->name, y->name);
}

/*
 * Undercut alerts: each competitor whose typical bid on a platform, of the
 * type and currency of our rate there, is below our rate by undercut
 * percent or more (theirs * 100 <= ours * (100 - undercut), exactly).
 * The percentage shown is (theirs - ours) * 100 / ours, rounded half away
 * from zero; the deepest cut first.
 */
static void
undercuts(struct rt_buf *out, const struct bid *bids, size_t n, const struct rate *rates, size_t nrates,
    long undercut)
{
	struct alert *a = NULL;
	size_t i, j, na = 0, count;
	int64_t theirs;

	for (j = 0; j < nrates; j++)
		for (i = 0; i < n; i++) {
			if (seen_before(bids, i, 1, 1, 0) ||
			    strcasecmp(bids[i].platform, rates[j].platform) != 0)
				continue;
			theirs = median(bids, n, bids[i].name, rates[j].platform, rates[j].hourly,
			    rates[j].currency, &count);
			if (count == 0 ||
			    (__int128)theirs * 100 > (__int128)rates[j].minor * (100 - undercut))
				continue;
			a = rt_erealloc(a, (na + 1) * sizeof(*a));
			a[na] = (struct alert){ bids[i].name, &rates[j], theirs, 0 };
			rt_money_muldiv(theirs - rates[j].minor, 100, rates[j].minor, &a[na].pct);
			na++;
		}
	if (na > 1)
		qsort(a, na, sizeof(*a), by_cut);
	for (i = 0; i < na; i++) {
		rt_buf_addf(out, "- %s on %s%s: ", a[i].name, a[i].rate->platform,
		    a[i].rate->hourly ? "" : ", fixed");
		money(out, a[i].theirs, a[i].rate->currency, -1);
		rt_buf_adds(out, " vs our ");
		money(out, a[i].rate->minor, a[i].rate->currency, -1);
		rt_buf_addf(out, " (%lld%%)\n", (long long)a[i].pct);
	}
	if (na == 0)
		rt_buf_adds(out, "- none\n");
	free(a);
}

static void
heading(struct rt_buf *b, enum rt_table_format f, const char *text)
{
	rt_buf_addf(b, f == RT_TABLE_MD ? "\n## %s\n\n" : "\n%s:\n", text);
}

/* rt-competitor report: who bids most, what they charge, where they undercut us. */
static int
report(const char *config, const char *since_opt, enum rt_table_format f)
{
	struct rt_sheet s;
	struct rt_buf out = { 0 };
	struct bid *bids;
	struct rate *rates = NULL;
	char why[1024], d1[RT_DATE_BUFSZ], d2[RT_DATE_BUFSZ];
	size_t r, n = 0, nrates = 0;
	long undercut = 20;
	rt_day since = NOSINCE;
	int status;

	if (since_opt != NULL && rt_date_parse(since_opt, strlen(since_opt), &since) == -1)
		rt_errx(RT_EXIT_USAGE, "--since \"%s\" is not a YYYY-MM-DD date", since_opt);
	if (config == NULL && (config = getenv("RT_COMPETITOR_CONFIG")) != NULL && *config == '\0')
		config = NULL;
	if (config != NULL)
		rates = load_rates(config, &nrates, &undercut);
	open_sheet(&s, 0);
	bids = rt_ecalloc(s.nrows + 1, sizeof(*bids));
	for (r = 0; r < s.nrows; r++) {
		if (check(&s, r, &bids[n], why, sizeof(why)) == -1) {
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
	heading(&out, f, "Most active");
	rivals(&out, bids, n, f);
	heading(&out, f, "Pricing per platform");
	pricing(&out, bids, n, f);
	heading(&out, f, "Undercut alerts");
	if (config == NULL)
		rt_buf_adds(&out, "- no rates of ours to compare with (--config)\n");
	else
		undercuts(&out, bids, n, rates, nrates, undercut);
	rt_stdout_init();
	if (fwrite(out.p, 1, out.len, stdout) != out.len || rt_stdout_close() == -1)
		rt_err(RT_EXIT_IO, "stdout");
	status = s.nbad > 0 ? RT_EXIT_BADINPUT : RT_EXIT_OK;
	for (r = 0; r < nrates; r++)
		free(rates[r].platform);
	free(rates);
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
