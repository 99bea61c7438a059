/*
 * What the dashboard gathers while the records stream by: the views'
 * totals (rt_view), the days of the year and of the last RT_DASH_RHYTHM
 * days by source and currency (rt_daily: the cumulative line, and each
 * source's record days for its health), and the latest records for the
 * table, kept to RT_DASH_RECENT copies whatever the input's size.
 */
#include <stdlib.h>
#include <string.h>

#include "rt_dash.h"
#include "rt_err.h"
#include "rt_money.h"
#include "rt_tracker.h"

void
rt_dash_init(struct rt_dash *d, const struct rt_dash_options *opt, rt_day as_of, int64_t now)
{
	memset(d, 0, sizeof(*d));
	d->opt = *opt;
	d->as_of = as_of;
	d->now = now;
	rt_view_init(&d->view, as_of);
	/* The year so far for the cumulative line, and the days a source's rhythm is taken from. */
	rt_daily_init(&d->days,
	    d->view.sum.year_start < as_of - RT_DASH_RHYTHM + 1 ? d->view.sum.year_start
								: as_of - RT_DASH_RHYTHM + 1,
	    as_of);
}

void
rt_dash_free(struct rt_dash *d)
{
	size_t i;

	rt_view_free(&d->view);
	rt_daily_free(&d->days);
	for (i = 0; i < d->nrecent; i++)
		free(d->recent[i].text);
	free(d->sources);
}

/* Whether a is newer than b: by date, then time, then place in the input. */
static int
newer(rt_day date, int64_t ts, uint64_t seq, const struct rt_dash_row *b)
{
	if (date != b->date)
		return date > b->date;
	if (ts != b->ts)
		return ts > b->ts;
	return seq > b->seq;
}

/* Appends a field, cut at 120 bytes on a character boundary, and its NUL. */
static void
keep(struct rt_buf *b, const struct rt_value *v)
{
	size_t n = v->type == RT_V_STRING ? v->n : 0;

	rt_buf_add(b, v->p, rt_view_cut(v->p, n, 120));
	if (n > 120)
		rt_buf_adds(b, "\xe2\x80\xa6");
	rt_buf_addc(b, '\0');
}

/* Keeps r when it is among the RT_DASH_RECENT newest records up to the as-of date. */
static void
recent(struct rt_dash *d, const struct rt_record *r)
{
	static const enum rt_field_id fields[] = { RT_F_ID, RT_F_SOURCE, RT_F_CLIENT, RT_F_DESCRIPTION,
		RT_F_CURRENCY, RT_F_KIND, RT_F_STATUS };
	const struct rt_value *ts = &r->f[RT_F_TS];
	struct rt_buf text = { 0 };
	int64_t t = INT64_MIN;
	uint64_t seq = d->seq++;
	size_t i, at;

	if (r->date > d->as_of)
		return;
	if (ts->type == RT_V_STRING)
		rt_instant_parse(ts->p, ts->n, &t);
	if (d->nrecent == RT_DASH_RECENT && !newer(r->date, t, seq, &d->recent[RT_DASH_RECENT - 1]))
		return;
	for (at = 0; at < d->nrecent && !newer(r->date, t, seq, &d->recent[at]); at++)
		;
	if (d->nrecent == RT_DASH_RECENT)
		free(d->recent[--d->nrecent].text);
	memmove(&d->recent[at + 1], &d->recent[at], (d->nrecent - at) * sizeof(d->recent[0]));
	d->nrecent++;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		keep(&text, &r->f[fields[i]]);
	d->recent[at] = (struct rt_dash_row){ r->date, t, seq, r->amount_minor, text.p };
}

/* Adds a checked record.  -1 (why filled) when a total would overflow 64 bits. */
int
rt_dash_add(struct rt_dash *d, const struct rt_record *r, char *why, size_t whysz)
{
	if (rt_view_add(&d->view, r, why, whysz) == -1 || rt_daily_add(&d->days, r, why, whysz) == -1)
		return -1;
	recent(d, r);
	return 0;
}

static int
failed(const struct rt_dash *d, const char *source)
{
	size_t i;

	for (i = 0; i < d->opt.nfailed; i++)
		if (strcmp(d->opt.failed[i], source) == 0)
			return 1;
	return 0;
}

