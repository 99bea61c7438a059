/*
 * The revenue dashboard: what rt-dashboard gathers from the records (the
 * views' totals, the year's days, each source's rhythm, the latest
 * records) and the self-contained HTML page it writes from them.
 */
#ifndef RT_DASH_H
#define RT_DASH_H

#include <stddef.h>
#include <stdint.h>

#include "rt_agg.h"
#include "rt_buf.h"
#include "rt_daily.h"
#include "rt_record.h"
#include "rt_view.h"

#define RT_DASH_RECENT 20 /* rows in the table of the latest records */
#define RT_DASH_MAXCUR 6 /* currencies with figures and charts; the others are named */
#define RT_DASH_MAXSOURCES 8 /* sources in a chart; the rest are one "Other" */
#define RT_DASH_MAXPILLS 40 /* source pills; the rest are counted */
#define RT_DASH_RHYTHM 90 /* days of history a source's usual rhythm is taken from */

/* A record as the table shows it: its fields, cut to a length a page can hold. */
struct rt_dash_row {
	rt_day date;
	int64_t ts; /* INT64_MIN when it has none */
	uint64_t seq; /* its place in the input */
	int64_t amount;
	char *text; /* id, source, client, description, currency, kind, status: NUL after each */
};

/* What the page says about a source beside its year to date. */
enum rt_dash_health { RT_DASH_OK, RT_DASH_STALE, RT_DASH_FAILED };

struct rt_dash_source {
	const char *source;
	enum rt_dash_health health;
	rt_day last; /* its newest record date, INT32_MIN when none */
	int quiet_after; /* days without a record after which it is stale */
};

struct rt_dash_options {
	const char *title;
	struct rt_goal goal;
	char **failed; /* sources whose last fetch failed */
	size_t nfailed;
	int stale_days; /* the least quiet a source may have before it is stale */
	int64_t max_age; /* seconds after which the page says Stale */
	int poll; /* seconds between fetches of snapshot.json; 0: never */
};

struct rt_dash {
	struct rt_dash_options opt;
	rt_day as_of;
	int64_t now; /* the snapshot's time */
	struct rt_view view; /* the year to date, last 30 days and months by source */
	struct rt_daily days; /* by source and currency, the year so far and the last RT_DASH_RHYTHM days */
	struct rt_dash_row recent[RT_DASH_RECENT]; /* newest first */
	size_t nrecent;
	uint64_t seq;
	struct rt_dash_source *sources; /* filled by rt_dash_finish, in tracker order */
	size_t nsources;
};

void rt_dash_init(struct rt_dash *dash, const struct rt_dash_options *opt, rt_day as_of, int64_t now);
void rt_dash_free(struct rt_dash *dash);
int rt_dash_add(struct rt_dash *dash, const struct rt_record *rec, char *why, size_t whysz);
int rt_dash_finish(struct rt_dash *dash, char *why, size_t whysz);
void rt_dash_page(struct rt_buf *b, struct rt_dash *dash);
void rt_dash_charts(
    struct rt_buf *b, struct rt_dash *dash, const char *const *currencies, size_t ncurrencies);

/* The charts, drawn as inline SVG (rt_chart.c). */
struct rt_chart_stack {
	const char *source; /* the data-source attribute; "other" for the rest */
	const char *title; /* the name people read */
	const int64_t *v; /* one value per bar */
};

void rt_chart_months(struct rt_buf *b, const char *currency, const char *const *months, size_t nbars,
    const struct rt_chart_stack *stacks, size_t nstacks);
const char *rt_chart_color(size_t i, const char *source);
void rt_chart_pace(struct rt_buf *b, const char *currency, rt_day year_start, int days_in_year,
    const int64_t *cumulative, size_t ndays, const struct rt_goal *goal);
void rt_chart_money(struct rt_buf *b, int64_t v, const char *currency);

#endif
