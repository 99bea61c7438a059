/* rt-report: the morning view of revenue in a terminal, or this week against the last. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_agg.h"
#include "rt_cli.h"
#include "rt_err.h"
#include "rt_records.h"
#include "rt_money.h"
#include "rt_table.h"
#include "rt_tracker.h"
#include "rt_trackview.h"
#include "rt_view.h"

#define BAR_WIDTH 30
#define MOVERS 3

/* SGR sequences, written only when colour is on. */
#define BOLD "1"
#define GREEN "32"
#define RED "31"
#define DIM "2"

struct report {
	int week, color;
	rt_day as_of;
	struct rt_view view; /* the morning view */
	struct rt_agg now, before; /* --week: by source, this week so far and the same days a week earlier */
	struct rt_buf out;
};

static const char *const synopsis[] = {
	"[-q] [--goal amount[:currency]] [--color when] [--as-of date] [--tz zone]\n\t[--ledger ledger | "
	"file ...]",
	"[-q] --week [--color when] [--as-of date] [--tz zone]\n\t[--ledger ledger | file ...]",
	NULL,
};

enum { OPT_COLOR = RT_OPT_OWN, OPT_GOAL, OPT_WEEK };

static const struct rt_option options[] = {
	{ "goal", OPT_GOAL, "amount[:currency]", "the annual goal the progress bar measures against" },
	{ "week", OPT_WEEK, NULL, "this week so far against the same days of last week, by source" },
	{ "color", OPT_COLOR, "when", "auto (a terminal and no NO_COLOR), always or never" },
	RT_RECORDS_LEDGER_OPTION,
	{ NULL, 0, NULL, NULL },
};

static void
paint(struct report *r, const char *sgr, const char *text, size_t n)
{
	if (r->color && sgr != NULL)
		rt_buf_addf(&r->out, "\033[%sm", sgr);
	rt_buf_add(&r->out, text, n);
	if (r->color && sgr != NULL)
		rt_buf_adds(&r->out, "\033[0m");
}

static void
paints(struct report *r, const char *sgr, const char *text)
{
	paint(r, sgr, text, strlen(text));
}

static int
add(void *arg, const struct rt_record *rec, char *why, size_t whysz)
{
	struct report *r = arg;

	if (!r->week)
		return rt_view_add(&r->view, rec, why, whysz);
	if (rt_agg_add(&r->now, rec, why, whysz) == -1 || rt_agg_add(&r->before, rec, why, whysz) == -1)
		return -1;
	return 0;
}

/*
 * Every record the report shows comes through here.  Another place to read
 * records from (a ledger) is one more call feeding add.
 */
static void
read_records(struct rt_records *feed, struct report *r)
{
	if (rt_records_each(feed, add, r) == -1)
		rt_errx(feed->status, "%s", feed->why);
}

static void
money_cell(struct rt_table *t, int64_t v, const char *cur, int sign)
{
	char buf[RT_MONEY_BUFSZ + 1];

	rt_money_display(v, cur, buf + 1, sizeof(buf) - 1);
	buf[0] = '+';
	rt_table_adds(t, sign && v > 0 ? buf : buf + 1);
}

static void
pct_cell(struct rt_table *t, __int128 hundredths, int sign)
{
	struct rt_buf b = { 0 };

	if (sign && hundredths > 0)
		rt_buf_addc(&b, '+');
	rt_pct_format(&b, hundredths);
	rt_buf_addc(&b, '%');
	rt_table_add(t, b.p, b.len);
	rt_buf_free(&b);
}

/*
 * Renders t for a terminal: the header and the last row (the total) bold,
 * each other row in the colour sgr[row] names (NULL for none).
 */
static void
table_out(struct report *r, struct rt_table *t, const char *const *sgr)
{
	struct rt_buf text = { 0 };
	size_t row = 0, nrows = t->ncells / t->ncols;
	char *line = NULL, *nl;

	rt_table_render(t, RT_TABLE_TEXT, &text);
	for (line = text.p; line < text.p + text.len; line = nl + 1, row++) {
		nl = memchr(line, '\n', (size_t)(text.p + text.len - line));
		paint(r,
		    row == 0 || row + 1 == nrows ? BOLD
			: sgr != NULL		 ? sgr[row - 1]
						 : NULL,
		    line, (size_t)(nl - line));
		rt_buf_addc(&r->out, '\n');
	}
	rt_buf_free(&text);
}

