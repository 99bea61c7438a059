/*
 * The pipeline report for people: leads by status, a table per agent and
 * per platform, the best converters, and the advice of two rules.
 */
#include <stdio.h>
#include <string.h>

#include "rt_err.h"
#include "rt_leads.h"
#include "rt_money.h"

static void
heading(struct rt_buf *b, enum rt_table_format f, int level, const char *text)
{
	if (f == RT_TABLE_MD)
		rt_buf_addf(b, "%.*s %s\n\n", level, "###", text);
	else
		rt_buf_addf(b, level == 1 ? "%s\n\n" : "%s:\n", text);
}

/* part of whole in percent, rounded half away from zero: "38%", or "-" of nothing. */
static void
percent(char *buf, size_t size, long part, long whole)
{
	int64_t pct;

	if (whole == 0 || rt_money_muldiv(part, 100, whole, &pct) == -1)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%lld%%", (long long)pct);
}

static void
addl(struct rt_table *t, long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", v);
	rt_table_adds(t, buf);
}

static void
statuses(struct rt_buf *b, const struct rt_lead_report *r, enum rt_table_format f)
{
	struct rt_table t;
	int i;

	rt_table_init(&t, 2);
	rt_table_right(&t, 1);
	rt_table_adds(&t, "status");
	rt_table_adds(&t, "leads");
	for (i = 0; i < RT_LS_N; i++) {
		rt_table_adds(&t, rt_lead_status_names[i]);
		addl(&t, r->status[i]);
	}
	rt_table_adds(&t, "total");
	addl(&t, r->leads);
	rt_table_render(&t, f, b);
	rt_buf_addc(b, '\n');
	rt_table_free(&t);
}

/* Revenue per currency, never added across them: "$7,500.00, €1,200.00". */
static void
revenue(struct rt_table *t, const struct rt_lead_tally *a)
{
	struct rt_buf cell = { 0 };
	char m[RT_MONEY_BUFSZ];
	size_t i;

	for (i = 0; i < a->nrevenue; i++)
		rt_buf_addf(&cell, "%s%s", i > 0 ? ", " : "",
		    rt_money_display(a->revenue[i].minor, a->revenue[i].currency, m, sizeof(m)));
	rt_table_adds(t, a->nrevenue > 0 ? rt_buf_str(&cell) : "-");
	rt_buf_free(&cell);
}

static void
tallies(struct rt_buf *b, const struct rt_lead_tallies *ts, const char *what, enum rt_table_format f)
{
	static const char *const cols[] = { "leads", "proposals", "closed", "conversion", "revenue",
		"days to close" };
	const struct rt_lead_tally *a;
	struct rt_table t;
	char buf[32];
	int64_t tenths;
	size_t i;

	rt_table_init(&t, 7);
	rt_table_adds(&t, what);
	for (i = 0; i < 6; i++) {
		rt_table_right(&t, i + 1);
		rt_table_adds(&t, cols[i]);
	}
	for (i = 0; i < ts->n; i++) {
		a = &ts->t[i];
		if (a->leads == 0)
			continue;
		rt_table_adds(&t, a->name);
		addl(&t, a->leads);
		addl(&t, a->proposals);
		addl(&t, a->closed);
		percent(buf, sizeof(buf), a->closed, a->leads);
		rt_table_adds(&t, buf);
		revenue(&t, a);
		if (a->closed > 0 && rt_money_muldiv(a->days, 10, a->closed, &tenths) == 0)
			snprintf(buf, sizeof(buf), "%lld.%lld", (long long)(tenths / 10),
			    (long long)(tenths % 10));
		else
			snprintf(buf, sizeof(buf), "-");
		rt_table_adds(&t, buf);
	}
	rt_table_render(&t, f, b);
	rt_buf_addc(b, '\n');
	rt_table_free(&t);
}

static void
best(struct rt_buf *b, const struct rt_lead_tallies *ts, const char *what)
{
	const struct rt_lead_tally *a = rt_lead_best(ts);
	char pct[32];

	if (a == NULL) {
		rt_buf_addf(b, "Best %s: none yet, no lead closed\n", what);
		return;
	}
	percent(pct, sizeof(pct), a->closed, a->leads);
	rt_buf_addf(
	    b, "Best %s: %s, %ld of %ld leads closed (%s)\n", what, a->name, a->closed, a->leads, pct);
}

/* Rule 1: a conversion over 50 % (closed * 2 > leads, exactly) is worth more of the same. */
static int
double_down(struct rt_buf *b, const struct rt_lead_tallies *ts)
{
	const struct rt_lead_tally *a;
	char pct[32];
	size_t i;
	int n = 0;

	for (i = 0; i < ts->n; i++) {
		a = &ts->t[i];
		if (a->leads == 0 || a->closed * 2 <= a->leads)
			continue;
		percent(pct, sizeof(pct), a->closed, a->leads);
		rt_buf_addf(b, "- double down on %s: %ld of %ld leads closed (%s, over 50%%)\n", a->name,
		    a->closed, a->leads, pct);
		n++;
	}
	return n;
}

/* Rule 2: an agent with fewer than 2 leads in the seven days ending on the as-of date needs work. */
static int
activate(struct rt_buf *b, const struct rt_lead_report *r)
{
	char d1[RT_DATE_BUFSZ], d2[RT_DATE_BUFSZ];
	const struct rt_lead_tally *a;
	size_t i;
	int n = 0;

	for (i = 0; i < r->agents.n; i++) {
		a = &r->agents.t[i];
		if (a->week >= 2 || strcmp(a->name, "(none)") == 0)
			continue;
		rt_buf_addf(b, "- activate %s: %ld lead%s in %s..%s (fewer than 2)\n", a->name, a->week,
		    a->week == 1 ? "" : "s", rt_date_format(r->week_from, d1),
		    rt_date_format(r->week_to, d2));
		n++;
	}
	return n;
}

void
rt_lead_report_render(struct rt_buf *b, const struct rt_lead_report *r, int week, enum rt_table_format f)
{
	char d1[RT_DATE_BUFSZ], d2[RT_DATE_BUFSZ], title[128];

	if (week)
		snprintf(title, sizeof(title), "Pipeline, the week %s..%s", rt_date_format(r->from, d1),
		    rt_date_format(r->to, d2));
	else
		snprintf(title, sizeof(title), "Pipeline, every lead to %s", rt_date_format(r->to, d2));
	heading(b, f, 1, title);
	if (f == RT_TABLE_MD)
		heading(b, f, 2, "By status");
	statuses(b, r, f);
	if (f == RT_TABLE_MD)
		heading(b, f, 2, "By agent");
	tallies(b, &r->agents, "agent", f);
	if (f == RT_TABLE_MD)
		heading(b, f, 2, "By platform");
	tallies(b, &r->platforms, "platform", f);
	best(b, &r->agents, "converter");
	if (f == RT_TABLE_MD)
		rt_buf_addc(b, '\n'); /* a paragraph of its own */
	best(b, &r->platforms, "platform");
	rt_buf_addc(b, '\n');
	heading(b, f, 2, "Recommendations");
	if (double_down(b, &r->agents) + double_down(b, &r->platforms) + activate(b, r) == 0)
		rt_buf_adds(b, "- none\n");
}
