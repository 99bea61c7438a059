/*
 * The dashboard's charts as inline SVG, drawn by rt: no script draws them
 * and no library is fetched, so the page shows them opened from disk.
 * Geometry is integer arithmetic on the amounts (in 128 bits, so no scale
 * overflows), written in tenths of a unit of the viewBox; no amount passes
 * through a float on its way to a pixel.
 */
#include <string.h>

#include "rt_dash.h"
#include "rt_money.h"

#define W 720 /* the viewBox */
#define H 270
#define LEFT 84 /* the plot area */
#define RIGHT 708
#define TOP 14
#define BOTTOM 234

static const char *const palette[] = { "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
	"#b07aa1", "#ff9da7", "#9c755f" };
static const char *const month_names[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
	"Oct", "Nov", "Dec" };

/* The colour of the i-th stack of a chart; the rest ("other") are grey. */
const char *
rt_chart_color(size_t i, const char *source)
{
	return strcmp(source, "other") == 0 ? "#a0a4ab" : palette[i % (sizeof(palette) / sizeof(palette[0]))];
}

/* The smallest 1, 2, 2.5 or 5 times a power of ten (a whole number) at or above v; 0 for v <= 0. */
static __int128
nice(__int128 v)
{
	static const int tenths[] = { 10, 20, 25, 50 };
	__int128 p;
	int i;

	if (v <= 0)
		return 0;
	for (p = 1;; p *= 10)
		for (i = 0; i < 4; i++)
			if (tenths[i] * p / 10 >= v)
				return tenths[i] * p / 10;
}

/* A vertical scale: top above zero, bottom below it, both nice. */
struct scale {
	__int128 top, bottom;
};

static void
scale_of(struct scale *s, __int128 hi, __int128 lo)
{
	s->top = nice(hi);
	s->bottom = nice(-lo);
	if (s->top == 0 && s->bottom == 0)
		s->top = 1;
}

/* The y of v, in tenths. */
static long long
y_of(const struct scale *s, __int128 v)
{
	return (long long)(TOP * 10 + (s->top - v) * (BOTTOM - TOP) * 10 / (s->top + s->bottom));
}

/* Tenths as a decimal: 1234 -> "123.4". */
static void
tenths(struct rt_buf *b, long long v)
{
	rt_buf_addf(b, "%s%lld", v < 0 ? "-" : "", (v < 0 ? -v : v) / 10);
	if (v % 10 != 0)
		rt_buf_addf(b, ".%lld", (v < 0 ? -v : v) % 10);
}

/* An axis amount for people: "$250,000" (a zero fraction left out), "€1,234.50". */
void
rt_chart_money(struct rt_buf *b, int64_t v, const char *currency)
{
	char buf[RT_MONEY_BUFSZ];
	char *dot;

	rt_money_display(v, currency, buf, sizeof(buf));
	if ((dot = strrchr(buf, '.')) != NULL && dot[1 + strspn(dot + 1, "0")] == '\0')
		*dot = '\0';
	rt_buf_adds(b, buf);
}

/* Grid lines and their amounts at the top, half way, zero and the bottom. */
static void
grid(struct rt_buf *b, const struct scale *s, const char *currency)
{
	__int128 at[] = { 0, s->top, s->top / 2, -s->bottom };
	long long drawn[4] = { 0 }, y;
	size_t i, j, n = 0;

	for (i = 0; i < 4; i++) {
		if ((i == 2 && s->top < 2) || (i == 3 && s->bottom == 0) || (i == 1 && s->top == 0))
			continue;
		/* A line too near one drawn already (a small negative part) would blur its amount. */
		for (y = y_of(s, at[i]), j = 0; j < n && (y - drawn[j] > 140 || drawn[j] - y > 140); j++)
			;
		if (j < n)
			continue;
		drawn[n++] = y;
		rt_buf_addf(b, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"", LEFT, RIGHT);
		tenths(b, y_of(s, at[i]));
		rt_buf_adds(b, "\" y2=\"");
		tenths(b, y_of(s, at[i]));
		rt_buf_addf(b, "\"/><text class=\"axis\" x=\"%d\" y=\"", LEFT - 6);
		tenths(b, y_of(s, at[i]) + 35);
		rt_buf_adds(b, "\" text-anchor=\"end\">");
		rt_chart_money(b, (int64_t)at[i], currency);
		rt_buf_adds(b, "</text>");
	}
}

static void
bar(struct rt_buf *b, const struct scale *s, long long x, long long w, __int128 from, __int128 to, size_t i,
    const struct rt_chart_stack *st, const char *month, int64_t v, const char *currency)
{
	long long y1 = y_of(s, to > from ? to : from), y2 = y_of(s, to > from ? from : to);

	rt_buf_adds(b, "<rect class=\"bar\" x=\"");
	tenths(b, x);
	rt_buf_adds(b, "\" y=\"");
	tenths(b, y1);
	rt_buf_adds(b, "\" width=\"");
	tenths(b, w);
	rt_buf_adds(b, "\" height=\"");
	tenths(b, y2 - y1);
	rt_buf_addf(b,
	    "\" fill=\"%s\" data-source=\"%s\" data-month=\"%s\" data-minor=\"%lld\"><title>%s %s: ",
	    rt_chart_color(i, st->source), st->source, month, (long long)v, st->title, month);
	rt_chart_money(b, v, currency);
	rt_buf_adds(b, "</title></rect>");
}

/*
 * Revenue per month, a bar per month stacked by source: positive nets go up
 * from zero, negative ones down, so a month of refunds shows as what it is.
 * months are "YYYY-MM"; stacks[j].v[i] is source j's net in month i.
 */