static void
goal_bar(struct report *r, const struct rt_goal *goal)
{
	const struct rt_currency_total *c = rt_summary_currency(&r->view.sum, goal->currency);
	__int128 pct = rt_goal_pct(goal, c != NULL ? c->ytd : 0);
	int64_t filled = pct <= 0 ? 0 : pct >= 10000 ? BAR_WIDTH : (int64_t)(pct * BAR_WIDTH / 10000);
	char amount[RT_MONEY_BUFSZ], bar[BAR_WIDTH + 1];

	rt_buf_addf(&r->out, "Goal %s  [",
	    rt_money_display(goal->amount_minor, goal->currency, amount, sizeof(amount)));
	memset(bar, '#', BAR_WIDTH);
	paint(r, GREEN, bar, (size_t)filled);
	memset(bar, '-', BAR_WIDTH);
	paint(r, DIM, bar, (size_t)(BAR_WIDTH - filled));
	rt_buf_adds(&r->out, "]  ");
	rt_pct_format(&r->out, pct);
	rt_buf_adds(&r->out, "% reached\n\n");
}

/* One currency of the morning view: its sources, the total, and the projection. */
static void
currency_block(struct report *r, const struct rt_currency_total *c)
{
	const char *head[] = { c->currency, "YTD", "Last 30 days", "Share" };
	char title[64], money[RT_MONEY_BUFSZ];
	struct rt_table t;
	struct rt_view_row *rows;
	size_t n, i;

	n = rt_view_rows(&r->view.sum.ytd, &r->view.last30, c->currency, &rows);
	rt_table_init(&t, 4);
	for (i = 0; i < 4; i++) {
		rt_table_adds(&t, head[i]);
		if (i > 0)
			rt_table_right(&t, i);
	}
	for (i = 0; i < n; i++) {
		rt_table_adds(&t, rt_source_title(rows[i].source, title, sizeof(title)));
		money_cell(&t, rows[i].a, c->currency, 0);
		money_cell(&t, rows[i].b, c->currency, 0);
		pct_cell(&t, rt_pct_of(rows[i].a, c->ytd), 0);
	}
	rt_table_adds(&t, "Total");
	money_cell(&t, c->ytd, c->currency, 0);
	money_cell(&t, c->last30, c->currency, 0);
	pct_cell(&t, c->ytd != 0 ? 10000 : 0, 0);
	table_out(r, &t, NULL);
	rt_table_free(&t);
	rt_buf_addf(&r->out, "Projected for the year: %s",
	    rt_money_display(c->projected, c->currency, money, sizeof(money)));
	if (c->pending != 0)
		rt_buf_addf(
		    &r->out, "; pending %s", rt_money_display(c->pending, c->currency, money, sizeof(money)));
	rt_buf_adds(&r->out, "\n\n");
	rt_view_rows_free(rows, n);
}

static void
morning(struct report *r, const struct rt_goal *goal)
{
	const struct rt_summary *s = &r->view.sum;
	struct rt_table t;
	char d1[RT_DATE_BUFSZ], d2[RT_DATE_BUFSZ];
	size_t i;

	rt_buf_addf(&r->out, "Revenue %s..%s (%s)\n\n", rt_date_format(s->year_start, d1),
	    rt_date_format(s->as_of, d2), rt_tz_name());
	if (goal->set)
		goal_bar(r, goal);
	if (s->ncur == 0)
		rt_buf_adds(&r->out, "No revenue recorded this year or in the last 30 days.\n\n");
	for (i = 0; i < s->ncur; i++)
		currency_block(r, &s->cur[i]);
	paints(r, BOLD, "Monthly summary");
	rt_buf_addc(&r->out, '\n');
	rt_monthly_table(&t, &r->view.monthly, s->year_start, s->as_of, "");
	table_out(r, &t, NULL);
	rt_table_free(&t);
}

