/*
 * The year-to-date snapshot, per currency, and the goal it is measured
 * against (SPEC section 2, Aggregates), built on rt_agg's groups.
 */
#ifndef RT_SUMMARY_H
#define RT_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "rt_agg.h"
#include "rt_buf.h"
#include "rt_date.h"
#include "rt_record.h"

struct rt_goal {
	int set;
	char currency[4];
	int64_t amount_minor;
};

struct rt_source_total {
	char *source;
	int64_t ytd;
};

struct rt_currency_total {
	char currency[4];
	int64_t ytd, last30, projected, pending;
	struct rt_source_total *sources;
	size_t nsources;
};

struct rt_summary {
	rt_day as_of, year_start;
	int days_elapsed, days_in_year;
	struct rt_agg ytd; /* by source, clipped to the year so far */
	struct rt_agg last30; /* clipped to the 30 days ending on as_of */
	char (*seen)[4]; /* every currency in the input */
	size_t nseen;
	struct rt_currency_total *cur; /* filled by rt_summary_finish, by currency code */
	size_t ncur;
};

void rt_summary_init(struct rt_summary *s, rt_day as_of);
void rt_summary_free(struct rt_summary *s);
int rt_summary_add(struct rt_summary *s, const struct rt_record *r, char *why, size_t whysz);
int rt_summary_finish(struct rt_summary *s, char *why, size_t whysz);
const struct rt_currency_total *rt_summary_currency(const struct rt_summary *s, const char *code);
void rt_summary_json(struct rt_buf *b, const struct rt_summary *s, const struct rt_goal *goal);
int rt_goal_parse(struct rt_goal *g, const char *text);
__int128 rt_goal_pct(const struct rt_goal *g, int64_t ytd);
void rt_pct_format(struct rt_buf *b, __int128 hundredths);

#endif
