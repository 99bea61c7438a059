/*
 * Aggregation shared by rt-aggregate and rt-md-update: totals per group and
 * currency (SPEC section 2, Aggregates) and the year-to-date snapshot.
 */
#ifndef RT_AGG_H
#define RT_AGG_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"
#include "rt_date.h"
#include "rt_map.h"
#include "rt_record.h"

#define RT_AGG_MAXDIMS 16

struct rt_measures {
	int64_t count; /* completed records that touch the group */
	int64_t gross, refunds, fees, chargebacks, adjustments, net, pending;
};

struct rt_dim {
	int is_time;
	enum rt_bucket bucket;
	char *field;
	size_t fieldlen;
};

struct rt_group {
	uint64_t keyoff; /* into the map's key arena */
	uint32_t keylen;
	struct rt_measures m;
};

struct rt_agg {
	struct rt_dim dims[RT_AGG_MAXDIMS];
	int ndims;
	int timedim; /* index of the time dimension, or -1 */
	int clip; /* count only the days since..until */
	rt_day since, until;
	struct rt_map map;
	struct rt_group *groups;
	size_t ngroups, cap;
	struct rt_buf key;
};

int rt_agg_init(struct rt_agg *, const char *, char *, size_t);
void rt_agg_free(struct rt_agg *);
void rt_agg_clip(struct rt_agg *, rt_day, rt_day);
int rt_agg_add(struct rt_agg *, const struct rt_record *, char *, size_t);
void rt_agg_sort(struct rt_agg *);
const char *rt_agg_key(const struct rt_agg *, const struct rt_group *, size_t *);
const char *rt_dim_name(const struct rt_dim *);

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

void rt_summary_init(struct rt_summary *, rt_day);
void rt_summary_free(struct rt_summary *);
int rt_summary_add(struct rt_summary *, const struct rt_record *, char *, size_t);
int rt_summary_finish(struct rt_summary *, char *, size_t);
const struct rt_currency_total *rt_summary_currency(const struct rt_summary *, const char *);
void rt_summary_json(struct rt_buf *, const struct rt_summary *, const struct rt_goal *);
int rt_goal_parse(struct rt_goal *, const char *);
int64_t rt_goal_pct(const struct rt_goal *, int64_t);
void rt_pct_format(struct rt_buf *, int64_t);

#endif