static int
cmp_mover(const void *x, const void *y)
{
	const struct rt_view_row *a = x, *b = y;
	uint64_t ma = a->a >= a->b ? (uint64_t)a->a - (uint64_t)a->b : (uint64_t)a->b - (uint64_t)a->a;
	uint64_t mb = b->a >= b->b ? (uint64_t)b->a - (uint64_t)b->b : (uint64_t)b->b - (uint64_t)b->a;

	return ma != mb ? (ma < mb ? 1 : -1) : rt_source_cmp(a->source, b->source);
}

static void
week_currency(struct report *r, const char *cur)
{
	const char *head[] = { cur, "This week", "Last week", "Change", "" }, *sgr[64];
	char title[64], money[RT_MONEY_BUFSZ];
	struct rt_table t;
	struct rt_view_row *rows, total = { (char *)"Total", 0, 0 };
	size_t n, i, shown;

	n = rt_view_rows(&r->now, &r->before, cur, &rows);
	rt_table_init(&t, 5);
	for (i = 0; i < 5; i++) {
		rt_table_adds(&t, head[i]);
		if (i > 0)
			rt_table_right(&t, i);
	}
	for (i = 0; i <= n; i++) {
		struct rt_view_row *w = i < n ? &rows[i] : &total;

		if (i < n && (rt_money_add(&total.a, w->a) == -1 || rt_money_add(&total.b, w->b) == -1))
			rt_errx(RT_EXIT_BADINPUT, "a week's %s total would overflow 64 bits; nothing written",
			    cur);
		rt_table_adds(&t, i < n ? rt_source_title(w->source, title, sizeof(title)) : "Total");
		money_cell(&t, w->a, cur, 0);
		money_cell(&t, w->b, cur, 0);
		money_cell(&t, w->a - w->b, cur, 1); /* both fit, and so does their difference's sign */
		if (w->b != 0)
			pct_cell(&t, rt_pct_of(w->a - w->b, w->b), 1);
		else
			rt_table_adds(&t, w->a != 0 ? "new" : "");
		if (i < n && i < 64)
			sgr[i] = w->a > w->b ? GREEN : w->a < w->b ? RED : NULL;
	}
	table_out(r, &t, n < 64 ? sgr : NULL);
	rt_table_free(&t);
	qsort(rows, n, sizeof(*rows), cmp_mover);
	for (i = shown = 0; i < n && shown < MOVERS && rows[i].a != rows[i].b; i++, shown++) {
		rt_buf_adds(&r->out, shown == 0 ? "Biggest movers: " : ", ");
		rt_buf_addf(&r->out, "%s ", rt_source_title(rows[i].source, title, sizeof(title)));
		rt_money_display(rows[i].a - rows[i].b, cur, money, sizeof(money));
		rt_buf_addf(&r->out, "%s%s (", rows[i].a > rows[i].b ? "+" : "", money);
		if (rows[i].b == 0)
			rt_buf_adds(&r->out, "new");
		else {
			if (rows[i].a > rows[i].b)
				rt_buf_addc(&r->out, '+');
			rt_pct_format(&r->out, rt_pct_of(rows[i].a - rows[i].b, rows[i].b));
			rt_buf_addc(&r->out, '%');
		}
		rt_buf_addc(&r->out, ')');
	}
	rt_buf_adds(&r->out, shown > 0 ? "\n\n" : "No source moved.\n\n");
	rt_view_rows_free(rows, n);
}