void
rt_chart_months(struct rt_buf *b, const char *currency, const char *const *months, size_t nbars,
    const struct rt_chart_stack *stacks, size_t nstacks)
{
	__int128 hi = 0, lo = 0, up, down, v;
	struct scale s;
	long long slot, x;
	size_t i, j;
	int m;

	for (i = 0; i < nbars; i++) {
		for (up = down = 0, j = 0; j < nstacks; j++)
			*(stacks[j].v[i] > 0 ? &up : &down) += stacks[j].v[i];
		hi = up > hi ? up : hi;
		lo = down < lo ? down : lo;
	}
	scale_of(&s, hi, lo);
	rt_buf_addf(b,
	    "<svg class=\"chart months\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Revenue per month "
	    "by "
	    "source, %s\">",
	    W, H, currency);
	grid(b, &s, currency);
	slot = nbars > 0 ? (long long)(RIGHT - LEFT) * 10 / (long long)nbars : 0;
	for (i = 0; i < nbars; i++) {
		x = LEFT * 10 + slot * (long long)i + slot / 5;
		for (up = down = 0, j = 0; j < nstacks; j++) {
			if ((v = stacks[j].v[i]) == 0)
				continue;
			bar(b, &s, x, slot * 3 / 5, v > 0 ? up : down, v > 0 ? up + v : down + v, j,
			    &stacks[j], months[i], stacks[j].v[i], currency);
			*(v > 0 ? &up : &down) += v;
		}
		m = (months[i][5] - '0') * 10 + (months[i][6] - '0');
		rt_buf_adds(b, "<text class=\"axis\" x=\"");
		tenths(b, x + slot * 3 / 10);
		rt_buf_addf(b, "\" y=\"%d\" text-anchor=\"middle\">%s</text>", BOTTOM + 18,
		    m >= 1 && m <= 12 ? month_names[m - 1] : months[i]);
	}
	rt_buf_adds(b, "</svg>");
}

/* The x of the day-th day of the year, in tenths. */
static long long
x_of(long long day, int days_in_year)
{
	return LEFT * 10 + day * (RIGHT - LEFT) * 10 / (days_in_year - 1);
}

static void
point(struct rt_buf *b, long long x, long long y)
{
	tenths(b, x);
	rt_buf_addc(b, ',');
	tenths(b, y);
	rt_buf_addc(b, ' ');
}

/*
 * The year to date added up day by day, against the goal's straight-line
 * pace (when the goal is in this currency): cumulative[i] is the net from
 * the first day of the year through day i.
 */
void
rt_chart_pace(struct rt_buf *b, const char *currency, rt_day year_start, int days_in_year,
    const int64_t *cumulative, size_t ndays, const struct rt_goal *goal)
{
	int pace = goal != NULL && goal->set && strcmp(goal->currency, currency) == 0;
	__int128 hi = pace ? goal->amount_minor : 0, lo = 0;
	char label[RT_DATE_BUFSZ];
	struct scale s;
	rt_day d, first, last;
	size_t i;

	for (i = 0; i < ndays; i++) {
		hi = cumulative[i] > hi ? cumulative[i] : hi;
		lo = cumulative[i] < lo ? cumulative[i] : lo;
	}
	scale_of(&s, hi, lo);
	rt_buf_addf(b,
	    "<svg class=\"chart pace\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Year to date against "
	    "the goal's pace, %s\">",
	    W, H, currency);
	grid(b, &s, currency);
	for (d = year_start; d < year_start + days_in_year; d = last + 1) {
		rt_bucket_range(d, RT_BUCKET_MONTH, &first, &last);
		rt_bucket_label(d, RT_BUCKET_MONTH, label);
		rt_buf_adds(b, "<text class=\"axis\" x=\"");
		tenths(b, x_of(d - year_start, days_in_year));
		rt_buf_addf(b, "\" y=\"%d\">%s</text>", BOTTOM + 18,
		    month_names[(label[5] - '0') * 10 + label[6] - '1']);
	}
	if (pace) {
		rt_buf_addf(b, "<line class=\"pace\" data-goal-minor=\"%lld\" x1=\"%d\" y1=\"",
		    (long long)goal->amount_minor, LEFT);
		tenths(b, y_of(&s, 0));
		rt_buf_addf(b, "\" x2=\"%d\" y2=\"", RIGHT);
		tenths(b, y_of(&s, goal->amount_minor));
		rt_buf_adds(b, "\"><title>Goal pace: ");
		rt_chart_money(b, goal->amount_minor, currency);
		rt_buf_adds(b, " by the end of the year</title></line>");
	}
	if (ndays == 0) {
		rt_buf_adds(b, "</svg>");
		return;
	}
	rt_buf_addf(
	    b, "<polyline class=\"ytd\" data-minor=\"%lld\" points=\"", (long long)cumulative[ndays - 1]);
	for (i = 0; i < ndays; i++)
		point(b, x_of((long long)i, days_in_year), y_of(&s, cumulative[i]));
	b->len--;
	rt_buf_adds(b, "\"/><circle class=\"ytd\" r=\"4\" cx=\"");
	tenths(b, x_of((long long)ndays - 1, days_in_year));
	rt_buf_adds(b, "\" cy=\"");
	tenths(b, y_of(&s, cumulative[ndays - 1]));
	rt_buf_adds(b, "\"><title>Year to date ");
	rt_chart_money(b, cumulative[ndays - 1], currency);
	rt_buf_adds(b, "</title></circle></svg>");
}