/*
 * A source's health from the series i..end-1 (its currencies): stale when
 * its newest record is older than twice its usual gap between record days
 * in the last RT_DASH_RHYTHM days, and older than --stale-days.
 */
static void
health(struct rt_dash *d, size_t i, size_t end, struct rt_dash_source *out)
{
	const struct rt_daily *r = &d->days;
	int k = 0, gap;
	rt_day day;
	size_t j;

	out->source = r->series[i].source;
	out->last = INT32_MIN;
	for (j = i; j < end; j++)
		if (r->series[j].last > out->last)
			out->last = r->series[j].last;
	for (day = d->as_of - RT_DASH_RHYTHM + 1; day <= d->as_of; day++) {
		for (j = i; j < end && rt_series_day(&r->series[j], day).records == 0; j++)
			;
		k += j < end;
	}
	gap = k > 0 ? (RT_DASH_RHYTHM + k - 1) / k : 0;
	out->quiet_after = 2 * gap > d->opt.stale_days ? 2 * gap : d->opt.stale_days;
	out->health = failed(d, out->source)		       ? RT_DASH_FAILED
	    : (int64_t)d->as_of - out->last > out->quiet_after ? RT_DASH_STALE
							       : RT_DASH_OK;
}

static int
cmp_source(const void *x, const void *y)
{
	return rt_source_cmp(
	    ((const struct rt_dash_source *)x)->source, ((const struct rt_dash_source *)y)->source);
}

/* Totals, and every source's health: each source of the input and each one named failed. */
int
rt_dash_finish(struct rt_dash *d, char *why, size_t whysz)
{
	size_t i, end, j;

	if (rt_view_finish(&d->view, why, whysz) == -1)
		return -1;
	rt_daily_sort(&d->days);
	d->sources = rt_ecalloc(d->days.nseries + d->opt.nfailed + 1, sizeof(*d->sources));
	for (i = 0; i < d->days.nseries; i = end) {
		end = rt_daily_source_end(&d->days, i);
		health(d, i, end, &d->sources[d->nsources++]);
	}
	for (i = 0; i < d->opt.nfailed; i++) {
		for (j = 0; j < d->nsources && strcmp(d->sources[j].source, d->opt.failed[i]) != 0; j++)
			;
		if (j == d->nsources)
			d->sources[d->nsources++] =
			    (struct rt_dash_source){ d->opt.failed[i], RT_DASH_FAILED, INT32_MIN, 0 };
	}
	if (d->nsources > 1)
		qsort(d->sources, d->nsources, sizeof(*d->sources), cmp_source);
	return 0;
}

static int
cmp_size(const void *x, const void *y)
{
	const struct rt_source_total *a = *(const struct rt_source_total *const *)x,
				     *b = *(const struct rt_source_total *const *)y;
	uint64_t ma = a->ytd < 0 ? (uint64_t)0 - (uint64_t)a->ytd : (uint64_t)a->ytd;
	uint64_t mb = b->ytd < 0 ? (uint64_t)0 - (uint64_t)b->ytd : (uint64_t)b->ytd;

	return ma != mb ? (ma < mb ? 1 : -1) : rt_source_cmp(a->source, b->source);
}

static int
cmp_stack(const void *x, const void *y)
{
	const struct rt_chart_stack *a = x, *b = y;

	if (strcmp(a->source, "other") == 0 || strcmp(b->source, "other") == 0)
		return strcmp(a->source, "other") == 0 ? 1 : strcmp(b->source, "other") == 0 ? -1 : 0;
	return rt_source_cmp(a->source, b->source);
}

/* Adds v to *sum, holding at the edge of 64 bits (a chart's height, never a total anyone reads). */
static void
add_clamped(int64_t *sum, int64_t v)
{
	if (rt_money_add(sum, v) == -1)
		*sum = v > 0 ? INT64_MAX : INT64_MIN;
}

/*
 * One currency's charts: its months by source (the largest sources of the
 * year by name, the rest as one "Other") and its year to date day by day.
 */