static void
week(struct report *r)
{
	static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	char w1[RT_DATE_BUFSZ], w2[RT_DATE_BUFSZ], d1[RT_DATE_BUFSZ], d2[RT_DATE_BUFSZ], d3[RT_DATE_BUFSZ],
	    d4[RT_DATE_BUFSZ], (*curs)[4] = NULL;
	size_t ncurs = 0, i, j, kn, cn;
	const char *k, *c;

	rt_buf_addf(&r->out, "Week %s so far, %s %s..%s %s (%s),\nagainst the same days of %s, %s..%s\n\n",
	    rt_bucket_label(r->now.since, RT_BUCKET_WEEK, w1), days[rt_weekday(r->now.since)],
	    rt_date_format(r->now.since, d1), days[rt_weekday(r->as_of)], rt_date_format(r->as_of, d2),
	    rt_tz_name(), rt_bucket_label(r->before.since, RT_BUCKET_WEEK, w2),
	    rt_date_format(r->before.since, d3), rt_date_format(r->before.until, d4));
	for (int w = 0; w < 2; w++) {
		struct rt_agg *a = w == 0 ? &r->now : &r->before;

		for (i = 0; i < a->ngroups; i++) {
			k = rt_agg_key(a, &a->groups[i], &kn);
			rt_key_part(k, kn, 1, &c, &cn);
			for (j = 0; j < ncurs && memcmp(curs[j], c, 3) != 0; j++)
				;
			if (j == ncurs && a->groups[i].m.count > 0) {
				curs = rt_erealloc(curs, (ncurs + 1) * sizeof(*curs));
				snprintf(curs[ncurs++], 4, "%.3s", c);
			}
		}
	}
	if (ncurs > 1)
		qsort(curs, ncurs, sizeof(*curs), (int (*)(const void *, const void *))strcmp);
	if (ncurs == 0)
		rt_buf_adds(&r->out, "No revenue recorded in either week.\n");
	for (i = 0; i < ncurs; i++)
		week_currency(r, curs[i]);
	free(curs);
}

static int
want_color(const char *when)
{
	const char *no = getenv("NO_COLOR");

	if (strcmp(when, "always") == 0)
		return 1;
	if (strcmp(when, "never") == 0)
		return 0;
	if (strcmp(when, "auto") != 0)
		rt_errx(RT_EXIT_USAGE, "--color \"%s\" is not auto, always or never", when);
	return isatty(STDOUT_FILENO) && (no == NULL || *no == '\0');
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL, RT_CLI_QUIET | RT_CLI_TZ | RT_CLI_AS_OF, NULL, NULL };
	struct report r = { 0 };
	struct rt_goal goal = { 0 };
	struct rt_records feed;
	const char *color = "auto", *ledger = NULL;
	char why[256];
	rt_day first, last;
	int ch;

	rt_cli_start(argc, argv);
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		switch (ch) {
		case OPT_COLOR:
			color = optarg;
			break;
		case OPT_GOAL:
			if (rt_goal_parse(&goal, optarg) == -1)
				rt_errx(RT_EXIT_USAGE, "--goal \"%s\" is not a positive amount[:currency]",
				    optarg);
			break;
		case OPT_WEEK:
			r.week = 1;
			break;
		case RT_OPT_LEDGER:
			ledger = optarg;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (r.week && goal.set)
		rt_cli_misuse("--goal is for the morning view; --week compares weeks");
	r.color = want_color(color);
	rt_cli_clock(&cli, &r.as_of);
	if (rt_records_start(&feed, ledger, argc, argv) == -1)
		rt_errx(feed.status, "%s", feed.why);
	rt_view_init(&r.view, r.as_of);
	rt_agg_init(&r.now, "source", why, sizeof(why));
	rt_agg_init(&r.before, "source", why, sizeof(why));
	rt_bucket_range(r.as_of, RT_BUCKET_WEEK, &first, &last);
	rt_agg_clip(&r.now, first, r.as_of);
	rt_agg_clip(&r.before, first - 7, r.as_of - 7);
	rt_stdout_init();

	read_records(&feed, &r);
	rt_records_close(&feed);
	if (rt_view_finish(&r.view, why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_BADINPUT, "%s; nothing written", why);
	if (r.week)
		week(&r);
	else
		morning(&r, &goal);
	if (fwrite(r.out.p, 1, r.out.len, stdout) != r.out.len || rt_stdout_close() == -1)
		rt_err(RT_EXIT_IO, "stdout");
	rt_view_free(&r.view);
	rt_agg_free(&r.now);
	rt_agg_free(&r.before);
	rt_buf_free(&r.out);
	return feed.rejected > 0 ? RT_EXIT_BADINPUT : RT_EXIT_OK;
}
