/*
 * What rt writes into the tracker's regions (SPEC section 8): the YTD line,
 * the monthly table of sources by month, and the log's rows.  Finding the
 * regions and reading what is there is rt_tracker.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_err.h"
#include "rt_money.h"
#include "rt_table.h"
#include "rt_trackview.h"

/* The YTD region: one line per currency, as SPEC section 8 shows it. */
void
rt_tracker_ytd(struct rt_buf *b, const struct rt_summary *s, const struct rt_goal *goal)
{
	static const struct rt_currency_total none = { "USD", 0, 0, 0, 0, NULL, 0 };
	const struct rt_currency_total *c;
	char m1[RT_MONEY_BUFSZ], m2[RT_MONEY_BUFSZ], m3[RT_MONEY_BUFSZ], d1[RT_DATE_BUFSZ], d2[RT_DATE_BUFSZ];
	size_t i, n = s->ncur > 0 ? s->ncur : 1;

	for (i = 0; i < n; i++) {
		c = s->ncur > 0 ? &s->cur[i] : &none;
		if (i > 0)
			rt_buf_addc(b, '\n');
		rt_buf_addf(b,
		    "**YTD total: %s** (%s, %s..%s) \xc2\xb7 last 30 days %s \xc2\xb7 projected %s",
		    rt_money_display(c->ytd, c->currency, m1, sizeof(m1)), c->currency,
		    rt_date_format(s->year_start, d1), rt_date_format(s->as_of, d2),
		    rt_money_display(c->last30, c->currency, m2, sizeof(m2)),
		    rt_money_display(c->projected, c->currency, m3, sizeof(m3)));
		if (goal != NULL && goal->set && strcmp(goal->currency, c->currency) == 0) {
			rt_buf_addf(b, " \xc2\xb7 goal %s (",
			    rt_money_display(goal->amount_minor, goal->currency, m1, sizeof(m1)));
			rt_pct_format(b, rt_goal_pct(goal, c->ytd));
			rt_buf_adds(b, "%)");
		}
		rt_buf_addc(b, '\n');
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return rt_source_cmp(*(char *const *)a, *(char *const *)b);
}

static int64_t
cell(struct rt_agg *a, struct rt_buf *key, const char *month, const char *source, const char *cur)
{
	uint64_t *slot;

	rt_buf_reset(key);
	rt_key_add(key, RT_KEY_STRING, month, strlen(month));
	rt_key_add(key, RT_KEY_STRING, source, strlen(source));
	rt_key_add(key, RT_KEY_STRING, cur, strlen(cur));
	slot = rt_map_find(&a->map, key->p, key->len);
	return slot != NULL ? a->groups[*slot].m.net : 0;
}

/*
 * The monthly region: a row for each month of the as-of year so far, a
 * column for each source, a total column and a total row; per currency.
 * a is grouped by month,source and clipped to the year so far.
 */
void
rt_tracker_monthly(struct rt_buf *b, struct rt_agg *a, rt_day year_start, rt_day as_of)
{
	struct rt_table t;

	rt_monthly_table(&t, a, year_start, as_of, "**");
	rt_table_render(&t, RT_TABLE_MD, b);
	rt_table_free(&t);
}

/*
 * The monthly table itself, for the tracker and for rt-report: the total
 * row's cells between strong ("**" in markdown, "" in text).
 */
void
rt_monthly_table(struct rt_table *t, struct rt_agg *a, rt_day year_start, rt_day as_of, const char *strong)
{
	char **sources = NULL, (*curs)[4] = NULL, label[RT_MONEY_BUFSZ + 16], month[RT_DATE_BUFSZ], title[64],
	     money[RT_MONEY_BUFSZ];
	struct rt_buf key = { 0 };
	const char *k, *p;
	size_t nsources = 0, ncurs = 0, i, j, n, pn;
	int64_t v, rowsum, *colsum;
	rt_day d, first, last;

	for (i = 0; i < a->ngroups; i++) {
		if (a->groups[i].m.count == 0)
			continue; /* only pending so far: not a column yet */
		k = rt_agg_key(a, &a->groups[i], &n);
		rt_key_part(k, n, 1, &p, &pn);
		for (j = 0; j < nsources && (strlen(sources[j]) != pn || memcmp(sources[j], p, pn) != 0); j++)
			;
		if (j == nsources) {
			sources = rt_erealloc(sources, (nsources + 1) * sizeof(*sources));
			sources[nsources++] = rt_estrndup(p, pn);
		}
		rt_key_part(k, n, 2, &p, &pn);
		for (j = 0; j < ncurs && memcmp(curs[j], p, 3) != 0; j++)
			;
		if (j == ncurs) {
			curs = rt_erealloc(curs, (ncurs + 1) * sizeof(*curs));
			snprintf(curs[ncurs++], 4, "%.3s", p);
		}
	}
	if (nsources > 1)
		qsort(sources, nsources, sizeof(*sources), cmp_str);
	if (ncurs > 1)
		qsort(curs, ncurs, sizeof(*curs), (int (*)(const void *, const void *))strcmp);
	if (ncurs == 0) {
		curs = rt_erealloc(curs, sizeof(*curs));
		snprintf(curs[ncurs++], 4, "USD");
	}
	colsum = rt_ecalloc(nsources + 1, sizeof(*colsum));

	rt_table_init(t, nsources + 2);
	rt_table_adds(t, "Month");
	for (j = 0; j < nsources; j++) {
		rt_table_adds(t, rt_source_title(sources[j], title, sizeof(title)));
		rt_table_right(t, j + 1);
	}
	rt_table_adds(t, "Total");
	rt_table_right(t, nsources + 1);
	for (i = 0; i < ncurs; i++) {
		memset(colsum, 0, (nsources + 1) * sizeof(*colsum));
		for (d = year_start; d <= as_of; d = last + 1) {
			rt_bucket_range(d, RT_BUCKET_MONTH, &first, &last);
			rt_bucket_label(d, RT_BUCKET_MONTH, month);
			snprintf(label, sizeof(label), "%s%s%s", month, ncurs > 1 ? " " : "",
			    ncurs > 1 ? curs[i] : "");
			rt_table_adds(t, label);
			rowsum = 0;
			for (j = 0; j < nsources; j++) {
				v = cell(a, &key, month, sources[j], curs[i]);
				rowsum += v; /* cannot overflow: the year's total fitted */
				colsum[j] += v;
				rt_table_adds(t, rt_money_display(v, curs[i], money, sizeof(money)));
			}
			colsum[nsources] += rowsum;
			rt_table_adds(t, rt_money_display(rowsum, curs[i], money, sizeof(money)));
		}
		snprintf(label, sizeof(label), "%sTotal%s%s%s", strong, ncurs > 1 ? " " : "",
		    ncurs > 1 ? curs[i] : "", strong);
		rt_table_adds(t, label);
		for (j = 0; j <= nsources; j++) {
			rt_money_display(colsum[j], curs[i], money, sizeof(money));
			snprintf(label, sizeof(label), "%s%s%s", strong, money, strong);
			rt_table_adds(t, label);
		}
	}
	for (j = 0; j < nsources; j++)
		free(sources[j]);
	free(sources);
	free(curs);
	free(colsum);
	rt_buf_free(&key);
}

/* One new log row, in the columns of the log's own header. */
void
rt_tracker_log_row(struct rt_buf *b, const struct rt_tracklog *log, const struct rt_tracklog_entry *e)
{
	char money[RT_MONEY_BUFSZ], title[64];
	const char *v;
	size_t i;

	rt_buf_addc(b, '|');
	for (i = 0; i < log->ncols; i++) {
		switch (log->cols[i]) {
		case RT_COL_DATE:
			v = e->date;
			break;
		case RT_COL_ID:
			v = e->id;
			break;
		case RT_COL_SOURCE:
			v = rt_source_title(e->source, title, sizeof(title));
			break;
		case RT_COL_CLIENT:
			v = e->client;
			break;
		case RT_COL_DESCRIPTION:
			v = e->description;
			break;
		case RT_COL_AMOUNT:
			v = rt_money_display(e->amount, e->currency, money, sizeof(money));
			break;
		case RT_COL_CURRENCY:
			v = e->currency;
			break;
		case RT_COL_KIND:
			v = e->kind;
			break;
		case RT_COL_STATUS:
			v = e->status;
			break;
		default:
			v = "";
			break;
		}
		rt_buf_addc(b, ' ');
		rt_md_cell(b, v, strlen(v));
		rt_buf_add(b, " |", 2);
	}
	rt_buf_addc(b, '\n');
}

/* The header and delimiter rows of rt's own log table. */
void
rt_tracker_log_header(struct rt_buf *b)
{
	rt_buf_adds(b,
	    "| Date | ID | Source | Client | Description | Amount |\n"
	    "|---|---|---|---|---|---:|\n");
}