static void
currency_charts(struct rt_buf *b, struct rt_dash *d, const struct rt_currency_total *c)
{
	const struct rt_summary *s = &d->view.sum;
	const struct rt_source_total **by = rt_ecalloc(c->nsources + 1, sizeof(*by));
	struct rt_chart_stack st[RT_DASH_MAXSOURCES] = { { NULL, NULL, NULL } };
	char months[12][RT_DATE_BUFSZ], titles[RT_DASH_MAXSOURCES][64];
	const char *labels[12], *parts[2];
	int64_t(*v)[12] = rt_ecalloc(RT_DASH_MAXSOURCES, sizeof(*v)), *cum;
	size_t nmonths = 0, nst, i, j, n;
	struct rt_buf key = { 0 };
	rt_day day, first, last;

	for (day = s->year_start; day <= s->as_of && nmonths < 12; day = last + 1, nmonths++) {
		rt_bucket_range(day, RT_BUCKET_MONTH, &first, &last);
		labels[nmonths] = rt_bucket_label(day, RT_BUCKET_MONTH, months[nmonths]);
	}
	for (i = 0; i < c->nsources; i++)
		by[i] = &c->sources[i];
	qsort(by, c->nsources, sizeof(*by), cmp_size);
	nst = c->nsources <= RT_DASH_MAXSOURCES ? c->nsources : RT_DASH_MAXSOURCES;
	for (i = 0; i < nst; i++) {
		int other = i + 1 == nst && c->nsources > nst;

		st[i].source = other ? "other" : by[i]->source;
		st[i].title = other ? "Other" : rt_source_title(by[i]->source, titles[i], sizeof(titles[i]));
		st[i].v = v[i];
		/* "Other" adds up every source from here on. */
		for (j = i; j < (other ? c->nsources : i + 1); j++)
			for (parts[1] = by[j]->source, n = 0; n < nmonths; n++) {
				parts[0] = labels[n];
				add_clamped(
				    &v[i][n], rt_view_net(&d->view.monthly, &key, parts, 2, c->currency));
			}
	}
	qsort(st, nst, sizeof(*st), cmp_stack);
	rt_buf_addf(b,
	    "<section class=\"card\"><div class=\"charts\"><div><h2>Revenue per month by source, %s</h2>",
	    c->currency);
	rt_chart_months(b, c->currency, labels, nmonths, st, nst);
	rt_buf_adds(b, "<ul class=\"legend\">");
	for (i = 0; i < nst; i++)
		rt_buf_addf(b, "<li><i style=\"background:%s\"></i>%s</li>", rt_chart_color(i, st[i].source),
		    st[i].title);
	rt_buf_addf(b, "</ul></div><div><h2>Year to date%s, %s</h2>",
	    d->opt.goal.set && strcmp(d->opt.goal.currency, c->currency) == 0 ? " against the goal's pace"
									      : "",
	    c->currency);
	/* The year's days: each day's net over the currency's sources, then added up. */
	cum = rt_ecalloc((size_t)s->days_elapsed, sizeof(*cum));
	for (i = 0; i < d->days.nseries; i++)
		for (day = s->year_start;
		     strcmp(d->days.series[i].currency, c->currency) == 0 && day <= s->as_of; day++)
			add_clamped(&cum[day - s->year_start], rt_series_day(&d->days.series[i], day).net);
	for (i = 1; i < (size_t)s->days_elapsed; i++)
		add_clamped(&cum[i], cum[i - 1]);
	rt_chart_pace(
	    b, c->currency, s->year_start, s->days_in_year, cum, (size_t)s->days_elapsed, &d->opt.goal);
	rt_buf_adds(b, "</div></div></section>\n");
	free(cum);
	free(v);
	free(by);
	rt_buf_free(&key);
}

/* The charts of every currency the page shows that has records this year. */
void
rt_dash_charts(struct rt_buf *b, struct rt_dash *d, const char *const *curs, size_t ncurs)
{
	const struct rt_currency_total *c;
	size_t i;

	for (i = 0; i < ncurs; i++)
		if ((c = rt_summary_currency(&d->view.sum, curs[i])) != NULL)
			currency_charts(b, d, c);
}
